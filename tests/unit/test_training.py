"""Tests for mlp.training: the fit loop, its history, evaluation, early stopping and divergence."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mlp import _progress
from mlp.losses import MSE, SoftmaxCrossEntropy
from mlp.network import MLP
from mlp.optim import SGD, Adam
from mlp.optim.schedules import inv
from mlp.training import (
    Callback,
    EarlyStopping,
    History,
    TrainingDiverged,
    accuracy,
    evaluate,
    fit,
    forward_batched,
    load_snapshot,
    snapshot,
    train_step,
)


def blobs(n: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two well-separated Gaussian blobs in 2-D, labels 0 and 1."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    x = rng.normal(scale=0.5, size=(n, 2)) + np.where(y[:, None] == 1, 1.5, -1.5)
    return x.astype(np.float32), y


class Spy:
    """Wraps a network and records every forward call's batch size and train/eval mode."""

    def __init__(self, net: MLP) -> None:
        self.net = net
        self.calls: list[tuple[int, bool]] = []

    def forward(self, x):
        self.calls.append((len(x), self.net.training))
        return self.net.forward(x)

    def backward(self, grad):
        return self.net.backward(grad)

    def parameters(self):
        return self.net.parameters()

    def gradients(self):
        return self.net.gradients()

    def train(self):
        self.net.train()

    def eval(self):
        self.net.eval()

    @property
    def training(self) -> bool:
        return self.net.training


def quick_fit(**kwargs):
    x, y = blobs()
    options = {"epochs": 5, "batch_size": 8}
    options.update(kwargs)
    net = options.pop("net", None) or MLP([2, 8, 2], seed=0)
    return net, fit(net, SoftmaxCrossEntropy(), options.pop("optimizer", SGD(lr=0.3)), x, y, **options)


# ---------------------------------------------------------------------------------------------------- fit basics


def test_fit_reduces_loss_on_separable_data():
    x, y = blobs()
    net, history = quick_fit(epochs=10)
    loss, acc = evaluate(net, SoftmaxCrossEntropy(), x, y)
    assert history.evaluations[-1]["train_loss"] < history.evaluations[0]["train_loss"]
    assert loss < 0.1 and acc == 1.0
    assert history.final()["train_accuracy"] == 1.0


def test_same_seed_gives_identical_history_and_weights():
    net_a, a = quick_fit(seed=3)
    net_b, b = quick_fit(seed=3)
    assert a.loss == b.loss
    strip = lambda rows: [{k: v for k, v in r.items() if k != "time"} for r in rows]  # noqa: E731
    assert strip(a.evaluations) == strip(b.evaluations)
    for p, q in zip(net_a.parameters(), net_b.parameters()):
        np.testing.assert_array_equal(p, q)
    _, c = quick_fit(seed=4)
    assert c.loss != a.loss  # the seed drives the shuffling


def test_batches_per_epoch_keep_last_partial_batch():
    x, y = blobs(10)
    spy = Spy(MLP([2, 4, 2], seed=0))
    history = fit(spy, SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, epochs=2, batch_size=3)
    assert history.iterations == list(range(1, 9))
    assert history.epochs == [1, 1, 1, 1, 2, 2, 2, 2]
    training_batches = [size for size, training in spy.calls if training]
    assert training_batches == [3, 3, 3, 1] * 2


def test_train_mode_for_steps_eval_mode_for_evaluation():
    x, y = blobs(10)
    spy = Spy(MLP([2, 4, 2], seed=0, dropout=0.5))
    fit(spy, SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, epochs=1, batch_size=5, x_val=x, y_val=y)
    steps = [call for call in spy.calls if call[0] == 5]
    evaluations = [call for call in spy.calls if call[0] == 10]
    assert steps == [(5, True), (5, True)]
    assert evaluations and all(not training for _, training in evaluations)
    assert not spy.training  # left in evaluation mode


