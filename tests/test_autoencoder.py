import numpy as np
import pytest
import torch

from multiomics_imputation.imputers.autoencoder import AutoencoderImputer
from multiomics_imputation.imputers.masked_autoencoder import MaskedAutoencoderImputer
from multiomics_imputation.imputers.networks import skip_rank_for
from multiomics_imputation.imputers.torch_runtime import pick_device
from multiomics_imputation.imputers.training import Trainer, TrainingDiverged
from tests.conftest import small_matrices

SMALL = {"hidden": [16, 8, 16], "epochs": 4, "batch_size": 16, "device": "cpu"}


@pytest.mark.parametrize("precision", ["float32", "bfloat16"])
def test_training_is_deterministic_on_cpu_for_a_fixed_seed(precision):
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices()
    hidden = tgt_cnv.mask(np.random.default_rng(0).random(tgt_cnv.shape) < 0.3)
    runs = [
        MaskedAutoencoderImputer(**SMALL, n_models=2, seed=7, precision=precision).fit(ref_mrna, ref_cnv)
        for _ in range(2)
    ]
    first, second = (r.impute_with_uncertainty(tgt_mrna, hidden) for r in runs)
    assert first[0].equals(second[0]) and first[1].equals(second[1])
    losses = ["train_loss", "validation_loss"]
    assert runs[0].training_history[losses].equals(runs[1].training_history[losses])
    other = (
        MaskedAutoencoderImputer(**SMALL, n_models=2, seed=8, precision=precision)
        .fit(ref_mrna, ref_cnv)
        .impute(tgt_mrna, hidden)
    )
    assert not other.equals(first[0])


def test_training_uses_the_configured_thread_count_and_restores_the_callers():
    ref_mrna, ref_cnv, *_ = small_matrices()
    torch.set_num_threads(2)
    seen = []
    model = AutoencoderImputer(**SMALL, threads=1)
    original = model._train_one
    model._train_one = lambda *args: (seen.append(torch.get_num_threads()), original(*args))[1]
    model.fit(ref_mrna, ref_cnv)
    assert seen == [1] and torch.get_num_threads() == 2 and not torch.are_deterministic_algorithms_enabled()


def test_masked_model_keeps_observed_entries_and_gives_a_uncertainty():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices()
    hidden_mask = np.random.default_rng(1).random(tgt_cnv.shape) < 0.4
    imputed, uncertainty = (
        MaskedAutoencoderImputer(**SMALL, n_models=3)
        .fit(ref_mrna, ref_cnv)
        .impute_with_uncertainty(tgt_mrna, tgt_cnv.mask(hidden_mask))
    )
    np.testing.assert_array_equal(imputed.to_numpy()[~hidden_mask], tgt_cnv.to_numpy()[~hidden_mask])
    assert (uncertainty.to_numpy()[~hidden_mask] == 0).all() and (uncertainty.to_numpy()[hidden_mask] > 0).all()


def test_study_autoencoder_learns_and_records_history():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(n_ref=300)
    model = AutoencoderImputer(hidden=[32, 16, 32], epochs=30, device="cpu").fit(ref_mrna, ref_cnv)
    history = model.training_history
    assert list(history.columns) == ["model", "epoch", "train_loss", "validation_loss", "seconds", "device"]
    assert (history["device"] == "cpu").all()  # the run says where each network trained
    assert history["train_loss"].iloc[-1] < history["train_loss"].iloc[0]
    imputed = model.impute(tgt_mrna, tgt_cnv * np.nan)
    assert ((imputed - tgt_cnv) ** 2).mean().mean() < (tgt_cnv**2).mean().mean()


def test_bfloat16_training_learns_and_is_not_float32():
    ref_mrna, ref_cnv, *_ = small_matrices(n_ref=300)
    histories = {
        precision: AutoencoderImputer(hidden=[32, 16, 32], epochs=30, device="cpu", precision=precision)
        .fit(ref_mrna, ref_cnv)
        .training_history
        for precision in ("float32", "bfloat16")
    }
    low = histories["bfloat16"]["validation_loss"]
    assert low.min() < 0.9 * low.iloc[0]
    assert not np.allclose(low, histories["float32"]["validation_loss"], rtol=1e-6)  # the setting takes effect
    with pytest.raises(ValueError, match=r"precision must be one of \['bfloat16', 'float32'\], not 'float16'"):
        AutoencoderImputer(precision="float16").check_params()


def test_nan_loss_stops_training_with_a_clear_error():
    ref_mrna, ref_cnv, *_ = small_matrices()
    with pytest.raises(TrainingDiverged, match=r"training loss is (nan|inf) at epoch 1; lower learning_rate"):
        AutoencoderImputer(**SMALL).fit(ref_mrna * 1e300, ref_cnv)


def test_training_refuses_when_the_validation_loss_was_never_finite():
    x, y = torch.randn(32, 4), torch.randn(32, 2)
    validation = (x[:8], torch.full((8, 2), float("nan")), None)  # e.g. missing values in the reference
    trainer = Trainer(epochs=3, batch_size=8, learning_rate=1e-3, weight_decay=0.0, patience=5, name="net")
    with pytest.raises(TrainingDiverged, match=r"net: the validation loss was never finite \(nan at epoch 3\)"):
        trainer.train(
            torch.nn.Linear(4, 2), torch.arange(32), lambda r: (x[r], y[r], None), validation, torch.Generator()
        )


def test_device_is_cuda_when_present_else_cpu():
    assert pick_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert pick_device("cpu").type == "cpu"


def test_a_low_rank_linear_path_has_far_fewer_weights_and_still_imputes():
    ref_mrna, ref_cnv, _, tgt_mrna, tgt_cnv, _ = small_matrices(n_ref=200, n_mrna=40, n_cnv=30)
    hidden = tgt_cnv.mask(np.random.default_rng(0).random(tgt_cnv.shape) < 0.3)
    dense, low = (
        MaskedAutoencoderImputer(**SMALL, n_models=2, skip_rank=rank).fit(ref_mrna, ref_cnv) for rank in (None, 4)
    )
    weights = [sum(p.numel() for p in m.models_[0].skip.parameters()) for m in (dense, low)]
    assert weights == [(40 + 30 + 30) * 30 + 30, (40 + 30 + 30) * 4 + 4 * 30 + 30]
    imputed = low.impute(tgt_mrna, hidden)
    error = ((imputed - tgt_cnv) ** 2).to_numpy()[hidden.isna().to_numpy()].mean()
    assert error < (tgt_cnv**2).to_numpy()[hidden.isna().to_numpy()].mean()


def test_auto_rank_keeps_the_dense_path_until_it_would_dominate_the_network():
    assert skip_rank_for("auto", 1120, 360) is None  # the demo cohort: 0.4 M weights, dense
    assert skip_rank_for("auto", 2324, 860) is None  # the TCGA BRCA table: 2 M, dense
    assert skip_rank_for("auto", 3217 + 2 * 3105, 3105) == 256  # the Pan-Cancer shape: 29 M, low-rank
    assert skip_rank_for(None, 10**5, 10**5) is None and skip_rank_for(8, 10, 10) == 8  # a number or None is kept
