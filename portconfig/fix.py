"""``portconfig fix``: rewrite a hard-coded ``server.port`` into ``${PORT:<port>}``, and nothing else.

The rewrite is a byte splice: the value's exact span is found (with the
loaders' positions, then checked against the text), replaced, and every other
byte is kept as it was: comments, order, quoting, indentation, line endings,
encoding and the trailing newline.  The result is parsed again before anything
is written: the port key must now read ``${PORT:<port>}`` and every other key
must be unchanged, else the file is refused.  Writes are atomic.

What is refused (the whole file is left alone, with the reason):

* a ``.properties`` value on a line with a backslash (an escape or a continuation
  line: the value is built from several lines, or its columns are not its bytes);
* a YAML value spanning several lines, behind an anchor, alias or tag, or shared
  through a merge key (``<<: *base``: the rewrite would change other keys);
* a port not written as a plain decimal number (``010``, ``0x1F90``, ``+8080``:
  what ``port-format`` reports; write it in decimal first, so the rewrite keeps its meaning);
* a file that does not parse.

Every document is rewritten, profile-specific ones (``#---`` / ``---`` with
``spring.config.activate.on-profile``, ``application-prod.yml``) included: where
``PORT`` is unset the value is what it was, and a profile deployed on a platform
needs ``PORT`` as much as the default one.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile

from ._records import FrozenRecord, Record
from .errors import SourceError
from .files import parse_bytes, read_bytes
from .model import Entry, SourceFile
from .port import hardcoded_port
from .propertysources import uniform

__all__ = ["Change", "FileFix", "plan_fix", "write_atomic", "KEY", "VARIABLE"]

#: The key rewritten, and the variable the platforms set.
KEY, VARIABLE = "server.port", "PORT"

_DIGITS = re.compile(r"[1-9][0-9]*")
_PLAIN_OR_QUOTED = re.compile(r"(['\"]?)([1-9][0-9]*)\1")
_PROPERTIES_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")

_set = object.__setattr__


class Change(FrozenRecord):
    """One rewritten value: where (1-based, as the checks report it), the text before and after, and the byte
    offset of ``old`` in the original file."""

    __slots__ = ("line", "column", "old", "new", "offset")
    line: int
    column: int
    old: str
    new: str
    offset: int

    def __init__(self, line: int, column: int, old: str, new: str, offset: int) -> None:
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "old", old)
        _set(self, "new", new)
        _set(self, "offset", offset)


class FileFix(Record):
    """What ``fix`` would do to one file: ``fixed`` is None when nothing changes or the file is refused."""

    __slots__ = ("path", "original", "fixed", "changes", "refused", "where")
    path: str
    original: bytes
    fixed: bytes | None
    changes: list[Change]
    #: Why the file cannot be rewritten safely (then nothing is written).
    refused: str | None
    #: 1-based line and column the refusal is about, when it is about one value.
    where: tuple[int, int] | None

    def __init__(self, path: str, original: bytes, fixed: bytes | None = None, changes: list[Change] | None = None,
                 refused: str | None = None, where: tuple[int, int] | None = None) -> None:
        self.path = path
        self.original = original
        self.fixed = fixed
        self.changes = [] if changes is None else changes
        self.refused = refused
        self.where = where


class _Refuse(Exception):
    def __init__(self, reason: str, entry: Entry | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = (entry.origin.line or 0, entry.origin.column or 0) if entry is not None else None


def plan_fix(path: str, data: bytes | None = None) -> FileFix:
    """Work out the rewrite of ``path`` (its bytes read unless given); nothing is written."""
    if data is None:
        data = read_bytes(path)  # FileAccessError for the caller
    result = FileFix(path, data)
    try:
        source = parse_bytes(data, path)
    except SourceError as error:
        result.refused = f"it does not parse ({error.describe()})"
        return result
    targets = [entry for entry in source.entries() if uniform(entry.key) == KEY and hardcoded_port(entry.value)]
    if not targets:
        return result
    try:
        if source.format == "yaml":
            splices = _yaml_splices(data, targets)
        else:
            splices = _properties_splices(data, targets)
        fixed = data
        for start, end, new, change in sorted(splices, key=lambda item: item[0], reverse=True):
            fixed = fixed[:start] + new + fixed[end:]
            result.changes.insert(0, change)
        _verify(source, path, fixed, targets)
    except _Refuse as refusal:
        result.refused, result.where, result.changes = refusal.reason, refusal.where, []
        return result
    result.fixed = fixed
    return result


# -- .properties -----------------------------------------------------------------------------


def _properties_splices(data: bytes, targets: list[Entry]) -> list[tuple[int, int, bytes, Change]]:
    # Latin-1 maps each byte to one character, so character offsets are byte offsets whatever the
    # file's real encoding; the key and the digits are ASCII in every encoding Spring reads.
    text = data.decode("latin-1")
    starts, lines = [], []
    for match in _PROPERTIES_LINE.finditer(text):
        if match.start() == len(text) and lines:
            break
        starts.append(match.start())
        lines.append(match.group().rstrip("\r\n"))
    out = []
    for entry in targets:
        index = (entry.origin.line or 0) - 1
        column = entry.origin.column or 0
        if not 0 <= index < len(lines) or column < 1:
            raise _Refuse("cannot locate the value in the file", entry)
        line = lines[index]
        previous = lines[index - 1] if index > 0 else ""
        continued = previous.endswith("\\") and not previous.lstrip(" \t\f").startswith(("#", "!"))
        if "\\" in line or continued:
            raise _Refuse("the value is on a line with a backslash (an escape or a continuation line)", entry)
        value = line[column - 1 :]
        match = _DIGITS.match(value)
        if value != entry.value or match is None or value[match.end() :].strip(" \t\f"):
            raise _Refuse(_not_decimal(entry), entry)
        start = starts[index] + column - 1
        new = f"${{{VARIABLE}:{match.group()}}}"
        out.append((start, start + match.end(), new.encode("ascii"), Change(index + 1, column, match.group(), new, start)))
    return out


# -- YAML ----------------------------------------------------------------------------------


def _yaml_splices(data: bytes, targets: list[Entry]) -> list[tuple[int, int, bytes, Change]]:
    import yaml
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    from .yamlfile import _decode, _PyLoader

    text, encoding, _ = _decode(data)
    prefix = len(data) - len(text.encode(encoding))  # the byte-order mark, kept as it is
    scalars: dict[tuple[int, int], tuple[ScalarNode, bool]] = {}  # start (line, column) -> node, in flow context
    seen: dict[int, int] = {}  # how many places each node is reached from (more than one: an alias)
    stack: list[tuple[Node, bool]] = [(root, False) for root in yaml.compose_all(text, Loader=_PyLoader)]
    while stack:
        node, flow = stack.pop()
        seen[id(node)] = seen.get(id(node), 0) + 1
        if seen[id(node)] > 1:
            continue
        if isinstance(node, ScalarNode):
            scalars[(node.start_mark.line, node.start_mark.column)] = (node, flow)
        elif isinstance(node, MappingNode):
            inner = flow or bool(node.flow_style)
            stack += [(item, inner) for pair in node.value for item in pair]
        elif isinstance(node, SequenceNode):
            stack += [(item, flow or bool(node.flow_style)) for item in node.value]
    out = []
    for entry in targets:
        found = scalars.get(((entry.origin.line or 0) - 1, (entry.origin.column or 0) - 1))
        if found is None:
            raise _Refuse("cannot locate the value in the file", entry)
        node, flow = found
        start, end = node.start_mark, node.end_mark
        raw = text[start.index : end.index]
        if seen[id(node)] > 1 or raw[:1] in ("&", "*") or raw[:1] == "!":
            raise _Refuse(f"the value is behind a YAML anchor, alias or tag ({raw.split()[0]}); rewrite it by hand",
                          entry)
        if start.line != end.line:
            raise _Refuse("the value is a scalar on several lines", entry)
        match = _PLAIN_OR_QUOTED.fullmatch(raw)
        if match is None:
            raise _Refuse(_not_decimal(entry, raw), entry)
        quote, digits = match.group(1), match.group(2)
        placeholder = f"${{{VARIABLE}:{digits}}}"
        # Plain ${PORT:8080} is a valid plain scalar in block context; in a flow collection "{" and "}"
        # are indicators, so it is quoted there.  A quoted value keeps its own quotes.
        new = f"{quote}{placeholder}{quote}" if quote else (f"'{placeholder}'" if flow else placeholder)
        head = prefix + len(text[: start.index].encode(encoding))
        tail = head + len(raw.encode(encoding))
        change = Change(start.line + 1, start.column + 1, raw, new, head)
        out.append((head, tail, new.encode(encoding), change))
    return out


def _not_decimal(entry: Entry, raw: str | None = None) -> str:
    shown = raw if raw is not None else (entry.written or entry.value)
    return (f"{KEY} is written as {shown!r}, not as a plain decimal number (see port-format); write it in decimal "
            "first, so the rewrite keeps its meaning")


def _verify(source: SourceFile, path: str, fixed: bytes, targets: list[Entry]) -> None:
    """Parse the result: the targets must read ``${PORT:<port>}`` and every other value must be unchanged."""
    try:
        again = parse_bytes(fixed, path, format=source.format)
    except SourceError as error:
        raise _Refuse(f"the rewritten file would not parse ({error.describe()})") from None
    # The digits become the placeholder; anything after them (trailing whitespace in .properties) stays.
    wanted = {entry.origin: _DIGITS.sub(lambda m: f"${{{VARIABLE}:{m.group()}}}", entry.value, count=1)
              for entry in targets}
    before = [[(e.key, wanted.get(e.origin, e.value) if uniform(e.key) == KEY else e.value) for e in doc.entries]
              for doc in source.documents]
    after = [[(e.key, e.value) for e in doc.entries] for doc in again.documents]
    if before != after:
        raise _Refuse("the rewrite would change other values too (a value shared through an anchor or merge?)")


# -- writing ---------------------------------------------------------------------------------


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` atomically: a temporary file in the same directory,
    fsync, then rename over the original, keeping its mode (and owner, when permitted).

    A failure at any point leaves the original untouched and no temporary file behind.  A symbolic
    link is kept: the file it points to is replaced.
    """
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    info = os.stat(target)
    handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".portconfig")
    try:
        with open(handle, "wb", closefd=True) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only root may give a file away; the mode is what matters
                os.chown(temp, info.st_uid, info.st_gid)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable (not possible everywhere)
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
