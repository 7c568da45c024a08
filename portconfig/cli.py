"""The ``portconfig`` command: ``check`` for CI, ``show`` and ``explain`` for people, ``port`` for scripts.

Start-up matters (it runs in pre-commit hooks and CI steps), so this module
imports portconfig's own modules only (argparse only when :func:`quick_parse` cannot
read the command line alone); ``json``, ``difflib``,
``shlex`` and ``traceback`` are imported where they are needed, and PyYAML
only when a YAML file is read.

Exit codes, decided in :func:`exit_code` alone:

* 0: nothing wrong (warnings do not count unless ``--strict``);
* 1: errors found (``check``), or the answer asked for is not valid
  (``port`` with an unusable port, ``explain`` of an unset or unresolvable
  key, ``show`` with a key that does not resolve or a file that does not parse);
* 2: the command could not do its job: a usage error, a missing or
  unreadable PATH, a bad ``--env-file``, an internal error.  When some paths
  are fine and one is not, the good ones are still checked and reported,
  then the run exits 2: a CI step must not pass on a typo in a path.
* 130: interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace

from ._records import Record, replace
from ._version import __version__
from .analysis import Analysis, analyse, port_key_patterns
from .configdata import Location, base_files, directory_locations, file_location, profile_of
from .discovery import DiscoveryError, config_files
from .errors import FileAccessError
from .jvm import system_properties
from .masking import Masker
from .model import Problem, Severity

TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

PROG = "portconfig"


class CommandError(Exception):
    """A problem with the command itself: printed as one ``portconfig: ...`` line, exit 2."""


class Outcome(Record):
    """What a command found, for :func:`exit_code`."""

    __slots__ = ("problems", "strict", "failed", "unusable")
    problems: Sequence[Problem]
    strict: bool
    #: The command's own answer is not valid (an unusable port, an unresolvable key...).
    failed: bool
    #: Nothing, or not everything, could be checked: usage error, bad path.
    unusable: bool

    def __init__(self, problems: Sequence[Problem] = (), strict: bool = False, failed: bool = False,
                 unusable: bool = False) -> None:
        self.problems = problems
        self.strict = strict
        self.failed = failed
        self.unusable = unusable


def exit_code(outcome: Outcome) -> int:
    """The one place exit codes are decided (see the module docstring)."""
    if outcome.unusable:
        return 2
    if outcome.failed:
        return 1
    for problem in outcome.problems:
        if problem.severity is Severity.ERROR or (outcome.strict and problem.severity is Severity.WARNING):
            return 1
    return 0


# -- the parser ------------------------------------------------------------------

_EXAMPLES = {
    "check": """examples:
  portconfig check                                  # the Spring config files of this directory
  portconfig check src/main/resources --strict
  portconfig check src/main/resources/application-prod.yml   # with the base files beside it, profile prod
  portconfig check --profile prod,eu                # only these profiles (default: every profile)
  portconfig check --no-env --env-file .env.prod --format sarif > portconfig.sarif
  portconfig check --set server.port=9090 --show""",
    "show": """examples:
  portconfig show                                   # every resolved key, where it came from
  PORT=9090 portconfig show src/main/resources/application.yml
  portconfig show --profile prod                    # as with --spring.profiles.active=prod
  portconfig show --format env > resolved.env""",
    "explain": """examples:
  portconfig explain server.port                    # why is my port 9090?
  portconfig explain spring.datasource.url --env-file .env""",
    "port": """examples:
  exec gunicorn -b "0.0.0.0:$(portconfig port)" app:app
  portconfig port --env-file .env src/main/resources/application.yml""",
    "rules": """examples:
  portconfig rules
  portconfig rules port-privileged""",
    "fix": """examples:
  portconfig fix --diff                             # show what would change; exit 1 if anything would
  portconfig fix                                    # rewrite server.port=8080 as ${PORT:8080} here
  portconfig fix src/main/resources/application.yml config/application-prod.properties

