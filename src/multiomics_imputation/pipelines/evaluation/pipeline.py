"""evaluation: metrics on masked entries for every scenario x method, then one tidy table."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.pipelines.wiring import bind
from multiomics_imputation.study.design import Scenario

from .nodes import collect_metrics, evaluate_draws, evaluate_imputation


def create_pipeline(scenarios: list[Scenario], methods: list[MethodConfig], draws: int = 0, **kwargs) -> Pipeline:
    """With `draws`, the draws of every method with a predictive distribution are scored too (`...draw_metrics`)."""
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
            if draws and method.has_uncertainty:
                table = f"{s.name}.{method.name}.draw_metrics"
                nodes.append(
                    node(
                        bind(evaluate_draws, scenario=s, method=method.name, joint=method.joint_draws),
                        [
                            "study_data",
                            f"{s.name}.mask",
                            f"{s.name}.{method.name}.imputed_draws",
                            f"{s.name}.{method.name}.imputed_cnv",
                            f"{s.name}.{method.name}.uncertainty",
                            "params:multiple_imputation",
                        ],
                        table,
                        name="evaluate_draws",
                        namespace=f"{s.name}.{method.name}",
                    )
                )
                tables.append(table)
    nodes.append(node(collect_metrics, tables, "metrics", name="collect_metrics"))
    return Pipeline(nodes, tags="evaluation")
