"""impute_cohort: a trained imputer + a user's mRNA (+ partial CNV) -> completed CNV + uncertainty."""

from kedro.pipeline import Pipeline, node

from .nodes import choose_imputer, impute_new_cohort, prepare_new_cohort, to_original_layout


def create_pipeline(methods: list[str], **kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                choose_imputer,
                {"metrics": "metrics", "params": "params:impute_cohort", **{m: f"{m}.fitted_imputer" for m in methods}},
                ["chosen_imputer", "chosen_method"],
                name="choose_imputer",
            ),
            node(
                prepare_new_cohort,
                ["new_cohort", "mrna_scaler", "cnv_scaler", "params:impute_cohort"],
                ["new_cohort_mrna", "new_cohort_cnv", "new_cohort_preparation"],
                name="prepare_new_cohort",
            ),
            node(
                impute_new_cohort,
                ["chosen_imputer", "new_cohort_mrna", "new_cohort_cnv", "new_cohort"],
                ["new_cohort_imputed", "new_cohort_spread"],
                name="impute_new_cohort",
            ),
            node(
                to_original_layout,
                ["new_cohort_imputed", "new_cohort_spread", "new_cohort", "cnv_scaler", "new_cohort_preparation",
                 "chosen_method"],
                ["cohort_cnv_imputed", "cohort_cnv_uncertainty", "cohort_cnv_imputed_flags",
                 "latest_cohort_cnv_imputed", "latest_cohort_cnv_uncertainty", "latest_cohort_cnv_imputed_flags",
                 "impute_cohort_report"],
                name="write_completed_cnv",
            ),
        ],
        tags="impute_cohort",
    )
