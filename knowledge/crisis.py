"""Danger to life, decided by every layer the gateway has.

The phrase layer (safety_net.py) is exact and explainable; the classifier
(crisis_classifier.py) knows danger described in words no phrase foresaw. Either
one is enough: a missed emergency costs far more than a kind reply that was not
needed. The Rasa model's crisis intent is the third layer, applied by the gateway
after the engine answers (api/chat.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

import wordninja

from encoder.files import EncoderFilesMissing
from knowledge.crisis_classifier import CrisisClassifier, CrisisScore, get_crisis_classifier
from knowledge.entitlements import STOP_WORDS
from knowledge.safety_net import PhraseReading, SafetyNet, get_safety_net
from knowledge.taxonomy import CrisisClassifierSettings, load_taxonomy
from knowledge.teams import asked_for_team

logger = logging.getLogger(__name__)

PHRASES, CLASSIFIER = "phrases", "classifier"
WORD = re.compile(r"[^\W\d_]{2,}")
# Ten letters or more with no space: a word, or several run together.
RUN_TOGETHER = re.compile(r"[^\W\d_]{10,}")
CLITICS = ("s", "t", "ll", "ve", "re", "d", "m")
CLITIC = re.compile(rf"\b(\w+) ({'|'.join(CLITICS)})\b", re.IGNORECASE)
# The only pieces of one or two letters a real run of words leaves. A split that leaves
# another ("Trincomalee" as "Tr in coma lee", "scaffolder" as "scaffold er") is wordninja
# guessing at a name or a word it does not know: the word stays whole.
SHORT_WORDS = frozenset(
    "a i im in on to me my he we it is at of do go no so up us an or be by oh ok ye ya".split()  # noqa: SIM905
) | frozenset(CLITICS)
# The words of a bare answer to the entitlements check ("4 and 9", "3 years old and
# 7", "about 900 a month") or of a word that stops it ("cancel", "stop"): a message with
# no other word is numbers or a command, not news. The classifier once read a bare
# "cancel" as danger.
ANSWER_WORDS = frozenset(
    "and or an the yes no none skip years year yrs old months month weeks week about "  # noqa: SIM905
    "around under over more than less to per each pounds quid".split()
) | frozenset(STOP_WORDS)


@dataclass(frozen=True)
class CrisisVerdict:
    category: str | None  # the kind of danger, or None when there is none
    layers: tuple[str, ...] = ()  # which layers saw it
    score: float | None = None  # the classifier's danger probability

    @property
    def in_danger(self) -> bool:
        return self.category is not None


class CrisisDetector:
    def __init__(
        self,
        net: SafetyNet,
        classifier: CrisisClassifier | None,
        settings: CrisisClassifierSettings,
    ) -> None:
        self._net = net
        self._classifier = classifier
        self._settings = settings
        self._order = [c.id for c in load_taxonomy().crisis.categories]

    def assess(self, message: str) -> CrisisVerdict:
        verdict = self._assess(message)
        if verdict.in_danger:
            return verdict
        # Typed in a hurry, danger loses its spaces: "hesgotaknifeatmythroat". Read
        # again with the words apart; only danger found that way counts, and a message
        # with no run-together words reads exactly as before.
        spaced = with_words_apart(message)
        if spaced != message:
            again = self._assess(spaced)
            if again.in_danger:
                return again
        return verdict

    def _assess(self, message: str) -> CrisisVerdict:
        phrases = self._net.read(message)
        if self._classifier is None:
            found = phrases.dangers
            return CrisisVerdict(self._first(found), (PHRASES,)) if found else CrisisVerdict(None)
        # Named danger always has the classifier read the message fully: it decides
        # whether calm phrases count, and which kind of danger it is.
        score = self._classifier.score(message, read_fully=bool(phrases.named))
        # Told as past or over, a known saying, a bare answer with only numbers in
        # it ("4 and 9", children's ages in the entitlements check), or only a team's
        # number asked for, the layers must agree, or the classifier must be much
        # surer on its own: "he swallowed a battery when he was little", "my feet are
        # killing me" and "put me through to planning" read like danger word by word.
        # Context quiets the phrases only when the classifier agrees they are calm: "he
        # has a knife, last year he stabbed me" is still an emergency.
        calm = self._calm(message, phrases)
        named = phrases.named
        fired = []
        if named and (not calm or score.danger >= self._settings.calm_phrase_threshold):
            fired.append(PHRASES)
        # One sentence read alone may be plainly danger where the whole message's
        # average is not: "...earlier I drank the whole bottle of her morphine and my
        # breathing feels slow. Anyway the form..." Its kind is then the likelier too.
        # In a calm message, a passage counts only if it is not itself calm: "I was raped
        # at uni eight years ago." read alone is still eight years ago, and "The waiting
        # is killing me." is still a saying.
        passage = score.passage
        strong = passage and self._strong(passage, score.danger)
        if strong and not (calm and self._calm(passage.text, self._net.read(passage.text))):
            score = passage
        settings = self._settings
        if score.danger >= (settings.calm_threshold if calm else settings.threshold):
            fired.append(CLASSIFIER)
        if not fired:
            return CrisisVerdict(None, score=score.danger)
        category = score.category if not named or score.category in named else None
        return CrisisVerdict(category or self._first(named), tuple(fired), score.danger)

    def _strong(self, passage: CrisisScore, whole: float) -> bool:
        """Surer of danger read alone than the whole message, and sure enough for its
        length."""
        settings = self._settings
        short = len(passage.text.split()) < settings.short_passage_words
        needed = settings.short_passage_threshold if short else settings.passage_threshold
        return passage.danger >= max(needed, whole)

    @staticmethod
    def _calm(text: str, phrases: PhraseReading) -> bool:
        """Told as past or over, said to be safe, only a saying, a bare answer, or only
        a request for a team's number."""
        return (
            phrases.calm
            or phrases.only_a_saying
            or is_bare_answer(text)
            or only_asks_for_a_team(text)
        )

    def _first(self, categories: frozenset[str]) -> str:
        """In crisis.yml's order, so the reply for the gravest kind comes first."""
        return min(categories, key=self._order.index)


def with_words_apart(message: str) -> str:
    """Long runs of letters split into the words they hide ("imgoingtokillmyself" as
    "im going to kill myself"), by word frequency. Words wordninja knows whole stay whole,
    as do words it can split only by leaving a piece that is no word ("Trincomalee"), and
    "he s" is joined back to "hes", as residents type it without an apostrophe."""

    def apart(match: re.Match[str]) -> str:
        words = wordninja.split(match.group())
        if len(words) < 2 or any(len(w) < 3 and w.lower() not in SHORT_WORDS for w in words):
            return match.group()
        return CLITIC.sub(r"\1\2", " ".join(words))

    return RUN_TOGETHER.sub(apart, message)


def is_bare_answer(message: str) -> bool:
    """Numbers and answer words only. "32 paracetamol" is not: one word can be the news."""
    return all(word.lower() in ANSWER_WORDS for word in WORD.findall(message))


def only_asks_for_a_team(message: str) -> bool:
    """ "ASB team number", "put me through to planning please": nothing else said."""
    request = asked_for_team(message)
    return request is not None and request.only_a_request


@cache
def get_crisis_detector() -> CrisisDetector:
    guidance = load_taxonomy().crisis
    try:
        classifier = get_crisis_classifier()
    except EncoderFilesMissing:
        # The phrases still work; say loudly that a layer is missing.
        logger.exception("crisis classifier unavailable: only the phrase layer is on")
        classifier = None
    return CrisisDetector(get_safety_net(), classifier, guidance.classifier)
