"""Write notebooks/12-rmsprop.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch12.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(12, "12-rmsprop")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # RMSProp: forgetting old gradients

    AdaGrad (chapter 11) gave every weight its own step size: divide the gradient by the root of the sum of
    all the squared gradients that weight has ever seen. A weight on a steep slope gets small steps, a weight
    on a gentle one gets large steps. The flaw is in the word *ever*. The sum only grows, so every step size
    only shrinks, and a weight that went through one steep patch early on keeps paying for it for the rest
    of training.

    RMSProp keeps AdaGrad's idea and fixes the flaw: instead of a sum that remembers everything, it keeps an
    *average that forgets*. Yesterday's gradients count a lot, last week's a little, last year's hardly at
    all, the way you judge the weather by the last few days and not by the whole year.

    **What you will learn**

    - the update rule of RMSProp, how the lecture that introduced it, two of the course's source papers,
      PyTorch, TensorFlow and `mlp.optim` each write it, and what each difference does to the numbers;
    - why the very first step is the largest (about ten times the learning rate with PyTorch's defaults),
      and how Adam will repair that in chapter 14;
    - how long the average remembers, and what happens to the steps when the gradient suddenly shrinks or
      grows;
    - why RMSProp keeps walking where AdaGrad slows to a crawl, and why, with a fixed learning rate, it never
      quite stops;
    - how it does on MNIST, and which of the source papers' claims about it survive a test.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy and matplotlib, and from the course library `mlp`: the optimizers (`mlp.optim`), the 2-D
    test surfaces and `descend` from chapter 9, a network, the training loop and MNIST, an explorer widget,
    and the checks for the exercises.
    """
)

code(
    """
    import inspect
    import math

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.optim import SGD, AdaGrad, Adam, RMSProp, schedules
    from mlp.plotting import moving_average, plot_surface_path
    from mlp.surfaces import descend, elongated_bowl, rosenbrock, two_minima
    from mlp.widgets import frame_explorer_2d
    from mlp.checks import ch12 as check

    COLOURS = {"SGD": "tab:gray", "AdaGrad": "tab:green", "RMSProp": "tab:blue"}
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. AdaGrad never forgets
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## AdaGrad's memory never fades

    The quickest way to see what an optimizer does with its memory is to feed a single weight a sequence of
    gradients that we choose, and record how far each step moves it. The helper below does exactly that with
    any `mlp.optim` optimizer; it also records the optimizer's memory (its `state`) after every step.
    """
)

code(
    """
    def feed(optimizer, gradients, key):
        \"\"\"Give one weight the gradients in turn. Returns each step's length and state[key] after each step.\"\"\"
        w = np.zeros(1)                                    # float64: these small experiments want exact numbers
        lengths, memory = [], []
        for g in gradients:
            before = w[0]
            optimizer.step([w], [np.array([g])])
            lengths.append(abs(w[0] - before))
            memory.append(optimizer.state[0][key][0])
        return np.array(lengths), np.array(memory)


    steady = np.ones(10_000)                               # the same gradient, 1.0, ten thousand times
    lr = 0.01
    adagrad_steps, _ = feed(AdaGrad(lr=lr), steady, "G")
    for t in (1, 100, 10_000):
        print(f"AdaGrad, step {t:>6}: length {adagrad_steps[t - 1]:.6f} = lr / {lr / adagrad_steps[t - 1]:.1f}")
    """
)

md(
    r"""
    With a gradient that never changes, AdaGrad's sum after $t$ steps is $G = t g^2$, so the step is
    $\eta\, g / \sqrt{t g^2} = \eta / \sqrt{t}$: a hundred steps in, the step is a tenth of the learning rate,
    ten thousand steps in, a hundredth. Nothing about the slope has changed; the optimizer has simply
    remembered more of it. On a real loss the gradients are large at the start and small later, so the early
    ones dominate the sum even more, and the steps can become too small to finish the job. Lim et al.
    {cite:p}`seed003` describe it exactly so: the learning rate becomes so small that the weights barely move.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The rule
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The rule: an average that forgets

    RMSProp replaces the sum by an exponential moving average (지수이동평균) of the squared gradients.
    Each step, the old average is shrunk by a factor $\rho$ slightly below 1 and the new squared gradient is
    mixed in with the weight that is left, $1 - \rho$:

    $$v_t = \rho\, v_{t-1} + (1 - \rho)\, g_t^2, \qquad v_0 = 0,$$

    $$w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t} + \epsilon}.$$

    Everything is element-wise: every weight has its own $v$. Unrolled, $v_t = (1-\rho) \sum_k \rho^k
    g_{t-k}^2$, so a gradient $k$ steps old counts with weight $(1 - \rho)\rho^k$, which fades geometrically.
    That is the forgetting. $\rho$ is called the decay rate; it is a hyper-parameter (하이퍼파라미터), a
    setting we choose rather than one the optimizer learns. $\epsilon$ only guards against dividing by zero.

    The name says what the denominator is: $\sqrt{v_t}$ is the square root of the mean of the squares of
    the recent gradients, their root mean square (제곱평균제곱근, RMS). So the step is the gradient measured
    in units of its own recent size. If a weight's gradients have been about $\pm 3$, a gradient of 3 gives a
    step of about $\eta$; if they have been about $\pm 0.001$, a gradient of 0.001 also gives a step of
    about $\eta$. Every weight moves at roughly the learning rate, whatever the scale of its slope.
    """
)

md(
    r"""
    ### Where it came from

    RMSProp was never published in a paper. Geoffrey Hinton presented it in 2012 in lecture 6.5 of his
    Coursera course "Neural Networks for Machine Learning", crediting the idea to his student Tijmen Tieleman
    {cite:p}`hinton2012rmsprop`. The slide calls it "a mini-batch version of rprop": Rprop
    {cite:p}`riedmiller1993` used only the *sign* of the gradient, which works for full-batch training but not for noisy
    mini-batches, and dividing by a running RMS is a smooth way to get most of that benefit with mini-batches.
    The slide keeps the average with a fixed $\rho = 0.9$. To this day, papers and libraries cite those
    lecture slides; so does Lim et al.'s comparison {cite:p}`seed003`, whose reference for RMSProp is the
    slide file. The lecture deck of this course {cite:p}`seed004` lists RMSprop among the "other ways to
    adjust the weights", next to SGD, Momentum, AdaGrad and Adam, and shows a "family tree" of optimizers
    borrowed from a popular Korean slide deck by Ha Yong-ho.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. The sources and the libraries
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ### How the sources write it

    The same algorithm appears in several costumes. Here is each of them in its own notation.

    - **The width study** {cite:p}`seed000` gives RMSProp as its equation (7), but in our copy of the paper
      the symbols of every equation were lost in the text extraction (they were set in a font that did not
      survive); only its words remain: "a new parameter is introduced to take a moving average, so that
      gradients that are too old" stop counting. We cannot check its equation, and we say so.
    - **Kang** {cite:p}`seed002`, equations (12) and (14):
      $E[g^2]_t = (1 - \gamma) E[g^2]_{t-1} + \gamma g_t^2$ and
      $w \leftarrow w - \frac{\eta}{\sqrt{E[g^2] + \varepsilon}} \odot g$.
      Here $\gamma$ is the weight of the **new** squared gradient, $\gamma = 1 - \rho$, chosen from a
      "window size" $n$ as $\gamma = 2/(n+1)$; the paper's example is $n = 19$, $\gamma = 0.1$. It names the
      method after its denominator, the RMS.
    - **Lim et al.** {cite:p}`seed003`, equations (10) and (11):
      $G = \gamma G + (1 - \gamma)(\nabla_\theta J)^2$ and
      $\theta \leftarrow \theta - \frac{\eta}{\sqrt{G + \epsilon}} \nabla_\theta J$.
      Here $\gamma$ is the weight of the **old** average, $\gamma = \rho$: the same letter as Kang's, with
      the opposite meaning.
    - **PyTorch** (`torch.optim.RMSprop`) and **`mlp.optim.RMSProp`**: the equations above, with $\rho$
      called `alpha`, $\epsilon$ *outside* the root, and $v$ starting at 0.
    - **TensorFlow and Keras**: $\rho$ called `rho` (TensorFlow 1's `tf.train.RMSPropOptimizer` called it
      `decay`), $\epsilon$ *inside* the root. TensorFlow 1, whose `tf.train` optimizers Lim et al. cite,
      also starts the average at 1 instead of 0.

    The defaults differ too. The next cell collects every convention in one table, as data we can compute
    with. (The two papers give no $\epsilon$ for RMSProp; Lim et al. suggest $10^{-8}$ to $10^{-4}$ for
    AdaGrad, and we use $10^{-8}$ for both papers.)
    """
)

