"""The entitlements check's reply: a contract the chat form and the page depend on.

The request is the Household model in knowledge/entitlements/household.py.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class HowToClaim(BaseModel):
    url: str
    phone: str | None = Field(description="A public number, as residents dial it, or null.")


class Entitlement(BaseModel):
    id: str
    title: str
    reason: str = Field(description="Why it may apply, in plain words.")
    how_to_claim: HowToClaim
    estimate_monthly: float | None = Field(
        description="A rough £ a month, or null when no estimate is available."
    )
    source_url: str = Field(description="The official page the rule comes from.")
    verified: bool = Field(description="False until the council has checked the figures.")


class EntitlementCheckResponse(BaseModel):
    tax_year: str = Field(examples=["2026-27"])
    results: list[Entitlement] = Field(description="Most valuable first.")
    notes: list[str]
