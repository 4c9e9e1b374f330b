"""The figures analysts see: counts of requests from the demand log, suppressed.

Every count goes through demand/suppression.py before it leaves this module, so
a table, its CSV and its JSON all show the same "<5" and "[c]" cells.

Counting is done in the database, in three queries: periods by priority, the
other breakdowns together (their groups are bounded by the taxonomy and the
areas, not by the number of events), and distinct conversations. A dashboard
over a million events never loads the events themselves.

Dates are UK dates: a filter's start and end days and the weeks and months of
the over-time table follow Europe/London, summer time included. Events are
stored to the UTC hour, and the only hour that changes day in summer is 23:00
UTC (midnight in the UK), so SQLite's conversion below needs no time zone data.

Tables that share a total are kept consistent: the priority table is the
over-time table's row of totals, suppressed once, and a total hidden in one
table is hidden in the others.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from core.clock import LONDON
from demand.models import CHANNELS, DemandEvent
from demand.suppression import (
    HIDDEN,
    is_small,
    shown,
    small_label,
    suppress_counts,
    suppression_mask,
    with_margins,
)
from knowledge.entitlements.ruleset import load_ruleset
from knowledge.taxonomy import load_taxonomy

GRANULARITIES = ("week", "month")
UNMET_TOP = 10
PERIOD_NOTES = {"week": "Weeks start on Monday, UK time.", "month": "Months are in UK time."}

CHANNEL_LABELS = {"web": "Website", "hub": "Community hub"}
OUTCOME_LABELS = {
    "signposted": "Shown where to get help",
    "check_completed": "Finished an entitlements check",
    "handoff": "Asked to talk to a person",
    "no_match": "Not understood",
    "crisis": "Emergency reply",
    "degraded": "Assistant unavailable",
}
NO_PRIORITY = "Not known"
NO_NEED = "Not understood"
NO_AREA = "Not given"
NO_GUESS = "No guess"
OTHER = "Other"
TOTAL = "Total"
REQUESTS = "Requests"


@dataclass(frozen=True)
class Filters:
    """What to count. Dates are UK dates and both ends are included."""

    start: date | None = None
    end: date | None = None
    channel: str | None = None  # 'web' | 'hub'
    area: str | None = None
    priority: str | None = None  # primary priority id


@dataclass(frozen=True)
class Table:
    """One table as shown: counts after suppression are an int, "<5" or "[c]"."""

    id: str
    title: str
    columns: list[str]  # header labels; the first heads the row labels
    rows: list[list[str | int]]  # first cell is the row label
    total_row: list[str | int] | None  # "Total" row, or None when there are no rows
    note: str | None = None


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    granularity: str  # "week" | "month"
    threshold: int
    events: int | str  # requests counted ("<5" if small)
    conversations: int | str  # distinct conversations ("<5" if small)
    unmet_share: str | None  # share not understood, e.g. "12%"; None if hidden or no events
    tables: list[Table]


# A row before display: label, true count, whether it is hidden.
_Row = tuple[str, int, bool]


def dashboard(
    db: Session, filters: Filters, *, granularity: str = "month", threshold: int = 5
) -> Dashboard:
    """Count the demand log under `filters` and suppress small numbers."""
    _check(filters, granularity, threshold)
    where = _conditions(filters)
    periods = Counter(
        {
            (_period_key(period, granularity), priority): n
            for (period, priority), n in _count(
                db, where, _period_expression(db, granularity), DemandEvent.priority_id
            ).items()
        }
    )
    # Channel first: grouping by need_id first makes SQLite walk the need index
    # and fetch every row out of order, which is slower than a scan and a sort.
    facts = _count(
        db, where, DemandEvent.channel, DemandEvent.area, DemandEvent.need_id, DemandEvent.outcome
    )
    needs_outcomes = _project(facts, 2, 3)
    channels_areas = _project(facts, 0, 1)
    conversations = _count_conversations(db, where)

    over_time, by_priority, events, events_hidden = _over_time(periods, granularity, threshold)
    by_outcome, no_match_hidden = _by_outcome(needs_outcomes, threshold, events_hidden)
    by_need = _by_need(needs_outcomes, threshold, events_hidden)
    tables = [
        over_time,
        by_priority,
        by_need,
        _by_measure(needs_outcomes, threshold, by_need),
        *_by_channel_and_area(channels_areas, threshold, events_hidden),
        by_outcome,
        _unmet_by_need(needs_outcomes, threshold, no_match_hidden),
        _found_by_checks(db, where, threshold),
    ]
    no_match = sum(n for (_, outcome), n in needs_outcomes.items() if outcome == "no_match")
    share_hidden = events_hidden or no_match_hidden
    return Dashboard(
        filters=filters,
        granularity=granularity,
        threshold=threshold,
        events=shown(events, events_hidden, threshold),
        conversations=shown(conversations, is_small(conversations, threshold), threshold),
        unmet_share=None if share_hidden or not events else _percent(no_match, events),
        tables=tables,
    )


def table_as_csv(table: Table) -> str:
    """The table as CSV: header, rows, then the total row; hidden cells as shown."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_safe(c) for c in table.columns])
    for row in [*table.rows, *([table.total_row] if table.total_row else [])]:
        writer.writerow([_csv_safe(c) for c in row])
    return out.getvalue()


