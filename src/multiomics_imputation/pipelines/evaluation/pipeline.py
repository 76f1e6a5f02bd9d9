"""evaluation: metrics on masked entries for every scenario x method, then one tidy table."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.pipelines.wiring import bind
from multiomics_imputation.study.design import Scenario

from .nodes import collect_metrics, evaluate_imputation


def create_pipeline(scenarios: list[Scenario], methods: list[MethodConfig], **kwargs) -> Pipeline:
    nodes, tables = [], []
    for s in scenarios:
        for method in methods:
            inputs = {"data": "study_data", "mask": f"{s.name}.mask", "imputed": f"{s.name}.{method.name}.imputed_cnv"}
            if method.has_uncertainty:
                inputs["uncertainty"] = f"{s.name}.{method.name}.uncertainty"
            table = f"{s.name}.{method.name}.metrics"
            nodes.append(
                node(
                    bind(evaluate_imputation, scenario=s, method=method.name),
                    inputs,
                    table,
                    name="evaluate_imputation",
                    namespace=f"{s.name}.{method.name}",
                )
            )
            tables.append(table)
    nodes.append(node(collect_metrics, tables, "metrics", name="collect_metrics"))
    return Pipeline(nodes, tags="evaluation")
