"""Kedro datasets of this project: a read-only MLOmics cohort, figures that load back, and
versioned outputs that also keep a latest copy where a person looks for it."""

from __future__ import annotations

import posixpath
from typing import Any

import fsspec
import pandas as pd
from kedro.io import AbstractDataset, DatasetError
from kedro.io.core import VERSIONED_FLAG_KEY, Version
from kedro_datasets import pickle as kedro_pickle
from kedro_datasets.matplotlib import MatplotlibDataset

from multiomics_imputation.cohort.reading import Cohort, Layers, cohort_paths, layer_names, read_cohort, read_layers
from multiomics_imputation.framework.kedro_private import describe, filesystem, load_path, save_path
from multiomics_imputation.framework.profiling import PROFILE_COLUMNS


class CohortDataset(AbstractDataset[None, Cohort]):
    """A cohort folder in the MLOmics layout, loaded and validated as a :class:`Cohort`.

    Read-only: the project never writes into a user's cohort folder. A remote folder (an fsspec URL such
    as hf://...) is read through a local copy in `cache_dir`.
    """

    def __init__(
        self,
        folder: str,
        name: str,
        samples_in_rows: bool = False,
        require_cnv: bool = True,
        require_labels: bool = True,
        cache_dir: str | None = None,
        target_omics: str = "CNV",
        source_omics: list[str] | tuple[str, ...] = ("mRNA",),
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._folder = folder
        self._target_omics = target_omics
        self._source_omics = tuple(source_omics)
        self._cache_dir = cache_dir
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
            cache_dir=self._cache_dir,
            target_omics=self._target_omics,
            source_omics=self._source_omics,
        )

    def save(self, data: None) -> None:
        raise DatasetError(f"{self._describe()}: a cohort folder is read-only; the project never writes into it.")

    def _exists(self) -> bool:
        first = self._source_omics[0]
        return cohort_paths(self._folder, self._name, self._cache_dir, (first,))[first].exists()

    def _describe(self) -> dict[str, Any]:
        return {
            "folder": self._folder,
            "name": self._name,
            "target_omics": self._target_omics,
            "source_omics": list(self._source_omics),
            "samples_in_rows": self._samples_in_rows,
        }


