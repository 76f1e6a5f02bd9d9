"""Where a run's time and memory go: each node's wall time and the process's peak memory. No Kedro here."""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import dataclass, field

import pandas as pd

PROFILE_COLUMNS = ["node", "namespace", "seconds", "peak_rss_mb"]


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (children that ended included)."""
    scale = 1 / 1024**2 if sys.platform == "darwin" else 1 / 1024  # bytes on macOS, kB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * scale


@dataclass
class RunProfile:
    """Node timings of one run, recorded as the nodes start and end."""

    rows: list[tuple[str, str | None, float, float]] = field(default_factory=list)
    _started: dict[str, float] = field(default_factory=dict)

    def start(self, node_name: str) -> None:
        self._started[node_name] = time.perf_counter()

    def end(self, node_name: str, namespace: str | None) -> None:
        seconds = time.perf_counter() - self._started.pop(node_name)
        short = node_name[len(namespace) + 1:] if namespace and node_name.startswith(namespace + ".") else node_name
        self.rows.append((short, namespace, round(seconds, 3), round(peak_rss_mb(), 1)))

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=PROFILE_COLUMNS)


#: The profile of the run in progress in this process (filled by the project's hooks).
current = RunProfile()
