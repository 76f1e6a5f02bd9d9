"""Imputation scores, computed on masked entries only."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score

Z_90 = 1.6448536269514722  # standard normal quantile of 0.95: central 90% interval
#: Nominal coverage of central intervals -> their standard normal quantile (the 90% one is Z_90).
NOMINAL_LEVELS = {0.5: 0.6744897501960817, 0.8: 1.2815515655446004, 0.9: Z_90, 0.95: 1.959963984540054}


def masked_scores(
    truth: np.ndarray,
    imputed: np.ndarray,
    mask: np.ndarray,
    min_entries: int = 3,
) -> dict[str, float]:
    """MSE, pooled R², per-gene R², pooled Pearson correlation (all masked entries as one vector, the original
    study's "correlation") and per-sample / per-gene Pearson correlation over the masked entries.

    Per-gene R² is the mean over genes with at least `min_entries` masked entries (and some
    spread in their truth) of each gene's own R² there.
    """
    t, p = truth[mask], imputed[mask]
    if np.isnan(t).any() or np.isnan(p).any():
        raise ValueError("masked entries must hold finite truth and imputed values")
    residual = np.sum((t - p) ** 2)
    total = np.sum((t - t.mean()) ** 2)
    per_sample = rowwise_pearson(truth, imputed, mask, min_entries)
    per_gene = rowwise_pearson(truth.T, imputed.T, mask.T, min_entries)
    return {
        "mse": float(residual / t.size),
        "r2": float(1 - residual / total) if total > 0 else float("nan"),
        "r2_gene_mean": _nanstat(np.nanmean, rowwise_r2(truth.T, imputed.T, mask.T, min_entries)),
        "pearson_pooled": float(np.corrcoef(t, p)[0, 1])
        if t.size > 1 and t.std() > 0 and p.std() > 0
        else float("nan"),
        "pearson_sample_mean": _nanstat(np.nanmean, per_sample),
        "pearson_sample_median": _nanstat(np.nanmedian, per_sample),
        "pearson_gene_mean": _nanstat(np.nanmean, per_gene),
    }


def rowwise_r2(truth: np.ndarray, imputed: np.ndarray, mask: np.ndarray, min_entries: int = 3) -> np.ndarray:
    """R² per row over its masked entries; NaN where too few or the truth is constant."""
    rows, n, sums = _row_sums(mask)
    t, p = truth[mask], imputed[mask]
    with np.errstate(invalid="ignore", divide="ignore"):
        total = sums((t - (sums(t) / n)[rows]) ** 2)
        r2 = 1 - sums((t - p) ** 2) / total
    r2[(n < min_entries) | ~(total > 1e-12 * np.maximum(n, 1))] = np.nan
    return r2


def rowwise_pearson(truth: np.ndarray, imputed: np.ndarray, mask: np.ndarray, min_entries: int = 3) -> np.ndarray:
    """Pearson correlation per row over its masked entries; NaN where too few, or where the truth or
    the imputation is constant (a constant imputation's rounding noise correlates with nothing)."""
    rows, n, sums = _row_sums(mask)
    t, p = truth[mask], imputed[mask]
    with np.errstate(invalid="ignore", divide="ignore"):
        t_mean, p_mean = sums(t) / n, sums(p) / n
        tc, pc = t - t_mean[rows], p - p_mean[rows]  # centred in a second pass: exact for near-constant rows
        t_ss, p_ss = sums(tc * tc), sums(pc * pc)
        r = sums(tc * pc) / np.sqrt(t_ss * p_ss)
        constant = lambda ss, mean: ss / n <= (1e-9 * (1 + np.abs(mean))) ** 2  # noqa: E731
        r[(n < min_entries) | ~np.isfinite(r) | constant(t_ss, t_mean) | constant(p_ss, p_mean)] = np.nan
    return r


def _row_sums(mask: np.ndarray):
    """For the masked entries taken row by row (as `values[mask]` orders them): each one's row, each
    row's count, and a function that sums such values per row. Costs the masked entries, not the matrix."""
    rows = np.nonzero(mask)[0]
    n = np.bincount(rows, minlength=mask.shape[0]).astype(float)
    return rows, n, lambda values: np.bincount(rows, weights=values, minlength=mask.shape[0])


def call_f1(truth_units: np.ndarray, imputed_units: np.ndarray, mask: np.ndarray) -> float:
    """Macro-F1 of loss / neutral / gain calls (thresholds ±0.5) for integer CNV."""
    t = np.sign(np.round(truth_units[mask]))
    p = np.sign(np.where(np.abs(imputed_units[mask]) < 0.5, 0.0, imputed_units[mask]))
    return float(f1_score(t, p, labels=[-1, 0, 1], average="macro", zero_division=0))


def interval_scores(
    truth: np.ndarray, imputed: np.ndarray, uncertainty: np.ndarray, mask: np.ndarray
) -> dict[str, float]:
    """Coverage of the central intervals imputed ± z uncertainty at each nominal level (`coverage_50` ...
    `coverage_95`: the share of hidden entries they hold, for a calibration plot), and the 90% interval's mean
    width."""
    t, p, s = truth[mask], imputed[mask], uncertainty[mask]
    error = np.abs(t - p)
    scores = {f"coverage_{round(100 * level)}": float(np.mean(error <= z * s)) for level, z in NOMINAL_LEVELS.items()}
    return scores | {"width_90": float(np.mean(2 * Z_90 * s))}


def _nanstat(stat, values: np.ndarray) -> float:
    return float(stat(values)) if np.isfinite(values).any() else float("nan")
