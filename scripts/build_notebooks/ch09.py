"""Write notebooks/09-sgd.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch09.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(9, "09-sgd")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Stochastic gradient descent (SGD)

    Chapter 8 taught a network to learn by gradient descent: feel the slope of the loss, step against it,
    repeat. Part III is about the rule that turns a slope into a step, the optimizer (옵티마이저), and
    this chapter is about the simplest one, stochastic gradient descent (확률적 경사하강법), SGD for
    short. Every later optimizer is SGD with something added, so SGD is the baseline against which the
    next five chapters measure themselves.

    The lecture deck describes how the weights move during training with one picture: like a ball
    rolling downhill, "공이 굴러가듯이 움직인다". How it rolls, where it bounces, how inertia carries it: each
    optimizer is a different answer. SGD's answer is the plainest possible. Its ball has no inertia at
    all: at every step it looks at the slope right under it, moves a fixed multiple of that slope, and
    forgets everything else.

    **What you will learn**

    - what the next five chapters add to SGD, and the three test surfaces that all of them use;
    - the update $w \leftarrow w - \eta\, g$ as three of the course's papers write it and as
      `mlp.optim.SGD` implements it, weight decay included, checked against arithmetic by hand;
    - why SGD needs no memory (`memory_bytes()` is 0), and what that costs it;
    - why SGD zig-zags in a long narrow bowl, worked out exactly: the steep direction sets the largest
      learning rate, the flat direction then sets the number of steps;
    - SGD crawling along Rosenbrock's curved valley, and the start (and the learning rate) deciding which
      of two minima it ends in;
    - why noisy gradients leave SGD hovering above the minimum unless the learning rate shrinks;
    - SGD on MNIST at ten learning rates, and the papers' statements about SGD tested, including the
      ones that do not hold.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy for the numbers, matplotlib for the pictures, and the course library `mlp`: its
    optimizers (`mlp.optim`), its test surfaces (`mlp.surfaces`), networks, training loop and MNIST,
    a two-slider explorer, and the checks for the exercises.
    """
)

code(
    """
    import inspect
    import math

    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    import mlp
    from mlp import surfaces
    from mlp.datasets import load_mnist
    from mlp.gradcheck import numerical_gradient
    from mlp.plotting import plot_surface_path
    from mlp.widgets import frame_explorer_2d
    from mlp.checks import ch09 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. Part III at a glance
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Part III: one training loop, six update rules

    Every training step of chapter 8 had four parts: a forward pass, the loss, a backward pass that
    fills in the gradients, and one call that changes the weights:

    ```python
    loss.forward(model(x_batch), y_batch)
    model.backward(loss.backward())
    optimizer.step(model.parameters(), model.gradients())   # <- the optimizer
    ```

    Only the last line differs between the optimizers of Part III. Each of the next chapters swaps in a
    different `optimizer` and keeps everything else. The deck shows their family tree, "finding a good
    little path down the mountain", a slide it credits to {cite:t}`ha2017`: starting from gradient
    descent, one branch changes the *direction* of the step, another its *size*, and the two meet in
    Adam.

    | Chapter | Optimizer | The idea in one picture | What it remembers between steps |
    |---|---|---|---|
    | 9 | SGD | a ball with no inertia: every step goes straight down the local slope | nothing |
    | 10 | Momentum {cite:p}`polyak1964` | a heavy ball: inertia carries it through the zig-zag | a velocity for every weight |
    | 11 | AdaGrad {cite:p}`duchi2011` | every weight gets its own step size, smaller where the ground has been steep | the sum of its squared gradients |
    | 12 | RMSProp {cite:p}`hinton2012rmsprop` | the same, but old gradients are forgotten | a running average of squared gradients |
    | 13 | Adadelta {cite:p}`zeiler2012` | steps measured in the right units, almost no learning rate to tune | two running averages |
    | 14 | Adam {cite:p}`kingma2015` | momentum and per-weight step sizes together | two running averages |

    The memory column is not a figure of speech. `mlp.optim` stores what each optimizer remembers in
    `optimizer.state`, and `memory_bytes()` counts it. Here is every optimizer after one step on the
    network we train on MNIST at the end of this chapter, 784 inputs, 100 hidden ReLU units, 10 outputs:
    """
)

code(
    """
    rng = np.random.default_rng(0)
    net = mlp.MLP([784, 100, 10], seed=0)
    loss = mlp.SoftmaxCrossEntropy()
    loss.forward(net(rng.random((32, 784), dtype=np.float32)), rng.integers(0, 10, size=32))
    net.backward(loss.backward())                 # the gradients of one (random) batch
    weight_bytes = sum(p.nbytes for p in net.parameters())
    print(f"the network has {net.n_parameters:,} parameters = {weight_bytes:,} bytes of float32")
    print()

    CHAPTER = {"sgd": 9, "momentum": 10, "nesterov": 10, "adagrad": 11, "rmsprop": 12, "adadelta": 13, "adam": 14}
    print(f"{'chapter':>8}  {'optimizer':<10}{'default lr':>11}  {'state per parameter':<22}{'memory_bytes()':>15}"
          f"{'x weights':>11}")
    for name, chapter in CHAPTER.items():
        optimizer = mlp.optim.get(name)
        params = [p.copy() for p in net.parameters()]      # copies: this cell must not train the network
        optimizer.step(params, net.gradients())
        kept = ", ".join(optimizer.state[0]) or "(nothing)"
        print(f"{chapter:>8}  {name:<10}{optimizer.lr:>11g}  {kept:<22}{optimizer.memory_bytes():>15,}"
              f"{optimizer.memory_bytes() / weight_bytes:>11.0f}")
    """
)

md(
    """
    SGD keeps nothing; Momentum, AdaGrad and RMSProp (and Nesterov's variant of Momentum, also in
    chapter 10) keep one extra array the size of the weights; Adadelta and Adam keep two. For a network
    with a billion weights, that is the difference between storing the weights once and storing them
    three times.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The three test surfaces
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    (ch09-surfaces)=
    ## Three test surfaces

    A network's loss depends on tens of thousands of weights, so we cannot draw it. To *see* what an
    optimizer does, Part III also runs every optimizer on three made-up losses of just two "weights"
    $(x, y)$, each built to show one difficulty of real losses. `mlp.surfaces` has them, with their
    gradients, and `surfaces.descend(optimizer, surface, start, steps)` runs any `mlp.optim` optimizer on
    one and returns the points it visits, calling `optimizer.step([w], [g])` exactly as training does.

    - **The elongated bowl** $f(x, y) = x^2/20 + y^2$. One minimum, at $(0, 0)$, but the bowl is much
      steeper across ($y$) than along ($x$). Real losses are like this in countless directions at once. The
      bowl and its starting point $(-7, 2)$ come from Saito's *Deep Learning from Scratch* (2016,
      chapter 6), the book behind many Korean courses' optimizer pictures.
    - **Rosenbrock's function** (로젠브록 함수) $f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2$, designed by
      {cite:t}`rosenbrock1960` to test optimization methods. A long, curved, nearly flat valley; the minimum is
      at $(1, 1)$, at the far end of the valley from the start $(-1.5, 2)$.
    - **Two minima** $f(x, y) = (x^2 - 1)^2 + 0.3\,x + y^2/2$. Two valleys, a deeper one near $x = -1$
      and a shallower one near $x = +1$, separated by a ridge. Its $x$-profile is chapter 8's two-valley
      curve; the start is $(1.8, 1.5)$.

    Each surface's difficulty can be put in numbers. Near a minimum every smooth surface looks like a
    bowl, and the bowl's steepness in each direction is a curvature (곡률): an eigenvalue of the matrix
    of second derivatives (the Hessian). We compute that matrix from each surface's own gradient, by
    finite differences, and read off the curvatures at every minimum.
    """
)

code(
    """
    SURFACES = {"elongated bowl": surfaces.elongated_bowl, "Rosenbrock": surfaces.rosenbrock,
                "two minima": surfaces.two_minima}


    def hessian(surface, point):
        \"\"\"The 2x2 matrix of second derivatives at point: finite differences of the surface's gradient.\"\"\"
        rows = [numerical_gradient(lambda p: surface.grad(p)[i], point) for i in range(2)]
        matrix = np.array(rows)
        return (matrix + matrix.T) / 2             # symmetric up to rounding; make it exactly so


    def curvatures(surface, point):
        \"\"\"The curvatures at point, flattest first: the eigenvalues of the Hessian.\"\"\"
        return np.linalg.eigvalsh(hessian(surface, np.asarray(point, dtype=np.float64)))


    for name, surface in SURFACES.items():
        print(f"{name}: {surface.formula}, start {surface.start}")
        for minimum in surface.minima:
            flat, steep = curvatures(surface, minimum)
            print(f"    minimum at ({minimum[0]:+.4f}, {minimum[1]:+.4f}), f = {surface(*minimum):+.4f}; "
                  f"curvatures {flat:.4g} and {steep:.4g}, ratio {steep / flat:.4g}")
    """
)

