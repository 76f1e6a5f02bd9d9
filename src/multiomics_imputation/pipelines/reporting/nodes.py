"""Figures, summary tables and the HTML report."""

from __future__ import annotations

import base64
import html
import json
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from multiomics_imputation import plots
from multiomics_imputation.metrics import rowwise_pearson
from multiomics_imputation.summaries import paired_tests, summarise


def first_seed(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the first seed of a (seed, sample)-indexed frame."""
    return frame.xs(frame.index.get_level_values("seed")[0], level="seed")


def pca_figure(reference_cnv: pd.DataFrame, target_cnv: pd.DataFrame, scenario: str, **imputed: pd.DataFrame) -> Figure:
    """PCA of real vs imputed target CNV, methods side by side (first seed)."""
    return plots.plot_pca(reference_cnv, target_cnv, {m: first_seed(f) for m, f in imputed.items()}, scenario)


def mask_figure(**masks: pd.DataFrame) -> Figure:
    """Missingness heatmaps of each pattern (first seed)."""
    return plots.plot_masks({scenario: first_seed(mask) for scenario, mask in masks.items()})


def sample_correlations(target_cnv: pd.DataFrame, scenarios: list[str], **frames: pd.DataFrame) -> pd.DataFrame:
    """Per-sample Pearson r over masked entries, for every scenario x method given (`<scenario>__<method>`)."""
    rows = []
    truth = target_cnv.to_numpy()
    for scenario in scenarios:
        mask = first_seed(frames[f"{scenario}__mask"]).to_numpy()
        for key, frame in frames.items():
            if key.startswith(f"{scenario}__") and key != f"{scenario}__mask":
                imputed = first_seed(frame).loc[target_cnv.index, target_cnv.columns].to_numpy()
                r = rowwise_pearson(truth, imputed, mask)
                rows.append(pd.DataFrame({"scenario": scenario, "method": key.split("__", 1)[1],
                                          "sample": target_cnv.index, "pearson": r}))
    return pd.concat(rows, ignore_index=True)


def correlation_figure(correlations: pd.DataFrame) -> Figure:
    """Per-sample correlation distributions by method and scenario."""
    return plots.plot_sample_correlations(correlations)


def r2_heatmap(metrics: pd.DataFrame) -> Figure:
    """R² heat map, scenario x method."""
    return plots.plot_metric_heatmap(metrics, "r2")


def r2_by_rate(metrics: pd.DataFrame) -> Figure:
    """R² against the missingness rate per method and pattern."""
    return plots.plot_metric_vs_rate(metrics, "r2")


def classification_figure(classification: pd.DataFrame) -> Figure:
    """Classification accuracy bars with the original-CNV line."""
    return plots.plot_classification(classification, "accuracy")


def summarise_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95% interval over seeds per scenario x method x metric."""
    return summarise(metrics, ["scenario", "pattern", "rate", "method", "metric"])


def summarise_classification(classification: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95% interval over seeds per scenario x method x view x metric."""
    return summarise(classification, ["scenario", "method", "view", "metric"])


def compare_methods(metrics: pd.DataFrame) -> pd.DataFrame:
    """Paired tests of R² between each scenario's best method and every other one."""
    return paired_tests(metrics, "r2")


def build_report(
    data_report: dict,
    metrics_summary: pd.DataFrame,
    method_comparison: pd.DataFrame,
    classification_summary: pd.DataFrame,
    parameters: dict[str, Any],
    **figures: bytes,
) -> tuple[str, str]:
    """One self-contained HTML page (versioned, and the latest copy): data, parameters, tables, figures."""
    synthetic = data_report.get("synthetic")
    banner = (
        "<p class='warn'><b>Synthetic data.</b> This run used the built-in demo cohort, drawn by "
        f"<code>{html.escape(synthetic['generator'])}</code> with {html.escape(json.dumps(synthetic['settings']))}. "
        "Its numbers describe the generator, not real tumours.</p>"
        if synthetic else f"<p>Cohort <b>{html.escape(str(data_report['cohort']))}</b> (real data as given).</p>"
    )
    r2 = metrics_summary[metrics_summary["metric"] == "r2"]
    r2_table = r2.assign(value=_with_interval(r2)).pivot(index="scenario", columns="method", values="value")
    accuracy = classification_summary[classification_summary["metric"] == "accuracy"]
    accuracy_table = accuracy.assign(value=_with_interval(accuracy)).pivot_table(
        index=["scenario"], columns=["view", "method"], values="value", aggfunc="first")
    sections = [
        ("Data", _table(pd.Series({k: json.dumps(v) if isinstance(v, dict) else v
                                   for k, v in data_report.items() if k != "synthetic"}).to_frame("value"))),
        ("Imputation R² (masked entries; mean [95% interval over seeds])", _table(r2_table)),
        ("Best method against each other one (paired t-test over seeds)", _table(method_comparison.round(4))),
        ("Cancer-type classification accuracy (Random Forest)", _table(accuracy_table)),
        ("Figures", "".join(
            f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
            f"<figcaption>{html.escape(name)}</figcaption></figure>" for name, png in figures.items())),
        ("Parameters of this run", f"<pre>{html.escape(json.dumps(parameters, indent=2, default=str))}</pre>"),
    ]
    body = "".join(f"<h2>{title}</h2>{content}" for title, content in sections)
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>CNV imputation benchmark</title><style>"
        "body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}img{max-width:100%}"
        ".warn{background:#fff3cd;padding:.8em;border:1px solid #e0c060}figure{margin:1em 0}</style></head><body>"
        f"<h1>CNV imputation benchmark: {html.escape(str(data_report['cohort']))}</h1>{banner}{body}</body></html>"
    )
    return page, page


def _with_interval(summary: pd.DataFrame) -> pd.Series:
    return summary.apply(
        lambda row: f"{row['mean']:.3f}" + ("" if np.isnan(row["ci_low"]) else f" [{row['ci_low']:.3f}, {row['ci_high']:.3f}]"),
        axis=1,
    )


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(border=0, na_rep="")
