"""Write notebooks/02-perceptron.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch02.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(2, "02-perceptron")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    """
    # Neurons and the perceptron

    Chapter 1 ended with a rule that multiplies each measurement by a weight, adds the results, and
    compares the sum with a threshold. That is the shape of an artificial neuron. This chapter tells
    where the shape came from (the nerve cells in our heads), who first wrote it down as mathematics,
    and how Frank Rosenblatt's perceptron learned its weights from examples instead of having a person
    choose them.

    **What you will learn**

    - how a biological neuron works, in the simplified form that inspired neural networks: many inputs,
      one output, and a threshold that decides whether the cell fires;
    - the history from {cite:t}`mcculloch1943` through {cite:t}`hebb1949` to Rosenblatt's perceptron
      {cite:yearpar}`rosenblatt1958`,
      its convergence theorem, and the excitement it caused;
    - how a perceptron computes a weighted sum and a threshold, and how to choose weights by hand so that
      it computes the logic gates AND, OR and NAND;
    - the perceptron learning rule, traced one update at a time until it stops making mistakes;
    - how several perceptrons side by side form a layer whose outputs can be read as a binary code.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy and matplotlib, and from the course library `mlp`: the layers `Dense` (a weighted sum)
    and `Step` (the threshold), `Sequential` to chain them, `Perceptron` (Rosenblatt's learning rule),
    the logic-gate data, an explorer widget, and the checks for the exercises.
    """
)

code(
    """
    from itertools import product

    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Circle, FancyBboxPatch

    from mlp import Dense, Perceptron, Sequential, Step
    from mlp.datasets.synthetic import logic_gate
    from mlp.widgets import frame_explorer, frame_explorer_2d
    from mlp.checks import ch02 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The biological neuron
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The neuron in your head

    A nervous system is made of a huge number of nerve cells, or neurons (신경세포, 뉴런). Each one has
    the same three parts. The dendrites (수상돌기) are short branches that receive signals from other
    cells. The cell body (신경 세포체) collects those signals. The axon (축삭) is a long fibre that
    carries the cell's own signal away, as an electrical pulse.

    At the end of the axon are the synapses (시냅스), the junctions with the next cells. The electrical
    signal does not jump across a synapse. It is carried across by chemicals called neurotransmitters
    (신경전달물질); the lecture deck {cite:p}`seed004` lists serotonin, dopamine, endorphins and
    adrenaline as examples. The receiving cell takes them up, and chemical and ionic reactions turn them
    back into an electrical signal.

    A neuron receives signals through many synapses, and most of the time it ignores them. But when the
    signals that arrive at about the same time add up to more than a threshold (임계값), the cell fires:
    it becomes active (활성화), and it releases neurotransmitters of its own to the cells after it. The
    deck also calls this firing "discharge" or "excitation" (발산, 흥분). Those cells repeat the process.

    That last paragraph is the whole idea this course builds on: **many inputs, added up, and an output
    only when the sum passes a threshold**. The figure puts a cartoon of a nerve cell beside the
    artificial neuron we are about to build.
    """
)

code(
    """
    def draw_biological_neuron(ax):
        \"\"\"A cartoon of a nerve cell: dendrites -> cell body -> axon -> synapses onto the next cell.\"\"\"
        body = np.array([2.0, 0.0])
        for angle in np.deg2rad([120, 150, 180, 210, 240]):       # dendrites, each branching once
            end = body + 1.5 * np.array([np.cos(angle), np.sin(angle)])
            ax.plot(*np.stack([body, end]).T, color="tab:purple", lw=2.5)
            for turn in (-0.45, 0.45):
                tip = end + 0.6 * np.array([np.cos(angle + turn), np.sin(angle + turn)])
                ax.plot(*np.stack([end, tip]).T, color="tab:purple", lw=1.5)
        ax.add_patch(Circle(body, 0.55, color="tab:purple", alpha=0.85, zorder=3))
        ax.add_patch(Circle(body, 0.2, color="white", alpha=0.6, zorder=4))         # the nucleus
        ax.plot([2.55, 7.0], [0, 0], color="tab:purple", lw=4)                       # the axon
        for dy in (-0.6, 0.0, 0.6):                        # axon terminals, synapses, the next cell
            ax.plot([7.0, 7.8], [0, dy], color="tab:purple", lw=2)
            ax.add_patch(Circle((7.85, dy), 0.12, color="tab:purple", zorder=3))
            ax.plot([8.2, 9.0], [dy, 1.4 * dy], color="tab:gray", lw=2)
            ax.scatter([8.03, 8.08, 8.05], dy + np.array([-0.08, 0.0, 0.08]), s=7, color="tab:red", zorder=4)
        for text, xy, xytext in [("dendrites", (0.55, 1.3), (0.9, 2.2)), ("cell body", (2.1, 0.5), (2.6, 1.6)),
                                 ("axon", (5.0, 0.05), (5.0, 1.0)), ("synapses", (8.0, 0.62), (8.2, 1.7))]:
            ax.annotate(text, xy=xy, xytext=xytext, ha="center", fontsize=9,
                        arrowprops=dict(arrowstyle="-", color="0.4", lw=0.8))
        ax.annotate("", xy=(6.5, -1.4), xytext=(1.0, -1.4), arrowprops=dict(arrowstyle="->", color="0.3"))
        ax.text(3.75, -1.8, "direction of the signal", ha="center", fontsize=9, color="0.3")
        ax.text(8.5, -1.6, "neuro-\\ntransmitters\\n(red dots)", ha="center", fontsize=8, color="tab:red")
        ax.set_xlim(-0.6, 9.4)
        ax.set_ylim(-2.4, 2.5)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title("a nerve cell (neuron)")


    def draw_artificial_neuron(ax):
        \"\"\"The same idea as arithmetic: inputs x_i, weights w_i, a sum, a threshold, one output.\"\"\"
        ax.add_patch(Circle((3.0, 0.0), 0.55, facecolor="white", edgecolor="k", lw=1.5, zorder=3))
        ax.text(3.0, 0.0, r"$\\Sigma$", ha="center", va="center", fontsize=16, zorder=4)
        for i, y in enumerate([1.3, 0.0, -1.3], start=1):
            ax.add_patch(Circle((0.3, y), 0.3, facecolor="tab:blue", alpha=0.25, edgecolor="tab:blue"))
            ax.text(0.3, y, f"$x_{i}$", ha="center", va="center", fontsize=12)
            ax.annotate("", xy=(2.45, 0.25 * y), xytext=(0.6, y), arrowprops=dict(arrowstyle="->", lw=1.2))
            ax.text(1.5, 0.62 * y + 0.2, f"$w_{i}$", ha="center", fontsize=11, color="tab:blue")
        ax.text(3.0, -1.1, "$+\\\\,b$", ha="center", fontsize=11)
        ax.annotate("", xy=(4.5, 0), xytext=(3.55, 0), arrowprops=dict(arrowstyle="->", lw=1.2))
        ax.add_patch(FancyBboxPatch((4.5, -0.55), 1.5, 1.1, boxstyle="round,pad=0.05",
                                    facecolor="white", edgecolor="k", lw=1.5))
        z = np.linspace(-0.6, 0.6, 50)
        ax.plot(5.25 + z, np.where(z > 0, 0.3, -0.3), color="tab:red", lw=2)    # the step
        ax.annotate("", xy=(7.3, 0), xytext=(6.05, 0), arrowprops=dict(arrowstyle="->", lw=1.2))
        ax.text(7.45, 0, "$y$ = 0 or 1", va="center", fontsize=11)
        for text, x in [("inputs\\n(dendrites)", 0.2), ("weights\\n(synapses)", 1.75), ("sum\\n(cell body)", 3.2),
                        ("threshold\\n(fire or not)", 5.25), ("output\\n(axon)", 8.1)]:
            ax.text(x, -1.9, text, ha="center", va="top", fontsize=8.5, color="0.3")
        ax.set_xlim(-0.3, 9.4)
        ax.set_ylim(-3.0, 1.9)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title("an artificial neuron")


    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.3))
    draw_biological_neuron(left)
    draw_artificial_neuron(right)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The artificial neuron keeps only the arithmetic. Each input $x_i$ is a number. The strength of
    each synapse becomes a weight (가중치) $w_i$: a large weight makes that input count a lot, a negative
    weight makes it hold the cell back. The cell body becomes a sum, and firing becomes a comparison with
    a threshold. Everything else about real neurons (timing, chemistry, the shape of the pulse) is left
    out on purpose.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. McCulloch and Pitts; the weighted sum and the threshold
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## McCulloch and Pitts, 1943: a neuron as logic

    The first model of this kind was published in 1943 by the neurophysiologist Warren McCulloch and the
    logician Walter Pitts {cite:p}`mcculloch1943`. Their neuron is all-or-none: it either fires (1)
    or it does not (0), and it fires when enough of its inputs are active. They showed that networks of
    such units can compute any logical expression built from AND, OR and NOT, which made the brain look,
    for the first time, like something that computes. The deck calls this paper the starting point of neural network (신경망)
    models.

    A McCulloch-Pitts neuron has no way to learn: a person designs its connections and its threshold.
    Keep that in mind; it is exactly what Rosenblatt changed fifteen years later.
    """
)

md(
    """
    ## A weighted sum and a threshold

    Here is the unit we will use for the rest of the chapter. With inputs $x_1, \\dots, x_n$ and weights
    $w_1, \\dots, w_n$, it computes the weighted sum (가중합) and compares it with a threshold $\\theta$:

    $$
    y = \\begin{cases} 1 & \\text{if } w_1 x_1 + \\dots + w_n x_n > \\theta \\\\ 0 & \\text{otherwise.} \\end{cases}
    $$

    It is tidier to move the threshold to the left-hand side. With the bias (편향) $b = -\\theta$ the
    rule becomes "fire when $z = w \\cdot x + b > 0$", and the threshold is now just one more number to
    choose, like a weight. The function that turns $z$ into 0 or 1 is the step function (계단 함수).

    Take three inputs, weights 0.6, 0.2 and 0.5, and a threshold of 1.0 (so $b = -1.0$). Inside, the unit
    is two lines of NumPy:
    """
)

code(
    """
    w = np.array([0.6, 0.2, 0.5])
    b = -1.0                                   # the threshold 1.0, moved to the other side
    x = np.array([[1, 0, 1],                   # two examples, one per row
                  [1, 1, 0]])

    z = x @ w + b                              # the weighted sum minus the threshold, one per row
    y = (z > 0).astype(int)                    # the step: fire only if z > 0
    for row, z_row, y_row in zip(x, z, y):
        print(f"x = {row}:  w.x = {z_row - b:.1f},  z = w.x + b = {z_row:+.1f}  ->  y = {y_row}")
    """
)

md(
    """
    The first example adds up to more than the threshold and fires; the second falls short. The course
    library has both halves as layers: `Dense` computes the weighted sum $z = x W + b$ (for a single unit,
    `W` has one column) and `Step` applies the threshold. Chained with `Sequential`, they are the same
    unit:
    """
)

code(
    """
    def threshold_unit(w, b):
        \"\"\"One artificial neuron as an mlp network: Dense (the weighted sum w.x + b), then Step (z > 0).\"\"\"
        dense = Dense(len(w), 1)               # W has shape (inputs, 1), b has shape (1,)
        dense.W[:, 0] = w                      # we set the weights by hand instead of at random
        dense.b[0] = b
        return Sequential(dense, Step())


    unit = threshold_unit([0.6, 0.2, 0.5], -1.0)
    print(unit)
    print("outputs:", unit(x).ravel())
    """
)

md(
    """
    The step function itself, computed by `mlp`'s `Step` layer on a range of sums $z$. It jumps from 0 to
    1 at $z = 0$; a sum of exactly 0 does not fire.
    """
)

code(
    """
    z_range = np.linspace(-3, 3, 601).reshape(-1, 1)     # layers take a batch: one value per row
    fig, ax = plt.subplots(figsize=(5.5, 2.4))
    ax.plot(z_range, Step().forward(z_range), color="tab:red", lw=2)
    ax.scatter([0], [0], color="tab:red", zorder=3)
    ax.set_xlabel("weighted sum $z = w \\\\cdot x + b$")
    ax.set_ylabel("output $y$")
    ax.set_yticks([0, 1])
    ax.set_title("The step function: fire (1) only when $z > 0$")
    fig.tight_layout()
    plt.show()
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Logic gates by hand
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Logic gates with hand-set weights

    A logic gate (논리 게이트) takes inputs that are 0 or 1 and gives an output that is 0 or 1. Its truth
    table (진리표) lists the output for every combination of inputs. With two inputs there are four rows.
    `logic_gate` gives them; the inputs are the same for every gate.
    """
)

code(
    """
    INPUTS, t_and = logic_gate("and")
    _, t_or = logic_gate("or")
    _, t_nand = logic_gate("nand")

    print("inputs (x1, x2):", [tuple(int(v) for v in row) for row in INPUTS])
    print("AND: ", t_and, "  fires only when both inputs are 1")
    print("OR:  ", t_or, "  fires when at least one input is 1")
    print("NAND:", t_nand, "  'not AND': fires unless both inputs are 1")
    """
)

md(
    """
    Can one unit compute these? Think about AND with both weights equal to 1. The weighted sum
    $x_1 + x_2$ is 0, 1 or 2, and AND should fire only for 2. Any threshold between 1 and 2 does it, so
    take 1.5, that is $b = -1.5$. For OR the unit should fire already at a sum of 1, so take a threshold
    between 0 and 1: $b = -0.5$. For NAND, flip every sign: weights $-1$ and bias $1.5$, so that the sum
    is positive unless both inputs are on. This is McCulloch and Pitts' style of design: a person thinks,
    and chooses.
    """
)

code(
    """
    HAND_SET = {                     # gate: (weights, bias, the truth table it should produce)
        "AND": ([1.0, 1.0], -1.5, t_and),
        "OR": ([1.0, 1.0], -0.5, t_or),
        "NAND": ([-1.0, -1.0], 1.5, t_nand),
    }

    for name, (w, b, target) in HAND_SET.items():
        outputs = threshold_unit(w, b)(INPUTS).ravel().astype(int)
        print(f"{name}: w = {w}, b = {b}")
        print("   x1 x2 | z = w.x + b | y | wanted")
        for (x1, x2), y_i, t_i in zip(INPUTS.astype(int), outputs, target):
            print(f"    {x1}  {x2} | {w[0] * x1 + w[1] * x2 + b:+11.1f} | {y_i} | {t_i}")
        print("   correct on all four rows:", np.array_equal(outputs, target))
    """
)

md(
    """
    Where does the unit fire? The sum $z = w_1 x_1 + w_2 x_2 + b$ is zero on a straight line in the
    plane of inputs, positive on one side and negative on the other. So a perceptron cuts the plane in two
    with a line, its decision boundary (결정 경계), and fires on one side. The figure shades the firing
    side for each gate; filled dots are the rows whose truth-table output is 1.
    """
)

code(
    """
    GRID = np.linspace(-0.5, 1.5, 101)
    FIRE_COLOURS = ListedColormap(["white", "#fdbe85"])   # does not fire, fires


    def draw_unit(ax, w, b, targets=None, title=None):
        \"\"\"The four inputs, the line w.x + b = 0, and the side where the unit fires shaded.

        targets: the wanted outputs (filled dot = 1, open dot = 0); None colours the dots by the unit's
        own outputs instead.
        \"\"\"
        w = np.asarray(w, dtype=float)
        g1, g2 = np.meshgrid(GRID, GRID)
        z = w[0] * g1 + w[1] * g2 + b
        ax.imshow(z > 0, origin="lower", extent=(-0.5, 1.5, -0.5, 1.5), cmap=FIRE_COLOURS, vmin=0, vmax=1,
                  interpolation="nearest")
        if np.any(w != 0):                     # with both weights 0 there is no line: one side is everything
            ax.contour(g1, g2, z, levels=[0], colors="k", linewidths=1.5)
        shown = (INPUTS @ w + b > 0) if targets is None else np.asarray(targets) == 1
        ax.scatter(INPUTS[:, 0], INPUTS[:, 1], s=110, zorder=3, edgecolors="k", linewidths=1.2,
                   c=np.where(shown, "tab:red", "white"))
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_xticks([0, 1])
        ax.set_yticks([0, 1])
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect("equal")
        if title:
            ax.set_title(title, fontsize=10)


    fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
    for ax, (name, (w, b, target)) in zip(axes, HAND_SET.items()):
        draw_unit(ax, w, b, target, title=f"{name}: w = ({w[0]:g}, {w[1]:g}), b = {b:g}")
    fig.suptitle("Shaded: where $w \\\\cdot x + b > 0$ (the unit fires).  Filled dots: rows whose output should be 1",
                 fontsize=10)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    AND and OR have the same weights and differ only in the bias: the bias slides the line without
    turning it. NAND has the signs of AND flipped: the same line, with the firing side swapped. In every
    panel the filled dots are on the shaded side and the open dots are not, so each unit computes its
    gate.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Hebb
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Hebb, 1949: cells that fire together

    Choosing weights by hand works for a gate with two inputs. It does not work for a retina with
    hundreds of light sensors. How could a network find its own weights?

    The psychologist Donald Hebb proposed an answer for the brain in his book *The Organization of
    Behavior* {cite:p}`hebb1949`. In the deck's words: when the neurons before and after a synapse are excited
    at the same time, that synapse becomes more efficient. This is Hebb's rule (헵의 규칙), often
    summarised as "cells that fire together wire together", and the deck calls it the basis of how
    neural network models operate.

    As arithmetic: strengthen weight $w_i$ by a small amount whenever input $x_i$ and the output $y$ are
    both active, $\\Delta w_i = \\eta \\, x_i \\, y$. Let us try it on AND, McCulloch-Pitts style, with the
    threshold fixed at 1.5 and the weights starting at 0. To teach the unit, we let the *wanted* output
    play the part of $y$ (a supervised reading of Hebb's idea), with $\\eta = 1$.
    """
)

code(
    """
    GATE_NAMES = {                   # every two-input truth table, in the row order (0,0), (0,1), (1,0), (1,1)
        (0, 0, 0, 0): "always 0", (0, 0, 0, 1): "AND", (0, 0, 1, 0): "x1 AND NOT x2", (0, 0, 1, 1): "x1",
        (0, 1, 0, 0): "x2 AND NOT x1", (0, 1, 0, 1): "x2", (0, 1, 1, 0): "XOR", (0, 1, 1, 1): "OR",
        (1, 0, 0, 0): "NOR", (1, 0, 0, 1): "XNOR", (1, 0, 1, 0): "NOT x2", (1, 0, 1, 1): "x1 OR NOT x2",
        (1, 1, 0, 0): "NOT x1", (1, 1, 0, 1): "x2 OR NOT x1", (1, 1, 1, 0): "NAND", (1, 1, 1, 1): "always 1",
    }


    def gate_name(outputs):
        \"\"\"The name of the gate whose truth table is ``outputs`` (four 0/1 values).\"\"\"
        return GATE_NAMES[tuple(int(v) for v in np.ravel(outputs))]


    hebb_w = np.zeros(2)
    threshold = 1.5
    for epoch in range(1, 4):
        for x_i, t_i in zip(INPUTS, t_and):
            hebb_w += 1.0 * x_i * t_i              # strengthen where input and (wanted) output are both 1
        outputs = (INPUTS @ hebb_w > threshold).astype(int)
        print(f"after epoch {epoch}: w = {hebb_w}, outputs {outputs} = {gate_name(outputs)}")
    """
)

md(
    """
    After one pass over the four rows the weights compute AND. But Hebb's rule knows only how to
    strengthen. On the next pass the row (1, 1) strengthens both weights again, the sum for a single
    active input now passes the threshold too, and the unit has turned into OR. It would keep growing
    forever. The rule has no idea whether the unit is already right.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Rosenblatt's perceptron and its learning rule
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Rosenblatt's perceptron, 1958

    In 1958 the psychologist Frank Rosenblatt, at the Cornell Aeronautical Laboratory, described the
    perceptron (퍼셉트론) in the journal *Psychological Review* {cite:p}`rosenblatt1958`. It was the best-known
    neural network model of its day. A
    perceptron is a threshold unit like ours, with one new ingredient: its weights are *learned* from
    examples with a rule that looks at the unit's mistakes. Rosenblatt first ran it as a program on an
    IBM 704 computer, then built it as a machine, the Mark I Perceptron, whose camera had 20 × 20
    light sensors and whose weights were potentiometers turned by electric motors.

    The perceptron learning rule (학습 규칙) shows the unit one example at a time. For an example with
    inputs $x$, wanted output (target) $t$ and the unit's answer $y$:

    $$
    w \\leftarrow w + \\eta \\, (t - y) \\, x, \\qquad b \\leftarrow b + \\eta \\, (t - y).
    $$

    The number $\\eta$ is the learning rate (학습률), the size of each correction. There are three cases.
    If the answer is right, $t - y = 0$ and nothing changes. If the unit stayed silent but should have
    fired ($t - y = 1$), the input is added to the weights, which raises the sum for this input next time.
    If it fired but should not have ($t - y = -1$), the input is subtracted. Compared with Hebb's rule,
    the difference is the error $t - y$: the perceptron changes only when it is wrong, so once it is right
    everywhere, it stops.
    """
)

md(
    """
    ### Watching it learn AND

    `mlp.Perceptron` implements the rule. We start from all weights and the bias at 0, with $\\eta = 1$
    (with inputs of 0 and 1 the weights then stay whole numbers, easy to follow), and show it the four
    rows of AND in order, again and again. One pass over all the examples is called an epoch (에포크).
    `fit` stops after the first epoch without a mistake, and keeps a record of every step.
    """
)

code(
    """
    p_and = Perceptron(2, lr=1.0, init="zeros").fit(INPUTS, t_and, epochs=20)

    print("epoch | input  | t  y | t-y | after the step: w1   w2    b")
    for step in p_and.history:
        change = "" if step.error == 0 else "   <- update"
        x1, x2 = step.x.astype(int)
        print(f"{step.epoch:5d} | ({x1}, {x2}) | {step.target}  {step.output} | {step.error:+3d} |"
              f"{step.w[0]:18.0f} {step.w[1]:4.0f} {step.b:4.0f}{change}")

    print()
    print("converged:", p_and.converged, " epochs:", p_and.epochs_run, " mistakes per epoch:", p_and.mistakes,
          " updates in all:", sum(p_and.mistakes))
    print("learned:", p_and, "  truth table:", p_and.predict(INPUTS), "=", gate_name(p_and.predict(INPUTS)))
    """
)

md(
    """
    Read the table from the top. The first three rows are answered 0, which is right for AND, so nothing
    happens. The row (1, 1) should fire and does not, so it is added: both weights and the bias become 1.
    Now the unit fires for everything, and the next epoch subtracts (0, 0) and (0, 1). The corrections
    overshoot in both directions for a while, each one fixing the current row and sometimes breaking
    another, until an epoch passes with no mistake at all.

    The weights it found are not the ones we chose by hand: the learned unit and ours give the same
    truth table with different numbers. Many lines separate the four points; the rule stops at the first
    one it reaches.

    Press Play (or drag the slider) to watch the line move, one example at a time. The ringed dot is the
    example being shown; the caption says what the rule did with it.
    """
)

code(
    """
    path = p_and.weight_path()            # row 0: the start; row k: the weights after step k of history


    def draw_step(fig, k):
        \"\"\"The perceptron after k steps of learning AND, the example of step k ringed.\"\"\"
        ax = fig.add_subplot()
        w1, w2, b = path[k]
        draw_unit(ax, [w1, w2], b, t_and)
        if k > 0:
            step = p_and.history[k - 1]
            ax.scatter(*step.x, s=420, facecolors="none", edgecolors="tab:blue", linewidths=2.5, zorder=4)
        ax.set_title(f"w = ({w1:g}, {w2:g}), b = {b:g}", fontsize=10)


    def step_caption(k):
        if k == 0:
            return "start: w = (0, 0), b = 0; the sum is never above 0, so the unit never fires"
        step = p_and.history[k - 1]
        x1, x2 = step.x.astype(int)
        action = {0: "right, no change", 1: "should fire: <b>add</b> the input",
                  -1: "should not fire: <b>subtract</b> the input"}
        return (f"epoch {step.epoch}, input ({x1}, {x2}): target {step.target}, output {step.output}, "
                f"{action[step.error]}")


    frame_explorer(draw_step, range(len(path)), label="step", play=True, caption=step_caption,
                   figsize=(3.6, 3.4), interval=700)
    """
)

md(
    """
    ### AND, OR and NAND, learned

    The same rule, from the same start, learns all three gates. The figure counts the mistakes in each
    epoch (on the left) and compares the line learned for AND with the one we set by hand (on the right).
    """
)

code(
    """
    learned = {name: Perceptron(2, lr=1.0).fit(INPUTS, target, epochs=20)
               for name, (_, _, target) in HAND_SET.items()}

    for name, p in learned.items():
        print(f"{name:>4}: converged {p.converged} after {p.epochs_run} epochs, mistakes per epoch {p.mistakes},"
              f" learned w = {p.w}, b = {p.b:g}")

    print("learned AND, w.x + b at (0,0), (0,1), (1,0), (1,1):", learned["AND"].net_input(INPUTS))

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), width_ratios=[1.5, 1])
    for offset, (name, p) in zip([-0.27, 0.0, 0.27], learned.items()):
        epochs = np.arange(1, p.epochs_run + 1)
        bars = left.bar(epochs + offset, p.mistakes, width=0.27, label=name)
        for epoch, count in zip(epochs, p.mistakes):
            if count == 0:                     # an empty bar is invisible: write the 0
                left.text(epoch + offset, 0.05, "0", ha="center", fontsize=9, color=bars[0].get_facecolor())
    left.set_xlabel("epoch")
    left.set_ylabel("mistakes in the epoch")
    left.set_yticks(range(5))
    left.set_title("Mistakes per epoch (4 examples per epoch)", fontsize=10)
    left.legend()

    draw_unit(right, learned["AND"].w, learned["AND"].b, t_and, title="AND: learned (solid), ours (dashed)")
    g1, g2 = np.meshgrid(GRID, GRID)
    right.contour(g1, g2, g1 + g2 - 1.5, levels=[0], colors="tab:blue", linestyles="--", linewidths=1.5)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Every gate ends with an epoch of 0 mistakes: that is where `fit` stops. OR needs fewer epochs than
    AND and NAND. On the right the dashed blue line is ours, $x_1 + x_2 = 1.5$, and the solid black one
    is the learned $2x_1 + x_2 = 2$. Both put (1, 1) alone on the firing side, but the learned line runs
    right through (1, 0): its sum there is exactly 0 (printed above), which does not fire, so the answer
    is still right. The rule stops at the first line that makes no mistake, not at the safest one; a
    tiny change to the input (1, 0) would flip its answer.
    """
)

md(
    """
    ### The convergence theorem

    Will the rule always stop? In 1960, the deck says, Rosenblatt and his colleagues showed that the
    perceptron can learn, in a finite number of training passes, anything its weights are able to
    represent. This is the perceptron convergence theorem (퍼셉트론 수렴 정리), and it was proved for a
    single layer of perceptrons. The proofs usually cited appeared in print in 1962
    {cite:p}`block1962,novikoff1962,rosenblatt1962`.

    "Anything its weights are able to represent" means: if some line separates the examples that should
    fire from the ones that should not (the data are linearly separable, 선형 분리 가능), the rule finds
    such a line after finitely many mistakes. Novikoff's version even gives a number. Write each input
    with a 1 appended, $\\tilde x = (x_1, x_2, 1)$, so the bias is just a third weight. If every $\\tilde x$
    has length at most $R$, and some weights $u$ (of length 1) put every example on its correct side at a
    distance at least $\\gamma$ from the line, then the rule makes at most $(R / \\gamma)^2$ mistakes,
    whatever the learning rate. Our hand-set AND weights are such a $u$:
    """
)

code(
    """
    x_tilde = np.column_stack([INPUTS, np.ones(len(INPUTS))])      # (x1, x2, 1): the bias as a weight
    u = np.array([1.0, 1.0, -1.5])                                   # our hand-set AND weights and bias
    u = u / np.linalg.norm(u)
    signs = 2 * t_and - 1                                            # +1 should fire, -1 should not
    R = np.linalg.norm(x_tilde, axis=1).max()
    gamma = np.min(signs * (x_tilde @ u))                            # the closest example's margin

    print(f"R = {R:.3f}, gamma = {gamma:.4f}")
    print(f"the theorem's bound: at most (R/gamma)^2 = {(R / gamma) ** 2:.1f} mistakes")
    print(f"the perceptron made {sum(p_and.mistakes)} mistakes while learning AND")
    """
)

md(
    """
    The bound is generous, but it is a guarantee: for any linearly separable data set the rule cannot
    go on making mistakes forever. It also says nothing at all when no separating line exists. Chapter 3
    meets a gate with only four rows where that happens.
    """
)

md(
    """
    ### The hype of the time

    A machine that learned from examples was big news. After a demonstration for the US Navy, which
    funded the work, the New York Times of 8 July 1958 reported that the Navy expected the machine to
    "walk, talk, see, write, reproduce itself and be conscious of its existence" {cite:p}`nyt1958`. The deck
    sums up the reports and Rosenblatt's own statements: neural networks would soon look at images and
    beat people at chess.

    At the time, neural network research was mostly the work of individual researchers, each with their
    own approach to the problem of the brain as a machine. It competed for money and people with a rival
    school of artificial intelligence that appeared at about the same time and was based on rules for
    manipulating symbols: symbol-processing AI (기호 처리 기반 인공지능). How that competition went for
    the perceptron is the story of chapter 3.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. A layer of perceptrons
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A layer of perceptrons

    One perceptron answers one yes-or-no question. Put several side by side, give them all the same
    inputs, and let each have its own weights: that is a single-layer perceptron (단층 퍼셉트론, SLP).
    The data (sensor readings, for instance) go into every perceptron; each one adds up its weighted
    inputs and outputs 1 if the sum passes its threshold, else 0. Every path from an input to a
    perceptron has its own weight.

    The deck's example has four perceptrons. If they output 1, 0, 0 and 1, the layer's output can be read
    as the binary number (2진수) 1001. In `mlp` such a layer (층) is one `Dense(2, 4)` followed by `Step`:
    the weight matrix has one *column* per perceptron. We fill the four columns with gates from this
    chapter: OR, AND, NOR (not OR) and NAND.
    """
)

code(
    """
    layer = Dense(2, 4)                       # 2 inputs, 4 perceptrons
    layer.W[...] = [[1.0, 1.0, -1.0, -1.0],   # weights from x1 to each perceptron
                    [1.0, 1.0, -1.0, -1.0]]   # weights from x2
    layer.b[...] = [-0.5, -1.5, 0.5, 1.5]     # biases: OR, AND, NOR, NAND
    slp = Sequential(layer, Step())

    bits = slp(INPUTS).astype(int)            # one row of 4 outputs per input pair
    place_values = 2 ** np.arange(3, -1, -1)  # 8, 4, 2, 1
    print("W has shape", layer.W.shape, "(inputs, perceptrons)")
    print("input  | OR AND NOR NAND | code | as a number")
    for (x1, x2), row in zip(INPUTS.astype(int), bits):
        code_text = "".join(str(v) for v in row)
        print(f"({x1}, {x2}) |  {row[0]}   {row[1]}   {row[2]}   {row[3]}  | {code_text} | {row @ place_values}")
    """
)

md(
    """
    For the input (0, 1) the four perceptrons answer 1, 0, 0, 1, the deck's binary code 1001, which is
    the number 9. Note what the layer does *not* do: its units do not talk to each other. Each column is
    a separate perceptron with its own line, and could be trained separately with the rule above.

    That last point needs saying, because the deck's next slide states that a single-layer perceptron
    has no way to change its weights, so that there is no learning in it at all. That is not right for
    Rosenblatt's perceptron: you have just watched the rule change the weights until AND, OR and NAND
    came out right, and the convergence theorem is a theorem about that learning. What nobody knew in
    1960 was how to train a network with *more than one* layer of adjustable weights. Chapter 3 is about
    why that mattered.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. The explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: drag the line

    Here you set the weights and the bias of a single perceptron yourself. The first slider picks the
    weights $(w_1, w_2)$, the second the bias $b$. The shaded side is where the unit fires; filled dots
    are the inputs where it outputs 1; the caption names the gate it computes. Find AND, OR, NAND and
    NOR, then look for the settings that give the same gate with a different line.
    """
)

code(
    """
    weight_choices = [(1, 1), (1, 0), (0, 1), (1, -1), (-1, 1), (-1, 0), (0, -1), (-1, -1)]
    bias_choices = [-1.5, -0.5, 0.0, 0.5, 1.5]


    def draw_choice(fig, weights, bias):
        draw_unit(fig.add_subplot(), weights, bias, title=f"w = {weights}, b = {bias:g}")


    def choice_caption(weights, bias):
        outputs = (INPUTS @ np.array(weights, dtype=float) + bias > 0).astype(int)
        table = " ".join(str(v) for v in outputs)
        on_line = np.any(INPUTS @ np.array(weights, dtype=float) + bias == 0)
        note = " (a dot on the line has z = 0: it does not fire)" if on_line else ""
        return f"outputs for (0,0), (0,1), (1,0), (1,1): <b>{table}</b> = <b>{gate_name(outputs)}</b>{note}"


    print("two-input truth tables in all:", len(GATE_NAMES))
    frame_explorer_2d(draw_choice, weight_choices, bias_choices, label_a="weights (w1, w2)", label_b="bias b",
                      value_a=(1, 1), value_b=-1.5, caption=choice_caption, figsize=(3.6, 3.4))
    """
)

md(
    """
    The sliders reach many of the two-input truth tables (their number is printed above the explorer),
    but try to make XOR, 0 1 1 0: no setting of these sliders gives it, and, as chapter 3 shows, no
    setting of any weights could. The last exercise asks which tables a perceptron can learn.
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
    `INPUTS` holds the four input rows (0, 0), (0, 1), (1, 0), (1, 1), and `t_and` the AND targets.
    """
)

exercise(
    "nor_weights",
    "NOR by hand",
    """
    NOR ("not OR") outputs 1 only when both inputs are 0: its truth table is 1, 0, 0, 0.
    Choose weights `w_nor` (an array of two numbers) and a bias `b_nor` so that the unit
    "fire when $w \\cdot x + b > 0$" computes NOR. You can test your choice with
    `threshold_unit(w_nor, b_nor)(INPUTS)` or in the explorer above.
    """,
    """
    ### BEGIN SOLUTION
    # (0, 0) must fire, so b > 0; one active input must stop it, so w_i + b <= 0 for each weight.
    w_nor = np.array([-1.0, -1.0])
    b_nor = 0.5
    print(threshold_unit(w_nor, b_nor)(INPUTS).ravel())
    ### END SOLUTION
    """,
    """
    check.nor_weights(w_nor, b_nor)
    """,
    difficulty="warm-up",
)

exercise(
    "learning_rate",
    "Predict: a smaller learning rate",
    """
    The perceptron above learned AND from zero weights with learning rate $\\eta = 1$. Now take
    $\\eta = 0.25$, so every correction is four times smaller, again starting from zero weights.

    1. **Before running anything**, predict: will it make `"more"`, `"fewer"` or `"the same"` number of
       mistakes before it converges? Set `my_prediction` to one of these strings.
    2. Then train both, `Perceptron(2, lr=1.0)` and `Perceptron(2, lr=0.25)`, on `INPUTS` and `t_and`
       (with `epochs=20`), and set `mistakes_lr1` and `mistakes_lr_quarter` to the **total** number of
       mistakes each made (`sum(p.mistakes)`).
    3. Compare the learned weights of the two. Can you explain what you see?
    """,
    """
    ### BEGIN SOLUTION
    my_prediction = "the same"
    p_big = Perceptron(2, lr=1.0).fit(INPUTS, t_and, epochs=20)
    p_small = Perceptron(2, lr=0.25).fit(INPUTS, t_and, epochs=20)
    mistakes_lr1 = sum(p_big.mistakes)
    mistakes_lr_quarter = sum(p_small.mistakes)
    # From zero weights every update adds lr * (+/- x), so all weights and the bias are lr times what they
    # would be with lr = 1: the sums are scaled, their signs (the answers) are not.
    print(p_big, p_small)
    ### END SOLUTION
    """,
    """
    check.learning_rate(my_prediction, mistakes_lr1, mistakes_lr_quarter)
    """,
    difficulty="practice",
)

exercise(
    "perceptron_epoch",
    "One epoch of the rule, by hand",
    """
    Write `perceptron_epoch(w, b, x, t, lr)` that applies the perceptron rule once to each row of `x`,
    **in order**, starting from weights `w` (an array) and bias `b` (a number), and returns a tuple
    `(new_w, new_b, mistakes)`: the weights and bias after the pass, and how many rows were answered
    wrongly. For each row: compute the answer $y$ (1 if $w \\cdot x + b > 0$, else 0) *with the current
    weights*, then apply $w \\leftarrow w + \\eta (t - y) x$ and $b \\leftarrow b + \\eta (t - y)$.

    Here a Python loop over the rows is the right tool: each update changes the answer for the next
    row. Check yourself against the table above: from zero weights, one epoch of AND should end at
    `w = (1, 1)`, `b = 1` with one mistake.
    """,
    """
    def perceptron_epoch(w, b, x, t, lr=1.0):
        ### BEGIN SOLUTION
        w = np.array(w, dtype=float)           # a copy: the caller's weights stay as they were
        b = float(b)
        mistakes = 0
        for x_i, t_i in zip(np.asarray(x, dtype=float), t):
            y_i = int(x_i @ w + b > 0)         # the answer with the weights as they are now
            error = int(t_i) - y_i
            if error != 0:
                w = w + lr * error * x_i
                b = b + lr * error
                mistakes += 1
        return w, b, mistakes
        ### END SOLUTION
    """,
    """
    check.perceptron_epoch(perceptron_epoch)
    """,
    difficulty="practice",
)

exercise(
    "learnable_gates",
    "Which gates can a perceptron learn?",
    """
    A two-input gate is any truth table of four 0/1 outputs; `GATE_NAMES` lists them all. Train a
    `Perceptron(2)` (zero start, $\\eta = 1$) on every one of them with `epochs=100`, and read
    `p.converged` to see whether it learned the table.

    Set `n_learnable` to the number of truth tables it learns, and `never_learned` to a list of the
    tables it does not learn (each as a tuple of four outputs, such as `(0, 1, 1, 0)`).
    `product([0, 1], repeat=4)` runs through all the tables.

    Then think: does a failure after 100 epochs prove that no weights exist? Which fact from this chapter
    lets you trust the answer for the tables that *were* learned?
    """,
    """
    ### BEGIN SOLUTION
    n_learnable = 0
    never_learned = []
    for table in product([0, 1], repeat=4):
        p = Perceptron(2).fit(INPUTS, np.array(table), epochs=100)
        if p.converged:
            n_learnable += 1
        else:
            never_learned.append(table)
    # A failure after 100 epochs alone proves nothing (the bound might be larger), but for these two
    # tables no line exists at all (chapter 3). A success is a success: the unit gets all four rows right.
    print(n_learnable, [(table, GATE_NAMES[table]) for table in never_learned])
    ### END SOLUTION
    """,
    """
    check.learnable_gates(n_learnable, never_learned)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 10. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - A biological neuron receives signals on its dendrites, sums them in the cell body and, when the sum
      passes a threshold, fires along its axon; synapses pass the signal on with neurotransmitters.
    - An artificial neuron keeps only the arithmetic: $y = 1$ if $w \\cdot x + b > 0$, else 0. The
      weights play the synapses' strengths; the bias is the threshold with its sign flipped. In `mlp` it
      is `Sequential(Dense(n, 1), Step())`.
    - {cite:t}`mcculloch1943` showed that such units compute logic; their weights were designed, not
      learned. With hand-set weights one unit computes AND, OR or NAND: a line cuts the input plane, and
      the unit fires on one side.
    - {cite:t}`hebb1949`: connections used together grow stronger. Taken literally, the rule only strengthens,
      and overshoots.
    - Rosenblatt's perceptron {cite:yearpar}`rosenblatt1958` learns from its mistakes,
      $w \\leftarrow w + \\eta (t - y) x$, and
      stops when it is right everywhere. The convergence theorem guarantees that it stops whenever a
      separating line exists.
    - Perceptrons side by side form a single layer, `Dense(n, k)` plus `Step`; their outputs, such as
      1, 0, 0, 1, can be read as a binary code.

    ## What's next

    Every gate in this chapter could be drawn with one line. Chapter 3 starts with one that cannot:
    XOR, the first of the two tables the last exercise could not learn. Minsky and Papert's book
    *Perceptrons* {cite:p}`minsky1969` made that limit famous and helped bring on a long winter for
    neural networks.
    The way out is to stack layers of perceptrons, which raises the question this chapter could not
    answer: how do you learn the weights of the layers in between?
    """
)


if __name__ == "__main__":
    ch.write()
