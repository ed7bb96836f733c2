"""Write notebooks/13-adadelta.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch13.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(13, "13-adadelta")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Adadelta: steps in the right units

    RMSProp (chapter 12) cured AdaGrad's steps of shrinking for ever by letting old gradients fade. One
    thing it left alone: the learning rate (학습률), a number you still have to pick by hand. In December
    2012, the year Hinton presented RMSProp in a lecture, Matthew Zeiler, then a PhD student at New York
    University working on this during an internship at Google, posted a short paper whose title says what
    it wanted: *ADADELTA: an adaptive learning rate method* {cite:p}`zeiler2012`. Its promise was an
    optimizer with no learning rate to tune at all, tested on MNIST and on a large speech-recognition
    network trained across many machines.

    The idea is to take the size of the next step from the size of the steps already taken. This chapter
    looks at that idea closely: what it gets right, where a small constant $\varepsilon$ quietly takes
    over, and why the two seeds that tried Adadelta reached opposite verdicts.

    **What you will learn**

    - the update with its two running averages, $E[g^2]$ and $E[\Delta x^2]$, as Zeiler, seed 002,
      seed 003 and `mlp.optim` (which follows PyTorch) write it, with every difference shown in code;
    - Zeiler's "units" argument and what happens when we test it: scale the loss by 100, then the
      parameter;
    - why Adadelta's first steps are about $\sqrt{\varepsilon}$ long whatever the gradient, and why
      near a minimum it turns into plain gradient descent with learning rate 1;
    - why "Adadelta at learning rate 0.001" (TensorFlow's default, used by seed 003) hardly moves;
    - its memory (two buffers), its paths on the three test surfaces of chapter 9, and a short MNIST run
      against SGD.
    """
)

ch.setup_cell()

md(
    """
    We need NumPy and matplotlib, the optimizers and test surfaces of `mlp`, MNIST, a two-slider explorer,
    and the checks for the exercises.
    """
)

code(
    """
    import inspect

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.optim import SGD, Momentum, AdaGrad, RMSProp, Adadelta, Adam
    from mlp.plotting import plot_surface_path, plot_loss_curves
    from mlp.surfaces import descend, elongated_bowl, rosenbrock, two_minima
    from mlp.widgets import frame_explorer_2d
    from mlp.checks import ch13 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The idea
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The idea: let the steps set the step size

    The lecture deck {cite:p}`seed004` shows a family tree of optimizers, "the lineage of finding the
    little path down the mountain", borrowed from a Korean tutorial. Adadelta belongs to the line that
    adapts the *size* of each step, parameter by parameter: AdaGrad (chapter 11), then RMSProp
    (chapter 12) and Adadelta, which both repair AdaGrad. Zeiler's paper names AdaGrad's two weaknesses:
    its steps keep shrinking, because it divides by a sum of squared gradients that only grows; and it
    still needs a global learning rate chosen by hand.
    RMSProp fixes the first with an exponential moving average (지수이동평균) in place of the sum.
    Adadelta uses the same average, and fixes the second as well.

    Here is the picture. A walker in fog does not know the scale of the map. To decide how long the next
    stride should be, she looks at two things she can measure: how long her recent strides were, and how
    steep the recent slopes were. Her next stride is (typical recent stride) / (typical recent slope)
    times the slope under her feet. If someone redraws the map in other units, both of her measurements
    change with it, and she walks the same way. That is the claim of this chapter, "steps in the right
    units"; we will test it, because it turns out to be true in one direction and not in the other.

    In symbols: RMSProp steps by $\eta \, g / \mathrm{RMS}[g]$, and Adadelta replaces the learning rate
    $\eta$ by $\mathrm{RMS}[\Delta x]$, the root mean square of its own recent steps.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The equations, four ways
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The update rule, as each source writes it

    {cite:t}`zeiler2012`, **Algorithm 1.** For each parameter $x$ with gradient (기울기) $g_t$, keep two running
    averages, both starting at 0, with one decay rate $\rho$:

    $$
    \begin{aligned}
    E[g^2]_t &= \rho \, E[g^2]_{t-1} + (1 - \rho) \, g_t^2 \\
    \Delta x_t &= -\frac{\mathrm{RMS}[\Delta x]_{t-1}}{\mathrm{RMS}[g]_t} \, g_t,
        \qquad \mathrm{RMS}[y]_t = \sqrt{E[y^2]_t + \varepsilon} \\
    E[\Delta x^2]_t &= \rho \, E[\Delta x^2]_{t-1} + (1 - \rho) \, \Delta x_t^2 \\
    x_{t+1} &= x_t + \Delta x_t
    \end{aligned}
    $$

    Note the time indices: the denominator already includes this step's gradient, while the numerator
    still uses the steps up to the *previous* one (the new step is not known yet). There is no learning
    rate anywhere.

    **Seed 002** {cite:p}`seed002` (its eq. 12-15) writes the average the other way round, with the weight
    $\gamma$ on the *newest* term, and reads $\gamma$ as a window size (윈도우 크기) $n$:

    $$
    E[g^2]_t = (1 - \gamma) \, E[g^2]_{t-1} + \gamma \, g_t^2, \qquad \gamma = \frac{2}{n + 1}, \qquad
    w \leftarrow w - \frac{\sqrt{E[\Delta w^2] + \varepsilon}}{\sqrt{E[g^2] + \varepsilon}} \odot \nabla_w J(w)
    $$

    So its $\gamma$ is $1 - \rho$. It gives no time indices in eq. 15 and no equation for updating
    $E[\Delta w^2]$; we read both as Zeiler's.

    **Seed 003** {cite:p}`seed003` (its eq. 6-9) is Zeiler's rule with $\gamma$ for $\rho$, $G$ for
    $E[g^2]$ and $s$ for $E[\Delta x^2]$, also without a learning rate. Its text calls $s$ an average of
    squared "changes of the learning rate"; it is an average of squared *parameter steps*, as the code
    below shows.

    **`mlp.optim.Adadelta`** follows PyTorch's `torch.optim.Adadelta` {cite:p}`paszke2019`: $v$ for
    $E[g^2]$, $u$ for $E[\Delta x^2]$, $d = -\Delta x$ for the step, and one addition, a learning rate
    `lr` that multiplies the step after it has been computed (and after $u$ has stored it). Here is the
    update, exactly as the library runs it:
    """
)

code(
    """
    print(inspect.getsource(Adadelta._update))
    print("defaults:", Adadelta())
    """
)

md(
    r"""
    The `out=` arguments only avoid allocating new arrays; the comments are the equations. Side by side,
    the differences are:

    | | Zeiler | seed 002 | seed 003 | `mlp.optim` (PyTorch) |
    |---|---|---|---|---|
    | weight of the *old* average | $\rho$ | $1 - \gamma$ | $\gamma$ | `rho` |
    | $\varepsilon$ | inside both roots | inside both roots | inside both roots | inside both roots |
    | learning rate | none | none | none in the equations; TensorFlow's code multiplies by one | `lr` multiplies the step |

    Unlike RMSProp in PyTorch, where $\varepsilon$ is added *outside* the root, every source puts
    Adadelta's $\varepsilon$ inside both roots. It is not just a guard against dividing by zero: in the
    numerator it is the only thing that makes the first step non-zero, as we will see. With `lr = 1.0`,
    PyTorch's default, the library is Zeiler's method.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. By hand
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ### Three steps by hand

    Before trusting the library, we do its first three steps ourselves on the elongated bowl
    $f(x, y) = x^2/20 + y^2$ from chapter 9, from its usual start, with NumPy and Zeiler's equations
    ($\rho = 0.9$, $\varepsilon = 10^{-6}$, PyTorch's defaults). Each line shows both coordinates.
    """
)

