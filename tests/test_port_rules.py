"""The port rules from the field (issue 5): port-hardcoded, port-fallback, port-conflict, port-format,
env-service-link, and the port keys they apply to (server.port, management.server.port, --port-key)."""

from __future__ import annotations

from pathlib import Path

import pytest

import portconfig
from portconfig.checks import RULES
from portconfig.cli import main

HARDCODED = (
    "server.port is hard-coded to {0}: Heroku, Cloud Foundry, Render and Cloud Run assign the port in the PORT "
    "environment variable and stop a server that does not bind it; write ${{PORT:{0}}} (still {0} wherever PORT "
    "is unset; portconfig fix does it)"
)
SERVICE_LINK = (
    'server.port gets "tcp://10.0.0.1:8080" from the environment variable {0}, which Kubernetes sets for a '
    'Service named "{1}" (a service link): Spring Boot cannot convert it to a port and fails to start; set '
    "enableServiceLinks: false in the pod spec, or rename the Service"
)
PRIVILEGED = (
    "a privileged port (below 1024): binding it needs administrator rights; use 1024 or above (8080 is usual), "
    "or allow privileged ports if this service is deployed with that privilege"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files relative to here


def found(tmp_path: Path, name: str, text: str, env: dict[str, str] | None = None, **options) -> list[tuple]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return [(p.rule, p.severity.value, p.line, p.column, p.message)
            for p in portconfig.lint(name, env=env or {}, **options)]


def only(results: list[tuple], rule: str) -> list[tuple]:
    return [item[1:] for item in results if item[0] == rule]


def test_the_new_rules_are_registered_with_their_severities() -> None:
    expected = {"port-hardcoded": "warning", "port-fallback": "warning", "port-conflict": "error",
                "port-format": "warning", "env-service-link": "error", "port-in-use": "error"}
    assert {rule: RULES[rule].severity.value for rule in expected} == expected
    for rule in expected:
        assert RULES[rule].documentation and RULES[rule].summary


# --- port-hardcoded ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, text, env, expected", [
    ("application.properties", "server.port=8080\n", {}, [("warning", 1, 13, HARDCODED.format(8080))]),
    ("application.properties", "server.port: 9090\n", {}, [("warning", 1, 14, HARDCODED.format(9090))]),
    ("application.yml", "server:\n  port: '8080'\n", {}, [("warning", 2, 9, HARDCODED.format(8080))]),
    # the files' value is reported even when the environment overrides it in this run
    ("application.yml", "server:\n  port: 8080\n", {"SERVER_PORT": "9000"}, [("warning", 2, 9, HARDCODED.format(8080))]),
    # passing: placeholders, 0 (random), negative, unset, other port keys
    ("application.properties", "server.port=${PORT:8080}\n", {}, []),
    ("application.properties", "server.port=${PORT}\n", {"PORT": "8080"}, []),
    ("application.properties", "server.port=0\n", {}, []),
    ("application.properties", "server.port=-1\n", {}, []),
    ("application.properties", "a=b\n", {}, []),
    ("application.properties", "server.port=${PORT:8080}\nmanagement.server.port=9001\n", {}, []),
])
def test_port_hardcoded(tmp_path, name, text, env, expected) -> None:
    assert only(found(tmp_path, name, text, env), "port-hardcoded") == expected


# --- port-fallback ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, env, expected", [
    ("server.port=${PORT:80}\n", {"PORT": "8080"},
     [("warning", 1, 13, f"when PORT is unset, server.port falls back to 80, {PRIVILEGED}")]),
    ("server.port=${PORT:0}\n", {"PORT": "9000"},
     [("warning", 1, 13, "when PORT is unset, server.port falls back to 0: Spring Boot would pick a random free "
       "port, and port 0 cannot be reached by clients; use a fixed port between 1024 and 65535, e.g. 8080")]),
    ("server.port=${PORT}\n", {"PORT": "9000"},
     [("warning", 1, 13, "when PORT is unset, server.port does not resolve (Could not resolve placeholder 'PORT' "
       "in value \"${PORT}\"), so Spring Boot fails to start wherever PORT is not set, such as a laptop; give "
       "${PORT} a default, e.g. ${PORT:8080}")]),
    ("server.port=${ORDERS_PORT:${PORT:80}}\n", {"ORDERS_PORT": "9000", "PORT": "9001"},
     [("warning", 1, 13, f"when ORDERS_PORT and PORT are unset, server.port falls back to 80, {PRIVILEGED}")]),
    ("management.server.port=${MGMT_PORT:0}\nserver.port=${PORT:8080}\n", {"MGMT_PORT": "9001"},
     [("warning", 1, 24, "when MGMT_PORT is unset, management.server.port falls back to 0: Spring Boot would "
       "pick a random free port, and port 0 cannot be reached by clients; use a fixed port between 1024 and "
       "65535, e.g. 8080")]),
    # passing: good fallbacks, and the run's own value (reported by the value rules, not again here)
    ("server.port=${PORT:8080}\n", {"PORT": "9000"}, []),
    ("server.port=${PORT:80}\n", {}, []),
    ("server.port=${PORT}\n", {}, []),
    ("server.port=${app.port}\napp.port=9000\n", {}, []),  # answered by the files, not the machine
])
def test_port_fallback(tmp_path, text, env, expected) -> None:
    assert only(found(tmp_path, "application.properties", text, env), "port-fallback") == expected


