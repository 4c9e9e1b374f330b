"""State Pension age from a birth date: the GOV.UK table, as the ruleset gives it.

People born before 6 April 1960 reach it at 66. People born from 6 April 1960 to
5 March 1961 reach it at 66 and 1 to 11 months, one more month for each later
month of birth (Pensions Act 2014). Later births reach it at 67.

We never ask for a day of birth: a month and year, or an age, leaves a range of
possible birth dates. Reaching State Pension age only moves forward with the
birth date, so the range's two ends settle it, or leave it unknown.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict


def add_months(day: date, months: int) -> date:
    """The same day of the month, `months` later (the month's last day if it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_after(day: date, years: int) -> date:
    """A birthday `years` on; someone born on 29 February has it on 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class StatePensionAge(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    years: int  # for people born before the rise starts
    rise_first_born: date  # the first birth date that waits a month more
    rise_months: int  # how many one-month steps the rise takes
    years_after_rise: int

    def reached_on(self, born: date) -> date:
        """The day someone born on `born` reaches State Pension age."""
        if born < self.rise_first_born:
            return years_after(born, self.years)
        step_start = self.rise_first_born
        for months in range(1, self.rise_months + 1):
            step_end = add_months(self.rise_first_born, months)
            if step_start <= born < step_end:
                return add_months(years_after(born, self.years), months)
            step_start = step_end
        return years_after(born, self.years_after_rise)

    def reached(self, age: int | None, born_month: str | None, today: date) -> bool | None:
        """Has the person reached it today? None when what we know cannot tell.

        A birth month ("1960-11") is more precise than an age, so it wins.
        """
        earliest, latest = _possible_birth_dates(age, born_month, today)
        if earliest is None or latest is None:
            return None
        if self.reached_on(latest) <= today:
            return True
        if self.reached_on(earliest) > today:
            return False
        return None


def _possible_birth_dates(
    age: int | None, born_month: str | None, today: date
) -> tuple[date | None, date | None]:
    if born_month is not None:
        year, month = (int(part) for part in born_month.split("-"))
        last_day = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last_day)
    if age is not None:
        # Aged `age` today: born after this day `age + 1` years ago, and by this day `age`.
        return years_after(today, -(age + 1)) + timedelta(days=1), years_after(today, -age)
    return None, None