code(
    """
    rho, eps = 0.9, 1e-6
    w = np.array(elongated_bowl.start)
    Eg2 = np.zeros(2)                  # E[g^2], the running average of squared gradients
    Edx2 = np.zeros(2)                 # E[dx^2], the running average of squared steps
    by_hand = [w.copy()]
    for t in range(1, 4):
        g = elongated_bowl.grad(w)
        Eg2 = rho * Eg2 + (1 - rho) * g**2
        dx = -np.sqrt(Edx2 + eps) / np.sqrt(Eg2 + eps) * g     # the numerator still holds the old steps
        Edx2 = rho * Edx2 + (1 - rho) * dx**2
        w = w + dx
        by_hand.append(w.copy())
        with np.printoptions(precision=6):
            Edx2_text = np.array2string(Edx2, formatter={"float_kind": lambda v: f"{v:.3e}"})
            print(f"t = {t}: g = {g}, E[g^2] = {Eg2}, dx = {dx}, E[dx^2] = {Edx2_text}")

    library_path = descend(Adadelta(), elongated_bowl, steps=3)
    print("points by hand:  ", np.array(by_hand).tolist())
    print("points by mlp:   ", library_path.tolist())
    print("largest difference:", np.abs(np.array(by_hand) - library_path).max())
    """
)

md(
    r"""
    The hand computation and the library agree to the last digit. Look at the first step, `dx` at
    $t = 1$: the gradient is $(-0.7, 4)$, very different in the two coordinates, yet both coordinates
    move by almost exactly the same amount. That is the first surprise of Adadelta, and we come back to
    it below. Also note what the second buffer holds: squared *steps* of the parameter, not anything
    about a learning rate (seed 003's wording).
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Seed 002's gamma and window
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ### Seed 002's $\gamma$ and window, in PyTorch's terms

    Seed 002 uses $\gamma = 0.1$ and reads it through $\gamma = 2/(n+1)$ as an average over $n = 19$
    recent steps. In PyTorch's terms that is $\rho = 1 - \gamma$. The library offers both readings,
    `Adadelta.from_gamma` and `Adadelta.from_window`. Below, seed 002's equations are written out
    literally in NumPy (the weight $\gamma$ on the new term), and all the ways of building the same
    optimizer are run for 300 steps on the Rosenbrock surface. The last line is the easy mistake: typing
    seed 002's $\gamma$ into PyTorch's `rho`.
    """
)

code(
    """
    def seed002_adadelta_path(surface, gamma, steps, eps=1e-6):
        \"\"\"Seed 002's eq. 12-15 as printed: the weight gamma sits on the NEWEST term of each average.\"\"\"
        w = np.array(surface.start, dtype=np.float64)
        Eg2, Edw2 = np.zeros(2), np.zeros(2)
        path = [w.copy()]
        for _ in range(steps):
            g = surface.grad(w)
            Eg2 = (1 - gamma) * Eg2 + gamma * g**2                   # eq. 12
            dw = -np.sqrt(Edw2 + eps) / np.sqrt(Eg2 + eps) * g        # eq. 15
            Edw2 = (1 - gamma) * Edw2 + gamma * dw**2                 # the same average, of the steps
            w = w + dw
            path.append(w.copy())
        return np.array(path)


    gamma = 0.1
    window = 2 / gamma - 1
    print(f"gamma = {gamma}: rho = 1 - gamma = {1 - gamma:g}, window n = 2 / gamma - 1 = {window:g}")
    print("from_gamma(0.1):", Adadelta.from_gamma(gamma), "  .gamma =", round(Adadelta.from_gamma(gamma).gamma, 12),
          "  .window =", round(Adadelta.from_gamma(gamma).window, 9))

    reference = seed002_adadelta_path(rosenbrock, gamma, steps=300)
    candidates = {
        "Adadelta.from_gamma(0.1)": Adadelta.from_gamma(gamma),
        "Adadelta.from_window(19)": Adadelta.from_window(window),
        "Adadelta(rho=0.9)": Adadelta(rho=1 - gamma),
        "Adadelta(rho=0.1)  <- gamma typed in as rho": Adadelta(rho=gamma),
    }
    print(f"seed 002 literally ends at {np.round(reference[-1], 4)}")
    for name, optimizer in candidates.items():
        path = descend(optimizer, rosenbrock, steps=300)
        print(f"{name:45s} window {optimizer.window:5.3g} steps, ends at {np.round(path[-1], 4)}, "
              f"largest gap to seed 002: {np.abs(path - reference).max():.2g}")
    """
)

md(
    r"""
    The three correct constructions follow seed 002's literal equations to the last digit. The last one
    averages over about one step instead of nineteen and takes a visibly different path. Whenever a paper
    gives a "decay" or a "weight", check which term it multiplies.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. The first steps
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The first steps are about $\sqrt{\varepsilon}$ long

    On the very first step both averages are zero apart from the new gradient:
    $E[\Delta x^2]_0 = 0$ and $E[g^2]_1 = (1 - \rho) g_1^2$. The step is therefore

    $$
    |\Delta x_1| = \frac{\sqrt{0 + \varepsilon}}{\sqrt{(1 - \rho) g_1^2 + \varepsilon}} \, |g_1|
    \approx \sqrt{\frac{\varepsilon}{1 - \rho}} \quad \text{whenever } (1 - \rho) g_1^2 \gg \varepsilon .
    $$

    The gradient cancels out. The first step is fixed by $\varepsilon$ and $\rho$ alone, and with the
    defaults it is small. Only a gradient so tiny that $(1 - \rho) g^2$ is comparable with
    $\varepsilon$ gives a different first step, and then the ratio is close to 1 and the step is about
    $g$ itself. Let us check with gradients from $10^{-3}$ to $10^{4}$:
    """
)

code(
    """
    rho, eps = 0.9, 1e-6
    print(f"sqrt(eps / (1 - rho)) = {np.sqrt(eps / (1 - rho)):.6f}")
    for g in [1e-3, 1e-2, 1.0, 100.0, 1e4]:
        w = np.zeros(1)
        Adadelta(rho=rho, eps=eps).step([w], [np.array([g])])
        print(f"gradient {g:>8g}: Adadelta's first step {-w[0]:.6f}    (SGD with lr = 0.01 would step {0.01 * g:g})")
    """
)

