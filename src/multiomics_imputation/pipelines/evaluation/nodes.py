"""Score imputations on masked entries only."""

from __future__ import annotations

import pandas as pd

from multiomics_imputation.scoring.metrics import call_f1, interval_scores, masked_scores
from multiomics_imputation.study.design import REPLICATE, Scenario, per_replicate
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


def collect_metrics(*tables: pd.DataFrame) -> pd.DataFrame:
    """All scenarios' metrics in one tidy table."""
    return pd.concat(tables, ignore_index=True)
