"""Convolution, max-pooling and flattening: the layers of a LeNet-style network, for images (n, c, h, w).

A convolution slides a small filter over the image and takes, at each position, the weighted sum of the pixels
under it. Written as loops that is six nested loops; written with *im2col* it is one matrix product: copy
every window the filter visits into one row of a matrix ``cols`` (n * out_h * out_w rows, c * kh * kw
columns), and the convolution is ``cols @ W.reshape(out_c, -1).T``, the same product as a Dense layer.
The backward pass is the Dense layer's backward, followed by *col2im*: adding each row of dL/dcols back onto
the pixels its window covered.

Images are (n, channels, height, width), as in PyTorch and Caffe; filters are (out_c, in_c, kh, kw).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._validate import check_int
from .base import Layer, as_batch, as_generator, check_float_dtype
from .dense import INITS, init_std

__all__ = ["Conv2D", "MaxPool2D", "Flatten", "conv_output_size", "same_padding"]


def _pair(value: Any, name: str) -> tuple[int, int]:
    if isinstance(value, tuple) and len(value) == 2:
        return check_int(value[0], name, minimum=1), check_int(value[1], name, minimum=1)
    size = check_int(value, name, minimum=1)
    return size, size


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TensorFlow's "SAME" padding: the output has ceil(size / stride) positions; returns (before, after).

    pad = max((out - 1) * stride + kernel - size, 0), with the odd pixel going after (as TensorFlow does).
    """
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def conv_output_size(size: int, kernel: int, stride: int, pad_before: int, pad_after: int) -> int:
    """Number of window positions along one axis: floor((size + pads - kernel) / stride) + 1."""
    return (size + pad_before + pad_after - kernel) // stride + 1


def _paddings(padding: Any, h: int, w: int, kh: int, kw: int, stride: int) -> tuple[tuple[int, int], tuple[int, int]]:
    if padding == "same":
        return same_padding(h, kh, stride), same_padding(w, kw, stride)
    if padding == "valid":
        return (0, 0), (0, 0)
    return (padding, padding), (padding, padding)


def _check_padding(padding: Any) -> Any:
    if padding in ("same", "valid"):
        return padding
    if isinstance(padding, str):
        raise ValueError(f"padding must be 'same', 'valid' or a non-negative int, got {padding!r}")
    return check_int(padding, "padding", minimum=0)


def _check_images(x: Any, channels: int | None, layer: str) -> np.ndarray:
    x = as_batch(x, "x")
    if x.ndim != 4 or (channels is not None and x.shape[1] != channels):
        want = f"(n, {channels}, height, width)" if channels is not None else "(n, channels, height, width)"
        hint = " (flat MNIST rows? load_mnist(flatten=False) gives (n, 1, 28, 28))" if x.ndim == 2 else ""
        raise ValueError(f"{layer}: x must have shape {want}, got {x.shape}{hint}")
    return x


def _windows(x_padded: np.ndarray, kh: int, kw: int, stride: int) -> np.ndarray:
    """A view (n, c, out_h, out_w, kh, kw) of every window: no copy until it is reshaped."""
    view = sliding_window_view(x_padded, (kh, kw), axis=(2, 3))
    return view[:, :, ::stride, ::stride]


def _add_windows_back(d_windows: np.ndarray, padded_shape: tuple[int, ...], stride: int) -> np.ndarray:
    """col2im: add d_windows (n, c, out_h, out_w, kh, kw) onto the pixels each window covered."""
    n, c, out_h, out_w, kh, kw = d_windows.shape
    dx = np.zeros(padded_shape, dtype=d_windows.dtype)
    # One vectorized addition per filter offset (kh * kw of them), each over the whole batch at once.
    for i in range(kh):
        for j in range(kw):
            dx[:, :, i:i + stride * out_h:stride, j:j + stride * out_w:stride] += d_windows[:, :, :, :, i, j]
    return dx


