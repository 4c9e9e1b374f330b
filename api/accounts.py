"""Staff accounts and their signed-in sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.models import StaffSession, StaffUser
from api.security import (
    ROLES,
    hash_password,
    new_password,
    new_token,
    normalise_username,
    token_hash,
    verify_password,
)
from api.sessions import as_utc

DEMO_ACCOUNTS = {"demo-staff": "staff", "demo-analyst": "analyst"}


class AccountError(ValueError):
    """A request about an account that cannot be done, in words for the person asking."""


@dataclass(frozen=True)
class SignedIn:
    user: StaffUser
    session: StaffSession

    def may(self, *roles: str) -> bool:
        return self.user.role == "admin" or self.user.role in roles


def find_user(db: Session, username: str) -> StaffUser | None:
    return db.scalar(select(StaffUser).where(StaffUser.username == normalise_username(username)))


def create_user(db: Session, username: str, role: str, password: str) -> StaffUser:
    username = normalise_username(username)
    if role not in ROLES:
        raise AccountError(f"the role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise AccountError("a username needs 1 to 64 characters")
    if find_user(db, username):
        raise AccountError(f"there is already a user called {username}")
    user = StaffUser(
        username=username,
        password_hash=_hash(password),
        role=role,
        active=True,
        created_at=datetime.now(UTC),
    )
    db.add(user)
    db.commit()
    return user


def reset_password(db: Session, username: str, password: str) -> StaffUser:
    """Set a new password and sign the user out everywhere."""
    user = _existing(db, username)
    user.password_hash = _hash(password)
    user.active = True
    db.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    db.commit()
    return user


def disable_user(db: Session, username: str) -> StaffUser:
    user = _existing(db, username)
    user.active = False
    db.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    db.commit()
    return user


def authenticate(db: Session, username: str, password: str) -> StaffUser | None:
    user = find_user(db, username)
    ok = verify_password(password, user.password_hash if user else None)
    return user if ok and user and user.active else None


def start_session(db: Session, user: StaffUser, lifetime: timedelta) -> tuple[str, SignedIn]:
    """A new session for a user who just signed in; returns the cookie's token."""
    now = datetime.now(UTC)
    db.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
    token = new_token()
    session = StaffSession(
        token_hash=token_hash(token),
        user_id=user.id,
        csrf_token=new_token(),
        expires_at=now + lifetime,
    )
    db.add(session)
    db.commit()
    return token, SignedIn(user, session)


def signed_in(db: Session, token: str | None) -> SignedIn | None:
    if not token:
        return None
    session = db.get(StaffSession, token_hash(token))
    if session is None or as_utc(session.expires_at) <= datetime.now(UTC):
        return None
    user = db.get(StaffUser, session.user_id)
    return SignedIn(user, session) if user and user.active else None


def end_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))
        db.commit()


def reset_demo_accounts(db: Session) -> dict[str, str]:
    """Give each demo account a fresh random password; only `make run` calls this."""
    passwords = {}
    for username, role in DEMO_ACCOUNTS.items():
        password = new_password()
        if find_user(db, username):
            reset_password(db, username, password)
        else:
            create_user(db, username, role, password)
        passwords[username] = password
    return passwords


def _existing(db: Session, username: str) -> StaffUser:
    user = find_user(db, username)
    if user is None:
        raise AccountError(f"there is no user called {normalise_username(username)}")
    return user


def _hash(password: str) -> str:
    try:
        return hash_password(password)
    except ValueError as error:
        raise AccountError(str(error)) from error
