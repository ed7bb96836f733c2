"""Write notebooks/05-data.ipynb from the readable cell sources below.

Edit the chapter here, as text, then run (from the repository root)::

    python scripts/build_notebooks/ch05.py

The notebook is written without outputs and without execution counts; the book build executes it.
The first code cell is the Colab set-up cell, taken verbatim from ``python -m mlp.course setup-cell``.
"""

from __future__ import annotations

from _chapter import Chapter  # beside this script, which Python puts first on the import path

ch = Chapter(5, "05-data")
md, code, exercise = ch.md, ch.code, ch.exercise


# ---------------------------------------------------------------------------------------------------
# 1. Title, what you will learn
# ---------------------------------------------------------------------------------------------------

md(
    """
    # Data in, numbers through

    The last chapters built neurons (뉴런), stacked them into layers and adjusted their weights
    (가중치) by hand. All that time the inputs were a few tidy numbers: a diameter, a colour score, the
    bits of a logic gate. Real inputs are photographs, recordings, prices and sentences. This chapter is
    about what a network actually receives, and what it does with it on the way from the first layer to
    the last.

    The answer to the first question is short: numbers, in one row. The answer to the second is not much
    longer: multiply, add, squash, repeat. We follow one handwritten digit all the way through.

    **What you will learn**

    - why every kind of data, from sensor readings to video and text, reaches a network as a
      one-dimensional array (1차원 배열) of numbers, and how text is turned into numbers (수치화) first;
    - how a colour is a number: 32832 is `#008040`, decoded by bit shifts into red, green and blue;
    - how a 28 x 28 image of a handwritten digit (손글씨 숫자) becomes 784 inputs;
    - the forward pass (순전파): every value goes to every neuron of the next layer, times the weight of
      its path, summed, through the activation function (활성화 함수) F1, and at the end through F2 into
      a vector (벡터) of answers;
    - where learning comes in: compare that vector with the expected answer and send the error (오차)
      back.
    """
)

ch.setup_cell()

md(
    """
    We use NumPy, matplotlib, and from the course library `mlp`: the MNIST digits, the multi-layer
    perceptron `MLP`, an explorer widget, and the checks for the exercises.
    """
)

code(
    """
    import numpy as np
    import matplotlib.pyplot as plt

    import mlp
    from mlp.datasets import load_mnist, mnist_info
    from mlp.widgets import frame_explorer
    from mlp.checks import ch05 as check
    """
)

# ---------------------------------------------------------------------------------------------------
# 2. What goes in
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## What goes into a network

    A network has three kinds of layer. The input layer (입력층) receives the data, the hidden layers
    (은닉층) compute with it, and the output layer (출력층) gives the answer. The input layer is the
    simplest of the three: it has one node per number, and each node does nothing but hold its number.

    So before anything else, the data must become numbers, and the numbers must stand in one line, one
    per input node. Deep learning works on numerical data (수치 데이터), and what the input layer
    receives is a one-dimensional array of them.

    The lecture deck this course follows {cite:p}`seed004` lists the usual sources: image data (이미지 데이터), video
    data (동영상 데이터), sensor data (센서 데이터), stock data (주식 데이터), weather observation data
    (기상관측 데이터). Those are numbers already. Posts from social networks and text collected from web
    pages are text (문자열 데이터), and must be turned into numbers first. Let us see each kind,
    small enough to read.
    """
)

code(
    """
    # All three are made up, small and plausible: the point is their shape, not their values.
    temperature = np.array([21.0, 21.1, 21.1, 21.3, 21.2, 21.4])     # a thermometer, once a second (°C)
    closing_price = np.array([71200, 70800, 71500, 72300, 71900])    # one share, five trading days (won)
    weather = np.array([[18.5, 62.0, 3.1],                           # three stations, each reporting
                        [17.9, 70.0, 4.4],                           # temperature (°C), humidity (%)
                        [19.2, 55.0, 2.0]])                          # and wind speed (m/s)

    for name, data in [("sensor", temperature), ("stock", closing_price), ("weather", weather)]:
        inputs = data.reshape(-1)  # one row: the shape the input layer wants
        print(f"{name:>8}: shape {str(data.shape):>7} -> {inputs.size:>2} inputs: {inputs}")
    """
)

md(
    """
    A sensor series and a price series are one row already. The weather table has two dimensions
    (stations and measurements), and `reshape(-1)` lays its rows end to end: first the three numbers of
    station 1, then station 2, then station 3. This is called flattening (평탄화).

    The order is a convention, but once chosen it must never change: input 4 (counting from 0, as NumPy
    does) must always be the humidity at station 2, because the network will attach its own weight to each input position and learn what
    that position means. The network never sees the words "humidity" or "station".

    A video is a sequence of images, one per frame, so it has three dimensions: time, rows and
    columns. Here is a tiny one: four frames of 5 x 5 pixels, with a bright dot moving one pixel to the
    right in every frame.
    """
)

code(
    """
    n_frames, height, width = 4, 5, 5
    video = np.zeros((n_frames, height, width))
    for t in range(n_frames):
        video[t, 2, t] = 1.0  # frame t: the dot is in row 2, column t

    inputs = video.reshape(-1)
    print("video:", video.shape, "->", inputs.shape, "inputs")
    print("the inputs that are not 0:", np.flatnonzero(inputs))
    print("frame t starts at input t *", height * width)
    """
)

md(
    """
    Text needs one more step, because letters are not numbers. Every character already has a number in
    the computer, its character code (문자 코드): ASCII gave English letters, digits and signs their
    codes in 1963, and Unicode extends the same idea to every script, Hangul included. In UTF-8,
    the usual way to store Unicode, a Hangul syllable takes three bytes.
    """
)

code(
    """
    word = "tangerine"
    print(word, "->", [ord(character) for character in word])
    print("귤 -> code point", ord("귤"), "= hex", hex(ord("귤")), "-> UTF-8 bytes", list("귤".encode("utf-8")))
    """
)

md(
    """
    These codes are labels, not quantities: `n` (110) is not "more" than `e` (101) in any sense a network
    should learn from, yet a weight times 110 is bigger than the same weight times 101. The usual fix is
    one-hot encoding (원-핫 인코딩): list the symbols that occur (the vocabulary), and write each
    character as a row of zeros with a single 1 in its symbol's column. Every symbol is then equally far
    from every other. (Large language systems go further and learn a short vector of numbers per word
    piece, but it starts the same way: text becomes numbers before the first layer.)
    """
)

code(
    """
    vocabulary = sorted(set(word))
    one_hot = np.zeros((len(word), len(vocabulary)), dtype=np.int64)
    one_hot[np.arange(len(word)), [vocabulary.index(character) for character in word]] = 1

    print("vocabulary:", vocabulary)
    for character, row in zip(word, one_hot):
        print(f"  {character}  {row}")
    print("as inputs:", one_hot.shape, "->", one_hot.reshape(-1).shape)
    """
)

# ---------------------------------------------------------------------------------------------------
# 3. Pixels and colours
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Pixels: a colour is a number

    Why is an image numerical data? An image is a grid of coloured dots, pixels (픽셀), in a
    width x height array. Each pixel's colour is a mixture of red, green and blue light, each given by
    a whole number from 0 to 255: one byte, two hexadecimal (16진수) digits. Put the three bytes side by
    side and the colour is one number.

    The deck's example is the number 32832. Written in hexadecimal with six digits it is `#008040`, the
    notation of web pages, and the six digits split into three pairs: red `00`, green `80`, blue `40`.
    Code does the splitting with bit shifts: moving the number 16 bits (two bytes) to the right leaves
    red, 8 bits leaves red and green, and `& 0xFF` keeps only the last byte. Dividing by 256 with
    `divmod` does the same in decimal arithmetic.
    """
)

