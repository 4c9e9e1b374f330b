"""A tax year's entitlement ruleset, read from YAML and checked on loading.

Every threshold, source URL, reason and note lives in the YAML
(rules_<tax year>.yml); these models say what the YAML must hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.entitlements.household import ENTITLEMENT_IDS, EntitlementId
from knowledge.entitlements.pension_age import StatePensionAge
from knowledge.entries import PhoneNumber

RULES_DIR = Path(__file__).parent
CURRENT_TAX_YEAR = "2026-27"
WEEKS_PER_MONTH = 52 / 12
COUNCIL_TAX_PAYERS = frozenset({"own", "social_rent", "private_rent"})  # "supported" often not
# Sources must be official: GOV.UK (legislation and the council included) or the NHS.
SourceUrl = Annotated[str, Field(pattern=r"^https://([a-z0-9-]+\.)*(gov|nhs)\.uk(/\S*)?$")]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StandardAllowance(Frozen):
    single_under_25: float
    single_25_or_over: float
    couple_both_under_25: float
    couple_25_or_over: float


class UniversalCreditFigures(Frozen):
    minimum_age: int
    child_under: int
    standard_allowance: StandardAllowance
    child_element: float
    work_allowance_with_housing: float
    work_allowance_without_housing: float
    taper: float
    savings_lower: float
    savings_upper: float
    savings_step: float
    savings_step_income: float


class PensionCreditFigures(Frozen):
    guarantee_single_weekly: float
    guarantee_couple_weekly: float
    savings_disregard: float
    savings_step: float
    savings_step_income_weekly: float


class HousingBenefitFigures(Frozen):
    taper: float
    savings_upper: float


class ChildBenefitFigures(Frozen):
    child_under: int
    young_person_under: int
    high_income_charge_from: float


class FreeSchoolMealsFigures(Frozen):
    infant_ages_from: int
    infant_ages_to: int
    universal_credit_ages_from: int
    universal_credit_ages_to: int


class HealthyStartFigures(Frozen):
    child_under: int
    universal_credit_pay_limit_monthly: float


class PipFigures(Frozen):
    minimum_age: int


class CarersAllowanceFigures(Frozen):
    earnings_limit_weekly: float


class WarmHomeDiscountFigures(Frozen):
    rebate: float


class Figures(Frozen):
    state_pension_age: StatePensionAge
    universal_credit: UniversalCreditFigures
    pension_credit: PensionCreditFigures
    housing_benefit: HousingBenefitFigures
    child_benefit: ChildBenefitFigures
    free_school_meals: FreeSchoolMealsFigures
    healthy_start: HealthyStartFigures
    pip: PipFigures
    carers_allowance: CarersAllowanceFigures
    warm_home_discount: WarmHomeDiscountFigures

    def placeholders(self) -> dict[str, str]:
        """Values that reasons and notes may quote, as residents read them."""
        return {
            "uc_savings_upper": _pounds(self.universal_credit.savings_upper),
            "pc_savings_disregard": _pounds(self.pension_credit.savings_disregard),
            "hb_savings_upper": _pounds(self.housing_benefit.savings_upper),
            "ca_earnings_limit": _pounds(self.carers_allowance.earnings_limit_weekly),
            "hs_pay_limit": _pounds(self.healthy_start.universal_credit_pay_limit_monthly),
            "whd_rebate": _pounds(self.warm_home_discount.rebate),
            "child_benefit_charge_from": _pounds(self.child_benefit.high_income_charge_from),
            "state_pension_age": str(self.state_pension_age.years),
            "state_pension_age_rising_to": str(self.state_pension_age.years_after_rise),
        }


def _pounds(amount: float) -> str:
    return f"£{amount:,.0f}" if amount == int(amount) else f"£{amount:,.2f}"


class HowToClaim(Frozen):
    url: SourceUrl
    phone: PhoneNumber | None


class Route(Frozen):
    test: str
    source_url: SourceUrl
    verified: bool
    reasons: dict[str, str]  # the keys a test may return; rules.py checks they are all here


class Rule(Frozen):
    id: EntitlementId
    title: str
    how_to_claim: HowToClaim
    routes: list[Route] = Field(min_length=1)


class UnknownNotes(Frozen):
    age: str
    partner_age: str
    partner: str
    children_ages: str
    housing: str
    rent_monthly: str
    take_home_pay_monthly: str
    pension_age_income_monthly: str
    savings: str
    disability: str
    caring_35_hours: str


class Notes(Frozen):
    may_get: str
    nothing_found: str
    nothing_known: str
    adviser: str
    amounts_unavailable: str
    child_benefit_charge: str
    state_pension_age_rising: str
    carer_underlying: str
    pension_credit_can_be_higher: str
    unknown: UnknownNotes


class Ruleset(Frozen):
    tax_year: Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]
    figures: Figures
    rules: list[Rule]
    notes: Notes

    @model_validator(mode="after")
    def _one_rule_per_entitlement_and_every_text_renders(self) -> Ruleset:
        ids = [rule.id for rule in self.rules]
        if sorted(ids) != sorted(ENTITLEMENT_IDS):
            raise ValueError(f"need exactly one rule for each of {', '.join(ENTITLEMENT_IDS)}")
        for text in self.texts():
            self.render(text)  # a KeyError names a placeholder that does not exist
        return self

    def texts(self) -> Iterator[str]:
        for rule in self.rules:
            for route in rule.routes:
                yield from route.reasons.values()
        notes = self.notes.model_dump()
        yield from notes.pop("unknown").values()
        yield from notes.values()

    def render(self, text: str) -> str:
        return text.format(**self.figures.placeholders())


class Result(Frozen):
    id: str
    title: str
    reason: str
    how_to_claim: HowToClaim
    estimate_monthly: float | None
    source_url: str
    verified: bool


class CheckResult(Frozen):
    tax_year: str
    results: tuple[Result, ...]
    notes: tuple[str, ...]


class RulesetError(Exception):
    """The ruleset file is missing or wrong; the message names the file and the field."""


def ruleset_path(tax_year: str) -> Path:
    """The tax year's rules file: "2026-27" is rules_2026_27.yml."""
    return RULES_DIR / f"rules_{tax_year.replace('-', '_')}.yml"


@lru_cache
def load_ruleset(tax_year: str = CURRENT_TAX_YEAR) -> Ruleset:
    path = ruleset_path(tax_year)
    try:
        return Ruleset.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise RulesetError(f"{path.name}: {error}") from error
