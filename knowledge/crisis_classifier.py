"""The crisis classifier: the layer that knows danger described rather than named.

One logistic regression over the sentence embedding (encoder/), character
n-grams and words, with a class for each kind of danger (knowledge/taxonomy/
crisis_examples.yml) beside every intent in data/nlu (crisis_emergency examples
count as danger of no stated kind). A second, trained on the same data without the
embedding, reads each message first: the encoder, most of the cost, reads only
what its words leave in doubt. The danger score is the probability of all
danger classes together. Learning every calm need as its own class, rather than
one "calm" class, is what keeps ordinary messages calm: on the development sets
it raised a third as many false alarms at the same recall. data/nlu also holds
near-misses under the needs they should get (danger told as past, idioms,
objects, questions about services). Training takes a minute or two, so the set-up trains
it and a process that finds no trained copy for the current data trains one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass, replace
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
# The first reading: the same classifier without the sentence embedding, a few times
# cheaper than the encoder. A text (the whole message or one passage) scoring under
# WORDS_ONLY_BELOW on its words alone is not read by the encoder; a danger phrase has
# every text read. Chosen on tests/data/dev/ (2026-12-07): of the 7,985 danger messages
# the classifier caught there with no phrase named, none scored under 0.034 on words
# alone; the encoder then reads about 40% of ordinary messages, and across all 59,959
# development messages one verdict changed (an ordinary message no longer alarmed).
WORDS_ONLY = replace(SETTINGS, embedding=False)
WORDS_ONLY_BELOW = 0.02


def model_dir() -> Path:
    return Path(os.environ.get("CRISIS_MODEL_DIR", ROOT / "var" / "crisis"))


def model_path() -> Path:
    """Where the classifier trained from the current data is kept."""
    return model_dir() / f"classifier-{fingerprint()}.pkl"


def words_only_path(path: Path) -> Path:
    """Where the first reading's model is kept, beside the classifier's."""
    return path.with_name(f"{path.stem}-words-only.pkl")


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
    encoder_read: bool = True  # False: plainly ordinary on its words, the encoder not run


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
    def __init__(
        self, model: SentenceClassifier, words_only: SentenceClassifier | None = None
    ) -> None:
        # Without `words_only` every message is read with the encoder too.
        self._model = model
        self._words_only = words_only
        self._labels = labels = model.labels
        # Every category in crisis.yml must have examples: a missing one fails here.
        self._categories = [labels.index(c.id) for c in load_taxonomy().crisis.categories]
        self._danger = [*self._categories, labels.index(CRISIS_NEED)]
        if words_only is not None and words_only.labels != labels:
            raise ValueError("the first reading was trained on other labels")
        # The two read the same character and word features, so the full classifier
        # reuses the first reading's rather than computing them again.
        if words_only is not None and not words_only.reads_like(model):
            raise ValueError("the first reading reads other features")

    @classmethod
    def train(cls, encoder: SentenceEncoder | None = None) -> CrisisClassifier:
        examples = danger_examples() + nlu_examples()
        texts = [text for text, _ in examples]
        labels = [label for _, label in examples]
        model = SentenceClassifier(SETTINGS, encoder or get_encoder()).fit(texts, labels)
        return cls(model, SentenceClassifier(WORDS_ONLY).fit(texts, labels))

    def score(self, message: str, *, read_fully: bool = False) -> CrisisScore:
        """The whole message's danger and, for a longer one, its most dangerous passage."""
        # Dictated marks written first, so "...full stop" ends a sentence as "." does.
        message = unpasted(written_out(message))
        texts = [message, *passages(message)]
        rows, read = self._read_words_first(texts, read_fully)
        whole, *read_alone = (
            self._score(row, text, encoder_read)
            for row, text, encoder_read in zip(rows, texts, read, strict=True)
        )
        if not read_alone:
            return whole
        strongest = max(read_alone, key=lambda s: s.danger)
        return CrisisScore(whole.danger, whole.category, strongest, encoder_read=any(read))

    def _read_words_first(
        self, texts: list[str], read_fully: bool
    ) -> tuple[np.ndarray, list[bool]]:
        """Each text's scores, and whether the encoder read it: every text if `read_fully`,
        else only those whose words leave a doubt."""
        if read_fully or self._words_only is None:
            return self._model.predict_proba(texts), [True] * len(texts)
        features = self._words_only.text_features(texts)
        rows = self._words_only.predict_proba(features)
        read = [bool(row[self._danger].sum() >= WORDS_ONLY_BELOW) for row in rows]
        doubtful = [i for i, doubt in enumerate(read) if doubt]
        if doubtful:
            rows[doubtful] = self._model.predict_proba(features.rows(doubtful))
        return rows, read

    def _score(self, row: np.ndarray, text: str, encoder_read: bool) -> CrisisScore:
        category = self._categories[int(np.argmax(row[self._categories]))]
        danger = float(row[self._danger].sum())
        return CrisisScore(danger, self._labels[category], text=text, encoder_read=encoder_read)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._model.save(path)
        if self._words_only is not None:
            self._words_only.save(words_only_path(path))

    @classmethod
    def load(cls, path: Path) -> CrisisClassifier | None:
        first = words_only_path(path)
        if not (path.is_file() and first.is_file()):
            return None
        return cls(SentenceClassifier.load(path), SentenceClassifier.load(first))


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
