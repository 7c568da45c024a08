"""Spring Framework 6.2's placeholder syntax: text in, parts out.  Pure: no lookups, no I/O.

The rules are PlaceholderParser's (spring-semantics §1), kept on purpose:

* ``${`` opens a placeholder; its ``}`` is found by counting braces, and a bare
  ``{`` counts too, so ``${a{b}c}`` names ``a{b}c``.
* An unclosed ``${`` is plain text and scanning goes on after it.
* ``\\${`` is a literal ``${``: exactly one backslash is dropped.
* Inside a placeholder the name ends at the first ``:`` not preceded by ``\\``;
  ``\\:`` in the name is a literal colon.  Escapes in a default are not processed.
* A placeholder with no ``${`` inside is *simple*: Spring first asks for its
  whole text (``${a:b}`` asks for a key ``a:b``) and only then for the name.

Parsing is iterative, so a value nested thousands of levels deep cannot
exhaust the Python stack, and brace matching is one pass over the braces, so
parsing stays linear however deep the nesting goes.
"""

from __future__ import annotations

import functools
import re

PREFIX = "${"
SUFFIX = "}"
SEPARATOR = ":"
ESCAPE = "\\"

_BRACES = re.compile(r"[{}]")


class Text:
    """Literal text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return type(other) is Text and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Text({self.text!r})"


class Placeholder:
    """``${...}``.

    ``text`` is Spring's "part text": what stands between ``${`` and ``}``.  A
    simple placeholder has a single-text ``name``; ``default`` is ``None`` when
    there is no separator.  The source text is kept by reference and sliced on
    demand, so deeply nested values do not copy themselves once per level.
    """

    __slots__ = ("_source", "_start", "_end", "name", "default", "simple", "whole")

    def __init__(
        self,
        source: str,
        start: int,
        end: int,
        name: tuple[Part, ...],
        default: tuple[Part, ...] | None,
        simple: bool,
    ) -> None:
        self._source = source
        self._start = start
        self._end = end
        self.name = name
        self.default = default
        self.simple = simple
        #: Simple, and its text is not just its name (a default, or an escaped colon): Spring
        #: 6.2.2+ asks for the whole text first.  The name is the text less those, so lengths tell.
        self.whole = simple and (default is not None or len(name[0].text) != end - start)

    @property
    def text(self) -> str:
        return self._source[self._start : self._end]

    @property
    def raw(self) -> str:
        """The placeholder as written, ``${...}`` included."""
        return self._source[self._start - len(PREFIX) : self._end + len(SUFFIX)]

    @property
    def offset(self) -> int:
        """Index of ``${`` in the parsed value."""
        return self._start - len(PREFIX)

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Placeholder
            and other.text == self.text
            and other.name == self.name
            and other.default == self.default
            and other.simple == self.simple
        )

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Placeholder({self.text!r}, name={self.name!r}, default={self.default!r})"


Part = Text | Placeholder


def parse(value: str, escape: str | None = ESCAPE) -> tuple[Part, ...]:
    """Split ``value`` into text and placeholder parts (adjacent text merged, empty text dropped).

    ``escape`` is Spring's escape character; ``None`` disables escaping, as
    Spring before 6.2 (or ``spring.placeholder.escapeCharacter.default=``) does.
    """
    if PREFIX not in value:
        return (Text(value),) if value else ()
    return _parse_cached(value, escape)


@functools.lru_cache(maxsize=65_536)
def _parse_cached(value: str, escape: str | None) -> tuple[Part, ...]:
    first = value.find(PREFIX)
    nested = value.find(PREFIX, first + 2, value.find(SUFFIX, first)) != -1  # ${A:${b}}: not flat
    if not nested and (escape is None or escape not in value) and value.count("{") == value.count(PREFIX):
        flat = _parse_flat(value)
        if flat is not None:
            return flat
    try:
        return tuple(_parse_range(value, 0, len(value), _matching_braces(value), escape, 0))
    except _TooDeep:
        return _Parser(value, escape).run()


#: Deeper nesting than this is parsed by the iterative :class:`_Parser` (no Python recursion).
_MAX_RECURSION = 64


class _TooDeep(Exception):
    pass


def _parse_range(
    value: str, start: int, end: int, braces: dict[int, int], escape: str | None, depth: int
) -> list[Part]:
    """The parts of ``value[start:end]``: what :class:`_Parser` computes, with plain recursion.

    The common nesting (``${A:${b:default}}``) is a few levels deep, and
    recursion costs far less per level than the parser's explicit frames.
    """
    parts: list[Part] = []
    pending: list[str] = []
    position = start
    index = value.find(PREFIX, start, end)
    while index != -1:
        close = braces.get(index + 1, -1)
        after = index + 2
        if close == -1 or close >= end:  # unclosed here: plain text, scanning goes on after it
            pending.append(value[position:after])
            position = after
        elif escape is not None and index > start and value[index - 1] == escape:
            if index - 1 > position:
                pending.append(value[position : index - 1])
            pending.append(PREFIX)
            position = after
        else:
            if index > position:
                pending.append(value[position:index])
            if pending:
                parts.append(Text("".join(pending)))
                pending = []
            if value.find(PREFIX, after, close) == -1:
                name, default = split_section(value[after:close], escape)
                parts.append(
                    Placeholder(value, after, close, (Text(name),), None if default is None else (Text(default),), True)
                )
            else:
                if depth >= _MAX_RECURSION:
                    raise _TooDeep
                inner = _parse_range(value, after, close, braces, escape, depth + 1)
                parts.append(_nested(value, after, close, inner, escape))
            position = close + 1
        index = value.find(PREFIX, position, end)
    if end > position:
        pending.append(value[position:end])
    if pending:
        parts.append(Text("".join(pending)))
    return parts


def _nested(value: str, start: int, end: int, parts: list[Part], escape: str | None) -> Placeholder:
    """A placeholder whose text holds a ``${``: its name runs to the first separator in a text part."""
    name_parts: list[Part] = []
    for index, part in enumerate(parts):
        if type(part) is not Text:
            name_parts.append(part)
            continue
        name, default = split_section(part.text, escape)
        name_parts.append(Text(name))
        if default is not None:
            return Placeholder(value, start, end, tuple(name_parts), (Text(default), *parts[index + 1 :]), False)
    return Placeholder(value, start, end, tuple(name_parts), None, False)


_FLAT = re.compile(r"\$\{([^{}]*)\}")
#: A { whose next brace is a }: the brace scan always closes the one with the other.
_PAIR = re.compile(r"\{[^{}]*\}")
#: Passes of _PAIR before unclosed_prefixes falls back to the scan: each undoes one level of nesting.
_STRIP_PASSES = 3


def _parse_flat(value: str) -> tuple[Part, ...] | None:
    """The common case in one regex pass: no escapes, no nesting, every ``{`` opens a placeholder.

    Under those conditions Spring's brace-counting scan closes each ``${`` at
    the next ``}``, which is exactly what the regex matches.  Returns None when
    some ``${`` is left unclosed, so the full parser decides.
    """
    parts: list[Part] = []
    position = 0
    for match in _FLAT.finditer(value):
        start, end = match.span()
        if start > position:
            parts.append(Text(value[position:start]))
        text = match.group(1)
        name, default = split_section(text, None)
        parts.append(
            Placeholder(value, start + 2, end - 1, (Text(name),), None if default is None else (Text(default),), True)
        )
        position = end
    if len(parts) - sum(type(part) is Text for part in parts) != value.count(PREFIX):
        return None
    if position < len(value):
        parts.append(Text(value[position:]))
    return tuple(parts)


def has_placeholder(parts: tuple[Part, ...]) -> bool:
    return any(type(part) is Placeholder for part in parts)


def split_section(text: str, escape: str | None = ESCAPE) -> tuple[str, str | None]:
    """Split a placeholder's text at the first unescaped separator: ``(name, default or None)``.

    ``\\:`` before the separator is a literal colon with its backslash dropped;
    the default is returned exactly as written.
    """
    if SEPARATOR not in text:
        return text, None
    buffer: list[str] = []
    position = 0
    index = text.find(SEPARATOR)
    while index != -1:
        if escape is not None and index > 0 and text[index - 1] == escape:
            buffer.append(text[position : index - 1])
            buffer.append(SEPARATOR)
            position = index + 1
            index = text.find(SEPARATOR, position)
        else:
            buffer.append(text[position:index])
            return "".join(buffer), text[index + 1 :]
    buffer.append(text[position:])
    return "".join(buffer), None


def _matching_braces(value: str) -> dict[int, int]:
    """Map the index of every ``{`` to its closing ``}``, as Spring's depth-counting scan would find it."""
    matches: dict[int, int] = {}
    open_braces: list[int] = []
    for brace in _BRACES.finditer(value):
        index = brace.start()
        if value[index] == "{":
            open_braces.append(index)
        elif open_braces:
            matches[open_braces.pop()] = index
    return matches


class _Frame:
    """One level of the parse: the text between ``start`` and ``end``."""

    __slots__ = ("start", "end", "inside", "parts", "pending", "position", "next", "found_prefix")

    def __init__(self, value: str, start: int, end: int, inside: bool) -> None:
        self.start = start
        self.end = end
        self.inside = inside
        self.parts: list[Part] = []
        self.pending: list[str] = []
        self.position = start
        self.next = value.find(PREFIX, start, end)
        self.found_prefix = self.next != -1

    def add_text(self, text: str) -> None:
        if text:
            self.pending.append(text)

    def flush_text(self) -> None:
        if self.pending:
            self.parts.append(Text("".join(self.pending)))
            self.pending = []


class _Parser:
    def __init__(self, value: str, escape: str | None) -> None:
        self.value = value
        self.escape = escape
        self.braces = _matching_braces(value)

    def run(self) -> tuple[Part, ...]:
        value = self.value
        stack = [_Frame(value, 0, len(value), inside=False)]
        while True:
            frame = stack[-1]
            child = self._advance(frame)
            if child is not None:
                stack.append(child)
                continue
            frame.add_text(value[frame.position : frame.end])
            frame.flush_text()
            stack.pop()
            if not stack:
                return tuple(frame.parts)
            stack[-1].parts.append(self._placeholder(frame))

    def _advance(self, frame: _Frame) -> _Frame | None:
        """Scan ``frame`` up to its next real placeholder and return a frame for it, or None at the end."""
        value = self.value
        while frame.next != -1:
            start = frame.next
            close = self.braces.get(start + 1, -1)
            after = start + len(PREFIX)
            if close == -1 or close >= frame.end:
                frame.add_text(value[frame.position : after])
                frame.position = after
            elif self.escape is not None and start > frame.start and value[start - 1] == self.escape:
                frame.add_text(value[frame.position : start - 1])
                frame.add_text(PREFIX)
                frame.position = after
            else:
                frame.add_text(value[frame.position : start])
                frame.flush_text()
                frame.position = close + len(SUFFIX)
                frame.next = value.find(PREFIX, frame.position, frame.end)
                return _Frame(value, after, close, inside=True)
            frame.next = value.find(PREFIX, frame.position, frame.end)
        return None

    def _placeholder(self, frame: _Frame) -> Placeholder:
        if not frame.found_prefix:
            text = self.value[frame.start : frame.end]
            name, default = split_section(text, self.escape)
            return Placeholder(
                self.value,
                frame.start,
                frame.end,
                (Text(name),),
                None if default is None else (Text(default),),
                simple=True,
            )
        name_parts: list[Part] = []
        parts = frame.parts
        for index, part in enumerate(parts):
            if type(part) is not Text:
                name_parts.append(part)
                continue
            name, default = split_section(part.text, self.escape)
            name_parts.append(Text(name))
            if default is not None:
                default_parts = (Text(default), *parts[index + 1 :])
                return Placeholder(
                    self.value, frame.start, frame.end, tuple(name_parts), default_parts, simple=False
                )
        return Placeholder(self.value, frame.start, frame.end, tuple(name_parts), None, simple=False)


def unclosed_prefixes(value: str, escape: str | None = ESCAPE) -> list[int]:
    """Offsets of each ``${`` that Spring keeps as text because its ``}`` is missing."""
    if PREFIX not in value:
        return []
    # Only a { the scan leaves open makes an offset, and when every { is closed none is: the usual
    # case, told without the scan.  The scan closes a { at the first } that no later { takes ...
    if value.rfind("{") < value.find("}") and value.count("{") <= value.count("}"):
        return []  # ... so with every { before every }, and as many }, each is closed (${A:${b:c}})
    # Otherwise: a { whose next brace is } is closed by it, whatever else there is; take such pairs
    # out a few times over (${a}-${b}, ${A:${b}}/${c}) and see whether a { is left.
    stripped = value
    for _ in range(_STRIP_PASSES):
        stripped, removed = _PAIR.subn("", stripped)
        if "{" not in stripped:
            return []
        if not removed:
            break
    braces = _matching_braces(value)
    offsets = []
    start = value.find(PREFIX)
    while start != -1:
        escaped = escape is not None and start > 0 and value[start - 1] == escape
        if start + 1 not in braces and not escaped:
            offsets.append(start)
        start = value.find(PREFIX, start + len(PREFIX))
    return offsets
