"""Write notebooks/04-backprop-by-hand.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch04.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
Cell sources are raw strings (r'''...'''), so LaTeX backslashes and docstrings need no escaping.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(4, "04-backprop-by-hand")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn, where we are
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Back-propagation by hand

    Chapter 3 solved XOR twice: first with a network whose weights we set by hand, then with one that
    found its weights by itself, trained by back-propagation (역전파). We used that algorithm as a black
    box. This chapter opens the box: run an example forward, measure how wrong the output is, and send
    that error back through the network to adjust every weight a little.

    This chapter does it with a pencil first and with code second. We start from the lecture deck's own
    example {cite:p}`seed004`, a single neuron with three weights, and follow its numbers slide by slide,
    including one
    number on a slide that turns out to be wrong. Then we replace the deck's rule of thumb by the rule
    that calculus gives, and finally push the error back through a small network with a hidden layer,
    writing down every intermediate number.

    **What you will learn**

    - what the error (오차) of a neuron is, and how changing one weight changes it;
    - the deck's rule for sharing the error among the weights, and how to check a slide by computing it;
    - the delta rule: the slope of the squared error, which gives each weight a change proportional to
      its *input*, and how it compares with the deck's rule over many steps;
    - back-propagation through a 2-2-1 sigmoid network, with every forward and backward number in a
      table, checked against the `mlp` library and against finite differences.
    """
)

ch.setup_cell()

md(
    r"""
    We use NumPy for the arithmetic, matplotlib for the pictures, and from the course library `mlp`:
    a dense layer (the neuron), the sigmoid, the squared-error loss, plain gradient descent, the
    finite-difference gradient checker, an explorer widget and the checks for the exercises.
    """
)

code(
    r'''
    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.gradcheck import check_gradients, numerical_gradient
    from mlp.widgets import frame_explorer
    from mlp.checks import ch04 as check

    DECK_COLOUR, DELTA_COLOUR, TEACHER_COLOUR = "tab:purple", "tab:green", "0.35"


    def fmt(value, digits=6):
        """A number as the slides print it: at most `digits` significant digits, no float noise, no -0."""
        return f"{round(float(value), 12) + 0.0:.{digits}g}"
    '''
)

md(
    r"""
    ## Where the idea comes from

    The deck tells the history in three lines. Frank Rosenblatt already used the words
    "back-propagating error correction" in 1962 {cite:p}`rosenblatt1962`, but for a long time nobody knew how
    to carry it out for the hidden weights of a multi-layer network. The tool it needed is old: the
    chain rule (연쇄 법칙) of calculus, which the deck credits to Leibniz and dates to 1673 (other
    histories give 1676). Applying the chain rule efficiently across a whole network is the
    back-propagation algorithm, and it became famous with the 1986 paper
    "Learning representations by back-propagating errors" by David Rumelhart, Geoffrey Hinton and Ronald
    Williams {cite:p}`rumelhart1986`. It had been described before, for instance in Paul
    Werbos's 1974 thesis {cite:p}`werbos1974`, but the 1986 paper showed that it makes hidden layers learn
    useful features, and the field took it up.

    The deck then explains *how* the weights are adjusted with one small example. We follow it exactly.
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The deck's neuron
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The deck's neuron

    Three inputs, 0.4, 0.3 and 0.1, reach one neuron through three weights (가중치) that the deck calls
    A, B and C. There is no activation function and no bias: the neuron's output is the weighted sum,
    the "sum result" (합산 결과) of the slides. The expected value (기대 값), the answer we want, is 0.2.

    In `mlp` this neuron is a `Dense(3, 1)` layer: it computes $y = x W + b$, with one column of $W$
    holding A, B and C. We set the bias to zero to match the deck, and use 64-bit floats so that the
    printed digits are the deck's digits.
    """
)

code(
    r'''
    x = np.array([[0.4, 0.3, 0.1]])     # one example (a batch of one row), three inputs
    target = 0.2                         # the expected value

    neuron = mlp.Dense(3, 1, dtype=np.float64)
    neuron.W[:, 0] = [0.1, 0.3, 0.2]     # the weights A, B, C
    neuron.b[:] = 0.0                    # the deck's neuron has no bias


    def weighted_sum(weights):
        """The slide's sum written out: '(0.4 x A) + (0.3 x B) + (0.1 x C) = terms = output'."""
        terms = x[0] * weights
        products = " + ".join(f"({fmt(xi)} x {fmt(wi)})" for xi, wi in zip(x[0], weights))
        return f"{products} = {' + '.join(fmt(t) for t in terms)} = {fmt(terms.sum())}"


    output = neuron.forward(x)[0, 0]
    error = target - output
    print(weighted_sum(neuron.W[:, 0]))
    print("output from mlp.Dense:", fmt(output))
    print("error = expected - output =", fmt(target), "-", fmt(output), "=", fmt(error))
    '''
)

md(
    r"""
    The output 0.15 falls short of 0.2 by 0.05. Throughout this chapter the error is *expected minus
    output*, the deck's sign: positive when the output is too small.

    The deck then asks: what if we change one weight and run the example again? Its two experiments:
    """
)

code(
    r'''
    for name, weights in [("A = 0.2", [0.2, 0.3, 0.2]), ("C = 0.7", [0.1, 0.3, 0.7])]:
        neuron_what_if = mlp.Dense(3, 1, dtype=np.float64)
        neuron_what_if.W[:, 0] = weights
        neuron_what_if.b[:] = 0.0
        y_what_if = neuron_what_if.forward(x)[0, 0]
        print(f"{name}: {weighted_sum(np.array(weights))},  error on re-entry {fmt(target - y_what_if)}")
    '''
)

md(
    r"""
    Raising A from 0.1 to 0.2 leaves an error of 0.01; raising C from 0.2 to 0.7 removes the error
    completely. So the error can be fixed in more than one way: any A, B, C with
    $0.4A + 0.3B + 0.1C = 0.2$ will do, and there are infinitely many. The error alone does not say
    *which* weight to change, or by how much. We need a rule.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The deck's proportional rule, and the slide check
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The deck's rule: share the error in the ratio of the weights

    The deck's answer: split the error among the weights in proportion to their sizes, and add each
    weight's share to it. The weights are 0.1, 0.3 and 0.2, in the ratio 1 : 3 : 2, so weight $i$ gets

    $$\text{share}_i = \text{error} \times \frac{w_i}{A + B + C}.$$
    """
)

