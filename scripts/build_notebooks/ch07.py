"""Write notebooks/07-losses.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch07.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(7, "07-losses")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    """
    # Loss functions

    Chapter 6 ended at the output layer: no activation when the network predicts plain values, a sigmoid
    for independent yes/no answers, a softmax for one answer out of many. The network now produces a
    prediction. To learn, it needs one more thing: a single number that says *how wrong* that prediction
    is, and that changes smoothly when a weight changes. That number is the loss (손실), and the function
    that computes it is the loss function (손실 함수).

    **What you will learn**

    - why a network measures its error at the output, and why the error must be made positive first
      (absolute value, square);
    - the two loss functions of the lecture deck, the mean squared error and the cross-entropy error,
      computed by `mlp.losses` and by the few NumPy lines inside them, on the same predictions;
    - why a network is trained on a loss and not on its accuracy, which is the same reason a sigmoid
      replaced the step function;
    - why cross-entropy learns much faster than the squared error when the network is confidently wrong;
    - why softmax and cross-entropy are computed together, in one stable step.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy and matplotlib, the losses and layers of the course library `mlp`, chapter 1's
    tangerines, an explorer widget, and the checks for the exercises.
    """
)

code(
    """
    import warnings

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.losses import MSE, CrossEntropy, BinaryCrossEntropy, SoftmaxCrossEntropy
    from mlp.datasets.synthetic import tangerines
    from mlp.widgets import frame_explorer
    from mlp.checks import ch07 as check

    MSE_COLOUR, CE_COLOUR = "tab:blue", "tab:red"
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. Measuring the error
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Why measure the error at the output?

    A network exists to make correct predictions. That is obvious when it predicts a value (tomorrow's
    temperature, a price). It is just as true for classification (분류): the network computes a score for
    every class and picks the largest, so it, too, predicts numbers, and they can be more or less right.

    After every prediction we must judge how good it was. The lecture deck's answer {cite:p}`seed004` is the
    simplest one possible: compare the output with the expected value (기대 값), the correct answer (정답), and
    measure the difference, the error (오차). Here are four predictions and their targets:
    """
)

code(
    """
    targets = np.array([0.25, 0.5, 0.75, 0.5], dtype=np.float32)
    predictions = np.array([0.5, 0.25, 0.25, 1.0], dtype=np.float32)

    errors = predictions - targets
    print("errors (prediction - target):", errors)
    print("mean of the errors:          ", errors.mean())
    """
)

md(
    """
    Every single prediction is wrong, yet the errors average to zero: the ones that are too high cancel
    the ones that are too low. A network that read this number would conclude it had nothing left to
    learn.

    There is a second, deeper problem. Learning, as we saw in chapter 4, nudges each weight in the
    direction that makes the error *smaller*. The signed error has no smallest value: predicting lower and
    lower makes it more and more negative. Let us follow that advice for a few steps, and compare it with
    following the *squared* error, computed by `mlp.losses.MSE` (defined properly below). Each step moves
    the predictions a little against the derivative (미분) of the error.
    """
)

code(
    """
    def signed_error(y, t):
        \"\"\"The mean signed error and its derivative with respect to each prediction (always 1/N).\"\"\"
        return float(np.mean(y - t)), np.full_like(y, 1 / y.size)


    def squared_error(y, t):
        \"\"\"The mean squared error and its derivative, from mlp.losses.MSE.\"\"\"
        loss = MSE()
        value = loss.forward(y, t)
        return value, loss.backward()


    for name, error_fn in [("signed error", signed_error), ("squared error", squared_error)]:
        y = predictions.copy()
        print(f"following the {name}:")
        for step in range(5):
            value, grad = error_fn(y, targets)
            distance = np.mean(np.abs(y - targets))
            print(f"  step {step}: the {name} is {value:+.4f}, the predictions are {distance:.4f} away on average")
            y = y - 1.0 * grad
    """
)

md(
    """
    Following the signed error, the "error" keeps falling below zero while the predictions drift away
    from their targets: the number improves and the network gets worse. Following the squared error, the
    predictions close in on the targets. A useful error must be smallest exactly when the prediction is
    right.

    ## Make it positive

    The deck draws the right conclusion, that errors must be made positive before they are used, and
    gives two ways to do it: take the absolute value (절댓값) or the square (제곱). Either way an error
    becomes a distance from the target, and a distance is never negative.

    The deck's *reason* needs a correction, though. It says the derivative is a concept built on
    distances and areas, which are never negative, so only positive errors can be differentiated. That is
    not so: a derivative is a slope, and slopes exist for negative values too (the function $e$ has slope
    1 everywhere, negative $e$ included). The real reasons are the two we have just seen in code: signed
    errors cancel, and the signed error has no minimum to walk towards.
    """
)

code(
    """
    print("errors:          ", errors)
    print("absolute values: ", np.abs(errors))
    print("squares:         ", errors**2)
    print(f"mean absolute error: {np.mean(np.abs(errors)):.4f}")
    print(f"mean squared error:  {np.mean(errors**2):.4f}   (mlp.losses.MSE: {MSE()(predictions, targets):.4f})")
    """
)

md(
    """
    Both are now zero only when every prediction is exact. They differ in how they weigh errors. The
    square makes big errors bigger and small errors smaller (an error of 0.5 becomes 0.25), so the squared
    error concentrates on the worst predictions. Their derivatives differ too: the absolute value has
    slope $\\pm 1$, the same size however close the prediction is, with a corner (no derivative at all) at
    zero error; the square has slope $2e$, which shrinks smoothly to zero as the prediction reaches its
    target. The figure shows both.
    """
)

code(
    """
    e = np.linspace(-2, 2, 401)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(e, np.abs(e), color="tab:green", linewidth=2, label="absolute value $|e|$")
    left.plot(e, e**2, color=MSE_COLOUR, linewidth=2, label="square $e^2$")
    left.axvspan(-1, 1, color="grey", alpha=0.12)
    left.text(0, 2.4, "here $e^2 < |e|$", ha="center", fontsize=9)
    left.set_xlabel("error $e$ = prediction - target")
    left.set_ylabel("penalty")
    left.set_title("Two ways to make an error positive")
    left.legend(fontsize=8, loc="upper center")

    # the derivatives: sign(e) jumps at 0 (drawn as two pieces), 2e passes smoothly through 0
    right.plot(e[e < 0], -np.ones(np.sum(e < 0)), color="tab:green", linewidth=2, label="slope of $|e|$: $\\\\pm 1$")
    right.plot(e[e > 0], np.ones(np.sum(e > 0)), color="tab:green", linewidth=2)
    right.plot(e, 2 * e, color=MSE_COLOUR, linewidth=2, label="slope of $e^2$: $2e$")
    right.axhline(0, color="black", linewidth=0.5)
    right.set_xlabel("error $e$")
    right.set_ylabel("derivative")
    right.set_title("Their slopes")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    "Big errors count more" is easy to see with two sets of predictions that are equally wrong on
    average, once with the error spread evenly over four predictions and once piled onto a single one:
    """
)

code(
    """
    spread = targets + np.array([0.25, -0.25, 0.25, -0.25], dtype=np.float32)  # four errors of 0.25
    piled = targets + np.array([0.0, 0.0, 0.0, 1.0], dtype=np.float32)         # one error of 1.0

    print(f"{'':>8}{'mean absolute error':>22}{'mean squared error':>22}")
    for name, y in [("spread", spread), ("piled", piled)]:
        print(f"{name:>8}{np.mean(np.abs(y - targets)):>22.4f}{MSE()(y, targets):>22.4f}")
    """
)

md(
    """
    The mean absolute error cannot tell them apart; the squared error says the single big miss is much
    worse. Whether that is what you want depends on the data (one badly wrong measurement, an outlier, can
    dominate the squared error), which is why the deck adds that loss functions are adapted to the data,
    and new ones proposed, as needed.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. MSE
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The mean squared error

    The deck calls the mean squared error (평균 제곱 오차, MSE) the most widely used loss: square the
    difference between output and target, and average. For predictions $y$ and targets $t$ with $N$
    numbers in all,

    $$
    \text{MSE} = \frac{1}{N} \sum_{i=1}^{N} (y_i - t_i)^2,
    \qquad
    \frac{\partial\, \text{MSE}}{\partial y_i} = \frac{2}{N} (y_i - t_i).
    $$

    The idea is old: {cite:t}`legendre1805` and {cite:t}`gauss1809` fitted the orbits of comets and planets
    by making the
    sum of squared errors as small as possible, the method of least squares. The squared error was also
    the loss of the 1986 back-propagation paper {cite:p}`rumelhart1986`, in the form
    $\frac{1}{2}\sum (y - t)^2$. Many textbooks keep that $\frac{1}{2}$, because it makes the derivative
    plain $y - t$. `mlp.losses.MSE` follows PyTorch and takes the mean; a constant factor only rescales
    the gradient, which the learning rate absorbs.

    In `mlp`, a loss has `forward(y_pred, y_true)`, which returns the loss, and `backward()`, which returns
    its derivative with respect to every prediction. Here is the library beside the NumPy lines it runs:
    """
)

code(
    """
    mse = MSE()
    loss_mlp = mse.forward(predictions, targets)
    grad_mlp = mse.backward()

    loss_numpy = np.mean((predictions - targets) ** 2)
    grad_numpy = 2 * (predictions - targets) / predictions.size

    print(f"loss:     mlp {loss_mlp:.6f}   NumPy {loss_numpy:.6f}")
    print("gradient: mlp  ", grad_mlp)
    print("          NumPy", grad_numpy)
    """
)

md(
    """
    The gradient has one entry per prediction, and its sign says which way to move: the predictions that
    are too high get a positive derivative (lower them), those that are too low a negative one. The size
    is proportional to the error, so the worst predictions are corrected the most.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Cross-entropy
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The cross-entropy error

    For classification the deck recommends a second loss, the cross-entropy error (교차 엔트로피 오차,
    CEE), used mainly for categorical data (범주형 데이터), and notes that it is usually better for overall
    performance. Its inputs are the probabilities (확률) a softmax output gives to each class, and the
    correct class, written as a label or as a one-hot (원-핫) vector $t$: a 1 for the correct class, 0
    elsewhere. For one sample,

    $$
    \text{CE} = -\sum_{k} t_k \ln y_k = -\ln y_{\text{correct}},
    $$

    since only the term of the correct class survives. The loss looks only at the probability given to
    the right answer: $-\ln 1 = 0$ when the network is sure and right, and it grows without limit as that
    probability goes to zero. Over a batch, we average. The name comes from information theory:
    {cite:t}`shannon1948` measured information with the entropy $-\sum p \log p$, and the *cross*-entropy is
    that sum taken
    with the true distribution $t$ and the model's $y$. Using softmax outputs with this loss, so that the
    network's outputs read as class probabilities, was argued for by {cite:t}`bridle1990`, who also named the
    softmax.

    Let us compute both losses on the *same* predictions: five samples, three classes, from a confident
    right answer to a confident wrong one.
    """
)

code(
    """
    probs = np.array([
        [0.70, 0.20, 0.10],   # right, fairly sure
        [0.10, 0.80, 0.10],   # right, sure
        [0.40, 0.30, 0.30],   # right, unsure
        [0.30, 0.40, 0.30],   # wrong, unsure
        [0.05, 0.05, 0.90],   # wrong, confident
    ], dtype=np.float32)
    labels = np.array([0, 1, 0, 0, 0])
    one_hot = np.eye(3, dtype=np.float32)[labels]

    # the NumPy lines, one number per sample
    p_correct = probs[np.arange(len(labels)), labels]
    squared_per_sample = np.mean((probs - one_hot) ** 2, axis=1)  # MSE averages over all outputs
    ce_per_sample = -np.log(p_correct)

    print(f"{'sample':>6}{'p(correct)':>12}{'predicted':>11}{'squared error':>15}{'cross-entropy':>15}")
    for i in range(len(labels)):
        verdict = "right" if probs[i].argmax() == labels[i] else "wrong"
        print(f"{i:>6}{p_correct[i]:>12.2f}{verdict:>11}{squared_per_sample[i]:>15.4f}{ce_per_sample[i]:>15.4f}")
    print(f"{'mean (NumPy)':>29}{squared_per_sample.mean():>15.4f}{ce_per_sample.mean():>15.4f}")
    print(f"{'mlp.losses':>29}{MSE()(probs, labels):>15.4f}{CrossEntropy()(probs, labels):>15.4f}")
    """
)

md(
    """
    The last two rows agree: `MSE` (given integer labels, it turns them into one-hot rows) and
    `CrossEntropy` compute exactly these averages. On these five samples the two columns rank the
    samples the same way. They part at the extremes. Take one sample whose correct class is 0 and push
    its probability $p$ towards zero, giving the rest to a wrong class:
    """
)

code(
    """
    print(f"{'p(correct)':>12}{'squared error':>15}{'cross-entropy':>15}")
    for p_right in [0.1, 0.01, 1e-3, 1e-6, 1e-12]:
        row = np.array([[p_right, 0.0, 1.0 - p_right]])
        print(f"{p_right:>12g}{MSE()(row, [0]):>15.4f}{CrossEntropy(eps=1e-30)(row, [0]):>15.4f}")
    """
)

md(
    """
    The squared error of a sample is bounded: even a certain wrong answer costs at most a fixed amount,
    and it hardly tells "very wrong" from "absurdly wrong". The cross-entropy grows without limit, by the
    same amount each time the probability of the truth shrinks tenfold. (We lowered `CrossEntropy`'s
    clipping epsilon here so that the smallest probabilities are not clipped; more on clipping below.)
    """
)

md(
    """
    For a single yes/no output (a sigmoid, chapter 6) the same idea gives the binary cross-entropy
    $-[t \\ln y + (1 - t) \\ln (1 - y)]$: the log of the probability given to what actually happened.
    `mlp.losses.BinaryCrossEntropy` computes it, and we use it next.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Why not accuracy
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Why train on a loss, not on accuracy?

    In the end we want a network with high accuracy (정확도). So why does training minimize a loss, a
    roundabout substitute, instead of maximizing the accuracy directly? The deck answers with the role of
    the derivative. Training repeatedly computes the derivative of the loss with respect to each
    parameter (매개변수) and uses it as a clue to update that parameter a little:

    - derivative negative: increase the weight, and the loss goes down;
    - derivative positive: decrease the weight, and the loss goes down;
    - derivative zero: the update is zero, and learning stops.

    Accuracy fails the last point. Small changes of a weight barely change it, or change it suddenly, so
    its derivative is zero almost everywhere.

    Let us see it on chapter 1's tangerines. Our classifier is a single sigmoid neuron on the diameter $d$:
    $p = \\sigma(w d + b)$ is the probability that a tangerine is ripe, and it goes in the ripe box when
    $p > 0.5$, that is, when $d > -b/w$. We fix the bias at $b = -30$ and vary only the one weight $w$.
    """
)

code(
    """
    x_tangerines, y_tangerines = tangerines(n=200, seed=0)   # diameters in cm, 1 = ripe

    neuron = mlp.Sequential(mlp.Dense(1, 1, seed=0), mlp.Sigmoid())
    W, b = neuron.parameters()         # the live arrays: writing into them changes the neuron
    b[...] = -30.0
    bce = BinaryCrossEntropy()


    def accuracy_loss_gradient(w):
        \"\"\"Set the weight to w; return the accuracy, the loss, and dloss/dw (by back-propagation).\"\"\"
        W[...] = w
        p = neuron.forward(x_tangerines)[:, 0]
        accuracy = np.mean((p > 0.5) == (y_tangerines == 1))
        loss = bce.forward(p, y_tangerines)
        neuron.backward(bce.backward()[:, None])
        return accuracy, loss, neuron.gradients()[0].item()


    ws = np.linspace(3.5, 4.6, 1101)
    accuracy_w, loss_w, grad_w = np.array([accuracy_loss_gradient(w) for w in ws]).T

    best_acc, best_loss = np.argmax(accuracy_w), np.argmin(loss_w)
    print(f"{len(ws)} values of w from {ws[0]} to {ws[-1]}")
    print(f"accuracy takes only {len(np.unique(accuracy_w))} different values")
    print(f"highest accuracy {accuracy_w[best_acc]:.1%} at w = {ws[best_acc]:.3f} "
          f"(threshold {30 / ws[best_acc]:.2f} cm)")
    print(f"lowest loss {loss_w[best_loss]:.4f} at w = {ws[best_loss]:.3f} (threshold {30 / ws[best_loss]:.2f} cm), "
          f"where the accuracy is {accuracy_w[best_loss]:.1%}")
    """
)

code(
    """
    fig, (top, middle, bottom) = plt.subplots(3, 1, figsize=(7.5, 7), sharex=True)
    top.plot(ws, accuracy_w, color="black", linewidth=1.5, drawstyle="steps-mid")
    top.set_ylabel("accuracy")
    top.set_title("One weight w of a tangerine sorter: accuracy steps, the loss flows")

    middle.plot(ws, loss_w, color=CE_COLOUR, linewidth=2)
    middle.axvline(ws[best_loss], color=CE_COLOUR, linestyle=":", linewidth=1)
    middle.set_ylabel("loss (binary\\ncross-entropy)")

    # the slopes: accuracy's by finite differences between grid points, the loss's by back-propagation
    accuracy_slope = np.diff(accuracy_w) / np.diff(ws)
    bottom.plot(ws[:-1], accuracy_slope, color="black", linewidth=1, label="slope of the accuracy")
    bottom.plot(ws, grad_w, color=CE_COLOUR, linewidth=2, label="slope of the loss, d loss / dw")
    bottom.axhline(0, color="grey", linewidth=0.5)
    bottom.set_ylim(-4, 4)
    bottom.set_xlabel("weight w (bias fixed at -30)")
    bottom.set_ylabel("derivative")
    bottom.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The accuracy is a staircase. It changes only when the threshold $30/w$ passes a tangerine, and is
    perfectly flat in between; its slope (bottom panel, black) is zero on the flat parts and a spike,
    clipped by the plot, at each step. The loss is a smooth valley whose slope (red) is non-zero
    everywhere except at the bottom, and always points downhill.

    How often is the accuracy's derivative zero? Pick a thousand weights at random and nudge each by a
    tiny amount:
    """
)

code(
    """
    rng = np.random.default_rng(0)
    random_ws = rng.uniform(3.5, 4.6, size=1000)
    nudge = 1e-4

    accuracy_changed = loss_changed = 0
    for w in random_ws:
        acc_minus, loss_minus, _ = accuracy_loss_gradient(w - nudge)
        acc_plus, loss_plus, _ = accuracy_loss_gradient(w + nudge)
        accuracy_changed += acc_plus != acc_minus
        loss_changed += loss_plus != loss_minus
    print(f"nudging w by +-{nudge}: the accuracy changed at {accuracy_changed} of {len(random_ws)} weights, "
          f"the loss at {loss_changed}")
    """
)

md(
    """
    At almost every weight, a small change leaves the accuracy exactly where it was: a learning rule that
    follows the derivative of the accuracy would receive a zero and never move. The loss answers every
    nudge. This is why networks are trained on a loss and judged by their accuracy.

    Notice also that the weight with the lowest loss is not the one with the highest accuracy (the
    numbers are printed above the figure). The loss is a stand-in for the accuracy, not the same thing:
    it also rewards being confidently right and punishes being confidently wrong.
    """
)

md(
    """
    ### The same reason a sigmoid beats a step function

    The deck makes the connection itself: the reason we do not train on accuracy is the reason the
    sigmoid function (시그모이드 함수) replaced the step function (계단 함수) as an activation. Replace the
    neuron's sigmoid by a step, and its output is 0 or 1. With 0/1 outputs and 0/1 targets, the squared
    error of each tangerine is 1 for a mistake and 0 otherwise, so the mean squared error *is* the error
    rate, one minus the accuracy, with the same staircase. And back-propagation through `mlp.Step` returns
    zeros:
    """
)

code(
    """
    step_neuron = mlp.Sequential(mlp.Dense(1, 1, seed=0), mlp.Step())
    sigmoid_neuron = mlp.Sequential(mlp.Dense(1, 1, seed=0), mlp.Sigmoid())
    for net in (step_neuron, sigmoid_neuron):
        net.parameters()[0][...] = 4.0   # w
        net.parameters()[1][...] = -30.0  # b

    for name, net in [("step", step_neuron), ("sigmoid", sigmoid_neuron)]:
        mse = MSE()
        out = net.forward(x_tangerines)
        loss = mse.forward(out, y_tangerines)
        net.backward(mse.backward())
        error_rate = np.mean((out[:, 0] > 0.5) != (y_tangerines == 1))
        print(f"{name:>8}: MSE {loss:.4f}, error rate {error_rate:.4f}, dMSE/dw = {net.gradients()[0].item():+.6f}")
    """
)

md(
    """
    The step's derivative is zero everywhere (and undefined at the jump), so no error signal reaches the
    weight. The sigmoid's derivative, its slope or tangent (접선), changes continuously and is never zero,
    so every weight always gets a signal. The deck calls this the property that lets a network learn
    correctly.
    """
)

code(
    """
    x_axis = np.linspace(-8, 8, 801, dtype=np.float32)[:, None]
    step_layer, sigmoid_layer = mlp.Step(), mlp.Sigmoid()
    step_out, sigmoid_out = step_layer.forward(x_axis), sigmoid_layer.forward(x_axis)
    step_slope = step_layer.backward(np.ones_like(x_axis))      # dy/dx by back-propagation
    sigmoid_slope = sigmoid_layer.backward(np.ones_like(x_axis))

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
    left.plot(x_axis, step_out, color="black", linewidth=2, label="step")
    left.plot(x_axis, sigmoid_out, color=CE_COLOUR, linewidth=2, label="sigmoid")
    left.set_xlabel("input $x$")
    left.set_title("The activation")
    left.legend(fontsize=8)
    right.plot(x_axis, step_slope, color="black", linewidth=2, label="step: 0 (none at $x = 0$)")
    right.plot(x_axis, sigmoid_slope, color=CE_COLOUR, linewidth=2, label="sigmoid: $\\\\sigma(x)(1 - \\\\sigma(x))$")
    right.set_xlabel("input $x$")
    right.set_title("Its derivative, from backward()")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    One honest footnote to "never zero". On paper it is true. In a computer the sigmoid eventually rounds
    to exactly 1, and then $\\sigma(1 - \\sigma)$ is exactly 0. Where does that happen?
    """
)

code(
    """
    for dtype in (np.float32, np.float64):
        xs = np.arange(0, 60, 0.01, dtype=dtype)[:, None]
        layer = mlp.Sigmoid()
        layer.forward(xs)
        slope = layer.backward(np.ones_like(xs))[:, 0]
        first_zero = xs[np.argmax(slope == 0), 0]
        print(f"{np.dtype(dtype).name}: the sigmoid's derivative is exactly 0 from x = {first_zero:.2f} on")
    """
)

md(
    """
    A neuron pushed that far is *saturated* (포화): it learns nothing until something else moves it back.
    This is one reason networks start with small weights, and one reason the next section matters.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Explorer: the weight
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: move the weight

    Drag the slider to change the weight $w$ of the tangerine sorter, in small steps around the bottom of
    the loss valley. The left panel shows the tangerines (ripe at the top, unripe at the bottom), the
    neuron's probability $p(d)$ and its threshold; the right panel zooms into the figure above and marks
    where you are on the accuracy staircase and the loss valley. Watch the caption: the accuracy often
    stands still from one step of the slider to the next, while the loss changes at every step.
    """
)

code(
    """
    jitter = np.random.default_rng(1).uniform(-0.04, 0.04, size=len(y_tangerines))
    diameter_axis = np.linspace(5.5, 9.5, 200, dtype=np.float32)[:, None]
    near = (ws >= 3.92 - 1e-9) & (ws <= 4.08 + 1e-9)    # the part of the curves around the slider's range


    def draw_weight(fig, w):
        \"\"\"One frame: the sorter with weight w (left), and w on the accuracy and loss curves (right).\"\"\"
        left, right = fig.subplots(1, 2)
        ripe = y_tangerines == 1
        left.scatter(x_tangerines[ripe, 0], 1 + jitter[ripe], s=8, color="tab:orange", alpha=0.6, label="ripe")
        left.scatter(x_tangerines[~ripe, 0], jitter[~ripe], s=8, color="tab:green", alpha=0.6, label="unripe")
        W[...] = w
        left.plot(diameter_axis[:, 0], neuron.forward(diameter_axis)[:, 0], color=CE_COLOUR, linewidth=2,
                  label="$p$(ripe)")
        left.axvline(30 / w, color="black", linestyle="--", linewidth=1)
        left.set_xlim(5.5, 9.5)
        left.set_xlabel("diameter (cm)")
        left.set_title(f"threshold {30 / w:.2f} cm", fontsize=10)
        left.legend(fontsize=7, loc="center left")

        right.plot(ws[near], accuracy_w[near], color="black", drawstyle="steps-mid")
        right.set_ylabel("accuracy")
        right.set_xlabel("weight w")
        loss_axis = right.twinx()
        loss_axis.plot(ws[near], loss_w[near], color=CE_COLOUR, linewidth=2)
        loss_axis.set_ylabel("loss", color=CE_COLOUR)
        right.axvline(w, color="tab:blue", linewidth=1.5)
        right.set_title("accuracy (black), loss (red), your w (blue)", fontsize=10)


    def weight_caption(w):
        accuracy, loss, grad = accuracy_loss_gradient(w)
        return (f"w = {w:.3f}: accuracy <b>{accuracy:.1%}</b>, loss <b>{loss:.5f}</b>, "
                f"d loss / dw = {grad:+.3f}")


    frame_explorer(draw_weight, np.round(np.arange(3.965, 4.035 + 1e-9, 0.005), 3), label="weight w", value=4.0,
                   caption=weight_caption, figsize=(8, 2.8), dpi=72)
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. CE vs MSE when confidently wrong
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Confidently wrong: why cross-entropy learns faster

    The deck says cross-entropy is usually better for classification. Here is the main reason, in one
    neuron. Take a sigmoid output $p = \sigma(z)$, where $z$ is the input to the sigmoid (the *logit*,
    로짓), and a target $t = 1$. What reaches the weights below is the derivative of the loss with respect
    to $z$. By the chain rule, for one sample,

    $$
    \text{squared error } (p - t)^2: \quad \frac{\partial L}{\partial z} = 2 (p - t)\, p (1 - p),
    \qquad
    \text{cross-entropy}: \quad \frac{\partial L}{\partial z} = p - t.
    $$

    The squared error's gradient carries the sigmoid's slope $p(1-p)$, which vanishes when the neuron is
    saturated, *including when it is saturated at the wrong answer*. The logarithm's derivative,
    $\partial L / \partial p = (p - t) / (p(1 - p))$, cancels that slope exactly, leaving the plain error
    $p - t$. We compute both by back-propagation through `mlp.Sigmoid`, and compare with the formulas:
    """
)

code(
    """
    def gradient_wrt_logit(loss, z, t):
        \"\"\"dL/dz for a sigmoid output p = sigmoid(z), by back-propagation: loss.backward, then Sigmoid.backward.

        Returns p and dL/dz per sample (the losses average over the batch, so we multiply by its size).
        \"\"\"
        sigmoid = mlp.Sigmoid()
        p = sigmoid.forward(z)
        loss.forward(p, t)
        return p, sigmoid.backward(loss.backward()) * z.size


    z = np.array([[-6.0], [-2.0], [0.0], [2.0]], dtype=np.float32)
    t = np.ones_like(z)
    p, grad_mse = gradient_wrt_logit(MSE(), z, t)
    _, grad_ce = gradient_wrt_logit(BinaryCrossEntropy(), z, t)

    print(f"{'z':>5}{'p':>9}{'MSE: mlp':>12}{'2(p-t)p(1-p)':>14}{'CE: mlp':>11}{'p-t':>9}{'CE / MSE':>10}")
    for i in range(len(z)):
        pi = p[i, 0]
        print(f"{z[i, 0]:>5.0f}{pi:>9.4f}{grad_mse[i, 0]:>12.5f}{2 * (pi - 1) * pi * (1 - pi):>14.5f}"
              f"{grad_ce[i, 0]:>11.5f}{pi - 1:>9.5f}{grad_ce[i, 0] / grad_mse[i, 0]:>10.1f}")
    """
)

md(
    """
    At $z = -6$ the neuron says "almost certainly not" when the answer is "yes", the worst kind of
    mistake, and the squared error's gradient is tiny, while the cross-entropy's is nearly as large as it
    can be. What does this do to learning? We put the neuron in exactly that state (one input $x = 1$,
    weight and bias both $-3$, so $z = -6$) and take 300 small steps downhill with each loss, each step
    subtracting 0.5 times the gradient from the weight and the bias. (Chapter 8 is about these steps,
    gradient descent (경사하강법); here they are just "move against the slope".)
    """
)

code(
    """
    def train_one_neuron(loss, steps=300, lr=0.5):
        \"\"\"Gradient descent on one sample (x = 1, target 1) from z = -6; returns p after each step.\"\"\"
        net = mlp.Sequential(mlp.Dense(1, 1, seed=0), mlp.Sigmoid())
        for param in net.parameters():
            param[...] = -3.0
        x_one, t_one = np.ones((1, 1), dtype=np.float32), np.ones((1, 1), dtype=np.float32)
        history = []
        for _ in range(steps):
            loss.forward(net.forward(x_one), t_one)
            net.backward(loss.backward())
            for param, grad in zip(net.parameters(), net.gradients()):
                param -= lr * grad
            history.append(net.forward(x_one).item())
        return np.array(history)


    p_mse, p_ce = train_one_neuron(MSE()), train_one_neuron(BinaryCrossEntropy())
    for name, history in [("squared error", p_mse), ("cross-entropy", p_ce)]:
        passed_half = f"after {np.argmax(history > 0.5) + 1} steps" if np.any(history > 0.5) else "never"
        print(f"{name:>14}: p passes 0.5 {passed_half}; after {len(history)} steps p = {history[-1]:.4f}")
    """
)

code(
    """
    z_axis = np.linspace(-10, 10, 401, dtype=np.float32)[:, None]
    _, grad_mse_axis = gradient_wrt_logit(MSE(), z_axis, np.ones_like(z_axis))
    _, grad_ce_axis = gradient_wrt_logit(BinaryCrossEntropy(), z_axis, np.ones_like(z_axis))

    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.5))
    left.semilogy(z_axis, np.abs(grad_mse_axis), color=MSE_COLOUR, linewidth=2, label="squared error")
    left.semilogy(z_axis, np.abs(grad_ce_axis), color=CE_COLOUR, linewidth=2, label="cross-entropy")
    left.axvspan(-10, 0, color="grey", alpha=0.12)
    left.text(-5, 2, "wrong side", ha="center", fontsize=9)
    left.set_ylim(1e-5, 10)
    left.set_xlabel("logit $z$ (target 1)")
    left.set_ylabel("$|\\\\partial L / \\\\partial z|$ (log scale)")
    left.set_title("Gradient reaching the logit")
    left.legend(fontsize=8, loc="lower left")

    right.plot(np.arange(1, len(p_mse) + 1), p_mse, color=MSE_COLOUR, linewidth=2, label="squared error")
    right.plot(np.arange(1, len(p_ce) + 1), p_ce, color=CE_COLOUR, linewidth=2, label="cross-entropy")
    right.axhline(0.5, color="grey", linewidth=0.5)
    right.set_xlabel("gradient-descent step")
    right.set_ylabel("$p$ (target 1)")
    right.set_title("Learning from a confident mistake")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    On the right side of the left panel (the neuron is right) both gradients fade, as they should. On the
    wrong side they part: the cross-entropy's gradient stays near its largest value, the squared error's
    collapses. The right panel shows the consequence: with the squared error the neuron sits on its
    mistake for most of the run before it escapes; with cross-entropy it corrects itself at once. The slow
    start is not the learning rate's fault: the same step size serves both losses, and at $z = -6$ the
    factor $p(1-p)$ makes the squared error's gradient smaller by the ratio in the table above.

    The same happens with a softmax output. Here the network puts almost all its probability on class 0
    when the answer is class 2:
    """
)

code(
    """
    logits = np.array([[6.0, 0.0, 0.0]], dtype=np.float32)
    label = np.array([2])

    softmax = mlp.Softmax()
    probs_wrong = softmax.forward(logits)
    mse = MSE()
    mse.forward(probs_wrong, label)
    grad_mse_softmax = softmax.backward(mse.backward())   # MSE on the probabilities, back through the softmax

    sce = SoftmaxCrossEntropy()
    sce.forward(logits, label)
    grad_ce_softmax = sce.backward()                      # = softmax - one-hot

    print("probabilities:                 ", probs_wrong[0])
    print("gradient wrt the logits, MSE:  ", grad_mse_softmax[0])
    print("gradient wrt the logits, CE:   ", grad_ce_softmax[0])
    size_mse, size_ce = np.linalg.norm(grad_mse_softmax), np.linalg.norm(grad_ce_softmax)
    print(f"size of the gradient: MSE {size_mse:.5f}, CE {size_ce:.5f}, ratio {size_ce / size_mse:.0f}")
    """
)

md(
    """
    The cross-entropy's gradient says plainly "lower the logit of class 0, raise the logit of class 2";
    the squared error's gradient is smaller by the printed ratio, because it passes through the flat part
    of the softmax. (The squared error's size also depends on its $1/N$
    convention, but the tiny factor that matters here comes from the softmax's slope.) {cite:t}`glorot2010`
    saw the same effect in deep networks: with softmax outputs, the cross-entropy trained much
    better than the squared error, whose error surface has more plateaus.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Fused and stable
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Softmax and cross-entropy, fused and stable

    Written out, softmax followed by cross-entropy is two lines of NumPy. It works on the textbook's
    small logits and breaks on large ones. Here is the naive version, with its warnings collected:
    """
)

code(
    """
    def naive_softmax_cross_entropy(logits, labels):
        \"\"\"Softmax, then -log of the correct class's probability, exactly as the formulas read.\"\"\"
        e = np.exp(logits)
        probs = e / e.sum(axis=1, keepdims=True)
        return float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))


    test_cases = [
        ("small logits", np.array([[2.0, 1.0, 0.1]], dtype=np.float32), np.array([0])),
        ("large logits", np.array([[1000.0, 0.0, -1000.0]], dtype=np.float32), np.array([0])),
        ("far apart", np.array([[0.0, -200.0]], dtype=np.float32), np.array([1])),
    ]
    print(f"float32: exp(x) overflows above x = {np.log(np.finfo(np.float32).max):.2f}")
    for name, z_case, label_case in test_cases:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            value = naive_softmax_cross_entropy(z_case, label_case)
        messages = "; ".join(sorted({str(w.message) for w in caught})) or "no warnings"
        print(f"{name:>13}: {value:.4f}   ({messages})")
    """
)

md(
    r"""
    In float32, $e^{x}$ overflows (오버플로) to `inf` once $x$ passes the bound printed above, and
    `inf / inf` is `nan`: the loss of a sample the network gets *right* is not a number at all. In the
    third case nothing overflows, but $e^{-200}$ underflows (언더플로) to 0, the probability of the correct
    class becomes exactly 0, and $-\ln 0 = \infty$. A single such sample makes the whole batch's loss
    `nan` or infinite, and training stops.

    The cure is to never form the probabilities. Two facts do it. First, softmax does not change when the
    same number $m$ is subtracted from every logit, so subtract the largest, $m = \max_j z_j$: the biggest
    exponential is then $e^0 = 1$ and nothing can overflow. Second, take the logarithm *algebraically*
    instead of numerically:

    $$
    \ln \operatorname{softmax}(z)_k = z_k - m - \ln \sum_j e^{z_j - m},
    $$

    the *log-sum-exp* form. The sum contains the term $e^0 = 1$, so it is at least 1 and its logarithm is
    safe. This is what `mlp.losses.SoftmaxCrossEntropy` computes, on logits, in one step:
    """
)

code(
    """
    def log_softmax(logits):
        \"\"\"The NumPy lines inside SoftmaxCrossEntropy: z - m - log(sum(exp(z - m))).\"\"\"
        shifted = logits - logits.max(axis=1, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


    print(f"{'':>13}{'naive':>10}{'Softmax + CrossEntropy':>24}{'SoftmaxCrossEntropy':>21}{'log-sum-exp':>13}")
    for name, z_case, label_case in test_cases:
        with np.errstate(all="ignore"):
            naive = naive_softmax_cross_entropy(z_case, label_case)
        two_layers = CrossEntropy()(mlp.Softmax().forward(z_case), label_case)
        fused = SoftmaxCrossEntropy()(z_case, label_case)
        by_hand = -np.mean(log_softmax(z_case)[np.arange(len(label_case)), label_case])
        row = [value + 0.0 for value in (naive, two_layers, fused, by_hand)]  # + 0.0 turns -0.0 into 0.0
        print(f"{name:>13}{row[0]:>10.4f}{row[1]:>24.4f}{row[2]:>21.4f}{row[3]:>13.4f}")
    """
)

md(
    """
    The fused loss gets every case right. The middle column is instructive too: `mlp.Softmax` already
    subtracts the maximum, so nothing overflows, and `CrossEntropy` clips probabilities at a small epsilon
    (`1e-7` by default) so that $\\ln 0$ never happens. In the last row the result is finite, but wrong:
    the clip caps the loss, which reports a small number where the true loss is far larger.

    The gradient is where fusing pays most. Softmax followed by cross-entropy has the derivative
    $\\partial L / \\partial z = (\\operatorname{softmax}(z) - t) / n$: all the exponentials and divisions
    of the two separate derivatives cancel. On ordinary logits the two-layer chain and the fused loss
    agree; on the far-apart logits, the chain loses the signal completely:
    """
)

code(
    """
    for name, z_case, label_case in [test_cases[0], test_cases[2]]:
        softmax, ce = mlp.Softmax(), CrossEntropy()
        ce.forward(softmax.forward(z_case), label_case)
        chained = softmax.backward(ce.backward())
        fused_loss = SoftmaxCrossEntropy()
        fused_loss.forward(z_case, label_case)
        print(f"{name}:")
        print("   Softmax.backward(CrossEntropy.backward()):", np.round(chained[0], 6) + 0.0)  # + 0.0: no "-0."
        print("   SoftmaxCrossEntropy.backward():           ", np.round(fused_loss.backward()[0], 6) + 0.0)
    """
)

md(
    """
    For the most wrong sample of all, the chain returns a zero gradient: the clipped probability has no
    slope, and the softmax's slope at a probability of 0 is 0. The network would never learn from the
    example it gets most wrong. The fused gradient says exactly what to do. This is why a classifier's
    last layer in `mlp` (and in PyTorch, whose `nn.CrossEntropyLoss` also takes logits) is left without a
    softmax, and the loss applies it.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Explorer: the probability
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: one prediction, two losses

    The slider sets the probability $p$ that a sigmoid output gives to the correct answer. The left panel
    shows the two losses, the right panel the gradients that reach the logit (from `mlp`, as above).
    Slide towards $p = 0$, the confident mistake, and compare: one loss grows without limit and pushes
    harder and harder; the other levels off and falls silent.
    """
)

code(
    """
    p_values = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99]
    p_axis = np.linspace(0.005, 0.995, 199, dtype=np.float32)[:, None]
    z_of_p = np.log(p_axis / (1 - p_axis))             # the logit that gives probability p
    _, mse_grad_p = gradient_wrt_logit(MSE(), z_of_p, np.ones_like(z_of_p))
    _, ce_grad_p = gradient_wrt_logit(BinaryCrossEntropy(), z_of_p, np.ones_like(z_of_p))
    mse_loss_p, ce_loss_p = (1 - p_axis) ** 2, -np.log(p_axis)


    def losses_at(p):
        \"\"\"Both losses and both gradients (wrt the logit) for one prediction p, target 1, from mlp.\"\"\"
        z_p = np.array([[np.log(p / (1 - p))]], dtype=np.float32)
        _, g_mse = gradient_wrt_logit(MSE(), z_p, np.ones_like(z_p))
        _, g_ce = gradient_wrt_logit(BinaryCrossEntropy(), z_p, np.ones_like(z_p))
        one_p, target = np.array([p]), np.array([1.0])
        return MSE()(one_p, target), BinaryCrossEntropy()(one_p, target), g_mse.item(), g_ce.item()


    def draw_probability(fig, p):
        left, right = fig.subplots(1, 2)
        mse_value, ce_value, g_mse, g_ce = losses_at(p)
        left.plot(p_axis, mse_loss_p, color=MSE_COLOUR, linewidth=2, label="squared error $(1-p)^2$")
        left.plot(p_axis, ce_loss_p, color=CE_COLOUR, linewidth=2, label="cross-entropy $-\\\\ln p$")
        left.plot([p, p], [mse_value, ce_value], "o", color="black")
        left.set_ylim(0, 5)
        left.set_xlabel("$p$ given to the correct answer")
        left.set_title("loss", fontsize=10)
        left.legend(fontsize=7)
        right.plot(p_axis, np.abs(mse_grad_p), color=MSE_COLOUR, linewidth=2, label="squared error")
        right.plot(p_axis, np.abs(ce_grad_p), color=CE_COLOUR, linewidth=2, label="cross-entropy")
        right.plot([p, p], [abs(g_mse), abs(g_ce)], "o", color="black")
        right.set_ylim(0, 1.05)
        right.set_xlabel("$p$ given to the correct answer")
        right.set_title("$|\\\\partial L / \\\\partial z|$", fontsize=10)
        right.legend(fontsize=7)


    def probability_caption(p):
        mse_value, ce_value, g_mse, g_ce = losses_at(p)
        return (f"p = {p}: squared error <b>{mse_value:.4f}</b> (gradient {g_mse:+.4f}), "
                f"cross-entropy <b>{ce_value:.4f}</b> (gradient {g_ce:+.4f})")


    frame_explorer(draw_probability, p_values, label="p(correct)", value=0.1, caption=probability_caption,
                   figsize=(8, 2.8), dpi=72)
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "cross_entropy",
    "Cross-entropy in NumPy",
    """
    Write `cross_entropy(probs, labels)`: `probs` has one row of class probabilities per sample, shape
    `(n, k)`, and `labels` holds the correct class of each sample, shape `(n,)`. Return the mean over the
    samples of $-\\ln(\\text{probability of the correct class})$, as one number. Do it without a Python
    loop (hint: `probs[np.arange(n), labels]` picks one entry per row).
    """,
    """
    def cross_entropy(probs, labels):
        ### BEGIN SOLUTION
        n = len(labels)
        return float(-np.mean(np.log(probs[np.arange(n), labels])))
        ### END SOLUTION
    """,
    """
    check.cross_entropy(cross_entropy)
    """,
    difficulty="warm-up",
)

