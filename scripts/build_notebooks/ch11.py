"""Write notebooks/11-adagrad.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch11.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(11, "11-adagrad")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn, the idea
# ---------------------------------------------------------------------------------------------------

md(
    """
    # AdaGrad: a step size for every parameter

    Plain gradient descent moves every weight with the same learning rate. On a loss surface that is steep
    in one direction and flat in another, that single number is a compromise: small enough for the steep
    direction, and therefore far too small for the flat one. Momentum (chapter 10) eased the compromise by
    letting the steps build up speed. AdaGrad attacks it head on: it gives **every parameter its own step
    size**, and works it out from that parameter's own history of gradients.

    **What you will learn**

    - the AdaGrad update, as the course's sources write it and as `mlp.optim.AdaGrad` (PyTorch's version)
      computes it, and every place where the two differ: where the small $\\varepsilon$ sits, how large it
      is, what the accumulator starts at, and PyTorch's extra `lr_decay`;
    - why the very first AdaGrad step ignores the size of the gradient and keeps only its sign;
    - the one buffer of memory AdaGrad keeps, measured on a real network;
    - how per-parameter step sizes straighten the path on the elongated bowl, and how the ever-growing
      sum of squared gradients makes the steps shrink like $1/\\sqrt{t}$ and can stall the descent;
    - what AdaGrad does on MNIST, compared with plain SGD, and which of the sources' claims about it
      survive a test.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy and matplotlib, the optimizers and test surfaces of `mlp`, a small slice of MNIST, an
    explorer widget, and the checks for the exercises at the end.
    """
)

code(
    """
    import inspect

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.optim import SGD, Momentum, AdaGrad, Adadelta
    from mlp.surfaces import elongated_bowl, rosenbrock, two_minima, descend
    from mlp.plotting import plot_surface_path
    from mlp.datasets import load_mnist
    from mlp.widgets import frame_explorer
    from mlp.checks import ch11 as check

    SGD_COLOUR, MOMENTUM_COLOUR, ADAGRAD_COLOUR = "tab:blue", "tab:green", "tab:red"
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The idea
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## One learning rate for every direction is a compromise

    Chapter 9 sent stochastic gradient descent (확률적 경사하강법) down the elongated bowl
    $f(x, y) = x^2/20 + y^2$. Its gradient (기울기) is $(x/10,\\; 2y)$: the bowl curves much more
    sharply along $y$ than along $x$. For a quadratic bowl, each gradient descent (경사하강법) step
    multiplies the distance to the minimum along one axis by $1 - \\eta c$, where $\\eta$ is the learning
    rate (학습률) and $c$ the curvature along that axis. The step is stable only while $|1 - \\eta c| < 1$,
    that is $\\eta < 2/c$:
    """
)

code(
    """
    curvature = np.array([1 / 10, 2.0])  # d2f/dx2 and d2f/dy2 of the elongated bowl
    print("curvature along x and y:", curvature, "  ratio:", curvature[1] / curvature[0])
    print("largest stable learning rate along x and y (2 / c):", 2 / curvature)
    for lr in (0.1, 0.9):
        print(f"lr = {lr}: lr * c = {lr * curvature}, so each step multiplies the distance along x by "
              f"{1 - lr * curvature[0]:.2f} and along y by {1 - lr * curvature[1]:+.2f}")
    """
)

md(
    """
    The steep direction sets the limit, and the flat direction pays for it: with the learning rate just
    below the limit, $y$ already overshoots and flips sign at every step (the zig-zag of chapter 9) while
    $x$ still crawls.

    What if each parameter (매개변수) had its own learning rate, small where the surface is steep and
    large where it is flat? Nobody wants to tune one learning rate per weight by hand for a network with
    thousands of weights, so the rate must come from the data. AdaGrad's answer: keep, for each
    parameter, a running **sum of its squared gradients**, and divide that parameter's step by the square
    root of the sum. A parameter whose gradients have been large takes small steps; one whose gradients
    have been small takes large ones.

    Picture a hiker who keeps a notebook for each compass direction and writes down, at every step, how
    steep the ground was in that direction. Before each new step the hiker reads the notebook: in
    directions that have been steep so far the steps are short, in directions that have been gentle
    they are long. The notebook is never erased, so every step is a little more cautious than the last.

    AdaGrad (for *adaptive gradient*) comes from online learning, the setting where a model is updated
    after each example as the data stream in. John Duchi, Elad Hazan and Yoram Singer published it
    {cite:p}`duchi2011`; Brendan McMahan and Matthew Streeter found a closely related rule at the
    same time {cite:p}`mcmahan2010`. It made its name on problems with *sparse* features, such as words in text, where a rare but
    telling feature gets only a few gradients and AdaGrad gives those few large steps. Google's
    large-scale training system DistBelief used it {cite:p}`dean2012`, and GloVe word vectors were trained
    with it {cite:p}`pennington2014`.

    The course's deck {cite:p}`seed004` names AdaGrad among the "other ways of adjusting the weights",
    beside SGD, Momentum, RMSprop and Adam, and shows a family tree of optimizers taken from Ha Yong-ho's
    slides *자습해도 모르겠던 딥러닝, 머리속에 인스톨 시켜드립니다*. In that tree AdaGrad is where the
    branch of methods that adapt the *size* of the step begins; RMSProp (chapter 12), Adadelta
    (chapter 13) and Adam (chapter 14) all grow from it.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The equations: seeds vs mlp.optim
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The update, as the sources write it

    Three of the course's papers write AdaGrad down. With $\\nabla$ the gradient of the loss with respect
    to the weights:

    - **Seed 000** {cite:p}`seed000`, eq. (6), calls the sum $h$:
      $h \\leftarrow h + \\nabla L \\odot \\nabla L$ and $W \\leftarrow W - \\eta \\frac{1}{\\sqrt{h}} \\nabla L$.
      (The symbols are lost in the course's text copy of the paper; its sentences say that $h$ keeps
      adding the squared gradients and that the update divides $\\eta$ by $\\sqrt{h}$. No $\\varepsilon$
      is mentioned.)
    - **Seed 002** {cite:p}`seed002`, eq. (10):

      $$G \\leftarrow G + \\nabla_w J(w) \\odot \\nabla_w J(w), \\qquad
        w \\leftarrow w - \\frac{\\eta}{\\sqrt{G + \\varepsilon}} \\odot \\nabla_w J(w),$$

      where $\\odot$ is the element-wise square (원소별 제곱) and $\\varepsilon$ a small number "to avoid
      dividing by zero".
    - **Seed 003** {cite:p}`seed003`, eqs. (4) and (5), the same with a time index:
      $G_t = G_{t-1} + (\\nabla_\\theta J(\\theta_t))^2$ and
      $\\theta_{t+1} = \\theta_t - \\frac{\\eta}{\\sqrt{G_t + \\epsilon}} \\nabla_\\theta J(\\theta_t)$,
      with $\\epsilon$ "about $10^{-4}$ to $10^{-8}$".

    All three agree on the idea: one sum per parameter (element-wise, so $G$ has the shape of the weights),
    and a step of $\\eta$ divided by the root of that sum. The update size (갱신폭), in seed 000's words,
    gets smaller as learning goes on.

    ## ... and as `mlp.optim` computes it

    `mlp.optim.AdaGrad` follows PyTorch's `torch.optim.Adagrad` exactly. Here is its update rule, the
    whole of it:
    """
)

code(
    """
    print(inspect.getsource(AdaGrad._update))
    print(AdaGrad())  # the defaults, PyTorch's
    """
)

md(
    """
    Written as equations, with $t = 1, 2, \\dots$ the step number and $g$ the gradient:

    $$G_0 = a, \\qquad G_t = G_{t-1} + g_t \\odot g_t,$$
    $$\\eta_t = \\frac{\\eta}{1 + (t - 1)\\,d}, \\qquad
      w_t = w_{t-1} - \\eta_t\\, \\frac{g_t}{\\sqrt{G_t} + \\varepsilon},$$

    where $a$ is the argument `initial_accumulator_value` (default 0), $d$ is `lr_decay` (default 0, so
    $\\eta_t = \\eta$), and $\\varepsilon$ is `eps` (default $10^{-10}$).

    Set beside the sources, five things differ; the first four are demonstrated below.

    1. **Where $\\varepsilon$ sits.** PyTorch adds it *outside* the root, $\\sqrt{G} + \\varepsilon$;
       seeds 002 and 003 put it *inside*, $\\sqrt{G + \\varepsilon}$; seed 000 has none.
    2. **How big $\\varepsilon$ is.** PyTorch uses $10^{-10}$; seed 003 suggests $10^{-8}$ to $10^{-4}$.
    3. **Where $G$ starts.** PyTorch and the seeds start at 0. TensorFlow, which seed 003 used, starts at
       0.1 by default.
    4. **`lr_decay`.** PyTorch can also shrink $\\eta$ itself, like $1/t$; it is off (0) by default and no
       source mentions it.
    5. **`weight_decay`.** Every optimizer in `mlp` can add an L2 term to the gradient first; that belongs
       to chapter 20, and is off here.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Three steps by hand
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Three steps by hand

    Before trusting the library, we compute three AdaGrad steps ourselves. The problem is tiny: three
    weights on the bowl $f(w) = \\tfrac12 \\sum_i c_i w_i^2$ with curvatures $c = (10, 1, 0.1)$, so the
    gradient is $c \\odot w$ and its three entries have very different sizes. The NumPy lines are the
    equations above, one for one; next to them the library takes the same steps on its own copy of the
    weights.
    """
)

code(
    """
    tiny_curvature = np.array([10.0, 1.0, 0.1])


    def tiny_gradient(w):
        \"\"\"Gradient of f(w) = sum(c * w**2) / 2.\"\"\"
        return tiny_curvature * w


    lr, eps = 0.1, 1e-10
    w_hand = np.array([1.0, -2.0, 3.0])
    G_hand = np.zeros(3)
    w_library = w_hand.copy()
    optimizer = AdaGrad(lr=lr, eps=eps)

    np.set_printoptions(precision=5, suppress=False)


    def vector(values):
        \"\"\"The entries of values to 5 decimals, trailing zeros dropped: [181, 7.61, 0.1741].\"\"\"
        return "[" + ", ".join(f"{value:.5f}".rstrip("0").rstrip(".") for value in values) + "]"


    for t in range(1, 4):
        g = tiny_gradient(w_hand)
        G_hand = G_hand + g * g                      # G <- G + g*g
        step = lr * g / (np.sqrt(G_hand) + eps)      # lr * g / (sqrt(G) + eps)
        w_hand = w_hand - step
        optimizer.step([w_library], [tiny_gradient(w_library)])
        print(f"step {t}: g = {vector(g)}, G = {vector(G_hand)}")
        print(f"        step = {vector(step)},  w = {vector(w_hand)}")
        print(f"        library w = {vector(w_library)},  largest difference {np.abs(w_library - w_hand).max():.1e}")
    """
)

md(
    """
    The library and the hand computation agree to the last bit. The library's sum lives in the
    optimizer's `state`, one dictionary per parameter array:
    """
)

code(
    """
    for index, state in enumerate(optimizer.state):
        for key, value in state.items():
            print(f"optimizer.state[{index}][{key!r}] = {vector(value)}")
    print("same as ours:", np.allclose(optimizer.state[0]["G"], G_hand, rtol=0, atol=0))
    """
)

md(
    """
    Look at the first step in the table: the three gradients were 10, -2 and 0.3, yet every weight moved
    by exactly the learning rate, in the direction opposite to its gradient. That is no accident.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. The sign-like first step and where epsilon sits
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The first step only sees the sign

    At the first step the sum holds a single square, $G_1 = g_1^2$, so $\\sqrt{G_1} = |g_1|$ and

    $$\\Delta w_1 = -\\eta \\frac{g_1}{|g_1| + \\varepsilon} \\approx -\\eta\\, \\operatorname{sign}(g_1)
      \\quad\\text{whenever } |g_1| \\gg \\varepsilon.$$

    The size of the gradient cancels out. A weight with a gradient of 1000 and a weight with a gradient
    of 0.001 both move by $\\eta$. Here is the first step, divided by $\\eta$, for gradients from 1000
    down to $10^{-12}$, computed by the library and by each of the sources' forms:
    """
)

code(
    """
    TF_INITIAL_ACCUMULATOR = 0.1  # TensorFlow's default initial_accumulator_value


    def first_step_library(g, **settings):
        \"\"\"Minus the first update of mlp.optim.AdaGrad(lr=1), for gradients g (one weight per entry).\"\"\"
        w = np.zeros_like(g)
        AdaGrad(lr=1.0, **settings).step([w], [g])
        return -w


    def first_step_eps_inside(g, eps):
        \"\"\"Seeds 002 and 003: lr * g / sqrt(G + eps) with G = g*g and lr = 1.\"\"\"
        return g / np.sqrt(g * g + eps)


    gradients = np.array([1e3, 1.0, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12])
    forms = {
        "PyTorch, eps=1e-10 outside": first_step_library(gradients),
        "seeds, eps=1e-8 inside": first_step_eps_inside(gradients, 1e-8),
        "seed 003, eps=1e-4 inside": first_step_eps_inside(gradients, 1e-4),
        "TensorFlow, G0=0.1": first_step_library(gradients, initial_accumulator_value=TF_INITIAL_ACCUMULATOR),
    }
    print(f"{'gradient g':>28}" + "".join(f"{g:>9.0e}" for g in gradients))
    for name, steps in forms.items():
        print(f"{name:>28}" + "".join(f"{s:>9.3f}" for s in steps))
    """
)

md(
    """
    With PyTorch's form the first step is the sign of the gradient, to three decimals, for every gradient
    down to $10^{-6}$, and still 0.99 of it at $10^{-8}$; only when $|g|$ approaches
    $\\varepsilon = 10^{-10}$ does it shrink. Put
    $\\varepsilon$ inside the root and the threshold moves to $\\sqrt{\\varepsilon}$: with seed 003's
    $\\varepsilon = 10^{-4}$, any gradient below about $10^{-2}$ already gets a smaller first step. And
    TensorFlow's starting value $G_0 = 0.1$ changes the picture completely: then
    $\\sqrt{G_1} = \\sqrt{0.1 + g^2}$, so small gradients are simply multiplied by about
    $\\eta/\\sqrt{0.1}$, like plain SGD with a larger learning rate. (TensorFlow 1's
    `tf.train.AdagradOptimizer` adds no $\\varepsilon$ at all, and Keras's `Adagrad` adds $10^{-7}$ outside
    the root; both start the sum at 0.1.) The plot shows the same curves over the whole range.
    """
)

code(
    """
    g_range = np.logspace(-13, 2, 300)
    curves = {
        "PyTorch / mlp: ε = 1e-10 outside the root": first_step_library(g_range),
        "seeds 002, 003: ε = 1e-8 inside": first_step_eps_inside(g_range, 1e-8),
        "seed 003's largest: ε = 1e-4 inside": first_step_eps_inside(g_range, 1e-4),
        "TensorFlow: G starts at 0.1": first_step_library(g_range,
                                                          initial_accumulator_value=TF_INITIAL_ACCUMULATOR),
    }
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for (name, steps), style in zip(curves.items(), ["-", "--", "-.", ":"]):
        ax.plot(g_range, steps, style, linewidth=2, label=name)
    ax.axhline(1.0, color="grey", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("size of the first gradient |g|")
    ax.set_ylabel("first step / learning rate")
    ax.set_title("AdaGrad's first step: the sign of g, until ε or G₀ take over")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    When does it matter? Only for a parameter whose sum $G$ is still tiny, about $\\varepsilon$ or (inside
    the root) $\\sqrt{\\varepsilon}$: a weight whose gradients have been very small or exactly zero. A
    network has such weights: in MNIST the pixels at the edge of the image are blank in almost every
    digit, so the first-layer weights that read them get zero gradients. We come back to this on MNIST
    below, where the form without any $\\varepsilon$ breaks training outright.

    PyTorch also offers `lr_decay` (the $d$ above), which divides the learning rate by $1 + (t-1)\\,d$ on
    top of AdaGrad's own shrinking. With a constant gradient (here $g = 2$ at every step), AdaGrad's
    step is $\\eta/\\sqrt{t}$ and `lr_decay` divides it further:
    """
)

code(
    """
    def constant_gradient_steps(optimizer, n_steps, slope=2.0):
        \"\"\"The step sizes of `optimizer` on f(w) = slope * w, whose gradient is `slope` everywhere.\"\"\"
        w = np.zeros(1)
        steps = []
        for _ in range(n_steps):
            before = w[0]
            optimizer.step([w], [np.array([slope])])
            steps.append(before - w[0])
        return np.array(steps)


    t = np.arange(1, 6)
    print("step t:                        ", t)
    print("AdaGrad(lr=0.1):               ", constant_gradient_steps(AdaGrad(lr=0.1), 5))
    print("0.1 / sqrt(t):                 ", 0.1 / np.sqrt(t))
    print("AdaGrad(lr=0.1, lr_decay=0.5): ", constant_gradient_steps(AdaGrad(lr=0.1, lr_decay=0.5), 5))
    print("0.1 / (1 + 0.5 (t-1)) / sqrt(t):", 0.1 / (1 + 0.5 * (t - 1)) / np.sqrt(t))
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. State and memory
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The state: one buffer per parameter

    AdaGrad remembers one number per weight, the sum $G$, stored in an array of the same shape and dtype
    as the weight. Plain SGD remembers nothing; Momentum (chapter 10) also keeps one array, its velocity.
    We measure it on the network we train on MNIST below, 784-100-10, after one step on a random batch
    (the state is created on the first step):
    """
)

code(
    """
    net = mlp.MLP([784, 100, 10], activation="relu", seed=0)
    loss = mlp.SoftmaxCrossEntropy()
    rng = np.random.default_rng(0)
    x_random = rng.random((32, 784), dtype=np.float32)
    y_random = rng.integers(0, 10, size=32)
    loss.forward(net(x_random), y_random)
    net.backward(loss.backward())

    parameter_bytes = sum(p.nbytes for p in net.parameters())
    print(f"{net.n_parameters} parameters, {parameter_bytes:,} bytes as float32")
    for name, opt in [("SGD", SGD(lr=0.01)), ("Momentum", Momentum(lr=0.01)), ("AdaGrad", AdaGrad(lr=0.01))]:
        opt.step([p.copy() for p in net.parameters()], net.gradients())
        state_bytes = opt.memory_bytes()
        print(f"{name:>9}: state {state_bytes:>9,} bytes = {state_bytes / parameter_bytes:.0f} x the weights")
    print(f"a billion float32 weights: {1e9 * 4 / 1e9:.0f} GB of weights, and as much again for AdaGrad's G")
    """
)

md(
    """
    One extra copy of the weights, the same as Momentum. For this small network it is nothing; for a
    network with a billion weights it is gigabytes (last line).
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Three surfaces
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## On the three test surfaces

    Chapter 9 introduced the three surfaces of `mlp.surfaces` and chapter 10 rolled Momentum over them.
    Here AdaGrad joins SGD and Momentum. Each optimizer gets a learning rate that suits it on that
    surface (the legend gives them; Momentum keeps 0.9 of its velocity). On the bowl, SGD runs close to
    its limit of 1 found above, while AdaGrad uses 1.5, which SGD could not survive.
    """
)

code(
    """
    surface_runs = {
        elongated_bowl: (60, {"SGD, lr 0.9": SGD(lr=0.9),
                              "Momentum, lr 0.1": Momentum(lr=0.1, momentum=0.9),
                              "AdaGrad, lr 1.5": AdaGrad(lr=1.5)}),
        rosenbrock: (2000, {"SGD, lr 0.002": SGD(lr=0.002),
                            "Momentum, lr 0.001": Momentum(lr=0.001, momentum=0.9),
                            "AdaGrad, lr 0.1": AdaGrad(lr=0.1)}),
        two_minima: (100, {"SGD, lr 0.1": SGD(lr=0.1),
                           "Momentum, lr 0.02": Momentum(lr=0.02, momentum=0.9),
                           "AdaGrad, lr 0.5": AdaGrad(lr=0.5)}),
    }
    surface_paths = {}
    for surface, (n_steps, optimizers) in surface_runs.items():
        surface_paths[surface.name] = {name: descend(opt, surface, steps=n_steps)
                                       for name, opt in optimizers.items()}
        print(f"{surface.name} ({n_steps} steps from {surface.start}):")
        for name, path in surface_paths[surface.name].items():
            x_end, y_end = path[-1]
            print(f"   {name:>20}: ends at ({x_end:+.4f}, {y_end:+.4f}), f = {surface(x_end, y_end):.2e}")

    ridge_x = np.sort(np.roots([4.0, 0.0, -4.0, 0.3]).real)[1]  # df/dx = 0 between the two valleys: the ridge
    big_step = descend(AdaGrad(lr=2.0), two_minima, steps=100)
    print(f"two_minima, AdaGrad lr 2: first step moves x from {big_step[0, 0]:.1f} to {big_step[1, 0]:.1f} "
          f"(the ridge is at x = {ridge_x:.3f}); ends at x = {big_step[-1, 0]:+.4f}")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2))
    for ax, surface, corner in zip(axes, surface_runs, ["lower left", "lower right", "lower right"]):
        ax.set_prop_cycle(color=[SGD_COLOUR, MOMENTUM_COLOUR, ADAGRAD_COLOUR])  # the paths take these in turn
        plot_surface_path(surface, surface_paths[surface.name], ax=ax, xlim=surface.xlim, ylim=surface.ylim,
                          minimum=surface.minima[0], levels=25, title=surface.formula)
        ax.legend(fontsize=7, loc=corner)
    fig.suptitle("SGD, Momentum and AdaGrad on the three test surfaces (X marks where each run ends)")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Three different stories:

    - **Elongated bowl.** AdaGrad's path heads almost straight for the minimum: no zig-zag across the
      valley, no overshoot. It also ends closest to the minimum, but only because it can use a learning
      rate SGD cannot.
    - **Rosenbrock.** AdaGrad is the one that has *not* arrived after 2000 steps: SGD and Momentum reach
      the minimum at (1, 1), AdaGrad is still in the curved valley. Its steps have become tiny; we find
      out why below.
    - **Two minima.** AdaGrad settles in the nearer, shallower valley, as SGD does; only Momentum
      carries enough speed over the ridge into the deeper one. (With learning rate 2, AdaGrad would
      also end in the deeper valley, but for a dull reason: its first step moves $x$ by exactly 2, from
      1.8 straight over the ridge. That is the sign-like first step again, not cleverness.)

    The next two sections look at the first two stories in detail.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. The bowl: effective step per coordinate
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The elongated bowl: each direction in its own units

    The quantity to watch is each coordinate's *effective learning rate* $\\eta / (\\sqrt{G} + \\varepsilon)$,
    what multiplies that coordinate's gradient. We run AdaGrad on the bowl again and read $G$ from the
    optimizer's state after every step. What decides how fast a direction converges is the effective rate
    times the curvature along it: for SGD that product is 0.09 along $x$ and 1.8 along $y$ at $\\eta = 0.9$,
    a ratio of 20 that never changes.
    """
)

code(
    """
    def effective_rates(optimizer, surface, n_steps):
        \"\"\"Run `optimizer` on `surface`: the path, and lr / (sqrt(G) + eps) per coordinate per step.\"\"\"
        w = np.array(surface.start, dtype=np.float64)
        path, rates = [w.copy()], []
        for _ in range(n_steps):
            optimizer.step([w], [surface.grad(w)])
            path.append(w.copy())
            rates.append(optimizer.lr / (np.sqrt(optimizer.state[0]["G"]) + optimizer.eps))
        return np.array(path), np.array(rates)


    bowl_lr = 1.5
    bowl_path, bowl_rates = effective_rates(AdaGrad(lr=bowl_lr), elongated_bowl, 60)
    print("same path as descend():",
          np.array_equal(bowl_path, surface_paths["elongated_bowl"]["AdaGrad, lr 1.5"]))
    first_gradient = elongated_bowl.grad(bowl_path[0])
    print("first step (dx, dy):", bowl_path[1] - bowl_path[0], " gradient there:", first_gradient,
          f" G after it: {first_gradient**2}, ratio {first_gradient[1]**2 / first_gradient[0]**2:.1f}")
    speed = bowl_rates * curvature  # effective rate times curvature, per coordinate
    for t in (1, 2, 5, 20, 60):
        rate_x, rate_y = bowl_rates[t - 1]
        speed_x, speed_y = speed[t - 1]
        print(f"after step {t:>2}: effective rate x {rate_x:.3f}, y {rate_y:.3f};"
              f"  times curvature: x {speed_x:.3f}, y {speed_y:.3f}, ratio y/x {speed_y / speed_x:.2f}")
    start = np.abs(np.array(elongated_bowl.start))
    print("distance to the minimum at the start, along x and y:", start, " ratio x/y:", start[0] / start[1])
    """
)

md(
    """
    AdaGrad hands the flat direction $x$ a much larger effective rate than the steep direction $y$, so
    the product with the curvature, the speed of convergence along each axis, is far more even than
    SGD's ratio of 20. Why is it not exactly even? On a quadratic the gradient along one axis is
    $c\\,w$, so $\\sqrt{G} = c\\sqrt{\\sum_t w_t^2}$ and the curvature $c$ cancels from the step entirely:
    what is left is how far that coordinate has been from its minimum. At the first step the ratio is
    exactly the ratio of the starting distances, printed last. AdaGrad measures each direction in its own
    units; the steepness of the surface no longer enters the step. The plot shows the rates over time.
    """
)

code(
    """
    steps = np.arange(1, len(bowl_rates) + 1)
    fig, (ax_path, ax_rate) = plt.subplots(1, 2, figsize=(11, 3.8), width_ratios=[1.1, 1])
    ax_path.set_prop_cycle(color=[ADAGRAD_COLOUR, SGD_COLOUR])
    plot_surface_path(elongated_bowl, {f"AdaGrad, lr {bowl_lr}": bowl_path,
                                       "SGD, lr 0.9": surface_paths["elongated_bowl"]["SGD, lr 0.9"]},
                      ax=ax_path, xlim=(-8, 2), ylim=(-2.5, 2.5), minimum=(0, 0), levels=20,
                      title="the bowl: AdaGrad goes straight, SGD zig-zags")
    ax_rate.plot(steps, bowl_rates[:, 0], color=ADAGRAD_COLOUR, label="AdaGrad: effective rate along x")
    ax_rate.plot(steps, bowl_rates[:, 1], color=ADAGRAD_COLOUR, linestyle="--", label="AdaGrad: along y")
    ax_rate.axhline(0.9, color=SGD_COLOUR, linestyle=":", label="SGD: 0.9 along both")
    ax_rate.set_yscale("log")
    ax_rate.set_xlabel("step t")
    ax_rate.set_ylabel("lr / (√G + ε)")
    ax_rate.set_title("each coordinate gets its own learning rate")
    ax_rate.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Both rates fall at first and then level off: once a coordinate is near its minimum its
    gradients are tiny and hardly add to $G$. Notice also that AdaGrad's rate along $x$ ends up *larger*
    than SGD's 0.9: AdaGrad is not simply cautious, it is cautious only where the gradients have been
    large.

    One more property follows from $|g_t| \\le \\sqrt{G_t}$: **no AdaGrad step moves a parameter by more
    than $\\eta$**. The learning rate is a distance, the largest step allowed. That is why AdaGrad
    survived $\\eta = 1.5$ on the bowl:
    """
)

code(
    """
    for surface_name, paths in surface_paths.items():
        for name, path in paths.items():
            if name.startswith("AdaGrad"):
                lr_used = float(name.split("lr ")[1])
                largest = np.abs(np.diff(path, axis=0)).max()
                print(f"{surface_name:>15}, {name}: largest move of one coordinate in one step "
                      f"{largest:.4f} <= {lr_used}")
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Steps that shrink forever; Rosenbrock stall
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Steps that shrink for ever

    $G$ only ever grows. If the gradient stays the same, $G_t = t\\,g^2$ and the step is exactly
    $\\eta/\\sqrt{t}$ (we saw the first five above): after 100 steps it is a tenth of the first, after
    10,000 a hundredth. This is the built-in decay seed 003 praises ("with AdaGrad you need not think about
    learning rate decay") and the weakness it and seed 002 warn about ("the learning rate becomes so small
    that it hardly moves"). Both are right about the single step. But the *distance travelled* keeps
    growing, like $\\eta \\sum_{t \\le T} 1/\\sqrt{t} \\approx 2\\eta\\sqrt{T}$, without limit:
    """
)

code(
    """
    ramp_steps = constant_gradient_steps(AdaGrad(lr=0.1), 10_000)
    travelled = np.cumsum(ramp_steps)
    for T in (1, 100, 1_000, 10_000):
        print(f"after {T:>6} steps: this step {ramp_steps[T - 1]:.5f} = 0.1/sqrt(T) = {0.1 / np.sqrt(T):.5f};"
              f"  travelled {travelled[T - 1]:7.3f}  (2 * 0.1 * sqrt(T) = {0.2 * np.sqrt(T):7.3f})")
    """
)

md(
    """
    So with steady gradients AdaGrad slows down but never stops. It *stalls* when the gradients were
    large early on and are small now: the old squares stay in $G$ for ever and hold every later step
    down. The start of the Rosenbrock surface is exactly that: near $(-1.5, 2)$ the walls of the valley
    are steep, while on the valley floor the gradients are small. We trace the gradient and
    $\\sqrt{G}$ along AdaGrad's path from the surface figure (lr 0.1), for 10,000 steps:
    """
)

code(
    """
    rosen_lr, rosen_steps = 0.1, 10_000
    w = np.array(rosenbrock.start, dtype=np.float64)
    rosen_opt = AdaGrad(lr=rosen_lr)
    rosen_grads, rosen_root_G, rosen_path = [], [], [w.copy()]
    for _ in range(rosen_steps):
        g = rosenbrock.grad(w)
        rosen_opt.step([w], [g])
        rosen_grads.append(np.abs(g))
        rosen_root_G.append(np.sqrt(rosen_opt.state[0]["G"]))
        rosen_path.append(w.copy())
    rosen_grads, rosen_root_G, rosen_path = np.array(rosen_grads), np.array(rosen_root_G), np.array(rosen_path)

    first_ten = (rosen_grads[:10] ** 2).sum(axis=0) / (rosen_grads[:3000] ** 2).sum(axis=0)
    print("share of G after 3000 steps that the first 10 steps put there (x, y):", np.round(first_ten, 3))
    for t in (1, 10, 100, 1000, 3000):
        root_G = rosen_root_G[t - 1]
        print(f"step {t:>5}: |g| = {np.round(rosen_grads[t - 1], 3)},  sqrt(G) = {np.round(root_G, 1)},"
              f"  step/|g| = lr/sqrt(G) = {np.round(rosen_lr / root_G, 5)}")

    distance = np.linalg.norm(rosen_path - np.array([1.0, 1.0]), axis=1)
    sgd_path = descend(SGD(lr=0.002), rosenbrock, steps=rosen_steps)
    sgd_distance = np.linalg.norm(sgd_path - np.array([1.0, 1.0]), axis=1)
    for T in (100, 1000, 3000, 10_000):
        print(f"after {T:>6} steps: distance to (1, 1): AdaGrad {distance[T]:.4f},"
              f"  SGD (lr 0.002) {sgd_distance[T]:.4f}")
    """
)

code(
    """
    fig, (ax_ramp, ax_rosen) = plt.subplots(1, 2, figsize=(11, 3.8))
    T_axis = np.arange(1, len(ramp_steps) + 1)
    ax_ramp.loglog(T_axis, ramp_steps, color=ADAGRAD_COLOUR, linewidth=2,
                   label="AdaGrad step, constant gradient")
    ax_ramp.loglog(T_axis, 0.1 / np.sqrt(T_axis), "k:", label="0.1 / √t")
    ax_ramp.axhline(0.05 * 2.0, color=SGD_COLOUR, linestyle="--", label="SGD, lr 0.05, on the same slope")
    ax_ramp.set_xlabel("step t")
    ax_ramp.set_ylabel("size of step t")
    ax_ramp.set_title("with a steady gradient: steps shrink like 1/√t")
    ax_ramp.legend(fontsize=8)

    t_axis = np.arange(1, rosen_steps + 1)
    ax_rosen.loglog(t_axis, rosen_grads[:, 0], color="tab:purple", linewidth=0.8, label="|gradient| along x")
    ax_rosen.loglog(t_axis, rosen_root_G[:, 0], color=ADAGRAD_COLOUR, linewidth=2, label="√G along x")
    ax_rosen.set_xlabel("step t")
    ax_rosen.set_ylabel("size (log scale)")
    ax_rosen.set_title("Rosenbrock: the early gradients never leave G")
    ax_rosen.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The right panel is the stall in one picture. Within the first few steps the gradient along $x$ falls
    from over a hundred to around one, but $\\sqrt{G}$ has already been pushed up by those first squares
    and stays there; the share printed above says most of $G$ comes from the first ten steps. Every later
    step along $x$ is the gradient times $\\eta/\\sqrt{G}$, a few ten-thousandths. AdaGrad does get to the
    minimum eventually, as the distances show, but plain SGD gets there much sooner.

    The remedy is to forget. Keep a running *average* of recent squared gradients instead of their sum,
    and the old steep walls fade from memory: that is RMSProp, the next chapter. The last exercise,
    *Forgetting on purpose*, lets you try a crude version, forgetting everything every few hundred steps.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: the learning rate on the bowl

    Slide the learning rate and watch SGD and AdaGrad, each for 60 steps from the same start on the
    elongated bowl. On the right, the loss after each step (as $\\log_{10} f$). Things to look for: the SGD
    zig-zag as the rate approaches 1 and its blow-up beyond; AdaGrad's sign-like first step (always
    diagonal, $\\eta$ along both axes); how AdaGrad crawls at small rates (its steps shrink before it has
    arrived) and is still fine at rates where SGD explodes.
    """
)

code(
    """
    explorer_lrs = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0, 5.0]
    explorer_runs = {lr: {"SGD": descend(SGD(lr=lr), elongated_bowl, steps=60),
                          "AdaGrad": descend(AdaGrad(lr=lr), elongated_bowl, steps=60)} for lr in explorer_lrs}
    bowl_grid_x, bowl_grid_y = np.meshgrid(np.linspace(-10, 10, 150), np.linspace(-5, 5, 150))
    bowl_grid_f = elongated_bowl(bowl_grid_x, bowl_grid_y)


    def draw_bowl_lr(fig, lr):
        \"\"\"One frame: both paths on the bowl, and the loss after every step.\"\"\"
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.9, wspace=0.25)
        ax_path, ax_loss = fig.subplots(1, 2, width_ratios=[1.4, 1])
        ax_path.contour(bowl_grid_x, bowl_grid_y, bowl_grid_f, levels=[0.1, 0.5, 1, 2, 4, 8, 16, 25],
                        colors="lightgrey", linewidths=0.8)
        for (name, path), colour in zip(explorer_runs[lr].items(), [SGD_COLOUR, ADAGRAD_COLOUR]):
            ax_path.plot(path[:, 0], path[:, 1], "-o", color=colour, markersize=2, linewidth=1, label=name)
            losses = elongated_bowl(path[:, 0], path[:, 1])
            ax_loss.plot(np.arange(len(losses)), np.log10(np.maximum(losses, 1e-30)), color=colour, label=name)
        ax_path.plot(0, 0, "*", color="gold", markersize=12, markeredgecolor="k")
        ax_path.set_xlim(-10, 10)
        ax_path.set_ylim(-5, 5)
        ax_path.set_title(f"elongated bowl, lr = {lr}", fontsize=10)
        ax_path.legend(fontsize=8, loc="lower right")
        ax_loss.set_ylim(-20, 4)   # log10 on a plain axis: much faster to draw than a log-scale axis
        ax_loss.set_yticks([-20, -15, -10, -5, 0])
        ax_loss.set_xlim(0, 60)
        ax_loss.set_xlabel("step")
        ax_loss.set_title("log10 of the loss f(x, y)", fontsize=10)


    def bowl_lr_caption(lr):
        \"\"\"Where each run ends.\"\"\"
        parts = []
        for name, path in explorer_runs[lr].items():
            end = elongated_bowl(*path[-1])
            diverged = end > elongated_bowl(*path[0])
            parts.append(f"{name}: " + ("diverged" if diverged else f"f = {end:.1e} after 60 steps"))
        return "lr = " + f"{lr}: " + "; ".join(parts)


    frame_explorer(draw_bowl_lr, explorer_lrs, label="learning rate", value=0.9, caption=bowl_lr_caption,
                   figsize=(8.0, 3.2), dpi=72, layout=None)
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. MNIST
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## AdaGrad on MNIST

    Now a real network. We take a stratified 5000-image slice of the MNIST training set and 1000 test
    images, and train a 784-100-10 network with one hidden layer (은닉층) of ReLU units, softmax and
    cross-entropy (교차 엔트로피), for 3 epochs (에포크) of mini-batches (미니배치) of 32, from the same
    initial weights every time. Three runs: SGD at 0.01 (the rate of seed 002's comparison), SGD at 0.1,
    and AdaGrad at 0.01.
    """
)

code(
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=5000, n_test=1000, seed=0)
    SIZES = [784, 100, 10]


    def train(optimizer, sizes=SIZES, epochs=3, batch_size=32, **options):
        \"\"\"Train a fresh ReLU network (initial weights from seed 0) on the chapter's MNIST slice.\"\"\"
        model = mlp.MLP(sizes, activation="relu", seed=0)
        history = mlp.fit(model, mlp.SoftmaxCrossEntropy(), optimizer, x_train, y_train, epochs=epochs,
                          batch_size=batch_size, x_val=x_test, y_val=y_test, seed=0, progress=False, **options)
        return model, history


    mnist_runs = {"SGD, lr 0.01": SGD(lr=0.01), "SGD, lr 0.1": SGD(lr=0.1),
                  "AdaGrad, lr 0.01": AdaGrad(lr=0.01)}
    mnist_models, mnist_histories = {}, {}
    for name, opt in mnist_runs.items():
        mnist_models[name], history = train(opt)
        mnist_histories[name] = history
        final = history.final()
        print(f"{name:>17}: {len(history)} steps, training loss {final['train_loss']:.3f}, "
              f"test accuracy {final['val_accuracy']:.3f}")
    adagrad_optimizer = mnist_runs["AdaGrad, lr 0.01"]  # its state holds G for every weight
    """
)