def dashboard_as_json(d: Dashboard) -> dict[str, Any]:
    """The dashboard as plain JSON types, with the same suppressed values."""
    filters = asdict(d.filters)
    for key in ("start", "end"):
        filters[key] = filters[key].isoformat() if filters[key] else None
    return {
        "filters": filters,
        "granularity": d.granularity,
        "threshold": d.threshold,
        "events": d.events,
        "conversations": d.conversations,
        "unmet_share": d.unmet_share,
        "tables": [asdict(t) for t in d.tables],
    }


# --- Querying ---------------------------------------------------------------


def _check(filters: Filters, granularity: str, threshold: int) -> None:
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if filters.channel is not None and filters.channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
    if filters.start and filters.end and filters.start > filters.end:
        raise ValueError("the start date must be on or before the end date")


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    hour = DemandEvent.occurred_hour
    conditions = []
    if filters.start:
        conditions.append(hour >= _uk_midnight(filters.start))
    if filters.end:
        conditions.append(hour < _uk_midnight(filters.end + timedelta(days=1)))
    for column, value in (
        (DemandEvent.channel, filters.channel),
        (DemandEvent.area, filters.area),
        (DemandEvent.priority_id, filters.priority),
    ):
        if value is not None:
            conditions.append(column == value)
    return conditions


def _uk_midnight(day: date) -> datetime:
    """The start of a UK day, in UTC, as events are stored."""
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


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


def _count(
    db: Session, where: list[ColumnElement[bool]], *keys: ColumnElement
) -> Counter[tuple[Any, ...]]:
    """Events counted by each combination of `keys`, grouped in the database."""
    # Grouping a subquery's columns keeps PostgreSQL from seeing the bucket
    # expression's bound parameters in SELECT and GROUP BY as different.
    inner = select(*(key.label(f"k{i}") for i, key in enumerate(keys))).where(*where).subquery()
    columns = list(inner.c)
    query = select(*columns, func.count()).group_by(*columns)
    return Counter({tuple(row[:-1]): row[-1] for row in db.execute(query)})


def _project(counts: Counter[tuple[Any, ...]], *positions: int) -> Counter[tuple[Any, ...]]:
    """Counts summed over the keys not in `positions`."""
    projected: Counter[tuple[Any, ...]] = Counter()
    for key, n in counts.items():
        projected[tuple(key[i] for i in positions)] += n
    return projected


def _count_conversations(db: Session, where: list[ColumnElement[bool]]) -> int:
    # Counting grouped keys is several times faster on SQLite than COUNT(DISTINCT).
    keys = select(DemandEvent.conversation_key).where(*where).group_by(DemandEvent.conversation_key)
    return db.scalar(select(func.count()).select_from(keys.subquery())) or 0


# --- Tables -----------------------------------------------------------------


def _over_time(
    counts: Counter[tuple[str, str | None]], granularity: str, threshold: int
) -> tuple[Table, Table, int, bool]:
    """The periods x priorities table, the priority table from its totals, and the total."""
    priorities = load_taxonomy().priorities
    known = [p.id for p in priorities]
    seen = {priority for _, priority in counts}
    unknown = sorted(p for p in seen if p is not None and p not in known)
    keys: list[str | None] = [*known, *unknown, None]
    labels = [p.title for p in priorities] + unknown + [NO_PRIORITY]

    periods = _all_periods({period for period, _ in counts}, granularity)
    full = with_margins([[counts[(p, k)] for k in keys] for p in periods], len(keys))
    mask = suppression_mask(full, threshold)
    grand, grand_hidden = full[-1][-1], mask[-1][-1]

    cells = [
        [shown(v, h, threshold) for v, h in zip(values, hidden, strict=True)]
        for values, hidden in zip(full, mask, strict=True)
    ]
    rows = [[_period_label(p, granularity), *cells[i]] for i, p in enumerate(periods)]
    over_time = Table(
        id="over_time",
        title=f"Requests each {granularity} by council priority",
        columns=[granularity.capitalize(), *labels, TOTAL],
        rows=rows,
        total_row=[TOTAL, *cells[-1]] if rows else None,
        note=_note([*rows, [TOTAL, *cells[-1]]], threshold, PERIOD_NOTES[granularity]),
    )
    # The priority table repeats the row of totals, so it takes that row's mask.
    margin = [(label, full[-1][i], mask[-1][i]) for i, label in enumerate(labels) if full[-1][i]]
    by_priority = _list_table(
        "by_priority",
        "Requests by council priority",
        "Council priority",
        margin,
        total=grand,
        total_hidden=grand_hidden,
        threshold=threshold,
    )
    return over_time, by_priority, grand, grand_hidden


