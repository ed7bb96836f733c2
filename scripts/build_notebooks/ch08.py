"""Write notebooks/08-gradient-descent.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch08.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(8, "08-gradient-descent")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Gradient descent

    Chapter 7 gave the network a way to say how wrong it is: the loss (손실), one number that is small when
    the outputs match the answers. Learning means changing the weights until that number is as small as we
    can make it. The lecture deck calls this adjusting the weights, or optimization (최적화), and names the
    method almost everyone uses: gradient descent (경사하강법).

    The idea is a walk downhill in fog. You cannot see the valley floor, but you can feel which way the
    ground slopes under your feet. Take a step that way, feel again, step again.

    **What you will learn**

    - how the sign of the derivative says which way to move a weight, and why the update has a minus sign;
    - what the learning rate does: too small, about right, too large and divergent, in one and in two
      dimensions;
    - why a loss has many minima, why the one you reach depends on where you start, and so why two trained
      networks never have the same weights;
    - full-batch, stochastic (one example per step) and mini-batch gradient descent, and a reproduction,
      at classroom scale, of a published MNIST experiment on batch size 1 versus 256 {cite:p}`seed002`;
    - why only models with a useful derivative can be trained this way.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy for the numbers, matplotlib for the pictures, and the course library `mlp`: its loss
    functions, its optimizer `mlp.optim.SGD` (the update rule of this chapter), its networks and training
    loop, MNIST, two explorer widgets, and the checks for the exercises.
    """
)

code(
    """
    import math
    import time

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.gradcheck import numerical_gradient
    from mlp.plotting import moving_average, plot_surface_path
    from mlp.widgets import frame_explorer
    from mlp.checks import ch08 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The sign of the derivative
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Which way is downhill?

    Start with the smallest network there is: one neuron with one weight $w$ and no bias, $y = w\,x$. We
    want it to turn four inputs into four targets, and we measure its mistakes with the mean squared error
    of chapter 7:

    $$L(w) = \frac{1}{4}\sum_{i=1}^{4} (w\,x_i - t_i)^2 .$$

    Everything in this loss is fixed except $w$, so the loss is a function of one number, a curve we can
    draw. The targets are roughly twice the inputs, so we expect the best $w$ near 2.
    """
)

code(
    """
    x = np.array([0.5, 1.0, 1.5, 2.0])   # inputs (float64: the toy examples should show exact arithmetic)
    t = np.array([1.1, 1.9, 3.2, 3.9])   # targets, about 2 * x
    mse = mlp.MSE()


    def loss_1d(w):
        \"\"\"L(w) = mean((w x - t)^2): the loss of the neuron y = w x on the four examples.\"\"\"
        return mse.forward(w * x, t)


    def grad_1d(w):
        \"\"\"dL/dw = mean(2 (w x - t) x), by the chain rule.\"\"\"
        return float(np.mean(2 * (w * x - t) * x))


    for w in (0.5, 2.0, 3.5):
        print(f"w = {w}: L(w) = {loss_1d(w):.4f}")
    """
)

md(
    r"""
    The derivative (미분값) $dL/dw$ is the slope (기울기) of that curve: how much the loss changes when $w$
    grows a little. By the chain rule (chapter 4) it is $\frac{dL}{dw} = \frac{1}{4}\sum_i 2\,(w\,x_i - t_i)\,x_i$,
    which is what `grad_1d` computes. We check the formula against a finite difference, the way chapter 4
    did, and read off what the slope tells us.
    """
)

code(
    """
    w_best = float(np.sum(x * t) / np.sum(x * x))   # where the slope is zero (set dL/dw = 0 and solve)

    print(f"{'w':>6}{'dL/dw (formula)':>18}{'dL/dw (numerical)':>20}   so move w")
    for w in (0.5, w_best, 3.5):
        numeric = numerical_gradient(lambda v: loss_1d(v[0]), np.array([w]))[0]
        slope = grad_1d(w)
        move = "right (bigger)" if slope < -1e-4 else "left (smaller)" if slope > 1e-4 else "nowhere: stop"
        print(f"{w:>6.3f}{slope:>18.4f}{numeric:>20.4f}   {move}")
    """
)

md(
    """
    This is the deck's rule in three lines:

    - the derivative is **negative**: the loss falls as $w$ grows, so increase $w$;
    - the derivative is **positive**: the loss rises as $w$ grows, so decrease $w$;
    - the derivative is **zero**: the ground is flat, and the update stops. We are at the bottom, here at
      the `w_best` printed in the middle row.

    In every case we move *against* the sign of the slope. The picture shows the three places and the
    direction each one sends us.
    """
)

code(
    """
    w_grid = np.linspace(-0.5, 4.5, 201)
    loss_grid = np.mean((w_grid[:, None] * x - t) ** 2, axis=1)   # L(w) for many w at once
    assert np.isclose(loss_grid[100], loss_1d(w_grid[100]), rtol=1e-5)   # the same loss as mlp.MSE

    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(w_grid, loss_grid, color="black", linewidth=1.5, label="loss L(w)")
    for w, colour in [(0.5, "tab:blue"), (w_best, "tab:green"), (3.5, "tab:red")]:
        slope, height = grad_1d(w), loss_1d(w)
        near = np.linspace(w - 0.6, w + 0.6, 2)
        ax.plot(near, height + slope * (near - w), color=colour, linewidth=2,
                label=f"slope at w = {w:.2f}: {slope:+.2f}")
        ax.plot(w, height, "o", color=colour, markersize=7)
        if abs(slope) > 1e-4:   # an arrow pointing against the slope: where the update sends w
            ax.annotate("", xy=(w - 0.45 * np.sign(slope), height), xytext=(w, height),
                        arrowprops=dict(arrowstyle="->", color=colour, linewidth=2))
    ax.set_xlabel("weight w")
    ax.set_ylabel("loss L(w)")
    ax.set_ylim(-1, 12)
    ax.set_title("The slope's sign says which way is downhill; the arrows point against it")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The learning rate
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## How far to step: the learning rate

    The slope gives a direction. How far to go is a choice, and the rule makes the step proportional to
    the slope:

    $$w \leftarrow w - \eta\,\frac{dL}{dw}.$$

    This update (갱신) is gradient descent. The minus sign is the "move against the slope" from above;
    the number $\eta$ (eta) is the learning rate (학습률). Steep ground gives a long step, flat ground a
    short one, so the steps shrink by themselves near the bottom. {cite:t}`seed002` writes the same rule as
    $w = w - \eta \cdot \nabla_w J(w)$ (his equation 6), with $J$ for the loss. The method is old: Cauchy
    described it in 1847 to solve systems of equations {cite:p}`cauchy1847`.

    `mlp.optim.SGD` is exactly this rule. It updates arrays in place: give it the parameters and their
    gradients, and it subtracts `lr` times the gradient.
    """
)

