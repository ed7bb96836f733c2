"""Time one training step of ``mlp`` against PyTorch, and (with ``--suite``) the notebooks and ``make test``.

The step is seed 000's network, 784-h-h-h-10 with ReLU and softmax cross-entropy, on a batch of 128 rows,
for h in {10, 100, 500}, with SGD and with Adam: forward, loss, backward and the optimizer's update, exactly
what ``mlp.fit`` does on every iteration (``mlp.training.train_step``). PyTorch runs the same network (the
same initial weights, copied from ``mlp``), the same float32 data, the same labels, and the same number of
threads; its column is skipped with a message when torch is not installed.

    python benchmarks/step_time.py                  # the step-time table (4-5 minutes)
    python benchmarks/step_time.py --threads 1      # both libraries on one thread
    python benchmarks/step_time.py --suite          # also: wall time of every notebook and of `make test`

How it measures, because the machine is usually busy with other work:

- Every (width, optimizer) pair is timed in rounds; each round times a block of steps (about 50 ms) of
  ``mlp`` and a block of PyTorch, in alternating order, after a short pause (idle OpenBLAS and OpenMP threads
  spin for a while after each call, and would otherwise steal the other library's cores).
- A block is *quiet* when our threads spent less than 5% of it waiting for a core that another process held
  (Linux's /proc/self/task/*/schedstat). The reported time is the median over quiet blocks; rounds go on
  until both libraries have 21 of them. On a machine too busy for that the row is marked BUSY and the median
  is over all blocks: rerun it later.
- The float32 GEMM rate is the median rate of NumPy's ``matmul`` on 1024 x 1024 matrices, measured the same
  way in the same run. The useful matrix-multiply work of one step is forward x W, backward x^T g and g W^T,
  except g W^T of the first layer, which nobody needs. "floor ms" is that work at the full GEMM rate, the
  time no implementation using this BLAS can beat; "GEMM frac" is floor / mlp's step time ("torch frac"
  the same for PyTorch).
- "products" times those matrix products alone, with NumPy, at the step's own shapes, in the same blocks as
  the two steps. No NumPy implementation of the step can be faster, so "bound" = products / torch ms is the
  lowest mlp/torch reachable from NumPy on this machine, and "max frac" = floor / products the highest GEMM
  fraction (small, thin products run below the 1024^3 rate). The optimizer's update then adds at least the
  time to move its numbers through main memory (3 per weight for SGD, 7 for Adam) at the bandwidth measured
  in the same run; the script prints that tighter bound too.
- Thread count: ``--threads N`` sets OPENBLAS/OMP/MKL_NUM_THREADS before NumPy is imported and calls
  ``torch.set_num_threads(N)``; without it, NumPy's BLAS keeps its own count (read with threadpoolctl when it
  is installed, else from those variables, else the number of cores) and torch is given the same count.

Benchmarks are not tests: nothing here asserts, and nothing in tests/ depends on wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = (10, 100, 500)
OPTIMIZERS = ("sgd", "adam")
BATCH = 128
LR = {"sgd": 0.01, "adam": 0.001}
GOAL_RATIO = 0.67  # issue 7: mlp at most 0.67x PyTorch's step time
GOAL_GEMM = 0.60  # and at least 60% of the GEMM rate at h = 500


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS), help="hidden widths h")
    parser.add_argument("--optimizers", nargs="+", default=list(OPTIMIZERS), choices=OPTIMIZERS)
    parser.add_argument("--rounds", type=int, default=21, help="quiet blocks wanted per measurement")
    parser.add_argument("--max-rounds", type=int, default=80, help="give up waiting for quiet blocks after this")
    parser.add_argument("--block-time", type=float, default=0.05, help="target seconds per timed block")
    parser.add_argument("--gap", type=float, default=0.2, help="idle seconds before each block")
    parser.add_argument("--quiet", type=float, default=0.05,
                        help="a block is quiet if our threads waited for a core less than this fraction of it")
    parser.add_argument("--threads", type=int, default=None, help="threads for both libraries")
    parser.add_argument("--no-torch", action="store_true", help="time mlp only")
    parser.add_argument("--json", type=Path, default=None, help="also write the results to this file")
    parser.add_argument("--suite", action="store_true", help="also time every notebook and `make test`")
    parser.add_argument("--skip-make-test", action="store_true", help="with --suite: notebooks only")
    parser.add_argument("--suite-only", action="store_true", help="only the suite, no step table")
    parser.add_argument("--no-lenet", action="store_true", help="skip the LeNet (convolution) row")
    return parser.parse_args(argv)


# ------------------------------------------------------------------------------------------------- threads
def blas_threads() -> tuple[int, str]:
    """NumPy's BLAS thread count and how it was found."""
    try:
        import threadpoolctl
    except ImportError:
        threadpoolctl = None
    if threadpoolctl is not None:
        blas = [pool for pool in threadpoolctl.threadpool_info()
                if pool.get("user_api") == "blas" and "numpy" in pool.get("filepath", "")]
        if blas:
            return int(blas[0]["num_threads"]), f"{blas[0]['internal_api']} via threadpoolctl"
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name, "").isdigit():
            return int(os.environ[name]), f"${name}"
    return os.cpu_count() or 1, "os.cpu_count() (no threadpoolctl, no *_NUM_THREADS)"


