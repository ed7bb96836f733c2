"""Write notebooks/06-activations.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch06.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(6, "06-activations")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Activation functions

    In chapter 5 every neuron did the same three things: multiply each incoming value by its weight
    (가중치), add the products up, and pass the sum through a function, called F1 in the hidden layers
    (은닉층) and F2 in the output layer (출력층). That function is the activation function (활성화 함수),
    and this chapter is about it: why a network needs one at all, which ones are used, what their
    derivatives are, and which one belongs at the output.

    **What you will learn**

    - the two reasons the deck gives for activation functions (a neuron ignores weak signals; a network
      must turn linear sums into non-linear answers), and a proof in code that without them a deep
      network is no better than a single layer;
    - the deck's four conditions for a good activation function, and where real activation functions
      break them;
    - the step, sigmoid, tanh, ReLU and softmax functions: the few NumPy lines of each, their derivatives,
      and how to check a derivative with finite differences;
    - why softmax is computed by subtracting the largest score first;
    - which activation goes in the output layer: none for values, sigmoid for independent yes/no
      questions, softmax for one answer out of many.
    """
)

ch.setup_cell()

md(
    r"""
    We use NumPy and matplotlib, the layers of the course library `mlp` (each activation function is a
    layer with a `forward` and a `backward`), `numerical_gradient` to measure slopes by finite
    differences, the explorer widgets, and the checks for the exercises.
    """
)

code(
    r'''
    import time

    import numpy as np
    import matplotlib.pyplot as plt

    from mlp import MLP, Dense, Identity, ReLU, Sigmoid, Softmax, Step, Tanh
    from mlp.gradcheck import numerical_gradient
    from mlp.widgets import frame_explorer, frame_explorer_2d
    from mlp.checks import ch06 as check

    ACTIVATIONS = {"step": Step, "sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU}
    COLOURS = {"identity": "tab:gray", "step": "tab:purple", "sigmoid": "tab:blue", "tanh": "tab:green",
               "relu": "tab:red", "swish": "tab:orange"}
    '''
)

