"""Reading and validating a cohort in the MLOmics file layout.

A cohort is a folder and a name. The folder holds

* one file per omics layer, ``<name>_<omics>.csv`` (``<name>_mRNA.csv``, ``<name>_CNV.csv``,
  ``<name>_Methy.csv``, ``<name>_miRNA.csv``, ...): features x samples, the first column
  ``sample`` (any letter case: the published Pan-Cancer CNV file writes ``Sample``) holds feature
  names, kept as written (``SNORA73|ENSG00000252054.1`` too), and the header holds sample IDs;
  a run reads its target layer and its source layers (default: CNV from mRNA);
* ``<name>_label_num.csv``: one column ``Label``, one row per sample, in the order
  of the first source file's sample columns (or with a column ``sample`` naming each);
* optionally ``<name>_synthetic.json``: written beside a generated cohort (the
  built-in demo) with the generator's settings, so reports can say the data is synthetic.

Tables with samples as rows load with ``samples_in_rows=True``. Every problem
raises :class:`CohortError` naming the file, the row or column, and what was
expected; nothing is guessed silently.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import fsspec
import numpy as np
import pandas as pd
from fsspec.implementations.local import LocalFileSystem

from multiomics_imputation.cohort.hub import hub_unreachable

logger = logging.getLogger(__name__)

LAYOUT_HINT = (
    "MLOmics layout: features x samples, first column 'sample' (any letter case) holding gene names, "
    "header holding sample IDs"
)
LABEL_HINT = (
    "the label file: one column 'Label', one row per sample in the order of the mRNA file's samples "
    "(and optionally a column 'sample' naming each)"
)


FLOAT32_MAX = float(np.finfo(np.float32).max)  # larger values overflow the models' float32 and the scaling
PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
OFFLINE_HINT = (
    "Offline? Copy the files into a local folder and point cohort_dir at it, e.g. "
    "`python -m multiomics_imputation.cohort.download` for the MLOmics Pan-Cancer files (docs/real_data.md)."
)
MISSING_CELLS = ("", "NA", "NaN", "nan", "NAN", "N/A", "null", "NULL")


class CohortError(ValueError):
    """A cohort's files do not follow the expected layout or content."""


def check_plain_name(name: object, what: str) -> str:
    """`name` if it is a plain file-name part (letters, digits, '.', '_', '-'; no separator, no '..')."""
    if not isinstance(name, str) or not PLAIN_NAME.match(name) or ".." in name:
        raise CohortError(
            f"{what} {name!r} is not a plain name: expected letters, digits, '.', '_' or '-', starting with a "
            "letter or digit (no '/', no '..', not empty); it becomes part of file names."
        )
    return name


@dataclass(frozen=True)
class Cohort:
    """One cohort's tables, samples as rows: `mrna` holds the source layer(s) (several side by side, each
    feature prefixed `<layer>:`), `cnv` the target layer; `cnv` and `labels` may be absent."""

    name: str
    mrna: pd.DataFrame
    cnv: pd.DataFrame | None
    labels: pd.Series | None
    synthetic: dict | None = None  # the generator's settings, for a generated cohort
    target_omics: str = "CNV"
    source_omics: tuple[str, ...] = ("mRNA",)

    def file(self, omics: str) -> str:
        """The file name of one of its layers (or `label_num`), for messages."""
        return f"{self.name}_{omics}.csv"


@dataclass(frozen=True)
class Location:
    """A file of a cohort: a local path or any fsspec URL (``memory://``, ``s3://``, ``hf://``, ``simplecache::...``)."""

    fs: fsspec.AbstractFileSystem
    path: str
    shown: str  # as the user wrote it, for messages

    @property
    def name(self) -> str:
        return self.shown.rstrip("/").rsplit("/", 1)[-1]

    @property
    def parent(self) -> str:
        return self.shown.rstrip("/").rsplit("/", 1)[0]

    def __str__(self) -> str:
        return self.shown

    def exists(self) -> bool:
        return _reach(self, lambda: self.fs.isfile(self.path))

    def read_bytes(self) -> bytes:
        return _reach(self, lambda: self.fs.cat_file(self.path))


