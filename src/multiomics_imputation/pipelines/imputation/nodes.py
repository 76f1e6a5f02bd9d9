"""Fit imputers on the reference cohort and impute each scenario's masked target CNV."""

from __future__ import annotations

from typing import Any

import pandas as pd

from multiomics_imputation.imputers import Imputer, make_imputer
from multiomics_imputation.pipelines.grid import stack_by_seed


def fit_imputer(
    reference_mrna: pd.DataFrame, reference_cnv: pd.DataFrame, reference_labels: pd.DataFrame, config: dict[str, Any]
) -> Imputer:
    """An imputer of the configured class, fitted on the reference cohort only."""
    return make_imputer(config).fit(reference_mrna, reference_cnv, reference_labels["Label"])


def impute_masked(
    imputer: Imputer, target_mrna: pd.DataFrame, masked_cnv: pd.DataFrame, target_labels: pd.DataFrame
) -> pd.DataFrame:
    """The masked target CNV completed by the imputer, seed by seed."""
    return impute_masked_with_spread(imputer, target_mrna, masked_cnv, target_labels)[0]


def impute_masked_with_spread(
    imputer: Imputer, target_mrna: pd.DataFrame, masked_cnv: pd.DataFrame, target_labels: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The masked target CNV completed by the imputer and its per-value spread, seed by seed."""
    imputed, spread = {}, {}
    for seed, block in masked_cnv.groupby(level="seed", sort=False):
        block = block.droplevel("seed")
        imputed[seed], spread[seed] = imputer.impute_with_spread(target_mrna.loc[block.index], block, target_labels["Label"])
    return stack_by_seed(imputed), (stack_by_seed(spread) if imputer.has_spread else None)
