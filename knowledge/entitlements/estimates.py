"""Rough monthly amounts for some entitlements, worked out with PolicyEngine UK.

Optional: needs the ``estimates`` extra (``pip install -e '.[estimates]'``), which installs
policyengine-uk. PolicyEngine UK is AGPL-3.0, so this is the only module that imports it, and
only inside functions: the rest of the assistant (MIT) runs without it, and ``AVAILABLE`` says
whether it is there.

Everything is worked out on this machine from the rules and rates shipped in the package: a
single household needs no survey data, and nothing here reaches the network.

The amounts are for the 2026/27 tax year (``ESTIMATE_YEAR``) for a household in Hartlepool
(Teesside Broad Rental Market Area). They are a guide, not a decision: ``ASSUMPTIONS`` lists
what they take for granted, in words the page can show.

Households are never logged.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from typing import TYPE_CHECKING, Any

from core.clock import london_today
from knowledge.entitlements.household import Household
from knowledge.entitlements.ruleset import load_ruleset

if TYPE_CHECKING:
    from policyengine_core.simulations import Simulation

AVAILABLE = importlib.util.find_spec("policyengine_uk") is not None

# PolicyEngine UK's period "2026" is the tax year from April 2026 (its parameters hold the
# 2026/27 rates).
ESTIMATE_YEAR = 2026
_PERIOD = str(ESTIMATE_YEAR)

ASSUMPTIONS = (
    "Amounts are for the 2026/27 tax year, before any deductions such as advances or debts.",
    "Take-home pay is treated as earnings from a job (or as pension from State Pension age), "
    "after income tax and National Insurance; self-employment is not modelled.",
    "Extra amounts for disability or ill health are not included, because they depend on "
    "assessments and other benefits: the estimate may be lower than the real award. Caring "
    "is included only for someone who already gets Carer's Allowance.",
    "The bedroom tax (social housing with a spare bedroom) is not taken off.",
    "Council Tax Reduction is estimated for pension-age households only, for a Band A home.",
    "Child Benefit is the full amount: anyone with income over £60,000 pays some or all of it "
    "back through the High Income Child Benefit Charge.",
)

# Where the residents live: PolicyEngine's defaults are London and Maidstone, whose Local
# Housing Allowance and Council Tax are far from Hartlepool's.
_PLACE = {"region": "NORTH_EAST", "local_authority": "HARTLEPOOL", "brma": "TEESSIDE"}

# Hartlepool's council homes went to a housing association (Housing Hartlepool, now Thirteen)
# in 2004, so social renters mostly rent from one; PolicyEngine treats both social tenures alike.
# Owners get no help with housing costs either way (mortgage help is a loan, not modelled).
_TENURE = {
    "social_rent": "RENT_FROM_HA",
    "private_rent": "RENT_PRIVATELY",
    "own": "OWNED_OUTRIGHT",
}
_RENTING = {"social_rent", "private_rent"}

# 2026/27 income tax and employee National Insurance (thresholds frozen to 2030/31), to turn
# take-home pay back into the gross that PolicyEngine taxes again.
_PERSONAL_ALLOWANCE = 12_570
_HIGHER_RATE_FROM = 50_270
_BASIC_RATE, _HIGHER_RATE = 0.20, 0.40
_NI_MAIN, _NI_UPPER = 0.08, 0.02

_HOUSING_DEPENDENT = {"universal_credit", "housing_benefit"}

# A simulation points the shared system at itself and fills its parameter caches, so
# estimates run one at a time (each takes a fraction of a second).
_lock = threading.Lock()
# Estimates run one at a time; past this many waiting, a check answers without
# amounts rather than make every resident's check wait behind one client.
MAX_WAITING = 4
_queue = threading.BoundedSemaphore(1 + MAX_WAITING)


class EstimatesBusy(RuntimeError):
    """Too many estimates already queued."""


@functools.cache
def _system() -> Any:
    """The tax-benefit system, built once per process (seconds: thousands of parameters)."""
    from policyengine_uk import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


def warm_up() -> None:
    """Import PolicyEngine UK and build the system now, at start-up, off the request path.

    Also works out two made-up households, one of working age and one of pension age: the
    first calculation of each variable on a new system takes about a second longer.
    """
    for sample in _SAMPLES:
        estimate_monthly(sample)


_warming = threading.Lock()
_warmed = False


def warm_up_in_background() -> None:
    """`warm_up` once per process, on a daemon thread, when PolicyEngine UK is installed."""
    global _warmed
    with _warming:
        if _warmed or not AVAILABLE:
            return
        _warmed = True
    threading.Thread(target=warm_up, name="estimates-warm-up", daemon=True).start()


def gross_from_take_home(take_home_yearly: float, *, pension_age: bool) -> float:
    """Approximate gross pay (or pension) behind a year's take-home income.

    Inverts basic- and higher-rate income tax and, below State Pension age, employee National
    Insurance, for one person. Ignores pension contributions, student loans, other taxable
    income and the personal allowance taper over £100,000: means-tested help has ended long
    before any of these matters, and Universal Credit itself counts pay after tax, NI and pension
    contributions, which is take-home pay.
    """
    ni_main, ni_upper = (0.0, 0.0) if pension_age else (_NI_MAIN, _NI_UPPER)
    basic_band_top = _HIGHER_RATE_FROM - (_HIGHER_RATE_FROM - _PERSONAL_ALLOWANCE) * (
        _BASIC_RATE + ni_main
    )
    if take_home_yearly <= _PERSONAL_ALLOWANCE:
        return take_home_yearly
    if take_home_yearly <= basic_band_top:
        return _PERSONAL_ALLOWANCE + (take_home_yearly - _PERSONAL_ALLOWANCE) / (
            1 - _BASIC_RATE - ni_main
        )
    return _HIGHER_RATE_FROM + (take_home_yearly - basic_band_top) / (1 - _HIGHER_RATE - ni_upper)


def _band_a_council_tax(adults: int) -> float:
    """Hartlepool's Band A Council Tax for the year, less the single person discount."""
    amounts = _system().parameters(_PERIOD).gov.local_authorities.council_tax.band_d.amounts
    band_a = float(amounts.HARTLEPOOL) * 6 / 9
    return band_a * (0.75 if adults == 1 else 1.0)