code(
    """
    def smooth(values, window=25):
        \"\"\"Moving average, to see the trend through the mini-batch noise.\"\"\"
        values = np.asarray(values, dtype=np.float64)
        return np.convolve(values, np.ones(window) / window, mode="valid")


    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for (name, history), colour in zip(mnist_histories.items(), [SGD_COLOUR, "tab:cyan", ADAGRAD_COLOUR]):
        ax.plot(np.arange(len(smooth(history.loss))) + 25, smooth(history.loss), color=colour, label=name)
    ax.set_xlabel("iteration")
    ax.set_ylabel("mini-batch loss (moving average of 25)")
    ax.set_title("784-100-10 on 5000 MNIST images, 3 epochs")
    ax.set_ylim(0, 2.4)
    ax.legend()
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    At the same learning rate AdaGrad is far ahead of SGD, and it even beats SGD at a ten times larger
    rate. Part of the reason is the sign-like start: every weight begins with a step of about $\\eta$,
    however small its gradient, while SGD's first steps are $\\eta$ times the gradient. How small are the
    gradients of the first layer? Here they are for the first batch:
    """
)

code(
    """
    probe = mlp.MLP(SIZES, activation="relu", seed=0)  # the same initial weights as every run
    probe_loss = mlp.SoftmaxCrossEntropy()
    probe_loss.forward(probe(x_train[:32]), y_train[:32])
    probe.backward(probe_loss.backward())
    first_layer_gradient = np.abs(probe.gradients()[0])
    nonzero = first_layer_gradient[first_layer_gradient > 0]
    print(f"first batch: {first_layer_gradient.size - nonzero.size} of {first_layer_gradient.size} first-layer "
          "gradients are exactly zero (blank pixels, silent units)")
    print(f"the others: median {np.median(nonzero):.4f}, largest {nonzero.max():.3f}, "
          f"below 1e-2: {np.mean(nonzero < 1e-2):.0%}")
    """
)

