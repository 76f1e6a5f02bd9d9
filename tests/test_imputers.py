import functools
import inspect
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.impute import KNNImputer as SklearnKNNImputer

from multiomics_imputation.imputers import Imputer, read_methods
from multiomics_imputation.imputers.base import NotFittedError
from multiomics_imputation.imputers.cancer_type_mean import CancerTypeMeanImputer
from multiomics_imputation.imputers.knn import KNNImputer
from multiomics_imputation.imputers.linear import LinearRegressionImputer, RidgeImputer
from multiomics_imputation.imputers.mean import MeanImputer
from multiomics_imputation.imputers.mice import MICEImputer
from multiomics_imputation.imputers.softimpute import SoftImputeImputer
from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.study.masks import make_mask
from tests.conftest import PROJECT_ROOT, small_matrices


def _hide(cnv: pd.DataFrame, rate=0.3, seed=0, whole_rows=0) -> pd.DataFrame:
    mask = make_mask(cnv.to_numpy(), "random", rate, np.random.default_rng(seed))
    mask[:whole_rows] = True
    return cnv.mask(mask)


@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("use_mrna", [False, True])
def test_knn_equals_scikit_learn(weights, use_mrna):
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=2, n_ref=70, n_target=40)
    masked = _hide(tgt_cnv, whole_rows=4)
    ours = KNNImputer(n_neighbors=5, weights=weights, use_mrna=use_mrna).fit(ref_mrna, ref_cnv).impute(tgt_mrna, masked)
    fit_rows = [ref_cnv.to_numpy(), masked.to_numpy()]
    if use_mrna:
        fit_rows = [np.hstack([ref_cnv, ref_mrna]), np.hstack([masked, tgt_mrna])]
    theirs = SklearnKNNImputer(n_neighbors=5, weights=weights).fit_transform(np.vstack(fit_rows))[
        70:, : ref_cnv.shape[1]
    ]
    assert np.abs(ours.to_numpy() - theirs).max() < 1e-6


def test_knn_with_few_donors_uses_those_it_has():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(n_ref=3, n_target=5)
    masked = _hide(tgt_cnv, rate=0.5)
    ours = KNNImputer(n_neighbors=10).fit(ref_mrna, ref_cnv).impute(tgt_mrna, masked)
    theirs = SklearnKNNImputer(n_neighbors=10).fit_transform(np.vstack([ref_cnv, masked]))[3:]
    assert np.abs(ours.to_numpy() - theirs).max() < 1e-9


#: Settings that keep every configured method quick on the tests' small matrices (where a method takes them).
QUICK = {
    "hidden": [16, 8, 16],
    "epochs": 3,
    "n_models": 2,
    "threads": 1,
    "shrinkages": [0.1, 0.3],
    "penalties": [0.01, 0.1],
    "alphas": [1.0, 10.0],
    "n_neighbors": 3,
}


def configured_methods(project: Path) -> dict[str, Callable[[], Imputer]]:
    """Every method of a project's `methods` parameters (opt-in ones too), each as a maker of a quick imputer."""
    methods = project_parameters(project)["methods"]
    described = read_methods({name: {**config, "enabled": True} for name, config in methods.items()})

    def quick(method) -> Imputer:
        accepted = inspect.signature(method.cls).parameters
        return method.cls(**{**method.arguments, **{k: v for k, v in QUICK.items() if k in accepted}})

    return {name: functools.partial(quick, method) for name, method in described.items()}


CONFIGURED = configured_methods(Path(os.environ.get("METHODS_PROJECT", PROJECT_ROOT)))

# The contract tests run on every configured method (a new method is tested by its YAML line alone; set
# METHODS_PROJECT to test another project's configuration), and on two variants the configuration does not use.
METHODS = {
    **CONFIGURED,
    "softimpute_mrna": lambda: SoftImputeImputer(use_mrna=True, penalties=[0.01, 0.1]),
    "mice_mrna": lambda: MICEImputer(use_mrna=True, alphas=[1.0, 10.0]),
}


