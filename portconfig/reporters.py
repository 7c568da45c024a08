"""Output formats: pure functions from problems (or preview rows) to text.  Nothing here prints.

``PROBLEM_FORMATS`` and ``SHOW_FORMATS`` map a ``--format`` name to its
function.  Messages arrive already masked; these functions only lay them out.
``json`` is imported by the formats that need it, never at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from ._records import Record
from .model import Problem, Severity

TYPE_CHECKING = False  # the preview is imported by the show command only
if TYPE_CHECKING:
    from .preview import Row

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/portconfig/portconfig"
_COLORS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m", Severity.NOTE: "\033[1;36m"}
_RESET = "\033[0m"


class Context(Record):
    """What a problem report needs besides the problems."""

    __slots__ = ("files", "color", "rules", "version", "root")
    files: int
    color: bool
    #: ``[(id, severity, summary, documentation), ...]`` for SARIF's rule table.
    rules: Sequence[tuple[str, Severity, str, str]]
    version: str
    #: Directory URIs are made relative to (SARIF's %SRCROOT%).
    root: str

    def __init__(self, files: int = 0, color: bool = False,
                 rules: Sequence[tuple[str, Severity, str, str]] | None = None, version: str = "",
                 root: str = ".") -> None:
        self.files = files
        self.color = color
        self.rules = [] if rules is None else rules
        self.version = version
        self.root = root


def summary(problems: Sequence[Problem], files: int) -> str:
    """``2 errors, 1 warning in 3 files``; ``no problems in 1 file``."""
    counts = _counts(problems)
    parts = [_plural(counts[severity], severity.value) for severity in Severity if counts[severity]]
    head = ", ".join(parts) if parts else "no problems"
    return f"{head} in {_plural(files, 'file')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts(problems: Sequence[Problem]) -> dict[Severity, int]:
    counts = {severity: 0 for severity in Severity}
    for problem in problems:
        counts[problem.severity] += 1
    return counts


# -- problems --------------------------------------------------------------------


def text(problems: Sequence[Problem], context: Context) -> str:
    """``path:line:col: severity: message [rule]`` lines, then the summary line."""
    lines = []
    for problem in problems:
        severity = problem.severity.value
        if context.color:
            severity = f"{_COLORS[problem.severity]}{severity}{_RESET}"
        lines.append(f"{problem.location}: {severity}: {problem.message} [{problem.rule}]")
    lines.append(summary(problems, context.files))
    return "\n".join(lines) + "\n"


def json_report(problems: Sequence[Problem], context: Context, extra: dict | None = None) -> str:
    """``{"version": 1, "problems": [...], "summary": {...}}``."""
    import json

    counts = _counts(problems)
    document = {
        "version": 1,
        "problems": [
            {
                "rule": p.rule,
                "severity": p.severity.value,
                "message": p.message,
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "key": p.key,
            }
            for p in problems
        ],
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "notes": counts[Severity.NOTE],
            "files": context.files,
        },
    }
    document.update(extra or {})
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """actions/toolkit's escapeData: for the message after ``::``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """actions/toolkit's escapeProperty: for ``file=``, ``title=``..."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: Sequence[Problem], context: Context) -> str:
    """GitHub Actions workflow commands (``::error file=F,line=L,col=C,title=RULE::MESSAGE``), then the summary."""
    lines = []
    for problem in problems:
        properties = []
        if problem.file is not None:
            properties.append(f"file={escape_property(_forward(problem.file))}")
            if problem.line is not None:
                properties.append(f"line={problem.line}")
                if problem.column is not None:
                    properties.append(f"col={problem.column}")
        properties.append(f"title={escape_property(problem.rule)}")
        lines.append(f"::{_GITHUB_COMMANDS[problem.severity]} {','.join(properties)}::{escape_data(problem.message)}")
    lines.append(summary(problems, context.files))
    return "\n".join(lines) + "\n"


def _forward(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def artifact_uri(path: str, root: str = ".") -> tuple[str, bool]:
    """``(uri, relative)``: repository-relative and percent-encoded when the file is under ``root``."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.path.abspath(root))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return "file://" + _quote_path(_forward(absolute) if absolute.startswith("/") else "/" + _forward(absolute)), False
    return _quote_path(_forward(relative)), True


def _quote_path(path: str) -> str:
    """Percent-encode a path's bytes: a name that is not UTF-8 (``caf\\udce9``) gives its own bytes (``caf%E9``)."""
    from urllib.parse import quote

    return quote(os.fsencode(path))


def fingerprint(problem: Problem, uri: str) -> str:
    """Stable across runs and line moves: the rule, the file and the key."""
    import hashlib

    text = "\0".join((problem.rule, uri, problem.key or ""))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]  # a key from a non-UTF-8 name


def sarif(problems: Sequence[Problem], context: Context) -> str:
    """SARIF 2.1.0 with one run, for GitHub code scanning."""
    import json

    index = {rule_id: position for position, (rule_id, *_) in enumerate(context.rules)}
    results = []
    for problem in problems:
        result: dict = {
            "ruleId": problem.rule,
            "level": problem.severity.value,
            "message": {"text": problem.message},
        }
        if problem.rule in index:
            result["ruleIndex"] = index[problem.rule]
        uri = ""
        if problem.file is not None:
            uri, relative = artifact_uri(problem.file, context.root)
            artifact: dict = {"uri": uri}
            if relative:
                artifact["uriBaseId"] = "%SRCROOT%"
            physical: dict = {"artifactLocation": artifact}
            region = {}
            if problem.line is not None and problem.line >= 1:
                region["startLine"] = problem.line
                if problem.column is not None and problem.column >= 1:
                    region["startColumn"] = problem.column
            if region:
                physical["region"] = region
            result["locations"] = [{"physicalLocation": physical}]
        result["partialFingerprints"] = {"portconfig/v1": fingerprint(problem, uri)}
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "portconfig",
                        "version": context.version,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": rule_id,
                                "shortDescription": {"text": short},
                                "fullDescription": {"text": full},
                                "defaultConfiguration": {"level": severity.value},
                            }
                            for rule_id, severity, short, full in context.rules
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


