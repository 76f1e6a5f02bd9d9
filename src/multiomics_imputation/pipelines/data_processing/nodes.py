"""Align, validate, split and standardise a cohort."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd
import psutil

from multiomics_imputation.cohort.reading import Cohort, CohortError
from multiomics_imputation.imputers import describe_methods
from multiomics_imputation.imputers.base import check_memory
from multiomics_imputation.study import design
from multiomics_imputation.study.splits import StudyData, is_integer_valued, split_study
from multiomics_imputation.study.views import SINGLE_SPLIT, SINGLE_SPLIT_FOLDS, describe_study_view, study_view_protocol

logger = logging.getLogger(__name__)


def align_cohort(cohort: Cohort, params: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, dict]:
    """Keeps samples with values in both mRNA and CNV and drops genes and samples mostly missing."""
    mrna, cnv, labels = cohort.mrna, cohort.cnv, cohort.labels
    # A sample whose column holds no value at all (a profile never measured) counts as absent from that table,
    # so that it cannot make every gene look mostly missing.
    in_mrna, in_cnv = mrna.index[mrna.notna().any(axis=1)], cnv.index[cnv.notna().any(axis=1)]
    for present, file in ((in_mrna, "mRNA"), (in_cnv, "CNV")):
        if present.empty:
            raise CohortError(
                f"{cohort.name}_{file}.csv: holds no value (every cell is empty or NA); expected "
                f"{file} values for the samples."
            )
    shared = in_mrna[in_mrna.isin(in_cnv)]
    summary: dict[str, Any] = {
        "cohort": cohort.name,
        "synthetic": cohort.synthetic,
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
            f"mRNA samples have CNV values too; of their genes, more than {limit:.0%} of samples are missing at "
            f"{summary['dropped_genes']['mrna']} of {keep_mrna.size} mRNA and {summary['dropped_genes']['cnv']} of "
            f"{keep_cnv.size} CNV genes (dropped), and then at {summary['dropped_samples']['too_many_missing']} samples "
            "(dropped). Check the files' missing values, or raise data_processing.max_missing_fraction."
        )
    _check_stratifiable(labels, params["target_fraction"], cohort.name, _dropped_samples(summary))
    summary["source_missing_entries"] = {"mrna": int(mrna.isna().sum().sum()), "cnv": int(cnv.isna().sum().sum())}
    summary["cnv_is_integer"] = is_integer_valued(cnv.to_numpy())
    return mrna, cnv, labels, summary


def _dropped_samples(summary: dict) -> str:
    """What alignment dropped, as the start of a message ('' when it dropped no sample)."""
    dropped, in_files = summary["dropped_samples"], summary["samples_in_files"]
    parts = [
        f"{dropped['mrna_only']} of {in_files['mrna']} mRNA samples have no CNV values" if dropped["mrna_only"] else "",
        f"{dropped['cnv_only']} of {in_files['cnv']} CNV samples have no mRNA values" if dropped["cnv_only"] else "",
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


MIN_REFERENCE_SAMPLES = 10
MIN_GENES = 2
ONE_CLASS = "one class only"


def split_replicates(
    mrna: pd.DataFrame,
    cnv: pd.DataFrame,
    labels: pd.Series,
    summary: dict,
    params: dict[str, Any],
    replicates: int,
    classification: dict[str, Any],
    methods: dict[str, dict[str, Any]],
) -> StudyData:
    """Each replicate's stratified, seeded reference/target split and the reference's scalers, after checking
    that every later step can run on it, in this machine's memory too (so that a refused cohort writes nothing)."""
    check_memory(describe_methods(methods), len(labels), mrna.shape[1], cnv.shape[1], psutil.virtual_memory().available)
    name = summary["cohort"]
    data = split_study(
        name,
        mrna,
        cnv,
        labels,
        params["target_fraction"],
        params["split_seed"],
        design.replicates({"replicates": replicates}),
    )
    n_target = int(data.is_target[0].sum())
    if len(labels) - n_target < MIN_REFERENCE_SAMPLES:
        raise CohortError(
            f"cohort {name}: {len(labels)} samples after alignment leave {len(labels) - n_target} in the reference "
            f"(target_fraction {params['target_fraction']}); the methods need at least {MIN_REFERENCE_SAMPLES} "
            "reference samples to fit and choose their settings. Add samples or lower data_processing.target_fraction."
        )
    folds = classification["cv_folds"] if classification["train_imputed_view"] else 2
    if n_target < folds:
        raise CohortError(
            f"cohort {name}: the target cohort has {n_target} samples, fewer than the {folds} folds of the "
            "classification's cross-validation; raise data_processing.target_fraction, lower classification.cv_folds, "
            "or set classification.train_imputed_view: false."
        )
    for replicate in data.replicates:
        for modality, scaler, file in (
            ("mRNA", data.mrna_scalers[replicate], "mRNA"),
            ("CNV", data.cnv_scalers[replicate], "CNV"),
        ):
            if scaler.empty:
                raise CohortError(
                    f"{name}_{file}.csv: no {modality} gene varies across the reference samples of replicate {replicate} "
                    "(every gene is constant there, or was dropped as mostly missing); expected varying values."
                )
            if len(scaler) < MIN_GENES:
                raise CohortError(
                    f"{name}_{file}.csv: only {len(scaler)} {modality} gene varies across the reference samples of "
                    f"replicate {replicate}; the study needs at least {MIN_GENES} (its PCA figures have two axes, "
                    "and imputing one gene from nothing else is not a benchmark). Expected more genes."
                )
    return data


