#!/usr/bin/env python3
"""A small HTTP service (standard library only) that takes its port from Spring Boot's configuration.

    PORT=9090 python examples/start_server.py           # examples/spring-app's application.yml
    SPRING_PROFILES_ACTIVE=prod DB_HOST=db DB_PASSWORD=... python examples/start_server.py
    python examples/start_server.py path/to/application.yml

At start-up it loads the configuration as Spring Boot would (placeholders, the
environment, profiles), listens on the validated ``server.port`` at
``server.address`` (every interface when unset), and prints where the port came
from.  A configuration that is not valid (``PORT=80``, ``PORT=abc``, an
unresolvable placeholder) stops it before it binds anything: portconfig's
message, one line per problem, on stderr, and exit status 1.

Needs portconfig installed (``pip install -e .`` in this repository).
"""

from __future__ import annotations

import os
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import portconfig

PROG = "start_server"
RESOURCES = Path(__file__).resolve().parent / "spring-app" / "src" / "main" / "resources"
#: load() also reads application-{profile}.yml beside it for each active profile (SPRING_PROFILES_ACTIVE).
#: Each file named is its own location, later ones winning, as in spring.config.location=a,b: naming
#: application.properties after it would override application-prod.yml too.
DEFAULT_FILES = (RESOURCES / "application.yml",)


def load_config(paths: list[str]) -> portconfig.Config:
    """The configuration, or exit 1 with one ``start_server: refusing to start: ...`` line per problem."""
    if not paths:  # relative to the working directory when possible: shorter messages
        paths = [_short(path) for path in DEFAULT_FILES]
    try:
        return portconfig.load(*paths)
    except portconfig.ConfigError as error:
        for problem in getattr(error, "errors", (error,)):
            print(f"{PROG}: refusing to start: {problem}", file=sys.stderr)
        raise SystemExit(1) from None


def _short(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.startswith("..") else relative


def make_handler(config: portconfig.Config) -> type[BaseHTTPRequestHandler]:
    name = config.get("spring.application.name", "app")
    body = f"{name}: server.port {config.port} from {config.origin('server.port')}\n".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main(argv: list[str] | None = None) -> int:
    config = load_config(sys.argv[1:] if argv is None else argv)
    address = config.get("server.address", "")  # "" and 0.0.0.0: every IPv4 interface
    port = config.port  # validated: 1024-65535
    server_class = type("Server", (ThreadingHTTPServer,), {
        "address_family": socket.AF_INET6 if ":" in address else socket.AF_INET,
        "daemon_threads": True,
    })
    try:
        server = server_class((address, port), make_handler(config))
    except OSError as error:  # the port is taken, the address is not this machine's...
        print(f"{PROG}: cannot listen on {address or '*'}:{port}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"listening on {address or '*'}:{port} (server.port from {config.origin('server.port')})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
