"""Staff sign-in: Argon2 password hashes, session tokens, CSRF tokens, throttling.

Residents never sign in. Staff and analysts do, and everything here is about
keeping those accounts and their sessions safe.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

ROLES = ("staff", "analyst", "admin")
MIN_PASSWORD_LENGTH = 12

_passwords = PasswordHash((Argon2Hasher(),))
# Verifying against this when the username is unknown takes as long as a real
# check, so response times do not reveal which usernames exist.
_DUMMY_HASH = _passwords.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _passwords.verify(password, _DUMMY_HASH)
        return False
    return _passwords.verify(password, password_hash)


def new_password() -> str:
    """A random password that is easy to read out at a desk: 4 groups of 4."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    groups = ("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps instead of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(expected, given)


class LoginThrottle:
    """Refuses sign-in after too many failures for one username or one client.

    Counts live in memory only, for `window_seconds`: nothing about a client
    is stored. Behind several gateway processes each keeps its own counts.
    """

    def __init__(self, per_user: int = 5, per_client: int = 20, window_seconds: int = 900) -> None:
        self._limits = {"user": per_user, "client": per_client}
        self._window = window_seconds
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allowed(self, username: str, client: str) -> bool:
        with self._lock:
            return all(
                len(self._recent((kind, key))) < self._limits[kind]
                for kind, key in (("user", username.lower()), ("client", client))
            )

    def failed(self, username: str, client: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._failures[("user", username.lower())].append(now)
            self._failures[("client", client)].append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("user", username.lower()), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures[key]
        cutoff = time.monotonic() - self._window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures
