"""Conditional Gaussian imputation: each sample's missing CNV given its observed CNV (and mRNA).

CNV genes are strongly correlated along the genome, so a sample's own observed genes say
much about its hidden ones. Two Gaussian models of a sample's CNV, each with a shrunk
covariance ``(1 - λ) S + λ diag(S)``, are fitted on the reference:

* ``cnv``: mean = the reference mean, S = the covariance of the reference CNV;
* ``mrna`` (with ``use_mrna``): mean = a ridge regression on the sample's mRNA,
  S = the covariance of the ridge's leave-one-out residuals. With no CNV observed this is
  ridge itself, so whole missing profiles fall back to the mRNA.

A missing entry gets its conditional mean given the sample's observed CNV; the two models
are blended per band of observed CNV (none, up to half, more than half). λ (one for both
models), the blend weights and the uncertainty's scale are chosen on a held-out part of the reference,
masked with a mix of patterns (never on the target). The uncertainty is the conditional
standard deviation of the ``mrna`` model (of ``cnv`` without mRNA), scaled per band so
that its 90% interval covers 90% of held-out entries. Draws (:meth:`~Imputer.impute_draws`) add to
the blended mean noise drawn jointly from that model's conditional covariance of the sample's hidden
entries, scaled as the SD is: a whole missing profile draws from the ridge prediction with the
residuals' covariance.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer, check_held_out
from multiomics_imputation.imputers.calibration import BandBlend, observed_band
from multiomics_imputation.imputers.linalg import (
    DEFAULT_ALPHAS,
    conditional_gaussian,
    fit_ridge,
    sample_covariance,
    shrunk_covariance,
)
from multiomics_imputation.study.design import checked, checked_list
from multiomics_imputation.study.masks import held_out_part

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Model:
    """One Gaussian model of the CNV: a prior mean (from mRNA, or constant) and a precision matrix."""

    coef: np.ndarray | None  # mRNA -> CNV ridge coefficients; None: constant mean
    intercept: np.ndarray
    precision: np.ndarray

    def predict(
        self,
        mrna: np.ndarray,
        cnv: np.ndarray,
        hidden: np.ndarray,
        with_variance: bool = True,
        normals: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """The conditional mean, variance (with `with_variance`) and joint noise of each draw (for `normals`)."""
        prior = self.intercept + (mrna @ self.coef if self.coef is not None else 0.0)
        prior = np.broadcast_to(prior, cnv.shape)
        offset, variance, noise = conditional_gaussian(self.precision, cnv - prior, hidden, with_variance, normals)
        return prior + offset, variance, noise


def _cnv_model(mean: np.ndarray, covariance: np.ndarray, shrinkage: float) -> _Model:
    """Constant mean, covariance of the CNV (the sample covariance, shrunk)."""
    return _Model(coef=None, intercept=mean, precision=np.linalg.inv(shrunk_covariance(covariance, shrinkage)))


def _mrna_model(mrna: np.ndarray, cnv: np.ndarray, shrinkage: float, alphas) -> _Model:
    """Mean from a ridge regression on mRNA, covariance of its leave-one-out residuals."""
    ridge, residuals = fit_ridge(mrna, cnv, alphas)
    precision = np.linalg.inv(shrunk_covariance(sample_covariance(residuals), shrinkage))
    return _Model(coef=ridge.coef, intercept=ridge.intercept, precision=precision)


class GaussianImputer(Imputer):
    """Conditional Gaussian imputation with shrunk covariances; uncertainty = calibrated conditional SD.

    Parameters
    ----------
    use_mrna : bool, default True
        The prior mean from a ridge regression on mRNA (covariance of its residuals), not a constant.
    shrinkages : list of float in (0, 1], default (0.05, 0.1, 0.2, 0.4)
        Covariance shrinkages to choose from.
    validation_fraction : float in (0, 1), default 0.2
        Share of the reference held out, masked, to choose the shrinkage, the blend and the uncertainty's scale on.
    max_validation_samples : int, default 200
        At most this many held-out samples.
    seed : int, default 0
        Seeds the held-out part and its mask.
    alphas : list of float, default 13 strengths from 0.1 to 1e5
        Ridge strengths (with ``use_mrna``).

    Attributes
    ----------
    shrinkage_ : float
        The chosen shrinkage.
    blend_ : calibration.BandBlend
        Per band of observed CNV: the weight of the model with mRNA and the uncertainty's scale.
    cnv_model_, mrna_model_
        The Gaussian models without and with mRNA (None without ``use_mrna``).
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    has_uncertainty = True
    joint_draws = True

    def __init__(
        self,
        *,
        use_mrna: bool = True,
        shrinkages: list[float] = (0.05, 0.1, 0.2, 0.4),
        validation_fraction: float = 0.2,
        max_validation_samples: int = 200,
        alphas: list[float] = DEFAULT_ALPHAS,
        seed: int = 0,
    ):
        self.use_mrna = use_mrna
        self.shrinkages = shrinkages
        self.validation_fraction = validation_fraction
        self.max_validation_samples = max_validation_samples
        self.alphas = alphas
        self.seed = seed

    def check_params(self) -> None:
        checked_list("shrinkages", self.shrinkages, 0, 1, open_low=True)
        check_held_out(self.validation_fraction, self.max_validation_samples)
        checked_list("alphas", self.alphas, 0, open_low=True)
        checked("seed", self.seed, 0, whole=True)

    def memory_needed(self, n_samples: int, n_mrna: int, n_cnv: int) -> tuple[float, str]:
        # float64: copies of the data; with mRNA, ridge's Gram matrix (the smaller of samples and mRNA genes,
        # squared) and its coefficients (mRNA x CNV genes); the CNV covariances and precisions (CNV genes squared).
        # Nothing grows with the square of the mRNA genes where the samples are fewer.
        ridge = 4.0 * min(n_samples, n_mrna) ** 2 + 3.0 * n_mrna * n_cnv if self.use_mrna else 0.0
        return 8.0 * (8 * n_samples * (n_mrna + n_cnv) + ridge + 6 * n_cnv * n_cnv), "the cohort's shape"

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        x, y = mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float)
        fit, val, hidden = held_out_part(
            len(y), y.shape[1], self.validation_fraction, self.max_validation_samples, self.seed
        )
        masked = np.where(hidden, np.nan, y[val])

        errors = {}
        fit_mean, fit_covariance = y[fit].mean(axis=0), sample_covariance(y[fit])
        for shrinkage in self.shrinkages:  # chosen on the CNV-only model, used by both
            model = _cnv_model(fit_mean, fit_covariance, shrinkage)
            prediction, _, _ = model.predict(x[val], masked, hidden, with_variance=False)
            errors[shrinkage] = float(np.mean((prediction - y[val])[hidden] ** 2))
            if min(errors, key=errors.get) == shrinkage:
                other = model  # the best so far, kept for the blend below
        self.shrinkage_ = min(errors, key=errors.get)
        logger.info(
            "gaussian: held-out MSE by shrinkage %s -> %s", {k: round(v, 4) for k, v in errors.items()}, self.shrinkage_
        )
        base = _mrna_model(x[fit], y[fit], self.shrinkage_, self.alphas) if self.use_mrna else other
        prediction, variance, _ = base.predict(x[val], masked, hidden)
        alternative = other.predict(x[val], masked, hidden, with_variance=False)[0] if self.use_mrna else prediction
        self.blend_ = BandBlend.fit(y[val], prediction, alternative, np.sqrt(variance), hidden)
        logger.info(
            "gaussian: weight of the CNV-only model per band (no / up to half / more CNV observed): %s; "
            "uncertainty scale: %s",
            np.round(self.blend_.weight, 3).tolist(),
            np.round(self.blend_.scale, 3).tolist(),
        )
        self.cnv_model_ = _cnv_model(y.mean(axis=0), sample_covariance(y), self.shrinkage_)
        self.mrna_model_ = _mrna_model(x, y, self.shrinkage_, self.alphas) if self.use_mrna else None

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None):
        return self._predict_draws(mrna, cnv, labels, None)[:2]

    def _predict_draws(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None, normals: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """The blended mean, the calibrated SD and, for `normals`, each draw's joint noise: the conditional covariance
        of the model that gives the SD (with mRNA where fitted), scaled per band as the SD is."""
        x, y = mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float)
        hidden = np.isnan(y)
        filled = np.where(hidden, 0.0, y)
        if self.mrna_model_ is None:
            base, variance, noise = self.cnv_model_.predict(x, filled, hidden, normals=normals)
            other = base
        else:
            base, variance, noise = self.mrna_model_.predict(x, filled, hidden, normals=normals)
            other = self.cnv_model_.predict(x, filled, hidden, with_variance=False)[0]
        mean, sd = self.blend_.apply(base, other, np.sqrt(variance), ~hidden)
        if noise is not None:
            noise = noise * self.blend_.scale[observed_band(~hidden)][:, None]
        return mean, sd, noise
