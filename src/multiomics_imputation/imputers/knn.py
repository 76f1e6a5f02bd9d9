"""K-nearest-neighbour imputation with scikit-learn's KNNImputer semantics, made fast.

Same answer as ``sklearn.impute.KNNImputer`` fitted on the reference and the
observed target rows together (nan-euclidean distance, uniform or distance weights,
the column mean for a receiver with no defined distance). Instead of one donor search
per gene, each batch of receivers gets float32 distances to every donor from matrix
products; each receiver's nearest candidates are re-ranked by exact float64 distances
and reused for all its missing genes (the full donor list is searched only when the
candidates hold fewer than k donors observed at some gene and more donors are at a defined
distance: never for a receiver with no observed feature, which gets the column means; rows
observed at no gene are never candidates).
Where the k-th nearest donor ties with another (common with integer GISTIC calls), the entry is imputed with
scikit-learn's own choice: the same ``np.argpartition`` over the same distances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multiomics_imputation.imputers.base import Imputer
from multiomics_imputation.study.design import checked
from multiomics_imputation.study.progress import progress


class KNNImputer(Imputer):
    """Each missing CNV entry is the mean of its k nearest donors observed at that gene.

    Donors are the reference samples and the target samples (observed entries only).
    With ``use_mrna`` the distance runs over mRNA and CNV side by side, so samples whose
    CNV is wholly missing still find neighbours through their mRNA (``knn_joint``).

    Parameters
    ----------
    n_neighbors : int, default 10
    weights : {"uniform", "distance"}, default "uniform"
        Donors weighted equally, or by inverse distance.
    use_mrna : bool, default False
        Distances over mRNA and CNV side by side, not CNV alone.
    batch_size : int, default 256
        Receivers whose distances to every donor are computed at once (memory: batch_size x donors).

    Attributes
    ----------
    reference_cnv_, reference_mrna_ : numpy.ndarray
        The reference's CNV (donors) and, with ``use_mrna``, its mRNA (None without).
    genes_, mrna_genes_ : pandas.Index
        As :class:`~multiomics_imputation.imputers.base.Imputer`.
    """

    def __init__(
        self, *, n_neighbors: int = 10, weights: str = "uniform", use_mrna: bool = False, batch_size: int = 256
    ):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.use_mrna = use_mrna
        self.batch_size = batch_size

    def check_params(self) -> None:
        if self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights must be 'uniform' or 'distance', not {self.weights!r}")
        checked("n_neighbors", self.n_neighbors, 1, whole=True)
        checked("batch_size", self.batch_size, 1, whole=True)

    def memory_needed(self, n_samples: int, n_mrna: int, n_cnv: int) -> tuple[float, str]:
        features = n_cnv + (n_mrna if self.use_mrna else 0)
        data = 8.0 * n_samples * features * 8  # the features, values, mask, float32 copies for the first stage
        return data + 4.0 * self.batch_size * n_samples * 4, "batch_size (receivers x donors distances)"

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        self.reference_cnv_ = cnv.to_numpy(dtype=float)
        self.reference_mrna_ = mrna.to_numpy(dtype=float) if self.use_mrna else None

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> np.ndarray:
        target = cnv.to_numpy(dtype=float)
        values = np.vstack([self.reference_cnv_, target])
        features = values
        if self.use_mrna:
            features = np.hstack([values, np.vstack([self.reference_mrna_, mrna.to_numpy(dtype=float)])])
        return knn_impute(features, values, len(self.reference_cnv_), self.n_neighbors, self.weights, self.batch_size)


def _approximate_squared(
    receivers: np.ndarray, present: np.ndarray, filled: np.ndarray, squares: np.ndarray, n_complete: int
) -> np.ndarray:
    """Float32 squared nan-euclidean distances (scikit-learn's formula) of receiver rows to every row.

    `present` (observed mask as 0/1), `filled` (values, NaN as 0) and `squares` (filled²) describe
    every row in float32. The first `n_complete` rows are observed at every feature (the reference's, in
    the pipeline): for them the receiver's own sums replace two of the four matrix products.
    """
    r_present, r_filled = present[receivers], filled[receivers]
    r_squares = r_filled * r_filled
    squared = r_present @ squares.T
    squared -= (2.0 * r_filled) @ filled.T
    shared = np.empty_like(squared)
    squared[:, :n_complete] += r_squares.sum(axis=1, keepdims=True)
    shared[:, :n_complete] = r_present.sum(axis=1, keepdims=True)
    squared[:, n_complete:] += r_squares @ present[n_complete:].T
    shared[:, n_complete:] = r_present @ present[n_complete:].T
    np.clip(squared, 0, None, out=squared)
    with np.errstate(invalid="ignore", divide="ignore"):
        squared = squared / shared * present.shape[1]
    squared[shared == 0] = np.inf
    return squared


def _exact_distances(
    receivers: np.ndarray, present: np.ndarray, filled: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """Float64 nan-euclidean distances of each receiver row to its own candidate donors.

    `present` (observed mask as 0/1, float32) and `filled` (values with NaN as 0, float64)
    describe all rows; `receivers` are row indices, `candidates` (r x L) donor indices.
    """
    r_present, r_filled = present[receivers], filled[receivers]
    donors_present, donors_filled = present[candidates], filled[candidates]
    squared = (
        np.einsum("rlf,rf->rl", donors_present, r_filled * r_filled)
        + np.einsum("rlf,rf->rl", donors_filled * donors_filled, r_present)
        - 2.0 * np.einsum("rlf,rf->rl", donors_filled, r_filled)
    )
    shared = np.einsum("rlf,rf->rl", donors_present, r_present, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(np.clip(squared, 0, None) / shared * present.shape[1])
    distance[shared == 0] = np.inf
    return distance


def knn_impute(
    features: np.ndarray, values: np.ndarray, first_receiver: int, k: int, weights: str, batch_size: int = 256
) -> np.ndarray:
    """Imputes the NaNs of `values[first_receiver:]`; donors are all rows of `values`.

    `features` (rows aligned with `values`) define the distances. Candidates are ranked by
    float32 distances (matrix products); the nearest ones are then ranked again by exact
    float64 distances, so the neighbours are the ones scikit-learn would choose.
    Returns the receiver rows with their NaNs filled.
    """
    observed = ~np.isnan(values)
    filled = np.where(observed, values, 0.0)
    if features is values:
        present_features, filled_features = observed, filled
    else:
        present_features = ~np.isnan(features)
        filled_features = np.where(present_features, features, 0.0)
    column_mean = filled.sum(axis=0) / np.maximum(observed.sum(axis=0), 1)
    result = values[first_receiver:].copy()
    rows = np.flatnonzero(~observed[first_receiver:].all(axis=1))
    n_donors = len(values)
    # The observed mask (0/1, exact in float32) serves both stages; values in float64 for the exact one.
    present = present_features.astype(np.float32)
    parts = present, filled_features
    filled32 = filled_features.astype(np.float32)
    squares32 = filled32 * filled32
    n_complete = first_receiver if present_features[:first_receiver].all() else 0  # donors observed everywhere
    window = min(n_donors, 2 * k + 10)
    idle = ~observed.any(axis=1)  # rows observed at no gene donate to no one (whole profiles missing)
    with progress(f"KNN: {len(rows):,} receivers", -(-len(rows) // batch_size)) as advance:
        for start in range(0, len(rows), batch_size):
            batch = first_receiver + rows[start : start + batch_size]
            approximate = _approximate_squared(batch, present, filled32, squares32, n_complete)
            approximate[:, idle] = np.inf  # never candidates
            defined = np.isfinite(approximate).sum(axis=1)  # donors sharing a feature with the receiver
            candidates = np.argpartition(approximate, window - 1, axis=1)[:, :window]
            exact = np.vstack(
                [_exact_distances(batch[i : i + 16], *parts, candidates[i : i + 16]) for i in range(0, len(batch), 16)]
            )
            order = np.argsort(exact, axis=1, kind="stable")
            ranked_donors = np.take_along_axis(candidates, order, axis=1)
            ranked_distance = np.take_along_axis(exact, order, axis=1)
            for row, donors, distance, n_defined in zip(batch, ranked_donors, ranked_distance, defined):
                missing = np.flatnonzero(~observed[row])
                usable, chosen = _first_k_observed(observed, donors, distance, missing, k)
                if n_defined > window and chosen.sum(axis=0).min() < k:  # too few observed donors in the window
                    distance = _exact_distances(np.array([row]), *parts, np.arange(n_donors)[None])[0]
                    donors = np.argsort(distance, kind="stable")
                    distance = distance[donors]
                    usable, chosen = _first_k_observed(observed, donors, distance, missing, k)
                weight = _weights(chosen, distance, weights)
                total = weight.sum(axis=0)
                estimate = (weight * filled[np.ix_(donors, missing)]).sum(axis=0) / np.where(total > 0, total, 1)
                result[row - first_receiver, missing] = np.where(chosen.any(axis=0), estimate, column_mean[missing])
                tied = _tied_at_kth(usable, chosen, distance, complete=len(donors) == n_donors or n_defined <= window)
                if tied.any():  # distances to every row, in row order (already at hand after the fallback)
                    full = (
                        distance[np.argsort(donors)]
                        if len(donors) == n_donors
                        else _exact_distances(np.array([row]), *parts, np.arange(n_donors)[None])[0]
                    )
                    for gene in missing[tied]:
                        result[row - first_receiver, gene] = _as_scikit_learn(
                            full, observed[:, gene], values[:, gene], k, weights
                        )
            advance()
    return result


def _tied_at_kth(usable, chosen, distance, complete: bool) -> np.ndarray:
    """Missing genes whose k-th nearest observed donor ties with a donor left out (or may tie with one
    beyond the ranked candidates): scikit-learn's choice among them is its partition order."""
    kth = np.where(chosen, distance[:, None], -np.inf).max(axis=0)
    tied = (usable & ~chosen & (distance[:, None] == kth)).any(axis=0)
    if not complete:
        tied |= chosen.any(axis=0) & (kth >= distance[np.isfinite(distance)].max(initial=-np.inf))
    return tied


def _as_scikit_learn(distance: np.ndarray, observed: np.ndarray, values: np.ndarray, k: int, weights: str) -> float:
    """One entry imputed exactly as ``KNNImputer._calc_impute`` does: donors chosen by ``np.argpartition``
    over the distances to every observed row, in row order (NaN where no feature is shared)."""
    potential = np.flatnonzero(observed)
    to_donors = np.where(np.isfinite(distance[potential]), distance[potential], np.nan)
    chosen = np.argpartition(to_donors, min(k, len(potential)) - 1)[: min(k, len(potential))]
    chosen_distance = to_donors[chosen]
    weight = _weights(~np.isnan(chosen_distance)[:, None], chosen_distance, weights)[:, 0]
    return float(np.ma.average(values[potential][chosen], weights=weight))


def _first_k_observed(observed: np.ndarray, donors: np.ndarray, distance: np.ndarray, missing: np.ndarray, k: int):
    """For each missing gene, which of the sorted donors are observed there at a defined distance
    (`usable`), and which of those are its k nearest (`chosen`)."""
    usable = observed[np.ix_(donors, missing)] & np.isfinite(distance)[:, None]
    return usable, usable & (np.cumsum(usable, axis=0) <= k)


def _weights(chosen: np.ndarray, distance: np.ndarray, weights: str) -> np.ndarray:
    if weights == "uniform":
        return chosen.astype(float)
    exact = chosen & (distance == 0)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = chosen / distance[:, None]
    return np.where(exact.any(axis=0), exact.astype(float), np.nan_to_num(inverse, posinf=0.0))
