import numpy as np
import pytest

from multiomics_imputation.masks import PATTERNS, make_mask, scenario_name, scenario_rng


@pytest.fixture
def values():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(200, 150))
    values[rng.random(values.shape) < 0.02] = np.nan  # source NaNs
    return values


@pytest.mark.parametrize("pattern", PATTERNS)
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
