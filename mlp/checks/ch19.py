"""Checks for chapter 19, "Early stopping": one function per exercise.

In the notebook::

    from mlp.checks import ch19 as check
    check.best_epoch(best_epoch, long_run)
    check.more_patience(my_prediction, restored_5, restored_20, long_run)
    check.gl_stop(gl_stop, long_run)
    check.early_stopping_loop(train_with_early_stopping)

Each check computes the reference answer itself, from small hand-made loss curves, from the ``History`` the
notebook passes in, or (for the training loop) from ``mlp.fit`` with ``mlp.EarlyStopping`` on a small noisy
moons problem, and names the likely mistakes: epochs counted from 0, the last of tied minima, the highest
loss, stop epochs for restored ones, the lowest loss of the whole run instead of the lowest so far, GL as a
fraction instead of a percentage, ``>=`` for ``>``, a patience off by one, a reshuffle with a fresh generator,
weights that were not restored or were saved as references instead of copies.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..training import EarlyStopping, History
from ._core import _Verdict, as_number, call, close, exercise, expect, expect_value, hint, not_done, passed

__all__ = ["best_epoch", "more_patience", "gl_stop", "early_stopping_loop"]


# ----------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------


def _show(value: Any) -> str:
    number = as_number(value)
    if number is not None:
        return f"{number:g}"
    return "None" if value is None else repr(value)[:60]


def _val_losses(history: Any) -> np.ndarray:
    """The validation losses of the chapter's run (checked: a student may have overwritten ``long_run``)."""
    expect(isinstance(history, History), "pass the chapter's `long_run` (the History of the 60-epoch run) as "
                                         f"the last argument; got {type(history).__name__}")
    losses = history.metric("val_loss")
    expect(len(losses) > 0 and np.all(np.isfinite(losses)),
           "`long_run` has no validation losses; run the chapter's training cell again")
    return losses


def _replay(history: History, patience: int) -> tuple[int, int]:
    """(stop epoch, restored epoch) of EarlyStopping(patience) fed the run's validation losses in turn."""
    stopper = EarlyStopping(patience=patience, restore_best=False)
    stop = history.evaluations[-1]["epoch"]  # if the patience never runs out
    for record in history.evaluations:
        if stopper.update(record["val_loss"], record["iteration"], record["epoch"], model=None):
            stop = record["epoch"]
            break
    assert stopper.best_epoch is not None, "the losses are finite (_val_losses checks them), so the first is a best"
    return int(stop), int(stopper.best_epoch)


def _call_may_return_none(fn: Any, *args: Any) -> Any:
    """Call the student's ``fn(*args)`` through :func:`call`, where None is a valid answer ("never").

    ``call`` reads a None result as "not finished yet"; wrapping the result in a list keeps its other services
    (not-done detection, copies of array arguments, one-line errors instead of tracebacks).
    """
    if fn is ... or fn is None or not callable(fn):
        return call(fn, *args)

    def answer(*arguments: Any) -> list[Any]:
        return [fn(*arguments)]

    answer.__name__ = getattr(fn, "__name__", "your function")
    value = call(answer, *args)[0]
    if value is ...:
        raise _Verdict(not_done(f"`{answer.__name__}` returned `...`; replace the `...` with your code"))
    return value


def _reference_gl_stop(losses: np.ndarray, alpha: float) -> int | None:
    gl = 100 * (losses / np.minimum.accumulate(losses) - 1)
    above = np.flatnonzero(gl > alpha)
    return int(above[0]) + 1 if len(above) else None


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: the best epoch
# ----------------------------------------------------------------------------------------------------------

# The lowest loss, 0.5, is reached at epochs 3 and 5 (a tie); the highest is at epoch 1.
_TIED = np.array([0.9, 0.7, 0.5, 0.6, 0.5, 0.8])


