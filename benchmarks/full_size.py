"""The whole benchmark at the MLOmics Pan-Cancer shape (or another environment's demo shape), timed from outside.

Measures U before and after the run (benchmarks/forest_unit.py: one reference forest fit at the Pan-Cancer shape
on this machine; the two differ by a few percent from noise, and the run is stated in their mean),
makes the environment's synthetic demo cohort if it is not there (`kedro run --env <ENV> --pipelines
demo_cohort`; `full_size`: 8,314 samples x 3,217 mRNA / 3,105 CNV genes, 32 types; `wide`: 1,000 x
20,000 / 3,105, 10 types), then runs the default benchmark on it (`kedro run --env <ENV> --params
<PARAMS>`) and prints the machine, U, the run's wall time in minutes and in U, its peak resident memory (the
Kedro process and its children), and where the time went by the run profile, in seconds and in U.

    python benchmarks/full_size.py [--env full_size] [--params classification.train_imputed_view=false]
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
from forest_unit import forest_unit

from multiomics_imputation.framework.profiling import where_the_time_went
from multiomics_imputation.run_parameters import project_config

ROOT = Path(__file__).resolve().parents[1]


def catalog_path(env: str, name: str) -> Path:
    """Where environment `env` keeps a catalog dataset (its data_root included)."""
    return ROOT / project_config(env, ROOT)["catalog"][name]["filepath"]


def kedro_run(env: str, *args: str) -> tuple[float, float]:
    """Runs `kedro run --env <env> <args>` in the project; its wall seconds and peak resident MiB."""
    command = [sys.executable, "-m", "kedro", "run", "--env", env, *args]
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
    parser.add_argument("--env", default="full_size", help="the Kedro environment whose demo shape to run")
    parser.add_argument("--params", default="", help="Kedro --params for the benchmark run (default: none)")
    args = parser.parse_args()
    print("machine:", machine(), flush=True)
    before = forest_unit()
    print(f"U = {before:.1f} s before the run (one reference forest fit, benchmarks/forest_unit.py)", flush=True)
    if not catalog_path(args.env, "demo_mrna").exists():
        seconds, peak = kedro_run(args.env, "--pipelines", "demo_cohort")
        print(f"cohort made in {seconds:.0f} s, peak {peak:,.0f} MiB", flush=True)
    seconds, peak = kedro_run(args.env, *(["--params", args.params] if args.params else []))
    after = forest_unit()
    unit = (before + after) / 2
    print(f"U = {after:.1f} s after the run; the run is stated in their mean, U = {unit:.1f} s", flush=True)
    slowest, by_kind = where_the_time_went(pd.read_csv(catalog_path(args.env, "run_profile")))
    slowest["U"], by_kind["U"] = slowest["seconds"] / unit, by_kind["seconds"] / unit
    with pd.option_context("display.width", 140, "display.max_columns", 10):
        print(
            "\nslowest nodes:\n", slowest.round(1).to_string(), "\n\nby kind of node:\n", by_kind.round(1).to_string()
        )
    print(
        f"\nmachine: {machine()}\nbenchmark run (--env {args.env} --params {args.params or '(none)'}): "
        f"{seconds / 60:.1f} min wall time = {seconds / unit:.1f} U (U = {unit:.1f} s), peak RSS {peak:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
