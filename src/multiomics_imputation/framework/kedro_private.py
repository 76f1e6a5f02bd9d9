"""Every private Kedro name the project relies on, in one place (tests/test_kedro_private.py pins each one, so
that a Kedro upgrade that changes one fails there, not in the middle of a run).

* :func:`create_hook_manager` (``kedro.framework.hooks.manager._create_hook_manager``): an empty hook manager
  with Kedro's hook specifications, for the DaskRunner's workers, which register the plugins of the run's own
  hook manager in it.
* :func:`release_datasets` (``kedro.runner.AbstractRunner._release_datasets``): releases the data a node no
  longer needs, as Kedro's own runners do.
* ``OmegaConfigLoader._merge_and_resolve(key, config_per_file)``: overridden by
  :class:`multiomics_imputation.framework.configuration.ConfigLoader` (named here as :data:`MERGE_AND_RESOLVE`).
"""

from __future__ import annotations

from kedro.framework.hooks.manager import _create_hook_manager
from kedro.runner import AbstractRunner

create_hook_manager = _create_hook_manager
release_datasets = AbstractRunner._release_datasets
MERGE_AND_RESOLVE = "_merge_and_resolve"
