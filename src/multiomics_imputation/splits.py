"""A cohort split into reference and target per replicate, standardised with each reference's statistics.

No Kedro here. :class:`StudyData` holds the aligned cohort once, which samples are the
target in each replicate, and each replicate's scalers; :meth:`StudyData.split` gives one
replicate's matrices in the reference's standardised units, computed when asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from multiomics_imputation.design import derive_seed
from multiomics_imputation.imputers import Imputer, Method
from multiomics_imputation.scaling import fit_scaler, scale

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Split:
    """One replicate's reference and target cohorts, standardised with the reference's statistics.

    Source NaNs are the reference mean (0) everywhere except in `target_cnv`, where they stay
    NaN (nothing to score there).
    """

    replicate: int
    reference_mrna: pd.DataFrame
    reference_cnv: pd.DataFrame
    reference_labels: pd.Series
    target_mrna: pd.DataFrame
    target_cnv: pd.DataFrame
    target_labels: pd.Series
    mrna_scaler: pd.DataFrame
    cnv_scaler: pd.DataFrame


@dataclass(frozen=True)
class StudyData:
    """The aligned cohort (original units, samples as rows) and its split in every replicate."""

    name: str
    mrna: pd.DataFrame
    cnv: pd.DataFrame
    labels: pd.Series
    is_target: pd.DataFrame  # samples x replicates (0..n-1), True where the sample is in the target
    mrna_scalers: dict[int, pd.DataFrame] = field(repr=False)
    cnv_scalers: dict[int, pd.DataFrame] = field(repr=False)

    @property
    def replicates(self) -> list[int]:
        return [int(r) for r in self.is_target.columns]

    def split(self, replicate: int) -> Split:
        target = self.is_target[replicate].to_numpy()
        mrna_scaler, cnv_scaler = self.mrna_scalers[replicate], self.cnv_scalers[replicate]
        mrna = scale(self.mrna, mrna_scaler).fillna(0.0)
        cnv = scale(self.cnv, cnv_scaler)
        return Split(
            replicate=replicate,
            reference_mrna=mrna[~target], reference_cnv=cnv[~target].fillna(0.0), reference_labels=self.labels[~target],
            target_mrna=mrna[target], target_cnv=cnv[target], target_labels=self.labels[target],
            mrna_scaler=mrna_scaler, cnv_scaler=cnv_scaler,
        )


def split_study(
    name: str, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series, target_fraction: float, split_seed: int,
    replicates: list[int],
) -> StudyData:
    """Each replicate's stratified, seeded reference/target split and the reference's scalers."""
    is_target = {}
    for replicate in replicates:
        _, target = train_test_split(
            np.arange(len(labels)), test_size=target_fraction, stratify=labels.to_numpy(),
            random_state=derive_seed(split_seed, replicate) % 2**32,
        )
        is_target[replicate] = np.isin(np.arange(len(labels)), target)
    is_target = pd.DataFrame(is_target, index=labels.index)
    mrna_scalers = {r: fit_scaler(mrna[~is_target[r]]) for r in replicates}
    cnv_scalers = {r: fit_scaler(cnv[~is_target[r]]) for r in replicates}
    return StudyData(name, mrna, cnv, labels, is_target, mrna_scalers, cnv_scalers)


@dataclass(frozen=True)
class FittedModel:
    """A fitted imputer with the scalers (and so the gene lists) of the reference it was fitted on.

    Stored together so that nothing can pair a model with another cohort's scaling.
    """

    method: str
    replicate: int
    imputer: Imputer
    mrna_scaler: pd.DataFrame
    cnv_scaler: pd.DataFrame


def fit_per_replicate(data: StudyData, method: Method) -> dict[int, FittedModel]:
    """The method fitted on each replicate's reference cohort, with that replicate's seed."""
    fitted = {}
    for replicate in data.replicates:
        split = data.split(replicate)
        logger.info("fitting %s on the reference of replicate %d/%d", method.name, replicate + 1, len(data.replicates))
        imputer = method.make(replicate).fit(split.reference_mrna, split.reference_cnv, split.reference_labels)
        fitted[replicate] = FittedModel(method.name, replicate, imputer, split.mrna_scaler, split.cnv_scaler)
    return fitted
