import numpy as np
import pytest

from multiomics_imputation.scoring.metrics import call_f1, interval_scores, masked_scores, rowwise_pearson


def test_scores_by_hand():
    truth = np.array([[1.0, 2.0, 3.0, 9.0], [0.0, 1.0, 0.0, 9.0]])
    imputed = np.array([[1.0, 2.0, 4.0, -50.0], [1.0, 1.0, 0.0, 7.0]])
    mask = np.array([[True, True, True, False], [True, False, True, False]])
    scores = masked_scores(truth, imputed, mask)
    # masked pairs: (1,1) (2,2) (3,4) (0,1) (0,0): errors 0,0,1,1,0
    assert scores["mse"] == pytest.approx(2 / 5)
    t = np.array([1, 2, 3, 0, 0.0])
    assert scores["r2"] == pytest.approx(1 - 2 / np.sum((t - t.mean()) ** 2))
    # row 0 has 3 masked entries: corr([1,2,3],[1,2,4]); row 1 has only 2: left out
    expected = np.corrcoef([1, 2, 3], [1, 2, 4])[0, 1]
    assert scores["pearson_sample_mean"] == pytest.approx(expected)
    assert scores["pearson_sample_median"] == pytest.approx(expected)
    assert np.isnan(scores["pearson_gene_mean"])  # no gene has 3 masked entries


def test_observed_entries_never_change_a_score():
    rng = np.random.default_rng(0)
    truth, imputed = rng.normal(size=(20, 10)), rng.normal(size=(20, 10))
    mask = rng.random((20, 10)) < 0.3
    before = masked_scores(truth, imputed, mask)
    imputed[~mask] = 1e6
    truth[~mask] = -1e6
    assert masked_scores(truth, imputed, mask) == before


def test_rowwise_pearson_matches_numpy_and_skips_constant_rows():
    rng = np.random.default_rng(1)
    truth, imputed = rng.normal(size=(5, 8)), rng.normal(size=(5, 8))
    mask = rng.random((5, 8)) < 0.7
    imputed[4] = 2.0
    r = rowwise_pearson(truth, imputed, mask)
    for i in range(4):
        if mask[i].sum() >= 3:
            assert r[i] == pytest.approx(np.corrcoef(truth[i, mask[i]], imputed[i, mask[i]])[0, 1])
    assert np.isnan(r[4])


def test_call_f1_and_interval_scores():
    truth = np.array([[-2.0, -1.0, 0.0, 1.0, 2.0, 0.0]])
    imputed = np.array([[-1.2, -0.6, 0.4, 0.7, 0.3, -0.51]])
    mask = np.ones_like(truth, dtype=bool)
    # calls: truth L L N G G N ; imputed L L N G N L -> F1 loss 0.8, neutral 0.5, gain 2/3
    assert call_f1(truth, imputed, mask) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    scores = interval_scores(np.zeros((1, 4)), np.array([[0.0, 1.0, 2.0, 3.0]]), np.ones((1, 4)), np.ones((1, 4), bool))
    assert scores["coverage_90"] == pytest.approx(0.5)  # |error| <= 1.645 for 0 and 1
    coverages = (scores["coverage_50"], scores["coverage_80"], scores["coverage_95"])
    assert coverages == (0.25, 0.5, 0.5)  # |error| within 0.67, 1.28, 1.96
    assert scores["width_90"] == pytest.approx(2 * 1.6448536269514722)


def test_integer_valued_ignores_nans_and_spots_continuous_values():
    from multiomics_imputation.study.splits import is_integer_valued

    assert is_integer_valued(np.array([[-2.0, 0.0, np.nan], [1.0, 2.0, -1.0]]))
    assert not is_integer_valued(np.array([[-2.0, 0.3, np.nan]]))


def test_progress_bars_stay_quiet_off_a_terminal(capsys):
    from multiomics_imputation.study.progress import interactive, progress

    assert not interactive()  # pytest captures standard error
    with progress("work", 3) as advance:
        for _ in range(3):
            advance("step")
    assert capsys.readouterr().err == ""


def test_per_gene_r2_and_constant_imputations():
    import numpy as np

    from multiomics_imputation.scoring.metrics import masked_scores, rowwise_r2

    rng = np.random.default_rng(0)
    truth = rng.normal(size=(30, 4))
    mask = np.ones_like(truth, dtype=bool)
    mask[:, 3] = False
    mask[:2, 3] = True  # gene 3: two masked entries, too few for its own R²
    imputed = truth + rng.normal(scale=0.5, size=truth.shape)
    per_gene = rowwise_r2(truth.T, imputed.T, mask.T)
    for g in range(3):
        expected = 1 - np.sum((truth[:, g] - imputed[:, g]) ** 2) / np.sum((truth[:, g] - truth[:, g].mean()) ** 2)
        assert per_gene[g] == pytest.approx(expected)
    assert np.isnan(per_gene[3])
    scores = masked_scores(truth, imputed, mask)
    assert scores["r2_gene_mean"] == pytest.approx(per_gene[:3].mean())
    constant = masked_scores(truth, np.full_like(truth, 1e-16) + rng.normal(scale=1e-18, size=truth.shape), mask)
    assert np.isnan(constant["pearson_sample_mean"]) and np.isnan(constant["pearson_gene_mean"])
