import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.cohort import Cohort, CohortError, read_cohort
from multiomics_imputation.demo import generate_cohort
from multiomics_imputation.imputers.linear import RidgeImputer
from multiomics_imputation.pipelines.impute_cohort.nodes import (
    choose_model,
    impute_new_cohort,
    prepare_new_cohort,
    to_original_layout,
)
from multiomics_imputation.scaling import fit_scaler, scale
from multiomics_imputation.splits import FittedModel
from tests.conftest import write_cohort

SHAPE = {"n_mrna": 60, "n_cnv": 50, "n_types": 3}
RULES = {"method": "best", "missing_mrna_genes": "error"}


@pytest.fixture(scope="module")
def trained():
    reference = generate_cohort(n_samples=400, **SHAPE)
    mrna, cnv = (t.set_index("sample").T for t in (reference.mrna, reference.cnv))
    mrna_scaler, cnv_scaler = fit_scaler(mrna), fit_scaler(cnv)
    imputer = RidgeImputer().fit(scale(mrna, mrna_scaler).fillna(0.0), scale(cnv, cnv_scaler).fillna(0.0))
    return FittedModel("ridge", 0, imputer, mrna_scaler, cnv_scaler)


@pytest.fixture
def new_cohort(tmp_path):
    folder = write_cohort(tmp_path / "new", "NEW", n_samples=40, sample_seed=1, **SHAPE)
    cnv = pd.read_csv(folder / "NEW_CNV.csv")
    cnv.iloc[:, 21:].to_csv(folder / "NEW_CNV_truth_part.csv", index=False)
    cnv.iloc[:, :21].to_csv(folder / "NEW_CNV.csv", index=False)  # CNV for half the samples only
    return folder


def _run(cohort: Cohort, trained, rules=RULES):
    mrna, cnv, report = prepare_new_cohort(cohort, trained, rules)
    imputed, uncertainty = impute_new_cohort(trained, mrna, cnv, cohort)
    return to_original_layout(imputed, uncertainty, cohort, trained, report)


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
    assert uncertainty.set_index("sample").isna().to_numpy()[flag_table.to_numpy() == 1].all()  # ridge has no uncertainty
    truth = pd.read_csv(new_cohort / "NEW_CNV_truth_part.csv").set_index(given["sample"])
    error = ((table[truth.columns] - truth) ** 2).mean().mean()
    mean_imputation_error = ((truth.sub(trained.cnv_scaler["mean"], axis=0)) ** 2).mean().mean()
    assert error < mean_imputation_error  # in original units (a units slip would blow this up)
    assert summary["imputed_entries"] == int(flag_table.to_numpy().sum()) and not summary["has_uncertainty"]


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


def test_far_scale_gives_a_warning(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    counts = Cohort("NEW", 2.0 ** cohort.mrna, cohort.cnv, None)
    *_, summary = _run(counts, trained)
    assert "same scale (e.g. log2 values, not raw counts)" in summary["mrna_scale_warning"]
    *_, fine = _run(cohort, trained)
    assert fine["mrna_scale_warning"] is None


def test_no_shared_gene_fails_clearly(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    renamed = Cohort("NEW", cohort.mrna.add_prefix("X_"), cohort.cnv, None)
    with pytest.raises(CohortError, match="shares no gene with the model's mRNA genes"):
        _run(renamed, trained, {**RULES, "missing_mrna_genes": "reference_mean"})


def test_best_method_is_label_free_and_from_the_last_benchmark(trained):
    from multiomics_imputation.imputers.cancer_type_mean import CancerTypeMeanImputer

    metrics = pd.DataFrame({"metric": "r2", "method": ["ridge", "mean", "cancer_type_mean"], "value": [0.4, 0.0, 0.9]})
    other = FittedModel("mean", 1, trained.imputer, trained.mrna_scaler, trained.cnv_scaler)
    labelled = FittedModel("cancer_type_mean", 0, CancerTypeMeanImputer(), trained.mrna_scaler, trained.cnv_scaler)
    fitted = {"ridge": {0: trained, 1: other}, "mean": {1: other, 0: trained}, "cancer_type_mean": {0: labelled}}
    assert choose_model(metrics, RULES, **fitted) is trained  # best label-free method, first replicate
    assert choose_model(metrics, {**RULES, "method": "mean"}, **fitted) is trained
    with pytest.raises(ValueError, match="'lasso' is not a fitted method"):
        choose_model(metrics, {**RULES, "method": "lasso"}, **fitted)


def test_samples_without_any_mrna_value_are_refused_by_name(new_cohort, trained):
    cohort = read_cohort(new_cohort, "NEW", require_cnv=False, require_labels=False)
    mrna = cohort.mrna.copy()
    mrna.iloc[:2] = np.nan
    with pytest.raises(CohortError, match=r"NEW_mRNA.csv: 2 sample\(s\) have no value on any of the model's mRNA genes, "
                                          r"e.g. \['NEW-00000', 'NEW-00001'\]"):
        _run(Cohort("NEW", mrna, cohort.cnv, None), trained)
