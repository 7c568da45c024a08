"""Hostile input (issue 6): for any input, a result or one clear line, in bounded time and memory.

The catalogue below has one row per input of the issue's list, each with its expected outcome
through ``portconfig check`` (exit code, and a line of the output, matched whole) and through the
library (``load`` raises a :class:`ConfigError` whose errors include ``rule``, or succeeds;
``lint`` returns problems and never raises).  Large inputs are generated in ``tmp_path``.

Every run through the command line is also held to the promise itself: no traceback, no
"internal error", every line of output short (a message quotes at most a clipped value),
finished in a few seconds.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

import portconfig
from portconfig import InvalidConfigError, cli
from portconfig.errors import FileAccessError

ROOT = Path(__file__).resolve().parent.parent

#: No line of output may be longer than this: values are clipped in messages (errors.MAX_QUOTED).
MAX_LINE = 1500
#: Seconds any one catalogue run may take (generous, for slow CI machines).
BUDGET = 10.0




pytestmark = pytest.mark.usefixtures("hermetic")


def run(capsys, *argv: str, budget: float = BUDGET) -> tuple[int, str, str]:
    """``portconfig ARGV`` in this process; checks the promise every run must keep."""
    started = time.monotonic()
    code = cli.main(list(argv))
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    out, err = captured.out, captured.err
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (0, 1, 2), code
    long = [line[:200] for line in (out + err).splitlines() if len(line) > MAX_LINE]
    assert not long, f"lines longer than {MAX_LINE} characters: {long}"
    assert elapsed < budget, f"took {elapsed:.1f}s"
    return code, out, err


def has_line(text: str, pattern: str) -> bool:
    return any(re.fullmatch(pattern, line) for line in text.splitlines())


def lines(text: str) -> list[str]:
    return text.splitlines()


# -- inputs made at test time ------------------------------------------------------------


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def jar() -> bytes:
    """A real (tiny) jar: a zip with a manifest and a class-like entry, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: App\r\n")
        archive.writestr("App.class", bytes(range(256)) * 4)
    return buffer.getvalue()


BILLION_LAUGHS = textwrap.dedent("""\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """).encode()

DEPTH = 10_000


def placeholder_chain() -> bytes:
    """k0=${k1}, k1=${k2}, ... 10,000 deep, ending in a value that is not a port."""
    body = "".join(f"k{i}=${{k{i + 1}}}\n" for i in range(DEPTH))
    return (body + f"k{DEPTH}=end\nserver.port=${{k0}}\n").encode()


def doubling_chain() -> bytes:
    """Each key twice the one before: 10 characters doubled 40 times would be 10 TB."""
    body = "".join(f"a{i + 1}=${{a{i}}}${{a{i}}}\n" for i in range(40))
    return ("a0=xxxxxxxxxx\n" + body).encode()


# -- the catalogue -----------------------------------------------------------------------

NOTE_DEFAULT = r"{file}: note: server\.port is not set in the files, the environment or an override: Spring Boot will use 8080 \[port-default\]"
INVALID_UTF8 = r"{file}:{at}: error: invalid UTF-8 byte sequence; save the file as UTF-8; Spring Boot fails on it too \[syntax-error\]"
CONTROL = (r"{file}:{at}: error: unacceptable character #x0000: special characters are not allowed; "
           r"remove the control character \[syntax-error\]")
SURROGATE = (r"{file}:{at}: error: unpaired surrogate \\uD800 in a \\u escape; a \\uD800-\\uDBFF escape must be "
             r"followed directly by a \\uDC00-\\uDFFF escape; write the character itself or escape both halves "
             r"\[syntax-error\]")
MALFORMED = (r"{file}:{at}: error: Malformed \\uxxxx encoding\.; write \\\\u for a literal backslash-u, or follow "
             r"\\u with exactly four hex digits \[syntax-error\]")
NESTING = (r"{file}:{at}: error: nesting deeper than 50 levels; Spring Boot refuses it too "
           r"\(Nesting Depth exceeded max 50\) \[syntax-error\]")
