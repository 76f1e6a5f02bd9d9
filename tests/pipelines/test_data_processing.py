import numpy as np
import pandas as pd
import pytest

from multiomics_imputation.cohort.alignment import align_cohort
from multiomics_imputation.cohort.reading import Cohort, CohortError, read_cohort
from multiomics_imputation.study.scaling import fit_scaler, scale, unscale
from multiomics_imputation.study.splits import split_study

PARAMS = {"target_fraction": 0.25, "split_seed": 3, "max_missing_fraction": 0.2}


def test_alignment_keeps_shared_samples_in_mrna_order_and_reports_drops(cohort_dir):
    cohort = read_cohort(cohort_dir, "TOY")
    cnv = cohort.cnv.drop(index=cohort.cnv.index[:5]).copy()
    cnv.loc["EXTRA-1"] = 0.0
    cnv.iloc[:, 0] = np.nan  # a gene missing everywhere
    mrna, cnv_out, labels, summary = align_cohort(Cohort("TOY", cohort.mrna, cnv, cohort.labels), PARAMS)
    assert list(mrna.index) == list(cohort.mrna.index[5:]) == list(cnv_out.index) == list(labels.index)
    assert summary["dropped_samples"] == {"mrna_only": 5, "cnv_only": 1, "too_many_missing": 0}
    assert summary["dropped_genes"]["cnv"] == 1 and cnv.columns[0] not in cnv_out.columns
    assert summary["cnv_is_integer"] is False


def test_profiles_never_measured_count_as_absent_not_as_missing_genes(cohort_dir):
    cohort = read_cohort(cohort_dir, "TOY")
    cnv, mrna = cohort.cnv.copy(), cohort.mrna.copy()
    cnv.iloc[:50] = np.nan  # 50 of 120 samples without any CNV: every gene would be 42% missing
    mrna.iloc[-3:] = np.nan
    mrna_out, cnv_out, _, summary = align_cohort(Cohort("TOY", mrna, cnv, cohort.labels), PARAMS)
    assert summary["dropped_samples"] == {"mrna_only": 50, "cnv_only": 3, "too_many_missing": 0}
    assert summary["dropped_genes"]["cnv"] == 0 and cnv_out.shape == (67, cnv.shape[1])
    assert list(mrna_out.index) == list(cohort.mrna.index[50:-3])


def test_what_alignment_drops_is_said_in_the_log(cohort_dir, caplog):
    cohort = read_cohort(cohort_dir, "TOY")
    cnv, mrna = cohort.cnv.copy(), cohort.mrna.copy()
    cnv.iloc[:4] = np.nan
    mrna.iloc[:40, :2] = np.nan  # two mRNA genes missing in a third of the samples
    with caplog.at_level("WARNING", logger="multiomics_imputation.cohort.alignment"):
        align_cohort(Cohort("TOY", mrna, cnv, cohort.labels), PARAMS)
    said = caplog.text
    assert "cohort TOY: 4 of 120 mRNA samples have no CNV values (dropped at alignment)" in said
    assert "cohort TOY: 2 mRNA and 0 CNV genes dropped at alignment (more than 20% of samples missing" in said


def test_a_cohort_emptied_by_the_missing_value_rule_says_which_rule_and_setting(cohort_dir):
    cohort = read_cohort(cohort_dir, "TOY")
    cnv = cohort.cnv.mask(np.random.default_rng(0).random(cohort.cnv.shape) < 0.5)
    with pytest.raises(
        CohortError,
        match=r"no sample left .* more than 20% of samples are missing at 0 of 60 mRNA "
        r"and 50 of 50 CNV genes .*max_missing_fraction",
    ):
        align_cohort(Cohort("TOY", cohort.mrna, cnv, cohort.labels), PARAMS)


def test_class_too_small_to_stratify_is_refused(cohort_dir):
    cohort = read_cohort(cohort_dir, "TOY")
    labels = cohort.labels.copy()
    labels.iloc[0] = 9
    with pytest.raises(CohortError, match=r"TOY_label_num.csv: label class\(es\) \[9\] have only \[1\] sample"):
        align_cohort(Cohort("TOY", cohort.mrna, cohort.cnv, labels), PARAMS)


