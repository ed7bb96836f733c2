"""Ensembles: many models decide together, so one model's mistake is outvoted.

Two ways to combine members that each give class probabilities p_m(x):

- hard voting:  y_hat = argmax_k sum_m w_m [argmax_j p_m(x)_j == k]     (each member casts one vote)
- soft voting:  y_hat = argmax_k sum_m w_m p_m(x)_k                      (members' confidence counts)

and one way to make the members different from each other, *bagging* (bootstrap aggregating, Breiman 1996):
train each member on a bootstrap sample, n rows drawn from the n training rows *with replacement*. About
1 - 1/e ~ 63% of the rows land in each sample; the rest are that member's *out-of-bag* rows, free test data.

Boosting (members trained one after another on re-weighted samples, combined by a weighted vote) and stacking
(a meta-model trained on the members' outputs) build on the same pieces: ``weights`` in
:class:`VotingEnsemble`, ``weights`` in :func:`bootstrap_indices` and :meth:`VotingEnsemble.member_probabilities`.
"""

from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from ._validate import as_float_array, as_label_array, check_choice, check_int, check_same_length
from .training import History, _as_inputs, accuracy, fit, forward_batched

__all__ = [
    "VotingEnsemble",
    "Bagging",
    "bagging",
    "bootstrap_indices",
    "out_of_bag_indices",
    "majority_vote",
    "to_probabilities",
]


# --------------------------------------------------------------------------------------------------------------
# From one member's output to class probabilities
# --------------------------------------------------------------------------------------------------------------


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))  # shifting by the row maximum cannot overflow
    return e / e.sum(axis=1, keepdims=True)


def to_probabilities(outputs: Any, n_classes: int | None = None) -> np.ndarray:
    """Turn a model's outputs into class probabilities, one row per sample, shape (n, k).

    - integer labels (n,)                     -> one-hot rows (k = ``n_classes`` or the largest label + 1);
    - one column of probabilities in [0, 1]   -> [1 - p, p];  one column of scores z -> [1 - s, s], s = sigmoid(z);
    - k columns already probabilities (non-negative, rows summing to 1, e.g. a softmax output) -> unchanged;
    - k columns of scores (logits)            -> softmax(z)_k = exp(z_k) / sum_j exp(z_j).

    Args:
        outputs: what a model (or a prediction function) returned for n samples.
        n_classes: the number of classes, needed only to one-hot integer labels when some class never occurs.

    Returns:
        A float array (n, k) whose rows are non-negative and sum to 1.
    """
    raw = np.asarray(outputs)
    if raw.ndim == 1 and (raw.dtype == bool or np.issubdtype(raw.dtype, np.integer)):
        labels = as_label_array(raw, "outputs", n_classes=n_classes)
        k = n_classes if n_classes is not None else int(labels.max()) + 1
        probabilities = np.zeros((len(labels), k), dtype=np.float32)
        probabilities[np.arange(len(labels)), labels] = 1.0
        return probabilities
    scores = as_float_array(raw, "outputs", ndim=(1, 2))
    if scores.ndim == 1 or scores.shape[1] == 1:
        z = scores.reshape(-1)
        if np.all((z >= 0) & (z <= 1)):
            return np.stack([1.0 - z, z], axis=1)
        with np.errstate(over="ignore"):  # exp(1000) = inf gives the right limit, 1 / inf = 0
            return np.stack([1.0 / (1.0 + np.exp(z)), 1.0 / (1.0 + np.exp(-z))], axis=1)  # sigmoid(-z), sigmoid(z)
    if np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1.0, atol=1e-3):
        return scores
    return _softmax(scores)


def majority_vote(predictions: Any, n_classes: int | None = None, weights: Any = None) -> np.ndarray:
    """The class with the most (weighted) votes for each sample.

    votes[i, k] = sum_m w_m [predictions[m, i] == k];   result[i] = argmax_k votes[i, k]
    A tie goes to the smallest class index (that is what argmax does).

    Args:
        predictions: integer labels, shape (n_members, n_samples): row m is member m's prediction.
        n_classes: number of classes (default: the largest label + 1).
        weights: one non-negative weight per member (default: one vote each).

    Returns:
        int64 labels, shape (n_samples,).
    """
    votes = _vote_counts(predictions, n_classes, weights)
    return np.argmax(votes, axis=1)


