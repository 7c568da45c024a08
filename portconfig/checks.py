"""The lint rules: each has a stable id, a severity and a docstring that is its documentation.

A rule is a function from an :class:`Analysis` (and the run's options) to
findings; the engine stamps each finding with the rule's id and severity, so
rules never repeat their own.  ``RULES`` is the registry, in documentation order.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import compress
from operator import attrgetter, methodcaller

from ._records import FrozenRecord, replace
from .analysis import Analysis, analyse, port_key_patterns
from .errors import FileAccessError, PlaceholderError
from .jvm import system_properties
from .masking import is_sensitive
from .model import Origin, OriginKind, Problem, Severity
from .placeholders import unclosed_prefixes

_set = object.__setattr__
_KEY, _VALUE = attrgetter("key"), attrgetter("value")


class Finding(FrozenRecord):
    """What a rule yields: the message, where, and (rarely) a severity other than the rule's."""

    __slots__ = ("message", "origin", "key", "severity")
    message: str
    origin: Origin | None
    key: str | None
    severity: Severity | None

    def __init__(self, message: str, origin: Origin | None = None, key: str | None = None,
                 severity: Severity | None = None) -> None:
        _set(self, "message", message)
        _set(self, "origin", origin)
        _set(self, "key", key)
        _set(self, "severity", severity)


class Options(FrozenRecord):
    __slots__ = ("strict", "bind")
    strict: bool
    #: Try to bind each port on this machine (``check --bind``): the ``port-in-use`` rule runs only then.
    bind: bool

    def __init__(self, strict: bool = False, bind: bool = False) -> None:
        _set(self, "strict", strict)
        _set(self, "bind", bind)


Check = Callable[[Analysis, Options], Iterator[Finding]]


class Rule(FrozenRecord):
    __slots__ = ("id", "severity", "check")
    id: str
    severity: Severity
    check: Check

    def __init__(self, id: str, severity: Severity, check: Check) -> None:
        _set(self, "id", id)
        _set(self, "severity", severity)
        _set(self, "check", check)

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation, on one line."""
        return " ".join(self.documentation.split("\n\n")[0].split()) if self.documentation else ""

    @property
    def documentation(self) -> str:
        """The docstring, dedented, with reStructuredText's double backticks shown as Markdown's single ones."""
        import inspect

        return inspect.cleandoc(self.check.__doc__ or "").replace("``", "`")


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, severity, check)
        return check

    return register


def get_rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f'no such rule: "{rule_id}"') from None


# -- rules ---------------------------------------------------------------------


@rule("unreadable-file", Severity.ERROR)
def _unreadable_file(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A path cannot be read: it is missing, a directory, or not readable.

    Nothing in it could be checked.  The command exits with status 2.
    """
    for error in analysis.file_errors:
        if isinstance(error, FileAccessError):
            yield Finding(error.describe(), Origin.file(error.file or "", None, None))


