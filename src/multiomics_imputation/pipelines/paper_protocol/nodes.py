"""The original paper's protocol and its ladder of shortcuts (multiomics_imputation.paper), as a run of its own."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from multiomics_imputation.paper.protocol import run_ladder
from multiomics_imputation.scoring.plots import plot_paper_ladder

PROTOCOL = "the original paper's protocol (shortcuts included), not this project's benchmark"


def paper_ladder(
    mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series, summary: dict, params: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ladder's scores and the paper's forests, each row marked as the paper's protocol on this cohort."""
    ladder, classification = run_ladder(mrna, cnv, labels, params)
    return (
        ladder.assign(cohort=summary["cohort"], protocol=PROTOCOL),
        classification.assign(cohort=summary["cohort"], protocol=PROTOCOL),
    )


def summarise_ladder(ladder: pd.DataFrame) -> pd.DataFrame:
    """R² and correlation per step and method: the mean over the paper's scenarios."""
    chosen = ladder[ladder["metric"].isin(["r2", "correlation"])]
    return (
        chosen.groupby(["cohort", "protocol", "step", "ladder", "method", "metric"], sort=False)["value"]
        .mean()
        .reset_index()
    )


def ladder_figure(summary: pd.DataFrame) -> Figure:
    """R² and correlation of each method along the ladder."""
    return plot_paper_ladder(summary, summary["cohort"].iloc[0])
