"""Fill in the missing CNV of a user's cohort with a trained imputer."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from multiomics_imputation.cohort import Cohort, CohortError
from multiomics_imputation.scaling import scale, unscale
from multiomics_imputation.splits import FittedModel

logger = logging.getLogger(__name__)


def choose_model(metrics: pd.DataFrame, params: dict[str, Any], **fitted: dict[int, FittedModel]) -> FittedModel:
    """The method named in the parameters, or (`best`) the label-free one with the best mean R² of the last
    benchmark; its model of the first replicate, with the scalers it was fitted under."""
    method = params["method"]
    if method == "best":
        label_free = [m for m, models in fitted.items() if not next(iter(models.values())).imputer.uses_labels]
        r2 = metrics[(metrics["metric"] == "r2") & metrics["method"].isin(label_free)]
        if r2.empty:
            raise ValueError("impute_cohort: the last benchmark's metrics score none of the fitted methods "
                             f"{label_free}; rerun the benchmark (kedro run).")
        method = r2.groupby("method")["value"].mean().idxmax()
        logger.info("impute_cohort: best method of the last benchmark (mean R² over scenarios): %s", method)
    if method not in fitted:
        raise ValueError(f"impute_cohort.method {method!r} is not a fitted method; expected 'best' or one of {list(fitted)}")
    models = fitted[method]
    return models[min(models)]


def prepare_new_cohort(cohort: Cohort, model: FittedModel, params: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The new cohort's mRNA and CNV on the model's genes, standardised with its reference's statistics."""
    mrna_scaler, cnv_scaler = model.mrna_scaler, model.cnv_scaler
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
    scaled_mrna = scale(mrna.reindex(columns=model_genes), mrna_scaler)
    empty = scaled_mrna.index[scaled_mrna.isna().all(axis=1)]
    if len(empty):
        raise CohortError(
            f"{cohort.name}_mRNA.csv: {len(empty)} sample(s) have no value on any of the model's mRNA genes, e.g. "
            f"{empty[:5].tolist()}; their CNV would be guessed from nothing. Expected mRNA values (or remove them)."
        )
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
    return scaled_mrna, scale(cnv, cnv_scaler), report


def _scale_warning(scaled_mrna: pd.DataFrame, name: str) -> str | None:
    gene_means = scaled_mrna.mean().abs().median()
    gene_sd = scaled_mrna.std().median()
    if gene_means > 3 or gene_sd > 3 or gene_sd < 1 / 3:
        return (
            f"{name}_mRNA.csv: expression is far from the reference's distribution (median |gene mean| "
            f"{gene_means:.1f} and median SD {gene_sd:.2f} in reference units; expected about 0 and 1). "
            "Is it on the same scale (e.g. log2 values, not raw counts)? Imputations will be unreliable."
        )
    return None


def impute_new_cohort(
    model: FittedModel, mrna: pd.DataFrame, cnv: pd.DataFrame, cohort: Cohort
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The model's CNV for every sample, observed entries unchanged; the uncertainty (NaN where the method has none)."""
    labels = cohort.labels.loc[mrna.index] if cohort.labels is not None else None
    if model.imputer.uses_labels and labels is None:
        raise CohortError(f"{cohort.name}_label_num.csv: the chosen method uses labels, and the cohort has none.")
    imputed, uncertainty = model.imputer.impute_with_uncertainty(mrna, cnv, labels)
    return imputed, uncertainty if uncertainty is not None else imputed * np.nan


def to_original_layout(
    imputed: pd.DataFrame, uncertainty: pd.DataFrame, cohort: Cohort, model: FittedModel, report: dict
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Completed CNV, uncertainty (SD) and imputed-flags in original units, features x samples (input layout)."""
    has_uncertainty = bool(uncertainty.notna().any().any())
    completed = unscale(imputed, model.cnv_scaler)
    uncertainty = uncertainty * model.cnv_scaler["std"]
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
    summary = {**report, "method": model.method, "has_uncertainty": has_uncertainty,
               "imputed_entries": int(flags.to_numpy().sum())}
    return (*tables, summary)


def _features_by_samples(table: pd.DataFrame) -> pd.DataFrame:
    out = table.T
    out.index.name = "sample"
    return out.reset_index()
