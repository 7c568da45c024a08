"""pytest configuration shared by the test suite."""

# The benchmarks measure speed and are run by hand (python tests/benchmarks/run.py), never collected.
collect_ignore_glob = ["benchmarks/*"]
