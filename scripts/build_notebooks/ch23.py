"""Write notebooks/23-what-is-deep-learning.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch23.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(23, "23-what-is-deep-learning")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    """
    # So what is deep learning?

    The lecture deck this course follows ends with a question it asks itself: after the tangerines, the
    perceptron, back-propagation, six optimizers and four remedies for overfitting, *what is deep learning
    (딥러닝), strictly speaking?* Its answer is short and deliberately deflating: an optimization
    (최적화) program that runs over many nodes. Give it N pictures and ask for M class labels, and it
    searches for the set of weights (가중치) on the connections between the nodes that makes the
    outputs come out as wanted.

    This last chapter takes that answer seriously, checks it with code, and uses it to put the whole
    course on one page.

    **What you will learn**

    - the deck's definition, made concrete: the complete training loop is four calls, and `mlp.fit` is
      exactly that loop;
    - where the brain analogy (the strength of a synapse as a weight) holds, and three concrete places
      where it does not;
    - a map of the course: each chapter, the one idea it added, and the piece of `mlp` that implements it;
    - one MNIST network that uses all the pieces at once, and a small ablation that measures what each
      piece contributed, with an honest reading of how much a 2000-image test set can tell apart;
    - where to go next: convolutional networks in depth, recurrent networks and transformers, and PyTorch,
      which does what `mlp` does, faster and with automatic gradients.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib, and most of `mlp`: the network, the loss, two optimizers, `fit` with early
    stopping, MNIST, the plotting helpers, an explorer widget and the checks for the exercises.
    """
)

code(
    """
    import importlib

    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator
    from IPython.display import Markdown, display

    import mlp
    from mlp import MLP, Dense, EarlyStopping, SoftmaxCrossEntropy, fit
    from mlp.optim import SGD, Adam
    from mlp.datasets import load_mnist
    from mlp.training import accuracy, forward_batched, snapshot, load_snapshot
    from mlp.plotting import show_digits
    from mlp.widgets import frame_explorer
    from mlp.checks import ch23 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The deck's definition, in code
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The deck's answer: an optimizer over many weights

    The deck's closing slide says it in one sentence: deep learning is a program that takes N pictures
    as input, should output M classification results, and *optimizes the weights on the paths between the
    nodes to a set of values that satisfies all those conditions*. Every word of that sentence is a piece
    of code we have written. Here is the data: MNIST digits, split three ways as in chapter 18 (training
    data for the weights, validation data (검증 데이터) for the choices, test data (테스트 데이터)
    touched only to report).
    """
)

code(
    """
    (x_all, y_all), (x_test, y_test) = load_mnist(n_train=22000, n_test=2000, seed=0)
    x_train, y_train = x_all[:20000], y_all[:20000]
    x_val, y_val = x_all[20000:], y_all[20000:]
    print("training:", x_train.shape, " validation:", x_val.shape, " test:", x_test.shape)
    print("N inputs per picture:", x_train.shape[1], "  M outputs (classes):", len(np.unique(y_train)))
    """
)

md(
    """
    The network is `MLP([784, 128, 10])`: 784 pixel inputs, one hidden layer, 10 outputs. "The weights on
    the paths between the nodes" are its parameters, and we can count them:
    """
)

code(
    """
    model = MLP([784, 128, 10], seed=0)
    shapes = [p.shape for p in model.parameters()]
    n_parameters = sum(p.size for p in model.parameters())
    print("parameter arrays:", shapes)
    print("numbers to optimize:", n_parameters)
    """
)

md(
    """
    And "optimizes" is the loop of Part II and Part III. Stripped of everything optional (validation,
    history, early stopping), training is four calls per mini-batch: forward, loss, backward, step. Here
    it is written out for one epoch over 2000 images, next to `mlp.fit` doing the same epoch without
    shuffling. If `fit` is nothing more than this loop, the two runs must end with *identical* weights.
    """
)

code(
    """
    x_small, y_small = x_train[:2000], y_train[:2000]

    by_hand = MLP([784, 128, 10], seed=0)
    loss, optimizer = SoftmaxCrossEntropy(), Adam(lr=1e-3)
    by_hand.train()
    for start in range(0, len(x_small), 64):
        xb, yb = x_small[start:start + 64], y_small[start:start + 64]
        loss.forward(by_hand.forward(xb), yb)                      # how wrong are we?
        by_hand.backward(loss.backward())                          # who is to blame, weight by weight?
        optimizer.step(by_hand.parameters(), by_hand.gradients())  # move every weight a little

    with_fit = MLP([784, 128, 10], seed=0)
    fit(with_fit, SoftmaxCrossEntropy(), Adam(lr=1e-3), x_small, y_small, epochs=1, batch_size=64, shuffle=False)

    same = all(np.array_equal(a, b) for a, b in zip(by_hand.parameters(), with_fit.parameters()))
    print("identical weights after one epoch:", same)
    print(f"training accuracy after one epoch: {accuracy(forward_batched(by_hand, x_small), y_small):.3f}")
    """
)

md(
    """
    So the deck is right, and it is the most useful sentence in it: there is no hidden ingredient. A
    network is a function with many adjustable numbers; a loss turns "the outputs we want" into one number;
    back-propagation (역전파) gives the slope of that number for every weight; an optimizer walks
    downhill. Everything else in the course is about doing that walk well.

    One word in the slide needs correcting, though, and Part IV is the correction. The slide asks for
    weights that satisfy *all* the conditions, every training picture mapped to its label. That is exactly
    what an over-fitted network achieves (chapter 18). What we want is the conditions we have *not* seen:
    the test pictures. Deep learning is optimization of the training loss, used as a stand-in for a goal
    that cannot be optimized directly, generalization (일반화).
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The brain analogy and its limits
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Is this intelligence? The brain analogy and its limits

    The deck anticipates the objection ("then isn't this not artificial intelligence (인공지능) at
    all?") and answers it with the brain: the brain, too, runs an optimization that turns many inputs into
    the right outputs. A connection between two nerve cells, a synapse (시냅스), grows stronger and more
    sensitive the more it is used (Hebb's idea, chapter 2); a network models that strength as the weight
    between two neurons (뉴런). Deep learning, in the deck's words, is "just" that.

    The analogy is where the field came from {cite:p}`mcculloch1943,rosenblatt1958`, and it is a
    fine first picture. But it is an analogy, and it is worth being concrete about where it stops. First,
    scale. The numbers below are the usual estimates for the human brain (neurons: {cite:t}`azevedo2009`;
    synapses: an order of magnitude, often quoted as about $10^{14}$; power: about 20 watts).
    """
)

code(
    """
    BRAIN_NEURONS = 86e9        # Azevedo et al. (2009), by counting cell nuclei
    BRAIN_SYNAPSES = 1e14       # an order-of-magnitude estimate (1e14 to 1e15 are both quoted)
    hidden_and_output_units = 128 + 10

    print(f"our network: {hidden_and_output_units} neurons, {n_parameters:,} weights and biases")
    print(f"a brain:     {BRAIN_NEURONS:.1e} neurons, about {BRAIN_SYNAPSES:.0e} synapses")
    print(f"synapses per weight of ours: {BRAIN_SYNAPSES / n_parameters:.1e}")
    print(f"synapses per neuron: about {BRAIN_SYNAPSES / BRAIN_NEURONS:,.0f}; "
          f"inputs per hidden neuron of ours: {model.parameters()[0].shape[0]}")
    """
)

md(
    """
    Scale is the smallest difference. Three deeper ones, each concrete:

    1. **Real neurons spike.** A biological neuron does not output a number every step; it fires brief,
       all-or-none electrical pulses, and information is carried by *when* and *how often* they come. Our
       units output a real number (a ReLU value) once per forward pass, with no time in it at all.
    2. **Real connections are local and sparse.** A cortical neuron connects to some thousands of others,
       mostly nearby, out of tens of billions. A `Dense` layer connects every input to every unit; its
       weight matrix is full.
    3. **Real learning has no known global backward pass.** As far as is known, a synapse changes using
       signals available where it is: the activity of the two cells it joins, plus broadcast chemical
       signals. Back-propagation needs more: each layer's error is computed from the *same* weights used
       on the way forward, transposed, and carried back through the whole network. In `mlp`, `Dense`
       computes $\\partial L/\\partial x = g\\,W^\\top$, which we can check in one line. For the brain to do
       this, the backward path would have to know the forward path's weights exactly (the "weight
       transport problem", Crick, 1989; Lillicrap et al., 2016 showed random feedback weights can still
       train small networks).
    """
)

code(
    """
    layer = Dense(4, 3, seed=0)
    x_demo = np.random.default_rng(0).normal(size=(2, 4)).astype(np.float32)
    layer.forward(x_demo)
    g = np.ones((2, 3), dtype=np.float32)             # some error arriving from above
    W = layer.params[0]
    print("backward pass = the error times the forward weights, transposed:",
          np.allclose(layer.backward(g), g @ W.T))
    """
)

md(
    """
    So the honest version of the deck's answer: deep learning borrowed one idea from the brain, that
    behaviour can live in the strengths of many connections and be learned by adjusting them, and then
    did the adjusting with calculus. Whether that counts as "intelligence" is a question about the word;
    what the networks can do is a question we can answer with experiments, and the rest of this chapter
    does that.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. The course on one page
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The course on one page

    Each chapter added one idea, and each idea lives in a piece of `mlp`. The table below is generated
    from a list in the code: every "piece" is looked up in the library as the page is built, so a piece
    that did not exist would stop the build instead of sitting in the table as a promise. (Chapters 1, 5
    and 15 to 17 are about data and experiments rather than a piece of the library; their column names
    the helper they used.)
    """
)

code(
    """
    COURSE_MAP = [
        (1, "Sorting tangerines", "a rule learned from labelled examples", "mlp.datasets.synthetic.tangerines"),
        (2, "Neurons and the perceptron", "weighted sum and threshold; learn from mistakes", "mlp.Perceptron"),
        (3, "XOR and the multi-layer perceptron", "hidden layers draw more than one line", "mlp.MLP"),
        (4, "Back-propagation by hand", "blame each weight by the chain rule", "mlp.Dense.backward"),
        (5, "Data in, numbers through", "every input becomes a row of numbers", "mlp.datasets.load_mnist"),
        (6, "Activation functions", "non-linearity with a useful derivative", "mlp.ReLU"),
        (7, "Loss functions", "one number for how wrong the outputs are", "mlp.SoftmaxCrossEntropy"),
        (8, "Gradient descent", r"walk downhill: $w \\leftarrow w - \\eta\\, dL/dw$", "mlp.fit"),
        (9, "SGD", "a gradient from a mini-batch", "mlp.optim.SGD"),
        (10, "Momentum", "a velocity that smooths the steps", "mlp.optim.Momentum"),
        (11, "AdaGrad", "a step size for every weight", "mlp.optim.AdaGrad"),
        (12, "RMSProp", "forget old gradients", "mlp.optim.RMSProp"),
        (13, "Adadelta", "steps in the units of the weights", "mlp.optim.Adadelta"),
        (14, "Adam", "momentum and per-weight scale, bias-corrected", "mlp.optim.Adam"),
        (15, "Optimizers compared on MNIST", "compare on equal terms, report the settings", "mlp.History"),
        (16, "Batch size and learning rate", "the two knobs interact", "mlp.lenet"),
        (17, "Optimizers on a small CNN", "the same optimizers on convolutions", "mlp.layers.Conv2D"),
        (18, "Overfitting", "judge on data the model never saw", "mlp.datasets.synthetic.label_noise"),
        (19, "Early stopping", "stop where validation loss is best", "mlp.EarlyStopping"),
        (20, "Regularization", "make the task harder: L2 weight decay", "mlp.optim.Adam(weight_decay=...)"),
        (21, "Dropout", "many thinned networks share one set of weights", "mlp.Dropout"),
        (22, "Ensembles", "many models vote; one model's error is outvoted", "mlp.VotingEnsemble"),
    ]


    def resolve(piece):
        \"\"\"The library object a dotted name (optionally with a call written after it) refers to.\"\"\"
        dotted = piece.split("(")[0]
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):   # longest importable module prefix, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for name in parts[cut:]:
                obj = getattr(obj, name)
            return obj
        raise ImportError(piece)


    rows = ["| ch. | chapter | the one idea it added | the `mlp` piece |", "|---:|---|---|---|"]
    for number, title, idea, piece in COURSE_MAP:
        resolve(piece)                          # raises if the library lacks the piece
        rows.append(f"| {number} | {title} | {idea} | `{piece}` |")
    display(Markdown("\\n".join(rows)))
    print(f"{len(COURSE_MAP)} chapters, every piece found in mlp {mlp.__version__}")
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. One network with all the pieces, and an ablation
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## One network with every piece, and what each piece contributed

    Now we build a network that uses the pieces of Parts II to IV together: an MLP with dropout
    (드롭아웃, chapter 21), trained with Adam (chapter 14) with weight decay (가중치 감쇠, chapter 20),
    stopped early on validation loss (조기 종료, chapter 19). To see what each piece adds, we climb a
    ladder: start from plain SGD (chapter 9) and add one piece per rung, keeping everything else fixed:
    the same 2000 training images, the same 128 hidden units, the same seed, at most 20 epochs. Taking
    pieces out (or adding them) one at a time to measure their effect is called an ablation (절제 실험).
    """
)

code(
    """
    RUNGS = [
        ("SGD", dict(optimizer=lambda: SGD(lr=0.1), dropout=0.0, patience=None)),
        ("+ Adam", dict(optimizer=lambda: Adam(lr=1e-3), dropout=0.0, patience=None)),
        ("+ dropout 0.3", dict(optimizer=lambda: Adam(lr=1e-3), dropout=0.3, patience=None)),
        ("+ weight decay 1e-4", dict(optimizer=lambda: Adam(lr=1e-3, weight_decay=1e-4), dropout=0.3, patience=None)),
        ("+ early stopping", dict(optimizer=lambda: Adam(lr=1e-3, weight_decay=1e-4), dropout=0.3, patience=3)),
    ]


    def train_rung(optimizer, dropout, patience, callbacks=None, eval_every=None):
        \"\"\"One rung of the ladder: 784-128-10 on the 2000 small training images, at most 20 epochs.\"\"\"
        net = MLP([784, 128, 10], seed=0, dropout=dropout)
        stopper = None if patience is None else EarlyStopping(patience=patience)
        history = fit(net, SoftmaxCrossEntropy(), optimizer(), x_small, y_small, epochs=20, batch_size=64,
                      x_val=x_val, y_val=y_val, early_stopping=stopper, callbacks=callbacks,
                      eval_every=eval_every)
        return net, history


    ladder_names, ladder_accuracies, ladder_epochs, ladder_histories = [], [], [], []
    for name, settings in RUNGS:
        net, history = train_rung(**settings)
        ladder_names.append(name)
        ladder_accuracies.append(accuracy(forward_batched(net, x_test), y_test))
        ladder_epochs.append(history.epochs[-1])
        ladder_histories.append(history)
    ladder_accuracies = np.array(ladder_accuracies)

    print(f"{'rung':<22}{'test accuracy':>14}{'change':>9}{'epochs run':>12}{'best val loss':>15}{'at epoch':>10}")
    for i, name in enumerate(ladder_names):
        change = "" if i == 0 else f"{100 * (ladder_accuracies[i] - ladder_accuracies[i - 1]):+.2f}"
        val_loss = ladder_histories[i].metric("val_loss")
        best_epoch = int(ladder_histories[i].metric("epoch")[np.argmin(val_loss)])
        print(f"{name:<22}{100 * ladder_accuracies[i]:>13.2f}%{change:>9}{ladder_epochs[i]:>12}"
              f"{val_loss.min():>15.3f}{best_epoch:>10}")
    """
)

md(
    """
    Before reading anything into the "change" column, ask how big a difference a test set of this size can
    see at all. Each test image is right or wrong, so an accuracy $p$ measured on $n$ images wobbles from
    one sample of test images to another with a standard error of $\\sqrt{p(1-p)/n}$ (the second exercise
    asks you to write it).
    """
)

code(
    """
    n_test = len(y_test)
    p = ladder_accuracies[-1]
    standard_error = np.sqrt(p * (1 - p) / n_test)
    print(f"accuracy {100 * p:.2f}% on {n_test} images: standard error {100 * standard_error:.2f} points")
    larger = [name for name, d in zip(ladder_names[1:], np.diff(ladder_accuracies)) if abs(d) > 2 * standard_error]
    print(f"changes larger than two standard errors ({200 * standard_error:.2f} points):",
          ", ".join(larger) or "none")
    """
)

code(
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    positions = np.arange(len(ladder_names))
    left.bar(positions, 100 * ladder_accuracies, yerr=200 * standard_error, capsize=4,
             color=["tab:gray", "tab:blue", "tab:orange", "tab:green", "tab:red"])
    left.set_xticks(positions, ladder_names, rotation=20, ha="right")
    left.set_ylim(85, 95)
    left.set_ylabel("test accuracy (%), 2000 images")
    left.set_title("The ladder (error bars: ±2 standard errors)")

    for name, history, colour in zip(ladder_names, ladder_histories,
                                     ["tab:gray", "tab:blue", "tab:orange", "tab:green", "tab:red"]):
        right.plot(history.metric("epoch"), history.metric("val_loss"), marker=".", color=colour, label=name)
    right.set_xlabel("epoch")
    right.xaxis.set_major_locator(MaxNLocator(integer=True))   # epochs are whole numbers
    right.set_ylabel("validation loss")
    right.set_title("Validation loss of each rung")
    right.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Read the table and the two panels together. Swapping SGD for Adam is the one step larger than the
    noise: with the same 20 epochs, Adam simply gets further (chapter 15 saw the same). The regularizers
    change the test accuracy by less than the error bars, and the right panel shows why. Adam without
    them reaches its lowest validation loss some epochs before the end and then drifts up (the "at epoch"
    column), the first sign of over-fitting from chapter 18; with dropout the validation loss keeps
    falling almost to the end. There is over-fitting here, but little, so there is little to cure. Early
    stopping, on a validation loss that is still nearly flat at its minimum, ends the last rung just
    short of the budget (its "epochs run") and restores the best weights: it saves a little time and
    changes the accuracy by less than the noise. Its value is insurance against the runs where the curve
    does turn up.

    That is the practical lesson of Part IV in one table: remedies for over-fitting pay off in proportion
    to the over-fitting there is (longer training, bigger networks, fewer or noisier examples), and a
    claim that a piece "helps" needs a difference larger than the test set's own noise. The first exercise
    below asks you to predict which rung helps most before you look.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. What the weights learned, and the explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## What the weights hold

    If behaviour lives in the weights, we should be able to look at them. Each hidden unit of the first
    layer has 784 incoming weights, one per pixel, so it can be drawn as a 28 x 28 picture: red where ink
    makes the unit more active (a positive weight), blue where ink makes it less active (a negative one),
    as in chapters 5 and 20. These are the "synapse strengths" of the deck's analogy, for 16 of the 128
    units of the last rung's network.
    """
)