code(
    r'''
    weights = neuron.W[:, 0].copy()
    ratio = weights / weights.min()
    shares = error * weights / weights.sum()
    new_weights = weights + shares

    print("ratio of the weights:", " : ".join(fmt(r) for r in ratio))
    for name, w, share in zip("ABC", weights, shares):
        print(f"{name}' = {fmt(error)} x {fmt(w)} / {fmt(weights.sum())} = {share:.6f}, rounded {fmt(round(share, 4))}")
    print(f"A' + B' + C' = {fmt(shares.sum())}")
    for name, w, share, new in zip("ABC", weights, shares, new_weights):
        print(f"{name} = {fmt(w)} + {fmt(round(share, 4))} = {fmt(round(new, 4))}")
    '''
)

md(
    r"""
    These are the slide's numbers: A' = 0.0083, B' = 0.025, C' = 0.0167, together the whole error 0.05,
    and the new weights 0.1083, 0.325 and 0.2167 (the slide rounds to four decimals; so do we when we
    print, but not when we compute).
    """
)

md(
    r"""
    ### Check the slide

    The next slide runs the example again with the new weights and writes

    $$0.4 \times A + 0.3 \times B + 0.1 \times C = 0.04332 + 0.0975 + 0.04334 = 0.18416,$$

    an error of 0.01584. A slide is a claim like any other, so let us compute it, with the slide's
    rounded weights.
    """
)

code(
    r'''
    slide_weights = np.array([0.1083, 0.325, 0.2167])       # the new weights as the slide prints them
    slide_terms = np.array([0.04332, 0.0975, 0.04334])      # the three products the slide writes
    slide_output = 0.18416

    our_terms = x[0] * slide_weights
    print(f"{'':>3}{'input':>7}{'weight':>9}{'input x weight':>16}{'the slide':>11}")
    for name, xi, wi, ours, theirs in zip("ABC", x[0], slide_weights, our_terms, slide_terms):
        verdict = "" if np.isclose(ours, theirs) else "  <-- differs"
        print(f"{name:>3}{fmt(xi):>7}{fmt(wi):>9}{fmt(ours):>16}{fmt(theirs):>11}{verdict}")

    print(f"the slide's sum: {' + '.join(fmt(t) for t in slide_terms)} = {fmt(slide_terms.sum())}")
    print(f"0.2 x 0.2167 = {fmt(0.2 * 0.2167)}   (the slide's third term)")
    checked_output = our_terms.sum()
    print(f"the correct sum: {' + '.join(fmt(t) for t in our_terms)} = {fmt(checked_output)}")
    print(f"error: the slide says {fmt(target - slide_output)}, it is {fmt(target - checked_output)}")
    print(f"share of the error 0.05 removed: the slide {fmt(1 - (target - slide_output) / error, 3)}, "
          f"in truth {fmt(1 - (target - checked_output) / error, 3)}")
    print(f"with the unrounded weights: output {fmt(x[0] @ new_weights)}, error {fmt(target - x[0] @ new_weights)}")
    '''
)

md(
    r"""
    The third term is a slip. The input of C is 0.1, and 0.1 × 0.2167 is 0.02167; the slide's 0.04334 is
    0.2 × 0.2167, as if C's old weight 0.2 had been taken for its input. With the slip corrected, the
    output after the update is 0.16249 and the error 0.03751, not 0.01584.

    The slide's *conclusion* survives: the error did shrink, from 0.05 to 0.03751. But it shrank by a
    quarter (0.25 of it removed), not by more than two thirds (0.683) as the slide suggests. Why so
    little, when the shares added up to the whole error? Because the shares are added to the *weights*,
    and the output changes by each weight's change times its *input*:
    """
)

code(
    r'''
    output_change = x[0] @ shares
    print(f"output change = 0.4 x A' + 0.3 x B' + 0.1 x C' = {fmt(output_change)}")
    print(f"              = error x (x . w) / (A + B + C) = {fmt(error)} x {fmt(x[0] @ weights / weights.sum())}")
    print(f"ratio of the new weights: {' : '.join(fmt(r) for r in new_weights / new_weights.min())}")
    '''
)

md(
    r"""
    The output rises by only 0.0125, a quarter of the error, because every input is below 1. And look at
    the last line: the new weights are still in the ratio 1 : 3 : 2. Adding to each weight a share
    proportional to itself multiplies all three by the same number, $1 + \text{error} / (A + B + C)$. The
    deck's rule can make the weights bigger or smaller together, but never change their proportions.
    Keep that in mind; it will matter.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. The delta rule
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The delta rule: follow the slope

    A more principled question is: how much does the error change when one weight changes? The deck's
    first experiment already measured it. Raising A by 0.1 raised the output by 0.04, so the output
    changes 0.4 times as fast as A, and 0.4 is exactly A's input. That is no accident: in
    $y = 0.4A + 0.3B + 0.1C$ the partial derivative (편미분) $\partial y / \partial A$ is the input 0.4.
    """
)

code(
    r'''
    slope_A = ((0.4 * 0.2 + 0.3 * 0.3 + 0.1 * 0.2) - output) / (0.2 - 0.1)
    print(f"(output with A = 0.2  -  output with A = 0.1) / 0.1 = {fmt(slope_A)}   = the input of A")
    '''
)

md(
    r"""
    To turn this into a rule we need a measure of wrongness that is smallest when the error is zero,
    whichever its sign. The usual choice is the squared error (제곱 오차), $L = (y - t)^2$ with $t$ the
    target; it is the mean squared error (평균 제곱 오차) of chapter 7 for a single output, and `mlp.MSE`
    computes it. The chain rule gives its slope with respect to each weight:

    $$\frac{\partial L}{\partial w_i} = \frac{\partial L}{\partial y}\,\frac{\partial y}{\partial w_i}
      = 2\,(y - t)\,x_i .$$

    The vector of these slopes is the gradient (기울기). Gradient descent (경사하강법, chapter 8) takes a
    small step against it, scaled by a learning rate (학습률) $\eta$:

    $$w_i \leftarrow w_i - \eta \,\frac{\partial L}{\partial w_i} = w_i + 2\eta\,(t - y)\,x_i .$$

    With $\eta = 0.5$ the step is simply *error × input*. This is the delta rule (델타 규칙), also called
    the Widrow-Hoff or least-mean-squares rule {cite:p}`widrow1960`. Each weight's change is
    proportional to its input, not to the weight itself. Here is the gradient from `mlp`'s backward pass,
    the same formula in NumPy, and a finite-difference estimate (수치 미분, nudge one weight and see how $L$
    moves), side by side.
    """
)