md(
    r"""
    The ratio of the steepest to the flattest curvature is called the condition number (조건수)
    {cite:p}`goodfellow2016`. It is 20 for the bowl and in the thousands at the bottom of Rosenbrock's
    valley; in the two-minima surface each valley is only mildly stretched, and the difficulty lies
    elsewhere. The next sections show why the condition number is exactly what slows SGD down. Here are
    the three surfaces, with their starting points and minima:
    """
)

code(
    """
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    for ax, (name, surface) in zip(axes, SURFACES.items()):
        plot_surface_path(surface, ax=ax, xlim=surface.xlim, ylim=surface.ylim, minimum=surface.minima[0],
                          resolution=150, title=f"{name}: {surface.formula}")
        for other in surface.minima[1:]:
            ax.plot(*other, "*", color="white", markersize=12, markeredgecolor="k", label="other minimum")
        ax.plot(*surface.start, "o", color="tab:red", markersize=8, markeredgecolor="k", label="start")
        ax.title.set_fontsize(9)
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    plt.show()
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. The update, as the papers write it
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## One rule, four ways of writing it

    Three of the course's papers give the rule. They name the symbols differently, and they do not even
    agree on what to call the method:

    | Source | Calls it | Writes the update as | parameter | loss | learning rate |
    |---|---|---|---|---|---|
    | {cite:t}`seed000`, eq. (4) | SGD (확률적 경사하강법) | in words: move the parameter against the gradient of the current loss, times the learning rate | $W$ | $L$ | $\eta$ |
    | {cite:t}`seed002`, eq. (6) to (8) | mini-batch SGD | $w = w - \eta \cdot \nabla_w J(w;\, x^{(i:i+n)};\, t^{(i:i+n)})$ | $w$ | $J$ | $\eta$ |
    | {cite:t}`seed003`, eq. (1) | Gradient Descent | $\theta = \theta - \eta\, \nabla_\theta J(\theta)$ | $\theta$ | $J$ | $\eta$ |
    | `mlp.optim.SGD` (PyTorch's `torch.optim.SGD`) | SGD | `p -= lr * g` | `p` | (any) | `lr` |

    (Our copy of seed 000 lost the symbols of its equation (4) in conversion; its text states the rule in
    words, with $W$ for the weights, $L$ for the loss and $\eta$ for the learning rate, which it says is
    fixed in advance and "usually between 0.01 and 0.001".)

    Read past the letters and all four say the same thing: new parameter = old parameter minus the learning
    rate times the gradient. The "=" of the papers is an assignment, which is why this book writes
    $w \leftarrow w - \eta\, g$. Three differences are real, and worth naming:

    1. **What the gradient is averaged over.** Seed 002 writes the data into the equation: one example
       $x^{(i)}$ for SGD (its eq. 7), a mini-batch $x^{(i:i+n)}$ (eq. 8), or everything (eq. 6). Seed 003
       says its "Gradient Descent" computes the loss over the *whole* training set, yet it trained with
       TensorFlow's `GradientDescentOptimizer`, which steps on whatever loss it is given, mini-batches
       included. The optimizer cannot tell the difference: which examples went into $g$ is decided by the
       training loop (`mlp.fit`'s `batch_size`), not by the update rule. Chapter 8 compared the choices.
    2. **Weight decay.** None of the papers has it; PyTorch and `mlp` add an optional
       $g \leftarrow g + \lambda\, w$ before the step (below).
    3. **The default learning rate.** Seed 000 suggests 0.01 to 0.001; `mlp` defaults to 0.01 (printed
       below); PyTorch's default {cite:p}`paszke2019` has changed between versions, so pass `lr`
       explicitly when you compare. We test below whether such values suit plain SGD.

    The first point is visible in the class itself: its only settings are the learning rate and the
    weight decay. There is nothing about batches.
    """
)

code(
    """
    settings = inspect.signature(mlp.optim.SGD).parameters.values()
    print("settings of mlp.optim.SGD:", ", ".join(f"{p.name} ({p.annotation}, default {p.default})" for p in settings))
    print(mlp.optim.SGD())
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Inside mlp.optim.SGD
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Inside `mlp.optim.SGD`

    Every optimizer in `mlp.optim` runs the same loop, written once in the base class `Optimizer.step`:
    for each parameter, optionally add weight decay to its gradient, then call the optimizer's own update
    rule `_update`. (An `MLP` keeps all its weights back to back in one buffer, and then the loop has a
    single turn: the rule is applied to all the weights at once, which gives exactly the same numbers with
    far fewer NumPy calls.) Here is SGD's `_update`, the whole of it:
    """
)

code(
    """
    print(inspect.getsource(mlp.optim.SGD._update))
    """
)

md(
    """
    The comment is the equation; the two lines below it compute it without allocating a new array
    (`np.multiply(..., out=tmp)` writes into a scratch buffer made once, and `param -= tmp` changes the
    weights in place, so the network sees the new values without being handed anything back).

    And here is `Optimizer._apply`, which `step` calls for each parameter (or each run of them): it adds
    weight decay (가중치 감쇠) before any optimizer's rule runs:
    """
)

code(
    """
    print(inspect.getsource(mlp.optim.Optimizer._apply))
    """
)

md(
    r"""
    So with weight decay $\lambda$ the full rule is

    $$g \leftarrow g + \lambda\, w, \qquad w \leftarrow w - \eta\, g,$$

    PyTorch's convention: the decay is added to the gradient, into a scratch array (the caller's
    gradients stay untouched). Before trusting any of this, we check it. Below, the first three steps on
    the elongated bowl, whose gradient is $(x/10,\ 2y)$, are computed twice: by hand, in plain NumPy,
    with the equations written out; and by `mlp.optim.SGD`. Once without weight decay and once with.
    """
)

code(
    """
    bowl = surfaces.elongated_bowl


    def three_steps_by_hand(lr, decay):
        \"\"\"The first three SGD steps on the bowl from its start, written out in NumPy.\"\"\"
        w = np.array(bowl.start)                        # (-7, 2), float64
        points = []
        for _ in range(3):
            g = np.array([w[0] / 10, 2 * w[1]])          # the bowl's gradient (x/10, 2y)
            g = g + decay * w                            # weight decay: L2 added to the gradient
            w = w - lr * g                               # the SGD step
            points.append(w)
        return np.array(points)


    def three_steps_by_mlp(lr, decay):
        \"\"\"The same three steps taken by mlp.optim.SGD.\"\"\"
        return surfaces.descend(mlp.optim.SGD(lr=lr, weight_decay=decay), bowl, steps=3)[1:]


    LR_HAND = 0.1
    for decay in (0.0, 0.2):
        hand, library = three_steps_by_hand(LR_HAND, decay), three_steps_by_mlp(LR_HAND, decay)
        print(f"lr = {LR_HAND}, weight_decay = {decay}")
        for step, (h, m) in enumerate(zip(hand, library), start=1):
            print(f"  step {step}: by hand ({h[0]:+.6f}, {h[1]:+.6f})   mlp ({m[0]:+.6f}, {m[1]:+.6f})"
                  f"   largest difference {np.max(np.abs(h - m)):.1e}")
    """
)

md(
    r"""
    Identical, to the last bit. The first step with weight decay, in words: at $(-7, 2)$ the gradient is
    $(-0.7,\ 4)$, weight decay adds $0.2 \times (-7, 2) = (-1.4,\ 0.4)$, and the step subtracts $0.1$
    times the sum:
    """
)

code(
    """
    w0 = np.array(bowl.start)
    g0 = bowl.grad(w0)
    print(f"gradient {g0}, plus decay {0.2 * w0}, = {g0 + 0.2 * w0}")
    print(f"w1 = {w0} - {LR_HAND} * {g0 + 0.2 * w0} = {w0 - LR_HAND * (g0 + 0.2 * w0)}")
    """
)

