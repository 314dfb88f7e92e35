"""Actors: the example's actors, NGEC actor-resolution cases, and linear time — ours vs spaCy alone.

    python -m benchmarks.actors [--data ../shared/data] [--limit N] [--details] [--no-speed]

(a) the flagship example's actors (expected.yaml) by id, type, country, sector and
    mentions, with the seed scorer's rules; the baseline is spaCy's entities alone,
    one actor per distinct entity text (the first version of the stage);
(b) NGEC's actor-resolution cases: a mention string (with context and date) ->
    ISO3 country and PLOVER sector, through the actors stage analyze() runs (a short document
    per case: the mention, its context as the next paragraph, its date as the publication date). Country accuracy over cases that state a country
    ("" = none), sector accuracy over cases that state a sector (either listed sector
    counts). Baseline: spaCy's entities looked up in pycountry, no sector;
(c) time of the actors stage on synthetic documents of 1,250 to 10,000 mentions:
    the time per mention should stay flat;
(d) GUM news (24 Wikinews articles with gold coreference): B-cubed over gold person
    mentions (names, short names, pronouns, descriptions) by the actor each is linked
    to; the baseline links a mention to its PERSON entity text.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from types import SimpleNamespace

from .common import ROOT, Skip, arg_parser, data_path, digest_files, run_main, table

NGEC = ("events", "ahalterman-NGEC", "actor_resolution.dev.jsonl")
EXAMPLE_DIR = ROOT.parent / "shared" / "examples" / "kim-putin"


# -- (a) example ---------------------------------------------------------------------------

def _spacy_alone_actors(doc):
    from cablegram.ids import slug
    from cablegram.schema import Actor, Span

    types = {"PERSON": "person", "GPE": "country", "NORP": "country", "ORG": "organization"}
    actors: dict = {}
    for ent in doc.ents:
        kind = types.get(ent.label_)
        if not kind:
            continue
        ident = slug(ent.text)
        a = actors.setdefault(ident, Actor(id=ident, name=ent.text, type=kind))
        a.mentions.append(Span(start=ent.start_char, end=ent.end_char, text=ent.text))
    return list(actors.values())


def _as_analysis(actors):
    by_id = {a.id: a for a in actors}
    return SimpleNamespace(actors=actors, actor=lambda i: by_id.get(i))


def example_scores(nlp=None) -> tuple[dict, dict, list[Path]]:
    import yaml

    from benchmarks.seed import map_actors, score_actors

    import cablegram

    exp_path = EXAMPLE_DIR / "expected.yaml"
    art_path = EXAMPLE_DIR / "article.txt"
    if not exp_path.exists():
        raise Skip(f"{exp_path} not found")
    expected = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
    text = art_path.read_text(encoding="utf-8")
    nlp = nlp or cablegram.load()
    ours = cablegram.analyze(text, nlp=nlp)
    ours_rows = score_actors(ours, expected, map_actors(ours, expected))
    base_nlp = cablegram.load(stages=())
    base_doc = base_nlp(ours.document.text)
    base = _as_analysis(_spacy_alone_actors(base_doc))
    base_rows = score_actors(base, expected, map_actors(base, expected))
    return ours_rows, base_rows, [exp_path, art_path]


# -- (b) NGEC ------------------------------------------------------------------------------

def ngec_cases(data_dir, limit=None) -> tuple[list[dict], Path]:
    path = data_path(data_dir, *NGEC)
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        exp = row.get("expected") or {}
        if not row.get("text") or not ({"country", "sector"} & set(exp)):
            continue
        cases.append(row)
    return cases[:limit] if limit else cases, path


def _want_sectors(exp: dict) -> set | None:
    if "sector" not in exp:
        return None
    s = exp.get("sector")
    if s in ("????",):
        return None
    out = {s or None}
    if exp.get("sector2"):
        out.add(exp["sector2"])
    return out


def score_ngec(cases, predict) -> dict:
    rows = {"country_ok": 0, "country_n": 0, "sector_ok": 0, "sector_n": 0, "fails": []}
    for case in cases:
        exp = case["expected"]
        country, sector = predict(case)
        if "country" in exp:
            rows["country_n"] += 1
            want = exp["country"] or None
            ok = (country or None) == want
            rows["country_ok"] += ok
            if not ok:
                rows["fails"].append(f"country {case['text']!r}: {country} != {want}")
        want_s = _want_sectors(exp)
        if want_s is not None:
            rows["sector_n"] += 1
            ok = (sector or None) in want_s
            rows["sector_ok"] += ok
            if not ok:
                rows["fails"].append(f"sector  {case['text']!r}: {sector} not in {sorted(map(str, want_s))}")
    rows["country_acc"] = rows["country_ok"] / rows["country_n"] if rows["country_n"] else 0.0
    rows["sector_acc"] = rows["sector_ok"] / rows["sector_n"] if rows["sector_n"] else 0.0
    return rows


def case_date(text) -> str | None:
    """NGEC's free-form date ("today", "12 April 2022", "2022-01-01") as an ISO date, as a
    publication date is given to ``analyze()``."""
    import datetime

    if not isinstance(text, str) or not text.strip():
        return None
    if text.strip().lower() == "today":
        return datetime.date.today().isoformat()
    import dateparser

    when = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    return when.date().isoformat() if when else None


def case_doc(nlp, case):
    """A short document for one case, analysed by the actors stage as ``analyze()`` runs it: the
    mention as its first paragraph, the context (a country or a few words) as the next, the date
    as the publication date."""
    text = case["text"]
    context = case.get("context")
    body = text if not isinstance(context, str) or not context.strip() else f"{text}\n\n{context}"
    doc = nlp.make_doc(body)
    doc._.cg_published = case_date(case.get("date"))
    return nlp(doc), len(text)


def mention_actor(doc, end_char: int):
    """The actor the stage gave the mention (the first ``end_char`` characters): the actor of its
    head's noun phrase, else the widest mention inside it."""
    span = doc.char_span(0, end_char, alignment_mode="contract") or doc.char_span(0, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    actors = doc._.cg_actors or {}
    ident = span.root._.cg_np_actor
    if ident not in actors:
        inside = [m for m in doc.spans["cg_mentions"] if m.start >= span.start and m.end <= span.end]
        ident = max(inside, key=lambda m: (m.end - m.start, -m.start)).label_ if inside else None
    return actors.get(ident)


def ngec_reading(actor) -> tuple[str | None, str | None]:
    """An actor in NGEC's terms: CAMEO's UNO/IGO slot for an intergovernmental body (no sector
    when it is just "IGO"), else ISO3 country and PLOVER sector."""
    if actor is None:
        return None, None
    code = actor.code or ""
    if actor.country is None and code.startswith("IGO"):
        slot = "UNO" if code.startswith("IGOUNO") else "IGO"
        sector = actor.sector if actor.sector not in (None, "IGO") else None
        return slot, sector
    return actor.country, actor.sector


def ours_predict_factory():
    import cablegram

    nlp = cablegram.load(stages=("cablegram_actors",))

    def predict(case):
        doc, end = case_doc(nlp, case)
        return ngec_reading(mention_actor(doc, end))

    return predict


def baseline_predict_factory():
    import pycountry

    import cablegram

    nlp = cablegram.load(stages=())

    def predict(case):
        doc = nlp(case["text"])
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP", "LOC"):
                try:
                    return pycountry.countries.lookup(ent.text.removeprefix("the ")).alpha_3, None
                except LookupError:
                    continue
        return None, None

    return predict


# -- (c) linear time -----------------------------------------------------------------------

_TEMPLATES = [
    "{dem} President {first} {last} met {country} officials in {capital}, a {dem2} official said.",
    "Mr. {last} told reporters that {country} and {country2} would hold talks, according to experts.",
    "{first} {last}, an analyst at the {country} Institute, said {capital} was considering new sanctions.",
    "He said the {dem} defense minister had visited {capital} and {country2} in July.",
]


def synthetic_text(n_mentions: int, seed: int = 7) -> str:
    """A document of about ``n_mentions`` actor mentions built from general templates."""
    from cablegram.actors import gazetteer as gz

    rnd = random.Random(seed)
    rows = [r for r in gz._rows("countries.tsv") if len(r) > 2 and r[2]]
    caps = gz.seat_index()
    by_country: dict[str, str] = {}
    for name, (iso, sector) in caps.items():
        if sector == "GOV":
            by_country.setdefault(iso, name.title())
    firsts = ["Anna", "Ivan", "Maria", "Chen", "Omar", "Lena", "Paulo", "Ines", "Tomas", "Yuki"]
    lasts = ["Petrov", "Garcia", "Okafor", "Novak", "Haddad", "Silva", "Larsen", "Moreau", "Tanaka", "Kowalski"]
    out, count = [], 0
    while count < n_mentions:
        r, r2 = rnd.choice(rows), rnd.choice(rows)
        t = rnd.choice(_TEMPLATES)
        out.append(t.format(dem=r[2].split(";")[0], dem2=r2[2].split(";")[0], first=rnd.choice(firsts),
                            last=rnd.choice(lasts), country=r[1].split(";")[0], country2=r2[1].split(";")[0],
                            capital=by_country.get(r[0], r[1].split(";")[0])))
        count += 4
        if len(out) % 6 == 0:
            out.append("\n\n")
    return " ".join(out)


def speed(sizes=(1250, 2500, 5000, 10000)) -> list[tuple]:
    import cablegram

    full = cablegram.load()
    comp = full.get_pipe("cablegram_actors")
    ours = [name for name in full.pipe_names if name.startswith("cablegram_")]
    with full.select_pipes(disable=ours):  # warm-up: build the matchers and load the gazetteer first
        comp(full(synthetic_text(200)))  # (on a parsed Doc: the stage requires the parse)
    rows = []
    for n in sizes:
        text = synthetic_text(n)
        with full.select_pipes(disable=ours):
            doc = full(text)
        t = time.perf_counter()
        comp(doc)
        dt = time.perf_counter() - t
        mentions = len(doc.spans["cg_mentions"])
        rows.append((n, len(doc), mentions, dt, dt / max(mentions, 1) * 1e6))
    return rows


# -- entry points ----------------------------------------------------------------------------

def gate(data_dir: Path) -> tuple[dict[str, float], str]:
    cases, path = ngec_cases(data_dir)
    ours = score_ngec(cases, ours_predict_factory())
    metrics = {"ngec_country_acc": ours["country_acc"], "ngec_sector_acc": ours["sector_acc"]}
    files = [path]
    try:
        ex, _, ex_files = example_scores()
        files += ex_files
        total = max(ex["total"], 1)
        metrics.update({
            "example_found": ex["found"] / total,
            "example_country": ex["country"] / total,
            "example_sector": ex["sector"] / total,
            "example_mentions": ex["mentions_found"] / max(ex["mentions_total"], 1),
            "example_mr_kim": ex["mr_kim_right"] / max(ex["mr_kim_total"], 1),
        })
    except Skip:
        pass
    try:
        docs, gum_path = gum_documents(data_dir)
        import cablegram

        g = score_gum(docs, cablegram.load(stages=("cablegram_actors",)), True)
        metrics["gum_person_b3_f1"] = g["b3_f1"]
        files.append(gum_path)
    except Skip:
        pass
    return metrics, digest_files(files)


def main(argv=None) -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--details", action="store_true", help="list every miss")
    p.add_argument("--no-speed", action="store_true")
    p.add_argument("--no-example", action="store_true")
    args = p.parse_args(argv)

    if not args.no_example:
        try:
            ex, base, _ = example_scores()
            keys = ["found", "type", "country", "sector", "mentions_found", "mr_kim_right"]
            denom = {"mentions_found": "mentions_total", "mr_kim_right": "mr_kim_total"}
            rows = []
            for k in keys:
                d = denom.get(k, "total")
                rows.append((k, f"{ex[k]}/{ex[d]}", f"{base[k]}/{base[d]}"))
            rows.append(("predicted actors", ex["predicted"], base["predicted"]))
            print("(a) flagship example: actors of expected.yaml\n")
            print(table(["metric", "cablegram", "spaCy alone"], rows))
            if args.details:
                print("\n".join(ex["details"]))
            print()
        except Skip as exc:
            print(f"(a) skipped: {exc}")

    cases, _ = ngec_cases(args.data, args.limit)
    predict = ours_predict_factory()
    ours = score_ngec(cases, predict)
    base = score_ngec(cases, baseline_predict_factory())
    print(f"(b) NGEC actor resolution ({len(cases)} cases)\n")
    print(table(["metric", "cablegram", "spaCy alone"], [
        ("country accuracy", ours["country_acc"], base["country_acc"]),
        ("  cases", f"{ours['country_ok']}/{ours['country_n']}", f"{base['country_ok']}/{base['country_n']}"),
        ("sector accuracy", ours["sector_acc"], base["sector_acc"]),
        ("  cases", f"{ours['sector_ok']}/{ours['sector_n']}", f"{base['sector_ok']}/{base['sector_n']}"),
    ]))
    halves = [score_ngec(cases[k::2], predict) for k in (0, 1)]
    print("\nhalves (rules developed looking at the first half only; the second shows how they carry over):")
    print(table(["half", "country", "sector"], [
        (name, f"{h['country_ok']}/{h['country_n']} = {h['country_acc']:.3f}",
         f"{h['sector_ok']}/{h['sector_n']} = {h['sector_acc']:.3f}") for name, h in zip(("first", "second"), halves)]))
    if args.details:
        print("\n".join(ours["fails"]))
    print()
    if not args.no_speed:
        rows = speed()
        print("(c) actors stage alone on synthetic documents (time per mention should stay flat)\n")
        print(table(["target mentions", "tokens", "mentions", "seconds", "µs/mention"], rows))
        print()
    try:
        import cablegram

        docs, _ = gum_documents(args.data, args.limit)
        ours_g = score_gum(docs, cablegram.load(stages=("cablegram_actors",)), True)
        base_g = score_gum(docs, cablegram.load(stages=()), False)
        print(f"(d) GUM news: coreference of person mentions ({len(docs)} documents, {ours_g['mentions']} gold "
              "person mentions incl. pronouns and descriptions; B-cubed, unlinked = singleton)\n")
        print(table(["metric", "cablegram", "spaCy alone"], [
            ("mentions linked to an actor", ours_g["linked"], base_g["linked"]),
            ("B3 precision", ours_g["b3_p"], base_g["b3_p"]),
            ("B3 recall", ours_g["b3_r"], base_g["b3_r"]),
            ("B3 F1", ours_g["b3_f1"], base_g["b3_f1"]),
        ]))
        print()
    except Skip as exc:
        print(f"(d) skipped: {exc}")
    return 0



# -- (d) coreference of persons on GUM news (names, short names, pronouns) ----------------------

GUM = ("corpora", "gum-wikinews", "gum-news.tar.xz")


def _parse_entity(val: str):
    """GUM's MISC Entity value -> ([(id, type, closes_here)], [closed ids])."""
    opens, closes, i = [], [], 0
    while i < len(val):
        if val[i] == "(":
            j = i + 1
            while j < len(val) and val[j] not in "()":
                j += 1
            fields = val[i + 1:j].split("-")
            single = j < len(val) and val[j] == ")"
            opens.append((fields[0], fields[1] if len(fields) > 1 else "", single))
            i = j + 1 if single else j
        else:
            j = i
            while j < len(val) and val[j] != ")":
                j += 1
            closes.append(val[i:j])
            i = j + 1
    return opens, closes


def gum_documents(data_dir, limit=None):
    """(text, [(start_char, end_char, gold entity id)] of person mentions) per GUM news document."""
    import tarfile

    path = data_path(data_dir, *GUM)
    docs = []
    with tarfile.open(path) as tar:
        names = sorted(m for m in tar.getnames() if m.endswith(".conllu"))
        for name in names[:limit] if limit else names:
            lines = tar.extractfile(name).read().decode("utf-8").splitlines()
            text, offsets, mentions, stack = [], [], [], {}
            pos = 0
            for line in lines:
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                form, misc = cols[1], cols[9]
                start = pos
                text.append(form)
                pos += len(form)
                feats = dict(kv.split("=", 1) for kv in misc.split("|") if "=" in kv)
                if feats.get("SpaceAfter") != "No":
                    text.append(" ")
                    pos += 1
                end = start + len(form)
                if "Entity" in feats:
                    opens, closes = _parse_entity(feats["Entity"])
                    for eid, etype, single in opens:
                        if single:
                            if etype == "person":
                                mentions.append((start, end, eid))
                        else:
                            stack.setdefault(eid, []).append((start, etype))
                    for eid in closes:
                        if stack.get(eid):
                            s, etype = stack[eid].pop()
                            if etype == "person":
                                mentions.append((s, end, eid))
            docs.append(("".join(text), mentions))
    return docs, path


def _b_cubed(gold: list[str], pred: list[str]) -> tuple[float, float]:
    """B-cubed precision and recall over mentions; pred None = a singleton."""
    n = len(gold)
    if not n:
        return 0.0, 0.0
    pred = [p if p is not None else f"_single{i}" for i, p in enumerate(pred)]
    P = R = 0.0
    for i in range(n):
        same_pred = {j for j in range(n) if pred[j] == pred[i]}
        same_gold = {j for j in range(n) if gold[j] == gold[i]}
        both = len(same_pred & same_gold)
        P += both / len(same_pred)
        R += both / len(same_gold)
    return P / n, R / n


def score_gum(docs, nlp, ours: bool) -> dict:
    from cablegram.ids import slug

    gold_all, pred_all = [], []
    found = 0
    for di, (text, mentions) in enumerate(docs):
        doc = nlp(text)
        for start, end, eid in mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            ident = None
            if span is not None:
                if ours:
                    ident = span.root._.cg_np_actor
                    if ident is not None and doc._.cg_actors.get(ident) is not None and \
                            doc._.cg_actors[ident].type not in ("person", "anonymous", "group"):
                        ident = None
                else:
                    ent = next((e for e in doc.ents if e.label_ == "PERSON" and e.start < span.end
                                and span.start < e.end), None)
                    ident = slug(ent.text) if ent is not None else None
            found += ident is not None
            gold_all.append(f"{di}:{eid}")
            pred_all.append(f"{di}:{ident}" if ident is not None else None)
    p, r = _b_cubed(gold_all, pred_all)
    return {"mentions": len(gold_all), "linked": found, "b3_p": p, "b3_r": r,
            "b3_f1": 2 * p * r / (p + r) if p + r else 0.0}


if __name__ == "__main__":
    run_main(main)
