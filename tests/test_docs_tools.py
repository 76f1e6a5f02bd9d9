"""The scripts that print the tables of docs/ from finished runs."""

from __future__ import annotations

import importlib.util

import pandas as pd

from tests.conftest import PROJECT_ROOT


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "docs/tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_results_tables_keep_every_scored_method_in_the_configured_order():
    tables = _tool("results_tables")
    order = tables.method_order(["zeta_new", "gaussian", "mean"])
    assert order.index("mean") < order.index("gaussian")  # the methods file lists mean first
    assert order[-1] == "zeta_new"  # a method the configuration does not know is still shown


def test_seed_tables_put_the_honest_benchmark_after_the_ladder():
    seed = _tool("seed_tables")
    summary = pd.DataFrame(
        [
            (step, name, method, metric, value)
            for step, name in enumerate(["study's protocol", "- autoencoder_sees_hidden"])
            for method in ("mean", "knn", "regression", "autoencoder")
            for metric, value in (("r2", 0.7 - 0.3 * step), ("correlation", 0.8))
        ],
        columns=["step", "ladder", "method", "metric", "value"],
    )
    metrics = pd.DataFrame(
        [
            ("random_10", "random", m, k, v)
            for m in ("mean", "knn", "linear_regression", "autoencoder")
            for k, v in (("r2", 0.1), ("pearson_sample_mean", 0.2))
        ]
        + [("sample_10", "sample", "knn", "r2", 0.9)],  # not a study pattern: left out
        columns=["scenario", "pattern", "method", "metric", "value"],
    )
    table = seed.ladder_table(summary, metrics)
    assert list(table.index) == [
        "study's protocol",
        "- autoencoder_sees_hidden",
        "honest benchmark (reference/target split)",
    ]
    assert table.loc["honest benchmark (reference/target split)", ("knn", "r2")] == 0.1
    assert table.loc["study's protocol", ("autoencoder", "r2")] == 0.7
    assert "| study's protocol | 0.700 | 0.800 |" in seed.markdown(table)
