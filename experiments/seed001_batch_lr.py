"""Seed 001: batch size and base learning rate on Caffe's LeNet (nine CASEs, "inv" schedule, 1000 iterations).

The paper trains Caffe's LeNet on MNIST nine times, changing only the training batch size and the base
learning rate (its Table 1), with Caffe's "inv" schedule lr = base_lr * (1 + gamma * iter) ** (-power),
gamma = 0.001, power = 0.75, for 1000 iterations, and reports

- test accuracy every 100 iterations (its figures 2, 4, 5, 6),
- the average time per 100 iterations (figure 3),
- the average memory use (figure 7).

This script does the same with ``mlp.lenet`` and ``mlp.fit``, in three phases:

1. training: each CASE from the same initial weights (seed 0), test accuracy every ``--eval-every`` iterations
   on a fixed stratified test subset (``--test-subset``; ``--paper`` uses all 10 000), and the full test set
   at the end;
2. timing: every CASE's training step timed again, interleaved round-robin (CASE1, CASE2, ..., CASE9, CASE1,
   ...), so that the load of a shared machine falls on all CASEs alike; the median is reported;
3. memory: tracemalloc's peak of the arrays one training step allocates (activations, im2col copies,
   gradients, temporaries) and of the ones it keeps (weights, gradients, momentum), for each CASE.

The solver is Caffe's ``lenet_solver.prototxt``: SGD with momentum 0.9 and weight decay 0.0005 (here
``mlp.optim.Momentum``, PyTorch's form of momentum), weights drawn as Caffe's "xavier" filler does (uniform in
+-sqrt(3 / fan_in)), biases 0. The quick mode (the default) runs all nine CASEs for a few dozen iterations on a
small LeNet (4 and 8 filters, 32 hidden neurons), so that it finishes in well under a minute.

    python experiments/seed001_batch_lr.py             # quick: results/seed001_batch_lr-quick.json
    python experiments/seed001_batch_lr.py --full      # LeNet, 1000 iterations: results/seed001_batch_lr.json
    python experiments/seed001_batch_lr.py --full --paper   # and the full test set at every evaluation
"""

from __future__ import annotations

import gc
import math
import os
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _runner import Experiment  # noqa: E402

import mlp  # noqa: E402
from mlp.datasets import load_mnist  # noqa: E402
from mlp.layers import Dense  # noqa: E402
from mlp.layers.conv import Conv2D  # noqa: E402
from mlp.optim import schedules  # noqa: E402
from mlp.training import evaluate, train_step  # noqa: E402

# Table 1 of the paper: CASE -> (training batch, test batch, base learning rate). Every CASE runs 1000 iterations.
CASES: dict[int, tuple[int, int, float]] = {
    1: (64, 128, 0.01),
    2: (32, 64, 0.01),
    3: (128, 256, 0.01),
    4: (64, 128, 0.04),
    5: (64, 128, 0.001),
    6: (32, 64, 0.02),
    7: (64, 128, 0.0025),
    8: (64, 128, 0.1),
    9: (32, 64, 0.005),
}

# The linear scaling rule's partners of CASE1 (Goyal et al. 2017: k times the batch, k times the learning rate,
# 1/k times the iterations), each seeing CASE1's 64 000 images: label -> (batch, test batch, base lr, iterations
# at full scale). "L32" is CASE9 trained twice as long.
EXTRAS: dict[str, tuple[int, int, float, int]] = {
    "L32": (32, 64, 0.005, 2000),
    "L128": (128, 256, 0.02, 500),
}

# Caffe's examples/mnist/lenet_solver.prototxt (the paper names gamma and power; momentum and weight decay are
# the example's, which the paper does not change).
GAMMA, POWER, MOMENTUM, WEIGHT_DECAY = 0.001, 0.75, 0.9, 0.0005


