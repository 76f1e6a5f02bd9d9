"""Standardisation with a reference cohort's per-gene mean and standard deviation. No Kedro here.

A scaler is a table indexed by gene with columns ``mean`` and ``std``.
"""

from __future__ import annotations

import pandas as pd


def fit_scaler(reference: pd.DataFrame) -> pd.DataFrame:
    """Per-gene mean and standard deviation of the reference cohort; constant genes left out."""
    stats = pd.DataFrame({"mean": reference.mean(), "std": reference.std(ddof=0)})
    return stats[stats["std"] > 1e-12 * (1 + stats["mean"].abs())]


def scale(table: pd.DataFrame, scaler: pd.DataFrame) -> pd.DataFrame:
    """The scaler's genes, standardised; missing values stay missing."""
    return (table[scaler.index] - scaler["mean"]) / scaler["std"]


def unscale(table: pd.DataFrame, scaler: pd.DataFrame) -> pd.DataFrame:
    """Back to original units (`table`'s columns are the scaler's genes)."""
    return table * scaler["std"] + scaler["mean"]
