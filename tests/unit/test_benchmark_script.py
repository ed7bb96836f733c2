"""benchmarks/step_time.py runs and counts correctly. Nothing here asserts on wall time (that is its job)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "step_time.py"


@pytest.fixture(scope="module")
def step_time():
    spec = importlib.util.spec_from_file_location("step_time", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_useful_gemm_work_of_one_step(step_time) -> None:
    # forward x W, backward x^T g for every layer, g W^T for all but the first: 2 * n * (3 * sum - first)
    products = [784 * 500, 500 * 500, 500 * 500, 500 * 10]
    assert step_time.step_flops([784, 500, 500, 500, 10]) == 2 * 128 * (3 * sum(products) - products[0])


def test_median_over_quiet_blocks_only(step_time) -> None:
    samples = [(1.0, 0.0), (2.0, 0.01), (100.0, 0.5), (3.0, 0.0)]
    quiet = step_time.summarize(samples, quiet=0.05, want=3)
    assert quiet == {"seconds": 2.0, "quiet": 3, "blocks": 4, "busy": False}
    busy = step_time.summarize(samples, quiet=0.05, want=4)
    assert busy["busy"] and busy["seconds"] == 2.5  # too few quiet blocks: the median of all, marked busy


def test_script_runs_end_to_end() -> None:
    command = [sys.executable, str(SCRIPT), "--widths", "10", "--optimizers", "sgd", "--no-torch", "--rounds", "1",
               "--max-rounds", "1", "--block-time", "0.001", "--gap", "0"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "mlp/torch" in result.stdout and "GEMM rate" in result.stdout and "max frac" in result.stdout
    assert any(line.split()[:2] == ["10", "sgd"] for line in result.stdout.splitlines())
    assert "LeNet" in result.stdout  # the convolution row
