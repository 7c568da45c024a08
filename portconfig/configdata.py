"""Spring Boot's config data: which documents of which files apply, in which order (spring-semantics.md §3.3).

Input: :class:`Location` objects (a project directory's standard locations, or
files named directly) and the run's environment.  Output: a :class:`ConfigData`
whose ``documents`` are the active documents, lowest precedence first, ready
for :class:`~portconfig.propertysources.PropertySources`.  Boot's processing,
step by step:

1. the base files (``application.{yml,yaml,properties}``; ``.properties`` beats
   YAML in one place) and their imports, without profiles: documents with
   ``spring.config.activate.on-profile`` are inactive;
2. the active profiles: the caller's, else ``spring.profiles.active`` from the
   highest source (overrides, environment, files); ``spring.profiles.include``
   (from every source) comes first; ``spring.profiles.group.<name>`` expands
   them; with none active, ``spring.profiles.default`` (``default``) is accepted;
3. everything again with those profiles: on-profile documents that match, the
   profile-specific files ``application-{profile}.*`` of each location group
   (after its base files; the last profile wins), imports of newly active
   documents.  An import is inserted just after the importing document, so it
   overrides it; each file is imported once.

Misuse Boot rejects becomes a :class:`~portconfig.errors.ConfigDataError` with
Boot's own wording; imports portconfig cannot follow (``configserver:``...)
become notes.  Placeholders in ``spring.config.import`` and the profile
properties are resolved leniently, as Boot does.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from itertools import compress
from operator import attrgetter, methodcaller

from ._records import FrozenRecord, Record, replace
from . import profiles as prof
from .errors import ConfigDataError, SourceError
from .files import parse_bytes, read_file
from .model import Document, Entry, Found, Origin, SourceFile
from .propertysources import PropertySources
from .resolver import Resolver

STEM = "application"
#: Extensions in one place, lowest precedence first: ``.properties`` beats YAML.
EXTENSIONS = (".yml", ".yaml", ".properties")
ON_PROFILE = "spring.config.activate.on-profile"
ON_CLOUD_PLATFORM = "spring.config.activate.on-cloud-platform"
IMPORT = "spring.config.import"
#: Keys only non-profile-specific documents may hold (Boot's InvalidConfigDataPropertyException).
PROFILE_KEYS = ("spring.profiles.active", "spring.profiles.default", "spring.profiles.include", "spring.profiles.group")
_INDEX = re.compile(r"\[\d+\]$")
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")

_set = object.__setattr__


class Location(FrozenRecord):
    """Where config data is looked for.

    ``folders``: directories searched for ``application.*`` and
    ``application-{profile}.*`` (one location group: profile-specific files of
    the group override all its base files); ``file``: one file named directly
    (Boot's ``spring.config.location=file:...``), expanded to
    ``<name>-{profile}<ext>`` beside it.  ``classpath`` is the directory
    ``classpath:`` imports resolve against; ``root`` the one ``file:`` imports do.
    """

    __slots__ = ("folders", "file", "classpath", "root", "names", "data", "format")
    _hidden = ("data",)
    _uncompared = ("data",)
    folders: tuple[str, ...]
    file: str | None
    classpath: str | None
    root: str
    #: Boot's name for the location, used in its messages (``optional:classpath:/``).
    names: tuple[str, ...]
    #: The file's content, already read (standard input): ``file`` then only names it, nothing is read
    #: from disk for it and no ``<name>-{profile}`` files are looked for beside it.
    data: bytes | None
    #: ``"yaml"`` or ``"properties"`` when the name does not decide the format (standard input).
    format: str | None

    def __init__(self, folders: tuple[str, ...] = (), file: str | None = None, classpath: str | None = None,
                 root: str = ".", names: tuple[str, ...] = (), data: bytes | None = None,
                 format: str | None = None) -> None:
        _set(self, "folders", folders)
        _set(self, "file", file)
        _set(self, "classpath", classpath)
        _set(self, "root", root)
        _set(self, "names", names)
        _set(self, "data", data)
        _set(self, "format", format)


class ConfigDocument(FrozenRecord):
    """One document of a config file, with what Boot knows about it."""

    __slots__ = ("source", "document", "position", "profile", "on_profile", "resource", "location", "imported_from")
    source: SourceFile
    document: Document
    position: int  # 0-based among the file's documents
    #: The profile of a profile-specific file (``application-prod.yml``), else None.
    profile: str | None
    on_profile: tuple[str, ...] | None
    #: Boot's resource description: ``class path resource [application.yml]`` or ``file [path]``.
    resource: str
    #: Boot's location the resource was found through (``optional:classpath:/``, an import value).
    location: str
    imported_from: Origin | None

    def __init__(self, source: SourceFile, document: Document, position: int, profile: str | None = None,
                 on_profile: tuple[str, ...] | None = None, resource: str = "", location: str = "",
                 imported_from: Origin | None = None) -> None:
        _set(self, "source", source)
        _set(self, "document", document)
        _set(self, "position", position)
        _set(self, "profile", profile)
        _set(self, "on_profile", on_profile)
        _set(self, "resource", resource)
        _set(self, "location", location)
        _set(self, "imported_from", imported_from)

    @property
    def label(self) -> str:
        """``application.yml, document 2 (on-profile: prod)`` (the document part only for multi-document files)."""
        text = self.source.path
        if len(self.source.documents) > 1:
            text += f", document {self.position + 1}"
        if self.on_profile:
            text += f" (on-profile: {', '.join(self.on_profile)})"
        return text

    @property
    def source_name(self) -> str:
        """Boot's property source name: ``Config resource '...' via location '...' (document #N)``."""
        name = f"Config resource '{self.resource}' via location '{self.location}'"
        if len(self.source.documents) > 1:
            name += f" (document #{self.position})"
        return name


class ConfigData(Record):
    __slots__ = (
        "files", "file_errors", "documents", "problems", "active_profiles", "default_profiles", "named_profiles",
    )
    files: list[SourceFile]
    file_errors: list[SourceError]
    documents: list[ConfigDocument]
    problems: list[ConfigDataError]
    active_profiles: list[str]
    default_profiles: list[str]
    #: Every profile named by a profile-specific file or an on-profile document seen (for lint across profiles).
    named_profiles: list[str]

    def __init__(self, files: list[SourceFile] | None = None, file_errors: list[SourceError] | None = None,
                 documents: list[ConfigDocument] | None = None, problems: list[ConfigDataError] | None = None,
                 active_profiles: list[str] | None = None, default_profiles: list[str] | None = None,
                 named_profiles: list[str] | None = None) -> None:
        self.files = [] if files is None else files
        self.file_errors = [] if file_errors is None else file_errors
        self.documents = [] if documents is None else documents
        self.problems = [] if problems is None else problems
        self.active_profiles = [] if active_profiles is None else active_profiles
        self.default_profiles = ["default"] if default_profiles is None else default_profiles
        self.named_profiles = [] if named_profiles is None else named_profiles

    @property
    def accepted_profiles(self) -> list[str]:
        return self.active_profiles or self.default_profiles

    def active_files(self) -> list[SourceFile]:
        """The active documents as file views, in precedence order (lowest first)."""
        return [replace(doc.source, documents=(doc.document,)) for doc in self.documents]

    def labels(self) -> dict[Origin, str]:
        """For every entry of a document worth naming (multi-document, on-profile or imported), its label."""
        out: dict[Origin, str] = {}
        for doc in self.documents:
            if len(doc.source.documents) > 1 or doc.on_profile:
                label = doc.label
                for entry in doc.document.entries:
                    out[entry.origin] = label
        return out


def profile_of(path: str, stem: str = STEM) -> str | None:
    """``prod`` for ``.../application-prod.yml``, None otherwise."""
    name = os.path.basename(path)
    base, ext = os.path.splitext(name)
    if ext.lower() not in EXTENSIONS or not base.startswith(stem + "-") or len(base) <= len(stem) + 1:
        return None
    return base[len(stem) + 1 :]


def _ordered(folder: str, stem: str) -> list[str]:
    found = []
    for ext in EXTENSIONS:
        path = os.path.join(folder, stem + ext) if folder not in ("", ".") else stem + ext
        if os.path.isfile(path):
            found.append(path)
    return found


class _Loader:
    def __init__(
        self,
        locations: Sequence[Location],
        *,
        env: Mapping[str, str],
        overrides: Mapping[str, str] | None,
        system_properties: Mapping[str, str] | None,
        encoding: str | None,
        filter_tokens: bool,
    ) -> None:
        self.locations = locations
        self.env = env
        self.overrides = overrides
        self.system_properties = system_properties
        self.encoding = encoding
        self.filter_tokens = filter_tokens
        self.data = ConfigData()
        self._cache: dict[str, SourceFile | None] = {}
        #: Files whose content was given (standard input): path -> (bytes, format).
        self._given = {
            loc.file: (loc.data, loc.format) for loc in locations if loc.file is not None and loc.data is not None
        }
        self._problem_keys: set[tuple] = set()
        self._checked: set[tuple[str, int]] = set()
        #: id(document) -> (document, its entries under "spring."): see _spring.
        self._spring_entries: dict[int, tuple[Document, list[Entry]]] = {}

    # -- reading ------------------------------------------------------------------

    def read(self, path: str, fmt: str | None = None) -> SourceFile | None:
        given = self._given.get(path)
        key = f"given:{path}" if given is not None else os.path.realpath(path)
        if key not in self._cache:
            try:
                if given is not None:
                    source = parse_bytes(given[0], path, encoding=self.encoding, filter_tokens=self.filter_tokens,
                                         format=fmt or given[1])
                else:
                    source = read_file(path, encoding=self.encoding, filter_tokens=self.filter_tokens, format=fmt)
                self.data.files.append(source)
            except SourceError as error:
                self.data.file_errors.append(error)
                source = None
            self._cache[key] = source
        return self._cache[key]

    def problem(self, error: ConfigDataError) -> None:
        key = (error.rule, error.reason, error.file, error.line, error.column)
        if key not in self._problem_keys:
            self._problem_keys.add(key)
            self.data.problems.append(error)

    def name_profile(self, name: str) -> None:
        if name not in self.data.named_profiles:
            self.data.named_profiles.append(name)

    # -- building the document list -------------------------------------------------

    def build(self, accepted: Sequence[str] | None) -> list[ConfigDocument]:
        out: list[ConfigDocument] = []
        loaded: set[str] = set()
        for location in self.locations:
            bases: list[tuple[str, str]] = []  # (path, location name)
            specific: list[tuple[str, str, str]] = []  # (path, profile, location name)
            if location.file is not None:
                bases.append((location.file, location.names[0] if location.names else location.file))
                stem, ext = os.path.splitext(location.file)
                folder = os.path.dirname(location.file)
                for profile in accepted or () if location.data is None else ():
                    if os.path.basename(stem) == STEM:  # application.yml: every extension, .properties last
                        candidates = _ordered(folder, f"{STEM}-{profile}")
                    else:  # Boot expands other files named directly to <name>-<profile><ext>
                        candidates = [f"{stem}-{profile}{ext}"] if os.path.isfile(f"{stem}-{profile}{ext}") else []
                    specific += [(candidate, profile, location.file) for candidate in candidates]
            else:
                names = location.names or location.folders
                for folder, name in zip(location.folders, names):
                    bases += [(path, name) for path in _ordered(folder, STEM)]
                    self._note_profile_files(folder)
                for profile in accepted or ():
                    for folder, name in zip(location.folders, names):
                        specific += [(path, profile, name) for path in _ordered(folder, f"{STEM}-{profile}")]
            for path, name in bases:
                explicit_profile = profile_of(path) if location.file is not None else None
                self._add_file(out, loaded, path, location, name, explicit_profile, accepted, None, ())
            for path, profile, name in specific:
                self._add_file(out, loaded, path, location, name, profile, accepted, None, ())
        return out

    def _note_profile_files(self, folder: str) -> None:
        try:
            names = sorted(entry.name for entry in os.scandir(folder or ".") if entry.is_file())
        except OSError:
            return
        for name in names:
            profile = profile_of(name)
            if profile is not None:
                self.name_profile(profile)

    def _resource(self, path: str, location: Location) -> str:
        if location.classpath is not None:
            root = os.path.abspath(location.classpath)
            absolute = os.path.abspath(path)
            if absolute.startswith(root + os.sep):
                return f"class path resource [{os.path.relpath(absolute, root).replace(os.sep, '/')}]"
        return f"file [{path}]"

    def _add_file(
        self,
        out: list[ConfigDocument],
        loaded: set[str],
        path: str,
        location: Location,
        location_name: str,
        profile: str | None,
        accepted: Sequence[str] | None,
        imported_from: Origin | None,
        chain: tuple[str, ...],
        fmt: str | None = None,
    ) -> None:
        real = f"given:{path}" if path in self._given else os.path.realpath(path)
        if real in loaded:
            return
        loaded.add(real)
        source = self.read(path, fmt)
        if source is None:
            return
        if profile is not None:
            self.name_profile(profile)
        for position, document in enumerate(source.documents):
            doc = ConfigDocument(
                source,
                document,
                position,
                profile,
                self._on_profile(document),
                self._resource(path, location),
                location_name,
                imported_from,
            )
            self._check(doc)
            if not self._active(doc, accepted):
                continue
            out.append(doc)
            self._imports(out, loaded, doc, location, accepted, (*chain, real))

    # -- activation ------------------------------------------------------------------

    def _spring(self, document: Document) -> list[Entry]:
        """The document's entries whose key starts with ``spring.``: every key config data reads does.

        Activation, imports, profiles and the misuse checks each look at a document, for each build;
        on a large file they look through this short list, found in one pass per document.
        """
        cached = self._spring_entries.get(id(document))
        if cached is None:
            entries = document.entries
            # map and compress loop in C: this runs once over every key of the files.
            spring = map(methodcaller("startswith", "spring."), map(attrgetter("key"), entries))
            cached = self._spring_entries[id(document)] = (document, list(compress(entries, spring)))
        return cached[1]

    def _on_profile(self, document: Document) -> tuple[str, ...] | None:
        values = []
        for entry in self._spring(document):
            if entry.key == ON_PROFILE or (entry.key.startswith(ON_PROFILE + "[") and _INDEX.search(entry.key)):
                values.append(entry)
        if not values:
            return None
        expressions: list[str] = []
        for entry in values:
            expressions += [item.strip() for item in entry.value.split(",")] if "," in entry.value else [entry.value]
        return tuple(expressions)

    def _active(self, doc: ConfigDocument, accepted: Sequence[str] | None) -> bool:
        if any(entry.key == ON_CLOUD_PLATFORM for entry in self._spring(doc.document)):
            return False  # no cloud platform where portconfig runs
        if doc.on_profile is None:
            return True
        if accepted is None:
            return False
        try:
            return prof.matches(doc.on_profile, accepted)
        except prof.ProfileError:
            return False

    # -- misuse Boot rejects ---------------------------------------------------------

    def _check(self, doc: ConfigDocument) -> None:
        key = (doc.source.path if doc.source.path in self._given else os.path.realpath(doc.source.path), doc.position)
        if key in self._checked:
            return
        self._checked.add(key)
        entries = self._spring(doc.document)  # the keys below all start with "spring."
        if doc.on_profile is not None:
            origin = next(entry.origin for entry in entries if entry.key.startswith(ON_PROFILE))
            for expression in doc.on_profile:
                for name in prof.names_in(expression):
                    self.name_profile(name)
                try:
                    prof.parse_expression(expression)
                except prof.ProfileError as error:
                    self._error("malformed-profile-expression", str(error), origin, ON_PROFILE,
                                "use parentheses to mix & and | (prod & (eu | us)); a list means any of them")
        for entry in entries:
            base = _INDEX.sub("", entry.key)
            if base == "spring.profiles":
                self._error(
                    "legacy-profile-key",
                    f"Property 'spring.profiles' imported from location '{doc.resource}' is invalid and should "
                    "be replaced with 'spring.config.activate.on-profile'",
                    entry.origin, entry.key,
                    f"write spring.config.activate.on-profile: {entry.value} (Spring Boot 2.4+ fails to start)",
                )
                continue
            name = next((k for k in PROFILE_KEYS if base == k or base.startswith(k + ".")), None)
            if name is None:
                continue
            if doc.profile is not None:
                self._error(
                    "invalid-profile-property",
                    f"Property '{base}' imported from location '{doc.resource}' is invalid in a profile "
                    "specific resource",
                    entry.origin, entry.key,
                    "set it in the base file or the environment; to switch on more profiles with one, "
                    "use spring.profiles.group.<name> in the base file",
                )
            elif doc.on_profile is not None and name in ("spring.profiles.active", "spring.profiles.include"):
                self._error(
                    "invalid-profile-property",
                    f"Inactive property source '{doc.source_name}' imported from location '{doc.resource}' "
                    f"cannot contain property '{base}'",
                    entry.origin, entry.key,
                    "move it to a document without spring.config.activate.on-profile, "
                    "or use spring.profiles.group.<name>",
                )

    def _error(self, rule: str, reason: str, origin: Origin | None, key: str | None, hint: str | None,
               severity: str = "error") -> None:
        file = line = column = None
        if origin is not None and origin.kind.value == "file":
            file, line, column = origin.name, origin.line, origin.column
        self.problem(ConfigDataError(reason, rule=rule, severity=severity, file=file, line=line, column=column,
                                     key=key, hint=hint))

    # -- imports ---------------------------------------------------------------------

    def _sources(self, documents: Sequence[ConfigDocument]) -> PropertySources:
        files = [replace(doc.source, documents=(doc.document,)) for doc in documents]
        return PropertySources(files, self.env, self.overrides, system_properties=self.system_properties)

    def _lenient(self, sources: PropertySources, entry: Entry) -> str:
        try:
            return Resolver(sources.find, lenient=True).resolve(entry.value, key=entry.key, origin=entry.origin)
        except Exception:  # noqa: BLE001 - a cycle in an import value: Boot fails later, the value checks say why
            return entry.value

    def _imports(
        self,
        out: list[ConfigDocument],
        loaded: set[str],
        doc: ConfigDocument,
        location: Location,
        accepted: Sequence[str] | None,
        chain: tuple[str, ...],
    ) -> None:
        entries = [e for e in self._spring(doc.document) if e.key == IMPORT or (e.key.startswith(IMPORT + "[") and _INDEX.search(e.key))]
        if not entries:
            return
        sources = self._sources(out)
        for entry in entries:
            for value in self._lenient(sources, entry).split(","):
                value = value.strip()
                if value:
                    self._import(out, loaded, doc, location, accepted, chain, entry, value)

    def _import(
        self,
        out: list[ConfigDocument],
        loaded: set[str],
        doc: ConfigDocument,
        location: Location,
        accepted: Sequence[str] | None,
        chain: tuple[str, ...],
        entry: Entry,
        value: str,
    ) -> None:
        rest = value
        optional = rest.startswith("optional:")
        if optional:
            rest = rest[len("optional:") :]
        fmt = None
        hint = re.search(r"\[(\.[A-Za-z0-9]+)\]$", rest)
        if hint is not None:
            rest = rest[: hint.start()]
            fmt = "yaml" if hint.group(1).lower() in (".yml", ".yaml") else "properties"
        importing_dir = os.path.dirname(doc.source.path)
        if rest.startswith("classpath:") or rest.startswith("classpath*:"):
            relative = rest.split(":", 1)[1].lstrip("/")
            target = os.path.join(location.classpath or importing_dir, relative)
        elif rest.startswith("file:"):
            relative = rest[len("file:") :]
            target = relative if os.path.isabs(relative) else os.path.join(location.root, relative)
        elif (_PREFIX.match(rest) and not re.match(r"^[A-Za-z]:[\\/]", rest)) or re.fullmatch(r"[A-Za-z][\w-]*", rest):
            # configserver:..., nacos:..., or a bare word a custom ConfigDataLocationResolver handles (polaris)
            self._error(
                "import-not-followed",
                f"values may come from {value}; not checked",
                entry.origin, entry.key,
                "portconfig follows only file and classpath imports; check that source separately",
                severity="note",
            )
            return
        else:
            target = rest if os.path.isabs(rest) else os.path.join(importing_dir, rest)
        target = os.path.normpath(target) if target else target
        nested = replace(location, file=None, folders=(), data=None, format=None)
        if rest.endswith(("/", os.sep)):
            if not os.path.isdir(target):
                if not optional:
                    self._not_found(entry, value, f"file [{target}{os.sep}]")
                return
            for path in _ordered(target, STEM) + [
                p for profile in accepted or () for p in _ordered(target, f"{STEM}-{profile}")
            ]:
                self._add_file(out, loaded, path, nested, value, profile_of(path), accepted, entry.origin, chain)
            return
        ext = os.path.splitext(target)[1].lower()
        if fmt is None and ext not in EXTENSIONS:
            self._error(
                "invalid-import",
                f"Unable to load config data from '{value}': File extension is not known to any "
                "PropertySourceLoader. If the location is meant to reference a directory, it must end in '/' "
                "or File.separator",
                entry.origin, entry.key,
                "name a .properties, .yml or .yaml file, add an extension hint such as [.yaml], "
                "or end a directory with /",
            )
            return
        resource = self._resource(target, location)
        real = os.path.realpath(target)
        if real in chain:
            cycle = " -> ".join([*(os.path.relpath(p) for p in chain), os.path.relpath(real)])
            self._error(
                "import-cycle",
                f"{value} is already being imported ({cycle}): Spring Boot imports each resource once, "
                "so this import does nothing",
                entry.origin, entry.key,
                "remove the import that closes the cycle",
                severity="warning",
            )
            return
        if not os.path.isfile(target):
            if not optional:
                self._not_found(entry, value, resource)
            return
        self._add_file(out, loaded, target, nested, value, None, accepted, entry.origin, chain, fmt)

    def _not_found(self, entry: Entry, value: str, resource: str) -> None:
        self._error(
            "import-not-found",
            f"Config data resource '{resource}' via location '{value}' does not exist",
            entry.origin, entry.key,
            f"check that the value '{value}' is correct, or prefix it with 'optional:'",
        )

    # -- profiles --------------------------------------------------------------------

    def profiles(self, documents: Sequence[ConfigDocument], caller: Sequence[str] | None) -> None:
        sources = self._sources(documents)
        data = self.data
        validate = self._value(sources, "spring.profiles.validate")
        check = validate is None or validate[0].strip().lower() != "false"
        groups: dict[str, list[str]] = {}
        names = {
            _INDEX.sub("", entry.key)[len("spring.profiles.group.") :]
            for doc in documents
            for entry in self._spring(doc.document)
            if entry.key.startswith("spring.profiles.group.")
        }
        for name in sorted(names):
            found = self._list(sources, f"spring.profiles.group.{name}")
            if found is not None:
                groups[name] = self._validated(found, check)
        includes: list[str] = []
        for found in [self._list(self._sources([]), "spring.profiles.include")] + [
            self._list(self._sources([doc]), "spring.profiles.include", files_only=True) for doc in documents
        ]:
            if found is not None:
                includes += self._validated(found, check)
        if caller is not None:
            active = [name for item in caller for name in prof.split(item)]
            for name in active:
                message = prof.validate_name(name) if check else None
                if message is not None:
                    self.problem(ConfigDataError(message, rule="invalid-profile-name", key="spring.profiles.active",
                                                 hint="profiles asked for by the caller (--profile)"))
        else:
            found = self._list(sources, "spring.profiles.active")
            active = self._validated(found, check) if found is not None else []
        default_found = self._list(sources, "spring.profiles.default")
        default = self._validated(default_found, check) if default_found is not None else ["default"]
        data.active_profiles = prof.expand(prof.unique(includes, active), groups)
        data.default_profiles = prof.expand(default, groups)

    def _value(self, sources: PropertySources, name: str) -> tuple[str, Origin] | None:
        found = sources.find(name)
        if found is None:
            return None
        entry = Entry(name, found.value, found.origin)
        return self._lenient(sources, entry), found.origin

    def _list(self, sources: PropertySources, name: str, *, files_only: bool = False) -> list[tuple[str, Found]] | None:
        """A comma-separated or indexed list property: its items with where each is written."""
        find = sources.find_file if files_only else sources.find
        found = find(name)
        if found is not None:
            value = self._lenient(sources, Entry(name, found.value, found.origin))
            return [(item, found) for item in prof.split(value)]
        items: list[tuple[str, Found]] = []
        index = 0
        while True:
            found = find(f"{name}[{index}]")
            if found is None:
                break
            value = self._lenient(sources, Entry(name, found.value, found.origin))
            items += [(item, found) for item in prof.split(value)]
            index += 1
        return items if index else None

    def _validated(self, items: list[tuple[str, Found]], check: bool) -> list[str]:
        out = []
        for name, found in items:
            message = prof.validate_name(name) if check else None
            if message is not None:
                self._error("invalid-profile-name", message, found.origin, found.name,
                            "profile names hold letters, digits and - _ . + @, and start and end with a letter "
                            "or digit (an unresolved ${...} is not a name)")
                continue
            out.append(name)
        return out


def load(
    locations: Sequence[Location],
    *,
    profiles: Sequence[str] | None = None,
    env: Mapping[str, str],
    overrides: Mapping[str, str] | None = None,
    system_properties: Mapping[str, str] | None = None,
    encoding: str | None = None,
    filter_tokens: bool = False,
) -> ConfigData:
    """Boot's config data processing for ``locations`` (see the module docstring)."""
    loader = _Loader(
        locations,
        env=env,
        overrides=overrides,
        system_properties=system_properties,
        encoding=encoding,
        filter_tokens=filter_tokens,
    )
    try:
        initial = loader.build(None)
        loader.profiles(initial, profiles)
        loader.data.documents = loader.build(loader.data.accepted_profiles)
    finally:
        # What the .properties parse kept for the chains is theirs by now; the rest is not kept longer.
        properties = sys.modules.get(__package__ + ".properties")
        for document in (document for source in loader.data.files for document in source.documents):
            if properties is not None:
                properties.take_by_key(document)
    return loader.data


# -- where to look ---------------------------------------------------------------------

#: A project directory's locations, lowest precedence first, as Boot's two default groups.
_CLASSPATH = ((os.path.join("src", "main", "resources"), "optional:classpath:/"),
              (os.path.join("src", "main", "resources", "config"), "optional:classpath:/config/"))
_FILE = (("", "optional:file:./"), ("config", "optional:file:./config/"))


def directory_locations(directory: str) -> list[Location]:
    """The two location groups Spring Boot searches when the application runs from ``directory``."""

    def join(sub: str) -> str:
        if directory in ("", "."):
            return sub or "."
        return os.path.join(directory, sub) if sub else directory

    resources = join(_CLASSPATH[0][0])
    classpath = resources if os.path.isdir(resources) else join("")
    root = join("")
    return [
        Location(tuple(join(sub) for sub, _ in _CLASSPATH), classpath=classpath, root=root,
                 names=tuple(name for _, name in _CLASSPATH)),
        Location(tuple(join(sub) for sub, _ in _FILE), classpath=classpath, root=root,
                 names=tuple(name for _, name in _FILE)),
    ]


def file_location(path: str) -> Location:
    """A file named directly; ``classpath:`` imports resolve against its ``src/main/resources`` (or its directory)."""
    folder = os.path.dirname(path)
    absolute = os.path.abspath(folder or ".")
    marker = os.sep + os.path.join("src", "main", "resources")
    classpath = None  # classpath: imports then resolve against the importing file's directory
    root = folder or "."
    if marker + os.sep in absolute + os.sep:
        head = absolute[: absolute.index(marker + os.sep) if marker + os.sep in absolute else absolute.index(marker)]
        classpath = head + marker
        root = head
    return Location(file=path, classpath=classpath, root=root, names=(path,))


def base_files(folder: str) -> list[str]:
    """``application.{yml,yaml,properties}`` in ``folder``, lowest precedence first."""
    return _ordered(folder, STEM)
