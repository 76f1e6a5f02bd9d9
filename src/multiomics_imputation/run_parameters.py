"""The parameters a run's pipelines are built from, and the project's configuration outside a run.

The scenarios and methods decide which nodes exist, so the pipelines are built from the parameters of the
run itself: :class:`RunDesignHooks` reads them once Kedro has read `--env` and `--params`, and registers the
pipelines from them at once. They are held for that registration only (:func:`run_parameters`): after it, and
in any later caller in the same process (a notebook, the tests, the benchmarks), :func:`project_parameters`
reads the project's configuration again.

This module imports neither the pipelines nor torch, so that `settings.py` (which every `kedro` command
imports) stays light: the registry is named by its module path.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from kedro.framework.context import KedroContext
from kedro.framework.hooks import hook_impl
from kedro.framework.project import pipelines, settings
from kedro.utils import find_kedro_project

from multiomics_imputation.cohort.reading import check_plain_name
from multiomics_imputation.framework.configuration import ConfigLoader
from multiomics_imputation.framework.hooks import RENAMED_PIPELINES

logger = logging.getLogger(__name__)

NAME_PARAMETERS = ("cohort_name", "new_cohort_name")  # parameters that become parts of file paths
REGISTRY = f"{__package__}.pipeline_registry"

_current: ContextVar[dict[str, Any] | None] = ContextVar("run_parameters", default=None)


@contextlib.contextmanager
def run_parameters(parameters: dict[str, Any]) -> Iterator[None]:
    """Within the block, :func:`project_parameters` returns `parameters`; after it, what it returned before."""
    token = _current.set(parameters)
    try:
        yield
    finally:
        _current.reset(token)


def project_config(env: str | None = None, project: Path | None = None) -> ConfigLoader:
    """The project's configuration outside a run: base + `env` (default: local)."""
    project = project or find_kedro_project(Path.cwd()) or Path(__file__).resolve().parents[2]
    return ConfigLoader(conf_source=str(Path(project) / settings.CONF_SOURCE), env=env, **settings.CONFIG_LOADER_ARGS)


def project_parameters(project: Path | None = None, env: str | None = None) -> dict[str, Any]:
    """The parameters of the run whose pipelines are being registered; otherwise those of `project`'s
    configuration (base + `env`, default local)."""
    current = _current.get()
    if project is None and env is None and current is not None:
        return current
    return project_config(env, project)["parameters"]


class RunDesignHooks:
    @hook_impl
    def after_context_created(self, context: KedroContext) -> None:
        """Registers the pipelines from this run's parameters (its --env and --params), after checking the
        names that become parts of output paths."""
        # Outputs are named `<scenario>.<method>.<what>` and read across namespaces on purpose.
        warnings.filterwarnings("ignore", message="One or more dataset names contain '.' characters")
        parameters = context.config_loader["parameters"]  # unvalidated: validation would build the pipelines
        for name in NAME_PARAMETERS:
            if name in parameters:
                check_plain_name(parameters[name], f"parameter {name}")
        for old, new in RENAMED_PIPELINES.items():
            if old in parameters:  # e.g. a conf/local written before the rename
                logger.warning(
                    "the parameters %s are now called %s: rename the key (its values are not read)", old, new
                )
        with run_parameters(parameters):
            pipelines.configure(REGISTRY)
            pipelines.keys()  # registered now, while the run's parameters are held