def _vote_counts(predictions: Any, n_classes: int | None, weights: Any) -> np.ndarray:
    table = np.asarray(predictions)
    if table.ndim != 2:
        raise ValueError(f"predictions must be 2-D (n_members, n_samples), got shape {table.shape}")
    labels = as_label_array(table.reshape(-1), "predictions", n_classes=n_classes).reshape(table.shape)
    k = n_classes if n_classes is not None else int(labels.max()) + 1
    w = _check_weights(weights, len(labels))
    # one_hot[m, i, k] = [labels[m, i] == k]; summing over members with weights counts the votes.
    one_hot = labels[:, :, None] == np.arange(k)
    return np.tensordot(w, one_hot.astype(np.float64), axes=1)


def _check_weights(weights: Any, n_members: int) -> np.ndarray:
    if weights is None:
        return np.ones(n_members)
    w = as_float_array(weights, "weights", ndim=1, dtype=np.float64)
    if len(w) != n_members:
        raise ValueError(f"weights must have one value per member ({n_members}), got {len(w)}")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    return w


# --------------------------------------------------------------------------------------------------------------
# Voting
# --------------------------------------------------------------------------------------------------------------


def _member_outputs(member: Any, x: np.ndarray) -> np.ndarray:
    """A member's raw answer for x: ``predict_proba``, a network's outputs, ``predict``'s labels, or f(x)."""
    if callable(getattr(member, "predict_proba", None)):
        return np.asarray(member.predict_proba(x))
    if callable(getattr(member, "forward", None)):
        return forward_batched(member, x)  # evaluation mode: no dropout while voting
    if callable(getattr(member, "predict", None)):  # e.g. a Perceptron: labels
        return np.asarray(member.predict(x))
    return np.asarray(member(x))


