"""An engagement month after month through the batch: plan once, run each month, rerun, a changed export.

A generated client (Salesforce-style export, go-live April 2024) gets its plan at April 2024 from
the CLI; the batch runs May and June, reruns May, and reruns May again after one won deal's amount
changed in the export. The expected numbers are read from the raw ``Opportunity.csv`` with plain
pandas (won = ``IsWon``, dated by ``CloseDate``, summed ``Amount``); the targets by hand from that
baseline and the step-up rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hand_rules import LIFT, three_digits

from crmanalysis import batch as B
from crmanalysis.cli import main
from crmanalysis.history import month_meta, read_history

BASE = "2024-04"
WINDOW = ["2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
# notebooks 01 and 02 make the first numbers and the scores the history keeps; 03 and 04 add nothing to it
NOTEBOOKS = ("01_baseline", "02_targets")


def raw_revenue(path: Path) -> pd.Series:
    """Won amounts per close month, from the export as written."""
    o = pd.read_csv(path, dtype=str)
    won = o[o["IsWon"].str.lower() == "true"]
    amount = pd.to_numeric(won["Amount"])
    return amount.groupby(won["CloseDate"].str[:7]).sum()


@pytest.fixture(scope="module")
def engagement(tmp_path_factory):
    root = tmp_path_factory.mktemp("engagement")
    folder, out = root / "tinyco", root / "reports"
    run = CliRunner()
    res = run.invoke(main, ["generate", str(folder), "--size", "tiny", "--seed", "7", "--client-id", "tinyco"])
    assert res.exit_code == 0, res.output
    res = run.invoke(main, ["plan", str(folder / "client.yml"), "--baseline-month", BASE])
    assert res.exit_code == 0, res.output
    runs = {}

    def month(m: str, key: str) -> None:
        # the history is what these tests read: the two notebooks side by side, no PDF
        runs[key] = B.run_client(folder / "client.yml", out_root=out, month=m, notebooks=NOTEBOOKS, timeout=600,
                                 kernels=2, pdf=False)
        assert runs[key].status == "ok", runs[key].error
        runs[key + ".history"] = read_history(out, "tinyco")

    month("2024-05", "may")
    month("2024-06", "june")
    month("2024-05", "may again")
    # the client sends a corrected export: one won deal of May is worth 1,000 more (the first kept as it was)
    (root / "Opportunity.first.csv").write_bytes((folder / "Opportunity.csv").read_bytes())
    o = pd.read_csv(folder / "Opportunity.csv", dtype=str, keep_default_na=False)
    hit = o.index[(o["IsWon"] == "True") & o["CloseDate"].str.startswith("2024-05")][0]
    o.loc[hit, "Amount"] = f"{float(o.loc[hit, 'Amount']) + 1000:.2f}"
    o.to_csv(folder / "Opportunity.csv", index=False)
    month("2024-05", "may corrected")
    B.write_index(out)
    return root, out, runs


def _company_revenue(hist: pd.DataFrame, month: str) -> pd.Series:
    rows = hist[(hist["record"] == "score") & (hist["kpi"] == "new_revenue") & (hist["level"] == "company")
                & (hist["period"] == "M") & (hist["month"] == month)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_each_month_scores_against_the_plans_target(engagement):
    root, out, runs = engagement
    hist = runs["june.history"]
    assert sorted(hist["month"].unique()) == ["2024-05", "2024-06"]
    rev = raw_revenue(root / "Opportunity.first.csv")
    base = float(np.median(rev.reindex(WINDOW, fill_value=0.0)))
    for k, m in ((1, "2024-05"), (2, "2024-06")):
        row = _company_revenue(hist, m)
        assert row["target"] == three_digits(base * (1 + LIFT[k])), m        # the plan's, not recomputed
        assert row["value"] == pytest.approx(rev[m]), m
        assert row["score"] == pytest.approx(rev[m] / row["target"]), m
    # the first numbers are kept too, and the month's metadata says a plan set the targets
    assert (hist["record"] == "headline").any()
    assert month_meta(out, "tinyco", "2024-06")["plan"] == "tinyco.plan.yml"


def test_a_rerun_gives_the_same_numbers_and_a_changed_export_is_recomputed_and_said(engagement):
    _, out, runs = engagement
    first = runs["may.history"].query("month == '2024-05'").reset_index(drop=True)
    again = runs["may again.history"].query("month == '2024-05'").reset_index(drop=True)
    pd.testing.assert_frame_equal(first, again)
    assert runs["may again"].notice == ""
    fixed = runs["may corrected"]
    assert fixed.notice                                    # the report says the month was recomputed
    html = (Path(fixed.folder) / "report.html").read_text(encoding="utf-8")
    assert fixed.notice in html
    before = _company_revenue(runs["may again.history"], "2024-05")
    after = _company_revenue(runs["may corrected.history"], "2024-05")
    assert after["value"] - before["value"] == pytest.approx(1000.0)
    assert after["target"] == before["target"]             # the plan did not move with the data
    # the other month was not touched
    june = runs["may corrected.history"].query("month == '2024-06'").reset_index(drop=True)
    pd.testing.assert_frame_equal(june, runs["june.history"].query("month == '2024-06'").reset_index(drop=True))


def test_the_report_shows_the_plan_and_the_index_shows_progress(engagement):
    _, out, runs = engagement
    html = (Path(runs["june"].folder) / "report.html").read_text(encoding="utf-8")
    assert "These targets are suggestions" not in html
    assert "Progress against the plan" in html and "the plan raises it to" in html
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Progress against target" in index and "Tinyco" in index
    hist = runs["may corrected.history"]
    sc = hist[(hist["record"] == "score") & (hist["kpi"] == "new_revenue") & (hist["level"] == "company")
              & (hist["period"] == "M")]
    on = int((sc["score"] >= 1).sum())
    # "of 2 month(s)" read as a form to fill in; a single month is "of 1 month"
    assert f"on target {on} of 2 months" in index and "month(s)" not in index
    assert json.loads((Path(runs["june"].folder) / "run.json").read_text())["status"] == "ok"


def test_a_headline_note_is_kept_in_the_history_as_words_not_as_its_json():
    from crmanalysis.history import rows_from_results

    # as a recorded result reads back: the note of Zoho's pipeline, a snapshot of 13 October 2022
    results = {"01_baseline": {"headline": [{"kind": "sales", "kpi": "open_pipeline_value", "period": "2022-10",
                                             "unit": "money", "value": 620000.0,
                                             "note": {"key": "hl.as_of_day", "params": {"day": {"day": "2022-10-13"}}}},
                                            {"kind": "sales", "kpi": "deals_won", "period": "2022-10", "unit": "count",
                                             "value": 0.0, "note": ""}]}}
    rows = rows_from_results("2022-10", results, [])
    assert rows["text"].tolist() == ["13 October 2022", ""]


def test_the_history_keeps_a_status_as_page_one_shows_it():
    from crmanalysis.history import rows_from_results

    # Salesforce's March 2022: revenue US$136,000 against a usual month of US$3,717,466 (below a third), red at 3 %;
    # page 1 withheld the colour, the portfolio index drew the dot red. Deals won 40 of a usual 44 stays red, and a
    # rep's own score keeps its status
    cards = [{"kpi": "new_revenue", "unit": "money", "value": 136_000.0, "usual": 3_717_466.0},
             {"kpi": "deals_won", "unit": "count", "value": 40.0, "usual": 44.0}]
    scores = [{"kpi": k, "period": "M", "level": lv, "entity": e, "unit": "money", "actual": 1.0, "target": 2.0,
               "score": 0.5, "status": "red"} for k, lv, e in [("new_revenue", "company", "all"),
                                                               ("deals_won", "company", "all"),
                                                               ("new_revenue", "rep", "U1")]]
    rows = rows_from_results("2022-03", {"02_targets": {"cards": cards, "scores": scores}}, [])
    got = rows[rows["record"] == "score"][["kpi", "level", "status"]].values.tolist()
    assert got == [["new_revenue", "company", ""], ["deals_won", "company", "red"], ["new_revenue", "rep", "red"]]
    # a KPI a failed check doubts (RavenStack's MRR of stacked subscriptions) is kept without a colour too
    stacked = {"key": "check.contracts_stacked", "params": {}}
    mrr = [{**scores[0], "kpi": "mrr"}]
    rows = rows_from_results("2024-12", {"01_baseline": {"checks": [stacked]}, "02_targets": {"scores": mrr}}, [])
    assert rows.loc[rows["record"] == "score", "status"].tolist() == [""]
