"""demo_cohort: writes the synthetic demo cohort into data/01_raw/demo."""

from kedro.pipeline import Pipeline, node

from .nodes import make_demo_cohort


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                make_demo_cohort,
                "params:demo_cohort",
                ["demo_mrna", "demo_cnv", "demo_labels", "demo_provenance"],
                name="make_demo_cohort",
            )
        ],
        tags="demo_cohort",
    )
