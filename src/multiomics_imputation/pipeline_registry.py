"""Project pipelines, built from the study design of the run's parameters
(:func:`multiomics_imputation.run_parameters.project_parameters`: the run's own while Kedro registers its
pipelines, the project's configuration otherwise)."""

from __future__ import annotations

from kedro.pipeline import Pipeline

from multiomics_imputation.framework.hooks import RENAMED_PIPELINES
from multiomics_imputation.imputers import read_methods
from multiomics_imputation.pipelines import (
    classification,
    data_processing,
    demo_cohort,
    evaluation,
    imputation,
    impute_cohort,
    missingness,
    paper_protocol,
    reporting,
    training,
)
from multiomics_imputation.pipelines.classification.nodes import check_classification_settings
from multiomics_imputation.pipelines.impute_cohort.nodes import check_impute_cohort_settings
from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.study.design import check_processing_and_missingness_settings, scenarios


def register_pipelines() -> dict[str, Pipeline]:
    """`__default__` runs the whole benchmark; `demo_cohort` writes the demo cohort; `impute_cohort` fills a new one;
    `paper_protocol` re-enacts the original paper's protocol, apart from the benchmark (`seed_protocol`: its
    old name, still registered)."""
    parameters = project_parameters()
    grid = scenarios(parameters["missingness"])
    methods = list(read_methods(parameters["methods"]).values())
    check_processing_and_missingness_settings(parameters)
    check_classification_settings(parameters.get("classification") or {}, grid)
    check_impute_cohort_settings(parameters.get("impute_cohort") or {}, [m.name for m in methods])
    registered = {
        "data_processing": data_processing.create_pipeline(),
        "missingness": missingness.create_pipeline(grid),
        "training": training.create_pipeline([m for m in methods if m.trained]),
        "imputation": imputation.create_pipeline(grid, methods),
        "evaluation": evaluation.create_pipeline(grid, methods),
        "classification": classification.create_pipeline(grid, methods, parameters["classification"]),
        "reporting": reporting.create_pipeline(grid, methods),
    }
    registered["__default__"] = sum(registered.values(), Pipeline([]))
    registered["demo_cohort"] = demo_cohort.create_pipeline()
    registered["demo_new_cohort"] = demo_cohort.create_new_cohort_pipeline()
    registered["impute_cohort"] = impute_cohort.create_pipeline(methods)
    registered["paper_protocol"] = paper_protocol.create_pipeline()
    registered |= {old: registered[new] for old, new in RENAMED_PIPELINES.items()}
    return registered