class VotingEnsemble:
    """Combine trained models by hard (majority) or soft (averaged-probability) voting.

    hard:  predict(x)_i = argmax_k sum_m w_m [member m predicts k for sample i]
    soft:  predict_proba(x) = sum_m w_m p_m(x) / sum_m w_m,   predict(x) = argmax_k predict_proba(x)_k

    Members may be networks (their outputs go through :func:`to_probabilities`, so logits and softmax outputs
    both work), objects with ``predict_proba`` or ``predict`` (labels, e.g. a perceptron), or plain functions
    ``f(x) -> labels or probabilities``.

    Args:
        models: the members (at least one).
        voting: "hard" or "soft".
        weights: one non-negative weight per member (default: equal), e.g. boosting's member weights.
        n_classes: number of classes, if members return bare labels and some class may never be predicted.
    """

    def __init__(
        self, models: Sequence[Any], voting: str = "hard", weights: Any = None, n_classes: int | None = None
    ) -> None:
        if isinstance(models, (str, bytes)) or not isinstance(models, Sequence) or len(models) == 0:
            raise ValueError(f"models must be a non-empty list of trained models, got {models!r}"[:200])
        for i, member in enumerate(models):
            if not (callable(member) or callable(getattr(member, "predict", None))):
                raise TypeError(f"models[{i}] must be a network or a function x -> predictions, got {member!r}")
        self.models = list(models)
        self.voting = check_choice(voting, "voting", ("hard", "soft"))
        self.weights = _check_weights(weights, len(self.models))
        self.n_classes = None if n_classes is None else check_int(n_classes, "n_classes", minimum=2)

    def member_probabilities(self, x: Any) -> np.ndarray:
        """Every member's class probabilities for x, shape (n_members, n_samples, n_classes)."""
        x = _as_inputs(x, "x")
        outputs = [_member_outputs(member, x) for member in self.models]
        k = self.n_classes
        if k is None:  # members that return labels need the width of the others (or the largest label)
            widths = [o.shape[1] for o in outputs if o.ndim == 2 and o.shape[1] > 1]
            labels = [int(np.max(o)) + 1 for o in outputs if o.ndim == 1 and np.issubdtype(o.dtype, np.integer)]
            k = max(widths + labels + [2])
        probabilities = [to_probabilities(o, n_classes=k) for o in outputs]
        shapes = {p.shape for p in probabilities}
        if len(shapes) > 1:
            raise ValueError(f"the members disagree on the number of samples or classes: shapes {sorted(shapes)}")
        return np.stack(probabilities)

    def member_predictions(self, x: Any) -> np.ndarray:
        """Every member's predicted labels for x, shape (n_members, n_samples) (for tables and plots)."""
        return np.argmax(self.member_probabilities(x), axis=2)

    def predict_proba(self, x: Any) -> np.ndarray:
        """Class probabilities of the ensemble, shape (n_samples, n_classes).

        Soft voting: the weighted mean of the members' probabilities. Hard voting: each class's share of the
        (weighted) votes.
        """
        member_probs = self.member_probabilities(x)
        w = self.weights / self.weights.sum()
        if self.voting == "soft":
            return np.tensordot(w, member_probs, axes=1)
        votes = _vote_counts(np.argmax(member_probs, axis=2), member_probs.shape[2], w)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, x: Any) -> np.ndarray:
        """The ensemble's labels, shape (n_samples,); ties go to the smallest class index."""
        return np.argmax(self.predict_proba(x), axis=1)

    def __call__(self, x: Any) -> np.ndarray:
        return self.predict_proba(x)

    def score(self, x: Any, y: Any) -> float:
        """Accuracy of the ensemble on (x, y)."""
        probabilities = self.predict_proba(x)
        labels = as_label_array(y, "y", n_classes=probabilities.shape[1])
        check_same_length(probabilities, "x", labels, "y")
        return accuracy(probabilities, labels)

    def __len__(self) -> int:
        return len(self.models)

    def __getitem__(self, index: int) -> Any:
        return self.models[index]

    def __repr__(self) -> str:
        return f"VotingEnsemble({len(self.models)} models, voting={self.voting!r})"


# --------------------------------------------------------------------------------------------------------------
# Bootstrap samples and bagging
# --------------------------------------------------------------------------------------------------------------


def _as_rng(seed: Any) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int(seed, "seed", minimum=0))


def bootstrap_indices(n: int, seed: Any = 0, size: int | None = None, weights: Any = None) -> np.ndarray:
    """A bootstrap sample: ``size`` row indices drawn from 0..n-1 uniformly *with replacement*, sorted.

    Each row is left out with probability (1 - 1/n)^n ~ 1/e ~ 37%, so a sample of n draws holds about 63%
    of the distinct rows, some of them several times.

    Args:
        n: number of rows to draw from (>= 1).
        seed: an int (the same sample every time) or a ``np.random.Generator``.
        size: number of draws (default n).
        weights: optional probability of each row (non-negative, normalised here): weighted resampling,
            as boosting by resampling uses.

    Returns:
        int64 indices, shape (size,), sorted so repeats sit side by side.
    """
    n = check_int(n, "n", minimum=1)
    size = n if size is None else check_int(size, "size", minimum=1)
    rng = _as_rng(seed)
    if weights is None:
        drawn = rng.integers(0, n, size=size)
    else:
        p = _check_weights(weights, n)
        drawn = rng.choice(n, size=size, replace=True, p=p / p.sum())
    return np.sort(drawn).astype(np.int64)


