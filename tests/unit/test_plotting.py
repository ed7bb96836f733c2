"""Tests for mlp.plotting: every function draws on an Agg backend and returns its Axes."""

from __future__ import annotations

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from mlp import plotting  # noqa: E402
from mlp.losses import MSE, SoftmaxCrossEntropy  # noqa: E402
from mlp.network import MLP  # noqa: E402
from mlp.optim import SGD  # noqa: E402
from mlp.training import History, fit  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    y = np.arange(30) % 3
    x = rng.normal(scale=0.4, size=(30, 2)) + np.array([[-1, 0], [1, 0], [0, 1.5]])[y]
    return x.astype(np.float32), y


@pytest.fixture(scope="module")
def run(data):
    x, y = data
    net = MLP([2, 8, 3], seed=0)
    history = fit(net, SoftmaxCrossEntropy(), SGD(lr=0.3), x, y, epochs=4, batch_size=10, x_val=x, y_val=y)
    return net, history


def test_decision_boundary_with_model_function_and_figure_axes(data, run):
    x, y = data
    net, _ = run
    ax = plotting.plot_decision_boundary(net, x, y, resolution=30)
    assert isinstance(ax, Axes) and len(ax.collections) > 0
    figure_ax = Figure().add_subplot()  # no pyplot, as the widgets use it
    assert plotting.plot_decision_boundary(lambda p: (p[:, 0] > 0).astype(int), x, ax=figure_ax,
                                           resolution=20) is figure_ax
    one_output = lambda p: 1 / (1 + np.exp(-p[:, :1]))  # noqa: E731  one sigmoid column
    plotting.plot_decision_boundary(one_output, x, y % 2, resolution=20, show_points=False, labels=["no", "yes"])


def test_decision_boundary_errors(data, run):
    x, y = data
    net, _ = run
    with pytest.raises(ValueError, match="2 columns"):
        plotting.plot_decision_boundary(net, np.zeros((4, 3)), resolution=10)
    with pytest.raises(ValueError, match="rows but y has"):
        plotting.plot_decision_boundary(net, x, y[:5], resolution=10)
    with pytest.raises(ValueError, match="resolution"):
        plotting.plot_decision_boundary(net, x, y, resolution=1)
    with pytest.raises(TypeError, match="predictor"):
        plotting.plot_decision_boundary(42, x, y, resolution=10)
    with pytest.raises(TypeError, match="ax must be"):
        plotting.plot_decision_boundary(net, x, y, ax="left", resolution=10)


def test_plot_history_panels(run):
    _, history = run
    ax = plotting.plot_history(history)
    assert isinstance(ax, Axes) and len(ax.lines) == 3  # mini-batch, training, validation
    axes = plotting.plot_history(history, metrics=("loss", "accuracy", "lr"), x_axis="epoch", smooth=3)
    assert len(axes) == 3 and all(isinstance(a, Axes) for a in axes)
    assert axes[0].get_xlim()[1] <= 4.5  # epochs, not iterations
    fig = Figure()
    given = [fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)]
    assert plotting.plot_history(history, ax=given, metrics=["loss", "accuracy"]) == given
    assert history.plot() is not None


def test_plot_history_marks_early_stopping_and_divergence():
    stopped = History(iterations=[1, 2, 3], epochs=[1, 2, 3], loss=[1.0, 0.5, 0.6], lr=[0.1] * 3, time=[0, 1, 2],
                      evaluations=[{"iteration": i, "epoch": i, "train_loss": v, "train_accuracy": None,
                                    "val_loss": v, "val_accuracy": None, "time": i}
                                   for i, v in zip([1, 2, 3], [1.0, 0.5, 0.6])],
                      best_iteration=2, stopped_early=True)
    ax = plotting.plot_history(stopped, log_scale=True)
    assert any(line.get_label() == "best (restored)" for line in ax.lines) and ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="no accuracy"):
        plotting.plot_history(stopped, metrics="accuracy")
    diverged = History(iterations=[1, 2], epochs=[1, 1], loss=[1.0, float("nan")], lr=[10.0, 10.0], time=[0, 0],
                       diverged=True, message="loss became nan at iteration 2 (epoch 1) with lr=10: ...")
    assert "diverged" in plotting.plot_history(diverged).get_title()


def test_plot_history_errors(run):
    _, history = run
    with pytest.raises(TypeError, match="History"):
        plotting.plot_history({"loss": [1, 2]})
    with pytest.raises(ValueError, match="metric"):
        plotting.plot_history(history, metrics="precision")
    with pytest.raises(ValueError, match="sequence of 2 Axes"):
        plotting.plot_history(history, ax=Figure().add_subplot(), metrics=("loss", "accuracy"))
    with pytest.raises(ValueError, match="x_axis"):
        plotting.plot_history(history, x_axis="time")


def test_plot_loss_curves(run):
    _, history = run
    ax = plotting.plot_loss_curves({"sgd": history, "by hand": [1.0, 0.5, float("nan")]}, smooth=2, log_scale=True)
    assert isinstance(ax, Axes) and [line.get_label() for line in ax.lines] == ["sgd", "by hand"]
    ax = plotting.plot_loss_curves({"a": history, "b": history}, metric="val_accuracy", x_axis="epoch", title="t")
    assert ax.get_title() == "t"
    with pytest.raises(TypeError, match="non-empty dict"):
        plotting.plot_loss_curves({})
    with pytest.raises(TypeError, match="list of numbers"):
        plotting.plot_loss_curves({"x": ["a", "b"]})
    regression = fit(MLP([2, 1], seed=0), MSE(), SGD(lr=0.01), np.ones((4, 2)), np.ones(4), epochs=1)
    with pytest.raises(ValueError, match="has no 'val_loss'"):
        plotting.plot_loss_curves({"r": regression}, metric="val_loss")


