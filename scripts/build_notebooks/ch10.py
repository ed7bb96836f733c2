"""Write notebooks/10-momentum.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch10.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(10, "10-momentum")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Momentum

    The lecture deck describes every optimizer after plain gradient descent with one picture: weights move
    *like a ball rolling downhill*, and the questions are how it rolls, where it bounces, and how inertia
    (관성) acts on it. Plain SGD, the subject of chapter 9, is a ball with no mass at all. Each step goes
    exactly where the slope under it points *now*, and the step before is forgotten. This chapter gives the
    ball mass. The method is called momentum (모멘텀).

    **What you will learn**

    - the idea: a velocity (속도) that remembers past steps, so steady slopes speed the ball up and a slope
      that flips from side to side cancels out;
    - the update as the course's sources write it and as `mlp.optim.Momentum` (PyTorch's form) computes it:
      the same path while the learning rate is constant, two different algorithms once it changes;
    - the effective step $\eta/(1-\mu)$ on a steady slope, and the price: one extra array the size of the
      weights;
    - momentum's paths on the three test surfaces of chapter 9, with Nesterov's variant, including a start
      where momentum carries the ball over a ridge into the deeper valley, and one where it carries it *out*;
    - a short MNIST run against SGD, and what the sources claim about momentum, checked in code.
    """
)

ch.setup_cell()

md(
    """
    Besides NumPy and matplotlib we use the course library `mlp`: its optimizers (`SGD`, `Momentum`,
    `Nesterov` and the learning-rate schedules), the test surfaces and `descend`, which records an optimizer's
    path on one of them, the MNIST loader and training loop, an explorer widget, and the exercise checks.
    """
)

code(
    """
    import inspect

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.optim import SGD, Momentum, Nesterov, schedules
    from mlp.plotting import moving_average, plot_surface_path
    from mlp.surfaces import descend, elongated_bowl, rosenbrock, two_minima
    from mlp.widgets import frame_explorer_2d
    from mlp.checks import ch10 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The idea
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## A ball with mass

    Picture a marble on a slope. A marble with no mass (plain SGD) moves each instant in the direction the
    slope points under it, at a speed set by the steepness; stop the slope and it stops. A heavy marble
    keeps part of the speed it already has. Two things follow, and they are the whole idea of momentum:

    1. **On a steady slope it speeds up.** Every step adds the same push to a speed that is still there from
       the steps before, so the ball goes faster and faster, until friction balances the push.
    2. **Pushes that keep changing sign cancel.** In a narrow valley the slope points across the valley,
       left, right, left. Plain SGD follows each push and zig-zags. In the heavy ball's speed the left and
       right pushes largely cancel, while the small push *along* the valley, the same every step, adds up.

    All three papers among our sources call momentum "a kind of inertia" ({cite:t}`seed000`; {cite:t}`seed002`;
    {cite:t}`seed003`). Source 000 and Kang add that, because the previous search direction is taken into account, the
    oscillation (진동) of the updates is damped, and source 000 that an acceleration (가속도) builds up in
    the direction of travel, so the optimization goes faster. We will measure how much faster.

    The method is older than deep learning. {cite:t}`polyak1964` proposed it to speed up iterative methods, with the
    picture of a heavy ball rolling under friction; it is still called the heavy-ball method. {cite:t}`rumelhart1986` added a momentum term to back-propagation in the paper that made
    back-propagation famous. {cite:t}`qian1999` showed that the rule is the motion of a particle with mass in a
    viscous medium, discretized in time: the learning rate and the momentum set the mass and the friction.
    {cite:t}`nesterov1983` found a variant with a "look-ahead", which {cite:t}`sutskever2013`
    brought to deep learning; we meet it below.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The update, three ways
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The update: as the sources write it, and as `mlp` computes it

    Write $g_t$ for the gradient at step $t$, $\eta$ for the learning rate and $\mu$ (or $\gamma$, or
    $\alpha$) for the momentum, a number between 0 and 1. There are three common ways to write momentum.

    **{cite:t}`seed002`, equation 9, and {cite:t}`seed003`, equations 2 and 3** (with $\gamma$ "usually about 0.9"):

    $$v_t = \gamma\, v_{t-1} + \eta\, g_t, \qquad w_t = w_{t-1} - v_t, \qquad v_0 = 0.$$

    **Deep Learning from Scratch** {cite:p}`saito2016`, a widely used textbook, and {cite:t}`sutskever2013`: the
    same rule with the sign of $v$ flipped,

    $$v_t = \alpha\, v_{t-1} - \eta\, g_t, \qquad w_t = w_{t-1} + v_t.$$

    (In our copy of source 000 the symbols of its equation 5 are lost; its words, "the velocity is updated
    at every step and an acceleration builds up in the direction of travel", describe the same rule in one
    sign convention or the other.)

    **PyTorch's `torch.optim.SGD(momentum=...)`**, which `mlp.optim.Momentum` follows exactly:

    $$v_t = \mu\, v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\, v_t, \qquad v_1 = g_1.$$

    The difference: in the sources' forms the learning rate is *inside* the velocity, so $v$ is the step
    itself; in PyTorch's form $v$ is a running sum of gradients and the learning rate multiplies it at the
    moment of the step. Here is the library's update rule, the method every `mlp` optimizer overrides:
    """
)

code(
    """
    print(inspect.getsource(Momentum._update))
    """
)

md(
    r"""
    The lines are written with `out=` and in-place operators so that a step allocates no new arrays, but
    each is one of the equations above, given in the comment. Two details: on the first step the velocity
    is set to the gradient itself (PyTorch's rule; with $v_0 = 0$ the sources' first step is the same), and
    `dampening`, which we leave at PyTorch's default 0, would scale the new gradient.

    ### Three steps by hand

    Before trusting the library, we take three steps by hand on the elongated bowl of chapter 9,
    $f(x, y) = x^2/20 + y^2$, whose gradient is $(x/10,\; 2y)$. We start at $(-7, 2)$ with $\eta = 0.1$ and
    $\mu = 0.9$, and print every intermediate number.
    """
)

code(
    """
    lr, mu = 0.1, 0.9
    w = np.array([-7.0, 2.0])
    v = np.zeros(2)
    by_hand = [w.copy()]
    for t in range(1, 4):
        g = np.array([w[0] / 10, 2 * w[1]])        # the bowl's gradient at w
        v = mu * v + g                              # PyTorch's velocity: a running sum of gradients
        w = w - lr * v                              # the step
        by_hand.append(w.copy())
        print(f"step {t}: g = ({g[0]:+.4f}, {g[1]:+.4f})  v = ({v[0]:+.4f}, {v[1]:+.4f})  "
              f"w = ({w[0]:+.5f}, {w[1]:+.5f})")

    library = descend(Momentum(lr=lr, momentum=mu), elongated_bowl, start=(-7.0, 2.0), steps=3)
    print("mlp.optim.Momentum visits:", ", ".join(f"({x:+.5f}, {y:+.5f})" for x, y in library[1:]))
    print("largest difference from the hand computation:", np.abs(library - np.array(by_hand)).max())
    """
)

