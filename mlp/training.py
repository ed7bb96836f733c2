"""Training: the loop every chapter runs, with its bookkeeping.

One optimizer step (an *iteration*) is

    y_hat = model.forward(x_batch)            forward pass
    L     = loss.forward(y_hat, y_batch)      how wrong, as one number
    model.backward(loss.backward())           dL/dparam for every weight (back-propagation)
    optimizer.step(params, grads)             w <- w - lr * (some function of the gradients)

and :func:`fit` repeats it over shuffled mini-batches, epoch after epoch, while it records the loss of every
iteration and, every so often, evaluates the model on the training and validation data. It also notices the
two classic ways a run goes wrong: the loss exploding (the learning rate is too large; :class:`TrainingDiverged`)
and the validation loss creeping up while the training loss keeps falling (overfitting; :class:`EarlyStopping`).
"""

from __future__ import annotations

import copy
import math
import numbers
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from ._progress import progress_bar
from .network import Sequential
from ._validate import (
    as_float_array,
    as_label_array,
    check_choice,
    check_int,
    check_nonnegative,
    check_same_length,
)

__all__ = [
    "fit",
    "evaluate",
    "accuracy",
    "forward_batched",
    "train_step",
    "History",
    "EarlyStopping",
    "Callback",
    "TrainingDiverged",
]

