"""classification: Random Forest cancer-type prediction from original vs imputed CNV."""

from typing import Any

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import load_imputer_class
from multiomics_imputation.pipelines.grid import Scenario, bind

from .nodes import classify_imputed, classify_reference, collect_classification, fit_cnv_classifier


def create_pipeline(scenarios: list[Scenario], methods: dict[str, dict[str, Any]], **kwargs) -> Pipeline:
    label_free = [m for m, config in methods.items() if not load_imputer_class(config["class"]).uses_labels]
    nodes = [
        node(fit_cnv_classifier, ["reference_cnv", "reference_labels", "params:classification"], "cnv_classifier",
             name="fit_cnv_classifier"),
        node(
            classify_reference,
            ["reference_mrna", "reference_cnv", "reference_labels", "target_mrna", "target_cnv", "target_labels",
             "cnv_classifier", "params:classification", "params:missingness.seeds"],
            "reference_classification",
            name="classify_reference",
        ),
    ]
    tables = ["reference_classification"]
    for s in scenarios:
        for method in label_free:
            table = f"{s.name}.{method}.classification"
            nodes.append(
                node(
                    bind(classify_imputed, scenario=s.name, method=method),
                    [f"{s.name}.{method}.imputed_cnv", "target_labels", "cnv_classifier", "params:classification"],
                    table,
                    name=f"classify_{method}",
                    namespace=s.name,
                )
            )
            tables.append(table)
    nodes.append(node(collect_classification, tables, ["classification", "classification_csv"],
                      name="collect_classification"))
    return Pipeline(nodes, tags="classification")
