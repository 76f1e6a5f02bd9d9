"""Multiple imputation: the imputers' draws, their scores and Rubin's rules (no Kedro)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import accuracy_score, f1_score

from multiomics_imputation.imputers.gaussian import GaussianImputer
from multiomics_imputation.imputers.knn import KNNImputer
from multiomics_imputation.scoring.draws import correlation_gap, draw_scores
from multiomics_imputation.scoring.pooling import bootstrap_variances, interval, rubin
from multiomics_imputation.study.masks import make_mask
from tests.conftest import small_matrices


def _known_gaussian(n: int, seed: int = 0):
    """Samples of a known 8-gene Gaussian (strongly correlated genes) and its covariance."""
    rng = np.random.default_rng(seed)
    loadings = rng.normal(size=(8, 3))
    covariance = loadings @ loadings.T + 0.3 * np.eye(8)
    values = rng.multivariate_normal(np.zeros(8), covariance, size=n)
    genes = [f"g{i}" for i in range(8)]
    frame = pd.DataFrame(values, columns=genes, index=[f"s{i}" for i in range(n)])
    mrna = pd.DataFrame(rng.normal(size=(n, 2)), columns=["a", "b"], index=frame.index)  # unrelated: use_mrna=False
    return mrna, frame, covariance


def test_gaussian_draws_have_the_true_conditional_mean_and_covariance_and_cover_90_percent():
    mrna, cnv, covariance = _known_gaussian(6000)
    reference, target = slice(0, 4000), slice(4000, 6000)
    # a large held-out part, so that the calibrated scale of the SD is close to 1 (it is estimated, per band)
    imputer = GaussianImputer(use_mrna=False, shrinkages=[0.001], validation_fraction=0.5, max_validation_samples=2000)
    imputer.fit(mrna.iloc[reference], cnv.iloc[reference])
    truth = cnv.iloc[target]
    hidden = np.zeros(truth.shape, dtype=bool)
    hidden[:, [1, 2, 5]] = True  # the same pattern in every sample: one conditional law to compare with
    hidden[::2, 6] = True  # and a second pattern
    masked = truth.mask(hidden)
    draws = imputer.impute_draws(mrna.iloc[target], masked, draws=200, seed=3)
    values = draws.to_numpy().reshape(200, *truth.shape)

    h, o = [1, 2, 5], [0, 3, 4, 6, 7]
    gain = covariance[np.ix_(h, o)] @ np.linalg.inv(covariance[np.ix_(o, o)])
    conditional = covariance[np.ix_(h, h)] - gain @ covariance[np.ix_(o, h)]
    rows = np.arange(1, truth.shape[0], 2)  # the samples with the first pattern
    expected_mean = truth.to_numpy()[np.ix_(rows, o)] @ gain.T
    np.testing.assert_allclose(values[:, rows][:, :, h].mean(axis=0), expected_mean, atol=0.35)  # 200 draws
    deviations = (values[:, rows][:, :, h] - expected_mean).reshape(-1, 3)
    np.testing.assert_allclose(np.cov(deviations.T, bias=True), conditional, atol=0.08 * conditional.max())
    assert (
        abs(np.corrcoef(deviations.T)[0, 1] - conditional[0, 1] / np.sqrt(conditional[0, 0] * conditional[1, 1])) < 0.05
    )

    low, high = np.quantile(values, [0.05, 0.95], axis=0)
    inside = (truth.to_numpy() >= low) & (truth.to_numpy() <= high)
    assert abs(inside[hidden].mean() - 0.90) < 0.03  # 200 draws: their 5-95% quantiles hold ~89% of a new value
    assert draw_scores(truth.to_numpy(), values[:20], hidden)["draw_coverage_90"] == pytest.approx(0.90, abs=0.02)


def test_draws_repeat_keep_observed_entries_and_one_draw_is_the_first_of_many():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=2, n_ref=90, n_cnv=12)
    hidden = make_mask(tgt_cnv.to_numpy(), "random", 0.3, np.random.default_rng(0))
    hidden[:3] = True  # whole profiles too: drawn from the mRNA-based prediction and its residual covariance
    masked = tgt_cnv.mask(hidden)
    imputer = GaussianImputer().fit(ref_mrna, ref_cnv)
    five = imputer.impute_draws(tgt_mrna, masked, draws=5, seed=11)
    assert five.index.names == ["draw", tgt_cnv.index.name or "sample"]
    one = imputer.impute_draws(tgt_mrna, masked, draws=1, seed=11)
    pd.testing.assert_frame_equal(one, five.loc[[0]])
    pd.testing.assert_frame_equal(five, imputer.impute_draws(tgt_mrna, masked, draws=5, seed=11))
    for d in range(5):
        draw = five.loc[d]
        assert not draw.isna().any().any()
        np.testing.assert_array_equal(draw.to_numpy()[~hidden], tgt_cnv.to_numpy()[~hidden])
        assert (draw.to_numpy()[hidden] != five.loc[(d + 1) % 5].to_numpy()[hidden]).all()
    # the draws scatter around the point imputation by its calibrated SD
    point, sd = imputer.impute_with_uncertainty(tgt_mrna, masked)
    spread = five.to_numpy().reshape(5, *tgt_cnv.shape).std(axis=0, ddof=1)
    ratio = spread[hidden].mean() / sd.to_numpy()[hidden].mean()
    assert 0.7 < ratio < 1.3
    assert imputer.impute_draws(tgt_mrna, masked, draws=2, seed=12).loc[0].ne(five.loc[0]).any().any()


def test_a_method_without_a_predictive_distribution_does_not_draw():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=2, n_ref=40, n_cnv=6)
    imputer = KNNImputer(n_neighbors=3).fit(ref_mrna, ref_cnv)
    with pytest.raises(ValueError, match="no predictive distribution"):
        imputer.impute_draws(tgt_mrna, tgt_cnv.mask(tgt_cnv > 1), draws=3, seed=0)


def test_rubins_rules_against_a_hand_computation():
    estimates, variances = [0.60, 0.64, 0.58, 0.62], [0.0010, 0.0012, 0.0011, 0.0009]
    m = 4
    q_bar = sum(estimates) / m  # 0.61
    u_bar = sum(variances) / m  # 0.00105
    b = sum((q - q_bar) ** 2 for q in estimates) / (m - 1)  # 0.0004 / 0.75... by hand: (1+9+9+1)e-4 / 3
    assert b == pytest.approx(20e-4 / 3)
    t = u_bar + (1 + 1 / m) * b
    lam = (1 + 1 / m) * b / t
    df_old = (m - 1) / lam**2
    r = (1 + 1 / m) * b / u_bar
    pooled = rubin(estimates, variances)
    assert pooled["estimate"] == pytest.approx(q_bar)
    assert pooled["within"] == pytest.approx(u_bar) and pooled["between"] == pytest.approx(b)
    assert pooled["total"] == pytest.approx(t) and pooled["df"] == pytest.approx(df_old)
    assert pooled["fmi"] == pytest.approx((r + 2 / (df_old + 3)) / (r + 1))
    # Barnard and Rubin's correction with 100 complete-data degrees of freedom
    df_obs = (101 / 103) * 100 * (1 - lam)
    assert rubin(estimates, variances, df_complete=100)["df"] == pytest.approx(df_old * df_obs / (df_old + df_obs))
    low, high = interval(pooled["estimate"], pooled["total"], pooled["df"])
    assert high - q_bar == pytest.approx(stats.t.ppf(0.975, df_old) * np.sqrt(t))
    # identical draws: no between-imputation variance, nothing missing
    same = rubin([0.5, 0.5, 0.5], [0.01, 0.01, 0.01])
    assert same["between"] == 0 and same["fmi"] == 0 and np.isinf(same["df"]) and same["total"] == 0.01
    with pytest.raises(ValueError, match="at least 2"):
        rubin([0.5], [0.01])
    # no within variance (every tested sample right in every resample): Rubin's df, m - 1, not the correction's 0
    assert rubin([0.9, 1.0, 1.0], [0.0, 0.0, 0.0], df_complete=20)["df"] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="df_complete must be positive"):
        rubin([0.5, 0.6], [0.01, 0.01], df_complete=0)


def test_bootstrap_variances_match_the_metrics_variance_over_resampled_samples():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 120)
    predicted = np.where(rng.random(120) < 0.7, labels, rng.integers(0, 3, 120))
    samples = np.array([f"s{i}" for i in range(120)])
    variances = bootstrap_variances(labels, predicted, samples, resamples=400, seed=1)
    direct = {"accuracy": [], "f1_macro": []}
    picks = np.random.default_rng(5)
    for _ in range(400):
        i = picks.integers(0, 120, 120)
        direct["accuracy"].append(accuracy_score(labels[i], predicted[i]))
        direct["f1_macro"].append(f1_score(labels[i], predicted[i], average="macro", zero_division=0))
    for metric in direct:
        assert variances[metric] == pytest.approx(np.var(direct[metric], ddof=1), rel=0.2)
    acc = accuracy_score(labels, predicted)
    assert variances["accuracy"] == pytest.approx(acc * (1 - acc) / 120, rel=0.2)  # the binomial variance
    assert variances == bootstrap_variances(labels, predicted, samples, resamples=400, seed=1)


def test_draw_scores_tell_joint_draws_from_independent_noise():
    """Truth and draws from the same correlated law: coverage 90%; independent noise with the right SDs has the
    same marginal scores (coverage, CRPS) but a worse energy score, loses the gene-gene correlations and the
    interval of a sample's mean."""
    rng = np.random.default_rng(4)
    p = 6
    covariance = 0.8 * np.ones((p, p)) + 0.2 * np.eye(p)
    law = lambda size: rng.multivariate_normal(np.zeros(p), covariance, size=size)  # noqa: E731
    truth = law(3000)
    hidden = np.ones(truth.shape, dtype=bool)
    hidden[:, 0] = False
    joint = np.stack([law(3000) for _ in range(10)])
    independent = rng.normal(size=joint.shape) * np.sqrt(np.diag(covariance))
    joint[:, ~hidden], independent[:, ~hidden] = truth[~hidden], truth[~hidden]
    good, bad = draw_scores(truth, joint, hidden), draw_scores(truth, independent, hidden)
    assert good["draw_coverage_90"] == pytest.approx(0.90, abs=0.015)
    assert bad["draw_coverage_90"] == pytest.approx(0.90, abs=0.015)
    assert good["crps"] == pytest.approx(bad["crps"], rel=0.03)
    assert good["energy_score"] < 0.97 * bad["energy_score"]
    assert good["draw_correlation_gap"] < 0.05 < 0.7 < bad["draw_correlation_gap"]
    # a sample's mean over its 5 hidden values: independent noise makes its interval far too narrow
    assert good["sample_mean_coverage_90"] == pytest.approx(0.90, abs=0.02) and bad["sample_mean_coverage_90"] < 0.7
    lonely = np.zeros_like(hidden)
    lonely[:5, 1:3] = True  # pairs hidden together in fewer than 10 samples: no correlation to compare
    assert np.isnan(correlation_gap(truth, joint, lonely))


