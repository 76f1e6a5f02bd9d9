"""`kedro run` on a small demo cohort, through a real Kedro session."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from multiomics_imputation.pipelines.classification.nodes import SCORE_COLUMNS
from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.study.design import scenarios
from tests.conftest import PROJECT_ROOT, copy_project, run_kedro, write_cohort, write_published_cohort

SMALL = {
    "demo_cohort": {
        "shape": {"n_samples": 160, "n_mrna": 50, "n_cnv": 40, "n_types": 3},
        "new_cohort": {"n_samples": 40},
    },
    "classification": {"n_estimators": 20, "cv_folds": 3},
    "methods": {
        "autoencoder": {"hidden": [32, 16, 32], "epochs": 3},
        "masked_autoencoder": {"hidden": [32, 16, 32], "epochs": 4, "n_models": 2, "enabled": True},  # opt-in
    },
    "replicates": 2,
    "multiple_imputation": {"draws": 2},  # scored, classified and pooled; the poison test covers the draws
}


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """A project copy with a small demo cohort, after `kedro run --pipelines demo_cohort` and `kedro run`."""
    root = copy_project(tmp_path_factory.mktemp("e2e") / "project")
    previous = os.getcwd()
    os.chdir(root)
    try:
        run_kedro(root, "demo_cohort", **SMALL)
        catalog = run_kedro(root, **SMALL)
        yield root, catalog
    finally:
        os.chdir(previous)


def test_a_run_writes_nothing_outside_data(finished_run):
    root, _ = finished_run
    written = {p.relative_to(root).parts[0] for p in root.rglob("*") if p.is_file()}
    assert written == {"pyproject.toml", "conf", "data"}  # copy_project's files and the run's data
    assert list((root / "data/08_reporting/run_profiles").glob("*__default__.csv"))  # each run's profile kept


def test_default_run_scores_every_method_in_every_scenario_and_replicate(finished_run):
    root, _ = finished_run
    metrics = pd.read_csv(root / "data/08_reporting/metrics.csv")
    assert list(metrics.columns) == ["scenario", "pattern", "rate", "replicate", "method", "metric", "value"]
    parameters = project_parameters(PROJECT_ROOT)
    expected = {(s.name, m) for s in scenarios(parameters["missingness"]) for m in parameters["methods"]}
    r2 = metrics[metrics["metric"] == "r2"]
    assert set(zip(r2["scenario"], r2["method"])) == expected
    assert set(r2["replicate"]) == {0, 1}
    assert {"mse", "r2_gene_mean", "pearson_sample_mean", "pearson_sample_median", "pearson_gene_mean"} <= set(
        metrics["metric"]
    )
    coverage = metrics[(metrics["metric"] == "coverage_90")]
    assert set(coverage["method"]) == {"masked_autoencoder", "gaussian", "gaussian_cnv"}
    # multiple imputation (draws: 2): the methods with a predictive distribution; joint ones against independent noise
    drawn = metrics[metrics["metric"].isin(["draw_coverage_90", "crps", "energy_score", "draw_correlation_gap"])]
    assert set(drawn["method"]) == {"masked_autoencoder", "gaussian", "gaussian_cnv"}
    assert set(metrics.loc[metrics["metric"] == "crps_independent", "method"]) == {"gaussian", "gaussian_cnv"}
    draw_coverage = metrics.loc[metrics["metric"] == "draw_coverage_90", "value"]
    assert draw_coverage.between(0.5, 1).all() and (metrics.loc[metrics["metric"] == "crps", "value"] > 0).all()
    ridge, mean = (r2[r2["method"] == m].set_index(["scenario", "replicate"])["value"] for m in ("ridge", "mean"))
    assert ridge.mean() > mean.mean()  # mRNA carries CNV information even in a tiny cohort
    mean_pearson = metrics[(metrics["method"] == "mean") & (metrics["metric"] == "pearson_sample_mean")]
    assert mean_pearson["value"].isna().all()  # a constant imputation correlates with nothing
    profile = pd.read_csv(root / "data/08_reporting/run_profile.csv")
    assert list(profile.columns) == ["node", "namespace", "seconds", "peak_rss_mb"]
    assert {"fit_per_replicate", "impute_scenario", "build_report"} <= set(profile["node"])
    assert (profile["seconds"] >= 0).all() and (profile["peak_rss_mb"] > 50).all()


def test_default_run_writes_classification_figures_and_report(finished_run):
    root, _ = finished_run
    classification = pd.read_csv(root / "data/08_reporting/classification.csv")
    assert list(classification.columns) == SCORE_COLUMNS  # its names are pinned in test_classification.py
    assert "cancer_type_mean" not in set(classification["method"])
    assert {"mrna_only", "cnv_original", "cnv_mean_imputed", "mrna_cnv", "mean"} <= set(classification["method"])
    assert set(classification["view"]) == {"train_original", "train_imputed"}
    assert set(classification["subset"]) == {"all", "affected"}
    report = (root / "data/08_reporting/report.html").read_text()
    n_patterns = classification["pattern"].nunique()
    assert report.count("<img") == 9 + n_patterns + 2  # summary figures, one PCA per pattern, 2 training curves
    assert "Multiple imputation: are the draws proper" in report and "independent noise" in report
    pooled = pd.read_csv(root / "data/08_reporting/classification_pooled.csv")
    assert set(pooled["method"]) == {"masked_autoencoder", "gaussian", "gaussian_cnv"}
    assert set(pooled["imputation"]) == {"single", "multiple"} and set(pooled["view"]) == set(classification["view"])
    multiple = pooled[pooled["imputation"] == "multiple"]
    assert (multiple["draws"] == 2).all() and multiple["fmi"].between(0, 1).all()
    assert (multiple["total"] >= multiple["within"]).all() and (pooled["ci_low"] <= pooled["estimate"]).all()
    assert "Synthetic data." in report and "Where the time went" in report and "over 2 replicates" in report


def test_versioned_outputs_do_not_overwrite_each_other(finished_run):
    root, _ = finished_run
    versions = list((root / "data/08_reporting/metrics.parquet").iterdir())
    assert len(versions) >= 1 and (versions[0] / "metrics.parquet").is_file()
    imputed = pd.read_parquet(
        next((root / "data/07_model_output/random_20/knn_imputed_cnv.parquet").glob("*/*.parquet"))
    )
    assert imputed.index.names == ["replicate", "sample"] and imputed.notna().all().all()


def test_a_second_run_on_a_dask_cluster_repeats_the_first_exactly(finished_run):
    """The same benchmark, each node a task on a LocalCluster of 2 worker processes: identical results."""
    from multiomics_imputation.framework.runner import DaskRunner

    root, catalog = finished_run
    first = {name: catalog.load(name) for name in ("metrics", "classification")}
    run_kedro(root, runner=DaskRunner(), **SMALL, dask={"scheduler_address": None, "n_workers": 2})
    for name, table in first.items():
        versions = sorted((root / f"data/08_reporting/{name}.parquet").iterdir())
        assert len(versions) >= 2
        pd.testing.assert_frame_equal(table, pd.read_parquet(versions[-1] / f"{name}.parquet"), check_exact=True)
    profile = pd.read_csv(root / "data/08_reporting/run_profile.csv")  # written by the workers' hooks
    assert {"fit_per_replicate", "impute_scenario", "classify_imputed", "build_report"} <= set(profile["node"])


def test_the_grid_follows_the_run_parameters(finished_run):
    root, catalog = finished_run
    run_kedro(root, "missingness", missingness={"patterns": ["mnar"], "rates": [0.3], "mnar_strength": 1.0}, **SMALL)
    mask = catalog.load("mnar_30.mask")
    assert 0.25 < mask.to_numpy().mean() < 0.35
    with pytest.raises(Exception, match=r"unknown pattern\(s\) \['rows'\]"):
        run_kedro(root, "missingness", missingness={"patterns": ["rows"], "rates": [0.3]}, **SMALL)
    with pytest.raises(Exception, match="method 'lasso' in the `methods` parameters"):
        run_kedro(root, "imputation", **{**SMALL, "methods": {"lasso": {"class": "sklearn.linear_model.Lasso"}}})


def test_one_scenario_runs_alone_by_namespace(finished_run):
    root, catalog = finished_run
    mask_versions = lambda name: len(list((root / f"data/05_model_input/masks/{name}_mask.parquet").iterdir()))  # noqa: E731
    before = {name: mask_versions(name) for name in ("random_20", "sample_05")}
    run_kedro(root, namespaces=["random_20"], **SMALL)
    assert mask_versions("random_20") == before["random_20"] + 1
    assert mask_versions("sample_05") == before["sample_05"]


def test_a_cohort_written_as_mlomics_publishes_pancancer_runs_and_keeps_gene_names(project):
    """The published headers (`sample` / `Sample`), TCGA barcodes and gene names with '|', through the benchmark
    and impute_cohort: every output names the genes as the file does."""
    cohort = write_published_cohort(project / "data/01_raw/published")
    new = write_published_cohort(project / "data/01_raw/published_new", "PANNEW", n_samples=30, sample_seed=1)
    cnv = pd.read_csv(new / "PANNEW_CNV.csv")
    cnv.iloc[:, :16].to_csv(new / "PANNEW_CNV.csv", index=False)  # CNV for 15 of 30 samples
    genes = list(pd.read_csv(cohort / "Pan-cancer_CNV.csv")["Sample"])
    assert any("|" in gene for gene in genes)
    methods = project_parameters(PROJECT_ROOT)["methods"]
    params = {
        **SMALL,
        "replicates": 1,
        "missingness": {"patterns": ["random", "sample"], "rates": [0.2]},
        # the layout is under test, not the methods: two of them, and one view of the forests
        "methods": {name: {"enabled": name in ("mean", "gaussian")} for name in methods},
        "classification": {**SMALL["classification"], "train_imputed_view": False},
        "cohort_dir": str(cohort),
        "cohort_name": "Pan-cancer",
    }
    catalog = run_kedro(project, **params)
    for scenario in ("random_20", "sample_20"):
        assert list(catalog.load(f"{scenario}.gaussian.imputed_cnv").columns) == genes
        assert list(catalog.load(f"{scenario}.mask").columns) == genes
    assert catalog.load("metrics")["value"].notna().any()
    report = (project / "data/08_reporting/report.html").read_text()
    assert "Pan-cancer" in report
    run_kedro(project, "impute_cohort", **params, new_cohort_dir=str(new), new_cohort_name="PANNEW")
    for table in ("imputed", "uncertainty", "imputed_flags"):
        written = pd.read_csv(project / f"data/07_model_output/PANNEW_CNV_{table}.csv")
        assert list(written.iloc[:, 0]) == genes, table
        assert written.columns[1].startswith("TCGA-")


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
    run_kedro(root, "impute_cohort", **{**SMALL, "impute_cohort": {"draws": 3}})
    given = pd.read_csv(root / "data/01_raw/demo_new/NEW_CNV.csv", index_col=0)
    draws = pd.read_csv(root / "data/07_model_output/NEW_CNV_draws.csv")
    assert sorted(set(draws["draw"])) == [0, 1, 2] and len(draws) == 3 * 40
    first = draws[draws["draw"] == 0].drop(columns="draw").set_index("sample")
    assert (first[given.columns][given.notna()] == given[given.notna()]).sum().sum() == given.notna().sum().sum()
    completed = pd.read_csv(root / "data/07_model_output/NEW_CNV_imputed.csv", index_col=0)
    flags = pd.read_csv(root / "data/07_model_output/NEW_CNV_imputed_flags.csv", index_col=0)
    uncertainty = pd.read_csv(root / "data/07_model_output/NEW_CNV_uncertainty.csv", index_col=0)
    assert completed.shape == (40, 40) and completed.notna().all().all()
    assert uncertainty.notna().all().all()  # the best method here (gaussian) gives one
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
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            str(notebook),
            "--output",
            str(executed),
            "--ExecutePreprocessor.timeout=300",
        ],
        cwd=root / "notebooks",
        check=True,
        capture_output=True,
    )
    outputs = [o for cell in nbformat.read(executed, as_version=4).cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the per-cancer-type figure


def _poison_raw_cnv(root, catalog, scenario: str, replicate: int) -> None:
    """Multiplies by 100 (plus 50) the raw CNV file's values that `scenario` hides in `replicate`."""
    path = root / "data/01_raw/demo/DEMO_CNV.csv"
    raw = pd.read_csv(path, index_col=0)
    hidden = catalog.load(f"{scenario}.mask").xs(replicate, level="replicate")
    stacked = hidden.stack()
    for sample, gene in stacked[stacked].index:
        raw.loc[gene, sample] = raw.loc[gene, sample] * 100 + 50
    raw.to_csv(path)


