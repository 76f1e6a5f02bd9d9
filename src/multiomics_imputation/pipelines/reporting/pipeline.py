"""reporting: figures, summary tables and one self-contained HTML report."""

from typing import Any

from kedro.pipeline import Pipeline, node

from multiomics_imputation.pipelines.grid import Scenario, bind

from .nodes import (
    build_report,
    classification_figure,
    compare_methods,
    correlation_figure,
    mask_figure,
    pca_figure,
    r2_by_rate,
    r2_heatmap,
    sample_correlations,
    summarise_classification,
    summarise_metrics,
)


def highest_rate_per_pattern(scenarios: list[Scenario]) -> list[Scenario]:
    """For each pattern, its scenario with the highest missingness rate."""
    best: dict[str, Scenario] = {}
    for s in scenarios:
        if s.pattern not in best or s.rate > best[s.pattern].rate:
            best[s.pattern] = s
    return list(best.values())


def create_pipeline(
    scenarios: list[Scenario], methods: dict[str, dict[str, Any]], trained: list[str], **kwargs
) -> Pipeline:
    shown = highest_rate_per_pattern(scenarios)
    nodes = [
        node(
            bind(pca_figure, scenario=s.name),
            {"reference_cnv": "reference_cnv", "target_cnv": "target_cnv",
             **{m: f"{s.name}.{m}.imputed_cnv" for m in methods}},
            f"{s.name}.pca_figure",
            name="plot_pca",
            namespace=s.name,
        )
        for s in scenarios
    ]
    correlation_inputs = {"target_cnv": "target_cnv"}
    for s in shown:
        correlation_inputs[f"{s.name}__mask"] = f"{s.name}.mask"
        correlation_inputs |= {f"{s.name}__{m}": f"{s.name}.{m}.imputed_cnv" for m in methods}
    nodes += [
        node(mask_figure, {s.name: f"{s.name}.mask" for s in shown}, "missingness_figure", name="plot_missingness"),
        node(bind(sample_correlations, scenarios=[s.name for s in shown]), correlation_inputs,
             "sample_correlations", name="per_sample_correlations"),
        node(correlation_figure, "sample_correlations", "sample_correlation_figure", name="plot_sample_correlations"),
        node(r2_heatmap, "metrics", "r2_heatmap_figure", name="plot_r2_heatmap"),
        node(r2_by_rate, "metrics", "r2_by_rate_figure", name="plot_r2_by_rate"),
        node(classification_figure, "classification", "classification_figure", name="plot_classification"),
        node(summarise_metrics, "metrics", "metrics_summary", name="summarise_metrics"),
        node(compare_methods, "metrics", "method_comparison", name="compare_methods"),
        node(summarise_classification, "classification", "classification_summary", name="summarise_classification"),
    ]
    figures = {
        "r2_heatmap": "r2_heatmap_figure",
        "r2_by_rate": "r2_by_rate_figure",
        "missingness": "missingness_figure",
        "sample_correlations": "sample_correlation_figure",
        "classification": "classification_figure",
        **{f"pca_{s.name}": f"{s.name}.pca_figure" for s in scenarios},
        **{f"training_curve_{m}": f"{m}.training_curve_figure" for m in trained},
    }
    nodes.append(
        node(
            build_report,
            {"data_report": "data_report", "metrics_summary": "metrics_summary",
             "method_comparison": "method_comparison", "classification_summary": "classification_summary",
             "parameters": "parameters", **figures},
            ["report", "report_html"],
            name="build_report",
        )
    )
    return Pipeline(nodes, tags="reporting")
