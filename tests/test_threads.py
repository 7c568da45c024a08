"""Loading from several threads at once (a service's workers at start-up) gives each the same answer.

The loaders keep a few recent parses and lookup layers between calls (see ``properties._BY_KEY`` and
``propertysources._LAYERS``); those caches must not mix up or lose what concurrent calls hand over.
"""

from __future__ import annotations

import threading
from pathlib import Path

import portconfig


def test_concurrent_loads_agree(tmp_path: Path) -> None:
    folders = []
    for n in range(6):
        folder = tmp_path / f"app{n}"
        folder.mkdir()
        lines = [f"app.k{i}=value-{n}-{i}" for i in range(2_000)] + [f"server.port=${{PORT:{8000 + n}}}"]
        (folder / "application.properties").write_text("\n".join(lines) + "\n", encoding="latin-1")
        folders.append(folder)
    expected = {str(folder): portconfig.load(folder, env={}) for folder in folders}
    results: dict[tuple[int, int], tuple[int, str]] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for round_ in range(10):
                folder = folders[(worker + round_) % len(folders)]
                config = portconfig.load(folder, env={})
                results[worker, round_] = (config.port, config.get("app.k1999"))
                assert config.port == expected[str(folder)].port
                assert config.get("app.k1999") == expected[str(folder)].get("app.k1999")
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 80
    assert {port for port, _ in results.values()} == set(range(8000, 8006))
