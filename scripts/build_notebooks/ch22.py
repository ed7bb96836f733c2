"""Write notebooks/22-ensembles.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch22.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(22, "22-ensembles")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn, the deck's picture
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    # Ensembles

    Chapters 18 to 21 fought overfitting (과적합) inside one network: stop at the right moment (chapter 19),
    keep the weights small (chapter 20), switch neurons off at random (chapter 21). This chapter takes the
    last remedy on the deck's list and steps outside the single network: train *several* models and let them
    decide together.

    The deck introduces the word through music {cite:p}`seed004`. An ensemble (앙상블) is a group of
    instruments playing together: many small sounds blend into one that is fuller than any of them, and one
    player's small slip is drowned by the others. (The deck glosses the French word as "unity, harmony"; its
    literal meaning is simply "together".) In machine learning, the deck says, many small models vote
    (투표, voting), so a mistake made by a few of them is corrected by the rest, and the combined model
    generalizes (일반화) better. It names three ways to build the group: bagging (배깅), boosting (부스팅) and
    stacking (스태킹), with the random forest as the classic example of bagging.

    **What you will learn**

    - why a majority vote of several models can be right more often than each of them, when that holds and
      when it does not;
    - hard voting (count the votes) and soft voting (average the probabilities) with `mlp.ensemble.VotingEnsemble`,
      and a concrete test point where one member's mistake is outvoted;
    - bagging: each member trains on a bootstrap sample, which holds about 63.2% of the distinct examples;
    - boosting: a few lines of NumPy for AdaBoost, which re-weights the examples its members miss;
    - stacking: a small meta-learner trained on the members' predictions for held-out data;
    - on a small MNIST problem, a table of every member against the ensembles built from them.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib and the course library `mlp`: networks, the training loop, the ensemble module,
    MNIST and the two-moons data, the decision-boundary plot, the explorer widget and the exercise checks.
    """
)

code(
    """
    from math import comb

    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.ensemble import VotingEnsemble, bagging, bootstrap_indices
    from mlp.datasets import load_mnist
    from mlp.datasets.synthetic import moons
    from mlp.plotting import plot_decision_boundary
    from mlp.widgets import frame_explorer
    from mlp.checks import ch22 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. Why a vote can beat its voters
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Why a vote can beat its voters

    Start with an idealized jury. $M$ members each answer a yes/no question correctly with probability $p$,
    and their mistakes are *independent*. The majority is right when more than half of them are right, and
    the number of correct members follows a binomial distribution:

    $$
    P(\text{majority right}) = \sum_{k > M/2} \binom{M}{k} p^k (1-p)^{M-k}.
    $$

    This is Condorcet's jury theorem (콩도르세의 배심원 정리, 1785): if $p > 1/2$, the majority's accuracy grows towards 1 as the jury
    grows. In code:
    """
)

code(
    """
    def majority_right(p, m):
        # probability that more than half of m independent voters, each right with probability p, are right
        return sum(comb(m, k) * p**k * (1 - p) ** (m - k) for k in range(m // 2 + 1, m + 1))

    for m in (1, 3, 5, 15, 51):
        voters = "voters" if m > 1 else "voter "
        print(f"{m:>2} {voters} at 70% each: the majority is right {majority_right(0.7, m):.1%} of the time")
    """
)

md(
    """
    The catch is the word *independent*. Networks trained on the same data make many of the *same* mistakes:
    a test point that looks like the other class fools most of them at once. Then the vote gains much less.
    Everything in this chapter is a way to make members that are good on their own but wrong in different
    places: different random starts, different samples of the data (bagging), different emphasis on the hard
    examples (boosting), or different kinds of model (stacking).
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Members and their vote on two moons
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Several small networks on two moons

    The two-moons data (chapters 3 and 18) with a fair amount of noise: 200 training points and a large fresh sample of
    1,000 for testing. Fifteen small networks (two hidden layers of 16 ReLU units) are trained with
    `mlp.ensemble.bagging`, which we take apart in the next section; for now, it trains the members one after
    another, each from its own random start on its own sample of the training set.
    """
)

