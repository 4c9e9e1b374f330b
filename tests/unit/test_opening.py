"""Opening hours: open now, today's hours and weekly hours, in Hartlepool time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from core.clock import LONDON
from knowledge.models import Schedule
from knowledge.opening import (
    BANK_HOLIDAYS_FILE,
    NOT_KNOWN,
    describe_schedules,
    format_time,
    hours_by_day,
    is_open,
    load_bank_holidays,
    opening_today,
)

HOLIDAYS = load_bank_holidays()


@dataclass(frozen=True)
class Row:
    byday: str
    opens_at: time
    closes_at: time


def row(byday: str, opens: str, closes: str) -> Row:
    return Row(byday, time.fromisoformat(opens), time.fromisoformat(closes))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


WEEKDAYS = [row("MO,TU,WE,TH,FR", "09:00", "17:00")]
FRIDAY_NIGHT = [row("FR", "22:00", "02:00")]
SUNDAY_NIGHT = [row("SU", "22:00", "02:00")]


# Bank holidays


def test_bank_holidays_are_the_published_dates() -> None:
    assert load_bank_holidays() == {
        date(2026, 1, 1): "New Year's Day",
        date(2026, 4, 3): "Good Friday",
        date(2026, 4, 6): "Easter Monday",
        date(2026, 5, 4): "Early May bank holiday",
        date(2026, 5, 25): "Spring bank holiday",
        date(2026, 8, 31): "Summer bank holiday",
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 28): "Boxing Day (substitute day)",
        date(2027, 1, 1): "New Year's Day",
        date(2027, 3, 26): "Good Friday",
        date(2027, 3, 29): "Easter Monday",
        date(2027, 5, 3): "Early May bank holiday",
        date(2027, 5, 31): "Spring bank holiday",
        date(2027, 8, 30): "Summer bank holiday",
        date(2027, 12, 27): "Christmas Day (substitute day)",
        date(2027, 12, 28): "Boxing Day (substitute day)",
    }


def test_every_bank_holiday_is_a_weekday() -> None:
    raw = yaml.safe_load(BANK_HOLIDAYS_FILE.read_text(encoding="utf-8"))
    days = [entry["date"] for entry in raw["bank_holidays"]]
    assert len(days) == len(set(days)) == 16
    assert all(day.weekday() < 5 for day in days)


@pytest.mark.parametrize("year", [2026, 2027])
def test_may_and_august_holidays_follow_the_rules(year: int) -> None:
    mondays = [d for d in HOLIDAYS if d.year == year and d.weekday() == 0]
    may = [d for d in mondays if d.month == 5]
    august = [d for d in mondays if d.month == 8]
    assert may[0].day <= 7  # first Monday in May
    assert may[1].day > 31 - 7  # last Monday in May
    assert august[0].day > 31 - 7  # last Monday in August


def test_good_friday_and_easter_monday_surround_easter_sunday() -> None:
    for easter in (date(2026, 4, 5), date(2027, 3, 28)):
        assert HOLIDAYS[easter - timedelta(days=2)] == "Good Friday"
        assert HOLIDAYS[easter + timedelta(days=1)] == "Easter Monday"


def test_a_weekend_bank_holiday_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bank_holidays.yml"
    path.write_text("bank_holidays:\n  - {date: 2026-12-26, name: Boxing Day}\n")
    with pytest.raises(ValueError, match="Boxing Day"):
        load_bank_holidays(path)


def test_callers_cannot_change_the_cached_holidays() -> None:
    load_bank_holidays().clear()
    assert len(load_bank_holidays()) == 16


# Open now


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-12-01T08:59", False),  # Tuesday, GMT: London time is UTC
        ("2026-12-01T09:00", True),
        ("2026-12-01T16:59", True),
        ("2026-12-01T17:00", False),
        ("2026-07-01T07:59", False),  # Wednesday, BST: London is UTC + 1
        ("2026-07-01T08:00", True),  # 9am in London
        ("2026-07-01T15:59", True),
        ("2026-07-01T16:00", False),  # 5pm in London
        ("2026-11-28T12:00", False),  # Saturday
        ("2026-11-29T12:00", False),  # Sunday
    ],
)
def test_open_inside_weekday_hours_only(at: str, expected: bool) -> None:
    assert is_open(WEEKDAYS, False, utc(at), HOLIDAYS) is expected


def test_other_time_zones_are_converted_to_london() -> None:
    new_york = datetime(2026, 12, 1, 4, 30, tzinfo=ZoneInfo("America/New_York"))  # 9:30 GMT
    assert is_open(WEEKDAYS, False, new_york, HOLIDAYS) is True
    assert is_open(WEEKDAYS, False, new_york.replace(hour=12, minute=30), HOLIDAYS) is False


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(WEEKDAYS, False, datetime(2026, 12, 1, 10), HOLIDAYS)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-27T21:59", False),  # Friday before opening
        ("2026-11-27T22:00", True),
        ("2026-11-27T23:59", True),
        ("2026-11-28T00:00", True),  # Saturday, after midnight
        ("2026-11-28T01:30", True),
        ("2026-11-28T02:00", False),
        ("2026-11-28T02:30", False),
        ("2026-11-28T22:30", False),  # Saturday night is not Friday night
        ("2026-11-27T01:30", False),  # Friday morning: Thursday had no session
    ],
)
def test_overnight_sessions_run_past_midnight(at: str, expected: bool) -> None:
    assert is_open(FRIDAY_NIGHT, False, london(at), HOLIDAYS) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-22T23:00", True),  # Sunday night
        ("2026-11-23T01:00", True),  # Monday morning: Sunday's session wraps the week
        ("2026-11-23T02:30", False),
        ("2026-11-23T23:00", False),  # Monday night has no session
        ("2026-11-24T01:00", False),
    ],
)
def test_overnight_sessions_wrap_from_sunday_to_monday(at: str, expected: bool) -> None:
    assert is_open(SUNDAY_NIGHT, False, london(at), HOLIDAYS) is expected


def test_a_session_until_midnight_closes_at_midnight() -> None:
    late = [row("MO", "18:00", "00:00")]
    assert is_open(late, False, london("2026-11-23T23:59"), HOLIDAYS) is True
    assert is_open(late, False, london("2026-11-24T00:00"), HOLIDAYS) is False


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # 29 March 2026, clocks go forward at 01:00 UTC. Sunday 10am to 4pm.
        ("2026-03-29T08:59", False),  # 9:59 BST
        ("2026-03-29T09:00", True),  # 10:00 BST
        ("2026-03-29T14:59", True),  # 15:59 BST
        ("2026-03-29T15:00", False),  # 16:00 BST
        # 25 October 2026, clocks go back at 01:00 UTC.
        ("2026-10-25T09:59", False),  # 9:59 GMT
        ("2026-10-25T10:00", True),
        ("2026-10-25T15:59", True),
        ("2026-10-25T16:00", False),
    ],
)
def test_clock_change_days_use_wall_clock_time(at: str, expected: bool) -> None:
    sunday = [row("SU", "10:00", "16:00")]
    assert is_open(sunday, False, utc(at), HOLIDAYS) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-03-29T00:30", True),  # 00:30 GMT
        ("2026-03-29T00:59", True),  # 00:59 GMT
        ("2026-03-29T01:00", False),  # 02:00 BST: the hour is skipped
        ("2026-10-25T00:30", True),  # 01:30 BST
        ("2026-10-25T01:30", True),  # 01:30 GMT, the second time round
        ("2026-10-25T02:00", False),  # 02:00 GMT
    ],
)
def test_overnight_sessions_across_clock_changes(at: str, expected: bool) -> None:
    saturday_night = [row("SA", "22:00", "02:00")]
    assert is_open(saturday_night, False, utc(at), HOLIDAYS) is expected


@pytest.mark.parametrize("day", ["2026-12-25", "2026-12-28", "2027-12-27", "2027-12-28"])
def test_closed_on_bank_holidays(day: str) -> None:
    assert is_open(WEEKDAYS, False, london(f"{day}T12:00"), HOLIDAYS) is False
    # The same hours on an ordinary weekday are open.
    assert is_open(WEEKDAYS, False, london("2026-12-29T12:00"), HOLIDAYS) is True


def test_holidays_passed_in_are_used() -> None:
    assert is_open(WEEKDAYS, False, london("2026-12-25T12:00"), {}) is True


def test_overnight_session_into_a_bank_holiday_still_runs() -> None:
    thursday_night = [row("TH", "22:00", "02:00")]
    # Thursday 24 December into Christmas Day: the session started on a normal day.
    assert is_open(thursday_night, False, london("2026-12-25T01:00"), HOLIDAYS) is True


def test_overnight_session_starting_on_a_bank_holiday_does_not_run() -> None:
    # Friday 25 December: no session, so nothing after midnight either.
    assert is_open(FRIDAY_NIGHT, False, london("2026-12-25T23:00"), HOLIDAYS) is False
    assert is_open(FRIDAY_NIGHT, False, london("2026-12-26T01:00"), HOLIDAYS) is False


def test_open_24_7_is_always_open_even_on_bank_holidays() -> None:
    for at in ("2026-12-25T03:00", "2026-11-28T23:00"):
        assert is_open([], True, london(at), HOLIDAYS) is True
        assert is_open(WEEKDAYS, True, london(at), HOLIDAYS) is True


def test_no_schedules_means_not_known() -> None:
    assert is_open([], False, london("2026-12-01T12:00"), HOLIDAYS) is None


def test_works_with_the_database_model() -> None:
    rows = [Schedule(id="s1", service_id="x", byday="MO,TU", opens_at=time(9), closes_at=time(17))]
    assert is_open(rows, False, london("2026-11-23T10:00"), HOLIDAYS) is True
    assert describe_schedules(rows, False) == ["Monday and Tuesday: 9am to 5pm"]


def test_unknown_day_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="XX"):
        is_open([row("MO,XX", "09:00", "17:00")], False, london("2026-11-23T10:00"), HOLIDAYS)


def test_day_codes_tolerate_spaces_and_case() -> None:
    rows = [row(" mo , Tu", "09:00", "17:00")]
    assert is_open(rows, False, london("2026-11-24T10:00"), HOLIDAYS) is True


# Today's hours


@pytest.mark.parametrize(
    ("rows", "at", "expected"),
    [
        (WEEKDAYS, "2026-12-01T07:00", "Open today 9am to 5pm"),
        (WEEKDAYS, "2026-12-01T20:00", "Open today 9am to 5pm"),
        (WEEKDAYS, "2026-11-28T12:00", "Closed today"),
        (
            [row("MO", "08:30", "12:30"), row("MO", "13:30", "16:45")],
            "2026-11-23T12:00",
            "Open today 8:30am to 12:30pm and 1:30pm to 4:45pm",
        ),
        (FRIDAY_NIGHT, "2026-11-27T12:00", "Open today 10pm to 2am"),
        (FRIDAY_NIGHT, "2026-11-28T01:30", "Open now until 2am, then closed today"),
        (FRIDAY_NIGHT, "2026-11-28T03:00", "Closed today"),
        (
            [row("FR,SA", "22:00", "02:00")],
            "2026-11-28T01:30",
            "Open now until 2am, then open today 10pm to 2am",
        ),
    ],
)
def test_opening_today(rows: list[Row], at: str, expected: str) -> None:
    assert opening_today(rows, False, london(at), HOLIDAYS) == expected


def test_opening_today_uses_london_time() -> None:
    # 23:30 UTC on Monday 30 November is still Monday in London (GMT) ...
    assert opening_today(WEEKDAYS, False, utc("2026-11-30T23:30"), HOLIDAYS) == (
        "Open today 9am to 5pm"
    )
    # ... but 23:30 UTC on Friday 3 July is Saturday 00:30 in London (BST).
    assert opening_today(WEEKDAYS, False, utc("2026-07-03T23:30"), HOLIDAYS) == "Closed today"


@pytest.mark.parametrize("day", ["2026-12-25", "2026-12-28"])
def test_opening_today_on_a_bank_holiday(day: str) -> None:
    assert opening_today(WEEKDAYS, False, london(f"{day}T10:00"), HOLIDAYS) == (
        "Closed today (bank holiday): check before you go"
    )


def test_opening_today_late_night_into_a_bank_holiday() -> None:
    thursday_night = [row("TH", "22:00", "02:00")]
    assert opening_today(thursday_night, False, london("2026-12-25T01:00"), HOLIDAYS) == (
        "Open now until 2am, then closed today (bank holiday): check before you go"
    )


def test_opening_today_when_open_24_7_or_not_known() -> None:
    assert opening_today([], True, london("2026-12-25T10:00"), HOLIDAYS) == "Open 24 hours"
    assert opening_today([], False, london("2026-12-01T10:00"), HOLIDAYS) == NOT_KNOWN
    assert NOT_KNOWN == "Opening times not known: check before you go"


# Weekly hours


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [row("MO,TU,WE,TH,FR", "09:00", "17:00"), row("SA", "09:00", "15:00")],
            ["Monday to Friday: 9am to 5pm", "Saturday: 9am to 3pm"],
        ),
        (
            [row("SA,SU", "10:00", "16:00")],
            ["Saturday and Sunday: 10am to 4pm"],
        ),
        (
            [row("MO,WE,FR", "08:30", "12:00"), row("TU,TH", "13:00", "00:00")],
            [
                "Monday, Wednesday and Friday: 8:30am to noon",
                "Tuesday and Thursday: 1pm to midnight",
            ],
        ),
        (
            [row("MO,TU,WE,FR", "09:00", "17:00"), row("TH", "09:00", "19:30")],
            ["Monday to Wednesday and Friday: 9am to 5pm", "Thursday: 9am to 7:30pm"],
        ),
        (
            [row("MO", "13:30", "16:00"), row("MO", "09:00", "12:30")],
            ["Monday: 9am to 12:30pm and 1:30pm to 4pm"],
        ),
        (
            [row("MO", "09:00", "17:00"), row("MO,TU", "09:00", "17:00")],
            ["Monday and Tuesday: 9am to 5pm"],
        ),
        ([row("FR", "22:00", "02:00")], ["Friday: 10pm to 2am"]),
        ([row("SU,MO,TU,WE,TH,FR,SA", "07:00", "22:00")], ["Monday to Sunday: 7am to 10pm"]),
        ([], []),
    ],
)
def test_describe_schedules(rows: list[Row], expected: list[str]) -> None:
    assert describe_schedules(rows, False) == expected


def test_describe_open_24_7() -> None:
    assert describe_schedules([], True) == ["Open 24 hours, every day"]
    assert describe_schedules(WEEKDAYS, True) == ["Open 24 hours, every day"]


def test_hours_by_day() -> None:
    rows = [*WEEKDAYS, row("SA", "09:00", "12:00"), row("SA", "13:00", "15:00"), *FRIDAY_NIGHT]
    assert hours_by_day(rows, False) == {
        "MO": "9am to 5pm",
        "TU": "9am to 5pm",
        "WE": "9am to 5pm",
        "TH": "9am to 5pm",
        "FR": "9am to 5pm and 10pm to 2am",
        "SA": "9am to noon and 1pm to 3pm",
    }
    assert hours_by_day([], False) == {}
    assert hours_by_day([], True) == dict.fromkeys(
        ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], "24 hours"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (time(0, 0), "midnight"),
        (time(0, 30), "12:30am"),
        (time(8, 30), "8:30am"),
        (time(9, 0), "9am"),
        (time(12, 0), "noon"),
        (time(12, 15), "12:15pm"),
        (time(17, 0), "5pm"),
        (time(23, 59), "11:59pm"),
    ],
)
def test_format_time(value: time, expected: str) -> None:
    assert format_time(value) == expected