class CohortLayersDataset(AbstractDataset[None, Layers]):
    """Every omics layer of a cohort folder in the MLOmics layout (`layers`, default: every
    `<name>_<omics>.csv` there), with its labels, loaded and validated as :class:`Layers`. Read-only."""

    def __init__(
        self,
        folder: str,
        name: str,
        layers: list[str] | None = None,
        samples_in_rows: bool = False,
        cache_dir: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        self._folder, self._name, self._layers = folder, name, layers
        self._samples_in_rows, self._cache_dir = samples_in_rows, cache_dir
        self.metadata = metadata

    def load(self) -> Layers:
        return read_layers(self._folder, self._name, self._layers, self._samples_in_rows, self._cache_dir)

    def save(self, data: None) -> None:
        raise DatasetError(f"{self._describe()}: a cohort folder is read-only; the project never writes into it.")

    def _exists(self) -> bool:
        return len(layer_names(self._folder, self._name, self._cache_dir)) >= 2

    def _describe(self) -> dict[str, Any]:
        return {"folder": self._folder, "name": self._name, "layers": self._layers}


_LOADED: dict[str, tuple[str, Any]] = {}  # file -> (its fingerprint, the object): one per file and process


class PickleDataset(kedro_pickle.PickleDataset):
    """kedro-datasets' PickleDataset, which says what to do with a file an earlier version of the project wrote
    (its classes since moved or renamed): run the pipeline that writes it again."""

    def load(self) -> Any:
        try:
            return super().load()
        except DatasetError as error:
            cause = error.__cause__
            if not isinstance(cause, (ModuleNotFoundError, AttributeError)):
                raise
            path = load_path(self)
            raise DatasetError(
                f"{path} was written by an earlier version of this project ({cause}); run again the pipeline "
                "that writes it (`kedro run` for the benchmark's data and models) so that it is written anew"
            ) from None


class ProcessCachedPickleDataset(PickleDataset):
    """:class:`PickleDataset`, read once per process and file version.

    For data that many nodes read (the aligned study data): each process (the main one, a
    ParallelRunner worker, a Dask worker) loads it once and reuses it while the file is
    unchanged. Unlike Kedro's CachedDataset it works across processes.
    """

    def load(self) -> Any:
        path = load_path(self)
        fingerprint = filesystem(self).ukey(path)
        cached = _LOADED.get(path)
        if cached is None or cached[0] != fingerprint:
            _LOADED[path] = (fingerprint, super().load())
        return _LOADED[path][1]

    def save(self, data: Any) -> None:
        super().save(data)
        path = save_path(self)
        _LOADED[path] = (filesystem(self).ukey(path), data)


class FigureDataset(MatplotlibDataset):
    """kedro-datasets' MatplotlibDataset (one figure, saved as PNG) that also loads: the PNG's bytes.

    Lets the report embed the very file a run wrote.
    """

    def load(self) -> bytes:
        path = load_path(self)
        with filesystem(self).open(path, mode="rb") as handle:
            return handle.read()


class LatestCopyDataset(AbstractDataset):
    """A versioned dataset whose every save also writes an unversioned latest copy.

    ``dataset`` is the versioned one (runs compare its versions; loads read its latest);
    ``latest`` is the copy a person opens (e.g. ``data/08_reporting/metrics.csv``), any
    dataset type, overwritten by each run. In the catalog::

        metrics:
          type: multiomics_imputation.framework.datasets.LatestCopyDataset
          versioned: true
          dataset: {type: pandas.ParquetDataset, filepath: data/08_reporting/metrics.parquet}
          latest: {type: pandas.CSVDataset, filepath: data/08_reporting/metrics.csv}
    """

    def __init__(
        self, dataset: dict, latest: dict, version: Version | None = None, metadata: dict[str, Any] | None = None
    ) -> None:
        if VERSIONED_FLAG_KEY in dataset or VERSIONED_FLAG_KEY in latest:
            raise DatasetError("LatestCopyDataset: say `versioned: true` on the LatestCopyDataset itself")
        load, save = (version.load, version.save) if version else (None, None)
        self._dataset = AbstractDataset.from_config(
            "versioned", {**dataset, VERSIONED_FLAG_KEY: version is not None}, load, save
        )
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
        return {"dataset": describe(self._dataset), "latest": describe(self._latest)}


class RunProfileDataset(AbstractDataset[pd.DataFrame, pd.DataFrame]):
    """The run profile (node, namespace, seconds, peak_rss_mb) as a CSV file.

    During a run each node appends its row to `<file>.partial`, from whichever process ran it
    (SequentialRunner, ParallelRunner and the project's DaskRunner alike); loading then gives the
    nodes finished so far. A run that ends well replaces the file with it (`commit`); a run that
    fails drops it (`discard`), so the last good profile is kept. With `runs_folder`, every run that
    ends well is also kept there as `<run>.csv` (its session id and pipelines), so that no run's profile
    replaces another's. Needs a file system that appends (a local or shared disk).
    """

    def __init__(self, filepath: str, runs_folder: str | None = None, metadata: dict[str, Any] | None = None) -> None:
        self._fs, self._path = fsspec.core.url_to_fs(filepath)
        self._partial = self._path + ".partial"
        self._filepath = filepath
        self._runs_folder = fsspec.core.url_to_fs(runs_folder)[1] if runs_folder else None
        self.metadata = metadata

    def load(self) -> pd.DataFrame:
        if self._fs.isfile(self._partial):
            with self._fs.open(self._partial, "r") as handle:
                return pd.read_csv(handle, header=None, names=PROFILE_COLUMNS)
        with self._fs.open(self._path, "r") as handle:
            return pd.read_csv(handle)

    def save(self, data: pd.DataFrame) -> None:
        self._fs.makedirs(posixpath.dirname(self._path), exist_ok=True)
        with self._fs.open(self._path, "w") as handle:
            data.reindex(columns=PROFILE_COLUMNS).to_csv(handle, index=False)

    def append(self, row: tuple) -> None:
        """Adds one node's row to the run in progress (one short write, so processes do not interleave)."""
        self._fs.makedirs(posixpath.dirname(self._path), exist_ok=True)
        with self._fs.open(self._partial, "a") as handle:
            handle.write(pd.DataFrame([row]).to_csv(index=False, header=False))

    def commit(self, run: str = "run") -> None:
        """The run in progress becomes the profile (and, with a runs folder, `<runs_folder>/<run>.csv`)."""
        if self._fs.isfile(self._partial):
            profile = self.load()
            self.save(profile)
            if self._runs_folder:
                self._fs.makedirs(self._runs_folder, exist_ok=True)
                with self._fs.open(posixpath.join(self._runs_folder, f"{run}.csv"), "w") as handle:
                    profile.reindex(columns=PROFILE_COLUMNS).to_csv(handle, index=False)
            self._fs.rm(self._partial)

    def discard(self) -> None:
        """Forgets the rows of a run in progress (a failed run, or one that ended without a trace)."""
        if self._fs.isfile(self._partial):
            self._fs.rm(self._partial)

    def _exists(self) -> bool:
        return self._fs.isfile(self._partial) or self._fs.isfile(self._path)

    def _describe(self) -> dict[str, Any]:
        return {"filepath": self._filepath, "runs_folder": self._runs_folder}
