"""PATH -> config files."""

from __future__ import annotations

import os

import pytest

from portconfig.discovery import DiscoveryError, discover, profile_of


def tree(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a=1\n")


def rel(paths):
    return [p.replace(os.sep, "/") for p in paths]


@pytest.mark.parametrize(
    "names, expected",
    [
        (["application.properties"], ["application.properties"]),
        (["application.yml", "application.properties"], ["application.yml", "application.properties"]),
        (["application.yaml", "application-dev.yml", "application.yml"],
         ["application.yaml", "application.yml", "application-dev.yml"]),
        (["application-prod.properties", "application-dev.properties", "application.properties"],
         ["application.properties", "application-dev.properties", "application-prod.properties"]),
        (["applicationContext.yml", "bootstrap.yml", "application.xml", "application-.yml", "other.properties"], []),
        (["config/application.yml", "application.yml", "src/main/resources/application.yml",
          "src/main/resources/config/application.properties"],
         ["src/main/resources/application.yml", "src/main/resources/config/application.properties",
          "application.yml", "config/application.yml"]),
        (["src/main/resources/application.yml", "src/main/resources/application-dev.yml"],
         ["src/main/resources/application.yml", "src/main/resources/application-dev.yml"]),
        (["deep/src/main/resources/application.yml"], []),
    ],
)
def test_directory(tmp_path, monkeypatch, names, expected):
    tree(tmp_path, names)
    monkeypatch.chdir(tmp_path)
    files, errors = discover([])
    assert rel(files) == expected
    assert bool(errors) == (not expected)


def test_named_directory_keeps_its_prefix(tmp_path, monkeypatch):
    tree(tmp_path, ["svc/src/main/resources/application.yml"])
    monkeypatch.chdir(tmp_path)
    assert rel(discover(["svc"])[0]) == ["svc/src/main/resources/application.yml"]


def test_profiles_filter(tmp_path, monkeypatch):
    tree(tmp_path, ["application.yml", "application-dev.yml", "application-prod.yml", "application-default.yml"])
    monkeypatch.chdir(tmp_path)
    assert rel(discover([], ["prod", "dev"])[0]) == ["application.yml", "application-prod.yml", "application-dev.yml"]
    assert rel(discover([], ["default"])[0]) == ["application.yml", "application-default.yml"]


def test_files_are_kept_as_given_once(tmp_path, monkeypatch):
    tree(tmp_path, ["x.properties", "application.yml"])
    monkeypatch.chdir(tmp_path)
    files, errors = discover(["x.properties", "application.yml", ".", "./x.properties"])
    assert rel(files) == ["x.properties", "application.yml"] and errors == []


def test_missing_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files, errors = discover(["nope.yml"])
    assert files == []
    assert [str(e) for e in errors] == ["nope.yml: no such file or directory; check the path"]
    assert isinstance(errors[0], DiscoveryError)


@pytest.mark.parametrize(
    "name, profile",
    [("application.yml", None), ("application-dev.yaml", "dev"), ("application-a-b.properties", "a-b"),
     ("applicationx.yml", False), ("application.txt", False), ("application-.yml", False)],
)
def test_profile_of(name, profile):
    assert profile_of(name) == profile
