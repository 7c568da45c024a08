"""Where values come from: PropertySources precedence, load()/analyse(), and the Config they give.

Precedence, highest first (spring-semantics.md §3.4, E13): overrides (Spring's
command-line arguments), the OS environment (§2), then the files, where later
files beat earlier ones and later documents beat earlier documents.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

import portconfig
from portconfig import (
    CircularPlaceholderError,
    Config,
    ConfigError,
    InvalidConfigError,
    Origin,
    OriginKind,
    PlaceholderError,
    PortError,
    SourceError,
    UnresolvablePlaceholderError,
)
from portconfig.analysis import analyse
from portconfig.model import Document, Entry, Found, SourceFile
from portconfig.propertysources import PropertySources


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def source(path: str, *documents: dict[str, str]) -> SourceFile:
    docs = tuple(
        Document(index, tuple(Entry(k, v, Origin.file(path, line, 1), index) for line, (k, v) in enumerate(d.items(), 1)))
        for index, d in enumerate(documents)
    )
    return SourceFile(path, "properties", docs)


# --- PropertySources: one lookup chain -----------------------------------------------------------


def test_overrides_beat_environment_beat_files() -> None:
    files = [source("a.properties", {"server.port": "8080", "only.file": "f"})]
    sources = PropertySources(files, env={"SERVER_PORT": "9000", "ONLY_ENV": "e"}, overrides={"server.port": "7000"})
    assert sources.find("server.port") == Found("server.port", "7000", Origin.override("override server.port"), "server.port")
    sources = PropertySources(files, env={"SERVER_PORT": "9000"})
    assert sources.find("server.port") == Found("server.port", "9000", Origin.environment("SERVER_PORT"), "SERVER_PORT")
    sources = PropertySources(files, env={})
    assert sources.find("server.port") == Found("server.port", "8080", Origin.file("a.properties", 1, 1), "server.port")
    assert sources.find("only.file").value == "f"
    assert sources.find("nothing") is None


def test_later_files_and_documents_win() -> None:
    files = [
        source("a.properties", {"k": "a0", "x": "ax"}, {"k": "a1"}),
        source("b.properties", {"k": "b0"}, {"k": "b1", "y": "by"}),
    ]
    sources = PropertySources(files)
    assert sources.find("k") == Found("k", "b1", Origin.file("b.properties", 1, 1), "k")
    assert list(sources.entries) == ["k", "x", "y"]
    assert sources.find("x").value == "ax"


def test_override_label() -> None:
    sources = PropertySources(overrides={"server.port": "1"}, override_label="--set {}")
    assert str(sources.find("server.port").origin) == "--set server.port"


RELAXED = [
    # (name asked, file keys, env, overrides, expected (value, source name) or None)
    ("my.item-price", {"my.itemPrice": "5"}, {}, {}, ("5", "my.itemPrice")),
    ("my.item-price", {"my.itemPrice": "5"}, {"MY_ITEMPRICE": "7"}, {}, ("7", "MY_ITEMPRICE")),
    ("my.item-price", {}, {"MY_ITEM_PRICE": "8"}, {}, ("8", "MY_ITEM_PRICE")),
    ("my.item-price", {}, {}, {"my.itemPrice": "9"}, ("9", "my.itemPrice")),
    ("port", {}, {"PORT": "1"}, {}, ("1", "PORT")),
    ("server.port", {}, {"SERVER_PORT": "2"}, {}, ("2", "SERVER_PORT")),
    # only canonical names are relaxed: ${PORT} does not find a file key "port"
    ("PORT", {"port": "3"}, {}, {}, None),
    # ${my.itemPrice} is not canonical, so it does not find my.item-price
    ("my.itemPrice", {"my.item-price": "4"}, {}, {}, None),
    # mixed-case environment names are never found by a lower-case lookup (E07)
    ("server.port", {}, {"Server_Port": "1"}, {}, None),
]


@pytest.mark.parametrize(("name", "files", "env", "overrides", "expected"), RELAXED)
def test_relaxed_names(name: str, files: dict, env: dict, overrides: dict, expected: tuple | None) -> None:
    sources = PropertySources([source("f.properties", files)], env=env, overrides=overrides)
    found = sources.find(name)
    assert (None if found is None else (found.value, found.source_name)) == expected


def test_environment_pre_check_never_hides_a_variable() -> None:
    """PropertySources skips the environment search by a name fingerprint; it must agree with the full search."""
    import random

    def full_search(name: str, env: dict[str, str]) -> tuple[str, str] | None:
        for candidate in PropertySources(env=env).candidates(name) if name else []:
            if candidate in env:
                return candidate, env[candidate]
        return None

    rng = random.Random(2_7)
    alphabet = list("aZ0._-[]") + ["\u00df", "\u0131", "\u0130", "\ufb00", "\u01c5", "\u00b5"]
    compared = hits = 0
    for _ in range(20_000):
        env = {}
        for _ in range(rng.randint(1, 3)):
            key = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
            env[key] = "v:" + key
        name = rng.choice(["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))), rng.choice(list(env))])
        found = PropertySources(env=env).find(name)
        assert (None if found is None else (found.source_name, found.value)) == full_search(name, env), (
            name,
            env,
        )
        compared += 1
        hits += found is not None
    assert compared == 20_000 and hits > 5_000


# --- load(): precedence through real files ----------------------------------------------------------


def test_environment_beats_file_also_in_references(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "server.port=8080\nurl=http://localhost:${server.port}/\n")
    config = portconfig.load(path, env={"SERVER_PORT": "9000"})
    assert config["server.port"] == "9000"
    assert config.port == 9000
    assert config["url"] == "http://localhost:9000/"
    assert config.origin("server.port") == Origin.environment("SERVER_PORT")
    assert config.raw("server.port") == "9000"
    assert portconfig.load(path, env={})["url"] == "http://localhost:8080/"


def test_overrides_beat_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "server.port=8080\n")
    config = portconfig.load(path, env={"SERVER_PORT": "9000"}, overrides={"server.port": "7000"})
    assert (config["server.port"], config.port) == ("7000", 7000)
    assert str(config.origin("server.port")) == "override server.port"


def test_later_files_and_documents_win_in_load(tmp_path: Path) -> None:
    first = write(tmp_path, "application.properties", "a=1\nb=p\n#---\na=2\nc=${a}\n")
    second = write(tmp_path, "application.yml", "a: 3\nd: y\n---\na: 4\n")
    config = portconfig.load(first, second, env={})
    assert dict(config) == {"a": "4", "b": "p", "c": "4", "d": "y", "server.port": "8080"}
    assert config.origin("a") == Origin.file(second, 4, 4)
    assert portconfig.load(second, first, env={})["a"] == "2"
    assert portconfig.load(first, env={})["a"] == "2"


def test_relaxed_names_in_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "application.properties",
        "my.itemPrice=5\nprice=${my.item-price}\nheroku=${port:8080}\nupper=${PORT:none}\nport=3\n",
    )
    config = portconfig.load(path, env={})
    assert (config["price"], config["heroku"], config["upper"]) == ("5", "3", "none")
    config = portconfig.load(path, env={"MY_ITEMPRICE": "7", "PORT": "5000"})
    assert (config["price"], config["heroku"], config["upper"]) == ("7", "5000", "5000")
    assert config.origin("heroku") == Origin.environment("PORT")


def test_env_none_reads_os_environ(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "application.properties", "server.port=${PORT:8080}\n")
    monkeypatch.delenv("SERVER_PORT", raising=False)
    monkeypatch.setenv("PORT", "5001")
    assert portconfig.load(path).port == 5001
    assert str(portconfig.load(path).origin("server.port")) == "environment variable PORT"
    monkeypatch.delenv("PORT")
    assert portconfig.load(path).port == 8080
    # an explicit mapping replaces os.environ entirely
    monkeypatch.setenv("PORT", "5002")
    assert portconfig.load(path, env={}).port == 8080


# --- Config: a read-only Mapping with origins ---------------------------------------------------------


@pytest.fixture()
def app(tmp_path: Path) -> str:
    return write(tmp_path, "application.properties", "server.port=${PORT:8080}\napp.name=demo\nzeta=z\nalpha=${app.name}\n")


def test_config_is_a_read_only_mapping(app: str) -> None:
    config = portconfig.load(app, env={})
    assert isinstance(config, Mapping) and isinstance(config, Config)
    assert list(config) == ["server.port", "app.name", "zeta", "alpha"]  # file order, not sorted
    assert len(config) == 4
    assert config["alpha"] == "demo"
    assert "zeta" in config and "nope" not in config
    assert config.get("nope") is None
    assert list(config.items())[-1] == ("alpha", "demo")
    assert dict(config) == {"server.port": "8080", "app.name": "demo", "zeta": "z", "alpha": "demo"}
    assert not hasattr(config, "__setitem__") and not hasattr(config, "__delitem__")
    with pytest.raises(TypeError):
        config["zeta"] = "changed"  # type: ignore[index]
    with pytest.raises(KeyError):
        config["nope"]
    with pytest.raises(KeyError):
        config.origin("nope")
    assert repr(config) == "<Config 4 keys, port 8080>"


def test_unset_port_is_spring_boots_default(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "app.name=demo\n")
    config = portconfig.load(path, env={})
    assert list(config) == ["app.name", "server.port"]
    assert config["server.port"] == "8080"
    assert config.port == 8080
    assert config.origin("server.port") == Origin.spring_default("server.port")
    assert config.origin("server.port").kind is OriginKind.SPRING_DEFAULT
    assert str(config.origin("server.port")) == "Spring Boot's default"
    assert config.raw("server.port") == "8080"
    assert str(config.explain("server.port")) == (
        'server.port = "8080"\n'
        "  Spring Boot's default: server.port = \"8080\""
    )


def test_port_from_the_environment_only(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "app.name=demo\n")
    config = portconfig.load(path, env={"SERVER_PORT": "9100"})
    assert list(config) == ["app.name", "server.port"]
    assert config.port == 9100
    assert config.origin("server.port") == Origin.environment("SERVER_PORT")


def test_origin_follows_a_whole_value_placeholder(app: str) -> None:
    config = portconfig.load(app, env={"PORT": "9000"})
    assert config.origin("server.port") == Origin.environment("PORT")
    assert str(config.origin("server.port")) == "environment variable PORT"
    assert config.origin("alpha") == Origin.file(app, 2, 10)  # ${app.name}'s own line


def test_origin_of_an_applied_default_is_the_file(app: str) -> None:
    config = portconfig.load(app, env={})
    assert config.origin("server.port") == Origin.file(app, 1, 13)
    assert str(config.origin("server.port")) == f"{app}:1:13"


def test_origin_does_not_follow_a_mixed_value(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "url=http://${HOST}/\n")
    assert portconfig.load(path, env={"HOST": "h"}).origin("url") == Origin.file(path, 1, 5)


def test_raw(app: str) -> None:
    config = portconfig.load(app, env={"PORT": "9000"})
    assert config.raw("server.port") == "${PORT:8080}"
    assert config.raw("alpha") == "${app.name}"
    assert config.raw("zeta") == "z"


def test_explain_port_unset(app: str) -> None:
    assert str(portconfig.load(app, env={}).explain("server.port")) == (
        'server.port = "8080"\n'
        f'  {app}:1:13: server.port = "${{PORT:8080}}"\n'
        '    ${PORT:8080} -> "8080"\n'
        "      asked for PORT:8080, then PORT: not found (environment variables tried: PORT)\n"
        "      default applied"
    )


def test_explain_port_set(app: str) -> None:
    assert str(portconfig.load(app, env={"PORT": "9000"}).explain("server.port")) == (
        'server.port = "9000"\n'
        f'  {app}:1:13: server.port = "${{PORT:8080}}"\n'
        '    ${PORT:8080} -> "9000"\n'
        "      asked for PORT:8080, then PORT: found in environment variable PORT"
    )


def test_explain_shadowed_file_value(app: str) -> None:
    assert str(portconfig.load(app, env={"SERVER_PORT": "7000"}).explain("server.port")) == (
        'server.port = "7000"\n'
        '  environment variable SERVER_PORT: server.port = "7000"\n'
        f'  (overrides {app}:1:13: "${{PORT:8080}}")'
    )


def test_explain_nested_reference(app: str) -> None:
    assert str(portconfig.load(app, env={}).explain("alpha")) == (
        'alpha = "demo"\n'
        f'  {app}:4:7: alpha = "${{app.name}}"\n'
        '    ${app.name} -> "demo"\n'
        f"      asked for app.name: found in {app}:2:10"
    )


# --- load() reports every error at once ---------------------------------------------------------------


def test_load_lists_every_error(tmp_path: Path) -> None:
    bad_yaml = write(tmp_path, "bad.yml", "a: [\n")
    bad_properties = write(tmp_path, "bad.properties", "x=\\u00zz\n")
    problems = write(tmp_path, "application.properties", "k=${MISSING}\nserver.port=80\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(bad_yaml, bad_properties, problems, env={})
    error = caught.value
    assert [type(e) for e in error.errors] == [SourceError, SourceError, UnresolvablePlaceholderError, PortError]
    text = str(error)
    lines = text.splitlines()
    assert lines[0] == "4 errors in the configuration:"
    assert len(lines) == 5
    assert lines[1].startswith(f"  {bad_yaml}:2:1: ")
    assert lines[2].startswith(f"  {bad_properties}:1:3: Malformed \\uxxxx encoding.")
    assert lines[3].startswith(f"  {problems}:1:3: k: Could not resolve placeholder 'MISSING' in value \"${{MISSING}}\"")
    assert lines[4].startswith(f"  {problems}:2:13: server.port is 80, a privileged port")
    for inner in error.errors:
        assert f"  {inner}" in lines
    assert error.errors[3].rule == "port-privileged"
    assert isinstance(error, ConfigError) and isinstance(error, ValueError)


def test_load_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "server.port=${server.port:8080}\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(path, env={})
    (error,) = caught.value.errors
    assert isinstance(error, CircularPlaceholderError)
    assert str(caught.value).startswith(
        "1 error in the configuration:\n"
        f"  {path}:1:13: server.port: Circular placeholder reference 'server.port' in value "
        '"${server.port:8080}" <-- "${server.port:8080}"'
    )


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yml")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(missing, env={})
    (error,) = caught.value.errors
    assert isinstance(error, portconfig.FileAccessError)
    assert error.file == missing


def test_lenient_keeps_unresolvable_text(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "k=${MISSING}\nj=a${x${n}}b\nn=1\n")
    with pytest.raises(InvalidConfigError):
        portconfig.load(path, env={})
    config = portconfig.load(path, env={}, lenient=True)
    assert (config["k"], config["j"]) == ("${MISSING}", "a${x1}b")


def test_lenient_unresolved_port_fails_at_conversion(tmp_path: Path) -> None:
    """Boot's binder keeps ${PORT}, and conversion to Integer fails (S08)."""
    path = write(tmp_path, "application.properties", "server.port=${PORT}\n")
    with pytest.raises(InvalidConfigError) as strict:
        portconfig.load(path, env={})
    assert [type(e) for e in strict.value.errors] == [UnresolvablePlaceholderError]
    with pytest.raises(InvalidConfigError) as lenient:
        portconfig.load(path, env={}, lenient=True)
    (error,) = lenient.value.errors
    assert isinstance(error, PortError)
    assert (error.rule, error.value, error.port) == ("port-not-integer", "${PORT}", None)


