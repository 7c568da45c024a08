"""Tests for portconfig.properties: Spring Boot's OriginTrackedPropertiesLoader, reproduced.

Expected positions are Boot's own (1-based line, column counted in Boot's reads;
column 0 is Boot's "next line" quirk).  Rows marked [quirk] are Boot behaviours
found by running Boot's loader logic on a JDK 17, kept on purpose.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import jproperties
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portconfig.errors import SourceError
from portconfig.model import Duplicate, Origin
from portconfig.properties import _parse, load_properties

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "spring-fixtures"
CORPUS = SHARED / "corpus" / "real"
PATH = "app.properties"


def entries(data: str | bytes, encoding: str | None = None) -> list[tuple[str, str, str]]:
    """(key, value, "line:col") for every entry of every document, in order."""
    raw = data.encode("latin-1") if isinstance(data, str) else data
    source = load_properties(raw, PATH, encoding=encoding)
    return [(e.key, e.value, f"{e.origin.line}:{e.origin.column}") for e in source.entries()]


def documents(text: str) -> list[list[str]]:
    return [[e.key for e in doc.entries] for doc in load_properties(text.encode("latin-1"), PATH).documents]


# --- Boot's own fixtures, with the answers Boot gave -----------------------------------------

FIXTURE_NAMES = sorted(p.name for p in (FIXTURES / "boot-env").glob("*.properties"))


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared Spring fixtures not present")
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_matches_boot(name: str) -> None:
    expected = json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    data = (FIXTURES / "boot-env" / name).read_bytes()
    if "error" in expected:
        with pytest.raises(SourceError) as info:
            load_properties(data, name)
        assert info.value.reason == expected["error"]["message"]
        return
    source = load_properties(data, name)
    got = [
        [{"key": e.key, "value": e.value, "origin": f"{e.origin.line}:{e.origin.column}"}
         for e in doc.entries]
        for doc in source.documents
    ]
    assert got == expected["documents"]
    assert source.encoding == expected["encoding"]


# --- F-vectors (spring-semantics.md §7) and neighbours: text -> entries -----------------------

ENTRY_ROWS = [
    # key/separator forms
    pytest.param("blah   =   hello world", [("blah", "hello world", "1:12")], id="F01-spaces-around-equals"),
    pytest.param("bar   foo=baz", [("bar", "foo=baz", "1:7")], id="F02-space-separator"),
    pytest.param("hello   world", [("hello", "world", "1:9")], id="F03-spaces-only"),
    pytest.param("proper\\\\ty=test", [("proper\\ty", "test", "1:11")], id="F04-escaped-backslash-in-key"),
    pytest.param("foo\nx=1", [("foo", "", "2:0"), ("x", "1", "2:3")], id="F05-empty-value-next-line-quirk"),
    pytest.param("bat = a\\\\", [("bat", "a\\", "1:7")], id="F06-escaped-backslash-at-end"),
    pytest.param("bling = a=b", [("bling", "a=b", "1:9")], id="F07-separator-in-value"),
    pytest.param(
        "#commented-property=test\n!commented-two=bang\\\nafter=1\n",
        [("after", "1", "3:7")],
        id="F08-comments-do-not-continue",
    ),
    pytest.param("u=properties\\u0026test", [("u", "properties&test", "1:3")], id="F09-unicode-escape"),
    pytest.param(
        "test\\=property=helloworld", [("test=property", "helloworld", "1:15")],
        id="F10-escape-is-one-column",
    ),
    pytest.param("c: my-property", [("c", "my-property", "1:4")], id="F11-colon-separator"),
    pytest.param("t=foo\\tbar", [("t", "foo\tbar", "1:3")], id="F12-tab"),
    pytest.param("r=foo\\rbar", [("r", "foo\rbar", "1:3")], id="F12-return"),
    pytest.param("n=foo\\nbar", [("n", "foo\nbar", "1:3")], id="F12-newline"),
    pytest.param("f=foo\\fbar", [("f", "foo\fbar", "1:3")], id="F12-form-feed"),
    pytest.param("w   =   foo   bar", [("w", "foo   bar", "1:9")], id="F13-inner-whitespace-kept"),
    pytest.param("m= a\\\n  b\\\\\\\n  c", [("m", "ab\\c", "1:4")], id="F14-continuations"),
    pytest.param(
        "foods[]=Apple,\\\nOrange,\\\nStrawberry,\\\nMango",
        [("foods[0]", "Apple", "1:9"), ("foods[1]", "Orange", "2:1"), ("foods[2]", "Strawberry", "3:1"),
         ("foods[3]", "Mango", "4:1")],
        id="F15-list-over-continuations",
    ),
    pytest.param("v=foo \\\n!bar #foo", [("v", "foo !bar #foo", "1:3")], id="F16-comment-chars-in-value"),
    pytest.param("b=\\\n!foo", [("b", "!foo", "2:1")], id="F17-continued-bang"),
    pytest.param(
        "iso=\xe6\xd7\xc8\xc5\xde\xdf\xe1\xf1\xc0\xff", [("iso", "æ×ÈÅÞßáñÀÿ", "1:5")],
        id="F18-iso-8859-1",
    ),
    pytest.param(
        "x= trailing \ny= trailing\\ ", [("x", "trailing ", "1:4"), ("y", "trailing ", "2:4")],
        id="F19-trailing-space",
    ),
    # line endings: \r\n and \r end lines, no \r is left in values
    pytest.param("a=1\r\nb=2\r\n", [("a", "1", "1:3"), ("b", "2", "2:3")], id="F21-crlf"),
    pytest.param("a=1\rb=2\r", [("a", "1", "1:3"), ("b", "2", "2:3")], id="F21-cr-only"),
    pytest.param("a=x\\\r\n  y\r\nb=2", [("a", "xy", "1:3"), ("b", "2", "3:3")], id="F21-crlf-continuation"),
    # encodings and the byte-order mark
    pytest.param("k=café".encode(), [("k", "cafÃ©", "1:3")], id="F22-utf8-read-as-iso"),
    pytest.param(b"\xef\xbb\xbfserver.port=8080", [("ï»¿server.port", "8080", "1:16")], id="F23-bom-kept"),
    # dropped and duplicated keys
    pytest.param("=orphan\nk=v", [("k", "v", "2:3")], id="F24-empty-key-dropped"),
    pytest.param("a=1\na=2", [("a", "2", "2:3")], id="F25-last-wins"),
    pytest.param(
        "a=\\${b}\nc=\\\\${d}", [("a", "${b}", "1:3"), ("c", "\\${d}", "2:3")],
        id="F26-backslash-dollar",
    ),
    pytest.param("a= #notcomment\n  # comment\n", [("a", "#notcomment", "1:4")], id="F27-hash-in-value"),
    pytest.param(
        "k\\ ey=v\nk ey2=v2", [("k ey", "v", "1:6"), ("k", "ey2=v2", "2:3")],
        id="F28-escaped-space-in-key",
    ),
    pytest.param(
        "list[]=a,b\\,c, d\nempty[]=\n",
        [("list[0]", "a", "1:8"), ("list[1]", "b,c", "1:10"), ("list[2]", "d", "1:15"),
         ("empty[0]", "", "3:0")],
        id="F29-lists",
    ),
    pytest.param(
        "one=1\nnone\nzero=\ntwo=2",
        [("one", "1", "1:5"), ("none", "", "3:0"), ("zero", "", "4:0"), ("two", "2", "4:5")],
        id="F35-empty-values",
    ),
    # jproperties' metadata comments are plain comments for Boot
    pytest.param("#: meta=x\n#:\n!:\nk=v", [("k", "v", "4:3")], id="metadata-comments-ignored"),
    # end of file: Java 16+ counts an unterminated last line as ended, so the line moves on
    pytest.param("a=1\nfoo", [("a", "1", "1:3"), ("foo", "", "3:4")], id="eof-empty-value"),
    pytest.param("foo=", [("foo", "", "2:5")], id="eof-after-equals"),
    pytest.param("a=b\\", [("a", "b", "1:3")], id="eof-stray-backslash-dropped"),
    pytest.param("a=\\", [("a", "", "2:3")], id="eof-only-stray-backslash"),
    pytest.param("a=\\\n", [("a", "", "2:1")], id="continuation-into-eof"),
    # list corners
    pytest.param(
        "l[]=a,\nm[]=a, \n", [("l[0]", "a", "1:5"), ("m[0]", "a", "2:5"), ("m[1]", "", "3:0")],
        id="list-trailing-comma",
    ),
    pytest.param("[]=a,b", [("[0]", "a", "1:4"), ("[1]", "b", "1:6")], id="list-without-name"),
    pytest.param("l[] = x", [("l[0]", "x", "1:7")], id="list-spaced-separator"),
    # keys: Java's trim() also removes an escaped trailing space and control characters
    pytest.param("k\\ =v", [("k", "v", "1:4")], id="key-escaped-trailing-space-trimmed"),
    pytest.param("\x01k\x01=v", [("k", "v", "1:5")], id="key-control-chars-trimmed"),
    # [quirk] Boot tests the character it read, escaped or not
    pytest.param("\\#k=v\nx=1", [("x", "1", "2:3")], id="quirk-escaped-hash-is-comment"),
    # [quirk] skipComment stops at an escaped \n: the rest of the line is read as a new line
    pytest.param("!\t\\na=b", [("a", "b", "1:3")], id="quirk-escaped-newline-in-comment"),
    # [quirk] after '#--- ' Boot's column is not reset: no whitespace skip, columns run on
    pytest.param(
        "a=1\n#--- \nk=v", [("a", "1", "1:3"), ("k", "v", "3:9")],
        id="quirk-separator-trailing-space",
    ),
    pytest.param(
        "a=1\n#--- \n  k=v\nb=2", [("a", "1", "1:3"), ("b", "2", "4:3")],
        id="quirk-next-line-indented-lost",
    ),
]


@pytest.mark.parametrize(("data", "expected"), ENTRY_ROWS)
def test_entries(data: str | bytes, expected: list[tuple[str, str, str]]) -> None:
    assert entries(data) == expected


UTF8_ROWS = [
    pytest.param("k=café".encode(), [("k", "café", "1:3")], id="F22-utf8"),
    pytest.param(b"\xef\xbb\xbfserver.port=8080", [("\ufeffserver.port", "8080", "1:14")], id="F23-bom-utf8"),
    # Java counts UTF-16 units: a character outside the BMP takes two columns
    pytest.param("k😀=v".encode(), [("k😀", "v", "1:5")], id="astral-two-columns"),
    pytest.param(b"x=\\uD83D\\uDE00", [("x", "😀", "1:3")], id="surrogate-pair-escape"),
]


@pytest.mark.parametrize(("data", "expected"), UTF8_ROWS)
def test_entries_utf8(data: bytes, expected: list[tuple[str, str, str]]) -> None:
    assert entries(data, "utf-8") == expected


# --- the source file: encoding, BOM flag, origins, document indexes, duplicates ---------------


@pytest.mark.parametrize(
    ("data", "encoding", "name", "bom"),
    [
        (b"a=1", None, "ISO-8859-1", False),
        (b"a=1", "utf-8", "utf-8", False),
        (b"a=1", "UTF8", "utf-8", False),
        (b"a=1", "latin-1", "ISO-8859-1", False),
        (b"\xef\xbb\xbfa=1", None, "ISO-8859-1", True),
        (b"\xef\xbb\xbfa=1", "utf-8", "utf-8", True),
    ],
)
def test_source_file_fields(data: bytes, encoding: str | None, name: str, bom: bool) -> None:
    source = load_properties(data, PATH, encoding=encoding)
    assert (source.path, source.format, source.encoding, source.bom) == (PATH, "properties", name, bom)


def test_origins_and_document_indexes() -> None:
    source = load_properties(b"a=1\n#---\nb=2", PATH)
    assert [(e.key, e.origin, e.document) for e in source.entries()] == [
        ("a", Origin.file(PATH, 1, 3), 0),
        ("b", Origin.file(PATH, 3, 3), 1),
    ]
    assert [(d.index, d.line) for d in source.documents] == [(0, 1), (1, 3)]


def test_duplicates_pair_each_occurrence_with_the_previous_one() -> None:
    source = load_properties(b"a=1\nb=x\na=2\na=3", PATH)
    assert [(e.key, e.value) for e in source.entries()] == [("a", "3"), ("b", "x")]
    assert source.duplicates == (
        Duplicate("a", Origin.file(PATH, 1, 3), Origin.file(PATH, 3, 3)),
        Duplicate("a", Origin.file(PATH, 3, 3), Origin.file(PATH, 4, 3)),
    )


def test_duplicate_keys_in_different_documents_are_not_duplicates() -> None:
    assert load_properties(b"a=1\n#---\na=2", PATH).duplicates == ()


# --- multi-document files: keys per document -----------------------------------------------

DOCUMENT_ROWS = [
    pytest.param("a=a\n#---\nb=b", [["a"], ["b"]], id="F30-pound"),
    pytest.param("a=a\n!---\nb=b", [["a"], ["b"]], id="F30-bang"),
    pytest.param("a=a\n#--- \t\nb=b", [["a"], ["b"]], id="F30-trailing-whitespace"),
    pytest.param("a=a\n \t#---\nb=b", [["a", "b"]], id="F31-leading-whitespace"),
    pytest.param("a=a\n#--- comment\nb=b", [["a", "b"]], id="F31-trailing-chars"),
    pytest.param("a=a\n#----\nb=b", [["a", "b"]], id="F31-four-hyphens"),
    pytest.param("a=a\n# comment\n!---\nb=b", [["a"], ["b"]], id="F32-other-prefix-separates"),
    pytest.param("a=a\n! comment\n#---\nb=b", [["a"], ["b"]], id="F32-other-prefix-separates-bang"),
    pytest.param("a=a\n# comment\n#---\nb=b", [["a", "b"]], id="F32-same-prefix-is-comment"),
    pytest.param("#---\na=a\n#---\n#---\nb=b\n#---\n", [["a"], ["b"]], id="F33-no-empty-documents"),
    pytest.param("a=a\n#---\n# x\nb=b", [["a", "b"]], id="resume-quirk"),
    pytest.param(
        "# Test\n#---\n\nspring=boot\n\n#---\n# Test\n\nboot=bar\n\n!---\n! Test\n!---\n\nok=well",
        [["spring", "boot", "ok"]],
        id="F34-existing-comments-are-not-separators",
    ),
    pytest.param("a=a\n#---\n\n# x\n!---\nb=b", [["a"], ["b"]], id="resume-then-separate"),
    pytest.param("a=a\n#--\\u002d\nb=b", [["a"], ["b"]], id="escaped-hyphen-separates"),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENT_ROWS)
def test_documents(text: str, expected: list[list[str]]) -> None:
    assert documents(text) == expected


def test_document_line_is_first_line_after_separator() -> None:
    source = load_properties(b"#---\n# c\na=1\n#---\n\nb=2", PATH)
    assert [d.line for d in source.documents] == [2, 5]


# --- errors: SourceError with file, line, column and a hint --------------------------------

ERROR_ROWS = [
    pytest.param(b"a=\\u12", None, "Malformed \\uxxxx encoding.", 1, 3, id="truncated-at-eof"),
    pytest.param(b"a=\\u12\nb=1", None, "Malformed \\uxxxx encoding.", 1, 3, id="truncated-at-eol"),
    pytest.param(b"a=\\u", None, "Malformed \\uxxxx encoding.", 1, 3, id="bare-u-at-eof"),
    pytest.param(b"\n\nb=x\\u(026", None, "Malformed \\uxxxx encoding.", 3, 4, id="F20-non-hex"),
    pytest.param(b"a=\\u+123", None, "Malformed \\uxxxx encoding.", 1, 3, id="sign-is-not-hex"),
    pytest.param(b"# \\users", None, "Malformed \\uxxxx encoding.", 1, 3, id="quirk-comment-reads-escape"),
    pytest.param(b"a=\\uD800", None, "unpaired surrogate \\uD800 in a \\u escape", 1, 3, id="lone-high"),
    pytest.param(b"a=x\\uDE00", None, "unpaired surrogate \\uDE00 in a \\u escape", 1, 4, id="lone-low"),
    pytest.param(
        b"a=\\uD83Dx", None, "unpaired surrogate \\uD83D in a \\u escape", 1, 3,
        id="high-then-text",
    ),
    pytest.param(
        b"a=\\uD83D\\uD83D", None, "unpaired surrogate \\uD83D in a \\u escape", 1, 3,
        id="high-then-high",
    ),
    pytest.param(
        b"a=\\uD83D\\uDE00\\uDE00", None, "unpaired surrogate \\uDE00 in a \\u escape", 1, 5,
        id="pair-then-low",
    ),
    pytest.param(
        b"\\uD83D=\\uDE00", None, "unpaired surrogate \\uD83D in a \\u escape", 1, 1,
        id="split-by-separator",
    ),
    pytest.param(b"a=1\nb=caf\xe9\n", "utf-8", "byte 0xE9 is not valid utf-8", 2, 6, id="invalid-utf8"),
    pytest.param(b"\xff", "utf-8", "byte 0xFF is not valid utf-8", 1, 1, id="invalid-utf8-first-byte"),
]


@pytest.mark.parametrize(("data", "encoding", "reason", "line", "column"), ERROR_ROWS)
def test_errors(data: bytes, encoding: str | None, reason: str, line: int, column: int) -> None:
    with pytest.raises(SourceError) as info:
        load_properties(data, PATH, encoding=encoding)
    error = info.value
    assert (error.reason, error.file, error.line, error.column) == (reason, PATH, line, column)
    assert error.hint
    assert str(error).startswith(f"{PATH}:{line}:{column}: {reason}; ")


def test_malformed_hint_explains_literal_backslash_u() -> None:
    with pytest.raises(SourceError) as info:
        load_properties(b"path=C:\\users", PATH)
    assert "\\\\u" in info.value.hint


def test_unknown_encoding() -> None:
    with pytest.raises(SourceError, match="unknown encoding 'nope'"):
        load_properties(b"a=1", PATH, encoding="nope")


def test_jproperties_errors_are_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    # jproperties raises ParseError('') on a truncated \u; make sure such errors never leak.
    def broken(self: jproperties.Properties, *args: object, **kwargs: object) -> None:
        raise jproperties.ParseError("", 1)

    monkeypatch.setattr(jproperties.Properties, "load", broken)
    with pytest.raises(SourceError) as info:
        load_properties(b"a=\\t", PATH)
    assert info.value.reason and info.value.line == 1


# --- real-world corpus: never anything but SourceError ---------------------------------------

CORPUS_FILES = sorted(CORPUS.glob("*.properties")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_loads(path: Path) -> None:
    data = path.read_bytes()
    try:
        load_properties(data, path.name)
    except SourceError:
        return
    text = data.decode("latin-1")
    assert _parse(text, path.name) == _parse(text, path.name, force_slow=True)


# --- the fast path and the slow path agree -------------------------------------------------

# Everything a line without a backslash can hold that matters to the parser.
PLAIN_PIECES = [
    "a", "key", ".", "-", "=", ":", " ", "  ", "\t", "\f", ",", "#", "!", "[]", "---", "é", "${x}", "\x01",
]
LINE_ENDS = ["\n", "\r\n", "\r"]

plain_lines = st.lists(st.sampled_from(PLAIN_PIECES), max_size=8).map("".join)
plain_files = st.lists(st.tuples(plain_lines, st.sampled_from(LINE_ENDS)), max_size=10).map(
    lambda rows: "".join(line + end for line, end in rows)
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(plain_files, st.booleans())
def test_fast_path_agrees_with_slow_path(text: str, drop_last_newline: bool) -> None:
    if drop_last_newline:
        text = text.rstrip("\r\n")
    assert _parse(text, PATH) == _parse(text, PATH, force_slow=True)


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared Spring fixtures not present")
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixtures_agree_when_forced_slow(name: str) -> None:
    text = (FIXTURES / "boot-env" / name).read_text(encoding="latin-1")
    try:
        fast = _parse(text, name)
    except SourceError:
        with pytest.raises(SourceError):
            _parse(text, name, force_slow=True)
        return
    assert fast == _parse(text, name, force_slow=True)


# --- differential: whole-file jproperties, where Boot and java.util.Properties agree ----------
# Excluded by construction: list keys, separators, empty keys, keys with whitespace or control
# characters at an end, '#:' lines, escapes near a comment's start, lone surrogates, bad \u,
# and a continuation right after a whitespace separator (jproperties differs from Java there).

KEY_MIDDLE = ["a", "b", ".", "-", "\\=", "\\:", "\\ ", "\\\\", "\\u0041", "\\t", "\\#"]
VALUE_PIECES = [
    "v", "w", " ", "=", ":", "#", "!", ",", "[]", "é", "${x}", "\\\\", "\\t", "\\n", "\\u00e9",
    "\\uD83D\\uDE00", "\\=", "\\ ", "\\$", "\\\n   ", "\\\r\n\t", "\\,",
]
SEPARATORS = ["=", ":", " ", " = ", "\t:\t", "  "]


def random_file(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(0, 12)):
        lead = rng.choice(["", " ", "\t "])
        kind = rng.random()
        if kind < 0.15:
            tail = rng.choice(["", "x", "ends \\", "#:x"])
            lines.append(lead + rng.choice(["#", "!"]) + " comment " + tail)
        elif kind < 0.25:
            lines.append(rng.choice(["", "   "]))
        else:
            key = "k" + "".join(rng.choice(KEY_MIDDLE) for _ in range(rng.randint(0, 4))) + rng.choice("xyz")
            value = "".join(rng.choice(VALUE_PIECES) for _ in range(rng.randint(0, 6)))
            separator = rng.choice(SEPARATORS)
            if not separator.strip() and value[:1] in (" ", "\\"):
                # jproperties (unlike Java and Boot) does not look past a continuation for '=' or ':'.
                value = "v" + value
            lines.append(lead + key + separator + value)
    text = "".join(line + rng.choice(LINE_ENDS) for line in lines)
    return text[:-1] if text and rng.random() < 0.3 else text


@pytest.mark.parametrize("seed", range(20))
def test_matches_jproperties_where_boot_and_java_properties_agree(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        data = random_file(rng).encode("latin-1")
        reference = jproperties.Properties()
        reference.load(data, "iso-8859-1")
        source = load_properties(data, PATH)
        assert {e.key: e.value for e in source.entries()} == dict(reference.properties), data
