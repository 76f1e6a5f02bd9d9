"""Project hooks: the pipelines follow the run's parameters, and every run records its profile."""

from __future__ import annotations

import warnings

from kedro.framework.context import KedroContext
from kedro.framework.hooks import hook_impl
from kedro.framework.project import pipelines
from kedro.io import CatalogProtocol
from kedro.pipeline import Node

from multiomics_imputation import pipeline_registry, profiling


class StudyDesignHooks:
    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        """Registers the pipelines again from this run's parameters (its --env and --params)."""
        # Outputs are named `<scenario>.<method>.<what>` and read across namespaces on purpose.
        warnings.filterwarnings("ignore", message="One or more dataset names contain '.' characters")
        pipeline_registry.use_run_parameters(context.config_loader["parameters"])  # unvalidated: validation builds pipelines
        pipelines.configure(pipeline_registry.__name__)


class RunProfileHooks:
    """Each node's wall time and the process's peak memory, saved as `run_profile` after the run."""

    @hook_impl
    def before_pipeline_run(self) -> None:
        profiling.current = profiling.RunProfile()

    @hook_impl
    def before_node_run(self, node: Node) -> None:
        profiling.current.start(node.name)

    @hook_impl
    def after_node_run(self, node: Node) -> None:
        profiling.current.end(node.name, node.namespace)

    @hook_impl
    def after_pipeline_run(self, catalog: CatalogProtocol) -> None:
        if "run_profile" in catalog:
            catalog.save("run_profile", profiling.current.table())
        profiling.current = profiling.RunProfile()
