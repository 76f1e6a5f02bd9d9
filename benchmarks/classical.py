"""Time the strong classical imputers at the MLOmics Pan-Cancer shape.

Data: the synthetic generator at 8,314 samples x 3,217 mRNA / 3,105 CNV genes, split 80/20
(stratified, seeded) into reference and target, standardised with the reference. For each
method of conf/base/parameters_methods.yml named on the command line: the fit on the reference
(settings chosen on held-out reference samples included), then the imputation of the
target under three masks (20% of entries, 20% of whole profiles, 20% of genes), with R² on
the hidden entries. Prints seconds and the process's peak memory.

    python benchmarks/classical.py [--methods gaussian gaussian_cnv softimpute mice] [--samples 8314]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from multiomics_imputation.cohort.demo import PANCANCER_SHAPE, generate_cohort
from multiomics_imputation.framework.profiling import peak_rss_mb
from multiomics_imputation.imputers import read_methods
from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.study.masks import make_mask
from multiomics_imputation.study.splits import split_study


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", nargs="+", default=["gaussian", "gaussian_cnv", "softimpute", "mice"])
    parser.add_argument("--samples", type=int, default=PANCANCER_SHAPE["n_samples"])
    args = parser.parse_args()
    methods = read_methods(project_parameters()["methods"])

    started = time.perf_counter()
    cohort = generate_cohort(**{**PANCANCER_SHAPE, "n_samples": args.samples}, seed=0)
    mrna, cnv = (t.set_index("sample").T for t in (cohort.mrna, cohort.cnv))
    labels = cohort.labels["Label"].set_axis(mrna.index)
    split = split_study("BENCH", mrna, cnv, labels, 0.2, 42, [0]).split(0)
    print(
        f"data: reference {split.reference_cnv.shape[0]:,} x mRNA {split.reference_mrna.shape[1]:,} / "
        f"CNV {split.reference_cnv.shape[1]:,}, target {split.target_cnv.shape[0]:,} "
        f"({time.perf_counter() - started:.0f} s to generate)"
    )
    truth = split.target_cnv.fillna(0.0)
    rng = np.random.default_rng(0)
    masks = {pattern: make_mask(truth.to_numpy(), pattern, 0.2, rng) for pattern in ("random", "sample", "feature")}
    print(
        f"{'method':<14}{'fit (s)':>9}"
        + "".join(f"{p + ' (s)':>14}{'R²':>7}" for p in masks)
        + f"{'peak RSS (MB)':>15}"
    )
    for name in args.methods:
        started = time.perf_counter()
        imputer = methods[name].make().fit(split.reference_mrna, split.reference_cnv)
        line = f"{name:<14}{time.perf_counter() - started:>9.1f}"
        for mask in masks.values():
            started = time.perf_counter()
            imputed = imputer.impute(split.target_mrna, truth.mask(mask)).to_numpy()
            t, p = truth.to_numpy()[mask], imputed[mask]
            r2 = 1 - np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2)
            line += f"{time.perf_counter() - started:>14.1f}{r2:>7.3f}"
        print(line + f"{peak_rss_mb():>15.0f}", flush=True)


if __name__ == "__main__":
    main()
