"""Score imputations on masked entries only."""

from __future__ import annotations

import pandas as pd

from multiomics_imputation.metrics import call_f1, interval_scores, is_integer_valued, masked_scores

METRIC_COLUMNS = ["scenario", "pattern", "rate", "seed", "method", "metric", "value"]


def evaluate_imputation(
    target_cnv: pd.DataFrame,
    mask: pd.DataFrame,
    imputed: pd.DataFrame,
    cnv_scaler: pd.DataFrame,
    scenario: str,
    pattern: str,
    rate: float,
    method: str,
    spread: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tidy metrics of one scenario x method, per seed, over masked entries only."""
    truth = target_cnv.to_numpy()
    truth_units = truth * cnv_scaler["std"].to_numpy() + cnv_scaler["mean"].to_numpy()
    integer_cnv = is_integer_valued(truth_units)
    rows = []
    for seed, seed_mask in mask.groupby(level="seed", sort=False):
        hidden = seed_mask.to_numpy()
        predicted = imputed.xs(seed, level="seed").loc[target_cnv.index, target_cnv.columns].to_numpy()
        scores = masked_scores(truth, predicted, hidden)
        if integer_cnv:
            predicted_units = predicted * cnv_scaler["std"].to_numpy() + cnv_scaler["mean"].to_numpy()
            scores["call_f1"] = call_f1(truth_units, predicted_units, hidden)
        if spread is not None:
            scores |= interval_scores(truth, predicted, spread.xs(seed, level="seed").to_numpy(), hidden)
        rows += [(scenario, pattern, rate, seed, method, metric, value) for metric, value in scores.items()]
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def collect_metrics(*tables: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All scenarios' metrics in one tidy table (versioned, and the latest copy as CSV)."""
    metrics = pd.concat(tables, ignore_index=True)
    return metrics, metrics
