"""`kedro run` on a small demo cohort, through a real Kedro session."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.pipelines.grid import all_methods, project_parameters, scenarios
from tests.conftest import PROJECT_ROOT, copy_project, run_kedro, write_cohort

SMALL = {
    "demo_cohort": {"shape": {"n_samples": 160, "n_mrna": 50, "n_cnv": 40, "n_types": 3}, "new_cohort": {"n_samples": 40}},
    "classification": {"n_estimators": 20},
    "autoencoder": {
        "models": {
            "autoencoder": {"hidden": [32, 16, 32], "epochs": 3},
            "masked_autoencoder": {"hidden": [32, 16, 32], "epochs": 4, "n_models": 2},
        }
    },
}


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """A project copy with a small demo cohort, after `kedro run --pipeline demo_cohort` and `kedro run`."""
    root = copy_project(tmp_path_factory.mktemp("e2e") / "project")
    previous = os.getcwd()
    os.chdir(root)
    try:
        run_kedro(root, "demo_cohort", **SMALL)
        catalog = run_kedro(root, **SMALL)
        yield root, catalog
    finally:
        os.chdir(previous)


def test_default_run_scores_every_method_in_every_scenario(finished_run):
    root, _ = finished_run
    metrics = pd.read_csv(root / "data/08_reporting/metrics.csv")
    assert list(metrics.columns) == ["scenario", "pattern", "rate", "seed", "method", "metric", "value"]
    parameters = project_parameters(PROJECT_ROOT)
    expected = {(s.name, m) for s in scenarios(parameters["missingness"]) for m in all_methods(parameters)}
    r2 = metrics[metrics["metric"] == "r2"]
    assert set(zip(r2["scenario"], r2["method"])) == expected
    assert {"mse", "pearson_sample_mean", "pearson_sample_median", "pearson_gene_mean"} <= set(metrics["metric"])
    coverage = metrics[(metrics["metric"] == "coverage_90")]
    assert set(coverage["method"]) == {"masked_autoencoder", "gaussian", "gaussian_cnv"}
    ridge, mean = (r2[r2["method"] == m].set_index("scenario")["value"] for m in ("ridge", "mean"))
    assert ridge.mean() > mean.mean()  # mRNA carries CNV information even in a tiny cohort


def test_default_run_writes_classification_figures_and_report(finished_run):
    root, _ = finished_run
    classification = pd.read_csv(root / "data/08_reporting/classification.csv")
    assert list(classification.columns) == ["scenario", "seed", "method", "view", "metric", "value"]
    assert "cancer_type_mean" not in set(classification["method"])
    assert {"mrna_only", "cnv_original", "mrna_cnv"} <= set(classification["method"])
    assert set(classification["view"]) == {"train_original", "train_imputed"}
    report = (root / "data/08_reporting/report.html").read_text()
    n_scenarios = classification.loc[classification["scenario"] != "reference", "scenario"].nunique()
    assert report.count("<img") == 5 + n_scenarios + 2  # summary figures, one PCA per scenario, 2 training curves
    assert "Synthetic data." in report


def test_versioned_outputs_do_not_overwrite_each_other(finished_run):
    root, _ = finished_run
    versions = list((root / "data/08_reporting/metrics.parquet").iterdir())
    assert len(versions) == 1 and (versions[0] / "metrics.parquet").is_file()
    imputed = pd.read_parquet(next((root / "data/07_model_output/random_20/knn_imputed_cnv.parquet").glob("*/*.parquet")))
    assert imputed.index.names == ["seed", "sample"] and imputed.notna().all().all()


def test_hidden_values_never_reach_an_imputer(finished_run):
    """Change the true values under every mask: no imputed value may change."""
    root, catalog = finished_run
    parameters = project_parameters(PROJECT_ROOT)
    grid = [s for s in scenarios(parameters["missingness"]) if s.pattern != "mnar"]
    methods = list(all_methods(parameters))
    before = {(s.name, m): catalog.load(f"{s.name}.{m}.imputed_cnv") for s in grid for m in methods}
    target = catalog.load("target_cnv")
    tampered = target.copy()
    for s in grid:
        hidden = catalog.load(f"{s.name}.mask").xs(0, level="seed")
        tampered = tampered.mask(hidden, tampered * 100 + 50)
    assert not tampered.equals(target)
    catalog.save("target_cnv", tampered)
    try:
        run_kedro(root, "missingness", **SMALL)
        run_kedro(root, "imputation", **SMALL)
        for (scenario, method), imputed in before.items():
            pd.testing.assert_frame_equal(catalog.load(f"{scenario}.{method}.imputed_cnv"), imputed, check_exact=True)
    finally:
        catalog.save("target_cnv", target)


def test_one_scenario_runs_alone_by_namespace(finished_run):
    root, catalog = finished_run
    mask_versions = lambda name: len(list((root / f"data/05_model_input/masks/{name}_mask.parquet").iterdir()))  # noqa: E731
    before = {name: mask_versions(name) for name in ("random_20", "sample_05")}
    run_kedro(root, namespaces=["random_20"], **SMALL)
    assert mask_versions("random_20") == before["random_20"] + 1
    assert mask_versions("sample_05") == before["sample_05"]


def test_rejected_input_writes_nothing(project):
    cohort = write_cohort(project / "data/01_raw/bad", "BAD")
    mrna = cohort / "BAD_mRNA.csv"
    mrna.write_text(mrna.read_text().replace("BAD-00002", "BAD-00001", 1))
    with pytest.raises(Exception, match="duplicated sample IDs"):
        run_kedro(project, "data_processing", cohort_dir=str(cohort), cohort_name="BAD")
    written = [p for p in (project / "data").rglob("*") if p.is_file() and "01_raw" not in p.parts]
    assert written == []


def test_impute_cohort_fills_a_second_cohort_keeping_observed_values(finished_run):
    root, _ = finished_run
    run_kedro(root, "demo_new_cohort", **SMALL)
    run_kedro(root, "impute_cohort", **SMALL)
    given = pd.read_csv(root / "data/01_raw/demo_new/NEW_CNV.csv", index_col=0)
    completed = pd.read_csv(root / "data/07_model_output/NEW_CNV_imputed.csv", index_col=0)
    flags = pd.read_csv(root / "data/07_model_output/NEW_CNV_imputed_flags.csv", index_col=0)
    uncertainty = pd.read_csv(root / "data/07_model_output/NEW_CNV_uncertainty.csv", index_col=0)
    assert completed.shape == (40, 40) and completed.notna().all().all()
    observed = given.notna()
    assert (completed[given.columns][observed] == given[observed]).sum().sum() == observed.sum().sum()
    assert flags.sum().sum() == completed.size - observed.sum().sum()
    assert uncertainty.shape == completed.shape


def test_rejected_new_cohort_writes_nothing(finished_run, tmp_path):
    root, _ = finished_run
    folder = write_cohort(tmp_path / "other", "OTHER", n_mrna=30)
    before = sorted(p for p in (root / "data/07_model_output").rglob("*"))
    with pytest.raises(Exception, match="lacks .* of the model's 50 mRNA genes"):
        run_kedro(root, "impute_cohort", new_cohort_dir=str(folder), new_cohort_name="OTHER", **SMALL)
    assert sorted(p for p in (root / "data/07_model_output").rglob("*")) == before


def test_notebook_runs_top_to_bottom_in_a_kedro_session(finished_run, tmp_path):
    import shutil
    import subprocess
    import sys

    import nbformat

    root, _ = finished_run
    (root / "notebooks").mkdir(exist_ok=True)
    notebook = shutil.copy(PROJECT_ROOT / "notebooks/explore_results.ipynb", root / "notebooks")
    executed = tmp_path / "executed.ipynb"
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", str(notebook),
         "--output", str(executed), "--ExecutePreprocessor.timeout=300"],
        cwd=root / "notebooks", check=True, capture_output=True,
    )
    outputs = [o for cell in nbformat.read(executed, as_version=4).cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the per-cancer-type figure