def test_every_sample_seen_once_per_epoch_and_no_shuffle_keeps_order():
    x, y = blobs(10)
    seen = []

    class Recorder(Spy):
        def forward(self, xb):
            if self.net.training:
                seen.append(xb.copy())
            return self.net.forward(xb)

    fit(Recorder(MLP([2, 4, 2], seed=0)), SoftmaxCrossEntropy(), SGD(lr=0.0001), x, y, epochs=1, batch_size=4,
        shuffle=False)
    np.testing.assert_allclose(np.concatenate(seen), x, atol=1e-6)
    seen.clear()
    fit(Recorder(MLP([2, 4, 2], seed=0)), SoftmaxCrossEntropy(), SGD(lr=0.0001), x, y, epochs=1, batch_size=4)
    shuffled = np.concatenate(seen)
    assert not np.allclose(shuffled, x)
    np.testing.assert_allclose(np.sort(shuffled, axis=0), np.sort(x, axis=0), atol=1e-6)


def test_eval_every_and_final_evaluation():
    x, y = blobs(10)
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, epochs=3, batch_size=2, eval_every=4)
    assert h.metric("iteration").tolist() == [4, 8, 12, 15]  # 15 = the end of training, always evaluated
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, epochs=3, batch_size=2)
    assert h.metric("iteration").tolist() == [5, 10, 15]
    assert h.metric("epoch").tolist() == [1, 2, 3]


def test_max_iterations_stops_mid_epoch():
    x, y = blobs(10)
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, batch_size=3, max_iterations=7)
    assert len(h) == 7 and h.epochs[-1] == 2 and h.stop_reason == "max_iterations"
    assert h.evaluations[-1]["iteration"] == 7
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, batch_size=3, max_iterations=100,
            epochs=2)
    assert len(h) == 8 and h.stop_reason == "epochs"
    # without epochs, max_iterations alone decides (more than the default 10 epochs here)
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, batch_size=10, max_iterations=25)
    assert len(h) == 25


def test_schedule_sets_optimizer_lr_each_iteration():
    x, y = blobs(10)
    optimizer = SGD(lr=1.0)
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), optimizer, x, y, epochs=2, batch_size=5,
            schedule=lambda t: 0.1 / (1 + t))
    np.testing.assert_allclose(h.lr, [0.1, 0.05, 0.1 / 3, 0.025])
    assert optimizer.lr == pytest.approx(0.025)
    caffe = inv(0.01, gamma=0.1, power=0.75)
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=1.0), x, y, epochs=1, batch_size=5, schedule=caffe)
    np.testing.assert_allclose(h.lr, [0.01, 0.01 * 1.1**-0.75])
    assert h.config["schedule"].startswith("inv(")


def test_bad_schedule_value():
    x, y = blobs(10)
    with pytest.raises(ValueError, match="schedule"):
        fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, schedule=lambda t: -1.0)


def test_history_records_time_and_lr():
    _, h = quick_fit(epochs=1)
    assert len(h.time) == len(h.loss) == len(h.lr) == len(h.iterations) == 5
    assert np.all(np.diff(h.time) >= 0) and h.total_time >= h.time[-1]
    assert h.lr == [0.3] * 5


# --------------------------------------------------------------------------------------------- early stopping


def test_early_stopping_stops_and_restores_best_weights():
    x, y = blobs(20)
    # Validation labels are the opposite of the training labels: the better the fit, the worse the validation.
    kept = {}

    def keep_weights(history, model):
        kept[history.evaluations[-1]["iteration"]] = [p.copy() for p in model.parameters()]

    net = MLP([2, 8, 2], seed=0)
    stopper = EarlyStopping(patience=2)
    h = fit(net, SoftmaxCrossEntropy(), SGD(lr=0.5), x, y, epochs=50, batch_size=5, x_val=x, y_val=1 - y,
            early_stopping=stopper, callbacks=[keep_weights])
    assert h.stopped_early and h.stop_reason == "early_stopping"
    assert len(h.evaluations) == 3  # the best, then two without improvement
    assert h.best_iteration == 4 and h.best_epoch == 1
    assert h.best()["iteration"] == 4
    for live, best in zip(net.parameters(), kept[h.best_iteration]):
        np.testing.assert_array_equal(live, best)
    assert not np.array_equal(net.parameters()[0], kept[h.evaluations[-1]["iteration"]][0])
    assert "iteration 4" in h.message


def test_early_stopping_monitor_accuracy_and_no_restore():
    x, y = blobs(20)
    net = MLP([2, 8, 2], seed=0)
    h = fit(net, SoftmaxCrossEntropy(), SGD(lr=0.5), x, y, epochs=30, batch_size=5, x_val=x, y_val=y,
            early_stopping=EarlyStopping(patience=3, monitor="val_accuracy", restore_best=False))
    assert h.stopped_early and h.monitor == "val_accuracy"
    assert h.best()["val_accuracy"] == 1.0


