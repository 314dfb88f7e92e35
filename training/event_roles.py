"""Train the source/target role model (``python -m training.event_roles [SHARED_DATA]``).

Training data: ConfliBERT's ``cameo_ner/train.txt`` (CAMEO example sentences with
source, target and reciprocal actor spans) and Zero-Shot-PLOVER's ``PLV_train.tsv``
(news sentences with a marked source and target), minus any sentence that also
occurs in the PLOVER dev records. Each sentence is run through cablegram's pipeline; every
candidate party (``roles.candidates``) takes the role of the gold span it overlaps
(S, T, R) or O. A multinomial logistic regression over ``roles.features`` is
fitted, cross-validated by sentence, and written to ``data/role_model.json`` as
per-label weight dictionaries. Nothing here runs at analysis time.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from cablegram.events.lexicon import DATA

from .gold import DEFAULT_DATA, dev_sentences, norm as _norm

C = 0.5
NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "'s", "'", "%", "n't", "’s"}


def load_ner(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start_char, end_char, role)]) per sentence, tokens joined back into text."""
    out, toks = [], []

    def flush():
        if not toks:
            return
        text, spans, cur = "", [], None
        for tok, tag in toks:
            if text and tok not in NO_SPACE_BEFORE and not text.endswith(("(", "$", "``")):
                text += " "
            start = len(text)
            text += tok
            if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                if cur:
                    spans.append(tuple(cur))
                cur = [start, len(text), tag[2:]]
            elif tag.startswith("I-"):
                cur[1] = len(text)
            else:
                if cur:
                    spans.append(tuple(cur))
                cur = None
        if cur:
            spans.append(tuple(cur))
        out.append((text, spans))
        toks.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        tok, tag = line.rsplit(" ", 1)
        toks.append((tok, tag))
    flush()
    return out


def load_plv(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start_char, end_char, role)]) per PLV sentence, its marked pairs merged."""
    import csv

    out: dict[str, list] = {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            text, spans = _unmark(r["marked_sentence"])
            out.setdefault(text, []).extend(spans)
    return list(out.items())


def _unmark(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Text without ``<s>…</s>``/``<t>…</t>`` and the spans they marked (S, T)."""
    out, spans, opened, pos = "", [], {}, 0
    for m in re.finditer(r"<(/?)([st])>", marked):
        out += marked[pos:m.start()]
        pos = m.end()
        if m.group(1):
            if m.group(2) in opened:
                spans.append((opened.pop(m.group(2)), len(out), m.group(2).upper()))
        else:
            opened[m.group(2)] = len(out)
    out += marked[pos:]
    return out, spans


def examples(nlp, sents) -> tuple[list, list]:
    """(sentence index, features, gold role) for every candidate party; and per sentence
    (doc, candidates, gold pairs) for tuning the decision thresholds."""
    from cablegram.events import roles

    rows, units = [], []
    for k, doc in enumerate(nlp.pipe([t for t, _ in sents], batch_size=32)):
        spans = sents[k][1]
        sent = doc[:]
        cands = roles.candidates(sent)
        gold = []
        for c, f in zip(cands, roles.features(sent, cands)):
            span = doc[c.start:c.end]
            role = "O"
            for s0, s1, r in spans:
                if span.start_char < s1 and s0 < span.end_char:
                    role = r
                    break
            rows.append((k, f, role))
            gold.append(role)
        units.append((doc, cands, _pairs(cands, gold)))
    return rows, units


def _pairs(cands, roles_of) -> set:
    src = {c.key for c, r in zip(cands, roles_of) if r in ("S", "R")}
    tgt = {c.key for c, r in zip(cands, roles_of) if r == "T"}
    return {(s, t) for s in src for t in (tgt - {s} or {None})}


def oof_proba(rows, folds: int = 5, c: float = C) -> list[dict]:
    """Out-of-fold role probabilities of every candidate, folds split by sentence."""
    from sklearn.model_selection import GroupKFold

    out: list = [None] * len(rows)
    for tr, te in GroupKFold(n_splits=folds).split(rows, groups=[k for k, _, _ in rows]):
        vec, model = fit([rows[i] for i in tr], c)
        p = model.predict_proba(vec.transform([rows[i][1] for i in te]))
        for j, i in enumerate(te):
            out[i] = {str(lab): float(v) for lab, v in zip(model.classes_, p[j])}
    return out


def _by_sentence(rows, proba) -> dict[int, list]:
    by_sent: dict[int, list] = {}
    for (k, _, _), p in zip(rows, proba):
        by_sent.setdefault(k, []).append(p)
    return by_sent


