"""Project pipelines, built from the scenario grid and method list in the parameters."""

from __future__ import annotations

from kedro.pipeline import Pipeline

from multiomics_imputation.pipelines import (
    autoencoder,
    classification,
    data_processing,
    demo_cohort,
    evaluation,
    impute_cohort,
    imputation,
    missingness,
    reporting,
)
from multiomics_imputation.pipelines.grid import all_methods, project_parameters, scenarios


def register_pipelines() -> dict[str, Pipeline]:
    """`__default__` runs the whole benchmark; `demo_cohort` writes the demo cohort; `impute_cohort` fills a new one."""
    parameters = project_parameters()
    grid = scenarios(parameters["missingness"])
    classical = parameters["imputation"]["methods"]
    methods = all_methods(parameters)
    pipelines = {
        "data_processing": data_processing.create_pipeline(),
        "missingness": missingness.create_pipeline(grid),
        "autoencoder": autoencoder.create_pipeline(parameters["autoencoder"]["models"]),
        "imputation": imputation.create_pipeline(grid, classical, methods),
        "evaluation": evaluation.create_pipeline(grid, methods),
        "classification": classification.create_pipeline(grid, methods),
        "reporting": reporting.create_pipeline(grid, methods, trained=list(parameters["autoencoder"]["models"])),
    }
    pipelines["__default__"] = sum(pipelines.values(), Pipeline([]))
    pipelines["demo_cohort"] = demo_cohort.create_pipeline()
    pipelines["demo_new_cohort"] = demo_cohort.create_new_cohort_pipeline()
    pipelines["impute_cohort"] = impute_cohort.create_pipeline(list(methods))
    return pipelines
