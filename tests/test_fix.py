"""``portconfig fix``: the rewrite changes the port's span and nothing else, writes atomically, and refuses what it
cannot rewrite safely."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

from portconfig import fix as fixmod
from portconfig.cli import main
from portconfig.files import parse_bytes
from portconfig.fix import plan_fix, write_atomic
from portconfig.propertysources import uniform

CORPUS = Path("/work/shared/corpus/real")


@pytest.fixture(autouse=True)
def _here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def put(name: str, data: bytes) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_bytes(data)
    return name


# --- what is rewritten -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, before, after", [
    ("application.properties", b"server.port=8080\n", b"server.port=${PORT:8080}\n"),
    ("application.properties", b"server.port: 8080\n", b"server.port: ${PORT:8080}\n"),
    ("application.properties", b"server.port 8080", b"server.port ${PORT:8080}"),
    ("application.properties", b"  server.port \t=  9090  \r\n# c\r\n", b"  server.port \t=  ${PORT:9090}  \r\n# c\r\n"),
    ("application.properties", b"a=\\\n  b\nserver.port=8080\rx=\xe9\r", b"a=\\\n  b\nserver.port=${PORT:8080}\rx=\xe9\r"),
    ("application.properties", b"server.port=8080\n#---\nspring.config.activate.on-profile=dev\nserver.port=8081\n",
     b"server.port=${PORT:8080}\n#---\nspring.config.activate.on-profile=dev\nserver.port=${PORT:8081}\n"),
    ("application.yml", b"server:\n  port: 8080 # the port\n", b"server:\n  port: ${PORT:8080} # the port\n"),
    ("application.yml", b"server:\n  port: '8080'\n", b"server:\n  port: '${PORT:8080}'\n"),
    ("application.yml", b'server:\n  port: "8080"\n', b'server:\n  port: "${PORT:8080}"\n'),
    ("application.yml", b"server: {port: 8080, address: 0.0.0.0}\n", b"server: {port: '${PORT:8080}', address: 0.0.0.0}\n"),
    ("application.yml", b"server: {port: \"8080\"}", b"server: {port: \"${PORT:8080}\"}"),
    ("application.yml", b"server.port: 8080\r\n", b"server.port: ${PORT:8080}\r\n"),
    ("application.yml", "\ufeff# café\nserver:\n    port:   8080\n".encode(), "\ufeff# café\nserver:\n    port:   ${PORT:8080}\n".encode()),
    ("application.yml", "server:\n  port: 8080\n".encode("utf-16"), "server:\n  port: ${PORT:8080}\n".encode("utf-16")),
    ("application.yml", b"a: 1\n---\nspring.config.activate.on-profile: prod\nserver:\n  port: 8443\n",
     b"a: 1\n---\nspring.config.activate.on-profile: prod\nserver:\n  port: ${PORT:8443}\n"),
])
def test_rewrites_only_the_value(name, before, after) -> None:
    put(name, before)
    result = plan_fix(name)
    assert result.refused is None and result.fixed == after
    assert main(["fix", name]) == 0
    assert Path(name).read_bytes() == after
    assert plan_fix(name).fixed is None  # idempotent


@pytest.mark.parametrize("name, text", [
    ("application.properties", b"server.port=${PORT:8080}\n"),
    ("application.properties", b"server.port=0\nmanagement.server.port=9001\n"),
    ("application.yml", b"server:\n  port: ${PORT:8080}\n"),
    ("application.yml", b"management:\n  server:\n    port: 9001\n"),
])
def test_nothing_to_fix(name, text, capsys) -> None:
    put(name, text)
    assert main(["fix", name]) == 0
    assert capsys.readouterr().out == "nothing to fix in 1 file\n"
    assert Path(name).read_bytes() == text


@pytest.mark.parametrize("name, text, reason", [
    ("application.properties", b"server.port=\\\n    8080\n",
     "application.properties:2:5: cannot rewrite server.port safely: the value is on a line with a backslash (an "
     "escape or a continuation line)"),
    ("application.properties", b"server.port=80\\u0038\n",
     "application.properties:1:13: cannot rewrite server.port safely: the value is on a line with a backslash (an "
     "escape or a continuation line)"),
    ("application.properties", b"server.port=0x1F90\n",
     "application.properties:1:13: cannot rewrite server.port safely: server.port is written as '0x1F90', not as a "
     "plain decimal number (see port-format); write it in decimal first, so the rewrite keeps its meaning"),
    ("application.yml", b"server:\n  port: 010\n",
     "application.yml:2:9: cannot rewrite server.port safely: server.port is written as '010', not as a plain "
     "decimal number (see port-format); write it in decimal first, so the rewrite keeps its meaning"),
    ("application.yml", b"server:\n  port: \"80\\\n    80\"\n",
     "application.yml:2:9: cannot rewrite server.port safely: the value is a scalar on several lines"),
    ("application.yml", b"default: &p 8080\nserver:\n  port: *p\n",
     "application.yml:1:10: cannot rewrite server.port safely: the value is behind a YAML anchor, alias or tag "
     "(&p); rewrite it by hand"),
    ("application.yml", b"base: &b\n  port: 8080\nserver:\n  <<: *b\n",
     "application.yml: cannot rewrite server.port safely: the rewrite would change other values too (a value "
     "shared through an anchor or merge?)"),
    ("application.yml", b"server:\n  port: !!str 8080\n",
     "application.yml:2:9: cannot rewrite server.port safely: the value is behind a YAML anchor, alias or tag "
     "(!!str); rewrite it by hand"),
])
def test_refuses_what_it_cannot_rewrite_safely(name, text, reason, capsys) -> None:
    put(name, text)
    assert main(["fix", name]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"portconfig: {reason}; the file was not changed\n"
    assert Path(name).read_bytes() == text
    assert main(["fix", "--diff", name]) == 2


def test_a_refused_file_does_not_stop_the_others(capsys) -> None:
    put("a/application.properties", b"server.port=0x10\n")
    put("b/application.properties", b"server.port=9000\n")
    assert main(["fix", "a", "b"]) == 2
    out = capsys.readouterr().out
    assert out == "b/application.properties:1:13: server.port 9000 -> ${PORT:9000}\nrewrote 1 file\n"
    assert Path("a/application.properties").read_bytes() == b"server.port=0x10\n"


# --- --diff, exit codes, masking ---------------------------------------------------------------------


def test_diff_prints_without_writing_and_exits_1(capsys) -> None:
    text = b"# app\nspring.datasource.password=Sup3r-S3cret-Value\nserver.port=8080\n"
    put("application.properties", text)
    assert main(["fix", "--diff"]) == 1
    out = capsys.readouterr().out
    assert out == (
        "--- a/application.properties\n+++ b/application.properties\n@@ -1,3 +1,3 @@\n # app\n"
        " spring.datasource.password=******\n-server.port=8080\n+server.port=${PORT:8080}\n"
    )
    assert Path("application.properties").read_bytes() == text
    assert main(["fix", "--diff", "--show-secrets"]) == 1
    assert "Sup3r-S3cret-Value" in capsys.readouterr().out
    assert main(["fix"]) == 0
    capsys.readouterr()
    assert main(["fix", "--diff"]) == 0  # nothing left to change, nothing printed
    assert capsys.readouterr().out == ""


def test_diff_marks_a_missing_final_newline(capsys) -> None:
    put("application.properties", b"server.port=8080")
    assert main(["fix", "--diff"]) == 1
    assert capsys.readouterr().out.endswith("-server.port=8080\n\\ No newline at end of file\n"
                                           "+server.port=${PORT:8080}\n\\ No newline at end of file\n")


@pytest.mark.parametrize("argv, err", [
    (["fix", "missing.yml"], "portconfig: missing.yml: no such file or directory; check the path\n"),
    (["fix", "-"], "portconfig: -: fix rewrites files in place; standard input cannot be fixed (name the file)\n"),
    (["fix"], "portconfig: .: no Spring Boot configuration files (application.properties, application.yml, "
              "application-<profile>.*) in it, its src/main/resources/ or config/; name the files to fix\n"),
])
def test_bad_paths_exit_2(argv, err, capsys) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == err


def test_directories_mean_their_spring_config_files(capsys) -> None:
    put("src/main/resources/application.yml", b"server:\n  port: 8080\n")
    put("src/main/resources/application-prod.properties", b"server.port=80\n")
    put("src/main/resources/other.yml", b"server:\n  port: 8080\n")
    assert main(["fix"]) == 0
    assert capsys.readouterr().out == (
        "src/main/resources/application.yml:2:9: server.port 8080 -> ${PORT:8080}\n"
        "src/main/resources/application-prod.properties:1:13: server.port 80 -> ${PORT:80}\n"
        "rewrote 2 files\n"
    )
    assert Path("src/main/resources/other.yml").read_bytes() == b"server:\n  port: 8080\n"


# --- atomic writes -----------------------------------------------------------------------------------


def leftovers(directory: str = ".") -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".portconfig"))


def test_write_keeps_the_mode_and_leaves_no_temporary_file() -> None:
    path = put("application.properties", b"server.port=8080\n")
    os.chmod(path, 0o640)
    assert main(["fix", path]) == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert leftovers() == []


def test_a_symbolic_link_is_kept_and_its_target_rewritten() -> None:
    put("real/application.properties", b"server.port=8080\n")
    os.symlink("real/application.properties", "application.properties")
    assert main(["fix", "application.properties"]) == 0
    assert os.path.islink("application.properties")
    assert Path("real/application.properties").read_bytes() == b"server.port=${PORT:8080}\n"


@pytest.mark.parametrize("target, failure", [
    ("fsync", OSError(errno.ENOSPC, "No space left on device")),
    ("replace", OSError(errno.EIO, "Input/output error")),
    ("chmod", PermissionError(errno.EPERM, "Operation not permitted")),
])
def test_an_injected_failure_leaves_the_original_untouched(monkeypatch, capsys, target, failure) -> None:
    original = b"# keep\nserver.port=8080\n"
    path = put("application.properties", original)

    def fail(*args, **kwargs):
        raise failure

    monkeypatch.setattr(fixmod.os, target, fail)
    assert main(["fix", path]) == 2
    assert capsys.readouterr().err == (
        f"portconfig: application.properties: cannot write it ({failure.strerror}); the file was not changed\n"
    )
    assert Path(path).read_bytes() == original
    assert leftovers() == []


def test_an_exception_mid_write_leaves_the_original_untouched(monkeypatch) -> None:
    original = b"server.port=8080\n"
    path = put("application.properties", original)

    class Boom(Exception):
        pass

    real_open = open

    def half_write(file, mode="r", *args, **kwargs):
        stream = real_open(file, mode, *args, **kwargs)
        if isinstance(file, int) and "w" in mode:
            def write(data):
                stream.raw.write(data[:5]) if hasattr(stream, "raw") else None
                raise Boom("interrupted")
            stream.write = write  # type: ignore[method-assign]
        return stream

    monkeypatch.setattr(fixmod, "open", half_write, raising=False)
    with pytest.raises(Boom):
        write_atomic(path, b"server.port=${PORT:8080}\n")
    assert Path(path).read_bytes() == original
    assert leftovers() == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores directory permissions")
def test_a_read_only_directory(capsys) -> None:
    path = put("ro/application.properties", b"server.port=8080\n")
    os.chmod("ro", 0o555)
    try:
        assert main(["fix", path]) == 2
        assert "cannot write it (Permission denied); the file was not changed" in capsys.readouterr().err
        assert Path(path).read_bytes() == b"server.port=8080\n"
        assert leftovers("ro") == []
    finally:
        os.chmod("ro", 0o755)


def test_a_read_only_directory_simulated(monkeypatch, capsys) -> None:
    """As root, a read-only directory cannot be made: mkstemp's refusal is simulated instead."""
    path = put("application.properties", b"server.port=8080\n")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fixmod.tempfile, "mkstemp", refuse)
    assert main(["fix", path]) == 2
    assert capsys.readouterr().err == (
        "portconfig: application.properties: cannot write it (Permission denied); the file was not changed\n"
    )
    assert Path(path).read_bytes() == b"server.port=8080\n"


