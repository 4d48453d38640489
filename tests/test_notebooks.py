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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_section_is_explained_in_markdown_before_it_runs(path):
    # a reader in JupyterLab sees what each section asks before running it: the English text the section
    # shows when it runs, as the Markdown cell just above it (notebooks/explanations.py writes them)
    import importlib.util

    spec = importlib.util.spec_from_file_location("explanations", ROOT / "notebooks" / "explanations.py")
    ex = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ex)
    assert ex.out_of_step(path) == [], "run: python notebooks/explanations.py"
    nb = nbformat.read(path, as_version=4)
    opening = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and ex.text_key(c.source)]
    assert len(opening) >= 4
    for i in opening:
        above = nb.cells[i - 1]
        assert above.cell_type == "markdown" and above.metadata["text_key"] == ex.text_key(nb.cells[i].source)
        assert above.source.startswith("#") and "\n\n" in above.source      # a heading, then what it asks


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


def test_activity_notebook_other_window(sample_dir, tmp_path):
    r = _run(tmp_path, "03_activity_vs_progress.ipynb", client_config=str(sample_dir / "polderbouw" / "client.yml"),
             window_months=4, lag_months=12)
    truth = json.loads((sample_dir / "polderbouw" / "ground_truth.json").read_text())["effects"]
    assert truth["busy_rep"]["user_id"] in r["busy_without_progress"]
    assert r["flagged_agents"] == [truth["low_csat_agent"]["user_id"]]
    assert [x["lag"] for x in r["lags"]] == [0, 1, 2, 3]


def test_roi_notebook_no_uplift_client_and_attribution(sample_dir, tmp_path):
    r = _run(tmp_path, "04_roi.ipynb", client_config=str(sample_dir / "alpina" / "client.yml"), horizon_months=12)
    assert r["roi"]["demonstrable"] is False and r["roi"]["roi_pct"] is None
    assert "do not show a gain" in r["roi"]["verdict"]
    full = _run(tmp_path, "04_roi.ipynb", client_config=str(sample_dir / "polderbouw" / "client.yml"))
    half = _run(tmp_path, "04_roi.ipynb", client_config=str(sample_dir / "polderbouw" / "client.yml"),
                attribution_share=0.5)
    assert half["roi"]["gain"] == pytest.approx(full["roi"]["gain"] / 2)
    assert half["roi"]["roi_pct"] == pytest.approx((full["roi"]["gain"] / 2 - full["roi"]["cost_total"])
                                                   / full["roi"]["cost_total"] * 100)


def test_training_check_fails_on_wrong_or_missing_answers():
    from crmanalysis.training import check

    assert check(0.6, 6 / 10)
    with pytest.raises(AssertionError, match="not quite"):
        check(0.7, 0.6)
    with pytest.raises(AssertionError, match="no answer"):
        check(None, 1)
    with pytest.raises(AssertionError):
        check("U00002", "U00001")


@pytest.mark.parametrize("path", TRAINING, ids=lambda p: p.name)
def test_training_lessons_have_exercises_with_hidden_solutions_and_checks(path):
    nb = nbformat.read(path, as_version=4)
    solutions = [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert solutions and all(c.metadata["jupyter"]["source_hidden"] for c in solutions)
    checks = [c for c in nb.cells if c.cell_type == "code" and "check(" in c.source]
    assert len(checks) >= len(solutions)


def test_my_kpis_of_an_ended_month_show_its_actual_and_of_a_running_month_a_forecast(sample_dir, monkeypatch):
    import dataclasses

    from crmanalysis import notebook as N

    said = []
    monkeypatch.setattr(N, "md", said.append)
    client = N.open_client(sample_dir / "northwind" / "client.yml")
    tg = N.targets_of(client, 6, 0.05)
    assert client.window.complete                             # the export covers all of June 2025
    N.show_my_kpis(client, tg)
    assert set(client.tables) == {"cards_closed"} and said[0].startswith("June 2025 is over")
    # the same report with the data ending on 15 June: to date, and where the month will end
    mid = client.month_start + pd.Timedelta(days=14)
    running = dataclasses.replace(client, tables={}, window=dataclasses.replace(client.window, end_of_data=mid))
    cards = N.show_my_kpis(running, tg)
    assert set(running.tables) == {"cards"} and (cards["days_elapsed"] == 15).all() and len(said) == 2
    assert said[1].startswith("Each rep's row is his or her card for June 2025; each cell: month to date / target")


def test_suggested_targets_name_the_months_they_are_set_from(sample_dir):
    # page 1 said "5% better than the months before this one": which months, a director asked. Alpina has no
    # plan; its baseline is the 6 complete months before the report month (the notebook's default)
    from crmanalysis import notebook as N

    client = N.open_client(sample_dir / "alpina" / "client.yml")
    assert client.plan is None
    tg = N.targets_of(client, 6, 0.05)
    month = pd.Period(client.month, "M")
    first, last = (month - 6).strftime("%B %Y"), (month - 1).strftime("%B %Y")
    said = N.targets_sentence(client, 0.05, tg)
    assert f"{first} – {last}" in said and "5%" in said, said
    # the win rate's target starts from its rate over those months together, not from the median month: said
    rates = [k for k in dict.fromkeys(tg.loc[tg["period"] == "M", "kpi"]) if k in ("win_rate", "lead_conversion")]
    assert rates and "Rates and averages (" in said and "start from their value over those months together" in said, \
        said


def test_the_reps_who_moved_most_stand_under_a_line_that_says_what_they_are(sample_dir, monkeypatch):
    # Northwind's plan section ended in "Pieter Meyer: Deals won 6 in May 2025, 1 in June 2025." with no word of
    # what the list was, after the step-up sentences
    from crmanalysis import notebook as N

    said = []
    monkeypatch.setattr(N, "md", said.append)
    monkeypatch.setattr(N, "display", lambda obj: None)
    client = N.open_client(sample_dir / "northwind" / "client.yml")
    N.show_plan(client)
    movers = next(s for s in said if "in May 2025," in s)
    assert movers.startswith("The reps whose KPIs changed most from May 2025 to June 2025:\n\n- ")
    assert not any("in May 2025," in s for s in said if s is not movers)
    # a rep once, with each KPI that moved: Karin Peters stood in two bullets, one of them alone atop page 12
    names = [line[2:].split(":")[0] for line in movers.split("\n") if line.startswith("- ")]
    assert len(names) == len(set(names)) and len(names) >= 2, names