code(
    """
    colour = 32832
    print(colour, "=", hex(colour), "=", f"#{colour:06X}")

    red = (colour >> 16) & 0xFF
    green = (colour >> 8) & 0xFF
    blue = colour & 0xFF
    print(f"bit shifts: red {red}, green {green}, blue {blue}   (hex {red:02X} {green:02X} {blue:02X})")

    rest, blue_d = divmod(colour, 256)
    red_d, green_d = divmod(rest, 256)
    print(f"divmod:     red {red_d}, green {green_d}, blue {blue_d}")
    print("and back:  ", red * 256**2 + green * 256 + blue)
    """
)

md(
    """
    The deck's reading is right: 32832 is `#008040`, no red, half-strength green (0x80 = 128 of 255) and
    a quarter-strength blue (0x40 = 64), a dark green. But it is right *under a convention*. Windows
    stores colours the other way round, as `0x00BBGGRR`, with red in the lowest byte; there the same
    number 32832 means red 0x40, green 0x80, blue 0x00, an olive. The integer alone does not say which
    colour it is. For a network this is the same lesson as the weather table: the meaning of each input
    lives in the convention, so pick one and keep it.
    """
)

code(
    """
    windows = (blue << 16) | (green << 8) | red  # the same three bytes in Windows' order, as a web colour
    print(f"32832 read as 0x00BBGGRR: red {colour & 0xFF}, green {(colour >> 8) & 0xFF}, "
          f"blue {(colour >> 16) & 0xFF}, i.e. #{windows:06X}")

    # A tiny colour image: 2 rows x 3 columns of pixels, 3 numbers (red, green, blue) per pixel.
    tiny = np.array([[[255, 0, 0], [0, 128, 64], [255, 255, 255]],
                     [[0, 0, 255], [255, 200, 0], [0, 0, 0]]], dtype=np.uint8)
    print("tiny image:", tiny.shape, "->", tiny.reshape(-1).size, "inputs:", tiny.reshape(-1))
    """
)

code(
    """
    fig, (ax_swatch, ax_bars, ax_tiny) = plt.subplots(1, 3, figsize=(10, 3.2), width_ratios=[1.4, 1, 1.2])

    # Left: the deck's colour, and the same number read in Windows' byte order.
    for left, (name, (r, g, b)) in enumerate([("#008040 (web)", (red, green, blue)),
                                              (f"#{windows:06X} (Windows)", (blue, green, red))]):
        ax_swatch.add_patch(plt.Rectangle((left * 1.1, 0), 1, 1, color=(r / 255, g / 255, b / 255)))
        ax_swatch.text(left * 1.1 + 0.5, -0.12, f"{name}\\nR {r}  G {g}  B {b}", ha="center", va="top", fontsize=9)
    ax_swatch.set_xlim(-0.05, 2.15)
    ax_swatch.set_ylim(-0.45, 1.05)
    ax_swatch.set_aspect("equal")
    ax_swatch.axis("off")
    ax_swatch.set_title("32832, read two ways")

    # Middle: the three bytes of #008040.
    ax_bars.bar(["red", "green", "blue"], [red, green, blue], color=["tab:red", "tab:green", "tab:blue"])
    for i, value in enumerate([red, green, blue]):
        ax_bars.text(i, value + 4, f"{value} = 0x{value:02X}", ha="center", fontsize=9)
    ax_bars.set_ylim(0, 255)
    ax_bars.set_ylabel("intensity (0 to 255)")
    ax_bars.set_title("#008040 as three numbers")

    # Right: the tiny image, each pixel labelled with its three numbers.
    ax_tiny.imshow(tiny)
    for (row, col), _ in np.ndenumerate(tiny[:, :, 0]):
        r, g, b = tiny[row, col]
        ax_tiny.text(col, row, f"{r}\\n{g}\\n{b}", ha="center", va="center", fontsize=8,
                     color="white" if int(r) + int(g) + int(b) < 400 else "black")
    ax_tiny.set_xticks(range(3))
    ax_tiny.set_yticks(range(2))
    ax_tiny.set_title("a 2 x 3 image: 18 numbers")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    So a colour image of height $h$ and width $w$ is an array of shape $(h, w, 3)$, and flattened it is
    $h \\cdot w \\cdot 3$ inputs, pixel after pixel, each pixel's red, green and blue side by side.
    A grey-scale image needs only one number per pixel, its brightness, and that is what our next
    example uses.
    """
)

