"""The pipeline shared by load(), lint() and the command line: files -> sources -> resolved keys -> ports."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from itertools import compress
from operator import attrgetter, methodcaller

from ._records import Record
from . import configdata
from . import resolver as resolver_module
from .discovery import config_files
from .errors import ConfigDataError, FileAccessError, PlaceholderError, PortError, SourceError
from .model import Entry, Found, Origin, OriginKind, SourceFile
from .placeholders import PREFIX, Placeholder, parse
from .port import DEFAULT_PORT, check_port
from .propertysources import PropertySources, uniform
from .randomvalues import RandomRange, RandomSource, RandomValueError, parse_range
from .resolver import Limits, Resolver, Step

TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    import random
    from typing import Any

#: Keys validated as ports by default.  Keys that merely end in "port" are not: real files set
#: ``dubbo.protocol.port: -1`` on purpose; ``--port-key`` / ``port_keys=`` add more (globs allowed).
PORT_KEYS = ("server.port", "management.server.port")

#: Port keys where a negative value is a documented switch, not a mistake: Spring Boot's
#: ManagementPortType is DISABLED for ``management.server.port < 0`` (no management endpoints over HTTP).
NEGATIVE_DISABLES = frozenset({"management.server.port"})

_GLOB = frozenset("*?[")


def port_key_patterns(extra: Sequence[str] | None = None) -> tuple[str, ...]:
    """The default port keys, then ``extra`` (keys or globs such as ``*.port``), without repeats."""
    return tuple(dict.fromkeys([*PORT_KEYS, *(extra or ())]))


def expand_port_keys(patterns: Sequence[str], keys: Sequence[str]) -> list[str]:
    """Plain names as they are (checked even when unset); globs matched against the keys the run has."""
    import fnmatch

    out: list[str] = []
    for pattern in patterns:
        if _GLOB.isdisjoint(pattern):
            out.append(pattern)
        else:
            out += [key for key in keys if fnmatch.fnmatchcase(key, pattern)]
    return list(dict.fromkeys(out))

#: A run may look names up this many times per placeholder written (at least
#: the floor below): far more than any real configuration needs, and it stops
#: a reference cycle thousands of keys long from taking minutes.
LOOKUPS_PER_PLACEHOLDER = 10
MIN_LOOKUPS = 100_000


class PortResult(Record):
    """What a port key comes to: the number, or the error that stops it."""

    __slots__ = ("key", "value", "origin", "port", "error", "default", "random")
    key: str
    value: str | None
    origin: Origin
    port: int | None
    error: PortError | None
    #: Nothing sets the key: Spring Boot uses its default.
    default: bool
    #: The value is a ``${random.int[...]}``: its range (``port`` is then one sample of it).
    random: RandomRange | None

    def __init__(self, key: str, value: str | None, origin: Origin, port: int | None = None,
                 error: PortError | None = None, default: bool = False, random: RandomRange | None = None) -> None:
        self.key = key
        self.value = value
        self.origin = origin
        self.port = port
        self.error = error
        self.default = default
        self.random = random


class Analysis(Record):
    __slots__ = (
        "files", "file_errors", "sources", "lenient", "keys", "found", "values", "errors", "ports", "resolver",
        "allow_privileged", "config", "filter_tokens", "port_keys", "cache",
    )
    _hidden = ("cache",)
    files: list[SourceFile]
    file_errors: list[SourceError]
    sources: PropertySources
    lenient: bool
    #: Every key in order: file keys (first appearance), then override keys, then unset port keys.
    keys: list[str]
    found: dict[str, Found]
    values: dict[str, str]
    errors: dict[str, PlaceholderError]
    ports: dict[str, PortResult]
    resolver: Resolver | None
    #: The run allowed ports below 1024 (kept for checks that validate other values of a port key).
    allow_privileged: bool
    #: Config data: active documents, active profiles, what Boot rejects (profiles, imports).
    config: configdata.ConfigData
    #: Files were read with Maven ``@token@`` values kept as text.
    filter_tokens: bool
    #: The keys validated as ports in this run (the patterns asked for, globs expanded).
    port_keys: list[str]
    #: Results the checks derive per key and ask for several times (each port rule asks).
    cache: dict[tuple[str, str], Any]

    def __init__(self, files: list[SourceFile] | None = None, file_errors: list[SourceError] | None = None,
                 sources: PropertySources | None = None, lenient: bool = False, keys: list[str] | None = None,
                 found: dict[str, Found] | None = None, values: dict[str, str] | None = None,
                 errors: dict[str, PlaceholderError] | None = None, ports: dict[str, PortResult] | None = None,
                 resolver: Resolver | None = None, allow_privileged: bool = False,
                 config: configdata.ConfigData | None = None, filter_tokens: bool = False,
                 port_keys: list[str] | None = None, cache: dict[tuple[str, str], Any] | None = None) -> None:
        self.files = [] if files is None else files
        self.file_errors = [] if file_errors is None else file_errors
        self.sources = PropertySources() if sources is None else sources
        self.lenient = lenient
        self.keys = [] if keys is None else keys
        self.found = {} if found is None else found
        self.values = {} if values is None else values
        self.errors = {} if errors is None else errors
        self.ports = {} if ports is None else ports
        self.resolver = resolver
        self.allow_privileged = allow_privileged
        self.config = configdata.ConfigData() if config is None else config
        self.filter_tokens = filter_tokens
        self.port_keys = [] if port_keys is None else port_keys
        self.cache = {} if cache is None else cache

    @property
    def active_profiles(self) -> list[str]:
        return list(self.config.active_profiles)

    @property
    def config_errors(self) -> list[ConfigDataError]:
        return self.config.problems

    def document_label(self, origin: Origin) -> str:
        """``application.yml:14:9, document 2 (on-profile: prod)``: an origin with its document, when that says more."""
        labels = self.cache.get(("document-labels", ""))
        if labels is None:
            labels = self.cache["document-labels", ""] = self.config.labels()
        label = labels.get(origin)
        if label is None:
            return str(origin)
        return f"{origin}{label[len(origin.name):]}"

    def trace(self, key: str) -> tuple[Found | None, str | None, list[Step]]:
        """``key`` resolved again with every step recorded (for explain, origins, masking and checks).

        Traced once per key and kept: a random value then reads the same in every place that shows it.
        """
        cached = self.cache.get(("trace", key))
        if cached is None:
            cached = self.cache[("trace", key)] = self._trace(key)
        return cached

    def _trace(self, key: str) -> tuple[Found | None, str | None, list[Step]]:
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


def follow(found: Found, steps: list[Step]) -> tuple[Origin, str | None]:
    """Follow ``${A}`` -> ``${B}`` -> env var while each value is exactly one placeholder.

    Returns the origin that really supplied the value and, when a default
    applied, the placeholder whose default it was (its text lives at that origin).
    """
    while True:
        parts = parse(found.value)
        if len(parts) != 1 or type(parts[0]) is not Placeholder or len(steps) != 1:
            return found.origin, None
        step = steps[0]
        if step.used_default:
            return found.origin, parts[0].raw
        if step.found is None:
            return found.origin, None
        found, steps = step.found, step.in_value


def deep_origin(found: Found, steps: list[Step]) -> Origin:
    return follow(found, steps)[0]


def describe_origin(found: Found, steps: list[Step], label: Callable[[Origin], str] = str) -> str:
    """``environment variable PORT, via ${PORT:8080} at file:3:13``, ``default of ${PORT:8080} at file:3:13``
    or ``file:3:13``: where a value came from, and through which placeholder.  ``label`` draws an origin
    (:meth:`Analysis.document_label` adds the document and profile)."""
    origin, default = follow(found, steps)
    via = f"{found.value} at {label(found.origin)}"
    if default is not None:
        text = f"default of {default} at {label(origin)}"
        return text if origin == found.origin else f"{text}, via {via}"
    return label(origin) if origin == found.origin else f"{label(origin)}, via {via}"


def random_range(found: Found, steps: list[Step]) -> tuple[str, RandomRange | None] | None:
    """When a value is one whole ``${random.*}`` (directly or through references), its name and range."""
    origin, default = follow(found, steps)
    if default is not None or origin.kind is not OriginKind.RANDOM:
        return None
    try:
        return origin.name, parse_range(origin.name[len("random."):])
    except RandomValueError:
        return origin.name, None


def uses_random(steps: list[Step]) -> bool:
    """Whether a ``${random.*}`` value went into a resolution."""
    return any(
        step.found is not None and step.found.origin.kind is OriginKind.RANDOM for step in _contributing(steps)
    )


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
    system_properties: Mapping[str, str] | None = None,
    profiles: Sequence[str] | None = None,
    locations: Sequence[configdata.Location] | None = None,
    filter_tokens: bool = False,
    rng: random.Random | None = None,
) -> Analysis:
    """Read ``paths`` (files named directly) or ``locations`` as Spring Boot's config data, and resolve every key.

    Later files and later documents win; documents activate by profile
    (:mod:`portconfig.configdata`).  ``profiles`` replaces the active profiles
    the environment and files would give.  ``system_properties`` are the JVM
    system properties (see :mod:`portconfig.jvm`); like the environment and
    ``rng`` (the generator behind ``${random.*}``), they are passed in by the
    entry points.
    """
    analysis = Analysis(lenient=lenient, allow_privileged=allow_privileged, filter_tokens=filter_tokens)
    env = env if env is not None else os.environ
    empty: list[SourceError] = []
    if locations is None:
        locations, empty = _locations(paths)
    data = configdata.load(
        locations,
        profiles=profiles,
        env=env,
        overrides=overrides,
        system_properties=system_properties,
        encoding=encoding,
        filter_tokens=filter_tokens,
    )
    analysis.config = data
    analysis.files = data.files
    analysis.file_errors = [*empty, *data.file_errors]
    sources = PropertySources(
        data.active_files(),
        env,
        overrides,
        override_label=override_label,
        system_properties=system_properties,
        random=RandomSource(rng),
    )
    analysis.sources = sources
    # The entries' keys are unique already: only overrides can add a key again.
    analysis.keys = list(dict.fromkeys([*sources.entries, *sources.overrides])) if sources.overrides \
        else list(sources.entries)
    # Counted in one text: a line break between two values cannot be part of a "${".
    written = "\n".join(map(attrgetter("value"), sources.entries.values())).count("${")
    written += sum(value.count("${") for value in sources.overrides.values())
    limits = Limits(max_length=resolver_module.MAX_LENGTH, max_depth=resolver_module.MAX_DEPTH,
                    max_lookups=max(MIN_LOOKUPS, LOOKUPS_PER_PLACEHOLDER * written))
    resolver = Resolver(sources.find, lenient=lenient, limits=limits)
    analysis.resolver = resolver
    import gc

    # An answer per key, all kept: the cyclic collector would only scan them again and again (a
    # quarter of the time of a large file), so it waits while plain values are answered.  A
    # resolution runs with it as usual: one that fails leaves cycles (an exception and its frames).
    # Between resolutions the objects made so far are frozen (left out of every collection) in
    # batches: a collection during a resolution then looks at that batch's objects only, and a
    # failure's cycles are still collected with them.  Not when the caller froze objects itself:
    # unfreezing at the end would undo that.
    collecting = gc.isenabled()
    freezing = collecting and gc.get_freeze_count() == 0
    gc.disable()
    try:
        answers = sources.file_answers(analysis.keys)
        if answers is not None:
            _answer_in_bulk(analysis, resolver, answers, written, collecting, freezing)
        else:
            _answer_each(analysis, resolver, collecting, freezing)
    finally:
        if freezing:
            gc.unfreeze()
        if collecting:
            gc.enable()
    analysis.port_keys = expand_port_keys(port_keys, analysis.keys)
    for key in analysis.port_keys:
        _check_port_key(analysis, resolver, key, allow_privileged)
    return analysis


def _answer_in_bulk(analysis: Analysis, resolver: Resolver, answers: list[Found], written: int,
                    collecting: bool, freezing: bool) -> None:
    """What :func:`_answer_each` does, for a key set every key of which the files answer (see
    :meth:`PropertySources.file_answers`): the dictionaries are built whole, in key order, and only
    the values with a placeholder are resolved, in the same order.  A value that fails is taken
    out again: the others keep their places, so the order is the one key-by-key gives."""
    import gc

    keys = analysis.keys
    analysis.found = dict(zip(keys, answers))
    analysis.values = values = dict(zip(keys, map(attrgetter("value"), answers)))
    if freezing:
        # What was made so far is left out of every collection (a resolution's included), and joins
        # the oldest generation when unfrozen, as the batches of the key-by-key loop do.
        gc.freeze()
    if not written:
        return
    errors = analysis.errors
    placeholders = map(methodcaller("__contains__", PREFIX), map(attrgetter("value"), answers))
    for count, (key, answer) in enumerate(compress(zip(keys, answers), placeholders), 1):
        if collecting:
            gc.enable()
        _resolve_found(analysis, resolver, key, answer)
        gc.disable()
        if key in errors:
            del values[key]
        if freezing and not count % _FREEZE_BATCH:
            gc.collect(0)
            gc.freeze()


def _answer_each(analysis: Analysis, resolver: Resolver, collecting: bool, freezing: bool) -> None:
    import gc

    sources = analysis.sources
    found, values = analysis.found, analysis.values
    for count, (key, answer) in enumerate(sources.find_each(analysis.keys), 1):
        if answer is None:
            continue
        if PREFIX in answer.value:
            if collecting:
                gc.enable()
            _resolve_found(analysis, resolver, key, answer)
            gc.disable()
        else:  # what the resolver would return for text without a placeholder, without asking it
            found[key] = answer
            values[key] = answer.value
        if freezing and not count % _FREEZE_BATCH:
            gc.collect(0)
            gc.freeze()


#: Keys resolved between two freezes of the collector's objects (see analyse).
_FREEZE_BATCH = 4096


def _locations(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[configdata.Location], list[SourceError]]:
    """Files are read as named; a directory means Spring Boot's standard locations in it (as on the command line)."""
    locations: list[configdata.Location] = []
    empty: list[SourceError] = []
    for item in paths:
        path = os.fsdecode(item)  # bytes paths too
        # A directory named like a file (application.yml/) was meant as a file: say what it is instead.
        if not os.path.isdir(path) or path.lower().endswith((".yml", ".yaml", ".properties")):
            locations.append(configdata.file_location(path))
        elif config_files(path, None):
            locations += configdata.directory_locations(path)
        else:
            empty.append(FileAccessError(
                "has no Spring Boot configuration files (application.properties, application.yml, "
                "application-<profile>.*) in it, its src/main/resources/ or config/",
                file=path,
                hint="name the configuration files",
            ))
    return locations, empty