code(
    """
    first_layer = net.parameters()[0]             # (784, 128): one column per hidden unit
    fig, axes = plt.subplots(2, 8, figsize=(9, 2.6))
    for unit, ax in enumerate(axes.flat):
        w = first_layer[:, unit].reshape(28, 28)
        limit = np.abs(w).max()
        ax.imshow(w, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"unit {unit}", fontsize=8)
        ax.set_axis_off()
    fig.suptitle("Incoming weights of 16 hidden units (red: ink excites, blue: ink inhibits)", fontsize=10)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    After 2000 images and 20 epochs the pictures are still speckled with their random start, with
    brighter and darker regions where the strokes of digits fall; nobody designed them, as the farmer of
    chapter 1 designed 7.5 cm. One thing is clean: the border is blank. Pixels near the edge never carry
    ink in these images, so the loss never pulls on their weights, and the only force left is chapter 20's
    weight decay, which shrinks them towards zero:
    """
)

code(
    """
    never_inked = x_small.max(axis=0) == 0          # pixels blank in all 2000 training images
    start_weights = MLP([784, 128, 10], seed=0).parameters()[0]
    print(f"{never_inked.sum()} of 784 pixels never carry ink in the 2000 training images")
    print(f"mean |weight| from those pixels: {np.abs(start_weights[never_inked]).mean():.4f} at the start, "
          f"{np.abs(first_layer[never_inked]).mean():.6f} after training")
    print(f"mean |weight| from the other pixels: {np.abs(start_weights[~never_inked]).mean():.4f} at the start, "
          f"{np.abs(first_layer[~never_inked]).mean():.4f} after training")
    """
)