# ---------------------------------------------------------------------------------------------------
# 4. A handwritten digit
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## A handwritten digit as 784 numbers

    MNIST is the classic collection of handwritten digits. Yann LeCun, Corinna Cortes and Christopher
    Burges assembled it in the 1990s from two sets gathered by the US National Institute of
    Standards and Technology (NIST), one written by Census Bureau employees and one by high-school
    students, and re-centred every digit in a 28 x 28 grid {cite:p}`mnist`. It has been the first
    test of almost every new idea in neural networks since. Run from the course repository, `load_mnist`
    reads the original files from its `data/mnist` folder; elsewhere (in Colab, say) it downloads them
    once and checks that they are byte for byte the published ones.

    MNIST comes in two parts: training images, to learn from, and test images (테스트 데이터), kept
    apart to measure how well a trained network does on digits it has never seen. The full set is
    large; this chapter takes a random subset of each part, with every digit equally represented, so
    that it runs in seconds.
    """
)

code(
    """
    info = mnist_info()
    print(f"MNIST: {info['train_size']} training and {info['test_size']} test images of "
          f"{info['image_shape'][0]} x {info['image_shape'][1]} pixels, licence {info['license']}")

    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=3000, n_test=500, seed=0)
    print("our subset:  x_train", x_train.shape, x_train.dtype, "  x_test", x_test.shape)
    print("digits in the training subset:", np.bincount(y_train))
    """
)

md(
    """
    `load_mnist` already hands each image over as one row of 784 numbers, scaled from the file's bytes
    (0 to 255) to the range 0 to 1 by dividing by 255: 0 is blank paper, 1 is the darkest ink. Let us
    take the first test digit and put the row back into its 28 x 28 shape to look at it.
    """
)

code(
    """
    digit = x_test[0]                 # 784 numbers: what the network receives
    label = int(y_test[0])            # the correct answer, given by a person
    image = digit.reshape(28, 28)     # the same numbers, back in rows of 28

    print("label:", label, "  inputs:", digit.shape, "  as an image:", image.shape, " 28 * 28 =", 28 * 28)
    print("the same pixels as bytes (0 to 255); zeros are printed as dots so the shape stands out:")
    pixels = np.round(image * 255).astype(int)
    for row in pixels:
        print("".join(f"{value:4d}" if value else "   ." for value in row))
    """
)

md(
    """
    The digit is visible in the numbers. The network, though, does not get the square. It gets the rows
    laid end to end: row 0 is inputs 0 to 27, row 1 is inputs 28 to 55, and so on, so the pixel in row
    $r$ and column $c$ becomes input number $28r + c$. The figure shows the image and the same 784
    numbers as the network sees them. One row of the image is highlighted in both.
    """
)

code(
    """
    ROW = 14  # the highlighted row
    for r in (0, 1, 27):
        print(f"image row {r:2d} = inputs {28 * r} to {28 * r + 27}")
    r, c = 14, 9
    print(f"image[{r}, {c}] = {image[r, c]:.3f};  digit[28 * {r} + {c}] = digit[{28 * r + c}] = "
          f"{digit[28 * r + c]:.3f}")

    fig, (ax_image, ax_row) = plt.subplots(1, 2, figsize=(11, 3.4), width_ratios=[1, 3.2])
    ax_image.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    ax_image.add_patch(plt.Rectangle((-0.5, ROW - 0.5), 28, 1, fill=False, edgecolor="tab:orange", linewidth=2))
    ax_image.set_title(f"a test digit (label {label}): 28 x 28")
    ax_image.set_xlabel("column")
    ax_image.set_ylabel("row")

    ax_row.plot(np.arange(784), digit, color="black", linewidth=0.8)
    ax_row.axvspan(28 * ROW - 0.5, 28 * ROW + 27.5, color="tab:orange", alpha=0.3, label=f"row {ROW}")
    for start in range(0, 785, 28 * 4):
        ax_row.axvline(start - 0.5, color="grey", linewidth=0.5, linestyle=":")
    ax_row.set_xlim(-0.5, 783.5)
    ax_row.set_xticks(range(0, 785, 28 * 4))
    ax_row.set_xlabel("input number (dotted lines every 4 image rows = 112 inputs)")
    ax_row.set_ylabel("value (0 = paper, 1 = ink)")
    ax_row.set_title("the same digit as the network sees it: 784 numbers in one row")
    ax_row.legend(loc="upper right")
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    On the right the digit has become a row of little bursts, one burst per image row that crosses a
    stroke. Neighbours above and below in the image are now 28 inputs apart. Keep that in mind: it will
    matter at the end of the chapter.
    """
)

# ---------------------------------------------------------------------------------------------------
# 5. The forward pass
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Through the network: the forward pass

    Now the network. We build a small multi-layer perceptron with the course library: 784 inputs, one
    hidden layer of 16 neurons, and 10 outputs, one per digit. The seed fixes its random starting
    weights, so everyone who runs this page gets the same network.
    """
)

