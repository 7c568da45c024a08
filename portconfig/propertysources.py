"""Where a name's value comes from: Spring Boot's property sources, in precedence order.

This is the one place the precedence lives (highest first):

1. overrides (``load(overrides=...)``, the CLI's ``--set``): Spring's command-line arguments;
2. JVM system properties (``user.home``, ``java.io.tmpdir``...; see :mod:`portconfig.jvm`);
3. the OS environment, with Spring's names (``server.port`` finds ``SERVER_PORT``);
4. ``random.*`` (Spring Boot's RandomValuePropertySource, :mod:`portconfig.randomvalues`),
   when the run has one: a fresh value on every lookup;
5. the configuration files (config data, already in Boot's order by
   :mod:`portconfig.configdata`): later files over earlier ones, later
   documents over earlier documents, later lines over earlier lines.

A lookup goes through the sources in that order; the first that has the name
answers.  For a canonical property name (``server.port``, ``my.item-price``)
each source also matches Spring Boot's relaxed forms, as Boot's
``configurationProperties`` view does: ``my.item-price`` finds a file key
``my.itemPrice`` and the environment variable ``MY_ITEMPRICE``.
"""

from __future__ import annotations

import _thread
import functools
import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import compress
from operator import attrgetter, methodcaller

from . import envnames
from .model import Document, Entry, Found, Origin, SourceFile
from .randomvalues import RandomSource

#: Keys that Boot can adapt to a ConfigurationPropertyName (others only match exactly).
_ADAPTABLE = re.compile(r"[A-Za-z0-9.\-\[\]]+")
#: Every environment name Spring or Boot tries for a property name has the
#: same fingerprint as the name: upper case, without ``.``, ``-``, ``_``, ``[``, ``]``.
_FINGERPRINT = str.maketrans("", "", ".-_[]")


def _fingerprint(name: str) -> str:
    return name.upper().translate(_FINGERPRINT)


TYPE_CHECKING = False  # typing itself costs ~2 ms at start-up
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

_is_canonical = functools.lru_cache(maxsize=65_536)(envnames.is_canonical)


def uniform(name: str) -> str:
    """The form Boot compares names in: lower case, dashes ignored (outside ``[...]`` indexes)."""
    if "[" not in name:
        return name.lower().replace("-", "")
    out = []
    depth = 0
    for ch in name:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            if ch == "-":
                continue
            ch = ch.lower()
        out.append(ch)
    return "".join(out)


class _RelaxedIndex:
    """Finds the highest-precedence item whose key equals a name under Boot's relaxed equality.

    Built on first use from items in precedence order, lowest first, so the
    last one written wins, whether its key is spelled exactly like the name
    or not: Boot compares relaxed forms source by source.
    """

    def __init__(self, items: Iterable[T], key_of: Callable[[T], str]) -> None:
        self._items = items
        self._key_of = key_of
        self._index: dict[str, T] | None = None

    def find(self, name: str) -> T | None:
        if self._index is None:
            index: dict[str, T] = {}
            for item in self._items:
                key = self._key_of(item)
                if _ADAPTABLE.fullmatch(key):
                    index[uniform(key)] = item
            self._index = index
        return self._index.get(uniform(name))


