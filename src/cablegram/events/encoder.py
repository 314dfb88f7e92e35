"""The sentence classifier's graph, rebuilt from the shipped int8 model to run a batch at once.

The shipped model (``data/type_encoder.int8.onnx``, ``training/event_encoder.py --export``) is
onnxruntime's dynamic quantization of a fine-tuned MiniLM: int8 weight matrices with one scale per
output column, and activations quantized with one scale per run. A sentence's probabilities would
then depend on the sentences run with it, and the exported attention is a dozen unfused operators.
:func:`build` writes the same encoder as a new graph, in memory, from those very int8 weights and
float tensors (nothing is re-quantized, nothing is downloaded), as ``training/minilm.py`` does for
the frozen MiniLM:

* every product of an activation with a weight matrix is an int8 product (``MatMulIntegerToFloat``)
  with the activation quantized per word piece (symmetric, 127 steps over the row's largest absolute
  value, ``QuantizeLinear`` with one block per row). A row's scale depends on that row only and the
  sums are exact in int32, so a sentence's probabilities do not depend on what shares its run
  (padding is masked);
* query, key and value are one product, then onnxruntime's fused ``MultiHeadAttention`` and ``Gelu``;
* embeddings (int8 tables, dequantized as the export does), layer norms, attention and GELU stay
  float32; the mean pooling and the linear head (its int8 weights dequantized, :func:`head`) are
  computed by the caller for each sentence on its own (a reduction across a batch may add in
  another order).

The build is deterministic (same model file, same bytes); ``onnx`` writes the graph.
"""

from __future__ import annotations

HEADS = 12
HIDDEN = 384


