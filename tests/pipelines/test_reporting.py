import numpy as np
import pytest
import pandas as pd

from multiomics_imputation.pipelines.reporting import nodes
from multiomics_imputation.pipelines.reporting.pipeline import highest_rate_per_pattern
from multiomics_imputation.pipelines.grid import Scenario
from tests.conftest import small_matrices


def _stacked(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.concat({0: frame}, names=["seed", "sample"])


def _metrics() -> pd.DataFrame:
    rows = []
    for pattern in ("random", "sample"):
        for rate in (0.1, 0.2):
            for method, base in (("mean", 0.0), ("knn", 0.5)):
                for seed in (0, 1, 2):
                    rows.append((f"{pattern}_{int(rate * 100)}", pattern, rate, seed, method, "r2", base + 0.01 * seed + (0.004 * seed**2 if method == "knn" else 0)))
    return pd.DataFrame(rows, columns=["scenario", "pattern", "rate", "seed", "method", "metric", "value"])


def _classification() -> pd.DataFrame:
    rows = [("reference", None, "cnv_original", v, "accuracy", 0.7) for v in ("train_original", "train_imputed")]
    rows += [("random_20", 0, m, v, "accuracy", 0.6) for m in ("mean", "knn") for v in ("train_original", "train_imputed")]
    return pd.DataFrame(rows, columns=["scenario", "seed", "method", "view", "metric", "value"])


def test_figures_have_the_expected_panels():
    ref_mrna, ref_cnv, _, _, tgt_cnv, _ = small_matrices()
    imputed = {"mean": _stacked(tgt_cnv * 0), "knn": _stacked(tgt_cnv)}
    pca = nodes.pca_figure(ref_cnv, tgt_cnv, scenario="random_20", **imputed)
    assert [ax.get_title() for ax in pca.axes if ax.axison] == ["mean", "knn"]
    assert all(ax.get_xlabel() == "PC1" for ax in pca.axes if ax.axison)
    masks = {"random_20": _stacked(tgt_cnv > 0), "sample_20": _stacked(tgt_cnv > 1)}
    assert [ax.get_title().split(" ")[0] for ax in nodes.mask_figure(**masks).axes if ax.axison] == list(masks)
    heatmap = nodes.r2_heatmap(_metrics())
    assert [t.get_text() for t in heatmap.axes[0].get_xticklabels()] == ["mean", "knn"]
    assert len(heatmap.axes[0].get_yticklabels()) == 4
    by_rate = nodes.r2_by_rate(_metrics())
    assert [ax.get_title() for ax in by_rate.axes] == ["random", "sample"]
    assert len(by_rate.axes[0].get_lines()) == 2
    bars = nodes.classification_figure(_classification())
    assert [ax.get_title() for ax in bars.axes] == ["view: train_original", "view: train_imputed"]
    assert any(line.get_label() == "cnv_original (reference)" for line in bars.axes[0].get_lines())


def test_sample_correlations_are_computed_on_masked_entries():
    _, _, _, _, tgt_cnv, _ = small_matrices()
    mask = _stacked(pd.DataFrame(np.ones(tgt_cnv.shape, bool), index=tgt_cnv.index, columns=tgt_cnv.columns))
    table = nodes.sample_correlations(
        tgt_cnv, ["random_20"], random_20__mask=mask, random_20__exact=_stacked(tgt_cnv), random_20__flipped=_stacked(-tgt_cnv)
    )
    r = table.groupby("method")["pearson"].mean()
    assert r["exact"] == 1.0 and r["flipped"] == -1.0
    figure = nodes.correlation_figure(table)
    assert [ax.get_title() for ax in figure.axes if ax.axison] == ["random_20"]


def test_summaries_and_paired_tests():
    metrics = _metrics()
    summary = nodes.summarise_metrics(metrics)
    knn = summary[(summary["scenario"] == "random_10") & (summary["method"] == "knn")].iloc[0]
    assert knn["mean"] == pytest.approx(0.51 + 0.02 / 3) and knn["n_seeds"] == 3
    assert knn["ci_low"] < knn["mean"] < knn["ci_high"]
    comparison = nodes.compare_methods(metrics)
    assert set(comparison["best"]) == {"knn"} and np.allclose(comparison["difference"], 0.5 + 0.02 / 3)
    assert (comparison["p_value"] < 0.01).all()


def test_report_holds_every_figure_table_and_the_synthetic_notice():
    metrics, classification = _metrics(), _classification()
    figures = {"r2_heatmap": b"\x89PNG-one", "classification": b"\x89PNG-two"}
    page, latest = nodes.build_report(
        {"cohort": "DEMO", "synthetic": {"generator": "gen", "settings": {"seed": 0}}, "target_samples": 30},
        nodes.summarise_metrics(metrics),
        nodes.compare_methods(metrics),
        nodes.summarise_classification(classification),
        {"missingness": {"rates": [0.1, 0.2]}},
        **figures,
    )
    assert page == latest
    assert page.count("<img") == 2 and "figcaption>r2_heatmap<" in page and "figcaption>classification<" in page
    for heading in ("Data", "Imputation R²", "paired t-test", "classification accuracy", "Parameters of this run"):
        assert heading in page
    assert "Synthetic data." in page and "&quot;rates&quot;: [" in page
    real, _ = nodes.build_report({"cohort": "BRCA", "synthetic": None}, nodes.summarise_metrics(metrics),
                              nodes.compare_methods(metrics), nodes.summarise_classification(classification), {})
    assert "Synthetic data." not in real and "real data" in real


def test_highest_rate_per_pattern():
    grid = [Scenario("random_05", "random", 0.05), Scenario("random_20", "random", 0.2), Scenario("sample_10", "sample", 0.1)]
    assert [s.name for s in highest_rate_per_pattern(grid)] == ["random_20", "sample_10"]