def caffe_xavier_(net: Any, seed: int) -> None:
    """Re-draw every weight as Caffe's "xavier" filler does: W ~ U(-a, a), a = sqrt(3 / fan_in); biases 0.

    Caffe's LeNet (lenet_train_test.prototxt) fills conv1, conv2, ip1 and ip2 this way; the variance is
    a^2 / 3 = 1 / fan_in, half of He's 2 / fan_in that ``mlp.lenet`` uses by default.
    """
    rng = np.random.default_rng(seed)
    for layer in net.layers:
        if isinstance(layer, Conv2D):
            fan_in = layer.W[0].size                        # in_channels * kh * kw
        elif isinstance(layer, Dense):
            fan_in = layer.W.shape[0]
        else:
            continue
        bound = math.sqrt(3.0 / fan_in)
        layer.params[0][...] = rng.uniform(-bound, bound, size=layer.W.shape)
        layer.params[1][...] = 0.0


def build(settings: dict[str, Any], base_lr: float) -> tuple[Any, Any, Any]:
    """The network (same initial weights for every CASE), the loss and Caffe's solver for one CASE."""
    net = mlp.lenet(channels=tuple(settings["channels"]), hidden=settings["hidden"], seed=settings["seed"])
    if settings["init"] == "caffe-xavier":
        caffe_xavier_(net, settings["seed"])
    optimizer = mlp.optim.Momentum(lr=base_lr, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)
    return net, mlp.SoftmaxCrossEntropy(), optimizer


def nan_network_accuracy(net: Any, x: np.ndarray, y: np.ndarray) -> float:
    """Accuracy after Caffe would have applied a NaN update: every weight NaN, argmax picks class 0."""
    for p in net.parameters():
        p[...] = np.nan
    with np.errstate(invalid="ignore"):
        return float(np.mean(net.predict(x) == y))


def train_case(case: int | str, batch: int, test_batch: int, base_lr: float, iterations: int,
               settings: dict[str, Any], data: dict[str, np.ndarray]) -> dict[str, Any]:
    """Phase 1: train one CASE; returns its accuracy curve, loss curve, learning rates and step times."""
    net, loss, optimizer = build(settings, base_lr)
    history = mlp.fit(
        net, loss, optimizer, data["x_train"], data["y_train"],
        batch_size=batch, max_iterations=iterations, eval_every=settings["eval_every"],
        x_val=data["x_eval"], y_val=data["y_eval"], schedule=schedules.inv(base_lr, gamma=GAMMA, power=POWER),
        seed=settings["seed"], on_divergence="stop", train_eval_size=settings["train_eval_size"],
        eval_batch_size=test_batch, progress=False,
    )
    evaluations = history.evaluations
    checkpoints = list(range(settings["eval_every"], iterations + 1, settings["eval_every"]))
    accuracy = {row["iteration"]: row["val_accuracy"] for row in evaluations}
    train_accuracy = {row["iteration"]: row["train_accuracy"] for row in evaluations}
    diverged_at = history.iterations[-1] if history.diverged else None
    if history.diverged:
        # Caffe keeps going after the loss becomes NaN: the next update turns every weight into NaN. Such a
        # network scores the share of the class argmax falls back on (class 0) at every later checkpoint.
        after = nan_network_accuracy(net, data["x_eval"], data["y_eval"])
        final_loss, final_accuracy = None, nan_network_accuracy(net, data["x_test"], data["y_test"])
        for it in checkpoints:
            if it >= diverged_at:
                accuracy[it], train_accuracy[it] = after, None
    else:
        final_loss, final_accuracy = evaluate(net, loss, data["x_test"], data["y_test"], batch_size=test_batch)
    steps = np.diff([0.0, *history.time])                      # seconds of each training step (no evaluation)
    per_100 = [float(np.sum(steps[i:i + 100])) for i in range(0, len(steps) - 99, 100)]
    return {
        "case": case, "batch": batch, "test_batch": test_batch, "base_lr": base_lr, "iterations": iterations,
        "checkpoints": checkpoints,
        "test_accuracy": [accuracy.get(it) for it in checkpoints],
        "train_subset_accuracy": [train_accuracy.get(it) for it in checkpoints],
        "final_test_accuracy": final_accuracy, "final_test_loss": final_loss,
        "diverged_at": diverged_at,
        "loss": [None if not math.isfinite(v) else float(v) for v in history.loss],
        "lr": history.lr,
        "images_seen": batch * len([v for v in history.loss if math.isfinite(v)]),
        "step_time_s": [float(s) for s in steps],
        "time_per_100_in_training_s": per_100,
        "train_time_s": float(history.time[-1]) if history.time else 0.0,
    }