# Keys of one evaluation record (a row of ``History.evaluations``).
EVALUATION_KEYS = ("iteration", "epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "time")
_MONITORS = ("val_loss", "val_accuracy", "train_loss", "train_accuracy")


# --------------------------------------------------------------------------------------------------------------
# What a training run leaves behind
# --------------------------------------------------------------------------------------------------------------


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite: the weights blew up, almost always because the learning rate is too large.

    Attributes:
        history: the :class:`History` up to and including the bad iteration (its curve shows the explosion).
        iteration: the 1-based number of the optimizer step whose loss was not finite.
        epoch: the 1-based epoch of that step.
        lr: the learning rate in use at that step (None if the optimizer has no ``lr``).
    """

    def __init__(self, message: str, history: History, iteration: int, epoch: int, lr: float | None) -> None:
        super().__init__(message)
        self.history = history
        self.iteration = iteration
        self.epoch = epoch
        self.lr = lr


@dataclass
class History:
    """Everything :func:`fit` measured, in plain lists (so it saves as JSON and plots directly).

    Per iteration (one entry per optimizer step, all the same length):
        iterations: 1, 2, 3, ... (the step number; papers count these),
        epochs: the epoch (1-based) each step belongs to,
        loss: the mini-batch loss L computed in that step's forward pass,
        lr: the learning rate used by that step,
        time: seconds of training so far, measured up to the end of that step (evaluations are excluded, so
            the time per iteration compares optimizers and batch sizes fairly).
    After a divergence the last entry is the step whose loss was NaN/inf (its update was not applied).

    Per evaluation (one dict per evaluation, keys ``EVALUATION_KEYS``): iteration, epoch, train_loss,
    train_accuracy, val_loss, val_accuracy, time. Accuracy is None for regression; ``val_*`` is None without
    validation data. ``metric(key)`` returns one key as an array.

    Attributes also set by :func:`fit`: ``best_iteration``/``best_epoch`` (of the best evaluation for the
    monitored metric), ``stopped_early``, ``diverged``, ``stop_reason`` (one of "epochs", "max_iterations",
    "early_stopping", "diverged", "callback"), ``message`` (why it stopped, in words), ``monitor`` (the metric
    that "best" refers to), ``total_time`` (wall-clock seconds, evaluations included) and ``config`` (the run's
    settings, for saved results).
    """

    iterations: list[int] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    lr: list[float | None] = field(default_factory=list)
    time: list[float] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    best_iteration: int | None = None
    best_epoch: int | None = None
    monitor: str | None = None
    stopped_early: bool = False
    diverged: bool = False
    stop_reason: str | None = None
    message: str = ""
    total_time: float = 0.0
    config: dict[str, Any] = field(default_factory=dict)

    def record_iteration(self, iteration: int, epoch: int, loss: float, lr: float | None, seconds: float) -> None:
        """Append one optimizer step's numbers (``fit`` calls this after every step)."""
        self.iterations.append(iteration)
        self.epochs.append(epoch)
        self.loss.append(loss)
        self.lr.append(lr)
        self.time.append(seconds)

    # -- reading ---------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.iterations)

    def metric(self, key: str) -> np.ndarray:
        """One evaluation key as a float array (None becomes NaN), e.g. ``history.metric("val_accuracy")``.

        ``history.metric("iteration")`` gives the iterations the evaluations happened at (the x axis).
        """
        check_choice(key, "key", EVALUATION_KEYS)
        values = [np.nan if row.get(key) is None else row[key] for row in self.evaluations]
        return np.asarray(values, dtype=np.float64)

    def has(self, key: str) -> bool:
        """True if at least one evaluation recorded a value for ``key`` (e.g. ``"val_accuracy"``)."""
        return any(row.get(key) is not None for row in self.evaluations)

    def final(self) -> dict[str, Any]:
        """The state at the end: the last iteration's loss and lr, merged with the last evaluation (if any)."""
        if not self.iterations:
            return dict(self.evaluations[-1]) if self.evaluations else {}
        result: dict[str, Any] = {
            "iteration": self.iterations[-1],
            "epoch": self.epochs[-1],
            "loss": self.loss[-1],
            "lr": self.lr[-1],
            "time": self.time[-1],
        }
        if self.evaluations:
            result.update({k: v for k, v in self.evaluations[-1].items() if k not in ("iteration", "epoch", "time")})
            result["evaluated_at"] = self.evaluations[-1]["iteration"]
        return result

    def best(self, monitor: str | None = None) -> dict[str, Any]:
        """The evaluation with the best value of ``monitor`` (lowest loss or highest accuracy).

        Args:
            monitor: one of "val_loss", "val_accuracy", "train_loss", "train_accuracy"; by default the one early
                stopping watched, else "val_loss" when there was validation data, else "train_loss".

        Returns:
            A copy of that evaluation's dict; ties go to the earliest.
        """
        if not self.evaluations:
            raise ValueError("this history has no evaluations yet; nothing to pick the best from")
        if monitor is None:
            monitor = self.monitor or ("val_loss" if self.has("val_loss") else "train_loss")
        monitor = check_choice(monitor, "monitor", _MONITORS)
        values = self.metric(monitor)
        if np.all(np.isnan(values)):
            raise ValueError(f"no evaluation recorded {monitor!r} (no validation data, or a regression task?)")
        sign = -1.0 if monitor.endswith("accuracy") else 1.0
        return dict(self.evaluations[int(np.nanargmin(sign * values))])

    # -- saving ----------------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serializable dict (lists, numbers, strings, None; NaN and inf become None).

        ``json.dump(history.to_dict(), f)`` saves it; :meth:`from_dict` reads it back.
        """
        return _jsonable(
            {
                "iterations": self.iterations,
                "epochs": self.epochs,
                "loss": self.loss,
                "lr": self.lr,
                "time": self.time,
                "evaluations": self.evaluations,
                "best_iteration": self.best_iteration,
                "best_epoch": self.best_epoch,
                "monitor": self.monitor,
                "stopped_early": self.stopped_early,
                "diverged": self.diverged,
                "stop_reason": self.stop_reason,
                "message": self.message,
                "total_time": self.total_time,
                "config": self.config,
            }
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> History:
        """Rebuild a History from :meth:`to_dict`'s output (losses saved as None come back as NaN)."""
        if not isinstance(data, dict):
            raise TypeError(f"data must be a dict made by History.to_dict(), got {type(data).__name__}")
        known = {f for f in cls.__dataclass_fields__}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"data has unknown keys {unknown}; expected keys from History.to_dict()")
        kwargs = dict(data)
        if "loss" in kwargs:
            kwargs["loss"] = [math.nan if v is None else float(v) for v in kwargs["loss"]]
        kwargs["evaluations"] = [dict(row) for row in kwargs.get("evaluations", [])]
        return cls(**kwargs)

    # -- showing ---------------------------------------------------------------------------------------------

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Draw the training (and validation) curves; see :func:`mlp.plotting.plot_history`."""
        from .plotting import plot_history

        return plot_history(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        if not self.iterations:
            return "History(empty)"
        parts = [f"{len(self.iterations)} iterations", f"{self.epochs[-1]} epochs", f"last loss {self.loss[-1]:.4g}"]
        if self.evaluations:
            last = self.evaluations[-1]
            for key in ("val_loss", "val_accuracy", "train_accuracy"):
                if last.get(key) is not None:
                    parts.append(f"{key} {last[key]:.4g}")
        if self.stop_reason not in (None, "epochs"):
            parts.append(f"stopped: {self.stop_reason}")
        return f"History({', '.join(parts)})"


def _jsonable(value: Any) -> Any:
    """Plain Python numbers, lists and dicts; NumPy scalars unwrapped; NaN/inf replaced by None (JSON has neither)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(value) else None
    if value is None or isinstance(value, str):
        return value
    return repr(value)


# --------------------------------------------------------------------------------------------------------------
# Early stopping and callbacks
# --------------------------------------------------------------------------------------------------------------


