"""Fetch a file from the first mirror that works, verify its SHA-256, and only then put it in place.

The steps, and why each one is there:

1. Try the mirrors in order; a mirror can be down, slow or serve a broken file, so one failure is no reason
   to give up while another mirror is left.
2. Stream the body into a temporary file *in the destination's directory*, hashing it on the way, so a
   large file never has to fit in memory and the final rename stays on one file system.
3. Compare the byte count with ``Content-Length`` (a connection that drops half-way is otherwise silent in
   ``urllib``) and the hash with the published one.
4. ``os.replace`` the temporary file onto the destination: atomic, so other code sees either no file or the
   complete, verified file, never half of one. On any failure the temporary file is deleted.

Only the standard library is used (``urllib``); the progress bar is ``tqdm``'s when it is installed, else a
plain percentage line.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Callable, Sequence, Union

from .._progress import progress_enabled
from .._validate import check_positive

__all__ = ["DownloadError", "download", "sha256_of_file"]

PathLike = Union[str, "os.PathLike[str]"]

_CHUNK_BYTES = 1 << 16
_USER_AGENT = "mlp-from-scratch (course data downloader; Python urllib)"


class DownloadError(OSError):
    """No mirror delivered a verified file; ``attempts`` holds ``(url, reason)`` for each one tried."""

    def __init__(self, message: str, attempts: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.attempts = list(attempts)


class _AttemptFailed(Exception):
    """One mirror failed for a reason we can state in a sentence."""


def sha256_of_file(path: PathLike, *, gzip_content: bool = False) -> str:
    """Return the hex SHA-256 of a file's bytes, or of its decompressed content when ``gzip_content``."""
    digest = hashlib.sha256()
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip_content else None
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK_BYTES), b""):
            digest.update(decompressor.decompress(chunk) if decompressor else chunk)
    if decompressor:
        digest.update(decompressor.flush())
    return digest.hexdigest()


