"""data_processing: raw cohort -> aligned matrices, split into reference and target per replicate."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.cohort.alignment import align_cohort

from .nodes import describe_data, split_replicates


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                align_cohort,
                ["cohort", "params:data_processing", "params:modalities"],
                ["aligned_mrna", "aligned_cnv", "aligned_labels", "alignment_summary"],
                name="align_cohort",
            ),
            node(
                split_replicates,
                [
                    "aligned_mrna",
                    "aligned_cnv",
                    "aligned_labels",
                    "alignment_summary",
                    "params:data_processing",
                    "params:replicates",
                    "params:classification",
                    "params:methods",
                    "params:modalities",
                ],
                "study_data",
                name="split_replicates",
            ),
            node(
                describe_data,
                ["alignment_summary", "study_data", "params:classification", "params:missingness"],
                "data_report",
                name="describe_data",
            ),
        ],
        tags="data_processing",
    )