code(
    """
    net = mlp.MLP([784, 16, 10], activation="relu", output="softmax", seed=0)
    print(net)
    for layer in net.layers:
        print(f"  {layer!r:<16} parameters: {[p.shape for p in layer.params]}")

    W1, b1, W2, b2 = net.parameters()
    print("weights:", W1.size + W2.size, "= 784 * 16 + 16 * 10 =", 784 * 16 + 16 * 10,
          "  biases:", b1.size + b2.size, "  in all:", net.n_parameters)
    """
)

md(
    """
    The four layers read as the deck describes the journey. `Dense(784, 16)` sends every input value to
    every one of the 16 hidden neurons: each path from input $i$ to neuron $j$ has its own weight
    $W_1[i, j]$, which multiplies the value travelling along it, and each neuron adds up
    everything that arrives, plus one number of its own, the bias (편향, the perceptron's threshold,
    moved to the other side of the comparison). `ReLU()` (렐루) is the hidden activation function, the
    deck's F1. `Dense(16, 10)` does the same again from the 16 hidden neurons to the 10 outputs, and
    `Softmax()` (소프트맥스) is the output function, the deck's F2. Because every node of one layer
    is connected to every node of the next, such a layer is called fully connected (완전 연결층).
    The drawing below shows some of the 784 inputs and all their paths, coloured by the sign of the
    starting weight.
    """
)

code(
    """
    def draw_network(ax, W1, W2, shown_inputs=(0, 1, 2, 3, 4, 5, 778, 779, 780, 781, 782, 783)):
        \"\"\"A 784-16-10 network: a few inputs, all hidden and output neurons, every path between them.\"\"\"
        layers_x = [0.0, 1.0, 2.0]
        y_in = np.linspace(1, 0, len(shown_inputs) + 1)
        y_in = np.delete(y_in, len(shown_inputs) // 2)  # leave a gap for the inputs not drawn
        y_hidden = np.linspace(0.97, 0.03, W1.shape[1])
        y_out = np.linspace(0.9, 0.1, W2.shape[1])
        scale1, scale2 = np.abs(W1).max(), np.abs(W2).max()
        for a, i in zip(y_in, shown_inputs):
            for b, w in zip(y_hidden, W1[i]):
                ax.plot(layers_x[:2], [a, b], color="tab:red" if w > 0 else "tab:blue",
                        alpha=0.15 + 0.6 * abs(w) / scale1, linewidth=0.6)
        for a, row in zip(y_hidden, W2):
            for b, w in zip(y_out, row):
                ax.plot(layers_x[1:], [a, b], color="tab:red" if w > 0 else "tab:blue",
                        alpha=0.15 + 0.6 * abs(w) / scale2, linewidth=0.6)
        ax.scatter([0] * len(y_in), y_in, s=60, color="white", edgecolor="black", zorder=3)
        ax.scatter([1] * len(y_hidden), y_hidden, s=60, color="lightgrey", edgecolor="black", zorder=3)
        ax.scatter([2] * len(y_out), y_out, s=60, color="gold", edgecolor="black", zorder=3)
        for a, i in zip(y_in, shown_inputs):
            ax.text(-0.06, a, f"input {i}", ha="right", va="center", fontsize=7)
        ax.text(0, 0.5, "⋮", ha="center", va="center", fontsize=14)
        ax.text(-0.06, 0.5, f"{784 - len(shown_inputs)} more", ha="right", va="center", fontsize=7)
        for b, digit_class in zip(y_out, range(W2.shape[1])):
            ax.text(2.06, b, f"digit {digit_class}", ha="left", va="center", fontsize=7)
        for x_pos, name in zip(layers_x, ["input layer\\n784 values",
                                          f"hidden layer\\n{W1.shape[1]} neurons, F1",
                                          f"output layer\\n{W2.shape[1]} neurons, F2"]):
            ax.text(x_pos, 1.06, name, ha="center", va="bottom", fontsize=9)
        ax.set_xlim(-0.45, 2.4)
        ax.set_ylim(-0.03, 1.18)
        ax.axis("off")


    fig, ax = plt.subplots(figsize=(8, 4.6), dpi=80)  # a modest resolution: thousands of thin lines
    draw_network(ax, W1, W2)
    ax.plot([], [], color="tab:red", label="positive weight")
    ax.plot([], [], color="tab:blue", label="negative weight")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    Real neurons are not wired like this. A neuron passes its signal through neurotransmitters
    (신경전달물질), which reach only the cells within their range, its neighbours; no cell in the brain
    talks to every cell of the next "layer". The deck calls full connection a limitation of the model.
    In the visual system the locality is measurable: Hubel and Wiesel, recording from single cells in
    the cat's visual cortex, found that each responds only to light in a small patch of the visual field,
    its receptive field (수용장) {cite:p}`hubel1959,hubel1962`. Rosenblatt's Mark I Perceptron, the
    machine built around the perceptron of chapter 2, also wired each of its association units to only
    some of its 20 x 20 photocells, through a plug-board and at random {cite:p}`hay1960`.
    The cell below counts what full connection costs compared with neurons that each see only a small
    patch.
    """
)

code(
    """
    print("Mark I's retina: 20 x 20 =", 20 * 20, "photocells;  an MNIST digit: 28 x 28 =", 28 * 28, "pixels")
    print("paths into our 16 hidden neurons, fully connected:  ", 784 * 16)
    print("paths if each neuron saw only a 5 x 5 patch of pixels:", 5 * 5 * 16)
    """
)

md(
    """
    Networks that do use local connections, convolutional neural networks (합성곱 신경망), came later
    {cite:p}`fukushima1980,lecun1989`; they appear in Part III only where we reproduce experiments
    that used them. A fully connected layer is simpler, and for 28 x 28 digits it works well, as we will
    see.

    ### One neuron, one path at a time

    Here is the deck's description, for hidden neuron 0, written as literally as possible: for each of
    the 784 inputs, take its value, multiply by the weight of the path to neuron 0, and add it to a
    running total; then add the bias. The network's inputs are a batch, one row per example, so our
    single digit becomes a batch (배치) of one.
    """
)

