"""U, the unit in which this project's benchmarks state time: one reference forest fit, timed on the machine at hand.

U is the wall time of `RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0)` fitted on the CNV
of the synthetic demo cohort at the MLOmics Pan-Cancer shape (its first 6,651 samples, the size of a reference
cohort there; 3,105 genes, 32 types). Machines differ by up to 2x from day to day, so a time in U, measured in
the same run, compares across days and machines where minutes do not.

    python benchmarks/forest_unit.py
"""

from __future__ import annotations

import time

from sklearn.ensemble import RandomForestClassifier

from multiomics_imputation.cohort.demo import PANCANCER_SHAPE, generate_cohort

REFERENCE_SAMPLES = 6651


def forest_unit() -> float:
    """Seconds of one reference forest fit at the Pan-Cancer shape on this machine (U)."""
    cohort = generate_cohort(**PANCANCER_SHAPE, seed=0)
    cnv = cohort.cnv.set_index(cohort.cnv.columns[0]).T.to_numpy()[:REFERENCE_SAMPLES]
    labels = cohort.labels["Label"].to_numpy()[:REFERENCE_SAMPLES]
    started = time.perf_counter()
    RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0).fit(cnv, labels)
    return time.perf_counter() - started


if __name__ == "__main__":
    print(f"U = {forest_unit():.1f} s (one 100-tree forest on 6,651 x 3,105 CNV, 32 types, every core)")
