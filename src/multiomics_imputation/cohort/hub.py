"""The MLOmics Pan-Cancer files on the Hugging Face Hub, pinned to one commit, and a fast offline check."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

REPO_ID = "AIBIC/MLOmics"  # a dataset repository, CC BY 4.0
# The commit every download and hf:// URL reads (published as a pin of this repository by another
# project; not checked from here, as this machine has no internet). Change it deliberately.
REVISION = "4bfee25b63781c5cce1acaf64f8cbf3d51f02b12"
PANCANCER_FOLDER = "Main_Dataset/Classification_datasets/Pan-cancer/Original"
#: Its four layers (mRNA 3,217 features, miRNA 383, CNV 3,105, methylation 3,139) and the labels.
PANCANCER_FILES = (
    "Pan-cancer_mRNA.csv",
    "Pan-cancer_miRNA.csv",
    "Pan-cancer_CNV.csv",
    "Pan-cancer_Methy.csv",
    "Pan-cancer_label_num.csv",
)
PANCANCER_URL = f"hf://datasets/{REPO_ID}@{REVISION}/{PANCANCER_FOLDER}"


def hub_unreachable(timeout: float = 5.0) -> str | None:
    """Why the Hub cannot be reached now (offline mode, no network), or None when it answers a connection."""
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE or os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return "HF_HUB_OFFLINE is set"
    host = urlparse(constants.ENDPOINT).hostname
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
    except OSError as error:
        return f"{host} unreachable: {error}"
    return None
