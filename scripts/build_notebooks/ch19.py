"""Write notebooks/19-early-stopping.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch19.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(19, "19-early-stopping")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Early stopping

    Chapter 18 ended on a picture every practitioner knows. The training loss falls and keeps falling.
    The validation loss falls too, for a while, then bottoms out and climbs again. Somewhere near that
    bottom the network stopped learning what the examples have in common and started learning what is
    peculiar to each of them, the noise (잡음) included.

    The lecture deck's first remedy for overfitting (과적합) is the simplest one there is: early stopping
    (조기 종료). Its description is one line, 적당한 선에서 학습을 종료시킴, "end the training at a
    suitable point", followed by an arrow: "related to the regularization of the data"
    {cite:p}`seed004`. This chapter makes "a suitable point" precise, shows how `mlp` finds it while
    training is still running, and follows the arrow to regularization (규제), the subject of the next
    chapter.

    The idea is older than the name deep learning. Neural-network practitioners of the late 1980s were
    already holding out part of their data and stopping when the error on it stopped falling ({cite:t}`morgan1990`
    did so for speech recognition networks). What remained open for years was *when*
    exactly to stop, and that is where this chapter spends most of its time.

    **What you will learn**

    - where the validation loss is lowest, and why during training you can only know it in hindsight;
    - how `mlp.EarlyStopping` decides to stop (its *patience*) and gives back the best weights
      (`restore_best`), checked against the same run without stopping;
    - how patience trades waiting (epochs trained after the best one) against stopping at a mere bump,
      with an explorer over patience;
    - why the validation loss is usually the better signal to watch than the validation accuracy;
    - Prechelt's stopping criteria, with his *generalization loss* computed on our run;
    - what early stopping costs (a validation set taken out of the training data) and how to win it back;
    - why early stopping is a form of regularization, as the deck's arrow says.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy and matplotlib, and from the course library `mlp`: networks, the training loop `fit`
    with its `EarlyStopping`, MNIST and the synthetic data sets, a decision-boundary plot, the explorer
    widget, and the checks for the exercises.
    """
)

code(
    """
    import inspect

    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    import mlp
    from mlp.datasets import load_mnist
    from mlp.datasets.synthetic import label_noise, moons
    from mlp.plotting import plot_decision_boundary
    from mlp.widgets import frame_explorer
    from mlp.checks import ch19 as check

    TRAIN_COLOUR, VAL_COLOUR, TEST_COLOUR = "tab:blue", "tab:orange", "tab:green"
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The overfitting setting
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A network that overfits, again

    We need a run that overfits clearly, so we build one in the spirit of chapter 18: a few hundred MNIST
    digits, a network far too large for them, and labels with noise in them. We take 600 labelled digits
    and flip 20% of their labels to a wrong digit, as if a tired person had labelled them (chapter 18
    explains why noise is what a large network ends up memorizing).

    Early stopping needs examples the network does not train on, to tell it when to stop. In practice
    they have to come out of the labelled data we have, so we split our 600 in two: 400 training data
    (학습 데이터) for the gradient steps, and 200 validation data (검증 데이터) to watch. That is the
    2-to-1 proportion Lutz Prechelt gives as an example in his practical guide to early stopping
    {cite:p}`prechelt1998`.
    The validation labels are exactly as noisy as the training labels, because they are the same kind
    of data.

    A third pile, 1000 digits from the official test file with their labels untouched, plays the part
    of the future: the test data (테스트 데이터). A real run could not look at them while it trains; we
    record them anyway, *only* to see afterwards which stopping decisions were good ones.
    """
)

code(
    """
    N_POOL, N_TRAIN, N_TEST = 600, 400, 1000   # 400 to train on, the other 200 to validate with
    NOISE = 0.20                               # share of the pool's labels flipped to a wrong digit

    (x_pool, y_pool_true), (x_test, y_test) = load_mnist(n_train=N_POOL, n_test=N_TEST, seed=0)
    y_pool = label_noise(y_pool_true, NOISE, seed=0)
    x_train, y_train = x_pool[:N_TRAIN], y_pool[:N_TRAIN]
    x_val, y_val = x_pool[N_TRAIN:], y_pool[N_TRAIN:]
    flipped = np.flatnonzero(y_train != y_pool_true[:N_TRAIN])   # training digits with a wrong label

    print(f"labelled pool: {N_POOL} digits, {np.sum(y_pool != y_pool_true)} labels flipped")
    print(f"training:      {len(y_train)} digits, {len(flipped)} of them with a wrong label")
    print(f"validation:    {len(y_val)} digits, {np.sum(y_val != y_pool_true[N_TRAIN:])} of them with a wrong label")
    print(f"test:          {len(y_test)} digits from the official test file, labels untouched")
    """
)

md(
    """
    The network is chapter 18's, two hidden layers of 128 ReLU neurons, trained with plain SGD
    (chapter 9) on mini-batches of 32 for 60 epochs (에포크), a validation evaluation at the end of every
    epoch. We train it once to the end, without stopping, to have the whole story to look at. A small
    callback records two things after each evaluation: the test accuracy, and how far the weights have
    moved from where they started (we need that number at the end of the chapter).
    """
)

