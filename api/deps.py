"""FastAPI dependencies: settings, the database session, the chat turn and sign-in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from api.accounts import SignedIn, signed_in
from api.chat import ChatTurn
from api.engine import EngineClient
from api.security import tokens_match
from api.sessions import ChatSessions
from core.db import session_scope
from core.settings import Settings
from knowledge.crisis import get_crisis_detector
from knowledge.taxonomy import load_taxonomy


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_db(settings: SettingsDep) -> Iterator[Session]:
    with session_scope(settings.database_url) as db:
        yield db


DbSession = Annotated[Session, Depends(get_db)]


def get_chat_turn(request: Request, settings: SettingsDep) -> ChatTurn:
    engine = EngineClient(
        request.app.state.http,
        settings.engine_base_url,
        settings.engine_timeout_seconds,
        settings.action_server_base_url,
        request.app.state.conversation_locks,
    )
    return ChatTurn(
        engine=engine,
        crisis=get_crisis_detector(),
        taxonomy=load_taxonomy(),
        demand=request.app.state.demand,
    )


ChatTurnDep = Annotated[ChatTurn, Depends(get_chat_turn)]


def get_chat_sessions(request: Request) -> ChatSessions:
    return request.app.state.sessions


ChatSessionsDep = Annotated[ChatSessions, Depends(get_chat_sessions)]


SESSION_COOKIE = "assistant_staff"


class SignInRequired(Exception):
    """The page or API needs a signed-in member of staff."""


class WrongRole(Exception):
    """Signed in, but this account's role may not open the page."""

    def __init__(self, staff: SignedIn) -> None:
        super().__init__(staff.user.role)
        self.staff = staff


def current_staff(request: Request, db: DbSession) -> SignedIn | None:
    return signed_in(db, request.cookies.get(SESSION_COOKIE))


def require_role(*roles: str) -> Callable[..., SignedIn]:
    """A dependency that lets in only these roles (and admins)."""

    def check(staff: Annotated[SignedIn | None, Depends(current_staff)]) -> SignedIn:
        if staff is None:
            raise SignInRequired
        if not staff.may(*roles):
            raise WrongRole(staff)
        return staff

    return check


def check_csrf(
    staff: SignedIn, form_token: str | None = None, header_token: str | None = None
) -> None:
    """Every state-changing request by staff carries the session's CSRF token."""
    if not tokens_match(staff.session.csrf_token, form_token or header_token):
        raise HTTPException(status_code=403, detail="This form has expired. Please try again.")


StaffMember = Annotated[SignedIn, Depends(require_role("staff"))]
Analyst = Annotated[SignedIn, Depends(require_role("analyst"))]
