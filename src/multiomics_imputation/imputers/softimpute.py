"""Low-rank matrix completion by nuclear-norm shrinkage (soft-impute; Mazumder, Hastie and
Tibshirani 2010), with the low-rank factor learnt on the complete reference.

Soft-impute repeats ``Z ← S_λ(observed entries of X, Z elsewhere)``, where ``S_λ`` shrinks
every singular value by λ (and drops those below). Here the singular vectors and values
come from the reference (CNV, and mRNA beside it with ``use_mrna``), so ``S_λ`` is the
linear map ``A = V diag(max(s - λ, 0) / s) Vᵀ`` on a sample's row, and a target sample's
iteration ``z_h ← (A z)_h`` converges to ``z_h = (I - A_hh)⁻¹ A_ho x_o``: computed directly,
as the conditional mean of a Gaussian with precision ``I - A``. λ is chosen on a held-out
part of the reference, masked with a mix of patterns.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer, check_held_out
from multiomics_imputation.imputers.linalg import conditional_gaussian, decompose
from multiomics_imputation.study.design import checked, checked_list
from multiomics_imputation.study.masks import held_out_part

logger = logging.getLogger(__name__)


def _spectrum(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The singular values (largest first) and right singular vectors (as rows) of the centred `rows`, from one
    eigendecomposition of their smaller Gram matrix (:func:`~multiomics_imputation.imputers.linalg.decompose`;
    a quarter of an SVD's time at the Pan-Cancer shape). Directions with s below ~1e-6 of the largest are left out:
    every penalty of 1e-6 or more shrinks them to nothing anyway."""
    _, s, v = decompose(rows - rows.mean(axis=0))
    order = np.argsort(s)[::-1]
    return s[order], v[:, order].T


def _shrinkage_operator(s: np.ndarray, vt: np.ndarray, penalty: float) -> np.ndarray:
    """``I - A`` for the SVD (`s`, `vt`) of the centred rows soft-thresholded at `penalty` × the top singular value."""
    shrink = np.maximum(s - penalty * s[0], 0.0) / s
    operator = -(vt.T * shrink) @ vt
    operator[np.diag_indices_from(operator)] += 1.0
    return operator


class SoftImputeImputer(Imputer):
    """Soft-impute with the reference's singular vectors; λ chosen on held-out reference samples.

    Parameters
    ----------
    use_mrna : bool, default False
        Complete mRNA and CNV side by side, not CNV alone.
    penalties : list of float, default (0.001, 0.003, 0.01, 0.03, 0.1)
        Soft thresholds (x the top singular value) to choose from, each at least 1e-6.
    validation_fraction : float in (0, 1), default 0.2
        Share of the reference held out, masked, to choose the penalty on.
    max_validation_samples : int, default 200
        At most this many held-out samples.
    seed : int, default 0
        Seeds the held-out part and its mask.

    Attributes
    ----------
    penalty_ : float
        The chosen penalty.
    mean_, operator_ : numpy.ndarray
        The reference's mean and the soft-thresholded projection a target row is completed with.
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    def __init__(
        self,
        *,
        use_mrna: bool = False,
        penalties: list[float] = (0.001, 0.003, 0.01, 0.03, 0.1),
        validation_fraction: float = 0.2,
        max_validation_samples: int = 200,
        seed: int = 0,
    ):
        self.use_mrna = use_mrna
        self.penalties = penalties
        self.validation_fraction = validation_fraction
        self.max_validation_samples = max_validation_samples
        self.seed = seed

    def check_params(self) -> None:
        checked_list("penalties", self.penalties, 1e-6)  # smaller ones would keep directions `_spectrum` leaves out
        check_held_out(self.validation_fraction, self.max_validation_samples)
        checked("seed", self.seed, 0, whole=True)

    def _rows(self, mrna: np.ndarray, cnv: np.ndarray) -> np.ndarray:
        return np.hstack([mrna, cnv]) if self.use_mrna else cnv

    def _complete(self, operator: np.ndarray, mean: np.ndarray, mrna: np.ndarray, cnv: np.ndarray) -> np.ndarray:
        rows = self._rows(mrna, cnv)
        hidden = np.isnan(rows)
        offset, _, _ = conditional_gaussian(operator, rows - mean, hidden, with_variance=False)
        return (mean + offset)[:, -cnv.shape[1] :]

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        x, y = mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float)
        fit, val, hidden = held_out_part(
            len(y), y.shape[1], self.validation_fraction, self.max_validation_samples, self.seed
        )
        fit_rows = self._rows(x[fit], y[fit])
        svd = _spectrum(fit_rows)
        errors = {}
        for penalty in self.penalties:
            operator = _shrinkage_operator(*svd, penalty)
            completed = self._complete(operator, fit_rows.mean(axis=0), x[val], np.where(hidden, np.nan, y[val]))
            errors[penalty] = float(np.mean((completed - y[val])[hidden] ** 2))
        self.penalty_ = min(errors, key=errors.get)
        logger.info(
            "softimpute: held-out MSE by penalty (x top singular value) %s -> %s",
            {k: round(v, 4) for k, v in errors.items()},
            self.penalty_,
        )
        rows = self._rows(x, y)
        svd = _spectrum(rows)
        self.mean_, self.operator_ = rows.mean(axis=0), _shrinkage_operator(*svd, self.penalty_)

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        return self._complete(self.operator_, self.mean_, mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float))