def test_early_stopping_falls_back_to_parameters_without_state():
    class Bare(Spy):  # no state()/load_state(): the snapshot copies parameters()
        pass

    bare = Bare(MLP([2, 3, 2], seed=0))
    saved = snapshot(bare)
    assert saved[0] == "parameters"
    original = [p.copy() for p in bare.parameters()]
    for p in bare.parameters():
        p += 1.0
    load_snapshot(bare, saved)
    for p, q in zip(bare.parameters(), original):
        np.testing.assert_array_equal(p, q)


def test_early_stopping_errors():
    x, y = blobs(10)
    with pytest.raises(ValueError, match="no validation data"):
        fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, early_stopping=EarlyStopping())
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(patience=0)
    with pytest.raises(ValueError, match="monitor"):
        EarlyStopping(monitor="val_los")
    with pytest.raises(ValueError, match="min_delta"):
        EarlyStopping(min_delta=-1.0)
    with pytest.raises(TypeError, match="early_stopping"):
        fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y, early_stopping=5)


def test_early_stopping_min_delta():
    stopper = EarlyStopping(patience=2, min_delta=0.1)
    assert stopper.improved(1.0)
    stopper.best_value = 1.0
    assert not stopper.improved(0.95) and stopper.improved(0.85) and not stopper.improved(float("nan"))


# ------------------------------------------------------------------------------------------------- divergence


def exploding_regression():
    rng = np.random.default_rng(0)
    x = rng.normal(scale=3.0, size=(32, 2)).astype(np.float32)
    return x, x @ np.array([1.0, -2.0], dtype=np.float32)


def test_divergence_raises_naming_the_learning_rate():
    x, y = exploding_regression()
    expected = r"with lr=10: the learning rate is probably too large; try lr=1 or smaller"
    with pytest.raises(TrainingDiverged, match=expected) as info:
        fit(MLP([2, 1], seed=0), MSE(), SGD(lr=10.0), x, y, epochs=100, batch_size=8)
    error = info.value
    assert isinstance(error, RuntimeError)
    assert error.lr == 10.0 and error.history.diverged and not np.isfinite(error.history.loss[-1])
    assert f"iteration {error.iteration} (epoch {error.epoch})" in str(error)


def test_divergence_stop_returns_history_and_keeps_finite_weights():
    x, y = exploding_regression()
    net = MLP([2, 1], seed=0)
    h = fit(net, MSE(), SGD(lr=10.0), x, y, epochs=100, batch_size=8, on_divergence="stop")
    assert h.diverged and h.stop_reason == "diverged" and "lr=10" in h.message
    assert np.isfinite(h.loss[:-1]).all() and not np.isfinite(h.loss[-1])
    assert h.loss[-2] > 1e6 * h.loss[0]  # the curve shows the explosion
    json.dumps(h.to_dict(), allow_nan=False)  # NaN is saved as null
    with pytest.warns(RuntimeWarning, match="too large"):
        fit(MLP([2, 1], seed=0), MSE(), SGD(lr=10.0), x, y, epochs=100, batch_size=8, on_divergence="warn")


def test_train_step_skips_update_on_nan():
    net = MLP([2, 1], seed=0)
    before = [p.copy() for p in net.parameters()]
    huge = np.full((2, 2), 3e38, dtype=np.float32)  # x @ W overflows to inf
    with np.errstate(over="ignore", invalid="ignore"):
        value = train_step(net, MSE(), SGD(lr=0.1), huge, np.array([0.0, 1.0], np.float32))
    assert not np.isfinite(value)
    for p, q in zip(net.parameters(), before):
        np.testing.assert_array_equal(p, q)


# --------------------------------------------------------------------------------------------- evaluate & tasks