md(
    """
    Adam makes this shrinking fast: with no other gradient, weight decay's $\\lambda w$ *is* the whole
    gradient, and Adam's per-weight scaling turns it into a step of about the learning rate, whatever
    $\\lambda$ is (until $\\lambda w$ falls to the size of Adam's $\\epsilon$). With SGD the same
    decay would only multiply these weights by $1 - \\eta\\lambda$ per step (chapter 20).

    ## Explore: accuracy as the budget grows

    How much training does a network need? Below, the fourth rung (Adam, dropout, weight decay) is trained
    again, and its weights are saved every 16 steps (half an epoch). Drag the slider through the training
    budget: the left panel shows validation accuracy so far, the right panel the network's answers on 16
    test digits at that moment (green: right, red: wrong, with the true label in brackets). The frames are
    drawn in advance, so the slider also works in the static book.
    """
)

code(
    """
    saved = []                                    # (iteration, weights) at every evaluation


    def keep_weights(history, network):
        saved.append((history.evaluations[-1]["iteration"], snapshot(network)))


    budget_net, budget_history = train_rung(**RUNGS[3][1], callbacks=[keep_weights], eval_every=16)
    budget_iterations = budget_history.metric("iteration").astype(int)
    budget_val_accuracy = budget_history.metric("val_accuracy")
    shown_digits = x_test[:16]

    predictions_at = {}
    for iteration, weights in saved:
        load_snapshot(budget_net, weights)
        predictions_at[iteration] = forward_batched(budget_net, shown_digits).argmax(axis=1)
    frame_steps = [iteration for iteration, _ in saved][::2]   # every other evaluation: 20 frames
    print(f"{len(saved)} evaluations saved; {len(frame_steps)} frames; "
          f"validation accuracy {100 * budget_val_accuracy[0]:.1f}% after {budget_iterations[0]} steps, "
          f"{100 * budget_val_accuracy[-1]:.1f}% after {budget_iterations[-1]}")
    for epochs in (1, 5, 20):
        i = int(np.searchsorted(budget_iterations, 32 * epochs))
        plural = "s" if epochs > 1 else " "
        print(f"after {epochs:>2} epoch{plural} ({budget_iterations[i]} steps): {100 * budget_val_accuracy[i]:.1f}%")
    """
)