# ---------------------------------------------------------------------------------------------------
# 2. Where the activation function sits
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Where the activation function sits

    The lecture deck {cite:p}`seed004` defines the activation function by what goes in and what comes out:

    - **input**: the values arriving from the previous layer (or from the input devices);
    - **what it does**: add the inputs up, compare the sum with a threshold (임계값), and decide the output
      (the deck calls this comparison the *activation condition*, 활성화 조건);
    - **output**: the neuron's result, which becomes an input of the next layer's neurons, or the network's
      final answer if this is the output layer.

    In the library the weighted sum is a `Dense` layer, $z = x W + b$, and the activation function is a
    separate layer applied to $z$: $y = F(z)$. The threshold is folded into the bias (편향) $b$ (a neuron that
    fires when $x W > \theta$ fires when $x W - \theta > 0$, so $b = -\theta$). Here is one neuron with
    three inputs and hand-set weights, and what five different choices of $F$ make of the same sum.
    """
)

code(
    r'''
    neuron = Dense(3, 1)
    neuron.W[...] = [[0.5], [-1.0], [0.8]]
    neuron.b[...] = [-0.2]                       # the threshold 0.2, folded into the bias

    x = np.array([[1.0, 0.3, 0.6]], dtype=np.float32)
    z = neuron(x)
    print(f"weighted sum z = x W + b = {z.item():.4f}")
    for F in (Identity, Step, Sigmoid, Tanh, ReLU):
        print(f"{F.__name__:>9}(z) = {F()(z).item():.4f}")
    '''
)

md(
    r"""
    Same sum, five different outputs. The rest of the chapter explains why we need a function here at all,
    and how to choose it.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Why: biology
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Why: the biological answer

    The deck gives two reasons. The first comes from the nervous system (chapter 2). Our senses produce
    electrical signals all the time; each travels along an axon (축삭), crosses a synapse (시냅스) and
    reaches the next neuron. If every signal, down to the faintest, were passed on, the nervous system would
    drown in noise and living would be hard. So a neuron mostly *ignores* what reaches it, and fires only
    when the signals arriving at the same moment add up past its threshold; then it releases
    neurotransmitters (신경전달물질) that excite its neighbours. The deck calls this filter the result of
    evolution, and the activation function is that filter written as a function.

    A small simulation: a neuron with five synapses, watched for eight moments. Most of the time the synapses
    carry weak background chatter; at one moment a real stimulus arrives on all of them at once. The neuron
    is a step function of "summed input minus threshold".
    """
)

code(
    r'''
    rng = np.random.default_rng(0)
    signals = rng.uniform(0.0, 0.2, size=(8, 5))    # 8 moments x 5 synapses: weak background chatter
    signals[5] = [0.7, 0.9, 0.6, 0.8, 0.75]          # moment 5: a real stimulus on every synapse at once
    THRESHOLD = 2.0

    summed = signals.sum(axis=1, keepdims=True)
    fires = Step()(summed - THRESHOLD)               # 1 where the sum passes the threshold, else 0
    for moment in range(len(signals)):
        verdict = "FIRES" if fires[moment, 0] else "silent"
        print(f"moment {moment}: summed input {summed[moment, 0]:.2f} -> {verdict}")
    '''
)

md(
    r"""
    Seven moments of chatter are ignored, and the one strong stimulus gets through. That is all the
    biological argument asks of an activation function: pass what matters and block the rest, with a
    threshold in between.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Why: maths
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Why: the mathematical answer

    The deck's second reason is mathematical: the input data are continuous and the neuron's sum is linear
    (선형), but the answers we want (a prediction, a class) are discrete (이산), so somewhere a linear quantity
    must be turned into a non-linear (비선형) one.

    The sharpest form of this argument is about *depth*. A `Dense` layer computes $x W + b$. Put a second
    one after it, with nothing in between, and expand:

    $$
    (x W_1 + b_1) W_2 + b_2 \;=\; x\,(W_1 W_2) + (b_1 W_2 + b_2) \;=\; x W + b .
    $$

    Two layers are *one* layer with weights $W = W_1 W_2$ and bias $b = b_1 W_2 + b_2$. (Strictly, $xW + b$
    is called *affine*; in neural networks it is usually just called linear.) Let us check it with two real
    `mlp` layers: 3 inputs, 4 hidden neurons, 2 outputs, random weights and biases.
    """
)

code(
    r'''
    rng = np.random.default_rng(1)
    first, second = Dense(3, 4, seed=1), Dense(4, 2, seed=2)
    first.b[...] = rng.normal(size=4)                # give the biases values, so they are part of the test
    second.b[...] = rng.normal(size=2)

    x = rng.normal(size=(5, 3)).astype(np.float32)   # 5 samples
    two_layers = second(first(x))

    single = Dense(3, 2)                             # one layer with the collapsed weights
    single.W[...] = first.W @ second.W               # (3, 4) @ (4, 2) -> (3, 2)
    single.b[...] = first.b @ second.W + second.b    # (4,) @ (4, 2) + (2,) -> (2,)
    one_layer = single(x)

    print("two layers:\n", two_layers)
    print("one layer with W = W1 W2, b = b1 W2 + b2:\n", one_layer)
    print(f"largest difference: {np.abs(two_layers - one_layer).max():.1e}  (float32 rounding)")
    '''
)

md(
    r"""
    The same numbers, up to rounding in the last digit of float32. Adding more layers changes nothing: each
    new one is absorbed the same way, so a hundred linear layers are still one $x W + b$.

    Now put a ReLU (defined below: it replaces negative numbers by zero) between the two layers. Is there
    still *some* single layer that gives the same outputs? We cannot prove "no" by trying one candidate, but
    we can find the *best* single layer for the job, by least squares over 500 inputs (`np.linalg.lstsq`
    fits $W$ and $b$ at once when we append a column of ones to $x$), and see how far even the best one
    stays from the target. We also test a property every linear map has: the output at the midpoint of two
    inputs is the midpoint of their outputs.
    """
)

code(
    r'''
    relu = ReLU()


    def linear_stack(x):
        return second(first(x))


    def relu_stack(x):
        return second(relu(first(x)))


    x_many = rng.normal(size=(500, 3)).astype(np.float32)
    with_ones = np.hstack([x_many, np.ones((500, 1), dtype=np.float32)])   # the last weight row is b
    a, b_ = x_many[:250], x_many[250:]

    for name, network in [("Dense -> Dense", linear_stack), ("Dense -> ReLU -> Dense", relu_stack)]:
        target = network(x_many)
        best, *_ = np.linalg.lstsq(with_ones, target, rcond=None)
        misfit = np.abs(with_ones @ best - target).max()
        midpoint_gap = np.abs(network((a + b_) / 2) - (network(a) + network(b_)) / 2).max()
        print(f"{name:>22}: best single layer misses by up to {misfit:.2e}; "
              f"midpoint test off by up to {midpoint_gap:.2e}")
    '''
)

md(
    r"""
    Without the ReLU, the best single layer reproduces the two-layer network to rounding error, and the
    midpoint test holds. With the ReLU, even the best single layer misses, and the midpoint test fails:
    the network has become something no single layer can compute.

    The picture below shows what this means for a deep network. Each panel holds three random networks
    (different seeds) with one input, three hidden layers of 32 neurons and one output, built with
    `MLP([1, 32, 32, 32, 1], activation=...)`. A fresh `MLP` starts with all biases at zero, which would make
    every curve pass through the origin, so we give the biases random values as well. With no activation
    function ("identity") every network, deep as it is, draws a straight line. With tanh or ReLU the same
    architecture draws curves and corners.
    """
)

code(
    r'''
    x_line = np.linspace(-3, 3, 301, dtype=np.float32).reshape(-1, 1)
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.2), sharex=True)
    for ax, activation in zip(axes, ["identity", "tanh", "relu"]):
        for seed in range(3):
            network = MLP([1, 32, 32, 32, 1], activation=activation, seed=seed)
            bias_rng = np.random.default_rng(seed)
            for layer in network.layers:
                if isinstance(layer, Dense):
                    layer.b[...] = bias_rng.normal(scale=0.5, size=layer.b.shape)
            ax.plot(x_line[:, 0], network(x_line)[:, 0], label=f"seed {seed}")
        ax.set_title(f"hidden activation: {activation}")
        ax.set_xlabel("input x")
    axes[0].set_ylabel("network output")
    axes[0].legend(fontsize=8)
    fig.suptitle("Three random 1-32-32-32-1 networks per panel", fontsize=11)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    This is also why chapter 3's XOR needed more than stacked lines: however many linear layers you stack,
    the result is one line, and one line cannot separate XOR. Put almost any non-linear function between
    the layers and the picture changes completely: with enough hidden neurons such a network can
    approximate any continuous function on a bounded region: {cite:t}`cybenko1989` proved it for the sigmoid,
    {cite:t}`leshno1993` for every activation that is not a polynomial. So the deck's "linear in, non-linear
    out" is
    right in spirit, but the reason is not really that outputs are discrete: a network that predicts a
    temperature has a continuous output and still needs non-linear hidden layers. The precise version is:
    **without a non-linear activation between them, layers collapse into one.**
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. The deck's four conditions
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The deck's four conditions

    The deck lists the conditions an activation function should meet:

    1. **continuous** (연속) over its domain (정의역), and the domain should be unbounded: it must accept
       any real number;
    2. **monotonic** (단조 함수): it never changes direction (never goes down after going up);
    3. **non-linear** (비선형);
    4. **cheap to compute** (계산 효율), since it runs once per neuron per sample.

    Rather than take the list on trust, let us measure each property for the functions of this chapter,
    plus two reference points: the identity $F(z) = z$ ("no activation"), and Swish
    {cite:p}`ramachandran2017`, $z \cdot \sigma(z)$, a
    modern activation function that is not in the library (two NumPy lines below). On a fine grid from
    $-6$ to $6$ we look for jumps between neighbouring points (continuity), for any step downwards
    (monotonicity), for failures of the midpoint test (non-linearity), and for the slope just left and just
    right of $0$.
    """
)

code(
    r'''
    def swish(z):
        """Swish (Ramachandran et al., 2017): z * sigmoid(z). Not in mlp: two NumPy lines are enough here."""
        return z / (1 + np.exp(-z))


    candidates = {
        "identity": Identity(), "step": Step(), "sigmoid": Sigmoid(),
        "tanh": Tanh(), "relu": ReLU(), "swish": swish,
    }

    grid = np.linspace(-6, 6, 120_001)                       # float64, spacing 1e-4
    pairs = np.random.default_rng(2).uniform(-3, 3, size=(2, 1000))
    h = 1e-6
    print(f"{'':>9}{'largest jump':>14}{'monotonic':>11}{'midpoint gap':>14}{'slope left of 0':>17}"
          f"{'slope right of 0':>18}")
    for name, F in candidates.items():
        jump = np.abs(np.diff(F(grid))).max()
        monotonic = bool(np.all(np.diff(F(grid)) >= 0))
        midpoint_gap = np.abs(F(pairs.mean(axis=0)) - (F(pairs[0]) + F(pairs[1])) / 2).max()
        zero = np.zeros(1)
        left, right = (F(zero) - F(zero - h)) / h, (F(zero + h) - F(zero)) / h
        print(f"{name:>9}{jump:>14.4f}{str(monotonic):>11}{midpoint_gap:>14.4f}{left[0]:>17.4g}{right[0]:>18.4g}")

    lowest = np.argmin(swish(grid))
    print(f"\nswish is lowest at z = {grid[lowest]:.3f}, where it equals {swish(grid[lowest]):.3f}")
    '''
)