def test_fallbacks_are_reported_once_by_port_fallback_only(tmp_path) -> None:
    results = found(tmp_path, "application.properties", "server.port=${PORT:80}\n", {"PORT": "8080"})
    assert [item[0] for item in results] == ["port-fallback"]
    # unset, the run's own value is port-privileged's, and no fallback is reported
    results = found(tmp_path, "application.properties", "server.port=${PORT:80}\n", {})
    assert [item[0] for item in results] == ["port-privileged"]
    # ${PORT} with PORT unset: unresolvable-placeholder (an error for a port key), not port-fallback
    results = found(tmp_path, "application.properties", "server.port=${PORT}\n", {})
    assert [item[0] for item in results] == ["unresolvable-placeholder"]
    assert results[0][1] == "error"


# --- port-conflict ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, keys, expected", [
    ("server.port=${PORT:8080}\ngrpc.server.port=8080\n", ["grpc.server.port"],
     [("error", 2, 18, "grpc.server.port is 8080, the same port as server.port (application.properties:1:13): "
       "only one process can listen on a port at a time; give one of them another port")]),
    # an unset server.port is Spring Boot's 8080
    ("grpc.server.port=8080\n", ["*.port"],
     [("error", 1, 18, "grpc.server.port is 8080, the same port as server.port (Spring Boot's default): only one "
       "process can listen on a port at a time; give one of them another port")]),
    ("a.port=9000\nb.port=${A:9000}\n", ["*.port"],
     [("error", 2, 8, "b.port is 9000, the same port as a.port (application.properties:1:8): only one process can "
       "listen on a port at a time; give one of them another port")]),
    # passing: management on the server's port is Spring's SAME (one server), 0 and negative never conflict
    ("server.port=${PORT:8080}\nmanagement.server.port=8080\n", [], []),
    ("server.port=${PORT:9000}\nmanagement.server.port=9001\n", [], []),
    ("a.port=0\nb.port=0\n", ["*.port"], []),
    ("server.port=${PORT:8080}\ngrpc.server.port=8080\n", [], []),  # not a port key unless asked
])
def test_port_conflict(tmp_path, text, keys, expected) -> None:
    results = found(tmp_path, "application.properties", text, port_keys=keys, allow_privileged=True)
    assert only(results, "port-conflict") == expected


# --- port-format --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, text, expected", [
    ("application.yml", "server:\n  port: 010\n",
     "server.port is 010, an octal number in YAML 1.1: Spring Boot gets 8 (quoted, '010' would give 10); write the "
     "port in decimal, without leading zeros"),
    ("application.yml", "server:\n  port: '01070'\n",
     "server.port is '01070', with leading zeros: Spring Boot reads it as decimal 1070, but unquoted YAML 1.1 would "
     "make it octal 568; write 1070"),
    ("application.yml", "server:\n  port: 22:22\n",
     "server.port is 22:22, a base-60 (sexagesimal) number in YAML 1.1: Spring Boot gets 1342; write the port as "
     "one decimal number"),
    ("application.yml", "server:\n  port: 0x1F90\n",
     "server.port is 0x1F90, a hexadecimal number: Spring Boot gets 8080; write 8080"),
    ("application.yml", "server:\n  port: 0b1111111111111\n",
     "server.port is 0b1111111111111, a binary number in YAML 1.1: Spring Boot gets 8191; write 8191"),
    ("application.yml", "server:\n  port: 8_080\n",
     "server.port is 8_080: YAML 1.1 drops the underscores and Spring Boot gets 8080, but the same text quoted or "
     "in a .properties file does not convert; write 8080"),
    ("application.yml", "server:\n  port: +8080\n",
     "server.port is +8080, with a plus sign: Spring Boot gets 8080; write 8080"),
    ("application.yml", "server:\n  port: \"#1F90\"\n",
     'server.port is "#1F90", a hexadecimal number to Spring Boot: it gets 8080; write 8080'),
    ("application.properties", "server.port=0x1F90\n",
     'server.port is "0x1F90", a hexadecimal number to Spring Boot: it gets 8080; write 8080'),
    ("application.properties", "server.port=80 80\n",
     'server.port is "80 80", with whitespace inside: Spring Boot removes all whitespace and gets 8080; write 8080'),
    ("application.properties", "server.port=+8080\n",
     'server.port is "+8080", with a plus sign: Spring Boot gets 8080; write 8080'),
    ("application.properties", "server.port=08080\n",
     'server.port is "08080", with leading zeros: Spring Boot reads it as decimal 8080; write 8080'),
    ("application.properties", "server.port=\\u0668\\u0660\\u0668\\u0660\n",
     'server.port is "٨٠٨٠", written with non-ASCII digits: Spring Boot gets 8080; write 8080'),
])
def test_port_format_failing(tmp_path, name, text, expected) -> None:
    results = only(found(tmp_path, name, text, allow_privileged=True), "port-format")
    assert [item[0] for item in results] == ["warning"] and results[0][3] == expected


