"""Tests of mlp.optim: each update rule against numbers worked out by hand, PyTorch's defaults, in-place
float32 updates, weight decay, convergence on a quadratic, and clear errors.

The hand-worked tests use one tiny parameter vector and three fixed gradients (independent of p, so the
arithmetic stays short):

    p0 = [1, -2],   g1 = [3, -4],   g2 = [1, 2],   g3 = [-2, 1].
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import mlp.optim as optim
from mlp.optim import SGD, Adadelta, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSProp

P0 = [1.0, -2.0]
GRADS = [[3.0, -4.0], [1.0, 2.0], [-2.0, 1.0]]


def run(opt: Optimizer, steps: int = 3, grads: list[list[float]] = GRADS) -> list[np.ndarray]:
    """Apply ``steps`` steps to a float64 copy of P0; return the parameters after each step."""
    p = np.array(P0, dtype=np.float64)
    history = []
    for g in grads[:steps]:
        opt.step([p], [np.array(g, dtype=np.float64)])
        history.append(p.copy())
    return history


def assert_steps(history: list[np.ndarray], expected: list[list[float]]) -> None:
    for t, (got, want) in enumerate(zip(history, expected), start=1):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=f"after step {t}")


# ----------------------------------------------------------------------------------------- hand-computed steps
def test_sgd_three_steps_by_hand():
    # p <- p - 0.1 g
    expected = [
        [1 - 0.1 * 3, -2 - 0.1 * -4],  # [0.7, -1.6]
        [0.7 - 0.1 * 1, -1.6 - 0.1 * 2],  # [0.6, -1.8]
        [0.6 - 0.1 * -2, -1.8 - 0.1 * 1],  # [0.8, -1.9]
    ]
    assert_steps(run(SGD(lr=0.1)), expected)


def test_momentum_three_steps_by_hand():
    # PyTorch form: v1 = g1; v <- 0.9 v + g; p <- p - 0.1 v
    # v1 = [3, -4]                                   p1 = [1 - 0.3, -2 + 0.4]        = [0.7, -1.6]
    # v2 = [2.7 + 1, -3.6 + 2]    = [3.7, -1.6]      p2 = [0.7 - 0.37, -1.6 + 0.16]  = [0.33, -1.44]
    # v3 = [3.33 - 2, -1.44 + 1]  = [1.33, -0.44]    p3 = [0.33 - 0.133, -1.44 + 0.044] = [0.197, -1.396]
    assert_steps(run(Momentum(lr=0.1, momentum=0.9)), [[0.7, -1.6], [0.33, -1.44], [0.197, -1.396]])


def test_nesterov_three_steps_by_hand():
    # same v as above; the step uses d = g + 0.9 v
    # d1 = [3 + 2.7, -4 - 3.6]     = [5.7, -7.6]     p1 = [1 - 0.57, -2 + 0.76]            = [0.43, -1.24]
    # d2 = [1 + 3.33, 2 - 1.44]    = [4.33, 0.56]    p2 = [0.43 - 0.433, -1.24 - 0.056]    = [-0.003, -1.296]
    # d3 = [-2 + 1.197, 1 - 0.396] = [-0.803, 0.604] p3 = [-0.003 + 0.0803, -1.296 - 0.0604] = [0.0773, -1.3564]
    expected = [[0.43, -1.24], [-0.003, -1.296], [0.0773, -1.3564]]
    assert_steps(run(Nesterov(lr=0.1, momentum=0.9)), expected)
    assert_steps(run(Momentum(lr=0.1, momentum=0.9, nesterov=True)), expected)


def test_momentum_dampening_skips_the_first_step():
    # v1 = g1 (no dampening on the first step, as PyTorch); v2 = 0.9 v1 + (1 - 0.5) g2 = [3.2, -2.6]
    # p1 = [0.7, -1.6];  p2 = [0.7 - 0.32, -1.6 + 0.26] = [0.38, -1.34]
    assert_steps(run(Momentum(lr=0.1, momentum=0.9, dampening=0.5), steps=2), [[0.7, -1.6], [0.38, -1.34]])


def test_momentum_lr_change_rescales_the_whole_velocity():
    # Step 1 at lr 0.1, step 2 at lr 0.2. PyTorch form: v2 = [3.7, -1.6], p2 = p1 - 0.2 v2 = [-0.04, -1.28].
    # The sources' form (v = 0.9 v + lr g, p -= v) would give v2 = [0.27 + 0.2, -0.36 + 0.4] = [0.47, 0.04]
    # and p2 = [0.23, -1.64]: the two forms agree only while lr is constant.
    opt = Momentum(lr=0.1, momentum=0.9)
    p = np.array(P0)
    opt.step([p], [np.array(GRADS[0])])
    opt.lr = 0.2
    opt.step([p], [np.array(GRADS[1])])
    np.testing.assert_allclose(p, [-0.04, -1.28], rtol=1e-12)
    assert not np.allclose(p, [0.23, -1.64])


def test_adagrad_three_steps_by_hand():
    eps = 1e-10
    # G1 = [9, 16], G2 = [10, 20], G3 = [14, 21];  p <- p - 0.1 g / (sqrt(G) + eps)
    p1 = [1 - 0.1 * 3 / (3 + eps), -2 - 0.1 * -4 / (4 + eps)]
    p2 = [p1[0] - 0.1 * 1 / (math.sqrt(10) + eps), p1[1] - 0.1 * 2 / (math.sqrt(20) + eps)]
    p3 = [p2[0] - 0.1 * -2 / (math.sqrt(14) + eps), p2[1] - 0.1 * 1 / (math.sqrt(21) + eps)]
    assert_steps(run(AdaGrad(lr=0.1)), [p1, p2, p3])


def test_adagrad_lr_decay_and_initial_accumulator():
    # lr_t = 0.1 / (1 + (t - 1) * 0.5): 0.1, then 0.1 / 1.5;  G starts at 1: G1 = [10, 17], G2 = [11, 21]
    opt = AdaGrad(lr=0.1, lr_decay=0.5, initial_accumulator_value=1.0, eps=1e-10)
    p1 = [1 - 0.1 * 3 / (math.sqrt(10) + 1e-10), -2 - 0.1 * -4 / (math.sqrt(17) + 1e-10)]
    p2 = [p1[0] - 0.1 / 1.5 * 1 / (math.sqrt(11) + 1e-10), p1[1] - 0.1 / 1.5 * 2 / (math.sqrt(21) + 1e-10)]
    assert_steps(run(opt, steps=2), [p1, p2])


def test_rmsprop_three_steps_by_hand():
    eps = 1e-8
    # v <- 0.99 v + 0.01 g^2: v1 = [0.09, 0.16]; v2 = [0.0891 + 0.01, 0.1584 + 0.04] = [0.0991, 0.1984];
    # v3 = [0.098109 + 0.04, 0.196416 + 0.01] = [0.138109, 0.206416];  p <- p - 0.01 g / (sqrt(v) + eps)
    p1 = [1 - 0.01 * 3 / (0.3 + eps), -2 - 0.01 * -4 / (0.4 + eps)]
    p2 = [p1[0] - 0.01 * 1 / (math.sqrt(0.0991) + eps), p1[1] - 0.01 * 2 / (math.sqrt(0.1984) + eps)]
    p3 = [p2[0] - 0.01 * -2 / (math.sqrt(0.138109) + eps), p2[1] - 0.01 * 1 / (math.sqrt(0.206416) + eps)]
    assert_steps(run(RMSProp(lr=0.01)), [p1, p2, p3])


def test_rmsprop_centered_first_step_by_hand():
    # gbar1 = 0.01 g1 = [0.03, -0.04];  v1 = [0.09, 0.16];  denominator sqrt(v1 - gbar1^2) + eps
    p1 = [1 - 0.01 * 3 / (math.sqrt(0.09 - 0.0009) + 1e-8), -2 - 0.01 * -4 / (math.sqrt(0.16 - 0.0016) + 1e-8)]
    assert_steps(run(RMSProp(lr=0.01, centered=True), steps=1), [p1])


def test_rmsprop_momentum_two_steps_by_hand():
    # buf1 = g1 / (sqrt(v1) + eps) ~ [10, -10];  buf2 = 0.5 buf1 + g2 / (sqrt(v2) + eps);  p <- p - 0.01 buf
    eps = 1e-8
    buf1 = [3 / (0.3 + eps), -4 / (0.4 + eps)]
    buf2 = [0.5 * buf1[0] + 1 / (math.sqrt(0.0991) + eps), 0.5 * buf1[1] + 2 / (math.sqrt(0.1984) + eps)]
    p1 = [1 - 0.01 * buf1[0], -2 - 0.01 * buf1[1]]
    p2 = [p1[0] - 0.01 * buf2[0], p1[1] - 0.01 * buf2[1]]
    assert_steps(run(RMSProp(lr=0.01, momentum=0.5), steps=2), [p1, p2])


def test_adadelta_three_steps_by_hand():
    eps = 1e-6
    g1, g2, g3 = (np.array(g) for g in GRADS)
    # v <- 0.9 v + 0.1 g^2: v1 = [0.9, 1.6]; v2 = [0.81 + 0.1, 1.44 + 0.4] = [0.91, 1.84];
    #                       v3 = [0.819 + 0.4, 1.656 + 0.1] = [1.219, 1.756]
    v1, v2, v3 = np.array([0.9, 1.6]), np.array([0.91, 1.84]), np.array([1.219, 1.756])
    # d = sqrt(u + eps) / sqrt(v + eps) * g;  u <- 0.9 u + 0.1 d^2;  p <- p - 1.0 d   (u0 = 0)
    d1 = np.sqrt(0 + eps) / np.sqrt(v1 + eps) * g1
    u1 = 0.1 * d1**2
    d2 = np.sqrt(u1 + eps) / np.sqrt(v2 + eps) * g2
    u2 = 0.9 * u1 + 0.1 * d2**2
    d3 = np.sqrt(u2 + eps) / np.sqrt(v3 + eps) * g3
    p1 = np.array(P0) - d1
    assert_steps(run(Adadelta()), [p1, p1 - d2, p1 - d2 - d3])
    # the very first step is about sqrt(eps) = 0.001 per unit of g / RMS(g): tiny, as the docstring says
    np.testing.assert_allclose(d1, [0.001 * 3 / math.sqrt(0.9), 0.001 * -4 / math.sqrt(1.6)], rtol=1e-5)


def test_adam_three_steps_by_hand():
    eps = 1e-8
    # m <- 0.9 m + 0.1 g;  v <- 0.999 v + 0.001 g^2
    # t=1: m = [0.3, -0.4],   v = [0.009, 0.016];        1 - 0.9 = 0.1,    1 - 0.999 = 0.001
    #      m_hat = [3, -4], v_hat = [9, 16]
    p1 = [1 - 0.1 * 3 / (3 + eps), -2 - 0.1 * -4 / (4 + eps)]
    # t=2: m = [0.27 + 0.1, -0.36 + 0.2] = [0.37, -0.16]; v = [0.008991 + 0.001, 0.015984 + 0.004]
    #      1 - 0.9^2 = 0.19,  1 - 0.999^2 = 0.001999
    p2 = [
        p1[0] - 0.1 * (0.37 / 0.19) / (math.sqrt(0.009991 / 0.001999) + eps),
        p1[1] - 0.1 * (-0.16 / 0.19) / (math.sqrt(0.019984 / 0.001999) + eps),
    ]
    # t=3: m = [0.333 - 0.2, -0.144 + 0.1] = [0.133, -0.044]; v = [0.009981009 + 0.004, 0.019964016 + 0.001]
    #      1 - 0.9^3 = 0.271, 1 - 0.999^3 = 0.002997001
    p3 = [
        p2[0] - 0.1 * (0.133 / 0.271) / (math.sqrt(0.013981009 / 0.002997001) + eps),
        p2[1] - 0.1 * (-0.044 / 0.271) / (math.sqrt(0.020964016 / 0.002997001) + eps),
    ]
    assert_steps(run(Adam(lr=0.1)), [p1, p2, p3])


def test_adam_amsgrad_keeps_the_largest_v():
    # g2 = 0: v2 = 0.999 v1 < v1, so AMSGrad still divides by sqrt(v1 / 0.001999); m2 = 0.9 m1 = [0.27, -0.36]
    p1 = [1 - 0.1 * 3 / (3 + 1e-8), -2 - 0.1 * -4 / (4 + 1e-8)]
    p2 = [
        p1[0] - 0.1 * (0.27 / 0.19) / (math.sqrt(0.009 / 0.001999) + 1e-8),
        p1[1] - 0.1 * (-0.36 / 0.19) / (math.sqrt(0.016 / 0.001999) + 1e-8),
    ]
    history = run(Adam(lr=0.1, amsgrad=True), steps=2, grads=[[3.0, -4.0], [0.0, 0.0]])
    assert_steps(history, [p1, p2])
    plain = run(Adam(lr=0.1), steps=2, grads=[[3.0, -4.0], [0.0, 0.0]])
    assert not np.allclose(plain[1], p2)


# ------------------------------------------------------------------------------------------------ weight decay
def test_weight_decay_is_l2_added_to_the_gradient():
    # g <- g + 0.5 p:  g1' = [3 + 0.5, -4 - 1] = [3.5, -5];   p1 = [0.65, -1.5]
    #                  g2' = [1 + 0.325, 2 - 0.75] = [1.325, 1.25];  p2 = [0.5175, -1.625]
    assert_steps(run(SGD(lr=0.1, weight_decay=0.5), steps=2), [[0.65, -1.5], [0.5175, -1.625]])


@pytest.mark.parametrize("name", sorted(optim.OPTIMIZERS))
def test_weight_decay_equals_adding_wd_times_p_to_the_gradient(name):
    rng = np.random.default_rng(1)
    p_a = rng.standard_normal(5)
    p_b = p_a.copy()
    with_decay, by_hand = optim.get(name, weight_decay=0.3), optim.get(name)
    for _ in range(4):
        g = rng.standard_normal(5)
        g_before = g.copy()
        by_hand.step([p_b], [g + 0.3 * p_b])
        with_decay.step([p_a], [g])
        np.testing.assert_array_equal(g, g_before)  # the caller's gradient is not modified
    np.testing.assert_allclose(p_a, p_b, rtol=1e-12, atol=1e-15)


# -------------------------------------------------------------------------------------------- PyTorch defaults
TORCH_DEFAULTS = {
    # torch.optim 2.x signatures; SGD's lr is ours (PyTorch: 1e-3), Momentum's momentum is ours (PyTorch: 0)
    "sgd": {"lr": 0.01, "weight_decay": 0.0},
    "momentum": {"lr": 0.01, "momentum": 0.9, "nesterov": False, "dampening": 0.0, "weight_decay": 0.0},
    "nesterov": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "adagrad": {"lr": 0.01, "eps": 1e-10, "initial_accumulator_value": 0.0, "lr_decay": 0.0, "weight_decay": 0.0},
    "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False, "weight_decay": 0.0},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "adam": {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False},
}


@pytest.mark.parametrize("name", sorted(TORCH_DEFAULTS))
def test_defaults_match_pytorch(name):
    assert optim.get(name).hyperparameters() == TORCH_DEFAULTS[name]


@pytest.mark.parametrize("name", sorted(optim.OPTIMIZERS))
def test_repr_rebuilds_the_same_optimizer(name):
    opt = optim.get(name, lr=0.5, weight_decay=0.1)
    rebuilt = eval(repr(opt), vars(optim))
    assert type(rebuilt) is type(opt) and rebuilt.hyperparameters() == opt.hyperparameters()
    assert repr(opt).startswith(type(opt).__name__ + "(lr=0.5")


# ---------------------------------------------------------------------------------------- in place, float32
ALL_VARIANTS = [
    ("sgd", {}),
    ("momentum", {}),
    ("nesterov", {}),
    ("momentum", {"dampening": 0.2}),
    ("adagrad", {"lr_decay": 0.1}),
    ("rmsprop", {}),
    ("rmsprop", {"centered": True, "momentum": 0.5}),
    ("adadelta", {}),
    ("adam", {}),
    ("adam", {"amsgrad": True}),
]


@pytest.mark.parametrize(("name", "kwargs"), ALL_VARIANTS)
def test_updates_in_place_and_keeps_float32(name, kwargs):
    rng = np.random.default_rng(2)
    params = [rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(4).astype(np.float32)]
    ids, before = [id(p) for p in params], [p.copy() for p in params]
    opt = optim.get(name, weight_decay=0.01, **kwargs)
    for t in range(3):
        grads = [rng.standard_normal(p.shape).astype(np.float32) for p in params]
        opt.step(params, grads)
        if t == 0:
            buffers = [id(b) for state in opt.state for b in state.values()]
    assert [id(p) for p in params] == ids
    assert all(p.dtype == np.float32 for p in params)
    assert all(b.dtype == np.float32 for state in opt.state for b in state.values())
    assert [id(b) for state in opt.state for b in state.values()] == buffers  # state allocated once
    assert all(not np.array_equal(p, b) for p, b in zip(params, before))
    assert opt.t == 3


def test_mixed_dtypes_each_keep_their_own():
    params = [np.ones(3, np.float32), np.ones((2, 2), np.float64)]
    opt = Adam(lr=0.1, weight_decay=0.1)
    opt.step(params, [np.ones(3, np.float32), np.ones((2, 2), np.float64)])
    assert params[0].dtype == np.float32 and params[1].dtype == np.float64
    assert opt.state[1]["m"].dtype == np.float64
    np.testing.assert_allclose(params[0], 0.9, rtol=1e-6)


@pytest.mark.parametrize("name", sorted(optim.OPTIMIZERS))
def test_float64_gradients_leave_float32_parameters_float32(name):
    p = np.ones(4, np.float32)
    opt = optim.get(name, weight_decay=0.1)
    opt.step([p], [np.full(4, 0.5, np.float64)])
    opt.step([p], [np.full(4, 0.5, np.float64)])
    assert p.dtype == np.float32 and np.all(p < 1)


def test_non_contiguous_parameter_views_are_updated():
    flat = np.zeros((4, 6), np.float32)
    view = flat[:, ::2]  # a strided view, updated through to ``flat``
    SGD(lr=1.0).step([view], [np.ones((4, 3), np.float32)])
    assert np.all(flat[:, ::2] == -1) and np.all(flat[:, 1::2] == 0)


# ------------------------------------------------------------------------------------------------ memory, state
@pytest.mark.parametrize(
    ("name", "kwargs", "buffers"),
    [
        ("sgd", {}, 0),
        ("momentum", {}, 1),
        ("nesterov", {}, 1),
        ("adagrad", {}, 1),
        ("rmsprop", {}, 1),
        ("rmsprop", {"centered": True, "momentum": 0.9}, 3),
        ("adadelta", {}, 2),
        ("adam", {}, 2),
        ("adam", {"amsgrad": True}, 3),
    ],
)
def test_memory_bytes_counts_state_buffers(name, kwargs, buffers):
    params = [np.zeros((3, 4), np.float32), np.zeros(4, np.float32)]  # 16 floats = 64 bytes
    opt = optim.get(name, **kwargs)
    assert opt.memory_bytes() == 0
    opt.step(params, [np.ones_like(p) for p in params])
    assert opt.memory_bytes() == buffers * 64


def test_reset_forgets_state_and_accepts_a_new_model():
    opt = Adam()
    opt.step([np.zeros(3)], [np.ones(3)])
    opt.reset()
    assert opt.t == 0 and opt.state == [] and opt.memory_bytes() == 0
    p = np.zeros((2, 2))
    opt.step([p], [np.ones((2, 2))])
    np.testing.assert_allclose(p, -0.001, rtol=1e-6)  # Adam's first step is lr * sign(g)
    assert opt.t == 1


def test_reset_makes_the_run_repeat_exactly():
    opt = Momentum(lr=0.1)
    first = run(opt)
    opt.reset()
    assert all(np.array_equal(a, b) for a, b in zip(first, run(opt)))


def test_same_seed_same_numbers():
    def train(seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        p = rng.standard_normal(10).astype(np.float32)
        opt = Adam(lr=0.01)
        for _ in range(20):
            opt.step([p], [rng.standard_normal(10).astype(np.float32)])
        return p

    assert np.array_equal(train(7), train(7))
    assert not np.array_equal(train(7), train(8))


# -------------------------------------------------------------------------------------------------- convergence
CONVERGENCE = {
    "sgd": {"lr": 0.05},
    "momentum": {"lr": 0.01},
    "nesterov": {"lr": 0.01},
    "adagrad": {"lr": 0.5},
    "rmsprop": {"lr": 0.01},
    "adadelta": {"lr": 1.0},
    "adam": {"lr": 0.05},
}


@pytest.mark.parametrize("name", sorted(CONVERGENCE))
def test_converges_on_an_elongated_quadratic(name):
    # f(p) = (p0^2 + 10 p1^2) / 2, gradient [p0, 10 p1], minimum 0 at the origin
    curvature = np.array([1.0, 10.0], np.float32)
    p = np.array([1.0, 1.0], np.float32)
    opt = optim.get(name, **CONVERGENCE[name])
    for _ in range(500):
        opt.step([p], [curvature * p])
    assert 0.5 * np.sum(curvature * p * p) < 1e-4 * 5.5


# ------------------------------------------------------------------------------------------- Adam and Adadelta
def test_adam_effective_lr_is_not_a_halving():
    opt = Adam(lr=0.01)
    assert opt.effective_lr(1) == pytest.approx(0.01 * math.sqrt(0.001) / 0.1)
    factors = np.array([opt.effective_lr(t) for t in range(1, 5001)]) / 0.01
    assert factors.min() > 0.15  # never below 0.15 lr ...
    assert factors[-1] > 0.99  # ... and back to lr in the long run
    assert factors[1999] > factors[999] > factors[99]  # growing, not halving
    opt.step([np.zeros(2)], [np.ones(2)])
    assert opt.effective_lr() == opt.effective_lr(1)


def test_adadelta_seed_002_gamma_and_window():
    opt = Adadelta.from_gamma(0.1)
    assert opt.rho == pytest.approx(0.9) and opt.gamma == pytest.approx(0.1) and opt.window == pytest.approx(19)
    assert Adadelta.from_window(19).rho == pytest.approx(0.9)
    assert Adadelta.from_gamma(0.5).window == pytest.approx(3)
    assert Adadelta(rho=1.0).window == math.inf
    with pytest.raises(ValueError, match="gamma"):
        Adadelta.from_gamma(0.0)
    with pytest.raises(ValueError, match="n must be >= 1"):
        Adadelta.from_window(0.5)


# ------------------------------------------------------------------------------------------------------- get
def test_get_builds_each_optimizer_by_name():
    assert set(optim.OPTIMIZERS) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam"}
    for name, cls in optim.OPTIMIZERS.items():
        assert type(optim.get(name)) is cls
    assert optim.get("nesterov").nesterov
    assert optim.get("Adam", lr=0.1, betas=(0.8, 0.9)).betas == (0.8, 0.9)
    opt = SGD()
    assert optim.get(opt) is opt


def test_get_errors():
    with pytest.raises(ValueError, match=r"unknown optimizer 'adamw'.*'adadelta'.*'sgd'"):
        optim.get("adamw")
    with pytest.raises(TypeError, match="optimizer"):
        optim.get(3)
    with pytest.raises(TypeError, match="keyword arguments"):
        optim.get(SGD(), lr=0.1)
    with pytest.raises(TypeError):
        optim.get("sgd", momentum=0.9)  # SGD has no momentum: use "momentum"


# ---------------------------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize("name", sorted(optim.OPTIMIZERS))
@pytest.mark.parametrize("lr", [0.0, -0.1])
def test_non_positive_lr_is_rejected(name, lr):
    with pytest.raises(ValueError, match="lr must be positive"):
        optim.get(name, lr=lr)


def test_lr_set_later_is_checked_too():
    opt = Adam()
    with pytest.raises(ValueError, match="lr must be positive"):
        opt.lr = 0
    with pytest.raises(TypeError, match="lr"):
        opt.lr = "0.1"
    with pytest.raises(TypeError, match="lr"):
        opt.lr = float("nan")
    opt.lr = 0.5
    assert opt.lr == 0.5


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: Adam(betas=(1.0, 0.999)), r"betas\[0\] must be in \[0.0, 1.0\)"),
        (lambda: Adam(betas=(0.9, -0.1)), r"betas\[1\]"),
        (lambda: Adam(eps=0), "eps must be positive"),
        (lambda: RMSProp(alpha=1.5), "alpha"),
        (lambda: RMSProp(momentum=1.0), "momentum"),
        (lambda: Adadelta(rho=-0.1), "rho"),
        (lambda: Adadelta(eps=-1e-6), "eps"),
        (lambda: AdaGrad(lr_decay=-1), "lr_decay"),
        (lambda: AdaGrad(initial_accumulator_value=-1), "initial_accumulator_value"),
        (lambda: Momentum(momentum=1.0), "momentum"),
        (lambda: Momentum(dampening=2.0), "dampening"),
        (lambda: Momentum(momentum=0.0, nesterov=True), "nesterov=True needs momentum > 0"),
        (lambda: Momentum(dampening=0.1, nesterov=True), "dampening = 0"),
        (lambda: SGD(weight_decay=-0.1), "weight_decay"),
    ],
)
def test_bad_hyperparameters_raise_value_error(build, match):
    with pytest.raises(ValueError, match=match):
        build()


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: Adam(betas=0.9), "betas must be a pair"),
        (lambda: Adam(amsgrad="yes"), "amsgrad"),
        (lambda: RMSProp(centered=1), "centered"),
        (lambda: Momentum(nesterov=None), "nesterov"),
        (lambda: SGD(lr=None), "lr"),
        (lambda: SGD(lr=True), "lr"),
    ],
)
def test_wrong_types_raise_type_error(build, match):
    with pytest.raises(TypeError, match=match):
        build()


def test_step_argument_errors_name_the_argument():
    W, dW = np.zeros((2, 3)), np.zeros((2, 3))
    opt = SGD()
    with pytest.raises(TypeError, match=r"params must be a list .*\[W\]"):
        opt.step(W, dW)
    with pytest.raises(TypeError, match="grads must be a list"):
        opt.step([W], dW)
    with pytest.raises(ValueError, match="params is empty"):
        opt.step([], [])
    with pytest.raises(ValueError, match="params has 2 arrays but grads has 1"):
        opt.step([W, W.copy()], [dW])
    with pytest.raises(ValueError, match=r"grads\[0\] has shape \(3, 2\) but params\[0\] has shape \(2, 3\)"):
        opt.step([W], [dW.T])
    with pytest.raises(TypeError, match=r"params\[0\] must be a floating-point NumPy array"):
        opt.step([np.zeros(3, dtype=int)], [np.zeros(3)])
    with pytest.raises(TypeError, match=r"params\[1\] must be a floating-point NumPy array"):
        opt.step([W, [1.0, 2.0]], [dW, dW])
    with pytest.raises(TypeError, match=r"grads\[0\] must be a floating-point NumPy array"):
        opt.step([W], [np.zeros((2, 3), dtype=bool)])
    frozen = np.zeros(3)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match=r"params\[0\] is read-only"):
        opt.step([frozen], [np.zeros(3)])
    assert opt.t == 0 and opt.state == []  # nothing happened


def test_later_steps_must_match_the_first():
    opt = Adam()
    opt.step([np.zeros((2, 3)), np.zeros(3)], [np.ones((2, 3)), np.ones(3)])
    with pytest.raises(ValueError, match=r"params has 1 arrays but this optimizer's first step had 2.*reset\(\)"):
        opt.step([np.zeros((2, 3))], [np.ones((2, 3))])
    with pytest.raises(ValueError, match=r"params\[1\] has shape \(4,\).*had shape \(3,\).*reset\(\)"):
        opt.step([np.zeros((2, 3)), np.zeros(4)], [np.ones((2, 3)), np.ones(4)])
    with pytest.raises(ValueError, match=r"params\[0\] has shape \(2, 3\) and dtype float32"):
        opt.step([np.zeros((2, 3), np.float32), np.zeros(3)], [np.ones((2, 3), np.float32), np.ones(3)])
    assert opt.t == 1
