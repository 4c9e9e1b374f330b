"""Words typed with letters left out, spelt out again before a message is scored.

On a cracked screen or in a hurry residents drop vowels and double letters: "hlp quttng
vpe", "ny fod bnks opn on sturdy", "tlkng therpy slf refrl". The encoder's word pieces
and the character n-grams know none of those spellings, and such messages were answered
"did not understand". A word that no English word list knows is respelt as a training
word with the same consonants that holds all its letters in order, the commonest in
English if several do ("hlp" as "help", "quttng" as "quitting", "tme" as "time").
Known words, and unknown words no training word fits, are left as typed.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import wordninja

WORD = re.compile(r"[A-Za-z]+")
_VOWELS = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"(.)\1+")
# Shorter words, and typed words with one consonant ("ny"), too often fit a different
# word with the same consonants.
MIN_TRAINING_WORD = 3
MIN_CONSONANTS = 2


def consonants(word: str) -> str:
    """ "quitting" and "quttng" both as "qtng"."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", word))


@cache
def english_ranks() -> dict[str, int]:
    """wordninja's English word list (126,000 words, commonest first), by rank."""
    path = Path(wordninja.__file__).parent / "wordninja" / "wordninja_words.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as file:
        words = file.read().split()
    return {word: rank for rank, word in reversed(list(enumerate(words)))}


class Respeller:
    """Built from the training texts, so a word is only ever respelt as one the
    classifier has seen."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts = Counter(w.lower() for text in texts for w in WORD.findall(text))
        ranks = english_ranks()
        by_consonants: dict[str, list[str]] = {}
        for word in counts:
            if len(word) >= MIN_TRAINING_WORD:
                by_consonants.setdefault(consonants(word), []).append(word)
        for words in by_consonants.values():
            words.sort(key=lambda w: (ranks.get(w, len(ranks)), -counts[w], w))
        self._training = frozenset(counts)
        self._by_consonants = by_consonants

    def __eq__(self, other: object) -> bool:
        """Built from the same training words, so it respells every text alike."""
        if not isinstance(other, Respeller):
            return NotImplemented
        return self._training == other._training and self._by_consonants == other._by_consonants

    def respell(self, text: str) -> str:
        return WORD.sub(lambda match: self._word(match.group()), text)

    def _word(self, typed: str) -> str:
        word = typed.lower()
        if word in self._training or word in english_ranks():
            return typed
        key = consonants(word)
        if len(key) < MIN_CONSONANTS:
            return typed
        for candidate in self._by_consonants.get(key, ()):
            if len(candidate) > len(word) and _in_order(word, candidate):
                return candidate
        return typed


def _in_order(letters: str, word: str) -> bool:
    """Every letter of `letters` is in `word`, in the same order ("hlp" in "help")."""
    rest = iter(word)
    return all(letter in rest for letter in letters)
