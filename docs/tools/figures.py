"""Draw the docs' result figures from a finished benchmark run, with the functions the report uses.

    python docs/tools/figures.py PROJECT_DIR OUT_DIR PREFIX   # e.g. . docs/figures brca

Reads `data/08_reporting/metrics.csv` and writes `<PREFIX>_r2_intervals.png` (R² per method with its 95%
interval over replicates, per pattern) and `<PREFIX>_calibration.png` (observed against nominal coverage); for a
run with multiple imputation (`multiple_imputation.draws`), also `<PREFIX>_draw_coverage.png` (the draws' 90%
intervals against independent noise) and `<PREFIX>_pooled_classification.png` (single against pooled intervals).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from multiomics_imputation.scoring.plots import (
    plot_calibration,
    plot_draw_coverage,
    plot_pooled_intervals,
    plot_r2_intervals,
)
from multiomics_imputation.scoring.summaries import summarise


def draw(project: Path, out: Path, prefix: str) -> list[Path]:
    """The figures of one run, as PNG files in `out`."""
    reporting = project / "data/08_reporting"
    metrics = pd.read_csv(reporting / "metrics.csv")
    summary = summarise(metrics, ["scenario", "pattern", "rate", "method", "metric"])
    out.mkdir(parents=True, exist_ok=True)
    figures = [("r2_intervals", plot_r2_intervals(summary, "gaussian")), ("calibration", plot_calibration(metrics))]
    if "draw_coverage_90" in set(metrics["metric"]):
        figures.append(("draw_coverage", plot_draw_coverage(summary)))
    if (reporting / "classification_pooled.csv").exists():
        figures.append(
            ("pooled_classification", plot_pooled_intervals(pd.read_csv(reporting / "classification_pooled.csv")))
        )
    written = []
    for name, figure in figures:
        written.append(out / f"{prefix}_{name}.png")
        figure.savefig(written[-1], dpi=90)
    return written


if __name__ == "__main__":
    for path in draw(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]):
        print(f"wrote {path}")