def test_lenient_still_fails_on_cycles(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "a=${b}\nb=${a}\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(path, env={}, lenient=True)
    assert [type(e) for e in caught.value.errors] == [CircularPlaceholderError, CircularPlaceholderError]


@pytest.mark.parametrize(("port", "allowed"), [("80", True), ("1023", True), ("1024", False), ("8080", False)])
def test_allow_privileged(tmp_path: Path, port: str, allowed: bool) -> None:
    path = write(tmp_path, "application.properties", f"server.port={port}\n")
    assert portconfig.load(path, env={}, allow_privileged=True).port == int(port)
    if allowed:
        with pytest.raises(InvalidConfigError) as caught:
            portconfig.load(path, env={})
        assert [e.rule for e in caught.value.errors] == ["port-privileged"]
    else:
        assert portconfig.load(path, env={}).port == int(port)


def test_analyse_keeps_going_past_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "a=${missing}\nb=ok\n")
    analysis = analyse([path, str(tmp_path / "absent.properties")], env={})
    assert analysis.values == {"b": "ok", "server.port": "8080"}
    assert list(analysis.errors) == ["a"]
    assert [type(e).__name__ for e in analysis.file_errors] == ["FileAccessError"]


# --- resolve(): one string ------------------------------------------------------------------------------

