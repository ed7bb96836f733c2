"""Conv2D, MaxPool2D, Flatten and LeNet: hand-computed values, finite differences, PyTorch, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import mlp
from mlp import SoftmaxCrossEntropy, check_gradients
from mlp.layers import Conv2D, Dense, Flatten, MaxPool2D
from mlp.layers.conv import same_padding
from mlp.network import Sequential, lenet


def _images(shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def test_a_convolution_by_hand() -> None:
    conv = Conv2D(1, 1, 2, dtype=np.float64)
    conv.params[0][...] = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # top-left minus bottom-right
    conv.params[1][...] = 0.5
    x = np.arange(9, dtype=np.float64).reshape(1, 1, 3, 3)
    # windows [[0,1],[3,4]] -> 0 - 4, [[1,2],[4,5]] -> 1 - 5, ... every one is -4, plus the bias 0.5
    np.testing.assert_array_equal(conv.forward(x), np.full((1, 1, 2, 2), -3.5))


def test_stride_and_padding_shapes() -> None:
    x = _images((2, 3, 28, 28), dtype=np.float32)
    assert Conv2D(3, 4, 5).forward(x).shape == (2, 4, 24, 24)
    assert Conv2D(3, 4, 3, padding=1).forward(x).shape == (2, 4, 28, 28)
    assert Conv2D(3, 32, 3, stride=2, padding="same").forward(x).shape == (2, 32, 14, 14)
    assert Conv2D(3, 4, 7, stride=2, padding="same").forward(_images((1, 3, 27, 27))).shape == (1, 4, 14, 14)
    assert MaxPool2D(2).forward(x).shape == (2, 3, 14, 14)
    assert MaxPool2D(2, padding="same").forward(_images((1, 1, 7, 7))).shape == (1, 1, 4, 4)
    assert Flatten().forward(x).shape == (2, 3 * 28 * 28)
    assert same_padding(28, 3, 2) == (0, 1) and same_padding(27, 7, 2) == (3, 3)


def test_max_pool_by_hand_and_its_gradient_goes_to_the_winner() -> None:
    pool = MaxPool2D(2)
    x = np.array([[[[1.0, 3.0, 0.0, 0.0], [2.0, 0.0, 0.0, 5.0], [0.0, 0.0, 7.0, 7.0], [1.0, 0.0, 7.0, 0.0]]]])
    np.testing.assert_array_equal(pool.forward(x), [[[[3.0, 5.0], [1.0, 7.0]]]])
    dx = pool.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))
    expected = np.zeros((1, 1, 4, 4))
    expected[0, 0, 0, 1], expected[0, 0, 1, 3], expected[0, 0, 3, 0], expected[0, 0, 2, 2] = 10, 20, 30, 40
    np.testing.assert_array_equal(dx, expected)  # the tie among the 7s goes to the first, as in PyTorch


@pytest.mark.parametrize(
    "layers",
    [
        lambda: [Conv2D(2, 3, 3, seed=0, dtype=np.float64)],
        lambda: [Conv2D(2, 3, 3, stride=2, padding="same", seed=0, dtype=np.float64)],
        lambda: [Conv2D(2, 2, (3, 2), padding=1, seed=0, dtype=np.float64), MaxPool2D(2)],
        lambda: [MaxPool2D(3, stride=2, padding="same")],
    ],
    ids=["valid", "stride-2-same", "rect-kernel-pool", "overlapping-pool"],
)
def test_gradients_match_finite_differences(layers) -> None:
    made = layers()
    probe = Sequential(*made, Flatten())
    out = probe.forward(_images((2, 2, 7, 6)))
    net = Sequential(*made, Flatten(), Dense(out.shape[1], 3, seed=1, dtype=np.float64))
    errors = check_gradients(net, SoftmaxCrossEntropy(), _images((2, 2, 7, 6)), np.array([0, 2]))
    assert max(errors.values()) < 1e-6, errors


def test_input_gradient_matches_finite_differences() -> None:
    conv = Conv2D(1, 2, 3, stride=2, padding="same", seed=3, dtype=np.float64)
    x = _images((1, 1, 5, 5), seed=4)
    weights = _images((1, 2, 3, 3), seed=5)
    conv.forward(x)
    dx = conv.backward(weights)
    numeric = mlp.numerical_gradient(lambda v: float((conv.forward(v) * weights).sum()), x)
    np.testing.assert_allclose(dx, numeric, atol=1e-7)


def test_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    conv = Conv2D(3, 4, 3, stride=2, padding=1, seed=0, dtype=np.float64)
    x = _images((2, 3, 9, 9))
    g = _images((2, 4, 5, 5), seed=1)
    y = conv.forward(x)
    dx = conv.backward(g)
    tx = torch.tensor(x, requires_grad=True)
    tw = torch.tensor(conv.W, requires_grad=True)
    tb = torch.tensor(conv.b, requires_grad=True)
    ty = torch.nn.functional.conv2d(tx, tw, tb, stride=2, padding=1)
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(y, ty.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(dx, tx.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(conv.grads[0], tw.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(conv.grads[1], tb.grad.numpy(), atol=1e-12)
    pool_y = MaxPool2D(2).forward(x)
    np.testing.assert_array_equal(pool_y, torch.nn.functional.max_pool2d(torch.tensor(x), 2).numpy())


def test_lenet_shapes_determinism_and_a_training_step() -> None:
    net = lenet(seed=0)
    assert [p.shape for p in net.parameters()] == [(20, 1, 5, 5), (20,), (50, 20, 5, 5), (50,), (800, 500),
                                                  (500,), (500, 10), (10,)]
    assert net.n_parameters == 431_080  # Caffe's LeNet
    x = np.random.default_rng(0).random((4, 1, 28, 28), dtype=np.float32)
    np.testing.assert_array_equal(lenet(seed=0).forward(x), lenet(seed=0).forward(x))
    history = mlp.fit(net, SoftmaxCrossEntropy(), mlp.optim.SGD(lr=0.01), x, np.array([0, 1, 2, 3]),
                      epochs=2, batch_size=2, seed=0)
    assert np.isfinite(history.loss).all()


def test_small_lenet_on_other_image_sizes() -> None:
    net = lenet(channels=(2, 3), hidden=8, in_shape=(1, 16, 16))
    assert net.forward(np.zeros((1, 1, 16, 16), dtype=np.float32)).shape == (1, 10)
    with pytest.raises(ValueError, match="too small"):
        lenet(in_shape=(1, 8, 8))


@pytest.mark.parametrize(
    ("make", "x", "error", "message"),
    [
        (lambda: Conv2D(1, 2, 3), np.zeros((2, 784), np.float32), ValueError, "load_mnist\\(flatten=False\\)"),
        (lambda: Conv2D(1, 2, 3), np.zeros((2, 3, 8, 8), np.float32), ValueError, "\\(n, 1, height, width\\)"),
        (lambda: Conv2D(1, 2, 5), np.zeros((1, 1, 3, 3), np.float32), ValueError, "smaller than the filter"),
        (lambda: MaxPool2D(4), np.zeros((1, 1, 3, 3), np.float32), ValueError, "smaller than the window"),
    ],
)
def test_bad_input_is_named(make, x, error, message) -> None:
    with pytest.raises(error, match=message):
        make().forward(x)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Conv2D(0, 2, 3), ValueError, "in_channels must be >= 1"),
        (lambda: Conv2D(1, 2, 3, padding="full"), ValueError, "padding must be 'same', 'valid'"),
        (lambda: Conv2D(1, 2, 3, padding=-1), ValueError, "padding must be >= 0"),
        (lambda: Conv2D(1, 2, 3, stride=0), ValueError, "stride must be >= 1"),
        (lambda: Conv2D(1, 2, 3, init="zeros"), ValueError, "init must be one of"),
        (lambda: MaxPool2D(2, padding=1), ValueError, "padding must be 'valid' or 'same'"),
        (lambda: MaxPool2D(2.5), TypeError, "pool_size must be an integer"),
    ],
)
def test_bad_arguments_are_named(make, error, message) -> None:
    with pytest.raises(error, match=message):
        make()


def test_backward_before_forward_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="before forward"):
        Conv2D(1, 1, 2).backward(np.zeros((1, 1, 1, 1), np.float32))
    with pytest.raises(RuntimeError, match="before forward"):
        MaxPool2D(2).backward(np.zeros((1, 1, 1, 1), np.float32))


@pytest.mark.parametrize("shape, padding", [((3, 4, 8, 6), "valid"), ((2, 3, 7, 9), "same"), ((2, 2, 9, 8), "valid")])
def test_pool_backward_fast_path_gives_the_general_paths_numbers(shape, padding) -> None:
    """Windows that tile the image take a shortcut in backward; it must equal one-hot + col2im exactly."""
    from mlp.layers.conv import _add_windows_back

    pool = MaxPool2D(2, padding=padding)
    y = pool.forward(_images(shape))
    g = _images(y.shape, seed=1)
    winners = pool.argmax[..., None] == np.arange(4)
    d_windows = (winners * g[..., None]).reshape(*g.shape, 2, 2).transpose(4, 5, 0, 1, 2, 3)
    expected = _add_windows_back(d_windows, np.zeros(pool._padded_shape), 2, axes=(2, 3))
    (top, bottom), (left, right) = pool._pads
    expected = expected[:, :, top:expected.shape[2] - bottom, left:expected.shape[3] - right]
    np.testing.assert_array_equal(pool.backward(g), expected)


def test_conv_without_input_grad_fills_the_same_gradients() -> None:
    conv = Conv2D(2, 3, 3, seed=0, dtype=np.float64)
    x, g = _images((2, 2, 6, 6)), _images((2, 3, 4, 4), seed=1)
    conv.forward(x)
    conv.backward(g)
    full = [grad.copy() for grad in conv.grads]
    conv.forward(x)
    assert conv.backward(g, input_grad=False) is None
    for a, b in zip(full, conv.grads):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, size", [((4, 3, 8, 8), 2), ((3, 2, 7, 9), 2), ((2, 3, 9, 9), 3)])
def test_pool_forward_fast_path_gives_argmaxs_numbers(shape, size, dtype) -> None:
    """Tiling windows take a shortcut in forward; it must give np.argmax's winner and value, bit for bit:
    the first of tied values, the first NaN, and the first of 0.0 and -0.0."""
    from mlp.layers.conv import _windows

    x = _images(shape, dtype=dtype)
    x[0, 0, :4, :4] = np.round(x[0, 0, :4, :4])              # ties
    x[0, 1, :2, :2] = [[0.0, -0.0], [-1.0, -0.0]]              # signed zeros tie
    x[0, 1, 2:4, :2] = [[-0.0, 0.0], [-1.0, 0.0]]
    x[1, 1, 0, 1] = x[1, 1, 1, 0] = np.nan                     # two NaNs in one window: the first wins
    x[1, 0, 0, 0], x[1, 0, 1, 1] = -np.inf, np.inf
    pool = MaxPool2D(size)
    y = pool.forward(x)
    windows = _windows(x, size, size, size)
    flat = windows.reshape(*windows.shape[:4], size * size)
    argmax = flat.argmax(axis=-1)
    expected = np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]
    np.testing.assert_array_equal(pool.argmax, argmax)
    assert y.dtype == expected.dtype and np.array_equal(y, expected, equal_nan=True)
    assert np.array_equal(np.signbit(y), np.signbit(expected))


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, "same"), (1, 2), (3, "valid")])
def test_conv_equals_the_six_loop_definition(stride, padding) -> None:
    """Batch-last im2col/col2im against the definition, loops over every index, forward and dL/dx."""
    conv = Conv2D(2, 3, (3, 2), stride=stride, padding=padding, seed=0, dtype=np.float64)
    x = _images((2, 2, 7, 6))
    y = conv.forward(x)
    g = _images(y.shape, seed=1)
    dx = conv.backward(g)
    (top, _), (left, _) = conv._pads
    W, b = conv.W, conv.b
    xp = np.zeros((2, 2, 7 + sum(conv._pads[0]), 6 + sum(conv._pads[1])))
    xp[:, :, top:top + 7, left:left + 6] = x
    y_loops, dxp = np.zeros(y.shape), np.zeros(xp.shape)
    for n in range(2):
        for o in range(3):
            for p in range(y.shape[2]):
                for q in range(y.shape[3]):
                    window = xp[n, :, p * stride:p * stride + 3, q * stride:q * stride + 2]
                    y_loops[n, o, p, q] = np.sum(window * W[o]) + b[o]
                    dxp[n, :, p * stride:p * stride + 3, q * stride:q * stride + 2] += g[n, o, p, q] * W[o]
    np.testing.assert_allclose(y, y_loops, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, dxp[:, :, top:top + 7, left:left + 6], rtol=1e-12, atol=1e-12)