class _Progress:
    """A tqdm bar when tqdm is installed, else a plain percentage line on stderr; no-op when disabled."""

    def __init__(self, enabled: bool, total: int | None, label: str) -> None:
        self.enabled, self.total, self.label = enabled, total, label
        self.done, self._last_percent = 0, -1
        self._bar: Any = None  # a tqdm bar, when one is drawn
        if not enabled:
            return
        try:
            from tqdm.auto import tqdm  # optional dependency: imported only when a bar is wanted
        except ImportError:
            return
        self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label, leave=False)

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
        elif self.total:
            percent = 100 * self.done // self.total
            if percent != self._last_percent:
                self._last_percent = percent
                print(f"\r{self.label}: {percent:3d}%", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled and self.total:
            print(file=sys.stderr, flush=True)


def _stream(
    response: Any,
    out: BinaryIO,
    label: str,
    gzip_content: bool,
    progress: bool,
) -> str:
    """Copy ``response`` into ``out``; return the SHA-256 (of the decompressed content when gzip)."""
    length_header = response.headers.get("Content-Length")
    total = int(length_header) if length_header and length_header.isdigit() else None
    digest = hashlib.sha256()
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip_content else None
    bar = _Progress(progress, total, label)
    try:
        while True:
            chunk = response.read(_CHUNK_BYTES)
            if not chunk:
                break
            out.write(chunk)
            bar.update(len(chunk))
            if decompressor is not None:
                try:
                    digest.update(decompressor.decompress(chunk))
                except zlib.error as error:
                    raise _AttemptFailed(f"the file is not valid gzip ({error})") from error
            else:
                digest.update(chunk)
    finally:
        bar.close()
    # urllib returns b"" when the server hangs up early instead of raising, so check the count ourselves.
    if total is not None and bar.done != total:
        raise _AttemptFailed(f"connection closed after {bar.done} of {total} bytes")
    if decompressor is not None:
        digest.update(decompressor.flush())
        if not decompressor.eof:
            raise _AttemptFailed(f"the gzip stream ends early (got {bar.done} bytes): the file is truncated")
    return digest.hexdigest()


def _try_one(
    url: str,
    dest: Path,
    sha256: str,
    timeout: float,
    gzip_content: bool,
    progress: bool,
    opener: Callable[..., Any],
) -> None:
    """Download ``url`` to a temporary file next to ``dest``, verify, and move it into place."""
    handle, temp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
            with opener(request, timeout=timeout) as response:
                actual = _stream(response, out, dest.name, gzip_content, progress)
        if actual != sha256:
            what = "decompressed content" if gzip_content else "file"
            raise _AttemptFailed(f"SHA-256 mismatch of the {what}: expected {sha256}, got {actual}")
        os.replace(temp, dest)
    except BaseException:
        temp.unlink(missing_ok=True)  # never leave a half-written or unverified file behind
        raise


def _reason(error: BaseException) -> str:
    """One short sentence for why a mirror failed."""
    if isinstance(error, _AttemptFailed):
        return str(error)
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return f"cannot connect ({error.reason})"
    if isinstance(error, TimeoutError):
        return "timed out"
    return f"{type(error).__name__}: {error}"


def download(
    url_list: Sequence[str] | str,
    dest: PathLike,
    sha256: str,
    *,
    timeout: float = 30.0,
    gzip_content: bool = False,
    progress: bool | None = None,
    opener: Callable[..., Any] | None = None,
) -> Path:
    """Download one file from the first mirror that delivers it intact.

    A file is accepted when ``sha256(content) == sha256`` where ``content`` is the file's bytes, or its
    gunzipped bytes when ``gzip_content=True`` (MNIST publishes hashes of the decompressed files, while the
    mirrors serve ``.gz``; the compressed file is what ends up at ``dest``).

    Args:
        url_list: full URLs of the same file, tried in order (a single string is one mirror). http(s) only.
        dest: where the verified file goes; its directory is created if needed. An existing file is
            replaced only once a download has been verified.
        sha256: the expected hex digest (64 hex characters, case-insensitive).
        timeout: seconds to wait for a connection or for the next chunk of data, per mirror.
        gzip_content: hash the decompressed content instead of the raw bytes (see above).
        progress: show a progress bar: True, False, or None for automatic (on a terminal, not under CI;
            ``MLP_PROGRESS=0/1`` overrides), as everywhere in ``mlp``.
        opener: the function that opens a request (``urllib.request.urlopen``); tests may replace it.

    Returns:
        ``dest`` as a ``Path``.

    Raises:
        ValueError / TypeError: a malformed argument (no URLs, a non-http URL, a bad hash, ...).
        DownloadError: every mirror failed; the message lists each URL and why it failed.
    """
    urls = [url_list] if isinstance(url_list, str) else list(url_list)
    if not urls:
        raise ValueError("url_list is empty; give at least one URL to download from")
    for url in urls:
        if not isinstance(url, str):
            raise TypeError(f"url_list must hold URL strings, got {type(url).__name__} {url!r}")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"url_list entries must be http:// or https:// URLs, got {url!r}")
    if not isinstance(sha256, str):
        raise TypeError(f"sha256 must be a hex string, got {type(sha256).__name__}")
    sha256 = sha256.lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError(f"sha256 must be 64 hexadecimal characters, got {sha256!r}")
    timeout = check_positive(timeout, "timeout")
    if not isinstance(gzip_content, bool):
        raise TypeError(f"gzip_content must be True or False, got {gzip_content!r}")
    show = progress_enabled(progress)  # the library-wide rule: a terminal, not CI, unless MLP_PROGRESS says
    open_url = opener if opener is not None else urllib.request.urlopen
    dest = Path(dest)
    created = [d for d in (dest.parent, *dest.parent.parents) if not d.exists()]
    dest.parent.mkdir(parents=True, exist_ok=True)

    attempts: list[tuple[str, str]] = []
    for url in urls:
        try:
            _try_one(url, dest, sha256, timeout, gzip_content, show, open_url)
            return dest
        except Exception as error:  # HTTP errors, timeouts, resets, bad data: note it, try the next mirror
            attempts.append((url, _reason(error)))
    for directory in created:  # innermost first: remove only the (still empty) folders made above
        try:
            directory.rmdir()
        except OSError:
            break
    tried = "\n".join(f"  - {url}: {why}" for url, why in attempts)
    what = "the SHA-256 of its decompressed content" if gzip_content else "its SHA-256"
    raise DownloadError(
        f"could not download {dest.name}; every mirror failed:\n{tried}\n"
        "Check your internet connection, or fetch the file by hand and place it at "
        f"{dest} ({what} must be {sha256}).",
        attempts,
    )
