"""Liveness and readiness, for the launcher, load balancers and monitoring.

Readiness is asynchronous: it never waits for one of the worker threads that
residents' chats keep busy, so a busy gateway is not taken for a broken one. The
three checks run at once; each fails only when its part refuses, errs or does not
answer within `READY_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core.db import session_scope

logger = logging.getLogger(__name__)
router = APIRouter(tags=["health"])
READY_TIMEOUT_SECONDS = 5.0


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """The engine, the action server and the database all answer."""
    settings = request.app.state.settings
    async with httpx.AsyncClient(timeout=READY_TIMEOUT_SECONDS) as http:
        engine, action_server, database = await asyncio.gather(
            _answers(http, f"{settings.engine_base_url}/"),
            _answers(http, f"{settings.action_server_base_url}/health"),
            # A thread of asyncio's own, not one of the request workers.
            asyncio.to_thread(_database_answers, settings.database_url),
        )
    checks = {"engine": engine, "action_server": action_server, "database": database}
    ready = all(checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503)


async def _answers(http: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await http.get(url)).status_code == 200
    except httpx.HTTPError as error:
        logger.warning("readiness check failed for a part (%s)", type(error).__name__)
        return False


def _database_answers(url: str) -> bool:
    try:
        with session_scope(url) as db:
            db.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        logger.warning("database check failed: %s", type(error).__name__)
        return False
    return True
