"""Helpers the pipelines share for wiring nodes (no data handling here)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from kedro.pipeline import node

from multiomics_imputation.imputers import MethodConfig
from multiomics_imputation.imputers.fitting import fit_per_replicate


def bind(func: Callable, **fixed: Any) -> Callable:
    """`func` with some keyword arguments fixed, keeping its name for Kedro and kedro-viz."""
    return functools.update_wrapper(functools.partial(func, **fixed), func)


def fit_nodes(methods: list[MethodConfig], tags: str) -> list:
    """One node per method: fitted on each replicate's reference, written as `fitted_<method>`."""
    return [
        node(
            bind(fit_per_replicate, method=method),
            "study_data",
            f"fitted_{method.name}",
            name="fit_per_replicate",
            namespace=method.name,
            tags=tags,
        )
        for method in methods
    ]
