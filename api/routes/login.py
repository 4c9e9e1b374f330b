"""Signing staff in and out. Residents never need to."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from limits.errors import StorageError

from api.accounts import authenticate, end_session, start_session
from api.deps import SESSION_COOKIE, DbSession, SettingsDep, current_staff
from api.security import LoginThrottle, new_token, tokens_match
from api.templating import templates

router = APIRouter(tags=["sign-in"], include_in_schema=False)

# Browsers keep a "__Host-" cookie only if it is Secure, for this host alone and
# path /, so no sibling subdomain or plain-HTTP page can plant the token. The
# local demo over plain HTTP (cookie_secure off) cannot use the prefix.
LOGIN_CSRF_COOKIE = "__Host-assistant_login_csrf"
DEMO_LOGIN_CSRF_COOKIE = "assistant_login_csrf"
START_PAGES = {"staff": "/staff", "analyst": "/analytics", "admin": "/analytics"}


def start_page(role: str) -> str:
    return START_PAGES.get(role, "/")


def login_csrf_cookie(request: Request) -> str:
    secure = request.app.state.settings.cookie_secure
    return LOGIN_CSRF_COOKIE if secure else DEMO_LOGIN_CSRF_COOKIE


def login_page(
    request: Request,
    *,
    next_path: str = "",
    error: str | None = None,
    username: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    """The sign-in form, with a fresh double-submit CSRF token in a cookie and the form."""
    token = new_token()
    context = {"csrf_token": token, "next": next_path, "error": error, "username": username}
    response = templates.TemplateResponse(request, "login.html", context, status_code=status_code)
    secure = request.app.state.settings.cookie_secure
    response.set_cookie(
        login_csrf_cookie(request), token, httponly=True, samesite="strict", secure=secure, path="/"
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def show_login(request: Request, next: str = "") -> HTMLResponse:
    return login_page(request, next_path=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: DbSession,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    next_path = _safe_next(next)
    if not tokens_match(request.cookies.get(login_csrf_cookie(request)), csrf_token):
        error = "The sign-in form had expired. Please try again."
        return login_page(request, next_path=next_path, error=error, status_code=403)
    throttle: LoginThrottle = request.app.state.login_throttle
    try:
        allowed = throttle.allowed(username, request)
    except StorageError:
        # Without the counts, guesses could not be slowed down: nobody signs in for now.
        error = "Signing in is not working just now. Please try again in a few minutes."
        return login_page(request, next_path=next_path, error=error, status_code=503)
    if not allowed:
        error = "Too many attempts to sign in. Wait a while, then try again."
        return login_page(request, next_path=next_path, error=error, status_code=429)
    user = authenticate(db, username, password)
    if user is None:
        throttle.failed(username, request)
        error = "The username or password is not right."
        return login_page(
            request, next_path=next_path, error=error, username=username, status_code=401
        )
    throttle.succeeded(username, request)
    token, _ = start_session(db, user, timedelta(hours=settings.staff_session_hours))
    response = RedirectResponse(next_path or start_page(user.role), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.staff_session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
    response.delete_cookie(login_csrf_cookie(request), secure=settings.cookie_secure)
    return response


@router.post("/logout")
def logout(
    request: Request, db: DbSession, csrf_token: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    staff = current_staff(request, db)
    if staff is not None and not tokens_match(staff.session.csrf_token, csrf_token):
        # Say so: a page that looked signed out while the session lives on would mislead
        # someone leaving a shared hub computer.
        context = {"home": start_page(staff.user.role)}
        return templates.TemplateResponse(request, "signed_in_still.html", context, status_code=403)
    if staff is not None:
        end_session(db, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(next_path: str) -> str:
    """Only a path on this site, so the form cannot send anyone elsewhere."""
    parts = urlsplit(next_path)
    if parts.scheme or parts.netloc or not next_path.startswith("/") or next_path.startswith("//"):
        return ""
    return next_path
