"""Write notebooks/18-overfitting.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch18.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(18, "18-overfitting")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Overfitting

    Chapter 1 ended with a warning. A threshold learned from 200 tangerines fitted its basket a little
    better than it fitted the orchard, and we gave that gap a name: overfitting (과적합). With one number
    to learn there was little room for it. The networks of Parts II and III have tens of thousands of
    weights, and they have plenty.

    The lecture deck sums overfitting up in four statements {cite:p}`seed004`:

    - training *too much* on the given data backfires;
    - the data used in training are handled almost perfectly;
    - data not used in training are not handled properly;
    - the cause is, mostly, noise (잡음) in the data: as training goes on, information the task does not
      need becomes part of the rule that decides the class.

    Later it adds that small networks hardly ever overfit, because their power to represent things is
    limited. This chapter checks each statement on networks and data we control.

    **What you will learn**

    - why a model is judged on data it never trained on, and why that takes *three* piles of data:
      training, validation and test, and why the test pile must never be used to choose anything;
    - what overfitting looks like in numbers: training and validation curves that part, on a few hundred
      MNIST digits with clean and with noisy labels;
    - what it looks like in a picture: a decision boundary that bends around every mislabelled point,
      a little more with every step of training;
    - how the size of the network and the size of the training set decide together whether it happens
      (an explorer over both);
    - how this connects to chapter 1's generalization, and which remedies chapters 19 to 22 bring.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib and the course library `mlp`: networks and the training loop, MNIST and the
    synthetic data sets with their label-noise tool, the decision-boundary and history plots, an explorer
    widget, and the checks for the exercises.
    """
)

code(
    """
    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist
    from mlp.datasets.synthetic import label_noise, moons, train_test_split
    from mlp.plotting import plot_decision_boundary, plot_history
    from mlp.training import Callback
    from mlp.widgets import frame_explorer_2d
    from mlp.checks import ch18 as check

    CLASS_COLOURS = [plt.get_cmap("coolwarm")(0.25), plt.get_cmap("coolwarm")(0.75)]  # as the boundary plots
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. Three piles of data
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Three piles of data

    How good is a trained network? Its accuracy (정확도) on the examples it learned from is a flattering
    answer: the weights were chosen to do well on exactly those examples. Chapter 1 showed this with a
    fresh basket of tangerines. The honest answer comes from examples the network has never seen.

    There is a second, subtler trap. While we build a network we keep *choosing*: how many neurons, which
    learning rate, how many epochs (에포크). Each of these hyper-parameters (하이퍼파라미터) is picked by
    trying several values and keeping the one that does best on unseen data. But picking the best of
    several is itself a kind of fitting, and the data we picked on are no longer unseen. So the examples
    are split three ways, before anything is trained:

    - **training data (학습 데이터)**: the weights are fitted to these;
    - **validation data (검증 데이터)**: never trained on, but used to compare settings and choose
      among them (which network, how long to train);
    - **test data (테스트 데이터)**: locked away until every choice is made, then used *once*, to report
      how well the final model works on new data.

    The rule that follows is short: **never tune on the test set**. If you look at a test score, change
    something, and look again, the test set has quietly become a second validation set, and the score you
    report is optimistic. The exercise *The luckiest coin (predict first)* at the end of the chapter measures
    how optimistic, with models that know nothing at all.

    The deck does not discuss these piles; we add them because every chapter of Part IV relies on them.
    The idea of holding data out to judge a prediction rule is old in statistics. When data are too scarce
    to set a pile aside, cross-validation (교차 검증) rotates which part is held out and averages the
    results {cite:p}`stone1974`. With MNIST we have data to spare, so we simply split.
    """
)

md(
    """
    ### The piles of this chapter

    **MNIST.** We take a few hundred training images on purpose, to make the network large *for its
    data*. `load_mnist` draws a class-balanced random subset of the official training file; we split it
    into a small training pile and a larger validation pile (`train_test_split` with `stratify=True`
    keeps the ten digits equally represented in both). The test pile comes from the official test file,
    whose digits were written by other people than the training digits {cite:p}`mnist`.
    """
)

code(
    """
    N_TRAIN, N_VAL, N_TEST = 300, 1000, 1000

    (x_pool, y_pool), (x_test, y_test) = load_mnist(n_train=N_TRAIN + N_VAL, n_test=N_TEST, seed=0)
    (x_train, y_train), (x_val, y_val) = train_test_split(
        x_pool, y_pool, test_fraction=N_VAL / (N_TRAIN + N_VAL), seed=0, stratify=True)

    for name, labels in [("training", y_train), ("validation", y_val), ("test", y_test)]:
        print(f"{name:>10}: {len(labels):>5} images; per digit {np.bincount(labels, minlength=10)}")
    """
)

