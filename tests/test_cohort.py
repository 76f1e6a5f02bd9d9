"""Reading the MLOmics layout: every validation case gives a clear error."""

from pathlib import Path

import pandas as pd
import pytest

from multiomics_imputation.cohort.hub import PANCANCER_URL
from multiomics_imputation.cohort.reading import CohortError, read_cohort
from tests.conftest import write_published_cohort


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


def test_reads_the_published_pancancer_layout_as_written(tmp_path):
    folder = write_published_cohort(tmp_path / "published")
    assert (folder / "Pan-cancer_CNV.csv").read_text().startswith("Sample,TCGA-")
    assert (folder / "Pan-cancer_mRNA.csv").read_text().startswith("sample,TCGA-")
    cohort = read_cohort(folder, "Pan-cancer")
    written = pd.read_csv(folder / "Pan-cancer_CNV.csv", index_col=0)
    assert list(cohort.cnv.columns) == list(written.index)  # names with '|' kept as written
    assert "SNORA0|ENSG00000252054.1" in cohort.cnv.columns
    assert cohort.cnv.index[0].startswith("TCGA-") and list(cohort.mrna.index) == list(cohort.cnv.index)
    assert len(cohort.labels) == len(cohort.mrna)


def test_samples_in_rows_load_by_parameter(cohort_dir, tmp_path):
    rows = tmp_path / "rows"
    rows.mkdir()
    for table in ("mRNA", "CNV"):
        pd.read_csv(cohort_dir / f"TOY_{table}.csv", index_col=0).T.rename_axis("sample").to_csv(
            rows / f"TOY_{table}.csv"
        )
    (rows / "TOY_label_num.csv").write_text((cohort_dir / "TOY_label_num.csv").read_text())
    expected = read_cohort(cohort_dir, "TOY")
    loaded = read_cohort(rows, "TOY", samples_in_rows=True)
    pd.testing.assert_frame_equal(loaded.mrna, expected.mrna, check_names=False)
    with pytest.raises(CohortError, match="samples seem to be in rows.*samples_in_rows"):
        read_cohort(rows, "TOY")
    with pytest.raises(
        CohortError, match=r"TOY_mRNA.csv: samples_in_rows is true, but the file seems to hold samples in co"
    ):
        read_cohort(cohort_dir, "TOY", samples_in_rows=True)  # the flag set on the MLOmics layout


def test_a_missing_label_file_says_what_a_label_file_holds(cohort_dir):
    (cohort_dir / "TOY_label_num.csv").unlink()
    with pytest.raises(CohortError, match=r"TOY_label_num.csv: file not found.*one column 'Label'") as error:
        read_cohort(cohort_dir, "TOY")
    assert "features x samples" not in str(error.value)


@pytest.mark.parametrize(
    "file, edit, message",
    [
        ("TOY_CNV.csv", None, r"TOY_CNV.csv: file not found"),
        ("TOY_mRNA.csv", lambda t: "", r"TOY_mRNA.csv: file is empty"),
        ("TOY_mRNA.csv", lambda t: t.splitlines()[0] + "\n", r"TOY_mRNA.csv: no data rows"),
        (
            "TOY_mRNA.csv",
            lambda t: t.replace("TOY-00002", "TOY-00001", 1),
            r"TOY_mRNA.csv: duplicated sample IDs in the header: \['TOY-00001'\].*columns \[3, 4\]",
        ),
        (
            "TOY_label_num.csv",
            lambda t: "\n".join(t.splitlines()[:-1]) + "\n",
            r"TOY_label_num.csv: 119 labels, but .*TOY_mRNA.csv has 120 samples",
        ),
        ("TOY_label_num.csv", lambda t: t.replace("Label", "Class"), r"no column 'Label'"),
        (
            "TOY_mRNA.csv",
            lambda t: t.replace("sample", "gene", 1),
            r"first column is named 'gene'; expected 'sample' in any letter case .*first entries are \['C\d+[pq]_\d+'.*"
            r"rename it 'sample'.*samples_in_rows: true",
        ),
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
    lines[4] = second_gene + lines[4][lines[4].index(",") :]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        CohortError, match=rf"TOY_CNV.csv: duplicated gene names .*'{second_gene}' is at lines \[3, 5\]"
    ):
        read_cohort(cohort_dir, "TOY")


def test_non_numeric_value_is_refused_with_row_and_column(cohort_dir):
    path = cohort_dir / "TOY_CNV.csv"
    lines = path.read_text().splitlines()
    cells = lines[3].split(",")
    cells[2] = "amp"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        CohortError, match=rf"non-numeric value 'amp' at line 4 \(row '{cells[0]}'\), column 3 \('TOY-00001'\)"
    ):
        read_cohort(cohort_dir, "TOY")


