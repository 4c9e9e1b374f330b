"""Chat sessions: random ids issued by the server, expired after a quiet spell.

A live session is its id and the buttons the assistant last offered, nothing
about the resident. They live in the database for one process, or in Redis
(`conversation_state = "redis"`) where the API's workers share them and the chat
must go on while the database is down. Either way, a store that cannot be reached
gives the resident the degraded reply with the phone numbers, never an error.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

import redis
from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.chat import ChatTurn
from api.models import ChatSession
from api.schemas import ChatRequest, ChatResponse
from core.db import session_scope
from core.settings import Settings
from demand.events import WEBSITE, Channel

logger = logging.getLogger(__name__)

# The widget's own controls, always on screen, so always allowed.
WIDGET_COMMANDS = frozenset({"/start_again", "/human_handoff", "/show_topics"})
MAX_OFFERS = 20


@dataclass
class LiveSession:
    id: str
    offered_payloads: list[str] = field(default_factory=list)


class SessionsUnavailable(Exception):
    """The store of live sessions did not answer."""


@contextmanager
def _unavailable_on(*errors: type[Exception]) -> Iterator[None]:
    """The store's own errors as SessionsUnavailable: the chat gives the degraded reply."""
    try:
        yield
    except errors as error:
        raise SessionsUnavailable(type(error).__name__) from error


class ChatSessions(Protocol):
    def resume_or_start(self, session_id: str | None) -> LiveSession: ...

    def remember_offers(self, session: LiveSession, payloads: list[str]) -> None: ...


def new_session_id() -> str:
    return secrets.token_urlsafe(24)


class DatabaseSessions:
    """Sessions in the `chat_sessions` table; expired rows are cleared as new ones start."""

    def __init__(self, database_url: str, ttl: timedelta) -> None:
        self._url = database_url
        self._ttl = ttl

    def resume_or_start(self, session_id: str | None) -> LiveSession:
        with _unavailable_on(SQLAlchemyError), session_scope(self._url) as db:
            row = resume_or_start(db, session_id, self._ttl)
            return LiveSession(row.id, list(row.offered_payloads))

    def remember_offers(self, session: LiveSession, payloads: list[str]) -> None:
        with _unavailable_on(SQLAlchemyError), session_scope(self._url) as db:
            row = db.get(ChatSession, session.id)
            if row is not None:
                row.offered_payloads = offers(payloads)
                db.commit()


def resume_or_start(db: Session, session_id: str | None, ttl: timedelta) -> ChatSession:
    """Return the live session with this id, or a new one.

    An unknown or expired id starts a new session rather than failing: the
    resident just carries on, and the old id is never reused.
    """
    now = datetime.now(UTC)
    session = db.get(ChatSession, session_id) if session_id else None
    if session is not None and as_utc(session.last_seen_at) > now - ttl:
        session.last_seen_at = now
    else:
        expired = delete(ChatSession).where(ChatSession.last_seen_at <= now - ttl)
        db.execute(expired, execution_options={"synchronize_session": False})
        session = ChatSession(id=new_session_id(), started_at=now, last_seen_at=now)
        db.add(session)
    db.commit()
    return session


def as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class RedisSessions:
    """Sessions as Redis keys that expire a session's lifetime after the last message."""

    def __init__(self, client: redis.Redis, prefix: str, ttl: timedelta) -> None:
        self._redis = client
        self._prefix = prefix
        self._ttl = ttl

    def resume_or_start(self, session_id: str | None) -> LiveSession:
        with _unavailable_on(redis.RedisError):
            if session_id:
                # GETEX reads and renews the lifetime in one step.
                stored = self._redis.getex(self._key(session_id), ex=self._ttl)
                if stored is not None:
                    return LiveSession(session_id, json.loads(stored))
            session = LiveSession(new_session_id())
            self._redis.set(self._key(session.id), "[]", ex=self._ttl)
            return session

    def remember_offers(self, session: LiveSession, payloads: list[str]) -> None:
        with _unavailable_on(redis.RedisError):
            self._redis.set(self._key(session.id), json.dumps(offers(payloads)), ex=self._ttl)

    def _key(self, session_id: str | None) -> str:
        return f"{self._prefix}:chat:{session_id}"


def chat_sessions(settings: Settings, client: redis.Redis | None) -> ChatSessions:
    ttl = timedelta(minutes=settings.session_ttl_minutes)
    if settings.conversation_state == "redis" and client is not None:
        return RedisSessions(client, settings.redis_key_prefix, ttl)
    return DatabaseSessions(settings.database_url, ttl)


def offers(payloads: list[str]) -> list[str]:
    return list(dict.fromkeys(payloads))[:MAX_OFFERS]


def engine_text(message: str, session: LiveSession) -> str:
    """What may reach the engine: a command only if it is a button we offered.

    Rasa's REST channel reads any message starting with "/" as an intent, so
    "/crisis_emergency" or "/restart" typed by a resident (or a script) would
    steer the dialogue and the demand log. Anything else starting with "/" is
    sent as the words after it.
    """
    if not message.startswith("/") or message in WIDGET_COMMANDS:
        return message
    if message in session.offered_payloads:
        return message
    return message.lstrip("/").strip()


def hold_turn(
    sessions: ChatSessions, turn: ChatTurn, request: ChatRequest, channel: Channel = WEBSITE
) -> ChatResponse:
    """One turn of a resident's conversation, in the widget or at a hub."""
    try:
        session = sessions.resume_or_start(request.session_id)
    except SessionsUnavailable as error:
        logger.warning("chat sessions unavailable (%s)", error)
        # The same id back, so the widget carries on when the store returns.
        session_id = request.session_id or new_session_id()
        return turn.unavailable(session_id, engine_text(request.message, LiveSession("")), channel)
    response = turn.answer(session.id, engine_text(request.message, session), channel)
    try:
        sessions.remember_offers(session, response.payloads)
    except SessionsUnavailable as error:
        # The reply is ready: the resident gets it, only its buttons will be typed words.
        logger.warning("offered buttons not remembered (%s)", error)
    return response
