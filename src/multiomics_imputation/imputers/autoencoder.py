"""The original paper's network as an imputer: CNV predicted from mRNA alone.

:class:`AutoencoderImputer`: mRNA -> 512 -> 128 -> 512 -> CNV, MSE loss, Adam (lr 1e-3), 10 epochs. It never
sees CNV at imputation time. It trains once on the reference, with a validation split and early stopping,
seeded (CPU runs repeat exactly), on CUDA when present, and logs one line per epoch. Its subclass
:class:`multiomics_imputation.imputers.masked_autoencoder.MaskedAutoencoderImputer` also reads observed CNV.
"""

from __future__ import annotations

import pandas as pd
import torch

from multiomics_imputation.imputers.base import Imputer
from multiomics_imputation.imputers.networks import ACTIVATIONS, Network, skip_rank_for
from multiomics_imputation.imputers.torch_runtime import checked_device, pick_device, repeatable
from multiomics_imputation.imputers.training import PRECISIONS, Trainer
from multiomics_imputation.study.design import checked


class AutoencoderImputer(Imputer):
    """The original paper's network: CNV predicted from mRNA alone (mRNA -> 512 -> 128 -> 512 -> CNV).

    Parameters
    ----------
    hidden : list of int, default (512, 128, 512)
        Widths of the hidden layers.
    activation : {"relu", "gelu", "tanh", "elu"}, default "relu"
    dropout : float in [0, 1), default 0
    batch_size : int, default 128
    epochs : int, default 10
        Most passes over the training rows (early stopping may end training sooner).
    learning_rate : float, default 1e-3
        Adam's learning rate.
    weight_decay : float, default 0
    validation_fraction : float in (0, 1), default 0.1
        Share of the reference held out for the validation loss (early stopping).
    patience : int, default 5
        Epochs without a better validation loss before training stops.
    linear_skip : bool, default False
        A linear path from input to output beside the network.
    skip_rank : int, "auto" or None, default None
        Rank of that path (None: dense; "auto": dense unless it would hold more than 8 M weights, then 256).
    n_models : int, default 1
        Independently seeded networks (their mean is the prediction).
    seed : int, default 0
    device : str, default "auto"
        "auto" (CUDA when present), "cpu", "cuda" or "cuda:N".
    threads : int, default 2
        CPU threads (results repeat exactly for the same thread count).
    precision : {"float32", "bfloat16"}, default "float32"
        Arithmetic of the training passes.

    Attributes
    ----------
    models_ : list of Network
        The trained networks, on the CPU.
    history_ : list of dict
        Per network and epoch: train and validation loss, seconds, device (see :attr:`training_history`).
    genes_, mrna_genes_ : pandas.Index
        The CNV and mRNA genes of the reference it was fitted on.
    """

    trained = True
    has_history = True

    def __init__(
        self,
        *,
        hidden: list[int] = (512, 128, 512),
        activation: str = "relu",
        dropout: float = 0.0,
        batch_size: int = 128,
        epochs: int = 10,
        learning_rate: float = 1e-3,
        weight_decay: float = 0.0,
        validation_fraction: float = 0.1,
        patience: int = 5,
        linear_skip: bool = False,
        skip_rank: int | str | None = None,
        n_models: int = 1,
        seed: int = 0,
        device: str = "auto",
        threads: int = 2,
        precision: str = "float32",
    ):
        self.hidden = hidden
        self.activation = activation
        self.dropout = dropout
        self.batch_size = batch_size
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.linear_skip = linear_skip
        self.skip_rank = skip_rank
        self.n_models = n_models
        self.seed = seed
        self.device = device
        self.threads = threads
        self.precision = precision

    def check_params(self) -> None:
        for name, value, choices in (
            ("precision", self.precision, PRECISIONS),
            ("activation", self.activation, ACTIVATIONS),
        ):
            if value not in choices:
                raise ValueError(f"{name} must be one of {sorted(choices)}, not {value!r}")
        if isinstance(self.hidden, (str, dict)) or not hasattr(self.hidden, "__iter__"):
            raise ValueError(f"hidden must be a list of layer widths, not {self.hidden!r}")
        for i, width in enumerate(self.hidden):
            checked(f"hidden[{i}]", width, 1, whole=True)
        checked("dropout", self.dropout, 0, 1)
        checked("batch_size", self.batch_size, 1, whole=True)
        checked("epochs", self.epochs, 1, whole=True)
        checked("learning_rate", self.learning_rate, 0, open_low=True)
        checked("weight_decay", self.weight_decay, 0)
        checked("validation_fraction", self.validation_fraction, 0, 1, open_low=True)
        checked("patience", self.patience, 1, whole=True)
        if self.skip_rank not in (None, "auto"):
            checked("skip_rank", self.skip_rank, 1, whole=True)
        checked("n_models", self.n_models, 1, whole=True)
        checked("seed", self.seed, 0, whole=True)
        checked_device(self.device)
        checked("threads", self.threads, 1, whole=True)

    def memory_needed(self, n_samples: int, n_mrna: int, n_cnv: int) -> tuple[float, str]:
        n_in = self._input_width(n_mrna, n_cnv)
        widths = [n_in, *self.hidden, n_cnv]
        weights = sum(a * b + b for a, b in zip(widths, widths[1:]))
        rank = skip_rank_for(self.skip_rank, n_in, n_cnv) if self.linear_skip else 0
        weights += (n_in * n_cnv + n_cnv) if rank is None else (n_in * rank + rank * n_cnv + n_cnv)
        # float32: weights, gradients, Adam's two moments, the best copy, the ensemble; the data and a batch
        network = 4.0 * weights * (5 + self.n_models)
        data = 4.0 * n_samples * (n_in + n_cnv) * 3 + 4.0 * self.batch_size * sum(widths) * 4
        return network + data, "hidden, linear_skip / skip_rank, n_models and batch_size"

    def _input_width(self, n_mrna: int, n_cnv: int) -> int:
        return self._inputs(
            torch.zeros(1, n_mrna), torch.zeros(1, n_cnv), torch.ones(1, n_cnv, dtype=torch.bool)
        ).shape[1]

    # -- what differs between the two networks ---------------------------------------
    def _inputs(self, mrna: torch.Tensor, cnv: torch.Tensor, observed: torch.Tensor) -> torch.Tensor:
        return mrna

    def _training_mask(self, n: int, n_genes: int, generator: torch.Generator) -> torch.Tensor | None:
        """Which CNV entries a training batch hides (True = hidden, scored); None: all of them."""
        return None

    def _calibrate(self, x: torch.Tensor, y: torch.Tensor, val: torch.Tensor, val_mask: torch.Tensor) -> None:
        """Fits what is learnt on the validation part after training (nothing here)."""

    # -- training --------------------------------------------------------------------
    def _fit(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None) -> None:
        with repeatable(self.threads):
            self._fit_repeatably(mrna, cnv)

    def _fit_repeatably(self, mrna: pd.DataFrame, cnv: pd.DataFrame) -> None:
        device = pick_device(self.device)
        x = torch.tensor(mrna.to_numpy(), dtype=torch.float32)
        y = torch.tensor(cnv.to_numpy(), dtype=torch.float32)
        order = torch.randperm(len(x), generator=torch.Generator().manual_seed(self.seed))
        n_val = max(1, int(round(self.validation_fraction * len(x))))
        val, train = order[:n_val], order[n_val:]
        val_mask = self._training_mask(n_val, y.shape[1], torch.Generator().manual_seed(self.seed + 10_000))
        if val_mask is None:
            val_mask = torch.ones(n_val, y.shape[1], dtype=torch.bool)
        self.models_, self.history_ = [], []
        for member in range(self.n_models):
            model, history = self._train_one(x, y, train, val, val_mask, member, device)
            self.models_.append(model)
            self.history_ += [dict(row, model=member) for row in history]
        self._calibrate(x, y, val, val_mask)

    def _train_one(self, x, y, train, val, val_mask, member: int, device: torch.device):
        """The ensemble's `member`-th network (seed `seed + member`), trained by a :class:`Trainer`."""
        seed = self.seed + member
        torch.manual_seed(seed)
        # The training data, the batch order and the training masks stay on the device (on a GPU no batch
        # crosses from the host); on the CPU this is the same random stream as a plain CPU generator.
        generator = torch.Generator(device).manual_seed(seed)
        x, y, train = x.to(device), y.to(device), train.to(device)
        n_in = self._input_width(x.shape[1], y.shape[1])
        model = Network(
            n_in,
            y.shape[1],
            list(self.hidden),
            self.activation,
            self.dropout,
            self.linear_skip,
            skip_rank_for(self.skip_rank, n_in, y.shape[1]),
        ).to(device)
        x_val, y_val, val_hidden = x[val].to(device), y[val].to(device), val_mask.to(device)
        validation = (self._inputs(x_val, y_val * ~val_hidden, ~val_hidden), y_val, val_hidden)

        def batch(rows: torch.Tensor):  # inputs, target and the scored entries (None: all) of these rows
            xb, yb = x[rows], y[rows]
            hidden = self._training_mask(len(rows), y.shape[1], generator)
            inputs = self._inputs(xb, yb, None) if hidden is None else self._inputs(xb, yb * ~hidden, ~hidden)
            return inputs, yb, hidden

        trainer = Trainer(
            epochs=self.epochs,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            weight_decay=self.weight_decay,
            patience=self.patience,
            precision=self.precision,
            name=f"{type(self).__name__} model {member + 1}/{self.n_models}",
        )
        history = trainer.train(model, train, batch, validation, generator)
        return model.cpu().eval(), history

    # -- prediction ------------------------------------------------------------------
    def _ensemble(
        self, x: torch.Tensor, cnv: torch.Tensor, observed: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and standard deviation over the ensemble's predictions."""
        device = pick_device(self.device)
        inputs = self._inputs(x, cnv, observed)
        predictions = []
        with torch.no_grad():
            for model in self.models_:
                model.to(device)
                predictions.append(torch.cat([model(part.to(device)).cpu() for part in inputs.split(4096)]))
                model.cpu()
        stacked = torch.stack(predictions)
        return stacked.mean(0), stacked.std(0) if len(predictions) > 1 else torch.zeros_like(stacked[0])

    def _predict(self, mrna: pd.DataFrame, cnv: pd.DataFrame, labels: pd.Series | None):
        observed = torch.tensor(cnv.notna().to_numpy())
        values = torch.tensor(cnv.fillna(0.0).to_numpy(), dtype=torch.float32)
        x = torch.tensor(mrna.to_numpy(), dtype=torch.float32)
        with repeatable(self.threads):
            mean, uncertainty = (t.double().numpy() for t in self._predict_tensors(x, values, observed))
        return (mean, uncertainty) if self.has_uncertainty else mean

    def _predict_tensors(self, x: torch.Tensor, cnv: torch.Tensor, observed: torch.Tensor):
        """The prediction and its uncertainty, as tensors."""
        return self._ensemble(x, cnv, observed)

    @property
    def training_history(self) -> pd.DataFrame:
        """Per model and epoch: train and validation loss, the epoch's seconds and the device it trained on."""
        return pd.DataFrame(
            self.history_, columns=["model", "epoch", "train_loss", "validation_loss", "seconds", "device"]
        )
