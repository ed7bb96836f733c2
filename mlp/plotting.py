"""Pictures the chapters draw: decision boundaries, loss curves, optimizer paths on a surface, digits.

matplotlib is imported only inside the functions that need a new figure, so ``import mlp`` needs NumPy alone.
Every function takes an optional ``ax`` (any matplotlib Axes, including those of a ``matplotlib.figure.Figure``
made without pyplot, as the widgets do), draws on it, and returns it; without ``ax`` it makes a new figure.
"""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ._validate import as_float_array, as_label_array, check_choice, check_int, check_nonnegative
from .training import History, forward_batched

__all__ = [
    "plot_decision_boundary",
    "plot_history",
    "plot_loss_curves",
    "plot_surface_path",
    "show_digits",
    "moving_average",
]


def _axes(ax: Any, figsize: tuple[float, float] = (5.0, 4.0)) -> Any:
    """The given Axes, or a new figure's."""
    if ax is not None:
        if not callable(getattr(ax, "plot", None)):
            raise TypeError(f"ax must be a matplotlib Axes (e.g. from plt.subplots()), got {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt  # lazily: plotting is optional

    _, new_ax = plt.subplots(figsize=figsize)
    return new_ax


def _colormap(cmap: Any) -> Any:
    import matplotlib

    return matplotlib.colormaps.get_cmap(cmap)


def moving_average(values: Any, window: int) -> np.ndarray:
    """Mean of each run of ``window`` consecutive values: out[i] = mean(values[i : i + window]).

    The result has ``len(values) - window + 1`` entries (plot it against ``x[window - 1:]``). Mini-batch losses
    are noisy; the average shows the trend.
    """
    window = check_int(window, "window", minimum=1)
    v = np.asarray(values, dtype=np.float64)
    if len(v) < window:
        return np.array([], dtype=np.float64)
    sums = np.cumsum(np.concatenate([[0.0], v]))
    return (sums[window:] - sums[:-window]) / window


# --------------------------------------------------------------------------------------------------------------
# Decision boundaries
# --------------------------------------------------------------------------------------------------------------


def _labels_from_outputs(outputs: Any) -> np.ndarray:
    """Class labels from whatever a predictor returned: labels, one probability/score column, or k columns."""
    out = np.asarray(outputs)
    if out.ndim == 1 and (out.dtype == bool or np.issubdtype(out.dtype, np.integer)):
        return out.astype(np.int64)
    out = np.asarray(out, dtype=np.float64)
    if out.ndim == 2 and out.shape[1] > 1:
        return np.argmax(out, axis=1)
    if out.ndim in (1, 2):
        return (out.reshape(-1) > 0.5).astype(np.int64)  # one output: a probability of class 1
    raise ValueError(f"the predictor must return labels (n,) or outputs (n, k), got shape {out.shape}")


def _predict_labels(predictor: Any, x: np.ndarray) -> np.ndarray:
    if callable(getattr(predictor, "forward", None)):
        return _labels_from_outputs(forward_batched(predictor, x))
    if callable(getattr(predictor, "predict_proba", None)):
        return _labels_from_outputs(predictor.predict_proba(x))
    if callable(getattr(predictor, "predict", None)):  # e.g. mlp.perceptron.Perceptron
        return _labels_from_outputs(predictor.predict(x))
    if callable(predictor):
        return _labels_from_outputs(predictor(x))
    raise TypeError(f"predictor must be a model or a function x -> labels, got {type(predictor).__name__}")


def _padded_limits(values: np.ndarray, padding: float) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    span = high - low if high > low else 1.0
    return low - padding * span, high + padding * span


def plot_decision_boundary(
    predictor: Any,
    x: Any,
    y: Any = None,
    ax: Any = None,
    *,
    resolution: int = 200,
    padding: float = 0.1,
    cmap: Any = "coolwarm",
    show_points: bool = True,
    alpha: float = 0.3,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    labels: Sequence[str] | None = None,
    legend: bool = True,
) -> Any:
    """Colour the plane by the class a 2-input model predicts, and draw the data on top.

    The predictor is evaluated on a ``resolution`` x ``resolution`` grid covering the data; each grid point gets
    the predicted class (argmax of the outputs, or output > 0.5 for a single output); the boundary is where the
    colour changes.

    Args:
        predictor: a model (its outputs are used, in evaluation mode), an object with ``predict_proba`` or
            ``predict`` (an ensemble, a perceptron), or a function ``f(points (m, 2)) -> labels or outputs``.
        x: the data, shape (n, 2).
        y: the true labels (n,), used to colour the points (optional).
        ax: where to draw (default: a new figure).
        resolution: grid points per axis (>= 2).
        padding: margin around the data, as a fraction of its range (>= 0).
        cmap: a matplotlib colormap (name or object); class k gets the same colour in regions and points.
        show_points: draw the data points.
        alpha: opacity of the coloured regions.
        xlim, ylim: the area to draw (default: the data's range plus ``padding``).
        labels: class names for the legend of the points.
        legend: draw that legend (False for panels that share one figure legend: the points keep their labels,
            so ``fig.legend(*ax.get_legend_handles_labels())`` still finds them).

    Returns:
        The Axes.
    """
    points = as_float_array(x, "x", ndim=2)
    if points.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary draws 2-D inputs: x must have 2 columns, got shape {points.shape}")
    classes = None if y is None else as_label_array(y, "y")
    if classes is not None and len(classes) != len(points):
        raise ValueError(f"x has {len(points)} rows but y has {len(classes)}; they must match")
    resolution = check_int(resolution, "resolution", minimum=2)
    padding = check_nonnegative(padding, "padding")
    x_range = xlim if xlim is not None else _padded_limits(points[:, 0], padding)
    y_range = ylim if ylim is not None else _padded_limits(points[:, 1], padding)

    grid_x, grid_y = np.meshgrid(np.linspace(*x_range, resolution), np.linspace(*y_range, resolution))
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype(points.dtype)
    predicted = _predict_labels(predictor, grid)
    if predicted.shape != (grid.shape[0],):
        raise ValueError(f"the predictor returned {predicted.shape[0]} labels for {grid.shape[0]} points")
    regions = predicted.reshape(grid_x.shape)

    n_classes = int(max(regions.max(), -1 if classes is None else classes.max())) + 1
    n_classes = max(n_classes, 2)
    colours = _colormap(cmap)
    levels = np.arange(n_classes + 1) - 0.5  # one band per class, centred on its label
    ax = _axes(ax)
    ax.contourf(grid_x, grid_y, regions, levels=levels, cmap=colours, alpha=alpha, vmin=-0.5, vmax=n_classes - 0.5)
    if np.unique(regions).size > 1:
        ax.contour(grid_x, grid_y, regions, levels=levels[1:-1], colors="k", linewidths=1.0)
    if show_points:
        if classes is None:
            ax.scatter(points[:, 0], points[:, 1], s=18, c="k", edgecolors="w", linewidths=0.5)
        else:
            for k in np.unique(classes):
                rows = classes == k
                name = labels[k] if labels is not None and k < len(labels) else f"class {k}"
                colour = colours((k + 0.5) / n_classes)
                ax.scatter(points[rows, 0], points[rows, 1], s=18, color=colour, edgecolors="k",
                           linewidths=0.5, label=name)
            if legend:
                ax.legend(loc="best", fontsize="small")
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    return ax


# --------------------------------------------------------------------------------------------------------------
# Training curves
# --------------------------------------------------------------------------------------------------------------

_HISTORY_METRICS = ("loss", "accuracy", "lr")


def _epoch_positions(history: History, iterations: np.ndarray) -> np.ndarray:
    """Iteration numbers as fractional epochs (iteration / iterations per epoch)."""
    n_train, batch_size = history.config.get("n_train"), history.config.get("batch_size")
    if n_train and batch_size:
        per_epoch = math.ceil(n_train / batch_size)
    else:
        epochs = np.asarray(history.epochs)
        per_epoch = int(np.sum(epochs == epochs[0])) if len(epochs) else 1
    return iterations / per_epoch


def _x_values(history: History, iterations: Any, x_axis: str) -> np.ndarray:
    steps = np.asarray(iterations, dtype=np.float64)
    return steps if x_axis == "iteration" else _epoch_positions(history, steps)


def plot_history(
    history: History,
    ax: Any = None,
    metrics: str | Sequence[str] = ("loss",),
    *,
    x_axis: str = "iteration",
    smooth: int | None = None,
    show_batches: bool = True,
    log_scale: bool = False,
    title: str | None = None,
) -> Any:
    """Training vs validation curves of one run.

    "loss": the mini-batch loss of every iteration (thin, pale), and the training and validation loss at each
    evaluation (lines with dots). "accuracy": training and validation accuracy at each evaluation. "lr": the
    learning rate of every iteration. If early stopping stopped the run, a dashed line marks the best evaluation.

    Args:
        history: what :func:`mlp.training.fit` returned.
        ax: an Axes for one metric, or a sequence of Axes, one per metric (default: new figure).
        metrics: "loss", "accuracy", "lr", or several of them (one panel each).
        x_axis: "iteration" or "epoch".
        smooth: average the mini-batch loss over this many iterations (None: raw).
        show_batches: draw the per-iteration mini-batch loss.
        log_scale: logarithmic y axis (for losses spanning decades).
        title: a title (for several panels, put above the first).

    Returns:
        The Axes, or a list of Axes when several metrics are drawn.
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History (what fit() returns), got {type(history).__name__}")
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    if not names:
        raise ValueError("metrics must name at least one of 'loss', 'accuracy', 'lr'")
    names = [check_choice(m, "metric", _HISTORY_METRICS) for m in names]
    x_axis = check_choice(x_axis, "x_axis", ("iteration", "epoch"))
    axes = _axes_for(ax, len(names))
    for metric, panel in zip(names, axes):
        _draw_history_metric(history, panel, metric, x_axis, smooth, show_batches, log_scale)
    if title is not None:
        axes[0].set_title(title)
    elif history.diverged:
        axes[0].set_title("diverged: " + history.message.split(":")[0])
    return axes[0] if len(axes) == 1 else axes


def _axes_for(ax: Any, count: int) -> list[Any]:
    if count == 1:
        if isinstance(ax, (list, tuple, np.ndarray)):
            if len(ax) != 1:
                raise ValueError(f"ax must be one Axes for one metric, got {len(ax)}")
            ax = ax[0]
        return [_axes(ax)]
    if ax is None:
        import matplotlib.pyplot as plt

        _, created = plt.subplots(1, count, figsize=(5.0 * count, 4.0))
        return list(np.ravel(created))
    if not isinstance(ax, (list, tuple, np.ndarray)) or len(np.ravel(ax)) != count:
        raise ValueError(f"ax must be a sequence of {count} Axes, one per metric")
    return [_axes(a) for a in np.ravel(ax)]


def _draw_history_metric(
    history: History, ax: Any, metric: str, x_axis: str, smooth: int | None, show_batches: bool, log_scale: bool
) -> None:
    evaluated_at = _x_values(history, history.metric("iteration"), x_axis)
    if metric == "lr":
        ax.plot(_x_values(history, history.iterations, x_axis), np.asarray(history.lr, dtype=float), label="lr")
        ax.set_ylabel("learning rate")
    elif metric == "loss":
        if show_batches and history.iterations:
            x_batches = _x_values(history, history.iterations, x_axis)
            batch_loss = np.asarray(history.loss, dtype=np.float64)
            if smooth:
                window = min(check_int(smooth, "smooth", minimum=1), len(batch_loss))
                x_batches, batch_loss = x_batches[window - 1 :], moving_average(batch_loss, window)
            ax.plot(x_batches, batch_loss, color="0.6", linewidth=0.8, alpha=0.7, label="mini-batch")
        for key, label, style in (("train_loss", "training", "o-"), ("val_loss", "validation", "s-")):
            if history.has(key):
                ax.plot(evaluated_at, history.metric(key), style, markersize=3, label=label)
        ax.set_ylabel("loss")
    else:
        if not (history.has("train_accuracy") or history.has("val_accuracy")):
            raise ValueError("this history has no accuracy (a regression run?); plot metrics=('loss',)")
        for key, label, style in (("train_accuracy", "training", "o-"), ("val_accuracy", "validation", "s-")):
            if history.has(key):
                ax.plot(evaluated_at, history.metric(key), style, markersize=3, label=label)
        ax.set_ylabel("accuracy")
    if history.stopped_early and history.best_iteration is not None:
        best_x = _x_values(history, [history.best_iteration], x_axis)[0]
        ax.axvline(best_x, color="k", linestyle="--", linewidth=1, label="best (restored)")
    if log_scale and metric != "accuracy":
        ax.set_yscale("log")
    ax.set_xlabel(x_axis)
    ax.legend(loc="best", fontsize="small")


def plot_loss_curves(
    runs: Mapping[str, History | Sequence[float]],
    ax: Any = None,
    *,
    metric: str = "loss",
    x_axis: str = "iteration",
    smooth: int | None = None,
    log_scale: bool = False,
    title: str | None = None,
) -> Any:
    """Several runs on one plot, one line each, e.g. optimizers or learning rates compared.

    Args:
        runs: name -> a :class:`History` (or a plain list of values, plotted against 1, 2, 3, ...).
        ax: where to draw (default: a new figure).
        metric: "loss" (per-iteration mini-batch loss), "lr", or an evaluation key such as "val_loss",
            "val_accuracy", "train_loss", "train_accuracy".
        x_axis: "iteration" or "epoch" (for histories).
        smooth: average each curve over this many points (None: raw).
        log_scale: logarithmic y axis.
        title: a title.

    Returns:
        The Axes.
    """
    if not isinstance(runs, Mapping) or not runs:
        raise TypeError("runs must be a non-empty dict name -> History (or list of values)")
    metric = check_choice(metric, "metric", ("loss", "lr", "train_loss", "train_accuracy", "val_loss", "val_accuracy"))
    x_axis = check_choice(x_axis, "x_axis", ("iteration", "epoch"))
    ax = _axes(ax)
    for name, run in runs.items():
        if isinstance(run, History):
            if metric in ("loss", "lr"):
                xs = _x_values(run, run.iterations, x_axis)
                ys = np.asarray(run.loss if metric == "loss" else run.lr, dtype=np.float64)
            else:
                if not run.has(metric):
                    raise ValueError(f"run {name!r} has no {metric!r} (no validation data, or no accuracy?)")
                xs, ys = _x_values(run, run.metric("iteration"), x_axis), run.metric(metric)
        else:
            ys = _as_curve(run, f"runs[{name!r}]")
            xs = np.arange(1, len(ys) + 1, dtype=np.float64)
        if smooth and len(ys):
            window = min(check_int(smooth, "smooth", minimum=1), len(ys))
            xs, ys = xs[window - 1 :], moving_average(ys, window)
        ax.plot(xs, ys, label=str(name), linewidth=1.2)
    if log_scale:
        ax.set_yscale("log")
    ax.set_xlabel(x_axis)
    ax.set_ylabel(metric.replace("_", " "))
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


def _as_curve(values: Any, name: str) -> np.ndarray:
    """A 1-D float array; NaN and inf are allowed (a diverged run's curve simply stops)."""
    try:
        curve = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a History or a list of numbers, got {type(values).__name__}") from error
    if curve.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per step), got shape {curve.shape}")
    return curve


# --------------------------------------------------------------------------------------------------------------
# Optimizer paths on a 2-D surface
# --------------------------------------------------------------------------------------------------------------


def _surface_values(f: Callable[..., Any], grid_x: np.ndarray, grid_y: np.ndarray) -> np.ndarray:
    """f on a grid. f is either f(x, y) (two arrays) or f(w) with w[0] = x and w[1] = y."""
    try:
        n_args = len([p for p in inspect.signature(f).parameters.values() if p.default is p.empty
                      and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
    except (TypeError, ValueError):
        n_args = 2
    values = f(grid_x, grid_y) if n_args >= 2 else f(np.stack([grid_x, grid_y]))
    z = np.asarray(values, dtype=np.float64)
    if z.shape != grid_x.shape:
        raise ValueError(
            f"f must be vectorized: f(x, y) (or f(w) with w[0], w[1]) on {grid_x.shape} grids must return "
            f"shape {grid_x.shape}, got {z.shape}"
        )
    return z


def _as_paths(paths: Any) -> dict[str, np.ndarray]:
    if paths is None:
        return {}
    if isinstance(paths, Mapping):
        items = list(paths.items())
    elif isinstance(paths, np.ndarray) and paths.ndim == 2:
        items = [("path", paths)]
    else:
        items = [(f"path {i}", p) for i, p in enumerate(paths)]
    result = {}
    for name, path in items:
        array = np.asarray(path, dtype=np.float64)
        if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
            raise ValueError(f"path {name!r} must be an array of points of shape (steps, 2), got {array.shape}")
        result[str(name)] = array
    return result


def _contour_levels(z: np.ndarray, levels: int) -> np.ndarray:
    """Levels spaced by quantiles of the surface, so steep walls do not hog all the lines."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        raise ValueError("f returned no finite values on the drawn area")
    edges = np.unique(np.quantile(finite, np.linspace(0.0, 1.0, levels)))
    if edges.size < 2:
        edges = np.array([finite.min() - 0.5, finite.min() + 0.5])
    return edges


def plot_surface_path(
    f: Callable[..., Any],
    paths: Any = None,
    ax: Any = None,
    *,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    resolution: int = 200,
    levels: int | Sequence[float] = 30,
    cmap: Any = "viridis",
    minimum: tuple[float, float] | None = None,
    padding: float = 0.15,
    title: str | None = None,
    styles: Mapping[str, Mapping[str, Any]] | None = None,
    legend: bool = True,
) -> Any:
    """Contour lines of a function of two variables, with optimizer paths drawn over them.

    Used by the optimizer chapters: e.g. f(x, y) = x^2 / 20 + y^2 (an elongated bowl) or Rosenbrock's
    (1 - x)^2 + 100 (y - x^2)^2, with the points w_0, w_1, ... each optimizer visited.

    Args:
        f: vectorized ``f(x, y) -> z`` (or ``f(w) -> z`` reading ``w[0]``, ``w[1]``).
        paths: name -> array (steps, 2) of visited points, or a list of such arrays, or one array.
        ax: where to draw (default: a new figure).
        xlim, ylim: the area drawn (default: around the paths, plus ``padding``; required without paths).
        resolution: grid points per axis.
        levels: number of contour lines (spaced by quantiles of f) or explicit levels.
        cmap: colormap of the contour lines.
        minimum: a point (x, y) to mark with a star, e.g. the known minimum.
        padding: margin around the paths, as a fraction of their range.
        title: a title.
        styles: matplotlib line settings by path name, over the default thin line with a dot per step, e.g.
            ``{"RMSProp": {"linestyle": "--", "marker": ""}}`` to tell apart two paths that overlap.
        legend: draw the legend (False when several panels share one).

    Returns:
        The Axes.
    """
    if not callable(f):
        raise TypeError(f"f must be a function f(x, y) -> z, got {type(f).__name__}")
    named_paths = _as_paths(paths)
    if styles is not None and not isinstance(styles, Mapping):
        raise TypeError(f"styles must be a dict of path name -> line settings, got {type(styles).__name__}")
    styles = dict(styles or {})
    unknown = sorted(set(styles) - set(named_paths))
    if unknown:
        raise ValueError(f"styles names paths that are not in paths: {unknown}; the paths are {sorted(named_paths)}")
    resolution = check_int(resolution, "resolution", minimum=2)
    padding = check_nonnegative(padding, "padding")
    if (xlim is None or ylim is None) and not named_paths:
        raise ValueError("give xlim and ylim (there are no paths to take the drawn area from)")
    points = np.concatenate([p for p in named_paths.values()]) if named_paths else np.zeros((0, 2))
    points = points[np.all(np.isfinite(points), axis=1)]
    if minimum is not None:
        points = np.vstack([points, np.asarray(minimum, dtype=np.float64).reshape(1, 2)])
    x_range = xlim if xlim is not None else _padded_limits(points[:, 0], padding)
    y_range = ylim if ylim is not None else _padded_limits(points[:, 1], padding)

    grid_x, grid_y = np.meshgrid(np.linspace(*x_range, resolution), np.linspace(*y_range, resolution))
    z = _surface_values(f, grid_x, grid_y)
    if isinstance(levels, (int, np.integer)) and not isinstance(levels, bool):
        contour_levels = _contour_levels(z, check_int(levels, "levels", minimum=2))
    else:
        contour_levels = np.sort(as_float_array(levels, "levels", ndim=1, dtype=np.float64))
    ax = _axes(ax, figsize=(6.0, 5.0))
    ax.contour(grid_x, grid_y, z, levels=contour_levels, cmap=_colormap(cmap), linewidths=0.8)
    for name, path in named_paths.items():
        style = {"marker": "o", "markersize": 2.5, "linewidth": 1.2, **styles.get(name, {})}
        (line,) = ax.plot(path[:, 0], path[:, 1], label=name, **style)
        ax.plot(path[0, 0], path[0, 1], "o", color=line.get_color(), markersize=6, markeredgecolor="k")
        finite = path[np.all(np.isfinite(path), axis=1)]
        if len(finite):
            ax.plot(finite[-1, 0], finite[-1, 1], "X", color=line.get_color(), markersize=8, markeredgecolor="k")
    if minimum is not None:
        ax.plot(minimum[0], minimum[1], "*", color="gold", markersize=14, markeredgecolor="k", label="minimum")
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    if legend and (named_paths or minimum is not None):
        ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


# --------------------------------------------------------------------------------------------------------------
# Digits
# --------------------------------------------------------------------------------------------------------------


def show_digits(
    images: Any,
    labels: Any = None,
    predictions: Any = None,
    ncols: int = 10,
    ax: Any = None,
    *,
    shape: tuple[int, int] | None = None,
    cmap: Any = "gray_r",
    title: str | None = None,
) -> Any:
    """A grid of small images (MNIST digits), each with its label, and the prediction when given.

    All images are tiled into one picture (one ``imshow``, fast even for hundreds of digits). With
    ``predictions``, a tile's caption is the prediction, green if it equals the label and red (with the true
    label in brackets) if not.

    Args:
        images: shape (n, 784) (flattened) or (n, height, width).
        labels: the true labels (n,), optional.
        predictions: predicted labels (n,), optional.
        ncols: images per row.
        ax: where to draw (default: a new figure sized to the grid).
        shape: (height, width) of one image, if the flattened length is not a perfect square.
        cmap: colormap ("gray_r" draws ink dark on white paper).
        title: a title.

    Returns:
        The Axes.
    """
    array = as_float_array(images, "images", ndim=(2, 3), dtype=np.float64)
    n = len(array)
    if array.ndim == 2:
        if shape is None:
            side = int(round(math.sqrt(array.shape[1])))
            if side * side != array.shape[1]:
                raise ValueError(f"images have {array.shape[1]} values each, not a square; pass shape=(height, width)")
            shape = (side, side)
        if shape[0] * shape[1] != array.shape[1]:
            raise ValueError(f"shape {shape} does not hold {array.shape[1]} values per image")
        array = array.reshape(n, *shape)
    height, width = array.shape[1:]
    ncols = min(check_int(ncols, "ncols", minimum=1), n)
    nrows = math.ceil(n / ncols)
    true = None if labels is None else as_label_array(labels, "labels")
    guessed = None if predictions is None else as_label_array(predictions, "predictions")
    for name, values in (("labels", true), ("predictions", guessed)):
        if values is not None and len(values) != n:
            raise ValueError(f"{name} has {len(values)} entries but there are {n} images; they must match")

    # Tile: pad to a full grid, add a gap around each image, then interleave rows and columns.
    gap = 2
    background = float(array.min())
    tiles = np.full((nrows * ncols, height + gap, width + gap), background)
    tiles[:n, gap:, gap:] = array
    mosaic = tiles.reshape(nrows, ncols, height + gap, width + gap).transpose(0, 2, 1, 3)
    mosaic = mosaic.reshape(nrows * (height + gap), ncols * (width + gap))

    ax = _axes(ax, figsize=(0.9 * ncols, 1.0 * nrows + 0.3))
    ax.imshow(mosaic, cmap=_colormap(cmap), interpolation="nearest")
    ax.set_axis_off()
    if true is not None or guessed is not None:
        for i in range(n):  # one caption per tile (drawing text, not arithmetic)
            row, col = divmod(i, ncols)
            left, top = col * (width + gap) + gap, row * (height + gap) + gap
            caption, colour = _digit_caption(None if true is None else int(true[i]),
                                             None if guessed is None else int(guessed[i]))
            ax.text(left + 0.5, top + 0.5, caption, color=colour, fontsize=7, ha="left", va="top")
    if title is not None:
        ax.set_title(title)
    return ax


def _digit_caption(label: int | None, prediction: int | None) -> tuple[str, str]:
    if prediction is None:
        return str(label), "tab:blue"
    if label is None:
        return str(prediction), "tab:blue"
    if prediction == label:
        return str(prediction), "tab:green"
    return f"{prediction} ({label})", "tab:red"
