"""Coverage-guided fuzzing of both loaders and the resolver with atheris (not collected by pytest).

Run: ``pip install atheris && mkdir -p /tmp/fuzz && python tests/fuzz/fuzz_load.py -max_total_time=600 /tmp/fuzz
/work/shared/corpus/real`` (libFuzzer writes the inputs it finds into the FIRST directory: keep that a scratch one).

Each input is parsed as YAML and as ``.properties``, and its values are resolved; anything but a
:class:`portconfig.ConfigError` (or a run over the per-input time limit, ``-timeout=5`` by default)
is a crash that atheris saves for replay (``python tests/fuzz/fuzz_load.py crash-<hash>``).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

import atheris  # noqa: E402

with atheris.instrument_imports():
    from portconfig.errors import ConfigError
    from portconfig.files import parse_bytes
    from portconfig.propertysources import PropertySources
    from portconfig.resolver import Limits, Resolver


def test_one_input(data: bytes) -> None:
    for name in ("application.yml", "application.properties"):
        try:
            source = parse_bytes(data, name)
        except ConfigError:
            continue
        sources = PropertySources([source], env={})
        resolver = Resolver(sources.find, lenient=False, limits=Limits(max_lookups=10_000))
        for entry in source.entries():
            try:
                resolver.resolve(entry.value, key=entry.key, origin=entry.origin)
            except ConfigError:
                pass


def main() -> None:
    if not any(argument.startswith("-timeout") for argument in sys.argv):
        sys.argv.append("-timeout=5")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
