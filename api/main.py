"""The FastAPI application: chat gateway, pages and health checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.routes import chat, health, oruk, pages
from api.schemas import MAX_MESSAGE_CHARS
from api.settings import Settings, get_settings
from knowledge.safety_net import get_safety_net

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        get_safety_net()  # load spaCy now, not on a resident's first message
        with httpx.Client() as http:
            app.state.http = http
            yield

    app = FastAPI(title="Hartlepool community help assistant", lifespan=lifespan)
    app.state.settings = settings
    app.add_exception_handler(RequestValidationError, _plain_validation_error)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (chat, health, pages, oruk):
        app.include_router(module.router)
    return app


async def _plain_validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    """Say what is wrong in plain English, naming the field, without echoing the input."""
    problems = [_explain(e) for e in error.errors()]
    body = {"detail": " ".join(p["problem"] for p in problems), "errors": problems}
    return JSONResponse(body, status_code=422)


def _explain(error: dict) -> dict[str, str]:
    if error["type"] == "json_invalid":
        return {"field": "body", "problem": "The request body must be valid JSON."}
    field = ".".join(str(part) for part in error["loc"] if part != "body") or "body"
    if field == "message":
        problem = f"Please type a message of 1 to {MAX_MESSAGE_CHARS:,} characters."
    elif error["type"] in {"missing", "model_attributes_type"}:
        problem = f"The request needs a JSON body with a '{field}' field."
    else:
        problem = f"The '{field}' field is not valid: {error['msg']}."
    return {"field": field, "problem": problem}
