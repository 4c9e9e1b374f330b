"""Entitlement rules: check a household against a tax year's ruleset.

The ruleset (ruleset.py, from YAML) holds every threshold, source, reason and
note; this module holds only the logic. Each rule has one or more routes (ways
to qualify). A route names a test below; the test returns which of the route's
reasons applies, or None. The checks are screens: they say what a resident
"may be able to get".
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from core.clock import london_today
from knowledge.entitlements.household import Household, Stage
from knowledge.entitlements.ruleset import (
    COUNCIL_TAX_PAYERS,
    CURRENT_TAX_YEAR,
    WEEKS_PER_MONTH,
    CheckResult,
    Figures,
    Result,
    Ruleset,
    RulesetError,
    UnknownNotes,
    load_ruleset,
)

log = logging.getLogger(__name__)


# --- what we can work out about a household ------------------------------------------


@dataclass(frozen=True)
class Situation:
    """Worked out once per check, from the household and the year's figures."""

    stage: Stage | None  # who claims: UC or Pension Credit
    pension_age: bool | None  # the resident has reached State Pension age
    pension_age_unclear: bool  # an age given, but it cannot tell (no birth month)
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


def _pension_age_unclear(h: Household, f: Figures, today: date) -> bool:
    people = [(h.age, h.born_month)]
    if h.partner:
        people.append((h.partner_age, h.partner_born_month))
    return any(
        f.state_pension_age.reached(age, born, today) is None
        for age, born in people
        if age is not None or born is not None
    )


def situation(h: Household, f: Figures, today: date) -> Situation:
    # Supported housing rent is paid by Housing Benefit, not Universal Credit.
    uc_housing = (h.rent_monthly or 0) if h.housing in {"social_rent", "private_rent"} else 0
    stage = h.stage(f.state_pension_age, today)
    pension_credit = _may_get_pension_credit(h, f, stage)
    return Situation(
        stage=stage,
        pension_age=h.reached_pension_age(f.state_pension_age, today),
        pension_age_unclear=_pension_age_unclear(h, f, today),
        universal_credit=_universal_credit_left(h, f, stage, uc_housing) > 0,
        pension_credit=pension_credit,
        housing_benefit=_may_get_housing_benefit(h, f, stage, pension_credit),
    )


# --- route tests: each returns the key of the reason that applies, or None --------------

RouteTest = Callable[[Household, Situation, Figures], str | None]
ROUTE_TESTS: dict[str, RouteTest] = {}
REASON_KEYS: dict[str, frozenset[str]] = {}


def route_test(*reasons: str) -> Callable[[RouteTest], RouteTest]:
    """Register a test under its function name, with the reason keys it can return."""

    def register(test: RouteTest) -> RouteTest:
        ROUTE_TESTS[test.__name__] = test
        REASON_KEYS[test.__name__] = frozenset(reasons or ("default",))
        return test

    return register


@lru_cache
def checked_ruleset(tax_year: str = CURRENT_TAX_YEAR) -> Ruleset:
    """The year's ruleset, once every route names a test here and writes all its reasons."""
    ruleset = load_ruleset(tax_year)
    for rule in ruleset.rules:
        for route in rule.routes:
            if route.test not in ROUTE_TESTS:
                raise RulesetError(f"{rule.id}: unknown test {route.test!r}")
            missing = REASON_KEYS[route.test] - route.reasons.keys()
            if missing:
                raise RulesetError(f"{rule.id}: {route.test} needs reasons {sorted(missing)}")
    return ruleset


def _unless_savings_unknown(h: Household) -> str:
    return "savings_unknown" if h.savings is None else "default"


@route_test("default", "savings_unknown")
def universal_credit(h: Household, s: Situation, f: Figures) -> str | None:
    return _unless_savings_unknown(h) if s.universal_credit else None


@route_test("default", "savings_unknown")
def pension_credit(h: Household, s: Situation, f: Figures) -> str | None:
    return _unless_savings_unknown(h) if s.pension_credit else None


@route_test("default", "savings_unknown", "on_benefit")
def housing_benefit_pension_age(h: Household, s: Situation, f: Figures) -> str | None:
    if s.stage != "pension" or not s.housing_benefit:
        return None
    return "on_benefit" if h.gets("pension_credit") else _unless_savings_unknown(h)


@route_test("default", "savings_unknown", "on_benefit")
def housing_benefit_supported(h: Household, s: Situation, f: Figures) -> str | None:
    if s.stage != "working" or not s.housing_benefit:
        return None
    return "on_benefit" if h.gets("universal_credit") else _unless_savings_unknown(h)