@exercise(hint="np.argmin(val_losses) is the position (from 0) of the first lowest loss; add 1 for the epoch")
def best_epoch(best_epoch_fn: Any, history: Any) -> Any:
    """Exercise "Find the best epoch by hand": ``best_epoch(val_losses)`` -> int (1-based, earliest of ties)."""
    got = expect_value(as_number(call(best_epoch_fn, _TIED.copy())), "`best_epoch` should return one number, an epoch")
    if not close(got, 3):
        expect(not close(got, 2), f"for the losses {_TIED.tolist()} you returned 2: that is the position "
                                  "counted from 0; epochs count from 1, so add 1")
        expect(not close(got, 5), f"for the losses {_TIED.tolist()} you returned 5, the *last* of the two "
                                  "epochs with the lowest loss; return the earliest (a tie is not an improvement)")
        expect(not close(got, 4), f"for the losses {_TIED.tolist()} you returned 4: the last of the tied "
                                  "minima, counted from 0; return the earliest, counted from 1")
        expect(not close(got, 0.5), "you returned the lowest *loss*; return the *epoch* where it happens")
        expect(not (close(got, 1) or close(got, 0)), "that is the epoch of the *highest* loss; the best epoch "
                                                     "has the lowest validation loss (np.argmin)")
        return hint(f"for the losses {_TIED.tolist()} the best epoch is 3 (the first of the two 0.5s), "
                    f"you returned {_show(got)}")
    got_list = as_number(call(best_epoch_fn, [2.0, 1.0, 3.0]))
    expect(got_list is not None and close(got_list, 2),
           f"for the plain list [2.0, 1.0, 3.0] the best epoch is 2, you returned {_show(got_list)}; "
           "make your function work for lists too (np.argmin does)")
    losses = _val_losses(history)
    expected = int(np.argmin(losses)) + 1
    on_run = as_number(call(best_epoch_fn, losses.copy()))
    expect(on_run is not None and close(on_run, expected),
           f"on the chapter's run the best epoch is {expected}, you returned {_show(on_run)}")
    return passed(f"the chapter's run has its lowest validation loss, {losses[expected - 1]:.3f}, after epoch "
                  f"{expected} of {len(losses)}; early stopping's whole job is to find this epoch while the "
                  "later ones are still unknown")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: predict, then compare patience 5 and 20
# ----------------------------------------------------------------------------------------------------------

_WORDS = {"lower": "lower", "less": "lower", "smaller": "lower", "better": "lower",
          "the same": "the same", "same": "the same", "equal": "the same",
          "higher": "higher", "larger": "higher", "worse": "higher"}


@exercise(hint="restored_5 = replay(long_run, 5)[1] and restored_20 = replay(long_run, 20)[1]")
def more_patience(my_prediction: Any, restored_5: Any, restored_20: Any, history: Any) -> Any:
    """Exercise "Predict: does more patience give a better model?": a prediction and two restored epochs."""
    said = expect_value(_WORDS.get(my_prediction.strip().lower()) if isinstance(my_prediction, str) else None,
                        f'set `my_prediction` to "lower", "the same" or "higher", got {my_prediction!r}')
    losses = _val_losses(history)
    stop_5, best_5 = _replay(history, 5)
    stop_20, best_20 = _replay(history, 20)
    for name, value, stop, best, patience in (("restored_5", restored_5, stop_5, best_5, 5),
                                              ("restored_20", restored_20, stop_20, best_20, 20)):
        got = expect_value(as_number(value), f"`{name}` should be one number, an epoch; got {_show(value)}")
        if close(got, best):
            continue
        expect(not (close(got, stop) and stop != best),
               f"`{name}` = {got:g} is where training *stops* with patience {patience}; restore_best gives "
               f"back an earlier epoch, the best one seen (`replay(...)[1]`, not `[0]`)")
        expect(not close(got, best - 1), f"`{name}` = {got:g} is one too small: epochs count from 1")
        expect(not close(got, best_5 if patience == 20 else best_20) or best_5 == best_20,
               "`restored_5` and `restored_20` look swapped")
        return hint(f"with patience {patience} the chapter's run restores a different epoch than {got:g}; "
                    f"use `replay(long_run, {patience})[1]`")
    actual = "lower" if losses[best_20 - 1] < losses[best_5 - 1] else "the same"
    extra = stop_20 - stop_5
    if actual == "the same":
        story = (f"both runs hand back epoch {best_5} (validation loss {losses[best_5 - 1]:.3f}); patience 20 "
                 f"trained {extra} more epochs ({stop_20} instead of {stop_5}) and found nothing better")
    else:
        story = (f"patience 5 hands back epoch {best_5} (validation loss {losses[best_5 - 1]:.3f}), patience 20 "
                 f"epoch {best_20} ({losses[best_20 - 1]:.3f}), at the cost of {extra} more epochs")
    why = ("a run with more patience sees every evaluation the shorter one saw, and more, and restores the best "
           "of all it saw, so its validation loss can be lower or the same, never higher")
    if said == actual:
        return passed(f"{story}. As you predicted: {why}.")
    if said == "higher":
        return passed(f"{story}. You predicted 'higher', which cannot happen: {why}. (Its *test* accuracy is "
                      "another matter: 200 validation digits are only an estimate.)")
    return passed(f"{story}. You predicted {said!r}, but it is {actual!r}: {why}, and here "
                  + ("no epoch after the first best beat it, so the extra patience was pure waiting."
                     if actual == "the same" else "the longer wait reached a lower minimum."))


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: Prechelt's GL criterion
# ----------------------------------------------------------------------------------------------------------

