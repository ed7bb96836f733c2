"""Write notebooks/21-dropout.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch21.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(21, "21-dropout")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn, history
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Dropout

    The last three chapters met overfitting (과적합) head on. Chapter 18 watched a network that is large for
    its data learn the training examples by heart while its accuracy on validation data (검증 데이터)
    stalled. Chapter 19 stopped training at the right moment, and chapter 20 kept the weights small with weight
    decay (가중치 감쇠). This chapter's remedy is stranger: while the network trains, switch off a random
    half of its hidden neurons, a different half at every step.

    The lecture deck lists it among the remedies for overfitting as "Drop Out" {cite:p}`seed004`: during
    training, set randomly chosen neurons to 0; this cuts the network's connections here and there, so that a
    large neural network (대형 신경망) behaves like a small neural network (소형 신경망). Small networks
    rarely overfit, the deck says, because they can express too little; so a big network made to act like
    small ones should overfit less. (The deck files this under 정규화, its word for making a model generalize
    (일반화); we call that regularization (규제), because the glossary keeps 정규화 for *normalization*,
    chapter 6.)

    The idea has a short and famous history. Geoffrey Hinton and his students at Toronto posted it in 2012
    (Hinton, Srivastava, Krizhevsky, Sutskever and Salakhutdinov, "Improving neural networks by preventing
    co-adaptation of feature detectors", arXiv:1207.0580). The same year it was one of the ingredients of
    AlexNet, the network that won the ImageNet competition by a wide margin {cite:p}`krizhevsky2012`, which
    used it in its two large fully connected layers. The full account followed in the *Journal of Machine
    Learning Research* {cite:p}`srivastava2014`. Its motivation came from evolution: sexual reproduction mixes
    half the genes of one parent with half of the other's, which breaks up sets of genes that only work
    together, so a gene that survives has to be useful with many random partners. Likewise a neuron trained
    with dropout cannot count on any particular other neuron being present, and Srivastava et al. argue that
    this prevents co-adaptation (공동 적응), neurons that are only useful together, fixing each other's
    mistakes on the training data.

    **What you will learn**

    - how `mlp` implements dropout (드롭아웃): the few lines of `mlp.layers.Dropout`, forward and backward,
      and the training and evaluation modes of a network;
    - what the random masks do: each one leaves a *thinned network*, and a layer of $n$ units has $2^n$ of
      them, all sharing one set of weights;
    - what dropout changes on a small MNIST problem, and whether the deck's explanation holds there;
    - why, with *inverted* dropout, the trained network is used at test time without any rescaling, what the
      original convention of 2014 does instead, and what goes wrong if the scaling is forgotten;
    - how averaging many thinned networks (Monte Carlo dropout) compares with the single test-time network;
    - how the dropout rate changes a decision boundary, in an explorer.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib and the course library `mlp`: its dropout layer, networks, training loop,
    MNIST and the 2-D data sets, the decision-boundary plot, the explorer widget, and the checks for the
    exercises.
    """
)

code(
    r'''
    import inspect

    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    import mlp
    from mlp import optim
    from mlp.datasets import load_mnist
    from mlp.datasets.synthetic import label_noise, moons
    from mlp.layers import Dropout, Softmax
    from mlp.plotting import plot_decision_boundary
    from mlp.training import accuracy
    from mlp.widgets import frame_explorer
    from mlp.checks import ch21 as check

    COLOURS = {0.0: "tab:blue", 0.5: "tab:red"}  # without and with dropout, the same in every figure
    '''
)

