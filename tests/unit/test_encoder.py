"""The sentence encoder: batching never changes a message's vector, and the ONNX Runtime pass
(the gateway's) gives the numpy pass's vectors (the engine's)."""

from __future__ import annotations

import numpy as np

from encoder import get_encoder
from encoder.minilm import BATCH_SIZE, SentenceEncoder, _similar_lengths

MESSAGES = [
    "bins",
    "my housing benefit letter says I owe money and I cannot pay the rent arrears",
    "hes got a knife. hes at the door. please help me",
    "Me mam's 86, she's had three falls since Easter and the stairs are a struggle " * 6,
]


def test_batches_hold_messages_of_similar_length_only() -> None:
    lengths = [5, 60, 6, 7, 30, 12, 8, 9]
    batches = _similar_lengths([[1] * n for n in lengths])
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert [0, 2, 3, 6, 7] in batches and [1] in batches
    assert all(len(b) <= BATCH_SIZE for b in _similar_lengths([[1]] * 100))


def test_a_message_encodes_the_same_alone_or_in_a_batch() -> None:
    texts = [
        "bins",
        "my housing benefit letter says I owe money and I cannot pay the rent arrears",
        "hello there",
    ]
    encoder = get_encoder()
    together = encoder.encode(texts)
    alone = np.stack([encoder.encode_one(t) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_onnx_runtime_and_numpy_give_the_same_vectors() -> None:
    # A classifier trained in one environment must read the other's vectors the same way;
    # one long message checks the position embeddings and the padding of a batch.
    numpy_pass = SentenceEncoder(runtime=False).encode(MESSAGES)
    onnx_pass = SentenceEncoder(runtime=True).encode(MESSAGES)
    assert np.abs(numpy_pass - onnx_pass).max() < 1e-5


def test_the_gateway_runs_the_encoder_on_onnx_runtime() -> None:
    assert get_encoder()._token_states.__qualname__.startswith("onnx_token_states")