@pytest.mark.parametrize("name", METHODS)
def test_observed_entries_are_returned_unchanged_and_all_nans_filled(name):
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices()
    masked = _hide(tgt_cnv, whole_rows=2)
    imputed = METHODS[name]().fit(ref_mrna, ref_cnv, ref_labels).impute(tgt_mrna, masked, tgt_labels)
    assert imputed.notna().all().all()
    observed = masked.notna()
    assert (imputed[observed] == masked[observed]).sum().sum() == observed.sum().sum()
    assert imputed.index.equals(masked.index) and imputed.columns.equals(masked.columns)


@pytest.mark.parametrize("name", METHODS)
def test_hidden_truth_never_changes_an_imputation_or_its_spread(name):
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices(seed=3)
    hidden = make_mask(tgt_cnv.to_numpy(), "random", 0.3, np.random.default_rng(1))
    hidden[:3] = True
    imputer = METHODS[name]().fit(ref_mrna, ref_cnv, ref_labels)
    results = []
    for truth in (tgt_cnv, tgt_cnv.mask(hidden, tgt_cnv * 100 + 50)):
        imputed, spread = imputer.impute_with_uncertainty(tgt_mrna, truth.mask(hidden), tgt_labels)
        results.append((imputed, spread))
    pd.testing.assert_frame_equal(results[0][0], results[1][0])
    if imputer.has_uncertainty:
        pd.testing.assert_frame_equal(results[0][1], results[1][1])
        assert (results[0][1].to_numpy()[hidden] > 0).all()
        draws = [
            imputer.impute_draws(tgt_mrna, truth.mask(hidden), 3, seed=5, labels=tgt_labels)
            for truth in (tgt_cnv, tgt_cnv.mask(hidden, tgt_cnv * 100 + 50))
        ]
        pd.testing.assert_frame_equal(*draws)  # the draws too
        for _, draw in draws[0].groupby(level="draw"):
            values = draw.droplevel("draw").to_numpy()
            np.testing.assert_array_equal(values[~hidden], tgt_cnv.to_numpy()[~hidden])
            assert np.isfinite(values).all()


@pytest.mark.parametrize("name", METHODS)
def test_a_seeded_fit_repeats_exactly_and_uncertainty_comes_where_claimed(name):
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices(seed=4)
    masked = _hide(tgt_cnv, whole_rows=2)
    runs = [
        METHODS[name]().fit(ref_mrna, ref_cnv, ref_labels).impute_with_uncertainty(tgt_mrna, masked, tgt_labels)
        for _ in range(2)
    ]
    pd.testing.assert_frame_equal(runs[0][0], runs[1][0], check_exact=True)
    assert (runs[0][1] is not None) == METHODS[name]().has_uncertainty
    if runs[0][1] is not None:
        pd.testing.assert_frame_equal(runs[0][1], runs[1][1], check_exact=True)
        assert runs[0][1].shape == masked.shape


def test_a_method_added_to_the_configuration_gets_the_contract_tests(project):
    methods_file = project / "conf/base/parameters_methods.yml"  # one YAML line, as a developer adds a method
    methods_file.write_text(
        methods_file.read_text().replace(
            "methods:\n", "methods:\n  throwaway: {class: multiomics_imputation.imputers.mean.MeanImputer}\n", 1
        )
    )
    assert "throwaway" in configured_methods(project) and "throwaway" not in METHODS
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", str(Path(__file__))],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "METHODS_PROJECT": str(project)},
    ).stdout
    for test in (
        "test_observed_entries_are_returned_unchanged_and_all_nans_filled",
        "test_hidden_truth_never_changes_an_imputation_or_its_spread",
        "test_a_seeded_fit_repeats_exactly_and_uncertainty_comes_where_claimed",
    ):
        assert f"{test}[throwaway]" in collected and f"{test}[gaussian]" in collected


