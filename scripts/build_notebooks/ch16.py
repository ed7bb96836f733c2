"""Write notebooks/16-batch-size-and-learning-rate.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch16.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(16, "16-batch-size-and-learning-rate")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Batch size and learning rate

    Every training run needs two numbers before it starts: how many examples go into one step, the batch
    size (배치 크기), and how long the step is, the learning rate (학습률). Chapters 8 to 14 kept the
    batch fixed and studied the step. This chapter changes both at once.

    It reproduces seed 001 {cite:p}`seed001`, a Korean conference paper that trained Caffe's LeNet on MNIST
    nine times, in nine "CASEs" that differ only in the training batch size and the base learning rate
    (기본 학습률), the rate a schedule starts from. For each CASE it measured the test accuracy every 100
    iterations, the time per 100 iterations and the memory, and it concluded that the ideal is to shrink
    the batch and raise the base learning rate *by the same factor*: CASE6, half the batch and twice the
    rate of CASE1, followed CASE1's curve while costing half the time.

    Two years later a rule with the opposite sign became standard: the *linear scaling rule*
    (선형 스케일링 규칙) of {cite:t}`goyal2017`, which changes the learning rate *with* the batch, not
    against it. Both
    can be right, because they measure progress on different clocks. Working out which clock each one reads
    is the main lesson of this chapter.

    **What you will learn**

    - what Caffe's "inv" learning-rate schedule does over 1000 iterations (and why the paper's description
      of it, read literally, would do something else);
    - how a reproduction is built: the settings the paper states, the ones it leaves out and we must choose,
      a short live run, and a long run done once and loaded from a file;
    - which of the paper's findings hold on our run: CASE8 not learning, CASE6 tracking CASE1, CASE9
      lagging, time and memory growing with the batch but not with the learning rate;
    - why the same curves support "halve the batch, double the rate" per iteration (반복) and "halve the
      batch, halve the rate" per epoch (에포크), and where the linear scaling rule comes from.
    """
)

ch.setup_cell()

md(
    """
    Besides NumPy and matplotlib we use `mlp`'s LeNet, its training loop `mlp.fit`, the optimizer and the
    schedule, the MNIST loader, an explorer widget and the checks for the exercises. The full run's results
    are a JSON file, read with the standard library's `json`.
    """
)

code(
    """
    import inspect
    import json
    import math
    import textwrap
    import time
    from pathlib import Path

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.layers import Dense
    from mlp.layers.conv import Conv2D
    from mlp.optim import schedules
    from mlp.training import train_step
    from mlp.widgets import frame_explorer
    from mlp.checks import ch16 as check

    CASE_COLOURS = {1: "black", 2: "tab:blue", 3: "tab:purple", 4: "tab:orange", 5: "tab:olive",
                    6: "tab:red", 7: "tab:brown", 8: "tab:gray", 9: "tab:green", "L32": "tab:cyan",
                    "L128": "tab:pink"}
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The paper's experiment
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The experiment in the paper

    The paper ran everything in Caffe {cite:p}`jia2014`, the Berkeley deep-learning framework of the time,
    on Caffe's LeNet, the MNIST example that comes with it: a small convolutional neural network
    (합성곱 신경망) in the family of {cite:t}`lecun1998`. Two 5x5 convolutions, each followed by 2x2 max-pooling,
    then a dense layer of 500 ReLU neurons and 10 outputs. Stochastic gradient descent (확률적 경사하강법)
    trains it for a maximum number of iterations (최대 반복 횟수), here always 1000.

    Its Table 1 lists the nine CASEs. We type it in, with the product of rate and batch that the paper's
    conclusion keeps fixed:
    """
)

code(
    """
    # Table 1 of seed 001: CASE -> (training batch, test batch, base learning rate); every CASE runs 1000 iterations.
    PAPER_TABLE1 = {1: (64, 128, 0.01), 2: (32, 64, 0.01), 3: (128, 256, 0.01), 4: (64, 128, 0.04),
                    5: (64, 128, 0.001), 6: (32, 64, 0.02), 7: (64, 128, 0.0025), 8: (64, 128, 0.1),
                    9: (32, 64, 0.005)}
    GROUPS = {"batch size only (its figure 4)": [1, 2, 3],
              "learning rate only (its figure 5)": [1, 4, 5, 7, 8],
              "both at once (its figure 6)": [1, 6, 9]}

    print("CASE  train batch  test batch  base lr   lr x batch")
    for case, (batch, test_batch, lr) in PAPER_TABLE1.items():
        print(f"{case:>4}  {batch:>11}  {test_batch:>10}  {lr:>7}   {lr * batch:>10.3f}")
    print()
    for name, cases in GROUPS.items():
        print(f"{name:<36} CASEs {cases}")
    """
)

md(
    """
    The nine CASEs are three comparisons around CASE1: the batch alone (CASE2 halves it, CASE3 doubles it),
    the learning rate alone (from a tenth of CASE1's, CASE5, to ten times, CASE8), and both together: CASE6
    halves the batch and doubles the rate, CASE9 halves both.

    The paper's results are curves in seven figures, which our copy of the paper does not contain (we have
    its text only). So the numbers we can set beside ours are the ones its text states:
    """
)

code(
    """
    # The numbers in the text of seed 001 (section 3); the figures' curves are not in our copy.
    PAPER_CLAIMS = {
        "test accuracy at iteration 1000, every CASE but 5 and 8": 0.95,
        "CASE8's accuracy stays below": 0.1,
        "CASE6's accuracy oscillates after iteration 200 by about": 0.10,
        "iteration at which CASEs 1, 2 and 3 reach their plateau": 400,
        "memory, batch x2 (CASE3 / CASE1)": 1.26,
        "memory, batch x1/2 (CASE2 / CASE1)": 0.84,
        "seconds per 100 iterations, CASE4 minus CASE1": 5.6,
    }
    for claim, value in PAPER_CLAIMS.items():
        print(f"{claim:<58} {value}")
    """
)

md(
    """
    The text also makes claims without numbers. Time per 100 iterations grows in proportion to the batch
    and does not change with the learning rate; only the batch changes the memory; CASE6 follows CASE1's
    curve almost exactly while CASE9 stays well below both until iteration 400; CASE5, CASE7 and CASE9 (the
    small rates) learn slowly, CASE5 slowest. And two that contradict each other: the paper says the rate
    does not change the time, but also that CASE4 needs 5.6 s more per 100 iterations than CASE1. We will
    test each of them.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The inv schedule
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The "inv" schedule

    Caffe lowers the learning rate during training by a learning-rate schedule (학습률 스케줄). The paper
    uses the one Caffe calls "inv":

    $$\eta_t = \eta_0\,(1 + \gamma t)^{-p}, \qquad \gamma = 0.001,\quad p = 0.75,$$

    where $\eta_0$ is the base learning rate and $t$ the number of iterations done so far.
    `mlp.optim.schedules.inv` is this formula; `mlp.fit(..., schedule=...)` sets the optimizer's rate to
    `schedule(t)` before step $t$, counting from 0 as Caffe does. Against the formula in NumPy:
    """
)

code(
    """
    schedule = schedules.inv(0.01, gamma=0.001, power=0.75)
    t = np.arange(1001)
    by_hand = 0.01 * (1 + 0.001 * t) ** -0.75
    print(f"largest difference between mlp and NumPy: {np.max(np.abs(schedule.values(1001) - by_hand)):.1e}")
    print(f"rate at iteration 1000: {schedule(1000):.5f}, that is {schedule(1000) / 0.01:.3f} x the base rate")
    """
)