code(
    """
    # name: (rho, the weight of the OLD average; eps; eps inside the root?; the average's starting value)
    CONVENTIONS = {
        "PyTorch, mlp.optim":            (RMSProp().alpha, RMSProp().eps, False, 0.0),
        "Keras (TF 2, Keras 3)":         (0.9, 1e-7, True, 0.0),
        "TensorFlow 1 (tf.train)":       (0.9, 1e-10, True, 1.0),
        "Hinton's slide":                (0.9, 0.0, False, 0.0),
        "Kang, gamma = 0.1 (new term)":  (1 - 0.1, 1e-8, True, 0.0),
        "Lim et al., gamma = 0.9 (old)": (0.9, 1e-8, True, 0.0),
    }

    print(f"{'convention':<31}{'rho':>7}{'eps':>8}{'eps where':>11}{'v starts at':>13}")
    for name, (rho, eps, inside, v0) in CONVENTIONS.items():
        print(f"{name:<31}{rho:>7g}{eps:>8g}{'inside' if inside else 'outside':>11}{v0:>13g}")
    print("mlp.optim.RMSProp() defaults:", RMSProp())
    """
)

md(
    r"""
    All of these are one algorithm with four knobs, so one short NumPy function can play every convention.
    These few lines are the whole of RMSProp without momentum:
    """
)

code(
    """
    def rmsprop_numpy(grad, w0, lr, rho, eps, n_steps, eps_inside=False, v0=0.0):
        \"\"\"RMSProp in NumPy, in any of the conventions above. Returns the points visited and v after each step.\"\"\"
        w = np.array(w0, dtype=np.float64)
        v = np.full_like(w, v0)
        points, averages = [w.copy()], []
        for _ in range(n_steps):
            g = grad(w)
            v = rho * v + (1 - rho) * g * g
            root = np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps
            w = w - lr * g / root
            points.append(w.copy())
            averages.append(v.copy())
        return np.array(points), np.array(averages)
    """
)

md(
    r"""
    **The two gammas.** Kang's $\gamma = 0.1$ and Lim et al.'s $\gamma = 0.9$ are the *same* optimizer
    ($\rho = 0.9$), while the same number $\gamma = 0.1$ means $\rho = 0.1$ to Lim et al. and $\rho = 0.9$ to
    Kang. We run 50 steps on the elongated bowl $f(x, y) = x^2/20 + y^2$ of chapter 9 with each reading:
    """
)

code(
    """
    bowl_grad = elongated_bowl.grad
    start = np.array(elongated_bowl.start)


    def seed_path(old_weight):
        \"\"\"50 steps of the papers' form (eps inside the root) with the given weight on the old average.\"\"\"
        return rmsprop_numpy(bowl_grad, start, lr=0.1, rho=old_weight, eps=1e-8, n_steps=50, eps_inside=True)[0]

    kang = seed_path(1 - 0.1)            # Kang: gamma = 0.1 weights the new term
    lim_09 = seed_path(0.9)              # Lim et al.: gamma = 0.9 weights the old average
    lim_01 = seed_path(0.1)              # Lim et al. read with Kang's number
    print("Kang gamma 0.1 vs Lim gamma 0.9, largest difference over 50 steps:", np.abs(kang - lim_09).max())
    print("Kang gamma 0.1 vs Lim gamma 0.1, largest difference over 50 steps:", np.abs(kang - lim_01).max().round(3))
    print("after 50 steps: Kang gamma 0.1 at", kang[-1].round(4), "  Lim gamma 0.1 at", lim_01[-1].round(4))
    """
)

md(
    r"""
    Identical to the last digit in the first case, different paths in the second. When you read "$\gamma =
    0.1$" in a paper, find out which term it multiplies before you copy it.

    **Where $\epsilon$ sits.** Inside the root, $\epsilon$ acts as a floor on the RMS: the denominator is
    never below $\sqrt{\epsilon}$ ($10^{-4}$ for $\epsilon = 10^{-8}$). Outside, the floor is $\epsilon$
    itself. For ordinary gradients the two agree, but for a weight whose gradients are tiny they differ by a
    large factor. We feed a weight the gradient $10^{-6}$ a thousand times (long enough for every average to
    settle) and compare the last step with the learning rate, in each convention:
    """
)

code(
    """
    def tiny(w):
        \"\"\"A gradient of 1e-6 everywhere.\"\"\"
        return np.full_like(w, 1e-6)


    print(f"{'convention':<31}{'last step / lr':>15}{'floor on the RMS':>18}")
    for name, (rho, eps, inside, v0) in CONVENTIONS.items():
        points, _ = rmsprop_numpy(tiny, [0.0], lr=1.0, rho=rho, eps=eps, n_steps=1000, eps_inside=inside, v0=v0)
        floor = math.sqrt(eps) if inside else eps
        print(f"{name:<31}{abs(points[-1, 0] - points[-2, 0]):>15.4g}{floor:>18.0e}")
    """
)

md(
    r"""
    With $\epsilon$ outside the root (PyTorch, `mlp`, and the slide, which has none) the tiny gradient is
    scaled up to a full step of about $\eta$, as the idea of RMSProp promises. With $10^{-8}$ inside the root
    (the two papers) the same weight takes a step a hundred times smaller, with Keras's $10^{-7}$ smaller
    still, and with TensorFlow 1's $10^{-10}$ ten times smaller: in each case the RMS of $10^{-6}$ is replaced
    by the floor $\sqrt\epsilon$. So "RMSProp" in two libraries is not the same optimizer for weights with
    very small gradients, and a learning rate tuned in one does not carry over exactly to the other. We will
    see below that a trained MNIST network does have such weights.
    """
)

md(
    r"""
    ### The library's code

    Here is `mlp.optim.RMSProp`'s update, exactly as the library runs it. It avoids allocating new arrays
    (everything is written into `v` and a scratch array `tmp` in place), which makes it look busier than the
    equations; the comments give the equation each block computes.
    """
)

code(
    """
    print(inspect.getsource(RMSProp._update))
    """
)

md(
    r"""
    Read it against the equations: `v *= a` then `v += (1 - a) g²` is $v \leftarrow \rho v + (1-\rho)g^2$;
    `np.sqrt(v)` then `+= self.eps` puts $\epsilon$ outside the root; `tmp *= self.lr; param -= tmp` is the
    step. Two options go beyond the basic rule, both as in PyTorch:

    - `momentum` $= \mu > 0$ keeps a buffer $b \leftarrow \mu b + g/(\sqrt{v} + \epsilon)$ and steps
      $w \leftarrow w - \eta b$: Momentum (chapter 10) applied to the rescaled gradient. Lim et al. mention
      that RMSProp "can apply momentum". TensorFlow folds $\eta$ into the buffer instead,
      $b \leftarrow \mu b + \eta g/\sqrt{v + \epsilon}$, which is the same thing as long as $\eta$ does not
      change during training.
    - `centered=True` also keeps a moving average $\bar g$ of the gradient itself and divides by
      $\sqrt{v - \bar g^2}$, an estimate of the gradient's *standard deviation* rather than its RMS
      {cite:p}`graves2013`. It divides by how much
      the gradient varies, so a gradient that never varies gets an ever larger step:
    """
)

code(
    """
    centered_steps, _ = feed(RMSProp(lr=0.01, centered=True), steady[:2000], "v")
    for t in (1, 100, 1000, 2000):
        print(f"centered RMSProp, constant gradient, step {t:>4}: length {centered_steps[t - 1] / 0.01:10.1f} x lr")
    """
)

md(
    r"""
    Real mini-batch gradients are rarely that steady, so this seldom happens in practice, but it shows what
    the option computes. In the rest of the chapter we use plain RMSProp: no momentum, not centered.

    ### Three steps by hand

    Before trusting the library with anything bigger, we check its first three steps against the NumPy
    lines above, on the elongated bowl from its usual start $(-7, 2)$ with $\eta = 0.1$ and PyTorch's
    $\rho = 0.99$, $\epsilon = 10^{-8}$:
    """
)

code(
    """
    by_hand, v_by_hand = rmsprop_numpy(bowl_grad, start, lr=0.1, rho=0.99, eps=1e-8, n_steps=3)

    optimizer = RMSProp(lr=0.1)                       # alpha = 0.99, eps = 1e-8: PyTorch's defaults
    w = start.copy()
    print(f"{'step':>4}{'gradient g':>22}{'v (NumPy)':>26}{'w (NumPy)':>24}{'w (mlp)':>24}{'difference':>12}")
    for t in range(1, 4):
        g = bowl_grad(w)
        optimizer.step([w], [g])
        print(f"{t:>4}{np.array2string(g, precision=5):>22}{np.array2string(v_by_hand[t - 1], precision=6):>26}"
              f"{np.array2string(by_hand[t], precision=5):>24}{np.array2string(w, precision=5):>24}"
              f"{np.abs(w - by_hand[t]).max():>12.1e}")
    """
)