@pytest.mark.parametrize("name", CONFIGURED)
def test_imputers_follow_scikit_learns_conventions(name):
    """Keyword-only __init__ that stores its arguments as given, checks at fit, fitted attributes ending in _,
    impute before fit a clear error, and numpydoc sections on the class."""
    imputer = CONFIGURED[name]()
    cls = type(imputer)
    parameters = [p for p in inspect.signature(cls).parameters.values() if p.kind is not p.VAR_KEYWORD]
    assert all(p.kind is p.KEYWORD_ONLY for p in parameters), f"{cls.__name__}: positional parameters"
    for parameter in parameters:
        sentinel = object()  # stored unchanged, not checked or copied, until fit
        assert getattr(cls(**{parameter.name: sentinel}), parameter.name) is sentinel
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices()
    with pytest.raises(NotFittedError, match=rf"this {cls.__name__} is not fitted yet: call fit"):
        imputer.impute(tgt_mrna, tgt_cnv, tgt_labels)
    before = set(vars(imputer))
    imputer.fit(ref_mrna, ref_cnv, ref_labels)
    learnt = set(vars(imputer)) - before
    assert learnt and all(a.endswith("_") and not a.startswith("_") for a in learnt), learnt
    documented = inspect.getdoc(cls)
    assert "Attributes\n----------" in documented
    assert not parameters or "Parameters\n----------" in documented
    assert all(a in documented for a in learnt), f"{cls.__name__}: undocumented {learnt}"
    if parameters:  # a bad setting is refused by fit, naming it
        first = next(p for p in parameters if p.name not in ("use_mrna", "linear_skip"))
        with pytest.raises(ValueError, match=first.name):
            cls(**{first.name: "not a setting"}).fit(ref_mrna, ref_cnv, ref_labels)


@pytest.mark.parametrize("name", METHODS)
def test_rare_calls_constant_in_a_part_of_the_reference_are_imputed(name):
    """GISTIC-like calls of rare events: a gene altered in one reference sample only is constant in every
    part of the reference that leaves that sample out, such as the held-out parts methods choose settings on."""
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices(seed=6)
    calls = pd.concat([ref_cnv, tgt_cnv]).clip(-2, 2).round()
    calls.iloc[:, :6] = 0.0
    for gene, row in enumerate(range(0, 60, 10)):  # genes 0-5: one altered reference sample each
        calls.iloc[row, gene] = 2.0
    reference = calls.iloc[: len(ref_cnv)]
    calls = (calls - reference.mean()) / reference.std()  # standardised on the reference, as the pipeline does
    masked = _hide(calls.iloc[len(ref_cnv) :], whole_rows=2)
    imputed = METHODS[name]().fit(ref_mrna, calls.iloc[: len(ref_cnv)], ref_labels).impute(tgt_mrna, masked, tgt_labels)
    assert np.isfinite(imputed.to_numpy()).all()


def test_regression_learns_cnv_from_mrna_and_ridge_survives_p_close_to_n():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(n_ref=200, n_mrna=12)
    hidden = tgt_cnv * np.nan
    r2 = lambda imputed: 1 - ((imputed - tgt_cnv) ** 2).sum().sum() / (tgt_cnv**2).sum().sum()  # noqa: E731
    assert r2(LinearRegressionImputer().fit(ref_mrna, ref_cnv).impute(tgt_mrna, hidden)) > 0.7
    # as many samples as genes: least squares interpolates noise, ridge does not
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(seed=5, n_ref=60, n_mrna=58, n_cnv=10)
    hidden = tgt_cnv * np.nan
    ols = r2(LinearRegressionImputer().fit(ref_mrna, ref_cnv).impute(tgt_mrna, hidden))
    ridge = r2(RidgeImputer().fit(ref_mrna, ref_cnv).impute(tgt_mrna, hidden))
    assert ridge > ols + 0.2


