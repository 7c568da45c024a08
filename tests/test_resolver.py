"""portconfig.resolver: Spring Framework 6.2.3+ resolution, memoised and safe for any depth.

Background: spring-semantics.md §1.3-§1.8.  Lookups are exact-key unless a
test goes through :class:`PropertySources` (relaxed environment names).
"""

from __future__ import annotations

import random

import pytest

from portconfig.errors import (
    CircularPlaceholderError,
    PlaceholderError,
    ResolutionLimitError,
    UnresolvablePlaceholderError,
)
from portconfig.model import Entry, Found, Origin
from portconfig.propertysources import PropertySources
from portconfig.randomvalues import RandomSource
from portconfig.resolver import Limits, Resolver, Step

BS = "\\"
ORIGIN = Origin.file("application.properties", 1, 1)


class Recorder:
    """An exact-key lookup that records every name it is asked for, in order."""

    def __init__(self, props: dict[str, str]) -> None:
        self.props = props
        self.asked: list[str] = []

    def __call__(self, name: str) -> Found | None:
        self.asked.append(name)
        if name in self.props:
            return Found(name, self.props[name], ORIGIN, name)
        return None


def lookup_exact(props: dict[str, str]):
    def lookup(name: str) -> Found | None:
        return Found(name, props[name], ORIGIN, name) if name in props else None

    return lookup


def outcome(resolver: Resolver, text: str, key: str | None = None) -> tuple:
    """("ok", value) or (error type, Spring's message, the full rendered text)."""
    try:
        return ("ok", resolver.resolve(text, key=key))
    except PlaceholderError as error:
        return (type(error).__name__, error.spring_message, str(error))


# --- lazy defaults and exact lookups: which names are asked, in order ----------------------

LOOKUPS = [
    # a simple placeholder is first asked for as a whole (Spring 6.2.2+)
    ("${PORT:8080}", {}, "8080", ["PORT:8080", "PORT"]),
    ("${PORT:8080}", {"PORT": "9000"}, "9000", ["PORT:8080", "PORT"]),
    ("${a}", {"a": "A"}, "A", ["a"]),
    ("${a:b}", {"a:b": "AB", "a": "A"}, "AB", ["a:b"]),
    ("${a:b}", {"a": "A"}, "A", ["a:b", "a"]),
    ("${first" + BS + ":Name}", {"first:Name": "John"}, "John", ["first" + BS + ":Name", "first:Name"]),
    # a default is evaluated only when the name is missing
    ("${a:${b}}", {"a": "A"}, "A", ["a"]),
    ("${a:${b}}", {"b": "B"}, "B", ["a", "b"]),
    ("${one:or${two}}", {"one": "1"}, "1", ["one"]),
    ("${a:${b:${c:deep}}}", {}, "deep", ["a", "b", "c:deep", "c"]),
    ("${a:${b:c}}", {"a": "A"}, "A", ["a"]),
    # a name made of nested parts is asked as resolved, and not split again
    ("${${x}:d}", {"x": "a:b"}, "d", ["x", "a:b"]),
    ("${${n}:x}", {"n": "a", "a:x": "whole"}, "x", ["n", "a"]),
    ("${first${nested}}", {"nested": "Name", "firstName": "John"}, "John", ["nested", "firstName"]),
    # a found value is resolved in its turn
    ("${p4}", {"p1": "v1", "p2": "v2", "p3": "${p1}:${p2}", "p4": "${p3}"}, "v1:v2", ["p4", "p3", "p1", "p2"]),
    # a value holding only escaped placeholders is not resolved further
    ("${a}", {"a": BS + "${b}", "b": "B"}, "${b}", ["a"]),
    # a name that resolved once is not asked again (results are memoised)
    ("${x}-${x}", {"x": "${y}", "y": "Y"}, "Y-Y", ["x", "y"]),
]


@pytest.mark.parametrize(("text", "props", "expected", "asked"), LOOKUPS, ids=[c[0] for c in LOOKUPS])
def test_lookups(text: str, props: dict[str, str], expected: str, asked: list[str]) -> None:
    lookup = Recorder(props)
    assert Resolver(lookup).resolve(text) == expected
    assert lookup.asked == asked


# --- exact match first, for simple placeholders only ----------------------------------------

