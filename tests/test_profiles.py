"""Spring profiles: expressions (Framework's ProfilesParser), names (Boot 3.5.1's ProfilesValidator),
active profiles (caller > environment > files; include; groups; default) and profile-specific files."""

from __future__ import annotations

from pathlib import Path

import pytest

import portconfig
from portconfig import InvalidConfigError
from portconfig.profiles import ProfileError, expand, matches, names_in, parse_expression, validate_name


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- profile expressions ------------------------------------------------------------------------

EXPRESSIONS = [
    # (expressions, active profiles, matches)
    (["prod"], ["prod"], True),
    (["prod"], ["dev"], False),
    (["!dev"], ["prod"], True),
    (["!dev"], ["dev"], False),
    (["prod & eu"], ["prod", "eu"], True),
    (["prod & eu"], ["prod"], False),
    (["prod | staging"], ["staging"], True),
    (["prod | staging"], ["dev"], False),
    (["(prod & eu) | staging"], ["staging"], True),
    (["prod & (eu | us)"], ["prod", "us"], True),
    (["prod & (eu | us)"], ["us"], False),
    (["!(prod & eu)"], ["prod"], True),
    (["!(prod & eu)"], ["prod", "eu"], False),
    (["a & b & c"], ["a", "b", "c"], True),
    (["prod", "staging"], ["staging"], True),  # a list means any of them
    (["  prod  "], ["prod"], True),  # tokens are trimmed
    (["prod eu"], ["prod", "eu"], False),  # one name "prod eu": spaces do not separate names
    (["prod eu"], ["prod eu"], True),
    (["!!dev"], ["dev"], True),
]


@pytest.mark.parametrize(("expressions", "active", "expected"), EXPRESSIONS)
def test_profile_expression(expressions: list[str], active: list[str], expected: bool) -> None:
    assert matches(expressions, active) is expected


MALFORMED = [
    ("a & b | c", "Malformed profile expression [a & b | c]"),
    ("a | b & c", "Malformed profile expression [a | b & c]"),
    ("()", "Malformed profile expression [()]"),
    ("&", "Malformed profile expression [&]"),
    ("!", "Malformed profile expression [!]"),
    ("", "Invalid profile expression []: must contain text"),
    ("   ", "Invalid profile expression [   ]: must contain text"),
]