md(
    """
    **Noisy moons.** The second data set is two dimensional, so that we can *see* what a network learns:
    the two interleaving half circles of `moons`. We make the labels noisy on purpose.
    `label_noise(y, 0.15)` gives a random 15% of the points the other class's label, exactly as if a
    tired person had labelled them. Real data sets contain such mistakes too (an ambiguous digit, a slip
    of the mouse), and this is the label noise (레이블 잡음) the deck blames.

    All three piles are noisy, because in real life nobody hands us the true labels of the validation or
    test data either. Our data are synthetic, so we *also* keep the true labels, and can ask a question
    real data never answer: how well does a learned rule follow the moons themselves?

    The training pile is a pool of 400 points; we use its first 200 until the explorer near the end,
    which takes the first 25, 50, ... 400 of them.
    """
)

code(
    """
    FLIP = 0.15         # share of labels flipped in every pile
    SPREAD = 0.1        # how far the points scatter around the two half circles

    x_moons, y_moons_true = moons(n=400, noise=SPREAD, seed=1)
    y_moons = label_noise(y_moons_true, FLIP, seed=2)
    x_moons_val, y_moons_val_true = moons(n=1000, noise=SPREAD, seed=3)
    y_moons_val = label_noise(y_moons_val_true, FLIP, seed=4)
    x_moons_test, y_moons_test_true = moons(n=1000, noise=SPREAD, seed=5)
    y_moons_test = label_noise(y_moons_test_true, FLIP, seed=6)

    N_MOONS = 200
    x_m, y_m = x_moons[:N_MOONS], y_moons[:N_MOONS]          # the training points of sections 3 and 4
    flipped = np.flatnonzero(y_m != y_moons_true[:N_MOONS])   # which of them carry the wrong label

    print(f"training pool: {len(y_moons)} points, {np.sum(y_moons != y_moons_true)} labels flipped")
    print(f"first {N_MOONS}:     {len(flipped)} labels flipped")
    print(f"validation:    {len(y_moons_val)} points, {np.sum(y_moons_val != y_moons_val_true)} labels flipped")
    print(f"test:          {len(y_moons_test)} points, {np.sum(y_moons_test != y_moons_test_true)} labels flipped")
    """
)

md(
    """
    One consequence is worth stating before any training. Even a rule that follows the moons perfectly
    disagrees with every flipped label, so on noisy validation data no rule can expect much more than
    85% accuracy. Here is that ceiling, measured with the true labels as a "perfect rule":
    """
)

code(
    """
    ceiling = np.mean(y_moons_val_true == y_moons_val)
    print(f"accuracy of the true labels on the noisy validation labels: {ceiling:.1%}")
    """
)

md(
    """
    A picture of the training points, with the mislabelled ones ringed. Each ringed point sits among the
    other class, wearing its colour.
    """
)

code(
    """
    def show_points(ax, x, y, wrong=(), size=18):
        \"\"\"The points coloured by their (possibly noisy) labels; the indices in `wrong` get a black ring.\"\"\"
        for label in (0, 1):
            rows = y == label
            ax.scatter(x[rows, 0], x[rows, 1], s=size, color=CLASS_COLOURS[label], edgecolors="k",
                       linewidths=0.4, label=f"labelled {label}")
        wrong = np.asarray(wrong, dtype=int)
        if wrong.size:
            ax.scatter(x[wrong, 0], x[wrong, 1], s=5 * size, facecolors="none", edgecolors="k",
                       linewidths=1.2, label="label flipped")


    XLIM, YLIM = (-1.4, 2.4), (-0.9, 1.4)   # the same window in every moons picture

    fig, ax = plt.subplots(figsize=(5.6, 3.4))
    show_points(ax, x_m, y_m, flipped)
    ax.set_xlim(*XLIM)
    ax.set_ylim(*YLIM)
    ax.set_title(f"{N_MOONS} training points, {len(flipped)} of them mislabelled")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    plt.show()
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. A network large for its data: MNIST
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A network large for its data

    Our first network is an ordinary MNIST classifier: 784 inputs, two hidden layers of 128 ReLU neurons,
    10 outputs. How large is it, compared with its 300 training images?
    """
)

code(
    """
    MNIST_SIZES = [784, 128, 128, 10]
    print(f"{mlp.MLP(MNIST_SIZES, seed=0).n_parameters:,} weights and biases, "
          f"{mlp.MLP(MNIST_SIZES, seed=0).n_parameters / N_TRAIN:,.0f} per training image")
    """
)

