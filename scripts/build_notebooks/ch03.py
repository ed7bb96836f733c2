"""Write notebooks/03-xor-and-mlp.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch03.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(3, "03-xor-and-mlp")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    """
    # XOR and the multi-layer perceptron

    In chapter 2 a perceptron learned AND, OR and NAND by itself, nudging its weights after each mistake.
    This chapter starts with a gate it cannot learn: XOR, exclusive or (배타적 논리합), which answers 1
    when exactly one of its two inputs is 1.

    That small failure has a large history: a famous book in 1969, more than a decade in which neural
    networks were out of fashion, and then the way out: more layers of neurons, and a method to train
    them. Both are the subject of the rest of this course.

    **What you will learn**

    - why one perceptron can only draw one straight line, and why no straight line separates XOR: by
      searching thousands of lines, by a two-line proof, and by watching the learning rule go round in
      circles forever;
    - what Minsky and Papert's *Perceptrons* {cite:yearpar}`minsky1969` showed, and the "winter" that followed;
    - how two lines, that is a hidden layer, solve XOR, and how the hidden layer moves the four points so
      that one line is enough again;
    - how more hidden units carve more complicated regions;
    - why hand-set weights are not enough, and how back-propagation answers "how do we learn these
      weights?".
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib and the course library `mlp`: its layers and networks, the perceptron of
    chapter 2, the logic-gate truth tables and two 2-D data sets, a decision-boundary plot, an explorer
    widget, and the checks for the exercises.
    """
)

code(
    """
    import itertools

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets.synthetic import logic_gate, moons, spirals
    from mlp.plotting import plot_decision_boundary
    from mlp.widgets import frame_explorer
    from mlp.checks import ch03 as check

    # the colours plot_decision_boundary gives classes 0 and 1, so that every picture agrees
    ZERO_COLOUR, ONE_COLOUR = plt.get_cmap("coolwarm")(0.25), plt.get_cmap("coolwarm")(0.75)
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. One neuron, one line
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## One neuron, one line

    A perceptron (퍼셉트론) with two inputs forms a weighted sum and compares it with zero:

    $$
    y = \\begin{cases} 1 & \\text{if } w_1 x_1 + w_2 x_2 + b > 0 \\\\ 0 & \\text{otherwise} \\end{cases}
    $$

    with weights (가중치) $w_1, w_2$ and a bias (편향) $b$, the threshold (임계값) moved to the other
    side with its sign flipped. The inputs where the sum is exactly zero, $w_1 x_1 + w_2 x_2 + b = 0$,
    form a straight line in the $(x_1, x_2)$ plane. On one side of it the perceptron says 1, on the other
    side 0. That line is its decision boundary (결정 경계), and it is the only kind of boundary one
    perceptron can draw.

    A logic gate with two inputs has four possible inputs, the corners of a square, and a truth table
    (진리표) that says which corners should give 1. `logic_gate` returns the four corners and the outputs:
    """
)

code(
    """
    x_gate, _ = logic_gate("xor")
    truth = {name: logic_gate(name)[1] for name in ["and", "or", "nand", "nor", "xor"]}

    print(" x1 x2 |" + "".join(f"{name.upper():>6}" for name in truth))
    for row, (x1, x2) in enumerate(x_gate):
        print(f"{x1:3.0f}{x2:3.0f} |" + "".join(f"{truth[name][row]:>6}" for name in truth))
    """
)

md(
    """
    So "can one perceptron compute this gate?" is a question about four points: is there a straight line
    with the corners that should give 1 on one side and the corners that should give 0 on the other? When
    there is, the pattern is called linearly separable (선형 분리 가능).
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Searching for a line
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Looking for a line

    The blunt way to answer is to try many lines. We take every combination of $w_1$, $w_2$ and $b$ from
    $-2$ to $2$ in steps of $0.25$, and for each line count how many of the four corners it classifies
    correctly. NumPy does all the lines at once: `x @ lines[:, :2].T` is a table with one row per corner
    and one column per line.
    """
)

code(
    """
    grid = np.arange(-2.0, 2.0 + 1e-9, 0.25)
    w1, w2, b = np.meshgrid(grid, grid, grid, indexing="ij")
    LINES = np.column_stack([w1.ravel(), w2.ravel(), b.ravel()])   # one line per row: (w1, w2, b)


    def correct_per_line(x, y, lines=LINES):
        \"\"\"For each line (w1, w2, b): how many points the rule 'y = 1 if w1 x1 + w2 x2 + b > 0' gets right.\"\"\"
        fires = x @ lines[:, :2].T + lines[:, 2] > 0            # (points, lines)
        return np.sum(fires == (y[:, np.newaxis] == 1), axis=0)


    def count_separating_lines(x, y, lines=LINES):
        \"\"\"How many of the lines classify every point correctly.\"\"\"
        return int(np.sum(correct_per_line(x, y, lines) == len(y)))


    print(len(LINES), "lines tried")
    for name, y_gate in truth.items():
        correct = correct_per_line(x_gate, y_gate)
        print(f"{name.upper():>5}: {count_separating_lines(x_gate, y_gate):4d} lines get all four corners right; "
              f"the best line gets {correct.max()} of 4")
    """
)

md(
    """
    Every line here is a perceptron. As a sanity check, we hand one of them to `mlp.Perceptron`, the
    perceptron of chapter 2, and ask it for its answers on the four corners: they must be the ones the
    search counted.
    """
)

code(
    """
    def as_perceptron(w1, w2, b):
        \"\"\"An mlp.Perceptron with the given weights and bias (no training).\"\"\"
        p = mlp.Perceptron(2)
        p.w[:] = [w1, w2]
        p.b = np.float32(b)
        return p


    def best_line(x, y, lines=LINES):
        \"\"\"Among the lines with the most correct points, the one farthest from the nearest point.\"\"\"
        correct = correct_per_line(x, y, lines)
        candidates = lines[correct == correct.max()]
        weights = candidates[:, :2]
        norms = np.linalg.norm(weights, axis=1)
        usable = norms > 0                                       # w = 0 is no line at all
        distance = np.abs(x @ weights[usable].T + candidates[usable, 2]) / norms[usable]
        return candidates[usable][np.argmax(distance.min(axis=0))]


    and_line = best_line(x_gate, truth["and"])
    print("a separating line for AND: w1, w2, b =", and_line)
    print("mlp.Perceptron with these weights says:", as_perceptron(*and_line).predict(x_gate),
          "  AND is:", truth["and"])
    """
)

md(
    """
    Pictures make the difference plain. For AND and OR we draw the line that stays farthest from all four
    corners; for XOR, where no line gets all four, the best a line can do.
    """
)

code(
    """
    def draw_line(ax, w1, w2, b, **style):
        \"\"\"Draw the line w1 x1 + w2 x2 + b = 0 across the visible part of ax.\"\"\"
        (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
        if abs(w2) > 1e-9:
            x1 = np.array([left, right])
            ax.plot(x1, -(w1 * x1 + b) / w2, **style)
        else:
            ax.plot([-b / w1, -b / w1], [bottom, top], **style)
        ax.set_xlim(left, right)
        ax.set_ylim(bottom, top)


    def draw_corners(ax, x, y):
        \"\"\"The four inputs as big dots, coloured by the output the gate wants.\"\"\"
        for label, colour in [(0, ZERO_COLOUR), (1, ONE_COLOUR)]:
            chosen = y == label
            ax.scatter(x[chosen, 0], x[chosen, 1], s=160, color=colour, edgecolors="black", zorder=3,
                       label=f"output {label}")
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect("equal")


    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6))
    for ax, name in zip(axes, ["and", "or", "xor"]):
        y_gate = truth[name]
        line = best_line(x_gate, y_gate)
        plot_decision_boundary(as_perceptron(*line), x_gate, ax=ax, show_points=False, alpha=0.2,
                               xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), resolution=120)
        draw_corners(ax, x_gate, y_gate)
        draw_line(ax, *line, color="black", linewidth=2)
        wrong = as_perceptron(*line).predict(x_gate) != y_gate
        ax.scatter(x_gate[wrong, 0], x_gate[wrong, 1], s=500, facecolors="none", edgecolors="black",
                   linewidths=2, linestyle="--", zorder=4)
        ax.set_title(f"{name.upper()}: {int(np.sum(~wrong))} of 4 right")
    axes[0].legend(loc="lower left", fontsize=8)
    fig.suptitle("The best single line for each gate (shaded: the side that says 1; dashed ring: a mistake)")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    AND and OR have many separating lines; XOR has none among the thousands we tried, and the best line
    for it gets only three corners of four right. The two corners that should give 1 sit on one diagonal
    of the square, the two that should give 0 on the other, and a straight line cannot cut the square so
    that each diagonal ends up whole on its own side.

    ### Not just our grid

    A search only tries the lines it is given. A short argument covers all of them. For XOR a line would
    need

    $$
    \\underbrace{b}_{(0,0)} \\le 0, \\qquad \\underbrace{w_1 + w_2 + b}_{(1,1)} \\le 0, \\qquad
    \\underbrace{w_2 + b}_{(0,1)} > 0, \\qquad \\underbrace{w_1 + b}_{(1,0)} > 0 .
    $$

    Add the two conditions on the right: $w_1 + w_2 + 2b > 0$. Add the two on the left:
    $w_1 + w_2 + 2b \\le 0$. The same number cannot be both, so no $w_1, w_2, b$ exist. Put differently,
    for *every* line the sums at the two 1-corners add up to exactly the sums at the two 0-corners. Here
    is that identity checked on every line of the grid and on a hundred thousand random ones:
    """
)

code(
    """
    random_lines = np.random.default_rng(0).normal(0.0, 10.0, size=(100_000, 3))
    for lines in (LINES, random_lines):
        s = x_gate @ lines[:, :2].T + lines[:, 2]                # the weighted sums, one column per line
        gap = (s[1] + s[2]) - (s[0] + s[3])                      # (0,1) + (1,0) minus (0,0) + (1,1)
        print(f"{len(lines):>9} lines: largest |s(0,1) + s(1,0) - s(0,0) - s(1,1)| = {np.abs(gap).max():.1e}")
    """
)

md(
    """
    Zero, up to rounding. The gap vanishes identically (expand it: every $w_1$, $w_2$ and $b$ cancels), so
    no line can make the first pair positive and the second pair not. XOR is not linearly separable.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. The perceptron rule on XOR
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The learning rule on XOR

    Chapter 2's learning rule does not search; it corrects. After each example it moves the weights by
    $\\Delta w = \\eta\\,(t - y)\\,x$ and $\\Delta b = \\eta\\,(t - y)$, where $t$ is the right answer, $y$
    the perceptron's answer and $\\eta$ the learning rate (학습률). It stops after an epoch (에포크), a
    full pass over the examples, without a single mistake. Let it try AND, OR and XOR for 20 epochs each:
    """
)

code(
    """
    trained = {}
    for name in ["and", "or", "xor"]:
        x, y = logic_gate(name)
        trained[name] = mlp.Perceptron(2, lr=1.0).fit(x, y, epochs=20)
        p = trained[name]
        print(f"{name.upper():>4}: converged={p.converged!s:5}  epochs run: {p.epochs_run:2d}  "
              f"mistakes per epoch: {p.mistakes}")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7, 3.2))
    for name, marker in [("and", "o"), ("or", "s"), ("xor", "^")]:
        mistakes = trained[name].mistakes
        ax.plot(range(1, len(mistakes) + 1), mistakes, marker=marker, label=name.upper())
    ax.set_xlabel("epoch")
    ax.set_ylabel("mistakes in the epoch (of 4)")
    ax.set_xticks(range(0, 21, 2))
    ax.set_ylim(-0.2, 4.4)
    ax.set_title("The perceptron rule: AND and OR stop, XOR never does")
    ax.legend()
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    AND and OR reach an epoch with no mistake and stop. XOR gets worse, then settles at getting every
    corner wrong in every epoch. Will it ever stop if we wait longer? Look at the weights at the end of
    each epoch:
    """
)

code(
    """
    path = trained["xor"].weight_path()          # the weights before training, then after every example
    print("epoch    w1    w2     b")
    for epoch in range(0, 7):
        w1, w2, b = path[4 * epoch]              # four examples per epoch
        print(f"{epoch:5d} {w1:5.0f} {w2:5.0f} {b:5.0f}")
    """
)

md(
    """
    From the end of epoch 2 on, every epoch ends where it started. The rule is deterministic (the same
    weights and the same example always give the same update), so from then on each epoch repeats the
    one before, forever: the weights cycle and the mistakes never stop. Chapter 2's convergence theorem is
    no help, because it promises convergence only when a separating line exists.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. History: Perceptrons (1969) and the winter
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## *Perceptrons* (1969) and the winter

    This limitation was made famous by Marvin Minsky and Seymour Papert of MIT in *Perceptrons*
    {cite:p}`minsky1969`. The course's lecture deck {cite:p}`seed004` calls it a paper; it is a book, a careful
    mathematical study of what perceptrons can and cannot compute. It proves that a single-layer
    perceptron (단층 퍼셉트론), one layer of adjustable units, cannot compute even a basic logical function
    such as XOR, and goes much further: deciding the parity (패리티) of the input (whether the number of
    active inputs is odd) or whether a figure is connected needs units that look at a large part of the
    input at once (for parity, all of it), which defeats the idea of a simple machine built from local
    pieces.

    After the optimism of the early 1960s (chapter 2), the book is widely seen as the trigger of the
    neural-network winter (신경망의 겨울), the "dark age" (암흑기) as the deck also calls it: through the
    1970s funding and attention went to symbol-processing AI (기호 처리 기반 인공지능), which had been
    competing with neural networks for money and people, and only a few researchers kept working on
    networks.

    The deck adds a story: Minsky and Papert are said to have known that a *multi-layer* perceptron can
    compute XOR. Whatever they knew, the fact itself is easy, as the next section shows by building such a
    network by hand. The hard part was something else.
    """
)

md(
    """
    ### Weights set by hand, and by motors

    The deck makes a further point about the machines of the time. They were built as hardware, so each
    weight was a physical part, and every change of weight was made by an electric motor: Rosenblatt's
    Mark I Perceptron kept its weights in potentiometers turned by motors {cite:p}`hay1960`.
    From this the deck concludes that the single-layer perceptron had "no way to change its weights", so
    no learning at all, only a fixed classifier.

    That conclusion needs a correction, and the code above already gives it. The single-layer perceptron
    *did* learn: the rule we just ran changes the weights by itself, and in the Mark I the motors carried
    out exactly those updates. Here is what the rule did to AND's weights:
    """
)

code(
    """
    p_and = trained["and"]
    print("AND: weights before training:", p_and.weight_path()[0], " after:", np.append(p_and.w, p_and.b))
    print("updates made by the rule:", sum(p_and.mistakes))
    """
)

md(
    """
    What the time really lacked, and what the deck goes on to say (the idea of learning was there, and an
    algorithm called back-propagation was proposed, but it was not applied successfully), is a rule for
    the weights of a network with *more than one* layer. The perceptron rule needs, for every unit, the
    answer that unit should have given. The output unit has one; a unit in the middle of the network does
    not. So multi-layer networks could be built, but their weights had to be set by hand.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Two lines: the hand-built 2-2-1 network
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Two lines solve XOR

    The deck's solution fits in three words: draw two lines. XOR is 1 exactly in the band between the
    line $x_1 + x_2 = 0.5$ and the line $x_1 + x_2 = 1.5$. Each line is one perceptron:

    - $h_1$ fires above the first line: $x_1 + x_2 - 0.5 > 0$. That is OR.
    - $h_2$ fires below the second line: $-x_1 - x_2 + 1.5 > 0$. That is NAND.
    - A third perceptron fires when both do: $h_1 + h_2 - 1.5 > 0$. That is AND.

    So XOR is AND(OR, NAND). The two units $h_1, h_2$ form a hidden layer (은닉층) between the input layer
    (입력층) and the output layer (출력층), and the whole thing is a 2-2-1 multi-layer perceptron
    (다층 퍼셉트론), MLP for short: 2 inputs, 2 hidden units, 1 output.

    We build it from `mlp` layers: `Dense(2, 2)` computes $z = xW + b$ (column $j$ of $W$ holds hidden
    unit $j$'s weights), and `Step` is the perceptron's threshold, $1$ if $z > 0$ else $0$ (a step function,
    계단 함수). The weights are not learned; we type them in.
    """
)

code(
    """
    def xor_step_network():
        \"\"\"The hand-built 2-2-1 network of step units: XOR = AND(OR, NAND).\"\"\"
        net = mlp.Sequential(mlp.Dense(2, 2), mlp.Step(), mlp.Dense(2, 1), mlp.Step())
        hidden, output = net[0], net[2]
        hidden.W[...] = [[1.0, -1.0],        # row: input x1; columns: h1 (OR), h2 (NAND)
                         [1.0, -1.0]]        # row: input x2
        hidden.b[...] = [-0.5, 1.5]
        output.W[...] = [[1.0],              # from h1
                         [1.0]]              # from h2
        output.b[...] = [-1.5]               # fires only when h1 and h2 both fire: AND
        return net


    hand_net = xor_step_network()
    print(hand_net)
    print("output on the four corners:", hand_net.forward(x_gate).ravel(), "  XOR:", truth["xor"])
    """
)

md(
    """
    Every intermediate number, layer by layer: the weighted sums $z$ of the hidden units, their outputs
    $h$, the output unit's sum and its output.
    """
)

code(
    """
    z_hidden = hand_net[0].forward(x_gate)
    h = hand_net[1].forward(z_hidden)
    z_out = hand_net[2].forward(h)
    y_out = hand_net[3].forward(z_out)

    print(" x1 x2 |    z1    z2 | h1 h2 | z_out | y | XOR")
    for row in range(4):
        print(f"{x_gate[row, 0]:3.0f}{x_gate[row, 1]:3.0f} |{z_hidden[row, 0]:6.1f}{z_hidden[row, 1]:6.1f} |"
              f"{h[row, 0]:3.0f}{h[row, 1]:3.0f} |{z_out[row, 0]:6.1f} |{y_out[row, 0]:2.0f} |{truth['xor'][row]:3d}")
    """
)

md(
    """
    Look at the columns $h_1, h_2$: the hidden layer has *moved* the four points. In the hidden units'
    coordinates, $(0,1)$ and $(1,0)$ both land on $(1, 1)$, while $(0,0)$ goes to $(0, 1)$ and $(1,1)$ to
    $(1, 0)$. In the new picture the two 1s coincide and a single line, the output unit's
    $h_1 + h_2 = 1.5$, separates them from the 0s. The figure shows both views: on the left the input
    plane with the two hidden lines (the shading is the network's own output, drawn by
    `plot_decision_boundary`), on the right the hidden plane where the points have moved.
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 5.2))

    plot_decision_boundary(hand_net, x_gate, ax=left, show_points=False, alpha=0.2,
                           xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), resolution=150)
    draw_corners(left, x_gate, truth["xor"])
    draw_line(left, 1, 1, -0.5, color="tab:purple", linewidth=2, label="$h_1$: $x_1 + x_2 = 0.5$ (OR)")
    draw_line(left, -1, -1, 1.5, color="tab:green", linewidth=2, label="$h_2$: $x_1 + x_2 = 1.5$ (NAND)")
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    left.set_title("Input plane: two lines, XOR between them")

    for label, colour in [(0, ZERO_COLOUR), (1, ONE_COLOUR)]:
        chosen = truth["xor"] == label
        right.scatter(h[chosen, 0], h[chosen, 1], s=160, color=colour, edgecolors="black", zorder=3,
                      label=f"output {label}")
    for (x1, x2), (h1, h2) in zip(x_gate, h):
        # labels placed away from the output line h1 + h2 = 1.5
        offset = {(0, 0): (-0.3, -0.18), (0, 1): (-0.1, 0.12), (1, 0): (-0.1, -0.18),
                  (1, 1): (-0.28, -0.18)}[(int(x1), int(x2))]
        right.annotate(f"from ({x1:.0f}, {x2:.0f})", (h1, h2), (h1 + offset[0], h2 + offset[1]), fontsize=9)
    right.set_xlim(-0.5, 1.5)
    right.set_ylim(-0.5, 1.5)
    right.set_aspect("equal")
    hidden_grid = np.stack(np.meshgrid(np.linspace(-0.5, 1.5, 150), np.linspace(-0.5, 1.5, 150)), axis=-1)
    fires = hand_net[3].forward(hand_net[2].forward(hidden_grid.reshape(-1, 2))).reshape(150, 150)
    right.contourf(hidden_grid[..., 0], hidden_grid[..., 1], fires, levels=[-0.5, 0.5, 1.5],
                   colors=[ZERO_COLOUR, ONE_COLOUR], alpha=0.2)
    draw_line(right, 1, 1, -1.5, color="black", linewidth=2, label="output: $h_1 + h_2 = 1.5$ (AND)")
    right.set_xlabel("$h_1$ (OR)")
    right.set_ylabel("$h_2$ (NAND)")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=8)
    right.set_title("Hidden plane: one line is enough")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    This is the whole idea of a hidden layer in one picture: each hidden unit draws a line, the lines
    re-describe every input by which side of each line it lies on, and in that new description the next
    layer's single line can do what no single line could do before.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. More lines, more patterns
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## More lines, more patterns

    Two lines give a band. The deck's next step: with more lines, more patterns can be classified. Give
    the hidden layer $k$ step units, each one line, and let the output unit fire only when *all* $k$ fire
    (weights 1, bias $-(k - 0.5)$). The region where it fires is the inside of all $k$ lines at once, a
    convex polygon (볼록 다각형).

    As a target we take a pattern no single line comes close to: the points of the square $[-1.5, 1.5]^2$
    that lie inside the unit circle. Our polygon networks place $k$ lines symmetrically around the centre,
    each at the same distance $a$ from it, and choose $a$ so that the polygon's area, $k a^2 \\tan(\\pi/k)$,
    equals the disc's area $\\pi$.
    """
)

code(
    """
    def polygon_network(k):
        \"\"\"A 2-k-1 step network that fires inside a regular k-gon with the area of the unit disc.\"\"\"
        angles = 2 * np.pi * np.arange(k) / k
        normals = np.stack([np.cos(angles), np.sin(angles)])    # (2, k): edge i faces direction angles[i]
        apothem = np.sqrt(np.pi / (k * np.tan(np.pi / k)))       # k a^2 tan(pi/k) = pi
        net = mlp.Sequential(mlp.Dense(2, k), mlp.Step(), mlp.Dense(k, 1), mlp.Step())
        net[0].W[...] = -normals               # hidden unit i fires when normal_i . x < a: inside edge i
        net[0].b[...] = apothem
        net[2].W[...] = 1.0
        net[2].b[...] = -(k - 0.5)             # output fires only when all k hidden units fire
        return net


    side = np.linspace(-1.5, 1.5, 201)
    square = np.stack(np.meshgrid(side, side), axis=-1).reshape(-1, 2).astype(np.float32)
    inside_disc = (np.linalg.norm(square, axis=1) <= 1.0).astype(np.int64)

    print(f"{len(square)} points of the square, {inside_disc.sum()} of them inside the circle")
    print(f"no line at all, calling every point 'outside': {np.mean(inside_disc == 0):.1%} right")
    for k in [3, 4, 5, 6, 8, 12, 24]:
        predicted = polygon_network(k).forward(square).ravel()
        print(f"{k:3d} lines: {np.mean(predicted == inside_disc):.1%} of the square classified like the disc")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 4, figsize=(11, 3.2))
    circle = np.linspace(0, 2 * np.pi, 200)
    for ax, k in zip(axes, [3, 4, 6, 12]):
        net = polygon_network(k)
        plot_decision_boundary(net, square[[0, -1]], ax=ax, show_points=False, alpha=0.3,
                               xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), resolution=150)
        for w1, w2, b in zip(net[0].W[0], net[0].W[1], net[0].b):
            draw_line(ax, w1, w2, b, color="grey", linewidth=0.8)
        ax.plot(np.cos(circle), np.sin(circle), color="black", linestyle="--", linewidth=1.2)
        accuracy = np.mean(net.forward(square).ravel() == inside_disc)
        ax.set_title(f"{k} hidden units: {accuracy:.1%}", fontsize=10)
        ax.set_aspect("equal")
        ax.set_xticks([-1, 0, 1])
        ax.set_yticks([-1, 0, 1])
    fig.suptitle("Each hidden unit is one line (grey); the output fires inside all of them (red); "
                 "dashed: the circle", fontsize=10)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Each extra line shaves off another corner, and the polygon closes in on the circle. With a second
    hidden layer the network can also combine several such polygons (an OR of ANDs), so with enough lines
    a network of step units can mark out almost any region of the plane. The price is the number of
    weights, and every one of them was set by hand here.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. How do we learn these weights?
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## How do we learn these weights?

    The deck puts the problem bluntly: a multi-layer perceptron whose weights cannot change is a fixed
    classification algorithm, not artificial intelligence. Its proposed remedy: go back and forth through
    the network, repeatedly, correcting the weights with the errors of past examples. That is
    back-propagation (역전파).

    The idea behind it: instead of asking what a hidden unit *should* have answered (nobody knows), ask how
    much the error would change if a weight changed a little. That is a derivative (미분), and the chain rule
    (연쇄 법칙) of calculus computes it through the layers: the error depends on the output, the output on
    the hidden units, the hidden units on their weights, and the derivatives multiply.

    There is one catch, and our hand-built network shows it. A step unit's output does not change at all
    when its input changes a little (it is flat on both sides of the jump), so its derivative is zero, and
    so is every product the chain rule forms through it. Spoil the network (move the output bias from
    $-1.5$ to $-0.5$, so that the output fires when *either* hidden unit fires, which is on every corner)
    and ask `mlp` for the gradient (기울기) of the loss (손실), here the mean squared error:
    """
)

code(
    """
    spoiled = xor_step_network()
    spoiled[2].b[...] = [-0.5]                     # output = h1 OR h2: 1 on every corner
    loss = mlp.MSE()
    y_spoiled = spoiled.forward(x_gate)
    print("outputs:", y_spoiled.ravel(), " loss:", loss.forward(y_spoiled, truth["xor"]))
    spoiled.backward(loss.backward())
    for name, grad in zip(["W1", "b1", "W2", "b2"], spoiled.gradients()):
        print(f"gradient of the loss wrt {name}:", grad.ravel())
    """
)

md(
    """
    The output is wrong, the loss is not zero, and yet every gradient is zero: the error cannot travel back
    through a step. The fix is to round the corner of the step. The sigmoid (시그모이드)
    $\\sigma(z) = 1/(1 + e^{-z})$ is a smooth step (chapter 6 studies it). Below, each step of the spoiled
    network becomes a sigmoid, with every weight and bias multiplied by 5 so that it stays close to the
    hard step; but now it has a slope everywhere, and the gradients are not zero:
    """
)

code(
    """
    smooth = mlp.Sequential(mlp.Dense(2, 2), mlp.Sigmoid(), mlp.Dense(2, 1), mlp.Sigmoid())
    for smooth_p, step_p in zip(smooth.parameters(), spoiled.parameters()):
        smooth_p[...] = 5 * step_p                 # the same lines, a smooth step instead of a hard one

    y_smooth = smooth.forward(x_gate)
    print("outputs:", np.round(y_smooth.ravel(), 3), " loss:", round(loss.forward(y_smooth, truth["xor"]), 4))
    smooth.backward(loss.backward())
    for name, grad in zip(["W1", "b1", "W2", "b2"], smooth.gradients()):
        print(f"gradient of the loss wrt {name}:", np.round(grad.ravel(), 4))
    """
)

md(
    """
    Where does the gradient of, say, the output weights $W_2$ come from? With hidden outputs $h$,
    output $y = \\sigma(z)$, $z = h W_2 + b_2$ and the loss $L = \\frac{1}{n}\\sum (y - t)^2$, the chain rule
    multiplies three local derivatives:

    $$
    \\frac{\\partial L}{\\partial W_2} = \\underbrace{h^\\top}_{\\partial z/\\partial W_2} \\Big(
    \\underbrace{\\tfrac{2}{n}(y - t)}_{\\partial L/\\partial y} \\odot
    \\underbrace{y\\,(1 - y)}_{\\partial y/\\partial z} \\Big)
    $$

    Three lines of NumPy compute it, and the result must equal what `mlp` found, which in turn must equal
    a finite-difference estimate (nudge each weight, watch the loss) from `mlp.check_gradients`:
    """
)

code(
    """
    h_smooth = smooth[1].forward(smooth[0].forward(x_gate))      # the hidden outputs
    t = truth["xor"].reshape(-1, 1).astype(np.float32)
    dL_dy = 2 * (y_smooth - t) / len(t)
    dL_dz = dL_dy * y_smooth * (1 - y_smooth)
    dL_dW2 = h_smooth.T @ dL_dz

    print("chain rule by hand:", dL_dW2.ravel())
    print("mlp's backward:    ", smooth.gradients()[2].ravel())
    print("relative error against finite differences, per parameter:")
    print({name: f"{err:.1e}" for name, err in mlp.check_gradients(smooth, mlp.MSE(), x_gate, t).items()})
    """
)

md(
    """
    That is back-propagation in miniature; chapter 4 does it by hand, number by number, for every weight.

    ### A short history of back-propagation

    The mathematics is old. The chain rule goes back to Gottfried Wilhelm Leibniz; the deck dates it
    1673, while histories of back-propagation usually give 1676, the year of the memoir in which he used
    it {cite:p}`schmidhuber2022`. Frank Rosenblatt introduced the name "back-propagating error correction" for
    his perceptrons in 1962 {cite:p}`rosenblatt1962`, but, as the deck says, for a long time nobody knew how to
    carry it out for hidden units. The efficient backward application of the chain rule through a chain
    of computations appeared in Seppo Linnainmaa's master's thesis {cite:p}`linnainmaa1970`, and Paul Werbos
    proposed using it to train neural networks, in his thesis and then in print
    {cite:p}`werbos1974,werbos1982`. It was the 1986 paper of David Rumelhart,
    Geoffrey Hinton and Ronald Williams, "Learning representations by back-propagating errors"
    {cite:p}`rumelhart1986`, that showed it working: networks with hidden layers that learn
    useful internal representations by themselves. (The deck spells the names "Rumelhartt" and "William"
    and the title "back-propagation errors"; the forms here are the published ones.) That paper is the
    usual marker for the end of the winter.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. A trained MLP on XOR and on moons
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Letting the machine find the weights

    `mlp.MLP([2, 2, 1], activation="sigmoid", output="sigmoid")` is our 2-2-1 network with smooth steps
    and random starting weights, and `mlp.fit` trains it with back-propagation. The loss
    (`BinaryCrossEntropy`) and the optimizer (`Adam`) are the subject of later chapters; here we only
    watch what comes out. We train from ten different random starts (seeds), 500 steps each on the four
    corners:
    """
)

code(
    """
    x_xor, y_xor = logic_gate("xor")


    def train_xor(seed):
        \"\"\"A 2-2-1 sigmoid network trained on XOR from the random start `seed`.\"\"\"
        net = mlp.MLP([2, 2, 1], activation="sigmoid", output="sigmoid", seed=seed)
        mlp.fit(net, mlp.BinaryCrossEntropy(), mlp.optim.Adam(lr=0.1), x_xor, y_xor.astype(np.float32),
                epochs=500, batch_size=4, eval_every=500, progress=False)
        return net


    xor_nets = [train_xor(seed) for seed in range(10)]
    for seed, net in enumerate(xor_nets):
        print(f"seed {seed}: outputs {np.round(net.forward(x_xor).ravel(), 2)} -> predicts {net.predict(x_xor)}")
    solved = sum(np.array_equal(net.predict(x_xor), y_xor) for net in xor_nets)
    print(f"{solved} of {len(xor_nets)} starts learned XOR")
    """
)

md(
    """
    Most starts find weights that compute XOR, without anyone typing them in. Some do not: they end in a
    place where a small change of the weights no longer lowers the loss, yet some corners are still
    wrong. Where training ends depends on where it starts; chapter 8 comes back to this.

    Here is the boundary one of the successful networks learned, with its two hidden units' lines (where
    each hidden unit's sum is zero, i.e. its sigmoid is 0.5). Next to it, a harder set: two interleaving
    half-moons (`moons`), learned by a network with 8 hidden ReLU units (chapter 6 introduces ReLU; for
    now, each of its units is again a line, and the boundary may bend only where it crosses one).
    """
)

code(
    """
    x_moons, y_moons = moons(n=200, noise=0.15, seed=0)
    moons_net = mlp.MLP([2, 8, 2], activation="relu", seed=0)
    mlp.fit(moons_net, mlp.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=0.03), x_moons, y_moons,
            max_iterations=1000, batch_size=200, eval_every=1000, progress=False)
    moons_accuracy = np.mean(moons_net.predict(x_moons) == y_moons)
    first_solved = next(seed for seed, net in enumerate(xor_nets) if np.array_equal(net.predict(x_xor), y_xor))
    first_layer = xor_nets[first_solved][0]
    print(f"XOR, seed {first_solved}: hidden weights W1 =", np.round(first_layer.W.astype(float), 2).tolist(),
          " b1 =", np.round(first_layer.b.astype(float), 2).tolist())
    print(f"moons, 8 hidden units: {moons_accuracy:.1%} of the 200 training points classified correctly")
    """
)

code(
    """
    def draw_hidden_lines(ax, net, **style):
        \"\"\"The line W[:, j] . x + b[j] = 0 of every unit j of the network's first layer.\"\"\"
        first = net[0]
        for j in range(first.W.shape[1]):
            if np.any(first.W[:, j] != 0):
                draw_line(ax, first.W[0, j], first.W[1, j], first.b[j], **style)


    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    plot_decision_boundary(xor_nets[first_solved], x_xor, ax=left, xlim=(-0.5, 1.5), ylim=(-0.5, 1.5),
                           show_points=False, resolution=150)
    draw_hidden_lines(left, xor_nets[first_solved], color="tab:purple", linewidth=2.5, linestyle="--")
    draw_corners(left, x_xor, y_xor)
    left.legend(loc="upper right", fontsize=8)
    left.set_title(f"XOR, learned (seed {first_solved}); dashed: the 2 hidden units")

    plot_decision_boundary(moons_net, x_moons, y_moons, ax=right, labels=["upper moon", "lower moon"],
                           resolution=150)
    draw_hidden_lines(right, moons_net, color="grey", linewidth=0.8, linestyle="--")
    right.set_title(f"moons, 8 hidden ReLU units: {moons_accuracy:.0%} right")
    for ax in (left, right):
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    On the left, the trained network uses two lines, one per hidden unit, and its boundary runs right
    along them (the sigmoids have grown steep, close to steps). They are not the lines we chose: this
    network's band runs along the other diagonal and holds the two 0-corners, with the 1-corners outside
    (the printed weights say the same: each hidden unit weighs $x_1$ and $x_2$ about equally, with opposite
    signs). There are many ways to put two lines around XOR, and training finds one of them. On the
    right, the boundary is made of straight pieces that bend only where it crosses the dashed lines of the
    hidden units.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Explorer: hidden units vs. decision boundary
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: how many hidden units?

    More lines, more patterns: the same holds for trained networks. Below, networks with 1 to 32 hidden
    ReLU units were each trained on two interleaved spirals (`spirals`), 1000 full-batch steps from the
    same seed. Each frame shows the learned boundary and the hidden units' lines; the caption gives the
    training accuracy. The pictures are computed in advance, so the slider also works in the online book.
    """
)

code(
    """
    x_spiral, y_spiral = spirals(n=200, noise=0.05, seed=0)
    hidden_sizes = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32]

    spiral_nets, spiral_accuracy = {}, {}
    for units in hidden_sizes:
        net = mlp.MLP([2, units, 2], activation="relu", seed=0)
        mlp.fit(net, mlp.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=0.03), x_spiral, y_spiral,
                max_iterations=1000, batch_size=200, eval_every=1000, progress=False)
        spiral_nets[units] = net
        spiral_accuracy[units] = np.mean(net.predict(x_spiral) == y_spiral)

    print("hidden units:", "".join(f"{units:>6}" for units in hidden_sizes))
    print("accuracy:    ", "".join(f"{spiral_accuracy[units]:>6.0%}" for units in hidden_sizes))
    """
)

code(
    """
    def draw_spiral_network(fig, units):
        \"\"\"One frame: the boundary of the network with `units` hidden units, and its hidden lines.\"\"\"
        ax = fig.add_subplot()
        net = spiral_nets[units]
        plot_decision_boundary(net, x_spiral, y_spiral, ax=ax, labels=["arm 0", "arm 1"], resolution=120)
        draw_hidden_lines(ax, net, color="grey", linewidth=0.6, alpha=0.7)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")


    frame_explorer(
        draw_spiral_network, hidden_sizes, label="hidden units", value=4, figsize=(4.4, 3.8),
        caption=lambda units: f"{units} hidden units: <b>{spiral_accuracy[units]:.0%}</b> of the 200 points right",
        description="Slide to change the width of the hidden layer. Grey: each hidden unit's line.",
    )
    """
)

md(
    """
    One unit is one line, and a line splits the spirals badly. A few units give a few straight pieces.
    With more units the boundary gains enough pieces to wind along the arms. The accuracy does not rise
    at every step of the table above: each width starts from different random weights and trains for the
    same short time, so a wider network is not better in every single run. That too is a theme of later
    chapters.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "xnor_weights",
    "Build XNOR by hand",
    """
    XNOR is the opposite of XOR: 1 when both inputs are equal, $(0,0) \\to 1$, $(0,1) \\to 0$,
    $(1,0) \\to 0$, $(1,1) \\to 1$. Like XOR, no single line separates it.

    Choose the weights of a 2-2-1 network of step units, built exactly like `xor_step_network`
    (`Dense(2, 2)`, `Step`, `Dense(2, 1)`, `Step`), that computes XNOR. Set `W1` (shape `(2, 2)`, column $j$
    = hidden unit $j$), `b1` (shape `(2,)`), `W2` (shape `(2, 1)`) and `b2` (shape `(1,)`).

    Hint: which two gates fire on the two corners where XNOR is 1, one each?
    """,
    """
    ### BEGIN SOLUTION
    # h1 = AND (fires only on (1, 1)), h2 = NOR (fires only on (0, 0)); the output is their OR.
    W1 = np.array([[1.0, -1.0],
                   [1.0, -1.0]])
    b1 = np.array([-1.5, 0.5])
    W2 = np.array([[1.0],
                   [1.0]])
    b2 = np.array([-0.5])
    ### END SOLUTION
    """,
    """
    check.xnor_weights(W1, b1, W2, b2)
    """,
    difficulty="warm-up",
)

