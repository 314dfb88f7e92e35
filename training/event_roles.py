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


ARG_ROLES = {"Arg0": "S", "Arg1": "T", "Arg2": "T"}


def _label(span, spans) -> str:
    for s0, s1, r in spans:
        if span.start_char < s1 and s0 < span.end_char:
            return r
    return "O"


def _unit_rows(k: int, sent, cands, anchor, others, spans) -> tuple[list, set]:
    """(unit, features, gold role) per candidate party of one anchored event, and the gold pairs."""
    from cablegram.events import roles

    ctx = roles.context(sent, others)
    rows, gold = [], []
    for c, f in zip(cands, roles.features(sent, cands, ctx, anchor)):
        role = _label(sent.doc[c.start:c.end], spans)
        rows.append((k, f, role))
        gold.append(role)
    return rows, _pairs(cands, gold)


def examples(nlp, sents, start: int = 0) -> tuple[list, list]:
    """Rows for every candidate party of a gold sentence, its role read off the gold spans; the
    event asked about is the sentence's main event as the events stage picks it (else the main
    verb). And per sentence (doc, candidates, gold pairs) for tuning the decision thresholds."""
    from cablegram.events import reading, roles

    rows, units = [], []
    for k, doc in enumerate(nlp.pipe([t for t, _ in sents], batch_size=32), start=start):
        spans = sents[k - start][1]
        _, found = reading.prepare(doc)
        found = [s for s in found if s.main is not None and s.main.type]
        # the sentence the gold spans are in (spaCy may split a record), as analyze() reads it
        s = max(found, key=lambda s: sum(_label(doc[c.start:c.end], spans) != "O" for c in s.cands), default=None)
        if s is None:
            span = doc[:]
            verb = roles.main_verb(span)
            s, main, anchors = reading.sentence(span, []), roles.Anchor(verb, verb, main=True), []
        else:
            span = s.sent
            anchors = [reading.anchor(r) for r in s.readings if r.type]
            main = reading.anchor(s.main)
        got, pairs = _unit_rows(k, span, s.cands, main, anchors, spans)
        rows += got
        units.append((doc, s.cands, pairs, roles.doers(doc, s.cands, main)))
    return rows, units


def load_meantime(shared: Path) -> list[tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]]:
    """MEANTIME's predicates with PropBank participants: per document (text, [(predicate start,
    end)], [[(start, end, role)] per predicate]); Arg0 is the source, Arg1/Arg2 the target."""
    import xml.etree.ElementTree as ET

    out = []
    base = shared / "corpora" / "meantime-en" / "intra_cross-doc_annotation"
    for path in sorted(base.glob("corpus_*/*.xml")):
        root = ET.parse(path).getroot()
        text, offs, prev = "", {}, None
        for t in root.findall("token"):
            if text:
                text += "\n" if t.get("sentence") != prev else " "
            offs[t.get("t_id")] = (len(text), len(text) + len(t.text or ""))
            text += t.text or ""
            prev = t.get("sentence")
        marks = {}
        for m in root.find("Markables"):
            ids = [a.get("t_id") for a in m.findall("token_anchor") if a.get("t_id") in offs]
            if ids:
                marks[m.get("m_id")] = (m.tag, offs[ids[0]][0], offs[ids[-1]][1])
        preds: dict[str, list] = {}
        for rel in root.iter("HAS_PARTICIPANT"):
            src, tgt = rel.find("source").get("m_id"), rel.find("target").get("m_id")
            role = ARG_ROLES.get(rel.get("sem_role"), "O")
            if src in marks and tgt in marks and marks[tgt][0] == "ENTITY_MENTION":
                preds.setdefault(src, []).append((marks[tgt][1], marks[tgt][2], role))
        items = [(marks[p][1:], spans) for p, spans in preds.items() if marks[p][0] == "EVENT_MENTION"]
        out.append((text, [i[0] for i in items], [i[1] for i in items]))
    return out


def meantime_examples(nlp, docs, start: int) -> tuple[list, list]:
    """Rows for every candidate party of MEANTIME's predicates' sentences, anchored on the predicate."""
    from cablegram.events import reading, roles

    rows, units = [], []
    k = start
    for (text, preds, spans), doc in zip(docs, nlp.pipe([d[0] for d in docs], batch_size=4)):
        found = reading.candidates(doc)
        at = {r.found.trigger.i: r for r in found}
        for (p0, p1), pspans in zip(preds, spans):
            tok = doc.char_span(p0, p1, alignment_mode="expand")
            if tok is None or tok.root.pos_ not in ("VERB", "NOUN"):
                continue
            tok = tok.root
            s = reading.sentence(tok.sent, found)
            if not s.cands or not any(r in ("S", "T") for _, _, r in pspans):
                continue
            anchors = [reading.anchor(r) for r in s.readings]
            a = reading.anchor(at[tok.i]) if tok.i in at else roles.Anchor(tok, tok)
            got, pairs = _unit_rows(k, tok.sent, s.cands, a, anchors, pspans)
            rows += got
            units.append((doc, s.cands, pairs, roles.doers(doc, s.cands, a)))
            k += 1
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
        doc, cands, gold, within = units[k]
        if not cands:
            ngold += len(gold)
            continue
        got = roles.decide(doc, cands, by_sent[k], th, within)
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
    mrows, munits = meantime_examples(nlp, load_meantime(shared), start=len(units))
    rows, units = rows + mrows, units + munits
    scores = {c: cv_accuracy(rows, c=c) for c in (0.1, 0.5, 2.0)}
    best = max(scores, key=scores.get)
    proba = oof_proba(rows, c=best)
    th, f1_all = tune(rows, units, proba)
    by_sent = _by_sentence(rows, proba)
    parts = {"conflibert": range(n_kept_ner), "plv": range(n_kept_ner, len(sents)),
             "meantime": range(len(sents), len(units))}
    f1 = {name: round(pair_f1(units, by_sent, th, which), 4) for name, which in parts.items()}
    vec, model = fit(rows, best)
    names = vec.get_feature_names_out()
    coef = [{str(n): round(float(v), 4) for n, v in zip(names, row) if abs(v) >= 1e-3} for row in model.coef_]
    out = {
        "labels": [str(x) for x in model.classes_],
        "coef": coef,
        "intercept": [round(float(v), 4) for v in model.intercept_],
        "thresholds": th,
        "meta": {"trained_on": f"ConfliBERT cameo_ner train ({n_ner}) and PLV_train sentences, minus PLOVER dev "
                               f"sentences ({len(sents)}), and MEANTIME predicates with participants "
                               f"({len(munits)}): {len(rows)} candidate parties",
                 "model": f"sklearn LogisticRegression C={best}",
                 "cv_role_accuracy": {str(k): round(v, 4) for k, v in scores.items()},
                 "cv_pair_f1": {"all": round(f1_all, 4), **f1}},
    }
    (DATA / "role_model.json").write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(units)} events, {len(rows)} candidates; CV role accuracy by C: {scores}; "
          f"thresholds {th}, CV pair F1 {f1_all:.3f} {f1}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA)
