"""MNIST: 70,000 handwritten digits, 28x28 grey-scale, the "hello world" of neural networks.

``load_mnist()`` finds the four original files, checks they are byte-for-byte the published ones, parses them
(see :mod:`mlp.datasets.idx`) and hands back float32 images in [0, 1] and int64 labels.

Where the files are looked for, first match wins:

1. the ``path`` argument, if given;
2. the environment variable ``MNIST_DIR``, if set;
3. the repository's ``data/mnist/`` (found next to the package, i.e. ``mlp/../data/mnist``, when ``mlp`` is
   used from a checkout of the course);
4. the user cache, ``$XDG_CACHE_HOME/mlp/mnist`` or, when that variable is unset, ``~/.cache/mlp/mnist``;
5. a download into the user cache (only when ``download=True``).

Steps 1 and 2 name a directory on purpose, so they are final: when ``path`` or ``MNIST_DIR`` lacks files, the
missing ones are downloaded *into that directory* (``download=True``) or a ``FileNotFoundError`` says what is
missing; the loader never silently falls back to a different copy than the one asked for. ``path`` and
``MNIST_DIR`` both name the directory that holds the files themselves. Each file may be stored compressed
(``train-images-idx3-ubyte.gz``, as the mirrors serve it) or not (``train-images-idx3-ubyte``).

The download mirrors are :data:`DEFAULT_MIRRORS`, overridden by the ``mirrors=`` argument or by the
environment variable ``MNIST_MIRRORS`` (base URLs separated by spaces or commas).

MNIST is by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, licensed CC BY-SA 3.0; see
:func:`mnist_info` and ``data/README.md``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence, Union

import numpy as np

from .._validate import check_int
from .download import download as download_file
from .idx import IDXFormatError, parse_idx, read_bytes
from .synthetic import _rank_within_class

__all__ = [
    "ChecksumError",
    "DEFAULT_MIRRORS",
    "MNIST_FILES",
    "MNIST_LICENSE",
    "MNIST_SOURCE",
    "clear_cache",
    "default_cache_dir",
    "find_mnist",
    "load_mnist",
    "mnist_info",
]

PathLike = Union[str, "os.PathLike[str]"]

MNIST_SOURCE = "http://yann.lecun.com/exdb/mnist/"
MNIST_AUTHORS = ("Yann LeCun", "Corinna Cortes", "Christopher J. C. Burges")
MNIST_LICENSE = "CC BY-SA 3.0"
MNIST_LICENSE_URL = "https://creativecommons.org/licenses/by-sa/3.0/"
MNIST_CITATION = (
    'Y. LeCun, C. Cortes and C. J. C. Burges, "The MNIST database of handwritten digits", '
    "http://yann.lecun.com/exdb/mnist/. Described in: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "
    '"Gradient-based learning applied to document recognition", Proceedings of the IEEE 86(11), '
    "2278-2324, 1998."
)

#: Public copies of the original ``.gz`` files, tried in this order.
DEFAULT_MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

DIR_ENV = "MNIST_DIR"
MIRRORS_ENV = "MNIST_MIRRORS"

N_TRAIN, N_TEST, SIDE, N_CLASSES = 60_000, 10_000, 28, 10


@dataclass(frozen=True)
class MnistFile:
    """One of the four original files: its name (without ``.gz``), the hashes of its decompressed content
    (SHA-256 is checked; MD5 is listed because older references quote it) and the array shape it holds."""

    name: str
    sha256: str
    md5: str
    shape: tuple[int, ...]


MNIST_FILES: dict[str, MnistFile] = {
    "train-images": MnistFile(
        "train-images-idx3-ubyte",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "6bbc9ace898e44ae57da46a324031adb",
        (N_TRAIN, SIDE, SIDE),
    ),
    "train-labels": MnistFile(
        "train-labels-idx1-ubyte",
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "a25bea736e30d166cdddb491f175f624",
        (N_TRAIN,),
    ),
    "test-images": MnistFile(
        "t10k-images-idx3-ubyte",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "2646ac647ad5339dbf082846283269ea",
        (N_TEST, SIDE, SIDE),
    ),
    "test-labels": MnistFile(
        "t10k-labels-idx1-ubyte",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        "27ae3e4e09519cfbb04c329615203637",
        (N_TEST,),
    ),
}

# mlp/datasets/mnist.py -> the checkout's root is two levels above the package directory.
REPO_MNIST_DIR = Path(__file__).resolve().parents[2] / "data" / "mnist"


class ChecksumError(ValueError):
    """A data file is not the published one (its SHA-256 differs): corrupt, truncated or replaced."""


def mnist_info() -> dict[str, Any]:
    """Where MNIST comes from and under which terms: source, authors, licence, citation and file hashes."""
    return {
        "name": "MNIST",
        "source": MNIST_SOURCE,
        "authors": list(MNIST_AUTHORS),
        "license": MNIST_LICENSE,
        "license_url": MNIST_LICENSE_URL,
        "citation": MNIST_CITATION,
        "mirrors": list(DEFAULT_MIRRORS),
        "files": {f.name: {"sha256": f.sha256, "md5": f.md5, "shape": f.shape} for f in MNIST_FILES.values()},
        "train_size": N_TRAIN,
        "test_size": N_TEST,
        "image_shape": (SIDE, SIDE),
    }


def default_cache_dir() -> Path:
    """The user cache for MNIST: ``$XDG_CACHE_HOME/mlp/mnist``, or ``~/.cache/mlp/mnist`` when unset."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "mlp" / "mnist"


