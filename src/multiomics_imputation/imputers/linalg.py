"""Linear algebra shared by the classical imputers: ridge over one eigendecomposition of the smaller Gram
matrix, and the conditional distribution of a Gaussian (shrunk covariance).

Plain numpy (float64, with float32 where the docstring says so); no Kedro, no pandas.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
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
    leave-one-out), from one decomposition of the centred `x` for every strength. Also returns
    the training rows' leave-one-out residuals (each row predicted by the fit without it).
    The strengths are compared on float32 residuals (twice the speed; the errors agree to ~1e-6);
    the chosen one's residuals and coefficients are float64.
    """
    x_mean, y_mean = x.mean(axis=0), y.mean(axis=0)
    centred_y = y - y_mean
    u, s, v = decompose(x - x_mean)
    uty = u.T @ centred_y
    outside = centred_y - u @ uty  # the part of y no fit through x reaches
    u32, uty32, outside32 = (a.astype(np.float32) for a in (u, uty, outside))
    u_squared = u * u

    def loo_residuals(alpha, u, uty, outside):  # y minus the fit = u (kept part of uty) + outside
        kept = alpha / (s * s + alpha)
        leverage = u_squared @ (1.0 - kept) + 1.0 / len(x)
        residuals = u @ (kept.astype(uty.dtype)[:, None] * uty) + outside
        return residuals / (1.0 - leverage).astype(uty.dtype)[:, None]

    errors = [float(np.square(loo_residuals(alpha, u32, uty32, outside32)).sum(dtype=np.float64)) for alpha in alphas]
    best_alpha = float(alphas[int(np.argmin(errors))])
    coef = v @ ((s / (s * s + best_alpha))[:, None] * uty)
    return (
        Ridge(coef=coef, intercept=y_mean - x_mean @ coef, alpha=best_alpha),
        loo_residuals(best_alpha, u, uty, outside),
    )


def fit_least_squares(x: np.ndarray, y: np.ndarray) -> Ridge:
    """Ordinary least squares of every column of `y` on `x` (with intercept), the minimum-norm solution where
    `x` has fewer rows than columns: scikit-learn's ``LinearRegression``, from one decomposition of the centred `x`
    (directions with s² below ~1e-12 of the largest left out) instead of an SVD-based solver."""
    x_mean, y_mean = x.mean(axis=0), y.mean(axis=0)
    u, s, v = decompose(x - x_mean)
    coef = v @ ((1.0 / s)[:, None] * (u.T @ (y - y_mean)))
    return Ridge(coef=coef, intercept=y_mean - x_mean @ coef, alpha=0.0)


