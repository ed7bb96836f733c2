"""A tiny progress bar: tqdm when it is installed and someone is watching, silence otherwise.

``fit`` asks :func:`progress_bar` for a bar and calls ``update``/``set_postfix``/``close`` on whatever it gets,
so the library never depends on tqdm. The default (``progress=None``) is decided here:

- ``MLP_PROGRESS=0`` or ``1`` in the environment wins (handy for a book build or a long experiment);
- under continuous integration (the ``CI`` variable is set) it is quiet;
- otherwise a bar is shown only in an interactive terminal. Notebooks stay quiet unless asked with
  ``progress=True``, so executed chapters (and the book built from them) hold no half-drawn bars.
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["progress_enabled", "progress_bar"]

_FALSE_WORDS = ("", "0", "false", "no", "off")


def progress_enabled(progress: bool | None = None) -> bool:
    """Decide whether to draw a progress bar.

    Args:
        progress: True or False forces the choice; None (the default) means "automatic" (see the module's notes).

    Returns:
        True if a bar should be drawn (it still needs tqdm to be installed).
    """
    if progress is not None:
        if not isinstance(progress, bool):
            raise TypeError(f"progress must be True, False or None, got {progress!r}")
        return progress
    forced = os.environ.get("MLP_PROGRESS")
    if forced is not None:
        return forced.strip().lower() not in _FALSE_WORDS
    if os.environ.get("CI", "").strip().lower() not in _FALSE_WORDS:
        return False
    stream = sys.stderr  # tqdm draws on stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class _QuietBar:
    """The do-nothing bar: same methods as tqdm's, no output."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix(self, values: dict[str, Any] | None = None, **kwargs: Any) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _QuietBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(total: int | None, *, desc: str = "", progress: bool | None = None) -> Any:
    """Return a progress bar for ``total`` steps: a ``tqdm.auto.tqdm`` or a silent stand-in.

    Args:
        total: the number of steps expected (None if unknown).
        desc: a short label shown before the bar.
        progress: True, False or None (automatic), as in :func:`progress_enabled`.

    Returns:
        An object with ``update(n)``, ``set_postfix(dict)`` and ``close()``.
    """
    if not progress_enabled(progress):
        return _QuietBar()
    try:
        from tqdm.auto import tqdm  # optional dependency, imported only when a bar is wanted
    except ImportError:
        return _QuietBar()
    return tqdm(total=total, desc=desc, leave=False, unit="it", dynamic_ncols=True)
