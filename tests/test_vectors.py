"""Placeholder resolution against vectors executed on Spring Framework's own PlaceholderParser.

Two sources:

* ``ESSENTIALS``: ~30 P-vectors copied from spring-semantics.md §7.2, full
  Spring messages included, so the essentials are tested without shared/;
* ``placeholder-vectors.json`` in ``shared/spring-fixtures/expected/`` (138
  vectors, read at test time; skipped when shared/ is not beside the project).

Lookups are exact-key (the vectors' ``props`` map), as in Spring's tests: no
relaxed environment names here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portconfig.errors import CircularPlaceholderError, PlaceholderError, UnresolvablePlaceholderError
from portconfig.model import Found, Origin
from portconfig.resolver import Resolver

SHARED = Path(__file__).resolve().parents[2] / "shared"
VECTORS = SHARED / "spring-fixtures" / "expected" / "placeholder-vectors.json"
BS = "\\"


def lookup_exact(props: dict[str, str]):
    """A lookup that answers only for exact keys of ``props``."""

    def lookup(name: str) -> Found | None:
        if name in props:
            return Found(name, props[name], Origin.file("<props>", None, None), name)
        return None

    return lookup


def run(text: str, props: dict[str, str], *, lenient: bool = False, escape: bool = True) -> str:
    resolver = Resolver(lookup_exact(props), lenient=lenient, escape=BS if escape else None)
    return resolver.resolve(text)


# --- the essentials, from spring-semantics.md §7.2 ------------------------------------------
# (id, input, props, mode, expected result) -- or ("error", full Spring 6.2 message)

L = "lenient"
S = "strict"
E = "error"

ESSENTIALS = [
    ("P01", "${PORT:8080}", {}, S, "8080"),
    ("P02", "${PORT:8080}", {"PORT": "9000"}, S, "9000"),
    ("P03", "${PORT}", {}, S, (E, "Could not resolve placeholder 'PORT' in value \"${PORT}\"")),
    ("P04", "${PORT}", {}, L, "${PORT}"),
    ("P05", "X${bogus}Z", {}, S, (E, "Could not resolve placeholder 'bogus' in value \"X${bogus}Z\"")),
    ("P06", "${a:${b:c}}", {"b": "B"}, S, "B"),
    ("P07", "${a:${b}}", {"a": "A"}, S, "A"),
    ("P08", "${one:or${two}}", {"one": "1"}, S, "1"),
    ("P09", "${url:http://localhost:8080/x}", {}, S, "http://localhost:8080/x"),
    ("P10", "${a:b:c}", {}, S, "b:c"),
    ("P11", "${X:}", {}, S, ""),
    ("P12", "${:def}", {}, S, "def"),
    ("P13", "${}", {}, S, (E, "Could not resolve placeholder '' in value \"${}\"")),
    ("P13L", "${}", {}, L, "${}"),
    ("P14", "${ PORT }", {"PORT": "1"}, S, (E, "Could not resolve placeholder ' PORT ' in value \"${ PORT }\"")),
    ("P15", "${PORT: 8080 }", {}, S, " 8080 "),
    ("P17", "${a ${b}", {"b": "B"}, S, "${a B"),
    ("P18", "${a} ${b", {"a": "A", "b": "B"}, S, "A ${b"),
    ("P20", "${a{b}c}", {"a{b}c": "abc"}, S, "abc"),
    ("P22", "${a}}", {"a": "A"}, S, "A}"),
    ("P23", "${x}-${x}", {"x": "${y}", "y": "Y"}, S, "Y-Y"),
    ("P24", "${pL}", {"pL": "${pR}", "pR": "${pL}"}, S,
     (E, "Circular placeholder reference 'pL' in value \"${pL}\" <-- \"${pR}\" <-- \"${pL}\"")),
    ("P25", "${a}", {"a": "${b}", "b": "${c}", "c": "${a}"}, S,
     (E, "Circular placeholder reference 'a' in value \"${a}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\"")),
    ("P26", "${server.port:8080}", {"server.port": "${server.port:8080}"}, S,
     (E, "Circular placeholder reference 'server.port' in value \"${server.port:8080}\" <-- \"${server.port:8080}\"")),
    ("P26L", "${server.port:8080}", {"server.port": "${server.port:8080}"}, L,
     (E, "Circular placeholder reference 'server.port' in value \"${server.port:8080}\" <-- \"${server.port:8080}\"")),
    ("P27", "${a}", {"a": "${a:fallback}"}, S,
     (E, "Circular placeholder reference 'a' in value \"${a:fallback}\" <-- \"${a}\"")),
    ("P28", "${p3}", {"p1": "v1", "p2": "v2", "p3": "${p1}:${p2}:${bogus}"}, S,
     (E, "Could not resolve placeholder 'bogus' in value \"${p1}:${p2}:${bogus}\" <-- \"${p3}\"")),
    ("P29", "${p3}", {"p1": "v1", "p2": "v2", "p3": "${p1}:${p2}:${bogus}"}, L, "v1:v2:${bogus}"),
    ("P30", "${p6:not-used}", {"p1": "v1", "p2": "v2", "p6": "${p1}:${p2}:${bogus:def}"}, S, "v1:v2:def"),
    ("P32", "${${nested0}${nested1}}", {"firstName": "John", "nested0": "first", "nested1": "Name"}, S, "John"),
    ("P33", "${x${a}}", {"a": "1"}, L, "${x1}"),
    ("P34", "${x${a}}", {"a": "1"}, S,
     (E, "Could not resolve placeholder 'x1' in value \"${x${a}}\" <-- \"${x${a}}\"")),
    ("P35", "${${a}:d}", {}, S, (E, "Could not resolve placeholder 'a' in value \"${${a}:d}\"")),
    ("P36", "${${a:k}:d}", {"k": "K"}, S, "K"),
    ("P37", "${my:test}", {"my:test": "value"}, S, "value"),
    ("P39", "${${x}}", {"x": "a:b", "a": "A"}, S,
     (E, "Could not resolve placeholder 'a:b' in value \"${${x}}\" <-- \"${${x}}\"")),
    ("P44", "${server.port:${PORT:8080}}", {"server.port": "${PORT:1234}"}, S, "1234"),
    ("P45", "${a:${b}:${c}}", {"b": "B"}, S, (E, "Could not resolve placeholder 'c' in value \"${a:${b}:${c}}\"")),
    ("P49", BS + "${firstName}", {"firstName": "John"}, S, "${firstName}"),
    ("P51", BS * 2 + "${firstName}", {"firstName": "John"}, S, BS + "${firstName}"),
    ("P56", "${last" + BS + ":Name}", {}, S,
     (E, "Could not resolve placeholder 'last:Name' in value \"${last\\:Name}\" <-- \"${last\\:Name}\"")),
    ("P56L", "${last" + BS + ":Name}", {}, L, "${last:Name}"),
    ("P57", "${a" + BS + ":b:c}", {"a:b": "AB"}, S, "AB"),
    ("P58", "${a:b" + BS + ":c}", {}, S, "b" + BS + ":c"),
    ("P59", "${a:" + BS + "${b}}", {"b": "B"}, S, "${b}"),
    ("P61", "${nested}", {"escaped": "prefix-" + BS + "${p1}", "nested": "${escaped}-${p2}", "p1": "v1", "p2": "v2"},
     S, "prefix-${p1}-v2"),
    ("P64", "${" + BS + "${a}}", {"${a}": "lit"}, S, "lit"),
]


@pytest.mark.parametrize(
    ("text", "props", "mode", "expected"),
    [case[1:] for case in ESSENTIALS],
    ids=[case[0] for case in ESSENTIALS],
)
def test_essentials(text: str, props: dict[str, str], mode: str, expected) -> None:
    if isinstance(expected, tuple):
        with pytest.raises(PlaceholderError) as caught:
            run(text, props, lenient=mode == L)
        assert caught.value.spring_message == expected[1]
        assert expected[1] in str(caught.value)
        wanted = CircularPlaceholderError if expected[1].startswith("Circular") else UnresolvablePlaceholderError
        assert type(caught.value) is wanted
    else:
        assert run(text, props, lenient=mode == L) == expected


def test_escape_disabled_essential() -> None:
    """P50: with escaping off (Spring before 6.2), the backslash is plain text."""
    assert run(BS + "${firstName}", {"firstName": "John"}, escape=False) == BS + "John"


# --- the full vector file -------------------------------------------------------------------


def _load_vectors() -> list:
    if not VECTORS.is_file():
        return [pytest.param(None, id="vectors-file-absent")]
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    return [
        pytest.param(vector, id=f"{index:03d}:{vector['input']}") for index, vector in enumerate(data["vectors"])
    ]


@pytest.mark.parametrize("vector", _load_vectors())
def test_vector(vector: dict | None) -> None:
    if vector is None:
        pytest.skip(f"{VECTORS} is absent")
    resolver = Resolver(
        lookup_exact(vector["props"]),
        lenient=vector["mode"] == "lenient",
        escape="\\" if vector["escape"] else None,
    )
    expected = vector["v62"]
    if "result" in expected:
        assert resolver.resolve(vector["input"]) == expected["result"]
    else:
        with pytest.raises(PlaceholderError) as caught:
            resolver.resolve(vector["input"])
        assert caught.value.spring_message == expected["message"]
        assert expected["message"] in str(caught.value)


def test_vector_file_is_complete() -> None:
    if not VECTORS.is_file():
        pytest.skip(f"{VECTORS} is absent")
    data = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert len(data["vectors"]) == 138
    assert all("result" in v["v62"] or "message" in v["v62"] for v in data["vectors"])
