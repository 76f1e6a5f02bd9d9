"""Print the Markdown tables of docs/results.md from a finished run's data/08_reporting.

    python docs/tools/results_tables.py [PROJECT_DIR]   # default: the current folder

Every number in docs/results.md comes from this script run on the run named beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.scoring.summaries import holm, pooled_widening, summarise


def method_order(found) -> list[str]:
    """The methods of the project's `methods` parameters in their configured order, then any other method a run
    scored (none is left out of a table)."""
    configured = list(project_parameters()["methods"])
    return configured + sorted(set(found) - set(configured))


def read_table(path: Path) -> pd.DataFrame:
    """A tidy table of a run; runs before 2026-11-30 named the replicate column `seed`."""
    return pd.read_csv(path).rename(columns={"seed": "replicate"})


def markdown(frame: pd.DataFrame, index: bool = True) -> str:
    """A GitHub Markdown table (no extra dependency)."""
    frame = frame.reset_index() if index else frame
    names = [
        " / ".join(str(part) for part in c if str(part)) if isinstance(c, tuple) else str(c) for c in frame.columns
    ]
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    lines += [
        "| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines)


def cell(row) -> str:
    half = (row["ci_high"] - row["ci_low"]) / 2
    return f"{row['mean']:.3f}" + ("" if np.isnan(half) else f" ± {half:.3f}")


def table(summary: pd.DataFrame, metric: str, methods: list[str] | None = None) -> str:
    rows = summary[summary["metric"] == metric]
    methods = [m for m in (methods or method_order(rows["method"])) if m in set(rows["method"])]
    frame = rows.assign(value=rows.apply(cell, axis=1)).pivot(index="scenario", columns="method", values="value")
    return markdown(frame.reindex(index=list(dict.fromkeys(rows["scenario"])), columns=methods))


def cnv_structure(root: Path) -> str:
    """How strongly CNV genes go together in replicate 0's reference, and how much mRNA explains."""
    data = pd.read_pickle(root / "data/05_model_input/study_data.pkl")
    cnv = data.split(0).reference_cnv.to_numpy()
    correlation = np.corrcoef(cnv.T)
    np.fill_diagonal(correlation, 0)
    best = np.nanmax(np.abs(correlation), axis=0)
    _, s, _ = np.linalg.svd(cnv - cnv.mean(axis=0), full_matrices=False)
    share = np.cumsum(s**2) / np.sum(s**2)
    return (
        f"CNV genes: {cnv.shape[1]}; share with a partner gene at |r| > 0.9: {np.mean(best > 0.9):.0%}, "
        f"> 0.8: {np.mean(best > 0.8):.0%}; principal components for 80% / 90% of the CNV variance: "
        f"{int(np.searchsorted(share, 0.8)) + 1} / {int(np.searchsorted(share, 0.9)) + 1} "
        f"(of {len(s)} reference samples)."
    )


def main(root: Path) -> None:
    reporting = root / "data/08_reporting"
    print("## Within-CNV structure (replicate 0 reference)\n")
    print(cnv_structure(root), "\n")
    metrics = read_table(reporting / "metrics.csv")
    summary = summarise(metrics, ["scenario", "pattern", "rate", "method", "metric"])
    n = int(summary["n_replicates"].max())
    print(f"## R² on masked entries (pooled), mean ± 95% half-width over {n} replicates\n")
    print(table(summary, "r2"), "\n")
    print("## Per-gene R² (mean over genes with ≥ 3 masked entries)\n")
    print(table(summary, "r2_gene_mean"), "\n")
    print("## Per-sample Pearson (mean over samples)\n")
    print(table(summary, "pearson_sample_mean"), "\n")
    if "call_f1" in set(metrics["metric"]):
        print("## Gain / loss call agreement (call_f1)\n")
        print(table(summary, "call_f1"), "\n")
    print("## Coverage of the 90% interval\n")
    print(table(summary, "coverage_90"), "\n")

    comparison = pd.read_csv(reporting / "method_comparison.csv")
    print("## Best method per scenario; methods not distinguishable from it (Holm-adjusted p ≥ 0.05)\n")
    rows = []
    for scenario, block in comparison.groupby("scenario", sort=False):
        tied = block[block["p_holm"] >= 0.05].sort_values("difference")
        rows.append(
            {
                "scenario": scenario,
                "best": block["best"].iloc[0],
                "within reach (difference, p_holm)": ", ".join(
                    f"{r.method} ({r.difference:.3f}, {r.p_holm:.2f})" for r in tied.itertuples()
                )
                or "none",
            }
        )
    print(pd.DataFrame(rows).pipe(markdown, index=False), "\n")

    if n > 1:
        r2 = metrics[metrics["metric"] == "r2"]
        first = r2[r2["replicate"] == 0].groupby(["scenario", "method"], sort=False)["value"].mean().unstack()
        fresh = r2[r2["replicate"] > 0].groupby(["scenario", "method"], sort=False)["value"].mean().unstack()
        methods = [m for m in ("gaussian", "masked_autoencoder", "knn_joint", "knn", "ridge") if m in first.columns]
        both = pd.concat(
            {"replicate 0": first[methods], f"replicates 1-{n - 1} (fresh splits)": fresh[methods]}, axis=1
        )
        print("## Re-validation: replicate 0 (the split the settings were chosen on) against fresh splits\n")
        print(markdown(both.round(3)), "\n")

    draws = draw_summary(metrics)
    if draws:
        print(f"## Multiple imputation: the draws' scores (means over rates; ± over {n} replicates)\n")
        print(draws, "\n")
    if (reporting / "classification_pooled.csv").exists():
        print("## Multiple imputation: classification accuracy, single imputation against the draws pooled\n")
        print(markdown(pooled_widening(pd.read_csv(reporting / "classification_pooled.csv"), "pattern")), "\n")

    classification = read_table(reporting / "classification.csv")
    if n > 1:
        print("## Classification: which rows differ from the floor (affected samples)\n")
        print(against_floor(classification), "\n")
    for subset in ("affected", "all"):
        rows = classification[(classification["subset"] == subset) & (classification["metric"] == "accuracy")]
        pattern_means = rows.groupby(["view", "method", "pattern", "replicate"])["value"].mean().reset_index()
        cls = summarise(pattern_means, ["view", "method", "pattern"])
        cls = cls.assign(value=cls.apply(cell, axis=1)).pivot_table(
            index=["view", "method"], columns="pattern", values="value", aggfunc="first"
        )
        print(f"## Classification accuracy, {subset} target samples (mean over rates; ± over replicates)\n")
        print(markdown(cls), "\n")