def test_names_spelled_like_missing_values_stay_names(cohort_dir):
    path = cohort_dir / "TOY_CNV.csv"
    lines = path.read_text().splitlines()
    for line, name in ((2, "NA"), (3, "NULL")):
        lines[line] = name + lines[line][lines[line].index(",") :]
    path.write_text("\n".join(lines) + "\n")
    cnv = read_cohort(cohort_dir, "TOY").cnv
    assert list(cnv.columns[1:3]) == ["NA", "NULL"] and cnv[["NA", "NULL"]].notna().all().all()


def test_no_shared_sample_is_refused(cohort_dir):
    _rewrite(cohort_dir / "TOY_CNV.csv", lambda t: t.replace("TOY-", "OTHER-"))
    with pytest.raises(CohortError, match=r"no sample ID is shared with .*TOY_mRNA.csv"):
        read_cohort(cohort_dir, "TOY")


def test_missing_folder_says_how_to_make_the_demo(tmp_path):
    with pytest.raises(CohortError, match=r"cohort folder not found.*kedro run --pipelines demo_cohort"):
        read_cohort(tmp_path / "nowhere", "DEMO")


def test_a_file_given_as_the_folder_is_named_as_a_file(cohort_dir):
    with pytest.raises(CohortError, match=r"TOY_mRNA.csv: is a file, not a folder; expected the folder holding"):
        read_cohort(cohort_dir / "TOY_mRNA.csv", "TOY")


def test_an_unreadable_local_file_names_permissions_not_the_network(cohort_dir, monkeypatch):
    from fsspec.implementations.local import LocalFileSystem

    def refuse(self, path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(LocalFileSystem, "cat_file", refuse)
    with pytest.raises(CohortError, match=r"TOY_mRNA.csv: cannot be read .*Permission denied.*permissions\)\.$"):
        read_cohort(cohort_dir, "TOY")


def test_optional_cnv_and_labels_may_be_absent(cohort_dir):
    (cohort_dir / "TOY_CNV.csv").unlink()
    (cohort_dir / "TOY_label_num.csv").unlink()
    cohort = read_cohort(cohort_dir, "TOY", require_cnv=False, require_labels=False)
    assert cohort.cnv is None and cohort.labels is None and cohort.mrna.shape == (120, 60)


def _cut(text: str) -> str:
    """The file cut off in the middle of its 40th line, as an interrupted download leaves it."""
    lines = text.splitlines()
    return "\n".join(lines[:39] + [lines[39][: len(lines[39]) // 2]])


def _cells(text: str, line: int, change) -> str:
    lines = text.splitlines()
    lines[line - 1] = ",".join(change(lines[line - 1].split(",")))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "file, edit, message",
    [
        ("TOY_mRNA.csv", _cut, r"TOY_mRNA.csv: line 40 has \d+ fields, the header has 121"),
        (
            "TOY_CNV.csv",
            lambda t: _cells(t, 7, lambda c: c[:-2]),
            r"TOY_CNV.csv: line 7 has 119 fields, the header has 121",
        ),
        ("TOY_CNV.csv", lambda t: _cells(t, 9, lambda c: c + ["0.5"]), r"TOY_CNV.csv: line 9 has 122 fields"),
        (
            "TOY_mRNA.csv",
            lambda t: t.replace(",", ";"),
            r"TOY_mRNA.csv: the header line is separated by ';'; expected commas",
        ),
        ("TOY_mRNA.csv", lambda t: t.replace(",", "\t"), r"TOY_mRNA.csv: the header line is separated by tabs"),
        ("TOY_label_num.csv", lambda t: t.replace("\n1\n", "\n\n1\n", 1), r"TOY_label_num.csv: line \d+ is empty"),
        (
            "TOY_mRNA.csv",
            lambda t: _cells(t, 3, lambda c: [c[0], "1e308", *c[2:]]),
            r"TOY_mRNA.csv: value too large 1e\+308 at line 3 \(row '.*'\), column 2 \('TOY-00000'\)",
        ),
        (
            "TOY_CNV.csv",
            lambda t: _cells(t, 2, lambda c: [c[0], "1e200", *c[2:]]),
            r"TOY_CNV.csv: value too large 1e\+200",
        ),
        (
            "TOY_CNV.csv",
            lambda t: _cells(t, 2, lambda c: [c[0], "inf", *c[2:]]),
            r"TOY_CNV.csv: infinite value inf at line 2",
        ),
        ("TOY_label_num.csv", lambda t: "sample,Label\nX,1\nY,0\n", r"TOY_label_num.csv: no label for 120 sample\(s\)"),
    ],
)
def test_corrupt_or_odd_files_are_refused_with_file_and_line(cohort_dir, file, edit, message):
    _rewrite(cohort_dir / file, edit)
    with pytest.raises(CohortError, match=message):
        read_cohort(cohort_dir, "TOY")


def test_binary_and_wrongly_encoded_files_are_refused(cohort_dir):
    import gzip

    path = cohort_dir / "TOY_CNV.csv"
    text = path.read_text()
    path.write_bytes(gzip.compress(text.encode()))
    with pytest.raises(CohortError, match=r"TOY_CNV.csv: is gzip-compressed; expected a plain-text CSV"):
        read_cohort(cohort_dir, "TOY")
    lines = text.splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[0], lines[5].split(",")[0] + "\u00e9", 1)
    path.write_bytes("\n".join(lines).encode("latin-1"))
    with pytest.raises(CohortError, match=r"TOY_CNV.csv: byte b'\\xe9' at line 6 is not UTF-8"):
        read_cohort(cohort_dir, "TOY")


def test_a_byte_order_mark_is_dropped_in_every_file(cohort_dir):
    expected = read_cohort(cohort_dir, "TOY")
    for name in ("TOY_mRNA.csv", "TOY_CNV.csv", "TOY_label_num.csv"):
        path = cohort_dir / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    loaded = read_cohort(cohort_dir, "TOY")
    pd.testing.assert_frame_equal(loaded.mrna, expected.mrna)
    pd.testing.assert_series_equal(loaded.labels, expected.labels)


def test_labels_with_a_sample_column_are_aligned_by_id(cohort_dir):
    expected = read_cohort(cohort_dir, "TOY").labels
    shuffled = expected.rename_axis("sample").reset_index().sample(frac=1, random_state=0)
    shuffled[["sample", "Label"]].to_csv(cohort_dir / "TOY_label_num.csv", index=False)
    pd.testing.assert_series_equal(read_cohort(cohort_dir, "TOY").labels, expected)


def test_names_that_would_leave_the_folder_are_refused(cohort_dir):
    for name in ("../TOY", "a/b", "", "..", None):
        with pytest.raises(CohortError, match="is not a plain name"):
            read_cohort(cohort_dir, name)


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda t: t.replace("TOY-00003", "", 1), r"TOY_mRNA.csv: empty sample ID in the header at column 5"),
        (
            lambda t: "\n".join([t.splitlines()[0], "," + t.splitlines()[1].split(",", 1)[1], *t.splitlines()[2:]]),
            r"TOY_mRNA.csv: empty gene name in the first column at line 2",
        ),
    ],
)
def test_empty_names_are_refused_with_their_place(cohort_dir, edit, message):
    _rewrite(cohort_dir / "TOY_mRNA.csv", edit)
    with pytest.raises(CohortError, match=message):
        read_cohort(cohort_dir, "TOY")


