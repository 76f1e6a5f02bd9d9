"""Reading and validating a cohort in the MLOmics file layout.

A cohort is a folder and a name. The folder holds

* ``<name>_mRNA.csv`` and ``<name>_CNV.csv``: features x samples, the first column
  ``sample`` holds gene names and the header holds sample IDs;
* ``<name>_label_num.csv``: one column ``Label``, one row per sample, in the order
  of the mRNA file's sample columns;
* optionally ``<name>_synthetic.json``: written beside a generated cohort (the
  built-in demo) with the generator's settings, so reports can say the data is synthetic.

Tables with samples as rows load with ``samples_in_rows=True``. Every problem
raises :class:`CohortError` naming the file, the row or column, and what was
expected; nothing is guessed silently.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

LAYOUT_HINT = (
    "MLOmics layout: features x samples, first column 'sample' holding gene names, "
    "header holding sample IDs"
)


class CohortError(ValueError):
    """A cohort's files do not follow the expected layout or content."""


@dataclass(frozen=True)
class Cohort:
    """One cohort's tables, samples as rows. `cnv` and `labels` may be absent."""

    name: str
    mrna: pd.DataFrame
    cnv: pd.DataFrame | None
    labels: pd.Series | None
    synthetic: dict | None = None  # the generator's settings, for a generated cohort


def cohort_paths(folder: str | Path, name: str) -> dict[str, Path]:
    """The three file paths of cohort `name` in `folder`."""
    folder = Path(folder)
    return {
        "mrna": folder / f"{name}_mRNA.csv",
        "cnv": folder / f"{name}_CNV.csv",
        "labels": folder / f"{name}_label_num.csv",
        "synthetic": folder / f"{name}_synthetic.json",
    }


def read_cohort(
    folder: str | Path,
    name: str,
    samples_in_rows: bool = False,
    require_cnv: bool = True,
    require_labels: bool = True,
) -> Cohort:
    """Reads and validates a cohort's mRNA, CNV and label files."""
    paths = cohort_paths(folder, name)
    if not Path(folder).is_dir():
        raise CohortError(
            f"{folder}: cohort folder not found. Expected a folder holding {name}_mRNA.csv, "
            f"{name}_CNV.csv and {name}_label_num.csv. The built-in demo cohorts are made by "
            "`kedro run --pipeline demo_cohort` (and `demo_new_cohort` for impute_cohort's example); "
            "your own cohort runs with `--params cohort_dir=<folder>,cohort_name=<name>`."
        )
    mrna = read_omics_table(paths["mrna"], samples_in_rows)
    labels = None
    if require_labels or paths["labels"].is_file():
        labels = read_labels(paths["labels"], mrna, paths["mrna"], samples_in_rows)
    cnv = None
    if require_cnv or paths["cnv"].is_file():
        cnv = read_omics_table(paths["cnv"], samples_in_rows)
        _check_shared_samples(mrna, cnv, paths, samples_in_rows)
    synthetic = json.loads(paths["synthetic"].read_text()) if paths["synthetic"].is_file() else None
    return Cohort(name=name, mrna=mrna, cnv=cnv, labels=labels, synthetic=synthetic)


def read_omics_table(path: Path, samples_in_rows: bool = False) -> pd.DataFrame:
    """Reads one omics CSV and returns it validated, samples as rows and genes as columns."""
    header = _read_header(path)
    rows_are, columns_are = ("sample IDs", "gene names") if samples_in_rows else ("gene names", "sample IDs")
    if not samples_in_rows and header[0] != "sample":
        raise CohortError(
            f"{path}: first column is named {header[0]!r}; expected 'sample' ({LAYOUT_HINT}). "
            "If samples are in rows, set samples_in_rows: true."
        )
    _refuse_duplicates(path, header[1:], f"{columns_are} in the header", offset=2, unit="column")
    table = pd.read_csv(path, index_col=0)
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise CohortError(f"{path}: no data rows or columns under the header; expected {LAYOUT_HINT}.")
    table.index = table.index.astype(str)
    table.columns = table.columns.astype(str)
    _refuse_duplicates(path, list(table.index), f"{rows_are} in the first column", offset=2, unit="line")
    table = _numeric(table, path)
    table = table if samples_in_rows else table.T
    table.index.name, table.columns.name = "sample", "gene"
    return table


