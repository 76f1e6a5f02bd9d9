"""Every private Kedro name the project relies on, in one place (tests/test_kedro_private.py pins each one, so
that a Kedro upgrade that changes one fails there, not in the middle of a run).

* :func:`create_hook_manager` (``kedro.framework.hooks.manager._create_hook_manager``): an empty hook manager
  with Kedro's hook specifications, for the DaskRunner's workers, which register the plugins of the run's own
  hook manager in it.
* :func:`release_datasets` (``kedro.runner.AbstractRunner._release_datasets``): releases the data a node no
  longer needs, as Kedro's own runners do.
* ``OmegaConfigLoader._merge_and_resolve(key, config_per_file)``: overridden by
  :class:`multiomics_imputation.framework.configuration.ConfigLoader` (named here as :data:`MERGE_AND_RESOLVE`).
* :func:`load_path`, :func:`save_path`, :func:`filesystem` (kedro-datasets' file datasets' ``_get_load_path``,
  ``_get_save_path``, ``_protocol`` and ``_fs``): the file a dataset reads or writes, and its filesystem, for the
  project's datasets that extend kedro-datasets' ones (framework/datasets.py).
* :func:`describe` (``AbstractDataset._describe``): what a dataset wraps, as its ``repr`` shows it.

Methods that Kedro's base classes ask subclasses to write (a dataset's ``_describe``, a runner's
``_get_executor``) are its extension API, not private names, and are not listed.
"""

from __future__ import annotations

from typing import Any

import fsspec
from kedro.framework.hooks.manager import _create_hook_manager
from kedro.io import AbstractDataset
from kedro.io.core import get_filepath_str
from kedro.runner import AbstractRunner

create_hook_manager = _create_hook_manager
release_datasets = AbstractRunner._release_datasets
MERGE_AND_RESOLVE = "_merge_and_resolve"


def load_path(dataset: AbstractDataset) -> str:
    """The file a kedro-datasets file dataset loads (its latest version when versioned)."""
    return get_filepath_str(dataset._get_load_path(), dataset._protocol)


def save_path(dataset: AbstractDataset) -> str:
    """The file a kedro-datasets file dataset saves to (this run's version when versioned)."""
    return get_filepath_str(dataset._get_save_path(), dataset._protocol)


def filesystem(dataset: AbstractDataset) -> fsspec.AbstractFileSystem:
    """The fsspec filesystem a kedro-datasets file dataset reads and writes with."""
    return dataset._fs


def describe(dataset: AbstractDataset) -> dict[str, Any]:
    """A dataset's description (what its ``repr`` shows)."""
    return dataset._describe()