md(
    r"""
    Look at the $x$ column: the gradient along the valley barely changes ($-0.7$, then about $-0.69$), but the
    velocity grows with every step, and so does the step. Now the $y$ column: the gradient across the valley
    shrinks quickly as $y$ falls, but the velocity keeps growing, so the steps in $y$ get *longer* while the
    slope gets gentler. The ball is about to overshoot $y = 0$. That is inertia: it keeps moving the way it
    was going.

    ### Same path, while the learning rate is constant

    Are the sources' form and PyTorch's form the same algorithm? Comparing them term by term, the sources'
    $v$ is PyTorch's $v$ times $\eta$ (or times $-\eta$ for the second form): $v^{\text{Kang}}_t = \eta\,
    v^{\text{PyTorch}}_t$. That holds as long as $\eta$ never changes. We implement Kang's form in a few lines
    of NumPy, with a learning rate that may change at every step, and run both forms for 100 steps.
    """
)

code(
    """
    def kang_momentum_path(surface, start, lrs, gamma):
        \"\"\"Kang's (2020) form: v <- gamma * v + lr_t * g;  w <- w - v, with v = 0 at the start.

        lrs holds one learning rate per step; returns the visited points, shape (len(lrs) + 1, 2).
        \"\"\"
        w = np.array(start, dtype=np.float64)
        v = np.zeros(2)
        path = [w.copy()]
        for lr in lrs:
            v = gamma * v + lr * surface.grad(w)
            w = w - v
            path.append(w.copy())
        return np.array(path)


    def saito_momentum_path(surface, start, lrs, alpha):
        \"\"\"Deep Learning from Scratch's form: v <- alpha * v - lr_t * g;  w <- w + v.\"\"\"
        w = np.array(start, dtype=np.float64)
        v = np.zeros(2)
        path = [w.copy()]
        for lr in lrs:
            v = alpha * v - lr * surface.grad(w)
            w = w + v
            path.append(w.copy())
        return np.array(path)


    def pytorch_momentum_path(surface, start, lrs, mu, nesterov=False):
        \"\"\"mlp.optim.Momentum (PyTorch's form), with opt.lr set before every step, as a schedule does.\"\"\"
        opt = Momentum(lr=lrs[0], momentum=mu, nesterov=nesterov)
        w = np.array(start, dtype=np.float64)
        path = [w.copy()]
        for lr in lrs:
            opt.lr = lr
            opt.step([w], [surface.grad(w)])
            path.append(w.copy())
        return np.array(path)


    constant = np.full(100, 0.1)
    kang = kang_momentum_path(elongated_bowl, (-7.0, 2.0), constant, gamma=0.9)
    saito = saito_momentum_path(elongated_bowl, (-7.0, 2.0), constant, alpha=0.9)
    pytorch = pytorch_momentum_path(elongated_bowl, (-7.0, 2.0), constant, mu=0.9)
    print("constant lr 0.1, 100 steps")
    print("  largest |Kang - PyTorch| over the path: ", np.abs(kang - pytorch).max())
    print("  largest |Saito - PyTorch| over the path:", np.abs(saito - pytorch).max())
    """
)

md(
    r"""
    The differences are rounding errors, around $10^{-15}$: with a constant learning rate the three forms are
    one algorithm. Now let the learning rate change. A learning-rate schedule (학습률 스케줄) lowers it
    during training (chapter 16 uses them); we take the simplest, a step schedule that divides it by 10 after
    30 steps, from `mlp.optim.schedules`.
    """
)

code(
    """
    schedule = schedules.step(0.1, step_size=30, gamma=0.1)
    lrs = schedule.values(100)                       # 0.1 for steps 0-29, then 0.01
    kang_s = kang_momentum_path(elongated_bowl, (-7.0, 2.0), lrs, gamma=0.9)
    pytorch_s = pytorch_momentum_path(elongated_bowl, (-7.0, 2.0), lrs, mu=0.9)

    step_kang = np.linalg.norm(np.diff(kang_s, axis=0), axis=1)       # length of each step
    step_pytorch = np.linalg.norm(np.diff(pytorch_s, axis=0), axis=1)
    print("step   lr     |step| Kang   |step| PyTorch")
    for t in range(27, 36):
        print(f"{t + 1:>4}  {lrs[t]:.2f}  {step_kang[t]:>12.5f}  {step_pytorch[t]:>14.5f}")
    print(f"after 100 steps: Kang's form at distance {np.linalg.norm(kang_s[-1]):.4f} from the minimum, "
          f"PyTorch's at {np.linalg.norm(pytorch_s[-1]):.4f}")
    print("Saito's form under the schedule equals Kang's:",
          np.allclose(saito_momentum_path(elongated_bowl, (-7.0, 2.0), lrs, alpha=0.9), kang_s))
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    steps = np.arange(1, 101)
    left.semilogy(steps, step_kang, label="Kang / Saito form (lr inside v)")
    left.semilogy(steps, step_pytorch, "--", label="PyTorch form, mlp.optim.Momentum (lr times v)")
    left.axvline(30.5, color="gray", linestyle=":", label="lr drops from 0.1 to 0.01")
    left.set_xlabel("step")
    left.set_ylabel("length of the step")
    left.set_title("The same schedule, two momentum rules")
    left.legend(fontsize=8)
    plot_surface_path(elongated_bowl, {"Kang / Saito form": kang_s, "PyTorch form": pytorch_s}, ax=right,
                      xlim=(-8, 3), ylim=(-2.5, 2.5), minimum=(0, 0), levels=15,
                      title="Paths on the bowl, lr 0.1 then 0.01 after 30 steps")
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    Up to step 30 the two rules are the same. At the drop, PyTorch's rule shrinks the *whole* step tenfold at
    once: its velocity is a sum of gradients, and the new learning rate multiplies all of it. Kang's rule
    keeps the velocity it has, which was built with the old learning rate; only the new gradients enter
    at a tenth of the size, so the step decays gradually, by about a factor $\mu$ per step, and the ball
    coasts on. After that the two paths are different, and end in different places.

    Neither rule is wrong; they are two algorithms that coincide for a constant learning rate. It matters in
    practice: a schedule tuned with one rule does not carry over exactly to the other, and a warm-up (a
    learning rate that *rises*) scales PyTorch's stored velocity up at once. PyTorch's documentation points
    out that its rule differs from {cite:t}`sutskever2013` for this reason. If you want Kang's rule to
    follow PyTorch's, you must rescale the stored velocity whenever the learning rate changes: that is the
    last exercise.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Effective step
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## How much faster? The effective step $\eta/(1-\mu)$

    On a steady slope the gradient is the same number $g$ at every step. PyTorch's velocity is then
    $v_1 = g$, $v_2 = \mu g + g$, and after $k$ steps

    $$v_k = g\,(1 + \mu + \mu^2 + \dots + \mu^{k-1}) = g\,\frac{1-\mu^k}{1-\mu}
      \;\longrightarrow\; \frac{g}{1-\mu},$$

    so the step $\eta v_k$ grows towards $\eta g/(1-\mu)$: the terminal velocity, where the friction (the
    fraction $1-\mu$ of the velocity lost per step) balances the push. With $\mu = 0.9$ that is ten plain
    SGD steps per step; we call $\eta/(1-\mu)$ the effective learning rate (유효 학습률). We measure it
    with `mlp.optim.Momentum` on a slope of constant gradient 1.
    """
)

