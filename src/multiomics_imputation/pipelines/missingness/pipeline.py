"""missingness: one mask per scenario (pattern x rate) and replicate over the target CNV."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.pipelines.wiring import bind
from multiomics_imputation.study.design import Scenario

from .nodes import simulate_masks


def create_pipeline(scenarios: list[Scenario], **kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                bind(simulate_masks, scenario=s),
                ["study_data", "params:missingness"],
                [f"{s.name}.mask", f"{s.name}.masked_cnv"],
                name="simulate_masks",
                namespace=s.name,
            )
            for s in scenarios
        ],
        tags="missingness",
    )
