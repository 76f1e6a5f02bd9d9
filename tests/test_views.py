"""The paper view's design at a cohort's size (study/views.py): protocol, folds and the scenarios covered."""

import numpy as np
import pytest

from multiomics_imputation.study.design import DesignError, Scenario
from multiomics_imputation.study.views import (
    check_large_cohort,
    describe_paper_view,
    large_cohort_scenarios,
    paper_view_folds,
    paper_view_runs,
)

GRID = [Scenario(p, r) for p in ("random", "sample") for r in (0.05, 0.2)]
SETTINGS = {
    "seed": 0,
    "train_imputed_view": True,
    "cv_folds": 5,
    "cv_repeats": 2,
    "large_cohort": {"target_samples": 100, "train_imputed_scenarios": "highest_rate"},
}


def test_the_scenarios_covered_at_size():
    assert [s.name for s in large_cohort_scenarios(GRID, "highest_rate")] == ["random_20", "sample_20"]
    assert large_cohort_scenarios(GRID, "all") == GRID
    assert [s.name for s in large_cohort_scenarios(GRID, ["sample_05"])] == ["sample_05"]
    for bad in ("highest", [], ["random_10"], None):
        with pytest.raises(DesignError, match="train_imputed_scenarios must be one of"):
            large_cohort_scenarios(GRID, bad)


@pytest.mark.parametrize(
    "large, message",
    [
        (None, r"classification.large_cohort must be a mapping"),
        ({"target_samples": 2, "train_imputed_scenarios": "all"}, r"target_samples must be a whole number >= 4"),
        ({"target_samples": 1000, "train_imputed_scenarios": "every"}, r"train_imputed_scenarios must be one of"),
    ],
)
def test_bad_large_cohort_settings_are_refused(large, message):
    with pytest.raises(DesignError, match=message):
        check_large_cohort({**SETTINGS, "large_cohort": large}, GRID)


def test_folds_below_and_from_the_large_cohort_size():
    labels = np.repeat([0, 1, 2, 3], 24)  # 96 target samples: below 100, cross-validated
    folds = paper_view_folds(labels, SETTINGS, replicate=0)
    assert len(folds) == 10 and [repeat for repeat, _, _ in folds] == [0] * 5 + [1] * 5
    for repeat in (0, 1):  # every sample tested once per repeat
        tested = np.concatenate([test for r, _, test in folds if r == repeat])
        assert sorted(tested) == list(range(96))
    labels = np.repeat([0, 1, 2, 3], 25)  # 100: one stratified 75/25 split
    ((repeat, train, test),) = paper_view_folds(labels, SETTINGS, replicate=0)
    assert repeat == 0 and len(test) == 25 and set(train) | set(test) == set(range(100)) and not set(train) & set(test)
    assert np.abs(np.bincount(labels[test]) - 25 / 4).max() < 1  # stratified
    (_, _, other), *_ = paper_view_folds(labels, SETTINGS, replicate=1)
    assert set(other) != set(test)  # seeded by replicate
    (_, _, again), *_ = paper_view_folds(labels, SETTINGS, replicate=0)
    assert np.array_equal(again, test)  # and repeatable


def test_a_class_smaller_than_the_folds_raises_no_warning_per_call():
    import warnings

    labels = np.array([0] * 30 + [1] * 2)  # class 1: fewer members than the 5 folds (the data report says so once)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        folds = paper_view_folds(labels, SETTINGS, replicate=0)
    assert len(folds) == 10


def test_whether_the_paper_view_runs_and_what_the_report_says():
    assert paper_view_runs(99, SETTINGS, covered_at_size=False)  # below the size: every scenario
    assert not paper_view_runs(100, SETTINGS, covered_at_size=False)
    assert paper_view_runs(100, SETTINGS, covered_at_size=True)
    assert not paper_view_runs(99, {**SETTINGS, "train_imputed_view": False}, covered_at_size=True)
    assert "5-fold stratified cross-validation, repeated 2 times, on every scenario" in describe_paper_view(
        99, SETTINGS, GRID
    )
    large = describe_paper_view(1663, SETTINGS, GRID)
    assert (
        "cohort of 1,663 samples, at least 100)" in large
        and "one stratified 75/25 split per replicate" in large
        and "on 2 of 4 scenarios (random_20, sample_20)" in large
    )