md(
    """
    Chapter 1's threshold was one number learned from 200 tangerines. This network has hundreds of
    numbers *per training image*. It could, in principle, store every image's answer separately, which is
    memorization (암기), not learning.

    We train it the way Part III taught: Adam with learning rate 0.001, mini-batches of 30, 800 iterations
    (80 epochs over the 300 images), and every 20 iterations we measure loss and accuracy on the whole
    training pile and on the validation pile. Then we train the same network again, from the same
    starting weights, on the same images with 20% of their labels flipped.
    """
)

code(
    """
    class Snapshots(Callback):
        \"\"\"Keep a copy of the model's weights after the chosen iterations (fit calls on_iteration every step).\"\"\"

        def __init__(self, iterations):
            self.iterations = set(iterations)
            self.saved = {}

        def on_iteration(self, history, model):
            if history.iterations[-1] in self.iterations:
                self.saved[history.iterations[-1]] = model.state()


    def train_mnist(labels, keep=()):
        \"\"\"A fresh 784-128-128-10 network trained on x_train with these labels.

        Returns (network, history, weights kept after the iterations in `keep`).\"\"\"
        network, snapshots = mlp.MLP(MNIST_SIZES, seed=0), Snapshots(keep)
        history = mlp.fit(network, mlp.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=1e-3), x_train, labels,
                          max_iterations=800, batch_size=30, x_val=x_val, y_val=y_val, eval_every=20, seed=0,
                          callbacks=[snapshots])
        return network, history, snapshots.saved


    y_train_noisy = label_noise(y_train, 0.2, seed=0, n_classes=10)
    print("labels flipped in the noisy copy:", np.sum(y_train_noisy != y_train), "of", len(y_train))

    mnist_net, mnist_clean, mnist_kept = train_mnist(y_train, keep=[100])
    _, mnist_noisy, _ = train_mnist(y_train_noisy)
    """
)

code(
    """
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.2), sharex=True)
    for row, (history, name) in enumerate([(mnist_clean, "clean labels"), (mnist_noisy, "20% of labels flipped")]):
        plot_history(history, ax=axes[row], metrics=("loss", "accuracy"), show_batches=False, log_scale=True)
        axes[row, 0].set_title(f"{name}: loss (log scale)")
        axes[row, 1].set_title(f"{name}: accuracy")
    for ax in axes[0]:
        ax.set_xlabel("")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Read the curves from the left. The training loss falls and keeps falling, by orders of magnitude (the
    scale is logarithmic). The validation loss falls with it for a while, then turns and climbs: the two
    curves *part*. On the right, training accuracy reaches 100% and stays there; validation accuracy stops
    improving. The table puts numbers on both runs:
    """
)

code(
    """
    def summary(history):
        \"\"\"The numbers this chapter reads off a history.\"\"\"
        at = history.metric("iteration")
        train_acc, val_acc, val_loss = (history.metric(k) for k in ("train_accuracy", "val_accuracy", "val_loss"))
        lowest = np.argmin(val_loss)
        perfect = at[train_acc == 1.0]
        return {
            "first iteration at 100% training accuracy": int(perfect[0]) if perfect.size else "never",
            "lowest validation loss (at iteration)": f"{val_loss[lowest]:.3f} ({int(at[lowest])})",
            "validation loss at the end": f"{val_loss[-1]:.3f}",
            "validation accuracy at the lowest val. loss": f"{val_acc[lowest]:.1%}",
            "best validation accuracy (at iteration)": f"{val_acc.max():.1%} ({int(at[np.argmax(val_acc)])})",
            "validation accuracy at the end": f"{val_acc[-1]:.1%}",
            "training accuracy at the end": f"{train_acc[-1]:.1%}",
        }


    clean, noisy = summary(mnist_clean), summary(mnist_noisy)
    print(f"{'':<44}{'clean':>14}{'20% flipped':>14}")
    for key in clean:
        print(f"{key:<44}{clean[key]!s:>14}{noisy[key]!s:>14}")
    """
)

md(
    """
    Each of the deck's statements can be read off this table.

    - *Near-perfect on the training data*: both networks reach 100% training accuracy, **including the
      one whose labels are 20% wrong**. It has learned the wrong answers too, one image at a time: there
      is no rule that maps those images to those labels except "remember them".
    - *Poor on unseen data*: validation accuracy stays well below the training accuracy, whichever labels
      were used.
    - *Training too much backfires*: the validation loss is lowest early on and ends well above its
      minimum. With clean labels, accuracy merely *stalls* while the loss rises. With noisy labels the
      validation accuracy *falls* after its early peak: memorizing the wrong labels costs correct answers
      on new images.
    - *Noise is the main cause*: the noisy run is hurt much more. But the clean run overfits too, in its
      loss: 300 images are simply too few for this network.

    Why can the validation loss rise while the accuracy stays level? Cross-entropy punishes confidence in
    a wrong answer without limit. As the network memorizes its training images, its outputs become more
    and more certain everywhere, also on the validation images it gets wrong, and those images make the
    loss grow even when the number of mistakes does not change. We kept the clean run's weights after
    100 iterations, near its lowest validation loss, to compare with the end:
    """
)

