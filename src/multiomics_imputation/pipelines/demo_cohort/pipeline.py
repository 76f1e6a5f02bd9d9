"""demo_cohort: writes the synthetic demo cohort into data/01_raw/demo (and a second one to fill)."""

from kedro.pipeline import Pipeline, node

from .nodes import make_demo_cohort, make_new_demo_cohort


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                make_demo_cohort,
                "params:demo_cohort",
                ["demo_mrna", "demo_cnv", "demo_mirna", "demo_methy", "demo_labels", "demo_provenance"],
                name="make_demo_cohort",
            )
        ],
        tags="demo_cohort",
    )


def create_new_cohort_pipeline(**kwargs) -> Pipeline:
    """demo_new_cohort: a second synthetic cohort, CNV missing for part of its samples, in data/01_raw/demo_new."""
    return Pipeline(
        [
            node(
                make_new_demo_cohort,
                "params:demo_cohort",
                ["new_demo_mrna", "new_demo_cnv", "new_demo_labels", "new_demo_cnv_truth", "new_demo_provenance"],
                name="make_new_demo_cohort",
            )
        ],
        tags="demo_cohort",
    )
