"""Shared test set-up lives in the repository's root conftest.py (it also covers the notebooks nbval runs)."""
