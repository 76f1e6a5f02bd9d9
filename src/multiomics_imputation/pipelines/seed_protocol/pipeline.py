"""seed_protocol: the original study's protocol re-enacted, and its shortcuts removed one at a time.

Kept apart from the benchmark: its own run (`kedro run --pipelines seed_protocol`), its own outputs under
data/08_reporting/seed_protocol/, and nothing of the benchmark's pipelines reads them.
"""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.pipelines.data_processing.nodes import align_cohort

from .nodes import ladder_figure, study_ladder, summarise_ladder


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                align_cohort,
                ["cohort", "params:data_processing"],
                ["mrna", "cnv", "labels", "alignment"],
                name="align_cohort",
            ),
            node(
                study_ladder,
                ["mrna", "cnv", "labels", "alignment", "params:seed_protocol"],
                ["ladder", "classification"],
                name="study_ladder",
            ),
            node(summarise_ladder, "ladder", "ladder_summary", name="summarise_ladder"),
            node(ladder_figure, "ladder_summary", "ladder_figure", name="ladder_figure"),
        ],
        namespace="seed_protocol",
        inputs={"cohort"},
        parameters={"params:data_processing", "params:seed_protocol"},
        tags="seed_protocol",
    )