def test_evaluate_matches_direct_computation_and_is_batched():
    x, y = blobs(25)
    net = MLP([2, 5, 3], seed=1)
    loss = SoftmaxCrossEntropy()
    expected_loss = loss.forward(net.forward(x), y)
    expected_acc = float(np.mean(np.argmax(net.forward(x), axis=1) == y))
    value, acc = evaluate(net, loss, x, y)
    assert value == pytest.approx(expected_loss, rel=1e-5) and acc == pytest.approx(expected_acc)
    small_batches = evaluate(net, loss, x, y, batch_size=4)
    assert small_batches[0] == pytest.approx(value, rel=1e-5) and small_batches[1] == acc


def test_evaluate_uses_eval_mode_and_restores_it():
    x, y = blobs(20)
    net = MLP([2, 16, 2], seed=0, dropout=0.5)
    first, second = evaluate(net, SoftmaxCrossEntropy(), x, y), evaluate(net, SoftmaxCrossEntropy(), x, y)
    assert first == second and net.training
    assert forward_batched(net, x, batch_size=3).shape == (20, 2) and net.training


def test_binary_single_output_and_regression():
    x, y = blobs()
    net = MLP([2, 4, 1], output="sigmoid", seed=0)
    h = fit(net, MSE(), SGD(lr=1.0), x, y, epochs=20, batch_size=8)
    assert h.config["task"] == "binary" and h.final()["train_accuracy"] > 0.9
    targets = x @ np.array([0.5, -1.0], dtype=np.float32)
    h = fit(MLP([2, 1], seed=0), MSE(), SGD(lr=0.05), x, targets, epochs=20, batch_size=8)
    assert h.config["task"] == "regression" and h.final()["train_accuracy"] is None
    assert h.final()["train_loss"] < 1e-2