EXACT_FIRST = [
    ("${a:b}", {"a:b": "whole", "a": "part"}, "whole"),
    ("${my:test}", {"my:test": "value"}, "value"),
    ("${prefix://my-service}", {"prefix://my-service": "svc"}, "svc"),
    ("${prefix://my-service}", {}, "//my-service"),
    # nested: the whole text is never asked
    ("${a:${b}}", {"a:${b}": "whole", "a": "part"}, "part"),
    ("${a:x${b}}", {"a:x${b}": "whole", "b": "B"}, "xB"),
    # escaped separator: the key is the unescaped text
    ("${a" + BS + ":b:c}", {"a:b": "AB"}, "AB"),
    ("${a" + BS + ":b:c}", {"a" + BS + ":b:c": "whole", "a:b": "AB"}, "whole"),
]


@pytest.mark.parametrize(("text", "props", "expected"), EXACT_FIRST, ids=[c[0] for c in EXACT_FIRST])
def test_exact_match_first(text: str, props: dict[str, str], expected: str) -> None:
    assert Resolver(lookup_exact(props)).resolve(text) == expected


# --- found values are resolved again, environment values included ----------------------------

RECURSION = [
    ("${p4}", {"p1": "v1", "p2": "v2", "p3": "${p1}:${p2}", "p4": "${p3}"}, {}, "v1:v2"),
    ("${top}", {"top": "${child}+${child}", "child": "${${differentiator}.grandchild}",
                "differentiator": "first", "first.grandchild": "actualValue"}, {}, "actualValue+actualValue"),
    ("${a}", {"a": "${b:${c:x}}"}, {}, "x"),
    # an environment value is parsed and resolved too
    ("http://${HOST}/", {}, {"HOST": "${DOMAIN}:${PORT:80}", "DOMAIN": "example.org"}, "http://example.org:80/"),
    ("${url}", {"url": "http://${host}:${server.port}"}, {"HOST": "h", "SERVER_PORT": "${PORT:9}"}, "http://h:9"),
    # a value that came from a default is resolved as well
    ("${missing:${p1}}", {"p1": "${p2}", "p2": "v2"}, {}, "v2"),
]


@pytest.mark.parametrize(("text", "files", "env", "expected"), RECURSION, ids=[c[0] for c in RECURSION])
def test_found_values_are_resolved(text: str, files: dict[str, str], env: dict[str, str], expected: str) -> None:
    sources = PropertySources(env=env)
    for key, value in files.items():
        sources.entries[key] = Entry(key, value, ORIGIN)
    assert Resolver(sources.find).resolve(text) == expected


# --- escaped literals are not re-resolved through recursion ----------------------------------

ESCAPED = [
    ("${p2}", {"p1": "v1", "p2": BS + "${p1:default}"}, "${p1:default}"),
    ("${nested}", {"escaped": "prefix-" + BS + "${p1}", "nested": "${escaped}-${p2}", "p1": "v1", "p2": "v2"},
     "prefix-${p1}-v2"),
    ("${a}", {"a": "${c}", "c": BS + "${b}", "b": "B"}, "${b}"),
    ("${a}", {"a": "x" + BS * 2 + "${b}", "b": "B"}, "x" + BS + "${b}"),
    ("${p4}", {"p1": "v1", "p4": "adc${p0:" + BS + "${p1}}"}, "adc${p1}"),
    ("${x}${x}", {"x": BS + "${y}", "y": "Y"}, "${y}${y}"),
]


@pytest.mark.parametrize(("text", "props", "expected"), ESCAPED, ids=[c[0] for c in ESCAPED])
def test_escaped_literals_stay_literal(text: str, props: dict[str, str], expected: str) -> None:
    assert Resolver(lookup_exact(props)).resolve(text) == expected


# --- lenient vs strict -------------------------------------------------------------------------
# (text, props, lenient result, strict message)

MODES = [
    ("${missing}", {}, "${missing}", "Could not resolve placeholder 'missing' in value \"${missing}\""),
    ("x${missing}y", {}, "x${missing}y", "Could not resolve placeholder 'missing' in value \"x${missing}y\""),
    ("${a}", {"a": "${b}"}, "${b}", "Could not resolve placeholder 'b' in value \"${b}\" <-- \"${a}\""),
    ("${p5}", {"p1": "v1", "p5": "${p1}:${bogus}"}, "v1:${bogus}",
     "Could not resolve placeholder 'bogus' in value \"${p1}:${bogus}\" <-- \"${p5}\""),
    ("${x${a}}", {"a": "1"}, "${x1}", "Could not resolve placeholder 'x1' in value \"${x${a}}\" <-- \"${x${a}}\""),
    ("${last" + BS + ":Name}", {}, "${last:Name}",
     "Could not resolve placeholder 'last:Name' in value \"${last\\:Name}\" <-- \"${last\\:Name}\""),
    ("${}", {}, "${}", "Could not resolve placeholder '' in value \"${}\""),
    ("${a:${b}}", {}, "${b}", "Could not resolve placeholder 'b' in value \"${a:${b}}\""),
    ("${p0${p0}}", {}, "${p0${p0}}", "Could not resolve placeholder 'p0' in value \"${p0${p0}}\""),
]