class EarlyStopping:
    """Stop when the monitored metric has not improved for ``patience`` evaluations, and keep the best weights.

    An evaluation *improves* on the best so far when
        loss:      value < best - min_delta
        accuracy:  value > best + min_delta.
    After ``patience`` evaluations in a row without improvement training stops; with ``restore_best`` the model
    gets back the weights it had at the best evaluation (a copy is taken at every improvement).

    Args:
        patience: how many evaluations without improvement to tolerate (>= 1).
        monitor: "val_loss" (default), "val_accuracy", "train_loss" or "train_accuracy".
        min_delta: how much better counts as better (>= 0), to ignore noise-sized gains.
        restore_best: put the best weights back into the model when training ends.
    """

    def __init__(
        self, patience: int = 5, monitor: str = "val_loss", min_delta: float = 0.0, restore_best: bool = True
    ) -> None:
        self.patience = check_int(patience, "patience", minimum=1)
        self.monitor = check_choice(monitor, "monitor", _MONITORS)
        self.min_delta = check_nonnegative(min_delta, "min_delta")
        if not isinstance(restore_best, bool):
            raise TypeError(f"restore_best must be True or False, got {restore_best!r}")
        self.restore_best = restore_best
        self.reset()

    @property
    def mode(self) -> str:
        """The direction of improvement: "min" for losses, "max" for accuracies."""
        return "max" if self.monitor.endswith("accuracy") else "min"

    def reset(self) -> None:
        """Forget the previous run (``fit`` calls this at its start)."""
        self.best_value: float | None = None
        self.best_iteration: int | None = None
        self.best_epoch: int | None = None
        self.bad_evaluations = 0
        self.best_weights: Any = None

    def improved(self, value: float) -> bool:
        """True if ``value`` beats the best so far by more than ``min_delta``."""
        if not math.isfinite(value):
            return False
        if self.best_value is None:
            return True
        if self.mode == "min":
            return value < self.best_value - self.min_delta
        return value > self.best_value + self.min_delta

    def update(self, value: float, iteration: int, epoch: int, model: Any) -> bool:
        """Record one evaluation's value; return True when training should stop."""
        if self.improved(value):
            self.best_value, self.best_iteration, self.best_epoch = value, iteration, epoch
            self.bad_evaluations = 0
            if self.restore_best:
                self.best_weights = snapshot(model)
            return False
        self.bad_evaluations += 1
        return self.bad_evaluations >= self.patience

    def restore(self, model: Any) -> None:
        """Load the best weights seen into ``model`` (if they were kept)."""
        if self.restore_best and self.best_weights is not None:
            load_snapshot(model, self.best_weights)

    def __repr__(self) -> str:
        return (
            f"EarlyStopping(patience={self.patience}, monitor={self.monitor!r}, min_delta={self.min_delta}, "
            f"restore_best={self.restore_best})"
        )


def snapshot(model: Any) -> Any:
    """A deep copy of the model's weights: ``model.state()`` if it has one, else copies of ``parameters()``."""
    state = getattr(model, "state", None)
    if callable(state) and callable(getattr(model, "load_state", None)):
        return ("state", copy.deepcopy(state()))
    return ("parameters", [np.array(p, copy=True) for p in model.parameters()])


def load_snapshot(model: Any, saved: Any) -> None:
    """Put weights saved by :func:`snapshot` back into ``model`` (in place, so optimizers keep working)."""
    kind, content = saved
    if kind == "state":
        model.load_state(copy.deepcopy(content))
        return
    for live, kept in zip(model.parameters(), content):
        live[...] = kept


class Callback:
    """Hooks into :func:`fit`; override the ones you need. Returning True from a hook stops training.

    A plain function ``f(history, model)`` passed in ``callbacks`` is treated as ``on_evaluation``.
    """

    def on_iteration(self, history: History, model: Any) -> bool | None:
        """After every optimizer step (``history.loss[-1]`` is its loss)."""
        return None

    def on_evaluation(self, history: History, model: Any) -> bool | None:
        """After every evaluation (``history.evaluations[-1]`` is the new record)."""
        return None

    def on_train_end(self, history: History, model: Any) -> None:
        """Once, when training ends for any reason but an exception."""
        return None


class _FunctionCallback(Callback):
    def __init__(self, function: Callable[[History, Any], bool | None]) -> None:
        self.function = function

    def on_evaluation(self, history: History, model: Any) -> bool | None:
        return self.function(history, model)


def _as_callbacks(callbacks: Any) -> list[Callback]:
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback) or callable(callbacks):
        callbacks = [callbacks]
    result: list[Callback] = []
    for i, item in enumerate(callbacks):
        if isinstance(item, Callback):
            result.append(item)
        elif callable(item):
            result.append(_FunctionCallback(item))
        else:
            raise TypeError(f"callbacks[{i}] must be a Callback or a function f(history, model), got {item!r}")
    return result


# --------------------------------------------------------------------------------------------------------------
# Checking what comes in
# --------------------------------------------------------------------------------------------------------------


