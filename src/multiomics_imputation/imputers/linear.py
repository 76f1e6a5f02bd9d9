"""CNV predicted from mRNA by linear regression: ordinary least squares and ridge."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression, RidgeCV

from multiomics_imputation.imputers.base import Imputer


class LinearRegressionImputer(Imputer):
    """The original study's method: CNV from mRNA by ordinary least squares.

    With about as many reference samples as mRNA genes the fit interpolates the
    reference and generalises badly; :class:`RidgeImputer` is the regularised version.
    """

    def _make_model(self):
        return LinearRegression()

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        self.model_ = self._make_model().fit(mrna.to_numpy(), cnv.to_numpy())

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        return self.model_.predict(mrna.to_numpy())


class RidgeImputer(LinearRegressionImputer):
    """CNV from mRNA by ridge regression; the strength is chosen on the reference by
    efficient leave-one-out cross-validation, one strength shared by all genes."""

    def __init__(self, alphas: list[float] | None = None) -> None:
        self.alphas = alphas if alphas is not None else np.logspace(-1, 5, 13).tolist()

    def _make_model(self):
        return RidgeCV(alphas=self.alphas)