@pytest.mark.parametrize(("text", "props", "lenient", "strict"), MODES, ids=[c[0] for c in MODES])
def test_lenient_and_strict(text: str, props: dict[str, str], lenient: str, strict: str) -> None:
    assert Resolver(lookup_exact(props), lenient=True).resolve(text) == lenient
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(lookup_exact(props)).resolve(text)
    assert caught.value.spring_message == strict


# --- circular references: an error in both modes, with Spring's full message -------------------

CIRCULAR = [
    ("${pL}", {"pL": "${pR}", "pR": "${pL}"},
     "Circular placeholder reference 'pL' in value \"${pL}\" <-- \"${pR}\" <-- \"${pL}\""),
    ("${a}", {"a": "${b}", "b": "${c}", "c": "${a}"},
     "Circular placeholder reference 'a' in value \"${a}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\""),
    ("${self}", {"self": "${self}"}, "Circular placeholder reference 'self' in value \"${self}\" <-- \"${self}\""),
    ("${a}", {"a": "x${b}", "b": "${a}y"},
     "Circular placeholder reference 'a' in value \"${a}y\" <-- \"x${b}\" <-- \"${a}\""),
    ("${a}", {"a": "${a:fallback}"}, "Circular placeholder reference 'a' in value \"${a:fallback}\" <-- \"${a}\""),
    ("${server.port:8080}", {"server.port": "${server.port:8080}"},
     "Circular placeholder reference 'server.port' in value \"${server.port:8080}\" <-- \"${server.port:8080}\""),
    # a cycle through a default that applies
    ("${a}", {"a": "${missing:${a}}"},
     "Circular placeholder reference 'a' in value \"${missing:${a}}\" <-- \"${a}\""),
]


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize(("text", "props", "message"), CIRCULAR, ids=[c[2].split("'")[1] + ":" + c[0] for c in CIRCULAR])
def test_circular(text: str, props: dict[str, str], message: str, lenient: bool) -> None:
    with pytest.raises(CircularPlaceholderError) as caught:
        Resolver(lookup_exact(props), lenient=lenient).resolve(text)
    assert caught.value.spring_message == message
    assert message in str(caught.value)


def test_missing_self_reference_is_only_unresolvable() -> None:
    """Only a *value* that refers back is a cycle: a missing x in ${x:${x}} is unresolvable."""
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(lookup_exact({})).resolve("${x:${x}}")
    assert caught.value.spring_message == "Could not resolve placeholder 'x' in value \"${x:${x}}\""


# --- the self-default idiom server.port=${server.port:8080} ------------------------------------


def test_self_default_idiom_fails_when_nothing_else_sets_it() -> None:
    props = {"server.port": "${server.port:8080}"}
    for lenient in (False, True):
        with pytest.raises(CircularPlaceholderError) as caught:
            Resolver(lookup_exact(props), lenient=lenient).resolve(props["server.port"], key="server.port")
        error = caught.value
        assert error.spring_message == (
            "Circular placeholder reference 'server.port' in value \"${server.port:8080}\" <-- \"${server.port:8080}\""
        )
        assert (error.placeholder, error.key) == ("server.port", "server.port")
        assert error.values == ("${server.port:8080}", "${server.port:8080}")


def test_self_default_idiom_is_fine_when_the_environment_answers() -> None:
    """SERVER_PORT hides the file's self-reference, so Spring never parses it."""
    sources = PropertySources(env={"SERVER_PORT": "9000"})
    sources.entries["server.port"] = Entry("server.port", "${server.port:8080}", ORIGIN)
    assert Resolver(sources.find).resolve("${server.port:8080}") == "9000"


# --- error fields ------------------------------------------------------------------------------