exit status: 0 nothing to change or all rewritten, 1 --diff shows changes,
2 a file cannot be rewritten safely (the reason is printed; nothing is written to it)""",
}
_EXAMPLES["check"] += """
  portconfig check --bind --set server.address=127.0.0.1   # also: is the port free on this machine?
  portconfig check --port-key 'grpc.server.port' --port-key '*.port'   # more keys validated as ports"""


def _key_value(text: str) -> tuple[str, str]:
    key, equals, value = text.partition("=")
    if not equals or not key:
        import argparse  # (not at start-up: see quick_parse)

        # The value is not echoed: it may be a secret.
        raise argparse.ArgumentTypeError("expected KEY=VALUE, e.g. --set server.port=9090")
    return key, value


def _encoding(name: str) -> str:
    import argparse
    import codecs

    try:
        info = codecs.lookup(name)
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown encoding {name!r}; e.g. ISO-8859-1 or utf-8") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64...: bytes-to-bytes codecs
        raise argparse.ArgumentTypeError(f"{name!r} is not a text encoding; e.g. ISO-8859-1 or utf-8")
    return info.name


def _terminal_columns(fallback: int = 80) -> int:
    """``shutil.get_terminal_size().columns``: ``COLUMNS``, else the terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback


# -- options -----------------------------------------------------------------------
#
# Each command's arguments, as (group, flags, add_argument's keywords): the one description that
# build_parser gives argparse and that quick_parse reads for the everyday command lines.

Option = tuple[str | None, tuple[str, ...], dict]

_PATHS_HELP = "files or directories (default: .); - reads one file from standard input (see --stdin-name)"
_CONFIG_OPTIONS: list[Option] = [
    ("configuration", ("--env-file",), dict(action="append", default=[], metavar="FILE",
     help="add KEY=VALUE lines to the environment (repeatable; later files win)")),
    ("configuration", ("--no-env",), dict(action="store_true",
     help="start from an empty environment instead of the process's")),
    ("configuration", ("--set",), dict(action="append", default=[], type=_key_value, metavar="KEY=VALUE",
     help="override a property, like Spring's --server.port=9090 (repeatable)")),
    ("configuration", ("--allow-privileged",), dict(action="store_true", help="accept ports below 1024")),
    ("configuration", ("--encoding",), dict(type=_encoding, metavar="NAME",
     help="encoding of .properties files (default: ISO-8859-1, as Spring Boot)")),
    ("configuration", ("--lenient",), dict(action="store_true",
     help="keep unresolvable placeholders as text, as Spring Boot's binder does")),
    ("configuration", ("--profile",), dict(action="append", default=[], metavar="PROFILE",
     help="activate a Spring profile, like --spring.profiles.active (repeatable or "
     "comma-separated; check: only these profiles instead of every profile)")),
    ("configuration", ("--port-key",), dict(action="append", default=[], metavar="GLOB",
     help="validate this key as a port too (repeatable; globs such as '*.port'); "
     "server.port and management.server.port always are")),
    ("configuration", ("--filter-tokens",), dict(action="store_true",
     help="keep Maven resource-filter tokens (@project.version@) in YAML values as text "
     "instead of reporting the file as invalid YAML")),
    ("configuration", ("--stdin-name",), dict(metavar="NAME",
     help="with the path -, the name of the file read from standard input: its extension "
     "decides the format, a profile in it (application-prod.yml) applies, and messages "
     "show it (default: <stdin>, read as YAML when its first line that is not blank or "
     "a comment starts with - or has a ':' followed by a space or the line's end before "
     "any '=', else as .properties)")),
]
_SECRETS_OPTIONS: list[Option] = [
    (None, ("--show-secrets",), dict(action="store_true", help="do not mask passwords, tokens and other secrets")),
]
_COLOR_OPTIONS: list[Option] = [
    (None, ("--color",), dict(choices=("auto", "always", "never"), default="auto",
     help="colour the severity (auto: on a terminal, unless NO_COLOR is set)")),
]
_PATHS: Option = (None, ("paths",), dict(nargs="*", default=[], metavar="PATH", help=_PATHS_HELP))

#: name -> (help, arguments in the order argparse is given them)
COMMAND_SPECS: dict[str, tuple[str, list[Option]]] = {
    "check": ("Check Spring config files: placeholders, duplicates, encoding, server.port.", [
        *_CONFIG_OPTIONS, *_SECRETS_OPTIONS, *_COLOR_OPTIONS, _PATHS,
        (None, ("--format",), dict(choices=("auto", "text", "json", "github", "sarif"), default="auto",
         help="auto: github under GitHub Actions, else text")),
        (None, ("--strict",), dict(action="store_true",
         help="warnings fail the check; unresolvable placeholders are errors")),
        (None, ("--show",), dict(action="store_true", help="also print every resolved key (see 'show')")),
        (None, ("--bind",), dict(action="store_true",
         help="also bind each port on its address (server.address; all interfaces when unset) "
         "and close it at once: reports a port already in use, naming the process when /proc tells")),
    ]),
    "show": ("Print every resolved key, its value and where it came from (secrets masked).", [
        *_CONFIG_OPTIONS, *_SECRETS_OPTIONS, _PATHS,
        (None, ("--format",), dict(choices=("text", "json", "properties", "yaml", "env"), default="text")),
    ]),
    "explain": ("Show how one key got its value: each placeholder, the names tried, the source that answered.", [
        *_CONFIG_OPTIONS, *_SECRETS_OPTIONS,
        (None, ("key",), dict(metavar="KEY")),
        _PATHS,
    ]),
    "port": ("Print the validated server.port, and nothing else.", [*_CONFIG_OPTIONS, _PATHS]),
    "rules": ("List the check rules, or document one.", [(None, ("rule",), dict(nargs="?", metavar="RULE"))]),
    "fix": ("Rewrite a hard-coded server.port (8080) as ${PORT:8080}, changing nothing else in the file.", [
        *_SECRETS_OPTIONS,
        (None, ("paths",), dict(nargs="*", metavar="PATH",
         help="files, or directories whose Spring config files are fixed (default: .)")),
        (None, ("--diff",), dict(action="store_true",
         help="print a unified diff instead of writing; exit 1 when there are changes")),
    ]),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only`` (a command's name), the parser of that command alone.

    Building every command's parser costs a few milliseconds, as much as checking a small file:
    a run names its command first, so only that one is built.
    """
    import argparse

    class Formatter(argparse.RawDescriptionHelpFormatter):
        """argparse's formatter, sized as argparse sizes it but without importing shutil (~1.5 ms a start)."""

        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None) -> None:
            if width is None:
                width = _terminal_columns() - 2
            super().__init__(prog, indent_increment, max_help_position, width)

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Read Spring Boot configuration as Spring Boot does, resolve ${...} placeholders "
        "and validate server.port.",
        epilog="examples:\n  portconfig check\n  portconfig explain server.port\n  portconfig port",
        formatter_class=Formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help, options) in COMMAND_SPECS.items():
        if only is not None and name != only:
            continue
        subparser = commands.add_parser(name, help=help, description=help, epilog=_EXAMPLES[name],
                                        formatter_class=Formatter)
        groups: dict[str | None, object] = {None: subparser}
        for group, flags, settings in options:
            if group not in groups:
                groups[group] = subparser.add_argument_group(group)
            groups[group].add_argument(*flags, **settings)  # type: ignore[attr-defined]
        COMMAND_PARSERS[name] = subparser
    return parser


