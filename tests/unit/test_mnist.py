"""mlp.datasets.idx and mlp.datasets.mnist: the IDX parser, the real files, subsets, hashes, lookup order."""

from __future__ import annotations

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest

from mlp.datasets import (
    ChecksumError,
    IDXFormatError,
    clear_cache,
    default_cache_dir,
    find_mnist,
    load_mnist,
    mnist_info,
    parse_idx,
    read_idx,
    write_idx,
)
from mlp.datasets import mnist as mnist_module
from mlp.datasets.idx import read_bytes

REPO = mnist_module.REPO_MNIST_DIR
NAMES = [f.name for f in mnist_module.MNIST_FILES.values()]
HAVE_DATA = all((REPO / f"{name}.gz").is_file() for name in NAMES)
needs_data = pytest.mark.skipif(not HAVE_DATA, reason=f"the original MNIST files are not in {REPO}")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test may download from the internet or write to the real user cache."""
    monkeypatch.setenv("MNIST_MIRRORS", "http://127.0.0.1:9/")  # the discard port: refused at once
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("MNIST_DIR", raising=False)


def link_mnist(directory: Path) -> Path:
    """A directory holding the four real files (symbolic links, so nothing is copied)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        (directory / f"{name}.gz").symlink_to(REPO / f"{name}.gz")
    return directory


# --- the IDX parser --------------------------------------------------------------------------------------


def idx_bytes(type_code: int, shape: tuple[int, ...], body: bytes) -> bytes:
    """An IDX file built by hand from the format's definition (independent of write_idx)."""
    return bytes([0, 0, type_code, len(shape)]) + struct.pack(f">{len(shape)}I", *shape) + body


def test_parse_tiny_uint8_file():
    data = idx_bytes(0x08, (2, 3), bytes([0, 1, 2, 253, 254, 255]))
    array = parse_idx(data)
    assert array.dtype == np.uint8 and array.shape == (2, 3)
    np.testing.assert_array_equal(array, [[0, 1, 2], [253, 254, 255]])
    assert not array.flags.writeable


def test_parse_big_endian_int32_and_float32():
    ints = parse_idx(idx_bytes(0x0C, (3,), struct.pack(">3i", 1, -2, 70000)))
    np.testing.assert_array_equal(ints, [1, -2, 70000])
    assert ints.dtype == np.dtype("int32") and ints.dtype.isnative
    floats = parse_idx(idx_bytes(0x0D, (2,), struct.pack(">2f", 0.5, -1.25)))
    np.testing.assert_array_equal(floats, np.array([0.5, -1.25], dtype=np.float32))


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_write_then_read_round_trip(tmp_path, dtype, suffix):
    array = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
    path = tmp_path / f"x.idx{suffix}"
    write_idx(path, array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and back.shape == (2, 3, 4)
    np.testing.assert_array_equal(back, array)


@pytest.mark.parametrize(
    "data, match",
    [
        (b"", "only 0 byte"),
        (b"\x00\x00", "only 2 byte"),
        (b"\x01\x00\x08\x01" + b"\x00" * 8, "two zero bytes"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 8, "gzip"),
        (b"\x00\x00\x07\x01\x00\x00\x00\x01\x00", "unknown IDX type code 0x07"),
        (b"\x00\x00\x08\x00", "0 dimensions"),
        (b"\x00\x00\x08\x03\x00\x00\x00\x02", "truncated header"),
        (idx_bytes(0x08, (2, 3), bytes(5)), "truncated"),
        (idx_bytes(0x08, (2, 3), bytes(7)), "trailing bytes"),
        (idx_bytes(0x0B, (2,), bytes(3)), "truncated"),
    ],
)
def test_malformed_idx_names_the_file_and_the_problem(data, match):
    with pytest.raises(IDXFormatError, match=match) as info:
        parse_idx(data, source="some/file.idx")
    assert "some/file.idx" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_parse_idx_rejects_non_bytes():
    with pytest.raises(TypeError, match="bytes"):
        parse_idx("00 00 08 01")  # type: ignore[arg-type]


def test_read_truncated_and_invalid_gzip(tmp_path):
    whole = gzip.compress(idx_bytes(0x08, (100,), bytes(range(100))), mtime=0)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IDXFormatError, match="truncated") as info:
        read_idx(cut)
    assert str(cut) in str(info.value)
    junk = tmp_path / "junk.gz"
    junk.write_bytes(b"this is not gzip at all")
    with pytest.raises(IDXFormatError, match="not a valid gzip"):
        read_idx(junk)
    with pytest.raises(FileNotFoundError):
        read_idx(tmp_path / "missing.idx")


