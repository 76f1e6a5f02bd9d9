"""The original paper's protocol, re-enacted apart from the benchmark."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.cohort.demo import generate_cohort
from multiomics_imputation.paper.protocol import (
    LADDER,
    Shortcuts,
    ladder_steps,
    paper_autoencoder,
    paper_masks,
    run_ladder,
    standardise,
)
from multiomics_imputation.scoring.metrics import masked_scores
from tests.conftest import run_kedro, write_cohort

PARAMS = {
    "seed": 42,
    "rates": [0.1],
    "knn_k": 2,
    "knn_k_choices": [2, 10],
    "regression_genes": {"mrna": 20, "cnv": 5},
    "autoencoder": {"hidden": [64, 16, 64], "epochs": 10, "batch_size": 32, "learning_rate": 0.001, "threads": 1},
    "forest": {"n_estimators": 20, "max_depth": 10, "seed": 42, "test_size": 0.25, "n_jobs": 1},
    "classify_methods": ["autoencoder"],
}


@pytest.fixture(scope="module")
def small():
    cohort = generate_cohort(n_samples=200, n_mrna=60, n_cnv=50, n_types=3, nan_fraction=0.0)
    mrna, cnv = (t.set_index("sample").T for t in (cohort.mrna, cohort.cnv))
    return mrna, cnv, pd.Series(cohort.labels["Label"].to_numpy(), index=mrna.index)


def test_the_ladder_removes_one_shortcut_per_step_up_to_none():
    steps = ladder_steps()
    assert [name for name, _ in steps][0] == "paper's protocol" and len(steps) == len(LADDER)
    assert steps[0][1] == Shortcuts()
    taken = [sum(vars(shortcuts).values()) for _, shortcuts in steps]
    assert taken == list(range(len(LADDER) - 1, -1, -1))  # 5, 4, ..., 0


def test_the_paper_s_nine_masks_are_drawn_in_order_from_one_seed(small):
    _, cnv, _ = small
    scaled = standardise(cnv.to_numpy())[0]
    masks = paper_masks(scaled, [0.05, 0.1, 0.2], 42)
    assert list(masks) == [f"{p}_{r}" for p in ("random", "paper_sample", "paper_feature") for r in ("05", "10", "20")]
    again = paper_masks(scaled, [0.05, 0.1, 0.2], 42)
    assert all((masks[name] == again[name]).all() for name in masks)
    assert masks["random_10"].mean() == pytest.approx(0.1, abs=0.01)
    assert masks["paper_sample_10"].mean() == pytest.approx(0.3 * 0.25 + 0.7 * 0.05, abs=0.01)  # about 11%


def test_the_paper_s_autoencoder_scores_far_higher_when_trained_on_the_hidden_entries(small):
    mrna, cnv, _ = small
    truth = standardise(cnv.to_numpy())[0]
    x = standardise(mrna.to_numpy())[0]
    hidden = paper_masks(truth, [0.2], 42)["random_20"]
    settings = {**PARAMS["autoencoder"], "epochs": 30}
    sees_hidden = paper_autoencoder(x, truth, np.ones_like(hidden), settings, 0)
    observed_only = paper_autoencoder(x, np.where(hidden, np.nan, truth), ~hidden, settings, 0)
    with_leak, honest = (masked_scores(truth, p, hidden)["r2"] for p in (sees_hidden, observed_only))
    assert with_leak > honest + 0.1


def test_run_ladder_scores_every_step_method_and_scenario_and_classifies_the_paper_s_imputations(small):
    mrna, cnv, labels = small
    ladder, classification = run_ladder(mrna, cnv, labels, PARAMS)
    assert set(ladder["method"]) == {"mean", "knn", "regression", "autoencoder"}
    assert set(ladder["scenario"]) == {"random_10", "paper_sample_10", "paper_feature_10"}
    assert ladder.groupby(["step", "scenario", "method", "metric"]).size().eq(1).all()
    r2 = ladder[ladder["metric"] == "r2"].set_index(["step", "scenario", "method"])["value"]
    assert (
        r2.xs(0, level="step").xs("autoencoder", level="method")
        > r2.xs(1, level="step").xs("autoencoder", level="method")
    ).all()  # the leak, removed at step 1
    regression = r2.xs("regression", level="method")
    assert (regression.xs(0, level="step") < regression.xs(4, level="step")).all()  # 5 of 50 genes, then all
    assert (regression.xs(0, level="step").abs() < 0.1).all()
    assert set(classification["matrix"]) == {"original", "autoencoder"}
    assert set(classification["scenario"]) == {"original", "random_10", "paper_sample_10", "paper_feature_10"}


def test_the_protocol_runs_apart_and_never_writes_over_the_benchmark(project, tmp_path):
    folder = write_cohort(tmp_path / "cohort", "TOY")
    params = {"cohort_dir": str(folder), "cohort_name": "TOY", "paper_protocol": PARAMS}
    catalog = run_kedro(project, "paper_protocol", **params)
    written = sorted(p.relative_to(project / "data") for p in (project / "data").rglob("*") if p.is_file())
    assert written and all(str(p).startswith("08_reporting/paper_protocol/") for p in written)
    ladder = catalog.load("paper_protocol.ladder")
    assert (ladder["protocol"].str.contains("original paper's protocol")).all() and set(ladder["cohort"]) == {"TOY"}
    summary = pd.read_csv(project / "data/08_reporting/paper_protocol/ladder_summary.csv")
    assert summary["protocol"].str.startswith("the original paper's protocol").all()


def test_the_old_pipeline_name_still_runs_the_paper_s_protocol_and_says_its_new_name(project, capfd):
    from kedro.framework.project import pipelines
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    from multiomics_imputation.framework.hooks import RunWarningsHooks

    bootstrap_project(project)
    with KedroSession.create(project_path=project) as session:
        session.load_context()
        assert pipelines["seed_protocol"].nodes == pipelines["paper_protocol"].nodes
    (project / "conf/local/parameters.yml").write_text("seed_protocol: {seed: 1}\n")
    with KedroSession.create(project_path=project) as session:
        session.load_context()
    logged = " ".join(capfd.readouterr().out.split())  # Kedro's log handler writes to the terminal, wrapped
    assert "parameters seed_protocol" in logged and "are now called paper_protocol: rename the key" in logged
    RunWarningsHooks().before_pipeline_run({"pipeline_names": ["seed_protocol"]})
    logged = " ".join(capfd.readouterr().out.split())
    assert "pipeline seed_protocol is now" in logged and "called paper_protocol (--pipelines paper_protocol)" in logged


def test_the_ladder_figure_is_a_waterfall_from_the_paper_s_r2_to_what_is_left():
    from multiomics_imputation.scoring.plots import plot_paper_ladder

    summary = pd.DataFrame(
        [
            ("knn", "r2", step, value)
            for step, value in (("paper's protocol", 0.7), ("- scalers_on_all", 0.6), ("- knn_k2", 0.65))
        ],
        columns=["method", "metric", "ladder", "value"],
    )
    axes = plot_paper_ladder(summary, "TOY").axes[0]
    heights = [round(bar.get_height(), 3) for bar in axes.patches]
    assert heights == [0.7, -0.1, 0.05, 0.65]  # the paper's R², each step's change, what is left
    assert [round(bar.get_y(), 3) for bar in axes.patches][1:3] == [0.7, 0.6]