RESOLVE = [
    ("${PORT:8080}", {}, None, False, "8080"),
    ("${PORT:8080}", {"PORT": "9000"}, None, False, "9000"),
    ("${server.port}", {"SERVER_PORT": "1"}, None, False, "1"),
    ("${port}", {"PORT": "2"}, None, False, "2"),
    ("${a}", {}, {"a": "${b}", "b": "B"}, False, "B"),
    ("${my.item-price}", {}, {"my.itemPrice": "4"}, False, "4"),
    ("${my.item-price}", {"MY_ITEMPRICE": "3"}, {"my.itemPrice": "4"}, False, "3"),  # environment first
    ("${a}", {"A": "env"}, {"a": "prop"}, False, "env"),
    ("${MISSING}", {}, None, True, "${MISSING}"),
    ("${PORT}", {}, {"port": "4"}, True, "${PORT}"),  # ${PORT} does not find a key "port"
    ("no placeholders", {}, None, False, "no placeholders"),
]


@pytest.mark.parametrize(("text", "env", "properties", "lenient", "expected"), RESOLVE)
def test_resolve(text: str, env: dict, properties: dict | None, lenient: bool, expected: str) -> None:
    assert portconfig.resolve(text, env=env, properties=properties, lenient=lenient) == expected


def test_resolve_strict_raises() -> None:
    with pytest.raises(UnresolvablePlaceholderError) as caught:
        portconfig.resolve("x${PORT}", env={}, properties={"port": "4"})
    assert caught.value.spring_message == "Could not resolve placeholder 'PORT' in value \"x${PORT}\""
    assert isinstance(caught.value, PlaceholderError)


