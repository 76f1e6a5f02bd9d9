"""Write the built-in synthetic demo cohort."""

from __future__ import annotations

from typing import Any

import pandas as pd

from multiomics_imputation.demo import PANCANCER_SHAPE, generate_cohort


def make_demo_cohort(params: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Draws the synthetic demo cohort (full Pan-Cancer shape when `full_size`)."""
    shape = PANCANCER_SHAPE if params["full_size"] else params["shape"]
    cohort = generate_cohort(**shape, integer_cnv=params["integer_cnv"], seed=params["seed"])
    return cohort.mrna, cohort.cnv, cohort.labels