code(
    """
    w = np.array([0.5])                     # the parameter, as an array the optimizer can change in place
    optimizer = mlp.optim.SGD(lr=0.1)
    gradient = np.array([grad_1d(w[0])])
    optimizer.step([w], [gradient])

    print(f"by hand: 0.5 - 0.1 * ({gradient[0]:.4f}) = {0.5 - 0.1 * gradient[0]:.4f}")
    print(f"mlp.optim.SGD moved w to {w[0]:.4f}")
    """
)

md(
    """
    One step is not enough; gradient descent repeats the step. The function below starts at `w0` and takes
    `n_steps` steps with `mlp.optim.SGD`, keeping every point it visits. (In the exercises you will write
    your own, without the library.)
    """
)

code(
    """
    def descend(grad, w0, lr, n_steps):
        \"\"\"Gradient descent from w0: returns the n_steps + 1 points visited, as an array (one row per point).\"\"\"
        w = np.array(w0, dtype=np.float64).reshape(-1)   # one weight, or several
        optimizer = mlp.optim.SGD(lr=lr)
        path = [w.copy()]
        for _ in range(n_steps):
            optimizer.step([w], [np.asarray(grad(w), dtype=np.float64).reshape(w.shape)])
            path.append(w.copy())
        return np.array(path)


    path = descend(lambda w: grad_1d(w[0]), w0=0.0, lr=0.1, n_steps=8)[:, 0]
    print("w after each step:", np.round(path, 3))
    print(f"w_best = {w_best:.3f}")
    """
)

md(
    """
    The weight walks towards `w_best` and slows down as it arrives. Now the question of this section:
    what happens with other learning rates? We try four and, for each, measure how the distance to the
    minimum changes in one step: the ratio $(w_{k+1} - w^*) / (w_k - w^*)$, at the first step and at the
    fifth.
    """
)

code(
    """
    N_STEPS_1D = 12
    best_loss_1d = loss_1d(w_best)
    lr_examples = {"too small": 0.02, "about right": 0.25, "too large": 0.45, "divergent": 0.6}

    paths_1d = {}
    print(f"{'':>12}{'lr':>6}{'ratio at step 1':>17}{'ratio at step 5':>17}{'L after 12 steps':>18}")
    for name, lr in lr_examples.items():
        w_path = descend(lambda w: grad_1d(w[0]), w0=0.0, lr=lr, n_steps=N_STEPS_1D)[:, 0]
        paths_1d[name] = w_path
        distance = w_path - w_best
        print(f"{name:>12}{lr:>6}{distance[1] / distance[0]:>17.4f}{distance[5] / distance[4]:>17.4f}"
              f"{loss_1d(w_path[-1]):>18.4f}")
    print(f"lowest possible loss: {best_loss_1d:.4f}")
    """
)

md(
    """
    The ratio is the same at every step: each step multiplies the distance to the minimum by a fixed
    number that depends only on the learning rate (for this loss, a bowl, that is exactly true). Its value
    tells the whole story:

    - **too small**: the ratio is just under 1. Each step removes only a sliver of the distance, and after
      twelve steps the loss is still well above its minimum. Training is slow.
    - **about right**: the ratio is close to 0. Almost the whole distance goes in one step.
    - **too large**: the ratio is negative. Each step jumps *over* the minimum to the other side (it
      overshoots), and the weight zig-zags in. It still converges (수렴), because the jumps shrink.
    - **divergent**: the ratio is below -1. Every jump lands farther away than it started; the weight
      swings ever wider and the loss grows without limit. Training diverges (발산).

    The picture shows the four walks on the loss curve (the divergent one leaves the picture).
    """
)

code(
    """
    def regime(path, losses, best_loss):
        \"\"\"Name what a descent did, from the points it visited and their losses.\"\"\"
        losses = np.asarray(losses, dtype=np.float64)
        if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
            return "divergent"
        steps = np.diff(np.asarray(path).reshape(len(path), -1), axis=0)
        reversals = np.mean(np.sum(steps[1:] * steps[:-1], axis=1) < 0)   # a step back against the last
        if reversals > 0.5:
            return "too large"
        closed = (losses[-1] - best_loss) / (losses[0] - best_loss)         # fraction of the gap left
        return "about right" if closed < 0.01 else "too small"


    fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), sharey=True)
    for ax, (name, w_path) in zip(axes, paths_1d.items()):
        losses = [loss_1d(w) for w in w_path]
        ax.plot(w_grid, loss_grid, color="black", linewidth=1)
        ax.plot(w_path, losses, "-o", color="tab:orange", markersize=4, linewidth=1)
        ax.plot(w_path[0], losses[0], "o", color="tab:blue", markersize=8, label="start")
        ax.set_xlim(-0.5, 4.5)
        ax.set_ylim(-0.5, 10)
        ax.set_title(f"lr = {lr_examples[name]}: {regime(w_path, losses, best_loss_1d)}", fontsize=10)
        ax.set_xlabel("w")
    axes[0].set_ylabel("loss L(w)")
    axes[0].legend(fontsize=8)
    fig.suptitle("Twelve steps of gradient descent from w = 0 at four learning rates")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The titles are not typed in: the function `regime` reads each walk (does the loss end higher than it
    started? do the steps keep reversing? how much of the gap to the minimum is left?) and names it.
    We use it again below.

    Where exactly does "too large" become "divergent"? The table suggests the answer hides in that ratio.
    Working it out is the second exercise.
    """
)

md(
    r"""
    ### Two weights: a valley instead of a curve

    Give the neuron a bias, $y = w\,x + b$. The loss now depends on two numbers, $L(w, b)$, and is a
    surface: a valley over the $(w, b)$ plane, drawn below with contour lines (each line joins points of
    equal loss, like a map of a hillside). The derivative becomes the gradient (기울기, also 그래디언트):
    the pair of slopes $(\partial L/\partial w,\ \partial L/\partial b)$. It points uphill, the steepest way
    up, so gradient descent steps against it. The update is the same line as before, applied to both
    numbers at once.
    """
)

code(
    """
    def loss_2d(p):
        \"\"\"L(w, b) = mean((w x + b - t)^2) for p = (w, b).\"\"\"
        return mse.forward(p[0] * x + p[1], t)


    def grad_2d(p):
        \"\"\"(dL/dw, dL/db) = (mean(2 e x), mean(2 e)) with e = w x + b - t.\"\"\"
        error = p[0] * x + p[1] - t
        return np.array([np.mean(2 * error * x), np.mean(2 * error)])


    def loss_surface(w, b):
        \"\"\"The same loss for whole grids of w and b at once (for the contour plots).\"\"\"
        return np.mean((np.asarray(w)[..., None] * x + np.asarray(b)[..., None] - t) ** 2, axis=-1)


    p = np.array([4.0, -2.0])
    print("gradient (formula):  ", np.round(grad_2d(p), 4))
    print("gradient (numerical):", np.round(numerical_gradient(loss_2d, p), 4))
    print("loss_surface agrees with mlp.MSE:", np.isclose(loss_surface(4.0, -2.0), loss_2d(p)))

    X = np.stack([x, np.ones_like(x)], axis=1)        # one row (x_i, 1) per example
    p_best = np.linalg.lstsq(X, t, rcond=None)[0]     # the bottom of the valley
    best_loss_2d = loss_2d(p_best)
    print(f"bottom of the valley: w = {p_best[0]:.3f}, b = {p_best[1]:.3f}, loss {best_loss_2d:.5f}")
    """
)

