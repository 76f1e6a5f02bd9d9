"""Impute each scenario's masked target layer with a method fitted per replicate."""

from __future__ import annotations

import pandas as pd

from multiomics_imputation.cohort.modalities import clip_to_bounds
from multiomics_imputation.imputers.fitting import FittedModel
from multiomics_imputation.study.design import per_replicate, stack
from multiomics_imputation.study.splits import StudyData


def impute_scenario(
    fitted: dict[int, FittedModel], data: StudyData, masked_cnv: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Each replicate's masked target completed by that replicate's model (within the target layer's bounds), and
    its uncertainty (or None)."""
    imputed, uncertainty = {}, {}
    for replicate, block in per_replicate(masked_cnv):
        split = data.split(replicate)
        imputer = fitted[replicate].imputer
        values, uncertainty[replicate] = imputer.impute_with_uncertainty(
            split.target_mrna.loc[block.index, fitted[replicate].mrna_scaler.index],
            block,
            split.target_labels.loc[block.index],
        )
        imputed[replicate] = clip_to_bounds(values, split.cnv_scaler, data.target_layer.bounds)
    return stack(imputed), (stack(uncertainty) if fitted[next(iter(fitted))].imputer.has_uncertainty else None)


def imputed_only(fitted: dict[int, FittedModel], data: StudyData, masked_cnv: pd.DataFrame) -> pd.DataFrame:
    """Each replicate's masked target CNV completed by that replicate's model (methods without uncertainty)."""
    return impute_scenario(fitted, data, masked_cnv)[0]