code(
    """
    def draw_budget(fig, steps):
        curve, digits = fig.subplots(1, 2, width_ratios=[1.6, 1])
        shown = budget_iterations <= steps
        curve.plot(budget_iterations, 100 * budget_val_accuracy, color="lightgray")
        curve.plot(budget_iterations[shown], 100 * budget_val_accuracy[shown], color="tab:green", marker=".")
        curve.set_ylim(60, 100)
        curve.set_xlabel("optimizer steps")
        curve.set_ylabel("validation accuracy (%)")
        show_digits(shown_digits, y_test[:16], predictions_at[steps], ncols=4, ax=digits)


    def budget_caption(steps):
        i = int(np.searchsorted(budget_iterations, steps))
        wrong = int(np.sum(predictions_at[steps] != y_test[:16]))
        return (f"after <b>{steps}</b> steps ({steps / 32:.1f} epochs): validation accuracy "
                f"<b>{100 * budget_val_accuracy[i]:.1f}%</b>, {wrong} of the 16 digits wrong")


    frame_explorer(draw_budget, frame_steps, label="optimizer steps", caption=budget_caption,
                   figsize=(7.5, 3.0), value=frame_steps[-1])
    """
)

md(
    """
    Most of the accuracy arrives in the first few epochs (printed above the explorer); the rest of the run
    buys the last few points, one hard digit at a time. That is why budgets matter, and why the capstone
    exercise below has one.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Where to go next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Where to go next

    **Convolutional networks in depth.** An MLP sees a digit as 784 unrelated numbers; shift the digit by
    two pixels and it is a different input. A convolutional neural network (합성곱 신경망) shares one small
    set of weights across every position of the image, which is exactly the locality the brain paragraph
    above said `Dense` lacks. Chapter 16 trained `mlp.lenet()` and chapter 17 CNNs of its own built
    from `mlp.layers.Conv2D`; the next step is reading {cite:t}`lecun1998` and building deeper ones (batch normalization, residual connections).

    **Sequences: recurrent networks and transformers.** Text, speech and time series arrive in order. A
    recurrent neural network (순환 신경망) carries a state from one step to the next; the transformer
    (트랜스포머) of {cite:t}`vaswani2017` replaced recurrence with attention and is the architecture behind
    today's language models. Both are trained with the same loop of this course: forward, loss, backward,
    step.

    **PyTorch, now that you know what it does inside.** Everything in `mlp` has a counterpart in PyTorch,
    which adds GPUs and automatic differentiation (you write the forward pass; it derives every
    `backward`). Here is the capstone recipe in PyTorch, for reading, not for running (this book does not
    depend on PyTorch):

    ```python
    import torch
    from torch import nn

    # mlp.MLP([784, 128, 10], dropout=0.2), mlp.optim.Adam, mlp.SoftmaxCrossEntropy
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    loss_fn = nn.CrossEntropyLoss()
    data = torch.utils.data.TensorDataset(torch.from_numpy(x_train), torch.from_numpy(y_train))
    loader = torch.utils.data.DataLoader(data, batch_size=128, shuffle=True)
    for epoch in range(8):
        model.train()                                   # dropout on
        for xb, yb in loader:
            optimizer.zero_grad()                       # PyTorch adds gradients up; mlp overwrites them
            loss_fn(model(xb), yb).backward()           # forward, loss, and autograd's backward
            optimizer.step()
        # early stopping (mlp.EarlyStopping) is yours to write: evaluate under model.eval() and
        # torch.no_grad(), keep a copy of model.state_dict() when the validation loss improves
    ```

    **Where the course's sources stand.** Along the way we tested the claims of the five sources, and
    corrected some (the slide's arithmetic in chapter 4, Adam's "halving" in chapter 14, and more). The
    {doc}`/book/reproduction` collects every claim: theirs, ours, and whether they agree.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it. The solutions are
    hidden in dropdowns; try first.
    """
)

