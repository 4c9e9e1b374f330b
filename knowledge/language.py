"""Whether a message is plainly written in a language other than English.

The assistant's models read English only. A message in Portuguese or Polish was
answered as out of scope, which tells the resident nothing useful; the gateway
gives such a message a reply saying how else to reach the council instead. py3langid
(langid.py's model, shipped inside the package) names the language.

The bar is high on purpose: dialect ("me mam divvent knaa owt") and text-speak look
foreign to a language model word by word, and a resident told "I only read
English" when they wrote English has been failed twice. So a message counts only
when it has enough words, the other language is near certain, and English is near
impossible; a message of English with a greeting in Latvian stays English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

ENGLISH = "en"
MIN_WORDS = 4  # "ta pet", "gizza job", "uc": too few words to tell
OTHER_AT_LEAST = 0.85  # the likeliest language's probability
ENGLISH_AT_MOST = 0.01  # and English's, so a mixed message stays with the model
MIN_LETTERS = 3  # too few letters to tell; a non-Latin script needs no word count
WORD = re.compile(r"[^\W\d_]+")


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def other_language(message: str) -> str | None:
    """The ISO 639-1 code of the language a message is plainly written in, unless English."""
    letters = [c for c in message if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    ranked = dict(_identifier().rank(message.lower()))
    likeliest = max(ranked, key=ranked.__getitem__)
    if likeliest == ENGLISH:
        return None
    if _mostly_other_script(letters):
        return likeliest
    plainly = ranked[likeliest] >= OTHER_AT_LEAST and ranked[ENGLISH] <= ENGLISH_AT_MOST
    return likeliest if plainly and len(WORD.findall(message)) >= MIN_WORDS else None


def _mostly_other_script(letters: list[str]) -> bool:
    """Arabic, Chinese, Cyrillic...: more than half the letters are not Latin."""
    latin = sum(unicodedata.name(c, "").startswith("LATIN") for c in letters)
    return latin * 2 < len(letters)


def warm() -> None:
    """Load the model before the first resident waits for it."""
    _identifier()
