"""The masked autoencoder ensemble: mRNA + the observed CNV (zeros where missing) + the observation mask in,
the full CNV out.

It is trained on the reference with simulated masks of every pattern (entries, whole profiles, whole genes),
so one model serves every scenario: it uses observed CNV where it has it and mRNA where it has not. A third
of the training profiles are hidden whole, and a linear path from input to output runs beside the network,
so that a sample without any CNV still gets the mRNA-based prediction a ridge regression would give. An
ensemble of independently seeded models gives a per-value uncertainty, scaled per band on the validation part
of the reference so that its 90% interval covers 90% there.
"""

from __future__ import annotations

import logging

import numpy as np
import torch

from multiomics_imputation.imputers.autoencoder import AutoencoderImputer
from multiomics_imputation.imputers.calibration import BandBlend
from multiomics_imputation.imputers.linalg import fit_ridge
from multiomics_imputation.study.design import checked

logger = logging.getLogger(__name__)


class MaskedAutoencoderImputer(AutoencoderImputer):
    """mRNA + observed CNV + mask -> full CNV, blended with ridge; an ensemble gives the uncertainty.

    Parameters
    ----------
    whole_profile_fraction : float in [0, 1], default 1/3
        Share of the training profiles hidden whole.
    max_entry_rate, max_gene_rate : float in [0, 1], default 0.7 and 0.5
        Each training batch hides entries, and whole genes, at rates drawn up to these.
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
        Share of the reference held out for the validation loss (early stopping, and the blend and uncertainty calibration).
    patience : int, default 5
        Epochs without a better validation loss before training stops.
    linear_skip : bool, default True
        A linear path from input to output beside the network.
    skip_rank : int, "auto" or None, default None
        Rank of that path (None: dense; "auto": dense unless it would hold more than 8 M weights, then 256).
    n_models : int, default 5
        Independently seeded networks (at least 2): the prediction is their mean, the uncertainty their spread, calibrated.
    seed : int, default 0
    device : str, default "auto"
        "auto" (CUDA when present), "cpu", "cuda" or "cuda:N".
    threads : int, default 2
        CPU threads (results repeat exactly for the same thread count).
    precision : {"float32", "bfloat16"}, default "float32"
        Arithmetic of the training passes.

    Attributes
    ----------
    models_, history_, genes_, mrna_genes_
        As :class:`AutoencoderImputer`.
    ridge_ : linalg.Ridge
        The ridge regression from mRNA the networks are blended with.
    blend_ : calibration.BandBlend
        Per band of observed CNV: the networks' weight against ridge and the uncertainty's scale.
    """

    has_uncertainty = True

    def __init__(
        self,
        *,
        whole_profile_fraction: float = 1 / 3,
        max_entry_rate: float = 0.7,
        max_gene_rate: float = 0.5,
        hidden: list[int] = (512, 128, 512),
        activation: str = "relu",
        dropout: float = 0.0,
        batch_size: int = 128,
        epochs: int = 10,
        learning_rate: float = 1e-3,
        weight_decay: float = 0.0,
        validation_fraction: float = 0.1,
        patience: int = 5,
        linear_skip: bool = True,
        skip_rank: int | str | None = None,
        n_models: int = 5,
        seed: int = 0,
        device: str = "auto",
        threads: int = 2,
        precision: str = "float32",
    ):
        super().__init__(
            hidden=hidden,
            activation=activation,
            dropout=dropout,
            batch_size=batch_size,
            epochs=epochs,
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            validation_fraction=validation_fraction,
            patience=patience,
            linear_skip=linear_skip,
            skip_rank=skip_rank,
            n_models=n_models,
            seed=seed,
            device=device,
            threads=threads,
            precision=precision,
        )
        self.whole_profile_fraction = whole_profile_fraction
        self.max_entry_rate = max_entry_rate
        self.max_gene_rate = max_gene_rate

    def check_params(self) -> None:
        super().check_params()
        if self.n_models < 2:
            raise ValueError("MaskedAutoencoderImputer needs n_models >= 2: its uncertainty comes from the ensemble")
        checked("whole_profile_fraction", self.whole_profile_fraction, 0, 1, open_high=False)
        checked("max_entry_rate", self.max_entry_rate, 0, 1, open_high=False)
        checked("max_gene_rate", self.max_gene_rate, 0, 1, open_high=False)

    def _inputs(self, mrna: torch.Tensor, cnv: torch.Tensor, observed: torch.Tensor) -> torch.Tensor:
        return torch.cat([mrna, cnv * observed, observed.float()], dim=1)

    def _training_mask(self, n: int, n_genes: int, generator: torch.Generator) -> torch.Tensor:
        """A mix of the three patterns: entries at a random rate, whole genes, whole profiles."""

        def draw(*shape: int) -> torch.Tensor:  # on the generator's device
            return torch.rand(*shape, generator=generator, device=generator.device)

        entry_rate = draw(n, 1) * self.max_entry_rate
        hidden = draw(n, n_genes) < entry_rate
        gene_rate = draw(1) * self.max_gene_rate
        hidden |= draw(1, n_genes) < gene_rate
        hidden |= draw(n, 1) < self.whole_profile_fraction
        return hidden

    def _calibrate(self, x: torch.Tensor, y: torch.Tensor, val: torch.Tensor, val_mask: torch.Tensor) -> None:
        """Per band of observed CNV fraction: the network/ridge blend weight and the uncertainty scale.

        Both are fitted on the hidden entries of the validation part of the reference, which
        took no part in fitting the networks' weights; the ridge's predictions there are its
        leave-one-out predictions (each sample predicted by the ridge fitted without it), so one
        ridge fit on the whole reference serves both the calibration and the imputation.
        """
        truth = y.double().numpy()
        self.ridge_, loo_residuals = fit_ridge(x.double().numpy(), truth)
        x_val, y_val = x[val], y[val]
        network, std = (t.double().numpy() for t in self._ensemble(x_val, y_val * ~val_mask, ~val_mask))
        base = truth[val.numpy()] - loo_residuals[val.numpy()]
        self.blend_ = BandBlend.fit(truth[val.numpy()], base, network, std, val_mask.numpy())
        logger.info(
            "weight of the network against ridge for samples with no / up to half / more CNV observed: %s",
            np.round(self.blend_.weight, 3).tolist(),
        )

    def _predict_tensors(self, x: torch.Tensor, cnv: torch.Tensor, observed: torch.Tensor):
        network, std = (t.double().numpy() for t in self._ensemble(x, cnv, observed))
        base = self.ridge_.predict(x.double().numpy())
        return (torch.from_numpy(t) for t in self.blend_.apply(base, network, std, observed.numpy()))
