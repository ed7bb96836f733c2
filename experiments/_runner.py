"""What every experiment script shares: the --full/quick switch, provenance, and writing results as JSON.

An experiment script looks like::

    from _runner import Experiment

    experiment = Experiment("seed000_widths", description="...")
    args = experiment.parse_args()            # --full, --out, --repeats ...
    rows = [...]                               # run the settings, collect plain numbers
    experiment.save({"settings": ..., "rows": rows})

``save`` writes ``experiments/results/<name>.json`` (``<name>-quick.json`` in quick mode) with a
``provenance`` block: the command, the git commit (and whether the tree had uncommitted changes), the
script's SHA-256 and whether that exact script is committed at that commit, the date, the Python, NumPy
and CPU, the thread count and the wall time. Results are plain JSON, never pickle.

The script hash is what lets a test prove that a committed result came from the committed script: the
commit alone cannot, because a run may start from a tree where the script was new or edited.

Bit-for-bit reproducible also means the same matrix-product code. OpenBLAS picks its kernels by CPU, and
kernels for different CPUs add the same float32 products in different orders (measured: on an AVX-512 CPU,
where OpenBLAS picks "SkylakeX", all four quick results drifted from the ones made with "Haswell"; seed 000's
quick test accuracy of RMSProp at h = 10 moved from 0.547 to 0.5695). So an experiment runs with one BLAS
thread and OpenBLAS's Haswell kernels (AVX2, which every x86-64 CPU of the last ten years has) unless its
environment says otherwise:
``Experiment()`` re-starts the script with ``OPENBLAS_CORETYPE`` and ``OPENBLAS_NUM_THREADS`` set, because
OpenBLAS reads them only when NumPy loads it. The provenance records the kernel and thread count used.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
ROOT = HERE.parent

# What every committed result was computed with (see the module docstring).
BLAS_SETTINGS = {"OPENBLAS_NUM_THREADS": "1"}
if platform.machine().lower() in ("x86_64", "amd64"):
    BLAS_SETTINGS["OPENBLAS_CORETYPE"] = "Haswell"


def pin_blas() -> None:
    """Re-start this script with ``BLAS_SETTINGS`` in its environment, unless they (or the caller's own
    values of those variables) are already there: OpenBLAS reads them once, when NumPy loads it."""
    missing = {name: value for name, value in BLAS_SETTINGS.items() if name not in os.environ}
    if not missing or os.name != "posix":
        return
    os.environ.update(missing)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas_threads() -> int | None:
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(name, "").isdigit():
            return int(os.environ[name])
    return None


def _blas_kernel() -> str | None:
    """The kernel family OpenBLAS chose (or was told to use) in this process, e.g. "Haswell" or "SkylakeX"."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    libraries = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.rsplit("/", 1)[-1]}
    for library in sorted(libraries):
        try:
            handle = ctypes.CDLL(library)
        except OSError:
            continue
        for symbol in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_",
                       "openblas_get_corename"):
            function = getattr(handle, symbol, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                name = function()
                return name.decode() if name else None
    return None


def script_record(script: Path) -> dict[str, Any]:
    """The script that produced a result: its path, its SHA-256, and whether HEAD holds exactly this file."""
    script = script.resolve()
    try:
        name = script.relative_to(ROOT).as_posix()
    except ValueError:
        name = str(script)
    tracked = _git("ls-files", "--error-unmatch", name) is not None
    unchanged = _git("diff", "--quiet", "HEAD", "--", name) is not None
    return {"script": name, "script_sha256": sha256_of(script),
            "script_committed": tracked and unchanged}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def provenance(started: float) -> dict[str, Any]:
    """Where and how a result was produced, so anyone can tell whether to trust or re-run it."""
    # Results are outputs, not code: another experiment writing its JSON meanwhile does not change this one.
    status = _git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)experiments/results")
    return {
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "commit": _git("rev-parse", "HEAD"),
        "uncommitted_changes": bool(status) if status is not None else None,
        "changed_files": [line.split(maxsplit=1)[-1] for line in status.splitlines()] if status else [],
        **script_record(Path(sys.argv[0])),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpu": _cpu_name(),
        "cpu_count": os.cpu_count(),
        "blas_threads": _blas_threads(),
        "blas_kernel": _blas_kernel(),
        "platform": platform.platform(),
        "wall_time_s": round(time.perf_counter() - started, 2),
    }


class Experiment:
    """One experiment script: its name, its command line, and where its results go."""

    def __init__(self, name: str, description: str) -> None:
        pin_blas()
        self.name = name
        self.description = description
        self.started = time.perf_counter()
        self.parser = argparse.ArgumentParser(description=description)
        self.parser.add_argument("--full", action="store_true",
                                 help="the paper's scale (slow); the default is a quick configuration")
        self.parser.add_argument("--out", type=Path, default=None,
                                 help="where to write the JSON (default: experiments/results/)")
        self.args: argparse.Namespace | None = None

    def parse_args(self, argv: list[str] | None = None) -> argparse.Namespace:
        self.args = self.parser.parse_args(argv)
        return self.args

    @property
    def mode(self) -> str:
        return "full" if self.args is not None and self.args.full else "quick"

    def path(self) -> Path:
        if self.args is not None and self.args.out is not None:
            return self.args.out
        suffix = "" if self.mode == "full" else "-quick"
        return RESULTS / f"{self.name}{suffix}.json"

    def save(self, results: dict[str, Any]) -> Path:
        """Write results + provenance as JSON, atomically (a temporary file renamed into place)."""
        record = {"experiment": self.name, "description": self.description, "mode": self.mode,
                  **results, "provenance": provenance(self.started)}
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(record, indent=1, default=_plain) + "\n")
        os.replace(tmp, path)
        print(f"wrote {path}")
        return path


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def load(name: str, mode: str = "full") -> dict[str, Any]:
    """Read a committed result, e.g. ``load("seed000_widths")`` (``mode="quick"`` for the quick one)."""
    path = RESULTS / (f"{name}.json" if mode == "full" else f"{name}-quick.json")
    return json.loads(path.read_text())
