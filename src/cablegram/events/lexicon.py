"""The events stage's data: PLOVER ontology, CAMEO mapping, trigger lexicon, modality cues.

Tables live in ``data/`` (TSV/YAML), the English words in ``lang/en/`` (see :mod:`cablegram.lang`),
the PLOVER ontology in :mod:`cablegram.ontology`; each is loaded once.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from pathlib import Path

import yaml

from .. import lang as language
from ..ontology import ontology  # noqa: F401  (the PLOVER types, in one place)
from .lang import Triggers

DATA = Path(__file__).resolve().parent / "data"




@functools.cache
def cameo_table() -> dict[str, dict]:
    """CAMEO code -> {event, mode, context, label, goldstein} (CAMEO2PLOVER-2021)."""
    out: dict[str, dict] = {}
    with open(DATA / "cameo2plover.tsv", encoding="utf-8") as f:
        rows = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(rows, delimiter="\t"):
            out[row["cameo"]] = row
    return out


def root(event_type: str) -> str:
    """The type as PLV and the sentence classifier name it: YIELD for CONCEDE and RETREAT (PLOVER 2021
    splits the older YIELD in two)."""
    return "YIELD" if event_type in ("CONCEDE", "RETREAT") else event_type


def quad_class(event_type: str) -> str | None:
    t = ontology()["types"].get(event_type)
    return t["quad_class"] if t else None


def cameo_root(event_type: str) -> str | None:
    """The first CAMEO code the PLOVER manual maps a type to ("04" for CONSULT, "081" for CONCEDE)."""
    roots = ontology()["types"].get(event_type, {}).get("cameo_roots", "")
    return roots.split(",")[0].split("-")[0].strip() or None


def intensity(event_type: str, mode: str | None = None) -> float | None:
    t = ontology()["types"].get(event_type)
    if not t:
        return None
    if mode and mode in t["modes"] and t["modes"][mode]["intensity"] is not None:
        return t["modes"][mode]["intensity"]
    return t["intensity"]


def _split(table: dict) -> tuple[dict, dict]:
    """Single-word entries by lemma; two-word entries ("crack_down", "missile_test") by (first, second)."""
    single, double = {}, {}
    for key, entry in (table or {}).items():
        entry = dict(entry)
        if "_" in key.strip("_"):
            a, b = key.split("_", 1)
            double[(a, b)] = entry
        else:
            single[key.strip("_")] = entry
    return single, double


def triggers(lang: str | None = None) -> dict:
    """The trigger lexicon of ``lang`` (the running component's language by default), validated by
    :class:`.lang.Triggers` (``lang/<lang>/triggers.yaml``); an entry holds only the keys its file sets."""
    return _triggers(lang or language.active())


@functools.cache
def _triggers(lang: str) -> dict:
    raw = language.load(__package__, "triggers", Triggers, lang).model_dump(exclude_unset=True)
    verbs, verb_pairs = _split(raw.get("verbs"))
    nouns, noun_pairs = _split(raw.get("nouns"))
    return {
        "verbs": verbs, "verb_pairs": verb_pairs, "nouns": nouns, "noun_pairs": noun_pairs,
        "light": frozenset(raw.get("light_verbs") or ()),
        "against": frozenset(raw.get("against") or ()),
        "desire_nouns": frozenset(raw.get("desire_nouns") or ()),
        "enablers": frozenset(raw.get("enablers") or ()),
        "place_preps": frozenset(raw.get("place_preps") or ()),
        "place_target_types": frozenset(raw.get("place_target_types") or ()),
        "reason_preps": frozenset(raw.get("reason_preps") or ()),
        "home_target_types": frozenset(raw.get("home_target_types") or ()),
        "disapproval": frozenset(raw.get("disapproval") or ()),
        "state_acts": frozenset(raw.get("state_acts") or ()),
        "silence": frozenset(raw.get("silence") or ()),
        "preventers": frozenset(raw.get("preventers") or ()),
        "first_person": frozenset(raw.get("first_person") or ()),
        "speech_objects": frozenset(raw.get("speech_objects") or ()),
        "demanding": raw.get("demanding"),
        "demand_reporters": frozenset(raw.get("demand_reporters") or ()),
        "demand_modals": frozenset(raw.get("demand_modals") or ()),
        "undoing": frozenset(raw.get("undoing") or ()),
        "undone_conflict": raw.get("undone_conflict"),
        "undone_cooperation": raw.get("undone_cooperation"),
    }


def verb_objects(lang: str | None = None) -> dict[str, list[dict]]:
    """verb lemma -> the patterns of ``lang/<lang>/verb_objects.tsv`` (PETRARCH2's CAMEO verb dictionary,
    by ``training.verb_patterns``): an object or prepositional phrase after the verb and the PLOVER event
    CAMEO codes the two as ("-": none), the most specific first. A language without the file has none."""
    return _verb_objects(lang or language.active())


@functools.cache
def _verb_objects(lang: str) -> dict[str, list[dict]]:
    path = resources.files(__package__) / "lang" / lang / "verb_objects.tsv"
    out: dict[str, list[dict]] = {}
    if not path.is_file():
        return out
    rows = (line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    for row in csv.DictReader(rows, delimiter="\t"):
        row["with"] = tuple(row["with"].split())
        out.setdefault(row["verb"], []).append(row)
    for pats in out.values():
        pats.sort(key=lambda r: -len(r["with"]))
    return out


@functools.cache
def modality_cues() -> dict:
    raw = yaml.safe_load((DATA / "modality.yaml").read_text(encoding="utf-8"))
    out = {}
    for key, val in raw.items():
        if isinstance(val, dict):
            out[key] = {k: frozenset(v) for k, v in val.items()}
        else:
            out[key] = frozenset(val)
    return out


@functools.cache
def _future_table() -> dict[str, str]:
    out = {}
    with open(DATA / "future_types.tsv", encoding="utf-8") as f:
        rows = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(rows, delimiter="\t"):
            out[row["type"]] = row["future"]
    return out


def future_type(event_type: str) -> str:
    """How PLOVER codes an event announced for the future (AGREE for cooperation, THREATEN for conflict)."""
    return _future_table().get(event_type, event_type)
