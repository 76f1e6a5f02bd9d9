import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.cohort.demo import generate_cohort
from multiomics_imputation.cohort.reading import Cohort, CohortError, read_cohort
from multiomics_imputation.imputers.fitting import FittedModel
from multiomics_imputation.imputers.gaussian import GaussianImputer
from multiomics_imputation.imputers.linear import RidgeImputer
from multiomics_imputation.pipelines.impute_cohort.nodes import (
    KINDS,
    Choice,
    choose_models,
    draw_new_cohort,
    draws_to_original_layout,
    impute_new_cohort,
    prepare_new_cohort,
    to_original_layout,
)
from multiomics_imputation.study.design import DesignError
from multiomics_imputation.study.scaling import fit_scaler, scale
from tests.conftest import write_cohort

SHAPE = {"n_mrna": 60, "n_cnv": 50, "n_types": 3}
RULES = {"method": "best", "default_method": "gaussian", "missing_mrna_genes": "error", "unusual_mrna": "error"}


@pytest.fixture(scope="module")
def reference():
    """A reference cohort's standardised mRNA and CNV, and their scalers."""
    cohort = generate_cohort(n_samples=400, **SHAPE)
    mrna, cnv = (t.set_index("sample").T for t in (cohort.mrna, cohort.cnv))
    mrna_scaler, cnv_scaler = fit_scaler(mrna), fit_scaler(cnv)
    return scale(mrna, mrna_scaler).fillna(0.0), scale(cnv, cnv_scaler).fillna(0.0), mrna_scaler, cnv_scaler


@pytest.fixture(scope="module")
def trained(reference):
    mrna, cnv, mrna_scaler, cnv_scaler = reference
    return FittedModel("ridge", 0, RidgeImputer().fit(mrna, cnv), mrna_scaler, cnv_scaler)


@pytest.fixture
def new_cohort(tmp_path):
    folder = write_cohort(tmp_path / "new", "NEW", n_samples=40, sample_seed=1, **SHAPE)
    cnv = pd.read_csv(folder / "NEW_CNV.csv")
    cnv.iloc[:, 21:].to_csv(folder / "NEW_CNV_truth_part.csv", index=False)
    cnv.iloc[:, :21].to_csv(folder / "NEW_CNV.csv", index=False)  # CNV for half the samples only
    return folder


def _run(cohort: Cohort, trained, rules=RULES):
    choices = {kind: Choice(trained, "a test's model") for kind in KINDS}
    mrna, cnv, report = prepare_new_cohort(cohort, choices, rules)
    imputed, uncertainty, kinds = impute_new_cohort(choices, mrna, cnv, cohort)
    return to_original_layout(imputed, uncertainty, cohort, choices, kinds, report)


