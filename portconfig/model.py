"""Value types shared by every layer: where text came from, what a file holds, what a check found."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of configuration text came from.

    ``line`` and ``column`` are 1-based and point at the first character of the
    value, exactly as Spring Boot's loaders report them (including Boot's
    quirks, such as an empty value at the end of a line reporting the next line
    at column 0).  They are ``None`` when the position is unknown.
    """

    kind: OriginKind
    name: str
    line: int | None = None
    column: int | None = None

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


@dataclass(frozen=True, slots=True)
class Entry:
    """One key as written in a source, after the file format's own unescaping.

    ``value`` is the raw text Spring's placeholder parser will see; nothing is
    expanded yet.  ``document`` is the 0-based index of the document inside its
    file (``---`` in YAML, ``#---``/``!---`` in ``.properties``).
    """

    key: str
    value: str
    origin: Origin
    document: int = 0
    #: How a YAML scalar is written, when that says more than ``value`` (the ``port-format`` rule reads
    #: it): the plain text before YAML 1.1 typing (``010`` for the value ``8``, ``22:22`` for ``1342``),
    #: or a quoted scalar inside its quote characters (``'010'``; the inside is after YAML's escapes).
    #: ``None`` for plain YAML strings and for ``.properties`` entries (whose ``value`` is the text).
    #: Not compared: two entries with the same value are the same entry.
    written: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a file: its entries in file order (duplicates removed, last one kept)."""

    index: int
    entries: tuple[Entry, ...]
    line: int = 1


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A key written twice in one document (the last one wins in ``.properties``)."""

    key: str
    first: Origin
    second: Origin


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A parsed configuration file."""

    path: str
    format: str  # "properties" or "yaml"
    documents: tuple[Document, ...]
    duplicates: tuple[Duplicate, ...] = ()
    encoding: str = "utf-8"
    #: The raw bytes started with a UTF-8 byte-order mark.
    bom: bool = False

    def entries(self) -> list[Entry]:
        return [entry for document in self.documents for entry in document.entries]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    def __str__(self) -> str:
        return self.value


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: a rule id, a severity, a full-sentence message and where it is."""

    rule: str
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None

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


@dataclass(frozen=True, slots=True)
class Found:
    """What a property source answered for a name: the raw value and where it lives."""

    name: str
    value: str
    origin: Origin
    #: The name as the source spells it (``SERVER_PORT`` for ``server.port``).
    source_name: str = field(default="")