md(
    r"""
    This valley is long and narrow: steep across, nearly flat along its floor. How steep, in numbers? The
    curvature (곡률) of a bowl-shaped loss in its steepest and flattest directions are the two eigenvalues of
    its matrix of second derivatives, which for this loss is $\frac{2}{n} X^\top X$ (each row of $X$ is
    $(x_i, 1)$). We only need the two numbers.
    """
)

code(
    """
    curvatures = np.linalg.eigvalsh(2 * X.T @ X / len(x))
    print(f"flattest curvature {curvatures[0]:.3f}, steepest {curvatures[1]:.3f}, "
          f"ratio {curvatures[1] / curvatures[0]:.1f}")
    print(f"the 1-D loss (w only) has curvature {2 * np.mean(x * x):.3f}")
    """
)

md(
    """
    One learning rate must serve both directions. A step long enough to make progress along the flat
    floor is too long across the steep walls, where it overshoots. So in a valley like this the best plain
    gradient descent can do is a compromise: fast across, slow along. Here are four learning rates, each
    for 60 steps from the same start.
    """
)

code(
    """
    N_STEPS_2D = 60
    START_2D = (4.0, -2.0)
    lr_examples_2d = [0.05, 0.25, 0.35, 0.37]

    w_mesh, b_mesh = np.meshgrid(np.linspace(-1.0, 6.0, 80), np.linspace(-5.0, 5.0, 80))
    surface = loss_surface(w_mesh, b_mesh)
    surface_levels = np.quantile(surface, np.linspace(0, 1, 20))   # contour heights, dense near the floor

    fig, axes = plt.subplots(1, 4, figsize=(13, 3.6), sharey=True)
    for ax, lr in zip(axes, lr_examples_2d):
        with np.errstate(over="ignore", invalid="ignore"):
            p_path = descend(grad_2d, START_2D, lr, N_STEPS_2D)
            losses = [loss_2d(p) for p in p_path]
        name = regime(p_path, losses, best_loss_2d)
        print(f"lr {lr}: loss after {N_STEPS_2D} steps {losses[-1]:.4g} ({name})")
        plot_surface_path(loss_surface, {"path": p_path}, ax=ax, xlim=(-1.0, 6.0), ylim=(-5.0, 5.0),
                          levels=surface_levels, resolution=80, minimum=p_best, legend=False)
        ax.set_title(f"lr = {lr}: {name}", fontsize=10)
        ax.set_xlabel("weight w")
        ax.set_ylabel("bias b" if ax is axes[0] else "")
    fig.suptitle(f"{N_STEPS_2D} steps of gradient descent on L(w, b) from (w, b) = {START_2D}; star: the minimum")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The small learning rate slides down the steep wall, then crawls along the floor and has not arrived
    after 60 steps. The second gets there. The third zig-zags from wall to wall on its way in, and the
    fourth zig-zags wider with every step until it leaves the picture: it diverges at a learning rate that
    was still fine for the one-weight neuron (whose limit lies higher, as the explorer below shows),
    because the steepest direction of the valley, not the flattest, sets the limit. Chapters 9 to 14 are
    about optimizers that fix exactly this (Momentum damps the zig-zag; AdaGrad, RMSProp and Adam give
    each direction its own step size).
    """
)

md(
    """
    ### Explore: the learning rate

    Drag the slider to change the learning rate. Left: the one-weight neuron, 12 steps from $w = 0$.
    Right: the neuron with a bias, 60 steps from $(w, b) = (4, -2)$. The caption names what each walk did.
    Find the learning rate where each one starts to zig-zag, and where each one diverges. (The pictures
    are drawn in advance, so the slider also works in the online book.)
    """
)

code(
    """
    explorer_lrs = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.33, 0.35, 0.36, 0.37, 0.4, 0.45, 0.5, 0.55, 0.6]
    with np.errstate(over="ignore", invalid="ignore"):   # the divergent walks overflow on purpose
        walks = {lr: (descend(lambda w: grad_1d(w[0]), 0.0, lr, N_STEPS_1D)[:, 0],
                      descend(grad_2d, START_2D, lr, N_STEPS_2D)) for lr in explorer_lrs}


    def draw_learning_rate(fig, lr):
        \"\"\"One frame: the 1-D walk on its curve (left) and the 2-D walk on the contours (right).\"\"\"
        fig.set_layout_engine("none")            # fixed axes positions: much faster to draw than a layout
        left = fig.add_axes([0.08, 0.17, 0.38, 0.78])
        right = fig.add_axes([0.58, 0.17, 0.40, 0.78])
        w_path, p_path = walks[lr]
        with np.errstate(over="ignore", invalid="ignore"):
            left.plot(w_grid, loss_grid, color="black", linewidth=1)
            left.plot(w_path, [loss_1d(w) for w in w_path], "-o", color="tab:orange", markersize=3, linewidth=1)
        left.set_xlim(-0.5, 4.5)
        left.set_ylim(-0.5, 10)
        left.set_xlabel("w")
        left.set_ylabel("L(w)")
        right.contour(w_mesh, b_mesh, surface, levels=surface_levels, cmap="viridis", linewidths=0.8)
        right.plot(p_path[:, 0], p_path[:, 1], "-o", color="tab:orange", markersize=2.5, linewidth=1)
        right.plot(*p_best, "*", color="gold", markersize=12, markeredgecolor="k")
        right.set_xlim(-1.0, 6.0)
        right.set_ylim(-5.0, 5.0)
        right.set_xlabel("w")
        right.set_ylabel("b")


    def learning_rate_caption(lr):
        \"\"\"Under each frame: what the two walks did at this learning rate.\"\"\"
        w_path, p_path = walks[lr]
        with np.errstate(over="ignore", invalid="ignore"):
            one = regime(w_path, [loss_1d(w) for w in w_path], best_loss_1d)
            two = regime(p_path, [loss_2d(p) for p in p_path], best_loss_2d)
        return f"lr = {lr}: one weight <b>{one}</b>; weight and bias <b>{two}</b>"


    frame_explorer(draw_learning_rate, explorer_lrs, label="learning rate", value=0.25,
                   caption=learning_rate_caption, figsize=(8.0, 3.0), dpi=72)
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Many minima
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Many minima: where you end depends on where you start

    The valleys so far had one bottom. A network's loss is not so kind. The deck puts it in two lines:
    the lowest point is not unique, and which one you reach can depend on the initial value (초기값). A
    made-up loss with two valleys shows it:

    $$L(w) = (w^2 - 1)^2 + 0.3\,w .$$

    A point where the slope is zero and every nearby point is higher is a minimum. The lowest of all is
    the global minimum (전역 최솟값); any other is a local minimum (지역 최솟값; {cite:t}`seed002` writes
    부분극소점). Setting the derivative $4w(w^2 - 1) + 0.3$ to zero finds them.
    """
)