@rule("syntax-error", Severity.ERROR)
def _syntax_error(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A file does not parse (YAML syntax, a malformed ``\\uXXXX`` escape, undecodable bytes...).

    Spring Boot would fail to start on it.  The finding points at the line and
    column where the parser stopped.
    """
    for error in analysis.file_errors:
        if not isinstance(error, FileAccessError) and error.rule == "syntax-error":
            yield Finding(error.describe(), Origin.file(error.file or "", error.line, error.column))


@rule("filter-token", Severity.ERROR)
def _filter_token(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A YAML value starts with an unquoted Maven resource-filter token such as ``@project.version@``.

    YAML reserves ``@``, so the source file is invalid YAML until Maven's
    resource filtering replaces the token (spring-boot-starter-parent filters
    ``@...@``).  Quote the token (``version: '@project.version@'``; the filtered
    output is the same), or lint the filtered output in ``target/classes``.
    ``--filter-tokens`` (API: ``filter_tokens=True``) keeps such tokens as text
    so the rest of the file is still checked.
    """
    for error in analysis.file_errors:
        if error.rule == "filter-token":
            yield Finding(error.describe(), Origin.file(error.file or "", error.line, error.column))


def _config_data_findings(analysis: Analysis, rule_id: str) -> Iterator[Finding]:
    for error in analysis.config_errors:
        if error.rule == rule_id:
            origin = Origin.file(error.file, error.line, error.column) if error.file is not None else None
            yield Finding(error.describe(), origin, error.key)


@rule("legacy-profile-key", Severity.ERROR)
def _legacy_profile_key(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A document uses the pre-2.4 key ``spring.profiles`` to say which profile it belongs to.

    Spring Boot 2.4+ fails to start: "Property 'spring.profiles' imported from
    location '...' is invalid and should be replaced with
    'spring.config.activate.on-profile'".  Write
    ``spring.config.activate.on-profile: prod`` instead.
    """
    yield from _config_data_findings(analysis, "legacy-profile-key")


@rule("invalid-profile-property", Severity.ERROR)
def _invalid_profile_property(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``spring.profiles.active`` (or ``.include``, ``.default``, ``.group``) where Spring Boot forbids it.

    In a profile-specific file (``application-prod.yml``) Boot fails with
    "Property 'spring.profiles.active' imported from location '...' is invalid
    in a profile specific resource"; in a document with
    ``spring.config.activate.on-profile`` with "Inactive property source '...'
    imported from location '...' cannot contain property
    'spring.profiles.active'".  Set profiles in the base file or the
    environment; use ``spring.profiles.group.<name>`` to switch several on together.
    """
    yield from _config_data_findings(analysis, "invalid-profile-property")


@rule("invalid-profile-name", Severity.ERROR)
def _invalid_profile_name(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A profile name Spring Boot 3.5.1+ rejects: only letters, digits and ``- _ . + @``, starting and ending
    with a letter or digit.

    Boot's messages: "Invalid empty profile", "Profile 'b*d' must contain a
    letter, digit or allowed char ('-', '_', '.', '+', '@')", "Profile '_bad'
    must start and end with a letter or digit".  An unresolved
    ``${SPRING_PROFILES_ACTIVE}`` is the usual cause.  ``spring.profiles.validate=false``
    turns the check off, in Boot and here.
    """
    yield from _config_data_findings(analysis, "invalid-profile-name")


@rule("malformed-profile-expression", Severity.ERROR)
def _malformed_profile_expression(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``spring.config.activate.on-profile`` is not a valid profile expression.

    Spring's grammar: names, ``!``, ``&``, ``|`` and parentheses; ``&`` and ``|``
    cannot be mixed without parentheses (``a & b | c`` is "Malformed profile
    expression [a & b | c]"; write ``(a & b) | c``).  Spaces do not separate
    names: ``prod eu`` is one (impossible) profile name; a comma-separated list
    means any of them.
    """
    yield from _config_data_findings(analysis, "malformed-profile-expression")


@rule("import-not-found", Severity.ERROR)
def _import_not_found(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``spring.config.import`` names a file or directory that does not exist, and is not ``optional:``.

    Spring Boot fails: "Config data resource '...' via location '...' does not
    exist".  Relative paths resolve against the importing file, ``classpath:``
    against ``src/main/resources``.  Fix the path, or prefix it with ``optional:``.
    """
    yield from _config_data_findings(analysis, "import-not-found")


@rule("invalid-import", Severity.ERROR)
def _invalid_import(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``spring.config.import`` file has an extension Spring Boot cannot load.

    Boot fails with "File extension is not known to any PropertySourceLoader".
    Name a ``.properties``, ``.yml`` or ``.yaml`` file, add a hint such as
    ``optional:file:.env[.properties]``, or end a directory with ``/``.
    """
    yield from _config_data_findings(analysis, "invalid-import")


@rule("import-cycle", Severity.WARNING)
def _import_cycle(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """Files import each other in a cycle.

    Spring Boot imports each resource once, so the import that closes the
    cycle does nothing; it is almost always a mistake.
    """
    yield from _config_data_findings(analysis, "import-cycle")


@rule("import-not-followed", Severity.NOTE)
def _import_not_followed(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``spring.config.import`` portconfig cannot follow: ``configserver:``, ``configtree:``, ``nacos:``,
    ``kubernetes:``, ``env:``, ``vault:``...

    Values may come from there and override the files; they are not checked.
    """
    yield from _config_data_findings(analysis, "import-not-followed")


@rule("random-bound", Severity.ERROR)
def _random_bound(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``${random.int(...)}`` or ``${random.long[...]}`` range Spring Boot rejects.

    Boot's messages: "Bound must be positive." (``random.int(0)``), "Lower
    bound must be less than upper bound." (``random.int[4,4]``), and a
    NumberFormatException for a number Java cannot parse (``random.int(10, 20)``:
    spaces are not trimmed).  The upper bound is exclusive: ``random.int[4,10]``
    gives 4 to 9.
    """
    yield from _placeholder_findings(analysis, "random-bound")


@rule("unresolvable-placeholder", Severity.WARNING)
def _unresolvable(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``${NAME}`` has no value in any file, the environment or an override, and no default.

    A warning, because CI rarely has production's environment variables: the
    message names the variable to set.  It is an error for port keys (the
    server cannot start) and with ``--strict``.  Spring Boot's binder keeps the
    text, so the application then fails later, at conversion.
    """
    port_keys = set(analysis.port_keys)
    for key, error in analysis.errors.items():
        if error.rule == "unresolvable-placeholder":
            severity = Severity.ERROR if options.strict or key in port_keys else None
            yield Finding(error.describe(), _where(analysis, key), key, severity)


@rule("circular-placeholder", Severity.ERROR)
def _circular(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A value refers back to itself, e.g. ``server.port=${server.port:8080}``.

    Spring fails with "Circular placeholder reference" in both strict and
    lenient mode; a default does not break the cycle.  Use another name:
    ``server.port=${PORT:8080}``.  A self-reference such as
    ``project.version=${project.version}`` usually comes from a file meant for
    Maven resource filtering: the message then says so (lint the filtered
    output in ``target/classes``).
    """
    for finding in _placeholder_findings(analysis, "circular-placeholder"):
        error = analysis.errors.get(finding.key or "")
        if error is not None and _maven_filtered(analysis, error):
            finding = Finding(
                f"{finding.message}; this looks like a Maven resource-filtering placeholder "
                f"(${{{error.placeholder}}} is replaced at build time only when the file is filtered, and "
                "spring-boot-starter-parent filters @...@ tokens, not ${...}): lint the filtered output in "
                f"target/classes, or write @{error.placeholder}@",
                finding.origin,
                finding.key,
            )
        yield finding


@rule("resolution-limit", Severity.ERROR)
def _limit(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """Resolution stopped at a limit: a value longer than 10,000,000 characters, or references nested too deep.

    Values that double at each level (``x1=${x0}${x0}``, ``x2=${x1}${x1}``...)
    grow exponentially; Spring would run out of memory.
    """
    yield from _placeholder_findings(analysis, "resolution-limit")


@rule("unclosed-placeholder", Severity.WARNING)
def _unclosed(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``${`` has no closing ``}``: Spring keeps it as literal text, which is almost always a typo."""
    answers = analysis.found
    if "${" not in "\n".join(map(_VALUE, answers.values())):  # most files: one search (no "${" spans a line break)
        return
    # Nothing to be unclosed without a "${": most values, passed over in C (items and values in one order).
    placeholders = map(methodcaller("__contains__", "${"), map(_VALUE, answers.values()))
    for key, found in compress(answers.items(), placeholders):
        for offset in unclosed_prefixes(found.value):
            snippet = found.value[offset : offset + 30]
            yield Finding(
                f'{key}: "{snippet}" has no closing "}}", so Spring keeps it as text; close the placeholder',
                _where(analysis, key),
                key,
            )


@rule("duplicate-key", Severity.WARNING)
def _duplicate(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A key is written twice in one document: the last one wins silently."""
    for source in analysis.files:
        for duplicate in source.duplicates:
            yield Finding(
                f"{duplicate.key} is set again here; the value at line {duplicate.first.line} is ignored",
                duplicate.second,
                duplicate.key,
            )


@rule("bom", Severity.ERROR)
def _bom(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``.properties`` file starts with a UTF-8 byte-order mark.

    Spring Boot does not strip it: the first key is read with the mark in its
    name (``ï»¿server.port``), so that key is silently lost.  Save the file
    without a BOM.
    """
    for source in analysis.files:
        if source.bom and source.format == "properties" and source.documents:
            first = source.documents[0].entries[0] if source.documents[0].entries else None
            name = first.key if first else "the first key"
            yield Finding(
                f"the file starts with a UTF-8 byte-order mark, so Spring Boot reads the first key as "
                f"{name!r}; save the file without a BOM",
                Origin.file(source.path, 1, 1),
            )


@rule("encoding", Severity.WARNING)
def _encoding(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A ``.properties`` file holds UTF-8 text, but Spring Boot reads ``.properties`` as ISO-8859-1.

    ``café`` then becomes ``cafÃ©``.  Write non-ASCII characters as ``\\uXXXX``
    escapes, or read the file as UTF-8 (``--encoding utf-8``) if your
    application does.
    """
    for source in analysis.files:
        if source.format != "properties" or source.encoding.lower().replace("_", "-") not in ("iso-8859-1", "latin-1"):
            continue
        entries = source.entries()
        # _as_utf8 of ASCII text is None: most files are ASCII throughout, which two passes in C show.
        if all(map(str.isascii, map(_KEY, entries))) and all(map(str.isascii, map(_VALUE, entries))):
            continue
        for entry in entries:
            if entry.key.isascii() and entry.value.isascii():  # most entries
                continue
            for text in (entry.key, entry.value):
                fixed = _as_utf8(text)
                if fixed is not None:
                    # The value of a secret key is described, never quoted (not even re-decoded).
                    quoted = (
                        "the value" if text is entry.value and is_sensitive(entry.key)
                        else f"{text!r}, not {fixed!r}"
                    )
                    yield Finding(
                        f"{entry.key}: UTF-8 text read as ISO-8859-1: Spring Boot sees {quoted}; "
                        "use \\uXXXX escapes",
                        entry.origin,
                        entry.key,
                    )
                    break


@rule("port-not-integer", Severity.ERROR)
def _port_not_integer(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``server.port`` is not a number Spring Boot can convert (``abc``, ``8080.0``, an unresolved ``${PORT}``).

    Every port key is checked: ``server.port``, ``management.server.port``
    and the keys ``--port-key`` adds.  The port rules check this run's value
    and every other value written for the key in another file, document or
    profile (one this run's value overrides), resolved and reported at its own
    line.  What a placeholder falls back to where its variable is unset is
    ``port-fallback``'s, and a value that is a Kubernetes service link
    (``tcp://10.0.0.1:8080``) is ``env-service-link``'s: neither is reported here again.
    """
    yield from _port_findings(analysis, "port-not-integer")


@rule("port-out-of-range", Severity.ERROR)
def _port_out_of_range(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``server.port`` is 0 (Spring picks a random port), negative (no web server) or above 65535 (ports are 16-bit).

    Values in other files and documents are checked too (see
    ``port-not-integer``).  ``management.server.port`` may be negative: that
    switches the management endpoints off over HTTP, as Spring Boot documents.
    """
    yield from _port_findings(analysis, "port-out-of-range")


@rule("port-privileged", Severity.ERROR)
def _port_privileged(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``server.port`` is 1-1023: binding it needs administrator rights.

    Use 1024 or above (8080 is usual), or ``--allow-privileged`` when the
    service really is deployed with that privilege.  A privileged fallback
    (``${PORT:80}`` while ``PORT=8080`` is set) is ``port-fallback``'s.
    """
    yield from _port_findings(analysis, "port-privileged")


@rule("port-fallback", Severity.WARNING)
def _port_fallback(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A port's fallback is wrong where its variable is unset: ``${PORT:80}``, ``${PORT:0}``, ``${PORT}`` (no default).

    ``${PORT:80}`` is privileged, ``${PORT:0}`` a random port, and ``${PORT}``
    has no default at all.

    For each placeholder whose name this run sets (``${PORT:80}`` with
    ``PORT=8080``), the value the key falls back to where that name is unset
    is checked like a port: "when PORT is unset, server.port falls back to 80,
    a privileged port...".  A name without a default that the environment sets
    (``${PORT}``) fails on every machine where it is unset, such as a laptop:
    "when PORT is unset, server.port does not resolve".  Nested defaults are
    followed one name at a time (``${ORDERS_PORT:${PORT:80}}``).  This rule
    reports only fallbacks; the run's own value is ``port-not-integer``'s,
    ``port-out-of-range``'s and ``port-privileged``'s, and a fallback equal to
    it is not reported again.
    """
    from .analysis import port_fallbacks

    for key in analysis.ports:
        reported = {analysis.values.get(key)}
        for alternative in port_fallbacks(analysis, key):
            names = list(alternative.unset)
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            verb = "is" if len(names) == 1 else "are"
            origin = alternative.origin if alternative.origin.kind is OriginKind.FILE else _where(analysis, key)
            if alternative.unresolved is not None:
                error = alternative.unresolved
                yield Finding(
                    f"when {who} {verb} unset, {key} does not resolve ({error.spring_message}), so Spring Boot "
                    f"fails to start wherever {who} {verb} not set, such as a laptop; give ${{{error.placeholder}}} "
                    f"a default, e.g. ${{{error.placeholder}:8080}}",
                    origin,
                    key,
                )
                continue
            if alternative.error is None or alternative.value in reported:
                continue
            reported.add(alternative.value)
            text = alternative.error.describe().replace(f"{key} is ", f"{key} falls back to ", 1)
            yield Finding(f"when {who} {verb} unset, {text}", origin, key)


@rule("port-hardcoded", Severity.WARNING)
def _port_hardcoded(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``server.port`` is a literal number in the files instead of coming from the platform's ``PORT``.

    On Heroku, Cloud Foundry, Render, Cloud Run... the platform assigns the
    port through the ``PORT`` environment variable and stops a server that
    does not bind it within its boot timeout.  ``server.port=${PORT:8080}``
    works there and locally alike (8080 wherever ``PORT`` is unset);
    ``portconfig fix`` rewrites the value.  The files' value is checked even
    when the environment overrides it in this run.  Not raised for a value
    that uses a placeholder, for 0 (a random port) or a negative one, nor for
    ``management.server.port`` and other port keys (they are internal).
    """
    from .port import hardcoded_port

    found = analysis.sources.find_file("server.port")
    if found is None:
        return
    port = hardcoded_port(found.value)
    if port is not None:
        yield Finding(
            f"server.port is hard-coded to {port}: Heroku, Cloud Foundry, Render and Cloud Run assign the port in "
            f"the PORT environment variable and stop a server that does not bind it; write ${{PORT:{port}}} (still "
            f"{port} wherever PORT is unset; portconfig fix does it)",
            found.origin,
            "server.port",
        )


@rule("port-format", Severity.WARNING)
def _port_format(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A port written in a form Spring Boot accepts but a reader misreads (hex, leading zeros, YAML 1.1 octal...).

    The forms: hex, leading zeros, whitespace inside, ``+``, YAML 1.1 octal
    or base 60, and quoting that changes the number.

    YAML 1.1 types plain scalars before Spring sees them: ``port: 010`` is
    octal 8 (quoted, ``'010'`` is decimal 10 to Spring), ``port: 22:22`` is
    base 60 (1342), ``0x1F90`` and ``0b...`` are hex and binary, and ``8_080``
    is 8080 only unquoted.  Spring's own conversion reads ``0x1F90`` and
    ``#1F90`` as hex, removes whitespace anywhere (``80 80`` is 8080) and
    accepts ``+8080`` and non-ASCII digits.  Every value written for a port
    key in the files is checked as written, at its own line; values that do
    not convert at all are ``port-not-integer``'s.
    """
    from .analysis import written_port_entries
    from .port import misread_port
    from .propertysources import uniform

    wanted = {uniform(key): key for key in analysis.port_keys}
    for form, entry, source in written_port_entries(analysis):
        key = wanted[form]
        if "${" in entry.value:
            continue
        message = misread_port(key, entry.value, entry.written, yaml=source.format == "yaml")
        if message is not None:
            yield Finding(message, entry.origin, key)


@rule("port-conflict", Severity.ERROR)
def _port_conflict(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """Two port keys of one configuration resolve to the same port: only one process can listen on a port at a time.

    All port keys take part, ``--port-key`` ones included (``grpc.server.port``
    against ``server.port``, Spring Boot's 8080 default counting for an unset
    ``server.port``).  Not a conflict: ``management.server.port`` equal to
    ``server.port`` (Spring Boot then serves the management endpoints on the
    main server; its ManagementPortType is SAME), 0 (a random port), negative
    ports (disabled) and ``${random...}`` ranges.
    """
    first: dict[int, str] = {}
    for key in analysis.port_keys:
        result = analysis.ports.get(key)
        if result is None or result.error is not None or result.random is not None:
            continue
        if result.port is None or result.port <= 0:
            continue
        other = first.setdefault(result.port, key)
        if other == key or {other, key} == {"server.port", "management.server.port"}:
            continue
        where = analysis.ports[other].origin
        yield Finding(
            f"{key} is {result.port}, the same port as {other} ({analysis.document_label(where)}): only one "
            "process can listen on a port at a time; give one of them another port",
            _where(analysis, key),
            key,
        )


@rule("env-service-link", Severity.ERROR)
def _env_service_link(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """A port comes from an environment variable such as ``SERVER_PORT=tcp://10.0.0.1:8080``: a Kubernetes service link.

    Kubernetes gives every pod ``<SERVICE>_PORT=tcp://<ip>:<port>`` for each
    Service of its namespace; a Service named ``server`` sets ``SERVER_PORT``,
    which Spring Boot binds to ``server.port`` and cannot convert, so the
    application fails to start.  Set ``enableServiceLinks: false`` in the pod
    spec, or rename the Service.  Also found through placeholders
    (``${ORDERS_PORT:8080}`` with a Service named ``orders``).  Such a value
    is reported here only, not again by ``port-not-integer``.
    """
    for key in analysis.ports:
        for name, value in _service_links(analysis, key):
            service = name[: -len("_PORT")].lower().replace("_", "-") if name.endswith("_PORT") else None
            named = f'a Service named "{service}"' if service else "a Service"
            where = _where(analysis, key)
            yield Finding(
                f'{key} gets "{value}" from the environment variable {name}, which Kubernetes sets for {named} '
                "(a service link): Spring Boot cannot convert it to a port and fails to start; set "
                "enableServiceLinks: false in the pod spec, or rename the Service",
                where if where is not None and where.kind is OriginKind.FILE else None,
                key,
            )


@rule("port-in-use", Severity.ERROR)
def _port_in_use(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """With ``check --bind``: a port cannot be bound on this machine now, e.g. "Port 8080 is already in use."

    Each valid port is bound on its address (``server.address``,
    ``management.server.address``; all interfaces when unset), as the server
    would, and closed at once.  On Linux the process holding it is named from
    ``/proc`` when permitted ("Held by pid 4242 (java)"), or the message says
    it cannot tell.  Permission denied (a port below 1024 without the
    privilege) and an address that is not this machine's have their own
    messages.  The API's ``Config.check_port_free()`` raises the same as
    ``PortInUseError`` / ``PortUnavailableError``.
    """
    if not options.bind:
        return
    from .bind import unavailable_ports

    for error in unavailable_ports(analysis, cli=True):
        yield Finding(error.describe(), _where(analysis, error.key or ""), error.key)


@rule("port-default", Severity.NOTE)
def _port_default(analysis: Analysis, options: Options) -> Iterator[Finding]:
    """``server.port`` is not set anywhere: Spring Boot will use 8080."""
    result = analysis.ports.get("server.port")
    if result is not None and result.default and analysis.files:
        yield Finding(
            "server.port is not set in the files, the environment or an override: Spring Boot will use 8080",
            Origin.file(analysis.files[0].path, None, None),
            "server.port",
        )


# -- helpers ---------------------------------------------------------------------


_MAVEN_NAMES = ("project.", "pom.", "maven.", "parent.")


def _maven_filtered(analysis: Analysis, error: PlaceholderError) -> bool:
    """A self-reference (``key=${key}``) to a Maven-looking name, or in a run that reads filter tokens."""
    refs = set(error.refs)
    if len(refs) != 1 or error.placeholder not in refs:
        return False
    return analysis.filter_tokens or error.placeholder.startswith(_MAVEN_NAMES)


def _placeholder_findings(analysis: Analysis, rule_id: str) -> Iterator[Finding]:
    for key, error in analysis.errors.items():
        if error.rule == rule_id:
            yield Finding(error.describe(), _where(analysis, key), key)


def _port_findings(analysis: Analysis, rule_id: str) -> Iterator[Finding]:
    for key, result in analysis.ports.items():
        if result.error is not None and result.error.rule == rule_id and not _service_links(analysis, key):
            yield Finding(result.error.describe(), _where(analysis, key), key)
        yield from _other_port_values(analysis, key, rule_id)


#: What Kubernetes writes into ``<SERVICE>_PORT``: ``tcp://10.0.0.1:8080`` (also udp, sctp).
_SERVICE_LINK = re.compile(r"(?:tcp|udp|sctp)://\S+:[0-9]+")


def _service_links(analysis: Analysis, key: str) -> list[tuple[str, str]]:
    """The environment variables that put a service-link value into ``key`` (directly or through placeholders)."""
    cached = analysis.cache.get(("service-links", key))
    if cached is None:
        cached = analysis.cache[("service-links", key)] = _find_service_links(analysis, key)
    return cached


def _find_service_links(analysis: Analysis, key: str) -> list[tuple[str, str]]:
    found = analysis.found.get(key)
    if found is None or "://" not in analysis.values.get(key, found.value):
        return []
    if found.origin.kind is OriginKind.ENVIRONMENT:
        return [(found.origin.name, found.value)] if _SERVICE_LINK.fullmatch(found.value) else []
    from .analysis import _contributing

    _, _, steps = analysis.trace(key)
    return [
        (step.found.origin.name, step.found.value)
        for step in _contributing(steps)
        if step.found is not None and step.found.origin.kind is OriginKind.ENVIRONMENT
        and _SERVICE_LINK.fullmatch(step.found.value)
    ]


def _other_port_values(analysis: Analysis, key: str, rule_id: str) -> Iterator[Finding]:
    """The values other files and documents write for the key (fallbacks are ``port-fallback``'s)."""
    from .analysis import shadowed_port_values

    effective = analysis.found.get(key)
    for alternative in shadowed_port_values(analysis, key):
        error = alternative.error
        if error is None or error.rule != rule_id:
            continue
        by = f"; in this run {effective.origin} overrides it" if effective is not None else ""
        yield Finding(f"{error.describe()}{by}", alternative.origin, key)


def _where(analysis: Analysis, key: str) -> Origin | None:
    """A file position for ``key``: where its value is, or the file line an environment value overrides."""
    found = analysis.found.get(key)
    if found is not None and found.origin.kind is OriginKind.FILE:
        return found.origin
    entry = analysis.sources.entries.get(key)
    return entry.origin if entry is not None else (found.origin if found is not None else None)


def _as_utf8(text: str) -> str | None:
    if text.isascii():
        return None
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


# -- the engine ------------------------------------------------------------------


def run_checks(analysis: Analysis, options: Options = Options()) -> list[Problem]:
    """Every finding of every rule, sorted by file, line and column."""
    problems = []
    for item in RULES.values():
        for finding in item.check(analysis, options):
            origin = finding.origin
            in_file = origin is not None and origin.kind is OriginKind.FILE
            problems.append(
                Problem(
                    rule=item.id,
                    severity=finding.severity or item.severity,
                    message=finding.message if in_file or origin is None else f"{finding.message} [{origin}]",
                    file=origin.name if in_file else None,
                    line=origin.line if in_file else None,
                    column=origin.column if in_file else None,
                    key=finding.key,
                )
            )
    problems.sort(key=Problem.sort_key)
    return problems


# -- lint across profiles ---------------------------------------------------------

#: Most analyses one lint runs (the default profile and one per profile named in the files).
MAX_PROFILE_RUNS = 32


def profile_runs(
    run: Callable[[Sequence[str] | None], Analysis], profiles: Sequence[str] | None = None
) -> list[tuple[str | None, Analysis]]:
    """The analyses a lint checks, each with its label (``profile prod``).

    With ``profiles`` given, that one run.  Otherwise the default run (the
    profiles the environment and files activate, else ``default``) and one run
    per profile named by a profile-specific file or an on-profile document;
    runs that end with the same accepted profiles are one run.  A single run
    has no label.
    """
    first = run(profiles)
    if profiles is not None:
        return [(None, first)]
    runs = [first]
    seen = {tuple(first.config.accepted_profiles)}
    queue = list(first.config.named_profiles)
    index = 0
    while index < len(queue) and len(runs) < MAX_PROFILE_RUNS:
        analysis = run([queue[index]])
        index += 1
        queue += [name for name in analysis.config.named_profiles if name not in queue]
        accepted = tuple(analysis.config.accepted_profiles)
        if accepted not in seen:
            seen.add(accepted)
            runs.append(analysis)
    if len(runs) == 1:
        return [(None, first)]
    return [("profile " + ",".join(analysis.config.accepted_profiles), analysis) for analysis in runs]


def merge_runs(runs: Sequence[tuple[str | None, Sequence[Problem]]]) -> list[Problem]:
    """One list of problems from several runs: a problem found in every run once, as it is; the others
    once per run that found it, labelled ``[profile prod] ...``."""
    found: dict[Problem, list[str | None]] = {}
    for label, problems in runs:
        for problem in problems:
            labels = found.setdefault(problem, [])
            if label not in labels:
                labels.append(label)
    out: list[Problem] = []
    for problem, labels in found.items():
        if len(labels) == len(runs) or labels == [None]:
            out.append(problem)
        else:
            out += [replace(problem, message=f"[{label}] {problem.message}") for label in labels]
    out.sort(key=Problem.sort_key)
    return out


def lint(
    *paths: str | os.PathLike[str],
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
    encoding: str | None = None,
    allow_privileged: bool = False,
    strict: bool = False,
    lenient: bool = False,
    profiles: Sequence[str] | None = None,
    filter_tokens: bool = False,
    port_keys: Sequence[str] = (),
) -> list[Problem]:
    """Check configuration files and return every problem found, sorted by position.

    Never raises for problems in the content: a file that does not parse is a
    ``syntax-error`` problem, a missing one an ``unreadable-file`` problem.
    ``env``, ``overrides``, ``encoding``, ``profiles`` and ``filter_tokens``
    work as in :func:`portconfig.load`; ``strict`` makes unresolvable
    placeholders errors.  ``lenient`` resolves as Spring Boot's binder does,
    keeping unresolvable placeholders as text (so only port keys then report
    them, as values that are not numbers).  ``port_keys`` adds keys or globs
    (``"*.port"``) to the port keys every port rule checks (``server.port``
    and ``management.server.port``).

    Without ``profiles``, every profile is checked: the default one and each
    profile named by a profile-specific file beside the files
    (``application-prod.yml``) or an on-profile document.  A problem found in
    some profiles only says so: ``[profile prod] server.port is 80...``.
    """
    properties = system_properties(env if env is not None else os.environ)

    def run(active: Sequence[str] | None) -> Analysis:
        return analyse(
            paths,
            env=env,
            overrides=overrides,
            encoding=encoding,
            lenient=lenient,
            allow_privileged=allow_privileged,
            system_properties=properties,
            profiles=active,
            filter_tokens=filter_tokens,
            port_keys=patterns,
        )

    patterns = port_key_patterns(port_keys)
    options = Options(strict=strict)
    return merge_runs([(label, run_checks(analysis, options)) for label, analysis in profile_runs(run, profiles)])


__all__: Sequence[str] = ("RULES", "Rule", "lint", "run_checks", "get_rule", "profile_runs", "merge_runs")


def rules_markdown() -> str:
    """The rules as a Markdown table (the README's copy is checked against this by a test)."""
    lines = ["| rule | severity | what it reports |", "| --- | --- | --- |"]
    for item in RULES.values():
        summary = item.summary.replace("|", "\\|")
        lines.append(f"| `{item.id}` | {item.severity.value} | {summary} |")
    return "\n".join(lines)