#: The commands quick_parse reads (rules and fix are argparse's alone).
_QUICK = ("check", "show", "explain", "port")


def quick_parse(argv: Sequence[str]) -> SimpleNamespace | None:
    """What :func:`parse` gives for an everyday command line, without importing argparse (~3 ms a start).

    Reads the command's own options as written in full (``--format json``, ``--format=json``), flags,
    and positionals anywhere, as :func:`parse` lets them mix.  Anything else (help, abbreviations,
    ``--``, a value that looks like an option, a bad value, a missing argument) gives None and
    argparse decides, with its messages; tests compare the two on a table of command lines.
    """
    if not argv or argv[0] not in _QUICK:
        return None
    command = argv[0]
    options: dict[str, tuple[str, dict]] = {}
    positionals: list[tuple[str, dict]] = []
    values: dict[str, object] = {}
    for _, flags, settings in COMMAND_SPECS[command][1]:
        if flags[0].startswith("-"):
            dest = flags[0][2:].replace("-", "_")
            options[flags[0]] = (dest, settings)
            default = settings.get("default", False if settings.get("action") == "store_true" else None)
            values[dest] = list(default) if isinstance(default, list) else default
        else:
            positionals.append((flags[0], settings))
    given: list[str] = []
    at = 1
    while at < len(argv):
        arg = argv[at]
        at += 1
        if not arg.startswith("-") or arg == "-":
            given.append(arg)
            continue
        name, equals, inline = arg.partition("=")
        known = options.get(name)
        if known is None:
            return None
        dest, settings = known
        if settings.get("action") == "store_true":
            if equals:
                return None
            values[dest] = True
            continue
        if equals:
            value: object = inline
        else:
            if at == len(argv) or (argv[at].startswith("-") and argv[at] != "-"):
                return None
            value = argv[at]
            at += 1
        convert = settings.get("type")
        if convert is not None:
            try:
                value = convert(value)
            except Exception:  # noqa: BLE001 - argparse reports it, with its wording
                return None
        if "choices" in settings and value not in settings["choices"]:
            return None
        if settings.get("action") == "append":
            values[dest].append(value)  # type: ignore[union-attr]
        else:
            values[dest] = value
    for dest, settings in positionals:
        if settings.get("nargs") == "*":
            values[dest], given = given, []
        elif not given:
            return None  # a required positional is missing: argparse says so
        else:
            values[dest] = given.pop(0)
    if given:
        return None
    return SimpleNamespace(command=command, **values)


