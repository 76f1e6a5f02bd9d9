"""Common fixtures. Tests make their own small data and read nothing outside the project."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

os.environ["KEDRO_DISABLE_TELEMETRY"] = "1"
os.environ["DO_NOT_TRACK"] = "1"

from multiomics_imputation.cohort.demo import generate_cohort  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def write_cohort(folder: Path, name: str = "TOY", **kwargs) -> Path:
    """Writes a small generated cohort in the MLOmics layout and returns its folder."""
    folder.mkdir(parents=True, exist_ok=True)
    cohort = generate_cohort(name_prefix=name, **{"n_samples": 120, "n_mrna": 60, "n_cnv": 50, "n_types": 3, **kwargs})
    cohort.mrna.to_csv(folder / f"{name}_mRNA.csv", index=False)
    cohort.cnv.to_csv(folder / f"{name}_CNV.csv", index=False)
    cohort.labels.to_csv(folder / f"{name}_label_num.csv", index=False)
    return folder


def write_published_cohort(folder: Path, name: str = "Pan-cancer", **kwargs) -> Path:
    """A small generated cohort written as MLOmics publishes Pan-Cancer: TCGA barcodes in the header,
    the mRNA file's first column `sample` and the CNV file's `Sample`, CNV gene names such as
    `SNORA73|ENSG00000252054.1`, and a label file of one column `Label` in the mRNA file's order."""
    folder.mkdir(parents=True, exist_ok=True)
    cohort = generate_cohort(name_prefix=name, **{"n_samples": 120, "n_mrna": 60, "n_cnv": 50, "n_types": 3, **kwargs})
    barcodes = {old: f"TCGA-{i % 89 + 10:02d}-{i:04X}-01" for i, old in enumerate(cohort.mrna.columns[1:])}
    cnv = cohort.cnv.rename(columns={**barcodes, "sample": "Sample"})
    cnv["Sample"] = [
        f"SNORA{i}|ENSG{252054 + i:011d}.1" if i % 5 == 0 else gene for i, gene in enumerate(cnv["Sample"])
    ]
    cohort.mrna.rename(columns=barcodes).to_csv(folder / f"{name}_mRNA.csv", index=False)
    cnv.to_csv(folder / f"{name}_CNV.csv", index=False)
    cohort.labels.to_csv(folder / f"{name}_label_num.csv", index=False)
    return folder


@pytest.fixture
def cohort_dir(tmp_path: Path) -> Path:
    return write_cohort(tmp_path / "cohort")


def copy_project(root: Path) -> Path:
    """A copy of the project's configuration (the package is installed) in `root`."""
    root.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root)
    shutil.copytree(PROJECT_ROOT / "conf", root / "conf", ignore=shutil.ignore_patterns("local"))
    (root / "conf" / "local").mkdir()
    (root / "src").mkdir()
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's configuration in an empty folder, as the working directory."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


def run_kedro(project: Path, pipeline: str | None = None, namespaces=None, runner=None, env=None, **params):
    """Runs a pipeline of the project copy in a Kedro session (with `runner`, else Kedro's
    SequentialRunner); returns the session's catalog."""
    from kedro.framework.session import KedroSession
    from kedro.framework.startup import bootstrap_project

    bootstrap_project(project)
    with KedroSession.create(project_path=project, env=env, runtime_params=params) as session:
        session.run(pipeline_names=[pipeline or "__default__"], namespaces=namespaces, runner=runner)
        return session.load_context().catalog


def small_matrices(seed: int = 0, n_ref: int = 60, n_target: int = 30, n_mrna: int = 12, n_cnv: int = 10):
    """Reference and target mRNA/CNV frames with CNV partly driven by mRNA."""
    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(n_mrna, n_cnv))
    frames = []
    for n, prefix in ((n_ref, "R"), (n_target, "T")):
        mrna = rng.normal(size=(n, n_mrna))
        cnv = mrna @ weights / np.sqrt(n_mrna) + 0.3 * rng.normal(size=(n, n_cnv))
        index = pd.Index([f"{prefix}{i}" for i in range(n)], name="sample")
        frames.append(pd.DataFrame(mrna, index=index, columns=[f"m{j}" for j in range(n_mrna)]))
        frames.append(pd.DataFrame(cnv, index=index, columns=[f"c{j}" for j in range(n_cnv)]))
    labels = [pd.Series(rng.integers(0, 3, size=len(f)), index=f.index, name="Label") for f in frames[1::2]]
    return frames[0], frames[1], labels[0], frames[2], frames[3], labels[1]
