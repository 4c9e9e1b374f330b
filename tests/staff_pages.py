"""Helpers for tests of the signed-in pages: one password, signing in, form tokens."""

from __future__ import annotations

import re

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    return _TOKEN.search(html).group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD, **form) -> Response:
    token = form_token(client.get("/login").text)
    data = {"username": username, "password": password, "csrf_token": token, **form}
    return client.post("/login", data=data, follow_redirects=False)


def all_routes(routes: list) -> list[APIRoute]:
    """Every route, including those of included routers (newer FastAPI wraps them)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(all_routes(route.original_router.routes))
    return found
