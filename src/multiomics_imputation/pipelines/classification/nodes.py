"""Downstream check: does imputed CNV still tell cancer types apart?

Two views, each scored on the whole target cohort and on the affected samples only (those
with at least one hidden CNV entry), per replicate:

* ``train_original``: a forest trained on the reference's original CNV predicts the target's
  imputed CNV (is the imputation close enough to real CNV for a model of real CNV?);
* ``train_imputed`` (the original paper's): forests trained and tested on imputed CNV within
  the target cohort, by repeated stratified cross-validation, or, in a large target cohort, one
  stratified 75/25 split on the scenarios chosen (:mod:`multiomics_imputation.study.views`).

Every row is read against two controls computed on the same samples and folds: the
original CNV (ceiling) and mean imputation (floor, hidden entries at the reference mean);
and against mRNA only and mRNA + original CNV, trained on the same samples as the rows.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score

from multiomics_imputation.scoring.pooling import bootstrap_variances, interval, rubin
from multiomics_imputation.study.design import (
    DRAW,
    REPLICATE,
    DesignError,
    Scenario,
    checked,
    derive_seed,
    per_replicate,
)
from multiomics_imputation.study.progress import progress
from multiomics_imputation.study.splits import Split, StudyData
from multiomics_imputation.study.views import check_large_cohort, paper_view_folds, paper_view_runs

PREDICTION_COLUMNS = [
    "scenario",
    "pattern",
    "rate",
    REPLICATE,
    "method",
    "view",
    "repeat",
    "sample",
    "label",
    "predicted",
    "affected",
]
SCORE_COLUMNS = ["scenario", "pattern", "rate", REPLICATE, "method", "view", "subset", "metric", "value"]
CEILING, FLOOR = "cnv_original", "cnv_mean_imputed"


def check_classification_settings(forests: dict[str, Any], grid: list[Scenario]) -> None:
    """Stops a run at once when the `classification` settings cannot be honoured on the scenario grid."""
    checked("classification.n_estimators", forests.get("n_estimators"), 1, whole=True)
    if forests.get("max_depth") is not None:
        checked("classification.max_depth", forests["max_depth"], 1, whole=True)
    checked("classification.seed", forests.get("seed"), 0, whole=True)
    checked("classification.cv_folds", forests.get("cv_folds"), 2, whole=True)
    checked("classification.cv_repeats", forests.get("cv_repeats"), 1, whole=True)
    if checked("classification.n_jobs", forests.get("n_jobs"), -math.inf, whole=True) == 0:
        raise DesignError("classification.n_jobs must be a whole number other than 0 (-1: every core), not 0")
    if not isinstance(forests.get("train_imputed_view"), bool):
        raise DesignError(
            f"classification.train_imputed_view must be true or false, not {forests.get('train_imputed_view')!r}"
        )
    check_large_cohort(forests, grid)


def make_forest(params: dict[str, Any], replicate: int, offset: int = 0) -> RandomForestClassifier:
    """The Random Forest the parameters describe, seeded for this replicate."""
    return RandomForestClassifier(
        n_estimators=params["n_estimators"],
        max_depth=params["max_depth"],
        n_jobs=params["n_jobs"],
        random_state=(derive_seed(params["seed"], replicate) + offset) % 2**32,
    )


def classification_scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1."""
    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "f1_macro": float(f1_score(truth, predicted, average="macro", zero_division=0)),
    }


def paper_view_predictions(
    features: pd.DataFrame, labels: pd.Series, params: dict[str, Any], replicate: int
) -> tuple[np.ndarray, np.ndarray]:
    """The paper's view: per repeat, which target samples were tested and their predictions (forests trained on
    the other folds; the folds or the single split seeded by replicate, the same for every method)."""
    folds = paper_view_folds(labels.to_numpy(), params, replicate)
    repeats = 1 + max(repeat for repeat, _, _ in folds)
    tested = np.zeros((repeats, len(labels)), dtype=bool)
    predicted = np.empty((repeats, len(labels)), dtype=labels.to_numpy().dtype)
    with progress(f"forests, replicate {replicate}", len(folds)) as advance:
        for k, (repeat, train, test) in enumerate(folds):
            forest = make_forest(params, replicate, offset=k).fit(features.iloc[train], labels.iloc[train])
            predicted[repeat, test] = forest.predict(features.iloc[test])
            tested[repeat, test] = True
            advance()
    return tested, predicted


def fit_cnv_classifiers(data: StudyData, params: dict[str, Any]) -> dict[int, RandomForestClassifier]:
    """Per replicate: a forest trained on the reference cohort's original CNV."""
    classifiers = {}
    for replicate in data.replicates:
        split = data.split(replicate)
        classifiers[replicate] = make_forest(params, replicate).fit(split.reference_cnv, split.reference_labels)
    return classifiers


