"""Degradation matrix: a generated client with one thing missing at a time.

Every notebook must run on each variant and say what it cannot compute; the batch reports
such a client as "ok, with gaps" (listed in the index), never as failed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from notebook_checks import problems

from crmanalysis import batch as B
from crmanalysis.samples.exports import write_canonical
from crmanalysis.samples.synthetic import generate
from crmanalysis.schema import TABLES


def _keep(*names):
    return lambda t: {k: v for k, v in t.items() if k in names}


def _drop(name):
    return lambda t: {k: v for k, v in t.items() if k != name}


def _set(table, **cols):
    def f(t):
        df = t[table].copy()
        for c, v in cols.items():
            df[c] = v
        return {**t, table: df}
    return f


def _one_month(t):
    o = t["opportunities"]
    last = o["created_at"].max()
    start = last.to_period("M").to_timestamp()
    out = {}
    for name, df in t.items():
        dates = [c.name for c in TABLES[name] if c.dtype in ("date", "datetime") and c.name in df]
        if not dates or name in ("crm_costs",):
            out[name] = df
            continue
        d = df[dates[0]]
        out[name] = df[d.isna() | (d >= start)]
    return out


def _one_rep(t):
    rep = t["opportunities"]["owner_id"].mode().iloc[0]
    out = dict(t)
    for name in ("opportunities", "activities", "leads", "quotes"):
        if name in t:
            out[name] = t[name][t[name]["owner_id"] == rep]
    out["users"] = t["users"][t["users"]["user_id"] == rep]
    return out


def _date_only(t):
    out = {}
    for name, df in t.items():
        df = df.copy()
        for c in TABLES[name]:
            if c.dtype == "datetime" and c.name in df:
                df[c.name] = pd.to_datetime(df[c.name]).dt.normalize()
        out[name] = df
    return out


# name -> (change to the tables, change to the config)
VARIANTS = {
    **{f"without_{name}": (_drop(name), {}) for name in TABLES if name not in ("crm_costs",)},
    "opportunities_only": (_keep("opportunities"), {}),
    "cases_only": (_keep("cases"), {}),
    "leads_only": (_keep("leads"), {}),
    # a dialer's call export: activities alone, dated or (every call's outcome unread) with no date at all
    "activities_only": (_keep("activities", "users"), {}),
    "activities_undated": (lambda t: _set("activities", created_at=pd.NaT, completed_at=pd.NaT, scheduled_at=pd.NaT)(
        _keep("activities", "users")(t)), {}),
    "deals_users_accounts": (_keep("opportunities", "users", "accounts"), {"go_live": None}),
    "no_go_live": (lambda t: t, {"go_live": None}),
    "no_go_live_nl": (lambda t: t, {"go_live": None, "language": "nl"}),
    "no_crm_costs": (_drop("crm_costs"), {}),
    "no_amounts": (_set("opportunities", amount=np.nan, cost=np.nan), {}),
    "one_month": (_one_month, {}),
    "all_deals_open": (_set("opportunities", status="open", close_date=pd.NaT), {}),
    "one_rep": (_one_rep, {}),
    "date_only_timestamps": (_date_only, {}),
}


# one client of each kind of document (sales, help desk, leads, calls), printed to PDF as well
PRINTED = ("opportunities_only", "cases_only", "leads_only", "activities_only", "one_month")


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    root = tmp_path_factory.mktemp("degrade")
    data, _ = generate(size="tiny", seed=11, client_id="base", months=30, start="2022-07-01")
    configs = []
    for name, (change, cfg_change) in VARIANTS.items():
        tables = change(dict(data.tables))
        folder = root / name
        files = {}
        for table, df in tables.items():
            write_canonical(df, folder / f"{table}.csv")
            files[table] = f"{table}.csv"
        cfg = {"client_id": name, "source": "canonical", "files": files, "currency": "EUR",
               "go_live": str(data.config.go_live), "profiles": data.config.profiles}
        cfg.update(cfg_change)
        cfg = {k: v for k, v in cfg.items() if v is not None}
        (folder / "client.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
        configs.append(folder / "client.yml")
    out = root / "reports"
    # the PDF is the same HTML printed: made for each kind of document, not for every variant of a sales client
    printed = [c for c in configs if c.parent.name in PRINTED]
    runs = B.run_batch([c for c in configs if c not in printed], out_root=out, workers=2, progress=False,
                       timeout=600, pdf=False)
    runs += B.run_batch(printed, out_root=out, workers=2, progress=False, timeout=600)
    return out, {r.client_id: r for r in runs}, data


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_notebook_runs_and_says_what_it_cannot_compute(matrix, variant):
    _, runs, _ = matrix
    run = runs[variant]
    assert run.status == "ok", f"{run.error} ({run.failing_notebook} {run.failing_cell})"
    assert problems(Path(run.folder)) == []
    assert (Path(run.folder) / "report.pdf").exists() == (variant in PRINTED), run.warnings
    assert (Path(run.folder) / "report.html").exists() and (Path(run.folder) / "kpis.xlsx").exists()


@pytest.mark.parametrize(("variant", "needs"), [
    ("without_activities", "needs activities"),
    ("cases_only", "needs deals"),
    ("leads_only", "needs deals"),
    ("no_go_live", "the date the CRM went live"),
    ("no_crm_costs", "the CRM's costs"),
    ("deals_users_accounts", "the date the CRM went live"),
])
def test_gaps_name_the_missing_data(matrix, variant, needs):
    out, runs, _ = matrix
    run = runs[variant]
    assert run.status_text == "ok, with gaps"
    assert any(needs in g for g in run.gaps), run.gaps
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ok, with gaps" in index


def test_the_index_says_why_there_is_no_roi_in_english_whatever_the_report_language(matrix):
    _, runs, _ = matrix
    en, nl = runs["no_go_live"], runs["no_go_live_nl"]
    assert en.roi_verdict.startswith("ROI verdict:") and "the date the CRM went live" in en.roi_verdict
    assert nl.roi_verdict == en.roi_verdict
    # the index is one page for every client: its gaps are English too, the same as the English client's
    assert nl.gaps == en.gaps and any("the date the CRM went live" in g for g in nl.gaps)


def test_sections_about_data_the_client_lacks_are_left_out_and_said_once_at_the_end(matrix):
    from bs4 import BeautifulSoup

    _, runs, _ = matrix
    html = (Path(runs["cases_only"].folder) / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one("section.limits").get_text(" ", strip=True)
    # a help desk without deals or activities: no heading over "Not shown", and the sales sections it cannot have
    # said in one line, not a line per missing kind of sales data
    assert "The sales sections (deals, leads, activities) are left out" in box
    assert "With deals" not in box and "With activities" not in box
    chapters = " ".join(c.get_text(" ") for c in soup.select("section.chapter"))
    assert "Not shown" not in chapters
    assert "revenue" not in chapters.split("Targets")[0].lower()      # its baseline speaks of cases


def test_cases_only_client_gets_its_service_baseline(matrix):
    from crmanalysis.notebook import read_results

    _, runs, data = matrix
    res = read_results(Path(runs["cases_only"].folder) / "01_baseline.ipynb")
    company = {r["kpi"]: r["median"] for r in res["baseline"] if r["level"] == "company"}
    # independently, with plain pandas: the 6 complete months before the report month, cases by closed_at
    month = pd.Period(res["summary"]["month"], "M")
    window = pd.period_range(month - 6, month - 1, freq="M")
    c = data.cases.assign(m=data.cases["closed_at"].dt.to_period("M"))
    c = c[c["m"].isin(window)]
    closed = c.groupby("m").size().reindex(window, fill_value=0)
    csat = c.dropna(subset=["csat"]).groupby("m")["csat"].mean().reindex(window)
    assert company["cases_closed"] == pytest.approx(closed.median())
    assert company["csat_mean"] == pytest.approx(csat.median())
    assert company.get("new_revenue") is None                       # no deals: not a zero


def test_an_activity_only_client_gets_a_report_on_its_activity(matrix):
    from report_checks import report_measures

    from crmanalysis.notebook import read_results

    _, runs, data = matrix
    folder = Path(runs["activities_only"].folder)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert report_measures(html)["cards"] >= 3
    assert "The export holds no deals" in html and "new revenue" not in html.split('class="toc"')[0].lower()
    # the calls card, counted independently: the completed calls of the cards' month, by their date
    res = read_results(folder / "01_baseline.ipynb")
    month = res["summary"]["month"]
    a = data.activities
    when = a["completed_at"].fillna(a["scheduled_at"])
    done = a["completed"].fillna(when <= data.span()[1]).astype(bool)
    calls = int(((a["type"] == "call") & done & (when.dt.strftime("%Y-%m") == month)).sum())
    assert f'<div class="label">Calls</div><div class="value">{calls:,}</div>' in html
