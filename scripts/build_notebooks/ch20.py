"""Write notebooks/20-regularization.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch20.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(20, "20-regularization")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Regularization

    Chapter 18 watched a network that is large for its data learn its training examples by heart, noise
    and all: near-perfect on the examples it was trained on, worse on new ones. Chapter 19 answered with
    early stopping: watch the validation data and stop when they stop improving. That limits *how long*
    the network may learn. This chapter limits *how much* it may bend: it makes large weights expensive.

    The lecture deck lists the remedies for overfitting (과적합) as early stopping, "정규화 (making the
    data generalize)", dropout and ensembles, and describes the second one like this: it keeps the signal
    that is needed and removes the noise, and it works by *raising the difficulty of learning*, so that the
    model has to rely on what generalizes instead of the details of its training examples
    {cite:p}`seed004`. The deck uses one Korean word, 정규화, for two different things, and we need to
    keep them apart:

    - **regularization (규제)**: changing the training so that the model prefers simpler solutions, here
      by a penalty on large weights. This is what the deck's sentence describes. Korean machine-learning
      texts usually call it 규제, and so do we.
    - **normalization (정규화)**: rescaling numbers to a standard form, as in chapter 6. For the inputs of
      a network the usual form is standardization (표준화): every feature shifted to mean 0 and scaled to
      standard deviation 1. It does not fight overfitting directly, but it makes gradient descent fast, and
      it has one rule that is easy to get wrong.

    Strictly, regularization changes how the *model* is trained, not the data, so the deck's "making the
    data generalize" is loose wording for "making the model generalize". The chapter does both things, in
    that order.

    **What you will learn**

    - L2 regularization: adding $\frac{\lambda}{2}\lVert w\rVert^2$ to the loss, which is exactly what
      `weight_decay=` does in `mlp.optim` (and in PyTorch), checked with finite differences;
    - what it does: the weights shrink, the decision boundary smooths out, training accuracy falls and
      validation accuracy rises, until a too-large $\lambda$ flattens everything (an explorer over $\lambda$);
    - why "L2 added to the gradient" and "weight decay" are the same thing for SGD but not for Adam
      {cite:p}`loshchilov2019`, shown on two weights;
    - weight decay on a few hundred MNIST images with noisy labels, and on the same images with clean ones;
    - why unstandardized inputs (tangerines measured in millimetres) slow gradient descent down, and why
      the test data must be standardized with the *training* data's mean and standard deviation.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib, and the course library `mlp`: networks, losses, optimizers and the training
    loop, finite differences, the data sets (two moons, tangerines, MNIST), the decision-boundary plot, the
    explorer widget, and the checks for the exercises.
    """
)

code(
    r'''
    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.datasets.synthetic import label_noise, moons, tangerines
    from mlp.gradcheck import relative_error
    from mlp.plotting import plot_decision_boundary
    from mlp.training import accuracy, forward_batched, train_step
    from mlp.widgets import frame_explorer
    from mlp.checks import ch20 as check

    TRAIN_COLOUR, VAL_COLOUR = "tab:blue", "tab:red"
    '''
)

