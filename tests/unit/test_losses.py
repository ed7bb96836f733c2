"""Losses: hand-computed values, finite-difference gradients (float64), stability, targets, error cases."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from mlp import losses
from mlp.gradcheck import numerical_gradient, relative_error
from mlp.layers import Softmax
from mlp.losses import MSE, BinaryCrossEntropy, CrossEntropy, Loss, SoftmaxCrossEntropy

PROBS = np.array([[0.1, 0.7, 0.2], [0.3, 0.3, 0.4]])
LABELS = np.array([1, 2])


def gradient_error(loss: Loss, y_pred: np.ndarray, y_true: Any) -> float:
    loss.forward(y_pred, y_true)
    analytic = loss.backward()
    return relative_error(analytic, numerical_gradient(lambda y: loss.forward(y, y_true), y_pred))


# ----- values by hand -----


def test_mse_deck_example() -> None:
    """Output 0.15, target 0.2: error 0.05, squared 0.0025."""
    loss = MSE()
    assert loss.forward(np.array([[0.15]]), np.array([[0.2]])) == pytest.approx(0.0025)
    assert loss.backward()[0, 0] == pytest.approx(2 * (0.15 - 0.2))


def test_mse_is_mean_over_all_elements() -> None:
    y, t = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0], [0.0, 4.0]])
    loss = MSE()
    assert loss.forward(y, t) == pytest.approx((4 + 9) / 4)
    np.testing.assert_allclose(loss.backward(), 2 * (y - t) / 4)


def test_mse_target_shapes() -> None:
    loss = MSE()
    assert loss.forward(np.array([[1.0], [2.0]]), np.array([1.0, 0.0])) == pytest.approx(2.0)  # (n,) for (n, 1)
    assert loss.backward().shape == (2, 1)
    assert loss.forward(np.array([0.15]), [0.2]) == pytest.approx(0.0025)  # 1-D predictions
    one_hot = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert loss.forward(PROBS, LABELS) == pytest.approx(MSE().forward(PROBS, one_hot))  # labels -> one-hot


def test_cross_entropy_by_hand() -> None:
    loss = CrossEntropy()
    expected = -(np.log(0.7) + np.log(0.4)) / 2
    assert loss.forward(PROBS, LABELS) == pytest.approx(expected)
    grad = loss.backward()
    assert grad[0, 1] == pytest.approx(-1 / 0.7 / 2) and grad[0, 0] == 0
    one_hot = np.eye(3)[LABELS]
    assert CrossEntropy().forward(PROBS, one_hot) == pytest.approx(expected)


def test_cross_entropy_clips_zero_probability() -> None:
    value = CrossEntropy(eps=1e-7).forward(np.array([[1.0, 0.0]]), [1])
    assert value == pytest.approx(-np.log(1e-7))


def test_binary_cross_entropy_by_hand() -> None:
    loss = BinaryCrossEntropy()
    y = np.array([[0.9], [0.2]])
    assert loss.forward(y, [1, 0]) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)
    assert loss.backward().shape == (2, 1)


def test_softmax_cross_entropy_equals_softmax_then_cross_entropy() -> None:
    z = np.random.default_rng(0).normal(size=(4, 3))
    labels = [0, 2, 1, 1]
    fused = SoftmaxCrossEntropy()
    assert fused.forward(z, labels) == pytest.approx(CrossEntropy().forward(Softmax().forward(z), labels))
    np.testing.assert_allclose(fused.probs, Softmax().forward(z))
    np.testing.assert_allclose(fused.backward(), (fused.probs - np.eye(3)[labels]) / 4)


def test_softmax_cross_entropy_uniform_logits_and_stability() -> None:
    assert SoftmaxCrossEntropy().forward(np.zeros((2, 10)), [3, 7]) == pytest.approx(np.log(10))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = SoftmaxCrossEntropy().forward(np.array([[1000.0, 0.0, -1000.0]]), [2])
    assert value == pytest.approx(2000.0)


def test_losses_keep_float32() -> None:
    y = np.full((2, 3), 1 / 3, dtype=np.float32)
    for loss in (MSE(), CrossEntropy(), SoftmaxCrossEntropy()):
        assert isinstance(loss(y, [0, 1]), float)
        assert loss.backward().dtype == np.float32


def test_nan_predictions_give_nan_loss_for_divergence_detection() -> None:
    assert np.isnan(SoftmaxCrossEntropy().forward(np.array([[np.nan, 1.0]]), [0]))
    assert np.isinf(MSE().forward(np.array([[np.inf]]), [[0.0]]))


# ----- finite differences -----


def test_mse_gradient() -> None:
    y, t = np.random.default_rng(1).normal(size=(2, 4, 3))
    assert gradient_error(MSE(), y, t) < 1e-7


def test_cross_entropy_gradient() -> None:
    probs = Softmax().forward(np.random.default_rng(2).normal(size=(4, 3)))
    assert gradient_error(CrossEntropy(), probs, [0, 1, 2, 1]) < 1e-7


def test_binary_cross_entropy_gradient() -> None:
    rng = np.random.default_rng(3)
    y, t = rng.uniform(0.1, 0.9, size=(5, 2)), rng.integers(0, 2, size=(5, 2))
    assert gradient_error(BinaryCrossEntropy(), y, t) < 1e-7


def test_softmax_cross_entropy_gradient_labels_and_soft_targets() -> None:
    z, other = np.random.default_rng(4).normal(size=(2, 4, 3))
    assert gradient_error(SoftmaxCrossEntropy(), z, [0, 1, 2, 1]) < 1e-7
    assert gradient_error(SoftmaxCrossEntropy(), z, Softmax().forward(other)) < 1e-7


# ----- get and errors -----


def test_get_by_name() -> None:
    assert isinstance(losses.get("mse"), MSE)
    assert isinstance(losses.get("Softmax_Cross_Entropy"), SoftmaxCrossEntropy)
    assert losses.get("cross_entropy", eps=1e-3).eps == 1e-3
    with pytest.raises(ValueError, match="loss.*mse"):
        losses.get("hinge")


def test_backward_before_forward() -> None:
    for loss in (MSE(), CrossEntropy(), BinaryCrossEntropy(), SoftmaxCrossEntropy()):
        with pytest.raises(RuntimeError, match="before forward"):
            loss.backward()


def test_label_errors() -> None:
    loss = SoftmaxCrossEntropy()
    with pytest.raises(ValueError, match=r"y_true must be class labels in 0\.\.2"):
        loss.forward(PROBS, [1, 3])
    with pytest.raises(ValueError, match="y_true must be class labels"):
        loss.forward(PROBS, [-1, 0])
    with pytest.raises(TypeError, match="y_true must hold whole-number"):
        loss.forward(PROBS, [0.5, 1.0])
    with pytest.raises(ValueError, match="y_pred has 2 rows but y_true has 3"):
        loss.forward(PROBS, [0, 1, 2])
    with pytest.raises(ValueError, match="y_true must be 2 labels or one-hot rows"):
        loss.forward(PROBS, np.eye(4)[:2])
    with pytest.raises(ValueError, match="summing to 1"):
        loss.forward(PROBS, np.ones((2, 3)))
    with pytest.raises(ValueError, match="y_true contains 1 NaN"):
        loss.forward(PROBS, [[np.nan, 1, 0], [0, 1, 0]])


def test_prediction_errors() -> None:
    with pytest.raises(ValueError, match="y_pred must be 2-D"):
        SoftmaxCrossEntropy().forward(np.array([1.0, 2.0]), [0, 1])
    with pytest.raises(ValueError, match="BinaryCrossEntropy"):
        CrossEntropy().forward(np.array([[0.5], [0.2]]), [0, 1])
    with pytest.raises(TypeError, match="y_pred"):
        MSE().forward("abc", [1.0])
    with pytest.raises(ValueError, match="y_pred must be a non-empty"):
        MSE().forward(np.zeros((0, 2)), np.zeros((0, 2)))


def test_target_shape_errors() -> None:
    with pytest.raises(ValueError, match=r"y_true must have the shape of y_pred \(2, 2\)"):
        MSE().forward(np.ones((2, 2)), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"y_true must have the shape of y_pred \(2, 1\)"):
        MSE().forward(np.ones((2, 1)), np.ones(3))
    with pytest.raises(ValueError, match="0/1"):
        BinaryCrossEntropy().forward(np.full((2, 1), 0.5), [0, 2])
    with pytest.raises(ValueError, match="y_true must have the shape"):
        BinaryCrossEntropy().forward(np.full((2, 2), 0.5), [0, 1])


def test_eps_errors() -> None:
    with pytest.raises(ValueError, match="eps"):
        CrossEntropy(eps=0.0)
    with pytest.raises(TypeError, match="eps"):
        BinaryCrossEntropy(eps="small")
