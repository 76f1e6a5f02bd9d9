"""The imputer interface shared by every method."""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pandas as pd


class Imputer:
    """Fit on a complete reference cohort, then fill the missing CNV of a target cohort.

    Subclasses implement ``_fit`` and ``_predict`` (a prediction for every entry);
    :meth:`impute` keeps every observed target entry unchanged. All matrices are
    samples x genes in the reference's standardised units.
    """

    #: True for methods that read cancer-type labels (kept out of downstream classification).
    uses_labels: bool = False
    #: True for methods that give a per-value spread (:meth:`impute_with_spread`).
    has_spread: bool = False

    def fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None = None) -> Imputer:
        """Learns from the reference cohort's mRNA and complete CNV."""
        if cnv.isna().any().any():
            raise ValueError(f"{type(self).__name__}.fit needs a complete reference CNV matrix")
        self.genes_ = cnv.columns
        self.mrna_genes_ = mrna.columns
        self._fit(mrna, cnv, labels)
        return self

    def impute(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None = None) -> pd.DataFrame:
        """The target CNV with every NaN filled and every observed entry unchanged."""
        return self.impute_with_spread(mrna, cnv, labels)[0]

    def impute_with_spread(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """The imputed CNV and, for methods that have one, a per-value spread (0 where observed)."""
        self._check_columns(mrna, cnv)
        predicted = self._predict(mrna[self.mrna_genes_], cnv[self.genes_], labels)
        spread = None
        if isinstance(predicted, tuple):
            predicted, spread = predicted
        observed = cnv[self.genes_].notna().to_numpy()
        values = np.where(observed, cnv[self.genes_].to_numpy(), predicted)
        imputed = pd.DataFrame(values, index=cnv.index, columns=self.genes_)
        if spread is not None:
            spread = pd.DataFrame(np.where(observed, 0.0, spread), index=cnv.index, columns=self.genes_)
        return imputed, spread

    def _check_columns(self, mrna: pd.DataFrame, cnv: pd.DataFrame) -> None:
        for what, frame, genes in (("mRNA", mrna, self.mrna_genes_), ("CNV", cnv, self.genes_)):
            missing = genes.difference(frame.columns)
            if len(missing):
                raise ValueError(f"target {what} lacks {len(missing)} gene(s) the model was fitted on: {list(missing[:5])}")
        if not mrna.index.equals(cnv.index):
            raise ValueError("target mRNA and CNV must list the same samples in the same order")

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        raise NotImplementedError

    def _predict(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None
    ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


def load_imputer_class(class_path: str) -> type[Imputer]:
    """The imputer class at `package.module.ClassName`."""
    module_name, _, class_name = class_path.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, Imputer)):
        raise ValueError(f"{class_path!r} is not an Imputer class")
    return cls


def make_imputer(config: dict[str, Any]) -> Imputer:
    """An unfitted imputer from a parameters entry `{class: ..., <keyword arguments>}`."""
    config = dict(config)
    return load_imputer_class(config.pop("class"))(**config)
