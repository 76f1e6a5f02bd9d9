"""A synthetic multi-omics cohort in the MLOmics file layout (the built-in demo).

The cohort is made so that imputing CNV is meaningful and not trivial:

* genes lie in order along 22 chromosomes, each with a p and a q arm;
* every sample carries arm-level gains and losses and focal amplifications or
  deletions, so neighbouring genes share copy-number segments;
* how often an arm or a focal region is altered depends on the cancer type;
* mRNA is driven partly by gene dosage (for about 60% of genes), partly by
  cancer-type expression programmes, and partly by noise;
* miRNA (when asked for) follows the same expression programmes with its own loadings, and
  no dosage: mRNA explains it well, CNV barely;
* DNA methylation (beta-values in [0, 1], when asked for) silences expression: each CpG
  lies near a gene, and for about 70% of them its M-value falls as that gene's programme
  activity rises; so mRNA and miRNA explain it, CNV barely;
* a few values are missing in the source files (NaN).

The miRNA and methylation layers are drawn from generators of their own, after the rest:
asking for them changes no value of the mRNA, CNV or labels.

Everything is drawn from one seeded generator: the same arguments give the same
files, byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

N_CHROMOSOMES = 22

#: The MLOmics Pan-Cancer shape: samples, mRNA genes, CNV genes, cancer types, miRNA and methylation features.
PANCANCER_SHAPE = {"n_samples": 8314, "n_mrna": 3217, "n_cnv": 3105, "n_types": 32, "n_mirna": 383, "n_methy": 3139}


@dataclass(frozen=True)
class RawCohort:
    """The MLOmics tables of one cohort, as they lie in the files (miRNA and methylation when asked for)."""

    mrna: pd.DataFrame  # features x samples, first column `sample` = gene names
    cnv: pd.DataFrame  # features x samples, first column `sample` = gene names
    labels: pd.DataFrame  # one column `Label`, rows in the order of mRNA samples
    mirna: pd.DataFrame | None = None  # features x samples: log2 expression of miRNAs
    methy: pd.DataFrame | None = None  # features x samples: beta-values in [0, 1]


def gistic_calls(copy_number: np.ndarray) -> np.ndarray:
    """Thresholds log2-ratio-like copy number into GISTIC-like calls -2..2."""
    bins = np.array([-0.9, -0.25, 0.25, 0.9])
    return (np.digitize(copy_number, bins) - 2).astype(float)


def generate_cohort(
    n_samples: int = 600,
    n_mrna: int = 400,
    n_cnv: int = 360,
    n_types: int = 6,
    integer_cnv: bool = False,
    nan_fraction: float = 0.001,
    seed: int = 0,
    sample_seed: int = 0,
    name_prefix: str = "DEMO",
    n_mirna: int = 0,
    n_methy: int = 0,
) -> RawCohort:
    """Draws a synthetic cohort with chromosome-structured CNV and dosage-driven mRNA.

    `seed` fixes the world (genes, cancer types and their alteration rates, expression
    programmes); `sample_seed` the samples drawn from it, so cohorts with the same
    `seed` and shape but other sample seeds share genes and biology.
    """
    rng = np.random.default_rng(seed)
    n_genes = int(max(n_mrna, n_cnv) * 1.25)

    # Genes along chromosomes; each chromosome split into a p and a q arm.
    chrom_sizes = rng.dirichlet(np.full(N_CHROMOSOMES, 8.0)) * n_genes
    chrom = np.repeat(np.arange(N_CHROMOSOMES), _integer_parts(chrom_sizes, n_genes))
    within = np.concatenate([np.linspace(0, 1, (chrom == c).sum(), endpoint=False) for c in range(N_CHROMOSOMES)])
    arm = chrom * 2 + (within >= 0.4)
    n_arms = N_CHROMOSOMES * 2
    gene_names = np.array([f"C{c + 1:02d}{'pq'[a % 2]}_{i:05d}" for i, (c, a) in enumerate(zip(chrom, arm))])

    # The world: type sizes, type-specific arm and focal alteration rates, hotspots,
    # expression programmes, dosage sensitivity, and which genes each file measures.
    type_freq = rng.dirichlet(np.full(n_types, 3.0))
    gain_rate = rng.beta(0.6, 4.0, size=(n_types, n_arms))
    loss_rate = rng.beta(0.6, 4.0, size=(n_types, n_arms))
    type_instability = rng.uniform(0.5, 1.5, size=n_types)
    n_hotspots = max(4, n_genes // 25)
    starts = rng.integers(0, n_genes, size=n_hotspots)
    lengths = rng.integers(3, 16, size=n_hotspots)
    directions = rng.choice([-1.0, 1.0], size=n_hotspots)
    hotspot_rate = rng.beta(0.5, 6.0, size=(n_types, n_hotspots))
    n_programmes = 10
    loadings = rng.normal(0, 1, size=(n_programmes, n_genes)) * (rng.random((n_programmes, n_genes)) < 0.3)
    type_means = rng.normal(0, 1.5, size=(n_types, n_programmes))
    dosage = rng.uniform(0.6, 1.6, size=n_genes) * (rng.random(n_genes) < 0.6)
    baseline = rng.uniform(4.0, 10.0, size=n_genes)
    cnv_genes = np.sort(rng.choice(n_genes, size=n_cnv, replace=False))
    mrna_genes = np.sort(rng.choice(n_genes, size=n_mrna, replace=False))

    # The samples.
    rng = np.random.default_rng([seed, sample_seed])
    labels = rng.choice(n_types, size=n_samples, p=type_freq)
    labels[:n_types] = np.arange(n_types)  # every type present, even in tiny cohorts

    # Arm-level events.
    u = rng.random((n_samples, n_arms))
    instability = type_instability[labels][:, None] * rng.uniform(0.3, 1.3, size=(n_samples, 1))
    gains = u < gain_rate[labels] * instability
    losses = (u > 1 - loss_rate[labels] * instability) & ~gains
    arm_amplitude = rng.uniform(0.3, 0.7, size=(n_samples, n_arms))
    copy_number = (arm_amplitude * (gains.astype(float) - losses))[:, arm]

    # Focal events at hotspots; each type has its own hotspot rates.
    hit = rng.random((n_samples, n_hotspots)) < hotspot_rate[labels]
    focal_amplitude = rng.uniform(0.5, 1.5, size=(n_samples, n_hotspots)) * directions * hit
    for h in range(n_hotspots):
        copy_number[:, starts[h] : starts[h] + lengths[h]] += focal_amplitude[:, [h]]

    # Tumour purity dilutes every event; measurement noise on top.
    purity = rng.uniform(0.4, 1.0, size=(n_samples, 1))
    copy_number = copy_number * purity + rng.normal(0, 0.08, size=copy_number.shape)

    # mRNA: dosage + type programmes + sample programmes + noise, on a log2 scale.
    programme = type_means[labels] + rng.normal(0, 0.7, size=(n_samples, n_programmes))
    expression = (
        baseline + dosage * copy_number * 2.0 + 0.5 * programme @ loadings + rng.normal(0, 0.5, size=copy_number.shape)
    )

    cnv = copy_number[:, cnv_genes]
    if integer_cnv:
        cnv = gistic_calls(cnv)
    mrna = expression[:, mrna_genes]
    for matrix in (mrna, cnv):
        matrix[rng.random(matrix.shape) < nan_fraction] = np.nan

    sample_ids = [f"{name_prefix}-{i:05d}" for i in range(n_samples)]
    activity = 0.5 * programme @ loadings  # each gene's programme-driven expression
    mirna, methy = _regulatory_layers(programme, activity, n_mirna, n_methy, nan_fraction, seed, sample_seed)
    return RawCohort(
        mrna=_features_by_samples(mrna, gene_names[mrna_genes], sample_ids),
        cnv=_features_by_samples(cnv, gene_names[cnv_genes], sample_ids),
        labels=pd.DataFrame({"Label": labels}),
        mirna=_features_by_samples(mirna, np.array([f"hsa-mir-{i + 1}" for i in range(n_mirna)]), sample_ids)
        if n_mirna
        else None,
        methy=_features_by_samples(methy, np.array([f"cg{i:08d}" for i in range(n_methy)]), sample_ids)
        if n_methy
        else None,
    )


def _regulatory_layers(
    programme: np.ndarray,
    activity: np.ndarray,
    n_mirna: int,
    n_methy: int,
    nan_fraction: float,
    seed: int,
    sample_seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """miRNA (log2) from the expression programmes, and methylation beta-values that silence their genes' programme
    activity; drawn from generators of their own (the world's, then the samples')."""
    world = np.random.default_rng([seed, 1])
    n_programmes, n_genes = programme.shape[1], activity.shape[1]
    mirna_loadings = world.normal(0, 1, size=(n_programmes, n_mirna)) * (world.random((n_programmes, n_mirna)) < 0.5)
    mirna_base = world.uniform(2.0, 12.0, size=n_mirna)
    cpg_gene = world.integers(0, n_genes, size=n_methy)
    silencing = world.uniform(0.5, 1.5, size=n_methy) * (world.random(n_methy) < 0.7)
    methy_base = world.normal(0, 1.5, size=n_methy)
    samples = np.random.default_rng([seed, sample_seed, 1])
    n_samples = programme.shape[0]
    mirna = mirna_base + 0.8 * programme @ mirna_loadings + samples.normal(0, 0.6, size=(n_samples, n_mirna))
    m_values = methy_base - silencing * activity[:, cpg_gene] + samples.normal(0, 0.5, size=(n_samples, n_methy))
    methy = 1.0 / (1.0 + 2.0 ** (-m_values))  # beta = 2^M / (2^M + 1)
    for matrix in (mirna, methy):
        matrix[samples.random(matrix.shape) < nan_fraction] = np.nan
    return mirna, methy


def _integer_parts(sizes: np.ndarray, total: int) -> np.ndarray:
    """Rounds positive sizes to integers >= 1 that add up to `total`."""
    parts = np.maximum(1, np.floor(sizes).astype(int))
    parts[np.argmax(parts)] += total - parts.sum()
    return parts


def _features_by_samples(values: np.ndarray, genes: np.ndarray, samples: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(values.T, columns=samples)
    frame.insert(0, "sample", genes)
    return frame