md(
    """
    Most gradients are a few thousandths, so SGD at 0.01 starts by moving most weights by a few
    hundred-thousandths, and AdaGrad by 0.01. Comparing optimizers at one learning rate is never the
    whole story, though: chapter 15 compares them properly, each at its own good settings.

    Where do the steps go? The sum $G$ of the first layer holds one number per (pixel, hidden unit) pair.
    The left picture shows, for every pixel, the median over the 100 hidden units of the effective rate
    $\\eta/(\\sqrt{G}+\\varepsilon)$; the right one shows how often each pixel carries ink in the 5000
    training images.
    """
)

code(
    """
    G_first_layer = adagrad_optimizer.state[0]["G"]            # shape (784, 100), like W1
    pixel_rate = np.median(adagrad_optimizer.lr / (np.sqrt(G_first_layer) + adagrad_optimizer.eps), axis=1)
    ink_frequency = (x_train > 0).mean(axis=0)
    never_inked = ink_frequency == 0
    print("pixels blank in all 5000 images:", never_inked.sum(), "of 784;  their rate lr/eps =",
          pixel_rate[never_inked].max())
    inked = ~never_inked
    for low, high in [(0, 0.01), (0.01, 0.1), (0.1, 0.3), (0.3, 1.0)]:
        chosen = inked & (ink_frequency > low) & (ink_frequency <= high)
        print(f"pixels inked in {low:.0%}-{high:.0%} of images: {chosen.sum():>3}, "
              f"median effective rate {np.median(pixel_rate[chosen]):.3f}")

    fig, (ax_rate, ax_ink) = plt.subplots(1, 2, figsize=(9, 3.8))
    shown = np.ma.masked_array(np.log10(pixel_rate), never_inked).reshape(28, 28)
    image = ax_rate.imshow(shown, cmap="magma", vmin=-1.2, vmax=1.0)  # a few rare pixels go far beyond 1.0
    ax_rate.set_facecolor("lightgrey")
    fig.colorbar(image, ax=ax_rate, label="log10 of lr / (√G + ε)", extend="max")
    ax_rate.set_title("AdaGrad's effective rate per pixel\\n(grey: never inked, rate lr/ε)", fontsize=10)
    image = ax_ink.imshow(ink_frequency.reshape(28, 28), cmap="gray_r")
    fig.colorbar(image, ax=ax_ink, label="fraction of images")
    ax_ink.set_title("how often each pixel is inked", fontsize=10)
    for ax in (ax_rate, ax_ink):
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The two pictures are negatives of each other. Pixels in the middle, inked in many digits, have sent
    many gradients into $G$ and now get small steps; pixels near the edge, rarely inked, have a small $G$
    and get large steps whenever a digit finally touches them. That is AdaGrad's original purpose, rare
    features learning fast, visible in a digit classifier. The grey border is the extreme case: weights
    whose gradient has always been exactly zero. Their $G$ is 0, and their rate is $\\eta/\\varepsilon$.
    Nothing bad happens, because the step is that rate times a zero gradient. But it shows why the
    $\\varepsilon$ is there.
    """
)

