"""The analysts' filters, checked: a wrong one is an InvalidRequest (a 422 from the API)."""

from __future__ import annotations

from datetime import date, timedelta

from core.errors import InvalidRequest
from demand.figures.queries import Filters
from knowledge.area import load_area
from knowledge.taxonomy import load_taxonomy

DEFAULT_PERIOD_DAYS = 365


def area_choices() -> list[str]:
    """What the area filter may be: a Hartlepool postcode district, or a ward."""
    area = load_area()
    return [d.code for d in area.districts] + sorted(w.name for w in area.wards)


def demand_filters(
    today: date,
    start: date | None = None,
    end: date | None = None,
    channel: str | None = None,
    area: str | None = None,
    priority: str | None = None,
) -> Filters:
    """The filters to count with; a missing period is the year up to `end` (or today)."""
    end = end or today
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS)
    if start > end:
        raise InvalidRequest("The start date must be on or before the end date.")
    if priority and load_taxonomy().priority(priority) is None:
        raise InvalidRequest("The 'priority' filter is not one of the priorities.")
    if area and area not in area_choices():
        raise InvalidRequest("The 'area' filter is not a Hartlepool district or ward.")
    return Filters(start, end, channel, area or None, priority)
