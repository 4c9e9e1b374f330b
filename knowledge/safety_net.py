"""The crisis phrase layer: patterns checked before the NLU model sees a message.

The model may miss a message that puts a life in danger, so the gateway also
matches the phrases in knowledge/taxonomy/crisis.yml with spaCy's Matcher, by
danger category. Danger told as past or over ("five years ago", "home from
hospital now") keeps this layer quiet unless something shows it is happening
again ("tonight", "again"); so does someone saying they are safe. The action
server uses the same sayings to overrule the model on figures of speech.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc

from knowledge.taxonomy import CrisisGuidance, load_taxonomy

FIGURE_OF_SPEECH = "figure_of_speech"
CALM_CONTEXT = "calm_context"
STILL_NOW = "still_now"
SAID_SAFE = "said_safe"
NUMBER = "<num>"
YEAR = "<year>"
SPECIAL_TOKENS = {NUMBER: {"LIKE_NUM": True}, YEAR: {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}}
APOSTROPHES = re.compile("['\u2018\u2019`]")
# "OD'd" is only ever "overdosed"; without its apostrophe it would be the word "odd".
OD_D = re.compile(r"\bo\.?d['\u2018\u2019`]d\b")


@dataclass(frozen=True)
class PhraseReading:
    named: frozenset[str]  # danger categories whose phrases match, whatever the context
    # Told as past or over ("five years ago", "home now") with nothing happening
    # again, or said to be safe ("I'm safe, just lonely").
    calm: bool
    saying: bool  # an everyday saying ("this form is killing me") matches

    @property
    def dangers(self) -> frozenset[str]:
        """The categories named, unless the message is calm (past, over, or said safe)."""
        return frozenset() if self.calm else self.named

    @property
    def only_a_saying(self) -> bool:
        return self.saying and not self.dangers


def compile_phrase(phrase: str) -> list[dict]:
    """Turn one phrase of crisis.yml's syntax into a spaCy Matcher token pattern."""
    pattern: list[dict] = []
    for token in phrase.split():
        if token == "*":
            pattern.append({"OP": "?"})
            continue
        optional = token.endswith("?")
        word = token.rstrip("?")
        alternatives = word.split("|")
        if len(alternatives) > 1 and SPECIAL_TOKENS.keys() & set(alternatives):
            # A Matcher token is a number or one of some words, not both: "a|<num>" would
            # quietly match the letters "<num>". Write such a phrase twice instead.
            raise ValueError(f"{phrase!r}: {NUMBER} and {YEAR} cannot be an alternative")
        spec: dict = dict(
            SPECIAL_TOKENS.get(word) or {"LOWER": {"IN": [w for w in alternatives if w]}}
        )
        if optional:
            spec["OP"] = "?"
        pattern.append(spec)
    return pattern


class SafetyNet:
    """Says which kinds of danger to life, if any, a message mentions."""

    def __init__(self, guidance: CrisisGuidance) -> None:
        self._nlp = spacy.blank("en")
        # Without apostrophes "isnt" would be split into "is" + "nt"; the
        # phrases are written as residents type, so keep words whole.
        self._nlp.tokenizer.rules = {}
        self._matcher = Matcher(self._nlp.vocab)
        for category in guidance.categories:
            self._matcher.add(category.id, [compile_phrase(p) for p in category.phrases])
        self._context = Matcher(self._nlp.vocab)
        self._context.add(CALM_CONTEXT, [compile_phrase(p) for p in guidance.calm_context])
        self._context.add(STILL_NOW, [compile_phrase(p) for p in guidance.still_now])
        self._context.add(SAID_SAFE, [compile_phrase(p) for p in guidance.said_safe])
        self._sayings = Matcher(self._nlp.vocab)
        self._sayings.add(FIGURE_OF_SPEECH, [compile_phrase(p) for p in guidance.figures_of_speech])

    def _doc(self, message: str) -> Doc:
        return self._nlp.make_doc(APOSTROPHES.sub("", OD_D.sub("oded", message.lower())))

    def _labels(self, matcher: Matcher, doc: Doc) -> set[str]:
        return {self._nlp.vocab.strings[match_id] for match_id, _, _ in matcher(doc)}

    def read(self, message: str) -> PhraseReading:
        """Everything the phrases say about a message, from one pass over it."""
        doc = self._doc(message)
        context = self._labels(self._context, doc)
        sayings = [(start, end) for _, start, end in self._sayings(doc)]
        return PhraseReading(
            named=self._named_outside(sayings, doc),
            calm=SAID_SAFE in context or (CALM_CONTEXT in context and STILL_NOW not in context),
            saying=bool(sayings),
        )

    def _named_outside(self, sayings: list[tuple[int, int]], doc: Doc) -> frozenset[str]:
        """Danger phrases, except those inside a saying: "been shot" in "my nerves have
        been shot" is the saying's."""
        return frozenset(
            self._nlp.vocab.strings[match_id]
            for match_id, start, end in self._matcher(doc)
            if not any(s <= start and end <= e for s, e in sayings)
        )

    def dangers(self, message: str) -> set[str]:
        """The danger categories the message's phrases name, unless the message is calm."""
        return set(self.read(message).dangers)

    def is_only_a_figure_of_speech(self, message: str) -> bool:
        """An everyday saying ("this form is killing me") with no sign of real danger."""
        return self.read(message).only_a_saying


@cache
def get_safety_net() -> SafetyNet:
    return SafetyNet(load_taxonomy().crisis)