code(
    """
    x = digit[np.newaxis, :]  # a batch of one digit: shape (1, 784)
    j = 0                     # hidden neuron 0

    total = 0.0
    for i in range(784):
        total += x[0, i] * W1[i, j]  # the value of input i times the weight of the path i -> j
    total += b1[j]

    print(f"neuron {j}, path by path:     {total:.5f}")
    print(f"neuron {j}, one dot product:  {(x @ W1 + b1)[0, j]:.5f}")
    print("inputs that are not 0 (ink):", np.count_nonzero(x), "of", x.size,
          "- every other path carries 0 and adds nothing")
    """
)

md(
    """
    The loop and the matrix product `x @ W1 + b1` compute the same weighted sum (가중합), and the matrix
    product does it for all 16 neurons (and for every digit of a batch) at once. In symbols, for hidden
    neuron $j$:

    $$s_j = \\sum_{i=0}^{783} x_i \\, W_1[i, j] + b_j, \\qquad h_j = F_1(s_j).$$

    F1 here is ReLU, $F_1(s) = \\max(0, s)$: a positive sum passes unchanged, a negative one
    becomes 0 and the neuron stays silent. Chapter 6 is about why a network needs such a function at all
    and which ones are used.
    """
)

code(
    """
    s1 = x @ W1 + b1            # 16 weighted sums, one per hidden neuron
    h = np.maximum(0.0, s1)     # F1 = ReLU, neuron by neuron

    np.set_printoptions(precision=2, suppress=True, linewidth=110)
    print("sums s1: ", s1[0])
    print("F1(s1) h:", h[0])
    print("silent hidden neurons (h = 0):", int(np.sum(h == 0)), "of", h.size)
    """
)

md(
    """
    The 16 hidden values now travel on, each to all 10 output neurons, multiplied by the weights $W_2$ and
    summed, plus the output biases. Then comes F2, and here the deck makes a careful distinction: the
    output neurons line up their results in order, as a vector, and F2 is applied to the *whole
    vector*, not to each number alone. Our F2 is softmax:

    $$y_k = \\frac{e^{s_k}}{\\sum_{m=0}^{9} e^{s_m}},$$

    which makes all ten outputs positive and makes them add up to 1, so they can be read as the
    network's probabilities (확률) for the ten digits. (Subtracting the largest $s_m$ before `np.exp`
    changes nothing in the formula and keeps the exponentials from overflowing.)
    """
)

code(
    """
    s2 = h @ W2 + b2                                        # 10 weighted sums, one per output neuron
    exp = np.exp(s2 - s2.max(axis=1, keepdims=True))
    y_prob = exp / exp.sum(axis=1, keepdims=True)           # F2 = softmax, over the whole vector

    np.set_printoptions(precision=3, suppress=True, linewidth=110)
    print("sums s2:      ", s2[0])
    print("F2(s2) = y:   ", y_prob[0])
    print(f"sum of y: {y_prob.sum():.6f}   the network's answer: digit {int(y_prob.argmax())}   "
          f"the true answer: {label}")
    """
)

md(
    """
    That F2 acts on the vector is easy to check: raise one of the ten sums and *every* probability
    changes, because they share one denominator. F1 is different: each hidden neuron's output depends
    only on its own sum.
    """
)

code(
    """
    nudged = s2.copy()
    nudged[0, 3] += 1.0                                    # raise only output 3's sum
    e = np.exp(nudged - nudged.max(axis=1, keepdims=True))
    print("before:", y_prob[0])
    print("after: ", (e / e.sum(axis=1, keepdims=True))[0])
    """
)

md(
    """
    Our NumPy lines are exactly what the library's layers do. Running the digit through `net.layers`
    one layer at a time shows the shape of the data after each step, and the last step gives the same
    vector. Sending the data from the input layer to the output layer like this is the forward pass.
    """
)

code(
    """
    out = x
    print(f"{'input':<16} shape {out.shape}")
    for layer in net.layers:
        out = layer.forward(out)
        print(f"{layer!r:<16} shape {str(out.shape):<8} first values {out[0, :4]}")
    print("the same as our NumPy lines:", np.allclose(out, y_prob, atol=1e-6))
    """
)

md(
    """
    One picture of the whole journey: the digit, the 16 hidden sums and what F1 makes of them, and the 10
    probabilities from F2, with the correct digit marked. The function that draws it is used again in
    the explorer below.
    """
)

