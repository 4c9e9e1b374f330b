"""Staff sign-in: Argon2 password hashes, session tokens, CSRF tokens, throttling.

Residents never sign in. Staff and analysts do, and everything here is about
keeping those accounts and their sessions safe.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from functools import cache

from fastapi import Request
from limits import parse, parse_many, strategies
from limits.storage import storage_from_string
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

ROLES = ("staff", "analyst", "admin")
MIN_PASSWORD_LENGTH = 12

_passwords = PasswordHash((Argon2Hasher(),))
# Verifying against this when the username is unknown takes as long as a real
# check, so response times do not reveal which usernames exist.
_DUMMY_HASH = _passwords.hash(secrets.token_urlsafe(16))


# Words anyone would try first against a Hartlepool council account (NCSC: deny
# organisation names alongside the commonest passwords).
LOCAL_WORDS = frozenset({"hartlepool", "council", "hartlepoolcouncil", "communityhub", "hub"})
_TRAILING_DIGITS_AND_SYMBOLS = re.compile(r"[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 commonest passwords (zxcvbn's list, from leaked password sets)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | LOCAL_WORDS


def password_problem(password: str) -> str | None:
    """Why a password may not be used, or None. NCSC's advice: length and a deny-list,
    not rules about character classes."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if not password.strip():
        return "a password cannot be only spaces"
    if len(set(password)) == 1:
        return "a password cannot be one character repeated"
    word = password.strip().casefold()
    # "Password2026!" is "password" with the usual ending.
    stem = _TRAILING_DIGITS_AND_SYMBOLS.sub("", word)
    if word in common_passwords() or stem in common_passwords():
        return "that password is too common: choose three random words instead"
    return None


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
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


# Failed sign-ins allowed per account and client: each tier passed waits longer.
LOGIN_TIERS = "5/minute;10/15 minutes;20/day"
# Failed sign-ins allowed from one client, whichever accounts it tries.
LOGIN_PER_CLIENT = "30/15 minutes"


def normalise_username(username: str) -> str:
    """One spelling of a username for sign-in, the throttle and accounts alike.

    NFKC folds look-alike characters (a full-width a is an a), strip removes every
    kind of space (a tab, a no-break space, an ideographic space), casefold
    ignores case in every script.
    """
    return unicodedata.normalize("NFKC", username).strip().casefold()


def client_key(secret: bytes, request: Request) -> str:
    """Who is asking, for rate limits and the sign-in throttle: a keyed hash of the
    client's address, so not even memory holds an IP address."""
    address = request.client.host if request.client else "unknown"
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(expected, given)


class LoginThrottle:
    """Slows down guessing passwords without letting anyone lock a member of staff out.

    Failures count per account *and* client, in tiers (`LOGIN_TIERS`), so every
    further wrong guess from the same place waits longer: a minute, then fifteen,
    then a day. Someone guessing from elsewhere never delays the real user. Each
    client also has a cap across all accounts. Counts live in the `limits`
    library's storage (memory, or Redis to share them), expire on their own, and
    key clients by a keyed hash of their address.
    """

    def __init__(self, storage_uri: str = "memory://") -> None:
        self._limiter = strategies.MovingWindowRateLimiter(
            storage_from_string(storage_uri, wrap_exceptions=True)
        )
        self._tiers = parse_many(LOGIN_TIERS)
        self._per_client = parse(LOGIN_PER_CLIENT)
        self._secret = secrets.token_bytes(32)

    def allowed(self, username: str, request: Request) -> bool:
        """Raises StorageError when the counts cannot be read: then nobody may guess."""
        account, place = normalise_username(username), client_key(self._secret, request)
        return self._limiter.test(self._per_client, "login-client", place) and all(
            self._limiter.test(tier, "login", account, place) for tier in self._tiers
        )

    def failed(self, username: str, request: Request) -> None:
        account, place = normalise_username(username), client_key(self._secret, request)
        self._limiter.hit(self._per_client, "login-client", place)
        for tier in self._tiers:
            self._limiter.hit(tier, "login", account, place)

    def succeeded(self, username: str, request: Request) -> None:
        account, place = normalise_username(username), client_key(self._secret, request)
        for tier in self._tiers:
            self._limiter.clear(tier, "login", account, place)
