"""The search benchmark: `make bench-search` runs `python -m bench.search.run`."""