# E_opt = 1, .8, .8, .8, .7 and GL = 0, 0, 3.75, 6.25, 0: GL_5 stops after epoch 4. Comparing with the
# previous epoch instead (3.75%, 2.4%) never passes 5%; comparing with the run's lowest loss (0.7) stops at 1.
_RISE = np.array([1.0, 0.8, 0.83, 0.85, 0.7])
# 0.625 / 0.5 = 1.25 exactly, so GL(2) = 25 exactly: GL_25 never stops, ">=" stops after epoch 2.
_EXACT = np.array([0.5, 0.625, 0.55])


@exercise(hint="gl = 100 * (losses / np.minimum.accumulate(losses) - 1); the first epoch with gl > alpha is "
               "np.flatnonzero(gl > alpha)[0] + 1, or None if there is none")
def gl_stop(gl_stop_fn: Any, history: Any) -> Any:
    """Exercise "Prechelt's GL criterion": ``gl_stop(val_losses, alpha)`` -> int epoch or None."""
    got = _call_may_return_none(gl_stop_fn, _RISE.copy(), 5)
    number = as_number(got)
    if not (number is not None and close(number, 4)):
        expect(got is not None, f"for the losses {_RISE.tolist()} and alpha = 5 you returned None, but GL(4) = "
                                "6.25% > 5. Is GL a percentage (times 100)? Do you compare with the lowest loss "
                                "*so far* (np.minimum.accumulate), not with the previous epoch?")
        number = expect_value(number, f"`gl_stop` should return an epoch (an int) or None, got {_show(got)}")
        expect(not close(number, 3), "you returned 3, the position counted from 0; epochs count from 1")
        expect(not close(number, 1), f"for the losses {_RISE.tolist()} you stop after epoch 1: you compared "
                                     "with the lowest loss of the *whole* run, which training cannot know yet; "
                                     "E_opt(t) is the lowest loss up to epoch t (np.minimum.accumulate)")
        expect(not close(number, 5), "epoch 5 is the last one; the criterion stops at the *first* epoch "
                                     "whose GL passes alpha")
        return hint(f"for the losses {_RISE.tolist()} and alpha = 5, GL is [0, 0, 3.75, 6.25, 0] (percent), "
                    f"so GL_5 stops after epoch 4; you returned {_show(got)}")
    got = _call_may_return_none(gl_stop_fn, _EXACT.copy(), 25)
    expect(got is None or close(as_number(got), 2),
           f"for the losses {_EXACT.tolist()} GL never passes alpha = 25, and then the answer is None; you "
           f"returned {_show(got)}. Return None (not a number) when no epoch passes alpha")
    expect(got is None, f"for the losses {_EXACT.tolist()}, GL(2) is exactly 25, which does not pass alpha = 25 "
                        f"(the test is GL > alpha, not >=); the answer is None, you returned {_show(got)}")
    got = _call_may_return_none(gl_stop_fn, _RISE.copy(), 10)
    expect(got is None, f"for the losses {_RISE.tolist()} GL never passes 10, so return None; you returned "
                        f"{_show(got)}")
    losses = _val_losses(history)
    alpha = 5
    expected = _reference_gl_stop(losses, alpha)
    got = _call_may_return_none(gl_stop_fn, losses.copy(), alpha)
    expect((got is None and expected is None) or (as_number(got) is not None and expected is not None
                                                  and close(as_number(got), expected)),
           f"on the chapter's run GL_5 stops after epoch {expected}, you returned {_show(got)}")
    if expected is None:
        return passed("your function is right; on the chapter's run GL never passes 5%")
    best = int(np.argmin(losses[:expected])) + 1
    patience = expected - best
    return passed(f"on the chapter's run GL_5 stops after epoch {expected}, when the validation loss is "
                  f"{100 * (losses[expected - 1] / losses[best - 1] - 1):.1f}% above its best so far (epoch "
                  f"{best}); a patience rule that stopped there would have waited {patience} "
                  f"epoch{'s' if patience != 1 else ''}")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: a tiny early-stopping loop, compared with mlp.fit
# ----------------------------------------------------------------------------------------------------------

_SIZES = [2, 32, 32, 2]
_LR, _BATCH, _SEED = 0.1, 32, 0
# (patience, max_epochs) and what mlp.fit does on the problem below: patience 3 stops after epoch 17 and
# restores 14 (patience 2 would give 4 and 2, patience 4 18 and 14); patience 50 runs out of its 40 epochs
# and restores 32.
_CASES = ((3, 60), (50, 40))


