"""reporting: figures, summary tables and one self-contained HTML report."""

from kedro.pipeline import Pipeline, node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.pipelines.wiring import bind
from multiomics_imputation.study.design import Scenario
from multiomics_imputation.study.views import highest_rate_per_pattern

from .nodes import (
    build_report,
    calibration_figure,
    classification_figure,
    compare_methods,
    correlation_figure,
    draw_coverage_figure,
    mask_figure,
    pca_figure,
    pooled_classification_figure,
    r2_by_rate,
    r2_heatmap,
    r2_intervals_figure,
    sample_correlations,
    summarise_classification,
    summarise_metrics,
)


def create_pipeline(scenarios: list[Scenario], methods: list[MethodConfig], draws: int = 0, **kwargs) -> Pipeline:
    """The figures of single scenarios (missingness, per-sample correlations, PCA) show each pattern at its highest
    rate; the summary figures and tables cover every scenario. With `draws`, the report has a section on the
    multiple imputation (its draw scores, and the pooled classification with its figure)."""
    pooled = bool(draws) and any(m.has_uncertainty and not m.uses_labels for m in methods)
    names = [m.name for m in methods]
    shown = highest_rate_per_pattern(scenarios)
    figures: list[str] = []  # every figure the report shows, declared where its node is made

    def figure_node(func, inputs, name: str, namespace: str | None = None):
        figures.append(f"{namespace}.{name}_figure" if namespace else f"{name}_figure")
        return node(func, inputs, figures[-1], name=func.__name__, namespace=namespace)

    nodes = [
        figure_node(r2_intervals_figure, ["metrics_summary", "params:impute_cohort"], "r2_intervals"),
        figure_node(calibration_figure, "metrics", "calibration"),
        figure_node(r2_heatmap, "metrics", "r2_heatmap"),
        figure_node(r2_by_rate, "metrics", "r2_by_rate"),
        figure_node(
            bind(mask_figure, scenarios=shown),
            ["params:target_omics", *(f"{s.name}.mask" for s in shown)],
            "missingness",
        ),
        figure_node(classification_figure, "classification_summary", "classification"),
    ]
    if draws and any(m.has_uncertainty for m in methods):
        nodes.append(figure_node(draw_coverage_figure, "metrics_summary", "draw_coverage"))
    if pooled:
        nodes.append(figure_node(pooled_classification_figure, "classification_pooled", "pooled_classification"))
    for s in shown:
        nodes.append(
            node(
                bind(sample_correlations, scenario=s, methods=names),
                ["study_data", f"{s.name}.mask", *(f"{s.name}.{m}.imputed_cnv" for m in names)],
                f"{s.name}.sample_correlations",
                name="sample_correlations",
                namespace=s.name,
            )
        )
    nodes.append(
        figure_node(
            correlation_figure,
            ["params:target_omics", *(f"{s.name}.sample_correlations" for s in shown)],
            "sample_correlation",
        )
    )
    nodes += [
        figure_node(
            bind(pca_figure, scenario=s, methods=names),
            ["study_data", *(f"{s.name}.{m}.imputed_cnv" for m in names)],
            "pca",
            namespace=s.name,
        )
        for s in shown
    ]
    figures += [f"{m.name}.training_curve_figure" for m in methods if m.has_history]
    nodes += [
        node(summarise_metrics, "metrics", "metrics_summary", name="summarise_metrics"),
        node(compare_methods, "metrics", "method_comparison", name="compare_methods"),
        node(summarise_classification, "classification", "classification_summary", name="summarise_classification"),
        node(
            bind(build_report, figure_names=list(figures), pooled=pooled),
            [
                "data_report",
                "metrics_summary",
                "method_comparison",
                "classification_summary",
                "parameters",
                "run_profile",
                *(["classification_pooled"] if pooled else []),
                *figures,
            ],
            "report",
            name="build_report",
        ),
    ]
    return Pipeline(nodes, tags="reporting")
