"""Multiple imputation by chained equations (MICE), single-chain, with ridge regressions.

Each CNV gene is regressed (ridge, with intercept) on every other CNV gene, and on the mRNA
with ``use_mrna``, over the complete reference. All these regressions come from one matrix
inverse: with ``P = (ZᵀZ + αI)⁻¹`` over the centred reference columns Z, gene j's
coefficients on the others are ``-P[:, j] / P[j, j]``. Missing target entries start at the
reference mean; each round visits the genes in order and replaces a gene's missing entries
with its regression on the current values of the rest (Gauss-Seidel), for a few rounds.
α is chosen on a held-out part of the reference, masked with a mix of patterns.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer, check_held_out
from multiomics_imputation.study.design import checked, checked_list
from multiomics_imputation.study.masks import held_out_part

logger = logging.getLogger(__name__)


def _gram(columns: np.ndarray) -> np.ndarray:
    """ZᵀZ over the centred columns Z."""
    centred = columns - columns.mean(axis=0)
    return centred.T @ centred


def _coefficients(gram: np.ndarray, alpha: float, n_targets: int) -> np.ndarray:
    """Ridge coefficients of each of the last `n_targets` columns on all the others (p x n_targets, zero on itself),
    from the columns' :func:`_gram` (left as it is)."""
    gram = gram.copy()
    gram[np.diag_indices_from(gram)] += alpha
    inverse = np.linalg.inv(gram)[:, -n_targets:]
    coefficients = -inverse / np.diag(inverse[-n_targets:])
    coefficients[np.arange(len(gram) - n_targets, len(gram)), np.arange(n_targets)] = 0.0
    return coefficients


def chained_equations(
    columns: np.ndarray, mean: np.ndarray, coefficients: np.ndarray, rounds: int, block: int = 64
) -> np.ndarray:
    """Fills the NaNs of the last columns of `columns` (the earlier ones are complete) by `rounds` sweeps.

    Each sweep visits the genes in order and sets a gene's hidden entries to its regression on the
    current values of every other column. The same sweep is computed `block` genes at a time: one
    matrix product gives every gene of the block its regression on the values at the block's start,
    and each gene then adds what the block's earlier genes changed (a `block`-wide correction instead
    of a product over all columns per gene; `python benchmarks/classical.py` measures it).
    """
    n_targets = coefficients.shape[1]
    first = columns.shape[1] - n_targets
    hidden = np.isnan(columns[:, first:])
    values = np.where(np.isnan(columns), mean, columns) - mean
    genes = np.flatnonzero(hidden.any(axis=0))
    for _ in range(rounds):
        for start in range(0, len(genes), block):
            targets = genes[start : start + block]
            rows = np.flatnonzero(hidden[:, targets].any(axis=1))
            cols = first + targets
            # regression on the values at the block's start (gathering most rows costs more than it saves)
            regression = (
                values[rows] @ coefficients[:, targets]
                if len(rows) < len(values) // 2
                else (values @ coefficients[:, targets])[rows]
            )
            within = coefficients[np.ix_(cols, targets)]  # block gene on block gene
            change = np.zeros((len(rows), len(targets)))
            for i, gene in enumerate(targets):
                rows_i = hidden[rows, gene]
                new = regression[rows_i, i] + change[rows_i, :i] @ within[:i, i]
                change[rows_i, i] = new - values[rows[rows_i], cols[i]]
                values[rows[rows_i], cols[i]] = new
    return (values + mean)[:, first:]


class MICEImputer(Imputer):
    """Chained ridge regressions over the CNV genes (and mRNA), a few Gauss-Seidel rounds.

    Parameters
    ----------
    use_mrna : bool, default False
        Regress on mRNA too, not on the other CNV genes alone.
    rounds : int, default 4
        Sweeps over the genes.
    alphas : list of float, default (1, 10, 100, 1000)
        Ridge strengths to choose from.
    validation_fraction : float in (0, 1), default 0.2
        Share of the reference held out, masked, to choose the ridge strength on.
    max_validation_samples : int, default 200
        At most this many held-out samples.
    seed : int, default 0
        Seeds the held-out part and its mask.

    Attributes
    ----------
    alpha_ : float
        The chosen ridge strength.
    mean_, coefficients_ : numpy.ndarray
        The reference's means and each gene's regression on every other column.
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    def __init__(
        self,
        *,
        use_mrna: bool = False,
        rounds: int = 4,
        alphas: list[float] = (1.0, 10.0, 100.0, 1000.0),
        validation_fraction: float = 0.2,
        max_validation_samples: int = 200,
        seed: int = 0,
    ):
        self.use_mrna = use_mrna
        self.rounds = rounds
        self.alphas = alphas
        self.validation_fraction = validation_fraction
        self.max_validation_samples = max_validation_samples
        self.seed = seed

    def check_params(self) -> None:
        checked("rounds", self.rounds, 1, whole=True)
        checked_list("alphas", self.alphas, 0, open_low=True)
        check_held_out(self.validation_fraction, self.max_validation_samples)
        checked("seed", self.seed, 0, whole=True)

    def _columns(self, mrna: np.ndarray, cnv: np.ndarray) -> np.ndarray:
        return np.hstack([mrna, cnv]) if self.use_mrna else cnv

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        x, y = mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float)
        fit, val, hidden = held_out_part(
            len(y), y.shape[1], self.validation_fraction, self.max_validation_samples, self.seed
        )
        fit_columns = self._columns(x[fit], y[fit])
        held_out = self._columns(x[val], np.where(hidden, np.nan, y[val]))
        errors = {}
        fit_gram = _gram(fit_columns)
        for alpha in self.alphas:
            coefficients = _coefficients(fit_gram, alpha, y.shape[1])
            completed = chained_equations(held_out, fit_columns.mean(axis=0), coefficients, self.rounds)
            errors[alpha] = float(np.mean((completed - y[val])[hidden] ** 2))
        self.alpha_ = min(errors, key=errors.get)
        logger.info(
            "mice: held-out MSE by ridge alpha %s -> %s", {k: round(v, 4) for k, v in errors.items()}, self.alpha_
        )
        columns = self._columns(x, y)
        self.mean_, self.coefficients_ = columns.mean(axis=0), _coefficients(_gram(columns), self.alpha_, y.shape[1])

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        columns = self._columns(mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float))
        return chained_equations(columns, self.mean_, self.coefficients_, self.rounds)