md(
    """
    ### Which AdaGrad? $\\varepsilon$ and the starting sum on MNIST

    Now the differences between the sources' forms, on the same training run. Seeds 002 and 003 put
    $\\varepsilon$ inside the root; a subclass of `AdaGrad` with a different `_update` is all it takes.
    Seed 000, taken literally, has no $\\varepsilon$. TensorFlow starts $G$ at 0.1, which `mlp` offers as
    `initial_accumulator_value`.
    """
)

code(
    """
    class AdaGradEpsilonInside(AdaGrad):
        \"\"\"Seeds 002 and 003: w <- w - lr * g / sqrt(G + eps).\"\"\"

        def _update(self, param, grad, state, scratch):
            state["G"] += grad * grad
            param -= self.lr * grad / np.sqrt(state["G"] + self.eps)


    class AdaGradNoEpsilon(AdaGrad):
        \"\"\"Seed 000 taken literally: w <- w - lr * g / sqrt(G), nothing added.\"\"\"

        def _update(self, param, grad, state, scratch):
            state["G"] += grad * grad
            with np.errstate(invalid="ignore", divide="ignore"):  # we want to see what happens
                param -= self.lr * grad / np.sqrt(state["G"])


    variants = {
        "PyTorch / mlp: eps 1e-10 outside": AdaGrad(lr=0.01),
        "seeds 002, 003: eps 1e-8 inside": AdaGradEpsilonInside(lr=0.01, eps=1e-8),
        "seed 003's largest: eps 1e-4 inside": AdaGradEpsilonInside(lr=0.01, eps=1e-4),
        "TensorFlow: G starts at 0.1": AdaGrad(lr=0.01, initial_accumulator_value=TF_INITIAL_ACCUMULATOR),
        "seed 000 literally: no eps": AdaGradNoEpsilon(lr=0.01),
    }
    for name, opt in variants.items():
        variant_model, history = train(opt, on_divergence="stop")
        if history.diverged:
            print(f"{name:>36}: {history.message.split(':')[0]}")
            nan_weights = [int(np.isnan(p).sum()) for p in variant_model.parameters()]
            print(f"{'':>36}  NaN weights per parameter array after the failed run: {nan_weights}")
        else:
            final = history.final()
            print(f"{name:>36}: training loss {final['train_loss']:.4f}, "
                  f"test accuracy {final['val_accuracy']:.3f}")
    """
)

