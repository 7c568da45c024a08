"""Read a ``.properties`` file exactly as Spring Boot's ``OriginTrackedPropertiesLoader`` does.

Boot reads one logical character at a time and reports where each value starts.
Doing that per character in Python would be slow, so lines are split once and
most of them take a *fast path* of plain ``str`` operations.  Only a line that
holds a backslash (an escape or a continuation) takes the *slow path*: a scan
that mirrors Boot's reader finds the raw key, the raw value (or list items) and
Boot's positions, and jproperties unescapes those raw pieces.  Comments never
reach jproperties, so its ``#:`` metadata comments cannot trigger.

Positions are Boot's: a 1-based line and a column counted in Boot's reads (an
escape such as ``\\=`` or ``\\u0026`` is one column; a character outside the BMP
is two, as in Java's UTF-16).  Boot's quirks are kept on purpose, each checked
against Boot's own code on a JDK 17:

- an empty value at the end of a line reports the next line at column 0, and
  at end of file the line after the last one (Java 16+'s LineNumberReader);
- a comment met while a new document is still empty resumes the previous one;
- ``\\#`` or ``\\u0023`` at the start of a line starts a comment, and escapes
  among the few characters Boot reads after ``#`` are processed (``# \\users``
  fails like Boot, an escaped ``\\n`` there ends the comment early);
- after ``#---`` with trailing whitespace the next line's leading whitespace is
  not skipped and its columns run on.

One deliberate difference: a lone surrogate from a ``\\u`` escape is an error.
"""

from __future__ import annotations

import _thread
import codecs
import gc
import re
from itertools import compress, repeat
from operator import add, itemgetter, methodcaller, not_, sub

from .errors import SourceError
from .model import Document, Duplicate, Entry, Origin, OriginKind, SourceFile

__all__ = ["load_properties"]