def _stored(directory: Path, name: str) -> Path | None:
    """The file for ``name`` in ``directory``: the ``.gz`` copy if present, else the raw one, else None."""
    for candidate in (directory / f"{name}.gz", directory / name):
        if candidate.is_file():
            return candidate
    return None


def _missing(directory: Path) -> list[MnistFile]:
    return [f for f in MNIST_FILES.values() if _stored(directory, f.name) is None]


def _mirror_list(mirrors: Sequence[str] | str | None) -> list[str]:
    """Base URLs to download from: the argument, else ``$MNIST_MIRRORS``, else :data:`DEFAULT_MIRRORS`."""
    if mirrors is None:
        mirrors = os.environ.get(MIRRORS_ENV) or DEFAULT_MIRRORS
    if isinstance(mirrors, str):
        mirrors = [m for m in re.split(r"[\s,]+", mirrors) if m]
    bases = list(mirrors)
    if not bases or not all(isinstance(m, str) for m in bases):
        raise ValueError(f"mirrors must be a non-empty list of base URLs, got {mirrors!r}")
    return [m if m.endswith("/") else m + "/" for m in bases]


def _as_directory(value: Any, name: str) -> Path:
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a directory path (str or pathlib.Path), got {type(value).__name__}")
    directory = Path(value).expanduser()
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"{name} must be a directory holding the MNIST files, but {directory} is a file")
    return directory


def find_mnist(
    path: PathLike | None = None,
    *,
    download: bool = True,
    mirrors: Sequence[str] | str | None = None,
    progress: bool | None = None,
) -> Path:
    """Return the directory holding all four MNIST files, downloading what is missing if allowed.

    The lookup order is the module's (``path``, ``$MNIST_DIR``, the repository's ``data/mnist``, the user
    cache, then a download into the user cache). This only locates files; :func:`load_mnist` verifies them.

    Raises:
        FileNotFoundError: files are missing and ``download=False``; the message says where it looked.
        DownloadError: files are missing and no mirror delivered a verified copy.
    """
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {download!r}")
    if path is not None:
        directory, origin = _as_directory(path, "path"), "the path argument"
    elif os.environ.get(DIR_ENV):
        directory, origin = _as_directory(os.environ[DIR_ENV], DIR_ENV), f"${DIR_ENV}"
    else:
        searched = [REPO_MNIST_DIR, default_cache_dir()]
        for candidate in searched:
            if not _missing(candidate):
                return candidate
        directory, origin = default_cache_dir(), "the user cache"

    missing = _missing(directory)
    if not missing:
        return directory
    if not download:
        names = ", ".join(f.name + "[.gz]" for f in missing)
        looked = (
            str(directory)
            if origin != "the user cache"
            else f"{REPO_MNIST_DIR} (the repository) and {directory} (the user cache)"
        )
        raise FileNotFoundError(
            f"MNIST files not found: {names} missing in {looked} (from {origin}). "
            "Call load_mnist(download=True) to fetch them, set MNIST_DIR to a directory that holds them, "
            "or pass path=..."
        )
    bases = _mirror_list(mirrors)
    for f in missing:
        download_file(
            [base + f.name + ".gz" for base in bases],
            directory / f"{f.name}.gz",
            f.sha256,
            gzip_content=True,
            progress=progress,
        )
    return directory


def _read_verified(file: Path, spec: MnistFile) -> np.ndarray:
    """The parsed, read-only array of ``file`` after checking its SHA-256; memoised per file version."""
    stat = file.stat()
    # The modification time and size are part of the key, so a replaced file is read (and checked) afresh.
    return _parse_cached(str(file.resolve()), stat.st_mtime_ns, stat.st_size, spec)


@functools.lru_cache(maxsize=8)
def _parse_cached(path: str, mtime_ns: int, size: int, spec: MnistFile) -> np.ndarray:
    content = read_bytes(path)
    actual = hashlib.sha256(content).hexdigest()
    if actual != spec.sha256:
        raise ChecksumError(
            f"{path} is not the original MNIST file {spec.name}: the SHA-256 of its decompressed content is "
            f"{actual}, expected {spec.sha256}. The file is corrupt, truncated or a different data set. "
            "Delete it and call load_mnist() again to download a fresh copy (or copy the original back)."
        )
    array = parse_idx(content, source=path)
    if array.shape != spec.shape or array.dtype != np.uint8:  # unreachable once the hash matched; cheap
        raise IDXFormatError(f"{path}: expected uint8 of shape {spec.shape}, got {array.dtype} {array.shape}")
    return array  # parse_idx returns it read-only, so no caller can alter the cached copy


