"""Tests for mlp.ensemble: voting, bootstrap samples and bagging."""

from __future__ import annotations

import numpy as np
import pytest

from mlp.ensemble import (
    Bagging,
    VotingEnsemble,
    bagging,
    bootstrap_indices,
    majority_vote,
    out_of_bag_indices,
    to_probabilities,
)
from mlp.losses import SoftmaxCrossEntropy
from mlp.network import MLP
from mlp.optim import SGD, Momentum

X4 = np.zeros((4, 2), dtype=np.float32)  # the hand-made members below ignore their input


def constant(outputs):
    """A 'model' that always answers ``outputs`` (labels or probabilities), whatever x is."""
    return lambda x: np.asarray(outputs)


def test_hard_vote_outvotes_one_wrong_member():
    truth = np.array([0, 1, 2, 1])
    members = [constant([0, 1, 2, 1]), constant([0, 1, 2, 1]), constant([2, 0, 0, 1])]  # the third is wrong 3x
    ensemble = VotingEnsemble(members, voting="hard")
    np.testing.assert_array_equal(ensemble.predict(X4), truth)
    np.testing.assert_array_equal(ensemble.member_predictions(X4)[2], [2, 0, 0, 1])
    np.testing.assert_allclose(ensemble.predict_proba(X4)[0], [2 / 3, 0, 1 / 3])
    assert ensemble.score(X4, truth) == 1.0


def test_soft_vote_averages_probabilities_and_can_differ_from_hard():
    confident = constant([[0.95, 0.05]])
    unsure = constant([[0.4, 0.6]])
    members = [confident, unsure, unsure]
    x = np.zeros((1, 2))
    soft = VotingEnsemble(members, voting="soft")
    np.testing.assert_allclose(soft.predict_proba(x), [[(0.95 + 0.8) / 3, (0.05 + 1.2) / 3]])
    assert soft.predict(x).tolist() == [0]  # one confident member outweighs two unsure ones
    assert VotingEnsemble(members, voting="hard").predict(x).tolist() == [1]  # ...but not by votes
    assert soft.member_probabilities(x).shape == (3, 1, 2)


def test_weights_change_the_vote():
    members = [constant([0]), constant([1]), constant([1])]
    x = np.zeros((1, 2))
    assert VotingEnsemble(members).predict(x).tolist() == [1]
    assert VotingEnsemble(members, weights=[3, 1, 1]).predict(x).tolist() == [0]


def test_majority_vote_and_ties():
    votes = np.array([[0, 1, 2], [1, 1, 0], [1, 2, 0]])  # columns are samples
    np.testing.assert_array_equal(majority_vote(votes), [1, 1, 0])
    np.testing.assert_array_equal(majority_vote(np.array([[0], [1]])), [0])  # tie -> smallest label
    np.testing.assert_array_equal(majority_vote(np.array([[0], [1]]), weights=[1, 2]), [1])
    with pytest.raises(ValueError, match="2-D"):
        majority_vote(np.array([0, 1]))
    with pytest.raises(ValueError, match="predictions must be class labels"):
        majority_vote(np.array([[0, 5]]), n_classes=3)


def test_to_probabilities_handles_labels_logits_and_sigmoids():
    np.testing.assert_array_equal(to_probabilities(np.array([0, 2]), n_classes=3), [[1, 0, 0], [0, 0, 1]])
    logits = np.array([[1.0, 2.0, 3.0]])
    expected = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose(to_probabilities(logits), expected, rtol=1e-6)
    np.testing.assert_allclose(to_probabilities(np.array([[0.2, 0.8]])), [[0.2, 0.8]])
    np.testing.assert_allclose(to_probabilities(np.array([[0.25]])), [[0.75, 0.25]])
    np.testing.assert_allclose(to_probabilities(np.array([[0.0], [5.0]])), [[0.5, 0.5], [1 / (1 + np.exp(5)),
                                                                                        1 / (1 + np.exp(-5))]],
                               atol=1e-6)


def test_networks_as_members_are_run_in_eval_mode():
    nets = [MLP([2, 4, 3], seed=s, dropout=0.5) for s in range(3)]
    x = np.random.default_rng(0).normal(size=(6, 2)).astype(np.float32)
    ensemble = VotingEnsemble(nets, voting="soft")
    first, second = ensemble.predict_proba(x), ensemble.predict_proba(x)
    np.testing.assert_array_equal(first, second)  # no dropout noise
    np.testing.assert_allclose(first.sum(axis=1), 1.0, rtol=1e-5)
    assert ensemble.predict(x).shape == (6,) and len(ensemble) == 3 and all(n.training for n in nets)


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ({"models": []}, ValueError, "non-empty"),
        ({"models": [1, 2]}, TypeError, r"models\[0\]"),
        ({"voting": "medium"}, ValueError, "voting"),
        ({"weights": [1.0]}, ValueError, "one value per member"),
        ({"weights": [1.0, -1.0]}, ValueError, "non-negative"),
        ({"n_classes": 1}, ValueError, "n_classes"),
    ],
)
def test_voting_ensemble_rejects_bad_arguments(arguments, error, message):
    options = {"models": [constant([0]), constant([1])]}
    options.update(arguments)
    with pytest.raises(error, match=message):
        VotingEnsemble(**options)


def test_members_must_agree_on_shapes():
    ensemble = VotingEnsemble([constant([[0.5, 0.5]]), constant([[0.2, 0.3, 0.5]])], voting="soft")
    with pytest.raises(ValueError, match="disagree"):
        ensemble.predict(np.zeros((1, 2)))