code(
    """
    SIZES = [784, 128, 128, 10]
    LR, BATCH, EPOCHS = 0.05, 32, 60
    loss = mlp.SoftmaxCrossEntropy()


    def new_network(seed=0):
        return mlp.MLP(SIZES, seed=seed)


    net_long = new_network()
    start_weights = net_long.state()           # a copy of the initial weights
    test_accuracy, distance = [], []


    def watch(history, model):
        \"\"\"After every evaluation: the test accuracy (which a real run cannot know) and the distance
        ||w - w_start|| the weights have travelled.\"\"\"
        test_accuracy.append(mlp.evaluate(model, loss, x_test, y_test)[1])
        moved = sum(np.sum((w - w0) ** 2) for w, w0 in zip(model.parameters(), start_weights))
        distance.append(float(np.sqrt(moved)))


    long_run = mlp.fit(net_long, loss, mlp.optim.SGD(lr=LR), x_train, y_train, epochs=EPOCHS, batch_size=BATCH,
                       x_val=x_val, y_val=y_val, seed=0, callbacks=watch)
    epochs = long_run.metric("epoch").astype(int)
    val_loss, val_acc = long_run.metric("val_loss"), long_run.metric("val_accuracy")
    train_loss, train_acc = long_run.metric("train_loss"), long_run.metric("train_accuracy")
    test_accuracy = np.array(test_accuracy)
    print(long_run)
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Where the validation loss is best
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Where the validation loss is best

    Here are the curves. On the left the loss (손실) on the training and validation data; on the right
    the accuracy (정확도) on all three piles. The dashed line marks the epoch with the lowest validation
    loss.
    """
)

code(
    """
    best_epoch = int(np.argmin(val_loss)) + 1          # epochs count from 1, arrays from 0
    at_best, at_end = best_epoch - 1, EPOCHS - 1

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax_loss.plot(epochs, train_loss, color=TRAIN_COLOUR, label="training")
    ax_loss.plot(epochs, val_loss, color=VAL_COLOUR, label="validation")
    ax_loss.set_ylabel("cross-entropy loss")
    ax_acc.plot(epochs, train_acc, color=TRAIN_COLOUR, label="training (noisy labels)")
    ax_acc.plot(epochs, val_acc, color=VAL_COLOUR, label="validation (noisy labels)")
    ax_acc.plot(epochs, test_accuracy, color=TEST_COLOUR, label="test (true labels)")
    correct_share = 1 - len(flipped) / N_TRAIN
    ax_acc.axhline(correct_share, color="grey", linestyle=":", linewidth=1, label="share of correct training labels")
    ax_acc.set_ylabel("accuracy")
    for ax in (ax_loss, ax_acc):
        ax.axvline(best_epoch, color="black", linestyle="--", linewidth=1,
                   label=f"lowest validation loss (epoch {best_epoch})")
        ax.set_xlabel("epoch")
        ax.legend(fontsize=8)
    fig.suptitle("One run of 60 epochs: the curves part")
    fig.tight_layout()
    plt.show()

    print(f"share of correct training labels: {correct_share:.1%}")
    print(f"lowest validation loss: epoch {best_epoch}, {val_loss[at_best]:.3f} "
          f"(after 60 epochs: {val_loss[at_end]:.3f})")
    for name, values in [("training accuracy:", train_acc), ("test accuracy:", test_accuracy)]:
        print(f"{name:<24}{values[at_best]:.1%} at epoch {best_epoch}, {values[at_end]:.1%} after 60 epochs")
    """
)

md(
    """
    Read the right-hand plot against the dotted line, the share of training labels that are right (85
    of the 400 were flipped; the share is printed above). A network that had learned the digits and
    *nothing else* would score about that much on the training data: the flipped ones it would "get
    wrong" by naming the true digit. Around the best epoch the training accuracy is still near that
    line. By the end it is almost 100%: the network has memorized nearly every flipped label, and on
    the test digits it pays for it. The validation loss saw this coming; it turned upwards long
    before the end. (The validation accuracy stays below the test accuracy for a simple reason: 35 of
    the 200 validation labels are wrong, and no reader of digits, however good, gets those "right".)

    So the best moment to stop is easy to find *afterwards*: it is `argmin` of the validation losses.
    During training it is not, because the future is missing. One epoch after the best, all we know is
    that this epoch was worse than the one before. Is that the start of the climb, or a bump before an
    even lower point? The curve is full of such bumps. Every early-stopping rule is an answer to the
    question "how long do we wait for a new best before we give up?"
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. The rule in mlp
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The rule in `mlp`: patience and the best weights

    `mlp`'s answer is the one most libraries give. After each evaluation, `EarlyStopping` asks whether
    the monitored number beats the best so far (by more than `min_delta`, which is 0 by default). If it
    does, it remembers the value, the epoch, and, with `restore_best=True`, a copy of all the weights.
    If it does not, it counts one more evaluation without improvement; when that count reaches the
    *patience* (인내심), training stops. At the very end, `restore_best` copies the remembered weights
    back into the network. Here is the whole decision, from the library:
    """
)

code(
    """
    print(inspect.getsource(mlp.EarlyStopping.improved))
    print(inspect.getsource(mlp.EarlyStopping.update))
    """
)

