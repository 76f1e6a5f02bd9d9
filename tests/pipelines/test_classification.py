import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.pipelines.classification.nodes import (
    classification_scores,
    classify_imputed,
    classify_reference,
    fit_cnv_classifier,
)
from multiomics_imputation.pipelines.classification.pipeline import create_pipeline
from multiomics_imputation.pipelines.grid import Scenario

PARAMS = {"n_estimators": 20, "max_depth": None, "seed": 0, "n_jobs": 1, "train_imputed_view": True, "test_fraction": 0.3}


def _separable(n: int, prefix: str, seed: int):
    """Label k shifts gene k far away: a forest classifies it perfectly."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    values = rng.normal(size=(n, 6))
    values[np.arange(n), labels] += 10
    index = pd.Index([f"{prefix}{i}" for i in range(n)], name="sample")
    return pd.DataFrame(values, index=index, columns=[f"g{j}" for j in range(6)]), pd.DataFrame({"Label": labels}, index=index)


def test_scores_by_hand():
    scores = classification_scores(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]))
    assert scores["accuracy"] == pytest.approx(0.75)
    assert scores["f1_macro"] == pytest.approx((2 / 3 + 0.8) / 2)


def test_known_answer_perfect_on_separable_and_chance_on_shuffled_cnv():
    ref_cnv, ref_labels = _separable(90, "R", 0)
    tgt_cnv, tgt_labels = _separable(60, "T", 1)
    classifier = fit_cnv_classifier(ref_cnv, ref_labels, PARAMS)
    imputed = pd.concat({0: tgt_cnv, 1: tgt_cnv.sample(frac=1, random_state=0).set_axis(tgt_cnv.index)},
                        names=["seed", "sample"])
    table = classify_imputed(imputed, tgt_labels, classifier, PARAMS, scenario="random_20", method="knn")
    assert list(table.columns) == ["scenario", "seed", "method", "view", "metric", "value"]
    accuracy = table[table["metric"] == "accuracy"].set_index(["seed", "view"])["value"]
    assert accuracy[(0, "train_original")] == 1.0 and accuracy[(0, "train_imputed")] == 1.0
    assert accuracy[(1, "train_original")] < 0.6  # rows shuffled: labels no longer match
    reference = classify_reference(ref_cnv, ref_cnv, ref_labels, tgt_cnv, tgt_cnv, tgt_labels, classifier, PARAMS, [0, 1])
    assert set(reference["method"]) == {"mrna_only", "cnv_original", "mrna_cnv"}
    assert (reference["scenario"] == "reference").all()
    trained_on_target = reference["view"] == "train_imputed"
    assert reference.loc[~trained_on_target, "seed"].isna().all()
    assert set(reference.loc[trained_on_target, "seed"]) == {0, 1}  # one split per seed of the grid
    assert (reference.loc[reference["metric"] == "accuracy", "value"] == 1.0).all()


def test_methods_that_use_labels_are_kept_out():
    methods = {
        "mean": {"class": "multiomics_imputation.imputers.mean.MeanImputer"},
        "cancer_type_mean": {"class": "multiomics_imputation.imputers.cancer_type_mean.CancerTypeMeanImputer"},
    }
    pipeline = create_pipeline([Scenario("random_20", "random", 0.2)], methods)
    inputs = {i for n in pipeline.nodes for i in n.inputs}
    assert "random_20.mean.imputed_cnv" in inputs
    assert "random_20.cancer_type_mean.imputed_cnv" not in inputs
