import re

import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.pipelines.classification.nodes import POOLED_COLUMNS
from multiomics_imputation.pipelines.reporting import nodes
from multiomics_imputation.scoring.summaries import holm, pooled_widening
from multiomics_imputation.study.design import Scenario, stack
from multiomics_imputation.study.splits import split_study
from multiomics_imputation.study.views import highest_rate_per_pattern
from tests.conftest import small_matrices


def _study():
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices()
    labels = pd.concat([ref_labels, tgt_labels])
    return split_study("T", pd.concat([ref_mrna, tgt_mrna]), pd.concat([ref_cnv, tgt_cnv]), labels, 0.3, 0, [0])


def _metrics() -> pd.DataFrame:
    rows = []
    for pattern in ("random", "sample"):
        for rate in (0.1, 0.2):
            for method, base in (("mean", 0.0), ("knn", 0.5)):
                for seed in (0, 1, 2):
                    value = base + 0.01 * seed + (0.004 * seed**2 if method == "knn" else 0)
                    rows.append((f"{pattern}_{int(rate * 100)}", pattern, rate, seed, method, "r2", value))
    return pd.DataFrame(rows, columns=["scenario", "pattern", "rate", "replicate", "method", "metric", "value"])


def _classification() -> pd.DataFrame:
    rows = [
        ("random_20", "random", 0.2, 0, m, v, s, "accuracy", value)
        for m, value in (("cnv_original", 0.7), ("cnv_mean_imputed", 0.3), ("mean", 0.3), ("knn", 0.6))
        for v in ("train_original", "train_imputed")
        for s in ("all", "affected")
    ]
    return pd.DataFrame(
        rows, columns=["scenario", "pattern", "rate", "replicate", "method", "view", "subset", "metric", "value"]
    )


