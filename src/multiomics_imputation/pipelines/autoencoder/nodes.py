"""Training histories of the neural imputers."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from multiomics_imputation.imputers.autoencoder import AutoencoderImputer
from multiomics_imputation.plots import plot_training_curves


def training_history(imputer: AutoencoderImputer) -> pd.DataFrame:
    """Train and validation loss per model and epoch."""
    return imputer.training_history


def training_curve_figure(history: pd.DataFrame, method: str) -> Figure:
    """Train and validation loss against epoch, one line per ensemble member."""
    return plot_training_curves(history, method)