TAG = r"{file}:1:4: error: unsupported YAML tag {tag}; Spring Boot's safe loader refuses it too; remove the tag \[syntax-error\]"


@dataclass
class Row:
    id: str
    name: str
    data: object  # bytes, or a function making them
    code: int
    line: str  # a regex a whole line of stdout must match ({file} is the path)
    rule: str | None = None  # load() raises an error with this rule; None: load() succeeds

    def content(self) -> bytes:
        return self.data() if callable(self.data) else self.data


ROWS = [
    # Encodings
    Row("invalid-utf8-yaml", "application.yml", b"server:\n  port: 80\xff80\n", 1,
        INVALID_UTF8.replace("{at}", "2:11"), "syntax-error"),
    Row("latin1-yaml", "application.yml", "name: café\n".encode("latin-1"), 1,
        INVALID_UTF8.replace("{at}", "1:10"), "syntax-error"),
    Row("utf16-le-bom-yaml", "application.yml", "name: café\n".encode("utf-16"), 0, NOTE_DEFAULT),
    Row("utf16-be-bom-yaml", "application.yml", b"\xfe\xff" + "name: café\n".encode("utf-16-be"), 0, NOTE_DEFAULT),
    Row("utf16-le-no-bom-yaml", "application.yml", "name: x\n".encode("utf-16-le"), 1,
        CONTROL.replace("{at}", "1:2"), "syntax-error"),
    Row("utf16-be-no-bom-yaml", "application.yml", "name: x\n".encode("utf-16-be"), 1,
        CONTROL.replace("{at}", "1:1"), "syntax-error"),
    Row("utf32-bom-yaml", "application.yml", "name: x\n".encode("utf-32"), 1,
        r"{file}:1:1: error: UTF-32 is not supported; Spring Boot reads YAML as UTF-8 or UTF-16 \[syntax-error\]",
        "syntax-error"),
    Row("nul-yaml", "application.yml", b"name: a\x00b\n", 1, CONTROL.replace("{at}", "1:8"), "syntax-error"),
    Row("nul-properties-port", "application.properties", b"server.port=80\x0080\n", 1,
        r'{file}:1:13: error: server\.port is "80\\x0080", which Spring Boot cannot convert to a port number '
        r'\(For input string: "80\\x0080"\); use a whole number between 1024 and 65535, e\.g\. 8080 \[port-not-integer\]',
        "port-not-integer"),
    Row("nul-properties-other", "application.properties", b"name=a\x00b\n", 0, NOTE_DEFAULT),
    Row("png-as-yaml", "application.yml", png, 1, INVALID_UTF8.replace("{at}", "1:1"), "syntax-error"),
    Row("jar-as-yaml", "application.yml", jar, 1, INVALID_UTF8.replace("{at}", r"\d+:\d+"), "syntax-error"),
    Row("png-as-properties", "application.properties", png, 0, NOTE_DEFAULT),
    Row("lone-surrogate-properties", "application.properties", b"name=\\uD800\n", 1,
        SURROGATE.replace("{at}", "1:6"), "syntax-error"),
    Row("lone-surrogate-yaml", "application.yml", b'name: "\\uD800"\n', 1,
        SURROGATE.replace("{at}", "1:7"), "syntax-error"),
    Row("truncated-u-escape", "application.properties", b"name=\\u12\nother=1\n", 1,
        MALFORMED.replace("{at}", "1:6"), "syntax-error"),
    Row("truncated-u-escape-at-eof", "application.properties", b"other=1\nname=\\u", 1,
        MALFORMED.replace("{at}", "2:6"), "syntax-error"),
    Row("cr-only-properties", "application.properties", b"a=1\rserver.port=80\r", 1,
        r"{file}:2:13: error: server\.port is 80, a privileged port \(below 1024\).*", "port-privileged"),
    Row("cr-only-yaml", "application.yml", b"a: 1\rserver:\r  port: 80\r", 1,
        r"{file}:3:9: error: server\.port is 80, a privileged port \(below 1024\).*", "port-privileged"),
    Row("crlf-yaml", "application.yml", b"a: 1\r\nserver:\r\n  port: 80\r\n", 1,
        r"{file}:3:9: error: server\.port is 80, a privileged port \(below 1024\).*", "port-privileged"),
    Row("mixed-line-endings-properties", "application.properties", b"a=1\r\nb=2\rc=3\nserver.port=80\n", 1,
        r"{file}:4:13: error: server\.port is 80, a privileged port \(below 1024\).*", "port-privileged"),
    Row("only-comments-yaml", "application.yml", b"# one\n# two\n", 0, NOTE_DEFAULT),
    Row("only-comments-properties", "application.properties", b"# one\n! two\n", 0, NOTE_DEFAULT),
    Row("empty-yaml", "application.yml", b"", 0, NOTE_DEFAULT),
    Row("empty-properties", "application.properties", b"", 0, NOTE_DEFAULT),
    # Size and depth
    Row("yaml-nested-10000", "application.yml", b"a: " + b"[" * DEPTH + b"]" * DEPTH + b"\n", 1,
        NESTING.replace("{at}", "1:54"), "syntax-error"),
    Row("yaml-mapping-nested-10000", "application.yml", b"a: " + b"{a: " * DEPTH + b"}" * DEPTH + b"\n", 1,
        NESTING.replace("{at}", "1:201"), "syntax-error"),
    Row("yaml-block-nested-10000", "application.yml",
        lambda: "".join(" " * i + f"k{i}:\n" for i in range(DEPTH)).encode(), 1,
        NESTING.replace("{at}", r"51:51"), "syntax-error"),
    Row("placeholder-nested-10000", "application.properties",
        b"name=" + b"${" * DEPTH + b"x" + b"}" * DEPTH + b"\n", 0,
        r"{file}:1:6: warning: name: Could not resolve placeholder 'x' in value \"\$\{\$\{.*more characters\).*\}\}\"; "
        r"define 'x' .*\[unresolvable-placeholder\]", "unresolvable-placeholder"),
    Row("placeholder-chain-10000", "application.properties", placeholder_chain, 1,
        rf'{{file}}:{DEPTH + 2}:13: error: server\.port is "end", which Spring Boot cannot convert to a port number '
        r'\(For input string: "end"\).*\[port-not-integer\]', "port-not-integer"),
    Row("placeholder-cycle-10000", "application.properties",
        lambda: "".join(f"k{i}=${{k{(i + 1) % DEPTH}}}\n" for i in range(DEPTH)).encode() + b"server.port=${k0}\n", 1,
        r"{file}:1:4: error: k0: Circular placeholder reference 'k1' in value \"\$\{k1\}\" <-- \"\$\{k0\}\" <-- "
        r"\"\$\{k9999\}\" <-- .* <-- \.\.\. 9,981 more \.\.\. <-- .*\[circular-placeholder\]", "circular-placeholder"),
    # Expansion
    Row("billion-laughs", "application.yml", BILLION_LAUGHS, 1,
        r'{file}:1:1: error: aliases expand this document beyond 100,000 nodes \(28 distinct\); refused as a likely '
        r'alias bomb \("billion laughs"\) \[syntax-error\]', "syntax-error"),
    Row("placeholder-doubling", "application.properties", doubling_chain, 1,
        r'{file}:21:5: error: a20: Resolved value would be 10,485,760 characters long, more than the limit of '
        r'10,000,000 in value "\$\{a19\}\$\{a19\}"; simplify the references \(a value that doubles at each level '
        r'grows exponentially\) \[resolution-limit\]', "resolution-limit"),
    # Hostile YAML
    Row("python-object-apply", "application.yml", b"a: !!python/object/apply:os.system ['true']\n", 1,
        TAG.replace("{tag}", r"!!python/object/apply:os\.system"), "syntax-error"),
    Row("python-name", "application.yml", b"a: !!python/name:os.system\n", 1,
        TAG.replace("{tag}", r"!!python/name:os\.system"), "syntax-error"),
    Row("unknown-local-tag", "application.yml", b"a: !vault secret/db\n", 1,
        TAG.replace("{tag}", "!vault"), "syntax-error"),
    Row("unknown-global-tag", "application.yml", b"a: !<tag:example.com,2000:x> b\n", 1,
        TAG.replace("{tag}", r"tag:example\.com,2000:x"), "syntax-error"),
    Row("java-class-tag", "application.yml", b"a: !!javax.script.ScriptEngineManager [x]\n", 1,
        TAG.replace("{tag}", r"!!javax\.script\.ScriptEngineManager"), "syntax-error"),
]


