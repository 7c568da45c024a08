"""Output formats, as pure functions."""

from __future__ import annotations

import json

import pytest

from portconfig import reporters
from portconfig.model import Problem, Severity
from portconfig.preview import Row
from portconfig.reporters import Context, escape_data, escape_property, summary


def p(severity=Severity.ERROR, file="a.properties", line=1, column=2, message="m", rule="r", key="k"):
    return Problem(rule, severity, message, file, line, column, key)


@pytest.mark.parametrize(
    "severities, files, text",
    [
        ([], 1, "no problems in 1 file"),
        ([], 0, "no problems in 0 files"),
        ([Severity.ERROR], 1, "1 error in 1 file"),
        ([Severity.ERROR, Severity.ERROR, Severity.WARNING], 3, "2 errors, 1 warning in 3 files"),
        ([Severity.WARNING, Severity.WARNING], 2, "2 warnings in 2 files"),
        ([Severity.NOTE], 1, "1 note in 1 file"),
        ([Severity.ERROR, Severity.NOTE, Severity.NOTE], 1, "1 error, 2 notes in 1 file"),
    ],
)
def test_summary(severities, files, text):
    assert summary([p(s) for s in severities], files) == text


def test_text():
    problems = [p(), p(Severity.WARNING, file=None, line=None, column=None, message="env", rule="x"),
                p(Severity.NOTE, line=None, column=None, rule="n")]
    assert reporters.text(problems, Context(files=1)) == (
        "a.properties:1:2: error: m [r]\n"
        "<environment>: warning: env [x]\n"
        "a.properties: note: m [n]\n"
        "1 error, 1 warning, 1 note in 1 file\n"
    )
    coloured = reporters.text([p()], Context(files=1, color=True))
    assert coloured.startswith("a.properties:1:2: \033[1;31merror\033[0m: m [r]")


@pytest.mark.parametrize(
    "raw, data, prop",
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escaping(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_commands():
    problems = [
        p(message="line1\nline2 100%"),
        p(Severity.WARNING, file="dir,x/a:b.yml", line=3, column=None, rule="w"),
        p(Severity.NOTE, file=None, line=None, column=None, rule="n"),
    ]
    assert reporters.github(problems, Context(files=2)).splitlines() == [
        "::error file=a.properties,line=1,col=2,title=r::line1%0Aline2 100%25",
        "::warning file=dir%2Cx/a%3Ab.yml,line=3,title=w::m",
        "::notice title=n::m",
        "1 error, 1 warning, 1 note in 2 files",
    ]


def test_json_shape():
    document = json.loads(reporters.json_report([p(Severity.WARNING)], Context(files=4)))
    assert document == {
        "version": 1,
        "problems": [{"rule": "r", "severity": "warning", "message": "m", "file": "a.properties", "line": 1,
                      "column": 2, "key": "k"}],
        "summary": {"errors": 0, "warnings": 1, "notes": 0, "files": 4},
    }


def test_sarif_locations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rules = [("r", Severity.ERROR, "short", "full"), ("n", Severity.NOTE, "s", "f")]
    problems = [p(file="dir with space/ä.yml", line=2, column=None), p(Severity.NOTE, file=None, rule="n"),
                p(file="../outside.yml", line=None)]
    document = json.loads(reporters.sarif(problems, Context(files=1, rules=rules, version="1.2.3")))
    assert document["version"] == "2.1.0" and document["$schema"].endswith("sarif-2.1.0.json")
    run = document["runs"][0]
    assert run["tool"]["driver"]["rules"][1] == {
        "id": "n", "shortDescription": {"text": "s"}, "fullDescription": {"text": "f"},
        "defaultConfiguration": {"level": "note"},
    }
    first, second, third = run["results"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "dir%20with%20space/%C3%A4.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2},
    }
    assert (first["ruleIndex"], second["ruleIndex"], second["level"]) == (0, 1, "note")
    assert "locations" not in second
    location = third["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].startswith("file:///") and "region" not in location
    assert first["partialFingerprints"] == json.loads(
        reporters.sarif([p(file="dir with space/ä.yml", line=99)], Context(rules=rules))
    )["runs"][0]["results"][0]["partialFingerprints"]


def rows():
    return [Row("server.port", "9090", "environment variable PORT", False),
            Row("app.password", "******", "a.properties:2:14", True),
            Row("broken", None, "a.properties:3:8", False, "Could not resolve placeholder 'X'")]


def test_show_text():
    assert reporters.show_text(rows()) == (
        "server.port  = 9090            environment variable PORT\n"
        "app.password = ******          a.properties:2:14\n"
        "broken       = (unresolved)    a.properties:3:8: Could not resolve placeholder 'X'\n"
    )
    assert reporters.show_text([]) == "no keys\n"


def test_show_json():
    assert json.loads(reporters.show_json(rows()))["properties"][1] == {
        "key": "app.password", "value": "******", "origin": "a.properties:2:14", "sensitive": True}


def test_show_properties_and_yaml_escaping():
    data = [Row("a key=:#!", " lead ${x} \\ é ☃ 😀\n", "", False)]
    assert reporters.show_properties(data) == (
        "a\\ key\\=\\:\\#\\!=\\ lead \\\\${x} \\\\ \\u00E9 \\u2603 \\uD83D\\uDE00\\n\n")
    assert reporters.show_yaml(data) == '"a key=:#!": " lead \\\\${x} \\\\ é ☃ \\U0001F600\\x0A"\n'
    assert reporters.show_properties(rows()).endswith("# broken: unresolved\n")


@pytest.mark.parametrize(
    "key, name",
    [("server.port", "SERVER_PORT"), ("app.public-url", "APP_PUBLICURL"), ("host[0].name", "HOST_0_NAME"),
     ("weird key", None), ("ünï", None)],
)
def test_env_names(key, name):
    assert reporters.env_name(key) == name


def test_show_env_quoting():
    data = [Row("a", "it's $HOME", "", False), Row("b", "plain-1.2", "", False), Row("weird key", "x", "", False)]
    assert reporters.show_env(data) == "A='it'\"'\"'s $HOME'\nB=plain-1.2\n# weird key: has no environment variable form\n"
