"""Where a name's value comes from: Spring Boot's property sources, in precedence order.

This is the one place the precedence lives (highest first):

1. overrides (``load(overrides=...)``, the CLI's ``--set``): Spring's command-line arguments;
2. the OS environment, with Spring's names (``server.port`` finds ``SERVER_PORT``);
3. the configuration files: later files over earlier ones, later documents over
   earlier documents, later lines over earlier lines.

A lookup goes through the sources in that order; the first that has the name
answers.  For a canonical property name (``server.port``, ``my.item-price``)
each source also matches Spring Boot's relaxed forms, as Boot's
``configurationProperties`` view does: ``my.item-price`` finds a file key
``my.itemPrice`` and the environment variable ``MY_ITEMPRICE``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from . import envnames
from .model import Entry, Found, Origin, SourceFile

#: Keys that Boot can adapt to a ConfigurationPropertyName (others only match exactly).
_ADAPTABLE = re.compile(r"[A-Za-z0-9.\-\[\]]+")
#: Every environment name Spring or Boot tries for a property name has the
#: same fingerprint as the name: upper case, without ``.``, ``-``, ``_``, ``[``, ``]``.
_FINGERPRINT = str.maketrans("", "", ".-_[]")


def _fingerprint(name: str) -> str:
    return name.upper().translate(_FINGERPRINT)


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
    """Finds an entry by Boot's relaxed equality; built on first use."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = keys
        self._index: dict[str, str] | None = None

    def find(self, name: str) -> str | None:
        if self._index is None:
            index: dict[str, str] = {}
            for key in self._keys:
                if _ADAPTABLE.fullmatch(key):
                    index.setdefault(uniform(key), key)
            self._index = index
        return self._index.get(uniform(name))


class PropertySources:
    """The lookup chain used for placeholders and for every key's effective value."""

    def __init__(
        self,
        files: Iterable[SourceFile] = (),
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, str] | None = None,
        *,
        override_label: str = "override {}",
    ) -> None:
        self.env: Mapping[str, str] = env if env is not None else {}
        self.overrides: Mapping[str, str] = dict(overrides or {})
        self._override_label = override_label
        # Most names are not in the environment; this set answers that without
        # generating a dozen candidate names per lookup.
        self._env_fingerprints = {_fingerprint(name) for name in self.env}
        self.entries: dict[str, Entry] = {}
        for source in files:
            for document in source.documents:
                for entry in document.entries:
                    self.entries[entry.key] = entry
        self._relaxed_entries = _RelaxedIndex(self.entries)
        self._relaxed_overrides = _RelaxedIndex(self.overrides)

    def find(self, name: str) -> Found | None:
        """The highest-precedence value for ``name``, or None when no source has it."""
        if self.overrides:
            found = self.find_override(name)
            if found is not None:
                return found
        if _fingerprint(name) in self._env_fingerprints:
            found = self.find_environment(name)
            if found is not None:
                return found
        return self.find_file(name)

    def find_override(self, name: str) -> Found | None:
        key = name if name in self.overrides else None
        if key is None and _is_canonical(name):
            key = self._relaxed_overrides.find(name)
        if key is None:
            return None
        return Found(name, self.overrides[key], Origin.override(self._override_label.format(key)), key)

    def find_environment(self, name: str) -> Found | None:
        hit = envnames.find_in_environment(name, self.env) if name else None
        if hit is None:
            return None
        env_name, value = hit
        return Found(name, value, Origin.environment(env_name), env_name)

    def find_file(self, name: str) -> Found | None:
        entry = self.entries.get(name)
        if entry is None and self.entries and _is_canonical(name):
            key = self._relaxed_entries.find(name)
            entry = self.entries.get(key) if key is not None else None
        if entry is None:
            return None
        return Found(name, entry.value, entry.origin, entry.key)

    def candidates(self, name: str) -> list[str]:
        """The environment-variable names tried for ``name``, for ``explain``."""
        names = envnames.framework_candidates(name)
        if _is_canonical(name):
            names += [n for n in envnames.boot_candidates(name) if n not in names]
        return names
