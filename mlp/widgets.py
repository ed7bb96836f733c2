"""Frame explorers: a slider over precomputed pictures, live in Jupyter and explorable in the static book.

Why this design, and not ``ipywidgets.interact``?

The course is read two ways. In Jupyter or Colab a kernel runs behind every widget, so ``interact`` can
redraw a plot each time a slider moves. The static book (the HTML pages built by Jupyter Book) has no
kernel: it embeds each widget's last state in the page and renders it with the widget manager's
JavaScript. There an ``interact`` slider still slides, but nothing redraws, because the code that would
redraw is Python that no longer runs.

So an explorer draws every frame in advance, while the notebook runs:

    values ──draw──> one PNG per value ──> widgets.Image ... inside a widgets.Stack (shows one child)
    SelectionSlider.index ──jslink──> Stack.selected_index

``jslink`` is a link kept by the browser, not by Python, so moving the slider flips between frames in the
static page exactly as it does in Jupyter, offline and with no kernel. Each PNG is quantized to 64
colours (no visible change for plots, a third of the bytes), and all images share one Layout, so a
384x256 frame costs about 5 kB of page for a line plot and 12 kB for a filled decision boundary. That is
cheap for tens of frames and expensive for hundreds, hence the ``MAX_FRAMES`` limit.

Two parameters use an outer Stack (one child per value of the first parameter) of inner Stacks (one
frame per value of the second): the first slider is ``jslink``-ed to the outer Stack, and the second is
``jsdlink``-ed (one-way) to every inner Stack, so both sliders keep working in any combination.

``draw(fig, value)`` receives a fresh ``matplotlib.figure.Figure`` (not pyplot), so drawing the frames
never touches pyplot's global state and never displays a stray figure in the notebook.

ipywidgets, matplotlib and Pillow are imported only inside the functions that need them.
"""

from __future__ import annotations

import io
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from mlp._validate import check_int, check_positive

if TYPE_CHECKING:  # only for type checkers: the real imports are lazy
    import ipywidgets
    from matplotlib.figure import Figure

__all__ = ["frame_explorer", "frame_explorer_2d", "MAX_FRAMES"]

MAX_FRAMES = 120
"""Most frames one explorer may embed: each is a PNG stored in the page (about 5-12 kB)."""

PALETTE_COLORS = 64
"""Colours kept per frame. Plots use few colours, so 64 looks identical and saves about two thirds."""

# Page cost of one frame, for the error message. Measured in a built page at the default size: a line plot
# 3 kB of PNG, 5 kB in the page (base64 and the Image model); a filled decision boundary 7 kB and 11 kB;
# a caption adds about 1 kB.
_KB_PER_FRAME = 8


# ----------------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------------


