"""The whole dashboard: every table from one set of counts, and the headline figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from demand.figures import tables
from demand.figures.layout import Table
from demand.figures.queries import (
    GRANULARITIES,
    Filters,
    conditions,
    count_breakdowns,
    count_conversations,
    count_found_entitlements,
    count_periods,
    project,
)
from demand.models import CHANNELS
from demand.suppression import is_small, shown


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    granularity: str  # "week" | "month"
    threshold: int
    events: int | str  # requests counted ("<5" if small)
    conversations: int | str  # distinct conversations ("<5" if small)
    unmet_share: str | None  # share not understood, e.g. "12%"; None if hidden or no events
    tables: list[Table]


def dashboard(
    db: Session, filters: Filters, *, granularity: str = "month", threshold: int = 5
) -> Dashboard:
    """Count the demand log under `filters` and suppress small numbers."""
    _check(filters, granularity, threshold)
    where = conditions(filters)
    periods = count_periods(db, where, granularity)
    breakdowns = count_breakdowns(db, where)
    needs_outcomes = project(breakdowns, 2, 3)
    conversations = count_conversations(db, where)

    over_time, by_priority, events, events_hidden = tables.over_time(
        periods, granularity, threshold
    )
    # A total hidden in one table is hidden in the others, so none gives it away.
    by_outcome, no_match_hidden = tables.by_outcome(needs_outcomes, threshold, events_hidden)
    by_need = tables.by_need(needs_outcomes, threshold, events_hidden)
    shown_tables = [
        over_time,
        by_priority,
        by_need,
        tables.by_measure(needs_outcomes, threshold, by_need),
        *tables.by_channel_and_area(project(breakdowns, 0, 1), threshold, events_hidden),
        by_outcome,
        tables.unmet_by_need(needs_outcomes, threshold, no_match_hidden),
        tables.found_by_checks(count_found_entitlements(db, where), threshold),
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
        tables=shown_tables,
    )


def _check(filters: Filters, granularity: str, threshold: int) -> None:
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if filters.channel is not None and filters.channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}")
    if filters.start and filters.end and filters.start > filters.end:
        raise ValueError("the start date must be on or before the end date")


def _percent(part: int, whole: int) -> str:
    share = 100 * part / whole
    return "<1%" if 0 < share < 0.5 else f"{round(share)}%"
