"""Value types shared by every layer: where text came from, what a file holds, what a check found."""

from __future__ import annotations

import enum
from ._records import FrozenRecord, slot_setters

_set = object.__setattr__


class OriginKind(str, enum.Enum):
    FILE = "file"
    ENVIRONMENT = "environment"
    OVERRIDE = "override"
    #: A JVM system property (estimated for this machine: Python has no JVM).
    SYSTEM_PROPERTY = "system-property"
    #: Spring Boot's own default (server.port unset means 8080).
    SPRING_DEFAULT = "spring-default"
    #: Spring Boot's RandomValuePropertySource; ``name`` is the property asked for (``random.int[1024,65536]``).
    RANDOM = "random"


class Origin(FrozenRecord):
    """Where a piece of configuration text came from.

    ``line`` and ``column`` are 1-based and point at the first character of the
    value, exactly as Spring Boot's loaders report them (including Boot's
    quirks, such as an empty value at the end of a line reporting the next line
    at column 0).  They are ``None`` when the position is unknown.
    """

    __slots__ = ("kind", "name", "line", "column")
    kind: OriginKind
    name: str
    line: int | None
    column: int | None

    def __init__(self, kind: OriginKind, name: str, line: int | None = None, column: int | None = None) -> None:
        _origin_kind(self, kind)
        _origin_name(self, name)
        _origin_line(self, line)
        _origin_column(self, column)

    @classmethod
    def file(cls, path: str, line: int | None, column: int | None) -> Origin:
        return cls(OriginKind.FILE, path, line, column)

    @classmethod
    def environment(cls, name: str) -> Origin:
        return cls(OriginKind.ENVIRONMENT, name)

    @classmethod
    def override(cls, name: str) -> Origin:
        return cls(OriginKind.OVERRIDE, name)

    @classmethod
    def system_property(cls, name: str) -> Origin:
        return cls(OriginKind.SYSTEM_PROPERTY, name)

    @classmethod
    def spring_default(cls, key: str) -> Origin:
        return cls(OriginKind.SPRING_DEFAULT, key)

    @property
    def location(self) -> str:
        """``file:line:col`` (as much of it as is known)."""
        parts = [self.name]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        if self.kind is OriginKind.FILE:
            return self.location
        if self.kind is OriginKind.ENVIRONMENT:
            return f"environment variable {self.name}"
        if self.kind is OriginKind.OVERRIDE:
            return self.name  # already says how it was given: "override server.port", "--set server.port"
        if self.kind is OriginKind.SYSTEM_PROPERTY:
            return f"JVM system property {self.name}"
        if self.kind is OriginKind.RANDOM:
            return "random value"
        return "Spring Boot's default"


_origin_kind, _origin_name, _origin_line, _origin_column = slot_setters(Origin)


class Entry(FrozenRecord):
    """One key as written in a source, after the file format's own unescaping.

    ``value`` is the raw text Spring's placeholder parser will see; nothing is
    expanded yet.  ``document`` is the 0-based index of the document inside its
    file (``---`` in YAML, ``#---``/``!---`` in ``.properties``).
    """

    __slots__ = ("key", "value", "origin", "document", "written")
    _uncompared = ("written",)
    key: str
    value: str
    origin: Origin
    document: int
    #: How a YAML scalar is written, when that says more than ``value`` (the ``port-format`` rule reads
    #: it): the plain text before YAML 1.1 typing (``010`` for the value ``8``, ``22:22`` for ``1342``),
    #: or a quoted scalar inside its quote characters (``'010'``; the inside is after YAML's escapes).
    #: ``None`` for plain YAML strings and for ``.properties`` entries (whose ``value`` is the text).
    #: Not compared: two entries with the same value are the same entry.
    written: str | None

    def __init__(self, key: str, value: str, origin: Origin, document: int = 0, written: str | None = None) -> None:
        _entry_key(self, key)
        _entry_value(self, value)
        _entry_origin(self, origin)
        _entry_document(self, document)
        _entry_written(self, written)


_entry_key, _entry_value, _entry_origin, _entry_document, _entry_written = slot_setters(Entry)


class Document(FrozenRecord):
    """One document of a file: its entries in file order (duplicates removed, last one kept)."""

    __slots__ = ("index", "entries", "line")
    index: int
    entries: tuple[Entry, ...]
    line: int

    def __init__(self, index: int, entries: tuple[Entry, ...], line: int = 1) -> None:
        _set(self, "index", index)
        _set(self, "entries", entries)
        _set(self, "line", line)


class Duplicate(FrozenRecord):
    """A key written twice in one document (the last one wins in ``.properties``)."""

    __slots__ = ("key", "first", "second")
    key: str
    first: Origin
    second: Origin

    def __init__(self, key: str, first: Origin, second: Origin) -> None:
        _set(self, "key", key)
        _set(self, "first", first)
        _set(self, "second", second)


class SourceFile(FrozenRecord):
    """A parsed configuration file."""

    __slots__ = ("path", "format", "documents", "duplicates", "encoding", "bom")
    path: str
    format: str  # "properties" or "yaml"
    documents: tuple[Document, ...]
    duplicates: tuple[Duplicate, ...]
    encoding: str
    #: The raw bytes started with a UTF-8 byte-order mark.
    bom: bool

    def __init__(self, path: str, format: str, documents: tuple[Document, ...],
                 duplicates: tuple[Duplicate, ...] = (), encoding: str = "utf-8", bom: bool = False) -> None:
        _set(self, "path", path)
        _set(self, "format", format)
        _set(self, "documents", documents)
        _set(self, "duplicates", duplicates)
        _set(self, "encoding", encoding)
        _set(self, "bom", bom)

    def entries(self) -> list[Entry]:
        return [entry for document in self.documents for entry in document.entries]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    def __str__(self) -> str:
        return self.value


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


class Problem(FrozenRecord):
    """One finding: a rule id, a severity, a full-sentence message and where it is."""

    __slots__ = ("rule", "severity", "message", "file", "line", "column", "key")
    rule: str
    severity: Severity
    message: str
    file: str | None
    line: int | None
    column: int | None
    key: str | None

    def __init__(self, rule: str, severity: Severity, message: str, file: str | None = None,
                 line: int | None = None, column: int | None = None, key: str | None = None) -> None:
        _set(self, "rule", rule)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "key", key)

    def sort_key(self) -> tuple:
        return (
            self.file or "",
            self.line if self.line is not None else 0,
            self.column if self.column is not None else 0,
            _SEVERITY_RANK[self.severity],
            self.rule,
            self.message,
        )

    @property
    def location(self) -> str:
        parts = [self.file or "<environment>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.rule}]"


class Found(FrozenRecord):
    """What a property source answered for a name: the raw value and where it lives."""

    __slots__ = ("name", "value", "origin", "source_name")
    name: str
    value: str
    origin: Origin
    #: The name as the source spells it (``SERVER_PORT`` for ``server.port``).
    source_name: str

    def __init__(self, name: str, value: str, origin: Origin, source_name: str = "") -> None:
        _found_name(self, name)
        _found_value(self, value)
        _found_origin(self, origin)
        _found_source_name(self, source_name)


_found_name, _found_value, _found_origin, _found_source_name = slot_setters(Found)
