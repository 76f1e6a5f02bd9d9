"""CNV predicted from mRNA by linear regression: ordinary least squares and ridge."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer
from multiomics_imputation.imputers.linalg import DEFAULT_ALPHAS, fit_least_squares, fit_ridge
from multiomics_imputation.study.design import checked_list


class LinearRegressionImputer(Imputer):
    """The original paper's method: CNV from mRNA by ordinary least squares.

    With about as many reference samples as mRNA genes the fit interpolates the
    reference and generalises badly; :class:`RidgeImputer` is the regularised version.

    Attributes
    ----------
    model_ : linalg.Ridge
        The fitted least squares (strength 0), mRNA -> every CNV gene: scikit-learn's ``LinearRegression``
        (:func:`multiomics_imputation.imputers.linalg.fit_least_squares`).
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        self.model_ = fit_least_squares(mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float))

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        return self.model_.predict(mrna.to_numpy())


class RidgeImputer(LinearRegressionImputer):
    """CNV from mRNA by ridge regression; the strength is chosen on the reference by
    efficient leave-one-out cross-validation, one strength shared by all genes
    (scikit-learn's ``RidgeCV``, computed from one eigendecomposition of the smaller Gram matrix:
    :func:`multiomics_imputation.imputers.linalg.fit_ridge`).

    Parameters
    ----------
    alphas : list of float, default 13 strengths from 0.1 to 1e5
        The strengths to choose from.

    Attributes
    ----------
    model_ : linalg.Ridge
        The fitted ridge, at the chosen strength.
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    def __init__(self, *, alphas: list[float] = DEFAULT_ALPHAS) -> None:
        self.alphas = alphas

    def check_params(self) -> None:
        checked_list("alphas", self.alphas, 0, open_low=True)

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        self.model_, _ = fit_ridge(mrna.to_numpy(dtype=float), cnv.to_numpy(dtype=float), self.alphas)