def _resolve_key(analysis: Analysis, resolver: Resolver, key: str) -> None:
    found = analysis.sources.find(key)
    if found is None:  # only for port keys nothing in the files sets
        return
    _resolve_found(analysis, resolver, key, found)


def _resolve_found(analysis: Analysis, resolver: Resolver, key: str, found: Found) -> None:
    analysis.found[key] = found
    try:
        analysis.values[key] = resolver.resolve(found.value, key=key, origin=found.origin)
    except RandomValueError as error:  # raised by the random source, outside the resolver's own errors
        analysis.errors[key] = RandomValueError(
            error.spring_message, placeholder=error.placeholder, key=key, origin=found.origin, hint=error.hint
        )
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
    found, _, steps = analysis.trace(key)
    origin = (deep_origin(found, steps) if found is not None else None) or analysis.found[key].origin
    result = PortResult(key, value, origin)
    ranged = random_range(found, steps) if found is not None else None
    if ranged is not None:
        result.random = ranged[1]
        result.error = random_port_error(key, ranged[0], ranged[1], analysis.found[key].origin, allow_privileged)
    if result.error is None:
        try:
            result.port = check_port(value, key=key, origin=origin, allow_privileged=allow_privileged,
                                     secret=_is_secret(key, steps))
        except PortError as error:
            if key in NEGATIVE_DISABLES and error.port is not None and error.port < 0:
                result.port = error.port  # switched off on purpose: nothing listens, nothing to report
            else:
                result.error = error
    analysis.ports[key] = result


