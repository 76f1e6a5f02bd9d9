"""The study design: scenarios, replicates and per-replicate tables. No Kedro here.

* A **scenario** is a missingness pattern x rate, named ``<pattern>_<percent>`` (``random_20``).
* A **replicate** redraws everything random at once: the reference/target split, the masks,
  and the seeds of every fitted model and forest. Replicate ``r`` is numbered 0..n-1, and
  every per-replicate table is indexed by (``replicate``, ``sample``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from multiomics_imputation.study.masks import PATTERNS, RENAMED_PATTERNS, scenario_name

logger = logging.getLogger(__name__)

REPLICATE = "replicate"  # the index level and column that number the replicates
DRAW = "draw"  # the index level and column that number the draws of a multiple imputation


class DesignError(ValueError):
    """The parameters ask for a study the code cannot run."""


def checked(
    name: str,
    value: Any,
    low: float,
    high: float = math.inf,
    whole: bool = False,
    open_low: bool = False,
    open_high: bool = True,
) -> Any:
    """`value` when it is a number (a whole one if `whole`) between `low` and `high`, else a DesignError
    naming the argument and what it expects; so that a method's bad setting stops a run before it starts."""
    kinds = (int, np.integer) if whole else (int, float, np.integer, np.floating)
    number = isinstance(value, kinds) and not isinstance(value, bool)
    if not (number and (low < value if open_low else low <= value) and (value < high if open_high else value <= high)):
        if high == math.inf:
            bounds = f"{'>' if open_low else '>='} {low:g}"
        else:
            bounds = f"in {'(' if open_low else '['}{low:g}, {high:g}{')' if open_high else ']'}"
        raise DesignError(f"{name} must be {'a whole number' if whole else 'a number'} {bounds}, not {value!r}")
    return value


def checked_list(name: str, values: Any, low: float, high: float = math.inf, **bounds: bool) -> list:
    """A non-empty list of :func:`checked` values."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__") or not len(values):
        raise DesignError(f"{name} must be a non-empty list, not {values!r}")
    return [checked(f"{name}[{i}]", value, low, high, **bounds) for i, value in enumerate(values)]


@dataclass(frozen=True)
class Scenario:
    pattern: str
    rate: float

    @property
    def name(self) -> str:
        return scenario_name(self.pattern, self.rate)


def scenarios(missingness: dict[str, Any]) -> list[Scenario]:
    """Every pattern x rate of the `missingness` parameters."""
    patterns, rates = missingness.get("patterns"), missingness.get("rates")
    if not patterns or not rates or isinstance(patterns, str) or isinstance(rates, (str, int, float)):
        raise DesignError(
            f"missingness.patterns and missingness.rates must be non-empty lists (got {patterns!r} and {rates!r}); "
            "e.g. --params 'missingness.patterns=[random,sample],missingness.rates=[0.1,0.2]'"
        )
    patterns = [RENAMED_PATTERNS.get(p, p) for p in patterns]  # old names said once (check_processing_and_...)
    unknown = [p for p in patterns if p not in PATTERNS]
    bad_rates = [r for r in rates if not isinstance(r, (int, float)) or not 0 < float(r) < 1]
    if unknown:
        raise DesignError(f"missingness.patterns: unknown pattern(s) {unknown}; expected some of {list(PATTERNS)}")
    if bad_rates:
        raise DesignError(f"missingness.rates: {bad_rates} not a number strictly between 0 and 1")
    grid = [Scenario(str(p), float(r)) for p in patterns for r in rates]
    names = [s.name for s in grid]
    if len(set(names)) < len(names):
        raise DesignError(
            f"missingness.rates {rates} give the same scenario name twice ({names}); use distinct percents"
        )
    return grid


def replicates(parameters: dict[str, Any]) -> list[int]:
    """Replicate numbers 0..n-1 from the `replicates` parameter."""
    n = parameters.get("replicates")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise DesignError(f"replicates must be a whole number >= 1 (got {n!r}); e.g. --params replicates=5")
    return list(range(n))


def check_processing_and_missingness_settings(parameters: dict[str, Any]) -> None:
    """Stops a run at once when its data_processing or missingness settings cannot be honoured."""
    processing = parameters.get("data_processing") or {}
    checked("data_processing.target_fraction", processing.get("target_fraction"), 0, 1, open_low=True)
    checked("data_processing.max_missing_fraction", processing.get("max_missing_fraction"), 0, 1)
    checked("data_processing.split_seed", processing.get("split_seed"), 0, whole=True)
    missingness = parameters.get("missingness") or {}
    for old in sorted(set(missingness.get("patterns") or []) & set(RENAMED_PATTERNS)):
        logger.warning(
            "missingness.patterns: %s is now called %s (the original paper's pattern); the old name will stop "
            "working in a later version",
            old,
            RENAMED_PATTERNS[old],
        )
    if "mnar" in (missingness.get("patterns") or []):
        checked("missingness.mnar_strength", missingness.get("mnar_strength"), 0)


def multiple_imputation_draws(parameters: dict[str, Any]) -> int:
    """The number of draws `multiple_imputation` asks of the benchmark (0: off); stops a run at once when its settings
    cannot be honoured."""
    settings = parameters.get("multiple_imputation") or {}
    draws = checked("multiple_imputation.draws", settings.get("draws", 0), 0, whole=True)
    if draws == 1:
        raise DesignError(
            "multiple_imputation.draws must be 0 (off) or at least 2: one draw has no spread to score or pool"
        )
    if draws:
        checked("multiple_imputation.seed", settings.get("seed"), 0, whole=True)
        checked("multiple_imputation.bootstrap_resamples", settings.get("bootstrap_resamples"), 20, whole=True)
    return draws


def derive_seed(base: int, replicate: int) -> int:
    """The seed a setting `base` gets in a replicate: independent across replicates, 0 -> `base`."""
    if replicate == 0:
        return int(base)
    return int(np.random.SeedSequence([int(base), int(replicate)]).generate_state(1)[0])


def standard_normals(seed: int, draws: int, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normals for `draws` draws (draws x shape); draw d's come from (`seed`, d) alone, so they are the same
    however many draws are asked for."""
    return np.stack([np.random.default_rng([int(seed), d]).standard_normal(shape) for d in range(draws)])


def stack(frames: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """One frame per replicate stacked into one, indexed by (replicate, original index)."""
    first = next(iter(frames.values()))
    inner = first.index.names if first.index.nlevels > 1 else [first.index.name or "sample"]
    return pd.concat(frames, names=[REPLICATE, *inner])


def per_replicate(frame: pd.DataFrame) -> Iterator[tuple[int, pd.DataFrame]]:
    """The replicate number and its rows (replicate level dropped) of a stacked frame, in order."""
    for replicate, block in frame.groupby(level=REPLICATE, sort=False):
        yield int(replicate), block.droplevel(REPLICATE)
