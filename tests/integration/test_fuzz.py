"""A bounded fuzz run of the public API on the real stack: no request gets a 5xx.

Schemathesis generates requests from /openapi.json, valid and invalid (its positive
and negative modes), for every
operation: the residents' chat and entitlements check, the Open Referral API and,
signed in as an analyst, the figures. Any 5xx fails the test, with the request
that caused it.
"""

from __future__ import annotations

import re

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from api.accounts import create_user
from core.db import session_scope
from launcher.stack import Stack

EXAMPLES_PER_OPERATION = 30
ANALYST_PASSWORD = "fuzzing kettle anchor"


def _base_url(stack: Stack) -> str:
    return f"http://{stack.settings.api_host}:{stack.settings.api_port}"


@pytest.fixture(scope="module")
def analyst_cookie(stack: Stack) -> dict[str, str]:
    """Signed in as an analyst, so the figures' parameters are fuzzed, not just refused."""
    with session_scope(stack.settings.database_url) as db:
        create_user(db, "fuzz-analyst", "analyst", ANALYST_PASSWORD)
    with httpx.Client(base_url=_base_url(stack)) as client:
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        data = {"username": "fuzz-analyst", "password": ANALYST_PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code in (200, 303)
        return {"Cookie": f"assistant_staff={client.cookies['assistant_staff']}"}


def test_no_request_gets_a_server_error(stack: Stack, analyst_cookie: dict[str, str]) -> None:
    # Hypothesis drives each operation here rather than through schemathesis's pytest
    # plugin, whose lazy fixtures do not work with pytest 9.
    schema = schemathesis.openapi.from_url(f"{_base_url(stack)}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @fuzz_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,  # nothing written to .hypothesis/
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=st.one_of(*(operation.as_strategy(mode) for mode in schemathesis.GenerationMode))
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=analyst_cookie, checks=[not_a_server_error])

        no_server_error()
