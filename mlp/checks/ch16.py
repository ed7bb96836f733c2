"""Checks for chapter 16, "Batch size and learning rate": one function per exercise.

In the notebook::

    from mlp.checks import ch16 as check
    check.inv_lr(inv_lr)
    check.linear_scaling(scaled_lr, partner_case)
    check.memory_ratio(my_prediction, memory_ratio, results)
    check.time_to_reach(time_to_reach, results)

``results`` is the chapter's full-run record, ``experiments/results/seed001_batch_lr.json`` as a dict. Each
check runs the student's answer on cases built so that the likely mistakes (the exponent's sign, the schedule
applied as a recursion, the ratio upside down, the kept memory instead of the peak, the iteration instead of
the seconds, the paper's "inverse" rule instead of the linear scaling rule, ...) give recognisably different
answers, and names the mistake it recognises.
"""

from __future__ import annotations

import math
from typing import Any, Callable


from ..optim import schedules
from ._core import as_number, call, close, exercise, expect, expect_value, hint, passed

__all__ = ["inv_lr", "linear_scaling", "memory_ratio", "time_to_reach"]

# Table 1 of seed 001: CASE -> (training batch, base learning rate).
_TABLE1 = {1: (64, 0.01), 2: (32, 0.01), 3: (128, 0.01), 4: (64, 0.04), 5: (64, 0.001), 6: (32, 0.02),
           7: (64, 0.0025), 8: (64, 0.1), 9: (32, 0.005)}


def _number(value: Any) -> float | None:
    return as_number(value, inf=True)


# ----------------------------------------------------------------------------------------------------------
# Exercise 1: Caffe's "inv" schedule in NumPy
# ----------------------------------------------------------------------------------------------------------

_INV_CASES = [(0.01, 0), (0.01, 1), (0.01, 1000), (0.04, 250), (0.1, 5000), (0.001, 999)]