def test_resolve_cycle_raises_in_both_modes() -> None:
    for lenient in (False, True):
        with pytest.raises(CircularPlaceholderError):
            portconfig.resolve("${a}", env={}, properties={"a": "${a}"}, lenient=lenient)


def test_resolve_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTCONFIG_TEST_VALUE", "from-os")
    assert os.environ["PORTCONFIG_TEST_VALUE"] == "from-os"
    assert portconfig.resolve("${PORTCONFIG_TEST_VALUE}") == "from-os"
    assert portconfig.resolve("${PORTCONFIG_TEST_VALUE}", env={}, lenient=True) == "${PORTCONFIG_TEST_VALUE}"


# --- once-known gaps, now fixed ----------------------------------------------------------------------


def test_later_file_relaxed_key_beats_earlier_exact_key(tmp_path: Path) -> None:
    first = write(tmp_path, "application.properties", "my.item-price=1\n")
    second = write(tmp_path, "application-prod.properties", "my.itemPrice=2\n")
    config = portconfig.load(first, second, env={})
    assert config["my.item-price"] == "2"


def test_later_document_relaxed_key_beats_earlier_exact_key(tmp_path: Path) -> None:
    path = write(tmp_path, "application.yml", "my:\n  item-price: 1\n---\nmy:\n  itemPrice: 2\n")
    assert portconfig.load(path, env={})["my.item-price"] == "2"


