"""Data for the course: MNIST (verified, cached, downloaded if missing) and small generated sets.

    from mlp.datasets import load_mnist, tangerines, logic_gate
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=1000, n_test=200)
    x, y = tangerines(n=200, seed=0)

Features are float32 and shaped ``(n, features)``; labels are int64 class numbers.
"""

from __future__ import annotations

from .download import DownloadError, download, sha256_of_file
from .idx import IDXFormatError, parse_idx, read_idx, write_idx
from .mnist import (
    DEFAULT_MIRRORS,
    MNIST_FILES,
    MNIST_LICENSE,
    MNIST_SOURCE,
    ChecksumError,
    clear_cache,
    default_cache_dir,
    find_mnist,
    load_mnist,
    mnist_info,
)
from .synthetic import (
    GATES,
    TANGERINE_RULE_CM,
    blobs,
    label_noise,
    logic_gate,
    moons,
    spirals,
    tangerines,
    train_test_split,
)

__all__ = [
    "ChecksumError",
    "DEFAULT_MIRRORS",
    "DownloadError",
    "GATES",
    "IDXFormatError",
    "MNIST_FILES",
    "MNIST_LICENSE",
    "MNIST_SOURCE",
    "TANGERINE_RULE_CM",
    "blobs",
    "clear_cache",
    "default_cache_dir",
    "download",
    "find_mnist",
    "label_noise",
    "load_mnist",
    "logic_gate",
    "mnist_info",
    "moons",
    "parse_idx",
    "read_idx",
    "sha256_of_file",
    "spirals",
    "tangerines",
    "train_test_split",
    "write_idx",
]
