"""Downstream check: does imputed CNV still tell cancer types apart?"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

CLASSIFICATION_COLUMNS = ["scenario", "seed", "method", "view", "metric", "value"]


def make_forest(params: dict[str, Any]) -> RandomForestClassifier:
    """The Random Forest the parameters describe."""
    return RandomForestClassifier(
        n_estimators=params["n_estimators"], max_depth=params["max_depth"], random_state=params["seed"],
        n_jobs=params["n_jobs"],
    )


def classification_scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1."""
    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "f1_macro": float(f1_score(truth, predicted, average="macro", zero_division=0)),
    }


def within_cohort_scores(features: pd.DataFrame, labels: pd.Series, params: dict[str, Any], seed: int) -> dict[str, float]:
    """Scores of a forest trained and tested within one cohort (the study's view: one stratified split).

    Split and forest are seeded by `seed` (the mask's seed), so original and imputed CNV of
    the same seed share their split, and a small cohort's split-to-split noise averages out.
    """
    train, test = train_test_split(
        np.arange(len(labels)), test_size=params["test_fraction"], stratify=labels, random_state=seed
    )
    forest = make_forest({**params, "seed": params["seed"] + seed}).fit(features.iloc[train], labels.iloc[train])
    return classification_scores(labels.iloc[test].to_numpy(), forest.predict(features.iloc[test]))


def fit_cnv_classifier(reference_cnv: pd.DataFrame, reference_labels: pd.DataFrame, params: dict[str, Any]):
    """A forest trained on the reference cohort's original CNV."""
    return make_forest(params).fit(reference_cnv, reference_labels["Label"])


def classify_reference(
    reference_mrna: pd.DataFrame,
    reference_cnv: pd.DataFrame,
    reference_labels: pd.DataFrame,
    target_mrna: pd.DataFrame,
    target_cnv: pd.DataFrame,
    target_labels: pd.DataFrame,
    cnv_classifier: RandomForestClassifier,
    params: dict[str, Any],
    seeds: list[int],
) -> pd.DataFrame:
    """Reference rows: mRNA only, original CNV only, mRNA + CNV (trained on the reference);
    and original CNV in the study's view, for each seed of the grid."""
    truth = target_labels["Label"]
    original_cnv = target_cnv.fillna(0.0)  # source NaNs: the reference mean
    rows = []
    for method, train, test in (
        ("mrna_only", reference_mrna, target_mrna),
        ("mrna_cnv", reference_mrna.join(reference_cnv, rsuffix="_cnv"), target_mrna.join(original_cnv, rsuffix="_cnv")),
    ):
        predicted = make_forest(params).fit(train, reference_labels["Label"]).predict(test)
        rows += _rows("reference", None, method, "train_original", classification_scores(truth, predicted))
    scores = classification_scores(truth, cnv_classifier.predict(original_cnv))
    rows += _rows("reference", None, "cnv_original", "train_original", scores)
    if params["train_imputed_view"]:
        for seed in seeds:
            scores = within_cohort_scores(original_cnv, truth, params, seed)
            rows += _rows("reference", seed, "cnv_original", "train_imputed", scores)
    return _table(rows)


def classify_imputed(
    imputed: pd.DataFrame,
    target_labels: pd.DataFrame,
    cnv_classifier: RandomForestClassifier,
    params: dict[str, Any],
    scenario: str,
    method: str,
) -> pd.DataFrame:
    """Scores on one scenario x method's imputed CNV, per seed, in both views."""
    rows = []
    for seed, block in imputed.groupby(level="seed", sort=False):
        block = block.droplevel("seed")
        truth = target_labels["Label"].loc[block.index]
        rows += _rows(scenario, seed, method, "train_original", classification_scores(truth, cnv_classifier.predict(block)))
        if params["train_imputed_view"]:
            rows += _rows(scenario, seed, method, "train_imputed", within_cohort_scores(block, truth, params, seed))
    return _table(rows)


def collect_classification(*tables: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every classification score in one tidy table (versioned, and the latest copy as CSV)."""
    table = pd.concat(tables, ignore_index=True)
    return table, table


def _rows(scenario: str, seed, method: str, view: str, scores: dict[str, float]) -> list[tuple]:
    return [(scenario, seed, method, view, metric, value) for metric, value in scores.items()]


def _table(rows: list[tuple]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=CLASSIFICATION_COLUMNS)
    table["seed"] = table["seed"].astype("Int64")
    return table