def _reach(location: Location, action):
    """Runs a file-system call, turning a failure to reach the storage into a clear CohortError."""
    try:
        return action()
    except PermissionError as error:
        raise CohortError(
            f"{location}: cannot be read ({error}); expected a file this user may read (check its permissions)."
        ) from None
    except (ImportError, ConnectionError, TimeoutError) as error:
        hint = "" if isinstance(location.fs, LocalFileSystem) else f" {OFFLINE_HINT}"
        raise CohortError(f"{location}: could not be reached ({type(error).__name__}: {error}).{hint}") from None


def cohort_paths(
    folder: str | Path, name: str, cache_dir: str | None = None, layers: tuple[str, ...] = ("mRNA", "CNV")
) -> dict[str, Location]:
    """The files of cohort `name` in `folder` (a local folder or an fsspec URL): one per layer (keyed by its
    name), `labels` and `synthetic`. Files at a remote URL are read through a local copy in `cache_dir` when one
    is given (fetched once, then reused)."""
    shown = str(folder).rstrip("/")
    try:
        fs, root = fsspec.core.url_to_fs(shown)
        if cache_dir and not isinstance(fs, LocalFileSystem) and "cache::" not in shown:
            fs, root = fsspec.core.url_to_fs(f"filecache::{shown}", filecache={"cache_storage": str(cache_dir)})
    except (ImportError, ValueError) as error:  # a protocol fsspec does not know, or its package is missing
        raise CohortError(
            f"{shown}: cannot open this location ({error}). Expected a local folder or an fsspec URL whose "
            "package is installed; offline, copy the files into a local folder (docs/real_data.md)."
        ) from None
    if "hf://" in shown and (reason := hub_unreachable()):  # offline, the Hub's file system finds no file
        raise CohortError(f"{shown}: could not be reached ({reason}). {OFFLINE_HINT}")
    for layer in layers:
        check_plain_name(layer, "an omics layer's name")
    suffixes = [(layer, f"_{layer}.csv") for layer in layers] + [
        ("labels", "_label_num.csv"),
        ("synthetic", "_synthetic.json"),
    ]
    return {key: Location(fs, f"{root}/{name}{suffix}", f"{shown}/{name}{suffix}") for key, suffix in suffixes}


def read_cohort(
    folder: str | Path,
    name: str,
    samples_in_rows: bool = False,
    require_cnv: bool = True,
    require_labels: bool = True,
    cache_dir: str | None = None,
    target_omics: str = "CNV",
    source_omics: tuple[str, ...] | list[str] = ("mRNA",),
) -> Cohort:
    """Reads and validates a cohort's source layer(s), target layer and label file (a local folder or any fsspec
    URL, read through a local copy in `cache_dir` when given). Several source layers are kept on the samples
    they share."""
    check_plain_name(name, "cohort name")
    source_omics = tuple(source_omics)
    paths = cohort_paths(folder, name, cache_dir, (*source_omics, target_omics))
    files = " and ".join(f"{name}_{layer}.csv" for layer in (*source_omics, target_omics))
    first = paths[source_omics[0]]
    folder_location = Location(first.fs, first.path.rsplit("/", 1)[0], str(folder))
    if _reach(folder_location, lambda: folder_location.fs.isfile(folder_location.path)):
        raise CohortError(
            f"{folder}: is a file, not a folder; expected the folder holding {files} and {name}_label_num.csv "
            f"(cohort_dir names the folder, cohort_name {name!r})."
        )
    if not _reach(folder_location, lambda: folder_location.fs.isdir(folder_location.path)):
        raise CohortError(
            f"{folder}: cohort folder not found. Expected a folder holding {files} and {name}_label_num.csv. "
            "The built-in demo cohorts are made by `kedro run --pipelines demo_cohort` (and `demo_new_cohort` for "
            "impute_cohort's example); your own cohort runs with `--params cohort_dir=<folder>,cohort_name=<name>`."
        )
    sources = {layer: read_omics_table(paths[layer], samples_in_rows) for layer in source_omics}
    for layer, table in list(sources.items())[1:]:
        _check_shared_samples(sources[source_omics[0]], table, paths[source_omics[0]], paths[layer], samples_in_rows)
    mrna = side_by_side(sources)
    labels = None
    if require_labels or paths["labels"].exists():
        labels = read_labels(paths["labels"], sources[source_omics[0]], first, samples_in_rows).loc[mrna.index]
    cnv = None
    if require_cnv or paths[target_omics].exists():
        cnv = read_omics_table(paths[target_omics], samples_in_rows)
        _check_shared_samples(mrna, cnv, first, paths[target_omics], samples_in_rows)
    synthetic = json.loads(paths["synthetic"].read_bytes()) if paths["synthetic"].exists() else None
    return Cohort(name, mrna, cnv, labels, synthetic, target_omics, source_omics)


