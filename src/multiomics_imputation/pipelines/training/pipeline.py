"""training: train the networks on each replicate's reference cohort (one log line per epoch)."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.pipelines.wiring import bind, fit_nodes

from .nodes import training_curve_figure, training_history


def create_pipeline(networks: list[MethodConfig], **kwargs) -> Pipeline:
    nodes = fit_nodes(networks, tags="train")
    for method in networks:
        if method.has_history:
            nodes += [
                node(
                    training_history,
                    f"fitted_{method.name}",
                    f"{method.name}.training_history",
                    name="training_history",
                    namespace=method.name,
                ),
                node(
                    bind(training_curve_figure, method=method.name),
                    f"{method.name}.training_history",
                    f"{method.name}.training_curve_figure",
                    name="training_curve_figure",
                    namespace=method.name,
                ),
            ]
    return Pipeline(nodes, tags="training")
