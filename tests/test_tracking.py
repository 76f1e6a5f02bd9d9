"""MLflow tracking (the optional `mlflow` extra): off unless asked, and what a tracked run logs."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from multiomics_imputation.imputers import read_methods
from multiomics_imputation.run_parameters import project_parameters
from tests.conftest import run_kedro

TINY = {
    "demo_cohort": {"shape": {"n_samples": 120, "n_mrna": 30, "n_cnv": 24, "n_types": 3}},
    "missingness": {"patterns": ["random"], "rates": [0.2], "mnar_strength": 1.0},
    "classification": {"n_estimators": 10, "cv_folds": 3},
    "methods": {
        "autoencoder": {"hidden": [16, 8, 16], "epochs": 2},
        "masked_autoencoder": {"hidden": [16, 8, 16], "epochs": 2, "n_models": 2},
    },
}


def test_a_tracked_run_logs_parameters_r2_and_report_and_an_untracked_one_logs_nothing(project):
    pytest.importorskip("kedro_mlflow")
    from mlflow.tracking import MlflowClient

    run_kedro(project, "demo_cohort", **TINY)
    assert not (project / "mlflow.db").exists()  # kedro-mlflow is installed, but this run did not ask
    store = f"sqlite:///{project / 'mlflow.db'}"  # absolute: mlflow caches stores by URI within a process
    (project / "conf/local/mlflow.yml").write_text(f"server:\n  mlflow_tracking_uri: {store}\n")
    run_kedro(project, mlflow_tracking=True, **TINY)
    client = MlflowClient(tracking_uri=store)
    [run] = client.search_runs([client.get_experiment_by_name("multiomics_imputation").experiment_id])
    summary = pd.read_csv(project / "data/08_reporting/metrics_summary.csv")
    r2 = summary[summary["metric"] == "r2"]
    assert {f"r2/{s}/{m}": v for s, m, v in zip(r2["scenario"], r2["method"], r2["mean"])} == pytest.approx(
        {k: v for k, v in run.data.metrics.items()}
    )
    enabled = read_methods(project_parameters(project)["methods"])
    assert len(run.data.metrics) == len(r2) == len(enabled)  # every method in the one scenario
    assert run.data.params["replicates"] == "1" and run.data.params["missingness.rates"] == "[0.2]"
    assert run.data.params["mlflow_tracking"] == "True"
    report = client.download_artifacts(run.info.run_id, "report.html", str(project))
    assert open(report).read() == (project / "data/08_reporting/report.html").read_text()


def test_the_mlflow_environment_asks_for_tracking_and_without_the_extra_says_how_to_install_it(project, monkeypatch):
    import kedro.framework.session.session as kedro_session

    # as if kedro-mlflow were not installed: no module, no plugin hooks from its entry point
    monkeypatch.setitem(sys.modules, "kedro_mlflow.framework.hooks.mlflow_hook", None)
    monkeypatch.setattr(kedro_session, "_register_hooks_entry_points", lambda *args: None)
    with pytest.raises(Exception, match=r"kedro-mlflow is not installed: pip install -e '\.\[mlflow\]'"):
        run_kedro(project, "demo_cohort", env="mlflow", **TINY)
    assert not (project / "data").exists()
