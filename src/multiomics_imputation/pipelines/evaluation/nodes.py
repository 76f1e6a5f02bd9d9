"""Score imputations on masked entries only."""

from __future__ import annotations

import numpy as np
import pandas as pd

from multiomics_imputation.cohort.modalities import clip_to_bounds
from multiomics_imputation.scoring.draws import draw_scores
from multiomics_imputation.scoring.metrics import call_f1, interval_scores, masked_scores
from multiomics_imputation.study.design import DRAW, REPLICATE, Scenario, derive_seed, per_replicate, standard_normals
from multiomics_imputation.study.scaling import unscale
from multiomics_imputation.study.splits import StudyData

METRIC_COLUMNS = ["scenario", "pattern", "rate", REPLICATE, "method", "metric", "value"]


def evaluate_imputation(
    data: StudyData,
    mask: pd.DataFrame,
    imputed: pd.DataFrame,
    scenario: Scenario,
    method: str,
    uncertainty: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tidy metrics of one scenario x method, per replicate, over masked entries only."""
    imputed_by_replicate = dict(per_replicate(imputed))
    uncertainty_by_replicate = dict(per_replicate(uncertainty)) if uncertainty is not None else {}
    rows = []
    for replicate, replicate_mask in per_replicate(mask):
        split = data.split(replicate)
        truth_frame = split.target_cnv
        hidden = replicate_mask.loc[truth_frame.index, truth_frame.columns].to_numpy()
        predicted = imputed_by_replicate[replicate].loc[truth_frame.index, truth_frame.columns]
        scores = masked_scores(truth_frame.to_numpy(), predicted.to_numpy(), hidden)
        if data.target_layer.calls and data.integer_cnv:
            scores["call_f1"] = call_f1(
                unscale(truth_frame, split.cnv_scaler).to_numpy(),
                unscale(predicted, split.cnv_scaler).to_numpy(),
                hidden,
            )
        if uncertainty is not None:
            sd = uncertainty_by_replicate[replicate].loc[truth_frame.index, truth_frame.columns].to_numpy()
            scores |= interval_scores(truth_frame.to_numpy(), predicted.to_numpy(), sd, hidden)
        rows += [
            (scenario.name, scenario.pattern, scenario.rate, replicate, method, metric, value)
            for metric, value in scores.items()
        ]
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def evaluate_draws(
    data: StudyData,
    mask: pd.DataFrame,
    draws: pd.DataFrame,
    imputed: pd.DataFrame,
    uncertainty: pd.DataFrame,
    multiple_imputation: dict,
    scenario: Scenario,
    method: str,
    joint: bool,
) -> pd.DataFrame:
    """Tidy scores of one scenario x method's draws, per replicate, over masked entries only
    (:func:`~multiomics_imputation.scoring.draws.draw_scores`); for `joint` draws, the same scores of the point
    imputation plus independent noise of its per-value SD (`<score>_independent`; the same number of draws, from
    the replicate's next seed; within the layer's bounds, as the draws), so that the gain from drawing jointly
    shows."""
    imputed_by_replicate, sd_by_replicate = dict(per_replicate(imputed)), dict(per_replicate(uncertainty))
    masks = dict(per_replicate(mask))
    rows = []
    for replicate, block in per_replicate(draws):
        split = data.split(replicate)
        truth_frame = split.target_cnv
        genes, samples = truth_frame.columns, truth_frame.index
        hidden = masks[replicate].loc[samples, genes].to_numpy()
        drawn = np.stack([d.droplevel(DRAW).loc[samples, genes].to_numpy() for _, d in block.groupby(level=DRAW)])
        seed = derive_seed(multiple_imputation["seed"], replicate)
        truth = truth_frame.to_numpy()
        scores = draw_scores(truth, drawn, hidden, seed)
        if joint:
            point = imputed_by_replicate[replicate].loc[samples, genes].to_numpy()
            sd = sd_by_replicate[replicate].loc[samples, genes].to_numpy()
            noisy = point + standard_normals((seed + 1) % 2**32, len(drawn), point.shape) * sd
            bounds = data.target_layer.bounds  # clipped as the draws are
            noisy = np.stack(
                [clip_to_bounds(pd.DataFrame(d, columns=genes), split.cnv_scaler, bounds).to_numpy() for d in noisy]
            )
            independent = draw_scores(truth, noisy, hidden, seed)
            scores |= {f"{name}_independent": value for name, value in independent.items()}
        rows += [
            (scenario.name, scenario.pattern, scenario.rate, replicate, method, metric, value)
            for metric, value in scores.items()
        ]
    return pd.DataFrame(rows, columns=METRIC_COLUMNS)


def collect_metrics(*tables: pd.DataFrame) -> pd.DataFrame:
    """All scenarios' metrics in one tidy table."""
    return pd.concat(tables, ignore_index=True)