md(
    r"""
    And the fourth condition, cost: the time to apply each layer to a million numbers. (The times depend on
    the machine and change from run to run; compare them with each other, not with the numbers on another
    computer.)
    """
)

code(
    r'''
    big = np.random.default_rng(3).normal(size=1_000_000).astype(np.float32)
    for name in ["relu", "step", "sigmoid", "tanh"]:
        layer = ACTIVATIONS[name]()
        times = []
        for _ in range(5):
            start = time.perf_counter()
            layer.forward(big)
            times.append(time.perf_counter() - start)
        print(f"{name:>8}: {1000 * min(times):6.2f} ms for a million numbers")
    ''',
    tags=("nbval-ignore-output",),
)

md(
    r"""
    Read the table against the four conditions, honestly:

    - **Continuous.** The step function fails: it jumps by 1 at $0$. Every other function moves by tiny
      amounts between neighbouring grid points. All of them accept any real number, so the "unbounded
      domain" part holds everywhere.
    - **Differentiable**, a condition the deck does not list but back-propagation needs. ReLU is continuous,
      yet its slope is $0$ just left of $0$ and $1$ just right of it: at $0$ itself it has no derivative.
      In practice a library simply picks a value there (`mlp` picks $0$), and it does no harm because a sum
      of many products almost never lands exactly on $0$. The step function is worse off: its slope is $0$
      everywhere it exists, which gives gradient descent (경사하강법) nothing to work with (more on this
      below and in chapter 7).
    - **Monotonic.** Step, sigmoid, tanh and ReLU never go down. Swish does: it dips below zero before
      rising (its lowest point is printed above). Swish and its close relative GELU
      {cite:p}`hendrycks2016` are nevertheless widely used in large modern networks (GELU, for instance, in
      many Transformer
      language models), so monotonicity is a sensible default, not a law.
    - **Non-linear.** The identity passes the midpoint test exactly (gap 0): it is linear, which is the whole
      problem. ReLU passes as a non-linear function even though it is linear on each side of $0$: a single
      corner is enough.
    - **Cheap.** ReLU and the step function are a comparison per number; sigmoid and tanh need an
      exponential. The timing cell shows how the difference looks on this machine. (If the sigmoid looks
      slower than tanh, that is the library's overflow-safe formula making several passes over the array,
      not the mathematics.)

    Now each function in turn. For each we write the few NumPy lines that define it and its derivative
    (도함수, its slope at every point), and check the `mlp` layer against them. The derivative matters
    because back-propagation (역전파, chapter 4) multiplies the error signal by it on the way back.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. The functions, one by one
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The functions and their derivatives

    Every activation layer's `backward(grad_y)` returns `grad_y` times the local derivative $F'(z)$ (the
    chain rule). So if we feed it a gradient of ones, it hands back $F'(z)$ itself. That gives three
    independent ways to get a derivative, and the helper below compares them:

    1. the library's `backward`;
    2. our own formula for $F'$, in NumPy;
    3. finite differences (유한 차분): nudge each input by $\pm\varepsilon$ and measure how much the output
       moves, $\bigl(F(z + \varepsilon) - F(z - \varepsilon)\bigr) / 2\varepsilon$, which is what
       `numerical_gradient` does. It knows nothing about formulas, so it is an independent referee.
    """
)

code(
    r'''
    def compare(layer, my_f, my_df, z):
        """Print F(z) and F'(z) from the layer, and how far our NumPy lines and finite differences are from it."""
        y = layer.forward(z)
        slope = layer.backward(np.ones_like(y))           # dL/dy = 1, so dL/dz = F'(z)
        slope_fd = numerical_gradient(lambda v: layer.forward(v).sum(), z)
        print("      z:", np.round(z[0], 4))
        print("   F(z):", np.round(y[0], 4) + 0.0)               # + 0.0 prints -0.0 as 0.0
        print("  F'(z):", np.round(slope[0], 4))
        print(f"largest differences: forward vs ours {np.abs(y - my_f(z)).max():.1e}, "
              f"backward vs our F' {np.abs(slope - my_df(z)).max():.1e}, "
              f"backward vs finite differences {np.abs(slope - slope_fd).max():.1e}")


    z = np.array([[-4.0, -1.5, -0.5, 0.25, 1.0, 3.0]])   # float64, and no point exactly at 0 (see ReLU)
    '''
)

md(
    r"""
    ### Step function

    The perceptron's activation, from {cite:t}`mcculloch1943` and {cite:t}`rosenblatt1958`: the step function
    (계단 함수) outputs 1 when the input is positive and 0 otherwise.

    $$
    \text{step}(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}, \qquad
    \text{step}'(z) = 0 \text{ for } z \ne 0 \text{ (undefined at } 0\text{)}.
    $$
    """
)

code(
    r'''
    def my_step(z):
        return (z > 0).astype(z.dtype)


    def my_step_derivative(z):
        return np.zeros_like(z)


    compare(Step(), my_step, my_step_derivative, z)

    eps = 1e-5
    at_zero = numerical_gradient(lambda v: Step().forward(v).sum(), np.zeros((1, 1)), eps=eps)
    print(f"\nfinite differences AT z = 0 with eps = {eps:g}: {at_zero.item():g}  (= 1 / (2 eps))")
    '''
)

md(
    r"""
    Away from $0$ the slope is exactly zero, so the error signal that back-propagation sends through a step
    unit is multiplied by zero and dies: the weights below it never learn. At $0$ the finite difference
    measures the jump divided by $2\varepsilon$, and it grows without bound as $\varepsilon$ shrinks: there
    is no derivative there. This is why the perceptron needed its own learning rule (chapter 2), and why
    networks trained by back-propagation replaced the step by a smooth look-alike.
    """
)