code(
    """
    lr, slope = 0.01, 1.0
    print(" mu    step 1     step 10    step 100    lr * slope / (1 - mu)   steps to reach 90%")
    step_sizes = {}
    for mu in (0.0, 0.5, 0.9, 0.99):
        w = np.zeros(1)
        opt = Momentum(lr=lr, momentum=mu) if mu > 0 else SGD(lr=lr)
        sizes = []
        for _ in range(400):
            before = w[0]
            opt.step([w], [np.array([slope])])          # the same gradient at every step
            sizes.append(before - w[0])
        sizes = np.array(sizes)
        step_sizes[mu] = sizes
        terminal = lr * slope / (1 - mu)
        reach_90 = np.argmax(sizes >= 0.9 * terminal) + 1
        print(f"{mu:>4}  {sizes[0]:.5f}   {sizes[9]:.5f}    {sizes[99]:.5f}         {terminal:.5f}"
              f"              {reach_90}")

    k = np.arange(1, 401)
    formula = lr * slope * (1 - 0.9**k) / (1 - 0.9)
    print("largest gap between the measured steps (mu = 0.9) and lr * g * (1 - mu^k) / (1 - mu):",
          np.abs(step_sizes[0.9] - formula).max())
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for mu, sizes in step_sizes.items():
        (line,) = ax.plot(np.arange(1, 401), sizes, label=f"μ = {mu}")
        ax.axhline(lr * slope / (1 - mu), color=line.get_color(), linestyle=":", linewidth=1)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("length of the step")
    ax.set_title("On a steady slope the step grows to lr·g/(1 − μ) (dotted)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    The measured steps follow the formula to rounding error. The speed-up is real but not instant: the
    step reaches 90% of its terminal size after the number of steps printed in the last column, about 22
    for $\mu = 0.9$ and more than 200 for $\mu = 0.99$. A heavy ball needs a long slope to get going.

    This also says what momentum is *not*. Where the gradient is steady, momentum with learning rate
    $\eta$ ends up doing what SGD with learning rate $\eta/(1-\mu)$ would do. The difference shows where the
    gradient changes: on a slope that flips sign the velocity stays small, so momentum gives the long,
    steady directions a bigger step than the steep, oscillating ones. We will see both on the surfaces, and
    test the first on MNIST.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Memory
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The price: one buffer the size of the weights

    Plain SGD needs nothing but the weights and their gradients. Momentum must remember one velocity per
    weight between steps: its state, `opt.state`, holds one array `v` for each parameter array, and
    `memory_bytes()` adds them up. We measure it on the network of this chapter's MNIST run (784-100-10)
    and on Kang's (2020) 784-500-300-10. (The state is created on the first step, so we take one.)
    """
)

code(
    """
    def optimizer_memory(sizes, optimizer):
        \"\"\"Bytes of state `optimizer` keeps for an MLP of these sizes, after one (zero-gradient) step.\"\"\"
        net = mlp.MLP(sizes, seed=0)
        params = net.parameters()
        optimizer.step(params, [np.zeros_like(p) for p in params])
        return sum(p.nbytes for p in params), optimizer.memory_bytes(), optimizer


    print(f"{'network':>16} {'weights (bytes)':>16} {'SGD state':>10} {'Momentum state':>15}")
    for sizes in ([784, 100, 10], [784, 500, 300, 10]):
        weight_bytes, sgd_bytes, _ = optimizer_memory(sizes, SGD(lr=0.01))
        _, momentum_bytes, opt = optimizer_memory(sizes, Momentum(lr=0.01, momentum=0.9))
        name = "-".join(map(str, sizes))
        print(f"{name:>16} {weight_bytes:>16,} {sgd_bytes:>10,} {momentum_bytes:>15,}")
    print("the state of the last one:", [(key, state["v"].shape, str(state["v"].dtype)) for key, state in
                                         zip(["W1", "b1", "W2", "b2", "W3", "b3"], opt.state)])
    print(f"weights + gradients + velocity = {(2 * weight_bytes + momentum_bytes) / (2 * weight_bytes):.2f} x "
          f"(weights + gradients)")
    """
)

md(
    """
    Momentum's state is exactly as large as the weights, one float32 per weight. Lim et al. put it as "twice
    the memory": weights plus velocity is twice the weights, which is right. While training, though, the
    gradients are also stored (one more array of the same size), plus the activations that back-propagation
    keeps, which grow with the batch; counted that way, momentum turns two weight-sized arrays into three
    (the last line above), not a doubling of the whole. For these networks that is a few hundred kilobytes
    to two megabytes; for a model with billions of weights it is billions of extra numbers, which is why
    the memory of optimizers is a real concern at scale. (Adam, chapter 14, keeps two such arrays.)
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Surfaces
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Paths on the three test surfaces

    Chapter 9 introduced the three surfaces of `mlp.surfaces` and ran plain SGD on them. We put the heavy
    ball on the same ground. To judge speed we count the steps after which a path stays within 0.01 of the
    minimum for good ("settles").

    ### The elongated bowl

    $f(x, y) = x^2/20 + y^2$ is 20 times steeper across the valley ($y$) than along it ($x$): the
    anisotropic (비등방성) function that, according to {cite:t}`seed002`, makes SGD zig-zag and motivated
    momentum. We use two learning rates. At $\eta = 0.9$ SGD zig-zags across the valley; at $\eta = 0.1$ it
    does not zig-zag, but crawls along it.
    """
)

