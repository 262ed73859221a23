"""`make bench`: the project's benchmark. See docs/benchmarks.md."""