md(
    r"""
    ### Sigmoid

    The sigmoid function (시그모이드 함수) is that smooth look-alike: an S-shaped curve from 0 to 1.

    $$
    \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad
    \sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \sigma(z)\,\bigl(1 - \sigma(z)\bigr).
    $$

    The derivative has a neat form: it is computed from the output alone, which is why the `mlp` layer keeps
    its output $y$ from `forward` and returns `grad_y * y * (1 - y)` in `backward`. The deck calls the sigmoid
    the most used and most important activation function, the basic form; it was the standard choice when
    back-propagation became popular {cite:p}`rumelhart1986`.
    """
)

code(
    r'''
    def my_sigmoid(z):
        return 1 / (1 + np.exp(-z))


    def my_sigmoid_derivative(z):
        s = my_sigmoid(z)
        return s * (1 - s)


    compare(Sigmoid(), my_sigmoid, my_sigmoid_derivative, z)
    zero = np.zeros((1, 1))
    print(f"\nsigma(0) = {my_sigmoid(zero).item()}, "
          f"sigma'(0) = {my_sigmoid_derivative(zero).item()} (its largest slope)")
    '''
)

md(
    r"""
    The deck later argues (in its chapter on loss functions) that the sigmoid's slope is never zero
    anywhere, which is what lets a network learn where a step function cannot. In exact mathematics that is
    true. In a computer it needs a footnote: far from 0 the curve is so flat that it *saturates* (포화), and
    in float32 $\sigma(z)$ rounds to exactly 1 once $z$ is large enough, making the slope exactly 0.
    """
)

code(
    r'''
    sigmoid = Sigmoid()
    far = np.array([[2.0, 5.0, 10.0, 15.0, 17.0, 18.0, 20.0]], dtype=np.float32)
    y = sigmoid.forward(far)
    print("        z:", far[0])
    print(" sigma(z):", y[0])
    print("sigma'(z):", sigmoid.backward(np.ones_like(y))[0])
    print("first z on this list where float32 gives sigma(z) == 1 exactly:", far[0][y[0] == 1][0])
    ratio = my_sigmoid_derivative(0.0) / my_sigmoid_derivative(10.0)
    print(f"sigma'(0) / sigma'(10) = {ratio:.0f}")
    '''
)

md(
    r"""
    At $z = 10$ the slope is already thousands of times smaller than at $0$ (the ratio is the last line),
    and from the printed point on it is exactly zero in float32. A neuron whose weighted sum sits out there
    learns almost nothing. Keep that in mind for the next two functions.

    ### tanh

    The hyperbolic tangent (하이퍼볼릭 탄젠트), tanh, is a sigmoid stretched to the range $(-1, 1)$ and centred
    on zero: $\tanh(z) = 2\sigma(2z) - 1$.

    $$
    \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad \tanh'(z) = 1 - \tanh^2(z).
    $$
    """
)

code(
    r'''
    def my_tanh(z):
        return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


    def my_tanh_derivative(z):
        return 1 - my_tanh(z) ** 2


    compare(Tanh(), my_tanh, my_tanh_derivative, z)
    gap = np.abs(my_tanh(z) - (2 * my_sigmoid(2 * z) - 1)).max()
    print(f"\nlargest gap between tanh(z) and 2 sigma(2z) - 1: {gap:.1e}")
    print(f"tanh'(0) = {my_tanh_derivative(zero).item()}, four times sigma'(0) = {my_sigmoid_derivative(zero).item()}")
    '''
)

md(
    r"""
    (Our `my_tanh` is the textbook formula; for large $|z|$ its exponentials overflow, which is why the
    library calls `np.tanh` instead.)

    The deck says tanh works better than the sigmoid in hidden layers because it also allows negative
    values ("it supports negative correlation too"). Here is what that changes. Feed 1000 samples with mean
    zero through a `Dense` layer of 8 neurons and look at the average output of each activation:
    """
)

code(
    r'''
    rng = np.random.default_rng(4)
    inputs = rng.normal(size=(1000, 8)).astype(np.float32)
    hidden = Dense(8, 8, init="xavier", seed=4)
    z_hidden = hidden(inputs)
    h_sigmoid, h_tanh = Sigmoid()(z_hidden), Tanh()(z_hidden)
    print(f"average sigmoid output: {h_sigmoid.mean():.3f}, smallest {h_sigmoid.min():.3f}")
    print(f"average tanh output:    {h_tanh.mean():.3f}, smallest {h_tanh.min():.3f}")
    '''
)

md(
    r"""
    Sigmoid outputs are all positive, centred near $0.5$; tanh outputs are centred near $0$. Why does it
    matter? These outputs are the *inputs* of the next layer, and for one sample a `Dense` layer's weight
    gradient is $\partial L / \partial W = x^\top g$: the weight from input $i$ to neuron $j$ gets
    $x_i \, g_j$. If every $x_i$ is positive, then all weights into neuron $j$ get gradients of the *same
    sign* (the sign of $g_j$): in one step they can only all go up or all go down together, and reaching
    weights of mixed signs takes a zig-zag path {cite:p}`lecun1998efficient`. We let the next layer's `backward`
    compute the gradients for each sample and count how often this happens.
    """
)

code(
    r'''
    next_layer = Dense(8, 1, seed=5)
    g = rng.normal(size=(1000, 1)).astype(np.float32)      # some error signal dL/dy for each sample

    for name, h in [("sigmoid", h_sigmoid), ("tanh", h_tanh)]:
        next_layer.forward(h[:1])                          # sample 0 alone
        next_layer.backward(g[:1])                         # fills next_layer.dW = x^T g, shape (8, 1)
        print(f"dL/dW of sample 0 with {name} inputs:", np.round(next_layer.dW[:, 0], 3))


    def share_of_samples_with_one_sign(h):
        """Fraction of samples whose 8 weight gradients x_i * g (into the next neuron) all have one sign."""
        signs = np.sign(h * g)                             # row n holds sample n's x^T g, all samples at once
        return np.mean(np.all(signs == signs[:, :1], axis=1))


    print(f"\nall eight gradients share one sign: sigmoid inputs {share_of_samples_with_one_sign(h_sigmoid):.1%} "
          f"of samples, tanh inputs {share_of_samples_with_one_sign(h_tanh):.1%}")
    print(f"\nlargest slope over five stacked layers: sigmoid {0.25 ** 5:.6f}, tanh {1.0 ** 5:.0f}")
    '''
)

md(
    r"""
    With sigmoid inputs, every sample's gradient pushes all eight weights the same way; with tanh inputs
    it almost never happens. And the slopes matter too: back-propagation multiplies by $F'$ once per layer,
    and $\sigma'$ is at most $0.25$, so even in the best case the error signal shrinks by that factor per
    sigmoid layer (the last line), while tanh's best case is $1$. Both effects favour tanh in hidden layers.
    Both functions still saturate far from zero, though, and that is what the next function fixes.

    ### ReLU

    The deck's ReLU (Rectified Linear Unit, 정류된 선형 유닛): below zero the output is 0, above zero it is the
    input unchanged.

    $$
    \text{ReLU}(z) = \max(0, z), \qquad
    \text{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z < 0 \end{cases} \text{ (undefined at } 0\text{)}.
    $$
    """
)

