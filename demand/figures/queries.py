"""What to count, and the counting, done in the database.

Counting takes three queries: periods by priority, the other breakdowns
together (their groups are bounded by the taxonomy and the areas, not by the
number of events), and distinct conversations. A dashboard over a million
events never loads the events themselves.

Dates are UK dates: a filter's start and end days and the weeks and months of
the over-time table follow Europe/London, summer time included. Events are
stored to the UTC hour, and the only hour that changes day in summer is 23:00
UTC (midnight in the UK), so SQLite's conversion below needs no time zone data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from core.clock import LONDON
from demand.models import DemandEvent

GRANULARITIES = ("week", "month")

# Events counted by a combination of keys.
Counts = Counter[tuple[Any, ...]]
Where = list[ColumnElement[bool]]


@dataclass(frozen=True)
class Filters:
    """What to count. Dates are UK dates and both ends are included."""

    start: date | None = None
    end: date | None = None
    channel: str | None = None  # 'web' | 'hub'
    area: str | None = None
    priority: str | None = None  # primary priority id


def conditions(filters: Filters) -> Where:
    """The filters as SQL conditions on the demand log."""
    hour = DemandEvent.occurred_hour
    where = []
    if filters.start:
        where.append(hour >= _uk_midnight(filters.start))
    if filters.end:
        where.append(hour < _uk_midnight(filters.end + timedelta(days=1)))
    for column, value in (
        (DemandEvent.channel, filters.channel),
        (DemandEvent.area, filters.area),
        (DemandEvent.priority_id, filters.priority),
    ):
        if value is not None:
            where.append(column == value)
    return where


def count_periods(db: Session, where: Where, granularity: str) -> Counts:
    """Events by (UK period, priority id); periods as `_period_key` gives them."""
    periods = _count(db, where, _period_expression(db, granularity), DemandEvent.priority_id)
    return Counter(
        {(_period_key(p, granularity), priority): n for (p, priority), n in periods.items()}
    )


def count_breakdowns(db: Session, where: Where) -> Counts:
    """Events by (channel, area, need id, outcome), to be summed with `project`."""
    # Channel first: grouping by need_id first makes SQLite walk the need index
    # and fetch every row out of order, which is slower than a scan and a sort.
    return _count(
        db, where, DemandEvent.channel, DemandEvent.area, DemandEvent.need_id, DemandEvent.outcome
    )


def project(counts: Counts, *positions: int) -> Counts:
    """Counts summed over the keys not in `positions`."""
    projected: Counts = Counter()
    for key, n in counts.items():
        projected[tuple(key[i] for i in positions)] += n
    return projected


def count_conversations(db: Session, where: Where) -> int:
    """Distinct conversations among the events."""
    # Counting grouped keys is several times faster on SQLite than COUNT(DISTINCT).
    keys = select(DemandEvent.conversation_key).where(*where).group_by(DemandEvent.conversation_key)
    return db.scalar(select(func.count()).select_from(keys.subquery())) or 0


def count_found_entitlements(db: Session, where: Where) -> Counter[str]:
    """How often finished entitlements checks found each entitlement id.

    Checks are a few in a hundred events, so their id lists are counted here
    rather than unnested in SQL, which SQLite and PostgreSQL spell differently.
    """
    finished = DemandEvent.outcome == "check_completed"
    found: Counter[str] = Counter()
    for ids in db.scalars(select(DemandEvent.entitlement_ids).where(*where, finished)):
        found.update(ids or [])
    return found


def _uk_midnight(day: date) -> datetime:
    """The start of a UK day, in UTC, as events are stored."""
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def _count(db: Session, where: Where, *keys: ColumnElement) -> Counts:
    """Events counted by each combination of `keys`, grouped in the database."""
    # Grouping a subquery's columns keeps PostgreSQL from seeing the bucket
    # expression's bound parameters in SELECT and GROUP BY as different.
    inner = select(*(key.label(f"k{i}") for i, key in enumerate(keys))).where(*where).subquery()
    columns = list(inner.c)
    query = select(*columns, func.count()).group_by(*columns)
    return Counter({tuple(row[:-1]): row[-1] for row in db.execute(query)})


def _period_expression(db: Session, granularity: str) -> ColumnElement[Any]:
    """The UK month or week of each event, in SQL: see `_period_key` for the forms."""
    hour = DemandEvent.occurred_hour
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        # A UK wall-clock timestamp truncated to the month or the Monday; text
        # is made after grouping, as formatting every row costs more than grouping.
        return func.date_trunc(granularity, func.timezone("Europe/London", hour))
    if dialect == "sqlite":
        day = _sqlite_uk_day(hour)
        if granularity == "month":
            return func.substr(day, 1, 7)
        return func.date(day, "-6 days", "weekday 1")  # the Monday on or before
    raise ValueError(f"figures support SQLite and PostgreSQL, not {dialect}")


def _sqlite_uk_day(hour: ColumnElement[datetime]) -> ColumnElement[str]:
    """The UK date of a UTC hour: the next day for 23:00 UTC in summer time.

    Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC
    on the last Sunday of October (the UK rule since 1996).
    """
    # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff"; slicing it is faster than parsing.
    day = func.substr(hour, 1, 10)
    year = func.substr(hour, 1, 4)
    summer_midnight = and_(
        func.substr(hour, 12, 2) == "23",
        day >= func.date(year.concat("-03-31"), "-6 days", "weekday 0"),
        day < func.date(year.concat("-10-31"), "-6 days", "weekday 0"),
    )
    return case((summer_midnight, func.date(hour, "+1 day")), else_=day)


def _period_key(value: str | datetime, granularity: str) -> str:
    """A period as "2026-11" (month) or its Monday "2026-11-16" (week), from either database."""
    text = value.date().isoformat() if isinstance(value, datetime) else value
    return text[:7] if granularity == "month" else text
