"""Print the tables of docs/paper_reproduction.md from finished runs.

    python docs/tools/paper_tables.py [PROJECT_DIR]   # default: the current folder

Reads the paper_protocol run's `data/08_reporting/paper_protocol/` (the ladder and the paper's forest) and, when
present, the honest benchmark's `data/08_reporting/metrics.csv` of a run on the paper's patterns
(`missingness.patterns=[random,paper_sample,paper_feature]`): the ladder's last row.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from multiomics_imputation.study.masks import RENAMED_PATTERNS

#: The ladder's methods and the benchmark's methods they are (the paper's regression is least squares).
BENCHMARK_NAMES = {"mean": "mean", "knn": "knn", "regression": "linear_regression", "autoencoder": "autoencoder"}
PAPER_PATTERNS = ("random", "paper_sample", "paper_feature")


def ladder_table(summary: pd.DataFrame, metrics: pd.DataFrame | None) -> pd.DataFrame:
    """Rows: the ladder's steps (and the honest benchmark); columns: R² and correlation per method (mean over the
    paper's scenarios that ran: nine by default)."""
    table = summary.pivot_table(index=["step", "ladder"], columns=["method", "metric"], values="value", sort=False)
    table.index = table.index.get_level_values("ladder")
    if metrics is not None:
        metrics = metrics.assign(pattern=metrics["pattern"].replace(RENAMED_PATTERNS))  # a run before the rename
        rows = metrics[metrics["pattern"].isin(PAPER_PATTERNS) & metrics["metric"].isin(["r2", "pearson_sample_mean"])]
        honest = rows.groupby(["method", "metric"])["value"].mean()
        table.loc["honest benchmark (reference/target split)"] = [
            honest.get((BENCHMARK_NAMES[m], "r2" if k == "r2" else "pearson_sample_mean"), float("nan"))
            for m, k in table.columns
        ]
    return table


def markdown(table: pd.DataFrame) -> str:
    methods = list(dict.fromkeys(m for m, _ in table.columns))
    header = "| step | " + " | ".join(f"{m} R² | {m} r" for m in methods) + " |"
    lines = [header, "|" + "---|" * (1 + 2 * len(methods))]
    for name, row in table.iterrows():
        lines.append(
            f"| {name} | " + " | ".join(f"{row[(m, 'r2')]:.3f} | {row[(m, 'correlation')]:.3f}" for m in methods) + " |"
        )
    return "\n".join(lines)


def main(root: Path) -> None:
    reporting = root / "data/08_reporting"
    summary = pd.read_csv(reporting / "paper_protocol/ladder_summary.csv")
    metrics_file = reporting / "metrics.csv"
    metrics = pd.read_csv(metrics_file) if metrics_file.exists() else None
    scenarios = sorted(pd.read_csv(reporting / "paper_protocol/ladder.csv")["scenario"].unique())
    print(f"cohort {summary['cohort'].iloc[0]}: R² and correlation (r), mean over the paper's scenarios {scenarios}\n")
    print(markdown(ladder_table(summary, metrics)))
    forest = pd.read_csv(reporting / "paper_protocol/classification.csv")
    accuracy = forest[forest["metric"] == "accuracy"].groupby("matrix", sort=False)["value"].agg(["min", "max"])
    print("\nthe paper's forest (accuracy on its one test quarter; min-max over scenarios):")
    print(
        "\n".join(
            f"- {m}: {r['min']:.3f}" + (f"-{r['max']:.3f}" if r["max"] > r["min"] else "")
            for m, r in accuracy.iterrows()
        )
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