code(
    r'''
    def my_relu(z):
        return np.maximum(0, z)


    def my_relu_derivative(z):
        return (z > 0).astype(z.dtype)


    compare(ReLU(), my_relu, my_relu_derivative, z)

    relu = ReLU()
    y = relu.forward(np.zeros((1, 1)))
    print(f"\nat z = 0: mlp's backward says {relu.backward(np.ones_like(y)).item()}, finite differences say "
          f"{numerical_gradient(lambda v: ReLU().forward(v).sum(), np.zeros((1, 1))).item()} "
          "(the average of the slopes on the two sides)")
    ten = np.array(10.0)
    print(f"slope at z = 10: ReLU {my_relu_derivative(ten)}, sigmoid {my_sigmoid_derivative(ten):.1e}")
    '''
)

md(
    r"""
    At exactly $0$ the library's choice and the finite difference disagree, and neither is "wrong": there is
    no derivative at a corner. That is why the probe points above avoid $0$, and why `numerical_gradient`'s
    documentation warns about kinks.

    ReLU's strengths show in the last line. It costs one comparison, and for positive inputs its slope is
    $1$ however large the input, so it does not saturate the way sigmoid and tanh do. Its weakness is the
    other side: a neuron whose weighted sum is negative for every sample outputs 0 and passes back a zero
    gradient, so it stops learning (a "dead" ReLU). ReLU was shown to work well for deep networks by
    {cite:t}`nair2010` and {cite:t}`glorot2011`, and became the default hidden activation after
    it helped train AlexNet {cite:p}`krizhevsky2012`.

    Here are the four elementwise functions side by side: each function on top, its derivative from `mlp`'s
    `backward` underneath, with finite-difference measurements as dots.
    """
)

