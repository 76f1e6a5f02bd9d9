import numpy as np
import pytest

from multiomics_imputation.study.masks import PATTERNS, make_mask, scenario_name, scenario_rng


@pytest.fixture
def values():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(200, 150))
    values[rng.random(values.shape) < 0.02] = np.nan  # source NaNs
    return values


PAPER_PATTERNS = ("paper_sample", "paper_feature")


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p not in PAPER_PATTERNS])
@pytest.mark.parametrize("rate", [0.05, 0.2, 0.5])
def test_each_pattern_hits_its_rate_and_never_masks_a_source_nan(values, pattern, rate):
    mask = make_mask(values, pattern, rate, scenario_rng(0, scenario_name(pattern, rate)))
    observed = ~np.isnan(values)
    assert not (mask & ~observed).any()
    assert mask.sum() / observed.sum() == pytest.approx(rate, abs=0.01)
    if pattern == "sample":
        rows = mask.any(axis=1)
        assert (mask[rows] == observed[rows]).all()  # whole profiles
        assert rows.mean() == pytest.approx(rate, abs=0.005)
    if pattern == "feature":
        cols = mask.any(axis=0)
        assert (mask[:, cols] == observed[:, cols]).all()  # whole genes
        assert cols.mean() == pytest.approx(rate, abs=0.005)


@pytest.mark.parametrize("rate", [0.05, 0.1, 0.2])
def test_the_paper_s_targeted_masks_hit_their_documented_effective_rates(rate):
    rng = np.random.default_rng(5)
    values = rng.normal(size=(1000, 3105)) * rng.uniform(0.9, 1.1, size=3105)  # standardised-like: variances near 1
    values[rng.random(values.shape) < 0.01] = np.nan
    observed = ~np.isnan(values)
    high, low = min(0.95, rate + 0.15), rate / 2
    by_sample = make_mask(values, "paper_sample", rate, scenario_rng(0, scenario_name("paper_sample", rate)))
    per_sample = by_sample.sum(axis=1) / observed.sum(axis=1)
    targeted = per_sample > (high + low) / 2
    assert targeted.mean() == pytest.approx(0.3, abs=0.001)  # 30% of the samples
    assert per_sample[targeted].mean() == pytest.approx(high, abs=0.005)
    assert per_sample[~targeted].mean() == pytest.approx(low, abs=0.005)
    assert by_sample.sum() / observed.sum() == pytest.approx(0.3 * high + 0.7 * low, abs=0.003)  # 11% at p = 0.1
    assert by_sample.all(axis=1).sum() == 0 and not (by_sample & ~observed).any()  # no whole profile; no source NaN
    by_gene = make_mask(values, "paper_feature", rate, scenario_rng(0, scenario_name("paper_feature", rate)))
    top = np.argsort(-np.nanvar(values, axis=0))[:500]
    per_gene = by_gene.sum(axis=0) / observed.sum(axis=0)
    assert per_gene[top].mean() == pytest.approx(high, abs=0.005)
    assert np.delete(per_gene, top).mean() == pytest.approx(low, abs=0.005)
    assert by_gene.sum() / observed.sum() == pytest.approx((500 * high + 2605 * low) / 3105, abs=0.003)


def test_a_renamed_pattern_hides_the_entries_its_old_name_hid_and_the_old_name_still_works(values, caplog):
    import zlib

    from multiomics_imputation.study.design import check_processing_and_missingness_settings, scenarios

    first_stream = np.random.default_rng([3, zlib.crc32(b"seed_sample_10")])
    assert (
        make_mask(values, "paper_sample", 0.1, scenario_rng(3, "paper_sample_10"))
        == make_mask(values, "paper_sample", 0.1, first_stream)
    ).all()
    old = {"patterns": ["seed_sample", "random"], "rates": [0.1]}
    assert [s.name for s in scenarios(old)] == ["paper_sample_10", "random_10"]
    parameters = {"data_processing": {"target_fraction": 0.3, "max_missing_fraction": 0.2, "split_seed": 0}}
    check_processing_and_missingness_settings({**parameters, "missingness": old})
    assert "missingness.patterns: seed_sample is now called paper_sample" in caplog.text


def test_mnar_hides_extreme_values_more_often(values):
    mask = make_mask(values, "mnar", 0.2, np.random.default_rng(1), mnar_strength=1.0)
    extreme = np.abs(np.nan_to_num(values)) > 1.5
    assert mask[extreme].mean() > 2 * mask[~extreme & ~np.isnan(values)].mean()


def test_seeds_repeat_exactly_and_differ_between_seeds_and_scenarios(values):
    first = make_mask(values, "random", 0.1, scenario_rng(3, "random_10"))
    again = make_mask(values, "random", 0.1, scenario_rng(3, "random_10"))
    other_seed = make_mask(values, "random", 0.1, scenario_rng(4, "random_10"))
    other_scenario = make_mask(values, "random", 0.1, scenario_rng(3, "mnar_10"))
    assert (first == again).all()
    assert not (first == other_seed).all() and not (first == other_scenario).all()


def test_scenario_names_and_bad_arguments():
    assert scenario_name("random", 0.05) == "random_05"
    assert scenario_name("sample", 0.2) == "sample_20"
    assert scenario_name("feature", 0.5) == "feature_50"
    with pytest.raises(ValueError, match="unknown missingness pattern"):
        make_mask(np.zeros((3, 3)), "blocks", 0.1, np.random.default_rng())
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        make_mask(np.zeros((3, 3)), "random", 1.0, np.random.default_rng())
