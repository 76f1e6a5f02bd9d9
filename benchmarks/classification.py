"""Cheaper forests for the paper's classification view: what each costs and how far it moves the accuracy.

For each replicate, a stratified 20% target cohort is drawn from the cohort (as the benchmark's split does),
standardised, and classified by 5-fold stratified cross-validation (the paper's view on the original CNV),
once per forest setting: scikit-learn's Random Forest with 100 trees (the benchmark's), 50 or 30 trees, half
the samples per tree, and Extra-Trees with 100 or 50 trees. Prints seconds per fold and each setting's
accuracy shift against the 100-tree forest, paired by replicate.

    python benchmarks/classification.py --folder data/01_raw/demo_full --name DEMO --replicates 2
    python benchmarks/classification.py --folder ../shared/data/tcga_brca --name BRCA --replicates 5
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, train_test_split

from multiomics_imputation.cohort.reading import read_cohort

SETTINGS = {
    "random forest, 100 trees": (RandomForestClassifier, {"n_estimators": 100}),
    "random forest, 50 trees": (RandomForestClassifier, {"n_estimators": 50}),
    "random forest, 30 trees": (RandomForestClassifier, {"n_estimators": 30}),
    "random forest, 100 trees, half the samples each": (
        RandomForestClassifier,
        {"n_estimators": 100, "max_samples": 0.5},
    ),
    "extra trees, 100 trees": (ExtraTreesClassifier, {"n_estimators": 100}),
    "extra trees, 50 trees": (ExtraTreesClassifier, {"n_estimators": 50}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--replicates", type=int, default=5)
    args = parser.parse_args()
    cohort = read_cohort(args.folder, args.name)
    cnv, labels = np.nan_to_num(cohort.cnv.to_numpy(dtype=np.float32)), cohort.labels.to_numpy()
    rows = []
    for replicate in range(args.replicates):
        _, target = train_test_split(np.arange(len(labels)), test_size=0.2, stratify=labels, random_state=replicate)
        x, y = cnv[target], labels[target]
        x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
        for name, (forest, settings) in SETTINGS.items():
            started, predicted = time.perf_counter(), np.empty_like(y)
            folds = StratifiedKFold(5, shuffle=True, random_state=replicate).split(x, y)
            for k, (train, test) in enumerate(folds):
                model = forest(n_jobs=-1, random_state=replicate * 10 + k, **settings).fit(x[train], y[train])
                predicted[test] = model.predict(x[test])
            rows.append((replicate, name, float(np.mean(predicted == y)), (time.perf_counter() - started) / 5))
            print(
                f"replicate {replicate}: {name}: accuracy {rows[-1][2]:.3f}, {rows[-1][3]:.2f} s per fold", flush=True
            )
    table = pd.DataFrame(rows, columns=["replicate", "setting", "accuracy", "seconds_per_fold"])
    base = table[table["setting"] == "random forest, 100 trees"].set_index("replicate")["accuracy"]
    shift = table.set_index("replicate").groupby("setting", sort=False)["accuracy"].apply(lambda a: (a - base).mean())
    summary = table.groupby("setting", sort=False)[["accuracy", "seconds_per_fold"]].mean().assign(shift=shift)
    print(
        f"\n{args.name}: {len(target)} target samples, {x.shape[1]} CNV genes, {len(set(y))} classes, "
        f"{args.replicates} replicates; shift = mean accuracy change against 100 trees, paired by replicate"
    )
    print(summary.round(3).to_string())


if __name__ == "__main__":
    main()