md(
    r"""
    The library and the equation agree to rounding. Look at the first row, though: the gradient along $x$ is
    $-0.7$ and along $y$ is $4$, yet both coordinates moved by the same amount, and by much more than the
    learning rate of 0.1. The next section explains both.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. The first step
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The first step is the largest

    The average starts at $v_0 = 0$. After one step it holds only the first squared gradient, shrunk by the
    weight of a newcomer: $v_1 = (1 - \rho) g_1^2$. So the first step is

    $$\eta\, \frac{|g_1|}{\sqrt{(1 - \rho)\, g_1^2}} = \frac{\eta}{\sqrt{1 - \rho}},$$

    whatever the gradient: $\sqrt{1 - 0.99} = 0.1$, so with PyTorch's default $\rho = 0.99$ the first step is
    ten times the learning rate, for *every* weight. The library agrees:
    """
)

code(
    """
    lr = 0.01
    print(f"first step / lr, with lr = {lr}")
    print(f"{'rho':>7}{'g = 0.001':>12}{'g = 1':>10}{'g = 1000':>11}{'1 / sqrt(1 - rho)':>20}")
    for rho in (0.9, 0.99, 0.999):
        ratios = [feed(RMSProp(lr=lr, alpha=rho), [g], "v")[0][0] / lr for g in (0.001, 1.0, 1000.0)]
        print(f"{rho:>7}" + "".join(f"{r:>11.3f}" for r in ratios) + f"{1 / math.sqrt(1 - rho):>17.3f}")
    """
)

md(
    r"""
    Keras's documentation has a one-line example that shows the same effect: a variable at 10, loss
    $w^2/2$ (so $g = w = 10$), learning rate 0.1, Keras's $\rho = 0.9$; after one step Keras prints
    `9.683772`. The first step was $0.1/\sqrt{0.1} \approx 0.316$, more than three times the learning rate.
    Our library, set to the same $\rho$, gives the same number:
    """
)

code(
    """
    w = np.array([10.0])
    RMSProp(lr=0.1, alpha=0.9).step([w], [w.copy()])    # the gradient of w**2 / 2 is w
    print(f"after one step: {w[0]:.6f}, a step of {10 - w[0]:.4f} = {(10 - w[0]) / 0.1:.2f} x lr")
    """
)

md(
    r"""
    The oversized steps do not stop after one step. With a steady gradient, $v_t = (1 - \rho^t)\, g^2$, so
    the step is $\eta / \sqrt{1 - \rho^t}$: it falls back to $\eta$ only once $\rho^t$ is small, after a few
    hundred steps for $\rho = 0.99$. Adam {cite:p}`kingma2015`, chapter 14, removes the effect by dividing the average by exactly
    that factor, $\hat v_t = v_t / (1 - \rho^t)$, a bias correction (편향 보정): an average that starts at
    zero underestimates, and the correction undoes the underestimate. PyTorch's RMSProp does not correct;
    Adam does. We can watch all of this with a constant gradient: AdaGrad's steps fall as $\eta/\sqrt{t}$,
    RMSProp's start high and settle at $\eta$, and a bias-corrected RMSProp steps exactly $\eta$ from the
    start. (`Adam(betas=(0, rho))` *is* bias-corrected RMSProp: with $\beta_1 = 0$ Adam's first average is
    just the current gradient. Chapter 14 turns the other half back on.)
    """
)

code(
    """
    n_steps = 3000
    lengths = {
        "AdaGrad": feed(AdaGrad(lr=lr), steady[:n_steps], "G")[0],
        "RMSProp, rho = 0.9": feed(RMSProp(lr=lr, alpha=0.9), steady[:n_steps], "v")[0],
        "RMSProp, rho = 0.99": feed(RMSProp(lr=lr, alpha=0.99), steady[:n_steps], "v")[0],
        "bias-corrected RMSProp, rho = 0.99": feed(Adam(lr=lr, betas=(0.0, 0.99)), steady[:n_steps], "v")[0],
    }
    styles = {"AdaGrad": ("tab:green", "-"), "RMSProp, rho = 0.9": ("tab:cyan", "-"),
              "RMSProp, rho = 0.99": ("tab:blue", "-"), "bias-corrected RMSProp, rho = 0.99": ("tab:red", "--")}

    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    steps_axis = np.arange(1, n_steps + 1)
    for name, values in lengths.items():
        colour, line = styles[name]
        ax.plot(steps_axis, values / lr, color=colour, linestyle=line, label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("step t")
    ax.set_ylabel("step length / learning rate")
    ax.set_title("The same gradient, 1.0, at every step")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()

    rms = lengths["RMSProp, rho = 0.99"] / lr
    print("RMSProp rho = 0.99, step / lr at t = 1, 10, 100, 1000:", np.round(rms[[0, 9, 99, 999]], 3))
    print("bias-corrected, step / lr at t = 1 and 1000:          ", np.round(lengths["bias-corrected RMSProp, rho = 0.99"][[0, 999]] / lr, 3))
    """
)

md(
    r"""
    TensorFlow 1 avoided the big first steps by another route: its average starts at 1, not 0. Then the
    first step is $\eta\, g / \sqrt{0.9 + 0.1\, g^2 + \epsilon}$, *small* for a small gradient, and the
    starting 1 fades over the first few dozen steps, a built-in warm-up. The same name, two opposite
    behaviours in the first steps:
    """
)

code(
    """
    for g in (0.01, 1.0, 100.0):
        first = {}
        for name in ("PyTorch, mlp.optim", "TensorFlow 1 (tf.train)"):
            rho, eps, inside, v0 = CONVENTIONS[name]
            points, _ = rmsprop_numpy(lambda w: np.full_like(w, g), [0.0], 1.0, rho, eps, 1, inside, v0)
            first[name] = abs(points[1, 0])
        print(f"gradient {g:>6}: first step / lr  PyTorch {first['PyTorch, mlp.optim']:7.3f}"
              f"   TensorFlow 1 {first['TensorFlow 1 (tf.train)']:7.4f}")
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Memory length
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## How long is the memory?

    A gradient $k$ steps old carries weight $(1 - \rho)\rho^k$ in $v$. Three ways to put a number on how
    far back the average looks:

    - the **time constant** $1/(1 - \rho)$: after that many steps a gradient's weight has fallen by a factor
      of about $e$, and the most recent $1/(1-\rho)$ gradients together carry about 63% of the average;
    - the **half-life** $\ln 2 / \ln(1/\rho)$: after that many steps a gradient counts half as much as when
      it arrived;
    - Kang's **window size** $n = 2/\gamma - 1$ with $\gamma = 1 - \rho$: the plain average over the last $n$
      steps whose gradients are, on average, as old as those in the exponential one.
    """
)

code(
    """
    print(f"{'rho':>7}{'time constant':>15}{'share of the last 1/(1-rho)':>29}{'half-life':>11}{'Kang window n':>15}")
    for rho in (0.9, 0.99, 0.999):
        tau = 1 / (1 - rho)
        print(f"{rho:>7}{tau:>15.0f}{1 - rho ** round(tau):>29.1%}{math.log(2) / math.log(1 / rho):>11.1f}"
              f"{2 / (1 - rho) - 1:>15.0f}")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    recent = np.arange(1, 1001)
    for rho, colour in ((0.9, "tab:cyan"), (0.99, "tab:blue"), (0.999, "navy")):
        ax.plot(recent, 1 - rho**recent, color=colour, label=f"RMSProp, rho = {rho}")
        ax.axvline(1 / (1 - rho), color=colour, linestyle=":", linewidth=1)
    ax.plot(recent, recent / 1000, color="tab:green", label="AdaGrad, after 1000 steps")
    ax.set_xscale("log")
    ax.set_xlim(1, 1000)
    ax.set_xlabel("the most recent k gradients")
    ax.set_ylabel("their share of the memory")
    ax.set_title("Share of v (or G) held by the last k squared gradients (dotted: time constants)")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    plt.show()
    print("share of the memory held by the last 100 gradients:",
          ", ".join(f"rho {rho}: {1 - rho**100:.0%}" for rho in (0.9, 0.99, 0.999)), "; AdaGrad after 1000 steps:", f"{100 / 1000:.0%}")
    """
)