@pytest.mark.parametrize(("expression", "message"), MALFORMED)
def test_malformed_profile_expression(expression: str, message: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_expression(expression)
    assert str(caught.value) == message


def test_names_in_expression() -> None:
    assert names_in("(prod & eu) | !staging") == ["prod", "eu", "staging"]


# --- profile names (Boot 3.5.1) ---------------------------------------------------------------------

NAMES = [
    ("dev", None),
    ("dev-eu", None),
    ("dev_1.2+x@y", None),
    ("prod2", None),
    ("ünïcode", None),
    ("", "Invalid empty profile"),
    ("-dev", "Profile '-dev' must start and end with a letter or digit"),
    ("_dev", "Profile '_dev' must start and end with a letter or digit"),
    ("dev.", "Profile 'dev.' must start and end with a letter or digit"),
    ("dev*test", "Profile 'dev*test' must contain a letter, digit or allowed char ('-', '_', '.', '+', '@')"),
    ("${SPRING_PROFILES_ACTIVE}",
     "Profile '${SPRING_PROFILES_ACTIVE}' must contain a letter, digit or allowed char ('-', '_', '.', '+', '@')"),
]


@pytest.mark.parametrize(("name", "message"), NAMES)
def test_profile_name(name: str, message: str | None) -> None:
    assert validate_name(name) == message


def test_group_expansion_is_depth_first_and_once() -> None:
    groups = {"prod": ["db", "mq"], "db": ["pg"], "mq": ["prod"]}
    assert expand(["prod", "extra"], groups) == ["prod", "db", "pg", "mq", "extra"]


# --- which profiles are active ------------------------------------------------------------------------


@pytest.fixture()
def app(tmp_path: Path) -> Path:
    write(tmp_path, "application.properties",
          "spring.profiles.active=files\nserver.port=8000\n")
    for name, port in (("files", 8001), ("env", 8002), ("caller", 8003), ("common", 8004), ("default", 8005)):
        write(tmp_path, f"application-{name}.properties", f"server.port={port}\nlast={name}\n")
    return tmp_path


ACTIVATION = [
    # (caller profiles, environment, overrides, expected active profiles, port)
    (None, {}, {}, ("files",), 8001),
    (None, {"SPRING_PROFILES_ACTIVE": "env"}, {}, ("env",), 8002),
    (None, {"SPRING_PROFILES_ACTIVE": "env"}, {"spring.profiles.active": "caller"}, ("caller",), 8003),
    (["caller"], {"SPRING_PROFILES_ACTIVE": "env"}, {}, ("caller",), 8003),
    (["env,caller"], {}, {}, ("env", "caller"), 8003),  # comma-separated; the last one wins
    (["caller", "env"], {}, {}, ("caller", "env"), 8002),
]


@pytest.mark.parametrize(("profiles", "env", "overrides", "active", "port"), ACTIVATION)
def test_active_profiles_precedence(app: Path, profiles, env, overrides, active, port) -> None:
    config = portconfig.load(str(app / "application.properties"), env=env, overrides=overrides, profiles=profiles)
    assert config.active_profiles == active
    assert config.port == port


def test_default_profile_applies_when_none_is_active(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml", "server.port: 8000\n---\nspring.config.activate.on-profile: default\nx: d\n")
    write(tmp_path, "application-default.yml", "server.port: 8005\n")
    config = portconfig.load(base, env={})
    assert config.active_profiles == ()
    assert (config.port, config["x"]) == (8005, "d")
    config = portconfig.load(base, env={}, profiles=["prod"])
    assert config.port == 8000 and "x" not in config


def test_spring_profiles_default(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "spring.profiles.default=local\nserver.port=8000\n")
    write(tmp_path, "application-local.properties", "server.port=8006\n")
    assert portconfig.load(base, env={}).port == 8006
    assert portconfig.load(base, env={}, profiles=["x"]).port == 8000


def test_include_comes_before_active_and_groups_expand(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml",
                 "spring:\n  profiles:\n    active: prod\n    include: common\n    group:\n      prod: db,mq\n")
    for name in ("common", "prod", "db", "mq"):
        write(tmp_path, f"application-{name}.yml", f"who: {name}\nserver.port: 90{len(name)}1\n")
    config = portconfig.load(base, env={})
    assert config.active_profiles == ("common", "prod", "db", "mq")
    assert config["who"] == "mq"  # the last active profile wins


def test_placeholders_in_spring_profiles_active_resolve_leniently(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "spring.profiles.active=${APP_ENV:local}\n")
    write(tmp_path, "application-local.properties", "server.port=8101\n")
    write(tmp_path, "application-qa.properties", "server.port=8102\n")
    assert portconfig.load(base, env={}).port == 8101
    assert portconfig.load(base, env={"APP_ENV": "qa"}).port == 8102


def test_unresolved_profile_is_an_invalid_name(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties", "spring.profiles.active=${SPRING_BOOT_PROFILE}\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(base, env={})
    error, unresolved = caught.value.errors
    assert (error.rule, unresolved.rule) == ("invalid-profile-name", "unresolvable-placeholder")
    assert str(error).startswith(
        f"{base}:1:24: Profile '${{SPRING_BOOT_PROFILE}}' must contain a letter, digit or allowed char "
        "('-', '_', '.', '+', '@')"
    )
    write(tmp_path, "application.properties", "spring.profiles.active=${SPRING_BOOT_PROFILE}\nspring.profiles.validate=false\n")
    config = portconfig.load(base, env={}, lenient=True)
    assert (config.port, config.active_profiles) == (8080, ("${SPRING_BOOT_PROFILE}",))


# --- profile-specific files -----------------------------------------------------------------------------


def test_properties_beats_yaml_in_the_same_place(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml", "server.port: 8000\n")
    write(tmp_path, "application-prod.yml", "server.port: 8001\nonly.yaml: y\n")
    write(tmp_path, "application-prod.properties", "server.port=8002\n")
    config = portconfig.load(base, env={}, profiles=["prod"])
    assert (config.port, config["only.yaml"]) == (8002, "y")


def test_profile_file_beats_on_profile_document(tmp_path: Path) -> None:
    base = write(tmp_path, "application.yml",
                 "server.port: 8000\n---\nspring.config.activate.on-profile: prod\nserver.port: 8001\nk: doc\n")
    config = portconfig.load(base, env={}, profiles=["prod"])
    assert (config.port, config["k"]) == (8001, "doc")
    write(tmp_path, "application-prod.yml", "server.port: 8002\n")
    assert portconfig.load(base, env={}, profiles=["prod"]).port == 8002


def test_later_documents_override_earlier_ones_only_when_active(tmp_path: Path) -> None:
    base = write(tmp_path, "application.properties",
                 "a=base\n#---\nspring.config.activate.on-profile=!dev\na=not-dev\n#---\n"
                 "spring.config.activate.on-profile=dev | qa\na=dev-or-qa\n")
    assert portconfig.load(base, env={})["a"] == "not-dev"
    assert portconfig.load(base, env={}, profiles=["dev"])["a"] == "dev-or-qa"
    assert portconfig.load(base, env={}, profiles=["qa"])["a"] == "dev-or-qa"