# ------------------------------------------------------------------------------------------------ bootstrap


def test_bootstrap_indices_in_range_with_repeats_and_reproducible():
    sample = bootstrap_indices(100, seed=1)
    assert sample.shape == (100,) and sample.dtype == np.int64
    assert sample.min() >= 0 and sample.max() < 100 and np.all(np.diff(sample) >= 0)
    assert 50 < np.unique(sample).size < 80  # about 63% distinct rows
    np.testing.assert_array_equal(sample, bootstrap_indices(100, seed=1))
    assert not np.array_equal(sample, bootstrap_indices(100, seed=2))
    assert bootstrap_indices(10, seed=0, size=25).shape == (25,)
    weighted = bootstrap_indices(10, seed=0, weights=[0, 0, 1, 0, 0, 0, 0, 0, 0, 1])
    assert set(weighted.tolist()) <= {2, 9}


def test_out_of_bag_is_the_complement():
    sample = np.array([0, 0, 2, 2, 4])
    np.testing.assert_array_equal(out_of_bag_indices(6, sample), [1, 3, 5])
    with pytest.raises(ValueError, match="indices in 0..5"):
        out_of_bag_indices(6, np.array([0, 6]))
    with pytest.raises(TypeError, match="row indices"):
        out_of_bag_indices(6, np.array([0.5]))
    with pytest.raises(ValueError, match="n must be >= 1"):
        bootstrap_indices(0)


# -------------------------------------------------------------------------------------------------- bagging


def blobs(n: int = 40):
    rng = np.random.default_rng(0)
    y = np.arange(n) % 2
    x = rng.normal(scale=0.6, size=(n, 2)) + np.where(y[:, None] == 1, 1.0, -1.0)
    return x.astype(np.float32), y


def run_bagging(seed: int = 0, **kwargs) -> Bagging:
    x, y = blobs()
    options = {"optimizer": "sgd", "optimizer_kwargs": {"lr": 0.3}, "fit_kwargs": {"epochs": 3, "batch_size": 10}}
    options.update(kwargs)
    return bagging(lambda s: MLP([2, 4, 2], seed=s), x, y, 3, seed=seed, **options)


def test_bagging_is_reproducible_and_members_differ():
    x, y = blobs()
    a, b = run_bagging(), run_bagging()
    for sa, sb in zip(a.samples, b.samples):
        np.testing.assert_array_equal(sa, sb)
    np.testing.assert_array_equal(a.ensemble("soft").predict_proba(x), b.ensemble("soft").predict_proba(x))
    assert a.seeds == b.seeds and len(set(a.seeds)) == 3
    assert not np.array_equal(a.samples[0], a.samples[1])
    assert not np.array_equal(a.models[0].parameters()[0], a.models[1].parameters()[0])
    assert all(s.min() >= 0 and s.max() < len(x) for s in a.samples)
    assert [len(h) for h in a.histories] == [12, 12, 12]
    c = run_bagging(seed=1)
    assert not np.array_equal(a.samples[0], c.samples[0])


def test_bagging_out_of_bag_and_ensemble_accuracy():
    x, y = blobs()
    result = run_bagging()
    oob = result.out_of_bag(0)
    assert np.intersect1d(oob, result.samples[0]).size == 0
    assert np.union1d(oob, result.samples[0]).size == len(x)
    assert 0.8 <= result.out_of_bag_score(x, y) <= 1.0
    assert 0.0 <= result.out_of_bag_score(x, y, voting="hard") <= 1.0
    assert result.ensemble("hard").score(x, y) >= 0.9
    with pytest.raises(ValueError, match="training rows"):
        result.out_of_bag_score(x[:10], y[:10])
    with pytest.raises(ValueError, match="member must be in"):
        result.out_of_bag(3)


def test_bagging_accepts_optimizer_class_and_instance_without_sharing_state():
    template = Momentum(lr=0.1, momentum=0.9)
    result = run_bagging(optimizer=template, optimizer_kwargs=None)
    assert template.state == [] or not template.state  # the template itself never stepped
    result = run_bagging(optimizer=SGD, optimizer_kwargs={"lr": 0.1}, loss=SoftmaxCrossEntropy)
    assert len(result.models) == 3


def test_make_model_without_seed_argument():
    x, y = blobs()
    result = bagging(lambda: MLP([2, 3, 2], seed=0), x, y, 2, optimizer="sgd", optimizer_kwargs={"lr": 0.1},
                     fit_kwargs={"epochs": 1})
    assert len(result.models) == 2


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ({"make_model": 3}, TypeError, "make_model"),
        ({"n_models": 0}, ValueError, "n_models"),
        ({"y": np.zeros(5, int)}, ValueError, "x has 40 rows but y has 5"),
        ({"fit_kwargs": {"x": 1}}, ValueError, "fit_kwargs must not contain 'x'"),
        ({"optimizer": "adamw"}, ValueError, "optimizer"),
        ({"optimizer": SGD(lr=0.1), "optimizer_kwargs": {"lr": 0.2}}, ValueError, "optimizer_kwargs"),
        ({"optimizer": 0.1}, TypeError, "optimizer must be"),
        ({"loss": "mse"}, TypeError, "loss must be"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_bagging_rejects_bad_arguments(arguments, error, message):
    x, y = blobs()
    options = {"make_model": lambda s: MLP([2, 3, 2], seed=s), "x": x, "y": y, "n_models": 2,
               "optimizer_kwargs": {"lr": 0.1}, "fit_kwargs": {"epochs": 1}}
    options.update(arguments)
    with pytest.raises(error, match=message):
        bagging(**options)