def test_a_cohort_reads_the_same_from_any_fsspec_url(cohort_dir):
    import fsspec

    memory = fsspec.filesystem("memory")
    for path in cohort_dir.iterdir():
        memory.pipe(f"/remote/{path.name}", path.read_bytes())
    local = read_cohort(cohort_dir, "TOY")
    for url in ("memory://remote", f"file://{cohort_dir}"):
        loaded = read_cohort(url, "TOY")
        pd.testing.assert_frame_equal(loaded.mrna, local.mrna)
        pd.testing.assert_frame_equal(loaded.cnv, local.cnv)
        pd.testing.assert_series_equal(loaded.labels, local.labels)
    memory.rm("/remote/TOY_CNV.csv")
    with pytest.raises(CohortError, match=r"memory://remote/TOY_CNV.csv: file not found"):
        read_cohort("memory://remote", "TOY")
    memory.rm("/remote", recursive=True)


def test_a_remote_cohort_is_read_through_a_local_copy(cohort_dir, tmp_path):
    import fsspec

    memory = fsspec.filesystem("memory")
    for path in cohort_dir.iterdir():
        memory.pipe(f"/cached/{path.name}", path.read_bytes())
    cache = tmp_path / "cache"
    first = read_cohort("memory://cached", "TOY", cache_dir=str(cache))
    copies = sorted(p.read_bytes() for p in cache.iterdir() if p.name != "cache")
    assert copies == sorted(p.read_bytes() for p in cohort_dir.iterdir())  # one local copy of each file
    memory.pipe("/cached/TOY_CNV.csv", b"changed on the remote side")  # the copy is used, not fetched again
    pd.testing.assert_frame_equal(read_cohort("memory://cached", "TOY", cache_dir=str(cache)).cnv, first.cnv)
    memory.rm("/cached", recursive=True)


def test_the_hub_offline_fails_at_once_with_what_to_do(monkeypatch):
    import time

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    with pytest.raises(
        CohortError,
        match=r"hf://datasets/AIBIC/MLOmics@\w+/.*: could not be reached \(HF_HUB_OFFLINE "
        r"is set\)\. Offline\? Copy the files into a local folder",
    ):
        read_cohort(PANCANCER_URL, "Pan-cancer")
    assert time.perf_counter() - started < 2


def test_an_unreachable_or_unknown_location_fails_at_once_with_what_to_do():
    with pytest.raises(
        CohortError, match=r"nosuchprotocol://x: cannot open this location .*copy the files into a local folder"
    ):
        read_cohort("nosuchprotocol://x", "TOY")
