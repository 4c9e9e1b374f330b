"""Rasa intent classifier over sentence embeddings (encoder/) and character n-grams.

DIET learns word features from our examples alone, so a message that shares
few words with them ("me dad can't wash himself anymore") lands nowhere. The
sentence encoder was pretrained on a billion sentence pairs and places such a
message near "needs help with personal care". The scores it gives are
probabilities, so the FallbackClassifier after it can tell a clear answer from
a close call, and the clarifying question offers the likeliest needs.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from encoder.classifier import ClassifierSettings, SentenceClassifier

MODEL_FILE = "sentence_intents.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceIntentClassifier(GraphComponent, IntentClassifier):
    """Predicts the intent, with a ranking of the likeliest ones."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        defaults = ClassifierSettings()
        return {
            "c": defaults.c,
            "char_weight": defaults.char_weight,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: SentenceClassifier | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        settings = ClassifierSettings(
            c=float(self._config["c"]), char_weight=float(self._config["char_weight"])
        )
        self._classifier = SentenceClassifier(settings).fit(
            [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples]
        )
        with self._storage.write_to(self._resource) as directory:
            self._classifier.save(directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceIntentClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                classifier = SentenceClassifier.load(directory / MODEL_FILE)
        except ValueError:
            # Nothing was trained (no NLU data): behave as an untrained component.
            classifier = None
        return cls(config, model_storage, resource, classifier)

    def process(self, messages: List[Message]) -> List[Message]:
        scored = [m for m in messages if m.get(TEXT) and not m.get(INTENT)]
        if self._classifier is None or not scored:
            return messages
        labels = self._classifier.labels
        probabilities = self._classifier.predict_proba([m.get(TEXT) for m in scored])
        limit = int(self._config["ranking_length"])
        for message, row in zip(scored, probabilities, strict=True):
            order = row.argsort()[::-1][:limit]
            ranking = [
                {INTENT_NAME_KEY: labels[i], PREDICTED_CONFIDENCE_KEY: float(row[i])} for i in order
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