md(
    """
    The next exercise compares two classifiers on the same ten samples of three classes. Model A is
    timid: it gives the correct class 0.4 every time (and 0.3 to each other class), so its guess is
    always right. Model B is bold: it gives the correct class 0.99 on nine samples, but on the last one
    it gives the correct class only 0.001 and the wrong class 0.998.
    """
)

code(
    """
    labels_ab = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    probs_a = np.full((10, 3), 0.3)
    probs_a[np.arange(10), labels_ab] = 0.4
    probs_b = np.full((10, 3), 0.005)
    probs_b[np.arange(10), labels_ab] = 0.99
    probs_b[9] = [0.001, 0.998, 0.001]   # the last sample (label 0): confidently wrong

    for name, probs_m in [("A", probs_a), ("B", probs_b)]:
        print(f"model {name}: accuracy {np.mean(probs_m.argmax(axis=1) == labels_ab):.0%}")
    """
)

exercise(
    "lower_loss",
    "Predict: which model has the lower loss?",
    """
    1. **Before computing anything**, predict: which model has the lower mean cross-entropy on these ten
       samples? Set `my_prediction` to `"A"` or `"B"`.
    2. Then compute `loss_a` and `loss_b`, the mean cross-entropy of each model (with your
       `cross_entropy`, or with `mlp.losses.CrossEntropy`).
    """,
    """
    ### BEGIN SOLUTION
    # B's nine confident right answers cost almost nothing, and its one disaster costs -ln(0.001);
    # A pays -ln(0.4) on every sample. Averaged over ten samples, B comes out lower.
    my_prediction = "B"
    loss_a = CrossEntropy()(probs_a, labels_ab)
    loss_b = CrossEntropy()(probs_b, labels_ab)
    ### END SOLUTION
    """,
    """
    check.lower_loss(my_prediction, loss_a, loss_b, probs_a, probs_b, labels_ab)
    """,
    difficulty="practice",
)

