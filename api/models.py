"""Tables the gateway owns: chat sessions, and staff sign-in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class ChatSession(Base):
    """A resident's conversation, known only by a random id the server issued.

    It holds no message text and nothing about the resident: just enough to
    tell a live session from an unknown or expired one, and the payloads of the
    buttons the assistant last offered (the only commands a resident may send).
    """

    __tablename__ = "chat_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    offered_payloads: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")


class StaffUser(Base):
    """A member of council or hub staff who can sign in. Residents never have one."""

    __tablename__ = "staff_users"
    __table_args__ = (CheckConstraint("role IN ('staff', 'analyst', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    # The hub a staff member works at, chosen once in the console.
    hub_id: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StaffSession(Base):
    """A signed-in browser. Only a hash of the cookie's token is stored."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