code(
    """
    def mistakes(network):
        \"\"\"(share of validation images wrong, mean confidence in those wrong answers, their mean loss).\"\"\"
        probabilities = mlp.Softmax().forward(network(x_val))
        wrong = probabilities.argmax(axis=1) != y_val
        confidence = probabilities[wrong].max(axis=1)
        loss = -np.log(probabilities[wrong, y_val[wrong]])    # cross-entropy of each wrong answer
        return wrong.mean(), confidence.mean(), loss.mean()


    early_net = mlp.MLP(MNIST_SIZES, seed=0)
    early_net.load_state(mnist_kept[100])
    print(f"{'clean run':<22}{'wrong':>8}{'confidence when wrong':>24}{'loss when wrong':>18}")
    for name, network in [("after 100 iterations", early_net), ("after 800 iterations", mnist_net)]:
        share, confidence, loss = mistakes(network)
        print(f"{name:<22}{share:>8.1%}{confidence:>24.1%}{loss:>18.2f}")
    """
)

md(
    """
    Slightly fewer mistakes at the end, but made with more conviction, and each costing more loss. This
    is one reason early stopping (chapter 19) usually watches the validation *loss*: it notices
    overfitting earlier than the accuracy does.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Noise creeps into the decision rule: moons
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Noise creeps into the decision rule

    Numbers say *that* the network has learned the noise; a two-dimensional data set lets us watch *how*.
    We train two networks on the 200 noisy moons: a large one, two hidden layers of 128 tanh neurons,
    and a tiny one, two hidden layers of 2. Both use Adam with learning rate 0.02 on the full training
    pile (one step uses all 200 points) for 1500 steps. A small callback keeps a copy of each network's
    weights at four moments (the `Snapshots` callback from the MNIST runs), so that we can draw its
    decision boundary (결정 경계) as it was then.
    """
)

code(
    """
    MOMENTS = [20, 100, 300, 1500]
    MOON_NETS = {"large (2-128-128-2)": [2, 128, 128, 2], "tiny (2-2-2-2)": [2, 2, 2, 2]}

    moon_runs = {}
    for name, sizes in MOON_NETS.items():
        network = mlp.MLP(sizes, activation="tanh", seed=0)
        snapshots = Snapshots(MOMENTS)
        history = mlp.fit(network, mlp.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=0.02), x_m, y_m,
                          max_iterations=1500, batch_size=N_MOONS, x_val=x_moons_val, y_val=y_moons_val,
                          eval_every=25, seed=0, callbacks=[snapshots])
        moon_runs[name] = {"network": network, "history": history, "snapshots": snapshots.saved}

    large_net, tiny_net = (run["network"] for run in moon_runs.values())
    """
)

code(
    """
    def at_moment(name, iteration):
        \"\"\"A copy of network `name` with the weights it had after `iteration` steps.\"\"\"
        copy = mlp.MLP(MOON_NETS[name], activation="tanh", seed=0)
        copy.load_state(moon_runs[name]["snapshots"][iteration])
        return copy


    def accuracy(network, x, y):
        return float(np.mean(network.predict(x) == y))


    fig, axes = plt.subplots(2, len(MOMENTS), figsize=(11, 5.2), sharex=True, sharey=True)
    for row, name in enumerate(moon_runs):
        for col, iteration in enumerate(MOMENTS):
            ax, network = axes[row, col], at_moment(name, iteration)
            plot_decision_boundary(network, x_m, ax=ax, show_points=False, resolution=120, xlim=XLIM, ylim=YLIM)
            show_points(ax, x_m, y_m, flipped, size=8)
            ax.set_title(f"step {iteration}: training {accuracy(network, x_m, y_m):.0%}, "
                         f"validation {accuracy(network, x_moons_val, y_moons_val):.0%}", fontsize=8.5)
        axes[row, 0].set_ylabel(name)
    fig.suptitle("Decision boundaries during training", fontsize=11)
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=8)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    plt.show()
    """
)

