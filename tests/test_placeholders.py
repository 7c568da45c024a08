"""portconfig.placeholders: Spring Framework 6.2's PlaceholderParser syntax, text in, parts out.

Background: spring-semantics.md §1.2-§1.6.  Expected parts are written with
``T`` (literal text) and ``P`` (a placeholder compared by ``.text``, ``.name``,
``.default`` and ``.simple``).  ``simple`` is what Spring calls a
SimplePlaceholderPart: no ``${`` anywhere in the placeholder's text.
"""

from __future__ import annotations

import random

import pytest

from portconfig import placeholders
from portconfig.placeholders import Placeholder, Text, parse, split_section, unclosed_prefixes

BS = "\\"


def T(text: str) -> Text:
    return Text(text)


def _parts(value):
    if value is None:
        return None
    if isinstance(value, str):
        return (Text(value),)
    return tuple(value)


def P(text: str, name, default=None, *, simple: bool | None = None) -> tuple:
    """An expected placeholder.  ``name``/``default``: a str (one text part) or a tuple of parts."""
    if simple is None:
        simple = "${" not in text
    return ("P", text, _parts(name), _parts(default), simple)


def shape(parts) -> tuple | None:
    """Actual parts in the form ``T``/``P`` build: placeholders by text, name, default and simple."""
    if parts is None:
        return None
    out = []
    for part in parts:
        if type(part) is Text:
            out.append(part)
        else:
            assert type(part) is Placeholder
            out.append(("P", part.text, shape(part.name), shape(part.default), part.simple))
    return tuple(out)


def check(value: str, expected: tuple, escape: str | None = BS) -> None:
    assert shape(parse(value, escape)) == expected
    # the full parser, whatever path parse() took
    assert shape(placeholders._Parser(value, escape).run()) == expected


# --- simple placeholders and plain text ------------------------------------------------

SIMPLE = [
    ("", ()),
    ("plain", (T("plain"),)),
    ("${a}", (P("a", "a"),)),
    ("x${a}y", (T("x"), P("a", "a"), T("y"))),
    ("${a}${b}", (P("a", "a"), P("b", "b"))),
    ("${a}-${a}", (P("a", "a"), T("-"), P("a", "a"))),
    ("$PORT", (T("$PORT"),)),  # no other syntax exists (P19)
    ("${ PORT }", (P(" PORT ", " PORT "),)),  # no trimming (P14)
    ("${}", (P("", ""),)),  # an empty name (P13)
    ("${a}}", (P("a", "a"), T("}"))),  # stray } is literal (P22)
    ("$${a}", (T("$"), P("a", "a"))),
    ("{${a}}", (T("{"), P("a", "a"), T("}"))),
    ("}{", (T("}{"),)),
    ("${server.port}", (P("server.port", "server.port"),)),
    ("${random.int[1024,65536]}", (P("random.int[1024,65536]", "random.int[1024,65536]"),)),
]


@pytest.mark.parametrize(("value", "expected"), SIMPLE, ids=[v for v, _ in SIMPLE])
def test_simple(value: str, expected: tuple) -> None:
    check(value, expected)


# --- defaults: the first unescaped colon splits; colons in defaults; empty defaults ----

DEFAULTS = [
    ("${PORT:8080}", (P("PORT:8080", "PORT", "8080"),)),
    ("${url:http://localhost:8080/x}", (P("url:http://localhost:8080/x", "url", "http://localhost:8080/x"),)),
    ("${a:b:c}", (P("a:b:c", "a", "b:c"),)),
    ("${X:}", (P("X:", "X", ""),)),
    ("${a:}x", (P("a:", "a", ""), T("x"))),
    ("${:}", (P(":", "", ""),)),
    ("${:def}", (P(":def", "", "def"),)),
    ("${PORT: 8080 }", (P("PORT: 8080 ", "PORT", " 8080 "),)),
    ("${PORT:-8080}", (P("PORT:-8080", "PORT", "-8080"),)),
    ("${PORT:=8080}", (P("PORT:=8080", "PORT", "=8080"),)),
    ("${my:test}", (P("my:test", "my", "test"),)),
    ("${prefix://my-service}", (P("prefix://my-service", "prefix", "//my-service"),)),
    ("http://${host:localhost}:${port:8080}/", (
        T("http://"), P("host:localhost", "host", "localhost"), T(":"), P("port:8080", "port", "8080"), T("/"),
    )),
]


