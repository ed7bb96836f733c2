"""Seed 002, Figures 3-7: SGD, Momentum, AdaGrad and Adadelta on a 784-500-300-10 ReLU network.

The paper (seed 002) trains 784-500-300-10 (ReLU hidden layers, softmax output, cross-entropy) on MNIST and
shows five figures of the training loss:

- Fig. 3: SGD with batch size 1 at learning rates 0.01 and 0.1 ("0.01 fluctuates but converges, 0.1 does not");
- Fig. 4: mini-batch SGD, batch 256, at 0.1 and 0.01 (both converge, 0.1 faster);
- Fig. 5: Momentum at lr 0.01 with momentum 0.1, 0.3, 0.5, 0.7 ("larger momentum converges faster", "no big
  difference");
- Fig. 6: Adadelta with its weight gamma = 0.5, 0.3, 0.1 (windows 3, 5.7, 19 steps: "hardly any difference, a
  larger window converges very slightly faster");
- Fig. 7: the four methods at lr 0.01: SGD (batch 256), Momentum 0.9, AdaGrad, Adadelta gamma 0.1 ("AdaGrad
  and Adadelta differ little, Adadelta slightly ahead as training goes on").

It does not give the number of iterations, the batch size of Figs. 5-7 (we use 256, Fig. 4's), the
initialisation (we use He's, for ReLU) or what "lr 0.01" means for Adadelta, whose equation (15) has no
learning rate. We run Adadelta as equation (15) is written (lr = 1, Zeiler's method, PyTorch's default), and
once more with its step multiplied by 0.01 (``Adadelta lr=0.01``), in case the paper passed its 0.01 to a
library Adadelta as well. Seed 002's gamma weights the *new* term, so its gamma is 1 - rho
(``Adadelta.from_gamma``).

Every run records the mini-batch loss of every step (saved as block means), and at the end the loss on a
fixed 10,000-image subset of the training set and the test loss and accuracy. Repeat r uses seed r for the
weights and the batch order, so all optimizers of one repeat start from the same network.

    python experiments/seed002_optimizers.py           # quick: 60 steps on 5,000 images
    python experiments/seed002_optimizers.py --full    # the committed result
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
from _runner import Experiment  # noqa: E402

SIZES = [784, 500, 300, 10]

#: Every run: (label, figures it belongs to, optimizer builder, batch size). Runs shared by two figures
#: (SGD at 0.01, batch 256; Adadelta gamma = 0.1) are trained once.
RUNS: list[tuple[str, tuple[str, ...], dict[str, Any], int]] = [
    ("SGD b=1 lr=0.01", ("fig3",), {"name": "sgd", "lr": 0.01}, 1),
    ("SGD b=1 lr=0.1", ("fig3",), {"name": "sgd", "lr": 0.1}, 1),
    ("SGD lr=0.1", ("fig4",), {"name": "sgd", "lr": 0.1}, 256),
    ("SGD lr=0.01", ("fig4", "fig7"), {"name": "sgd", "lr": 0.01}, 256),
    ("Momentum 0.1", ("fig5",), {"name": "momentum", "lr": 0.01, "momentum": 0.1}, 256),
    ("Momentum 0.3", ("fig5",), {"name": "momentum", "lr": 0.01, "momentum": 0.3}, 256),
    ("Momentum 0.5", ("fig5",), {"name": "momentum", "lr": 0.01, "momentum": 0.5}, 256),
    ("Momentum 0.7", ("fig5",), {"name": "momentum", "lr": 0.01, "momentum": 0.7}, 256),
    ("Momentum 0.9", ("fig7",), {"name": "momentum", "lr": 0.01, "momentum": 0.9}, 256),
    ("AdaGrad", ("fig7",), {"name": "adagrad", "lr": 0.01}, 256),
    ("Adadelta gamma=0.5", ("fig6",), {"name": "adadelta", "gamma": 0.5, "lr": 1.0}, 256),
    ("Adadelta gamma=0.3", ("fig6",), {"name": "adadelta", "gamma": 0.3, "lr": 1.0}, 256),
    ("Adadelta gamma=0.1", ("fig6", "fig7"), {"name": "adadelta", "gamma": 0.1, "lr": 1.0}, 256),
    ("Adadelta lr=0.01", ("fig7-variant",), {"name": "adadelta", "gamma": 0.1, "lr": 0.01}, 256),
]

QUICK = {"iterations": 60, "iterations_batch1": 300, "repeats": 1, "n_train": 5_000, "n_test": 1_000,
         "train_eval_size": 1_000}
FULL = {"iterations": 2000, "iterations_batch1": 20_000, "repeats": 2, "n_train": None, "n_test": None,
        "train_eval_size": 10_000}


def sig(value: float, digits: int = 6) -> float | None:
    """Round to ``digits`` significant digits (keeps the JSON small); NaN/inf become None."""
    value = float(value)
    return float(f"{value:.{digits}g}") if np.isfinite(value) else None


def build_optimizer(spec: dict[str, Any]) -> mlp.optim.Optimizer:
    """An optimizer from a RUNS entry; Adadelta takes seed 002's gamma (= 1 - rho)."""
    kwargs = dict(spec)
    name = kwargs.pop("name")
    if name == "adadelta":
        return mlp.optim.Adadelta.from_gamma(kwargs.pop("gamma"), **kwargs)
    return mlp.optim.get(name, **kwargs)


