"""Benchmarks of sphinx-policy: `nox -s bench` runs them and writes docs/benchmarks.md."""
