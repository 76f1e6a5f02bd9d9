"""Per-band blending of two predictions and calibration of an uncertainty (SD), fitted on held-out data.

A sample's band is how much of its CNV is observed: 0 none (the whole profile is missing),
1 up to half, 2 more than half. Methods that combine an mRNA-only prediction with one that
uses the observed CNV weigh the two per band, and scale their uncertainty per band so that the
central 90% interval covers 90% of held-out hidden entries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from multiomics_imputation.scoring.metrics import Z_90

N_BANDS = 3
MIN_ENTRIES = 10  # fewer held-out entries in a band: weight 1 and scale 1 are kept


def observed_band(observed: np.ndarray) -> np.ndarray:
    """Each sample's band of observed CNV: 0 none, 1 up to half, 2 more than half."""
    return np.digitize(observed.mean(axis=1), [1e-12, 0.5 + 1e-12])


@dataclass(frozen=True)
class BandBlend:
    """Per band: the weight of `other` against `base`, and the factor applied to the uncertainty."""

    weight: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(
        cls, truth: np.ndarray, base: np.ndarray, other: np.ndarray, uncertainty: np.ndarray, hidden: np.ndarray
    ) -> BandBlend:
        """Least-squares weight in [0, 1] and the uncertainty factor whose 90% interval covers 90%,
        per band, over the `hidden` entries of held-out samples."""
        band = observed_band(~hidden)
        weight, scale = np.ones(N_BANDS), np.ones(N_BANDS)
        for b in range(N_BANDS):
            entries = hidden & (band == b)[:, None]
            if entries.sum() < MIN_ENTRIES:
                continue
            gap, error = (other - base)[entries], (truth - base)[entries]
            weight[b] = float(np.clip(np.sum(gap * error) / max(np.sum(gap * gap), 1e-12), 0.0, 1.0))
            blended_error = np.abs(error - weight[b] * gap)
            scale[b] = float(np.quantile(blended_error / np.maximum(uncertainty[entries], 1e-6), 0.9) / Z_90)
        return cls(weight=weight, scale=scale)

    def apply(self, base: np.ndarray, other: np.ndarray, uncertainty: np.ndarray, observed: np.ndarray):
        """The blended prediction and the calibrated uncertainty."""
        band = observed_band(observed)
        return base + self.weight[band][:, None] * (other - base), uncertainty * self.scale[band][:, None]
