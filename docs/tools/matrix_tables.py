"""Print docs/modalities.md's modality matrix tables from a finished `kedro run --pipelines modality_matrix`.

    python docs/tools/matrix_tables.py [PROJECT_DIR]   # default: the current folder

Reads `data/08_reporting/modality_matrix/matrix.csv`: per pattern, rows the target layers, columns the source
layers (alone, then all the others together), each cell the best method and its R² on the hidden entries.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def matrix_table(matrix: pd.DataFrame, pattern: str) -> str:
    """One pattern's matrix as Markdown: a row per target, a column per source set, `method R²` in each cell."""
    rows = matrix[matrix["pattern"] == pattern]
    targets = list(dict.fromkeys(rows["target"]))
    columns = [*targets, "all others"]
    cell = {
        (target, "all others" if " + " in sources else sources): f"{method} {r2:.2f}"
        for target, sources, method, r2 in rows[["target", "sources", "method", "r2"]].itertuples(index=False)
    }
    lines = ["| target \\ from | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [f"| {t} | " + " | ".join(cell.get((t, c), "") for c in columns) + " |" for t in targets]
    return "\n".join(lines)


def main(project: Path) -> None:
    matrix = pd.read_csv(project / "data/08_reporting/modality_matrix/matrix.csv")
    print(f"cohort {matrix['cohort'].iloc[0]}, {matrix['n_samples'].max()} samples\n")
    for pattern in dict.fromkeys(matrix["pattern"]):
        print(f"### {pattern}\n\n{matrix_table(matrix, pattern)}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "."))
