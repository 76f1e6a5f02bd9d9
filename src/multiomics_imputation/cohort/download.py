"""Fetch the real MLOmics Pan-Cancer files (CC BY 4.0) from the Hugging Face Hub into data/01_raw/pancancer.

    python -m multiomics_imputation.cohort.download [--dest data/01_raw/pancancer] [--revision <commit>] [--force]

Reads dataset AIBIC/MLOmics at a pinned commit with huggingface_hub's `hf_hub_download` and
checks each file against the checksum the Hub gives for it (SHA-256 of large files, the git
blob id of small ones). Offline it stops at once and says where to put the files by hand.
Existing files are kept unless --force. `kedro run --env pancancer` reads the same files
straight from the Hub without this step (docs/real_data.md).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

from multiomics_imputation.cohort.hub import PANCANCER_FILES, PANCANCER_FOLDER, REPO_ID, REVISION, hub_unreachable


def file_checksum(path: Path, kind: str) -> str:
    """SHA-256 of the file (`sha256`), or its git blob id (`git`, SHA-1 of 'blob <size>\\0' + the bytes)."""
    digest = hashlib.sha256() if kind == "sha256" else hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hub_checksums(revision: str) -> dict[str, tuple[str, str]]:
    """The Hub's checksum of each Pan-Cancer file at `revision`: name -> (kind, hex digest)."""
    from huggingface_hub import HfApi

    infos = HfApi().get_paths_info(
        REPO_ID, [f"{PANCANCER_FOLDER}/{name}" for name in PANCANCER_FILES], revision=revision, repo_type="dataset"
    )
    return {
        info.path.rsplit("/", 1)[1]: (("sha256", info.lfs.sha256) if info.lfs else ("git", info.blob_id))
        for info in infos
    }


def _fetch(name: str, revision: str, folder: Path) -> Path:
    from huggingface_hub import hf_hub_download

    return Path(
        hf_hub_download(REPO_ID, f"{PANCANCER_FOLDER}/{name}", repo_type="dataset", revision=revision, local_dir=folder)
    )


def download(
    dest: Path,
    revision: str = REVISION,
    force: bool = False,
    fetch=_fetch,
    checksums=hub_checksums,
    unreachable=hub_unreachable,
) -> list[Path]:
    """Fetches each file into `dest` through a temporary folder; a file whose checksum differs is refused
    and nothing half-written is left behind."""
    reason = unreachable()
    if reason:
        raise SystemExit(
            f"Could not reach the Hugging Face Hub ({reason}).\n"
            f"Place the MLOmics files by hand in {dest}/: {', '.join(PANCANCER_FILES)}\n"
            f"(dataset {REPO_ID}, {PANCANCER_FOLDER}/, CC BY 4.0), then run: kedro run --env pancancer "
            f"--params cohort_dir={dest}"
        )
    dest.mkdir(parents=True, exist_ok=True)
    wanted = [name for name in PANCANCER_FILES if force or not (dest / name).exists()]
    for name in set(PANCANCER_FILES) - set(wanted):
        print(f"{dest / name} exists: kept (use --force to download again)")
    expected = checksums(revision) if wanted else {}
    written = []
    with tempfile.TemporaryDirectory(dir=dest, prefix=".download-") as staging:
        for name in wanted:
            fetched = fetch(name, revision, Path(staging))
            kind, digest = expected[name]
            if file_checksum(fetched, kind) != digest:
                raise SystemExit(
                    f"{REPO_ID}@{revision}/{PANCANCER_FOLDER}/{name}: its {kind} checksum is not the "
                    f"one the Hub gives ({digest}); the file was not kept. Try again."
                )
            shutil.move(fetched, dest / name)
            written.append(dest / name)
            print(f"wrote {dest / name}")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("data/01_raw/pancancer"))
    parser.add_argument("--revision", default=REVISION, help="a commit of the Hub dataset (default: the pinned one)")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    download(args.dest, args.revision, args.force)


if __name__ == "__main__":
    main(sys.argv[1:])