# -- running ---------------------------------------------------------------------


class Output(Record):
    """What a command prints; written by :func:`main` only."""

    __slots__ = ("out", "err", "unreadable")
    out: list[str]
    err: list[str]
    #: Paths that could not be read, as problems: machine-readable formats carry them too.
    unreadable: list[Problem]

    def __init__(self, out: list[str] | None = None, err: list[str] | None = None,
                 unreadable: list[Problem] | None = None) -> None:
        self.out = [] if out is None else out
        self.err = [] if err is None else err
        self.unreadable = [] if unreadable is None else unreadable


def build_env(args: argparse.Namespace) -> dict[str, str]:
    """The process environment (or none with ``--no-env``), then each ``--env-file`` over it."""
    env: dict[str, str] = {} if args.no_env else dict(os.environ)
    if args.env_file:
        from .envfile import EnvFileError, read_env_file  # only when asked: it compiles its patterns at import
    for path in args.env_file:
        try:
            env.update(read_env_file(path))
        except EnvFileError as error:
            raise CommandError(f"--env-file {error}") from None
    return env


def plan(
    paths: Sequence[str], stdin: Location | None = None
) -> tuple[list[Location], list[str], list[DiscoveryError]]:
    """Where Spring Boot would look for ``paths`` (default: ``.``), the profiles the paths ask for, and bad paths.

    A directory means Spring Boot's standard locations in it.  Files named
    ``application*`` are read in the context of their directory: the base
    files beside them, with their profile-specific files.  A profile file
    named without its base file (pre-commit passes ``application-prod.yml``
    alone) asks for its profile.  Other files are read as named.  ``-`` is
    ``stdin`` (the file already read from standard input, see :func:`stdin_location`).
    """
    locations: list[Location] = []
    errors: list[DiscoveryError] = []
    folders: dict[str, list[str]] = {}  # directory -> profiles of the application* files named in it
    bases: set[str] = set()
    for path in paths or ["."]:
        if path == "-" and stdin is not None:
            locations.append(stdin)
        elif os.path.isdir(path):
            if not config_files(path, None):
                errors.append(DiscoveryError(
                    path,
                    "no Spring Boot configuration files (application.properties, application.yml, "
                    "application-<profile>.*) in it, its src/main/resources/ or config/",
                    "name the files to check",
                ))
                continue
            locations += directory_locations(path)
        elif not os.path.lexists(path):
            errors.append(DiscoveryError(path, "no such file or directory", "check the path"))
        elif os.path.isfile(path) and (profile_of(path) is not None or os.path.basename(path) in
                                       ("application.properties", "application.yml", "application.yaml")):
            folder = os.path.dirname(path)
            profile = profile_of(path)
            if profile is not None and not base_files(folder):
                locations.append(file_location(path))  # a profile file with no base beside it: read as named
                continue
            if folder not in folders:
                folders[folder] = []
                location = file_location(os.path.join(folder, "application.properties"))
                locations.append(Location((folder or ".",), classpath=location.classpath, root=location.root,
                                          names=(f"optional:file:{folder or '.'}/",)))
            if profile is None:
                bases.add(folder)
            elif profile not in folders[folder]:
                folders[folder].append(profile)
        else:
            locations.append(file_location(path))  # any other name, or something unreadable: read as named
    asked = [profile for folder, named in folders.items() if folder not in bases for profile in named]
    seen: set[str] = set()
    unique = []
    for location in locations:
        if location.data is not None:
            key = f"given:{location.file}"
        else:
            key = os.path.realpath(location.file) if location.file else repr([os.path.realpath(f) for f in location.folders])
        if key not in seen:
            seen.add(key)
            unique.append(location)
    return unique, asked, errors