md(
    r"""
    With $\rho = 0.9$ the average looks back about ten steps, with PyTorch's 0.99 about a hundred. AdaGrad,
    by contrast, gives every past squared gradient the same full weight forever: after a thousand steps of
    equal gradients, the last hundred make up only a tenth of its memory. Over a run of a thousand steps,
    $\rho = 0.999$ behaves almost like AdaGrad: its memory is as long as the run.

    ### Watching the average forget

    Now the experiment that shows why forgetting matters. A weight receives the gradient 1 for 400 steps,
    then, as if it had reached a flatter region, 0.1 for 800 steps, then 1 again. We plot the RMS each
    optimizer measures (RMSProp's $\sqrt{v}$; for AdaGrad $\sqrt{G/t}$, the RMS of *all* its past gradients,
    since it divides by $\sqrt{G} = \sqrt t$ times that) and the resulting step length.
    """
)

code(
    """
    schedule = np.concatenate([np.ones(400), np.full(800, 0.1), np.ones(200)])
    t_axis = np.arange(1, len(schedule) + 1)
    runs = {
        "AdaGrad": feed(AdaGrad(lr=lr), schedule, "G"),
        "RMSProp, rho = 0.9": feed(RMSProp(lr=lr, alpha=0.9), schedule, "v"),
        "RMSProp, rho = 0.99": feed(RMSProp(lr=lr, alpha=0.99), schedule, "v"),
    }
    colours = {"AdaGrad": "tab:green", "RMSProp, rho = 0.9": "tab:cyan", "RMSProp, rho = 0.99": "tab:blue"}

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 5.5), sharex=True)
    top.plot(t_axis, schedule, color="black", linewidth=2, label="|gradient| fed in")
    for name, (steps_taken, memory) in runs.items():
        rms_seen = np.sqrt(memory / t_axis) if name == "AdaGrad" else np.sqrt(memory)
        label = "AdaGrad: RMS of all past gradients" if name == "AdaGrad" else f"{name}: sqrt(v)"
        top.plot(t_axis, rms_seen, color=colours[name], label=label)
        bottom.plot(t_axis, steps_taken / lr, color=colours[name], label=name)
    top.set_yscale("log")
    top.set_ylim(0.015, 2.5)
    top.set_ylabel("size")
    top.legend(fontsize=8, loc="lower center", ncol=2)
    bottom.axhline(1, color="black", linestyle=":", linewidth=1)
    bottom.set_yscale("log")
    bottom.set_xlabel("step")
    bottom.set_ylabel("step length / learning rate")
    bottom.legend(fontsize=8, loc="lower left")
    top.set_title("The gradient drops tenfold at step 400 and comes back at step 1200")
    fig.tight_layout()
    plt.show()
    """
)

code(
    """
    for name, (steps_taken, _) in runs.items():
        after_drop = steps_taken[400:1200] / lr
        back = np.flatnonzero(after_drop >= 0.9)
        recovered = f"after {back[0] + 1} steps" if len(back) else "never, within 800 steps"
        print(f"{name:<20} just after the drop: step = {after_drop[0]:.3f} lr;  back to 0.9 lr: {recovered};"
              f"  largest step after the return: {steps_taken[1200:].max() / lr:.2f} lr")
    """
)

md(
    r"""
    When the gradient drops, every optimizer first takes a step ten times smaller, because its RMS still
    remembers the large gradients. RMSProp then forgets them and its steps climb back to the learning rate:
    quickly with $\rho = 0.9$, slowly with $\rho = 0.99$. AdaGrad's RMS is an average over its whole history,
    so it never gets back up. When the gradient jumps back up, the surprise runs the other way: RMSProp's
    average still holds the small gradients, so for a few steps it divides a large gradient by a small RMS
    and steps several times the learning rate, the same effect as the first step. The printed numbers
    measure both.

    Note how the printed recovery times compare with the time constants (10 and 100 steps): forgetting a
    *large* change takes several time constants, because the old squares have to shrink not just by $e$ but
    until they are small next to the new ones. The exercise *How long does it take to forget?* below asks
    you to work out exactly how long.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Long run: AdaGrad stalls, RMSProp hovers
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Where AdaGrad slows down, RMSProp keeps walking (and never quite stops)

    The Rosenbrock function $f(x, y) = (1 - x)^2 + 100 (y - x^2)^2$ of chapter 9 punishes a long memory.
    From the start $(-1.5, 2)$ the optimizer first falls down a steep wall (the gradient there, printed
    below, is over a hundred), then has to walk along a long, curved, almost flat valley to the minimum at
    $(1, 1)$, where the gradients are small. AdaGrad's sum remembers the wall for ever; RMSProp forgets it
    within a few hundred steps.

    For a fair start we give both the same first step. AdaGrad's first step moves each coordinate by
    exactly $\eta$ (its sum holds just $g_1^2$), RMSProp's by $10\eta$, so AdaGrad at $\eta = 0.1$ and RMSProp
    at $\eta = 0.01$ begin identically. We add AdaGrad at a fifteen times larger $\eta = 1.5$, and RMSProp
    whose learning rate decays by a factor 0.999 per step, a learning-rate decay (학습률 감쇠) from
    `mlp.optim.schedules`. 5000 steps each:
    """
)

code(
    """
    def descend_scheduled(optimizer, surface, schedule, steps):
        \"\"\"Like `descend`, but sets optimizer.lr = schedule(t) before every step.\"\"\"
        w = np.array(surface.start, dtype=np.float64)
        path = [w.copy()]
        for t in range(steps):
            optimizer.lr = schedule(t)
            optimizer.step([w], [surface.grad(w)])
            path.append(w.copy())
        return np.array(path)


    LONG = 5000
    long_paths = {
        "AdaGrad, lr 0.1": descend(AdaGrad(lr=0.1), rosenbrock, steps=LONG),
        "AdaGrad, lr 1.5": descend(AdaGrad(lr=1.5), rosenbrock, steps=LONG),
        "RMSProp, lr 0.01": descend(RMSProp(lr=0.01), rosenbrock, steps=LONG),
        "RMSProp, lr 0.01 x 0.999^t": descend_scheduled(RMSProp(lr=0.01), rosenbrock,
                                                        schedules.exponential(0.01, 0.999), LONG),
    }
    long_colours = ["C0", "C1", "C2", "C3"]            # the colours plot_surface_path gives the paths, in order
    distance = {name: np.linalg.norm(path - np.array([1.0, 1.0]), axis=1) for name, path in long_paths.items()}
    step_length = {name: np.linalg.norm(np.diff(path, axis=0), axis=1) for name, path in long_paths.items()}

    print("the gradient at the start:", rosenbrock.grad(np.array(rosenbrock.start)))
    checkpoints = (100, 500, 1000, 2000, 5000)
    print(f"{'':<28}{'first':>8}{'last 100':>10}   distance to (1, 1) after")
    print(f"{'':<28}{'step':>8}{'steps':>10}" + "".join(f"{t:>9}" for t in checkpoints) + " steps")
    for name in long_paths:
        print(f"{name:<28}{step_length[name][0]:>8.3f}{step_length[name][-100:].mean():>10.1e}"
              + "".join(f"{distance[name][t]:>9.3g}" for t in checkpoints))
    print()
    for name in ("AdaGrad, lr 0.1", "RMSProp, lr 0.01"):
        typical = np.median(step_length[name][10:100])
        fast = np.flatnonzero(step_length[name][10:] >= 0.01)
        print(f"{name}: median step over steps 11-100 {typical:.1e};",
              f"first step of length >= 0.01 after the start: step {fast[0] + 11}" if len(fast) else "never again a step >= 0.01")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    thinned = {name: np.vstack([path[:20], path[20::10], path[-1:]]) for name, path in long_paths.items()}
    plot_surface_path(rosenbrock, thinned, ax=axes[0], xlim=rosenbrock.xlim, ylim=rosenbrock.ylim,
                      minimum=(1.0, 1.0), levels=15)
    axes[0].set_title("5000 steps (after the first 20, every 10th point)")
    axes[0].legend(fontsize=7, loc="lower right")
    steps_axis = np.arange(1, LONG + 1)
    for name, colour in zip(long_paths, long_colours):
        axes[1].plot(np.arange(LONG + 1), distance[name], color=colour, label=name)
        axes[2].plot(steps_axis, step_length[name], color=colour, label=name)
    for ax, label in ((axes[1], "distance to the minimum (1, 1)"), (axes[2], "step length")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel(label)
        ax.legend(fontsize=7)
    axes[2].axhline(0.01 * math.sqrt(2), color="black", linestyle=":", linewidth=1)
    axes[1].set_title("How far from the minimum")
    axes[2].set_title("How far each step goes (dotted: 0.01·√2)")
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    The right panel tells the story, in three acts. First, both optimizers fall down the wall, and the huge
    gradients there fill their memories. Second, in the valley, both creep along with steps of the same small
    length: RMSProp *also* remembers the wall, for a while. Third, after a few hundred steps (printed above)
    RMSProp has forgotten the wall, its steps grow to about $0.01\sqrt 2$, every coordinate moving by about
    $\eta$ per step however flat the valley, and it pulls away (middle panel). AdaGrad never forgets, its steps
    keep shrinking roughly like $1/\sqrt t$, and after 5000 steps it is still far up the valley (the table).

    AdaGrad can be made to get there too, with a fifteen times larger learning rate, but look at the price in
    the first column: a first leap of two units, across half the picture and out of it. AdaGrad cannot have
    both sensible steps early and large steps late, because its step sizes are fixed by its whole history;
    RMSProp can, because it only remembers the recent past.

    The same panel shows RMSProp's weakness. Once the gradients are steady its steps no longer shrink, so
    near the minimum it keeps hopping back and forth at the same step length and stops getting closer; by
    the end, AdaGrad at 1.5 has crept past it.
    Letting the learning rate decay gives the best of both: the decayed run walks the valley as fast as
    RMSProp and then settles, ending closest of all.

    On the elongated bowl the hopping can be measured exactly. Once $v$ has adjusted, a weight bouncing
    between $+a$ and $-a$ sees gradients of equal size, so $g/\sqrt{v} = \pm 1$ and every step is exactly
    $\pm\eta$: each coordinate ends up hopping between $\pm\eta/2$, a distance $\eta/\sqrt 2$ from the
    minimum.
    """
)

