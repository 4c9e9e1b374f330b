"""Liveness and readiness, for the launcher, load balancers and monitoring."""

from __future__ import annotations

import logging

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.deps import DbSession, SettingsDep

logger = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request, db: DbSession, settings: SettingsDep) -> JSONResponse:
    """The engine, the action server and the database all answer."""
    http: httpx.Client = request.app.state.http
    checks = {
        "engine": _answers(http, f"{settings.engine_base_url}/webhooks/rest/"),
        "action_server": _answers(http, f"{settings.action_server_base_url}/health"),
        "database": _database_answers(db),
    }
    ready = all(checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503)


def _answers(http: httpx.Client, url: str) -> bool:
    try:
        return http.get(url, timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def _database_answers(db: DbSession) -> bool:
    try:
        db.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        logger.warning("database check failed: %s", type(error).__name__)
        return False
    return True