code(
    """
    def two_valleys(w):
        \"\"\"A made-up loss with two valleys: L(w) = (w^2 - 1)^2 + 0.3 w.\"\"\"
        return (w**2 - 1) ** 2 + 0.3 * w


    def two_valleys_grad(w):
        \"\"\"dL/dw = 4 w (w^2 - 1) + 0.3.\"\"\"
        return 4 * w * (w**2 - 1) + 0.3


    flat_points = np.sort(np.roots([4, 0, -4, 0.3]).real)   # where 4w^3 - 4w + 0.3 = 0
    deep_w, hill_w, shallow_w = flat_points
    for name, w in [("deep valley (global minimum)", deep_w), ("hilltop", hill_w),
                    ("shallow valley (local minimum)", shallow_w)]:
        print(f"{name:>31}: w = {w:+.3f}, L = {two_valleys(w):+.3f}")
    """
)

md(
    """
    Start gradient descent twice with the same learning rate, once a little left of the hilltop and once a
    little right of it.
    """
)

code(
    """
    starts = (-0.2, 0.3)
    valley_paths = {w0: descend(two_valleys_grad, w0, lr=0.05, n_steps=60)[:, 0] for w0 in starts}
    for w0, w_path in valley_paths.items():
        print(f"start w = {w0:+.1f} -> ends at w = {w_path[-1]:+.3f}, loss {two_valleys(w_path[-1]):+.3f}")

    v_grid = np.linspace(-1.8, 1.8, 300)
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot(v_grid, two_valleys(v_grid), color="black", linewidth=1.5, label="L(w)")
    for (w0, w_path), colour in zip(valley_paths.items(), ["tab:blue", "tab:red"]):
        ax.plot(w_path, two_valleys(w_path), "-o", color=colour, markersize=3, linewidth=1,
                label=f"start at w = {w0:+.1f}")
        ax.plot(w_path[-1], two_valleys(w_path[-1]), "X", color=colour, markersize=11, markeredgecolor="k")
    ax.set_xlabel("w")
    ax.set_ylabel("loss")
    ax.set_title("Two nearby starts, two different minima")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Two starts half a unit apart end in different valleys, and the right-hand one is stuck in the shallower
    valley. Gradient descent only ever feels the ground under its feet: at the bottom of a local minimum
    the slope is zero, so the update stops there, although a deeper valley lies just over the hill.

    Drag the starting point and watch which valley each start ends in (60 steps, learning rate 0.05).
    """
)

code(
    """
    start_values = np.round(np.arange(-1.6, 1.6 + 1e-9, 0.2), 1)
    start_walks = {w0: descend(two_valleys_grad, w0, lr=0.05, n_steps=60)[:, 0] for w0 in start_values}


    def draw_start(fig, w0):
        \"\"\"One frame: the descent from w0 on the two-valley loss.\"\"\"
        fig.set_layout_engine("none")
        ax = fig.add_axes([0.1, 0.18, 0.87, 0.78])
        w_path = start_walks[w0]
        ax.plot(v_grid, two_valleys(v_grid), color="black", linewidth=1)
        ax.plot(w_path, two_valleys(w_path), "-o", color="tab:orange", markersize=3, linewidth=1)
        ax.plot(w0, two_valleys(w0), "o", color="tab:blue", markersize=8)
        ax.plot(w_path[-1], two_valleys(w_path[-1]), "X", color="tab:orange", markersize=11, markeredgecolor="k")
        ax.set_xlim(-1.8, 1.8)
        ax.set_ylim(-0.6, 4.5)
        ax.set_xlabel("w")
        ax.set_ylabel("loss")


    def start_caption(w0):
        end = start_walks[w0][-1]
        valley = "the deep valley (global minimum)" if end < hill_w else "the shallow valley (local minimum)"
        return f"start w = {w0:+.1f}: ends at w = {end:+.3f}, in <b>{valley}</b>"


    frame_explorer(draw_start, start_values, label="start w", value=0.4, caption=start_caption,
                   figsize=(6.0, 2.8), dpi=72)
    """
)

md(
    r"""
    {cite:t}`seed002` warns that the fluctuation of stochastic gradient descent, which we meet below, may make it
    settle into a local minimum. Noise can push either way, though. Below, the gradient gets random noise
    added at every step (standing in for the noise of learning from a few examples at a time), 1000 walks
    start at the bottom of each valley, take 300 noisy steps and then 200 clean ones to settle, and we
    count where they end. `mlp.optim.SGD` updates all 1000 walks at once, as one array.
    """
)

code(
    """
    rng = np.random.default_rng(0)
    print(f"{'noise':>6}{'from the deep valley: end in deep':>36}{'from the shallow valley: end in deep':>38}")
    for noise in (0.0, 2.0, 3.0, 4.0):
        ended_deep = []
        for start in (deep_w, shallow_w):
            w = np.full(1000, start)
            optimizer = mlp.optim.SGD(lr=0.05)
            for step in range(500):
                jitter = noise * rng.standard_normal(w.shape) if step < 300 else 0.0
                optimizer.step([w], [two_valleys_grad(w) + jitter])
            ended_deep.append(np.mean(w < hill_w))
        print(f"{noise:>6}{ended_deep[0]:>36.1%}{ended_deep[1]:>38.1%}")
    """
)

md(
    """
    Without noise every walk stays where it started. With some noise, walks escape the shallow valley
    (its wall is lower) far more often than the deep one, so here noise *helps* find the deeper minimum.
    With more noise, where a walk started matters less and less: at the largest noise both starts end in
    the deep valley about equally often. So the seed's warning is half the story: fluctuation can also
    shake a walk out of a local minimum.

    ### Two trained networks are never the same

    A network with tens of thousands of weights has a loss surface with a vast number of valleys. The deck
    draws the consequence: trained with the same goal on the same data, every model ends up with its own set
    of weights. We check it on real data. Here is a small piece of MNIST (chapter 5): 2000 training images,
    200 of each digit, and 1000 test images.
    """
)