md(
    """
    Three details matter later. A tie is *not* an improvement (`value < best`, strictly). The counter
    starts again from zero at every new best. And patience counts *evaluations*, not epochs; here we
    evaluate once per epoch, so the two are the same, but with `fit(..., eval_every=20)` a patience of 10
    means 200 iterations.

    Now the real thing: the same network, the same seed, with `EarlyStopping(patience=5)`. A one-line
    callback keeps a copy of the weights at every evaluation, so that after `fit` returns we still have
    the weights the network had *when it stopped*, before `restore_best` replaced them.
    """
)

code(
    """
    PATIENCE = 5
    net = new_network()
    latest = {}


    def remember(history, model):
        \"\"\"Keep the weights of the latest evaluation: after fit returns, those from before restoring.\"\"\"
        latest["weights"], latest["epoch"] = model.state(), history.evaluations[-1]["epoch"]


    stopper = mlp.EarlyStopping(patience=PATIENCE, restore_best=True)
    run = mlp.fit(net, loss, mlp.optim.SGD(lr=LR), x_train, y_train, epochs=EPOCHS, batch_size=BATCH,
                  x_val=x_val, y_val=y_val, seed=0, early_stopping=stopper, callbacks=remember)

    print(run.message)
    print(f"stop reason: {run.stop_reason}; trained {run.epochs[-1]} epochs; best epoch {run.best_epoch}")
    n = len(run.evaluations)
    same = np.array_equal(run.metric("val_loss"), val_loss[:n])
    print(f"its {n} validation losses are exactly the first {n} of the long run: {same}")
    """
)

md(
    """
    Same seed, same shuffles, same steps: a run with early stopping is simply the first part of the
    long run, cut off. It stopped five evaluations after its best epoch, which is the same epoch we
    found by hand with `argmin`. What did `restore_best` give back? We rebuild the network as it was at
    the stop from the callback's copy, and compare it with the restored network and with the network
    after all 60 epochs. Besides the usual scores, the last column asks what share of the training
    digits with a *flipped* label the network now labels with the wrong digit it was taught: the noise
    it has memorized.
    """
)

code(
    """
    at_stop = new_network()
    at_stop.load_state(latest["weights"])


    def report(name, model):
        val = mlp.evaluate(model, loss, x_val, y_val)
        test = mlp.evaluate(model, loss, x_test, y_test)[1]
        memorized = np.mean(model.predict(x_train[flipped]) == y_train[flipped])
        print(f"{name:<31}{val[0]:>9.3f}{val[1]:>10.1%}{test:>10.1%}{memorized:>12.0%}")


    print(f"{'network':<31}{'val loss':>9}{'val acc':>10}{'test acc':>10}{'memorized':>12}")
    report(f"at the stop (epoch {latest['epoch']})", at_stop)
    report(f"restored (epoch {run.best_epoch})", net)
    report(f"no early stopping (epoch {EPOCHS})", net_long)

    print("\\nthe restored network's validation loss equals the best evaluation's:",
          mlp.evaluate(net, loss, x_val, y_val)[0] == run.best()["val_loss"])
    print("largest change restore_best made to each weight array:")
    for name, before, after in zip(["W1", "b1", "W2", "b2", "W3", "b3"], at_stop.parameters(), net.parameters()):
        print(f"  {name} {str(before.shape):>11}: {np.max(np.abs(before - after)):.4f}")
    """
)

md(
    """
    `restore_best` is what makes the waiting harmless. The five epochs after the best one made the
    network *worse* on the validation data and taught it more of the flipped labels; restoring undoes
    them, to the last digit: the restored network's validation loss is exactly the one recorded at the
    best epoch. Without restoring, early stopping would hand back the network five epochs too late.
    The changes are small per weight, but they reach every layer, and they are exactly the ones the
    noise asked for.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Patience
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Patience: waiting against wasted epochs

    How much patience? Because a run with early stopping is the first part of the long run, we do not
    need to train again to find out where each patience would stop: we can feed the long run's
    evaluations, one by one, to `mlp.EarlyStopping` itself (with `restore_best=False` it never touches a
    network, so `model=None` is fine). The cell checks the shortcut against the real run with patience 5
    above, then tries every patience from 1 to 20. Patience is a hyper-parameter (하이퍼파라미터):
    chosen by us, not learned.
    """
)

code(
    """
    def replay(history, patience, monitor="val_loss"):
        \"\"\"(stop epoch, restored epoch) of a run with EarlyStopping(patience, monitor), read off the
        evaluations of a longer run with the same seed. Without a stop, the run ends at its last epoch.\"\"\"
        stopper = mlp.EarlyStopping(patience=patience, monitor=monitor, restore_best=False)
        for record in history.evaluations:
            if stopper.update(record[monitor], record["iteration"], record["epoch"], model=None):
                return record["epoch"], stopper.best_epoch
        return history.evaluations[-1]["epoch"], stopper.best_epoch


    print("replayed, patience 5:", replay(long_run, 5), "  real run:", (run.epochs[-1], run.best_epoch))

    PATIENCES = list(range(1, 21))
    stops = {p: replay(long_run, p) for p in PATIENCES}

    print(f"\\n{'patience':>8}{'stops after':>13}{'restores':>10}{'waited':>8}{'val loss':>10}{'test acc':>10}")
    for p, (stop, best) in stops.items():
        print(f"{p:>8}{stop:>13}{best:>10}{stop - best:>8}{val_loss[best - 1]:>10.3f}{test_accuracy[best - 1]:>10.1%}")
    """
)

