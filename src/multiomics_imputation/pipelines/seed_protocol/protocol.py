"""The original study's protocol, re-enacted with its shortcuts, and a ladder that removes them one at a time.

Read from the study's public notebook: one scaler fitted on every sample; nine masks drawn one after
another on the whole scaled CNV matrix from one seed (42); mean, KNN (k = 2, on the masked CNV alone),
linear regression (the 100 "highest-variance" mRNA genes predicting only the first 15 CNV genes; every
other hidden entry its column mean) and the autoencoder (mRNA -> 512 -> 128 -> 512 -> CNV, trained once
on the complete CNV of every sample, hidden entries included); MSE, R² and Pearson r pooled over all
hidden entries; a Random Forest on one stratified 75/25 split of each whole imputed matrix.

The ladder starts there and removes one shortcut per step (cumulatively), every step on the same
masks, scored in the same units (the study's: standardised with every sample's statistics, a fixed
frame that fits nothing). No Kedro here, and nothing of the honest benchmark imports this module:
its shortcuts (scalers on all samples, a network trained on the hidden entries) stay here.
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

from multiomics_imputation.imputers.networks import Network
from multiomics_imputation.imputers.torch_runtime import repeatable
from multiomics_imputation.imputers.knn import knn_impute
from multiomics_imputation.imputers.training import masked_mse
from multiomics_imputation.scoring.metrics import masked_scores
from multiomics_imputation.study.masks import SEED_TARGETED_GENES, SEED_TARGETED_SAMPLES, scenario_name
from multiomics_imputation.study.progress import progress

logger = logging.getLogger(__name__)

STUDY_PATTERNS = {"random": "random", "sample-targeted": "seed_sample", "feature-targeted": "seed_feature"}
METHODS = ("mean", "knn", "regression", "autoencoder")


@dataclass(frozen=True)
class Shortcuts:
    """Which of the study's shortcuts a ladder step still takes (True = taken, as in the study)."""

    autoencoder_sees_hidden: bool = True  # trained on the complete CNV, hidden entries included
    scalers_on_all: bool = True  # CNV standardised with every entry's statistics, hidden ones included
    knn_k2: bool = True  # k = 2, not chosen
    regression_15_genes: bool = True  # 100 mRNA genes -> the first 15 CNV genes; the rest at the mean
    pooled_correlation: bool = True  # "correlation" = Pearson r over all hidden entries pooled


#: The ladder: each step removes one more shortcut (the names are the shortcuts removed).
LADDER = ("study", "autoencoder_sees_hidden", "scalers_on_all", "knn_k2", "regression_15_genes", "pooled_correlation")


def ladder_steps() -> list[tuple[str, Shortcuts]]:
    """(name, shortcuts) of every step: the study's protocol, then one shortcut fewer at each step."""
    steps, shortcuts = [], Shortcuts()
    for removed in LADDER:
        if removed != "study":
            shortcuts = replace(shortcuts, **{removed: False})
        steps.append(("study's protocol" if removed == "study" else f"- {removed}", shortcuts))
    return steps


