"""A worked example of multiple imputation: one analysis run on each completed cohort, pooled by Rubin's rules.

    python docs/tools/pool_draws.py DRAWS_CSV LABELS_CSV [--top 8]

DRAWS_CSV is impute_cohort's long table (`kedro run --pipelines impute_cohort --params impute_cohort.draws=5`:
data/07_model_output/<name>_<target>_draws.csv; a `draw` column, then the cohort's layout: features as rows,
samples as columns). LABELS_CSV is the cohort's label file (one column `Label`, a row per sample in the order of
the draws' sample columns).

The analysis: for every feature, the difference of its mean between the samples of the first label and the others,
with Welch's variance. Run on each draw and pooled (Rubin's rules: the draws' spread is added to each draw's own
variance, and the degrees of freedom shrink with the fraction of missing information, `fmi`); and, for comparison,
run once on the draws' average taken as if it had been measured (as tools that average their draws do). Prints
the features with the largest pooled |t|, each with both 95% intervals.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from multiomics_imputation.scoring.pooling import interval, rubin


def group_difference(values: pd.DataFrame, in_group: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Per feature (row): the mean of the samples (columns) in the group minus the others', and Welch's variance."""
    first, rest = values.loc[:, in_group], values.loc[:, ~in_group]
    estimate = first.mean(axis=1) - rest.mean(axis=1)
    variance = first.var(axis=1) / first.shape[1] + rest.var(axis=1) / rest.shape[1]
    return estimate, variance


def pooled_differences(draws: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Per feature: the group difference pooled over the draws (Rubin's rules), against the draws' average analysed
    as if it had been measured."""
    per_draw = {d: block.drop(columns="draw").set_index(block.columns[1]) for d, block in draws.groupby("draw")}
    first = next(iter(per_draw.values()))
    if len(labels) != first.shape[1]:
        raise ValueError(
            f"the label file has {len(labels)} rows; the draws have {first.shape[1]} sample columns: expected one "
            "label per sample, in the order of the draws' columns"
        )
    in_group = (labels == labels.iloc[0]).to_numpy()
    results = [group_difference(values, in_group) for values in per_draw.values()]
    complete_df = len(labels) - 2
    rows = []
    for feature in first.index:
        pooled = rubin([e[feature] for e, _ in results], [v[feature] for _, v in results], complete_df)
        rows.append({"feature": feature, **pooled})
    table = pd.DataFrame(rows).set_index("feature")
    average = sum(per_draw.values()) / len(per_draw)
    single, single_variance = group_difference(average, in_group)
    table["t"] = table["estimate"] / np.sqrt(table["total"])
    table["pooled 95% interval"] = [
        "{:.3f} to {:.3f}".format(*interval(row.estimate, row.total, row.df)) for row in table.itertuples()
    ]
    table["average taken as measured"] = [
        "{:.3f} to {:.3f}".format(*interval(single[f], single_variance[f], complete_df)) for f in table.index
    ]
    table["wider by"] = table["total"].pow(0.5) / single_variance.pow(0.5)
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("draws")
    parser.add_argument("labels")
    parser.add_argument("--top", type=int, default=8)
    arguments = parser.parse_args(argv)
    draws = pd.read_csv(arguments.draws)
    labels = pd.read_csv(arguments.labels)["Label"]
    table = pooled_differences(draws, labels)
    shown = table.reindex(table["t"].abs().sort_values(ascending=False).index).head(arguments.top)
    columns = ["estimate", "pooled 95% interval", "average taken as measured", "wider by", "fmi"]
    print(f"{draws['draw'].nunique()} draws; label {labels.iloc[0]} against the others; features by pooled |t|:")
    print(shown[columns].round(3).to_string())
    print(
        f"median over all {len(table)} features: fmi {table['fmi'].median():.3f}, wider by {table['wider by'].median():.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