code(
    """
    x_train, y_train = moons(n=200, noise=0.3, seed=0)
    x_test, y_test = moons(n=1000, noise=0.3, seed=1)

    def small_network(seed):
        return mlp.MLP([2, 16, 16, 2], activation="relu", seed=seed)

    bag = bagging(small_network, x_train, y_train, n_models=15, optimizer="adam",
                  optimizer_kwargs={"lr": 0.02}, fit_kwargs={"epochs": 60, "batch_size": 20}, seed=0)
    members = bag.models
    member_accuracy = np.array([VotingEnsemble([m]).score(x_test, y_test) for m in members])
    print("test accuracy of each member:", np.round(member_accuracy, 3))
    print(f"mean {member_accuracy.mean():.3f}, best {member_accuracy.max():.3f}, worst {member_accuracy.min():.3f}")
    """
)

md(
    r"""
    `VotingEnsemble` combines trained models in one of two ways. With **hard voting** (하드 보팅) each member casts one
    vote for the class it predicts, and the class with most votes wins:
    $\hat y = \arg\max_k \sum_m [\text{member } m \text{ predicts } k]$.
    With **soft voting** (소프트 보팅) the members' class probabilities are averaged, so a confident member counts for more
    than a hesitant one: $\hat y = \arg\max_k \frac{1}{M}\sum_m p_m(k \mid x)$.
    Here are the first seven members and their votes:
    """
)

code(
    """
    seven = members[:7]
    hard = VotingEnsemble(seven, voting="hard")
    soft = VotingEnsemble(seven, voting="soft")
    print(f"mean of the seven members: {member_accuracy[:7].mean():.3f}")
    print(f"best of the seven members: {member_accuracy[:7].max():.3f}")
    print(f"hard vote of the seven:    {hard.score(x_test, y_test):.3f}")
    print(f"soft vote of the seven:    {soft.score(x_test, y_test):.3f}")
    print(f"hard vote minus the mean member: {hard.score(x_test, y_test) - member_accuracy[:7].mean():+.3f}")
    print(f"hard vote minus the best member: {hard.score(x_test, y_test) - member_accuracy[:7].max():+.3f}")
    independent = majority_right(member_accuracy[:7].mean(), 7)
    print(f"seven *independent* voters as good as the mean member would get: {independent:.3f}")
    all_wrong = np.all(hard.member_predictions(x_test) != y_test, axis=0)
    print(f"test points that all seven members get wrong: {all_wrong.sum()} "
          f"of the vote's {np.sum(hard.predict(x_test) != y_test)} mistakes")
    """
)

md(
    """
    The vote beats the average member by more than a point and is about as good as the best one. That is
    worth more than it sounds: *which* member is best we only learn from the test set, which we are not allowed
    to choose with, while the vote needs no choosing. The gain is also far below the jury theorem's promise
    for seven independent voters, because these members share most of their mistakes: most of the vote's
    mistakes are points that *every* member gets wrong, mostly noisy points that lie deep inside the other
    moon, where no vote can help.
    """
)

md(
    """
    ### One mistake, outvoted

    The deck's promise, that one player's slip is drowned by the others, can be seen on a single test point.
    We look for a test point that exactly one of the seven members gets wrong while the vote gets it right,
    and print every member's answer:
    """
)

code(
    """
    votes = hard.member_predictions(x_test)          # (7 members, 1000 test points)
    wrong = votes != y_test                          # True where a member is wrong
    vote = hard.predict(x_test)
    candidates = np.flatnonzero((wrong.sum(axis=0) == 1) & (vote == y_test))
    point = int(candidates[0])
    print(f"{len(candidates)} test points are missed by exactly one member and saved by the vote")
    print(f"test point {point} at {np.round(x_test[point], 2)}, true class {y_test[point]}")
    for m in range(7):
        mark = "   <- wrong" if wrong[m, point] else ""
        print(f"  member {m}: votes for class {votes[m, point]}{mark}")
    print(f"  the vote: class {vote[point]} ({np.sum(votes[:, point] == vote[point])} votes to "
          f"{np.sum(votes[:, point] != vote[point])})")
    """
)

md(
    """
    The picture shows the same thing on the whole plane: each member's decision boundary (결정 경계), with its
    own wiggles where its training sample had a few noisy points, and the vote's boundary, which keeps what
    they agree on. The star is the test point above.
    """
)