# ---------------------------------------------------------------------------------------------------
# 2. The penalty
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## A price on every weight

    Training minimizes the loss $L(w)$, the average error on the training examples. L2 regularization
    (also called ridge regression for linear models, and Tikhonov regularization in numerical analysis;
    Tikhonov 1963, Hoerl and Kennard 1970) minimizes instead

    $$
    J(w) = L(w) + \frac{\lambda}{2}\,\lVert w \rVert^2, \qquad
    \lVert w \rVert^2 = \sum_i w_i^2 ,
    $$

    where the sum runs over every weight of the network and $\lambda \ge 0$ sets the price. It is a
    hyper-parameter (하이퍼파라미터), chosen on the validation data (검증 데이터) like the learning rate.
    The penalty term (벌점항) $\frac{\lambda}{2}\lVert w\rVert^2$ has the gradient $\lambda w$, so

    $$
    \nabla J(w) = \nabla L(w) + \lambda w .
    $$

    Gradient descent needs nothing else: back-propagation computes $\nabla L$ as always, and the optimizer
    adds $\lambda w$. That is what the `weight_decay=` argument of every optimizer in `mlp.optim` does, as
    in PyTorch: `SGD(lr=..., weight_decay=λ)` steps along $g + \lambda w$ instead of $g$ (chapter 9 showed
    the two lines of `Optimizer.step` that do it). Krogh and Hertz {cite:p}`krogh1992` analysed this
    "simple weight decay" for neural networks and showed that it can improve generalization (일반화).

    The name: one SGD step is $w - \eta(g + \lambda w) = (1 - \eta\lambda)\,w - \eta g$. Before the
    ordinary step, every weight is multiplied by $1 - \eta\lambda$, a little less than 1: left alone, the
    weights *decay* towards zero, and only the gradient of the loss can hold them up. Hence weight decay
    (가중치 감쇠).
    """
)

md(
    r"""
    ### Checking the claim with finite differences

    "`weight_decay=λ` minimizes $L + \frac{\lambda}{2}\lVert w\rVert^2$" is a claim about code, so we test
    it. We take a small network (2 inputs, 4 tanh units, 2 outputs, in float64 so that finite differences
    are accurate), put all its parameters into one vector $\theta$, and compare two things:

    1. the direction `mlp.optim.SGD(lr=1, weight_decay=λ)` actually steps along: with a learning rate of 1
       the step $\theta_\text{before} - \theta_\text{after}$ *is* the gradient it used;
    2. the gradient of $J(\theta) = L(\theta) + \frac{\lambda}{2}\lVert\theta\rVert^2$ measured by nudging
       each number by $\pm\epsilon$ (`mlp.numerical_gradient`, chapter 4), which knows nothing of
       back-propagation or of weight decay.

    Two helpers move the parameters in and out of one flat vector.
    """
)

code(
    r'''
    def get_flat(net):
        """All parameters of `net` as one vector (W1, b1, W2, b2, ... in order)."""
        return np.concatenate([p.ravel() for p in net.parameters()])


    def set_flat(net, theta):
        """Write the vector `theta` back into the network's parameter arrays, in place."""
        start = 0
        for p in net.parameters():
            p[...] = theta[start:start + p.size].reshape(p.shape)
            start += p.size


    LAM_CHECK = 0.1
    x_small, y_small = moons(n=8, noise=0.2, seed=5)
    x_small = x_small.astype(np.float64)
    small_net = mlp.MLP([2, 4, 2], activation="tanh", seed=0, dtype=np.float64)
    loss_fn = mlp.SoftmaxCrossEntropy()
    theta0 = get_flat(small_net)


    def data_loss(theta):
        """L(theta): the cross-entropy of the small network with parameters theta."""
        set_flat(small_net, theta)
        return loss_fn.forward(small_net.forward(x_small), y_small)


    def penalized_loss(theta):
        """J(theta) = L(theta) + lambda/2 * |theta|^2."""
        return data_loss(theta) + LAM_CHECK / 2 * np.sum(theta**2)


    numeric_J = mlp.numerical_gradient(penalized_loss, theta0)
    numeric_L = mlp.numerical_gradient(data_loss, theta0)

    # What SGD with weight decay steps along: back-propagate L, take one step with lr = 1.
    set_flat(small_net, theta0)
    data_loss(theta0)
    small_net.backward(loss_fn.backward())
    backprop_L = np.concatenate([g.ravel() for g in small_net.gradients()])
    mlp.optim.SGD(lr=1.0, weight_decay=LAM_CHECK).step(small_net.parameters(), small_net.gradients())
    followed = theta0 - get_flat(small_net)
    set_flat(small_net, theta0)

    print(f"{theta0.size} parameters, lambda = {LAM_CHECK}")
    print(f"relative error, SGD(weight_decay) step  vs  finite-difference grad of L + lam/2|w|^2: "
          f"{relative_error(followed, numeric_J):.1e}")
    print(f"relative error, SGD(weight_decay) step  vs  finite-difference grad of L alone:       "
          f"{relative_error(followed, numeric_L):.1e}")
    print(f"relative error, back-propagated grad of L vs finite-difference grad of L alone:       "
          f"{relative_error(backprop_L, numeric_L):.1e}")
    '''
)

md(
    r"""
    The first line is the claim: the step of SGD with weight decay agrees with the measured gradient of the
    penalized loss to about ten digits. The second line shows that the check has teeth: compared with the
    gradient of the loss *alone*, the same step is clearly different, by the $\lambda\theta$ that weight
    decay added. The third line confirms that back-propagation itself is right. Note that the penalty covers
    *every* parameter, biases included: `mlp`, like PyTorch's optimizers, decays whatever it is given. Many
    training recipes leave the biases out (a bias shifts a unit without making the function steeper), and
    you can do that by giving the biases to a second optimizer without weight decay.

    ## Making the task harder

    Why should a price on weights help? Picture the network choosing where to spend. Bending the decision
    boundary around a single mislabelled example takes large weights: a sharp, local bump. Without the
    penalty the bump is free, and a network trained long enough builds one for every odd point. With the
    penalty, a weight must *earn* its size by lowering the loss, and one example out of many lowers the
    average loss very little. The broad shape of the data, which dozens of examples agree on, pays for its
    weights; an isolated mislabelled point does not.

    That is the deck's "raise the difficulty of learning" in concrete terms. The training loss can no
    longer go all the way down, the network cannot afford to memorize, and what it can afford is the
    pattern shared by many examples: the signal, not the noise (잡음). Early stopping (chapter 19) has a
    similar effect by a different road: weights start small and grow during training, so stopping early
    also keeps them small (for a quadratic loss the two are equivalent: {cite:t}`goodfellow2016`,
    section 7.8). Dropout (chapter 21) makes the task harder in yet another way.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Weight decay on the noisy moons
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Weight decay on noisy moons

    Our test bed: the two moons, few training points with some noise in their positions, and a tenth of
    their labels flipped on purpose, as a careless labeller would. The validation points come from the same
    moons with their *true* labels: we want to know how well a boundary follows the moons, not how well it
    guesses coin flips. The network, 2-64-64-2 with ReLU, is far bigger than 80 points need.
    """
)

code(
    r'''
    N_TRAIN, FLIP = 80, 0.1
    x_train, y_true = moons(n=N_TRAIN, noise=0.25, seed=1)
    y_train = label_noise(y_true, FLIP, seed=2)
    flipped = y_train != y_true
    x_val, y_val = moons(n=1000, noise=0.25, seed=3)

    print(f"training points: {N_TRAIN}, labels flipped: {flipped.sum()} ({FLIP:.0%})")
    print(f"validation points: {len(x_val)} (true labels)")
    print("weights and biases in a 2-64-64-2 network:", mlp.MLP([2, 64, 64, 2]).n_parameters)
    '''
)

md(
    r"""
    We train one network per value of $\lambda$, from 0 (no penalty) up to large values, every one from the
    same initial weights with the same optimizer: SGD with momentum (chapter 10), full batch, 600 steps. For
    SGD-type optimizers `weight_decay` is exactly the penalty above, so nothing else changes between the
    runs. (This takes a few seconds.)
    """
)

code(
    r'''
    LAMBDAS = [0.0, 1e-4, 3e-4, 1e-3, 2e-3, 3e-3, 5e-3, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5]


    def train_moons(lam, steps=600):
        """A 2-64-64-2 ReLU network trained on the noisy moons with weight decay `lam`."""
        net = mlp.MLP([2, 64, 64, 2], seed=0)
        optimizer = mlp.optim.Momentum(lr=0.3, momentum=0.9, weight_decay=lam)
        history = mlp.fit(net, mlp.SoftmaxCrossEntropy(), optimizer, x_train, y_train, max_iterations=steps,
                          batch_size=N_TRAIN, x_val=x_val, y_val=y_val, eval_every=steps, progress=False)
        return net, history.final()


    runs = {lam: train_moons(lam) for lam in LAMBDAS}
    train_acc = np.array([runs[lam][1]["train_accuracy"] for lam in LAMBDAS])
    val_acc = np.array([runs[lam][1]["val_accuracy"] for lam in LAMBDAS])
    BEST_LAM = LAMBDAS[int(np.argmax(val_acc))]

    print(f"{'lambda':>8} {'train acc':>10} {'val acc':>9}")
    for lam, tr, va in zip(LAMBDAS, train_acc, val_acc):
        print(f"{lam:>8g} {tr:>10.3f} {va:>9.3f}")
    print("best lambda on the validation data:", BEST_LAM)
    '''
)

md(
    r"""
    Read the table from the top. Without the penalty the network fits almost every training point, most of
    the flipped ones included, and does poorly on the validation data. As $\lambda$ grows, training accuracy
    falls (the network gives up the flipped points) and validation accuracy rises, on the whole, up to the
    best $\lambda$. Beyond it both fall, and at the largest values both sit at about one half: the network
    predicts one class everywhere. That is underfitting (과소적합), the opposite failure: the price of
    weights is so high that the cheapest network is the one with no weights at all.

    Here are the two boundaries, without the penalty and with the best $\lambda$. The flipped training
    points are ringed in black.
    """
)

code(
    r'''
    LIMITS = dict(xlim=(-1.6, 2.6), ylim=(-1.3, 1.7))


    def draw_boundary(ax, lam, resolution=150):
        """The boundary of the network trained with `lam`, the training points, the flipped ones ringed."""
        plot_decision_boundary(runs[lam][0], x_train, y_train, ax=ax, resolution=resolution, **LIMITS)
        ax.scatter(x_train[flipped, 0], x_train[flipped, 1], s=90, facecolors="none", edgecolors="black",
                   linewidths=1.2, label="flipped label")
        ax.legend(loc="lower left", fontsize=7)
        ax.set_xticks([])
        ax.set_yticks([])


    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for ax, lam in zip(axes, [0.0, BEST_LAM]):
        draw_boundary(ax, lam)
        final = runs[lam][1]
        ax.set_title(f"λ = {lam:g}: train {final['train_accuracy']:.2f}, validation {final['val_accuracy']:.2f}",
                     fontsize=10)
    fig.suptitle("The same network, trained without and with weight decay")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Without the penalty the boundary makes islands and peninsulas to capture single flipped points, the
    noise creeping into the decision rule, exactly as in chapter 18. With weight decay it runs smoothly
    between the moons and leaves the flipped points on the wrong side, which is where they belong.

    ### The weights shrink

    The penalty's direct effect is on the weights. Below, on the left, the histogram of the 4096 weights of
    the middle layer for four values of $\lambda$; on the right, the length $\lVert W\rVert$ of each layer's
    weight matrix against $\lambda$.
    """
)

code(
    r'''
    def layer_weights(net):
        """The weight matrices W1, W2, W3 of a network (the biases are every second parameter)."""
        return net.parameters()[0::2]


    SHOWN = [0.0, 3e-3, BEST_LAM, 0.1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    bins = np.linspace(-1.0, 1.0, 81)
    for lam, colour in zip(SHOWN, ["tab:gray", "tab:olive", "tab:green", "tab:purple"]):
        w2 = layer_weights(runs[lam][0])[1].ravel()
        left.hist(w2, bins=bins, histtype="step", linewidth=1.6, color=colour, label=f"λ = {lam:g}")
    left.set_yscale("log")
    left.set_xlabel("weight value (middle layer, 64 x 64)")
    left.set_ylabel("number of weights")
    left.legend(fontsize=8)

    positions = np.arange(len(LAMBDAS))
    norms = np.array([[np.linalg.norm(W) for W in layer_weights(runs[lam][0])] for lam in LAMBDAS])
    for k in range(norms.shape[1]):
        right.plot(positions, norms[:, k], marker="o", label=f"‖W{k + 1}‖")
    right.set_xticks(positions, [f"{lam:g}" for lam in LAMBDAS], rotation=60, fontsize=8)
    right.set_xlabel("λ")
    right.set_ylabel("length of the weight matrix")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()

    print(f"{'lambda':>8} " + " ".join(f"{f'|W{k + 1}|':>7}" for k in range(3)) + f" {'slope bound':>12}")
    for lam, row in zip(LAMBDAS, norms):
        slope = np.prod([np.linalg.norm(W, 2) for W in layer_weights(runs[lam][0])])
        print(f"{lam:>8g} " + " ".join(f"{v:>7.2f}" for v in row) + f" {slope:>12.3g}")
    '''
)

md(
    r"""
    Every layer's weights get shorter as $\lambda$ grows, and the histograms narrow around zero: the penalty
    removes the large weights first, because it pulls hardest on them ($\lambda w$ is proportional to $w$).
    The last column connects small weights to smooth boundaries. A ReLU never makes a change steeper, so
    the network's outputs can change with its input at most as fast as the product of each layer's
    largest stretching factor (the spectral norm $\lVert W\rVert_2$, `np.linalg.norm(W, 2)`). That product is
    an upper bound on the slope of the function the network computes. Without the penalty it is large,
    enough for steep cliffs and tight islands; with weight decay it is small, and the function, hence the
    boundary, has to be gentle. At the largest $\lambda$ it is near zero: a flat function, one class
    everywhere.
    """
)

md(
    r"""
    ### Explore: from no penalty to too much

    Slide $\lambda$ from 0 to 0.5. On the left, the boundary of the network trained with that $\lambda$
    (flipped training points ringed); on the right, training and validation accuracy for every $\lambda$,
    with the current one marked. Watch the islands disappear first, then the boundary straighten, then the
    whole plane turn one colour.
    """
)

code(
    r'''
    def draw_lambda(fig, lam):
        """One frame: the boundary for `lam`, and the accuracy curves with `lam` marked."""
        ax_boundary = fig.add_axes([0.01, 0.03, 0.44, 0.94])
        ax_curve = fig.add_axes([0.56, 0.27, 0.42, 0.68])
        draw_boundary(ax_boundary, lam, resolution=110)
        ax_curve.plot(positions, train_acc, marker="o", markersize=3, color=TRAIN_COLOUR, label="training")
        ax_curve.plot(positions, val_acc, marker="o", markersize=3, color=VAL_COLOUR, label="validation")
        here = LAMBDAS.index(lam)
        ax_curve.axvline(here, color="black", linewidth=1)
        ax_curve.plot([here, here], [train_acc[here], val_acc[here]], "o", markersize=9, markerfacecolor="none",
                      markeredgecolor="black")
        ax_curve.set_xticks(positions, [f"{v:g}" for v in LAMBDAS], rotation=70, fontsize=7)
        ax_curve.set_ylim(0.45, 1.02)
        ax_curve.set_ylabel("accuracy", fontsize=8)
        ax_curve.set_xlabel("λ", fontsize=8)
        ax_curve.tick_params(axis="y", labelsize=7)
        ax_curve.legend(fontsize=7, loc="lower left")


    def lambda_caption(lam):
        """The numbers under each frame."""
        final = runs[lam][1]
        length = np.sqrt(sum(np.sum(W**2) for W in layer_weights(runs[lam][0])))
        return (f"λ = {lam:g}: training accuracy <b>{final['train_accuracy']:.3f}</b>, "
                f"validation accuracy <b>{final['val_accuracy']:.3f}</b>, length of all weights {length:.2f}")


    frame_explorer(draw_lambda, LAMBDAS, label="λ (weight decay)", value=0.0, caption=lambda_caption,
                   figsize=(7.6, 3.3), dpi=72, layout=None,
                   description="Noisy moons, 2-64-64-2 ReLU network, 600 full-batch steps of SGD with momentum.")
    '''
)

# ---------------------------------------------------------------------------------------------------
# 4. Weight decay and adaptive optimizers
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Weight decay is not L2 in Adam

    For SGD, "add $\lambda w$ to the gradient" (L2 regularization) and "shrink every weight by
    $1 - \eta\lambda$, then take the ordinary step" (weight decay) are the same algorithm, as the algebra
    above showed. For the adaptive optimizers of chapters 11 to 14 they are not, and the difference
    matters. Adam divides each weight's gradient by the root of that weight's average squared gradient.
    If $\lambda w$ is added to the gradient *before* that division, the decay is divided too: a weight
    whose loss gradients are large gets its decay divided by a large number and hardly decays, while a
    weight whose loss gradients are tiny is decayed as fast as Adam can move it, up to one learning rate
    per step. Loshchilov and Hutter {cite:p}`loshchilov2019` pointed this out and proposed *decoupled* weight decay
    (분리된 가중치 감쇠): shrink the weights directly, outside Adam's division. That is AdamW, which PyTorch
    implements as

    $$
    w \leftarrow (1 - \eta\lambda)\, w, \qquad\text{then}\qquad
    w \leftarrow w - \eta\,\frac{\hat m}{\sqrt{\hat v} + \epsilon} .
    $$

    `mlp` has no AdamW; its `Adam(weight_decay=λ)` is PyTorch's `Adam`, the L2 kind. But decoupled decay is
    one line in front of the ordinary Adam step, as below. First, one step from the same point, both ways,
    for SGD and for Adam:
    """
)

