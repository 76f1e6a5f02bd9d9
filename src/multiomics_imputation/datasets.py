"""Kedro datasets of this project: a read-only MLOmics cohort, and figures that load back."""

from __future__ import annotations

from typing import Any

from kedro.io import AbstractDataset, DatasetError
from kedro.io.core import get_filepath_str
from kedro_datasets.matplotlib import MatplotlibDataset

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
        return cohort_paths(self._folder, self._name)["mrna"].is_file()

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
