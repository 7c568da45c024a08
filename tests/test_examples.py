"""The examples run: the start-up scripts serve (or refuse to), and the CI and hook files parse and name
commands and options that exist.  Servers bind 127.0.0.1 only, on a free port, and are always stopped."""

from __future__ import annotations

import json
import os
import py_compile
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from test_readme import assert_valid_command_line, clean_env, portconfig_invocations, write_shims

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
START_SERVER = EXAMPLES / "start_server.py"
FASTAPI_APP = EXAMPLES / "fastapi_app.py"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def script_env(**extra: str) -> dict[str, str]:
    """A clean environment (no PORT, no SPRING_*) in which ``import portconfig`` finds this checkout."""
    env = {"PATH": os.environ.get("PATH", os.defpath), "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return {**env, **extra}


def run_script(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(script), *args], cwd=ROOT, env=script_env(**env),
                          capture_output=True, text=True, timeout=60)


def serve_one_request(command: list[str], env: dict[str, str], port: int) -> tuple[str, str]:
    """Start ``command``, wait until 127.0.0.1:port answers, GET /, stop it; returns (body, stdout)."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                out, err = process.communicate()
                pytest.fail(f"the server exited with {process.returncode} before answering:\n{out}{err}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the server did not answer within 30 s")
                time.sleep(0.05)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        out, _ = process.communicate()
    return body, out


# -- start_server.py ----------------------------------------------------------------


def test_start_server_serves_on_the_port_from_the_environment() -> None:
    port = free_port()
    env = script_env(PORT=str(port), SERVER_ADDRESS="127.0.0.1")
    body, out = serve_one_request([sys.executable, str(START_SERVER)], env, port)
    assert body == f"orders: server.port {port} from environment variable PORT\n"
    assert out.splitlines()[0] == f"listening on 127.0.0.1:{port} (server.port from environment variable PORT)"


def test_start_server_reads_the_file_it_is_given(tmp_path: Path) -> None:
    port = free_port()
    config = tmp_path / "application.yml"
    config.write_text(f"spring.application.name: given\nserver:\n  port: {port}\n  address: 127.0.0.1\n",
                      encoding="utf-8")
    body, out = serve_one_request([sys.executable, str(START_SERVER), str(config)], script_env(), port)
    assert body == f"given: server.port {port} from {config}:3:9\n"
    assert f"listening on 127.0.0.1:{port}" in out


@pytest.mark.parametrize("script", [START_SERVER, FASTAPI_APP], ids=["start_server", "fastapi_app"])
@pytest.mark.parametrize(
    ("port", "says"),
    [
        ("80", "server.port is 80 (from environment variable PORT), a privileged port (below 1024)"),
        ("abc", 'server.port is "abc" (from environment variable PORT), which Spring Boot cannot convert'),
        ("70000", "server.port is 70000 (from environment variable PORT)"),
    ],
)
def test_scripts_refuse_an_unusable_port(script: Path, port: str, says: str) -> None:
    result = run_script(script, PORT=port, SERVER_ADDRESS="127.0.0.1")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # portconfig's one-line message, no traceback
    assert lines[0].startswith(f"{script.stem}: refusing to start: {says}")


def test_start_server_refuses_prod_without_its_variables() -> None:
    result = run_script(START_SERVER, SPRING_PROFILES_ACTIVE="prod", PORT=str(free_port()),
                        SERVER_ADDRESS="127.0.0.1")
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert "application-prod.yml:6:10: spring.datasource.url: Could not resolve placeholder 'DB_HOST'" in lines[0]
    assert "application-prod.yml:7:15: spring.datasource.password: Could not resolve placeholder 'DB_PASSWORD'" in lines[1]


def test_start_server_reports_a_port_in_use() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_script(START_SERVER, PORT=str(port), SERVER_ADDRESS="127.0.0.1")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"start_server: cannot listen on 127.0.0.1:{port}: ")
    assert len(result.stderr.splitlines()) == 1


# -- fastapi_app.py: no FastAPI needed to test it ------------------------------------


def test_fastapi_app_compiles_and_imports_without_its_framework(tmp_path: Path) -> None:
    py_compile.compile(str(FASTAPI_APP), cfile=str(tmp_path / "fastapi_app.pyc"), doraise=True)
    check = ("import sys, fastapi_app; "
             "assert not {'fastapi', 'uvicorn', 'starlette'} & set(sys.modules), sorted(sys.modules)")
    env = script_env(PYTHONPATH=os.pathsep.join([str(EXAMPLES), str(ROOT)]))
    result = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


FAKE_FASTAPI = '''
class FastAPI:
    def __init__(self, title=""):
        self.title, self.routes = title, {}
    def get(self, path):
        def register(function):
            self.routes[path] = function
            return function
        return register
'''
FAKE_UVICORN = '''
import json
def run(app, host, port):
    print(json.dumps({"title": app.title, "host": host, "port": port, "index": app.routes["/"]()}))
'''


def test_fastapi_app_wiring_with_stand_ins(tmp_path: Path) -> None:
    """Stand-in fastapi and uvicorn modules record what the app asks of them (nothing listens)."""
    (tmp_path / "fastapi.py").write_text(FAKE_FASTAPI, encoding="utf-8")
    (tmp_path / "uvicorn.py").write_text(FAKE_UVICORN, encoding="utf-8")
    env = script_env(PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]), PORT="9090",
                     SERVER_ADDRESS="127.0.0.1")
    result = subprocess.run([sys.executable, str(FASTAPI_APP)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == "listening on 127.0.0.1:9090 (server.port from environment variable PORT)"
    assert json.loads(second) == {"title": "orders", "host": "127.0.0.1", "port": 9090,
                                  "index": {"port": 9090, "port_from": "environment variable PORT"}}


def test_fastapi_app_without_its_framework_says_how_to_install_it(tmp_path: Path) -> None:
    (tmp_path / "fastapi.py").write_text("raise ImportError('no', name='fastapi')\n", encoding="utf-8")
    (tmp_path / "uvicorn.py").write_text("raise ImportError('no', name='uvicorn')\n", encoding="utf-8")
    env = script_env(PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]), SERVER_ADDRESS="127.0.0.1")
    result = subprocess.run([sys.executable, str(FASTAPI_APP)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert result.stderr == "fastapi_app: uvicorn is not installed: pip install fastapi uvicorn\n"


def test_fastapi_app_really_serves() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("uvicorn")
    port = free_port()
    body, _ = serve_one_request([sys.executable, str(FASTAPI_APP)],
                                script_env(PORT=str(port), SERVER_ADDRESS="127.0.0.1"), port)
    assert json.loads(body) == {"port": port, "port_from": "environment variable PORT"}


# -- Procfile, CI and hook files --------------------------------------------------------


def load_yaml(name: str) -> dict:
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def shell_lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def test_procfile_starts_the_example_on_the_platform_port() -> None:
    lines = (EXAMPLES / "Procfile").read_text(encoding="utf-8").splitlines()
    processes = dict(re.fullmatch(r"([A-Za-z0-9_-]+):\s*(.+)", line).groups()  # type: ignore[union-attr]
                     for line in lines if line.strip() and not line.startswith("#"))
    assert list(processes) == ["web"]
    words = shlex.split(processes["web"])
    assert words[0] == "python" and (ROOT / words[1]) == START_SERVER  # paths are relative to the app's root
    commented = [line[1:].strip() for line in lines if line.startswith("# web:")]
    for line in commented:  # the documented alternative uses a real command line
        for args in portconfig_invocations(line):
            assert_valid_command_line(args)


def workflow_steps() -> list[dict]:
    workflow = load_yaml("github-actions.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"  # upload-sarif needs it
    return job["steps"]


def test_github_workflow_annotates_and_uploads_sarif() -> None:
    steps = workflow_steps()
    runs = [step["run"] for step in steps if "run" in step]
    upload = [step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(upload) == 1
    sarif_file = upload[0]["with"]["sarif_file"]
    writes_sarif = [run for run in runs if "--format sarif" in run and f"> {sarif_file}" in run]
    assert writes_sarif and steps.index(upload[0]) > [step.get("run") for step in steps].index(writes_sarif[0])
    assert any("--format github" in run for run in runs)
    invocations = [args for run in runs for line in shell_lines(run) for args in portconfig_invocations(line)]
    assert len(invocations) == 2
    for args in invocations:
        assert_valid_command_line(args)


def test_gitlab_job_commands_exist() -> None:
    config = load_yaml("gitlab-ci.yml")
    (job,) = config.values()
    invocations = [args for line in job["script"] for args in portconfig_invocations(line)]
    assert len(invocations) == 2
    for args in invocations:
        assert_valid_command_line(args)
    assert "portconfig.sarif" in job["artifacts"]["paths"]


def ci_script_runs(tmp_path: Path, lines: list[str], **env: str) -> list[subprocess.CompletedProcess[str]]:
    """Run CI script lines (not the install) in a copy of examples/spring-app, as a repository's root."""
    work = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "spring-app", work)
    base = {**clean_env(write_shims(tmp_path / "bin"), tmp_path), **env}
    return [subprocess.run(["bash", "-c", line], cwd=work, env=base, capture_output=True, text=True, timeout=60)
            for line in lines if line.startswith("portconfig ")]


