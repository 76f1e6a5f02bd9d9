"""imputation: fit each classical method on the reference; impute every scenario x method."""

from typing import Any

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import load_imputer_class
from multiomics_imputation.pipelines.grid import Scenario

from .nodes import fit_imputer, impute_masked, impute_masked_with_spread


def fit_nodes(methods: dict[str, dict[str, Any]], config_key: str, tags: str) -> list:
    """One `fit_imputer` node per method, writing `<method>.fitted_imputer`."""
    return [
        node(
            fit_imputer,
            ["reference_mrna", "reference_cnv", "reference_labels", f"params:{config_key}.{method}"],
            f"{method}.fitted_imputer",
            name="fit_imputer",
            namespace=method,
            tags=tags,
        )
        for method in methods
    ]


def create_pipeline(
    scenarios: list[Scenario], classical: dict[str, dict[str, Any]], methods: dict[str, dict[str, Any]], **kwargs
) -> Pipeline:
    nodes = fit_nodes(classical, "imputation.methods", tags="fit")
    for s in scenarios:
        for method, config in methods.items():
            inputs = [f"{method}.fitted_imputer", "target_mrna", f"{s.name}.masked_cnv", "target_labels"]
            imputed = f"{s.name}.{method}.imputed_cnv"
            if load_imputer_class(config["class"]).has_spread:
                func, outputs = impute_masked_with_spread, [imputed, f"{s.name}.{method}.imputed_spread"]
            else:
                func, outputs = impute_masked, imputed
            nodes.append(node(func, inputs, outputs, name=f"impute_{method}", namespace=s.name))
    return Pipeline(nodes, tags="imputation")