md(
    r"""
    After that the steps grow, but slowly, because the numerator can only grow as fast as the steps
    it remembers. On a constant slope ($g = 1$ every step) $E[g^2]$ soon equals $g^2$, so each step is
    $|\Delta x_t| = \sqrt{E[\Delta x^2]_{t-1} + \varepsilon}$ and the average of squared steps gains
    about $(1 - \rho)\varepsilon$ per step. The steps then grow like $\sqrt{(1 - \rho)\,\varepsilon\, t}$:
    a square root of the number of steps. The figure shows the measured step lengths for three values of
    $\varepsilon$ (solid) and that formula (dashed).
    """
)

code(
    """
    def step_lengths_on_a_slope(optimizer, steps, slope=1.0):
        \"\"\"Length of each step an optimizer takes on f(w) = slope * w, whose gradient never changes.\"\"\"
        w = np.zeros(1)
        lengths = []
        for _ in range(steps):
            before = w[0]
            optimizer.step([w], [np.array([slope])])
            lengths.append(abs(w[0] - before))
        return np.array(lengths)


    t = np.arange(1, 3001)
    fig, ax = plt.subplots(figsize=(7, 4))
    for eps_value, colour in [(1e-8, "tab:blue"), (1e-6, "tab:orange"), (1e-4, "tab:green")]:
        lengths = step_lengths_on_a_slope(Adadelta(rho=0.9, eps=eps_value), len(t))
        ax.loglog(t, lengths, color=colour, label=f"Adadelta, eps = {eps_value:g}")
        ax.loglog(t, np.sqrt(0.1 * eps_value * t), "--", color=colour, linewidth=1)
        print(f"eps = {eps_value:g}: step 1 = {lengths[0]:.2e}, step 100 = {lengths[99]:.2e}, "
              f"step 3000 = {lengths[-1]:.2e} (formula {np.sqrt(0.1 * eps_value * 3000):.2e})")
    ax.set_xlabel("step t")
    ax.set_ylabel("|step| on a constant slope g = 1")
    ax.set_title(r"Adadelta's steps start at $\\sqrt{\\varepsilon / (1 - \\rho)}$ and grow like $\\sqrt{t}$")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    Each curve starts flat near $\sqrt{\varepsilon/(1-\rho)}$, then bends onto its dashed line. So
    $\varepsilon$, described in most documentation as "a small constant for numerical stability", is in
    fact Adadelta's *initial step size*: it plays the role that the learning rate plays elsewhere.
    Zeiler removed the learning rate from the equations, but a number that sets the step size at the
    start is still there, and it has to be chosen.

    The table below lists the settings used by the sources and libraries, with the first step each one
    takes for a gradient of any ordinary size ($\text{lr} \times \sqrt{\varepsilon/(1-\rho)}$; Zeiler's
    method and seed 002 have no learning rate, which is the same as $\text{lr} = 1$; seed 002 does not
    give its $\varepsilon$).
    """
)

code(
    """
    settings = [
        ("Zeiler (2012), MNIST experiments", 1.0, 0.95, 1e-6),
        ("PyTorch torch.optim.Adadelta (= mlp.optim)", 1.0, 0.9, 1e-6),
        ("TensorFlow 1 tf.train.AdadeltaOptimizer", 0.001, 0.95, 1e-8),
        ("Keras / TensorFlow 2 tf.keras.optimizers.Adadelta", 0.001, 0.95, 1e-7),
        ("seed 002 (gamma = 0.1)", 1.0, 1 - 0.1, None),
    ]
    print(f"{'':52s}{'lr':>7s}{'rho':>6s}{'eps':>8s}{'first step':>12s}")
    for name, lr, rho_value, eps_value in settings:
        first = "?" if eps_value is None else f"{lr * np.sqrt(eps_value / (1 - rho_value)):.1e}"
        eps_text = "?" if eps_value is None else f"{eps_value:g}"
        print(f"{name:52s}{lr:>7g}{rho_value:>6g}{eps_text:>8s}{first:>12s}")
    zeiler_first, tf1_first = np.sqrt(1e-6 / 0.05), 0.001 * np.sqrt(1e-8 / 0.05)
    print(f"TensorFlow 1's first step is {zeiler_first / tf1_first:.0f} times shorter than Zeiler's")
    """
)

md(
    r"""
    TensorFlow's defaults make a first step thousands of times shorter than Zeiler's (the last line
    gives the factor): a smaller $\varepsilon$, and a learning rate of 0.001 on top. Seed 003 ran
    TensorFlow at a learning rate of 0.001 for every optimizer; we will see what that does to Adadelta
    on MNIST.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Units
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Zeiler's units argument, tested

    Zeiler justifies the numerator with units (단위). Give the parameter $x$ a unit, say metres, and let
    the loss have no unit. The gradient $g = \partial f / \partial x$ then has units of 1/metre. So:

    - SGD's step $-\eta\, g$ has units of 1/metre, not metres: it can only be right if $\eta$ carries
      metres², which means $\eta$ must be re-tuned whenever the scale of the problem changes;
    - AdaGrad's and RMSProp's $-\eta\, g/\mathrm{RMS}[g]$ has no unit at all, so again $\eta$ must
      supply the metres;
    - Newton's method (뉴턴법), $\Delta x = -g / f''$, has units of (1/metre) / (1/metre²) = metres,
      the units of $x$. This is why second-order methods need no learning rate;
    - Adadelta's $-\mathrm{RMS}[\Delta x] / \mathrm{RMS}[g] \cdot g$ has units of metres too, because the
      numerator is built from past steps of $x$.

    Seed 002 (its eq. 16-18, following Zeiler) turns this into an analogy with Newton's method: with
    $\mathrm{RMS}[g] \approx dJ/dw$ and $\mathrm{RMS}[\Delta w] \approx dw$, the ratio
    $\mathrm{RMS}[\Delta w]/\mathrm{RMS}[g]$ stands in for $1/J''$, and the update looks like
    $w - J'(w)/J''(w)$.

    An argument about units makes a testable prediction: change the units, and a units-correct method
    should behave the same. We take the one-dimensional bowl $f(w) = w^2/2$ from $w = 1$ and change it in
    two ways:

    1. **the loss times 100** (as if a loss were summed over 100 examples instead of averaged): the
       minimum is the same, the gradients are 100 times larger;
    2. **the parameter times 100** (measure $w$ in centimetres instead of metres: $w' = 100\,w$, so
       $f = (w'/100)^2/2$ and the start is $w' = 100$): the same problem, written in other units. Here a
       units-correct step must be 100 times larger *as a number*.

    Newton's method takes one exact step in every case. For SGD ($\eta = 0.1$) and Adadelta (PyTorch's
    defaults) we print the first step, the number of steps until $w$ is within 1% of the start's distance
    from the minimum, and how much of that distance is left after 2000 steps.
    """
)