@route_test("default", "on_benefit")
def council_tax_reduction_pension_age(h: Household, s: Situation, f: Figures) -> str | None:
    if s.stage != "pension" or h.housing not in COUNCIL_TAX_PAYERS:
        return None
    if h.gets("pension_credit", "housing_benefit"):
        return "on_benefit"
    return "default" if s.pension_credit or s.housing_benefit else None


@route_test("default", "on_benefit")
def council_tax_reduction_working_age(h: Household, s: Situation, f: Figures) -> str | None:
    if s.stage != "working" or h.housing not in COUNCIL_TAX_PAYERS:
        return None
    if h.gets("universal_credit", "housing_benefit"):
        return "on_benefit"
    return "default" if s.universal_credit else None


@route_test()
def child_benefit_under_16(h: Household, s: Situation, f: Figures) -> str | None:
    return "default" if any(a < f.child_benefit.child_under for a in h.children) else None


@route_test()
def child_benefit_16_to_19(h: Household, s: Situation, f: Figures) -> str | None:
    cb = f.child_benefit
    young = any(cb.child_under <= a < cb.young_person_under for a in h.children)
    return "default" if young else None


@route_test()
def free_school_meals_universal_credit(h: Household, s: Situation, f: Figures) -> str | None:
    fsm = f.free_school_meals
    pupils = any(
        fsm.universal_credit_ages_from <= a <= fsm.universal_credit_ages_to for a in h.children
    )
    on_uc = h.gets("universal_credit") or s.universal_credit
    return "default" if pupils and on_uc else None


@route_test()
def free_school_meals_infants(h: Household, s: Situation, f: Figures) -> str | None:
    fsm = f.free_school_meals
    infants = any(fsm.infant_ages_from <= a <= fsm.infant_ages_to for a in h.children)
    return "default" if infants else None


@route_test("default", "pay_unknown")
def healthy_start_universal_credit(h: Household, s: Situation, f: Figures) -> str | None:
    hs = f.healthy_start
    if not any(a < hs.child_under for a in h.children):
        return None
    if not (h.gets("universal_credit") or s.universal_credit):
        return None
    if h.take_home_pay_monthly is None:
        return "pay_unknown"
    return "default" if h.take_home_pay_monthly <= hs.universal_credit_pay_limit_monthly else None


@route_test()
def healthy_start_pension_credit(h: Household, s: Situation, f: Figures) -> str | None:
    young = any(a < f.healthy_start.child_under for a in h.children)
    return "default" if young and (h.gets("pension_credit") or s.pension_credit) else None


@route_test()
def pip(h: Household, s: Situation, f: Figures) -> str | None:
    if not (h.disability or h.care_needs) or h.age is None:
        return None
    return "default" if h.age >= f.pip.minimum_age and s.pension_age is False else None


@route_test()
def attendance_allowance(h: Household, s: Situation, f: Figures) -> str | None:
    return "default" if h.care_needs and s.pension_age else None


@route_test("default", "own_earnings", "underlying")
def carers_allowance(h: Household, s: Situation, f: Figures) -> str | None:
    if not h.caring_35_hours:
        return None
    if s.pension_age:
        # Not paid on top of a State Pension, but the "underlying entitlement" adds the
        # carer amount to Pension Credit, Housing Benefit and Council Tax Reduction: worth
        # claiming on a low income, or when we do not know the income.
        on_means_tested = h.gets("pension_credit", "housing_benefit", "council_tax_reduction")
        income_unknown = h.pension_age_income_monthly is None
        return "underlying" if s.low_income or on_means_tested or income_unknown else None
    limit = f.carers_allowance.earnings_limit_weekly * WEEKS_PER_MONTH
    pay = h.take_home_pay_monthly
    if pay is not None and pay <= limit:
        return "default"
    # Household pay may include a partner's: the carer's own may still be under the limit.
    return None if pay is not None and h.partner is False else "own_earnings"


@route_test("default", "on_benefit")
def warm_home_discount(h: Household, s: Situation, f: Figures) -> str | None:
    if h.gets("universal_credit", "pension_credit", "housing_benefit"):
        return "on_benefit"
    return "default" if s.low_income else None


@route_test("default", "on_benefit")
def housing_payment(h: Household, s: Situation, f: Figures) -> str | None:
    if not h.renting:
        return None
    if h.gets("universal_credit", "housing_benefit"):
        return "on_benefit"
    uc_with_rent = s.universal_credit and h.housing != "supported"
    return "default" if uc_with_rent or s.housing_benefit else None


