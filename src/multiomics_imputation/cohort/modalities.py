"""Omics layers (modalities): a layer is a file `<cohort_name>_<omics>.csv`, named by its suffix, and what sets one
layer apart from another is a trait set in the parameters (`modalities`), never a branch on its name. No Kedro here.

A run's question is its target layer (`target_omics`, default CNV) from its source layers (`source_omics`,
default [mRNA]). In the code and the dataset names, `mrna` is the source side and `cnv` the target side (their
default layers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from multiomics_imputation.cohort.reading import check_plain_name
from multiomics_imputation.study.design import DesignError

TRAITS = ("words", "calls", "bounds", "expression")


class ModalityError(DesignError):
    """The parameters name layers or traits the code cannot use."""


@dataclass(frozen=True)
class Modality:
    """One layer and its traits.

    Parameters
    ----------
    name : str
        The file suffix (`CNV`, `mRNA`, `Methy`, `miRNA`, `protein`, ...).
    words : str
        How reports and figures name the layer ("copy number").
    calls : bool
        Integer-valued calls (GISTIC -2..2) are scored for the agreement of their gain/loss calls.
    bounds : (float, float) or None
        The values' range (methylation beta-values: [0, 1]); imputations are clipped into it.
    expression : bool
        Log-scale expression: a file that looks like raw counts against the reference is refused.
    """

    name: str
    words: str = ""
    calls: bool = False
    bounds: tuple[float, float] | None = None
    expression: bool = False

    @property
    def title(self) -> str:
        """`copy number (CNV)`; the name alone for a layer without words."""
        return f"{self.words} ({self.name})" if self.words and self.words != self.name else self.name


#: The default question's layers (as conf/base/parameters.yml describes them): CNV from mRNA.
DEFAULT_TARGET = Modality("CNV", "copy number", calls=True)
DEFAULT_SOURCES = (Modality("mRNA", "mRNA expression", expression=True),)


def modality(name: str, traits: dict[str, dict[str, Any]]) -> Modality:
    """Layer `name` with its traits from the `modalities` parameters (the suffix matched in any letter case; a
    layer they do not list has no trait)."""
    check_plain_name(name, "an omics layer's name")
    found = {key.lower(): value for key, value in (traits or {}).items()}.get(name.lower()) or {}
    unknown = sorted(set(found) - set(TRAITS))
    if unknown:
        raise ModalityError(f"modalities.{name}: unknown trait(s) {unknown}; expected some of {list(TRAITS)}")
    bounds = found.get("bounds")
    if bounds is not None:
        if (
            not isinstance(bounds, (list, tuple))
            or len(bounds) != 2
            or not all(isinstance(b, (int, float)) and math.isfinite(b) for b in bounds)
            or not bounds[0] < bounds[1]
        ):
            raise ModalityError(f"modalities.{name}.bounds must be [low, high] with low < high, not {bounds!r}")
        bounds = (float(bounds[0]), float(bounds[1]))
    for flag in ("calls", "expression"):
        if not isinstance(found.get(flag, False), bool):
            raise ModalityError(f"modalities.{name}.{flag} must be true or false, not {found[flag]!r}")
    return Modality(
        name, str(found.get("words", name)), found.get("calls", False), bounds, found.get("expression", False)
    )


def question(parameters: dict[str, Any]) -> tuple[Modality, tuple[Modality, ...]]:
    """The run's target layer and its source layers, checked: at least one source, none twice, the target not
    among them."""
    target_name, source_names = parameters.get("target_omics", "CNV"), parameters.get("source_omics", ["mRNA"])
    if isinstance(source_names, str):
        source_names = [source_names]
    if not isinstance(target_name, str) or not target_name:
        raise ModalityError(f"target_omics must name one layer (a file suffix such as CNV), not {target_name!r}")
    if not isinstance(source_names, (list, tuple)) or not source_names:
        raise ModalityError(
            f"source_omics must be a non-empty list of layers, not {source_names!r}; e.g. "
            "--params 'source_omics=[mRNA,miRNA]'"
        )
    lowered = [str(s).lower() for s in source_names]
    if len(set(lowered)) < len(lowered):
        raise ModalityError(f"source_omics {list(source_names)} names a layer twice")
    if target_name.lower() in lowered:
        raise ModalityError(
            f"target_omics {target_name!r} is also in source_omics {list(source_names)}: a layer cannot be imputed "
            "from itself"
        )
    traits = parameters.get("modalities") or {}
    return modality(target_name, traits), tuple(modality(str(s), traits) for s in source_names)


def clip_to_bounds(scaled: pd.DataFrame, scaler: pd.DataFrame, bounds: tuple[float, float] | None) -> pd.DataFrame:
    """Standardised values (`scaler`'s genes) clipped into the layer's bounds, given in original units."""
    if bounds is None:
        return scaled
    std = scaler["std"].reindex(scaled.columns)
    mean = scaler["mean"].reindex(scaled.columns)
    low, high = ((bound - mean) / std for bound in bounds)
    return scaled.clip(lower=low, upper=high, axis=1)


def checked_sources(chosen: tuple[str, ...], layers: tuple[Modality, ...], method: str) -> tuple[str, ...]:
    """The layers a method's `sources` names, spelt as the run's source layers are, or a ModalityError."""
    names = {layer.name.lower(): layer.name for layer in layers}
    unknown = [name for name in chosen if name.lower() not in names]
    if unknown:
        raise ModalityError(
            f"methods.{method}.sources: {unknown} not among this run's source layers {list(names.values())}"
        )
    return tuple(names[name.lower()] for name in chosen)


def source_columns(
    columns: pd.Index, layers: tuple[Modality, ...], chosen: tuple[str, ...] | None, method: str
) -> pd.Index:
    """The features of the source matrix (`columns`, layers side by side) from the `chosen` layers (None: all)."""
    if chosen is None:
        return columns
    prefixes = tuple(f"{name}:" for name in checked_sources(chosen, layers, method))
    if len(layers) == 1:
        return columns
    return columns[columns.str.startswith(prefixes)]


def within_bounds(values: np.ndarray, bounds: tuple[float, float] | None) -> bool:
    """Whether every observed value lies within `bounds` (True without bounds)."""
    if bounds is None:
        return True
    observed = values[~np.isnan(values)]
    return bool(((observed >= bounds[0]) & (observed <= bounds[1])).all())
