"""Chat sessions: random ids issued by the server, expired after a quiet spell."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from api.models import ChatSession


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
