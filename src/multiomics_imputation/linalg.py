"""Linear algebra shared by the classical imputers: ridge over one SVD, and the
conditional distribution of a Gaussian (shrunk covariance).

Plain numpy on float64; no Kedro, no pandas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import cho_solve, lapack
from threadpoolctl import threadpool_limits

DEFAULT_ALPHAS = tuple(np.logspace(-1, 5, 13).tolist())


@dataclass(frozen=True)
class Ridge:
    """A fitted multi-output ridge regression: ``predict(x) = x @ coef + intercept``."""

    coef: np.ndarray
    intercept: np.ndarray
    alpha: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        return x @ self.coef + self.intercept


def fit_ridge(x: np.ndarray, y: np.ndarray, alphas=DEFAULT_ALPHAS) -> tuple[Ridge, np.ndarray]:
    """Ridge regression of every column of `y` on `x` (with intercept); one strength for all
    columns, the one of `alphas` with the least leave-one-out squared error.

    Same choice and coefficients as scikit-learn's ``RidgeCV(alphas)`` (efficient
    leave-one-out), from one SVD of the centred `x` for every strength. Also returns the
    training rows' leave-one-out residuals (each row predicted by the fit without it).
    """
    x_mean, y_mean = x.mean(axis=0), y.mean(axis=0)
    u, s, vt = np.linalg.svd(x - x_mean, full_matrices=False)
    keep = s > s.max(initial=0.0) * max(x.shape) * np.finfo(float).eps
    u, s, vt = u[:, keep], s[keep], vt[keep]
    uty = u.T @ (y - y_mean)
    centred_y = y - y_mean
    u_squared = u * u
    best_alpha, best_error, best_residuals = None, np.inf, None
    for alpha in alphas:
        shrink = s * s / (s * s + alpha)
        leverage = u_squared @ shrink + 1.0 / len(x)
        loo_residuals = (centred_y - u @ (shrink[:, None] * uty)) / (1.0 - leverage)[:, None]
        error = float(np.sum(loo_residuals**2))
        if error < best_error:
            best_alpha, best_error, best_residuals = float(alpha), error, loo_residuals
    coef = vt.T @ ((s / (s * s + best_alpha))[:, None] * uty)
    return Ridge(coef=coef, intercept=y_mean - x_mean @ coef, alpha=best_alpha), best_residuals


def shrunk_covariance(samples: np.ndarray, shrinkage: float) -> np.ndarray:
    """``(1 - shrinkage) S + shrinkage diag(S)``, S the sample covariance of `samples` (rows)."""
    centred = samples - samples.mean(axis=0)
    covariance = centred.T @ centred / len(centred)
    covariance *= 1.0 - shrinkage
    covariance[np.diag_indices_from(covariance)] /= 1.0 - shrinkage
    return covariance


def conditional_gaussian(
    precision: np.ndarray, deviation: np.ndarray, hidden: np.ndarray, with_variance: bool = True
) -> tuple[np.ndarray, np.ndarray | None]:
    """Conditional mean offset and variance of the hidden entries of zero-mean Gaussian vectors.

    `precision` (p x p): the inverse covariance Q; `deviation` (n x p): each sample's values
    minus its mean (anything where hidden); `hidden` (n x p, bool). Returns (n x p) arrays,
    0 where observed: ``E[x_h | x_o] = -Q_hh⁻¹ Q_ho x_o`` and ``Var[x_h | x_o] = diag(Q_hh⁻¹)``,
    the same as ``Σ_ho Σ_oo⁻¹ x_o`` and ``diag(Σ_hh - Σ_ho Σ_oo⁻¹ Σ_oh)`` (None unless
    `with_variance`). Each distinct pattern
    of hidden entries costs one Cholesky factorisation of size |hidden|, shared by every sample
    that has that pattern.
    """
    coupling_all = np.where(hidden, 0.0, deviation) @ precision  # row i: (Q x_o)ᵀ, one product for all samples
    offset = np.zeros(deviation.shape)
    variance = np.zeros(deviation.shape) if with_variance else None
    patterns, group = np.unique(np.packbits(hidden, axis=1), axis=0, return_inverse=True)
    group = group.ravel()
    # Many small factorisations run faster on one thread than with BLAS threads waking for each.
    with threadpool_limits(1 if len(patterns) > 8 else None):
        for g in range(len(patterns)):
            rows = np.flatnonzero(group == g)
            cols = np.flatnonzero(hidden[rows[0]])
            if cols.size == 0:
                continue
            factor, info = lapack.dpotrf(precision[np.ix_(cols, cols)], lower=1)
            if info != 0:
                raise np.linalg.LinAlgError(f"precision block of {cols.size} hidden entries is not positive definite")
            coupling = coupling_all[np.ix_(rows, cols)]  # (Q_ho x_o)ᵀ per sample
            offset[np.ix_(rows, cols)] = -cho_solve((factor, True), coupling.T).T
            if with_variance:  # diag(Q_hh⁻¹) from the same factor
                variance[np.ix_(rows, cols)] = np.diag(lapack.dpotri(factor, lower=1)[0])
    return offset, variance