def test_unresolvable_error_fields() -> None:
    origin = Origin.file("application.properties", 3, 5)
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(lookup_exact({"a": "${b}", "b": "x${c}"})).resolve("${a}", key="k", origin=origin)
    error = caught.value
    assert error.spring_message == "Could not resolve placeholder 'c' in value \"x${c}\" <-- \"${b}\" <-- \"${a}\""
    assert error.placeholder == "c"
    assert error.values == ("x${c}", "${b}", "${a}")
    assert error.refs == ("k", "a", "b", "c")
    assert error.key == "k"
    assert error.origin == origin
    assert (error.file, error.line, error.column) == ("application.properties", 3, 5)
    assert error.rule == "unresolvable-placeholder"
    assert str(error).startswith(
        "application.properties:3:5: k: Could not resolve placeholder 'c' in value "
        "\"x${c}\" <-- \"${b}\" <-- \"${a}\" (via k -> a -> b -> c)"
    )


def test_error_from_an_environment_value_names_it() -> None:
    sources = PropertySources(env={"X": "${missing}"})
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(sources.find).resolve("${X}", key="k", origin=Origin.environment("K"))
    error = caught.value
    assert error.file is None and error.origin == Origin.environment("K")
    assert error.refs == ("k", "X", "missing")
    assert str(error).startswith(
        "k: Could not resolve placeholder 'missing' in value \"${missing}\" <-- \"${X}\" "
        "(via k -> X -> missing) [environment variable K]"
    )


def test_circular_error_fields() -> None:
    with pytest.raises(CircularPlaceholderError) as caught:
        Resolver(lookup_exact({"pL": "${pR}", "pR": "${pL}"})).resolve("${pL}", key="k")
    error = caught.value
    assert error.placeholder == "pL"
    assert error.values == ("${pL}", "${pR}", "${pL}")
    assert error.refs == ("k", "pL", "pR", "pL")
    assert error.key == "k" and error.origin is None
    assert error.rule == "circular-placeholder"


def test_error_without_key() -> None:
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(lookup_exact({})).resolve("${PORT}")
    error = caught.value
    assert (error.key, error.origin, error.refs, error.values) == (None, None, ("PORT",), ("${PORT}",))
    assert str(error).startswith("Could not resolve placeholder 'PORT' in value \"${PORT}\"")


def test_value_that_looks_like_the_gap_marker_is_quoted() -> None:
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(lookup_exact({"a": "... ${b} more ..."})).resolve("${a}")
    assert caught.value.spring_message == (
        "Could not resolve placeholder 'b' in value \"... ${b} more ...\" <-- \"${a}\""
    )


# --- limits: depth without recursion, and bounds Spring does not have ----------------------------

N = 10_000


def chain(n: int, leaf: str | None) -> dict[str, str]:
    """k1=${k2}, k2=${k3} ... k{n}=leaf (k{n} missing when leaf is None)."""
    props = {f"k{i}": f"${{k{i + 1}}}" for i in range(1, n)}
    if leaf is not None:
        props[f"k{n}"] = leaf
    return props


def test_deep_chain_resolves() -> None:
    props = chain(N, "leaf")
    assert Resolver(lookup_exact(props)).resolve("${k1}") == "leaf"


def test_every_key_of_a_deep_chain_through_one_resolver() -> None:
    props = chain(N, "leaf")
    resolver = Resolver(lookup_exact(props))
    values = {key: resolver.resolve(value, key=key) for key, value in props.items()}
    assert set(values.values()) == {"leaf"} and len(values) == N


def test_deep_chain_with_missing_leaf_fails_for_every_key() -> None:
    props = chain(N, None)
    resolver = Resolver(lookup_exact(props))
    lengths = []
    for key, value in props.items():
        with pytest.raises(UnresolvablePlaceholderError) as caught:
            resolver.resolve(value, key=key)
        error = caught.value
        assert error.placeholder == f"k{N}"
        assert error.spring_message.startswith(f"Could not resolve placeholder 'k{N}' in value \"${{k{N}}}\"")
        lengths.append(len(str(error)))
    assert len(lengths) == N - 1
    assert max(lengths) < 2_000


def test_deep_chain_message_shows_both_ends() -> None:
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        Resolver(lookup_exact(chain(N, None))).resolve("${k1}", key="k0")
    message = caught.value.spring_message
    assert message.startswith(f"Could not resolve placeholder 'k{N}' in value \"${{k{N}}}\" <-- \"${{k{N - 1}}}\"")
    assert " <-- ... 9,980 more ... <-- " in message
    assert message.endswith('"${k3}" <-- "${k2}" <-- "${k1}"')
    assert len(caught.value.values) == 21


def test_deeply_nested_defaults_resolve() -> None:
    text = "${a:" * N + "x" + "}" * N
    assert Resolver(lookup_exact({})).resolve(text) == "x"