def test_one_hot_targets():
    x, y = blobs()
    h = fit(MLP([2, 4, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.3), x, np.eye(2)[y], epochs=5, batch_size=8)
    assert h.config["task"] == "one-hot" and h.final()["train_accuracy"] == 1.0


def test_accuracy_rules():
    assert accuracy(np.array([[0.1, 0.9], [0.8, 0.2]]), np.array([1, 1])) == 0.5
    assert accuracy(np.array([[0.1, 0.9], [0.8, 0.2]]), np.eye(2)[[1, 0]]) == 1.0
    assert accuracy(np.array([[0.7], [0.2], [0.6]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="rows"):
        accuracy(np.zeros((3, 2)), np.array([0, 1]))


# ----------------------------------------------------------------------------------------------------- history


def test_history_to_dict_roundtrip_and_helpers():
    x, y = blobs()
    _, h = quick_fit(x_val=x, y_val=y, epochs=3)
    data = json.loads(json.dumps(h.to_dict(), allow_nan=False))
    back = History.from_dict(data)
    assert back.loss == pytest.approx(h.loss) and back.evaluations == data["evaluations"]
    assert back.config == h.config and back.best_iteration == h.best_iteration
    assert h.metric("val_accuracy").shape == (3,)
    assert h.best("val_loss")["val_loss"] == pytest.approx(np.min(h.metric("val_loss")))
    assert h.final()["iteration"] == 15 and "val_loss" in repr(h)
    with pytest.raises(ValueError, match="key"):
        h.metric("validation_loss")
    with pytest.raises(ValueError, match="unknown keys"):
        History.from_dict({"losses": []})
    with pytest.raises(ValueError, match="no evaluations"):
        History().best()


def test_callbacks_stop_and_hooks():
    counts = {"iterations": 0, "end": 0}

    class Counter(Callback):
        def on_iteration(self, history, model):
            counts["iterations"] += 1

        def on_train_end(self, history, model):
            counts["end"] += 1

    _, h = quick_fit(epochs=4, callbacks=[Counter(), lambda history, model: len(history.evaluations) == 2])
    assert h.stop_reason == "callback" and len(h.evaluations) == 2
    assert counts == {"iterations": 10, "end": 1}
    with pytest.raises(TypeError, match="callbacks"):
        quick_fit(callbacks=[42])


def test_train_eval_size_uses_a_fixed_subset():
    _, a = quick_fit(train_eval_size=10, epochs=2)
    _, b = quick_fit(train_eval_size=10, epochs=2)
    assert a.metric("train_loss").tolist() == b.metric("train_loss").tolist()


# ------------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"x": np.zeros(10)}, ValueError, "x must be 2-D"),
        ({"x": np.full((10, 2), np.nan)}, ValueError, "NaN"),
        ({"x": np.zeros((0, 2))}, ValueError, "empty"),
        ({"x": "data"}, TypeError, "x must be an array"),
        ({"y": np.arange(9) % 2}, ValueError, "x has 10 rows but y has 9"),
        ({"y": np.arange(10)}, ValueError, r"y must be class labels in 0\.\.1"),
        ({"y": np.full(10, 0.5)}, TypeError, "whole-number"),
        ({"y": np.zeros((10, 3))}, ValueError, "3 columns but the model outputs 2"),
        ({"batch_size": 0}, ValueError, "batch_size must be >= 1"),
        ({"batch_size": 2.5}, TypeError, "batch_size must be an integer"),
        ({"epochs": 0}, ValueError, "epochs must be >= 1"),
        ({"max_iterations": 0}, ValueError, "max_iterations"),
        ({"eval_every": 0}, ValueError, "eval_every"),
        ({"x_val": np.zeros((4, 2))}, ValueError, "x_val and y_val go together"),
        ({"x_val": np.zeros((4, 3)), "y_val": np.zeros(4, int)}, ValueError, "x_val rows have shape"),
        ({"x_val": np.zeros((4, 2)), "y_val": np.full(4, 7)}, ValueError, "y_val must be class labels"),
        ({"on_divergence": "ignore"}, ValueError, "on_divergence"),
        ({"schedule": 0.1}, TypeError, "schedule must be a function"),
        ({"shuffle": "yes"}, TypeError, "shuffle"),
        ({"seed": -1}, ValueError, "seed"),
        ({"progress": "yes"}, TypeError, "progress"),
    ],
)
def test_fit_rejects_bad_arguments(change, error, message):
    x, y = blobs(10)
    arguments = {"x": x, "y": y, "epochs": 1}
    arguments.update(change)
    with pytest.raises(error, match=message):
        fit(MLP([2, 3, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), **arguments)


def test_fit_rejects_bad_model_loss_optimizer_and_shapes():
    x, y = blobs(10)
    with pytest.raises(TypeError, match="model must have"):
        fit(object(), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y)
    with pytest.raises(TypeError, match="loss must have"):
        fit(MLP([2, 2], seed=0), "mse", SGD(lr=0.1), x, y)
    with pytest.raises(TypeError, match="optimizer must have"):
        fit(MLP([2, 2], seed=0), SoftmaxCrossEntropy(), 0.1, x, y)
    with pytest.raises(ValueError, match="the model cannot take x"):
        fit(MLP([3, 2], seed=0), SoftmaxCrossEntropy(), SGD(lr=0.1), x, y)
    with pytest.raises(ValueError, match="one output"):
        fit(MLP([2, 1], seed=0), MSE(), SGD(lr=0.1), x, np.arange(10) % 3)
    with pytest.raises(ValueError, match="batch_size"):
        evaluate(MLP([2, 2], seed=0), SoftmaxCrossEntropy(), x, y, batch_size=0)


def test_float64_inputs_stay_float64():
    x, y = blobs(10)
    net = MLP([2, 3, 2], seed=0, dtype=np.float64)
    h = fit(net, SoftmaxCrossEntropy(), Adam(lr=0.01), x.astype(np.float64), y, epochs=1)
    assert net.parameters()[0].dtype == np.float64 and len(h) == 1


# ---------------------------------------------------------------------------------------------------- progress


def test_progress_is_quiet_under_ci_and_forced_by_environment(monkeypatch):
    monkeypatch.delenv("MLP_PROGRESS", raising=False)
    monkeypatch.setenv("CI", "true")
    assert not _progress.progress_enabled(None)
    assert _progress.progress_enabled(True) and not _progress.progress_enabled(False)
    monkeypatch.setenv("MLP_PROGRESS", "1")
    assert _progress.progress_enabled(None)
    monkeypatch.setenv("MLP_PROGRESS", "0")
    assert not _progress.progress_enabled(None)
    bar = _progress.progress_bar(10, progress=False)
    bar.update(1), bar.set_postfix({"loss": 1.0}), bar.close()
    with pytest.raises(TypeError, match="progress"):
        _progress.progress_enabled("auto")


def test_progress_bar_with_tqdm(capsys):
    pytest.importorskip("tqdm")
    _, h = quick_fit(epochs=1, progress=True)
    assert len(h) == 5