_BOM = b"\xef\xbb\xbf"
_LATIN1 = "ISO-8859-1"
_WS = " \t\f"
_WS_UNITS = frozenset(_WS)
#: Java's String.trim() removes every character up to U+0020, not only whitespace.
_TRIM = "".join(map(chr, range(0x21)))
_HEX = frozenset("0123456789abcdefABCDEF")
_CONTROL = {"t": "\t", "r": "\r", "n": "\n", "f": "\f"}
_KEY_STOP = re.compile("[=: \t\f]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_MALFORMED = "Malformed \\uxxxx encoding."
_MALFORMED_HINT = "write \\\\u for a literal backslash-u, or follow \\u with exactly four hex digits"
_SURROGATE_HINT = (
    "a \\uD800-\\uDBFF escape must be followed directly by a \\uDC00-\\uDFFF escape;"
    " write the character itself or escape both halves"
)

_Position = tuple[int, int]  # (1-based line, Boot's column printed 1-based; 0 = next-line quirk)
_Unit = tuple[str, _Position]  # one Boot read: a raw char or a whole raw escape, and where it is
_Next = tuple[int, int, int | None]  # where Boot's next read starts: line index, offset, column (see step)


def load_properties(data: bytes, path: str, *, encoding: str | None = None) -> SourceFile:
    """Parse ``.properties`` bytes the way Spring Boot does (ISO-8859-1 unless ``encoding`` is given).

    A UTF-8 byte-order mark is kept in the first key, as Boot keeps it.
    Raises :class:`SourceError` for undecodable bytes and bad ``\\u`` escapes.
    """
    text, name = _decode(data, path, encoding)
    # Entries are small objects that all live on: the cyclic collector would only rescan them again
    # and again (40% of the time on a file of a million keys), so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = _Parser(text, path, False)
        documents, duplicates = parser.run()
        for document, by_key in zip(documents, parser.by_key):
            _keep_by_key(document, by_key)
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                # The entries are all young: the first collection after this would look at every one
                # (a quarter of a second for a million keys) only to find them alive.  Frozen and
                # unfrozen, they join the oldest generation at once, as if they had survived it.
                # Not when the caller froze objects: unfreezing would undo that.
                gc.freeze()
                gc.unfreeze()
            gc.enable()
    return SourceFile(path, "properties", documents, duplicates, encoding=name, bom=data.startswith(_BOM))


#: The entries of each document parsed last, by key: the dictionary the parse builds to find repeated keys,
#: by the document's identity.  The lookup chain over a file (propertysources) takes it instead of building
#: the same dictionary again (a fifth of a second for a million keys).  A few at most are kept, and
#: configdata gives back those of the files it read when it is done.
_BY_KEY: dict[int, tuple[Document, dict[str, Entry]]] = {}
_MAX_BY_KEY = 8
_BY_KEY_LOCK = _thread.allocate_lock()  # services may load configurations from several threads


def _keep_by_key(document: Document, by_key: dict[str, Entry]) -> None:
    with _BY_KEY_LOCK:
        while len(_BY_KEY) >= _MAX_BY_KEY:
            _BY_KEY.pop(next(iter(_BY_KEY)), None)
        _BY_KEY[id(document)] = (document, by_key)


def take_by_key(document: Document) -> dict[str, Entry] | None:
    """``{entry.key: entry}`` over ``document``'s entries, in their order, when the document was parsed
    last (else None); the dictionary is the caller's from then on (no one else holds it)."""
    with _BY_KEY_LOCK:
        held = _BY_KEY.pop(id(document), None)  # (held, a document keeps its identity: no other can have it)
    return held[1] if held is not None else None


def _parse(
    text: str, path: str, *, force_slow: bool = False, whole: bool = True
) -> tuple[tuple[Document, ...], tuple[Duplicate, ...]]:
    """``force_slow`` sends every line through the slow path; ``whole=False`` skips the whole-file
    path (:meth:`_Parser.whole_file`): tests use them to prove the paths agree."""
    return _Parser(text, path, force_slow).run(whole)


def _decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    if encoding is None:
        return data.decode("latin-1"), _LATIN1
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise SourceError(
            f"unknown encoding {encoding!r}",
            file=path,
            hint="use ISO-8859-1 (Spring Boot's default) or utf-8",
        ) from None
    name = _LATIN1 if codec == "iso8859-1" else codec
    try:
        return data.decode(codec), name
    except UnicodeDecodeError as error:
        before = _split(data[: error.start].decode(codec, errors="replace"))
        raise SourceError(
            f"byte 0x{data[error.start]:02X} is not valid {name}",
            file=path,
            line=len(before),
            column=len(before[-1]) + 1,
            hint="read the file as ISO-8859-1 (Spring Boot's default) or fix the byte",
        ) from None


def _split(text: str) -> list[str]:
    # Only \r\n, \r and \n end a line in Java (str.splitlines would also split on \f, \x85, ...).
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _to_pair(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def _join_pairs(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _char(unit: str) -> str:
    """What Boot's reader holds after reading ``unit``; used to spot comment prefixes and hyphens."""
    if len(unit) == 1:
        return unit
    if len(unit) == 6 and unit[1] == "u":
        return chr(int(unit[2:], 16))
    return _CONTROL.get(unit[1], unit[1])


def _surrogate(unit: str) -> int | None:
    if len(unit) == 6 and unit[1] == "u":
        code = int(unit[2:], 16)
        if 0xD800 <= code <= 0xDFFF:
            return code
    return None


def _key_span(units: list[_Unit]) -> tuple[int, int]:
    """Where the key ends and the value begins, by Boot's loadKey rules."""
    previous_ws = False
    for index, (unit, _) in enumerate(units):
        if unit == "=" or unit == ":":
            return index, index + 1
        ws = unit in _WS_UNITS
        if previous_ws and not ws:
            return index, index
        previous_ws = ws
    return len(units), len(units)


def _values(units: list[_Unit], index: int, end: _Position, split: bool) -> list[tuple[str, _Position]]:
    """The raw value (or raw list items) from ``index`` on, each placed after its leading whitespace."""
    items: list[tuple[str, _Position]] = []
    count = len(units)
    while True:
        while index < count and units[index][0] in _WS_UNITS:
            index += 1
        at = units[index][1] if index < count else end
        start = index
        while index < count and not (split and units[index][0] == ","):
            index += 1
        items.append(("".join(unit for unit, _ in units[start:index]), at))
        # Boot's do/while: a comma right before the line break does not open another item.
        if not split or index + 1 >= count:
            return items
        index += 1


class _Doc:
    __slots__ = ("line", "values")

    def __init__(self, line: int) -> None:
        self.line = line
        self.values: dict[str, Entry] = {}


class _Cursor:
    """Boot's CharacterReader over the split lines: each read() is one Boot read, kept raw."""

    __slots__ = ("parser", "li", "pos", "col", "at", "surrogate")

    def __init__(self, parser: _Parser, li: int, pos: int, col: int) -> None:
        self.parser, self.li, self.pos, self.col = parser, li, pos, col
        self.at: _Position = (li + 1, col + 1)
        self.surrogate = False

    def read(self) -> str | None:
        """The next unit, or None at the end of the logical line (or a stray ``\\`` at end of file)."""
        lines = self.parser.lines
        while True:
            line, pos = lines[self.li], self.pos
            if pos >= len(line):
                return None
            self.at = (self.li + 1, self.col + 1)
            if line[pos] != "\\":
                self.pos = pos + 1
                self.col += 1
                return line[pos]
            if pos + 1 < len(line):
                break
            self.pos = pos + 1
            if self.li + 1 == len(lines):
                return None
            # Backslash + line break: go on after the next line's leading whitespace, from column 0.
            self.li += 1
            following = lines[self.li]
            self.pos = self.col = len(following) - len(following.lstrip(_WS))
        unit = line[pos : pos + (6 if line[pos + 1] == "u" else 2)]
        if unit[1] == "u":
            if len(unit) < 6 or not _HEX.issuperset(unit[2:]):
                raise self.parser.error(_MALFORMED, self.at, _MALFORMED_HINT)
            self.surrogate = self.surrogate or _surrogate(unit) is not None
        self.pos = pos + len(unit)
        self.col += 1
        return unit

    def end(self) -> _Position:
        return self.parser.end_of_line(self.li, self.col)


class _Parser:
    def __init__(self, text: str, path: str, force_slow: bool) -> None:
        # Java reads UTF-16 units: a character outside the BMP is two reads (two columns, and two of
        # the four reads after '#'), so such characters are split into surrogate pairs while parsing.
        self.astral = not text.isascii() and _ASTRAL.search(text) is not None
        text = _ASTRAL.sub(_to_pair, text) if self.astral else text
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")  # _split's line breaks, as one text
        self.lines = self.text.split("\n")
        self.path = path
        self.force_slow = force_slow
        self.last_prefix: str | None = None  # Boot's lastLineCommentPrefixCharacter
        self.done: list[_Doc] = []
        self.doc = _Doc(1)
        self.duplicates: list[Duplicate] = []
        #: Each document's entries by key (see _BY_KEY), once run.
        self.by_key: list[dict[str, Entry]] = []

    def run(self, whole: bool = True) -> tuple[tuple[Document, ...], tuple[Duplicate, ...]]:
        if whole:
            result = self.whole_file()
            if result is not None:
                return result
        state: _Next = (0, 0, None)
        count = len(self.lines)
        plain = not self.force_slow and not self.astral
        while state[0] < count:
            if plain and state[1] == 0 and state[2] is None:
                li = self.plain_lines(state[0])
                if li == count:
                    break
                state = (li, 0, None)
            state = self.step(*state)
        docs = self.done + ([self.doc] if self.doc.values else [])
        # Each entry was made with its document's index: len(done) while it is the current one.
        documents = tuple(Document(i, tuple(doc.values.values()), doc.line) for i, doc in enumerate(docs))
        self.by_key = [doc.values for doc in docs]
        return documents, tuple(self.duplicates)

    def whole_file(self) -> tuple[tuple[Document, ...], tuple[Duplicate, ...]] | None:
        """The file read as :meth:`plain_lines` would read it, when every line is one it reads (or a
        blank line, or a comment that is not a document separator): None for any other file.

        A file of a million keys is mostly such lines, and a loop over them in Python costs about
        two microseconds a line; here each step is one operation over every line (a ``map`` of a
        ``str`` method, a join), and what a line may hold is decided by tests of the whole text.
        """
        text = self.text
        if self.force_slow or self.astral or "\\" in text:  # no escapes, no continuation lines
            return None
        lines = self.lines
        numbers: range | list[int] = range(1, len(lines) + 1)
        # (A search for a character that is rare in such files goes first: "\n#" alone would stop at every line.)
        if (text.startswith(("#", "!", "\n")) or "\n\n" in text or ("#" in text and "\n#" in text)
                or ("!" in text and "\n!" in text)):
            # Blank lines and comments read nothing, and without a separator (which a comment
            # met in an empty document would also need to matter) a comment changes no state.
            if "#---" in text or "!---" in text:  # (anywhere: a search for '#' and '!' is fast, a "\n" one is not)
                return None
            numbers = list(compress(numbers, lines))
            lines = list(compress(lines, lines))
            comments = list(map(methodcaller("startswith", ("#", "!")), lines))
            if True in comments:
                kept = list(map(not_, comments))
                numbers = list(compress(numbers, kept))
                lines = list(compress(lines, kept))
            del comments
        elif lines[-1] == "":  # the end of the last line
            numbers = numbers[:-1]
            lines = lines[:-1]
        if not lines:
            return None
        parts = [line.partition("=") for line in lines]
        keys = list(map(itemgetter(0), parts))
        rests = list(map(itemgetter(2), parts))
        del parts
        # A key is the line up to '=', with none of Boot's other key ends (': \t\f'), nothing trim()
        # would remove and no list suffix; a line without '=' is then a key alone, as in plain_lines.
        joined = " ".join(keys)
        if (joined.count(" ") != len(keys) - 1 or not all(keys) or not joined.isprintable()
                or ":" in joined or "[] " in joined or joined.endswith("[]")):
            return None
        del joined
        if (" " in text and "= " in text) or "\t" in text or "\f" in text:
            values = list(map(methodcaller("lstrip", _WS), rests))  # trailing whitespace is kept, as in Boot
            columns = map(add, map(sub, map(len, lines), map(len, values)), repeat(1))
        else:  # no value starts with whitespace: each starts right after its key's '='
            values = rests
            columns = map(add, map(len, keys), repeat(2))
        del rests
        kind, path = OriginKind.FILE, self.path
        origins = list(map(Origin, repeat(kind), repeat(path), numbers, columns))
        if "" in values:  # an empty value is placed at the end of its line (Boot's quirk)
            for index, value in enumerate(values):
                if not value:
                    origins[index] = Origin(kind, path, *self.end_of_line(numbers[index] - 1, len(lines[index])))
        del lines
        entries = list(map(Entry, keys, values, origins))
        del values, origins
        by_key = dict(zip(keys, entries))
        duplicates: list[Duplicate] = []
        if len(by_key) != len(keys):
            # Rare: as plain_lines, the last entry of a key in its first place, each repeat paired with the one before.
            by_key = {}
            for key, entry in zip(keys, entries):
                before = by_key.get(key)
                if before is not None:
                    duplicates.append(Duplicate(key, before.origin, entry.origin))
                by_key[key] = entry
        self.by_key = [by_key]
        return (Document(0, tuple(by_key.values()), 1),), tuple(duplicates)

    def plain_lines(self, li: int) -> int:
        """Read the ``key=value`` and empty lines from ``lines[li]`` on; return the index of the first other line.

        The most common lines, read in one loop: what :meth:`step`, :meth:`fast_entry` and
        :meth:`put` do for a line without a backslash whose key starts it, is ended by ``=`` and
        is not a list (``key[]``).  Everything else (comments, indented lines, other separators,
        escapes) goes through :meth:`step`.
        """
        lines = self.lines
        count = len(lines)
        start = li
        path = self.path
        doc = self.doc
        values = doc.values
        index = len(self.done)
        duplicates = self.duplicates
        kind = OriginKind.FILE
        while li < count:
            line = lines[li]
            if not line:
                li += 1
                continue
            key, sep, rest = line.partition("=")
            # The key ends at the first of = : space tab formfeed, so none of the others may come before '='.
            if (not sep or line[0] in "#! \t\f" or "\\" in line
                    or ":" in key or " " in key or "\t" in key or "\f" in key):
                break
            key = key.strip(_TRIM)
            if not key or key[-2:] == "[]":
                break
            value = rest.lstrip(_WS)  # trailing whitespace is kept, as in Boot
            if value:
                origin = Origin(kind, path, li + 1, len(line) - len(value) + 1)
            else:
                origin = Origin(kind, path, *self.end_of_line(li, len(line)))
            previous = values.get(key)
            if previous is not None:
                duplicates.append(Duplicate(key, previous.origin, origin))
            values[key] = Entry(key, value, origin, index)
            li += 1
        if li > start:
            self.last_prefix = None
        return li

    def end_of_line(self, li: int, col: int) -> _Position:
        # Boot asks for the location after reading the line break, which already counted the next line.
        if li + 1 < len(self.lines):
            return (li + 2, 0)
        # At end of file Java 16+'s LineNumberReader counts an unterminated last line as ended too.
        return (li + 2 if self.lines[li] else li + 1, col + 1)

    def error(self, reason: str, at: _Position, hint: str) -> SourceError:
        return SourceError(reason, file=self.path, line=at[0], column=at[1], hint=hint)

    def step(self, li: int, pos: int, column: int | None) -> _Next:
        """Read one logical line from ``lines[li][pos:]``; return where Boot's next read starts.

        ``column`` is None at a normal line start (leading whitespace skipped, counted from 0);
        otherwise it is the column Boot gives the first read after ``#--- `` (see slow_comment).
        """
        text = self.lines[li][pos:]
        if column is None:
            body = text.lstrip(_WS)
            lead = len(text) - len(body)
            if not body:
                self.last_prefix = None
                return li + 1, 0, None
            if not self.force_slow:
                # Boot reads up to four chars after '#' with escape processing; without a backslash
                # among them the comment is plain text.
                if body[0] in "#!" and "\\" not in body[1:5]:
                    separator = self.fast_separator(body, lead)
                    self.comment(body[0], separator, li + 2)
                    return li + 1, 0, len(text) + 1 if separator and len(body) > 4 else None
                if body[0] not in "#!" and "\\" not in text:
                    self.last_prefix = None
                    self.fast_entry(li, text, lead)
                    return li + 1, 0, None
            cursor = _Cursor(self, li, pos + lead, lead)
        else:
            cursor = _Cursor(self, li, pos, column)
        unit = cursor.read()
        at = cursor.at
        # Boot tests the character it read: '\#', '\u0023' or a '#' after a continuation opens a comment.
        if unit is not None and _char(unit) in ("#", "!"):
            return self.slow_comment(cursor, _char(unit), at[1] == 1)
        self.last_prefix = None
        if unit is not None:
            self.slow_entry(cursor, unit, at)
        return cursor.li + 1, 0, None

    def fast_separator(self, body: str, lead: int) -> bool:
        return lead == 0 and self.last_prefix != body[0] and body[1:4] == "---" and not body[4:].lstrip(_WS)

    def slow_comment(self, cursor: _Cursor, prefix: str, column_zero: bool) -> _Next:
        separator, unit = self.read_separator(cursor, prefix, column_zero)
        self.comment(prefix, separator, cursor.li + 2)
        if separator and unit is not None:
            # The line break after '#--- ' was read while skipping whitespace, which does not reset
            # Boot's column: the next line keeps counting and its leading whitespace is not skipped.
            return cursor.li + 1, 0, cursor.col + len(self.lines[cursor.li]) - cursor.pos + 1
        if not separator and unit is not None and len(unit) > 1 and _char(unit) == "\n":
            # skipComment stops at any '\n', even an escaped one: the rest is read as a new line.
            return cursor.li, cursor.pos, None
        return cursor.li + 1, 0, None

    def read_separator(self, cursor: _Cursor, prefix: str, column_zero: bool) -> tuple[bool, str | None]:
        """Boot's isNewDocument, read for read; also returns the last unit read (None: end of line)."""
        if self.last_prefix == prefix:
            return False, None
        unit = cursor.read()
        if not column_zero:
            return False, unit
        hyphens = unit is not None and _char(unit) == "-"
        for _ in range(2):
            if hyphens:
                unit = cursor.read()
                hyphens = unit is not None and _char(unit) == "-"
        if unit is not None:
            unit = cursor.read()
        if unit is None or unit not in _WS_UNITS:
            return hyphens and unit is None, unit
        # Boot then skips raw whitespace; only the end of the line may follow.
        return hyphens and not self.lines[cursor.li][cursor.pos :].lstrip(_WS), unit

    def comment(self, prefix: str, separator: bool, next_line: int) -> None:
        if separator:
            if self.doc.values:
                self.done.append(self.doc)
            self.doc = _Doc(next_line)
            return
        # Boot's quirk: a comment met while the new document is still empty resumes the previous one.
        if not self.doc.values and self.done:
            self.doc = self.done.pop()
        self.last_prefix = prefix

    def fast_entry(self, li: int, line: str, lead: int) -> None:
        match = _KEY_STOP.search(line, lead)
        if match is None:
            key, start = line[lead:], len(line)
        else:
            key, start = line[lead : match.start()], match.end()
            if match.group() not in "=:":
                start = len(line) - len(line[start:].lstrip(_WS))
                if line[start : start + 1] in ("=", ":"):
                    start += 1
        key = key.strip(_TRIM)
        if not key.endswith("[]"):
            self.put_all(key, [self.fast_value(li, line, start, len(line))], False)
            return
        items, offset = [], start
        pieces = line[start:].split(",")
        for piece in pieces:
            items.append(self.fast_value(li, line, offset, offset + len(piece)))
            offset += len(piece) + 1
        if len(pieces) > 1 and not pieces[-1]:
            items.pop()  # same do/while rule as _values
        self.put_all(key, items, True)

    def fast_value(self, li: int, line: str, start: int, end: int) -> tuple[str, _Position]:
        value = line[start:end].lstrip(_WS)  # trailing whitespace is kept, as in Boot
        begin = end - len(value)
        if begin < len(line):
            return value, (li + 1, begin + 1)
        return value, self.end_of_line(li, len(line))

    def slow_entry(self, cursor: _Cursor, first: str, at: _Position) -> None:
        units: list[_Unit] = [(first, at)]
        while (unit := cursor.read()) is not None:
            units.append((unit, cursor.at))
        if cursor.surrogate:
            self.check_pairs(units)
        key_end, start = _key_span(units)
        is_list = "".join(_char(unit) for unit, _ in units[:key_end]).strip(_TRIM).endswith("[]")
        items = _values(units, start, cursor.end(), is_list)
        raws = ["".join(unit for unit, _ in units[:key_end])] + [raw for raw, _ in items]
        decoded = self.unescape(raws, at)
        values = [(value, item[1]) for value, item in zip(decoded[1:], items)]
        self.put_all(decoded[0].strip(_TRIM), values, is_list)

    def check_pairs(self, units: list[_Unit]) -> None:
        """Java keeps a lone surrogate from a \\u escape; a Python str holding one breaks printing later."""
        high: _Unit | None = None  # a high half still waiting for its low half
        for unit in units:
            code = _surrogate(unit[0])
            is_low = code is not None and code >= 0xDC00
            if (high is not None) != is_low:
                break
            high = unit if code is not None and not is_low else None
        else:
            if high is None:
                return
        bad = high or unit
        reason = f"unpaired surrogate \\u{_surrogate(bad[0]):04X} in a \\u escape"
        raise self.error(reason, bad[1], _SURROGATE_HINT)

    def unescape(self, raws: list[str], at: _Position) -> list[str]:
        """Unescape raw one-line pieces with jproperties, as ``0=<raw>``, ``1=<raw>``, ... in one load."""
        import jproperties  # only lines with a backslash get here: plain files never import it

        props = jproperties.Properties()
        try:
            props.load("\n".join(f"{index}={raw}" for index, raw in enumerate(raws)))
            return [props[str(index)].data for index in range(len(raws))]
        except Exception as error:  # never let jproperties' own errors (or their empty messages) out
            detail = getattr(error, "message", "") or type(error).__name__
            raise self.error(f"cannot unescape this line ({detail})", at, _MALFORMED_HINT) from None

    def put_all(self, key: str, items: list[tuple[str, _Position]], is_list: bool) -> None:
        if not is_list:
            self.put(key, *items[0])
            return
        for index, (value, at) in enumerate(items):
            self.put(f"{key[:-2]}[{index}]", value, at)

    def put(self, key: str, value: str, at: _Position) -> None:
        if not key:
            return  # Boot drops an empty key: '=orphan', blank lines
        if self.astral:
            key, value = _join_pairs(key), _join_pairs(value)
        origin = Origin.file(self.path, *at)
        previous = self.doc.values.get(key)
        if previous is not None:
            self.duplicates.append(Duplicate(key, previous.origin, origin))
        self.doc.values[key] = Entry(key, value, origin, len(self.done))
