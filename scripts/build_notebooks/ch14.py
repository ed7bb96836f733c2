"""Write notebooks/14-adam.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch14.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(14, "14-adam")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Adam

    The last four chapters followed two separate ideas. Momentum (chapter 10) gave the ball rolling downhill
    a memory: it moves along the *average* of recent gradients, so a steady slope speeds it up and a
    zig-zag cancels out. AdaGrad, RMSProp and Adadelta (chapters 11 to 13) gave every weight its *own* step
    size: each divides its gradient by the root of an average of its squared gradients, so a steep
    coordinate takes small steps and a flat one takes large ones.

    Adam does both at once. Diederik Kingma and Jimmy Ba posted it in December 2014 and published it at
    ICLR 2015 {cite:p}`kingma2015`; the name comes from adaptive moment estimation (적응적 모멘트 추정).
    Its numerator is Momentum's moving average of the gradients, its denominator RMSProp's root of the
    moving average of squared gradients, and it adds one new piece, a *bias correction*, for the fact that
    both averages start at zero. The lecture deck draws the optimizers as a family tree, "the genealogy of
    finding a good little path down the mountain" {cite:p}`seed004`; Adam is where the branch of direction
    (momentum) and the branch of step size (AdaGrad, RMSProp) meet. Seed 003 calls RMSProp and Adam the
    optimizers "used by default these days" {cite:p}`seed003`.

    **What you will learn**

    - Adam's update as the paper, seed 003 and `mlp.optim.Adam` (which follows PyTorch) write it, checked by
      hand, and where the three differ (where $\epsilon$ sits, and the paper's "efficient" form);
    - what bias correction really does, and why seed 003's claim that Adam "halves the learning rate
      exponentially" is wrong;
    - why Adam's step is about the learning rate in every coordinate: its first step is
      $\text{lr}\cdot\operatorname{sign}(g)$, and the ratio $\hat m/\sqrt{\hat v}$ is rarely above 1;
    - what it costs: two extra arrays of memory, and some extra time per step (is Adam really "the
      slowest", as seed 000 reports?);
    - its paths on the three test surfaces, and a race of all six optimizers of Part III, on a surface
      and on MNIST; then Part III in one table.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib, and the course library `mlp`: its six optimizers (`mlp.optim`), the test
    surfaces with `descend` to record optimizer paths, networks, the training loop, MNIST, the explorer
    widgets, and the checks for the exercises.
    """
)

code(
    r'''
    import inspect
    import time

    import numpy as np
    import matplotlib.pyplot as plt
    from IPython.display import Markdown, display

    import mlp
    from mlp import optim, surfaces
    from mlp.datasets import load_mnist
    from mlp.plotting import moving_average, plot_surface_path
    from mlp.training import Callback, train_step
    from mlp.widgets import frame_explorer, frame_explorer_2d
    from mlp.checks import ch14 as check

    # One colour per optimizer, the same in every figure of the chapter.
    COLOURS = {"SGD": "tab:blue", "Momentum": "tab:orange", "AdaGrad": "tab:green",
               "RMSProp": "tab:red", "Adadelta": "tab:purple", "Adam": "black"}
    '''
)

