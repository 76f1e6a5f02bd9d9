import numpy as np
import pandas as pd

from multiomics_imputation.study.scaling import scale
from multiomics_imputation.study.splits import split_study


def test_each_split_table_is_the_whole_cohort_scaled_then_cut():
    rng = np.random.default_rng(0)
    samples = [f"s{i}" for i in range(40)]
    mrna = pd.DataFrame(rng.normal(size=(40, 6)), index=samples, columns=[f"m{j}" for j in range(6)])
    cnv = pd.DataFrame(
        rng.integers(-2, 3, size=(40, 5)).astype(float), index=samples, columns=[f"c{j}" for j in range(5)]
    )
    cnv.iloc[3, 1] = cnv.iloc[30, 2] = mrna.iloc[5, 0] = np.nan  # source NaNs
    labels = pd.Series([0, 1] * 20, index=samples)
    data = split_study("toy", mrna, cnv, labels, target_fraction=0.25, split_seed=0, replicates=[0, 1])
    for replicate in data.replicates:
        split, target = data.split(replicate), data.is_target[replicate].to_numpy()
        whole_mrna = scale(mrna, data.mrna_scalers[replicate]).fillna(0.0)
        whole_cnv = scale(cnv, data.cnv_scalers[replicate])
        pd.testing.assert_frame_equal(split.reference_mrna, whole_mrna[~target])
        pd.testing.assert_frame_equal(split.target_mrna, whole_mrna[target])
        pd.testing.assert_frame_equal(split.reference_cnv, whole_cnv[~target].fillna(0.0))
        pd.testing.assert_frame_equal(split.target_cnv, whole_cnv[target])  # source NaNs stay: nothing to score
        pd.testing.assert_series_equal(split.target_labels, labels[target])
        assert split.target_cnv is split.target_cnv  # computed once per split
    assert not data.split(0).target_labels.index.equals(data.split(1).target_labels.index)
    assert data.integer_cnv and not split_study("toy", mrna, cnv + 0.5, labels, 0.25, 0, [0]).integer_cnv
