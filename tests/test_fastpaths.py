"""Each fast path gives exactly what the general code gives (no timing is asserted here)."""

from __future__ import annotations

import random

import pytest
import yaml

from portconfig import placeholders, yamlfile

ALPHABET = ["${", "}", "{", ":", "\\", "a", "b", "$", " ", "x:y"]


def _shape(parts):
    out = []
    for part in parts:
        if type(part) is placeholders.Text:
            out.append(("T", part.text))
        else:
            out.append(("P", part.text, part.offset, part.simple, _shape(part.name),
                        None if part.default is None else _shape(part.default)))
    return out


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("escape", ["\\", None])
def test_recursive_parser_matches_the_iterative_one(seed: int, escape: str | None) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 16)))
        expected = placeholders._Parser(value, escape).run()
        assert _shape(placeholders._parse_cached.__wrapped__(value, escape)) == _shape(expected), value


def test_deep_nesting_falls_back_to_the_iterative_parser() -> None:
    value = "${a:" * 150 + "x" + "}" * 150  # deeper than _MAX_RECURSION
    assert _shape(placeholders.parse(value)) == _shape(placeholders._Parser(value, "\\").run())


SCALARS = ["", "~", "null", "Null", "NULL", "nul", "y", "yes", "Yes", "on", "OFF", "true", "False", "no", "n",
           "0", "-0", "+1", "0x1F", "0b101", "017", "1_000", "1:30", "1.5", "-.5", ".inf", "-.Inf", ".nan", "1e5",
           "6.8523015e+5", "<<", "<", "x", "é", "1.2.3", "--", "+", ".", "0o17", "ON", "tru", "nan", "Infinity"]


@pytest.mark.parametrize("value", SCALARS)
def test_first_character_dispatch_matches_the_full_cascade(value: str) -> None:
    expected = next((tag for tag, pattern in yamlfile._IMPLICIT if pattern.fullmatch(value)), yamlfile._STR)
    resolver = yamlfile._SnakeResolver()
    assert resolver.resolve(yaml.nodes.ScalarNode, value, (True, False)) == expected


def test_dispatch_table_covers_every_pattern_start() -> None:
    rng = random.Random(7)
    chars = "".join(map(chr, range(32, 127)))
    resolver = yamlfile._SnakeResolver()
    for _ in range(20_000):
        value = "".join(rng.choice("0123456789.+-_:eExXbBoOnNyYtTfFaAlLsSuUrRiI<~" if rng.random() < 0.9 else chars)
                        for _ in range(rng.randrange(1, 8)))
        expected = next((tag for tag, pattern in yamlfile._IMPLICIT if pattern.fullmatch(value)), yamlfile._STR)
        assert resolver.resolve(yaml.nodes.ScalarNode, value, (True, False)) == expected, value


@pytest.mark.parametrize("depth", [49, 50, 51, 60])
@pytest.mark.parametrize("style", ["block", "flow", "seq"])
def test_depth_check_on_nodes_matches_the_event_check(depth: int, style: str) -> None:
    if style == "block":
        text = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "leaf: 1\n"
    elif style == "flow":
        text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    else:
        text = "- " * depth + "x\n"
    roots = list(yaml.compose_all(text, Loader=yamlfile._LOADER))
    results = []
    for check in (lambda: yamlfile._check_depth_nodes(roots), lambda: yamlfile._check_depth_events(yamlfile._LOADER, text)):
        try:
            check()
            results.append(None)
        except yamlfile._Problem as problem:
            results.append((problem.reason, problem.mark.line, problem.mark.column))
    assert results[0] == results[1]