def test_draws_are_off_by_default_refused_at_one_and_drawn_only_by_methods_that_can():
    from multiomics_imputation.imputers import read_methods
    from multiomics_imputation.pipelines import classification, evaluation, imputation
    from multiomics_imputation.run_parameters import project_parameters
    from multiomics_imputation.study.design import DesignError, Scenario, multiple_imputation_draws

    parameters = project_parameters()
    assert multiple_imputation_draws(parameters) == 0 and multiple_imputation_draws({}) == 0
    for draws in (1, -2, 2.5):
        with pytest.raises(DesignError, match="multiple_imputation.draws"):
            multiple_imputation_draws({"multiple_imputation": {"draws": draws, "seed": 0, "bootstrap_resamples": 200}})
    methods = list(
        read_methods(
            {
                "knn": {"class": "multiomics_imputation.imputers.knn.KNNImputer"},
                "gaussian": {"class": "multiomics_imputation.imputers.gaussian.GaussianImputer"},
            }
        ).values()
    )
    grid = [Scenario("random", 0.1)]
    settings = parameters["classification"]

    def drawing_nodes(draws: int) -> set[str]:
        built = (
            imputation.create_pipeline(grid, methods, draws)
            + evaluation.create_pipeline(grid, methods, draws)
            + classification.create_pipeline(grid, methods, settings, draws)
        )
        return {n.name for n in built.nodes if "draw" in n.name or "pool" in n.name}

    assert drawing_nodes(0) == set()  # today's runs keep their cost
    assert drawing_nodes(3) == {
        "random_10.gaussian.draw_scenario",
        "random_10.gaussian.evaluate_draws",
        "random_10.gaussian.classify_draws",
        "pool_classification",
    }
