"""Hartlepool's clock: opening times, dates on pages and State Pension age all use it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_now() -> datetime:
    """Now, on the clock residents and staff read."""
    return datetime.now(LONDON)


def london_today() -> date:
    """Today's date in Hartlepool."""
    return london_now().date()