def _is_secret(key: str, steps: list[Step]) -> bool:
    """The value of ``key`` is a secret, or has one substituted into it: errors must not quote it."""
    from .masking import is_sensitive, substitutes_secret

    return is_sensitive(key) or substitutes_secret(steps)


def random_port_error(
    key: str, name: str, ranged: RandomRange | None, origin: Origin, allow_privileged: bool
) -> PortError | None:
    """A ``${random.*}`` port is usable only if every value of its range is: the bounds are checked, not a sample."""
    if ranged is None:
        return None
    low, high = ranged.low, ranged.high - 1
    floor = 1 if allow_privileged else 1024
    shown = f"${{{name}}}"
    if low < 0 or low == 0 or high > 65535:
        return PortError(
            f"{key} is {shown}, a random port from {low} to {high}, which includes values that are not usable "
            "ports (0 picks a random free port, negative disables the web server, ports stop at 65535)",
            rule="port-out-of-range", key=key, value=shown, port=None, origin=origin,
            hint="use a range inside 1024-65535, e.g. ${random.int[10000,20000]} (the upper bound is exclusive)",
        )
    if low < floor:
        return PortError(
            f"{key} is {shown}, a random port from {low} to {high}, which includes privileged ports (below 1024)",
            rule="port-privileged", key=key, value=shown, port=None, origin=origin,
            hint="start the range at 1024 or above, or pass --allow-privileged",
        )
    return None


