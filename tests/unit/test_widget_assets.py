"""The residents' chat widget and the demonstration page that embeds it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from core.settings import PROJECT_ROOT, Settings
from knowledge.taxonomy import load_taxonomy

STATIC = PROJECT_ROOT / "api" / "static"
WIDGET_JS = STATIC / "widget.js"
WIDGET_CSS = STATIC / "widget.css"


@pytest.fixture
def client(settings: Settings):
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_demo_page_loads_the_widget_with_one_script_tag(client: TestClient) -> None:
    page = client.get("/").text
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/widget.js" defer>']
    assert '<script src="/static/widget.js" defer></script>' in page  # no inline code
    assert " style=" not in page  # the CSP forbids inline styles


def test_demo_page_has_landmarks_one_heading_and_a_skip_link(client: TestClient) -> None:
    page = client.get("/").text
    assert '<html lang="en-GB">' in page
    for landmark in ("<header", "<main", "<footer", 'aria-label="Breadcrumb"'):
        assert page.count(landmark) == 1, landmark
    assert len(re.findall(r"<h1\b", page)) == 1
    assert 'href="#main-content"' in page and 'id="main-content"' in page
    assert load_taxonomy().council.phone in page


def test_demo_page_carries_the_content_security_policy(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_widget_assets_are_served_and_small(client: TestClient) -> None:
    sizes = []
    for name in ("widget.js", "widget.css"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        sizes.append(len(response.content))
    assert sum(sizes) < 50 * 1024


@pytest.mark.parametrize("path", [WIDGET_JS, WIDGET_CSS], ids=lambda p: p.name)
def test_widget_assets_load_nothing_from_other_hosts(path: Path) -> None:
    text = path.read_text()
    assert re.findall(r"\bhttps?://[\w.-]+", text, re.IGNORECASE) == []
    assert re.search(r"""(url\(|@import)\s*['"]?\s*//""", text) is None
    assert "@import" not in text


def test_widget_never_parses_html_or_evaluates_code() -> None:
    code = WIDGET_JS.read_text()
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert forbidden not in code, forbidden
    assert "new Function" not in code
    assert re.search(r"""setAttribute\(\s*['"]style""", code) is None
    assert "attachShadow" not in code  # light DOM, so axe-core can audit it
    assert code.lstrip().startswith("/*") and '"use strict";' in code


def test_widget_is_accessible_by_construction() -> None:
    code = WIDGET_JS.read_text()
    for needed in (
        '"role", "log"',
        '"aria-live", "polite"',
        '"role", "status"',
        '"role", floating ? "dialog" : "region"',
        '"aria-modal", "false"',
        '"aria-labelledby"',
        'make("label"',
        "htmlFor",
        '"aria-expanded"',
        '"Escape"',
        "textContent",
    ):
        assert needed in code, needed


def test_widget_attributes_and_events_are_the_documented_ones() -> None:
    code = WIDGET_JS.read_text()
    for attribute in ("mode", "endpoint", "csrf-token", "storage-key"):
        assert f'"{attribute}"' in code, attribute
    assert '"X-CSRF-Token"' in code
    assert 'new CustomEvent("assistant-services"' in code
    assert 'new CustomEvent("assistant-reset"' in code
    assert "customElements.define(TAG" in code and 'TAG = "hartlepool-assistant"' in code


def test_widget_sends_payloads_the_bot_understands() -> None:
    code = WIDGET_JS.read_text()
    domain = yaml.safe_load((PROJECT_ROOT / "bot" / "domain" / "basics.yml").read_text())
    payloads = re.findall(r'const [A-Z_]+ = "/(\w+)";', code)
    assert {"start_again", "human_handoff"} <= set(payloads)
    assert set(payloads) <= set(domain["intents"])


def test_widget_shows_the_councils_phone_number_when_degraded() -> None:
    council = load_taxonomy().council
    code = WIDGET_JS.read_text()
    assert f'COUNCIL_PHONE = "{council.phone}"' in code
    assert f'COUNCIL_NAME = "{council.name}"' in code


def test_every_widget_style_is_scoped_to_the_element() -> None:
    selectors = _selectors(WIDGET_CSS.read_text())
    assert selectors
    for selector in selectors:
        assert selector.startswith("hartlepool-assistant"), selector
    classes = set(re.findall(r"\.([\w-]+)", " ".join(selectors)))
    assert all(name.startswith("ha-") for name in classes), classes


def test_widget_styles_honour_reduced_motion() -> None:
    css = WIDGET_CSS.read_text()
    animated = css.split("@media (prefers-reduced-motion: no-preference)", 1)
    assert len(animated) == 2
    assert "animation" not in animated[0] and "transition" not in animated[0]


def _selectors(css: str) -> list[str]:
    """Every style rule's selectors, skipping @-rules' own preludes and keyframe steps."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    selectors, stack, prelude = [], [], ""
    for char in css:
        if char == "{":
            head = prelude.strip()
            in_keyframes = any(s.startswith("@keyframes") for s in stack)
            if not head.startswith("@") and not in_keyframes:
                selectors.extend(part.strip() for part in head.split(","))
            stack.append(head)
            prelude = ""
        elif char == "}":
            stack.pop()
            prelude = ""
        elif char == ";":
            prelude = ""
        else:
            prelude += char
    return selectors
