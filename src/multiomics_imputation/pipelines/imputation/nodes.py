"""Impute each scenario's masked target layer with a method fitted per replicate."""

from __future__ import annotations

import pandas as pd

from multiomics_imputation.cohort.modalities import clip_to_bounds
from multiomics_imputation.imputers.fitting import FittedModel
from multiomics_imputation.study.design import derive_seed, per_replicate, stack
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


def draw_scenario(
    fitted: dict[int, FittedModel], data: StudyData, masked_cnv: pd.DataFrame, multiple_imputation: dict
) -> pd.DataFrame:
    """Each replicate's masked target completed `multiple_imputation.draws` times from that replicate's model's
    predictive distribution (within the target layer's bounds; seeded per replicate), indexed (replicate, draw,
    sample)."""
    drawn = {}
    for replicate, block in per_replicate(masked_cnv):
        split = data.split(replicate)
        model = fitted[replicate]
        draws = model.imputer.impute_draws(
            split.target_mrna.loc[block.index, model.mrna_scaler.index],
            block,
            multiple_imputation["draws"],
            derive_seed(multiple_imputation["seed"], replicate),
            split.target_labels.loc[block.index],
        )
        drawn[replicate] = clip_to_bounds(draws, split.cnv_scaler, data.target_layer.bounds)
    return stack(drawn)
