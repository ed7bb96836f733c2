"""Rosenblatt's perceptron (1958): a weighted sum, a threshold, and a learning rule that needs no derivatives.

    output   y = 1 if w . x + b > 0 else 0        (b = -threshold)
    rule     w <- w + lr (t - y) x,   b <- b + lr (t - y)

A right answer (t = y) changes nothing; a missed 1 adds the input to the weights, a false 1 subtracts it.
If one straight line can separate the two classes, the rule stops making mistakes after finitely many
updates (the perceptron convergence theorem); for XOR no line exists, and it never stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import as_float_array, as_label_array, check_choice, check_int, check_positive, check_same_length
from .layers.base import as_generator, check_float_dtype

__all__ = ["Perceptron", "PerceptronStep"]


@dataclass(frozen=True)
class PerceptronStep:
    """One sample shown to the perceptron during ``fit``: what it saw, what it said, and the weights after.

    Attributes:
        epoch: the pass over the data, counted from 1.
        index: the row of ``x`` that was shown.
        x: that sample; target: its label t; output: the perceptron's answer y before the update.
        w, b: the weights and bias after applying the rule (unchanged when t == y).
    """

    epoch: int
    index: int
    x: np.ndarray
    target: int
    output: int
    w: np.ndarray
    b: np.floating

    @property
    def error(self) -> int:
        """t - y: +1 (should have fired), -1 (should not have), 0 (right, no update)."""
        return self.target - self.output


class Perceptron:
    """A single threshold unit trained with Rosenblatt's rule.

    Args:
        n_inputs: number of inputs.
        lr: learning rate, the size of each correction (with 0/1 inputs, lr = 1 keeps weights whole numbers).
        init: "zeros" (start from w = 0, b = 0, easy to trace by hand) or "random" (small normal weights).
        seed: None, an int or a ``np.random.Generator``; used by ``init="random"`` and ``fit(shuffle=True)``.
        dtype: np.float32 (default) or np.float64.

    After ``fit``: ``converged`` (an epoch passed without a mistake), ``epochs_run``, ``mistakes`` (per
    epoch) and ``history`` (one ``PerceptronStep`` per sample shown, for a step-by-step display).
    """

    def __init__(
        self, n_inputs: int, lr: float = 1.0, init: str = "zeros", seed: Any = 0, dtype: Any = np.float32
    ) -> None:
        self.n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
        self.lr = check_positive(lr, "lr")
        init = check_choice(init, "init", ("zeros", "random"))
        dtype = check_float_dtype(dtype)
        self.rng = as_generator(seed)
        self.w = np.zeros(self.n_inputs, dtype=dtype)
        if init == "random":
            self.w[:] = self.rng.normal(0.0, 0.1, self.n_inputs)
        self.b = dtype.type(0)
        self.converged = False
        self.epochs_run = 0
        self.mistakes: list[int] = []
        self.history: list[PerceptronStep] = []
        self._start = np.append(self.w, self.b)

    def _check_x(self, x: Any) -> np.ndarray:
        x = as_float_array(x, "x", ndim=2, dtype=self.w.dtype)
        if x.shape[1] != self.n_inputs:
            raise ValueError(f"x must have {self.n_inputs} columns (one per input), got shape {x.shape}")
        return x

    def net_input(self, x: Any) -> np.ndarray:
        """The weighted sum w . x + b for each row of ``x`` (n, n_inputs); returns shape (n,)."""
        return self._check_x(x) @ self.w + self.b

    def predict(self, x: Any) -> np.ndarray:
        """1 where w . x + b > 0, else 0 (int64, shape (n,))."""
        return (self.net_input(x) > 0).astype(np.int64)

    def fit(self, x: Any, t: Any, epochs: int = 100, shuffle: bool = False) -> Perceptron:
        """Apply the rule sample by sample, for at most ``epochs`` passes; stop after a pass with no mistake.

        Continues from the current weights; ``history`` and ``mistakes`` describe this call only.
        The loop over samples is the algorithm itself (each update changes the next answer), not an
        inefficiency to vectorise away.

        Args:
            x: inputs, shape (n, n_inputs).
            t: targets 0 or 1, shape (n,).
            epochs: the maximum number of passes over the data.
            shuffle: visit the samples in a new random order each pass (default: in the given order).

        Returns:
            The perceptron itself; read ``converged`` to know whether it separated the data.
        """
        x = self._check_x(x)
        t = as_label_array(t, "t", n_classes=2)
        check_same_length(x, "x", t, "t")
        epochs = check_int(epochs, "epochs", minimum=1)
        self._start = np.append(self.w, self.b)
        self.history, self.mistakes, self.converged = [], [], False
        for epoch in range(1, epochs + 1):
            order = self.rng.permutation(len(x)) if shuffle else range(len(x))
            mistakes = 0
            for i in order:
                output = int(x[i] @ self.w + self.b > 0)
                error = int(t[i]) - output
                if error:
                    self.w += self.lr * error * x[i]
                    self.b += self.lr * error
                    mistakes += 1
                self.history.append(PerceptronStep(epoch, int(i), x[i], int(t[i]), output, self.w.copy(), self.b))
            self.mistakes.append(mistakes)
            self.epochs_run = epoch
            if mistakes == 0:
                self.converged = True
                break
        return self

    def weight_path(self) -> np.ndarray:
        """Rows [w_1, ..., w_n, b]: the weights when the last ``fit`` began, then after each step of ``history``."""
        return np.array([self._start] + [np.append(step.w, step.b) for step in self.history])

    def __repr__(self) -> str:
        return f"Perceptron(w={self.w.tolist()}, b={float(self.b):g})"
