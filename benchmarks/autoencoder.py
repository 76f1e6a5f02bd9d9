"""Train a network at the full Pan-Cancer shape and measure how fast it runs.

Data: the synthetic generator at the MLOmics shape (8,314 samples, mRNA 3,217, CNV 3,105),
split 80/20 as the pipeline does; the network mRNA -> 512 -> 128 -> 512 -> CNV with the
parameters of conf/base/parameters_methods.yml (its epochs and early stopping, unless --epochs
is given: then exactly that many). Prints seconds per epoch,
samples per second, achieved GFLOP/s, and the ratio to this machine's float32 matrix-multiply
peak, measured in the same run.

    python benchmarks/autoencoder.py [--epochs 10] [--batch-size 256] [--precision bfloat16]
    python benchmarks/autoencoder.py --method masked_autoencoder [--skip-rank 256] [--n-models 5]
    python benchmarks/autoencoder.py --method masked_autoencoder --device cuda   # on a GPU

For the masked autoencoder the whole fit (every ensemble member and the calibration) is timed.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from multiomics_imputation.cohort.demo import PANCANCER_SHAPE, generate_cohort
from multiomics_imputation.imputers import read_methods
from multiomics_imputation.run_parameters import project_parameters
from multiomics_imputation.study.scaling import fit_scaler, scale


def matmul_peak(size: int = 2048, repeats: int = 10) -> float:
    """Best float32 GFLOP/s of a square matrix product on this machine."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    best = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        torch.mm(a, b)
        best = max(best, 2 * size**3 / (time.perf_counter() - started) / 1e9)
    return best


def flops_per_sample(sizes: list[int]) -> float:
    """Matrix-multiply FLOPs of one training sample through dense layers: forward, weight
    gradients, and input gradients of every layer but the first (the data needs none)."""
    layers = [2 * a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return 3 * sum(layers) - layers[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--epochs", type=int, help="exactly this many epochs (default: the parameters file's, early stopping on)"
    )
    parser.add_argument("--batch-size", type=int, help="default: the parameters file's")
    parser.add_argument("--method", default="autoencoder", choices=["autoencoder", "masked_autoencoder"])
    parser.add_argument("--skip-rank", type=int, help="masked autoencoder: rank of the linear path (default: dense)")
    parser.add_argument(
        "--n-models", type=int, help="masked autoencoder: ensemble size (default: the parameters file's)"
    )
    parser.add_argument(
        "--precision", choices=["float32", "bfloat16"], help="training arithmetic (default: the parameters file's)"
    )
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda or auto")
    args = parser.parse_args()
    config = {**project_parameters()["methods"][args.method], "enabled": True}  # opt-in methods too
    config["device"] = args.device
    if args.epochs:
        config |= {"epochs": args.epochs, "patience": args.epochs}
    for key, value in (
        ("batch_size", args.batch_size),
        ("skip_rank", args.skip_rank),
        ("n_models", args.n_models),
        ("precision", args.precision),
    ):
        if value:
            config[key] = value
    method = read_methods({args.method: config})[args.method]

    cohort = generate_cohort(**PANCANCER_SHAPE, seed=0)
    mrna, cnv = (t.set_index("sample").T for t in (cohort.mrna, cohort.cnv))
    reference = np.random.default_rng(0).random(len(mrna)) < 0.8
    mrna, cnv = mrna[reference], cnv[reference]
    mrna, cnv = scale(mrna, fit_scaler(mrna)).fillna(0.0), scale(cnv, fit_scaler(cnv)).fillna(0.0)
    n_train = int(round(len(mrna) * (1 - config["validation_fraction"])))

    device = torch.cuda.get_device_name() if config["device"] != "cpu" and torch.cuda.is_available() else "CPU"
    print(
        f"{args.method}: torch {torch.__version__} on {device}, {config['threads']} CPU threads; reference {mrna.shape[0]:,} samples "
        f"({n_train:,} trained on), mRNA {mrna.shape[1]:,} -> {config['hidden']} -> CNV {cnv.shape[1]:,}, "
        f"batch {config['batch_size']}, up to {config['epochs']} epochs (patience {config['patience']}), "
        f"skip rank {config.get('skip_rank')}, {config.get('precision', 'float32')}"
    )
    peak = matmul_peak()
    started = time.perf_counter()
    model = method.make().fit(mrna, cnv)
    total = time.perf_counter() - started
    epoch_seconds = model.training_history["seconds"].to_numpy()
    print(f"CPU float32 matmul peak (2048 x 2048): {peak:.0f} GFLOP/s")
    print(
        f"seconds per epoch: {epoch_seconds.mean():.2f} (min {epoch_seconds.min():.2f}); "
        f"{n_train / epoch_seconds.mean():,.0f} samples/s"
    )
    if args.method == "autoencoder":
        achieved = (
            flops_per_sample([mrna.shape[1], *config["hidden"], cnv.shape[1]]) * n_train / epoch_seconds.mean() / 1e9
        )
        print(f"{achieved:.0f} GFLOP/s = {achieved / peak:.0%} of peak")
    history = model.training_history
    best = history.loc[history.groupby("model")["validation_loss"].idxmin(), "epoch"].tolist()
    print(f"epochs per network: {history.groupby('model')['epoch'].max().tolist()} (best validation loss at {best})")
    print(
        f"{len(epoch_seconds)} epochs in all: {epoch_seconds.sum():.1f} s of training, {total:.1f} s for the whole fit "
        f"(with validation passes, best-model copies{' and the calibration' if args.method != 'autoencoder' else ''})"
    )


if __name__ == "__main__":
    main()
