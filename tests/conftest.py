"""Shared test set-up: headless plotting, and a quiet, deterministic environment."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("CI", "true")  # progress bars stay quiet in tests, as in CI
