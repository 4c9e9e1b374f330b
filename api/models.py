"""Tables the gateway owns."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from knowledge.db import Base


class ChatSession(Base):
    """A resident's conversation, known only by a random id the server issued.

    It holds no message text and nothing about the resident: just enough to
    tell a live session from an unknown or expired one.
    """

    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
