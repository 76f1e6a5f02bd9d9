"""The original paper's protocol, re-enacted with its shortcuts, and a ladder that removes them one at a time.

Read from the paper's public notebook: one scaler (scikit-learn's `StandardScaler`) fitted on every sample; nine
masks drawn one after another on the whole scaled CNV matrix from one seed (42); mean, KNN (k = 2, on the masked
CNV alone), linear regression (the 100 "highest-variance" mRNA genes predicting only the first 15 CNV genes;
every other hidden entry its column mean) and the autoencoder (mRNA -> 512 -> 128 -> 512 -> CNV, trained once
on the complete CNV of every sample, hidden entries included); MSE, R² and Pearson r pooled over all hidden
entries; a Random Forest on one stratified 75/25 split of each whole imputed matrix.

The ladder starts there and removes one shortcut per step (cumulatively), every step on the same masks, scored
in the same units (the paper's: standardised with every sample's statistics, a fixed frame that fits nothing).
It uses the project's masks (:func:`~multiomics_imputation.study.masks.paper_targeted_chance`), KNN
(:func:`~multiomics_imputation.imputers.knn.knn_impute`), network, :class:`~multiomics_imputation.imputers.training.Trainer`
and scores; where the paper differs on purpose, by an explicit option (its `int` count of targeted samples,
a legacy `RandomState`, Adam unfused and no validation). No Kedro here, and nothing of the honest benchmark
imports this package: its shortcuts (scalers on all samples, a network trained on the hidden entries) stay here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import torch
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from multiomics_imputation.imputers.knn import knn_impute
from multiomics_imputation.imputers.networks import Network
from multiomics_imputation.imputers.torch_runtime import repeatable
from multiomics_imputation.imputers.training import Trainer
from multiomics_imputation.scoring.metrics import masked_scores
from multiomics_imputation.study.masks import paper_targeted_chance, scenario_name
from multiomics_imputation.study.progress import progress

logger = logging.getLogger(__name__)

#: The paper's patterns (its words) and the project's names for them.
PAPER_PATTERNS = {"random": "random", "sample-targeted": "paper_sample", "feature-targeted": "paper_feature"}
METHODS = ("mean", "knn", "regression", "autoencoder")


@dataclass(frozen=True)
class Shortcuts:
    """Which of the paper's shortcuts a ladder step still takes (True = taken, as in the paper)."""

    autoencoder_sees_hidden: bool = True  # trained on the complete CNV, hidden entries included
    scalers_on_all: bool = True  # CNV standardised with every entry's statistics, hidden ones included
    knn_k2: bool = True  # k = 2, not chosen
    regression_15_genes: bool = True  # 100 mRNA genes -> the first 15 CNV genes; the rest at the mean
    pooled_correlation: bool = True  # "correlation" = Pearson r over all hidden entries pooled


#: The ladder: each step removes one more shortcut (the names are the shortcuts removed).
LADDER = ("paper", "autoencoder_sees_hidden", "scalers_on_all", "knn_k2", "regression_15_genes", "pooled_correlation")


def ladder_steps() -> list[tuple[str, Shortcuts]]:
    """(name, shortcuts) of every step: the paper's protocol, then one shortcut fewer at each step."""
    steps, shortcuts = [], Shortcuts()
    for removed in LADDER:
        if removed != "paper":
            shortcuts = replace(shortcuts, **{removed: False})
        steps.append(("paper's protocol" if removed == "paper" else f"- {removed}", shortcuts))
    return steps


