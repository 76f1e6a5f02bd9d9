"""A cohort split into reference and target per replicate, standardised with each reference's statistics.

No Kedro here. :class:`StudyData` holds the aligned cohort once, which samples are the
target in each replicate, and each replicate's scalers; :meth:`StudyData.split` gives one
replicate's matrices in the reference's standardised units, computed when asked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from multiomics_imputation.cohort.modalities import DEFAULT_SOURCES, DEFAULT_TARGET, Modality
from multiomics_imputation.study.design import derive_seed
from multiomics_imputation.study.scaling import fit_scaler, scale

logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Split:
    """One replicate's reference and target cohorts, standardised with the reference's statistics.

    Each table is computed when first asked for, from only its own rows (a node that reads the
    target alone never scales the whole cohort). Source NaNs are the reference mean (0)
    everywhere except in `target_cnv`, where they stay NaN (nothing to score there).
    """

    data: StudyData = field(repr=False)
    replicate: int

    @property
    def mrna_scaler(self) -> pd.DataFrame:
        return self.data.mrna_scalers[self.replicate]

    @property
    def cnv_scaler(self) -> pd.DataFrame:
        return self.data.cnv_scalers[self.replicate]

    @cached_property
    def _target(self) -> np.ndarray:
        return self.data.is_target[self.replicate].to_numpy()

    @cached_property
    def reference_mrna(self) -> pd.DataFrame:
        return scale(self.data.mrna[~self._target], self.mrna_scaler).fillna(0.0)

    @cached_property
    def reference_cnv(self) -> pd.DataFrame:
        return scale(self.data.cnv[~self._target], self.cnv_scaler).fillna(0.0)

    @cached_property
    def reference_labels(self) -> pd.Series:
        return self.data.labels[~self._target]

    @cached_property
    def target_mrna(self) -> pd.DataFrame:
        return scale(self.data.mrna[self._target], self.mrna_scaler).fillna(0.0)

    @cached_property
    def target_cnv(self) -> pd.DataFrame:
        return scale(self.data.cnv[self._target], self.cnv_scaler)

    @cached_property
    def target_labels(self) -> pd.Series:
        return self.data.labels[self._target]


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
    target_layer: Modality = DEFAULT_TARGET  # the layer in `cnv` (the run's target_omics) and its traits
    source_layers: tuple[Modality, ...] = DEFAULT_SOURCES  # the layers side by side in `mrna`

    @property
    def replicates(self) -> list[int]:
        return [int(r) for r in self.is_target.columns]

    @cached_property
    def integer_cnv(self) -> bool:
        """Whether the target holds integer calls (GISTIC-like CNV), checked once."""
        return is_integer_valued(self.cnv.to_numpy())

    def split(self, replicate: int) -> Split:
        return Split(self, replicate)


def split_study(
    name: str,
    mrna: pd.DataFrame,
    cnv: pd.DataFrame,
    labels: pd.Series,
    target_fraction: float,
    split_seed: int,
    replicates: list[int],
    target_layer: Modality = DEFAULT_TARGET,
    source_layers: tuple[Modality, ...] = DEFAULT_SOURCES,
) -> StudyData:
    """Each replicate's stratified, seeded reference/target split and the reference's scalers."""
    is_target = {}
    for replicate in replicates:
        _, target = train_test_split(
            np.arange(len(labels)),
            test_size=target_fraction,
            stratify=labels.to_numpy(),
            random_state=derive_seed(split_seed, replicate) % 2**32,
        )
        is_target[replicate] = np.isin(np.arange(len(labels)), target)
    is_target = pd.DataFrame(is_target, index=labels.index)
    mrna_scalers = {r: fit_scaler(mrna[~is_target[r]]) for r in replicates}
    cnv_scalers = {r: fit_scaler(cnv[~is_target[r]]) for r in replicates}
    return StudyData(name, mrna, cnv, labels, is_target, mrna_scalers, cnv_scalers, target_layer, source_layers)


def is_integer_valued(values: np.ndarray) -> bool:
    """True when every non-NaN value is a whole number (GISTIC-like calls rather than continuous CNV)."""
    observed = values[~np.isnan(values)]
    return bool(np.allclose(observed, np.round(observed)))