exercise(
    "count_parameters",
    "How many numbers does the optimizer move?",
    """
    Write `count_parameters(sizes)` that returns the number of weights **and biases** of
    `MLP(sizes)`, as an integer, from the list of layer widths alone (without building the network).
    For `[784, 128, 10]` it should agree with `n_parameters` above.
    """,
    """
    def count_parameters(sizes):
        ### BEGIN SOLUTION
        # each Dense layer has fan_in * fan_out weights and fan_out biases
        return int(sum(fan_in * fan_out + fan_out for fan_in, fan_out in zip(sizes[:-1], sizes[1:])))
        ### END SOLUTION
    """,
    """
    check.count_parameters(count_parameters)
    """,
    difficulty="warm-up",
)

exercise(
    "accuracy_noise",
    "How much can a test set tell apart?",
    """
    An accuracy $p$ measured on $n$ test images has a standard error of $\\sqrt{p(1-p)/n}$ (each image is
    a coin flip that comes up "right" with probability $p$).

    Write `accuracy_noise(p, n)` that returns this standard error as a fraction (not in percent). Then,
    after the check passes, use it: how many test images would you need before a difference of 0.2
    points (0.002) between two models at 95% is two standard errors?
    """,
    """
    def accuracy_noise(p, n):
        ### BEGIN SOLUTION
        return float(np.sqrt(p * (1 - p) / n))
        # 2 * sqrt(0.95 * 0.05 / n) = 0.002  ->  n = 0.95 * 0.05 / 0.001**2 = 47,500 images
        ### END SOLUTION
    """,
    """
    check.accuracy_noise(accuracy_noise)
    """,
    difficulty="practice",
)

