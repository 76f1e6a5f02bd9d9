"""Draw the docs' result figures from a finished benchmark run, with the functions the report uses.

    python docs/tools/figures.py PROJECT_DIR OUT_DIR PREFIX   # e.g. . docs/figures brca

Reads `data/08_reporting/metrics.csv` and writes `<PREFIX>_r2_intervals.png` (R² per method with its 95%
interval over replicates, per pattern) and `<PREFIX>_calibration.png` (observed against nominal coverage).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from multiomics_imputation.scoring.plots import plot_calibration, plot_r2_intervals
from multiomics_imputation.scoring.summaries import summarise


def draw(project: Path, out: Path, prefix: str) -> list[Path]:
    """The two figures of one run, as PNG files in `out`."""
    metrics = pd.read_csv(project / "data/08_reporting/metrics.csv")
    summary = summarise(metrics, ["scenario", "pattern", "rate", "method", "metric"])
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in (
        ("r2_intervals", plot_r2_intervals(summary, "gaussian")),
        ("calibration", plot_calibration(metrics)),
    ):
        written.append(out / f"{prefix}_{name}.png")
        figure.savefig(written[-1], dpi=90)
    return written


if __name__ == "__main__":
    for path in draw(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]):
        print(f"wrote {path}")