# --- every corpus file -------------------------------------------------------------------------------


def _corpus() -> list[Path]:
    return sorted(path for path in CORPUS.iterdir() if path.is_file()) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is absent")
def test_every_corpus_file(tmp_path) -> None:
    counts = {"rewritten": 0, "unchanged": 0, "refused": 0}
    for source in _corpus():
        # The corpus names end in the real file name (001__owner__repo__application.yml).
        copy = tmp_path / "c" / source.name.split("__")[-1]
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, copy)
        original = source.read_bytes()
        result = plan_fix(str(copy))
        if result.refused is not None:
            counts["refused"] += 1
            assert main(["fix", str(copy)]) == 2
            assert copy.read_bytes() == original, source.name
            continue
        if result.fixed is None:
            counts["unchanged"] += 1
            assert main(["fix", str(copy)]) == 0 and copy.read_bytes() == original, source.name
            continue
        counts["rewritten"] += 1
        assert main(["fix", str(copy)]) == 0, source.name
        fixed = copy.read_bytes()
        assert fixed == result.fixed, source.name
        _assert_only_the_ports_changed(source.name, original, fixed, result)
        assert plan_fix(str(copy)).fixed is None, source.name  # idempotent
    assert sum(counts.values()) == len(_corpus())
    assert counts["rewritten"] >= 10, counts


