"""Write the built-in synthetic demo cohort."""

from __future__ import annotations

from typing import Any

import pandas as pd

from multiomics_imputation.cohort.demo import PANCANCER_SHAPE, generate_cohort


def make_demo_cohort(
    params: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Draws the synthetic demo cohort's four layers (mRNA, CNV, miRNA, methylation; the full Pan-Cancer shape
    when `full_size`), its labels and its provenance."""
    shape = PANCANCER_SHAPE if params["full_size"] else params["shape"]
    settings = {**shape, "integer_cnv": params["integer_cnv"], "seed": params["seed"]}
    cohort = generate_cohort(**settings)
    provenance = {
        "generator": "multiomics_imputation.cohort.demo.generate_cohort",
        "settings": settings,
        "note": "synthetic data, not a real cohort",
    }
    return cohort.mrna, cohort.cnv, cohort.mirna, cohort.methy, cohort.labels, provenance


def make_new_demo_cohort(params: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """A second synthetic cohort from the demo's world whose CNV file lacks a share of its samples.

    Returns mRNA, the partial CNV, labels, the full CNV (the truth, to score an imputation) and provenance.
    """
    new = params["new_cohort"]
    shape = {**(PANCANCER_SHAPE if params["full_size"] else params["shape"]), "n_samples": new["n_samples"]}
    settings = {
        **shape,
        "integer_cnv": params["integer_cnv"],
        "seed": params["seed"],
        "sample_seed": new["sample_seed"],
    }
    cohort = generate_cohort(**settings, name_prefix="NEW")
    samples = cohort.cnv.columns[1:]
    kept = samples[: int(round(len(samples) * (1 - new["cnv_missing_fraction"])))]
    provenance = {
        "generator": "multiomics_imputation.cohort.demo.generate_cohort",
        "settings": settings,
        "cnv_missing_samples": len(samples) - len(kept),
        "note": "synthetic data, not a real cohort",
    }
    return cohort.mrna, cohort.cnv[["sample", *kept]], cohort.labels, cohort.cnv, provenance
