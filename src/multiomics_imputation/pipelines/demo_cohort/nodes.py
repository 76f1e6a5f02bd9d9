"""Write the built-in synthetic demo cohort."""

from __future__ import annotations

from typing import Any

import pandas as pd

from multiomics_imputation.demo import PANCANCER_SHAPE, generate_cohort


def make_demo_cohort(params: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Draws the synthetic demo cohort (full Pan-Cancer shape when `full_size`) and its provenance."""
    shape = PANCANCER_SHAPE if params["full_size"] else params["shape"]
    settings = {**shape, "integer_cnv": params["integer_cnv"], "seed": params["seed"]}
    cohort = generate_cohort(**settings)
    provenance = {"generator": "multiomics_imputation.demo.generate_cohort", "settings": settings,
                  "note": "synthetic data, not a real cohort"}
    return cohort.mrna, cohort.cnv, cohort.labels, provenance