code(
    r'''
    loss = mlp.MSE()
    y = neuron.forward(x)
    L = loss.forward(y, [[target]])
    neuron.backward(loss.backward())      # fills neuron.dW with dL/dW

    by_formula = 2 * (y[0, 0] - target) * x[0]
    by_nudging = numerical_gradient(lambda w: (x[0] @ w - target) ** 2, neuron.W[:, 0])

    print(f"L = (y - t)^2 = {fmt(L)}")
    print(f"{'':>3}{'mlp backward':>14}{'2 (y - t) x':>14}{'finite differences':>20}")
    for name, a, b, c in zip("ABC", neuron.dW[:, 0], by_formula, by_nudging):
        print(f"{name:>3}{fmt(a):>14}{fmt(b):>14}{fmt(c):>20}")
    '''
)

md(
    r"""
    All three agree. The gradient is negative for every weight: increasing any of them lowers the loss,
    since the output is too small. Now one step of gradient descent with `mlp.optim.SGD` and
    learning rate 0.5, next to one step of the deck's rule:
    """
)

code(
    r'''
    delta_neuron = mlp.Dense(3, 1, dtype=np.float64)
    delta_neuron.W[:, 0] = [0.1, 0.3, 0.2]
    delta_neuron.b[:] = 0.0
    sgd = mlp.optim.SGD(lr=0.5)


    def delta_rule_step(layer, x, target):
        """One step of gradient descent on L = (y - t)^2 for a bias-free neuron: w <- w - 0.5 dL/dw."""
        loss.forward(layer.forward(x), [[target]])
        layer.backward(loss.backward())
        sgd.step([layer.W], [layer.dW])   # only W learns: the deck's neuron has no bias


    before = delta_neuron.W[:, 0].copy()
    delta_rule_step(delta_neuron, x, target)
    delta_changes = delta_neuron.W[:, 0] - before

    print(f"{'':>3}{'input':>7}{'weight':>8}{'deck: share':>13}{'delta: error x input':>22}")
    for name, xi, wi, s, d in zip("ABC", x[0], before, shares, delta_changes):
        print(f"{name:>3}{fmt(xi):>7}{fmt(wi):>8}{s:>13.4f}{d:>22.4f}")
    print(f"{'sum':>18}{shares.sum():>13.4f}{delta_changes.sum():>22.4f}")
    error_deck_1 = target - x[0] @ new_weights
    error_delta_1 = target - x[0] @ delta_neuron.W[:, 0]
    print(f"error after one step: deck's rule {fmt(error_deck_1)}, delta rule {fmt(error_delta_1)}")
    '''
)

md(
    r"""
    The two rules hand out the credit differently. The deck's rule gives the biggest change to B, the
    biggest weight. The delta rule gives it to A, whose input is biggest: a change in A moves the output
    the most, so A is the best lever. C, whose input is only 0.1, gets the smallest change from the delta
    rule; the deck's rule spends a third of the error on it. After one step both errors are close, 0.0375
    against 0.037. Many steps tell us more.
    """
)

code(
    r'''
    def deck_rule_step(weights, x_row, target):
        """The deck's rule: w + error * w / sum(w), with error = target - x . w."""
        err = target - x_row @ weights
        return weights + err * weights / weights.sum()


    n_steps = 12
    deck_path = [np.array([0.1, 0.3, 0.2])]
    delta_neuron.W[:, 0] = [0.1, 0.3, 0.2]           # start the delta rule again from the deck's weights
    delta_path = [delta_neuron.W[:, 0].copy()]
    for step in range(n_steps):
        deck_path.append(deck_rule_step(deck_path[-1], x[0], target))
        delta_rule_step(delta_neuron, x, target)
        delta_path.append(delta_neuron.W[:, 0].copy())
    deck_path, delta_path = np.array(deck_path), np.array(delta_path)
    deck_errors, delta_errors = target - deck_path @ x[0], target - delta_path @ x[0]

    print(f"{'':>5}{'deck rule (error x weight share)':^36}{'delta rule (error x input)':^36}")
    print(f"{'step':>5}" + f"{'A':>8}{'B':>8}{'C':>8}{'error':>12}" * 2)
    for k in range(0, n_steps + 1, 2):
        row = "".join(f"{w:>8.4f}" for w in deck_path[k]) + f"{deck_errors[k]:>12.6f}"
        row += "".join(f"{w:>8.4f}" for w in delta_path[k]) + f"{delta_errors[k]:>12.6f}"
        print(f"{k:>5}" + row)
    print(f"error kept per step: deck {fmt(deck_errors[1] / deck_errors[0], 4)}, "
          f"delta {fmt(delta_errors[1] / delta_errors[0], 4)} = 1 - |x|^2 = 1 - {fmt(x[0] @ x[0])}")
    print(f"weights after {n_steps} steps, ratio to the smallest: deck "
          f"{' : '.join(fmt(r, 4) for r in deck_path[-1] / deck_path[-1].min())}, delta "
          f"{' : '.join(fmt(r, 4) for r in delta_path[-1] / delta_path[-1].min())}")
    delta_moved = delta_path[-1] - delta_path[0]
    print(f"delta rule, total change of A, B, C: {np.round(delta_moved, 4)}, "
          f"in the ratio {' : '.join(fmt(r, 4) for r in delta_moved / delta_moved[2])} (the inputs' ratio)")
    '''
)

md(
    r"""
    On this one example the two rules are almost equally fast: each step keeps 0.75 of the error under
    the deck's rule and 0.74 under the delta rule, a coincidence of these particular numbers (the delta
    rule's factor depends on the learning rate; the deck's rule has no knob at all). What differs is
    *where* they go. The deck's rule keeps the weights in the ratio 1 : 3 : 2 at every step. The delta
    rule changes them in the ratio of the inputs, 4 : 3 : 1, so A gains four times as much as C. The
    picture:
    """
)

code(
    r'''
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), dpi=80)
    positions = np.arange(3)
    left.bar(positions - 0.2, shares, width=0.4, color=DECK_COLOUR, label="deck's rule: error x w / sum(w)")
    left.bar(positions + 0.2, delta_changes, width=0.4, color=DELTA_COLOUR, label="delta rule: error x input")
    left.set_xticks(positions, [f"{n}\ninput {fmt(xi)}\nweight {fmt(wi)}" for n, xi, wi in zip("ABC", x[0], weights)])
    left.set_ylim(0, 0.034)
    left.set_ylabel("change in the first step")
    left.set_title("Who gets the credit for the error 0.05?")
    left.legend(fontsize=8, loc="upper left")

    steps = np.arange(n_steps + 1)
    right.semilogy(steps, deck_errors, "o-", color=DECK_COLOUR, label="deck's rule")
    right.semilogy(steps, delta_errors, "s--", color=DELTA_COLOUR, label="delta rule (learning rate 0.5)")
    right.set_xlabel("step")
    right.set_ylabel("error (expected - output)")
    error_ticks = [0.002, 0.005, 0.01, 0.02, 0.05]
    right.set_yticks(error_ticks, [fmt(t) for t in error_ticks])   # plain decimals instead of powers of ten
    right.yaxis.set_minor_formatter(plt.NullFormatter())
    right.set_title("The error, step by step (log scale)")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    '''
)

