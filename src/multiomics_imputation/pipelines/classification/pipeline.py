"""classification: Random Forest cancer-type prediction from original vs imputed CNV."""

from typing import Any

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.pipelines.wiring import bind
from multiomics_imputation.study.design import Scenario
from multiomics_imputation.study.views import large_cohort_scenarios

from .nodes import (
    classify_controls,
    classify_draws,
    classify_imputed,
    classify_references,
    fit_cnv_classifiers,
    pool_classification,
    score_classification,
)


def create_pipeline(
    scenarios: list[Scenario], methods: list[MethodConfig], classification: dict[str, Any], draws: int = 0, **kwargs
) -> Pipeline:
    """Methods that read the labels are left out: they would classify with the answer. The scenarios the paper's
    view covers in a large target cohort come from `classification.large_cohort`. With `draws`, both views also
    run on every draw of the methods with a predictive distribution, pooled by Rubin's rules
    (`classification_pooled`)."""
    covered = {
        s.name for s in large_cohort_scenarios(scenarios, classification["large_cohort"]["train_imputed_scenarios"])
    }
    nodes = [
        node(
            fit_cnv_classifiers, ["study_data", "params:classification"], "cnv_classifiers", name="fit_cnv_classifiers"
        ),
        node(
            classify_references,
            ["study_data", "cnv_classifiers", "params:classification"],
            "reference_predictions",
            name="classify_references",
        ),
    ]
    tables, pooled = [], []
    for s in scenarios:
        table = f"{s.name}.control_predictions"
        nodes.append(
            node(
                bind(classify_controls, scenario=s, covered_at_size=s.name in covered),
                ["study_data", f"{s.name}.mask", "cnv_classifiers", "params:classification"],
                table,
                name="classify_controls",
                namespace=s.name,
            )
        )
        tables.append(table)
        for method in methods:
            if method.uses_labels:
                continue
            table = f"{s.name}.{method.name}.predictions"
            shared = ["study_data", f"{s.name}.mask", "cnv_classifiers", "params:classification"]
            nodes.append(
                node(
                    bind(classify_imputed, scenario=s, method=method.name, covered_at_size=s.name in covered),
                    [f"{s.name}.{method.name}.imputed_cnv", *shared],
                    table,
                    name="classify_imputed",
                    namespace=f"{s.name}.{method.name}",
                )
            )
            tables.append(table)
            if draws and method.has_uncertainty:
                drawn = f"{s.name}.{method.name}.draw_predictions"
                nodes.append(
                    node(
                        bind(classify_draws, scenario=s, method=method.name, covered_at_size=s.name in covered),
                        [f"{s.name}.{method.name}.imputed_draws", *shared],
                        drawn,
                        name="classify_draws",
                        namespace=f"{s.name}.{method.name}",
                    )
                )
                pooled += [table, drawn]
    if pooled:
        nodes.append(
            node(
                pool_classification,
                ["params:multiple_imputation", *pooled],
                "classification_pooled",
                name="pool_classification",
            )
        )
    nodes.append(
        node(score_classification, ["reference_predictions", *tables], "classification", name="score_classification")
    )
    return Pipeline(nodes, tags="classification")