def _write(tmp_path: Path, row: Row) -> str:
    folder = tmp_path / row.id
    folder.mkdir()
    path = folder / row.name
    path.write_bytes(row.content())
    return str(path)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_catalogue_check(capsys, tmp_path, row):
    path = _write(tmp_path, row)
    code, out, err = run(capsys, "check", "--no-env", "--color", "never", path)
    assert code == row.code, out + err
    assert has_line(out, row.line.replace("{file}", re.escape(path))), out
    assert err == ""


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_catalogue_library(tmp_path, row):
    path = _write(tmp_path, row)
    started = time.monotonic()
    if row.rule is None:
        portconfig.load(path, env={})
    else:
        with pytest.raises(InvalidConfigError) as caught:
            portconfig.load(path, env={})
        assert row.rule in {error.rule for error in caught.value.errors}
        assert len(str(caught.value).splitlines()[1]) < MAX_LINE
    problems = portconfig.lint(path, env={})
    assert row.rule is None or row.rule in {problem.rule for problem in problems}
    assert time.monotonic() - started < 2 * BUDGET


def test_python_tag_runs_nothing(tmp_path, capsys):
    """``!!python/object/apply:os.system`` is refused and the command it names never runs."""
    marker = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system",
                "!!python/object:os.system", "!!python/name:os.system"):
        Path("application.yml").write_text(f"a: {tag} [\"touch {marker}\"]\nb: {tag} \"touch {marker}\"\n")
        code, out, _ = run(capsys, "check", "--no-env", "application.yml")
        assert code == 1 and f"unsupported YAML tag {tag}" in out
        with pytest.raises(InvalidConfigError):
            portconfig.load("application.yml", env={})
        portconfig.lint("application.yml", env={})
    for tag in ("!!python/module:os", "!!python/tuple", "!!python/str", "!!python/bytes", "!!python/complex",
                "!!python/dict", "!!python/list", "!!python/none", "!!python/bool"):
        Path("application.yml").write_text(f"a: {tag} x\n")
        code, out, _ = run(capsys, "check", "--no-env", "application.yml")
        assert code == 1 and f"unsupported YAML tag {tag}" in out
    assert not marker.exists()


