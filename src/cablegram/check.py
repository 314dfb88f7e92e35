"""The promises an analysis keeps, checked: shared by the test suite and ``cablegram analyze --check``.

:func:`check_analysis` returns the violations (an empty list when all hold);
:func:`assert_valid` raises :class:`~cablegram.errors.InvariantError` on the
first batch. The invariants:

* every span (actor mentions; attribution content, speaker span, cue; event
  evidence and trigger; times; document parts) lies inside ``document.text``,
  is not empty, and its ``text`` equals ``document.text[start:end]``;
* every actor id an attribution or event refers to (speaker, source, target,
  claimant) exists in ``actors``; every attribution id an event refers to
  exists in ``attributions``; a time anchored on another time names one that
  exists;
* ids are unique (actors, attributions, events, times);
* ``document.published`` is a real ISO 8601 date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) in 1800-2100;
  an event's date value is a calendar value within 1800-2100 (never ``PRESENT_REF``, a duration, "1201");
* given the raw input of a plain-text document, ``document.text`` plus
  ``document.boilerplate`` loses no line of it (up to whitespace and invisible
  format characters);
* the JSON form validates against ``schema/analysis.schema.json`` and reads
  back into the same :class:`~cablegram.schema.Analysis`.

Stability of ids across runs and processes needs two analyses:
:func:`compare_runs` checks that.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Union

from .dates import calendar_value
from .errors import InvariantError
from .schema import Analysis, json_schema

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "analysis.schema.json"
_ISO_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_MAX_REPORTED = 50  # a broken stage can break thousands of spans; the first ones say enough

AnalysisLike = Union[Analysis, Mapping[str, Any]]


@functools.cache
def _validator():
    """A JSON Schema validator for the exported schema (the model's own if the file is absent)."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) if SCHEMA_PATH.exists() else json_schema()
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema)


def _as_dict(analysis: AnalysisLike) -> dict:
    if isinstance(analysis, Analysis):
        return json.loads(analysis.model_dump_json())
    return dict(analysis)


def _spans(a: dict) -> Iterator[tuple[str, Any]]:
    """Every ``(where, span)`` of the analysis that points into ``document.text``."""
    for i, actor in enumerate(a.get("actors") or []):
        for j, m in enumerate(actor.get("mentions") or []):
            yield f"actors[{i}]({actor.get('id')}).mentions[{j}]", m
    for i, q in enumerate(a.get("attributions") or []):
        for key in ("content", "speaker_span", "cue"):
            if q.get(key) is not None:
                yield f"attributions[{i}]({q.get('id')}).{key}", q[key]
    for i, e in enumerate(a.get("events") or []):
        for key in ("evidence", "trigger"):
            if e.get(key) is not None:
                yield f"events[{i}]({e.get('id')}).{key}", e[key]
    for i, t in enumerate(a.get("times") or []):
        yield f"times[{i}]({t.get('id')})", t


def _check_span(where: str, span: Any, text: str, *, has_text: bool = True) -> Optional[str]:
    if not isinstance(span, Mapping):
        return f"{where}: not a span ({type(span).__name__})"
    start, end = span.get("start"), span.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return f"{where}: offsets are not integers ({start!r}, {end!r})"
    if start > end:
        return f"{where}: end before start ({start}:{end})"
    if start == end:
        return f"{where}: empty span at {start}"
    if start < 0 or end > len(text):
        return f"{where}: offsets {start}:{end} outside document.text (length {len(text)})"
    if has_text and span.get("text") != text[start:end]:
        return (f"{where}: text {span.get('text')!r} != document.text[{start}:{end}] "
                f"{text[start:end]!r}")
    return None


def _norm_line(line: str) -> str:
    """A line with all whitespace and invisible format characters (ZWSP, soft hyphen, BOM...) removed."""
    return "".join(c for c in line if not c.isspace() and unicodedata.category(c) != "Cf")


def _raw_text(raw: Union[str, bytes]) -> str:
    """The input as :func:`cablegram.ingest.read_source` decodes it."""
    if isinstance(raw, bytes):
        from .ingest import decode

        return decode(raw)[0]
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        return raw.encode("utf-8", "replace").decode("utf-8")