code(
    """
    print(f"{'lr':>6}{'distance after 4000 steps':>27}{'lr / sqrt(2)':>14}{'closest on the way':>20}")
    for lr_hover in (0.3, 0.1, 0.03):
        path = descend(RMSProp(lr=lr_hover), elongated_bowl, steps=4000)
        d = np.linalg.norm(path, axis=1)
        print(f"{lr_hover:>6}{d[-1]:>27.6f}{lr_hover / math.sqrt(2):>14.6f}{d.min():>20.2g}")
    """
)

md(
    r"""
    The final distance is $\eta/\sqrt 2$ to within a millionth, whatever the learning rate. The last column
    holds a surprise: on the way, every run came astonishingly close to the exact minimum, and then left
    again. Near the minimum the gradient and $v$ both shrink towards zero, $g /
    (\sqrt{v} + \epsilon)$ stops shrinking, and the bottom of the bowl is not a stable resting place for a
    step that never gets small. A fixed-learning-rate RMSProp finds the neighbourhood of a minimum quickly
    and then needs the learning rate to come down to get any closer.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Three surfaces
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Paths on the three test surfaces

    Side by side with plain SGD (chapter 9) and AdaGrad (chapter 11), each at a learning rate that works for
    it on that surface. On the two-minima surface we add RMSProp with a larger learning rate, 0.3. (On
    Rosenbrock, after the first 20 points, only every 10th is drawn.)
    """
)

code(
    """
    SURFACE_RUNS = [
        (elongated_bowl, 60, {"SGD, lr 0.9": SGD(lr=0.9), "AdaGrad, lr 0.5": AdaGrad(lr=0.5),
                              "RMSProp, lr 0.1": RMSProp(lr=0.1)}),
        (rosenbrock, 2000, {"SGD, lr 0.001": SGD(lr=0.001), "AdaGrad, lr 1.5": AdaGrad(lr=1.5),
                            "RMSProp, lr 0.01": RMSProp(lr=0.01)}),
        (two_minima, 200, {"SGD, lr 0.1": SGD(lr=0.1), "AdaGrad, lr 0.5": AdaGrad(lr=0.5),
                           "RMSProp, lr 0.1": RMSProp(lr=0.1), "RMSProp, lr 0.3": RMSProp(lr=0.3)}),
    ]

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    for ax, (surface, steps, optimizers) in zip(axes, SURFACE_RUNS):
        paths = {name: descend(opt, surface, steps=steps) for name, opt in optimizers.items()}
        every = max(1, steps // 200)                   # after the first 20 points, at most about 200 more
        drawn = {name: np.vstack([path[:20], path[20::every], path[-1:]]) for name, path in paths.items()}
        plot_surface_path(surface, drawn, ax=ax, xlim=surface.xlim, ylim=surface.ylim, minimum=surface.minima[0],
                          levels=15)
        ax.set_title(f"{surface.formula}, {steps} steps", fontsize=10)
        print(f"{surface.name}:")
        for name, path in paths.items():
            nearest = min(surface.minima, key=lambda m: np.linalg.norm(path[-1] - np.array(m)))
            gap = np.linalg.norm(path[-1] - np.array(nearest))
            print(f"   {name:<17} ends at ({path[-1, 0]:+.3f}, {path[-1, 1]:+.3f}), {gap:.2g} from the minimum "
                  f"at x = {nearest[0]:+.2f}; first step {np.linalg.norm(path[1] - path[0]):.3f} long")
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    - **Elongated bowl.** SGD zig-zags across the steep $y$ direction before it follows the valley floor.
      AdaGrad and RMSProp rescale each coordinate by its own RMS, so both coordinates move by the same amount
      and they set off on a diagonal instead. RMSProp's first step is the long one the previous section
      predicted; AdaGrad's steps then shrink, RMSProp's do not, and it ends up hopping around the minimum.
    - **Rosenbrock.** SGD's learning rate must be tiny to survive the steep wall, so it moves slowly along
      the valley; AdaGrad at a large learning rate leaps about wildly at the start (its path leaves the picture);
      RMSProp follows the valley furthest in the same number of steps, as in the long run.
    - **Two minima.** At learning rate 0.1 every optimizer settles in the nearer valley on the right. At 0.3,
      RMSProp's *first* step, ten learning rates in each coordinate (its length is printed above), throws it
      straight over the hill into the deeper valley on the left, where it ends up hopping around that
      minimum. Here the oversized first step happened to land somewhere better; it is a matter of step size,
      not of insight, and it could as easily have thrown the weights somewhere worse.
    """
)

md(
    r"""
    ### Explore: the decay rate and the learning rate

    The two sliders choose $\rho$ and the learning rate; the picture shows 150 steps of RMSProp on the
    elongated bowl (left) and the distance to the minimum at every step (right, with the predicted hopping
    distance $\eta/\sqrt 2$ dotted). Things to look for: $\rho = 0$ keeps no memory at all, so
    $g/\sqrt{v} = \pm 1$ and each coordinate moves by exactly $\pm\eta$ (the *sign* of the gradient, Rprop's
    idea): the path starts at 45 degrees. A large $\rho$ makes the first step $\eta/\sqrt{1-\rho}$, about 32
    learning rates at $\rho = 0.999$, and then remembers that first steep gradient for a long time.
    The pictures are drawn in advance, so the sliders also work in the online book.
    """
)

code(
    """
    EXPLORE_RHOS = [0.0, 0.5, 0.9, 0.99, 0.999]
    EXPLORE_LRS = [0.01, 0.03, 0.1, 0.3]
    EXPLORE_STEPS = 150
    explore_paths = {(rho, lr_e): descend(RMSProp(lr=lr_e, alpha=rho), elongated_bowl, steps=EXPLORE_STEPS)
                     for rho in EXPLORE_RHOS for lr_e in EXPLORE_LRS}
    grid_x, grid_y = np.meshgrid(np.linspace(-10, 10, 120), np.linspace(-5, 5, 80))
    grid_z = elongated_bowl(grid_x, grid_y)
    bowl_levels = np.quantile(grid_z, np.linspace(0.01, 0.95, 12))


    def draw_bowl(fig, rho, lr_e):
        \"\"\"One frame: the path on the bowl (left) and the distance to the minimum per step (right).\"\"\"
        path = explore_paths[rho, lr_e]
        left = fig.add_axes([0.07, 0.16, 0.45, 0.76])
        right = fig.add_axes([0.64, 0.16, 0.33, 0.76])
        left.contour(grid_x, grid_y, grid_z, levels=bowl_levels, cmap="viridis", linewidths=0.7)
        left.plot(path[:, 0], path[:, 1], "-o", color="tab:blue", markersize=2, linewidth=1)
        left.plot(*path[0], "o", color="tab:blue", markeredgecolor="k", markersize=6)
        left.plot(0, 0, "*", color="gold", markeredgecolor="k", markersize=12)
        left.set_xlim(-10, 10)
        left.set_ylim(-5, 5)
        left.set_xticks([-10, -5, 0, 5, 10])
        left.set_yticks([-5, 0, 5])
        left.set_xlabel("x")
        left.set_ylabel("y")
        # log10 of the distance on a linear axis with fixed ticks: a log axis would triple the drawing time
        distance_e = np.log10(np.maximum(np.linalg.norm(path, axis=1), 1e-12))
        right.plot(np.arange(len(path)), distance_e, color="tab:blue")
        right.axhline(math.log10(lr_e / math.sqrt(2)), color="black", linestyle=":", linewidth=1)
        right.set_ylim(-4, 1.3)
        right.set_yticks([-4, -3, -2, -1, 0, 1], ["0.0001", "0.001", "0.01", "0.1", "1", "10"])
        right.set_xlim(0, EXPLORE_STEPS)
        right.set_xticks([0, 50, 100, 150])
        right.set_xlabel("step")
        right.set_ylabel("distance to minimum")


    def bowl_caption(rho, lr_e):
        path = explore_paths[rho, lr_e]
        first = np.abs(path[1] - path[0])
        end = np.linalg.norm(path[-1])
        return (f"ρ = {rho}, lr = {lr_e}: first step moves each coordinate by <b>{first[0]:.3g}</b> "
                f"(lr/√(1−ρ) = {lr_e / math.sqrt(1 - rho):.3g}); after {EXPLORE_STEPS} steps the distance "
                f"is <b>{end:.2g}</b> (lr/√2 = {lr_e / math.sqrt(2):.2g})")


    frame_explorer_2d(draw_bowl, EXPLORE_RHOS, EXPLORE_LRS, label_a="ρ (alpha)", label_b="learning rate",
                      value_a=0.99, value_b=0.1, caption=bowl_caption, figsize=(8.0, 3.0), dpi=80, layout=None)
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Memory cost
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## What it costs: memory

    RMSProp keeps one number per weight, $v$, exactly as much as AdaGrad keeps for $G$. The options add
    more: momentum a buffer, `centered` the average gradient. We measure it with `memory_bytes()` after one
    step on the network we train next, 784-100-10 in float32:
    """
)

