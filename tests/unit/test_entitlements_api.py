"""POST /api/entitlements/check in-process: the contract, bad answers and "don't know"."""

from __future__ import annotations

import logging
import sys

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings

URL = "/api/entitlements/check"
RESULT_KEYS = {
    "id",
    "title",
    "reason",
    "how_to_claim",
    "estimate_monthly",
    "source_url",
    "verified",
}
LOW_PAID_RENTER = {
    "age": 30,
    "partner": False,
    "children_ages": [],
    "housing": "private_rent",
    "rent_monthly": 475,
    "take_home_pay_monthly": 950.5,
    "savings": 300,
    "disability": False,
    "care_needs": False,
    "caring_35_hours": False,
    "receives": [],
}


@pytest.fixture
def client(settings: Settings, monkeypatch):
    # Amounts come from an optional extra that is slow to start; the rules tests cover it.
    monkeypatch.setitem(sys.modules, "knowledge.entitlements.estimates", None)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_happy_path_lists_what_a_low_paid_renter_may_get(client: TestClient) -> None:
    response = client.post(URL, json=LOW_PAID_RENTER)
    assert response.status_code == 200
    ids = [r["id"] for r in response.json()["results"]]
    assert ids[0] == "universal_credit"
    assert {"council_tax_reduction", "warm_home_discount"} <= set(ids)


def test_the_reply_has_exactly_the_contract_shape(client: TestClient) -> None:
    body = client.post(URL, json=LOW_PAID_RENTER).json()
    assert set(body) == {"tax_year", "results", "notes"}
    assert body["tax_year"] == "2026-27"
    assert all(isinstance(note, str) for note in body["notes"])
    for result in body["results"]:
        assert set(result) == RESULT_KEYS
        assert set(result["how_to_claim"]) == {"url", "phone"}
        assert result["estimate_monthly"] is None  # no estimates extra here
        assert isinstance(result["verified"], bool)
        assert result["source_url"].startswith("https://")
    universal_credit = body["results"][0]
    assert universal_credit["how_to_claim"]["phone"] == "0800 328 5644"
    assert "Amounts are not available on this system." in body["notes"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"age": "old"}, "age"),
        ({"age": 200}, "age"),
        ({"age": 15}, "age"),
        ({"partner_age": 121}, "partner_age"),
        ({"partner": False, "partner_age": 40}, "partner_age"),
        ({"children_ages": [-1]}, "children_ages"),
        ({"children_ages": [20]}, "children_ages"),
        ({"children_ages": [5] * 13}, "children_ages"),
        ({"housing": "castle"}, "housing"),
        ({"rent_monthly": -1}, "rent_monthly"),
        ({"take_home_pay_monthly": 1_000_001}, "take_home_pay_monthly"),
        ({"savings": "lots"}, "savings"),
        ({"disability": "maybe"}, "disability"),
        ({"receives": ["lottery"]}, "receives"),
        ({"receives": "universal_credit"}, "receives"),
        ({"receives": ["universal_credit"] * 500}, "receives"),
        ({"lottery_win": 5000}, "lottery_win"),
    ],
)
def test_bad_answers_get_a_422_naming_the_field(client: TestClient, body, field) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 422
    reply = response.json()
    assert [e["field"] for e in reply["errors"]] == [field]
    assert reply["detail"].startswith(f"The '{field}' field is not valid: ")
    assert reply["detail"].endswith(".")


def test_422_messages_read_well_and_never_echo_the_answer(client: TestClient) -> None:
    cases = {
        "age": ("old", "must be a whole number of years from 16 to 120"),
        "children_ages": ([-1], "must list up to 12 ages, each a whole number from 0 to 19"),
        "receives": (["lottery"], "must list only entitlement ids this check knows"),
        "savings": ("a secret stash", "must be an amount in pounds from 0 to 1,000,000"),
    }
    for field, (answer, wording) in cases.items():
        detail = client.post(URL, json={field: answer}).json()["detail"]
        assert wording in detail
        assert str(answer).strip("[]'") not in detail


def test_an_empty_body_is_all_dont_know(client: TestClient) -> None:
    for response in (client.post(URL, json={}), client.post(URL)):
        assert response.status_code == 200
        body = response.json()
        assert body["results"] == []
        assert body["notes"] and "adviser" in body["notes"][-1]


def test_no_sign_in_is_needed_and_the_household_is_never_logged(client, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    household = {**LOW_PAID_RENTER, "take_home_pay_monthly": 987.65, "rent_monthly": 432.1}
    assert client.post(URL, json=household).status_code == 200
    assert "987.65" not in caplog.text
    assert "432.1" not in caplog.text


def test_openapi_lists_the_route_under_entitlements(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"][URL]["post"]
    assert operation["tags"] == ["entitlements"]


def test_a_body_that_is_not_an_object_gets_a_plain_422(client) -> None:
    response = client.post("/api/entitlements/check", json=[1, 2])
    assert response.status_code == 422
    assert response.json()["detail"] == "The request body must be a JSON object."


def test_422s_never_send_back_long_or_many_unknown_field_names(client: TestClient) -> None:
    body = {"x" * 5000: 1, **{f"field{i}": 1 for i in range(200)}}
    response = client.post(URL, json=body)
    assert response.status_code == 422
    reply = response.json()
    assert len(reply["errors"]) <= 5
    assert all(len(e["field"]) <= 40 for e in reply["errors"])
    assert len(response.content) < 2000


def test_a_script_calling_the_check_too_fast_gets_a_kind_429(
    settings: Settings, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "knowledge.entitlements.estimates", None)
    quick = settings.model_copy(update={"entitlements_rate_per_client": "2/minute"})
    with TestClient(create_app(quick)) as client:
        codes = [client.post(URL, json={}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        response = client.post(URL, json={})
        assert response.json()["detail"].startswith("You are sending messages very quickly")
        assert int(response.headers["Retry-After"]) > 0
