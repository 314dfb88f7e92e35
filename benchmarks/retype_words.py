"""Count, per lexicon word, whether the sentence type classifier corrects its type or spoils it.

    .venv/bin/python -m benchmarks.retype_words [--data ../shared/data]

Runs every PLV pair through ``analyze()`` with the classifier's out-of-fold answers
(``benchmarks/data/plv_oof.json``: each pair's probabilities by the model of its CV fold) and
looks at each sentence whose main event is a lexicon trigger the classifier types otherwise
(``classify.retypes`` is asked). Where PLV's gold root is the classifier's type, that is +1 for
(word, lexicon type, classifier type); where it is the lexicon's, -1. The sums, by fold, go to
``cablegram/events/data/retype_words.tsv``; ``classify.retypes`` lets the classifier replace the
lexicon's type on less evidence for a (word, type, new type) whose sum is positive ("welcome" read
as CONSULT where the sentence welcomes a decision: SUPPORT), and the PLV benchmarks leave the
pair's own fold out of the sum (``benchmarks.plv_lookup.answering``), so PLV's figure stays
cross-validated. Nothing here reads PLOVER dev or the readings. It lives with the benchmarks because it
is made from their out-of-fold table (``training`` never imports ``benchmarks``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from benchmarks.common import arg_parser, run_main
from benchmarks.events import _nlp, through_analyze
from benchmarks.plv_lookup import OOF_TABLE, _pairs, answering, load_table, plv_folds
from cablegram.events import classify
from cablegram.events.lexicon import root

OUT = classify.DATA / "retype_words.tsv"


def count(data: Path) -> Counter:
    """(word, lexicon type, classifier type, fold) -> (classifier right) - (lexicon right)."""
    pairs = _pairs(data)
    folds = plv_folds([p[3] for p in pairs])
    nlp, gains, calls = _nlp(), Counter(), []
    real, gain = classify.retypes, classify.RETYPE_GAIN

    def spy(p, etype, own, word):
        if word is not None:  # a pattern of what the word acts on confirms its type: no count of the word's
            calls.append((word, own, root(etype)))
        return real(p, etype, own, word)

    classify.retypes, classify.RETYPE_GAIN = spy, float("inf")  # the lexicon's own answers, no word trusted yet
    try:
        with answering(load_table(OOF_TABLE), OOF_TABLE.name, folds) as current:
            for i, (text, _, _, gold) in enumerate(pairs):
                current["i"] = i
                calls.clear()
                through_analyze(text, nlp)
                for word, own, to in calls:
                    if to == gold:
                        gains[(word, own, to, folds[i])] += 1
                    elif root(own) == gold:
                        gains[(word, own, to, folds[i])] -= 1
    finally:
        classify.retypes, classify.RETYPE_GAIN = real, gain
    return gains


def main() -> int:
    args = arg_parser(__doc__.splitlines()[0]).parse_args()
    gains = count(Path(args.data))
    digest = hashlib.sha256(OOF_TABLE.read_bytes()).hexdigest()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# word, its lexicon type, the classifier's type, PLV fold: (classifier right) - (lexicon right) on\n"
                f"# PLV's pairs of that fold, out of fold. python -m benchmarks.retype_words; plv_oof.json sha256 {digest}\n")
        f.write("word\ttype\tto\tfold\tgain\n")
        for (word, own, to, k), g in sorted(gains.items()):
            if g:
                f.write(f"{word}\t{own}\t{to}\t{k}\t{g}\n")
    print(f"{sum(1 for g in gains.values() if g)} rows -> {OUT}")
    return 0


if __name__ == "__main__":
    run_main(main)