code(
    """
    def settle_step(path, target, tol=0.01):
        \"\"\"The first step after which the path stays within tol of target; None if it never settles.\"\"\"
        far = np.linalg.norm(path - np.asarray(target), axis=1) >= tol
        if not far.any():
            return 0
        last_far = np.flatnonzero(far)[-1]
        return None if last_far == len(path) - 1 else int(last_far + 1)


    def run(optimizer, surface, steps, start=None):
        return descend(optimizer, surface, start=start, steps=steps)


    bowl_runs = {
        "lr 0.9": {"SGD": run(SGD(lr=0.9), elongated_bowl, 200),
                   "Momentum μ=0.5": run(Momentum(lr=0.9, momentum=0.5), elongated_bowl, 200),
                   "Momentum μ=0.9": run(Momentum(lr=0.9, momentum=0.9), elongated_bowl, 200)},
        "lr 0.1": {"SGD": run(SGD(lr=0.1), elongated_bowl, 200),
                   "Momentum μ=0.9": run(Momentum(lr=0.1, momentum=0.9), elongated_bowl, 200),
                   "Nesterov μ=0.9": run(Nesterov(lr=0.1, momentum=0.9), elongated_bowl, 200)},
    }
    for setting, paths in bowl_runs.items():
        for name, path in paths.items():
            settled = settle_step(path, (0, 0))
            text = f"settles after {settled} steps" if settled is not None else "not settled in 200 steps"
            print(f"{setting}  {name:<15} {text:<28} distance after 30 steps: {np.linalg.norm(path[30]):.4f}")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, (setting, paths) in zip(axes, bowl_runs.items()):
        shown = {name: path[:41] for name, path in paths.items() if (setting, name) != ("lr 0.9", "Momentum μ=0.9")}
        plot_surface_path(elongated_bowl, shown, ax=ax,
                          xlim=(-8, 3), ylim=(-2.6, 2.6), minimum=(0, 0), levels=15,
                          title=f"Elongated bowl, {setting}, first 40 steps")
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    Left, $\eta = 0.9$: SGD bounces from one wall of the valley to the other and creeps along it. With
    $\mu = 0.5$ the cross-valley pushes cancel in the velocity, the zig-zag dies out within a few steps, and
    the ball settles much sooner (the table above). With $\mu = 0.9$ (left out of the picture, which it
    would fill with its swings; see the explorer below) the ball has too much inertia: it swings past the
    minimum again and again, and settles even later than SGD. Momentum damps the zig-zag only up to a
    point; beyond it, it makes its own oscillation.

    Right, $\eta = 0.1$: SGD goes straight down the steep direction and then crawls along the flat one, not
    settled after 200 steps. Momentum $0.9$ builds up speed along the valley (the effective step) and gets
    there, paying with a few swings across it.

    ### Nesterov's look-ahead

    The heavy ball reacts to the slope where it *is*; Nesterov's method (네스테로프 모멘텀) corrects the step
    with the slope where the velocity is *about to carry it* {cite:p}`nesterov1983,sutskever2013`. In
    PyTorch's form, `Momentum(nesterov=True)` or `Nesterov(...)` in `mlp`, the velocity is the same but the
    step adds one more $\mu$-weighted term:

    $$v_t = \mu v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\,(g_t + \mu\, v_t).$$

    When the velocity is about to overshoot, the gradient $g_t$ already points back, and the step brakes
    earlier. On the bowl at $\eta = 0.1$ (the table) it settles a few steps sooner than the heavy ball. The
    look-ahead has a cost, which the next cell shows: at $\eta = 0.9$, where the heavy ball converges,
    Nesterov's method diverges, because its extra term pushes harder along the steep direction.
    """
)

code(
    """
    for mu in (0.5, 0.9):
        heavy = run(Momentum(lr=0.9, momentum=mu), elongated_bowl, 200)
        look_ahead = run(Nesterov(lr=0.9, momentum=mu), elongated_bowl, 200)
        print(f"lr 0.9, mu {mu}: heavy ball ends at distance {np.linalg.norm(heavy[-1]):.2g} after "
              f"{len(heavy) - 1} steps; Nesterov at {np.linalg.norm(look_ahead[-1]):.2g} after "
              f"{len(look_ahead) - 1} steps (descend stops once |w| > 1e6)")
    """
)

md(
    r"""
    ### Rosenbrock's curved valley

    $f(x, y) = (1-x)^2 + 100\,(y - x^2)^2$ has a long, curved, nearly flat valley with the minimum at
    $(1, 1)$. Its walls are steep, so the learning rate must be small ($\eta = 0.001$), and then SGD takes
    tiny steps along the flat floor.
    """
)

code(
    """
    rosen_runs = {"SGD": run(SGD(lr=0.001), rosenbrock, 3000),
                  "Momentum μ=0.9": run(Momentum(lr=0.001, momentum=0.9), rosenbrock, 3000),
                  "Nesterov μ=0.9": run(Nesterov(lr=0.001, momentum=0.9), rosenbrock, 3000)}
    for name, path in rosen_runs.items():
        distance = np.linalg.norm(path - np.array([1.0, 1.0]), axis=1)
        settled = settle_step(path, (1, 1))
        print(f"{name:<15} distance to (1, 1) after 500 steps {distance[500]:.4f}, after 3000 steps "
              f"{distance[-1]:.2e}; settles within 0.01 after "
              f"{settled if settled is not None else 'more than 3000'} steps")
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    plot_surface_path(rosenbrock, {name: path[:1001] for name, path in rosen_runs.items()}, ax=left,
                      xlim=(-2, 2), ylim=(-1, 3), minimum=(1, 1), levels=25,
                      title="Rosenbrock, lr 0.001, first 1000 steps")
    for name, path in rosen_runs.items():
        right.semilogy(np.linalg.norm(path - np.array([1.0, 1.0]), axis=1), label=name)
    right.set_xlabel("step")
    right.set_ylabel("distance to the minimum (1, 1)")
    right.set_title("How fast each one gets there")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    SGD has not reached the minimum after 3000 steps. The heavy ball rolls down the curved valley, gathering
    speed along its floor, and settles; Nesterov's version, braking before each overshoot, settles sooner
    still (the numbers above). This is the case momentum was made for: a long, gentle direction in which
    plain SGD is too slow and the steep walls forbid a larger learning rate.

    ### Two valleys: over the ridge, and back out

    The third surface, $f(x, y) = (x^2 - 1)^2 + 0.3x + y^2/2$, has two valleys separated by a ridge whose
    lowest point, the pass between the valleys, is a saddle point (안장점): a deeper valley on the left,
    near $x = -1$, and a shallower one on the right. The deck warns that where training ends depends on
    where it starts. Lim et al. add that momentum is "expected to solve the problem of falling into local
    minima". Does the heavy ball roll over the ridge?
    """
)

code(
    """
    deep, shallow = two_minima.minima
    print(f"deeper minimum at x = {deep[0]:.3f} (f = {two_minima(*deep):.3f}), "
          f"shallower at x = {shallow[0]:.3f} (f = {two_minima(*shallow):.3f})")


    def valley(path):
        return "deeper (left)" if path[-1, 0] < 0 else "shallower (right)"


    two_runs = {}
    for start in [(1.8, 1.5), (-1.8, 1.5)]:
        two_runs[start] = {"SGD": run(SGD(lr=0.03), two_minima, 300, start=start),
                           "Momentum μ=0.9": run(Momentum(lr=0.03, momentum=0.9), two_minima, 300, start=start)}
        for name, path in two_runs[start].items():
            print(f"start {start}, lr 0.03, {name:<15}: ends at ({path[-1, 0]:+.3f}, {path[-1, 1]:+.3f}), "
                  f"the {valley(path)} valley")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, (start, paths) in zip(axes, two_runs.items()):
        plot_surface_path(two_minima, paths, ax=ax, xlim=(-2, 2), ylim=(-2, 2), minimum=deep, levels=25,
                          title=f"Two minima, start {start}, lr 0.03")
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    From the right-hand start, SGD walks into the shallow valley in front of it and stays. The heavy ball
    arrives with speed, rolls over the ridge and ends in the deeper valley: exactly the hope. But from the
    mirror-image start on the left, where SGD settles in the *deeper* valley, the heavy ball overshoots it,
    climbs the ridge and ends in the shallow one. Momentum does not know which valley is deeper; it only
    carries the ball further.

    One start proves nothing either way, so we try a whole grid of them. `mlp` optimizers work element by
    element, so one `Momentum` object can move 6561 balls at once, each row of `W` one ball (the cell checks
    this against `descend` on the two starts above).
    """
)