md(
    """
    Over the paper's 1000 iterations the schedule lowers every rate to the fraction printed above, the
    same fraction for every CASE. So within this experiment the CASEs differ through their base rate; the
    schedule barely decays.

    The paper explains its equation (1) in words: it gives "the next generation's learning rate" from "the
    current generation's learning rate" and the iterations done. (The equation itself is garbled in our
    copy.) Read literally, as a recursion that multiplies the *previous* rate by the factor at every step,
    it is a different schedule altogether:
    """
)

code(
    """
    factor = (1 + 0.001 * t[1:]) ** -0.75
    recursive = 0.01 * np.concatenate([[1.0], np.cumprod(factor)])     # lr_{t+1} = lr_t * (1 + gamma t)^-p

    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    ax.plot(t, schedule.values(1001), color="black", label=r"Caffe's inv: $\\eta_0 (1 + \\gamma t)^{-p}$")
    ax.plot(t, recursive, "--", color="tab:red", label=r"read as a recursion: $\\eta_{t+1} = \\eta_t (1 + \\gamma t)^{-p}$")
    ax.set_yscale("log")
    ax.set_ylim(1e-12, 0.02)
    ax.set_xlabel("iteration t")
    ax.set_ylabel("learning rate (base 0.01)")
    ax.legend(fontsize=9)
    ax.set_title("The inv schedule, and the paper's words read literally")
    plt.show()
    print(f"the recursion's rate at iteration 100: {recursive[100]:.2e}; at 300: {recursive[300]:.2e}; "
          f"at 1000: {recursive[1000]:.1e}")
    """
)

md(
    """
    The recursion would freeze training within a few hundred iterations, and the paper's curves keep rising
    until iteration 1000. Caffe's solver (`SGDSolver::GetLearningRate`) computes
    `base_lr * pow(1 + gamma * iter, -power)` afresh at every iteration, always from the base rate. So the
    paper's words mislead, but the schedule it ran is Caffe's, and that is the one we use.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. What the paper omits
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## What the paper leaves out, and what we chose

    A reproduction needs every setting, and the paper names only the batch sizes, the base rates, the
    schedule and the iterations. It says that everything else stayed fixed. For the rest we take Caffe's
    LeNet example, which the paper's schedule comes from, and say where we differ from it:

    - **The solver.** Caffe's `lenet_solver.prototxt` sets momentum (모멘텀) 0.9 and weight decay
      (가중치 감쇠) 0.0005 besides the schedule. The paper does not mention them; we keep them, with
      `mlp.optim.Momentum(lr, momentum=0.9, weight_decay=0.0005)`. The next section shows the one way our
      momentum differs from Caffe's, and how little it matters here.
    - **The initial weights.** Caffe's LeNet draws every weight with its "xavier" filler, uniform in
      $\\pm\\sqrt{3/n_{\\text{in}}}$, where the fan-in $n_{\\text{in}}$ is the number of inputs one output
      sees (a variance of $1/n_{\\text{in}}$, after {cite:t}`glorot2010`), and sets the biases to 0.
      `mlp.lenet` draws He's normal weights (variance $2/n_{\\text{in}}$, {cite:t}`he2015`); we re-draw them
      Caffe's way (the code is below).
    - **The biases' learning rate.** Caffe's LeNet gives every bias twice the learning rate of the weights
      (`lr_mult: 2`). `mlp.optim` has one rate for all parameters, so we leave this out.
    - **The pixels.** Caffe scales bytes by 1/256, `load_mnist` by 1/255: no difference that matters.
    - **The order of the examples.** Caffe reads its MNIST database in file order; `mlp.fit` shuffles every
      epoch with a fixed seed. The same seed gives every CASE with the same batch size the same batches.
    - **The test.** Table 1's test batch is twice the training batch. Caffe tests `test_iter` batches
      (not given; 100 in the example), so the test batch also decides how many images a test sees, which
      may not be the 10 000 of the test set (the next cell counts them). We evaluate every 100 iterations on
      a fixed sample of 2000 test images (every digit in proportion) to save time, and at iteration 1000 on
      all 10 000.
    - **Repeats and hardware.** The paper ran each CASE once, on a machine it does not describe. So do we:
      one run per CASE, all from the same initial weights, on one CPU core of the machine printed below.

    """
)

code(
    """
    test_iter = 100   # Caffe's LeNet example; the paper does not say
    for test_batch in (64, 128, 256):
        seen = test_iter * test_batch
        print(f"test batch {test_batch:>3}: {seen:>6} images per test, "
              f"{'a subset of' if seen < 10000 else 'all of, and some twice,'} the 10000 test images")
    """
)

md(
    """
    Here is LeNet, with Caffe's initial weights:
    """
)

code(
    """
    def caffe_xavier_(net, seed=0):
        \"\"\"Re-draw the weights as Caffe's "xavier" filler does: U(-a, a), a = sqrt(3 / fan_in); biases 0.\"\"\"
        rng = np.random.default_rng(seed)
        for layer in net.layers:
            if isinstance(layer, (Conv2D, Dense)):
                W, b = layer.params
                fan_in = W[0].size if isinstance(layer, Conv2D) else W.shape[0]   # inputs seen by one output
                bound = math.sqrt(3.0 / fan_in)
                W[...] = rng.uniform(-bound, bound, size=W.shape)
                b[...] = 0.0


    net = mlp.lenet(seed=0)
    caffe_xavier_(net)
    print(net)
    print(f"{net.n_parameters:,} parameters = {net.n_parameters * 4 / 1e6:.2f} MB as float32")
    conv1_weights = net.layers[0].W
    print(f"conv1 weights: fan_in {conv1_weights[0].size}, largest |w| {np.abs(conv1_weights).max():.3f} "
          f"<= sqrt(3 / {conv1_weights[0].size}) = {math.sqrt(3 / conv1_weights[0].size):.3f}")
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Caffe's momentum vs ours
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Caffe's momentum and ours

    Caffe's SGD solver keeps the learning rate *inside* the velocity; `mlp.optim.Momentum` follows PyTorch
    and multiplies it in at the end (chapter 10):

    $$\text{Caffe:}\quad V \leftarrow \mu V + \eta_t\,(g + \lambda w),\quad w \leftarrow w - V
    \qquad\qquad
    \text{mlp:}\quad v \leftarrow \mu v + (g + \lambda w),\quad w \leftarrow w - \eta_t\, v$$

    with $\mu = 0.9$ and $\lambda = 0.0005$. Here is `mlp`'s update (weight decay is added to $g$ before
    it, by the base class):
    """
)

code(
    """
    source = inspect.getsource(mlp.optim.Momentum._update)
    print(source[source.index("        v, tmp"):source.index("        if self.nesterov")])
    print(source[source.index("            # p <- p - lr * v"):])
    """
)

md(
    """
    With a constant rate the two are the same rule ($V = \\eta v$). When the rate changes, `mlp`'s form
    applies the *new* rate to the whole remembered velocity, Caffe's only to the new gradient. The inv
    schedule changes the rate by less than a thousandth per step, so we expect no visible difference. We
    check on the simplest problem, $f(w) = w^2/2$, with the inv schedule at CASE4's rate, 1000 steps of
    each form:
    """
)

