"""Simulate missingness over each replicate's target CNV."""

from __future__ import annotations

from typing import Any

import pandas as pd

from multiomics_imputation.study.design import Scenario, stack
from multiomics_imputation.study.masks import make_mask, scenario_rng
from multiomics_imputation.study.splits import StudyData


def simulate_masks(data: StudyData, params: dict[str, Any], scenario: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One mask per replicate (True = hidden) and that replicate's target CNV with those entries hidden."""
    masks, masked = {}, {}
    for replicate in data.replicates:
        target_cnv = data.split(replicate).target_cnv
        rng = scenario_rng(replicate, scenario.name)
        mask = make_mask(target_cnv.to_numpy(), scenario.pattern, scenario.rate, rng, params["mnar_strength"])
        masks[replicate] = pd.DataFrame(mask, index=target_cnv.index, columns=target_cnv.columns)
        masked[replicate] = target_cnv.mask(mask)
    return stack(masks), stack(masked)
