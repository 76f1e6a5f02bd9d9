"""The networks' training loop, in one object: Adam on mini-batches, a validation loss after every epoch,
early stopping on it, mixed precision, a stop when the loss diverges, one log line and one history row per
epoch. The imputers say what a batch is (:data:`Batch`); the :class:`Trainer` does the rest."""

from __future__ import annotations

import copy
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from multiomics_imputation.study.progress import progress

logger = logging.getLogger(__name__)

#: Training arithmetic: bfloat16 runs the forward and backward matrix products in bfloat16 (autocast; weights,
#: optimiser and loss stay float32), several times faster on CPUs with AMX or AVX-512 BF16.
PRECISIONS = {"float32": None, "bfloat16": torch.bfloat16}

#: A batch: the network's inputs, the target, and which target entries are scored (None: every entry).
Batch = tuple[torch.Tensor, torch.Tensor, "torch.Tensor | None"]


class TrainingDiverged(FloatingPointError):
    """The training loss became NaN or infinite, or the validation loss never was finite."""


def masked_mse(prediction: torch.Tensor, target: torch.Tensor, hidden: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the entries where `hidden` is True."""
    weight = hidden.float()
    return ((prediction - target) ** 2 * weight).sum() / weight.sum().clamp(min=1.0)


def batch_loss(prediction: torch.Tensor, target: torch.Tensor, scored: torch.Tensor | None) -> torch.Tensor:
    """Plain MSE when every entry is scored, else the MSE over the scored entries."""
    return nn.functional.mse_loss(prediction, target) if scored is None else masked_mse(prediction, target, scored)


@dataclass(frozen=True)
class Trainer:
    """Trains one network.

    Parameters
    ----------
    epochs : int
        Most passes over the training rows.
    batch_size : int
        Rows per optimiser step.
    learning_rate, weight_decay : float
        Adam's settings.
    patience : int
        Epochs without a better validation loss before training stops; the best epoch's weights are kept.
    precision : {"float32", "bfloat16"}
        The arithmetic of the forward and backward passes (:data:`PRECISIONS`).
    name : str
        How the log lines and the progress bar name the network.
    fused_adam : bool
        Adam's fused implementation on CPU and CUDA (faster); False: torch's default implementation, as the
        original paper's network trained.
    """

    epochs: int
    batch_size: int
    learning_rate: float
    weight_decay: float
    patience: int
    precision: str = "float32"
    name: str = "network"
    fused_adam: bool = True

    def train(
        self,
        model: nn.Module,
        rows: torch.Tensor,
        batch: Callable[[torch.Tensor], Batch],
        validation: Batch | None,
        generator: torch.Generator,
    ) -> list[dict]:
        """Trains `model` in place on `rows` (shuffled by `generator` every epoch; `batch(rows)` makes a batch of
        them) until `patience` epochs bring no better loss on `validation`; leaves it with its best weights, in
        eval mode. Without `validation` (the original paper's protocol), it trains every epoch and keeps the
        last weights. Returns one record per epoch: epoch, train_loss, validation_loss, seconds, device."""
        device = rows.device
        optimiser = torch.optim.Adam(
            model.parameters(),
            lr=self.learning_rate,
            weight_decay=self.weight_decay,
            fused=(device.type in ("cpu", "cuda")) if self.fused_adam else None,
        )
        best, best_loss, since_best, history = None, float("inf"), 0, []
        with progress(self.name, self.epochs) as advance:
            for epoch in range(1, self.epochs + 1):
                record = {"epoch": epoch} | self._epoch(model, optimiser, rows, batch, validation, generator)
                if not math.isfinite(record["train_loss"]):
                    raise TrainingDiverged(
                        f"{self.name}: training loss is {record['train_loss']} at epoch {epoch}; lower "
                        f"learning_rate (now {self.learning_rate}) or check the input for extreme values."
                    )
                history.append(record)
                logger.info(
                    "%s epoch %d/%d: train loss %.4f, validation loss %.4f (%.1f s, %s)",
                    self.name,
                    epoch,
                    self.epochs,
                    record["train_loss"],
                    record["validation_loss"],
                    record["seconds"],
                    device.type,
                )
                advance(f"loss {record['train_loss']:.4f} / validation {record['validation_loss']:.4f}")
                if validation is None:
                    continue
                if record["validation_loss"] < best_loss - 1e-6:
                    best, best_loss, since_best = copy.deepcopy(model.state_dict()), record["validation_loss"], 0
                else:
                    since_best += 1
                    if since_best >= self.patience:
                        logger.info(
                            "%s: early stop at epoch %d, no better validation loss for %d epochs",
                            self.name,
                            epoch,
                            self.patience,
                        )
                        break
        if validation is not None:  # without one, the last epoch's weights stay
            if best is None:
                raise TrainingDiverged(
                    f"{self.name}: the validation loss was never finite ({history[-1]['validation_loss']} at epoch "
                    f"{history[-1]['epoch']}); check the reference for extreme or missing values, or lower "
                    f"learning_rate (now {self.learning_rate})."
                )
            model.load_state_dict(best)
        return history

    def _epoch(
        self,
        model: nn.Module,
        optimiser: torch.optim.Optimizer,
        rows: torch.Tensor,
        batch: Callable[[torch.Tensor], Batch],
        validation: Batch | None,
        generator: torch.Generator,
    ) -> dict:
        """One pass over `rows` in a random order, then the loss on `validation` (NaN without one)."""
        started, device = time.perf_counter(), rows.device
        low = PRECISIONS[self.precision]
        model.train()
        total, count = torch.zeros((), device=device), 0
        for positions in torch.randperm(len(rows), generator=generator, device=device).split(self.batch_size):
            inputs, target, scored = batch(rows[positions])
            with torch.autocast(device.type, dtype=low or torch.float32, enabled=low is not None):
                prediction = model(inputs).float()
            loss = batch_loss(prediction, target, scored)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.detach() * len(positions)
            count += len(positions)
        model.eval()
        validation_loss = math.nan
        if validation is not None:
            inputs, target, scored = validation
            with torch.no_grad():
                validation_loss = batch_loss(model(inputs), target, scored).item()
        return {
            "train_loss": total.item() / count,
            "validation_loss": validation_loss,
            "seconds": time.perf_counter() - started,
            "device": device.type,
        }
