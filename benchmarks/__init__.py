"""Benchmarks: one module per gold set; each reads ../shared/data (or --data PATH) and skips cleanly without it."""
