"""missingness: one mask per scenario (pattern x rate, for every seed) over the target CNV."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.pipelines.grid import Scenario, bind

from .nodes import simulate_masks


def create_pipeline(scenarios: list[Scenario], **kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                bind(simulate_masks, scenario=s.name, pattern=s.pattern, rate=s.rate),
                ["target_cnv", "params:missingness"],
                [f"{s.name}.mask", f"{s.name}.masked_cnv"],
                name="simulate_masks",
                namespace=s.name,
            )
            for s in scenarios
        ],
        tags="missingness",
    )
