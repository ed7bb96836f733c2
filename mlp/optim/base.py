"""The `Optimizer` base class: what every update rule shares.

An optimizer turns gradients into parameter changes. All of them follow the same loop, written once here:

    for each parameter p with gradient g (paired by position in two lists):
        g <- g + weight_decay * p          (L2 regularisation, as in PyTorch; skipped when weight_decay = 0)
        update p in place from g and the optimizer's own memory ("state") for that position

and each subclass only writes its update rule, ``_update``. The rules follow PyTorch's ``torch.optim`` exactly
(same equations, same defaults, same order of operations), so a student can check any number against it.

A few things here are about speed, not about the maths, because the library is benchmarked against PyTorch:

- The state (velocity, running averages...) is allocated once, on the first ``step``, with the parameter's
  shape and dtype, and afterwards only updated in place. So a float32 model stays float32.
- Temporaries go into a scratch buffer allocated once, so a step allocates no new arrays. That is why the
  update rules are written as ``np.multiply(g, lr, out=tmp); p -= tmp`` rather than ``p -= lr * g``; the
  readable equation is always in the comment above.
- When the parameters lie back to back in one array, as an ``MLP``'s do (and their gradients in another),
  the rule runs once on the whole run instead of once per array. Every rule is element-wise, so the numbers
  are exactly the same; only the number of NumPy calls drops (for 784-10-10-10-10 from 8 per operation to 1).

NaN in the gradients is *not* checked here: looking at every number on every step would cost as much as the
update itself. A NaN gradient makes the parameters NaN, the next loss is NaN, and ``mlp.fit`` reports the
divergence. Shapes, lengths and types, which are cheap to check, are checked on every step.
"""

from __future__ import annotations

import operator
from typing import Any, Sequence

import numpy as np

from .._validate import check_nonnegative, check_positive

__all__ = ["Optimizer"]


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"[:120]


