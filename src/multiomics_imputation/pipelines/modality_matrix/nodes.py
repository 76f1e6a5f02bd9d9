"""Every layer of a cohort imputed from every other single layer and from all the others (questions.matrix)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from multiomics_imputation.cohort.modalities import modality
from multiomics_imputation.cohort.reading import Layers
from multiomics_imputation.imputers import read_methods
from multiomics_imputation.questions.matrix import best_per_cell, matrix_scores
from multiomics_imputation.scoring.plots import plot_modality_matrix
from multiomics_imputation.study.design import DesignError


def score_every_question(
    layers: Layers,
    params: dict[str, Any],
    modalities: dict[str, dict[str, Any]],
    methods: dict[str, dict[str, Any]],
    processing: dict[str, Any],
) -> pd.DataFrame:
    """R² of the chosen methods for every target layer from every source set of the cohort."""
    configured = read_methods({name: {**methods[name], "enabled": True} for name in _chosen(params, methods)})
    settings = {**processing, **params}
    traits = {name: modality(name, modalities) for name in layers.tables}
    return matrix_scores(layers.tables, layers.labels, traits, list(configured.values()), settings).assign(
        cohort=layers.name
    )


def _chosen(params: dict[str, Any], methods: dict[str, dict[str, Any]]) -> list[str]:
    unknown = [name for name in params["methods"] if name not in methods]
    if unknown:
        raise DesignError(f"modality_matrix.methods: {unknown} are not in the methods parameters {list(methods)}")
    return list(params["methods"])


def summarise_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """The matrix as a table: per target, source set and pattern, the best method and its R²."""
    return best_per_cell(scores).assign(cohort=scores["cohort"].iloc[0])


def matrix_figure(matrix: pd.DataFrame) -> Figure:
    """The modality matrix, one panel per pattern."""
    return plot_modality_matrix(matrix, matrix["cohort"].iloc[0])
