"""Project pipelines, built from the study design of the run's parameters.

The scenarios and methods decide which nodes exist, so the pipelines are built from the
parameters of the run itself: a hook (:mod:`multiomics_imputation.framework.hooks`) hands them over
once Kedro has read `--env` and `--params`, and the pipelines are registered again.
Outside a run (e.g. in a test that imports this module) the project's `conf/base` and
`conf/local` are read.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from kedro.framework.context import KedroContext
from kedro.framework.hooks import hook_impl
from kedro.framework.project import pipelines, settings
from kedro.pipeline import Pipeline
from kedro.utils import find_kedro_project

from multiomics_imputation.cohort.reading import check_plain_name
from multiomics_imputation.framework.configuration import ConfigLoader
from multiomics_imputation.imputers import describe_methods
from multiomics_imputation.pipelines import (
    classification,
    data_processing,
    demo_cohort,
    evaluation,
    imputation,
    impute_cohort,
    missingness,
    reporting,
    seed_protocol,
    training,
)
from multiomics_imputation.pipelines.classification.nodes import check_settings as check_classification
from multiomics_imputation.pipelines.impute_cohort.nodes import check_settings as check_impute_cohort
from multiomics_imputation.study.design import check_settings, scenarios

NAME_PARAMETERS = ("cohort_name", "new_cohort_name")  # parameters that become parts of file paths

_run_parameters: dict[str, Any] | None = None  # the parameters of the Kedro context created last (RunDesignHooks)


class RunDesignHooks:
    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        """Registers the pipelines again from this run's parameters (its --env and --params), after
        checking the names that become parts of output paths."""
        global _run_parameters
        # Outputs are named `<scenario>.<method>.<what>` and read across namespaces on purpose.
        warnings.filterwarnings("ignore", message="One or more dataset names contain '.' characters")
        parameters = context.config_loader["parameters"]  # unvalidated: validation would build the pipelines
        for name in NAME_PARAMETERS:
            if name in parameters:
                check_plain_name(parameters[name], f"parameter {name}")
        _run_parameters = parameters
        pipelines.configure(__name__)


def project_config(env: str | None = None, project: Path | None = None) -> ConfigLoader:
    """The project's configuration outside a run: base + `env` (default: local)."""
    project = project or find_kedro_project(Path.cwd()) or Path(__file__).resolve().parents[2]
    return ConfigLoader(conf_source=str(Path(project) / settings.CONF_SOURCE), env=env, **settings.CONFIG_LOADER_ARGS)


def project_parameters(project: Path | None = None) -> dict[str, Any]:
    """The base + local parameters of `project`; without one, those of the current run (the project's
    outside a run)."""
    if project is None and _run_parameters is not None:
        return _run_parameters
    return project_config(project=project)["parameters"]


def register_pipelines() -> dict[str, Pipeline]:
    """`__default__` runs the whole benchmark; `demo_cohort` writes the demo cohort; `impute_cohort` fills a new one;
    `seed_protocol` re-enacts the original study's protocol, apart from the benchmark."""
    parameters = project_parameters()
    grid = scenarios(parameters["missingness"])
    methods = list(describe_methods(parameters["methods"]).values())
    check_settings(parameters)
    check_classification(parameters.get("classification") or {}, grid)
    check_impute_cohort(parameters.get("impute_cohort") or {}, [m.name for m in methods])
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
    registered["seed_protocol"] = seed_protocol.create_pipeline()
    return registered