POISONED = [("random_20", 0), ("sample_20", 1)]  # entries, and whole profiles (mRNA only left)


def _outputs(catalog, scenario: str, replicate: int) -> dict[str, pd.DataFrame]:
    """What must not change when hidden truth changes: imputations, uncertainties, imputed-CNV predictions."""
    found = {}
    for m in project_parameters(PROJECT_ROOT)["methods"]:
        found[f"{scenario}.{m}.imputed_cnv"] = catalog.load(f"{scenario}.{m}.imputed_cnv").xs(
            replicate, level="replicate"
        )
        if m in ("gaussian", "gaussian_cnv", "masked_autoencoder"):
            for output in ("uncertainty", "imputed_draws"):
                found[f"{scenario}.{m}.{output}"] = catalog.load(f"{scenario}.{m}.{output}").xs(
                    replicate, level="replicate"
                )
            predictions = catalog.load(f"{scenario}.{m}.draw_predictions")
            found[f"{scenario}.{m}.draw_predictions"] = predictions[predictions["replicate"] == replicate].reset_index(
                drop=True
            )
        if m != "cancer_type_mean":
            predictions = catalog.load(f"{scenario}.{m}.predictions")
            found[f"{scenario}.{m}.predictions"] = predictions[predictions["replicate"] == replicate].reset_index(
                drop=True
            )
    imputers = {m: catalog.load(f"fitted_{m}")[replicate].imputer for m in ("gaussian", "softimpute", "mice")}
    found["settings chosen on the reference"] = pd.DataFrame(
        {  # shrinkage, penalty, ridge strength, blend
            "gaussian": [imputers["gaussian"].shrinkage_, *imputers["gaussian"].blend_.weight],
            "softimpute": [imputers["softimpute"].penalty_, 0, 0, 0],
            "mice": [imputers["mice"].alpha_, 0, 0, 0],
        }
    )
    return found