md(
    """
    Follow the top row from left to right. After 20 steps the large network has a rough, almost straight
    boundary. After 100 it has found the shape of the moons: the broad pattern that most points agree on
    is learned first. Then the noise creeps in. By step 300 the boundary has grown tentacles and islands,
    around many of the ringed points, to put them on the side their wrong labels ask for.
    By step 1500 the decision rule contains nearly every mistake of the labeller (the exercise *How much
    of the noise was learned?* counts them), and training accuracy is at or next to 100%. Each island is also a region where *new* points
    will be classified wrongly.

    The bottom row is the tiny network. It has too few neurons to draw islands, so it cannot follow the
    noise however long it trains; its boundary stays a smooth curve through the gap between the moons.
    This is the deck's remark that small networks rarely overfit because their power to represent
    things, their capacity (표현 능력), is limited {cite:p}`goodfellow2016`.

    Here are the same two runs as curves:
    """
)

code(
    """
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    for name, colour in zip(moon_runs, ["tab:purple", "tab:green"]):
        history = moon_runs[name]["history"]
        at = history.metric("iteration")
        for key, style, part in [("train", "--", "training"), ("val", "-", "validation")]:
            axes[0].plot(at, history.metric(f"{key}_loss"), style, color=colour, label=f"{name}, {part}")
            axes[1].plot(at, history.metric(f"{key}_accuracy"), style, color=colour, label=f"{name}, {part}")
    axes[1].axhline(ceiling, color="k", linewidth=0.8, linestyle=":", label="true labels (the ceiling)")
    axes[0].set_yscale("log")
    axes[0].set_title("loss (log scale)")
    axes[1].set_title("accuracy")
    for ax in axes:
        ax.set_xlabel("iteration")
    axes[1].legend(fontsize=7, loc="center left", bbox_to_anchor=(1.02, 0.5))   # beside the panel, off the curves
    fig.tight_layout()
    plt.show()

    for name, run in moon_runs.items():
        s = summary(run["history"])
        print(f"{name}: best validation accuracy {s['best validation accuracy (at iteration)']}, "
              f"at the end {s['validation accuracy at the end']} (training {s['training accuracy at the end']})")
    """
)

md(
    """
    The large network's curves part exactly as the MNIST ones did: its validation accuracy peaks early,
    while the boundary is still smooth, and sinks as the islands grow. (The brief spikes in its training
    loss are single Adam steps that overshoot at this fairly large learning rate; training recovers
    within a few dozen steps.) The tiny network's two curves stay
    close together and its validation accuracy holds near the ceiling set by the noisy labels (the dotted
    line).

    Because the data are synthetic we can also score each network against the *true* validation labels,
    which measures how well its rule follows the moons themselves:
    """
)

code(
    """
    for name, run in moon_runs.items():
        print(f"{name}: agrees with the true labels on {accuracy(run['network'], x_moons_val, y_moons_val_true):.1%} "
              f"of the validation points")
    """
)

md(
    """
    The order in which things are learned matters for what comes next. Signal first, noise later is
    not an accident of this example: large networks can memorize even labels that are completely random,
    but they learn real patterns before they memorize {cite:p}`zhang2017,arpit2017`. That is
    why stopping at the right moment, the subject of chapter 19, works at all.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Model size x training-set size: the explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Size of the network, size of the data

    Whether a network overfits depends on its capacity *relative to* its data: the same network that
    memorizes 25 points may be forced to generalize by 400. To see both effects at once we train a grid
    of networks, four widths (two hidden tanh layers of 2, 8, 32 or 128 neurons) times five training-set
    sizes (the first 25, 50, 100, 200 or 400 points of the noisy pool), each for 600 full-batch Adam steps
    at learning rate 0.02, and measure each on the same validation pile.
    """
)

code(
    """
    WIDTHS = [2, 8, 32, 128]
    SIZES = [25, 50, 100, 200, 400]

    grid_nets = {}
    train_acc = np.zeros((len(WIDTHS), len(SIZES)))
    val_acc = np.zeros_like(train_acc)
    for i, width in enumerate(WIDTHS):
        for j, n in enumerate(SIZES):
            network = mlp.MLP([2, width, width, 2], activation="tanh", seed=0)
            mlp.fit(network, mlp.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=0.02), x_moons[:n], y_moons[:n],
                    max_iterations=600, batch_size=n, eval_every=600, seed=0)
            grid_nets[width, n] = network
            train_acc[i, j] = accuracy(network, x_moons[:n], y_moons[:n])
            val_acc[i, j] = accuracy(network, x_moons_val, y_moons_val)

    gap = train_acc - val_acc    # the generalization gap of every network
    print("generalization gap (training minus validation accuracy, in points):")
    print(f"{'width':>8}" + "".join(f"{f'n = {n}':>10}" for n in SIZES))
    for i, width in enumerate(WIDTHS):
        print(f"{width:>8}" + "".join(f"{100 * g:>10.0f}" for g in gap[i]))
    """
)

