"""The crisis classifier: the layer that knows danger described rather than named.

One logistic regression over the sentence embedding (encoder/), character
n-grams and words, with a class for each kind of danger (knowledge/taxonomy/
crisis_examples.yml) beside every intent in data/nlu (crisis_emergency examples
count as danger of no stated kind). The danger score is the probability of all
danger classes together. Learning every calm need as its own class, rather than
one "calm" class, is what keeps ordinary messages calm: on the development sets
it raised a third as many false alarms at the same recall. data/nlu also holds
near-misses under the needs they should get (danger told as past, idioms,
objects, questions about services). Training takes seconds, so the set-up trains
it and a process that finds no trained copy for the current data trains one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from encoder.classifier import ClassifierSettings, SentenceClassifier
from encoder.dictation import written_out
from encoder.minilm import SentenceEncoder, get_encoder
from knowledge.nlu_data import NLU_DIR, ROOT, nlu_examples
from knowledge.taxonomy import CRISIS_NEED, TAXONOMY_DIR, load_taxonomy

logger = logging.getLogger(__name__)

EXAMPLES_FILE = TAXONOMY_DIR / "crisis_examples.yml"
# Chosen on tests/data/dev/ (crisis.yml and nlu.yml) with `make crisis-report DEV=1 LAYERS=1`.
# Words and word pairs (word_weight) came in round 47: on the 11,872 development danger
# messages and 43,327 ordinary ones, the classifier alone at the same number of alarms on
# near-misses missed 134 danger messages instead of 238.
SETTINGS = ClassifierSettings(c=30.0, char_weight=1.0, class_weight=None, word_weight=1.5)


def model_dir() -> Path:
    return Path(os.environ.get("CRISIS_MODEL_DIR", ROOT / "var" / "crisis"))


def model_path() -> Path:
    """Where the classifier trained from the current data is kept."""
    return model_dir() / f"classifier-{fingerprint()}.pkl"


def danger_examples(path: Path = EXAMPLES_FILE) -> list[tuple[str, str]]:
    """(message, category) pairs from crisis_examples.yml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]
    return [(str(text), category) for category, texts in data.items() for text in texts]


def fingerprint() -> str:
    """What the classifier was trained from: a change to any of it retrains."""
    digest = hashlib.sha256()
    sources = [EXAMPLES_FILE, *sorted(NLU_DIR.glob("*.yml"))]
    sources += [ROOT / "encoder" / name for name in ("classifier.py", "spelling.py")]
    sources.append(Path(__file__))
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class CrisisScore:
    danger: float  # probability that the message describes danger to life now
    category: str  # the likeliest kind of danger, whatever the danger score
    passage: CrisisScore | None = None  # its most dangerous passage, for a longer message
    text: str = ""  # a passage's words, so its own context can be read


# Sentences, and windows of words where a long stretch has no full stop.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
WINDOW_WORDS = 24
MIN_PASSAGE_WORDS = 3


# A chat pasted from WhatsApp: "[21:40] Mam: ive nowt in" or "12/03/2024, 21:40 - Mam: ...".
# The times and names are not anyone's words, yet they made ordinary chats read as danger;
# each message of the chat is read as a line of its own instead.
_CHAT_HEADER = re.compile(
    r"\[\d{1,2}[:.]\d{2}[^\]\n]{0,24}\]\s*[^:\[\]\n]{1,30}:\s*"
    r"|(?m:^)\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2} - [^:\n]{1,30}:\s*"
)


def unpasted(message: str) -> str:
    """The words of a pasted chat, one of its messages per line; other text as it was."""
    return _CHAT_HEADER.sub("\n", message).strip()


def passages(message: str) -> list[str]:
    """A longer message's sentences (or windows), each to be read on its own; [] for one."""
    found: list[str] = []
    for sentence in _SENTENCE_END.split(message):
        words = sentence.split()
        if len(words) < MIN_PASSAGE_WORDS:
            continue
        if len(words) <= WINDOW_WORDS * 3 // 2:
            found.append(sentence)
            continue
        step = WINDOW_WORDS // 2
        found += [" ".join(words[i : i + WINDOW_WORDS]) for i in range(0, len(words) - step, step)]
    return found if len(found) > 1 else []


class CrisisClassifier:
    def __init__(self, model: SentenceClassifier) -> None:
        self._model = model
        labels = model.labels
        # Every category in crisis.yml must have examples: a missing one fails here.
        self._categories = [labels.index(c.id) for c in load_taxonomy().crisis.categories]
        self._danger = [*self._categories, labels.index(CRISIS_NEED)]

    @classmethod
    def train(cls, encoder: SentenceEncoder | None = None) -> CrisisClassifier:
        examples = danger_examples() + nlu_examples()
        texts = [text for text, _ in examples]
        labels = [label for _, label in examples]
        model = SentenceClassifier(SETTINGS, encoder or get_encoder()).fit(texts, labels)
        return cls(model)

    def score(self, message: str) -> CrisisScore:
        """The whole message's danger and, for a longer one, its most dangerous passage."""
        # Dictated marks written first, so "...full stop" ends a sentence as "." does.
        message = unpasted(written_out(message))
        parts = passages(message)
        texts = [message, *parts]
        rows = self._model.predict_proba(texts)
        whole, *read_alone = (self._read(row, text) for row, text in zip(rows, texts, strict=True))
        if not read_alone:
            return whole
        strongest = max(read_alone, key=lambda s: s.danger)
        return CrisisScore(whole.danger, whole.category, strongest)

    def _read(self, row: np.ndarray, text: str) -> CrisisScore:
        category = self._categories[int(np.argmax(row[self._categories]))]
        return CrisisScore(float(row[self._danger].sum()), self._model.labels[category], text=text)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._model.save(path)

    @classmethod
    def load(cls, path: Path) -> CrisisClassifier | None:
        if not path.is_file():
            return None
        return cls(SentenceClassifier.load(path))


_lock = threading.Lock()
_loaded: CrisisClassifier | None = None


def get_crisis_classifier() -> CrisisClassifier:
    """The classifier for the current data: loaded if trained, else trained and kept."""
    global _loaded
    with _lock:
        if _loaded is None:
            path = model_path()
            _loaded = CrisisClassifier.load(path)
            if _loaded is None:
                logger.info("training the crisis classifier (the data changed)")
                _loaded = CrisisClassifier.train()
                for old in model_dir().glob("classifier-*.pkl"):
                    old.unlink()
                _loaded.save(path)
        return _loaded
