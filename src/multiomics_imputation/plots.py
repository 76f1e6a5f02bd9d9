"""Figures: each function takes tidy tables and returns a matplotlib Figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


def plot_training_curves(history: pd.DataFrame, title: str) -> Figure:
    """Train (solid) and validation (dashed) loss against epoch, one colour per model."""
    figure = Figure(figsize=(6, 4), layout="constrained")
    axes = figure.add_subplot()
    for member, rows in history.groupby("model"):
        line, = axes.plot(rows["epoch"], rows["train_loss"], label=f"model {member} train")
        axes.plot(rows["epoch"], rows["validation_loss"], "--", color=line.get_color(), label=f"model {member} validation")
    axes.set(xlabel="epoch", ylabel="MSE (standardised CNV)", title=f"{title}: training curve")
    axes.legend(fontsize="small", ncols=2)
    return figure