def lost_lines(document: Mapping[str, Any], raw_input: Union[str, bytes]) -> list[tuple[int, str]]:
    """Lines of the input found neither in ``document.text`` nor in its boilerplate (up to whitespace)."""
    kept = [document.get("text") or ""] + [b.get("text") or "" for b in document.get("boilerplate") or []]
    kept_lines = {_norm_line(line) for piece in kept for line in piece.splitlines()}
    haystack: Optional[str] = None
    lost = []
    for n, line in enumerate(_raw_text(raw_input).splitlines()):
        norm = _norm_line(line)
        if not norm or norm in kept_lines:
            continue
        if haystack is None:  # built only when a line was reflowed, split or merged
            haystack = "\n".join(_norm_line(piece) for piece in kept)
        if norm not in haystack and not _split_kept(norm, kept, haystack):
            lost.append((n, line))
    return lost


def _split_kept(norm: str, kept: list[str], haystack: str) -> bool:
    """Whether a line was split between the text and boilerplate ("Headline — Site"): the boilerplate
    pieces found in it cut out, every remaining fragment must be in the text or boilerplate."""
    fragments = [norm]
    for piece in kept[1:]:
        bp = _norm_line(piece)
        if bp and bp in norm:
            fragments = [f for frag in fragments for f in frag.split(bp)]
    if fragments == [norm]:
        return False
    return all(f in haystack for f in fragments if f)


def _schema_violations(analysis: AnalysisLike, a: dict) -> list[str]:
    """The JSON Schema's complaints (ten at most), and whether the JSON reads back into the same Analysis."""
    out = []
    errors = sorted(_validator().iter_errors(a), key=lambda e: list(e.absolute_path))
    for err in errors[:10]:
        path = "/".join(str(p) for p in err.absolute_path) or "(root)"
        out.append(f"schema: {path}: {err.message[:200]}")
    if isinstance(analysis, Analysis) and not errors:
        again = Analysis.model_validate_json(analysis.model_dump_json())
        if again != analysis:
            out.append("schema: the JSON does not read back into the same Analysis")
    return out


def _span_violations(a: dict, document: dict, text: str) -> list[str]:
    """Every span's text is ``document.text[start:end]``; parts lie inside the text; the date is ISO."""
    out = [problem for where, span in _spans(a) if (problem := _check_span(where, span, text))]
    for i, part in enumerate(document.get("parts") or []):
        problem = _check_span(f"document.parts[{i}]({part.get('kind')})", part, text, has_text=False)
        if problem:
            out.append(problem)
    published = document.get("published")
    if published is not None and not (isinstance(published, str) and _ISO_DATE.fullmatch(published)
                                      and calendar_value(published) == published):
        out.append(f"document.published {published!r} is not a real date YYYY, YYYY-MM or YYYY-MM-DD in 1800-2100")
    for i, e in enumerate(a.get("events") or []):
        value = (e.get("date") or {}).get("value")
        if value is not None and calendar_value(value) != value:
            out.append(f"events[{i}]({e.get('id')}).date.value {value!r} is no calendar date within 1800-2100")
    return out


def _id_violations(a: dict, ids: dict[str, set[str]]) -> list[str]:
    """Every actor, attribution, event and time has an id, unique in its kind (collected into ``ids``)."""
    out = []
    for kind in ("actors", "attributions", "events", "times"):
        seen: set[str] = set()
        for item in a.get(kind) or []:
            item_id = item.get("id")
            if not item_id:
                out.append(f"{kind}: an item has no id")
            elif item_id in seen:
                out.append(f"{kind}: id {item_id!r} is not unique")
            seen.add(item_id)
        ids[kind] = seen
    return out


def _event_references(i: int, e: dict, actor_ids: set[str], attribution_ids: set[str]) -> list[str]:
    where = f"events[{i}]({e.get('id')})"
    out = [f"{where}.{role} {actor_id!r} is not in actors"
           for role in ("source", "target") for actor_id in e.get(role) or [] if actor_id not in actor_ids]
    claimant = e.get("claimant")
    if claimant is not None and claimant not in actor_ids:
        out.append(f"{where}.claimant {claimant!r} is not in actors")
    attribution = e.get("attribution")
    if attribution is not None and attribution not in attribution_ids:
        out.append(f"{where}.attribution {attribution!r} is not in attributions")
    return out


