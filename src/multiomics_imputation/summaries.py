"""Benchmark summaries over seeds: means, 95% intervals and paired tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def summarise(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Mean, 95% t-interval and number of seeds of `value` per group of `keys`."""

    def interval(values: pd.Series) -> pd.Series:
        n, mean = values.count(), values.mean()
        half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n) if n > 1 else np.nan
        return pd.Series({"mean": mean, "ci_low": mean - half, "ci_high": mean + half, "n_seeds": n})

    return table.groupby(keys, sort=False)["value"].apply(interval).unstack().reset_index()


def paired_tests(metrics: pd.DataFrame, metric: str = "r2") -> pd.DataFrame:
    """Per scenario: the best method by mean `metric`, and a paired t-test (over seeds) against each other one."""
    rows = []
    for scenario, block in metrics[metrics["metric"] == metric].groupby("scenario", sort=False):
        by_seed = block.pivot_table(index="seed", columns="method", values="value")
        best = by_seed.mean().idxmax()
        for method in by_seed.columns.drop(best):
            pair = by_seed[[best, method]].dropna()
            p_value = stats.ttest_rel(pair[best], pair[method]).pvalue if len(pair) > 1 else np.nan
            rows.append({"scenario": scenario, "metric": metric, "best": best, "method": method,
                         "difference": float((pair[best] - pair[method]).mean()), "n_seeds": len(pair),
                         "p_value": float(p_value)})
    return pd.DataFrame(rows)