def _rows(
    split: Split,
    method: str,
    views: dict[str, tuple[np.ndarray, np.ndarray]],
    affected: np.ndarray | None,
    scenario: Scenario | None,
) -> pd.DataFrame:
    """Prediction rows of one replicate and method: per view and repeat, the target samples it tested."""
    frames = []
    for view, (tested, predictions) in views.items():
        for repeat, predicted in enumerate(predictions):
            frame = pd.DataFrame(
                {
                    "scenario": scenario.name if scenario else None,
                    "pattern": scenario.pattern if scenario else None,
                    "rate": scenario.rate if scenario else np.nan,
                    REPLICATE: split.replicate,
                    "method": method,
                    "view": view,
                    "repeat": repeat,
                    "sample": split.target_labels.index,
                    "label": split.target_labels.to_numpy(),
                    "predicted": predicted,
                    "affected": affected if affected is not None else True,
                }
            )
            frames.append(frame[tested[repeat]])
    return pd.concat(frames, ignore_index=True)


def _views(
    features: pd.DataFrame, split: Split, classifier, params: dict[str, Any], paper_view: bool
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The views that run: the reference's forest predicts every target sample; the paper's view, if it runs."""
    views = {}
    if classifier is not None:
        views["train_original"] = (np.ones((1, len(features)), dtype=bool), classifier.predict(features)[None])
    if paper_view:
        views["train_imputed"] = paper_view_predictions(features, split.target_labels, params, split.replicate)
    return views


def classify_references(
    data: StudyData, classifiers: dict[int, RandomForestClassifier], params: dict[str, Any]
) -> pd.DataFrame:
    """What every scenario is read against, once per replicate (its features are the same in every scenario): the
    original CNV (ceiling), mRNA only and mRNA + original CNV, in both views (trained on the reference, or within
    the target)."""
    frames = []
    for replicate in data.replicates:
        split = data.split(replicate)
        original_cnv = split.target_cnv.fillna(0.0)  # source NaNs: the reference mean
        paper_view = paper_view_runs(len(split.target_labels), params, covered_at_size=True)
        frames.append(
            _rows(split, CEILING, _views(original_cnv, split, classifiers[replicate], params, paper_view), None, None)
        )
        for method, train, test in (
            ("mrna_only", split.reference_mrna, split.target_mrna),
            (
                "mrna_cnv",
                split.reference_mrna.join(split.reference_cnv, rsuffix="_cnv"),
                split.target_mrna.join(original_cnv, rsuffix="_cnv"),
            ),
        ):
            forest = make_forest(params, replicate).fit(train, split.reference_labels)
            frames.append(_rows(split, method, _views(test, split, forest, params, paper_view), None, None))
    return pd.concat(frames, ignore_index=True)


def classify_controls(
    data: StudyData,
    mask: pd.DataFrame,
    classifiers: dict[int, RandomForestClassifier],
    params: dict[str, Any],
    scenario: Scenario,
    covered_at_size: bool = True,
) -> pd.DataFrame:
    """The scenario's floor (hidden entries at the reference mean), in the views that run
    (`covered_at_size`: the paper's view covers this scenario at large sizes)."""
    frames = []
    for replicate, replicate_mask in per_replicate(mask):
        split = data.split(replicate)
        hidden = replicate_mask.loc[split.target_cnv.index, split.target_cnv.columns]
        affected = hidden.any(axis=1).to_numpy()
        floor = split.target_cnv.fillna(0.0).mask(hidden.to_numpy(), 0.0)
        paper_view = paper_view_runs(len(split.target_labels), params, covered_at_size)
        frames.append(
            _rows(split, FLOOR, _views(floor, split, classifiers[replicate], params, paper_view), affected, scenario)
        )
    return pd.concat(frames, ignore_index=True)


def classify_imputed(
    imputed: pd.DataFrame,
    data: StudyData,
    mask: pd.DataFrame,
    classifiers: dict[int, RandomForestClassifier],
    params: dict[str, Any],
    scenario: Scenario,
    method: str,
    covered_at_size: bool = True,
) -> pd.DataFrame:
    """One scenario x method's imputed CNV, per replicate, in the views that run (`covered_at_size`: the paper's
    view covers this scenario at large sizes)."""
    masks = dict(per_replicate(mask))
    frames = []
    for replicate, block in per_replicate(imputed):
        split = data.split(replicate)
        features = block.loc[split.target_cnv.index, split.target_cnv.columns]
        affected = masks[replicate].loc[features.index].any(axis=1).to_numpy()
        paper_view = paper_view_runs(len(split.target_labels), params, covered_at_size)
        views = _views(features, split, classifiers[replicate], params, paper_view)
        frames.append(_rows(split, method, views, affected, scenario))
    return pd.concat(frames, ignore_index=True)


def score_classification(references: pd.DataFrame, *scenario_tables: pd.DataFrame) -> pd.DataFrame:
    """Accuracy and macro-F1 per scenario, replicate, method and view, on the target samples each view tested
    (all of them, and the affected ones; mean over cross-validation repeats). The reference rows are scored on each
    scenario's samples, in the views that scenario ran."""
    predictions = pd.concat(scenario_tables, ignore_index=True)
    affected = predictions.drop_duplicates(["scenario", REPLICATE, "sample"])[
        ["scenario", "pattern", "rate", REPLICATE, "sample", "affected"]
    ]
    references = (
        references.drop(columns=["scenario", "pattern", "rate", "affected"])
        .merge(affected, on=[REPLICATE, "sample"])
        .merge(predictions[["scenario", "view"]].drop_duplicates(), on=["scenario", "view"])
    )
    rows = []
    keys = ["scenario", "pattern", "rate", REPLICATE, "method", "view"]
    for key, group in pd.concat([predictions, references], ignore_index=True).groupby(keys, sort=False):
        for subset, chosen in (("all", group), ("affected", group[group["affected"].astype(bool)])):
            if chosen.empty:
                continue
            rows += [(*key, subset, metric, value) for metric, value in repeat_mean_scores(chosen).items()]
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def repeat_mean_scores(predictions: pd.DataFrame) -> dict[str, float]:
    """Accuracy and macro-F1 of prediction rows, each the mean over their cross-validation repeats."""
    per_repeat = [
        classification_scores(r["label"].to_numpy(), r["predicted"].to_numpy())
        for _, r in predictions.groupby("repeat")
    ]
    return {metric: float(np.mean([s[metric] for s in per_repeat])) for metric in per_repeat[0]}


def classify_draws(
    draws: pd.DataFrame,
    data: StudyData,
    mask: pd.DataFrame,
    classifiers: dict[int, RandomForestClassifier],
    params: dict[str, Any],
    scenario: Scenario,
    method: str,
    covered_at_size: bool = True,
) -> pd.DataFrame:
    """:func:`classify_imputed` on each draw of one scenario x method's multiple imputation (the same folds or split
    and forest seeds for every draw), the draw's number in a `draw` column."""
    return pd.concat(
        [
            classify_imputed(
                drawn.droplevel(DRAW), data, mask, classifiers, params, scenario, method, covered_at_size
            ).assign(**{DRAW: draw})
            for draw, drawn in draws.groupby(level=DRAW, sort=True)
        ],
        ignore_index=True,
    )


POOLED_COLUMNS = [
    *SCORE_COLUMNS[:-1],
    "imputation",
    "draws",
    "estimate",
    "within",
    "between",
    "total",
    "df",
    "fmi",
    "ci_low",
    "ci_high",
]


def pool_classification(multiple_imputation: dict[str, Any], *tables: pd.DataFrame) -> pd.DataFrame:
    """Per scenario, replicate, method, view and subset of target samples: accuracy and macro-F1 of the single
    imputation (its variance by bootstrap over the tested samples; a normal 95% interval), and of the draws pooled
    by Rubin's rules (within-, between- and total variance, Barnard-Rubin degrees of freedom with the tested samples
    less one as complete-data ones, the fraction of missing information, a t 95% interval); left out where fewer
    than 2 samples were tested. `tables`: the methods' prediction tables, single (:func:`classify_imputed`) and per
    draw (:func:`classify_draws`)."""
    predictions = pd.concat(tables, ignore_index=True)
    resamples = multiple_imputation["bootstrap_resamples"]
    keys = ["scenario", "pattern", "rate", REPLICATE, "method", "view"]
    rows = []
    for key, group in predictions.groupby(keys, sort=False):
        seed = derive_seed(multiple_imputation["seed"], int(key[3]))  # the same resamples for single and draws
        scored = functools.partial(_scored, resamples=resamples, seed=seed)
        for subset, chosen in (("all", group), ("affected", group[group["affected"].astype(bool)])):
            single = chosen[chosen[DRAW].isna()]
            tested = single["sample"].nunique()
            if tested < 2:  # no variance to speak of (e.g. one affected sample)
                continue
            per_draw = [scored(block) for _, block in chosen[chosen[DRAW].notna()].groupby(DRAW)]
            single_scores, single_variances = scored(single)
            for metric, estimate in single_scores.items():
                variance = single_variances[metric]
                rows.append(
                    (*key, subset, metric, "single", 1, estimate, variance, np.nan, variance, np.inf, np.nan)
                    + interval(estimate, variance, np.inf)
                )
                pooled = rubin([e[metric] for e, _ in per_draw], [v[metric] for _, v in per_draw], tested - 1)
                rows.append(
                    (*key, subset, metric, "multiple", len(per_draw), *pooled.values())
                    + interval(pooled["estimate"], pooled["total"], pooled["df"])
                )
    return pd.DataFrame(rows, columns=POOLED_COLUMNS)


def _scored(block: pd.DataFrame, resamples: int, seed: int) -> tuple[dict[str, float], dict[str, float]]:
    """Accuracy and macro-F1 of prediction rows, and their variances by bootstrap over the tested samples."""
    variances = bootstrap_variances(
        block["label"].to_numpy(), block["predicted"].to_numpy(), block["sample"].to_numpy(), resamples, seed
    )
    return repeat_mean_scores(block), variances