def decompose(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``x = u diag(s) v.T`` over the directions of nonzero s, from the eigendecomposition of the
    smaller Gram matrix (xᵀx or xxᵀ), cheaper than an SVD of `x`. Directions with
    s² below ~1e-12 of the largest are left out; ridge shrinks them to nothing."""
    tall = x.shape[0] >= x.shape[1]
    gram = x.T @ x if tall else x @ x.T
    eigenvalues, vectors = np.linalg.eigh(gram)
    keep = eigenvalues > eigenvalues.max(initial=0.0) * max(x.shape) * np.finfo(float).eps
    s, vectors = np.sqrt(eigenvalues[keep]), vectors[:, keep]
    other = (x @ vectors if tall else x.T @ vectors) / s
    return (other, s, vectors) if tall else (vectors, s, other)


VARIANCE_FLOOR = 1e-6  # of the average variance


def sample_covariance(samples: np.ndarray) -> np.ndarray:
    """The covariance of the columns of `samples` (rows), divided by the number of rows."""
    centred = samples - samples.mean(axis=0)
    return centred.T @ centred / len(centred)


def shrunk_covariance(covariance: np.ndarray, shrinkage: float) -> np.ndarray:
    """``(1 - shrinkage) S + shrinkage diag(S)`` for a sample covariance S (:func:`sample_covariance`; left as it is).

    A column constant in the samples (GISTIC calls of a rare event, in a part of the reference that
    lacks its one altered sample) gets VARIANCE_FLOOR of the average variance, so that the matrix
    stays positive definite: such a gene is then predicted by its mean, with a near-zero spread.
    """
    shrunk = covariance * (1.0 - shrinkage)
    diagonal = np.diag_indices_from(shrunk)
    variance = shrunk[diagonal] / (1.0 - shrinkage)
    shrunk[diagonal] = np.maximum(variance, VARIANCE_FLOOR * (variance.mean() or 1.0))
    return shrunk


def conditional_gaussian(
    precision: np.ndarray,
    deviation: np.ndarray,
    hidden: np.ndarray,
    with_variance: bool = True,
    normals: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Conditional mean offset, variance and joint draws of the hidden entries of zero-mean Gaussian vectors.

    `precision` (p x p): the inverse covariance Q; `deviation` (n x p): each sample's values
    minus its mean (anything where hidden); `hidden` (n x p, bool). Returns (n x p) arrays,
    0 where observed: ``E[x_h | x_o] = -Q_hh⁻¹ Q_ho x_o`` and ``Var[x_h | x_o] = diag(Q_hh⁻¹)``,
    the same as ``Σ_ho Σ_oo⁻¹ x_o`` and ``diag(Σ_hh - Σ_ho Σ_oo⁻¹ Σ_oh)`` (None unless
    `with_variance`). With `normals` (draws x n x p standard normals; needs `with_variance`), also
    each draw's noise ``L⁻ᵀ z_h`` where ``Q_hh = L Lᵀ``: jointly N(0, Q_hh⁻¹) over a sample's hidden
    entries (the conditional covariance, not only its diagonal); else None. Each distinct pattern of
    hidden entries costs one Cholesky factorisation of size |hidden|, shared by every sample that has
    that pattern. Where every sample hides the same core of entries and a few others (whole genes
    missing, plus a sample's own source NaNs), the core is factorised once and each pattern only
    solves for its own few entries (block elimination through the Schur complement: the same answer
    up to rounding).
    """
    if normals is not None and not with_variance:
        raise ValueError("conditional_gaussian: drawing (normals) needs with_variance=True")
    coupling = np.where(hidden, 0.0, deviation) @ precision  # row i: (Q x_o)ᵀ, one product for all samples
    offset = np.zeros(deviation.shape)
    variance = np.zeros(deviation.shape) if with_variance else None
    noise = np.zeros(normals.shape) if normals is not None else None
    patterns, group = np.unique(np.packbits(hidden, axis=1), axis=0, return_inverse=True)
    group = group.ravel()
    core = np.flatnonzero(hidden.all(axis=0)) if len(patterns) > 1 else np.empty(0, dtype=int)
    around = _Core(precision, core, coupling, with_variance) if core.size else None

    def solve(g: int) -> None:  # one pattern: its rows get their offsets (and variances)
        rows = np.flatnonzero(group == g)
        cols = np.flatnonzero(hidden[rows[0]])
        if cols.size == 0:
            return
        extra = np.setdiff1d(cols, around.cols, assume_unique=True) if around is not None else None
        if around is not None:
            cols = np.concatenate([around.cols, extra])  # the order of the solution's columns
        z = normals[:, rows[:, None], cols] if normals is not None else None
        if around is None:
            solution, diagonal, draws = _solve_pattern(precision, cols, coupling[np.ix_(rows, cols)], with_variance, z)
        else:
            solution, diagonal, draws = around.solve(rows, extra, z)
        offset[np.ix_(rows, cols)] = -solution
        if with_variance:
            variance[np.ix_(rows, cols)] = diagonal
        if draws is not None:
            noise[:, rows[:, None], cols] = draws

    # Many small factorisations: one pattern per core, each on one BLAS thread (LAPACK releases
    # the GIL; each pattern's arithmetic is the same whatever the thread, so runs repeat exactly).
    if len(patterns) > 8:
        with threadpool_limits(1), ThreadPoolExecutor(_cores()) as pool:
            list(pool.map(solve, range(len(patterns))))
    else:
        for g in range(len(patterns)):
            solve(g)
    return offset, variance, noise


def _cholesky(block: np.ndarray) -> np.ndarray:
    factor, info = lapack.dpotrf(block, lower=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"precision block of {len(block)} hidden entries is not positive definite")
    return factor


def _solve_pattern(
    precision: np.ndarray, cols: np.ndarray, coupling: np.ndarray, with_variance: bool, normals: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """``Q_hh⁻¹ (Q_ho x_o)`` for the rows of one pattern (`coupling`: rows x hidden), ``diag(Q_hh⁻¹)`` and, for
    `normals` (draws x rows x hidden), the draws ``L⁻ᵀ z`` (rows: ``z L⁻¹``)."""
    factor = _cholesky(precision[np.ix_(cols, cols)])
    solution = cho_solve((factor, True), coupling.T).T
    if not with_variance:
        return solution, None, None
    inverse, _ = lapack.dtrtri(factor, lower=1)  # diag(Q_hh⁻¹) = column sums of squares of L⁻¹
    return solution, np.square(inverse).sum(axis=0), (normals @ inverse if normals is not None else None)


class _Core:
    """The hidden entries every sample shares (`cols`, c of them), factorised once: a pattern that hides them
    and m others is solved by block elimination, at a cost that grows with c² m instead of (c + m)³."""

    def __init__(self, precision: np.ndarray, cols: np.ndarray, coupling: np.ndarray, with_variance: bool) -> None:
        self.precision, self.cols, self.with_variance = precision, cols, with_variance
        self.factor = _cholesky(precision[np.ix_(cols, cols)])
        self.coupling = coupling
        self.core_solution = cho_solve((self.factor, True), coupling[:, cols].T).T  # A⁻¹ y_c for every row
        if with_variance:
            self.core_inverse, _ = lapack.dtrtri(self.factor, lower=1)  # L_A⁻¹
            self.core_variance = np.square(self.core_inverse).sum(axis=0)  # diag(A⁻¹)

    def solve(
        self, rows: np.ndarray, extra: np.ndarray, normals: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """As :func:`_solve_pattern` for the rows of one pattern that hides the core and the entries `extra`; the
        solution's columns (and the normals') are the core's, then the extra ones."""
        c = len(self.cols)
        if extra.size == 0:
            if not self.with_variance:
                return self.core_solution[rows], None, None
            draws = normals @ self.core_inverse if normals is not None else None
            return self.core_solution[rows], self.core_variance, draws
        # Q_hh = [[A, B], [Bᵀ, D]]: W = A⁻¹ B, S = D - Bᵀ W (the Schur complement, positive definite);
        # z_e = S⁻¹ (y_e - Bᵀ A⁻¹ y_c), z_c = A⁻¹ y_c - W z_e.
        b = self.precision[np.ix_(self.cols, extra)]
        w = cho_solve((self.factor, True), b)
        schur = _cholesky(self.precision[np.ix_(extra, extra)] - b.T @ w)
        core = self.core_solution[rows]
        z_extra = cho_solve((schur, True), (self.coupling[np.ix_(rows, extra)] - core @ b).T).T
        solution = np.hstack([core - z_extra @ w.T, z_extra])
        if not self.with_variance:
            return solution, None, None
        # diag(Q_hh⁻¹): S⁻¹ on the extra entries, diag(A⁻¹) + diag(W S⁻¹ Wᵀ) on the core
        inverse, _ = lapack.dtrtri(schur, lower=1)
        spread = w @ inverse.T  # W L_S⁻ᵀ
        variance = np.concatenate([self.core_variance + np.square(spread).sum(axis=1), np.square(inverse).sum(axis=0)])
        if normals is None:
            return solution, variance, None
        # Q_hh = L Lᵀ with L = [[L_A, 0], [Bᵀ L_A⁻ᵀ, L_S]]; Lᵀ x = z gives x_e = L_S⁻ᵀ z_e, x_c = L_A⁻ᵀ z_c - W x_e
        draws_extra = normals[..., c:] @ inverse
        return (
            solution,
            variance,
            np.concatenate([normals[..., :c] @ self.core_inverse - draws_extra @ w.T, draws_extra], axis=-1),
        )


def _cores() -> int:
    """CPU cores this process may run on (its affinity where the system reports one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