class Conv2D(Layer):
    """2-D convolution: y[n, o] = sum over c of (x[n, c] correlated with W[o, c]) + b[o].

    Shapes: x (n, in_channels, h, w), W (out_channels, in_channels, kh, kw), b (out_channels,),
    y (n, out_channels, out_h, out_w) with out = floor((size + padding - kernel) / stride) + 1.

    Computed with im2col: cols = every window as a row, (n * out_h * out_w, in_c * kh * kw); then
    y = cols @ W_mat^T + b with W_mat = W.reshape(out_c, in_c * kh * kw). Backward, with G = dL/dy in the same
    row layout: dL/dW_mat = G^T cols, dL/db = column sums of G, dL/dcols = G W_mat, added back onto the
    pixels (col2im).

    Args:
        in_channels, out_channels: channels of the input and number of filters.
        kernel_size: the filter's size, an int or (kh, kw).
        stride: how far the filter moves between positions.
        padding: zeros added around the image: an int, "valid" (none) or "same" (TensorFlow's: the output
            has ceil(size / stride) positions).
        init, std, seed, dtype: as for ``Dense``, with fan_in = in_channels * kh * kw.
    """

    param_names = ("W", "b")

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: int = 1,
                 padding: Any = 0, init: str = "he", std: float = 0.01, seed: Any = None,
                 dtype: Any = np.float32) -> None:
        super().__init__()
        self.in_channels = check_int(in_channels, "in_channels", minimum=1)
        self.out_channels = check_int(out_channels, "out_channels", minimum=1)
        self.kernel_size = _pair(kernel_size, "kernel_size")
        self.stride = check_int(stride, "stride", minimum=1)
        self.padding = _check_padding(padding)
        kh, kw = self.kernel_size
        fan_in = self.in_channels * kh * kw
        if init not in INITS:
            raise ValueError(f"init must be one of {INITS}, got {init!r}")
        scale = init_std(init, fan_in, self.out_channels * kh * kw, std)
        dtype = check_float_dtype(dtype)
        rng = as_generator(seed)
        W = (rng.standard_normal((self.out_channels, self.in_channels, kh, kw)) * scale).astype(dtype)
        self.params = [W, np.zeros(self.out_channels, dtype=dtype)]
        self.grads = [np.zeros_like(p) for p in self.params]

    @property
    def W(self) -> np.ndarray:
        return self.params[0]

    @property
    def b(self) -> np.ndarray:
        return self.params[1]

    def output_shape(self, height: int, width: int) -> tuple[int, int, int]:
        """(out_channels, out_h, out_w) for an input image of the given size."""
        kh, kw = self.kernel_size
        (top, bottom), (left, right) = _paddings(self.padding, height, width, kh, kw, self.stride)
        return (self.out_channels, conv_output_size(height, kh, self.stride, top, bottom),
                conv_output_size(width, kw, self.stride, left, right))

    def forward(self, x: np.ndarray) -> np.ndarray:
        """y = conv(x, W) + b for a batch of images x (n, in_channels, h, w)."""
        x = _check_images(x, self.in_channels, "Conv2D").astype(self.W.dtype, copy=False)
        n, c, h, w = x.shape
        kh, kw = self.kernel_size
        if h < kh or w < kw:
            if self.padding != "same":
                raise ValueError(f"Conv2D: the image ({h}x{w}) is smaller than the filter ({kh}x{kw})")
        pads = _paddings(self.padding, h, w, kh, kw, self.stride)
        x_padded = np.pad(x, ((0, 0), (0, 0), *pads)) if any(sum(p) for p in pads) else x
        windows = _windows(x_padded, kh, kw, self.stride)            # (n, c, oh, ow, kh, kw), a view
        _, _, out_h, out_w, _, _ = windows.shape
        # im2col: one row per output position, one column per (channel, filter row, filter column).
        self.cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * out_h * out_w, c * kh * kw)
        y = self.cols @ self.W.reshape(self.out_channels, -1).T + self.b
        y = y.reshape(n, out_h, out_w, self.out_channels).transpose(0, 3, 1, 2)
        self._padded_shape, self._pads = x_padded.shape, pads
        self._out_shape = y.shape
        return y

    def backward(self, grad_y: np.ndarray, input_grad: bool = True) -> np.ndarray | None:
        """Fill dL/dW, dL/db; return dL/dx (the padding's share is dropped).

        ``input_grad=False`` skips dL/dx (the G W_mat product and col2im) and returns None: the first layer
        of a network receives data, whose gradient nobody uses (see ``Sequential.backward``).
        """
        g = self._check_grad(grad_y)
        n, out_c, out_h, out_w = g.shape
        rows = g.transpose(0, 2, 3, 1).reshape(-1, out_c)             # G, in the layout of cols
        self.grads[0][...] = (rows.T @ self.cols).reshape(self.W.shape)
        self.grads[1][...] = rows.sum(axis=0)
        if not input_grad:
            return None
        d_cols = rows @ self.W.reshape(out_c, -1)                     # dL/dcols
        kh, kw = self.kernel_size
        d_windows = d_cols.reshape(n, out_h, out_w, self.in_channels, kh, kw).transpose(0, 3, 1, 2, 4, 5)
        dx = _add_windows_back(d_windows, self._padded_shape, self.stride)
        (top, bottom), (left, right) = self._pads
        return dx[:, :, top:dx.shape[2] - bottom, left:dx.shape[3] - right]

    def __repr__(self) -> str:
        kh, kw = self.kernel_size
        return (f"Conv2D({self.in_channels}, {self.out_channels}, kernel_size=({kh}, {kw}), "
                f"stride={self.stride}, padding={self.padding!r})")