@dataclass(frozen=True)
class Layers:
    """Every omics layer of a cohort (samples as rows, each validated) and its labels, in the first layer's
    sample order."""

    name: str
    tables: dict[str, pd.DataFrame]
    labels: pd.Series


def layer_names(folder: str | Path, name: str, cache_dir: str | None = None) -> list[str]:
    """The layers a cohort folder holds: every `<name>_<omics>.csv` but the label file, in name order."""
    location = cohort_paths(folder, name, cache_dir, ())["labels"]
    found = _reach(location, lambda: location.fs.glob(f"{location.path.rsplit('/', 1)[0]}/{name}_*.csv"))
    layers = sorted(path.rsplit("/", 1)[-1][len(name) + 1 : -len(".csv")] for path in found)
    return [layer for layer in layers if layer != "label_num"]


def read_layers(
    folder: str | Path,
    name: str,
    layers: list[str] | None = None,
    samples_in_rows: bool = False,
    cache_dir: str | None = None,
) -> Layers:
    """The cohort's layers that `layers` names (default: every layer file in the folder) and its labels; a named
    layer whose file is missing is refused by name."""
    check_plain_name(name, "cohort name")
    layers = list(layers) if layers else layer_names(folder, name, cache_dir)
    if len(layers) < 2:
        raise CohortError(
            f"{folder}: holds {len(layers)} omics layer file(s) of cohort {name!r} ({layers}); expected at least two "
            f"{name}_<omics>.csv files (e.g. {name}_mRNA.csv and {name}_CNV.csv), one to impute from the other."
        )
    paths = cohort_paths(folder, name, cache_dir, tuple(layers))
    tables = {layer: read_omics_table(paths[layer], samples_in_rows) for layer in layers}
    first = layers[0]
    for layer in layers[1:]:
        _check_shared_samples(tables[first], tables[layer], paths[first], paths[layer], samples_in_rows)
    return Layers(name, tables, read_labels(paths["labels"], tables[first], paths[first], samples_in_rows))