code(
    r'''
    LR_ONE, LAM_ONE = 0.1, 0.5
    w_start, g_start = np.array([1.0, -2.0]), np.array([0.3, 0.001])


    def one_step(optimizer_class, how):
        """One step from w_start with gradient g_start: weight decay `how` = "L2" or "decoupled"."""
        w = w_start.copy()
        if how == "L2":
            optimizer_class(lr=LR_ONE, weight_decay=LAM_ONE).step([w], [g_start.copy()])
        else:
            w *= 1 - LR_ONE * LAM_ONE
            optimizer_class(lr=LR_ONE).step([w], [g_start.copy()])
        return w


    for optimizer_class in (mlp.optim.SGD, mlp.optim.Adam):
        l2, decoupled = one_step(optimizer_class, "L2"), one_step(optimizer_class, "decoupled")
        print(f"{optimizer_class.__name__:>4}:  L2 in the gradient -> {np.round(l2, 4)},  "
              f"decoupled -> {np.round(decoupled, 4)},  largest difference {np.max(np.abs(l2 - decoupled)):.1e}")
    '''
)

md(
    r"""
    For SGD the two agree (here to the last bit). For Adam they disagree already on the first
    step, because Adam's first step is the learning rate times the *sign* of whatever gradient it is given
    (chapter 14): with L2 the decay term changes that sign, with decoupled decay it cannot.

    Now a longer run on two weights that the loss does not care about: their loss gradients are pure noise
    with mean zero, of size 10 for the first weight and 0.01 for the second, like two weights of a network,
    one in a busy part and one in a quiet part. A good regularizer should pull both towards zero at the
    same rate; the dashed curve is that rate, $(1 - \eta\lambda)^t$.
    """
)