@pytest.mark.parametrize(("value", "expected"), DEFAULTS, ids=[v for v, _ in DEFAULTS])
def test_defaults(value: str, expected: tuple) -> None:
    check(value, expected)


# --- nesting in the name and in the default ----------------------------------------------
# Spring splits the first text part that holds a separator; the default then starts
# with that text part, even when it is empty (Text("") before a nested placeholder).

NESTING = [
    ("${a:${b:c}}", (P("a:${b:c}", "a", (T(""), P("b:c", "b", "c"))),)),
    ("${a:${b}}", (P("a:${b}", "a", (T(""), P("b", "b"))),)),
    ("${one:or${two}}", (P("one:or${two}", "one", (T("or"), P("two", "two"))),)),
    ("${invalid:${p1}:${p2}}", (
        P("invalid:${p1}:${p2}", "invalid", (T(""), P("p1", "p1"), T(":"), P("p2", "p2"))),
    )),
    ("${a:b${c}:d}", (P("a:b${c}:d", "a", (T("b"), P("c", "c"), T(":d"))),)),
    ("${a:${b:${c:deep}}}", (
        P("a:${b:${c:deep}}", "a", (T(""), P("b:${c:deep}", "b", (T(""), P("c:deep", "c", "deep"))))),
    )),
    ("${first${nested}}", (P("first${nested}", (T("first"), P("nested", "nested"))),)),
    ("${${nested0}${nested1}}", (P("${nested0}${nested1}", (P("nested0", "nested0"), P("nested1", "nested1"))),)),
    ("${x${a}}", (P("x${a}", (T("x"), P("a", "a"))),)),
    ("${${a}:d}", (P("${a}:d", (P("a", "a"), T("")), "d"),)),
    ("${${a:k}:d}", (P("${a:k}:d", (P("a:k", "a", "k"), T("")), "d"),)),
    ("${a${b}:c${d}}", (P("a${b}:c${d}", (T("a"), P("b", "b"), T("")), (T("c"), P("d", "d"))),)),
    ("${${x}}", (P("${x}", (P("x", "x"),)),)),
    ("${p0${p0}}", (P("p0${p0}", (T("p0"), P("p0", "p0"))),)),
    ("${server.port:${PORT:8080}}", (
        P("server.port:${PORT:8080}", "server.port", (T(""), P("PORT:8080", "PORT", "8080"))),
    )),
]


@pytest.mark.parametrize(("value", "expected"), NESTING, ids=[v for v, _ in NESTING])
def test_nesting(value: str, expected: tuple) -> None:
    check(value, expected)


# --- brace counting: a bare { nests too ---------------------------------------------------

BRACES = [
    ("${a{b}c}", (P("a{b}c", "a{b}c"),)),
    ("${a:{b}}", (P("a:{b}", "a", "{b}"),)),
    ("${{}}", (P("{}", "{}"),)),
    ("${a{b}}}", (P("a{b}", "a{b}"), T("}"))),
    ("${a}{b}", (P("a", "a"), T("{b}"))),
    ("${a{b}", (T("${a{b}"),)),  # unclosed: the } closes the bare {
    ("${a{{b}}c:d}", (P("a{{b}}c:d", "a{{b}}c", "d"),)),
]


@pytest.mark.parametrize(("value", "expected"), BRACES, ids=[v for v, _ in BRACES])
def test_brace_counting(value: str, expected: tuple) -> None:
    check(value, expected)


# --- an unclosed ${ is text, and Spring 6.2 keeps scanning after it ----------------------

