"""The analysis notebooks: exactly one parameters cell, outputs cleared, and papermill runs with
non-default parameters recording the expected results (nbval runs the defaults, see pyproject)."""

import json

import nbformat
import pandas as pd
import papermill as pm
import pytest
from conftest import ROOT

from crmanalysis.notebook import read_results

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TRAINING = sorted((ROOT / "notebooks" / "training").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS + TRAINING, ids=lambda p: p.name)
def test_committed_clean_with_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for c in nb.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None


def _run(tmp_path, name, **params):
    out = tmp_path / name
    pm.execute_notebook(str(ROOT / "notebooks" / name), str(out), parameters=params, kernel_name="python3",
                        cwd=str(ROOT / "notebooks"), progress_bar=False)
    return read_results(out)


def test_baseline_notebook_other_client_month_and_language(sample_dir, tmp_path):
    r = _run(tmp_path, "01_baseline.ipynb", client_config=str(sample_dir / "polderbouw" / "client.yml"),
             month="2025-03", baseline_periods=4, language="nl")
    assert r["summary"]["client"] == "polderbouw" and r["summary"]["month"] == "2025-03"
    base = pd.DataFrame(r["baseline"])
    monthly = base[(base.period == "M") & (base.level == "company")]
    assert (monthly["n_periods"] <= 4).all() and (monthly["n_periods"] == 4).any()


def test_targets_notebook_uplift_parameter(sample_dir, tmp_path):
    r = _run(tmp_path, "02_targets.ipynb", client_config=str(sample_dir / "northwind" / "client.yml"),
             uplift=0.10, drill_months=12)
    tg = pd.DataFrame(r["targets"])
    row = tg[(tg.kpi == "new_revenue") & (tg.level == "company")].iloc[0]
    # money targets: baseline x 1.10 rounded to 3 significant digits
    assert row["target"] == pytest.approx(row["baseline"] * 1.10, rel=0.006)
    truth = json.loads((sample_dir / "northwind" / "ground_truth.json").read_text())["effects"]["weak_segment"]
    assert [s["segment"] for s in r["drill_path"]] == [truth["region"], truth["industry"], truth["product_group"]]
    assert f"{truth['region']} / {truth['industry']} / {truth['product_group']}" in r["red_segments"]