code(
    """
    fig, axes = plt.subplots(2, 4, figsize=(12, 6), sharex=True, sharey=True)
    for m, ax in enumerate(axes.flat):
        model = seven[m] if m < 7 else hard
        plot_decision_boundary(model, x_train, y_train, ax=ax, resolution=120, legend=False)
        ax.plot(*x_test[point], marker="*", markersize=16, color="gold", markeredgecolor="black")
        name = f"member {m}" if m < 7 else "hard vote of the 7"
        accuracy = member_accuracy[m] if m < 7 else hard.score(x_test, y_test)
        ax.set_title(f"{name}: test {accuracy:.3f}", fontsize=10)
    # One legend for the figure, below, instead of eight
    fig.legend(*axes.flat[0].get_legend_handles_labels(), loc="lower center", ncol=2, fontsize="small")
    fig.suptitle("Seven small networks and their vote (star: the outvoted mistake)")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    plt.show()
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. Bagging
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Bagging: a different sample for each member

    Bagging (배깅) is short for *bootstrap aggregating*, introduced by Leo Breiman {cite:p}`breiman1996`. Each
    member trains on a bootstrap sample (부트스트랩 표본): $n$ rows drawn *with replacement* from the $n$
    training rows. Some rows are drawn twice or more, and some are never drawn. A given row is missed by one
    draw with probability $1 - 1/n$, so it is missed by all $n$ draws with probability $(1 - 1/n)^n$, and the
    expected fraction of distinct rows in a sample is

    $$
    1 - \left(1 - \frac{1}{n}\right)^n \;\longrightarrow\; 1 - \frac{1}{e} \approx 0.632 \quad (n \to \infty).
    $$
    """
)

code(
    """
    n = len(x_train)
    print(f"formula for n = {n}:   {1 - (1 - 1 / n) ** n:.4f}")
    print(f"limit 1 - 1/e:         {1 - np.exp(-1):.4f}")
    distinct = [len(np.unique(sample)) / n for sample in bag.samples]
    print(f"our 15 members saw:    {np.round(distinct, 3)}")
    print(f"on average:            {np.mean(distinct):.4f}")
    sample = bootstrap_indices(10, seed=3)
    print("a bootstrap sample of 10 rows:", sample)
    """
)

md(
    """
    The rows a member never saw, about 37% of them, are its *out-of-bag* (OOB) rows: free test data for that member.
    Judging every training row only by the members that did not train on it gives an estimate of test accuracy
    without any held-out set. It comes out a little below the test accuracy of the whole ensemble, as it
    should: each row is judged by only the third or so of the members that left it out.
    """
)

code(
    """
    print(f"out-of-bag estimate (15 members): {bag.out_of_bag_score(x_train, y_train):.3f}")
    print(f"test accuracy of the soft vote:   {bag.ensemble('soft').score(x_test, y_test):.3f}")
    """
)

md(
    """
    Bagging helps most when the members are *unstable*: when a small change in the training data changes the
    model a lot, so the bootstrap samples give members that err in different places. Decision trees are the
    textbook case, and the random forest (랜덤 포레스트) is bagging of decision trees with one more source of
    variety: each split in each tree may only choose among a random subset of the features (Breiman, "Random
    Forests", *Machine Learning* 45, 2001). Small networks are unstable too, because of their random starts
    and their sensitivity to a few noisy points.

    How many members are enough? The explorer shows the hard vote of the first $k$ members, for $k$ from 1
    to 15: watch the boundary lose its wiggles and the test accuracy settle.
    """
)

code(
    """
    ensemble_accuracy = {k: VotingEnsemble(members[:k]).score(x_test, y_test) for k in range(1, 16)}
    print("hard-vote test accuracy by number of members:")
    print("  members: " + "".join(f"{k:>7}" for k in ensemble_accuracy))
    print("  accuracy:" + "".join(f"{a:>7.3f}" for a in ensemble_accuracy.values()))

    def draw_vote(fig, k):
        ax = fig.add_subplot()
        plot_decision_boundary(VotingEnsemble(members[:k]), x_train, y_train, ax=ax, resolution=90)
        ax.set_title(f"hard vote of {k} member{'s' if k > 1 else ''}: test accuracy {ensemble_accuracy[k]:.3f}",
                     fontsize=10)

    frame_explorer(draw_vote, range(1, 16), label="members", figsize=(4.8, 3.6), dpi=72, value=1,
                   description="The decision boundary of the hard vote of the first <i>k</i> bagged networks.")
    """
)