# -- other values a port key can take ------------------------------------------------

#: Most fallback combinations explored per port key (each is one resolution).
MAX_FALLBACKS = 16


class PortAlternative(Record):
    """A value a port key takes in another situation than this run's.

    ``unset`` names what is missing in that situation (``["PORT"]``: the
    environment variable whose default then applies); ``origin`` is where the
    reported value is written; ``error`` is set when that value is not a usable port.
    """

    __slots__ = ("key", "value", "unset", "origin", "port", "error", "unresolved")
    key: str
    value: str
    unset: tuple[str, ...]
    origin: Origin
    port: int | None
    error: PortError | None
    #: In that situation the key does not resolve at all (``${PORT}`` with no default, PORT unset).
    unresolved: PlaceholderError | None

    def __init__(self, key: str, value: str, unset: tuple[str, ...], origin: Origin, port: int | None = None,
                 error: PortError | None = None, unresolved: PlaceholderError | None = None) -> None:
        self.key = key
        self.value = value
        self.unset = unset
        self.origin = origin
        self.port = port
        self.error = error
        self.unresolved = unresolved


def resolve_hiding(
    analysis: Analysis, key: str, hidden: frozenset[str] = frozenset(), *, files_only: bool = False
) -> tuple[Found | None, str, list[Step]]:
    """Resolve ``key`` as if the names in ``hidden`` were unset everywhere (and, with
    ``files_only``, as if no environment variable or override set ``key`` itself).

    Raises :class:`PlaceholderError` like the run's resolver would.
    """
    sources = analysis.sources
    found = sources.find_file(key) if files_only else sources.find(key)
    if found is None:
        return None, "", []

    def lookup(name: str) -> Found | None:
        return None if name in hidden else sources.find(name)

    tracer = Resolver(lookup, lenient=analysis.lenient, trace=True, limits=analysis.resolver_limits())
    value, steps = tracer.resolve_traced(found.value, key=key, origin=found.origin)
    return found, value, steps or []