md(
    r"""
    Why is it called *decay*, and why *L2*? Two ways of reading the same equation, both checked below:

    - Collect the terms in $w$: $w - \eta\,(g + \lambda w) = (1 - \eta\lambda)\, w - \eta\, g$. Every step
      first shrinks each weight by the factor $1 - \eta\lambda$ and then takes the ordinary step: the
      weights decay towards zero unless the gradient holds them up.
    - $\lambda w$ is the gradient of $\frac{\lambda}{2}\lVert w \rVert^2$, the squared L2 length of the
      weights. So SGD with weight decay is plain SGD on the loss plus an L2 penalty
      {cite:p}`krogh1992`, which punishes large weights. Chapter 20 uses it against overfitting.
    """
)

code(
    """
    decay, w = 0.2, np.array([3.0, -1.0])


    def bowl_plus_penalty(w):
        \"\"\"The bowl plus the L2 penalty (decay / 2) * |w|^2.\"\"\"
        return bowl(w[0], w[1]) + decay / 2 * np.sum(w**2)


    print("gradient + decay * w:                 ", bowl.grad(w) + decay * w)
    print("gradient of bowl + (decay/2)|w|^2, numerically:", np.round(numerical_gradient(bowl_plus_penalty, w), 8))
    print(f"shrink factor per step at lr {LR_HAND}: 1 - lr * decay = {1 - LR_HAND * decay:.2f}")
    """
)

md(
    """
    For SGD the two readings are the same algorithm. For the adaptive optimizers of chapters 11 to 14 they
    are not: adding $\\lambda w$ to the gradient lets the optimizer rescale the decay along with the
    gradient, which is why Loshchilov and Hutter {cite:p}`loshchilov2019` proposed applying the shrink
    separately ("decoupled weight decay", AdamW). `mlp` follows PyTorch: `weight_decay` always means L2
    added to the gradient.

    ## A ball with no memory

    SGD's update uses the current gradient and nothing else. The optimizer object holds no arrays
    between steps, so `state` is a list of empty dictionaries, one per parameter, and `memory_bytes()`
    is 0, here measured on the 784-100-10 network from the start of the chapter:
    """
)

code(
    """
    sgd = mlp.optim.SGD(lr=0.1)
    params = [p.copy() for p in net.parameters()]
    sgd.step(params, net.gradients())
    print("state after one step:", sgd.state)
    print("memory_bytes():", sgd.memory_bytes(), "  (the weights themselves:", f"{weight_bytes:,} bytes)")
    """
)

md(
    """
    No memory means no history. An SGD optimizer that has already taken fifty steps somewhere else moves
    a point exactly as a brand-new one does. That is not true of the optimizers to come; Momentum, for
    one, still carries speed from its fifty earlier steps:
    """
)

code(
    """
    def one_step_after_history(make_optimizer, history_steps=50):
        \"\"\"Where a fresh optimizer and one with history_steps of past steps move the point (3, 1).\"\"\"
        fresh, used = make_optimizer(), make_optimizer()
        surfaces.descend(used, bowl, steps=history_steps)          # used's past: 50 steps from (-7, 2)
        point = np.array([3.0, 1.0])
        moved = []
        for optimizer in (fresh, used):
            w = point.copy()
            optimizer.step([w], [bowl.grad(point)])
            moved.append(w)
        return moved


    for name, make in [("SGD", lambda: mlp.optim.SGD(lr=0.1)),
                       ("Momentum", lambda: mlp.optim.Momentum(lr=0.1, momentum=0.9))]:
        fresh, used = one_step_after_history(make)
        print(f"{name:>9}: fresh optimizer moves (3, 1) to {np.round(fresh, 4)}, "
              f"one with 50 past steps to {np.round(used, 4)}")
    """
)

md(
    """
    In the deck's picture, SGD's ball is massless, as if rolling through thick honey: its speed at every
    moment is set by the slope under it, and the moment the ground is flat it stops dead. It never
    overshoots because of speed it built up earlier; when it overshoots, it is because the step itself was
    too long. The rest of this chapter shows where that is a weakness.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. The elongated bowl
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The elongated bowl: why SGD zig-zags

    On the bowl $f(x, y) = x^2/20 + y^2$ the gradient is $(x/10,\ 2y)$, so one SGD step is

    $$x \leftarrow x - \eta\,\frac{x}{10} = (1 - 0.1\,\eta)\, x, \qquad
      y \leftarrow y - \eta\, 2y = (1 - 2\,\eta)\, y.$$

    The two coordinates do not interact: each is multiplied by its own fixed factor $1 - \eta L$ at every
    step, where $L$ is the curvature in that direction, $L_x = 0.1$ and $L_y = 2$, 20 times larger. We
    confirm it on a path computed by `mlp`: the ratio of consecutive coordinates is the same at every step.
    """
)

code(
    """
    L_x, L_y = curvatures(bowl, (0.0, 0.0))
    print(f"curvatures: L_x = {L_x:.4g}, L_y = {L_y:.4g}, L_y / L_x = {L_y / L_x:.4g}")

    lr = 0.3
    path = surfaces.descend(mlp.optim.SGD(lr=lr), bowl, steps=5)
    print(f"lr = {lr}: x ratios", np.round(path[1:, 0] / path[:-1, 0], 6), f"  1 - lr L_x = {1 - lr * L_x:.6g}")
    print(f"         y ratios", np.round(path[1:, 1] / path[:-1, 1], 6), f"  1 - lr L_y = {1 - lr * L_y:.6g}")
    """
)

md(
    r"""
    Everything SGD does on this bowl follows from those two factors:

    - A coordinate shrinks only if $|1 - \eta L| < 1$, that is $0 < \eta < 2/L$. Above that it grows
      at every step: SGD diverges (발산). The limit for $y$ is $2/L_y$; for $x$ it is $2/L_x$, twenty times
      larger. One learning rate serves both, so the **steep** direction sets the limit.
    - If $1/L < \eta < 2/L$ the factor is negative: the coordinate changes sign at every step while
      shrinking. That is the zig-zag (지그재그) across the valley, and in $y$ it starts at $\eta = 1/L_y$.
    - The flat direction then sets the **number of steps**: $x$ shrinks by $1 - \eta L_x$ per step, and
      with $\eta$ capped by $y$ that factor stays close to 1.
    """
)

code(
    """
    print(f"y: stable for lr < 2 / L_y = {2 / L_y:.4g}, zig-zags for lr > 1 / L_y = {1 / L_y:.4g}")
    print(f"x: stable for lr < 2 / L_x = {2 / L_x:.4g}, zig-zags for lr > 1 / L_x = {1 / L_x:.4g}")
    """
)

md(
    """
    Four learning rates, 30 steps each from $(-7, 2)$, the setting of Saito's book:
    """
)

code(
    """
    N_BOWL = 30
    SAITO_LR = 0.95                                    # the learning rate Saito's book uses for SGD here
    bowl_lrs = {0.1: "too small", 0.5: "y in one step, then x crawls", SAITO_LR: "zig-zag (Saito's choice)",
                1.02: "diverges in y"}

    fig, axes = plt.subplots(1, 4, figsize=(14, 3.4), sharey=True)
    for ax, (lr, verdict) in zip(axes, bowl_lrs.items()):
        path = surfaces.descend(mlp.optim.SGD(lr=lr), bowl, steps=N_BOWL)
        plot_surface_path(bowl, {f"SGD, lr {lr}": path}, ax=ax, xlim=(-8, 2), ylim=(-4, 4),
                          minimum=(0, 0), resolution=120, levels=20, legend=False)
        ax.set_title(f"lr = {lr}: {verdict}\\nends at ({path[-1, 0]:.2f}, {path[-1, 1]:.2f})", fontsize=9)
        ax.set_ylabel("y" if ax is axes[0] else "")
    fig.suptitle(f"{N_BOWL} steps of SGD on the elongated bowl from (-7, 2); star: the minimum", fontsize=11)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    At the small rate the point has barely moved along $x$. At 0.5 the factor for $y$ is exactly 0: the
    first step lands on the valley floor, and then the point creeps along it. Saito's 0.95 zig-zags
    across the valley but travels farther along it. And 1.02 is past the limit for $y$: each zig-zag is
    wider than the last.

    How many steps does each learning rate need along $x$? From $x_0 = -7$, the point reaches
    $|x| < 0.01$ after the first $k$ with $|1 - \eta L_x|^k \cdot 7 < 0.01$, that is
    $k = \lceil \ln(7 / 0.01) / (-\ln|1 - \eta L_x|) \rceil$. We compare the formula with the paths.
    """
)

