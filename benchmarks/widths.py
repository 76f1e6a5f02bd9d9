"""How wide a cohort each method takes on a machine: the most mRNA genes whose estimated memory fits.

Uses each method's own estimate (`Imputer.memory_needed`), the one `data_processing` checks before a
run starts, so this table says exactly which widths a run on that machine accepts:

    python benchmarks/widths.py [--memory-gb 20] [--samples 1000 8314] [--cnv 3105]

(about 20 GB of a 24 GB machine are available to a run). Time and peak memory of a real run at one
width: `python benchmarks/full_size.py --env wide` (1,000 x 20,000 mRNA / 3,105 CNV).
"""

from __future__ import annotations

import argparse

from multiomics_imputation.imputers import read_methods
from multiomics_imputation.run_parameters import project_parameters

LIMIT = 1_000_000  # widths searched


def widest(method, n_samples: int, n_cnv: int, available: float) -> int:
    """The most mRNA genes (up to LIMIT) whose estimate fits in `available` bytes (0: none)."""
    low, high = 0, LIMIT
    while low < high:
        middle = (low + high + 1) // 2
        if method.make().memory_needed(n_samples, middle, n_cnv)[0] <= available:
            low = middle
        else:
            high = middle - 1
    return low


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-gb", type=float, default=20.0)
    parser.add_argument("--samples", type=int, nargs="+", default=[1000, 8314])
    parser.add_argument("--cnv", type=int, default=3105)
    args = parser.parse_args()
    methods = read_methods(
        {name: {**config, "enabled": True} for name, config in project_parameters()["methods"].items()}
    )
    print(
        f"most mRNA genes each method takes with {args.memory_gb:g} GB available and {args.cnv:,} CNV genes "
        f"(estimates the run checks before it starts; > {LIMIT:,} shown as such)"
    )
    print(f"{'method':<20}" + "".join(f"{f'{n:,} samples':>18}" for n in args.samples))
    for name, method in methods.items():
        cells = [widest(method, n, args.cnv, args.memory_gb * 1e9) for n in args.samples]
        print(f"{name:<20}" + "".join(f"{(f'> {LIMIT:,}' if c == LIMIT else f'{c:,}'):>18}" for c in cells))


if __name__ == "__main__":
    main()