code(
    """
    def minimize_1d(optimizer, curvature, start, steps):
        \"\"\"Run an optimizer on f(w) = curvature * w^2 / 2 from w = start; returns the points visited.\"\"\"
        w = np.array([float(start)])
        points = [w[0]]
        for _ in range(steps):
            optimizer.step([w], [curvature * w])
            points.append(w[0])
            if not np.isfinite(w[0]) or abs(w[0]) > 1e6:   # diverged: stop here
                break
        return np.array(points)


    def steps_to_one_percent(points, start):
        \"\"\"The first step after which |w| <= 1% of the start, as text (or why there is none).\"\"\"
        if len(points) < 2001:
            return "diverged"
        inside = np.nonzero(np.abs(points) <= 0.01 * abs(start))[0]
        return str(inside[0]) if len(inside) else "> 2000"


    def left_after(points, start):
        return "diverged" if len(points) < 2001 else f"{abs(points[-1]) / abs(start):.1%}"


    problems = {                               # (curvature f'', start)
        "original  f = w^2/2, start 1": (1.0, 1.0),
        "loss x 100  f = 100 w^2/2": (100.0, 1.0),
        "parameter x 100  f = (w'/100)^2/2, start 100": (1e-4, 100.0),
    }
    print(f"{'':46s}{'first step':>30s}{'steps to 1%':>20s}{'left after 2000':>20s}")
    print(f"{'':46s}{'Newton':>10s}{'SGD':>10s}{'Adadelta':>10s}" + f"{'SGD':>10s}{'Adadelta':>10s}" * 2)
    for name, (curvature, start) in problems.items():
        newton_step = -(curvature * start) / curvature
        sgd = minimize_1d(SGD(lr=0.1), curvature, start, 2000)
        ada = minimize_1d(Adadelta(), curvature, start, 2000)
        print(f"{name:46s}{newton_step:>10.4g}{sgd[1] - start:>10.4g}{ada[1] - start:>10.4g}"
              f"{steps_to_one_percent(sgd, start):>10s}{steps_to_one_percent(ada, start):>10s}"
              f"{left_after(sgd, start):>10s}{left_after(ada, start):>10s}")
    """
)

md(
    r"""
    Read the two changes separately.

    **The loss times 100.** SGD's first step is 100 times longer and the run diverges (its learning rate
    was tuned for the original scale). Adadelta's first step is unchanged, and it reaches the 1% mark at
    the same step: gradients 100 times larger make $\mathrm{RMS}[g]$ 100 times larger too, and the ratio
    cancels the factor. (Only at the very end do the two runs part, one settling and one hovering near
    the minimum; the next figure explains why.) This half of Zeiler's claim holds, and it is useful: the
    scale of the loss (a sum instead of a mean, a weighted loss) hardly matters to Adadelta.

    **The parameter times 100.** A units-correct method should take a first step of $-100$ here, like
    Newton. Adadelta's first step is about the same *number* as before: $\sqrt{\varepsilon/(1-\rho)}$
    does not know which unit the parameter is measured in. After 2000 steps it has covered only a small
    part of the way, like SGD. The formula has the right units, but $\varepsilon$ sits inside the
    numerator's root as a fixed number, and a fixed number there is a fixed *length*, about
    $\sqrt{\varepsilon}$ in whatever unit the parameter happens to be measured in. Adadelta is immune to
    the scale of the loss, not to the scale of the parameters.

    What about the Newton analogy? On $f = a\,w^2/2$ Newton's ideal factor is exactly $1/a$. We can read
    Adadelta's factor, $\sqrt{E[\Delta x^2] + \varepsilon}/\sqrt{E[g^2] + \varepsilon}$, from the
    optimizer's `state` while it runs, for three curvatures $a$:
    """
)

code(
    """
    def effective_rates(curvature, steps=3000):
        \"\"\"Adadelta's factor sqrt(u + eps) / sqrt(v + eps) after each step on f = curvature * w^2 / 2.\"\"\"
        optimizer = Adadelta()
        w = np.array([1.0])
        factors, points = [], []
        for _ in range(steps):
            optimizer.step([w], [curvature * w])
            state = optimizer.state[0]
            factors.append(float(np.sqrt(state["u"][0] + optimizer.eps) / np.sqrt(state["v"][0] + optimizer.eps)))
            points.append(w[0])
        return np.array(factors), np.array(points)


    curvatures = [0.1, 1.0, 10.0]
    factors = {a: effective_rates(a) for a in curvatures}
    for step in [10, 100, 300]:
        row = ", ".join(f"a = {a:g}: factor = {factors[a][0][step - 1]:.2e}, factor x a = "
                        f"{factors[a][0][step - 1] * a:.5f}" for a in curvatures)
        print(f"after step {step:>3}: {row}")
    same_path = max(np.abs(factors[a][1][:300] - factors[1.0][1][:300]).max() for a in curvatures)
    print(f"largest gap between the three paths w_t over the first 300 steps: {same_path:.1e}")
    newton_ratio = 1 / (factors[1.0][0][99] * 1.0)
    print(f"after step 100 Newton's factor 1/a is {newton_ratio:.0f} times Adadelta's, for every a")
    """
)

md(
    r"""
    The factor times $a$ is the same number for all three curvatures (until the gradients become small
    enough for the $\varepsilon$ in the denominator to matter), and the three paths nearly coincide:
    Adadelta does scale its step like $1/a$, as the analogy says. But that number is far below 1, so the
    factor is much smaller than Newton's $1/a$ (the last line gives the ratio). The *dependence* on
    curvature is right, which is the loss-scale invariance again, since $f = a\,w^2/2$ is $w^2/2$ times
    $a$; the *size* is set by $\varepsilon$ and by the history of the run, not by the curvature. The
    figure follows the factor over the whole run.
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(9.5, 4))
    for (a, (factor, _)), colour in zip(factors.items(), ["tab:blue", "tab:orange", "tab:green"]):
        ax.loglog(np.arange(1, len(factor) + 1), factor, color=colour, label=f"Adadelta, curvature a = {a:g}")
        ax.axhline(1 / a, color=colour, linestyle="--", linewidth=1)
    ax.axhline(2 / 10.0, color="tab:green", linestyle=":", linewidth=1.5, label="2 / a for a = 10 (stability limit)")
    ax.plot([], [], "k--", linewidth=1, label="Newton's factor 1 / a")
    ax.set_xlabel("step")
    ax.set_ylabel(r"$\\sqrt{E[\\Delta x^2] + \\varepsilon}\\, / \\sqrt{E[g^2] + \\varepsilon}$")
    ax.set_title(r"Adadelta's step factor on $f = a w^2 / 2$")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    plt.show()

    for a, (factor, points) in factors.items():
        print(f"a = {a:>4g}: final factor {factor[-1]:.4f}, last 100 points between {points[-100:].min():+.2e} "
              f"and {points[-100:].max():+.2e}")
    """
)

md(
    r"""
    Two phases show. For most of the run the three curves are parallel, far below their dashed Newton
    lines. At the end something else takes over. As $w$ reaches the minimum, gradients and steps become
    tiny, both averages shrink towards 0, and the factor tends to $\sqrt{\varepsilon}/\sqrt{\varepsilon}
    = 1$: **near a minimum Adadelta becomes plain gradient descent (경사하강법) with learning rate 1**
    (times PyTorch's `lr`). Zeiler noticed this himself (his section 4.3, on effective learning rates).
    For $a = 0.1$ and $a = 1$ that is harmless. For $a = 10$, chapter 8's rule says gradient descent is
    stable only for learning rates below $2/a = 0.2$: Adadelta cannot settle, and its factor hovers at the
    stability limit (dotted) while $w$ keeps oscillating around the minimum. The last exercise asks when
    Adadelta settles.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Memory
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Memory: two buffers per parameter

    Adadelta keeps two arrays for every weight array: `v` ($E[g^2]$) and `u` ($E[\\Delta x^2]$). That is
    the same as Adam and twice RMSProp. We measure it with `memory_bytes()` on the network of this
    chapter's MNIST run, 784-100-10, after one step (the state is created on the first step).
    """
)

