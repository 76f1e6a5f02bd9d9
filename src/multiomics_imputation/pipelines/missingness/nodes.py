"""Simulate missingness over the target cohort's CNV."""

from __future__ import annotations

from typing import Any

import pandas as pd

from multiomics_imputation.masks import make_mask, scenario_rng
from multiomics_imputation.pipelines.grid import stack_by_seed


def simulate_masks(
    target_cnv: pd.DataFrame, params: dict[str, Any], scenario: str, pattern: str, rate: float
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One mask per seed (True = hidden) and the target CNV with those entries hidden."""
    masks, masked = {}, {}
    for seed in params["seeds"]:
        rng = scenario_rng(seed, scenario)
        mask = make_mask(target_cnv.to_numpy(), pattern, rate, rng, params["mnar_strength"])
        masks[seed] = pd.DataFrame(mask, index=target_cnv.index, columns=target_cnv.columns)
        masked[seed] = target_cnv.mask(mask)
    return stack_by_seed(masks), stack_by_seed(masked)
