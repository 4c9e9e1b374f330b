"""Opening hours in plain English, and whether a service is open now.

Times are wall-clock times in Hartlepool (Europe/London), so a 9am opening
stays 9am in both GMT and BST. Each opening session belongs to the day it
starts: a Friday 22:00 to 02:00 row is open until 2am on Saturday morning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Protocol

import yaml

from core.clock import LONDON

BANK_HOLIDAYS_FILE = Path(__file__).parent / "content" / "calendar" / "bank_holidays.yml"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = date.weekday()
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

OPEN_ALL_DAY = "Open 24 hours"
OPEN_ALL_WEEK = "Open 24 hours, every day"
NOT_KNOWN = "Opening times not known: check before you go"

Session = tuple[time, time]  # (opens, closes); closes < opens means the next morning


class ScheduleLike(Protocol):
    """Anything shaped like knowledge.models.Schedule."""

    @property
    def byday(self) -> str: ...
    @property
    def opens_at(self) -> time: ...
    @property
    def closes_at(self) -> time: ...


def load_bank_holidays(path: Path = BANK_HOLIDAYS_FILE) -> dict[date, str]:
    """England and Wales bank holidays, date to name (the file is read once).

    Services are treated as closed on bank holidays unless open_24_7, because
    most council services close then. We cannot be sure of each one, so the
    card says "check before you go" on a bank holiday. Dates outside the
    years in the file are treated as ordinary days.
    """
    return dict(_read_bank_holidays(path))  # a copy, so callers cannot change the cache


@cache
def _read_bank_holidays(path: Path) -> tuple[tuple[date, str], ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    holidays = tuple((entry["date"], entry["name"]) for entry in data["bank_holidays"])
    for day, name in holidays:
        # A weekend date means the substitute day was missed.
        if not isinstance(day, date) or day.weekday() >= 5:
            raise ValueError(f"{path.name}: {name} on {day} is not a weekday date")
    return holidays


def is_open(
    schedules: Sequence[ScheduleLike],
    open_24_7: bool,
    at: datetime,
    bank_holidays: Mapping[date, str],
) -> bool | None:
    """Whether the service is open at `at` (timezone-aware); None if not known.

    A session that starts on a bank holiday does not happen. A session that
    starts the evening before one runs as usual, past midnight into it.
    """
    if open_24_7:
        return True
    if not schedules:
        return None
    local = _london(at)
    now, today = local.time(), local.date()
    if any(_covers(s, now) for s in _sessions_on(schedules, today, bank_holidays)):
        return True
    yesterday = today - timedelta(days=1)
    return any(now < closes for closes in _overnight_ends(schedules, yesterday, bank_holidays))


def opening_today(
    schedules: Sequence[ScheduleLike],
    open_24_7: bool,
    at: datetime,
    bank_holidays: Mapping[date, str],
) -> str:
    """Today's hours for a resident, e.g. "Open today 9am to 5pm"."""
    if open_24_7:
        return OPEN_ALL_DAY
    if not schedules:
        return NOT_KNOWN
    local = _london(at)
    today = _today_text(schedules, local.date(), bank_holidays)
    # Still inside last night's session: say so, or "Closed today" would mislead.
    yesterday = local.date() - timedelta(days=1)
    ends = [c for c in _overnight_ends(schedules, yesterday, bank_holidays) if local.time() < c]
    if ends:
        return f"Open now until {format_time(max(ends))}, then {today}"
    return today[0].upper() + today[1:]


def describe_schedules(schedules: Iterable[ScheduleLike], open_24_7: bool) -> list[str]:
    """Weekly hours, one line per group of days with the same hours.

    e.g. ["Monday to Friday: 9am to 5pm", "Saturday: 9am to 3pm"]. Days with
    no hours are left out; no schedules at all gives an empty list.
    """
    if open_24_7:
        return [OPEN_ALL_WEEK]
    groups: dict[str, list[int]] = {}
    for code, hours in hours_by_day(schedules, open_24_7).items():
        groups.setdefault(hours, []).append(DAY_CODES.index(code))
    return [f"{_days_text(days)}: {hours}" for hours, days in groups.items()]


def hours_by_day(schedules: Iterable[ScheduleLike], open_24_7: bool) -> dict[str, str]:
    """Each day's hours by day code, e.g. {"MO": "9am to 5pm"}, Monday first.

    Days with no hours are left out, so {} means not known. An overnight
    session is listed on the day it starts.
    """
    if open_24_7:
        return dict.fromkeys(DAY_CODES, "24 hours")
    by_day = _sessions_by_day(schedules)
    return {DAY_CODES[day]: _sessions_text(s) for day, s in enumerate(by_day) if s}


def format_time(value: time) -> str:
    """9am, 8:30am, noon, midnight, 5:15pm."""
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    if value.hour == 12 and value.minute == 0:
        return "noon"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def _london(at: datetime) -> datetime:
    # A naive time would silently be read as the server's own zone.
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be timezone-aware")
    return at.astimezone(LONDON)


def _row_days(row: ScheduleLike) -> set[int]:
    codes = [code.strip().upper() for code in row.byday.split(",") if code.strip()]
    unknown = [code for code in codes if code not in DAY_CODES]
    if unknown:
        raise ValueError(f"unknown day code(s) in byday {row.byday!r}: {unknown}")
    return {DAY_CODES.index(code) for code in codes}


def _sessions_by_day(schedules: Iterable[ScheduleLike]) -> list[tuple[Session, ...]]:
    days: list[set[Session]] = [set() for _ in range(7)]
    for row in schedules:
        for day in _row_days(row):
            days[day].add((row.opens_at, row.closes_at))
    return [tuple(sorted(sessions)) for sessions in days]


def _sessions_on(
    schedules: Sequence[ScheduleLike], day: date, bank_holidays: Mapping[date, str]
) -> tuple[Session, ...]:
    """Sessions that start on `day` (none on a bank holiday)."""
    if day in bank_holidays:
        return ()
    return _sessions_by_day(schedules)[day.weekday()]


def _overnight_ends(
    schedules: Sequence[ScheduleLike], day: date, bank_holidays: Mapping[date, str]
) -> list[time]:
    """Closing times, the next morning, of overnight sessions starting on `day`."""
    return [c for o, c in _sessions_on(schedules, day, bank_holidays) if c < o]


def _covers(session: Session, now: time) -> bool:
    """Whether `now` is in the part of a session on its own start day."""
    opens, closes = session
    return opens <= now and (closes < opens or now < closes)


def _today_text(
    schedules: Sequence[ScheduleLike], today: date, bank_holidays: Mapping[date, str]
) -> str:
    """Lower case, so it can follow "Open now until 2am, then"."""
    if today in bank_holidays:
        return "closed today (bank holiday): check before you go"
    sessions = _sessions_on(schedules, today, bank_holidays)
    return f"open today {_sessions_text(sessions)}" if sessions else "closed today"


def _sessions_text(sessions: Sequence[Session]) -> str:
    return " and ".join(f"{format_time(o)} to {format_time(c)}" for o, c in sessions)


def _days_text(days: list[int]) -> str:
    """[0, 1, 2, 3, 4, 6] -> "Monday to Friday and Sunday"."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[day] for day in run)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
