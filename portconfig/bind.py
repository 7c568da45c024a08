"""Is the port free?  Bind it as the server would, close at once, and say who holds it when it is taken.

Used by ``portconfig check --bind`` (rule ``port-in-use``) and
:meth:`portconfig.Config.check_port_free`.  Every socket is opened in a
``with`` block, so none outlives the probe, whatever happens.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Sequence

from .analysis import Analysis
from .errors import PortInUseError, PortUnavailableError
from .model import OriginKind
from .placeholders import Placeholder, parse

__all__ = ["probe", "holder", "unavailable_ports"]


def probe(port: int, address: str | None = None) -> OSError | None:
    """Bind ``port`` on ``address`` (None: all interfaces) and close; the error the system gave, or None.

    SO_REUSEADDR is set as Java's server sockets set it on Unix (Tomcat, Jetty, Netty): a connection
    left in TIME_WAIT does not make the port "in use", a listening socket does.
    """
    try:
        targets = _targets(port, address)
    except OSError as error:
        return error
    except UnicodeError:  # getaddrinfo's IDNA step: "a..b", a label over 63 characters
        return OSError(errno.EADDRNOTAVAIL, f"{address!r} is not a valid host name")
    last: OSError | None = None
    for family, sockaddr in targets:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                if os.name != "nt":
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6 and address is None:
                    # "::" with V6ONLY off also takes IPv4, as Java's wildcard socket does.
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                sock.bind(sockaddr)
            return None
        except OSError as error:
            if error.errno in (errno.EAFNOSUPPORT, errno.EPROTONOSUPPORT) and family == socket.AF_INET6:
                last = error  # no IPv6 on this machine: the IPv4 wildcard is what the server gets
                continue
            return error
    return last


def _targets(port: int, address: str | None) -> list[tuple[int, tuple]]:
    if address is None:
        targets: list[tuple[int, tuple]] = []
        if socket.has_ipv6:
            targets.append((socket.AF_INET6, ("::", port)))
        return targets + [(socket.AF_INET, ("0.0.0.0", port))]
    infos = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    return [(infos[0][0], infos[0][4])]


def holder(port: int) -> tuple[int, str] | str:
    """``(pid, command name)`` of the process listening on ``port``, or why that cannot be told.

    Linux only: the listening socket's inode from ``/proc/net/tcp`` and ``tcp6``, then
    ``/proc/<pid>/fd`` links of the processes this user may look into.
    """
    ask = f"try: sudo ss -ltnp 'sport = :{port}'"
    inodes: set[str] = set()
    readable = False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii", errors="replace") as handle:
                rows = handle.read().splitlines()[1:]
        except OSError:
            continue
        readable = True
        for row in rows:
            fields = row.split()
            # sl local_address rem_address st ... inode; st 0A is LISTEN
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    if not readable:
        return f"portconfig cannot tell which process holds it on this system (try: lsof -i :{port})"
    if not inodes:
        return f"portconfig cannot tell which process holds it: no listening socket for it in /proc ({ask})"
    links = {f"socket:[{inode}]" for inode in inodes}
    hidden = False
    for pid in sorted((name for name in os.listdir("/proc") if name.isdigit()), key=int):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:  # another user's process (or gone): /proc does not show its files
            hidden = True
            continue
        for fd in fds:
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link in links:
                try:
                    with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as handle:
                        name = handle.read().strip()
                except OSError:
                    name = "?"
                return int(pid), name
    why = "/proc hides other users' processes" if hidden else "no process shows the socket in /proc"
    return f"portconfig cannot tell which process holds it: {why} ({ask})"


def _env_name(analysis: Analysis, key: str) -> str:
    """The variable that sets ``key`` here: the placeholder's name (``PORT`` of ``${PORT:8080}``), else the
    relaxed environment name (``SERVER_PORT``)."""
    found = analysis.sources.find_file(key)
    if found is not None:
        parts = parse(found.value)
        if len(parts) == 1 and type(parts[0]) is Placeholder:
            name = parts[0].name
            if len(name) == 1 and type(name[0]) is not Placeholder:  # a plain name, not ${${X}}
                return parts[0].text.split(":", 1)[0]
    return key.upper().replace(".", "_").replace("-", "")


def _address_key(key: str) -> str | None:
    """``server.port`` -> ``server.address``: where a port key's server listens, by Spring's naming."""
    head, dot, last = key.rpartition(".")
    return f"{head}.address" if dot and last == "port" else None


def _targets_of(analysis: Analysis) -> list[tuple[str, int, str | None]]:
    """``(key, port, address)`` for every port a server would bind in this run."""
    out = []
    server = analysis.ports.get("server.port")
    for key in analysis.port_keys:
        result = analysis.ports.get(key)
        if result is None or result.error is not None or result.random is not None:
            continue
        if result.port is None or result.port <= 0:
            continue  # 0: any free port; negative: nothing listens
        if key == "management.server.port" and server is not None and server.port == result.port:
            continue  # Spring Boot serves management on the main server then (ManagementPortType SAME)
        address_key = _address_key(key)
        address = analysis.values.get(address_key) if address_key else None
        out.append((key, result.port, address or None))
    return out


def unavailable_ports(analysis: Analysis, *, cli: bool) -> list[PortUnavailableError]:
    """Probe every port of the run; one error per port that cannot be bound.

    ``cli`` words the remedy for the command line (``--set server.port=...``) rather than for the
    application (``--server.port=...``).
    """
    errors = []
    for key, port, address in _targets_of(analysis):
        failure = probe(port, address)
        if failure is not None:
            errors.append(_error(analysis, key, port, address, failure, cli))
    return errors


def _error(
    analysis: Analysis, key: str, port: int, address: str | None, failure: OSError, cli: bool
) -> PortUnavailableError:
    origin = analysis.ports[key].origin
    name = _env_name(analysis, key)
    option = f"--set {key}=<port>" if cli else f"--{key}=<port> to the application"
    if origin.kind is OriginKind.OVERRIDE:  # an override beats the environment: setting a variable would not help
        other = f"choose another port: change {origin} (the port comes from it)"
    elif origin.kind is OriginKind.FILE:
        other = f"choose another port: set {name}=<port>, or pass {option}"
    else:
        other = f"choose another port: change {origin} (the port comes from it), or pass {option}"
    where = "all interfaces" if address is None else address
    common = {"key": key, "port": port, "address": address, "errno": failure.errno, "origin": origin}
    if failure.errno == errno.EADDRINUSE:
        found = holder(port)
        if isinstance(found, tuple):
            pid, process = found
            text = f"Port {port} is already in use. Held by pid {pid} ({process}): stop that process, or {other}"
            return PortInUseError(text, pid=pid, process=process, **common)
        text = f"Port {port} is already in use. {found[0].upper()}{found[1:]}. Stop the process that listens " \
               f"on port {port}, or {other}"
        return PortInUseError(text, **common)
    if failure.errno in (errno.EACCES, errno.EPERM):
        if port < 1024:
            text = (f"Permission denied binding port {port} on {where}: ports below 1024 need administrator "
                    f"rights (root or CAP_NET_BIND_SERVICE); run with that privilege, or {other}")
        else:
            text = f"Permission denied binding port {port} on {where} (a security policy refuses it); {other}"
        return PortUnavailableError(text, **common)
    if failure.errno == errno.EADDRNOTAVAIL:
        text = (f"Cannot bind port {port} on {where}: that address is not one of this machine's "
                f"({failure.strerror}); check {_address_key(key)}")
        return PortUnavailableError(text, **common)
    reason = failure.strerror or str(failure)
    return PortUnavailableError(f"Cannot bind port {port} on {where}: {reason}", **common)


def check_free(analysis: Analysis, keys: Sequence[str] | None = None) -> None:
    """Raise the first :class:`PortUnavailableError` among ``keys`` (default: every port key of the run)."""
    for error in unavailable_ports(analysis, cli=False):
        if keys is None or error.key in keys:
            raise error