md(
    """
    With an even number of members a two-class vote can tie; `VotingEnsemble` then picks the smaller class
    index, which is why odd numbers are the usual choice for hard voting (soft voting almost never ties).
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. Boosting
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Boosting: the next member studies the last one's mistakes

    Bagging trains its members independently. Boosting (부스팅) trains them one after another, and each new
    member pays more attention to the examples the ensemble so far gets wrong. The best-known algorithm is
    AdaBoost, by Yoav Freund and Robert Schapire {cite:p}`freund1997`. Every training example carries a weight
    $w_i$ (at first all $1/n$), and each round:

    1. train a *weak learner* (약한 학습기) $h_t$, a model only somewhat better than guessing, on the weighted
       examples;
    2. measure its weighted error $\varepsilon_t = \sum_i w_i\,[h_t(x_i) \ne y_i]$ and give it the say
       $\alpha_t = \tfrac12 \ln\frac{1 - \varepsilon_t}{\varepsilon_t}$ (large when the error is small);
    3. re-weight: multiply the weights of the examples it missed by $e^{\alpha_t}$ and of the others by
       $e^{-\alpha_t}$, then divide by their sum so they add up to 1.

    The ensemble is a weighted vote, $\text{sign}\left(\sum_t \alpha_t h_t(x)\right)$ with labels $\pm 1$.

    Our weak learner is the smallest classifier there is, a decision stump (결정 스텀프): one feature, one
    threshold, like the tangerine rule of chapter 1. Finding the stump with the smallest *weighted* error is
    a brute-force search over every feature and threshold, in a few vectorized lines:
    """
)

code(
    """
    def best_stump(x, y_pm, w):
        # the (feature, threshold, sign) whose rule sign * (+1 if x[:, feature] > threshold else -1)
        # has the smallest weighted error; y_pm holds the labels as -1 / +1
        best = (np.inf, 0, 0.0, 1)
        for feature in range(x.shape[1]):
            thresholds = np.unique(x[:, feature])
            says = np.where(x[None, :, feature] > thresholds[:, None], 1, -1)   # (thresholds, n)
            error = (says != y_pm) @ w            # weighted error of sign +1; sign -1 has 1 - error
            for sign, errors in ((1, error), (-1, 1 - error)):
                i = int(np.argmin(errors))
                if errors[i] < best[0]:
                    best = (float(errors[i]), feature, float(thresholds[i]), sign)
        return best

    def stump_says(stump, x):
        _, feature, threshold, sign = stump
        return sign * np.where(x[:, feature] > threshold, 1, -1)
    """
)

md("And AdaBoost itself, with the three steps above as three lines of the loop:")

code(
    """
    def adaboost(x, y, rounds):
        y_pm = 2 * y - 1                                   # labels 0 / 1 -> -1 / +1
        w = np.full(len(x), 1 / len(x))
        stumps, alphas = [], []
        for _ in range(rounds):
            stump = best_stump(x, y_pm, w)                 # 1. the best weak learner on the weighted data
            error = stump[0]
            alpha = 0.5 * np.log((1 - error) / error)      # 2. its say in the vote
            w = w * np.exp(-alpha * y_pm * stump_says(stump, x))   # 3. missed: * e^alpha, right: * e^-alpha
            w = w / w.sum()
            stumps.append(stump)
            alphas.append(alpha)
        return stumps, np.array(alphas)

    def boosted_predict(stumps, alphas, x, rounds=None):
        rounds = len(stumps) if rounds is None else rounds
        score = sum(a * stump_says(s, x) for s, a in zip(stumps[:rounds], alphas[:rounds]))
        return (score > 0).astype(np.int64)

    stumps, alphas = adaboost(x_train, y_train, rounds=100)
    for rounds in (1, 5, 20, 100):
        train = np.mean(boosted_predict(stumps, alphas, x_train, rounds) == y_train)
        test = np.mean(boosted_predict(stumps, alphas, x_test, rounds) == y_test)
        counted = "stumps" if rounds > 1 else "stump "
        print(f"{rounds:>3} {counted}: train accuracy {train:.3f}, test accuracy {test:.3f}")
    for t in (1, 2, 5, 20, 50, 100):
        print(f"stump {t:>3}: weighted error {stumps[t - 1][0]:.3f}, say alpha {alphas[t - 1]:.3f}")
    """
)

