"""portconfig's benchmark suite: every figure next to a baseline measured in the same run.

    python tests/benchmarks/run.py            # full run (a few minutes; OmegaConf at 100k keys alone takes ~1 min)
    python tests/benchmarks/run.py --quick    # 1k/10k keys, fewer repetitions (~1 minute)

Inputs are generated deterministically (fixed seed) in a temporary directory.  Each figure is
the median of repeated whole-process runs or in-process repetitions.  The table goes to stdout,
everything to JSON (``--json``, default ``tests/benchmarks/results.json``).

Peers (OmegaConf, python-dotenv) are never project dependencies: when they are not importable
the script installs them with pip into a private ``--target`` directory under the temporary
directory (``--no-install`` to skip), and a peer that cannot be installed is skipped.
Not collected by pytest (see ``tests/conftest.py``); no timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT.parent / "shared" / "corpus" / "real"
THINGSBOARD = CORPUS / "204__thingsboard__thingsboard__thingsboard.yml"
SEED = 20240607
sys.path.insert(0, str(PROJECT))

ROWS: list[dict] = []


def row(group: str, name: str, seconds: float | None, baseline: str | None = None, note: str = "", **extra) -> None:
    ROWS.append({"group": group, "name": name, "seconds": seconds, "baseline": baseline, "note": note, **extra})


def median_time(function, repeat: int, *, collect: bool = True) -> float:
    times = []
    for _ in range(repeat):
        if collect:
            gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_process(argv: list[str], repeat: int) -> float:
    times = []
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# -- inputs ------------------------------------------------------------------------------------------


def generate(keys: int) -> list[tuple[str, str]]:
    """A config of ``keys`` keys: a third plain, a third nested defaults over key references, a third env names."""
    rng = random.Random(SEED + keys)
    pairs = []
    for i in range(keys):
        key = f"app.section{i % 100}.key{i}"
        kind = i % 3
        if kind == 0:
            value = f"value-{rng.randrange(10**6)}"
        elif kind == 1 and i:
            value = "${ENV_%d:${app.section%d.key%d:def}}" % (i, (i - 1) % 100, i - 1)
        else:
            value = f"plain {rng.randrange(10**6)} text" if i % 9 else "${HOME:/tmp}/data"
        pairs.append((key, value))
    return pairs


def write_properties(path: Path, pairs) -> Path:
    path.write_text("".join(f"{k}={v}\n" for k, v in pairs), encoding="latin-1")
    return path


def write_yaml(path: Path, pairs) -> Path:
    path.write_text("".join(f'{k}: "{v}"\n' for k, v in pairs), encoding="utf-8")
    return path


def omegaconf_yaml(path: Path, pairs) -> Path:
    """The same config for OmegaConf: nested keys, ``${oc.env:NAME,default}`` for env defaults."""
    import yaml

    tree: dict = {}
    for key, value in pairs:
        value = value.replace("${HOME:/tmp}", "${oc.env:HOME,/tmp}")
        if value.startswith("${ENV_"):
            env, rest = value[2:-1].split(":", 1)
            ref = rest[2:-1].split(":", 1)[0]
            value = "${oc.env:%s,${%s}}" % (env, ref)
        node = tree
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    path.write_text(yaml.dump(tree, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    return path


def dotenv_file(path: Path, pairs) -> Path:
    """The same config for python-dotenv: ``${NAME:-default}`` (its defaults cannot nest, so a key reference)."""
    lines = []
    for key, value in pairs:
        name = key.upper().replace(".", "_")
        if value.startswith("${ENV_"):
            ref = value[2:-1].split(":", 1)[1][2:-1].split(":", 1)[0].upper().replace(".", "_")
            value = "${%s}" % ref
        value = value.replace("${HOME:/tmp}", "${HOME:-/tmp}")
        lines.append(f'{name}="{value}"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


def typical(directory: Path) -> tuple[Path, Path]:
    lines = [
        ("spring.application.name", "orders"),
        ("server.port", "${PORT:8080}"),
        ("spring.datasource.url", "jdbc:postgresql://${DB_HOST:localhost}:${DB_PORT:5432}/${DB_NAME:orders}"),
        ("spring.datasource.username", "${DB_USER:orders}"),
        ("spring.datasource.password", "${DB_PASSWORD:secret}"),
    ]
    for i in range(45):
        lines.append((f"app.feature{i}.enabled", "true" if i % 2 else "${FEATURE_%d:false}" % i))
    # One directory each: a file named application.* is read with its siblings, as Spring Boot reads a location.
    (directory / "properties").mkdir(exist_ok=True)
    (directory / "yaml").mkdir(exist_ok=True)
    props = directory / "properties" / "application.properties"
    props.write_text("# typical service config\n" + "".join(f"{k}={v}\n" for k, v in lines[:49]), encoding="latin-1")
    yml = directory / "yaml" / "application.yml"
    yml.write_text("# typical service config\n" + "".join(f'{k}: "{v}"\n' for k, v in lines[:49]), encoding="utf-8")
    return props, yml


# -- peers -------------------------------------------------------------------------------------------


def load_peers(directory: Path, install: bool) -> dict[str, object]:
    peers: dict[str, object] = {}
    wanted = {"omegaconf": "omegaconf", "dotenv": "python-dotenv"}
    missing = []
    for module in wanted:
        try:
            peers[module] = __import__(module)
        except ImportError:
            missing.append(module)
    if missing and install:
        target = directory / "peers"
        for module in missing:
            result = subprocess.run(
                [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--target", str(target),
                 wanted[module]],
                capture_output=True, text=True,
            )
            if result.returncode != 0:
                print(f"peer {wanted[module]} skipped: pip failed: {result.stderr.strip()[-200:]}", file=sys.stderr)
        sys.path.append(str(target))
        for module in missing:
            try:
                peers[module] = __import__(module)
            except ImportError as error:
                print(f"peer {wanted[module]} skipped: {error}", file=sys.stderr)
    return peers


# -- workloads ---------------------------------------------------------------------------------------


def bench_startup(directory: Path, repeat: int) -> None:
    props, yml = typical(directory)
    py = sys.executable
    # Byte-code as an installed package has it: with PYTHONDONTWRITEBYTECODE set (CI images do), every
    # run would otherwise recompile each module whose source is newer than its .pyc.
    subprocess.run([py, "-m", "compileall", "-q", str(PROJECT / "portconfig")], check=True)
    row("start-up (whole process)", "python -c pass", median_process([py, "-c", "pass"], repeat))
    row("start-up (whole process)", "python -c 'import yaml'", median_process([py, "-c", "import yaml"], repeat))
    for path in (props, yml):
        argv = [py, "-m", "portconfig", "check", str(path)]
        done = subprocess.run(argv, cwd=PROJECT, env=dict(os.environ, PYTHONPATH=str(PROJECT)), capture_output=True)
        if done.returncode != 0:  # timing a crash or a failed check would measure the wrong thing
            raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stdout!r} {done.stderr!r}")
        seconds = median_process(argv, repeat)
        row("start-up (whole process)", f"portconfig check {path.name} (50 lines)", seconds,
            baseline="python -c 'import yaml'")


def bench_size(directory: Path, keys: int, repeat: int, peers: dict, peer_max: int) -> None:
    import yaml
    import jproperties

    from portconfig import lint
    from portconfig.files import parse_bytes

    pairs = generate(keys)
    reps = max(1, repeat if keys <= 10_000 else repeat // 2)
    group = f"{keys:,} keys"
    props = write_properties(directory / f"k{keys}.properties", pairs)
    yml = write_yaml(directory / f"k{keys}.yml", pairs)
    text, data = props.read_text(encoding="latin-1"), props.read_bytes()

    def partition() -> None:
        out = {}
        for line in text.splitlines():
            key, _, value = line.partition("=")
            out[key] = value

    row(group, "str.partition loop (.properties)", median_time(partition, reps * 2))
    row(group, "jproperties load of bytes", median_time(lambda: jproperties.Properties().load(data), max(1, reps // 2)),
        baseline="str.partition loop (.properties)")
    row(group, "portconfig load (.properties)", median_time(lambda: parse_bytes(data, str(props)), reps),
        baseline="str.partition loop (.properties)")
    row(group, "portconfig load+resolve+check (.properties)", median_time(lambda: lint(props, env={}), reps),
        baseline="str.partition loop (.properties)", per_key_us=None)

    ytext, ydata = yml.read_text(encoding="utf-8"), yml.read_bytes()
    row(group, "PyYAML C compose, GC on", median_time(lambda: yaml.compose(ytext, Loader=yaml.CSafeLoader), reps))

    def compose_paused() -> None:
        gc.disable()
        try:
            yaml.compose(ytext, Loader=yaml.CSafeLoader)
        finally:
            gc.enable()

    row(group, "PyYAML C compose, GC paused", median_time(compose_paused, reps))
    row(group, "portconfig load (.yml)", median_time(lambda: parse_bytes(ydata, str(yml)), reps),
        baseline="PyYAML C compose, GC on")
    row(group, "portconfig load+resolve+check (.yml)", median_time(lambda: lint(yml, env={}), reps),
        baseline="PyYAML C compose, GC on")

    if "omegaconf" in peers and keys <= peer_max:
        from omegaconf import OmegaConf

        ofile = omegaconf_yaml(directory / f"k{keys}.omegaconf.yml", pairs)
        otext = ofile.read_text(encoding="utf-8")
        saved = os.environ.get("HOME")

        def omega() -> None:
            config = OmegaConf.create(yaml.load(otext, Loader=yaml.CSafeLoader))
            OmegaConf.to_container(config, resolve=True)

        try:
            row(group, "OmegaConf (CSafeLoader + to_container resolve)",
                median_time(omega, 1 if keys > 10_000 else max(1, reps // 2)),
                baseline="portconfig load+resolve+check (.yml)")
        except Exception as error:  # a peer's failure is a result, not a crash
            row(group, "OmegaConf (CSafeLoader + to_container resolve)", None, note=f"failed: {type(error).__name__}")
        finally:
            if saved is not None:
                os.environ["HOME"] = saved
    if "dotenv" in peers and keys <= min(peer_max, 10_000):  # its interpolation is quadratic: 100k takes minutes
        from dotenv import dotenv_values

        dfile = dotenv_file(directory / f"k{keys}.env", pairs)
        row(group, "python-dotenv (interpolate=True)",
            median_time(lambda: dotenv_values(dfile, interpolate=True), max(1, reps // 2)),
            baseline="portconfig load+resolve+check (.properties)")


def bench_chains(directory: Path, repeat: int, peers: dict) -> None:
    from portconfig import lint

    depth = 10_000
    chain = [(f"k{i}", f"${{k{i - 1}}}" if i else "end") for i in range(depth)]
    for order, pairs in (("forward", chain), ("reverse", chain[::-1])):
        path = write_properties(directory / f"chain-{order}.properties", pairs)
        row("reference chains", f"10,000-deep chain, {order} order, load+resolve+check",
            median_time(lambda: lint(path, env={}), repeat), note="target < 100 ms")
    doubling = [("x0", "a")] + [(f"x{i}", f"${{x{i - 1}}}${{x{i - 1}}}") for i in range(1, 31)]
    path = write_properties(directory / "doubling.properties", doubling)
    problems = lint(path, env={})
    refused = any(problem.rule == "resolution-limit" for problem in problems)
    row("reference chains", "x30 doubling chain refused", median_time(lambda: lint(path, env={}), repeat),
        note=f"target < 50 ms; refused={refused}")
    if "omegaconf" in peers:
        from omegaconf import OmegaConf

        nested = {f"k{i}": (f"${{k{i - 1}}}" if i else "end") for i in range(depth)}
        try:
            start = time.perf_counter()
            OmegaConf.to_container(OmegaConf.create(nested), resolve=True)
            row("reference chains", "OmegaConf, 10,000-deep chain", time.perf_counter() - start)
        except Exception as error:
            row("reference chains", "OmegaConf, 10,000-deep chain", None, note=f"fails: {type(error).__name__}")


def bench_corpus(repeat: int) -> None:
    import yaml
    import jproperties

    from portconfig import lint
    from portconfig.files import parse_bytes

    if not CORPUS.is_dir():
        row("corpus", "corpus", None, note=f"{CORPUS} not found")
        return
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".yml", ".yaml", ".properties"))
    blobs = [(p, p.read_bytes()) for p in files]

    def floor() -> None:
        for path, data in blobs:
            try:
                if path.suffix == ".properties":
                    jproperties.Properties().load(data)
                else:
                    list(yaml.compose_all(data.decode("utf-8", "replace"), Loader=yaml.CSafeLoader))
            except Exception:
                pass

    def load() -> None:
        for path, data in blobs:
            try:
                parse_bytes(data, str(path))
            except Exception:
                pass

    def check() -> None:
        for path, _ in blobs:
            lint(path, env={})

    group = f"corpus ({len(files)} files)"
    row(group, "parse floor (C compose / jproperties load)", median_time(floor, repeat))
    row(group, "portconfig load", median_time(load, repeat), baseline="parse floor (C compose / jproperties load)")
    row(group, "portconfig check (load+resolve+check), one process", median_time(check, repeat),
        baseline="parse floor (C compose / jproperties load)", note="target < 5x parsing")
    if THINGSBOARD.exists():
        text, data = THINGSBOARD.read_text(encoding="utf-8"), THINGSBOARD.read_bytes()
        row("thingsboard.yml", "PyYAML C compose, GC on",
            median_time(lambda: yaml.compose(text, Loader=yaml.CSafeLoader), repeat * 2))
        row("thingsboard.yml", "portconfig load", median_time(lambda: parse_bytes(data, str(THINGSBOARD)), repeat * 2),
            baseline="PyYAML C compose, GC on")
        row("thingsboard.yml", "portconfig load+resolve+check", median_time(lambda: lint(THINGSBOARD, env={}), repeat * 2),
            baseline="PyYAML C compose, GC on")


def bench_memory(directory: Path, keys: int) -> None:
    """Peak of Python allocations (tracemalloc) while checking the largest generated config."""
    import tracemalloc

    from portconfig import lint

    pairs = generate(keys)
    for path in (write_properties(directory / "mem.properties", pairs), write_yaml(directory / "mem.yml", pairs)):
        gc.collect()
        tracemalloc.start()
        lint(path, env={})
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = path.stat().st_size
        row("memory", f"tracemalloc peak, check of {keys:,} keys ({path.suffix})", None,
            note=f"{peak / 2**20:.0f} MiB for a {size / 2**20:.1f} MiB file", peak_bytes=peak, file_bytes=size)


# -- report ------------------------------------------------------------------------------------------


def render() -> str:
    index = {(r["group"], r["name"]): r for r in ROWS}
    lines = ["| workload | measurement | median | ratio | note |", "|---|---|---:|---:|---|"]
    for r in ROWS:
        seconds = r["seconds"]
        shown = "-" if seconds is None else (f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s")
        ratio = ""
        base = index.get((r["group"], r["baseline"])) if r["baseline"] else None
        if base and base["seconds"] and seconds is not None:
            r["ratio"] = seconds / base["seconds"]
            ratio = f"{r['ratio']:.2f}x {r['baseline']}"
        lines.append(f"| {r['group']} | {r['name']} | {shown} | {ratio} | {r['note']} |")
    return "\n".join(lines)


def per_key_linearity() -> str:
    rows = {r["group"]: r for r in ROWS if r["name"].startswith("portconfig load+resolve+check (")}
    out = []
    for suffix in (".properties", ".yml"):
        times = {
            int(r["group"].split()[0].replace(",", "")): r["seconds"]
            for r in ROWS
            if r["name"] == f"portconfig load+resolve+check ({suffix})" and r["seconds"]
        }
        if len(times) >= 2:
            small, large = min(times), max(times)
            ratio = (times[large] / large) / (times[small] / small)
            out.append(f"{suffix}: per-key time at {large:,} keys is {ratio:.2f}x the per-key time at {small:,}")
            ROWS.append({"group": "linearity", "name": suffix, "seconds": None, "baseline": None,
                         "note": out[-1], "ratio": ratio})
    del rows
    return "\n".join(out)


def peer_version(name: str, module: object) -> str:
    """The installed distribution's version (python-dotenv's module has no ``__version__``)."""
    from importlib import metadata

    distribution = {"dotenv": "python-dotenv"}.get(name, name)
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return getattr(module, "__version__", "?")


def write_markdown(path: Path, table: str, linear: str, machine: str, quick: bool, peers: dict) -> None:
    versions = ", ".join(f"{name} {peer_version(name, module)}" for name, module in peers.items()) or "none"
    run = "python tests/benchmarks/run.py" + (" --quick" if quick else "")
    at_start = _site_modules()
    site = sorted(name for name in ("certifi", "pathlib", "re", "typing") if name in at_start)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{run} --markdown tests/benchmarks/RESULTS.md` (see the script's docstring and the README's",
        "Performance section).  Every ratio is against a baseline measured in the same run.",
        "",
        f"Machine: {machine}; peers: {versions}.",
    ]
    if site:
        lines.append(f"This interpreter imports {', '.join(site)} at every start (site-packages `.pth` files), which "
                     "counts in every whole-process figure, baselines included.")
    lines += ["", table, "", "Linearity:", *(f"- {line}" for line in linear.splitlines()), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _site_modules() -> set[str]:
    """What a bare ``python -c pass`` of this interpreter has imported (``.pth`` files can import a lot)."""
    done = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"],
                          capture_output=True, text=True)
    return set(done.stdout.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k keys, fewer repetitions")
    parser.add_argument("--json", default=str(Path(__file__).with_name("results.json")), help="where to write JSON")
    parser.add_argument("--no-install", action="store_true", help="do not pip-install missing peers")
    parser.add_argument("--markdown", metavar="FILE",
                        help="also write the table as Markdown (tests/benchmarks/RESULTS.md is written this way)")
    args = parser.parse_args()
    repeat = 5 if args.quick else 9
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    with tempfile.TemporaryDirectory(prefix="portconfig-bench-") as tmp:
        directory = Path(tmp)
        peers = load_peers(directory, install=not args.no_install)
        bench_startup(directory, 11 if args.quick else 31)
        for keys in sizes:
            bench_size(directory, keys, repeat, peers, peer_max=sizes[-1])
        bench_chains(directory, repeat, peers)
        bench_corpus(3 if args.quick else 5)
        bench_memory(directory, sizes[-1])
    table = render()
    linear = per_key_linearity()
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}"
    print(table)
    print()
    print(linear)
    print(f"\nmachine: {machine}")
    if args.markdown:
        write_markdown(Path(args.markdown), table, linear, machine, args.quick, peers)
    Path(args.json).write_text(
        json.dumps({"machine": machine, "quick": args.quick, "seed": SEED, "rows": ROWS,
                    "peers": {name: peer_version(name, module) for name, module in peers.items()}}, indent=2),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