def test_github_workflow_commands_run(tmp_path: Path) -> None:
    runs = [step["run"] for step in workflow_steps() if "run" in step and "pip install" not in step["run"]]
    sarif, annotations = ci_script_runs(tmp_path, runs, GITHUB_ACTIONS="true")
    assert sarif.returncode == 0, sarif.stderr
    report = json.loads((tmp_path / "repo" / "portconfig.sarif").read_text(encoding="utf-8"))
    assert report["version"] == "2.1.0"
    assert annotations.returncode == 0, annotations.stdout + annotations.stderr
    # --no-env: the prod profile's DB_HOST and DB_PASSWORD are annotated as warnings, which do not fail the job.
    warnings = [line for line in annotations.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 2 and all("application-prod.yml" in line for line in warnings)


def test_gitlab_job_commands_run(tmp_path: Path) -> None:
    script = [line for line in load_yaml("gitlab-ci.yml")["portconfig"]["script"] if "pip install" not in line]
    sarif, check = ci_script_runs(tmp_path, script)
    assert sarif.returncode == 0 and check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.splitlines()[-1] == "2 warnings in 3 files"


def test_pre_commit_config_uses_this_repositorys_hook(tmp_path: Path) -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    (repo,) = load_yaml("pre-commit-config.yaml")["repos"]
    assert repo["repo"].endswith("/portconfig")
    for used in repo["hooks"]:
        assert used["id"] in hooks
        hook = hooks[used["id"]]
        entry = shlex.split(hook["entry"])
        assert entry[0] == "portconfig"
        resources = EXAMPLES / "spring-app" / "src" / "main" / "resources"
        files = sorted(str(path.relative_to(ROOT)) for path in resources.iterdir()
                       if re.search(hook["files"], str(path.relative_to(ROOT))))
        assert [Path(name).name for name in files] == ["application-prod.yml", "application.properties",
                                                       "application.yml"]
        args = [*entry[1:], *used.get("args", []), *files]
        assert_valid_command_line(args)
        # What pre-commit would run, from the repository's root.
        result = subprocess.run([str(write_shims(tmp_path / "bin") / "portconfig"), *args], cwd=ROOT,
                                env=clean_env(tmp_path / "bin", tmp_path), capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