code(
    r'''
    LR_DEMO, LAM_DEMO, STEPS_DEMO = 1e-3, 0.5, 3000
    GRADIENT_SIZE = np.array([10.0, 0.01])
    noise = np.random.default_rng(0).standard_normal((STEPS_DEMO, 2)) * GRADIENT_SIZE


    def decay_path(how):
        """Both weights over STEPS_DEMO Adam steps on the noise gradients, with L2 or decoupled decay."""
        w = np.ones(2)
        optimizer = mlp.optim.Adam(lr=LR_DEMO, weight_decay=LAM_DEMO if how == "L2" else 0.0)
        path = [w.copy()]
        for g in noise:
            if how == "decoupled":
                w *= 1 - LR_DEMO * LAM_DEMO          # AdamW: shrink first, outside Adam's division
            optimizer.step([w], [g])
            path.append(w.copy())
        return np.array(path)


    paths = {"L2 in Adam (Adam, weight_decay=λ)": decay_path("L2"), "decoupled (AdamW)": decay_path("decoupled")}
    steps = np.arange(STEPS_DEMO + 1)
    pure_decay = (1 - LR_DEMO * LAM_DEMO) ** steps

    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), sharey=True)
    for k, ax in enumerate(axes):
        for (name, path), colour in zip(paths.items(), ["tab:red", "tab:green"]):
            ax.plot(steps, path[:, k], color=colour, label=name)
        ax.plot(steps, pure_decay, "k--", linewidth=1, label="(1 − ηλ)^t")
        ax.set_title(f"weight {k + 1}: loss gradients of size {GRADIENT_SIZE[k]:g}", fontsize=10)
        ax.set_xlabel("step")
    axes[0].set_ylabel("weight")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    plt.show()

    for name, path in paths.items():
        print(f"{name:>34}: after {STEPS_DEMO} steps w = {np.round(path[-1], 3)}")
    print(f"{'pure decay (1 - lr*lam)^t':>34}: {pure_decay[-1]:.3f}")
    '''
)

