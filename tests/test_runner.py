"""Which Dask cluster the DaskRunner uses (the whole runner runs in tests/test_end_to_end.py)."""

from kedro.framework.hooks import hook_impl
from kedro.io import DataCatalog, MemoryDataset
from kedro.pipeline import Pipeline, node

from multiomics_imputation.framework.runner import SCHEDULER_VARIABLE, cluster_settings


def _catalog(dask: dict | None) -> DataCatalog:
    return DataCatalog({} if dask is None else {"params:dask": MemoryDataset(dask)})


def test_the_scheduler_is_the_parameter_else_the_environment_variable_else_a_local_cluster(monkeypatch):
    monkeypatch.delenv(SCHEDULER_VARIABLE, raising=False)
    assert cluster_settings(_catalog(None)) == {"scheduler_address": None, "n_workers": 2}
    assert cluster_settings(_catalog({"scheduler_address": None, "n_workers": 3}))["n_workers"] == 3
    monkeypatch.setenv(SCHEDULER_VARIABLE, "tcp://10.0.0.5:8786")
    assert cluster_settings(_catalog({"scheduler_address": None}))["scheduler_address"] == "tcp://10.0.0.5:8786"
    named = cluster_settings(_catalog({"scheduler_address": "tcp://10.0.0.9:8786"}))
    assert named["scheduler_address"] == "tcp://10.0.0.9:8786"


class _NodeLog:
    """A hook that leaves one file per node it sees run, in whichever process runs it."""

    def __init__(self, folder):
        self.folder = folder

    @hook_impl
    def after_node_run(self, node):
        (self.folder / node.name).write_text("ran")


def test_the_runner_uses_the_hook_manager_it_is_given_and_leaves_the_callers_catalog_as_it_was(tmp_path):
    from multiomics_imputation.framework.kedro_private import create_hook_manager
    from multiomics_imputation.framework.runner import DaskRunner

    hook_manager = create_hook_manager()
    hook_manager.register(_NodeLog(tmp_path))
    between, result = MemoryDataset(), MemoryDataset()
    catalog = DataCatalog(
        {"a": MemoryDataset(2), "b": between, "c": result, "params:dask": MemoryDataset({"n_workers": 1})}
    )
    pipeline = Pipeline([node(_double, "a", "b", name="double"), node(_double, "b", "c", name="double_again")])
    DaskRunner().run(pipeline, catalog, hook_manager)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["double", "double_again"]
    assert catalog.get("b") is between and catalog.get("c") is result  # no dataset of the caller's replaced
    assert catalog.load("c") == 8  # the run's output, where the caller reads it


def _double(x):
    return 2 * x
