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
import platform

# Java's os.arch names for the common machine names Python reports.
_ARCH = {"x86_64": "amd64", "AMD64": "amd64", "i386": "x86", "i686": "x86", "arm64": "aarch64"}


def system_properties() -> dict[str, str]:
    """Estimated values of the standard JVM system properties that configurations refer to."""
    properties = {
        "user.home": os.path.expanduser("~"),
        "user.dir": os.getcwd(),
        # Java ignores TMPDIR: its default is /tmp on Unix.
        "java.io.tmpdir": "/tmp" if os.name == "posix" else os.environ.get("TEMP", ""),
        "file.separator": os.sep,
        "path.separator": os.pathsep,
        "line.separator": os.linesep,
        "os.name": platform.system() or "",
        "os.arch": _ARCH.get(platform.machine(), platform.machine()),
    }
    java_home = _java_home()
    if java_home:
        properties["java.home"] = java_home
    try:
        import getpass

        properties["user.name"] = getpass.getuser()
    except (ImportError, KeyError, OSError):  # no user name (a container without /etc/passwd entry)
        pass
    return properties


def _java_home() -> str | None:
    """The JDK a Spring application would run on here: JAVA_HOME, else the ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return home
    import shutil

    java = shutil.which("java")
    if java is None:
        return None
    # .../jdk/bin/java -> .../jdk
    return os.path.dirname(os.path.dirname(os.path.realpath(java)))
