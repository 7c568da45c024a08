"""Read a configuration file from disk into a :class:`SourceFile`, whatever the path turns out to be."""

from __future__ import annotations

import os
import stat

from .errors import FileAccessError, SourceError
from .model import SourceFile

YAML_SUFFIXES = (".yml", ".yaml")
PROPERTIES_SUFFIXES = (".properties",)


def file_format(path: str) -> str:
    """``"yaml"`` or ``"properties"``, by the file name as Spring Boot decides it."""
    return "yaml" if path.lower().endswith(YAML_SUFFIXES) else "properties"


def read_file(path: str, *, encoding: str | None = None) -> SourceFile:
    """Read and parse one file.

    ``encoding`` applies to ``.properties`` files (default ISO-8859-1, as Spring
    Boot); YAML is read as UTF-8 (or UTF-16 with a byte-order mark), as SnakeYAML
    does.  Raises :class:`FileAccessError` when the path cannot be read and
    :class:`SourceError` when its content cannot be parsed.
    """
    data = read_bytes(path)
    return parse_bytes(data, path, encoding=encoding)


def parse_bytes(data: bytes, path: str, *, encoding: str | None = None) -> SourceFile:
    """Parse ``data`` as the file ``path`` (its name decides the format)."""
    if path.lower().endswith(".xml"):
        raise SourceError(
            "XML properties files are not supported",
            file=path,
            hint="convert it to application.properties or application.yml",
        )
    if file_format(path) == "yaml":
        from .yamlfile import load_yaml  # PyYAML is imported only when a YAML file is read

        return load_yaml(data, path)
    from .properties import load_properties

    return load_properties(data, path, encoding=encoding)


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a :class:`FileAccessError` that says what the path is instead."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileAccessError("is a broken symbolic link", file=path, hint="point it at an existing file") from None
        raise FileAccessError("no such file", file=path, hint="check the path") from None
    except OSError as error:
        raise FileAccessError(_os_reason(error), file=path, hint="check the path and its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileAccessError("is a directory, not a file", file=path, hint="name a configuration file inside it")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device would block or never end; Spring reads files only.
        raise FileAccessError("is not a regular file", file=path, hint="name a regular configuration file")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise FileAccessError(_os_reason(error), file=path, hint="check the file's permissions") from None


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot be read: permission denied"
    return f"cannot be read: {error.strerror or error}"