def _reference_violations(a: dict, ids: dict[str, set[str]]) -> list[str]:
    """Every actor id an attribution or event names exists; a time's anchor is publication, none or a time."""
    out = []
    for i, q in enumerate(a.get("attributions") or []):
        speaker = q.get("speaker")
        if speaker is not None and speaker not in ids["actors"]:
            out.append(f"attributions[{i}]({q.get('id')}).speaker {speaker!r} is not in actors")
    for i, e in enumerate(a.get("events") or []):
        out += _event_references(i, e, ids["actors"], ids["attributions"])
    for i, t in enumerate(a.get("times") or []):
        anchor = t.get("anchor")
        if anchor not in (None, "publication", "none") and anchor not in ids["times"]:
            out.append(f"times[{i}]({t.get('id')}).anchor {anchor!r} is neither publication, none nor a time id")
    return out


def _lost_line_violations(document: dict, raw_input: Union[str, bytes]) -> list[str]:
    lost = lost_lines(document, raw_input)
    out = [f"input line {n} lost (in neither document.text nor boilerplate): {line[:120]!r}" for n, line in lost[:10]]
    if len(lost) > 10:
        out.append(f"... and {len(lost) - 10} more input lines lost")
    return out


def check_analysis(analysis: AnalysisLike, raw_input: Union[str, bytes, None] = None, *,
                   schema: bool = True) -> list[str]:
    """The invariants ``analysis`` breaks, one message each (``[]`` if it keeps them all).

    ``raw_input`` is the input the analysis was made from; with it, a plain-text
    document is also checked to have lost no line. ``schema=False`` skips the
    JSON Schema validation (the slowest check) for callers that did it already.
    """
    a = _as_dict(analysis)
    violations: list[str] = _schema_violations(analysis, a) if schema else []
    document = a.get("document") or {}
    text = document.get("text")
    if not isinstance(text, str):
        return violations + ["document.text is missing"]
    ids: dict[str, set[str]] = {}
    violations += _span_violations(a, document, text) + _id_violations(a, ids) + _reference_violations(a, ids)
    if raw_input is not None and document.get("format", "text") == "text":
        violations += _lost_line_violations(document, raw_input)
    if len(violations) > _MAX_REPORTED:
        violations = violations[:_MAX_REPORTED] + [f"... and {len(violations) - _MAX_REPORTED} more"]
    return violations


def assert_valid(analysis: AnalysisLike, raw_input: Union[str, bytes, None] = None, **kwargs) -> None:
    """Raise :class:`InvariantError` naming the broken invariants, if any."""
    violations = check_analysis(analysis, raw_input, **kwargs)
    if violations:
        shown = "; ".join(violations[:5])
        more = f" (+{len(violations) - 5} more)" if len(violations) > 5 else ""
        raise InvariantError(f"{len(violations)} invariant(s) broken: {shown}{more}")


def id_signature(analysis: AnalysisLike) -> dict[str, list[str]]:
    """The ids of an analysis in order, by kind (what must be the same on every run)."""
    a = _as_dict(analysis)
    sig = {"document": [(a.get("document") or {}).get("id")]}
    for kind in ("actors", "attributions", "events", "times"):
        sig[kind] = [item.get("id") for item in a.get(kind) or []]
    return sig


def compare_runs(first: AnalysisLike, second: AnalysisLike) -> list[str]:
    """Differences between two analyses of the same input (ids and content must not change between runs)."""
    a, b = _as_dict(first), _as_dict(second)
    problems = []
    sa, sb = id_signature(a), id_signature(b)
    for kind in sa:
        if sa[kind] != sb[kind]:
            problems.append(f"{kind} ids differ between runs: {sa[kind][:5]} vs {sb[kind][:5]}")
    if not problems and a != b:
        keys = [k for k in a if a.get(k) != b.get(k)]
        problems.append(f"same ids but different content between runs in {keys}")
    return problems
