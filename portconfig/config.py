"""The public entry points for start-up code: load(), resolve(), and the Config they return."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence

from ._records import Record
from .analysis import Analysis, analyse, port_key_patterns
from .errors import ConfigError, InvalidConfigError, PlaceholderError
from .jvm import system_properties
from .model import Entry, Found, Origin, OriginKind, SourceFile
from .propertysources import PropertySources
from .resolver import Resolver, Step


class Config(Mapping[str, str]):
    """Every resolved key of a configuration, read-only, with where each value came from.

    Keys are in file order; ``server.port`` is present even when only the
    environment or Spring Boot's default (8080) supplies it.
    """

    def __init__(self, analysis: Analysis) -> None:
        self._analysis = analysis
        self._values = analysis.values

    def __getitem__(self, key: str) -> str:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._analysis.keys if key in self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"<Config {len(self)} keys, port {self.port}>"

    @property
    def port(self) -> int:
        """``server.port`` as Spring Boot converts it, validated (1024-65535 unless privileged ports are allowed)."""
        result = self._analysis.ports["server.port"]
        if result.error is not None:  # only reachable for a lenient Config built by hand
            raise result.error
        assert result.port is not None
        return result.port

    @property
    def files(self) -> tuple[SourceFile, ...]:
        return tuple(self._analysis.files)

    @property
    def active_profiles(self) -> tuple[str, ...]:
        """The active profiles, in order (the last one's files win); empty when only ``default`` applies."""
        return tuple(self._analysis.active_profiles)

    def raw(self, key: str) -> str:
        """The value as written, before placeholders are expanded."""
        found = self._analysis.found.get(key)
        if found is None:
            return self._values[key]
        return found.value

    def origin(self, key: str) -> Origin:
        """Where the value comes from: ``application.properties:3:13``, ``environment variable PORT``...

        A value that is one whole placeholder (``${PORT:8080}``) reports what
        answered it; a default that applied reports the file position where it
        is written.
        """
        if key not in self._values:
            raise KeyError(key)
        origin = self._analysis.origin(key)
        assert origin is not None
        return origin

    def explain(self, key: str) -> Explanation:
        """The chain of substitutions that produced ``key``'s value (``KeyError`` for a key that is not set)."""
        if key not in self._values:
            raise KeyError(key)
        return explain(self._analysis, key)

    def check_port_free(self) -> None:
        """Bind each port this configuration's servers would listen on, and close it at once.

        ``server.port`` on ``server.address`` (all interfaces when unset),
        ``management.server.port`` when it differs, and any ``port_keys`` given
        to :func:`load` on their ``<prefix>.address``.  Raises
        :class:`PortInUseError` (``Port 8080 is already in use.``, naming the
        holding process when Linux's ``/proc`` tells) or
        :class:`PortUnavailableError` (permission denied, an address that is not
        this machine's).  Start-up code calls it to fail with a clear message
        before the framework does; another process can still take the port in between.
        """
        from .bind import check_free

        check_free(self._analysis)


class Explanation(Record):
    """How one key got its value; ``str()`` draws it as a tree."""

    __slots__ = ("key", "value", "found", "steps", "shadowed", "error", "candidates", "label")
    _hidden = ("candidates", "label")
    key: str
    value: str | None
    found: Found | None
    steps: list[Step]
    #: File entries for the same key that a higher source (environment, override) hides.
    shadowed: list[Found]
    error: PlaceholderError | None
    candidates: Callable[[str], list[str]]
    #: Draws an origin; :func:`explain` adds the document and profile (``application.yml:14:9, document 2
    #: (on-profile: prod)``).
    label: Callable[[Origin], str]

    def __init__(self, key: str, value: str | None, found: Found | None, steps: list[Step] | None = None,
                 shadowed: list[Found] | None = None, error: PlaceholderError | None = None,
                 candidates: Callable[[str], list[str]] = lambda name: [name],
                 label: Callable[[Origin], str] = str) -> None:
        self.key = key
        self.value = value
        self.found = found
        self.steps = [] if steps is None else steps
        self.shadowed = [] if shadowed is None else shadowed
        self.error = error
        self.candidates = candidates
        self.label = label

    def render(
        self,
        value: Callable[[str, str], str] = lambda key, value: value,
        raw: Callable[[str, str], str] | None = None,
        step_value: Callable[[Step], str] = lambda step: step.value or "",
        source: str | None = None,
    ) -> str:
        """The tree as text.

        The hooks let a caller mask what is shown: ``value(key, resolved)`` for
        the key's value, ``raw(key, written)`` for the text as written (default:
        ``value``), ``step_value(step)`` for what each placeholder produced.
        ``source`` is an optional "value from ..." line.  The walk is iterative,
        so a chain thousands of keys deep renders like a short one.
        """
        raw = raw or value
        shown = "(unresolved)" if self.value is None else f'"{value(self.key, self.value)}"'
        lines = [f"{self.key} = {shown}"]
        if self.found is None:
            lines.append("  not set in any file, the environment or an override")
            return "\n".join(lines)
        if source:
            lines.append(f"  value from {source}")
        lines.append(f'  {self.label(self.found.origin)}: {self.key} = "{raw(self.key, self.found.value)}"')
        for hidden in self.shadowed:
            lines.append(f'  (overrides {self.label(hidden.origin)}: "{raw(self.key, hidden.value)}")')
        # A stack of (depth, step) to draw, or (depth, text) lines queued between children.
        stack: list[tuple[int, Step | str]] = [(2, step) for step in reversed(self.steps)]
        while stack:
            depth, item = stack.pop()
            pad = "  " * depth
            if isinstance(item, str):
                lines.append(pad + item)
                continue
            stack.extend(reversed(self._step_items(item, depth, step_value)))
        if self.error is not None:
            lines.append(f"  error: {self.error.describe()}")
        return "\n".join(lines)

    def _step_items(
        self, step: Step, depth: int, step_value: Callable[[Step], str]
    ) -> list[tuple[int, Step | str]]:
        """What one step draws, in order: its line, its children and its notes."""
        result = "unresolved" if step.value is None else f'"{step_value(step)}"'
        items: list[tuple[int, Step | str]] = [(depth, f"{step.placeholder} -> {result}")]
        items += [(depth + 1, child) for child in step.in_name]
        asked = ", then ".join(step.tried)
        if step.found is not None:
            origin = step.found.origin
            spelled = ""
            if step.found.source_name and step.found.source_name != step.found.name and origin.kind is OriginKind.FILE:
                spelled = f" (as {step.found.source_name})"
            items.append((depth, f"  asked for {asked}: found in {self.label(origin)}{spelled}"))
            items += [(depth + 2, child) for child in step.in_value]
        else:
            names = self.candidates(step.tried[-1]) if step.tried else []
            items.append((depth, f"  asked for {asked}: not found (environment variables tried: {', '.join(names)})"))
        if step.used_default:
            items.append((depth, "  default applied"))
            items += [(depth + 2, child) for child in step.in_default]
        return items

    def __str__(self) -> str:
        return self.render()


def explain(analysis: Analysis, key: str) -> Explanation:
    found, value, steps = analysis.trace(key)
    if found is None and key in analysis.values:  # Spring Boot's default port
        return Explanation(key, analysis.values[key], Found(key, analysis.values[key], analysis.ports[key].origin))
    shadowed = []
    entry = analysis.sources.entries.get(key)
    if found is not None and entry is not None and found.origin != entry.origin:
        shadowed.append(Found(key, entry.value, entry.origin, entry.key))
    return Explanation(
        key,
        value,
        found,
        steps,
        shadowed,
        analysis.errors.get(key),
        analysis.sources.candidates,
        analysis.document_label,
    )


def load(
    *paths: str | os.PathLike[str],
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
    allow_privileged: bool = False,
    lenient: bool = False,
    profiles: Sequence[str] | None = None,
    filter_tokens: bool = False,
    port_keys: Sequence[str] = (),
) -> Config:
    """Load Spring Boot configuration files and validate ``server.port``.

    Sources, highest precedence first: ``overrides`` (like Spring's
    ``--server.port=9090``), then the JVM system properties every Spring
    application has (``user.home``, ``java.io.tmpdir``..., estimated for this
    machine), then the environment (``env``, or ``os.environ`` when None; a
    mapping replaces it entirely; ``SERVER_PORT`` sets ``server.port``), then
    the files.  Among the files, later files win over
    earlier ones and later documents over earlier documents.

    The files are read as Spring Boot's config data: a document with
    ``spring.config.activate.on-profile`` applies only when its profile
    expression matches, ``application-{profile}.*`` beside a file are loaded
    for each active profile (the last one wins), and ``spring.config.import``
    is followed.  Active profiles come from ``profiles`` (like
    ``--spring.profiles.active``; items may be comma-separated), else
    ``spring.profiles.active`` in the overrides, the environment
    (``SPRING_PROFILES_ACTIVE``) or the files; ``Config.active_profiles``
    says which.  ``${random.*}`` gives random values as Boot does.
    ``filter_tokens=True`` keeps Maven ``@token@`` values in YAML as text
    (otherwise they are errors that say how to fix them).
    ``server.port`` and ``management.server.port`` are validated as ports;
    ``port_keys`` adds more keys or globs (``["grpc.server.port", "*.port"]``).

    ``.properties`` files are read as ISO-8859-1 unless ``encoding`` says
    otherwise.  An unresolvable placeholder is an error; with ``lenient=True``
    its text is kept, as Spring Boot's binder does.  Ports 1-1023 are errors
    unless ``allow_privileged=True``.

    Raises :class:`InvalidConfigError` (a :class:`ConfigError`, a
    ``ValueError``) listing every error found.
    """
    analysis = analyse(
        paths,
        env=env,
        overrides=overrides,
        encoding=encoding,
        lenient=lenient,
        allow_privileged=allow_privileged,
        system_properties=system_properties(env if env is not None else os.environ),
        profiles=profiles,
        filter_tokens=filter_tokens,
        port_keys=port_key_patterns(port_keys),
    )
    errors: list[ConfigError] = [*analysis.file_errors]
    errors += [error for error in analysis.config_errors if error.severity == "error"]
    errors += analysis.errors.values()
    errors += [result.error for result in analysis.ports.values() if result.error is not None]
    if errors:
        raise InvalidConfigError(errors)
    return Config(analysis)


def resolve(
    text: str,
    env: Mapping[str, str] | None = None,
    properties: Mapping[str, str] | None = None,
    *,
    lenient: bool = False,
) -> str:
    """Expand the placeholders in one string, as Spring's ``resolveRequiredPlaceholders`` does.

    Names are looked up in the environment (``os.environ`` when ``env`` is
    None), then in ``properties``.  Raises :class:`PlaceholderError` unless
    ``lenient=True`` (which keeps unresolvable placeholders as written);
    circular references raise in both modes.
    """
    sources = PropertySources(env=env if env is not None else os.environ)
    sources.entries.update(
        (key, _entry(key, value)) for key, value in (properties or {}).items()
    )
    return Resolver(sources.find, lenient=lenient).resolve(text)


def _entry(key: str, value: str) -> Entry:
    return Entry(key, value, Origin.file("<properties>", None, None))