def out_of_bag_indices(n: int, sample: Any) -> np.ndarray:
    """The rows 0..n-1 that a bootstrap sample never drew (sorted): that member's unseen, "out-of-bag" data."""
    n = check_int(n, "n", minimum=1)
    drawn = np.asarray(sample)
    if drawn.ndim != 1 or not np.issubdtype(drawn.dtype, np.integer):
        raise TypeError(f"sample must be a 1-D array of row indices, got {drawn.dtype} of shape {drawn.shape}")
    if drawn.size and (drawn.min() < 0 or drawn.max() >= n):
        raise ValueError(f"sample must hold indices in 0..{n - 1}, got values from {drawn.min()} to {drawn.max()}")
    return np.setdiff1d(np.arange(n), drawn)


@dataclass
class Bagging:
    """The result of :func:`bagging`: the trained members and what each one saw.

    Attributes:
        models: the trained members.
        samples: ``samples[m]`` are the training-row indices member m was trained on (with repeats).
        histories: each member's training :class:`History`.
        seeds: the seed each member was built, sampled and shuffled with.
        n: the number of training rows.
        info: the settings that built them (n_models, seed).
    """

    models: list[Any]
    samples: list[np.ndarray]
    histories: list[History]
    seeds: list[int]
    n: int
    info: dict[str, Any] = field(default_factory=dict)

    def out_of_bag(self, member: int) -> np.ndarray:
        """The training rows member ``member`` never saw."""
        member = check_int(member, "member", minimum=0)
        if member >= len(self.models):
            raise ValueError(f"member must be in 0..{len(self.models) - 1}, got {member}")
        return out_of_bag_indices(self.n, self.samples[member])

    def ensemble(self, voting: str = "hard") -> VotingEnsemble:
        """The members as a :class:`VotingEnsemble`."""
        return VotingEnsemble(self.models, voting=voting)

    def out_of_bag_score(self, x: Any, y: Any, voting: str = "soft") -> float:
        """Accuracy on the training data where each row is judged only by the members that did not train on it.

        A free estimate of test accuracy (no held-out set needed). Rows that every member saw are skipped.

        Args:
            x, y: the same training data that was passed to :func:`bagging` (n rows).
            voting: "soft" (average probabilities) or "hard" (count votes).
        """
        voting = check_choice(voting, "voting", ("hard", "soft"))
        x = _as_inputs(x, "x")
        if len(x) != self.n:
            raise ValueError(f"x must be the {self.n} training rows the members were bagged from, got {len(x)} rows")
        totals: np.ndarray | None = None
        for member, sample in zip(self.models, self.samples):  # one pass per member, vectorized over its rows
            rows = out_of_bag_indices(self.n, sample)
            if rows.size == 0:
                continue
            probabilities = to_probabilities(_member_outputs(member, x[rows]))
            if voting == "hard":
                probabilities = (probabilities == probabilities.max(axis=1, keepdims=True)).astype(np.float64)
            if totals is None:
                totals = np.zeros((self.n, probabilities.shape[1]))
            totals[rows] += probabilities
        if totals is None:
            raise ValueError("every member saw every row; there is no out-of-bag data to score")
        judged = totals.sum(axis=1) > 0
        labels = as_label_array(y, "y", n_classes=totals.shape[1])
        check_same_length(x, "x", labels, "y")
        return accuracy(totals[judged], labels[judged])

    def __repr__(self) -> str:
        return f"Bagging({len(self.models)} models on bootstrap samples of {self.n} rows)"


def _call_with_seed(make_model: Callable[..., Any], seed: int) -> Any:
    """``make_model(seed)``, or ``make_model()`` if it takes no argument."""
    try:
        takes_argument = len(inspect.signature(make_model).parameters) > 0
    except (TypeError, ValueError):  # some built-ins have no signature
        takes_argument = True
    return make_model(seed) if takes_argument else make_model()


