"""The downstream classification's paper view at a cohort's size: its protocol and the scenarios it covers.
No Kedro here.

The paper's view (`train_imputed`) trains and tests forests on imputed CNV within the target cohort. Below
`classification.large_cohort.target_samples` target samples it is cross-validated (repeated stratified k-fold:
every target sample is tested once per repeat). From that size on, as the original paper did, it uses one
stratified 75/25 split per replicate, the same for every method, control and reference (so they stay paired),
and covers only the scenarios that `classification.large_cohort.train_imputed_scenarios` chooses. The view
trained on the reference's original CNV (`train_original`) always covers every scenario.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold

from multiomics_imputation.study.design import DesignError, Scenario, checked, derive_seed

CROSS_VALIDATION, SINGLE_SPLIT = "cross_validation", "single_split"
SINGLE_SPLIT_FOLDS = 4  # the single split tests one of four stratified folds: 75% train, 25% test
SCENARIO_CHOICES = ("all", "highest_rate")


def highest_rate_per_pattern(scenarios: list[Scenario]) -> list[Scenario]:
    """For each pattern, its scenario with the highest missingness rate."""
    best: dict[str, Scenario] = {}
    for s in scenarios:
        if s.pattern not in best or s.rate > best[s.pattern].rate:
            best[s.pattern] = s
    return list(best.values())


def check_large_cohort(classification: dict[str, Any], grid: list[Scenario]) -> None:
    """Stops a run at once when `classification.large_cohort` cannot be honoured on this grid."""
    large = classification.get("large_cohort")
    if not isinstance(large, dict):
        raise DesignError(
            "classification.large_cohort must be a mapping {target_samples: N, train_imputed_scenarios: ...}, "
            f"not {large!r}"
        )
    checked("classification.large_cohort.target_samples", large.get("target_samples"), SINGLE_SPLIT_FOLDS, whole=True)
    large_cohort_scenarios(grid, large.get("train_imputed_scenarios"))


def large_cohort_scenarios(grid: list[Scenario], choice: Any) -> list[Scenario]:
    """The scenarios the paper's view covers at large sizes: `all`, `highest_rate` (each pattern's highest rate)
    or a list of the grid's scenario names."""
    if choice == "all":
        return list(grid)
    if choice == "highest_rate":
        return highest_rate_per_pattern(grid)
    names = {s.name: s for s in grid}
    if isinstance(choice, (list, tuple)) and choice and all(name in names for name in choice):
        return [names[name] for name in choice]
    raise DesignError(
        f"classification.large_cohort.train_imputed_scenarios must be one of {list(SCENARIO_CHOICES)} or a list "
        f"of this run's scenarios {list(names)}, not {choice!r}"
    )


def paper_view_protocol(n_target: int, classification: dict[str, Any]) -> str:
    """`cross_validation` below the large-cohort size, `single_split` from it on."""
    return SINGLE_SPLIT if n_target >= classification["large_cohort"]["target_samples"] else CROSS_VALIDATION


def paper_view_runs(n_target: int, classification: dict[str, Any], covered_at_size: bool) -> bool:
    """Whether the paper's view runs in a scenario (`covered_at_size`: chosen for large cohorts)."""
    if not classification["train_imputed_view"]:
        return False
    return covered_at_size or paper_view_protocol(n_target, classification) == CROSS_VALIDATION


def paper_view_folds(labels: np.ndarray, classification: dict[str, Any], replicate: int) -> list[tuple[int, Any, Any]]:
    """(repeat, train rows, test rows) of the paper's view on a target cohort with these labels: every fold of
    the repeated cross-validation, or the single split; seeded by replicate, so every method gets the same."""
    seed = derive_seed(classification["seed"], replicate) % 2**32
    with warnings.catch_warnings():  # a class smaller than the folds: said once, in the data report and the log
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        if paper_view_protocol(len(labels), classification) == SINGLE_SPLIT:
            cv = StratifiedKFold(SINGLE_SPLIT_FOLDS, shuffle=True, random_state=seed)
            train, test = next(cv.split(labels, labels))
            return [(0, train, test)]
        folds = classification["cv_folds"]
        cv = RepeatedStratifiedKFold(n_splits=folds, n_repeats=classification["cv_repeats"], random_state=seed)
        return [(k // folds, train, test) for k, (train, test) in enumerate(cv.split(labels, labels))]


def describe_paper_view(n_target: int, classification: dict[str, Any], grid: list[Scenario]) -> str:
    """In words, for the log and the report: the paper view's protocol and the scenarios it covers."""
    if not classification["train_imputed_view"]:
        return "the paper's view (train and test on imputed CNV within the target cohort) is off"
    if paper_view_protocol(n_target, classification) == CROSS_VALIDATION:
        repeats = classification["cv_repeats"]
        return (
            f"the paper's view (train and test on imputed CNV within the target cohort of {n_target:,} samples): "
            f"{classification['cv_folds']}-fold stratified cross-validation"
            f"{f', repeated {repeats} times' if repeats > 1 else ''}, on every scenario"
        )
    covered = large_cohort_scenarios(grid, classification["large_cohort"]["train_imputed_scenarios"])
    return (
        f"the paper's view (train and test on imputed CNV within the target cohort of {n_target:,} samples, at least "
        f"{classification['large_cohort']['target_samples']:,}): one stratified 75/25 split per replicate, the same for "
        f"every method, as the original paper did; on {len(covered)} of {len(grid)} scenarios "
        f"({', '.join(s.name for s in covered)}). The view trained on the reference covers every scenario"
    )