def test_exponential_doubling_hits_the_length_limit() -> None:
    props = {"x0": "x"}
    for i in range(1, 41):
        props[f"x{i}"] = f"${{x{i - 1}}}${{x{i - 1}}}"
    with pytest.raises(ResolutionLimitError) as caught:
        Resolver(lookup_exact(props)).resolve("${x40}", key="big")
    error = caught.value
    assert error.limit == "length"
    assert error.maximum == 10_000_000
    assert error.spring_message.startswith(
        "Resolved value would be 16,777,216 characters long, more than the limit of 10,000,000 in value "
        "\"${x23}${x23}\" <-- \"${x24}${x24}\""
    )
    assert error.rule == "resolution-limit"


def test_depth_limit() -> None:
    with pytest.raises(ResolutionLimitError) as caught:
        Resolver(lookup_exact(chain(100, "leaf")), limits=Limits(max_depth=50)).resolve("${k1}")
    assert caught.value.limit == "depth"
    assert caught.value.maximum == 50
    assert caught.value.spring_message.startswith("Placeholder references nested deeper than 50 levels in value ")


def test_depth_limit_not_reached() -> None:
    assert Resolver(lookup_exact(chain(10, "leaf")), limits=Limits(max_depth=50)).resolve("${k1}") == "leaf"


def test_lookup_limit() -> None:
    with pytest.raises(ResolutionLimitError) as caught:
        Resolver(lookup_exact(chain(100, "leaf")), limits=Limits(max_lookups=10)).resolve("${k1}")
    assert caught.value.limit == "lookups"
    assert caught.value.maximum == 10
    assert caught.value.spring_message.startswith("Resolution needed more than 10 lookups in value ")


def test_lookup_limit_spans_the_resolver_lifetime() -> None:
    resolver = Resolver(lookup_exact({}), limits=Limits(max_lookups=3))
    assert resolver.resolve("${a:d}") == "d"  # two lookups: "a:d", then "a"
    with pytest.raises(ResolutionLimitError) as caught:
        resolver.resolve("${b:d}")  # the fourth lookup is one too many
    assert caught.value.limit == "lookups"


# --- memoised results and failures ---------------------------------------------------------------


def test_memoised_failure_is_identical_from_another_key() -> None:
    props = {"m": "${missing}", "k1": "x${m}", "k2": "${m}y"}
    shared = Resolver(lookup_exact(props))
    expected = {
        "k1": "Could not resolve placeholder 'missing' in value \"${missing}\" <-- \"x${m}\"",
        "k2": "Could not resolve placeholder 'missing' in value \"${missing}\" <-- \"${m}y\"",
    }
    for _ in range(2):
        for key in ("k1", "k2"):
            with pytest.raises(UnresolvablePlaceholderError) as caught:
                shared.resolve(props[key], key=key)
            assert caught.value.spring_message == expected[key]
            assert caught.value.refs == (key, "m", "missing")


def test_cycle_reached_from_two_keys() -> None:
    props = {"k1": "${a}", "k2": "${b}", "a": "${b}", "b": "${a}"}
    expected = {
        "k1": "Circular placeholder reference 'a' in value \"${a}\" <-- \"${b}\" <-- \"${a}\"",
        "k2": "Circular placeholder reference 'b' in value \"${b}\" <-- \"${a}\" <-- \"${b}\"",
        "a": "Circular placeholder reference 'b' in value \"${b}\" <-- \"${a}\" <-- \"${b}\"",
        "b": "Circular placeholder reference 'a' in value \"${a}\" <-- \"${b}\" <-- \"${a}\"",
    }
    shared = Resolver(lookup_exact(props))
    for key in ("k1", "k2", "a", "b", "k2", "k1"):
        shared_outcome = outcome(shared, props[key], key)
        assert shared_outcome == outcome(Resolver(lookup_exact(props)), props[key], key)
        assert shared_outcome[:2] == ("CircularPlaceholderError", expected[key])


def full_outcome(resolver: Resolver, text: str, key: str | None = None) -> tuple:
    """:func:`outcome` and, for an error, every structured field too."""
    try:
        return ("ok", resolver.resolve(text, key=key))
    except PlaceholderError as error:
        return (type(error).__name__, error.spring_message, str(error), error.placeholder, tuple(error.refs),
                tuple(error.values), error.hint)


