"""Domain errors (core/errors.py) become HTTP answers in one handler (api/main.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.errors import AssistantError, Conflict, InvalidRequest, NotFound
from core.settings import Settings


@pytest.mark.parametrize(
    ("error", "status"), [(InvalidRequest, 422), (NotFound, 404), (Conflict, 409)]
)
def test_each_domain_error_is_its_status_with_its_message(
    settings: Settings, error: type[AssistantError], status: int
) -> None:
    app = create_app(settings)

    @app.get("/raises")
    def raises() -> None:
        raise error("Plain words saying what to do.")

    with TestClient(app) as client:
        response = client.get("/raises")
    assert response.status_code == status
    assert response.json() == {"detail": "Plain words saying what to do."}


def test_the_services_raise_domain_errors_not_http_ones() -> None:
    """Only api/ knows HTTP: knowledge/ and demand/ raise core.errors, usable from a CLI."""
    from core.settings import PROJECT_ROOT

    for package in ("core", "knowledge", "demand", "privacy"):
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            assert "HTTPException" not in path.read_text(encoding="utf-8"), path
