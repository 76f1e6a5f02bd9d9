"""The scripts that print the tables of docs/ from finished runs."""

from __future__ import annotations

import importlib.util
import sys

import pandas as pd

from tests.conftest import PROJECT_ROOT


def _tool(name: str):
    """A script of docs/tools as a module (run as a script, its folder is on the path: the tools import each other)."""
    if str(PROJECT_ROOT / "docs/tools") not in sys.path:
        sys.path.append(str(PROJECT_ROOT / "docs/tools"))
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "docs/tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_results_tables_keep_every_scored_method_in_the_configured_order():
    tables = _tool("results_tables")
    order = tables.method_order(["zeta_new", "gaussian", "mean"])
    assert order.index("mean") < order.index("gaussian")  # the methods file lists mean first
    assert order[-1] == "zeta_new"  # a method the configuration does not know is still shown


def test_paper_tables_put_the_honest_benchmark_after_the_ladder():
    paper = _tool("paper_tables")
    summary = pd.DataFrame(
        [
            (step, name, method, metric, value)
            for step, name in enumerate(["paper's protocol", "- autoencoder_sees_hidden"])
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
    table = paper.ladder_table(summary, metrics)
    assert list(table.index) == [
        "paper's protocol",
        "- autoencoder_sees_hidden",
        "honest benchmark (reference/target split)",
    ]
    assert table.loc["honest benchmark (reference/target split)", ("knn", "r2")] == 0.1
    assert table.loc["paper's protocol", ("autoencoder", "r2")] == 0.7
    assert "| paper's protocol | 0.700 | 0.800 |" in paper.markdown(table)


def test_protocol_tables_pair_the_two_protocols_by_replicate():
    protocols = _tool("protocol_tables")
    rows = [
        (f"{pattern}_20", pattern, replicate, method, view, subset, "accuracy", value)
        for pattern in ("random", "sample")
        for replicate in range(3)
        for method, value in (("cnv_mean_imputed", 0.5 + replicate / 10), ("gaussian", 0.6 + replicate / 10))
        for view in ("train_original", "train_imputed")
        for subset in ("all", "affected")
    ]
    columns = ["scenario", "pattern", "replicate", "method", "view", "subset", "metric", "value"]
    cross_validated = pd.DataFrame(rows, columns=columns)
    single_split = cross_validated.assign(value=cross_validated["value"] + 0.05)
    table = protocols.protocol_shift(cross_validated, single_split)
    assert set(table.index) == {"gaussian", "cnv_mean_imputed"} and list(table.columns) == ["random", "sample"]
    assert table.loc["gaussian", "random"] == "0.700 → 0.750 (0.050 ± 0.000)"  # the same shift in every replicate