# ---------------------------------------------------------------------------------------------------
# 2. The code
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Dropout in `mlp`: a mask and a division

    Here is the whole of the dropout layer's forward and backward pass:
    """
)

code(
    r'''
    print(inspect.getsource(Dropout.forward))
    print(inspect.getsource(Dropout.backward))
    '''
)

md(
    r"""
    Read it line by line. `p` is the probability of dropping a value, and $q = 1 - p$ the probability of
    keeping it. In training mode the layer draws one uniform random number per value and keeps the value when
    the number is below $q$: that is a Bernoulli distribution (베르누이 분포), a coin that lands "keep" with
    probability $q$. The resulting array of ones and zeros is the mask (마스크). The survivors are then
    *divided by $q$*, so the layer computes

    $$
    y_i = \frac{m_i}{q}\, x_i, \qquad
    m_i = \begin{cases} 1 & \text{with probability } q \\ 0 & \text{with probability } p \end{cases}
    $$

    and the layer stores `m / q` to use it again in backward. The backward pass multiplies the incoming
    gradient by the same stored mask: $\partial L/\partial x_i = (m_i / q)\, \partial L/\partial y_i$. A dropped
    value had no effect on the loss, so it gets no gradient; a surviving one was multiplied by $1/q$ on the
    way forward, so its gradient is too.

    The division during training is what makes this *inverted dropout* (역 드롭아웃); we will see why it
    is worth doing. In evaluation mode, or with `p = 0`, the layer passes its input through untouched.

    A warning about the letter $p$: `mlp`, PyTorch and Keras use it for the probability of *dropping*, but
    Srivastava et al. use it for the probability of *keeping* (their "$p = 0.5$ for hidden units, $0.8$ for
    inputs" means dropping 50 % and 20 %). In this chapter $p$ is always the drop probability and $q = 1 - p$
    the keep probability.

    Let us try the layer on one row of eight numbers, twice in training mode, then in evaluation mode:
    """
)

code(
    r'''
    layer = Dropout(p=0.5, seed=0)
    x = np.arange(1, 9, dtype=np.float32).reshape(1, 8)
    print("input:            ", x[0])
    print("training, pass 1: ", layer.forward(x)[0])
    print("training, pass 2: ", layer.forward(x)[0])
    print("stored m / q:     ", layer.mask[0])
    print("backward of ones: ", layer.backward(np.ones_like(x))[0])
    layer.eval()
    print("evaluation mode:  ", layer.forward(x)[0])
    '''
)

md(
    r"""
    Each training pass drops a different set of values and doubles the others ($1/q = 2$ for $p = 0.5$); the
    gradient flows back only through the survivors, with the same factor 2. In evaluation mode nothing is
    dropped and nothing is scaled.

    A network switches all its layers at once with `model.train()` and `model.eval()`. `MLP(sizes,
    dropout=p)` puts a dropout layer after every hidden activation, and nowhere else: not on the inputs, not
    on the outputs. Srivastava et al. also dropped 20 % of the input pixels on MNIST; `MLP(sizes, dropout=0.5,
    input_dropout=0.2)` adds that `Dropout` in front of the first layer. We keep to hidden dropout below.
    """
)

code(
    r'''
    net = mlp.MLP([784, 256, 256, 10], dropout=0.5, seed=0)
    print(net)
    for i, layer in enumerate(net.layers):
        print(f"  layer {i}: {layer!r}")
    print("training mode:", net.training, "->", net.eval().training, "after eval()")
    '''
)

md(
    r"""
    `mlp.fit` puts the network in training mode for every optimizer step and in evaluation mode whenever it
    measures the loss and accuracy; `predict` and `mlp.evaluate` use evaluation mode too. Only when you call
    `model.forward` yourself does the mode you left the network in matter. We will see below what happens
    when it is the wrong one.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Thinned networks
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## A big network behaving like many small ones

    A dropped unit outputs 0, so the next layer receives nothing from it: as far as the rest of the network is
    concerned, the unit and all its connections, in and out, are gone for this example. What is left is a
    smaller network, which Srivastava et al. call a *thinned* network (솎아낸 신경망). The mask is drawn
    anew for every example, so every row of a mini-batch goes through its own thinned network.

    Take a tiny network with 4 inputs, two hidden layers of 5 units and 2 outputs, and push a batch of five
    rows through it in training mode. The two dropout layers keep their masks (`layer.mask`, one row per
    example), so we can see which units each example used.
    """
)

code(
    r'''
    tiny = mlp.MLP([4, 5, 5, 2], dropout=0.5, seed=4)
    x_tiny = np.random.default_rng(1).normal(size=(5, 4)).astype(np.float32)

    tiny.train()
    out_tiny = tiny.forward(x_tiny)  # 5 rows -> 5 masks per dropout layer
    dropouts = [layer for layer in tiny.layers if isinstance(layer, Dropout)]
    keep_1, keep_2 = (layer.mask > 0 for layer in dropouts)  # boolean, shape (5 examples, 5 units)
    tiny.eval()

    print("layers:", tiny)
    print("kept units of hidden layer 1, one row per example:\n", keep_1.astype(int))
    print("kept units of hidden layer 2, one row per example:\n", keep_2.astype(int))
    '''
)

md(
    r"""
    Here are the full network and the five thinned networks those masks picked. Dropped units are crossed out,
    and their connections are gone:
    """
)

code(
    r'''
    def draw_network(ax, sizes, keeps=None, title=""):
        """Circles for units, lines for connections; hidden units with keep == False are crossed out."""
        keeps = [np.ones(n, bool) for n in sizes[1:-1]] if keeps is None else list(keeps)
        alive = [np.ones(sizes[0], bool)] + keeps + [np.ones(sizes[-1], bool)]
        ys = [np.linspace(-(n - 1) / 2, (n - 1) / 2, n) for n in sizes]
        segments = [[(layer, ys[layer][i]), (layer + 1, ys[layer + 1][j])]  # between two living units only
                    for layer in range(len(sizes) - 1)
                    for i in np.flatnonzero(alive[layer]) for j in np.flatnonzero(alive[layer + 1])]
        ax.add_collection(LineCollection(segments, colors="0.55", linewidths=0.7, zorder=1))
        xs = np.concatenate([np.full(n, layer) for layer, n in enumerate(sizes)])
        kept, y = np.concatenate(alive), np.concatenate(ys)
        hidden = (xs > 0) & (xs < len(sizes) - 1)
        colours = np.where(~kept, "white", np.where(hidden, "tab:orange", "0.85"))
        ax.scatter(xs, y, s=160, c=colours, edgecolors="black", zorder=2)
        ax.scatter(xs[~kept], y[~kept], s=110, marker="x", color="0.4", zorder=3)
        ax.set_xlim(-0.4, len(sizes) - 0.6)
        ax.set_ylim(-max(sizes) / 2 - 0.2, max(sizes) / 2 + 0.2)
        ax.axis("off")
        ax.set_title(title, fontsize=9)


    fig, axes = plt.subplots(2, 3, figsize=(9, 5.2))
    draw_network(axes[0, 0], tiny.sizes, title="the full network: 10 hidden units")
    for example, ax in enumerate(axes.flat[1:]):
        kept = keep_1[example].sum() + keep_2[example].sum()
        draw_network(ax, tiny.sizes, [keep_1[example], keep_2[example]],
                     title=f"example {example + 1}: {kept} of 10 hidden units kept")
    fig.suptitle("One training forward pass of 5 examples = 5 thinned networks", fontsize=11)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Is a thinned network really just the smaller network in the picture? Let us build it: keep only the
    columns of the first weight matrix that lead to surviving units, only the rows of the next matrix that
    leave them, and fold the factor $1/q$ into the outgoing weights. Running each example through *its*
    small network must give exactly what the big network gave in training mode.
    """
)

code(
    r'''
    def thinned_weights(model, keep_1, keep_2):
        """The small network left by two masks: kept hidden units only, their outgoing weights times 1/q."""
        W1, b1, W2, b2, W3, b3 = model.parameters()
        q = 1.0 - model.dropout
        return [W1[:, keep_1], b1[keep_1], W2[keep_1][:, keep_2] / q, b2[keep_2], W3[keep_2] / q, b3]


    def run_relu_net(params, x):
        """Forward pass of a ReLU network given as [W1, b1, W2, b2, W3, b3], no dropout."""
        W1, b1, W2, b2, W3, b3 = params
        h1 = np.maximum(x @ W1 + b1, 0.0)
        h2 = np.maximum(h1 @ W2 + b2, 0.0)
        return h2 @ W3 + b3


    for example in range(5):
        small = thinned_weights(tiny, keep_1[example], keep_2[example])
        out_small = run_relu_net(small, x_tiny[example : example + 1])[0]
        n_weights = sum(w.size for w in small)
        print(f"example {example + 1}: weight matrices {[w.shape for w in small[::2]]}, {n_weights:>2} numbers; "
              f"largest difference from the big network in training mode: "
              f"{np.abs(out_small - out_tiny[example]).max():.1e}")
    print("the full network has", tiny.n_parameters, "numbers")
    '''
)