def _check_has(obj: Any, name: str, methods: Sequence[str], example: str) -> None:
    missing = [m for m in methods if not callable(getattr(obj, m, None))]
    if missing:
        raise TypeError(
            f"{name} must have the method(s) {', '.join(methods)} (like {example}); "
            f"{type(obj).__name__} lacks {', '.join(missing)}"
        )


def _as_inputs(x: Any, name: str) -> np.ndarray:
    """Rows of inputs, at least 2-D (n, features) or images (n, channels, height, width); float32 unless float64."""
    keep64 = getattr(x, "dtype", None) == np.float64  # an explicit float64 array stays float64 (gradient checks)
    return as_float_array(x, name, ndim=(2, 3, 4), dtype=np.float64 if keep64 else np.float32)


def _set_mode(model: Any, training: bool) -> None:
    method = getattr(model, "train" if training else "eval", None)
    if callable(method):
        method()


def _was_training(model: Any) -> bool | None:
    mode = getattr(model, "training", None)
    return mode if isinstance(mode, bool) else None


def forward_batched(model: Any, x: np.ndarray, batch_size: int = 1024) -> np.ndarray:
    """The model's outputs for all rows of ``x``, in evaluation mode, ``batch_size`` rows at a time.

    Batching keeps memory flat (a 60000-row forward pass would otherwise hold every hidden activation at once).
    The model's train/eval mode is restored afterwards.

    Args:
        model: anything with ``forward(x)`` (and optionally ``eval()``/``train()``).
        x: inputs, rows are samples.
        batch_size: rows per forward pass (>= 1).

    Returns:
        The stacked outputs, one row per row of ``x``.
    """
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    was_training = _was_training(model)
    _set_mode(model, False)
    try:
        parts = [np.asarray(model.forward(x[i : i + batch_size])) for i in range(0, len(x), batch_size)]
    finally:
        if was_training:
            _set_mode(model, True)
    return np.concatenate(parts, axis=0)


def _output_width(model: Any, x: np.ndarray) -> int:
    """How many numbers the model outputs per sample, found by running it on one row (in eval mode)."""
    try:
        out = forward_batched(model, x[:1])
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"the model cannot take x of shape {x.shape} (one row has shape {x.shape[1:]}): {error}"
        ) from error
    return 1 if out.ndim == 1 else int(np.prod(out.shape[1:]))


@dataclass(frozen=True)
class _Targets:
    """Targets checked against the model, plus how to score them.

    task is "classes" (integer labels, argmax of k outputs), "one-hot" (rows of 0/1 with one 1, argmax),
    "binary" (one output, labels 0/1, threshold 0.5) or "regression" (no accuracy).
    """

    y: np.ndarray
    task: str


def _prepare_targets(y: Any, name: str, n_outputs: int) -> _Targets:
    if isinstance(y, (str, bytes)):
        raise TypeError(f"{name} must be an array of labels or targets, got {type(y).__name__}")
    array = np.asarray(y)
    if array.ndim == 1 and n_outputs > 1:
        return _Targets(as_label_array(array, name, n_classes=n_outputs), "classes")
    if array.ndim == 1 or (array.ndim == 2 and n_outputs == 1 and array.shape[1] == 1):
        integer_labels = array.dtype == bool or np.issubdtype(array.dtype, np.integer)
        values = as_float_array(array, name, ndim=(1, 2)).reshape(-1, 1)  # one column, like the model's output
        is_binary = bool(np.all((values == 0) | (values == 1)))
        if integer_labels and not is_binary:
            raise ValueError(
                f"{name} holds integer labels from {int(values.min())} to {int(values.max())}, but the model has "
                f"one output, which can only separate labels 0 and 1; give the last layer one unit per class "
                f"(or pass float targets for regression)"
            )
        return _Targets(values, "binary" if is_binary else "regression")
    if array.ndim == 2:
        values = as_float_array(array, name, ndim=2)
        if values.shape[1] != n_outputs:
            raise ValueError(
                f"{name} has {values.shape[1]} columns but the model outputs {n_outputs} values per sample; "
                f"they must match (or give 1-D integer class labels)"
            )
        one_hot = bool(np.all((values == 0) | (values == 1)) and np.all(values.sum(axis=1) == 1))
        return _Targets(values, "one-hot" if one_hot else "regression")
    raise ValueError(
        f"{name} must be 1-D class labels or a 2-D array of targets (one row per sample), got shape {array.shape}"
    )