def test_each_replicate_splits_stratified_seeded_and_disjoint(cohort_dir):
    mrna, cnv, labels, _ = align_cohort(read_cohort(cohort_dir, "TOY"), PARAMS)
    data = split_study("TOY", mrna, cnv, labels, 0.25, 3, [0, 1, 2])
    targets = []
    for replicate in data.replicates:
        split = data.split(replicate)
        assert set(split.reference_mrna.index).isdisjoint(split.target_mrna.index)
        assert len(split.reference_mrna) + len(split.target_mrna) == len(mrna)
        assert split.reference_cnv.index.equals(split.reference_mrna.index)
        assert split.target_labels.index.equals(split.target_cnv.index)
        share = split.target_labels.value_counts() / labels.value_counts()
        assert share.between(0.15, 0.35).all()  # every class ~25% in the target
        np.testing.assert_allclose(split.reference_cnv.mean(), 0, atol=1e-12)  # scaled with its own reference
        targets.append(set(split.target_mrna.index))
    assert targets[0] != targets[1] != targets[2]  # each replicate draws its own split
    again = split_study("TOY", mrna, cnv, labels, 0.25, 3, [0, 1, 2])
    assert all(set(again.split(r).target_mrna.index) == targets[r] for r in range(3))
    assert set(split_study("TOY", mrna, cnv, labels, 0.25, 4, [0]).split(0).target_mrna.index) != targets[0]


def test_scaling_is_fitted_on_the_reference_only():
    rng = np.random.default_rng(0)
    reference = pd.DataFrame(rng.normal(5, 2, size=(50, 4)), columns=list("abcd"))
    reference["d"] = 1.0  # constant: left out
    target = pd.DataFrame(rng.normal(100, 50, size=(10, 4)), columns=list("abcd"))
    target.iloc[0, 0] = np.nan
    scaler = fit_scaler(reference)
    assert list(scaler.index) == ["a", "b", "c"]
    scaled_ref = scale(reference, scaler)
    np.testing.assert_allclose(scaled_ref.mean(), 0, atol=1e-12)
    np.testing.assert_allclose(scaled_ref.std(ddof=0), 1)
    kept = scale(target, scaler)
    np.testing.assert_allclose(
        kept.iloc[1:, 1], (target.iloc[1:, 1] - reference["b"].mean()) / reference["b"].std(ddof=0)
    )
    assert np.isnan(kept.iloc[0, 0])
    np.testing.assert_allclose(unscale(kept, scaler).iloc[1:], target[["a", "b", "c"]].iloc[1:])


def test_half_the_samples_without_cnv_is_named_before_the_classes_it_empties(cohort_dir):
    cohort = read_cohort(cohort_dir, "TOY")
    labels = cohort.labels.copy()
    labels.iloc[:] = np.arange(120) % 3
    labels.iloc[59:62] = 7  # a class of 3, two of whose samples lose their CNV below
    cnv = cohort.cnv.copy()
    cnv.iloc[60:] = np.nan  # 60 of 120 samples have no CNV
    with pytest.raises(
        CohortError,
        match=r"^cohort TOY: 60 of 120 mRNA samples have no CNV values \(dropped at "
        r"alignment\)\. TOY_label_num.csv: label class",
    ):
        align_cohort(Cohort("TOY", cohort.mrna, cnv, labels), PARAMS)


@pytest.mark.parametrize("file", ["mRNA", "CNV"])
def test_a_table_without_any_value_is_named(cohort_dir, file):
    cohort = read_cohort(cohort_dir, "TOY")
    mrna, cnv = cohort.mrna, cohort.cnv
    if file == "mRNA":
        mrna = mrna * np.nan
    else:
        cnv = cnv * np.nan
    with pytest.raises(CohortError, match=rf"^TOY_{file}.csv: holds no value \(every cell is empty or NA\)"):
        align_cohort(Cohort("TOY", mrna, cnv, cohort.labels), PARAMS)


def test_a_single_gene_is_refused_before_anything_runs(cohort_dir):
    from multiomics_imputation.pipelines.data_processing.nodes import split_replicates

    mrna, cnv, labels, summary = align_cohort(read_cohort(cohort_dir, "TOY"), PARAMS)
    forests = {"cv_folds": 3, "train_imputed_view": True}
    methods = {"mean": {"class": "multiomics_imputation.imputers.mean.MeanImputer"}}
    with pytest.raises(CohortError, match=r"TOY_CNV.csv: only 1 CNV gene varies .* at least 2"):
        split_replicates(mrna, cnv.iloc[:, :1], labels, summary, PARAMS, 1, forests, methods, {})
    assert split_replicates(mrna, cnv.iloc[:, :2], labels, summary, PARAMS, 1, forests, methods, {}).cnv.shape[1] == 2