class Optimizer:
    """Base class: ``opt.step(params, grads)`` updates every array of ``params`` in place.

    Every optimizer first adds L2 weight decay to the gradient, as PyTorch does,

        g <- g + weight_decay * p,

    (the caller's gradient arrays are left untouched), then applies its own rule.

    Args:
        lr: the learning rate, > 0. It may be changed between steps (``opt.lr = 0.001``); learning-rate
            schedules do exactly that. The other settings are fixed once built: to change
            them, build a new optimizer.
        weight_decay: the L2 coefficient, >= 0 (0 = off).

    Attributes:
        lr: the current learning rate.
        weight_decay: the L2 coefficient.
        t: the number of steps taken so far (0 before the first step; Adam's bias correction uses it).
        state: one dict of NumPy arrays per parameter, by position, e.g. ``adam.state[0]["m"]``; empty until
            the first step. Its size is what ``memory_bytes()`` reports.
    """

    #: How many scratch arrays ``_update`` needs for its temporaries (each the size of the largest parameter).
    n_scratch: int = 1

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        self.lr = lr
        self.weight_decay = check_nonnegative(weight_decay, "weight_decay")
        self.reset()

    # ----------------------------------------------------------------------------------------------- learning rate
    @property
    def lr(self) -> float:
        """The learning rate, a positive number; setting it is checked too."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = check_positive(value, "lr")

    # -------------------------------------------------------------------------------------------------------- step
    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update each array of ``params`` in place from the matching array of ``grads``.

        Args:
            params: the live parameter arrays, e.g. ``model.parameters()`` (a list or tuple of floating
                NumPy arrays). They are modified in place: same objects, same dtype.
            grads: dLoss/dparam for each entry of ``params``, same order and shapes (``model.gradients()``).
                They are read, never modified.

        Raises:
            TypeError: if ``params``/``grads`` are not lists of floating-point arrays.
            ValueError: if the lists differ in length, shapes do not match, a parameter is read-only, or the
                number, shapes or dtypes of the parameters differ from the first step (call ``reset()`` to use
                the optimizer on another model).
        """
        self._check(params, grads)
        if self._layout is None:
            self._allocate(params)
        self.t += 1
        for piece in self._pieces(params, grads):
            self._apply(*piece)

    def _apply(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray],
        workspace: tuple[np.ndarray, list[np.ndarray]],
    ) -> None:
        """Weight decay, then this optimizer's rule, for one parameter (or one run of them)."""
        decayed, scratch = workspace
        if self.weight_decay != 0.0:
            # g <- g + weight_decay * p, into a scratch array so the caller's grads stay as they were
            np.multiply(param, self.weight_decay, out=decayed)
            decayed += grad
            grad = decayed
        self._update(param, grad, state, scratch)

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, np.ndarray], scratch: list[np.ndarray]
    ) -> None:
        """Apply this optimizer's rule to one parameter, in place.

        ``grad`` already includes weight decay; ``state`` is this parameter's memory (from ``_init_state``);
        ``scratch`` holds ``n_scratch`` arrays of the parameter's shape and dtype whose contents are garbage.
        """
        raise NotImplementedError

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        """The memory kept for one parameter, created on the first step (none by default)."""
        return {}

    # ---------------------------------------------------------------------------------------------- bookkeeping
    def reset(self) -> None:
        """Forget all state (velocities, running averages) and set the step counter ``t`` back to 0.

        The next ``step`` starts afresh and may be given parameters of other shapes.
        """
        self.t = 0
        self.state: list[dict[str, np.ndarray]] = []
        self._layout: list[tuple[tuple[int, ...], np.dtype]] | None = None
        self._workspace: list[tuple[np.ndarray, list[np.ndarray]]] = []
        # For parameters lying back to back (see _pieces): the state and scratch of all of them as flat arrays,
        # the param/grad lists last seen, and the flat runs they cover (None: not back to back).
        self._flat: tuple[dict[str, np.ndarray], tuple[np.ndarray, list[np.ndarray]]] | None = None
        self._seen: tuple[list[np.ndarray], list[np.ndarray]] | None = None
        self._whole: list[Piece] | None = None

    def memory_bytes(self) -> int:
        """Bytes of state kept between steps: 0 for SGD, one parameter-sized array for Momentum, two for Adam.

        Scratch space for temporaries is not counted: it is not part of the algorithm, holds nothing between
        steps, and is shared by all parameters (``n_scratch + 1`` arrays the size of the largest one).
        Returns 0 before the first step, when no state exists yet.
        """
        return sum(buffer.nbytes for state in self.state for buffer in state.values())

    def hyperparameters(self) -> dict[str, Any]:
        """The optimizer's settings, as keyword arguments that would rebuild it (used by ``repr``)."""
        return {"lr": self.lr, "weight_decay": self.weight_decay}

    def __repr__(self) -> str:
        settings = ", ".join(f"{name}={value!r}" for name, value in self.hyperparameters().items())
        return f"{type(self).__name__}({settings})"

    # ------------------------------------------------------------------------------------------------ internals
    def _check(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        for value, name in ((params, "params"), (grads, "grads")):
            if not isinstance(value, (list, tuple)):
                raise TypeError(
                    f"{name} must be a list of NumPy arrays (for one array W write [W]), got {_describe(value)}"
                )
        if len(params) == 0:
            raise ValueError("params is empty; expected a list of at least one parameter array")
        if len(params) != len(grads):
            raise ValueError(
                f"params has {len(params)} arrays but grads has {len(grads)}; they must pair up one to one"
            )
        layout = self._layout
        if layout is not None and len(params) != len(layout):
            raise ValueError(
                f"params has {len(params)} arrays but this optimizer's first step had {len(layout)}; "
                "call reset() (or make a new optimizer) to train a different model"
            )
        for i, (param, grad) in enumerate(zip(params, grads)):
            if not isinstance(param, np.ndarray) or param.dtype.kind != "f":
                raise TypeError(f"params[{i}] must be a floating-point NumPy array, got {_describe(param)}")
            if not isinstance(grad, np.ndarray) or grad.dtype.kind != "f":
                raise TypeError(f"grads[{i}] must be a floating-point NumPy array, got {_describe(grad)}")
            if grad.shape != param.shape:
                raise ValueError(
                    f"grads[{i}] has shape {grad.shape} but params[{i}] has shape {param.shape}; they must match"
                )
            if not param.flags.writeable:
                raise ValueError(f"params[{i}] is read-only, but the optimizer must update it in place")
            if layout is not None and (param.shape, param.dtype) != layout[i]:
                shape, dtype = layout[i]
                raise ValueError(
                    f"params[{i}] has shape {param.shape} and dtype {param.dtype}, but on this optimizer's first "
                    f"step it had shape {shape} and dtype {dtype}; call reset() to train a different model"
                )

    def _allocate(self, params: Sequence[np.ndarray]) -> None:
        """Create the state for every parameter, and scratch space, once; no step allocates after this."""
        self._layout = [(param.shape, param.dtype) for param in params]
        if len({param.dtype for param in params}) > 1:
            # Mixed dtypes: state per parameter, and one scratch array per dtype and purpose as long as the
            # largest parameter of that dtype (each parameter gets reshaped views of its first elements).
            self.state = [self._init_state(param) for param in params]
            largest: dict[np.dtype, int] = {}
            for param in params:
                largest[param.dtype] = max(largest.get(param.dtype, 0), param.size)
            flats = {dtype: [np.empty(size, dtype) for _ in range(self.n_scratch + 1)]
                     for dtype, size in largest.items()}
            self._workspace = []
            for param in params:
                views = [flat[: param.size].reshape(param.shape) for flat in flats[param.dtype]]
                self._workspace.append((views[0], views[1:]))
            return
        # One dtype (the usual case): each state buffer and each scratch array is one flat array for all the
        # parameters, and parameter i gets views of its own slice. _pieces uses the flat arrays whole when the
        # parameters are back to back in memory, and the per-parameter views otherwise.
        total = sum(param.size for param in params)
        flat_state = self._init_state(np.empty(total, params[0].dtype))
        flat_scratch = [np.empty(total, params[0].dtype) for _ in range(self.n_scratch + 1)]
        self._flat = (flat_state, (flat_scratch[0], flat_scratch[1:]))
        self.state, self._workspace, start = [], [], 0
        for param in params:
            end = start + param.size
            self.state.append({name: buffer[start:end].reshape(param.shape) for name, buffer in flat_state.items()})
            views = [flat[start:end].reshape(param.shape) for flat in flat_scratch]
            self._workspace.append((views[0], views[1:]))
            start = end

    def _pieces(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> list[Piece]:
        """What to update, as (param, grad, state, workspace) tuples.

        If the parameters lie back to back in memory and so do the gradients (an MLP's do, see
        ``mlp.network``), the whole run is one piece. Otherwise each parameter is its own piece.
        """
        if self._flat is not None:
            seen = self._seen
            if seen is None or not (all(map(operator.is_, params, seen[0])) and all(map(operator.is_, grads, seen[1]))):
                # New arrays (the first step, or another model): are they back to back?
                self._seen = (list(params), list(grads))
                param_run, grad_run = _run(params), _run(grads)
                self._whole = None
                if param_run is not None and grad_run is not None:
                    self._whole = [(param_run, grad_run, *self._flat)]
            if self._whole is not None:
                return self._whole
        return list(zip(params, grads, self.state, self._workspace))


#: (param, grad, state, (decayed, scratch)): what ``_apply`` updates in one call.
Piece = tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], tuple[np.ndarray, list[np.ndarray]]]


def _address(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


def _run(arrays: Sequence[np.ndarray]) -> np.ndarray | None:
    """The 1-D array that ``arrays`` fill in order, back to back, as views of one buffer; None if they don't."""
    base = arrays[0].base
    if base is None or base.ndim != 1 or not base.flags.c_contiguous:
        return None
    start = end = _address(arrays[0]) - _address(base)
    for array in arrays:
        if array.base is not base or array.dtype != base.dtype or not array.flags.c_contiguous:
            return None
        if _address(array) != _address(base) + end:
            return None
        end += array.nbytes
    return base[start // base.itemsize : end // base.itemsize]
