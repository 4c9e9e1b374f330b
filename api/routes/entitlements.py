"""POST /api/entitlements/check: what a household may be able to get, and why.

No sign-in: residents and the action server call it. The household is personal
information, so it is never logged.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.schemas_entitlements import EntitlementCheckResponse
from knowledge.entitlements.household import Household
from knowledge.entitlements.rules import check

router = APIRouter(prefix="/api/entitlements", tags=["entitlements"])


@router.post("/check", response_model=EntitlementCheckResponse)
def check_entitlements(household: Household | None = None) -> EntitlementCheckResponse:
    """Every answer is optional; a missing one means "don't know". No body is the same as {}."""
    result = check(household or Household())
    return EntitlementCheckResponse.model_validate(result.model_dump())
