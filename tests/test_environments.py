"""Every configuration environment loads: its parameters, globals and catalog resolve."""

from __future__ import annotations

import pytest

from multiomics_imputation.cohort.hub import PANCANCER_URL
from tests.conftest import PROJECT_ROOT

ENVIRONMENTS = sorted(
    p.name for p in (PROJECT_ROOT / "conf").iterdir() if p.is_dir() and p.name not in ("base", "local")
)


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_environment_loads_and_points_where_it_says(project, env):
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    bootstrap_project(project)
    with KedroSession.create(project_path=project, env=env) as session:
        context = session.load_context()
        folder = context.catalog.get("cohort")._describe()["folder"]
        expected = {
            "full_size": "data/01_raw/demo_full",
            "wide": "data/01_raw/demo_wide",
            "pancancer": PANCANCER_URL,
        }.get(env, "data/01_raw/demo")
        assert folder == context.params["cohort_dir"] == expected
        if env != "pancancer":  # the demo is written where the benchmark of that environment reads it
            assert str(context.catalog.get("demo_mrna")._describe()["filepath"]).endswith(f"{expected}/DEMO_mRNA.csv")
        assert context.params["replicates"] == (5 if env in ("five_seeds", "pancancer") else 1)
        assert context.params["mlflow_tracking"] is (env == "mlflow")
        for name in ("study_data", "metrics", "run_profile", "demo_mrna"):  # under data_root, made absolute
            assert str(project / "data") in str(context.catalog.get(name)._describe()), name


def test_run_parameters_override_one_key_of_a_setting_whatever_the_environment_holds(project):
    """Kedro alone merges --params into the environment's parameters too, and then the environment's top-level
    keys replace base's: here `missingness` would have lost its patterns and mnar_strength."""
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    (project / "conf/local/parameters.yml").write_text("replicates: 2\n")
    bootstrap_project(project)
    runtime = {"missingness": {"rates": [0.3]}, "cohort_name": "OTHER"}
    with KedroSession.create(project_path=project, runtime_params=runtime) as session:
        context = session.load_context()
        assert context.params["missingness"] == {
            "patterns": ["random", "sample", "feature"],
            "rates": [0.3],
            "mnar_strength": 1.0,
        }
        assert context.params["replicates"] == 2
        assert context.params["cohort_name"] == context.catalog.get("cohort")._describe()["name"] == "OTHER"


def test_a_runs_parameters_build_its_pipelines_and_are_gone_after_it(project):
    from kedro.framework.project import pipelines
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    from multiomics_imputation.run_parameters import project_parameters

    bootstrap_project(project)
    runtime = {"missingness": {"rates": [0.3]}}
    with KedroSession.create(project_path=project, runtime_params=runtime) as session:
        session.load_context()
        assert "random_30" in {n.namespace for n in pipelines["missingness"].nodes}  # built from the run's grid
        assert project_parameters()["missingness"]["rates"] != [0.3]  # not handed to a later caller
    assert project_parameters(project)["missingness"]["rates"] == [0.05, 0.1, 0.2]


@pytest.mark.parametrize(
    "command",
    [["-c", "import multiomics_imputation.settings"], ["-m", "kedro", "--help"]],
    ids=["import settings", "kedro --help"],
)
def test_settings_and_kedro_help_load_neither_the_pipelines_nor_torch(command):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "multiomics_imputation.run_parameters" in imported  # the settings (and their hooks) were read
    assert not {"torch", "sklearn", "multiomics_imputation.pipeline_registry"} & imported
    assert not [name for name in imported if name.startswith("multiomics_imputation.pipelines")]
