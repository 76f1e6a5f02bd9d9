"""What multiple imputation (`multiple_imputation.draws`) adds to a replicate at the MLOmics Pan-Cancer shape.

On the synthetic demo cohort at that shape (8,314 samples, 3,217 mRNA / 3,105 CNV genes, 32 types; the first 6,651
samples the reference, the other 1,663 the target), the conditional Gaussian (`gaussian`, the default settings) is
fitted once, then for each pattern at 20% (the costliest rate) times: its single imputation; the draws
(`impute_draws`, m of them); their scoring (`evaluate_draws`: the draws and the point + independent-noise ones); and
one target forest fit of the paper's view on a 75% split (each draw adds one per scenario that view covers). Prints
seconds and U (benchmarks/forest_unit.py, measured in the same run), the peak resident memory after the fit and
after the draws, then what a replicate of the default grid adds: the draws and their scores for the 9 scenarios of
both Gaussian methods (each at most its 20% time), and the forests: m per covered scenario (3 by default) per
method; the reference-trained view only predicts.

    python benchmarks/draws.py [--draws 5]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd
from forest_unit import forest_unit
from sklearn.ensemble import RandomForestClassifier

from multiomics_imputation.cohort.demo import PANCANCER_SHAPE, generate_cohort
from multiomics_imputation.imputers.gaussian import GaussianImputer
from multiomics_imputation.scoring.draws import draw_scores
from multiomics_imputation.study.design import standard_normals
from multiomics_imputation.study.masks import make_mask

REFERENCE_SAMPLES = 6651
SCENARIOS_PER_PATTERN, PATTERNS, GAUSSIAN_METHODS, COVERED_SCENARIOS = 3, ("random", "sample", "feature"), 2, 3


def peak_mib() -> float:
    """This process's peak resident memory so far, MiB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(step, *args, **kwargs):
    """`step(*args, **kwargs)` and its wall seconds."""
    started = time.perf_counter()
    result = step(*args, **kwargs)
    return result, time.perf_counter() - started


def score_both(truth: np.ndarray, draws: np.ndarray, point: np.ndarray, sd: np.ndarray, hidden: np.ndarray):
    """As `evaluate_draws`: the draws' scores, and those of the point imputation plus independent noise."""
    noisy = point + standard_normals(1, len(draws), truth.shape) * sd
    return draw_scores(truth, draws, hidden), draw_scores(truth, noisy, hidden)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=5)
    m = parser.parse_args().draws
    unit = forest_unit()
    print(f"U = {unit:.1f} s; {m} draws", flush=True)
    cohort = generate_cohort(**PANCANCER_SHAPE, seed=0)
    mrna, cnv = (t.set_index(t.columns[0]).T for t in (cohort.mrna, cohort.cnv))
    # standardised on the reference; the demo's few source NaNs at the reference mean, as the benchmark does
    mrna, cnv = (
        ((f - f.iloc[:REFERENCE_SAMPLES].mean()) / f.iloc[:REFERENCE_SAMPLES].std()).fillna(0.0) for f in (mrna, cnv)
    )
    labels = cohort.labels["Label"].to_numpy()
    reference, target = slice(0, REFERENCE_SAMPLES), slice(REFERENCE_SAMPLES, None)
    imputer, fit_seconds = timed(GaussianImputer().fit, mrna.iloc[reference], cnv.iloc[reference])
    print(f"gaussian fit (once per replicate, with or without draws): {fit_seconds:.0f} s = {fit_seconds / unit:.2f} U")
    fitted_peak = peak_mib()
    truth = cnv.iloc[target]
    rows = []
    for pattern in PATTERNS:
        hidden = make_mask(truth.to_numpy(), pattern, 0.2, np.random.default_rng(0))
        masked = truth.mask(hidden)
        (point, sd), single = timed(imputer.impute_with_uncertainty, mrna.iloc[target], masked)
        drawn, drawing = timed(imputer.impute_draws, mrna.iloc[target], masked, m, seed=0)
        values = drawn.to_numpy().reshape(m, *truth.shape)
        (joint, independent), scoring = timed(
            score_both, truth.to_numpy(), values, point.to_numpy(), sd.to_numpy(), hidden
        )
        rows.append((pattern, single, drawing, scoring, joint["energy_score"], independent["energy_score"]))
        print(f"{pattern}_20: impute {single:.1f} s, {m} draws {drawing:.1f} s, scores {scoring:.1f} s", flush=True)
    table = pd.DataFrame(
        rows, columns=["scenario (20%)", "single s", "draws s", "scores s", "energy joint", "energy independent"]
    )
    split = np.random.default_rng(0).permutation(len(truth))[: int(0.75 * len(truth))]
    forest_model = RandomForestClassifier(n_estimators=100, n_jobs=-1, random_state=0)
    _, forest = timed(forest_model.fit, values[0][split], labels[target][split])
    print(table.round(3).to_string(index=False))
    per_replicate = SCENARIOS_PER_PATTERN * GAUSSIAN_METHODS * (table["draws s"] + table["scores s"]).sum()
    forests = m * COVERED_SCENARIOS * GAUSSIAN_METHODS * forest
    print(f"one target forest (paper's view, 75% of 1,663): {forest:.1f} s = {forest / unit:.2f} U")
    print(f"peak RSS: {fitted_peak:,.0f} MiB after the cohort and the fit, {peak_mib():,.0f} MiB after the draws")
    print(
        f"a replicate of the default grid with draws={m} adds at most: draws and scores {per_replicate / 60:.1f} min "
        f"= {per_replicate / unit:.1f} U; forests {forests / 60:.1f} min = {forests / unit:.1f} U "
        f"({m * COVERED_SCENARIOS * GAUSSIAN_METHODS} fits); in all {(per_replicate + forests) / unit:.1f} U"
    )


if __name__ == "__main__":
    main()