md(
    """
    Two things can be read off the table. First, the *waiting* column equals the patience, always:
    training stops exactly `patience` evaluations after the last improvement, so patience is a fixed
    price in epochs, paid at the end of every run. Second, a small patience stops at the first bump of
    the validation curve and restores an early, worse epoch; a larger one rides over the bumps and finds
    the lower minimum. Once the patience is large enough to reach the true minimum, more patience buys
    nothing but epochs. The figure shows both.
    """
)

code(
    """
    stop_at = np.array([stops[p][0] for p in PATIENCES])
    restored = np.array([stops[p][1] for p in PATIENCES])

    fig, (ax_e, ax_a) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax_e.plot(PATIENCES, stop_at, "o-", color="tab:red", markersize=4, label="training stops after epoch")
    ax_e.plot(PATIENCES, restored, "s-", color="black", markersize=4, label="restore_best gives back epoch")
    ax_e.fill_between(PATIENCES, restored, stop_at, color="tab:red", alpha=0.12, label="epochs spent waiting")
    ax_e.set_xlabel("patience (evaluations)")
    ax_e.set_ylabel("epoch")
    ax_e.legend(fontsize=8)
    ax_a.plot(PATIENCES, test_accuracy[restored - 1], "s-", color=TEST_COLOUR, markersize=4,
              label="restored network")
    ax_a.axhline(test_accuracy[-1], color="grey", linestyle="--", linewidth=1, label="after 60 epochs")
    ax_a.set_xlabel("patience (evaluations)")
    ax_a.set_ylabel("test accuracy")
    ax_a.legend(fontsize=8)
    for axis in (ax_e.xaxis, ax_e.yaxis, ax_a.xaxis):      # patience and epochs are whole numbers
        axis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle("What patience buys, and what it costs")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Prechelt's study found the same trade-off on a much larger scale. Real validation curves, he
    stressed, are not the smooth U of textbooks but have many local minima, so a criterion that stops at
    the first one stops too soon. Over 1296 training runs (12 problems, 24 network architectures), the
    "slower" criteria, which wait longer, gave networks about 4% better on average, at the price of
    training about 4 times longer {cite:p}`prechelt1998`.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: patience on the curves

    Move the slider to set the patience. The top panel is the validation loss of the long run; the
    part after the stop is pale, because a run with this patience never trains those epochs. The black
    square is the epoch `restore_best` gives back, the red line is where training stops, and the shaded
    band between them is the waiting. The bottom panel shows the test accuracy the restored network
    gets (the green square), against the whole curve of test accuracies. Find the smallest patience that
    gets past the early bumps; then watch what larger ones add.
    """
)

code(
    """
    def draw_patience(fig, patience):
        \"\"\"One frame: where a run with this patience stops, and which epoch it restores.\"\"\"
        stop, best = stops[patience]
        ax_l, ax_t = fig.subplots(2, 1, sharex=True)
        trained = epochs <= stop
        for ax, values, colour in ((ax_l, val_loss, VAL_COLOUR), (ax_t, test_accuracy, TEST_COLOUR)):
            ax.plot(epochs[trained], values[trained], color=colour, linewidth=1.5)
            ax.plot(epochs[stop - 1:], values[stop - 1:], color=colour, linewidth=1, alpha=0.3)
            ax.axvspan(best, stop, color="tab:red", alpha=0.12)
            ax.axvline(stop, color="tab:red", linewidth=1.5)
            ax.plot(best, values[best - 1], "s", color="black", markersize=7)
        ax_l.set_ylabel("validation loss")
        ax_t.set_ylabel("test accuracy")
        ax_t.set_xlabel("epoch")
        ax_l.set_ylim(val_loss.min() - 0.1, val_loss[2:].max() + 0.05)
        ax_t.set_ylim(test_accuracy[2:].min() - 0.02, test_accuracy.max() + 0.02)
        fig.subplots_adjust(left=0.13, right=0.97, top=0.97, bottom=0.13, hspace=0.08)


    def patience_caption(patience):
        stop, best = stops[patience]
        return (f"patience {patience}: training stops after epoch <b>{stop}</b> and restores epoch <b>{best}</b> "
                f"(validation loss {val_loss[best - 1]:.3f}, test accuracy {test_accuracy[best - 1]:.1%}); "
                f"{stop - best} epochs spent waiting")


    frame_explorer(draw_patience, PATIENCES, label="patience", value=PATIENCE, caption=patience_caption,
                   figsize=(6.0, 4.0), dpi=72, layout=None)
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Loss or accuracy
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Watch the loss or the accuracy?

    `EarlyStopping` can watch any of the recorded numbers: `monitor="val_loss"` (the default) or
    `"val_accuracy"`, for instance. Accuracy is what we care about in the end, so why not watch it?
    Look at the two curves side by side, each with its best-so-far drawn as a staircase.
    """
)