md(
    """
    Where $\\varepsilon$ sits hardly matters here: the three forms with an $\\varepsilon$ end within a few
    thousandths of each other in loss, even seed 003's largest, which damps the first step of every weight
    whose gradient is below about $10^{-2}$, most of them (printed above). After the first few batches
    $G$ has grown far beyond $\\varepsilon$, and then the place of $\\varepsilon$ no longer shows. The
    starting sum matters much more: TensorFlow's 0.1 makes the early steps of small-gradient weights
    roughly SGD-like, and the run is clearly behind after 3 epochs at this learning rate.

    And the form with no $\\varepsilon$ at all does not train. The first step computes $0/\\sqrt{0}$, which
    is NaN, for every first-layer weight of a pixel that is blank in the whole first batch (and for the
    weights of hidden units that happened to stay silent on it). A NaN weight multiplied by a blank pixel
    is still NaN ($0 \\times \\text{NaN} = \\text{NaN}$), so every hidden unit, every output and the
    next loss become NaN, and `fit` stops at the second iteration. Seed 000's
    equation needs its $\\varepsilon$, whichever side of the root it goes.
    """
)

# ---------------------------------------------------------------------------------------------------
# 12. Seeds' claims
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## What the sources claim, checked

    **Seed 000, Table 1: AdaGrad's loss against width.** Seed 000 trains 784-$h$-$h$-$h$-10 networks with
    $h$ from 10 to 500. Its AdaGrad row falls steadily with $h$: worst at $h = 10$, best at $h = 500$, where it beats
    Momentum; at $h = 10$ it is the worst of all five optimizers. The paper gives neither its learning
    rates, nor its batch size, nor its number of iterations (it recommends about 200). We train each width
    for 200 iterations of 32 images on our 5000-image slice, all optimizers at learning rate 0.01 (Momentum
    0.9), and report the loss on the training slice. Chapter 15 repeats the whole table; here we look at
    AdaGrad's row only, and at the comparisons it makes at the two ends.
    """
)

code(
    """
    PAPER_FINAL_CEE = {  # seed 000, Table 1: final cross-entropy for h = 10, 50, 100, 300, 500
        "SGD": [0.62, 0.25, 0.24, 0.20, 0.21],
        "Momentum": [0.24, 0.09, 0.06, 0.04, 0.05],
        "AdaGrad": [0.81, 0.20, 0.15, 0.07, 0.03],
        "RMSProp": [0.55, 0.09, 0.05, 0.04, 0.06],
        "Adam": [0.31, 0.07, 0.03, 0.03, 0.01],
    }
    WIDTHS = [10, 50, 100, 300, 500]
    seed000_optimizers = {"SGD": lambda: SGD(lr=0.01), "Momentum": lambda: Momentum(lr=0.01, momentum=0.9),
                          "AdaGrad": lambda: AdaGrad(lr=0.01)}
    runs_wanted = [("AdaGrad", h) for h in WIDTHS] + [("SGD", 10), ("Momentum", 10), ("Momentum", 500)]
    ours = {}
    for name, h in runs_wanted:
        _, history = train(seed000_optimizers[name](), sizes=[784, h, h, h, 10], epochs=None,
                           max_iterations=200, train_eval_size=1000)
        ours[name, h] = history.final()["train_loss"]

    print("paper, h = 10:", ", ".join(f"{name} {row[0]:.2f}" for name, row in PAPER_FINAL_CEE.items()))
    print()
    print(f"{'h':>4} | {'AdaGrad: paper':>15} {'ours':>6}")
    for i, h in enumerate(WIDTHS):
        print(f"{h:>4} | {PAPER_FINAL_CEE['AdaGrad'][i]:>15.2f} {ours['AdaGrad', h]:>6.3f}")
    print()
    for h in (10, 500):
        column = WIDTHS.index(h)
        for name in ("SGD", "Momentum", "AdaGrad"):
            if (name, h) in ours:
                paper = PAPER_FINAL_CEE[name][column]
                print(f"h = {h:>3}, {name:>8}: paper {paper:.2f}, ours {ours[name, h]:.3f}")
    """
)

md(
    """
    The shape of AdaGrad's row holds at our small scale: the loss falls as the layers widen, worst at
    $h = 10$ and best at $h = 500$. So does the crossing with Momentum: behind it at $h = 10$, ahead of it at
    $h = 500$. The claim that fails is "the worst of all five at $h = 10$": with our settings plain SGD at
    the same learning rate is much worse. Which optimizer is "worst" at one fixed learning rate says more
    about that learning rate than about the optimizer, and since the paper does not give its rates, its
    ordering cannot be pinned down.

    **Seeds 002 and 003: why the steps differ.** Both explain the per-parameter rates the same way:
    parameters that "have changed a lot" are probably close to their minimum and should move finely,
    parameters that have changed little still have far to go and should move boldly. But $G$ does not
    count how much a parameter has *changed*; it sums squared *gradients*. On the bowl, AdaGrad's first
    step moved $x$ and $y$ by the same amount, while their $G$ differed by a factor of 32.7 (both printed
    in the bowl section). In the MNIST picture, what decides a first-layer weight's $G$ is how often its
    pixel carries ink, not how close the weight is to its best value. What the formula really does is
    remove the scale of each gradient, so that every parameter is measured in its own units (the second
    exercise makes this precise). The story about being near the minimum is a heuristic, not what the
    equation computes.

    **Seeds 002 and 003: "the learning rate becomes too small and it hardly moves".** Right about each
    step, which shrinks like $1/\\sqrt{t}$ or worse; not right as a general verdict. With steady
    gradients the distance travelled grows without limit, like $\\sqrt{t}$; the real stall comes when
    large early gradients fill $G$, as on Rosenbrock.

    **Seed 003: "no need to think about learning rate decay".** True, and for exactly the reason above:
    AdaGrad has a decay built in. The learning rate itself still has to be chosen, and seed 003's own
    sweep is a test of that. It trains each optimizer at 0.0001, 0.0005, 0.001, 0.005 and 0.01 and finds
    that AdaGrad (like plain gradient descent, Momentum and Adadelta) gets *better* as the rate grows. We
    use our MLP instead of its CNN, one epoch each, and add three larger rates to see where the trend ends:
    """
)

code(
    """
    sweep_lrs = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5]
    print(f"{'AdaGrad lr':>10} | {'training loss':>13} | {'test accuracy':>13}")
    for lr in sweep_lrs:
        _, history = train(AdaGrad(lr=lr), epochs=1)
        final = history.final()
        marker = "   (seed 003's range)" if lr <= 0.01 else ""
        print(f"{lr:>10} | {final['train_loss']:>13.3f} | {final['val_accuracy']:>13.3f}{marker}")
    """
)

md(
    """
    Over seed 003's range the claim holds: every larger rate is better. Beyond it the trend turns, and at
    0.5 the network is worse again, so "larger is better" is a statement about a range of rates that
    happened to be small for AdaGrad, not a property of it.

    **Seed 003: TensorFlow's AdagradOptimizer.** The paper ran TensorFlow but wrote the equations with
    $\\varepsilon$ inside the root and $G$ starting at 0. If it kept TensorFlow's defaults (it does not
    say), its AdaGrad started at $G = 0.1$, the variant that was clearly behind in our test above.

    **Seed 002, Fig. 7: AdaGrad and Adadelta hardly differ, Adadelta slightly ahead.** Chapter 13 is about
    Adadelta; here one run of it, with seed 002's weight $\\gamma = 0.1$ (PyTorch's $\\rho = 0.9$) and
    PyTorch's learning rate 1 (seed 002's Adadelta equation (15) has no $\\eta$), against AdaGrad at 0.01
    on our network:
    """
)

code(
    """
    _, adadelta_history = train(Adadelta.from_gamma(0.1))
    for name, history in [("AdaGrad, lr 0.01", mnist_histories["AdaGrad, lr 0.01"]),
                          ("Adadelta, gamma 0.1", adadelta_history)]:
        final = history.final()
        print(f"{name:>20}: training loss {final['train_loss']:.3f}, test accuracy {final['val_accuracy']:.3f}")
    """
)

md(
    """
    Close, as seed 002 found, with Adadelta a little lower in training loss. At this scale the comparison
    agrees with the paper; chapter 13 looks at why.
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
    "adagrad_step",
    "AdaGrad in three lines",
    """
    Write `adagrad_step(w, g, G, lr, eps=1e-10)` **without** `mlp`: one AdaGrad update in PyTorch's form.
    It receives the weights `w`, their gradient `g` and the sum of squared gradients `G` so far (three
    arrays of the same shape), and returns the pair `(new_w, new_G)`. Do not change the arrays you are
    given; return new ones.

    The check runs your function for several steps and compares with `mlp.optim.AdaGrad`, including
    gradients so small that the place of `eps` shows.
    """,
    """
    def adagrad_step(w, g, G, lr, eps=1e-10):
        ### BEGIN SOLUTION
        new_G = G + g * g                              # add this step's squares first
        new_w = w - lr * g / (np.sqrt(new_G) + eps)    # eps outside the root, as in PyTorch
        return new_w, new_G
        ### END SOLUTION
    """,
    """
    check.adagrad_step(adagrad_step)
    """,
    difficulty="warm-up",
)

