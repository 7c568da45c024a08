"""``${random.*}`` (spring-semantics §4, vectors R01-R08), random ports, and Maven filter tokens."""

from __future__ import annotations

import random
import re
import uuid
from pathlib import Path

import pytest

import portconfig
from portconfig import InvalidConfigError, OriginKind
from portconfig.analysis import analyse
from portconfig.randomvalues import RandomRange, RandomSource, RandomValueError, parse_range


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


RANGES = [
    ("int(10)", RandomRange("int", 0, 10)),  # R02
    ("int[4,10]", RandomRange("int", 4, 10)),  # R03: upper bound exclusive
    ("int[-4,4]", RandomRange("int", -4, 4)),
    ("long[4,10]", RandomRange("long", 4, 10)),
    ("int<4,10>", RandomRange("int", 4, 10)),  # the next char is the opener, whatever it is
    ("int[1024,65536]", RandomRange("int", 1024, 65536)),
    ("int", RandomRange("int", -(2**31), 2**31)),
    ("long(9999999999)", RandomRange("long", 0, 9999999999)),
    ("uuid", None),
    ("value", None),
]


@pytest.mark.parametrize(("name", "expected"), RANGES)
def test_parse_range(name: str, expected: RandomRange | None) -> None:
    assert parse_range(name) == expected


BAD = [
    ("int(0)", "${random.int(0)}: Bound must be positive."),  # R04
    ("int(-5)", "${random.int(-5)}: Bound must be positive."),
    ("int[4,4]", "${random.int[4,4]}: Lower bound must be less than upper bound."),  # R05
    ("int(10, 20)", '${random.int(10, 20)}: java.lang.NumberFormatException: For input string: " 20"'),
    ("int(9999999999)", '${random.int(9999999999)}: java.lang.NumberFormatException: For input string: "9999999999"'),
    ("integer", '${random.integer}: java.lang.NumberFormatException: For input string: "ge"'),
    ("int()", "${random.int()}: java.lang.ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0"),
]


@pytest.mark.parametrize(("name", "message"), BAD)
def test_bad_ranges_have_boots_messages(name: str, message: str) -> None:
    with pytest.raises(RandomValueError) as caught:
        parse_range(name)
    assert caught.value.spring_message == message


def test_values_and_injectable_generator() -> None:
    source = RandomSource(random.Random(42))
    again = RandomSource(random.Random(42))
    names = ["random.int", "random.long", "random.int(10)", "random.int[4,10]", "random.uuid", "random.value"]
    values = [source.find(name).value for name in names]
    assert values == [again.find(name).value for name in names]  # the same seed, the same values
    assert -(2**31) <= int(values[0]) < 2**31 and -(2**63) <= int(values[1]) < 2**63
    assert 0 <= int(values[2]) < 10 and 4 <= int(values[3]) < 10
    assert uuid.UUID(values[4]).version == 4  # R06
    for name in ("random.value", "random.string", "random.x"):  # R01
        assert re.fullmatch(r"[0-9a-f]{32}", source.find(name).value)
    assert source.find("foo") is None  # R07
    found = source.find("random.int[4,10]")
    assert (found.origin.kind, found.origin.name, str(found.origin)) == (OriginKind.RANDOM, "random.int[4,10]", "random value")
    samples = {source.find("random.int[4,10]").value for _ in range(200)}  # R08: a new value on every lookup
    assert samples == {str(n) for n in range(4, 10)}


def test_random_source_sits_below_the_environment_above_the_files(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "random.int=5\nx=${random.int}\n")
    analysis = analyse([path], env={"RANDOM_INT": "7"}, rng=random.Random(1))
    assert analysis.values["x"] == "7"
    analysis = analyse([path], env={}, rng=random.Random(1))
    assert analysis.values["x"] != "5"


