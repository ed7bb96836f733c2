"""Write notebooks/01-tangerines.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch01.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(1, "01-tangerines")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn, motivation
# ---------------------------------------------------------------------------------------------------

md(
    """
    # Sorting tangerines

    It is harvest time on a tangerine farm. Every tangerine that comes off the trees goes into one of two
    boxes: the ripe ones (잘 익은 귤) into the box on the right, to be sold now, and the unripe ones
    (덜 익은 귤) into the box on the left, to ripen for a few more days.

    This chapter is about the day the farmer gets tired of doing that by hand. It is the smallest example
    of machine learning (머신러닝) there is, and everything later in the course grows out of it.

    **What you will learn**

    - how a sorting decision becomes a rule a computer can run, and how to count the rule's mistakes of
      each kind;
    - the difference between a rule a person writes down and a rule a machine finds from labelled
      examples, which is what *learning* means;
    - why the rule that is best on the examples you have is not automatically the best on the next basket;
    - why a second measurement turns the threshold into a line, the starting point of the perceptron in
      the next chapter.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy for the numbers, matplotlib for the pictures, and three pieces of the course library
    `mlp`: the tangerine data, an explorer widget, and the checks for the exercises at the end.
    """
)

code(
    """
    import numpy as np
    import matplotlib.pyplot as plt

    from mlp.datasets.synthetic import tangerines
    from mlp.widgets import frame_explorer
    from mlp.checks import ch01 as check

    RIPE_COLOUR, UNRIPE_COLOUR = "tab:orange", "tab:green"
    """
)

md(
    """
    ## Two boxes and a tired farmer

    Sorting one basket by hand is easy. Sorting a whole harvest is slow and boring, and a tired person
    starts making mistakes. What the farmer wants is a fixed rule, a criterion (기준) simple enough that
    a machine can apply it.

    Looking at the boxes, the farmer notices that ripe tangerines are, on the whole, bigger. A few
    measurements later the farmer settles on a number: ripe ones seem to be about 7.5 cm across or more.
    The rule goes into the sorting machine's program:

    ```text
    if size > 7.5 then right_box else left_box
    ```

    This is hard-coding (하드 코딩): a person found the criterion, and the program only applies it.
    It works, mostly. But watching the machine, the farmer soon sees a ripe tangerine smaller than 7.5 cm
    go into the left box, and an unripe one bigger than 7.5 cm go into the right box. The rule errs both
    ways.

    The farmer could nudge the number and watch again. Or the machine could be given examples of
    correctly sorted tangerines and find the number itself. The second idea is this chapter, and in a
    sense this whole course.
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. The data
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The tangerines

    We have no real farm's measurements, so we *generate* tangerines with a random number generator.
    The data are synthetic, and we say so plainly, because this is a choice with a price and a benefit.
    The price: the numbers are made up. They follow the story (ripe tangerines are bigger on average,
    and the two kinds overlap around 7.5 cm), but a real orchard would be messier. The benefits: we know
    exactly how the data were made, everybody who runs this page gets the same numbers (the *seed* fixes
    the random generator), and we can pick a fresh basket from the same orchard whenever we need one.
    We will need one before the chapter is over.
    """
)

code(
    """
    x, y = tangerines(n=200, seed=0)
    diameters = x[:, 0]

    print("x:", x.shape, x.dtype, "   y:", y.shape, y.dtype)
    print("first five diameters (cm):", np.round(diameters[:5], 2))
    print("first five labels:        ", y[:5])
    print("ripe:", np.sum(y == 1), "  unripe:", np.sum(y == 0))
    """
)

md(
    """
    `x` is a table with one row per tangerine and one column per measurement. A measurement that
    describes an example is called a feature (특징); here there is only one, the diameter in centimetres.

    `y` holds the label (레이블) of each tangerine: the correct answer (정답) that a careful person gave
    it, `1` for ripe and `0` for unripe. A measurement together with its label is a *labelled example*,
    and 200 of them are what the machine will learn from. Putting each example into one of a fixed set
    of classes (here two: ripe and unripe) is called classification (분류).

    How different are the two kinds?
    """
)

code(
    """
    for label, name in [(1, "ripe"), (0, "unripe")]:
        d = diameters[y == label]
        print(f"{name:>6}: mean {d.mean():.2f} cm, smallest {d.min():.2f} cm, largest {d.max():.2f} cm")
    """
)

md(
    """
    On average the ripe ones are bigger, as the farmer noticed. But look at the smallest ripe tangerine
    and the largest unripe one: the ranges overlap, so *no* single size can separate the two kinds
    perfectly. A picture makes this clearer. Each dot below is one tangerine, placed by its diameter
    (the small vertical spread is random and only keeps the dots from hiding each other); the histograms
    underneath count how many tangerines fall in each 0.25 cm bin.
    """
)

code(
    """
    def strip_plot(ax, diameters, labels, seed=0):
        \"\"\"One dot per tangerine: diameter across, ripe on the upper row, unripe on the lower.\"\"\"
        jitter = np.random.default_rng(seed).uniform(-0.15, 0.15, size=len(diameters))
        for label, name, colour in [(1, "ripe", RIPE_COLOUR), (0, "unripe", UNRIPE_COLOUR)]:
            chosen = labels == label
            ax.scatter(diameters[chosen], label + jitter[chosen], s=14, alpha=0.7, color=colour, label=name)
        ax.set_yticks([0, 1], ["unripe", "ripe"])
        ax.set_ylim(-0.5, 1.5)


    bins = np.arange(np.floor(diameters.min()), np.ceil(diameters.max()) + 0.25, 0.25)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 4.5), sharex=True, height_ratios=[1, 1.4])
    strip_plot(top, diameters, y)
    bottom.hist(diameters[y == 1], bins=bins, alpha=0.6, color=RIPE_COLOUR, label="ripe")
    bottom.hist(diameters[y == 0], bins=bins, alpha=0.6, color=UNRIPE_COLOUR, label="unripe")
    for ax in (top, bottom):
        ax.axvline(7.5, color="black", linestyle="--", linewidth=1)
    top.set_title("200 tangerines; the dashed line is the farmer's 7.5 cm")
    bottom.set_xlabel("diameter (cm)")
    bottom.set_ylabel("tangerines per bin")
    bottom.legend()
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Most ripe tangerines lie to the right of the dashed line and most unripe ones to the left, but around
    the line the two colours mix. Every orange dot left of the line and every green dot right of it will
    go into the wrong box.
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. The hand-written rule
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## The farmer's rule, as code

    Here is the farmer's rule for one tangerine, written the way the story tells it:
    """
)

code(
    """
    def farmers_rule(size):
        \"\"\"The hand-written rule: which box does a tangerine of this diameter (cm) go into?\"\"\"
        if size > 7.5:
            return "right box (ripe)"
        else:
            return "left box (unripe)"


    print("8.1 cm ->", farmers_rule(8.1))
    print("7.2 cm ->", farmers_rule(7.2))
    """
)

md(
    """
    To sort all 200 tangerines we do not call this function 200 times. NumPy compares every diameter
    with 7.5 in one step and gives back an array of `True`/`False`; turning that into integers gives a
    prediction in the same code as the labels: `1` for the right box, `0` for the left.
    """
)

code(
    """
    THRESHOLD = 7.5
    predicted = (diameters > THRESHOLD).astype(np.int64)

    print("predicted:", predicted[:15])
    print("labels:   ", y[:15])
    """
)

md(
    """
    Where the two rows differ, the rule made a mistake. There are two kinds of mistake, and they are
    not the same thing for the farmer: a ripe tangerine left to "ripen" in the left box is wasted, while
    an unripe one in the right box disappoints a customer. So we count them separately.
    """
)

code(
    """
    ripe_in_left = np.sum((y == 1) & (predicted == 0))
    unripe_in_right = np.sum((y == 0) & (predicted == 1))

    print("ripe tangerines in the left (unripe) box: ", ripe_in_left)
    print("unripe tangerines in the right (ripe) box:", unripe_in_right)
    print("errors in all:", ripe_in_left + unripe_in_right, "of", len(y))
    """
)

md(
    """
    A compact way to show all four possibilities (the right or wrong box, for each kind of tangerine)
    is a confusion matrix (혼동 행렬): one row per true class, one column per box. The correct decisions
    sit on the diagonal, the two kinds of error off it. The fraction of correct decisions is the
    accuracy (정확도).
    """
)

code(
    """
    def confusion_table(labels, predicted):
        \"\"\"Counts[true class, predicted class] for two classes (0 = unripe, 1 = ripe).\"\"\"
        return np.bincount(2 * labels + predicted, minlength=4).reshape(2, 2)


    def show_confusion(labels, predicted):
        counts = confusion_table(labels, predicted)
        print(f"{'':>14}{'left box':>12}{'right box':>12}")
        print(f"{'truly unripe':>14}{counts[0, 0]:>12}{counts[0, 1]:>12}")
        print(f"{'truly ripe':>14}{counts[1, 0]:>12}{counts[1, 1]:>12}")
        accuracy = np.trace(counts) / counts.sum()
        print(f"accuracy: {accuracy:.1%}")


    show_confusion(y, predicted)
    """
)

md(
    """
    The rule is right most of the time, and wrong in both directions, exactly as the farmer saw.
    Could a different number do better? We could guess again, but there is a better way.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. A rule found by the machine
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A rule found by the machine

    There are two ways to get a sorting rule:

    1. **A person finds the criterion** (looks at tangerines, picks 7.5 cm) and writes it into the
       program. The program never changes unless the person changes it.
    2. **The machine finds the criterion** from labelled examples, using an algorithm (알고리즘) that
       searches for the rule that agrees best with the labels. Give it different examples and it finds a
       different rule, without anyone editing the program.

    The second way is what we call learning (학습), and the examples it learns from are the training
    data (학습 데이터). The two ways have the same purpose and produce the same kind of rule (here: a
    threshold (임계값) on the diameter); only the way the number is found differs. Deep learning
    (딥러닝) is the second way with much richer rules than one threshold.

    The simplest learning algorithm for our rule is almost embarrassingly direct: try every candidate
    threshold, count the errors each one makes on the labelled examples, and keep the one with the
    fewest. We try thresholds every 0.01 cm across the whole range of diameters.
    """
)

code(
    """
    def errors_per_threshold(values, labels, thresholds):
        \"\"\"Both kinds of error of the rule 'right box if value > threshold', for every threshold at once.

        values, labels: shape (n,); thresholds: shape (t,).
        Returns (ripe_in_left, unripe_in_right), two integer arrays of shape (t,).
        \"\"\"
        goes_right = values[np.newaxis, :] > thresholds[:, np.newaxis]  # (t, n): one row per threshold
        is_ripe = labels == 1
        ripe_in_left = np.sum(~goes_right & is_ripe, axis=1)
        unripe_in_right = np.sum(goes_right & ~is_ripe, axis=1)
        return ripe_in_left, unripe_in_right


    low, high = np.floor(diameters.min()), np.ceil(diameters.max())
    thresholds = np.round(np.arange(low, high + 0.005, 0.01), 2)
    ripe_in_left_t, unripe_in_right_t = errors_per_threshold(diameters, y, thresholds)
    errors_t = ripe_in_left_t + unripe_in_right_t

    best = np.argmin(errors_t)  # np.argmin returns the first, i.e. the smallest, of tied thresholds
    learned_threshold = thresholds[best]
    farmer = np.flatnonzero(thresholds == 7.5)[0]

    print(f"tried {len(thresholds)} thresholds from {thresholds[0]:.2f} to {thresholds[-1]:.2f} cm")
    print(f"farmer's threshold  7.50 cm: {errors_t[farmer]} errors "
          f"({ripe_in_left_t[farmer]} ripe in left, {unripe_in_right_t[farmer]} unripe in right)")
    print(f"learned threshold   {learned_threshold:.2f} cm: {errors_t[best]} errors "
          f"({ripe_in_left_t[best]} ripe in left, {unripe_in_right_t[best]} unripe in right)")
    tied = thresholds[errors_t == errors_t.min()]
    print("thresholds that tie for the fewest errors:", tied)
    """
)

md(
    """
    The line `goes_right = ...` is where the work happens: it compares every tangerine with every
    threshold at once, giving a table with one row per threshold. Counting down each row gives the
    errors of that threshold.

    Because 7.5 cm is one of the candidates, the machine's choice can never make more errors *on these
    tangerines* than the farmer's rule. The plot below shows the whole search: how each kind of error,
    and their sum, changes as the threshold moves.
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(thresholds, ripe_in_left_t, color=RIPE_COLOUR, label="ripe in the left box")
    ax.plot(thresholds, unripe_in_right_t, color=UNRIPE_COLOUR, label="unripe in the right box")
    ax.plot(thresholds, errors_t, color="black", linewidth=2, label="all errors")
    ax.axvline(7.5, color="black", linestyle="--", linewidth=1, label="farmer: 7.5 cm")
    ax.axvline(learned_threshold, color="tab:red", linestyle=":", linewidth=2,
               label=f"learned: {learned_threshold:.2f} cm")
    ax.set_xlabel("threshold (cm)")
    ax.set_ylabel("number of tangerines")
    ax.set_title("Errors of the rule 'right box if diameter > threshold'")
    ax.legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The two kinds of error pull in opposite directions. Raising the threshold sends more tangerines to
    the left box: fewer unripe ones end up on the right, but more ripe ones end up on the left. The total
    has a valley, and learning here means nothing more than walking to the bottom of it.

    Two details of the curve are worth a second look. It moves in steps, because the count changes only
    when the threshold passes a tangerine: any two thresholds between the same two neighbouring
    tangerines sort every tangerine the same way. And nothing guarantees a single lowest point; several
    thresholds can tie (the search printed those that do), so "the best threshold" needs a rule for
    ties. Ours is the smallest one, because that is what `np.argmin` returns.
    """
)

md(
    """
    ### Is the learned threshold really better?

    The learned threshold is the best *on the 200 tangerines it was chosen on*. What the farmer cares
    about is next week's harvest. Our synthetic orchard lets us pick a fresh basket, with a different
    seed, and compare both rules on tangerines neither of them has seen. We take a big basket, 2000
    tangerines, so that the comparison is not itself a matter of luck.
    """
)

code(
    """
    x_new, y_new = tangerines(n=2000, seed=1)
    diameters_new = x_new[:, 0]


    def error_rate(values, labels, threshold):
        \"\"\"The fraction of tangerines the rule 'right box if value > threshold' puts in the wrong box.\"\"\"
        left, right = errors_per_threshold(values, labels, np.array([threshold]))
        return (left[0] + right[0]) / len(labels)


    print(f"{'':>10}{'on the 200 training tangerines':>32}{'on 2000 new ones':>20}")
    for name, threshold in [("farmer's", 7.5), ("learned", learned_threshold)]:
        print(f"{name:>10}{error_rate(diameters, y, threshold):>32.1%}"
              f"{error_rate(diameters_new, y_new, threshold):>20.1%}")

    gap = error_rate(diameters_new, y_new, learned_threshold) - error_rate(diameters_new, y_new, 7.5)
    better = "the learned" if gap < 0 else "the farmer's" if gap > 0 else "neither"
    print(f"On the new tangerines {better} threshold is better,")
    print(f"by {100 * abs(gap):.1f} percentage points.")
    """
)

md(
    """
    Read the table row by row. The first column is not a fair exam for the learned threshold: it was
    chosen to do well on exactly those tangerines, so its score there flatters it. The second column is
    the fair test, and the last line says who wins it. An advantage on the training data can shrink, or
    even turn around, on new data. The reason is that the 200 examples tell us about the orchard (ripe
    tangerines are bigger) *and* about the accident of which 200 tangerines we happened to pick. A
    learned rule absorbs a little of both.

    We can see the accident directly: learn the threshold again on twenty other baskets of 200 from the
    same orchard.
    """
)

code(
    """
    learned = []
    for seed in range(100, 120):
        x_s, y_s = tangerines(n=200, seed=seed)
        left, right = errors_per_threshold(x_s[:, 0], y_s, thresholds)
        learned.append(thresholds[np.argmin(left + right)])
    learned = np.array(learned)

    print("thresholds learned on 20 other baskets:", np.sort(learned))
    print(f"smallest {learned.min():.2f} cm, largest {learned.max():.2f} cm, mean {learned.mean():.2f} cm")

    x_big, y_big = tangerines(n=20_000, seed=2)
    left, right = errors_per_threshold(x_big[:, 0], y_big, thresholds)
    print(f"threshold learned on one basket of 20000: {thresholds[np.argmin(left + right)]:.2f} cm")
    """
)

md(
    """
    Same orchard, same algorithm, different thresholds: part of what each one learned belongs to its
    basket, not to tangerines in general. The more examples, the less room for accidents: the threshold
    learned on the huge basket (last line) is the orchard's own boundary, and it lands close to the
    farmer's 7.5 cm. In this orchard the farmer's eye was good, and a threshold learned from only 200
    tangerines strays from it to fit its basket.

    So why learn at all? Because the farmer had to look at a lot of tangerines to find 7.5 cm, and must
    do it again for every new variety or every new season, whereas the algorithm only needs a new set of
    labelled examples and finds a new threshold by itself. And because for harder problems (a photo of a
    tangerine instead of one measurement, say) no person can write the rule down at all.

    How well a learned rule works on new examples is called
    generalization (일반화), and a rule that fits the quirks of its training data at the expense of new
    data is overfitting (과적합). With a single number to choose there is little room for it. A network
    with thousands of weights has plenty, and chapter 18 is about exactly that.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. A second feature
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A second look: colour

    Size is not the only clue. A ripe tangerine is also more orange. Our orchard can report a second
    feature for each tangerine, its colour, as a number (larger means more orange).
    """
)

code(
    """
    x2, y2 = tangerines(n=200, seed=0, features=("diameter", "colour"))
    print("x2:", x2.shape, "  first three rows (diameter, colour):")
    print(np.round(x2[:3], 2))
    for label, name in [(1, "ripe"), (0, "unripe")]:
        print(f"{name:>6}: mean colour {x2[y2 == label, 1].mean():.2f}")
    """
)

md(
    """
    With two features, each tangerine is a point in a plane, and a rule is a way to cut the plane in two.
    The diameter threshold is a vertical line: it ignores colour completely. A *tilted* line can use both.

    How do we find a good tilted line? A line can be written as
    $w_d \\cdot \\text{diameter} + w_c \\cdot \\text{colour} = b$, and the rule is "right box if the left
    side is bigger than $b$". Once the direction $(w_d, w_c)$ is fixed, every tangerine gets one number,
    its *score* $w_d \\cdot \\text{diameter} + w_c \\cdot \\text{colour}$, and we are back to the problem
    we have just solved: find the best threshold $b$ for the score. So we try 180 directions around the
    circle and, for each, the best threshold. (First we put both features on the same scale, subtracting
    the mean and dividing by the standard deviation, so that neither counts more just because of its
    unit.)
    """
)

code(
    """
    mean, std = x2.mean(axis=0), x2.std(axis=0)
    z = (x2 - mean) / std                      # both features now in "standard deviations"
    b_candidates = np.round(np.arange(-3.0, 3.0 + 0.005, 0.01), 2)

    # a full circle of directions: the direction also decides which side of the line is the right box
    angles = np.deg2rad(np.arange(0, 360, 2))
    best_line = None
    for angle in angles:
        w = np.array([np.cos(angle), np.sin(angle)])
        scores = z @ w                         # one score per tangerine
        left, right = errors_per_threshold(scores, y2, b_candidates)
        i = np.argmin(left + right)
        if best_line is None or left[i] + right[i] < best_line["errors"]:
            best_line = {"w": w, "b": b_candidates[i], "errors": left[i] + right[i]}

    left, right = errors_per_threshold(x2[:, 0], y2, thresholds)
    diameter_only = thresholds[np.argmin(left + right)]
    print(f"best diameter threshold alone ({diameter_only:.2f} cm):", np.min(left + right), "errors")
    print(f"best line using diameter and colour ({len(angles)} directions tried):", best_line["errors"], "errors")
    """
)

code(
    """
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for label, name, colour in [(1, "ripe", RIPE_COLOUR), (0, "unripe", UNRIPE_COLOUR)]:
        chosen = y2 == label
        ax.scatter(x2[chosen, 0], x2[chosen, 1], s=14, alpha=0.7, color=colour, label=name)
    ax.axvline(diameter_only, color="black", linestyle="--", linewidth=1,
               label="best diameter threshold")

    # the tilted line: the points where the score equals b (drawn as one contour of the score)
    d_grid, c_grid = np.meshgrid(np.linspace(*ax.get_xlim(), 200), np.linspace(*ax.get_ylim(), 200))
    score_grid = ((d_grid - mean[0]) / std[0]) * best_line["w"][0] + ((c_grid - mean[1]) / std[1]) * best_line["w"][1]
    ax.contour(d_grid, c_grid, score_grid, levels=[best_line["b"]], colors="tab:red", linewidths=2)
    ax.plot([], [], color="tab:red", linewidth=2, label="best line (diameter and colour)")

    ax.set_xlabel("diameter (cm)")
    ax.set_ylabel("colour (more orange →)")
    ax.set_title("Diameter and colour: a vertical line or a tilted one")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    The tilted line uses what the vertical one ignores, and makes fewer errors on these tangerines (the
    counts are printed above the plot). Look at what the rule computes: a weighted sum of the inputs,
    compared with a threshold. That is precisely an artificial neuron, the perceptron (퍼셉트론) of the
    next chapter, with $w_d$ and $w_c$ as its weights (가중치).

    Trying every direction worked for two features. It would not work for the hundreds of pixels of a
    digit image later in the course: there are far too many directions. We will need a way for the machine to *improve*
    a rule step by step instead of trying them all, and that is where the next chapters go.
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. The explorer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: move the threshold yourself

    Drag the slider to move the threshold from 6 cm to 9 cm. The shaded side is the right box; the
    caption counts both kinds of error. Watch one kind of error fall while the other rises, and find
    the valley by hand. (The pictures are drawn in advance, so the slider also works in the online book,
    without running anything.)
    """
)

code(
    """
    def draw_threshold(fig, threshold):
        \"\"\"One frame: the tangerines, the threshold, and the right box shaded.\"\"\"
        ax = fig.add_subplot()
        strip_plot(ax, diameters, y)
        ax.axvspan(threshold, 10.0, color=RIPE_COLOUR, alpha=0.1)
        ax.axvline(threshold, color="black", linewidth=1.5)
        ax.set_xlim(5.5, 9.5)
        ax.text(threshold - 0.08, 1.3, "← left box", ha="right", fontsize=9)
        ax.text(threshold + 0.08, 1.3, "right box →", ha="left", fontsize=9)
        ax.set_xlabel("diameter (cm)")


    def count_caption(threshold):
        \"\"\"The text under each frame: both kinds of error at this threshold.\"\"\"
        left, right = errors_per_threshold(diameters, y, np.array([threshold]))
        return (f"threshold {threshold:.1f} cm: <b>{left[0]}</b> ripe in the left box, "
                f"<b>{right[0]}</b> unripe in the right box, <b>{left[0] + right[0]}</b> errors in all")


    slider_values = np.round(np.arange(6.0, 9.0 + 0.05, 0.1), 1)
    frame_explorer(draw_threshold, slider_values, label="threshold (cm)", value=7.5,
                   caption=count_caption, figsize=(6.4, 2.4))
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
    Use `diameters` and `y`, the 200 tangerines from the start of the chapter.
    """
)

exercise(
    "count_errors",
    "Count the errors",
    """
    Write a function `count_errors(diameters, labels, threshold)` that returns the **number** of
    tangerines the rule "right box if diameter > threshold" puts in the wrong box (both kinds together),
    as an integer. Do it without a Python loop.
    """,
    """
    def count_errors(diameters, labels, threshold):
        ### BEGIN SOLUTION
        predicted = (diameters > threshold).astype(np.int64)
        return int(np.sum(predicted != labels))
        ### END SOLUTION
    """,
    """
    check.count_errors(count_errors)
    """,
    difficulty="warm-up",
)

exercise(
    "threshold_8",
    "Predict, then count",
    """
    The farmer considers raising the threshold from 7.5 cm to 8.0 cm.

    1. **Before computing anything**, predict: will there be `"more"`, `"fewer"` or `"the same"` number
       of *ripe tangerines in the left box*? Set `my_prediction` to one of these three strings, and think
       about why.
    2. Then compute `ripe_in_left_at_8`, the number of ripe tangerines in the left box when the
       threshold is 8.0 cm.
    """,
    """
    ### BEGIN SOLUTION
    # Raising the threshold only ever moves tangerines from the right box to the left, never back.
    # Every ripe one between 7.5 and 8.0 cm joins the left box, so this kind of error can only grow.
    my_prediction = "more"
    ripe_in_left_at_8 = int(np.sum((y == 1) & (diameters <= 8.0)))
    ### END SOLUTION
    """,
    """
    check.threshold_8(my_prediction, ripe_in_left_at_8, diameters, y)
    """,
    difficulty="practice",
)

exercise(
    "best_threshold",
    "Only the thresholds that matter",
    """
    Trying a threshold every 0.01 cm wastes work: the error count changes only when the threshold passes
    a tangerine. It is enough to try one threshold between each pair of neighbouring diameters.

    Write `best_threshold(diameters, labels)` that

    - sorts the *distinct* diameters and takes the midpoints between neighbours as the candidates
      (for diameters 6.0, 7.0, 7.2 the candidates are 6.5 and 7.1);
    - counts the errors of "right box if diameter > candidate" for each candidate;
    - returns the candidate with the fewest errors as a float; **if several tie, the smallest**.

    When your function passes, the check also runs it on the chapter's tangerines: compare the result
    with `learned_threshold` from the grid search. Why can they differ slightly, yet make the same number
    of errors?
    """,
    """
    def best_threshold(diameters, labels):
        ### BEGIN SOLUTION
        distinct = np.unique(diameters)                  # sorted, without repeats
        candidates = (distinct[:-1] + distinct[1:]) / 2  # midpoints between neighbours
        goes_right = diameters[np.newaxis, :] > candidates[:, np.newaxis]
        errors = np.sum(goes_right != (labels == 1), axis=1)
        return float(candidates[np.argmin(errors)])      # argmin: the first, i.e. smallest, of ties
        # The grid's learned_threshold and this midpoint can differ, yet both lie between the same two
        # neighbouring tangerines, so they sort every tangerine alike and make the same errors.
        ### END SOLUTION
    """,
    """
    check.best_threshold(best_threshold, diameters, y)
    """,
    difficulty="practice",
)

exercise(
    "cheapest_threshold",
    "When one mistake costs more",
    """
    The farmer points out that the two mistakes do not cost the same. An unripe tangerine in the right
    box costs one unit (a refund). A ripe tangerine in the left box costs **three** (it over-ripens and
    is thrown away).

    1. Before you write any code: should the threshold move up or down from the one that minimizes the
       plain error count? Why?
    2. Write `cheapest_threshold(diameters, labels, cost_ripe_in_left=3.0, cost_unripe_in_right=1.0)`
       that returns the candidate (the same midpoints as in the previous exercise, ties to the smallest)
       with the lowest total cost
       $3 \\times (\\text{ripe in left}) + 1 \\times (\\text{unripe in right})$.
    3. When your function passes, the check shows both thresholds on the chapter's tangerines, with
       both kinds of error and the cost of each. Was your answer to question 1 right?
    """,
    """
    def cheapest_threshold(diameters, labels, cost_ripe_in_left=3.0, cost_unripe_in_right=1.0):
        ### BEGIN SOLUTION
        # Ripe-in-left mistakes are now expensive, so the best rule sends more tangerines to the right
        # box: the threshold moves DOWN, accepting extra cheap mistakes to avoid expensive ones.
        distinct = np.unique(diameters)
        candidates = (distinct[:-1] + distinct[1:]) / 2
        goes_right = diameters[np.newaxis, :] > candidates[:, np.newaxis]
        is_ripe = labels == 1
        ripe_in_left = np.sum(~goes_right & is_ripe, axis=1)
        unripe_in_right = np.sum(goes_right & ~is_ripe, axis=1)
        cost = cost_ripe_in_left * ripe_in_left + cost_unripe_in_right * unripe_in_right
        return float(candidates[np.argmin(cost)])
        ### END SOLUTION
    """,
    """
    check.cheapest_threshold(cheapest_threshold, diameters, y)
    """,
    difficulty="challenge",
)

# ---------------------------------------------------------------------------------------------------
# 8. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - A sorting decision can be written as a rule: "right box if diameter > threshold". A rule that a
      person picks and writes into the program is hard-coded.
    - When the two classes overlap, every threshold makes mistakes, of two kinds that pull in opposite
      directions. A confusion matrix shows both; accuracy is the fraction sorted correctly.
    - *Learning* means letting an algorithm choose the rule from labelled examples (features plus the
      correct answers). Our algorithm tried every threshold and kept the one with the fewest errors.
    - The rule that is best on the training examples depends on which examples we happened to have; how
      it does on new examples (generalization) is what matters, and the gap between the two is where
      overfitting lives.
    - With two features a threshold becomes a line, and "weighted sum compared with a threshold" is
      already the shape of an artificial neuron.

    ## What's next

    Chapter 2 turns that weighted sum into a neuron. It starts from the biological neuron that inspired
    it, follows {cite:t}`mcculloch1943` and Rosenblatt's perceptron {cite:p}`rosenblatt1958`, and gives the machine its
    first real learning rule: instead of trying every line, the perceptron nudges its weights a little
    after each mistake.
    """
)


if __name__ == "__main__":
    ch.write()
