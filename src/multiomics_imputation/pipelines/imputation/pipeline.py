"""imputation: fit each classical method per replicate; impute every scenario x method."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.pipelines.wiring import fit_nodes
from multiomics_imputation.study.design import Scenario

from .nodes import draw_scenario, impute_scenario, imputed_only


def create_pipeline(scenarios: list[Scenario], methods: list[MethodConfig], draws: int = 0, **kwargs) -> Pipeline:
    """With `draws`, every method with a predictive distribution also draws completed matrices
    (`<scenario>.<method>.imputed_draws`)."""
    nodes = fit_nodes([m for m in methods if not m.trained], tags="fit")
    for s in scenarios:
        for method in methods:
            inputs = [f"fitted_{method.name}", "study_data", f"{s.name}.masked_cnv"]
            imputed = f"{s.name}.{method.name}.imputed_cnv"
            if method.has_uncertainty:
                func, outputs = impute_scenario, [imputed, f"{s.name}.{method.name}.uncertainty"]
            else:
                func, outputs = imputed_only, imputed
            nodes.append(node(func, inputs, outputs, name=func.__name__, namespace=f"{s.name}.{method.name}"))
            if draws and method.has_uncertainty:
                nodes.append(
                    node(
                        draw_scenario,
                        [*inputs, "params:multiple_imputation"],
                        f"{s.name}.{method.name}.imputed_draws",
                        name="draw_scenario",
                        namespace=f"{s.name}.{method.name}",
                    )
                )
    return Pipeline(nodes, tags="imputation")
