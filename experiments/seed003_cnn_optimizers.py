"""Seed 003 at classroom scale: six TensorFlow optimizers on a small and a medium MNIST CNN, then a lr sweep.

The paper (Lim, Kim, Kwon and Han; our copy is undated, its newest reference is from 2016) trains two CNNs
on MNIST with TensorFlow 1's optimizers for 100 epochs and reports test accuracy in figures:

- Figure 2: Gradient Descent, Momentum, Adagrad, Adadelta, RMSProp and Adam, all at learning rate 0.001,
  on a small CNN ("Layer-2": two hidden layers of 3x3 filters, 32 of them, SAME padding, strides (1, 2, 2, 1))
  and a medium one ("Layer-4": four hidden layers of 7x7 filters, 64 of them, same padding and strides).
- Figure 3: the small CNN with learning rates 0.0001, 0.0005, 0.001, 0.005 and 0.01.

What this script runs (one run = one network, one optimizer, one learning rate, one seed):

- the comparison: both networks x six optimizers at lr 0.001;
- the sweep: the small network x six optimizers x five learning rates (lr 0.001 is shared with the
  comparison);
- repeats: the small network at lr 0.001 with further seeds, to show how much one run's accuracy moves by
  chance alone.

Each run records, every ``eval_every`` steps, the loss and accuracy on a fixed slice of the *training* images
and on the test images, so that "overfitting" (training accuracy up, test accuracy down) can be checked
rather than assumed.

Optimizers are ``mlp.optim`` (PyTorch semantics) set to TensorFlow 1's defaults, because those are what the
paper ran (``--defaults torch`` gives PyTorch's instead):

    GradientDescentOptimizer(lr)                      SGD(lr)
    MomentumOptimizer(lr, momentum=0.9)               Momentum(lr, momentum=0.9)          (identical rule)
    AdagradOptimizer(lr, initial_accumulator=0.1)     AdaGrad(lr, initial_accumulator_value=0.1)
    AdadeltaOptimizer(lr, rho=0.95, epsilon=1e-8)     Adadelta(lr, rho=0.95, eps=1e-8)    (lr multiplies)
    RMSPropOptimizer(lr, decay=0.9, epsilon=1e-10)    RMSProp(lr, alpha=0.9, eps=1e-10), mean square
                                                      starting at 1 as in TF 1 (PyTorch starts it at 0)
    AdamOptimizer(lr, 0.9, 0.999, epsilon=1e-8)       Adam(lr, betas=(0.9, 0.999), eps=1e-8)

Usage::

    python experiments/seed003_cnn_optimizers.py            # quick: tiny, < 1 minute
    OPENBLAS_NUM_THREADS=1 python experiments/seed003_cnn_optimizers.py --full --workers 2
    python experiments/seed003_cnn_optimizers.py --paper    # the paper's scale: about a day of CPU time
"""

from __future__ import annotations

import math
import os
import sys
import time
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _runner import Experiment  # noqa: E402

import mlp  # noqa: E402
from mlp.layers import Conv2D, Dense, Flatten, MaxPool2D, ReLU  # noqa: E402
from mlp.optim import SGD, Adadelta, AdaGrad, Adam, Momentum, RMSProp  # noqa: E402

OPTIMIZERS = ("gd", "momentum", "adagrad", "adadelta", "rmsprop", "adam")
LABELS = {"gd": "Gradient Descent", "momentum": "Momentum", "adagrad": "Adagrad", "adadelta": "Adadelta",
          "rmsprop": "RMSProp", "adam": "Adam"}
LEARNING_RATES = (0.0001, 0.0005, 0.001, 0.005, 0.01)
COMPARISON_LR = 0.001

#: The two networks of the paper, as (hidden layers, filter size, filters).
NETS = {"small": (2, 3, 32), "medium": (4, 7, 64)}