# ---------------------------------------------------------------------------------------------------
# 5. Several examples
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Where the two rules part ways: more than one example

    One example is too easy: infinitely many weights fit it. Real training data has many examples, and
    one set of weights must serve them all. Let us make four examples whose targets come from a "teacher"
    neuron with weights (0.35, 0.1, 0.3). The deck's example is the first of them: the teacher gives it
    exactly the target 0.2.
    """
)

code(
    r'''
    teacher = np.array([0.35, 0.1, 0.3])
    X4 = np.array([[0.4, 0.3, 0.1],
                   [0.9, 0.1, 0.5],
                   [0.2, 0.8, 0.6],
                   [0.1, 0.4, 0.9]])
    T4 = X4 @ teacher
    for xi, ti in zip(X4, T4):
        print("inputs", xi, " target", fmt(ti))
    '''
)

md(
    r"""
    We apply each rule to the four examples in turn, one update per example, and call one pass over all
    four an epoch (에포크). After every epoch we measure the mean squared error over the four examples
    with `mlp.MSE`. The delta rule runs through `mlp` exactly as before (a `Dense` neuron, `MSE`, `SGD`);
    the deck's rule is the function above.
    """
)

code(
    r'''
    n_epochs = 16
    mse = mlp.MSE()

    deck_w = np.array([0.1, 0.3, 0.2])
    delta_neuron.W[:, 0] = [0.1, 0.3, 0.2]
    deck_epochs, delta_epochs = [deck_w.copy()], [delta_neuron.W[:, 0].copy()]
    for epoch in range(n_epochs):
        for xi, ti in zip(X4, T4):
            deck_w = deck_rule_step(deck_w, xi, ti)
            delta_rule_step(delta_neuron, xi[np.newaxis, :], ti)
        deck_epochs.append(deck_w.copy())
        delta_epochs.append(delta_neuron.W[:, 0].copy())
    deck_epochs, delta_epochs = np.array(deck_epochs), np.array(delta_epochs)

    deck_mse = np.array([mse.forward(X4 @ w, T4) for w in deck_epochs])
    delta_mse = np.array([mse.forward(X4 @ w, T4) for w in delta_epochs])

    print(f"{'epoch':>6}{'deck rule: A, B, C':>24}{'MSE':>11}{'delta rule: A, B, C':>25}{'MSE':>11}")
    for e in [0, 1, 2, 4, 8, 12, n_epochs]:
        print(f"{e:>6}{str(np.round(deck_epochs[e], 3)):>24}{deck_mse[e]:>11.2e}"
              f"{str(np.round(delta_epochs[e], 3)):>25}{delta_mse[e]:>11.2e}")
    print("teacher:", teacher)
    print("deck rule's weights, divided by the smallest:", np.round(deck_epochs[-1] / deck_epochs[-1].min(), 3))
    '''
)

md(
    r"""
    The delta rule walks towards the teacher's weights and its error keeps falling. The deck's rule
    gets stuck: after the first epoch its mean squared error hardly moves, because its weights are still
    in the ratio 1 : 3 : 2, and no multiple of (1, 3, 2) fits all four examples. To fit them, A has to
    grow and B has to shrink, and a rule that only scales the weights cannot do that. (A related
    weakness is an exercise below: what does the deck's rule do with a weight that is 0?)
    """
)

code(
    r'''
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), dpi=80)
    epochs = np.arange(n_epochs + 1)
    left.semilogy(epochs, deck_mse, "o-", color=DECK_COLOUR, markersize=4, label="deck's rule")
    left.semilogy(epochs, delta_mse, "s-", color=DELTA_COLOUR, markersize=4, label="delta rule")
    left.set_xlabel("epoch (4 updates each)")
    left.set_ylabel("mean squared error (log scale)")
    left.set_title("Four examples, two rules")
    left.legend(fontsize=8)

    for i, (name, style) in enumerate(zip("ABC", ["-", "--", ":"])):
        right.plot(epochs, deck_epochs[:, i], style, color=DECK_COLOUR, label=f"{name}, deck's rule")
        right.plot(epochs, delta_epochs[:, i], style, color=DELTA_COLOUR, label=f"{name}, delta rule")
        right.axhline(teacher[i], linestyle=style, color=TEACHER_COLOUR, linewidth=0.8)
    right.set_xlabel("epoch")
    right.set_ylabel("weight")
    right.set_title("The weights (grey: the teacher's)")
    for ax in (left, right):
        ax.set_xticks(epochs[::2])
    right.legend(fontsize=7, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.22))
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    ### Explore: step through the epochs

    Move the slider to see the weights of both rules after each epoch (bars), next to the teacher's
    weights, and where that epoch sits on the error curves. Watch the purple bars grow and shrink
    together, always 1 : 3 : 2, while the green ones reshape themselves towards the grey ones.
    """
)

code(
    r'''
    def draw_epoch(fig, epoch):
        """One frame: the weights of both rules after `epoch` epochs, and the error curves up to there."""
        fig.set_layout_engine(None)               # a fixed layout: much faster than re-solving it per frame
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.97, wspace=0.28)
        bars, curve = fig.subplots(1, 2, width_ratios=[1, 1.1])
        positions = np.arange(3)
        bars.bar(positions - 0.27, deck_epochs[epoch], width=0.27, color=DECK_COLOUR, label="deck's rule")
        bars.bar(positions, delta_epochs[epoch], width=0.27, color=DELTA_COLOUR, label="delta rule")
        bars.bar(positions + 0.27, teacher, width=0.27, color=TEACHER_COLOUR, label="teacher")
        bars.set_xticks(positions, list("ABC"))
        bars.set_ylim(0, 0.5)
        bars.set_ylabel("weight")
        bars.legend(fontsize=7, loc="upper left")
        curve.plot(epochs, deck_mse, color=DECK_COLOUR, alpha=0.3)
        curve.plot(epochs, delta_mse, color=DELTA_COLOUR, alpha=0.3)
        curve.plot(epochs[:epoch + 1], deck_mse[:epoch + 1], "o-", color=DECK_COLOUR, markersize=3)
        curve.plot(epochs[:epoch + 1], delta_mse[:epoch + 1], "s-", color=DELTA_COLOUR, markersize=3)
        curve.set_ylim(0, 0.02)
        curve.set_xlabel("epoch")
        curve.set_ylabel("mean squared error")


    def epoch_caption(epoch):
        return (f"epoch {epoch}: deck's rule A, B, C = {', '.join(f'{w:.3f}' for w in deck_epochs[epoch])}, "
                f"MSE {deck_mse[epoch]:.1e}; delta rule {', '.join(f'{w:.3f}' for w in delta_epochs[epoch])}, "
                f"MSE {delta_mse[epoch]:.1e}")


    frame_explorer(draw_epoch, list(range(n_epochs + 1)), label="epoch", value=0, play=True,
                   caption=epoch_caption, figsize=(7.2, 2.8))
    '''
)