def _assert_only_the_ports_changed(name: str, original: bytes, fixed: bytes, result) -> None:
    """Bytes outside the rewritten spans are identical; re-loaded, the port reads ${PORT:<old>} and the rest is equal."""
    old_values = [change.old.strip("'\"") for change in result.changes]
    # Walk both byte strings span by span: each change replaces its old text with its new text, nothing else moves.
    position = shift = 0
    for change in result.changes:
        old, new = change.old.encode(), change.new.encode()
        at = change.offset
        assert original[at : at + len(old)] == old, name
        assert fixed[position + shift : at + shift] == original[position:at], name
        assert fixed[at + shift : at + shift + len(new)] == new, name
        shift += len(new) - len(old)
        position = at + len(old)
    assert fixed[position + shift :] == original[position:], name
    before = parse_bytes(original, name)
    after = parse_bytes(fixed, name)
    assert len(before.documents) == len(after.documents), name
    changed = iter(old_values)
    for old_doc, new_doc in zip(before.documents, after.documents):
        assert [e.key for e in old_doc.entries] == [e.key for e in new_doc.entries], name
        for a, b in zip(old_doc.entries, new_doc.entries):
            if uniform(a.key) == "server.port" and a.value != b.value:
                assert b.value == f"${{PORT:{next(changed)}}}" + a.value[len(a.value.rstrip(' \t\f')):], name
            else:
                assert a.value == b.value, (name, a.key)


def test_diff_splits_lines_only_where_the_file_does(tmp_path, capsys) -> None:
    """A form feed inside a value is not a line break: the diff has the file's two lines, not three."""
    path = tmp_path / "application.properties"
    path.write_bytes(b"a=x\x0cy\nserver.port=8080\n")
    assert main(["fix", "--diff", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.split("\n")[2:] == ["@@ -1,2 +1,2 @@", " a=x\x0cy", "-server.port=8080", "+server.port=${PORT:8080}", ""]


def test_a_masked_diff_says_it_will_not_apply(tmp_path, capsys) -> None:
    path = tmp_path / "application.properties"
    path.write_bytes(b"spring.datasource.password=hunter2\nserver.port=8080\n")
    assert main(["fix", "--diff", str(path)]) == 1
    captured = capsys.readouterr()
    assert " spring.datasource.password=******\n" in captured.out and "hunter2" not in captured.out
    assert captured.err == (f"portconfig: {path}: secrets in the diff are masked, so it does not apply as a patch; "
                            "--show-secrets prints it as it is\n")