code(
    """
    def steps_until(path, coordinate, tolerance):
        \"\"\"The first step after which |path[:, coordinate]| stays below tolerance (None if never).\"\"\"
        outside = np.nonzero(np.abs(path[:, coordinate]) >= tolerance)[0]
        if len(outside) == 0:
            return 0
        last = outside[-1] + 1
        return int(last) if last < len(path) else None


    print(f"{'lr':>6}{'x factor':>10}{'y factor':>10}{'zig-zag?':>10}{'stable?':>9}"
          f"{'x steps: formula':>18}{'measured':>10}")
    for lr in (0.1, 0.5, 0.9, SAITO_LR, 0.99, 1.0, 1.02):
        factor_x, factor_y = 1 - lr * L_x, 1 - lr * L_y
        formula = math.ceil(math.log(7 / 0.01) / -math.log(abs(factor_x)))
        path = surfaces.descend(mlp.optim.SGD(lr=lr), bowl, steps=700)
        measured = steps_until(path, 0, 0.01)
        print(f"{lr:>6}{factor_x:>10.3f}{factor_y:>10.3f}{'yes' if factor_y < 0 else 'no':>10}"
              f"{'yes' if abs(factor_y) < 1 else 'no':>9}{formula:>18}{str(measured):>10}")
    """
)

md(
    r"""
    The formula and the paths agree. At the edge of stability ($\eta$ just under $2/L_y$) $x$ still needs
    dozens of steps, while a direction as steep as $y$ alone would need one. With $\eta$ at 1.0 the $y$
    factor is exactly $-1$: the point bounces between $y = 2$ and $y = -2$ forever, neither converging
    nor diverging, even though its $x$ converges happily.

    Which single learning rate is best? The slower of the two factors decides, so the best $\eta$ makes
    them equally fast, $1 - \eta L_x = -(1 - \eta L_y)$, which gives $\eta^* = 2 / (L_x + L_y)$, and then
    both shrink by $(\kappa - 1) / (\kappa + 1)$ per step, where $\kappa = L_y / L_x$ is the condition
    number:
    """
)

code(
    """
    best_lr = 2 / (L_x + L_y)
    kappa = L_y / L_x
    print(f"best single learning rate 2 / (L_x + L_y) = {best_lr:.4f}   (Saito's book uses {SAITO_LR})")
    print(f"both coordinates then shrink by (kappa - 1) / (kappa + 1) = {(kappa - 1) / (kappa + 1):.4f} per step,"
          f" kappa = {kappa:.4g}")
    print(f"check: 1 - lr* L_x = {1 - best_lr * L_x:.4f},  1 - lr* L_y = {1 - best_lr * L_y:.4f}")
    print(f"steps per factor e of progress at lr*: {-1 / math.log((kappa - 1) / (kappa + 1)):.2f}, "
          f"kappa / 2 = {kappa / 2:.4g}")
    """
)

md(
    r"""
    Saito's 0.95 is, whether by design or by trial, almost exactly the best learning rate for this bowl,
    and it zig-zags. That settles a question about the papers. Seed 002 lists as SGD's weakness that on
    an anisotropic function (비등방성 함수), one whose slope differs by direction, its path zig-zags and
    is inefficient {cite:p}`seed002`. True, with a correction: the zig-zag is not the inefficiency itself.
    Below $\eta = 1/L_y$ there is no zig-zag at all, and SGD is *slower*. The real cost is the condition
    number: with one learning rate for all directions, the steep one caps the step and the flat one then
    needs many steps, about $\kappa/2$ of them for every factor $e$ of progress even at the best learning
    rate (printed above). Chapters 10 to 14 attack
    exactly this, by adding inertia along the flat direction or by giving every direction its own step.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Rosenbrock
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Rosenbrock's valley: fast in, slow along

    Rosenbrock's function is the bowl's lesson with a twist: its valley is curved (the floor follows
    $y = x^2$), so no direction stays the flat one, and its condition number at the minimum is in the
    thousands. The same arithmetic applies at the bottom: the steep curvature there sets the
    largest stable learning rate, and the flat one the speed along the floor.
    """
)

code(
    """
    ros = surfaces.rosenbrock
    L_flat, L_steep = curvatures(ros, (1.0, 1.0))
    ros_limit = 2 / L_steep
    print(f"at the minimum (1, 1): curvatures {L_flat:.4f} and {L_steep:.1f}, condition number {L_steep / L_flat:.0f}")
    print(f"largest stable learning rate there: 2 / {L_steep:.1f} = {ros_limit:.6f}")
    start_steep = curvatures(ros, ros.start)[-1]
    print(f"at the start {ros.start}: steepest curvature {start_steep:.0f}, limit 2 / {start_steep:.0f} = "
          f"{2 / start_steep:.6f}")
    """
)

code(
    """
    ROS_STEPS = 10_000
    ros_lrs = [0.001, 0.0019, 0.00205, 0.0025]
    with np.errstate(over="ignore", invalid="ignore"):      # the divergent run overflows on purpose
        ros_paths = {lr: surfaces.descend(mlp.optim.SGD(lr=lr), ros, steps=ROS_STEPS) for lr in ros_lrs}


    def distance_to(path, point):
        \"\"\"Distance of every point of path from point.\"\"\"
        return np.hypot(path[:, 0] - point[0], path[:, 1] - point[1])


    def first_step_within(path, point, radius):
        \"\"\"The first step after which the path stays within radius of point (None if it never does).\"\"\"
        outside = np.nonzero(~(distance_to(path, point) < radius))[0]
        last = outside[-1] + 1 if len(outside) else 0
        return int(last) if last < len(path) else None


    def steps_or_never(step):
        return "never" if step is None else str(step)


    print(f"{'lr':>7}{'lr / limit':>11}{'steps run':>11}{'final distance':>16}{'within 0.1 after':>18}"
          f"{'within 0.01 after':>19}")
    for lr, path in ros_paths.items():
        final = distance_to(path, (1, 1))[-1]
        print(f"{lr:>7}{lr / ros_limit:>11.3f}{len(path) - 1:>11}{final:>16.3g}"
              f"{steps_or_never(first_step_within(path, (1, 1), 0.1)):>18}"
              f"{steps_or_never(first_step_within(path, (1, 1), 0.01)):>19}")
    """
)

md(
    r"""
    Just below the limit, SGD creeps up on the minimum. Just above it (0.00205), it comes close and then
    cannot settle: it bounces back and forth across the valley, a few hundredths from the minimum, for
    ever. A little higher (0.0025) it is thrown out within a few steps. And it is slow: at half the limit,
    10,000 steps still leave the point about two hundredths from $(1, 1)$, and even just below the limit
    the last factor of 10 takes thousands of steps. The reason is the flat curvature: near the minimum
    every step shrinks the distance along the floor by the factor
    $1 - \eta L_{\text{flat}}$, so gaining a factor 10 takes $\ln 10 / (-\ln(1 - \eta L_{\text{flat}}))$
    steps. The prediction and the measurement:
    """
)

code(
    """
    lr = 0.0019
    predicted = math.log(10) / -math.log(1 - lr * L_flat)
    measured = first_step_within(ros_paths[lr], (1, 1), 0.01) - first_step_within(ros_paths[lr], (1, 1), 0.1)
    print(f"lr {lr}: steps per factor 10 along the floor, predicted {predicted:.0f}, measured {measured}")
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    shown = {f"lr {lr}": np.vstack([ros_paths[lr][:60], ros_paths[lr][60::100], ros_paths[lr][-1:]])
             for lr in (0.001, 0.0019)}
    plot_surface_path(ros, shown, ax=left, xlim=(-2, 2), ylim=(-1, 3), minimum=(1, 1), resolution=150,
                      title="SGD on Rosenbrock (the first 60 steps, then every 100th)")
    for lr, path in ros_paths.items():
        right.plot(distance_to(path, (1, 1)), label=f"lr {lr} ({lr / ros_limit:.2f} of the limit)")
    right.set_yscale("log")
    right.set_ylim(1e-4, 1e2)
    right.set_xlabel("step")
    right.set_ylabel("distance to the minimum (1, 1)")
    right.set_title("Into the valley in a few steps, then a slow crawl along it")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Left: the first steps drop the point from the start into the valley, and from then on it follows the
    curved floor, step by tiny step. At 0.0019 the first steps are wild: the walls near the start are
    steeper than at the minimum, so there the limit is lower (printed above) and the point is flung back
    and forth until it lands somewhere flatter. A stability limit is a local property, not one number
    for the whole surface. Right: the distance falls steeply for a few steps, then in a straight
    line on the log scale, the constant factor per step computed above. SGD is not lost in this valley; it
    simply has no way to take long steps along the floor while the walls are this steep.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Two minima
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Two minima: the start decides

    On the third surface the question is not how fast but *where*. Its two valleys are the global minimum
    (전역 최솟값) on the left and a local minimum (지역 최솟값) on the right, and between them runs a
    ridge along $x = x_r$, where $\partial f / \partial x = 4x(x^2 - 1) + 0.3$ is zero and the surface
    curves downwards in $x$: a saddle point (안장점) at $(x_r, 0)$.

    Because $f$ is a sum of a function of $x$ and a function of $y$, SGD moves $x$ exactly as chapter 8's
    one-dimensional descent on the two-valley curve did: $y$ has no say in which valley the point ends
    in. We run SGD from every start on a grid over the window at once: since the update works element by
    element, 6561 starting points can share one array and one optimizer.
    """
)