def test_figures_have_the_expected_panels():
    data = _study()
    target = data.split(0).target_cnv
    scenario = Scenario("random", 0.2)
    pca = nodes.pca_figure(data, stack({0: target * 0}), stack({0: target}), scenario=scenario, methods=["mean", "knn"])
    assert [ax.get_title() for ax in pca.axes if ax.axison] == ["mean", "knn"]
    assert all(ax.get_xlabel() == "PC1" for ax in pca.axes if ax.axison)
    grid = [scenario, Scenario("sample", 0.2)]
    masks = nodes.mask_figure("CNV", stack({0: target > 0}), stack({0: target > 1}), scenarios=grid)
    assert [ax.get_title().split(" ")[0] for ax in masks.axes if ax.axison] == ["random_20", "sample_20"]
    heatmap = nodes.r2_heatmap(_metrics())
    assert [t.get_text() for t in heatmap.axes[0].get_xticklabels()] == ["mean", "knn"]
    assert len(heatmap.axes[0].get_yticklabels()) == 4
    by_rate = nodes.r2_by_rate(_metrics())
    assert [ax.get_title() for ax in by_rate.axes] == ["random", "sample"]
    assert len(by_rate.axes[0].get_lines()) == 2
    dots = nodes.classification_figure(nodes.summarise_classification(_classification()))
    panels = [ax for ax in dots.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == ["train_original: random", "train_imputed: random"]
    assert [t.get_text() for t in panels[0].get_yticklabels()] == ["cnv_mean_imputed", "mean", "knn", "cnv_original"]
    lines = {
        line.get_label(): line.get_xdata()[0]
        for line in panels[0].get_lines()
        if line.get_label() in ("ceiling", "floor")
    }
    assert lines == {"ceiling": 0.7, "floor": 0.3}  # the original CNV and mean imputation
    intervals = nodes.r2_intervals_figure(nodes.summarise_metrics(_metrics()), {"default_method": "knn"})
    first = [ax for ax in intervals.axes if ax.axison][0]
    assert first.get_title() == "random" and [t.get_text() for t in first.get_yticklabels()] == ["mean", "knn"]
    assert [t.get_fontweight() for t in first.get_yticklabels()] == ["normal", "bold"]


def test_sample_correlations_are_computed_on_masked_entries():
    data = _study()
    target = data.split(0).target_cnv
    mask = stack({0: pd.DataFrame(True, index=target.index, columns=target.columns)})
    table = nodes.sample_correlations(
        data,
        mask,
        stack({0: target}),
        stack({0: -target}),
        scenario=Scenario("random", 0.2),
        methods=["exact", "flipped"],
    )
    r = table.groupby("method")["pearson"].mean()
    assert r["exact"] == pytest.approx(1.0) and r["flipped"] == pytest.approx(-1.0)
    assert set(table["pattern"]) == {"random"}
    figure = nodes.correlation_figure("CNV", table)
    assert [ax.get_title() for ax in figure.axes if ax.axison] == ["random_20"]


def test_summaries_and_paired_tests_with_holm_adjustment():
    metrics = _metrics()
    summary = nodes.summarise_metrics(metrics)
    knn = summary[(summary["scenario"] == "random_10") & (summary["method"] == "knn")].iloc[0]
    assert knn["mean"] == pytest.approx(0.51 + 0.02 / 3) and knn["n_replicates"] == 3
    assert knn["ci_low"] < knn["mean"] < knn["ci_high"]
    comparison = nodes.compare_methods(metrics)
    assert set(comparison["best"]) == {"knn"} and np.allclose(comparison["difference"], 0.5 + 0.02 / 3)
    assert (comparison["p_value"] < 0.01).all() and (comparison["p_holm"] >= comparison["p_value"]).all()


def test_holm_by_hand():
    adjusted = holm(np.array([0.01, 0.04, 0.03, np.nan]))
    np.testing.assert_allclose(adjusted[:3], [0.03, 0.06, 0.06])
    assert np.isnan(adjusted[3])


def test_report_holds_every_figure_table_timing_and_the_synthetic_notice():
    metrics, classification = _metrics(), _classification()
    profile = pd.DataFrame(
        {
            "node": ["fit_per_replicate", "impute_scenario"],
            "namespace": ["gaussian", "random_20.gaussian"],
            "seconds": [12.5, 0.5],
            "peak_rss_mb": [300.0, 310.0],
        }
    )
    tables = (
        nodes.summarise_metrics(metrics),
        nodes.compare_methods(metrics),
        nodes.summarise_classification(classification),
    )
    page = nodes.build_report(
        {
            "cohort": "DEMO",
            "synthetic": {"generator": "gen", "settings": {"seed": 0}},
            "target_samples": 30,
            "paper_view": "the paper's view: 5-fold stratified cross-validation",
        },
        *tables,
        {"missingness": {"rates": [0.1, 0.2]}},
        profile,
        b"\x89PNG-one",
        b"\x89PNG-two",
        figure_names=["r2_heatmap_figure", "classification_figure"],
    )
    assert (
        page.count("<img") == 2
        and "figcaption>R² per scenario and method.<" in page
        and "alt='classification_figure'" in page
        and "between the floor (mean imputation) and the ceiling" in page
    )
    for heading in (
        "Data",
        "Imputation R²",
        "paired t-test",
        "Holm",
        "classification accuracy",
        "Where the time went",
        "Parameters of this run",
    ):
        assert heading in page
    assert "over 3 replicates" in page and "13.0 s of node time" in page and "peak memory 310 MB" in page
    assert "Synthetic data." in page and "&#34;rates&#34;: [" in page  # escaped
    assert "<p>The paper&#39;s view: 5-fold stratified cross-validation.</p>" in page
    real = nodes.build_report({"cohort": "BR<i>CA", "synthetic": None}, *tables, {}, profile, figure_names=[])
    assert "Synthetic data." not in real and "real data" in real and "BR&lt;i&gt;CA" in real and "<i>" not in real


def test_highest_rate_per_pattern():
    grid = [Scenario("random", 0.05), Scenario("random", 0.2), Scenario("sample", 0.1)]
    assert [s.name for s in highest_rate_per_pattern(grid)] == ["random_20", "sample_10"]


def _page(metrics, data_report=None):
    profile = pd.DataFrame({"node": ["a"], "namespace": [None], "seconds": [1.0], "peak_rss_mb": [100.0]})
    tables = (
        nodes.summarise_metrics(metrics),
        nodes.compare_methods(metrics),
        nodes.summarise_classification(_classification()),
    )
    report = data_report or {"cohort": "X", "synthetic": None, "dropped_genes": {"mrna": 1, "cnv": 2}}
    return nodes.build_report(report, *tables, {}, profile, figure_names=[])


def test_the_report_reads_as_a_report_no_json_no_row_numbers_and_tables_that_fit():
    page = _page(_metrics())
    assert page.index("The answer") < page.index("<h2>Figures") < page.index("Imputation R²") < page.index("<h2>Data")
    assert "dropped genes</td>" in page and "mrna 1, cnv 2" in page and '{"mrna"' not in page  # no JSON in cells
    assert not re.search(r"<th>\d+</th>", page)  # no pandas row numbers
    widest = max(len(re.findall(r"<th", header)) for header in re.findall(r"<thead>.*?</thead>", page, re.S))
    assert widest <= 12  # methods as rows, at most a scenario per column: within 1,300 px
    winners = nodes.winners(nodes.compare_methods(_metrics()))
    assert list(winners["best"]) == ["knn"] * 4 and set(winners["runner-up"]) == {"mean"}
    assert set(winners["ahead of every other method"]) == {"yes"}
    assert re.search(r"0\.5\d\d ± 0\.\d\d\d", page)  # a mean and its interval


def test_figure_captions_say_what_a_figure_shows_and_whose_it_is():
    assert nodes.caption("random_20.pca_figure").startswith("random_20: The target cohort in the reference's first")
    assert nodes.caption("gaussian.training_curve_figure") == "gaussian: Training and validation loss per epoch."
    assert nodes.caption("new_figure") == "new"  # a figure without a caption yet: its name in words


def test_a_one_replicate_report_says_plainly_it_has_no_interval():
    one = _metrics().query("replicate == 0")
    page = _page(one)
    assert "One replicate:</b> the numbers below have no interval" in page and not re.search(r"\d ± \d", page)
    assert set(nodes.winners(nodes.compare_methods(one))["Holm-adjusted p"]) == {"no test (one replicate)"}


def test_the_multiple_imputation_section_compares_joint_draws_and_single_against_pooled_intervals():
    metrics = _metrics()
    draw_rows = [
        (s, p, r, rep, "knn", metric, value + 0.01 * rep)
        for s, p, r in metrics[["scenario", "pattern", "rate"]].drop_duplicates().itertuples(index=False)
        for rep in (0, 1, 2)
        for metric, value in (("crps", 0.40), ("crps_independent", 0.45), ("energy_score", 2.0))
    ]
    metrics = pd.concat([metrics, pd.DataFrame(draw_rows, columns=metrics.columns)], ignore_index=True)
    tables = nodes.draw_score_tables(nodes.summarise_metrics(metrics))
    crps = tables["CRPS per hidden value (lower is better) (crps)"]
    assert list(crps.index) == ["knn, independent noise", "knn"] and crps.shape[1] == 4
    assert list(nodes.draw_score_tables(nodes.summarise_metrics(_metrics()))) == []  # no draws: no table
    pooled = pd.DataFrame(
        [
            (
                "random_10",
                "random",
                0.1,
                0,
                "knn",
                view,
                "all",
                "accuracy",
                kind,
                draws,
                0.6,
                0.01,
                0.0,
                0.01,
                9.0,
                fmi,
                low,
                high,
            )
            for view in ("train_original", "train_imputed")
            for kind, draws, fmi, low, high in (("single", 1, np.nan, 0.55, 0.65), ("multiple", 5, 0.3, 0.5, 0.7))
        ],
        columns=POOLED_COLUMNS,
    )
    summary = pooled_widening(pooled).reset_index()
    assert list(summary["wider by"]) == ["2.00x", "2.00x"] and list(summary["fmi"]) == [0.3, 0.3]
    assert (
        summary.loc[0, "single imputation"] == "0.600 ± 0.050"
        and summary.loc[0, "pooled over the draws"] == "0.600 ± 0.100"
    )
    figure = nodes.pooled_classification_figure(pooled)
    assert len(figure.axes) == 2 and {ax.get_title() for ax in figure.axes} == {"train_original", "train_imputed"}
    coverage_rows = [
        (s, p, r, rep, "knn", metric, value)
        for s, p, r in _metrics()[["scenario", "pattern", "rate"]].drop_duplicates().itertuples(index=False)
        for rep in (0, 1)
        for metric, value in (("sample_mean_coverage_90", 0.9), ("sample_mean_coverage_90_independent", 0.3))
    ]
    coverage = nodes.draw_coverage_figure(
        nodes.summarise_metrics(pd.DataFrame(coverage_rows, columns=_metrics().columns))
    )
    right = coverage.axes[1]
    assert right.get_title() == "90% interval of each sample's mean over its hidden values"
    assert sorted(round(line.get_ydata()[0], 2) for line in right.lines if line.get_linestyle() in ("-", "--")) == [
        0.3,
        0.9,
    ]
