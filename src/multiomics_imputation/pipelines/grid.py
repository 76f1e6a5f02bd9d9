"""The scenario grid and method list, read from the parameters files.

Pipelines are built per scenario (a Kedro namespace, e.g. ``random_20``) and per
method, so the grid is known when pipelines are registered: it is read from
``conf/base`` (with ``conf/local``, or the environment in ``KEDRO_ENV``).
"""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from kedro.config import OmegaConfigLoader
from kedro.framework.project import settings
from kedro.utils import find_kedro_project

from multiomics_imputation.masks import scenario_name

# Outputs are named `<scenario>.<method>.<what>` (dataset factories in the catalog), and nodes
# read them across namespaces on purpose (a scenario's imputation reads `<method>.fitted_imputer`).
warnings.filterwarnings("ignore", message="One or more dataset names contain '.' characters")


@dataclass(frozen=True)
class Scenario:
    name: str
    pattern: str
    rate: float


def scenarios(missingness: dict[str, Any]) -> list[Scenario]:
    """Every pattern x rate of the missingness parameters, named `<pattern>_<percent>`."""
    return [
        Scenario(scenario_name(pattern, rate), pattern, float(rate))
        for pattern in missingness["patterns"]
        for rate in missingness["rates"]
    ]


def all_methods(parameters: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every imputation method of the grid: the classical ones and the trained networks."""
    return {**parameters["imputation"]["methods"], **parameters["autoencoder"]["models"]}


def project_parameters(project: Path | None = None) -> dict[str, Any]:
    """The project's parameters as `kedro run` reads them (base, then local or KEDRO_ENV)."""
    project = project or find_kedro_project(Path.cwd()) or Path(__file__).resolve().parents[3]
    loader = OmegaConfigLoader(
        conf_source=str(Path(project) / settings.CONF_SOURCE),
        env=os.getenv("KEDRO_ENV"),
        **settings.CONFIG_LOADER_ARGS,
    )
    return loader["parameters"]


def stack_by_seed(frames: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """One frame per seed stacked into one, indexed by (seed, sample): how masks and imputations are stored."""
    return pd.concat(frames, names=["seed", "sample"])


def bind(func: Callable, **fixed: Any) -> Callable:
    """`func` with some keyword arguments fixed, keeping its name for Kedro and kedro-viz."""
    return functools.update_wrapper(functools.partial(func, **fixed), func)