DRAW_SCORES = ("draw_coverage_90", "sample_mean_coverage_90", "crps", "energy_score", "draw_correlation_gap")


def draw_summary(metrics: pd.DataFrame) -> str | None:
    """The draws' scores per drawing method and pattern (means over rates, then mean ± 95% half-width over
    replicates); for joint draws, the point imputation plus independent noise in the row below (`+ noise`). None
    without draws."""
    rows = metrics[metrics["metric"].isin([*DRAW_SCORES, *(f"{m}_independent" for m in DRAW_SCORES)])]
    if rows.empty:
        return None
    independent = rows["metric"].str.endswith("_independent")
    rows = rows.assign(
        method=np.where(independent, rows["method"] + " + noise", rows["method"]),
        metric=rows["metric"].str.removesuffix("_independent"),
    )
    per_replicate = rows.groupby(["method", "pattern", "metric", "replicate"], sort=False)["value"].mean()
    summary = summarise(per_replicate.reset_index(), ["method", "pattern", "metric"])
    frame = summary.assign(value=summary.apply(cell, axis=1)).pivot_table(
        index=["method", "pattern"], columns="metric", values="value", aggfunc="first", sort=False
    )
    methods = [c for m in method_order(rows["method"].str.removesuffix(" + noise")) for c in (m, f"{m} + noise")]
    order = sorted(
        frame.index,
        key=lambda key: (list(frame.index.get_level_values(1).unique()).index(key[1]), methods.index(key[0])),
    )
    return markdown(frame.reindex(index=order, columns=[m for m in DRAW_SCORES if m in frame.columns]))


def against_floor(classification: pd.DataFrame) -> str:
    """Per scenario and view: methods whose accuracy on the affected samples differs from the floor
    (mean imputation), paired t-test over replicates, Holm-adjusted over the table."""
    from scipy import stats

    rows = classification[(classification["subset"] == "affected") & (classification["metric"] == "accuracy")]
    tests = []
    for (scenario, view), block in rows.groupby(["scenario", "view"], sort=False):
        wide = block.pivot_table(index="replicate", columns="method", values="value")
        for method in wide.columns.drop(["cnv_mean_imputed", "mrna_only", "mrna_cnv"], errors="ignore"):
            pair = wide[[method, "cnv_mean_imputed"]].dropna()
            difference = pair[method] - pair["cnv_mean_imputed"]
            p = stats.ttest_rel(pair[method], pair["cnv_mean_imputed"]).pvalue if difference.abs().sum() > 0 else 1.0
            tests.append(
                {"scenario": scenario, "view": view, "method": method, "difference": difference.mean(), "p": p}
            )
    tests = pd.DataFrame(tests)
    tests["p_holm"] = holm(tests["p"].fillna(1.0).to_numpy())
    found = tests[tests["p_holm"] < 0.05]
    listed = ", ".join(f"{r.method} in {r.scenario} / {r.view} ({r.difference:+.3f})" for r in found.itertuples())
    return (
        f"{len(tests)} paired tests against the floor (Holm-adjusted): "
        f"{len(found)} significant{': ' + listed if listed else ''}."
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