md(
    r"""
    So the deck's rule is a good first picture (the error is sent back and shared among the weights that
    caused it) but not the rule networks use. The real rule shares the error according to each weight's
    *influence on the output*, which for a weight feeding the output directly is its input. For a weight
    deeper in the network the influence passes through other neurons, and the chain rule multiplies the
    pieces together. That is the next section.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. The 2-2-1 network by hand
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Back-propagation through a hidden layer

    Now a real network: two inputs (the deck's 0.4 and 0.3), a hidden layer (은닉층) of two neurons, and
    one output neuron, each hidden and output neuron with a bias (편향) and a sigmoid (시그모이드)
    activation $\sigma(s) = 1 / (1 + e^{-s})$, whose slope is $\sigma'(s) = \sigma(s)\,(1 - \sigma(s))$
    (chapter 6). The target is 0.9. The weights are made up; $W_1[i, j]$ joins input $i$ to hidden neuron
    $j$, as in `mlp.Dense`.

    The hidden neurons have no target of their own: nobody tells us what $h_1$ should have been. The
    chain rule solves this. The forward pass (순전파), the loss, and the backward pass are:

    $$
    \begin{aligned}
    s_j &= x_1 W_1[1, j] + x_2 W_1[2, j] + b_{1,j}, & h_j &= \sigma(s_j), \\
    s_{\text{out}} &= h_1 W_2[1] + h_2 W_2[2] + b_2, & y &= \sigma(s_{\text{out}}), \qquad L = (y - t)^2, \\
    \delta_{\text{out}} &= \frac{\partial L}{\partial s_{\text{out}}} = 2\,(y - t)\; y\,(1 - y), &
      \frac{\partial L}{\partial W_2[j]} &= \delta_{\text{out}}\, h_j, \quad
      \frac{\partial L}{\partial b_2} = \delta_{\text{out}}, \\
    \frac{\partial L}{\partial h_j} &= \delta_{\text{out}}\, W_2[j], &
      \delta_j &= \frac{\partial L}{\partial s_j} = \frac{\partial L}{\partial h_j}\; h_j\,(1 - h_j), \\
    \frac{\partial L}{\partial W_1[i, j]} &= x_i\, \delta_j, &
      \frac{\partial L}{\partial b_{1,j}} &= \delta_j .
    \end{aligned}
    $$

    Read the backward lines from the top. Each $\delta$ is "how much the loss changes per unit change of
    this neuron's sum"; a weight's gradient is the $\delta$ of the neuron it feeds times the value it
    carries, exactly the delta rule's *error × input*. The only new step is $\partial L / \partial h_j$:
    the output's $\delta$ travels back along the weight $W_2[j]$, the same weight it travelled forward on.
    That is the error being propagated backwards. (The maths is written with indices from 1, the code
    with NumPy's indices from 0.)
    """
)

code(
    r'''
    x_net = np.array([0.4, 0.3])
    t_net = 0.9
    W1 = np.array([[0.15, -0.25],
                   [0.30, 0.20]])
    b1 = np.array([0.05, 0.10])
    W2 = np.array([[0.40],
                   [-0.35]])
    b2 = np.array([0.10])


    def sigmoid(s):
        return 1 / (1 + np.exp(-s))


    def forward_backward(x, t, W1, b1, W2, b2):
        """Every intermediate number of one forward and one backward pass, by name (the equations above)."""
        v = {}
        v["s"] = x @ W1 + b1                      # hidden sums
        v["h"] = sigmoid(v["s"])                  # hidden outputs
        v["s_out"] = v["h"] @ W2 + b2             # output sum
        v["y"] = sigmoid(v["s_out"])              # output
        v["L"] = float((v["y"][0] - t) ** 2)      # squared error
        v["dL_dy"] = 2 * (v["y"] - t)
        v["delta_out"] = v["dL_dy"] * v["y"] * (1 - v["y"])
        v["dW2"] = np.outer(v["h"], v["delta_out"])
        v["db2"] = v["delta_out"]
        v["dL_dh"] = W2 @ v["delta_out"]          # the error sent back along W2
        v["delta"] = v["dL_dh"] * v["h"] * (1 - v["h"])
        v["dW1"] = np.outer(x, v["delta"])
        v["db1"] = v["delta"]
        return v


    by_hand = forward_backward(x_net, t_net, W1, b1, W2, b2)
    '''
)

md(
    r"""
    Here is every number, in the order we computed it. The formula column names the values each line
    uses, so you can redo any line with a calculator.
    """
)

code(
    r'''
    def network_table(x, t, W1, b1, W2, b2, v):
        """Rows (quantity, formula, value) for every forward and backward intermediate of the 2-2-1 net."""
        s, h, y, d_out, d = v["s"], v["h"], v["y"][0], v["delta_out"][0], v["delta"]
        rows = [("forward", "", None)]
        for j in range(2):
            formula = f"{fmt(x[0])} x {fmt(W1[0, j])} + {fmt(x[1])} x {fmt(W1[1, j])} + {fmt(b1[j])}"
            rows.append((f"s{j + 1}", formula, s[j]))
        for j in range(2):
            rows.append((f"h{j + 1}", f"sigmoid({fmt(s[j])})", h[j]))
        formula = f"{fmt(h[0])} x {fmt(W2[0, 0])} + {fmt(h[1])} x {fmt(W2[1, 0])} + {fmt(b2[0])}"
        rows.append(("s_out", formula, v["s_out"][0]))
        rows.append(("y", f"sigmoid({fmt(v['s_out'][0])})", y))
        rows.append(("L", f"({fmt(y)} - {fmt(t)})^2", v["L"]))
        rows.append(("backward", "", None))
        rows.append(("dL/dy", f"2 x ({fmt(y)} - {fmt(t)})", v["dL_dy"][0]))
        rows.append(("delta_out", f"{fmt(v['dL_dy'][0])} x {fmt(y)} x (1 - {fmt(y)})", d_out))
        for j in range(2):
            rows.append((f"dL/dW2[{j}]", f"delta_out x h{j + 1} = {fmt(d_out)} x {fmt(h[j])}", v["dW2"][j, 0]))
        rows.append(("dL/db2", "delta_out", v["db2"][0]))
        for j in range(2):
            rows.append((f"dL/dh{j + 1}", f"delta_out x W2[{j}] = {fmt(d_out)} x {fmt(W2[j, 0])}", v["dL_dh"][j]))
        for j in range(2):
            rows.append((f"delta{j + 1}", f"{fmt(v['dL_dh'][j])} x {fmt(h[j])} x (1 - {fmt(h[j])})", d[j]))
        for i in range(2):
            for j in range(2):
                formula = f"x{i + 1} x delta{j + 1} = {fmt(x[i])} x {fmt(d[j])}"
                rows.append((f"dL/dW1[{i},{j}]", formula, v["dW1"][i, j]))
        for j in range(2):
            rows.append((f"dL/db1[{j}]", f"delta{j + 1}", v["db1"][j]))
        return rows


    def print_table(rows):
        for name, formula, value in rows:
            if value is None:
                print(f"--- {name} " + "-" * (78 - len(name)))
            else:
                print(f"{name:>13} = {formula:<52} = {value:>11.6f}")


    print_table(network_table(x_net, t_net, W1, b1, W2, b2, by_hand))
    '''
)

