"""The command line, run through ``main([...])`` (and, for a few cases, as a real process)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import run, write

from portconfig import __version__
from portconfig.cli import Outcome, exit_code
from portconfig.model import Problem, Severity

pytestmark = pytest.mark.usefixtures("hermetic")

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "spring-app"
SECRET = "Sup3r-S3cret-Value"


def golden(name: str, actual: dict) -> None:
    """Compare with tests/golden/NAME; PORTCONFIG_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("PORTCONFIG_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


# -- exit codes ------------------------------------------------------------------


def problem(severity: Severity) -> Problem:
    return Problem("r", severity, "m")


@pytest.mark.parametrize(
    "outcome, code",
    [
        (Outcome(), 0),
        (Outcome([problem(Severity.NOTE)]), 0),
        (Outcome([problem(Severity.WARNING)]), 0),
        (Outcome([problem(Severity.WARNING)], strict=True), 1),
        (Outcome([problem(Severity.ERROR)]), 1),
        (Outcome(failed=True), 1),
        (Outcome([problem(Severity.ERROR)], unusable=True), 2),
    ],
)
def test_exit_code_function(outcome, code):
    assert exit_code(outcome) == code


@pytest.mark.parametrize(
    "files, argv, code",
    [
        ({"application.properties": "server.port=9090\n"}, ["check", "--no-env"], 0),
        ({"application.properties": "server.port=80\n"}, ["check", "--no-env"], 1),
        ({"application.properties": "server.port=80\n"}, ["check", "--no-env", "--allow-privileged"], 0),
        ({"application.properties": "a=${MISSING}\n"}, ["check", "--no-env"], 0),
        ({"application.properties": "a=${MISSING}\n"}, ["check", "--no-env", "--strict"], 1),
        ({"application.properties": "a=1\na=2\n"}, ["check", "--no-env"], 0),
        ({"application.properties": "a=1\na=2\n"}, ["check", "--no-env", "--strict"], 1),
        ({"application.yml": "a: [\n"}, ["check", "--no-env"], 1),
        ({}, ["check", "--no-env"], 2),
        ({}, ["check", "--no-env", "missing.properties"], 2),
        ({"application.properties": "a=1\n"}, ["check", "--no-env", ".", "missing.yml"], 2),
        ({}, ["check", "--no-such-option"], 2),
        ({}, [], 2),
        # a privileged fallback is a warning (port-fallback): it fails only where PORT is unset
        ({"application.properties": "server.port=${PORT:80}\n"}, ["check", "--no-env", "--set", "PORT=8080"], 0),
        ({"application.properties": "server.port=${PORT:80}\n"},
         ["check", "--no-env", "--set", "PORT=8080", "--strict"], 1),
        ({"application.properties": "server.port=${PORT}\n"}, ["check", "--no-env"], 1),
        ({"application.properties": "server.port=${PORT}\n"}, ["check", "--no-env", "--set", "PORT=8081"], 0),
        ({"application.properties": "server.port=9090\n"}, ["port", "--no-env"], 0),
        ({"application.properties": "server.port=70000\n"}, ["port", "--no-env"], 1),
        ({"application.properties": "a=b\n"}, ["explain", "nope", "--no-env"], 1),
        ({"application.properties": "a=b\n"}, ["explain", "a", "--no-env"], 0),
        ({"application.properties": "a=${X}\n"}, ["show", "--no-env"], 1),
        ({"application.properties": "a=b\n"}, ["show", "--no-env"], 0),
        ({}, ["rules"], 0),
        ({}, ["rules", "nope"], 2),
        ({}, ["check", "--no-env", "--env-file", "missing.env"], 2),
        ({}, ["check", "--set", "no-equals"], 2),
    ],
)
def test_exit_codes(capsys, files, argv, code):
    for name, text in files.items():
        write(name, text)
    assert run(capsys, *argv)[0] == code


# -- check: text -----------------------------------------------------------------


def test_check_text_is_exact_and_sorted(capsys):
    write("application.properties", "server.port=${PORT:80}\na=${DB_HOST}\na=2\n")
    write("config/application.yml", "b: ${c\n")
    code, out, err = run(capsys, "check", "--no-env", "--set", "PORT=8080")
    assert code == 0 and err == ""
    assert out == (
        "application.properties:1:13: warning: when PORT is unset, server.port falls back to 80, a privileged port"
        " (below 1024): binding it needs administrator rights; use 1024 or above (8080 is usual), or allow"
        " privileged ports if this service is deployed with that privilege [port-fallback]\n"
        "application.properties:3:3: warning: a is set again here; the value at line 2 is ignored [duplicate-key]\n"
        'config/application.yml:1:4: warning: b: "${c" has no closing "}", so Spring keeps it as text; close the'
        " placeholder [unclosed-placeholder]\n"
        "3 warnings in 2 files\n"
    )


def test_check_clean_summary(capsys):
    write("application.properties", "server.port=${PORT:9090}\n")
    assert run(capsys, "check", "--no-env") == (0, "no problems in 1 file\n", "")


def test_check_port_default_note(capsys):
    write("application.properties", "a=b\n")
    code, out, _ = run(capsys, "check", "--no-env")
    assert code == 0
    assert out == (
        "application.properties: note: server.port is not set in the files, the environment or an override:"
        " Spring Boot will use 8080 [port-default]\n1 note in 1 file\n"
    )


def test_unresolvable_is_warning_naming_the_variable(capsys):
    write("application.properties", "db.host=${DB_HOST}\nserver.port=8080\n")
    code, out, _ = run(capsys, "check", "--no-env")
    assert code == 0
    assert "warning: db.host: Could not resolve placeholder 'DB_HOST'" in out
    assert "set the environment variable DB_HOST" in out
    code, out, _ = run(capsys, "check", "--no-env", "--strict")
    assert code == 1 and "error: db.host" in out


def test_syntax_error_is_a_finding(capsys):
    write("application.yml", "server:\n  port: [8080\n")
    code, out, err = run(capsys, "check", "--no-env")
    assert code == 1 and err == ""
    assert out.startswith("application.yml:") and "[syntax-error]" in out


def test_missing_path_still_reports_good_ones(capsys):
    write("application.properties", "server.port=80\n")
    code, out, err = run(capsys, "check", "--no-env", "application.properties", "nope.yml")
    assert code == 2
    assert "[port-privileged]" in out
    assert err == "portconfig: nope.yml: no such file or directory; check the path\n"


def test_empty_directory(capsys):
    os.mkdir("empty")
    code, out, err = run(capsys, "check", "--no-env", "empty")
    assert code == 2 and out == ""
    assert err.startswith("portconfig: empty: no Spring Boot configuration files") and err.count("\n") == 1


def test_directory_is_not_a_file_error(capsys):
    os.mkdir("application.yml")
    write("x/application.properties", "a=1\n")
    code, _, err = run(capsys, "check", "--no-env", "application.yml")
    assert code == 2 and "portconfig: " in err


def test_colour_only_when_asked_and_never_with_no_color(capsys, monkeypatch):
    write("application.properties", "server.port=80\n")
    _, out, _ = run(capsys, "check", "--no-env")
    assert "\033[" not in out
    _, out, _ = run(capsys, "check", "--no-env", "--color", "always")
    assert "\033[1;31merror\033[0m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    _, out, _ = run(capsys, "check", "--no-env")
    assert "\033[" not in out
    monkeypatch.setenv("NO_COLOR", "")
    _, out, _ = run(capsys, "check", "--no-env")
    assert "\033[" in out


# -- environment options ---------------------------------------------------------


def test_process_env_by_default_and_no_env(capsys, monkeypatch):
    write("application.properties", "server.port=${PORT:8080}\n")
    monkeypatch.setenv("PORT", "9191")
    assert run(capsys, "port")[1] == "9191\n"
    assert run(capsys, "port", "--no-env")[1] == "8080\n"


def test_env_file_adds_and_set_overrides(capsys, monkeypatch):
    write("application.properties", "server.port=${PORT:8080}\n")
    write("prod.env", "# production\nexport PORT='9292'\n")
    monkeypatch.setenv("PORT", "9191")
    assert run(capsys, "port", "--env-file", "prod.env")[1] == "9292\n"
    assert run(capsys, "port", "--no-env", "--env-file", "prod.env")[1] == "9292\n"
    assert run(capsys, "port", "--env-file", "prod.env", "--set", "server.port=9393")[1] == "9393\n"


def test_bad_env_file_line(capsys):
    write("application.properties", "a=1\n")
    write("bad.env", "A=1\nthis is not an assignment\n")
    code, out, err = run(capsys, "check", "--no-env", "--env-file", "bad.env")
    assert code == 2 and out == ""
    assert err == "portconfig: --env-file bad.env:2: expected KEY=VALUE (no '=' on this line)\n"


def test_set_origin_label(capsys):
    write("application.properties", "server.port=${PORT:8080}\n")
    _, out, _ = run(capsys, "show", "--no-env", "--set", "PORT=9090")
    assert "--set PORT, via ${PORT:8080} at application.properties:1:13" in out


def test_lenient_keeps_text(capsys):
    write("application.properties", "a=${X}\nserver.port=8080\n")
    code, out, _ = run(capsys, "show", "--no-env", "--lenient")
    assert code == 0 and "a           = ${X}" in out


def test_encoding_option(capsys):
    Path("application.properties").write_bytes("name=café\nserver.port=8080\n".encode())
    _, out, _ = run(capsys, "check", "--no-env")
    assert "[encoding]" in out
    _, out, _ = run(capsys, "check", "--no-env", "--encoding", "utf-8")
    assert "[encoding]" not in out
    code, _, err = run(capsys, "check", "--no-env", "--encoding", "klingon")
    assert code == 2 and "unknown encoding" in err


# -- formats ---------------------------------------------------------------------


def _golden_tree():
    write("application.properties", "server.port=${PORT:80}\ndb.url=${DB_HOST}\nname=a\nname=b\n")
    write("config/application-dev.yml", "server:\n  port: abc\n")


def test_check_json_golden(capsys):
    _golden_tree()
    code, out, _ = run(capsys, "check", "--no-env", "--set", "PORT=8080", "--format", "json")
    assert code == 1
    golden("check.json", json.loads(out))


def test_check_sarif_golden(capsys):
    _golden_tree()
    code, out, _ = run(capsys, "check", "--no-env", "--set", "PORT=8080", "--format", "sarif")
    assert code == 1
    document = json.loads(out)
    driver = document["runs"][0]["tool"]["driver"]
    from portconfig.checks import RULES

    # The rule table mirrors the registry; its text is the rules' docstrings (checked here, not frozen).
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    for rule in driver["rules"]:
        registered = RULES[rule["id"]]
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["fullDescription"]["text"] == registered.documentation
        assert rule["defaultConfiguration"]["level"] == registered.severity.value
    assert driver["version"] == __version__
    driver["version"] = "VERSION"
    driver["rules"] = [rule["id"] for rule in driver["rules"]]
    for result in document["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]] == result["ruleId"]
    golden("check.sarif.json", document)


def test_check_github_format(capsys, monkeypatch):
    write("application.properties", "server.port=80\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, "check", "--no-env")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=application.properties,line=1,col=13,title=port-privileged::server.port is 80")
    assert out.splitlines()[-1] == "1 error, 1 warning in 1 file"  # and port-hardcoded
    # auto is text outside Actions
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run(capsys, "check", "--no-env")[1].startswith("application.properties:1:13: error:")


def test_check_show_json_combines(capsys):
    write("application.properties", "server.port=9090\n")
    _, out, _ = run(capsys, "check", "--no-env", "--show", "--format", "json")
    document = json.loads(out)
    assert document["properties"] == [
        {"key": "server.port", "value": "9090", "origin": "application.properties:1:13", "sensitive": False}
    ]
    assert document["summary"] == {"errors": 0, "warnings": 1, "notes": 0, "files": 1}  # port-hardcoded
    code, _, err = run(capsys, "check", "--no-env", "--show", "--format", "sarif")
    assert code == 2 and "--show cannot be combined" in err


# -- show ------------------------------------------------------------------------


def test_show_text_exact(capsys):
    write("src/main/resources/application.properties",
          "server.port=${PORT:8080}\napp.name=orders\napp.timeout=${T:30s}\n")
    code, out, _ = run(capsys, "show", "--no-env", "--set", "PORT=9090")
    assert code == 0
    path = os.path.join("src", "main", "resources", "application.properties")
    assert out == (
        f"server.port = 9090      --set PORT, via ${{PORT:8080}} at {path}:1:13\n"
        f"app.name    = orders    {path}:2:10\n"
        f"app.timeout = 30s       default of ${{T:30s}} at {path}:3:13\n"
        "PORT        = 9090      --set PORT\n"  # an override is a property too, as in Spring
    )


def test_show_spring_default_port(capsys):
    write("application.properties", "a=b\n")
    _, out, _ = run(capsys, "show", "--no-env")
    assert out == "a           = b       application.properties:1:3\nserver.port = 8080    Spring Boot's default\n"


@pytest.mark.parametrize("fmt", ["properties", "yaml"])
def test_show_round_trips(capsys, fmt):
    from portconfig import load

    write("application.properties",
          "server.port=9090\nweird\\ key\\:x=a=b: #c\nlead=\\  spaced\nuni=caf\\u00e9 \\u2603 \\uD83D\\uDE00\n"
          "lit=\\\\${not.a.placeholder}\nnl=a\\nb\\tc\\\\d\n")
    code, out, _ = run(capsys, "show", "--no-env", "--format", fmt)
    assert code == 0
    expected = dict(load("application.properties", env={}))
    out_name = "out." + ("properties" if fmt == "properties" else "yml")
    Path(out_name).write_text(out, encoding="utf-8")
    assert dict(load(out_name, env={})) == expected


def test_show_env_format(capsys):
    write("application.properties", "server.port=9090\napp.public-url=http://h/a b\nhost[0].name=x\n")
    _, out, _ = run(capsys, "show", "--no-env", "--format", "env")
    assert out == "SERVER_PORT=9090\nAPP_PUBLICURL='http://h/a b'\nHOST_0_NAME=x\n"


def test_show_profiles(capsys):
    write("application.properties", "server.port=9090\n")
    write("application-dev.properties", "server.port=9091\n")
    write("application-prod.properties", "server.port=9092\n")
    assert run(capsys, "port", "--no-env")[1] == "9090\n"
    assert run(capsys, "port", "--no-env", "--set", "spring.profiles.active=dev")[1] == "9091\n"
    # check reads every profile's file
    _, out, _ = run(capsys, "check", "--no-env")
    assert "in 3 files" in out


# -- explain ---------------------------------------------------------------------


def test_explain_tree(capsys):
    write("application.properties", "server.port=${PORT:8080}\n")
    code, out, _ = run(capsys, "explain", "server.port", "--no-env", "--set", "PORT=9090")
    assert code == 0
    assert out == (
        'server.port = "9090"\n'
        "  value from --set PORT, via ${PORT:8080} at application.properties:1:13\n"
        '  application.properties:1:13: server.port = "${PORT:8080}"\n'
        '    ${PORT:8080} -> "9090"\n'
        "      asked for PORT:8080, then PORT: found in --set PORT\n"
    )


def test_explain_default_and_candidates(capsys):
    write("application.properties", "app.port=${server.port:8080}\n")
    code, out, _ = run(capsys, "explain", "app.port", "--no-env")
    assert code == 0
    assert "environment variables tried: SERVER_PORT, server_port, server.port, SERVER.PORT" in out
    assert "default applied" in out


def test_explain_unknown_key_suggests(capsys):
    write("application.properties", "server.port=8080\n")
    code, out, err = run(capsys, "explain", "server.prot", "--no-env")
    assert code == 1 and out == ""
    assert err == (
        "portconfig: server.prot is not set in application.properties, the environment or an override;"
        " did you mean server.port?\n"
    )


# -- port ------------------------------------------------------------------------


def test_port_prints_only_the_number(capsys):
    write("application.yml", "server:\n  port: ${PORT:8080}\n")
    assert run(capsys, "port", "--no-env") == (0, "8080\n", "")


def test_port_invalid_reason_on_stderr(capsys):
    write("application.properties", "server.port=${PORT}\n")
    code, out, err = run(capsys, "port", "--no-env")
    assert code == 1 and out == ""
    assert err.startswith("portconfig: application.properties:1:13: server.port: Could not resolve placeholder 'PORT'")
    assert err.count("\n") == 1


# -- rules, help, version, errors ------------------------------------------------


def test_rules_list_and_doc(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert "port-privileged               error    `server.port` is 1-1023" in out
    code, out, _ = run(capsys, "rules", "port-privileged")
    assert code == 0 and out.startswith("port-privileged (error)\n\n") and "--allow-privileged" in out


@pytest.mark.parametrize("command", ["check", "show", "explain", "port", "rules"])
def test_help_has_an_example(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "examples:" in out and "portconfig " + command in out


def test_version(capsys):
    assert run(capsys, "--version") == (0, f"portconfig {__version__}\n", "")


def test_internal_error_is_one_line(capsys, monkeypatch):
    import portconfig.cli as cli

    def boom(args, output):
        raise RuntimeError("kaboom\nsecond line")

    monkeypatch.setitem(cli.COMMANDS, "rules", boom)
    code, out, err = run(capsys, "rules")
    assert code == 2
    assert err == "portconfig: internal error: RuntimeError: kaboom (set PORTCONFIG_DEBUG=1 for the traceback)\n"
    monkeypatch.setenv("PORTCONFIG_DEBUG", "1")
    _, _, err = run(capsys, "rules")
    assert "Traceback" in err


def test_keyboard_interrupt(capsys, monkeypatch):
    import portconfig.cli as cli

    def interrupt(args, output):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.COMMANDS, "rules", interrupt)
    assert run(capsys, "rules") == (130, "", "")


def test_usage_error_is_short(capsys):
    code, out, err = run(capsys, "check", "--format", "xml")
    assert code == 2 and out == ""
    assert "Traceback" not in err and "invalid choice" in err


# -- secrets never leak ------------------------------------------------------------

_LEAK_FILES = {
    "passing": "server.port=${PORT:8080}\nspring.datasource.password=" + SECRET + "\n"
               "db.url=postgres://app:" + SECRET + "@db:5432/x\napp.dsn=jdbc://h/${DB_PASSWORD}\n",
    "failing": "server.port=${DB_PASSWORD}\nspring.datasource.password=" + SECRET + "${MISSING}\n"
               "app.token=" + SECRET + "\napp.token=${x\ncafe.secret=" + SECRET + "é\n",
}
_COMMANDS = [
    ["check"], ["check", "--strict"], ["check", "--format", "json"], ["check", "--format", "github"],
    ["check", "--format", "sarif"], ["check", "--show"], ["check", "--show", "--format", "json"],
    ["show"], ["show", "--format", "json"], ["show", "--format", "properties"], ["show", "--format", "yaml"],
    ["show", "--format", "env"], ["explain", "server.port"], ["explain", "spring.datasource.password"],
    ["explain", "db.url"], ["explain", "app.dsn"], ["explain", "app.token"], ["port"],
]


@pytest.mark.parametrize("config", sorted(_LEAK_FILES))
@pytest.mark.parametrize("argv", _COMMANDS, ids=" ".join)
def test_secrets_never_leak(capsys, config, argv):
    Path("application.properties").write_bytes(_LEAK_FILES[config].encode("utf-8"))
    write("secrets.env", f"DB_PASSWORD={SECRET}\n")
    code, out, err = run(capsys, *argv, "--no-env", "--env-file", "secrets.env")
    assert code in (0, 1, 2) and "Traceback" not in err
    assert SECRET not in out + err
    assert SECRET.lower() not in (out + err).lower()


@pytest.mark.parametrize("argv", [["show"], ["check", "--show"], ["explain", "spring.datasource.password"],
                                  ["explain", "app.dsn"], ["show", "--format", "json"]], ids=" ".join)
def test_show_secrets_reveals(capsys, argv):
    Path("application.properties").write_bytes(_LEAK_FILES["passing"].encode("utf-8"))
    write("secrets.env", f"DB_PASSWORD={SECRET}\n")
    _, out, _ = run(capsys, *argv, "--no-env", "--env-file", "secrets.env", "--show-secrets")
    assert SECRET in out


def test_secret_from_process_environment(capsys, monkeypatch):
    write("application.properties", "server.port=${API_TOKEN}\napp.token=${API_TOKEN}\n")
    monkeypatch.setenv("API_TOKEN", SECRET)
    for argv in (["check"], ["show"], ["port"], ["explain", "server.port"], ["check", "--format", "json"]):
        _, out, err = run(capsys, *argv)
        assert SECRET not in out + err


def test_uri_password_masked_in_show(capsys):
    write("application.properties", "spring.datasource.url=postgres://app:pw1234@db:5432/x\nserver.port=8080\n")
    _, out, _ = run(capsys, "show", "--no-env", "--format", "json")
    rows = json.loads(out)["properties"]
    assert rows[0]["value"] == "postgres://app:******@db:5432/x" and rows[0]["sensitive"] is False


# -- as a real process -------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "portconfig", "--version"], capture_output=True, text=True,
                            env=_env())
    assert result.returncode == 0 and result.stdout == f"portconfig {__version__}\n"
    (tmp_path / "application.properties").write_text("server.port=80\n")
    result = subprocess.run([sys.executable, "-m", "portconfig", "check", "--no-env", "application.properties"],
                            capture_output=True, text=True, env=_env(), cwd=tmp_path)
    assert result.returncode == 1 and "[port-privileged]" in result.stdout


def test_python_dash_m_on_the_example():
    result = subprocess.run([sys.executable, "-m", "portconfig", "port", "--no-env", str(EXAMPLE)],
                            capture_output=True, text=True, env=_env())
    assert (result.returncode, result.stdout, result.stderr) == (0, "8080\n", "")


@pytest.mark.skipif(shutil.which("portconfig") is None, reason="the console script is not installed")
def test_console_script(tmp_path):
    (tmp_path / "application.properties").write_text("server.port=${PORT:8080}\n")
    result = subprocess.run(["portconfig", "port", "--no-env", "--set", "PORT=9090"], capture_output=True,
                            text=True, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "9090\n")
    result = subprocess.run(["portconfig", "check", "nope"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("portconfig: nope:")


@pytest.mark.parametrize("name", ["rot13", "base64", "uu"])
def test_encoding_must_be_a_text_encoding(capsys, name: str) -> None:
    code, _, err = run(capsys, "check", "--encoding", name, ".")
    assert code == 2
    assert f"portconfig check: error: argument --encoding: {name!r} is not a text encoding; e.g. ISO-8859-1 or utf-8" in err


def test_an_unreadable_path_is_a_problem_in_machine_formats(capsys) -> None:
    write("application.properties", "server.port=${PORT:8080}\n")
    code, out, err = run(capsys, "check", "--no-env", "--format", "json", ".", "missing.yml")
    assert code == 2
    assert json.loads(out)["problems"] == [{
        "rule": "unreadable-file", "severity": "error", "message": "no such file or directory; check the path",
        "file": "missing.yml", "line": None, "column": None, "key": None,
    }]
    assert err == "portconfig: missing.yml: no such file or directory; check the path\n"


def test_a_password_in_any_uri_is_masked(capsys) -> None:
    write("application.properties", "app.dsn=postgres://app:pw-in-dsn@db:5432/x\n")
    code, out, _ = run(capsys, "show", "--no-env", ".")
    assert code == 0
    assert "postgres://app:******@db:5432/x" in out and "pw-in-dsn" not in out


def test_rule_summaries_are_whole_sentences() -> None:
    from portconfig.checks import RULES

    for rule in RULES.values():
        assert rule.summary.endswith((".", ")", "`", ".\"")), (rule.id, rule.summary)


def test_show_in_a_file_format_says_what_it_masked(capsys) -> None:
    write("application.properties", "spring.datasource.password=hunter2\nserver.port=8080\n")
    code, out, err = run(capsys, "show", "--no-env", "--format", "env", ".")
    assert code == 0
    assert out == "SPRING_DATASOURCE_PASSWORD='******'\nSERVER_PORT=8080\n"
    assert err == "portconfig: 1 value masked as ******; --show-secrets writes them as they are\n"


def test_sarif_paths_are_relative_to_the_repository(capsys, tmp_path) -> None:
    (tmp_path / ".git").mkdir()
    write("service/src/main/resources/application.properties", "server.port=80\n")
    os.chdir("service")
    code, out, _ = run(capsys, "check", "--no-env", "--format", "sarif", ".")
    assert code == 1
    uris = {location["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(out)["runs"][0]["results"] for location in result["locations"]}
    assert uris == {"service/src/main/resources/application.properties"}


def test_show_does_not_guess_the_default_port_when_a_file_does_not_parse(capsys) -> None:
    write("application.yml", "server:\n  port: 8080\n  x: [a: b\n")
    code, out, err = run(capsys, "show", "--no-env", ".")
    assert (code, out) == (1, "no keys\n")
    assert err.startswith("portconfig: application.yml:4:1: expected ',' or ']'")
