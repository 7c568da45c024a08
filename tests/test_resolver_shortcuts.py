"""The resolver's shortcuts give exactly what its general path gives.

A text at the top whose placeholders nest only a few levels deep is resolved with plain calls
(``Resolver._direct``) instead of the generators and driver that make any depth safe.  Each test
runs the same sequence of texts through a resolver that takes the shortcut and one that never does
(``_direct_nesting = 0``), and compares everything a caller can see: values, error types and
messages, refs and quoted values, traces, the names asked for and in which order, and what the
memos then make of later texts.
"""

from __future__ import annotations

import random

from portconfig.errors import PlaceholderError
from portconfig.model import Found
from portconfig.propertysources import PropertySources
from portconfig.randomvalues import RandomSource
from portconfig.resolver import Limits, Resolver
from test_resolver import ORIGIN, Recorder

BS = "\\"


def observe(resolver: Resolver, text: str, key: str | None) -> tuple:
    try:
        value, steps = resolver.resolve_traced(text, key=key, origin=ORIGIN)
    except PlaceholderError as error:
        return (type(error).__name__, error.spring_message, str(error), error.refs, error.values,
                error.placeholder, getattr(error, "limit", None), getattr(error, "maximum", None))
    return ("ok", value, steps)


def both(make, texts: list[tuple[str | None, str]]) -> None:
    """Resolve ``texts`` in order through a shortcut-taking and a general resolver; all must agree."""
    fast_lookup, slow_lookup = make(), make()
    fast, slow = fast_lookup.resolver, slow_lookup.resolver
    slow._direct_nesting = 0
    for key, text in texts:
        assert observe(fast, text, key) == observe(slow, text, key), (text, key, fast_lookup.props)
        assert fast_lookup.asked == slow_lookup.asked, (text, key)
    assert fast._memo.keys() == slow._memo.keys()
    assert fast._texts == slow._texts
    assert fast._failures.keys() == slow._failures.keys()
    assert fast._lookups == slow._lookups and fast._random_reads == slow._random_reads
    assert not fast._in_progress and not slow._in_progress


def _name(rng: random.Random, names: list[str], depth: int) -> str:
    roll = rng.random()
    if roll < 0.12 and depth < 4:
        return _value(rng, names, depth + 1, 1)  # a name with placeholders in it
    if roll < 0.2:
        return rng.choice(["", "a" + BS + ":b", "x{y}", "k1:d"])
    return rng.choice(names)


def _value(rng: random.Random, names: list[str], depth: int = 0, least: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(least, 3)):
        roll = rng.random()
        if roll < 0.2 or depth >= 5:
            parts.append(rng.choice(["x", "-", ":", "", BS + "${x}", "${unclosed", "}", "{", BS]))
        elif roll < 0.6:
            parts.append("${%s:%s}" % (_name(rng, names, depth), _value(rng, names, depth + 1)))
        else:
            parts.append("${%s}" % _name(rng, names, depth))
    return "".join(parts)


def _props(rng: random.Random) -> dict[str, str]:
    keys = [f"k{i}" for i in range(rng.randint(3, 9))]
    names = keys + ["missing", "ENV_1"]
    props = {key: _value(rng, names) for key in keys}
    if rng.random() < 0.3:  # a chain, deeper than small depth limits
        for i in range(12):
            props[f"c{i}"] = "${c%d}" % (i + 1) if i < 11 else rng.choice(["end", "${k0}", "${c0}"])
    return props


def _limits(rng: random.Random) -> Limits:
    roll = rng.random()
    if roll < 0.2:
        return Limits(max_depth=rng.randint(1, 8))
    if roll < 0.3:
        return Limits(max_lookups=rng.randint(1, 30))
    if roll < 0.4:
        return Limits(max_length=rng.randint(0, 12))
    return Limits()


def test_direct_walk_equals_general_walk() -> None:
    rng = random.Random(2_0_2_5)
    outcomes = set()
    for _ in range(1_500):
        props = _props(rng)
        lenient, trace, limits = rng.random() < 0.3, rng.random() < 0.3, _limits(rng)

        def make(props=props, lenient=lenient, trace=trace, limits=limits):
            recorder = Recorder(props)
            recorder.resolver = Resolver(recorder, lenient=lenient, trace=trace, limits=limits)
            return recorder

        keys = list(props)
        rng.shuffle(keys)
        texts = [(key, props[key]) for key in keys]
        texts += [(None, _value(rng, keys + ["missing"], 0, 1)) for _ in range(3)]
        texts += texts[:3]
        both(make, texts)
        outcomes.add(observe(make().resolver, texts[0][1], texts[0][0])[0])
    assert {"ok", "UnresolvablePlaceholderError", "CircularPlaceholderError", "ResolutionLimitError"} <= outcomes


def test_direct_walk_equals_general_walk_through_relaxed_sources_and_random_values() -> None:
    rng = random.Random(61)
    for _ in range(300):
        props = _props(rng)
        props["r"] = rng.choice(["${random.uuid}", "[${random.int}]", "${random.int(0):x}"])
        props["k0"] = "${ENV_1:${r}}-${HOME:/tmp}"
        env = {"ENV_1": "${k1:e}"} if rng.random() < 0.5 else {}
        trace = rng.random() < 0.3

        def make(props=props, env=env, trace=trace):
            sources = PropertySources(overrides=props, env=env, random=RandomSource(random.Random(3)))
            recorder = Recorder(props)

            def lookup(name: str) -> Found | None:
                recorder.asked.append(name)
                return sources.find(name)

            recorder.resolver = Resolver(lookup, trace=trace)
            return recorder

        texts = [(key, props[key]) for key in props] * 2
        both(make, texts)


def test_deep_nesting_still_takes_the_general_path() -> None:
    """Beyond the shortcut's bound a text nested 10,000 deep resolves (and fails) without Python recursion."""
    deep = "${a:" * 10_000 + "end" + "}" * 10_000
    assert Resolver(lambda name: None).resolve(deep) == "end"
    both(lambda: _recording({}, Limits(max_depth=40)), [(None, "${a:" * 39 + "end" + "}" * 39),
                                                       (None, "${a:" * 40 + "end" + "}" * 40)])


def _recording(props: dict[str, str], limits: Limits) -> Recorder:
    recorder = Recorder(props)
    recorder.resolver = Resolver(recorder, limits=limits)
    return recorder


def test_depth_limit_counts_the_levels_of_the_text() -> None:
    """A chain met inside a nested default is as deep as the default's nesting plus its own levels."""
    props = {f"c{i}": "${c%d}" % (i + 1) for i in range(20)} | {"c20": "end"}
    for depth in range(1, 30):
        for nesting in range(0, 5):
            text = "${m:" * nesting + "${c0}" + "}" * nesting
            both(lambda: _recording(props, Limits(max_depth=depth)), [(None, text), ("k", text)])
