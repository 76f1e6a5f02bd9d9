"""Kedro datasets of this project: a read-only MLOmics cohort, figures that load back, and
versioned outputs that also keep a latest copy where a person looks for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from kedro.io import AbstractDataset, DatasetError
from kedro.io.core import VERSIONED_FLAG_KEY, Version, get_filepath_str
from kedro_datasets.matplotlib import MatplotlibDataset

from multiomics_imputation import profiling
from multiomics_imputation.cohort import Cohort, cohort_paths, read_cohort


class CohortDataset(AbstractDataset[None, Cohort]):
    """A cohort folder in the MLOmics layout, loaded and validated as a :class:`Cohort`.

    Read-only: the project never writes into a user's cohort folder.
    """

    def __init__(
        self,
        folder: str,
        name: str,
        samples_in_rows: bool = False,
        require_cnv: bool = True,
        require_labels: bool = True,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._folder = folder
        self._name = name
        self._samples_in_rows = samples_in_rows
        self._require_cnv = require_cnv
        self._require_labels = require_labels
        self.metadata = metadata

    def load(self) -> Cohort:
        return read_cohort(
            self._folder,
            self._name,
            samples_in_rows=self._samples_in_rows,
            require_cnv=self._require_cnv,
            require_labels=self._require_labels,
        )

    def save(self, data: None) -> None:
        raise DatasetError(f"{self._describe()}: a cohort folder is read-only; the project never writes into it.")

    def _exists(self) -> bool:
        return cohort_paths(self._folder, self._name)["mrna"].exists()

    def _describe(self) -> dict[str, Any]:
        return {"folder": self._folder, "name": self._name, "samples_in_rows": self._samples_in_rows}


class FigureDataset(MatplotlibDataset):
    """kedro-datasets' MatplotlibDataset (one figure, saved as PNG) that also loads: the PNG's bytes.

    Lets the report embed the very file a run wrote.
    """

    def load(self) -> bytes:
        path = get_filepath_str(self._get_load_path(), self._protocol)
        with self._fs.open(path, mode="rb") as handle:
            return handle.read()


class LatestCopyDataset(AbstractDataset):
    """A versioned dataset whose every save also writes an unversioned latest copy.

    ``dataset`` is the versioned one (runs compare its versions; loads read its latest);
    ``latest`` is the copy a person opens (e.g. ``data/08_reporting/metrics.csv``), any
    dataset type, overwritten by each run. In the catalog::

        metrics:
          type: multiomics_imputation.datasets.LatestCopyDataset
          versioned: true
          dataset: {type: pandas.ParquetDataset, filepath: data/08_reporting/metrics.parquet}
          latest: {type: pandas.CSVDataset, filepath: data/08_reporting/metrics.csv}
    """

    def __init__(self, dataset: dict, latest: dict, version: Version | None = None,
                 metadata: dict[str, Any] | None = None) -> None:
        if VERSIONED_FLAG_KEY in dataset or VERSIONED_FLAG_KEY in latest:
            raise DatasetError("LatestCopyDataset: say `versioned: true` on the LatestCopyDataset itself")
        load, save = (version.load, version.save) if version else (None, None)
        self._dataset = AbstractDataset.from_config(
            "versioned", {**dataset, VERSIONED_FLAG_KEY: version is not None}, load, save)
        self._latest = AbstractDataset.from_config("latest", latest)
        self.metadata = metadata

    def load(self) -> Any:
        return self._dataset.load()

    def save(self, data: Any) -> None:
        self._dataset.save(data)
        self._latest.save(data)

    def _exists(self) -> bool:
        return self._dataset.exists()

    def _describe(self) -> dict[str, Any]:
        return {"dataset": self._dataset._describe(), "latest": self._latest._describe()}


class RunProfileDataset(AbstractDataset[pd.DataFrame, pd.DataFrame]):
    """The run profile (node, namespace, seconds, peak_rss_mb) as a CSV file.

    While a run is in progress in this process, loading gives the nodes recorded so far (so
    the report can say where the time went); otherwise the file of the last run.
    """

    def __init__(self, filepath: str, metadata: dict[str, Any] | None = None) -> None:
        self._filepath = Path(filepath)
        self.metadata = metadata

    def load(self) -> pd.DataFrame:
        if profiling.current.rows:
            return profiling.current.table()
        return pd.read_csv(self._filepath)

    def save(self, data: pd.DataFrame) -> None:
        self._filepath.parent.mkdir(parents=True, exist_ok=True)
        data.to_csv(self._filepath, index=False)

    def _exists(self) -> bool:
        return bool(profiling.current.rows) or self._filepath.is_file()

    def _describe(self) -> dict[str, Any]:
        return {"filepath": str(self._filepath)}
