"""pytest configuration shared by the test suite."""

# The benchmarks measure speed and are run by hand (python tests/benchmarks/run.py), never collected.
# The atheris harness (tests/fuzz/) runs by hand for long fuzzing sessions; see its docstring.
collect_ignore_glob = ["benchmarks/*", "fuzz/*"]
