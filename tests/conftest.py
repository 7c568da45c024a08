"""pytest configuration shared by the test suite."""

from __future__ import annotations

# The benchmarks measure speed and are run by hand (python tests/benchmarks/run.py), never collected.
# The atheris harness (tests/fuzz/) runs by hand for long fuzzing sessions; see its docstring.
collect_ignore_glob = ["benchmarks/*", "fuzz/*"]


import pytest

#: Variables of the developer's or CI's environment that would change what the command prints.
LEAKY_VARIABLES = ("GITHUB_ACTIONS", "NO_COLOR", "PORTCONFIG_DEBUG", "PORT", "SERVER_PORT", "SPRING_PROFILES_ACTIVE")


@pytest.fixture()
def hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """Run in a fresh directory with no CI, colour or port variables leaking in."""
    for name in LEAKY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path
