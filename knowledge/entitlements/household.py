"""The household a resident describes: the request of POST /api/entitlements/check.

Every field is optional. A missing answer means "don't know", and the rules
never read it as yes or no. Bad answers fail with one plain sentence per field,
which the app's 422 handler puts after the field's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from knowledge.entitlements.pension_age import StatePensionAge

EntitlementId = Literal[
    "universal_credit",
    "pension_credit",
    "housing_benefit",
    "council_tax_reduction",
    "child_benefit",
    "free_school_meals",
    "healthy_start",
    "pip",
    "attendance_allowance",
    "carers_allowance",
    "warm_home_discount",
    "discretionary_housing_payment",
    "household_support",
    "disabled_facilities_grant",
]
ENTITLEMENT_IDS: tuple[str, ...] = get_args(EntitlementId)
Stage = Literal["working", "pension"]  # who claims: Universal Credit or Pension Credit
HousingType = Literal["social_rent", "private_rent", "own", "supported", "other"]
RENTING: frozenset[str] = frozenset({"social_rent", "private_rent", "supported"})

MAX_CHILDREN = 12


@dataclass(frozen=True)
class PensionAgeAnswer:
    """Whether one person has reached State Pension age, from what they told us."""

    reached: bool | None  # None: what we know cannot tell
    told: bool  # an age or a birth month was given

    @property
    def unclear(self) -> bool:
        """An age or birth month given, but it cannot tell which side of the age they are."""
        return self.told and self.reached is None


def stage_of(answers: Sequence[PensionAgeAnswer]) -> Stage | None:
    """Universal Credit while anyone is under State Pension age (a mixed-age couple
    too), else Pension Credit; None when what decides it is not known."""
    reached = [answer.reached for answer in answers]
    if False in reached:
        return "working"
    if None in reached:
        return None
    return "pension"


def _must(problem: str) -> WrapValidator:
    """Say what the whole field must be, instead of pydantic's wording for each part."""

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError("household_answer", problem) from None

    return WrapValidator(validate)


Age = Annotated[int, Field(ge=16, le=120), _must("must be a whole number of years from 16 to 120")]
Money = Annotated[
    float,
    Field(ge=0, le=1_000_000, allow_inf_nan=False),
    _must("must be an amount in pounds from 0 to 1,000,000"),
]
BirthMonth = Annotated[
    str,
    Field(pattern=r"^(19[0-9]{2}|20[0-9]{2})-(0[1-9]|1[0-2])$"),
    _must("must be a year and month of birth, like 1960-11"),
]
YesNo = Annotated[bool, _must("must be true or false")]
ChildrenAges = Annotated[
    tuple[Annotated[int, Field(ge=0, le=19)], ...],
    Field(max_length=MAX_CHILDREN),
    _must(f"must list up to {MAX_CHILDREN} ages, each a whole number from 0 to 19"),
]
Housing = Annotated[
    HousingType, _must("must be one of social_rent, private_rent, own, supported or other")
]
Receives = Annotated[
    tuple[EntitlementId, ...],
    # No household gets more than every entitlement the check knows, once each.
    Field(max_length=len(ENTITLEMENT_IDS)),
    _must("must list only entitlement ids this check knows, such as universal_credit"),
]


class Household(BaseModel):
    """What the resident told us; None is "don't know". Money is per month."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age: Age | None = None
    partner: YesNo | None = None
    partner_age: Age | None = None
    born_month: BirthMonth | None = Field(
        default=None,
        description=(
            "Year and month of birth, like 1960-11: asked only when the age alone cannot "
            "tell whether State Pension age has been reached."
        ),
    )
    partner_born_month: BirthMonth | None = None
    children_ages: ChildrenAges | None = None
    housing: Housing | None = None
    rent_monthly: Money | None = None
    take_home_pay_monthly: Money | None = Field(
        default=None, description="The household's take-home pay (after tax), per month."
    )
    pension_age_income_monthly: Money | None = Field(
        default=None,
        description=(
            "From State Pension age: all the household's income per month after tax, "
            "State Pension and other pensions included (Pension Credit counts them all)."
        ),
    )
    savings: Money | None = None
    disability: YesNo | None = None
    care_needs: YesNo | None = None
    caring_35_hours: YesNo | None = None
    receives: Receives = Field(
        default=(), description="Entitlement ids the household already gets."
    )

    @model_validator(mode="before")
    @classmethod
    def _partner_age_means_a_partner(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("partner") is None and data.get("partner_age"):
            return {**data, "partner": True}
        return data

    @field_validator("partner_age")
    @classmethod
    def _only_with_a_partner(cls, partner_age: int | None, info) -> int | None:
        if partner_age is not None and info.data.get("partner") is False:
            raise PydanticCustomError("household_answer", "must be left out when partner is false")
        return partner_age

    @property
    def children(self) -> tuple[int, ...]:
        return self.children_ages or ()

    @property
    def renting(self) -> bool:
        return self.housing in RENTING

    def pension_age_answers(
        self, spa: StatePensionAge, today: date
    ) -> tuple[PensionAgeAnswer, ...]:
        """Each person's answer: the resident's first, then the partner's if there is one."""
        people = [(self.age, self.born_month)]
        if self.partner:
            people.append((self.partner_age, self.partner_born_month))
        return tuple(
            PensionAgeAnswer(spa.reached(age, born, today), age is not None or born is not None)
            for age, born in people
        )

    def stage(self, spa: StatePensionAge, today: date) -> Stage | None:
        """Who claims: see `stage_of`."""
        return stage_of(self.pension_age_answers(spa, today))

    def income_monthly(self, spa: StatePensionAge, today: date) -> float | None:
        """The income the means tests read: all of it at Pension Credit age, else pay."""
        if self.stage(spa, today) == "pension":
            return self.pension_age_income_monthly
        return self.take_home_pay_monthly

    def gets(self, *entitlements: str) -> bool:
        """True if the household already receives any of these."""
        return any(e in self.receives for e in entitlements)

    def told_us_nothing(self) -> bool:
        return not self.model_dump(exclude_defaults=True)
