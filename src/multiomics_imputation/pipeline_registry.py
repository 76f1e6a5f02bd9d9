"""Project pipelines, built from the study design of the run's parameters
(:func:`multiomics_imputation.run_parameters.project_parameters`: the run's own while Kedro registers its
pipelines, the project's configuration otherwise)."""

from __future__ import annotations

import logging
from dataclasses import replace

from kedro.pipeline import Pipeline

from multiomics_imputation.cohort.modalities import checked_sources, question
from multiomics_imputation.framework.hooks import RENAMED_PIPELINES
from multiomics_imputation.imputers import MethodConfig, read_methods
from multiomics_imputation.pipelines import (
    classification,
    data_processing,
    demo_cohort,
    evaluation,
    imputation,
    impute_cohort,
    missingness,
    modality_matrix,
    paper_protocol,
    reporting,
    training,
)
from multiomics_imputation.pipelines.classification.nodes import check_classification_settings
from multiomics_imputation.pipelines.impute_cohort.nodes import check_impute_cohort_settings
from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.study.design import (
    DesignError,
    check_processing_and_missingness_settings,
    multiple_imputation_draws,
    scenarios,
)

logger = logging.getLogger(__name__)


def with_first_source_only(methods: list[MethodConfig], parameters: dict) -> list[MethodConfig]:
    """With several source layers, each method of `source_comparison.methods` also runs on the first source alone
    (`<method>_<first>_only`, same masks), so that the report says whether adding the others helped; a method's
    `sources` must name source layers of the run."""
    _, sources = question(parameters)
    for method in methods:
        if method.source_layers is not None:
            checked_sources(method.source_layers, sources, method.name)  # refused now, not at its fit
    if len(sources) < 2:
        return methods
    compared = (parameters.get("source_comparison") or {}).get("methods") or []
    unknown = sorted(set(compared) - {m.name for m in methods})
    if unknown:
        raise DesignError(
            f"source_comparison.methods: {unknown} are not among the run's methods {[m.name for m in methods]}"
        )
    first = sources[0].name
    alone = [replace(m, name=f"{m.name}_{first}_only", source_layers=(first,)) for m in methods if m.name in compared]
    return methods + alone


def register_pipelines() -> dict[str, Pipeline]:
    """`__default__` runs the whole benchmark; `demo_cohort` writes the demo cohort; `impute_cohort` fills a new one;
    `paper_protocol` re-enacts the original paper's protocol, apart from the benchmark (`seed_protocol`: its
    old name, still registered); `modality_matrix` imputes every layer of the cohort from every other."""
    parameters = project_parameters()
    grid = scenarios(parameters["missingness"])
    methods = with_first_source_only(list(read_methods(parameters["methods"]).values()), parameters)
    check_processing_and_missingness_settings(parameters)
    check_classification_settings(parameters.get("classification") or {}, grid)
    check_impute_cohort_settings(parameters.get("impute_cohort") or {}, [m.name for m in methods])
    draws = multiple_imputation_draws(parameters)
    if draws and any(not m.has_uncertainty for m in methods):
        logger.info(
            "multiple_imputation: %s give no predictive distribution: no draws of theirs",
            ", ".join(m.name for m in methods if not m.has_uncertainty),
        )
    registered = {
        "data_processing": data_processing.create_pipeline(),
        "missingness": missingness.create_pipeline(grid),
        "training": training.create_pipeline([m for m in methods if m.trained]),
        "imputation": imputation.create_pipeline(grid, methods, draws),
        "evaluation": evaluation.create_pipeline(grid, methods, draws),
        "classification": classification.create_pipeline(grid, methods, parameters["classification"], draws),
        "reporting": reporting.create_pipeline(grid, methods, draws),
    }
    registered["__default__"] = sum(registered.values(), Pipeline([]))
    registered["demo_cohort"] = demo_cohort.create_pipeline()
    registered["demo_new_cohort"] = demo_cohort.create_new_cohort_pipeline()
    # impute_cohort fills a cohort from every source layer the benchmark's question names
    registered["impute_cohort"] = impute_cohort.create_pipeline(
        [m for m in methods if m.source_layers is None], (parameters.get("impute_cohort") or {}).get("draws", 0)
    )
    registered["paper_protocol"] = paper_protocol.create_pipeline()
    registered["modality_matrix"] = modality_matrix.create_pipeline()
    registered |= {old: registered[new] for old, new in RENAMED_PIPELINES.items()}
    return registered
