"""Benchmarks: `make bench`. They run against a throw-away database, never the dev data."""