def accuracy(outputs: Any, y: Any) -> float:
    """The fraction of samples classified correctly.

    prediction = argmax_j outputs[i, j]     (several outputs: one score per class)
    prediction = [outputs[i] > 0.5]          (one output: a sigmoid probability of class 1)
    accuracy   = mean_i [prediction_i == label_i]

    Args:
        outputs: the model's outputs, shape (n, k) or (n,) / (n, 1).
        y: integer labels (n,), or one-hot rows (n, k), or 0/1 labels for one output.

    Returns:
        A float in [0, 1].
    """
    scores = as_float_array(outputs, "outputs", ndim=(1, 2))
    target = np.asarray(y)
    if scores.ndim == 2 and scores.shape[1] > 1:
        predicted = np.argmax(scores, axis=1)
        labels = np.argmax(target, axis=1) if target.ndim == 2 else target
    else:
        predicted = scores.reshape(-1) > 0.5
        labels = target.reshape(-1)
    if labels.shape[0] != predicted.shape[0]:
        raise ValueError(f"outputs has {predicted.shape[0]} rows but y has {labels.shape[0]}; they must match")
    return float(np.mean(predicted == labels))


def _evaluate_targets(
    model: Any, loss: Any, x: np.ndarray, targets: _Targets, batch_size: int
) -> tuple[float, float | None]:
    """Loss and accuracy over all rows, batch by batch (losses are batch means, so weight them by batch size)."""
    was_training = _was_training(model)
    _set_mode(model, False)
    total_loss, correct = 0.0, 0.0
    try:
        for start in range(0, len(x), batch_size):
            xb, yb = x[start : start + batch_size], targets.y[start : start + batch_size]
            out = np.asarray(_forward_checked(model, xb))
            total_loss += float(loss.forward(out, yb)) * len(xb)
            if targets.task != "regression":
                correct += accuracy(out, yb) * len(xb)
    finally:
        if was_training:
            _set_mode(model, True)
    n = len(x)
    return total_loss / n, (None if targets.task == "regression" else correct / n)


def evaluate(model: Any, loss: Any, x: Any, y: Any, batch_size: int = 1024) -> tuple[float, float | None]:
    """Mean loss and accuracy of ``model`` on (x, y), in evaluation mode (no dropout), batch by batch.

    loss = (1/n) sum_batches |B| * L(model(x_B), y_B)
    accuracy as in :func:`accuracy` (None when the targets are real numbers, i.e. regression).

    Args:
        model: a network with ``forward`` (``mlp.network.MLP``, ``Sequential``, ...).
        loss: a loss with ``forward(y_pred, y_true) -> float`` (``mlp.losses``).
        x: inputs, rows are samples.
        y: integer labels, one-hot rows, or real-valued targets.
        batch_size: rows per forward pass (memory, not the result, depends on it).

    Returns:
        ``(loss, accuracy)``.
    """
    _check_has(model, "model", ("forward",), "mlp.network.MLP")
    _check_has(loss, "loss", ("forward",), "mlp.losses.SoftmaxCrossEntropy()")
    x = _as_inputs(x, "x")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    targets = _prepare_targets(y, "y", _output_width(model, x))
    check_same_length(x, "x", targets.y, "y")
    return _evaluate_targets(model, loss, x, targets, batch_size)


# --------------------------------------------------------------------------------------------------------------
# The training loop
# --------------------------------------------------------------------------------------------------------------


def train_step(model: Any, loss: Any, optimizer: Any, x_batch: np.ndarray, y_batch: np.ndarray) -> float:
    """One iteration of gradient descent on one mini-batch; returns the batch loss (before the update).

        y_hat = model(x_batch);  L = loss(y_hat, y_batch)
        model.backward(dL/dy_hat)                       fills model.gradients()
        optimizer.step(parameters, gradients)           e.g. w <- w - lr * dL/dw

    The model is put in training mode first. If L is NaN or infinite, nothing is updated and L is returned,
    so the caller can report the divergence while the weights still hold their last finite values.

    For an ``mlp`` network (a ``Sequential``) the step skips what training does not need: the NaN scan of
    ``x_batch`` (``fit`` checks all of its data once; a NaN that gets in anyway gives a NaN loss, reported
    as above) and the gradient with respect to ``x_batch`` (``backward(..., input_grad=False)``).
    """
    _set_mode(model, True)
    value = float(loss.forward(_forward_checked(model, x_batch), y_batch))
    if math.isfinite(value):
        if isinstance(model, Sequential):
            model.backward(loss.backward(), input_grad=False)
        else:
            model.backward(loss.backward())
        optimizer.step(model.parameters(), model.gradients())
    return value


def _forward_checked(model: Any, x: np.ndarray) -> np.ndarray:
    """``model.forward(x)`` for data already checked here: an ``mlp`` network skips its NaN scan of x."""
    return model.forward(x, check=False) if isinstance(model, Sequential) else model.forward(x)


def _current_lr(optimizer: Any) -> float | None:
    lr = getattr(optimizer, "lr", None)
    return float(lr) if isinstance(lr, numbers.Real) else None


def _scheduled_lr(schedule: Callable[[int], float], iteration: int) -> float:
    value = schedule(iteration)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"schedule({iteration}) returned {value!r}; a schedule must return a positive learning rate")
    return float(value)