UNCLOSED = [
    ("${", (T("${"),)),
    ("${a", (T("${a"),)),
    ("${PORT:8080", (T("${PORT:8080"),)),
    ("${a ${b}", (T("${a "), P("b", "b"))),  # P17: 6.1 stopped here, 6.2 goes on
    ("${a${b}", (T("${a"), P("b", "b"))),
    ("${a} ${b", (P("a", "a"), T(" ${b"))),
    ("test${of${with${and${", (T("test${of${with${and${"),)),
    ("x ${a:${b} y", (T("x ${a:"), P("b", "b"), T(" y"))),
    ("${x:${y", (T("${x:${y"),)),
]


@pytest.mark.parametrize(("value", "expected"), UNCLOSED, ids=[v for v, _ in UNCLOSED])
def test_unclosed_is_text(value: str, expected: tuple) -> None:
    check(value, expected)


# --- escapes (6.2): \${ is a literal ${, \: in a name is a colon, defaults are kept as written

ESCAPES = [
    (BS + "${firstName}", (T("${firstName}"),)),
    ("First name: " + BS + "${firstName}", (T("First name: ${firstName}"),)),
    ("$" + BS + "${firstName}", (T("$${firstName}"),)),
    ("start" + BS + "${prop1}middle" + BS + "${prop2}end", (T("start${prop1}middle${prop2}end"),)),
    # no escape-the-escape: exactly one backslash is dropped
    (BS * 2 + "${user.name}", (T(BS + "${user.name}"),)),
    ("triple" + BS * 3 + "${backslash}", (T("triple" + BS * 2 + "${backslash}"),)),
    # an escape before an unclosed ${ is kept
    (BS + "${a", (T(BS + "${a"),)),
    ("adc" + BS + "${", (T("adc" + BS + "${"),)),
    # an escape anywhere else is literal
    (BS + "}${firstName}", (T(BS + "}"), P("firstName", "firstName"))),
    (BS, (T(BS),)),
    ("${a" + BS + "}", (P("a" + BS, "a" + BS),)),
    # scanning goes on right after an escaped ${, so a placeholder inside it is live
    (BS + "${a${b}}", (T("${a"), P("b", "b"), T("}"))),
    # \: in the name
    ("${first" + BS + ":Name}", (P("first" + BS + ":Name", "first:Name"),)),
    ("${a" + BS + ":b:c}", (P("a" + BS + ":b:c", "a:b", "c"),)),
    ("${last" + BS + ":Name}", (P("last" + BS + ":Name", "last:Name"),)),
    ("${protocol" + BS + "://host/${app.environment}/name}", (
        P("protocol" + BS + "://host/${app.environment}/name",
          (T("protocol://host/"), P("app.environment", "app.environment"), T("/name"))),
    )),
    ("${service/host/${name" + BS + ":value}/}", (
        P("service/host/${name" + BS + ":value}/",
          (T("service/host/"), P("name" + BS + ":value", "name:value"), T("/"))),
    )),
    # escapes are NOT processed in defaults ...
    ("${a:b" + BS + ":c}", (P("a:b" + BS + ":c", "a", "b" + BS + ":c"),)),
    # ... but an escaped ${ in a default stays literal (the placeholder is not simple)
    ("${a:" + BS + "${b}}", (P("a:" + BS + "${b}", "a", "${b}", simple=False),)),
    ("${p0:def" + BS + "${p1}}", (P("p0:def" + BS + "${p1}", "p0", "def${p1}", simple=False),)),
    ("${" + BS + "${a}}", (P(BS + "${a}", "${a}", simple=False),)),
    ("${x" + BS + "${y}}", (P("x" + BS + "${y}", "x${y}", simple=False),)),
]


@pytest.mark.parametrize(("value", "expected"), ESCAPES, ids=[v for v, _ in ESCAPES])
def test_escapes(value: str, expected: tuple) -> None:
    check(value, expected)


