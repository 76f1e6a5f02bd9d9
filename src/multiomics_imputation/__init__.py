"""Recover missing copy-number (CNV) data from mRNA expression, benchmarked honestly."""

__version__ = "0.1.0"