md(
    """
    A single stump can only cut the plane once, straight across one axis. A weighted vote of many stumps
    builds a staircase boundary that follows the moons. The stumps' weighted errors stay below 0.5 but creep
    towards it, and their say shrinks with them: every round shifts the weight onto the examples that are
    hardest to get right, many of them the noisy points inside the other moon. With 100 stumps the boundary
    grows small islands around some of those points, the overfitting of chapter 18 in a new form: training
    accuracy keeps rising while test accuracy hardly moves.
    """
)

code(
    """
    fig, axes = plt.subplots(1, 4, figsize=(13, 3.4), sharex=True, sharey=True)
    for ax, rounds in zip(axes, (1, 5, 20, 100)):
        plot_decision_boundary(lambda points, r=rounds: boosted_predict(stumps, alphas, points, r),
                               x_train, y_train, ax=ax, resolution=150, legend=False)
        test = np.mean(boosted_predict(stumps, alphas, x_test, rounds) == y_test)
        ax.set_title(f"AdaBoost, {rounds} stump{'s' if rounds > 1 else ''}: test {test:.3f}", fontsize=10)
    # One legend for the figure, beside the panels
    fig.legend(*axes[0].get_legend_handles_labels(), loc="center right", fontsize="small")
    fig.tight_layout(rect=(0, 0, 0.92, 1))
    plt.show()
    """
)

