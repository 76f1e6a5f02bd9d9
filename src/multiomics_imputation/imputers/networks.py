"""The networks' architecture: a multilayer perceptron with an optional (low-rank) linear path."""

from __future__ import annotations

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "gelu": nn.GELU, "tanh": nn.Tanh, "elu": nn.ELU}


DENSE_SKIP_LIMIT = 8_000_000  # weights of a dense input-to-output path beyond which `skip_rank: auto` goes low-rank
AUTO_SKIP_RANK = 256


def skip_rank_for(setting: int | str | None, n_in: int, n_out: int) -> int | None:
    """The rank of the linear path: `setting`, or for `auto` dense (None) unless the dense path would
    hold more than DENSE_SKIP_LIMIT weights (29 M at the Pan-Cancer shape, 80% of the network), then 256."""
    if setting == "auto":
        return AUTO_SKIP_RANK if n_in * n_out > DENSE_SKIP_LIMIT else None
    return setting


class Network(nn.Module):
    """A multilayer perceptron, with an optional linear path from input to output."""

    def __init__(
        self,
        n_in: int,
        n_out: int,
        hidden: list[int],
        activation: str,
        dropout: float,
        linear_skip: bool,
        skip_rank: int | None = None,
    ):
        super().__init__()
        layers: list[nn.Module] = []
        width = n_in
        for size in hidden:
            layers += [nn.Linear(width, size), ACTIVATIONS[activation]()]
            if dropout:
                layers.append(nn.Dropout(dropout))
            width = size
        layers.append(nn.Linear(width, n_out))
        self.body = nn.Sequential(*layers)
        self.skip = None
        if linear_skip:  # dense, or through `skip_rank` dimensions (far fewer weights at full size)
            self.skip = (
                nn.Linear(n_in, n_out)
                if not skip_rank
                else nn.Sequential(nn.Linear(n_in, skip_rank, bias=False), nn.Linear(skip_rank, n_out))
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.body(x)
        return out + self.skip(x) if self.skip is not None else out
