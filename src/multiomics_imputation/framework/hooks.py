"""Project hooks: a run that needs an earlier run's outputs stops at once, every run records its profile, and
what a person must know about a run's results is said again at its end. (The hook that builds the pipelines
from the run's parameters is :class:`multiomics_imputation.run_parameters.RunDesignHooks`.)"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from kedro.framework.hooks import hook_impl
from kedro.framework.project import pipelines
from kedro.io import CatalogProtocol
from kedro.pipeline import Node

from multiomics_imputation.framework.datasets import CohortDataset, CohortLayersDataset, RunProfileDataset
from multiomics_imputation.framework.profiling import profile_row

logger = logging.getLogger(__name__)

#: Old pipeline names that still work for now (the registry registers them; a run under one says so): old -> name.
RENAMED_PIPELINES = {"seed_protocol": "paper_protocol"}


class MissingRunInputs(RuntimeError):
    """A pipeline needs outputs of an earlier run that are not there."""


class RunWarningsHooks:
    """What the user must know about a run's results, said again as its last lines (the data report's warnings,
    such as a cohort of one class, whose classification scores mean nothing); and, as its first, that a pipeline
    it names has a new name."""

    @hook_impl
    def before_pipeline_run(self, run_params: dict) -> None:
        for name in run_params.get("pipeline_names") or []:
            if name in RENAMED_PIPELINES:
                logger.warning(
                    "the pipeline %s is now called %s (--pipelines %s); the old name will stop working in a later "
                    "version",
                    name,
                    RENAMED_PIPELINES[name],
                    RENAMED_PIPELINES[name],
                )

    @hook_impl
    def after_pipeline_run(self, pipeline, catalog: CatalogProtocol) -> None:
        if "data_report" in pipeline.all_outputs():
            for warning in catalog.load("data_report").get("warnings", []):
                logger.warning("%s", warning)


class RunInputsHooks:
    @hook_impl
    def before_pipeline_run(self, pipeline, catalog: CatalogProtocol) -> None:
        """Stops a run at once, naming what to run first, when it needs outputs of an earlier run."""
        needed = [
            name
            for name in sorted(pipeline.inputs())
            if not name.startswith("params:")
            and name != "parameters"
            and not isinstance(catalog.get(name), (CohortDataset, CohortLayersDataset, RunProfileDataset))
        ]
        missing = [name for name in needed if not catalog.exists(name)]
        if missing:
            writers = sorted(
                {
                    p
                    for p, registered in pipelines.items()
                    if p != "__default__" and set(missing) & registered.all_outputs()
                }
            )
            raise MissingRunInputs(
                f"this run needs {missing[:5]}{' and more' if len(missing) > 5 else ''}, written by an earlier run "
                f"of the pipeline(s) {writers or ['(none registered)']}. Run the benchmark first: `kedro run` "
                "(on your cohort: `kedro run --params cohort_dir=<folder>,cohort_name=<name>`)."
            )


@dataclass
class _NodeTiming:
    started: float
    unsaved: int = 0  # outputs still to write
    catalog: CatalogProtocol | None = None


class RunProfileHooks:
    """Each node's wall time (reading its inputs, running, writing its outputs) and its process's peak
    memory, added to `run_profile` as the node ends, in whichever process runs it (the runners create
    these hooks in each worker); the profile replaces the last one when the run ends well, and is kept as
    `<session id>_<pipelines>` (RunProfileDataset's runs folder)."""

    def __init__(self) -> None:
        self._running: dict[str, _NodeTiming] = {}  # nodes of this process between their first read and last write
        self._profile = "run_profile"
        self._run = "run"

    @hook_impl
    def before_pipeline_run(self, run_params: dict, catalog: CatalogProtocol) -> None:
        # A pipeline that keeps its outputs apart (paper_protocol) keeps its profile apart too: `<pipeline>.run_profile`.
        names = [RENAMED_PIPELINES.get(name, name) for name in run_params.get("pipeline_names") or []]
        own = f"{names[0]}.run_profile" if len(names) == 1 else None
        self._run = f"{run_params.get('session_id') or 'run'}_{'+'.join(names) or '__default__'}"
        self._profile = own if own and isinstance(_dataset(catalog, own), RunProfileDataset) else "run_profile"
        if self._profile in catalog:
            catalog.get(self._profile).discard()

    @hook_impl
    def before_dataset_loaded(self, node: Node) -> None:
        self._running.setdefault(node.name, _NodeTiming(time.perf_counter()))

    @hook_impl
    def before_node_run(self, node: Node, catalog: CatalogProtocol) -> None:
        timing = self._running.setdefault(node.name, _NodeTiming(time.perf_counter()))
        timing.unsaved, timing.catalog = len(node.outputs), catalog

    @hook_impl
    def after_node_run(self, node: Node) -> None:
        if not node.outputs:
            self._record(node)

    @hook_impl
    def after_dataset_saved(self, node: Node) -> None:
        self._running[node.name].unsaved -= 1
        if self._running[node.name].unsaved == 0:
            self._record(node)

    def _record(self, node: Node) -> None:
        timing = self._running.pop(node.name)
        if self._profile in timing.catalog:
            row = profile_row(node.name, node.namespace, time.perf_counter() - timing.started)
            timing.catalog.get(self._profile).append(row)

    @hook_impl
    def on_node_error(self, node: Node) -> None:
        self._running.pop(node.name, None)

    @hook_impl
    def after_pipeline_run(self, catalog: CatalogProtocol) -> None:
        if self._profile in catalog:
            catalog.get(self._profile).commit(self._run)

    @hook_impl
    def on_pipeline_error(self, catalog: CatalogProtocol) -> None:
        if self._profile in catalog:
            catalog.get(self._profile).discard()


def _dataset(catalog: CatalogProtocol, name: str):
    """The catalog's dataset `name`, or None."""
    return catalog.get(name) if name in catalog else None