def frame_explorer(
    draw: Callable[[Figure, Any], Any],
    values: Iterable[Any],
    *,
    label: str,
    figsize: tuple[float, float] = (4.8, 3.2),
    dpi: float = 80,
    play: bool = False,
    value: Any = None,
    description: str | None = None,
    caption: Callable[[Any], str] | None = None,
    interval: int = 400,
    layout: str | None = "constrained",
) -> ipywidgets.VBox:
    """A slider over one parameter that shows a precomputed picture for each of its values.

    Every frame is drawn now: ``frames[i] = draw(fig, values[i])`` on a fresh
    ``matplotlib.figure.Figure(figsize=figsize, dpi=dpi, layout="constrained")``, saved as a 64-colour
    PNG. The browser then shows ``frames[slider.index]`` (``jslink``), so the explorer also works in the
    static book, with no kernel.

    Args:
        draw: ``draw(fig, v)`` draws the picture for value ``v`` onto ``fig`` (add axes with
            ``fig.add_subplot()``); its return value is ignored.
        values: the parameter values, in slider order (a list, tuple, range or 1-D array; at most
            ``MAX_FRAMES``). The slider shows them as labels: ``1, 2, 3``; ``0.5, 1.0, 1.5``;
            ``1e-05, 0.001, 0.1``; strings as they are.
        label: the parameter's name, written before the slider (may contain ``$...$`` maths).
        figsize: figure size in inches, ``(width, height)``.
        dpi: pixels per inch; the frame is ``figsize * dpi`` pixels.
        play: add a Play button that steps through the values.
        value: the value shown first. Default: the first value when ``play`` is true (so Play runs from the
            start), otherwise the middle one (so the reader sees a typical frame and can go both ways).
        description: optional HTML shown above the controls (what to look for); ``$...$`` is maths.
        caption: optional ``caption(v) -> str``; its HTML (``$...$`` is maths) is shown under each frame
            and changes with it.
        interval: milliseconds between frames when playing.
        layout: the figure's layout engine: ``"constrained"`` (default: labels and colorbars always fit),
            ``"compressed"``, ``"tight"``, or ``None`` (fastest: about half the drawing time per frame;
            set the margins yourself, e.g. ``fig.subplots_adjust(...)`` in ``draw``).

    Returns:
        An ``ipywidgets.VBox``: ``[description HTML (if any), controls, Stack of frames]``, where the
        controls are the ``SelectionSlider`` (in an ``HBox`` after the ``Play`` button when ``play``).

    Raises:
        TypeError: ``draw`` or ``caption`` is not callable, ``values`` is not a sequence, ``label`` is not a
            string.
        ValueError: ``values`` is empty, has more than ``MAX_FRAMES`` values or two that print the same,
            or ``value`` is not one of them.
    """
    widgets = _import_widgets()
    _check_callable(draw, "draw", "draw(fig, value)")
    _check_callable(caption, "caption", "caption(value) -> str", optional=True)
    _check_label(label, "label")
    values = _as_values(values, "values")
    _check_frame_count(len(values), "frame_explorer")
    figsize, dpi = _check_figure_size(figsize, dpi)
    _check_layout(layout)
    if not isinstance(play, bool):
        raise TypeError(f"play must be True or False, got {type(play).__name__} {play!r}")
    interval = check_int(interval, "interval", minimum=1)
    _check_description(description)
    labels = _format_labels(values, "values")
    default = 0 if play else (len(values) - 1) // 2
    start = default if value is None else _index_of(value, values, labels, "value")

    shared = _SharedStyle(widgets)
    frames = [
        shared.frame(
            _render_png(draw, (v,), figsize, dpi, layout, where=f"{label} = {text}"),
            None if caption is None else _call_caption(caption, (v,), f"{label} = {text}"),
        )
        for v, text in zip(values, labels)
    ]
    stack = widgets.Stack(children=frames, selected_index=start)
    slider = _selection_slider(widgets, labels, values, start, label, width=figsize[0] * dpi)
    widgets.jslink((slider, "index"), (stack, "selected_index"))

    controls: ipywidgets.Widget = slider
    if play:
        player = widgets.Play(
            value=start, min=0, max=len(values) - 1, step=1, interval=interval,
            description="Play", show_repeat=False,
        )
        widgets.jslink((player, "value"), (slider, "index"))
        controls = widgets.HBox([player, slider])
    return widgets.VBox(_with_description(widgets, description, [controls, stack]))


