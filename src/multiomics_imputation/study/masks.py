"""Missingness scenarios: which target CNV entries are hidden from the imputers.

A scenario is a pattern x rate (x replicate). Patterns:

* ``random``: entries missing completely at random (MCAR);
* ``sample``: whole CNV profiles of some samples (mRNA still present: the cross-modal case);
* ``feature``: some CNV genes missing for every target sample;
* ``mnar``: self-masking, missing not at random: the further a value lies from the
  reference mean, the likelier it is hidden, at the same overall rate;
* ``paper_sample`` and ``paper_feature``: the original paper's "sample-targeted" and
  "feature-targeted" masks, entry by entry: 30% of the samples (or the 500 genes of highest
  variance) hidden at rate min(0.95, p + 0.15), every other entry at p / 2. No whole profile or
  gene is hidden; at p = 0.1 `paper_sample` hides about 11% of the entries.

Source NaNs are never part of a mask: they hold no truth to score against.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

PATTERNS = ("random", "sample", "feature", "mnar", "paper_sample", "paper_feature")
#: The patterns that hide whole profiles (the cross-modal case); every other one hides parts of profiles.
WHOLE_PROFILE_PATTERNS = ("sample",)
#: Old pattern names that still work for now (study.design.scenarios says so once): old name -> name.
RENAMED_PATTERNS = {"seed_sample": "paper_sample", "seed_feature": "paper_feature"}
PAPER_TARGETED_SAMPLES = 0.3  # the paper's share of "targeted" samples
PAPER_TARGETED_GENES = 500  # the paper's number of "highest-variance" genes


def scenario_name(pattern: str, rate: float) -> str:
    """`random_05`, `sample_20`, ...: the pattern and the rate in percent."""
    return f"{pattern}_{round(rate * 100):02d}"


def scenario_rng(seed: int, scenario: str) -> np.random.Generator:
    """A generator that depends on the seed and the scenario, never on run order. A renamed pattern draws from
    the stream of its first name, so that it hides the same entries as before."""
    pattern, percent = scenario.rsplit("_", 1)
    first_name = {new: old for old, new in RENAMED_PATTERNS.items()}.get(pattern, pattern)
    return np.random.default_rng([seed, zlib.crc32(f"{first_name}_{percent}".encode())])


def make_mask(
    values: np.ndarray, pattern: str, rate: float, rng: np.random.Generator, mnar_strength: float = 1.0
) -> np.ndarray:
    """A boolean mask (True = hidden) over the observed entries of `values`."""
    if pattern not in PATTERNS:
        raise ValueError(f"unknown missingness pattern {pattern!r}; expected one of {PATTERNS}")
    if not 0 < rate < 1:
        raise ValueError(f"missingness rate {rate} must lie strictly between 0 and 1")
    observed = ~np.isnan(values)
    mask = np.zeros(values.shape, dtype=bool)
    n_samples, n_genes = values.shape
    if pattern == "sample":
        rows = rng.choice(n_samples, size=max(1, round(rate * n_samples)), replace=False)
        mask[rows] = True
    elif pattern == "feature":
        cols = rng.choice(n_genes, size=max(1, round(rate * n_genes)), replace=False)
        mask[:, cols] = True
    elif pattern in ("paper_sample", "paper_feature"):
        mask = rng.random(values.shape) < paper_targeted_chance(values, pattern, rate, rng)
    else:
        candidates = np.flatnonzero(observed)
        n_hidden = max(1, round(rate * candidates.size))
        if pattern == "random":
            chosen = rng.choice(candidates, size=n_hidden, replace=False)
        else:
            # Weighted sampling without replacement (Efraimidis-Spirakis keys).
            weight = np.exp(mnar_strength * np.abs(values.ravel()[candidates]))
            keys = np.log(rng.random(candidates.size)) / weight
            chosen = candidates[np.argpartition(keys, -n_hidden)[-n_hidden:]]
        mask.ravel()[chosen] = True
    return mask & observed


def paper_targeted_chance(
    values: np.ndarray,
    pattern: str,
    rate: float,
    rng: np.random.Generator | np.random.RandomState,
    count: Callable[[float], int] = round,
) -> np.ndarray:
    """Each entry's chance of being hidden in the paper's targeted patterns: min(0.95, p + 0.15) for the targeted
    samples (`count(0.3 n)` of them at random) or genes (the 500 of highest variance over the observed values),
    p / 2 elsewhere. (The paper's notebook counts with `int`, and draws from a legacy `RandomState`.)"""
    high, low = min(0.95, rate + 0.15), rate / 2
    n_samples, n_genes = values.shape
    if pattern == "paper_sample":
        targeted = np.zeros((n_samples, 1), dtype=bool)
        targeted[rng.choice(n_samples, size=count(PAPER_TARGETED_SAMPLES * n_samples), replace=False)] = True
    else:
        variance = np.nan_to_num(np.nanvar(values, axis=0), nan=-1.0)
        targeted = np.zeros((1, n_genes), dtype=bool)
        targeted[0, np.argsort(-variance, kind="stable")[:PAPER_TARGETED_GENES]] = True
    return np.where(targeted, high, low)


def mixed_mask(
    n_samples: int,
    n_genes: int,
    rng: np.random.Generator,
    whole_profile_fraction: float = 1 / 3,
    max_entry_rate: float = 0.3,
    gene_rate: float = 0.1,
) -> np.ndarray:
    """A mask mixing the patterns, for choosing settings on held-out reference samples:
    whole profiles (a share of the samples), entries at a per-sample rate up to
    `max_entry_rate`, and some whole genes."""
    hidden = rng.random((n_samples, n_genes)) < rng.random((n_samples, 1)) * max_entry_rate
    hidden |= rng.random((1, n_genes)) < gene_rate
    hidden |= rng.random((n_samples, 1)) < whole_profile_fraction
    return hidden


def held_out_part(
    n_samples: int, n_genes: int, fraction: float, max_samples: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Reference rows to fit on, held-out rows to choose settings on, and the held-out rows' mixed mask."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_samples)
    n_held_out = min(max_samples, max(2, round(fraction * n_samples)))
    return order[n_held_out:], order[:n_held_out], mixed_mask(n_held_out, n_genes, rng)
