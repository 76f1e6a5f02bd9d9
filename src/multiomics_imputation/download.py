"""Download the real MLOmics Pan-Cancer files (CC BY 4.0) into data/01_raw/pancancer.

    python -m multiomics_imputation.download [--dest data/01_raw/pancancer] [--force]

Source: Hugging Face dataset AIBIC/MLOmics, folder
Main_Dataset/Classification_datasets/Pan-cancer/Original/. Offline, it fails fast and
says where to put the files by hand. Existing files are kept unless --force.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

BASE_URL = (
    "https://huggingface.co/datasets/AIBIC/MLOmics/resolve/main/"
    "Main_Dataset/Classification_datasets/Pan-cancer/Original/"
)
FILES = ("Pan-cancer_mRNA.csv", "Pan-cancer_CNV.csv", "Pan-cancer_label_num.csv")


def download(dest: Path, force: bool = False, timeout: float = 15.0, opener=urllib.request.urlopen) -> list[Path]:
    """Fetches each file to `dest` (through a .part file, so a broken transfer leaves nothing half-written)."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        target = dest / name
        if target.exists() and not force:
            print(f"{target} exists: kept (use --force to download again)")
            continue
        partial = target.with_suffix(".csv.part")
        try:
            with opener(BASE_URL + name, timeout=timeout) as response, partial.open("wb") as handle:
                shutil.copyfileobj(response, handle)
        except (urllib.error.URLError, OSError) as error:
            partial.unlink(missing_ok=True)
            raise SystemExit(
                f"Could not download {BASE_URL + name} ({error}).\n"
                f"Place the MLOmics files by hand in {dest}/: {', '.join(FILES)}\n"
                "(Hugging Face dataset AIBIC/MLOmics, Main_Dataset/Classification_datasets/Pan-cancer/Original/, "
                "CC BY 4.0), then run: kedro run --env pancancer"
            ) from None
        partial.replace(target)
        written.append(target)
        print(f"wrote {target}")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=Path("data/01_raw/pancancer"))
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    download(args.dest, args.force)


if __name__ == "__main__":
    main(sys.argv[1:])