code(
    """
    grid = np.linspace(-2, 2, 81)
    gx, gy = np.meshgrid(grid, grid)


    def where_they_end(optimizer, steps=400):
        \"\"\"Run `optimizer` from every point of the 81 x 81 grid at once; returns the final points (6561, 2).\"\"\"
        W = np.stack([gx.ravel(), gy.ravel()], axis=1)
        for _ in range(steps):
            dx, dy = two_minima.gradient(W[:, 0], W[:, 1])
            optimizer.step([W], [np.stack([dx, dy], axis=1)])
        return W


    W = np.array([[1.8, 1.5], [-1.8, 1.5]])
    opt = Momentum(lr=0.03, momentum=0.9)
    for _ in range(300):
        opt.step([W], [np.stack(two_minima.gradient(W[:, 0], W[:, 1]), axis=1)])
    print("many balls at once agree with descend:",
          np.allclose(W, [two_runs[(1.8, 1.5)]["Momentum μ=0.9"][-1], two_runs[(-1.8, 1.5)]["Momentum μ=0.9"][-1]]))

    ends_deep = {}
    for mu in (0.0, 0.7, 0.9):
        final = where_they_end(SGD(lr=0.03) if mu == 0 else Momentum(lr=0.03, momentum=mu))
        ends_deep[mu] = (final[:, 0] < 0).reshape(gx.shape)
        print(f"mu = {mu}: {ends_deep[mu].mean():.1%} of the starts end in the deeper valley")
    gained = ends_deep[0.9] & ~ends_deep[0.0]
    lost = ~ends_deep[0.9] & ends_deep[0.0]
    print(f"mu = 0.9 against SGD: {gained.mean():.1%} of the starts move to the deeper valley, "
          f"{lost.mean():.1%} move out of it")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.9), sharey=True)
    for ax, (mu, deep_map) in zip(axes, ends_deep.items()):
        ax.imshow(deep_map, origin="lower", extent=(-2, 2, -2, 2), cmap="coolwarm_r", vmin=-0.3, vmax=1.3)
        ax.contour(gx, gy, two_minima(gx, gy), levels=12, colors="k", linewidths=0.4, alpha=0.5)
        ax.plot(*deep, "*", color="gold", markersize=12, markeredgecolor="k")
        ax.plot(*shallow, "o", color="white", markersize=7, markeredgecolor="k")
        name = "SGD" if mu == 0 else f"Momentum μ = {mu}"
        ax.set_title(f"{name}: {deep_map.mean():.0%} end deep", fontsize=10)
        ax.set_xlabel("start x")
    axes[0].set_ylabel("start y")
    fig.suptitle("Which valley each start ends in (blue: the deeper one, star; red: the shallower one, dot), lr 0.03",
                 fontsize=10)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    For SGD the map is split by the ridge: start left of it and you end in the deeper valley. With momentum,
    bands appear at the outer edges: a ball that starts high on a steep outer wall gathers enough speed to
    cross its own valley and the ridge, and which side it ends on depends on how much energy it has left. The
    bands widen as $\mu$ grows. At $\mu = 0.9$ slightly more starts end in the deeper valley than with SGD,
    but a sizable share of the starts that SGD brought to the deep valley are now carried out of it (the last
    line above). So Lim et al.'s hope is half true: momentum can roll over a small ridge, but it does not
    *solve* local minima; it trades one set of starts for another. (Chapter 8 made the same point about the
    noise of small batches.)
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Explorer
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Explore: how much momentum?

    Pick a surface with the first slider and the momentum $\mu$ with the second, from 0 (plain SGD) to 0.95.
    Each surface keeps the learning rate used above: 0.9 on the bowl (where SGD zig-zags), 0.001 on
    Rosenbrock, 0.03 on the two valleys, starting from each surface's default start. The caption says where
    the ball ended and when it settled. Look for the best $\mu$ on the bowl (not the largest), the steady
    gain on Rosenbrock, and the valleys that swap as $\mu$ grows.
    """
)

code(
    """
    explorer_settings = {  # name: (surface, learning rate, steps)
        "elongated bowl": (elongated_bowl, 0.9, 200),
        "Rosenbrock": (rosenbrock, 0.001, 2000),
        "two minima": (two_minima, 0.03, 300),
    }
    explorer_mus = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    explorer_paths, explorer_grids = {}, {}
    for name, (surface, lr, steps) in explorer_settings.items():
        x_grid, y_grid = np.meshgrid(np.linspace(*surface.xlim, 120), np.linspace(*surface.ylim, 120))
        z = surface(x_grid, y_grid)
        explorer_grids[name] = (x_grid, y_grid, z, np.quantile(z, np.linspace(0.01, 0.9, 14)))
        for mu in explorer_mus:
            optimizer = SGD(lr=lr) if mu == 0 else Momentum(lr=lr, momentum=mu)
            explorer_paths[name, mu] = descend(optimizer, surface, steps=steps)


    def draw_path(fig, name, mu):
        \"\"\"One frame: the surface's contours and the path for this momentum (first 150 steps on screen).\"\"\"
        surface, lr, steps = explorer_settings[name]
        x_grid, y_grid, z, levels = explorer_grids[name]
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.97, bottom=0.1, top=0.9)
        ax.contour(x_grid, y_grid, z, levels=levels, colors="0.65", linewidths=0.7)
        path = explorer_paths[name, mu]
        shown = path[:151] if name != "Rosenbrock" else path
        ax.plot(shown[:, 0], shown[:, 1], "-", color="tab:red", linewidth=1.2)
        ax.plot(*path[0], "o", color="tab:red", markeredgecolor="k")
        ax.plot(*path[-1], "X", color="tab:red", markersize=9, markeredgecolor="k")
        ax.plot(*surface.minima[0], "*", color="gold", markersize=13, markeredgecolor="k")
        ax.set_xlim(surface.xlim)
        ax.set_ylim(surface.ylim)
        ax.set_xticks(np.linspace(*surface.xlim, 3))
        ax.set_yticks(np.linspace(*surface.ylim, 3))
        ax.set_title(f"{name}, lr {lr}, μ = {mu}", fontsize=10)


    def path_caption(name, mu):
        surface, lr, steps = explorer_settings[name]
        path = explorer_paths[name, mu]
        x, y = path[-1]
        nearest = min(surface.minima, key=lambda m: np.hypot(x - m[0], y - m[1]))
        settled = settle_step(path, nearest)
        where = f"ended at ({x:.2f}, {y:.2f}), f = {surface(x, y):.3g}"
        when = (f"settled within 0.01 after <b>{settled}</b> steps" if settled is not None
                else f"<b>not settled</b> after {steps} steps")
        extra = f"; the {valley(path)} valley" if name == "two minima" else ""
        return f"{'SGD' if mu == 0 else 'Momentum'}: {where}; {when}{extra}"


    frame_explorer_2d(draw_path, list(explorer_settings), explorer_mus, label_a="surface",
                      label_b="momentum μ", value_a="elongated bowl", value_b=0.5, caption=path_caption,
                      figsize=(4.8, 3.6), dpi=80, layout=None)
    """
)