code(
    """
    def caffe_momentum_path(base_lr, steps=1000, mu=0.9, w0=1.0):
        \"\"\"Caffe's SGD solver on f(w) = w**2 / 2 (gradient w) with the inv schedule.\"\"\"
        w, V, path = w0, 0.0, []
        for t in range(steps):
            V = mu * V + schedules.inv(base_lr)(t) * w
            w = w - V
            path.append(w)
        return np.array(path)


    def mlp_momentum_path(base_lr, steps=1000, mu=0.9, w0=1.0):
        \"\"\"mlp.optim.Momentum on the same problem, its rate set by the schedule as mlp.fit does.\"\"\"
        w = np.array([w0])
        optimizer, lr_schedule = mlp.optim.Momentum(lr=base_lr, momentum=mu), schedules.inv(base_lr)
        path = []
        for t in range(steps):
            optimizer.lr = lr_schedule(t)
            optimizer.step([w], [w.copy()])
            path.append(w[0])
        return np.array(path)


    caffe_path, mlp_path = caffe_momentum_path(0.04), mlp_momentum_path(0.04)
    print(f"largest |w_caffe - w_mlp| over 1000 steps: {np.max(np.abs(caffe_path - mlp_path)):.2e} "
          f"(w starts at 1)")
    print(f"largest change of the rate in one step: {1 - schedules.inv(1.0)(1):.5f} of its value")
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Live run
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A live run, small

    The full experiment is eleven trainings of LeNet, hundreds of iterations each: far too long for a page
    (the full run's wall time is printed in the next section). The script `experiments/seed001_batch_lr.py` ran it once, and
    we load its results in the next section. First, so that you can see the machinery work, the same code
    at a tiny scale: a small LeNet (4 and 8 filters, 32 hidden neurons), 3000 training images, 60
    iterations, and four CASEs, with the test accuracy on 500 test images every 20 iterations.
    """
)

code(
    """
    (x_small, y_small), (x_test_small, y_test_small) = load_mnist(n_train=3000, n_test=500, flatten=False)


    def run_case(batch, base_lr, iterations=60, eval_every=20, channels=(4, 8), hidden=32, seed=0):
        \"\"\"One CASE at small scale: LeNet with Caffe's weights, momentum, weight decay and the inv schedule.\"\"\"
        small_net = mlp.lenet(channels=channels, hidden=hidden, seed=seed)
        caffe_xavier_(small_net, seed)
        optimizer = mlp.optim.Momentum(lr=base_lr, momentum=0.9, weight_decay=0.0005)
        return mlp.fit(small_net, mlp.SoftmaxCrossEntropy(), optimizer, x_small, y_small,
                       batch_size=batch, max_iterations=iterations, eval_every=eval_every,
                       x_val=x_test_small, y_val=y_test_small, schedule=schedules.inv(base_lr),
                       seed=seed, on_divergence="stop", train_eval_size=200)


    tick = time.perf_counter()
    live = {case: run_case(PAPER_TABLE1[case][0], PAPER_TABLE1[case][2]) for case in (1, 6, 8, 9)}
    live_seconds = time.perf_counter() - tick

    print("CASE  batch  base lr   test accuracy at iterations 20, 40, 60")
    for case, history in live.items():
        batch, _, lr = PAPER_TABLE1[case]
        accuracies = "  ".join(f"{a:.3f}" for a in history.metric("val_accuracy"))
        note = f"   diverged at iteration {history.iterations[-1]}" if history.diverged else ""
        print(f"{case:>4}  {batch:>5}  {lr:>7}   {accuracies}{note}")
    """
)

code(
    """
    print(f"four small CASEs in {live_seconds:.1f} s")
    """,
    tags=("nbval-ignore-output",),
)

md(
    """
    A few seconds of training, a network with a fraction of LeNet's weights, 60 iterations: the numbers
    show the machinery, not the paper's answer. For that we need the full run.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. The full run
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The full run

    The script ran the nine CASEs on the full LeNet and all 60 000 training images, 1000 iterations each,
    then timed every CASE again and measured its memory (more on both below). It also ran two extra
    trainings for the last part of the chapter, labelled `L32` and `L128`. The results are in
    `experiments/results/seed001_batch_lr.json`, with the record of how they were made:
    """
)

code(
    """
    RESULT = "seed001_batch_lr.json"
    local = Path("..") / "experiments" / "results" / RESULT
    if local.is_file():
        results = json.loads(local.read_text())
    else:  # e.g. in Colab, where the notebook travels alone: fetch the committed file
        from urllib.request import urlopen

        with urlopen("https://raw.githubusercontent.com/nn-from-scratch/course/main/experiments/results/" + RESULT) as f:
            results = json.load(f)

    settings, provenance = results["settings"], results["provenance"]
    print("command:   ", provenance["command"])
    print("date:      ", provenance["date"], "  numpy", provenance["numpy"], "  BLAS threads:", provenance["blas_threads"])
    print("cpu:       ", provenance["cpu"], f"({provenance['cpu_count']} cores, shared with other work)")
    print(f"wall time:  {provenance['wall_time_s'] / 60:.0f} minutes")
    print("network:   ", settings["network"], settings["channels"], settings["hidden"], "  init:", settings["init"])
    solver = dict(settings["solver"])
    print("solver:    ", solver.pop("type"))
    print("            " + ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in solver.items()))
    print("scaled down:", *settings["scaled_down"], sep="\\n  ")

    runs = {run["case"]: run for run in results["runs"]}
    timing = {int(case): row for case, row in results["timing"].items()}
    memory = {row["case"]: row for row in results["memory"]}
    """
)

md(
    """
    Every CASE's test accuracy, on the 2000-image sample at each checkpoint and on all 10 000 test images
    at the end:
    """
)

code(
    """
    checkpoints = runs[1]["checkpoints"]
    print("CASE  batch  base lr  " + " ".join(f"{it:>5}" for it in checkpoints) + "   all 10000")
    for case in range(1, 10):
        run = runs[case]
        row = " ".join("    -" if a is None else f"{a:5.3f}" for a in run["test_accuracy"])
        note = f"   diverged at iteration {run['diverged_at']}" if run["diverged_at"] else ""
        print(f"{case:>4}  {run['batch']:>5}  {run['base_lr']:>7}  {row}   {run['final_test_accuracy']:.4f}{note}")
    """
)

md(
    """
    The paper drew these curves in four figures: all nine together (its figure 2), and the three
    comparisons (figures 4, 5 and 6). Ours, in the same arrangement:
    """
)