def test_cancer_type_mean_uses_each_label_mean():
    ref_mrna, ref_cnv, ref_labels, tgt_mrna, tgt_cnv, tgt_labels = small_matrices()
    imputed = CancerTypeMeanImputer().fit(ref_mrna, ref_cnv, ref_labels).impute(tgt_mrna, tgt_cnv * np.nan, tgt_labels)
    sample = tgt_labels.index[0]
    expected = ref_cnv[ref_labels == tgt_labels[sample]].mean()
    np.testing.assert_allclose(imputed.loc[sample], expected)
    assert CancerTypeMeanImputer.uses_labels and not MeanImputer.uses_labels


def test_methods_are_described_from_parameters_with_clear_errors():
    methods = read_methods(
        {
            "knn": {"class": "multiomics_imputation.imputers.knn.KNNImputer", "n_neighbors": 4},
            "masked_autoencoder": {
                "class": "multiomics_imputation.imputers.masked_autoencoder.MaskedAutoencoderImputer",
                "seed": 3,
            },
        }
    )
    assert methods["knn"].make().n_neighbors == 4 and not methods["knn"].trained
    assert methods["masked_autoencoder"].trained and methods["masked_autoencoder"].has_uncertainty
    assert methods["masked_autoencoder"].make(0).seed == 3 and methods["masked_autoencoder"].make(1).seed != 3
    with pytest.raises(
        ValueError,
        match=r"method 'typo' in the `methods` parameters .*cannot import module 'multiomics_imputation.imputers.knnn'",
    ):
        read_methods({"typo": {"class": "multiomics_imputation.imputers.knnn.KNNImputer"}})
    with pytest.raises(ValueError, match="method 'bad'.*is not an Imputer class"):
        read_methods({"bad": {"class": "multiomics_imputation.scoring.metrics.masked_scores"}})
    with pytest.raises(ValueError, match="method 'knn'.*unexpected keyword argument 'k'"):
        read_methods({"knn": {"class": "multiomics_imputation.imputers.knn.KNNImputer", "k": 3}})
    mean = {"class": "multiomics_imputation.imputers.mean.MeanImputer"}
    assert list(read_methods({"mean": mean, "knn": {**mean, "enabled": False}})) == ["mean"]  # opt-in
    assert list(read_methods({"mean": mean, "knn": {**mean, "enabled": True}})) == ["mean", "knn"]
    with pytest.raises(ValueError, match="method 'knn'.*enabled must be true or false, got 'yes'"):
        read_methods({"knn": {**mean, "enabled": "yes"}})
    with pytest.raises(ValueError, match="every method .* is disabled"):
        read_methods({"knn": {**mean, "enabled": False}})
    with pytest.raises(ValueError, match=r"method name '\.\./x'"):
        read_methods({"../x": {"class": "multiomics_imputation.imputers.mean.MeanImputer"}})
    ref_mrna, ref_cnv, *_ = small_matrices()
    with pytest.raises(ValueError, match="complete reference CNV"):
        MeanImputer().fit(ref_mrna, ref_cnv.mask(ref_cnv > 1))
    fitted = MeanImputer().fit(ref_mrna, ref_cnv)
    with pytest.raises(ValueError, match=r"target CNV lacks 1 gene\(s\).*'c0'"):
        fitted.impute(ref_mrna, ref_cnv.drop(columns="c0"))