md(
    r"""
    The same numbers on the network itself: forward values in black beside each neuron, weights on the
    connections, and in red the gradient of the loss with respect to each weight and bias.
    """
)

code(
    r'''
    NODES = {"x1": (0.0, 0.85), "x2": (0.0, 0.15), "h1": (1.0, 0.85), "h2": (1.0, 0.15), "y": (2.0, 0.5)}


    def draw_network(ax, x, t, W1, b1, W2, b2, v, fontsize=8):
        """The 2-2-1 network with its forward values (black) and every parameter's gradient (red)."""
        red = "tab:red"
        for i in range(2):
            for j in range(2):
                (x0, y0), (x1_, y1_) = NODES[f"x{i + 1}"], NODES[f"h{j + 1}"]
                ax.plot([x0, x1_], [y0, y1_], color="0.6", zorder=1)
                f = 0.5 if i == j else 0.27          # label the crossing connections near their start
                lx, ly = x0 + f * (x1_ - x0), y0 + f * (y1_ - y0)
                ax.text(lx, ly + 0.035, f"{W1[i, j]:.3f}", ha="center", fontsize=fontsize)
                ax.text(lx, ly - 0.035, f"{v['dW1'][i, j]:+.4f}", ha="center", va="top", fontsize=fontsize, color=red)
        for j in range(2):
            (x0, y0), (x1_, y1_) = NODES[f"h{j + 1}"], NODES["y"]
            ax.plot([x0, x1_], [y0, y1_], color="0.6", zorder=1)
            lx, ly = (x0 + x1_) / 2, (y0 + y1_) / 2
            ax.text(lx, ly + 0.035, f"{W2[j, 0]:.3f}", ha="center", fontsize=fontsize)
            ax.text(lx, ly - 0.035, f"{v['dW2'][j, 0]:+.4f}", ha="center", va="top", fontsize=fontsize, color=red)
        for name, (px, py) in NODES.items():
            ax.scatter([px], [py], s=500, color="white", edgecolor="black", zorder=2)
            ax.text(px, py, name, ha="center", va="center", fontsize=fontsize + 1, zorder=3)
        for i in range(2):
            px, py = NODES[f"x{i + 1}"]
            ax.text(px - 0.12, py, f"{x[i]:g}", ha="right", va="center", fontsize=fontsize)
        for j in range(2):
            px, py = NODES[f"h{j + 1}"]
            above = 0.1 if j == 0 else -0.1
            ax.text(px, py + above, f"s = {v['s'][j]:.4f}, h = {v['h'][j]:.4f}", ha="center",
                    va="bottom" if j == 0 else "top", fontsize=fontsize)
            b_at, grad_at = (py - 0.1, py - 0.19) if j == 0 else (py + 0.19, py + 0.1)   # bias, then gradient
            ax.text(px, b_at, f"b = {b1[j]:.3f}", ha="center", va="top" if j == 0 else "bottom", fontsize=fontsize)
            ax.text(px, grad_at, f"{v['db1'][j]:+.4f}", ha="center", va="top" if j == 0 else "bottom",
                    fontsize=fontsize, color=red)
        px, py = NODES["y"]
        ax.text(px + 0.12, py + 0.06, f"y = {v['y'][0]:.4f}  (target {t:g})", ha="left", fontsize=fontsize)
        ax.text(px + 0.12, py - 0.02, f"L = {v['L']:.4f}", ha="left", fontsize=fontsize)
        ax.text(px, py - 0.1, f"b = {b2[0]:.3f}", ha="center", va="top", fontsize=fontsize)
        ax.text(px, py - 0.19, f"{v['db2'][0]:+.4f}", ha="center", va="top", fontsize=fontsize, color=red)
        ax.set_xlim(-0.35, 2.9)
        ax.set_ylim(-0.12, 1.1)
        ax.axis("off")


    fig, ax = plt.subplots(figsize=(8, 4), dpi=80)
    draw_network(ax, x_net, t_net, W1, b1, W2, b2, by_hand, fontsize=9)
    ax.set_title("The 2-2-1 network: values (black) and gradients dL/d(parameter) (red)")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    The output 0.534865 is below the target 0.9, so a parameter that pushes the output up gets a negative
    gradient, and gradient descent will increase it. All the output layer's gradients are negative. In
    the hidden layer the sign depends on $W_2$: $h_2$ reaches the output through the negative weight
    $-0.35$, so raising $h_2$ *lowers* the output, and $h_2$'s incoming weights and bias get positive
    gradients (they will shrink). Notice also how much smaller the hidden layer's gradients are than the
    output layer's:
    """
)

code(
    r'''
    ratio_hidden_output = np.abs(by_hand["dW1"]).max() / np.abs(by_hand["dW2"]).max()
    print(f"largest |dL/dW1| / largest |dL/dW2| = {fmt(ratio_hidden_output, 3)}")
    print(f"sigmoid slopes h (1 - h) of the hidden neurons: {np.round(by_hand['h'] * (1 - by_hand['h']), 4)}")
    '''
)

md(
    r"""
    Each layer the error passes back through multiplies it by a sigmoid slope, at most 0.25, and by a
    weight. In a deep stack of sigmoid layers the gradient of the first layers can shrink to almost
    nothing, the vanishing gradient (기울기 소실) problem, one reason chapter 6 prefers other activations
    in hidden layers.
    """
)

md(
    r"""
    ### Check 1: the library's backward pass

    `mlp` builds the same network as `Sequential(Dense(2, 2), Sigmoid(), Dense(2, 1), Sigmoid())`; we copy
    our weights into it. `MSE` is a *mean* over every element, $\frac{1}{N}\sum (y - t)^2$; with one
    example and one output $N = 1$ and it is exactly our $L$.
    """
)

code(
    r'''
    net = mlp.Sequential(mlp.Dense(2, 2, dtype=np.float64), mlp.Sigmoid(),
                         mlp.Dense(2, 1, dtype=np.float64), mlp.Sigmoid())
    for param, value in zip(net.parameters(), [W1, b1, W2, b2]):
        param[...] = value

    x_batch, t_batch = x_net[np.newaxis, :], np.array([[t_net]])   # a batch of one example
    net_loss = mlp.MSE()
    L_mlp = net_loss.forward(net.forward(x_batch), t_batch)
    net.backward(net_loss.backward())

    print(f"L: by hand {by_hand['L']:.10f}, mlp {L_mlp:.10f}")
    for name, mine, theirs in zip(["dW1", "db1", "dW2", "db2"], [by_hand[k] for k in ["dW1", "db1", "dW2", "db2"]],
                                  net.gradients()):
        print(f"{name}: by hand {np.round(mine.ravel(), 6)}  mlp {np.round(theirs.ravel(), 6)}  "
              f"largest difference {np.abs(mine - theirs).max():.1e}")
    '''
)

md(
    r"""
    They agree to the last digit. Two conventions are worth knowing because they change the numbers
    (not the direction) of every gradient. Many books use $\frac12 (y - t)^2$, whose derivative is
    $y - t$ without the 2; and with a batch of several examples `MSE` averages, so its gradients are the
    *mean* over the examples, not the sum. The same example twice in a batch therefore gives the same
    gradients as once:
    """
)

code(
    r'''
    net_loss.forward(net.forward(np.vstack([x_batch, x_batch])), np.vstack([t_batch, t_batch]))
    net.backward(net_loss.backward())
    print("dW2 from a batch of the same example twice:", np.round(net.gradients()[2].ravel(), 6))
    print("dW2 with the loss (1/2)(y - t)^2:          ", np.round(by_hand["dW2"].ravel() / 2, 6))
    '''
)

md(
    r"""
    ### Check 2: finite differences

    The library could share our mistakes, so the final referee is the definition of a derivative:
    nudge one parameter up and down by a tiny $\varepsilon$ and measure the slope of the loss,
    $\bigl(L(w + \varepsilon) - L(w - \varepsilon)\bigr) / 2\varepsilon$ (a finite difference, 유한 차분).
    `mlp.gradcheck.check_gradients` does this for every parameter (two forward passes per number) and
    reports the relative error against the backward pass; `numerical_gradient` gives the raw numbers.
    """
)

code(
    r'''
    errors = check_gradients(net, net_loss, x_batch, t_batch)
    print("relative error, backward vs finite differences:",
          {name: f"{err:.1e}" for name, err in errors.items()})


    def loss_for_W1(W1_trial):
        return forward_backward(x_net, t_net, W1_trial, b1, W2, b2)["L"]


    print("dL/dW1 by hand:            ", np.round(by_hand["dW1"].ravel(), 8))
    print("dL/dW1 by finite difference:", np.round(numerical_gradient(loss_for_W1, W1).ravel(), 8))
    '''
)

md(
    r"""
    Relative errors of $10^{-10}$ and below mean the backward pass is right: finite differences in 64-bit floats
    agree with the exact derivative to about that many digits. This is how every layer of `mlp` is tested,
    and a habit worth keeping whenever you write a backward pass yourself.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Training steps and the network explorer
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## One step downhill, then fifteen

    With the gradients in hand, one step of gradient descent updates all nine parameters at once,
    $w \leftarrow w - \eta\,\partial L / \partial w$. We take fifteen steps with `mlp.optim.SGD` and a
    learning rate of 2 (large, because the sigmoid slopes make these gradients small), recording every
    number on the way.
    """
)

code(
    r'''
    trainer = mlp.optim.SGD(lr=2.0)
    n_train = 15
    history = []          # (parameters, intermediates) before each step, and after the last one
    for step in range(n_train + 1):
        params = [p.copy() for p in net.parameters()]
        history.append((params, forward_backward(x_net, t_net, *params)))
        if step < n_train:
            net_loss.forward(net.forward(x_batch), t_batch)
            net.backward(net_loss.backward())
            trainer.step(net.parameters(), net.gradients())

    train_losses = np.array([v["L"] for _, v in history])
    print(f"{net.n_parameters} parameters, {n_train} steps of gradient descent, learning rate {trainer.lr:g}")
    for k in [0, 1, 2, 5, 10, n_train]:
        print(f"step {k:>2}: output {history[k][1]['y'][0]:.4f}, loss {train_losses[k]:.5f}")
    '''
)

md(
    r"""
    The first step takes the loss from 0.13332 to 0.05195, and fifteen steps bring the output from 0.5349
    to 0.8732, close to the target 0.9. Step through the training below: each frame is the network
    before that step, with the gradients the step is about to use. Watch the red numbers shrink as the
    output approaches the target, and the first layer's weights change far less than the second's.
    """
)

code(
    r'''
    def draw_training_step(fig, step):
        """One frame: the network at `step`, its gradients, and the loss curve up to that step."""
        fig.set_layout_engine(None)               # a fixed layout: much faster than re-solving it per frame
        fig.subplots_adjust(left=0.0, right=0.98, bottom=0.15, top=0.9, wspace=0.12)
        net_ax, loss_ax = fig.subplots(1, 2, width_ratios=[3.3, 1])
        params, values = history[step]
        draw_network(net_ax, x_net, t_net, *params, values, fontsize=7.5)
        loss_ax.plot(np.arange(n_train + 1), train_losses, color="0.8")
        loss_ax.plot(np.arange(step + 1), train_losses[:step + 1], "o-", color="tab:blue", markersize=3)
        loss_ax.set_ylim(0, 0.14)
        loss_ax.set_xlabel("step")
        loss_ax.set_title("loss L", fontsize=9)


    frame_explorer(draw_training_step, list(range(n_train + 1)), label="step", value=0, play=True,
                   caption=lambda k: f"step {k}: output {history[k][1]['y'][0]:.4f}, loss {train_losses[k]:.5f}",
                   figsize=(8.0, 3.2))
    '''
)

md(
    r"""
    That is all back-propagation is: a forward pass that remembers its intermediate numbers, a backward
    pass that multiplies slopes along the way back, and a small step for every weight. A network with a
    million weights runs the same few lines per layer, only with bigger arrays; `mlp`'s layers do exactly
    this, one `backward` per layer.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "proportional_step",
    "The deck's rule as a function",
    r"""
    Write `proportional_step(x, w, target)` that takes a neuron's inputs `x` and weights `w` (1-D arrays
    of the same length, any length) and the expected value `target`, and returns the new weights after
    one step of the deck's rule: error = target − x · w, and each weight gets the share
    error × w_i / sum(w). Do not round.
    """,
    r'''
    def proportional_step(x, w, target):
        ### BEGIN SOLUTION
        error = target - x @ w
        return w + error * w / w.sum()
        ### END SOLUTION
    ''',
    r'''
    check.proportional_step(proportional_step)
    ''',
    difficulty="warm-up",
)

exercise(
    "zero_weight",
    "Predict: a weight that starts at zero",
    r"""
    Take the deck's example (inputs 0.4, 0.3, 0.1, target 0.2), but start from the weights A = 0, B = 0.3,
    C = 0.2. A's input, 0.4, is the largest, so A is the best lever for raising the output.

    1. **Before computing anything**, predict the value of A after 20 steps of the *deck's* rule, and set
       `my_prediction` to that number.
    2. Compute `a_after_20_proportional`, weight A after 20 steps of the deck's rule, and
       `a_after_20_delta`, weight A after 20 steps of the delta rule with the step error × input
       (learning rate 0.5 on the squared error). Recompute the error before every step.
    """,
    r'''
    x_ex = np.array([0.4, 0.3, 0.1])     # the deck's inputs
    start = np.array([0.0, 0.3, 0.2])    # A starts at 0
    target_ex = 0.2

    # 1. Your prediction, before computing anything:
    ### BEGIN SOLUTION
    my_prediction = 0.0   # every share is proportional to its own weight, and A's weight is 0
    ### END SOLUTION

    # 2. Weight A after 20 steps of each rule:
    ### BEGIN SOLUTION
    w_deck, w_delta = start.copy(), start.copy()
    for _ in range(20):
        w_deck = w_deck + (target_ex - x_ex @ w_deck) * w_deck / w_deck.sum()
        w_delta = w_delta + (target_ex - x_ex @ w_delta) * x_ex
    a_after_20_proportional = w_deck[0]
    a_after_20_delta = w_delta[0]
    ### END SOLUTION
    ''',
    r'''
    check.zero_weight(my_prediction, a_after_20_proportional, a_after_20_delta)
    ''',
    difficulty="practice",
)

exercise(
    "backward_221",
    "Back-propagation as a function",
    r"""
    Write `backward_221(x, t, W1, b1, W2, b2)` for the 2-2-1 sigmoid network of this chapter and the loss
    $L = (y - t)^2$ of one example. The arguments have the shapes used above: `x` (2,), `t` a number,
    `W1` (2, 2), `b1` (2,), `W2` (2, 1), `b2` (1,). Return the four gradients `(dW1, db1, dW2, db2)`, in
    the shapes of the parameters. Write the forward and backward pass yourself (without calling
    `forward_backward` or `mlp`), following the equations of the chapter. The check compares your
    function with `mlp`'s backward pass on the chapter's network and on one with random weights.
    """,
    r'''
    def backward_221(x, t, W1, b1, W2, b2):
        ### BEGIN SOLUTION
        h = 1 / (1 + np.exp(-(x @ W1 + b1)))        # hidden outputs
        y = 1 / (1 + np.exp(-(h @ W2 + b2)))        # output, shape (1,)
        delta_out = 2 * (y - t) * y * (1 - y)       # dL/ds_out
        delta_hidden = (W2 @ delta_out) * h * (1 - h)
        return np.outer(x, delta_hidden), delta_hidden, np.outer(h, delta_out), delta_out
        ### END SOLUTION
    ''',
    r'''
    check.backward_221(backward_221)
    ''',
    difficulty="practice",
)

exercise(
    "where_they_end",
    "Where do the rules end?",
    r"""
    On a single example both rules drive the error towards zero (you saw it in the table of twelve
    steps), but they end at different weights. Find both end points *without iterating*, from what each rule can do
    in one step:

    - the deck's rule multiplies all the weights by the same number; which multiple of `w` has output
      exactly `target`?
    - the delta rule adds a multiple of `x` to the weights; which point `w + c x` has output exactly
      `target`?

    Write `where_they_end(x, w, target)` returning the pair `(w_deck_end, w_delta_end)`. When it passes,
    the check compares how far each rule moved the deck's weights. Which one changed them less, and why
    is that the better habit for a learning rule?
    """,
    r'''
    def where_they_end(x, w, target):
        ### BEGIN SOLUTION
        w_deck_end = w * target / (x @ w)                       # the same ratios, scaled to fit
        w_delta_end = w + (target - x @ w) * x / (x @ x)        # the nearest weights with zero error
        # The delta rule moves the weights the least: it changes only what the example asks to change,
        # so what the weights learned from other examples is disturbed as little as possible.
        return w_deck_end, w_delta_end
        ### END SOLUTION
    ''',
    r'''
    check.where_they_end(where_they_end)
    ''',
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 9. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - A neuron's error is the expected value minus its output. Many different weights remove the error
      of one example, so a learning rule has to decide which weights to change and by how much.
    - The deck's rule shares the error among the weights in the ratio of the weights. On its own example
      it reproduces the slide's shares and new weights, but the slide's recomputed output contains a
      slip (0.04334 should be 0.02167): the true output is 0.16249, the error 0.03751. The error still
      shrinks, by a quarter, because each weight change is multiplied by its input.
    - The deck's rule only rescales the weights: it keeps their ratio for ever, cannot wake a weight that
      is zero, and cannot fit several examples that need different proportions.
    - The delta rule comes from the slope of the squared error: each weight changes by
      error × its input (times the learning rate). It reaches zero error on consistent data and, on one
      example, takes the smallest change that does so.
    - Back-propagation applies the chain rule layer by layer: a $\delta$ for each neuron's sum, sent back
      along the same weights it came forward on, times each sigmoid's slope. Every gradient is
      "$\delta$ of the neuron fed × value carried". The hand computation, `mlp`'s backward pass and
      finite differences agree.

    ## What's next

    Our 2-2-1 network received two numbers and returned one. Chapter 5 asks what goes *in* when the
    input is a photo, a sound or a sentence: everything becomes a long row of numbers (a digit image
    becomes one input per pixel), and the forward pass we just did by hand runs through every connection
    of a fully connected network.
    """
)


if __name__ == "__main__":
    ch.write()
