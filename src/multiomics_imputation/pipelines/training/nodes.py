"""Training histories of the networks."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from multiomics_imputation.imputers.fitting import FittedModel
from multiomics_imputation.scoring.plots import plot_training_curves
from multiomics_imputation.study.design import REPLICATE


def training_history(fitted: dict[int, FittedModel]) -> pd.DataFrame:
    """Train and validation loss per replicate, ensemble member and epoch."""
    return (
        pd.concat({r: model.imputer.training_history for r, model in fitted.items()}, names=[REPLICATE, "row"])
        .reset_index(REPLICATE)
        .reset_index(drop=True)
    )


def training_curve_figure(history: pd.DataFrame, method: str) -> Figure:
    """Train and validation loss against epoch, one line per ensemble member (first replicate)."""
    return plot_training_curves(history[history[REPLICATE] == history[REPLICATE].min()], method)
