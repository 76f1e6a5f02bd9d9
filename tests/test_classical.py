"""The strong classical imputers against direct dense computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression, RidgeCV

from multiomics_imputation.imputers.calibration import BandBlend, observed_band
from multiomics_imputation.imputers.gaussian import GaussianImputer
from multiomics_imputation.imputers.linalg import (
    DEFAULT_ALPHAS,
    conditional_gaussian,
    fit_least_squares,
    fit_ridge,
    sample_covariance,
    shrunk_covariance,
)
from multiomics_imputation.imputers.mice import MICEImputer, chained_equations
from multiomics_imputation.imputers.softimpute import SoftImputeImputer
from multiomics_imputation.scoring.metrics import Z_90
from multiomics_imputation.study.masks import make_mask
from tests.conftest import small_matrices


def _dense_conditional(covariance: np.ndarray, deviation: np.ndarray, hidden: np.ndarray):
    mean, variance = np.zeros(deviation.shape), np.zeros(deviation.shape)
    for i, h in enumerate(hidden):
        o = ~h
        gain = covariance[np.ix_(h, o)] @ np.linalg.inv(covariance[np.ix_(o, o)])
        mean[i, h] = gain @ deviation[i, o]
        variance[i, h] = np.diag(covariance[np.ix_(h, h)] - gain @ covariance[np.ix_(o, h)])
    return mean, variance


@pytest.mark.parametrize("n_samples", [50, 25])  # more and fewer samples than variables
def test_fit_ridge_equals_scikit_learn_ridgecv(n_samples):
    rng = np.random.default_rng(n_samples)
    x = rng.normal(size=(n_samples, 30))
    y = x @ rng.normal(size=(30, 6)) + 3 * rng.normal(size=(n_samples, 6))
    ours, residuals = fit_ridge(x, y)
    theirs = RidgeCV(alphas=DEFAULT_ALPHAS).fit(x, y)
    assert ours.alpha == theirs.alpha_
    np.testing.assert_allclose(ours.predict(x), theirs.predict(x), atol=1e-10)
    # leave-one-out residual of row 0: refit without it
    alone, _ = fit_ridge(x[1:], y[1:], [ours.alpha])
    np.testing.assert_allclose(residuals[0], y[0] - alone.predict(x[:1])[0], atol=1e-10)


@pytest.mark.parametrize("shape", [(50, 8), (20, 30)])  # more samples than genes, and fewer: minimum norm
def test_least_squares_equals_scikit_learn(shape):
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=shape), rng.normal(size=(shape[0], 3))
    ours, theirs = fit_least_squares(x, y), LinearRegression().fit(x, y)
    np.testing.assert_allclose(ours.coef, theirs.coef_.T, atol=1e-10)
    np.testing.assert_allclose(ours.predict(x[:5] + 1), theirs.predict(x[:5] + 1), atol=1e-10)


@pytest.mark.parametrize("n_rows", [9, 30])  # few patterns solved in turn, many in threads
def test_conditional_gaussian_equals_dense_formula_and_shares_solves(n_rows):
    rng = np.random.default_rng(0)
    samples = rng.normal(size=(40, 12)) @ rng.normal(size=(12, 12))
    covariance = shrunk_covariance(sample_covariance(samples), 0.1)
    by_numpy = np.cov(samples.T, bias=True)
    np.testing.assert_allclose(covariance, 0.9 * by_numpy + 0.1 * np.diag(np.diag(by_numpy)))
    deviation = rng.normal(size=(n_rows, 12))
    hidden = rng.random((n_rows, 12)) < 0.4
    hidden[1] = hidden[0]  # one shared pattern
    offset, variance, _ = conditional_gaussian(np.linalg.inv(covariance), deviation, hidden)
    expected_offset, expected_variance = _dense_conditional(covariance, deviation, hidden)
    np.testing.assert_allclose(offset, expected_offset, atol=1e-10)
    np.testing.assert_allclose(variance, expected_variance, atol=1e-10)
    assert (offset[~hidden] == 0).all() and (variance[~hidden] == 0).all()


@pytest.mark.parametrize("n_rows", [6, 30])
def test_a_core_hidden_in_every_sample_is_solved_once_with_the_same_answer(n_rows):
    """Whole genes hidden in every sample plus a few entries of each (source NaNs): block elimination around the
    shared core gives the dense formula's mean and variance."""
    rng = np.random.default_rng(1)
    covariance = shrunk_covariance(sample_covariance(rng.normal(size=(60, 16)) @ rng.normal(size=(16, 16))), 0.1)
    deviation = rng.normal(size=(n_rows, 16))
    hidden = rng.random((n_rows, 16)) < 0.15
    hidden[:, [2, 7, 8, 11]] = True  # the core
    hidden[0] = False
    hidden[0, [2, 7, 8, 11]] = True  # a sample with the core alone
    offset, variance, _ = conditional_gaussian(np.linalg.inv(covariance), deviation, hidden)
    expected_offset, expected_variance = _dense_conditional(covariance, deviation, hidden)
    np.testing.assert_allclose(offset, expected_offset, atol=1e-10)
    np.testing.assert_allclose(variance, expected_variance, atol=1e-10)
    assert (offset[~hidden] == 0).all() and (variance[~hidden] == 0).all()
    alone, none, _ = conditional_gaussian(np.linalg.inv(covariance), deviation, hidden, with_variance=False)
    assert none is None and np.array_equal(alone, offset)