def test_alias_bomb_is_refused_fast_and_small(tmp_path):
    Path("application.yml").write_bytes(BILLION_LAUGHS)
    assert len(BILLION_LAUGHS) < 500
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InvalidConfigError, match="alias bomb"):
            portconfig.load("application.yml", env={})
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 100_000_000


# -- size --------------------------------------------------------------------------------


def test_50_mb_file(tmp_path, capsys):
    """50 MB of .properties: checked in seconds, in memory a small multiple of the file."""
    line = "x" * 990
    Path("application.properties").write_text(
        "".join(f"k{i:07d}={line}\n" for i in range(50_000)) + "server.port=${PORT:9090}\n")
    size = os.path.getsize("application.properties")
    assert size > 50_000_000
    tracemalloc.start()
    try:
        code, out, _ = run(capsys, "port", "--no-env", "application.properties", budget=30)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (code, out) == (0, "9090\n")
    assert peak < 20 * size


def test_10_mb_single_line(tmp_path, capsys):
    Path("application.yml").write_text("big: " + "x" * 10_000_000 + "\nserver.port: ${PORT:9090}\n")
    Path("application.properties").write_text("big=${" + "x" * 10_000_000 + "}\n")
    code, out, _ = run(capsys, "check", "--no-env", ".")
    assert code == 0
    # The unresolvable 10 MB name is quoted clipped: one line of a few hundred characters.
    assert has_line(out, r"application\.properties:1:5: warning: big: Could not resolve placeholder "
                         r"'x{150}\.\.\.\(9,999,800 more characters\)\.\.\.x{50}' in value .*")
    code, out, _ = run(capsys, "port", "--no-env", "application.yml")
    assert (code, out) == (0, "9090\n")


