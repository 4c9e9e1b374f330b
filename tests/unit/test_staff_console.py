"""The hub staff console: hub picker, staff chat counted for the hub, knowledge search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.accounts import create_user, find_user
from api.engine import EngineClient
from api.main import create_app
from core.db import session_scope
from core.settings import Settings
from demand.models import DemandEvent
from knowledge.hubs import hub_names
from tests.staff_pages import PASSWORD, all_routes, form_token
from tests.staff_pages import sign_in as sign_in_as

SOUTH = "south-community-hub"
ENERGY_REPLY = [
    {"text": "Here is help with gas and electric bills."},
    {"custom": {"need": "energy_bills", "outcome": "signposted"}},
]


@pytest.fixture
def app_settings(app_settings: Settings, content_url: str) -> Settings:
    """The shared settings, on a database with the real content loaded."""
    return app_settings.model_copy(update={"database_url": content_url})


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    with session_scope(app_settings.database_url) as db:
        for role in ("staff", "analyst", "admin"):
            create_user(db, f"{role}-user", role, PASSWORD)
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


def sign_in(client: TestClient, username: str = "staff-user") -> None:
    assert sign_in_as(client, username).status_code == 303


def csrf_token(client: TestClient) -> str:
    page = client.get("/staff", headers={"Accept": "text/html"})
    return form_token(page.text)


def choose_hub(client: TestClient, hub_id: str = SOUTH) -> str:
    """Pick a hub as the form does; returns the session's CSRF token."""
    token = csrf_token(client)
    data = {"hub_id": hub_id, "csrf_token": token}
    response = client.post("/staff/hub", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    return token


def hub_of(settings: Settings, username: str = "staff-user") -> str | None:
    with session_scope(settings.database_url) as db:
        return find_user(db, username).hub_id
    return None


@pytest.fixture
def staff_client(client: TestClient) -> TestClient:
    sign_in(client)
    return client


@pytest.fixture
def at_hub(staff_client: TestClient) -> tuple[TestClient, str]:
    return staff_client, choose_hub(staff_client)


# --- choosing a hub ---------------------------------------------------------------------


def test_the_hubs_are_the_hub_locations_in_the_knowledge_base() -> None:
    hubs = hub_names()
    assert hubs[SOUTH] == "Community Hub South"
    assert hubs["seaton-carew-community-hub"] == "Seaton Carew Community Hub"
    assert set(hubs) == {
        "central-community-hub",
        "north-community-hub",
        SOUTH,
        "coastal-community-hub",
        "seaton-carew-community-hub",
    }


def test_a_new_member_of_staff_is_asked_for_their_hub_first(staff_client) -> None:
    page = staff_client.get("/staff", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Which community hub are you working at?" in page.text
    for hub_id, name in hub_names().items():
        assert f'id="hub-{hub_id}" name="hub_id" type="radio"' in page.text
        assert f'for="hub-{hub_id}">{name}</label>' in page.text
    assert "<hartlepool-assistant" not in page.text


def test_choosing_a_hub_saves_it_and_opens_the_console(staff_client, app_settings) -> None:
    choose_hub(staff_client)
    assert hub_of(app_settings) == SOUTH
    page = staff_client.get("/staff", headers={"Accept": "text/html"})
    assert "You are helping a visitor at <strong" in page.text
    assert "Community Hub South" in page.text
    assert "Nothing about the visitor is stored." in page.text
    assert 'href="/staff/hub"' in page.text


def test_choosing_a_hub_needs_the_form_token(staff_client, app_settings) -> None:
    data = {"hub_id": SOUTH, "csrf_token": "forged"}
    assert staff_client.post("/staff/hub", data=data).status_code == 403
    assert staff_client.post("/staff/hub", data={"hub_id": SOUTH}).status_code == 403
    assert hub_of(app_settings) is None


def test_an_unknown_hub_gets_the_picker_again_with_an_error(staff_client, app_settings) -> None:
    data = {"hub_id": "nowhere-hub", "csrf_token": csrf_token(staff_client)}
    response = staff_client.post("/staff/hub", data=data)
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    assert "Choose the hub you are working at." in response.text
    assert hub_of(app_settings) is None


def test_the_hub_can_be_changed_later(at_hub, app_settings) -> None:
    client, token = at_hub
    page = client.get("/staff/hub", headers={"Accept": "text/html"})
    assert 'value="south-community-hub" checked' in page.text
    data = {"hub_id": "north-community-hub", "csrf_token": token}
    assert client.post("/staff/hub", data=data, follow_redirects=False).status_code == 303
    assert hub_of(app_settings) == "north-community-hub"


# --- the console page -------------------------------------------------------------------


def test_the_console_embeds_the_residents_assistant_and_the_search(at_hub) -> None:
    client, token = at_hub
    page = client.get("/staff", headers={"Accept": "text/html"}).text
    assert '<hartlepool-assistant mode="inline" endpoint="/staff/api/chat"' in page
    assert f'csrf-token="{token}"' in page
    assert '<script src="/static/widget.js" defer></script>' in page
    assert '/static/staff.js" defer' in page and '/static/staff.css"' in page
    assert 'role="status"' in page
    for control in ("search-need", "search-text", "search-area"):
        assert f'<label class="label" for="{control}">' in page
    assert '<option value="energy_bills">Gas and electric bills</option>' in page
    assert 'id="summary-panel"' in page and "Summary for your visitor" in page
    assert "The council did not keep a copy." in page
    assert "<script>" not in page and "style=" not in page  # ready for the strict CSP


def test_an_admin_may_use_the_console(client) -> None:
    sign_in(client, "admin-user")
    assert client.get("/staff", headers={"Accept": "text/html"}).status_code == 200


def test_an_analyst_is_refused_every_staff_route(client) -> None:
    sign_in(client, "analyst-user")
    routes = [r for r in all_routes(client.app.routes) if r.path.startswith("/staff")]
    assert {r.path for r in routes} >= {"/staff", "/staff/hub", "/staff/api/chat"}
    for route in routes:
        for method in route.methods:
            assert client.request(method, route.path).status_code == 403, (method, route.path)
    forbidden = client.get("/staff", headers={"Accept": "text/html"})
    assert forbidden.status_code == 403 and "You cannot open this page" in forbidden.text


# --- chat at the hub --------------------------------------------------------------------


@pytest.fixture
def stub_engine(monkeypatch) -> None:
    monkeypatch.setattr(EngineClient, "send", lambda self, sender, text: ENERGY_REPLY)


def test_staff_chat_is_counted_for_the_hub(at_hub, app_settings, stub_engine) -> None:
    client, token = at_hub
    message = {"message": "my gas bill is too high, I'm Sarah"}
    response = client.post("/staff/api/chat", json=message, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    body = response.json()
    assert body["need"] == "energy_bills" and body["session_id"]
    assert body["replies"][0]["text"].startswith("Here is help")
    again = {"message": "thanks", "session_id": body["session_id"]}
    follow_up = client.post("/staff/api/chat", json=again, headers={"X-CSRF-Token": token})
    assert follow_up.json()["session_id"] == body["session_id"]
    with session_scope(app_settings.demand_url) as db:
        events = list(db.scalars(select(DemandEvent)))
    assert events and all((e.channel, e.hub_id) == ("hub", SOUTH) for e in events)
    assert events[0].need_id == "energy_bills"
    assert "Sarah" not in repr([e.__dict__ for e in events])


@pytest.mark.parametrize("headers", [{}, {"X-CSRF-Token": "forged"}])
def test_staff_chat_needs_the_csrf_header(at_hub, stub_engine, headers) -> None:
    client, _ = at_hub
    response = client.post("/staff/api/chat", json={"message": "hello"}, headers=headers)
    assert response.status_code == 403


def test_staff_chat_without_a_hub_is_a_conflict(staff_client, stub_engine) -> None:
    token = csrf_token(staff_client)
    response = staff_client.post(
        "/staff/api/chat", json={"message": "hello"}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Choose your hub first."


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"message": ""}, "Please type a message of 1 to 1,000 characters."),
        ({"message": "x" * 1001}, "Please type a message of 1 to 1,000 characters."),
        (None, "The request body must be valid JSON."),
    ],
)
def test_staff_chat_explains_bad_messages_like_the_residents_chat(
    at_hub, stub_engine, body, problem
) -> None:
    client, token = at_hub
    response = client.post("/staff/api/chat", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    assert response.json()["detail"] == problem


def test_staff_chat_checks_sign_in_before_the_body(client) -> None:
    response = client.post(
        "/staff/api/chat", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401


# --- knowledge search -------------------------------------------------------------------


def search(client: TestClient, **params: str):
    return client.get("/staff/api/search", params=params)


def test_search_by_need_gives_that_needs_cards_local_first(at_hub) -> None:
    client, _ = at_hub
    response = search(client, need="energy_bills")
    assert response.status_code == 200
    cards = response.json()["services"]
    assert cards and len(cards) <= 10
    assert cards[0]["id"] == "hbc-crisis-and-resilience-fund"
    assert all(card["need"] == "energy_bills" for card in cards)
    assert {"hours_by_day", "opening_today", "what_to_bring", "phone"} <= set(cards[0])


def test_search_by_words(at_hub) -> None:
    client, _ = at_hub
    cards = search(client, q="food bank").json()["services"]
    assert "hartlepool-foodbank-parcels" in [card["id"] for card in cards]
    assert all(card["need"] for card in cards)


def test_search_by_area_puts_the_local_hub_first(at_hub) -> None:
    client, _ = at_hub
    cards = search(client, area="TS25").json()["services"]
    assert cards[0]["hub"] == SOUTH and cards[0]["name"] == "Community Hub South"
    assert "Wynyard Road" in cards[0]["address"]
    with_need = search(client, area="Headland", need="energy_bills").json()["services"]
    assert with_need[0]["hub"] == "central-community-hub"
    assert with_need[1]["id"] == "hbc-crisis-and-resilience-fund"


def test_search_outside_hartlepool_says_so(at_hub) -> None:
    client, _ = at_hub
    body = search(client, area="DH1 3LE", need="energy_bills").json()
    assert body["notes"] and body["services"][0]["need"] == "energy_bills"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "'need'"),
        ({"need": "   ", "q": ""}, "'need'"),
        ({"need": "not_a_need"}, "'need'"),
        ({"q": "x" * 201}, "'q'"),
        ({"area": "zzzz qqqq"}, "'area'"),
        ({"area": "y" * 101}, "'area'"),
    ],
)
def test_search_refuses_bad_input_naming_the_field(at_hub, params, field) -> None:
    client, _ = at_hub
    response = search(client, **params)
    assert response.status_code == 422
    assert field in response.json()["detail"]


def test_search_words_are_never_logged(at_hub, caplog) -> None:
    client, _ = at_hub
    caplog.set_level("DEBUG")
    search(client, q="Sarah Jones rent arrears", area="TS24 8AB")
    # The test client itself logs the URL it asks for; the app must log nothing of it.
    app_lines = [r.getMessage() for r in caplog.records if not r.name.startswith("http")]
    assert not any("Sarah" in line or "8AB" in line for line in app_lines)