code(
    """
    two = surfaces.two_minima
    deep, shallow = two.minima
    ridge_x = float(np.sort(np.roots([4.0, 0.0, -4.0, 0.3]).real)[1])   # the middle root of df/dx = 0
    print(f"deep valley at x = {deep[0]:+.4f} (f = {two(*deep):+.4f}), shallow at x = {shallow[0]:+.4f} "
          f"(f = {two(*shallow):+.4f})")
    print(f"ridge (saddle) at x = {ridge_x:+.4f}, curvatures there {np.round(curvatures(two, (ridge_x, 0.0)), 3)}")


    def final_points(surface, starts, lr, steps=300):
        \"\"\"Run SGD from many starts at once (one row per start) and return where each one ends.\"\"\"
        w = np.array(starts, dtype=np.float64)
        optimizer = mlp.optim.SGD(lr=lr)
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(steps):
                dx, dy = surface.gradient(w[:, 0], w[:, 1])
                optimizer.step([w], [np.stack([dx, dy], axis=1)])
        return w


    def valley_of(points):
        \"\"\"0 = the deep valley, 1 = the shallow one, 2 = diverged; one label per row of points.\"\"\"
        diverged = ~np.all(np.isfinite(points) & (np.abs(points) < 100), axis=1)
        return np.where(diverged, 2, np.where(points[:, 0] < ridge_x, 0, 1))


    grid_x, grid_y = np.meshgrid(np.linspace(-2, 2, 81), np.linspace(-2, 2, 81))
    grid_starts = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    print(f"{len(grid_starts)} starts on an {grid_x.shape[0]} x {grid_x.shape[1]} grid")
    one_by_one = surfaces.descend(mlp.optim.SGD(lr=0.05), two, steps=300)[-1]
    all_at_once = final_points(two, [two.start], lr=0.05)[0]
    print(f"one start with descend(): ({one_by_one[0]:.6f}, {one_by_one[1]:.2g});"
          f"  the same start in the batch: ({all_at_once[0]:.6f}, {all_at_once[1]:.2g})")
    """
)

md(
    r"""
    With a small learning rate the rule is simple: a start left of the ridge ends in the deep valley, a
    start right of it in the shallow one, whatever its $y$. But the learning rate has a say too. From the
    standard start $(1.8, 1.5)$, high on the right-hand wall where the slope is steep, a long first step
    can carry the point over the ridge. Here is where the standard start ends for several learning rates,
    and which share of all starts in the window ends in the deep valley:
    """
)

code(
    """
    NAMES = ("deep valley", "shallow valley", "diverged")
    share_left_of_ridge = np.mean(grid_starts[:, 0] < ridge_x)
    basins = {}
    print(f"{'lr':>5}   {'from (1.8, 1.5): ends in':<26}{'share of starts ending deep':>28}{'diverged':>10}")
    for lr in (0.05, 0.1, 0.15, 0.2, 0.24):
        basins[lr] = valley_of(final_points(two, grid_starts, lr))
        standard = NAMES[valley_of(final_points(two, [two.start], lr))[0]]
        print(f"{lr:>5}   {standard:<26}{np.mean(basins[lr] == 0):>28.1%}{np.mean(basins[lr] == 2):>10.1%}")
    print(f"share of the window left of the ridge: {share_left_of_ridge:.1%}")
    """
)

code(
    """
    basin_colours = ListedColormap(["#9ecae1", "#fdd0a2", "#d9d9d9"])   # deep, shallow, diverged
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4))
    for ax, lr in zip(axes, (0.05, 0.15)):
        ax.imshow(basins[lr].reshape(grid_x.shape), origin="lower", extent=(-2, 2, -2, 2), cmap=basin_colours,
                  vmin=0, vmax=2, interpolation="nearest")
        path = surfaces.descend(mlp.optim.SGD(lr=lr), two, steps=300)
        plot_surface_path(two, {f"from {two.start}": path}, ax=ax, xlim=(-2, 2), ylim=(-2, 2),
                          minimum=deep, resolution=120, levels=15)
        ax.axvline(ridge_x, color="k", linestyle=":", linewidth=1)
        ax.plot(*shallow, "*", color="white", markersize=12, markeredgecolor="k")
        ax.set_title(f"lr {lr}: blue starts end in the deep valley, orange in the shallow", fontsize=9)
        ax.legend(fontsize=7, loc="lower left")
    fig.suptitle("Two minima: where 300 SGD steps end, for every start (dotted: the ridge)", fontsize=11)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    At learning rate 0.05 the two colours meet in a straight line, the ridge: the start decides, exactly.
    At 0.15 the steep outer walls fling starts across: a band of starts on the right, the standard start
    among them, overshoots into the deep valley, and some starts far out on the left overshoot the other
    way. The larger the learning rate, the less the start alone decides, until the first steps are so long
    that SGD diverges.

    Seed 003 warns that, depending on the learning rate, gradient descent can fall into a local minimum or
    diverge {cite:p}`seed003`. On this surface, from one and the same start, it does both: at 0.1 it settles
    in the local minimum, at 0.15 in the global one, at 0.24 it diverges (the table above). What it cannot
    do is climb out of a valley once it is in it, because at the bottom the gradient is zero and SGD has no
    momentum to carry it on. Chapter 8 showed that noise in the gradient can shake it out; chapter 10 gives
    it momentum.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Explorer
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Explore: the learning rate on all three surfaces

    The three surfaces need very different learning rates: the largest stable one at the minimum is
    $2/L$, with $L$ the steepest curvature there, and it ranges from 1.0 on the bowl to 0.002 on
    Rosenbrock. So the second slider sets the learning rate *as a fraction of that limit*; the caption
    gives the actual value. Pick a surface, then slide from a timid 0.02 of the limit to past it. Look for
    the four regimes of chapter 8 (too small, about right, zig-zagging, diverging) and notice that the
    same fraction behaves alike on all three near the minimum, but not on the way there. (The pictures are
    drawn in advance, so the sliders also work in the online book.)
    """
)

