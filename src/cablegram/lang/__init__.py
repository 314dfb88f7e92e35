"""Language as data: each stage's words, patterns and label names in files, validated, chosen by config.

Layout: a stage keeps its language data in ``<stage>/lang/<lang>/<name>.yaml`` (``events/lang/en/
triggers.yaml``) and the shape of each file as a pydantic model in ``<stage>/lang/__init__.py``,
built on :class:`LangData` (unknown keys refused, every field documented there). The stage reads a
file with :func:`load` — never with ``yaml.safe_load`` on a path — and its spaCy factory takes the
language from the component's config (``default_config={"lang": "en"}``), loads every file once at
construction (a bad or missing file is a :class:`~cablegram.errors.LanguageDataError`, E034, when
the pipeline is built, not in the middle of an article), and runs each ``Doc`` inside
:func:`using`, so helpers deep in the stage that call :func:`load` without a language get the
component's. Adding a language = a folder of the same files; nothing in code changes.

YAML is read with YAML 1.2 booleans: only ``true``/``false`` are booleans, so the English words
``on``, ``off``, ``yes``, ``no`` stay words (PyYAML's default turns ``to: [on]`` into ``[True]``).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from importlib import resources
from typing import Iterator, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import LanguageDataError

DEFAULT = "en"
_ACTIVE: contextvars.ContextVar[str] = contextvars.ContextVar("cablegram_lang", default=DEFAULT)


class LangData(BaseModel):
    """Base of a language file's model: unknown keys are refused; values are checked, not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


M = TypeVar("M", bound=BaseModel)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans (true/false only)."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def read_yaml(text: str):
    """YAML text as Python values, with YAML 1.2 booleans."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506  (a SafeLoader subclass)


def active() -> str:
    """The language of the component now running (the default outside any)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Make ``lang`` the active language while a component works on a ``Doc``."""
    token = _ACTIVE.set(lang)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def check(package: str, files: dict[str, type[BaseModel]], lang: str) -> None:
    """Load (and so validate) every language file of a stage for ``lang``: what a factory calls, so a
    missing or malformed file stops the pipeline's construction with E034."""
    for name, model in files.items():
        load(package, name, model, lang)


def load(package: str, name: str, model: type[M], lang: str | None = None) -> M:
    """``<package>/lang/<lang>/<name>.yaml`` validated by ``model`` (``lang``: the active language if None)."""
    return _load(package, name, model, lang or active())


@functools.cache
def _load(package: str, name: str, model: type[M], lang: str) -> M:
    where = f"{package.replace('.', '/')}/lang/{lang}/{name}.yaml"
    path = resources.files(package) / "lang" / lang / f"{name}.yaml"
    if not path.is_file():
        raise LanguageDataError(f"no {lang!r} language data {where}",
                                remedy=f"add {where} (copy the lang/{DEFAULT}/ file and translate its values), "
                                       f"or configure the component with lang='{DEFAULT}'")
    try:
        return model.model_validate(read_yaml(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise LanguageDataError(f"{where}: {problems}{more}",
                                remedy=f"fix the file; its keys are documented in {model.__module__}.{model.__name__}"
                                ) from None
    except yaml.YAMLError as exc:
        raise LanguageDataError(f"{where} is not valid YAML: {exc}", remedy="fix the file's syntax") from None