_MILLION = textwrap.dedent("""\
    import io, json, os, sys, time, contextlib

    def peak():  # VmHWM starts afresh at exec; ru_maxrss keeps the parent's (pytest's) peak
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    n, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "w") as handle:  # in slices: the peak measured must be the check's, not this
        for start in range(0, n, 10_000):
            handle.write("".join(f"app.k{i}=value-{i}\\n" for i in range(start, min(n, start + 10_000))))
    from portconfig import cli
    import portconfig.checks, portconfig.analysis, portconfig.properties, portconfig.reporters
    base = peak()
    out = io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out):
        code = cli.main(["check", "--no-env", path])
    print(json.dumps({"code": code, "out": out.getvalue(), "seconds": time.monotonic() - started,
                      "size": os.path.getsize(path),
                      "grew": (peak() - base) * 1024}))
    """)


def _million(tmp_path: Path, n: int) -> dict:
    import json

    (tmp_path / f"m{n}").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", _MILLION, str(n), str(tmp_path / f"m{n}" / "application.properties")],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak from /proc (Linux)")
def test_million_keys_memory_stays_proportional(tmp_path):
    """A 1,000,000-key .properties file: checked, and memory grows with the input, not faster.

    Measured as the growth of the peak resident size (VmHWM) in a fresh process, for 100,000 keys and
    for ten times as many: ten times the input may take at most about ten times the memory.
    """
    small = _million(tmp_path, 100_000)
    large = _million(tmp_path, 1_000_000)
    for result in (small, large):
        assert result["code"] == 0
        assert result["out"].endswith("1 note in 1 file\n")
    assert large["size"] > 20_000_000
    assert large["grew"] < 12 * max(small["grew"], 1) + 50_000_000
    assert large["grew"] < 40 * large["size"]  # a few hundred bytes per key
    assert large["seconds"] < 120


# -- paths -------------------------------------------------------------------------------


def test_directory_where_a_file_is_expected(tmp_path, capsys):
    os.mkdir("application.yml")
    code, _, err = run(capsys, "check", "--no-env", "application.yml")
    assert code == 2
    assert lines(err) == ["portconfig: application.yml: no Spring Boot configuration files (application.properties, "
                          "application.yml, application-<profile>.*) in it, its src/main/resources/ or config/; "
                          "name the files to check"]
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load("application.yml", env={})
    assert str(caught.value.errors[0]) == "application.yml: is a directory, not a file; name a configuration file inside it"
    # Spring's own location of a directory named like a file (src/main/resources/application.yml/) is skipped.
    os.makedirs("project/application.properties")
    Path("project/application.yml").write_text("server.port: ${PORT:9090}\n")
    assert run(capsys, "port", "--no-env", "project") == (0, "9090\n", "")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_does_not_block(tmp_path):
    """A FIFO named application.yml is refused at once (nothing ever writes to it)."""
    os.mkfifo("application.yml")
    result = subprocess.run([sys.executable, "-m", "portconfig", "check", "--no-env", "application.yml"],
                            capture_output=True, text=True, timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert result.stderr == "portconfig: application.yml: is not a regular file; name a regular configuration file\n"
    # In a directory it is not a configuration file at all; the library says the same as check.
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(portconfig.lint("application.yml", env={})), daemon=True)
    thread.start()
    thread.join(10)
    assert outcome and outcome[0][0].rule == "unreadable-file"


def test_dangling_symlink(tmp_path, capsys):
    os.symlink("nowhere.yml", "application.yml")
    code, _, err = run(capsys, "check", "--no-env", "application.yml")
    assert (code, lines(err)) == (2, ["portconfig: application.yml: is a broken symbolic link; point it at an "
                                      "existing file"])