@pytest.fixture(scope="module")
def clean_outputs(finished_run):
    """The outputs of a run on clean files, taken before any poisoning."""
    return {case: _outputs(finished_run[1], *case) for case in POISONED}


@pytest.mark.parametrize(("scenario", "replicate"), POISONED)
def test_hidden_truth_in_the_raw_files_never_reaches_an_imputer(finished_run, clean_outputs, scenario, replicate):
    """Poison the raw values that one scenario hides in one replicate and rerun everything: that replicate's
    imputations, uncertainties and imputed-CNV classification predictions of the scenario stay identical.
    The rerun's grid is that scenario alone (a scenario's masks, models and forests do not depend on which
    other scenarios run, so this also checks that they do not)."""
    root, catalog = finished_run
    before = clean_outputs[(scenario, replicate)]
    raw_file = root / "data/01_raw/demo/DEMO_CNV.csv"
    original = raw_file.read_bytes()
    _poison_raw_cnv(root, catalog, scenario, replicate)
    try:
        pattern, percent = scenario.rsplit("_", 1)
        alone = {"patterns": [pattern], "rates": [int(percent) / 100]}
        catalog = run_kedro(root, **{**SMALL, "missingness": alone})
        target = catalog.load("study_data").split(replicate).target_cnv
        hidden = catalog.load(f"{scenario}.mask").xs(replicate, level="replicate").loc[target.index, target.columns]
        assert (target.to_numpy()[hidden.to_numpy()] > 20).mean() > 0.5  # the poison is in the target's truth
        after = _outputs(catalog, scenario, replicate)
        for name, frame in before.items():
            pd.testing.assert_frame_equal(after[name], frame, check_exact=True, obj=name)
    finally:
        raw_file.write_bytes(original)