# ---------------------------------------------------------------------------------------------- the models
def n_weights(model) -> int:
    return sum(param.size for param in model.parameters())


def make_data(n_features: int = 784, n_classes: int = 10):
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.random((BATCH, n_features), dtype=np.float32)  # pixel-like values in [0, 1)
    y = rng.integers(0, n_classes, BATCH)
    return x, y


def mlp_step_fn(h: int, opt_name: str, x, y):
    """mlp's step: ``train_step`` (what fit runs per iteration) on the seed-0 MLP; returns (step, model)."""
    import mlp
    from mlp.training import train_step

    model = mlp.MLP([784, h, h, h, 10], activation="relu", seed=0)
    loss = mlp.SoftmaxCrossEntropy()
    opt = mlp.optim.get(opt_name, lr=LR[opt_name])

    def step() -> float:
        return train_step(model, loss, opt, x, y)

    return step, model


def torch_step_fn(model_mlp, opt_name: str, x, y):
    """The same network in PyTorch, its weights copied from the mlp model (torch keeps W as (out, in))."""
    import torch
    import torch.nn.functional as F

    layers = []
    dense = [layer for layer in model_mlp.layers if hasattr(layer, "W")]
    for i, layer in enumerate(dense):
        linear = torch.nn.Linear(layer.fan_in, layer.fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.W.T.copy()))
            linear.bias.copy_(torch.from_numpy(layer.b.copy()))
        layers.append(linear)
        if i < len(dense) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt_cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[opt_name]
    opt = opt_cls(model.parameters(), lr=LR[opt_name])  # PyTorch's defaults otherwise
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def step() -> float:
        opt.zero_grad()
        loss = F.cross_entropy(model(xt), yt)
        loss.backward()
        opt.step()
        return loss.item()  # mlp's step returns the loss as a float too

    return step


