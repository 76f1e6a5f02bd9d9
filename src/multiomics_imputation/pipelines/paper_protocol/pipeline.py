"""paper_protocol: the original paper's protocol re-enacted, and its shortcuts removed one at a time.

Kept apart from the benchmark: its own run (`kedro run --pipelines paper_protocol`), its own outputs under
data/08_reporting/paper_protocol/, and nothing of the benchmark's pipelines reads them.
"""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.cohort.alignment import align_cohort

from .nodes import ladder_figure, paper_ladder, summarise_ladder


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
                paper_ladder,
                ["mrna", "cnv", "labels", "alignment", "params:paper_protocol"],
                ["ladder", "classification"],
                name="paper_ladder",
            ),
            node(summarise_ladder, "ladder", "ladder_summary", name="summarise_ladder"),
            node(ladder_figure, "ladder_summary", "ladder_figure", name="ladder_figure"),
        ],
        namespace="paper_protocol",
        inputs={"cohort"},
        parameters={"params:data_processing", "params:paper_protocol"},
        tags="paper_protocol",
    )