class MaxPool2D(Layer):
    """Max-pooling: each output is the largest value in its window, per channel.

    y[n, c, i, j] = max of x[n, c, i*s : i*s + k, j*s : j*s + k]. Backward sends each output's gradient to
    the one input that was the maximum (the first one, when several tie, as PyTorch does); the others get 0.

    Args:
        pool_size: the window, an int or (kh, kw).
        stride: the step between windows (default: the window size, so windows do not overlap).
        padding: "valid" (default) or "same" (TensorFlow's; the padding never wins the max).
    """

    def __init__(self, pool_size: Any = 2, stride: int | None = None, padding: str = "valid") -> None:
        super().__init__()
        self.pool_size = _pair(pool_size, "pool_size")
        self.stride = self.pool_size[0] if stride is None else check_int(stride, "stride", minimum=1)
        if padding not in ("valid", "same"):
            raise ValueError(f"padding must be 'valid' or 'same', got {padding!r}")
        self.padding = padding

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = _check_images(x, None, "MaxPool2D")
        kh, kw = self.pool_size
        n, c, h, w = x.shape
        pads = _paddings(self.padding, h, w, kh, kw, self.stride)
        if h + sum(pads[0]) < kh or w + sum(pads[1]) < kw:
            raise ValueError(f"MaxPool2D: the image ({h}x{w}) is smaller than the window ({kh}x{kw})")
        x_padded = np.pad(x, ((0, 0), (0, 0), *pads), constant_values=-np.inf) if any(sum(p) for p in pads) else x
        windows = _windows(x_padded, kh, kw, self.stride)
        flat = windows.reshape(*windows.shape[:4], kh * kw)
        self.argmax = flat.argmax(axis=-1)                             # which input won, per output
        y = np.take_along_axis(flat, self.argmax[..., None], axis=-1)[..., 0]
        self._padded_shape, self._pads = x_padded.shape, pads
        self._out_shape = y.shape
        return y

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        g = self._check_grad(grad_y)
        kh, kw = self.pool_size
        n, c, out_h, out_w = g.shape
        if self.stride == kh == kw and self._padded_shape == (n, c, out_h * kh, out_w * kw):
            # Windows that tile the image without overlap (LeNet's 2x2, stride 2): each input pixel is in one
            # window, so pixel (i, j) of every window gets g where it won and 0 elsewhere, written straight into
            # place; kh * kw vectorized steps, no one-hot array and no col2im additions.
            dx = np.empty((n, c, out_h, kh, out_w, kw), dtype=g.dtype)
            zero = np.zeros((), dtype=g.dtype)
            for k in range(kh * kw):
                i, j = divmod(k, kw)
                dx[:, :, :, i, :, j] = np.where(self.argmax == k, g, zero)
            dx = dx.reshape(self._padded_shape)
        else:
            winners = self.argmax[..., None] == np.arange(kh * kw)     # one-hot of the winner, per window
            d_windows = (winners * g[..., None]).reshape(*g.shape, kh, kw)
            dx = _add_windows_back(d_windows.astype(g.dtype, copy=False), self._padded_shape, self.stride)
        (top, bottom), (left, right) = self._pads
        return dx[:, :, top:dx.shape[2] - bottom, left:dx.shape[3] - right]

    def __repr__(self) -> str:
        return f"MaxPool2D(pool_size={self.pool_size}, stride={self.stride}, padding={self.padding!r})"


class Flatten(Layer):
    """(n, c, h, w) -> (n, c * h * w), so that Dense layers can follow convolutions; backward reshapes back."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        x = as_batch(x, "x")
        self._in_shape = x.shape
        y = x.reshape(x.shape[0], -1)
        self._out_shape = y.shape
        return y

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        return self._check_grad(grad_y).reshape(self._in_shape)