def frame_explorer_2d(
    draw: Callable[[Figure, Any, Any], Any],
    values_a: Iterable[Any],
    values_b: Iterable[Any],
    *,
    label_a: str,
    label_b: str,
    figsize: tuple[float, float] = (4.8, 3.2),
    dpi: float = 80,
    value_a: Any = None,
    value_b: Any = None,
    description: str | None = None,
    caption: Callable[[Any, Any], str] | None = None,
    layout: str | None = "constrained",
) -> ipywidgets.VBox:
    """Two sliders over two parameters, showing a precomputed picture for every pair of values.

    ``frames[i][j] = draw(fig, values_a[i], values_b[j])`` for every pair (``len(values_a) *
    len(values_b)`` frames, at most ``MAX_FRAMES``); the browser shows
    ``frames[slider_a.index][slider_b.index]``. The frames sit in an outer Stack indexed by ``a`` whose
    children are inner Stacks indexed by ``b``; slider A is ``jslink``-ed to the outer Stack and slider B
    ``jsdlink``-ed to every inner one, so both work in the static book.

    Args:
        draw: ``draw(fig, a, b)`` draws the picture for the pair ``(a, b)``.
        values_a, values_b: the two parameters' values, in slider order.
        label_a, label_b: the parameters' names, written before their sliders.
        figsize, dpi: figure size in inches and pixels per inch, as in ``frame_explorer``.
        value_a, value_b: the values shown first (default: the middle ones).
        description: optional HTML shown above the sliders (``$...$`` is maths).
        caption: optional ``caption(a, b) -> str``, HTML shown under each frame.
        layout: the figure's layout engine, as in ``frame_explorer``.

    Returns:
        An ``ipywidgets.VBox``: ``[description HTML (if any), slider A, slider B, outer Stack]``.

    Raises:
        TypeError, ValueError: as ``frame_explorer``, for each argument; ValueError if
            ``len(values_a) * len(values_b) > MAX_FRAMES``.
    """
    widgets = _import_widgets()
    _check_callable(draw, "draw", "draw(fig, a, b)")
    _check_callable(caption, "caption", "caption(a, b) -> str", optional=True)
    _check_label(label_a, "label_a")
    _check_label(label_b, "label_b")
    values_a = _as_values(values_a, "values_a")
    values_b = _as_values(values_b, "values_b")
    _check_frame_count(
        len(values_a) * len(values_b),
        f"frame_explorer_2d ({len(values_a)} values_a x {len(values_b)} values_b)",
    )
    figsize, dpi = _check_figure_size(figsize, dpi)
    _check_layout(layout)
    _check_description(description)
    labels_a = _format_labels(values_a, "values_a")
    labels_b = _format_labels(values_b, "values_b")
    start_a = (len(values_a) - 1) // 2 if value_a is None else _index_of(value_a, values_a, labels_a, "value_a")
    start_b = (len(values_b) - 1) // 2 if value_b is None else _index_of(value_b, values_b, labels_b, "value_b")

    shared = _SharedStyle(widgets)
    inner_stacks = []
    for a, text_a in zip(values_a, labels_a):
        frames = []
        for b, text_b in zip(values_b, labels_b):
            where = f"{label_a} = {text_a}, {label_b} = {text_b}"
            png = _render_png(draw, (a, b), figsize, dpi, layout, where=where)
            text = None if caption is None else _call_caption(caption, (a, b), where)
            frames.append(shared.frame(png, text))
        inner_stacks.append(widgets.Stack(children=frames, selected_index=start_b, layout=shared.box_layout))
    outer = widgets.Stack(children=inner_stacks, selected_index=start_a)

    width = figsize[0] * dpi
    slider_a = _selection_slider(widgets, labels_a, values_a, start_a, label_a, width=width)
    slider_b = _selection_slider(widgets, labels_b, values_b, start_b, label_b, width=width)
    widgets.jslink((slider_a, "index"), (outer, "selected_index"))
    for inner in inner_stacks:  # one-way: an inner Stack never moves slider B back
        widgets.jsdlink((slider_b, "index"), (inner, "selected_index"))
    return widgets.VBox(_with_description(widgets, description, [slider_a, slider_b, outer]))


# ----------------------------------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------------------------------


def _import_widgets() -> Any:
    try:
        import ipywidgets
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("mlp.widgets needs ipywidgets 8: pip install 'ipywidgets>=8,<9'") from error
    if not hasattr(ipywidgets, "Stack"):  # Stack is new in ipywidgets 8
        raise ImportError(
            f"mlp.widgets needs ipywidgets 8 (for widgets.Stack), found {ipywidgets.__version__}: "
            "pip install 'ipywidgets>=8,<9'"
        )
    return ipywidgets