# --- escape=None: Spring before 6.2, or spring.placeholder.escapeCharacter.default= -------

NO_ESCAPE = [
    (BS + "${firstName}", (T(BS), P("firstName", "firstName"))),
    (BS * 2 + "${x}", (T(BS * 2), P("x", "x"))),
    ("${first" + BS + ":Name}", (P("first" + BS + ":Name", "first" + BS, "Name"),)),
    ("${a" + BS + ":b:c}", (P("a" + BS + ":b:c", "a" + BS, "b:c"),)),
    ("${a:" + BS + "${b}}", (P("a:" + BS + "${b}", "a", (T(BS), P("b", "b"))),)),
    ("${x" + BS + "${y}}", (P("x" + BS + "${y}", (T("x" + BS), P("y", "y"))),)),
    (BS + "${a", (T(BS + "${a"),)),
    ("${PORT:8080}", (P("PORT:8080", "PORT", "8080"),)),
]


@pytest.mark.parametrize(("value", "expected"), NO_ESCAPE, ids=[v for v, _ in NO_ESCAPE])
def test_escape_disabled(value: str, expected: tuple) -> None:
    check(value, expected, escape=None)


# --- Placeholder's own fields -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "index", "raw", "offset"),
    [
        ("x${a:b}y", 1, "${a:b}", 1),
        ("${a}", 0, "${a}", 0),
        ("ab${c${d}}", 1, "${c${d}}", 2),
        (BS + "${q}${r}", 1, "${r}", 5),
    ],
)
def test_raw_and_offset(value: str, index: int, raw: str, offset: int) -> None:
    part = parse(value)[index]
    assert type(part) is Placeholder
    assert (part.raw, part.offset) == (raw, offset)


# --- unclosed_prefixes: offsets of each ${ Spring keeps as text --------------------------

UNCLOSED_PREFIXES = [
    ("", BS, []),
    ("plain", BS, []),
    ("${a}", BS, []),
    ("${a", BS, [0]),
    ("${PORT:8080", BS, [0]),
    ("${a ${b}", BS, [0]),
    ("${a} ${b", BS, [5]),
    ("test${of${with${and${", BS, [4, 8, 14, 19]),
    ("${a{b}", BS, [0]),
    ("${a:${b}", BS, [0]),
    (BS + "${a}", BS, []),
    # an escaped unclosed ${ is meant as text: not reported ...
    (BS + "${a", BS, []),
    ("x" + BS + "${", BS, []),
    # ... unless escaping is off
    (BS + "${a", None, [1]),
    ("x" + BS + "${", None, [2]),
]


@pytest.mark.parametrize(("value", "escape", "expected"), UNCLOSED_PREFIXES)
def test_unclosed_prefixes(value: str, escape: str | None, expected: list[int]) -> None:
    assert unclosed_prefixes(value, escape) == expected


def test_unclosed_prefixes_shortcut_agrees_with_the_scan() -> None:
    """Values whose braces all sit in flat ${...} skip the brace scan; the answer must not change."""
    rng = random.Random(11)
    shortcut = 0
    for _ in range(5_000):
        value = "".join(rng.choice(["${", "}", "{", ":", "a", " ", "$", BS]) for _ in range(rng.randint(1, 14)))
        for escape in (BS, None):
            assert unclosed_prefixes(value, escape) == _scanned_unclosed(value, escape), (value, escape)
            shortcut += value.count("${") > 0 and value.count("{") == value.count("}") == value.count("${")
    assert shortcut > 200


def _scanned_unclosed(value: str, escape: str | None) -> list[int]:
    braces = placeholders._matching_braces(value)
    start, scanned = value.find("${"), []
    while start != -1:
        escaped = escape is not None and start > 0 and value[start - 1] == escape
        if start + 1 not in braces and not escaped:
            scanned.append(start)
        start = value.find("${", start + 2)
    return scanned


