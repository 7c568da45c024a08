"""Differential test against the real Spring Framework (../shared/spring-oracle, Spring 4.3).

Two parts:

* ``test_generated_*``: ~200 random configurations (tests/oracle_cases.py),
  kept inside the region where Spring 4.3 and 6.2 agree, are run through the
  oracle (strict, and ``--lenient``) and through portconfig; every key must
  agree: the same value, or both an unresolvable-placeholder error naming the
  same placeholder, or both a circular-reference error.  Needs ``java``; skips
  when it, the oracle or its build is missing, or when PORTCONFIG_NO_ORACLE is set.
* ``test_recorded_case``: hand-picked cases from the oracle's own ``cases/``,
  compared with their recorded ``expected.json`` without running Java.  Skips
  only when ../shared is absent.

``python -m pytest tests/test_oracle.py -s`` prints the agreement count.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import portconfig
from portconfig.analysis import analyse
from portconfig.errors import CircularPlaceholderError, UnresolvablePlaceholderError
from portconfig.jvm import system_properties

from oracle_cases import HAND_CASES, Case, generate

SHARED = Path(__file__).resolve().parents[2] / "shared"
ORACLE_HOME = SHARED / "spring-oracle"
ORACLE = ORACLE_HOME / "oracle"
CASES_DIR = ORACLE_HOME / "cases"

WORKERS = 2
CALL_TIMEOUT = 60

#: Generated cases where portconfig and the oracle are known to disagree: id -> reason.
#: Each is an xfail(strict=True), so fixing the cause makes the test say so.
KNOWN_DISAGREEMENTS: dict[str, str] = {}

CASES = generate()

_UNRESOLVABLE = re.compile(r"^Could not resolve placeholder '(.*)' in value \"", re.S)
_CIRCULAR = re.compile(r"^Circular placeholder reference '.*' in property definitions$", re.S)


# --- outcomes ----------------------------------------------------------------------------


def oracle_outcome(entry: dict) -> tuple:
    """("value", text) | ("unresolvable", name) | ("circular",) | ("other", message) from oracle JSON."""
    if "value" in entry:
        return ("value", entry["value"])
    message = entry["error"]
    match = _UNRESOLVABLE.match(message)
    if match:
        return ("unresolvable", match.group(1))
    if _CIRCULAR.match(message):
        return ("circular",)
    return ("other", message)


def portconfig_outcomes(paths: list[str], env: dict[str, str], lenient: bool) -> tuple[dict[str, tuple], list[str]]:
    """Every file key's outcome in portconfig (strict or lenient), and any file errors.

    ``analyse`` is what ``load`` runs; it keeps the per-key results that
    ``load`` folds into one ``InvalidConfigError``.  ``load`` is called too and
    checked against it, so the public API is what is being compared.
    """
    analysis = analyse(paths, env=env, lenient=lenient)
    file_errors = [str(error) for error in analysis.file_errors]
    outcomes: dict[str, tuple] = {}
    for key in analysis.sources.entries:  # exactly the keys written in the files
        if key in analysis.values:
            outcomes[key] = ("value", analysis.values[key])
        else:
            error = analysis.errors[key]
            if isinstance(error, UnresolvablePlaceholderError):
                outcomes[key] = ("unresolvable", error.placeholder)
            elif isinstance(error, CircularPlaceholderError):
                outcomes[key] = ("circular",)
            else:
                outcomes[key] = ("other", str(error))
    _check_load_agrees(paths, env, lenient, outcomes)
    return outcomes, file_errors


def _check_load_agrees(paths: list[str], env: dict[str, str], lenient: bool, outcomes: dict[str, tuple]) -> None:
    # load() models a JVM: its system properties (user.home...) rank above the
    # environment, as in Spring.  The oracle removes that source, so keys that
    # name a system property are compared through analyse() only.
    outcomes = {key: outcome for key, outcome in outcomes.items() if key not in system_properties()}
    try:
        config = portconfig.load(*paths, env=env, lenient=lenient)
    except portconfig.InvalidConfigError as raised:
        by_key = {
            error.key: error for error in raised.errors if isinstance(error, portconfig.PlaceholderError)
        }
        for key, outcome in outcomes.items():
            if outcome[0] == "value":
                assert key not in by_key, (key, by_key[key])
            else:
                error = by_key[key]
                assert isinstance(error, UnresolvablePlaceholderError if outcome[0] == "unresolvable"
                                  else CircularPlaceholderError), (key, error)
                if outcome[0] == "unresolvable":
                    assert error.placeholder == outcome[1]
                    assert error.spring_message.startswith(f"Could not resolve placeholder '{outcome[1]}'")
                else:
                    assert error.spring_message.startswith("Circular placeholder reference '")
        return
    for key, outcome in outcomes.items():
        assert outcome == ("value", config[key]), (key, outcome, config.get(key))


# --- the oracle --------------------------------------------------------------------------


def _run_oracle(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    # Started through this interpreter: with env={} there is no PATH for the #! line.
    # ORACLE_BUILD_DIR (where build.sh put the classes, if set) is the one variable added;
    # no generated name reaches it.
    if os.environ.get("ORACLE_BUILD_DIR"):
        env = {**env, "ORACLE_BUILD_DIR": os.environ["ORACLE_BUILD_DIR"]}
    return subprocess.run(
        [sys.executable, str(ORACLE), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        timeout=CALL_TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def oracle_ready() -> Path:
    """The oracle, built and answering; skips the test otherwise."""
    if os.environ.get("PORTCONFIG_NO_ORACLE"):
        pytest.skip("PORTCONFIG_NO_ORACLE is set")
    if not ORACLE.is_file():
        pytest.skip(f"Spring oracle not found at {ORACLE_HOME}")
    if shutil.which("java") is None:
        pytest.skip("java is not installed")
    try:
        # Builds (and installs the Debian jars) when needed; a no-op otherwise.
        build = subprocess.run([str(ORACLE_HOME / "build.sh")], capture_output=True, timeout=240, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"Spring oracle cannot be built: {error}")
    if build.returncode != 0:
        pytest.skip(f"Spring oracle cannot be built: {build.stderr.decode(errors='replace')[-500:]}")
    with tempfile.TemporaryDirectory() as probe:
        Path(probe, "probe.properties").write_text("a=${PROBE}-${b:d}\n")
        try:
            result = _run_oracle(["probe.properties"], {"PROBE": "ok"}, Path(probe))
        except (OSError, subprocess.TimeoutExpired) as error:
            pytest.skip(f"Spring oracle does not run: {error}")
        if result.returncode != 0 or result.stdout.strip() != b'{"a": {"value": "ok-d"}}':
            pytest.skip(f"Spring oracle does not answer as expected: {result.stdout!r} {result.stderr[-500:]!r}")
    return ORACLE


@dataclass
class CaseResult:
    case: Case
    #: (mode, key, oracle outcome, portconfig outcome) for every disagreement.
    mismatches: list[tuple] = field(default_factory=list)
    keys: int = 0
    lenient_keys: int = 0
    #: How many of the oracle's strict answers were values, unresolvable or circular errors.
    kinds: Counter = field(default_factory=Counter)
    lenient_oracle_runs: int = 0


def _oracle_outcomes(case: Case, directory: Path, lenient: bool) -> tuple[dict[str, tuple] | None, str]:
    # The oracle's first file wins, portconfig's last: hand them over reversed.
    names = [f.name for f in reversed(case.files)]
    result = _run_oracle((["--lenient"] if lenient else []) + names, case.env, directory)
    output = result.stdout.decode("utf-8")
    if result.returncode != 0:
        return None, f"exit {result.returncode}: {output} {result.stderr.decode(errors='replace')[-300:]}"
    return {key: oracle_outcome(entry) for key, entry in json.loads(output).items()}, output


def _compare(mode: str, oracle: dict[str, tuple] | None, oracle_text: str,
             ours: dict[str, tuple], file_errors: list[str], result: CaseResult) -> int:
    if oracle is None or file_errors:
        result.mismatches.append((mode, "<load>", oracle_text, file_errors))
        return 0
    for key in sorted(set(oracle) | set(ours)):
        expected = oracle.get(key, ("missing",))
        got = ours.get(key, ("missing",))
        if expected != got:
            result.mismatches.append((mode, key, expected, got))
    return len(oracle)


def run_case(case: Case, root: Path) -> CaseResult:
    """Run one case through the oracle and portconfig; a crash is recorded, not raised."""
    result = CaseResult(case)
    try:
        _run_case(case, root, result)
    except Exception:  # noqa: BLE001 - one broken case must not hide the other 199
        result.mismatches.append(("crash", "<exception>", "", traceback.format_exc()))
    return result


def _run_case(case: Case, root: Path, result: CaseResult) -> None:
    directory = root / case.id
    directory.mkdir()
    for f in case.files:
        (directory / f.name).write_text(f.text, encoding="ascii")
    paths = [str(directory / f.name) for f in case.files]

    strict, strict_text = _oracle_outcomes(case, directory, lenient=False)
    ours, file_errors = portconfig_outcomes(paths, case.env, lenient=False)
    result.keys = _compare("strict", strict, strict_text, ours, file_errors, result)
    result.kinds.update(outcome[0] for outcome in (strict or {}).values())

    if case.lenient_ok:
        # In 4.3, lenient (ignoreUnresolvablePlaceholders) differs from strict only where strict
        # throws "Could not resolve placeholder": it takes the same path and keeps the text
        # instead.  So the oracle's lenient run is needed only when strict met one.
        if strict is not None and not any(outcome[0] == "unresolvable" for outcome in strict.values()):
            lenient, lenient_text = strict, strict_text
        else:
            lenient, lenient_text = _oracle_outcomes(case, directory, lenient=True)
            result.lenient_oracle_runs += 1
        ours, file_errors = portconfig_outcomes(paths, case.env, lenient=True)
        result.lenient_keys = _compare("lenient", lenient, lenient_text, ours, file_errors, result)


@pytest.fixture(scope="module")
def generated_results(oracle_ready: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CaseResult]:
    root = tmp_path_factory.mktemp("oracle-cases")
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda case: run_case(case, root), CASES))
    return {result.case.id: result for result in results}


def _report(result: CaseResult) -> str:
    lines = [result.case.describe()]
    for mode, key, expected, got in result.mismatches:
        lines.append(f"[{mode}] {key}: oracle (Spring 4.3) {expected!r} != portconfig {got!r}")
    return "\n".join(lines)


def _case_params():
    for case in CASES:
        marks = []
        if case.id in KNOWN_DISAGREEMENTS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_DISAGREEMENTS[case.id]))
        yield pytest.param(case.id, marks=marks, id=case.id)


@pytest.mark.parametrize("case_id", list(_case_params()))
def test_generated_case(generated_results: dict[str, CaseResult], case_id: str) -> None:
    result = generated_results[case_id]
    assert not result.mismatches, _report(result)


def test_generated_agreement_summary(generated_results: dict[str, CaseResult], capsys: pytest.CaptureFixture) -> None:
    results = list(generated_results.values())
    strict_keys = sum(r.keys for r in results)
    lenient_keys = sum(r.lenient_keys for r in results)
    strict_bad = {(r.case.id, m[1]) for r in results for m in r.mismatches if m[0] == "strict"}
    lenient_bad = {(r.case.id, m[1]) for r in results for m in r.mismatches if m[0] == "lenient"}
    lenient_cases = sum(1 for r in results if r.case.lenient_ok)
    kinds = sum((r.kinds for r in results), Counter())
    lenient_runs = sum(r.lenient_oracle_runs for r in results)
    with capsys.disabled():
        print(
            f"\noracle agreement: {strict_keys - len(strict_bad)}/{strict_keys} keys in {len(results)} configs (strict); "
            f"{lenient_keys - len(lenient_bad)}/{lenient_keys} keys in {lenient_cases} configs "
            f"(lenient, {lenient_runs} oracle --lenient runs); strict oracle answers: {dict(sorted(kinds.items()))}"
        )
    disagreeing = {r.case.id for r in results if r.mismatches}
    assert disagreeing == set(KNOWN_DISAGREEMENTS), "\n\n".join(
        _report(generated_results[case_id]) for case_id in sorted(disagreeing - set(KNOWN_DISAGREEMENTS))
    ) or f"known disagreements that now agree: {sorted(set(KNOWN_DISAGREEMENTS) - disagreeing)}"


def test_generator_is_deterministic() -> None:
    again = generate()
    assert [(c.env, [(f.name, f.text) for f in c.files]) for c in again] == [
        (c.env, [(f.name, f.text) for f in c.files]) for c in CASES
    ]


# --- recorded oracle cases (no Java) --------------------------------------------------------


def _read_args(directory: Path) -> tuple[dict[str, str], list[str]]:
    env: dict[str, str] = {}
    args: list[str] = []
    for line in (directory / "args").read_text().splitlines():
        if line.startswith("env "):
            name, _, value = line[4:].partition("=")
            env[name] = value
        elif line.startswith("arg "):
            args.append(line[4:])
    return env, args


@pytest.mark.skipif(not CASES_DIR.is_dir(), reason=f"{CASES_DIR} is not present")
@pytest.mark.parametrize("hand", HAND_CASES, ids=lambda hand: hand.name)
def test_recorded_case(hand) -> None:
    directory = CASES_DIR / hand.name
    env, args = _read_args(directory)
    lenient = "--lenient" in args
    files = [a for a in args if not a.startswith("--")]
    expected = {
        key: oracle_outcome(entry)
        for key, entry in json.loads((directory / "expected.json").read_text()).items()
    }
    # The oracle's first file wins, portconfig's last.
    paths = [str(directory / name) for name in reversed(files)]
    ours, file_errors = portconfig_outcomes(paths, env, lenient=lenient)
    assert not file_errors
    differences = dict(hand.differences)
    extra = dict(hand.extra_keys)
    for key, outcome in expected.items():
        if key in differences:
            # A known 4.3-vs-6.2 difference: portconfig must give 6.2's answer.
            assert ours.get(key) == ("value", differences[key]), (key, ours.get(key))
        else:
            assert ours.get(key) == outcome, (key, outcome, ours.get(key))
    assert {key: ours[key] for key in set(ours) - set(expected)} == {k: ("value", v) for k, v in extra.items()}
