"""JVM system properties: estimated for this machine, ranked above the environment, as in Spring."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import portconfig
from portconfig.jvm import system_properties
from portconfig.masking import Scrubber
from portconfig.model import Origin
from portconfig.propertysources import PropertySources


def test_standard_names_are_estimated() -> None:
    properties = system_properties()
    assert properties["user.home"] == os.path.expanduser("~")
    assert properties["user.dir"] == os.getcwd()
    assert properties["file.separator"] == os.sep
    if os.name == "posix":
        assert properties["java.io.tmpdir"] == "/tmp"  # Java ignores TMPDIR


@pytest.mark.parametrize(
    "name, env, expected_value, expected_origin",
    [
        # A system property beats an environment variable of the same relaxed name (Spring's order).
        ("user.home", {"USER_HOME": "/from-env"}, "/jvm-home", Origin.system_property("user.home")),
        # Names that are not system properties still come from the environment.
        ("user.shell", {"USER_SHELL": "/bin/sh"}, "/bin/sh", Origin.environment("USER_SHELL")),
    ],
)
def test_precedence(name: str, env: dict[str, str], expected_value: str, expected_origin: Origin) -> None:
    sources = PropertySources(env=env, system_properties={"user.home": "/jvm-home"})
    found = sources.find(name)
    assert (found.value, found.origin) == (expected_value, expected_origin)


def test_overrides_beat_system_properties() -> None:
    sources = PropertySources(overrides={"user.home": "/set"}, system_properties={"user.home": "/jvm-home"})
    assert sources.find("user.home").value == "/set"


def test_user_home_placeholder_resolves_in_load(tmp_path: Path) -> None:
    path = tmp_path / "application.properties"
    path.write_text("cache.dir=${user.home}/.cache\n")
    config = portconfig.load(str(path), env={})
    assert config["cache.dir"] == os.path.expanduser("~") + "/.cache"
    assert str(config.origin("cache.dir")) == f"{path}:1:11"
    assert "found in JVM system property user.home" in str(config.explain("cache.dir"))


@pytest.mark.parametrize(
    "text, expected",
    [
        # A secret that is also part of a file path or a key name leaves those alone.
        ("204__thingsboard__app.yml:3:1: db.password", "204__thingsboard__app.yml:3:1: db.password"),
        ("the password is thingsboard", "the password is ******"),
        ("thingsboard.url uses thingsboard", "thingsboard.url uses ******"),
    ],
)
def test_scrubber_keeps_paths_and_keys(text: str, expected: str) -> None:
    scrub = Scrubber(["thingsboard"], protected=["204__thingsboard__app.yml", "thingsboard.url", "db.password"])
    assert scrub(text) == expected


def test_the_environment_given_is_the_only_one_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", "/from/the/process")
    assert system_properties({"JAVA_HOME": "/given"})["java.home"] == "/given"
    assert "java.home" not in system_properties({})  # --no-env: no JAVA_HOME, no PATH to find java on


def test_a_deleted_working_directory_leaves_user_dir_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    properties = system_properties({})
    assert "user.dir" not in properties and properties["file.separator"] == os.sep