code(
    """
    ACC_STEP = 1 / len(y_val)   # one validation digit more or less

    fig, (ax_l, ax_a) = plt.subplots(1, 2, figsize=(10, 3.5))
    ax_l.plot(epochs, val_loss, ".-", color=VAL_COLOUR, label="validation loss")
    ax_l.step(epochs, np.minimum.accumulate(val_loss), where="post", color="black", linewidth=1,
              label="lowest so far")
    ax_l.set_ylabel("validation loss")
    ax_a.plot(epochs, val_acc, ".-", color=VAL_COLOUR, label="validation accuracy")
    ax_a.step(epochs, np.maximum.accumulate(val_acc), where="post", color="black", linewidth=1,
              label="highest so far")
    ax_a.set_ylabel("validation accuracy")
    for ax in (ax_l, ax_a):
        ax.set_xlabel("epoch")
        ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()


    def ties_with_best(values, higher_is_better):
        \"\"\"How many evaluations exactly equal the best value seen before them (neither better nor worse).\"\"\"
        best_before = (np.maximum if higher_is_better else np.minimum).accumulate(values)[:-1]
        return int(np.sum(values[1:] == best_before))


    print(f"validation accuracy moves in steps of 1/{len(y_val)} = {ACC_STEP:.3f}; it took "
          f"{np.unique(val_acc).size} different values in {EPOCHS} evaluations, the loss {np.unique(val_loss).size}")
    print(f"evaluations that tie the best so far: accuracy {ties_with_best(val_acc, True)}, "
          f"loss {ties_with_best(val_loss, False)}")
    for monitor in ("val_loss", "val_accuracy"):
        restored_by = [replay(long_run, p, monitor)[1] for p in PATIENCES]
        print(f"{monitor:>12}, restored epoch for patience 1..20:", restored_by)
        print(f"{'':>12}  test accuracy of those epochs at patience 5 and 10: "
              f"{test_accuracy[restored_by[4] - 1]:.1%} and {test_accuracy[restored_by[9] - 1]:.1%}")
    """
)

md(
    r"""
    Accuracy is a coarse measurement. On 200 validation digits it can only move in steps of half a
    percent, and it moves only when a digit crosses a decision boundary; everything else the network
    learns between two evaluations is invisible to it. So it took only a third as many different values
    as the loss in this run, it jumps by whole steps, and it can tie its best (a tie does not count as an
    improvement). The loss sees every change of confidence of every digit, so it is a finer, smoother
    signal, and it told us about the overfitting (a steadily rising loss) while the accuracy was still
    wandering around its plateau.

    The restored epochs printed above show what that means for early stopping: watching the accuracy,
    a larger patience is needed before the rule gets past the early epochs. Neither signal is perfect.
    Both are measured on only 200 noisy digits, and with enough patience the rule that watches the
    accuracy can end up at an epoch whose test accuracy is as good as or better than the loss's choice
    (compare the test accuracies printed above): a single run does not settle which is better. What
    settles the usual advice, *watch the validation loss*, is the smoothness: a smoother signal needs
    less patience and is fooled less by plateaus. If you do monitor accuracy, give it more patience, or
    a `min_delta` of one step, so that a single digit changing its mind does not count as progress.
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Prechelt's criteria
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Prechelt's criteria: "Early stopping, but when?"

    Patience is not the only way to decide. Lutz Prechelt's chapter "Early stopping, but when?"
    {cite:p}`prechelt1998` compared three families of stopping criteria on real validation curves. With
    $E_{va}(t)$ the validation error after epoch $t$ and $E_{opt}(t) = \min_{t' \le t} E_{va}(t')$ the
    lowest one so far:

    - **GL$_\alpha$** stops as soon as the *generalization loss* (일반화 손실)

      $$GL(t) = 100 \cdot \left(\frac{E_{va}(t)}{E_{opt}(t)} - 1\right),$$

      the percentage by which the current validation error exceeds the best so far, passes $\alpha$;
    - **PQ$_\alpha$** divides $GL(t)$ by the *training progress*, a measure of how much the training error
      is still changing within a strip of $k$ epochs, and stops when the quotient passes $\alpha$: a large
      generalization loss is forgiven while training is still making quick progress;
    - **UP$_s$** stops when the validation error has gone *up* at the end of $s$ successive strips of
      $k$ epochs, a patience counted in strips.

    Prechelt measured $E$ as a squared error; we use our cross-entropy validation loss, which works the
    same way since $GL$ only compares the loss with itself. Here is $GL(t)$ for our run, and where
    GL$_\alpha$ would stop for a few thresholds $\alpha$.
    """
)

code(
    """
    lowest_so_far = np.minimum.accumulate(val_loss)          # E_opt(t)
    generalization_loss = 100 * (val_loss / lowest_so_far - 1)  # GL(t), in percent

    print(f"{'alpha':>6}{'stops after':>13}{'restores':>10}{'test acc':>10}")
    gl_stops = {}
    for alpha in (5, 15, 25):
        above = np.flatnonzero(generalization_loss > alpha)
        stop = int(above[0]) + 1                             # the first epoch with GL(t) > alpha
        best = int(np.argmin(val_loss[:stop])) + 1           # the best epoch seen by then
        gl_stops[alpha] = (stop, best)
        print(f"{alpha:>6}{stop:>13}{best:>10}{test_accuracy[best - 1]:>10.1%}")

    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(epochs, generalization_loss, color=VAL_COLOUR, width=0.8)
    for alpha, colour in zip(gl_stops, ["tab:purple", "tab:red", "black"]):
        ax.axhline(alpha, color=colour, linestyle="--", linewidth=1,
                   label=f"$\\\\alpha$ = {alpha}: stops after epoch {gl_stops[alpha][0]}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("GL(t)  (% above the best so far)")
    ax.set_title("Prechelt's generalization loss on our run")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    $GL$ is zero at every new best and jumps whenever the validation loss rises above it. A small
    $\\alpha$ stops at the first bump, just like a small patience; a large one waits until the loss has
    clearly climbed away. GL measures *how far* the loss has risen, patience *how long* it has failed to
    improve; both end up trading training time against the risk of stopping at a bump. Prechelt's own
    recipe for the simplest case (stop as soon as the validation error is higher than at the previous
    check) also ends the way `restore_best` does: keep the weights from that previous check, not the ones
    you stopped with.
    """
)

