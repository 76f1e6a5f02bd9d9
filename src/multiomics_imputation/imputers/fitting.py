"""A method fitted on each replicate's reference cohort, kept with that reference's scalers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from multiomics_imputation.cohort.modalities import DEFAULT_SOURCES, DEFAULT_TARGET, Modality, source_columns
from multiomics_imputation.imputers.base import Imputer, MethodConfig
from multiomics_imputation.study.splits import StudyData

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FittedModel:
    """A fitted imputer with the scalers (and so the gene lists: of the source features it sees, and of the target)
    of the reference it was fitted on.

    Stored together so that nothing can pair a model with another cohort's scaling.
    """

    method: str
    replicate: int
    imputer: Imputer
    mrna_scaler: pd.DataFrame
    cnv_scaler: pd.DataFrame
    target_layer: Modality = DEFAULT_TARGET  # the layer it imputes (a model stored before layers had names: CNV)
    source_layers: tuple[Modality, ...] = DEFAULT_SOURCES  # the layers it imputes from


def fit_per_replicate(data: StudyData, method: MethodConfig) -> dict[int, FittedModel]:
    """The method fitted on each replicate's reference cohort, with that replicate's seed."""
    fitted = {}
    for replicate in data.replicates:
        split = data.split(replicate)
        logger.info("fitting %s on the reference of replicate %d/%d", method.name, replicate + 1, len(data.replicates))
        columns = source_columns(split.mrna_scaler.index, data.source_layers, method.source_layers, method.name)
        mrna = split.reference_mrna if columns is split.mrna_scaler.index else split.reference_mrna[columns]
        imputer = method.make(replicate).fit(mrna, split.reference_cnv, split.reference_labels)
        fitted[replicate] = FittedModel(
            method.name,
            replicate,
            imputer,
            split.mrna_scaler.loc[columns],
            split.cnv_scaler,
            data.target_layer,
            data.source_layers,
        )
    return fitted
