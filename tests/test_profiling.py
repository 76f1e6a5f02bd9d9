"""The run profile: each node's wall time, reading and writing included, from the project's hooks."""

from __future__ import annotations

import time

from kedro.framework.hooks.manager import _create_hook_manager
from kedro.io import DataCatalog, MemoryDataset
from kedro.pipeline import Pipeline, node
from kedro.runner import SequentialRunner

from multiomics_imputation.datasets import RunProfileDataset
from multiomics_imputation.hooks import RunProfileHooks


class SlowDataset(MemoryDataset):
    def save(self, data) -> None:
        time.sleep(0.3)
        super().save(data)


def _double(x):
    return 2 * x


def test_a_node_s_seconds_include_writing_its_outputs_and_a_failed_run_keeps_the_last_profile(tmp_path):
    manager = _create_hook_manager()
    manager.register(RunProfileHooks())
    profile = RunProfileDataset(str(tmp_path / "run_profile.csv"))
    catalog = DataCatalog({"a": MemoryDataset(1), "b": SlowDataset(), "c": MemoryDataset(), "run_profile": profile})
    pipeline = Pipeline([node(_double, "a", "b", name="slow_write"), node(_double, "b", "c", name="quick")])
    manager.hook.before_pipeline_run(run_params={}, pipeline=pipeline, catalog=catalog)
    SequentialRunner().run(pipeline, catalog, manager)
    rows = profile.load().set_index("node")
    assert rows.loc["slow_write", "seconds"] >= 0.3 > rows.loc["quick", "seconds"]
    manager.hook.after_pipeline_run(run_params={}, run_result={}, pipeline=pipeline, catalog=catalog)
    assert (tmp_path / "run_profile.csv").is_file() and not (tmp_path / "run_profile.csv.partial").exists()
    kept = profile.load()
    manager.hook.before_pipeline_run(run_params={}, pipeline=pipeline, catalog=catalog)
    SequentialRunner().run(Pipeline([node(_double, "a", "d", name="other")]), catalog, manager)
    manager.hook.on_pipeline_error(error=RuntimeError(), run_params={}, pipeline=pipeline, catalog=catalog)
    assert profile.load().equals(kept)
