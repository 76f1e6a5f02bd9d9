"""Any layer from any other: the question is a run parameter, several sources at once, per-layer traits."""

from __future__ import annotations

import pandas as pd
import pytest

from multiomics_imputation.cohort.demo import generate_cohort
from multiomics_imputation.cohort.modalities import Modality, ModalityError, clip_to_bounds, modality, question
from multiomics_imputation.cohort.reading import CohortError, read_cohort
from multiomics_imputation.run_parameters import project_parameters
from tests.conftest import PROJECT_ROOT, run_kedro

TRAITS = project_parameters(PROJECT_ROOT)["modalities"]


def write_layers(folder, name="LAY", n_samples=120, **kwargs):
    """A small cohort with mRNA, CNV, miRNA and methylation files as MLOmics publishes them: TCGA barcodes in the
    headers, the first column `sample` (`Sample` in the CNV and methylation files)."""
    folder.mkdir(parents=True, exist_ok=True)
    shape = {"n_samples": n_samples, "n_mrna": 50, "n_cnv": 40, "n_types": 3, "n_mirna": 30, "n_methy": 40}
    cohort = generate_cohort(name_prefix=name, **{**shape, **kwargs})
    barcodes = {old: f"TCGA-{i % 89 + 10:02d}-{i:04X}-01" for i, old in enumerate(cohort.mrna.columns[1:])}
    for layer, table, first in (
        ("mRNA", cohort.mrna, "sample"),
        ("CNV", cohort.cnv, "Sample"),
        ("miRNA", cohort.mirna, "sample"),
        ("Methy", cohort.methy, "Sample"),
    ):
        table.rename(columns={**barcodes, "sample": first}).to_csv(folder / f"{name}_{layer}.csv", index=False)
    cohort.labels.to_csv(folder / f"{name}_label_num.csv", index=False)
    return folder


def test_the_question_and_the_traits_come_from_the_parameters():
    target, sources = question({"target_omics": "methy", "source_omics": ["mRNA", "miRNA"], "modalities": TRAITS})
    assert target.bounds == (0.0, 1.0) and not target.calls and target.words == "DNA methylation"
    assert [s.name for s in sources] == ["mRNA", "miRNA"] and all(s.expression for s in sources)
    assert modality("protein", TRAITS) == Modality("protein", "protein abundance")
    assert modality("RPPA", TRAITS) == Modality("RPPA", "RPPA")  # a layer not listed: no trait
    for bad, message in (
        ({"target_omics": "CNV", "source_omics": ["CNV"]}, "imputed from itself"),
        ({"target_omics": "CNV", "source_omics": []}, "non-empty list"),
        ({"target_omics": "CNV", "source_omics": ["mRNA", "mrna"]}, "names a layer twice"),
        ({"target_omics": "../x", "source_omics": ["mRNA"]}, "not a plain name"),
    ):
        with pytest.raises((ModalityError, CohortError), match=message):
            question(bad)
    with pytest.raises(ModalityError, match=r"modalities.Methy.bounds must be \[low, high\]"):
        modality("Methy", {"Methy": {"bounds": [1, 0]}})


def test_clipping_keeps_standardised_values_within_the_layer_s_bounds():
    scaler = pd.DataFrame({"mean": [0.5, 0.2], "std": [0.1, 0.05]}, index=["a", "b"])
    scaled = pd.DataFrame({"a": [-9.0, 0.0, 9.0], "b": [-9.0, 1.0, 99.0]})
    clipped = clip_to_bounds(scaled, scaler, (0.0, 1.0)) * scaler["std"] + scaler["mean"]
    assert clipped.min().min() == 0.0 and clipped.max().max() == 1.0
    assert clipped.loc[1, "b"] == pytest.approx(0.25)  # inside: unchanged
    assert clip_to_bounds(scaled, scaler, None) is scaled


def test_several_sources_are_read_side_by_side_on_their_shared_samples(tmp_path):
    folder = write_layers(tmp_path / "cohort")
    mirna = pd.read_csv(folder / "LAY_miRNA.csv")
    mirna.drop(columns=mirna.columns[1:4]).to_csv(folder / "LAY_miRNA.csv", index=False)  # 3 samples fewer
    cohort = read_cohort(folder, "LAY", target_omics="Methy", source_omics=["mRNA", "miRNA"])
    assert cohort.mrna.shape == (117, 80) and cohort.cnv.shape == (120, 40) and len(cohort.labels) == 117
    assert cohort.mrna.columns[0].startswith("mRNA:") and cohort.mrna.columns[-1].startswith("miRNA:")
    one = read_cohort(folder, "LAY")
    assert list(one.mrna.columns) == [c.removeprefix("mRNA:") for c in cohort.mrna.columns[:50]]