@pytest.mark.parametrize(
    "name, arguments, message",
    [
        ("knn", {"n_neighbors": 0}, r"n_neighbors must be a whole number >= 1, not 0"),
        ("knn", {"n_neighbors": 2.5}, r"n_neighbors must be a whole number >= 1, not 2.5"),
        ("gaussian", {"shrinkages": [0.1, 1.5]}, r"shrinkages\[1\] must be a number in \(0, 1\), not 1.5"),
        ("gaussian", {"shrinkages": []}, r"shrinkages must be a non-empty list"),
        ("ridge", {"alphas": [0.0, 1.0]}, r"alphas\[0\] must be a number > 0, not 0.0"),
        ("mice", {"rounds": 0}, r"rounds must be a whole number >= 1"),
        ("softimpute", {"validation_fraction": 1.0}, r"validation_fraction must be a number in \(0, 1\), not 1.0"),
        ("autoencoder", {"epochs": 0}, r"epochs must be a whole number >= 1, not 0"),
        ("autoencoder", {"learning_rate": "fast"}, r"learning_rate must be a number > 0, not 'fast'"),
        ("autoencoder", {"hidden": [512, 0]}, r"hidden\[1\] must be a whole number >= 1"),
        ("autoencoder", {"activation": "sigmoid"}, r"activation must be one of \['elu', 'gelu', 'relu', 'tanh'\]"),
        ("autoencoder", {"device": "gpu"}, r"device must be auto, cpu, cuda or cuda:N, not 'gpu'"),
        ("masked_autoencoder", {"dropout": 1.0}, r"dropout must be a number in \[0, 1\), not 1.0"),
        ("masked_autoencoder", {"max_entry_rate": 2}, r"max_entry_rate must be a number in \[0, 1\], not 2"),
    ],
)
def test_a_method_setting_out_of_range_stops_before_the_run_naming_it(name, arguments, message):
    methods = project_parameters(PROJECT_ROOT)["methods"]
    with pytest.raises(ValueError, match=rf"method '{name}' in the `methods` parameters .*: {message}"):
        read_methods({name: {**methods[name], **arguments}})  # an opt-in method's settings too


@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("use_mrna", [False, True])
def test_knn_equals_scikit_learn_on_integer_calls_with_ties(weights, use_mrna):
    rng = np.random.default_rng(4)
    calls = pd.DataFrame(rng.integers(-2, 3, size=(160, 60)).astype(float))
    mrna = pd.DataFrame(rng.integers(0, 3, size=(160, 8)).astype(float)).add_prefix("m")
    reference, target = calls.iloc[:120], calls.iloc[120:]
    masked = target.mask(rng.random(target.shape) < 0.3)
    ours = (
        KNNImputer(n_neighbors=10, weights=weights, use_mrna=use_mrna)
        .fit(mrna.iloc[:120], reference)
        .impute(mrna.iloc[120:], masked)
    )
    fit_rows = [reference.to_numpy(), masked.to_numpy()]
    if use_mrna:
        fit_rows = [np.hstack([reference, mrna.iloc[:120]]), np.hstack([masked, mrna.iloc[120:]])]
    theirs = SklearnKNNImputer(n_neighbors=10, weights=weights).fit_transform(np.vstack(fit_rows))[120:, :60]
    # the same neighbours: uniform means agree to the bit, inverse-distance weights to the rounding of their sum
    np.testing.assert_allclose(ours.to_numpy(), theirs, rtol=0, atol=0 if weights == "uniform" else 1e-12)


def test_a_setting_that_cannot_fit_in_memory_is_refused_naming_it():
    from multiomics_imputation.imputers import read_methods
    from multiomics_imputation.imputers.base import check_memory
    from multiomics_imputation.study.design import DesignError

    methods = project_parameters(PROJECT_ROOT)["methods"]
    pancancer = (8314, 3217, 3105)
    check_memory(read_methods(methods), *pancancer, available=12e9)  # the defaults fit half of this machine
    huge = {
        **methods,
        "masked_autoencoder": {**methods["masked_autoencoder"], "hidden": [60000, 128, 512], "enabled": True},
    }
    with pytest.raises(DesignError, match=r"methods.masked_autoencoder: .* needs about \d+\.\d GB, set by hidden"):
        check_memory(read_methods(huge), *pancancer, available=12e9)
    wide = {"gaussian": methods["gaussian"]}
    with pytest.raises(DesignError, match=r"methods.gaussian: .*20,000 mRNA / 20,000 CNV .* set by the cohort's shape"):
        check_memory(read_methods(wide), 8314, 20000, 20000, available=12e9)
    check_memory(read_methods(methods), 1000, 20000, 3105, available=20e9)  # whole-transcriptome width fits
