"""State Pension age by birth date: the rows of the Pensions Act 2014 table (GOV.UK)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.entitlements.ruleset import load_ruleset

SPA = load_ruleset().figures.state_pension_age


@pytest.mark.parametrize(
    ("born", "reached_on"),
    [
        (date(1960, 4, 5), date(2026, 4, 5)),  # before the rise: 66
        (date(1960, 4, 6), date(2026, 5, 6)),  # 6 April to 5 May 1960: 66 and 1 month
        (date(1960, 5, 5), date(2026, 6, 5)),
        (date(1960, 5, 6), date(2026, 7, 6)),  # 66 and 2 months
        (date(1960, 12, 25), date(2027, 9, 25)),  # 6 December 1960 to 5 January 1961: 9 months
        (date(1961, 2, 6), date(2028, 1, 6)),  # 66 and 11 months
        (date(1961, 3, 5), date(2028, 2, 5)),
        (date(1961, 3, 6), date(2028, 3, 6)),  # after the rise: 67
        (date(1964, 2, 29), date(2031, 3, 1)),  # a leap-day birthday counts from 1 March
    ],
)
def test_the_day_state_pension_age_is_reached(born: date, reached_on: date) -> None:
    assert SPA.reached_on(born) == reached_on


@pytest.mark.parametrize(
    ("age", "born_month", "today", "reached"),
    [
        (65, None, date(2026, 12, 1), False),
        (67, None, date(2026, 12, 1), True),
        (66, None, date(2026, 12, 1), None),  # born December 1959 to December 1960
        (66, None, date(2026, 3, 1), True),  # every 66-year-old then was born before April 1960
        (66, "1960-02", date(2026, 12, 1), True),
        (66, "1960-11", date(2026, 12, 1), False),
        (66, "1960-09", date(2027, 3, 15), None),  # the 1st to the 5th or the 6th onwards
        (None, "1960-09", date(2027, 4, 1), True),
        (None, None, date(2026, 12, 1), None),
    ],
)
def test_reached_from_an_age_or_a_birth_month(age, born_month, today, reached) -> None:
    assert SPA.reached(age, born_month, today) is reached