exercise(
    "scaled_loss",
    "Predict, then run: a hundred times steeper",
    """
    Take the elongated bowl and multiply the whole loss by 100, so every gradient becomes 100 times
    larger. Run AdaGrad with `lr=0.5` for 50 steps from the bowl's start, once on the bowl and once on
    the steeper bowl.

    1. **Before running anything**, predict how the second path compares with the first. Set
       `my_prediction` to `"longer steps"`, `"shorter steps"` or `"the same path"`. (With plain SGD the
       answer would be easy: what would it be?)
    2. Then run both and set `max_difference` to the largest absolute difference between the two paths'
       points, `np.abs(path_steep - path_plain).max()`. A loop that uses a scaled gradient:

       ```python
       w = np.array(elongated_bowl.start, dtype=np.float64)
       opt = AdaGrad(lr=0.5)
       points = [w.copy()]
       for _ in range(50):
           opt.step([w], [100 * elongated_bowl.grad(w)])
           points.append(w.copy())
       ```
    """,
    """
    ### BEGIN SOLUTION
    # Multiplying every gradient by 100 multiplies sqrt(G) by 100 too: the factor cancels in g / sqrt(G).
    # Only eps (1e-10) does not scale, so the paths agree to about 1e-10. SGD would take 100 times
    # longer steps and, at lr 0.5, fly out of the bowl.
    my_prediction = "the same path"


    def bowl_path(scale, n_steps=50):
        w = np.array(elongated_bowl.start, dtype=np.float64)
        opt = AdaGrad(lr=0.5)                                   # a fresh optimizer for every run
        points = [w.copy()]
        for _ in range(n_steps):
            opt.step([w], [scale * elongated_bowl.grad(w)])
            points.append(w.copy())
        return np.array(points)


    path_plain, path_steep = bowl_path(1.0), bowl_path(100.0)
    max_difference = np.abs(path_steep - path_plain).max()
    print(f"largest difference between the two paths: {max_difference:.1e}")
    ### END SOLUTION
    """,
    """
    check.scaled_loss(my_prediction, max_difference)
    """,
    difficulty="practice",
)

