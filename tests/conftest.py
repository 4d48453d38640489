"""Shared fixtures: synthetic clients generated once per session (deterministic seeds); the real-export runs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# keep the parquet cache of test runs out of the working tree (kernels started by tests inherit it)
os.environ.setdefault("CRMANALYSIS_CACHE", tempfile.mkdtemp(prefix="crmanalysis-cache-"))

from crmanalysis.samples.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def tiny():
    """A tiny client (8 reps, 900 opportunities) and its ground truth."""
    return generate(size="tiny", seed=7, client_id="tiny")


@pytest.fixture(scope="session")
def small():
    """A small client (12 reps, 4000 opportunities) and its ground truth."""
    return generate(size="small", seed=3, client_id="small")


@pytest.fixture(scope="session")
def sample_dir():
    """The built-in sample clients, northwind with its plan (made by `make test`'s set-up, or here if missing)."""
    from crmanalysis.cli import ensure_demo

    ensure_demo(ROOT / "data" / "sample")
    return ROOT / "data" / "sample"


REALDATA = ROOT.parent / "shared" / "realdata"
REALDATA_CONFIGS = sorted((ROOT / "tests" / "realdata").glob("*.yml"))
# the hand configs in tests/realdata/ read the exports where they lie, outside the configs' folder: allowed,
# as a consultant allows a shared drive with --allow-files (kernels and CLI processes inherit it)
os.environ.setdefault("CRMANALYSIS_ALLOW_FILES", str(REALDATA.resolve()))


@pytest.fixture(scope="session")
def realdata_batch(tmp_path_factory):
    """The batch over the hand config of every ../shared/realdata folder, once per test run: (out, id -> run)."""
    from crmanalysis import batch as B

    out = tmp_path_factory.mktemp("realdata-reports")
    runs = B.run_batch(REALDATA_CONFIGS, out_root=out, workers=2, progress=False, timeout=600)
    return out, {r.client_id: r for r in runs}


@pytest.fixture(scope="session")
def real_drafts(tmp_path_factory):
    """``crmanalysis init`` once per ../shared/realdata folder, unedited: folder name -> draft client.yml."""
    from click.testing import CliRunner

    from crmanalysis.cli import main

    root = tmp_path_factory.mktemp("drafts")
    out = {}
    for folder in sorted(p for p in REALDATA.iterdir() if p.is_dir()):
        out[folder.name] = root / folder.name / "client.yml"
        res = CliRunner().invoke(main, ["init", str(folder), "--out", str(out[folder.name])], catch_exceptions=False)
        assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="session")
def real_plans(real_drafts):
    """``crmanalysis plan`` on every draft, its baseline month two months before the report month.

    So the drafts' reports are the third month of an engagement (the hand configs' reports have no
    plan): folder name -> (exit code, output).
    """
    import pandas as pd
    from click.testing import CliRunner

    from crmanalysis.cli import main
    from crmanalysis.io import load_client
    from crmanalysis.notebook import default_month

    out = {}
    for name, cfg in real_drafts.items():
        data, _ = load_client(cfg)
        month = str(pd.Period(default_month(data), "M") - 2)
        res = CliRunner().invoke(main, ["plan", str(cfg), "--baseline-month", month])
        out[name] = (res.exit_code, res.output, month)
    return out


@pytest.fixture(scope="session")
def real_drafts_batch(real_drafts, real_plans, tmp_path_factory):
    """The batch over every draft (with its plan where one could be made), once per test run: (out, name -> run)."""
    from crmanalysis import batch as B

    out = tmp_path_factory.mktemp("draft-reports")
    runs = B.run_batch(list(real_drafts.values()), out_root=out, workers=2, progress=False, timeout=600)
    by_config = {Path(r.config).resolve(): r for r in runs}
    return out, {name: by_config[cfg.resolve()] for name, cfg in real_drafts.items()}