def standardise(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The paper's scaling: `StandardScaler` fitted on `values` (their observed entries; a constant column's SD
    is 1); the scaled values, the means and the SDs."""
    scaler = StandardScaler().fit(values)
    return scaler.transform(values), scaler.mean_, scaler.scale_


def paper_masks(scaled_cnv: np.ndarray, rates: list[float], seed: int) -> dict[str, np.ndarray]:
    """The paper's nine masks (True = hidden), drawn one after another from one `RandomState(seed)`, as its
    notebook does: random at each rate, then sample-targeted, then feature-targeted. Named like the benchmark's
    scenarios (random_05, paper_sample_10, paper_feature_20, ...)."""
    rng = np.random.RandomState(seed)
    masks = {}
    for pattern in PAPER_PATTERNS.values():
        for rate in rates:
            chance = rate if pattern == "random" else paper_targeted_chance(scaled_cnv, pattern, rate, rng, count=int)
            masks[scenario_name(pattern, rate)] = (rng.random(scaled_cnv.shape) < chance) & ~np.isnan(scaled_cnv)
    return masks


def paper_autoencoder(
    mrna: np.ndarray, cnv: np.ndarray, scored: np.ndarray, settings: dict[str, Any], seed: int
) -> np.ndarray:
    """The paper's network (mRNA -> hidden -> CNV, ReLU, MSE, Adam), trained on every sample for a fixed number
    of epochs with the loss on the `scored` entries only, no validation; its prediction of every entry."""
    with repeatable(settings["threads"]):
        torch.manual_seed(seed)
        x = torch.tensor(mrna, dtype=torch.float32)
        y = torch.tensor(np.nan_to_num(cnv), dtype=torch.float32)
        weight = torch.tensor(scored)
        model = Network(x.shape[1], y.shape[1], settings["hidden"], "relu", 0.0, False)
        trainer = Trainer(
            epochs=settings["epochs"],
            batch_size=settings["batch_size"],
            learning_rate=settings["learning_rate"],
            weight_decay=0.0,
            patience=settings["epochs"],
            name="the paper's autoencoder",
            fused_adam=False,
        )
        rows = torch.arange(len(x))
        trainer.train(
            model, rows, lambda batch: (x[batch], y[batch], weight[batch]), None, torch.Generator().manual_seed(seed)
        )
        with torch.no_grad():
            return model(x).double().numpy()


def _tuned_k(masked: np.ndarray, choices: list[int], rng: np.random.Generator) -> int:
    """The k of `choices` with the least squared error on 5% of the observed entries, hidden once more."""
    observed = np.flatnonzero(~np.isnan(masked))
    probe = rng.choice(observed, size=max(1, observed.size // 20), replace=False)
    probed = masked.copy()
    probed.ravel()[probe] = np.nan
    errors = {
        k: np.mean((knn_impute(probed, probed, 0, k, "uniform").ravel()[probe] - masked.ravel()[probe]) ** 2)
        for k in choices
    }
    return min(errors, key=errors.get)


def _regression(mrna: np.ndarray, masked: np.ndarray, n_mrna: int | None, n_cnv: int | None) -> np.ndarray:
    """Least squares from mRNA to CNV, fitted on the masked matrix with hidden targets at the column mean: from
    the `n_mrna` mRNA genes of highest variance to the first `n_cnv` CNV genes (every gene where None);
    the other CNV genes at their column mean."""
    column_mean = np.nanmean(masked, axis=0)
    prediction = np.broadcast_to(column_mean, masked.shape).copy()
    inputs = mrna if n_mrna is None else mrna[:, np.argsort(-mrna.var(axis=0), kind="stable")[:n_mrna]]
    genes = slice(None) if n_cnv is None else slice(0, n_cnv)
    targets = np.where(np.isnan(masked[:, genes]), column_mean[genes], masked[:, genes])
    prediction[:, genes] = LinearRegression().fit(inputs, targets).predict(inputs)
    return prediction


def run_ladder(
    mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series, params: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every ladder step's scores of every method in every one of the paper's scenarios (pooled MSE, R², the
    "correlation" of the step, and the hidden share), in the paper's units; and the paper's forest on the original
    CNV and on the paper protocol's imputations (of the methods in `classify_methods`). Each method's imputation is computed
    once for each set of shortcuts it depends on, one matrix at a time."""
    truth_all, _, _ = standardise(cnv.to_numpy(dtype=float))  # the paper's units: every sample, every entry
    mrna_scaled = np.nan_to_num(standardise(mrna.to_numpy(dtype=float))[0])  # never hidden: no leak; source NaN: mean
    masks = paper_masks(truth_all, params["rates"], params["seed"])
    forest = params["forest"]
    split = train_test_split(
        np.arange(len(labels)), test_size=forest["test_size"], stratify=labels, random_state=forest["seed"]
    )
    classified = [_forest_scores("original", "original", np.nan_to_num(truth_all), labels, split, forest)]
    scores: dict[tuple, dict[str, float]] = {}
    network: dict[str, np.ndarray] = {}  # the paper's network, trained once

    def scored(method: str, scenario: str, shortcuts: Shortcuts) -> dict[str, float]:
        key = (method, scenario, *_depends(method, shortcuts))
        if key not in scores:
            rng = np.random.default_rng([params["seed"], len(scores)])
            completed = _impute(method, masks[scenario], truth_all, mrna_scaled, shortcuts, params, rng, network)
            scores[key] = masked_scores(truth_all, completed, masks[scenario])
            if shortcuts == Shortcuts() and method in params["classify_methods"]:
                classified.append(_forest_scores(scenario, method, completed, labels, split, forest))
        return scores[key]

    rows = []
    steps = ladder_steps()
    with progress("the paper's ladder", len(steps) * len(masks)) as advance:
        for step, (name, shortcuts) in enumerate(steps):
            for scenario, mask in masks.items():
                pattern, percent = scenario.rsplit("_", 1)
                for method in METHODS:
                    found = scored(method, scenario, shortcuts)
                    correlation = (
                        found["pearson_pooled"] if shortcuts.pooled_correlation else found["pearson_sample_mean"]
                    )
                    for metric, value in (
                        ("mse", found["mse"]),
                        ("r2", found["r2"]),
                        ("correlation", correlation),
                        ("hidden_fraction", mask.sum() / np.isfinite(truth_all).sum()),
                    ):
                        rows.append((step, name, scenario, pattern, int(percent) / 100, method, metric, float(value)))
                advance()
    ladder = pd.DataFrame(rows, columns=["step", "ladder", "scenario", "pattern", "rate", "method", "metric", "value"])
    return ladder, pd.concat(classified, ignore_index=True)