def classification_notes(data: StudyData, classification: dict[str, Any]) -> list[str]:
    """What the classification can and cannot say about this cohort's labels."""
    counts = data.labels.value_counts()
    notes = [
        f"{len(counts)} classes: {', '.join(f'{k!s} ({v})' for k, v in counts.sort_index().items())}; "
        "labels are used as categories."
    ]
    if len(counts) < 2:
        notes.append(
            f"{ONE_CLASS}: every classification score is trivially perfect and says nothing about the imputations."
        )
    if classification["train_imputed_view"]:
        single = study_view_protocol(int(data.is_target[data.replicates[0]].sum()), classification) == SINGLE_SPLIT
        folds = SINGLE_SPLIT_FOLDS if single else classification["cv_folds"]
        small = sorted(
            {
                str(label)
                for r in data.replicates
                for label, n in data.labels[data.is_target[r]].value_counts().items()
                if n < folds
            },
            key=str,
        )
        if small:
            notes.append(
                f"classes {small} have fewer target samples than the {folds} "
                f"{'folds of the single split' if single else 'cross-validation folds'} in some replicate: "
                "some folds miss them (their F1 is noisier)."
            )
    return notes


def describe_data(summary: dict, data: StudyData, classification: dict[str, Any], missingness: dict[str, Any]) -> dict:
    """The data report: alignment, drops, split sizes and final shapes (of replicate 0), classification notes and
    the protocol of the study's view (also logged)."""
    split = data.split(data.replicates[0])
    study_view = describe_study_view(len(split.target_labels), classification, design.scenarios(missingness))
    logger.info("classification: %s", study_view)
    genes_in_files = summary["genes_in_files"]
    return {
        **summary,
        "dropped_genes_constant_in_reference": {
            "mrna": int(genes_in_files["mrna"] - summary["dropped_genes"]["mrna"] - len(split.mrna_scaler)),
            "cnv": int(genes_in_files["cnv"] - summary["dropped_genes"]["cnv"] - len(split.cnv_scaler)),
        },
        "replicates": len(data.replicates),
        "reference_samples": len(split.reference_labels),
        "target_samples": len(split.target_labels),
        "mrna_genes": len(split.mrna_scaler),
        "cnv_genes": len(split.cnv_scaler),
        "labels": {str(k): int(v) for k, v in data.labels.value_counts().sort_index().items()},
        "reference_cnv_source_missing_filled": int(data.cnv[~data.is_target[split.replicate]].isna().sum().sum()),
        "classification": classification_notes(data, classification),
        "study_view": study_view,
        "warnings": [note for note in classification_notes(data, classification) if note.startswith(ONE_CLASS)],
    }
