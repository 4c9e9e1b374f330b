"""A BERT forward pass in numpy for all-MiniLM-L6-v2, mean-pooled as sentence-transformers does.

Six layers of 384 make about 0.7 GFLOP for a 30-word message: a few milliseconds
on one core, with no TensorFlow or torch graph to load. Where onnxruntime is installed
(the gateway's environment) the same weights run there instead (runtime.py), 1.5 to 2.3
times as fast; the engine's environment keeps this pass.
"""

from __future__ import annotations

import importlib.util
import json
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

from encoder.files import check_model_dir, default_model_dir

# sentence-transformers truncates this model at 256 word pieces.
MAX_TOKENS = 256
BATCH_SIZE = 32
PADDING_SLACK = 1.25

Weights = dict[str, np.ndarray]
# Token ids and mask (batch x length) to token states (batch x length x width).
TokenStates = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class EncoderConfig:
    width: int
    heads: int
    layers: int
    eps: float

    @classmethod
    def read(cls, path: Path) -> EncoderConfig:
        config = json.loads(path.read_text())
        return cls(
            width=config["hidden_size"],
            heads=config["num_attention_heads"],
            layers=config["num_hidden_layers"],
            eps=config["layer_norm_eps"],
        )


def _similar_lengths(ids: list[list[int]]) -> list[list[int]]:
    """Batches of indices, shortest first, each padded to at most PADDING_SLACK times its
    shortest: a message's short sentences padded to the whole message's length would
    cost several times the work."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches: list[list[int]] = []
    for i in order:
        batch = batches[-1] if batches else None
        if (
            batch is None
            or len(batch) == BATCH_SIZE
            or len(ids[i]) > PADDING_SLACK * len(ids[batch[0]]) + 4
        ):
            batches.append([i])
        else:
            batch.append(i)
    return batches


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # Python floats, not numpy scalars, so float32 arrays stay float32 (NEP 50).
    return 0.5 * x * (1.0 + erf(x * (1.0 / math.sqrt(2.0))))


class LayerWeights:
    """One transformer layer's weights, transposed once for row-major matmuls."""

    def __init__(self, w: Weights, prefix: str) -> None:
        def get(name: str) -> np.ndarray:
            return w[f"{prefix}.{name}"]

        self.qkv = np.ascontiguousarray(
            np.concatenate([get(f"attention.self.{p}.weight") for p in ("query", "key", "value")]).T
        )
        self.qkv_bias = np.concatenate(
            [get(f"attention.self.{p}.bias") for p in ("query", "key", "value")]
        )
        self.attn_out = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.attn_out_bias = get("attention.output.dense.bias")
        self.attn_norm = (
            get("attention.output.LayerNorm.weight"),
            get("attention.output.LayerNorm.bias"),
        )
        self.up = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.up_bias = get("intermediate.dense.bias")
        self.down = np.ascontiguousarray(get("output.dense.weight").T)
        self.down_bias = get("output.dense.bias")
        self.out_norm = (get("output.LayerNorm.weight"), get("output.LayerNorm.bias"))


def onnxruntime_installed() -> bool:
    return importlib.util.find_spec("onnxruntime") is not None


class SentenceEncoder:
    """Turns messages into unit-length 384-dimensional vectors.

    `runtime` chooses ONNX Runtime (True) or numpy (False); by default, ONNX Runtime
    wherever it is installed."""

    def __init__(self, model_dir: Path | None = None, runtime: bool | None = None) -> None:
        model_dir = model_dir or default_model_dir()
        check_model_dir(model_dir)
        config = EncoderConfig.read(model_dir / "config.json")
        self.dimension: int = config.width
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()
        w = load_file(str(model_dir / "model.safetensors"))
        self._token_states: TokenStates
        if runtime is None:
            runtime = onnxruntime_installed()
        if runtime:
            from encoder.runtime import onnx_token_states

            self._token_states = onnx_token_states(w, config)
            return
        self._heads, self._eps = config.heads, config.eps
        self._words = w["embeddings.word_embeddings.weight"]
        self._positions = w["embeddings.position_embeddings.weight"]
        self._token_type = w["embeddings.token_type_embeddings.weight"][0]
        self._embed_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = [LayerWeights(w, f"encoder.layer.{i}") for i in range(config.layers)]
        self._token_states = self._numpy_token_states

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, in order. Similar lengths are batched together."""
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        for batch in _similar_lengths(ids):
            out[batch] = self._forward([ids[i] for i in batch])
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        length = max(len(ids) for ids in batch)
        token_ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = self._token_states(token_ids, mask)
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _numpy_token_states(self, token_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        length = token_ids.shape[1]
        x = self._words[token_ids] + self._positions[:length] + self._token_type
        x = _layer_norm(x, *self._embed_norm, self._eps)
        # Padding must not be attended to: a large negative score before softmax.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in self._layers:
            x = self._layer(x, bias, layer)
        return x

    def _layer(self, x: np.ndarray, bias: np.ndarray, layer: LayerWeights) -> np.ndarray:
        # Dense products on a 2-D (tokens x width) array: numpy hands those to
        # BLAS in one call, where a 3-D product loops over the batch.
        batch, length, width = x.shape
        head = width // self._heads
        flat = x.reshape(batch * length, width)
        qkv = flat @ layer.qkv + layer.qkv_bias
        qkv = qkv.reshape(batch, length, 3, self._heads, head).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(head)) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
        flat = _layer_norm(
            flat + context @ layer.attn_out + layer.attn_out_bias, *layer.attn_norm, self._eps
        )
        hidden = _gelu(flat @ layer.up + layer.up_bias)
        flat = _layer_norm(flat + hidden @ layer.down + layer.down_bias, *layer.out_norm, self._eps)
        return flat.reshape(batch, length, width)


_encoders: dict[Path, SentenceEncoder] = {}
_lock = threading.Lock()


def get_encoder(model_dir: Path | None = None) -> SentenceEncoder:
    """One encoder per process: the weights take about 90 MB."""
    key = (model_dir or default_model_dir()).resolve()
    with _lock:
        if key not in _encoders:
            _encoders[key] = SentenceEncoder(key)
        return _encoders[key]