@exercise(hint="return base_lr * (1 + gamma * iteration) ** (-power)")
def inv_lr(inv_lr_fn: Callable[..., Any]) -> Any:
    """Exercise "The inv schedule by hand": ``inv_lr(base_lr, iteration, gamma=0.001, power=0.75)`` -> float."""
    for base_lr, it in _INV_CASES:
        got = expect_value(_number(call(inv_lr_fn, base_lr, it)),
                           f"`inv_lr({base_lr}, {it})` should return one number, the learning rate")
        wanted = schedules.inv(base_lr, gamma=0.001, power=0.75)(it)
        if close(got, wanted, 1e-9):
            continue
        at = f"at base_lr {base_lr}, iteration {it}"
        expect(not close(got, base_lr * (1 + 0.001 * it) ** 0.75, 1e-9),
               f"{at} your rate grows with the iterations: the exponent is -power, so the rate *falls*")
        expect(not close(got, (1 + 0.001 * it) ** -0.75, 1e-9),
               f"{at} you left out base_lr: the schedule scales the base learning rate")
        expect(not close(got, base_lr * (1 + 0.001) ** (-0.75 * it), 1e-9),
               f"{at} you wrote (1 + gamma) ** (-power * iteration), an exponential decay; Caffe's inv is "
               "(1 + gamma * iteration) ** (-power)")
        recursive = base_lr * math.prod((1 + 0.001 * t) ** -0.75 for t in range(1, it + 1))
        expect(not close(got, recursive, 1e-9),
               f"{at} you multiplied the previous rate by the factor again at every step (a recursion); Caffe "
               "multiplies base_lr once: lr = base_lr * (1 + gamma * iteration) ** (-power)")
        return hint(f"{at} the rate is {wanted:.6g}, you returned {got:.6g}")
    with_arguments = _number(call(inv_lr_fn, 0.01, 100, gamma=0.01, power=1.0))
    expect(with_arguments is not None and close(with_arguments, 0.01 / 2, 1e-9),
           "use the arguments gamma and power, not the fixed 0.001 and 0.75: inv_lr(0.01, 100, gamma=0.01, "
           "power=1.0) should be 0.01 / (1 + 1) = 0.005")
    return passed("your schedule matches mlp.optim.schedules.inv. At iteration 1000 every CASE runs at "
                  f"2 ** -0.75 = {2 ** -0.75:.3f} of its base rate: over the paper's 1000 iterations the "
                  "schedule barely decays.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 2: the linear scaling rule
# ----------------------------------------------------------------------------------------------------------


@exercise(hint="multiply the learning rate by the same factor as the batch: base_lr * new_batch / base_batch")
def linear_scaling(scaled_lr_fn: Callable[..., Any], partner_case: Any) -> Any:
    """Exercise "The rule's partner": ``scaled_lr(base_lr, base_batch, new_batch)`` and a CASE number."""
    for base_lr, base_batch, new_batch in [(0.01, 64, 32), (0.01, 64, 128), (0.1, 256, 8192), (0.02, 32, 96)]:
        got = expect_value(_number(call(scaled_lr_fn, base_lr, base_batch, new_batch)),
                           "`scaled_lr` should return one number, the learning rate for the new batch size")
        wanted = base_lr * new_batch / base_batch
        if close(got, wanted, 1e-9):
            continue
        at = f"for base_lr {base_lr}, batch {base_batch} -> {new_batch}"
        expect(not close(got, base_lr * base_batch / new_batch, 1e-9),
               f"{at} you scaled the rate *against* the batch (the paper's CASE6 recipe); the linear scaling rule "
               "scales it *with* the batch: k times the batch, k times the rate")
        expect(not close(got, base_lr * math.sqrt(new_batch / base_batch), 1e-9),
               f"{at} that is the square-root rule (keep lr / sqrt(batch) fixed); the linear rule keeps "
               "lr / batch fixed")
        return hint(f"{at} the linear scaling rule gives {wanted:.6g}, you returned {got:.6g}")
    not_a_case = f"`partner_case` should be a CASE number from 1 to 9, got {partner_case!r}"
    number = expect_value(_number(partner_case), not_a_case)
    expect(float(number).is_integer() and int(number) in _TABLE1, not_a_case)
    case = int(number)
    if case == 6:
        return hint("CASE6 halves the batch and *doubles* the rate, the paper's recipe; the linear scaling rule "
                    "halves both. Which CASE has batch 32 and learning rate 0.005?")
    if case == 2:
        return hint("CASE2 halves the batch but keeps the rate; the rule halves the rate too")
    expect(case == 9, f"CASE{case} has batch {_TABLE1[case][0]} and rate {_TABLE1[case][1]}; the partner of CASE1 "
                      "(64, 0.01) at batch 32 has rate 0.01 * 32 / 64")
    return passed("CASE9 (batch 32, lr 0.005) is the rule's partner of CASE1: two of its steps add the same "
                  "gradients, scaled the same way, as one step of CASE1. The rule therefore expects CASE9 to "
                  "match CASE1 per image seen, that is CASE9 at iteration 2t against CASE1 at t.")


# ----------------------------------------------------------------------------------------------------------
# Exercise 3: memory, predict first
# ----------------------------------------------------------------------------------------------------------


def _memory_by_case(results: Any) -> dict[int, dict[str, Any]]:
    expect(isinstance(results, dict) and isinstance(results.get("memory"), list),
           "pass the chapter's `results` (the dictionary loaded from seed001_batch_lr.json) as the last argument")
    return {int(row["case"]): row for row in results["memory"]}


@exercise(hint="memory = {row['case']: row for row in results['memory']}; then divide CASE3's "
               "train_step_peak_bytes by CASE1's")
def memory_ratio(my_prediction: Any, memory_ratio_value: Any, results: Any) -> Any:
    """Exercise "Twice the batch, how much memory?": a predicted and a computed ratio CASE3 / CASE1."""
    not_a_guess = f"set `my_prediction` to your guess of the ratio, a number such as 1.26 or 2.0; got {my_prediction!r}"
    said = expect_value(_number(my_prediction), not_a_guess)
    expect(0 < said < 10, not_a_guess)
    rows = _memory_by_case(results)
    expect(1 in rows and 3 in rows, "the results have no memory rows for CASE1 and CASE3")
    peak1, peak3 = rows[1]["train_step_peak_bytes"], rows[3]["train_step_peak_bytes"]
    truth = peak3 / peak1
    got = expect_value(_number(memory_ratio_value), f"`memory_ratio` should be one number, got {memory_ratio_value!r}")
    if not close(got, truth, 1e-6):
        expect(not close(got, 1 / truth, 1e-6), "your ratio is upside down: divide CASE3's peak (batch 128) by "
                                                "CASE1's (batch 64)")
        expect(not close(got, rows[3]["kept_bytes"] / rows[1]["kept_bytes"], 1e-6),
               "you divided the kept memory; the exercise asks about the peak of a training step, "
               "`train_step_peak_bytes`")
        expect(not close(got, peak3 - peak1, 1e-6), "you subtracted; the paper reports a ratio (126%), so divide")
        return hint(f"CASE3's peak divided by CASE1's is {truth:.3f}; you have {got:.4g}")
    paper = 1.26
    nearer = "the paper's 1.26" if abs(said - paper) < abs(said - 2.0) else "2 (pure proportion)"
    fixed = 2 * rows[1]["params_bytes"] + rows[1]["optimizer_state_bytes"]
    story = (f"the measured ratio is {truth:.2f}: the step's own arrays (activations, im2col copies, their "
             f"gradients) grow in proportion to the batch, and only the weights, their gradients and the "
             f"momentum ({fixed / 1e6:.1f} MB together) do not. The paper's 1.26 must include a large fixed "
             "part (the framework, the GPU's or the process's own share, the data), which dilutes the growth.")
    if abs(said - truth) < 0.15:
        return passed(f"well predicted, {said:g}; {story}")
    return passed(f"you predicted {said:g}, nearer {nearer}; {story}")


# ----------------------------------------------------------------------------------------------------------
# Exercise 4: time to reach an accuracy
# ----------------------------------------------------------------------------------------------------------

_FAKE_RUN = {"checkpoints": [100, 200, 300, 400], "test_accuracy": [0.8, 0.94, 0.951, 0.97]}
_FAKE_RUN_NEVER = {"checkpoints": [100, 200], "test_accuracy": [0.5, 0.6]}
_FAKE_RUN_NAN = {"checkpoints": [100, 200, 300], "test_accuracy": [0.2, 0.098, 0.098]}


def _reference_time(run: dict[str, Any], time_per_100: float, target: float) -> float:
    for it, acc in zip(run["checkpoints"], run["test_accuracy"]):
        if acc is not None and acc >= target:
            return it / 100 * time_per_100
    return math.inf


@exercise(hint="loop over zip(run['checkpoints'], run['test_accuracy']); at the first accuracy >= target return "
               "iteration / 100 * time_per_100; after the loop return math.inf")
def time_to_reach(time_to_reach_fn: Callable[..., Any], results: Any) -> Any:
    """Exercise "Seconds, not iterations": ``time_to_reach(run, time_per_100, target)`` -> seconds (or inf)."""
    got = expect_value(_number(call(time_to_reach_fn, _FAKE_RUN, 2.0, 0.95)),
                       "`time_to_reach` should return one number of seconds (math.inf if never reached)")
    if not close(got, 6.0):
        expect(not close(got, 300), "you returned the iteration (300); convert it to seconds: iteration / 100 * "
                                    "time_per_100")
        expect(not close(got, 8.0), "0.951 at iteration 300 already reaches 0.95: use >= target and stop at the "
                                    "*first* checkpoint that reaches it")
        expect(not close(got, 4.0), "0.94 at iteration 200 is below 0.95; compare with >= target")
        expect(not close(got, 600), "you multiplied iteration by time_per_100; divide the iteration by 100 first")
        return hint(f"the run first reaches 0.95 at iteration 300, with 2 s per 100 iterations: 6 s; you have {got:g}")
    try:
        never = time_to_reach_fn(dict(_FAKE_RUN_NEVER), 2.0, 0.95)
    except Exception as error:  # the student's code: say which case broke it
        return hint(f"on a run that never reaches 0.95 your function raised {type(error).__name__}; "
                    "after the loop, return math.inf")
    expect(never is not None, "on a run that never reaches the target your function returned None (no return "
                              "statement was reached); return math.inf after the loop")
    never = _number(never)
    expect(never is not None and math.isinf(never) and never > 0,
           f"a run that never reaches the target should give math.inf, got {never!r}")
    with_none = dict(_FAKE_RUN, test_accuracy=[None, 0.96, 0.97, 0.98])
    try:
        with_gaps = _number(time_to_reach_fn(with_none, 2.0, 0.95))
    except TypeError:
        return hint("a checkpoint may hold None (no measurement, e.g. after a divergence), and None >= 0.95 "
                    "is an error: skip the None entries")
    expect(with_gaps is not None and close(with_gaps, 4.0),
           "a checkpoint may hold None (no measurement, e.g. after a divergence): skip it")
    expect(isinstance(results, dict) and isinstance(results.get("runs"), list) and "timing" in results,
           "pass the chapter's `results` (the dictionary loaded from seed001_batch_lr.json) as the last argument")
    runs = {str(r["case"]): r for r in results["runs"]}
    lines = []
    for case in ("1", "2", "3"):
        if case in runs and case in results["timing"]:
            t = _reference_time(runs[case], results["timing"][case]["time_per_100_s"], 0.95)
            lines.append(f"CASE{case} {t:.0f} s" if math.isfinite(t) else f"CASE{case} never")
    return passed("on the full run, the seconds to 0.95 test accuracy: " + ", ".join(lines) + ". Compare them "
                  "with the paper's claim that CASE1 needs over twice CASE2's time and CASE3 twice CASE1's.")