def _read(path: str):
    """The exported graph's tensors: (initializers by name, the weight matrices in graph order as
    (quantized name, scale name, bias name), the layer norms' epsilon)."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    users: dict[str, list] = {}
    for n in model.graph.node:
        for i in n.input:
            users.setdefault(i, []).append(n)
    mats = []
    for n in model.graph.node:
        if n.op_type != "MatMulInteger":
            continue
        bias, cur = None, n
        for _ in range(4):  # MatMulInteger -> Cast -> Mul (scales) -> Add (bias)
            nxt = users.get(cur.output[0], [])
            if len(nxt) != 1:
                break
            cur = nxt[0]
            if cur.op_type == "Add":
                bias = next((i for i in cur.input if i in init), None)
                break
        weight = n.input[1]
        scale = weight[: -len("_quantized")] + "_scale"
        if bias is None or scale not in init or init[n.input[3]].any():
            raise ValueError(f"{path}: {weight} is not a product this builder reads")
        mats.append((weight, scale, bias))
    eps = {a.f for n in model.graph.node if n.op_type == "LayerNormalization" for a in n.attribute
           if a.name == "epsilon"}
    if (len(mats) - 1) % 6 or len(eps) != 1:
        raise ValueError(f"{path} is not the fine-tuned MiniLM this builder reads")
    return init, mats, eps.pop()


def head(path: str):
    """The linear head of the exported model, dequantized: (weights 384 x labels, bias), float32."""
    import numpy as np

    w, mats, _ = _read(path)
    q, scale, bias = mats[-1]
    return w[q].astype(np.float32) * w[scale].astype(np.float32), w[bias].astype(np.float32)


def builder():
    """An int8 graph under construction: its initialisers and nodes, and the helpers that add to them:
    ``const``, ``op``, and ``linear`` (x @ W + b with x quantized per row, uint8 around 128, scale
    max |row| / 127). ``training/minilm.py`` builds the shipped MiniLM the same way."""
    import numpy as np
    from onnx import helper, numpy_helper

    inits, nodes = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(kind, inputs, output, domain=None, **attrs):
        nodes.append(helper.make_node(kind, inputs, [output], name=output, domain=domain, **attrs))
        return output

    const("last", np.array([-1], np.int64))
    const("tiny", np.array(1e-12, np.float32))
    const("step", np.array(1 / 127, np.float32))
    const("zp", np.array(128, np.uint8))

    def linear(x, q, scale, bias, out, width):
        """x @ (q * scale) + bias, with x quantized per row: uint8 around 128, scale = max |row| / 127."""
        op("Abs", [x], out + ".abs")
        op("ReduceMax", [out + ".abs", "last"], out + ".max", keepdims=1)
        op("Max", [out + ".max", "tiny"], out + ".max1")
        rs = op("Mul", [out + ".max1", "step"], out + ".rs")
        op("Shape", [rs], out + ".shape")
        op("Expand", ["zp", out + ".shape"], out + ".zp")
        xq = op("QuantizeLinear", [x, rs, out + ".zp"], out + ".xq", axis=-1, block_size=width)
        # the kernel's own bias input would be scaled by a per-row scale too: the bias is added after
        op("MatMulIntegerToFloat", [xq, const(out + ".w", q), rs, const(out + ".ws", scale.reshape(-1)), "zp"],
           out + ".mm", domain="com.microsoft")
        return op("Add", [out + ".mm", const(out + ".bias", bias)], out)

    return inits, nodes, const, op, linear


def build(path: str) -> bytes:
    """The encoder as a serialized ONNX model: inputs ``input_ids`` and ``attention_mask`` (int64,
    batch x length), output ``last_hidden_state`` (float32, batch x length x 384); the mean pooling
    and the head (:func:`head`) are the caller's, one sentence at a time, so that no sum runs across
    the batch."""
    import numpy as np
    from onnx import TensorProto, helper

    w, mats, eps = _read(path)
    layers = (len(mats) - 1) // 6
    inits, nodes, const, op, linear = builder()

    def layer_norm(x, prefix, out):
        return op("LayerNormalization", [x, const(out + ".g", w[prefix + "weight"]), const(out + ".b", w[prefix + "bias"])],
                  out, axis=-1, epsilon=eps)


    def table(name):
        base = "encoder.embeddings." + name
        return w[base + ".weight_quantized"], w[base + ".weight_scale"], w[base + ".weight_zero_point"]

    word, ws, wz = table("word_embeddings")
    op("Gather", [const("word", word), "input_ids"], "emb.word.q")
    op("DequantizeLinear", ["emb.word.q", const("word.s", ws), const("word.z", wz)], "emb.word")
    tt, ts, tz = table("token_type_embeddings")
    op("Add", ["emb.word", const("type0", (tt[0].astype(np.float32) - np.float32(tz)) * ts)], "emb.typed")
    pos, ps, pz = table("position_embeddings")
    op("Shape", ["input_ids"], "emb.len", start=1, end=2)
    op("Slice", [const("position", pos), const("zero", np.array([0], np.int64)), "emb.len"], "emb.pos.q")
    op("DequantizeLinear", ["emb.pos.q", const("position.s", ps), const("position.z", pz)], "emb.pos")
    op("Add", ["emb.typed", "emb.pos"], "emb.sum")
    x = layer_norm("emb.sum", "encoder.embeddings.LayerNorm.", "h0")
    op("Cast", ["attention_mask"], "mask", to=TensorProto.INT32)
    for n in range(layers):
        (q, qs, qb), (k, ks, kb), (v, vs, vb), o, i, d = mats[6 * n: 6 * n + 6]
        p, L = f"encoder.encoder.layer.{n}.", f"l{n}."
        qkv = linear(x, np.concatenate([w[q], w[k], w[v]], 1), np.concatenate([w[qs], w[ks], w[vs]]),
                     np.concatenate([w[qb], w[kb], w[vb]]), L + "qkv", HIDDEN)
        nodes.append(helper.make_node("Split", [qkv], [L + "q", L + "k", L + "v"], name=L + "split", axis=-1,
                                      num_outputs=3))
        att = op("MultiHeadAttention", [L + "q", L + "k", L + "v", "", "mask"], L + "att", domain="com.microsoft",
                 num_heads=HEADS)
        out = linear(att, w[o[0]], w[o[1]], w[o[2]], L + "ao", HIDDEN)
        x1 = layer_norm(op("Add", [out, x], L + "r1"), p + "attention.output.LayerNorm.", L + "h1")
        mid = linear(x1, w[i[0]], w[i[1]], w[i[2]], L + "mid", HIDDEN)
        gelu = op("Gelu", [mid], L + "gelu", domain="com.microsoft")
        out = linear(gelu, w[d[0]], w[d[1]], w[d[2]], L + "out", w[d[0]].shape[0])
        x = layer_norm(op("Add", [out, x1], L + "r2"), p + "output.LayerNorm.", L + "h2")
    op("Identity", [x], "last_hidden_state")
    graph = helper.make_graph(
        nodes, "fine-tuned MiniLM type classifier, int8 per word piece",
        [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "length"])
         for name in ("input_ids", "attention_mask")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "length", HIDDEN])], inits)
    model = helper.make_model(graph, producer_name="cablegram.events.encoder",
                              opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)])
    model.ir_version = 10
    return model.SerializeToString()