STDIN_NAME = "<stdin>"


def stdin_location(paths: Sequence[str], name: str | None, stream=None) -> Location | None:
    """The file read from standard input when ``paths`` holds ``-``: read once, whatever the number of runs.

    ``name`` (``--stdin-name``) names it; its extension decides the format.  Without one it is
    ``<stdin>`` and :func:`portconfig.files.sniff_format` decides.
    """
    if "-" not in paths:
        return None
    if name is not None and not name.strip():
        raise CommandError("--stdin-name needs a file name, e.g. application.yml")
    stream = stream if stream is not None else sys.stdin
    if stream is None:  # started without one (pythonw, a closed descriptor)
        raise CommandError("- names standard input, but there is none to read")
    try:
        buffer = getattr(stream, "buffer", None)
        data = buffer.read() if buffer is not None else stream.read().encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as error:
        raise CommandError(f"cannot read standard input: {getattr(error, 'strerror', None) or error}") from None
    from .files import file_format, sniff_format

    if name is None:
        return Location(file=STDIN_NAME, root=".", names=("standard input",), data=data, format=sniff_format(data))
    return Location(file=name, root=".", names=(name,), data=data, format=file_format(name))


def _profiles(args: argparse.Namespace) -> list[str] | None:
    names = [name.strip() for item in args.profile for name in item.split(",") if name.strip()]
    return names or None


