"""Chat sessions: random ids issued by the server, expired after a quiet spell."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.chat import ChatTurn
from api.models import ChatSession
from api.schemas import ChatRequest, ChatResponse
from demand.events import WEBSITE, Channel


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
        session = ChatSession(id=secrets.token_urlsafe(24), started_at=now, last_seen_at=now)
        db.add(session)
    db.commit()
    return session


def as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes even for timezone-aware columns.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The widget's own controls, always on screen, so always allowed.
WIDGET_COMMANDS = frozenset({"/start_again", "/human_handoff", "/show_topics"})
MAX_OFFERS = 20


def engine_text(message: str, session: ChatSession) -> str:
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


def remember_offers(db: Session, session: ChatSession, payloads: list[str]) -> None:
    session.offered_payloads = list(dict.fromkeys(payloads))[:MAX_OFFERS]
    db.commit()


def hold_turn(
    db: Session, turn: ChatTurn, request: ChatRequest, ttl: timedelta, channel: Channel = WEBSITE
) -> ChatResponse:
    """One turn of a resident's conversation, in the widget or at a hub."""
    session = resume_or_start(db, request.session_id, ttl)
    response = turn.answer(session.id, engine_text(request.message, session), channel)
    remember_offers(db, session, response.payloads)
    return response
