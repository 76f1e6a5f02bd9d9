"""A method fitted on each replicate's reference cohort, kept with that reference's scalers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd

from multiomics_imputation.imputers.base import Imputer, MethodConfig
from multiomics_imputation.study.splits import StudyData

logger = logging.getLogger(__name__)


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


def fit_per_replicate(data: StudyData, method: MethodConfig) -> dict[int, FittedModel]:
    """The method fitted on each replicate's reference cohort, with that replicate's seed."""
    fitted = {}
    for replicate in data.replicates:
        split = data.split(replicate)
        logger.info("fitting %s on the reference of replicate %d/%d", method.name, replicate + 1, len(data.replicates))
        imputer = method.make(replicate).fit(split.reference_mrna, split.reference_cnv, split.reference_labels)
        fitted[replicate] = FittedModel(method.name, replicate, imputer, split.mrna_scaler, split.cnv_scaler)
    return fitted
