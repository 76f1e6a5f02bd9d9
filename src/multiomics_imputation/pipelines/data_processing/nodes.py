"""Align, validate, split and standardise a cohort."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import psutil

from multiomics_imputation.cohort.modalities import question
from multiomics_imputation.cohort.reading import CohortError
from multiomics_imputation.imputers import read_methods
from multiomics_imputation.imputers.base import check_memory
from multiomics_imputation.study import design
from multiomics_imputation.study.splits import StudyData, split_study
from multiomics_imputation.study.views import SINGLE_SPLIT, SINGLE_SPLIT_FOLDS, describe_paper_view, paper_view_protocol

logger = logging.getLogger(__name__)


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
    modalities: dict[str, dict[str, Any]],
) -> StudyData:
    """Each replicate's stratified, seeded reference/target split and the reference's scalers, after checking
    that every later step can run on it, in this machine's memory too (so that a refused cohort writes nothing)."""
    check_memory(read_methods(methods), len(labels), mrna.shape[1], cnv.shape[1], psutil.virtual_memory().available)
    name = summary["cohort"]
    data = split_study(
        name,
        mrna,
        cnv,
        labels,
        params["target_fraction"],
        params["split_seed"],
        design.replicates({"replicates": replicates}),
        *question({**summary, "modalities": modalities}),
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
    source = "/".join(summary["source_omics"])
    for replicate in data.replicates:
        for modality, scaler, file in (
            (source, data.mrna_scalers[replicate], source),
            (data.target_layer.name, data.cnv_scalers[replicate], data.target_layer.name),
        ):
            if scaler.empty:
                raise CohortError(
                    f"{name}_{file}.csv: no {modality} gene varies across the reference samples of replicate {replicate} "
                    "(every gene is constant there, or was dropped as mostly missing); expected varying values."
                )
            if len(scaler) < MIN_GENES:
                raise CohortError(
                    f"{name}_{file}.csv: only {len(scaler)} {modality} gene varies across the reference samples of "
                    f"replicate {replicate}; the benchmark needs at least {MIN_GENES} (its PCA figures have two axes, "
                    "and imputing one gene from nothing else is not a benchmark). Expected more genes."
                )
    return data


def classification_notes(data: StudyData, classification: dict[str, Any]) -> list[str]:
    """What the classification can and cannot say about this cohort's labels."""
    counts = data.labels.value_counts()
    notes = [
        f"{len(counts)} {'class' if len(counts) == 1 else 'classes'}: {', '.join(f'{k!s} ({v})' for k, v in counts.sort_index().items())}; "
        "labels are used as categories."
    ]
    if len(counts) < 2:
        notes.append(
            f"{ONE_CLASS}: every classification score is trivially perfect and says nothing about the imputations."
        )
    if classification["train_imputed_view"]:
        single = paper_view_protocol(int(data.is_target[data.replicates[0]].sum()), classification) == SINGLE_SPLIT
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
    the protocol of the paper's view (also logged)."""
    split = data.split(data.replicates[0])
    paper_view = describe_paper_view(len(split.target_labels), classification, design.scenarios(missingness))
    logger.info("classification: %s", paper_view)
    notes = classification_notes(data, classification)
    for note in notes[1:]:  # what the classification cannot say (the first note only counts the classes)
        logger.warning("classification: %s", note)
    genes_in_files = summary["genes_in_files"]
    return {
        **summary,
        "target_layer": data.target_layer.title,
        "source_layers": [layer.title for layer in data.source_layers],
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
        "classification": notes,
        "paper_view": paper_view,
        "warnings": [note for note in notes if note.startswith(ONE_CLASS)],
    }