code(
    """
    FRACTIONS = [0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 1.05, 1.3]
    EXPLORER_STEPS = {"elongated bowl": 100, "Rosenbrock": 4000, "two minima": 100}
    limits = {name: 2 / curvatures(surface, surface.minima[0])[-1] for name, surface in SURFACES.items()}
    print("2 / L at the (global) minimum:")
    for name, limit in limits.items():
        print(f"  {name:<16}{round(float(limit), 6)}")

    explorer_paths = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for name, surface in SURFACES.items():
            for fraction in FRACTIONS:
                optimizer = mlp.optim.SGD(lr=fraction * limits[name])
                explorer_paths[name, fraction] = surfaces.descend(optimizer, surface, steps=EXPLORER_STEPS[name])


    def outcome(name, path):
        \"\"\"What a run did, in words: diverged, reached a minimum, bouncing, or still on its way.\"\"\"
        surface, steps = SURFACES[name], EXPLORER_STEPS[name]
        values = surface(path[:, 0], path[:, 1])
        if len(path) < steps + 1 or not np.all(np.isfinite(path[-1])) or values[-1] > values[0]:
            return "<b>diverged</b>"
        distances = [distance_to(path, m)[-1] for m in surface.minima]
        nearest = int(np.argmin(distances))
        where = "" if len(surface.minima) == 1 else (" (the deep one)" if nearest == 0 else " (the shallow one)")
        if distances[nearest] < 1e-3:
            steps_taken = first_step_within(path, surface.minima[nearest], 1e-3)
            return f"<b>reached the minimum</b>{where} in {steps_taken} steps"
        last = np.diff(path[-6:], axis=0)
        if np.sum(np.sum(last[1:] * last[:-1], axis=1) < 0) >= 3:
            return f"<b>bouncing</b> near the minimum{where}, {distances[nearest]:.2g} away"
        return f"<b>still on its way</b> to the minimum{where}, {distances[nearest]:.2g} away"


    grids = {}
    for name, surface in SURFACES.items():
        gx, gy = np.meshgrid(np.linspace(*surface.xlim, 90), np.linspace(*surface.ylim, 90))
        z = surface(gx, gy)
        grids[name] = (gx, gy, z, np.unique(np.quantile(z, np.linspace(0, 1, 18))))


    def draw_run(fig, name, fraction):
        \"\"\"One frame: the surface's contours and the SGD path at this fraction of its stability limit.\"\"\"
        surface, path = SURFACES[name], explorer_paths[name, fraction]
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.15, right=0.97, bottom=0.14, top=0.97)
        gx, gy, z, levels = grids[name]
        ax.contour(gx, gy, z, levels=levels, cmap="viridis", linewidths=0.7)
        shown = path if len(path) <= 400 else np.vstack([path[:60], path[60::25], path[-1:]])   # thin out long runs
        ax.plot(shown[:, 0], shown[:, 1], "-o", color="tab:red", markersize=2, linewidth=1)
        ax.plot(*surface.start, "o", color="tab:red", markersize=6, markeredgecolor="k")
        for i, minimum in enumerate(surface.minima):
            ax.plot(*minimum, "*", color="gold" if i == 0 else "white", markersize=12, markeredgecolor="k")
        ax.set_xlim(*surface.xlim)
        ax.set_ylim(*surface.ylim)
        ax.set_xlabel("x")
        ax.set_ylabel("y")


    def run_caption(name, fraction):
        lr = fraction * limits[name]
        return (f"{name}, lr = {fraction} x {limits[name]:.4g} = {lr:.3g}, {EXPLORER_STEPS[name]} steps: "
                f"{outcome(name, explorer_paths[name, fraction])}")


    frame_explorer_2d(draw_run, list(SURFACES), FRACTIONS, label_a="surface", label_b="lr / limit",
                      value_a="elongated bowl", value_b=0.5, caption=run_caption, figsize=(4.8, 3.4), dpi=72,
                      layout=None)
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. The S in SGD
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The "stochastic" in SGD: a noise floor

    On the surfaces the gradient was exact. In training it is not: chapter 8 showed that the gradient of
    a mini-batch is the true gradient plus noise (잡음). That changes what a constant learning rate can
    achieve. Near the minimum the true gradient is tiny but the noise is not, so every step still kicks the
    point by about $\eta$ times the noise, and the pull back towards the minimum is only as strong as the
    curvature. The point ends up hovering in a cloud around the minimum whose size depends on $\eta$.

    We can watch it on the bowl: 2000 independent runs from $(-7, 2)$ move together as one array, each
    gradient with random noise of standard deviation $\sigma = 1$ added to both components, and we follow
    the average height $f$ of the cloud.
    """
)

code(
    """
    def noisy_descent(lr, sigma=1.0, steps=2000, runs=2000, schedule=None, seed=0):
        \"\"\"SGD on the bowl with Gaussian noise of std sigma in the gradient; the mean f after every step.\"\"\"
        rng = np.random.default_rng(seed)
        w = np.tile(bowl.start, (runs, 1))                     # one row per independent run
        optimizer = mlp.optim.SGD(lr=lr)
        mean_f = np.empty(steps)
        for t in range(steps):
            if schedule is not None:
                schedule.apply(optimizer, t)                    # sets optimizer.lr = schedule(t)
            dx, dy = bowl.gradient(w[:, 0], w[:, 1])
            optimizer.step([w], [np.stack([dx, dy], axis=1) + sigma * rng.standard_normal(w.shape)])
            mean_f[t] = bowl(w[:, 0], w[:, 1]).mean()
        return mean_f


    shrinking = mlp.optim.schedules.inv(0.2, gamma=0.02, power=1.0)   # lr_t = 0.2 / (1 + 0.02 t)
    noisy_runs = {f"lr {lr}": noisy_descent(lr) for lr in (0.05, 0.1, 0.2)}
    noisy_runs["lr 0.2 / (1 + 0.02 t)"] = noisy_descent(0.2, schedule=shrinking)

    floor_measured = {}
    print(f"{'learning rate':<24}{'mean f, last 500 steps':>24}{'divided by lr':>15}")
    for label, mean_f in noisy_runs.items():
        level = mean_f[-500:].mean()
        if "/" not in label:
            floor_measured[float(label.split()[1])] = level
            print(f"{label:<24}{level:>24.4f}{level / float(label.split()[1]):>15.3f}")
        else:
            print(f"{label:<24}{level:>24.4f}{'':>15}   (final lr {shrinking(len(mean_f) - 1):.4f})")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for label, mean_f in noisy_runs.items():
        ax.plot(np.arange(1, len(mean_f) + 1), mean_f, label=label, linestyle="--" if "/" in label else "-")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("mean f over 2000 runs")
    ax.set_title("Noisy gradients: constant learning rates level off, a shrinking one keeps going")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    With a constant learning rate the average loss stops falling at a floor, and the floor is proportional
    to the learning rate (the last column is nearly constant): halve $\eta$, halve the floor, but also
    take twice as many steps to get there. The way out is to shrink the learning rate as training goes on.
    {cite:t}`robbins1951`, who founded this kind of stochastic approximation, showed that steps $\eta_t$
    with $\sum_t \eta_t = \infty$ (enough total travel to get anywhere) and $\sum_t \eta_t^2 < \infty$
    (the noise they inject adds up to something finite) reach the target despite the noise. The dashed
    schedule, $\eta_t = 0.2/(1 + 0.02\,t)$, is of that kind: it is `mlp.optim.schedules.inv` with power 1,
    Caffe's "inv" schedule that chapter 16 meets again with seed 001. The fourth exercise derives the
    exact height of the floor.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. MNIST
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## SGD on MNIST: the learning rate

    Now the real thing, small enough to run in seconds: 5000 training images (500 of each digit), 1000 test
    images, the 784-100-10 ReLU network from the start of the chapter with softmax and cross-entropy,
    mini-batches of 50, three epochs (300 steps). One run per learning rate, all from the same initial
    weights and with the same order of mini-batches, so the learning rate is the only difference. The
    learning rates are seed 003's sweep, 0.0001 to 0.01 {cite:p}`seed003`, and five larger ones.
    """
)