code(
    """
    net = mlp.MLP([784, 100, 10], seed=0)
    params = net.parameters()
    zero_grads = [np.zeros_like(p) for p in params]      # zero gradients: one step that changes nothing
    parameter_bytes = sum(p.nbytes for p in params)
    print(f"network 784-100-10: {sum(p.size for p in params)} weights and biases, float32, {parameter_bytes} bytes")
    for optimizer in [SGD(lr=0.1), Momentum(lr=0.1), AdaGrad(lr=0.01), RMSProp(lr=0.01), Adadelta(), Adam()]:
        optimizer.step(params, zero_grads)
        state_names = sorted(optimizer.state[0]) if optimizer.state and optimizer.state[0] else []
        print(f"{type(optimizer).__name__:9s} keeps {optimizer.memory_bytes():>8d} bytes "
              f"= {optimizer.memory_bytes() / parameter_bytes:.0f} x the weights   state per array: {state_names}")
    billion_bytes = 10**9 * np.dtype(np.float32).itemsize
    print(f"a billion float32 weights: {billion_bytes / 1e9:.0f} GB, "
          f"plus {2 * billion_bytes / 1e9:.0f} GB of Adadelta state")
    """
)

md(
    """
    The state is two parameter-sized arrays, whatever the network; the last line scales that up to a
    model with a billion weights. Zeiler's "minimal
    computational overhead" is true of the arithmetic (a few element-wise operations per weight), not of
    the memory.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Surfaces
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Paths on the three test surfaces

    Now the three surfaces of chapter 9, 1500 steps each, Adadelta with PyTorch's defaults against
    chapter 12's RMSProp at learning rate 0.01 (PyTorch's default for RMSProp). The circle is the start,
    the cross the end, the star the minimum; Adadelta's path is the wide line, RMSProp's the dashed one
    drawn over it.
    """
)

code(
    """
    SURFACE_STEPS = 1500
    # Both paths without the step dots (they would hide each other): Adadelta wide, RMSProp dashed on top;
    # the loss curves below take the same colours
    PATH_STYLES = {
        "Adadelta (lr 1, rho 0.9, eps 1e-6)": {"color": "tab:blue", "marker": "", "linewidth": 4, "alpha": 0.7},
        "RMSProp (lr 0.01)": {"color": "tab:orange", "marker": "", "linewidth": 1.5, "linestyle": "--", "zorder": 3},
    }
    surface_paths = {}
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5), height_ratios=[1.25, 1])
    for column, surface in enumerate([elongated_bowl, rosenbrock, two_minima]):
        paths = {"Adadelta (lr 1, rho 0.9, eps 1e-6)": descend(Adadelta(), surface, steps=SURFACE_STEPS),
                 "RMSProp (lr 0.01)": descend(RMSProp(lr=0.01), surface, steps=SURFACE_STEPS)}
        surface_paths[surface.name] = paths
        top, bottom = axes[0, column], axes[1, column]
        plot_surface_path(surface, paths, ax=top, xlim=surface.xlim, ylim=surface.ylim, styles=PATH_STYLES,
                          minimum=surface.minima[0], resolution=120, title=surface.formula, legend=False)
        for label, path in paths.items():
            f = surface(path[:, 0], path[:, 1])
            nearest = min(surface.minima, key=lambda m: np.hypot(path[-1, 0] - m[0], path[-1, 1] - m[1]))
            gap = np.maximum(f - surface(*nearest), 1e-16)     # height above the minimum it ends near
            bottom.semilogy(gap, color=PATH_STYLES[label]["color"], label=label)
        bottom.set_xlabel("step")
        bottom.set_ylabel("f - f(minimum nearby)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=3, fontsize=9)
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    plt.show()

    for name, paths in surface_paths.items():
        surface = mlp.surfaces.get(name)
        for label, path in paths.items():
            f = surface(path[:, 0], path[:, 1])
            best = int(np.argmin(f))
            print(f"{name:15s} {label:35s} f after 100 steps {f[100]:#.3g}, after 500 {f[500]:#.3g}, "
                  f"after {SURFACE_STEPS} {f[-1]:#.3g}; lowest {f[best]:#.3g} at step {best}")
    """
)

md(
    r"""
    The bottom row shows how far above its minimum each run is, step by step (on a log scale). Three
    behaviours, each explained by the sections above. (RMSProp's learning rate of 0.01 is a choice, and
    on these surfaces a good one; Adadelta was given no choice to make.)

    - **Elongated bowl.** Adadelta crawls at first: its first steps are about
      $\sqrt{\varepsilon/(1-\rho)}$ in *both* directions, since the first step ignores the size of the
      gradient. Then it gathers speed as its memory of steps fills, and its curve falls steeply. Like all
      the per-parameter methods it treats the steep $y$ and the shallow $x$ alike, so there is no zig-zag.
    - **Rosenbrock.** Adadelta follows the curved valley more slowly than RMSProp, reaches its lowest
      point (printed above), and then gets *worse*: across the narrow valley the curvature is large, its
      factor sits at the stability limit of the previous section, and the point rattles across the valley
      instead of sliding along its floor.
    - **Two minima.** Both end in the valley nearer the start. Adadelta reaches the bottom, then its loss
      creeps up again as it jitters around it, for the same reason as the curvature-10 bowl above: the
      curvature there is larger than 2.

    RMSProp has late spikes of its own, from a related cause: as its gradients vanish, its average of
    squared gradients shrinks too, and the step $\eta\, g/\sqrt{v}$ stops shrinking. Adadelta frees us from
    choosing a learning rate at the start of a run, but not from its consequences at the end: near a
    sharp minimum its implied learning rate is 1.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Explorer
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Explore: $\varepsilon$ and $\rho$

    Adadelta has no learning rate, but it has two hyper-parameters (하이퍼파라미터): $\varepsilon$ and
    $\rho$. The left panel shows 1000 steps on the elongated bowl; the right panel shows the size of
    every step (the larger of its two coordinates), with the predicted first step
    $\sqrt{\varepsilon/(1-\rho)}$ dashed. Move $\varepsilon$
    first: it moves the whole start of the run. Then move $\rho$: a short memory ($\rho = 0.5$) forgets
    its past steps quickly, a long one ($\rho = 0.99$) changes its step size more slowly.
    """
)