md(
    r"""
    On the bowl the best momentum is moderate: too little leaves SGD's zig-zag, too much makes the ball circle
    the minimum. ({cite:t}`polyak1964` worked out the best pair of learning rate and momentum for a bowl; in general
    $\eta$ and $\mu$ must be tuned together, since the effective step is $\eta/(1-\mu)$.) On Rosenbrock more
    momentum keeps helping up to the top of the range. On the two valleys the ending swaps back and forth as
    $\mu$ grows.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. MNIST
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A short MNIST run

    Now a real network: 784-100-10 with ReLU and softmax with cross-entropy, trained on 5000 MNIST training
    images (500 of each digit) in mini-batches of 100, learning rate 0.01, for 250 steps (5 epochs), and
    tested on 1000 test images. Every run starts from the same initial weights and sees the batches in the
    same order, so only the optimizer differs.
    """
)

code(
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=5000, n_test=1000, seed=0)


    def train(optimizer, sizes=(784, 100, 10), iterations=250):
        \"\"\"Train a fresh ReLU MLP (initial weights from seed 0) with `optimizer`; returns the History.

        Batches of 100, visited in the order fixed by seed 0; evaluated once, at the end, on all 5000
        training images and the 1000 test images.
        \"\"\"
        net = mlp.MLP(list(sizes), activation="relu", seed=0)
        return mlp.fit(net, mlp.SoftmaxCrossEntropy(), optimizer, x_train, y_train, batch_size=100,
                       max_iterations=iterations, eval_every=iterations, x_val=x_test, y_val=y_test,
                       seed=0, progress=False)


    mnist_runs = {"SGD": train(SGD(lr=0.01)),
                  "Momentum μ=0.9": train(Momentum(lr=0.01, momentum=0.9)),
                  "Nesterov μ=0.9": train(Nesterov(lr=0.01, momentum=0.9))}
    print(f"{'':>15} {'training loss':>14} {'test accuracy':>14}")
    for name, history in mnist_runs.items():
        final = history.final()
        print(f"{name:>15} {final['train_loss']:>14.4f} {final['val_accuracy']:>14.1%}")
    """
)

md(
    r"""
    With the same learning rate, momentum is far ahead after 250 steps, and Nesterov's variant is
    practically the same as the heavy ball here. But is that inertia, or just a bigger step? The effective
    step says momentum 0.9 at learning rate 0.01 should behave like SGD at $0.01/(1-0.9) = 0.1$ wherever
    the gradient changes slowly. {cite:t}`seed002` ran momentum 0.1, 0.3, 0.5 and 0.7 at learning rate 0.01
    (his Figure 5) and concluded that larger momentum converged faster. We run his sweep, plus 0 and 0.9,
    and for each $\mu$ also plain SGD with learning rate $0.01/(1-\mu)$.
    """
)

code(
    """
    sweep_mus = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9]
    sweep, matched_sgd = {}, {}
    for mu in sweep_mus:
        sweep[mu] = (mnist_runs["SGD"] if mu == 0 else mnist_runs["Momentum μ=0.9"] if mu == 0.9
                     else train(Momentum(lr=0.01, momentum=mu)))
        matched_sgd[mu] = sweep[mu] if mu == 0 else train(SGD(lr=0.01 / (1 - mu)))

    print(" mu   momentum, lr 0.01      SGD, lr 0.01/(1-mu)")
    print("      loss    accuracy       lr       loss    accuracy")
    for mu in sweep_mus:
        a, b = sweep[mu].final(), matched_sgd[mu].final()
        print(f"{mu:>4}  {a['train_loss']:.4f}  {a['val_accuracy']:>6.1%}       {0.01 / (1 - mu):.4f}   "
              f"{b['train_loss']:.4f}  {b['val_accuracy']:>6.1%}")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(8, 4.2))
    window = 10
    steps = np.arange(window, 251)
    for mu in sweep_mus:
        (line,) = ax.plot(steps, moving_average(sweep[mu].loss, window),
                          label="SGD, lr 0.01" if mu == 0 else f"momentum {mu}")
        if mu > 0:
            ax.plot(steps, moving_average(matched_sgd[mu].loss, window), ":", color=line.get_color(), linewidth=2)
    ax.plot([], [], ":", color="gray", linewidth=2, label="SGD with lr 0.01 / (1 − μ)")
    ax.set_xlabel("step")
    ax.set_ylabel(f"mini-batch loss (mean of {window} steps)")
    ax.set_title("MNIST 784-100-10, lr 0.01: Kang's momentum sweep, and SGD with the effective step")
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    Two findings.

    **Kang's trend holds, his verdict does not, at our scale.** Larger momentum trains faster, monotonically
    from 0 to 0.9, as he found. But his conclusion also says momentum "did not show a big difference" in
    the experiment; here momentum 0.7 leaves a training loss well below SGD's after 250 steps. The
    difference is no mystery: at $\mu = 0.7$ the effective learning rate is more than three times larger.
    (His network was bigger and his paper shows only curves, without numbers or the number of steps, so
    we cannot compare the size of the gap; with enough steps every run approaches a low loss, and a gap at
    the end of a long run may well be small.)

    **On this problem, momentum *is* the bigger step.** Each dotted curve, plain SGD with learning rate
    $0.01/(1-\mu)$, lies on top of the momentum curve of the same colour, and the final numbers agree to
    two or three digits. With a learning rate this small, the gradient of a mini-batch changes little from
    one step to the next, and momentum's velocity is just $1/(1-\mu)$ times the gradient. The only visible
    gap is at the start of the $\mu = 0.9$ run, where the velocity is still building up: as we measured on
    the steady slope, it needs a couple of dozen steps to reach most of its speed.

    Where momentum does more than a larger learning rate is where a larger learning rate would fail: in the
    steep, oscillating directions of the bowl, where SGD at $\eta = 0.9$ zig-zags (and, as the second
    exercise shows, diverges a little above it) while the heavy ball's velocity keeps those directions in
    check.
    """
)

md(
    """
    ### Source 000's Momentum row

    Source 000 trained 784-h-h-h-10 ReLU networks on MNIST with five optimizers and reported, in its
    Table 1, the final cross-entropy for h = 10, 50, 100, 300 and 500. It says of momentum that the final
    loss stays below 0.10 for every width from 50 up, with little difference between them, and that
    momentum with only 10 units per layer already beats SGD with 50. Chapter 15 reproduces the whole
    table; here we check the momentum row's trend at small scale, with the same setup as above (5000
    images, batches of 100, learning rate 0.01, momentum 0.9) for 300 steps, one run per width. The paper
    does not give its batch size, learning rate or number of iterations. We leave out h = 500 to keep the
    page fast.
    """
)

code(
    """
    paper_momentum = {10: 0.24, 50: 0.09, 100: 0.06, 300: 0.04, 500: 0.05}
    paper_sgd = {10: 0.62, 50: 0.25, 100: 0.24, 300: 0.20, 500: 0.21}
    widths = [10, 50, 100, 300]
    width_loss = {}
    for h in widths:
        width_loss["Momentum", h] = train(Momentum(lr=0.01, momentum=0.9), sizes=(784, h, h, h, 10),
                                          iterations=300).final()["train_loss"]
    for h in (10, 50):
        width_loss["SGD", h] = train(SGD(lr=0.01), sizes=(784, h, h, h, 10), iterations=300).final()["train_loss"]

    paper_time = {"Momentum": {10: 2.9, 50: 4.1, 100: 5.8, 300: 21.2, 500: 48.8},
                  "SGD": {10: 2.9, 50: 3.6, 100: 5.2, 300: 17.9, 500: 42.2}}
    print("   h   paper Momentum   ours Momentum   paper SGD   ours SGD")
    for h in widths:
        ours_sgd = f"{width_loss['SGD', h]:.3f}" if ("SGD", h) in width_loss else "   -"
        print(f"{h:>4}   {paper_momentum[h]:>14.2f}   {width_loss['Momentum', h]:>13.3f}   "
              f"{paper_sgd[h]:>9.2f}   {ours_sgd:>8}")
    print("paper's times (s), Momentum / SGD at equal width:",
          ", ".join(f"h={h}: {paper_time['Momentum'][h]} / {paper_time['SGD'][h]}" for h in paper_momentum))
    print(f"paper's time claim: Momentum with h=10 {paper_time['Momentum'][10]} s vs SGD with h=50 "
          f"{paper_time['SGD'][50]} s")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    ax.plot(list(paper_momentum), list(paper_momentum.values()), "o--", color="tab:orange",
            label="source 000, Momentum (Table 1)")
    ax.plot(widths, [width_loss["Momentum", h] for h in widths], "o-", color="tab:orange",
            label="ours, Momentum 0.9 (300 steps)")
    ax.plot(list(paper_sgd), list(paper_sgd.values()), "s--", color="tab:blue", label="source 000, SGD")
    ax.plot([10, 50], [width_loss["SGD", 10], width_loss["SGD", 50]], "s-", color="tab:blue", label="ours, SGD")
    ax.set_xscale("log")
    ax.set_xticks([10, 50, 100, 300, 500], ["10", "50", "100", "300", "500"])
    ax.set_xlabel("units per hidden layer, h")
    ax.set_ylabel("final training loss (cross-entropy)")
    ax.set_title("784-h-h-h-10 on MNIST: the shape of source 000's Momentum row")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Our losses are higher than the paper's everywhere, as expected from 300 steps on a tenth of the data,
    so the paper's threshold of 0.10 means nothing at our scale. The *shape* of the row is what we can
    check, and it agrees: a big drop from 10 to 50 units, then smaller and smaller gains. And momentum with
    10 units per layer ends lower than SGD with 50, as the paper says. (The paper's time claim, the last
    line above, compares momentum with 10 units against SGD with 50, networks of different sizes; at equal
    width its own table has momentum slower at every width from 50 up. Chapter 15 measures time.)
    """
)

md(
    """
    ### The sources' claims about momentum, checked

    Every verdict below is computed from the numbers of this chapter.
    """
)

code(
    """
    final_loss = {mu: sweep[mu].final()["train_loss"] for mu in sweep_mus}
    kang_losses = [final_loss[mu] for mu in (0.1, 0.3, 0.5, 0.7)]
    bowl_sgd = settle_step(bowl_runs["lr 0.9"]["SGD"], (0, 0))
    bowl_half = settle_step(bowl_runs["lr 0.9"]["Momentum μ=0.5"], (0, 0))
    bowl_09 = settle_step(bowl_runs["lr 0.9"]["Momentum μ=0.9"], (0, 0))
    weights_784 = optimizer_memory([784, 100, 10], SGD(lr=0.01))[0]
    velocity_784 = optimizer_memory([784, 100, 10], Momentum(lr=0.01))[1]
    claims = [
        ("Kang: larger momentum (0.1 to 0.7) converges faster",
         all(a > b for a, b in zip(kang_losses, kang_losses[1:])),
         "final losses " + ", ".join(f"{x:.3f}" for x in kang_losses)),
        ("Kang: momentum made no big difference in the experiment",
         final_loss[0.7] > 0.9 * final_loss[0.0],
         f"momentum 0.7 ends at {final_loss[0.7]:.3f}, SGD at {final_loss[0.0]:.3f} after 250 steps"),
        ("Source 000 and Kang: momentum damps the oscillation (bowl, lr 0.9)",
         bowl_half < bowl_sgd,
         f"settles after {bowl_half} steps with mu 0.5 vs {bowl_sgd} for SGD; but {bowl_09} with mu 0.9"),
        ("Source 000: momentum loss falls with width, levels off from h = 50",
         width_loss["Momentum", 10] - width_loss["Momentum", 50]
         > 2 * (width_loss["Momentum", 50] - width_loss["Momentum", 300]),
         "losses " + ", ".join(f"h={h}: {width_loss['Momentum', h]:.3f}" for h in widths)),
        ("Source 000: momentum with h = 10 beats SGD with h = 50",
         width_loss["Momentum", 10] < width_loss["SGD", 50],
         f"{width_loss['Momentum', 10]:.3f} vs {width_loss['SGD', 50]:.3f}"),
        ("Lim et al.: momentum needs twice the memory (weights + velocity)",
         velocity_784 == weights_784,
         f"velocity {velocity_784:,} bytes = weights {weights_784:,} bytes"),
        ("Lim et al.: momentum solves the local-minimum problem",
         lost.mean() == 0 and ends_deep[0.9].mean() > 0.9,
         f"{ends_deep[0.9].mean():.0%} of starts end deep (SGD {ends_deep[0.0].mean():.0%}); "
         f"{lost.mean():.0%} are carried out of the deep valley"),
    ]
    for claim, holds, evidence in claims:
        print(f"{'AGREES   ' if holds else 'DISAGREES'}  {claim}\\n           {evidence}")
    """
)

md(
    """
    Lim et al. also warn that with momentum a learning rate that is too large makes the weights diverge, so
    it should be set small. That is true of every optimizer; whether momentum makes it *worse* is the
    second exercise.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "momentum_step",
    "One step of momentum",
    r"""
    Write `momentum_step(w, v, g, lr, mu)` that takes the weights `w`, the velocity `v`, the gradient `g`
    (three NumPy arrays of the same shape) and returns the pair `(new_w, new_v)` after one step of
    momentum in **PyTorch's form**: $v \leftarrow \mu v + g$, then $w \leftarrow w - \eta\, v$. The velocity
    starts as zeros, so the first step is plain SGD (the same as PyTorch's $v_1 = g_1$).

    The check runs your function for several steps and compares it with `mlp.optim.Momentum`.
    """,
    """
    def momentum_step(w, v, g, lr, mu):
        ### BEGIN SOLUTION
        new_v = mu * v + g
        new_w = w - lr * new_v
        return new_w, new_v
        ### END SOLUTION
    """,
    """
    check.momentum_step(momentum_step)
    """,
    difficulty="warm-up",
)

