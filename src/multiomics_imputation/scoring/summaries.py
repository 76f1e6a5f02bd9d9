"""Benchmark summaries over replicates: means, 95% intervals and paired tests (Holm-corrected)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from multiomics_imputation.study.design import REPLICATE


def summarise(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Mean, 95% t-interval over replicates and their number, of `value` per group of `keys`."""

    def interval(values: pd.Series) -> pd.Series:
        values = values.dropna()
        n, mean = values.count(), values.mean()
        half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan
        return pd.Series({"mean": mean, "ci_low": mean - half, "ci_high": mean + half, "n_replicates": n})

    return table.groupby(keys, sort=False, dropna=False)["value"].apply(interval).unstack().reset_index()


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment for multiple comparisons (NaN p-values left out and kept NaN)."""
    p = np.asarray(p_values, dtype=float)
    adjusted = np.full(p.shape, np.nan)
    finite = np.flatnonzero(np.isfinite(p))
    order = finite[np.argsort(p[finite], kind="stable")]
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (len(order) - rank) * p[i])
        adjusted[i] = min(1.0, running)
    return adjusted


def paired_tests(metrics: pd.DataFrame, metric: str = "r2") -> pd.DataFrame:
    """Per scenario: the best method by mean `metric`, and a paired t-test over replicates against each
    other one; p-values raw and Holm-adjusted over every test of the table."""
    rows = []
    for scenario, block in metrics[metrics["metric"] == metric].groupby("scenario", sort=False):
        by_replicate = block.pivot_table(index=REPLICATE, columns="method", values="value")
        best = by_replicate.mean().idxmax()
        for method in by_replicate.columns.drop(best):
            pair = by_replicate[[best, method]].dropna()
            p_value = stats.ttest_rel(pair[best], pair[method]).pvalue if len(pair) > 1 else np.nan
            rows.append(
                {
                    "scenario": scenario,
                    "metric": metric,
                    "best": best,
                    "method": method,
                    "difference": float((pair[best] - pair[method]).mean()),
                    "n_replicates": len(pair),
                    "p_value": float(p_value),
                }
            )
    table = pd.DataFrame(
        rows, columns=["scenario", "metric", "best", "method", "difference", "n_replicates", "p_value"]
    )
    table["p_holm"] = holm(table["p_value"].to_numpy())
    return table


def pooled_widening(pooled: pd.DataFrame, by: str = "scenario") -> pd.DataFrame:
    """Accuracy on all tested target samples per view, method and `by` (scenario, or pattern: means over its rates)
    from a pooled classification table (means over replicates): the single imputation's estimate ± half-width of its
    95% interval, the pooled one, how many times wider the pooled interval is, and the fraction of missing
    information."""
    rows = pooled[(pooled["metric"] == "accuracy") & (pooled["subset"] == "all")]
    rows = rows.assign(half=(rows["ci_high"] - rows["ci_low"]) / 2)
    table = rows.pivot_table(
        index=["view", "method", by], columns="imputation", values=["estimate", "half", "fmi"], sort=False
    )

    def cell(kind: str) -> pd.Series:
        return table["estimate"][kind].map("{:.3f}".format) + " ± " + table["half"][kind].map("{:.3f}".format)

    return pd.DataFrame(
        {
            "single imputation": cell("single"),
            "pooled over the draws": cell("multiple"),
            "wider by": (table["half"]["multiple"] / table["half"]["single"]).map("{:.2f}x".format),
            "fmi": table["fmi"]["multiple"].round(3),
        }
    )
