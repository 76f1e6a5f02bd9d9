"""The scripts that print the tables of docs/ from finished runs."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pandas as pd
import pytest

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


def test_the_brca_cohort_is_rebuilt_from_a_table_in_its_source_format_and_reads_back(tmp_path):
    from multiomics_imputation.cohort.reading import read_cohort

    source = pd.DataFrame(
        {
            "rs_CLEC3A": [0.89, 0.0, 3.75, 1.2],
            "rs_CPB1": [4.1, 2.2, 0.5, 7.0],
            "cn_ISG15": [0, -1, 2, 1],
            "cn_PLCH2": [0, -1, 2, 0],
            "mu_TP53": [1, 0, 0, 1],
            "pp_AKT": [0.1, -0.3, 0.2, 0.0],
            "vital.status": [0, 1, 0, 0],
            "histological.type": [
                "infiltrating ductal carcinoma",
                "infiltrating lobular carcinoma",
                "other",
                "infiltrating ductal carcinoma",
            ],
        }
    )
    source.to_csv(tmp_path / "brca_data_w_subtypes.csv", index=False)
    written = _tool("brca_from_source").build(tmp_path / "brca_data_w_subtypes.csv", tmp_path / "BRCA")
    assert sorted(p.name for p in written) == [
        "BRCA_CNV.csv",
        "BRCA_label_num.csv",
        "BRCA_mRNA.csv",
        "BRCA_protein.csv",
    ]
    cohort = read_cohort(tmp_path / "BRCA", "BRCA")
    assert list(cohort.mrna.columns) == ["CLEC3A", "CPB1"] and list(cohort.mrna.index) == [
        "BRCA-0000",
        "BRCA-0001",
        "BRCA-0002",
    ]
    assert (
        cohort.cnv.loc["BRCA-0001", "ISG15"] == -1 and cohort.mrna.loc["BRCA-0002", "CPB1"] == 7.0
    )  # 'other' left out
    assert cohort.labels.tolist() == [0, 1, 0]
    protein = read_cohort(tmp_path / "BRCA", "BRCA", target_omics="protein")
    assert protein.cnv.loc["BRCA-0001", "AKT"] == -0.3
    with pytest.raises(SystemExit, match="expected columns starting with"):
        source.drop(columns=["pp_AKT"]).to_csv(tmp_path / "bad.csv", index=False)
        _tool("brca_from_source").build(tmp_path / "bad.csv", tmp_path / "bad")


def test_pool_draws_pools_a_group_difference_over_the_draws_by_rubins_rules(tmp_path, capsys):
    """docs/multiple_imputation.md's worked example: per feature, each draw's group difference pooled; where the draws
    disagree the pooled interval is wider than the draws' average taken as measured."""
    rng = np.random.default_rng(0)
    samples = [f"S{i}" for i in range(20)]
    labels = pd.Series([0] * 10 + [1] * 10, name="Label")
    rows = []
    for draw in range(4):
        shifted = rng.normal(size=20) + np.where(labels == 0, 1.0, 0.0)  # feature A: differs, redrawn per draw
        steady = np.linspace(0, 1, 20)  # feature B: the same in every draw (observed)
        rows += [[draw, "A", *shifted], [draw, "B", *steady]]
    draws = pd.DataFrame(rows, columns=["draw", "sample", *samples])
    draws.to_csv(tmp_path / "X_CNV_draws.csv", index=False)
    labels.to_frame().to_csv(tmp_path / "X_label_num.csv", index=False)
    tool = _tool("pool_draws")
    table = tool.pooled_differences(draws, labels)
    per_draw = [
        block[samples[:10]].mean(axis=1).iloc[0] - block[samples[10:]].mean(axis=1).iloc[0]
        for _, block in draws[draws["sample"] == "A"].groupby("draw")
    ]
    assert table.loc["A", "estimate"] == pytest.approx(np.mean(per_draw))
    assert table.loc["A", "between"] == pytest.approx(np.var(per_draw, ddof=1))
    assert table.loc["A", "wider by"] > 1.0 and table.loc["A", "fmi"] > 0.1
    assert table.loc["B", "between"] == 0 and table.loc["B", "wider by"] == pytest.approx(1.0)
    assert tool.main([str(tmp_path / "X_CNV_draws.csv"), str(tmp_path / "X_label_num.csv")]) == 0
    assert "4 draws; label 0 against the others" in capsys.readouterr().out
    with pytest.raises(ValueError, match="the label file has 19 rows; the draws have 20 sample columns"):
        tool.pooled_differences(draws, labels.iloc[:19])
