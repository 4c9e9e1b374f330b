"""What a check works out about a household once, before any route test reads it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from knowledge.entitlements.household import Household, Stage, stage_of
from knowledge.entitlements.ruleset import WEEKS_PER_MONTH, Figures


@dataclass(frozen=True)
class Situation:
    """Worked out once per check, from the household and the year's figures."""

    stage: Stage | None  # who claims: UC or Pension Credit
    pension_age: bool | None  # the resident has reached State Pension age
    pension_age_unclear: bool  # someone's age or birth month given, but it cannot tell
    universal_credit: bool  # may get UC (its own housing costs included)
    pension_credit: bool  # may get Pension Credit
    housing_benefit: bool  # may get (or gets) Housing Benefit

    @property
    def low_income(self) -> bool:
        return self.universal_credit or self.pension_credit or self.housing_benefit


def _steps(amount: float, over: float, step: float) -> int:
    """How many steps (or part steps) an amount is over a limit."""
    return math.ceil(max(0.0, amount - over) / step)


def _universal_credit_left(
    h: Household, f: Figures, stage: Stage | None, housing_costs: float
) -> float:
    """Monthly Universal Credit left after pay and savings; 0 or less means none."""
    uc = f.universal_credit
    pay, savings = h.take_home_pay_monthly, h.savings or 0
    if stage != "working" or pay is None or savings > uc.savings_upper:
        return 0.0
    if h.age is not None and h.age < uc.minimum_age:
        return 0.0
    older = any(a >= 25 for a in (h.age, h.partner_age) if a is not None)
    allowance = uc.standard_allowance
    if h.partner:
        standard = allowance.couple_25_or_over if older else allowance.couple_both_under_25
    else:
        standard = allowance.single_25_or_over if older else allowance.single_under_25
    children = sum(1 for age in h.children if age < uc.child_under)
    work_allowance = 0.0
    if children:
        with_housing = housing_costs > 0
        work_allowance = (
            uc.work_allowance_with_housing if with_housing else uc.work_allowance_without_housing
        )
    savings_income = _steps(savings, uc.savings_lower, uc.savings_step) * uc.savings_step_income
    most = standard + children * uc.child_element + housing_costs
    return most - savings_income - uc.taper * max(0.0, pay - work_allowance)


def _pension_income(h: Household, f: Figures) -> float | None:
    """Monthly income for Pension Credit: all income (State Pension and other pensions
    included) plus income counted from savings; None when not known.

    Take-home pay alone is never enough: a pensioner with no pay from work may have a
    full State Pension, over the guarantee.
    """
    if h.pension_age_income_monthly is None:
        return None
    pc = f.pension_credit
    weekly = _steps(h.savings or 0, pc.savings_disregard, pc.savings_step)
    return h.pension_age_income_monthly + weekly * pc.savings_step_income_weekly * WEEKS_PER_MONTH


def _guarantee(h: Household, f: Figures) -> float:
    pc = f.pension_credit
    weekly = pc.guarantee_couple_weekly if h.partner else pc.guarantee_single_weekly
    return weekly * WEEKS_PER_MONTH


def _may_get_pension_credit(h: Household, f: Figures, stage: Stage | None) -> bool:
    income = _pension_income(h, f)
    if stage != "pension" or income is None:
        return False
    return income < _guarantee(h, f)


def _may_get_housing_benefit(
    h: Household, f: Figures, stage: Stage | None, pension_credit: bool
) -> bool:
    if not h.renting or stage is None:
        return False
    if stage == "working":
        # Working age: only supported or temporary housing, judged with UC's figures.
        on_uc = h.gets("universal_credit")
        return h.housing == "supported" and (
            on_uc or _universal_credit_left(h, f, stage, h.rent_monthly or 0) > 0
        )
    if h.gets("pension_credit") or pension_credit:
        return True
    hb = f.housing_benefit
    income = _pension_income(h, f)
    if income is None or h.rent_monthly is None:
        return False
    if (h.savings or 0) > hb.savings_upper:
        return False
    over = max(0.0, income - _guarantee(h, f))
    return h.rent_monthly - hb.taper * over > 0


def situation(h: Household, f: Figures, today: date) -> Situation:
    """The household's situation under the year's figures, on `today`."""
    # Supported housing rent is paid by Housing Benefit, not Universal Credit.
    uc_housing = (h.rent_monthly or 0) if h.housing in {"social_rent", "private_rent"} else 0
    pension_ages = h.pension_age_answers(f.state_pension_age, today)
    stage = stage_of(pension_ages)
    pension_credit = _may_get_pension_credit(h, f, stage)
    return Situation(
        stage=stage,
        pension_age=pension_ages[0].reached,  # the resident's own
        pension_age_unclear=any(answer.unclear for answer in pension_ages),
        universal_credit=_universal_credit_left(h, f, stage, uc_housing) > 0,
        pension_credit=pension_credit,
        housing_benefit=_may_get_housing_benefit(h, f, stage, pension_credit),
    )