exercise(
    "separable_count",
    "Predict: how many gates can one perceptron compute?",
    """
    There are $2^4 = 16$ different truth tables for two inputs (every way to write 0 or 1 next to each
    of the four corners), from "always 0" to "always 1". AND, OR, NAND and NOR are four of them, XOR
    another.

    1. **Before computing anything**, predict: how many of the 16 can a single perceptron compute (that
       is, are linearly separable)? Set `my_prediction` to a whole number.
    2. Then compute `n_separable` with `count_separating_lines(x_gate, outputs)` from the chapter: a truth
       table counts if at least one line of the grid separates it. `itertools.product([0, 1], repeat=4)`
       lists all 16 tables.
    """,
    """
    ### BEGIN SOLUTION
    my_prediction = 14
    n_separable = sum(count_separating_lines(x_gate, np.array(outputs)) > 0
                      for outputs in itertools.product([0, 1], repeat=4))
    ### END SOLUTION
    """,
    """
    check.separable_count(my_prediction, n_separable)
    """,
    difficulty="practice",
)

md(
    """
    The check told you how many of the 16 are separable. With more inputs the picture changes a lot: with
    three inputs there are $2^8 = 256$ truth tables on the eight corners of a cube, and a "line" becomes a
    plane. The same search, with planes $w_1 x_1 + w_2 x_2 + w_3 x_3 + b = 0$ on a grid:
    """
)