def test_bad_input_in_any_layer_names_its_file(tmp_path):
    folder = write_layers(tmp_path / "cohort")
    mirna = pd.read_csv(folder / "LAY_miRNA.csv", dtype=str)
    mirna.iloc[1, 3] = "abc"
    mirna.to_csv(folder / "LAY_miRNA.csv", index=False)
    with pytest.raises(CohortError, match=r"LAY_miRNA.csv: .*'abc'"):
        read_cohort(folder, "LAY", target_omics="Methy", source_omics=["mRNA", "miRNA"])
    with pytest.raises(CohortError, match=r"LAY_protein.csv: file not found"):
        read_cohort(folder, "LAY", target_omics="protein")
    methy = pd.read_csv(folder / "LAY_Methy.csv")
    methy.iloc[2, 5] = 3.5  # an M-value among beta-values
    methy.to_csv(folder / "LAY_Methy.csv", index=False)
    from multiomics_imputation.cohort.alignment import align_cohort

    cohort = read_cohort(folder, "LAY", target_omics="Methy")
    with pytest.raises(
        CohortError, match=r"LAY_Methy.csv: value 3.5 for sample 'TCGA-14-0004-01', feature 'cg00000002'.*\[0.0, 1.0\]"
    ):
        align_cohort(cohort, {"max_missing_fraction": 0.2, "target_fraction": 0.25}, TRAITS)


def test_methylation_from_two_sources_runs_end_to_end_and_never_leaves_its_bounds(project, tmp_path):
    folder = write_layers(project / "data/01_raw/layers")
    new = write_layers(project / "data/01_raw/layers_new", "LNEW", n_samples=30, sample_seed=1)
    methy = pd.read_csv(new / "LNEW_Methy.csv")
    methy.iloc[:, :16].to_csv(new / "LNEW_Methy.csv", index=False)  # methylation for 15 of 30 samples
    methods = project_parameters(PROJECT_ROOT)["methods"]
    params = {
        "replicates": 1,
        "missingness": {"patterns": ["random", "sample"], "rates": [0.2]},
        "methods": {name: {"enabled": name in ("mean", "ridge", "gaussian")} for name in methods},
        "classification": {"n_estimators": 10, "cv_folds": 3, "train_imputed_view": False},
        "cohort_dir": str(folder),
        "cohort_name": "LAY",
        "target_omics": "Methy",
        "source_omics": ["mRNA", "miRNA"],
        "multiple_imputation": {"draws": 2},
        "impute_cohort": {"draws": 2},
    }
    catalog = run_kedro(project, **params)
    data = catalog.load("study_data")
    assert data.target_layer.name == "Methy" and data.mrna.shape[1] == 80
    r2 = catalog.load("metrics").query("metric == 'r2'").set_index(["scenario", "method"])["value"]
    assert r2["sample_20", "ridge"] > r2["sample_20", "mean"] + 0.1  # the sources carry methylation
    assert "call_f1" not in set(catalog.load("metrics")["metric"])  # gain/loss calls are CNV's
    split = data.split(0)
    for scenario in ("random_20", "sample_20"):
        imputed = catalog.load(f"{scenario}.ridge.imputed_cnv").droplevel(0)
        beta = imputed * split.cnv_scaler["std"] + split.cnv_scaler["mean"]
        assert beta.min().min() >= 0 and beta.max().max() <= 1
        draws = catalog.load(f"{scenario}.gaussian.imputed_draws").droplevel(0)
        beta = draws * split.cnv_scaler["std"] + split.cnv_scaler["mean"]
        assert beta.min().min() >= -1e-12 and beta.max().max() <= 1 + 1e-12  # the draws too
    assert {"ridge_mRNA_only", "gaussian_mRNA_only"} <= set(r2.index.get_level_values("method"))  # first source alone
    alone = catalog.load("fitted_ridge_mRNA_only")[0].mrna_scaler.index
    assert len(alone) == 50 and alone.str.startswith("mRNA:").all()
    report = (project / "data/08_reporting/report.html").read_text()
    assert "DNA methylation (Methy) imputation benchmark" in report and "Did adding sources help?" in report
    run_kedro(project, "impute_cohort", **params, new_cohort_dir=str(new), new_cohort_name="LNEW")
    filled = pd.read_csv(project / "data/07_model_output/LNEW_Methy_imputed.csv").set_index("sample")
    assert filled.shape == (40, 30) and filled.notna().all().all()
    assert filled.min().min() >= 0 and filled.max().max() <= 1
    drawn = pd.read_csv(project / "data/07_model_output/LNEW_Methy_draws.csv").drop(columns=["draw", "sample"])
    assert drawn.shape == (80, 30) and drawn.min().min() >= 0 and drawn.max().max() <= 1
    given = methy.iloc[:, :16].set_index("Sample").rename_axis("sample")
    observed = filled[given.columns].where(given.notna())
    pd.testing.assert_frame_equal(observed, given, check_dtype=False)  # observed values unchanged
    with pytest.raises(Exception, match=r"asks for CNV from \['mRNA'\], but the benchmark's models impute Methy"):
        run_kedro(
            project,
            "impute_cohort",
            **{**params, "target_omics": "CNV", "source_omics": ["mRNA"]},
            new_cohort_dir=str(new),
            new_cohort_name="LNEW",
        )


