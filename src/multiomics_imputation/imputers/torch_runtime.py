"""Where and how torch runs: the device (CUDA when present) and the settings that make a run repeat."""

from __future__ import annotations

import contextlib
import os

import torch


def pick_device(device: str = "auto") -> torch.device:
    """CUDA when present (for `auto`), else the CPU."""
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(device)


def checked_device(device: str) -> str:
    """`device` (auto, cpu, cuda, cuda:N) when torch can train on it here, else a ValueError saying why."""
    if device == "auto":
        return device
    try:
        kind = torch.device(device).type
    except (RuntimeError, TypeError):
        kind = None
    if kind not in ("cpu", "cuda"):
        raise ValueError(f"device must be auto, cpu, cuda or cuda:N, not {device!r}")
    if kind == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device {device!r}: torch sees no CUDA device on this machine; use auto (CUDA when present) or cpu"
        )
    return device


@contextlib.contextmanager
def repeatable(threads: int):
    """Runs torch with a fixed number of CPU threads and deterministic CUDA kernels, so that a run
    repeats exactly wherever the setting is the same (results depend on the thread count).

    Denormal floats are flushed to zero on the CPU: as weights and Adam's moments shrink, they
    otherwise slow the later epochs down several-fold on CPUs.
    """
    previous_threads, previous_deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # needed by deterministic cuBLAS
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    torch.set_flush_denormal(True)
    try:
        yield
    finally:
        torch.set_num_threads(previous_threads)
        torch.use_deterministic_algorithms(previous_deterministic)
        torch.set_flush_denormal(False)  # torch's default
