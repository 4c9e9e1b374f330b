"""Punctuation that voice dictation spelt out as words, written as punctuation.

Dictating on a phone, some residents say the punctuation and get it back as words: "my
bin was missed again full stop when is the next collection question mark". The spoken
marks are not the message, yet in every sentence they pulled it towards whichever need's
examples happened to share them, and with no full stops a long message cannot be read a
sentence at a time. Only words that mean nothing else in a message to the council are
written back: "period", "colon", "dot" and "new line" ("a new line of work") are left, as
they may be the resident's own.
"""

from __future__ import annotations

import re

_MARKS = (
    (re.compile(r"\s*\b(?:full ?stop|fullstop)\b", re.IGNORECASE), "."),
    (re.compile(r"\s*\bcomma\b", re.IGNORECASE), ","),
    (re.compile(r"\s*\bquestion mark\b", re.IGNORECASE), "?"),
    (re.compile(r"\s*\bexclamation (?:mark|point)\b", re.IGNORECASE), "!"),
    (re.compile(r"\s*\bnew paragraph\b", re.IGNORECASE), "\n"),
)


def written_out(text: str) -> str:
    """ "no gas comma can i get a voucher question mark" as "no gas, can i get a voucher?"."""
    for spoken, mark in _MARKS:
        text = spoken.sub(mark, text)
    return text