# Each member of a cycle gets its own message: Spring names the first name it meets twice, which
# for a key in the cycle is the key after it, and lists the values from the key back round to it.
CYCLE_MEMBERS = [
    ({"a": "${b}", "b": "${c}", "c": "${a}"}, {
        "a": "Circular placeholder reference 'b' in value \"${b}\" <-- \"${a}\" <-- \"${c}\" <-- \"${b}\"",
        "b": "Circular placeholder reference 'c' in value \"${c}\" <-- \"${b}\" <-- \"${a}\" <-- \"${c}\"",
        "c": "Circular placeholder reference 'a' in value \"${a}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\"",
    }),
    # other text, names resolved on the way, defaults: the walk is the same from any member
    ({"a": "x${ok}${b}", "b": "${c}y", "c": "${missing:${a}}", "ok": "${v}", "v": "V", "e": "<${b}>"}, {
        "a": "Circular placeholder reference 'b' in value \"x${ok}${b}\" <-- \"${missing:${a}}\" <-- "
             "\"${c}y\" <-- \"x${ok}${b}\"",
        "b": "Circular placeholder reference 'c' in value \"${c}y\" <-- \"x${ok}${b}\" <-- "
             "\"${missing:${a}}\" <-- \"${c}y\"",
        "c": "Circular placeholder reference 'a' in value \"${missing:${a}}\" <-- \"${c}y\" <-- "
             "\"x${ok}${b}\" <-- \"${missing:${a}}\"",
        # a key outside the cycle that leads into it: the member it reaches is the one met twice
        "e": "Circular placeholder reference 'b' in value \"x${ok}${b}\" <-- \"${missing:${a}}\" <-- "
             "\"${c}y\" <-- \"<${b}>\"",
    }),
    # a cycle behind a chain, and a self-reference beside it
    ({"k0": "${k1}", "k1": "${k2}", "k2": "${c1}", "c1": "${c2}", "c2": "${c1}", "s": "${s:x}"}, {
        "k0": "Circular placeholder reference 'c1' in value \"${c1}\" <-- \"${c2}\" <-- \"${c1}\" <-- "
              "\"${k2}\" <-- \"${k1}\"",
        "k2": "Circular placeholder reference 'c1' in value \"${c1}\" <-- \"${c2}\" <-- \"${c1}\"",
        "c1": "Circular placeholder reference 'c2' in value \"${c2}\" <-- \"${c1}\" <-- \"${c2}\"",
        "c2": "Circular placeholder reference 'c1' in value \"${c1}\" <-- \"${c2}\" <-- \"${c1}\"",
        "s": "Circular placeholder reference 's' in value \"${s:x}\" <-- \"${s:x}\"",
    }),
]


@pytest.mark.parametrize("props, expected", CYCLE_MEMBERS)
def test_cycle_members_each_get_their_own_message(props: dict[str, str], expected: dict[str, str]) -> None:
    keys = list(expected)
    for order in (keys, keys[::-1], keys[1:] + keys[:1]):
        shared = Resolver(lookup_exact(props))
        for key in order + order:
            got = full_outcome(shared, props[key], key)
            assert got == full_outcome(Resolver(lookup_exact(props)), props[key], key), (order, key)
            assert got[:2] == ("CircularPlaceholderError", expected[key]), (order, key)


def test_long_cycle_each_member_named_and_chain_shortened() -> None:
    n = 1_000
    props = {f"k{i}": "${k%d}" % ((i + 1) % n) for i in range(n)}
    shared = Resolver(lookup_exact(props))
    for i in [*range(n), 0, 500]:
        error = full_outcome(shared, props[f"k{i}"], f"k{i}")
        after, before = (i + 1) % n, (i - 1) % n
        assert error[1].startswith(
            f"Circular placeholder reference 'k{after}' in value \"${{k{after}}}\" <-- \"${{k{i}}}\" <-- "
            f"\"${{k{before}}}\" <-- "
        )
        assert f"<-- ... {n + 1 - 20:,} more ... <-- " in error[1]
        assert error[1].endswith(f"\"${{k{(i + 2) % n}}}\" <-- \"${{k{after}}}\"")
        assert error[4][:3] == (f"k{i}", f"k{after}", f"k{(after + 1) % n}") and error[4][-1] == f"k{after}"
    # a fresh resolver walks the whole cycle and says the same for any key
    assert error == full_outcome(Resolver(lookup_exact(props)), props["k500"], "k500")