def _nested_value(rng: random.Random, depth: int = 0) -> str:
    pieces = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.3 or depth > 4:
            pieces.append(rng.choice(["a", ":", " ", "{", "}", "$", BS, "${", "x{y}"]))
        else:
            pieces.append("${" + _nested_value(rng, depth + 1) + rng.choice(["}", "}", "}", "", "}}"]))
    return "".join(pieces)


def test_unclosed_prefixes_shortcuts_agree_with_the_scan_on_nested_values() -> None:
    """Nested values (where the shortcuts that skip the brace scan apply) give the scan's offsets."""
    rng = random.Random(12)
    skipped = 0
    for _ in range(20_000):
        value = _nested_value(rng)
        for escape in (BS, None):
            scanned = _scanned_unclosed(value, escape)
            assert unclosed_prefixes(value, escape) == scanned, (value, escape)
        skipped += not scanned and value.count("${") > 1
    assert skipped > 1_000


# --- split_section: (name, default) at the first unescaped separator ---------------------

SPLIT_SECTION = [
    ("", BS, ("", None)),
    ("a", BS, ("a", None)),
    ("a:b", BS, ("a", "b")),
    ("a:b:c", BS, ("a", "b:c")),
    (":", BS, ("", "")),
    ("a:", BS, ("a", "")),
    ("a" + BS + ":b:c", BS, ("a:b", "c")),
    ("a" + BS + ":b", BS, ("a:b", None)),
    (BS + ":", BS, (":", None)),
    ("a:b" + BS + ":c", BS, ("a", "b" + BS + ":c")),  # the default is returned as written
    ("a" + BS * 2 + ":b", BS, ("a" + BS + ":b", None)),  # no escape-the-escape either
    ("a" + BS + ":b", None, ("a" + BS, "b")),
    (BS + ":", None, (BS, "")),
    ("a:b:c", None, ("a", "b:c")),
]


@pytest.mark.parametrize(("text", "escape", "expected"), SPLIT_SECTION)
def test_split_section(text: str, escape: str | None, expected: tuple) -> None:
    assert split_section(text, escape) == expected


# --- the fast flat path and the full parser agree -----------------------------------------

ALPHABET = ["${", "}", "{", ":", "a", BS, " ", "$"]


def test_fast_path_agrees_with_full_parser() -> None:
    rng = random.Random(20240601)
    compared = 0
    for _ in range(20_000):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        for escape in (BS, None):
            assert shape(parse(value, escape)) == shape(placeholders._Parser(value, escape).run()), (value, escape)
            compared += 1
    assert compared == 40_000


def test_flat_path_is_taken_and_agrees() -> None:
    """The regex path really answers for flat values, and answers what the parser does."""
    rng = random.Random(7)
    taken = 0
    for _ in range(5_000):
        value = "".join(rng.choice(["${", "}", ":", "a", " ", "$"]) for _ in range(rng.randint(1, 14)))
        flat = placeholders._parse_flat(value)
        if flat is None:
            continue
        taken += 1
        assert shape(flat) == shape(placeholders._Parser(value, None).run()), value
    assert taken > 500


# --- depth: parsing is iterative -------------------------------------------------------------

DEPTH = 10_000


def test_deeply_nested_default_parses() -> None:
    value = "${a:" * DEPTH + "x" + "}" * DEPTH
    parts = parse(value)
    assert len(parts) == 1
    part = parts[0]
    for _ in range(DEPTH - 1):
        assert type(part) is Placeholder and part.name == (Text("a"),) and not part.simple
        assert part.default is not None and part.default[0] == Text("")
        part = part.default[1]
    assert (part.text, part.name, part.default, part.simple) == ("a:x", (Text("a"),), (Text("x"),), True)


def test_deeply_nested_name_parses() -> None:
    value = "${" * DEPTH + "a" + "}" * DEPTH
    part = parse(value)[0]
    levels = 1
    while not part.simple:
        assert len(part.name) == 1 and part.default is None
        part = part.name[0]
        levels += 1
    assert levels == DEPTH
    assert part.text == "a"
