"""The pipeline shared by load(), lint() and the command line: files -> sources -> resolved keys -> ports."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .errors import PlaceholderError, PortError, SourceError
from .files import read_file
from .model import Found, Origin, SourceFile
from .placeholders import Placeholder, parse
from .port import DEFAULT_PORT, check_port
from .propertysources import PropertySources
from .resolver import Limits, Resolver, Step

#: Keys validated as ports.
PORT_KEYS = ("server.port",)

#: A run may look names up this many times per placeholder written (at least
#: the floor below): far more than any real configuration needs, and it stops
#: a reference cycle thousands of keys long from taking minutes.
LOOKUPS_PER_PLACEHOLDER = 10
MIN_LOOKUPS = 100_000


@dataclass
class PortResult:
    """What a port key comes to: the number, or the error that stops it."""

    key: str
    value: str | None
    origin: Origin
    port: int | None = None
    error: PortError | None = None
    #: Nothing sets the key: Spring Boot uses its default.
    default: bool = False


@dataclass
class Analysis:
    files: list[SourceFile] = field(default_factory=list)
    file_errors: list[SourceError] = field(default_factory=list)
    sources: PropertySources = field(default_factory=PropertySources)
    lenient: bool = False
    #: Every key in order: file keys (first appearance), then override keys, then unset port keys.
    keys: list[str] = field(default_factory=list)
    found: dict[str, Found] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, PlaceholderError] = field(default_factory=dict)
    ports: dict[str, PortResult] = field(default_factory=dict)
    resolver: Resolver | None = None

    def trace(self, key: str) -> tuple[Found | None, str | None, list[Step]]:
        """Resolve ``key`` again, recording every step (for explain and origins)."""
        found = self.found.get(key) or self.sources.find(key)
        if found is None:
            return None, None, []
        tracer = Resolver(self.sources.find, lenient=self.lenient, trace=True, limits=self.resolver_limits())
        try:
            value, steps = tracer.resolve_traced(found.value, key=key, origin=found.origin)
        except PlaceholderError:
            tracer = Resolver(self.sources.find, lenient=True, trace=True, limits=self.resolver_limits())
            try:
                _, steps = tracer.resolve_traced(found.value, key=key, origin=found.origin)
            except PlaceholderError:
                steps = []
            return found, None, steps or []
        return found, value, steps or []

    def origin(self, key: str) -> Origin | None:
        """Where ``key``'s value really comes from, following a value that is one whole placeholder."""
        result = self.ports.get(key)
        if result is not None and result.default:
            return result.origin
        found, _, steps = self.trace(key)
        if found is None:
            return None
        return deep_origin(found, steps)

    def resolver_limits(self) -> Limits:
        return self.resolver.limits if self.resolver is not None else Limits()


def deep_origin(found: Found, steps: list[Step]) -> Origin:
    """Follow ``${A}`` -> ``${B}`` -> env var while each value is exactly one placeholder."""
    origin = found.origin
    while True:
        parts = parse(found.value)
        if len(parts) != 1 or type(parts[0]) is not Placeholder or len(steps) != 1:
            return origin
        step = steps[0]
        if step.used_default or step.found is None:
            return origin
        found, steps = step.found, step.in_value
        origin = found.origin


def analyse(
    paths: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None,
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
    lenient: bool = False,
    allow_privileged: bool = False,
    override_label: str = "override {}",
    port_keys: Sequence[str] = PORT_KEYS,
) -> Analysis:
    """Read ``paths`` and resolve every key.  Later files and later documents win."""
    analysis = Analysis(lenient=lenient)
    for path in paths:
        try:
            analysis.files.append(read_file(os.fspath(path), encoding=encoding))
        except SourceError as error:
            analysis.file_errors.append(error)
    sources = PropertySources(
        analysis.files, env if env is not None else os.environ, overrides, override_label=override_label
    )
    analysis.sources = sources
    analysis.keys = list(dict.fromkeys([*sources.entries, *sources.overrides]))
    written = sum(entry.value.count("${") for entry in sources.entries.values())
    written += sum(value.count("${") for value in sources.overrides.values())
    limits = Limits(max_lookups=max(MIN_LOOKUPS, LOOKUPS_PER_PLACEHOLDER * written))
    resolver = Resolver(sources.find, lenient=lenient, limits=limits)
    analysis.resolver = resolver
    for key in analysis.keys:
        _resolve_key(analysis, resolver, key)
    for key in port_keys:
        _check_port_key(analysis, resolver, key, allow_privileged)
    return analysis


def _resolve_key(analysis: Analysis, resolver: Resolver, key: str) -> None:
    found = analysis.sources.find(key)
    if found is None:  # only for port keys nothing in the files sets
        return
    analysis.found[key] = found
    try:
        analysis.values[key] = resolver.resolve(found.value, key=key, origin=found.origin)
    except PlaceholderError as error:
        analysis.errors[key] = error


def _check_port_key(analysis: Analysis, resolver: Resolver, key: str, allow_privileged: bool) -> None:
    if key not in analysis.found:
        _resolve_key(analysis, resolver, key)
        if key in analysis.found or key in analysis.errors:
            analysis.keys.append(key)
    if key in analysis.errors:
        return
    if key not in analysis.found:
        if key == "server.port":  # only the web server has a default port
            analysis.ports[key] = PortResult(key, None, Origin.spring_default(key), port=DEFAULT_PORT, default=True)
            analysis.keys.append(key)
            analysis.values[key] = str(DEFAULT_PORT)
        return
    value = analysis.values[key]
    origin = analysis.origin(key) or analysis.found[key].origin
    result = PortResult(key, value, origin)
    try:
        result.port = check_port(value, key=key, origin=origin, allow_privileged=allow_privileged)
    except PortError as error:
        result.error = error
    analysis.ports[key] = result