exercise(
    "which_diverges",
    "Predict: which one blows up?",
    r"""
    Chapter 8 found that on a bowl, plain gradient descent diverges when the learning rate is too large
    for the steepest direction. On the elongated bowl $x^2/20 + y^2$ the steepest direction is $y$, and SGD's
    limit is $\eta = 1$. Lim et al. warn that momentum diverges when the learning rate is too large, and its
    effective step $\eta/(1-\mu)$ with $\mu = 0.9$ is ten times SGD's.

    Take $\eta = 1.5$, the bowl's default start and 100 steps.

    1. **Before running anything**, predict which of `SGD(lr=1.5)` and `Momentum(lr=1.5, momentum=0.9)`
       diverges: set `my_prediction` to `"sgd"`, `"momentum"`, `"both"` or `"neither"`.
    2. Then run both with `descend(..., elongated_bowl, steps=100)` and set `final_distance_sgd` and
       `final_distance_momentum` to the distance of each path's last point from the minimum $(0, 0)$.
       (`descend` stops a run early once it passes $10^6$.)
    """,
    """
    ### BEGIN SOLUTION
    my_prediction = "sgd"
    path_sgd = descend(SGD(lr=1.5), elongated_bowl, steps=100)
    path_momentum = descend(Momentum(lr=1.5, momentum=0.9), elongated_bowl, steps=100)
    final_distance_sgd = float(np.linalg.norm(path_sgd[-1]))
    final_distance_momentum = float(np.linalg.norm(path_momentum[-1]))
    ### END SOLUTION
    """,
    """
    check.which_diverges(my_prediction, final_distance_sgd, final_distance_momentum)
    """,
    difficulty="practice",
)