code(
    """
    from matplotlib.ticker import NullLocator

    EPS_VALUES = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]
    RHO_VALUES = [0.5, 0.9, 0.99]
    EXPLORER_STEPS = 1000
    explorer_paths = {(e, r): descend(Adadelta(rho=r, eps=e), elongated_bowl, steps=EXPLORER_STEPS)
                      for e in EPS_VALUES for r in RHO_VALUES}

    # The contour lines are the same in every frame: trace them once, then draw them as plain lines.
    grid_x, grid_y = np.meshgrid(np.linspace(-10, 10, 100), np.linspace(-5, 5, 100))
    scratch_fig, scratch_ax = plt.subplots()
    traced = scratch_ax.contour(grid_x, grid_y, elongated_bowl(grid_x, grid_y),
                                levels=[0.05, 0.2, 0.5, 1, 2, 4, 7, 11, 16, 22])
    bowl_lines = np.concatenate([np.vstack([segment, [np.nan, np.nan]])
                                 for level in traced.allsegs for segment in level])
    plt.close(scratch_fig)


    def draw_adadelta_run(fig, eps_value, rho_value):
        \"\"\"One frame: the path on the bowl (left) and the length of every step (right).\"\"\"
        path = explorer_paths[(eps_value, rho_value)]
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]})
        left.plot(bowl_lines[:, 0], bowl_lines[:, 1], color="0.7", linewidth=0.6)
        left.plot(path[:, 0], path[:, 1], "-", color="tab:red", linewidth=1.2)
        left.plot(*path[0], "o", color="tab:red", markeredgecolor="k")
        left.plot(*path[-1], "X", color="tab:red", markeredgecolor="k", markersize=8)
        left.plot(0, 0, "*", color="gold", markeredgecolor="k", markersize=12)
        left.set(xlim=(-10, 10), ylim=(-5, 5), xlabel="x", ylabel="y")
        lengths = np.maximum(np.abs(np.diff(path, axis=0)).max(axis=1), 1e-12)   # larger of |dx|, |dy|
        right.loglog(np.arange(1, len(lengths) + 1), lengths, color="tab:red", linewidth=1)
        right.axhline(np.sqrt(eps_value / (1 - rho_value)), color="k", linestyle="--", linewidth=1)
        right.set(ylim=(1e-6, 10), xlabel="step", ylabel="larger of |dx|, |dy|")
        # fixed ticks with plain-text labels: a log axis's automatic labels ($10^{-6}$) are typeset as maths,
        # which costs more time than everything else in the frame
        right.set_xticks([1, 10, 100, 1000], labels=["1", "10", "100", "1000"])
        right.set_yticks([1e-6, 1e-4, 1e-2, 1], labels=["1e-6", "1e-4", "0.01", "1"])
        right.xaxis.set_minor_locator(NullLocator())
        right.yaxis.set_minor_locator(NullLocator())
        fig.text(0.3, 0.97, "path on x²/20 + y²", ha="center", va="top")   # fig.text: cheaper than titles
        fig.text(0.79, 0.97, "size of each step", ha="center", va="top")
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.35)


    def run_caption(eps_value, rho_value):
        path = explorer_paths[(eps_value, rho_value)]
        f = elongated_bowl(path[:, 0], path[:, 1])
        first = np.abs(path[1] - path[0]).max()
        return (f"eps = {eps_value:g}, rho = {rho_value:g}: first step {first:.1e} in each coordinate "
                f"(dashed: sqrt(eps / (1 - rho)) = {np.sqrt(eps_value / (1 - rho_value)):.1e}); "
                f"f after 100 steps <b>{f[100]:.3g}</b>, after {EXPLORER_STEPS} <b>{f[-1]:.2g}</b>")


    frame_explorer_2d(draw_adadelta_run, EPS_VALUES, RHO_VALUES, label_a="eps", label_b="rho",
                      value_a=1e-6, value_b=0.9, caption=run_caption, figsize=(8, 3.2), dpi=72, layout=None)
    """
)

md(
    r"""
    With a large $\varepsilon$ the run starts fast and may overshoot; with a tiny one it barely leaves
    the start in 1000 steps. This is exactly the trade-off a learning rate presents, moved into
    $\varepsilon$.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. MNIST
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## A short MNIST run

    Finally a real network: 5000 MNIST training images, a 784-100-10 ReLU network with softmax and
    cross-entropy, mini-batches of 32, 3 epochs, the same initial weights and the same batch order for
    every run; the loss on 2000 test images is the validation loss. We train:

    - plain SGD at learning rates 0.1, 0.01 (seed 002's) and 0.001 (seed 003's);
    - AdaGrad at 0.01, as in seed 002's comparison;
    - Zeiler's Adadelta (`lr = 1`) with seed 002's three weights $\gamma = 0.1, 0.3, 0.5$;
    - Adadelta with the learning-rate multiplier at 0.01 and 0.001, and with TensorFlow's defaults
      (`lr = 0.001`, $\rho = 0.95$, $\varepsilon = 10^{-8}$), as seed 003 would have run it.
    """
)

code(
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=5000, n_test=2000, seed=0)

    mnist_runs = {
        "SGD lr 0.1": lambda: SGD(lr=0.1),
        "SGD lr 0.01": lambda: SGD(lr=0.01),
        "SGD lr 0.001": lambda: SGD(lr=0.001),
        "AdaGrad lr 0.01": lambda: AdaGrad(lr=0.01),
        "Adadelta gamma 0.1 (lr 1)": lambda: Adadelta.from_gamma(0.1),
        "Adadelta gamma 0.3 (lr 1)": lambda: Adadelta.from_gamma(0.3),
        "Adadelta gamma 0.5 (lr 1)": lambda: Adadelta.from_gamma(0.5),
        "Adadelta lr 0.01": lambda: Adadelta(lr=0.01),
        "Adadelta lr 0.001": lambda: Adadelta(lr=0.001),
        "Adadelta TF defaults": lambda: Adadelta(lr=0.001, rho=0.95, eps=1e-8),
    }

    histories = {}
    print(f"{'':28s}{'train loss':>12s}{'val loss':>10s}{'val accuracy':>14s}")
    for name, make_optimizer in mnist_runs.items():
        net = mlp.MLP([784, 100, 10], seed=0)
        histories[name] = mlp.fit(net, mlp.SoftmaxCrossEntropy(), make_optimizer(), x_train, y_train,
                                  epochs=3, batch_size=32, x_val=x_test, y_val=y_test, seed=0, progress=False)
        final = histories[name].final()
        print(f"{name:28s}{final['train_loss']:>12.4f}{final['val_loss']:>10.4f}{final['val_accuracy']:>14.1%}")
    """
)

code(
    """
    for name in ["SGD lr 0.1", "AdaGrad lr 0.01", "Adadelta gamma 0.1 (lr 1)"]:
        h = histories[name]
        print(f"{name:28s} {1000 * h.time[-1] / len(h.time):.2f} ms per step")
    """,
    tags=("nbval-ignore-output",),
)

code(
    """
    MNIST_COLOURS = {"SGD lr 0.1": "tab:gray", "SGD lr 0.01": "tab:brown", "SGD lr 0.001": "tab:pink",
                     "AdaGrad lr 0.01": "tab:green", "Adadelta gamma 0.1 (lr 1)": "tab:blue",
                     "Adadelta gamma 0.3 (lr 1)": "tab:cyan", "Adadelta gamma 0.5 (lr 1)": "tab:purple",
                     "Adadelta lr 0.01": "tab:orange", "Adadelta lr 0.001": "tab:red",
                     "Adadelta TF defaults": "black"}
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.3), sharey=True)
    plot_loss_curves({k: histories[k] for k in ["SGD lr 0.1", "SGD lr 0.01", "AdaGrad lr 0.01",
                                                "Adadelta gamma 0.1 (lr 1)", "Adadelta gamma 0.3 (lr 1)",
                                                "Adadelta gamma 0.5 (lr 1)"]},
                     ax=left, smooth=25, title="Zeiler's Adadelta (lr 1) against SGD and AdaGrad")
    plot_loss_curves({k: histories[k] for k in ["Adadelta gamma 0.1 (lr 1)", "Adadelta lr 0.01",
                                                "Adadelta lr 0.001", "Adadelta TF defaults", "SGD lr 0.001"]},
                     ax=right, smooth=25, title="The same Adadelta with a learning-rate multiplier")
    left.set_ylabel("mini-batch loss (average of 25 steps)")
    right.set_ylabel("")
    for ax in (left, right):
        for line in ax.get_lines():                  # the same colour for a run in both panels
            line.set_color(MNIST_COLOURS[line.get_label()])
        ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    On the left, Zeiler's Adadelta, with nothing tuned, beats SGD at both of its learning rates and keeps
    up with AdaGrad; the three values of seed 002's $\gamma$ give nearly the same curve. On the right is
    the same algorithm with a multiplier in front of the step. Every factor of ten in `lr` shrinks every
    step tenfold, and since `lr` acts *after* everything Adadelta adapts, nothing makes up for it: at 0.001
    Adadelta barely leaves its starting loss, and with TensorFlow's smaller $\varepsilon$ as well it does
    even less. That is why the same algorithm can look best in one paper and worst in another.
    """
)

# ---------------------------------------------------------------------------------------------------
# 12. The seeds' claims
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The sources' claims, checked

    Each line below states a claim about Adadelta from the seeds, then what this chapter measured. The
    verdicts are computed from the runs above, not typed in.
    """
)

