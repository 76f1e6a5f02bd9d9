"""The whole benchmark at the MLOmics Pan-Cancer shape, timed from the outside.

Makes the synthetic demo cohort at 8,314 samples x 3,217 mRNA / 3,105 CNV genes, 32 types, if it
is not there (`kedro run --env full_size --pipelines demo_cohort`), then runs the benchmark on it
(`kedro run --env full_size --params <PARAMS>`) and prints the machine, each command's wall time and
peak resident memory (the Kedro process and its children), and where the time went by the run profile.

    python benchmarks/full_size.py [--params classification.train_imputed_view=false]

The default leaves out the study's cross-validated classification view (`train_imputed`), which at
this size costs 585 forests; `--params ""` runs both views.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import torch

from multiomics_imputation.pipeline_registry import project_config
from multiomics_imputation.profiling import where_the_time_went

ROOT = Path(__file__).resolve().parents[1]


def catalog_path(name: str) -> Path:
    """Where the `full_size` environment keeps a catalog dataset (its data_root included)."""
    return ROOT / project_config("full_size", ROOT)["catalog"][name]["filepath"]


def kedro_run(*args: str) -> tuple[float, float]:
    """Runs `kedro run --env full_size <args>` in the project; its wall seconds and peak resident MiB."""
    command = [sys.executable, "-m", "kedro", "run", "--env", "full_size", *args]
    print("$", " ".join(command[1:]), flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, KEDRO_DISABLE_TELEMETRY="1"))
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"`{' '.join(command[1:])}` failed (exit {os.waitstatus_to_exitcode(status)}) after {seconds:.0f} s")
    return seconds, usage.ru_maxrss / 1024  # kB on Linux


def machine() -> str:
    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else "no GPU"
    return f"{len(os.sched_getaffinity(0))} cores, {gpu}; Python {sys.version.split()[0]}, torch {torch.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", default="classification.train_imputed_view=false",
                        help="Kedro --params for the benchmark run ('' for none)")
    args = parser.parse_args()
    print("machine:", machine(), flush=True)
    if not catalog_path("demo_mrna").exists():
        seconds, peak = kedro_run("--pipelines", "demo_cohort")
        print(f"cohort made in {seconds:.0f} s, peak {peak:,.0f} MiB", flush=True)
    seconds, peak = kedro_run(*(["--params", args.params] if args.params else []))
    slowest, by_kind = where_the_time_went(pd.read_csv(catalog_path("run_profile")))
    with pd.option_context("display.width", 140, "display.max_columns", 10):
        print("\nslowest nodes:\n", slowest.round(1).to_string(), "\n\nby kind of node:\n", by_kind.round(1).to_string())
    print(f"\nmachine: {machine()}\nbenchmark run (--params {args.params or '(none)'}): "
          f"{seconds / 60:.1f} min wall time, peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