def test_symlink_loop(tmp_path, capsys):
    os.symlink("b.yml", "a.yml")
    os.symlink("a.yml", "b.yml")
    code, _, err = run(capsys, "check", "--no-env", "a.yml")
    assert code == 2
    assert has_line(err, r"portconfig: a\.yml: cannot be read: Too many levels of symbolic links; "
                         r"check the path and its permissions")
    os.mkdir("loop")
    os.symlink("application.yml", "loop/application.yml")  # points at itself
    code, _, err = run(capsys, "check", "--no-env", "loop/application.yml")
    assert code == 2 and "Too many levels of symbolic links" in err


def test_no_read_permission(tmp_path, capsys, monkeypatch):
    """Unreadable: with permission bits when they bind, else (root, CI containers) through a refusing open()."""
    Path("application.yml").write_text("server.port: 9090\n")
    os.chmod("application.yml", 0)
    try:
        if os.access("application.yml", os.R_OK):  # root reads anyway: simulate the refusal
            import builtins

            real_open = builtins.open

            def refusing_open(file, mode="r", *args, **kwargs):
                if str(file).endswith("application.yml") and "r" in mode:
                    raise PermissionError(13, "Permission denied", str(file))
                return real_open(file, mode, *args, **kwargs)

            monkeypatch.setattr(builtins, "open", refusing_open)
        code, _, err = run(capsys, "check", "--no-env", "application.yml")
        with pytest.raises(InvalidConfigError) as caught:
            portconfig.load("application.yml", env={})
    finally:
        os.chmod("application.yml", stat.S_IRUSR | stat.S_IWUSR)
    assert (code, lines(err)) == (2, ["portconfig: application.yml: cannot be read: permission denied; "
                                      "check the file's permissions"])
    assert isinstance(caught.value.errors[0], FileAccessError)


def test_path_with_spaces(tmp_path, capsys):
    os.mkdir("my project")
    Path("my project/application.yml").write_text("server.port: 80\n")
    code, out, _ = run(capsys, "check", "--no-env", "my project/application.yml")
    assert code == 1 and out.startswith("my project/application.yml:1:14: error: server.port is 80")
    assert portconfig.load("my project/application.yml", env={}, allow_privileged=True).port == 80


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes")
def test_path_that_is_not_utf8(tmp_path, capfd):
    """A directory named with a Latin-1 byte: the path is printed with its own bytes, SARIF percent-encodes them."""
    folder = os.fsencode(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    with open(folder + b"/application.yml", "w") as handle:
        handle.write("server.port: 80\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    for fmt in ("text", "json", "github", "sarif"):
        result = subprocess.run([sys.executable, "-m", "portconfig", "check", "--no-env", "--format", fmt, folder],
                                capture_output=True, timeout=60, env=env)
        assert result.returncode == 1, result.stderr
        assert b"internal error" not in result.stderr and b"Traceback" not in result.stderr
        if fmt == "sarif":
            assert b'"uri": "caf%E9/application.yml"' in result.stdout
    for argv in (["show"], ["port"], ["explain", "server.port"]):
        result = subprocess.run([sys.executable, "-m", "portconfig", *argv, "--no-env", folder],
                                capture_output=True, timeout=60, env=env)
        assert b"internal error" not in result.stderr and b"Traceback" not in result.stderr
    with pytest.raises(InvalidConfigError, match="privileged"):
        portconfig.load(os.fsdecode(folder + b"/application.yml"), env={})
    with pytest.raises(InvalidConfigError, match="privileged"):
        portconfig.load(folder + b"/application.yml", env={})


# -- standard input ----------------------------------------------------------------------


def stdin(monkeypatch, data: bytes) -> io.BytesIO:
    buffer = io.BytesIO(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(buffer))
    return buffer


@pytest.mark.parametrize("data, expected", [
    (b"server:\n  port: 80\n", "<stdin>:2:9: error: server.port is 80"),  # sniffed as YAML
    (b"# c\nserver.port=80\n", "<stdin>:2:13: error: server.port is 80"),  # sniffed as .properties
])
def test_stdin(capsys, monkeypatch, data, expected):
    buffer = stdin(monkeypatch, data)
    code, out, _ = run(capsys, "check", "--no-env", "-")
    assert code == 1 and out.startswith(expected)
    assert buffer.tell() == len(data)


def test_stdin_is_read_once(capsys, monkeypatch):
    """Read once, though check runs once per profile and - is named twice."""
    reads = []

    class Once(io.BytesIO):
        def read(self, *args):
            reads.append(args)
            return super().read(*args)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Once(
        b"server.port: ${PORT:9090}\n---\nspring.config.activate.on-profile: prod\nserver.port: 80\n")))
    code, out, _ = run(capsys, "check", "--no-env", "-", "-")
    assert code == 1 and "[profile prod] server.port is 80" in out
    assert len(reads) == 1


