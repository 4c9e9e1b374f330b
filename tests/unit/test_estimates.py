"""Amount estimates from PolicyEngine UK (the optional ``estimates`` extra).

Expected amounts come from PolicyEngine's own parameters, so the tests follow its rates.
"""

import socket

import pytest

pytest.importorskip(
    "policyengine_uk",
    reason="PolicyEngine UK is not installed: pip install -e '.[estimates]' to run these",
)

from knowledge.entitlements import estimates
from knowledge.entitlements.household import Household

YEAR = str(estimates.ESTIMATE_YEAR)
MEANS_TESTED = {"universal_credit", "pension_credit", "housing_benefit", "council_tax_reduction"}


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    estimates.warm_up()


@pytest.fixture(scope="module")
def gov():
    return estimates._system().parameters(YEAR).gov


def renter(**answers) -> Household:
    """A single 30-year-old private renter in Hartlepool, £800 a month take-home, £500 rent."""
    defaults = dict(
        age=30,
        partner=False,
        housing="private_rent",
        rent_monthly=500,
        take_home_pay_monthly=800,
        savings=0,
    )
    return Household(**{**defaults, **answers})


def test_low_paid_private_renter_gets_universal_credit(gov) -> None:
    uc = gov.dwp.universal_credit
    sim = estimates.simulate(renter())
    # Under 35 and single: housing is capped at Teesside's shared accommodation rate.
    housing = float(sim.calculate("uc_LHA_cap", YEAR)[0]) / 12
    assert housing < 500
    taper = uc.means_test.reduction_rate * 800
    expected = uc.standard_allowance.amount.SINGLE_OLD + housing - taper
    got = estimates.estimate_monthly(renter())
    assert got["universal_credit"] > 0
    assert got["universal_credit"] == pytest.approx(expected, abs=2.5)


def test_savings_over_the_limit_mean_no_universal_credit() -> None:
    assert "universal_credit" not in estimates.estimate_monthly(renter(savings=20_000))


def test_pensioner_couple_on_a_low_income_gets_pension_credit(gov) -> None:
    couple = Household(
        age=72,
        partner=True,
        partner_age=70,
        housing="own",
        pension_age_income_monthly=900,
        savings=0,
    )
    got = estimates.estimate_monthly(couple)
    guarantee = gov.dwp.pension_credit.guarantee_credit.minimum_guarantee.COUPLE * 52 / 12
    assert got["pension_credit"] == pytest.approx(guarantee - 900, abs=2.5)
    assert "universal_credit" not in got
    # The national pension-age Council Tax Reduction scheme, on Hartlepool's Band A.
    band_a = gov.local_authorities.council_tax.band_d.amounts.HARTLEPOOL * 6 / 9
    assert got["council_tax_reduction"] == pytest.approx(band_a / 12, abs=2.5)


def test_mixed_age_couple_gets_universal_credit_not_pension_credit() -> None:
    got = estimates.estimate_monthly(
        Household(
            age=68,
            partner=True,
            partner_age=55,
            housing="social_rent",
            rent_monthly=400,
            take_home_pay_monthly=900,
        )
    )
    assert "pension_credit" not in got
    assert got["universal_credit"] > 0


def test_two_children_get_child_benefit_at_this_years_rates(gov) -> None:
    rates = gov.hmrc.child_benefit.amount
    weekly = rates.eldest + rates.additional
    got = estimates.estimate_monthly(Household(children_ages=(4, 7)))
    assert got["child_benefit"] == pytest.approx(weekly * 52 / 12, abs=2.5)


def test_household_is_placed_in_hartlepool_and_teesside() -> None:
    sim = estimates.simulate(renter())
    assert sim.calculate("brma", YEAR).decode_to_str()[0] == "TEESSIDE"
    assert sim.calculate("local_authority", YEAR).decode_to_str()[0] == "HARTLEPOOL"
    assert sim.calculate("region", YEAR).decode_to_str()[0] == "NORTH_EAST"


@pytest.mark.parametrize(
    "unknown",
    [{"age": None}, {"take_home_pay_monthly": None}, {"partner": None}],
    ids=["age", "income", "partner"],
)
def test_unknown_answers_give_no_means_tested_estimate(unknown) -> None:
    got = estimates.estimate_monthly(renter(children_ages=(3,), **unknown))
    assert not MEANS_TESTED & got.keys()
    assert got["child_benefit"] > 0  # needs only the children


def test_unknown_rent_gives_no_universal_credit() -> None:
    assert "universal_credit" not in estimates.estimate_monthly(renter(rent_monthly=None))


def test_gross_up_gives_back_the_take_home_pay() -> None:
    for monthly in (800, 2_000, 4_500):
        sim = estimates.simulate(renter(take_home_pay_monthly=monthly))
        taxes = sim.calculate("income_tax", YEAR) + sim.calculate("national_insurance", YEAR)
        net = float((sim.calculate("employment_income", YEAR) - taxes)[0])
        assert net == pytest.approx(monthly * 12, abs=2)


def test_system_is_built_once() -> None:
    estimates.warm_up()
    before = estimates._system.cache_info()
    estimates.estimate_monthly(renter())
    estimates.estimate_monthly(renter(savings=20_000))
    after = estimates._system.cache_info()
    assert after.misses == before.misses
    assert after.hits >= before.hits + 2
    assert after.currsize == 1


def test_estimates_need_no_network(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"estimates tried the network: {args[1:]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    estimates._system.cache_clear()  # rebuild the system too, with the network refused
    assert estimates.estimate_monthly(renter())["universal_credit"] > 0


@pytest.mark.parametrize(
    ("amount", "rounded"), [(0.4, 0.0), (7.6, 8.0), (19.4, 19.0), (22.4, 20.0), (273.9, 275.0)]
)
def test_rounding(amount: float, rounded: float) -> None:
    assert estimates.round_monthly(amount) == rounded
