"""``python -m portconfig``: the same command line as the ``portconfig`` script."""

from __future__ import annotations

from .cli import entry

entry()
