import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.imputers import read_methods
from multiomics_imputation.pipelines.classification.nodes import (
    POOLED_COLUMNS,
    SCORE_COLUMNS,
    classification_scores,
    classify_controls,
    classify_imputed,
    classify_references,
    fit_cnv_classifiers,
    pool_classification,
    score_classification,
)
from multiomics_imputation.pipelines.classification.pipeline import create_pipeline
from multiomics_imputation.study.design import Scenario, stack
from multiomics_imputation.study.splits import split_study

PARAMS = {
    "n_estimators": 20,
    "max_depth": None,
    "seed": 0,
    "n_jobs": 1,
    "train_imputed_view": True,
    "cv_folds": 3,
    "cv_repeats": 2,
    "large_cohort": {"target_samples": 1000, "train_imputed_scenarios": "highest_rate"},
}
LARGE = {**PARAMS, "large_cohort": {"target_samples": 60, "train_imputed_scenarios": "highest_rate"}}  # 60 targets
SCENARIO = Scenario("random", 0.2)


def _separable_study(n: int = 150):
    """Label k shifts CNV gene k (and mRNA gene k) far away: a forest classifies it perfectly."""
    rng = np.random.default_rng(0)
    labels = pd.Series(np.arange(n) % 3, index=pd.Index([f"S{i}" for i in range(n)], name="sample"), name="Label")
    values = rng.normal(size=(n, 6))
    values[np.arange(n), labels.to_numpy()] += 10
    cnv = pd.DataFrame(values, index=labels.index, columns=[f"g{j}" for j in range(6)])
    mrna = cnv.add_prefix("m_") + rng.normal(size=cnv.shape)
    return split_study("T", mrna, cnv, labels, 0.4, 0, [0, 1])


def _mask(data, rows=slice(0, 10)):
    masks = {}
    for r in data.replicates:
        target = data.split(r).target_cnv
        mask = pd.DataFrame(False, index=target.index, columns=target.columns)
        mask.iloc[rows] = True
        masks[r] = mask
    return stack(masks)


def test_scores_by_hand():
    scores = classification_scores(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]))
    assert scores["accuracy"] == pytest.approx(0.75)
    assert scores["f1_macro"] == pytest.approx((2 / 3 + 0.8) / 2)


def test_ceiling_floor_imputed_rows_on_the_affected_samples():
    data = _separable_study()
    mask = _mask(data)
    classifiers = fit_cnv_classifiers(data, PARAMS)
    controls = classify_controls(data, mask, classifiers, PARAMS, SCENARIO)
    exact = stack({r: data.split(r).target_cnv for r in data.replicates})
    shuffled = stack(
        {
            r: data.split(r).target_cnv.sample(frac=1, random_state=0).set_axis(data.split(r).target_cnv.index)
            for r in data.replicates
        }
    )
    tables = [
        controls,
        classify_imputed(exact, data, mask, classifiers, PARAMS, SCENARIO, "exact"),
        classify_imputed(shuffled, data, mask, classifiers, PARAMS, SCENARIO, "shuffled"),
    ]
    references = classify_references(data, classifiers, PARAMS)
    scores = score_classification(references, *tables)
    assert (
        list(scores.columns)
        == SCORE_COLUMNS
        == ["scenario", "pattern", "rate", "replicate", "method", "view", "subset", "metric", "value"]
    )
    accuracy = scores[scores["metric"] == "accuracy"].set_index(["replicate", "method", "view", "subset"])["value"]
    for view in ("train_original", "train_imputed"):
        assert accuracy[(0, "cnv_original", view, "affected")] == 1.0  # ceiling
        assert accuracy[(0, "exact", view, "all")] == 1.0
        assert accuracy[(0, "cnv_mean_imputed", view, "affected")] < 0.7  # floor: the affected samples lost their CNV
        assert accuracy[(0, "shuffled", view, "all")] < 0.7
        assert accuracy[(1, "mrna_only", view, "all")] > 0.9
    assert set(scores["subset"]) == {"all", "affected"} and set(scores["replicate"]) == {0, 1}
    assert (scores["pattern"] == "random").all() and (scores["rate"] == 0.2).all()
    # the affected subset is the 10 masked target samples, for the controls and the reference rows alike
    predictions = pd.concat(tables)
    assert (scores.groupby(["method", "view", "subset", "metric"]).size() == 2).all()  # every row once per replicate
    assert predictions[predictions["affected"]].groupby(["replicate", "method", "view", "repeat"]).size().eq(10).all()


def test_paper_view_is_repeated_stratified_cross_validation():
    data = _separable_study()
    references = classify_references(data, fit_cnv_classifiers(data, PARAMS), PARAMS)
    study = references[(references["view"] == "train_imputed") & (references["method"] == "cnv_original")]
    # every target sample is predicted once per repeat, in each replicate
    counts = study.groupby(["replicate", "repeat"])["sample"].agg(["size", "nunique"])
    assert (counts["size"] == counts["nunique"]).all() and set(study["repeat"]) == {0, 1}
    assert counts.loc[0, "size"].iloc[0] == len(data.split(0).target_cnv)


