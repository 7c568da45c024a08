"""Real Spring Boot configuration files: portconfig either succeeds or raises a ConfigError, never anything else.

The corpus lives in ``shared/corpus/real/`` beside the project (see its
README); files are read in place, never copied.  Without shared/ the tests skip.
Run with ``-rA`` (or ``-s``) to see how many files load cleanly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import portconfig
from portconfig import Config, ConfigError, InvalidConfigError, Problem

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
SUFFIXES = (".properties", ".yml", ".yaml")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.iterdir() if path.suffix in SUFFIXES)


def _params() -> list:
    files = corpus_files()
    if not files:
        return [pytest.param(None, id="corpus-absent")]
    return [pytest.param(path, id=path.name) for path in files]


def lint_and_load(path: Path) -> tuple[list[Problem], Config | ConfigError]:
    """lint() must return problems; load() must return a Config or raise a ConfigError."""
    problems = portconfig.lint(path, env={})
    try:
        return problems, portconfig.load(path, env={}, lenient=True)
    except ConfigError as error:
        return problems, error


@pytest.mark.parametrize("path", _params())
def test_file(path: Path | None) -> None:
    if path is None:
        pytest.skip(f"{CORPUS} is absent")
    problems, result = lint_and_load(path)
    assert isinstance(problems, list) and all(isinstance(problem, Problem) for problem in problems)
    if isinstance(result, Config):
        assert 1024 <= result.port <= 65535
        assert "server.port" in result
        assert not any(problem.severity == "error" for problem in problems if problem.rule.startswith("port-"))
    else:
        assert isinstance(result, InvalidConfigError)
        assert result.errors and all(isinstance(error, ConfigError) for error in result.errors)
        assert str(result).startswith(f"{len(result.errors)} error")


def test_summary() -> None:
    files = corpus_files()
    if not files:
        pytest.skip(f"{CORPUS} is absent")
    clean = 0
    failed: dict[str, int] = {}
    for path in files:
        _, result = lint_and_load(path)
        if isinstance(result, Config):
            clean += 1
        else:
            for error in result.errors:
                failed[type(error).__name__] = failed.get(type(error).__name__, 0) + 1
    summary = f"corpus: {clean} of {len(files)} files load cleanly (lenient, empty environment); errors: {failed}"
    print(summary)
    assert len(files) >= 200, summary
    assert clean > len(files) // 2, summary