def test_bad_bound_fails_load_with_boots_message(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "a.b=${random.int(0)}\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(path, env={})
    (error,) = caught.value.errors
    assert error.rule == "random-bound"
    assert str(error).startswith(f"{path}:1:5: a.b: ${{random.int(0)}}: Bound must be positive.")
    (problem,) = [p for p in portconfig.lint(path, env={}) if p.rule != "port-default"]
    assert (problem.rule, problem.severity.value, problem.line) == ("random-bound", "error", 1)


RANDOM_PORTS = [
    # (value, rule or None)
    ("${random.int[1024,65536]}", None),
    ("${random.int[10000,20000]}", None),
    ("${random.int[80,9000]}", "port-privileged"),
    ("${random.int[1024,70000]}", "port-out-of-range"),
    ("${random.int(10)}", "port-out-of-range"),
    ("${random.int}", "port-out-of-range"),
    ("${random.long[2000,3000]}", None),
]


@pytest.mark.parametrize(("value", "rule"), RANDOM_PORTS)
def test_random_port_range_is_checked_not_a_sample(tmp_path: Path, value: str, rule: str | None) -> None:
    path = write(tmp_path, "application.properties", f"server.port={value}\n")
    found = [p.rule for p in portconfig.lint(path, env={})]
    if rule is None:
        assert found == []
        config = portconfig.load(path, env={})
        low, high = (int(n) for n in re.findall(r"-?\d+", value))
        assert low <= config.port < high
    else:
        assert found == [rule]


def test_random_port_privileged_message(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "server.port=${random.int[80,9000]}\n")
    (problem,) = portconfig.lint(path, env={})
    assert problem.message == (
        "server.port is ${random.int[80,9000]}, a random port from 80 to 8999, which includes privileged ports "
        "(below 1024); start the range at 1024 or above, or pass --allow-privileged"
    )
    assert portconfig.lint(path, env={}, allow_privileged=True) == []


def test_show_displays_the_range_not_a_sample(tmp_path: Path, monkeypatch, capsys) -> None:
    from portconfig.cli import main

    monkeypatch.chdir(tmp_path)
    write(tmp_path, "application.properties", "server.port=${random.int[10000,19999]}\napp.id=app-${random.uuid}\n")
    assert main(["show", "--no-env"]) == 0
    assert capsys.readouterr().out == (
        "server.port = ${random.int[10000,19999]}    random value, via ${random.int[10000,19999]} at "
        "application.properties:1:13\n"
        "app.id      = app-${random.uuid}            application.properties:2:8\n"
    )


# --- Maven resource-filter tokens ------------------------------------------------------------------------


def test_unquoted_filter_token_names_cause_and_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "application.yml", "info:\n  version: @project.version@\nserver:\n  port: 80\n")
    (problem,) = portconfig.lint(path, env={})
    assert (problem.rule, problem.severity.value, problem.line, problem.column) == ("filter-token", "error", 2, 12)
    assert problem.message == (
        "@project.version@ is a Maven resource-filter token: unquoted at the start of a YAML value it is invalid "
        "YAML (found character '@' that cannot start any token); quote it ('@project.version@'), or lint the "
        "filtered output in target/classes; --filter-tokens checks the rest of the file with such tokens kept "
        "as text"
    )


def test_filter_tokens_option_checks_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "application.yml",
                 "info:\n  version: @project.version@ # set by Maven\n  list:\n    - @a@-x\nserver:\n  port: 80\n")
    found = [(p.rule, p.line, p.column) for p in portconfig.lint(path, env={}, filter_tokens=True)]
    assert found == [("port-privileged", 6, 9), ("port-hardcoded", 6, 9)]
    config = portconfig.load(path, env={}, filter_tokens=True, allow_privileged=True)
    assert (config["info.version"], config["info.list[0]"]) == ("@project.version@", "@a@-x")
    assert config.origin("info.version").column == 12  # positions are kept


def test_maven_self_reference_mentions_resource_filtering(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "project.version=${project.version}\nother=${other}\n")
    messages = {p.key: p.message for p in portconfig.lint(path, env={}) if p.rule == "circular-placeholder"}
    assert "Maven resource-filtering placeholder" in messages["project.version"]
    assert "lint the filtered output in target/classes, or write @project.version@" in messages["project.version"]
    assert "Maven" not in messages["other"]
    messages = {p.key: p.message for p in portconfig.lint(path, env={}, filter_tokens=True)
                if p.rule == "circular-placeholder"}
    assert "Maven resource-filtering placeholder" in messages["other"]
