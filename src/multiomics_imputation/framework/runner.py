"""A Kedro runner that runs each node as one task on a dask.distributed cluster.

    kedro run --runner multiomics_imputation.framework.runner.DaskRunner

Follows the DaskRunner design of the Kedro documentation (deployment, Dask): every node is one
Dask task that depends on the tasks of the nodes it reads from; data passes through the
catalog, so the files the catalog names must be reachable from every worker (the `data_root`
global: a shared disk or any fsspec URL). Datasets the catalog keeps in memory are published
on the scheduler instead. Each worker runs the project's hooks, so the run profile records
every node.

Which cluster: the scheduler at the parameter `dask.scheduler_address`, else at the
environment variable DASK_SCHEDULER_ADDRESS, else a LocalCluster of `dask.n_workers` worker
processes (one thread each) started for the run and closed after it.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections import Counter
from itertools import chain
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed, get_client
from kedro.framework import project
from kedro.framework.hooks.manager import _create_hook_manager, _register_hooks, _register_hooks_entry_points
from kedro.io import AbstractDataset, CatalogProtocol, MemoryDataset
from kedro.pipeline import Pipeline
from kedro.pipeline.node import Node
from kedro.runner import AbstractRunner
from kedro.runner.task import Task

SCHEDULER_VARIABLE = "DASK_SCHEDULER_ADDRESS"


class DaskDataset(AbstractDataset):
    """In-memory data of a run, kept on the worker that made it and published on the scheduler by name."""

    def __init__(self, name: str) -> None:
        self._name = name

    def load(self) -> Any:
        published = get_client().get_dataset(self._name)
        return published.result() if isinstance(published, Future) else published

    def save(self, data: Any) -> None:
        client = get_client()
        [future] = client.scatter([data])  # a list of one, so that a dict or list is kept whole
        client.publish_dataset(future, name=self._name, override=True)

    def _exists(self) -> bool:
        return self._name in get_client().list_datasets()

    def _release(self) -> None:
        client = get_client()
        if self._name in client.list_datasets():
            client.unpublish_dataset(self._name)

    def _describe(self) -> dict[str, Any]:
        return {"name": self._name}


def cluster_settings(catalog: CatalogProtocol) -> dict[str, Any]:
    """The `dask` parameters of the run, with the scheduler address from the environment when none is set."""
    settings_ = dict(catalog.load("params:dask")) if "params:dask" in catalog else {}
    settings_["scheduler_address"] = settings_.get("scheduler_address") or os.environ.get(SCHEDULER_VARIABLE)
    settings_.setdefault("n_workers", 2)
    return settings_


def connect(cluster: dict[str, Any]) -> tuple[Client, LocalCluster | None]:
    """A client of the named scheduler, or of a LocalCluster started now (returned, to be closed after the run)."""
    if cluster["scheduler_address"]:
        return Client(cluster["scheduler_address"]), None
    # Workers keep this process's BLAS thread settings (Dask would set them to 1), so that their
    # floating-point results are the very numbers a SequentialRunner run gives on this machine.
    with dask.config.set({"distributed.nanny.pre-spawn-environ": {}}):
        local = LocalCluster(
            n_workers=cluster["n_workers"], threads_per_worker=1, processes=True, dashboard_address=None
        )
    return Client(local), local


@functools.cache
def _worker_hook_manager(package_name: str | None):
    """The project's hooks in this worker process (a spawned worker must first learn which project it runs)."""
    if package_name and project.PACKAGE_NAME != package_name:
        project.configure_project(package_name)
    hook_manager = _create_hook_manager()
    _register_hooks(hook_manager, project.settings.HOOKS)
    _register_hooks_entry_points(hook_manager, project.settings.DISABLE_HOOKS_FOR_PLUGINS)
    return hook_manager


def run_node(
    node: Node,
    catalog: CatalogProtocol,
    is_async: bool,
    run_id: str | None,
    package_name: str | None,
    *dependencies: Node,
) -> Node:
    """Runs one node on a worker; `dependencies` (the upstream tasks) only make Dask wait for them."""
    Task(
        node=node, catalog=catalog, hook_manager=_worker_hook_manager(package_name), is_async=is_async, run_id=run_id
    ).execute()
    return node


class DaskRunner(AbstractRunner):
    """Runs a pipeline on a dask.distributed cluster, one task per node (see the module's text)."""

    def _get_executor(self, max_workers: int) -> None:
        return None  # tasks go to the cluster, not to an executor of this process

    def _run(self, pipeline: Pipeline, catalog: CatalogProtocol, hook_manager=None, run_id: str | None = None) -> None:
        for name in pipeline.datasets():
            if not name.startswith("params:") and name != "parameters" and isinstance(catalog.get(name), MemoryDataset):
                catalog[name] = DaskDataset(name)
        cluster = cluster_settings(catalog)
        client, local = connect(cluster)
        self._logger.info("Dask: %d workers at %s", len(client.scheduler_info()["workers"]), client.scheduler.address)
        try:
            self._submit_and_wait(pipeline, catalog, client, run_id, project.PACKAGE_NAME)
        finally:
            client.close()
            if local is not None:
                local.close()

    def _submit_and_wait(
        self, pipeline: Pipeline, catalog: CatalogProtocol, client: Client, run_id: str | None, package_name: str | None
    ) -> None:
        shared_catalog = client.scatter(catalog, broadcast=True, hash=False)
        load_counts = Counter(chain.from_iterable(node.inputs for node in pipeline.nodes))
        tasks = {}
        batch = uuid.uuid4().hex[:8]
        for node in pipeline.nodes:  # in topological order, so every dependency is submitted first
            upstream = [tasks[dependency] for dependency in pipeline.node_dependencies[node]]
            tasks[node] = client.submit(
                run_node,
                node,
                shared_catalog,
                self._is_async,
                run_id,
                package_name,
                *upstream,
                key=f"{node.name}-{batch}",
                pure=False,
            )
        for done, finished in enumerate(as_completed(tasks.values()), start=1):
            node = finished.result()  # a failed node raises its own error here
            self._logger.info("Completed node: %s", node.name)
            self._logger.info("Completed %d out of %d tasks", done, len(tasks))
            self._release_datasets(node, catalog, load_counts, pipeline)