def _describe_callable(function: Any) -> str | None:
    """A stable name for a schedule in saved configs (a plain function's repr holds a memory address)."""
    if function is None:
        return None
    if type(function).__repr__ is object.__repr__ or hasattr(function, "__code__"):
        return getattr(function, "__qualname__", type(function).__name__)
    return repr(function)


def _divergence_message(value: float, iteration: int, epoch: int, lr: float | None) -> str:
    what = "nan" if math.isnan(value) else "infinite"
    if lr is None:
        advice = "the learning rate is probably too large; try one 10 times smaller"
        where = ""
    else:
        advice = f"the learning rate is probably too large; try lr={lr / 10:g} or smaller"
        where = f" with lr={lr:g}"
    return (
        f"loss became {what} at iteration {iteration} (epoch {epoch}){where}: {advice} "
        f"(unscaled inputs, e.g. pixels in 0..255 instead of 0..1, do the same)"
    )


def _prepare_validation(
    x_val: Any, y_val: Any, x: np.ndarray, n_outputs: int
) -> tuple[np.ndarray | None, _Targets | None]:
    """Check validation data against the training data and the model (same row shape, same kind of targets)."""
    if (x_val is None) != (y_val is None):
        raise ValueError("x_val and y_val go together: give both or neither")
    if x_val is None:
        return None, None
    x_val = _as_inputs(x_val, "x_val")
    if x_val.shape[1:] != x.shape[1:]:
        raise ValueError(f"x_val rows have shape {x_val.shape[1:]} but x rows have {x.shape[1:]}; they must match")
    val_targets = _prepare_targets(y_val, "y_val", n_outputs)
    check_same_length(x_val, "x_val", val_targets.y, "y_val")
    return x_val.astype(x.dtype, copy=False), val_targets


def _prepare_early_stopping(early_stopping: Any, val_targets: _Targets | None, task: str) -> EarlyStopping | None:
    """``True`` means the defaults; the monitored metric must exist in this run."""
    if early_stopping is None or early_stopping is False:
        return None
    if early_stopping is True:
        early_stopping = EarlyStopping()
    if not isinstance(early_stopping, EarlyStopping):
        raise TypeError(f"early_stopping must be an EarlyStopping(...), True or None, got {early_stopping!r}")
    if early_stopping.monitor.startswith("val") and val_targets is None:
        raise ValueError(
            f"early_stopping monitors {early_stopping.monitor!r} but no validation data was given; "
            f"pass x_val and y_val (or monitor 'train_loss')"
        )
    if early_stopping.monitor.endswith("accuracy") and task == "regression":
        raise ValueError(
            f"early_stopping monitors {early_stopping.monitor!r} but the targets are real numbers "
            f"(regression has no accuracy); monitor a loss instead"
        )
    early_stopping.reset()
    return early_stopping


