"""Kedro pipelines; each subpackage has nodes.py (small pure functions) and pipeline.py (wiring)."""