code(
    """
    corners3 = np.array(list(itertools.product([0, 1], repeat=3)), dtype=np.float64)
    grid3 = np.arange(-3.0, 3.0 + 1e-9, 0.5)
    planes = np.stack(np.meshgrid(grid3, grid3, grid3, grid3, indexing="ij"), axis=-1).reshape(-1, 4)
    fires = corners3 @ planes[:, :3].T + planes[:, 3] > 0        # (8 corners, planes)
    tables = np.unique(fires.T, axis=0)                           # the distinct truth tables some plane draws
    two_inputs = sum(count_separating_lines(x_gate, np.array(outputs)) > 0
                     for outputs in itertools.product([0, 1], repeat=4))
    print(f"two inputs:   {two_inputs} of 16 truth tables are separable ({two_inputs / 16:.0%})")
    print(f"three inputs: {len(tables)} of {2 ** 8} are separable ({len(tables) / 2 ** 8:.0%}), "
          f"found among {len(planes)} planes")
    parity = corners3.sum(axis=1) % 2 == 1                        # three-input XOR
    print("is three-input XOR among them?", bool(np.any(np.all(tables == parity, axis=1))))
    """
)

md(
    """
    The share of patterns a single perceptron can compute shrinks quickly as the number of inputs grows.
    Three-input XOR (parity) is among the ones it cannot; the next exercise builds it with a hidden layer.
    """
)