md(
    """
    The difference between training and validation accuracy, the generalization gap (일반화 격차), is
    the size of the overfitting. Drag the two sliders to see the network behind each number: its decision
    boundary over its own training points, mislabelled ones ringed. (All 20 pictures were drawn in advance,
    so the explorer also works in the online book.)
    """
)

code(
    """
    def draw_grid_frame(fig, width, n):
        \"\"\"One explorer frame: the boundary of the width-`width` network trained on the first n points.\"\"\"
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.11, right=0.98, bottom=0.09, top=0.97)
        plot_decision_boundary(grid_nets[width, n], x_moons[:n], ax=ax, show_points=False, resolution=120,
                               xlim=XLIM, ylim=YLIM)
        wrong = np.flatnonzero(y_moons[:n] != y_moons_true[:n])
        show_points(ax, x_moons[:n], y_moons[:n], wrong, size=12)


    def grid_caption(width, n):
        i, j = WIDTHS.index(width), SIZES.index(n)
        return (f"width {width}, {n} training points: training <b>{train_acc[i, j]:.0%}</b>, "
                f"validation <b>{val_acc[i, j]:.0%}</b>, gap <b>{100 * gap[i, j]:.0f}</b> points")


    frame_explorer_2d(draw_grid_frame, WIDTHS, SIZES, label_a="hidden width", label_b="training points",
                      value_a=128, value_b=100, caption=grid_caption, figsize=(4.6, 2.9), dpi=72, layout=None,
                      description="Each picture: one trained network's decision boundary and its training "
                                  "points (ringed: mislabelled).")
    """
)

md(
    """
    The two tables together, as pictures:
    """
)

code(
    """
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.3))
    panels = [(val_acc, "validation accuracy", "viridis", "{:.0%}"),
              (gap, "generalization gap (training - validation)", "magma_r", "{:.0%}")]
    for ax, (values, title, cmap, fmt) in zip(axes, panels):
        image = ax.imshow(values, cmap=cmap, aspect="auto")
        for (i, j), value in np.ndenumerate(values):
            red, green, blue, _ = image.cmap(image.norm(value))
            dark = 0.3 * red + 0.6 * green + 0.1 * blue < 0.5        # white text on dark cells
            ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=8, color="w" if dark else "k")
        ax.set_xticks(range(len(SIZES)), SIZES)
        ax.set_yticks(range(len(WIDTHS)), WIDTHS)
        ax.set_xlabel("training points")
        ax.set_ylabel("hidden width")
        ax.set_title(title, fontsize=10)
        fig.colorbar(image, ax=ax, format=lambda v, _: f"{v:.0%}")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    What to look for, in the explorer and in the two panels:

    - **Along a row** (one network, more data) the gap shrinks, at least from 100 points on: every added
      point is one more constraint the boundary must meet, and many mislabelled points scattered among
      many correct ones cost more bending than a few. Below 100 points the numbers jump about, because
      *which* few points were drawn, and which of them were flipped, matters as much as how many.
    - **Down a column** (the same data, a bigger network) the tiny network has the smallest gap once it
      has 50 points or more; the wider networks have far more room for islands and use it.
    - **The top row** (width 2) stays honest once it has a reasonable amount of data: its training and
      validation accuracies meet near the ceiling, like the tiny network of the last section. With 25
      points, though, even it overfits: "small networks rarely overfit" holds only when the data are
      not tiny as well.

    The claims in that list are simple comparisons of the table, so here they are as code:
    """
)

code(
    """
    print("every width has a smaller gap with 400 points than with 100:", bool(np.all(gap[:, -1] < gap[:, 2])))
    print("from 50 points on, width 2 has the smallest gap of its column:",
          bool(np.all(gap[0, 1:] < gap[1:, 1:].min(axis=0))))
    print(f"width 2 with 25 points: training {train_acc[0, 0]:.0%}, validation {val_acc[0, 0]:.0%}")

    i, j = np.unravel_index(np.argmax(val_acc), val_acc.shape)
    print(f"best validation accuracy in the grid: {val_acc[i, j]:.1%}, width {WIDTHS[i]} with {SIZES[j]} points "
          f"(the ceiling is {ceiling:.1%})")
    print(f"the widest network with the most data: {val_acc[-1, -1]:.1%}")
    """
)

