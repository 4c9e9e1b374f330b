"""The three users' pages in a real browser (Debian's Chromium driven by Playwright),
against the running assistant with the real engine: the resident widget, the hub
staff console and sign-in, with axe-core checking every page for accessibility."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import select

from api.accounts import create_user
from core.db import session_scope
from core.settings import PROJECT_ROOT
from demand.models import DemandEvent
from launcher.stack import Stack

pytestmark = pytest.mark.integration

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Root in a container needs --no-sandbox; nothing may reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"
STAFF_PASSWORD = "browser tests only"
REPLY_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium at {CHROMIUM}: scripts/setup.sh installs it")
        pytest.skip(f"no Chromium at {CHROMIUM}: install it with 'apt-get install chromium'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def base_url(stack: Stack) -> str:
    return f"http://{stack.settings.api_host}:{stack.settings.api_port}"


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(REPLY_TIMEOUT_MS)
    opened = context.new_page()
    yield opened
    context.close()


def assert_accessible(page: Page, where: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def open_widget(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Get help").click()
    expect(page.locator(".ha-input")).to_be_focused()


def say(page: Page, message: str) -> None:
    """Type a message and wait for the reply (the "Thinking…" status clears)."""
    turns = page.locator(".ha-turn").count()
    page.locator(".ha-input").fill(message)
    page.keyboard.press("Enter")
    wait_for_reply(page, turns)


# As long as the gateway waits for the engine (the stack's engine timeout): an answer that
# works out amounts can take several seconds on a busy machine, beyond Playwright's 5 s.
REPLY_TIMEOUT_MS = 30_000


def wait_for_reply(page: Page, turns_before: int) -> None:
    expect(page.locator(".ha-turn")).not_to_have_count(turns_before)
    expect(page.locator(".ha-status")).to_have_text("", timeout=REPLY_TIMEOUT_MS)


def latest_turn(page: Page):
    return page.locator(".ha-turn").last


# --- The resident widget ---------------------------------------------------------


def test_a_resident_types_a_need_and_reaches_a_service_card(page: Page) -> None:
    open_widget(page)
    assert_accessible(page, "demo page with the widget open")
    say(page, "need a food bank, got nothing in till friday")
    card = latest_turn(page).locator(".ha-card").first
    expect(card).to_be_visible()
    expect(card.locator(".ha-card__name")).not_to_be_empty()
    phone = card.locator("a[href^='tel:']")
    if phone.count():
        assert " " not in phone.first.get_attribute("href")
    assert_accessible(page, "demo page after a reply with cards")


def test_the_same_by_keyboard_alone(page: Page) -> None:
    page.goto("/")
    for _ in range(40):  # Tab through the page to the widget's launcher
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ha-launcher')"):
            break
    else:
        pytest.fail("the launcher cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    expect(page.locator(".ha-input")).to_be_focused()
    page.keyboard.type("cant afford to put the heating on")
    page.keyboard.press("Enter")
    expect(latest_turn(page).locator(".ha-card").first).to_be_visible()
    expect(page.locator(".ha-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".ha-panel")).to_be_hidden()
    expect(page.locator(".ha-launcher")).to_be_focused()


def test_a_crisis_reply_comes_first_with_999_and_samaritans(page: Page) -> None:
    open_widget(page)
    say(page, "i want to end my life")
    turn = latest_turn(page)
    crisis = turn.locator(".ha-crisis")
    expect(crisis).to_be_visible()
    first_box = turn.locator(".ha-crisis, .ha-message--assistant, .ha-cards").first
    assert first_box.evaluate("node => node.classList.contains('ha-crisis')")
    hrefs = crisis.locator("a[href^='tel:']").evaluate_all("links => links.map(l => l.href)")
    assert hrefs[:2] == ["tel:999", "tel:116123"]


def test_the_conversation_survives_a_reload(page: Page) -> None:
    open_widget(page)
    say(page, "need help with me council tax")
    before = _words(page.locator(".ha-messages").inner_text())
    page.reload()
    if page.locator(".ha-panel").is_hidden():
        page.get_by_role("button", name="Get help").click()
    expect(page.locator(".ha-card").first).to_be_visible()
    assert _words(page.locator(".ha-messages").inner_text()) == before


def _words(text: str) -> str:
    return " ".join(text.split())


def test_start_again_and_talk_to_a_person_are_always_there(page: Page) -> None:
    open_widget(page)
    page.get_by_role("button", name="Talk to a person").click()
    expect(latest_turn(page)).to_contain_text("01429 266522")
    page.get_by_role("button", name="Start again").click()
    expect(page.locator(".ha-turn")).to_have_count(0)


def test_bot_text_that_looks_like_html_is_shown_as_text(page: Page) -> None:
    hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    reply = {
        "session_id": "s",
        "replies": [{"text": hostile, "buttons": [{"title": hostile, "payload": "/greet"}]}],
        "services": [
            {
                "id": "x",
                "name": hostile,
                "summary": hostile,
                "url": "javascript:alert(1)",
                "phone": "01429 266522",
                "verified": False,
                "open_now": None,
            }
        ],
        "need": None,
        "priority": None,
        "crisis": False,
        "degraded": False,
    }
    page.route("**/api/chat", lambda route: route.fulfill(json=reply))
    open_widget(page)
    say(page, "hello")
    expect(latest_turn(page)).to_contain_text("<script>window.__pwned = 1</script>")
    assert page.evaluate("window.__pwned") is None
    assert latest_turn(page).locator("script, img, a[href^='javascript']").count() == 0


def test_when_the_assistant_is_down_the_widget_says_so_with_the_numbers(page: Page) -> None:
    page.route("**/api/chat", lambda route: route.abort())
    open_widget(page)
    say(page, "help with rent")
    turn = latest_turn(page)
    expect(turn.locator("a[href='tel:01429266522']")).to_be_visible()
    expect(turn.locator("a[href='tel:999']")).to_be_visible()


def test_it_fits_a_320_pixel_phone_and_200_percent_zoom(browser: Browser, base_url: str) -> None:
    for width, scale in ((320, 1), (640, 2)):  # 640 CSS px at 200% is 1280 device px
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": 640}, device_scale_factor=scale
        )
        page = context.new_page()
        page.goto("/")
        if scale == 2:
            page.evaluate("document.documentElement.style.fontSize = '200%'")
        page.get_by_role("button", name="Get help").click()
        page.locator(".ha-input").fill("need a food bank")
        page.keyboard.press("Enter")
        expect(page.locator(".ha-card").first).to_be_visible(timeout=REPLY_TIMEOUT_MS)
        overflow = page.evaluate(
            "document.querySelector('.ha-panel').scrollWidth - "
            "document.querySelector('.ha-panel').clientWidth"
        )
        assert overflow <= 1, f"the panel scrolls sideways at {width}px"
        context.close()


def test_screenshots_on_a_phone_and_a_desktop(browser: Browser, base_url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("phone", (375, 740)), ("desktop", (1280, 800))):
        context = browser.new_context(
            base_url=base_url, viewport={"width": viewport[0], "height": viewport[1]}
        )
        page = context.new_page()
        open_widget(page)
        say(page, "my gas and electric bills are too high")
        card = latest_turn(page).locator(".ha-card").first
        expect(card).to_be_visible()
        card.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / f"widget-{name}.png")
        context.close()
    assert (SCREENSHOTS / "widget-phone.png").stat().st_size > 10_000


def test_from_skint_to_entitlements_in_under_two_minutes(page: Page) -> None:
    started = time.monotonic()
    open_widget(page)
    say(page, "im skint what can i get")
    answers = [
        "Check what I can get",
        "25 to 65",
        "No",
        None,
        "I rent from a private landlord",
        None,
        "Under £500",
        "Under £6,000",
        "None of these",
    ]
    typed = {3: "4 and 9", 5: "450"}
    for step, answer in enumerate(answers):
        if answer is None:
            say(page, typed[step])
        else:
            turns = page.locator(".ha-turn").count()
            latest_turn(page).get_by_role("button", name=answer, exact=True).click()
            wait_for_reply(page, turns)
    expect(latest_turn(page)).to_contain_text("you may be able to get")
    expect(latest_turn(page)).to_contain_text("Universal Credit")
    # How to claim: the web address and phone number are links.
    expect(latest_turn(page).locator("a[href^='https://www.gov.uk/']").first).to_be_visible()
    expect(latest_turn(page).locator("a[href='tel:08003285644']").first).to_be_visible()
    assert time.monotonic() - started < 120


# --- Staff pages ------------------------------------------------------------------


@pytest.fixture(scope="module")
def staff_account(stack: Stack) -> str:
    with session_scope(stack.settings.database_url) as db:
        create_user(db, "browser-staff", "staff", STAFF_PASSWORD)
    return "browser-staff"


def sign_in(page: Page, username: str, start: str = "/staff") -> None:
    page.goto(start)
    assert_accessible(page, "sign-in page")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_hub_staff_sign_in_pick_a_hub_and_help_a_visitor(
    page: Page, stack: Stack, staff_account: str
) -> None:
    sign_in(page, staff_account)
    expect(page.locator("#hub-form")).to_be_visible()
    assert_accessible(page, "hub picker")
    page.locator("#hub-south-community-hub").check()
    page.locator("#hub-submit").click()
    expect(page.locator("#hub-name")).to_be_visible()
    assert_accessible(page, "staff console")

    page.locator(".ha-input").fill("need a food bank")
    page.keyboard.press("Enter")
    expect(page.locator(".ha-card").first).to_be_visible()
    expect(page.locator("#summary-list li").first).to_be_visible()

    page.locator("#search-need").select_option("energy_bills")
    page.locator("#search-button").click()
    expect(page.locator("#results-list .add-button").first).to_be_visible()
    page.locator("#results-list .add-button").first.click()
    assert_accessible(page, "staff console with results and a summary")

    page.emulate_media(media="print")
    expect(page.locator("#summary-panel")).to_be_visible()
    expect(page.locator("hartlepool-assistant")).to_be_hidden()
    expect(page.locator("#search-panel")).to_be_hidden()

    events = _hub_events(stack)
    assert ("hub", "south-community-hub", "food_and_essentials") in events

    page.emulate_media(media="screen")  # staff can run the entitlements check with the visitor
    say(page, "what benefits can i get")
    latest_turn(page).get_by_role("button", name="Check what I can get").click()
    expect(latest_turn(page)).to_contain_text("How old are you?")


def _hub_events(stack: Stack) -> list[tuple[str, str, str]]:
    with session_scope(stack.settings.demand_url) as db:
        query = select(DemandEvent.channel, DemandEvent.hub_id, DemandEvent.need_id).where(
            DemandEvent.channel == "hub"
        )
        return [tuple(row) for row in db.execute(query)]
    return []


def test_an_analyst_signs_in_to_an_accessible_dashboard(page: Page, stack: Stack) -> None:
    with session_scope(stack.settings.database_url) as db:
        create_user(db, "browser-analyst", "analyst", STAFF_PASSWORD)
    sign_in(page, "browser-analyst", start="/analytics")
    expect(page.get_by_role("heading", name="Demand for help")).to_be_visible()
    page.get_by_label("Group by").select_option("week")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator("svg[role='img']").first).to_be_visible()
    assert_accessible(page, "analysts' dashboard")


def test_a_resident_page_never_asks_for_a_sign_in(page: Page) -> None:
    response = page.goto("/")
    assert response.status == 200 and "Sign in" not in page.title()
    assert json.loads(page.evaluate("JSON.stringify(document.cookie)")) == ""