exercise(
    "logit_gradients",
    "The gradients at the logit",
    """
    A sigmoid output gives $p = \\sigma(z) = 1 / (1 + e^{-z})$. For **one** sample with target $t$
    (no averaging over a batch), the two losses are $(p - t)^2$ and $-[t \\ln p + (1 - t) \\ln(1 - p)]$.

    Write `logit_gradients(z, t)` that takes arrays `z` and `t` of the same shape and returns a pair
    `(mse_grad, ce_grad)`: the derivative of each loss with respect to $z$, elementwise, as arrays of the
    same shape. Use the chain rule: $\\partial L / \\partial z = \\partial L / \\partial p \\cdot
    \\partial p / \\partial z$, with $\\partial p / \\partial z = p(1 - p)$. Simplify the cross-entropy's
    expression as far as you can.
    """,
    """
    def logit_gradients(z, t):
        ### BEGIN SOLUTION
        p = 1 / (1 + np.exp(-z))
        mse_grad = 2 * (p - t) * p * (1 - p)
        ce_grad = p - t          # (p - t) / (p (1 - p)) times p (1 - p): the slope cancels
        return mse_grad, ce_grad
        ### END SOLUTION
    """,
    """
    check.logit_gradients(logit_gradients)
    """,
    difficulty="practice",
)