def clear_cache() -> None:
    """Forget the parsed files kept in memory (the next :func:`load_mnist` reads the disk again)."""
    _parse_cached.cache_clear()


def _stratified_subset(labels: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices of ``n`` samples whose class counts differ by at most one (while a class has samples left).

    Shuffle everything, number the samples of each class 0, 1, 2, ... in shuffled order, then take samples
    by increasing number: first one of every class, then a second of every class, and so on. The result
    comes back in shuffled order, and a larger ``n`` with the same seed only adds samples.
    """
    order = rng.permutation(len(labels))
    rank = _rank_within_class(labels[order])
    chosen = np.sort(np.argsort(rank, kind="stable")[:n])  # lowest ranks first, then back to shuffled order
    return order[chosen]


def _check_count(value: Any, name: str, upper: int) -> int | None:
    if value is None:
        return None
    count = check_int(value, name)
    if not 1 <= count <= upper:
        raise ValueError(f"{name} must be between 1 and {upper} (or None for all), got {count}")
    return count


def _to_float(images: np.ndarray, index: np.ndarray | None, flatten: bool) -> np.ndarray:
    picked = images if index is None else images[index]
    # One pass, and always a new array: the cached uint8 original is never handed out.
    x = np.divide(picked, np.float32(255.0), dtype=np.float32)
    return x.reshape(len(x), SIDE * SIDE) if flatten else x.reshape(len(x), 1, SIDE, SIDE)


def load_mnist(
    path: PathLike | None = None,
    *,
    n_train: int | None = None,
    n_test: int | None = None,
    flatten: bool = True,
    seed: int = 0,
    download: bool = True,
    mirrors: Sequence[str] | str | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as ``((x_train, y_train), (x_test, y_test))``.

    Pixels are scaled as ``x = byte / 255``, so every value is in [0, 1] (0 = white paper, 1 = black ink).

    Args:
        path: the directory holding the four files; when None the module's lookup order applies.
        n_train: use a subset of this many training samples (1..60000); None for all 60,000 in file order.
        n_test: the same for the test set (1..10000; None for all 10,000).
        flatten: images as rows of 784 values (True) or as ``(n, 1, 28, 28)`` arrays (False).
        seed: seeds the subsets. A subset is stratified: every digit gets ``n // 10`` or ``n // 10 + 1``
            samples, drawn at random and returned in random order; the same seed gives the same subset,
            and a larger ``n`` with the same seed keeps the smaller subset and adds to it. The training
            and test subsets are drawn independently, so changing ``n_train`` leaves the test subset alone.
        download: fetch missing files from the mirrors (into the directory chosen by the lookup).
        mirrors: base URLs to download from instead of :data:`DEFAULT_MIRRORS` (or ``$MNIST_MIRRORS``).

    Returns:
        ``x_train`` float32 ``(n_train, 784)`` (or ``(n_train, 1, 28, 28)``), ``y_train`` int64 ``(n_train,)``
        with digits 0..9, and the same for the test set. The arrays are new and writable on every call:
        the parsed files are cached in memory (so a second call costs only the float conversion), but the
        cache holds read-only uint8 copies that callers never see.

    Raises:
        ValueError / TypeError: a bad argument (``n_train=0``, ``flatten="yes"``, ...).
        FileNotFoundError: files are missing and ``download=False``.
        ChecksumError: a file's decompressed content does not have the published SHA-256.
        DownloadError: files are missing and no mirror delivered them.
    """
    n_train = _check_count(n_train, "n_train", N_TRAIN)
    n_test = _check_count(n_test, "n_test", N_TEST)
    if not isinstance(flatten, (bool, np.bool_)):
        raise TypeError(f"flatten must be True or False, got {flatten!r}")
    seed = check_int(seed, "seed", minimum=0)

    directory = find_mnist(path, download=download, mirrors=mirrors)
    arrays = {
        key: _read_verified(_stored(directory, spec.name), spec)  # type: ignore[arg-type]
        for key, spec in MNIST_FILES.items()
    }

    splits = []
    for split, count, stream in (("train", n_train, 0), ("test", n_test, 1)):
        labels = arrays[f"{split}-labels"]
        # Separate streams per split, so the test subset does not depend on n_train.
        rng = np.random.default_rng((seed, stream))
        index = None if count is None else _stratified_subset(labels, count, rng)
        x = _to_float(arrays[f"{split}-images"], index, bool(flatten))
        y = (labels if index is None else labels[index]).astype(np.int64)
        splits.append((x, y))
    return splits[0], splits[1]
