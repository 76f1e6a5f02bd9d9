"""Project pipelines, built from the scenario grid and method list in the parameters."""

from __future__ import annotations

from kedro.pipeline import Pipeline

from multiomics_imputation.pipelines import (
    autoencoder,
    data_processing,
    demo_cohort,
    evaluation,
    imputation,
    missingness,
)
from multiomics_imputation.pipelines.grid import all_methods, project_parameters, scenarios


def register_pipelines() -> dict[str, Pipeline]:
    """`__default__` runs the whole benchmark; `demo_cohort` writes the demo cohort."""
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
    }
    pipelines["__default__"] = sum(pipelines.values(), Pipeline([]))
    pipelines["demo_cohort"] = demo_cohort.create_pipeline()
    return pipelines