exercise(
    "stable_cross_entropy",
    "A stable softmax cross-entropy",
    """
    Write `stable_cross_entropy(logits, labels)` for logits of shape `(n, k)` and integer labels of shape
    `(n,)`. Return a pair `(loss, grad)`:

    - `loss`: the mean over the samples of $-\\ln \\operatorname{softmax}(z)_{\\text{label}}$, computed
      with the log-sum-exp form so that it stays finite for logits like `[1000, 0, -1000]` and
      `[0, -800, 5]`;
    - `grad`: the derivative of `loss` with respect to the logits, shape `(n, k)`:
      $(\\operatorname{softmax}(z) - t) / n$ with $t$ the one-hot labels.

    The check compares your function with `mlp.losses.SoftmaxCrossEntropy` on small and on huge logits.
    """,
    """
    def stable_cross_entropy(logits, labels):
        ### BEGIN SOLUTION
        n = len(labels)
        shifted = logits - logits.max(axis=1, keepdims=True)        # each row's own maximum
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        loss = -np.mean(log_probs[np.arange(n), labels])
        grad = np.exp(log_probs)                                    # the softmax, without overflow
        grad[np.arange(n), labels] -= 1                             # minus the one-hot target
        return float(loss), grad / n
        ### END SOLUTION
    """,
    """
    check.stable_cross_entropy(stable_cross_entropy)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 11. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - A network measures its error at the output, where its prediction meets the correct answer. The raw
      error is signed: errors cancel, and it has no minimum, so it is made positive by an absolute value
      or a square. (The deck's reason, that derivatives need positive values, is not the real one.)
    - The mean squared error averages the squared differences; squaring makes big errors count more. Its
      gradient, $2(y - t)/N$, is proportional to the error.
    - The cross-entropy error is $-\\ln$ of the probability given to the correct class, averaged over the
      batch: zero when sure and right, unbounded when sure and wrong.
    - Networks are trained on a loss and judged by accuracy, because accuracy is a staircase: its
      derivative is zero almost everywhere, so it gives a learning rule nothing to follow. The same reason
      made the smooth sigmoid replace the step function (whose derivative is zero everywhere).
    - With sigmoid or softmax outputs, the squared error's gradient is multiplied by the output's slope and
      vanishes when the network is confidently wrong; the cross-entropy's gradient is the plain error
      $p - t$, which is why it learns faster and is the usual choice for classification.
    - Softmax and cross-entropy belong together: computed on logits with log-sum-exp
      (`SoftmaxCrossEntropy`), the loss never overflows and the gradient is simply
      $(\\operatorname{softmax}(z) - t)/n$; computed separately, they overflow, underflow, or lose the
      gradient.

    ## What's next

    We now have a smooth number to make small and its derivative with respect to every weight. Chapter 8
    puts them to work: gradient descent follows the sign of the derivative downhill, step by step, with a
    learning rate deciding the size of each step, and meets the problems of real loss landscapes, with
    their many minima, and of choosing how much data to look at before each step.
    """
)


if __name__ == "__main__":
    ch.write()