code(
    """
    def plot_accuracy(ax, cases, x="iteration"):
        for case in cases:
            run = runs[case]
            its = np.array(run["checkpoints"])
            acc = np.array([np.nan if a is None else a for a in run["test_accuracy"]])
            xs = its * run["batch"] / 1000 if x == "images" else its
            ax.plot(xs, acc, "o-", color=CASE_COLOURS[case], markersize=3, linewidth=1.3,
                    label=f"{'CASE' if isinstance(case, int) else ''}{case}: {run['batch']} / {run['base_lr']}")
        ax.set_ylim(0, 1.02)
        ax.set_xlabel("thousands of training images seen" if x == "images" else "iteration")
        ax.grid(alpha=0.3)


    fig, axes = plt.subplots(2, 2, figsize=(10, 7), sharey=True)
    panels = [("all nine CASEs (paper's figure 2)", list(range(1, 10))), *[(name, cases) for name, cases in GROUPS.items()]]
    for ax, (title, cases) in zip(axes.flat, panels):
        plot_accuracy(ax, cases)
        ax.set_ylim(0.8, 1.0)                      # CASE8, at 0.1, is below this window: say so instead
        if 8 in cases:
            ax.annotate("CASE8: 0.10 at every checkpoint (below)", (550, 0.805), ha="center", fontsize=8,
                        color=CASE_COLOURS[8])
        ax.set_title(title, fontsize=10)
        if len(cases) > 5:                         # nine entries would cover curves: put them under the figure
            fig.legend(*ax.get_legend_handles_labels(), fontsize=7, ncol=5, loc="lower center",
                       title="all nine CASEs: batch / base lr", title_fontsize=7)
        else:
            ax.legend(fontsize=7, loc="lower right", title="batch / base lr", title_fontsize=7,
                      bbox_to_anchor=(1.0, 0.06))
    for ax in axes[:, 0]:
        ax.set_ylabel("test accuracy")
    fig.suptitle("Test accuracy every 100 iterations (2000 test images), full LeNet; note the y axis starts at 0.8",
                 fontsize=11)
    fig.tight_layout(rect=(0, 0.09, 1, 1))
    plt.show()
    """
)

md(
    """
    Now the paper's statements about these curves, one by one, each computed from the run:
    """
)

code(
    """
    final = {case: runs[case]["final_test_accuracy"] for case in range(1, 10)}
    acc = {case: np.array([np.nan if a is None else a for a in runs[case]["test_accuracy"]]) for case in range(1, 10)}
    at = {it: i for i, it in enumerate(checkpoints)}

    reached = [case for case in range(1, 10) if final[case] >= 0.95]
    print("CASEs at or above 0.95 at iteration 1000 (all 10000 test images):", reached)
    print("  paper: every CASE but 5 and 8")
    print(f"CASE8 at iteration 1000: {final[8]:.4f}   paper: below 0.1")
    swing = np.nanmax(acc[6][at[300]:]) - np.nanmin(acc[6][at[300]:])
    swing1 = np.nanmax(acc[1][at[300]:]) - np.nanmin(acc[1][at[300]:])
    print(f"CASE6 from iteration 300 on: highest minus lowest accuracy {swing:.3f} (CASE1: {swing1:.3f})"
          "   paper: oscillates by about 10%")
    for case in (1, 2, 3):
        plateau = checkpoints[int(np.argmax(acc[case] >= acc[case][-1] - 0.01))]
        print(f"CASE{case} first within 0.01 of its iteration-1000 accuracy at iteration {plateau}   paper: 400")
    order = sorted(range(1, 10), key=lambda c: acc[c][at[200]])
    print("CASEs by accuracy at iteration 200, lowest first:", order)
    print(f"CASE9 minus CASE1 at iterations 100-400: {np.round(acc[9][:4] - acc[1][:4], 3)}")
    print(f"CASE6 minus CASE1 at iterations 100-400: {np.round(acc[6][:4] - acc[1][:4], 3)}")
    """
)

md(
    """
    Three more numbers help to read these: how much of the training set a CASE sees in 1000 iterations,
    how precise an accuracy measured on 2000 images is, and how much momentum 0.9 multiplies every step
    (the effective learning rate (유효 학습률) of chapter 10):
    """
)

code(
    """
    for case in (1, 2, 3, 6):
        print(f"CASE{case}: {1000 * runs[case]['batch']:>6} images in 1000 iterations = "
              f"{1000 * runs[case]['batch'] / 60000:.2f} epochs")
    print(f"standard error of an accuracy of 0.98 measured on 2000 images: {math.sqrt(0.98 * 0.02 / 2000):.4f}")
    print(f"momentum 0.9 multiplies the step on a steady slope by 1 / (1 - 0.9) = {1 / (1 - 0.9):.0f}")
    """
)

md(
    """
    Read against the paper:

    - **The overall picture agrees.** At iteration 1000 every CASE except CASE5 and CASE8 is at 0.95 or
      above on the full test set, exactly the paper's list. CASE8 stays at chance (next section). The
      small rates, CASE5, CASE7 and CASE9, rise slowest, and CASE5 slowest of all. The best rates are 0.01
      and 0.04 (CASE1 and CASE4), as the paper concludes.
    - **CASE6 tracks CASE1, CASE9 lags.** Per iteration, CASE6 stays within about a percentage point of
      CASE1, while CASE9 trails both, most in the first 200 iterations: the paper's figure 6.
    - **Our accuracies are higher** than the paper's "about 0.95": CASE1 ends near 0.98. The text does not
      let us find out why. Its plateau may be a reading of a coarse plot, and our differences from Caffe
      (initial weights, shuffling, the biases' rate) could each move a curve by a little.
    - **CASE6 does not oscillate by 10%.** From iteration 300 on, its highest and lowest accuracy are about
      three points apart, most of it the slow rise that CASE1 shows too (two points), and nowhere near a
      10% swing. Nor is there any sign of the
      overfitting (과적합) the paper suspects: that would show as test accuracy *falling* while training
      goes on, and CASE6 sees only about half an epoch, so it has not even seen most images once.
    - **CASE5 is slow, but not "less than half" of the others,** and it shows no sharp rise at iterations
      900 to 1000. A rate a tenth of CASE1's is still a sizeable step once momentum multiplies it.
    - **The plateau does not come at iteration 400 for all three batch sizes.** Ours arrive at different
      iterations, but "first within 0.01 of the final value" is a rough measure when the noise of each
      point is a third of that.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. CASE8
# ---------------------------------------------------------------------------------------------------

md(
    """
    ### CASE8: what "does not learn" looks like

    The loss of each step tells the story better than ten checkpoints. CASE8 against CASE4 (the next
    smaller rate) and CASE1:
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7, 3.4))
    for case in (1, 4, 8):
        loss = np.array([np.nan if v is None else v for v in runs[case]["loss"]])
        ax.plot(np.arange(1, len(loss) + 1), loss, color=CASE_COLOURS[case], linewidth=0.8,
                label=f"CASE{case}: lr {runs[case]['base_lr']}")
        if runs[case]["diverged_at"]:
            ax.axvline(runs[case]["diverged_at"], color=CASE_COLOURS[case], linestyle=":", linewidth=1)
    ax.set_yscale("log")
    ax.set_ylim(1e-3, 1e4)                         # CASE8's last finite losses leave the plot upwards
    ax.set_xlabel("iteration")
    ax.set_ylabel("mini-batch loss (cross-entropy)")
    ax.legend(fontsize=9)
    ax.set_title("Training loss per iteration (a dotted line marks a divergence)")
    plt.show()

    run8 = runs[8]
    if run8["diverged_at"]:
        print(f"CASE8's loss became NaN or infinite at iteration {run8['diverged_at']}, "
              f"at learning rate {run8['lr'][run8['diverged_at'] - 1]:.4f}")
    else:
        print("CASE8 did not diverge; its last loss:", run8["loss"][-1])
    """
)

md(
    """
    Why would a network that does not learn score just *under* 0.1, as the paper reports, rather than
    exactly the chance level? Because a broken network usually gives the *same* answer for every image, and
    then it scores that digit's share of the test set, which is not exactly a tenth. If the loss becomes NaN
    and training goes on (Caffe does not stop), the next update makes every weight NaN; NumPy's `argmax`
    of a row of NaN is its first position, so such a network answers "0" everywhere. If instead the weights
    grow huge but stay finite (Caffe's loss then sticks at minus the log of the smallest float, printed
    below, a number Caffe users know well), one digit
    wins everywhere. Either way the score is one of these shares:
    """
)

code(
    """
    with np.errstate(invalid="ignore"):
        print("argmax of a row of NaN:", np.argmax(np.full(10, np.nan)))
    print(f"-log(smallest normal float32) = {-np.log(np.finfo(np.float32).tiny):.4f}")
    counts = np.array(results["test_class_counts"])
    shares = counts / counts.sum()
    print("answering one digit for every test image scores:")
    print("  " + "  ".join(f"'{d}': {s:.4f}" for d, s in enumerate(shares)))
    print(f"digits whose share is below 0.1: {[d for d in range(10) if shares[d] < 0.1]}")
    """
)

md(
    """
    CASE8 agrees with the paper. At base rate 0.1 its loss exploded within the first 100 iterations
    (the iteration is printed above), and from then on the network gives one answer for every image. The
    2000-image sample holds exactly 200 of each digit, so a constant answer scores 0.100 on it at every
    checkpoint; on the full test set our NaN network's "always 0" scores 0.098, just under 0.1, like the
    paper's. (Which digit Caffe's broken network chose we cannot know; five of the ten would give "below
    0.1".) CASE4's rate, 0.04, still trains well, and is the best of all: the limit lies between the two.
    With momentum, CASE8's steps are as long as plain SGD's would be at a rate of 1.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Time