code(
    """
    net = mlp.MLP([784, 100, 10], seed=0)
    params = net.parameters()
    fake_grads = [np.ones_like(p) for p in params]
    parameter_bytes = sum(p.nbytes for p in params)
    print(f"the network: {net.n_parameters:,} parameters, {parameter_bytes:,} bytes")
    for name, optimizer in [("SGD", SGD(lr=0.1)), ("AdaGrad", AdaGrad()), ("RMSProp", RMSProp()),
                            ("RMSProp, momentum 0.9", RMSProp(momentum=0.9)),
                            ("RMSProp, momentum, centered", RMSProp(momentum=0.9, centered=True))]:
        copies = [p.copy() for p in params]            # step on copies: the network itself stays untouched
        optimizer.step(copies, fake_grads)
        kept = optimizer.memory_bytes()
        print(f"{name:<28} keeps {kept:>9,} bytes = {kept / parameter_bytes:.0f} x the parameters; "
              f"state per parameter: {', '.join(sorted(optimizer.state[0])) or 'none'}")
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. MNIST
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## A short run on MNIST

    Now a real network: 784-100-10 with ReLU, softmax and cross-entropy, trained on 5000 MNIST training
    images (500 per digit) for 3 epochs in mini-batches of 32, and tested on 1000 test images. Each
    optimizer gets its customary learning rate: 0.1 for SGD, 0.01 for AdaGrad (PyTorch's default), 0.001 for
    RMSProp (Keras's default, and the common choice for networks; PyTorch's default 0.01 is too large here,
    as we will see). Same initial weights, same order of mini-batches.
    """
)

code(
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=5000, n_test=1000)
    EPOCHS, BATCH = 3, 32


    def train(optimizer, sizes=(784, 100, 10)):
        \"\"\"The chapter's protocol: a fresh network (seed 0), 3 epochs of mini-batches of 32, evaluated per epoch.\"\"\"
        model = mlp.MLP(list(sizes), seed=0)
        history = mlp.fit(model, mlp.SoftmaxCrossEntropy(), optimizer, x_train, y_train, epochs=EPOCHS,
                          batch_size=BATCH, x_val=x_test, y_val=y_test, train_eval_size=1000, progress=False,
                          on_divergence="stop")
        return model, history


    mnist_optimizers = {"SGD": SGD(lr=0.1), "AdaGrad": AdaGrad(lr=0.01), "RMSProp": RMSProp(lr=0.001)}
    mnist_runs = {name: train(optimizer) for name, optimizer in mnist_optimizers.items()}
    print("training images per digit:", np.bincount(y_train))
    print(f"{'optimizer':<10}{'train loss':>11}{'test loss':>11}{'test accuracy':>15}{'seconds':>9}")
    for name, (model, history) in mnist_runs.items():
        last = history.evaluations[-1]
        print(f"{name:<10}{last['train_loss']:>11.3f}{last['val_loss']:>11.3f}{last['val_accuracy']:>15.1%}"
              f"{last['time']:>9.2f}")
    """,
    tags=("nbval-ignore-output",),
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 3.8))
    for name, (model, history) in mnist_runs.items():
        steps = np.asarray(history.iterations)
        window = 25
        left.plot(steps[window - 1:], moving_average(history.loss, window), color=COLOURS[name], label=name)
        right.plot(history.metric("epoch"), history.metric("val_accuracy"), "o-", color=COLOURS[name], label=name)
    left.set_xlabel("iteration")
    left.set_ylabel("mini-batch loss (moving average of 25)")
    left.set_ylim(0, 1.5)
    left.legend()
    right.set_xlabel("epoch")
    right.set_ylabel("test accuracy")
    right.set_xticks(range(1, EPOCHS + 1))
    right.legend()
    fig.suptitle("784-100-10 on 5000 MNIST images")
    fig.tight_layout()
    plt.show()
    """
)

md(
    r"""
    AdaGrad and RMSProp, each at its customary learning rate, lower the training loss at almost the same
    pace, both well ahead of SGD. Their test accuracies part in the last epoch: AdaGrad's still rises, while
    RMSProp's falls back a little, which fits what we saw on the surfaces, since its steps do not shrink as
    training goes on. (The printed table gives the numbers; the timings vary from machine to machine.)
    Three epochs on 5000 images is a small test, and one run of each is not an average: chapter 15 compares
    the optimizers properly, over repeats and across network widths.

    Remember the question of where $\epsilon$ sits? Here is why it matters for a real network. After
    training, we look at RMSProp's $\sqrt{v}$ for the 78,400 first-layer weights:
    """
)

code(
    """
    root = np.sqrt(mnist_optimizers["RMSProp"].state[0]["v"])     # v of the first layer's W, shape (784, 100)
    print(f"first-layer weights: {root.size:,}")
    print(f"  with a gradient that was exactly 0 throughout (blank pixels, or hidden units that never fire): {np.mean(root == 0):.1%}")
    print(f"  with RMS below 1e-4, where eps = 1e-8 inside the root would change the step: "
          f"{np.mean((root > 0) & (root < 1e-4)):.1%}")
    print(f"  median RMS of the others: {np.median(root[root >= 1e-4]):.2g}")
    ink = (x_train > 0).mean(axis=0)                   # for each pixel: the share of images with ink there
    small = (root > 0) & (root < 1e-4)
    print(f"  their pixels have ink in {np.median(ink[np.nonzero(small)[0]]):.1%} of the images (median); "
          f"the pixels of the others in {np.median(ink[np.nonzero(root >= 1e-4)[0]]):.1%}")
    """
)

md(
    r"""
    A good share of the weights have gradients so small that the TensorFlow-style $\epsilon$ inside the
    root would shrink their steps, while PyTorch's $\epsilon$ outside leaves them at full size. They belong to
    pixels that are almost always blank (the last line), so it matters little for accuracy here, but it is a
    real difference between two optimizers with the same name.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. The seeds' claims
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The sources' claims, tested

    ### Lim et al.: RMSProp is among the best, and gets worse as the learning rate grows

    Lim et al. {cite:p}`seed003` trained small CNNs on MNIST for 100 epochs with six TensorFlow optimizers at
    learning rates 0.0001, 0.0005, 0.001, 0.005 and 0.01. They report that Adam and RMSProp reach the highest
    accuracy, that Adam's and RMSProp's accuracy *falls* as the learning rate grows while that of gradient
    descent, AdaGrad, Adadelta and Momentum *rises*, and they blame overfitting: a large learning rate finds
    the optimum fast and then overfits. (Their next sentence says the opposite about RMSProp, that a *lower*
    learning rate makes overfitting *more* likely; the two sentences cannot both be right.)

    We test the trend at classroom scale: the same five learning rates, our 784-100-10 network and protocol
    (3 epochs, not 100; an MLP, not a CNN; chapter 17 reproduces the CNN experiment), for RMSProp, SGD and
    AdaGrad. Runs already trained above are reused. If overfitting were the cause, the *training* accuracy
    would stay high while the test accuracy falls; so we record both.
    """
)