def _paper_view_rows(params, covered_at_size):
    data = _separable_study()
    mask = _mask(data)
    classifiers = fit_cnv_classifiers(data, params)
    tables = [
        classify_controls(data, mask, classifiers, params, SCENARIO, covered_at_size),
        classify_imputed(
            stack({r: data.split(r).target_cnv for r in data.replicates}),
            *(data, mask, classifiers, params, SCENARIO, "exact", covered_at_size),
        ),
    ]
    references = classify_references(data, classifiers, params)
    return data, references, tables, score_classification(references, *tables)


def test_a_large_target_cohort_gets_one_stratified_split_shared_by_every_method():
    data, references, tables, scores = _paper_view_rows(LARGE, covered_at_size=True)
    predictions = pd.concat([references, *tables])
    study = predictions[predictions["view"] == "train_imputed"]
    assert set(study["repeat"]) == {0}  # one split, not cv_repeats repeats of cross-validation
    tested = study.groupby(["replicate", "method"])["sample"].apply(frozenset)
    for replicate in data.replicates:
        # the same quarter of the target for the ceiling, the floor, mRNA and the imputation: paired
        assert tested[replicate].nunique() == 1 and set(tested[replicate].index) == {
            "cnv_original",
            "cnv_mean_imputed",
            "mrna_only",
            "mrna_cnv",
            "exact",
        }
        labels = data.split(replicate).target_labels
        held_out = labels.loc[sorted(tested[(replicate, "exact")])]
        assert len(held_out) == 15 and held_out.value_counts().eq(5).all()  # stratified 75/25 of 20 per class
    assert tested[0].iloc[0] != tested[1].iloc[0]  # seeded by replicate
    original = predictions[predictions["view"] == "train_original"]
    assert original.groupby(["replicate", "method"]).size().eq(60).all()  # the reference's forest: every sample
    accuracy = scores[(scores["metric"] == "accuracy") & (scores["subset"] == "all")]
    assert accuracy.set_index(["replicate", "method", "view"])["value"][(0, "exact", "train_imputed")] == 1.0


def test_a_large_cohort_runs_the_paper_view_only_on_the_scenarios_chosen():
    _, _, tables, scores = _paper_view_rows(LARGE, covered_at_size=False)
    assert set(pd.concat(tables)["view"]) == {"train_original"}
    assert set(scores["view"]) == {"train_original"}  # the references' study-view rows are not scored here either
    assert {"cnv_original", "cnv_mean_imputed", "exact", "mrna_only"} <= set(scores["method"])
    # below the large-cohort size the choice changes nothing: every scenario is cross-validated
    _, _, tables, scores = _paper_view_rows(PARAMS, covered_at_size=False)
    assert set(pd.concat(tables)["view"]) == set(scores["view"]) == {"train_original", "train_imputed"}


def test_methods_that_use_labels_are_kept_out():
    methods = read_methods(
        {
            "mean": {"class": "multiomics_imputation.imputers.mean.MeanImputer"},
            "cancer_type_mean": {"class": "multiomics_imputation.imputers.cancer_type_mean.CancerTypeMeanImputer"},
        }
    )
    pipeline = create_pipeline([SCENARIO], list(methods.values()), PARAMS)
    inputs = {i for n in pipeline.nodes for i in n.inputs}
    assert "random_20.mean.imputed_cnv" in inputs
    assert "random_20.cancer_type_mean.imputed_cnv" not in inputs


def test_pooled_classification_puts_the_single_imputation_beside_the_draws_pooled_by_rubins_rules():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 40)

    def predictions(accuracy: float, draw: int | None) -> pd.DataFrame:
        right = rng.random(40) < accuracy
        frame = pd.DataFrame(
            {
                "scenario": "random_10",
                "pattern": "random",
                "rate": 0.1,
                "replicate": 0,
                "method": "gaussian",
                "view": "train_original",
                "repeat": 0,
                "sample": [f"s{i}" for i in range(40)],
                "label": labels,
                "predicted": np.where(right, labels, (labels + 1) % 3),
                "affected": np.arange(40) < 30,
            }
        )
        return frame if draw is None else frame.assign(draw=draw)

    single, draws = predictions(0.8, None), [predictions(a, d) for d, a in enumerate((0.6, 0.7, 0.9))]
    pooled = pool_classification({"seed": 0, "bootstrap_resamples": 100}, single, *draws)
    assert list(pooled.columns) == POOLED_COLUMNS
    accuracy = pooled[(pooled["metric"] == "accuracy") & (pooled["subset"] == "all")].set_index("imputation")
    assert accuracy.loc["single", "estimate"] == classification_scores(single["label"], single["predicted"])["accuracy"]
    per_draw = [(d["label"] == d["predicted"]).mean() for d in draws]
    assert accuracy.loc["multiple", "estimate"] == pytest.approx(np.mean(per_draw))
    assert accuracy.loc["multiple", "between"] == pytest.approx(np.var(per_draw, ddof=1))
    assert accuracy.loc["multiple", "draws"] == 3 and 0 < accuracy.loc["multiple", "fmi"] < 1
    widths = (accuracy["ci_high"] - accuracy["ci_low"]).to_dict()
    assert widths["multiple"] > widths["single"]  # the draws disagree: the pooled interval is wider
    assert set(pooled["subset"]) == {"all", "affected"} and set(pooled["metric"]) == {"accuracy", "f1_macro"}
