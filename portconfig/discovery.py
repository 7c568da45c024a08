"""Which files a PATH means: a file is itself; a directory means its Spring Boot config files.

A directory is searched where Spring Boot looks when the application runs
from it (spring-semantics.md §3.3), lowest precedence first, so that the
files come out in the order Spring layers them (later files win):

1. ``src/main/resources/``        (``classpath:/``)
2. ``src/main/resources/config/`` (``classpath:/config/``)
3. the directory itself           (``file:./``)
4. ``config/``                    (``file:./config/``)

In each place: ``application.{yml,yaml,properties}`` and then the
profile-specific ``application-<profile>.*`` files (profiles in name order);
a ``.properties`` file comes after the YAML file of the same name, because
Boot gives ``.properties`` precedence in one location.  Names such as
``applicationContext.yml`` are not Spring Boot configuration and are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

#: Subdirectories searched, lowest precedence first ("" is the directory itself).
LOCATIONS = (os.path.join("src", "main", "resources"), os.path.join("src", "main", "resources", "config"), "", "config")
_EXTENSIONS = {".yml": 0, ".yaml": 0, ".properties": 1}
_STEM = "application"


class DiscoveryError(ValueError):
    """A PATH that names nothing to check."""

    def __init__(self, path: str, reason: str, hint: str) -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(f"{path}: {reason}; {hint}")


def profile_of(name: str) -> str | None | bool:
    """``None`` for ``application.yml``, ``"dev"`` for ``application-dev.yml``, ``False`` for other names."""
    stem, ext = os.path.splitext(name)
    if ext.lower() not in _EXTENSIONS or not stem.startswith(_STEM):
        return False
    rest = stem[len(_STEM):]
    if rest == "":
        return None
    if rest.startswith("-") and len(rest) > 1:
        return rest[1:]
    return False


def config_files(directory: str, profiles: Sequence[str] | None = None) -> list[str]:
    """The Spring config files under ``directory``, lowest precedence first.

    ``profiles`` keeps only those profiles' files (plus the plain ones); ``None`` keeps all.
    """
    found: list[str] = []
    for location in LOCATIONS:
        # "." stays implicit, so paths read as the user would type them ("config/application.yml").
        folder = os.path.join(directory, location) if directory not in ("", ".") else (location or ".")
        folder = folder if location else directory
        try:
            names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
        except OSError:  # absent (the usual case) or unreadable: Spring skips it too
            continue
        ranked = []
        for name in names:
            profile = profile_of(name)
            if profile is False or (profile is not None and profiles is not None and profile not in profiles):
                continue
            order = -1 if profile is None else (list(profiles).index(profile) if profiles is not None else 0)
            stem, ext = os.path.splitext(name)
            ranked.append(((order, profile or "", _EXTENSIONS[ext.lower()], name), name))
        found += [os.path.join(folder, name) if folder != "." else name for _, name in sorted(ranked)]
    return found


def discover(paths: Sequence[str], profiles: Sequence[str] | None = None) -> tuple[list[str], list[DiscoveryError]]:
    """The files to read for ``paths`` (default: the current directory) and the paths that name nothing.

    Named files are kept as given (any name; their format is decided by the
    suffix).  A file reached twice is read once, at its first place.
    """
    files: list[str] = []
    errors: list[DiscoveryError] = []
    for path in paths or ["."]:
        if os.path.isdir(path):
            inside = config_files(path, profiles)
            if not inside:
                errors.append(DiscoveryError(
                    path,
                    "no Spring Boot configuration files (application.properties, application.yml, "
                    "application-<profile>.*) in it, its src/main/resources/ or config/",
                    "name the files to check",
                ))
            files += inside
        elif os.path.lexists(path):
            files.append(path)  # a file, or something unreadable: the reader says what is wrong
        else:
            errors.append(DiscoveryError(path, "no such file or directory", "check the path"))
    seen: set[str] = set()
    unique = []
    for file in files:
        real = os.path.realpath(file)
        if real not in seen:
            seen.add(real)
            unique.append(file)
    return unique, errors