code(
    """
    SWEEP_LRS = [0.0001, 0.0005, 0.001, 0.005, 0.01]
    sweep = {}
    for name, make in (("RMSProp", RMSProp), ("SGD", SGD), ("AdaGrad", AdaGrad)):
        for lr_s in SWEEP_LRS:
            if (name, lr_s) in (("RMSProp", 0.001), ("AdaGrad", 0.01)):
                history = mnist_runs[name][1]              # trained above with exactly this setting
            else:
                history = train(make(lr=lr_s))[1]
            sweep[name, lr_s] = history.evaluations[-1]

    print(f"{'lr':>8}" + "".join(f"{name + ' test':>14}" for name in ("RMSProp", "SGD", "AdaGrad"))
          + f"{'RMSProp train':>15}")
    for lr_s in SWEEP_LRS:
        print(f"{lr_s:>8}" + "".join(f"{sweep[name, lr_s]['val_accuracy']:>14.1%}" for name in ("RMSProp", "SGD", "AdaGrad"))
              + f"{sweep['RMSProp', lr_s]['train_accuracy']:>15.1%}")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for name in ("RMSProp", "SGD", "AdaGrad"):
        ax.plot(SWEEP_LRS, [sweep[name, l]["val_accuracy"] for l in SWEEP_LRS], "o-", color=COLOURS[name],
                label=f"{name}, test")
    ax.plot(SWEEP_LRS, [sweep["RMSProp", l]["train_accuracy"] for l in SWEEP_LRS], "s--", color=COLOURS["RMSProp"],
            alpha=0.6, label="RMSProp, training")
    ax.set_xscale("log")
    ax.set_xlabel("learning rate")
    ax.set_ylabel("accuracy after 3 epochs")
    ax.set_title("Lim et al.'s learning-rate sweep at classroom scale")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

code(
    """
    rms_test = np.array([sweep["RMSProp", l]["val_accuracy"] for l in SWEEP_LRS])
    rms_train = np.array([sweep["RMSProp", l]["train_accuracy"] for l in SWEEP_LRS])
    best = int(np.argmax(rms_test))
    print(f"RMSProp is best at lr = {SWEEP_LRS[best]}; from there to lr = 0.01 its test accuracy falls "
          f"by {rms_test[best] - rms_test[-1]:.1%} and its training accuracy by {rms_train[best] - rms_train[-1]:.1%}")
    for name in ("SGD", "AdaGrad"):
        accuracy = [sweep[name, l]["val_accuracy"] for l in SWEEP_LRS]
        print(f"{name}: test accuracy rises with every step up in lr: {bool(np.all(np.diff(accuracy) > 0))}")
    print(f"at the papers' common lr 0.001: RMSProp {sweep['RMSProp', 0.001]['val_accuracy']:.1%}, "
          f"AdaGrad {sweep['AdaGrad', 0.001]['val_accuracy']:.1%}, SGD {sweep['SGD', 0.001]['val_accuracy']:.1%}")
    print(f"each optimizer at its best lr: " + ", ".join(
        f"{name} {max(sweep[name, l]['val_accuracy'] for l in SWEEP_LRS):.1%}" for name in ("RMSProp", "SGD", "AdaGrad")))
    he_scale = math.sqrt(2 / 784)
    print(f"typical first-layer weight at the start (He initialization): {he_scale:.3f}; "
          f"a step of lr = 0.01 is {0.01 / he_scale:.0%} of it")
    """
)

md(
    r"""
    **The trend holds, the explanation does not.** RMSProp's accuracy peaks at a small learning rate and
    falls steadily at the large ones, while SGD and AdaGrad improve all the way up the range, as Lim et al.
    found. (At the smallest rate RMSProp is also a little worse; 3 epochs are few at that pace, and Lim et
    al. trained for 100.) But the *training* accuracy falls together with the test accuracy,
    so the network is not overfitting; it is simply learning worse. The cause is the one this chapter keeps
    meeting: RMSProp moves every weight by about the learning rate on every step, whatever its gradient.
    At 0.01 that is a sizeable fraction of a typical weight (printed above) on every step, for every weight,
    so the weights keep jittering instead of settling. SGD's step is the learning rate times the gradient,
    which is small here, so for SGD a larger learning rate is simply faster.

    "RMSProp is among the best" holds at the learning rates where the papers compare it (at 0.001 it beats
    AdaGrad and SGD above), but each optimizer at its own best learning rate is another comparison, and in
    our short run AdaGrad comes out level or slightly ahead. Claims of the form "optimizer A beats B" are
    claims about A and B *at particular learning rates*.

    ### Lim et al.: "no need to consider learning-rate decay"

    Lim et al. write that, thanks to the moving average, RMSProp needs no learning-rate decay, as with
    AdaGrad. The bowl and Rosenbrock experiments above say otherwise: with a fixed learning rate RMSProp
    ends up hopping around the minimum at a distance $\eta/\sqrt 2$, and on Rosenbrock the decayed run ended
    far closer than the fixed one. It is AdaGrad whose steps decay by themselves (too much, as we saw);
    RMSProp undid exactly that, so it needs an outside decay again if you want it to settle.

    ### The width study's RMSProp row

    The width study {cite:p}`seed000` trained 784-h-h-h-10 networks with five optimizers. Its Table 1 gives
    RMSProp's final cross-entropy and training time for each width h. Its text says three things about
    RMSProp that we can hold against its own table: (1) for h of 50 and more the converged loss is "0.25 or
    less, with little difference" between widths (the same sentence, with the same 0.25, appears in its SGD
    section); (2) AdaGrad and RMSProp have a *higher* final loss than Momentum at small widths but a *lower*
    one as the width grows; (3) the final losses rank Adam first, then RMSProp, AdaGrad, Momentum.
    """
)

code(
    """
    WIDTHS = [10, 50, 100, 300, 500]
    TABLE_1_LOSS = {"SGD": [0.62, 0.25, 0.24, 0.20, 0.21], "Momentum": [0.24, 0.09, 0.06, 0.04, 0.05],
                    "AdaGrad": [0.81, 0.20, 0.15, 0.07, 0.03], "RMSProp": [0.55, 0.09, 0.05, 0.04, 0.06],
                    "Adam": [0.31, 0.07, 0.03, 0.03, 0.01]}
    TABLE_1_TIME = {"AdaGrad": [3.1, 4.5, 5.9, 23.0, 57.6], "RMSProp": [2.9, 3.9, 5.9, 23.1, 57.4]}
    rms_row = np.array(TABLE_1_LOSS["RMSProp"])
    momentum_row = np.array(TABLE_1_LOSS["Momentum"])

    all_small = bool(np.all(rms_row[1:] <= 0.25))
    print(f"(1) RMSProp's final loss for h >= 50: {rms_row[1:]} -> all at most 0.25: {all_small};"
          f" the largest is {rms_row[1:].max()}, far below 0.25")
    print("(2) RMSProp minus Momentum, h = 10 ... 500:", np.round(rms_row - momentum_row, 2))
    means = {name: np.mean(row) for name, row in TABLE_1_LOSS.items()}
    print("(3) mean final loss over the five widths:",
          ", ".join(f"{name} {value:.3f}" for name, value in sorted(means.items(), key=lambda item: item[1])))
    for h, column in zip(WIDTHS, zip(*TABLE_1_LOSS.values())):
        order = sorted(zip(column, TABLE_1_LOSS), key=lambda item: item[0])
        print(f"    h = {h:>3}: " + " < ".join(f"{name} {value}" for value, name in order))
    claimed = ["Adam", "RMSProp", "AdaGrad", "Momentum"]
    in_claimed_order = [h for h, column in zip(WIDTHS, zip(*TABLE_1_LOSS.values()))
                        if all(dict(zip(TABLE_1_LOSS, column))[a] < dict(zip(TABLE_1_LOSS, column))[b]
                               for a, b in zip(claimed, claimed[1:]))]
    print("    widths where the losses rank Adam < RMSProp < AdaGrad < Momentum:",
          ", ".join(str(h) for h in in_claimed_order) or "none")
    print("time, RMSProp minus AdaGrad (s):", np.round(np.array(TABLE_1_TIME["RMSProp"]) - TABLE_1_TIME["AdaGrad"], 1))
    """
)

md(
    r"""
    Against its own table: (1) is true but misleadingly loose, since RMSProp's losses for $h$ of 50 and more
    lie far below 0.25; the sentence looks copied from the SGD paragraph. (2) holds at $h = 10$ (higher) and
    $h = 100$ (lower), but at 50 and 300 the two tie and at 500 RMSProp ends *above* Momentum. (3) does not
    follow from the table: averaged over the widths, Momentum's final loss is the second lowest, below
    RMSProp's and AdaGrad's, and no single width shows the claimed order ("none"). What the table
    does support is the paper's remark that RMSProp and AdaGrad take about the same time (the last line).

    The paper does not say what learning rate, batch size or number of iterations it used, so its numbers
    cannot be reproduced exactly; chapter 15 tries at full scale. Here we only look at the shape of the
    RMSProp row at classroom scale, with the protocol of this chapter (learning rate 0.001) and the three
    narrowest widths. The paper's row shows a poor loss at $h = 10$, then a jump to a low loss that barely
    changes from $h = 50$ on.
    """
)

code(
    """
    print(f"{'h':>4}{'our final training loss':>25}{'paper (Table 1)':>17}")
    for h, paper in zip(WIDTHS[:3], TABLE_1_LOSS["RMSProp"][:3]):
        _, history = train(RMSProp(lr=0.001), sizes=(784, h, h, h, 10))
        print(f"{h:>4}{history.evaluations[-1]['train_loss']:>25.3f}{paper:>17}")
    """
)

md(
    r"""
    Our loss at $h = 10$ lands close to the paper's, but the plateau does not appear: in our short training the
    loss keeps falling from $h = 50$ to $h = 100$. How long the paper trained is one of the things it leaves
    out; whether its plateau appears with longer training is a question for chapter 15.
    """
)

# ---------------------------------------------------------------------------------------------------
# 12. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "first_step",
    "Predict the first step",
    r"""
    A weight sits on a cliff: its first gradient is $g = 1000$. RMSProp runs with PyTorch's defaults,
    learning rate 0.01 and $\rho = 0.99$.

    1. **Before running anything**, predict the *length* of RMSProp's first step on this weight (a positive
       number) and store it in `my_prediction`. (Plain SGD would step $0.01 \times 1000 = 10$.)
    2. Then measure it: put the weight in a one-element float64 array, call `RMSProp(lr=0.01).step` once with
       the gradient 1000, and store the distance the weight moved in `first_step_length`.
    """,
    r"""
    ### BEGIN SOLUTION
    # v1 = (1 - rho) g^2, so the step is lr * |g| / sqrt((1 - rho) g^2) = lr / sqrt(1 - rho): the size of g
    # cancels out, and the step is 0.01 / 0.1 = 0.1 whether g is 1000 or 0.001.
    my_prediction = 0.1
    weight = np.array([0.0])
    RMSProp(lr=0.01).step([weight], [np.array([1000.0])])
    first_step_length = abs(weight[0])
    ### END SOLUTION
    """,
    """
    check.first_step(my_prediction, first_step_length)
    """,
    difficulty="warm-up",
)

exercise(
    "rmsprop_step",
    "One step of RMSProp in NumPy",
    r"""
    Write `rmsprop_step(w, g, v, lr, rho, eps)` that performs one RMSProp step in PyTorch's form,

    $$v \leftarrow \rho v + (1 - \rho) g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{v} + \epsilon},$$

    and returns the pair `(w_new, v_new)` as new arrays (do not change `w`, `g` or `v` in place). The check
    compares your function with `mlp.optim.RMSProp` on several cases, and recognises the mistakes the
    sources invite: $\epsilon$ inside the root, the weights $\rho$ and $1-\rho$ swapped (Kang's $\gamma$
    read as Lim et al.'s), the step taken with the old $v$.
    """,
    r"""
    def rmsprop_step(w, g, v, lr, rho, eps):
        ### BEGIN SOLUTION
        v_new = rho * v + (1 - rho) * g * g
        w_new = w - lr * g / (np.sqrt(v_new) + eps)
        return w_new, v_new
        ### END SOLUTION
    """,
    """
    check.rmsprop_step(rmsprop_step)
    """,
    difficulty="practice",
)

exercise(
    "steps_to_recover",
    "How long does it take to forget?",
    r"""
    A weight's gradient has been exactly 1 for so long that RMSProp's average has settled at $v = 1$. Then
    the gradient drops to $1/\text{drop}$ (for example 0.1 when `drop = 10`) and stays there.

    Write `steps_to_recover(rho, drop)` that returns the number of steps after the change until RMSProp's
    step is back to **at least half** the learning rate: the first step after the change counts as step 1,
    so return the smallest $k$ whose step is $\geq \eta/2$. Use $\epsilon = 10^{-8}$. You can simulate
    (a short loop in NumPy) or solve for $k$ with logarithms.

    When it passes, the check compares your answer for $\rho = 0.99$, drop 10 with the time constant
    $1/(1-\rho)$. Why is it so much longer?
    """,
    r"""
    def steps_to_recover(rho, drop):
        ### BEGIN SOLUTION
        g = 1.0 / drop
        v = 1.0
        k = 0
        while True:
            k += 1
            v = rho * v + (1 - rho) * g * g
            if g / (math.sqrt(v) + 1e-8) >= 0.5:      # step / lr
                return k
        # The old squares must shrink until they are small next to the new g^2 (here until v <= 4 g^2), which
        # takes ln(...) / ln(1/rho) steps: several time constants for a tenfold drop, not one.
        ### END SOLUTION
    """,
    """
    check.steps_to_recover(steps_to_recover)
    """,
    difficulty="practice",
)

exercise(
    "corrected_path",
    "Bias-corrected RMSProp",
    r"""
    RMSProp's first steps are too long because $v$ starts at 0 (section "The first step is the largest").
    Correct it the way Adam does: at step $t = 1, 2, \ldots$ divide by the root of
    $\hat v_t = v_t / (1 - \rho^t)$ instead of $v_t$,

    $$v_t = \rho v_{t-1} + (1 - \rho) g_t^2, \qquad w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{\hat v_t} + \epsilon}.$$

    Write `corrected_path(grad, w0, lr, rho, eps, n_steps)` that starts at `w0` (an array), runs `n_steps`
    steps with gradients `grad(w)`, and returns all the points visited as an array of shape
    `(n_steps + 1, len(w0))`, the start included. When it passes, the check shows your first step on the
    elongated bowl next to plain RMSProp's.
    """,
    r"""
    def corrected_path(grad, w0, lr, rho, eps, n_steps):
        ### BEGIN SOLUTION
        w = np.array(w0, dtype=np.float64)
        v = np.zeros_like(w)
        points = [w.copy()]
        for t in range(1, n_steps + 1):
            g = grad(w)
            v = rho * v + (1 - rho) * g * g
            v_hat = v / (1 - rho**t)
            w = w - lr * g / (np.sqrt(v_hat) + eps)
            points.append(w.copy())
        return np.array(points)
        ### END SOLUTION
    """,
    """
    check.corrected_path(corrected_path)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 13. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - RMSProp divides each weight's gradient by the RMS of its *recent* gradients, an exponential moving
      average $v \leftarrow \rho v + (1-\rho) g^2$, instead of AdaGrad's ever-growing sum. Every weight then
      moves by roughly the learning rate per step, whatever the scale of its slope.
    - It was introduced in a 2012 lecture (Tieleman and Hinton), never in a paper. The sources write it in
      several ways: Kang's $\gamma$ weights the new term ($\gamma = 1 - \rho$), Lim et al.'s the old one
      ($\gamma = \rho$); PyTorch (and `mlp`) put $\epsilon$ outside the root with $\rho = 0.99$, TensorFlow
      and Keras inside with $\rho = 0.9$, and TensorFlow 1 starts the average at 1. The differences show up
      for weights with tiny gradients and in the first steps.
    - Because $v$ starts at 0, the first step is $\eta/\sqrt{1-\rho}$, ten learning rates for $\rho = 0.99$,
      and the steps stay oversized for a few hundred steps. PyTorch does not correct this; Adam does.
    - The memory lasts about $1/(1-\rho)$ steps, but forgetting a large change in the gradient's scale takes
      several times that; a sudden rise in the gradient gives a few oversized steps.
    - RMSProp does not stall where AdaGrad does, but with a fixed learning rate it never settles either: it
      ends hopping at distance $\eta/\sqrt 2$ around the minimum. Lim et al.'s "no learning-rate decay
      needed" is wrong for RMSProp.
    - It costs one extra number per weight (as AdaGrad); momentum and `centered` add one each.
    - On MNIST it learns fast at a small learning rate and gets worse as the learning rate grows, as Lim et
      al. found; but training accuracy falls too, so the cause is the per-weight step size, not overfitting.
      The width study's ranking of RMSProp is not supported by its own table.

    ## What's next

    RMSProp's step $\eta\, g/\sqrt{v}$ has a strange property that Zeiler {cite:p}`zeiler2012` pointed out:
    its units are wrong. If the weights are measured in metres, the step is measured in units of $\eta$
    alone, because $g/\sqrt{v}$ has no units. Chapter 13, Adadelta, replaces the learning rate by a second
    moving average, of the past *steps*, so that the units come out right and, in principle, no learning
    rate is needed. It also takes up Kang's window size $n = 2/\gamma - 1$. Chapter 14, Adam, combines
    RMSProp's average of squared gradients with Momentum's average of the gradients, and adds the bias
    correction you wrote in the exercise *Bias-corrected RMSProp*.
    """
)


if __name__ == "__main__":
    ch.write()