# ---------------------------------------------------------------------------------------------------
# 2. The idea
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The idea: which way, and how far

    Think of each weight on its own. Every step, it receives a gradient $g$. Adam keeps two numbers for it,
    both exponential moving averages (지수 이동 평균), that is, averages in which the old values fade by a
    constant factor per step:

    - $m$, the average of the gradients: *which way*, on average. This is Momentum's velocity.
    - $v$, the average of the squared gradients: *how big* the gradients are, on average. This is RMSProp's
      denominator.

    The step is the learning rate (학습률) times $m / \sqrt{v}$. That ratio has no units: if the gradient
    points the same way every time, $m \approx g$ and $\sqrt{v} \approx |g|$, so the ratio is about $\pm 1$
    and the weight moves by about the learning rate, however large or small its gradient is. If the
    gradient keeps flipping sign, the average $m$ cancels while $v$ does not, the ratio is near 0 and the
    weight barely moves. Kingma and Ba call $m/\sqrt{v}$ a signal-to-noise ratio (신호 대 잡음비): a
    consistent gradient is a strong signal, an erratic one is mostly noise.

    So the learning rate in Adam means something different from SGD's: it is (roughly) *the distance each
    weight may move per step*, not a multiplier of the slope.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The update, three ways
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The update, as the sources write it

    **The paper** (Algorithm 1 of {cite:t}`kingma2015`). With $g_t$ the gradient at step $t = 1, 2, \dots$,
    $m_0 = v_0 = 0$, and the products taken element by element:

    $$
    \begin{aligned}
    m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t \\
    v_t &= \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2 \\
    \hat m_t &= \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t} \\
    w_t &= w_{t-1} - \text{lr}\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}
    \end{aligned}
    $$

    The two divisions by $1-\beta^t$ are the bias correction (편향 보정). At the end of its section 2 the
    paper adds that the same algorithm can be computed more cheaply, "at the expense of clarity", by folding
    both corrections into the step size:

    $$
    \text{lr}_t = \text{lr}\,\frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}, \qquad
    w_t = w_{t-1} - \text{lr}_t\,\frac{m_t}{\sqrt{v_t} + \hat\epsilon}.
    $$

    **Seed 003** (its equations 12 to 16) writes the same $m$, $v$ and corrections, but puts $\epsilon$
    *inside* the root: $w \leftarrow w - \text{lr}\,\hat m_t / \sqrt{\hat v_t + \epsilon}$. It gives the
    usual values $\beta_1 = 0.9$, $\beta_2 = 0.999$ and $\epsilon = 10^{-8}$.

    **Seed 000** (its equation 8) says Adam "combines Momentum and AdaGrad", and that with it "the step
    width gradually gets shorter" {cite:p}`seed000`. (The formula itself did not survive in our copy of the
    paper.) The combination is with RMSProp, not AdaGrad: Adam's $v$ is a moving average that forgets, not
    AdaGrad's ever-growing sum. We test the "shorter steps" below.

    **The library.** `mlp.optim.Adam` follows PyTorch's `torch.optim.Adam` {cite:p}`paszke2019`, whose
    defaults it shares. Here is its update rule, the whole of it:
    """
)

code(
    r'''
    print(inspect.getsource(optim.Adam._update))
    print("defaults:", optim.Adam().hyperparameters())
    '''
)

md(
    r"""
    Read the comments: $m$ and $v$ are updated in place, exactly as in Algorithm 1. The last lines compute
    the step the way PyTorch does, as
    $\frac{\text{lr}}{1-\beta_1^t}\, m \,/\, \bigl(\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon\bigr)$, which is Algorithm 1 rearranged: $\epsilon$ is added to $\sqrt{\hat v_t}$, after the
    root and after the correction. (The `amsgrad` option replaces $v$ by its running maximum, a later fix by
    {cite:t}`reddi2018` that makes the denominator never shrink; it costs a third array.) So there
    are three placements of $\epsilon$ in our sources:

    | where $\epsilon$ goes | who |
    |---|---|
    | $\sqrt{\hat v_t} + \epsilon$ | the paper's Algorithm 1, PyTorch, `mlp` |
    | $\sqrt{v_t} + \hat\epsilon$ (uncorrected $v$) | the paper's efficient form; TensorFlow 1's `AdamOptimizer`, which seed 003 used |
    | $\sqrt{\hat v_t + \epsilon}$ | seed 003's equation 16 |

    First, the library against the equations. We take the elongated bowl $f(x, y) = x^2/20 + y^2$ from
    chapter 9, start at its usual point, and do three Adam steps twice: once with the paper's equations
    written out in NumPy, once with `mlp.optim.Adam`.
    """
)

code(
    r'''
    bowl = surfaces.elongated_bowl
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8

    # By hand: Algorithm 1 of the paper, line by line.
    w = np.array(bowl.start, dtype=np.float64)
    m, v = np.zeros(2), np.zeros(2)
    by_hand = []
    print(f"start w = {w},  lr = {lr}")
    for t in (1, 2, 3):
        g = bowl.grad(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        step = -lr * m_hat / (np.sqrt(v_hat) + eps)
        w = w + step
        by_hand.append(w.copy())
        print(f"t={t}: g={np.round(g, 4)}  m_hat={np.round(m_hat, 4)}  sqrt(v_hat)={np.round(np.sqrt(v_hat), 4)}"
              f"  step={np.round(step, 4)}  w={np.round(w, 4)}")

    # The library, on the same problem.
    path = surfaces.descend(optim.Adam(lr=lr), bowl, steps=3)
    print("mlp.optim.Adam, w after each step:", np.round(path[1:], 4).tolist())
    print("largest difference from the hand computation:", np.abs(np.array(by_hand) - path[1:]).max())
    g1 = bowl.grad(np.array(bowl.start, dtype=np.float64))
    print(f"the first gradient is {abs(g1[1] / g1[0]):.1f} times steeper in y than in x; "
          f"the first step is {np.round(np.abs(path[1] - path[0]), 6)} in (x, y)")
    '''
)

md(
    r"""
    The two agree to the last digit. Now look at the first step. The gradient is 5.7 times steeper in $y$
    than in $x$ (printed above), yet the first step is the same size, the learning rate, in both
    coordinates. That is no accident: at $t = 1$ the corrections give $\hat m_1 = g_1$ and
    $\hat v_1 = g_1^2$ exactly, so

    $$ \Delta w_1 = -\text{lr}\,\frac{g_1}{|g_1| + \epsilon} \approx -\text{lr}\cdot\operatorname{sign}(g_1). $$

    Adam's first step ignores *how steep* the slope is and keeps only *which way* it goes. Plain gradient
    descent does the opposite: its step is proportional to the slope. Let us check this on random gradients
    of wildly different sizes:
    """
)

code(
    r'''
    rng = np.random.default_rng(1)
    g1 = rng.normal(size=6) * 10.0 ** rng.integers(-4, 4, size=6)   # sizes from 1e-4 to 1e3
    w = np.zeros(6)
    optim.Adam(lr=0.01).step([w], [g1])
    print("gradients:        ", np.array2string(g1, precision=2))
    print("first Adam step:  ", np.round(w, 6))
    print("-lr * sign(g):    ", -0.01 * np.sign(g1))
    '''
)

md(
    r"""
    How much do the three placements of $\epsilon$ matter? They only guard against dividing by zero, so
    they should agree unless the gradients are tiny. The function below runs a few steps of each form on one
    weight; we compare each with `mlp.optim.Adam` for gradients of size 1 down to $10^{-8}$.
    """
)

code(
    r'''
    def adam_displacement(gradients, form, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
        """How far one weight moves in Adam's steps on the given gradients, in one of three forms."""
        m = v = w = 0.0
        for t, g in enumerate(gradients, start=1):
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            if form == "algorithm 1":       # the paper's Algorithm 1, PyTorch, mlp
                w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
            elif form == "efficient":       # the paper's end of section 2, TensorFlow 1
                lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
                w -= lr_t * m / (np.sqrt(v) + eps)
            elif form == "seed 003":        # equation 16 of seed 003: eps inside the root
                w -= lr * (m / (1 - b1**t)) / np.sqrt(v / (1 - b2**t) + eps)
        return w


    pattern = np.random.default_rng(2).normal(0.5, 1.0, size=20)   # 20 gradients, then scaled
    print(f"{'gradient size':>14}{'algorithm 1':>14}{'efficient':>14}{'seed 003':>14}   (relative difference from mlp)")
    for scale in (1.0, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8):
        w = np.zeros(1)
        adam = optim.Adam(lr=0.001)
        for g in scale * pattern:
            adam.step([w], [np.array([g])])
        diffs = [abs(adam_displacement(scale * pattern, form) - w[0]) / abs(w[0])
                 for form in ("algorithm 1", "efficient", "seed 003")]
        print(f"{scale:>14.0e}" + "".join(f"{d:>14.1e}" for d in diffs))
    '''
)

md(
    r"""
    The paper's Algorithm 1 is `mlp` to rounding error at every scale. The efficient form is the same
    algorithm with a slightly different $\epsilon$ (its $\hat\epsilon$ is not divided by
    $\sqrt{1-\beta_2^t}$): for gradients of size 1 the steps differ by a few parts in ten million, and the
    difference only matters once the gradients shrink towards $\epsilon$ itself. Seed 003's placement is the
    odd one out: $\sqrt{\hat v + \epsilon}$ with $\epsilon = 10^{-8}$ acts like a floor of $10^{-4}$ under
    the root, so it changes the step by almost one percent for gradients of size $10^{-3}$ and by almost a
    third for gradients of size $10^{-4}$. That is not exotic: we will see below that many weights of a real
    network have gradients that small.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Bias correction
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## What bias correction really does

    Seed 003 ends its description of Adam with this sentence:

    > Adam 은 Adagrad 와 마찬가지로 learning rate decay 에 대한 고려가 필요 없다. 그 이유는 learning rate 를
    > 1/2 씩 exponential 하게 줄여주는 기능을 수행하고 있기 때문이다.

    That is: "like AdaGrad, Adam needs no learning-rate decay (학습률 감소), because it performs the function
    of reducing the learning rate exponentially, by halves." Seed 000 says something similar in milder words
    ("the step width gradually gets shorter"). **This is wrong.** Nothing in Adam halves anything. Let us see
    what the corrections do instead.

    Both averages start at zero. After one step, $m_1 = (1-\beta_1)\,g_1 = 0.1\,g_1$: ten times too small,
    not because the gradient is small but because nine tenths of the "average" is the zero it started from.
    After $t$ steps of a constant gradient, $m_t = (1-\beta_1^t)\,g$, so dividing by $1-\beta_1^t$ gives back
    $g$ exactly; the same holds for $v$ with $\beta_2$. The correction is a *fix for the start*, and it fades
    away: $1-\beta^t \to 1$ as $t$ grows.

    Written in the efficient form, the correction is the factor $\sqrt{1-\beta_2^t}/(1-\beta_1^t)$ that
    multiplies the learning rate; `Adam.effective_lr(t)` returns $\text{lr}$ times that factor. We run
    Adam for 3000 steps on three weights at once, each fed a different stream of gradients: a constant
    gradient, a noisy gradient with a small mean (mean 0.1, noise 1), and pure noise (mean 0). For each we
    record the size of every step, in units of the learning rate. For comparison, we also run the same
    averages *without* the correction.
    """
)

code(
    r'''
    T, lr = 3000, 0.001
    b1, b2 = optim.Adam().betas
    rng = np.random.default_rng(3)
    streams = {"constant gradient": np.full(T, 0.5),
               "noisy, mean 0.1": 0.1 + rng.normal(size=T),
               "pure noise, mean 0": rng.normal(size=T)}
    gradients = np.stack(list(streams.values()), axis=1)          # (T, 3): one column per weight

    # Adam, with bias correction (the library)
    adam, w = optim.Adam(lr=lr), np.zeros(3)
    steps = np.empty((T, 3))
    for t in range(T):
        before = w.copy()
        adam.step([w], [gradients[t]])
        steps[t] = np.abs(w - before) / lr

    # the same moving averages without the correction (NumPy)
    m, v = np.zeros(3), np.zeros(3)
    steps_uncorrected = np.empty((T, 3))
    for t in range(T):
        m = b1 * m + (1 - b1) * gradients[t]
        v = b2 * v + (1 - b2) * gradients[t] ** 2
        steps_uncorrected[t] = np.abs(m / (np.sqrt(v) + 1e-8))

    ts = np.arange(1, T + 1)
    factor = np.array([adam.effective_lr(t) for t in ts]) / lr      # sqrt(1 - b2^t) / (1 - b1^t)
    for t in (1, 10, 100, 1000, 3000):
        print(f"t={t:>4}: correction factor {factor[t - 1]:.3f}   step/lr with a constant gradient: "
              f"corrected {steps[t - 1, 0]:.6f}, uncorrected {steps_uncorrected[t - 1, 0]:.3f}")
    low = np.argmin(factor)
    print(f"the factor is smallest at t={ts[low]} ({factor[low]:.3f}) and then grows towards 1")
    top = np.argmax(steps_uncorrected[:, 0])
    print(f"without correction the constant-gradient step peaks at t={ts[top]}: {steps_uncorrected[top, 0]:.2f} x lr")
    for k, name in enumerate(streams):
        print(f"{name:>20}: mean step/lr over the last 1000 steps {steps[-1000:, k].mean():.3f}")
    '''
)

code(
    r'''
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    left.plot(ts, factor, color="black", linewidth=2, label=r"Adam: $\sqrt{1-\beta_2^t}\,/\,(1-\beta_1^t)$")
    left.plot(ts, 0.5 ** (ts / 100), color="tab:red", linestyle="--",
              label="seed 003's reading: halved every 100 steps")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_ylim(1e-3, 2)
    left.set_xlabel("step t")
    left.set_ylabel("factor multiplying lr")
    left.set_title("The correction factor is a warm-up, not a decay")
    left.legend(fontsize=8, loc="lower left")

    right.plot(ts, steps[:, 0], label="Adam, constant gradient")
    for k, name in list(enumerate(streams))[1:]:
        right.plot(ts[19:], moving_average(steps[:, k], 20), label=f"Adam, {name}")
    right.plot(ts, steps_uncorrected[:, 0], ":", color="tab:blue", linewidth=2,
               label="no correction, constant gradient")
    right.set_xscale("log")
    right.set_xlabel("step t")
    right.set_ylabel("|step| / lr  (noisy ones: mean of 20)")
    right.set_title("What the steps actually do")
    right.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Read the two panels together.

    - **Constant gradient** (right, blue): with the correction, *every* step is exactly the learning rate,
      from the first to the 3000th. There is no decay at all, let alone a halving. The red dashed curve on
      the left is what even a slow halving would do: it would be down to a thousandth of the learning rate
      within a thousand steps.
    - **Without the correction** (dotted), the steps are *too large* at first, several times the learning
      rate, not too small: $m$ is biased towards zero by $1-\beta_1^t$, but $\sqrt{v}$ even more, by
      $\sqrt{1-\beta_2^t}$, and a small number divided by a smaller one is large. The paper's section 3 makes
      exactly this point: without the correction the first steps can be much too big. RMSProp (chapter 12)
      has no correction, and you will see its oversized first steps on the surfaces below.
    - **The factor** (left, black) is below 1 at first and climbs back to 1: a warm-up, if anything, and
      exactly what is needed to cancel the zero start.
    - **Noisy gradients** (right, orange and green): here the steps *do* shrink, to a fraction of the
      learning rate. That is the signal-to-noise ratio at work: $m$ averages the noise away, $v$ does not.
      The paper calls this "a form of automatic annealing". It is a property of the gradients (how
      consistent they are), not a clock, and it stops shrinking once the averages have settled.

    Where might "halving" have come from? Perhaps from the paper's convergence proof, which *assumes* a step
    size that decays as $\text{lr}/\sqrt{t}$, a schedule the user would add. Adam itself does not
    do it, and in practice it is often combined with a learning-rate schedule.

    One more consequence of the ratio: since $|\mathbb{E}[g]| \le \sqrt{\mathbb{E}[g^2]}$, the ratio
    $\hat m/\sqrt{\hat v}$ is usually at most about 1 in size, so the learning rate bounds the step of every
    weight. "Usually": the paper shows it can reach $(1-\beta_1)/\sqrt{1-\beta_2}$ for a weight whose
    gradient was zero for a long time and suddenly is not (the last exercise). We look at a real network's
    ratios after the MNIST run below.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Memory
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Memory: two arrays per weight

    Adam keeps $m$ and $v$ for every weight, each the size of the weights themselves. SGD keeps nothing
    between steps and Momentum keeps one velocity. We measure it on the network of this chapter's MNIST run,
    784-100-10 in float32: one training step with each optimizer, then `memory_bytes()`, the bytes of state
    the optimizer keeps.
    """
)

code(
    r'''
    (x_all, y_all), (x_test, y_test) = load_mnist(n_train=6000, n_test=1000, seed=0)
    x_train, y_train = x_all[:5000], y_all[:5000]      # training images
    x_val, y_val = x_all[5000:], y_all[5000:]          # held out, to choose learning rates fairly
    loss = mlp.SoftmaxCrossEntropy()

    parameter_bytes = None
    for name, opt in [("SGD", optim.SGD(lr=0.1)), ("Momentum", optim.Momentum(lr=0.01)),
                      ("Adam", optim.Adam()), ("Adam, amsgrad=True", optim.Adam(amsgrad=True))]:
        model = mlp.MLP([784, 100, 10], seed=0)
        parameter_bytes = sum(p.nbytes for p in model.parameters())
        train_step(model, loss, opt, x_train[:100], y_train[:100])
        kept = sorted(opt.state[0]) if opt.state and opt.state[0] else []
        print(f"{name:>19}: state per weight {kept!s:<22} {opt.memory_bytes():>9,} bytes "
              f"= {opt.memory_bytes() / parameter_bytes:.0f} x the weights")
    print(f"{'the weights':>19}: {model.n_parameters:,} numbers, {parameter_bytes:,} bytes")
    '''
)

md(
    r"""
    Two arrays the size of the network: Adam needs twice the optimizer memory of Momentum. Seed 003 counts
    Momentum's velocity as "twice the memory" of plain gradient descent (weights plus velocity); by the same
    count Adam needs three times, and four with `amsgrad`. For this small network that is under a megabyte;
    for a network with billions of weights it is the optimizer, not the network, that fills most of the
    memory, which is why memory-saving variants of Adam exist.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Paths on the three surfaces
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Paths on the three surfaces

    Adam is RMSProp plus momentum plus bias correction, so the instructive comparison is with RMSProp at the
    same learning rate. On each of chapter 9's surfaces we start both from the usual point: the elongated
    bowl and the two-minima surface with learning rate 0.3 for 100 steps, Rosenbrock's curved valley with
    0.1 for 300 steps.
    """
)

code(
    r'''
    SURFACE_RUNS = [(surfaces.elongated_bowl, 0.3, 100), (surfaces.rosenbrock, 0.1, 300),
                    (surfaces.two_minima, 0.3, 100)]

    fig, axes = plt.subplots(1, 3, figsize=(13.5, 4.2))
    for ax, (surface, rate, n_steps) in zip(axes, SURFACE_RUNS):
        ax.set_prop_cycle(color=[COLOURS["RMSProp"], COLOURS["Adam"]])
        paths = {f"RMSProp, lr={rate}": surfaces.descend(optim.RMSProp(lr=rate), surface, steps=n_steps),
                 f"Adam, lr={rate}": surfaces.descend(optim.Adam(lr=rate), surface, steps=n_steps)}
        plot_surface_path(surface, paths, ax=ax, xlim=surface.xlim, ylim=surface.ylim, levels=20, cmap="Blues",
                          minimum=surface.minima[0], title=f"{surface.formula}, {n_steps} steps")
        for name, path in paths.items():
            first = np.abs(path[1] - path[0])
            print(f"{surface.name:>15} {name:<17} first step |dx|, |dy| = {np.round(first, 3)}   "
                  f"end ({path[-1, 0]:+.3f}, {path[-1, 1]:+.3f}), f = {surface(*path[-1]):.4g}")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    - **First steps.** Adam's first step is the learning rate in each coordinate, as computed above.
      RMSProp's is ten times larger: its $v$ starts at zero with no correction, so after one step
      $\sqrt{v_1} = \sqrt{1-\alpha}\,|g_1| = 0.1\,|g_1|$ (with its default $\alpha = 0.99$), and the step
      is $\text{lr}\cdot g_1/(0.1\,|g_1|)$. Those oversized early jumps are what bias correction removes.
    - **The bowl.** Both find the minimum. Adam's path curves like Momentum's (chapter 10): its average
      $m$ carries it past the floor of the valley along $y$ and brings it back.
    - **Rosenbrock.** RMSProp's early jumps throw it up the wall of the valley, where it rattles before
      crawling down into the valley; Adam follows the curved valley floor and gets further towards
      $(1, 1)$, without reaching it in 300 steps.
    - **Two minima.** Adam's momentum carries it over the ridge into the deeper valley on the left. RMSProp
      jumps over it too, but, with no averaging of direction, keeps bouncing with steps of about the
      learning rate instead of settling.

    Which valley Adam ends in depends on its learning rate and on $\beta_1$, how much momentum it keeps.
    Try it:
    """
)

