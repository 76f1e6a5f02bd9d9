"""A cohort's layers aligned on the samples they share, with genes and samples mostly missing dropped. No Kedro here."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from multiomics_imputation.cohort.modalities import modality, within_bounds
from multiomics_imputation.cohort.reading import Cohort, CohortError
from multiomics_imputation.study.splits import is_integer_valued

logger = logging.getLogger(__name__)


def align_cohort(
    cohort: Cohort, params: dict[str, Any], modalities: dict[str, dict[str, Any]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, dict]:
    """Keeps samples with values in both the source and the target layers and drops genes and samples mostly
    missing; a target layer with bounds (`modalities`) must lie within them."""
    mrna, cnv, labels = cohort.mrna, cohort.cnv, cohort.labels
    source, target = "/".join(cohort.source_omics), cohort.target_omics
    bounds = modality(target, modalities).bounds if modalities is not None else None
    if not within_bounds(cnv.to_numpy(dtype=float), bounds):
        outside = cnv.stack()
        outside = outside[(outside < bounds[0]) | (outside > bounds[1])]
        (sample, gene), value = outside.index[0], outside.iloc[0]
        raise CohortError(
            f"{cohort.file(target)}: value {value:g} for sample {sample!r}, feature {gene!r} (and {len(outside) - 1} "
            f"more) lies outside the layer's bounds {list(bounds)} (modalities.{target}.bounds); expected values "
            "in that range (beta-values for methylation, not M-values)."
        )
    # A sample whose column holds no value at all (a profile never measured) counts as absent from that table,
    # so that it cannot make every gene look mostly missing.
    in_mrna, in_cnv = mrna.index[mrna.notna().any(axis=1)], cnv.index[cnv.notna().any(axis=1)]
    for present, layers in ((in_mrna, cohort.source_omics), (in_cnv, (target,))):
        if present.empty:
            files = " and ".join(cohort.file(layer) for layer in layers)
            raise CohortError(
                f"{files}: {'holds' if len(layers) == 1 else 'hold'} no value (every cell is empty or NA); expected "
                f"{'/'.join(layers)} values for the samples."
            )
    shared = in_mrna[in_mrna.isin(in_cnv)]
    summary: dict[str, Any] = {
        "cohort": cohort.name,
        "synthetic": cohort.synthetic,
        "target_omics": target,
        "source_omics": list(cohort.source_omics),
        "samples_in_files": {"mrna": len(mrna), "cnv": len(cnv)},
        "genes_in_files": {"mrna": mrna.shape[1], "cnv": cnv.shape[1]},
        "dropped_samples": {
            "mrna_only": int(len(in_mrna) - len(shared)),
            "cnv_only": int(len(in_cnv) - len(shared)),
        },
    }
    mrna, cnv, labels = mrna.loc[shared], cnv.loc[shared], labels.loc[shared]

    limit = params["max_missing_fraction"]
    keep_mrna = mrna.isna().mean() <= limit
    keep_cnv = cnv.isna().mean() <= limit
    summary["dropped_genes"] = {
        "rule": f"more than {limit:.0%} of samples missing in the source",
        "mrna": int((~keep_mrna).sum()),
        "cnv": int((~keep_cnv).sum()),
    }
    mrna, cnv = mrna.loc[:, keep_mrna], cnv.loc[:, keep_cnv]
    keep_samples = (mrna.isna().mean(axis=1) <= limit) & (cnv.isna().mean(axis=1) <= limit)
    summary["dropped_samples"]["too_many_missing"] = int((~keep_samples).sum())
    mrna, cnv, labels = mrna.loc[keep_samples], cnv.loc[keep_samples], labels.loc[keep_samples]
    if len(mrna) == 0:
        raise CohortError(
            f"cohort {cohort.name}: no sample left after alignment. {len(shared)} of {summary['samples_in_files']['mrna']} "
            f"{source} samples have {target} values too; of their genes, more than {limit:.0%} of samples are missing at "
            f"{summary['dropped_genes']['mrna']} of {keep_mrna.size} {source} and {summary['dropped_genes']['cnv']} of "
            f"{keep_cnv.size} {target} genes (dropped), and then at {summary['dropped_samples']['too_many_missing']} samples "
            "(dropped). Check the files' missing values, or raise data_processing.max_missing_fraction."
        )
    _check_stratifiable(labels, params["target_fraction"], cohort.name, _dropped_samples(summary))
    summary["source_missing_entries"] = {"mrna": int(mrna.isna().sum().sum()), "cnv": int(cnv.isna().sum().sum())}
    summary["cnv_is_integer"] = is_integer_valued(cnv.to_numpy())
    _log_dropped(summary)
    return mrna, cnv, labels, summary


def _log_dropped(summary: dict) -> None:
    """Says in the log which samples and genes alignment dropped, and why (the data report says it too)."""
    dropped_samples, dropped_genes = _dropped_samples(summary), summary["dropped_genes"]
    if dropped_samples:
        logger.warning("%s", dropped_samples.strip())
    if dropped_genes["mrna"] or dropped_genes["cnv"]:
        logger.warning(
            "cohort %s: %d %s and %d %s genes dropped at alignment (%s)",
            summary["cohort"],
            dropped_genes["mrna"],
            "/".join(summary["source_omics"]),
            dropped_genes["cnv"],
            summary["target_omics"],
            dropped_genes["rule"],
        )


def _dropped_samples(summary: dict) -> str:
    """What alignment dropped, as the start of a message ('' when it dropped no sample)."""
    dropped, in_files = summary["dropped_samples"], summary["samples_in_files"]
    source, target = "/".join(summary["source_omics"]), summary["target_omics"]
    parts = [
        f"{dropped['mrna_only']} of {in_files['mrna']} {source} samples have no {target} values"
        if dropped["mrna_only"]
        else "",
        f"{dropped['cnv_only']} of {in_files['cnv']} {target} samples have no {source} values"
        if dropped["cnv_only"]
        else "",
        f"{dropped['too_many_missing']} samples miss more than the allowed share of genes"
        if dropped["too_many_missing"]
        else "",
    ]
    parts = [part for part in parts if part]
    return f"cohort {summary['cohort']}: {'; '.join(parts)} (dropped at alignment). " if parts else ""


def _check_stratifiable(labels: pd.Series, target_fraction: float, name: str, dropped: str = "") -> None:
    counts = labels.value_counts()
    too_small = counts[counts * min(target_fraction, 1 - target_fraction) < 1]
    if len(too_small):
        raise CohortError(
            f"{dropped}{name}_label_num.csv: label class(es) {too_small.index.tolist()} have only "
            f"{too_small.tolist()} sample(s) after alignment; a stratified split with target_fraction "
            f"{target_fraction} needs at least {int(np.ceil(1 / min(target_fraction, 1 - target_fraction)))} "
            "per class. Merge or drop those classes, or change data_processing.target_fraction."
        )
