"""Every experiment's committed quick result is what its committed script produces now.

Each script in experiments/ (not starting with "_") is run in quick mode into a temporary file, and the
numbers are compared with experiments/results/<name>-quick.json. Wall times, memory readings and the
provenance block differ from machine to machine, so keys that name them are left out of the comparison;
everything else (losses, accuracies, settings) must agree to 1e-6 relative. The scripts run with the BLAS
settings the committed results were made with (``experiments/_runner.py`` pins them; see there why). A
script must also have a committed full result, which the chapters show, and that result's provenance must
name the SHA-256 of the script as committed now, run from a clean tree.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPERIMENTS = ROOT / "experiments"
SCRIPTS = sorted(p for p in EXPERIMENTS.glob("*.py") if not p.name.startswith("_"))
VOLATILE = ("time", "seconds", "memory", "bytes", "provenance", "_s", "_ms", "rss")


def _volatile(key: str) -> bool:
    key = key.lower()
    return key == "provenance" or any(word in key for word in VOLATILE if word not in ("_s", "_ms")) \
        or key.endswith(("_s", "_ms"))


def _compare(ours, theirs, where: str) -> list[str]:
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            return [f"{where}: expected an object"]
        problems = []
        for key in sorted(set(theirs) | set(ours)):
            if _volatile(key):
                continue
            if key not in ours or key not in theirs:
                problems.append(f"{where}.{key}: present in only one of the two results")
                continue
            problems += _compare(ours[key], theirs[key], f"{where}.{key}")
        return problems
    if isinstance(theirs, list):
        if not isinstance(ours, list) or len(ours) != len(theirs):
            return [f"{where}: lists differ in length"]
        return [p for i, (a, b) in enumerate(zip(ours, theirs)) for p in _compare(a, b, f"{where}[{i}]")]
    if isinstance(theirs, float) or isinstance(ours, float):
        if theirs is None or ours is None:
            return [] if theirs is ours else [f"{where}: {ours} != {theirs}"]
        if math.isnan(theirs) and math.isnan(ours):
            return []
        return [] if math.isclose(ours, theirs, rel_tol=1e-6, abs_tol=1e-9) else [f"{where}: {ours} != {theirs}"]
    return [] if ours == theirs else [f"{where}: {ours!r} != {theirs!r}"]


def test_there_are_experiments_or_none_are_expected() -> None:
    for script in SCRIPTS:
        assert (EXPERIMENTS / "results" / f"{script.stem}.json").is_file(), (
            f"{script.name} has no committed full result (run it with --full and commit results/{script.stem}.json)")


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_quick_run_reproduces_the_committed_numbers(script: Path, tmp_path: Path) -> None:
    committed = EXPERIMENTS / "results" / f"{script.stem}-quick.json"
    assert committed.is_file(), f"commit the quick result: python experiments/{script.name}"
    out = tmp_path / "quick.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "MPLBACKEND": "Agg"}
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        env.pop(name, None)  # the runner's own settings, not whatever this shell has
    result = subprocess.run([sys.executable, str(script), "--out", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    ours, theirs = json.loads(out.read_text()), json.loads(committed.read_text())
    kernels = ours["provenance"].get("blas_kernel"), theirs["provenance"].get("blas_kernel")
    problems = _compare(ours, theirs, script.stem)
    assert not problems, f"BLAS kernels (this run, committed): {kernels}\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_full_result_came_from_the_committed_script(script: Path) -> None:
    """The quick test re-runs the quick mode; the full mode is too slow for that, so its provenance must
    show that the very script now committed, unedited, produced the committed full numbers."""
    full = EXPERIMENTS / "results" / f"{script.stem}.json"
    provenance = json.loads(full.read_text())["provenance"]
    assert provenance.get("script_sha256") == hashlib.sha256(script.read_bytes()).hexdigest(), (
        f"{full.name} was not produced by the committed {script.name}: re-run it with --full and commit the result")
    assert provenance.get("script_committed") is True, (
        f"{full.name} was produced by a script that was not committed at the time: commit it, then re-run --full")
    assert provenance.get("uncommitted_changes") is False, f"{full.name} was produced from a tree with changes"