code(
    r'''
    two = surfaces.two_minima
    EXPLORE_LR = [0.01, 0.03, 0.1, 0.3, 1.0]
    EXPLORE_BETA1 = [0.0, 0.5, 0.9, 0.99]
    explore_paths = {(rate, beta1): surfaces.descend(optim.Adam(lr=rate, betas=(beta1, 0.999)), two, steps=100)
                     for rate in EXPLORE_LR for beta1 in EXPLORE_BETA1}
    grid_x, grid_y = np.meshgrid(np.linspace(*two.xlim, 120), np.linspace(*two.ylim, 120))
    grid_z = two(grid_x, grid_y)
    two_levels = np.quantile(grid_z, np.linspace(0.01, 0.95, 18))
    left_valley = two.minima[0]


    def valley(point):
        """Where a point is: settled in one of the valleys (the ridge between them lies near x = 0), or not."""
        name = "the deeper, left valley" if point[0] < 0 else "the shallower, right valley"
        bottom = two.minima[0] if point[0] < 0 else two.minima[1]
        settled = np.hypot(point[0] - bottom[0], point[1] - bottom[1]) < 0.1
        return f"settled in {name}" if settled else f"still moving, above {name}"


    def draw_two_minima(fig, rate, beta1):
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.13, top=0.97)
        ax.contour(grid_x, grid_y, grid_z, levels=two_levels, colors="0.7", linewidths=0.6, linestyles="solid")
        path = explore_paths[(rate, beta1)]
        ax.plot(path[:, 0], path[:, 1], "-", color="black", linewidth=1.2)
        ax.plot(*path[0], "o", color="tab:green", markersize=7)
        ax.plot(*path[-1], "X", color="tab:red", markersize=9)
        for point in two.minima:
            ax.plot(*point, "*", color="gold", markeredgecolor="k", markersize=13)
        ax.set_xlim(*two.xlim)
        ax.set_ylim(*two.ylim)
        ax.set_xticks([-2, -1, 0, 1, 2])
        ax.set_yticks([-2, 0, 2])
        ax.set_xlabel("x")
        ax.set_ylabel("y")


    def two_minima_caption(rate, beta1):
        end = explore_paths[(rate, beta1)][-1]
        return (f"lr = {rate}, β<sub>1</sub> = {beta1}: after 100 steps at ({end[0]:+.2f}, {end[1]:+.2f}), "
                f"{valley(end)}, f = {two(*end):.3f}")


    frame_explorer_2d(draw_two_minima, EXPLORE_LR, EXPLORE_BETA1, label_a="learning rate", label_b="β₁",
                      value_a=0.3, value_b=0.9, caption=two_minima_caption, figsize=(4.8, 3.6), dpi=72,
                      layout=None,
                      description="Adam on (x² − 1)² + 0.3x + y²/2 from the green dot (1.8, 1.5); the red "
                                  "cross is where it is after 100 steps, the stars are the two minima.")
    '''
)

