"""``check --bind`` and ``Config.check_port_free()``: against real sockets, on 127.0.0.1 only, ephemeral ports."""

from __future__ import annotations

import errno
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import portconfig
from portconfig import bind
from portconfig.cli import main

LINUX_PROC = sys.platform.startswith("linux") and os.path.exists("/proc/net/tcp")


@contextmanager
def listening() -> Iterator[int]:
    """A port taken by a listening socket on 127.0.0.1, released on exit."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def comm() -> str:
    with open(f"/proc/{os.getpid()}/comm", encoding="utf-8") as handle:
        return handle.read().strip()


@pytest.fixture(autouse=True)
def _here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.delenv("SERVER_PORT", raising=False)


def write(text: str) -> str:
    with open("application.properties", "w", encoding="utf-8") as handle:
        handle.write(text)
    return "application.properties"


def test_probe_sees_a_listening_socket_and_leaves_nothing_open() -> None:
    with listening() as port:
        error = bind.probe(port, "127.0.0.1")
        assert error is not None and error.errno == errno.EADDRINUSE
    assert bind.probe(port, "127.0.0.1") is None  # released by the test, and the probe held nothing
    assert bind.probe(port, "127.0.0.1") is None  # probing twice: the probe's own socket is closed


@pytest.mark.skipif(not LINUX_PROC, reason="names the holder from Linux's /proc")
def test_holder_is_named_from_proc() -> None:
    with listening() as port:
        assert bind.holder(port) == (os.getpid(), comm())
    assert isinstance(bind.holder(port), str)  # nobody listens: it says it cannot tell


@pytest.mark.skipif(not LINUX_PROC, reason="names the holder from Linux's /proc")
def test_check_bind_reports_the_port_in_use_with_the_holder(capsys) -> None:
    with listening() as port:
        write(f"server.port=${{PORT:{port}}}\nserver.address=127.0.0.1\n")
        code = main(["check", "--no-env", "--bind"])
        out = capsys.readouterr().out
    assert code == 1
    assert out == (
        f"application.properties:1:13: error: server.port: Port {port} is already in use. Held by pid {os.getpid()} "
        f"({comm()}): stop that process, or choose another port: set PORT=<port>, or pass --set server.port=<port> "
        "[port-in-use]\n1 error in 1 file\n"
    )
    # free again: the same command passes
    assert main(["check", "--no-env", "--bind"]) == 0
    assert capsys.readouterr().out == "no problems in 1 file\n"


def test_check_bind_when_the_holder_cannot_be_told(capsys, monkeypatch) -> None:
    hidden = "portconfig cannot tell which process holds it: /proc hides other users' processes (try: x)"
    monkeypatch.setattr(bind, "holder", lambda port: hidden)
    with listening() as port:
        write(f"server.port={port}\nserver.address=127.0.0.1\n")
        code = main(["check", "--no-env", "--bind"])
        out = capsys.readouterr().out
    assert code == 1
    assert (
        f"application.properties:1:13: error: server.port: Port {port} is already in use. Portconfig cannot tell "
        "which process holds it: /proc hides other users' processes (try: x). Stop the process that listens on port "
        f"{port}, or choose another port: set SERVER_PORT=<port>, or pass --set server.port=<port> [port-in-use]\n"
    ) in out


def test_without_bind_nothing_is_probed(capsys, monkeypatch) -> None:
    monkeypatch.setattr(bind, "probe", lambda *a: pytest.fail("probed without --bind"))
    write("server.port=${PORT:8080}\nserver.address=127.0.0.1\n")
    assert main(["check", "--no-env"]) == 0


def test_permission_denied_is_its_own_message(monkeypatch) -> None:
    monkeypatch.setattr(bind, "probe", lambda port, address: PermissionError(errno.EACCES, "Permission denied"))
    path = write("server.port=${PORT:80}\nserver.address=127.0.0.1\n")
    config = portconfig.load(path, env={}, allow_privileged=True)
    with pytest.raises(portconfig.PortUnavailableError) as caught:
        config.check_port_free()
    assert type(caught.value) is portconfig.PortUnavailableError
    assert caught.value.describe() == (
        "server.port: Permission denied binding port 80 on 127.0.0.1: ports below 1024 need administrator rights "
        "(root or CAP_NET_BIND_SERVICE); run with that privilege, or choose another port: set PORT=<port>, or pass "
        "--server.port=<port> to the application"
    )
    assert (caught.value.port, caught.value.address, caught.value.errno) == (80, "127.0.0.1", errno.EACCES)


def test_an_address_that_is_not_this_machines(monkeypatch) -> None:
    monkeypatch.setattr(bind, "probe", lambda port, address: OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address"))
    path = write("server.port=${PORT:8080}\nserver.address=10.254.254.254\n")
    with pytest.raises(portconfig.PortUnavailableError) as caught:
        portconfig.load(path, env={}).check_port_free()
    assert caught.value.describe() == (
        "server.port: Cannot bind port 8080 on 10.254.254.254: that address is not one of this machine's (Cannot "
        "assign requested address); check server.address"
    )


def test_api_check_port_free_raises_port_in_use_error() -> None:
    with listening() as port:
        path = write(f"server.port=${{PORT:{port}}}\nserver.address=127.0.0.1\n")
        config = portconfig.load(path, env={})
        with pytest.raises(portconfig.PortInUseError) as caught:
            config.check_port_free()
    error = caught.value
    assert isinstance(error, portconfig.ConfigError) and isinstance(error, portconfig.PortUnavailableError)
    assert error.describe().startswith(f"server.port: Port {port} is already in use. ")
    assert error.describe().endswith("or choose another port: set PORT=<port>, or pass --server.port=<port> to "
                                     "the application")
    assert (error.port, error.address, error.key) == (port, "127.0.0.1", "server.port")
    if LINUX_PROC:
        assert (error.pid, error.process) == (os.getpid(), comm())
    assert (error.file, error.line, error.column) == (path, 1, 13)
    config.check_port_free()  # released: no error


def test_which_ports_are_probed(monkeypatch) -> None:
    asked: list[tuple[int, str | None]] = []
    monkeypatch.setattr(bind, "probe", lambda port, address: asked.append((port, address)))
    management = free_port()
    path = write(
        f"server.port=${{PORT:{free_port()}}}\nserver.address=127.0.0.1\n"
        f"management.server.port={management}\nmanagement.server.address=127.0.0.1\n"
    )
    config = portconfig.load(path, env={})
    config.check_port_free()
    assert asked == [(config.port, "127.0.0.1"), (management, "127.0.0.1")]
    # management on the server's own port is the same server (Spring's SAME); -1 binds nothing
    for text in ("management.server.port=${server.port}\n", "management.server.port=-1\n"):
        asked.clear()
        portconfig.load(write(f"server.port=${{PORT:{free_port()}}}\nserver.address=127.0.0.1\n" + text),
                        env={}).check_port_free()
        assert len(asked) == 1 and asked[0][1] == "127.0.0.1"


@pytest.mark.parametrize("address", ["a..b", "x" * 70 + ".example"])
def test_a_host_name_that_cannot_be_encoded_is_an_unusable_address(address: str) -> None:
    """getaddrinfo's IDNA step raises UnicodeError, not OSError: still a probe result, never a crash."""
    error = bind.probe(free_port(), address)
    assert isinstance(error, OSError) and error.errno == errno.EADDRNOTAVAIL
    assert str(error) == f"[Errno {errno.EADDRNOTAVAIL}] {address!r} is not a valid host name"


def test_a_port_from_set_is_changed_where_it_was_set(capsys, tmp_path, monkeypatch) -> None:
    """``--set`` beats the environment: the remedy names the override, not a variable to set."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "application.properties").write_text("server.port=${PORT:8080}\n")
    with listening() as port:
        code = main(["check", "--bind", "--no-env", "--set", "server.address=127.0.0.1", "--set",
                     f"server.port={port}", "."])
    out = capsys.readouterr().out
    assert code == 1
    assert f"Port {port} is already in use." in out
    assert "choose another port: change --set server.port (the port comes from it) [port-in-use]" in out