@route_test()
def crisis_help(h: Household, s: Situation, f: Figures) -> str | None:
    on_benefit = h.gets("universal_credit", "pension_credit", "housing_benefit")
    return "default" if on_benefit or s.low_income else None


@route_test()
def disabled_facilities_grant(h: Household, s: Situation, f: Figures) -> str | None:
    needs = h.disability or h.care_needs
    return "default" if needs and h.housing in COUNCIL_TAX_PAYERS else None


# --- the check --------------------------------------------------------------------------


def check(household: Household, *, estimate: bool = True, today: date | None = None) -> CheckResult:
    """What the household may be able to get, most valuable first, with notes."""
    ruleset = checked_ruleset()
    f = ruleset.figures
    s = situation(household, f, today or london_today())
    amounts = _estimates(household) if estimate else None
    results = []
    for rule in ruleset.rules:
        if household.gets(rule.id):
            continue
        for route in rule.routes:
            reason = ROUTE_TESTS[route.test](household, s, f)
            if reason is not None:
                amount = amounts.get(rule.id) if amounts else None
                results.append(
                    Result(
                        id=rule.id,
                        title=rule.title,
                        reason=ruleset.render(route.reasons[reason]),
                        how_to_claim=rule.how_to_claim,
                        estimate_monthly=None if amount is None else round(float(amount), 2),
                        source_url=route.source_url,
                        verified=route.verified,
                    )
                )
                break
    notes = _notes(household, s, ruleset, {r.id for r in results}, amounts is not None)
    return CheckResult(tax_year=ruleset.tax_year, results=tuple(results), notes=notes)


def _estimates(household: Household) -> dict[str, float] | None:
    """Monthly amounts from the optional PolicyEngine extra, or None without it."""
    try:
        from knowledge.entitlements.estimates import estimate_monthly

        return dict(estimate_monthly(household))
    except ImportError:  # the module or policyengine_uk is not installed
        return None
    except Exception as error:  # an estimate must never stop the check
        log.warning("entitlement estimates failed: %s", type(error).__name__)
        return None


def _notes(
    h: Household, s: Situation, ruleset: Ruleset, found: set[str], have_amounts: bool
) -> tuple[str, ...]:
    notes = ruleset.notes
    if h.told_us_nothing():
        return ruleset.render(notes.nothing_known), ruleset.render(notes.adviser)
    said: list[str] = [notes.may_get if found else notes.nothing_found]
    if "child_benefit" in found:
        said.append(notes.child_benefit_charge)
    if s.pension_age_unclear:
        said.append(notes.state_pension_age_rising)
    if "carers_allowance" in found and s.pension_age:
        said.append(notes.carer_underlying)
    # The screen leaves out Pension Credit's extra amounts for carers and disabled people.
    checked_pension_credit = s.stage == "pension" and h.pension_age_income_monthly is not None
    extra_needs = h.disability or h.care_needs or h.caring_35_hours
    no_pension_credit = "pension_credit" not in found and not h.gets("pension_credit")
    if checked_pension_credit and extra_needs and no_pension_credit:
        said.append(notes.pension_credit_can_be_higher)
    said.extend(_unknown_answers(h, s, notes.unknown))
    if found and not have_amounts:
        said.append(notes.amounts_unavailable)
    said.append(notes.adviser)
    return tuple(ruleset.render(note) for note in said)


def _unknown_answers(h: Household, s: Situation, unknown: UnknownNotes) -> Iterator[str]:
    """One note for each answer we did not get that could have changed the check."""
    if h.age is None:
        yield unknown.age
    if h.partner is None:
        yield unknown.partner
    elif h.partner and h.partner_age is None:
        yield unknown.partner_age
    if h.children_ages is None:
        yield unknown.children_ages
    if h.housing is None:
        yield unknown.housing
    elif h.renting and h.rent_monthly is None:
        yield unknown.rent_monthly
    if s.stage == "pension":
        if h.pension_age_income_monthly is None:
            yield unknown.pension_age_income_monthly
    elif h.take_home_pay_monthly is None and not (s.stage is None and s.pension_age_unclear):
        yield unknown.take_home_pay_monthly
    if h.savings is None:
        yield unknown.savings
    if h.disability is None and h.care_needs is None:
        yield unknown.disability
    if h.caring_35_hours is None:
        yield unknown.caring_35_hours
