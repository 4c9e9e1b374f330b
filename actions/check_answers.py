"""Reading a resident's answers to the entitlements check, typed or tapped.

Each reader returns the answer as the check's API wants it, SKIPPED for
"skip" or "don't know", or None when it cannot tell (so the form asks again).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge.entitlements import STOP_WORDS

SKIPPED = "unknown"
HOUSING = ("social_rent", "private_rent", "own", "supported", "other")
RENTING = ("social_rent", "private_rent", "supported")

_SKIP = re.compile(r"\b(skip|don'?t know|dont know|not sure|dunno|no idea|rather not|prefer not)\b")
_STOP = re.compile(
    rf"^\s*({'|'.join((*STOP_WORDS, 'leave it', 'forget it', 'no more'))})\b|\bstop the check\b"
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PER_WEEK = re.compile(r"\b(a|per|each|every) ?week|\bweekly\b|\bpw\b")
_PER_FORTNIGHT = re.compile(r"\bfortnight|\bevery two weeks\b|\b2 weeks\b")

# Button answers, and the figure each stands for when an amount is needed.
# 66 on its own: State Pension age is 66 and some months for people born from April 1960,
# so that answer is followed by the month and year of birth.
AGE_BANDS = {"under 25": 22, "25 to 65": 40, "66": 66, "67 or older": 70}
MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
BORN_BEFORE_THE_RISE = "1960-03"  # "before April 1960": reached State Pension age at 66
PAY_BANDS = {
    "none": 0,
    "under £500": 300,
    "£500 to £1,000": 750,
    "£1,000 to £1,500": 1250,
    "£1,500 to £2,500": 2000,
    "more than £2,500": 3000,
}
# From State Pension age: all income. The bands meet near the Pension Credit guarantee
# (about £1,031 a month single, £1,574 a couple, 2026-27), so a band never straddles it.
PENSION_INCOME_BANDS = {"under £1,000": 800, "£1,000 to £1,600": 1300, "more than £1,600": 2000}
SAVINGS_BANDS = {"under £6,000": 2000, "£6,000 to £16,000": 10000, "more than £16,000": 20000}
HOUSING_WORDS = {
    "social_rent": ("council", "housing association", "social", "thirteen", "housing hartlepool"),
    "private_rent": ("private", "landlord", "letting agent"),
    "own": ("own", "mortgage", "bought", "homeowner"),
    "supported": ("supported", "temporary", "hostel", "refuge", "b&b", "shelter"),
    "other": ("something else", "family", "parents", "friend", "sofa", "lodger", "other"),
}
HEALTH_WORDS = {
    "care_needs": (
        "daily care",
        "needs help",
        "need help",
        "care needs",
        "care_needs",
        "needs care",
    ),
    "caring": ("i care for", "carer", "caring", "look after", "looking after", "care for someone"),
    "disability": ("disab", "illness", "ill ", "long-term", "long term", "condition", "sick"),
}


def wants_to_stop(text: str) -> bool:
    return bool(_STOP.search(text.lower()))


def skipped(text: str) -> bool:
    return bool(_SKIP.search(text.lower()))


def read_age(text: str) -> str | None:
    def age(t: str) -> str | None:
        years = _band(t, AGE_BANDS) or _whole_number(t, 16, 120)
        return None if years is None else str(years)

    return _read(text, age)


def read_born(text: str) -> str | None:
    """A month and year of birth, as "1960-11", from "November 1960", "11/1960" or "nov 60"."""

    def born(t: str) -> str | None:
        if re.search(r"\bbefore (april|apr) 1960\b", t):
            return BORN_BEFORE_THE_RISE
        named = re.search(r"\b([a-z]{3})[a-z]*\.?,? (19\d\d|\d\d)\b", t)
        if named and named.group(1) in MONTHS:
            month, year = MONTHS.index(named.group(1)) + 1, named.group(2)
        else:
            numbered = re.search(r"\b(\d{1,2})[/.-](19\d\d)\b|\b(19\d\d)-(\d{1,2})\b", t)
            if not numbered:
                return None
            month = int(numbered.group(1) or numbered.group(4))
            year = numbered.group(2) or numbered.group(3)
        if len(year) == 2:
            year = f"19{year}"
        return f"{year}-{month:02d}" if 1 <= month <= 12 else None

    return _read(text, born)


def read_partner(text: str) -> str | None:
    def partner(t: str) -> str | None:
        if re.search(r"\b(yes|yeah|yep|married|partner|husband|wife|boyfriend|girlfriend)\b", t):
            return "yes"
        if re.search(r"\b(no|nope|single|just me|alone|on my own|by myself)\b", t):
            return "no"
        return None

    return _read(text, partner)


def read_children(text: str) -> str | None:
    def children(t: str) -> str | None:
        ages = [int(n) for n in re.findall(r"\d+", t)]
        ages += [0 for _ in re.findall(r"\bbaby\b", t)]
        if not ages and re.search(r"\b(no|none|zero|nope)\b", t):
            return "none"
        if not ages or any(a > 19 for a in ages) or len(ages) > 12:
            return None
        return ",".join(str(a) for a in ages)

    return _read(text, children)


def read_housing(text: str) -> str | None:
    def housing(t: str) -> str | None:
        found = [kind for kind, words in HOUSING_WORDS.items() if any(w in t for w in words)]
        return found[0] if len(found) == 1 else None

    return _read(text, housing)


def read_money(bands: dict[str, int]) -> Callable[[str], str | None]:
    """A reader for a monthly amount: a band's button, or a typed amount a week or month."""

    def money(t: str) -> str | None:
        amount = _band(t, bands)
        if amount is None:
            amount = _amount(t)
        return None if amount is None else str(amount)

    return lambda text: _read(text, money)


def read_health(text: str) -> str | None:
    def health(t: str) -> str | None:
        if re.search(r"\bnone\b|\bno\b|\bneither\b", t):
            return "none"
        flags = [flag for flag, words in HEALTH_WORDS.items() if any(w in t for w in words)]
        return ",".join(sorted(flags)) if flags else None

    return _read(f"{text} ", health)


def _read(text: str, reader: Callable[[str], str | None]) -> str | None:
    cleaned = " ".join(text.lower().split())
    return SKIPPED if skipped(cleaned) else reader(cleaned)


def _band(text: str, bands: dict[str, int]) -> int | None:
    return bands.get(text.strip(" ."))


def _whole_number(text: str, low: int, high: int) -> int | None:
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return numbers[0] if len(numbers) == 1 and low <= numbers[0] <= high else None


def _amount(text: str) -> int | None:
    """Pounds a month from "450", "£1,200 a month", "£95 a week" or "£190 a fortnight"."""
    numbers = _NUMBER.findall(text)
    if len(numbers) != 1:
        return None
    amount = float(numbers[0].replace(",", ""))
    if _PER_WEEK.search(text):
        amount = amount * 52 / 12
    elif _PER_FORTNIGHT.search(text):
        amount = amount * 26 / 12
    return round(amount) if amount <= 100_000 else None
