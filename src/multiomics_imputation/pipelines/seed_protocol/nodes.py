"""The original study's protocol and its ladder of shortcuts, as a run of its own (seed_protocol.py)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from multiomics_imputation.pipelines.seed_protocol.protocol import run_ladder
from multiomics_imputation.scoring.plots import plot_seed_ladder

PROTOCOL = "the original study's protocol (shortcuts included), not this project's benchmark"


def study_ladder(
    mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series, summary: dict, params: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ladder's scores and the study's forests, each row marked as the study's protocol on this cohort."""
    ladder, classification = run_ladder(mrna, cnv, labels, params)
    return (
        ladder.assign(cohort=summary["cohort"], protocol=PROTOCOL),
        classification.assign(cohort=summary["cohort"], protocol=PROTOCOL),
    )


def summarise_ladder(ladder: pd.DataFrame) -> pd.DataFrame:
    """R² and correlation per step and method: the mean over the study's scenarios."""
    chosen = ladder[ladder["metric"].isin(["r2", "correlation"])]
    return (
        chosen.groupby(["cohort", "protocol", "step", "ladder", "method", "metric"], sort=False)["value"]
        .mean()
        .reset_index()
    )


def ladder_figure(summary: pd.DataFrame) -> Figure:
    """R² and correlation of each method along the ladder."""
    return plot_seed_ladder(summary, summary["cohort"].iloc[0])