def _by_need(counts: Counter, threshold: int, hide_total: bool) -> Table:
    by_need = _merge((_need_label(need, NO_NEED), n) for (need, _), n in counts.items())
    return _suppressed_table("by_need", "Requests by need", "Need", by_need, threshold, hide_total)


def _by_measure(counts: Counter, threshold: int, by_need: Table) -> Table:
    """Requests whose need informs each measure of success (measures share needs).

    A measure's count is hidden whenever one of its needs' counts is hidden in
    the need table, so no hidden need count can be found by subtraction. There
    is no total: a request can inform more than one measure.
    """
    hidden_needs = {row[0] for row in by_need.rows if isinstance(row[1], str)}
    per_need = _merge((need or "", n) for (need, _), n in counts.items())
    rows: list[_Row] = []
    for measure in load_taxonomy().measures.measures:
        present = [n for n in measure.needs if per_need.get(n)]
        if not present:
            continue
        count = sum(per_need[n] for n in present)
        hides = any(_need_label(n, NO_NEED) in hidden_needs for n in present)
        rows.append((measure.title, count, hides or is_small(count, threshold)))
    return _overlapping_table(
        "by_measure",
        "Requests by the measure of success they inform",
        "Measure of success",
        rows,
        threshold,
        note="A request can inform more than one measure, so there is no total.",
    )


def _found_by_checks(db: Session, where: list[ColumnElement[bool]], threshold: int) -> Table:
    """What finished entitlements checks said residents may get (a check can find several).

    Checks are a few in a hundred events, so their id lists are counted here
    rather than unnested in SQL, which SQLite and PostgreSQL spell differently.
    """
    finished = DemandEvent.outcome == "check_completed"
    found: Counter[str] = Counter()
    for ids in db.scalars(select(DemandEvent.entitlement_ids).where(*where, finished)):
        found.update(ids or [])
    titles = {rule.id: rule.title for rule in load_ruleset().rules}
    rows = [(titles.get(i, i), n, is_small(n, threshold)) for i, n in found.items()]
    return _overlapping_table(
        "found_by_checks",
        "What entitlements checks found",
        "Entitlement",
        rows,
        threshold,
        note="A check can find more than one entitlement, so there is no total.",
    )


def _overlapping_table(
    table_id: str, title: str, header: str, rows: list[_Row], threshold: int, *, note: str
) -> Table:
    """A 1-D table whose rows overlap (one event in several), so it has no total row."""
    table = _list_table(
        table_id, title, header, rows, total=0, total_hidden=False, threshold=threshold, note=note
    )
    return replace(table, total_row=None)


def _by_channel_and_area(counts: Counter, threshold: int, hide_total: bool) -> list[Table]:
    by_channel = _merge((_channel_label(channel), n) for (channel, _), n in counts.items())
    by_area = _merge((_area_label(area), n) for (_, area), n in counts.items())
    return [
        _suppressed_table(
            "by_channel", "Requests by channel", "Channel", by_channel, threshold, hide_total
        ),
        _suppressed_table("by_area", "Requests by area", "Area", by_area, threshold, hide_total),
    ]


def _by_outcome(counts: Counter, threshold: int, hide_total: bool) -> tuple[Table, bool]:
    """The outcome table, and whether its "not understood" count is hidden."""
    by_outcome = _merge((_outcome_label(outcome), n) for (_, outcome), n in counts.items())
    table = _suppressed_table(
        "by_outcome", "Requests by outcome", "Outcome", by_outcome, threshold, hide_total
    )
    label = OUTCOME_LABELS["no_match"]
    hidden = any(row[0] == label and isinstance(row[1], str) for row in table.rows)
    return table, hidden


def _unmet_by_need(counts: Counter, threshold: int, hide_total: bool) -> Table:
    """Needs the assistant guessed at for requests it did not understand: top 10, then Other."""
    guesses = _merge(
        (_need_label(need, NO_GUESS), n)
        for (need, outcome), n in counts.items()
        if outcome == "no_match"
    )
    ranked = sorted(guesses.items(), key=lambda item: (-item[1], item[0]))
    top = dict(ranked[:UNMET_TOP])
    rest = sum(n for _, n in ranked[UNMET_TOP:])
    return _suppressed_table(
        "unmet_by_need",
        "Requests not understood, by the need the assistant thought most likely",
        "Likely need",
        top,
        threshold,
        hide_total,
        other=rest,
        note="The likely need is the assistant's best guess when it was not confident.",
    )


