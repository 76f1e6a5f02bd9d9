"""Rubin's rules: an analysis run on each of m completed data sets, pooled into one estimate whose variance holds
the imputation's uncertainty (as R's ``mice::pool``), and the within-data-set variance of a classifier's
accuracy and macro-F1 by bootstrap over the samples it tested.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def rubin(estimates, variances, df_complete: float | None = None) -> dict[str, float]:
    """Rubin's rules for m >= 2 estimates of one quantity and their (within-imputation) variances.

    Returns the pooled `estimate` (their mean), `within` (mean variance Ū), `between` (variance of the estimates B,
    ddof 1), `total` (T = Ū + (1 + 1/m) B), `df` (Rubin's degrees of freedom (m - 1) / λ², λ = (1 + 1/m) B / T,
    with Barnard and Rubin's small-sample correction where the complete-data degrees of freedom `df_complete` are
    given, as ``mice::pool``, unless the within variance is 0, where that correction gives 0) and `fmi`, the
    fraction of missing information (r + 2 / (df + 3)) / (r + 1), r = (1 + 1/m) B / Ū.
    """
    q, u = np.asarray(estimates, dtype=float), np.asarray(variances, dtype=float)
    m = len(q)
    if m < 2 or len(u) != m:
        raise ValueError(f"Rubin's rules need at least 2 estimates and one variance each, got {m} and {len(u)}")
    if df_complete is not None and not df_complete > 0:
        raise ValueError(f"df_complete must be positive, got {df_complete}")
    within, between = float(u.mean()), float(q.var(ddof=1))
    total = within + (1 + 1 / m) * between
    lam = (1 + 1 / m) * between / total if total > 0 else 0.0
    df = (m - 1) / lam**2 if lam > 0 else np.inf
    if df_complete is not None and lam < 1:  # λ = 1 (no within variance at all): Rubin's df, the correction's is 0
        observed = (df_complete + 1) / (df_complete + 3) * df_complete * (1 - lam)
        df = observed if np.isinf(df) else df * observed / (df + observed)
    r = (1 + 1 / m) * between / within if within > 0 else (np.inf if between > 0 else 0.0)
    fmi = (r + 2 / (df + 3)) / (r + 1) if np.isfinite(r) else 1.0
    return {
        "estimate": float(q.mean()),
        "within": within,
        "between": between,
        "total": total,
        "df": float(df),
        "fmi": float(fmi),
    }


def interval(estimate: float, variance: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """The central `level` interval estimate ± t(df) √variance (normal where df is infinite)."""
    half = stats.t.ppf(0.5 + level / 2, df) * np.sqrt(variance)
    return estimate - half, estimate + half


def bootstrap_variances(
    labels: np.ndarray, predicted: np.ndarray, sample: np.ndarray, resamples: int, seed: int
) -> dict[str, float]:
    """The variance of accuracy and macro-F1 over `resamples` bootstrap resamples of the tested samples (`sample`
    names each row's; a resample weighs every row of a sample alike, so cross-validation repeats stay paired, and
    scores their confusion counts pooled). Macro-F1 averages the classes present in the resample's labels or
    predictions, as scikit-learn's ``f1_score``."""
    samples, row_sample = np.unique(sample, return_inverse=True)
    classes, coded = np.unique(np.concatenate([labels, predicted]), return_inverse=True)
    k = len(classes)
    truth, guess = coded[: len(labels)], coded[len(labels) :]
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(len(samples), np.full(len(samples), 1 / len(samples)), size=resamples)[:, row_sample]
    cells = np.zeros((len(labels), k * k))
    cells[np.arange(len(labels)), truth * k + guess] = 1.0
    confusion = (weights @ cells).reshape(resamples, k, k)  # weighted counts, truth x prediction
    hits = np.trace(confusion, axis1=1, axis2=2)
    accuracy = hits / confusion.sum(axis=(1, 2))
    true_totals, predicted_totals = confusion.sum(axis=2), confusion.sum(axis=1)
    present = (true_totals + predicted_totals) > 0
    diagonal = np.diagonal(confusion, axis1=1, axis2=2)
    f1 = np.where(present, 2 * diagonal / np.maximum(true_totals + predicted_totals, 1e-12), 0.0)
    f1_macro = f1.sum(axis=1) / present.sum(axis=1)
    return {"accuracy": float(accuracy.var(ddof=1)), "f1_macro": float(f1_macro.var(ddof=1))}
