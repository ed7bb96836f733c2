"""Frame explorers: one precomputed frame per value, linked in the browser, clear errors on bad input."""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pytest

widgets = pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")
Image = pytest.importorskip("PIL.Image")

from mlp.widgets import MAX_FRAMES, PALETTE_COLORS, frame_explorer, frame_explorer_2d  # noqa: E402

TINY = {"figsize": (1.0, 0.8), "dpi": 20}  # 20x16-pixel frames: the tests are about structure, not looks


def draw_line(fig, slope) -> None:  # noqa: ANN001 - a matplotlib Figure
    fig.add_subplot().plot([0, 1], [0, float(slope)])


def draw_text(fig, value) -> None:  # noqa: ANN001
    fig.text(0.1, 0.5, str(value))


def draw_pair(fig, a, b) -> None:  # noqa: ANN001
    fig.add_subplot().plot([0, 1], [float(b), float(a) + float(b)])


def parts(explorer):  # noqa: ANN001, ANN201
    """(slider, stack, play or None) of a frame_explorer's VBox."""
    controls, stack = explorer.children[-2:]
    if isinstance(controls, widgets.HBox):
        play, slider = controls.children
        return slider, stack, play
    return controls, stack, None


def links_from(widget, name: str) -> list:  # noqa: ANN001
    """Every jslink/jsdlink whose source is (widget, name), found in the state the page would embed."""
    state = widgets.Widget.get_manager_state(drop_defaults=False)["state"]
    source = [f"IPY_MODEL_{widget.model_id}", name]
    return [m for m in state.values() if m["model_name"] in ("LinkModel", "DirectionalLinkModel")
            and m["state"]["source"] == source]


def png(image_widget) -> Image.Image:  # noqa: ANN001
    return Image.open(io.BytesIO(image_widget.value))


# ------------------------------------------------------------------------------------------------
# frame_explorer
# ------------------------------------------------------------------------------------------------


def test_one_png_frame_per_value_in_a_stack() -> None:
    values = [0.5, 1.0, 1.5, 2.0]
    slider, stack, play = parts(frame_explorer(draw_line, values, label="slope", **TINY))
    assert play is None
    assert isinstance(stack, widgets.Stack) and len(stack.children) == len(values)
    frames = [png(image) for image in stack.children]
    assert all(frame.format == "PNG" and frame.size == (20, 16) for frame in frames)
    assert all(frame.mode == "P" and len(frame.getcolors()) <= PALETTE_COLORS for frame in frames)
    assert len({image.value for image in stack.children}) == len(values), "different values, different frames"
    layouts = {id(image.layout) for image in stack.children}
    assert len(layouts) == 1, "all frames share one Layout (smaller pages)"


def test_slider_labels_are_the_values_and_linked_in_the_browser() -> None:
    values = np.array([1e-5, 0.1, 0.30000000000000004, 2.0, 10])
    slider, stack, _ = parts(frame_explorer(draw_line, values, label="learning rate", **TINY))
    assert isinstance(slider, widgets.SelectionSlider)
    assert slider.description == "learning rate"
    assert [text for text, _ in slider.options] == ["1e-05", "0.1", "0.3", "2", "10"]
    [link] = links_from(slider, "index")
    assert link["model_name"] == "LinkModel"  # jslink: works with no kernel
    assert link["state"]["target"] == [f"IPY_MODEL_{stack.model_id}", "selected_index"]


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ([0.1001, 0.1002], ["0.1001", "0.1002"]),  # more digits only when needed
        (np.round(np.arange(7.8, 8.25, 0.1), 1), ["7.8", "7.9", "8.0", "8.1", "8.2"]),  # one format for a grid
        ([0.5, 1, 2, 4], ["0.5", "1.0", "2.0", "4.0"]),
        ([1.0, 2.0, 3.0], ["1", "2", "3"]),
        (range(3), ["0", "1", "2"]),
        (["sigmoid", "relu"], ["sigmoid", "relu"]),
    ],
)
def test_labels_are_short_and_consistent(values, labels: list[str]) -> None:  # noqa: ANN001
    slider, _, _ = parts(frame_explorer(draw_text, values, label="x", **TINY))
    assert [text for text, _ in slider.options] == labels