code(
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=5000, n_test=1000, seed=0)
    print("train:", x_train.shape, "test:", x_test.shape, " images per digit:", np.bincount(y_train))

    BATCH, EPOCHS = 50, 3


    def train_sgd(lr, sizes=(784, 100, 10), epochs=EPOCHS, eval_every=25):
        \"\"\"Train a fresh ReLU network with plain SGD on the 5000 images; returns (network, history).\"\"\"
        network = mlp.MLP(list(sizes), seed=0)
        history = mlp.fit(network, mlp.SoftmaxCrossEntropy(), mlp.optim.SGD(lr=lr), x_train, y_train,
                          batch_size=BATCH, epochs=epochs, x_val=x_test, y_val=y_test, eval_every=eval_every,
                          train_eval_size=1000, seed=0, on_divergence="stop", progress=False)
        return network, history


    SEED003_LRS = [0.0001, 0.0005, 0.001, 0.005, 0.01]
    MNIST_LRS = SEED003_LRS + [0.05, 0.1, 0.5, 1.0, 2.0]
    mnist_nets, mnist_runs = {}, {}
    for lr in MNIST_LRS:
        mnist_nets[lr], mnist_runs[lr] = train_sgd(lr)

    print(f"{'lr':>7}{'steps':>7}{'train loss':>12}{'test accuracy':>15}")
    for lr, history in mnist_runs.items():
        final = history.final()
        print(f"{lr:>7}{len(history):>7}{final['train_loss']:>12.3f}{final['val_accuracy']:>15.1%}")
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4), width_ratios=[1.25, 1])
    colours = plt.cm.viridis(np.linspace(0, 0.95, len(MNIST_LRS)))
    for colour, (lr, history) in zip(colours, mnist_runs.items()):
        left.plot(history.metric("iteration"), history.metric("train_loss"), "o-", markersize=3, color=colour,
                  label=f"lr {lr}")
    left.set_xlabel("step")
    left.set_ylabel("training loss (1000 training images)")
    left.set_title("SGD on MNIST: the loss during training")
    left.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))

    accuracy = np.array([mnist_runs[lr].final()["val_accuracy"] for lr in MNIST_LRS])
    right.semilogx(MNIST_LRS, 100 * accuracy, "o-", color="black")
    right.axvspan(min(SEED003_LRS), max(SEED003_LRS), color="tab:orange", alpha=0.15, label="seed 003's sweep")
    right.hlines(97, 0.001, 0.01, color="tab:blue", linewidth=5, label="seed 000's 'usual' 0.001 to 0.01")
    right.set_ylim(0, 100)
    right.set_xlabel("learning rate (log scale)")
    right.set_ylabel("test accuracy after 300 steps (%)")
    right.set_title("Accuracy against the learning rate")
    right.legend(fontsize=8, loc="lower right", bbox_to_anchor=(0.9, 0.02))
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The shape is chapter 8's, now on a real network: too small a learning rate barely moves in 300 steps,
    the accuracy climbs as the rate grows, peaks, and then falls as the steps become too long. At the
    largest rate the network ends barely better than guessing, yet its loss never became NaN. Where did it
    go? We count the hidden units that output 0 for every training image: dead ReLUs (chapter 8), which
    get no gradient and so can never recover.
    """
)

code(
    """
    def dead_fraction(network, images):
        \"\"\"The fraction of hidden ReLU units that output 0 for every one of the images.\"\"\"
        hidden = network.layers[1].forward(network.layers[0].forward(images))   # Dense, then ReLU
        return float(np.mean(hidden.max(axis=0) == 0))


    for lr in (0.1, 0.5, 1.0, 2.0):
        print(f"lr {lr}: {dead_fraction(mnist_nets[lr], x_train):.0%} of the 100 hidden units are dead")
    """
)

md(
    """
    The largest learning rates killed much of the network in their first long steps, and what is left is
    too small to learn the digits. (Chapter 8 saw the same with batches of one example.)

    Two of the papers' statements can be checked directly:
    """
)

code(
    """
    seed003_accuracy = accuracy[: len(SEED003_LRS)]
    best = MNIST_LRS[int(np.argmax(accuracy))]
    print("seed 003: GD's accuracy rises with the learning rate from 0.0001 to 0.01:",
          "agrees" if np.all(np.diff(seed003_accuracy) > 0) else "DISAGREES",
          "  (accuracies", ", ".join(f"{a:.1%}" for a in seed003_accuracy) + ")")
    print(f"our best learning rate: {best}, test accuracy {accuracy.max():.1%}, "
          f"{best / 0.01:.0f} times the top of seed 000's 'usual' 0.001 to 0.01")
    print(f"at lr 0.01 the accuracy is {mnist_runs[0.01].final()['val_accuracy']:.1%}; "
          f"at lr 0.001, {mnist_runs[0.001].final()['val_accuracy']:.1%}")
    """
)

md(
    """
    Seed 003's observation holds for SGD at our scale: over its whole sweep, every larger learning rate was
    better. Its explanation, that the older optimizers "need more iterations", is right as far as it goes:
    at these rates SGD is simply too slow to finish in the time given. The sweep stopped at 0.01, which for
    plain SGD on this problem is still on the rising side of the curve.

    Seed 000's "usually between 0.01 and 0.001" {cite:p}`seed000` is not a property of SGD. It is a
    typical range for *adaptive* optimizers (Adam's default is 0.001), and for plain SGD on this network it
    is far too small: our best rate is tens of times larger. The right learning rate depends on the
    optimizer, the network, the batch size and the data (how large the inputs are, for one), so a sweep
    like this one is the honest way to choose it.

    ### Seed 000's SGD row, at small scale

    Seed 000 trained a 784-h-h-h-10 ReLU network with five optimizers for hidden widths h from 10 to 500.
    Its Table 1 gives SGD's final cross-entropy for each width; the paper concludes that SGD's loss stops
    improving from about 50 neurons on, "which is understood as the limit of the algorithm itself". It does
    not say its learning rate, batch size or number of iterations (it says SGD settles after about 500
    iterations, and recommends 200 for training in general). We choose lr 0.1, batches of 50 and 300
    iterations, and widths 10 to 300 (chapter 15 runs the whole table, all five optimizers and all widths):
    """
)

code(
    """
    PAPER_SGD_LOSS = {10: 0.62, 50: 0.25, 100: 0.24, 300: 0.20, 500: 0.21}   # seed 000, Table 1, SGD
    PAPER_ITERATIONS = {"SGD settles after about": 500, "recommended": 200}  # seed 000, sections 3.2.1 and 4
    WIDTH_LR = 0.1
    print("iterations, seed 000:", ", ".join(f"{what} {n}" for what, n in PAPER_ITERATIONS.items()))
    print("iterations, ours:", EPOCHS * len(x_train) // BATCH)
    width_runs = {}
    for h in (10, 50, 100, 300):
        _, width_runs[h] = train_sgd(WIDTH_LR, sizes=(784, h, h, h, 10), eval_every=300)

    print(f"{'width h':>8}{'paper: final CEE':>18}{'ours: final training loss':>27}")
    for h, history in width_runs.items():
        print(f"{h:>8}{PAPER_SGD_LOSS[h]:>18.2f}{history.final()['train_loss']:>27.3f}")
    ours = {h: history.final()["train_loss"] for h, history in width_runs.items()}
    print(f"drop from 10 to 50 neurons: paper {PAPER_SGD_LOSS[10] - PAPER_SGD_LOSS[50]:.2f}, "
          f"ours {ours[10] - ours[50]:.3f};"
          f"  from 50 to 300: paper {PAPER_SGD_LOSS[50] - PAPER_SGD_LOSS[300]:.2f}, ours {ours[50] - ours[300]:.3f}")
    """
)

md(
    """
    The trend is the paper's: a big drop from 10 to 50 neurons, then little change. (The numbers are close
    to the paper's, but our setting is smaller and partly guessed, so only the shape is evidence.) Is the
    plateau the "limit of the algorithm"? If it were, training longer would not lower it. We train the
    width-50 network five times as long:
    """
)

code(
    """
    _, long_run = train_sgd(WIDTH_LR, sizes=(784, 50, 50, 50, 10), epochs=5 * EPOCHS, eval_every=300)
    steps_long = long_run.metric("iteration")
    print("width 50, training loss after", ", ".join(
        f"{int(s)} steps: {v:.3f}" for s, v in zip(steps_long, long_run.metric("train_loss"))))
    print(f"after {int(steps_long[-1])} steps the width-50 network is below the width-300 network's "
          f"{ours[300]:.3f} at 300 steps:", bool(long_run.final()["train_loss"] < ours[300]))
    """
)

md(
    """
    It keeps falling, well below the plateau. The plateau in the table is a limit of the *budget* (the
    iterations and the learning rate), not of SGD: with the same few hundred steps, every width has
    learned about as much as plain SGD can learn in that time. The fair conclusion is the one chapter 15
    tests in full: for a fixed, small number of steps SGD is slower than the other optimizers, not that it
    stops learning.
    """
)

# ---------------------------------------------------------------------------------------------------
# 12. The claims in one place
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The papers' claims about SGD, in one place

    Every verdict below is computed from the runs of this chapter (chapter 8 checked seed 002's batch-size
    experiment, and its warning that SGD's fluctuation can trap it in a local minimum, where the noise
    also turned out to help it escape).
    """
)

code(
    """
    zigzag_is_faster = steps_until(surfaces.descend(mlp.optim.SGD(lr=0.9), bowl, steps=300), 0, 0.01) < \\
        steps_until(surfaces.descend(mlp.optim.SGD(lr=0.5), bowl, steps=300), 0, 0.01)
    standard_end = {lr: NAMES[valley_of(final_points(two, [two.start], lr))[0]] for lr in (0.1, 0.24)}
    claims = [
        ("seed 002", "SGD zig-zags on an anisotropic function, inefficiently",
         f"only for lr > 1/L_y = {1 / L_y:g}; the fastest learning rate zig-zags: {zigzag_is_faster}",
         "agrees, but the cost is the condition number, not the zig-zag"),
        ("seed 003", "depending on lr, GD falls into a local minimum or diverges",
         f"from one start: lr 0.1 -> {standard_end[0.1]}, lr 0.24 -> {standard_end[0.24]}", "agrees"),
        ("seed 003", "GD's accuracy rises with lr from 0.0001 to 0.01",
         "accuracies " + ", ".join(f"{a:.0%}" for a in seed003_accuracy),
         "agrees" if np.all(np.diff(seed003_accuracy) > 0) else "disagrees"),
        ("seed 000", "the learning rate is usually 0.01 to 0.001",
         f"best for SGD here: {best}", "not for plain SGD"),
        ("seed 000", "SGD's final loss plateaus from about 50 neurons",
         f"drop 10->50: {ours[10] - ours[50]:.2f}, 50->300: {ours[50] - ours[300]:.2f}", "agrees (at a fixed budget)"),
        ("seed 000", "the plateau is the limit of the algorithm itself",
         f"width 50, 5x longer: {ours[50]:.3f} -> {long_run.final()['train_loss']:.3f}", "disagrees"),
    ]
    for source, claim, evidence, verdict in claims:
        print(f"{source}: {claim}\\n    ours: {evidence}\\n    verdict: {verdict}")
    """
)

# ---------------------------------------------------------------------------------------------------
# 13. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "sgd_step",
    "SGD in three lines",
    """
    Write `sgd_step(params, grads, lr, weight_decay=0.0)` in plain NumPy, **without** `mlp`: it returns a
    **new** list of arrays, one per parameter, each
    `p - lr * (g + weight_decay * p)`, exactly what `mlp.optim.SGD` computes.
    Do not modify the arrays you are given. The check compares your function with `mlp.optim.SGD` on a
    small network's parameters, with and without weight decay.
    """,
    """
    def sgd_step(params, grads, lr, weight_decay=0.0):
        ### BEGIN SOLUTION
        new = []
        for p, g in zip(params, grads):
            g = g + weight_decay * p        # L2 weight decay, added to the gradient (PyTorch's convention)
            new.append(p - lr * g)          # a new array: the caller's p is left alone
        return new
        ### END SOLUTION
    """,
    """
    check.sgd_step(sgd_step)
    """,
    difficulty="warm-up",
)