@pytest.mark.parametrize("core", [False, True])  # each pattern factorised alone; or around a core hidden everywhere
def test_conditional_draws_are_joint_with_the_conditional_covariance(core):
    """The draws' noise over a sample's hidden entries has the conditional covariance Σ_hh - Σ_ho Σ_oo⁻¹ Σ_oh (not only
    its diagonal), is 0 where observed, and each draw is Lᵀ-whitened: xᵀ Q_hh x = zᵀ z exactly."""
    rng = np.random.default_rng(7)
    covariance = shrunk_covariance(sample_covariance(rng.normal(size=(60, 10)) @ rng.normal(size=(10, 10))), 0.1)
    precision = np.linalg.inv(covariance)
    hidden = rng.random((12, 10)) < 0.4
    if core:
        hidden[:, [1, 4, 5]] = True
    hidden[:, 0] = hidden[:, 0] | (np.arange(12) == 3)
    normals = rng.standard_normal((6000, 12, 10))
    _, variance, noise = conditional_gaussian(precision, np.zeros((12, 10)), hidden, normals=normals)
    assert (noise[:, ~hidden] == 0).all()
    for i in range(12):
        h = hidden[i]
        o = ~h
        expected = covariance[np.ix_(h, h)] - covariance[np.ix_(h, o)] @ np.linalg.solve(
            covariance[np.ix_(o, o)], covariance[np.ix_(o, h)]
        )
        draws = noise[:, i, h]
        np.testing.assert_allclose(
            np.cov(draws.T, bias=True).reshape(expected.shape), expected, atol=0.06 * expected.diagonal().max()
        )
        np.testing.assert_allclose(np.diag(np.atleast_2d(expected)), variance[i, h], rtol=1e-8)
        quadratic = np.einsum("dj,jk,dk->d", draws, precision[np.ix_(h, h)], draws)
        np.testing.assert_allclose(quadratic, np.square(normals[:, i, h]).sum(axis=1), rtol=1e-8)


def test_gaussian_without_mrna_equals_a_direct_dense_computation():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=4, n_ref=80, n_cnv=10)
    masked = tgt_cnv.mask(make_mask(tgt_cnv.to_numpy(), "random", 0.3, np.random.default_rng(0)))
    imputed = GaussianImputer(use_mrna=False, shrinkages=[0.2]).fit(ref_mrna, ref_cnv).impute(tgt_mrna, masked)
    reference = ref_cnv.to_numpy()
    covariance = np.cov(reference.T, bias=True)
    covariance = 0.8 * covariance + 0.2 * np.diag(np.diag(covariance))
    hidden = masked.isna().to_numpy()
    offset, _ = _dense_conditional(covariance, masked.to_numpy() - reference.mean(axis=0), hidden)
    expected = np.where(hidden, reference.mean(axis=0) + offset, masked.to_numpy())
    np.testing.assert_allclose(imputed.to_numpy(), expected, atol=1e-10)


def test_gaussian_falls_back_to_ridge_on_whole_missing_profiles_and_beats_it_with_observed_cnv():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=6, n_ref=300, n_target=60, n_mrna=12, n_cnv=20)
    # CNV genes correlated with each other beyond what mRNA explains
    rng = np.random.default_rng(0)
    shared = rng.normal(size=(len(ref_cnv) + len(tgt_cnv), 1))
    ref_cnv, tgt_cnv = ref_cnv + shared[: len(ref_cnv)], tgt_cnv + shared[len(ref_cnv) :]
    hidden = make_mask(tgt_cnv.to_numpy(), "random", 0.2, rng)
    hidden[:20] = True
    gaussian = GaussianImputer().fit(ref_mrna, ref_cnv)
    ridge, _ = fit_ridge(ref_mrna.to_numpy(), ref_cnv.to_numpy())
    imputed = gaussian.impute(tgt_mrna, tgt_cnv.mask(hidden)).to_numpy()
    # whole profiles: ridge, shrunk towards the reference mean by the held-out weight of the CNV-only model
    ridge_part = ridge.predict(tgt_mrna.to_numpy()[:20])
    expected = ridge_part + gaussian.blend_.weight[0] * (ref_cnv.mean().to_numpy() - ridge_part)
    np.testing.assert_allclose(imputed[:20], expected, atol=1e-10)
    assert gaussian.blend_.weight[0] < 0.2
    truth = tgt_cnv.to_numpy()
    partly = hidden.copy()
    partly[:20] = False
    error = lambda prediction: np.mean((prediction - truth)[partly] ** 2)  # noqa: E731
    assert error(imputed) < 0.5 * error(ridge.predict(tgt_mrna.to_numpy()))