@pytest.mark.parametrize("name, text", [
    ("application.yml", "server:\n  port: 8080\n"),
    ("application.yml", "server:\n  port: '8080'\n"),
    ("application.yml", "server:\n  port: ${PORT:0x1F90}\n"),  # placeholders are not read as written
    ("application.yml", "server:\n  port: 8080.0\n"),  # does not convert: port-not-integer's
    ("application.properties", "server.port=8080   \n"),  # trailing whitespace: invisible and harmless
    ("application.properties", "app.port=010\n"),  # not a port key
])
def test_port_format_passing(tmp_path, name, text) -> None:
    assert only(found(tmp_path, name, text), "port-format") == []


def test_port_format_checks_every_value_written_at_its_line(tmp_path) -> None:
    text = "server:\n  port: 010\n---\nspring.config.activate.on-profile: dev\nserver:\n  port: 0x1F91\n"
    results = found(tmp_path, "application.yml", text, allow_privileged=True)
    assert [(item[2], item[3]) for item in results if item[0] == "port-format"] == [(2, 9), (6, 9)]


# --- env-service-link ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text, env, expected", [
    ("server.port=${PORT:8080}\n", {"SERVER_PORT": "tcp://10.0.0.1:8080"},
     [("error", 1, 13, SERVICE_LINK.format("SERVER_PORT", "server"))]),
    ("a=b\n", {"SERVER_PORT": "tcp://10.0.0.1:8080"}, [("error", None, None, SERVICE_LINK.format("SERVER_PORT", "server"))]),
    ("server.port=${ORDERS_API_PORT:8080}\n", {"ORDERS_API_PORT": "tcp://10.0.0.1:8080"},
     [("error", 1, 13, SERVICE_LINK.format("ORDERS_API_PORT", "orders-api"))]),
    # passing
    ("server.port=${PORT:8080}\n", {"SERVER_PORT": "9000"}, []),
    ("server.port=${PORT:8080}\n", {"PORT": "9000", "DB_PORT": "tcp://10.0.0.2:5432"}, []),
])
def test_env_service_link(tmp_path, text, env, expected) -> None:
    results = found(tmp_path, "application.properties", text, env)
    assert only(results, "env-service-link") == expected
    if expected:  # the cause is reported once, not again as a value that is not a number
        assert only(results, "port-not-integer") == []


# --- port keys ----------------------------------------------------------------------------------------


def test_management_port_is_a_port_key_and_negative_disables_it(tmp_path) -> None:
    results = found(tmp_path, "application.properties", "server.port=${PORT:8080}\nmanagement.server.port=80\n")
    assert [(item[0], item[2]) for item in results] == [("port-privileged", 2)]
    assert found(tmp_path, "application.properties", "server.port=${PORT:8080}\nmanagement.server.port=-1\n") == []
    # keys that merely end in "port" are not swept in by default
    assert found(tmp_path, "application.properties", "server.port=${PORT:8080}\ndubbo.protocol.port=-1\n") == []


def test_port_keys_option_adds_keys_and_globs(tmp_path) -> None:
    path = tmp_path / "application.properties"
    path.write_text("server.port=${PORT:8080}\ndubbo.protocol.port=-1\ngrpc.server.port=abc\n", encoding="utf-8")
    rules = lambda **kw: [(p.rule, p.key) for p in portconfig.lint(str(path), env={}, **kw)]  # noqa: E731
    assert rules() == []
    assert rules(port_keys=["grpc.server.port"]) == [("port-not-integer", "grpc.server.port")]
    assert rules(port_keys=["*.port"]) == [("port-out-of-range", "dubbo.protocol.port"),
                                           ("port-not-integer", "grpc.server.port")]
    with pytest.raises(portconfig.InvalidConfigError) as caught:
        portconfig.load(str(path), env={}, port_keys=["grpc.*"])
    assert [error.rule for error in caught.value.errors] == ["port-not-integer"]
    assert portconfig.load(str(path), env={}).port == 8080


def test_port_key_option_on_the_command_line(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "application.properties").write_text("server.port=${PORT:8080}\ngrpc.server.port=8080\n")
    assert main(["check", "--no-env"]) == 0
    capsys.readouterr()
    assert main(["check", "--no-env", "--port-key", "grpc.server.port"]) == 1
    out = capsys.readouterr().out
    assert "[port-conflict]" in out and out.endswith("1 error in 1 file\n")
    assert main(["check", "--no-env", "--port-key", "nothing.*", "--port-key", "*.server.port"]) == 1