md(
    r"""
    The differences are zero or at the level of float32 rounding: a training step with dropout *is* a step
    of a small network, and the deck's "a large neural network behaving like a small one" is literally true
    for each example.

    How many thinned networks are there? Each hidden unit is either kept or dropped, so a network with $n$
    hidden units has $2^n$ of them (counting the one that drops everything). They all share the same weights:
    each thinned network uses a subset of the big network's weight matrices, so training one of them changes
    its neighbours too.
    """
)

code(
    r'''
    n_hidden = sum(tiny.sizes[1:-1])
    print(f"tiny network: {n_hidden} hidden units -> 2^{n_hidden} = {2 ** n_hidden} thinned networks")

    mnist_sizes = [784, 256, 256, 10]  # the network trained on MNIST below
    n_hidden = sum(mnist_sizes[1:-1])
    n_thinned = 2 ** n_hidden  # a Python int: exact, however large
    examples_seen = 100 * 500  # 100 epochs over 500 images: one mask per example per epoch
    print(f"MNIST network {mnist_sizes}: {n_hidden} hidden units -> 2^{n_hidden} thinned networks, "
          f"a number with {len(str(n_thinned))} digits")
    print(f"masks drawn in 100 epochs on 500 images: {examples_seen:,}, "
          f"a fraction {examples_seen / n_thinned:.1e} of all thinned networks")
    '''
)

md(
    r"""
    The MNIST network below has a number of thinned networks that is hard even to write down, and training
    will draw only a few tens of thousands of masks. Almost every thinned network is
    never trained at all, and the few that are get one step each. That this works at all is the weight
    sharing: every step improves weights that all the other thinned networks use as well.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. MNIST with and without dropout
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## With and without dropout on a small MNIST problem

    Chapter 18's recipe for overfitting is a network that is large for its data. We take 500 MNIST training
    images and a network with two hidden layers of 256 units (its size is printed below: hundreds of weights
    per training image), and another 1000 images from the training file as validation data. Then we train the same network
    twice, from the same initial weights with the same mini-batches: once without dropout and once with
    $p = 0.5$ after each hidden layer, the paper's usual value. Plain SGD, learning rate 0.1, batches of 50,
    100 epochs, an evaluation every 50 steps.
    """
)

code(
    r'''
    (x_pool, y_pool), _ = load_mnist(n_train=1500, n_test=10, seed=0)
    x_train, y_train = x_pool[:500], y_pool[:500]
    x_val, y_val = x_pool[500:], y_pool[500:]
    print("training:", x_train.shape, "  validation:", x_val.shape)
    print(f"weights and biases: {net.n_parameters:,}, that is {net.n_parameters / len(x_train):.0f} per training image")
    print("training images per digit:", np.bincount(y_train))

    runs = {}
    for p in (0.0, 0.5):
        model = mlp.MLP(mnist_sizes, dropout=p, seed=0)
        history = mlp.fit(model, mlp.SoftmaxCrossEntropy(), optim.SGD(lr=0.1), x_train, y_train,
                          epochs=100, batch_size=50, x_val=x_val, y_val=y_val, eval_every=50, seed=0)
        runs[p] = (model, history)

    print(f"\n{'':>16}{'train acc':>11}{'val acc':>9}{'best val acc':>14}{'val loss':>10}{'lowest val loss':>17}")
    for p, (model, history) in runs.items():
        last, best = history.evaluations[-1], history.best("val_accuracy")
        print(f"{'dropout p=' + str(p):>16}{last['train_accuracy']:>11.1%}{last['val_accuracy']:>9.1%}"
              f"{best['val_accuracy']:>9.1%} @{best['iteration']:<4}{last['val_loss']:>10.3f}"
              f"{history.metric('val_loss').min():>17.3f}")
    gain = runs[0.5][1].evaluations[-1]["val_accuracy"] - runs[0.0][1].evaluations[-1]["val_accuracy"]
    print(f"\nfinal validation accuracy gained by dropout: {100 * gain:.1f} percentage points")
    '''
)

