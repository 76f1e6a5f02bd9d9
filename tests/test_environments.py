"""Every configuration environment loads: its parameters, globals and catalog resolve."""

from __future__ import annotations

import pytest

from multiomics_imputation.hub import PANCANCER_URL
from tests.conftest import PROJECT_ROOT

ENVIRONMENTS = sorted(p.name for p in (PROJECT_ROOT / "conf").iterdir() if p.is_dir() and p.name not in ("base", "local"))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_environment_loads_and_points_where_it_says(project, env):
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    bootstrap_project(project)
    with KedroSession.create(project_path=project, env=env) as session:
        context = session.load_context()
        folder = context.catalog.get("cohort")._describe()["folder"]
        expected = {"full_size": "data/01_raw/demo_full", "pancancer": PANCANCER_URL}.get(env, "data/01_raw/demo")
        assert folder == context.params["cohort_dir"] == expected
        assert context.params["replicates"] == (5 if env in ("five_seeds", "pancancer") else 1)
        assert context.params["mlflow_tracking"] is (env == "mlflow")
        for name in ("study_data", "metrics", "run_profile", "demo_mrna"):  # under data_root, made absolute
            assert str(project / "data") in str(context.catalog.get(name)._describe()), name
