"""Fill in the missing CNV of a user's cohort with a trained imputer."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from multiomics_imputation.cohort import Cohort, CohortError
from multiomics_imputation.imputers import Imputer
from multiomics_imputation.pipelines.data_processing.nodes import scale_keeping_missing

logger = logging.getLogger(__name__)


def choose_imputer(metrics: pd.DataFrame, params: dict[str, Any], **fitted: Imputer) -> tuple[Imputer, str]:
    """The imputer named in the parameters, or (`best`) the label-free one with the best mean R² of the last benchmark."""
    method = params["method"]
    if method == "best":
        label_free = [m for m, imputer in fitted.items() if not imputer.uses_labels]
        r2 = metrics[(metrics["metric"] == "r2") & metrics["method"].isin(label_free)]
        method = r2.groupby("method")["value"].mean().idxmax()
        logger.info("impute_cohort: best method of the last benchmark (mean R² over scenarios): %s", method)
    if method not in fitted:
        raise ValueError(f"impute_cohort.method {method!r} is not a trained method; expected 'best' or one of {list(fitted)}")
    return fitted[method], method


def prepare_new_cohort(
    cohort: Cohort, mrna_scaler: pd.DataFrame, cnv_scaler: pd.DataFrame, params: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The new cohort's mRNA and CNV on the model's genes, standardised with the reference's statistics."""
    mrna, report = cohort.mrna, {"cohort": cohort.name, "samples": int(len(cohort.mrna))}
    model_genes = mrna_scaler.index
    missing = model_genes.difference(mrna.columns)
    report["mrna_genes_missing"] = missing.tolist()
    report["mrna_genes_ignored"] = mrna.columns.difference(model_genes).tolist()
    if len(missing) and params["missing_mrna_genes"] != "reference_mean":
        raise CohortError(
            f"{cohort.name}_mRNA.csv: lacks {len(missing)} of the model's {len(model_genes)} mRNA genes, "
            f"e.g. {missing[:10].tolist()}. Add them, or set impute_cohort.missing_mrna_genes: reference_mean "
            "to fill them with the reference mean (weaker imputations)."
        )
    if len(missing) == len(model_genes):
        raise CohortError(f"{cohort.name}_mRNA.csv: shares no gene with the model's mRNA genes; expected the same gene names.")
    scaled_mrna = scale_keeping_missing(mrna.reindex(columns=model_genes), mrna_scaler)
    report["mrna_scale_warning"] = _scale_warning(scaled_mrna, cohort.name)
    scaled_mrna = scaled_mrna.fillna(0.0)

    cnv = cohort.cnv if cohort.cnv is not None else pd.DataFrame(index=mrna.index[:0])
    report["cnv_file"] = cohort.cnv is not None
    report["cnv_samples_without_mrna"] = cnv.index.difference(mrna.index).tolist()
    report["cnv_genes_ignored"] = cnv.columns.difference(cnv_scaler.index).tolist()
    cnv = cnv.reindex(index=mrna.index, columns=cnv_scaler.index)
    report["cnv_entries_observed"] = int(cnv.notna().sum().sum())
    report["cnv_entries_to_impute"] = int(cnv.isna().sum().sum())
    if report["mrna_scale_warning"]:
        logger.warning(report["mrna_scale_warning"])
    return scaled_mrna, scale_keeping_missing(cnv, cnv_scaler), report


def _scale_warning(scaled_mrna: pd.DataFrame, name: str) -> str | None:
    gene_means = scaled_mrna.mean().abs().median()
    spread = scaled_mrna.std().median()
    if gene_means > 3 or spread > 3 or spread < 1 / 3:
        return (
            f"{name}_mRNA.csv: expression is far from the reference's distribution (median |gene mean| "
            f"{gene_means:.1f} and median SD {spread:.2f} in reference units; expected about 0 and 1). "
            "Is it on the same scale (e.g. log2 values, not raw counts)? Imputations will be unreliable."
        )
    return None


def impute_new_cohort(
    imputer: Imputer, mrna: pd.DataFrame, cnv: pd.DataFrame, cohort: Cohort
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The model's CNV for every sample, observed entries unchanged; the spread (NaN where the method has none)."""
    labels = cohort.labels.loc[mrna.index] if cohort.labels is not None else None
    if imputer.uses_labels and labels is None:
        raise CohortError(f"{cohort.name}_label_num.csv: the chosen method uses labels, and the cohort has none.")
    imputed, spread = imputer.impute_with_spread(mrna, cnv, labels)
    return imputed, spread if spread is not None else imputed * np.nan


def to_original_layout(
    imputed: pd.DataFrame, spread: pd.DataFrame, cohort: Cohort, cnv_scaler: pd.DataFrame, report: dict, method: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Completed CNV, uncertainty (SD) and imputed-flags in original units, features x samples (input layout).

    Each table twice: the run's versioned copy and the latest copy a person opens.
    """
    std, mean = cnv_scaler["std"], cnv_scaler["mean"]
    completed = imputed * std + mean
    uncertainty = spread * std
    flags = pd.DataFrame(0, index=completed.index, columns=completed.columns)
    if cohort.cnv is not None:
        observed = cohort.cnv.reindex(index=completed.index, columns=completed.columns)
        given = observed.notna()
        completed = completed.mask(given, observed)  # exactly the input's values
        uncertainty = uncertainty.mask(given, 0.0)
        flags = flags.mask(~given, 1)
        extra = cohort.cnv.columns.difference(completed.columns)  # genes the model does not know: as given
        completed = completed.join(cohort.cnv.reindex(index=completed.index, columns=extra))
        uncertainty = uncertainty.join(pd.DataFrame(np.nan, index=completed.index, columns=extra))
        flags = flags.join(pd.DataFrame(0, index=completed.index, columns=extra))
        order = list(cohort.cnv.columns) + [g for g in completed.columns if g not in set(cohort.cnv.columns)]
        completed, uncertainty, flags = completed[order], uncertainty[order], flags[order]
    else:
        flags[:] = 1
    tables = [_features_by_samples(t) for t in (completed, uncertainty, flags.astype(int))]
    summary = {**report, "method": method, "has_uncertainty": bool(spread.notna().any().any()),
               "imputed_entries": int(flags.to_numpy().sum())}
    return (*tables, *tables, summary)


def _features_by_samples(table: pd.DataFrame) -> pd.DataFrame:
    out = table.T
    out.index.name = "sample"
    return out.reset_index()