code(
    """
    val = {name: h.final()["val_loss"] for name, h in histories.items()}
    train = {name: h.final()["train_loss"] for name, h in histories.items()}
    gammas = {g: val[f"Adadelta gamma {g} (lr 1)"] for g in (0.5, 0.3, 0.1)}
    spread = max(gammas.values()) - min(gammas.values())
    zeiler, adagrad = "Adadelta gamma 0.1 (lr 1)", "AdaGrad lr 0.01"
    at_0001 = {name: val[name] for name in ["SGD lr 0.001", "Adadelta lr 0.001", "Adadelta TF defaults"]}
    sweep = [val["Adadelta lr 0.001"], val["Adadelta lr 0.01"], val[zeiler]]
    factor_x_a = [factors[a][0][99] * a for a in curvatures]

    claims = [
        ("seed 002, eq. 12-13", "gamma weights the newest term; gamma = 2/(n+1), so gamma = 0.1 is n = 19",
         f"rho = 1 - gamma = {1 - 0.1:g}, n = {2 / 0.1 - 1:g}; from_gamma(0.1) follows its equations exactly",
         "agrees (a different convention, not an error)"),
        ("seed 002, Fig. 6", "gamma 0.5 / 0.3 / 0.1 differ little; the largest window is slightly faster",
         "val loss " + ", ".join(f"gamma {g}: {v:.4f}" for g, v in gammas.items()),
         ("agrees" if spread < 0.05 and gammas[0.1] <= min(gammas.values()) + 1e-9 else
          "little difference" if spread < 0.05 else "disagrees")),
        ("seed 002, Fig. 7", "Adadelta and AdaGrad end close, Adadelta slightly ahead",
         f"train loss Adadelta {train[zeiler]:.4f}, AdaGrad {train[adagrad]:.4f}; "
         f"val loss {val[zeiler]:.4f} vs {val[adagrad]:.4f}",
         ("agrees with lr 1 (Zeiler's form)" if train[zeiler] <= train[adagrad] and abs(val[zeiler] - val[adagrad])
          < 0.05 else "disagrees") + f"; at lr 0.01 Adadelta's val loss is {val['Adadelta lr 0.01']:.3f}"),
        ("seed 002, eq. 16-18", "RMS[dw] / RMS[g] acts like 1 / J'' (a Newton step)",
         "factor x curvature after 100 steps: " + ", ".join(f"{v:.5f}" for v in factor_x_a),
         f"half true: scales like 1/curvature, but is {newton_ratio:.0f} x smaller than Newton's 1/a"),
        ("seed 003, Fig. 2-3", "Adadelta is the worst optimizer at lr = 0.001",
         "val loss at lr 0.001: " + ", ".join(f"{k}: {v:.3f}" for k, v in at_0001.items()),
         "agrees" if max(at_0001, key=at_0001.get) != "SGD lr 0.001" else "disagrees"),
        ("seed 003, Fig. 3", "Adadelta gets better as lr grows",
         "val loss at lr 0.001 / 0.01 / 1: " + " / ".join(f"{v:.3f}" for v in sweep),
         "agrees (the step is proportional to lr)" if sweep[0] > sweep[1] > sweep[2] else "disagrees"),
        ("seed 003, section 2.4", "s averages squared changes of the learning rate",
         "s (u in mlp) averages squared parameter steps dx^2 (the hand check above)", "wrong wording"),
    ]
    for source, claim, ours, verdict in claims:
        print(f"{source}\\n  claim:   {claim}\\n  ours:    {ours}\\n  verdict: {verdict}")
    """
)

