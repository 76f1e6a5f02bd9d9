"""Malformed input through Kedro: refused before anything is written, or accepted and explained."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.cohort.reading import CohortError
from multiomics_imputation.framework.hooks import MissingRunInputs
from tests.conftest import run_kedro, write_cohort

FEW_METHODS = """methods:
  mean: {class: multiomics_imputation.imputers.mean.MeanImputer}
  knn: {class: multiomics_imputation.imputers.knn.KNNImputer, n_neighbors: 5}
  gaussian: {class: multiomics_imputation.imputers.gaussian.GaussianImputer}
  masked_autoencoder:
    {class: multiomics_imputation.imputers.masked_autoencoder.MaskedAutoencoderImputer, hidden: [16, 8, 16], epochs: 2, n_models: 2}
"""
FEW_TREES = """classification:
  {n_estimators: 10, max_depth: null, seed: 0, n_jobs: 1, train_imputed_view: true, cv_folds: 3, cv_repeats: 1,
   large_cohort: {target_samples: 1000, train_imputed_scenarios: highest_rate}}
"""


def _written(project: Path) -> list[Path]:
    """Files written anywhere in the project or beside it, the input cohorts left out."""
    return sorted(
        p
        for p in project.parent.rglob("*")
        if p.is_file()
        and "01_raw" not in p.parts
        and "conf" not in p.parts
        and p.name != "pyproject.toml"
        and "cohort" not in p.parts
    )


@pytest.mark.parametrize("name", ["../01_raw/x/N", "../../../../outside/E", ""])
def test_output_names_that_leave_data_are_refused_before_anything_is_written(project, name):
    with pytest.raises(CohortError, match=r"parameter new_cohort_name .* is not a plain name"):
        run_kedro(project, "impute_cohort", new_cohort_name=name)
    with pytest.raises(CohortError, match=r"parameter cohort_name .* is not a plain name"):
        run_kedro(project, "data_processing", cohort_name=name)
    assert _written(project) == []


def test_impute_cohort_before_any_benchmark_says_to_run_the_benchmark(project):
    with pytest.raises(
        MissingRunInputs, match=r"needs \['fitted_.*written by an earlier run .*Run the benchmark first: `kedro run`"
    ):
        run_kedro(project, "impute_cohort")


def test_a_cohort_too_small_for_the_study_is_refused_with_nothing_written(project, tmp_path):
    folder = write_cohort(tmp_path / "cohort", "TINY", n_samples=10, n_types=2)
    pd.DataFrame({"Label": [0, 1] * 5}).to_csv(folder / "TINY_label_num.csv", index=False)  # 5 + 5
    with pytest.raises(CohortError, match=r"cohort TINY: 10 samples after alignment leave 8 in the reference"):
        run_kedro(project, "data_processing", cohort_dir=str(folder), cohort_name="TINY")
    assert _written(project) == []


def test_a_method_setting_too_large_for_this_machine_stops_the_run_at_once(project, tmp_path):
    from multiomics_imputation.study.design import DesignError

    folder = write_cohort(tmp_path / "cohort", "TOY")
    too_wide = {"masked_autoencoder": {"hidden": [10**7, 8, 10**7], "enabled": True}}  # tens of GB of weights
    with pytest.raises(DesignError, match=r"methods.masked_autoencoder: .* needs about \d+\.\d GB, set by hidden"):
        run_kedro(project, "data_processing", cohort_dir=str(folder), cohort_name="TOY", methods=too_wide)
    assert _written(project) == []


@pytest.mark.parametrize(
    "settings, message",
    [
        (
            {"data_processing": {"target_fraction": 0.0, "split_seed": 42, "max_missing_fraction": 0.2}},
            r"data_processing.target_fraction must be a number in \(0, 1\), not 0.0",
        ),
        ({"classification": {"cv_folds": 1}}, r"classification.cv_folds must be a whole number >= 2, not 1"),
        ({"classification": {"n_jobs": 0}}, r"classification.n_jobs must be a whole number other than 0"),
        (
            {"classification": {"large_cohort": {"target_samples": 1000, "train_imputed_scenarios": ["random_99"]}}},
            r"classification.large_cohort.train_imputed_scenarios must be one of \['all', 'highest_rate'\] or a "
            r"list of this run's scenarios \['random_05', .*\], not \['random_99'\]",
        ),
        (
            {"missingness": {"patterns": ["mnar"], "rates": [0.1], "mnar_strength": "high"}},
            r"missingness.mnar_strength must be a number >= 0, not 'high'",
        ),
        (
            {"impute_cohort": {"method": "best", "missing_mrna_genes": "mean"}},
            r"impute_cohort.missing_mrna_genes must be error or reference_mean, not 'mean'",
        ),
        (
            {"impute_cohort": {"method": "foo", "missing_mrna_genes": "error"}},
            r"impute_cohort.method must be best or one of the run's methods \['mean', .*\], not 'foo'",
        ),
    ],
)
def test_a_study_setting_out_of_range_stops_the_run_at_once_with_nothing_written(project, tmp_path, settings, message):
    from multiomics_imputation.study.design import DesignError

    folder = write_cohort(tmp_path / "cohort", "TOY")
    with pytest.raises(DesignError, match=message):
        run_kedro(project, cohort_dir=str(folder), cohort_name="TOY", **settings)
    assert _written(project) == []


def test_constant_mrna_is_refused_naming_the_file(project, tmp_path):
    folder = write_cohort(tmp_path / "cohort", "FLAT")
    mrna = pd.read_csv(folder / "FLAT_mRNA.csv")
    mrna.iloc[:, 1:] = 1.0
    mrna.to_csv(folder / "FLAT_mRNA.csv", index=False)
    with pytest.raises(CohortError, match=r"FLAT_mRNA.csv: no mRNA gene varies across the reference samples"):
        run_kedro(project, "data_processing", cohort_dir=str(folder), cohort_name="FLAT")
    assert _written(project) == []


def test_a_small_cohort_with_named_labels_runs_the_whole_benchmark_and_the_report_explains(project, tmp_path):
    folder = write_cohort(tmp_path / "cohort", "SMALL", n_samples=40, n_types=2, n_mrna=30, n_cnv=25)
    labels = pd.read_csv(folder / "SMALL_label_num.csv")
    labels["Label"] = np.where(labels["Label"] == 0, "abc", "lobular")
    labels.to_csv(folder / "SMALL_label_num.csv", index=False)
    (project / "conf/local/parameters_methods.yml").write_text(FEW_METHODS)
    (project / "conf/local/parameters_classification.yml").write_text(FEW_TREES)
    run_kedro(project, cohort_dir=str(folder), cohort_name="SMALL")
    report = json.loads((project / "data/08_reporting/data_report.json").read_text())
    assert (
        report["classification"][0].startswith("2 classes: abc (")
        and "used as categories" in report["classification"][0]
    )
    for table in ("metrics", "classification"):
        values = pd.read_csv(project / f"data/08_reporting/{table}.csv")["value"]
        assert np.isfinite(values.dropna()).all()
    classification = pd.read_csv(project / "data/08_reporting/classification.csv")
    assert {"gaussian", "cnv_original", "cnv_mean_imputed"} <= set(classification["method"])


def test_one_class_is_accepted_and_the_report_and_the_end_of_the_run_say_classification_means_nothing(
    project, tmp_path, capfd
):
    folder = write_cohort(tmp_path / "cohort", "ONE")
    pd.DataFrame({"Label": [7] * 120}).to_csv(folder / "ONE_label_num.csv", index=False)
    run_kedro(project, "data_processing", cohort_dir=str(folder), cohort_name="ONE")
    notes = json.loads((project / "data/08_reporting/data_report.json").read_text())["classification"]
    assert any("one class only" in note for note in notes) and notes[0].startswith("1 class: 7 (")
    logged = capfd.readouterr().out  # Kedro's log handler writes to the terminal
    end = logged[logged.index("Pipeline execution completed") :]
    assert "WARNING  one class only: every classification" in end
    run_kedro(project, "data_processing", cohort_dir=str(write_cohort(tmp_path / "two", "TWO")), cohort_name="TWO")
    assert "one class only" not in capfd.readouterr().out


def test_kedro_run_ends_with_the_message_alone_and_a_failing_exit_code(project, tmp_path):
    folder = write_cohort(tmp_path / "cohort", "CUT")
    text = (folder / "CUT_CNV.csv").read_text()
    (folder / "CUT_CNV.csv").write_text(text[: len(text) // 2])
    kedro = Path(sys.executable).parent / "kedro"
    result = subprocess.run(
        [str(kedro), "run", "--pipelines", "data_processing", "--params", f"cohort_dir={folder},cohort_name=CUT"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"KEDRO_DISABLE_TELEMETRY": "1", "PATH": str(kedro.parent)},
    )
    assert result.returncode == 1
    last = [line for line in result.stderr.splitlines() if line.strip()][-2:]
    assert (
        last[0].startswith("CohortError: ") and "CUT_CNV.csv: line" in last[0] and "fields, the header has" in last[0]
    )
    assert "MULTIOMICS_TRACEBACK=1" in last[1] and "Traceback" not in result.stderr


def test_run_parameters_take_lists_of_several_items(project):
    """Kedro 1.7 splits --params at every comma; the project's `kedro run` keeps a bracketed list whole."""
    import click

    from multiomics_imputation.cli import cli, split_run_params

    run = cli.commands["run"]
    [option] = [o for o in run.params if o.name == "params"]
    assert option.callback is split_run_params
    parsed = split_run_params(
        click.Context(run),
        option,
        "missingness.patterns=[random,mnar],missingness.rates=[0.3],methods.knn.enabled=false",
    )
    assert parsed == {
        "missingness": {"patterns": ["random", "mnar"], "rates": [0.3]},
        "methods": {"knn": {"enabled": False}},
    }
    with pytest.raises(click.UsageError, match="item `rates` must be a key and a value"):
        split_run_params(click.Context(run), option, "missingness.patterns=[random],rates")
    kedro = Path(sys.executable).parent / "kedro"
    result = subprocess.run(  # the whole list reaches the run: its second pattern is the one refused
        [str(kedro), "run", "--pipelines", "missingness", "--params", "missingness.patterns=[random,rows]"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"KEDRO_DISABLE_TELEMETRY": "1", "PATH": str(kedro.parent)},
    )
    assert result.returncode == 1 and "unknown pattern(s) ['rows']" in result.stderr


@pytest.mark.parametrize("dataset", ["PickleDataset", "ProcessCachedPickleDataset"])
def test_a_model_written_by_an_earlier_version_names_the_file_and_the_fix(tmp_path, monkeypatch, dataset):
    import pickle
    import types

    from kedro.io import DatasetError

    from multiomics_imputation.framework import datasets

    module = types.ModuleType("multiomics_imputation_moved_away")
    module.Model = type("Model", (), {"__module__": module.__name__})
    monkeypatch.setitem(sys.modules, module.__name__, module)
    path = tmp_path / "fitted.pkl"
    path.write_bytes(pickle.dumps(module.Model()))
    monkeypatch.delitem(sys.modules, module.__name__)
    with pytest.raises(DatasetError, match=r"fitted\.pkl was written by an earlier version.*`kedro run`"):
        getattr(datasets, dataset)(filepath=str(path)).load()