def test_the_modality_matrix_scores_every_layer_from_every_other(project):
    folder = write_layers(project / "data/01_raw/layers")
    params = {
        "cohort_dir": str(folder),
        "cohort_name": "LAY",
        "modality_matrix": {"methods": ["mean", "ridge", "gaussian"], "patterns": ["random", "sample"], "rate": 0.2},
    }
    catalog = run_kedro(project, "modality_matrix", **params)
    matrix = catalog.load("modality_matrix.matrix")
    layers = ["CNV", "Methy", "mRNA", "miRNA"]  # every LAY_<omics>.csv in the folder
    assert len(matrix) == 4 * 4 * 2  # each target from 3 single layers and from all 3 together, 2 patterns
    assert set(matrix["target"]) == set(layers) and "CNV + Methy + miRNA" in set(matrix["sources"])
    scores = catalog.load("modality_matrix.scores")
    assert set(scores["method"]) == {"mean", "ridge", "gaussian"}
    best = matrix.set_index(["target", "sources", "pattern"])
    assert best.loc[("miRNA", "mRNA", "sample"), "r2"] > 0.3  # the demo's miRNA follows the expression programmes
    assert best.loc[("miRNA", "mRNA", "sample"), "r2"] > best.loc[("miRNA", "CNV", "sample"), "r2"]
    assert (project / "data/08_reporting/modality_matrix/matrix.csv").is_file()
    assert list((project / "data/08_reporting/modality_matrix/matrix.png").glob("*/matrix.png"))


def test_a_folder_with_one_layer_is_refused_for_the_matrix(tmp_path):
    from multiomics_imputation.cohort.reading import read_layers

    folder = write_layers(tmp_path / "cohort")
    for layer in ("CNV", "miRNA", "Methy"):
        (folder / f"LAY_{layer}.csv").unlink()
    with pytest.raises(
        CohortError, match=r"holds 1 omics layer file\(s\) of cohort 'LAY' \(\['mRNA'\]\); expected at least two"
    ):
        read_layers(folder, "LAY")


def test_settings_of_the_question_a_run_cannot_honour_stop_it_before_it_starts(project):
    from multiomics_imputation.study.design import DesignError

    for params, message in (
        ({"methods": {"ridge": {"sources": ["miRNA"]}}}, r"methods.ridge.sources: \['miRNA'\] not among"),
        ({"methods": {"ridge": {"sources": "mRNA"}}}, r"sources must be a list of source layers"),
        (
            {"source_omics": ["mRNA", "miRNA"], "source_comparison": {"methods": ["nope"]}},
            r"source_comparison.methods: \['nope'\]",
        ),
        ({"target_omics": "mRNA"}, r"imputed from itself"),
        ({"modalities": {"CNV": {"bounds": "0-1"}}}, r"bounds must be \[low, high\]"),
    ):
        with pytest.raises(DesignError, match=message):
            run_kedro(project, "data_processing", **params)
    assert not (project / "data").exists() or not any((project / "data").rglob("*.pkl"))  # nothing written
