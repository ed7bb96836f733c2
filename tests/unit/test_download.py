"""mlp.datasets.download against a throw-away HTTP server on 127.0.0.1: never the network."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

from mlp.datasets import DownloadError, download, load_mnist, sha256_of_file
from mlp.datasets import mnist as mnist_module

GOOD = b"the quick brown fox jumps over the lazy dog\n" * 2000
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()
GOOD_GZ = gzip.compress(GOOD, mtime=0)

# path -> (bytes served, behaviour); filled per test through the `server` fixture.
ROUTES: dict[str, tuple[bytes, str]] = {}


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves ROUTES; behaviours: "ok", "truncate" (promise everything, send half, hang up), "slow"."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        if path not in ROUTES:
            self.send_error(404, "Not Found")
            return
        body, behaviour = ROUTES[path]
        if behaviour == "slow":
            time.sleep(3.0)  # far beyond the 0.1 s timeouts below, so a busy machine cannot blur the line
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if behaviour == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def routes() -> Iterator[dict[str, tuple[bytes, str]]]:
    ROUTES.clear()
    yield ROUTES
    ROUTES.clear()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: the connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/file"


def test_good_file_downloads_and_verifies(base_url, routes, tmp_path):
    routes["/good.txt"] = (GOOD, "ok")
    dest = tmp_path / "sub" / "good.txt"
    assert download(f"{base_url}/good.txt", dest, GOOD_SHA) == dest
    assert dest.read_bytes() == GOOD
    assert sorted(p.name for p in dest.parent.iterdir()) == ["good.txt"]  # no temporary file left
    assert sha256_of_file(dest) == GOOD_SHA


def test_gzip_content_hash_is_of_the_decompressed_bytes(base_url, routes, tmp_path):
    routes["/good.txt.gz"] = (GOOD_GZ, "ok")
    dest = tmp_path / "good.txt.gz"
    download([f"{base_url}/good.txt.gz"], dest, GOOD_SHA.upper(), gzip_content=True)
    assert dest.read_bytes() == GOOD_GZ  # stored compressed
    assert sha256_of_file(dest, gzip_content=True) == GOOD_SHA


def test_corrupt_file_raises_and_leaves_nothing(base_url, routes, tmp_path):
    routes["/bad.txt"] = (GOOD[:-1] + b"!", "ok")
    with pytest.raises(DownloadError, match="SHA-256 mismatch") as info:
        download(f"{base_url}/bad.txt", tmp_path / "bad.txt", GOOD_SHA)
    assert GOOD_SHA in str(info.value) and f"{base_url}/bad.txt" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_connection_dropped_half_way_raises_and_leaves_nothing(base_url, routes, tmp_path):
    routes["/cut.txt"] = (GOOD, "truncate")
    with pytest.raises(DownloadError, match=f"after {len(GOOD) // 2} of {len(GOOD)} bytes"):
        download(f"{base_url}/cut.txt", tmp_path / "cut.txt", GOOD_SHA)
    assert list(tmp_path.iterdir()) == []


def test_truncated_gzip_without_length_check_is_caught(base_url, routes, tmp_path):
    routes["/cut.gz"] = (GOOD_GZ[: len(GOOD_GZ) // 2], "ok")  # a complete response of half a gzip file
    with pytest.raises(DownloadError, match="truncated"):
        download(f"{base_url}/cut.gz", tmp_path / "cut.gz", GOOD_SHA, gzip_content=True)
    assert list(tmp_path.iterdir()) == []


def test_not_gzip_when_gzip_expected(base_url, routes, tmp_path):
    routes["/plain"] = (GOOD, "ok")
    with pytest.raises(DownloadError, match="not valid gzip"):
        download(f"{base_url}/plain", tmp_path / "plain.gz", GOOD_SHA, gzip_content=True)
    assert list(tmp_path.iterdir()) == []


def test_first_mirror_fails_second_succeeds(base_url, routes, tmp_path):
    routes["/b/good.txt"] = (GOOD, "ok")
    dest = download([f"{base_url}/a/good.txt", f"{base_url}/b/good.txt"], tmp_path / "good.txt", GOOD_SHA)
    assert dest.read_bytes() == GOOD


def test_every_mirror_failing_lists_each_reason(base_url, routes, tmp_path):
    routes["/bad"] = (b"junk", "ok")
    routes["/cut"] = (GOOD, "truncate")
    refused = closed_port_url()
    urls = [f"{base_url}/missing", refused, f"{base_url}/bad", f"{base_url}/cut"]
    with pytest.raises(DownloadError) as info:
        download(urls, tmp_path / "f", GOOD_SHA)
    message = str(info.value)
    for url in urls:
        assert url in message
    assert "HTTP 404" in message and "cannot connect" in message and "SHA-256 mismatch" in message
    assert [url for url, _ in info.value.attempts] == urls
    assert list(tmp_path.iterdir()) == []


def test_failed_download_removes_the_folders_it_made(base_url, routes, tmp_path):
    with pytest.raises(DownloadError):
        download(f"{base_url}/missing", tmp_path / "a" / "b" / "f", GOOD_SHA)
    assert list(tmp_path.iterdir()) == []


def test_failed_download_keeps_the_existing_file(base_url, routes, tmp_path):
    dest = tmp_path / "keep.txt"
    dest.write_bytes(b"old")
    with pytest.raises(DownloadError):
        download(f"{base_url}/missing", dest, GOOD_SHA)
    assert dest.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [dest]


def test_timeout_moves_on_to_the_next_mirror(base_url, routes, tmp_path):
    routes["/slow"] = (GOOD, "slow")
    routes["/fast"] = (GOOD, "ok")
    start = time.perf_counter()
    download([f"{base_url}/slow", f"{base_url}/fast"], tmp_path / "f", GOOD_SHA, timeout=0.1)
    assert time.perf_counter() - start < 2.0, "the slow mirror was waited for instead of abandoned"


def test_timeout_is_reported(base_url, routes, tmp_path):
    routes["/slow"] = (GOOD, "slow")
    with pytest.raises(DownloadError, match="timed out"):
        download(f"{base_url}/slow", tmp_path / "f", GOOD_SHA, timeout=0.1)


def test_progress_bar_with_tqdm_and_plain_fallback(base_url, routes, tmp_path, monkeypatch, capsys):
    pytest.importorskip("tqdm")
    monkeypatch.delenv("MLP_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    routes["/good.txt"] = (GOOD, "ok")
    download(f"{base_url}/good.txt", tmp_path / "a", GOOD_SHA, progress=True)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # makes `from tqdm.auto import tqdm` fail
    download(f"{base_url}/good.txt", tmp_path / "b", GOOD_SHA, progress=True)
    assert "100%" in capsys.readouterr().err
    download(f"{base_url}/good.txt", tmp_path / "c", GOOD_SHA)  # auto: stderr is not a terminal here
    assert capsys.readouterr().err == ""


def test_progress_is_quiet_under_ci(base_url, routes, tmp_path, monkeypatch, capsys):
    routes["/good.txt"] = (GOOD, "ok")
    monkeypatch.delenv("MLP_PROGRESS", raising=False)
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    download(f"{base_url}/good.txt", tmp_path / "a", GOOD_SHA)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"url_list": []}, ValueError, "url_list is empty"),
        ({"url_list": ["ftp://127.0.0.1/x"]}, ValueError, "http"),
        ({"url_list": ["file:///etc/passwd"]}, ValueError, "http"),
        ({"url_list": [3]}, TypeError, "URL strings"),
        ({"sha256": "abc"}, ValueError, "64 hexadecimal"),
        ({"sha256": "z" * 64}, ValueError, "64 hexadecimal"),
        ({"sha256": None}, TypeError, "sha256"),
        ({"timeout": 0}, ValueError, "timeout"),
        ({"timeout": "10"}, TypeError, "timeout"),
        ({"progress": "yes"}, TypeError, "progress"),
        ({"gzip_content": 1}, TypeError, "gzip_content"),
    ],
)
def test_bad_arguments(tmp_path, kwargs, error, match):
    args = {"url_list": ["http://127.0.0.1:9/x"], "dest": tmp_path / "x", "sha256": GOOD_SHA}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        download(**args)
    assert list(tmp_path.iterdir()) == []


# --- load_mnist fetching from the local server --------------------------------------------------------


@pytest.fixture(scope="module")
def mnist_routes() -> dict[str, tuple[bytes, str]]:
    repo = mnist_module.REPO_MNIST_DIR
    files = {f.name: repo / f"{f.name}.gz" for f in mnist_module.MNIST_FILES.values()}
    if not all(p.is_file() for p in files.values()):
        pytest.skip(f"the original MNIST files are not in {repo}")
    return {f"/mirror/{name}.gz": (p.read_bytes(), "ok") for name, p in files.items()}


@pytest.fixture()
def empty_lookup(tmp_path, monkeypatch) -> Path:
    """No repository data, no MNIST_DIR, an empty user cache under tmp_path: load_mnist must download."""
    monkeypatch.setattr(mnist_module, "REPO_MNIST_DIR", tmp_path / "no-repo")
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.delenv("MNIST_MIRRORS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "mlp" / "mnist"


def test_load_mnist_downloads_into_the_user_cache(base_url, routes, mnist_routes, empty_lookup):
    routes.update(mnist_routes)
    mirrors = [f"{base_url}/dead-mirror", f"{base_url}/mirror"]  # the first one answers 404 for everything
    (x, y), (xt, yt) = load_mnist(n_train=100, n_test=50, mirrors=mirrors)
    assert x.shape == (100, 784) and yt.shape == (50,)
    names = sorted(p.name for p in empty_lookup.iterdir())
    assert names == sorted(f"{f.name}.gz" for f in mnist_module.MNIST_FILES.values())


def test_load_mnist_mirrors_from_environment(base_url, routes, mnist_routes, empty_lookup, monkeypatch):
    routes.update(mnist_routes)
    monkeypatch.setenv("MNIST_MIRRORS", f"{base_url}/dead, {base_url}/mirror/")
    (x, y), _ = load_mnist(n_train=10, n_test=10)
    assert np.bincount(y).tolist() == [1] * 10
    assert (empty_lookup / "train-images-idx3-ubyte.gz").is_file()


def test_load_mnist_download_failure_is_clear(base_url, routes, empty_lookup):
    with pytest.raises(DownloadError, match="every mirror failed"):
        load_mnist(mirrors=[f"{base_url}/nothing-here"])
    assert not empty_lookup.exists()  # not even the folders it would have made


def test_load_mnist_without_download_does_not_fetch(empty_lookup):
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_mnist(download=False)