def prepare_runs(
    args: argparse.Namespace, output: Output, *, every_profile: bool
) -> tuple[list[tuple[str | None, Analysis]], bool]:
    """Plan and analyse: one run per profile to check (``every_profile``), else one run.

    Returns the labelled analyses and whether some path was unusable.
    """
    from .checks import profile_runs

    env = build_env(args)
    overrides = dict(args.set)
    stdin = stdin_location(args.paths, args.stdin_name)
    if args.stdin_name is not None and stdin is None:
        raise CommandError("--stdin-name names the file read from standard input: give - as a path")
    locations, asked, path_errors = plan(args.paths, stdin)
    output.err += [f"{PROG}: {error}" for error in path_errors]
    output.unreadable += [_unreadable(error.path, f"{error.reason}; {error.hint}") for error in path_errors]
    properties = system_properties(env)

    def run(profiles: Sequence[str] | None) -> Analysis:
        return analyse((), locations=locations, env=env, overrides=overrides, encoding=args.encoding,
                       lenient=args.lenient, system_properties=properties, allow_privileged=args.allow_privileged,
                       override_label="--set {}", profiles=profiles, filter_tokens=args.filter_tokens,
                       port_keys=port_key_patterns(args.port_key))

    profiles = _profiles(args)
    if profiles is not None:
        runs = [(None, run(profiles))]
    elif asked and not every_profile:  # show, port, explain: the named profiles together, as Spring would run
        runs = [(None, run(asked))]
    elif asked:  # check: each named profile on its own
        runs = [(f"profile {name}" if len(asked) > 1 else None, run([name])) for name in asked]
    elif every_profile:
        runs = profile_runs(run)
    else:
        runs = [(None, run(None))]
    reported: set[str] = set()
    unreadable = False
    for _, analysis in runs:
        for error in analysis.file_errors:
            if isinstance(error, FileAccessError):
                unreadable = True
                if str(error) not in reported:
                    reported.add(str(error))
                    output.err.append(f"{PROG}: {error}")
                    output.unreadable.append(_unreadable(error.file or "", error.describe()))
        analysis.file_errors = [error for error in analysis.file_errors if not isinstance(error, FileAccessError)]
    unusable = bool(path_errors or unreadable or not locations)
    return runs, unusable


def _unreadable(path: str, message: str) -> Problem:
    return Problem("unreadable-file", Severity.ERROR, message, file=path)


def prepare(args: argparse.Namespace, output: Output) -> tuple[Analysis, bool]:
    """Plan and analyse for the active profiles; returns the analysis and whether some path was unusable."""
    runs, unusable = prepare_runs(args, output, every_profile=False)
    analysis = runs[0][1]
    if not analysis.files and not analysis.file_errors and not unusable:
        raise CommandError(nothing_applies(analysis))
    return analysis, unusable


def nothing_applies(analysis: Analysis) -> str:
    """Why no file was read although the paths were fine: every file found is for other profiles."""
    active = ", ".join(analysis.config.accepted_profiles)
    named = analysis.config.named_profiles
    if not named:
        return f"no configuration file applies to the active profiles ({active})"
    return (f"no configuration file applies to the active profiles ({active}); the files found are for "
            f"{', '.join(named)}: choose one with --profile {named[0]}")


def repository_root(start: str = ".") -> str:
    """The enclosing git work tree (SARIF paths are relative to it, as code scanning expects), else ``start``."""
    directory = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return start
        directory = parent


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def cmd_check(args: argparse.Namespace, output: Output) -> Outcome:
    from . import reporters
    from .checks import Options, merge_runs, run_checks

    fmt = args.format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if args.show and fmt == "sarif":
        raise CommandError("--show cannot be combined with --format sarif (SARIF has no place for values)")
    runs, unusable = prepare_runs(args, output, every_profile=True)
    analysis = runs[0][1]
    if not any(run.files or run.file_errors for _, run in runs):
        if not unusable:
            raise CommandError(nothing_applies(analysis))
        if fmt == "text":  # stderr said why; a summary of nothing would only mislead
            return Outcome(unusable=True)
    masker = Masker(analysis, reveal=args.show_secrets)
    found = []
    for label, run in runs:
        run_masker = masker if run is analysis else Masker(run, reveal=args.show_secrets)
        options = Options(strict=args.strict, bind=args.bind)
        problems = [p for p in run_checks(run, options) if p.rule != "unreadable-file"]
        found.append((label, [replace(p, message=run_masker.scrub(p.message)) for p in problems]))
    problems = merge_runs(found)
    if fmt != "text":  # text already said it on stderr, once; JSON, SARIF and GitHub readers need it inline
        problems = sorted(problems + output.unreadable, key=Problem.sort_key)
    files = {source.path for _, run in runs for source in run.files}
    files |= {error.file or "" for _, run in runs for error in run.file_errors}
    sarif = fmt == "sarif"  # only SARIF carries the rule table and repository-relative paths
    context = reporters.Context(
        files=len(files),
        color=_use_color(args.color, sys.stdout),
        rules=_rule_table() if sarif else [],
        version=__version__,
        root=repository_root() if sarif else ".",
    )
    rows = None
    if args.show:
        from .preview import rows as build_rows

        rows = build_rows(analysis, masker)
    if fmt == "json":
        extra = {"properties": reporters.show_json_rows(rows)} if rows is not None else None
        output.out.append(reporters.json_report(problems, context, extra))
    else:
        if rows is not None:
            output.out.append(reporters.show_text(rows) + "\n")
        output.out.append(reporters.PROBLEM_FORMATS[fmt](problems, context))
    return Outcome(problems, strict=args.strict, unusable=unusable)