md(
    """
    The best network of the grid is the one just large enough for the real shape, trained on the most
    data. For the moons, two tanh neurons per layer happen to be enough; a harder task needs a larger
    network, and then more data to keep it honest. Capacity must match the task *and* the data.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Back to chapter 1
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Back to chapter 1: generalization

    Chapter 1 defined generalization (일반화) as how well a rule learned from some examples works on new
    ones. This chapter has made that measurable, and has shown what decides it.

    The learned tangerine threshold was one number, so the only way the basket could mislead it was to
    shift it a little. A network with thousands of weights can be misled in thousands of ways at once: it
    can bend its boundary around single points, or store the label of single images. The more freedom a
    model has compared with the number of examples that pin it down, the more of the training data's
    accidents it absorbs. Here is that ratio for the grid:
    """
)

code(
    """
    print(f"{'width':>8}{'weights':>9}" + "".join(f"{f'per point (n={n})':>19}" for n in (SIZES[0], SIZES[-1])))
    for width in WIDTHS:
        count = grid_nets[width, SIZES[0]].n_parameters
        print(f"{width:>8}{count:>9}" + "".join(f"{count / n:>19.2f}" for n in (SIZES[0], SIZES[-1])))
    """
)

md(
    """
    The ratio is only a rough guide. The 784-128-128-10 network had hundreds of weights per image and
    still reached a fair validation accuracy on clean labels, and {cite:t}`zhang2017` found very large
    networks that generalize well although they *could* memorize. What a network actually learns depends
    also on the data, on the training, and on how long it runs. But the direction holds in every
    experiment above: more capacity per example means more room for noise.

    So there are two obvious cures, more data or a smaller network, and a third idea: keep the large
    network, but stop it before it memorizes, or make memorizing hard for it. More data is often not to
    be had, so the next four chapters follow the third idea.
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
    "three_way_split",
    "Three piles",
    """
    Write `three_way_split(n, n_val, n_test, seed=0)` that splits the examples `0, 1, ..., n-1` into three
    piles and returns three integer arrays of indices, **in the order** `train, val, test`:

    - `val` holds `n_val` indices, `test` holds `n_test`, and `train` all the others;
    - no index appears in two piles, and together they hold every index once;
    - the piles are chosen at random (shuffle the indices first with `np.random.default_rng(seed)`), so that
      a data file sorted by class, as many are, still gives piles with every class;
    - the same `seed` gives the same piles.
    """,
    """
    def three_way_split(n, n_val, n_test, seed=0):
        ### BEGIN SOLUTION
        order = np.random.default_rng(seed).permutation(n)
        val = order[:n_val]
        test = order[n_val:n_val + n_test]
        train = order[n_val + n_test:]
        return train, val, test
        ### END SOLUTION
    """,
    """
    check.three_way_split(three_way_split)
    """,
    difficulty="warm-up",
)

md(
    """
    The next exercise is about the rule "never tune on the test set". The cell below builds 100 "models"
    that know nothing: each one ignores its input and flips a coin for every example. Row `m` of
    `guesses` holds model `m`'s guesses for the 100 examples of a small held-out set with labels
    `y_heldout`; `fresh_guesses` and `y_fresh` are the same models on 100 new examples.
    """
)

code(
    """
    coins = np.random.default_rng(18)
    y_heldout = coins.integers(0, 2, size=100)
    guesses = coins.integers(0, 2, size=(100, 100))        # 100 models x 100 held-out examples
    y_fresh = coins.integers(0, 2, size=100)
    fresh_guesses = coins.integers(0, 2, size=(100, 100))  # the same 100 models on 100 new examples
    """
)

exercise(
    "lucky_guessers",
    "The luckiest coin (predict first)",
    """
    Every one of these models is right half of the time, on average. Suppose we pick the one that scores
    best on the held-out set, as we would pick a network by its validation (or, wrongly, test) accuracy.

    1. **Before computing anything**, set `my_prediction` to your guess of the best model's accuracy on the
       held-out set, as a fraction (for example `0.5` for 50%).
    2. Compute `best_accuracy`, the accuracy of the best model on the held-out set (if several tie, the
       first of them, as `np.argmax` picks).
    3. Compute `fresh_accuracy`, the accuracy of *that same model* on the fresh examples.
    """,
    """
    ### BEGIN SOLUTION
    my_prediction = 0.55    # our guess, written down before running anything
    accuracies = np.mean(guesses == y_heldout, axis=1)   # one accuracy per model
    best = int(np.argmax(accuracies))
    best_accuracy = float(accuracies[best])
    fresh_accuracy = float(np.mean(fresh_guesses[best] == y_fresh))
    ### END SOLUTION
    """,
    """
    check.lucky_guessers(my_prediction, best_accuracy, fresh_accuracy, guesses, y_heldout, fresh_guesses, y_fresh)
    """,
    difficulty="practice",
)

exercise(
    "memorized_fraction",
    "How much of the noise was learned?",
    """
    Write `memorized_fraction(network, x, labels, wrong)`: the fraction of the mislabelled points (their
    indices are in `wrong`) that `network` classifies *with their wrong label*, that is, the share of the
    labeller's mistakes the network has copied. Use `network.predict(x)`, which returns one class per row.

    The check runs your function on the large and the tiny network of the moons section, after their 1500
    steps (`large_net`, `tiny_net`). Before you run it: which will copy more of the noise, and roughly how
    much?
    """,
    """
    def memorized_fraction(network, x, labels, wrong):
        ### BEGIN SOLUTION
        predicted = network.predict(x[wrong])
        return float(np.mean(predicted == labels[wrong]))
        ### END SOLUTION
    """,
    """
    check.memorized_fraction(memorized_fraction, large_net, tiny_net, x_m, y_m, flipped)
    """,
    difficulty="practice",
)

exercise(
    "pick_width",
    "Choose on validation, report on test",
    """
    You are allowed to train on the whole pool of 400 noisy points and must deliver one network from the
    grid's column `n = 400`. Do it properly.

    1. Write `pick_width(widths, train_accuracy, val_accuracy)` that returns the width (an element of
       `widths`, not its position) whose network has the highest validation accuracy; if several tie,
       the smallest width (the simpler network).
    2. Use it on the grid's last column (`train_acc[:, -1]`, `val_acc[:, -1]`) and set `chosen_width`.
    3. Only now open the locked pile: set `test_accuracy` to the chosen network's accuracy on the noisy
       moons test data `x_moons_test`, `y_moons_test`. The networks are in `grid_nets[width, n]`.

    When the check passes it compares the validation and test accuracy of your choice. Which of the two
    would you report, and why might the other be a little optimistic, even here?
    """,
    """
    def pick_width(widths, train_accuracy, val_accuracy):
        ### BEGIN SOLUTION
        best = int(np.argmax(val_accuracy))   # np.argmax returns the first of tied maxima
        return widths[best]                   # the widths are listed smallest first
        ### END SOLUTION


    ### BEGIN SOLUTION
    chosen_width = pick_width(WIDTHS, train_acc[:, -1], val_acc[:, -1])
    test_accuracy = accuracy(grid_nets[chosen_width, SIZES[-1]], x_moons_test, y_moons_test)
    ### END SOLUTION
    """,
    """
    check.pick_width(pick_width, chosen_width, test_accuracy, WIDTHS, train_acc[:, -1], val_acc[:, -1],
                     grid_nets, x_moons_test, y_moons_test)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 8. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - A model is judged on data it did not train on. Choosing settings on held-out data is itself a kind
      of fitting, so the data are split three ways: training data fit the weights, validation data choose
      the settings, and test data, used once at the end, report the result. Never tune on the test set.
    - Overfitting shows as training and validation curves that part: training accuracy near 100% and
      training loss still falling, while validation loss rises after an early minimum and validation
      accuracy stalls (clean labels) or falls (noisy labels).
    - A large network learns the broad pattern first and the noise later; given time, it bends its
      decision boundary around every mislabelled point. That is the deck's "noise creeping into the
      decision rule".
    - Whether it happens depends on capacity relative to data: the gap grows with the network and shrinks
      with the training set. Small networks rarely overfit, unless the data are tiny too.
    - Generalization, chapter 1's word, is what the validation and test scores measure; the
      generalization gap is the size of the overfitting.

    ## What's next

    The deck lists four remedies, and each gets a chapter:

    - **Chapter 19, early stopping (조기 종료)**: watch the validation loss and stop where it was lowest,
      keeping the best weights: the moment, in this chapter's pictures, when the boundary had the moons'
      shape but no islands yet {cite:p}`prechelt1998`.
    - **Chapter 20, regularization (규제)**: make large weights expensive, so that the boundary cannot
      bend sharply {cite:p}`krogh1992`. The deck calls this 정규화, "making the data general", a word
      the course keeps for *normalization* (chapter 6), so we use 규제 for regularization.
    - **Chapter 21, dropout (드롭아웃)**: switch random neurons off during training, so that a large
      network behaves like many small ones, which, as we saw, rarely overfit {cite:p}`srivastava2014`.
    - **Chapter 22, ensembles (앙상블)**: let many small models vote, so that one model's mistake is
      outvoted {cite:p}`breiman1996`.
    """
)


if __name__ == "__main__":
    ch.write()