def read_labels(path: Path, mrna: pd.DataFrame, mrna_path: Path, samples_in_rows: bool = False) -> pd.Series:
    """Reads the label file and indexes it by the mRNA file's sample order."""
    _read_header(path)
    table = pd.read_csv(path)
    if "Label" not in table.columns:
        raise CohortError(f"{path}: no column 'Label'; expected one column 'Label', one row per sample.")
    labels = table["Label"]
    if labels.isna().any():
        line = int(np.flatnonzero(labels.isna().to_numpy())[0]) + 2
        raise CohortError(f"{path}: empty label at line {line}; every sample needs a label.")
    if len(labels) != len(mrna):
        hint = ""
        n_rows_in_file = mrna.shape[1]
        if not samples_in_rows and len(labels) == n_rows_in_file:
            hint = (
                f" The mRNA file has {n_rows_in_file} rows, as many as labels: samples seem to be in "
                "rows. Set samples_in_rows: true (e.g. --params samples_in_rows=true) or transpose the files."
            )
        raise CohortError(
            f"{path}: {len(labels)} labels, but {mrna_path} has {len(mrna)} samples; expected one label "
            f"per sample, in the order of the mRNA sample columns.{hint}"
        )
    return pd.Series(labels.to_numpy(), index=mrna.index, name="Label")


def _read_header(path: Path) -> list[str]:
    if not path.is_file():
        raise CohortError(
            f"{path}: file not found. Expected {path.name} in {path.parent} ({LAYOUT_HINT}). "
            "The built-in demo cohort is made by `kedro run --pipeline demo_cohort`."
        )
    with path.open(newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header or not any(cell.strip() for cell in header):
        raise CohortError(f"{path}: file is empty; expected a header line and data rows ({LAYOUT_HINT}).")
    return header


def _refuse_duplicates(path: Path, names: list[str], what: str, offset: int, unit: str) -> None:
    counts = Counter(names)
    duplicated = [name for name, count in counts.items() if count > 1]
    if duplicated:
        first = duplicated[0]
        where = [i + offset for i, name in enumerate(names) if name == first]
        raise CohortError(
            f"{path}: duplicated {what}: {duplicated[:5]} ({len(duplicated)} in all); "
            f"{first!r} is at {unit}s {where}. Expected each to appear once."
        )


def _numeric(table: pd.DataFrame, path: Path) -> pd.DataFrame:
    values = table.apply(pd.to_numeric, errors="coerce")
    bad = (values.isna() & table.notna()).to_numpy() | np.isinf(values.to_numpy(dtype=float))
    if bad.any():
        row, col = (int(i[0]) for i in np.nonzero(bad))
        raise CohortError(
            f"{path}: non-numeric value {table.iat[row, col]!r} at line {row + 2} "
            f"(row {table.index[row]!r}), column {table.columns[col]!r}; expected finite numbers "
            f"(leave a cell empty or write NaN for a missing value). {int(bad.sum())} such cells in all."
        )
    return values.astype(float)


def _check_shared_samples(mrna: pd.DataFrame, cnv: pd.DataFrame, paths: dict[str, Path], samples_in_rows: bool) -> None:
    if mrna.index.intersection(cnv.index).size:
        return
    hint = ""
    if not samples_in_rows and (mrna.index.intersection(cnv.columns).size or mrna.columns.intersection(cnv.index).size):
        hint = " The CNV file seems to hold samples in rows: both files must have the same orientation."
    raise CohortError(
        f"{paths['cnv']}: no sample ID is shared with {paths['mrna']}; e.g. CNV has "
        f"{list(cnv.index[:3])}, mRNA has {list(mrna.index[:3])}. Expected the same sample IDs "
        f"in both headers.{hint}"
    )
