"""The crisis safety net: phrase patterns checked before the NLU model sees a message.

The model may miss a message that puts a life in danger, so the gateway also
matches the phrases in knowledge/taxonomy/crisis.yml with spaCy's Matcher. The
action server uses the same phrases to overrule the model on figures of speech.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.matcher import Matcher

from knowledge.taxonomy import CrisisGuidance, load_taxonomy

FIGURE_OF_SPEECH = "figure_of_speech"
_APOSTROPHES = re.compile("['\u2018\u2019`]")


def compile_phrase(phrase: str) -> list[dict]:
    """Turn one phrase of crisis.yml's syntax into a spaCy Matcher token pattern."""
    pattern: list[dict] = []
    for token in phrase.split():
        if token == "*":
            pattern.append({"OP": "?"})
            continue
        optional = token.endswith("?")
        words = [w for w in token.rstrip("?").split("|") if w]
        spec: dict = {"LOWER": {"IN": words}}
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
        for group in guidance.safety_net:
            self._matcher.add(group.id, [compile_phrase(p) for p in group.phrases])
        self._sayings = Matcher(self._nlp.vocab)
        self._sayings.add(FIGURE_OF_SPEECH, [compile_phrase(p) for p in guidance.figures_of_speech])

    def _doc(self, message: str):
        return self._nlp.make_doc(_APOSTROPHES.sub("", message.lower()))

    def dangers(self, message: str) -> set[str]:
        return {
            self._nlp.vocab.strings[match_id]
            for match_id, _, _ in self._matcher(self._doc(message))
        }

    def is_crisis(self, message: str) -> bool:
        return bool(self.dangers(message))

    def is_only_a_figure_of_speech(self, message: str) -> bool:
        """An everyday saying ("this form is killing me") with no sign of real danger."""
        return not self.is_crisis(message) and bool(self._sayings(self._doc(message)))


@cache
def get_safety_net() -> SafetyNet:
    return SafetyNet(load_taxonomy().crisis)