# ---------------------------------------------------------------------------------------------------

md(
    """
    ### Time per 100 iterations (the paper's figure 3)

    Timing on a shared machine is noisy: other programs take turns on the cores, and a CASE that happens to
    run while the machine is busy looks slow. So the script timed each CASE twice. Once during its training
    run (the sum of its step times, evaluations excluded, for every block of 100 iterations). And once more
    afterwards, round-robin: a few steps of CASE1, the same of CASE2, ..., of CASE9, and again, for several
    rounds, so that a busy spell falls on all CASEs alike; we report the median step times 100. The bars below are the
    round-robin medians, the whiskers the middle half of the samples, the dots the training-run blocks.
    """
)

code(
    """
    cases = list(range(1, 10))
    print(f"round-robin: {settings['timing_rounds']} rounds of {settings['timing_steps']} steps per CASE "
          f"(after one warm-up round)")
    per_100 = np.array([timing[c]["time_per_100_s"] for c in cases])
    quartiles = np.array([timing[c]["quartile_time_per_100_s"] for c in cases])

    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.bar([f"CASE{c}" for c in cases], per_100, color=[CASE_COLOURS[c] for c in cases], alpha=0.75,
           yerr=[per_100 - quartiles[:, 0], quartiles[:, 1] - per_100], capsize=3)
    for i, c in enumerate(cases):
        blocks = runs[c]["time_per_100_in_training_s"]
        ax.plot([i] * len(blocks), blocks, "k.", markersize=3, alpha=0.6)
        ax.text(i, 0.3, f"b={runs[c]['batch']}", ha="center", fontsize=8, color="white")
    ax.set_ylabel("seconds per 100 iterations")
    ax.set_title("Training time per 100 iterations (bars: round-robin median; dots: during training)")
    plt.show()

    t = dict(zip(cases, per_100))
    print(f"batch x2  (CASE3 / CASE1): {t[3] / t[1]:.2f} times the time")
    print(f"batch x1/2 (CASE2 / CASE1): {t[2] / t[1]:.2f} times the time")
    same_batch = [t[c] for c in (1, 4, 5, 7)]
    print(f"batch 64 at four learning rates (CASEs 1, 4, 5, 7): {min(same_batch):.2f} to {max(same_batch):.2f} s; "
          f"CASE8: {t[8]:.2f} s")
    print(f"CASE4 minus CASE1: {t[4] - t[1]:+.2f} s per 100 iterations   paper: +5.6 s")
    for batch, group in ((32, (2, 6, 9)), (64, (1, 4, 5, 7)), (128, (3,))):
        mean = np.mean([t[c] for c in group])
        print(f"batch {batch:>3}: {mean:.2f} s per 100 iterations = {1000 * mean / (100 * batch):.2f} ms per image")
    """
)

code(
    """
    print("the training-run blocks vary more, as the machine's load came and went:")
    for c in cases:
        blocks = np.array(runs[c]["time_per_100_in_training_s"])
        if len(blocks):
            print(f"CASE{c}: {blocks.min():.1f} to {blocks.max():.1f} s per 100 iterations")
        else:
            print(f"CASE{c}: stopped before iteration 100")
    """,
    tags=("nbval-ignore-output",),
)

md(
    """
    The batch size sets the time, roughly in proportion, as the paper says: twice the batch took a little
    less than twice the time, half the batch a little more than half, and the cost per image changes far
    less than the batch does. What change there is goes one way: a larger batch is slightly cheaper per
    image, because part of a step's cost does not grow with the batch (the Python calls, the weight update,
    the filters' share of the convolutions) and a larger batch spreads it over more images. CASE4 minus
    CASE1 is inside the spread of the samples (each median lies within the other's whiskers), so the
    paper's 5.6 s is not something we see, and its own statement that the rate does not change the time is
    the one our numbers support.

    CASE8 is the exception: the fastest batch-64 CASE by far. Its learning rate does not make arithmetic
    cheaper; its *divergence* does. Once the loss is NaN, `mlp`'s training step skips the backward pass and
    the update (there is nothing sensible to update with), so every later step is a forward pass only:
    """
)

code(
    """
    source = inspect.getsource(mlp.training.train_step)
    print(textwrap.dedent(source[source.index("    _set_mode(model, True)"):]))
    before = runs[8]["diverged_at"] - 1                       # CASE8's normal steps, before the NaN
    # The machine's load changes over minutes, so compare with the batch-64 run just before CASE8: CASE7's end.
    case8_ms = 1000 * np.median(runs[8]["step_time_s"][:before])
    case7_ms = 1000 * np.median(runs[7]["step_time_s"][-before:])
    print(f"full run: median of CASE8's {before} steps before its NaN: {case8_ms:.0f} ms; "
          f"of CASE7's last {before} steps, just before: {case7_ms:.0f} ms")
    """
)

md(
    """
    Those two medians come from different minutes of the run, and the training-run blocks above show how
    much the machine's load moved in a few minutes. A fair test times the two rates side by side: two full
    LeNets from the same weights, CASE8's rate and CASE7's, one step of each in turn on the same batches,
    40 steps, all before CASE8's loss leaves the finite numbers.
    """
)

