"""Is there a word in this message at all? Keyboard mash ("qwv zxkj plort") is not a need.

The model always ranks some need first, even for letters typed at random. A message with
no word the assistant has seen in its training data, and none in zxcvbn's English
frequency lists (about 94,000 words and names, already installed for the staff password
check), is treated as not understood rather than routed on a guess. Any number counts
as a word: amounts, ages and postcodes are answers.
"""

from __future__ import annotations

import re
from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from knowledge.nlu_data import nlu_examples

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# A single letter ("a", "x") is too easily typed by accident to count as a word.
MIN_WORD_LETTERS = 2


@cache
def known_words() -> frozenset[str]:
    words = {word for frequency_list in FREQUENCY_LISTS.values() for word in frequency_list}
    for text, _intent in nlu_examples():
        words.update(_TOKEN.findall(text.lower()))
    return frozenset(words)


def has_known_word(text: str) -> bool:
    vocabulary = known_words()
    for token in _TOKEN.findall(text.lower()):
        if token.isdigit() or (len(token) >= MIN_WORD_LETTERS and token in vocabulary):
            return True
    return False