def test_starts_in_the_middle_or_at_the_first_value_with_play() -> None:
    slider, stack, _ = parts(frame_explorer(draw_line, [1, 2, 3, 4, 5], label="k", **TINY))
    assert slider.index == stack.selected_index == 2
    slider, stack, play = parts(frame_explorer(draw_line, [1, 2, 3, 4, 5], label="k", play=True, **TINY))
    assert slider.index == stack.selected_index == play.value == 0


def test_start_value_is_found_with_float_tolerance() -> None:
    values = [0.1, 0.2, 0.3]
    slider, stack, _ = parts(frame_explorer(draw_line, values, label="w", value=0.1 + 0.2, **TINY))
    assert slider.index == stack.selected_index == 2


def test_play_is_linked_to_the_slider() -> None:
    slider, _, play = parts(frame_explorer(draw_line, range(6), label="epoch", play=True, interval=250, **TINY))
    assert isinstance(play, widgets.Play)
    assert (play.min, play.max, play.interval) == (0, 5, 250)
    [link] = links_from(play, "value")
    assert link["state"]["target"] == [f"IPY_MODEL_{slider.model_id}", "index"]


def test_caption_and_description_are_shown() -> None:
    explorer = frame_explorer(draw_line, [1, 2], label="w", caption=lambda w: f"<b>w = {w}</b>",
                              description="Move $w$.", **TINY)
    assert explorer.children[0].value == "Move $w$."
    _, stack, _ = parts(explorer)
    captions = [frame.children[1].value for frame in stack.children]
    assert captions == ["<b>w = 1</b>", "<b>w = 2</b>"]
    assert stack.children[0].children[1].style is stack.children[1].children[1].style


def test_draw_gets_a_fresh_matplotlib_figure_and_pyplot_is_untouched() -> None:
    from matplotlib.figure import Figure

    seen = []

    def draw(fig, value) -> None:  # noqa: ANN001
        assert isinstance(fig, Figure) and not fig.axes, "each frame starts from an empty Figure"
        seen.append(value)
        draw_line(fig, "abc".index(value))

    already_imported = "matplotlib.pyplot" in sys.modules
    frame_explorer(draw, ["a", "b", "c"], label="name", **TINY)
    assert seen == ["a", "b", "c"]
    if already_imported:
        import matplotlib.pyplot as plt

        assert not plt.get_fignums(), "no pyplot figure left open (it would be displayed)"
    else:
        assert "matplotlib.pyplot" not in sys.modules


def test_frames_are_deterministic() -> None:
    first = parts(frame_explorer(draw_line, [1, 2], label="w", **TINY))[1]
    second = parts(frame_explorer(draw_line, [1, 2], label="w", **TINY))[1]
    assert [i.value for i in first.children] == [i.value for i in second.children]


# ------------------------------------------------------------------------------------------------
# frame_explorer_2d
# ------------------------------------------------------------------------------------------------


def test_2d_outer_stack_of_inner_stacks_linked_to_two_sliders() -> None:
    values_a, values_b = [1, 2, 3], [0.0, 0.5]
    explorer = frame_explorer_2d(draw_pair, values_a, values_b, label_a="a", label_b="b", **TINY)
    slider_a, slider_b, outer = explorer.children
    assert len(outer.children) == 3 and all(len(inner.children) == 2 for inner in outer.children)
    assert (slider_a.index, slider_b.index) == (outer.selected_index, outer.children[0].selected_index) == (1, 0)
    [link_a] = links_from(slider_a, "index")
    assert link_a["model_name"] == "LinkModel"
    assert link_a["state"]["target"] == [f"IPY_MODEL_{outer.model_id}", "selected_index"]
    links_b = links_from(slider_b, "index")
    assert {link["model_name"] for link in links_b} == {"DirectionalLinkModel"}
    assert sorted(link["state"]["target"][0] for link in links_b) == sorted(
        f"IPY_MODEL_{inner.model_id}" for inner in outer.children)
    frames = [image.value for inner in outer.children for image in inner.children]
    assert len(set(frames)) == 6