def test_boot_env_form_before_legacy_form() -> None:
    sources = PropertySources(env={"MY_ITEMPRICE": "boot", "MY_ITEM_PRICE": "legacy"})
    assert sources.find("my.item-price").value == "boot"


def test_random_port(tmp_path: Path) -> None:
    path = write(tmp_path, "application.properties", "server.port=${random.int[1024,65536]}\n")
    assert 1024 <= portconfig.load(path, env={}).port < 65536


def test_explain_deep_chain(tmp_path: Path) -> None:
    depth = 3_000
    lines = ["server.port=${k1}"] + [f"k{i}=${{k{i + 1}}}" for i in range(1, depth)] + [f"k{depth}=8080"]
    path = write(tmp_path, "application.properties", "\n".join(lines) + "\n")
    config = portconfig.load(path, env={})
    assert config.port == 8080
    assert config.origin("server.port") == Origin.file(path, depth + 1, len(f"k{depth}=") + 1)
    text = str(config.explain("server.port"))
    assert text.startswith('server.port = "8080"\n')


# --- load() and lint() given a directory, as the command line is ---------------------------------


def test_load_reads_a_directory_like_the_command_line(tmp_path: Path) -> None:
    write(tmp_path, "src/main/resources/application.properties", "server.port=${PORT:8080}\napp.name=demo\n")
    write(tmp_path, "config/application.yml", "app:\n  name: overridden\n")
    config = portconfig.load(str(tmp_path), env={"PORT": "9191"})
    assert (config.port, config["app.name"]) == (9191, "overridden")  # ./config/ beats the classpath
    assert str(config.origin("server.port")) == "environment variable PORT"


def test_load_of_a_directory_without_configuration_says_so(tmp_path: Path) -> None:
    with pytest.raises(portconfig.InvalidConfigError) as caught:
        portconfig.load(str(tmp_path), env={})
    (error,) = caught.value.errors
    assert isinstance(error, portconfig.FileAccessError)
    assert str(error) == (
        f"{tmp_path}: has no Spring Boot configuration files (application.properties, application.yml, "
        "application-<profile>.*) in it, its src/main/resources/ or config/; name the configuration files"
    )


def test_explain_of_a_key_that_is_not_set_is_a_key_error(tmp_path: Path) -> None:
    config = portconfig.load(write(tmp_path, "application.properties", "a=1\n"), env={})
    with pytest.raises(KeyError):
        config.explain("nope")
