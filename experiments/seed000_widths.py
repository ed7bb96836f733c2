"""Seed 000, Table 1: five optimizers on a 784-h-h-h-10 ReLU network for h in {10, 50, 100, 300, 500}.

The paper (seed 000) trains a network with three hidden layers of h ReLU neurons each, a softmax output and
the cross-entropy loss on MNIST with SGD, Momentum, AdaGrad, RMSProp and Adam, repeats every setting 10 times
and reports the average training time and final cross-entropy (its Table 1). It does not say the batch size,
the learning rates or the number of iterations. Its update equations are written exactly as in Saito's
"Deep Learning from Scratch" (h <- h + grad*grad for AdaGrad, ...), its figures plot the loss against the
iteration, and its text says the curves settle "from about 500 iterations" and recommends "200 iterations",
so the curves run past 500. We therefore take that book's own optimizer comparison on MNIST as the missing
settings (ch. 6, optimizer_compare_mnist.py): mini-batches of 128, 2000 iterations, He initialisation for
ReLU, and the book's default learning rates, which are also PyTorch's defaults:

    SGD 0.01;  Momentum 0.01 with momentum 0.9;  AdaGrad 0.01;  RMSProp 0.01 with decay 0.99;
    Adam 0.001 with betas (0.9, 0.999).

One run = one network (seeded), one optimizer, ``--iterations`` mini-batch steps on the 60,000 training
images. We record the mini-batch loss of every step (saved as the average of each block of 10 steps), the
loss on a fixed 10,000-image subset of the training set at the end ("final CEE"), the test loss and accuracy,
the wall time and CPU time of the training steps (evaluations excluded), and the optimizer's state in bytes.
Repeat r uses seed r for both the initial weights and the batch order, so at a given width all optimizers
start from the same weights and see the same batches.

    python experiments/seed000_widths.py            # quick: 100 iterations, 1 repeat, 10,000 images
    python experiments/seed000_widths.py --full     # the committed result: the paper's 10 repeats
                                                    # (about 35 minutes on one core)

For timing, run with one BLAS thread (OPENBLAS_NUM_THREADS=1): the times then measure the same arithmetic on
every run, and the provenance block records the setting.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))        # _runner
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))    # mlp, when run from a checkout

import mlp  # noqa: E402
from mlp.training import Callback  # noqa: E402
from _runner import Experiment  # noqa: E402

WIDTHS = (10, 50, 100, 300, 500)
OPTIMIZERS = ("SGD", "Momentum", "AdaGrad", "RMSProp", "Adam")

#: The learning rates and hyper-parameters we chose (the paper gives none): Deep Learning from Scratch's
#: defaults, which equal PyTorch's.
SETTINGS = {
    "SGD": {"name": "sgd", "lr": 0.01},
    "Momentum": {"name": "momentum", "lr": 0.01, "momentum": 0.9},
    "AdaGrad": {"name": "adagrad", "lr": 0.01},
    "RMSProp": {"name": "rmsprop", "lr": 0.01, "alpha": 0.99},
    "Adam": {"name": "adam", "lr": 0.001, "betas": (0.9, 0.999)},
    # Not in the paper: RMSProp at Keras's default learning rate, to see how much the one setting we are least
    # sure of (0.01 or 0.001: the two common defaults) matters.
    "RMSProp lr=0.001": {"name": "rmsprop", "lr": 0.001, "alpha": 0.99},
}
ARMS = (*OPTIMIZERS, "RMSProp lr=0.001")

#: Seed 000's Table 1: (total training time in seconds, final cross-entropy) per optimizer, rows h = WIDTHS.
PAPER_TABLE_1 = {
    "SGD": [(2.9, 0.62), (3.6, 0.25), (5.2, 0.24), (17.9, 0.20), (42.2, 0.21)],
    "Momentum": [(2.9, 0.24), (4.1, 0.09), (5.8, 0.06), (21.2, 0.04), (48.8, 0.05)],
    "AdaGrad": [(3.1, 0.81), (4.5, 0.20), (5.9, 0.15), (23.0, 0.07), (57.6, 0.03)],
    "RMSProp": [(2.9, 0.55), (3.9, 0.09), (5.9, 0.05), (23.1, 0.04), (57.4, 0.06)],
    "Adam": [(3.2, 0.31), (4.0, 0.07), (6.5, 0.03), (28.9, 0.03), (70.4, 0.01)],
}

QUICK = {"iterations": 100, "repeats": 1, "n_train": 10_000, "n_test": 2_000, "train_eval_size": 2_000}
FULL = {"iterations": 2000, "repeats": 10, "n_train": None, "n_test": None, "train_eval_size": 10_000}
BLOCK = 10  # the per-iteration loss is saved as the mean of each block of this many iterations


def sig(value: float, digits: int = 6) -> float | None:
    """Round to ``digits`` significant digits (keeps the JSON small); NaN/inf become None."""
    value = float(value)
    return float(f"{value:.{digits}g}") if np.isfinite(value) else None


def build_optimizer(label: str) -> mlp.optim.Optimizer:
    """The optimizer called ``label`` in the paper, with our chosen hyper-parameters (``SETTINGS``)."""
    kwargs = dict(SETTINGS[label])
    return mlp.optim.get(kwargs.pop("name"), **kwargs)


class CpuClock(Callback):
    """CPU seconds of the training steps: process_time() from the first step to the last (no evaluations)."""

    def __init__(self, iterations: int) -> None:
        self.iterations = iterations
        self.start = time.process_time()
        self.seconds = float("nan")

    def on_iteration(self, history: mlp.History, model: Any) -> None:
        if len(history) == self.iterations:
            self.seconds = time.process_time() - self.start


def run_one(width: int, label: str, repeat: int, data: dict[str, np.ndarray], settings: dict[str, Any]) -> dict:
    """Train 784-h-h-h-10 with one optimizer for ``settings['iterations']`` steps; return its numbers."""
    net = mlp.MLP([784, width, width, width, 10], activation="relu", seed=repeat)  # He initialisation
    optimizer = build_optimizer(label)
    iterations = settings["iterations"]
    clock = CpuClock(iterations)
    history = mlp.fit(
        net, mlp.SoftmaxCrossEntropy(), optimizer, data["x_train"], data["y_train"],
        batch_size=settings["batch_size"], max_iterations=iterations, eval_every=iterations,
        x_val=data["x_test"], y_val=data["y_test"], train_eval_size=settings["train_eval_size"],
        seed=repeat, on_divergence="stop", progress=False, callbacks=[clock],
    )
    losses = np.asarray(history.loss, dtype=np.float64)
    done = len(losses) - len(losses) % BLOCK
    final = history.final()
    return {
        "width": width, "optimizer": label, "repeat": repeat,
        "iterations_done": len(history), "diverged": history.diverged,
        "last_batch_loss": sig(losses[-1]),
        "final_train_loss": sig(final.get("train_loss", np.nan)),
        "final_test_loss": sig(final.get("val_loss", np.nan)),
        "final_test_accuracy": sig(final.get("val_accuracy", np.nan)),
        "curve": [sig(v, 5) for v in losses[:done].reshape(-1, BLOCK).mean(axis=1)],
        "train_time_s": round(history.time[-1], 3),
        "cpu_time_s": round(clock.seconds, 3),
        "optimizer_state_bytes": optimizer.memory_bytes(),
        "parameters": net.n_parameters,
    }


def summarize(runs: list[dict], widths: tuple[int, ...], optimizers: tuple[str, ...]) -> list[dict]:
    """One row per (width, optimizer): means and standard deviations over the repeats, and the mean curve."""
    rows = []
    for width in widths:
        for label in optimizers:
            mine = [r for r in runs if r["width"] == width and r["optimizer"] == label]
            row: dict[str, Any] = {"width": width, "optimizer": label, "repeats": len(mine),
                                   "diverged": sum(r["diverged"] for r in mine)}
            for key in ("last_batch_loss", "final_train_loss", "final_test_loss", "final_test_accuracy",
                        "train_time_s", "cpu_time_s"):
                values = np.array([np.nan if r[key] is None else r[key] for r in mine], dtype=np.float64)
                suffix = "_s" if key.endswith("_s") else ""
                stem = key[: -len(suffix)] if suffix else key
                row[f"{stem}_mean{suffix}"] = sig(values.mean(), 5)
                row[f"{stem}_std{suffix}"] = sig(values.std(ddof=1), 5) if len(values) > 1 else None
            row["optimizer_state_bytes"] = mine[0]["optimizer_state_bytes"]
            row["parameters"] = mine[0]["parameters"]
            curves = [r["curve"] for r in mine if len(r["curve"]) == len(mine[0]["curve"])]
            row["mean_curve"] = [sig(v, 5) for v in np.mean(np.array(curves, dtype=np.float64), axis=0)]
            rows.append(row)
    return rows


def main() -> None:
    experiment = Experiment("seed000_widths", "Seed 000 Table 1: five optimizers on 784-h-h-h-10, h = 10..500")
    parser = experiment.parser
    parser.add_argument("--repeats", type=int, default=None, help="override the number of repeats")
    parser.add_argument("--iterations", type=int, default=None, help="override the number of iterations")
    parser.add_argument("--batch-size", type=int, default=128, help="mini-batch size (default 128)")
    parser.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS), help="hidden widths h")
    args = experiment.parse_args()
    settings = dict(FULL if args.full else QUICK)
    if args.repeats is not None:
        settings["repeats"] = args.repeats
    if args.iterations is not None:
        settings["iterations"] = args.iterations
    settings["batch_size"] = args.batch_size
    widths = tuple(args.widths)

    (x_train, y_train), (x_test, y_test) = mlp.datasets.load_mnist(
        n_train=settings["n_train"], n_test=settings["n_test"], seed=0)
    data = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}

    runs: list[dict] = []
    for repeat in range(settings["repeats"]):
        for width in widths:
            for label in ARMS:
                run = run_one(width, label, repeat, data, settings)
                runs.append(run)
                print(f"repeat {repeat} h={width:3d} {label:16s} final train CEE {run['final_train_loss']} "
                      f"test acc {run['final_test_accuracy']} wall {run['train_time_s']:.1f} s "
                      f"cpu {run['cpu_time_s']:.1f} s", flush=True)
        # Save after every repeat, so a run stopped early still leaves the repeats it finished.
        save(experiment, args, settings, widths, len(x_train), len(x_test), runs, repeat + 1)


def save(experiment: Experiment, args: Any, settings: dict, widths: tuple[int, ...], n_train: int, n_test: int,
         runs: list[dict], completed: int) -> None:
    """Write the results of the ``completed`` repeats so far (the summary rows, every run, the paper's table)."""
    scaled = None
    if args.full and completed < 10:
        scaled = (f"{completed} repeats so far of the paper's 10 (a run stopped early, or --repeats); "
                  "everything else at the paper's scale as we read it")
    experiment.save({
        "settings": {
            **settings, "repeats_completed": completed, "widths": list(widths), "optimizers": list(OPTIMIZERS),
            "arms": list(ARMS),
            "hyperparameters": {k: {n: v for n, v in s.items() if n != "name"} for k, s in SETTINGS.items()},
            "architecture": "784-h-h-h-10, ReLU, softmax + cross-entropy, He initialisation",
            "n_train_used": n_train, "n_test_used": n_test, "curve_block": BLOCK,
            "final_cee": "cross-entropy on a fixed random subset of train_eval_size training images at the end",
            "scaled_down": scaled,
        },
        "paper_table_1": {k: [{"width": w, "time_s": t, "final_cee": c} for w, (t, c) in zip(WIDTHS, v)]
                          for k, v in PAPER_TABLE_1.items()},
        "rows": summarize(runs, widths, ARMS),
        "runs": [{k: v for k, v in r.items() if k != "curve"} for r in runs],
    })


if __name__ == "__main__":
    main()