def port_fallbacks(analysis: Analysis, key: str) -> list[PortAlternative]:
    """The values ``key`` falls back to when the names that answer its placeholders are unset.

    ``server.port=${PORT:80}`` with ``PORT=8080`` gives 80 "when PORT is unset";
    nested defaults are followed one name at a time
    (``${ORDERS_PORT:${PORT:80}}``), and an environment variable or override
    that sets the key itself is also taken away, to reach the files' value.
    """
    if key not in analysis.found or key in analysis.errors:
        return []
    results: list[PortAlternative] = []
    seen: set[tuple[bool, frozenset[str]]] = {(False, frozenset())}
    queue: list[tuple[bool, frozenset[str], tuple[str, ...]]] = [(False, frozenset(), ())]
    while queue:
        files_only, hidden, unset = queue.pop(0)
        try:
            found, value, steps = resolve_hiding(analysis, key, hidden, files_only=files_only)
        except PlaceholderError as error:
            # The run's own value is checked elsewhere; a situation where it stops resolving is a fallback problem.
            entry = analysis.sources.find_file(key) if files_only else analysis.sources.find(key)
            if unset and entry is not None:
                results.append(PortAlternative(key, "", unset, entry.origin, unresolved=error))
            continue
        if found is None:
            continue
        if unset:
            results.append(_alternative(analysis, key, value, unset, deep_origin(found, steps)))
        options: list[tuple[bool, frozenset[str], str]] = []
        if not files_only and found.origin.kind.value != "file" and analysis.sources.find_file(key) is not None:
            options.append((True, hidden, str(found.origin.name)))
        for step in _contributing(steps):
            if step.found is None or step.used_default:
                continue
            kind = step.found.origin.kind
            # A name with a default may be unset anywhere; one without, only where the machine sets it
            # (``${PORT}`` answered by the environment fails on a laptop without PORT).
            if _has_default(step.placeholder) or kind in (OriginKind.ENVIRONMENT, OriginKind.OVERRIDE):
                name = step.found.origin.name if kind is OriginKind.ENVIRONMENT else step.tried[-1]
                options.append((files_only, hidden | frozenset(step.tried), name))
        for option_files, option_hidden, name in options:
            state = (option_files, option_hidden)
            if state not in seen and len(seen) < MAX_FALLBACKS:
                seen.add(state)
                queue.append((option_files, option_hidden, (*unset, name)))
    return results