def _forest_scores(
    scenario: str, matrix: str, values: np.ndarray, labels: pd.Series, split, forest: dict[str, Any]
) -> pd.DataFrame:
    """The paper's Random Forest on one stratified split of a whole matrix: accuracy and macro-F1 on its test part."""
    train, test = split
    model = RandomForestClassifier(
        n_estimators=forest["n_estimators"],
        max_depth=forest["max_depth"],
        random_state=forest["seed"],
        n_jobs=forest["n_jobs"],
    )
    predicted = model.fit(values[train], labels.iloc[train]).predict(values[test])
    truth = labels.iloc[test].to_numpy()
    return pd.DataFrame(
        {
            "scenario": scenario,
            "matrix": matrix,
            "metric": ["accuracy", "f1_macro"],
            "value": [
                float(accuracy_score(truth, predicted)),
                float(f1_score(truth, predicted, average="macro", zero_division=0)),
            ],
        }
    )


def _depends(method: str, shortcuts: Shortcuts) -> tuple:
    """The shortcuts a method's imputation depends on."""
    return {
        "mean": (shortcuts.scalers_on_all,),
        "knn": (shortcuts.scalers_on_all, shortcuts.knn_k2),
        "regression": (shortcuts.scalers_on_all, shortcuts.regression_15_genes),
        "autoencoder": (shortcuts.scalers_on_all, shortcuts.autoencoder_sees_hidden),
    }[method]


def _impute(
    method: str,
    mask: np.ndarray,
    truth_all: np.ndarray,
    mrna: np.ndarray,
    shortcuts: Shortcuts,
    params: dict[str, Any],
    rng: np.random.Generator,
    network: dict[str, np.ndarray],
) -> np.ndarray:
    """One method's completed CNV matrix for one mask, in the paper's units."""
    masked_all = np.where(mask, np.nan, truth_all)
    mean, sd = np.zeros(truth_all.shape[1]), np.ones(truth_all.shape[1])
    if not shortcuts.scalers_on_all:  # standardised with the observed entries' statistics (affine in the paper's
        _, mean, sd = standardise(masked_all)  # units), and mapped back to be scored
    masked = (masked_all - mean) / sd
    if method == "mean":
        prediction = np.broadcast_to(np.nanmean(masked, axis=0), masked.shape)
    elif method == "knn":
        k = params["knn_k"] if shortcuts.knn_k2 else _tuned_k(masked, params["knn_k_choices"], rng)
        prediction = knn_impute(masked, masked, 0, k, "uniform")
    elif method == "regression":
        genes = params["regression_genes"]
        prediction = (
            _regression(mrna, masked, genes["mrna"], genes["cnv"])
            if shortcuts.regression_15_genes
            else _regression(mrna, masked, None, None)
        )
    elif shortcuts.autoencoder_sees_hidden:  # trained on the complete CNV, hidden entries included
        if not shortcuts.scalers_on_all:
            complete = (truth_all - mean) / sd
            prediction = paper_autoencoder(mrna, complete, ~np.isnan(complete), params["autoencoder"], params["seed"])
        else:  # the paper's: it sees no mask, so it is trained once
            if "paper" not in network:
                network["paper"] = paper_autoencoder(
                    mrna, truth_all, ~np.isnan(truth_all), params["autoencoder"], params["seed"]
                )
            prediction = network["paper"]
    else:  # trained on the observed entries only
        prediction = paper_autoencoder(mrna, masked, ~np.isnan(masked), params["autoencoder"], params["seed"])
    return np.where(mask, prediction, masked) * sd + mean
