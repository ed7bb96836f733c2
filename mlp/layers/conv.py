"""Convolution, max-pooling and flattening: the layers of a LeNet-style network, for images (n, c, h, w).

A convolution slides a small filter over the image and takes, at each position, the weighted sum of the pixels
under it. Written as loops that is six nested loops; written with *im2col* it is one matrix product: copy
every window the filter visits into one column of a matrix ``cols`` (c * kh * kw rows, one column per output
position), and the convolution is ``W.reshape(out_c, -1) @ cols``, the same product as a Dense layer.
The backward pass is the Dense layer's backward, followed by *col2im*: adding each column of dL/dcols back
onto the pixels its window covered.

Images are (n, channels, height, width), as in PyTorch and Caffe; filters are (out_c, in_c, kh, kw).
Inside ``Conv2D`` the batch is moved last, (c, h, w, n): then a window's pixels for the whole batch lie next to
each other in memory, so the im2col copy and the col2im additions move long contiguous runs (n * out_w
numbers) instead of a few pixels at a time. Same sums, about three times faster for LeNet.
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


def _add_windows_back(d_windows: np.ndarray, dx: np.ndarray, stride: int, axes: tuple[int, int]) -> np.ndarray:
    """col2im: add each window's gradient onto the pixels it covered; returns dx.

    d_windows is (kh, kw, ...) where ``...`` has dx's shape but (out_h, out_w) along ``axes``, the (height,
    width) axes of dx: d_windows[i, j] is the gradient of the pixel at offset (i, j) of every window.
    """
    kh, kw = d_windows.shape[:2]
    out_h, out_w = d_windows.shape[2 + axes[0]], d_windows.shape[2 + axes[1]]
    index = [slice(None)] * dx.ndim
    # One vectorized addition per filter offset (kh * kw of them), each over the whole batch at once.
    for i in range(kh):
        for j in range(kw):
            index[axes[0]] = slice(i, i + stride * out_h, stride)
            index[axes[1]] = slice(j, j + stride * out_w, stride)
            dx[tuple(index)] += d_windows[i, j]
    return dx


def _tiled_max(x_t: np.ndarray, kh: int, kw: int) -> tuple[np.ndarray, np.ndarray]:
    """Max and argmax (0 .. kh*kw - 1 <= 255, first wins) of windows that tile x without overlap (stride = size).

    x_t is batch-last, (c, h, w, n), as ``Conv2D`` keeps it; so are the results, (c, out_h, out_w, n).
    The same numbers as ``np.argmax`` over each window, found with whole-batch operations, kh * kw of each,
    instead of one tiny argmax per window (which NumPy runs slowly: four numbers per call in LeNet).
    """
    c, h, w, n = x_t.shape
    out_h, out_w = h // kh, w // kw
    # Pixel (i, j) of every window, as strided views: no copy.
    offsets = [x_t[:, i:out_h * kh:kh, j:out_w * kw:kw] for i in range(kh) for j in range(kw)]
    best = offsets[0].copy()
    for value in offsets[1:]:
        np.maximum(value, best, out=best)   # on a tie (0.0 and -0.0) NumPy returns the second: the earlier one
    # The winner is the first offset equal to the max. uint8 and bool arrays keep these passes cheap.
    argmax = np.zeros(best.shape, dtype=np.uint8)
    found = offsets[0] == best
    for k, value in enumerate(offsets[1:], start=1):
        hit = value == best
        hit &= ~found
        found |= hit
        argmax += hit.view(np.uint8) * np.uint8(k)
    if not found.all():
        # Only a NaN is equal to nothing; np.argmax makes the first NaN the winner, so ask it.
        windows = sliding_window_view(x_t, (kh, kw), axis=(1, 2))[:, ::kh, ::kw]   # (c, oh, ow, n, kh, kw)
        argmax = windows.reshape(c, out_h, out_w, n, kh * kw).argmax(axis=-1)
    return best, argmax


class Conv2D(Layer):
    """2-D convolution: y[n, o] = sum over c of (x[n, c] correlated with W[o, c]) + b[o].

    Shapes: x (n, in_channels, h, w), W (out_channels, in_channels, kh, kw), b (out_channels,),
    y (n, out_channels, out_h, out_w) with out = floor((size + padding - kernel) / stride) + 1.

    Computed with im2col: cols = every window as a column, (in_c * kh * kw, out_h * out_w * n); then
    Y = W_mat cols + b with W_mat = W.reshape(out_c, in_c * kh * kw), one column of Y per output position.
    Backward, with G = dL/dY in the same column layout: dL/dW_mat = G cols^T, dL/db = row sums of G,
    dL/dcols = W_mat^T G, added back onto the pixels (col2im).

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
        (top, bottom), (left, right) = pads = _paddings(self.padding, h, w, kh, kw, self.stride)
        # The padded image with the batch last, (c, h, w, n): one copy, none if x came from a Conv2D or MaxPool2D.
        if top == bottom == left == right == 0:
            x_t = np.ascontiguousarray(x.transpose(1, 2, 3, 0))
        else:
            x_t = np.zeros((c, top + h + bottom, left + w + right, n), dtype=x.dtype)
            x_t[:, top:top + h, left:left + w] = x.transpose(1, 2, 3, 0)
        windows = sliding_window_view(x_t, (kh, kw), axis=(1, 2))[:, ::self.stride, ::self.stride]
        _, out_h, out_w, _, _, _ = windows.shape                      # (c, oh, ow, n, kh, kw), a view
        # im2col: one row per (channel, filter row, filter column), one column per (out row, out column, image).
        self.cols = windows.transpose(0, 4, 5, 1, 2, 3).reshape(c * kh * kw, out_h * out_w * n)
        y = self.W.reshape(self.out_channels, -1) @ self.cols
        y += self.b[:, None]
        self._padded_shape, self._pads = x_t.shape, pads
        self._out_shape = (n, self.out_channels, out_h, out_w)
        return y.reshape(self.out_channels, out_h, out_w, n).transpose(3, 0, 1, 2)

    def backward(  # type: ignore[override]  # None only when asked: input_grad=False
        self, grad_y: np.ndarray, input_grad: bool = True
    ) -> np.ndarray | None:
        """Fill dL/dW, dL/db; return dL/dx (the padding's share is dropped).

        ``input_grad=False`` skips dL/dx (the W_mat^T G product and col2im) and returns None: the first layer
        of a network receives data, whose gradient nobody uses (see ``Sequential.backward``).
        """
        g = self._check_grad(grad_y)
        n, out_c, out_h, out_w = g.shape
        columns = g.transpose(1, 2, 3, 0).reshape(out_c, -1)           # G, in the layout of cols
        self.grads[0][...] = (columns @ self.cols.T).reshape(self.W.shape)
        self.grads[1][...] = columns.sum(axis=1)
        if not input_grad:
            return None
        kh, kw = self.kernel_size
        d_cols = self.W.reshape(out_c, -1).T @ columns                  # dL/dcols
        d_windows = d_cols.reshape(self.in_channels, kh, kw, out_h, out_w, n).transpose(1, 2, 0, 3, 4, 5)
        dx_t = _add_windows_back(d_windows, np.zeros(self._padded_shape, g.dtype), self.stride, axes=(1, 2))
        (top, bottom), (left, right) = self._pads
        return dx_t[:, top:dx_t.shape[1] - bottom, left:dx_t.shape[2] - right].transpose(3, 0, 1, 2)

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
        if self.stride == kh == kw and kh * kw <= 256:
            # Windows that tile the image (LeNet's 2x2, stride 2), batch last as Conv2D keeps it (free when x
            # came from a Conv2D); y and argmax are (n, c, out_h, out_w) views of batch-last arrays.
            y_t, argmax_t = _tiled_max(np.ascontiguousarray(x_padded.transpose(1, 2, 3, 0)), kh, kw)
            y, self.argmax = y_t.transpose(3, 0, 1, 2), argmax_t.transpose(3, 0, 1, 2)
        else:
            windows = _windows(x_padded, kh, kw, self.stride)
            flat = windows.reshape(*windows.shape[:4], kh * kw)
            self.argmax = flat.argmax(axis=-1)                         # which input won, per output
            y = np.take_along_axis(flat, self.argmax[..., None], axis=-1)[..., 0]
        self._padded_shape, self._pads = x_padded.shape, pads
        self._out_shape = y.shape
        return y

    def backward(self, grad_y: np.ndarray) -> np.ndarray:
        g = self._check_grad(grad_y)
        kh, kw = self.pool_size
        n, c, out_h, out_w = g.shape
        if self.stride == kh == kw and self._padded_shape == (n, c, out_h * kh, out_w * kw):
            # Windows that tile the image without overlap: each input pixel is in one window, so pixel (i, j) of
            # every window gets g where it won and 0 elsewhere, written straight into place; kh * kw vectorized
            # steps, no one-hot array and no col2im additions. Batch last, as in forward.
            g_t, argmax_t = np.ascontiguousarray(g.transpose(1, 2, 3, 0)), self.argmax.transpose(1, 2, 3, 0)
            dx_t = np.empty((c, out_h, kh, out_w, kw, n), dtype=g.dtype)
            zero = np.zeros((), dtype=g.dtype)
            for k in range(kh * kw):
                i, j = divmod(k, kw)
                dx_t[:, :, i, :, j] = np.where(argmax_t == k, g_t, zero)
            dx = dx_t.reshape(c, out_h * kh, out_w * kw, n).transpose(3, 0, 1, 2)
        else:
            winners = self.argmax[..., None] == np.arange(kh * kw)     # one-hot of the winner, per window
            d_windows = (winners * g[..., None]).astype(g.dtype, copy=False).reshape(*g.shape, kh, kw)
            dx = _add_windows_back(d_windows.transpose(4, 5, 0, 1, 2, 3), np.zeros(self._padded_shape, g.dtype),
                                   self.stride, axes=(2, 3))
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
