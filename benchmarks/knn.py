"""Time this project's KNN imputation against scikit-learn's KNNImputer, side by side.

Data: the synthetic generator at the MLOmics Pan-Cancer shape (CNV 8,314 x 3,105), 20% of
entries hidden at random; the first n samples for each size. Both impute the same
matrix (scikit-learn's `KNNImputer(n_neighbors=10).fit_transform`). scikit-learn runs
while one size stays under --sklearn-limit seconds; this project's runs up to full size.

    python benchmarks/knn.py [--sizes 500 1000 2000 4000 8314] [--sklearn-limit 60]

Also prints the full-size time in U (benchmarks/forest_unit.py), measured first on the same machine.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from forest_unit import forest_unit
from sklearn.impute import KNNImputer as SklearnKNNImputer

from multiomics_imputation.cohort.demo import PANCANCER_SHAPE, generate_cohort
from multiomics_imputation.imputers.knn import knn_impute
from multiomics_imputation.study.masks import make_mask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000, 8314])
    parser.add_argument(
        "--sklearn-limit",
        type=float,
        default=60.0,
        help="no scikit-learn at larger sizes once it took longer than this (s)",
    )
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    unit = forest_unit()
    print(f"U = {unit:.1f} s (one reference forest fit at the Pan-Cancer shape)")
    cohort = generate_cohort(**PANCANCER_SHAPE, seed=0)
    cnv = cohort.cnv.set_index("sample").T.to_numpy()
    cnv = (cnv - np.nanmean(cnv, axis=0)) / np.nanstd(cnv, axis=0)
    hidden = make_mask(cnv, "random", 0.2, np.random.default_rng(0))
    full = np.where(hidden, np.nan, cnv)
    print(f"CNV {cnv.shape[0]:,} x {cnv.shape[1]:,}, 20% random missing, k={args.k}, {os.cpu_count()} CPU cores\n")
    print(f"{'samples':>8} {'this project (s)':>17} {'scikit-learn (s)':>17} {'speed-up':>9} {'max |diff|':>11}")
    ours, theirs, sklearn_on = {}, {}, True
    for n in args.sizes:
        x = full[:n]
        started = time.perf_counter()
        result = knn_impute(x, x, 0, args.k, "uniform")
        ours[n] = time.perf_counter() - started
        line = f"{n:>8,} {ours[n]:>17.2f}"
        if sklearn_on:
            started = time.perf_counter()
            reference = SklearnKNNImputer(n_neighbors=args.k).fit_transform(x)
            theirs[n] = time.perf_counter() - started
            diff = float(np.abs(result - reference).max())
            line += f" {theirs[n]:>17.2f} {theirs[n] / ours[n]:>8.1f}x {diff:>11.2e}"
            sklearn_on = theirs[n] < args.sklearn_limit
        print(line, flush=True)

    both = max(theirs)
    growth = lambda times: np.polyfit(np.log(list(times)), np.log(list(times.values())), 1)[0]  # noqa: E731
    print(
        f"\nAt {both:,} samples (largest both ran) this project is {theirs[both] / ours[both]:.0f}x faster "
        f"({ours[both]:.1f} s vs {theirs[both]:.1f} s); time grows as n^{growth(ours):.2f} here and "
        f"n^{growth(theirs):.2f} for scikit-learn; full size ({max(ours):,} samples) takes {ours[max(ours)]:.1f} s "
        f"= {ours[max(ours)] / unit:.2f} U; "
        f"max |difference| {diff:.1e}."
    )


if __name__ == "__main__":
    main()
