"""Precision of cablegram's attributions on PolNeAR by cue configuration: which pass made them, the cue's
lemma, its lexicon lists and how it attaches (main verb, participle modifier with an agent, infinitive, …).

How the attribution stage's word lists were checked: a configuration whose precision on the **train**
split is far below the whole (e.g. a participle modifying a noun with an agent, "resolutions, supported
by Russia": 0.50 against 0.86) is no attribution, and its rule goes into ``attribution/lang/en/cues.yaml``.
Never tune on dev. A prediction is right as in :mod:`benchmarks.quotes` (at least half of it inside one
gold content).

    python -m benchmarks.quote_cues [--split train] [--limit N] [--by pass,lemma,attach] [--min 10]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from training.polnear import _chars

from .common import arg_parser, run_main, table
from .quotes import load_polnear, parse

KEYS = ("pass", "lemma", "lists", "attach", "agent", "inf")


def _lists(lex, lemma: str) -> str:
    names = [n for n, words in (("speech", lex.speech), ("cognition", lex.cognition), ("object", lex.object_cues),
                                ("intention", lex.intention), ("noun", lex.noun_cues),
                                ("objprep", lex.object_preps), ("regard", lex.regard_verbs)) if lemma in words]
    return ",".join(names) or "none"


def record(articles):
    """(configuration, right) of every attribution the stage makes on the articles. The pass is the function
    that called ``Context.make`` (direct quotations and "according to" are made without it)."""
    from cablegram.attribution import context as ctxmod

    made: dict[tuple[int, int], dict] = {}   # content offsets -> configuration
    original = ctxmod.Context.make

    def make(self, kind, cue, lo, hi, spk, exclude=frozenset()):
        f = original(self, kind, cue, lo, hi, spk, exclude)
        if f is not None:
            lemma = cue.lemma_.lower()
            made[(f.start, f.end)] = {
                "pass": sys._getframe(1).f_code.co_name, "lemma": lemma, "lists": _lists(self.lex, lemma),
                "attach": cue.dep_, "agent": any(c.dep_ == "agent" for c in cue.children),
                "inf": any(a.dep_ == "aux" and a.lower_ == "to" for c in cue.children if c.dep_ == "xcomp"
                           for a in c.children)}
        return f

    ctxmod.Context.make = make
    try:
        docs = parse(articles)
    finally:
        ctxmod.Context.make = original
    out = []
    for a, doc in zip(articles, docs):
        gold = [_chars(g.content, a.text) for g in a.gold]
        for at in doc._.cg_attributions or []:
            cfg = made.get((at.content.start, at.content.end), {"pass": "direct/according"})
            pc = _chars([(at.content.start, at.content.end)], a.text)
            if pc:
                out.append((cfg, bool(gold) and max(len(pc & g) for g in gold) * 2 >= len(pc)))
    return out


def main() -> int:
    p = arg_parser(__doc__.splitlines()[0])
    p.add_argument("--split", default="train", choices=["train", "dev"])
    p.add_argument("--by", default="pass,attach,agent", help=f"configuration keys, of {', '.join(KEYS)}")
    p.add_argument("--min", type=int, default=10, help="list configurations with at least this many")
    args = p.parse_args()
    keys = [k for k in args.by.split(",") if k in KEYS]
    rows = record(load_polnear(Path(args.data), args.split, args.limit))
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for cfg, ok in rows:
        g = groups[tuple(str(cfg.get(k, "")) for k in keys)]
        g[0] += 1
        g[1] += ok
    total = sum(ok for _, ok in rows)
    print(f"PolNeAR {args.split}: {len(rows)} attributions, precision {total / max(1, len(rows)):.3f}")
    body = [[*k, n, ok / n] for k, (n, ok) in sorted(groups.items(), key=lambda kv: -kv[1][0]) if n >= args.min]
    print(table([*keys, "n", "precision"], body))
    return 0


if __name__ == "__main__":
    run_main(main)