def test_stdin_name(capsys, monkeypatch, tmp_path):
    """--stdin-name decides the format and the profile, and names the file in messages; no file is read beside it."""
    Path("application-prod.yml").write_text("server.port: 1\n")  # would apply if the name were a path
    stdin(monkeypatch, b"server.port: ${PORT:9090}\n")
    assert run(capsys, "port", "--no-env", "--stdin-name", "application.properties", "-", "--profile", "prod") == (
        0, "9090\n", "")
    stdin(monkeypatch, b"server.port=80\n")  # as YAML, one plain scalar: Boot names it "document"
    code, out, _ = run(capsys, "show", "--no-env", "--stdin-name", "config/application-prod.yml", "-")
    assert (code, lines(out)[0]) == (0, "document    = server.port=80    config/application-prod.yml:1:1")
    stdin(monkeypatch, b"server.port=80\n")
    code, _, err = run(capsys, "check", "--no-env", "--stdin-name", "x.yml", ".")
    assert (code, err) == (2, "portconfig: --stdin-name names the file read from standard input: give - as a path\n")
    cli.build_parser("check")
    help_text = cli.COMMAND_PARSERS["check"].format_help()
    help_text = " ".join(help_text.split())
    assert "--stdin-name NAME" in help_text and "- reads one file from standard input" in help_text


def test_stdin_with_files(capsys, monkeypatch):
    """- takes its place among the paths: later locations win."""
    Path("application.properties").write_text("server.port=9090\nname=file\n")
    stdin(monkeypatch, b"name=stdin\n")
    code, out, _ = run(capsys, "show", "--no-env", "application.properties", "-")
    assert code == 0 and "name        = stdin    <stdin>:1:6" in out


# -- environment -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [
    "x\n  admin: true", "x: y", "a\nserver:\n  port: 1", "${", "}", "\x00", "8080\x00", "'\"", "--- !!python/name:os.system",
    "\udcff", "#", "\r\n",
], ids=repr)
def test_environment_values_are_never_pasted_into_file_text(value):
    """An environment value is a value: no key appears, no YAML is parsed out of it."""
    Path("application.yml").write_text("app:\n  name: ${APP_NAME}\n  user: guest\nserver:\n  port: ${PORT:9090}\n")
    config = portconfig.load("application.yml", env={"APP_NAME": value}, lenient=True)
    assert "app.admin" not in config and "admin" not in config and "server" not in config
    assert set(config) == {"app.name", "app.user", "server.port"}
    assert config.port == 9090
    expected = value if "${" not in value else value  # "${" alone is an unclosed prefix: literal
    assert config["app.name"] == expected


def test_environment_values_resolve_as_spring_does():
    """A value that holds ${X} is itself resolved (Spring resolves environment values too)."""
    Path("application.properties").write_text("server.port=${PORT}\nname=${NAME}\n")
    config = portconfig.load("application.properties", env={"PORT": "${BASE}", "BASE": "9090", "NAME": "a\\${b}"})
    assert config.port == 9090 and config["name"] == "a${b}"
    with pytest.raises(InvalidConfigError, match="Circular placeholder reference 'PORT'"):
        portconfig.load("application.properties", env={"PORT": "${PORT}", "NAME": ""})