def side_by_side(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Source layers side by side on the samples they share (in the first layer's order). One layer keeps its
    feature names; several are prefixed `<layer>:`, so that no two layers' features share a name."""
    if len(tables) == 1:
        return next(iter(tables.values()))
    names = list(tables)
    shared = tables[names[0]].index
    for table in tables.values():
        shared = shared[shared.isin(table.index)]
    left_out = {layer: int((~table.index.isin(shared)).sum()) for layer, table in tables.items()}
    if any(left_out.values()):
        logger.warning(
            "source layers: samples left out, missing from another source layer: %s",
            ", ".join(f"{n} of {layer}" for layer, n in left_out.items() if n),
        )
    return pd.concat([tables[layer].loc[shared].add_prefix(f"{layer}:") for layer in names], axis=1)


def read_omics_table(path: Location, samples_in_rows: bool = False) -> pd.DataFrame:
    """Reads one omics CSV and returns it validated, samples as rows and genes as columns."""
    text = _read_text(path)
    header = _check_rows(path, text)
    rows_are, columns_are = ("sample IDs", "gene names") if samples_in_rows else ("gene names", "sample IDs")
    if not samples_in_rows and header[0].strip().lower() != "sample":
        first_cells = [line.split(",", 1)[0] for line in text.splitlines()[1:4]]
        raise CohortError(
            f"{path}: first column is named {header[0]!r}; expected 'sample' in any letter case ({LAYOUT_HINT}). "
            f"Its first entries are {first_cells} and the header's {header[1:4]}: if the first column holds gene "
            "names, rename it 'sample'; if it holds sample IDs (samples in rows), set samples_in_rows: true."
        )
    _refuse_empty(path, header[1:], f"{columns_are[:-1]} in the header", offset=2, unit="column")
    _refuse_duplicates(path, header[1:], f"{columns_are} in the header", offset=2, unit="column")
    # Missing-value spellings apply to the values only: a name such as NA or NULL stays a name.
    missing = {column: list(MISSING_CELLS) for column in header[1:]}
    table = pd.read_csv(
        io.StringIO(text), index_col=0, na_values=missing, keep_default_na=False, dtype={header[0]: str}
    )
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise CohortError(f"{path}: no data rows or columns under the header; expected {LAYOUT_HINT}.")
    table.columns = pd.Index(header[1:])
    _refuse_empty(path, list(table.index), f"{rows_are[:-1]} in the first column", offset=2, unit="line")
    _refuse_duplicates(path, list(table.index), f"{rows_are} in the first column", offset=2, unit="line")
    if not all(pd.api.types.is_numeric_dtype(dtype) for dtype in table.dtypes):  # some cell is not a number
        table = pd.read_csv(io.StringIO(text), index_col=0, dtype=str, keep_default_na=False).set_axis(table.index)
        table.columns = pd.Index(header[1:])
    table = _numeric(table, path)
    table = table if samples_in_rows else table.T
    table.index.name, table.columns.name = "sample", "gene"
    return table


def read_labels(path: Location, mrna: pd.DataFrame, mrna_path: Location, samples_in_rows: bool = False) -> pd.Series:
    """Reads the label file: aligned by sample ID when it has a `sample` column, else by the mRNA file's order."""
    text = _read_text(path, LABEL_HINT)
    header = _check_rows(path, text)
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if "Label" not in table.columns:
        raise CohortError(
            f"{path}: no column 'Label' (columns: {header}); expected one column 'Label', "
            "one row per sample (and optionally a column 'sample' with the sample IDs)."
        )
    empty = np.flatnonzero(table["Label"].str.strip().isin(MISSING_CELLS).to_numpy())
    if len(empty):
        raise CohortError(f"{path}: empty label at line {empty[0] + 2}; every sample needs a label.")
    labels = pd.to_numeric(table["Label"], errors="coerce")
    labels = labels if labels.notna().all() else table["Label"].str.strip()  # class names are labels too
    if "sample" in table.columns:
        by_id = pd.Series(labels.to_numpy(), index=table["sample"].astype(str).to_numpy(), name="Label")
        _refuse_duplicates(path, list(by_id.index), "sample IDs in column 'sample'", offset=2, unit="line")
        missing = mrna.index.difference(by_id.index)
        if len(missing):
            raise CohortError(
                f"{path}: no label for {len(missing)} sample(s) of {mrna_path}, e.g. "
                f"{missing[:5].tolist()}; expected a row for every sample ID in column 'sample'."
            )
        return by_id.loc[mrna.index].rename_axis("sample")
    if len(labels) != len(mrna):
        if samples_in_rows and len(labels) == mrna.shape[1]:
            raise CohortError(
                f"{mrna_path}: samples_in_rows is true, but the file seems to hold samples in columns: its "
                f"{mrna.shape[1]} columns after the first match the {len(labels)} labels of {path}. Set "
                "samples_in_rows: false (the MLOmics layout, the default) or transpose the files."
            )
        hint = ""
        n_rows_in_file = mrna.shape[1]
        if not samples_in_rows and len(labels) == n_rows_in_file:
            hint = (
                f" The mRNA file has {n_rows_in_file} rows, as many as labels: samples seem to be in "
                "rows. Set samples_in_rows: true (e.g. --params samples_in_rows=true) or transpose the files."
            )
        raise CohortError(
            f"{path}: {len(labels)} labels, but {mrna_path} has {len(mrna)} samples; expected one label "
            f"per sample, in the order of the mRNA sample columns (or a column 'sample' naming each).{hint}"
        )
    return pd.Series(labels.to_numpy(), index=mrna.index, name="Label")


def _read_text(path: Location, layout: str = LAYOUT_HINT) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped, in every file alike), plain CSV, not compressed.
    `layout`: what the file should hold, for the message when it is missing."""
    if not path.exists():
        raise CohortError(
            f"{path}: file not found. Expected {path.name} in {path.parent} ({layout}). "
            "The built-in demo cohort is made by `kedro run --pipelines demo_cohort`."
        )
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raise CohortError(
            f"{path}: is gzip-compressed; expected a plain-text CSV file (decompress it first, e.g. gunzip)."
        )
    if raw[:4] == b"PK\x03\x04":
        raise CohortError(f"{path}: is a zip archive (or an Excel file); expected a plain-text CSV file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CohortError(
            f"{path}: byte {raw[error.start : error.start + 1]!r} at line {line} is not UTF-8; expected UTF-8 text "
            "(re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`)."
        ) from None
    if not text.strip():
        raise CohortError(f"{path}: file is empty; expected a header line and data rows ({LAYOUT_HINT}).")
    return text


def _check_rows(path: Location, text: str) -> list[str]:
    """The header's cells, after checking that every line has as many comma-separated fields as the header."""
    lines = text.splitlines()
    header = next(csv.reader([lines[0]]))
    if len(header) == 1 and any(sep in lines[0] for sep in (";", "\t")):
        separator = "';'" if ";" in lines[0] else "tabs"
        raise CohortError(f"{path}: the header line is separated by {separator}; expected commas (a CSV file).")
    counts = (len(row) for row in csv.reader(lines)) if '"' in text else (line.count(",") + 1 for line in lines)
    for number, (line, count) in enumerate(zip(lines, counts), start=1):
        if not line.strip():
            raise CohortError(
                f"{path}: line {number} is empty; expected {len(header)} comma-separated fields on every line."
            )
        if count != len(header):
            raise CohortError(
                f"{path}: line {number} has {count} fields, the header has {len(header)}; every line needs one "
                "field per column (a cut-off, ragged or differently separated row?)."
            )
    return header


def _refuse_empty(path: Location, names: list[str], what: str, offset: int, unit: str) -> None:
    empty = [i + offset for i, name in enumerate(names) if not str(name).strip()]
    if empty:
        raise CohortError(f"{path}: empty {what} at {unit} {empty[0]} ({len(empty)} in all); expected a name in each.")


def _refuse_duplicates(path: Location, names: list[str], what: str, offset: int, unit: str) -> None:
    counts = Counter(names)
    duplicated = [name for name, count in counts.items() if count > 1]
    if duplicated:
        first = duplicated[0]
        where = [i + offset for i, name in enumerate(names) if name == first]
        raise CohortError(
            f"{path}: duplicated {what}: {duplicated[:5]} ({len(duplicated)} in all); "
            f"{first!r} is at {unit}s {where}. Expected each to appear once."
        )


def _numeric(table: pd.DataFrame, path: Location) -> pd.DataFrame:
    """The table as floats; every cell a number within float32 range, or empty / NA (missing)."""
    if all(pd.api.types.is_numeric_dtype(dtype) for dtype in table.dtypes):
        values = table.to_numpy(dtype=float)
        missing = np.isnan(values)
    else:
        stripped = table.apply(lambda column: column.str.strip())
        missing = stripped.isin(MISSING_CELLS).to_numpy()
        values = stripped.mask(missing).apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    checks = [
        (
            np.isnan(values) & ~missing,
            "non-numeric value",
            "finite numbers (leave a cell empty or write NaN for a missing value)",
        ),
        (np.isinf(values), "infinite value", "finite numbers"),
        (
            np.abs(np.nan_to_num(values, posinf=0, neginf=0)) > FLOAT32_MAX,
            "value too large",
            f"numbers of magnitude below {FLOAT32_MAX:.3g} (the float32 range the models use)",
        ),
    ]
    for bad, problem, expected in checks:
        if bad.any():
            row, col = (int(i[0]) for i in np.nonzero(bad))
            cell = table.iat[row, col]
            shown = repr(cell) if isinstance(cell, str) else f"{cell:g}"
            raise CohortError(
                f"{path}: {problem} {shown} at line {row + 2} (row {table.index[row]!r}), "
                f"column {col + 2} ({table.columns[col]!r}); expected {expected}. {int(bad.sum())} such cells in all."
            )
    return pd.DataFrame(values, index=table.index, columns=table.columns)


def _check_shared_samples(
    first: pd.DataFrame, other: pd.DataFrame, first_path: Location, other_path: Location, samples_in_rows: bool
) -> None:
    if first.index.intersection(other.index).size:
        return
    hint = ""
    if not samples_in_rows and (
        first.index.intersection(other.columns).size or first.columns.intersection(other.index).size
    ):
        hint = f" {other_path.name} seems to hold samples in rows: every file must have the same orientation."
    raise CohortError(
        f"{other_path}: no sample ID is shared with {first_path}; e.g. the one has "
        f"{list(other.index[:3])}, the other {list(first.index[:3])}. Expected the same sample IDs "
        f"in both headers.{hint}"
    )
