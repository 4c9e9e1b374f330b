"""Cross-origin access: council sites may call the resident API; anyone may read ORUK."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import Settings

COUNCIL = "https://www.hartlepool.gov.uk"


@pytest.fixture
def client(settings: Settings):
    with TestClient(create_app(settings.model_copy(update={"cors_origins": [COUNCIL]}))) as c:
        yield c


def preflight(client: TestClient, path: str, origin: str):
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    return client.options(path, headers=headers)


def test_a_council_site_may_call_the_chat_api(client: TestClient) -> None:
    response = preflight(client, "/api/chat", COUNCIL)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == COUNCIL
    reply = client.post("/api/chat", json={"message": "hi"}, headers={"Origin": COUNCIL})
    assert reply.headers["access-control-allow-origin"] == COUNCIL


def test_other_sites_may_not(client: TestClient) -> None:
    assert preflight(client, "/api/chat", "https://evil.example").status_code == 400
    reply = client.post("/api/chat", json={"message": "hi"}, headers={"Origin": "https://x.y"})
    assert "access-control-allow-origin" not in reply.headers


def test_open_referral_is_open_to_everyone(client: TestClient) -> None:
    response = client.get("/oruk/services", headers={"Origin": "https://anyone.example"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_staff_pages_are_same_origin_only(client: TestClient) -> None:
    response = client.get("/login", headers={"Origin": COUNCIL})
    assert "access-control-allow-origin" not in response.headers
