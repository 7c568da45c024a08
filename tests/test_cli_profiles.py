"""The command line across profiles: check labels and de-duplicates, a profile file is checked in context,
--profile, show/explain name the document, and every corpus file with profiles/imports/random is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import run, write

import portconfig
from portconfig import ConfigError

pytestmark = pytest.mark.usefixtures("hermetic")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


@pytest.fixture()
def project() -> None:
    write("src/main/resources/application.yml",
          "server:\n  port: ${PORT:8080}\napp:\n  url: ${MISSING_URL}\n---\n"
          "spring.config.activate.on-profile: staging\nserver.port: 8443\n")
    write("src/main/resources/application-prod.properties", "server.port=80\n")
    write("src/main/resources/application-dev.yml", "server.port: 9000\n")


def test_check_every_profile_labels_and_deduplicates(capsys, project) -> None:
    code, out, err = run(capsys, "check", "--no-env")
    assert code == 1 and err == ""
    hardcoded = (
        "Heroku, Cloud Foundry, Render and Cloud Run assign the port in the PORT environment variable and stop a "
        "server that does not bind it; write ${{PORT:{0}}} (still {0} wherever PORT is unset; portconfig fix does it)"
        " [port-hardcoded]\n"
    )
    assert out == (
        "src/main/resources/application-dev.yml:1:14: warning: [profile dev] server.port is hard-coded to 9000: "
        + hardcoded.format(9000)
        + "src/main/resources/application-prod.properties:1:13: error: [profile prod] server.port is 80, a "
        "privileged port (below 1024): binding it needs administrator rights; use 1024 or above (8080 is usual), "
        "or allow privileged ports if this service is deployed with that privilege [port-privileged]\n"
        "src/main/resources/application-prod.properties:1:13: warning: [profile prod] server.port is hard-coded "
        "to 80: " + hardcoded.format(80)
        + "src/main/resources/application.yml:4:8: warning: app.url: Could not resolve placeholder 'MISSING_URL' in "
        "value \"${MISSING_URL}\"; set the environment variable MISSING_URL, or give the placeholder a default: "
        "${MISSING_URL:value} [unresolvable-placeholder]\n"
        "src/main/resources/application.yml:7:14: warning: [profile staging] server.port is hard-coded to 8443: "
        + hardcoded.format(8443)
        + "1 error, 4 warnings in 3 files\n"
    )


def test_check_one_profile(capsys, project) -> None:
    code, out, _ = run(capsys, "check", "--no-env", "--profile", "dev")
    assert code == 0
    assert "[profile" not in out and "in 2 files" in out


def test_a_profile_file_alone_is_checked_with_its_base_files(capsys, project) -> None:
    code, out, _ = run(capsys, "check", "--no-env", "src/main/resources/application-prod.properties")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("src/main/resources/application-prod.properties:1:13: error: server.port is 80")
    assert "[port-hardcoded]" in lines[1]
    assert "MISSING_URL" in lines[2]  # the base file is part of the run
    assert lines[-1] == "1 error, 2 warnings in 2 files"


def test_port_and_show_follow_the_active_profile(capsys, project) -> None:
    assert run(capsys, "port", "--no-env")[1] == "8080\n"
    assert run(capsys, "port", "--no-env", "--profile", "dev")[1] == "9000\n"
    assert run(capsys, "port", "--no-env", "--set", "spring.profiles.active=staging")[1] == "8443\n"
    assert run(capsys, "port", "--no-env", "--env-file", write(".env", "SPRING_PROFILES_ACTIVE=dev\n"))[1] == "9000\n"
    code, out, _ = run(capsys, "explain", "server.port", "--no-env", "--profile", "staging")
    assert code == 0
    assert out.splitlines()[1] == (
        "  value from src/main/resources/application.yml:7:14, document 2 (on-profile: staging)"
    )


def test_bad_profile_name_from_the_command_line(capsys, project) -> None:
    code, out, _ = run(capsys, "check", "--no-env", "--profile", "_x")
    assert code == 1
    assert "error: Profile '_x' must start and end with a letter or digit; profiles asked for by the caller " in out


def test_filter_tokens_option(capsys) -> None:
    write("application.yml", "info:\n  version: @project.version@\nserver:\n  port: ${PORT:8080}\n")
    code, out, _ = run(capsys, "check", "--no-env")
    assert code == 1 and "[filter-token]" in out
    code, out, _ = run(capsys, "check", "--no-env", "--filter-tokens")
    assert (code, out) == (0, "no problems in 1 file\n")


# --- the corpus: every file with profiles, imports or random values ----------------------------------------

_FEATURES = re.compile(r"on-profile|spring\.profiles|profiles:|spring\.config\.import|import:|\$\{random\.|^---|^#---",
                       re.M)


def _featured() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    out = []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".properties", ".yml", ".yaml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if _FEATURES.search(text):
                out.append(path)
    return out


def test_corpus_files_with_profiles_imports_or_random() -> None:
    files = _featured()
    if not files:
        pytest.skip(f"{CORPUS} is absent")
    assert len(files) >= 50
    rules: dict[str, int] = {}
    for path in files:
        problems = portconfig.lint(path, env={})  # every profile the file names
        for problem in problems:
            rules[problem.rule] = rules.get(problem.rule, 0) + 1
        for profile in (None, "prod"):
            try:
                config = portconfig.load(path, env={}, lenient=True, profiles=None if profile is None else [profile])
            except ConfigError:
                continue
            assert "server.port" in config and isinstance(config.active_profiles, tuple)
    print(f"corpus: {len(files)} files with profiles, imports or random values; findings by rule: {rules}")
    assert rules  # real files do have findings


@pytest.mark.parametrize("argv", [["show"], ["port"], ["explain", "server.port"], ["check", "--profile", "default"]])
def test_only_profile_files_and_no_profile_says_so(capsys, argv) -> None:
    write("application-prod.properties", "server.port=8080\n")
    code, out, err = run(capsys, *argv, "--no-env", ".")
    assert (code, out) == (2, "")
    assert err == ("portconfig: no configuration file applies to the active profiles (default); "
                   "the files found are for prod: choose one with --profile prod\n")
