"""Reading the MLOmics layout: every validation case gives a clear error."""

from pathlib import Path

import pandas as pd
import pytest

from multiomics_imputation.cohort import CohortError, read_cohort


def _rewrite(path: Path, edit) -> None:
    path.write_text(edit(path.read_text()))


def test_reads_samples_as_rows_with_labels_in_mrna_order(cohort_dir):
    cohort = read_cohort(cohort_dir, "TOY")
    raw = pd.read_csv(cohort_dir / "TOY_mRNA.csv")
    assert cohort.mrna.shape == (120, 60) and cohort.cnv.shape == (120, 50)
    assert list(cohort.mrna.index) == list(raw.columns[1:])
    assert cohort.mrna.loc["TOY-00003", raw.loc[5, "sample"]] == pytest.approx(raw.loc[5, "TOY-00003"], nan_ok=True)
    labels = pd.read_csv(cohort_dir / "TOY_label_num.csv")["Label"]
    assert list(cohort.labels) == list(labels)


def test_samples_in_rows_load_by_parameter(cohort_dir, tmp_path):
    rows = tmp_path / "rows"
    rows.mkdir()
    for table in ("mRNA", "CNV"):
        pd.read_csv(cohort_dir / f"TOY_{table}.csv", index_col=0).T.rename_axis("sample").to_csv(rows / f"TOY_{table}.csv")
    (rows / "TOY_label_num.csv").write_text((cohort_dir / "TOY_label_num.csv").read_text())
    expected = read_cohort(cohort_dir, "TOY")
    loaded = read_cohort(rows, "TOY", samples_in_rows=True)
    pd.testing.assert_frame_equal(loaded.mrna, expected.mrna, check_names=False)
    with pytest.raises(CohortError, match="samples seem to be in rows.*samples_in_rows"):
        read_cohort(rows, "TOY")


@pytest.mark.parametrize(
    "file, edit, message",
    [
        ("TOY_CNV.csv", None, r"TOY_CNV.csv: file not found"),
        ("TOY_mRNA.csv", lambda t: "", r"TOY_mRNA.csv: file is empty"),
        ("TOY_mRNA.csv", lambda t: t.splitlines()[0] + "\n", r"TOY_mRNA.csv: no data rows"),
        ("TOY_mRNA.csv", lambda t: t.replace("TOY-00002", "TOY-00001", 1),
         r"TOY_mRNA.csv: duplicated sample IDs in the header: \['TOY-00001'\].*columns \[3, 4\]"),
        ("TOY_label_num.csv", lambda t: "\n".join(t.splitlines()[:-1]) + "\n",
         r"TOY_label_num.csv: 119 labels, but .*TOY_mRNA.csv has 120 samples"),
        ("TOY_label_num.csv", lambda t: t.replace("Label", "Class"), r"no column 'Label'"),
        ("TOY_mRNA.csv", lambda t: t.replace("sample", "gene", 1), r"first column is named 'gene'; expected 'sample'"),
    ],
)
def test_bad_files_are_refused_with_file_and_place(cohort_dir, file, edit, message):
    path = cohort_dir / file
    if edit is None:
        path.unlink()
    else:
        _rewrite(path, edit)
    with pytest.raises(CohortError, match=message):
        read_cohort(cohort_dir, "TOY")


def test_duplicated_gene_names_are_refused_with_lines(cohort_dir):
    path = cohort_dir / "TOY_CNV.csv"
    lines = path.read_text().splitlines()
    second_gene = lines[2].split(",")[0]
    lines[4] = second_gene + lines[4][lines[4].index(","):]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CohortError, match=rf"TOY_CNV.csv: duplicated gene names .*'{second_gene}' is at lines \[3, 5\]"):
        read_cohort(cohort_dir, "TOY")


def test_non_numeric_value_is_refused_with_row_and_column(cohort_dir):
    path = cohort_dir / "TOY_CNV.csv"
    lines = path.read_text().splitlines()
    cells = lines[3].split(",")
    cells[2] = "amp"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CohortError, match=rf"non-numeric value 'amp' at line 4 \(row '{cells[0]}'\), column 'TOY-00001'"):
        read_cohort(cohort_dir, "TOY")


def test_no_shared_sample_is_refused(cohort_dir):
    _rewrite(cohort_dir / "TOY_CNV.csv", lambda t: t.replace("TOY-", "OTHER-"))
    with pytest.raises(CohortError, match=r"no sample ID is shared with .*TOY_mRNA.csv"):
        read_cohort(cohort_dir, "TOY")


def test_missing_folder_says_how_to_make_the_demo(tmp_path):
    with pytest.raises(CohortError, match=r"cohort folder not found.*kedro run --pipeline demo_cohort"):
        read_cohort(tmp_path / "nowhere", "DEMO")


def test_optional_cnv_and_labels_may_be_absent(cohort_dir):
    (cohort_dir / "TOY_CNV.csv").unlink()
    (cohort_dir / "TOY_label_num.csv").unlink()
    cohort = read_cohort(cohort_dir, "TOY", require_cnv=False, require_labels=False)
    assert cohort.cnv is None and cohort.labels is None and cohort.mrna.shape == (120, 60)