code(
    """
    def side_by_side(rates=(0.1, 0.0025), steps=40, batch=64):
        \"\"\"Median milliseconds per training step of LeNet at each rate, one step of each in turn.\"\"\"
        models = {}
        for lr in rates:
            lenet = mlp.lenet(seed=0)
            caffe_xavier_(lenet)
            models[lr] = (lenet, mlp.SoftmaxCrossEntropy(), mlp.optim.Momentum(lr=lr, momentum=0.9, weight_decay=0.0005))
        times, losses = {lr: [] for lr in rates}, {lr: [] for lr in rates}
        for step in range(steps):
            start = step * batch % len(x_small)
            for lr, (lenet, loss, optimizer) in models.items():
                tick = time.perf_counter()
                losses[lr].append(train_step(lenet, loss, optimizer, x_small[start:start + batch],
                                             y_small[start:start + batch]))
                times[lr].append(1000 * (time.perf_counter() - tick))
        return {lr: float(np.median(t[1:])) for lr, t in times.items()}, losses


    medians, losses = side_by_side()
    print(f"rate 0.1: all {len(losses[0.1])} losses finite: {bool(np.all(np.isfinite(losses[0.1])))}, "
          f"the last {losses[0.1][-1]:.2f}")
    for lr, ms in medians.items():
        print(f"rate {lr:<7} median {ms:.1f} ms per step")
    print(f"ratio: {medians[0.1] / medians[0.0025]:.2f}")
    """,
    tags=("nbval-ignore-output",),
)