def _stage(household: Household) -> str | None:
    """UC or Pension Credit, by this tax year's State Pension age, as the rules decide it."""
    return household.stage(load_ruleset().figures.state_pension_age, london_today())


def _income(household: Household) -> float | None:
    return household.income_monthly(load_ruleset().figures.state_pension_age, london_today())


def build_situation(household: Household) -> dict:
    """A PolicyEngine situation: one benefit unit, one household, in Hartlepool."""
    age = getattr(household, "age", None)
    partner = bool(getattr(household, "partner", False))
    children = [a for a in (getattr(household, "children_ages", None) or []) if a is not None]
    housing = getattr(household, "housing", None)
    rent = getattr(household, "rent_monthly", None)
    # An unknown age still allows Child Benefit, which depends on the children alone.
    claimant_age = age if age is not None else 30
    pension_age = _stage(household) == "pension"
    take_home = _income(household)

    def year(value: Any) -> dict:
        return {_PERIOD: value}

    claimant = {"age": year(claimant_age), "is_claimant_or_partner": year(True)}
    if take_home:
        gross = gross_from_take_home(take_home * 12, pension_age=pension_age)
        # The whole household's income goes to the claimant: tax is re-worked for one person,
        # so PolicyEngine's take-home matches the answer given.
        claimant["state_pension" if pension_age else "employment_income"] = year(gross)
    if "carers_allowance" in (getattr(household, "receives", None) or ()):
        # Getting it shows the person cared for has a qualifying benefit, so PolicyEngine may
        # add the carer element or addition (and count the allowance as income). Caring hours
        # alone don't show that, so they are not used.
        claimant["care_hours"] = year(35)
    people = {"claimant": claimant}
    if partner:
        partner_age = getattr(household, "partner_age", None)
        people["partner"] = {
            "age": year(partner_age if partner_age is not None else claimant_age),
            "is_claimant_or_partner": year(True),
        }
    for n, child_age in enumerate(children):
        people[f"child{n}"] = {"age": year(child_age), "is_claimant_or_partner": year(False)}
    adults = 1 + partner + sum(a >= 18 for a in children)
    members = list(people)
    home: dict[str, Any] = {"members": members, **{k: year(v) for k, v in _PLACE.items()}}
    if housing in _TENURE:
        home["tenure_type"] = year(_TENURE[housing])
    if housing in _RENTING and rent:
        home["rent"] = year(rent * 12)
    home["savings"] = year(getattr(household, "savings", None) or 0)
    home["council_tax"] = year(_band_a_council_tax(adults))
    return {
        "people": people,
        # Estimates are of entitlement, so the family is taken to claim what it can.
        "benunits": {"family": {"members": members, "claims_all_entitled_benefits": year(True)}},
        "households": {"home": home},
    }


