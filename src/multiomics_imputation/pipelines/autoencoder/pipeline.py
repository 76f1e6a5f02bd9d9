"""autoencoder: train the neural imputers once on the reference cohort."""

from typing import Any

from kedro.pipeline import Pipeline, node

from multiomics_imputation.pipelines.grid import bind
from multiomics_imputation.pipelines.imputation.pipeline import fit_nodes

from .nodes import training_curve_figure, training_history


def create_pipeline(models: dict[str, dict[str, Any]], **kwargs) -> Pipeline:
    nodes = fit_nodes(models, "autoencoder.models", tags="train")
    for method in models:
        nodes += [
            node(training_history, f"{method}.fitted_imputer", f"{method}.training_history",
                 name="training_history", namespace=method),
            node(bind(training_curve_figure, method=method), f"{method}.training_history",
                 f"{method}.training_curve_figure", name="plot_training_curve", namespace=method),
        ]
    return Pipeline(nodes, tags="autoencoder")