# ---------------------------------------------------------------------------------------------------
# 9. The moons
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## What restoring gives back, in a picture

    On MNIST we can only count what the restored network does differently. In two dimensions we can see
    it. Chapter 18 trained a large network (two hidden layers of 128 tanh neurons) on 100 noisy moons, 15%
    of them with the wrong label, for 2000 full-batch Adam steps, and watched its decision boundary
    (결정 경계) bend around every mislabelled point. We repeat that run exactly, with chapter 18's
    validation pile of 1000 equally noisy points, and once more with `EarlyStopping(patience=10)`. Here
    the network is evaluated every 20 steps (`eval_every=20`), so a patience of 10 evaluations is 200
    steps.
    """
)

code(
    """
    x_moons, y_moons_true = moons(n=400, noise=0.1, seed=1)             # chapter 18's piles
    y_moons = label_noise(y_moons_true, 0.15, seed=2)
    x_moons_val, y_moons_val_true = moons(n=1000, noise=0.1, seed=3)
    y_moons_val = label_noise(y_moons_val_true, 0.15, seed=4)
    x_m, y_m = x_moons[:100], y_moons[:100]
    moon_flipped = np.flatnonzero(y_m != y_moons_true[:100])

    moon_runs = {}
    for name, stopping in [("early stopping", mlp.EarlyStopping(patience=10)), ("2000 steps", None)]:
        moon_net = mlp.MLP([2, 128, 128, 2], activation="tanh", seed=0)
        history = mlp.fit(moon_net, loss, mlp.optim.Adam(lr=0.02), x_m, y_m, max_iterations=2000, batch_size=100,
                          x_val=x_moons_val, y_val=y_moons_val, eval_every=20, seed=0, early_stopping=stopping)
        moon_runs[name] = (moon_net, history)
        print(f"{name:>14}: {history.message}")
    """
)

code(
    """
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2), sharex=True, sharey=True)
    for ax, (name, (moon_net, history)) in zip(axes, moon_runs.items()):
        plot_decision_boundary(moon_net, x_m, y_m, ax=ax, resolution=150, labels=["upper moon", "lower moon"])
        ax.scatter(x_m[moon_flipped, 0], x_m[moon_flipped, 1], s=110, facecolors="none", edgecolors="black",
                   linewidths=1.2, label="wrong label")
        steps = history.best_iteration if history.stopped_early else history.iterations[-1]
        training = np.mean(moon_net.predict(x_m) == y_m)
        true_shape = np.mean(moon_net.predict(x_moons_val) == y_moons_val_true)
        ax.set_title(f"{name}: the weights after step {steps}\\n"
                     f"accuracy: training {training:.0%}, validation against true labels {true_shape:.0%}",
                     fontsize=9)
        ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Left, the weights `restore_best` handed back: a smooth boundary between the two moons that ignores
    the ringed points, which is what the labels would say if they were right. Right, the same
    network left to run: islands around the mislabelled points, a perfect score on the training data,
    and a worse match with the true moons of the validation points (the accuracy in the titles is
    measured against their *true* labels). This is the moment chapter 18 pointed to: a boundary that
    separates the moons, with no islands yet.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. The cost
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The price: data

    Early stopping looks free, but it is paid for twice. The patience is paid in epochs, as we saw. The
    bigger price is the data: a third of our labelled digits never produced a single gradient, because
    they were set aside to watch. With 600 labels, 200 is a lot to give up.

    A common way to win them back {cite:p}`goodfellow2016`: use the validation set only to learn *how
    long* to train, then train a fresh network on all 600 labelled digits for that many epochs, with
    nothing left to watch. (Whether to repeat the same number of epochs or the same number of steps is
    a judgement call; with more data per epoch they differ. We repeat the epochs.) One run is not enough
    to compare two procedures whose difference is a point or two, so we do it for three seeds.
    """
)

code(
    """
    print(f"{'seed':>4}{'best epoch':>12}{'400 + early stopping':>22}{'600, retrained':>16}")
    comparison = []
    for seed in (0, 1, 2):
        if seed == 0:
            stopped_net, stopped_run = net, run                       # the run of the previous sections
        else:
            stopped_net = new_network(seed)
            stopped_run = mlp.fit(stopped_net, loss, mlp.optim.SGD(lr=LR), x_train, y_train, epochs=EPOCHS,
                                  batch_size=BATCH, x_val=x_val, y_val=y_val, seed=seed,
                                  early_stopping=mlp.EarlyStopping(patience=PATIENCE))
        all_net = new_network(seed)
        mlp.fit(all_net, loss, mlp.optim.SGD(lr=LR), x_pool, y_pool, epochs=stopped_run.best_epoch,
                batch_size=BATCH, seed=seed)
        row = (mlp.evaluate(stopped_net, loss, x_test, y_test)[1], mlp.evaluate(all_net, loss, x_test, y_test)[1])
        comparison.append(row)
        print(f"{seed:>4}{stopped_run.best_epoch:>12}{row[0]:>22.1%}{row[1]:>16.1%}")
    means = np.mean(comparison, axis=0)
    print(f"{'mean':>4}{'':>12}{means[0]:>22.1%}{means[1]:>16.1%}")
    """
)

md(
    """
    Compare the two columns, seed by seed, and notice how much a single seed moves them. Retraining on
    all 600 digits uses the third of the labels that early stopping had to set aside, and here it wins
    for every seed. The retrained network is flying blind, though: nothing checks that the
    epoch count found on 400 digits is still right for 600. That is the price of the remedy.
    """
)

# ---------------------------------------------------------------------------------------------------
# 11. Early stopping as regularization
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Why the deck says "regularization"

    The deck's arrow links early stopping to 정규화. The deck uses that word loosely for every way of
    making a model generalize; this course keeps 정규화 for *normalization* (chapter 6) and calls the
    idea regularization (규제): anything that restricts what a model can learn so that it generalizes
    (일반화) better, usually at some cost on the training data.

    Early stopping restricts *how far the weights can travel*. Training starts from random weights;
    every SGD step moves them by the learning rate times a gradient. Stopping after fewer steps keeps
    them closer to where they began. Here is that distance, $\\lVert w_t - w_0
    \\rVert$, over the long run:
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.plot(epochs, distance, color="black")
    ax.axvline(best_epoch, color="black", linestyle="--", linewidth=1, label=f"best epoch ({best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("distance from the initial weights")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()

    print(f"distance ||w - w_start||: {distance[0]:.2f} after epoch 1, {distance[at_best]:.2f} at the best epoch, "
          f"{distance[at_end]:.2f} after 60 epochs")
    tau_epsilon = LR * run.best_iteration
    print(f"learning rate x steps at the best epoch: {LR} x {run.best_iteration} = {tau_epsilon:g}; "
          f"1 / (that) = {1 / tau_epsilon:.3f}")
    """
)

