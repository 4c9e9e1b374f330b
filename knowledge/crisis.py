"""Danger to life, decided by every layer the gateway has.

The phrase layer (safety_net.py) is exact and explainable; the classifier
(crisis_classifier.py) knows danger described in words no phrase foresaw. Either
one is enough: a missed emergency costs far more than a kind reply that was not
needed. The Rasa model's crisis intent is the third layer, applied by the gateway
after the engine answers (api/chat.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from encoder.files import EncoderFilesMissing
from knowledge.crisis_classifier import CrisisClassifier, get_crisis_classifier
from knowledge.safety_net import SafetyNet, get_safety_net
from knowledge.taxonomy import load_taxonomy

logger = logging.getLogger(__name__)

PHRASES, CLASSIFIER = "phrases", "classifier"


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
        threshold: float,
        calm_threshold: float,
    ) -> None:
        self._net = net
        self._classifier = classifier
        self._threshold = threshold
        self._calm_threshold = calm_threshold
        self._order = [c.id for c in load_taxonomy().crisis.categories]

    def assess(self, message: str) -> CrisisVerdict:
        phrases = self._net.dangers(message)
        score = self._classifier.score(message) if self._classifier else None
        # Told as past or over, the classifier must be much surer: "he swallowed a
        # battery when he was little" reads like danger, word by word.
        threshold = self._calm_threshold if self._net.is_calm_context(message) else self._threshold
        layers = tuple(
            layer
            for layer, fired in (
                (PHRASES, bool(phrases)),
                (CLASSIFIER, score is not None and score.danger >= threshold),
            )
            if fired
        )
        if not layers:
            return CrisisVerdict(None, score=score.danger if score else None)
        if score is not None and (not phrases or score.category in phrases):
            category = score.category
        else:
            category = min(phrases, key=self._order.index)
        return CrisisVerdict(category, layers, score.danger if score else None)


@cache
def get_crisis_detector() -> CrisisDetector:
    guidance = load_taxonomy().crisis
    try:
        classifier = get_crisis_classifier()
    except EncoderFilesMissing:
        # The phrases still work; say loudly that a layer is missing.
        logger.exception("crisis classifier unavailable: only the phrase layer is on")
        classifier = None
    return CrisisDetector(
        get_safety_net(),
        classifier,
        guidance.classifier.threshold,
        guidance.classifier.calm_threshold,
    )
