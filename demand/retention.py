"""Deleting demand data once it is older than the council keeps it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete

from core.db import get_engine
from demand.models import DemandEvent, UnmetDemandSample


@dataclass(frozen=True)
class Deleted:
    events: int
    samples: int


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the last day)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month)


def delete_expired(
    database_url: str, *, months: int, sample_days: int, now: datetime | None = None
) -> Deleted:
    """Delete events older than `months` and samples older than `sample_days`."""
    now = now or datetime.now(UTC)
    event_cutoff = months_before(now, months)
    sample_cutoff = now - timedelta(days=sample_days)
    with get_engine(database_url).begin() as connection:
        events = connection.execute(
            delete(DemandEvent).where(DemandEvent.occurred_hour < event_cutoff)
        )
        samples = connection.execute(
            delete(UnmetDemandSample).where(UnmetDemandSample.occurred_hour < sample_cutoff)
        )
    return Deleted(events=events.rowcount, samples=samples.rowcount)
