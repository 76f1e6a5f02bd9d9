"""Cancer-type means: a reference line that uses labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer


class CancerTypeMeanImputer(Imputer):
    """Fills each missing entry with the gene's mean over reference samples of the same label.

    Uses labels, so its imputations are kept out of downstream classification. Shows how
    much of a score comes from cancer-type averages alone.

    Attributes
    ----------
    type_means_ : pandas.DataFrame
        Each label's mean of every CNV gene over the reference.
    means_ : pandas.Series
        Each CNV gene's reference mean (for a label the reference lacks).
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    uses_labels = True

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        if labels is None:
            raise ValueError("CancerTypeMeanImputer needs reference labels")
        self.type_means_ = cnv.groupby(labels.to_numpy()).mean()
        self.means_ = cnv.mean()

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        if labels is None:
            raise ValueError("CancerTypeMeanImputer needs target labels")
        table = self.type_means_.reindex(labels.to_numpy())
        return table.fillna(self.means_).to_numpy()