md(
    r"""
    With decoupled decay both weights follow the dashed curve: the same pull towards zero, whatever the
    size of their gradients (the wiggles are Adam's noisy steps). With L2 inside Adam the busy weight barely
    decays at all, while the quiet weight is pulled to zero far faster than the dashed curve, and stays
    there. The same $\lambda$ means a different penalty for every weight, set by the history of its
    gradients. Loshchilov and Hutter found that decoupling made Adam generalize better and
    made the best $\lambda$ less tied to the learning rate, which is why AdamW is the usual choice for
    training with Adam today. For SGD and Momentum, which we use for weight decay in this chapter, the
    question does not arise.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. MNIST
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## MNIST: a few hundred images and a wide network

    Now real images. We take 500 MNIST training images, far too few for a network with one hidden layer of
    256 units, and hold out 1000 other training images as validation data. To make the overfitting sharper
    and closer to the deck's diagnosis (its main cause of overfitting is noisy data), we flip a fifth of the
    500 training labels to a random wrong digit. The validation and test labels stay as MNIST has them.
    """
)

code(
    r'''
    (x_pool, y_pool), (x_test, y_test) = load_mnist(n_train=1500, n_test=1000, seed=0)
    x_digits, y_digits = x_pool[:500], y_pool[:500]
    x_digits_val, y_digits_val = x_pool[500:], y_pool[500:]
    y_digits_noisy = label_noise(y_digits, 0.2, seed=0)

    print("training images:", len(x_digits), "  validation:", len(x_digits_val), "  test:", len(x_test))
    print("training labels flipped:", int(np.sum(y_digits_noisy != y_digits)))
    n_weights = mlp.MLP([784, 256, 10]).n_parameters
    print(f"parameters of 784-256-10: {n_weights}, about {n_weights / len(x_digits):.0f} per training image")
    '''
)

md(
    r"""
    Four values of $\lambda$, each trained for 40 epochs of SGD with momentum on the noisy labels, with the
    validation accuracy recorded every two epochs. (This takes a few seconds.)
    """
)

code(
    r'''
    DIGIT_LAMBDAS = [0.0, 0.01, 0.03, 0.1]


    def train_digits(labels, lam):
        """A 784-256-10 ReLU network on the 500 training images with `labels`, weight decay `lam`."""
        net = mlp.MLP([784, 256, 10], seed=0)
        history = mlp.fit(net, mlp.SoftmaxCrossEntropy(), mlp.optim.Momentum(lr=0.05, weight_decay=lam),
                          x_digits, labels, epochs=40, batch_size=50, x_val=x_digits_val, y_val=y_digits_val,
                          eval_every=20, progress=False)
        return net, history


    digit_runs = {lam: train_digits(y_digits_noisy, lam) for lam in DIGIT_LAMBDAS}
    print(f"{'lambda':>7} {'train acc (noisy labels)':>25} {'val acc':>8} {'best val acc (epoch)':>21}")
    for lam, (net, history) in digit_runs.items():
        final, best = history.final(), history.best("val_accuracy")
        print(f"{lam:>7g} {final['train_accuracy']:>25.3f} {final['val_accuracy']:>8.3f} "
              f"{best['val_accuracy']:>14.3f} ({best['epoch']})")
    DIGIT_LAM = max(DIGIT_LAMBDAS, key=lambda lam: digit_runs[lam][1].final()["val_accuracy"])
    print("lambda with the best final validation accuracy:", DIGIT_LAM)
    '''
)