class _FileLayer:
    """The files' part of a lookup chain: every entry by key (the last written wins) and its relaxed index.

    A run builds several chains over the same documents (config data reads the profile keys
    before the analysis resolves every key); they share one layer, so the index over a large
    file is built once (see :func:`_file_layer`).
    """

    __slots__ = ("documents", "entries", "_index", "_special", "random_keys")

    def __init__(self, documents: tuple[Document, ...]) -> None:
        self.documents = documents  # kept: the layer cache is keyed by their identities
        # A document just parsed from a .properties file comes with its entries by key (there is nothing
        # to take if that module was never imported).
        properties = sys.modules.get(__package__ + ".properties")
        entries: dict[str, Entry] | None = None
        key_of = attrgetter("key")
        for document in documents:  # the later entry of a key in the earlier one's place, without a loop in Python
            by_key = properties.take_by_key(document) if properties is not None else None
            if entries is None and by_key is not None:
                entries = by_key
                continue
            if entries is None:
                entries = {}
            entries.update(by_key if by_key is not None else zip(map(key_of, document.entries), document.entries))
        self.entries = entries if entries is not None else {}
        self._index: dict[str, Entry] | None = None
        self._special: set[str] = set()
        #: Whether a key starts with ``random.``, when the index was made from the keys' text (else None).
        self.random_keys: bool | None = None

    def index(self) -> dict[str, Entry]:
        """uniform(key) -> entry, for the keys Boot can adapt; the same as a :class:`_RelaxedIndex` over entries."""
        if self._index is None:
            self._index = self._bulk_index()
        if self._index is None:
            index: dict[str, Entry] = {}
            special = self._special
            adaptable = _ADAPTABLE.fullmatch
            for key, entry in self.entries.items():
                # ASCII letters and digits between dots are adaptable without asking the regex.
                if not (key.isascii() and key.replace(".", "").isalnum()) and not adaptable(key):
                    special.add(key)
                    continue
                form = key.lower().replace("-", "") if "[" not in key else uniform(key)
                previous = index.get(form)
                if previous is not None:  # two keys, one relaxed form: the later one answers for both
                    special.update((previous.key, key))
                index[form] = entry
            self._index = index
        return self._index

    def _bulk_index(self) -> dict[str, Entry] | None:
        """The index made with whole-text operations when every key is plain (letters, digits, ``.``
        and ``-``, no two with one relaxed form): then no key is special.  None for other key sets."""
        entries = self.entries
        joined = "\n".join(entries)
        if (not entries or "" in entries or "[" in joined or joined.count("\n") != len(entries) - 1
                or not _PLAIN_KEYS.fullmatch(joined)):
            return None
        self.random_keys = joined.startswith("random.") or "\nrandom." in joined
        # One key per line, so the lines of the lower-cased text without dashes are the uniform forms.
        forms = joined.lower().replace("-", "")
        if forms == joined and self.documents:
            # Every key is its own form: the entries are the index.  Shared, not copied (a dictionary of
            # a million keys takes a fifth of a second to build and 40 MB); neither is changed once
            # built (only a chain without files fills its entries, before any lookup).
            return entries
        index = dict(zip(forms.split("\n"), entries.values()))
        return index if len(index) == len(entries) else None

    def special(self) -> set[str]:
        """The entry keys whose relaxed lookup may answer another entry than their own: keys Boot cannot
        adapt, and keys that share a relaxed form with another key.  Every other entry key answers itself."""
        self.index()
        return self._special

    def keys_with_forms(self, forms: Iterable[str]) -> dict[str, str]:
        """key -> uniform(key) for the entry keys whose uniform form is one of ``forms``."""
        index = self.index()
        wanted = set(forms)
        out = {index[form].key: form for form in wanted if form in index}
        for key in self._special:  # shared and unadaptable forms: few, worked out in full
            form = uniform(key)
            if form in wanted:
                out[key] = form
        return out

    def find(self, name: str) -> Entry | None:
        """The entry a relaxed lookup of ``name`` answers (the exact key when the name is not canonical)."""
        entries = self.entries
        if not entries:
            return None
        index = self._index if self._index is not None else self.index()
        entry = entries.get(name)
        if entry is not None and name not in self._special:
            return entry  # its relaxed form is its own (see special): no need to work it out
        if _is_canonical(name):
            relaxed = index.get(uniform(name))
            if relaxed is not None:
                return relaxed
        return entry


_VALUE, _ORIGIN, _KEY = attrgetter("value"), attrgetter("origin"), attrgetter("key")

#: Lines of keys Boot can adapt and whose uniform form is lower-casing without dashes (no index brackets).
_PLAIN_KEYS = re.compile(r"[A-Za-z0-9.\-\n]+")

#: The last few layers built, by the identities of their documents (held, so the identities stay theirs).
_LAYERS: dict[tuple[int, ...], _FileLayer] = {}
_MAX_LAYERS = 4
_LAYERS_LOCK = _thread.allocate_lock()  # services may load configurations from several threads


def _file_layer(files: Iterable[SourceFile]) -> _FileLayer:
    documents = tuple(document for source in files for document in source.documents)
    if not documents:
        return _FileLayer(documents)  # callers fill an empty chain's entries themselves: never share one
    key = tuple(map(id, documents))
    with _LAYERS_LOCK:
        layer = _LAYERS.pop(key, None)
    if layer is None:
        layer = _FileLayer(documents)
    with _LAYERS_LOCK:
        while len(_LAYERS) >= _MAX_LAYERS:
            del _LAYERS[next(iter(_LAYERS))]
        _LAYERS[key] = layer  # most recently used last
    return layer


