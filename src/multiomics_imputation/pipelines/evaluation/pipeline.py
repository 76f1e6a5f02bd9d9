"""evaluation: metrics on masked entries for every scenario x method, then one tidy table."""

from typing import Any

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import load_imputer_class
from multiomics_imputation.pipelines.grid import Scenario, bind

from .nodes import collect_metrics, evaluate_imputation


def create_pipeline(scenarios: list[Scenario], methods: dict[str, dict[str, Any]], **kwargs) -> Pipeline:
    nodes, tables = [], []
    for s in scenarios:
        for method, config in methods.items():
            inputs = {
                "target_cnv": "target_cnv",
                "mask": f"{s.name}.mask",
                "imputed": f"{s.name}.{method}.imputed_cnv",
                "cnv_scaler": "cnv_scaler",
            }
            if load_imputer_class(config["class"]).has_spread:
                inputs["spread"] = f"{s.name}.{method}.imputed_spread"
            table = f"{s.name}.{method}.metrics"
            func = bind(evaluate_imputation, scenario=s.name, pattern=s.pattern, rate=s.rate, method=method)
            nodes.append(node(func, inputs, table, name=f"evaluate_{method}", namespace=s.name))
            tables.append(table)
    nodes.append(node(collect_metrics, tables, ["metrics", "metrics_csv"], name="collect_metrics"))
    return Pipeline(nodes, tags="evaluation")
