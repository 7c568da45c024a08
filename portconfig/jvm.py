"""The JVM system properties every Spring application can see, estimated for this machine.

Spring puts the JVM's system properties (``user.home``, ``java.io.tmpdir``...)
above the environment, and real configurations use them: thingsboard writes
``${user.home}/.rocksdb``.  A Python process has no JVM, so the values below
are what Java would report on this machine; they exist so that such
placeholders resolve (and are not reported as unresolvable), and ``show``
labels them as JVM system properties.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# Java's os.arch names for the common machine names Python reports.
_ARCH = {"x86_64": "amd64", "AMD64": "amd64", "i386": "x86", "i686": "x86", "arm64": "aarch64"}


def system_properties(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Estimated values of the standard JVM system properties that configurations refer to.

    Like Java, ``user.home`` and ``user.name`` come from the account, not from
    ``HOME``/``USER``.  ``env`` is the run's environment (the only one read):
    ``JAVA_HOME``, else ``java`` on its ``PATH``, gives ``java.home``.
    """
    env = env if env is not None else {}
    system, machine = _uname()
    account = _account()
    properties = {
        "user.home": account[1] if account else os.path.expanduser("~"),
        # Java ignores TMPDIR: its default is /tmp on Unix.
        "java.io.tmpdir": "/tmp" if os.name == "posix" else env.get("TEMP", ""),
        "file.separator": os.sep,
        "path.separator": os.pathsep,
        "line.separator": os.linesep,
        "os.name": system,
        "os.arch": _ARCH.get(machine, machine),
    }
    if account:
        properties["user.name"] = account[0]
    try:
        properties["user.dir"] = os.getcwd()
    except OSError:  # the working directory was deleted: Java would not start there either
        pass
    java_home = _java_home(env)
    if java_home:
        properties["java.home"] = java_home
    return properties


def _uname() -> tuple[str, str]:
    """The system's name and machine type (``platform`` would answer the same, for ~1 ms of import)."""
    if hasattr(os, "uname"):
        uname = os.uname()
        return uname.sysname, uname.machine
    import platform  # Windows

    return platform.system(), platform.machine()


def _account() -> tuple[str, str] | None:
    """The user's name and home directory from the account database, as the JVM reads them."""
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid())
    except (ImportError, KeyError, OSError):  # Windows, or a container user with no passwd entry
        return None
    return entry.pw_name, entry.pw_dir


def _java_home(env: Mapping[str, str]) -> str | None:
    """The JDK a Spring application would run on here: JAVA_HOME, else the ``java`` on PATH."""
    home = env.get("JAVA_HOME")
    if home:
        return home
    java = _which("java", env.get("PATH", ""))
    if java is None:
        return None
    # .../jdk/bin/java -> .../jdk
    return os.path.dirname(os.path.dirname(os.path.realpath(java)))


def _which(name: str, path: str) -> str | None:
    """``shutil.which`` for one plain name (importing shutil costs more than the search)."""
    if not path:
        return None
    names = [name]
    if os.name == "nt":
        names = [name + extension.lower() for extension in os.environ.get("PATHEXT", ".EXE").split(os.pathsep)]
    for folder in path.split(os.pathsep):
        for candidate in names:
            full = os.path.join(folder or ".", candidate)
            if os.path.isfile(full) and os.access(full, os.X_OK):
                return full
    return None