exercise(
    "steps_to_speed",
    "How long does the ball take to get going?",
    r"""
    On a steady slope momentum's step after $k$ steps is $\eta g\,(1-\mu^k)/(1-\mu)$, a fraction $1-\mu^k$ of
    the terminal step. Write `steps_to_speed(mu, fraction)` that returns the smallest number of steps $k$
    (an integer, at least 1) after which the step has reached at least `fraction` of the terminal step,
    for $0 \le \mu < 1$ and $0 < \text{fraction} < 1$. You may use the formula or simulate with
    `mlp.optim.Momentum`.

    Then set `steps_99` to the answer for $\mu = 0.9$ and 99%. Compare it with the 250 steps of the MNIST
    runs above: was momentum 0.9 at full speed for most of them?
    """,
    """
    def steps_to_speed(mu, fraction):
        ### BEGIN SOLUTION
        # 1 - mu^k >= fraction  <=>  mu^k <= 1 - fraction  <=>  k >= log(1 - fraction) / log(mu)
        if mu == 0:
            return 1                      # no memory: full speed from the first step
        return max(1, int(np.ceil(np.log(1 - fraction) / np.log(mu))))
        ### END SOLUTION


    ### BEGIN SOLUTION
    steps_99 = steps_to_speed(0.9, 0.99)
    ### END SOLUTION
    """,
    """
    check.steps_to_speed(steps_to_speed, steps_99)
    """,
    difficulty="practice",
)

exercise(
    "rescaled_kang",
    "Make Kang's form follow a schedule like PyTorch's",
    r"""
    Under a changing learning rate, Kang's form ($v \leftarrow \gamma v + \eta_t g$, $w \leftarrow w - v$)
    and PyTorch's form gave different paths. Kang's $v$ equals $\eta$ times PyTorch's $v$ only while $\eta$
    is constant.

    Write `kang_following_pytorch(grad, start, lrs, gamma)` that runs Kang's form with one change, so that
    its path is **exactly** that of `mlp.optim.Momentum(momentum=gamma)` with the learning rate set to
    `lrs[t]` before step `t`. `grad(w)` returns the gradient at `w` (an array of 2 numbers), `start` is the
    starting point and `lrs` holds one learning rate per step; return the visited points as an array of
    shape `(len(lrs) + 1, 2)`, the start included.

    Hint: what must happen to the stored velocity at the moment the learning rate changes from
    $\eta_{t-1}$ to $\eta_t$, so that $v^{\text{Kang}}_t = \eta_t\, v^{\text{PyTorch}}_t$ keeps holding?
    """,
    """
    def kang_following_pytorch(grad, start, lrs, gamma):
        ### BEGIN SOLUTION
        w = np.array(start, dtype=np.float64)
        v = np.zeros_like(w)
        path = [w.copy()]
        previous_lr = lrs[0]
        for lr in lrs:
            v = v * (lr / previous_lr)     # re-express the stored velocity in the new learning rate
            v = gamma * v + lr * grad(w)
            w = w - v
            path.append(w.copy())
            previous_lr = lr
        return np.array(path)
        ### END SOLUTION
    """,
    """
    check.rescaled_kang(kang_following_pytorch)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 10. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - Momentum gives the weights a velocity: $v \leftarrow \mu v + g$, $w \leftarrow w - \eta v$ (PyTorch,
      `mlp.optim.Momentum`). Steady slopes add up in the velocity, slopes that flip sign cancel. It goes back
      to Polyak's heavy-ball method (1964) and has been part of back-propagation since 1986.
    - The sources write $v \leftarrow \gamma v + \eta g$, $w \leftarrow w - v$ (or the same with the sign of $v$
      flipped). With a constant learning rate it is the same algorithm, step for step; when the learning
      rate changes, PyTorch's form rescales the whole velocity at once and the sources' form lets the old
      velocity coast. A schedule does not carry over exactly from one to the other.
    - On a steady slope the step grows to $\eta g/(1-\mu)$, ten times SGD's for $\mu = 0.9$, reached after a few
      tens of steps. On our MNIST run that is all momentum did: SGD with learning rate $\eta/(1-\mu)$ traced
      the same curves.
    - Momentum's real advantage is where a bigger learning rate would fail: it damps the zig-zag in steep
      directions (if $\mu$ is not too large) while speeding up the flat ones, as on the bowl and Rosenbrock.
      Nesterov's look-ahead brakes earlier and is a little faster there, but tolerates less in steep
      directions.
    - The cost is one array as large as the weights.
    - Momentum can carry the ball over a ridge into a deeper valley, and just as well out of one: it does not
      solve local minima.

    ## What's next

    Momentum treats every weight alike: one learning rate, one $\mu$. On the bowl the real trouble was that
    the two directions needed different step sizes. Chapter 11, AdaGrad, gives every weight its own step
    size, computed from the history of its own gradients.
    """
)


if __name__ == "__main__":
    ch.write()
