"""The route tests: each returns the key of the reason that applies, or None.

A route in the ruleset names one of these by its function name; `route_test`
registers it with the reason keys it can return, so the ruleset can be checked
for routes that name no test or leave a reason unwritten.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge.entitlements.household import Household
from knowledge.entitlements.ruleset import COUNCIL_TAX_PAYERS, WEEKS_PER_MONTH, Figures
from knowledge.entitlements.situation import Situation

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