md(
    r"""
    With $\beta_1 = 0$ there is no momentum (Adam is then RMSProp with bias correction): whatever the
    learning rate, it never crosses the ridge and ends in the valley it starts above. With the default
    $\beta_1 = 0.9$ a large enough learning rate carries it over the ridge; with $\beta_1 = 0.99$ it swings
    far and slowly, and is still moving after 100 steps. A small learning rate, whatever $\beta_1$, has
    not even arrived: every step is at most about the learning rate long, so 100 steps of 0.01 cannot cover
    the distance to either minimum.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. The optimizer race on a surface
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The optimizer race

    Part III is complete: six optimizers. Let them race, on the elongated bowl, each with a learning rate
    that suits it there. "Fair" does not mean the *same* learning rate: the number means something
    different to each of them.

    | optimizer | lr | why this value |
    |---|---|---|
    | SGD | 0.9 | just under the limit of 1 set by the steep $y$ direction (chapter 9) |
    | Momentum | 0.1 | with $\mu = 0.9$ the velocity builds up to about ten gradients (chapter 10) |
    | AdaGrad | 1.5 | its steps shrink as the squared gradients pile up, so it starts big (chapter 11) |
    | RMSProp | 0.1 | its first steps are ten times the learning rate (above) |
    | Adadelta | 30 | Zeiler's $\text{lr} = 1$ starts with steps of about $\sqrt{\epsilon}$, a scale made for a network's weights, far smaller than this surface (chapter 13) |
    | Adam | 0.3 | each step is at most about the learning rate |

    Press Play: the slider steps through the iterations and all six paths advance together. The caption
    gives each one's current loss.
    """
)