def test_softimpute_is_the_fixed_point_of_the_soft_impute_iteration():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=7, n_ref=60, n_cnv=10)
    masked = tgt_cnv.mask(make_mask(tgt_cnv.to_numpy(), "random", 0.3, np.random.default_rng(2)))
    imputer = SoftImputeImputer(use_mrna=False, penalties=[0.05]).fit(ref_mrna, ref_cnv)
    reference = ref_cnv.to_numpy()
    _, s, vt = np.linalg.svd(reference - reference.mean(axis=0), full_matrices=False)
    operator = (vt.T * (np.maximum(s - 0.05 * s[0], 0) / s)) @ vt  # S_λ on a centred row
    hidden = masked.isna().to_numpy()
    z = np.where(hidden, 0.0, masked.to_numpy() - reference.mean(axis=0))
    for _ in range(3000):
        z = np.where(hidden, z @ operator, z)
    np.testing.assert_allclose(imputer.impute(tgt_mrna, masked).to_numpy(), z + reference.mean(axis=0), atol=1e-6)


def test_mice_rounds_converge_to_the_conditional_mean_of_its_ridge_gaussian():
    rng = np.random.default_rng(3)
    columns = rng.normal(size=(100, 8)) @ rng.normal(size=(8, 8))
    imputer = MICEImputer(alphas=[5.0]).fit(pd.DataFrame(columns[:, :0]), pd.DataFrame(columns))
    target = rng.normal(size=(6, 8)) @ rng.normal(size=(8, 8))
    hidden = rng.random(target.shape) < 0.3
    centred = columns - columns.mean(axis=0)
    covariance = centred.T @ centred + 5.0 * np.eye(8)  # the ridge regressions' implied Gaussian
    offset, _, _ = conditional_gaussian(np.linalg.inv(covariance), target - columns.mean(axis=0), hidden)
    converged = chained_equations(np.where(hidden, np.nan, target), imputer.mean_, imputer.coefficients_, rounds=500)
    np.testing.assert_allclose(converged, np.where(hidden, columns.mean(axis=0) + offset, target), atol=1e-8)


def test_band_blend_recovers_the_weight_and_calibrates_the_interval():
    rng = np.random.default_rng(0)
    hidden = np.zeros((3000, 4), dtype=bool)
    hidden[:1000] = True  # band 0: nothing observed
    hidden[1000:, 0] = True  # band 2: three quarters observed
    truth = rng.normal(size=hidden.shape)
    base = np.zeros(hidden.shape)
    other = truth / 0.3 + rng.normal(size=hidden.shape) * 0.01  # the best weight is 0.3
    spread = np.full(hidden.shape, 0.5)
    blend = BandBlend.fit(truth, base, other, spread, hidden)
    assert observed_band(~hidden)[[0, 1500]].tolist() == [0, 2]
    np.testing.assert_allclose(blend.weight[[0, 2]], 0.3, atol=0.01)
    assert blend.weight[1] == 1.0 and blend.scale[1] == 1.0  # no held-out entries in band 1
    prediction, calibrated = blend.apply(base, other, spread, ~hidden)
    covered = np.abs(truth - prediction)[hidden] <= Z_90 * calibrated[hidden]
    assert abs(covered.mean() - 0.9) < 0.01


@pytest.mark.parametrize("use_mrna", [False, True])
def test_mice_blocked_sweep_equals_one_gene_at_a_time(use_mrna):
    rng = np.random.default_rng(3)
    n_mrna = 7 if use_mrna else 0
    columns = rng.normal(size=(40, n_mrna + 23)) @ rng.normal(size=(n_mrna + 23, n_mrna + 23))
    hidden = rng.random((40, 23)) < 0.3
    hidden[:5] = True  # whole profiles
    hidden[:, 4] = True  # a whole gene
    hidden[:, 9] = False  # a gene with nothing hidden
    coefficients = rng.normal(size=(n_mrna + 23, 23)) / 10
    coefficients[n_mrna + np.arange(23), np.arange(23)] = 0.0
    mean = columns.mean(axis=0)
    masked = columns.copy()
    masked[:, n_mrna:][hidden] = np.nan
    values = np.where(np.isnan(masked), mean, masked) - mean  # the sweep written plainly
    for _ in range(3):
        for j in range(23):
            rows = hidden[:, j]
            values[rows, n_mrna + j] = values[rows] @ coefficients[:, j]
    for block in (1, 5, 64):
        np.testing.assert_allclose(
            chained_equations(masked, mean, coefficients, 3, block=block),
            (values + mean)[:, n_mrna:],
            rtol=1e-10,
            atol=1e-12,
        )