#: Settings per mode; command-line options override them one by one.
MODES: dict[str, dict[str, Any]] = {
    "quick": dict(n_train=256, n_test=100, n_monitor=100, steps=16, batch_size=16, eval_every=8,
                  arch="strided", repeats=1),
    # Sized to finish in about 45 minutes on a shared 2-core machine (2 workers, each getting a third of a core).
    "full": dict(n_train=2000, n_test=1000, n_monitor=500, steps=240, batch_size=50, eval_every=30,
                 arch="strided", repeats=2),
    # TensorFlow's mnist.train has 55,000 images; 100 epochs of batch 100 is 55,000 steps per run.
    "paper": dict(n_train=55000, n_test=10000, n_monitor=5000, steps=55000, batch_size=100, eval_every=550,
                  arch="pool", repeats=1),
}


class TFRMSProp(RMSProp):
    """RMSProp as TensorFlow 1 runs it: the mean square of gradients starts at 1, not 0.

    With v0 = 1 the first steps are about lr * g (plain gradient descent), and v forgets the 1 at the rate
    ``alpha`` per step (0.9^50 = 0.005). PyTorch (and mlp) start at v0 = 0, where the first step is
    lr * g / |g| / sqrt(1 - alpha), about 3 * lr for every weight, however small its gradient.
    """

    def _init_state(self, param: np.ndarray) -> dict[str, np.ndarray]:
        state = super()._init_state(param)
        state["v"][...] = 1.0
        return state


def make_optimizer(name: str, lr: float, defaults: str = "tf") -> mlp.optim.Optimizer:
    """One of the six optimizers at learning rate ``lr``, with TensorFlow 1's ("tf") or PyTorch's defaults."""
    if defaults == "torch":
        torch_builders = {"gd": SGD, "momentum": lambda lr: Momentum(lr=lr, momentum=0.9), "adagrad": AdaGrad,
                          "adadelta": Adadelta, "rmsprop": RMSProp, "adam": Adam}
        return torch_builders[name](lr=lr)
    builders = {
        "gd": lambda: SGD(lr=lr),
        "momentum": lambda: Momentum(lr=lr, momentum=0.9),
        "adagrad": lambda: AdaGrad(lr=lr, initial_accumulator_value=0.1),
        "adadelta": lambda: Adadelta(lr=lr, rho=0.95, eps=1e-8),
        "rmsprop": lambda: TFRMSProp(lr=lr, alpha=0.9, eps=1e-10),
        "adam": lambda: Adam(lr=lr, betas=(0.9, 0.999), eps=1e-8),
    }
    return builders[name]()