def _rule_table() -> list:
    from .checks import RULES

    return [(rule.id, rule.severity, rule.summary, rule.documentation) for rule in RULES.values()]


def prepare_values(
    args: argparse.Namespace, output: Output, *, reveal: bool, report_files: bool = True
) -> tuple[Analysis, Masker, bool] | None:
    """What show, explain and port start with: the analysis of the active profiles, its masker, and
    whether a path was unusable; None when nothing could be read (stderr already says why)."""
    analysis, unusable = prepare(args, output)
    if not analysis.files and not analysis.file_errors:
        return None
    masker = Masker(analysis, reveal=reveal)
    if report_files:
        output.err += [f"{PROG}: {masker.scrub(str(error))}" for error in analysis.file_errors]
    return analysis, masker, unusable


def cmd_show(args: argparse.Namespace, output: Output) -> Outcome:
    from . import reporters
    from .preview import rows as build_rows

    prepared = prepare_values(args, output, reveal=args.show_secrets)
    if prepared is None:
        return Outcome(unusable=True)
    analysis, masker, unusable = prepared
    rows = build_rows(analysis, masker)
    output.out.append(reporters.SHOW_FORMATS[args.format](rows))
    masked = sum(1 for row in rows if row.value is not None and "******" in row.value)
    if masked and args.format != "text" and not args.show_secrets:
        # Written to a file (show --format env > .env), a mask would pass for a value.
        output.err.append(f"{PROG}: {masked} value{'s' if masked > 1 else ''} masked as ******; "
                          "--show-secrets writes them as they are")
    failed = bool(analysis.file_errors) or any(row.value is None for row in rows)
    return Outcome(failed=failed, unusable=unusable)


def cmd_explain(args: argparse.Namespace, output: Output) -> Outcome:
    from .config import explain
    from .preview import render_explanation

    prepared = prepare_values(args, output, reveal=args.show_secrets)
    if prepared is None:
        return Outcome(unusable=True)
    analysis, masker, unusable = prepared
    key = args.key
    if key not in analysis.values and key not in analysis.errors and analysis.sources.find(key) is None:
        import difflib

        where = ", ".join(source.path for source in analysis.files) or "the files"
        message = f"{PROG}: {key} is not set in {where}, the environment or an override"
        close = difflib.get_close_matches(key, analysis.keys, n=3, cutoff=0.6)
        if close:
            message += f"; did you mean {' or '.join(close)}?"
        output.err.append(message)
        return Outcome(failed=True, unusable=unusable)
    explanation = explain(analysis, key)
    output.out.append(render_explanation(explanation, analysis, masker) + "\n")
    return Outcome(failed=explanation.value is None or explanation.error is not None, unusable=unusable)


