"""Which Dask cluster the DaskRunner uses (the whole runner runs in tests/test_end_to_end.py)."""

from kedro.io import DataCatalog, MemoryDataset

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