exercise(
    "fastest_lr",
    "Predict, then count: the fastest learning rate",
    """
    On the elongated bowl, from its start $(-7, 2)$, three learning rates race to bring the loss
    $f(x, y)$ **below $10^{-6}$**: 0.5 (no zig-zag at all, $y$ is solved in one step), 0.9 and 0.99 (both
    zig-zag; 0.99 is the closest to the limit 1.0).

    1. **Before running anything**, predict which one gets there in the fewest steps: set `my_prediction`
       to `0.5`, `0.9` or `0.99`.
    2. Then measure it: set `steps_needed` to a dictionary `{0.5: ..., 0.9: ..., 0.99: ...}` with, for each
       learning rate, the number of SGD steps after which $f$ is first below $10^{-6}$. Use
       `surfaces.descend(mlp.optim.SGD(lr=lr), bowl, steps=...)` and `bowl(x, y)`; remember that a path's
       row 0 is the start, so row $k$ is the point after $k$ steps.
    """,
    """
    ### BEGIN SOLUTION
    # 0.99 is nearest to the best single rate 0.952, but its y factor 1 - 2 * 0.99 = -0.98 shrinks y by only
    # 2% per step: y, not x, becomes the bottleneck. 0.9 balances the two factors best of the three.
    my_prediction = 0.9
    steps_needed = {}
    for lr in (0.5, 0.9, 0.99):
        path = surfaces.descend(mlp.optim.SGD(lr=lr), bowl, steps=1000)
        f = bowl(path[:, 0], path[:, 1])
        steps_needed[lr] = int(np.argmax(f < 1e-6))     # the first row below 1e-6 = the number of steps
    ### END SOLUTION
    """,
    """
    check.fastest_lr(my_prediction, steps_needed)
    """,
    difficulty="practice",
)

exercise(
    "valley_reached",
    "Which valley?",
    """
    Write `valley_reached(start, lr)` for the two-minima surface `two`: run 300 SGD steps from `start` with
    learning rate `lr` (use `surfaces.descend`) and return `"deep"`, `"shallow"` or `"diverged"`.
    A run has diverged if its path stops early or ends far from both minima (say more than 10 away);
    otherwise it ended in the valley on its side of the ridge at `ridge_x`.

    When it passes, think about two things the check will remind you of: why is the $y$ of the start
    irrelevant at a small learning rate, and why can the standard start $(1.8, 1.5)$ end in the *deep*
    valley although it lies on the shallow valley's side?
    """,
    """
    def valley_reached(start, lr):
        ### BEGIN SOLUTION
        steps = 300
        with np.errstate(over="ignore", invalid="ignore"):
            path = surfaces.descend(mlp.optim.SGD(lr=lr), two, start=start, steps=steps)
        end = path[-1]
        if len(path) < steps + 1 or not np.all(np.isfinite(end)) or np.max(np.abs(end)) > 10:
            return "diverged"
        # f(x, y) = (x^2 - 1)^2 + 0.3 x + y^2 / 2 is a sum of a function of x and one of y, so x moves as if
        # y did not exist: y only decides how fast y itself goes to 0. A large first step from the steep
        # outer wall at x = 1.8 can jump over the ridge: then the deep valley catches the point.
        return "deep" if end[0] < ridge_x else "shallow"
        ### END SOLUTION
    """,
    """
    check.valley_reached(valley_reached)
    """,
    difficulty="practice",
)

exercise(
    "noise_floor",
    "How high is the noise floor?",
    """
    In the noisy-gradient experiment each coordinate of the bowl moves independently. For a coordinate with
    curvature $L$ (so its part of $f$ is $\\frac{L}{2} z^2$) one step is
    $z \\leftarrow (1 - \\eta L)\\, z - \\eta\\, \\sigma\\, \\xi$ with $\\xi$ a fresh standard normal number.

    1. Once the cloud has settled, $z$ has the same variance $v$ before and after a step. Use that to find
       $v$ as a formula in $\\eta$, $L$ and $\\sigma$ (the variance of a sum of independent terms is the sum of
       their variances).
    2. Write `noise_floor(lr, sigma)` that returns the settled mean of $f$ on the bowl,
       $\\frac{L_x}{2} v_x + \\frac{L_y}{2} v_y$ with $L_x = 0.1$, $L_y = 2$.

    The check tests your formula at several learning rates and noise levels, then compares it with the
    chapter's simulation (`floor_measured`). What happens to the floor when $\\eta$ approaches $2/L_y$?
    """,
    """
    def noise_floor(lr, sigma):
        ### BEGIN SOLUTION
        # v = (1 - lr L)^2 v + lr^2 sigma^2  =>  v = lr sigma^2 / (L (2 - lr L)),
        # so each coordinate adds (L / 2) v = lr sigma^2 / (2 (2 - lr L)): for small lr about lr sigma^2 / 4,
        # whatever its curvature; it blows up as lr approaches 2 / L.
        total = 0.0
        for curvature in (0.1, 2.0):
            variance = lr * sigma**2 / (curvature * (2 - lr * curvature))
            total += curvature / 2 * variance
        return total
        ### END SOLUTION
    """,
    """
    check.noise_floor(noise_floor, floor_measured)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 14. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - Part III swaps one line of the training loop, `optimizer.step(params, grads)`, and keeps everything
      else. SGD is the baseline: $w \\leftarrow w - \\eta\\, g$. The papers write it with $W$, $w$ or
      $\\theta$ and call it SGD or gradient descent; which examples the gradient was averaged over is the
      training loop's choice, not the optimizer's.
    - `mlp.optim.SGD` is PyTorch's rule: optional weight decay added to the gradient,
      $g \\leftarrow g + \\lambda w$ (an L2 penalty, or a shrink by $1 - \\eta\\lambda$ per step), then the
      step. Checked against NumPy by hand, to the last bit. It keeps no state: `memory_bytes()` is 0.
    - On a bowl with curvatures $L$ each direction shrinks by $1 - \\eta L$ per step: stable for
      $\\eta < 2/L_{\\max}$, zig-zagging above $1/L_{\\max}$, and as slow as the flattest direction allows.
      The condition number $L_{\\max}/L_{\\min}$ (20 for the bowl, thousands at Rosenbrock's minimum) is the
      price of one learning rate for all directions.
    - On the two-minima surface the start decides the valley, and a large learning rate can overrule the
      start or diverge, as seed 003 says. SGD cannot leave a valley it has settled in.
    - With noisy gradients a constant learning rate leaves SGD on a floor proportional to $\\eta$; shrinking
      the learning rate (Robbins and Monro's conditions) removes it.
    - On MNIST the learning rate decides almost everything: too small crawls, too large kills units.
      Plain SGD wanted a learning rate far above seed 000's "usual" range. Seed 000's SGD plateau over
      width appears at a fixed budget, but it is not the limit of SGD: training longer goes lower.

    ## What's next

    Chapter 10 gives the ball mass. Momentum keeps one extra array, a velocity per weight, so that steps
    that agree build up speed along the flat floor of the bowl while steps that alternate across it cancel
    out. Watch what that does to the zig-zag, to Rosenbrock's slow crawl, and to the two minima, on the
    same three surfaces and against the SGD paths of this chapter.
    """
)


if __name__ == "__main__":
    ch.write()
