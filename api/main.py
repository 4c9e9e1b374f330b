"""The FastAPI application: chat gateway, pages and health checks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from redis import Redis
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.cors import CouncilCORS
from api.deps import SignInRequired, WrongRole
from api.engine import ConversationLocks
from api.rate_limits import SLOW_DOWN, ResidentLimits, TooManyRequests
from api.routes import analytics, chat, entitlements, health, login, oruk, pages, staff
from api.routes.login import login_page, start_page
from api.schemas import MAX_MESSAGE_CHARS
from api.security import LoginThrottle
from api.sessions import chat_sessions
from api.templating import templates
from core.errors import AssistantError
from core.redis_store import redis_client
from core.settings import Settings, get_settings
from demand.conversation_keys import (
    ConversationKeys,
    KeysForConversations,
    RedisConversationKeys,
)
from demand.events import DemandLog
from demand.recorder import DemandRecorder
from demand.spool import Spool
from knowledge import language
from knowledge.crisis import get_crisis_detector
from knowledge.entitlements import estimates
from knowledge.taxonomy import load_taxonomy
from privacy.log_scrubbing import install_log_scrubbing

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_BODY_BYTES = 16 * 1024
MAX_PROBLEMS = 5
MAX_FIELD_CHARS = 40


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_log_scrubbing()
        get_crisis_detector()  # load spaCy and the classifier now, not on a first message
        language.warm()
        app.state.demand = demand_recorder(settings, app.state.redis)
        app.state.demand.log.replay()  # events spooled while the database was down
        if settings.estimates_warm_up:
            estimates.warm_up_in_background()
        to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        engine_connections = httpx.Limits(
            max_connections=settings.api_threads, max_keepalive_connections=settings.api_threads
        )
        with httpx.Client(limits=engine_connections) as http:
            app.state.http = http
            yield
        if app.state.redis is not None:
            app.state.redis.close()

    # A resident's message is at most 1,000 characters and the entitlements check
    # a few hundred bytes: anything over 16 KB is refused before it is parsed.
    app = FastAPI(
        title="Hartlepool community help assistant",
        lifespan=lifespan,
        max_body_size=MAX_BODY_BYTES,
        docs_url="/docs" if settings.api_docs else None,
        redoc_url="/redoc" if settings.api_docs else None,
    )
    app.state.settings = settings
    # Made here, connected on first use; only where conversations are shared.
    app.state.redis = (
        redis_client(settings.redis_url) if settings.conversation_state == "redis" else None
    )
    app.state.sessions = chat_sessions(settings, app.state.redis)
    app.state.conversation_locks = (
        ConversationLocks(app.state.redis, settings.redis_key_prefix)
        if app.state.redis is not None
        else None
    )
    app.state.limits = ResidentLimits(settings)
    app.state.login_throttle = LoginThrottle(settings.rate_limit_storage)
    app.add_exception_handler(RequestValidationError, _plain_validation_error)
    app.add_exception_handler(StarletteHTTPException, _unreadable_body)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(WrongRole, _wrong_role)
    app.add_exception_handler(TooManyRequests, _too_many_requests)
    app.add_exception_handler(AssistantError, _domain_error)
    app.middleware("http")(_security_headers)
    app.add_middleware(CouncilCORS, council_origins=settings.cors_origins)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (chat, health, pages, login, analytics, oruk, staff, entitlements):
        app.include_router(module.router)
    return app


# No inline script or style anywhere, so the policy can forbid both.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def _security_headers(request: Request, call_next) -> Response:
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    if request.url.path.startswith(("/login", "/staff", "/analytics")):
        response.headers["Cache-Control"] = "no-store"
    return response


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def _domain_error(_: Request, error: AssistantError) -> JSONResponse:
    """Every domain error the services raise (core/errors.py), as its status and message."""
    return JSONResponse({"detail": error.message}, status_code=error.status_code)


async def _too_many_requests(_: Request, error: TooManyRequests) -> JSONResponse:
    return JSONResponse(
        {"detail": SLOW_DOWN},
        status_code=429,
        headers={"Retry-After": str(error.retry_after_seconds)},
    )


async def _sign_in_required(request: Request, _: SignInRequired) -> Response:
    if _wants_html(request):
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return login_page(request, next_path=path, status_code=401)
    return JSONResponse({"detail": "Please sign in."}, status_code=401)


async def _wrong_role(request: Request, error: WrongRole) -> Response:
    if _wants_html(request):
        context = {"staff": error.staff, "home": start_page(error.staff.user.role)}
        return templates.TemplateResponse(request, "forbidden.html", context, status_code=403)
    return JSONResponse({"detail": "Your account cannot open this."}, status_code=403)


def demand_recorder(settings: Settings, shared: Redis | None = None) -> DemandRecorder:
    log = DemandLog(settings.demand_url, Spool(settings.demand_spool_path), load_taxonomy())
    lifetime = timedelta(hours=settings.conversation_key_hours)
    keys: KeysForConversations = (
        RedisConversationKeys(shared, settings.redis_key_prefix, lifetime)
        if shared is not None
        else ConversationKeys(lifetime)
    )
    return DemandRecorder(log, keys, keep_unmet_samples=settings.unmet_demand_samples)


async def _plain_validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
    """Say what is wrong in plain English, naming the field, without echoing the input."""
    # Never more than a few problems, and never a long field name sent back at length:
    # a script's million unknown fields get a short answer.
    problems = [_explain(e) for e in error.errors()[:MAX_PROBLEMS]]
    body = {"detail": " ".join(p["problem"] for p in problems), "errors": problems}
    return JSONResponse(body, status_code=422)


# FastAPI's 400 for a body whose bytes are not text at all, where invalid JSON gets a 422.
UNREADABLE_BODY = "There was an error parsing the body"


async def _unreadable_body(request: Request, error: StarletteHTTPException) -> Response:
    """Bytes that are not even text are invalid JSON too: the same 422 as any other."""
    if error.status_code == 400 and error.detail == UNREADABLE_BODY:
        problem = {"field": "body", "problem": "The request body must be valid JSON."}
        return JSONResponse({"detail": problem["problem"], "errors": [problem]}, status_code=422)
    return await http_exception_handler(request, error)


def _explain(error: dict) -> dict[str, str]:
    if error["type"] == "json_invalid":
        return {"field": "body", "problem": "The request body must be valid JSON."}
    field = ".".join(str(part) for part in error["loc"] if part != "body") or "body"
    if len(field) > MAX_FIELD_CHARS:
        field = field[: MAX_FIELD_CHARS - 1] + "…"
    if field == "body":
        return {"field": "body", "problem": "The request body must be a JSON object."}
    if field == "message":
        problem = f"Please type a message of 1 to {MAX_MESSAGE_CHARS:,} characters."
    elif error["type"] in {"missing", "model_attributes_type"}:
        problem = f"The request needs a JSON body with a '{field}' field."
    else:
        problem = f"The '{field}' field is not valid: {error['msg']}."
    return {"field": field, "problem": problem}
