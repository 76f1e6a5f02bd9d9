"""The imputer interface shared by every method."""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from multiomics_imputation.study.design import DRAW, DesignError, checked, derive_seed, standard_normals


class NotFittedError(ValueError, AttributeError):
    """An imputer was asked to impute before it was fitted (as scikit-learn's ``NotFittedError``)."""


class Imputer:
    """Fit on a complete reference cohort, then fill the missing CNV of a target cohort.

    Follows scikit-learn's conventions: ``__init__`` takes keyword arguments only and stores them
    unchanged; :meth:`check_params` validates them, when :meth:`fit` starts (and, for a run, when the
    methods are read, before anything runs); what fitting learns ends with ``_``. Subclasses
    implement ``_fit`` and ``_predict`` (a prediction for every entry); :meth:`impute` keeps every
    observed target entry unchanged. All matrices are samples x genes in the reference's
    standardised units.

    Attributes
    ----------
    genes_ : pandas.Index
        The CNV genes of the reference it was fitted on (the columns it imputes).
    mrna_genes_ : pandas.Index
        The mRNA genes of that reference (the columns it reads).
    """

    #: True for methods that read cancer-type labels (kept out of downstream classification).
    uses_labels: bool = False
    #: True for methods that give a per-value uncertainty (:meth:`impute_with_uncertainty`) and can draw
    #: completed matrices from their predictive distribution (:meth:`impute_draws`).
    has_uncertainty: bool = False
    #: True for methods whose draws are joint over a sample's hidden entries (their conditional covariance); the
    #: draws of other methods with an uncertainty are independent per value.
    joint_draws: bool = False
    #: True for networks, trained by the `training` pipeline rather than fitted with the classical methods.
    trained: bool = False
    #: True for methods that record a training history (:attr:`training_history`).
    has_history: bool = False

    def fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None = None) -> Imputer:
        """Learns from the reference cohort's mRNA and complete CNV."""
        self.check_params()
        if cnv.isna().any().any():
            raise ValueError(f"{type(self).__name__}.fit needs a complete reference CNV matrix")
        self.genes_ = cnv.columns
        self.mrna_genes_ = mrna.columns
        self._fit(mrna, cnv, labels)
        return self

    def impute(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None = None) -> pd.DataFrame:
        """The target CNV with every NaN filled and every observed entry unchanged."""
        return self.impute_with_uncertainty(mrna, cnv, labels)[0]

    def impute_with_uncertainty(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """The imputed CNV and, for methods that have one, a per-value uncertainty (an SD; 0 where observed)."""
        self._check_columns(mrna, cnv)
        predicted = self._predict(mrna[self.mrna_genes_], cnv[self.genes_], labels)
        uncertainty = None
        if isinstance(predicted, tuple):
            predicted, uncertainty = predicted
        observed = cnv[self.genes_].notna().to_numpy()
        values = np.where(observed, cnv[self.genes_].to_numpy(), predicted)
        imputed = pd.DataFrame(values, index=cnv.index, columns=self.genes_)
        if uncertainty is not None:
            uncertainty = pd.DataFrame(np.where(observed, 0.0, uncertainty), index=cnv.index, columns=self.genes_)
        return imputed, uncertainty

    def impute_draws(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, draws: int, seed: int, labels: pd.Series | None = None
    ) -> pd.DataFrame:
        """`draws` completed target CNV matrices drawn from the method's predictive distribution, stacked with a
        ``draw`` index level (draw, sample): every observed entry unchanged in each; the hidden entries of a sample
        drawn jointly where the method knows their covariance (:attr:`joint_draws`), else each from its own
        uncertainty. Draw d depends on `seed` and d only, so it repeats exactly however many are drawn."""
        if not self.has_uncertainty:
            raise ValueError(f"{type(self).__name__} gives no predictive distribution to draw from")
        checked("draws", draws, 1, whole=True)
        self._check_columns(mrna, cnv)
        target = cnv[self.genes_]
        normals = standard_normals(seed, draws, target.shape)
        mean, _, noise = self._predict_draws(mrna[self.mrna_genes_], target, labels, normals)
        observed = target.notna().to_numpy()
        values = np.where(observed, target.to_numpy(), mean + noise)
        return pd.concat(
            {d: pd.DataFrame(values[d], index=cnv.index, columns=self.genes_) for d in range(draws)},
            names=[DRAW, cnv.index.name or "sample"],
        )

    def check_params(self) -> None:
        """Raises a ValueError (a DesignError for a number out of range) naming the first setting that cannot be
        honoured. Nothing to check by default."""

    def memory_needed(self, n_samples: int, n_mrna: int, n_cnv: int) -> tuple[float, str]:
        """Roughly the most memory (bytes) fitting and imputing take at this shape, and the settings that
        drive it (for the message when it does not fit). By default: a few float64 copies of the data."""
        return 8.0 * n_samples * (n_mrna + n_cnv) * 8, "the cohort's size"

    def _check_columns(self, mrna: pd.DataFrame, cnv: pd.DataFrame) -> None:
        if not hasattr(self, "genes_"):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet: call fit(mrna, cnv) with a reference cohort first"
            )
        for what, frame, genes in (("mRNA", mrna, self.mrna_genes_), ("CNV", cnv, self.genes_)):
            missing = genes.difference(frame.columns)
            if len(missing):
                raise ValueError(
                    f"target {what} lacks {len(missing)} gene(s) the model was fitted on: {list(missing[:5])}"
                )
        if not mrna.index.equals(cnv.index):
            raise ValueError("target mRNA and CNV must list the same samples in the same order")

    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        raise NotImplementedError

    def _predict(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None
    ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def _predict_draws(
        self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None, normals: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The prediction, its SD and each draw's noise for standard `normals` (draws x samples x genes): by
        default independent per value, `normals` x SD. Methods with :attr:`joint_draws` draw it jointly."""
        mean, sd = self._predict(mrna, cnv, labels)
        return mean, sd, normals * sd


def check_held_out(validation_fraction: float, max_validation_samples: int) -> None:
    """Checks the settings of the held-out part of the reference a method chooses its settings on
    (`study.masks.held_out_part`)."""
    checked("validation_fraction", validation_fraction, 0, 1, open_low=True)
    checked("max_validation_samples", max_validation_samples, 1, whole=True)


METHOD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class MethodConfig:
    """One entry of the `methods` parameters: a name, an :class:`Imputer` class, its arguments and traits."""

    name: str
    cls: type[Imputer]
    arguments: dict[str, Any] = field(default_factory=dict)
    source_layers: tuple[str, ...] | None = None  # the source layers it sees (`sources:`); None: every one

    @property
    def uses_labels(self) -> bool:
        return self.cls.uses_labels

    @property
    def has_uncertainty(self) -> bool:
        return self.cls.has_uncertainty

    @property
    def joint_draws(self) -> bool:
        return self.cls.joint_draws

    @property
    def trained(self) -> bool:
        return self.cls.trained

    @property
    def has_history(self) -> bool:
        return self.cls.has_history

    def make(self, replicate: int = 0) -> Imputer:
        """An unfitted imputer; a seeded method gets its seed for this replicate (its own in replicate 0)."""
        arguments = dict(self.arguments)
        default = _seed_default(self.cls)
        if default is not None:
            arguments["seed"] = derive_seed(arguments.get("seed", default), replicate)
        return self.cls(**arguments)


def check_memory(methods: dict[str, MethodConfig], n_samples: int, n_mrna: int, n_cnv: int, available: float) -> None:
    """Stops a run at once when a method's settings need more memory than `available` (bytes) at this shape."""
    for name, method in methods.items():
        needed, settings = method.make().memory_needed(n_samples, n_mrna, n_cnv)
        if needed > available:
            raise DesignError(
                f"methods.{name}: at this cohort's shape ({n_samples:,} samples, {n_mrna:,} mRNA / {n_cnv:,} CNV "
                f"genes) it needs about {needed / 1e9:.1f} GB, set by {settings}; this machine has "
                f"{available / 1e9:.1f} GB available. Lower those settings, drop the method, or use a larger machine."
            )


def _seed_default(cls: type) -> int | None:
    """The default of the `seed` argument of `cls` (or of the class it passes its keywords to); None: not seeded."""
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        parameters = inspect.signature(vars(klass)["__init__"]).parameters
        if "seed" in parameters:
            default = parameters["seed"].default
            return 0 if default is inspect.Parameter.empty else default
        if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
            return None
    return None


def read_methods(methods: dict[str, dict[str, Any]]) -> dict[str, MethodConfig]:
    """The enabled methods of the `methods` parameters (name -> {class: <import path>, <keyword arguments>}),
    each read into a :class:`MethodConfig` and its arguments checked.

    A method marked ``enabled: false`` is opt-in: left out unless a run sets it true
    (``--params methods.<name>.enabled=true``). Every problem names the method and where it is configured.
    """
    where = "in the `methods` parameters (conf/base/parameters_methods.yml, or your --env / --params)"
    if not isinstance(methods, dict) or not methods:
        raise DesignError(f"no imputation method {where}; expected name -> {{class: <import path>, ...}}")
    described = {}
    for name, config in methods.items():
        if not isinstance(name, str) or not METHOD_NAME.match(name):
            raise DesignError(f"method name {name!r} {where}: expected letters, digits and _ (it names files)")
        if not isinstance(config, dict) or "class" not in config:
            raise DesignError(
                f"method {name!r} {where}: expected {{class: <import path>, <keyword arguments>}}, got {config!r}"
            )
        arguments = dict(config)
        class_path = arguments.pop("class")
        enabled = arguments.pop("enabled", True)
        if not isinstance(enabled, bool):
            raise DesignError(f"method {name!r} {where}: enabled must be true or false, got {enabled!r}")
        sources = arguments.pop("sources", None)
        if sources is not None and (
            not isinstance(sources, (list, tuple)) or not sources or not all(isinstance(s, str) for s in sources)
        ):
            raise DesignError(f"method {name!r} {where}: sources must be a list of source layers, got {sources!r}")
        try:
            method = MethodConfig(
                name, load_imputer_class(class_path), arguments, tuple(sources) if sources is not None else None
            )
            method.make().check_params()  # checked now (an opt-in method's too), not hours into a run
        except (ImportError, AttributeError, ValueError, TypeError) as error:
            raise DesignError(f"method {name!r} {where}: {error}") from None
        if enabled:
            described[name] = method
    if not described:
        raise DesignError(f"every method {where} is disabled (enabled: false); enable at least one")
    return described


def load_imputer_class(class_path: str) -> type[Imputer]:
    """The imputer class at `package.module.ClassName`."""
    module_name, _, class_name = str(class_path).rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ImportError(f"class {class_path!r}: cannot import module {module_name!r} ({error})") from None
    cls = getattr(module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, Imputer)):
        raise DesignError(f"{class_path!r} is not an Imputer class")
    return cls