# A value that is just ${name} is resolved without a generator of its own (every level of a chain):
# failures there gain the same values, in the same order, as anywhere else.
CHAIN = {"a": "${b}", "b": "${c}", "c": "${d}", "d": "${e}", "e": "end"}
PLAIN_REFERENCE_LEVELS = [
    ({"a": "${b}", "b": "${c}", "c": "${missing}"}, False, Limits(),
     "Could not resolve placeholder 'missing' in value \"${missing}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\"",
     ("top", "a", "b", "c", "missing")),
    # lenient keeps ${missing}, which is then too long
    ({"a": "${b}", "b": "${c}", "c": "${missing}"}, True, Limits(max_length=5),
     "Resolved value would be 10 characters long, more than the limit of 5 in value \"${missing}\" <-- \"${c}\" <-- "
     "\"${b}\" <-- \"${a}\"", ("top", "a", "b", "c")),
    ({"a": "${b}", "b": "${c}", "c": "x" * 12}, False, Limits(max_length=10),
     "Resolved value would be 12 characters long, more than the limit of 10 in value \"${c}\" <-- \"${b}\" <-- "
     "\"${a}\"", ("top", "a", "b")),
    (CHAIN, False, Limits(max_depth=3),
     "Placeholder references nested deeper than 3 levels in value \"${d}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\"",
     ("top", "a", "b", "c")),
    (CHAIN, False, Limits(max_lookups=3),
     "Resolution needed more than 3 lookups in value \"${d}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\"",
     ("top", "a", "b", "c")),
    ({"a": "${b}", "b": "${c}", "c": "${a}"}, True, Limits(),
     "Circular placeholder reference 'a' in value \"${a}\" <-- \"${c}\" <-- \"${b}\" <-- \"${a}\"",
     ("top", "a", "b", "c", "a")),
]


@pytest.mark.parametrize("props, lenient, limits, message, refs", PLAIN_REFERENCE_LEVELS)
def test_failures_through_plain_reference_levels(props, lenient, limits, message, refs) -> None:
    with pytest.raises(PlaceholderError) as caught:
        Resolver(lookup_exact(props), lenient=lenient, limits=limits).resolve("${a}", key="top")
    assert (caught.value.spring_message, caught.value.refs) == (message, refs)


def test_plain_reference_levels_are_memoised_and_traced_alike() -> None:
    shared = Resolver(lookup_exact(CHAIN))
    assert [shared.resolve(CHAIN[key], key=key) for key in "abcde"] == ["end"] * 5
    value, steps = Resolver(lookup_exact(CHAIN), trace=True).resolve_traced("${a}")
    assert value == "end"
    depth = 0
    while steps:
        assert len(steps) == 1 and steps[0].value == "end"
        steps = steps[0].in_value
        depth += 1
    assert depth == 5


def test_same_text_with_a_random_value_is_read_afresh() -> None:
    """Resolved texts are kept for reuse, except those that read ``random.*``: Spring reads each afresh."""
    sources = PropertySources(overrides={"a": "${random.uuid}", "b": "${random.uuid}", "c": "[${random.int}]",
                                         "d": "[${random.int}]", "e": "${random.uuid}x", "f": "${e}"},
                              random=RandomSource(random.Random(5)))
    shared = Resolver(sources.find)
    values = {key: shared.resolve(sources.find(key).value, key=key) for key in "abcdef"}
    assert values["a"] != values["b"] and values["c"] != values["d"]
    # the value of e read through a reference is not e's own, which was resolved at the top
    assert values["f"] != values["e"] and values["f"].endswith("x")
    assert shared.resolve("${random.uuid}") not in values.values()


def _cyclic_props(rng: random.Random) -> dict[str, str]:
    """Keys that mostly refer to one another: cycles, chains into them, side references, defaults."""
    keys = [f"k{i}" for i in range(rng.randint(3, 12))]
    props = {}
    for key in keys:
        parts = []
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            target = rng.choice(keys + ["missing"])
            if roll < 0.15:
                parts.append("x")
            elif roll < 0.35:
                parts.append("${missing:${%s}}" % target)
            elif roll < 0.45:
                parts.append("${%s:d}" % target)
            else:
                parts.append("${%s}" % target)
        props[key] = "".join(parts)
    for _ in range(rng.randint(0, 3)):
        props[f"p{len(props)}"] = "plain"
    return props


