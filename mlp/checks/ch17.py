"""Checks for chapter 17, "Optimizers on a small CNN": one function per exercise.

In the notebook::

    from mlp.checks import ch17 as check
    check.output_side(output_side, medium_flat)
    check.adadelta_first_step(my_guess, first_step)
    check.rank_optimizers(rank_optimizers, full["runs"])
    check.significant_pairs(significant_pairs, full["runs"], settings["n_test"])

Each check tries the student's answer on small hand-made cases built so that the likely mistakes (floor instead
of ceiling, forgetting the channels, the ranking upside down, the best accuracy instead of the final one,
both networks mixed, one standard error instead of two, ...) give different answers, and names the mistake it
recognises.
"""

from __future__ import annotations

import math
from typing import Any, TypeGuard


from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["output_side", "adadelta_first_step", "rank_optimizers", "significant_pairs"]

OPTIMIZERS = ("gd", "momentum", "adagrad", "adadelta", "rmsprop", "adam")


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: the size of the maps under SAME padding.
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="with SAME padding the output has ceil(side / stride) positions: -(-side // stride)")
def output_side(output_side_fn: Any, medium_flat: Any) -> Any:
    """Exercise "How big are the maps?": ``output_side(side, stride)`` and the medium net's Dense input size."""
    cases = [(28, 2, 14), (14, 2, 7), (7, 2, 4), (4, 2, 2), (2, 2, 1), (28, 1, 28), (28, 3, 10), (5, 4, 2)]
    for side, stride, want in cases:
        got = expect_value(as_number(call(output_side_fn, side, stride)),
                           "`output_side` should return one whole number, the side of the output map")
        if close(got, want):
            continue
        expect(not close(got, side // stride), f"output_side({side}, {stride}) returned {got:g} = "
               f"{side} // {stride}, rounding down; SAME padding pads the image so that the last, partial "
               f"window still counts: round *up*, giving {want}")
        expect(not close(got, side / stride), f"output_side({side}, {stride}) returned {got:g}, a fraction; "
               f"a map has a whole number of positions (round up: {want})")
        expect(not close(got, (side - 3) // stride + 1), f"output_side({side}, {stride}) returned {got:g}, "
               "the VALID size for a 3x3 filter; with SAME padding the filter size does not matter")
        return hint(f"output_side({side}, {stride}) should be {want}, you returned {got:g}")
    flat = expect_value(as_number(medium_flat), "`medium_flat` should be one number: how many values the medium "
                                                "net's Dense layer receives")
    expect(not close(flat, 2 * 2), f"{flat:g} is one map's size (2 x 2); the Dense layer receives every map: "
                                   "multiply by the 64 filters of the last layer")
    expect(not close(flat, 64 * 7 * 7), f"{flat:g} = 64 x 7 x 7 is the size after *two* layers; the medium "
                                        "net has four, each halving the side: 28, 14, 7, 4, 2")
    expect(not close(flat, 64 * 1 * 1), f"{flat:g} assumes the side halves by rounding down; 7 -> 4 (round up) "
                                        "-> 2")
    expect(close(flat, 64 * 2 * 2), f"the medium net's last maps are 64 of 2 x 2, so the Dense layer receives "
                                    f"256 values; you have {flat:g}")
    return passed("SAME padding with stride 2 takes 28 -> 14 -> 7 -> 4 -> 2, and the medium net hands "
                  "64 x 2 x 2 = 256 values to its Dense layer (the small one: 32 x 7 x 7 = 1568)")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2 (predict first): TensorFlow's Adadelta at lr 0.001.
# ----------------------------------------------------------------------------------------------------------

_GUESSES = ("1e-3", "1e-5", "1e-7", "1e-9")


def _tf_adadelta_first_step(g: float, lr: float = 0.001, rho: float = 0.95, eps: float = 1e-8) -> float:
    v = (1 - rho) * g * g
    return lr * math.sqrt(eps) / math.sqrt(v + eps) * g


def _rel_close(a: float, b: float, rel: float = 1e-3) -> bool:
    """Relative closeness, for numbers far below 1 (``close`` is absolute there)."""
    return math.isclose(a, b, rel_tol=rel)


@exercise(hint="build mlp.optim.Adadelta(lr=0.001, rho=0.95, eps=1e-8), take one step on a weight w = "
               "np.zeros(1) with gradient np.array([0.01]), and read how far w moved")
def adadelta_first_step(my_guess: Any, first_step: Any) -> Any:
    """Exercise "How far does Adadelta move?": a guess of the order of magnitude, then the computed step."""
    said = str(my_guess).strip().lower().replace(" ", "") if isinstance(my_guess, (str, float, int)) else None
    aliases = {"0.001": "1e-3", "1e-03": "1e-3", "1e-05": "1e-5", "1e-07": "1e-7", "1e-09": "1e-9"}
    said = aliases.get(said, said) if said is not None else None
    if isinstance(my_guess, float) and my_guess > 0:
        said = f"1e{round(math.log10(my_guess)):d}"
    expect(said in _GUESSES, f"set `my_guess` to one of {', '.join(repr(g) for g in _GUESSES)}, got {my_guess!r}")
    want = _tf_adadelta_first_step(0.01)
    got = expect_value(as_number(first_step),
                       "`first_step` should be one number: how far the weight moved on the first step")
    got = abs(got)
    if not _rel_close(got, want):
        expect(not _rel_close(got, want / 0.001), f"{got:.3g} leaves out the learning rate: in TensorFlow "
               "(and PyTorch) Adadelta's lr multiplies the step, and the paper's lr is 0.001")
        expect(not _rel_close(got, _tf_adadelta_first_step(0.01, 1.0, 0.9, 1e-6)),
               f"{got:.3g} is PyTorch's default Adadelta (lr 1, rho 0.9, eps 1e-6); use TensorFlow's: "
               "lr=0.001, rho=0.95, eps=1e-8")
        expect(not _rel_close(got, _tf_adadelta_first_step(0.01, 0.001, 0.9, 1e-6)),
               f"{got:.3g} uses PyTorch's rho and eps; TensorFlow's are rho=0.95, eps=1e-8")
        expect(not _rel_close(got, 0.001 * 0.01), f"{got:.3g} is plain gradient descent's step, lr * g; "
               "Adadelta multiplies g by sqrt(u + eps) / sqrt(v + eps) first")
        return hint(f"the first step should be about {want:.3g}; you have {got:.3g}")
    actual = "1e-7"
    story = (f"the first step is {want:.2g}: sqrt(eps) / sqrt(v + eps) = {math.sqrt(1e-8):.0e} / "
             f"{math.sqrt(0.05 * 1e-4 + 1e-8):.2g} times g = 0.01, times lr = 0.001. Gradient descent at the "
             f"same lr moves {0.001 * 0.01:.0e}, about {0.001 * 0.01 / want:.0f} times more")
    if said == actual:
        return passed(f"{story}. As you guessed, about 1e-7: Adadelta's step starts at sqrt(eps) in size and "
                      "TensorFlow then multiplies it by the learning rate, so at the paper's lr it barely moves.")
    return passed(f"{story}. You guessed {said}, it is about 1e-7: Adadelta was designed to need no learning "
                  "rate (lr = 1); TensorFlow's lr multiplies its already tiny first steps (sqrt(eps) = 1e-4).")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: rank the optimizers from the committed results.
# ----------------------------------------------------------------------------------------------------------


def _reference_rank(runs: list[dict[str, Any]], lr: float, net: str = "small") -> list[str]:
    chosen = {r["optimizer"]: r["final_test_acc"] for r in runs
              if r["net"] == net and r["seed"] == 0 and math.isclose(r["lr"], lr)}
    # Stable: ties keep the paper's order of the optimizers.
    return sorted((name for name in OPTIMIZERS if name in chosen), key=lambda name: -chosen[name])


def _toy_runs() -> list[dict[str, Any]]:
    """Runs built so that every likely mistake gives a different ranking."""
    final = {"gd": 0.50, "momentum": 0.80, "adagrad": 0.70, "adadelta": 0.10, "rmsprop": 0.90, "adam": 0.85}
    best = {"gd": 0.55, "momentum": 0.81, "adagrad": 0.72, "adadelta": 0.12, "rmsprop": 0.91, "adam": 0.95}
    runs = []
    for i, name in enumerate(OPTIMIZERS):
        runs.append({"net": "small", "optimizer": name, "lr": 0.001, "seed": 0,
                     "final_test_acc": final[name], "best_test_acc": best[name]})
        runs.append({"net": "medium", "optimizer": name, "lr": 0.001, "seed": 0,
                     "final_test_acc": 0.3 + 0.1 * i, "best_test_acc": 0.35 + 0.1 * i})
        runs.append({"net": "small", "optimizer": name, "lr": 0.01, "seed": 0,
                     "final_test_acc": 0.95 - 0.1 * i, "best_test_acc": 0.96 - 0.1 * i})
        runs.append({"net": "small", "optimizer": name, "lr": 0.001, "seed": 1,
                     "final_test_acc": 0.2 + 0.1 * i, "best_test_acc": 0.25 + 0.1 * i})
    return runs


@exercise(hint="keep the runs with net 'small', seed 0 and the given lr, then sort their optimizer names by "
               "final_test_acc, highest first")
def rank_optimizers(rank_fn: Any, runs: Any) -> Any:
    """Exercise "Rank them": ``rank_optimizers(runs, lr)`` -> optimizer names, best final test accuracy first."""
    toy = _toy_runs()
    want = _reference_rank(toy, 0.001)
    got = call(rank_fn, toy, 0.001)
    expect(isinstance(got, (list, tuple)) and all(isinstance(name, str) for name in got),
           f"`rank_optimizers` should return a list of optimizer names such as ['adam', 'rmsprop', ...], "
           f"got {type(got).__name__}")
    got = list(got)
    if got != want:
        expect(len(got) <= len(set(got)), f"some names appear more than once ({got}): keep only the runs of "
                                          "seed 0 (the others are repeats) and of the small network")
        expect(sorted(got) == sorted(want), f"return each of the six names once, got {got}")
        expect(got != want[::-1], "your list is upside down: the highest accuracy comes first")
        by_best = sorted(OPTIMIZERS, key=lambda n: -next(r["best_test_acc"] for r in toy if r["net"] == "small"
                                                         and r["seed"] == 0 and r["lr"] == 0.001
                                                         and r["optimizer"] == n))
        expect(got != by_best, "you ranked by `best_test_acc`, the best accuracy seen during training; rank by "
                               "`final_test_acc`, the accuracy the run ended with, as the paper's figures do")
        expect(got != _reference_rank(toy, 0.001, "medium"), "that is the ranking of the medium network; "
                                                              "keep only runs with net == 'small'")
        expect(got != _reference_rank(toy, 0.01), "that is the ranking at lr 0.01; use the `lr` argument")
        return hint(f"on a small made-up set of runs the ranking is {want}, you returned {got}; keep only "
                    "net 'small' and seed 0 (other seeds are repeats), and sort by final_test_acc")
    lines = []
    for lr in sorted({r["lr"] for r in runs if r["net"] == "small"}):
        ours = list(call(rank_fn, runs, lr))
        expect(ours == _reference_rank(runs, lr),
               f"on the chapter's results at lr {lr:g} the ranking is {_reference_rank(runs, lr)}, "
               f"yours is {ours}")
        lines.append(f"lr {lr:g}: {' > '.join(ours[:2])} ... {ours[-1]} last")
    return passed("your ranking matches; best two and the last at each learning rate: " + "; ".join(lines))


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: which differences are larger than the noise of a 1,000-image test set?
# ----------------------------------------------------------------------------------------------------------


def _reference_pairs(runs: list[dict[str, Any]], lr: float, n_test: int, z: float = 2.0) -> set[tuple[str, str]]:
    acc = {r["optimizer"]: r["final_test_acc"] for r in runs
           if r["net"] == "small" and r["seed"] == 0 and math.isclose(r["lr"], lr)}
    pairs = set()
    for a in acc:
        for b in acc:
            if acc[a] > acc[b]:
                se = math.sqrt(acc[a] * (1 - acc[a]) / n_test + acc[b] * (1 - acc[b]) / n_test)
                if acc[a] - acc[b] > z * se:
                    pairs.add((a, b))
    return pairs


def _toy_pair_runs() -> list[dict[str, Any]]:
    """Accuracies whose gaps sit between the thresholds of the likely mistakes (n_test = 400)."""
    acc = {"gd": 0.50, "momentum": 0.90, "adagrad": 0.56, "adadelta": 0.10, "rmsprop": 0.935, "adam": 0.948}
    runs = [{"net": "small", "optimizer": n, "lr": 0.001, "seed": 0, "final_test_acc": a} for n, a in acc.items()]
    runs += [{"net": "medium", "optimizer": n, "lr": 0.001, "seed": 0, "final_test_acc": 0.5} for n in acc]
    runs += [{"net": "small", "optimizer": n, "lr": 0.001, "seed": 1, "final_test_acc": 0.5} for n in acc]
    return runs


def _is_name_pair(pair: tuple[Any, ...]) -> TypeGuard[tuple[str, str]]:
    return len(pair) == 2 and all(isinstance(x, str) for x in pair)


def _as_pairs(value: Any) -> set[tuple[str, str]] | None:
    try:
        pairs = {tuple(pair) for pair in value}
    except TypeError:
        return None
    named = {pair for pair in pairs if _is_name_pair(pair)}
    return named if len(named) == len(pairs) else None


@exercise(hint="for every two optimizers a, b with acc_a > acc_b: keep (a, b) if acc_a - acc_b > "
               "2 * sqrt(acc_a (1 - acc_a) / n_test + acc_b (1 - acc_b) / n_test)")
def significant_pairs(pairs_fn: Any, runs: Any, n_test: Any) -> Any:
    """Exercise "Which differences are real?": ``significant_pairs(runs, lr, n_test)`` -> set of (better, worse)."""
    toy = _toy_pair_runs()
    want = _reference_pairs(toy, 0.001, 400)
    got = expect_value(_as_pairs(call(pairs_fn, toy, 0.001, 400)), "`significant_pairs` should return a set (or "
                                                                  "list) of pairs of optimizer names, such as "
                                                                  "{('adam', 'gd'), ...}")
    if got != want:
        expect(not (got and all((b, a) in want for a, b in got)), "your pairs are the wrong way round: put the "
                                                                    "*better* optimizer first")
        expect(got != _reference_pairs(toy, 0.001, 400, z=1.0),
               "your threshold is too small: that is the answer for *one* standard error, or for a standard error "
               "with only one accuracy's variance; the difference must exceed 2 * sqrt(p_a (1 - p_a) / n + "
               "p_b (1 - p_b) / n)")
        expect(got != _reference_pairs(toy, 0.001, 4000),
               "your threshold is far too small: did you forget the square root, or divide by the wrong n? "
               "The standard error is sqrt(p_a (1 - p_a) / n_test + p_b (1 - p_b) / n_test)")
        missing, extra = sorted(want - got), sorted(got - want)
        return hint(f"on made-up accuracies (gd 0.50, adagrad 0.56, momentum 0.90, rmsprop 0.935, adam 0.948, "
                    f"adadelta 0.10; 400 test images) you missed {missing[:3]} and added {extra[:3]}; the "
                    "standard error of a difference adds both accuracies' variances p (1 - p) / n under one root")
    n = int(as_number(n_test) or 0)
    expect(n > 0, "pass the number of test images of the committed runs as `n_test` (settings['n_test'])")
    ours = _as_pairs(call(pairs_fn, runs, 0.001, n))
    real = _reference_pairs(runs, 0.001, n)
    expect(ours == real, f"on the chapter's runs at lr 0.001 the answer is {sorted(real)}, yours is "
                         f"{sorted(ours) if ours is not None else ours}")
    acc = {r["optimizer"]: r["final_test_acc"] for r in runs
           if r["net"] == "small" and r["seed"] == 0 and math.isclose(r["lr"], 0.001)}
    unresolved = [f"{a} vs {b}" for a in OPTIMIZERS for b in OPTIMIZERS
                  if OPTIMIZERS.index(a) < OPTIMIZERS.index(b) and a in acc and b in acc
                  and (a, b) not in real and (b, a) not in real]
    return passed(f"{len(real)} of the 15 pairs differ by more than two standard errors on {n} test images; "
                  f"within the noise: {', '.join(unresolved) if unresolved else 'none'}. One run on 1,000 test "
                  "images cannot order those.")