exercise(
    "parity3",
    "Three-input XOR",
    """
    The parity of three bits is 1 when an odd number of them is 1: XOR of three inputs. Build a
    3-3-1 network of step units (`Dense(3, 3)`, `Step`, `Dense(3, 1)`, `Step`) that computes it: set `P_W1`
    (shape `(3, 3)`), `P_b1` (`(3,)`), `P_W2` (`(3, 1)`) and `P_b2` (`(1,)`).

    Hint: a hidden unit with weights $(1, 1, 1)$ and bias $-0.5$ fires when *at least one* input is 1.
    What bias makes it fire when at least two are? At least three? How can the output turn "at least 1,
    at least 2, at least 3" into "odd"?
    """,
    """
    ### BEGIN SOLUTION
    # Hidden unit k fires when at least k inputs are 1 (k = 1, 2, 3): the hidden layer counts.
    P_W1 = np.ones((3, 3))
    P_b1 = np.array([-0.5, -1.5, -2.5])
    # With c ones, the hidden outputs are 1 for the first c units. h1 - h2 + h3 is 1 for c = 1 and c = 3
    # and 0 for c = 0 and c = 2, so the output fires when that sum exceeds 0.5.
    P_W2 = np.array([[1.0], [-1.0], [1.0]])
    P_b2 = np.array([-0.5])
    ### END SOLUTION
    """,
    """
    check.parity3(P_W1, P_b1, P_W2, P_b2)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 12. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - One perceptron draws one straight line, its decision boundary, and can only compute patterns a line
      separates. XOR is not such a pattern: a search over thousands of lines finds none, a two-line proof
      shows none exists, and the perceptron rule on XOR cycles forever instead of converging.
    - Minsky and Papert's *Perceptrons* {cite:yearpar}`minsky1969` proved such limits for single-layer
      perceptrons; the book
      is widely seen as the start of the neural-network winter. The machines of the time even adjusted
      their weights with motors; what was missing was a rule for the weights of hidden layers.
    - Two lines solve XOR: a hand-built 2-2-1 network of step units computes AND(OR, NAND). The hidden
      layer moves the four points so that one line separates them again. More hidden units draw more
      lines and carve more complicated regions.
    - Step units cannot be trained by gradients: their derivative is zero. With a smooth step (the sigmoid)
      the chain rule carries the error back through every layer. That is back-propagation, named by
      {cite:t}`rosenblatt1962` and made to work by {cite:t}`rumelhart1986`.
    - Trained by back-propagation, an MLP finds XOR's weights by itself (from most starting points) and
      learns boundaries for harder sets such as moons and spirals; wider hidden layers draw more pieces.

    ## What's next

    Chapter 4 opens up back-propagation. It starts from the deck's own worked example, three inputs and
    three weights, checks its numbers (including a slip on the slide), then derives the real update rule
    from the gradient and follows every number through a small 2-2-1 network, verified against finite
    differences.
    """
)


if __name__ == "__main__":
    ch.write()