def time_cases(cases: list[int], settings: dict[str, Any], data: dict[str, np.ndarray]) -> dict[str, Any]:
    """Phase 2: seconds per training step of every CASE, measured round-robin and summarized by the median.

    Each CASE keeps its own network and optimizer across rounds (so it keeps training, as in a real run);
    one untimed warm-up step first allocates the optimizer's state.
    """
    runs = {}
    for case in cases:
        batch, _, base_lr = CASES[case]
        net, loss, optimizer = build(settings, base_lr)
        runs[case] = (net, loss, optimizer, batch, np.random.default_rng(case))
    samples: dict[int, list[float]] = {case: [] for case in cases}
    n = len(data["x_train"])
    with np.errstate(all="ignore"):
        for round_ in range(settings["timing_rounds"] + 1):
            for case, (net, loss, optimizer, batch, rng) in runs.items():
                for _ in range(settings["timing_steps"]):
                    rows = rng.choice(n, size=batch, replace=False)
                    xb, yb = data["x_train"][rows], data["y_train"][rows]
                    tick = time.perf_counter()
                    train_step(net, loss, optimizer, xb, yb)
                    if round_ > 0:                              # round 0 is the warm-up
                        samples[case].append(time.perf_counter() - tick)
    return {
        str(case): {
            "median_step_time_s": float(np.median(samples[case])),
            "time_per_100_s": float(100 * np.median(samples[case])),
            "quartile_time_per_100_s": [float(100 * q) for q in np.percentile(samples[case], [25, 75])],
            "n_step_time_samples": len(samples[case]),
        }
        for case in cases
    }


def _rss_bytes() -> int | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def measure_memory(case: int, settings: dict[str, Any], data: dict[str, np.ndarray]) -> dict[str, Any]:
    """Phase 3: what one CASE's training holds and allocates, in bytes, by tracemalloc (NumPy reports to it).

    - kept_bytes: the arrays that live between steps (weights, gradients, momentum, the optimizer's scratch,
      and the activations the layers keep from the last step for the next backward pass);
    - train_step_peak_bytes: the largest total during one training step (kept + everything the step
      allocates at once: activations, im2col copies, gradients of the activations);
    - test_forward_peak_bytes: the same for one forward pass of a test batch (2x the training batch, Table 1).
    """
    batch, test_batch, base_lr = CASES[case]
    gc.collect()
    tracemalloc.start()
    try:
        net, loss, optimizer = build(settings, base_lr)
        params_bytes = sum(p.nbytes for p in net.parameters())
        xb, yb = data["x_train"][:batch].copy(), data["y_train"][:batch].copy()
        train_step(net, loss, optimizer, xb, yb)               # allocates the momentum and scratch arrays
        train_step(net, loss, optimizer, xb, yb)
        kept, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        train_step(net, loss, optimizer, xb, yb)
        _, step_peak = tracemalloc.get_traced_memory()
        xt = data["x_test"][:test_batch].copy()
        gc.collect()
        before_test, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        net.eval()
        net.forward(xt)
        _, test_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "case": case, "batch": batch, "test_batch": test_batch,
        "params_bytes": params_bytes,
        "optimizer_state_bytes": optimizer.memory_bytes(),
        "kept_bytes": kept,
        "train_step_peak_bytes": step_peak,
        "test_forward_extra_bytes": test_peak - before_test,
    }


