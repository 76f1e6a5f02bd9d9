"""A Kedro runner that runs each node as one task on a dask.distributed cluster.

    kedro run --runner multiomics_imputation.framework.runner.DaskRunner

Follows the DaskRunner design of the Kedro documentation (deployment, Dask): every node is one
Dask task that depends on the tasks of the nodes it reads from; data passes through the
catalog, so the files the catalog names must be reachable from every worker (the `data_root`
global: a shared disk or any fsspec URL). Datasets the catalog keeps in memory are published
on the scheduler instead, in a catalog of the run's own: the caller's catalog is left as it
was, except that the run's in-memory outputs are saved into it at the end, as Kedro's own
runners leave them. Each worker runs the hooks of the hook manager the runner is given (the
project's, in a `kedro run`), so the run profile records every node.

Which cluster: the scheduler at the parameter `dask.scheduler_address`, else at the
environment variable DASK_SCHEDULER_ADDRESS, else a LocalCluster of `dask.n_workers` worker
processes (one thread each) started for the run and closed after it.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from itertools import chain
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed, get_client
from kedro.io import AbstractDataset, CatalogProtocol, DataCatalog, MemoryDataset
from kedro.pipeline import Pipeline
from kedro.pipeline.node import Node
from kedro.runner import AbstractRunner
from kedro.runner.task import Task
from pluggy import PluginManager

from multiomics_imputation.framework.kedro_private import create_hook_manager, release_datasets

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


def run_node(
    node: Node,
    catalog: CatalogProtocol,
    is_async: bool,
    run_id: str | None,
    plugins: list,
    *dependencies: Node,
) -> Node:
    """Runs one node on a worker, with the hooks `plugins` (those of the runner's hook manager); `dependencies`
    (the upstream tasks) only make Dask wait for them."""
    hook_manager = create_hook_manager()
    for plugin in plugins:
        hook_manager.register(plugin)
    Task(node=node, catalog=catalog, hook_manager=hook_manager, is_async=is_async, run_id=run_id).execute()
    return node


class DaskRunner(AbstractRunner):
    """Runs a pipeline on a dask.distributed cluster, one task per node (see the module's text)."""

    def _get_executor(self, max_workers: int) -> None:
        return None  # tasks go to the cluster, not to an executor of this process

    def _run(
        self,
        pipeline: Pipeline,
        catalog: CatalogProtocol,
        hook_manager: PluginManager | None = None,
        run_id: str | None = None,
    ) -> None:
        in_memory = {
            name
            for name in pipeline.datasets()
            if not name.startswith("params:") and name != "parameters" and isinstance(catalog.get(name), MemoryDataset)
        }
        # every dataset of the caller's (the hooks read some that no node does, such as the run profile)
        run_catalog = DataCatalog(
            {name: DaskDataset(name) if name in in_memory else catalog.get(name) for name in catalog.keys()}
        )
        plugins = list(hook_manager.get_plugins() or []) if hook_manager is not None else []  # Kedro: a null manager
        client, local = connect(cluster_settings(catalog))
        self._logger.info("Dask: %d workers at %s", len(client.scheduler_info()["workers"]), client.scheduler.address)
        try:
            for name in sorted(in_memory & pipeline.inputs()):  # data the caller holds in memory, published
                run_catalog.save(name, catalog.load(name))
            self._submit_and_wait(pipeline, run_catalog, client, run_id, plugins)
            for name in sorted(in_memory & pipeline.outputs()):  # the run's results, where the caller reads them
                catalog.save(name, run_catalog.load(name))
        finally:
            client.close()
            if local is not None:
                local.close()

    def _submit_and_wait(
        self, pipeline: Pipeline, catalog: CatalogProtocol, client: Client, run_id: str | None, plugins: list
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
                plugins,
                *upstream,
                key=f"{node.name}-{batch}",
                pure=False,
            )
        for done, finished in enumerate(as_completed(tasks.values()), start=1):
            node = finished.result()  # a failed node raises its own error here
            self._logger.info("Completed node: %s", node.name)
            self._logger.info("Completed %d out of %d tasks", done, len(tasks))
            release_datasets(node, catalog, load_counts, pipeline)
