"""Build the TCGA breast-cancer (BRCA) cohort used in docs/results.md from its public source table.

    python docs/tools/brca_from_source.py brca_data_w_subtypes.csv DEST_DIR

The source is the public table `brca_data_w_subtypes.csv` derived from TCGA-BRCA (705 tumours; one row per
tumour; columns `rs_<gene>` log2 RNA-seq expression, `cn_<gene>` GISTIC copy-number calls -2..2, `mu_<gene>`
mutations, `pp_<protein>` RPPA protein levels, and clinical columns such as `histological.type`); it is found,
for example, in the public repository codinghhr1103/PPLS-SLM (application/). No licence is stated by that
source: build the files for your own use, and do not redistribute them.

Writes, in the MLOmics layout (features x samples, first column `sample`, the header the sample IDs
`BRCA-0000`, ... in the source's row order, which carries no TCGA barcode): `BRCA_mRNA.csv` (the rs_ columns),
`BRCA_CNV.csv` (cn_), `BRCA_protein.csv` (pp_, a third layer for `target_omics=protein`) and
`BRCA_label_num.csv` (0 = infiltrating ductal, 1 = infiltrating lobular carcinoma; tumours of any other
histology are left out).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

LAYERS = {"mRNA": "rs_", "CNV": "cn_", "protein": "pp_"}
LABELS = {"infiltrating ductal carcinoma": 0, "infiltrating lobular carcinoma": 1}


def build(source: Path, dest: Path, name: str = "BRCA") -> list[Path]:
    """The cohort's files from the source table, in `dest`; refuses a table without the expected columns."""
    table = pd.read_csv(source)
    missing = [prefix for prefix in LAYERS.values() if not any(c.startswith(prefix) for c in table.columns)]
    if missing or "histological.type" not in table.columns:
        raise SystemExit(
            f"{source}: expected columns starting with {list(LAYERS.values())} and a column 'histological.type'; "
            f"none found for {missing or ['histological.type']}"
        )
    labels = table["histological.type"].map(LABELS)
    table = table[labels.notna()].reset_index(drop=True)
    samples = [f"{name}-{i:04d}" for i in range(len(table))]
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for layer, prefix in LAYERS.items():
        columns = [c for c in table.columns if c.startswith(prefix)]
        layer_table = table[columns].T.set_axis(samples, axis=1)
        layer_table.index = [c.removeprefix(prefix) for c in columns]
        written.append(dest / f"{name}_{layer}.csv")
        layer_table.rename_axis("sample").reset_index().to_csv(written[-1], index=False)
    written.append(dest / f"{name}_label_num.csv")
    pd.DataFrame({"Label": labels.dropna().astype(int).to_numpy()}).to_csv(written[-1], index=False)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"wrote {path}")