class _SharedStyle:
    """One Layout (and one caption style) shared by every frame: each model in the page costs ~1 kB."""

    def __init__(self, widgets: Any) -> None:
        self.widgets = widgets
        self.image_layout = widgets.Layout()
        self.box_layout = widgets.Layout()
        self.caption_layout = widgets.Layout()
        self.caption_style: Any = None  # the first caption's style, then reused

    def frame(self, png: bytes, caption: str | None) -> Any:
        """An Image of the PNG, with the caption under it when there is one."""
        image = self.widgets.Image(value=png, format="png", layout=self.image_layout)
        if caption is None:
            return image
        if self.caption_style is None:
            text = self.widgets.HTMLMath(value=caption, layout=self.caption_layout)
            self.caption_style = text.style
        else:
            text = self.widgets.HTMLMath(value=caption, layout=self.caption_layout, style=self.caption_style)
        return self.widgets.VBox([image, text], layout=self.box_layout)


def _render_png(
    draw: Callable[..., Any], args: tuple[Any, ...], figsize: tuple[float, float], dpi: float,
    layout: str | None, *, where: str
) -> bytes:
    """Draw one frame on a fresh Figure and return it as a 64-colour PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    # "constrained" keeps axis labels and colorbars inside the frame, whatever draw adds.
    fig = Figure(figsize=figsize, dpi=dpi, layout=layout)  # type: ignore[arg-type]  # checked by the caller
    try:
        draw(fig, *args)
    except Exception as error:
        if hasattr(error, "add_note"):  # Python 3.11+: say which frame failed, keep the original error
            error.add_note(f"(raised by draw while drawing the frame for {where})")
        raise
    canvas = FigureCanvasAgg(fig)  # render to pixels directly: no PNG encoded only to be decoded again
    canvas.draw()
    pixels = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    # Fast octree keeps smooth colour maps (decision boundaries) truer than median cut, and is faster.
    # No dithering: plots are flat colours and lines, and dither noise would only add bytes.
    small = pixels.quantize(colors=PALETTE_COLORS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _call_caption(caption: Callable[..., Any], args: tuple[Any, ...], where: str) -> str:
    text = caption(*args)
    if not isinstance(text, str):
        raise TypeError(f"caption must return a str (HTML) for {where}, got {type(text).__name__} {text!r}")
    return text


def _selection_slider(
    widgets: Any, labels: list[str], values: list[Any], start: int, label: str, *, width: float
) -> Any:
    """A SelectionSlider whose readout is the value's label, as wide as the frame (at least 300 px)."""
    return widgets.SelectionSlider(
        options=list(zip(labels, values)),
        index=start,
        description=label,
        continuous_update=True,  # frames change while dragging, not only on release
        style={"description_width": "initial"},
        layout=widgets.Layout(width=f"{max(300, round(width))}px"),
    )


def _with_description(widgets: Any, description: str | None, children: list[Any]) -> list[Any]:
    if description is None:
        return children
    return [widgets.HTMLMath(value=description), *children]


# ----------------------------------------------------------------------------------------------------
# Argument checks and value labels
# ----------------------------------------------------------------------------------------------------


def _check_callable(function: Any, name: str, expected: str, *, optional: bool = False) -> None:
    if function is None and optional:
        return
    if not callable(function):
        raise TypeError(f"{name} must be a function {expected}, got {type(function).__name__} {function!r}"[:200])


def _check_description(description: Any) -> None:
    if description is not None and not isinstance(description, str):
        raise TypeError(f"description must be a str (HTML) or None, got {type(description).__name__}")


def _check_label(label: Any, name: str) -> None:
    if not isinstance(label, str) or not label.strip():
        raise TypeError(f"{name} must be a non-empty str naming the parameter, got {label!r}")