class PropertySources:
    """The lookup chain used for placeholders and for every key's effective value."""

    def __init__(
        self,
        files: Iterable[SourceFile] = (),
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, str] | None = None,
        *,
        override_label: str = "override {}",
        system_properties: Mapping[str, str] | None = None,
        random: RandomSource | None = None,
    ) -> None:
        self.env: Mapping[str, str] = env if env is not None else {}
        self.random = random
        self.system_properties: Mapping[str, str] = dict(system_properties or {})
        self.overrides: Mapping[str, str] = dict(overrides or {})
        self._override_label = override_label
        # Most names are not in the environment; this set answers that without
        # generating a dozen candidate names per lookup.
        self._env_fingerprints = {_fingerprint(name) for name in self.env}
        self._files = _file_layer(files)
        #: Shared with other chains over the same documents: only a chain built without files may add to it.
        self.entries: dict[str, Entry] = self._files.entries
        self._relaxed_overrides = _RelaxedIndex(self.overrides, lambda key: key)

    def find(self, name: str) -> Found | None:
        """The highest-precedence value for ``name``, or None when no source has it."""
        if self.overrides:
            found = self.find_override(name)
            if found is not None:
                return found
        value = self.system_properties.get(name)
        if value is not None:
            return Found(name, value, Origin.system_property(name), name)
        if self._env_fingerprints and _fingerprint(name) in self._env_fingerprints:
            found = self.find_environment(name)
            if found is not None:
                return found
        if self.random is not None and name.startswith("random."):
            return self.random.find(name)
        return self.find_file(name)

    def find_override(self, name: str) -> Found | None:
        key = self._relaxed_overrides.find(name) if _is_canonical(name) else None
        if key is None and name in self.overrides:
            key = name
        if key is None:
            return None
        return Found(name, self.overrides[key], Origin.override(self._override_label.format(key)), key)

    def find_environment(self, name: str) -> Found | None:
        if not name:
            return None
        for candidate in self.candidates(name):
            if candidate in self.env:
                return Found(name, self.env[candidate], Origin.environment(candidate), candidate)
        return None

    def find_file(self, name: str) -> Found | None:
        entry = self._files.find(name)
        if entry is None:
            return None
        return Found(name, entry.value, entry.origin, entry.key)

    def keys_with_forms(self, forms: Iterable[str]) -> dict[str, str]:
        """``{key: uniform(key)}`` for the keys of :attr:`entries` whose :func:`uniform` form is in ``forms``
        (a few forms, such as the port keys': the answer comes from the index, not from every key)."""
        return self._files.keys_with_forms(forms)

    def find_each(self, names: Iterable[str]) -> Iterator[tuple[str, Found | None]]:
        """``(name, self.find(name))`` for every name, for the whole key set of a run.

        The same answers, cheaper: a name the files have, that no other source can answer and
        whose relaxed lookup can only find its own entry, is answered from its entry directly.
        """
        find = self.find
        if self.overrides:
            for name in names:
                yield name, find(name)
            return
        entries = self.entries
        special = self._files.special() if entries else set()
        system = self.system_properties
        fingerprints = self._env_fingerprints
        random = self.random is not None
        for name in names:
            entry = entries.get(name)
            if (
                entry is None
                or name in special
                or name in system
                or (random and name.startswith("random."))
                or (fingerprints and _fingerprint(name) in fingerprints)
            ):
                yield name, find(name)
            else:
                yield name, Found(name, entry.value, entry.origin, entry.key)

    def built_from(self, documents: Iterable[Document]) -> bool:
        """Whether the files' part of this chain holds exactly ``documents`` (the same objects, in order)."""
        mine = self._files.documents
        documents = tuple(documents)
        return len(mine) == len(documents) and all(map(operator.is_, mine, documents))

    def file_answers(self, names: list[str]) -> list[Found] | None:
        """``[self.find(name) for name in names]`` for names that are all keys of the files, made in
        bulk; None when it cannot be (overrides, a name the files lack, a ``random.*`` name).

        A name that no other source can answer and whose relaxed lookup can only find its own
        entry (as in :meth:`find_each`) is answered from its entry; which names are, is worked
        out over the whole list at once: a million names cost a few passes in C, not a million
        calls.  The others (few) are looked up one by one.  Lookups have no side effect but a
        ``random.*`` one, which draws from the run's generator: the caller's order of draws
        would change, so such names make this None.
        """
        entries = self.entries
        if self.overrides or not entries:
            return None
        layer = self._files
        special = layer.special()  # (builds the index, which may tell whether a key starts with random.)
        random_names = None
        if len(names) == len(entries) and all(map(operator.is_, names, entries)):
            got = list(entries.values())  # the names are the keys, in order (a run's): no lookups
            random_names = layer.random_keys
        else:
            got = list(map(entries.get, names))
            if not all(got):  # an entry is always true; `None in got` would call Entry.__eq__ a million times
                return None
        if self.random is not None:
            if random_names is None:
                random_names = any(map(methodcaller("startswith", "random."), names))
            if random_names:
                return None
        slow = set(special)
        slow.update(name for name in self.system_properties if name in entries)
        if self._env_fingerprints:
            joined = "\n".join(names)
            if joined.count("\n") == len(names) - 1:  # one name a line: each line its fingerprint
                fingerprints = joined.upper().translate(_FINGERPRINT).split("\n")
                shared = self._env_fingerprints.intersection(fingerprints)
                if shared:
                    slow.update(compress(names, map(shared.__contains__, fingerprints)))
            else:
                slow.update(name for name in names if _fingerprint(name) in self._env_fingerprints)
        answers = list(map(Found, names, map(_VALUE, got), map(_ORIGIN, got), map(_KEY, got)))
        if slow:
            find = self.find
            for index in compress(range(len(names)), map(slow.__contains__, names)):
                answers[index] = find(names[index])
        return answers

    def candidates(self, name: str) -> list[str]:
        """The environment-variable names tried for ``name``, in order.

        A canonical name goes through Boot's ``configurationProperties`` view
        first, whose mapper tries ``MY_ITEMPRICE`` before the legacy
        ``MY_ITEM_PRICE``; Spring Framework's own forms come after (and are all
        a non-canonical name such as ``PORT`` gets).
        """
        if not _is_canonical(name):
            return envnames.framework_candidates(name)
        return list(dict.fromkeys(envnames.boot_candidates(name) + envnames.framework_candidates(name)))
