"""Where a run's time and memory go: each node's wall time and its process's peak memory. No Kedro here."""

from __future__ import annotations

import resource
import sys

import pandas as pd

PROFILE_COLUMNS = ["node", "namespace", "seconds", "peak_rss_mb"]


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (children that ended included)."""
    scale = 1 / 1024**2 if sys.platform == "darwin" else 1 / 1024  # bytes on macOS, kB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * scale


def profile_row(node_name: str, namespace: str | None, seconds: float) -> tuple[str, str | None, float, float]:
    """One row of the run profile: the node's name within its namespace, its seconds, this process's peak MB."""
    short = node_name[len(namespace) + 1 :] if namespace and node_name.startswith(namespace + ".") else node_name
    return short, namespace, round(seconds, 3), round(peak_rss_mb(), 1)


def where_the_time_went(profile: pd.DataFrame, slowest: int = 12) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `slowest` nodes of a run profile, and the nodes and seconds by kind of node (its name without its
    namespace), largest first."""
    by_kind = profile.groupby("node")["seconds"].agg(["count", "sum"]).sort_values("sum", ascending=False)
    by_kind.columns = ["nodes", "seconds"]
    return profile.sort_values("seconds", ascending=False).head(slowest).reset_index(drop=True), by_kind