code(
    """
    def forward_steps(network, inputs):
        \"\"\"The forward pass of a batch, step by step: (hidden sums, hidden outputs, probabilities).\"\"\"
        W1_, b1_, W2_, b2_ = network.parameters()
        sums = inputs @ W1_ + b1_
        hidden = np.maximum(0.0, sums)
        return sums, hidden, network.forward(inputs)


    def draw_forward(fig, image, sums, hidden, probabilities, true_label, title="", hidden_limit=None):
        \"\"\"Three panels: the input image, the hidden layer (sums and F1), the output vector (F2).\"\"\"
        ax_image, ax_hidden, ax_out = fig.subplots(1, 3, width_ratios=[1, 1.6, 1.6])
        ax_image.imshow(image, cmap="gray_r", vmin=0, vmax=1)
        ax_image.set_xticks([])
        ax_image.set_yticks([])
        ax_image.set_title(title or f"input (label {true_label})", fontsize=9)

        units = np.arange(len(sums))
        ax_hidden.bar(units, sums, color="lightgrey")
        ax_hidden.bar(units, hidden, color="tab:purple", width=0.5)
        ax_hidden.axhline(0, color="black", linewidth=0.6)
        limit = hidden_limit or 1.05 * np.abs(sums).max()
        ax_hidden.set_ylim(-limit, limit)
        ax_hidden.set_xticks(units[::3])
        ax_hidden.set_xlabel("hidden neuron")
        ax_hidden.set_title("hidden: sum $s$ (grey), F1($s$) (purple)", fontsize=9)

        colours = ["tab:green" if k == true_label else "tab:grey" for k in range(len(probabilities))]
        ax_out.bar(range(len(probabilities)), probabilities, color=colours)
        ax_out.set_ylim(0, 1)
        ax_out.set_yticks([0, 0.5, 1])
        ax_out.set_xticks(range(len(probabilities)))
        ax_out.set_xlabel("digit (green: the correct one)")
        ax_out.set_title("output: F2 = softmax", fontsize=9)


    fig = plt.figure(figsize=(9, 2.8), layout="constrained")
    draw_forward(fig, image, s1[0], h[0], y_prob[0], label, title=f"input (label {label})")
    fig.suptitle("The forward pass of one digit through the untrained network", fontsize=10)
    plt.show()
    """
)