def test_shared_resolver_equals_fresh_resolver_on_cycles() -> None:
    """Cycles derived once and failures reused give exactly what a fresh walk gives, in any order."""
    rng = random.Random(7_2024)
    cycles = 0
    for _ in range(400):
        props = _cyclic_props(rng)
        for lenient in (False, True):
            shared = Resolver(lookup_exact(props), lenient=lenient)
            order = list(props)
            rng.shuffle(order)
            for key in order + order[::-1]:
                expected = full_outcome(Resolver(lookup_exact(props), lenient=lenient), props[key], key)
                assert full_outcome(shared, props[key], key) == expected, (props, lenient, key)
                cycles += expected[0] == "CircularPlaceholderError"
    assert cycles > 1_000


def test_success_after_a_failure_in_the_same_value() -> None:
    """A name resolved before a failure is memoised as a success, and only as that."""
    props = {"ok": "${v}", "v": "V", "bad": "${ok}${missing}", "fine": "${ok}!"}
    shared = Resolver(lookup_exact(props))
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        shared.resolve(props["bad"], key="bad")
    assert caught.value.spring_message == (
        "Could not resolve placeholder 'missing' in value \"${ok}${missing}\""
    )
    assert shared.resolve(props["fine"], key="fine") == "V!"


def _random_value(rng: random.Random, names: list[str], depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(0, 3)):
        roll = rng.random()
        if roll < 0.25 or depth >= 2:
            parts.append(rng.choice(["x", "-", ":", "", BS + "${x}"]))
            continue
        name = rng.choice(names)
        if rng.random() < 0.15:
            name = "${%s}" % rng.choice(names)
        if rng.random() < 0.4:
            parts.append("${%s:%s}" % (name, _random_value(rng, names, depth + 1)))
        else:
            parts.append("${%s}" % name)
    return "".join(parts)


def test_shared_resolver_equals_fresh_resolver() -> None:
    """Memoisation is invisible: for every key, a shared and a fresh Resolver agree exactly."""
    rng = random.Random(6_2_3)
    compared = failures = 0
    for _ in range(600):
        keys = [f"k{i}" for i in range(rng.randint(6, 8))]
        names = keys + ["missing1", "missing2"]
        props = {key: _random_value(rng, names) for key in keys}
        for lenient in (False, True):
            shared = Resolver(lookup_exact(props), lenient=lenient)
            order = keys[:]
            rng.shuffle(order)
            for key in order + order[:3]:
                expected = outcome(Resolver(lookup_exact(props), lenient=lenient), props[key], key)
                assert outcome(shared, props[key], key) == expected, (props, lenient, key)
                compared += 1
                failures += expected[0] != "ok"
    # the generator makes plenty of both outcomes
    assert failures > compared // 10
    assert compared - failures > compared // 10


# --- tracing ---------------------------------------------------------------------------------------


def test_trace_default_applied() -> None:
    value, steps = Resolver(lookup_exact({}), trace=True).resolve_traced("${PORT:8080}")
    assert value == "8080"
    assert steps == [Step("${PORT:8080}", tried=["PORT:8080", "PORT"], found=None, used_default=True, value="8080")]


def test_trace_found() -> None:
    value, steps = Resolver(lookup_exact({"PORT": "9000"}), trace=True).resolve_traced("${PORT:8080}")
    assert value == "9000"
    assert steps == [
        Step("${PORT:8080}", tried=["PORT:8080", "PORT"], found=Found("PORT", "9000", ORIGIN, "PORT"), value="9000")
    ]


def test_trace_found_in_the_environment() -> None:
    sources = PropertySources(env={"PORT": "9000"})
    value, steps = Resolver(sources.find, trace=True).resolve_traced("${PORT:8080}")
    assert value == "9000"
    assert steps == [
        Step(
            "${PORT:8080}",
            tried=["PORT:8080", "PORT"],
            found=Found("PORT", "9000", Origin.environment("PORT"), "PORT"),
            value="9000",
        )
    ]


def test_trace_tree() -> None:
    props = {"a": "${b}", "b": "B"}
    value, steps = Resolver(lookup_exact(props), trace=True).resolve_traced("x${a}${c:${b}}")
    assert value == "xBB"
    inner_b = Step("${b}", tried=["b"], found=Found("b", "B", ORIGIN, "b"), value="B")
    assert steps == [
        Step("${a}", tried=["a"], found=Found("a", "${b}", ORIGIN, "a"), value="B", in_value=[inner_b]),
        Step("${c:${b}}", tried=["c"], found=None, used_default=True, value="B", in_default=[inner_b]),
    ]


def test_no_trace_by_default() -> None:
    assert Resolver(lookup_exact({})).resolve_traced("${PORT:8080}") == ("8080", None)
    assert Resolver(lookup_exact({}), trace=True).resolve_traced("plain") == ("plain", [])