PROBLEM_FORMATS: dict[str, Callable[[Sequence[Problem], Context], str]] = {
    "text": text,
    "json": json_report,
    "github": github,
    "sarif": sarif,
}


# -- the preview -----------------------------------------------------------------

#: Values longer than this do not widen the value column of ``show``'s text format.
MAX_VALUE_COLUMN = 40
UNRESOLVED = "(unresolved)"


def show_text(rows: Sequence[Row]) -> str:
    """``key = value    origin``, aligned in columns."""
    if not rows:
        return "no keys\n"
    width = max(len(row.key) for row in rows)
    values = [UNRESOLVED if row.value is None else row.value for row in rows]
    value_width = min(MAX_VALUE_COLUMN, max(len(value) for value in values))
    lines = []
    for row, value in zip(rows, values):
        origin = row.origin if row.error is None else f"{row.origin}: {row.error}" if row.origin else row.error
        lines.append(f"{row.key.ljust(width)} = {value.ljust(value_width)}    {origin}".rstrip())
    return "\n".join(lines) + "\n"


def show_json_rows(rows: Sequence[Row]) -> list[dict]:
    return [
        {"key": row.key, "value": row.value, "origin": row.origin, "sensitive": row.sensitive}
        | ({"error": row.error} if row.error is not None else {})
        for row in rows
    ]


def show_json(rows: Sequence[Row]) -> str:
    """``{"properties": [{"key", "value", "origin", "sensitive"}, ...]}`` (``value`` null and an ``error`` when unresolved)."""
    import json

    return json.dumps({"properties": show_json_rows(rows)}, indent=2, ensure_ascii=False) + "\n"


def _spring_literal(value: str) -> str:
    """Spring resolves placeholders in every source again: a literal ``${`` must be written ``\\${``."""
    return value.replace("${", "\\${")


def _properties_escape(text: str, is_key: bool) -> str:
    # java.util.Properties.store's escaping, with everything outside ASCII as \uXXXX
    # (the output is UTF-8 while Spring reads .properties as ISO-8859-1).
    out = []
    for index, ch in enumerate(text):
        if ch == " " and (is_key or index == 0):
            out.append("\\ ")
        elif ch in "\\=:#!":
            out.append("\\" + ch)
        elif ch in "\t\n\r\f":
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            encoded = ch.encode("utf-16-be", "surrogatepass")
            out.extend(f"\\u{encoded[i] << 8 | encoded[i + 1]:04X}" for i in range(0, len(encoded), 2))
    return "".join(out)


def show_properties(rows: Sequence[Row]) -> str:
    """The resolved values as an ``application.properties`` that Spring (and portconfig) reads back the same."""
    lines = []
    for row in rows:
        if row.value is None:
            lines.append(f"# {_comment(row.key)}: unresolved")
            continue
        lines.append(f"{_properties_escape(row.key, True)}={_properties_escape(_spring_literal(row.value), False)}")
    return "\n".join(lines) + "\n" if lines else ""


def _yaml_quote(text: str) -> str:
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F or (0xA0 <= code <= 0xFFFF and code not in (0x2028, 0x2029, 0xFEFF)
                                       and not 0xD800 <= code <= 0xDFFF):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02X}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


def show_yaml(rows: Sequence[Row]) -> str:
    """Flat, double-quoted ``"key": "value"`` lines: valid YAML that flattens back to the same keys."""
    lines = []
    for row in rows:
        if row.value is None:
            lines.append(f"# {_comment(row.key)}: unresolved")
            continue
        lines.append(f"{_yaml_quote(row.key)}: {_yaml_quote(_spring_literal(row.value))}")
    return "\n".join(lines) + "\n" if lines else ""


def env_name(key: str) -> str | None:
    """The environment variable Spring Boot reads for ``key`` (``server.port`` -> ``SERVER_PORT``), if any."""
    from . import envnames

    candidates = envnames.boot_candidates(key)
    name = candidates[0] if candidates else key.replace(".", "_").replace("-", "_").upper()
    if not name or not (name[0].isalpha() or name[0] == "_") or not all(c.isalnum() or c == "_" for c in name):
        return None
    return name if name.isascii() else None


def show_env(rows: Sequence[Row]) -> str:
    """``SERVER_PORT=9090`` lines, shell-quoted: ``set -a; . ./out.env`` exports them."""
    import shlex

    lines = []
    for row in rows:
        name = env_name(row.key)
        if row.value is None or name is None:
            reason = "unresolved" if row.value is None else "has no environment variable form"
            lines.append(f"# {_comment(row.key)}: {reason}")
            continue
        lines.append(f"{name}={shlex.quote(_spring_literal(row.value))}")
    return "\n".join(lines) + "\n" if lines else ""


def _comment(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


SHOW_FORMATS: dict[str, Callable[[Sequence[Row]], str]] = {
    "text": show_text,
    "json": show_json,
    "properties": show_properties,
    "yaml": show_yaml,
    "env": show_env,
}