code(
    r'''
    z_plot = np.linspace(-4, 4, 801).reshape(1, -1)          # includes z = 0
    z_dots = np.linspace(-3.9, 3.9, 14).reshape(1, -1)       # finite differences, away from 0
    fig, axes = plt.subplots(2, 4, figsize=(11, 4.6), sharex=True)
    for column, (name, F) in enumerate(ACTIVATIONS.items()):
        layer = F()
        y = layer.forward(z_plot)
        slope = layer.backward(np.ones_like(y))
        slope_fd = numerical_gradient(lambda v: F().forward(v).sum(), z_dots)
        top, bottom = axes[0, column], axes[1, column]
        top.plot(z_plot[0], y[0], color=COLOURS[name], linewidth=2)
        bottom.plot(z_plot[0], slope[0], color=COLOURS[name], linewidth=2, label="backward")
        bottom.plot(z_dots[0], slope_fd[0], "o", color="black", markersize=3, label="finite differences")
        top.set_title(name)
        bottom.set_xlabel("z")
        for ax in (top, bottom):
            ax.axhline(0, color="gray", linewidth=0.5)
            ax.axvline(0, color="gray", linewidth=0.5)
    axes[0, 0].set_ylabel("F(z)")
    axes[1, 0].set_ylabel("F'(z)")
    axes[1, 0].legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    The step's derivative is a flat zero (the vertical segment in its upper panel is only matplotlib joining
    the two sides of the jump). The sigmoid's derivative is a low, wide hump of height $0.25$; tanh's is four
    times taller and narrower; ReLU's is a step.

    ### Softmax

    The softmax (소프트맥스) function is different from the others: it does not act on one number but on a
    whole vector of $k$ scores (often called logits, 로짓), and returns $k$ positive numbers that sum to 1.

    $$
    \text{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{k} e^{z_j}} .
    $$

    The deck describes it as exponential-based (지수) and says it "enlarges the differences between the
    values, making large values relatively larger and small ones relatively smaller, then normalises
    (정규화) them", that its $k$ outputs sum to 1, and that it is mainly used in the output layer. The name
    comes from {cite:t}`bridle1990`: it is a "soft" version of picking the maximum, which gives every score
    a share
    instead of giving everything to the largest.
    """
)

code(
    r'''
    def my_softmax(z):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)              # one row per sample: normalise each row


    scores = np.array([[3.0, 2.0, 1.0]])
    p = Softmax()(scores)
    print("scores:           ", scores[0])
    print("softmax (mlp):    ", np.round(p[0], 4), f"  sum: {p.sum():.6f}")
    print("softmax (ours):   ", np.round(my_softmax(scores)[0], 4))
    print("scores / sum:     ", np.round((scores / scores.sum())[0], 4))
    '''
)

md(
    r"""
    Compared with simply dividing the scores by their sum, the softmax gives the largest score a bigger
    share and the smallest a smaller one: the gaps widen, as the deck says. But is that always so? The
    softmax only looks at *differences* between scores: $e^{z_i} / e^{z_j} = e^{z_i - z_j}$, and adding the
    same number to every score changes nothing. Here are three score vectors with the same order:
    """
)

code(
    r'''
    examples = np.array([[3.0, 2.0, 1.0], [0.3, 0.2, 0.1], [13.0, 12.0, 11.0]])
    proportional = examples / examples.sum(axis=1, keepdims=True)
    soft = Softmax()(examples)
    for row in range(len(examples)):
        print(f"scores {examples[row]}:  scores/sum {np.round(proportional[row], 3)}   "
              f"softmax {np.round(soft[row], 3)}")
    print("\nratio of neighbouring softmax outputs, row by row:\n", np.round(soft[:, :-1] / soft[:, 1:], 3))
    print(f"e^1 = {np.e:.3f}, e^0.1 = {np.exp(0.1):.3f}")
    '''
)

code(
    r'''
    fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True)
    positions = np.arange(3)
    for ax, row in zip(axes, range(len(examples))):
        ax.bar(positions - 0.2, proportional[row], width=0.4, color="tab:gray", label="scores / sum")
        ax.bar(positions + 0.2, soft[row], width=0.4, color="tab:orange", label="softmax")
        ax.set_xticks(positions, [f"{s:g}" for s in examples[row]])
        ax.set_title(f"scores {examples[row].tolist()}")
        ax.set_xlabel("score")
    axes[0].set_ylabel("share")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    For scores $3, 2, 1$ the softmax widens the gaps. For $0.3, 0.2, 0.1$ it *narrows* them: the differences
    are tiny, so $e^{z}$ hardly differs between the three and the softmax is nearly uniform, even though the
    first score is three times the last. For $13, 12, 11$ the softmax gives exactly the same answer as for
    $3, 2, 1$, while dividing by the sum gives nearly equal shares. So the deck's description is true for
    typical scores such as $3, 2, 1$, but it is not a rule; the precise rule is that **only the differences
    between scores count, and each unit of difference multiplies the ratio of the outputs by $e$** (the
    ratios printed above).

    That shift invariance is also what makes the softmax safe to compute. $e^{z}$ overflows quickly: in
    float32 anything above $\ln(\text{largest float32})$ becomes infinity, and then the division
    $\infty / \infty$ gives NaN (not a number). The cure is to subtract each row's largest score first; the
    answer does not change, and the largest exponential is now $e^0 = 1$.
    """
)

code(
    r'''
    print(f"exp overflows float32 above z = ln(largest float32) = {np.log(np.finfo(np.float32).max):.2f}")

    large = np.array([[1000.0, 1001.0, 1002.0]], dtype=np.float32)
    with np.errstate(over="ignore", invalid="ignore"):        # silence the warnings: we expect trouble
        print("naive softmax of [1000, 1001, 1002]:", my_softmax(large)[0])


    def my_stable_softmax(z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))         # the largest exponent is now 0
        return e / e.sum(axis=-1, keepdims=True)


    print("stable softmax of [1000, 1001, 1002]:", my_stable_softmax(large)[0])
    print("mlp's Softmax of  [1000, 1001, 1002]:", Softmax()(large)[0])
    print("softmax of        [0, 1, 2]:         ", Softmax()(large - 1000)[0])
    '''
)

md(
    r"""
    The naive version returns NaN; the stable one (which is what `mlp.Softmax` does) gives the same answer as
    for $0, 1, 2$. You will write it yourself in an exercise.

    **The softmax's derivative.** Because every output depends on every input, the derivative is a matrix,
    the Jacobian (야코비 행렬) $J_{ij} = \partial y_i / \partial z_j$:

    $$
    \frac{\partial y_i}{\partial z_j} = y_i\,(\delta_{ij} - y_j), \qquad\text{i.e.}\qquad
    J = \operatorname{diag}(y) - y\,y^\top ,
    $$

    where $\delta_{ij}$ is 1 when $i = j$ and 0 otherwise. The layer's `backward(g)` returns $J^\top g$
    without building $J$. Feeding it $g = e_k$ (a 1 in position $k$, zeros elsewhere) returns row $k$ of
    $J$, so three calls rebuild the whole matrix, which we compare with the formula and with finite
    differences of each output.
    """
)

code(
    r'''
    scores = np.array([[2.0, 1.0, 0.1]])
    softmax = Softmax()
    y = softmax.forward(scores)

    k = scores.shape[1]
    J_backward = np.vstack([softmax.backward(np.eye(k)[[i]]) for i in range(k)])       # row i = d y_i / d z
    J_formula = np.diag(y[0]) - np.outer(y[0], y[0])
    J_fd = np.vstack([numerical_gradient(lambda v: Softmax().forward(v)[0, i], scores) for i in range(k)])

    print("y =", np.round(y[0], 4))
    print("Jacobian from backward:\n", np.round(J_backward, 4))
    print(f"largest difference from the formula: {np.abs(J_backward - J_formula).max():.1e}, "
          f"from finite differences: {np.abs(J_backward - J_fd).max():.1e}")
    print("sum of each column:", np.round(J_backward.sum(axis=0), 12))
    '''
)

md(
    r"""
    The diagonal is positive (raising a score raises its own probability) and everything off the diagonal is
    negative (it lowers the others). Each column sums to zero: the outputs always add up to 1, so whatever a
    nudge to one score gives to one output it takes from the others. In chapter 7 the softmax is paired with
    the cross-entropy (교차 엔트로피) loss, and then this whole matrix collapses into something much simpler
    (`mlp.SoftmaxCrossEntropy`).

    **Temperature.** Dividing the scores by a number $T$ before the softmax, $\text{softmax}(z / T)$, changes
    all the differences at once. Small $T$ (below 1) widens the gaps until the largest score takes
    everything; large $T$ flattens the output towards equal shares. $T$ is called the temperature (온도).
    Slide it:
    """
)

code(
    r'''
    tempered_scores = np.array([2.0, 1.0, 0.1, -1.0])
    temperatures = [0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 10]


    def draw_softmax(fig, temperature):
        ax = fig.add_subplot()
        probabilities = Softmax()(tempered_scores.reshape(1, -1) / temperature)[0]
        ax.bar(np.arange(4), probabilities, color="tab:orange")
        ax.set_xticks(np.arange(4), [f"score {s:g}" for s in tempered_scores])
        ax.set_ylim(0, 1.05)
        ax.axhline(0.25, color="gray", linestyle=":", linewidth=1)
        ax.set_ylabel("probability")
        ax.set_title(f"softmax(scores / {temperature:g})")


    def softmax_caption(temperature):
        probabilities = Softmax()(tempered_scores.reshape(1, -1) / temperature)[0]
        return (f"T = {temperature:g}: largest probability <b>{probabilities.max():.3f}</b>, smallest "
                f"<b>{probabilities.min():.3f}</b> (the dotted line is 1/4, equal shares)")


    frame_explorer(draw_softmax, temperatures, label="temperature T", value=1, caption=softmax_caption,
                   figsize=(4.8, 2.8))
    '''
)

# ---------------------------------------------------------------------------------------------------
# 7. Explorer: function x input scale
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Explore: each function and its derivative

    A neuron never sees $z$ alone: it sees $w z$, scaled by its weights. Pick a function with the first
    slider and a weight $w$ with the second; the plot shows $F(w z)$ on top and its slope
    $\frac{d}{dz} F(w z) = w\,F'(w z)$ underneath (the chain rule, with $F'$ from `backward`). Look for three
    things: how a large weight turns the sigmoid into a step (and its slope into a tall, narrow spike that is
    zero almost everywhere); how tanh behaves like a sigmoid with a steeper middle; and how ReLU keeps its
    shape at every scale ($\text{ReLU}(wz) = w\,\text{ReLU}(z)$ for positive $w$). The frames are drawn in
    advance, so the sliders also work in the online book.
    """
)