code(
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=2000, n_test=1000, seed=0)
    print("train:", x_train.shape, x_train.dtype, " test:", x_test.shape)
    print("images per digit in the training set:", np.bincount(y_train))
    """
)

md(
    """
    Everything we train on MNIST in this chapter goes through one function. The network has two hidden
    layers of ReLU units and a softmax output trained with cross-entropy, like Kang's (2020); we will say
    below why it is smaller. `mlp.fit` runs the steps; `seed` chooses the random initial weights, while the
    order in which the examples are visited stays the same for every run.
    """
)

code(
    """
    SIZES = [784, 100, 60, 10]


    def train(batch_size, lr, epochs, seed=0):
        \"\"\"Train a fresh 784-100-60-10 ReLU network with plain SGD on the 2000 training images.

        Returns (network, history). The training and test loss are measured about 20 times per run.
        \"\"\"
        net = mlp.MLP(SIZES, activation="relu", seed=seed)
        steps = epochs * math.ceil(len(x_train) / batch_size)
        history = mlp.fit(net, mlp.SoftmaxCrossEntropy(), mlp.optim.SGD(lr=lr), x_train, y_train,
                          batch_size=batch_size, epochs=epochs, x_val=x_test, y_val=y_test,
                          eval_every=max(1, steps // 20), seed=0, on_divergence="stop", progress=False)
        return net, history


    net_a, history_a = train(batch_size=256, lr=0.1, epochs=40, seed=0)
    net_b, history_b = train(batch_size=256, lr=0.1, epochs=40, seed=1)
    for name, net, history in [("A (seed 0)", net_a, history_a), ("B (seed 1)", net_b, history_b)]:
        final = history.final()
        print(f"network {name}: training loss {final['train_loss']:.4f}, test accuracy {final['val_accuracy']:.1%}")
    """
)

md(
    """
    Two networks trained on the same images, in the same order, with the same learning rate, differing only
    in their random start: they do about equally well. Are they the same network?
    """
)

code(
    """
    first_a, first_b = net_a.parameters()[0], net_b.parameters()[0]
    relative_gap = np.linalg.norm(first_a - first_b) / np.linalg.norm(first_a)
    correlation = np.corrcoef(first_a.ravel(), first_b.ravel())[0, 1]
    disagree = np.sum(net_a.predict(x_test) != net_b.predict(x_test))

    print(f"first-layer weights: |W_A - W_B| / |W_A| = {relative_gap:.2f}, correlation {correlation:+.3f}")
    print(f"test images on which A and B give different answers: {disagree} of {len(x_test)}")
    """
)

md(
    """
    Their weights are unrelated (the correlation is about zero), and they even disagree on some images.
    Different starts, different minima, different networks of about the same quality.

    Part of the reason is a symmetry built into every network. Nothing distinguishes hidden unit 1 from
    hidden unit 2: swap them, together with their incoming and outgoing weights, and the network computes
    exactly the same function with a different set of weights. Every reordering of the units is another
    minimum with the same loss. Let us reorder the 100 units of network A's first hidden layer at random.
    """
)

code(
    """
    W1, b1, W2, b2, W3, b3 = net_a.state()              # copies of A's weights
    order = np.random.default_rng(1).permutation(W1.shape[1])
    shuffled = mlp.MLP(SIZES, seed=0)
    shuffled.load_state([W1[:, order], b1[order], W2[order, :], b2, W3, b3])

    weight_change = np.max(np.abs(shuffled.parameters()[0] - W1))
    output_change = np.max(np.abs(shuffled(x_test) - net_a(x_test)))
    print(f"largest change of a first-layer weight: {weight_change:.3f}")
    print(f"largest change of an output on the test images: {output_change:.1e}")
    orderings = (math.lgamma(100 + 1) + math.lgamma(60 + 1)) / math.log(10)   # log10(100! * 60!)
    print(f"orderings of the two hidden layers: 100! * 60!, about 10^{orderings:.0f}")
    """
)

md(
    """
    The weights moved a lot, the outputs not at all (up to float32 rounding). Even this small network has
    an astronomical number of equally good weight sets from the reorderings alone (the last line). The
    fourth exercise finds another symmetry of ReLU networks that gives not just many but infinitely many.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Full-batch, stochastic, mini-batch
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## How many examples per step?

    The training loss is an average over the training examples, so its gradient is the average of the
    examples' gradients. That gives three ways to take a step ({cite:t}`seed002`, equations 6 to 8):

    - **full-batch gradient descent** (전체 배치 경사하강법): average the gradient over *all* $n$ training
      examples, then step. Exact, but one step costs a pass over the whole data set.
    - **stochastic gradient descent**, SGD (확률적 경사하강법): pick *one* example at random, step on its
      gradient alone. Cheap, but that gradient is a noisy estimate of the true one.
    - **mini-batch SGD** (미니배치 확률적 경사하강법): average over a random mini-batch (미니배치) of $B$
      examples, the batch size (배치 크기), typically 50 to 256 according to {cite:t}`seed002`. A compromise.

    One pass over the training data is an epoch (에포크); a step is an iteration (반복), so an epoch has
    $\lceil n / B \rceil$ iterations. Stepping on noisy gradients has a long history: {cite:t}`robbins1951`
    proved that such stochastic approximation still finds its target if the steps shrink suitably,
    and {cite:t}`widrow1960` trained their ADALINE neuron one example at a time with the same idea.

    How noisy is a mini-batch gradient? At the starting weights of a fresh network we compute the full
    gradient over all 2000 images, then the gradient of many random mini-batches, and measure how well
    each points the same way: the cosine of the angle between them (1 means the same direction, 0 means
    unrelated).
    """
)

code(
    """
    probe = mlp.MLP(SIZES, seed=0)
    cross_entropy = mlp.SoftmaxCrossEntropy()


    def gradient_of(rows):
        \"\"\"All of probe's gradients on the chosen training images, as one long vector.\"\"\"
        cross_entropy.forward(probe(x_train[rows]), y_train[rows])
        probe.backward(cross_entropy.backward())
        return np.concatenate([g.ravel() for g in probe.gradients()])


    full_gradient = gradient_of(np.arange(len(x_train)))
    rng = np.random.default_rng(0)
    batch_sizes = [1, 4, 16, 64, 256, 1024]
    cosines = {}
    for size in batch_sizes:
        draws = [gradient_of(rng.choice(len(x_train), size=size, replace=False)) for _ in range(20)]
        cosines[size] = np.array([g @ full_gradient / (np.linalg.norm(g) * np.linalg.norm(full_gradient))
                                  for g in draws])
        print(f"batch size {size:>4}: cosine with the full gradient, mean {cosines[size].mean():.3f}, "
              f"worst of 20 {cosines[size].min():+.3f}")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    means = [cosines[s].mean() for s in batch_sizes]
    lows = [cosines[s].mean() - cosines[s].min() for s in batch_sizes]
    highs = [cosines[s].max() - cosines[s].mean() for s in batch_sizes]
    ax.errorbar(batch_sizes, means, yerr=[lows, highs], fmt="o-", capsize=4, label="mean; bars: worst to best of 20")
    ax.axhline(1.0, color="grey", linestyle="--", linewidth=1, label="the full gradient itself")
    ax.set_xscale("log")
    ax.set_xticks(batch_sizes, [str(s) for s in batch_sizes])
    ax.set_xlabel("batch size B (log scale)")
    ax.set_ylabel("cosine with the full gradient")
    ax.set_title("A mini-batch gradient points the right way more reliably as B grows")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    A single example's gradient points only roughly downhill on average, and some point slightly uphill
    (a negative cosine: a step on that example alone *raises* the training loss a little). Averaging
    over more examples cancels the noise, and by a few hundred the mini-batch gradient points almost where
    the full one does. Stochastic gradient descent therefore wanders: each step is downhill on average, but
    any one step can go wrong. The larger the learning rate, the farther each wrong step goes.

    ### Batch 1 against batch 256 on MNIST (seed 002)

    {cite:t}`seed002` compared SGD with batch size 1 and mini-batch SGD with batch size 256 on MNIST, each at
    learning rates 0.01 and 0.1, and reported:

    1. with batch size 1 the loss fluctuates (파동) strongly;
    2. with batch size 1, learning rate 0.01 converges despite the fluctuation;
    3. with batch size 1, learning rate 0.1 does *not* converge;
    4. with batch size 256 the fluctuation almost disappears, both learning rates converge, and 0.1
       converges faster.

    **The paper's setup**, as it states it: a 784-500-300-10 network, ReLU in the hidden layers, softmax at
    the output, cross-entropy loss, plain SGD, the full MNIST training set (60,000 images, with the 10,000
    test images held out). **What it does not say**: how many epochs or iterations it trained, how the
    weights were initialized, whether the pixels were scaled, whether examples were drawn with or without
    replacement, what its curves show (training or test loss, every step or smoothed, against iterations or
    epochs), and how many runs it averaged. We have to choose all of these.

    **Our scale, and why.** A step of the full-size network costs more than a step of a small one, and
    batch size 1 means one step per image: an epoch over 60,000 images is 60,000 steps. The next cell
    measures what that would cost on this machine.
    """
)

code(
    """
    paper_net = mlp.MLP([784, 500, 300, 10], seed=0)
    ours = mlp.MLP(SIZES).n_parameters
    print(f"parameters: 784-500-300-10 has {paper_net.n_parameters:,}, ours {ours:,} "
          f"({paper_net.n_parameters / ours:.1f} times fewer)")

    timing = {}
    for batch_size, steps in [(1, 100), (256, 3)]:
        h = mlp.fit(paper_net, mlp.SoftmaxCrossEntropy(), mlp.optim.SGD(lr=0.01), x_train, y_train,
                    batch_size=batch_size, max_iterations=steps, eval_every=10**6, progress=False)
        timing[batch_size] = h.time[-1] / steps
    print(f"784-500-300-10, one step: batch 1 {1000 * timing[1]:.2f} ms, batch 256 {1000 * timing[256]:.1f} ms")
    print(f"one epoch of 60,000 images: batch 1 about {60_000 * timing[1]:.0f} s, "
          f"batch 256 about {math.ceil(60_000 / 256) * timing[256]:.0f} s")
    """,
    tags=("nbval-ignore-output",),
)

md(
    """
    The paper does not say how many epochs it ran, and this page has to run in well under a minute
    alongside everything else, so we scale everything down by the same kind of factor:

    - **data**: the 2000 training images loaded above (200 per digit), and the 1000 test images to report
      accuracy;
    - **network**: 784-100-60-10, the paper's two ReLU hidden layers at a fifth of the width (same 5 : 3
      ratio), with several times fewer parameters (printed above);
    - **length**: batch size 1 for 2 epochs (4000 steps), batch size 256 for 40 epochs (320 steps), and
      for comparison full-batch descent (all 2000 images per step) for 40 epochs (40 steps);
    - **what we plot**: the loss of every step's mini-batch (what a training loop sees), and about 20 times
      per run the loss over all 2000 training images (what we actually care about);
    - **everything else**: `mlp`'s defaults (He initialization for ReLU, pixels scaled to 0..1, examples
      reshuffled every epoch), one run per setting.

    Network A above is already the run "batch 256, learning rate 0.1". Four more runs:
    """
)

code(
    """
    start = time.perf_counter()
    nets, runs = {}, {}
    for batch_size, epochs, lr in [(1, 2, 0.01), (1, 2, 0.1), (256, 40, 0.01), (256, 40, 0.1), (2000, 40, 0.1)]:
        if (batch_size, lr) == (256, 0.1):
            nets[batch_size, lr], runs[batch_size, lr] = net_a, history_a   # trained above
        else:
            nets[batch_size, lr], runs[batch_size, lr] = train(batch_size, lr, epochs)
    print(f"four runs trained in {time.perf_counter() - start:.1f} s")
    for (batch_size, lr), history in runs.items():
        print(f"batch {batch_size:>4}, lr {lr}: {math.ceil(len(x_train) / batch_size):>4} steps per epoch, "
              f"{len(history):>4} steps, {1000 * history.time[-1] / len(history):6.2f} ms per step, "
              f"{history.time[-1]:.2f} s of training")
    """,
    tags=("nbval-ignore-output",),
)

code(
    """
    def plot_run(ax, history, colour, label, window):
        \"\"\"Every step's mini-batch loss (faint), its moving average, and the loss on all training images.\"\"\"
        steps = np.asarray(history.iterations)
        ax.plot(steps, history.loss, color=colour, alpha=0.12, linewidth=0.5)
        ax.plot(steps[window - 1:], moving_average(history.loss, window), color=colour, linewidth=1,
                linestyle=":")
        ax.plot(history.metric("iteration"), history.metric("train_loss"), "o-", color=colour, markersize=3,
                linewidth=1.5, label=label)


    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    colours = {0.01: "tab:blue", 0.1: "tab:red"}
    for ax, batch_size, window in [(axes[0], 1, 100), (axes[1], 256, 8)]:
        for lr in (0.01, 0.1):
            plot_run(ax, runs[batch_size, lr], colours[lr], f"lr {lr}", window)
        ax.set_title(f"batch size {batch_size}")
        ax.set_xlabel("iteration (optimizer step)")
        ax.set_ylabel("loss")
        ax.set_ylim(0, 4)
        ax.legend(title="training-set loss", fontsize=8)

    for (batch_size, lr), colour, line in [((1, 0.01), "tab:blue", "-"), ((256, 0.01), "tab:purple", "--"),
                                           ((256, 0.1), "tab:purple", "-"), ((2000, 0.1), "tab:green", "-")]:
        history = runs[batch_size, lr]
        epochs_seen = history.metric("iteration") * batch_size / len(x_train)
        name = "full batch" if batch_size == len(x_train) else f"batch {batch_size}"
        axes[2].plot(epochs_seen, history.metric("train_loss"), "o", color=colour, linestyle=line, markersize=3,
                     label=f"{name}, lr {lr}")
    axes[2].set_xscale("log")
    axes[2].set_xlabel("epochs (passes over the 2000 images, log scale)")
    axes[2].set_ylabel("training-set loss")
    axes[2].set_title("against the data seen, with full-batch descent")
    axes[2].legend(fontsize=8)
    fig.suptitle("Batch 1 against batch 256 (faint: every step's mini-batch loss; dotted: its moving average)")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Left, batch size 1, as in the paper's Figure 3: the per-step loss (faint) jumps all over the place,
    because one image's loss is near 0 for an easy digit and large for a hard one. The training-set loss
    at learning rate 0.01 falls, with small ups and downs. At 0.1 it stays high and jumps around.

    Middle, batch size 256, as in the paper's Figure 4: smooth curves; both learning rates go down, and
    0.1 much faster.

    Right, the runs against the number of passes over the data, with full-batch descent added. Per epoch,
    batch size 1 takes 2000 steps, batch size 256 takes 8 and full-batch descent 1 (the steps per epoch
    are printed above). At the same learning rate, 0.1, batch 256 is far ahead of full-batch descent after
    any number of epochs, and batch size 1 at its workable 0.01 reaches in 2 epochs a loss that the others
    need many more epochs for. Per *step* the large batch is better (middle panel against left). What
    matters in the end is time: a step on 256 images costs far less than 256 steps on one image each
    (compare the milliseconds per step printed above), which is why mini-batches are the usual choice.
    That trade-off is chapter 16.

    Now the seed's four claims, checked with numbers. The paper judged convergence by eye; we need a rule.
    We call a run converged when its final loss over the training images is below half of $\\ln 10$ (the
    loss of a network that guesses uniformly among 10 digits, about where every run starts), and its last
    five measurements average no higher than the five before them (it is not drifting back up).
    """
)

code(
    """
    START_LOSS = math.log(10)


    def converged(history):
        \"\"\"Our test: final training-set loss below ln(10) / 2, and the last five measurements not rising.\"\"\"
        losses = history.metric("train_loss")
        return bool(losses[-1] < 0.5 * START_LOSS and losses[-5:].mean() <= losses[-10:-5].mean())


    def fluctuation(history):
        \"\"\"Spread of the per-step loss over the run's last quarter; how often the training-set loss rose.\"\"\"
        last = np.asarray(history.loss[len(history.loss) * 3 // 4:])
        rises = int(np.sum(np.diff(history.metric("train_loss")) > 0))
        return float(last.std()), rises


    print(f"{'run':>19}{'final train loss':>18}{'test accuracy':>15}{'step-loss std':>15}{'loss rose':>11}"
          "   converged?")
    for (batch_size, lr), history in runs.items():
        final = history.final()
        spread, rises = fluctuation(history)
        n_evaluations = len(history.evaluations)
        print(f"{f'batch {batch_size}, lr {lr}':>19}{final['train_loss']:>18.3f}{final['val_accuracy']:>15.1%}"
              f"{spread:>15.3f}{f'{rises} of {n_evaluations - 1}':>11}   {converged(history)}")
    """
)

code(
    """
    def steps_to_reach(history, level):
        \"\"\"The first evaluated iteration where the training-set loss is below level (None if never).\"\"\"
        below = np.nonzero(history.metric("train_loss") < level)[0]
        return None if len(below) == 0 else int(history.metric("iteration")[below[0]])


    spread_1, _ = fluctuation(runs[1, 0.01])
    spread_256, _ = fluctuation(runs[256, 0.01])
    claims = [
        ("batch 1 fluctuates much more than batch 256", spread_1 > 3 * spread_256),
        ("batch 1, lr 0.01 converges", converged(runs[1, 0.01])),
        ("batch 1, lr 0.1 does not converge", not converged(runs[1, 0.1])),
        ("batch 256 converges at both learning rates", converged(runs[256, 0.01]) and converged(runs[256, 0.1])),
        ("batch 256: lr 0.1 is faster than lr 0.01",
         runs[256, 0.1].final()["train_loss"] < runs[256, 0.01].final()["train_loss"]),
    ]
    for claim, holds in claims:
        print(f"{'agrees' if holds else 'DISAGREES':>9}: {claim}")
    print("batch 256, steps to a training loss below 1.0:",
          {lr: steps_to_reach(runs[256, lr], 1.0) for lr in (0.01, 0.1)})
    """
)

md(
    """
    At our scale the reproduction agrees with the paper on every claim. The step-loss spread measures
    claim 1, and the "loss rose" column shows it in the quantity that matters: the training-set loss of a
    batch-1 run goes up between evaluations several times, that of a batch-256 run only rarely.

    Why does batch size 1 at learning rate 0.1 fail, rather than merely wobble? Look inside the networks.
    A ReLU unit outputs 0 for negative input, and then its slope is 0 too. If one large, noisy step pushes a
    unit's weights so far that its input is negative for *every* image, it outputs 0 forever, its gradient
    is 0 forever, and gradient descent can never bring it back: a dead ReLU (죽은 ReLU). We count them.
    """
)

code(
    """
    def dead_fraction(net, images):
        \"\"\"For each hidden ReLU layer: the fraction of its units that output 0 on every image.\"\"\"
        fractions, h = [], images
        for layer in net.layers:
            h = layer.forward(h)
            if isinstance(layer, mlp.ReLU):
                fractions.append(float(np.mean(h.max(axis=0) == 0)))
        return fractions


    for (batch_size, lr), net in nets.items():
        first, second = dead_fraction(net, x_train)
        print(f"batch {batch_size:>3}, lr {lr}: dead units {first:.0%} of layer 1, {second:.0%} of layer 2")
    """
)

md(
    """
    Batch size 1 at learning rate 0.1 killed a large part of both hidden layers; the other runs lost
    few or none. The surviving network is much smaller than the one we built, and the noisy large steps
    keep knocking its weights about, so its loss cannot settle. This explanation is ours; the paper only
    reports the curves.

    The experiment is small: 2000 images, a narrower network and one run per setting, so treat it as a
    demonstration, not a measurement. Full-batch descent, which the paper describes but did not run,
    converges smoothly by our rule, but after 40 epochs (40 steps) its loss is still well above that of
    batch 256 at the same learning rate (the table): one step per pass over the data is slow progress.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Only differentiable models
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Only models with a useful derivative can learn this way

    Gradient descent moves the weights by the slope of the loss, so it can only train a model whose loss
    has a slope that tells it something: the deck says a model whose graph has sharp points or corners
    instead of joining smoothly, so that the derivative does not exist, cannot be used. The perceptron's
    step function (계단 함수) is the classic case: it is flat everywhere except at the jump, so its
    derivative is 0 wherever it exists. A tiny network on XOR (chapter 3) with step units in its hidden
    layer shows what that means for learning:
    """
)

code(
    """
    x_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    t_xor = np.array([[0], [1], [1], [0]], dtype=np.float32)

    for activation in ("step", "sigmoid"):
        net = mlp.MLP([2, 2, 1], activation=activation, output="sigmoid", seed=0)
        mse.forward(net(x_xor), t_xor)
        net.backward(mse.backward())
        grad_w1 = net.gradients()[0]
        print(f"hidden {activation:>7}: dL/dW1 =", np.round(grad_w1.ravel(), 5))
    """
)

md(
    """
    With step units the gradient of every hidden-layer weight is exactly zero, so gradient descent leaves
    them where they started, at any learning rate; with the sigmoid, a smooth step, every weight gets a
    slope to follow. That is the deck's reason for the sigmoid over the step function (chapter 6), and
    chapter 7's reason for training on a loss rather than on accuracy, which is itself a step function of the
    weights.

    The deck's wording needs one correction: what matters is a useful derivative *almost everywhere*, not
    smoothness everywhere. ReLU has a corner at 0 where the derivative does not exist, and it is the most
    used activation there is; at the corner the library simply picks a slope. And the dead ReLUs above show
    the other side: a unit whose slope is 0 on every example cannot learn, smooth or not.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "descend",
    "Gradient descent in a few lines",
    """
    Write `my_descend(grad, w0, lr, n_steps)` **without** `mlp`: start at `w0`, take `n_steps` steps of
    $w \\leftarrow w - \\text{lr} \\cdot \\text{grad}(w)$, and return every point visited, the start
    included, as a NumPy array of `n_steps + 1` rows.
    `w0` may be a number (return shape `(n_steps + 1,)`) or an array of several weights
    (return shape `(n_steps + 1, len(w0))`); `grad(w)` returns something of the same shape as `w`.
    """,
    """
    def my_descend(grad, w0, lr, n_steps):
        ### BEGIN SOLUTION
        w = np.array(w0, dtype=np.float64)   # a copy: never change the caller's array
        path = [w.copy()]
        for _ in range(n_steps):
            w = w - lr * np.asarray(grad(w))  # step against the slope
            path.append(w.copy())
        return np.array(path)
        ### END SOLUTION
    """,
    """
    check.descend(my_descend)
    """,
    difficulty="warm-up",
)

exercise(
    "largest_stable_lr",
    "Where divergence begins",
    """
    For the one-weight neuron $y = w\\,x$ with the loss $L(w) = \\text{mean}((w\\,x - t)^2)$, the table in
    the learning-rate section showed that each step multiplies the distance to the minimum by a fixed ratio.

    1. Write the gradient at $w$ as a multiple of $(w - w^*)$ (use that the slope is zero at $w^*$) and
       find that ratio as a formula in the learning rate and the inputs `x`.
    2. Write `largest_stable_lr(x)` that returns the learning rate at which the ratio reaches $-1$: above
       it, descent diverges. It must not depend on the targets (think about why).

    The check tries it on several sets of inputs and then on this chapter's `x`, where the explorer lets
    you see it.
    """,
    """
    def largest_stable_lr(x):
        ### BEGIN SOLUTION
        # dL/dw = mean(2 (w x - t) x) = 2 mean(x^2) (w - w*), because the slope is 0 at w*.
        # So w - w* becomes (1 - 2 lr mean(x^2)) (w - w*), and the ratio is -1 when lr = 1 / mean(x^2).
        # The targets only move w*, the bottom of the bowl; the bowl's steepness depends on x alone.
        x = np.asarray(x, dtype=np.float64)
        return float(1.0 / np.mean(x**2))
        ### END SOLUTION
    """,
    """
    check.largest_stable_lr(largest_stable_lr, x)
    """,
    difficulty="challenge",
)

exercise(
    "bigger_batch",
    "Predict, then train: a bigger batch",
    """
    Batch size 256 with learning rate 0.1 for 40 epochs was our best run. Now double the batch size to 512
    and keep everything else: learning rate 0.1, 40 epochs, the same 2000 images.

    1. **Before running anything**, predict the final training-set loss compared with the batch-256 run:
       set `my_prediction` to `"lower"`, `"higher"` or `"about the same"`. Each step now averages twice
       as many examples; what else changes?
    2. Then train it with this chapter's `train` function and set `final_loss_512` to the final
       training-set loss (`history.final()["train_loss"]`).
    """,
    """
    ### BEGIN SOLUTION
    # Each gradient is less noisy, but an epoch now has ceil(2000 / 512) = 4 steps instead of 8:
    # in 40 epochs the network takes half as many steps, and with plain SGD fewer steps means less progress.
    my_prediction = "higher"
    net_512, history_512 = train(batch_size=512, lr=0.1, epochs=40)
    final_loss_512 = history_512.final()["train_loss"]
    ### END SOLUTION
    """,
    """
    check.bigger_batch(my_prediction, final_loss_512, history_a, x_train, y_train)
    """,
    difficulty="practice",
)

exercise(
    "rescale_unit",
    "Infinitely many minima",
    """
    ReLU has a property the sigmoid lacks: for any $c > 0$, $\\mathrm{relu}(c\\,z) = c\\,\\mathrm{relu}(z)$.

    Write `rescale_unit(params, unit, c)` for a network whose parameters are
    `params = [W1, b1, W2, b2, ...]` (as `net.state()` returns them, `W1` of shape `(inputs, hidden)`).
    It returns a **new** list in which hidden unit `unit` of the first hidden layer has all its incoming
    weights and its bias multiplied by `c`, and all its outgoing weights divided by `c`; every other array
    is unchanged. Do not modify the arrays you were given.

    The check confirms that the network still computes the same function, for several `c`. Then think:
    why does this give infinitely many minima, and why must `c` be positive?
    """,
    """
    def rescale_unit(params, unit, c):
        ### BEGIN SOLUTION
        new = [p.copy() for p in params]
        W1, b1, W2 = new[0], new[1], new[2]
        W1[:, unit] *= c   # unit j's incoming weights are column j of W1
        b1[unit] *= c
        W2[unit, :] /= c   # and its outgoing weights are row j of W2
        # relu(c z) = c relu(z) for c > 0, so the unit's output is c times larger and the division undoes it.
        # Every c > 0 gives another weight set with the same loss: a whole curve of minima. For c < 0,
        # relu(c z) is not c relu(z) (a negative input would now fire), so the function changes.
        return new
        ### END SOLUTION
    """,
    """
    check.rescale_unit(rescale_unit, net_a, x_test)
    """,
    difficulty="practice",
)

# ---------------------------------------------------------------------------------------------------
# 8. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - Training is a search for weights with a small loss. Gradient descent moves each weight against the
      sign of its derivative, $w \\leftarrow w - \\eta\\, dL/dw$, and stops where the slope is zero.
    - The learning rate $\\eta$ sets the step. Too small crawls, about right arrives in a few steps, too
      large overshoots and zig-zags, and beyond a limit set by the steepest direction of the loss, descent
      diverges. In a long narrow valley one learning rate cannot suit both directions.
    - A loss can have many minima; gradient descent stops in the one whose valley it starts in. Networks
      trained from different random starts end with different weights of similar quality, and symmetries
      (reordering or rescaling hidden units) make whole families of equally good weights.
    - Full-batch descent uses every example per step, stochastic descent one, mini-batch descent a few
      hundred. Smaller batches give noisier gradients but more steps per epoch. On our scaled-down MNIST
      experiment, Kang's (2020) findings hold: batch 1 fluctuates, converges at learning rate 0.01 and fails
      at 0.1 (where many ReLU units die); batch 256 converges at both, faster at 0.1.
    - Gradient descent needs a derivative that is useful almost everywhere: a step function's is zero, so a
      network of step units cannot learn this way.

    ## What's next

    Plain gradient descent takes the slope at face value. Chapter 9 looks at SGD itself more closely, on
    harder test surfaces, and chapters 10 to 14 improve on it, with the deck's picture of a ball rolling
    downhill in mind: Momentum gives the ball inertia to roll through the zig-zag, AdaGrad, RMSProp and Adadelta give
    every weight its own step size, and Adam combines both. Chapter 16 returns to batch size and learning
    rate with a bigger experiment.
    """
)


if __name__ == "__main__":
    ch.write()