def test_round_trip_keeps_layout_units_and_observed_values(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    completed, uncertainty, flags, summary = _run(cohort, trained)
    given = pd.read_csv(new_cohort / "NEW_CNV.csv")
    assert list(completed.columns) == ["sample", *cohort.mrna.index]  # every sample with mRNA
    assert list(completed["sample"]) == list(given["sample"])  # genes in the input's order
    table = completed.set_index("sample")
    observed = given.set_index("sample")
    assert ((table[observed.columns] == observed) | observed.isna()).all().all()  # exactly the input values
    flag_table = flags.set_index("sample")
    assert (flag_table[observed.columns] == observed.isna().astype(int)).all().all()
    assert (flag_table.drop(columns=observed.columns) == 1).all().all()
    assert (
        uncertainty.set_index("sample").isna().to_numpy()[flag_table.to_numpy() == 1].all()
    )  # ridge has no uncertainty
    truth = pd.read_csv(new_cohort / "NEW_CNV_truth_part.csv").set_index(given["sample"])
    error = ((table[truth.columns] - truth) ** 2).mean().mean()
    mean_imputation_error = ((truth.sub(trained.cnv_scaler["mean"], axis=0)) ** 2).mean().mean()
    assert error < mean_imputation_error  # in original units (a units slip would blow this up)
    assert summary["imputed_entries"] == int(flag_table.to_numpy().sum()) and not summary["has_uncertainty"]


def test_draws_give_m_completed_cohorts_in_the_input_layout_with_their_mean_and_interval(
    new_cohort, trained, reference
):
    """A long table with a `draw` column: each draw a completed cohort in the input's layout and units, observed
    values exactly as given, the draws' mean and interval per value; the same draws on every run."""
    mrna, cnv, mrna_scaler, cnv_scaler = reference
    model = FittedModel("gaussian", 0, GaussianImputer().fit(mrna, cnv), mrna_scaler, cnv_scaler)
    choices = {kind: Choice(model, "a test's model") for kind in KINDS}
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    mrna, cnv, _ = prepare_new_cohort(cohort, choices, RULES)
    settings = {"draws": 4, "seed": 3}
    draws = draw_new_cohort(choices, mrna, cnv, cohort, settings)
    long, mean, low, high = draws_to_original_layout(draws, cohort, choices)
    pd.testing.assert_frame_equal(draws, draw_new_cohort(choices, mrna, cnv, cohort, settings))
    given = pd.read_csv(new_cohort / "NEW_CNV.csv").set_index("sample")
    assert list(long.columns) == ["draw", "sample", *mrna.index] and sorted(set(long["draw"])) == [0, 1, 2, 3]
    tables = {d: block.drop(columns="draw").set_index("sample") for d, block in long.groupby("draw")}
    for table in tables.values():
        assert list(table.index) == list(given.index) and table.notna().all().all()
        assert ((table[given.columns] == given) | given.isna()).all().all()  # observed values as given, every draw
    hidden = tables[0].drop(columns=given.columns)  # the samples with no CNV file column: drawn
    assert (hidden != tables[1].drop(columns=given.columns)).all().all()
    stacked = np.stack([t.to_numpy() for t in tables.values()])
    np.testing.assert_allclose(mean.set_index("sample").to_numpy(), stacked.mean(axis=0))
    assert (low.set_index("sample") <= mean.set_index("sample")).all().all()
    assert (high.set_index("sample") >= mean.set_index("sample")).all().all()
    assert (high.set_index("sample")[given.columns] == given).where(given.notna(), True).all().all()
    one = draw_new_cohort(choices, mrna, cnv, cohort, {"draws": 1, "seed": 3})
    pd.testing.assert_frame_equal(one, draws.loc[[0]])
    with pytest.raises(DesignError, match="the method chosen for whole profiles, ridge, gives no predictive"):
        choose_models(pd.DataFrame(), {**RULES, "method": "ridge", **settings}, ridge={0: trained})


def test_absent_cnv_file_imputes_everything(new_cohort, trained):
    (new_cohort / "NEW_CNV.csv").unlink()
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    completed, _, flags, *_, summary = _run(cohort, trained)
    assert (flags.set_index("sample") == 1).all().all() and completed.set_index("sample").notna().all().all()
    assert summary["cnv_file"] is False


def test_missing_mrna_genes_error_or_documented_fallback(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    lacking = Cohort("NEW", cohort.mrna.drop(columns=cohort.mrna.columns[:3]), cohort.cnv, None)
    with pytest.raises(CohortError, match=r"NEW_mRNA.csv: lacks 3 of the model's 60 mRNA genes.*reference_mean"):
        _run(lacking, trained)
    *_, summary = _run(lacking, trained, {**RULES, "missing_mrna_genes": "reference_mean"})
    assert summary["mrna_genes_missing"] == list(cohort.mrna.columns[:3])


def test_extra_genes_are_ignored_and_reported(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    mrna = cohort.mrna.assign(EXTRA_M=1.0)
    cnv = cohort.cnv.assign(EXTRA_C=0.5)
    completed, _, flags, *_, summary = _run(Cohort("NEW", mrna, cnv, None), trained)
    assert summary["mrna_genes_ignored"] == ["EXTRA_M"] and summary["cnv_genes_ignored"] == ["EXTRA_C"]
    row = completed.set_index("sample").loc["EXTRA_C", cnv.index]
    assert (row == 0.5).all() and (flags.set_index("sample").loc["EXTRA_C"] == 0).all()


def test_missing_values_of_genes_the_model_lacks_stay_empty_and_the_log_says_why(new_cohort, trained, caplog):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    cnv = cohort.cnv.assign(DROPPED=np.where(np.arange(len(cohort.cnv)) % 2, np.nan, 0.5))
    completed, *_ = _run(Cohort("NEW", cohort.mrna, cnv, None), trained)
    assert completed.set_index("sample").loc["DROPPED"].isna().any()
    assert "1 gene(s) of NEW_CNV.csv are not in the model (the benchmark dropped them" in caplog.text


def test_raw_counts_and_constant_mrna_are_refused_unless_accepted(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    counts = Cohort("NEW", 2.0**cohort.mrna, cohort.cnv, None)
    with pytest.raises(
        CohortError,
        match=r"NEW_mRNA.csv: expression is far from the reference's distribution .*raw "
        r"counts .*log2\(count \+ 1\).*unusual_mrna: accept",
    ):
        _run(counts, trained)
    *_, summary = _run(counts, trained, {**RULES, "unusual_mrna": "accept"})
    assert "raw counts" in summary["mrna_scale_warning"]
    constant = Cohort("NEW", cohort.mrna * 0 + 1.0, cohort.cnv, None)
    with pytest.raises(CohortError, match=r"NEW_mRNA.csv: expression barely varies between samples .*constant"):
        _run(constant, trained)
    *_, fine = _run(cohort, trained)
    assert fine["mrna_scale_warning"] is None


def test_no_shared_gene_fails_clearly(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    renamed = Cohort("NEW", cohort.mrna.add_prefix("X_"), cohort.cnv, None)
    for rules in (RULES, {**RULES, "missing_mrna_genes": "reference_mean"}):  # the cause, not the fallback
        with pytest.raises(CohortError, match=r"shares no gene with the model's 60 mRNA genes \(e.g. the model has "):
            _run(renamed, trained, rules)


def _r2(rows):
    """A metrics table of R² rows (method, pattern, replicate, value)."""
    return pd.DataFrame(
        [
            {"metric": "r2", "method": m, "pattern": p, "scenario": f"{p}_20", "replicate": r, "value": v}
            for m, p, r, v in rows
        ]
    )


def test_best_is_chosen_per_kind_of_sample_and_keeps_the_default_without_support(trained):
    from multiomics_imputation.imputers.cancer_type_mean import CancerTypeMeanImputer

    other = FittedModel("softimpute", 1, trained.imputer, trained.mrna_scaler, trained.cnv_scaler)
    labelled = FittedModel("cancer_type_mean", 0, CancerTypeMeanImputer(), trained.mrna_scaler, trained.cnv_scaler)
    fitted = {"gaussian": {0: trained}, "softimpute": {1: other, 0: other}, "cancer_type_mean": {0: labelled}}
    # softimpute ahead on partial profiles in every replicate, behind on whole ones; the labelled method never counts
    metrics = _r2(
        [
            (m, p, r, v + 0.01 * r)
            for r in range(5)
            for m, p, v in (
                ("gaussian", "random", 0.80),
                ("softimpute", "random", 0.85),
                ("gaussian", "sample", 0.40),
                ("softimpute", "sample", 0.00),
                ("cancer_type_mean", "sample", 0.90),
                ("cancer_type_mean", "random", 0.9),
            )
        ]
    )
    choices = choose_models(metrics, RULES, **fitted)
    assert choices["partial_profiles"].model is other and "ahead in the 5 replicates" in choices["partial_profiles"].why
    assert choices["whole_profiles"].model is trained and "no method beats it" in choices["whole_profiles"].why
    # a single noisy scenario of one replicate is no support: the default stays
    one = choose_models(metrics[metrics["replicate"] == 0], RULES, **fitted)
    assert all(c.model is trained and "one replicate" in c.why for c in one.values())
    # ahead on average but not in every replicate: no support either
    mixed = _r2(
        [
            (m, "random", r, v)
            for r, (g, o) in enumerate([(0.8, 0.9), (0.8, 0.7), (0.8, 0.95), (0.8, 0.72)])
            for m, v in (("gaussian", g), ("softimpute", o))
        ]
    )
    assert choose_models(mixed, RULES, **fitted)["partial_profiles"].model is trained
    old_run = choose_models(metrics.rename(columns={"replicate": "seed"}), RULES, **fitted)  # before 2026-11-30
    assert old_run["partial_profiles"].model is other
    named = choose_models(metrics, {**RULES, "method": "softimpute"}, **fitted)
    assert all(c.model is other for c in named.values())
    with pytest.raises(ValueError, match="'lasso' is not a fitted method"):
        choose_models(metrics, {**RULES, "method": "lasso"}, **fitted)


def test_whole_and_partial_profiles_are_filled_by_their_own_method_and_the_report_says_so(new_cohort, trained):
    from multiomics_imputation.imputers.mean import MeanImputer

    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    mrna, cnv = (
        t.set_index("sample").T
        for t in (generate_cohort(n_samples=100, **SHAPE).mrna, generate_cohort(n_samples=100, **SHAPE).cnv)
    )
    mean = MeanImputer().fit(scale(mrna, trained.mrna_scaler).fillna(0.0), scale(cnv, trained.cnv_scaler).fillna(0.0))
    choices = {
        "whole_profiles": Choice(trained, "ridge reads mRNA"),
        "partial_profiles": Choice(FittedModel("mean", 0, mean, trained.mrna_scaler, trained.cnv_scaler), "a test"),
    }
    scaled_mrna, scaled_cnv, report = prepare_new_cohort(cohort, choices, RULES)
    imputed, _, kinds = impute_new_cohort(choices, scaled_mrna, scaled_cnv, cohort)
    whole = kinds.index[kinds == "whole_profiles"]
    assert list(whole) == list(cohort.mrna.index.difference(cohort.cnv.index, sort=False))  # the 19 without CNV
    pd.testing.assert_frame_equal(
        imputed.loc[whole], trained.imputer.impute(scaled_mrna.loc[whole], scaled_cnv.loc[whole])
    )
    partial = kinds.index[kinds == "partial_profiles"]
    hidden = scaled_cnv.loc[partial].isna().to_numpy()
    means = np.broadcast_to(mean.impute(scaled_mrna.loc[partial], scaled_cnv.loc[partial]).to_numpy(), hidden.shape)
    np.testing.assert_allclose(imputed.loc[partial].to_numpy()[hidden], means[hidden])
    *_, summary = to_original_layout(imputed, imputed * np.nan, cohort, choices, kinds, report)
    assert summary["filled_by"]["whole_profiles"] == {
        "method": "ridge",
        "why": "ridge reads mRNA",
        "samples": list(whole),
    }
    assert summary["filled_by"]["partial_profiles"]["method"] == "mean"


def test_samples_without_any_mrna_value_are_refused_by_name(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    mrna = cohort.mrna.copy()
    mrna.iloc[:2] = np.nan
    with pytest.raises(
        CohortError,
        match=r"NEW_mRNA.csv: 2 sample\(s\) have no value on any of the model's mRNA genes, "
        r"e.g. \['NEW-00000', 'NEW-00001'\]",
    ):
        _run(Cohort("NEW", mrna, cohort.cnv, None), trained)