code(
    r'''
    z_explore = np.linspace(-4, 4, 401).reshape(1, -1)
    weights = [0.25, 0.5, 1, 2, 4, 16]


    def function_and_slope(name, w):
        layer = ACTIVATIONS[name]()
        y = layer.forward(w * z_explore)
        return y[0], w * layer.backward(np.ones_like(y))[0]     # chain rule: d/dz F(w z) = w F'(w z)


    def draw_function(fig, name, w):
        y, slope = function_and_slope(name, w)
        top, bottom = fig.subplots(2, 1, sharex=True)
        top.plot(z_explore[0], y, color=COLOURS[name], linewidth=2)
        bottom.plot(z_explore[0], slope, color=COLOURS[name], linewidth=2, linestyle="--")
        top.set_title(f"{name}({w:g} z) and its slope", fontsize=10)
        top.set_ylabel(f"{name}(w z)")
        bottom.set_ylabel("slope")
        bottom.set_xlabel("z")
        for ax in (top, bottom):
            ax.axhline(0, color="gray", linewidth=0.5)
            ax.axvline(0, color="gray", linewidth=0.5)


    def function_caption(name, w):
        y, slope = function_and_slope(name, w)
        tiny = np.mean(np.abs(slope) < 0.01)
        corner = " (at z = 0 it has no slope at all)" if name == "step" else ""
        return (f"{name}({w:g} z): steepest slope <b>{np.abs(slope).max():.3g}</b>{corner}; "
                f"slope below 0.01 on <b>{tiny:.0%}</b> of the interval")


    frame_explorer_2d(draw_function, list(ACTIVATIONS), weights, label_a="function", label_b="weight w",
                      value_a="sigmoid", value_b=1, caption=function_caption, figsize=(4.8, 3.2))
    '''
)

md(
    r"""
    The caption's second number is the point of this explorer: the share of inputs where the slope is
    practically zero, so that a neuron there would barely learn. It grows with $w$ for sigmoid and tanh, is
    100% at every scale for the step, and stays at the negative half for ReLU.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Output layer choices
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Which activation at the output?

    Hidden layers need *some* non-linearity; the output layer needs the one that matches the *kind of
    answer*. The deck gives the standard choices, and notes that the best one depends on what the network is
    for:

    | the network predicts | output activation | why |
    |---|---|---|
    | a value (a temperature, a weight, a price): regression (회귀) | none (identity) | any real number must be possible |
    | yes/no for each of several unrelated questions | sigmoid, one per output | each output is its own probability in $(0, 1)$ |
    | one answer out of several: classification (분류) | softmax | the probabilities (확률) of all answers must sum to 1 |

    **Values.** A neuron that predicts a tangerine's weight in grams from its diameter. The weights are set
    by hand here (learning them is the subject of the coming chapters).
    """
)

code(
    r'''
    grams = Dense(1, 1)
    grams.W[...] = [[30.0]]
    grams.b[...] = [-130.0]                           # weight = 30 g per cm of diameter - 130 g

    diameters = np.array([[6.5], [7.5], [8.5]], dtype=np.float32)
    raw = grams(diameters)
    for F in (Identity, Sigmoid, ReLU):
        print(f"{F.__name__:>9} output: {F()(raw)[:, 0]}")
    '''
)

md(
    r"""
    With no activation the output can be any number, which is what a weight in grams needs. A sigmoid would
    squash every answer into $(0, 1)$, here all to 1.0. (A ReLU would work for weights, which are never
    negative, but would fail for anything that can be, such as a temperature in winter.)

    **Several independent yes/no questions.** A photo-tagging network answers three questions at once: is
    there a tangerine, a leaf, a box in the picture? Any combination is possible, so the outputs must not
    compete. Suppose the last `Dense` layer gave these scores for three photos:
    """
)

code(
    r'''
    tags = ["tangerine", "leaf", "box"]
    photo_scores = np.array([[4.0, 3.5, -3.0],     # a tangerine on its branch
                             [-2.0, -2.5, 1.0],    # an empty box
                             [5.0, -4.0, 3.0]],    # tangerines in a box
                            dtype=np.float32)
    as_sigmoid, as_softmax = Sigmoid()(photo_scores), Softmax()(photo_scores)
    for photo in range(3):
        print(f"photo {photo}: sigmoid {np.round(as_sigmoid[photo], 3)} (sum {as_sigmoid[photo].sum():.2f})   "
              f"softmax {np.round(as_softmax[photo], 3)}")
    print("tags present by sigmoid > 0.5:", [[t for t, yes in zip(tags, row) if yes] for row in as_sigmoid > 0.5])
    '''
)

md(
    r"""
    The sigmoid answers each question on its own: photo 0 has a tangerine *and* a leaf, both near 1, and the
    three numbers need not sum to anything in particular. The softmax forces the tags to share one unit of
    probability, so a photo with two things in it must split that unit between them (photo 0's tangerine and
    leaf): the wrong tool here.

    **One answer out of several.** Which of three tangerine varieties is this: satsuma (온주밀감), hallabong
    (한라봉) or cheonhyehyang (천혜향)? Exactly one is right, so the softmax fits, and the answer is the
    class with the largest probability.
    """
)

code(
    r'''
    varieties = ["satsuma", "hallabong", "cheonhyehyang"]
    variety_scores = np.array([[2.0, 0.5, -1.0],
                               [0.2, 0.4, 2.6]], dtype=np.float32)
    probabilities = Softmax()(variety_scores)
    for row in range(len(probabilities)):
        best = probabilities[row].argmax()
        print(f"probabilities {np.round(probabilities[row], 3)} (sum {probabilities[row].sum():.2f}) "
              f"-> {varieties[best]}")
    print("argmax of the raw scores:", [varieties[i] for i in variety_scores.argmax(axis=1)])
    '''
)

md(
    r"""
    The softmax keeps the order of the scores, so the argmax of the raw scores is the same class: to predict
    a class you can skip the softmax. It is needed when you want the probabilities, and for training.

    **Two classes: sigmoid or softmax?** A single yes/no question (ripe or not) is both a yes/no question and
    a choice between two classes. Both views give the same answer: a softmax over the two scores $(z, 0)$
    equals the sigmoid of $z$, because $e^z / (e^z + e^0) = 1 / (1 + e^{-z})$.
    """
)

code(
    r'''
    z_values = np.array([-3.0, -0.5, 0.0, 1.2, 4.0])
    two_class = Softmax()(np.stack([z_values, np.zeros_like(z_values)], axis=1))[:, 0]
    print("softmax([z, 0])[0]:", np.round(two_class, 6))
    print("sigmoid(z):        ", np.round(Sigmoid()(z_values), 6))
    print(f"largest difference: {np.abs(two_class - Sigmoid()(z_values)).max():.1e}")
    '''
)