def run_one(label: str, spec: dict[str, Any], batch_size: int, repeat: int, data: dict[str, np.ndarray],
            settings: dict[str, Any]) -> dict[str, Any]:
    """Train 784-500-300-10 with one optimizer; return the loss curve (block means) and the final numbers."""
    iterations = settings["iterations_batch1"] if batch_size == 1 else settings["iterations"]
    block = 100 if batch_size == 1 else 10
    net = mlp.MLP(SIZES, activation="relu", seed=repeat)
    optimizer = build_optimizer(spec)
    cpu = time.process_time()
    history = mlp.fit(
        net, mlp.SoftmaxCrossEntropy(), optimizer, data["x_train"], data["y_train"],
        batch_size=batch_size, max_iterations=iterations, eval_every=iterations,
        x_val=data["x_test"], y_val=data["y_test"], train_eval_size=settings["train_eval_size"],
        seed=repeat, on_divergence="stop", progress=False,
    )
    cpu = time.process_time() - cpu
    losses = np.asarray(history.loss, dtype=np.float64)
    done = len(losses) - len(losses) % block
    final = history.final() if not history.diverged else {}
    return {
        "label": label, "repeat": repeat, "batch_size": batch_size, "block": block,
        "iterations_done": len(history), "diverged": history.diverged,
        "final_train_loss": sig(final.get("train_loss", np.nan)),
        "final_test_loss": sig(final.get("val_loss", np.nan)),
        "final_test_accuracy": sig(final.get("val_accuracy", np.nan)),
        "last_block_loss": sig(losses[:done][-block:].mean()) if done else None,
        "curve": [sig(v, 5) for v in losses[:done].reshape(-1, block).mean(axis=1)],
        "train_time_s": round(history.time[-1], 3),
        "cpu_time_with_evaluation_s": round(cpu, 3),
        "optimizer_state_bytes": optimizer.memory_bytes(),
    }


def summarize(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per label: the final numbers averaged over repeats and the mean curve (NaN after a divergence)."""
    rows = []
    for label, figures, spec, batch_size in RUNS:
        mine = [r for r in runs if r["label"] == label]
        row: dict[str, Any] = {"label": label, "figures": list(figures), "batch_size": batch_size,
                               "optimizer": {k: v for k, v in spec.items()}, "repeats": len(mine),
                               "diverged": sum(r["diverged"] for r in mine), "block": mine[0]["block"]}
        for key in ("final_train_loss", "final_test_loss", "final_test_accuracy", "last_block_loss"):
            values = np.array([np.nan if r[key] is None else r[key] for r in mine], dtype=np.float64)
            row[f"{key}_mean"] = sig(values.mean(), 5)
            row[f"{key}_per_repeat"] = [sig(v, 5) for v in values]
        length = max(len(r["curve"]) for r in mine)
        curves = np.full((len(mine), length), np.nan)
        for i, r in enumerate(mine):
            curves[i, : len(r["curve"])] = [np.nan if v is None else v for v in r["curve"]]
        row["mean_curve"] = [sig(v, 5) for v in curves.mean(axis=0)]
        row["train_time_mean_s"] = round(float(np.mean([r["train_time_s"] for r in mine])), 3)
        row["optimizer_state_bytes"] = mine[0]["optimizer_state_bytes"]
        rows.append(row)
    return rows


def main() -> None:
    experiment = Experiment("seed002_optimizers",
                            "Seed 002 Figs. 3-7: SGD (batch 1 and 256), Momentum, AdaGrad, Adadelta on 784-500-300-10")
    experiment.parser.add_argument("--repeats", type=int, default=None, help="override the number of repeats")
    experiment.parser.add_argument("--iterations", type=int, default=None,
                                   help="override the number of iterations of the batch-256 runs")
    args = experiment.parse_args()
    settings = dict(FULL if args.full else QUICK)
    if args.repeats is not None:
        settings["repeats"] = args.repeats
    if args.iterations is not None:
        settings["iterations"] = args.iterations

    (x_train, y_train), (x_test, y_test) = mlp.datasets.load_mnist(
        n_train=settings["n_train"], n_test=settings["n_test"], seed=0)
    data = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}

    runs: list[dict[str, Any]] = []
    for repeat in range(settings["repeats"]):
        for label, _, spec, batch_size in RUNS:
            run = run_one(label, spec, batch_size, repeat, data, settings)
            runs.append(run)
            print(f"repeat {repeat} {label:20s} final train CEE {run['final_train_loss']} "
                  f"test acc {run['final_test_accuracy']} diverged {run['diverged']} "
                  f"wall {run['train_time_s']:.1f} s", flush=True)
        # Save after every repeat, so a run stopped early still leaves the repeats it finished.
        experiment.save({
            "settings": {
                **settings, "repeats_completed": repeat + 1,
                "scaled_down": None if not args.full or repeat + 1 == settings["repeats"] else
                f"{repeat + 1} of {settings['repeats']} repeats (the run was stopped to fit the time on a shared "
                "2-core machine; the paper shows one run per setting)",
                "architecture": "784-500-300-10, ReLU, softmax + cross-entropy, He initialisation",
                "n_train_used": len(x_train), "n_test_used": len(x_test),
                "final_cee": "cross-entropy on a fixed random subset of train_eval_size training images at the end",
                "curves": "mean mini-batch loss of each block of `block` iterations (10; 100 for batch size 1)",
                "adadelta": "Adadelta.from_gamma(gamma): rho = 1 - gamma; lr 1.0 is equation (15) as written",
            },
            "rows": summarize(runs),
            "runs": [{k: v for k, v in r.items() if k != "curve"} for r in runs],
        })


if __name__ == "__main__":
    main()
