"""impute_cohort: a trained imputer + a user's mRNA (+ partial CNV) -> completed CNV + uncertainty."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig

from .nodes import (
    choose_models,
    draw_new_cohort,
    draws_to_original_layout,
    impute_new_cohort,
    prepare_new_cohort,
    to_original_layout,
)


def create_pipeline(methods: list[MethodConfig], draws: int = 0, **kwargs) -> Pipeline:
    """With `draws`, also that many completed cohorts drawn from the chosen models' predictive distributions (one long
    table with a `draw` column), with the draws' mean and per-value interval."""
    drawing = [
        node(
            draw_new_cohort,
            ["chosen_models", "new_cohort_mrna", "new_cohort_cnv", "new_cohort", "params:impute_cohort"],
            "new_cohort_draws",
            name="draw_new_cohort",
        ),
        node(
            draws_to_original_layout,
            ["new_cohort_draws", "new_cohort", "chosen_models"],
            ["cohort_cnv_draws", "cohort_cnv_draws_mean", "cohort_cnv_draws_low", "cohort_cnv_draws_high"],
            name="draws_to_original_layout",
        ),
    ]
    return Pipeline(
        [
            node(
                choose_models,
                {
                    "metrics": "metrics",
                    "params": "params:impute_cohort",
                    **{m.name: f"fitted_{m.name}" for m in methods},
                },
                "chosen_models",
                name="choose_models",
            ),
            node(
                prepare_new_cohort,
                ["new_cohort", "chosen_models", "params:impute_cohort"],
                ["new_cohort_mrna", "new_cohort_cnv", "new_cohort_preparation"],
                name="prepare_new_cohort",
            ),
            node(
                impute_new_cohort,
                ["chosen_models", "new_cohort_mrna", "new_cohort_cnv", "new_cohort"],
                ["new_cohort_imputed", "new_cohort_uncertainty", "new_cohort_kinds"],
                name="impute_new_cohort",
            ),
            node(
                to_original_layout,
                [
                    "new_cohort_imputed",
                    "new_cohort_uncertainty",
                    "new_cohort",
                    "chosen_models",
                    "new_cohort_kinds",
                    "new_cohort_preparation",
                ],
                ["cohort_cnv_imputed", "cohort_cnv_uncertainty", "cohort_cnv_imputed_flags", "impute_cohort_report"],
                name="to_original_layout",
            ),
            *(drawing if draws else []),
        ],
        tags="impute_cohort",
    )