def _as_values(values: Any, name: str) -> list[Any]:
    """The slider's values as a list (NumPy arrays become Python numbers)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} must be a list, tuple, range or 1-D array of values, got {type(values).__name__} {values!r}"[:200]
        )
    array: Any = values
    if hasattr(array, "ndim") and hasattr(array, "tolist"):  # NumPy arrays
        if array.ndim != 1:
            raise ValueError(f"{name} must be 1-D, got an array of shape {array.shape}")
        values = array.tolist()
    out = list(values)
    if not out:
        raise ValueError(f"{name} is empty; expected at least one value to explore")
    return out


def _check_frame_count(n_frames: int, what: str) -> None:
    if n_frames > MAX_FRAMES:
        raise ValueError(
            f"{what} would draw {n_frames} frames, more than MAX_FRAMES = {MAX_FRAMES}. Every frame is a "
            f"picture stored in the page (about {_KB_PER_FRAME} kB each), so {n_frames} frames would add about "
            f"{n_frames * _KB_PER_FRAME} kB to the page and take long to draw. Use fewer values, "
            "e.g. np.linspace(start, stop, 25)."
        )


LAYOUTS = ("constrained", "compressed", "tight", None)


def _check_layout(layout: Any) -> None:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")


def _check_figure_size(figsize: Any, dpi: Any) -> tuple[tuple[float, float], float]:
    if isinstance(figsize, (str, bytes)) or not isinstance(figsize, Sequence) or len(figsize) != 2:
        raise TypeError(f"figsize must be (width, height) in inches, got {figsize!r}")
    width = check_positive(figsize[0], "figsize[0] (width in inches)")
    height = check_positive(figsize[1], "figsize[1] (height in inches)")
    return (width, height), check_positive(dpi, "dpi")


def _format_value(value: Any, digits: int) -> str:
    """A short label: 3 -> "3", 0.1 -> "0.1", 1e-05 -> "1e-05", 2.0 -> "2", "relu" -> "relu"."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if number.is_integer() and abs(number) < 1e6:
            return str(int(number))
        return f"{number:.{digits}g}"
    return str(value)


def _common_decimals(values: list[Any], most: int = 3) -> int | None:
    """Fewest decimals (at most ``most``) that write every number exactly, or None.

    A grid like 6.0, 6.1, ..., 9.0 then reads "6.0 ... 8.0 ... 9.0" rather than "6 ... 8 ... 9".
    """
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values):
        return None
    numbers_ = [float(v) for v in values]
    if all(isinstance(v, numbers.Integral) for v in values) or not all(math.isfinite(x) for x in numbers_):
        return None
    if max(abs(x) for x in numbers_) >= 1e6:
        return None
    for decimals in range(most + 1):
        if all(abs(x - round(x, decimals)) <= 1e-9 * max(1.0, abs(x)) for x in numbers_):
            return decimals
    return None


def _format_labels(values: list[Any], name: str) -> list[str]:
    """Distinct slider labels: one number of decimals for a grid of numbers (0.5, 1.0, 1.5), otherwise
    as few significant digits as keep them apart (1e-05, 0.001, 0.1)."""
    decimals = _common_decimals(values)
    if decimals is not None:
        labels = [f"{float(value):.{decimals}f}" for value in values]
        if len(set(labels)) == len(labels):
            return labels
    for digits in (3, 4, 6, 8, 12, 17):
        labels = [_format_value(value, digits) for value in values]
        if len(set(labels)) == len(labels):
            return labels
    duplicates = sorted({text for text in labels if labels.count(text) > 1})
    raise ValueError(f"{name} must be distinct (each one a slider position), but these repeat: {duplicates}")


def _index_of(value: Any, values: list[Any], labels: list[str], name: str) -> int:
    """Position of ``value`` in ``values`` (numbers compare with a tiny tolerance: 0.1 + 0.2 finds 0.3)."""
    for index, candidate in enumerate(values):
        try:
            if bool(candidate == value):
                return index
        except (TypeError, ValueError):  # e.g. comparing arrays
            continue
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        for index, candidate in enumerate(values):
            if isinstance(candidate, numbers.Real) and math.isclose(candidate, value, rel_tol=1e-9, abs_tol=1e-12):
                return index
    raise ValueError(f"{name}={value!r} is not one of the values; expected one of {labels}"[:300])
