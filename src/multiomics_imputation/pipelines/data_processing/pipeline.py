"""data_processing: raw cohort -> aligned, split, standardised matrices."""

from kedro.pipeline import Pipeline, node

from .nodes import align_cohort, describe_data, fit_scaler, scale_filled, scale_keeping_missing, split_samples


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                align_cohort,
                ["cohort", "params:data_processing"],
                ["aligned_mrna", "aligned_cnv", "aligned_labels", "alignment_summary"],
                name="align_cohort",
            ),
            node(
                split_samples,
                ["aligned_mrna", "aligned_cnv", "aligned_labels", "params:data_processing"],
                [
                    "reference_mrna_raw", "reference_cnv_raw", "reference_labels",
                    "target_mrna_raw", "target_cnv_raw", "target_labels",
                ],
                name="split_reference_target",
            ),
            node(fit_scaler, "reference_mrna_raw", "mrna_scaler", name="fit_mrna_scaler"),
            node(fit_scaler, "reference_cnv_raw", "cnv_scaler", name="fit_cnv_scaler"),
            node(scale_filled, ["reference_mrna_raw", "mrna_scaler"], "reference_mrna", name="scale_reference_mrna"),
            node(scale_filled, ["reference_cnv_raw", "cnv_scaler"], "reference_cnv", name="scale_reference_cnv"),
            node(scale_filled, ["target_mrna_raw", "mrna_scaler"], "target_mrna", name="scale_target_mrna"),
            node(scale_keeping_missing, ["target_cnv_raw", "cnv_scaler"], "target_cnv", name="scale_target_cnv"),
            node(
                describe_data,
                ["alignment_summary", "reference_labels", "target_labels", "mrna_scaler", "cnv_scaler", "reference_cnv_raw"],
                "data_report",
                name="describe_data",
            ),
        ],
        tags="data_processing",
    )