def main() -> None:
    experiment = Experiment(
        "seed001_batch_lr",
        description="Seed 001's nine CASEs of batch size and base learning rate on Caffe's LeNet (inv schedule): "
                    "test accuracy every 100 iterations, time per 100 iterations, memory.",
    )
    p = experiment.parser
    p.add_argument("--paper", action="store_true",
                   help="with --full: evaluate on all 10 000 test images every time (slower)")
    p.add_argument("--cases", type=int, nargs="+", default=sorted(CASES), choices=sorted(CASES))
    p.add_argument("--iterations", type=int, default=None, help="default 1000 (--full) or 60 (quick)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-extras", action="store_true",
                   help="skip the linear-scaling-rule runs (batch 32 / lr 0.005 for 2x, batch 128 / lr 0.02 for 1/2x)")
    p.add_argument("--init", choices=("caffe-xavier", "he"), default="caffe-xavier",
                   help="initial weights: Caffe's LeNet filler (default) or mlp.lenet's He initialisation")
    args = experiment.parse_args()
    full = args.full

    settings: dict[str, Any] = {
        "network": "lenet" if full else "small lenet",
        "channels": [20, 50] if full else [4, 8],
        "hidden": 500 if full else 32,
        "init": args.init,
        "solver": {"type": "SGD with momentum (mlp.optim.Momentum, PyTorch form)", "momentum": MOMENTUM,
                   "weight_decay": WEIGHT_DECAY, "lr_policy": "inv", "gamma": GAMMA, "power": POWER},
        "iterations": args.iterations or (1000 if full else 80),
        "eval_every": 100 if full else 20,
        "test_subset": 10000 if (full and args.paper) else (2000 if full else 500),
        "train_eval_size": 500 if full else 200,
        "n_train": 60000 if full else 6000,
        "seed": args.seed,
        "cases": args.cases,
        "timing_rounds": 6 if full else 2,
        "timing_steps": 10 if full else 5,
        "scaled_down": [] if (full and args.paper) else (
            ["test accuracy every 100 iterations on a fixed stratified subset of 2000 test images (the final "
             "accuracy at iteration 1000 uses all 10 000); --paper evaluates all 10 000 every time"]
            if full else ["quick mode: small LeNet (4, 8 filters, 32 hidden), 6000 training images, 80 iterations, "
                          "evaluation every 20 iterations on 500 test images"]),
    }
    (x_train, y_train), (x_test, y_test) = load_mnist(
        n_train=None if settings["n_train"] == 60000 else settings["n_train"], flatten=False)
    _, (x_eval, y_eval) = load_mnist(n_train=10, n_test=settings["test_subset"], flatten=False, seed=1)
    if settings["test_subset"] == 10000:
        x_eval, y_eval = x_test, y_test
    data = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test,
            "x_eval": x_eval, "y_eval": y_eval}
    rss_with_data = _rss_bytes()

    scale = settings["iterations"] / 1000
    settings["extras"] = {} if args.no_extras else {
        label: {"batch": b, "test_batch": tb, "base_lr": lr, "iterations": int(round(n * scale))}
        for label, (b, tb, lr, n) in EXTRAS.items()}
    jobs = [(case, *CASES[case], settings["iterations"]) for case in settings["cases"]]
    jobs += [(label, e["batch"], e["test_batch"], e["base_lr"], e["iterations"]) for label, e in settings["extras"].items()]
    runs = []
    for job in jobs:
        run = train_case(*job, settings, data)
        runs.append(run)
        case = job[0]
        print(f"CASE{case}: batch {run['batch']:>3}, lr {run['base_lr']:<6} accuracy "
              + " ".join("  -  " if a is None else f"{a:.3f}" for a in run["test_accuracy"])
              + f"  final {run['final_test_accuracy']:.4f}  ({run['train_time_s']:.0f} s)", flush=True)
    timing = time_cases(settings["cases"], settings, data)
    print("time per 100 iterations (s):", {c: round(t["time_per_100_s"], 2) for c, t in timing.items()}, flush=True)
    memory = [measure_memory(case, settings, data) for case in settings["cases"]]
    print("train step peak (MB):", {m["case"]: round(m["train_step_peak_bytes"] / 1e6, 1) for m in memory})

    experiment.save({
        "settings": settings,
        "paper": {"table1": {str(c): {"batch": b, "test_batch": tb, "base_lr": lr} for c, (b, tb, lr) in CASES.items()},
                  "memory_ratio_x2_batch": 1.26, "memory_ratio_half_batch": 0.84},
        "test_class_counts": np.bincount(y_test, minlength=10).tolist(),
        "eval_class_counts": np.bincount(y_eval, minlength=10).tolist(),
        "runs": runs,
        "timing": timing,
        "memory": memory,
        "process_rss_with_data_bytes": rss_with_data,
    })


if __name__ == "__main__":
    main()
