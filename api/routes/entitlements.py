"""POST /api/entitlements/check: what a household may be able to get, and why.

No sign-in: residents and the action server call it, within rate limits
(api/rate_limits.py). The household is personal information, so it is never logged.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.schemas_entitlements import EntitlementCheckResponse
from knowledge.entitlements.household import Household
from knowledge.entitlements.rules import check

router = APIRouter(prefix="/api/entitlements", tags=["entitlements"])


@router.post("/check", response_model=EntitlementCheckResponse)
def check_entitlements(
    http: Request, household: Household | None = None
) -> EntitlementCheckResponse:
    """Every answer is optional; a missing one means "don't know". No body is the same as {}."""
    http.app.state.limits.entitlements_check(http)
    result = check(household or Household())
    return EntitlementCheckResponse.model_validate(result.model_dump())