def test_write_idx_rejects_what_idx_cannot_hold(tmp_path):
    with pytest.raises(TypeError, match="int64"):
        write_idx(tmp_path / "a", np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError, match="dimensions"):
        write_idx(tmp_path / "b", np.uint8(3))


# --- the real files -----------------------------------------------------------------------------------------


@needs_data
def test_full_set_shapes_dtypes_ranges():
    (x, y), (xt, yt) = load_mnist()
    assert x.shape == (60000, 784) and x.dtype == np.float32
    assert y.shape == (60000,) and y.dtype == np.int64
    assert xt.shape == (10000, 784) and yt.shape == (10000,)
    assert x.min() == 0.0 and x.max() == 1.0 and xt.min() == 0.0 and xt.max() == 1.0
    assert set(np.unique(y)) == set(range(10)) == set(np.unique(yt))
    # Well-known facts about the original files.
    assert y[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert yt[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    raw = read_bytes(REPO / "train-images-idx3-ubyte.gz")
    assert raw[:16] == bytes.fromhex("00000803 0000ea60 0000001c 0000001c")
    assert x[0, 14 * 28 + 14] == raw[16 + 14 * 28 + 14] / np.float32(255)


@needs_data
def test_unflattened_images():
    (x, y), (xt, yt) = load_mnist(n_train=20, n_test=10, flatten=False)
    assert x.shape == (20, 1, 28, 28) and xt.shape == (10, 1, 28, 28)
    (xf, _), _ = load_mnist(n_train=20, n_test=10)
    np.testing.assert_array_equal(x.reshape(20, 784), xf)


@needs_data
def test_a_second_load_reuses_the_parsed_files():
    """Parsing happens once per process; speed itself is measured in benchmarks/, not asserted here."""
    clear_cache()
    load_mnist()
    parsed = mnist_module._parse_cached.cache_info()
    load_mnist()
    again = mnist_module._parse_cached.cache_info()
    assert again.misses == parsed.misses, "the second load parsed the files again"
    assert again.hits > parsed.hits


@needs_data
def test_returned_arrays_are_fresh_and_the_cache_is_safe():
    (x1, y1), _ = load_mnist(n_train=100, n_test=10)
    x1[:] = -1.0
    y1[:] = 99
    (x2, y2), _ = load_mnist(n_train=100, n_test=10)
    assert x2.min() >= 0.0 and y2.max() <= 9
    assert x2.flags.writeable and y2.flags.writeable
    before = mnist_module._parse_cached.cache_info().hits
    load_mnist(n_train=5, n_test=5)
    assert mnist_module._parse_cached.cache_info().hits >= before + 4  # no file parsed again
    cached = mnist_module._read_verified(
        REPO / "train-labels-idx1-ubyte.gz", mnist_module.MNIST_FILES["train-labels"]
    )
    assert not cached.flags.writeable
    with pytest.raises(ValueError):
        cached[0] = 3


# --- subsets ------------------------------------------------------------------------------------------


@needs_data
def test_subsets_are_reproducible_and_seeded():
    (a, ya), (at, yat) = load_mnist(n_train=500, n_test=100, seed=3)
    (b, yb), (bt, ybt) = load_mnist(n_train=500, n_test=100, seed=3)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    np.testing.assert_array_equal(at, bt)
    (c, yc), _ = load_mnist(n_train=500, n_test=100, seed=4)
    assert not np.array_equal(yc, ya)


@needs_data
def test_subsets_are_stratified_nested_and_independent():
    (_, y), (_, yt) = load_mnist(n_train=1003, n_test=50, seed=1)
    counts = np.bincount(y, minlength=10)
    assert counts.sum() == 1003 and counts.max() - counts.min() <= 1
    assert np.bincount(yt, minlength=10).tolist() == [5] * 10
    assert len(np.unique(y[:20])) > 3  # returned shuffled, not grouped by digit
    (x_small, _), _ = load_mnist(n_train=100, n_test=50, seed=1)
    (x_big, _), (_, yt_other) = load_mnist(n_train=1003, n_test=50, seed=1)
    # A larger subset contains the smaller one; the test subset ignores n_train.
    small_rows = {row.tobytes() for row in x_small}
    big_rows = {row.tobytes() for row in x_big}
    assert small_rows <= big_rows
    np.testing.assert_array_equal(yt, yt_other)


@needs_data
def test_subset_images_keep_their_labels():
    (x_full, y_full), _ = load_mnist()
    (x, y), _ = load_mnist(n_train=30, n_test=1, seed=7)
    row_sums = x_full.sum(axis=1)
    for image, label in zip(x, y):
        candidates = np.flatnonzero(row_sums == image.sum())
        matches = [i for i in candidates if np.array_equal(x_full[i], image)]
        assert matches and all(y_full[i] == label for i in matches)


@needs_data
def test_full_size_subset_is_a_permutation():
    (x, y), _ = load_mnist(n_train=60000, n_test=10)
    (_, y_full), _ = load_mnist()
    assert np.bincount(y).tolist() == np.bincount(y_full).tolist()
    assert not np.array_equal(y, y_full)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_train": 0}, ValueError, "n_train must be between 1 and 60000"),
        ({"n_train": 60001}, ValueError, "n_train"),
        ({"n_train": 10.0}, TypeError, "n_train must be an integer"),
        ({"n_train": True}, TypeError, "n_train"),
        ({"n_test": 0}, ValueError, "n_test must be between 1 and 10000"),
        ({"n_test": 10001}, ValueError, "n_test"),
        ({"n_test": "100"}, TypeError, "n_test"),
        ({"flatten": "yes"}, TypeError, "flatten"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"download": "no"}, TypeError, "download"),
        ({"path": 42}, TypeError, "path"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_mnist(**kwargs)


# --- hashes ---------------------------------------------------------------------------------------------


@needs_data
def test_hash_mismatch_names_file_hashes_and_remedy(tmp_path):
    directory = tmp_path / "mnist"
    directory.mkdir()
    for name in NAMES[:1] + NAMES[2:]:
        (directory / f"{name}.gz").symlink_to(REPO / f"{name}.gz")
    fake = directory / "train-labels-idx1-ubyte.gz"
    write_idx(fake, np.zeros(60000, dtype=np.uint8))  # well-formed, right shape, wrong content
    with pytest.raises(ChecksumError) as info:
        load_mnist(directory)
    message = str(info.value)
    expected = mnist_module.MNIST_FILES["train-labels"].sha256
    actual = hashlib.sha256(read_bytes(fake)).hexdigest()
    assert str(fake) in message and expected in message and actual in message
    assert "Delete it" in message
    assert isinstance(info.value, ValueError)


@needs_data
def test_replaced_file_is_checked_again(tmp_path):
    directory = link_mnist(tmp_path / "mnist")
    load_mnist(directory, n_train=10, n_test=10)
    labels = directory / "t10k-labels-idx1-ubyte.gz"
    labels.unlink()
    labels.write_bytes(gzip.compress(idx_bytes(0x08, (10000,), bytes(10000)), mtime=0))
    with pytest.raises(ChecksumError, match="t10k-labels"):
        load_mnist(directory, n_train=10, n_test=10)


@needs_data
def test_uncompressed_files_are_accepted(tmp_path):
    directory = tmp_path / "mnist"
    directory.mkdir()
    for name in NAMES:
        if "labels" in name:
            (directory / name).write_bytes(read_bytes(REPO / f"{name}.gz"))
        else:
            (directory / f"{name}.gz").symlink_to(REPO / f"{name}.gz")
    (_, y), (_, yt) = load_mnist(directory)
    assert y[:3].tolist() == [5, 0, 4] and yt[:3].tolist() == [7, 2, 1]


def test_mnist_info_credits_the_authors_and_licence():
    info = mnist_info()
    assert info["license"] == "CC BY-SA 3.0"
    assert {"Yann LeCun", "Corinna Cortes", "Christopher J. C. Burges"} == set(info["authors"])
    assert "LeCun" in info["citation"]
    assert info["files"]["train-images-idx3-ubyte"]["sha256"].startswith("ba891046")
    assert info["files"]["t10k-labels-idx1-ubyte"]["md5"] == "27ae3e4e09519cfbb04c329615203637"


# --- lookup order ---------------------------------------------------------------------------------------


@needs_data
def test_repository_data_is_found_by_default():
    assert find_mnist() == REPO


@needs_data
def test_environment_variable_beats_repository_data(tmp_path, monkeypatch):
    env_dir = link_mnist(tmp_path / "env")
    monkeypatch.setenv("MNIST_DIR", str(env_dir))
    assert find_mnist() == env_dir
    (_, y), _ = load_mnist(n_train=10, n_test=10)
    assert y.shape == (10,)


@needs_data
def test_explicit_path_beats_environment_variable(tmp_path, monkeypatch):
    env_dir = link_mnist(tmp_path / "env")
    arg_dir = link_mnist(tmp_path / "arg")
    monkeypatch.setenv("MNIST_DIR", str(env_dir))
    assert find_mnist(arg_dir) == arg_dir
    assert find_mnist(str(arg_dir)) == arg_dir


@needs_data
def test_repository_beats_user_cache_and_cache_is_next(tmp_path, monkeypatch):
    cache = link_mnist(default_cache_dir())
    assert cache == tmp_path / "xdg-cache" / "mlp" / "mnist"
    assert find_mnist() == REPO
    monkeypatch.setattr(mnist_module, "REPO_MNIST_DIR", tmp_path / "no-checkout")
    assert find_mnist() == cache


def test_incomplete_repository_data_is_skipped(tmp_path, monkeypatch):
    partial = tmp_path / "repo"
    partial.mkdir()
    write_idx(partial / "train-labels-idx1-ubyte.gz", np.zeros(3, dtype=np.uint8))
    monkeypatch.setattr(mnist_module, "REPO_MNIST_DIR", partial)
    with pytest.raises(FileNotFoundError) as info:
        find_mnist(download=False)
    message = str(info.value)
    assert str(partial) in message and str(default_cache_dir()) in message
    assert "train-images-idx3-ubyte" in message


def test_explicit_directory_is_final(tmp_path, monkeypatch):
    # A named directory without the files is an error, not a silent fall-back to the repository copy.
    with pytest.raises(FileNotFoundError, match="the path argument") as info:
        find_mnist(tmp_path / "empty", download=False)
    assert "t10k-labels-idx1-ubyte" in str(info.value)
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "also-empty"))
    with pytest.raises(FileNotFoundError, match=r"\$MNIST_DIR"):
        load_mnist(download=False)


def test_explicit_directory_download_failure_names_the_mirror(tmp_path):
    with pytest.raises(OSError, match="127.0.0.1:9"):
        load_mnist(tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()


def test_path_must_be_a_directory(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("hello")
    with pytest.raises(ValueError, match="is a file"):
        find_mnist(a_file)


def test_mirrors_argument_is_checked(tmp_path):
    with pytest.raises(ValueError, match="mirrors"):
        load_mnist(tmp_path / "fresh", mirrors=[])


def test_cache_directory_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "mlp" / "mnist"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec says: ignore relative paths
    assert default_cache_dir() == Path.home() / ".cache" / "mlp" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "mlp" / "mnist"