def _alternative(analysis: Analysis, key: str, value: str, unset: tuple[str, ...], origin: Origin) -> PortAlternative:
    alternative = PortAlternative(key, value, unset, origin)
    try:
        alternative.port = check_port(value, key=key, origin=origin, allow_privileged=analysis.allow_privileged)
    except PortError as error:
        alternative.error = error
    return alternative


def shadowed_port_values(analysis: Analysis, key: str) -> list[PortAlternative]:
    """Every other value written for ``key`` in the files (earlier files, other documents and
    profiles), resolved in this run's environment and checked: each applies in some deployment."""
    cached = analysis.cache.get(("shadowed", key))
    if cached is not None:
        return cached
    form = uniform(key)
    if form in {uniform(name) for name in analysis.port_keys}:
        written = [entry for entry_form, entry, _ in written_port_entries(analysis) if entry_form == form]
    else:
        written = [entry for source in analysis.config.active_files() for entry in source.entries()
                   if uniform(entry.key) == form]
    effective = analysis.found.get(key)
    results = []
    resolver = Resolver(analysis.sources.find, lenient=analysis.lenient, limits=analysis.resolver_limits())
    for entry in written:
        if effective is not None and entry.origin == effective.origin:
            continue
        try:
            value = resolver.resolve(entry.value, key=key, origin=entry.origin)
        except PlaceholderError:
            continue
        results.append(_alternative(analysis, key, value, (), entry.origin))
    analysis.cache[("shadowed", key)] = results
    return results


def written_port_entries(analysis: Analysis) -> list[tuple[str, Entry, SourceFile]]:
    """Every entry of the active files written for one of the run's port keys (under Boot's relaxed
    equality), in file order, with the :func:`uniform` form it shares with that key.

    The port rules read only these; finding them through the chain's relaxed index costs a
    dictionary lookup per entry instead of a relaxed form per entry.
    """
    cached = analysis.cache.get(("port-entries", ""))
    if cached is None:
        from operator import attrgetter

        forms = {uniform(key) for key in analysis.port_keys}
        known = analysis.sources.entries
        of_key = analysis.sources.keys_with_forms(forms)
        key_of = attrgetter("key")
        cached = []
        active = analysis.config.active_files()
        # The chain read these very documents (as every run's does): each of their keys is known, and
        # when no key has a port key's form, no document holds one.
        chained = analysis.sources.built_from(document for source in active for document in source.documents)
        for source in active if of_key or not chained else ():
            for document in source.documents:
                if chained:
                    entries = document.entries
                    cached += [(of_key[entry.key], entry, source)
                               for entry in compress(entries, map(of_key.__contains__, map(key_of, entries)))]
                    continue
                keys = list(map(key_of, document.entries))
                held = set(keys)
                if known.keys() >= held:
                    # A document holds a key once (the model's rule): list.index finds each wanted key's entry.
                    at = sorted(keys.index(key) for key in of_key if key in held)
                    cached += [(of_key[keys[i]], document.entries[i], source) for i in at]
                    continue
                for entry in document.entries:  # keys the chain does not hold (a hand-made analysis): in full
                    form = of_key.get(entry.key) if entry.key in known else uniform(entry.key)
                    if form in forms:
                        cached.append((form, entry, source))
        analysis.cache[("port-entries", "")] = cached
    return cached


def _contributing(steps: list[Step]) -> list[Step]:
    out: list[Step] = []
    stack = list(reversed(steps))
    while stack:
        step = stack.pop()
        out.append(step)
        stack.extend(reversed(step.in_name + step.in_value + step.in_default))
    return out


def _has_default(raw: str) -> bool:
    parts = parse(raw)
    return len(parts) == 1 and type(parts[0]) is Placeholder and parts[0].default is not None
