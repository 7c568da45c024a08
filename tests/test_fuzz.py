"""Fuzzing (issue 6): property-based tests of the placeholder parser and resolver, and a mutation
fuzz of both loaders and the whole ``check`` over the corpus of real configuration files.

Deterministic: hypothesis runs derandomized, the mutations come from fixed seeds.  Longer runs:
``tests/fuzz/fuzz_load.py`` (atheris), see its docstring.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import portconfig
from portconfig import cli
from portconfig.errors import ConfigError, PlaceholderError, SourceError
from portconfig.files import parse_bytes
from portconfig.model import Found, Origin
from portconfig.placeholders import Placeholder, Text, parse
from portconfig.resolver import Limits, Resolver

CORPUS = Path("/work/shared/corpus/real")
if not CORPUS.is_dir():  # the corpus also ships beside the tests in some checkouts
    CORPUS = Path(__file__).parent / "corpus"

FUZZ = settings(max_examples=300, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

# Text made mostly of the characters the placeholder syntax cares about.
SYNTAX = st.text(alphabet=st.sampled_from(list("${}:\\ab-_.X \n")), max_size=40)
NAMES = st.text(alphabet=st.sampled_from(list("abX_.")), min_size=0, max_size=3)
PLAIN = st.text(alphabet=st.characters(blacklist_characters="${}\\", blacklist_categories=("Cs",)), max_size=20)


def resolver(values: dict[str, str], *, lenient: bool = False) -> Resolver:
    origin = Origin.file("fuzz.properties", 1, 1)

    def lookup(name: str) -> Found | None:
        value = values.get(name)
        return None if value is None else Found(name, value, origin, name)

    return Resolver(lookup, lenient=lenient, limits=Limits(max_length=10_000, max_depth=200, max_lookups=5_000))


# -- the parser ---------------------------------------------------------------------------


@FUZZ
@given(SYNTAX)
def test_parse_never_fails_and_keeps_text_outside_placeholders(text):
    parts = parse(text)
    assert all(type(part) in (Text, Placeholder) for part in parts)
    # Every placeholder is written in the text at its offset, ${ ... } included.
    for part in parts:
        if type(part) is Placeholder:
            assert text[part.offset:].startswith(part.raw) and part.raw.startswith("${") and part.raw.endswith("}")


@FUZZ
@given(st.text(max_size=60).filter(lambda text: "${" not in text))
def test_text_without_a_prefix_parses_to_itself(text):
    assert parse(text) == ((Text(text),) if text else ())


# -- the resolver --------------------------------------------------------------------------


@FUZZ
@given(SYNTAX, st.dictionaries(NAMES, SYNTAX, max_size=5), st.booleans())
def test_only_placeholder_errors_escape(text, values, lenient):
    try:
        result = resolver(values, lenient=lenient).resolve(text, key="k")
    except PlaceholderError as error:
        assert isinstance(error, ConfigError)
        str(error), repr(error)
    else:
        assert isinstance(result, str)


@FUZZ
@given(st.text(max_size=60).filter(lambda text: "${" not in text), st.dictionaries(NAMES, SYNTAX, max_size=3))
def test_text_without_a_prefix_resolves_to_itself(text, values):
    assert resolver(values).resolve(text) == text
    assert portconfig.resolve(text, env={}, properties=values) == text


@FUZZ
@given(PLAIN, PLAIN, PLAIN, st.dictionaries(NAMES, SYNTAX, max_size=3))
def test_an_escaped_placeholder_comes_back_literal(before, name, after, values):
    """Spring 6.2 (spring-semantics §1.6): ``\\${...}`` with its ``}`` is literal and exactly one backslash is
    dropped, whatever the name holds and whether it is defined; likewise inside a default.  (There is no
    escaping of the escape: ``\\\\${x}`` gives ``\\${x}``; text without ``\\``, ``$``, braces keeps that out.)"""
    values = {**values, name: "defined", "a": "A"}
    escaped = f"{before}\\${{{name}}}{after}"
    assert resolver(values).resolve(escaped) == f"{before}${{{name}}}{after}"
    assert resolver(values).resolve(f"${{missing:\\${{{name}}}}}") == f"${{{name}}}"
    # Two backslashes: still one dropped, still literal.
    assert resolver(values).resolve(f"\\\\${{{name}}}") == f"\\${{{name}}}"
    # The escape before an unclosed prefix is kept as written.
    assert resolver(values).resolve(f"{before}\\${{{name}") == f"{before}\\${{{name}"


@FUZZ
@given(st.lists(st.sampled_from(["${a}", "${b}", "x", "${a:${b}}", "${c:${a}${a}}"]), max_size=8))
def test_limits_bound_doubling(pieces):
    """Values that reference each other repeatedly end with a value or a ResolutionLimitError, never a hang."""
    values = {"a": "${b}${b}", "b": "".join(pieces) or "y", "c": "${a}"}
    started = time.monotonic()
    try:
        resolver(values).resolve("${a}${c}")
    except PlaceholderError:
        pass
    assert time.monotonic() - started < 5


# -- mutation fuzz over the corpus ------------------------------------------------------------

TOKENS = [b"${", b"}", b"${a:${b}}", b"\\u", b"\\uD800", b"\\", b"&a ", b"*a", b"<<: *a", b"!!python/name:os.system ",
          b"!vault ", b"[", b"{", b"---\n", b"#---\n", b"\x00", b"\xff", b"\r", b"\t", b": ", b"=", b"\xef\xbb\xbf",
          b"@project.version@", b"spring.config.import: ", b"spring.profiles.active: ", b"server.port: "]


def corpus() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.suffix in (".yml", ".yaml", ".properties"))


def mutate(data: bytes, other: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if kind == 0 and data:  # byte flips
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif kind == 1:  # truncation
            del data[at:]
        elif kind == 2 and other:  # splice with another file
            start = rng.randrange(len(other))
            data[at:at] = other[start:start + rng.randint(1, 400)]
        elif kind == 3:  # a token the parsers care about
            data[at:at] = rng.choice(TOKENS) * rng.choice((1, 1, 2, 50))
        else:  # a duplicated slice (deeper nesting, repeated keys)
            end = min(len(data), at + rng.randint(1, 200))
            data[at:at] = bytes(data[at:end]) * rng.randint(1, 20)
    return bytes(data[:200_000])


def cases(count: int, seed: int) -> list[tuple[str, bytes, str]]:
    files = corpus()
    rng = random.Random(seed)
    out = []
    for index in range(count):
        source, other = rng.choice(files), rng.choice(files)
        out.append((f"{index}-{source.name[:40]}", mutate(source.read_bytes(), other.read_bytes(), rng), source.name))
    return out


pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus of real files here")


@pytest.mark.parametrize("chunk", range(4))
def test_mutated_corpus_loaders(chunk):
    """Both loaders, on each mutation as YAML and as .properties: a SourceFile or a SourceError, fast."""
    for name, data, _ in cases(150, seed=1000 + chunk):
        for fmt in ("yaml", "properties"):
            started = time.monotonic()
            try:
                parse_bytes(data, f"application.{'yml' if fmt == 'yaml' else 'properties'}", format=fmt)
                parse_bytes(data, "application.yml", format=fmt, filter_tokens=True) if fmt == "yaml" else None
                parse_bytes(data, "application.properties", format=fmt, encoding="utf-8") if fmt != "yaml" else None
            except SourceError as error:
                assert str(error) and len(str(error)) < 2000, (name, fmt)
            assert time.monotonic() - started < 5, (name, fmt)


@pytest.mark.parametrize("chunk", range(3))
def test_mutated_corpus_check(chunk, tmp_path, monkeypatch, capsys):
    """The whole pipeline on mutated files: check exits 0, 1 or 2 with no internal error; lint never raises;
    load raises only ConfigError."""
    monkeypatch.chdir(tmp_path)
    for index, (name, data, original) in enumerate(cases(40, seed=2000 + chunk)):
        folder = tmp_path / str(index)
        folder.mkdir()
        path = folder / original
        path.write_bytes(data)
        started = time.monotonic()
        code = cli.main(["check", "--no-env", str(path)])
        captured = capsys.readouterr()
        assert code in (0, 1, 2) and "internal error" not in captured.err, (name, captured.err)
        portconfig.lint(str(path), env={})
        try:
            portconfig.load(str(path), env={})
        except ConfigError:
            pass
        assert time.monotonic() - started < 10, name
