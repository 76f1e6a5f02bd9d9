import numpy as np
import pandas as pd

from multiomics_imputation.cohort.demo import generate_cohort, gistic_calls


def _samples_by_genes(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("sample").T


def test_layout_is_mlomics():
    cohort = generate_cohort(n_samples=50, n_mrna=30, n_cnv=20, n_types=3)
    assert cohort.mrna.columns[0] == "sample" and cohort.cnv.columns[0] == "sample"
    assert cohort.mrna.shape == (30, 51) and cohort.cnv.shape == (20, 51)
    assert list(cohort.labels.columns) == ["Label"] and len(cohort.labels) == 50
    assert list(cohort.mrna.columns[1:]) == list(cohort.cnv.columns[1:])
    assert set(cohort.labels["Label"]) == {0, 1, 2}


def test_same_seed_same_cohort_other_seed_other_cohort():
    a, b, c = (generate_cohort(n_samples=40, n_mrna=20, n_cnv=20, seed=s) for s in (1, 1, 2))
    pd.testing.assert_frame_equal(a.cnv, b.cnv)
    pd.testing.assert_frame_equal(a.mrna, b.mrna)
    assert not a.cnv.equals(c.cnv)


def test_neighbouring_cnv_genes_correlate_more_than_distant_ones():
    cnv = _samples_by_genes(generate_cohort(n_samples=400, n_mrna=100, n_cnv=200, seed=3).cnv).fillna(0)
    corr = np.corrcoef(cnv.to_numpy().T)
    neighbours = np.nanmean(np.diag(corr, 1))
    distant = np.nanmean(np.abs(np.diag(corr, 100)))
    assert neighbours > 0.5
    assert neighbours > 3 * distant


def test_dosage_genes_mrna_follows_their_cnv():
    cohort = generate_cohort(n_samples=400, n_mrna=200, n_cnv=200, seed=4)
    mrna, cnv = _samples_by_genes(cohort.mrna), _samples_by_genes(cohort.cnv)
    shared = mrna.columns.intersection(cnv.columns)
    assert len(shared) > 50
    corr = np.array([mrna[g].corr(cnv[g]) for g in shared])
    assert np.nanmean(corr) > 0.2
    assert np.mean(corr > 0.4) > 0.2  # a good share of dosage genes


def test_alteration_frequency_depends_on_cancer_type():
    cohort = generate_cohort(n_samples=600, n_mrna=50, n_cnv=150, n_types=3, seed=5)
    cnv = _samples_by_genes(cohort.cnv)
    labels = cohort.labels["Label"].to_numpy()
    altered = (cnv.abs() > 0.25).groupby(labels).mean()
    assert (altered.max() - altered.min()).max() > 0.2


def test_integer_option_gives_gistic_calls_and_source_nans_exist():
    cohort = generate_cohort(n_samples=200, n_mrna=50, n_cnv=80, integer_cnv=True, nan_fraction=0.01)
    values = cohort.cnv.iloc[:, 1:].to_numpy()
    observed = values[~np.isnan(values)]
    assert set(np.unique(observed)) <= {-2, -1, 0, 1, 2}
    assert len(np.unique(observed)) >= 4
    assert np.isnan(values).any() and cohort.mrna.iloc[:, 1:].isna().any().any()
    assert list(gistic_calls(np.array([-1.0, -0.5, 0.0, 0.5, 1.0]))) == [-2, -1, 0, 1, 2]


def test_sample_seed_draws_new_samples_from_the_same_world():
    first = generate_cohort(n_samples=60, n_mrna=30, n_cnv=20, seed=2)
    second = generate_cohort(n_samples=30, n_mrna=30, n_cnv=20, seed=2, sample_seed=1, name_prefix="NEW")
    assert list(first.cnv["sample"]) == list(second.cnv["sample"])
    assert list(first.mrna["sample"]) == list(second.mrna["sample"])
    assert not np.allclose(first.cnv.iloc[:, 1:31].to_numpy(), second.cnv.iloc[:, 1:].to_numpy(), equal_nan=True)
