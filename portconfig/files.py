"""Read a configuration file from disk into a :class:`SourceFile`, whatever the path turns out to be."""

from __future__ import annotations

import os
import re
import stat

from .errors import FileAccessError, FilterTokenError, SourceError
from .model import SourceFile

YAML_SUFFIXES = (".yml", ".yaml")
PROPERTIES_SUFFIXES = (".properties",)


def file_format(path: str) -> str:
    """``"yaml"`` or ``"properties"``, by the file name as Spring Boot decides it."""
    return "yaml" if path.lower().endswith(YAML_SUFFIXES) else "properties"


#: The first line of a YAML file that is not blank or a comment: a list item, a document marker,
#: or a key followed by ``: `` or a line-ending ``:`` before any ``=``.
#: (Patterns in this module are compiled on first use, through ``re``'s cache: most runs never need them.)
_YAML_LINE = rb"(?:-(?:-- *)?(?:[ \t]|$)|[^=#!\s][^=]*?:(?:[ \t]|$))"
_SKIPPED_LINE = rb"[ \t]*(?:[#!].*)?$"


def sniff_format(data: bytes) -> str:
    """``"yaml"`` or ``"properties"`` for content that comes without a file name (standard input).

    YAML when the first line that is not blank or a comment starts with ``-``
    or ``---``, or holds a ``:`` followed by a space or the end of the line
    before any ``=``; a UTF-16 byte-order mark also means YAML.  Otherwise
    ``.properties``.  (A flat ``key: value`` line means the same in both.)
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "yaml"
    for line in data[:65536].splitlines():
        if re.fullmatch(_SKIPPED_LINE, line):
            continue
        return "yaml" if re.match(_YAML_LINE, line.lstrip(b" \t\xef\xbb\xbf")) else "properties"
    return "properties"


def read_file(
    path: str, *, encoding: str | None = None, filter_tokens: bool = False, format: str | None = None
) -> SourceFile:
    """Read and parse one file.

    ``encoding`` applies to ``.properties`` files (default ISO-8859-1, as Spring
    Boot); YAML is read as UTF-8 (or UTF-16 with a byte-order mark), as SnakeYAML
    does.  Raises :class:`FileAccessError` when the path cannot be read and
    :class:`SourceError` when its content cannot be parsed.  ``filter_tokens``:
    see :func:`parse_bytes`.
    """
    data = read_bytes(path)
    return parse_bytes(data, path, encoding=encoding, filter_tokens=filter_tokens, format=format)


def parse_bytes(
    data: bytes, path: str, *, encoding: str | None = None, filter_tokens: bool = False, format: str | None = None
) -> SourceFile:
    """Parse ``data`` as the file ``path`` (its name decides the format, unless
    ``format`` says ``"yaml"`` or ``"properties"``: an import's ``[.yaml]`` hint).

    ``filter_tokens=True`` treats Maven resource-filter tokens (``@project.version@``)
    that start a YAML value as opaque text: the value is quoted before parsing
    (lines and the value's own column stay where they are; only text after it
    on the same line moves two columns).  Without it, such a value is a
    :class:`FilterTokenError` that names the cause and the fix.
    """
    if format is None and path.lower().endswith(".xml"):
        raise SourceError(
            "XML properties files are not supported",
            file=path,
            hint="convert it to application.properties or application.yml",
        )
    if (format or file_format(path)) == "yaml":
        from .yamlfile import load_yaml  # PyYAML is imported only when a YAML file is read

        if filter_tokens:
            data = quote_filter_tokens(data)
        try:
            return load_yaml(data, path)
        except FilterTokenError:
            raise
        except SourceError as error:
            token = _token_at(data, error.line, error.column)
            if token is None:
                raise
            raise FilterTokenError(
                f"{token} is a Maven resource-filter token: unquoted at the start of a YAML value it is "
                f"invalid YAML ({error.reason})",
                file=error.file,
                line=error.line,
                column=error.column,
                hint=f"quote it ('{token}'), or lint the filtered output in target/classes; "
                "--filter-tokens checks the rest of the file with such tokens kept as text",
            ) from None
    from .properties import load_properties

    return load_properties(data, path, encoding=encoding)


#: A YAML line whose value starts with an ``@token@``: the lead (indentation, ``- ``, ``key: ``), the value, a comment.
_TOKEN_VALUE = (
    rb"(?m)^(?P<lead>[ \t]*(?:-[ \t]+)*(?:[^\s#'\"?\-@][^#\r\n]*?:[ \t]+)?)"
    rb"(?P<value>@[\w.\-]+@[^\r\n]*?)(?P<tail>[ \t]+#[^\r\n]*)?(?P<end>[ \t]*)$"
)
_TOKEN = r"@[\w.\-]+@?"


def quote_filter_tokens(data: bytes) -> bytes:
    """Quote YAML values that start with ``@token@`` (``v: @project.version@`` -> ``v: '@project.version@'``)."""
    if b"@" not in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data

    def quote(match: re.Match[bytes]) -> bytes:
        value = match.group("value").replace(b"'", b"''")
        return match.group("lead") + b"'" + value + b"'" + (match.group("tail") or b"") + match.group("end")

    return re.sub(_TOKEN_VALUE, quote, data)


def _token_at(data: bytes, line: int | None, column: int | None) -> str | None:
    """The ``@token@`` at a 1-based line and column of ``data``, if one starts there."""
    if line is None or column is None:
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    if not 0 < line <= len(lines):
        return None
    match = re.compile(_TOKEN).match(lines[line - 1], column - 1)
    return match.group(0) if match is not None and match.group(0).count("@") == 2 else None


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a :class:`FileAccessError` that says what the path is instead."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileAccessError("is a broken symbolic link", file=path, hint="point it at an existing file") from None
        raise FileAccessError("no such file", file=path, hint="check the path") from None
    except OSError as error:
        raise FileAccessError(_os_reason(error), file=path, hint="check the path and its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileAccessError("is a directory, not a file", file=path, hint="name a configuration file inside it")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; Spring reads files only.
        raise FileAccessError("is not a regular file", file=path, hint="name a regular configuration file")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise FileAccessError(_os_reason(error), file=path, hint="check the file's permissions") from None


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or error}"
