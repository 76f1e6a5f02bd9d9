"""The run profile: each node's wall time, reading and writing included, from the project's hooks."""

from __future__ import annotations

import time

import pandas as pd
from kedro.io import DataCatalog, MemoryDataset
from kedro.pipeline import Pipeline, node
from kedro.runner import SequentialRunner

from multiomics_imputation.framework.datasets import RunProfileDataset
from multiomics_imputation.framework.hooks import RunProfileHooks
from multiomics_imputation.framework.kedro_private import create_hook_manager
from multiomics_imputation.framework.profiling import where_the_time_went


class SlowDataset(MemoryDataset):
    def save(self, data) -> None:
        time.sleep(0.3)
        super().save(data)


def _double(x):
    return 2 * x


def test_a_node_s_seconds_include_writing_its_outputs_and_a_failed_run_keeps_the_last_profile(tmp_path):
    manager = create_hook_manager()
    manager.register(RunProfileHooks())
    profile = RunProfileDataset(str(tmp_path / "run_profile.csv"), runs_folder=str(tmp_path / "runs"))
    catalog = DataCatalog({"a": MemoryDataset(1), "b": SlowDataset(), "c": MemoryDataset(), "run_profile": profile})
    pipeline = Pipeline([node(_double, "a", "b", name="slow_write"), node(_double, "b", "c", name="quick")])
    run_params = {"session_id": "2026-12-06T08.00.00.000Z", "pipeline_names": ["impute_cohort"]}
    manager.hook.before_pipeline_run(run_params=run_params, pipeline=pipeline, catalog=catalog)
    SequentialRunner().run(pipeline, catalog, manager)
    rows = profile.load().set_index("node")
    assert rows.loc["slow_write", "seconds"] >= 0.3 > rows.loc["quick", "seconds"]
    manager.hook.after_pipeline_run(run_params={}, run_result={}, pipeline=pipeline, catalog=catalog)
    assert (tmp_path / "run_profile.csv").is_file() and not (tmp_path / "run_profile.csv.partial").exists()
    kept = profile.load()
    assert pd.read_csv(tmp_path / "runs/2026-12-06T08.00.00.000Z_impute_cohort.csv").equals(kept)  # kept per run
    manager.hook.before_pipeline_run(run_params={}, pipeline=pipeline, catalog=catalog)
    SequentialRunner().run(Pipeline([node(_double, "a", "d", name="other")]), catalog, manager)
    manager.hook.on_pipeline_error(error=RuntimeError(), run_params={}, pipeline=pipeline, catalog=catalog)
    assert profile.load().equals(kept)


def test_where_the_time_went_sums_each_kind_of_node_across_namespaces_and_lists_the_slowest_first():
    profile = pd.DataFrame(
        {
            "node": ["fit", "fit", "impute", "impute", "impute", "report"],
            "namespace": ["a", "b", "s1.a", "s2.a", "s1.b", None],
            "seconds": [5.0, 1.0, 2.0, 2.0, 3.0, 0.5],
            "peak_rss_mb": [1.0] * 6,
        }
    )
    slowest, by_kind = where_the_time_went(profile, slowest=2)
    assert slowest[["node", "namespace"]].values.tolist() == [["fit", "a"], ["impute", "s1.b"]]
    assert by_kind.index.tolist() == ["impute", "fit", "report"]
    assert by_kind.loc["impute"].tolist() == [3, 7.0] and by_kind.loc["fit"].tolist() == [2, 6.0]