code(
    r'''
    fig, (ax_train, ax_val) = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
    colours = ["tab:gray", "tab:olive", "tab:green", "tab:purple"]
    for (lam, (net, history)), colour in zip(digit_runs.items(), colours):
        epochs = history.metric("epoch")
        ax_train.plot(epochs, history.metric("train_accuracy"), color=colour, linewidth=2, label=f"λ = {lam:g}")
        ax_val.plot(epochs, history.metric("val_accuracy"), color=colour, linewidth=2, label=f"λ = {lam:g}")
    ax_train.set_title("training images (accuracy on the noisy labels)", fontsize=10)
    ax_val.set_title("validation images (true labels)", fontsize=10)
    for ax in (ax_train, ax_val):
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    ax_train.set_ylabel("accuracy")
    ax_train.legend(fontsize=8)
    fig.suptitle("500 MNIST images, a fifth of their labels flipped")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Without weight decay (grey) the training accuracy on the noisy labels climbs to 1: the network learns
    the hundred wrong labels by heart. Its validation accuracy peaks within the first few epochs and then
    *falls* as the memorizing proceeds; early stopping (chapter 19) would rescue the peak. With enough
    weight decay (the best $\lambda$, green) the network cannot afford to memorize: its training accuracy
    stays well below 1 (it refuses many of the flipped labels), and its validation accuracy ends higher.
    The largest $\lambda$ already holds the network back too much.

    Choosing $\lambda$ by the validation accuracy makes that accuracy a little optimistic, so the test
    images, used here for the first time, give the final word. And what happens on the *clean* labels, with
    no flipped images at all?
    """
)

code(
    r'''
    def test_accuracy(net):
        return accuracy(forward_batched(net, x_test), y_test)


    clean_runs = {lam: train_digits(y_digits, lam) for lam in (0.0, DIGIT_LAM)}
    print(f"{'labels':>7} {'lambda':>7} {'val acc':>8} {'test acc':>9}")
    for labels, table in (("noisy", digit_runs), ("clean", clean_runs)):
        for lam in (0.0, DIGIT_LAM):
            net, history = table[lam]
            print(f"{labels:>7} {lam:>7g} {history.final()['val_accuracy']:>8.3f} {test_accuracy(net):>9.3f}")
    '''
)

md(
    r"""
    On the noisy labels weight decay wins several points of validation and test accuracy. On the clean
    labels it does not help at this scale, and the same $\lambda$ even costs a little: with correct labels
    there is less noise to ignore, and the penalty's price buys less than it costs. This is worth
    remembering: a regularizer is not a free gift but a trade, and its strength has to be chosen on
    validation data for each problem. What is the penalty doing
    to the weights themselves? Each hidden unit's 784 incoming weights form a 28 x 28 picture of what that
    unit looks for.
    """
)

code(
    r'''
    fig, axes = plt.subplots(2, 8, figsize=(10, 3.0))
    for row, lam in enumerate((0.0, DIGIT_LAM)):
        W1 = digit_runs[lam][0].parameters()[0]
        limit = np.abs(W1[:, :8]).max()              # one colour scale per row
        for unit, ax in enumerate(axes[row]):
            picture = W1[:, unit].reshape(28, 28)
            ax.imshow(picture, cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[row, 0].set_ylabel(f"λ = {lam:g}", fontsize=9)
    fig.suptitle("Incoming weights of the first 8 hidden units (red positive, blue negative; noisy labels)",
                 fontsize=10)
    fig.tight_layout()
    plt.show()
    W1_initial = mlp.MLP([784, 256, 10], seed=0).parameters()[0]     # the same seed: the weights before training
    blank = x_digits.max(axis=0) == 0                                 # pixels without ink in all 500 images
    print(f"pixels blank in every one of the {len(x_digits)} training images: {blank.sum()} of 784")
    for lam in (0.0, DIGIT_LAM):
        W1 = digit_runs[lam][0].parameters()[0]
        correlation = np.corrcoef(W1.ravel(), W1_initial.ravel())[0, 1]
        print(f"lambda {lam:g}: length of W1 {np.linalg.norm(W1):.2f} (at the start {np.linalg.norm(W1_initial):.2f}), "
              f"correlation with the initial W1 {correlation:.2f}, mean |w| on the blank pixels "
              f"{np.abs(W1[blank]).mean():.4f} (at the start {np.abs(W1_initial[blank]).mean():.4f})")
    '''
)

md(
    r"""
    Without the penalty the pictures are speckle, and the printout says why: they are still mostly the
    *random initial weights* (the correlation with them is high). Five hundred images move each weight only
    a little, and nothing ever removes the random start. Weight decay does: it shrinks every weight all the
    time, so the random start fades away and only what the images keep pushing for survives, smooth blobs
    and strokes that many digits share. The pixels that are blank in all 500 training images (mostly near
    the border) show the mechanism most plainly. Their input is always 0, so the gradient of the loss with
    respect to their weights is exactly 0: without the penalty they keep their random initial values
    forever, with it they shrink to nearly zero. The same happens to a whole unit that never fires (its
    picture is blank): a weight that does not earn its size loses it.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Input normalization
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Input normalization: tangerines in millimetres

    Now the other 정규화. Back to chapter 1's tangerines, with two features: the diameter and the colour
    (0 to 1, more orange is riper). The diameter comes in centimetres, about 7.5. Suppose the sorting
    machine reported it in millimetres instead, about 75. Nothing about the tangerines has changed; a
    classifier that works in centimetres works in millimetres with its diameter weight divided by ten.
    Does gradient descent care?

    We train the simplest classifier, a single layer (logistic regression with two outputs and softmax,
    `mlp.MLP([2, 2])`, all weights starting at zero), with plain full-batch gradient descent for 300 steps,
    on three versions of the same data:

    - **mm**: diameter in millimetres, colour as it is;
    - **cm**: diameter in centimetres, colour as it is;
    - **standardized** (표준화): each feature minus its mean, divided by its standard deviation (표준편차),
      $z = (x - \mu)/\sigma$, with $\mu$ and $\sigma$ computed on the training data.

    For a fair race each version gets its own best learning rate, chosen from a grid of half-decades
    (printed below).
    """
)

code(
    r'''
    x_tan, y_tan = tangerines(n=200, seed=0, features=("diameter", "colour"))
    train_mean, train_std = x_tan.mean(axis=0), x_tan.std(axis=0)
    versions = {
        "mm": x_tan * np.array([10.0, 1.0], dtype=np.float32),
        "cm": x_tan,
        "standardized": (x_tan - train_mean) / train_std,
    }
    for name, xs in versions.items():
        print(f"{name:>12}: feature means {np.round(xs.mean(axis=0), 3)}, "
              f"standard deviations {np.round(xs.std(axis=0), 3)}")
    '''
)

code(
    r'''
    TAN_STEPS = 300
    LEARNING_RATES = 10.0 ** np.arange(-6, 2.01, 0.5)


    def train_tangerines(xs, lr):
        """Full-batch gradient descent on a zero-initialized single layer; the loss at every step."""
        net = mlp.MLP([2, 2], seed=0)
        for p in net.parameters():
            p[...] = 0.0
        optimizer, losses = mlp.optim.SGD(lr=lr), []
        for _ in range(TAN_STEPS):
            losses.append(train_step(net, loss_fn, optimizer, xs, y_tan))
            if not np.isfinite(losses[-1]):
                break
        return net, np.array(losses)


    race = {}
    for name, xs in versions.items():
        results = [(lr, *train_tangerines(xs, lr)) for lr in LEARNING_RATES]
        finished = [r for r in results if len(r[2]) == TAN_STEPS and np.isfinite(r[2][-1])]
        race[name] = min(finished, key=lambda r: r[2][-1])     # (lr, net, losses) with the lowest final loss

    print(f"learning rates tried: {len(LEARNING_RATES)}, from {LEARNING_RATES[0]:g} to {LEARNING_RATES[-1]:g}")
    print(f"loss at the start (all weights 0): ln 2 = {np.log(2):.4f}")
    for name, (lr, net, losses) in race.items():
        acc = accuracy(net.forward(versions[name]), y_tan)
        print(f"{name:>12}: best learning rate {lr:.3g}, loss after 10 steps {losses[9]:.4f}, "
              f"after {TAN_STEPS} steps {losses[-1]:.4f}, training accuracy {acc:.3f}")
    '''
)

code(
    r'''
    fig, ax = plt.subplots(figsize=(7, 3.4))
    for (name, (lr, net, losses)), colour in zip(race.items(), ["tab:red", "tab:orange", "tab:green"]):
        ax.plot(np.arange(1, TAN_STEPS + 1), losses, color=colour, linewidth=2, label=f"{name} (lr {lr:.3g})")
    ax.axhline(np.log(2), color="gray", linestyle=":", linewidth=1, label="ln 2 (knows nothing)")
    ax.set_xscale("log")
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("training loss")
    ax.set_title("The same tangerines, three units, each at its best learning rate")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Same data, same model, same algorithm, each at its best learning rate. The standardized version is
    essentially done after a handful of steps; the centimetre version has only begun to leave the starting
    loss after 300; the millimetre version has hardly moved. Why?

    Chapter 9 met the reason on the elongated bowl: gradient descent is slow when the loss surface is steep
    in one direction and flat in another. The learning rate must be small enough not to overshoot in the
    steepest direction, and then progress in the flattest direction is slow; the number of steps needed
    grows with the ratio of the two curvatures, the condition number (조건수). For this model the curvature
    at the start is set by the matrix $\frac{1}{n}\sum_i \tilde x_i \tilde x_i^\top$ of the inputs
    (with $\tilde x = (x_1, x_2, 1)$, the 1 for the bias), so we can compute the ratio of its largest to its
    smallest eigenvalue for each version.
    """
)

code(
    r'''
    for name, xs in versions.items():
        with_bias = np.column_stack([xs, np.ones(len(xs))]).astype(np.float64)
        eigenvalues = np.linalg.eigvalsh(with_bias.T @ with_bias / len(xs))
        print(f"{name:>12}: curvatures from {eigenvalues.min():.3g} to {eigenvalues.max():.3g}, "
              f"ratio (condition number) {eigenvalues.max() / eigenvalues.min():,.0f}")
    '''
)

md(
    r"""
    Two things make the raw inputs badly conditioned. A *large scale*: millimetres multiply the diameter's
    curvature by $10^2$, so the learning rate must shrink a hundredfold, and the colour weight, whose
    curvature has not changed, now learns a hundred times more slowly. And a *mean far from zero*: a
    diameter of about 7.5 moves its weight and the bias together, so the surface has a long, narrow valley
    along which the two trade off, even in centimetres. Standardizing fixes both: every feature has mean 0
    and the same spread, and the ratio drops to a few units (what is left comes from the two features being
    correlated: ripe tangerines are both bigger and more orange). LeCun, Bottou, Orr and Müller
    {cite:p}`lecun1998efficient` give the rule of thumb that has stood since: shift each input to mean zero
    and scale it to similar variance. MNIST's pixels, which `load_mnist` divides by 255 so that they lie in
    $[0, 1]$, get a cheaper version of the same treatment.

    ### The test data use the training statistics

    The mean and standard deviation are computed on the training data, once, and then they are part of the
    model, just like the weights: every future input is standardized with *those* numbers. Never with the
    new data's own statistics. Here is why, with the standardized tangerine model from the race, and a new
    basket: the 20 biggest tangerines of a fresh harvest.
    """
)

code(
    r'''
    tan_model = race["standardized"][1]
    x_new, y_new = tangerines(n=200, seed=1, features=("diameter", "colour"))
    biggest = np.argsort(x_new[:, 0])[-20:]
    x_basket, y_basket = x_new[biggest], y_new[biggest]
    print(f"basket: {len(y_basket)} tangerines, {y_basket.sum()} ripe, "
          f"diameters {x_basket[:, 0].min():.2f} to {x_basket[:, 0].max():.2f} cm")

    with_training_stats = (x_basket - train_mean) / train_std
    with_own_stats = (x_basket - x_basket.mean(axis=0)) / x_basket.std(axis=0)
    for name, z in (("training mean and std", with_training_stats),
                    ("the basket's own mean and std", with_own_stats)):
        predicted = np.argmax(tan_model.forward(z), axis=1)
        print(f"standardized with {name:>29}: {predicted.sum():>2} called ripe, "
              f"accuracy {np.mean(predicted == y_basket):.2f}")

    with np.errstate(invalid="ignore", divide="ignore"):
        one = x_basket[:1]
        print("a basket of one tangerine, standardized by itself:", (one - one.mean(axis=0)) / one.std(axis=0))
    '''
)

md(
    r"""
    With the training statistics the big tangerines stay big: their standardized diameters are well above
    zero and the model calls them ripe. With the basket's own statistics, the biggest tangerine of the
    harvest becomes "average" (mean 0 *within this basket*), and the model, which learned that average
    means "could go either way", calls about half of them unripe. The model did not change; its inputs were
    silently moved. And a basket of one tangerine cannot be standardized by itself at all: its standard
    deviation is 0.

    So the rule is: fit the statistics on the training data, store them with the model, and apply them
    unchanged to validation data, test data and every future input. Computing them on all the data before
    splitting is a quieter mistake of the same kind, data leakage (데이터 누수): a little information about
    the test set would flow into the model, and the test score would no longer measure unseen data.
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
    "l2_penalty",
    "The penalty",
    r"""
    Write `l2_penalty(params, lam)` that returns the L2 penalty $\frac{\lambda}{2}\sum_i w_i^2$ over
    **every** number in every array of the list `params` (for example `net.parameters()`), as a float.

    The check also measures the gradient of your penalty by finite differences and compares it with the
    $\lambda w$ that `weight_decay` adds.
    """,
    r'''
    def l2_penalty(params, lam):
        ### BEGIN SOLUTION
        return float(lam / 2 * sum(np.sum(p.astype(np.float64) ** 2) for p in params))
        ### END SOLUTION
    ''',
    """
    check.l2_penalty(l2_penalty)
    """,
    difficulty="warm-up",
)

exercise(
    "adam_decay",
    "Predict: a ten times stronger decay in Adam",
    r"""
    A single weight starts at $w = 1$. Its loss gradient is exactly zero, so only the penalty moves it.
    It is trained for 10 steps by `mlp.optim.Adam(lr=0.01, weight_decay=lam)` (L2 in the gradient), once
    with `lam = 0.01` and once with `lam = 0.1`.

    1. **Before running anything**, predict: how does the drop of the weight with `lam = 0.1` compare with
       the drop with `lam = 0.01`? Set `my_prediction` to `"10 times larger"`, `"about the same"` or
       `"10 times smaller"`. (With SGD the answer would be "10 times larger": each step multiplies $w$ by
       $1 - \eta\lambda$.)
    2. Then write `adam_drop(lam)`, which returns the drop $1 - w$ after the 10 steps of
       `mlp.optim.Adam(lr=0.01, weight_decay=lam)` (give `step` the weight as a float64 array of one number,
       `np.array([1.0])`, and a zero gradient). The check runs it for both values of `lam`.
    """,
    r'''
    ### BEGIN SOLUTION
    # Adam divides the gradient (here lam * w) by the root of its own running average of squares, so the
    # size of lam cancels out: each step moves w by about the learning rate, whatever lam is.
    my_prediction = "about the same"
    ### END SOLUTION


    def adam_drop(lam):
        ### BEGIN SOLUTION
        w = np.array([1.0])
        optimizer = mlp.optim.Adam(lr=0.01, weight_decay=lam)
        for _ in range(10):
            optimizer.step([w], [np.zeros(1)])
        return float(1.0 - w[0])
        ### END SOLUTION
    ''',
    """
    check.adam_decay(my_prediction, adam_drop)
    """,
    difficulty="practice",
)

exercise(
    "standardize",
    "Standardize with the training statistics",
    r"""
    Write `standardize(x_train, x_other)` that returns the pair `(z_train, z_other)`: both arrays
    standardized column by column with the mean and standard deviation (`np.std`) of **`x_train`**.

    One more requirement, which real data need: a column that is constant in the training data has
    standard deviation 0, and dividing by it would give NaN or infinity. For such a column, divide by 1
    instead: the column is still shifted by its training mean, just not scaled. Do not modify the input
    arrays.
    """,
    r'''
    def standardize(x_train, x_other):
        ### BEGIN SOLUTION
        mean = x_train.mean(axis=0)
        std = x_train.std(axis=0)
        std = np.where(std == 0, 1.0, std)      # a constant training column: shift it, do not scale it
        return (x_train - mean) / std, (x_other - mean) / std
        ### END SOLUTION
    ''',
    """
    check.standardize(standardize)
    """,
    difficulty="practice",
)

exercise(
    "adamw_step",
    "Decoupled weight decay by hand",
    r"""
    Write one step of AdamW as PyTorch computes it, in plain NumPy:
    `adamw_step(w, g, m, v, t, lr, weight_decay, betas=(0.9, 0.999), eps=1e-8)` returns the new
    `(w, m, v)` (new arrays; do not modify the inputs). Here `t` is the number of this step (1 for the
    first), `m` and `v` are Adam's running averages before this step (zeros before the first), and

    $$
    \begin{aligned}
    w &\leftarrow (1 - \text{lr}\cdot\lambda)\, w &&\text{(decoupled decay, first)}\\
    m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2 \\
    w &\leftarrow w - \text{lr}\,\frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon} .
    \end{aligned}
    $$

    The gradient `g` is the loss gradient only: the decay never enters `m` or `v`. The check compares your
    function with `mlp.optim.Adam` plus the shrink over several steps, and recognizes the usual slips.
    """,
    r'''
    def adamw_step(w, g, m, v, t, lr, weight_decay, betas=(0.9, 0.999), eps=1e-8):
        ### BEGIN SOLUTION
        b1, b2 = betas
        w = w * (1 - lr * weight_decay)               # decoupled: shrink the weight itself
        m = b1 * m + (1 - b1) * g                     # the decay never enters m or v
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
        return w, m, v
        ### END SOLUTION
    ''',
    """
    check.adamw_step(adamw_step)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 8. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - Regularization (규제) changes training so that the model prefers simple solutions. L2 regularization
      minimizes $L + \frac{\lambda}{2}\lVert w\rVert^2$; its gradient adds $\lambda w$, which is what
      `weight_decay=λ` does in `mlp.optim` and PyTorch (checked by finite differences). For SGD each step
      multiplies the weights by $1 - \eta\lambda$: they decay unless the loss holds them up.
    - It makes the task harder: a weight must earn its size, so the network keeps what many examples agree
      on and drops what single (noisy) examples ask for. The weights shrink, the bound on the network's
      slope falls, the boundary smooths; training accuracy falls and validation accuracy rises, until a
      too-large $\lambda$ underfits and, at the extreme, predicts one class everywhere. $\lambda$ is a
      hyper-parameter, chosen on validation data.
    - In Adam, L2 added to the gradient is divided by Adam's per-weight scale, so weights with large
      gradients are barely regularized and weights with small ones are decayed at full speed. Decoupled
      weight decay (AdamW) shrinks the weights directly and treats them all alike.
    - On 500 MNIST images with a fifth of the labels flipped, weight decay stopped the network from
      memorizing the wrong labels and won several points of accuracy; on the clean labels it did not help.
      A regularizer is a trade, not a gift.
    - Normalization (정규화) of the inputs is a different thing: standardizing every feature to mean 0 and
      standard deviation 1 turns a long narrow valley into a round bowl, and gradient descent goes from
      hopeless (millimetres) to done in a few dozen steps. The mean and standard deviation come from the
      training data and are applied unchanged to every other input.

    ## What's next

    Chapter 21 makes the task harder in another way. Dropout switches off a random half of the neurons at
    every training step, so that the big network has to work like many small ones, none of which can
    afford to memorize.
    """
)


if __name__ == "__main__":
    ch.write()
