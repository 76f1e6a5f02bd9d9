"""Fill in the missing target layer (CNV by default) of a user's cohort with a trained imputer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from multiomics_imputation.cohort.reading import Cohort, CohortError
from multiomics_imputation.imputers.fitting import FittedModel
from multiomics_imputation.scoring.draws import half_width_90
from multiomics_imputation.study.design import DRAW, REPLICATE, DesignError, checked
from multiomics_imputation.study.masks import PATTERNS, RENAMED_PATTERNS, WHOLE_PROFILE_PATTERNS
from multiomics_imputation.study.scaling import scale, unscale

logger = logging.getLogger(__name__)


#: Which benchmark scenarios speak for which samples of a new cohort: whole missing CNV profiles, or partial ones.
KINDS = {
    "whole_profiles": WHOLE_PROFILE_PATTERNS,
    "partial_profiles": tuple(p for p in PATTERNS if p not in WHOLE_PROFILE_PATTERNS),
}


def check_impute_cohort_settings(impute: dict[str, Any], methods: list[str]) -> None:
    """Stops a run at once when the `impute_cohort` settings cannot be honoured (`methods`: the run's methods)."""
    if impute.get("missing_mrna_genes") not in ("error", "reference_mean"):
        raise DesignError(
            f"impute_cohort.missing_mrna_genes must be error or reference_mean, not {impute.get('missing_mrna_genes')!r}"
        )
    if impute.get("method") != "best" and impute.get("method") not in methods:
        raise DesignError(
            f"impute_cohort.method must be best or one of the run's methods {methods}, not {impute.get('method')!r}"
        )
    if impute.get("method") == "best" and impute.get("default_method") not in methods:
        raise DesignError(
            f"impute_cohort.default_method must be one of the run's methods {methods}, not "
            f"{impute.get('default_method')!r}"
        )
    checked("impute_cohort.draws", impute.get("draws", 0), 0, whole=True)
    checked("impute_cohort.seed", impute.get("seed", 0), 0, whole=True)
    if impute.get("unusual_mrna") not in ("error", "accept"):
        raise DesignError(f"impute_cohort.unusual_mrna must be error or accept, not {impute.get('unusual_mrna')!r}")


@dataclass(frozen=True)
class Choice:
    """The model that fills one kind of sample, and why it was chosen."""

    model: FittedModel
    why: str


def choose_models(metrics: pd.DataFrame, params: dict[str, Any], **fitted: dict[int, FittedModel]) -> dict[str, Choice]:
    """Per kind of sample (whole CNV profile missing, or part of it): the method named in the parameters, or
    (`best`) the default method unless another label-free one beat it in the last benchmark's scenarios of that
    kind by a margin its replicates support; each with its model of the first replicate and its scalers. With
    `draws`, each must have a predictive distribution (checked here, before anything is written)."""
    choices = _chosen(metrics, params, fitted)
    for kind, choice in choices.items():
        if params.get("draws") and not choice.model.imputer.has_uncertainty:
            raise DesignError(
                f"impute_cohort.draws: the method chosen for {kind.replace('_', ' ')}, {choice.model.method}, "
                "gives no predictive distribution to draw from; name one that does, e.g. "
                "--params impute_cohort.method=gaussian"
            )
    return choices


def _chosen(metrics: pd.DataFrame, params: dict[str, Any], fitted: dict[str, dict[int, FittedModel]]):
    """The choice per kind of sample (:func:`choose_models`)."""
    if params["method"] != "best":
        return {kind: Choice(_first(fitted, params["method"]), "named by impute_cohort.method") for kind in KINDS}
    label_free = [m for m, models in fitted.items() if not next(iter(models.values())).imputer.uses_labels]
    metrics = metrics.rename(columns={"seed": REPLICATE}) if REPLICATE not in metrics else metrics  # before 2026-11-30
    metrics = metrics.assign(pattern=metrics["pattern"].replace(RENAMED_PATTERNS))  # before 2026-12-06
    r2 = metrics[(metrics["metric"] == "r2") & metrics["method"].isin(label_free)]
    if r2.empty:
        raise ValueError(
            "impute_cohort: the last benchmark's metrics score none of the fitted methods "
            f"{label_free}; rerun the benchmark (kedro run)."
        )
    choices = {}
    for kind, patterns in KINDS.items():
        method, why = _best_for(r2[r2["pattern"].isin(patterns)], params["default_method"], label_free)
        choices[kind] = Choice(_first(fitted, method), why)
        logger.info("impute_cohort: samples with %s missing are filled by %s: %s", kind.replace("_", " "), method, why)
    return choices


def _best_for(r2: pd.DataFrame, default: str, candidates: list[str]) -> tuple[str, str]:
    """The default method, unless another beats its R² (mean over scenarios, per replicate) with a one-sided 95%
    t-interval over replicates above zero; the method and why."""
    if r2.empty:
        return default, "the default: the last benchmark has no scenario of this kind"
    per_replicate = r2.groupby(["method", REPLICATE])["value"].mean().unstack(REPLICATE)
    if default not in per_replicate.index:
        best = per_replicate.mean(axis=1).idxmax()
        return (
            best,
            f"best mean R² of the last benchmark ({per_replicate.mean(axis=1)[best]:.3f}); the default {default} was not scored",
        )
    gains = per_replicate.drop(index=default).sub(per_replicate.loc[default], axis=1).dropna(axis=1)
    n = gains.shape[1]
    if n < 2:
        return (
            default,
            f"the default (R² {per_replicate.loc[default].mean():.3f}); one replicate cannot support another method",
        )
    lower = gains.mean(axis=1) - stats.t.ppf(0.95, n - 1) * gains.std(axis=1, ddof=1) / np.sqrt(n)
    supported = lower[lower > 0]
    if supported.empty:
        return default, (
            f"the default (R² {per_replicate.loc[default].mean():.3f}); no method beats it by a margin the "
            f"{n} replicates support"
        )
    best = gains.loc[supported.index].mean(axis=1).idxmax()
    return best, (
        f"R² {per_replicate.loc[best].mean():.3f} against the default {default}'s "
        f"{per_replicate.loc[default].mean():.3f}, ahead in the {n} replicates (95% lower bound +{lower[best]:.3f})"
    )


def _first(fitted: dict[str, dict[int, FittedModel]], method: str) -> FittedModel:
    if method not in fitted:
        raise ValueError(
            f"impute_cohort.method {method!r} is not a fitted method; expected 'best' or one of {list(fitted)}"
        )
    return fitted[method][min(fitted[method])]


def prepare_new_cohort(
    cohort: Cohort, choices: dict[str, Choice], params: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The new cohort's source and target layers on the model's features, standardised with its reference's
    statistics."""
    model = _model(choices)
    _check_question(cohort, model)
    mrna_scaler, cnv_scaler = model.mrna_scaler, model.cnv_scaler
    sources = " and ".join(cohort.file(layer) for layer in cohort.source_omics)
    words = "/".join(cohort.source_omics)
    mrna, report = cohort.mrna, {"cohort": cohort.name, "samples": int(len(cohort.mrna))}
    model_genes = mrna_scaler.index
    missing = model_genes.difference(mrna.columns)
    report["mrna_genes_missing"] = missing.tolist()
    report["mrna_genes_ignored"] = mrna.columns.difference(model_genes).tolist()
    if len(missing) == len(model_genes):
        raise CohortError(
            f"{sources}: shares no gene with the model's {len(model_genes)} {words} genes (e.g. the model has "
            f"{model_genes[:3].tolist()}, the file {mrna.columns[:3].tolist()}); expected the same gene names."
        )
    if len(missing) and params["missing_mrna_genes"] != "reference_mean":
        raise CohortError(
            f"{sources}: lacks {len(missing)} of the model's {len(model_genes)} {words} genes, "
            f"e.g. {missing[:10].tolist()}. Add them, or set impute_cohort.missing_mrna_genes: reference_mean "
            "to fill them with the reference mean (weaker imputations)."
        )
    scaled_mrna = scale(mrna.reindex(columns=model_genes), mrna_scaler)
    empty = scaled_mrna.index[scaled_mrna.isna().all(axis=1)]
    if len(empty):
        raise CohortError(
            f"{sources}: {len(empty)} sample(s) have no value on any of the model's {words} genes, e.g. "
            f"{empty[:5].tolist()}; their {model.target_layer.name} would be guessed from nothing. Expected {words} values "
            "(or remove them)."
        )
    problems = [
        _scale_problem(scaled_mrna[features], mrna.reindex(columns=features), mrna_scaler.loc[features], file)
        for file, features in _features_by_layer(cohort, model)
    ]
    problem = " ".join(p for p in problems if p) or None
    if problem and params["unusual_mrna"] != "accept":
        raise CohortError(f"{problem} Set impute_cohort.unusual_mrna: accept to impute it anyway.")
    report["mrna_scale_warning"] = problem
    if problem:
        logger.warning("%s Imputed anyway (impute_cohort.unusual_mrna: accept): expect unreliable values.", problem)
    scaled_mrna = scaled_mrna.fillna(0.0)

    cnv = cohort.cnv if cohort.cnv is not None else pd.DataFrame(index=mrna.index[:0])
    report["cnv_file"] = cohort.cnv is not None
    report["cnv_samples_without_mrna"] = cnv.index.difference(mrna.index).tolist()
    report["cnv_genes_ignored"] = cnv.columns.difference(cnv_scaler.index).tolist()
    cnv = cnv.reindex(index=mrna.index, columns=cnv_scaler.index)
    report["cnv_entries_observed"] = int(cnv.notna().sum().sum())
    report["cnv_entries_to_impute"] = int(cnv.isna().sum().sum())
    return scaled_mrna, scale(cnv, cnv_scaler), report


def _check_question(cohort: Cohort, model: FittedModel) -> None:
    """Refuses a cohort read for another question than the one the benchmark's models answer."""
    asked = (cohort.target_omics.lower(), tuple(s.lower() for s in cohort.source_omics))
    fitted = (model.target_layer.name.lower(), tuple(s.name.lower() for s in model.source_layers))
    if asked != fitted:
        raise CohortError(
            f"impute_cohort: this run asks for {cohort.target_omics} from {list(cohort.source_omics)}, but the "
            f"benchmark's models impute {model.target_layer.name} from {[s.name for s in model.source_layers]}. Run the benchmark "
            f"for this question first: kedro run --params 'target_omics={cohort.target_omics},"
            f"source_omics=[{','.join(cohort.source_omics)}]' (on the reference cohort)."
        )


def _features_by_layer(cohort: Cohort, model: FittedModel) -> list[tuple[str, pd.Index]]:
    """(file, the model's source features from it) for every expression layer among the sources."""
    features = model.mrna_scaler.index
    prefixed = len(model.source_layers) > 1
    return [
        (cohort.file(source.name), features[features.str.startswith(f"{source.name}:")] if prefixed else features)
        for source in model.source_layers
        if source.expression
    ]


def _model(choices: dict[str, Choice]) -> FittedModel:
    """A chosen model, for its scalers: every choice is a model of the same reference (the first replicate's)."""
    return choices["partial_profiles"].model


def _scale_problem(scaled: pd.DataFrame, raw: pd.DataFrame, scaler: pd.DataFrame, file: str) -> str | None:
    """What is wrong with a new expression layer's scale against the reference's, or None."""
    gene_means, gene_sd = scaled.mean().abs().median(), scaled.std().median()
    found = (
        f"median |gene mean| {gene_means:.1f} and median SD {gene_sd:.2f} in reference units; expected about 0 and 1"
    )
    if gene_sd < 1 / 3:
        return (
            f"{file}: expression barely varies between samples ({found}): constant or near-constant expression "
            "says nothing about the target. Expected each gene's values to vary across samples as in the reference."
        )
    if gene_means > 3 or gene_sd > 3:
        counts = bool((raw.min() >= 0).all() and raw.median().median() > 10 * max(scaler["mean"].abs().median(), 1e-9))
        cause = (
            "it looks like raw counts against the reference's log-scale values: log-transform it first, e.g. "
            "log2(count + 1), as the reference was."
            if counts
            else "expected the same units and transformation as the reference's (e.g. log2 values)."
        )
        return f"{file}: expression is far from the reference's distribution ({found}); {cause}"
    return None


def impute_new_cohort(
    choices: dict[str, Choice], mrna: pd.DataFrame, cnv: pd.DataFrame, cohort: Cohort
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Every sample's CNV, observed entries unchanged, by the model chosen for its kind (whole profile missing or
    part of it); the uncertainty (NaN where the method has none) and the kind of each sample."""
    labels = cohort.labels.loc[mrna.index] if cohort.labels is not None else None
    kinds = pd.Series(
        np.where(cnv.isna().all(axis=1), "whole_profiles", "partial_profiles"), index=mrna.index, name="kind"
    )
    imputed, uncertainty = [], []
    for kind in KINDS:
        rows = kinds.index[kinds == kind]
        if rows.empty:
            continue
        model = choices[kind].model
        if model.imputer.uses_labels and labels is None:
            raise CohortError(
                f"{cohort.name}_label_num.csv: the chosen method {model.method} uses labels, and the cohort has none."
            )
        values, spread = model.imputer.impute_with_uncertainty(
            mrna.loc[rows], cnv.loc[rows], labels.loc[rows] if labels is not None else None
        )
        imputed.append(values)
        uncertainty.append(spread if spread is not None else values * np.nan)
    order = mrna.index
    return pd.concat(imputed).loc[order], pd.concat(uncertainty).loc[order], kinds


def to_original_layout(
    imputed: pd.DataFrame,
    uncertainty: pd.DataFrame,
    cohort: Cohort,
    choices: dict[str, Choice],
    kinds: pd.Series,
    report: dict,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Completed CNV, uncertainty (SD) and imputed-flags in original units, features x samples (input layout), and
    the report: which method filled which samples, and why."""
    model = _model(choices)
    has_uncertainty = bool(uncertainty.notna().any().any())
    completed = _as_given(imputed, cohort, model)
    uncertainty = _as_given(uncertainty * model.cnv_scaler["std"], cohort, model, observed=0.0, unknown=np.nan)
    flags = _as_given(
        pd.DataFrame(1, index=imputed.index, columns=imputed.columns), cohort, model, observed=0, unknown=0
    )
    if cohort.cnv is not None:
        extra = cohort.cnv.columns.difference(imputed.columns)  # genes the model does not know: as given
        holes = int(cohort.cnv[extra].isna().sum().sum())
        if holes:
            logger.warning(
                "impute_cohort: %d gene(s) of %s are not in the model (the benchmark dropped them: more than "
                "data_processing.max_missing_fraction of their values missing, or constant in its reference), "
                "e.g. %s; their %d missing value(s) stay empty (flag 0)",
                len(extra),
                cohort.file(cohort.target_omics),
                extra[:5].tolist(),
                holes,
            )
    tables = [_features_by_samples(t) for t in (completed, uncertainty, flags.astype(int))]
    filled_by = {
        kind: {
            "method": choices[kind].model.method,
            "why": choices[kind].why,
            "samples": kinds.index[kinds == kind].tolist(),
        }
        for kind in KINDS
        if (kinds == kind).any()
    }
    for kind, entry in filled_by.items():
        logger.info(
            "impute_cohort: %d sample(s) with %s missing filled by %s (%s)",
            len(entry["samples"]),
            kind.replace("_", " "),
            entry["method"],
            entry["why"],
        )
    summary = {
        **report,
        "filled_by": filled_by,
        "has_uncertainty": has_uncertainty,
        "imputed_entries": int(flags.to_numpy().sum()),
    }
    return (*tables, summary)


def _as_given(
    values: pd.DataFrame,
    cohort: Cohort,
    model: FittedModel,
    observed: float | None = None,
    unknown: float | None = None,
) -> pd.DataFrame:
    """Per-sample values of the model's genes (`values`: in the reference's standardised units, unless `observed` is
    given) laid out as the cohort's target file: where the file has a value, that value exactly (or `observed`);
    genes the model does not know, as the file gives them (or `unknown`), in the file's gene order."""
    if observed is None:
        values = unscale(values, model.cnv_scaler)
        if model.target_layer.bounds is not None:  # e.g. methylation's [0, 1]
            values = values.clip(*model.target_layer.bounds)
    if cohort.cnv is None:
        return values
    given = cohort.cnv.reindex(index=values.index, columns=values.columns)
    values = values.mask(given.notna(), given if observed is None else observed)
    extra = cohort.cnv.columns.difference(values.columns)
    beside = cohort.cnv.reindex(index=values.index, columns=extra)
    values = values.join(beside if unknown is None else pd.DataFrame(unknown, index=values.index, columns=extra))
    return values[list(cohort.cnv.columns) + [g for g in values.columns if g not in set(cohort.cnv.columns)]]


def draw_new_cohort(
    choices: dict[str, Choice], mrna: pd.DataFrame, cnv: pd.DataFrame, cohort: Cohort, params: dict[str, Any]
) -> pd.DataFrame:
    """`impute_cohort.draws` completed cohorts drawn from the predictive distribution of the model chosen for each
    kind of sample (:func:`choose_models` checked that it has one; seeded by `impute_cohort.seed`), indexed (draw,
    sample), in the reference's units."""
    labels = cohort.labels.loc[mrna.index] if cohort.labels is not None else None
    whole = cnv.isna().all(axis=1)
    drawn = []
    for kind, rows in (("whole_profiles", mrna.index[whole]), ("partial_profiles", mrna.index[~whole])):
        if rows.empty:
            continue
        drawn.append(
            choices[kind].model.imputer.impute_draws(
                mrna.loc[rows],
                cnv.loc[rows],
                params["draws"],
                params["seed"],
                labels.loc[rows] if labels is not None else None,
            )
        )
    drawn = pd.concat(drawn)
    return drawn.reindex(pd.MultiIndex.from_product([range(params["draws"]), mrna.index], names=drawn.index.names))


def draws_to_original_layout(
    draws: pd.DataFrame, cohort: Cohort, choices: dict[str, Choice]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The drawn cohorts in the input's layout and units, stacked as one long table with a leading `draw` column (as
    R's ``mice::complete(action = "long")``; observed values exactly as given in every draw), and per value the
    draws' mean and 90% prediction interval (mean ± t(0.95, m - 1) x SD x √(1 + 1/m); with one draw, the draw)."""
    model = _model(choices)
    per_draw = {d: _as_given(block.droplevel(DRAW), cohort, model) for d, block in draws.groupby(level=DRAW)}
    stacked = np.stack([frame.to_numpy(dtype=float) for frame in per_draw.values()])
    first = next(iter(per_draw.values()))
    mean, half = stacked.mean(axis=0), half_width_90(stacked)
    as_frame = lambda values: pd.DataFrame(values, index=first.index, columns=first.columns)  # noqa: E731
    long = pd.concat(
        [_features_by_samples(frame).assign(**{DRAW: d}) for d, frame in per_draw.items()], ignore_index=True
    )
    long = long[[DRAW, *long.columns[:-1]]]
    return long, *(_features_by_samples(as_frame(v)) for v in (mean, mean - half, mean + half))


def _features_by_samples(table: pd.DataFrame) -> pd.DataFrame:
    out = table.T
    out.index.name = "sample"
    return out.reset_index()