md(
    r"""
    So one sigmoid output and a two-way softmax are the same model written two ways; the single sigmoid
    output is the usual choice because it has half as many output weights.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether your
    answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "choose_output",
    "Pick the output activation",
    r"""
    For each task, choose the output layer's activation: `"identity"` (no activation), `"sigmoid"` or
    `"softmax"`. Fill in the dictionary `choices`.

    - `"temperature"`: tomorrow's noon temperature in °C;
    - `"digit"`: which digit (0 to 9) a handwritten image shows;
    - `"photo_tags"`: which of 20 tags (tangerine, leaf, box, ...) apply to a photo, any number of them;
    - `"ripe"`: the probability that one tangerine is ripe, from a network with **one** output neuron;
    - `"weight"`: a tangerine's weight in grams.
    """,
    r'''
    ### BEGIN SOLUTION
    choices = {
        "temperature": "identity",   # any real number, negative ones included
        "digit": "softmax",          # exactly one of ten classes
        "photo_tags": "sigmoid",     # twenty independent yes/no questions
        "ripe": "sigmoid",           # one yes/no question, one output
        "weight": "identity",        # a value, not a probability
    }
    ### END SOLUTION
    ''',
    r'''
    check.choose_output(choices)
    ''',
    difficulty="warm-up",
)

exercise(
    "softmax_shift_scale",
    "Predict, then compute: shifting and scaling the scores",
    r"""
    Take the scores `[2.0, 1.0, 0.1]`. Their softmax has a largest probability of about 0.66.

    1. **Before computing anything**, predict what happens to the largest probability if you (a) add 100 to
       every score, (b) multiply every score by 3. For each, set `predict_shift` and `predict_scale` to
       `"sharper"` (the largest probability goes up), `"flatter"` (it goes down) or `"the same"`.
    2. Then compute both with `mlp`'s `Softmax`: `top_shift`, the largest probability of the softmax of the
       scores plus 100, and `top_scale`, the largest probability of the softmax of 3 times the scores
       (each one number).
    """,
    r'''
    three_scores = np.array([[2.0, 1.0, 0.1]])
    ### BEGIN SOLUTION
    # Adding the same number to every score leaves every difference, and so the softmax, unchanged.
    # Multiplying by 3 triples every difference: the gaps widen, and the largest probability grows.
    predict_shift = "the same"
    predict_scale = "sharper"
    top_shift = Softmax()(three_scores + 100).max()
    top_scale = Softmax()(3 * three_scores).max()
    ### END SOLUTION
    ''',
    r'''
    check.softmax_shift_scale(predict_shift, predict_scale, top_shift, top_scale)
    ''',
    difficulty="practice",
)

exercise(
    "collapse",
    "Collapse a stack of linear layers",
    r"""
    Write `collapse(layers)` that takes a list of `Dense` layers (each layer's outputs feed the next one,
    with **no** activation in between) and returns `(W, b)`, the weights and bias of the single `Dense` layer
    that computes the same function. It should work for any number of layers, one included.

    Hint: start from the first layer's `W` and `b` and absorb the next layer one at a time, as in the chapter:
    $x W + b$ followed by a layer $(W_2, b_2)$ is $x (W W_2) + (b W_2 + b_2)$.
    """,
    r'''
    def collapse(layers):
        ### BEGIN SOLUTION
        W, b = layers[0].W.copy(), layers[0].b.copy()
        for layer in layers[1:]:
            W, b = W @ layer.W, b @ layer.W + layer.b   # the old bias also passes through the new weights
        return W, b
        ### END SOLUTION
    ''',
    r'''
    check.collapse(collapse)
    ''',
    difficulty="practice",
)

exercise(
    "stable_softmax",
    "A softmax that never overflows",
    r"""
    Write `stable_softmax(z)` for a 2-D array `z` of shape `(n, k)` (one row of $k$ scores per sample) that
    returns the softmax of each row, shape `(n, k)`, without ever producing NaN or infinity: it must work for
    `[[1000, 1001, 1002]]`, and for a batch whose rows live on very different scales, such as
    `[[-1000, -999, -998], [0, 1, 2]]`. Use NumPy only (not `mlp.Softmax`).

    When your function passes, think about why subtracting the row's *maximum* is the right choice, and what
    would go wrong with the row's minimum, or with one maximum for the whole batch.
    """,
    r'''
    def stable_softmax(z):
        ### BEGIN SOLUTION
        # Each row's own maximum: its largest exponent becomes e^0 = 1 (no overflow), and the sum is at
        # least 1 (no division by zero). One maximum for the whole batch could leave a row of e^(-1000) = 0.
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
        ### END SOLUTION
    ''',
    r'''
    check.stable_softmax(stable_softmax)
    ''',
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 10. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - An activation function is applied to each neuron's weighted sum. Biologically it is the neuron's
      filter: ignore weak signals, pass strong ones. Mathematically it is what keeps layers from collapsing:
      linear layers stacked without one are a single linear layer, $W = W_1 W_2$, $b = b_1 W_2 + b_2$.
    - The deck's conditions (continuous, monotonic, non-linear, cheap) are good defaults, not laws: the step
      is not continuous, ReLU has no derivative at 0, and Swish and GELU are not monotonic yet work well.
      Back-propagation adds a condition of its own: a useful derivative.
    - Step: $F' = 0$, so nothing learns through it. Sigmoid: $\sigma' = \sigma(1 - \sigma) \le 0.25$,
      saturates far from 0. Tanh: zero-centred, $\tanh' = 1 - \tanh^2 \le 1$, better than the sigmoid in
      hidden layers. ReLU: $\max(0, z)$, slope 0 or 1, cheap, does not saturate for positive inputs; today's
      default in hidden layers.
    - Softmax turns scores into probabilities that sum to 1. Only the differences between scores matter,
      which is why it is computed as $e^{z - \max z} / \sum e^{z - \max z}$; whether it widens or narrows
      the gaps depends on how large the differences are (the temperature).
    - A layer's `backward` multiplies by its derivative; finite differences check it independently, except at
      a corner, where no derivative exists.
    - At the output: no activation for values, a sigmoid per output for independent yes/no questions,
      softmax for one answer out of many.

    ## What's next

    The output layer now produces an answer in the right form. Chapter 7 measures how wrong that answer is:
    loss functions (손실 함수), from the squared error to the cross-entropy that pairs with the softmax. It
    also returns to the step function from a new angle: why a network is trained on a loss rather than on
    its accuracy, for the same reason the sigmoid replaced the step.
    """
)


if __name__ == "__main__":
    ch.write()