exercise(
    "ten_times_farther",
    "Ten times as far",
    """
    On a slope whose gradient never changes, AdaGrad's steps shrink like $1/\\sqrt{t}$ but its distance
    keeps growing. Run `AdaGrad(lr=0.1)` on $f(w) = 2w$ (the gradient is 2 everywhere) from $w = 0$; the
    helper `constant_gradient_steps(optimizer, n_steps)` from the chapter returns the size of every step.

    Let $D$ be the distance travelled in the first 100 steps. Set `steps_for_ten_times` to the **smallest
    number of steps** after which the total distance travelled is at least $10\\,D$. Before you compute
    it, guess: is it about 1,000 steps, about 10,000, or about 100,000?
    """,
    """
    ### BEGIN SOLUTION
    # Distance after T steps ~ 2 lr sqrt(T): ten times the distance needs about a hundred times the steps,
    # a little less because the sum of 1/sqrt(t) is 2 sqrt(T) - 1.46..., not 2 sqrt(T).
    distance_so_far = np.cumsum(constant_gradient_steps(AdaGrad(lr=0.1), 12_000))
    target = 10 * distance_so_far[99]                        # D = distance after the first 100 steps
    steps_for_ten_times = int(np.argmax(distance_so_far >= target)) + 1   # +1: index 0 is after step 1
    ### END SOLUTION
    print("steps needed:", steps_for_ten_times)
    """,
    """
    check.ten_times_farther(steps_for_ten_times)
    """,
    difficulty="practice",
)