def lenet_step_fns(x, y, torch):
    """One SGD step (lr 0.01) of Caffe's LeNet (seed 001's network) in mlp and, with the same weights, torch."""
    import numpy as np

    import mlp
    from mlp.training import train_step

    model = mlp.lenet(seed=0)
    loss, opt = mlp.SoftmaxCrossEntropy(), mlp.optim.SGD(lr=0.01)
    steps = {"mlp": lambda: train_step(model, loss, opt, x, y)}
    if torch is None:
        return steps
    import torch.nn.functional as F

    nn = torch.nn
    net = nn.Sequential(nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))
    ours = [layer for layer in model.layers if hasattr(layer, "W")]
    theirs = [layer for layer in net if isinstance(layer, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        for a, b in zip(ours, theirs):  # torch keeps a dense W as (out, in); conv filters have the same layout
            b.weight.copy_(torch.from_numpy(np.ascontiguousarray(a.W.T if a.W.ndim == 2 else a.W)))
            b.bias.copy_(torch.from_numpy(a.b.copy()))
    topt = torch.optim.SGD(net.parameters(), lr=0.01)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def torch_step() -> float:
        topt.zero_grad()
        value = F.cross_entropy(net(xt), yt)
        value.backward()
        topt.step()
        return value.item()

    steps["torch"] = torch_step
    return steps


def lenet_row(args: argparse.Namespace, torch) -> dict:
    """Time LeNet's step (batch 64, as in seed 001) for both libraries; print one line."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.random((64, 1, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, size=64).astype(np.int64)
    times = time_interleaved(lenet_step_fns(x, y, torch), args)
    mlp_s = times["mlp"]["seconds"]
    torch_s = times["torch"]["seconds"] if "torch" in times else None
    ratio = f"{mlp_s / torch_s:.2f}" if torch_s else "-"
    quiet = "  ".join(f"{name} {t['quiet']}/{t['blocks']}{' BUSY' if t['busy'] else ''}" for name, t in times.items())
    print(f"\nLeNet (conv 20, pool, conv 50, pool, 500, 10), batch 64, SGD: mlp {mlp_s * 1e3:.2f} ms, torch "
          f"{torch_s * 1e3 if torch_s else float('nan'):.2f} ms, mlp/torch {ratio}  {quiet}", flush=True)
    return {"network": "lenet", "batch": 64, "optimizer": "sgd", "mlp_s": mlp_s, "torch_s": torch_s,
            "ratio": mlp_s / torch_s if torch_s else None}


# ----------------------------------------------------------------------------------------------- measuring
def run_delay() -> int | None:
    """Nanoseconds this process's threads have waited for a free core so far (Linux schedstat), or None."""
    total = 0
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return None
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/schedstat") as stats:
                total += int(stats.read().split()[1])
        except (OSError, ValueError, IndexError):  # a thread that just ended; or no schedstat
            if task == str(os.getpid()):
                return None
    return total


def block(fn, n: int) -> tuple[float, float]:
    """Seconds per call of ``fn`` over ``n`` calls, and the fraction of that time our threads spent waiting for
    a core that another process held (0 when it cannot be measured)."""
    before = run_delay()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    elapsed = time.perf_counter() - start
    after = run_delay()
    waited = 0.0 if before is None or after is None else (after - before) / 1e9 / elapsed
    return elapsed / n, waited


def calls_per_block(fn, block_time: float) -> int:
    for _ in range(3):  # warm up: allocations, optimizer state, caches
        fn()
    one = min(block(fn, 1)[0] for _ in range(5))
    return max(1, int(block_time / max(one, 1e-7)))


def summarize(samples: list[tuple[float, float]], quiet: float, want: int) -> dict:
    """Median over the undisturbed blocks (waited < ``quiet``) if there are ``want`` of them, else over all."""
    calm = [seconds for seconds, waited in samples if waited < quiet]
    chosen = calm if len(calm) >= want else [seconds for seconds, _ in samples]
    return {"seconds": statistics.median(chosen), "quiet": len(calm), "blocks": len(samples),
            "busy": len(calm) < want}


def time_interleaved(fns: dict, args: argparse.Namespace) -> dict[str, dict]:
    """Median seconds per call of each function, measured in interleaved rounds of blocks.

    Each round runs one block of every function, in alternating order. Before each block the process sleeps
    ``args.gap`` seconds: both thread pools (OpenBLAS's and PyTorch's OpenMP) keep idle threads spinning for
    a while after a call, and without the pause one library's spinning threads would take the cores the other
    one needs. Blocks during which our threads waited for a core more than ``args.quiet`` of the time (another
    process had it) are set aside; rounds go on until every function has ``args.rounds`` quiet blocks, or
    ``args.max_rounds`` rounds have run (the result is then marked busy and is the median of all blocks).
    """
    sizes = {name: calls_per_block(fn, args.block_time) for name, fn in fns.items()}
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    names = list(fns)
    for r in range(args.max_rounds):
        for name in names if r % 2 == 0 else names[::-1]:
            time.sleep(args.gap)
            fns[name]()  # one untimed call wakes the sleeping threads
            samples[name].append(block(fns[name], sizes[name]))
        if all(sum(w < args.quiet for _, w in values) >= args.rounds for values in samples.values()):
            break
    return {name: summarize(values, args.quiet, args.rounds) for name, values in samples.items()}


def gemm_product(n: int = 1024):
    """A function computing one n x n x n float32 product with NumPy, and its FLOP count."""
    import numpy as np

    rng = np.random.default_rng(0)
    a, b = rng.random((n, n), dtype=np.float32), rng.random((n, n), dtype=np.float32)
    out = np.empty((n, n), np.float32)
    return (lambda: np.matmul(a, b, out=out)), 2.0 * n**3


def products_fn(sizes: list[int], batch: int = BATCH):
    """A function running only the matrix products of one step, with NumPy, as ``mlp.layers.Dense`` runs them.

    Forward x W for every layer; backward x^T g (into a preallocated array) for every layer and g W^T for all
    but the first. Nothing else: no bias, no activation, no loss, no update. Any NumPy implementation of the
    step has to run these products, so their time is a floor under its step time on this BLAS, measured at
    the step's own shapes (smaller and thinner than the 1024^3 product the GEMM rate comes from).
    """
    import numpy as np

    rng = np.random.default_rng(0)
    weights = [rng.standard_normal((a, b), dtype=np.float32) for a, b in zip(sizes[:-1], sizes[1:])]
    inputs = [rng.random((batch, a), dtype=np.float32) for a in sizes[:-1]]
    grads = [rng.standard_normal((batch, b), dtype=np.float32) for b in sizes[1:]]
    weight_grads = [np.empty_like(w) for w in weights]

    def products() -> None:
        for x, w in zip(inputs, weights):
            x @ w
        for i in reversed(range(len(weights))):
            np.matmul(inputs[i].T, grads[i], out=weight_grads[i])
            if i > 0:
                grads[i] @ weights[i].T

    return products


def memory_bandwidth(threads: int, n: int = 8_000_000) -> float:
    """Bytes per second that ``threads`` threads move through main memory (NumPy c = a + b on 3 x 32 MB arrays,
    larger than the caches; each thread adds its own slice; NumPy releases the GIL). Best of 7."""
    import threading

    import numpy as np

    a, b, c = np.ones(n, np.float32), np.ones(n, np.float32), np.zeros(n, np.float32)
    bounds = [(i * n // threads, (i + 1) * n // threads) for i in range(threads)]

    def add(start: int, end: int) -> None:
        np.add(a[start:end], b[start:end], out=c[start:end])

    best = float("inf")
    for _ in range(7):
        workers = [threading.Thread(target=add, args=bound) for bound in bounds]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        best = min(best, time.perf_counter() - start)
    return 3 * a.nbytes / best


#: Numbers per weight that an optimizer's update must read or write at least: SGD reads w and g and writes w;
#: Adam reads w, g, m, v and writes w, m, v.
UPDATE_TRAFFIC = {"sgd": 3, "adam": 7}


def step_flops(sizes: list[int], batch: int = BATCH) -> float:
    """Useful GEMM FLOPs of one step: forward and dW for every layer, dL/dx for all but the first."""
    products = [fan_in * fan_out for fan_in, fan_out in zip(sizes[:-1], sizes[1:])]
    return 2.0 * batch * (3 * sum(products) - products[0])


def busy_note(timing: dict) -> str:
    return "" if not timing["busy"] else f" (BUSY machine: only {timing['quiet']} of {timing['blocks']} blocks quiet)"


# -------------------------------------------------------------------------------------------------- suite
def run_suite(skip_make_test: bool) -> list[tuple[str, float, str]]:
    """Wall time of every notebook in _toc.yml (run by nbval, as `make test` does) and of the test command."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               MPLBACKEND="Agg", PYDEVD_DISABLE_FILE_VALIDATION="1")
    notebooks = subprocess.run([sys.executable, "-m", "mlp.course", "toc-notebooks"], cwd=ROOT, env=env,
                               capture_output=True, text=True, check=True).stdout.split()
    pytest = [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider", "-q"]
    rows = []
    for notebook in notebooks:
        name = os.path.relpath(ROOT / notebook, ROOT)  # toc-notebooks prints paths relative to ROOT
        start = time.perf_counter()
        result = subprocess.run(pytest + [notebook], cwd=ROOT, env=env, capture_output=True, text=True)
        rows.append((name, time.perf_counter() - start, "passed" if result.returncode == 0 else "FAILED"))
        print(f"  {name:40s} {rows[-1][1]:8.1f} s  {rows[-1][2]}", flush=True)
    if not skip_make_test:
        # The recipe of `make test` (two workers, one file per worker), run with this interpreter: the
        # Makefile's own .venv step would reinstall everything.
        workers = os.environ.get("WORKERS", "2")
        command = pytest + ["-n", workers, "--dist", "loadfile", "tests/unit", "tests/course", "tests/experiments",
                            *notebooks, "tests/book"]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        summary = (result.stdout.strip().splitlines() or ["?"])[-1]
        rows.append(("make test (its pytest command)", time.perf_counter() - start, summary))
        print(f"  {rows[-1][0]:40s} {rows[-1][1]:8.1f} s  {summary}", flush=True)
    return rows


def step_table(args: argparse.Namespace, torch) -> tuple[float, list[dict]]:
    """Measure the GEMM rate and every (width, optimizer) row; print the table. Returns (rate, rows)."""
    gemm, flops = gemm_product()
    gemm_time = time_interleaved({"gemm": gemm}, args)["gemm"]
    rate = flops / gemm_time["seconds"]
    print(f"float32 GEMM rate (NumPy matmul 1024^3, median): {rate / 1e9:.1f} GFLOP/s{busy_note(gemm_time)}")
    threads = blas_threads()[0]
    bandwidth = memory_bandwidth(threads)
    print(f"memory bandwidth ({threads} thread{'s' if threads > 1 else ''}, c = a + b on 32 MB arrays, best of 7): "
          f"{bandwidth / 1e9:.1f} GB/s")
    print(f"batch {BATCH}, network 784-h-h-h-10 ReLU + softmax cross-entropy; median over {args.rounds} quiet "
          f"blocks of about {args.block_time * 1e3:.0f} ms each (quiet: our threads waited < {args.quiet:.0%})\n")

    x, y = make_data()
    header = (f"{'h':>4} {'opt':>5} {'mlp ms':>8} {'torch ms':>9} {'mlp/torch':>9} {'GEMM frac':>9} "
              f"{'torch frac':>10} {'floor ms':>8} {'products':>8} {'bound':>5} {'max frac':>8}  quiet blocks")
    print(header)
    print("-" * len(header))
    results = []
    for h in args.widths:
        for opt_name in args.optimizers:
            mlp_step, model = mlp_step_fn(h, opt_name, x, y)
            steps = {"mlp": mlp_step, "products": products_fn([784, h, h, h, 10])}
            if torch is not None:
                steps["torch"] = torch_step_fn(model, opt_name, x, y)
            times = time_interleaved(steps, args)
            mlp_s, products_s = times["mlp"]["seconds"], times["products"]["seconds"]
            torch_s = times["torch"]["seconds"] if "torch" in times else None
            floor = step_flops([784, h, h, h, 10]) / rate  # the GEMMs alone, at the full measured rate
            frac = floor / mlp_s
            row = {"h": h, "optimizer": opt_name, "mlp_s": mlp_s, "torch_s": torch_s,
                   "ratio": mlp_s / torch_s if torch_s else None, "gemm_fraction": frac,
                   "torch_gemm_fraction": floor / torch_s if torch_s else None, "gemm_floor_s": floor,
                   "products_s": products_s, "products_gemm_fraction": floor / products_s,
                   "best_ratio": products_s / torch_s if torch_s else None,
                   "update_floor_s": UPDATE_TRAFFIC[opt_name] * 4 * n_weights(model) / bandwidth,
                   "blocks": {name: {k: v for k, v in t.items() if k != "seconds"} for name, t in times.items()}}
            results.append(row)
            torch_ms = f"{torch_s * 1e3:9.3f}" if torch_s else f"{'-':>9}"
            ratio = f"{row['ratio']:9.2f}" if row["ratio"] else f"{'-':>9}"
            quiet = "  ".join(f"{name} {t['quiet']}/{t['blocks']}{' BUSY' if t['busy'] else ''}"
                              for name, t in times.items())
            torch_frac = f"{row['torch_gemm_fraction']:10.1%}" if torch_s else f"{'-':>10}"
            bound = f"{row['best_ratio']:5.2f}" if torch_s else f"{'-':>5}"
            print(f"{h:>4} {opt_name:>5} {mlp_s * 1e3:8.3f} {torch_ms} {ratio} {frac:9.1%} {torch_frac} "
                  f"{floor * 1e3:8.3f} {products_s * 1e3:8.3f} {bound} {floor / products_s:8.1%}  {quiet}",
                  flush=True)

    print("\nproducts: the step's matrix products alone in NumPy (no bias, activation, loss or update), timed in "
          "the same blocks;\nbound = products / torch ms, the lowest mlp/torch any NumPy implementation could "
          "reach;\nmax frac = floor / products, the highest GEMM fraction it could reach.")
    print(f"\nWith the optimizer's update too, its numbers coming from main memory at {bandwidth / 1e9:.1f} GB/s (SGD "
          "must move 3 and Adam 7 float32\nnumbers per weight), and nothing else (no bias, activation or loss); "
          "only for networks whose weights (one array of them)\ndo not fit in a 1 MB cache, since smaller ones "
          "are updated from the caches, faster than this:")
    for r in results:
        if r["update_floor_s"] * bandwidth / UPDATE_TRAFFIC[r["optimizer"]] < 2**20:
            continue
        least = r["products_s"] + r["update_floor_s"]
        bound = f"mlp/torch >= {least / r['torch_s']:.2f}, " if r["torch_s"] else ""
        print(f"  h = {r['h']:>3} {r['optimizer']:>4}: update >= {r['update_floor_s'] * 1e3:.3f} ms, step >= "
              f"{least * 1e3:.3f} ms: {bound}GEMM fraction <= {r['gemm_floor_s'] / least:.1%}")
    ratios = [r["ratio"] for r in results if r["ratio"] is not None]
    wide = [r["gemm_fraction"] for r in results if r["h"] == 500]
    print()
    if ratios:
        met = "met" if max(ratios) <= GOAL_RATIO else "not met"
        print(f"goal mlp/torch <= {GOAL_RATIO}: worst {max(ratios):.2f} ({met})")
    if wide:
        print(f"goal GEMM fraction at h = 500 >= {GOAL_GEMM:.0%}: worst {min(wide):.1%} "
              f"({'met' if min(wide) >= GOAL_GEMM else 'not met'})")

    return rate, results


# ----------------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads is not None:  # before NumPy loads its BLAS
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.threads)
    sys.path.insert(0, str(ROOT))  # time this checkout's mlp
    import numpy as np

    import mlp

    threads, how = blas_threads()
    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("PyTorch is not installed: the torch column is skipped (pip install torch==2.13.0).")
    if torch is not None:
        torch.set_num_threads(threads)

    print(f"mlp {mlp.__version__} from {Path(mlp.__file__).parent}; NumPy {np.__version__}; "
          f"Python {platform.python_version()}; {os.cpu_count()} cores ({platform.processor() or platform.machine()})")
    if run_delay() is None:
        print("(no /proc/self/task/*/schedstat here: every block counts as quiet)")
    print(f"threads: NumPy BLAS {threads} ({how})"
          + (f"; torch {torch.__version__} set_num_threads({torch.get_num_threads()})" if torch else ""))
    rate, results = (None, []) if args.suite_only else step_table(args, torch)
    if not (args.suite_only or args.no_lenet):
        results.append(lenet_row(args, torch))
    suite = None
    if args.suite or args.suite_only:
        print("\nsuite (wall time, budgets: notebook <= 60 s, make test <= 30 min):")
        suite = run_suite(args.skip_make_test)
    if args.json:
        args.json.write_text(json.dumps({
            "numpy": np.__version__, "torch": torch.__version__ if torch else None, "threads": threads,
            "gemm_flops": rate, "steps": results,
            "suite": [{"name": n, "seconds": s, "result": r} for n, s, r in suite] if suite else None,
        }, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