md(
    """
    Boosting needs a learner that accepts example weights. A stump does, directly. A network trained with
    `mlp.fit` does not, but it can be given the weights by *resampling*: draw its training set from the
    examples with probabilities $w_i$ (`bootstrap_indices(n, weights=w)`), so heavily weighted examples
    appear many times. That is "boosting by resampling", and it is one of the exercises' starting points.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. MNIST: members, votes and stacking
# ---------------------------------------------------------------------------------------------------

md(
    r"""
    ## Stacking, and a table on MNIST

    Voting gives every member the same say (or, in AdaBoost, a say fixed by a formula). Stacking (스태킹),
    introduced by David Wolpert as *stacked generalization* {cite:p}`wolpert1992`, *learns* how to combine
    them: a second-level model, the meta-learner (메타 학습기), takes the members' predictions as its input and
    learns to output the final answer. It can learn that one member is reliable for some classes and another
    for others.

    One rule matters: the meta-learner must be trained on the members' predictions for examples the members
    did *not* train on. On their own training examples the members are overconfident (that is overfitting),
    and a meta-learner trained there would learn to trust them too much. So we split the data three ways: the
    members train on one part, the meta-learner on a second, and the test set judges everything.

    The data: a small MNIST subset (chapter 5), 1,000 images for the members, 500 held out for the
    meta-learner, 1,000 for the test. The members: seven small networks (one hidden layer of 32 units),
    bagged.
    """
)

code(
    """
    (x_mnist, y_mnist), (x_mnist_test, y_mnist_test) = load_mnist(n_train=1500, n_test=1000, seed=0)
    x_base, y_base = x_mnist[:1000], y_mnist[:1000]          # the members train here
    x_meta, y_meta = x_mnist[1000:], y_mnist[1000:]          # the meta-learner trains here

    mnist_bag = bagging(lambda seed: mlp.MLP([784, 32, 10], seed=seed), x_base, y_base, n_models=7,
                        optimizer="adam", optimizer_kwargs={"lr": 0.002},
                        fit_kwargs={"epochs": 15, "batch_size": 32}, seed=0)
    mnist_members = VotingEnsemble(mnist_bag.models, voting="soft")
    print(mnist_members)
    """
)

md(
    """
    The meta-learner is the simplest trainable model in `mlp`: one linear layer with a softmax, that is,
    multinomial logistic regression, `mlp.MLP([70, 10])`. Its 70 inputs are the seven members' ten class
    probabilities each, computed on the held-out 500 images.
    """
)

code(
    """
    def stack_features(x):
        # (n, 7 members * 10 classes): every member's class probabilities side by side
        probabilities = mnist_members.member_probabilities(x)        # (7, n, 10)
        return probabilities.transpose(1, 0, 2).reshape(len(x), -1)

    meta = mlp.MLP([70, 10], seed=0)
    mlp.fit(meta, mlp.losses.SoftmaxCrossEntropy(), mlp.optim.Adam(lr=0.01),
            stack_features(x_meta), y_meta, epochs=60, batch_size=50, seed=0)
    stacked_accuracy = VotingEnsemble([meta]).score(stack_features(x_mnist_test), y_mnist_test)
    """
)

md("And the table: every member, alone, against the ensembles made of them, all on the same 1,000 test images.")

code(
    """
    mnist_member_accuracy = [VotingEnsemble([m]).score(x_mnist_test, y_mnist_test) for m in mnist_bag.models]
    rows = [(f"member {m}", a) for m, a in enumerate(mnist_member_accuracy)]
    rows += [("mean of the members", np.mean(mnist_member_accuracy)),
             ("best member", np.max(mnist_member_accuracy)),
             ("hard vote (bagging)", VotingEnsemble(mnist_bag.models, voting="hard").score(x_mnist_test, y_mnist_test)),
             ("soft vote (bagging)", mnist_members.score(x_mnist_test, y_mnist_test)),
             ("stacking (meta-learner)", stacked_accuracy)]
    print(f"{'model':<26}test accuracy")
    for name, accuracy in rows:
        print(f"{name:<26}{accuracy:.3f}")
    best_member = np.max(mnist_member_accuracy)
    ensembles = dict(rows[-3:])
    print()
    print(f"worst ensemble minus best member: {min(ensembles.values()) - best_member:+.3f}")
    print(f"stacking minus soft vote: {stacked_accuracy - ensembles['soft vote (bagging)']:+.3f}, that is "
          f"{round((stacked_accuracy - ensembles['soft vote (bagging)']) * len(y_mnist_test))} of "
          f"{len(y_mnist_test)} test images")
    """
)

md(
    """
    Every ensemble beats every one of its members here, the best member included, and the average member by
    two to three points. The price is seven times the training and seven times the prediction time.
    Stacking came out on top, but by a handful of test images, which is within the noise of a 1,000-image test
    set; with seven members of the same kind there is little for a meta-learner to learn beyond "average them",
    and it needs data of its own (our 500 held-out images) that the members never got to train on. Stacking
    earns its keep when the members are *different kinds* of model with different strengths. The figure shows
    the table as bars.
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(8, 3.6))
    names = [name for name, _ in rows]
    values = [accuracy for _, accuracy in rows]
    colours = ["tab:gray"] * 7 + ["tab:blue"] * 2 + ["tab:orange"] * 3
    ax.barh(names[::-1], values[::-1], color=colours[::-1])
    ax.set_xlim(min(values) - 0.02, max(values) + 0.01)
    ax.set_xlabel("test accuracy on 1,000 MNIST images")
    ax.set_title("Seven small networks and three ways to combine them")
    for i, v in enumerate(values[::-1]):
        ax.text(v + 0.001, i, f"{v:.3f}", va="center", fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Chapter 21 made a related point from the inside: dropout trains an exponential number of thinned networks
    that share one set of weights, and the test-time network approximates their average, a cheap ensemble
    {cite:p}`srivastava2014`. An explicit ensemble pays full price for each member and gets members that
    really differ.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Exercises
# ---------------------------------------------------------------------------------------------------

md("## Exercises")

exercise(
    "majority",
    "Predict first: five voters at 70%",
    r"""
    Five members each get a two-class question right with probability 0.7, independently of each other.

    1. **Before computing anything**, write down your guess for the probability that their majority (at
       least 3 of 5) is right, as `my_prediction` (a number between 0 and 1).
    2. Then write `majority_accuracy(p, m)` for an odd number `m` of independent voters, using the binomial
       formula of the chapter (without calling `majority_right`).

    The check compares your guess with the truth.
    """,
    """
    ### BEGIN SOLUTION
    # A guess made before computing: most people say about 0.7 or a little more. The truth is 0.837: a wrong
    # majority needs three of five independent members to fail at once, which is rare.
    my_prediction = 0.8
    ### END SOLUTION

    def majority_accuracy(p, m):
        ### BEGIN SOLUTION
        return sum(comb(m, k) * p**k * (1 - p) ** (m - k) for k in range(m // 2 + 1, m + 1))
        ### END SOLUTION
    """,
    """
    check.majority(my_prediction, majority_accuracy)
    """,
    difficulty="warm-up",
)

exercise(
    "votes",
    "Hard and soft voting by hand",
    r"""
    `member_probs` has shape `(members, samples, classes)`: member $m$'s class probabilities for each sample.
    Write `hard_vote(member_probs)` (each member votes for its most probable class; the class with most votes
    wins, ties to the smallest class index) and `soft_vote(member_probs)` (average the probabilities, then take
    the most probable class). Both return integer labels of shape `(samples,)`. Use NumPy only, no
    `VotingEnsemble`. The check uses three members and a sample on which the two rules disagree.
    """,
    """
    def hard_vote(member_probs):
        ### BEGIN SOLUTION
        member_probs = np.asarray(member_probs)
        n_classes = member_probs.shape[2]
        choices = member_probs.argmax(axis=2)                              # (members, samples)
        counts = (choices[:, :, None] == np.arange(n_classes)).sum(axis=0)  # (samples, classes)
        return counts.argmax(axis=1)
        ### END SOLUTION

    def soft_vote(member_probs):
        ### BEGIN SOLUTION
        return np.asarray(member_probs).mean(axis=0).argmax(axis=1)
        ### END SOLUTION
    """,
    """
    check.votes(hard_vote, soft_vote)
    """,
    difficulty="practice",
)

exercise(
    "adaboost_step",
    "One round of AdaBoost's re-weighting",
    r"""
    Write `adaboost_step(weights, missed)`: `weights` are the current example weights (non-negative, summing
    to 1), `missed` is a boolean array, True where this round's weak learner got the example wrong. Return
    `(new_weights, alpha)` where $\varepsilon = \sum_{i\ \text{missed}} w_i$,
    $\alpha = \frac12 \ln\frac{1-\varepsilon}{\varepsilon}$, missed weights are multiplied by $e^{\alpha}$,
    the others by $e^{-\alpha}$, and the result is normalized to sum to 1.

    Then think: after the update, what is the total weight of the examples this learner missed? (The check
    tells you; can you prove why it is always that number?)
    """,
    """
    def adaboost_step(weights, missed):
        ### BEGIN SOLUTION
        weights = np.asarray(weights, dtype=float)
        missed = np.asarray(missed, dtype=bool)
        error = weights[missed].sum()
        alpha = 0.5 * np.log((1 - error) / error)
        new_weights = weights * np.where(missed, np.exp(alpha), np.exp(-alpha))
        return new_weights / new_weights.sum(), alpha
        ### END SOLUTION
    """,
    """
    check.adaboost_step(adaboost_step)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 8. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - An ensemble (앙상블) combines several models. A majority of independent voters that are each right more
      than half the time is right more often than any of them; real members are not independent, so the gain
      is smaller, and the art is to make members that err in different places.
    - Hard voting counts the members' predicted classes; soft voting averages their probabilities, so
      confidence counts. On one test point we saw a member's mistake outvoted by the six others.
    - Bagging trains each member on a bootstrap sample, which holds $1 - (1 - 1/n)^n \\approx 63.2\\%$ of the
      distinct examples; the rest are out-of-bag data, a free test set. The random forest is bagging of
      decision trees.
    - Boosting trains members in sequence and re-weights the examples the last one missed; AdaBoost turns a
      vote of decision stumps into a curved boundary.
    - Stacking trains a meta-learner on the members' predictions for held-out data.
    - On MNIST every ensemble beat every member it was made of, at several times the cost.

    ## What's next

    This closes Part IV and the deck's list of remedies for overfitting. Chapter 23, the last, steps back and
    asks the deck's closing question: if a network is, strictly speaking, an optimizer that sets many weights
    so that N inputs give the wanted M outputs, in what sense is that intelligence?
    """
)


if __name__ == "__main__":
    ch.write()
