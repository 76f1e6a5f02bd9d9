"""Are a multiple imputation's draws proper? Scores of the draws on masked entries only.

* ``draw_coverage_90``: the share of hidden entries inside the draws' 90% prediction interval, their mean ±
  t(0.95, m - 1) x their SD x √(1 + 1/m): exactly 90% when the draws and the truth come from the same Gaussian,
  for any number of draws m >= 2 (the draws' own 5-95% quantiles would need m >= 19).
* ``crps``: the continuous ranked probability score per hidden entry (mean; lower is better), and
  ``energy_score`` its multivariate form over each sample's hidden entries together (mean over the samples with
  some hidden; lower is better): only this one sees whether a sample's values were drawn jointly. Both from
  `scoringrules`, with its unbiased ("fair") ensemble estimator, so that a few draws do not favour a method.
* ``sample_mean_coverage_90``: the share of samples whose mean over their hidden entries lies inside the draws'
  90% interval for it (as above, over the draws' sample means; samples with at least 2 hidden entries). An
  analysis that sums or averages a sample's values (an arm-level copy number, a burden score) needs this: where
  the errors of a sample's values are correlated, as neighbouring genes' copy numbers are, independent draws make
  the interval of their mean far too narrow, and only joint draws keep it honest.
* ``draw_correlation_gap``: how far the draws' gene-gene correlations are from the truth's, over the hidden
  entries and around the draws' mean (each draw's deviations from it, against the truth's): the correlation a
  sample's hidden values keep given what is observed. The mean absolute difference over gene pairs hidden
  together in at least ``MIN_PAIR_SAMPLES`` samples, each pair's correlation over those samples (averaged over
  draws); NaN where no pair is. Independent draws have none of that correlation.
"""

from __future__ import annotations

import numpy as np
import scoringrules
from scipy import stats

MIN_PAIR_SAMPLES = 10
MAX_CORRELATION_GENES = 1000  # more genes with hidden entries: a seeded random subset of this many


def half_width_90(draws: np.ndarray) -> np.ndarray:
    """Half the width of the 90% prediction interval of m draws (along the first axis) for a new value:
    t(0.95, m - 1) x their SD x √(1 + 1/m); 0 for one draw."""
    m = len(draws)
    if m < 2:
        return np.zeros(draws.shape[1:])
    return stats.t.ppf(0.95, m - 1) * np.sqrt(1 + 1 / m) * draws.std(axis=0, ddof=1)


def draw_scores(truth: np.ndarray, draws: np.ndarray, hidden: np.ndarray, seed: int = 0) -> dict[str, float]:
    """The scores above for `draws` (m x samples x genes, m >= 2) of the `hidden` entries of `truth`; `seed` picks
    the genes of the correlation gap where more than ``MAX_CORRELATION_GENES`` have hidden entries."""
    m = len(draws)
    if m < 2:
        raise ValueError(f"scoring draws needs at least 2 draws, got {m}")
    t, d = truth[hidden], draws[:, hidden]  # (entries,), (m, entries)
    rows = hidden.any(axis=1)
    several = hidden.sum(axis=1) >= 2
    count = hidden[several].sum(axis=1)
    truth_means = np.where(hidden, truth, 0.0)[several].sum(axis=1) / count
    draw_means = np.where(hidden, draws, 0.0)[:, several].sum(axis=2) / count  # (m, samples)
    centre = draws.mean(axis=0)
    # Observed entries are the same in the truth and every draw, so they add nothing to a distance: the energy
    # score over a sample's whole vector, with them set to 0, is its energy score over its hidden entries.
    truth_rows = np.where(hidden, truth, 0.0)[rows]
    draw_rows = np.moveaxis(np.where(hidden, draws, 0.0)[:, rows], 0, 1)  # (samples, m, genes)
    return {
        "draw_coverage_90": float(np.mean(np.abs(t - d.mean(axis=0)) <= half_width_90(d))),
        "sample_mean_coverage_90": float(
            np.mean(np.abs(truth_means - draw_means.mean(axis=0)) <= half_width_90(draw_means))
        )
        if several.any()
        else float("nan"),
        "crps": float(np.mean(scoringrules.crps_ensemble(t, d.T, estimator="fair", backend="numpy"))),
        "energy_score": float(
            np.mean(scoringrules.es_ensemble(truth_rows, draw_rows, estimator="fair", backend="numpy"))
        ),
        "draw_correlation_gap": correlation_gap(truth - centre, draws - centre, hidden, seed),
    }


def correlation_gap(truth: np.ndarray, draws: np.ndarray, hidden: np.ndarray, seed: int = 0) -> float:
    """Mean |r_draws - r_truth| over gene pairs hidden together in at least ``MIN_PAIR_SAMPLES`` samples, each r
    over those samples (r_draws: the mean of each draw's r); NaN where no pair is."""
    genes = np.flatnonzero(hidden.any(axis=0))
    if len(genes) > MAX_CORRELATION_GENES:
        genes = np.sort(np.random.default_rng(seed).choice(genes, MAX_CORRELATION_GENES, replace=False))
    mask = hidden[:, genes].astype(float)
    together = mask.T @ mask
    pairs = np.triu(together >= MIN_PAIR_SAMPLES, k=1)
    if not pairs.any():
        return float("nan")
    r_truth = _pairwise_correlation(truth[:, genes], mask, together)
    r_draws = np.mean([_pairwise_correlation(draw[:, genes], mask, together) for draw in draws], axis=0)
    gap = np.abs(r_draws - r_truth)[pairs]
    return float(np.nanmean(gap)) if np.isfinite(gap).any() else float("nan")


def _pairwise_correlation(values: np.ndarray, mask: np.ndarray, together: np.ndarray) -> np.ndarray:
    """Pearson r of every pair of columns over the rows where `mask` holds both (`together`: their counts)."""
    x = np.where(mask > 0, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.maximum(together, 1.0)
        sums = x.T @ mask  # [g, h]: the sum of gene g over the rows that hide g and h
        squares = (x * x).T @ mask
        mean_g, mean_h = sums / n, sums.T / n
        covariance = (x.T @ x) / n - mean_g * mean_h
        variance_g, variance_h = squares / n - mean_g**2, squares.T / n - mean_h**2
        return covariance / np.sqrt(np.maximum(variance_g, 0) * np.maximum(variance_h, 0))
