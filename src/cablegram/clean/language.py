"""Is the article English? cablegram's lexicons and rules are; other languages get a warning, not a guess.

The share of English function words (spaCy's English stop list) among the
words of a text is high for any English prose (about 0.4-0.5 in news) and
low for other languages, even those that share some short words.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.U)
MIN_WORDS = 20
MIN_SHARE = 0.12      # English news prose is at 0.26 and above; German or French prose below 0.10
MIN_WORD_LENGTH = 4.5  # prose, not a table of figures and abbreviations ("Shr 16 cts vs 10 cts")


def english_share(text: str, limit: int = 5000) -> tuple[float, int, float]:
    """``(share of English function words, number of words, mean word length)`` over the first ``limit`` words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [w.lower() for w in _WORD.findall(text[: limit * 12])][:limit]
    if not words:
        return 0.0, 0, 0.0
    share = sum(1 for w in words if w in STOP_WORDS) / len(words)
    return share, len(words), sum(map(len, words)) / len(words)


def guess_language(text: str) -> tuple[str | None, str | None]:
    """``("en", None)`` for English, ``(None, warning)`` when the text does not look English, ``(None, None)``
    when it is too short to tell."""
    share, n, length = english_share(text)
    if n < MIN_WORDS:
        return None, None
    if share >= MIN_SHARE:
        return "en", None
    if length < MIN_WORD_LENGTH:
        return None, None  # figures and abbreviations: no prose to judge
    return None, (f"the text does not read as English prose (English function words are {share:.0%} of its "
                  "words); cablegram's rules and lexicons are for English news, so expect little to be found")