def test_2d_start_values_and_caption() -> None:
    explorer = frame_explorer_2d(draw_pair, [1, 2], [3, 4, 5], label_a="a", label_b="b", value_a=2, value_b=5,
                                 caption=lambda a, b: f"{a}+{b}", **TINY)
    slider_a, slider_b, outer = explorer.children
    assert (slider_a.index, slider_b.index) == (1, 2)
    assert outer.children[1].children[2].children[1].value == "2+5"


# ------------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"values": []}, ValueError, "values is empty"),
        ({"values": np.array([])}, ValueError, "values is empty"),
        ({"values": np.zeros((2, 2))}, ValueError, "values must be 1-D"),
        ({"values": "abc"}, TypeError, "values must be a list"),
        ({"values": 3}, TypeError, "values must be a list"),
        ({"values": [1, 1.0]}, ValueError, "values must be distinct"),
        ({"values": range(MAX_FRAMES + 1)}, ValueError, "121 frames, more than MAX_FRAMES = 120"),
        ({"draw": None}, TypeError, "draw must be a function"),
        ({"draw": "plot"}, TypeError, "draw must be a function"),
        ({"caption": "w"}, TypeError, "caption must be a function"),
        ({"caption": lambda w: 3}, TypeError, "caption must return a str"),
        ({"label": ""}, TypeError, "label must be a non-empty str"),
        ({"label": None}, TypeError, "label must be a non-empty str"),
        ({"value": 7}, ValueError, "value=7 is not one of the values"),
        ({"figsize": (4, 0)}, ValueError, "figsize[1]"),
        ({"figsize": 4}, TypeError, "figsize must be (width, height)"),
        ({"dpi": -1}, ValueError, "dpi must be positive"),
        ({"play": "yes"}, TypeError, "play must be True or False"),
        ({"interval": 0}, ValueError, "interval must be >= 1"),
        ({"description": 3}, TypeError, "description must be a str"),
    ],
)
def test_bad_arguments_are_named(kwargs: dict, error: type, message: str) -> None:
    arguments = {"draw": draw_line, "values": [1, 2], "label": "w", **TINY, **kwargs}
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        frame_explorer(**arguments)


def test_too_many_frames_says_why_before_drawing_anything() -> None:
    calls = []
    with pytest.raises(ValueError, match="stored in the page") as info:
        frame_explorer(lambda fig, v: calls.append(v), np.linspace(0, 1, 500), label="w")
    assert calls == [] and "np.linspace" in str(info.value)


def test_2d_counts_all_pairs() -> None:
    with pytest.raises(ValueError, match=r"11 values_a x 11 values_b\) would draw 121 frames"):
        frame_explorer_2d(draw_pair, range(11), range(11), label_a="a", label_b="b")
    with pytest.raises(ValueError, match="values_b is empty"):
        frame_explorer_2d(draw_pair, [1], [], label_a="a", label_b="b")
    with pytest.raises(ValueError, match="value_b=9 is not one of the values"):
        frame_explorer_2d(draw_pair, [1], [2], label_a="a", label_b="b", value_b=9, **TINY)
    with pytest.raises(TypeError, match="label_b must be a non-empty str"):
        frame_explorer_2d(draw_pair, [1], [2], label_a="a", label_b=2)


def test_an_error_in_draw_says_which_frame() -> None:
    def draw(fig, w) -> None:  # noqa: ANN001
        if w == 2:
            raise ZeroDivisionError("boom")
        draw_line(fig, w)

    with pytest.raises(ZeroDivisionError, match="boom") as info:
        frame_explorer(draw, [1, 2, 3], label="w", **TINY)
    if sys.version_info >= (3, 11):
        assert "w = 2" in "".join(info.value.__notes__)


def test_importing_the_module_imports_no_plotting_or_widget_library() -> None:
    code = ("import sys, mlp.widgets; "
            "print([m for m in ('ipywidgets', 'matplotlib', 'PIL') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_layout_can_be_switched_off_for_speed_and_is_checked() -> None:
    from mlp.widgets import frame_explorer

    def draw(fig, v):
        fig.subplots_adjust(left=0.15, bottom=0.15)
        fig.add_subplot().plot([0, 1], [0, v])
        assert fig.get_layout_engine() is None

    box = frame_explorer(draw, [1, 2], label="v", layout=None)
    assert box is not None
    with pytest.raises(ValueError, match="layout must be one of"):
        frame_explorer(draw, [1, 2], label="v", layout="grid")