md(
    """
    The weights keep moving long after the best epoch, and the extra distance is what bought the
    memorized labels. For a loss that is close to quadratic, Goodfellow, Bengio and Courville show that
    stopping after $\\tau$ steps of learning rate $\\epsilon$ acts approximately like L2 weight decay
    (가중치 감쇠) with a strength of about $1 / (\\tau\\epsilon)$ {cite:p}`goodfellow2016`. Our network's
    loss is far from quadratic, so the number printed above is an order of magnitude, not a recipe; the
    direction is what counts: training longer is like a weaker penalty.

    The same book calls early stopping probably the most widely used form of regularization in deep
    learning, for a practical reason: it costs almost nothing to add to a training loop that already
    evaluates, and it changes neither the network nor the loss. Chapter 20 adds the penalty directly.
    """
)

# ---------------------------------------------------------------------------------------------------
# 12. Exercises
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Exercises

    Write your answer in the cell under each exercise, then run the check cell below it: it says whether
    your answer is right or gives you a hint. The solutions are hidden in dropdowns; try first. The
    chapter's long run is `long_run` (a `History`); `long_run.metric("val_loss")` gives its validation
    losses, one per epoch.
    """
)

exercise(
    "best_epoch",
    "Find the best epoch by hand",
    """
    Write `best_epoch(val_losses)` that takes the validation losses of a run, one per epoch (epoch 1
    first), and returns the **epoch** with the lowest loss as an integer. Epochs count from 1. If several
    epochs tie for the lowest loss, return the **earliest**, as `mlp.EarlyStopping` does (a tie is not an
    improvement).
    """,
    """
    def best_epoch(val_losses):
        ### BEGIN SOLUTION
        return int(np.argmin(val_losses)) + 1   # argmin returns the first of tied minima, counted from 0
        ### END SOLUTION
    """,
    """
    check.best_epoch(best_epoch, long_run)
    """,
    difficulty="warm-up",
)

exercise(
    "more_patience",
    "Predict: does more patience give a better model?",
    """
    Compare two runs of the chapter's network, one with `EarlyStopping(patience=5)` and one with
    `EarlyStopping(patience=20)`, both with `restore_best=True`.

    1. **Before computing anything**, predict: will the network that patience 20 hands back have a
       `"lower"`, `"the same"` or `"higher"` validation loss than the one patience 5 hands back? Set
       `my_prediction` to one of these strings, and think about why.
    2. Then compute `restored_5` and `restored_20`, the epochs the two runs restore. You do not need to
       train: the chapter's `replay(long_run, patience)` returns `(stop epoch, restored epoch)`.
    """,
    """
    ### BEGIN SOLUTION
    # The patience-20 run sees every evaluation the patience-5 run saw, and more; it restores the best of
    # everything it saw. So its validation loss can be lower or the same, never higher.
    my_prediction = "the same"
    restored_5 = replay(long_run, 5)[1]
    restored_20 = replay(long_run, 20)[1]
    ### END SOLUTION
    """,
    """
    check.more_patience(my_prediction, restored_5, restored_20, long_run)
    """,
    difficulty="practice",
)

exercise(
    "gl_stop",
    "Prechelt's GL criterion",
    r"""
    Write `gl_stop(val_losses, alpha)` that returns the epoch (counting from 1) after which Prechelt's
    GL$_\alpha$ criterion stops training: the first epoch $t$ with

    $$GL(t) = 100 \cdot \left(\frac{E_{va}(t)}{E_{opt}(t)} - 1\right) > \alpha,
    \qquad E_{opt}(t) = \min_{t' \le t} E_{va}(t'),$$

    or `None` if no epoch passes $\alpha$. Note that $E_{opt}(t)$ is the lowest loss *so far*, not the
    lowest of the whole run (which training could not know yet). When your function passes, the check
    runs it on the chapter's run for $\alpha = 5$.
    """,
    """
    def gl_stop(val_losses, alpha):
        ### BEGIN SOLUTION
        losses = np.asarray(val_losses, dtype=float)
        gl = 100 * (losses / np.minimum.accumulate(losses) - 1)
        above = np.flatnonzero(gl > alpha)
        return int(above[0]) + 1 if len(above) else None
        ### END SOLUTION
    """,
    """
    check.gl_stop(gl_stop, long_run)
    """,
    difficulty="practice",
)

exercise(
    "early_stopping_loop",
    "Early stopping in ten lines",
    """
    Write your own early-stopping training loop, `train_with_early_stopping(model, x, y, x_val, y_val,
    patience, max_epochs, lr=0.1, batch_size=32, seed=0)`, that does what `mlp.fit` does with
    `optimizer=mlp.optim.SGD(lr=lr)`, the loss `mlp.SoftmaxCrossEntropy()` and
    `early_stopping=mlp.EarlyStopping(patience=patience)`, and returns `(best_epoch, stop_epoch)`:

    - make one generator, `rng = np.random.default_rng(seed)`, and at the start of **every** epoch take
      `order = rng.permutation(len(x))`; cut `order` into batches of `batch_size` in turn (the last may
      be smaller) and do one `mlp.training.train_step(model, loss, optimizer, x[batch], y[batch])` each.
      This is exactly how `fit` shuffles, so your run and `fit`'s can agree to the last digit;
    - after each epoch compute the validation loss with `mlp.evaluate(model, loss, x_val, y_val)[0]`;
    - a loss strictly lower than the best so far is an improvement: remember the epoch and a **copy** of
      the weights (`model.state()`), and reset the counter; otherwise count one more bad epoch and stop
      when the count reaches `patience`;
    - at the end (stopped early or out of epochs) put the best weights back (`model.load_state(...)`).

    The check trains a small network on noisy moons with your function and with `mlp.fit`, and compares
    the epochs and the weights.
    """,
    """
    def train_with_early_stopping(model, x, y, x_val, y_val, patience, max_epochs, lr=0.1, batch_size=32,
                                  seed=0):
        ### BEGIN SOLUTION
        loss, optimizer = mlp.SoftmaxCrossEntropy(), mlp.optim.SGD(lr=lr)
        rng = np.random.default_rng(seed)
        best_loss, best_epoch, best_weights, bad = np.inf, 0, model.state(), 0
        for epoch in range(1, max_epochs + 1):
            order = rng.permutation(len(x))
            for start in range(0, len(x), batch_size):
                batch = order[start:start + batch_size]
                mlp.training.train_step(model, loss, optimizer, x[batch], y[batch])
            current = mlp.evaluate(model, loss, x_val, y_val)[0]
            if current < best_loss:
                best_loss, best_epoch, best_weights, bad = current, epoch, model.state(), 0
            else:
                bad += 1
                if bad >= patience:
                    break
        model.load_state(best_weights)
        return best_epoch, epoch
        ### END SOLUTION
    """,
    """
    check.early_stopping_loop(train_with_early_stopping)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 13. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - Early stopping ends training where the validation loss is lowest. Afterwards that point is just
      `argmin`; during training it can only be recognized by waiting, because validation curves have
      bumps and local minima.
    - `mlp.EarlyStopping(patience=p)` stops after `p` evaluations in a row without a strictly better
      value; `restore_best=True` then copies back the weights of the best evaluation, undoing the epochs
      spent waiting. A run with early stopping is exactly the first part of the same run without it.
    - Patience is a price paid in epochs at the end of every run (the waiting always equals the
      patience) in exchange for not stopping at a bump. Too little stops early at a worse epoch; beyond
      some value, more buys nothing.
    - Watch the validation loss: it is smoother and finer than the accuracy, which moves in steps, sits
      on plateaus and ties its best. If you watch accuracy, give it more patience.
    - Prechelt's criteria measure the same thing differently: GL by how far the loss has risen above its
      best, UP by how many strips it has risen in, PQ by the rise relative to the training progress.
      Slower criteria generalize a little better and cost much more training time.
    - The main cost is data: the validation set comes out of the training data. Retraining on all the
      data for the epochs found can win it back.
    - Early stopping is regularization: it limits how far the weights travel from their initial
      values, much as an L2 penalty does.

    ## What's next

    Chapter 20 takes the deck's second remedy, regularization (규제), head on: instead of stopping the
    weights from travelling far, it makes large weights expensive with L2 weight decay, and looks at
    what the deck calls making the task harder so that the model generalizes.
    """
)


if __name__ == "__main__":
    ch.write()
