"""portconfig.yamlfile: YAML read the way Spring Boot's OriginTrackedYamlLoader reads it.

Every test runs twice, once with libyaml's parser and once with PyYAML's pure-Python
one, because users get whichever their PyYAML build has and both must say the same.
Expected values come from Spring Boot's own fixtures and tests, from SnakeYAML runs
recorded in ../shared/reference/spring-semantics.md (the Y vectors), and from the
Spring oracle in ../shared/spring-oracle.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portconfig import yamlfile
from portconfig.errors import SourceError
from portconfig.model import SourceFile
from portconfig.yamlfile import load_yaml

SHARED = Path(__file__).resolve().parents[2] / "shared"
BOOT_ENV = SHARED / "spring-fixtures" / "boot-env"
EXPECTED = SHARED / "spring-fixtures" / "expected"
CORPUS = SHARED / "corpus" / "real"
CORPUS_FILES = sorted(CORPUS.glob("*.y*ml")) if CORPUS.is_dir() else []
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (Spring fixtures) is not present")

LOADERS = [pytest.param(yamlfile._PyLoader, id="python")]
if hasattr(yamlfile, "_CLoader"):
    LOADERS.append(pytest.param(yamlfile._CLoader, id="libyaml"))


@pytest.fixture(autouse=True, params=LOADERS)
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    monkeypatch.setattr(yamlfile, "_LOADER", request.param)
    return request.param


def load(text: str | bytes) -> SourceFile:
    return load_yaml(text.encode() if isinstance(text, str) else text, "application.yml")


def pairs(text: str) -> list[tuple[str, str]]:
    return [(entry.key, entry.value) for entry in load(text).entries()]


def pairs_of(loaded: SourceFile) -> list[tuple[str, str]]:
    return [(e.key, e.value) for e in loaded.entries()]


def failure(text: str | bytes) -> SourceError:
    with pytest.raises(SourceError) as caught:
        load(text)
    return caught.value


# --- Spring Boot's own fixtures ---------------------------------------------------------

@needs_shared
@pytest.mark.parametrize("name", ["test-yaml.yml", "anchors.yml", "recursive.yml", "test-empty-yaml.yml"])
def test_boot_fixture_flattens_exactly(name: str) -> None:
    expected = json.loads((EXPECTED / f"{name}.json").read_text())["documents"]
    loaded = load_yaml((BOOT_ENV / name).read_bytes(), name)
    actual = [[(e.key, e.value) for e in document.entries] for document in loaded.documents]
    assert actual == [[(e["key"], e["value"]) for e in document] for document in expected]
    assert [d.index for d in loaded.documents] == list(range(len(expected)))


# The origins OriginTrackedYamlLoaderTests asserts (listed in the note of test-yaml.yml.json).
BOOT_ORIGINS = [
    ("name", "3:7"), ("foods[0]", "8:7"), ("foods[1]", "9:7"), ("foods[2]", "10:7"), ("foods[3]", "11:7"),
    ("languages.perl", "13:11"), ("languages.python", "14:13"), ("languages.pascal", "15:13"),
    ("education", "16:12"), ("example.foo[0].name", "22:15"), ("example.foo[0].url", "23:14"),
    ("example.foo[0].bar[0].bar1", "25:19"), ("example.foo[0].bar[1].bar2", "26:19"),
    ("empty", "27:8"), ("null-value", "28:13"), ("emptylist", "29:12"),
]


@needs_shared
@pytest.mark.parametrize(("key", "location"), BOOT_ORIGINS)
def test_boot_fixture_origins(key: str, location: str) -> None:
    loaded = load_yaml((BOOT_ENV / "test-yaml.yml").read_bytes(), "test-yaml.yml")
    origin = {e.key: e.origin for e in loaded.documents[0].entries}[key]
    assert (origin.name, f"{origin.line}:{origin.column}") == ("test-yaml.yml", location)


@needs_shared
def test_boot_fixture_documents_number_and_start() -> None:
    loaded = load_yaml((BOOT_ENV / "test-yaml.yml").read_bytes(), "test-yaml.yml")
    assert [(d.index, d.line) for d in loaded.documents] == [(0, 3), (1, 33)]
    assert {e.document for e in loaded.documents[1].entries} == {1}
    assert (loaded.format, loaded.encoding, loaded.bom, loaded.duplicates) == ("yaml", "utf-8", False, ())


# --- Scalar typing and rendering: what Spring sees is Java's toString of SnakeYAML's object ---

TYPING = [
    # Y08: YAML 1.1 integers (octal, hex, underscores, base 60)
    ("8080", "8080"), ("010", "8"), ("0x1F90", "8080"), ("8_080", "8080"), ("1:30", "90"), ("22:22", "1342"),
    # Y09: not octal, doubles, longs
    ("08080", "08080"), ("8080.0", "8080.0"), ("1e3", "1000.0"), ("99999999999", "99999999999"),
    # Y10: YAML 1.1 booleans
    ("off", "false"), ("True", "true"), ("yes", "true"), ("on", "true"), ("NO", "false"),
    # Verified against SnakeYAML
    ("0b_1", "1"), ("1_2:30", "750"), ("1:30.5", "90.5"), (".5", "0.5"), ("1.", "1.0"), ("0x_1F", "31"),
    ("-0", "0"), ("1e400", "Infinity"), ("12345678901234567890", "12345678901234567890"),
    ("1.0e+20", "1.0E20"), ("0.0001", "1.0E-4"), ("100000000.0", "1.0E8"), ("+1", "1"), ("0_7", "7"),
    ("=", "="), ("007", "7"),
    # Double.toString: plain notation only for 1e-3 <= |x| < 1e7, never fewer than two digits
    ("0.001", "0.001"), ("0.0015", "0.0015"), ("1000.0", "1000.0"), ("9999999.0", "9999999.0"),
    ("10000000.0", "1.0E7"), ("123456789.123", "1.23456789123E8"), ("-1.5e-10", "-1.5E-10"),
    ("-0.0", "-0.0"), ("-.inf", "-Infinity"), (".inf", "Infinity"), (".NaN", "NaN"), ("4.9e-324", "4.9E-324"),
    ("1e23", "1.0E23"), ("0.30000000000000004", "0.30000000000000004"), ("2.5E+3", "2500.0"),
    # Base 60 is summed in a Java int, which wraps (checked on the Spring oracle)
    ("99999999999:00", "-69312572"), ("190:20:30", "685230"), ("-1:30", "-90"),
    ("0x80000000", "2147483648"), ("-010", "-8"), ("0777", "511"),
    # Strings that only look typed
    ("1_0e1_0", "1_0e1_0"), ("0o17", "0o17"), ("8080:80", "8080:80"), ("0:30", "0:30"), ("y", "y"),
    ("2015-01-28", "2015-01-28"),  # Y05: Boot removes the timestamp resolver
    ("'8080'", "8080"), ('"010"', "010"), ("'yes'", "yes"), ("'~'", "~"),
    # Nulls and empties are all "" (Y03)
    ("", ""), ("~", ""), ("null", ""), ("NULL", ""), ("''", ""), ('""', ""),
    # An explicit standard tag wins over implicit typing
    ("!!str 010", "010"), ("!!int '010'", "8"), ("!!float 1", "1.0"), ("!!bool 'on'", "true"),
    ("!!null x", ""), ("!!binary aGk=", "aGk="), ("!!timestamp 2001-12-14", "2001-12-14"),
    # Y16: backslashes survive plain and single-quoted scalars for Spring's escape
    ("\\${x}", "\\${x}"), ("'\\${x}'", "\\${x}"), ('"\\\\${x}"', "\\${x}"),
    ("${PORT:8080}", "${PORT:8080}"), ('"${PORT: 8080}"', "${PORT: 8080}"),
]


@pytest.mark.parametrize(("text", "rendered"), TYPING)
def test_scalar_is_rendered_as_java_prints_it(text: str, rendered: str) -> None:
    assert pairs(f"v: {text}\n") == [("v", rendered)]


# --- Flattening: Spring's YamlProcessor.asMap + buildFlattenedMap --------------------------

FLATTENING = [
    # Y01, Y02: dotted keys, indexed lists, lists of maps
    ("foo:\n  bar: spam\n", [("foo.bar", "spam")]),
    ("e:\n  foo:\n    - name: x\n      bar:\n        - b1: y\n        - b2: z\n",
     [("e.foo[0].name", "x"), ("e.foo[0].bar[0].b1", "y"), ("e.foo[0].bar[1].b2", "z")]),
    ("a: [[1, 2], [3]]\n", [("a[0][0]", "1"), ("a[0][1]", "2"), ("a[1][0]", "3")]),
    ("a.b:\n  c: 1\n", [("a.b.c", "1")]),
    # A key starting with "[" is appended without a dot
    ('map:\n  "[a.b]": x\n', [("map[a.b]", "x")]),
    # Y11: non-string keys become [toString]
    ("1: one\ntrue: t\nserver:\n  yes: x\n", [("[1]", "one"), ("[true]", "t"), ("server[true]", "x")]),
    ("0x10: a\n1.5: b\n'1': c\n", [("[16]", "a"), ("[1.5]", "b"), ("1", "c")]),
    # Y03: empty values are kept as ""
    ("a: []\nb: {}\nc:\nd: ~\n", [("a", ""), ("b", ""), ("c", ""), ("d", "")]),
    # Y13: a dotted key colliding after flattening: the later value, in the first place
    ("a: {b: 1}\na.b: 2\nc: 3\n", [("a.b", "2"), ("c", "3")]),
    ("a.b: 2\na: {b: 1}\n", [("a.b", "1")]),
    # asMap collision: "[1]" and 1 name the same entry, the later map replaces the earlier (oracle)
    ('a:\n  "[1]": {x: 1}\n  1: {y: 2}\n', [("a[1].y", "2")]),
    # StringUtils.hasText: a blank prefix is dropped, an empty key is kept (oracle)
    ('" ":\n  b: 1\nc:\n  "": 2\n', [("b", "1"), ("c.", "2")]),
    # Y14: a document that is not a mapping lives under "document"
    ("plain scalar doc\n", [("document", "plain scalar doc")]),
    ("- a\n- b\n", [("document[0]", "a"), ("document[1]", "b")]),
    ("42\n", [("document", "42")]), ("[]\n", [("document", "")]), ("{}\n", [("document", "")]),
    # Y04: block scalars keep their final newline unless chomped
    ("a: |\n  x\n  y\n", [("a", "x\ny\n")]), ("a: >\n  x\n  y\n", [("a", "x y\n")]), ("a: |-\n  x\n", [("a", "x")]),
    # A collection used as a key is skipped (Boot prints an unusable artefact there)
    ("? [a, b]\n: c\nd: e\n", [("d", "e")]),
    # !!set is a Java Set of its keys
    ("a: !!set {x, y}\n", [("a[0]", "x"), ("a[1]", "y")]),
]


@pytest.mark.parametrize(("text", "expected"), FLATTENING)
def test_flattening(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


ORIGINS = [
    ("a: 1\n", "a", "1:4"),
    ("a:\n", "a", "1:3"),  # an empty value sits just after the colon
    ("a:\n  - b\n", "a[0]", "2:5"),
    ("a: []\n", "a", "1:4"),  # an empty collection: its own start
    ("a: !!str 8080\n", "a", "1:4"),  # a tag is part of the node
    ("x: &v 1\ny: *v\n", "y", "1:4"),  # an alias reports its anchor's node
    ("name: 日本\nport: [日本, 8080]\n", "port[1]", "2:12"),  # columns count characters
    ("a: 1\r\nb: 2\r\n", "b", "2:4"),
]


@pytest.mark.parametrize(("text", "key", "location"), ORIGINS)
def test_origin_is_value_start(text: str, key: str, location: str) -> None:
    origin = {e.key: e.origin for e in load(text).entries()}[key]
    assert (origin.name, f"{origin.line}:{origin.column}") == ("application.yml", location)


# --- Merge keys (Y07) ---------------------------------------------------------------------

MERGES = [
    # Explicit keys override merged ones, in the merged key's place
    ("b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n  z: 4\n",
     [("b.x", "1"), ("b.y", "2"), ("c.x", "1"), ("c.y", "3"), ("c.z", "4")]),
    ("b: &b {x: 1, y: 2}\nc:\n  y: 3\n  <<: *b\n", [("b.x", "1"), ("b.y", "2"), ("c.y", "3"), ("c.x", "1")]),
    # Among several merged maps the earlier wins
    ("m1: &m1 {a: 1}\nm2: &m2 {a: 2, b: 2}\nc:\n  <<: [*m1, *m2]\n",
     [("m1.a", "1"), ("m2.a", "2"), ("m2.b", "2"), ("c.a", "1"), ("c.b", "2")]),
    # A merged map that merges itself
    ("base: &base {k: 1, j: 1}\nmid: &mid\n  <<: *base\n  k: 2\nleaf:\n  <<: *mid\n",
     [("base.k", "1"), ("base.j", "1"), ("mid.k", "2"), ("mid.j", "1"), ("leaf.k", "2"), ("leaf.j", "1")]),
    # Two << keys in one mapping are not duplicates
    ("m1: &m1 {a: 1}\nm2: &m2 {b: 2}\nc:\n  <<: *m1\n  <<: *m2\n",
     [("m1.a", "1"), ("m2.b", "2"), ("c.a", "1"), ("c.b", "2")]),
    # A quoted "<<" is an ordinary key
    ("c:\n  '<<': x\n", [("c.<<", "x")]),
]


@pytest.mark.parametrize(("text", "expected"), MERGES)
def test_merge_keys(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


# --- Duplicate keys (Y12): one mapping, same typed key ------------------------------------

DUPLICATES = [
    ("a: 1\na: 2\n", "found duplicate key a (first at line 1, again at line 2)", 2, 1),
    ("yes: x\non: y\n", "found duplicate key true (first at line 1, again at line 2)", 2, 1),
    ("a: 1\n'a': 2\n", "found duplicate key a (first at line 1, again at line 2)", 2, 1),
    ("1: x\n0x1: y\n", "found duplicate key 1 (first at line 1, again at line 2)", 2, 1),
    ("s:\n  p: 1\n  q: 0\n  p: 2\n", "found duplicate key p (first at line 2, again at line 4)", 4, 3),
    ("{a: 1, a: 2}\n", "found duplicate key a (first at line 1, again at line 1)", 1, 8),
]


@pytest.mark.parametrize(("text", "reason", "line", "column"), DUPLICATES)
def test_duplicate_key_names_both_lines(text: str, reason: str, line: int, column: int) -> None:
    error = failure(text)
    assert (error.reason, error.line, error.column, error.file) == (reason, line, column, "application.yml")
    assert "duplicate" in error.hint


@pytest.mark.parametrize("text", [
    "a: 1\n'1': x\n1: y\n",  # "1" and 1 are different Java keys
    "1: x\n1.0: y\n",  # Integer and Double
    "b: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n",  # overriding a merged key is the point of merging
    "a:\n  x: 1\nb:\n  x: 1\n",  # same key, different mappings
])
def test_not_duplicates(text: str) -> None:
    load(text)


# --- Multiple documents (Y06) -------------------------------------------------------------

def test_documents_are_numbered_among_non_empty_ones() -> None:
    loaded = load("a: 1\n---\n# only a comment\n---\n~\n---\nb: 2\n")
    assert [(d.index, d.line, [(e.key, e.document) for e in d.entries]) for d in loaded.documents] == [
        (0, 1, [("a", 0)]), (1, 7, [("b", 1)])]


@pytest.mark.parametrize("text", ["", "# nothing\n", "---\n---\n", "--- ''\n", "--- null\n...\n"])
def test_empty_documents_are_skipped(text: str) -> None:
    assert load(text).documents == ()


# --- Errors: every one a SourceError with a 1-based position and a hint ------------------

ERRORS = [
    # Y15: a placeholder default with a space after the colon, unquoted
    ("port: ${PORT: 8080}\n", "mapping values are not allowed here", 1, 13),
    # Y16: \$ is no escape inside double quotes
    ('a: "\\${x}"\n', "found unknown escape character '$'", 1, 6),
    ("a: [1, 2\n", "expected ',' or ']', but got '<stream end>'", 2, 1),
    ("version: @project.version@\n", "found character '@' that cannot start any token", 1, 10),
    ("x: 1\n\t- y\n", "found character '\\t' that cannot start any token", 2, 1),
    ("a: *x\n", "found undefined alias 'x'", 1, 4),
    ("a: &x 1\nb: &x 2\n", "found duplicate anchor 'x'; first occurrence at line 1, second occurrence here", 2, 4),
    ("a: b\x07\n", "unacceptable character #x0007: special characters are not allowed", 1, 5),
    # Tags Spring Boot's safe loader refuses too
    ("a: !foo x\n", "unsupported YAML tag !foo", 1, 4),
    ("a: !!java.net.URL http://x\n", "unsupported YAML tag !!java.net.URL", 1, 4),
    ("a: !!omap [x: 1]\n", "unsupported YAML tag !!omap", 1, 4),
    ("a: !!str [1]\n", "unsupported YAML tag !!str on a sequence", 1, 4),
    ("a: <<\n", "unsupported YAML tag !!merge", 1, 4),
    ("a: !!int abc\n", "invalid !!int value 'abc'", 1, 4),
    ("a: !!float 1.2.3\n", "invalid !!float value '1.2.3'", 1, 4),
    # Failures Spring Boot hits after parsing
    ("~: x\n", "null key: Spring Boot fails with a NullPointerException", 1, 1),
    ("a:\n  null: x\n", "null key: Spring Boot fails with a NullPointerException", 2, 3),
    ("list:\n  - 1: x\n", "non-string key inside a list: Spring Boot fails with a ClassCastException", 2, 5),
    ("c:\n  <<: 1\n", "expected a mapping or list of mappings for merging, but found scalar", 2, 7),
    ("m: &m [1]\nc:\n  <<: [*m]\n", "expected a mapping or list of mappings for merging, but found sequence", 1, 4),
]


@pytest.mark.parametrize(("text", "reason", "line", "column"), ERRORS)
def test_error_position_and_reason(text: str, reason: str, line: int, column: int) -> None:
    error = failure(text)
    assert (error.reason, error.line, error.column, error.file) == (reason, line, column, "application.yml")
    assert error.hint


@pytest.mark.parametrize(("text", "advice"), [
    ("port: ${PORT: 8080}\n", '"${PORT: 8080}"'),
    ('a: "\\${x}"\n', "\\\\${x}"),
    ("version: @project.version@\n", "quote"),
])
def test_error_hints(text: str, advice: str) -> None:
    assert advice in failure(text).hint


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch {target}']",
    "!!python/object/new:os.system ['touch {target}']",
    "!!python/object/apply:subprocess.check_output [['touch', '{target}']]",
    "!!python/name:os.system",
])
def test_python_tags_are_refused_and_never_run(tag: str, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    error = failure(f"a: {tag.format(target=target)}\n")
    assert error.reason.startswith("unsupported YAML tag !!python/")
    assert not target.exists()


# --- Encodings ----------------------------------------------------------------------------

def test_utf8_bom_is_accepted_and_reported() -> None:
    loaded = load(b"\xef\xbb\xbfserver:\n  port: 8080\n")
    assert (loaded.bom, loaded.encoding, pairs_of(loaded)) == (True, "utf-8", [("server.port", "8080")])
    assert loaded.entries()[0].origin.line == 2


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding: str) -> None:
    loaded = load("\ufeffa: café\n".encode(encoding))
    assert (loaded.encoding, loaded.bom, pairs_of(loaded)) == (encoding, False, [("a", "café")])


@pytest.mark.parametrize(("data", "reason", "line", "column"), [
    (b"a: ok\nb: caf\xc3\xa9 \xff\n", "invalid UTF-8 byte sequence", 2, 9),
    (b"a: \xe9t\xe9\n", "invalid UTF-8 byte sequence", 1, 4),  # ISO-8859-1 text, as in .properties
    (b"\xff\xfe\x00\x00a\x00\x00\x00", "UTF-32 is not supported", 1, 1),
])
def test_undecodable_bytes(data: bytes, reason: str, line: int, column: int) -> None:
    error = failure(data)
    assert (error.reason, error.line, error.column) == (reason, line, column)


# --- Safety limits ------------------------------------------------------------------------

def laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused() -> None:
    assert "alias bomb" in failure(laughs(9)).hint


def test_moderate_aliasing_is_fine() -> None:
    assert len(load(laughs(4)).entries()) == sum(9 ** level for level in range(1, 5))


def test_merge_chain_bomb_is_refused() -> None:
    chain = "m0: &m0 {k0: 0}\n" + "".join(f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}\n" for i in range(1, 3000))
    assert "alias bomb" in failure(chain).hint


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &a {b: *a, c: 1}\n", [("a.c", "1")]),  # Boot overflows its stack here; we skip the loop
    ("s: &s [*s, 1]\n", [("s[1]", "1")]),
    ("a: &a {<<: *a, x: 1}\n", [("a.x", "1")]),
])
def test_recursive_structures_do_not_hang(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(("text", "ok"), ids=["flow-51", "flow-52", "scalar-51", "scalar-52", "block-51", "block-52"], argvalues=[
    # SnakeYAML's nestingDepthLimit (50), measured on the Spring oracle: 51 levels of
    # nodes load, a node one level deeper fails
    ("a: " + "[" * 50 + "]" * 50 + "\n", True),
    ("a: " + "[" * 51 + "]" * 51 + "\n", False),
    ("a: " + "[" * 49 + "x" + "]" * 49 + "\n", True),
    ("a: " + "[" * 50 + "x" + "]" * 50 + "\n", False),
    ("".join(" " * i + f"k{i}:\n" for i in range(49)) + " " * 49 + "v: x\n", True),
    ("".join(" " * i + f"k{i}:\n" for i in range(50)) + " " * 50 + "v: x\n", False),
])
def test_nesting_limit_matches_boot(text: str, ok: bool) -> None:
    if ok:
        load(text)
    else:
        assert failure(text).reason == "nesting deeper than 50 levels"


@pytest.mark.parametrize("text", ids=["flow", "block-mapping", "block-sequence"], argvalues=[
    "[" * 10_000 + "]" * 10_000,
    "".join(" " * i + "a:\n" for i in range(10_000)),
    "- " * 10_000 + "x\n",
])
def test_deep_nesting_is_an_error_not_a_crash(text: str) -> None:
    assert failure(text).reason == "nesting deeper than 50 levels"


def test_very_deep_nesting_in_a_subprocess(loader: type) -> None:
    # libyaml's composer overflows the C stack near 100,000 levels and kills the process,
    # so this runs where a crash cannot take the test session down with it.
    script = (
        "import sys\nfrom portconfig import yamlfile\nfrom portconfig.errors import SourceError\n"
        f"yamlfile._LOADER = yamlfile.{loader.__name__}\n"
        "try:\n    yamlfile.load_yaml(b'[' * 100000 + b']' * 100000, 'deep.yml')\n"
        "except SourceError as error:\n    print(error.reason)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(yamlfile.__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "nesting deeper than 50 levels")


# --- Real-world corpus --------------------------------------------------------------------

@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_corpus_file_loads_or_fails_cleanly(path: Path) -> None:
    try:
        loaded = load_yaml(path.read_bytes(), str(path))
    except SourceError as error:
        assert error.line is not None and error.hint
    else:
        assert all(entry.origin.line for entry in loaded.entries())


# --- Both parsers agree ---------------------------------------------------------------------

try:  # hypothesis is a test extra
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:
    given = None


def parses(loader: type, text: str) -> bool:
    try:
        yamlfile._compose_with(loader, text)
    except (yaml.YAMLError, yamlfile._Problem):
        return False
    return True


def outcome(loader: type, data: bytes, name: str) -> object:
    yamlfile._LOADER = loader
    try:
        return load_yaml(data, name)
    except SourceError as error:
        return (error.reason, error.line, error.column, error.hint)


@pytest.mark.skipif(not hasattr(yamlfile, "_CLoader"), reason="PyYAML was built without libyaml")
class TestParsersAgree:
    @pytest.fixture(autouse=True)
    def loader(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # Both parsers are compared directly here; restore whatever was selected.
        monkeypatch.setattr(yamlfile, "_LOADER", yamlfile._LOADER)

    @needs_shared
    @pytest.mark.parametrize("name", ["test-yaml.yml", "anchors.yml", "recursive.yml", "test-empty-yaml.yml"])
    def test_on_boot_fixtures(self, name: str) -> None:
        data = (BOOT_ENV / name).read_bytes()
        assert outcome(yamlfile._CLoader, data, name) == outcome(yamlfile._PyLoader, data, name)

    @pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
    def test_on_corpus(self, path: Path) -> None:
        data = path.read_bytes()
        assert outcome(yamlfile._CLoader, data, path.name) == outcome(yamlfile._PyLoader, data, path.name)

    @pytest.mark.parametrize("text", [text for text, *_ in ERRORS] + [text for text, _ in FLATTENING])
    def test_on_tables(self, text: str) -> None:
        data = text.encode()
        assert outcome(yamlfile._CLoader, data, "a.yml") == outcome(yamlfile._PyLoader, data, "a.yml")

    if given is not None:
        # Any text at all: only SourceError may come out (outcome() catches nothing else),
        # and both builds say the same, except where libyaml accepts what PyYAML refuses
        # (a tab after a value, as SnakeYAML also accepts; "|#"): no fallback exists there.
        @settings(max_examples=500, deadline=None, database=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(st.text(alphabet="ab1: -[]{}&*!<>\"'\\\n\t#|?,~.@%$=_\x85\u2028é", max_size=40))
        def test_on_arbitrary_text(self, text: str) -> None:
            data = text.encode()
            fast, pure = outcome(yamlfile._CLoader, data, "a.yml"), outcome(yamlfile._PyLoader, data, "a.yml")
            if parses(yamlfile._PyLoader, text) or not parses(yamlfile._CLoader, text):
                assert fast == pure