def elongated_bowl(x, y):
    return x**2 / 20 + y**2


def test_plot_surface_path():
    path = np.array([[-7.0, 2.0], [-6.0, -1.5], [-5.0, 1.0], [-4.0, -0.5]])
    ax = plotting.plot_surface_path(elongated_bowl, {"sgd": path}, minimum=(0, 0), resolution=40)
    assert isinstance(ax, Axes)
    assert ax.get_xlim()[0] < -7 and ax.get_xlim()[1] > 0  # the area covers the path and the minimum
    rosenbrock = lambda w: (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2  # noqa: E731  f(w) form
    ax = plotting.plot_surface_path(rosenbrock, [path, path + 1], xlim=(-2, 2), ylim=(-1, 3), resolution=30,
                                    levels=[1, 10, 100], ax=Figure().add_subplot(), title="Rosenbrock")
    assert ax.get_title() == "Rosenbrock"
    diverging = np.array([[0.0, 1.0], [0.0, -3.0], [np.nan, np.nan]])
    plotting.plot_surface_path(elongated_bowl, diverging, resolution=20)


def test_plot_surface_path_errors():
    with pytest.raises(ValueError, match="give xlim and ylim"):
        plotting.plot_surface_path(elongated_bowl)
    with pytest.raises(ValueError, match="vectorized"):
        plotting.plot_surface_path(lambda x, y: 1.0, xlim=(0, 1), ylim=(0, 1), resolution=10)
    with pytest.raises(ValueError, match="shape \\(steps, 2\\)"):
        plotting.plot_surface_path(elongated_bowl, {"bad": np.zeros((3, 3))})
    with pytest.raises(TypeError, match="f must be a function"):
        plotting.plot_surface_path(3, xlim=(0, 1), ylim=(0, 1))


def test_show_digits():
    rng = np.random.default_rng(0)
    images = rng.random((12, 784))
    labels = np.arange(12) % 10
    predictions = labels.copy()
    predictions[3] = 8
    ax = plotting.show_digits(images, labels, predictions, ncols=5)
    assert isinstance(ax, Axes)
    assert ax.images[0].get_array().shape == (3 * 30, 5 * 30)  # 3 rows x 5 columns of 28 px + 2 px gap
    captions = [t.get_text() for t in ax.texts]
    assert len(captions) == 12 and captions[3] == "8 (3)" and captions[0] == "0"
    plotting.show_digits(images.reshape(12, 28, 28)[:4], ax=Figure().add_subplot())
    plotting.show_digits(rng.random((2, 12)), shape=(3, 4))
    with pytest.raises(ValueError, match="not a square"):
        plotting.show_digits(rng.random((2, 12)))
    with pytest.raises(ValueError, match="labels has 3 entries"):
        plotting.show_digits(images, labels[:3])


def test_moving_average():
    np.testing.assert_allclose(plotting.moving_average([1, 2, 3, 4], 2), [1.5, 2.5, 3.5])
    assert plotting.moving_average([1, 2], 5).size == 0
    with pytest.raises(ValueError, match="window"):
        plotting.moving_average([1, 2], 0)


def test_decision_boundary_accepts_objects_with_predict_and_ensembles(data, run):
    from mlp.ensemble import VotingEnsemble

    x, y = data
    net, _ = run

    class ThresholdRule:  # like mlp.perceptron.Perceptron: only predict()
        def predict(self, points):
            return (points[:, 0] + points[:, 1] > 0).astype(np.int64)

    plotting.plot_decision_boundary(ThresholdRule(), x, y % 2, resolution=15)
    ensemble = VotingEnsemble([net, ThresholdRule()], voting="soft", n_classes=3)
    assert isinstance(plotting.plot_decision_boundary(ensemble, x, y, resolution=15), Axes)


def test_plot_surface_path_styles_and_legend():
    path = np.array([[-7.0, 2.0], [-6.0, -1.5], [-5.0, 1.0]])
    paths = {"wide": path, "dashed": path + 0.1}
    ax = plotting.plot_surface_path(elongated_bowl, paths, resolution=20, legend=False,
                                    styles={"dashed": {"linestyle": "--", "marker": ""}})
    assert ax.get_legend() is None
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert lines["dashed"].get_linestyle() == "--" and lines["dashed"].get_marker() == ""
    assert lines["wide"].get_linestyle() == "-" and lines["wide"].get_marker() == "o"  # the default
    handles, labels = ax.get_legend_handles_labels()
    assert labels == ["wide", "dashed"]                   # still there for a figure legend
    with pytest.raises(ValueError, match="styles names paths that are not in paths: \\['sgd'\\]"):
        plotting.plot_surface_path(elongated_bowl, paths, resolution=20, styles={"sgd": {}})
    with pytest.raises(TypeError, match="styles must be a dict"):
        plotting.plot_surface_path(elongated_bowl, paths, resolution=20, styles=[("wide", {})])


def test_plot_decision_boundary_without_legend_keeps_labels():
    x = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    ax = plotting.plot_decision_boundary(lambda p: (p[:, 0] > 0.5).astype(int), x, np.array([0, 1, 0, 1]),
                                         resolution=10, legend=False)
    assert ax.get_legend() is None
    assert ax.get_legend_handles_labels()[1] == ["class 0", "class 1"]