def standardise(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values standardised per column with the statistics of their observed entries; the means and SDs."""
    mean = np.nanmean(values, axis=0)
    sd = np.nanstd(values, axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (values - mean) / sd, mean, sd


def study_masks(scaled_cnv: np.ndarray, rates: list[float], seed: int) -> dict[str, np.ndarray]:
    """The study's nine masks (True = hidden), drawn one after another from one seed: random at each rate,
    then sample-targeted, then feature-targeted. Named like the benchmark's scenarios (random_05, seed_sample_10,
    seed_feature_20, ...)."""
    rng = np.random.RandomState(seed)
    n_samples, n_genes = scaled_cnv.shape
    masks = {}
    for pattern in STUDY_PATTERNS.values():
        for rate in rates:
            high, low = min(0.95, rate + 0.15), rate / 2
            if pattern == "random":
                chance = np.full((1, 1), rate)
            elif pattern == "seed_sample":
                targeted = rng.choice(n_samples, size=int(SEED_TARGETED_SAMPLES * n_samples), replace=False)
                chance = np.where(np.isin(np.arange(n_samples), targeted), high, low)[:, None]
            else:
                top = np.argsort(-np.nanvar(scaled_cnv, axis=0), kind="stable")[:SEED_TARGETED_GENES]
                chance = np.where(np.isin(np.arange(n_genes), top), high, low)[None, :]
            masks[scenario_name(pattern, rate)] = (rng.rand(n_samples, n_genes) < chance) & ~np.isnan(scaled_cnv)
    return masks


def study_autoencoder(
    mrna: np.ndarray, cnv: np.ndarray, scored: np.ndarray, settings: dict[str, Any], seed: int
) -> np.ndarray:
    """The study's network (mRNA -> hidden -> CNV, ReLU, MSE, Adam), trained on every sample for a fixed number
    of epochs with the loss on the `scored` entries only, no validation; its prediction of every entry."""
    with repeatable(settings["threads"]):
        torch.manual_seed(seed)
        x = torch.tensor(mrna, dtype=torch.float32)
        y = torch.tensor(np.nan_to_num(cnv), dtype=torch.float32)
        weight = torch.tensor(scored)
        model = Network(x.shape[1], y.shape[1], settings["hidden"], "relu", 0.0, False)
        optimiser = torch.optim.Adam(model.parameters(), lr=settings["learning_rate"])
        generator = torch.Generator().manual_seed(seed)
        for epoch in range(settings["epochs"]):
            for batch in torch.randperm(len(x), generator=generator).split(settings["batch_size"]):
                loss = masked_mse(model(x[batch]), y[batch], weight[batch])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            logger.info("study's autoencoder epoch %d/%d: loss %.4f", epoch + 1, settings["epochs"], loss.item())
        with torch.no_grad():
            return model.eval()(x).double().numpy()


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
    """Every ladder step's scores of every method in every study scenario (pooled MSE, R², the "correlation" of
    the step, and the hidden share), in the study's units; and the study's forest on the original CNV and on the
    study protocol's imputations (of the methods in `classify_methods`). Each method's imputation is computed
    once for each set of shortcuts it depends on, one matrix at a time."""
    truth_all, _, _ = standardise(cnv.to_numpy(dtype=float))  # the study's units: every sample, every entry
    mrna_scaled = np.nan_to_num(standardise(mrna.to_numpy(dtype=float))[0])  # never hidden: no leak; source NaN: mean
    masks = study_masks(truth_all, params["rates"], params["seed"])
    forest = params["forest"]
    split = train_test_split(
        np.arange(len(labels)), test_size=forest["test_size"], stratify=labels, random_state=forest["seed"]
    )
    classified = [_forest_scores("original", "original", np.nan_to_num(truth_all), labels, split, forest)]
    scores: dict[tuple, dict[str, float]] = {}
    network: dict[str, np.ndarray] = {}  # the study's network, trained once

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
    with progress("the study's ladder", len(steps) * len(masks)) as advance:
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
    """The study's Random Forest on one stratified split of a whole matrix: accuracy and macro-F1 on its test part."""
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
    """One method's completed CNV matrix for one mask, in the study's units."""
    masked_all = np.where(mask, np.nan, truth_all)
    mean, sd = np.zeros(truth_all.shape[1]), np.ones(truth_all.shape[1])
    if not shortcuts.scalers_on_all:  # standardised with the observed entries' statistics (affine in the study's
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
            prediction = study_autoencoder(mrna, complete, ~np.isnan(complete), params["autoencoder"], params["seed"])
        else:  # the study's: it sees no mask, so it is trained once
            if "study" not in network:
                network["study"] = study_autoencoder(
                    mrna, truth_all, ~np.isnan(truth_all), params["autoencoder"], params["seed"]
                )
            prediction = network["study"]
    else:  # trained on the observed entries only
        prediction = study_autoencoder(mrna, masked, ~np.isnan(masked), params["autoencoder"], params["seed"])
    return np.where(mask, prediction, masked) * sd + mean