code(
    r'''
    RACE_SURFACE = {"SGD": optim.SGD(lr=0.9), "Momentum": optim.Momentum(lr=0.1, momentum=0.9),
                    "AdaGrad": optim.AdaGrad(lr=1.5), "RMSProp": optim.RMSProp(lr=0.1),
                    "Adadelta": optim.Adadelta(lr=30.0), "Adam": optim.Adam(lr=0.3)}
    RACE_STEPS = 90
    race_paths = {name: surfaces.descend(opt, bowl, steps=RACE_STEPS) for name, opt in RACE_SURFACE.items()}
    race_losses = {name: bowl(path[:, 0], path[:, 1]) for name, path in race_paths.items()}
    for name, opt in RACE_SURFACE.items():
        print(f"{name:>9} {opt!r:<70} loss after 10, 30, 90 steps: "
              + ", ".join(f"{race_losses[name][t]:.2g}" for t in (10, 30, 90)))
    '''
)

code(
    r'''
    bowl_x, bowl_y = np.meshgrid(np.linspace(-8, 2, 120), np.linspace(-2.2, 2.6, 120))
    bowl_z = bowl(bowl_x, bowl_y)
    bowl_levels = np.quantile(bowl_z, np.linspace(0.01, 0.97, 16))


    # AdaGrad, RMSProp and Adadelta share much of their route: wider lines underneath keep all three visible.
    RACE_WIDTH = {"SGD": 1.2, "Momentum": 1.2, "AdaGrad": 4.5, "RMSProp": 2.8, "Adadelta": 1.2, "Adam": 1.5}


    def draw_race(fig, t):
        """All six paths up to iteration t, each ending in a dot."""
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.07, right=0.78, bottom=0.13, top=0.97)
        ax.contour(bowl_x, bowl_y, bowl_z, levels=bowl_levels, colors="0.75", linewidths=0.6)
        for name, path in race_paths.items():
            ax.plot(path[: t + 1, 0], path[: t + 1, 1], "-", color=COLOURS[name], linewidth=RACE_WIDTH[name],
                    label=name)
            ax.plot(*path[t], "o", color=COLOURS[name], markersize=5)
        ax.plot(0, 0, "*", color="gold", markeredgecolor="k", markersize=12)
        ax.set_xlim(-8, 2)
        ax.set_ylim(-2.2, 2.6)
        ax.set_xticks([-8, -6, -4, -2, 0, 2])
        ax.set_yticks([-2, 0, 2])
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)


    def race_caption(t):
        parts = [f'<span style="color:{COLOURS[name]}"><b>{name}</b></span> {race_losses[name][t]:.2g}'
                 for name in race_paths]
        return f"iteration {t}, loss f(x, y): " + ", ".join(parts)


    frame_explorer(draw_race, list(range(0, RACE_STEPS + 1, 3)), label="iteration", play=True, interval=300,
                   caption=race_caption, figsize=(6.4, 3.0), dpi=72, layout=None,
                   description="Six optimizers on x²/20 + y² from (−7, 2); the star is the minimum.")
    '''
)