def pair_f1(units, by_sent, th, which=None) -> float:
    """Source-target pair F1 (by actor) of the decisions over ``units`` (indices ``which``, default all)."""
    from cablegram.events import roles

    tp = npred = ngold = 0
    for k in (range(len(units)) if which is None else which):
        doc, cands, gold = units[k]
        if not cands:
            ngold += len(gold)
            continue
        got = roles.decide(doc[:], cands, by_sent[k], th)
        src = [c.key for c in got["source"]]
        tgt = [c.key for c in got["target"]] or [None]
        pred = {(s, t) for s in src for t in tgt}
        tp += len(pred & gold)
        npred += len(pred)
        ngold += len(gold)
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


def tune(rows, units, proba) -> tuple[dict, float]:
    """Thresholds maximising source-target pair F1 (by actor) over the out-of-fold probabilities."""
    by_sent = _by_sentence(rows, proba)
    best = (None, -1.0)
    grid = [0.2, 0.3, 0.4, 0.5, 0.6]
    for ts in grid:
        for tt in grid:
            for tr in (0.4, 0.5, 0.6, 0.7):
                th = {"S": ts, "T": tt, "R": tr}
                f1 = pair_f1(units, by_sent, th)
                if f1 > best[1]:
                    best = (th, f1)
    return best


def fit(rows, c: float = C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f for _, f, _ in rows])
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, [r for _, _, r in rows])
    return vec, model


def cv_accuracy(rows, folds: int = 5, c: float = C) -> float:
    """Candidate-level role accuracy, folds split by sentence."""
    from sklearn.model_selection import GroupKFold

    groups = [k for k, _, _ in rows]
    right = 0
    for tr, te in GroupKFold(n_splits=folds).split(rows, groups=groups):
        vec, model = fit([rows[i] for i in tr], c)
        pred = model.predict(vec.transform([rows[i][1] for i in te]))
        right += sum(p == rows[i][2] for p, i in zip(pred, te))
    return right / len(rows)


def main(shared: Path) -> None:
    from cablegram.pipeline import load

    dev = dev_sentences(shared)
    prefixes = {d[:50] for d in dev}
    sents = load_ner(shared / "events" / "eventdata-ConfliBERT" / "cameo_ner" / "train.txt")
    n_ner = len(sents)
    sents += load_plv(shared / "events" / "snowood1-Zero-Shot-PLOVER" / "PLV_train.tsv")
    keep = [_norm(t) not in dev and _norm(t)[:50] not in prefixes for t, _ in sents]
    n_kept_ner = sum(keep[:n_ner])
    sents = [x for x, k in zip(sents, keep) if k]
    nlp = load()
    rows, units = examples(nlp, sents)
    scores = {c: cv_accuracy(rows, c=c) for c in (0.1, 0.5, 2.0)}
    best = max(scores, key=scores.get)
    proba = oof_proba(rows, c=best)
    th, f1_all = tune(rows, units, proba)
    by_sent = _by_sentence(rows, proba)
    f1_ner = pair_f1(units, by_sent, th, range(n_kept_ner))
    f1_plv = pair_f1(units, by_sent, th, range(n_kept_ner, len(units)))
    vec, model = fit(rows, best)
    names = vec.get_feature_names_out()
    coef = [{str(n): round(float(v), 4) for n, v in zip(names, row) if abs(v) >= 1e-3} for row in model.coef_]
    out = {
        "labels": [str(x) for x in model.classes_],
        "coef": coef,
        "intercept": [round(float(v), 4) for v in model.intercept_],
        "thresholds": th,
        "meta": {"trained_on": f"ConfliBERT cameo_ner train ({n_ner}) and PLV_train sentences, minus PLOVER dev "
                               f"sentences: {len(sents)} sentences, {len(rows)} candidate parties",
                 "model": f"sklearn LogisticRegression C={best}",
                 "cv_role_accuracy": {str(k): round(v, 4) for k, v in scores.items()},
                 "cv_pair_f1": {"all": round(f1_all, 4), "conflibert": round(f1_ner, 4), "plv": round(f1_plv, 4)}},
    }
    (DATA / "role_model.json").write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(sents)} sentences, {len(rows)} candidates; CV role accuracy by C: {scores}; "
          f"thresholds {th}, CV pair F1 {f1_all:.3f} (ConfliBERT {f1_ner:.3f}, PLV {f1_plv:.3f})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA)
