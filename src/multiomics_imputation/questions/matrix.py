"""The modality matrix: every layer of a cohort imputed from every other single layer and from all the others
together, on the same reference/target split and masks per target, with the benchmark's methods. No Kedro here.

For each target layer and source set, the samples they share are split as the benchmark splits them (stratified,
seeded; scalers and models fitted on the reference only), the target cohort's target layer is masked at random
(entries) and whole profiles at one rate, and every method imputes it; a cell of the matrix is the best method's
R² on the hidden entries (in the reference's standardised units), with that method's name.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from multiomics_imputation.cohort.modalities import Modality, clip_to_bounds
from multiomics_imputation.cohort.reading import side_by_side
from multiomics_imputation.imputers.base import MethodConfig
from multiomics_imputation.scoring.metrics import masked_scores
from multiomics_imputation.study.masks import make_mask, scenario_name, scenario_rng
from multiomics_imputation.study.progress import progress
from multiomics_imputation.study.splits import split_study

logger = logging.getLogger(__name__)

SCORE_COLUMNS = ["target", "sources", "pattern", "rate", "method", "r2", "n_samples", "n_features"]


def source_sets(layers: list[str], target: str) -> list[tuple[str, ...]]:
    """Each other layer alone, then all of them together (when there are two or more)."""
    others = [layer for layer in layers if layer != target]
    return [(layer,) for layer in others] + ([tuple(others)] if len(others) > 1 else [])


def matrix_scores(
    tables: dict[str, pd.DataFrame],
    labels: pd.Series,
    modalities: dict[str, Modality],
    methods: list[MethodConfig],
    settings: dict[str, Any],
) -> pd.DataFrame:
    """R² of every method for every target layer, source set and pattern (one row each)."""
    layers = list(tables)
    questions = [(target, sources) for target in layers for sources in source_sets(layers, target)]
    rows = []
    with progress("the modality matrix", len(questions)) as advance:
        for target, sources in questions:
            rows += _question_scores(tables, labels, modalities, methods, settings, target, sources)
            advance(f"{target} from {' + '.join(sources)}")
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _question_scores(tables, labels, modalities, methods, settings, target, sources) -> list[tuple]:
    """The rows of one target from one source set."""
    source = side_by_side({layer: tables[layer] for layer in sources})
    samples = source.index[source.index.isin(tables[target].index)]
    limit = settings["max_missing_fraction"]
    source = source.loc[samples, source.loc[samples].isna().mean() <= limit]
    truth = tables[target].loc[samples]
    truth = truth.loc[:, truth.isna().mean() <= limit]
    data = split_study(
        target,
        source,
        truth,
        labels.loc[samples],
        settings["target_fraction"],
        settings["split_seed"],
        [0],
        modalities[target],
        tuple(modalities[layer] for layer in sources),
    )
    split = data.split(0)
    fitted = {m.name: m.make(0).fit(split.reference_mrna, split.reference_cnv, split.reference_labels) for m in methods}
    rows = []
    for pattern in settings["patterns"]:
        scenario = scenario_name(pattern, settings["rate"])
        values = split.target_cnv
        hidden = make_mask(values.to_numpy(), pattern, settings["rate"], scenario_rng(0, scenario))
        masked = values.mask(hidden)
        for method in methods:
            imputer = fitted[method.name]
            imputed = clip_to_bounds(
                imputer.impute(split.target_mrna, masked, split.target_labels),
                split.cnv_scaler,
                modalities[target].bounds,
            )
            r2 = masked_scores(values.to_numpy(), imputed.loc[values.index, values.columns].to_numpy(), hidden)["r2"]
            rows.append(
                (target, " + ".join(sources), pattern, settings["rate"], method.name, r2, len(samples), source.shape[1])
            )
            logger.info("%s from %s, %s: %s R² %.3f", target, " + ".join(sources), scenario, method.name, r2)
    return rows


def best_per_cell(scores: pd.DataFrame) -> pd.DataFrame:
    """Per target, source set and pattern: the method with the highest R² and its R² (the matrix, as a table)."""
    best = scores.loc[scores.groupby(["target", "sources", "pattern"], sort=False)["r2"].idxmax()]
    return best[["target", "sources", "pattern", "method", "r2", "n_samples"]].reset_index(drop=True)