# ---------------------------------------------------------------------------------------------------
# 6. Compare with the expected answer
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Compare with the expected answer

    The network has answered, and the answer is poor: its weights are random, so its probabilities are
    spread over several digits, and over many digits its guesses are no better than chance (the cell
    below counts them). Learning starts here. In supervised learning (지도학습) every training example
    comes with the answer a person gave it, its label (레이블), which we write as the vector the network
    *should* have output: 1 for the correct digit and 0 elsewhere, the one-hot encoding again. Comparing
    the two vectors shows the error, digit by digit.
    """
)

code(
    """
    target = np.zeros(10)
    target[label] = 1.0

    print("expected:    ", target)
    print("network says:", y_prob[0])
    print("difference:  ", y_prob[0] - target)
    print("predicted digit", int(y_prob.argmax()), "- true digit", label, "-",
          "a match" if int(y_prob.argmax()) == label else "a mismatch: send the error back")

    untrained_accuracy = np.mean(net.predict(x_test) == y_test)
    print(f"untrained network on all {len(y_test)} test digits: {untrained_accuracy:.1%} correct "
          f"(guessing at random: {1 / 10:.0%})")
    """
)

md(
    """
    The deck's recipe is: if the output matches the expected answer, this example is learned; if not, send
    the error back the way the data came, from the output layer towards the input, and correct the weights
    on the way. That backward journey is back-propagation (역전파), which chapter 4 did by hand for three
    weights. Here there are 12,730 numbers to correct. The next chapters assemble the machinery:
    why F1 must not be a straight line (chapter 6), how to measure the error as one number (chapter 7),
    and how to move every weight a little downhill (chapter 8). In practice a network learns from many
    examples at a time and does not stop at the first match; when to stop is the subject of Part IV.

    ### A peek ahead: the same forward pass after learning

    We cannot explain training yet, but we can run it: `mlp.fit` repeats forward pass, comparison and
    back-propagation over our 3000 training digits ten times. Treat it as a black box for now, and look
    only at what changes in the forward pass.
    """
)

code(
    """
    initial_W1 = W1.copy()  # the random starting weights, kept to compare with

    mlp.fit(net, mlp.CrossEntropy(), mlp.optim.Adam(lr=0.001), x_train, y_train,
            epochs=10, batch_size=32, seed=0)
    W1, b1, W2, b2 = net.parameters()  # the same arrays, now trained in place

    trained_accuracy = np.mean(net.predict(x_test) == y_test)
    print(f"test digits correct: {untrained_accuracy:.1%} before training, {trained_accuracy:.1%} after")
    s1_t, h_t, y_t = forward_steps(net, x)
    print("our digit, before:", y_prob[0])
    print("our digit, after: ", y_t[0], f"-> digit {int(y_t.argmax())} (true: {label})")
    """
)

md(
    """
    The architecture and the forward pass are unchanged; only the weights are different, and now most of
    the probability lands on the right digit. What did the weights become? Each hidden neuron has 784
    incoming weights, one per pixel, so we can paint them as a 28 x 28 image: red where ink *raises* the
    neuron's sum, blue where ink lowers it. The figure shows how training changed each of the 16
    neurons' weights.
    """
)

code(
    """
    change = W1 - initial_W1
    limit = np.abs(change).max()
    fig, axes = plt.subplots(2, 8, figsize=(10, 3.5))
    for unit, ax in enumerate(axes.flat):
        ax.imshow(change[:, unit].reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"neuron {unit}", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle("Change of each hidden neuron's 784 weights during training (red: up, blue: down, "
                 "white: unchanged)", fontsize=10)
    fig.tight_layout()
    plt.show()

    blank = np.all(x_train == 0, axis=0)             # pixels without ink in every training digit
    unchanged = np.all(W1 == initial_W1, axis=1)     # pixels whose 16 weights did not move at all
    print("pixels blank in all", len(x_train), "training digits:", int(blank.sum()))
    print("pixels whose weights are exactly unchanged:", int(unchanged.sum()),
          "- the same pixels:", bool(np.array_equal(blank, unchanged)))
    """
)

md(
    """
    The changes have the rough shapes of strokes and holes, each neuron attending to its own mixture. And
    around the edge there is a white frame: those pixels are blank in every training digit, and their
    weights have not moved at all. A weight's correction is proportional to the value that travelled
    along its path (chapter 4's delta rule), and along those paths only zeros ever travelled.
    """
)

# ---------------------------------------------------------------------------------------------------
# 7. Explorers
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Explore: one digit at a time through the trained network

    Move the slider to send a different test digit through the trained network (the first eight test
    digits, and the first few the network gets wrong). Watch the hidden layer: different digits light up
    different neurons, and this pattern of 16 numbers is all the output layer ever sees of the image. Find a digit the network gets wrong, and look at its output vector: is the
    mistake a confident one, or a close call? (The frames are drawn in advance, so the slider also works
    in the online book, with no Python running.)
    """
)

code(
    """
    predictions = net.predict(x_test)
    wrong = np.flatnonzero(predictions != y_test)
    explore_digits = sorted(set(range(8)) | set(wrong[:4].tolist()))  # the first 8, and the first 4 mistakes
    sums_e, hidden_e, probs_e = forward_steps(net, x_test)
    hidden_limit = 1.05 * np.abs(sums_e[explore_digits]).max()  # one scale for every frame
    print("test digits in the explorer:", explore_digits, "  of which the network gets wrong:",
          [int(i) for i in explore_digits if i in wrong])


    def draw_digit(fig, index):
        \"\"\"One frame: test digit `index` through the trained network.\"\"\"
        draw_forward(fig, x_test[index].reshape(28, 28), sums_e[index], hidden_e[index], probs_e[index],
                     int(y_test[index]), title=f"test digit {index}", hidden_limit=hidden_limit)


    def digit_caption(index):
        \"\"\"The text under each frame: the true digit and the network's answer.\"\"\"
        guess = int(predictions[index])
        verdict = "right" if guess == y_test[index] else "<b>wrong</b>"
        return (f"true digit <b>{y_test[index]}</b>; the network says <b>{guess}</b> with probability "
                f"{probs_e[index, guess]:.2f} ({verdict}); {int(np.sum(hidden_e[index] > 0))} of 16 hidden "
                "neurons active")


    frame_explorer(draw_digit, explore_digits, label="test digit", value=0, caption=digit_caption,
                   figsize=(7.5, 2.3))
    """
)

md(
    """
    A second explorer, over the hidden neurons: each frame shows one neuron's 784 weights as an image,
    before training (random), after training, and the difference. The random start is the same noise
    everywhere; learning writes into it only where digits have ink. Red is positive, blue negative; the
    change has its own, finer colour scale.
    """
)

code(
    """
    weight_limit = max(np.abs(initial_W1).max(), np.abs(W1).max())


    def draw_unit(fig, unit):
        \"\"\"One frame: the incoming weights of hidden neuron `unit`, as three 28 x 28 images.\"\"\"
        panels = [("before training", initial_W1[:, unit], weight_limit),
                  ("after training", W1[:, unit], weight_limit),
                  ("change", change[:, unit], limit)]
        for ax, (title, weights, scale) in zip(fig.subplots(1, 3), panels):
            ax.imshow(weights.reshape(28, 28), cmap="RdBu_r", vmin=-scale, vmax=scale)
            ax.set_title(title, fontsize=9)
            ax.set_xticks([])
            ax.set_yticks([])


    frame_explorer(draw_unit, list(range(16)), label="hidden neuron", value=0, figsize=(6, 2.2))
    """
)

# ---------------------------------------------------------------------------------------------------
# 8. Scrambled pixels
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Does the network know which pixels are neighbours?

    We saw that flattening puts pixels that touch in the image 28 inputs apart. So does the order of the
    inputs matter to a fully connected network? Let us shuffle the 784 pixels of every digit with one
    fixed random order, `perm`: input `i` of a scrambled digit is pixel `perm[i]` of the original.
    """
)

code(
    """
    perm = np.random.default_rng(5).permutation(784)  # one fixed shuffle, the same for every digit
    print(f"scrambled input 0 is original pixel {perm[0]}; scrambled input 1 is original pixel {perm[1]}")

    fig, axes = plt.subplots(2, 6, figsize=(9, 3.3))
    for k in range(6):
        axes[0, k].imshow(x_test[k].reshape(28, 28), cmap="gray_r")
        axes[1, k].imshow(x_test[k, perm].reshape(28, 28), cmap="gray_r")
        axes[0, k].set_title(f"label {y_test[k]}", fontsize=9)
        for ax in axes[:, k]:
            ax.set_xticks([])
            ax.set_yticks([])
    axes[0, 0].set_ylabel("original")
    axes[1, 0].set_ylabel("scrambled")
    fig.suptitle("The same pixels in a different order", fontsize=10)
    fig.tight_layout()
    plt.show()
    """
)

md(
    """
    To a person the bottom row is noise. The last exercise asks what it is to the network.
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
    """
)

exercise(
    "decode_colour",
    "Decode a colour",
    """
    Write a function `decode_colour(code)` that takes a colour as one integer in the web's `0xRRGGBB`
    convention and returns its three parts as a tuple of integers `(red, green, blue)`, each from 0 to
    255. `decode_colour(32832)` should return `(0, 128, 64)`. Use bit shifts (`>>`, `&`) or `divmod`.
    """,
    """
    def decode_colour(code):
        ### BEGIN SOLUTION
        red = (code >> 16) & 0xFF    # shift the top byte down; the mask is only a safety net here
        green = (code >> 8) & 0xFF   # without the mask, green would still carry the red byte above it
        blue = code & 0xFF
        return (red, green, blue)
        ### END SOLUTION
    """,
    """
    check.decode_colour(decode_colour)
    """,
    difficulty="warm-up",
)

exercise(
    "colour_inputs",
    "Where does a pixel go?",
    """
    A colour image of shape `(height, width, 3)` is flattened row by row with `reshape(-1)`, as in this
    chapter: pixel after pixel, each pixel's red, green and blue side by side. Write
    `colour_inputs(row, col, width)` that returns the list of the **three input numbers**
    `[red_input, green_input, blue_input]` that hold pixel `(row, col)`. For example, in an image 4
    pixels wide, pixel `(0, 1)` is held by inputs `[3, 4, 5]`.
    """,
    """
    def colour_inputs(row, col, width):
        ### BEGIN SOLUTION
        pixel = row * width + col      # pixels before this one: full rows above, then columns to the left
        first = 3 * pixel              # three numbers per pixel
        return [first, first + 1, first + 2]
        ### END SOLUTION
    """,
    """
    check.colour_inputs(colour_inputs)
    """,
    difficulty="practice",
)

exercise(
    "forward_pass",
    "The forward pass in five lines",
    """
    Write `forward(x, W1, b1, W2, b2)` for a network with one hidden layer: `x` is a batch of shape
    `(n, inputs)`, and the function returns the output probabilities, shape `(n, outputs)`, computed as in
    this chapter: weighted sums plus bias, F1 = ReLU, weighted sums plus bias, F2 = softmax over each row.
    Use only NumPy and the arguments (not the chapter's `W1`, ...), without Python loops. The check also
    tries scores large enough to overflow a naive `np.exp`, so subtract each row's largest score first.
    When it passes, the check compares your function with the trained `net` on the test digits.
    """,
    """
    def forward(x, W1, b1, W2, b2):
        ### BEGIN SOLUTION
        hidden = np.maximum(0.0, x @ W1 + b1)              # F1 = ReLU
        scores = hidden @ W2 + b2
        scores = scores - scores.max(axis=1, keepdims=True)  # the same softmax, no overflow
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)            # F2 = softmax, row by row
        ### END SOLUTION
    """,
    """
    check.forward_pass(forward, net, x_test)
    """,
    difficulty="practice",
)

exercise(
    "scrambled",
    "Scrambled digits: predict, then compute",
    """
    Take the scrambled test digits `x_test[:, perm]` from the last section, and reorder the rows of the
    trained first-layer weights with the same shuffle, `W1[perm]` (row `i` of `W1` holds the weights of
    input `i`). Keep `b1`, `W2` and `b2` as they are.

    1. **Before computing anything**, predict: will the network with the reordered weights give the
       scrambled digits `"the same"` probabilities as the original network gives the original digits,
       or `"different"` ones? Set `my_prediction` to one of these two strings.
    2. Then compute `scrambled_probs`, the output probabilities for all 500 scrambled test digits, shape
       `(500, 10)` (your `forward` from the previous exercise will do, or the chapter's NumPy lines).
    """,
    """
    ### BEGIN SOLUTION
    # Each hidden sum adds the same 784 products (pixel value times its own weight), only in another order,
    # so nothing changes: a fully connected layer has no idea which inputs were neighbours.
    my_prediction = "the same"
    scrambled_probs = forward(x_test[:, perm], W1[perm], b1, W2, b2)
    ### END SOLUTION
    """,
    """
    check.scrambled(my_prediction, scrambled_probs, net, x_test, perm)
    """,
    difficulty="challenge",
)

md(
    """
    The consequence is worth seeing. If the right weights for scrambled digits are just the old weights
    reordered, then a network *trained* on scrambled digits can learn as well as one trained on the
    originals: it never knew where the pixels were. Below, a fresh network with the same settings learns
    from scrambled training digits and is tested on scrambled test digits.
    """
)

code(
    """
    scrambled_net = mlp.MLP([784, 16, 10], activation="relu", output="softmax", seed=0)
    mlp.fit(scrambled_net, mlp.CrossEntropy(), mlp.optim.Adam(lr=0.001), x_train[:, perm], y_train,
            epochs=10, batch_size=32, seed=0)
    scrambled_accuracy = np.mean(scrambled_net.predict(x_test[:, perm]) == y_test)
    print(f"test digits correct: original pixels {trained_accuracy:.1%}, scrambled pixels {scrambled_accuracy:.1%}")
    """
)

md(
    """
    Within the usual wobble of a different random start, the two are equally good. You could not read a
    single scrambled digit; the network does not notice the difference. That is the flip side of full
    connection: the network has to learn from examples everything about where pixels sit, because nothing
    in its wiring says so. Convolutional networks build the neighbourhood into the wiring, as the visual
    cortex does.
    """
)

# ---------------------------------------------------------------------------------------------------
# 10. Summary and what's next
# ---------------------------------------------------------------------------------------------------

md(
    """
    ## Summary

    - A network's input layer holds one number per node, so every kind of data arrives as a
      one-dimensional array of numbers: sensor, price and weather readings directly, tables, images and
      videos after flattening, text after turning characters into codes or one-hot rows.
    - What each input position means is a convention (which station, which colour byte, which pixel);
      the network only ever sees the position. 32832 is `#008040` (red 0, green 128, blue 64) in the
      web's byte order and a different colour in Windows' order.
    - A 28 x 28 grey-scale digit is 784 inputs; the pixel in row $r$, column $c$ is input $28r + c$.
    - The forward pass: every value goes to every neuron of the next layer (fully connected, unlike real
      neurons, which reach only their neighbours), is multiplied by its path's weight, and each neuron
      sums what arrives, adds its bias and applies F1; the output layer applies F2 (softmax) to the whole
      vector, giving one probability per class.
    - Supervised learning compares that vector with the expected one and, when they disagree, sends the
      error back through the network to correct the weights: back-propagation.
    - A fully connected layer does not know which inputs are neighbours: scrambling the pixels, and the
      weights the same way, changes nothing.

    ## What's next

    F1 has been ReLU without a word of justification. Chapter 6 asks why a network needs an activation
    function at all (and shows that without one, any number of layers collapses into a single one), what
    the deck asks of a good one, and compares the step, sigmoid, tanh, ReLU and softmax functions and
    their derivatives.
    """
)


if __name__ == "__main__":
    ch.write()
