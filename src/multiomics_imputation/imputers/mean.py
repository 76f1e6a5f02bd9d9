"""Mean imputation: each gene's reference mean."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer


class MeanImputer(Imputer):
    """Fills each missing entry with the gene's mean over the reference cohort.

    Attributes
    ----------
    means_ : numpy.ndarray
        Each CNV gene's reference mean.
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        self.means_ = cnv.mean().to_numpy()

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        return np.broadcast_to(self.means_, cnv.shape)