exercise(
    "biggest_gain",
    "Predict: which piece helped most?",
    """
    **Before you look at the ladder's table** (or if you already have, before you think about it further),
    predict which single rung raised test accuracy the most over the rung before it. Set `my_prediction` to
    one of `"adam"`, `"dropout"`, `"weight decay"` or `"early stopping"`.

    Then compute from `ladder_accuracies`:

    - `gains`: the change in test accuracy made by each rung after the first (four numbers, as fractions);
    - `biggest_piece`: the name from `ladder_names` of the rung with the largest gain.
    """,
    """
    ### BEGIN SOLUTION
    my_prediction = "adam"
    gains = np.diff(ladder_accuracies)
    biggest_piece = ladder_names[1 + int(np.argmax(gains))]
    ### END SOLUTION
    """,
    """
    check.biggest_gain(my_prediction, gains, biggest_piece, ladder_names, ladder_accuracies)
    """,
    difficulty="practice",
)

exercise(
    "capstone",
    "Capstone: the best MNIST network you can train in a budget",
    """
    Write `train_best(x_train, y_train, x_val, y_val)` that builds and trains an `mlp` network and
    returns it. The check calls it with 20,000 training and 2000 validation images (the same split as this
    chapter), measures the **CPU time** your function takes, and then evaluates the returned network on
    2000 **test** images it never sees. It passes at **95% or more** test accuracy within **30 s of CPU
    time**.

    Use anything from the course: width and depth, the activation, the optimizer and its learning rate,
    the batch size, dropout, weight decay, early stopping on the validation data, even a small ensemble
    (chapter 22). Then, in a comment, explain your choices in a few sentences: which piece matters most
    for you, and what you would try with ten times the budget.
    """,
    """
    def train_best(x_train, y_train, x_val, y_val):
        ### BEGIN SOLUTION
        # One hidden layer of 128 is wide enough for 96-97% and cheap: the budget goes into passes over
        # the data, not into width. Adam at its default learning rate needs no tuning (the ladder's big step);
        # batches of 128 make each step cheap in NumPy. Dropout 0.2 and a little weight decay cost nothing
        # and guard against over-fitting once the training accuracy passes the validation accuracy;
        # early stopping (patience 2) keeps the best epoch. With ten times the budget: more hidden units
        # (or a CNN, chapter 17), more epochs with a decaying learning rate, and an ensemble of a few nets.
        network = MLP([784, 128, 10], seed=0, dropout=0.2)
        fit(network, SoftmaxCrossEntropy(), Adam(lr=1e-3, weight_decay=1e-5), x_train, y_train,
            epochs=8, batch_size=128, x_val=x_val, y_val=y_val,
            early_stopping=EarlyStopping(patience=2), train_eval_size=2000)
        return network
        ### END SOLUTION
    """,
    """
    check.capstone(train_best)
    """,
    difficulty="challenge",
)
ch.cells[-1].metadata["tags"] = ["nbval-ignore-output"]  # the check prints the CPU time it measured