md(
    """
    Side by side, the two rates cost the same per step (a ratio near 1, whatever the machine is doing
    meanwhile) until the NaN: before it diverged, CASE8 was no cheaper than any other batch-64 CASE.
    Caffe does not skip anything after a NaN, so there even CASE8's time would not depend on its rate. What
    our numbers do not settle is the paper's argument that a small batch reaches the plateau sooner *in
    seconds*; the exercise *Seconds, not iterations* below computes that.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Memory
# ---------------------------------------------------------------------------------------------------

md(
    """
    ### Memory (the paper's figure 7)

    The paper reports "average memory use" without saying what it measured. On a GPU it is most likely the
    memory the card reports in use, which includes the framework's own fixed share; on a CPU, the process's
    memory. Either way it counts a lot that has nothing to do with the batch.

    We measure what a training step itself needs. Python's `tracemalloc` counts every array NumPy allocates
    while it is on, and reports the largest total reached. For each CASE the script built the network and
    the optimizer with it on and took three steps; we report

    - the *kept* memory: what lives between steps (the weights, their gradients, the momentum, and the
      activations each layer keeps from the last step for the next backward pass), and
    - the *peak* of one training step: the kept memory plus everything the step allocates at once (the
      activations, the im2col copies of LeNet's convolutions, the gradients flowing back).

    The data set, the Python interpreter and NumPy's own code are not counted.
    """
)

code(
    """
    mb = 1e6
    fig, ax = plt.subplots(figsize=(8, 3.4))
    peaks = np.array([memory[c]["train_step_peak_bytes"] for c in cases]) / mb
    kept = np.array([memory[c]["kept_bytes"] for c in cases]) / mb
    ax.bar([f"CASE{c}" for c in cases], peaks, color=[CASE_COLOURS[c] for c in cases], alpha=0.75,
           label="peak of a training step")
    ax.bar([f"CASE{c}" for c in cases], kept, color="white", alpha=0.5, hatch="//", edgecolor="0.3",
           label="kept between steps")
    ax.set_ylabel("MB (tracemalloc)")
    ax.legend(fontsize=9)
    ax.set_title("Memory of one training step, by CASE")
    plt.show()

    peak = {c: memory[c]["train_step_peak_bytes"] for c in cases}
    params = memory[1]["params_bytes"]
    print(f"weights {params / mb:.2f} MB, momentum {memory[1]['optimizer_state_bytes'] / mb:.2f} MB "
          "(the same for every CASE)")
    print(f"batch x2  (CASE3 / CASE1): {peak[3] / peak[1]:.2f}   paper: 1.26")
    print(f"batch x1/2 (CASE2 / CASE1): {peak[2] / peak[1]:.2f}   paper: 0.84")
    batch64 = [f"{peak[c] / mb:.2f}" for c in (1, 4, 5, 7, 8)]
    if len(set(batch64)) == 1:
        print(f"batch 64 at five learning rates: {batch64[0]} MB, the same for all five")
    else:
        print("batch 64 at five learning rates (CASE1, 4, 5, 7, 8):", ", ".join(batch64), "MB")
    print("one test forward pass at the test batch adds:",
          ", ".join(f"{memory[c]['test_batch']}: {memory[c]['test_forward_extra_bytes'] / mb:.1f} MB" for c in (2, 1, 3)))
    """
)

md(
    r"""
    A straight line through the three batch sizes splits the peak into a fixed part $a$ and a part $b$ per
    image, $\text{peak} = a + b\,B$. The paper's two ratios can be read the same way: if a fraction $f$ of
    CASE1's memory is fixed, doubling the batch gives $f + 2(1-f)$ and halving it $f + (1-f)/2$.
    """
)

code(
    """
    batches = np.array([runs[c]["batch"] for c in (2, 1, 3)])
    b, a = np.polyfit(batches, [peak[c] for c in (2, 1, 3)], 1)
    print(f"ours: peak = {a / mb:.2f} MB + {b / 1e3:.0f} kB per image; fixed share at batch 64: "
          f"{a / (a + 64 * b):.0%}")
    fixed_from_x2 = 1 - (1.26 - 1)          # f + 2 (1 - f) = 1.26
    fixed_from_half = 1 - 2 * (1 - 0.84)    # f + (1 - f) / 2 = 0.84
    print(f"the paper's 1.26 means a fixed share of {fixed_from_x2:.0%}; its 0.84 means {fixed_from_half:.0%}")

    rss = results["process_rss_with_data_bytes"]
    whole = {c: rss + peak[c] for c in (1, 2, 3)}
    print(f"adding what the process held before training ({rss / mb:.0f} MB: Python, NumPy, the MNIST arrays): "
          f"x2 {whole[3] / whole[1]:.2f}, x1/2 {whole[2] / whole[1]:.2f}")
    """
)

md(
    """
    Only the batch changes the memory: the five batch-64 CASEs need identical amounts, whatever their
    learning rate. That part of the paper's figure 7 we reproduce exactly.

    *How much* it changes depends on what the meter counts. Our tracemalloc figure counts the training
    step's own arrays, of which only a quarter is fixed (weights, gradients, momentum and the like), so
    twice the batch is nearly twice the memory. The paper's 126% and 84% mean that about 70% of what it
    measured was fixed: the framework, the GPU's or the process's share, the data. Adding our whole process
    (Python, NumPy and the MNIST arrays held in memory) goes too far the other way: the growth almost
    disappears. And Caffe also keeps a test network whose arrays grow with the test batch, twice the
    training batch in Table 1, counted in its total but not in ours (its size is printed above).

    So the ratio is not a property of LeNet or of the batch size, but of the measurement. What carries over
    is the cost per image, a few hundred kB for a LeNet training step, and the paper's advice: if memory
    runs out, the batch is the knob to turn.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. Linear scaling
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Per iteration or per image? The linear scaling rule

    The paper's conclusion compares curves *per iteration*: CASE6 (batch 32, rate 0.02) reaches CASE1's
    accuracy after as many iterations as CASE1, and each of its iterations costs half the time. But CASE6
    reaches it after seeing *half as many images*. Measured per image, or per epoch, CASE6 is the faster
    learner, not an equal one; and CASE6 is not CASE1 made cheaper, it is a different, more aggressive
    setting.

    {cite:t}`goyal2017` looked at the same question from the other side, to train with very large batches
    on many GPUs. Take $k$ steps of SGD with batches $B_0, \dots, B_{k-1}$ of $n$ images and rate $\eta$:

    $$w_{t+k} = w_t - \eta\,\frac{1}{n}\sum_{j<k}\ \sum_{x \in B_j} \nabla \ell(x, w_{t+j}),$$

    against one step with all $kn$ images in one batch and rate $\hat\eta$:

    $$\hat w_{t+1} = w_t - \hat\eta\,\frac{1}{kn}\sum_{j<k}\ \sum_{x \in B_j} \nabla \ell(x, w_t).$$

    If the gradients change little over $k$ steps, $\nabla\ell(x, w_{t+j}) \approx \nabla\ell(x, w_t)$, the
    two are equal when $\hat\eta = k\eta$: *multiply the batch by $k$, multiply the rate by $k$*, and take
    $k$ times fewer steps, so the same number of images. That is the linear scaling rule. It keeps
    $\eta/B$, the step per image, fixed; the paper keeps $\eta B$ fixed.
    """
)

code(
    """
    print("setting            batch   base lr   lr x batch (paper)   lr / batch x 1000 (linear rule)")
    for label, batch, lr in [("CASE1", 64, 0.01), ("CASE6 (paper)", 32, 0.02), ("CASE9 (rule)", 32, 0.005),
                             ("L128 (rule)", 128, 0.02), ("CASE8", 64, 0.1)]:
        print(f"{label:<17} {batch:>6}   {lr:>7}   {lr * batch:>18.2f}   {1000 * lr / batch:>29.4f}")
    """
)

md(
    """
    So the rule's partner of CASE1 at batch 32 is CASE9, the CASE the paper found lagging, and it predicts
    CASE9 at iteration $2t$ to match CASE1 at iteration $t$. The paper stopped every CASE at 1000 iterations,
    which gives CASE9 only half of CASE1's images. The script therefore ran two extra trainings that each
    see CASE1's 64 000 images: `L32`, CASE9 continued to 2000 iterations, and `L128`, batch 128 at rate
    0.02 for 500 iterations (the rule's partner in the other direction). The same curves, on the two
    clocks:
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    plot_accuracy(left, [1, 6, 9])
    left.set_title("per iteration: the paper's view", fontsize=10)
    left.set_ylabel("test accuracy")
    plot_accuracy(right, [1, 6, "L32", "L128"], x="images")
    right.set_title("per image seen: the linear scaling rule's view", fontsize=10)
    for ax in (left, right):
        ax.set_ylim(0.85, 1.0)
        ax.legend(fontsize=8, loc="lower right", title="batch / base lr", title_fontsize=8)
    fig.tight_layout()
    plt.show()

    images = lambda run: np.array(run["checkpoints"]) * run["batch"]
    a1 = dict(zip(images(runs[1]), runs[1]["test_accuracy"]))
    for label in ("L32", "L128", 6):
        shared = [(n, acc) for n, acc in zip(images(runs[label]), runs[label]["test_accuracy"]) if n in a1]
        diffs = np.array([acc - a1[n] for n, acc in shared])
        print(f"{label if isinstance(label, str) else 'CASE' + str(label):<6} minus CASE1 at the same images seen "
              f"({len(shared)} checkpoints): mean {diffs.mean():+.4f}, largest |difference| {np.abs(diffs).max():.4f}")
    print(f"final accuracy on all 10000: CASE1 {runs[1]['final_test_accuracy']:.4f}, "
          f"L32 {runs['L32']['final_test_accuracy']:.4f}, L128 {runs['L128']['final_test_accuracy']:.4f}")
    """
)

md(
    """
    On the per-image clock the two runs that the linear scaling rule pairs with CASE1 lie on CASE1's curve:
    at equal numbers of images seen, `L32` (batch 32, rate 0.005) and `L128` (batch 128, rate 0.02) differ
    from CASE1 by less than a tenth of a percentage point on average. Single checkpoints are up to almost two
    points apart, about as much as one curve wobbles from one checkpoint to the next, and the runs end
    within a few tenths of a point of CASE1 on the full test set. CASE6, the
    paper's recipe, lies *above* CASE1 per image: its step per image is four times CASE1's.

    So both statements hold, each on its own clock. Per iteration, halving the batch and doubling the rate
    keeps the curve (the paper). Per image, halving both keeps it (the linear scaling rule). The paper's
    practical advice works in its range: CASE6 matches CASE1 per iteration, and its iterations are cheaper.
    But it does not extend far. It raises the step per image fourfold with every halving of the batch, and
    CASE8 shows where rising steps end. Read backwards it says "double the batch, halve the rate", which is
    four times *smaller* steps per image.

    The linear scaling rule has limits too: it assumes that the gradient changes little over $k$ steps,
    which fails early in training and at large rates, so {cite:t}`goyal2017` start with a few epochs of
    warm-up at small rates, and beyond a certain batch size (around 8000 images for their ImageNet network)
    it stops working. Why anyone wants large batches at all shows in our timings: on one CPU core the cost
    per image falls only a little as the batch grows, so the per-image clock is nearly the wall clock. On a GPU or on
    many machines, a larger batch is processed in parallel and costs less time per image, and the rule lets
    you take that speed without losing accuracy per epoch.
    """
)

# ---------------------------------------------------------------------------------------------------
# 12. Explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore the CASEs

    Move the slider to compare any CASE (or one of the two extra runs) with CASE1, on both clocks. The
    caption gives its settings, its final accuracy and its time per 100 iterations. Look for the CASEs
    that agree with CASE1 on one clock and not on the other.
    """
)

code(
    """
    EXPLORER_CASES = [2, 3, 4, 5, 6, 7, 8, 9, "L32", "L128"]


    def draw_case(fig, label):
        case = int(label[4:]) if label.startswith("CASE") else label
        axes = fig.subplots(1, 2, sharey=True)
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.9, wspace=0.06)
        for ax, x in zip(axes, ("iteration", "images")):
            plot_accuracy(ax, [1, case], x=x)
            if case != 8:
                ax.set_ylim(0.8, 1.0)
            ax.set_title("per iteration" if x == "iteration" else "per image seen", fontsize=9)
            ax.tick_params(labelsize=8)
            ax.xaxis.label.set_size(8)
        axes[0].set_ylabel("test accuracy", fontsize=8)
        axes[1].legend(fontsize=8, loc="lower right")


    def case_caption(label):
        case = int(label[4:]) if label.startswith("CASE") else label
        run = runs[case]
        seconds = f", {timing[case]['time_per_100_s']:.1f} s per 100 iterations" if case in timing else ""
        diverged = f", diverged at iteration {run['diverged_at']}" if run["diverged_at"] else ""
        return (f"batch {run['batch']}, base lr {run['base_lr']}, {run['iterations']} iterations: "
                f"final accuracy {run['final_test_accuracy']:.4f}{seconds}{diverged}")


    frame_explorer(draw_case, [f"CASE{c}" if isinstance(c, int) else c for c in EXPLORER_CASES],
                   label="run", value="CASE6", figsize=(8, 3.0), dpi=72, caption=case_caption, layout=None)
    """
)

# ---------------------------------------------------------------------------------------------------
# 13. Verdict
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The paper and our run, side by side

    | The paper says | Our full run | Verdict |
    |---|---|---|
    | All CASEs but 5 and 8 reach about 0.95 by iteration 1000 | The same seven CASEs are at 0.95 or above; CASE1 ends near 0.98 | agrees |
    | CASE8 does not learn; accuracy below 0.1 | Diverged in the first 100 iterations; a constant answer scores 0.098 | agrees |
    | CASE6 (half batch, double rate) tracks CASE1 | Within about a point per iteration | agrees |
    | CASE9 (half batch, half rate) lags until iteration 400 | Lags, most in the first 200 iterations | agrees |
    | CASE6 oscillates by 10% after iteration 200 (overfitting) | A band a few points wide, like CASE1's; no overfitting in half an epoch | disagrees |
    | CASE5 less than half the others' accuracy, sharp rise at 900-1000 | Slowest, but far above half; no late rise | disagrees |
    | CASEs 1, 2, 3 all reach their plateau at iteration 400 | Between iterations 400 and 700 (a rough measure) | partly |
    | Time grows linearly with the batch | 1.9x for twice the batch, 0.54x for half | agrees |
    | The learning rate does not change the time (but CASE4 needs 5.6 s more per 100) | No difference beyond the noise; CASE8 faster only because it skips work after its NaN | agrees / disagrees |
    | Only the batch changes the memory | Identical memory for the five batch-64 CASEs | agrees |
    | Twice the batch: 126%; half: 84% | 172% and 64% for the step's own arrays; depends on what is counted | disagrees (in size) |
    | Halve the batch and double the rate to save time | Holds per iteration; per image the linear scaling rule (halve both) keeps the curve | partly |

    (The numbers in the middle column are the ones printed above, rounded.)
    """
)

# ---------------------------------------------------------------------------------------------------
# 14. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Each exercise ends with a check cell that tells you whether your answer is right or gives a hint. The
    solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "inv_lr",
    "The inv schedule by hand",
    """
    Write `inv_lr(base_lr, iteration, gamma=0.001, power=0.75)` in plain Python or NumPy, without `mlp`: it
    returns Caffe's "inv" learning rate $\\eta_0 (1 + \\gamma t)^{-p}$ for iteration $t$ (counted from 0). The
    check compares it with `mlp.optim.schedules.inv` at several rates and iterations, and with other
    `gamma` and `power`.
    """,
    """
    def inv_lr(base_lr, iteration, gamma=0.001, power=0.75):
        ### BEGIN SOLUTION
        return base_lr * (1 + gamma * iteration) ** (-power)
        ### END SOLUTION
    """,
    """
    check.inv_lr(inv_lr)
    """,
    difficulty="warm-up",
)

exercise(
    "linear_scaling",
    "The linear scaling rule's partner",
    """
    1. Write `scaled_lr(base_lr, base_batch, new_batch)`: the learning rate the linear scaling rule gives
       for batch `new_batch`, if `base_lr` works for `base_batch`.
    2. Set `partner_case` to the number of the CASE in Table 1 that the rule pairs with CASE1 at batch 32.
    """,
    """
    def scaled_lr(base_lr, base_batch, new_batch):
        ### BEGIN SOLUTION
        return base_lr * new_batch / base_batch      # k times the batch, k times the rate
        ### END SOLUTION


    ### BEGIN SOLUTION
    partner_case = 9                                 # batch 32, rate 0.01 * 32 / 64 = 0.005
    ### END SOLUTION
    """,
    """
    check.linear_scaling(scaled_lr, partner_case)
    """,
    difficulty="warm-up",
)

exercise(
    "memory_ratio",
    "Predict first: twice the batch, how much memory?",
    """
    The paper measured 126% of CASE1's memory for CASE3, which doubles the batch.

    1. **Before computing anything**, predict the ratio of our measured peaks, CASE3's
       `train_step_peak_bytes` over CASE1's: set `my_prediction` to a number (1.26? 2? something else?).
    2. Then compute it from `results["memory"]` (a list of one dictionary per CASE, with keys `"case"` and
       `"train_step_peak_bytes"`) and set `memory_ratio` to it.
    """,
    """
    ### BEGIN SOLUTION
    my_prediction = 1.8     # the activations grow with the batch; only the weights and momentum do not
    by_case = {row["case"]: row for row in results["memory"]}
    memory_ratio = by_case[3]["train_step_peak_bytes"] / by_case[1]["train_step_peak_bytes"]
    print(f"measured ratio: {memory_ratio:.3f}")
    ### END SOLUTION
    """,
    """
    check.memory_ratio(my_prediction, memory_ratio, results)
    """,
    difficulty="practice",
)

exercise(
    "time_to_reach",
    "Seconds, not iterations",
    """
    The paper argues in time: reaching its plateau of about 0.95 takes CASE1 over twice as long as CASE2, and
    CASE3 twice as long as CASE1. Write `time_to_reach(run, time_per_100, target)`: given one run's record
    (a dictionary with the lists `run["checkpoints"]` and `run["test_accuracy"]`; an accuracy may be `None`)
    and its seconds per 100 iterations, return the seconds of training until the *first* checkpoint whose
    accuracy is at least `target`, or `math.inf` if none is. Then use it on CASE1, CASE2 and CASE3 with the
    round-robin times `timing[case]["time_per_100_s"]`. Which CASE gets there first in seconds, and does the
    answer change if you count iterations instead?
    """,
    """
    def time_to_reach(run, time_per_100, target=0.95):
        ### BEGIN SOLUTION
        for iteration, accuracy in zip(run["checkpoints"], run["test_accuracy"]):
            if accuracy is not None and accuracy >= target:
                return iteration / 100 * time_per_100
        return math.inf
        ### END SOLUTION


    ### BEGIN SOLUTION
    for case in (1, 2, 3):
        seconds = time_to_reach(runs[case], timing[case]["time_per_100_s"], 0.95)
        print(f"CASE{case} (batch {runs[case]['batch']}): {seconds:.1f} s to 0.95")
    ### END SOLUTION
    """,
    """
    check.time_to_reach(time_to_reach, results)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 15. Summary, what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - Seed 001 trained Caffe's LeNet in nine CASEs of batch size and base learning rate, with the inv
      schedule $\\eta_0 (1 + 0.001\\,t)^{-0.75}$, which over 1000 iterations lowers every rate only to about
      0.6 of its start. Read literally, the paper's description of the schedule would freeze training.
    - A reproduction has to fill in what the paper leaves out. We took Caffe's LeNet example: momentum 0.9,
      weight decay 0.0005, Caffe's initial weights, and said where we differ (the momentum form, the
      biases' rate, shuffling, a test sample during training).
    - Most of the paper's findings hold: CASE8 diverges, the best rates are 0.01 to 0.04, CASE6 tracks CASE1
      per iteration, CASE9 lags, time grows with the batch and not with the rate, and only the batch
      changes the memory. Its details about oscillation, overfitting and CASE5 do not.
    - Memory ratios such as "126%" depend on what is measured: the step's own arrays grow almost in
      proportion to the batch; a process or a GPU adds a large fixed part.
    - Per iteration, "half the batch, twice the rate" keeps the curve; per image, the linear scaling rule
      "half the batch, half the rate" does. Which clock matters depends on what costs you: iterations,
      images, or seconds.
    """
)

md(
    """
    ## What's next

    Chapter 17 reproduces the last of the papers, seed 003: six optimizers of Part III on two small
    convolutional networks, and a sweep of the learning rate. There the learning rate meets the optimizer
    rather than the batch, and the question of this chapter comes back in another form: is a setting better,
    or only faster on the clock you chose?
    """
)


if __name__ == "__main__":
    ch.write()
