"""The public surface: what ``import portconfig`` exports, the error tree, pickling, import cost."""

from __future__ import annotations

import pickle
import subprocess
import sys
import types
from pathlib import Path

import pytest

import portconfig
from portconfig import (
    CircularPlaceholderError,
    ConfigError,
    FileAccessError,
    InvalidConfigError,
    Origin,
    PlaceholderError,
    PortError,
    ResolutionLimitError,
    SourceError,
    UnresolvablePlaceholderError,
)

PROJECT = Path(__file__).resolve().parents[1]


def test_all_is_the_sorted_public_namespace() -> None:
    """httpx style: __all__ lists exactly the public names, sorted."""
    public = {
        name
        for name, value in vars(portconfig).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert portconfig.__all__ == sorted(public | {"__version__"})


def test_every_name_in_all_exists() -> None:
    for name in portconfig.__all__:
        assert hasattr(portconfig, name), name


def test_version_is_a_string() -> None:
    assert isinstance(portconfig.__version__, str) and portconfig.__version__


ERRORS = [
    ConfigError,
    SourceError,
    FileAccessError,
    PlaceholderError,
    UnresolvablePlaceholderError,
    CircularPlaceholderError,
    ResolutionLimitError,
    PortError,
    InvalidConfigError,
]


EXPORTED_ERRORS = sorted(
    (value for value in vars(portconfig).values() if isinstance(value, type) and issubclass(value, BaseException)),
    key=lambda cls: cls.__name__,
)


def test_the_documented_errors_are_exported() -> None:
    assert set(ERRORS) <= set(EXPORTED_ERRORS)


@pytest.mark.parametrize("cls", EXPORTED_ERRORS, ids=[cls.__name__ for cls in EXPORTED_ERRORS])
def test_every_error_is_a_config_error_and_a_value_error(cls: type) -> None:
    assert issubclass(cls, ConfigError)
    assert issubclass(cls, ValueError)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (FileAccessError, SourceError),
        (UnresolvablePlaceholderError, PlaceholderError),
        (CircularPlaceholderError, PlaceholderError),
        (ResolutionLimitError, PlaceholderError),
    ],
)
def test_error_tree(child: type, parent: type) -> None:
    assert issubclass(child, parent)


# --- pickling: every error survives a round trip with its fields ------------------------------------

FILE = Origin.file("application.properties", 3, 13)


def _errors() -> list[ConfigError]:
    unresolvable = UnresolvablePlaceholderError(
        "Could not resolve placeholder 'PORT' in value \"${PORT}\"",
        placeholder="PORT",
        values=["${PORT}"],
        key="server.port",
        origin=FILE,
        refs=["server.port", "PORT"],
        hint="set PORT",
    )
    port = PortError(
        'server.port is "abc"', rule="port-not-integer", key="server.port", value="abc", port=None, origin=FILE
    )
    return [
        ConfigError("bad", file="a.yml", line=1, column=2, key="k", hint="fix it"),
        SourceError("expected a node", file="a.yml", line=2, column=1),
        FileAccessError("no such file", file="missing.yml", hint="check the path"),
        unresolvable,
        CircularPlaceholderError(
            "Circular placeholder reference 'a' in value \"${a}\" <-- \"${a}\"",
            placeholder="a",
            values=["${a}", "${a}"],
            key="a",
            origin=Origin.environment("A"),
            refs=["a", "a", "a"],
        ),
        ResolutionLimitError(
            "Resolved value would be too long",
            limit="length",
            maximum=10,
            placeholder="",
            key="x",
            origin=Origin.override("override x"),
        ),
        port,
        InvalidConfigError([unresolvable, port]),
    ]


FIELDS = ("reason", "file", "line", "column", "key", "hint", "spring_message", "placeholder", "values",
          "origin", "refs", "limit", "maximum", "rule", "value", "port")


@pytest.mark.parametrize("error", _errors(), ids=lambda error: type(error).__name__)
def test_errors_survive_pickle(error: ConfigError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    for name in FIELDS:
        assert getattr(copy, name, None) == getattr(error, name, None), name
    if isinstance(error, InvalidConfigError):
        assert [type(e) for e in copy.errors] == [type(e) for e in error.errors]
        assert [str(e) for e in copy.errors] == [str(e) for e in error.errors]


def test_real_errors_survive_pickle(tmp_path: Path) -> None:
    path = tmp_path / "application.properties"
    path.write_text("a=${b}\nb=${a}\nc=${MISSING}\nserver.port=99999\n", encoding="utf-8")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load(str(path), env={})
    copy = pickle.loads(pickle.dumps(caught.value))
    assert str(copy) == str(caught.value)
    assert [type(e).__name__ for e in copy.errors] == [
        "CircularPlaceholderError",
        "CircularPlaceholderError",
        "UnresolvablePlaceholderError",
        "PortError",
    ]
    for mine, theirs in zip(copy.errors, caught.value.errors):
        for name in FIELDS:
            assert getattr(mine, name, None) == getattr(theirs, name, None), name


def test_rendering() -> None:
    error = ConfigError("bad", file="a.yml", line=1, column=2, key="k", hint="fix it")
    assert str(error) == "a.yml:1:2: k: bad; fix it"
    assert error.location == "a.yml:1:2"
    assert error.describe() == "k: bad; fix it"
    assert str(ConfigError("plain")) == "plain"


# --- import cost: the file-format libraries load only when a file is read ------------------------------


def test_import_does_not_load_parsers() -> None:
    code = (
        "import sys, portconfig\n"
        "print(sorted(name for name in ('yaml', 'jproperties') if name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