exercise(
    "restarts",
    "Forgetting on purpose",
    """
    AdaGrad stalls on Rosenbrock because the huge gradients of the first steps stay in $G$ for ever.
    A crude cure: forget everything every so often.

    1. Write `adagrad_with_restarts(lr, n_steps, every)` that runs `mlp.optim.AdaGrad(lr=lr)` on
       `rosenbrock` from `rosenbrock.start` for `n_steps` steps and returns the final point as an array of
       two numbers. After every `every` steps it forgets its sum: call `opt.reset()` (or build a new
       `AdaGrad`), so steps 1 to `every` use the first sum, steps `every + 1` to `2 * every` a fresh one,
       and so on. `every=None` means never forget.
    2. Set `best_every` to the value among `100, 250, 500, 1000` and `"never"` (for `every=None`) that
       ends closest to the minimum (1, 1) after 2000 steps at `lr=0.05`.

    Then think about the price: what does AdaGrad's *first* step after each restart look like, and why
    can that be a problem in a narrow valley? The next chapter forgets smoothly instead.
    """,
    """
    def adagrad_with_restarts(lr, n_steps, every):
        ### BEGIN SOLUTION
        opt = AdaGrad(lr=lr)
        w = np.array(rosenbrock.start, dtype=np.float64)
        for t in range(n_steps):
            if every is not None and t > 0 and t % every == 0:
                opt.reset()                    # forget G: the next step is sign-like again
            opt.step([w], [rosenbrock.grad(w)])
        return w
        ### END SOLUTION


    ### BEGIN SOLUTION
    distances = {every: np.linalg.norm(adagrad_with_restarts(0.05, 2000, every) - 1.0)
                 for every in (100, 250, 500, 1000, None)}
    best = min(distances, key=distances.get)
    best_every = "never" if best is None else best
    # The price: right after a restart G holds a single square, so the step is lr * sign(g) along both
    # axes, a jump of lr in a direction that ignores the valley's shape; with a large lr it throws the
    # point up the wall and the steep gradients there fill G again.
    print("distance to (1, 1) after 2000 steps, by restart:",
          ", ".join(f"{'never' if k is None else 'every ' + str(k)}: {v:.3f}" for k, v in distances.items()))
    ### END SOLUTION
    print("best_every:", best_every)
    """,
    """
    check.restarts(adagrad_with_restarts, best_every)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 14. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - AdaGrad keeps, for every parameter, the sum $G$ of its squared gradients and divides that
      parameter's step by $\\sqrt{G}$: $w \\leftarrow w - \\eta\\, g / (\\sqrt{G} + \\varepsilon)$
      {cite:p}`duchi2011`. The state is one array the size of the weights, as for Momentum.
    - The sources write $\\sqrt{G + \\varepsilon}$ (seeds 002 and 003) or $\\sqrt{h}$ (seed 000);
      PyTorch and `mlp` write $\\sqrt{G} + \\varepsilon$ with $\\varepsilon = 10^{-10}$. The place of
      $\\varepsilon$ matters only for parameters whose gradients have been about $\\varepsilon$ (or
      $\\sqrt{\\varepsilon}$) or smaller; leaving it out entirely turns the zero gradients of blank MNIST
      pixels into NaN. TensorFlow's starting value $G_0 = 0.1$ matters far more.
    - The first step is $\\eta \\operatorname{sign}(g)$ for every parameter, and no step is ever longer
      than $\\eta$: the learning rate is a distance.
    - Dividing by $\\sqrt{G}$ removes the scale of each parameter's gradient: on the elongated bowl both
      directions converge at comparable speeds, and multiplying the loss by 100 does not change the path.
    - $G$ only grows, so steps shrink like $1/\\sqrt{t}$ with steady gradients, and much faster after
      large early gradients: on Rosenbrock AdaGrad stalls in the valley long after SGD has arrived.
    - On MNIST, AdaGrad at 0.01 trains far faster than SGD at 0.01 or 0.1; rarely inked pixels get the
      largest steps. Seed 000's AdaGrad row (loss falling with width, and the crossing with Momentum) and
      seed 003's learning-rate trend hold at small scale; "AdaGrad is the worst at $h = 10$" does not, and
      the seeds' reason for the per-parameter rates is a story, not the mechanism.

    ## What's next

    AdaGrad's memory never fades. Chapter 12, RMSProp, changes one line: instead of the sum of all
    squared gradients it keeps a running average of the recent ones
    {cite:p}`hinton2012rmsprop`, so the steep walls at the start of Rosenbrock are forgotten after a few
    dozen steps, and the step size can grow again when the gradients shrink.
    """
)


if __name__ == "__main__":
    ch.write()