def _loop_problem() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """100 training and 60 validation points of noisy moons (20% of the labels flipped)."""
    from ..datasets.synthetic import label_noise, moons

    x, y_true = moons(n=160, noise=0.3, seed=4)
    y = label_noise(y_true, 0.2, seed=5)
    return x[:100], y[:100], x[100:], y[100:]


def _reference_run(data: tuple, patience: int, max_epochs: int, restore: bool) -> tuple[Any, History]:
    from ..losses import SoftmaxCrossEntropy
    from ..network import MLP
    from ..optim import SGD
    from ..training import fit

    x, y, x_val, y_val = data
    model = MLP(_SIZES, seed=0)
    history = fit(model, SoftmaxCrossEntropy(), SGD(lr=_LR), x, y, epochs=max_epochs, batch_size=_BATCH,
                  x_val=x_val, y_val=y_val, seed=_SEED,
                  early_stopping=EarlyStopping(patience=patience, restore_best=restore))
    return model, history


def _same_weights(a: Any, b: Any) -> bool:
    return all(np.allclose(p, q, rtol=1e-5, atol=1e-6) for p, q in zip(a.parameters(), b.parameters()))


@exercise(hint="one rng = np.random.default_rng(seed) before the loop; each epoch: rng.permutation, train_step per "
               "batch, mlp.evaluate; on a strictly lower loss save model.state() and reset the counter; at the "
               "end model.load_state(best_weights); return best_epoch, epoch")
def early_stopping_loop(train_fn: Any) -> Any:
    """Exercise "Early stopping in ten lines": ``train_with_early_stopping(...)`` -> (best_epoch, stop_epoch)."""
    from ..network import MLP

    data = _loop_problem()
    for patience, max_epochs in _CASES:
        reference, history = _reference_run(data, patience, max_epochs, restore=True)
        assert history.best_epoch is not None, "fit with early stopping on finite losses records a best epoch"
        expected = (int(history.best_epoch), int(history.epochs[-1]))
        model = MLP(_SIZES, seed=0)
        result = call(train_fn, model, *data, patience=patience, max_epochs=max_epochs, lr=_LR,
                      batch_size=_BATCH, seed=_SEED)
        expect(isinstance(result, (tuple, list)) and len(result) == 2,
               "`train_with_early_stopping` should return two numbers, `return best_epoch, stop_epoch`; got "
               f"{_show(result)}")
        best, stop = (as_number(v) for v in result)
        not_epochs = f"both returned values should be epochs (numbers), got {_show(result[0])} and {_show(result[1])}"
        best, stop = expect_value(best, not_epochs), expect_value(stop, not_epochs)
        setting = f"with patience={patience} and max_epochs={max_epochs}"
        if (best, stop) != expected:
            expect((stop, best) != expected, f"{setting} you returned ({best:g}, {stop:g}): swapped; return "
                                             "(best_epoch, stop_epoch)")
            expect((best + 1, stop + 1) != expected, f"{setting} you returned ({best:g}, {stop:g}), each one "
                                                     "too small: epochs count from 1 (range(1, max_epochs + 1))")
            if best == expected[0] and abs(stop - expected[1]) == 1:
                return hint(f"{setting} mlp.fit stops after epoch {expected[1]}, you after {stop:g}: the patience "
                            "is off by one. Stop when the count of epochs without improvement *reaches* "
                            "`patience` (bad >= patience), counting only epochs that did not improve")
            if patience == 50:
                expect(stop == expected[1], f"{setting} mlp.fit never stops early and trains all "
                                            f"{max_epochs} epochs; you stopped after {stop:g}")
            return hint(f"{setting} mlp.fit's best epoch is {expected[0]} and it stops after {expected[1]}; you "
                        f"returned ({best:g}, {stop:g}). Shuffle exactly like fit: ONE generator "
                        "rng = np.random.default_rng(seed) made before the first epoch, and "
                        "order = rng.permutation(len(x)) at the start of every epoch; an improvement is a "
                        "strictly lower validation loss")
        if not _same_weights(model, reference):
            at_stop, _ = _reference_run(data, patience, max_epochs, restore=False)
            expect(not _same_weights(model, at_stop),
                   f"{setting} your epochs are right, but the model holds the weights of epoch {stop:g}, where "
                   f"training stopped, not those of the best epoch {best:g}. Did you restore them at the end "
                   "(also when the loop runs out of epochs)? If you did: save copies (model.state()), not "
                   "model.parameters() itself, whose arrays keep changing as training goes on")
            return hint(f"{setting} your epochs are right, but the weights left in the model are not the best "
                        "epoch's: save model.state() at every improvement and model.load_state(...) at the end")
    return passed("your loop and mlp.fit agree on both runs: the same best epoch, the same stop, the same restored "
                  "weights (once stopped early, once out of epochs). That loop is all early stopping is")