md(
    r"""
    The two seeds disagree about Adadelta, and both measured correctly. Seed 002's equations have no
    learning rate, and its Adadelta ends close to AdaGrad, which only fits Zeiler's form (`lr = 1`); the
    paper does not say which library it used, so this is our reading. Seed 003 ran TensorFlow at a
    learning rate of 0.001, where Adadelta's already tiny first steps are multiplied by 0.001. Its
    explanation (that Adadelta's "learning-rate decay" is weaker than AdaGrad's) misses the simpler
    cause: a multiplier the original method does not have. Ranking optimizers at one shared learning rate
    is unfair to any optimizer whose learning rate means something different, and for Adadelta it means
    something very different.
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
    "seed002_settings",
    "Seed 002's gamma in PyTorch's terms",
    r"""
    Seed 002 tries Adadelta with $\gamma = 0.5$, $0.3$ and $0.1$ (its Fig. 6). For each, compute
    PyTorch's $\rho$ and seed 002's window $n$ (from $\gamma = 2/(n+1)$). Store them as two NumPy arrays,
    `rhos` and `windows`, in the order of `gammas`.
    """,
    """
    gammas = np.array([0.5, 0.3, 0.1])
    ### BEGIN SOLUTION
    rhos = 1 - gammas               # seed 002 weights the NEW term by gamma; rho weights the old average
    windows = 2 / gammas - 1        # solve gamma = 2 / (n + 1) for n
    ### END SOLUTION
    """,
    """
    check.seed002_settings(rhos, windows)
    """,
    difficulty="warm-up",
)

exercise(
    "tf_learning_rate",
    "Predict: Adadelta as seed 003 ran it",
    r"""
    Seed 003 used TensorFlow's Adadelta with its defaults, `lr = 0.001`, $\rho = 0.95$,
    $\varepsilon = 10^{-8}$. Compare it with PyTorch's defaults (`lr = 1.0`, $\rho = 0.9$,
    $\varepsilon = 10^{-6}$) over 200 steps on the elongated bowl from its usual start.

    1. **Before running anything**, predict how much shorter the TensorFlow run's journey is. Set
       `my_prediction` to `"10 times shorter"`, `"1000 times shorter"` or `"10000 times shorter"`.
    2. Then compute `distance_torch` and `distance_tf`, the straight-line distance from the start to the
       end point of each run (`np.linalg.norm(path[-1] - path[0])`), with `descend` and
       `Adadelta(lr=..., rho=..., eps=...)`.
    """,
    """
    ### BEGIN SOLUTION
    # lr = 0.001 alone makes every step 1000 times shorter (lr multiplies the step after Adadelta has computed
    # it). But the first steps are lr * sqrt(eps / (1 - rho)) long, so eps = 1e-8 shrinks them 10 times more
    # and rho = 0.95 gives back a factor sqrt(2): about 7000 in all, closest to 10000.
    my_prediction = "10000 times shorter"
    path_torch = descend(Adadelta(lr=1.0, rho=0.9, eps=1e-6), elongated_bowl, steps=200)
    path_tf = descend(Adadelta(lr=0.001, rho=0.95, eps=1e-8), elongated_bowl, steps=200)
    distance_torch = np.linalg.norm(path_torch[-1] - path_torch[0])
    distance_tf = np.linalg.norm(path_tf[-1] - path_tf[0])
    ### END SOLUTION
    """,
    """
    check.tf_learning_rate(my_prediction, distance_torch, distance_tf)
    """,
    difficulty="practice",
)

exercise(
    "adadelta_steps",
    "Adadelta's steps by hand",
    r"""
    Write `adadelta_steps(grads, rho=0.9, eps=1e-6)` for a single number: given the sequence of
    gradients `grads` it receives, one per step, return a NumPy array of the changes $\Delta x_t$ it makes
    (negative when the gradient is positive), using Zeiler's equations with both running averages
    starting at 0. Use plain Python floats or NumPy, but not `mlp.optim`.

    The check compares your steps with `mlp.optim.Adadelta` on three sequences, one of them with other
    values of `rho` and `eps`.
    """,
    """
    def adadelta_steps(grads, rho=0.9, eps=1e-6):
        ### BEGIN SOLUTION
        Eg2, Edx2 = 0.0, 0.0
        changes = []
        for g in grads:
            Eg2 = rho * Eg2 + (1 - rho) * g * g
            dx = -np.sqrt(Edx2 + eps) / np.sqrt(Eg2 + eps) * g    # the old E[dx^2] in the numerator
            Edx2 = rho * Edx2 + (1 - rho) * dx * dx
            changes.append(dx)
        return np.array(changes)
        ### END SOLUTION
    """,
    """
    check.adadelta_steps(adadelta_steps)
    """,
    difficulty="practice",
)

exercise(
    "settling",
    "When does Adadelta settle?",
    r"""
    Near a minimum Adadelta's factor tends to 1, so it behaves like gradient descent with learning rate
    `lr`. On $f(w) = a\,w^2/2$ with curvature $a = 10$, from which learning rates should it settle at the
    minimum, and from which should it keep hovering?

    1. Write `final_distance(lr, curvature=10.0, steps=2000)` that runs `Adadelta(lr=lr)` (other settings
       PyTorch's defaults) on $f(w) = \text{curvature}\cdot w^2/2$ from $w = 1$ for `steps` steps and
       returns $|w|$ at the end.
    2. Using it, set `largest_settling_lr` to the largest learning rate in `LR_GRID` whose final distance
       is below $10^{-4}$.
    3. Compare your answer with chapter 8's stability limit for gradient descent. Why does the learning
       rate that lets Adadelta *settle* have nothing to do with how fast it *starts*?
    """,
    """
    LR_GRID = check.LR_GRID          # (0.1, 0.15, 0.19, 0.21, 0.25, 0.5, 1.0)


    def final_distance(lr, curvature=10.0, steps=2000):
        ### BEGIN SOLUTION
        optimizer = Adadelta(lr=lr)
        w = np.array([1.0])
        for _ in range(steps):
            optimizer.step([w], [curvature * w])
        return abs(w[0])
        ### END SOLUTION


    ### BEGIN SOLUTION
    distances = {lr: final_distance(lr) for lr in LR_GRID}
    largest_settling_lr = max(lr for lr, d in distances.items() if d < 1e-4)
    # Near the minimum both running averages shrink to eps and the factor tends to 1, so Adadelta is gradient
    # descent with learning rate lr: stable only for lr * curvature < 2, i.e. lr < 0.2. The start is governed by
    # sqrt(eps / (1 - rho)) instead, which is why a run can start slowly and still fail to settle.
    ### END SOLUTION
    """,
    """
    check.settling(final_distance, largest_settling_lr)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 14. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - Adadelta {cite:p}`zeiler2012` keeps two exponential moving averages per parameter, of squared
      gradients $E[g^2]$ and of squared steps $E[\Delta x^2]$, and steps by
      $\Delta x = -\sqrt{E[\Delta x^2] + \varepsilon}\,/\sqrt{E[g^2] + \varepsilon}\cdot g$, the
      numerator lagging one step. Zeiler's method has no learning rate; PyTorch (and `mlp.optim`)
      multiplies the step by `lr`, default 1.0, which is the original.
    - Seed 002's $\gamma$ weights the newest term: $\rho = 1 - \gamma$, and $\gamma = 0.1$ means a window
      of $n = 2/\gamma - 1 = 19$ steps (`Adadelta.from_gamma`, `Adadelta.from_window`).
    - The units argument holds for the loss (scale it by any factor: same path) and fails for the
      parameters, because $\varepsilon$ in the numerator is a fixed length. The first step is
      $\sqrt{\varepsilon/(1-\rho)}$ whatever the gradient, and steps grow only like $\sqrt{t}$;
      $\varepsilon$ is Adadelta's hidden initial step size.
    - Near a minimum the factor tends to 1: Adadelta is gradient descent with learning rate `lr` there,
      and cannot settle where the curvature exceeds $2/\text{lr}$.
    - Memory: two parameter-sized buffers, like Adam.
    - On MNIST, Zeiler's Adadelta needs no tuning and keeps up with AdaGrad (seed 002); with TensorFlow's
      `lr = 0.001` it hardly learns (seed 003). The multiplier, not the algorithm, explains the
      difference.

    ## What's next

    Chapter 14 is Adam {cite:p}`kingma2015`, the optimizer most networks are trained with today. It also
    keeps two buffers: one is the average of squared gradients that RMSProp and Adadelta keep, the other an
    average of the *gradient* itself, the momentum of chapter 10. It corrects the bias that averages
    started at zero have in their first steps, the same cold start we met here in another form, and it
    brings the learning rate back, openly.
    """
)


if __name__ == "__main__":
    ch.write()