def _suppressed_table(
    table_id: str,
    title: str,
    header: str,
    counts: dict[str, int],
    threshold: int,
    hide_total: bool,
    *,
    other: int = 0,
    note: str | None = None,
) -> Table:
    """A 1-D table of label -> count with its total, suppressed; `other` goes last."""
    labels = list(counts) + ([OTHER] if other else [])
    values = [counts[label] for label in counts] + ([other] if other else [])
    hidden, total_hidden = suppress_counts(values, threshold, hide_total=hide_total)
    rows = list(zip(labels, values, hidden, strict=True))
    return _list_table(
        table_id,
        title,
        header,
        rows,
        total=sum(values),
        total_hidden=total_hidden,
        threshold=threshold,
        note=note,
    )


def _list_table(
    table_id: str,
    title: str,
    header: str,
    rows: Sequence[_Row],
    *,
    total: int,
    total_hidden: bool,
    threshold: int,
    note: str | None = None,
) -> Table:
    """Lay out a 1-D table: biggest shown counts first, then hidden ones by label, Other last.

    Hidden rows are not placed by their true counts: their order would give
    away which hidden number is bigger.
    """

    def order(row: _Row) -> tuple[bool, bool, int, str]:
        label, count, hidden = row
        return (label == OTHER, hidden, -count if not hidden else 0, label)

    shown_rows: list[list[str | int]] = [
        [label, shown(count, hidden, threshold)] for label, count, hidden in sorted(rows, key=order)
    ]
    total_row: list[str | int] | None = (
        [TOTAL, shown(total, total_hidden, threshold)] if shown_rows else None
    )
    return Table(
        id=table_id,
        title=title,
        columns=[header, REQUESTS],
        rows=shown_rows,
        total_row=total_row,
        note=_note([*shown_rows, *([total_row] if total_row else [])], threshold, note),
    )


# --- Labels and helpers -----------------------------------------------------


def _merge(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    merged: Counter[str] = Counter()
    for label, n in pairs:
        merged[label] += n
    return dict(merged)


def _need_label(need_id: str | None, missing: str) -> str:
    if need_id is None:
        return missing
    need = load_taxonomy().need(need_id)
    return need.title if need else need_id


def _outcome_label(outcome: str) -> str:
    return OUTCOME_LABELS.get(outcome, outcome)


def _channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)


def _area_label(area: str | None) -> str:
    return NO_AREA if area is None else area


def _all_periods(keys: set[str], granularity: str) -> list[str]:
    """Every period from the first to the last with events, so gaps show as zeros."""
    if not keys:
        return []
    first, last = min(keys), max(keys)
    if granularity == "week":
        start, end = date.fromisoformat(first), date.fromisoformat(last)
        weeks = (end - start).days // 7
        return [(start + timedelta(weeks=i)).isoformat() for i in range(weeks + 1)]
    (y, m), (end_y, end_m) = (map(int, first.split("-")), map(int, last.split("-")))
    months = []
    while (y, m) <= (end_y, end_m):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _period_key(value: str | datetime, granularity: str) -> str:
    """A period as "2026-11" (month) or its Monday "2026-11-16" (week), from either database."""
    text = value.date().isoformat() if isinstance(value, datetime) else value
    return text[:7] if granularity == "month" else text


def _period_label(key: str, granularity: str) -> str:
    if granularity == "month":
        return key
    year, week, _ = date.fromisoformat(key).isocalendar()
    return f"{year}-W{week:02d}"


def _note(rows: Iterable[Sequence[str | int]], threshold: int, extra: str | None) -> str | None:
    """Explain the symbols a table uses, after any note of its own."""
    cells = {c for row in rows for c in row[1:] if isinstance(c, str)}
    parts = [extra] if extra else []
    small = small_label(threshold)
    if small in cells:
        parts.append(f"{small} means 1 to {threshold - 1} requests, not shown to protect privacy.")
    if HIDDEN in cells:
        parts.append(f"{HIDDEN} means hidden so that a smaller number cannot be worked out.")
    return " ".join(parts) or None


def _percent(part: int, whole: int) -> str:
    share = 100 * part / whole
    return "<1%" if 0 < share < 0.5 else f"{round(share)}%"


def _csv_safe(cell: str | int) -> str | int:
    """Stop a spreadsheet reading a label from the data as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