def build_cnn(size: str, seed: int = 0, arch: str = "strided") -> mlp.Sequential:
    """The paper's small ("Layer-2") or medium ("Layer-4") CNN for (n, 1, 28, 28) images.

    Each hidden layer halves the image with "SAME" padding and stride 2 (the paper's strides (1, 2, 2, 1)):
    ``arch="pool"`` does it the way TensorFlow tutorials of the time did (a stride-1 convolution, ReLU, then
    2x2 max-pooling with stride 2); ``arch="strided"`` lets the convolution itself take stride 2 and skips
    the pooling: the same map sizes (28 -> 14 -> 7 -> 4 -> 2) for a quarter of the convolution's work.
    A Dense layer maps the last maps to the 10 digit scores.
    """
    layers_count, kernel, filters = NETS[size]
    rng = np.random.default_rng(seed)
    layers: list[Any] = []
    channels, side = 1, 28
    for _ in range(layers_count):
        if arch == "pool":
            layers += [Conv2D(channels, filters, kernel, 1, padding="same", seed=rng), ReLU(),
                       MaxPool2D(2, 2, padding="same")]
        else:
            layers += [Conv2D(channels, filters, kernel, 2, padding="same", seed=rng), ReLU()]
        channels, side = filters, -(-side // 2)
    layers += [Flatten(), Dense(channels * side * side, 10, seed=rng)]
    return mlp.Sequential(*layers)


def evaluate(net: mlp.Sequential, x: np.ndarray, y: np.ndarray, batch: int = 500) -> tuple[float, float]:
    """(mean cross-entropy, accuracy) of ``net`` on (x, y), in chunks to bound memory."""
    loss_fn = mlp.SoftmaxCrossEntropy()
    total_loss, correct = 0.0, 0
    for start in range(0, len(x), batch):
        logits = net(x[start:start + batch])
        total_loss += loss_fn.forward(logits, y[start:start + batch]) * len(logits)
        correct += int((logits.argmax(axis=1) == y[start:start + batch]).sum())
    return total_loss / len(x), correct / len(x)


def train_run(net_name: str, optimizer: str, lr: float, seed: int, data: dict[str, np.ndarray],
              settings: dict[str, Any]) -> dict[str, Any]:
    """Train one network with one optimizer; return its curves (every ``eval_every`` steps) and final numbers.

    The network's initial weights and the order of the mini-batches depend only on ``seed``, so at a given
    seed all six optimizers start from the same weights and see the same batches.
    """
    started = time.perf_counter()
    net = build_cnn(net_name, seed=seed, arch=settings["arch"])
    opt = make_optimizer(optimizer, lr, settings["defaults"])
    loss_fn = mlp.SoftmaxCrossEntropy()
    x, y = data["x_train"], data["y_train"]
    rng = np.random.default_rng((seed, 1))
    order, position = rng.permutation(len(x)), 0
    steps, batch, every = settings["steps"], settings["batch_size"], settings["eval_every"]
    curve: dict[str, list[Any]] = {k: [] for k in ("step", "batch_loss", "train_loss", "train_acc",
                                                   "test_loss", "test_acc")}
    running, counted, diverged = 0.0, 0, False

    def record(step: int) -> None:
        train_loss, train_acc = evaluate(net, data["x_monitor"], data["y_monitor"])
        test_loss, test_acc = evaluate(net, data["x_test"], data["y_test"])
        curve["step"].append(step)
        curve["batch_loss"].append(running / counted if counted else None)
        curve["train_loss"].append(train_loss)
        curve["train_acc"].append(train_acc)
        curve["test_loss"].append(test_loss)
        curve["test_acc"].append(test_acc)

    record(0)
    for step in range(1, steps + 1):
        if position + batch > len(x):                 # a new epoch: a new order
            order, position = rng.permutation(len(x)), 0
        index = order[position:position + batch]
        position += batch
        loss = loss_fn.forward(net(x[index]), y[index])
        if not math.isfinite(loss):
            diverged = True
            break
        net.backward(loss_fn.backward())
        opt.step(net.parameters(), net.gradients())
        running, counted = running + loss, counted + 1
        if step % every == 0 or step == steps:
            record(step)
            running, counted = 0.0, 0
    best = int(np.argmax(curve["test_acc"]))
    return {
        "net": net_name, "optimizer": optimizer, "lr": lr, "seed": seed, "diverged": diverged,
        "final_test_acc": curve["test_acc"][-1], "final_test_loss": curve["test_loss"][-1],
        "final_train_acc": curve["train_acc"][-1], "final_train_loss": curve["train_loss"][-1],
        "best_test_acc": curve["test_acc"][best], "best_step": curve["step"][best],
        "n_parameters": net.n_parameters, "curve": curve,
        "run_time_s": round(time.perf_counter() - started, 2),
    }


def _run_job(job: tuple[str, str, float, int]) -> dict[str, Any]:
    return train_run(*job, _DATA, _SETTINGS)


_DATA: dict[str, np.ndarray] = {}
_SETTINGS: dict[str, Any] = {}


def load_data(settings: dict[str, Any]) -> dict[str, np.ndarray]:
    """A stratified training subset, a fixed slice of it to monitor, and a stratified test subset."""
    n_train = settings["n_train"] if settings["n_train"] < 60000 else None
    n_test = settings["n_test"] if settings["n_test"] < 10000 else None
    (x_train, y_train), (x_test, y_test) = mlp.datasets.load_mnist(
        n_train=n_train, n_test=n_test, flatten=False, seed=0)
    m = settings["n_monitor"]
    return {"x_train": x_train, "y_train": y_train, "x_monitor": x_train[:m], "y_monitor": y_train[:m],
            "x_test": x_test, "y_test": y_test}


def main() -> None:
    experiment = Experiment("seed003_cnn_optimizers", description=__doc__.splitlines()[0])
    p = experiment.parser
    p.add_argument("--paper", action="store_true", help="the paper's scale: 55,000 images, 100 epochs, pooling")
    for name, kind in (("n_train", int), ("n_test", int), ("n_monitor", int), ("steps", int),
                       ("batch_size", int), ("eval_every", int), ("repeats", int)):
        p.add_argument("--" + name.replace("_", "-"), type=kind, default=None)
    p.add_argument("--arch", choices=("strided", "pool"), default=None,
                   help="how a hidden layer halves the image (see build_cnn)")
    p.add_argument("--defaults", choices=("tf", "torch"), default="tf",
                   help="optimizer hyper-parameters: TensorFlow 1's (as in the paper) or PyTorch's")
    p.add_argument("--nets", nargs="+", choices=tuple(NETS), default=list(NETS),
                   help="networks of the lr-0.001 comparison (default: both)")
    p.add_argument("--lrs", nargs="+", type=float, default=list(LEARNING_RATES),
                   help="learning rates of the small network's sweep (default: the paper's five)")
    p.add_argument("--workers", type=int, default=1, help="runs in parallel (processes); results are the same")
    args = experiment.parse_args()
    if args.paper:
        args.full = True
    mode = "paper" if args.paper else experiment.mode
    settings = dict(MODES[mode])
    for key in settings:
        if getattr(args, key, None) is not None:
            settings[key] = getattr(args, key)
    settings["defaults"] = args.defaults

    global _DATA, _SETTINGS
    _DATA, _SETTINGS = load_data(settings), settings

    # Every run, longest first (the medium network) so parallel workers finish together.
    jobs = [("medium", opt, COMPARISON_LR, 0) for opt in OPTIMIZERS if "medium" in args.nets]
    lrs = sorted(set(args.lrs) | ({COMPARISON_LR} if "small" in args.nets else set()))
    jobs += [("small", opt, lr, 0) for lr in lrs for opt in OPTIMIZERS]
    jobs += [("small", opt, COMPARISON_LR, seed) for seed in range(1, settings["repeats"]) for opt in OPTIMIZERS]
    runs: list[dict[str, Any]] = []
    if args.workers > 1:
        import multiprocessing as mp
        pool = mp.get_context("fork").Pool(args.workers)
        results = pool.imap(_run_job, jobs)           # in the order of `jobs`, whoever finishes first
    else:
        pool, results = None, map(_run_job, jobs)
    for run in results:
        runs.append(run)
        print(f"{run['net']:6s} {run['optimizer']:8s} lr={run['lr']:<7g} seed={run['seed']} "
              f"test acc {run['final_test_acc']:.4f} ({run['run_time_s']:.0f} s)", flush=True)
    if pool is not None:
        pool.close()
        pool.join()

    nets = {name: {"hidden_layers": NETS[name][0], "kernel": NETS[name][1], "filters": NETS[name][2],
                   "n_parameters": build_cnn(name, arch=settings["arch"]).n_parameters,
                   "layers": [repr(layer) for layer in build_cnn(name, arch=settings["arch"]).layers]}
            for name in NETS}
    hyper = {name: make_optimizer(name, COMPARISON_LR, settings["defaults"]).hyperparameters()
             for name in OPTIMIZERS}
    if settings["defaults"] == "tf":
        hyper["rmsprop"]["initial_mean_square"] = 1.0
    experiment.save({
        "settings": {
            **settings, "mode": mode, "optimizers": list(OPTIMIZERS), "labels": LABELS,
            "learning_rates": lrs, "comparison_lr": COMPARISON_LR,
            "hyperparameters": hyper, "nets": nets, "init": "He normal (mlp's default for Conv2D and Dense)",
            "epochs": settings["steps"] * settings["batch_size"] / settings["n_train"],
            "scaled_down": None if mode == "paper" else (
                f"{settings['n_train']} training images (the paper: 55,000), {settings['steps']} steps of "
                f"batch {settings['batch_size']} = "
                f"{settings['steps'] * settings['batch_size'] / settings['n_train']:g} "
                f"epochs (the paper: 100 epochs), test accuracy on {settings['n_test']} test images (the paper: "
                f"10,000)" + (", convolutions with stride 2 instead of stride 1 + max-pooling ('strided')"
                              if settings["arch"] == "strided" else "")),
        },
        "runs": runs,
    })


if __name__ == "__main__":
    main()