def _optimizer_factory(optimizer: Any, optimizer_kwargs: dict[str, Any]) -> Callable[[], Any]:
    """A function that builds a fresh optimizer for each member (optimizers carry state, e.g. momentum)."""
    if isinstance(optimizer, str):
        from . import optim

        optim.get(optimizer, **optimizer_kwargs)  # fail now, with optim's message, on a bad name or argument
        return lambda: optim.get(optimizer, **optimizer_kwargs)
    if isinstance(optimizer, type) or (callable(optimizer) and not callable(getattr(optimizer, "step", None))):
        return lambda: optimizer(**optimizer_kwargs)
    if callable(getattr(optimizer, "step", None)):
        if optimizer_kwargs:
            raise ValueError("optimizer_kwargs apply only when optimizer is a name or a class, not an instance")
        return lambda: copy.deepcopy(optimizer)  # each member starts from the instance's settings, not its state
    raise TypeError(f"optimizer must be a name ('sgd', 'adam', ...), an optimizer class or instance, got {optimizer!r}")


def bagging(
    make_model: Callable[..., Any],
    x: Any,
    y: Any,
    n_models: int = 10,
    *,
    loss: Any = None,
    optimizer: Any = "sgd",
    optimizer_kwargs: dict[str, Any] | None = None,
    fit_kwargs: dict[str, Any] | None = None,
    seed: int = 0,
) -> Bagging:
    """Bootstrap aggregating: train ``n_models`` members, each on its own bootstrap sample of (x, y).

    for m = 1..M:  S_m = n indices drawn from 0..n-1 with replacement;  model_m = fit(make_model(), x[S_m], y[S_m])
    then combine them with ``result.ensemble("hard" or "soft")``.

    Args:
        make_model: ``make_model(seed) -> untrained model`` (or ``make_model()``); called once per member.
        x, y: the training data (rows are samples; y as for :func:`mlp.training.fit`).
        n_models: number of members (>= 1).
        loss: a loss instance or class (default ``SoftmaxCrossEntropy()``).
        optimizer: a name for ``mlp.optim.get`` ("sgd", "adam", ...), an optimizer class, or an instance
            (copied for every member, so no momentum is shared).
        optimizer_kwargs: arguments for the optimizer name or class, e.g. ``{"lr": 0.1}``.
        fit_kwargs: extra arguments for :func:`mlp.training.fit` (epochs, batch_size, ...).
        seed: one int that fixes every member's seed, sample and shuffling: the same seed, the same ensemble.

    Returns:
        A :class:`Bagging` with the models, their sample indices, histories and seeds.
    """
    if not callable(make_model):
        raise TypeError(f"make_model must be a function seed -> untrained model, got {make_model!r}")
    n_models = check_int(n_models, "n_models", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    x = _as_inputs(x, "x")
    y_array = np.asarray(y)
    if y_array.ndim == 0 or len(y_array) != len(x):
        raise ValueError(f"x has {len(x)} rows but y has {y_array.shape[0] if y_array.ndim else 0}; they must match")
    fit_kwargs = dict(fit_kwargs or {})
    for reserved in ("model", "loss", "optimizer", "x", "y"):
        if reserved in fit_kwargs:
            raise ValueError(f"fit_kwargs must not contain {reserved!r}; bagging passes it itself")
    if loss is None:
        from .losses import SoftmaxCrossEntropy

        loss = SoftmaxCrossEntropy()
    elif isinstance(loss, type):
        loss = loss()
    if not callable(getattr(loss, "forward", None)):
        raise TypeError(f"loss must be a loss (with forward/backward) or a loss class, got {loss!r}")
    new_optimizer = _optimizer_factory(optimizer, dict(optimizer_kwargs or {}))

    member_seeds = [int(s) for s in np.random.default_rng(seed).integers(0, 2**31 - 1, size=n_models)]
    models, samples, histories = [], [], []
    for member_seed in member_seeds:  # one loop per member (not per sample): each member is a whole training run
        sample = bootstrap_indices(len(x), seed=member_seed)
        model = _call_with_seed(make_model, member_seed)
        run_kwargs = {"seed": member_seed, **fit_kwargs}
        histories.append(fit(model, loss, new_optimizer(), x[sample], y_array[sample], **run_kwargs))
        models.append(model)
        samples.append(sample)
    return Bagging(models, samples, histories, member_seeds, len(x), info={"n_models": n_models, "seed": seed})
