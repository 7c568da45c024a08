#!/usr/bin/env python3
"""The service of start_server.py on FastAPI and uvicorn, its port taken from Spring Boot's configuration.

    pip install fastapi uvicorn        # not dependencies of portconfig
    PORT=9090 python examples/fastapi_app.py
    python examples/fastapi_app.py path/to/application.yml

The configuration is loaded and validated first, so an unusable port (``PORT=80``)
is refused with portconfig's message, one line per problem, and exit status 1,
even before FastAPI is imported.  FastAPI and uvicorn are imported only when the
service runs: importing this module needs neither.
"""

from __future__ import annotations

import sys
from pathlib import Path

import portconfig

PROG = "fastapi_app"
#: application.yml, and application-{profile}.yml beside it for each active profile (SPRING_PROFILES_ACTIVE).
DEFAULT_FILE = Path(__file__).resolve().parent / "spring-app" / "src" / "main" / "resources" / "application.yml"


def create_app(config: portconfig.Config):
    from fastapi import FastAPI

    app = FastAPI(title=config.get("spring.application.name", "app"))

    @app.get("/")
    def index() -> dict:
        return {"port": config.port, "port_from": str(config.origin("server.port"))}

    return app


def main(argv: list[str] | None = None) -> int:
    paths = (sys.argv[1:] if argv is None else argv) or [DEFAULT_FILE]
    try:
        config = portconfig.load(*paths)
    except portconfig.ConfigError as error:
        for problem in getattr(error, "errors", (error,)):
            print(f"{PROG}: refusing to start: {problem}", file=sys.stderr)
        return 1
    try:
        import uvicorn
        app = create_app(config)
    except ImportError as error:
        print(f"{PROG}: {error.name} is not installed: pip install fastapi uvicorn", file=sys.stderr)
        return 1
    address = config.get("server.address") or "0.0.0.0"
    print(f"listening on {address}:{config.port} (server.port from {config.origin('server.port')})", flush=True)
    uvicorn.run(app, host=address, port=config.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
