"""Staff sign-in: roles on every staff route, CSRF, throttling, cookies and headers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.__main__ import main as accounts_command
from api.accounts import authenticate, create_user
from api.main import create_app
from core.db import session_scope
from core.settings import Settings
from tests.staff_pages import PASSWORD, all_routes, form_token, sign_in

STAFF_PREFIXES = ("/analytics", "/staff")


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    with session_scope(app_settings.database_url) as db:
        for role in ("staff", "analyst", "admin"):
            create_user(db, f"{role}-user", role, PASSWORD)
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


def staff_routes(client: TestClient) -> list[APIRoute]:
    return [r for r in all_routes(client.app.routes) if r.path.startswith(STAFF_PREFIXES)]


def concrete(path: str) -> str:
    return path.replace("{table_id}", "by_need")


def test_there_are_staff_routes_to_check(client: TestClient) -> None:
    assert {r.path for r in staff_routes(client)} >= {"/analytics", "/analytics/figures.json"}


def test_every_staff_route_refuses_anyone_not_signed_in(client: TestClient) -> None:
    for route in staff_routes(client):
        for method in route.methods:
            response = client.request(method, concrete(route.path))
            assert response.status_code == 401, (method, route.path)


def test_analyst_routes_refuse_the_staff_role_and_admit_analysts_and_admins(client) -> None:
    routes = [r for r in staff_routes(client) if r.path.startswith("/analytics")]
    for username, expected in (("staff-user", 403), ("analyst-user", 200), ("admin-user", 200)):
        client.cookies.clear()
        assert sign_in(client, username).status_code == 303
        for route in routes:
            assert client.get(concrete(route.path)).status_code == expected, (username, route)


def test_a_browser_asking_for_a_page_gets_the_sign_in_form(client: TestClient) -> None:
    response = client.get("/analytics?granularity=week", headers={"Accept": "text/html"})
    assert response.status_code == 401
    assert 'name="next" value="/analytics?granularity=week"' in response.text


def test_signing_in_sets_a_safe_cookie_and_goes_to_the_start_page(client: TestClient) -> None:
    response = sign_in(client, "analyst-user")
    assert response.status_code == 303
    assert response.headers["location"] == "/analytics"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_cookies_are_secure_by_default_away_from_this_machine(settings: Settings) -> None:
    with session_scope(settings.database_url) as db:
        create_user(db, "remote", "analyst", PASSWORD)
    with TestClient(create_app(settings), base_url="https://council.example") as client:
        response = sign_in(client, "remote")
    assert "secure" in response.headers["set-cookie"].lower()


def test_sign_in_returns_only_to_this_site(client: TestClient) -> None:
    response = sign_in(client, "analyst-user", next="https://evil.example/")
    assert response.headers["location"] == "/analytics"
    response = sign_in(client, "analyst-user", next="/analytics?channel=hub")
    assert response.headers["location"] == "/analytics?channel=hub"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client) -> None:
    for username in ("analyst-user", "nobody"):
        response = sign_in(client, username, "not the password")
        assert response.status_code == 401
        assert "The username or password is not right." in response.text


def test_sign_in_without_the_form_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    data = {"username": "analyst-user", "password": PASSWORD, "csrf_token": "forged"}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 403


def test_repeated_failures_are_throttled_even_with_the_right_password(client) -> None:
    for _ in range(5):
        assert sign_in(client, "analyst-user", "guess guess guess").status_code == 401
    response = sign_in(client, "analyst-user")
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_sign_in_says_plainly_when_its_counts_cannot_be_reached(
    app_settings: Settings, dead_redis_url: str
) -> None:
    down = app_settings.model_copy(update={"rate_limit_storage": dead_redis_url})
    with session_scope(down.database_url) as db:
        create_user(db, "analyst-user", "analyst", PASSWORD)
    with TestClient(create_app(down)) as client:
        response = sign_in(client, "analyst-user")
    assert response.status_code == 503
    assert "Signing in is not working just now" in response.text


def test_signing_out_ends_the_session(client: TestClient) -> None:
    sign_in(client, "analyst-user")
    page = client.get("/analytics", headers={"Accept": "text/html"})
    token = form_token(page.text)
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/analytics/figures.json").status_code == 401


def test_signing_out_needs_the_form_token(client: TestClient) -> None:
    sign_in(client, "analyst-user")
    refused = client.post("/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert "You are still signed in" in refused.text
    assert client.get("/analytics/figures.json").status_code == 200


@pytest.mark.parametrize("path", ["/", "/healthz", "/login", "/oruk/services", "/static/govuk.css"])
def test_resident_pages_need_no_sign_in_and_carry_security_headers(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_chat_api_needs_no_sign_in(client: TestClient) -> None:
    assert client.post("/api/chat", json={"message": "hello"}).status_code == 200


def test_accounts_command_creates_and_resets(app_settings, monkeypatch, capsys) -> None:
    from core.settings import get_settings

    monkeypatch.setenv("ASSISTANT_DATABASE_URL", app_settings.database_url)
    get_settings.cache_clear()
    try:
        assert accounts_command(["create-user", "Jo", "--role", "staff"]) == 0
        first = re.search(r"Password: (\S+)", capsys.readouterr().out).group(1)
        assert accounts_command(["reset-password", "jo"]) == 0
        second = re.search(r"Password: (\S+)", capsys.readouterr().out).group(1)
        assert accounts_command(["create-user", "jo", "--role", "staff"]) == 1
        assert "already a user called jo" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    with session_scope(app_settings.database_url) as db:
        assert authenticate(db, "jo", first) is None
        assert authenticate(db, "JO", second) is not None


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("            ", "only spaces"),
        ("\u00a0\u3000\t          ", "only spaces"),
        ("aaaaaaaaaaaaaaaa", "one character repeated"),
        ("password1234", "too common"),  # on the common-passwords list
        ("Password2026!", "too common"),  # a common word with the usual ending
        ("  qwertyuiop123  ", "too common"),
        ("Hartlepool2026", "too common"),  # the council's own name
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app_settings, password, why) -> None:
    from api.accounts import AccountError

    with session_scope(app_settings.database_url) as db, pytest.raises(AccountError, match=why):
        create_user(db, "weak", "staff", password)


def test_three_random_words_make_a_good_password(app_settings: Settings) -> None:
    with session_scope(app_settings.database_url) as db:
        assert create_user(db, "words", "staff", "kettle marina anchor") is not None


def test_short_passwords_are_refused(app_settings: Settings) -> None:
    from api.accounts import AccountError

    with (
        session_scope(app_settings.database_url) as db,
        pytest.raises(AccountError, match="at least 12"),
    ):
        create_user(db, "short", "staff", "tooshort")


@pytest.mark.parametrize(
    "spelling",
    [
        " analyst-user  ",
        "\tanalyst-user",
        "analyst-user\u00a0",
        "\u3000analyst-user",
        "ANALYST-USER",
        "\uff41nalyst-user",
    ],
)
def test_every_spelling_of_a_username_counts_against_the_same_account(client, spelling) -> None:
    for _ in range(5):
        sign_in(client, "analyst-user", "guess guess guess")
    assert sign_in(client, spelling).status_code == 429


def test_guessing_from_elsewhere_never_locks_the_real_user_out(client, app_settings) -> None:
    app = create_app(app_settings)  # `client` made the accounts
    with TestClient(app, client=("203.0.113.9", 4000)) as attacker:
        for _ in range(10):
            assert sign_in(attacker, "staff-user", "guess guess guess").status_code in (401, 429)
        assert sign_in(attacker, "staff-user").status_code == 429
    with TestClient(app, client=("198.51.100.7", 4000)) as hub:
        assert sign_in(hub, "staff-user").status_code == 303


def test_a_spelling_of_a_username_signs_in_to_the_same_account(client) -> None:
    assert sign_in(client, "\u3000Analyst-User ").status_code == 303


def test_sign_in_cookies_are_secure_whatever_host_a_proxy_passes(settings: Settings) -> None:
    with session_scope(settings.database_url) as db:
        create_user(db, "proxy-user", "staff", PASSWORD)
    app = create_app(settings)  # the default: Secure
    with TestClient(app, base_url="http://127.0.0.1") as client:
        form = client.get("/login")
        assert "secure" in form.headers["set-cookie"].lower()
        token = form_token(form.text)
        data = {"username": "proxy-user", "password": PASSWORD, "csrf_token": token}
        [csrf_cookie] = form.headers.get_list("set-cookie")
        # "__Host-": Secure, this host only (no Domain), path / (RFC 6265bis 4.1.3.2).
        assert csrf_cookie.startswith("__Host-assistant_login_csrf=")
        assert "path=/;" in csrf_cookie.lower() + ";" and "domain" not in csrf_cookie.lower()
        client.cookies.set(
            "__Host-assistant_login_csrf", form.cookies["__Host-assistant_login_csrf"]
        )
        signed_in = client.post("/login", data=data, follow_redirects=False)
        session_cookie = [
            c for c in signed_in.headers.get_list("set-cookie") if c.startswith("assistant_staff=")
        ]
        assert session_cookie and "secure" in session_cookie[0].lower()


def test_a_csrf_cookie_without_the_host_prefix_is_not_believed(settings: Settings) -> None:
    """A sibling subdomain can plant "assistant_login_csrf", never "__Host-" cookies."""
    with session_scope(settings.database_url) as db:
        create_user(db, "planted-user", "staff", PASSWORD)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        token = form_token(client.get("/login").text)
        client.cookies.clear()
        client.cookies.set("assistant_login_csrf", token)
        data = {"username": "planted-user", "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 403