def test_enormous_environment_values(capsys, monkeypatch):
    Path("application.properties").write_text("server.port=${PORT:9090}\nbig=${BIG}\ntwice=${BIG}${BIG}\n")
    big = "x" * 4_000_000
    config = portconfig.load("application.properties", env={"BIG": big})
    assert len(config["big"]) == 4_000_000 and len(config["twice"]) == 8_000_000
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load("application.properties", env={"BIG": big}, overrides={"twice": "${BIG}${BIG}${BIG}"})
    assert "more than the limit of 10,000,000" in str(caught.value)
    assert len(str(caught.value)) < 3000
    monkeypatch.setenv("BIG", big + "${MISSING}")
    code, out, _ = run(capsys, "check", "application.properties")
    assert code == 0 and "warning: big: Could not resolve placeholder 'MISSING' in value \"xxx" in out


@pytest.mark.parametrize("name", ["a.b", "1X", "", "=", "a b", "server.port", "SERVER.PORT", "\udcff", "a\nb"], ids=repr)
def test_environment_names_that_are_not_identifiers(name):
    Path("application.properties").write_text("server.port=${PORT:9090}\nname=${a.b:none}\n")
    config = portconfig.load("application.properties", env={name: "7070"})
    # Only the names Spring maps reach a key: a.b by its own name, server.port by its own or SERVER_PORT's.
    expected_port = 7070 if name in ("server.port", "SERVER.PORT") else 9090
    assert config.port == expected_port
    assert config["name"] == ("7070" if name == "a.b" else "none")
    portconfig.lint("application.properties", env={name: "7070"})


def test_process_environment_with_odd_names(capsys, monkeypatch):
    Path("application.properties").write_text("server.port=${PORT:9090}\n")
    monkeypatch.setenv("1X", "a\x01b")
    monkeypatch.setenv("a.b", "${a.b}")
    monkeypatch.setenv("WEIRD", "\n  admin: true\n${")
    for argv in (["check"], ["show"], ["port"], ["explain", "server.port"], ["show", "--format", "env"],
                 ["show", "--format", "yaml"]):
        code, out, _ = run(capsys, *argv, "application.properties")
        assert code == 0, (argv, out)


def test_stdin_missing(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert run(capsys, "check", "-") == (2, "", "portconfig: - names standard input, but there is none to read\n")


# -- the limits can be raised (README: "Limits") -------------------------------------------


def test_limits_can_be_raised(monkeypatch):
    import portconfig.analysis
    import portconfig.resolver
    import portconfig.yamlfile

    Path("application.yml").write_text("a: " + "[" * 60 + "]" * 60 + "\n")
    with pytest.raises(InvalidConfigError, match="nesting deeper than 50 levels"):
        portconfig.load("application.yml", env={})
    monkeypatch.setattr(portconfig.yamlfile, "MAX_NESTING_DEPTH", 100)
    portconfig.load("application.yml", env={})

    Path("application.properties").write_text("a=${b}${b}\nb=xxxxxxxxxx\n")
    monkeypatch.setattr(portconfig.resolver, "MAX_LENGTH", 15)
    with pytest.raises(InvalidConfigError, match="more than the limit of 15"):
        portconfig.load("application.properties", env={})
    monkeypatch.setattr(portconfig.resolver, "MAX_DEPTH", 5)
    Path("application.properties").write_text("".join(f"k{i}=${{k{i + 1}}}\n" for i in range(10)) + "k10=x\n")
    with pytest.raises(InvalidConfigError, match="nested deeper than 5 levels"):
        portconfig.load("application.properties", env={})

    Path("application.yml").write_text(BILLION_LAUGHS.decode().replace("i: &i", "# i:"))  # 9**7 = 4.8M nodes
    monkeypatch.setattr(portconfig.yamlfile, "MAX_EXPANDED_NODES", 10)
    with pytest.raises(InvalidConfigError, match=r"beyond 2,600 nodes \(26 distinct\)"):  # 100 x 26
        portconfig.load("application.yml", env={})