def fit(
    model: Any,
    loss: Any,
    optimizer: Any,
    x: Any,
    y: Any,
    *,
    epochs: int | None = None,
    batch_size: int = 32,
    x_val: Any = None,
    y_val: Any = None,
    eval_every: int | None = None,
    shuffle: bool = True,
    seed: int = 0,
    schedule: Callable[[int], float] | None = None,
    max_iterations: int | None = None,
    early_stopping: EarlyStopping | bool | None = None,
    on_divergence: str = "raise",
    train_eval_size: int | None = None,
    eval_batch_size: int = 1024,
    progress: bool | None = None,
    callbacks: Any = None,
) -> History:
    """Train ``model`` by mini-batch gradient descent and return the :class:`History` of the run.

    Each epoch shuffles the rows (a seeded ``np.random.Generator``, so the same seed gives the same run) and
    cuts them into batches of ``batch_size``; the last, smaller batch is kept, so an epoch has
    ceil(n / batch_size) iterations. Each iteration does forward, loss, backward and ``optimizer.step``
    (see the module docstring); the model is in training mode for the steps and in evaluation mode for
    evaluations.

    Args:
        model: a network with ``forward``, ``backward``, ``parameters()``, ``gradients()`` (and ``train``/``eval``).
        loss: ``forward(y_pred, y_true) -> float`` and ``backward() -> dL/dy_pred`` (``mlp.losses``).
        optimizer: ``step(params, grads)`` with an ``lr`` attribute (``mlp.optim``).
        x: training inputs, shape (n, features) (or (n, channels, height, width)); NaN is rejected.
        y: integer class labels (n,), one-hot rows (n, k), or real targets (n, outputs).
        epochs: passes over the data; default 10, or unlimited when ``max_iterations`` is given.
        batch_size: rows per iteration (1 is "stochastic", n is "full batch"; larger than n means n).
        x_val, y_val: validation data, evaluated alongside the training data.
        eval_every: evaluate every this many iterations; None evaluates at the end of each epoch. The end of
            training is always evaluated too.
        shuffle: reshuffle the rows every epoch (False keeps the given order).
        seed: seeds the shuffling.
        schedule: a function ``schedule(t) -> lr`` (``mlp.optim.schedules``); before step t (0-based: the
            number of steps already taken) it sets ``optimizer.lr = schedule(t)``.
        max_iterations: stop after this many optimizer steps.
        early_stopping: an :class:`EarlyStopping` (True means ``EarlyStopping()``).
        on_divergence: when the loss becomes NaN/inf: "raise" a :class:`TrainingDiverged`, "stop" quietly, or
            "warn" (stop with a RuntimeWarning). The last two return the History (``diverged=True``), whose
            curve then shows the blow-up.
        train_eval_size: evaluate the training loss/accuracy on a fixed random subset of this many rows
            (None: all rows). Saves time on large data sets.
        eval_batch_size: rows per forward pass during evaluation.
        progress: show a progress bar: True, False or None (automatic: only in an interactive terminal, never
            when the ``CI`` environment variable is set).
        callbacks: :class:`Callback` objects or functions ``f(history, model)`` called after each evaluation;
            returning True stops training.

    Returns:
        The :class:`History`. The model's weights are trained in place (restored to the best evaluation's if
        early stopping with ``restore_best`` ran); the model is left in evaluation mode.

    Raises:
        TrainingDiverged: the loss became NaN or infinite (with ``on_divergence="raise"``).
        ValueError, TypeError: bad arguments, each naming the argument.
    """
    # -- check everything before the first step, so mistakes surface as one clear sentence ------------------
    _check_has(model, "model", ("forward", "backward", "parameters", "gradients"), "mlp.network.MLP")
    _check_has(loss, "loss", ("forward", "backward"), "mlp.losses.SoftmaxCrossEntropy()")
    _check_has(optimizer, "optimizer", ("step",), "mlp.optim.SGD(lr=0.1)")
    x = _as_inputs(x, "x")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    eval_batch_size = check_int(eval_batch_size, "eval_batch_size", minimum=1)
    if max_iterations is not None:
        max_iterations = check_int(max_iterations, "max_iterations", minimum=1)
    if epochs is not None:
        epochs = check_int(epochs, "epochs", minimum=1)
    elif max_iterations is None:
        epochs = 10
    if eval_every is not None:
        eval_every = check_int(eval_every, "eval_every", minimum=1)
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
    seed = check_int(seed, "seed", minimum=0)
    if schedule is not None and not callable(schedule):
        raise TypeError(
            f"schedule must be a function schedule(iteration) -> lr (see mlp.optim.schedules), got {schedule!r}"
        )
    on_divergence = check_choice(on_divergence, "on_divergence", ("raise", "stop", "warn"))
    if train_eval_size is not None:
        train_eval_size = check_int(train_eval_size, "train_eval_size", minimum=1)
    hooks = _as_callbacks(callbacks)

    n_outputs = _output_width(model, x)
    targets = _prepare_targets(y, "y", n_outputs)
    check_same_length(x, "x", targets.y, "y")
    n = len(x)

    x_val, val_targets = _prepare_validation(x_val, y_val, x, n_outputs)
    early_stopping = _prepare_early_stopping(early_stopping, val_targets, targets.task)

    # A fixed subset for "training loss at evaluation" (chosen once, so every evaluation sees the same rows).
    train_x, train_targets = x, targets
    if train_eval_size is not None and train_eval_size < n:
        subset = np.sort(np.random.default_rng(seed + 1).choice(n, size=train_eval_size, replace=False))
        train_x, train_targets = x[subset], _Targets(targets.y[subset], targets.task)

    history = History(
        monitor=early_stopping.monitor if early_stopping else ("val_loss" if val_targets else "train_loss"),
        config=_jsonable({
            "epochs": epochs, "batch_size": batch_size, "max_iterations": max_iterations, "eval_every": eval_every,
            "shuffle": shuffle, "seed": seed, "n_train": n, "n_val": None if x_val is None else len(x_val),
            "task": targets.task, "optimizer": type(optimizer).__name__, "lr": _current_lr(optimizer),
            "loss": type(loss).__name__, "schedule": _describe_callable(schedule),
            "early_stopping": repr(early_stopping) if early_stopping else None,
        }),
    )

    steps_per_epoch = math.ceil(n / batch_size)
    planned = [v for v in (max_iterations, None if epochs is None else epochs * steps_per_epoch) if v is not None]
    bar = progress_bar(min(planned), desc="fit", progress=progress)

    rng = np.random.default_rng(seed)
    iteration, epoch, train_clock = 0, 0, 0.0
    stop_reason: str | None = None
    start_wall = time.perf_counter()

    def run_evaluation() -> bool:
        """Evaluate, record, update early stopping; True means stop."""
        train_loss, train_acc = _evaluate_targets(model, loss, train_x, train_targets, eval_batch_size)
        val_loss = val_acc = None
        if val_targets is not None:
            val_loss, val_acc = _evaluate_targets(model, loss, x_val, val_targets, eval_batch_size)
        record = dict(zip(EVALUATION_KEYS, (iteration, epoch, train_loss, train_acc, val_loss, val_acc, train_clock)))
        history.evaluations.append(record)
        shown = {k: f"{v:.4g}" for k, v in record.items() if k.endswith(("loss", "accuracy")) and v is not None}
        bar.set_postfix(shown)
        stop = False
        if early_stopping is not None:
            monitored = record[early_stopping.monitor]
            assert monitored is not None  # fit refuses a monitor it does not measure (val_* without x_val)
            stop = early_stopping.update(float(monitored), iteration, epoch, model)
        requests = [bool(hook.on_evaluation(history, model)) for hook in hooks]  # every hook sees every evaluation
        return stop or any(requests)

    # NumPy's overflow warnings would bury the one clear divergence message below, so fit() reports instead.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            while stop_reason is None and (epochs is None or epoch < epochs):
                epoch += 1
                order = rng.permutation(n) if shuffle else np.arange(n)
                for start in range(0, n, batch_size):
                    batch = order[start : start + batch_size]
                    tick = time.perf_counter()
                    if schedule is not None:
                        optimizer.lr = _scheduled_lr(schedule, iteration)
                    lr = _current_lr(optimizer)

                    value = train_step(model, loss, optimizer, x[batch], targets.y[batch])
                    if not math.isfinite(value):
                        # Record the bad step so the curve shows the explosion; the weights were not updated.
                        history.record_iteration(iteration + 1, epoch, value, lr, train_clock)
                        history.message = _divergence_message(value, iteration + 1, epoch, lr)
                        stop_reason = "diverged"
                        break
                    train_clock += time.perf_counter() - tick
                    iteration += 1
                    history.record_iteration(iteration, epoch, value, lr, train_clock)
                    bar.update(1)

                    if any([bool(hook.on_iteration(history, model)) for hook in hooks]):
                        stop_reason = "callback"
                    elif max_iterations is not None and iteration >= max_iterations:
                        stop_reason = "max_iterations"
                    if eval_every is not None and iteration % eval_every == 0 and run_evaluation():
                        stop_reason = stop_reason or _evaluation_stop_reason(early_stopping)
                    if stop_reason is not None:
                        break
                if stop_reason is None and eval_every is None and run_evaluation():
                    stop_reason = _evaluation_stop_reason(early_stopping)
            stop_reason = stop_reason or "epochs"

            # The end of training is always evaluated (unless the weights just blew up).
            last_evaluated = history.evaluations[-1]["iteration"] if history.evaluations else 0
            if stop_reason != "diverged" and iteration > last_evaluated:
                run_evaluation()
        finally:
            bar.close()
            _set_mode(model, False)

    history.stop_reason = stop_reason
    history.total_time = time.perf_counter() - start_wall
    history.stopped_early = stop_reason == "early_stopping"
    history.diverged = stop_reason == "diverged"
    if early_stopping is not None:
        history.best_iteration, history.best_epoch = early_stopping.best_iteration, early_stopping.best_epoch
        early_stopping.restore(model)
    elif history.evaluations and history.monitor and history.has(history.monitor):
        best = history.best()
        history.best_iteration, history.best_epoch = best["iteration"], best["epoch"]
    if not history.message:
        history.message = _stop_message(history, early_stopping, max_iterations)

    for hook in hooks:
        hook.on_train_end(history, model)

    if history.diverged:
        if on_divergence == "raise":
            raise TrainingDiverged(history.message, history, history.iterations[-1], history.epochs[-1], history.lr[-1])
        if on_divergence == "warn":
            warnings.warn(history.message, RuntimeWarning, stacklevel=2)
    return history


def _evaluation_stop_reason(early_stopping: EarlyStopping | None) -> str:
    """An evaluation asked to stop: early stopping if its patience ran out, else a callback."""
    if early_stopping is not None and early_stopping.bad_evaluations >= early_stopping.patience:
        return "early_stopping"
    return "callback"


def _stop_message(history: History, early_stopping: EarlyStopping | None, max_iterations: int | None) -> str:
    last = history.iterations[-1] if history.iterations else 0
    if history.stop_reason == "early_stopping" and early_stopping is not None:
        restored = " and restored its weights" if early_stopping.restore_best else ""
        return (
            f"stopped early at iteration {last}: {early_stopping.monitor} did not improve for "
            f"{early_stopping.patience} evaluations; the best was at iteration {early_stopping.best_iteration}"
            f"{restored}"
        )
    if history.stop_reason == "max_iterations":
        return f"stopped after max_iterations={max_iterations} iterations"
    if history.stop_reason == "callback":
        return f"stopped by a callback at iteration {last}"
    return f"finished {history.epochs[-1] if history.epochs else 0} epochs ({last} iterations)"