def simulate(household: Household) -> Simulation:
    """A simulation of the household on the shared system (cheap: no system rebuild).

    policyengine_uk's own ``Simulation`` builds a new system each time (seconds), so this uses
    policyengine-core's, which takes one; for a household situation the results are the same.
    Not thread-safe on its own: ``estimate_monthly`` holds the lock.
    """
    from policyengine_core.simulations import Simulation

    return Simulation(tax_benefit_system=_system(), situation=build_situation(household))


def _estimable(household: Household) -> set[str]:
    """The entitlement ids there is enough known to estimate."""
    ids = {"child_benefit"}
    partner = getattr(household, "partner", None)
    known = partner is not None and getattr(household, "age", None) is not None
    known &= _income(household) is not None
    if partner:
        # Mixed-age couples get Universal Credit, not Pension Credit: the partner's age matters.
        known &= getattr(household, "partner_age", None) is not None
    if not known:
        return ids
    ids |= {"pension_credit", "council_tax_reduction"}
    housing = getattr(household, "housing", None)
    rent_known = housing not in _RENTING or getattr(household, "rent_monthly", None) is not None
    if housing == "supported":
        # Its rent is met by Housing Benefit under rules PolicyEngine doesn't model; Universal
        # Credit then pays no housing element, which is what it works out without a rent.
        ids.add("universal_credit")
    elif housing is not None and rent_known:
        ids |= _HOUSING_DEPENDENT
    return ids


# Made-up households for warm_up, one on each side of State Pension age.
_SAMPLES = tuple(
    Household(
        age=age,
        partner=False,
        children_ages=(8,),
        housing="private_rent",
        rent_monthly=450,
        **{"pension_age_income_monthly" if age >= 66 else "take_home_pay_monthly": 700},
    )
    for age in (30, 70)
)


def round_monthly(amount: float) -> float:
    """To the nearest £5, or the nearest £1 under £20, so it doesn't look exact."""
    return float(round(amount)) if amount < 20 else float(5 * round(amount / 5))


def estimate_monthly(household: Household) -> dict[str, float]:
    """Entitlement id -> estimated £ a month, for the ids that can be estimated and are positive.

    Reads ``household``'s attributes with defaults, so any object with the same fields will do.
    Means-tested amounts are left out when age, income or whether there is a partner (or the
    partner's age) is unknown, and those that depend on rent when the housing or rent is.
    Raises ImportError without the ``estimates`` extra: check ``AVAILABLE`` first.
    """
    ids = _estimable(household)
    if not _queue.acquire(blocking=False):
        raise EstimatesBusy
    try:
        yearly = _yearly(household, ids)
    finally:
        _queue.release()
    monthly = {i: round_monthly(amount / 12) for i, amount in yearly.items()}
    return {i: amount for i, amount in monthly.items() if amount > 0}


def _yearly(household: Household, ids: set[str]) -> dict[str, float]:
    with _lock:
        sim = simulate(household)
        if (
            "council_tax_reduction" in ids
            and not sim.calculate("council_tax_reduction_scheme_supported", _PERIOD).all()
        ):
            # Hartlepool's working-age scheme isn't modelled; the national pension-age one is.
            ids.discard("council_tax_reduction")
        return {i: float(sim.calculate(i, _PERIOD).sum()) for i in sorted(ids)}


__all__ = [
    "ASSUMPTIONS",
    "AVAILABLE",
    "ESTIMATE_YEAR",
    "estimate_monthly",
    "warm_up",
    "warm_up_in_background",
]