# ---------------------------------------------------------------------------------------------------
# 9. Summary
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - The deck's answer holds: deep learning is an optimizer over many weights that makes N inputs give
      the wanted M outputs. The whole training loop is forward, loss, backward, step, and `mlp.fit` is
      exactly that loop (identical weights after an epoch).
    - One correction: the goal is not to satisfy *all* the training conditions (that is over-fitting) but
      to do well on the ones not seen; the training loss is a stand-in for generalization.
    - The brain analogy (synapse strength as weight) is where the field started. It stops at spikes
      (real neurons fire pulses in time), at connectivity (local and sparse, not dense), and at learning
      (no known global backward pass; back-propagation reuses the forward weights transposed).
    - The course in one table: each chapter's idea is a piece of `mlp`. Put together on MNIST, the
      optimizer made the one difference larger than the test set's noise; the remedies for over-fitting
      pay off in proportion to the over-fitting there is. A difference is only a finding when it is larger
      than the standard error $\\sqrt{p(1-p)/n}$.
    - Next: convolutional networks, recurrent networks and transformers, and PyTorch, which does what `mlp`
      does with automatic gradients and GPUs.

    ## What's next

    This is the last chapter. The {doc}`/book/reproduction` lists every claim of the sources we tested,
    the glossary collects the English and Korean terms, and the instructor guide explains how to assign
    these exercises. The best next step is the capstone above with a bigger budget, and then the same
    network in PyTorch.
    """
)


if __name__ == "__main__":
    ch.write()