code(
    r'''
    fig, ax = plt.subplots(figsize=(7, 3.4))
    for name, values in race_losses.items():
        ax.plot(np.arange(RACE_STEPS + 1), values, color=COLOURS[name], label=name)
    ax.set_yscale("log")
    ax.set_ylim(1e-12, 20)
    ax.set_xlabel("iteration")
    ax.set_ylabel("f(x, y)")
    ax.set_title("The race on the elongated bowl: loss per iteration")
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Each optimizer shows its character. SGD zig-zags across the steep direction and crawls along the flat
    one. Momentum overshoots and swings, but swings ever closer. AdaGrad and RMSProp first take steps of
    the same size in $x$ and $y$ (dividing by the root of the squared gradients evens out the two
    directions), so they head diagonally down to the floor of the valley and then run along it. Adadelta
    takes the same route, slowly at first, its steps growing as its memory of past steps fills up. Adam
    swings like Momentum, with steps of at most about its learning rate. On a two-dimensional bowl the per-coordinate methods look best;
    the next race, on real data, has different rules.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. The race on MNIST
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The race on MNIST

    Now the six on a real task: 5000 MNIST training images, a 784-100-10 network with ReLU, softmax and
    cross-entropy, mini-batches of 100, and the same budget for everyone: 3 epochs, that is 150 steps. To
    be fair about learning rates, each optimizer gets four tries, its usual starting value (the PyTorch
    default where there is one; 0.1 for SGD, and 0.01 for Momentum, which has the same long-run step) and
    three, ten and thirty times that, and keeps the one with the lowest loss on 1000 held-out validation
    images (검증 데이터); the 1000 test images are used only for the final accuracy. A budget this short
    favours larger steps than usual, which is why the grid goes upwards. (Chapter 15 compares the
    optimizers at full scale.)

    A small callback records, after every step, the mean size of the weights' change divided by the learning
    rate, so we can watch Adam's steps over time.
    """
)

code(
    r'''
    class StepSizes(Callback):
        """After every step: the mean |change| of the weights that moved, in units of the learning rate."""

        def __init__(self, lr):
            self.lr, self.previous, self.sizes, self.moved = lr, None, [], []

        def on_iteration(self, history, model):
            now = np.concatenate([p.ravel() for p in model.parameters()])
            if self.previous is not None:
                change = np.abs(now - self.previous)
                self.sizes.append(change[change > 0].mean() / self.lr)
                self.moved.append(np.mean(change > 0))
            self.previous = now


    USUAL_LR = {"SGD": 0.1, "Momentum": 0.01, "AdaGrad": 0.01, "RMSProp": 0.001, "Adadelta": 1.0, "Adam": 0.001}
    BUILD = {"SGD": optim.SGD, "Momentum": optim.Momentum, "AdaGrad": optim.AdaGrad,
             "RMSProp": optim.RMSProp, "Adadelta": optim.Adadelta, "Adam": optim.Adam}
    race, trials = {}, {}
    for name, usual in USUAL_LR.items():
        for rate in (usual, 3 * usual, 10 * usual, 30 * usual):
            model = mlp.MLP([784, 100, 10], seed=0)
            opt = BUILD[name](lr=rate)
            sizes = StepSizes(rate)
            sizes.on_iteration(None, model)            # remember the starting weights
            history = mlp.fit(model, loss, opt, x_train, y_train, epochs=3, batch_size=100, x_val=x_val,
                              y_val=y_val, eval_every=150, train_eval_size=1000, seed=0, callbacks=[sizes],
                              on_divergence="stop")
            val_loss = history.final().get("val_loss")
            run = {"lr": rate, "history": history, "model": model, "optimizer": opt, "steps": np.array(sizes.sizes),
                   "val_loss": np.inf if history.diverged or val_loss is None else val_loss, "moved": sizes.moved}
            trials.setdefault(name, []).append((rate, run["val_loss"]))
            if name not in race or run["val_loss"] < race[name]["val_loss"]:
                race[name] = run

    print("validation loss for each learning rate tried (x 1, 3, 10, 30 the usual value):")
    for name, tried in trials.items():
        print(f"{name:>9}: " + ", ".join(f"lr {rate:.4g} -> {value:.3f}" for rate, value in tried))
    print(f"\n{'optimizer':>9} {'lr':>8} {'train loss':>11} {'val loss':>9} {'test acc':>9} {'memory (bytes)':>15}")
    for name, run in race.items():
        test_loss, test_accuracy = mlp.evaluate(run["model"], loss, x_test, y_test)
        run["test_accuracy"] = test_accuracy
        final = run["history"].final()
        print(f"{name:>9} {run['lr']:>8.4g} {final['train_loss']:>11.3f} {final['val_loss']:>9.3f} "
              f"{test_accuracy:>9.1%} {run['optimizer'].memory_bytes():>15,}")
    ranking = sorted(race, key=lambda name: race[name]["history"].final()["train_loss"])
    print("lowest training loss first:", ", ".join(ranking))
    '''
)

code(
    r'''
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.8))
    for name, run in race.items():
        iterations = np.array(run["history"].iterations)
        left.plot(iterations[9:], moving_average(run["history"].loss, 10), color=COLOURS[name],
                  label=f"{name} (lr {run['lr']:.3g})")
    left.set_xlabel("iteration")
    left.set_ylabel("mini-batch loss (mean of 10)")
    left.set_ylim(0, 1.5)
    left.set_title("The race on 5000 MNIST images, 784-100-10")
    left.legend(fontsize=8)

    for name in ("SGD", "Adam"):
        right.plot(np.arange(1, len(race[name]["steps"]) + 1), race[name]["steps"], color=COLOURS[name],
                   label=f"{name}, lr {race[name]['lr']:.3g}")
    right.set_xlabel("iteration")
    right.set_ylabel("mean |change| / lr, weights that moved")
    right.set_yscale("log")
    right.set_title("How far the weights move per step")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    adam_steps = race["Adam"]["steps"]
    print(f"Adam's first step: {race['Adam']['moved'][0]:.0%} of the weights had a gradient and moved, each by "
          f"{adam_steps[0]:.4f} lr on average; by step 150 the mean is {adam_steps[-1]:.3f} lr")
    '''
)

md(
    r"""
    The table and the curves say several things.

    - With a fair learning rate each, Adam ends with the lowest training and validation loss, as seed 000
      found for every width it tried. The others are not far behind, and the first lines show how much the
      learning rate matters: Adam at its default 0.001 would have lost to most of the others' best. With a
      budget this short the learning rate matters about as much as the choice of optimizer. SGD, the only
      one without any memory, is last or nearly last by every measure.
    - Memory is exactly as counted above: SGD none, Momentum, AdaGrad and RMSProp one array, Adadelta and
      Adam two.
    - The right panel shows Adam's steps. In its first step every weight that has a gradient moves by
      exactly the learning rate (printed under the figure; the weights without one read pixels that are
      blank in all 100 images of the first batch). Then the steps shrink, as the mini-batch gradients
      disagree with each other and the signal-to-noise ratio falls, and they level off. SGD's step is the
      learning rate times the gradient, so it follows the size of the gradients. Neither halves.

    What do Adam's two averages look like at the end? We read them from the optimizer's `state`:
    """
)

code(
    r'''
    adam_run = race["Adam"]
    adam_opt = adam_run["optimizer"]
    b1, b2 = adam_opt.betas
    m_all = np.concatenate([s["m"].ravel() for s in adam_opt.state]).astype(np.float64)
    v_all = np.concatenate([s["v"].ravel() for s in adam_opt.state]).astype(np.float64)
    m_hat, v_hat = m_all / (1 - b1**adam_opt.t), v_all / (1 - b2**adam_opt.t)
    active = v_all > 0                                 # weights that ever had a gradient
    ratio = m_hat[active] / (np.sqrt(v_hat[active]) + adam_opt.eps)
    print(f"after {adam_opt.t} steps, {active.sum():,} of {active.size:,} weights have had a gradient "
          f"(the others read pixels that were blank in every image, or feed ReLU units that never fired)")
    print(f"|m_hat / sqrt(v_hat)|: median {np.median(np.abs(ratio)):.3f}, "
          f"above 1 for {np.mean(np.abs(ratio) > 1):.2%} of the weights, largest {np.abs(ratio).max():.2f}")
    root = np.sqrt(v_hat[active])
    shrink = 1 - (root + adam_opt.eps) / np.sqrt(v_hat[active] + adam_opt.eps)   # seed 003's step vs mlp's
    print(f"sqrt(v_hat), the typical gradient size: median {np.median(root):.1e}")
    print(f"seed 003's sqrt(v_hat + eps) would make the step smaller by more than 1% for "
          f"{np.mean(shrink > 0.01):.1%} of these weights, by more than 10% for {np.mean(shrink > 0.1):.1%}")

    fig, ax = plt.subplots(figsize=(6.5, 3))
    ax.hist(ratio, bins=np.linspace(-1.5, 1.5, 61), color="0.3")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\hat m / \sqrt{\hat v}$ per weight")
    ax.set_ylabel("weights")
    ax.set_title("Adam's signal-to-noise ratio after the MNIST run")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Almost every ratio lies between $-1$ and $1$, most of them much closer to 0: the step of each weight is
    a fraction of the learning rate, the fraction being how consistently its gradient has pointed one way.
    And the typical gradient is small enough that seed 003's $\sqrt{\hat v + \epsilon}$ would change the
    steps of a real share of the weights: the placement of $\epsilon$ is not always a detail.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Time per step
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Is Adam the slowest?

    Seed 000 trained a 784-$h$-$h$-$h$-10 network on MNIST and reports, in its Table 1, that Adam reaches the
    lowest final loss but takes the longest: at $h = 500$, 70.4 s against SGD's 42.2 s. Is Adam's arithmetic
    that expensive?

    Count the work. One training step does a forward and a backward pass, whose matrix products cost about
    $3 \times \text{batch size} \times \text{weights}$ multiply-adds (one per weight and image forward, two
    backward). Then the optimizer updates every weight
    once: SGD with two operations per weight, Adam with about a dozen, none of them a matrix product. Both
    grow with the number of weights, but the matrix products also grow with the batch size. We measure the
    three parts separately, for the paper's widths $h$ = 100, 300 and 500 and a batch of 100. Beside
    `mlp`'s Adam, which works in place, we time a textbook version that creates new arrays at every
    operation, as a first implementation usually does. Each time is the fastest of several runs, the one
    least disturbed by other programs on the machine.
    """
)

code(
    r'''
    def fastest(function, repeats=15):
        """The shortest of several runs of function(), in milliseconds."""
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return 1000 * min(times)


    class TextbookAdam:
        """Adam as it is often first written: correct, but every operation makes new arrays."""

        def __init__(self, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
            self.lr, self.b1, self.b2, self.eps, self.t, self.m, self.v = lr, b1, b2, eps, 0, None, None

        def step(self, params, grads):
            if self.m is None:
                self.m = [np.zeros_like(p) for p in params]
                self.v = [np.zeros_like(p) for p in params]
            self.t += 1
            for p, g, m, v in zip(params, grads, self.m, self.v):
                m[...] = self.b1 * m + (1 - self.b1) * g
                v[...] = self.b2 * v + (1 - self.b2) * g**2
                m_hat, v_hat = m / (1 - self.b1**self.t), v / (1 - self.b2**self.t)
                p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


    def time_one_step(h, batch_size):
        """Milliseconds for forward+backward and for each optimizer's step, on 784-h-h-h-10."""
        model = mlp.MLP([784, h, h, h, 10], seed=0)
        xb, yb = x_train[:batch_size], y_train[:batch_size]

        def forward_backward():
            loss.forward(model.forward(xb), yb)
            model.backward(loss.backward())

        forward_backward()
        params, grads = model.parameters(), model.gradients()
        times = {"forward+backward": fastest(forward_backward, repeats=7)}
        for name, opt in [("SGD", optim.SGD(lr=1e-6)), ("Adam", optim.Adam(lr=1e-6)),
                          ("textbook Adam", TextbookAdam(lr=1e-6))]:
            opt.step(params, grads)                    # the first step allocates the state: not timed
            times[name] = fastest(lambda: opt.step(params, grads))
        return model.n_parameters, times


    PAPER_SECONDS = {100: (5.2, 6.5), 300: (17.9, 28.9), 500: (42.2, 70.4)}   # seed 000, Table 1: (SGD, Adam)
    print(f"{'h':>4} {'weights':>9} {'fwd+bwd':>8} {'SGD step':>9} {'Adam step':>10} {'textbook':>9}"
          f" {'Adam/SGD per iteration':>23}   paper: SGD s, Adam s, Adam/SGD")
    for h in (100, 300, 500):
        n, ms = time_one_step(h, 100)
        ratio = (ms["forward+backward"] + ms["Adam"]) / (ms["forward+backward"] + ms["SGD"])
        sgd_s, adam_s = PAPER_SECONDS[h]
        print(f"{h:>4} {n:>9,} {ms['forward+backward']:>6.2f}ms {ms['SGD']:>7.2f}ms {ms['Adam']:>8.2f}ms "
              f"{ms['textbook Adam']:>7.2f}ms {ratio:>23.2f}   {sgd_s:>8} {adam_s:>6} {adam_s / sgd_s:>8.2f}")

    print("\nh = 500, other batch sizes:")
    for batch_size in (32, 100, 500):
        n, ms = time_one_step(500, batch_size)
        ratio = (ms["forward+backward"] + ms["Adam"]) / (ms["forward+backward"] + ms["SGD"])
        print(f"  batch {batch_size:>3}: forward+backward {ms['forward+backward']:6.2f} ms, Adam step "
              f"{ms['Adam']:5.2f} ms, Adam/SGD per iteration {ratio:.2f}")
    ''',
    tags=("nbval-ignore-output",),
)

md(
    r"""
    Your numbers depend on your machine (the cell is timed afresh each run), but the pattern is robust:

    - Adam's step does cost several times SGD's step: a dozen passes over the weights instead of two. So
      yes, an iteration of Adam takes longer than one of SGD here too, as seed 000 found.
    - But the step is small next to the forward and backward passes, and since both grow with the number
      of weights, the *ratio* of Adam's iteration to SGD's does not grow with the width. The paper's ratio
      grows from 1.25 at $h = 100$ to 1.67 at $h = 500$; that growth is not in the algorithm.
    - The ratio shrinks as the batch grows: the matrix products scale with the batch, the optimizer step
      does not.
    - How the update is written matters too: the textbook version is slower than the in-place one for the
      same arithmetic. Seed 000 does not say how its optimizers were implemented, what batch size it used,
      or how many iterations it ran, so its seconds cannot tell the algorithm's cost from its
      implementation's.

    The fair summary: Adam costs a little more per step and two arrays of memory, and it often needs fewer
    steps. Chapter 15 measures the whole of seed 000's Table 1.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Part III in one table
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Part III in one table

    The six optimizers side by side. The state and memory columns are measured (one step on the MNIST
    network, as above); `mlp`'s defaults are read from the classes; PyTorch's defaults are typed in from
    its documentation.
    """
)

code(
    r'''
    ROWS = [("SGD", "sgd", "p -= lr g", "lr=0.001 (since 2.2)"),
            ("Momentum", "momentum", "v = mu v + g; p -= lr v", "SGD: lr=0.001, momentum=0 (pass momentum=0.9)"),
            ("AdaGrad", "adagrad", "G += g²; p -= lr g / (√G + eps)", "lr=0.01, eps=1e-10"),
            ("RMSProp", "rmsprop", "v = α v + (1-α) g²; p -= lr g / (√v + eps)", "lr=0.01, alpha=0.99, eps=1e-08"),
            ("Adadelta", "adadelta", "p -= lr √(u+eps)/√(v+eps) g; u, v averages", "lr=1.0, rho=0.9, eps=1e-06"),
            ("Adam", "adam", "p -= lr m̂ / (√v̂ + eps)", "lr=0.001, betas=(0.9, 0.999), eps=1e-08")]
    lines = ["| optimizer | update | state per weight | memory (x weights) | `mlp` defaults | PyTorch defaults |",
             "|---|---|---|---|---|---|"]
    for label, name, update, torch_defaults in ROWS:
        opt = optim.get(name)
        model = mlp.MLP([784, 100, 10], seed=0)
        train_step(model, loss, opt, x_train[:100], y_train[:100])
        state = ", ".join(sorted(opt.state[0])) or "none"
        shown = ["lr", "momentum", "eps", "alpha", "rho", "betas"]
        if name != "momentum":
            shown.remove("momentum")       # RMSProp's optional momentum stays at its default, off
        defaults = {k: v for k, v in opt.hyperparameters().items() if k in shown}
        mlp_defaults = ", ".join(f"{k}={v}" for k, v in defaults.items())
        memory = opt.memory_bytes() / sum(p.nbytes for p in model.parameters())
        lines.append(f"| {label} | {update} | {state} | {memory:.0f} | {mlp_defaults} | {torch_defaults} |")
    display(Markdown("\n".join(lines)))
    '''
)

md(
    r"""
    Two `mlp` defaults differ from PyTorch's on purpose, as their docstrings say: SGD and Momentum use
    learning rate 0.01 (the value the seeds use; PyTorch's SGD had no default learning rate before version
    2.2), and Momentum builds in $\mu = 0.9$ (PyTorch's plain `SGD` has momentum 0 until you ask). The
    hyper-parameters (하이퍼파라미터) to tune, in the order they usually matter: the learning rate for all
    six; $\mu$ for Momentum; $\alpha$ or $\rho$, the memory of the averages, for RMSProp and Adadelta;
    $\beta_1$ and, more rarely, $\beta_2$ for Adam. One more variant you will meet: AdamW
    {cite:p}`loshchilov2019` applies weight decay directly to the weights instead of adding it to the
    gradient; `mlp`'s `weight_decay` is the older, PyTorch-`Adam` kind.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "adam_memory",
    "How much memory does Adam need?",
    r"""
    Write `adam_state_bytes(sizes)` that returns, without training anything, the number of bytes Adam keeps
    between steps for the float32 network `mlp.MLP(sizes)` (for example `sizes = [784, 100, 10]`). Each
    `Dense(fan_in, fan_out)` layer has a weight matrix and a bias vector, and every float32 number takes 4
    bytes. The check compares your formula with `memory_bytes()` measured on real networks.
    """,
    r'''
    def adam_state_bytes(sizes):
        ### BEGIN SOLUTION
        weights = sum(fan_in * fan_out + fan_out for fan_in, fan_out in zip(sizes[:-1], sizes[1:]))
        return 2 * 4 * weights       # two arrays (m and v), 4 bytes per float32 number
        ### END SOLUTION
    ''',
    r'''
    check.adam_memory(adam_state_bytes)
    ''',
    difficulty="warm-up",
)

exercise(
    "step_1000",
    "Predict, then measure: the 1000th step",
    r"""
    A single weight receives the same gradient, $g = 0.5$, at every step. Adam runs with `lr=0.01` and its
    default betas.

    1. **Before running anything**, predict the size of the weight's change in the 1000th step, $|\Delta
       w_{1000}|$, and store it in `my_prediction`. (If seed 003 were right that Adam halves the learning
       rate exponentially, what would you expect?)
    2. Then measure it: run `mlp.optim.Adam(lr=0.01)` for 1000 steps on the weight `np.zeros(1)` with the
       gradient `np.array([0.5])`, and store the size of the last change in `step_1000`.
    """,
    r'''
    ### BEGIN SOLUTION
    # With a constant gradient, m_hat = g and v_hat = g^2 exactly (bias correction), so every step is
    # lr * g / (|g| + eps) = lr: nothing decays.
    my_prediction = 0.01
    weight = np.zeros(1)
    adam_1000 = optim.Adam(lr=0.01)
    for _ in range(1000):
        before = weight.copy()
        adam_1000.step([weight], [np.array([0.5])])
    step_1000 = float(abs(weight[0] - before[0]))
    ### END SOLUTION
    ''',
    r'''
    check.step_1000(my_prediction, step_1000)
    ''',
    difficulty="practice",
)

exercise(
    "adam_step",
    "Adam in five lines",
    r"""
    Write `adam_step(w, g, m, v, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8)` that performs step number `t`
    (counting from 1) of Adam on NumPy arrays and **returns** the new `(w, m, v)`, following Algorithm 1 of
    the paper ($\epsilon$ added after the root of the corrected $\hat v$, as PyTorch and `mlp` do). Do not
    modify the arrays you are given. The check runs your function for several steps against
    `mlp.optim.Adam`, including gradients small enough to tell the placements of $\epsilon$ apart.
    """,
    r'''
    def adam_step(w, g, m, v, t, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
        ### BEGIN SOLUTION
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        return w, m, v
        ### END SOLUTION
    ''',
    r'''
    check.adam_step(adam_step)
    ''',
    difficulty="practice",
)

exercise(
    "spike_step",
    "When the ratio exceeds 1",
    r"""
    The ratio $\hat m/\sqrt{\hat v}$ is usually at most about 1, but not always. Take a weight whose gradient
    is exactly 0 for steps $1, \dots, t-1$ and then 1 at step $t$ (a rare input, for instance a pixel that is
    almost always blank).

    Write `spike_step(b1, b2, t)` that returns $|\Delta w_t| / \text{lr}$, the size of Adam's step at step
    $t$ in units of the learning rate (ignore $\epsilon$). You may derive a formula or simulate with
    `mlp.optim.Adam`. Then compare `spike_step(0.9, 0.999, 1)` with `spike_step(0.9, 0.999, 100000)`: what
    value does it approach, and why does the paper call this the worst case?
    """,
    r'''
    def spike_step(b1, b2, t):
        ### BEGIN SOLUTION
        # Zeros leave m = v = 0; the spike gives m = (1 - b1), v = (1 - b2). Then correct both with step t.
        m_hat = (1 - b1) / (1 - b1**t)
        v_hat = (1 - b2) / (1 - b2**t)
        return float(m_hat / np.sqrt(v_hat))
        # As t grows the corrections tend to 1 and the step to (1 - b1) / sqrt(1 - b2), 3.16 lr for the
        # defaults: m gives the spike a weight of 0.1 at once, while v, whose long memory is still full of
        # zeros, gives its square only 0.001 (root 0.032). No history of gradients makes the ratio larger.
        ### END SOLUTION
    ''',
    r'''
    check.spike_step(spike_step)
    ''',
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 12. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - Adam keeps two exponential moving averages per weight: $m$ of the gradients (Momentum's direction)
      and $v$ of their squares (RMSProp's scale), and steps by $\text{lr}\cdot\hat m/(\sqrt{\hat v}+\epsilon)$.
    - The bias correction divides each average by $1-\beta^t$ to undo its start at zero. It makes the first
      step $\text{lr}\cdot\operatorname{sign}(g)$ (up to $\epsilon$) and keeps the steps of a constant gradient at
      exactly the learning rate, forever. Without it the first steps would be *too large* (RMSProp's are ten
      times the learning rate). Seed 003's "halves the learning rate exponentially" is wrong; what does
      shrink Adam's steps is gradients that disagree with each other (a low signal-to-noise ratio).
    - The step of each weight is about the learning rate at most: $|\hat m/\sqrt{\hat v}|$ is rarely above 1
      (at worst $(1-\beta_1)/\sqrt{1-\beta_2}$ for a sudden gradient after a long silence).
    - `mlp.optim.Adam` is Algorithm 1 of the paper, as PyTorch computes it; the efficient form differs by a
      rescaled $\epsilon$, seed 003's $\epsilon$ inside the root by more, for small gradients.
    - Cost: two arrays the size of the weights, and an update of about a dozen operations per weight
      instead of SGD's two, which is still small next to the forward and backward passes for a reasonable
      batch.

    ## What's next

    Part III ends with three experiment chapters that put the six optimizers to work on the seeds' own
    questions. Chapter 15 reproduces seed 000's comparison of SGD, Momentum, AdaGrad, RMSProp and Adam on
    784-$h$-$h$-$h$-10 networks of five widths, time and final loss, beside the paper's Table 1, and seed
    002's four-way comparison. Chapter 16 follows seed 001 through nine combinations of batch size and
    learning rate on a LeNet-style network. Chapter 17 repeats seed 003's six-optimizer comparison on small
    convolutional networks, with its learning-rate sweep, and asks whether its explanation (overfitting) is
    what the curves show.
    """
)


if __name__ == "__main__":
    ch.write()
