"""The exception tree.  Every error carries structured fields; its message is built from them.

::

    ConfigError (ValueError)
    ├── SourceError                  a file cannot be parsed
    │   ├── FileAccessError          a path cannot be read at all
    │   └── FilterTokenError         a YAML file with an unquoted Maven @token@
    ├── ConfigDataError              Spring Boot's config data rejects it (profiles, imports)
    ├── PlaceholderError             a ${...} could not be expanded
    │   ├── UnresolvablePlaceholderError
    │   ├── CircularPlaceholderError
    │   └── ResolutionLimitError     a size or depth limit was reached
    ├── PortError                    server.port (or another port key) is not a usable port
    ├── PortUnavailableError         a port cannot be bound on this machine now (check --bind)
    │   └── PortInUseError           another process listens on it
    └── InvalidConfigError           raised by load(): every error found, not only the first

Placeholder errors keep Spring Framework 6.2's own message word for word in
``spring_message`` (so it can be searched for), and add the file position and
the chain of keys that led there.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Origin

#: Longest text a message quotes whole (a value, a name).  Longer text is shown by its two ends, so that
#: a 10 MB value makes a one-line message of a few hundred characters, not one of 10 MB.
MAX_QUOTED = 200


def clip(text: str, limit: int | None = None) -> str:
    """``text`` if it is at most ``limit`` (default :data:`MAX_QUOTED`) characters, else its start and end
    around ``...(N more characters)...``."""
    limit = MAX_QUOTED if limit is None else limit
    if len(text) <= limit:
        return text
    head, tail = text[: limit * 3 // 4], text[-(limit // 4) :]
    return f"{head}...({len(text) - len(head) - len(tail):,} more characters)...{tail}"


class ConfigError(ValueError):
    """Base class: something in the configuration (or the way to it) is wrong."""

    #: The lint rule that reports this error.
    rule = "config-error"

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.hint = hint
        super().__init__(self._render())

    @property
    def location(self) -> str | None:
        if self.file is None:
            return None
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def describe(self) -> str:
        """The message without the location prefix."""
        text = self.reason
        if self.key is not None and not text.startswith(self.key):
            text = f"{clip(self.key)}: {text}"
        if self.hint:
            text = f"{text}; {self.hint}"
        return text

    def _render(self) -> str:
        location = self.location
        return f"{location}: {self.describe()}" if location else self.describe()

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self):  # keeps errors picklable despite keyword-only fields
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls, state):
    error = cls.__new__(cls)
    error.__dict__.update(state)
    ValueError.__init__(error, error._render())
    return error


def _position(origin: Origin | None) -> dict[str, object]:
    """The ``file``, ``line`` and ``column`` keyword arguments of a file origin (all None otherwise)."""
    if origin is not None and origin.kind.value == "file":
        return {"file": origin.name, "line": origin.line, "column": origin.column}
    return {"file": None, "line": None, "column": None}


class SourceError(ConfigError):
    """A configuration file cannot be read or parsed."""

    rule = "syntax-error"


class FileAccessError(SourceError):
    """A path cannot be read at all (missing, a directory, no permission): nothing could be checked."""

    rule = "unreadable-file"


class FilterTokenError(SourceError):
    """A YAML value starts with an unquoted Maven resource-filter token (``@project.version@``)."""

    rule = "filter-token"


class ConfigDataError(ConfigError):
    """Spring Boot's config data processing rejects something: a profile property, name or expression, an import.

    ``rule`` is the lint rule (``invalid-profile-property``, ``import-not-found``...);
    ``severity`` is ``"error"`` (Spring Boot fails to start), ``"warning"`` or ``"note"``.
    """

    def __init__(
        self,
        reason: str,
        *,
        rule: str,
        severity: str = "error",
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.rule = rule
        self.severity = severity
        super().__init__(reason, file=file, line=line, column=column, key=key, hint=hint)

    def describe(self) -> str:
        return f"{self.reason}; {self.hint}" if self.hint else self.reason


class PlaceholderError(ConfigError):
    """A placeholder could not be expanded.

    ``spring_message`` is exactly what Spring Framework 6.2 says.  ``placeholder``
    is the name Spring reports, ``values`` the chain of values Spring lists
    (innermost first), ``refs`` the keys that led here (outermost first) and
    ``origin`` where the key being resolved was defined.
    """

    rule = "placeholder-error"

    def __init__(
        self,
        spring_message: str,
        *,
        placeholder: str,
        values: Sequence[str] = (),
        key: str | None = None,
        origin: Origin | None = None,
        refs: Sequence[str] = (),
        hint: str | None = None,
    ) -> None:
        self.spring_message = spring_message
        self.placeholder = placeholder
        self.values = tuple(values)
        self.origin = origin
        self.refs = tuple(refs)
        super().__init__(spring_message, **_position(origin), key=key, hint=hint)

    def describe(self) -> str:
        text = self.spring_message
        if len(set(self.refs)) > 1 and len(self.refs) > 2:  # "key -> NAME" says nothing the message does not
            text = f"{text} (via {' -> '.join(map(clip, self.refs))})"
        if self.key is not None:
            text = f"{clip(self.key)}: {text}"
        if self.origin is not None and self.origin.kind.value != "file":
            text = f"{text} [{self.origin}]"
        if self.hint:
            text = f"{text}; {self.hint}"
        return text


class UnresolvablePlaceholderError(PlaceholderError):
    """No source has the name and the placeholder has no default."""

    rule = "unresolvable-placeholder"


class CircularPlaceholderError(PlaceholderError):
    """A value refers back to itself (through any number of steps)."""

    rule = "circular-placeholder"


class ResolutionLimitError(PlaceholderError):
    """Resolution stopped at a limit: a value too long, references or nesting too deep."""

    rule = "resolution-limit"

    def __init__(self, spring_message: str, *, limit: str, maximum: int, **kwargs) -> None:
        self.limit = limit
        self.maximum = maximum
        super().__init__(spring_message, **kwargs)


class PortError(ConfigError):
    """A port key does not hold a usable port.

    ``rule`` tells which check failed (``port-not-integer``,
    ``port-out-of-range``, ``port-privileged``); ``value`` is the resolved text,
    ``port`` the converted number when there is one.
    """

    def __init__(
        self,
        reason: str,
        *,
        rule: str,
        key: str,
        value: str,
        port: int | None,
        origin: Origin | None,
        hint: str | None = None,
    ) -> None:
        self.rule = rule
        self.value = value
        self.port = port
        self.origin = origin
        super().__init__(reason, **_position(origin), key=key, hint=hint)


class PortUnavailableError(ConfigError):
    """A port cannot be bound on this machine now: permission denied, an address that is not this machine's...

    Raised by :meth:`portconfig.Config.check_port_free`; ``check --bind``
    reports it as ``port-in-use``.  ``port`` and ``address`` (None: all
    interfaces) say what was tried, ``errno`` what the system answered.
    """

    rule = "port-in-use"

    def __init__(
        self,
        reason: str,
        *,
        key: str,
        port: int,
        address: str | None,
        errno: int | None = None,
        origin: Origin | None = None,
        hint: str | None = None,
    ) -> None:
        self.port = port
        self.address = address
        self.errno = errno
        self.origin = origin
        super().__init__(reason, **_position(origin), key=key, hint=hint)


class PortInUseError(PortUnavailableError):
    """Another process listens on the port (Spring Boot: "Port 8080 was already in use").

    ``pid`` and ``process`` name it when ``/proc`` tells (Linux, same user or root); else None.
    """

    def __init__(self, reason: str, *, pid: int | None = None, process: str | None = None, **kwargs) -> None:
        self.pid = pid
        self.process = process
        super().__init__(reason, **kwargs)


class InvalidConfigError(ConfigError):
    """Raised by :func:`portconfig.load`: lists every error found, not only the first."""

    rule = "invalid-config"

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        head = "1 error in the configuration" if count == 1 else f"{count} errors in the configuration"
        lines = [head + ":"] + [f"  {error}" for error in self.errors]
        super().__init__("\n".join(lines))

    def describe(self) -> str:
        return self.reason