def cmd_port(args: argparse.Namespace, output: Output) -> Outcome:
    # The port number itself is the answer asked for; the reasons are masked.
    prepared = prepare_values(args, output, reveal=False, report_files=False)
    if prepared is None:
        return Outcome(unusable=True)
    analysis, masker, unusable = prepared
    result = analysis.ports.get("server.port")
    reasons = [*analysis.file_errors]
    if "server.port" in analysis.errors:
        reasons.append(analysis.errors["server.port"])
    if result is not None and result.error is not None:
        reasons.append(result.error)
    if reasons or result is None or result.port is None:
        output.err += [f"{PROG}: {masker.scrub(str(reason))}" for reason in reasons]
        return Outcome(failed=True, unusable=unusable)
    output.out.append(f"{result.port}\n")
    return Outcome(unusable=unusable)


def cmd_rules(args: argparse.Namespace, output: Output) -> Outcome:
    from .checks import RULES

    if args.rule is not None:
        rule = RULES.get(args.rule)
        if rule is None:
            raise CommandError(f"no such rule: {args.rule}; 'portconfig rules' lists them")
        output.out.append(f"{rule.id} ({rule.severity.value})\n\n{rule.documentation}\n")
        return Outcome()
    width = max(len(rule_id) for rule_id in RULES)
    for rule in RULES.values():
        output.out.append(f"{rule.id.ljust(width)}  {rule.severity.value.ljust(7)}  {rule.summary}\n")
    return Outcome()


def cmd_fix(args: argparse.Namespace, output: Output) -> Outcome:
    from .fixcli import run_fix

    return run_fix(args.paths, diff=args.diff, reveal=args.show_secrets, output=output)


COMMANDS = {
    "check": cmd_check, "show": cmd_show, "explain": cmd_explain, "port": cmd_port, "rules": cmd_rules, "fix": cmd_fix,
}


#: Each command's own parser, filled by build_parser().
COMMAND_PARSERS: dict[str, argparse.ArgumentParser] = {}


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``, letting options and paths mix (``explain KEY --no-env PATH``).

    argparse stops a ``nargs='*'`` positional at the first option; a command's
    own parser can re-read its arguments intermixed (the top-level parser,
    having sub-commands, cannot).
    """
    import argparse

    argv = list(sys.argv[1:] if argv is None else argv)
    args, extras = parser.parse_known_args(argv)
    if extras and args.command is not None:
        rest = argv[argv.index(args.command) + 1 :]
        args = COMMAND_PARSERS[args.command].parse_intermixed_args(rest, argparse.Namespace(command=args.command))
    elif extras:
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def run(argv: Sequence[str] | None, output: Output) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = quick_parse(argv)
    if args is None:
        parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
        args = parse(parser, argv)
        if args.command is None:
            parser.print_usage(sys.stderr)
            output.err.append(f"{PROG}: choose a command: check, show, explain, port, rules or fix (see --help)")
            return exit_code(Outcome(unusable=True))
    try:
        outcome = COMMANDS[args.command](args, output)
    except CommandError as error:
        output.err.append(f"{PROG}: {error}")
        outcome = Outcome(unusable=True)
    return exit_code(outcome)


def _write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # a terminal that cannot show a character must not crash the run
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    output = Output()
    try:
        try:
            code = run(argv, output)
        except SystemExit as exit:  # argparse: --help, --version, usage errors
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 2)
        _write(sys.stdout, "".join(output.out))
        if output.err:
            _write(sys.stderr, "\n".join(output.err) + "\n")
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (portconfig show | head): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 1
    except Exception as error:  # noqa: BLE001 - the one place that turns a bug into a one-line report
        if os.environ.get("PORTCONFIG_DEBUG"):
            import traceback

            traceback.print_exc()
        message = str(error).splitlines()[0] if str(error) else ""
        sys.stderr.write(
            f"{PROG}: internal error: {type(error).__name__}: {message} (set PORTCONFIG_DEBUG=1 for the traceback)\n"
        )
        return 2


def entry() -> None:
    """The ``portconfig`` script and ``python -m portconfig``: :func:`main`, then exit at once.

    Everything is written and flushed by then; the interpreter's teardown (freeing every module,
    ~6 ms, a sixth of a whole check) would only delay the exit code.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed or gone: nothing more can be written anyway
            pass
    os._exit(code)

