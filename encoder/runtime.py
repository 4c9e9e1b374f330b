"""The same forward pass as minilm.py, run by ONNX Runtime, for the gateway.

The weights in var/encoder/ become an ONNX graph in memory when the encoder loads
(under a second; no file is written, so nothing can go stale). ONNX Runtime's fused
attention, layer-norm and GELU kernels cut the crisis classifier's cost per message
(issue 11), mostly this pass, 1.5 to 2.3 times (benchmarks/crisis_latency.py). The
engine's environment has no onnxruntime and keeps the numpy pass; the two agree to
about 1e-7 (tests/unit/test_encoder.py), so a classifier trained on one reads the other.
"""

from __future__ import annotations

import numpy as np
import onnxruntime
from onnx import ModelProto, NodeProto, TensorProto, helper, numpy_helper

from encoder.minilm import EncoderConfig, LayerWeights, TokenStates, Weights

# Standard ONNX 17 (LayerNormalization) and the com.microsoft kernels ONNX Runtime
# ships for BERT: Attention, SkipLayerNormalization and BiasGelu.
OPSETS = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]


class _Graph:
    """The nodes and weights of a graph being built; each call returns its output's name."""

    def __init__(self) -> None:
        self.nodes: list[NodeProto] = []
        self.weights: list[TensorProto] = []

    def weight(self, name: str, value: np.ndarray) -> str:
        self.weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(
        self, op: str, inputs: list[str], output: str, *, microsoft: bool = False, **attrs: object
    ) -> str:
        domain = "com.microsoft" if microsoft else ""
        self.nodes.append(helper.make_node(op, inputs, [output], domain=domain, **attrs))
        return output


def onnx_model(w: Weights, config: EncoderConfig) -> ModelProto:
    """Token ids and mask (batch x length) in, token states (batch x length x width) out."""
    g, eps = _Graph(), config.eps
    # Position embeddings are the first `length` rows: a slice, as the input is padded.
    g.node("Shape", ["input_ids"], "length", start=1, end=2)
    g.node("Gather", [g.weight("words", w["embeddings.word_embeddings.weight"]), "input_ids"], "w")
    positions = g.weight("positions", w["embeddings.position_embeddings.weight"])
    zero = g.weight("zero", np.array([0], dtype=np.int64))
    g.node("Slice", [positions, zero, "length", zero], "p")
    g.node("Add", ["w", "p"], "wp")
    token_type = g.weight("token_type", w["embeddings.token_type_embeddings.weight"][0])
    g.node("Add", ["wp", token_type], "embedded")
    norm = [g.weight(f"embed_{n}", w[f"embeddings.LayerNorm.{n}"]) for n in ("weight", "bias")]
    x = g.node("LayerNormalization", ["embedded", *norm], "x", axis=-1, epsilon=eps)
    for i in range(config.layers):
        layer, p = LayerWeights(w, f"encoder.layer.{i}"), f"layer{i}_"
        qkv = [g.weight(p + "qkv", layer.qkv), g.weight(p + "qkv_bias", layer.qkv_bias), "mask"]
        context = g.node(
            "Attention", [x, *qkv], p + "context", microsoft=True, num_heads=config.heads
        )
        attended = g.node("MatMul", [context, g.weight(p + "attn_out", layer.attn_out)], p + "a")
        x = _add_and_norm(g, attended, x, layer.attn_out_bias, layer.attn_norm, p + "x1", eps)
        hidden = g.node("MatMul", [x, g.weight(p + "up", layer.up)], p + "h")
        up_bias = g.weight(p + "up_bias", layer.up_bias)
        hidden = g.node("BiasGelu", [hidden, up_bias], p + "g", microsoft=True)
        down = g.node("MatMul", [hidden, g.weight(p + "down", layer.down)], p + "d")
        x = _add_and_norm(g, down, x, layer.down_bias, layer.out_norm, p + "x2", eps)
    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
        helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "length"]),
    ]
    output = helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "length", "width"])
    graph = helper.make_graph(g.nodes, "all-MiniLM-L6-v2", inputs, [output], g.weights)
    return helper.make_model(graph, opset_imports=OPSETS)


def _add_and_norm(
    g: _Graph,
    value: str,
    residual: str,
    bias: np.ndarray,
    norm: tuple[np.ndarray, np.ndarray],
    name: str,
    eps: float,
) -> str:
    """LayerNorm(value + bias + residual), in one kernel."""
    inputs = [value, residual, g.weight(f"{name}_norm_weight", norm[0])]
    inputs += [g.weight(f"{name}_norm_bias", norm[1]), g.weight(f"{name}_bias", bias)]
    return g.node("SkipLayerNormalization", inputs, name, microsoft=True, epsilon=eps)


def onnx_token_states(w: Weights, config: EncoderConfig) -> TokenStates:
    """A function from (token ids, mask) to token states, run by ONNX Runtime."""
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # its shape-merge warnings are about our dynamic axes
    session = onnxruntime.InferenceSession(
        onnx_model(w, config).SerializeToString(), options, providers=["CPUExecutionProvider"]
    )

    def run(token_ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        feed = {"input_ids": token_ids, "mask": mask.astype(np.int32)}
        return session.run(None, feed)[0]

    return run
