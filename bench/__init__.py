"""Benchmarks and the synthetic-data generator. Never imported by the app."""