code(
    r'''
    fig, (ax_acc, ax_loss) = plt.subplots(1, 2, figsize=(10, 3.8))
    for p, (model, history) in runs.items():
        steps, name = history.metric("iteration"), ("with dropout, p = 0.5" if p else "without dropout")
        ax_acc.plot(steps, history.metric("train_accuracy"), "-", color=COLOURS[p], label=f"{name}: training")
        ax_acc.plot(steps, history.metric("val_accuracy"), "--", color=COLOURS[p], label=f"{name}: validation")
        ax_loss.plot(steps, history.metric("val_loss"), "--", color=COLOURS[p], label=f"{name}: validation")
    ax_acc.set_ylim(0.6, 1.01)
    ax_acc.set_ylabel("accuracy")
    ax_loss.set_ylim(0.35, 0.8)
    ax_loss.set_ylabel("validation loss (cross-entropy)")
    for ax in (ax_acc, ax_loss):
        ax.set_xlabel("iteration")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right" if ax is ax_acc else "upper right")
    ax_acc.set_title("accuracy (both networks measured in evaluation mode)", fontsize=10)
    ax_loss.set_title("validation loss", fontsize=10)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    Both networks reach 100 % on their 500 training images: dropout does not stop a network this size from
    fitting its training set. What changes is the rest. The validation accuracy of the dropout network ends a
    little higher (the gain is printed above the plot), and its validation loss stays lower. Its training
    accuracy climbs to 100 % more slowly, because every step trained a different thinned network rather than
    the network being evaluated; Srivastava et al. report that dropout networks typically take two to three
    times longer to train. Notice also what dropout does *not* do here: the
    validation loss of the dropout network still turns upward after its lowest point, so early stopping
    (chapter 19) still has work to do. The paper, in fact, used the two together with a cap on the size of
    each unit's weights ("max-norm").

    One more comparison with the paper. Its section 7.4 trained a much bigger network (784-1024-1024-2048-10,
    with input dropout too) on MNIST subsets of different sizes and found *no* improvement from dropout with
    100 or 500 training images: the network overfitted in spite of the noise. The gains came with a few
    thousand images and shrank again as the data grew. Our smaller network on 500 images gains a little. How
    much dropout helps depends on the size of the network, the amount of data and the rest of the training
    recipe; it is not a constant.
    """
)

md(
    r"""
    ### Checking the deck's explanation

    The deck explains dropout by the small networks: they rarely overfit, because they can express too little.
    We can test that on our run. In training mode, each image goes through its own thinned network; how many
    of the *training* images do those thinned networks classify correctly? And what happens if we train a
    network of the thinned networks' typical size, two hidden layers of 128 units, on its own, without
    dropout?
    """
)

code(
    r'''
    dropout_model = runs[0.5][0]
    dropout_model.train()
    thinned_train_accuracy = accuracy(dropout_model.forward(x_train), y_train)
    dropout_model.eval()
    q = 1.0 - dropout_model.dropout
    typical = [784, int(256 * q), int(256 * q), 10]
    typical_weights = sum(a * b + b for a, b in zip(typical[:-1], typical[1:]))
    print(f"thinned networks on the training images (one mask per image): {thinned_train_accuracy:.1%} correct")
    print(f"a typical thinned network {typical} still has {typical_weights:,} weights for 500 images")

    half_model = mlp.MLP(typical, seed=0)
    half_history = mlp.fit(half_model, mlp.SoftmaxCrossEntropy(), optim.SGD(lr=0.1), x_train, y_train,
                           epochs=100, batch_size=50, x_val=x_val, y_val=y_val, eval_every=500, seed=0)
    last = half_history.evaluations[-1]
    print(f"{typical} trained alone, no dropout: training accuracy {last['train_accuracy']:.1%}, "
          f"validation accuracy {last['val_accuracy']:.1%}")
    for p, (model, history) in runs.items():
        print(f"   for comparison, {mnist_sizes} with p={p}: validation accuracy "
              f"{history.evaluations[-1]['val_accuracy']:.1%}")
    '''
)

md(
    r"""
    The thinned networks are *not* too small to overfit here: almost every training image is classified
    correctly even by a randomly thinned network, and the network of half the width, trained alone, memorizes
    its training set just like the full one and generalizes no better than it. So on this problem the deck's
    explanation does not hold as stated. What the small networks have that a single small network lacks is
    company: they share their weights, each unit has to be useful in many different thinned networks, and at
    test time one network stands in for the average of all of them. That last point is an ensemble (앙상블)
    argument, the subject of chapter 22, and it is the one Srivastava et al. make. The next two sections look
    at what "stands in for the average" means.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Why no rescaling at test time
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Why the test-time network needs no rescaling

    At test time we want one fixed answer, so no units are dropped. But the next layer was trained on inputs
    from which half the units were missing. Will it get inputs of the right size?

    With inverted dropout, yes, on average. A unit with value $h$ outputs $h/q$ with probability $q$ and $0$
    with probability $p$, so its expectation (기댓값, the mean over the random masks, not the deck's
    "expected value" 기대 값, which means the target) is

    $$
    \mathbb{E}\!\left[\frac{m}{q}\,h\right] = q \cdot \frac{h}{q} + p \cdot 0 = h,
    $$

    exactly what the unit outputs in evaluation mode. The mask adds noise around $h$ without moving its mean;
    the noise has variance (분산) $\operatorname{Var} = h^2 (1/q - 1) = h^2\, p / q$, growing quickly as $p$
    approaches 1. We check both numbers with the library's layer, giving it 100,000 copies of a row of four
    values so that every copy gets its own mask:
    """
)

code(
    r'''
    h = np.array([0.5, 1.0, 2.0, 3.0], dtype=np.float32)
    copies = np.tile(h, (100_000, 1))
    for p in (0.2, 0.5, 0.8):
        q = 1.0 - p
        layer = Dropout(p=p, seed=1)
        masked = layer.forward(copies)  # training mode: 100,000 masks
        print(f"p = {p}:  mean over masks {np.round(masked.mean(axis=0), 3)}   (evaluation mode gives {h})")
        print(f"         std over masks  {np.round(masked.std(axis=0), 3)}   "
              f"(h * sqrt(p/q) = {np.round(h * np.sqrt(p / q), 3)})")
    '''
)

md(
    r"""
    The means match the evaluation-mode values to within the sampling error, and the spreads match the
    formula. Because the next layer is linear before its activation, its pre-activation has the right mean
    too: $\mathbb{E}[(m/q \odot h)\,W + b] = h\,W + b$. Let us verify that inside the trained MNIST network,
    for one validation image: 20,000 masks on the first hidden layer, averaged at the input of the second
    layer's ReLU, against the evaluation-mode value.
    """
)

code(
    r'''
    W1, b1, W2, b2, W3, b3 = dropout_model.parameters()
    q = 1.0 - dropout_model.dropout
    h1 = np.maximum(x_val[:1] @ W1 + b1, 0.0)  # (1, 256): the first hidden layer for one image
    masks = np.random.default_rng(2).random((20_000, h1.shape[1])) < q
    z2_masked = (h1 * masks / q) @ W2 + b2  # (20000, 256): the second layer's input, one row per mask
    z2_eval = h1 @ W2 + b2

    print("mean over masks of z2 vs evaluation mode, largest difference:",
          f"{np.abs(z2_masked.mean(axis=0) - z2_eval[0]).max():.3f}",
          f"(the values of z2 range from {z2_eval.min():.2f} to {z2_eval.max():.2f})")
    h2_masked, h2_eval = np.maximum(z2_masked, 0.0), np.maximum(z2_eval, 0.0)
    print("after the ReLU: mean over masks", f"{h2_masked.mean():.3f}", " vs evaluation mode", f"{h2_eval.mean():.3f}",
          "(averaged over the 256 units)")
    '''
)

md(
    r"""
    Before the activation the averages agree (the small difference is sampling noise of 20,000 masks). After
    the ReLU they do not: the average of $\max(z, 0)$ over the masks is larger than $\max$ of the average,
    because the noise pushes some values above zero that the average leaves below. So the evaluation-mode
    network is *not* exactly the average of the thinned networks; it is a cheap approximation of it, which
    Goodfellow, Bengio and Courville call the weight scaling inference rule (가중치 비례 추론 규칙)
    {cite:p}`goodfellow2016`. We come back to how good it is in the Monte Carlo section.

    The figure shows the same averaging over masks one draw at a time, for a unit of value $h = 1$ and three
    dropout rates. The solid lines are inverted dropout: their running means settle at $h = 1$, the value the
    unit has at test time. The dashed lines are the original convention of the next section.
    """
)

code(
    r'''
    n_draws = 20_000
    draws = np.arange(1, n_draws + 1)
    ones = np.ones((n_draws, 1), dtype=np.float32)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for p, colour in zip((0.2, 0.5, 0.8), ("tab:green", "tab:red", "tab:purple")):
        q = 1.0 - p
        inverted = Dropout(p=p, seed=4).forward(ones)[:, 0]  # values 0 or 1/q
        original = (inverted > 0).astype(np.float32)  # the same masks, without the 1/q: values 0 or 1
        ax.plot(draws, np.cumsum(inverted) / draws, color=colour, label=f"p = {p}: inverted, x m / q")
        ax.plot(draws, np.cumsum(original) / draws, "--", color=colour, label=f"p = {p}: original, x m")
        ax.axhline(q, color=colour, linestyle=":", linewidth=1)
    ax.axhline(1.0, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlabel("number of masks averaged")
    ax.set_ylabel("running mean of the unit's output")
    ax.set_title("A unit of value h = 1 under dropout: the mean over masks", fontsize=10)
    ax.legend(fontsize=7, ncol=3, loc="upper right")
    ax.set_ylim(0, 2.6)
    fig.tight_layout()
    plt.show()
    '''
)

# ---------------------------------------------------------------------------------------------------
# 6. The other convention
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## The other convention: scale at test time

    The 2014 paper does it the other way round. During training the kept units pass through *unscaled*,
    $y = m \odot x$, whose mean is $q\,x$ (the dashed lines above settle at $q$, the dotted levels). At test
    time, to give the next layer inputs of that same size, the paper multiplies each unit's outgoing weights by
    $q$: $W_{\text{test}} = q\,W$, which is the same as multiplying the unit's output by $q$. Side by side:

    | | training | test | mean in training = test? |
    |---|---|---|---|
    | original {cite:p}`srivastava2014` | $m \odot x$ | $q\,x$ | $q\,x = q\,x$ ✓ |
    | inverted (`mlp`, PyTorch, Keras) | $m \odot x / q$ | $x$ | $x = x$ ✓ |

    Both keep the promise "at test time the next layer gets what it got on average in training". They differ
    only in *where the factor $q$ sits*: the inverted form divides by it during training, the original
    multiplies by it at test time. The paper itself notes this alternative in its section 10.

    Here is the original convention in a few lines of NumPy:
    """
)

code(
    r'''
    def original_dropout(x, p, training, rng):
        """Dropout as in Srivastava et al. (2014): y = m * x in training (m ~ Bernoulli(q)), y = q * x at test."""
        q = 1.0 - p
        if training:
            return x * (rng.random(x.shape) < q)
        return q * x


    rng = np.random.default_rng(5)
    print(f"{'p':>4}  {'convention':<10}{'mean in training':>24}{'at test':>24}")
    for p in (0.2, 0.5, 0.8):
        inverted_layer = Dropout(p=p, seed=5)
        rows = {
            "inverted": (inverted_layer.forward(copies).mean(axis=0), inverted_layer.eval().forward(h)),
            "original": (original_dropout(copies, p, True, rng).mean(axis=0), original_dropout(h, p, False, rng)),
        }
        for name, (train_mean, test) in rows.items():
            print(f"{p:>4}  {name:<10}{np.array2string(train_mean, precision=2):>24}"
                  f"{np.array2string(test, precision=2):>24}")
    '''
)

md(
    r"""
    In each row the training mean matches the test value; the two conventions differ by the factor $q$
    throughout. A network trained with the original convention therefore learns outgoing weights that are
    $1/q$ times those of the inverted one, $W_{\text{orig}} = W / q$, and then multiplies by $q$ at test time,
    which cancels. We can check that on the trained MNIST network: rewrite its weights in the original
    convention and run it both ways.
    """
)

code(
    r'''
    def original_convention_logits(params, q, x, scale_at_test=True):
        """Test-time forward of a network trained with the original convention (weights after dropout W/q)."""
        W1, b1, W2_orig, b2, W3_orig, b3 = params
        h1 = np.maximum(x @ W1 + b1, 0.0)
        if scale_at_test:
            h1 = q * h1  # the paper's test-time step: multiply by the keep probability
        h2 = np.maximum(h1 @ W2_orig + b2, 0.0)
        if scale_at_test:
            h2 = q * h2
        return h2 @ W3_orig + b3


    q = 1.0 - dropout_model.dropout
    original_params = [W1, b1, W2 / q, b2, W3 / q, b3]  # the same network, written in the original convention
    logits_inverted = dropout_model.eval().forward(x_val)
    logits_original = original_convention_logits(original_params, q, x_val)
    print("largest difference between the two conventions' test outputs:",
          f"{np.abs(logits_inverted - logits_original).max():.1e}")
    '''
)

md(
    r"""
    The same function, up to float32 rounding. The networks *train* slightly differently, though: since
    $W_{\text{orig}} = W/q$, a gradient step on $W_{\text{orig}}$ with learning rate $\eta$ moves $W$ as a step
    with learning rate $q^2\eta$ would, which is why the paper says the two forms are equivalent only "with
    appropriate scaling of the learning rate and weight initialization at each layer".

    Why do libraries prefer the inverted form? Because the trained network is used *as it is*. Test-time code
    does not need to know that dropout was ever used, or with which $p$; switching dropout off is the identity;
    and a network trained with $p = 0.5$ can be fine-tuned with $p = 0.3$ without touching its weights.
    """
)

md(
    r"""
    ### What goes wrong if you forget

    **The original convention without its test-time step.** Suppose the network was trained in the original
    convention and, at test time, someone forgets to multiply by $q$. Each hidden layer then hands the next
    one inputs $1/q$ times too large, and with two dropout layers the error compounds:
    """
)

code(
    r'''
    logits_forgot = original_convention_logits(original_params, q, x_val, scale_at_test=False)
    loss = mlp.SoftmaxCrossEntropy()
    ratio = np.abs(logits_forgot).mean() / np.abs(logits_original).mean()
    print(f"mean |logit|: correct {np.abs(logits_original).mean():.2f}, forgotten scaling "
          f"{np.abs(logits_forgot).mean():.2f}  (ratio {ratio:.2f}; 1/q^2 = {1 / q**2:.0f})")
    print(f"validation loss: correct {loss.forward(logits_original, y_val):.3f}, "
          f"forgotten scaling {loss.forward(logits_forgot, y_val):.3f}")
    softmax = Softmax()


    def confidence(logits):
        """The mean, over images, of the probability the network gives its predicted class."""
        return softmax.forward(logits).max(axis=1).mean()


    print(f"mean probability of the predicted class: correct {confidence(logits_original):.3f}, "
          f"forgotten scaling {confidence(logits_forgot):.3f}")
    '''
)

md(
    r"""
    The logits come out about $1/q^2 = 4$ times too large (not exactly, because the biases are not scaled).
    The softmax turns larger logits into more extreme probabilities, so the network becomes far more sure of
    itself, and the validation loss, which punishes confident mistakes hard, is several times worse. What
    about the *accuracy*? The exercise *Predict, then compute: the forgotten test-time scaling* at the end
    of the chapter asks you to predict it before you compute it.

    **Inverted dropout with the network left in training mode.** Inverted dropout cannot forget a test-time
    scaling, because it has none. Its version of the mistake is to predict with the network still in training
    mode, for example calling `model.forward` right after a training loop of your own:
    """
)

code(
    r'''
    dropout_model.train()  # the mistake: dropout still on
    accuracy_1 = accuracy(dropout_model.forward(x_val), y_val)
    accuracy_2 = accuracy(dropout_model.forward(x_val), y_val)
    dropout_model.eval()  # the fix
    print(f"validation accuracy in training mode: {accuracy_1:.1%}, and again: {accuracy_2:.1%}")
    print(f"validation accuracy in evaluation mode: {accuracy(dropout_model.forward(x_val), y_val):.1%}")
    '''
)

md(
    r"""
    Every call gives different predictions, because every call draws new masks, and each image is classified
    by one random thinned network instead of by the averaged one, which costs accuracy. `mlp.fit`,
    `mlp.evaluate` and `model.predict` switch to evaluation mode for you; a plain `model.forward` does not.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Monte Carlo
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Averaging thinned networks: the Monte Carlo view

    The evaluation-mode network approximates the average of all $2^n$ thinned networks. We cannot run them
    all, but we can *sample*: run the network in training mode $T$ times, each time with new masks, and
    average the $T$ predicted probability vectors. This is a Monte Carlo (몬테카를로) estimate of the
    average, and it becomes exact as $T$ grows. Srivastava et al. compared the two on MNIST (their section
    7.5) and found that about 50 sampled networks were needed to match the single weight-scaled network, with
    a slight edge for more samples. Here is the same comparison on our validation images:
    """
)

code(
    r'''
    T_values = [1, 2, 5, 10, 20, 50, 100]
    dropout_model.train()
    summed = np.zeros((len(x_val), 10))
    mc_accuracy, mc_loss = {}, {}
    for t in range(1, max(T_values) + 1):
        summed += softmax.forward(dropout_model.forward(x_val))  # one thinned network per image
        if t in T_values:
            mean_probs = summed / t
            mc_accuracy[t] = accuracy(mean_probs, y_val)
            mc_loss[t] = -np.mean(np.log(mean_probs[np.arange(len(y_val)), y_val]))
    dropout_model.eval()
    eval_accuracy = accuracy(logits_inverted, y_val)
    eval_loss = loss.forward(logits_inverted, y_val)

    print(f"{'T':>5}{'accuracy':>10}{'loss':>8}")
    for t in T_values:
        print(f"{t:>5}{mc_accuracy[t]:>10.1%}{mc_loss[t]:>8.3f}")
    print(f"{'eval':>5}{eval_accuracy:>10.1%}{eval_loss:>8.3f}   (one pass in evaluation mode)")
    '''
)

code(
    r'''
    fig, (ax_acc, ax_loss) = plt.subplots(1, 2, figsize=(9, 3.3))
    ax_acc.plot(T_values, [mc_accuracy[t] for t in T_values], "o-", color="tab:red", label="average of T thinned")
    ax_loss.plot(T_values, [mc_loss[t] for t in T_values], "o-", color="tab:red", label="average of T thinned")
    ax_acc.axhline(eval_accuracy, color="black", linestyle="--", label="evaluation mode (one pass)")
    ax_loss.axhline(eval_loss, color="black", linestyle="--", label="evaluation mode (one pass)")
    for ax, name in ((ax_acc, "validation accuracy"), (ax_loss, "validation loss")):
        ax.set_xscale("log")
        ax.set_xlabel("T, thinned networks averaged")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("Monte Carlo averaging of thinned networks vs the single test-time network", fontsize=10)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    One thinned network alone is clearly worse than the evaluation-mode network (it is the "forgot `eval()`"
    mistake above). Averaging a handful closes most of the gap, and with enough samples the average is as
    good as or slightly better than the single network, in accuracy and more visibly in loss, at $T$ times the
    cost of a prediction. That is why the cheap weight-scaled network is the standard way to use a dropout
    network, and why the Monte Carlo average is kept for when its extra information is worth the price: the
    *spread* of the $T$ predictions tells how unsure the network is about an input, an idea Gal and
    Ghahramani developed in 2016 as Monte Carlo dropout (몬테카를로 드롭아웃). The last exercise of the
    chapter, *Monte Carlo dropout*, asks you to write the average as a function.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Explorer: the dropout rate on a 2-D set
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Explore: the dropout rate and the decision boundary

    MNIST's 784 dimensions cannot be drawn. On a 2-D set we can *see* what dropout does to the rule a network
    learns. We take 100 points of the two moons, flip the labels of 15 % of them (chapter 18's label noise,
    the deck's "noise that creeps into the decision rule"), and train a network that is wide for 100 points,
    two hidden layers of 64 units, with Adam on the whole set at once for 1000 steps. The validation data are 500 fresh points
    from the same moons with *correct* labels, so validation accuracy measures how well the network found
    the true boundary rather than the noise. We repeat this for nine dropout rates from 0 to 0.8.
    """
)

code(
    r'''
    x_2d, y_clean = moons(n=100, noise=0.2, seed=0)
    y_2d = label_noise(y_clean, 0.15, seed=0)
    flipped = y_2d != y_clean
    x_2d_val, y_2d_val = moons(n=500, noise=0.2, seed=1)
    print(f"{flipped.sum()} of {len(y_2d)} training labels flipped")

    dropout_rates = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    runs_2d = {}
    for p in dropout_rates:
        model = mlp.MLP([2, 64, 64, 2], dropout=p, seed=0)
        history = mlp.fit(model, mlp.SoftmaxCrossEntropy(), optim.Adam(lr=0.01), x_2d, y_2d,
                          epochs=1000, batch_size=100, x_val=x_2d_val, y_val=y_2d_val, eval_every=50, seed=0)
        runs_2d[p] = (model, history)

    print(f"{'p':>4}{'train acc':>11}{'val acc':>9}")
    for p, (model, history) in runs_2d.items():
        last = history.evaluations[-1]
        print(f"{p:>4}{last['train_accuracy']:>11.1%}{last['val_accuracy']:>9.1%}")
    print(f"a rule that is right on every clean training point scores {1 - flipped.mean():.0%} "
          "on the noisy training labels")
    '''
)

md(
    r"""
    Move the slider. The circled points are the ones whose labels were flipped; the right panel shows the
    training and validation accuracy during the run.
    """
)

code(
    r'''
    def draw_dropout_rate(fig, p):
        """One frame: the decision boundary for dropout rate p, and its accuracy curves."""
        model, history = runs_2d[p]
        ax_b, ax_c = fig.subplots(1, 2, width_ratios=[1.15, 1])
        plot_decision_boundary(model, x_2d, y_2d, ax=ax_b, resolution=100)
        ax_b.scatter(x_2d[flipped, 0], x_2d[flipped, 1], s=90, facecolors="none", edgecolors="black",
                     linewidths=1.2)
        ax_b.set_title(f"dropout p = {p}", fontsize=10)
        ax_b.legend().remove()
        steps = history.metric("iteration")
        ax_c.plot(steps, history.metric("train_accuracy"), color="tab:blue", label="training (noisy labels)")
        ax_c.plot(steps, history.metric("val_accuracy"), color="tab:red", label="validation (clean labels)")
        ax_c.set_ylim(0.6, 1.01)
        ax_c.set_xlabel("iteration")
        ax_c.set_ylabel("accuracy")
        ax_c.grid(alpha=0.3)
        ax_c.legend(fontsize=7, loc="lower right")


    def accuracy_caption(p):
        last = runs_2d[p][1].evaluations[-1]
        return (f"dropout p = {p}: training accuracy <b>{last['train_accuracy']:.1%}</b>, "
                f"validation accuracy <b>{last['val_accuracy']:.1%}</b>")


    frame_explorer(draw_dropout_rate, dropout_rates, label="dropout rate p", value=0.0,
                   caption=accuracy_caption, figsize=(7.6, 3.1), dpi=72)
    '''
)

md(
    r"""
    Without dropout the boundary bends around individual flipped points, cutting out islands and peninsulas
    for them: the network learns the noise, reaching a training accuracy above what the true rule can score
    on these labels (printed above). As $p$ grows, the islands shrink and disappear, the boundary becomes a
    smooth curve between the moons, training accuracy falls to about the score of the true rule, and
    validation accuracy rises (not in perfectly even steps: each run is one random training run). The figure below sums up all nine runs.
    """
)

code(
    r'''
    finals = [runs_2d[p][1].evaluations[-1] for p in dropout_rates]
    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    ax.plot(dropout_rates, [f["train_accuracy"] for f in finals], "o-", color="tab:blue",
            label="training accuracy (noisy labels)")
    ax.plot(dropout_rates, [f["val_accuracy"] for f in finals], "s-", color="tab:red",
            label="validation accuracy (clean labels)")
    ax.axhline(1 - flipped.mean(), color="tab:blue", linestyle=":", label="the true rule on the noisy labels")
    ax.set_xlabel("dropout rate p")
    ax.set_ylabel("accuracy after 1000 steps")
    ax.set_title("Two moons, 15 % flipped labels, a 2-64-64-2 network", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    '''
)

md(
    r"""
    On this problem, validation accuracy rose with the dropout rate up to about $p = 0.6$ and then levelled
    off. That is not a general law: with a
    narrower network, or less training, a high rate leaves too few units to fit even the true rule, and the
    network underfits. Srivastava et al. found on MNIST that test error was flat for keep probabilities between
    0.4 and 0.8 (drop rates 0.2 to 0.6) and rose outside, which is why $p = 0.5$ for hidden layers became the
    default. The rate is a hyperparameter (하이퍼파라미터), to be chosen on validation data like the others.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether your
    answer is right or gives you a hint. The solutions are hidden in dropdowns; try first.
    """
)

exercise(
    "inverted_dropout",
    "Inverted dropout by hand",
    r"""
    Write `inverted_dropout(x, keep, p)`: given activations `x`, a mask `keep` of the same shape (`True`, or
    1, where a unit is kept) and the drop probability `p`, return the output of inverted dropout in training
    mode. No loops, no random numbers: the mask is given.
    """,
    r'''
    def inverted_dropout(x, keep, p):
        ### BEGIN SOLUTION
        return x * keep / (1.0 - p)
        ### END SOLUTION
    ''',
    r"""
    check.inverted_dropout(inverted_dropout)
    """,
    difficulty="warm-up",
)

exercise(
    "forgot_scaling",
    "Predict, then compute: the forgotten test-time scaling",
    r"""
    Above, the MNIST dropout network was rewritten in the original convention (`original_params`) and run
    without the test-time multiplication by $q$: its logits came out about four times too large, and the
    validation loss several times worse.

    1. **Before computing anything**, predict what happens to the validation *accuracy*. Set `my_prediction`
       to `"much lower"`, `"a little lower"`, `"about the same"` or `"higher"`.
    2. Then compute `forgot_accuracy`, the validation accuracy (a fraction between 0 and 1) of
       `logits_forgot`, the forgotten-scaling logits computed above, against `y_val`.
    """,
    r'''
    ### BEGIN SOLUTION
    # Scaling the logits up does not change which one is largest, so (almost) every prediction stays the same;
    # only the biases, which are not scaled, can flip a few close calls. The loss sees the over-confidence, the
    # accuracy does not.
    my_prediction = "about the same"
    forgot_accuracy = float(np.mean(np.argmax(logits_forgot, axis=1) == y_val))
    ### END SOLUTION
    ''',
    r"""
    check.forgot_scaling(my_prediction, forgot_accuracy, dropout_model, x_val, y_val)
    """,
    difficulty="practice",
)

exercise(
    "thin",
    "Build the thinned network",
    r"""
    Take a network with one hidden layer, $y = \operatorname{ReLU}(x W_1 + b_1)\, W_2 + b_2$, trained with
    inverted dropout (drop probability `p`) on its hidden layer. Write `thin(W1, b1, W2, keep, p)` that returns
    the weights `(W1_small, b1_small, W2_small)` of the *small* network left by the boolean mask `keep` (one
    entry per hidden unit), such that

    ```python
    np.maximum(x @ W1_small + b1_small, 0) @ W2_small + b2
    ```

    equals the big network's training-mode output with that mask. The small network must contain only the
    kept units (`W1_small` has one column per kept unit).
    """,
    r'''
    def thin(W1, b1, W2, keep, p):
        ### BEGIN SOLUTION
        q = 1.0 - p
        return W1[:, keep], b1[keep], W2[keep] / q
        ### END SOLUTION
    ''',
    r"""
    check.thin(thin)
    """,
    difficulty="practice",
)

exercise(
    "mc_predict",
    "Monte Carlo dropout",
    r"""
    Write `mc_predict(model, x, n_samples)` that returns the average, over `n_samples` thinned networks, of
    the predicted class probabilities: run `model` in training mode `n_samples` times on `x`, turn each output
    (logits) into probabilities with a softmax, and average them. The result has one row per row of `x`,
    and each row sums to 1.

    Leave the model in evaluation mode when you are done (a function that quietly leaves dropout switched on
    causes the bug shown in the chapter). `Softmax()` from `mlp.layers` is imported already.

    Then think: why average the *probabilities* and not the logits? (The check tells you how different the
    two are on its test network.)
    """,
    r'''
    def mc_predict(model, x, n_samples):
        ### BEGIN SOLUTION
        softmax = Softmax()
        model.train()
        try:
            total = 0.0
            for _ in range(n_samples):
                total = total + softmax.forward(model.forward(x))
        finally:
            model.eval()
        return total / n_samples
        ### END SOLUTION
    ''',
    r"""
    check.mc_predict(mc_predict)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 10. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Summary

    - Dropout sets each hidden unit to 0 with probability $p$ at every training step, with a new random mask
      for every example. In `mlp` it is `Dropout(p)`, or `MLP(sizes, dropout=p)` after every hidden layer
      (and `input_dropout=` on the inputs); `model.train()` and `model.eval()` switch it on and off, and `fit`, `evaluate` and `predict` do that for
      you.
    - Each mask leaves a thinned network: the same network without the dropped units and their connections.
      A network with $n$ hidden units has $2^n$ of them, all sharing one set of weights; training visits a
      vanishing fraction of them, and the shared weights carry what each step learns to all the others.
    - On 500 MNIST images, dropout raised validation accuracy a little and kept the validation loss lower,
      without stopping the network from fitting its training set; early stopping still helps. The deck's
      "small networks rarely overfit" did not hold there: the thinned networks memorized the training images
      too. Averaging many weight-sharing networks is the better explanation.
    - Inverted dropout divides the survivors by $q = 1 - p$ in training, so the expectation over masks equals
      the unscaled value and the test-time network is the trained network as it is. The original convention
      {cite:p}`srivastava2014` does not scale in training and multiplies by $q$ at test time: the same
      function, with the factor in a different place. Forgetting that test-time factor makes the outputs
      about $1/q$ too large per dropout layer; forgetting `eval()` with inverted dropout makes predictions
      random.
    - The test-time network only approximates the average of the thinned networks (the activations are not
      linear); averaging many sampled thinned networks (Monte Carlo) is as good or slightly better, at many
      times the cost.
    - The dropout rate is a hyperparameter: on noisy 2-D data, more dropout smoothed the boundary and raised
      validation accuracy; too much makes a network underfit.

    ## What's next

    Dropout trains an astronomical number of networks that share weights, and lets one network stand in for
    their average. Chapter 22 does the averaging openly: it trains several separate networks, lets them vote
    (the deck's ensemble, where one player's small mistake is drowned out by the orchestra), and looks at the
    classic ways of making the members different: bagging, boosting and stacking.
    """
)


if __name__ == "__main__":
    ch.write()
