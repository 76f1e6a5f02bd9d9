"""Figures, summary tables and the HTML report."""

from __future__ import annotations

import base64
import json
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup
from matplotlib.figure import Figure

from multiomics_imputation.framework.profiling import where_the_time_went
from multiomics_imputation.scoring import plots
from multiomics_imputation.scoring.metrics import rowwise_pearson
from multiomics_imputation.scoring.summaries import paired_tests, pooled_widening, summarise
from multiomics_imputation.study.design import Scenario, per_replicate
from multiomics_imputation.study.splits import StudyData

#: The HTML report's page; every value is escaped unless it is a table pandas wrote (Markup).
REPORT = jinja2.Environment(
    loader=jinja2.PackageLoader("multiomics_imputation.pipelines.reporting"), autoescape=True
).get_template("report.html")


def first_replicate(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the first replicate of a (replicate, sample)-indexed frame."""
    return next(per_replicate(frame))[1]


def pca_figure(data: StudyData, *imputed: pd.DataFrame, scenario: Scenario, methods: list[str]) -> Figure:
    """PCA of real vs imputed target layer, methods side by side (first replicate)."""
    split = data.split(data.replicates[0])
    frames = {m: first_replicate(f) for m, f in zip(methods, imputed)}
    return plots.plot_pca(split.reference_cnv, split.target_cnv, frames, scenario.name, data.target_layer.name)


def mask_figure(layer: str, *masks: pd.DataFrame, scenarios: list[Scenario]) -> Figure:
    """Missingness heatmaps of each pattern over the target `layer` (first replicate)."""
    return plots.plot_masks({s.name: first_replicate(mask) for s, mask in zip(scenarios, masks)}, layer)


def sample_correlations(
    data: StudyData, mask: pd.DataFrame, *imputed: pd.DataFrame, scenario: Scenario, methods: list[str]
) -> pd.DataFrame:
    """Per-sample Pearson r over masked entries, for every method of one scenario (first replicate)."""
    split = data.split(data.replicates[0])
    truth = split.target_cnv
    hidden = first_replicate(mask).loc[truth.index, truth.columns].to_numpy()
    rows = []
    for method, frame in zip(methods, imputed):
        predicted = first_replicate(frame).loc[truth.index, truth.columns].to_numpy()
        rows.append(
            pd.DataFrame(
                {
                    "scenario": scenario.name,
                    "pattern": scenario.pattern,
                    "rate": scenario.rate,
                    "method": method,
                    "sample": truth.index,
                    "pearson": rowwise_pearson(truth.to_numpy(), predicted, hidden),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def correlation_figure(layer: str, *correlations: pd.DataFrame) -> Figure:
    """Per-sample correlation distributions by method and scenario."""
    return plots.plot_sample_correlations(pd.concat(correlations, ignore_index=True), layer)


def r2_heatmap(metrics: pd.DataFrame) -> Figure:
    """R² heat map, scenario x method."""
    return plots.plot_metric_heatmap(metrics, "r2")


def r2_by_rate(metrics: pd.DataFrame) -> Figure:
    """R² against the missingness rate per method and pattern."""
    return plots.plot_metric_vs_rate(metrics, "r2")


def r2_intervals_figure(metrics_summary: pd.DataFrame, impute: dict[str, Any]) -> Figure:
    """R² per method with its 95% interval, per pattern; impute_cohort's default method in bold."""
    return plots.plot_r2_intervals(metrics_summary, impute.get("default_method"))


def calibration_figure(metrics: pd.DataFrame) -> Figure:
    """Observed against nominal coverage of the methods that give an uncertainty."""
    return plots.plot_calibration(metrics)


def classification_figure(classification_summary: pd.DataFrame) -> Figure:
    """Classification accuracy per method on the affected samples, between the floor and the ceiling."""
    return plots.plot_classification(classification_summary, "accuracy")


def draw_coverage_figure(metrics_summary: pd.DataFrame) -> Figure:
    """Coverage of the draws' 90% intervals, per value and per sample's mean, against independent noise."""
    return plots.plot_draw_coverage(metrics_summary)


def pooled_classification_figure(classification_pooled: pd.DataFrame) -> Figure:
    """Classification accuracy's 95% interval from the single imputation against the draws pooled by Rubin's rules."""
    return plots.plot_pooled_intervals(classification_pooled, "accuracy")


def summarise_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95% interval over replicates per scenario x method x metric."""
    return summarise(metrics, ["scenario", "pattern", "rate", "method", "metric"])


def summarise_classification(classification: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95% interval over replicates per scenario x method x view x subset x metric."""
    return summarise(classification, ["scenario", "pattern", "rate", "method", "view", "subset", "metric"])


def compare_methods(metrics: pd.DataFrame) -> pd.DataFrame:
    """Paired tests of R² (over replicates) between each scenario's best method and every other one, Holm-adjusted."""
    return paired_tests(metrics, "r2")


def build_report(
    data_report: dict,
    metrics_summary: pd.DataFrame,
    method_comparison: pd.DataFrame,
    classification_summary: pd.DataFrame,
    parameters: dict[str, Any],
    run_profile: pd.DataFrame,
    *inputs: pd.DataFrame | bytes,
    figure_names: list[str],
    pooled: bool = False,
) -> str:
    """One self-contained HTML page (templates/report.html): what was run and the answer first, then the figures,
    then tables for people (methods as rows, scenarios as columns, one table per metric or view). `inputs`: the
    pooled classification first where the run drew multiple imputations (`pooled`), then the figures."""
    classification_pooled, figures = (inputs[0], inputs[1:]) if pooled else (None, inputs)
    synthetic = data_report.get("synthetic")
    n = int(metrics_summary["n_replicates"].max())
    covers = (
        f"over {n} replicates; each replicate redraws the reference/target split, the masks and the seeds "
        "of every model and forest"
        if n > 1
        else "one replicate, so no interval: run several with --params replicates=5"
    )
    r2_tables = {
        title: _by_method(metrics_summary[metrics_summary["metric"] == metric], "scenario")
        for metric, title in (
            ("r2", "pooled over the hidden entries (r2)"),
            ("r2_gene_mean", "mean over genes (r2_gene_mean)"),
        )
    }
    accuracy = classification_summary[classification_summary["metric"] == "accuracy"]
    accuracy_tables = {
        f"view {view}, {subset} target samples": _by_method(block, "scenario")
        for (view, subset), block in accuracy.groupby(["view", "subset"], sort=False)
    }
    slowest, by_kind = where_the_time_went(run_profile)
    paper_view = data_report.get("paper_view")  # absent from a data report written before it was reported
    target = data_report.get("target_layer", "CNV")  # a data report written before layers had names: CNV
    sources = data_report.get("source_layers", ["mRNA"])
    gain = source_gain(metrics_summary, data_report.get("source_omics", ["mRNA"])[0])
    return REPORT.render(
        answer=_table(best_per_pattern(metrics_summary), index=False),
        source_gain=_table(gain, index=False) if len(gain) else None,
        first_source=sources[0],
        cohort=str(data_report["cohort"]),
        target=target,
        question=f"{target} imputed from {', '.join(sources)}",
        synthetic=synthetic and {"generator": synthetic["generator"], "settings": json.dumps(synthetic["settings"])},
        data_table=_table(_data_rows(data_report), index=False),
        covers=covers,
        replicates=n,
        r2_tables={title: _table(table) for title, table in r2_tables.items()},
        comparison_table=_table(winners(method_comparison), index=False),
        paper_view=paper_view and paper_view[:1].upper() + paper_view[1:],
        accuracy_tables={title: _table(table) for title, table in accuracy_tables.items()},
        draw_tables={title: _table(table) for title, table in draw_score_tables(metrics_summary).items()},
        pooled_table=_table(pooled_widening(classification_pooled).reset_index(), index=False) if pooled else None,
        profile={
            "nodes": len(run_profile),
            "seconds": f"{run_profile['seconds'].sum():.1f}",
            "peak_mb": f"{run_profile['peak_rss_mb'].max():.0f}",
            "slowest": _table(slowest.round(2), index=False),
            "by_kind": _table(by_kind.round(1).head(15)),
        },
        figures=[
            {"name": name, "caption": caption(name), "png": base64.b64encode(png).decode()}
            for name, png in zip(figure_names, figures)
        ],
        parameters=json.dumps(parameters, indent=2, default=str),
    )


#: The scores of a multiple imputation's draws (scoring/draws.py), with what they say; lower is better but for coverage.
DRAW_SCORES = {
    "draw_coverage_90": "share of hidden values inside the draws' 90% interval (honest: 0.90)",
    "sample_mean_coverage_90": "share of samples whose mean over their hidden values lies inside the draws' 90% "
    "interval for it (honest: 0.90)",
    "crps": "CRPS per hidden value (lower is better)",
    "energy_score": "energy score per sample, over its hidden values together (lower is better)",
    "draw_correlation_gap": "gap between the draws' gene-gene correlations around their mean and the truth's "
    "(lower is better)",
}


def draw_score_tables(metrics_summary: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per draw score (none without draws): methods as rows, and for joint draws a row `<method>, independent noise`
    (its point imputation plus independent noise of the per-value SD); scenarios as columns."""
    tables = {}
    for metric, words in DRAW_SCORES.items():
        rows = metrics_summary[metrics_summary["metric"].isin([metric, f"{metric}_independent"])]
        if rows.empty:
            continue
        rows = rows.assign(
            method=np.where(rows["metric"] == metric, rows["method"], rows["method"] + ", independent noise")
        )
        tables[f"{words} ({metric})"] = _by_method(rows, "scenario")
    return tables


#: What each figure of the report shows, by its dataset name (`<scenario>.` or `<method>.` before it when it has one).
CAPTIONS = {
    "r2_intervals": "R² of every method on the hidden values, per pattern: a dot per rate, its 95% interval over "
    "replicates as a line; the recommended method in bold.",
    "calibration": "Are the intervals honest? The share of hidden values inside each method's central interval, "
    "against the interval's nominal coverage (on the diagonal: honest).",
    "r2_heatmap": "R² per scenario and method.",
    "r2_by_rate": "R² against the share of values hidden, per pattern.",
    "missingness": "Which values each pattern hides (black), target samples by features, at its highest rate.",
    "classification": "Downstream classification accuracy of every method, between the floor (mean imputation) and "
    "the ceiling (the original values).",
    "sample_correlation": "Per-sample correlation of imputed and true values over the hidden entries.",
    "pca": "The target cohort in the reference's first two principal components: real (grey) and imputed (red).",
    "training_curve": "Training and validation loss per epoch.",
    "draw_coverage": "Are the draws proper? The share of hidden values (left), and of samples' means over their "
    "hidden values (right), inside the draws' 90% interval: each method's draws (solid) against its point "
    "imputation plus independent noise (dashed). Only draws that keep a sample's values together hold its mean.",
    "pooled_classification": "Classification accuracy with its 95% interval: from the single imputation (grey, the "
    "imputed values taken as measured) and from the draws pooled by Rubin's rules (blue, the imputation's "
    "uncertainty carried in).",
}


def caption(name: str) -> str:
    """A figure's caption from its dataset name, e.g. `random_20.pca_figure` -> the PCA caption, for random_20."""
    owner, _, figure = name.removesuffix("_figure").rpartition(".")
    words = CAPTIONS.get(figure, figure.replace("_", " "))
    return f"{owner}: {words}" if owner else words


def _data_rows(data_report: dict) -> pd.DataFrame:
    """The data report as rows of plain words: nested counts as `mrna 600, cnv 360`, lists joined."""

    def words(value: Any) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{k} {words(v)}" for k, v in value.items())
        if isinstance(value, list):
            return "; ".join(words(v) for v in value)
        return str(value)

    rows = [(key.replace("_", " "), words(value)) for key, value in data_report.items() if key != "synthetic"]
    return pd.DataFrame(rows, columns=["", "value"])


def _by_method(summary: pd.DataFrame, columns: str) -> pd.DataFrame:
    """Methods as rows (best first), `columns` as columns, each cell `mean ± half-width of the 95% interval`."""
    cells = summary.assign(value=_with_interval(summary))
    table = cells.pivot_table(index="method", columns=columns, values="value", aggfunc="first", sort=False)
    order = summary.groupby("method")["mean"].mean().sort_values(ascending=False).index
    return table.reindex(order).rename_axis(index=None, columns=None)


def winners(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: the best method, the runner-up, their R² difference and whether it is significant after
    Holm's adjustment (the full list of tests: method_comparison.csv)."""
    rows = []
    for scenario, block in comparison.groupby("scenario", sort=False):
        runner = block.loc[block["difference"].idxmin()]
        p_holm = runner["p_holm"]
        rows.append(
            {
                "scenario": scenario,
                "best": runner["best"],
                "runner-up": runner["method"],
                "R² ahead by": round(float(runner["difference"]), 4),
                "Holm-adjusted p": "no test (one replicate)" if np.isnan(p_holm) else f"{p_holm:.3g}",
                "ahead of every other method": "no test"
                if block["p_holm"].isna().all()
                else ("yes" if (block["p_holm"] < 0.05).all() else "no: tied with some"),
            }
        )
    return pd.DataFrame(rows)


def best_per_pattern(metrics_summary: pd.DataFrame) -> pd.DataFrame:
    """Per pattern: the method with the highest R² (mean over its rates), that R², and the range of its 95%
    intervals over the rates."""
    r2 = metrics_summary[metrics_summary["metric"] == "r2"]
    by_method = r2.groupby(["pattern", "method"], sort=False).agg(
        r2=("mean", "mean"), low=("ci_low", "min"), high=("ci_high", "max")
    )
    best = by_method.loc[by_method.groupby(level="pattern", sort=False)["r2"].idxmax()].reset_index()
    interval = best.apply(lambda row: "" if np.isnan(row["low"]) else f"{row['low']:.3f} to {row['high']:.3f}", axis=1)
    return pd.DataFrame(
        {
            "pattern": best["pattern"],
            "best method": best["method"],
            "R²": best["r2"].round(3),
            "95% intervals": interval,
        }
    )


def source_gain(metrics_summary: pd.DataFrame, first: str) -> pd.DataFrame:
    """Per scenario and compared method: R² from every source layer, from the first alone (`<method>_<first>_only`,
    same masks), and the gain of adding the others (mean over replicates)."""
    r2 = metrics_summary[metrics_summary["metric"] == "r2"].set_index(["scenario", "method"])["mean"]
    suffix = f"_{first}_only"
    rows = [
        (scenario, method.removesuffix(suffix), r2[scenario, method.removesuffix(suffix)], value)
        for (scenario, method), value in r2.items()
        if method.endswith(suffix) and (scenario, method.removesuffix(suffix)) in r2.index
    ]
    table = pd.DataFrame(rows, columns=["scenario", "method", "r2_all_sources", f"r2_{first}_alone"])
    return table.assign(gain=table["r2_all_sources"] - table[f"r2_{first}_alone"]).round(3)


def _with_interval(summary: pd.DataFrame) -> pd.Series:
    """`mean ± half-width of its 95% interval` (the mean alone with one replicate)."""
    return summary.apply(
        lambda row: (
            f"{row['mean']:.3f}" + ("" if np.isnan(row["ci_low"]) else f" ± {(row['ci_high'] - row['ci_low']) / 2:.3f}")
        ),
        axis=1,
    )


def _table(frame: pd.DataFrame, index: bool = True) -> Markup:
    """A table as HTML (pandas escapes its cells)."""
    return Markup(frame.to_html(border=0, na_rep="", index=index))
