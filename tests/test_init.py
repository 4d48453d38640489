"""`crmanalysis init`: a folder of exports in, a reviewed-ready client.yml out.

The drafts are judged against what the exports hold (tests/vendor_fixtures.py EXPECTED, read off
the fixture rows by hand) and, for the real exports, against the hand-written configs in
tests/realdata/: the same rows kept per table, and the mapped columns agreeing with the hand
ones (bench/init_accuracy.py measures the same over every folder).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from report_checks import report_defects
from vendor_fixtures import EXPECTED, exports_only

from crmanalysis import batch as B
from crmanalysis import kpis as K
from crmanalysis.cli import main
from crmanalysis.io import load_client

HERE = Path(__file__).resolve().parent
REALDATA = HERE.parent.parent / "shared" / "realdata"
needs_realdata = pytest.mark.skipif(not REALDATA.is_dir(), reason=f"real exports not present at {REALDATA}")


def _init(*args: str):
    return CliRunner().invoke(main, ["init", *args], catch_exceptions=False)


def _drafted(folder: Path, name: str, rows: list[str]):
    """(draft text, data, ingest report) of *rows* written as *name* in a new *folder*, drafted and loaded."""
    folder.mkdir()
    text = _draft(folder, name, rows)
    data, report = load_client(folder / "client.yml", cache=False)
    return text, data, report


def _october(data, kpis: list[str]) -> pd.Series:
    """The KPIs' values in October 2026 (the month the tests' exports report on), by KPI id."""
    got = K.compute(data, kpis, period="M")
    return got[got["period"].astype(str) == "2026-10"].set_index("kpi")["value"]


def _opened_and_first_closed(data, opened: list[str], closed: str) -> None:
    """The cases' opening times are *opened*, the first one's closing time *closed*."""
    assert data.cases["opened_at"].tolist() == [pd.Timestamp(x) for x in opened]
    assert data.cases["closed_at"].iloc[0] == pd.Timestamp(closed)


def _draft(folder: Path, name: str, rows: list[str]) -> str:
    """*rows* written as the folder's export *name*, drafted by ``init``: the draft's text."""
    (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = _init(str(folder))
    assert res.exit_code == 0, res.output
    return (folder / "client.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_draft_reads_every_vendor_export_completely(name, tmp_path):
    folder = exports_only(name, tmp_path)
    res = _init(str(folder))
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output and "draft written to" in res.output
    kept, excluded, statuses, total = EXPECTED[name]
    data, report = load_client(folder / "client.yml", cache=False)
    acc = report.accounting()
    assert acc["reconciles"].all()
    assert acc.groupby("table")["rows_kept"].sum().to_dict() == kept
    assert int(acc["rows_rejected"].sum()) == 0 and int(acc["rows_excluded"].sum()) == excluded
    assert data.opportunities["status"].tolist() == statuses
    assert data.opportunities["amount"].sum() == pytest.approx(total)


def test_a_known_export_needs_no_mapping_and_says_why(tmp_path):
    folder = exports_only("zoho_potentials", tmp_path)
    _init(str(folder))
    text = (folder / "client.yml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    # Zoho's own object tables read all five files (Events are meetings, Calls calls): no mapping to review
    assert raw["source"] == "zoho" and "mapping" not in raw
    assert raw["files"]["activities"] == ["Calls.csv", "Events.csv", "Tasks.csv"]
    # each file says what it was recognised as and on what evidence
    assert "Events.csv: Zoho CRM Events → activities" in text and "next best" in text
    assert "REVIEW" in text and "go_live: null" in text
    data, _ = load_client(folder / "client.yml", cache=False)
    assert sorted(data.activities["type"]) == ["call", "meeting", "task", "task"]   # 1 call, 1 event, 2 tasks


def test_one_table_from_several_files_keeps_each_files_constants(tmp_path):
    # Calls.csv's owner column renamed "Owner": the vendor table no longer reads it, so the draft writes
    # a mapping for activities, and must still say that Events are meetings and Tasks tasks
    folder = exports_only("zoho_potentials", tmp_path)
    calls = folder / "Calls.csv"
    calls.write_text(calls.read_text(encoding="utf-8").replace("Call Owner Id", "Owner", 1), encoding="utf-8")
    assert _init(str(folder)).exit_code == 0
    raw = yaml.safe_load((folder / "client.yml").read_text(encoding="utf-8"))
    act = raw["mapping"]["activities"]
    assert act["files"] == {"Calls.csv": {"constants": {"type": "call"}},
                            "Events.csv": {"constants": {"type": "meeting"}},
                            "Tasks.csv": {"constants": {"type": "task"}}}
    data, report = load_client(folder / "client.yml", cache=False)
    assert report.totals()["rows_rejected"] == 0
    a = data.activities.set_index("activity_id")
    # the fixture: call zcrm_2001 by zcrm_u1, event zcrm_3001, tasks zcrm_4001 (completed) and zcrm_4002
    assert a["type"].to_dict() == {"zcrm_2001": "call", "zcrm_3001": "meeting", "zcrm_4001": "task",
                                   "zcrm_4002": "task"}
    assert a.loc["zcrm_2001", "owner_id"] == "zcrm_u1"


def test_init_never_overwrites_a_config_and_dry_run_writes_nothing(tmp_path):
    folder = exports_only("pipedrive_en", tmp_path)
    res = _init(str(folder), "--dry-run")
    assert res.exit_code == 0 and "source: pipedrive" in res.output
    assert not (folder / "client.yml").exists()
    assert _init(str(folder)).exit_code == 0
    before = (folder / "client.yml").read_text(encoding="utf-8")
    res = _init(str(folder))
    assert res.exit_code == 2
    assert f"{folder / 'client.yml'} exists; pass --force" in res.output
    assert (folder / "client.yml").read_text(encoding="utf-8") == before
    assert _init(str(folder), "--force").exit_code == 0
    # Pipedrive persons are recognised, and left out with the reason (no canonical table counts people)
    assert "# not used: persons.csv: Pipedrive persons: contact persons; no KPI" in before


def test_files_it_cannot_use_are_named_with_the_reason(tmp_path):
    folder = exports_only("hubspot_labels_de", tmp_path)
    (folder / "notes.csv").write_text("Farbe;Gewicht\nrot;3\n", encoding="utf-8")
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    _init(str(folder))
    text = (folder / "client.yml").read_text(encoding="utf-8")
    assert "# not used: notes.csv: not recognised" in text
    assert "# not used: broken.xlsx: cannot be read" in text


def test_a_folder_without_exports_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "readme.txt").write_text("hello\n", encoding="utf-8")
    res = _init(str(tmp_path))
    assert res.exit_code == 2
    assert "no export could be recognised" in res.output and "readme.txt" in res.output
    assert not (tmp_path / "client.yml").exists()


def test_drafts_run_all_four_notebooks_into_a_clean_report(tmp_path):
    configs = []
    for name in ("salesforce_export_service", "pipedrive_pt"):
        folder = exports_only(name, tmp_path)
        assert _init(str(folder)).exit_code == 0
        configs.append(folder / "client.yml")
    runs = B.run_batch(configs, out_root=tmp_path / "reports", workers=2, progress=False, timeout=600)
    for run in runs:
        assert run.status == "ok", f"{run.client_id}: {run.error} ({run.failing_notebook} {run.failing_cell})"
        html = (Path(run.folder) / "report.html").read_text(encoding="utf-8")
        assert report_defects(html, run.lang) == []


def _bench():
    spec = importlib.util.spec_from_file_location("init_accuracy", HERE.parent / "bench" / "init_accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["init_accuracy"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_drafted_columns_agree_with_the_hand_configs():
    # goals of the issue: of the columns a draft maps, >= 95 % as the hand config; of the hand
    # config's columns, >= 90 % found (over the fixtures, and the real exports when present)
    bench = _bench()
    rows = bench.measure()
    same = sum(r["same"] for r in rows)
    assert same / sum(r["draft"] for r in rows) >= bench.GOALS["precision"], [r["wrong"] for r in rows]
    assert same / sum(r["hand"] for r in rows) >= bench.GOALS["recall"], [r["missed"] for r in rows]


@needs_realdata
@pytest.mark.parametrize("hand", sorted((HERE / "realdata").glob("*.yml")), ids=lambda p: p.stem)
def test_drafts_of_the_real_exports_keep_the_rows_the_hand_configs_keep(hand, real_drafts):
    _, want = load_client(hand, cache=False)
    _, got = load_client(real_drafts[hand.stem], cache=False)
    w = want.accounting().groupby("table")[["rows_read", "rows_kept"]].sum()
    g = got.accounting().groupby("table")[["rows_read", "rows_kept"]].sum()
    assert got.accounting()["reconciles"].all()
    # every table the hand config reads, the draft reads, keeping at least as many rows
    missing = sorted(set(w.index) - set(g.index))
    assert missing == [], f"the draft reads no file for {missing}"
    short = w.join(g.add_suffix("_draft")).query("rows_kept_draft < rows_kept")
    assert short.empty, short


@needs_realdata
def test_drafts_of_every_real_export_run_end_to_end(real_drafts_batch):
    # the issue's bar: init, then report, with no edit in between, for every ../shared/realdata folder
    runs = list(real_drafts_batch[1].values())
    failed = {r.client_id: f"{r.error} ({r.failing_notebook} {r.failing_cell})" for r in runs if r.status != "ok"}
    assert failed == {}
    for run in runs:
        html = (Path(run.folder) / "report.html").read_text(encoding="utf-8")
        assert report_defects(html, run.lang) == [], run.client_id


def test_a_homegrown_dutch_crm_export_is_drafted_to_be_read_unedited(tmp_path):
    # a homegrown CRM in Dutch, no vendor's headers: the common words and the values together say id, won/lost
    # words, dates, amounts, owners and the currency; the draft reads it unedited
    rows = ["Nr;Klant;Fase;Bedrag;Datum;Datum afgerond;Verkoper;Munt",
            "X1;Acme;Gewonnen;1.500,50;03-01-2024;15-02-2024;Anna de Vries;BRL",
            "X2;Beta;Verloren;900,00;10-01-2024;01-03-2024;Bram Jansen;BRL",
            "X3;Core;Offerte;2.000,00;12-02-2024;;Anna de Vries;BRL",
            "X4;Dyna;Gewonnen;300,25;20-02-2024;28-03-2024;Bram Jansen;BRL"]
    text = _draft(tmp_path, "export_crm.csv", rows)
    # its Dutch words (Klant, Fase, Bedrag, Datum, Datum afgerond, Verkoper) now place most columns; the values
    # still give the id and the currency
    assert "currency: BRL" in text and "opportunity_id: Nr" in text
    data, report = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities.set_index("opportunity_id")
    # by hand: X1 and X4 won (1,500.50 + 300.25), X2 lost, X3 open; closed on 15 Feb, 1 and 28 Mar
    assert o["status"].to_dict() == {"X1": "won", "X2": "lost", "X3": "open", "X4": "won"}
    assert o.loc[o["status"] == "won", "amount"].sum() == pytest.approx(1800.75)
    assert o.loc["X4", "close_date"] == pd.Timestamp("2024-03-28")
    assert o.loc["X1", "created_at"] == pd.Timestamp("2024-01-03")
    assert set(o["owner_id"]) == {"Anna de Vries", "Bram Jansen"}


def test_a_column_whose_days_are_all_twelve_or_less_does_not_outvote_one_that_shows_the_order(tmp_path):
    # NYC 311: every "Created Date" of the sample falls on 1-3 March 2011 (03/01/2011 reads either way), the
    # "Closed Date" 03/14/2011 only month first. The draft wrote date_order: dmy (a tie of one ambiguous and one
    # plain vote, the first won), and read 1,996 cases of March as 462 of January and 1,494 of February
    rows = ["Unique Key,Created Date,Closed Date,Status",
            "1,03/01/2011 02:27:57 PM,03/14/2011 03:59:20 PM,Closed",
            "2,03/02/2011 10:41:13 AM,03/15/2011 04:14:19 PM,Closed",
            "3,03/03/2011 09:00:00 AM,03/28/2011 11:00:00 AM,Closed"]
    assert "date_order: dmy" not in _draft(tmp_path, "311.csv", rows)
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    # by hand: opened 1, 2 and 3 March; closed 14, 15 and 28 March
    assert data.cases["opened_at"].dt.strftime("%Y-%m-%d").tolist() == ["2011-03-01", "2011-03-02", "2011-03-03"]
    assert data.cases["closed_at"].dt.day.tolist() == [14, 15, 28]


def test_a_month_name_with_its_day_in_a_column_of_its_own_dates_each_row_on_its_day(tmp_path):
    # an ad platform's daily rows: "month" April/June without a year, "day" 1-31. Read by the month alone,
    # every June row fell on 1 June, so June looked like one day and the report took May as its month
    rows = ["month,day,campaign_number,cost,clicks",
            "April,19,camp 1,10.5,100", "April,30,camp 2,4.0,40", "June,5,camp 1,7.25,70", "June,30,camp 1,1.0,9"]
    text = _draft(tmp_path, "ads.csv", rows)
    assert "month: day" in text
    data, report = load_client(tmp_path / "client.yml", cache=False)
    spend = data.tables["marketing_spend"]
    # by hand: the draft assumes this year; the rows fall on 19 and 30 April, 5 and 30 June
    year = pd.Timestamp.today().year
    assert spend["month"].dt.strftime("%m-%d").tolist() == ["04-19", "04-30", "06-05", "06-30"]
    assert set(spend["month"].dt.year) == {year}


def test_a_call_logs_resolved_yes_no_column_is_drafted_as_its_status(tmp_path):
    # the call centre's log says per call "Resolved" Y or N and has no closing time; the draft left the column
    # unused, so its report had no resolved share where the hand-written mapping gives one
    rows = ["Call Id,Agent,Date,Time,Topic,Resolved,Satisfaction rating",
            "C1,Anna,2021-03-01,09:12:00,Billing,Y,4", "C2,Bram,2021-03-02,10:00:00,Billing,N,",
            "C3,Anna,2021-03-03,11:30:00,Login,Y,3", "C4,Bram,2021-03-04,12:45:00,Login,Y,5"]
    text = _draft(tmp_path, "support_log.csv", rows)
    assert "status: Resolved" in text and "status: {N: open, Y: closed}" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    # by hand: C2 open, the other three closed
    assert data.cases.set_index("case_id")["status"].to_dict() == {"C1": "closed", "C2": "open", "C3": "closed",
                                                                   "C4": "closed"}
    # a "Resolved" column that holds dates is no yes/no flag: it is not the status
    dated = [r.replace(",Y,", ",2021-03-09,").replace(",N,", ",2021-03-10,") for r in rows]
    (tmp_path / "d").mkdir()
    assert "status: Resolved" not in _draft(tmp_path / "d", "support_log.csv", dated)


def test_init_names_important_columns_it_left_unused(tmp_path):
    # a second date and a currency column that no canonical column of this object takes are named for review
    (tmp_path / "tickets.csv").write_text(
        "Ticket ID,Created,Status,Escalated on,Refund currency\nT1,2024-01-05,Open,2024-01-07,EUR\n"
        "T2,2024-01-06,Closed,2024-01-09,EUR\n", encoding="utf-8")
    assert _init(str(tmp_path)).exit_code == 0
    text = (tmp_path / "client.yml").read_text(encoding="utf-8")
    assert "look important" in text and "'Escalated on'" in text and "(currency codes)" in text


def test_title_case_picklist_phrases_are_not_taken_for_peoples_names(tmp_path):
    # X Education's "Lead Origin" (Landing Page Submission, API, Lead Add Form …) and Salesforce's LeadSource
    # (Web, Phone Inquiry, Partner Referral) read as "people's names": a file no header words describe would
    # have had one drafted as its owners. Here the owner column is the one of names; the phrases stay text
    from crmanalysis.io.guess import column_kinds

    origin = ["Landing Page Submission", "Lead Add Form", "Lead Import", "Quick Add Form", "API"] * 4
    source = ["Web", "Phone Inquiry", "Partner Referral", "Trade Show", "Word of mouth"] * 4
    owner = ["Anna de Vries", "Bram Jansen", "Carla Smit", "Dirk van Dam", "Eva Bakker"] * 4
    kinds = column_kinds(pd.DataFrame({"origin": origin, "source": source, "owner": owner, "_row": range(20)}))
    assert kinds == {"origin": "text", "source": "text", "owner": "name"}


def test_headers_with_a_date_preposition_or_a_unit_are_the_columns_they_name(tmp_path):
    # "Aangemaakt op" is the common word "aangemaakt" with the preposition of a date; "Kans (%)" and
    # "Bedrag (EUR)" are "kans" and "bedrag" with their unit: each is the column its word names
    rows = ["Titel;Klant;Fase;Bedrag (EUR);Verantwoordelijke;Aangemaakt op;Afgesloten op;Kans (%)",
            "D1;Acme;Gewonnen;1500,50;Anna de Vries;03/01/2024;15/02/2024;100",
            "D2;Beta;Verloren;900,00;Bram Jansen;10/01/2024;01/03/2024;0",
            "D3;Core;Offerte verstuurd;2000,00;Anna de Vries;12/02/2024;;50"]
    text = _draft(tmp_path, "deals.csv", rows)
    assert "created_at: Aangemaakt op" in text and "probability: Kans (%)" in text
    assert "amount: Bedrag (EUR)" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities.set_index("opportunity_id")
    # by hand: D1 created 3 January 2024, D3 on 12 February; D3's chance 50 %
    assert o.loc["D1", "created_at"] == pd.Timestamp("2024-01-03")
    assert o.loc["D3", "created_at"] == pd.Timestamp("2024-02-12")


def test_a_call_export_is_drafted_as_calls_not_as_subscriptions(tmp_path):
    # an Aircall-style call export: started_at / ended_at are a call's, not a subscription's start and end
    # (read without their "at" they are also the common words of one); the file's name says what each row is
    rows = ["id,direction,status,started_at,answered_at,ended_at,duration,user,tags",
            "1,outbound,answered,2024-03-01T09:00:00Z,2024-03-01T09:00:10Z,2024-03-01T09:05:00Z,290,Mila Jansen,demo",
            "2,inbound,missed,2024-03-01T10:00:00Z,,2024-03-01T10:00:30Z,0,Daan de Boer,",
            "3,outbound,answered,2024-03-04T11:00:00Z,2024-03-04T11:00:05Z,2024-03-04T11:10:00Z,595,Mila Jansen,"]
    text = _draft(tmp_path, "calls.csv", rows)
    assert "activities: calls.csv" in text and "contracts" not in text.split("mapping:")[0]
    assert "constants: {type: call}" in text and "scheduled_at: started_at" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    a = data.activities
    # by hand: three calls, two by Mila Jansen, dated 1, 1 and 4 March 2024; the missed one did not happen, and came
    # in: a customer's call, logged as another activity, no call a rep made
    assert a["type"].tolist() == ["call", "other", "call"]
    assert a["scheduled_at"].dt.day.tolist() == [1, 1, 4]
    assert a["completed"].tolist() == [True, False, True]
    # a dialer's durations are seconds: 290 s is 4.83 minutes, 595 s 9.92 (a typical value of 442.5 is no minutes)
    assert a["duration_min"].round(2).tolist() == [4.83, 0.0, 9.92]


def test_a_lead_file_that_says_conversion_in_its_status_converts_by_it(tmp_path):
    # no converted flag, no conversion date: the status "Converted" is the only word of it
    rows = ["Lead ID,Created,Source,Owner,Status",
            "L1,03-01-2024,Website,Eva,Converted", "L2,04-01-2024,Website,Bas,Contacted",
            "L3,05-01-2024,Event,Eva,Lost", "L4,20-01-2024,Event,Bas,converted"]
    text = _draft(tmp_path, "leads.csv", rows)
    assert "converted: Status" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    # by hand: L1 and L4 converted of the 4 leads of January 2024
    assert data.leads["converted"].tolist() == [True, False, False, True]


def test_amounts_written_with_their_currency_code_give_the_currency(tmp_path):
    # a Salesforce report of a multi-currency org writes "USD 1,500.00": the draft's currency is USD, not a
    # guess of EUR with "no currency in the exports"
    rows = ["Opportunity Owner,Opportunity Name,Stage,Amount,Close Date,Created Date",
            'Alex Kim,Opp 1,Closed Won,"USD 1,500.00",3/14/2024,2/1/2024',
            'Alex Kim,Opp 2,Closed Lost,"USD 900.00",3/20/2024,2/5/2024',
            'Sam Patel,Opp 3,Prospecting,"USD 2,000.50",4/30/2024,3/1/2024']
    text = _draft(tmp_path, "report1700000000000.csv", rows)
    assert "currency: USD" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    assert data.opportunities["amount"].tolist() == [1500.0, 900.0, 2000.5]
    # the currency in the amount's header: "Beløb (DKK)"
    dk = tmp_path / "dk"
    dk.mkdir()
    text = _draft(dk, "salgsmuligheder.csv", ["Salgsmulighed;Kunde;Status;Beløb (DKK);Oprettet;Lukket den",
                                             "S1;K1;Vundet;1.500,00;03-01-2024;15-02-2024",
                                             "S2;K2;Tabt;900,00;10-01-2024;01-03-2024"])
    assert "currency: DKK" in text and "closed_at: Lukket den" in text


def test_deals_in_several_currencies_are_all_kept_and_the_draft_asks_for_the_rates(tmp_path):
    rows = ["Deal - ID,Deal - Title,Deal - Value,Deal - Currency of Value,Deal - Owner,Deal - Status,"
            "Deal - Deal created,Deal - Won time",
            "1,A,1000,EUR,Ann,won,2024-03-01 09:00:00,2024-03-20 10:00:00",
            "2,B,500,USD,Ben,won,2024-03-02 09:00:00,2024-03-21 10:00:00",
            "3,C,800,EUR,Ann,open,2024-03-03 09:00:00,"]
    text = _draft(tmp_path, "deals.csv", rows)
    assert "currency: EUR" in text and "add fx_rates: {USD: <rate into EUR>}" in text
    data, report = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities.set_index("opportunity_id")
    # by hand: both won deals count; the dollar one without an amount until a rate is given
    assert (o["status"] == "won").sum() == 2 and report.totals()["rows_rejected"] == 0
    assert o.loc["1", "amount"] == 1000.0 and pd.isna(o.loc["2", "amount"])


def test_a_jira_service_desk_export_closes_its_issues_by_their_resolved_date(tmp_path):
    # Jira writes "01/May/25 12:05 AM"; its "Resolved" holds dates: the closing time, not a yes/no
    rows = ["Summary,Issue key,Issue id,Status,Priority,Assignee,Created,Updated,Resolved,Satisfaction rating",
            "Help,SD-1,10000,Resolved,High,Noa,01/May/25 9:05 AM,01/May/25 2:05 PM,01/May/25 1:05 PM,4",
            "Help,SD-2,10001,In Progress,Low,Pim,02/May/25 10:00 AM,03/May/25 10:00 AM,,"]
    text = _draft(tmp_path, "Jira.csv", rows)
    assert "closed_at: Resolved" in text and "opened_at: Created" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    c = data.cases.set_index("case_id")
    # by hand: SD-1 open from 9:05 to 13:05, four hours
    assert (c.loc["SD-1", "closed_at"] - c.loc["SD-1", "opened_at"]) == pd.Timedelta(hours=4)
    assert pd.isna(c.loc["SD-2", "closed_at"])


def test_a_spreadsheets_closed_column_of_dates_is_its_close_date_not_a_flag(tmp_path):
    # "Stage, Amount, Created, Closed" also name Bitrix24's columns, whose CLOSED is a Y/N flag; here Closed holds
    # Excel serial dates: 45552.6537 is 17 September 2024, 45536.8733 is 1 September 2024
    rows = ["Deal,Owner,Stage,Amount,Created,Closed",
            "D0,C D,Open,2956.0,45536.8733,", "D1,C D,Won,2417.0,45539.4041,45552.6537",
            "D2,A B,Lost,1200.0,45540.5,45560.25"]
    text = _draft(tmp_path, "deals.csv", rows)
    assert "closed_at: Closed" in text and "flags:" not in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities.set_index("opportunity_id")
    assert o.loc["D1", "close_date"] == pd.Timestamp("2024-09-17") and o.loc["D1", "status"] == "won"
    assert o.loc["D0", "created_at"].normalize() == pd.Timestamp("2024-09-01")


def test_a_stripe_subscription_export_gets_its_mrr_from_price_and_interval(tmp_path):
    rows = ["id,Customer ID,Plan,Interval,Amount,Currency,Status,Start (UTC),Ended At (UTC)",
            "sub_1,cus_1,Pro,month,79,usd,active,2024-01-05 10:00,",
            "sub_2,cus_2,Pro,year,790,usd,active,2024-01-10 10:00,",
            "sub_3,cus_3,Basic,month,29,usd,canceled,2024-01-12 10:00,2024-02-20 10:00"]
    text = _draft(tmp_path, "subscriptions.csv", rows)
    # Stripe writes its currency in lower case; the price is per interval, the MRR a month's share of it
    assert "currency: USD" in text and "mrr: {from: Amount, per: Interval}" in text
    assert "not found in the exports: mrr" not in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    assert data.contracts["mrr"].round(2).tolist() == [79.0, 65.83, 29.0]     # 790 / 12 = 65.83


def test_a_zendesk_export_with_more_columns_drafts_a_mapping_that_validates(tmp_path):
    # the built-in Zendesk mapping names its resolution time by three spellings; the draft names the one the file
    # has. "Assigned at" holds dates: it is no agent id, however much its name looks like "assigned to"
    # "First response at" is no Zendesk header: the draft writes a mapping, with the vendor's derived column
    rows = ["Id,Requester,Assignee,Group,Subject,Status,Priority,Via,Created at,Updated at,Assigned at,Solved at,"
            "Satisfaction Score,Reopens,First response at,Full resolution time in minutes",
            "101,x,Kim,Support,a,Solved,Normal,Mail,2024-03-01 09:00,2024-03-01 17:00,2024-03-01 09:20,"
            "2024-03-01 17:00,Good,0,2024-03-01 09:30,480",
            "102,y,Kim,Support,b,Solved,High,Web,2024-03-02 09:00,2024-03-02 10:00,2024-03-02 09:10,"
            "2024-03-02 10:00,Offered,1,2024-03-02 09:15,60",
            "103,z,Lee,Support,c,Open,Normal,Mail,2024-03-04 09:00,2024-03-04 09:00,2024-03-04 09:30,,Unoffered,0,,"]
    text = _draft(tmp_path, "export-2024-03-05-1422-123456-abcdef.csv", rows)
    assert "resolution_hours: {from: Full resolution time in minutes" in text
    assert "first_response_at: First response at" in text and "agent_id: Assigned at" not in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    c = data.cases
    # by hand: two tickets solved after 8 hours and 1 hour; the open one not
    assert ((c["closed_at"] - c["opened_at"]).dt.total_seconds() / 3600).tolist()[:2] == [8.0, 1.0]
    assert pd.isna(c["closed_at"].iloc[2]) and c["first_response_at"].notna().sum() == 2


def test_a_currency_written_by_its_name_is_its_iso_code(tmp_path):
    # Dynamics 365 writes the currency's name ("US Dollar"); page 1 had read "US DOLLAR103,392"
    rows = ["Topic,Potential Customer,Status,Est. Revenue,Actual Revenue,Created On,Actual Close Date,Owner,Currency",
            "O1,A,Won,1000,1100,1/5/2024 10:00 AM,2/1/2024,Nancy Davolio,US Dollar",
            "O2,B,Lost,500,,1/6/2024 11:00 AM,2/2/2024,Andrew Fuller,US Dollar",
            "O3,C,Won,800,900,1/7/2024 9:00 AM,2/3/2024,Nancy Davolio,Euro"]
    text = _draft(tmp_path, "My Opportunities.csv", rows)
    assert "currency: USD" in text and "add fx_rates: {EUR: <rate into USD>}" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities
    # by hand: the won dollar deal has its actual revenue (1,100), the lost one its estimate (500); the euro deal
    # has none until a rate is given
    assert o["currency"].tolist() == ["USD", "USD", "EUR"]
    assert o["amount"].tolist()[:2] == [1100.0, 500.0] and pd.isna(o["amount"].iloc[2])
    assert "amount: [Actual Revenue, Est. Revenue]" in text


def test_a_freshsales_deal_export_and_a_zoho_desk_ticket_export_are_read_whole(tmp_path):
    rows = ["Id,Name,Deal value,Deal stage,Sales owner,Created at,Closed date",
            "1,D1,1200,Won,Ravi,Tue Nov 04 2025 10:22:11 GMT+0000 (UTC),2025-11-20",
            "2,D2,800,Lost,Kate,Wed Nov 05 2025 11:00:00 GMT+0000 (UTC),2025-11-21",
            "3,D3,500,Demo,Ravi,Thu Nov 06 2025 12:00:00 GMT+0000 (UTC),"]
    text = _draft(tmp_path, "deals.csv", rows)
    assert "owner_id: Sales owner" in text and "created_at: Created at" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities
    assert o["owner_id"].tolist() == ["Ravi", "Kate", "Ravi"]
    assert o["created_at"].dt.day.tolist() == [4, 5, 6]
    desk = tmp_path / "desk"
    desk.mkdir()
    # Zoho Desk's happiness rating: Good, Okay, Bad (5, 3 and 1 on the 1-5 scale), blank where nobody answered
    text = _draft(desk, "Cases__1.csv", ["Ticket Id,Status,Ticket Owner,Created Time,Closed Time,Happiness Rating",
                                         "5001,Closed,Priya N,03 Mar 2025 09:00 AM,03 Mar 2025 01:00 PM,Good",
                                         "5002,Closed,Marco B,04 Mar 2025 09:00 AM,05 Mar 2025 09:00 AM,Bad",
                                         "5003,Closed,Priya N,05 Mar 2025 09:00 AM,05 Mar 2025 10:00 AM,Okay",
                                         "5004,Open,Lena K,06 Mar 2025 09:00 AM,,"])
    assert "csat: Happiness Rating" in text
    data, _ = load_client(desk / "client.yml", cache=False)
    assert data.cases["csat"].tolist()[:3] == [5.0, 1.0, 3.0] and pd.isna(data.cases["csat"].iloc[3])


def test_a_workbook_whose_sheets_are_tables_is_drafted_sheet_by_sheet(tmp_path):
    # a small firm's tracker: a "Read me" sheet first, then its deals and its activities
    deals = pd.DataFrame({"Deal": ["D1", "D2", "D3"], "Customer": ["C1", "C2", "C1"],
                          "Salesperson": ["Anna", "Ben", "Anna"], "Status": ["Won", "Lost", "Open"],
                          "Value (EUR)": [1000, 400, 700],
                          "Created": pd.to_datetime(["2025-03-01", "2025-03-04", "2025-03-09"]),
                          "Closed": pd.to_datetime(["2025-03-20", "2025-03-25", None])})
    acts = pd.DataFrame({"Date": pd.to_datetime(["2025-03-02", "2025-03-03", "2025-03-05", "2025-03-06"]),
                         "Salesperson": ["Anna", "Anna", "Ben", "Ben"],
                         "Activity": ["Call", "Meeting", "Call", "Visit"], "Customer": ["C1", "C1", "C2", "C3"]})
    with pd.ExcelWriter(tmp_path / "Sales tracker.xlsx") as w:
        pd.DataFrame({"Sales tracker": ["Owner: Anna"]}).to_excel(w, sheet_name="Read me", index=False)
        deals.to_excel(w, sheet_name="Deals", index=False)
        acts.to_excel(w, sheet_name="Activities", index=False)
    res = _init(str(tmp_path))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "client.yml").read_text(encoding="utf-8")
    assert "sheet: Deals" in text and "sheet: Activities" in text and "not used: Sales tracker.xlsx (Read me)" in text
    data, report = load_client(tmp_path / "client.yml", cache=False)
    # by hand: 3 deals (1,000 won), 4 activities of which 2 calls; Anna owns 2 deals and 2 activities
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert data.activities["type"].tolist() == ["call", "meeting", "call", "visit"]
    assert data.activities["owner_id"].tolist() == ["Anna", "Anna", "Ben", "Ben"]
    assert report.totals() == {"rows_read": 7, "rows_kept": 7, "rows_rejected": 0, "rows_excluded": 0}
    # a sheet the workbook does not have is named with the sheets it has
    bad = text.replace("sheet: Activities", "sheet: Activity")
    (tmp_path / "client.yml").write_text(bad, encoding="utf-8")
    _, report = load_client(tmp_path / "client.yml", cache=False)
    said = " ".join(i["message"] for i in report.issues if i["severity"] == "error")
    assert "no sheet 'Activity'; its sheets: Read me, Deals, Activities" in said


def test_an_activity_files_done_column_is_found_by_its_values(tmp_path):
    # a Pipedrive export in Dutch whose done column is headed "Gereed" (no list knows it): its values say it
    rows = ["Activiteit - ID;Activiteit - Type;Activiteit - Toegewezen aan gebruiker;Activiteit - Vervaldatum;"
            "Activiteit - Gereed",
            "1;Bellen;Sanne de Vries;03-03-2025;Gereed", "2;Bellen;Sanne de Vries;04-03-2025;Niet gereed",
            "3;Vergadering;Bram Jansen;05-03-2025;Gereed"]
    text = _draft(tmp_path, "activities-export.csv", rows)
    assert "completed: Activiteit - Gereed" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    # by hand: the second call was planned and not made
    assert data.activities["completed"].tolist() == [True, False, True]
    t = K.compute(data, ["sales_conversations"], period="M").set_index("period")["value"]
    assert t["2025-03"] == 2


def test_a_facebook_lead_ads_export_is_read_as_leads(tmp_path):
    # its campaign and platform columns look like ad spend; the file's name and its lead columns say leads
    rows = ["id\tcreated_time\tad_name\tcampaign_name\tform_name\tplatform\tfull_name\temail\tlead_status",
            "l:1\t2025-09-01T10:00:00+01:00\tAd A\tWinter\tOfferte\tfb\tA\ta@b.c\tCOMPLETE",
            "l:2\t2025-09-02T11:00:00+01:00\tAd B\tWinter\tOfferte\tig\tB\tb@b.c\tCREATED",
            "l:3\t2025-10-03T12:00:00+01:00\tAd A\tSpring\tOfferte\tfb\tC\tc@b.c\tCOMPLETE"]
    text = _draft(tmp_path, "Offerte aanvraag_leads_2025-09-01_2025-10-31.csv", rows)
    assert "  leads: " in text and "created_at: created_time" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    t = K.compute(data, ["new_leads"], period="M").set_index("period")["value"]
    assert t["2025-09"] == 2 and t["2025-10"] == 1


def test_a_call_exports_outcome_says_which_calls_were_conversations(tmp_path):
    # HubSpot's calls: every one "Completed" in its status, while its outcome says whether anyone answered;
    # its duration is written as HH:mm:ss
    rows = ["Record ID,Activity date,Activity assigned to,Call outcome,Call duration (HH:mm:ss),Call status",
            "1,2025-10-01 09:00,Jane Doe,Connected,00:05:12,Completed",
            "2,2025-10-01 10:00,Jane Doe,No answer,00:00:25,Completed",
            "3,2025-10-02 11:00,Ali Khan,Left voicemail,00:00:40,Completed",
            "4,2025-10-03 12:00,Ali Khan,Connected,00:12:00,Completed"]
    text = _draft(tmp_path, "hubspot-crm-exports-calls-2025-10-31.csv", rows)
    # the status its done column, the outcome beside it the call's result
    assert "completed: Call status" in text and "outcome: Call outcome" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    a = data.activities
    # by hand: 2 of the 4 calls connected; 5:12 is 5.2 minutes, 12:00 twelve
    assert a["completed"].tolist() == [True, False, False, True]
    assert a["duration_min"].round(2).tolist() == [5.2, 0.42, 0.67, 12.0]
    # a Salesforce activity report: "Assigned" is who did it, "Company / Account" the account
    sf = tmp_path / "sf"
    sf.mkdir()
    text = _draft(sf, "report1700000000001.csv", [
        "Assigned,Subject,Task/Event,Activity Type,Date,Status,Company / Account",
        "Alex Kim,x,Task,Call,3/4/2025,Completed,Acc 1", "Sam Patel,y,Event,Meeting,3/5/2025,,Acc 2",
        "Alex Kim,z,Task,Call,3/6/2025,Not Started,Acc 1"])
    assert "owner_id: Assigned" in text and "account_id: Company / Account" in text
    data, _ = load_client(sf / "client.yml", cache=False)
    assert data.activities["owner_id"].tolist() == ["Alex Kim", "Sam Patel", "Alex Kim"]


def test_a_pipelines_own_stages_are_read_as_won_and_lost_by_their_probability(tmp_path):
    # a HubSpot pipeline of its own stages: "Inked" and "Dead" are no words of any list; every inked deal has a
    # probability of 1.0 and every dead one 0.0
    rows = ["Record ID,Deal Name,Deal Stage,Deal probability,Amount,Create Date,Close Date,Deal owner",
            "1,A,Inked,1.0,1000,2025-03-01 10:00,2025-03-20 10:00,Eva", "2,B,Dead,0.0,500,2025-03-02 10:00,"
            "2025-03-21 10:00,Tom", "3,C,Quote sent,0.4,700,2025-03-03 10:00,2025-04-30 10:00,Eva",
            "4,D,Inked,1.0,300,2025-03-04 10:00,2025-03-25 10:00,Nina"]
    text = _draft(tmp_path, "hubspot-crm-exports-installations-2025-03-31.csv", rows)
    assert "status: {Inked: won, Dead: lost" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    t = K.compute(data, ["deals_won", "new_revenue"], period="M").set_index(["kpi", "period"])["value"]
    # by hand: two signed deals in March 2025, 1,000 + 300
    assert t[("deals_won", "2025-03")] == 2 and t[("new_revenue", "2025-03")] == 1300


def test_an_outcome_column_of_won_and_lost_is_the_status_where_the_status_says_open_or_closed(tmp_path):
    rows = ["Opportunity,Owner,Status,Outcome,Value,Created,Closed on",
            "O1,Kai,Closed,Won,1000,2025-03-01,2025-03-20", "O2,Lea,Closed,Lost,400,2025-03-02,2025-03-22",
            "O3,Kai,Open,,700,2025-03-03,"]
    text = _draft(tmp_path, "opportunities.csv", rows)
    assert "status: [Outcome, Status]" in text
    data, report = load_client(tmp_path / "client.yml", cache=False)
    # by hand: one won, one lost, the third open by its status
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"] and not report.errors
    # a currency sign in the amount's header: "Value ($)" is in dollars
    usd = tmp_path / "usd"
    usd.mkdir()
    text = _draft(usd, "deals.csv", ["Deal,Rep,Stage,Value ($),Created,Closed",
                                     "D1,Kai,Won,1000,03/01/2025,03/20/2025", "D2,Lea,Lost,400,03/02/2025,03/22/2025"])
    assert "currency: USD" in text and "owner_id: Rep" in text


def test_an_insightly_opportunity_export_is_read_whole(tmp_path):
    # upper-case snake headers; "_UTC" after a date's name; an abandoned opportunity is not won: lost
    rows = ["OPPORTUNITY_ID,OPPORTUNITY_NAME,OPPORTUNITY_STATE,BID_AMOUNT,BID_CURRENCY,FORECAST_CLOSE_DATE,"
            "ACTUAL_CLOSE_DATE,DATE_CREATED_UTC,OWNER_USER_ID",
            "1,A,WON,1000,USD,2025-03-20,2025-03-20,2025-03-01 10:00:00,101",
            "2,B,ABANDONED,700,USD,2025-03-22,2025-03-22,2025-03-03 10:00:00,101",
            "3,C,OPEN,900,USD,2025-05-01,,2025-03-04 10:00:00,102"]
    text = _draft(tmp_path, "Opportunities.csv", rows)
    assert "amount: BID_AMOUNT" in text and "created_at: DATE_CREATED_UTC" in text and "owner_id: OWNER_USER_ID" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities
    assert o["status"].tolist() == ["won", "lost", "open"] and o["amount"].tolist() == [1000.0, 700.0, 900.0]


def test_a_multi_currency_salesforce_report_is_read_in_its_converted_amounts(tmp_path):
    # "Amount" is in each deal's own currency; "Amount (converted)" in the org's corporate currency, all of it
    rows = ["Opportunity Owner,Opportunity Name,Stage,Amount Currency,Amount,Amount (converted) Currency,"
            "Amount (converted),Close Date,Created Date",
            "Alex Kim,O1,Closed Won,USD,1000.00,EUR,920.00,3/14/2025,2/1/2025",
            "Alex Kim,O2,Closed Won,GBP,500.00,EUR,585.00,3/20/2025,2/5/2025",
            "Sam Patel,O3,Closed Lost,EUR,800.00,EUR,800.00,3/25/2025,3/1/2025"]
    text = _draft(tmp_path, "report1700000000003.csv", rows)
    assert "currency: EUR" in text and "fx_rates" not in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities
    # by hand: 920 + 585 won, in euros, with no exchange rate asked for
    assert o["amount"].tolist() == [920.0, 585.0, 800.0] and set(o["currency"]) == {"EUR"}


def test_a_close_export_whose_value_is_in_cents_is_read_in_dollars(tmp_path):
    # Close writes an opportunity's value in cents and beside it the same value as people read it
    rows = ["id,lead_name,status_label,status_type,value,value_period,value_currency,value_formatted,user_name,"
            "date_created,date_won,date_lost",
            "oppo_1,Acme,Won,won,300000,one_time,USD,\"$3,000\",P F,2025-02-01 09:54:51.321000+00:00,"
            "2025-03-04 10:00:00.000000+00:00,",
            "oppo_2,Beta,Lost,lost,125050,one_time,USD,\"$1,250.50\",P F,2025-02-03 09:00:00.000000+00:00,,"
            "2025-03-05 10:00:00.000000+00:00",
            "oppo_3,Core,Active,active,99900,monthly,USD,$999,Q G,2025-02-05 09:00:00.000000+00:00,,",
            "oppo_4,Dune,Won,won,2000000,one_time,USD,\"$20,000\",Q G,2025-02-07 09:00:00.000000+00:00,"
            "2025-03-09 10:00:00.000000+00:00,"]
    text = _draft(tmp_path, "opportunities export.csv", rows)
    assert "scale: {amount: 0.01}" in text and "owner_id: user_name" in text
    # oppo_3 is $999 a month: its revenue would count one month of it, which the draft asks the consultant about
    assert "1 of 4 deals are priced per month ('value_period')" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities
    # by hand: $3,000 + $20,000 won, as value_formatted reads them
    assert o["amount"].tolist() == [3000.0, 1250.5, 999.0, 20000.0]
    assert o.loc[o["status"] == "won", "amount"].sum() == 23000.0


def test_an_amount_beside_a_formatted_column_of_other_numbers_is_not_scaled(tmp_path):
    # "Amount" and a formatted "Expected revenue" are different numbers: no cents
    rows = ["Deal,Status,Amount,Expected revenue,Created",
            "D1,Won,3000,\"$1,500\",2025-02-01", "D2,Lost,1200,\"$600\",2025-02-02",
            "D3,Open,900,\"$450\",2025-02-03", "D4,Won,2000,\"$1,000\",2025-02-04"]
    text = _draft(tmp_path, "deals.csv", rows)
    assert "scale: {amount" not in text


def test_localised_won_words_and_sales_headers_of_nordic_and_kommo_exports(tmp_path):
    # SuperOffice in Danish: a sale is "Solgt" (sold), its date "Salgsdato", its seller "Vores kontakt"
    rows = ["Salg;Firma;Beløb;Valuta;Status;Salgsdato;Registreret;Vores kontakt",
            "S1;Firma A ApS;12.500,00;DKK;Solgt;14.03.2025;01.02.2025;Mette Hansen",
            "S2;Firma B ApS;8.000,00;DKK;Tabt;20.03.2025;03.02.2025;Søren Nielsen",
            "S3;Firma C ApS;5.000,00;DKK;Åben;30.05.2025;04.03.2025;Mette Hansen"]
    text, data, _ = _drafted(tmp_path / "da", "Salg.csv", rows)
    assert "created_at: Registreret" in text and "owner_id: Vores kontakt" in text
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    # and in Norwegian: "Beløp" with a no-break space, "Tapt", "Vår kontakt", "Registrert"
    rows = ["Salg;Firma;Beløp;Valuta;Status;Salgsdato;Registrert;Vår kontakt",
            "S1;Firma A AS;12\u00a0500,00;NOK;Solgt;14.03.2025;01.02.2025;Kari Nordmann",
            "S2;Firma B AS;8\u00a0000,50;NOK;Tapt;20.03.2025;03.02.2025;Ola Hansen"]
    text, data, _ = _drafted(tmp_path / "no", "Salg.csv", rows)
    assert "amount: Beløp" in text and "owner_id: Vår kontakt" in text and "created_at: Registrert" in text
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    assert data.opportunities["amount"].tolist() == [12500.0, 8000.5]
    # Kommo calls its deals leads: "Closed - won" / "Closed - lost" and the deal's "Budget"
    rows = ["ID,Lead title,Budget,Responsible user,Lead status,Date Created,Closed at",
            "20000001,Lead #1,1500,Anna,Closed - won,05.02.2025 10:00:00,01.03.2025 12:00:00",
            "20000002,Lead #2,900,Bram,Closed - lost,06.02.2025 10:00:00,02.03.2025 12:00:00",
            "20000003,Lead #3,700,Anna,Negotiation,07.02.2025 10:00:00,"]
    text, data, _ = _drafted(tmp_path / "kommo", "kommo_export_leads_2025-03-31.csv", rows)
    assert "opportunities:" in text and "source: amocrm" in text                # its own table now, not the words
    o = data.opportunities
    assert o["status"].tolist() == ["won", "lost", "open"] and o["amount"].tolist() == [1500.0, 900.0, 700.0]


def test_a_french_amount_before_tax_and_headers_with_their_time_zone_are_placed(tmp_path):
    # "Montant HT" is the amount before tax, written "12 345,67" with a no-break space
    rows = ["Opportunité;Société;Montant HT;Statut;Probabilité;Date de création;Date de clôture;Responsable",
            "A1;Client 1;12\u00a0345,67;Gagnée;100 %;03/02/2025;14/03/2025;Camille Durand",
            "A2;Client 2;980,00;Perdue;0 %;05/02/2025;20/03/2025;Lucas Bernard",
            "A3;Client 3;1\u00a0000,00;En cours;50 %;13/02/2025;;Camille Durand"]
    text, data, _ = _drafted(tmp_path / "fr", "opportunites.csv", rows)
    assert "amount: Montant HT" in text and "probability: Probabilité" in text
    assert data.opportunities["amount"].tolist() == [12345.67, 980.0, 1000.0]
    assert data.opportunities["probability"].tolist() == [1.0, 0.0, 0.5]
    # Intercom writes the time zone after a date's name; its rating is "Conversation rating"
    rows = ["Conversation ID,Conversation started at (Europe/Amsterdam),State,Last closed at (Europe/Amsterdam),"
            "Teammate currently assigned,Conversation rating",
            "101,2025-03-03 09:00:00,closed,2025-03-03 13:30:00,Sanne,5",
            "102,2025-03-04 10:00:00,closed,2025-03-05 10:00:00,Joris,",
            "103,2025-03-05 11:00:00,open,,Sanne,"]
    text, data, _ = _drafted(tmp_path / "ic", "conversations.csv", rows)
    assert "opened_at: Conversation started at (Europe/Amsterdam)" in text
    assert "closed_at: Last closed at (Europe/Amsterdam)" in text and "csat: Conversation rating" in text
    c = data.cases
    # by hand: 4.5 hours and 24 hours to close
    assert ((c["closed_at"] - c["opened_at"]).dt.total_seconds() / 3600).tolist()[:2] == [4.5, 24.0]
    assert c["agent_id"].notna().all() and c["csat"].iloc[0] == 5


def test_a_phone_systems_call_log_dates_its_calls_by_weekday_date_and_clock_time(tmp_path):
    # RingCentral: "Thu 11/05/2026" and "10:32 AM" in two columns, the result of each call, the rep's extension
    rows = ["Type,Direction,From,To,Extension,Date,Time,Action,Result,Duration",
            "Voice,Outgoing,+31 20 555 1000,+31 6 11111111,Anna de Vries,Thu 11/05/2026,10:32 AM,Phone Call,"
            "Call connected,0:02:13",
            "Voice,Outgoing,+31 20 555 1000,+31 6 22222222,Anna de Vries,Thu 11/05/2026,02:05 PM,Phone Call,"
            "No Answer,0:00:00",
            "Voice,Incoming,+31 6 33333333,+31 20 555 1001,Bram Jansen,Mon 11/16/2026,09:00 AM,Phone Call,"
            "Voicemail,0:00:41"]
    text = _draft(tmp_path, "call_log.csv", rows)
    assert "activity_id: To" not in text and "owner_id: Extension" in text and "completed: Result" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    a = data.activities
    assert a["scheduled_at"].tolist() == [pd.Timestamp("2026-11-05 10:32"), pd.Timestamp("2026-11-05 14:05"),
                                          pd.Timestamp("2026-11-16 09:00")]
    # the third came in: a customer's call, logged as another activity
    assert a["type"].tolist() == ["call", "call", "other"] and a["completed"].tolist() == [True, False, False]


def test_an_ad_report_under_nine_title_lines_and_above_a_copyright_line_is_read_whole(tmp_path):
    # Microsoft Advertising: nine title lines and a blank one, a "Total" row and a copyright line at the end
    title = ["Report Name: Campaign performance", "Report Time: 5/1/2026 - 5/2/2026",
             "Time Zone: (GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
             "Last Completed Available Day: 5/2/2026 11:59:00 PM (GMT+01:00)",
             "Last Completed Available Hour: 5/2/2026 11:00:00 PM (GMT+01:00)", "Report Aggregation: Daily",
             "Report Filter: ", "Potential Incomplete Data: false", "Rows: 3"]
    rows = [f'"{t}"' for t in title] + [
        "", '"Day","Account name","Campaign name","Impressions","Clicks","Spend","Conversions","Currency code"',
        '"5/1/2026","Kantoorpro BV","Brand NL","1200","40","31.50","2","EUR"',
        '"5/1/2026","Kantoorpro BV","Generic NL","3000","90","88.25","4","EUR"',
        '"5/2/2026","Kantoorpro BV","Brand NL","1100","35","27.00","1","EUR"',
        '"Total","--","--","5300","165","146.75","7","--"',
        '"©2026 Microsoft Corporation. All rights reserved. "']
    text = _draft(tmp_path, "Campaign_performance_report.csv", rows)
    assert "amount: Spend" in text and "month: Day" in text
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    # by hand: 31.50 + 88.25 + 27.00 = 146.75 over the three rows; the total row is not a fourth
    assert len(data.marketing_spend) == 3 and data.marketing_spend["amount"].sum() == pytest.approx(146.75)
    assert rep.accounting()["reconciles"].all()


def test_a_linkedin_ad_report_is_read_by_its_spend_and_named_by_its_campaigns(tmp_path):
    # LinkedIn: UTF-16 with tabs under four title lines; "Total Spent" the spend, "Start Date (in UTC)" the day;
    # a finding names "Lead gen - CFO", not 181001
    lines = ["Campaign Performance Report (in UTC)", "Report Start: 3/1/2026, 12:00 AM",
             "Report End: 3/2/2026, 11:59 PM", "Date Generated: 3/3/2026, 9:14 AM",
             "Start Date (in UTC)\tCampaign Name\tCampaign ID\tCurrency\tTotal Spent\tImpressions\tClicks\tConversions",
             "3/1/2026\tLead gen - CFO\t181001\tEUR\t120.50\t4000\t30\t3",
             "3/2/2026\tLead gen - CFO\t181001\tEUR\t99.50\t3500\t25\t2",
             "3/2/2026\tAwareness - DACH\t181002\tEUR\t80.00\t6000\t20\t0"]
    (tmp_path / "campaign_performance_report.csv").write_text("\n".join(lines) + "\n", encoding="utf-16")
    res = _init(str(tmp_path))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "client.yml").read_text(encoding="utf-8")
    assert "amount: Total Spent" in text and "month: Start Date (in UTC)" in text
    assert "campaign_id: Campaign Name" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    # by hand: 120.50 + 99.50 + 80.00 = 300.00
    assert data.marketing_spend["amount"].sum() == pytest.approx(300.0)


def test_a_german_help_desk_export_is_read_with_its_good_bad_survey(tmp_path):
    # Zendesk in German: "Erstellt", "Gelöst am", a survey of "Gut" / "Schlecht", and "Angeboten" unanswered
    rows = ["ID;Status;Bearbeiter;Erstellt;Gelöst am;Zufriedenheitsbewertung",
            "10001;Gelöst;Anna;13.03.2025 09:00;13.03.2025 15:00;Gut",
            "10002;Geschlossen;Ben;14.03.2025 10:00;15.03.2025 10:00;Schlecht",
            "10003;Gelöst;Anna;15.03.2025 11:00;15.03.2025 12:00;Angeboten",
            "10004;Offen;Ben;16.03.2025 11:00;;Nicht angeboten"]
    text = _draft(tmp_path, "tickets.csv", rows)
    assert "opened_at: Erstellt" in text and "csat: Zufriedenheitsbewertung" in text
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    c = data.cases
    assert c["opened_at"].iloc[0] == pd.Timestamp("2025-03-13 09:00")
    assert c["csat"].tolist()[:2] == [5.0, 1.0] and c["csat"].iloc[2:].isna().all()
    assert not (rep.issues_frame()["severity"] == "warning").any()


def test_owner_confidence_and_cancelled_deals_of_sugar_and_nutshell_exports(tmp_path):
    # SugarCRM's owner is "Assigned User Name"; Nutshell's "Assignee", its probability "Confidence", and a
    # cancelled deal is closed, not open: lost
    rows = ["Lead ID,Name,Status,Value,Confidence,Assignee,Created,Closed",
            "1001,Lead-1001,Won,1200,100,Jordan,\"Mar 03, 2025\",\"Mar 20, 2025\"",
            "1002,Lead-1002,Cancelled,800,0,Riley,\"Mar 04, 2025\",\"Mar 21, 2025\"",
            "1003,Lead-1003,Open,500,50,Jordan,\"Mar 05, 2025\","]
    text, data, _ = _drafted(tmp_path / "n", "nutshell-leads.csv", rows)
    assert "owner_id: Assignee" in text and "probability: Confidence" in text
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    rows = ["Opportunity Name,Sales Stage,Amount,Assigned User Name,Date Created,Expected Close Date",
            "Opp 1,Closed Won,\"$1,000.00\",sally,03/01/2025 10:00,03/20/2025",
            "Opp 2,Closed Lost,\"$2,000.00\",max,03/02/2025 10:00,03/21/2025"]
    (tmp_path / "s").mkdir()
    assert "owner_id: Assigned User Name" in _draft(tmp_path / "s", "Opportunities.csv", rows)


def test_a_pivot_of_revenue_per_month_is_named_a_summary_not_an_unknown_file(tmp_path):
    # what a client often sends first: revenue per rep (rows) per month (columns); it holds no deals
    piv = pd.DataFrame({"Sales rep": ["Anna", "Bram", "Total"], "Jan 2025": [1000, 2000, 3000],
                        "Feb 2025": [1500, 2500, 4000], "Mar 2025": [900, 1100, 2000]})
    piv.to_excel(tmp_path / "Omzet per verkoper.xlsx", index=False)
    res = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "Omzet per verkoper.xlsx: a summary table, not records: 3 of its headers are months (Jan 2025 … Mar 2025)" \
        in res.output


def test_a_phone_systems_calls_per_agent_and_day_are_named_a_summary_not_calls(tmp_path):
    # Placetel's statistics: a row per agent per day with its counts. Read as a call a row, 12 rows were
    # "12 cases opened" for 12 × (20 + i) calls
    rows = ["Datum;Benutzer;Anrufe gesamt;angenommen;verpasst;Gesprächszeit"]
    rows += [f"0{1 + i % 9}.10.2026;Anna;{20 + i};{17 + i};3;01:0{i % 10}:00" for i in range(12)]
    (tmp_path / "stat").mkdir()
    (tmp_path / "stat" / "Statistik_Benutzer.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = _init(str(tmp_path / "stat"))
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "a summary table, not records: 'angenommen' counts calls per row (17, 18, 19 …)" in res.output


def test_hubspot_meetings_are_meetings_by_their_file_name_and_held_by_their_outcome(tmp_path):
    # "Scheduled" is HubSpot's default outcome, often never updated: the date decides; a no-show was not held
    rows = ["Record ID,Meeting name,Activity date,Meeting outcome,Activity assigned to",
            "11,M1,2025-03-03 10:00,Completed,Anna", "12,M2,2025-03-04 10:00,No show,Anna",
            "13,M3,2025-03-05 10:00,Scheduled,Bram", "14,M4,2025-03-06 10:00,Canceled,Bram",
            "15,M5,2025-03-07 10:00,Rescheduled,Bram"]
    text = _draft(tmp_path, "hubspot-crm-exports-meetings-2025-03-31.csv", rows)
    assert "constants: {type: meeting}" in text and 'Scheduled: ""' in text
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    a = data.activities
    assert a["type"].tolist() == ["meeting"] * 5
    assert a["completed"].tolist()[:2] == [True, False] and pd.isna(a["completed"].iloc[2])
    assert a["completed"].tolist()[3:] == [False, False]
    assert not (rep.issues_frame()["severity"] == "warning").any()


def test_a_calls_disposition_is_not_read_as_whether_it_took_place(tmp_path):
    # Zoho's "Call Result" says what the call brought ("Interested"), not whether it was held
    # Its "Call Duration" is minutes and seconds ("02:10"), beside the same in seconds: read as hours and
    # minutes, 140 calls had made 577 hours of talk time
    rows = ["Record Id,Subject,Call Type,Call Start Time,Call Duration,Call Duration (in seconds),Call Owner,"
            "Call Result",
            "zcrm_1,C1,Outbound,13/03/2025 10:00 AM,02:10,130,Anna,Interested",
            "zcrm_2,C2,Outbound,14/03/2025 11:00 AM,01:00,60,Anna,Requested call back",
            "zcrm_3,C3,Inbound,15/03/2025 02:00 PM,03:00,180,Bram,Not interested"]
    text = _draft(tmp_path, "Calls_2025_03_31.csv", rows)
    assert "completed: Call Result" not in text and "'Call Result' holds 'Interested'" in text
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    assert not (rep.issues_frame()["severity"] == "warning").any()
    # by hand: 130 s, 60 s and 180 s in minutes
    assert data.activities["duration_min"].round(4).tolist() == [2.1667, 1.0, 3.0]


@pytest.mark.parametrize("won,lost", [("Gesloten/gewonnen", "Gesloten/verloren"),        # Salesforce in Dutch
                                      ("Geschlossen und gewonnen", "Geschlossen und verloren"),   # in German
                                      ("Lukket/vundet", "Lukket/tabt")])                 # in Danish
def test_a_stage_whose_two_words_are_joined_by_a_slash_or_and_is_won_or_lost(tmp_path, won, lost):
    # no probability column to tell them by: the words alone
    rows = ["Eigenaar;Accountnaam;Naam;Fase;Bedrag;Sluitingsdatum;Gemaakt op",
            f"Anna;Klant 1 BV;K1;{won};EUR 1.500,00;14-03-2025;01-02-2025",
            f"Bram;Klant 2 BV;K2;{lost};EUR 900,00;20-03-2025;03-02-2025",
            "Anna;Klant 3 BV;K3;Voorstel/offerte;EUR 700,00;30-05-2025;04-03-2025"]
    text = _draft(tmp_path, "report1700000000012.csv", rows)
    assert "account_id: Accountnaam" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]


def test_hubspot_deals_in_several_currencies_are_read_in_the_company_currency(tmp_path):
    # "Amount" is in each deal's own currency; "Amount in company currency" converts them all
    rows = ["Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Currency,Amount in company currency,"
            "Create Date",
            "1,D1,Closed Won,2025-03-14 10:00,Kim,1000,USD,920,2025-02-01 09:00",
            "2,D2,Closed Won,2025-03-20 10:00,Lee,500,GBP,585,2025-02-05 09:00",
            "3,D3,Closed Lost,2025-03-25 10:00,Kim,800,EUR,800,2025-03-01 09:00"]
    text = _draft(tmp_path, "hubspot-crm-exports-all-deals-2025-03-31.csv", rows)
    assert "amount: Amount in company currency" in text
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    # by hand: 920 + 585 won, no deal left without its amount for want of a rate
    assert data.opportunities["amount"].tolist() == [920.0, 585.0, 800.0]
    assert not (rep.issues_frame()["severity"] == "warning").any()


def test_a_sales_pipeline_sheet_template_is_read_whole(tmp_path):
    # a Google Sheets pipeline template: "Deal Size ($)", "Expected Close", "Actual Close", "Date Added"
    rows = ["Deal Name,Company,Stage,Deal Size ($),Expected Close,Actual Close,Owner,Date Added",
            'Deal 1,Co 1,Won,"$1,500",03/20/2025,03/18/2025,Kim,02/14/2025',
            "Deal 2,Co 2,Lost,$900,03/25/2025,03/21/2025,Lee,02/15/2025",
            'Deal 3,Co 3,In Progress,"$2,000",05/01/2025,,Kim,03/13/2025']
    text = _draft(tmp_path, "Sales Pipeline - Sheet1.csv", rows)
    assert "closed_at: Actual Close" in text and "created_at: Date Added" in text and "currency: USD" in text
    data, _ = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities
    assert o["amount"].tolist() == [1500.0, 900.0, 2000.0] and o["status"].tolist() == ["won", "lost", "open"]
    assert o["created_at"].iloc[0] == pd.Timestamp("2025-02-14")


def test_a_grouped_report_with_group_title_rows_gives_each_deal_its_groups_owner(tmp_path):
    # Zoho's "Deals by Owner": a title row per owner ("Deal Owner : Anna (2 Records)"), no owner column, and a
    # "Sub Total" below each group
    rows = [["Deals by Owner"], [], ["Deal Name", "Account Name", "Stage", "Amount", "Closing Date", "Created Time"],
            ["Deal Owner : Anna de Vries (2 Records)"],
            ["D1", "Acme", "Closed Won", 1000, "14/03/2025", "01/02/2025 10:00"],
            ["D2", "Beta", "Closed Lost", 500, "20/03/2025", "03/02/2025 10:00"],
            ["Sub Total", "", "", 1500, "", ""],
            ["Deal Owner : Bram Jansen (1 Records)"],
            ["D3", "Core", "Closed Won", 700, "21/03/2025", "04/02/2025 10:00"],
            ["Sub Total", "", "", 700, "", ""], ["Grand Total", "", "", 2200, "", ""]]
    pd.DataFrame([r + [""] * (6 - len(r)) for r in rows]).to_excel(tmp_path / "Deals_by_Owner.xlsx", index=False,
                                                                   header=False)
    res = _init(str(tmp_path))
    assert res.exit_code == 0, res.output
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    o = data.opportunities.merge(data.users[["user_id", "name"]], left_on="owner_id", right_on="user_id")
    # by hand: 3 deals, not 3 + 2 titles + 3 totals; Anna's two, Bram's one
    assert o.sort_values("opportunity_id")["name"].tolist() == ["Anna de Vries", "Anna de Vries", "Bram Jansen"]
    assert data.opportunities["amount"].sum() == 2200.0
    assert rep.accounting()["reconciles"].all() and not (rep.issues_frame()["severity"] == "error").any()


def test_german_case_exports_of_salesforce_and_servicenow_are_dated_and_assigned(tmp_path):
    # Salesforce's German case report, read as a plain sheet of cases: its own "Datum/Uhrzeit geöffnet" still
    # dates the cases, and "Vorgangsinhaber" is the agent
    rows = ["Vorgangsnummer,Vorgangsinhaber,Status,Vorgangsherkunft,Accountname,Datum/Uhrzeit geöffnet,"
            "Datum/Uhrzeit geschlossen",
            "00000001,Jonas Weber,Geschlossen,E-Mail,Firma 1 GmbH,13.03.2025 09:00,13.03.2025 15:00",
            "00000002,Lena Fischer,Neu,Telefon,Firma 2 GmbH,14.03.2025 10:00,"]
    text, data, _ = _drafted(tmp_path / "sf", "report1700000000020.csv", rows)
    assert "opened_at: Datum/Uhrzeit geöffnet" in text and "agent_id: Vorgangsinhaber" in text
    assert data.cases["opened_at"].tolist() == [pd.Timestamp("2025-03-13 09:00"), pd.Timestamp("2025-03-14 10:00")]
    # ServiceNow's German list: "Geöffnet", "Geschlossen", "Zugewiesen zu"
    rows = ["Nummer,Geöffnet,Status,Zugewiesen zu,Geschlossen",
            "INC0000001,13.03.2025 09:00:00,Gelöst,Anna Schmidt,14.03.2025 09:00:00",
            "INC0000002,15.03.2025 10:00:00,Neu,Max Müller,"]
    (tmp_path / "sn").mkdir()
    text = _draft(tmp_path / "sn", "incident.csv", rows)
    assert "opened_at: Geöffnet" in text and "closed_at: Geschlossen" in text and "agent_id: Zugewiesen zu" in text


def test_a_billing_export_whose_status_says_cancelled_stays_subscriptions(tmp_path):
    # "cancelled" is a lost deal's word too; a subscription export of active and cancelled ones is no pipeline
    rows = ["subscriptions.id,customers.id,subscriptions.status,subscriptions.started_at,subscriptions.cancelled_at,"
            "subscriptions.mrr",
            "s1,c1,active,2024-01-10 10:00:00,,100", "s2,c2,cancelled,2024-01-15 10:00:00,2024-03-20 10:00:00,0",
            "s3,c3,active,2024-02-01 10:00:00,,20"]
    text = _draft(tmp_path, "Subscriptions.csv", rows)
    assert "contracts:" in text and "opportunities:" not in text


def test_a_column_left_empty_in_every_row_is_no_reason_for_a_traceback(tmp_path):
    # an activity report's "Comments" empty in every row: looking for the id among the columns read it as NA
    rows = ["Activity Type,Assigned,Date,Comments", "Call,Anna,13/03/2025,", "Meeting,Bram,14/03/2025,",
            "Call,Anna,15/03/2025,"]
    text = _draft(tmp_path, "activities.csv", rows)
    assert "scheduled_at: Date" in text


def test_a_deal_history_without_the_deals_is_named_in_the_draft(tmp_path):
    # a Salesforce opportunity history report: a row per stage change, no row per deal
    rows = ["Opportunity Name,Opportunity Owner,From Stage,To Stage,Amount,Close Date,Last Modified",
            "Opp 1,Alex Kim,,Prospecting,1000,04/10/2025,03/01/2025",
            "Opp 1,Alex Kim,Prospecting,Closed Won,1000,03/20/2025,03/20/2025"]
    text = _draft(tmp_path, "report1700000000009.csv", rows)
    assert "opportunity_history:" in text and "only a deal history (a row per stage change) and no deals" in text
    # the deals are taken from it: Opp 1 as its last change leaves it, created at its first
    data, report = load_client(tmp_path / "client.yml", cache=False)
    deal = data.opportunities.set_index("opportunity_id").loc["Opp 1"]
    assert (deal["status"], deal["amount"], deal["owner_id"]) == ("won", 1000.0, "Alex Kim")
    assert (deal["created_at"], deal["close_date"]) == (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-20"))
    assert any("1 deal taken from the 2 stage changes" in i["message"] for i in report.issues)


def test_a_stage_that_says_won_or_lost_among_other_words_is_won_or_lost(tmp_path):
    # Bitrix24 in German names its end stages "Auftrag erfolgreich abgeschlossen" and "Auftrag verloren"
    rows = ["ID;Auftragsname;Phase;Betrag;Verantwortlich;Erstellt am;Abschlussdatum",
            "1;A;Auftrag erfolgreich abgeschlossen;1500;Mia Koch;01.02.2025 10:00:00;14.03.2025",
            "2;B;Auftrag verloren;900;Felix Braun;02.02.2025 10:00:00;15.03.2025",
            "3;C;Nicht erfolgreich;700;Felix Braun;03.02.2025 10:00:00;16.03.2025",
            "4;D;Vorbereitung der Unterlagen;500;Mia Koch;04.02.2025 10:00:00;30.04.2025"]
    text, data, _ = _drafted(tmp_path / "b24", "DEAL_20250331.csv", rows)
    assert "'Auftrag verloren' read as lost" in text
    assert data.opportunities["status"].tolist() == ["won", "lost", "lost", "open"]
    # a negation turns the word around, and decides nothing; Keap's stages are "Win" and "Loss"
    rows = ["Id,Opportunity Title,Stage,Owner,Date Created,Estimated Close Date,Projected Revenue Low,"
            "Projected Revenue High",
            "1,A,Win,Dana,01/02/2025,03/14/2025,500,900", "2,B,Loss,Eli,01/03/2025,03/15/2025,100,200",
            "3,C,Not won yet,Eli,01/04/2025,04/30/2025,100,200"]
    text, data, _ = _drafted(tmp_path / "keap", "opportunities.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    # neither low nor high is named the amount: the draft names both and asks
    assert "'Projected Revenue Low', 'Projected Revenue High' hold sums of money" in text


def test_a_quantity_of_ones_and_twos_makes_no_deals_and_recurly_subscriptions_are_contracts(tmp_path):
    # "1" and "2" are a won and a lost code of some CRMs; Recurly's quantity column held them, and its
    # subscriptions became 600 deals; its times end in " UTC"
    rows = ["subscription_id,account_code,plan_code,state,unit_amount,quantity,currency,activated_at,canceled_at,"
            "expires_at",
            "a1,acct1,pro,active,79.0,1,USD,2024-01-01 03:00:00 UTC,,",
            "a2,acct2,team,expired,199.0,2,USD,2024-02-01 13:19:00 UTC,2024-05-01 10:00:00 UTC,"
            "2024-05-31 23:30:00 UTC",
            "a3,acct3,basic,canceled,29.0,3,USD,2024-03-05 08:00:00 UTC,2024-04-01 10:00:00 UTC,"
            "2024-04-05 08:00:00 UTC"]
    text, data, _ = _drafted(tmp_path / "recurly", "subscriptions_export.csv", rows)
    assert "opportunities:" not in text and "account_id: account_code" in text
    assert "start_date: activated_at" in text and "end_date: expires_at" in text
    # 23:30 UTC on 31 May is 1 June in Amsterdam (UTC+2 in summer)
    assert data.contracts["end_date"].tolist()[1:] == [pd.Timestamp("2024-06-01"), pd.Timestamp("2024-04-05")]


def test_dates_in_unix_time_are_dates(tmp_path):
    # Agile CRM writes its dates as seconds since 1970, some APIs as milliseconds
    rows = ["Name,Value,Milestone,Owner,Close Date,Created Date",
            "Deal 1,1100,Won,Ravi,1741950000,1738400000000",       # 14 Mar 2025 11:00 UTC; 1 Feb 2025 08:53:20 UTC
            "Deal 2,600,Lost,Julia,1742040000,1738486400000"]      # 15 Mar 2025 12:00 UTC; + 86,400 s: 2 Feb 08:53:20
    text, data, _ = _drafted(tmp_path / "agile", "deals.csv", rows)
    assert "close_date: Close Date" in text and "created_at: Created Date" in text
    assert data.opportunities["close_date"].tolist() == [pd.Timestamp("2025-03-14"), pd.Timestamp("2025-03-15")]
    assert data.opportunities["created_at"].tolist() == [pd.Timestamp("2025-02-01 09:53:20"),
                                                         pd.Timestamp("2025-02-02 09:53:20")]   # CET, UTC+1


def test_a_pipeline_sheet_without_a_close_date_closes_its_deals_at_their_last_change(tmp_path):
    # Streak's boxes: no close date, only "Last Updated"; without it no won deal fell in any month
    rows = ["Name,Stage,Date Created,Last Updated,Assigned To,Deal Size",
            "Box 1,Won,\"January 5, 2025\",\"March 14, 2025\",nina@acme.com,5000",
            "Box 2,Lost,\"January 6, 2025\",\"March 20, 2025\",omar@acme.com,2500",
            "Box 3,Pitched,\"February 1, 2025\",\"March 21, 2025\",omar@acme.com,1000"]
    text, data, _ = _drafted(tmp_path / "streak", "Sales Pipeline.csv", rows)
    assert "close_date: Last Updated" in text and "its last change stands in for it" in text
    assert data.opportunities["close_date"].tolist()[:2] == [pd.Timestamp("2025-03-14"), pd.Timestamp("2025-03-20")]


def test_facebook_ads_in_dutch_and_an_unassigned_agent(tmp_path):
    # Meta's Ads Manager in Dutch: "Begin rapportage", "Besteed bedrag (EUR)", "Klikken op link", "Resultaten"
    rows = ["Begin rapportage,Einde rapportage,Campagnenaam,Besteed bedrag (EUR),Weergaven,Klikken op link,Resultaten",
            "2025-03-01,2025-03-01,Najaar,20.50,2000,40,3", "2025-03-02,2025-03-02,Najaar,30.25,3000,50,4"]
    text, data, _ = _drafted(tmp_path / "fb", "Campagnes-1-mrt-2025-2-mrt-2025.csv", rows)
    assert "amount: Besteed bedrag (EUR)" in text and "clicks: Klikken op link" in text
    assert data.marketing_spend[["amount", "clicks", "conversions"]].sum().tolist() == [50.75, 90, 7]
    # Gorgias writes "unassigned" for a ticket no agent has: no agent of the league table
    rows = ["Ticket id,Channel,Status,Assignee,Created,Closed",
            "1,email,closed,Chloe,2025-03-01T10:00:00+00:00,2025-03-01T12:00:00+00:00",
            "2,chat,closed,unassigned,2025-03-02T10:00:00+00:00,2025-03-02T11:00:00+00:00"]
    text, data, report = _drafted(tmp_path / "gorgias", "tickets-export.csv", rows)
    assert data.cases["agent_id"].isna().tolist() == [False, True]
    assert any("a word for nobody" in i["message"] for i in report.issues)


def test_amounts_with_a_currency_code_in_lakh_groups_or_swiss_apostrophes_are_numbers(tmp_path):
    # Zoho CRM in India: "INR 8,81,900.00" (8 lakh 81 thousand 900); a Swiss sheet: "1'234.50"
    rows = ["Deal Name,Amount,Stage,Closing Date,Deal Owner,Created Time",
            "D1,\"INR 8,81,900.00\",Closed Won,14-03-2025,Rahul,01-02-2025 10:00",
            "D2,\"INR 12,34,567.50\",Closed Lost,15-03-2025,Anita,02-02-2025 10:00",
            "D3,\"₹1,00,000\",Qualification,30-04-2025,Anita,03-02-2025 10:00"]
    _, data, _ = _drafted(tmp_path / "inr", "Deals_001.csv", rows)
    assert data.opportunities["amount"].tolist() == [881900.0, 1234567.5, 100000.0]
    rows = ["Verkaufschance;Betrag (CHF);Status;Abschlussdatum;Erstellt am",
            "V1;1'234.50;Gewonnen;14.03.2025;01.02.2025", "V2;12'000.00;Verloren;15.03.2025;02.02.2025"]
    _, data, _ = _drafted(tmp_path / "ch", "Verkaufschancen.csv", rows)
    assert data.opportunities["amount"].tolist() == [1234.5, 12000.0]


def test_a_meeting_marked_canceled_is_not_held(tmp_path):
    # Calendly: "Canceled" true / false; read as the done flag, 84 cancelled meetings were held and 416 were not
    rows = ["Invitee Name,Event Type Name,Start Date & Time,End Date & Time,Canceled,User Name,"
            "Event Created Date & Time",
            "P1,Demo,2025-03-14 10:00 AM,2025-03-14 10:30 AM,false,Ivy Chen,2025-03-10 09:00 AM",
            "P2,Demo,2025-03-15 02:00 PM,2025-03-15 02:30 PM,true,Ben Ode,2025-03-11 09:00 AM"]
    text, data, _ = _drafted(tmp_path / "calendly", "events-export.csv", rows)
    assert "scheduled_at: Start Date & Time" in text
    assert data.activities["completed"].tolist() == [True, False]
    assert data.activities["scheduled_at"].tolist() == [pd.Timestamp("2025-03-14 10:00"),
                                                        pd.Timestamp("2025-03-15 14:00")]


def test_netsuite_totals_zendesk_sell_unqualified_and_dynamics_in_dutch(tmp_path):
    # NetSuite's opportunity search: the amount is "Projected Total"
    rows = ["Document Number,Customer,Status,Projected Total,Expected Close,Sales Rep,Date Created",
            "OPP1,C1,Closed Won,\"12,300.00\",03/14/2025,Chris,02/01/2025 10:00 AM",
            "OPP2,C2,Closed Lost,\"4,000.00\",03/15/2025,Pat,02/02/2025 10:00 AM"]
    text, data, _ = _drafted(tmp_path / "ns", "OpportunitiesSearchResults.csv", rows)
    assert "amount: Projected Total" in text and data.opportunities["amount"].tolist() == [12300.0, 4000.0]
    # Zendesk Sell closes a deal it will not pursue as "Unqualified": lost, not open
    rows = ["Name,Value,Stage,Owner,Added At,Estimated Close Date",
            "D1,1000,Won,Sara,2025-02-01 10:00:00,2025-03-14",
            "D2,500,Unqualified,Niels,2025-02-02 10:00:00,2025-03-15",
            "D3,700,Quote,Niels,2025-02-03 10:00:00,2025-04-30"]
    _, data, _ = _drafted(tmp_path / "sell", "deals.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    # Dynamics 365 in Dutch calls its revenue "opbrengst"
    rows = ["(Niet wijzigen) Verkoopkans,Onderwerp,Potentiële klant,Status,Werkelijke opbrengst,"
            "Werkelijke sluitingsdatum,Eigenaar,Gemaakt op",
            "{a1},K1,Klant 1,Gewonnen,2500,14-03-2025,Lotte,01-02-2025 10:00",
            "{a2},K2,Klant 2,Verloren,,15-03-2025,Daan,02-02-2025 10:00"]
    _, data, _ = _drafted(tmp_path / "dyn", "Mijn open verkoopkansen.csv", rows)
    assert data.opportunities["amount"].tolist()[0] == 2500.0


def test_a_help_desk_in_french_and_its_good_bad_survey(tmp_path):
    # "Créé", "Résolu", "Assigné", "Note de satisfaction" of Bonne / Mauvaise / (Non) proposée: read as deals
    # before, with an error that no deal was won or lost
    rows = ["ID,Statut,Assigné,Canal,Créé,Résolu,Note de satisfaction",
            "1,Résolu,Camille,Web,14/03/2025 09:00,14/03/2025 15:00,Bonne",
            "2,Clos,Louis,Chat,15/03/2025 10:00,16/03/2025 10:00,Mauvaise",
            "3,Ouvert,Inès,Web,16/03/2025 11:00,,Non proposée"]
    text, data, _ = _drafted(tmp_path / "fr", "export-2025-03-31.csv", rows)
    assert "cases:" in text and "closed_at: Résolu" in text and "agent_id: Assigné" in text
    assert data.cases["csat"].tolist()[:2] == [5.0, 1.0] and pd.isna(data.cases["csat"].iloc[2])
    # Freshdesk in German asks "Äußerst zufrieden" … "Äußerst unzufrieden"
    rows = ["Ticket-ID;Status;Agent;Erstellt am;Geschlossen am;Zufriedenheitsbewertung",
            "1;Geschlossen;Sven;14.03.2025 09:00:00;14.03.2025 15:00:00;Äußerst zufrieden",
            "2;Geschlossen;Julia;15.03.2025 10:00:00;16.03.2025 10:00:00;Äußerst unzufrieden"]
    _, data, _ = _drafted(tmp_path / "de", "tickets.csv", rows)
    assert data.cases["csat"].tolist() == [5.0, 1.0]


def test_a_dialer_log_of_outbound_calls_is_a_sales_teams_activities(tmp_path):
    # Dialpad: most calls go out, "categories" says connected or missed; read as a help desk's cases before
    rows = ["date_started,direction,name,talk_duration,categories,call_id",
            "2025-03-14 10:00:00,outbound,Ava Hill,12.5,connected,9000000001",
            "2025-03-14 11:00:00,outbound,Eli Ford,0,missed,9000000002",
            "2025-03-15 09:00:00,inbound,Ava Hill,3.25,connected,9000000003"]
    text, data, _ = _drafted(tmp_path / "dialpad", "calls_2025-03-31.csv", rows)
    assert "activities:" in text and "cases:" not in text
    acts = data.activities
    # the third came in: a customer's call, logged as another activity
    assert acts["type"].tolist() == ["call", "call", "other"] and acts["completed"].tolist() == [True, False, True]
    assert acts["scheduled_at"].tolist()[0] == pd.Timestamp("2025-03-14 10:00")
    assert acts["duration_min"].tolist() == [12.5, 0.0, 3.25]


def test_pipedrive_in_spanish_names_its_deals_negocios(tmp_path):
    rows = ["Negocio - Título,Negocio - Valor,Negocio - Moneda del valor,Negocio - Estado,Negocio - Propietario,"
            "Negocio - Negocio creado,Negocio - Fecha de ganado,Negocio - Fecha de perdido",
            "N1,\"1500,00\",EUR,Ganado,Lucía,2025-02-01 10:00:00,2025-03-14 10:00:00,",
            "N2,\"900,00\",EUR,Perdido,Pablo,2025-02-02 10:00:00,,2025-03-15 10:00:00"]
    text, data, _ = _drafted(tmp_path / "pd", "deals-export.csv", rows)
    assert "created_at: Negocio - Negocio creado" in text
    assert data.opportunities["created_at"].notna().all()


def test_a_duration_split_over_hours_and_minutes_is_summed(tmp_path):
    # SugarCRM / SuiteCRM calls: "Duration Hours" 1 and "Duration Minutes" 25 is 85 minutes, not 25
    rows = ["Subject,Direction,Status,Start Date,Duration Hours,Duration Minutes,Assigned to",
            "Call,Outbound,Held,2025-03-14 10:00,1,25,will", "Call,Outbound,Not Held,2025-03-14 11:00,0,0,sarah",
            "Call,Inbound,Held,2025-03-15 09:00,0,12,will"]
    text, data, _ = _drafted(tmp_path / "suite", "Calls.csv", rows)
    assert "duration_min: {sum: {Duration Hours: 60, Duration Minutes: 1}}" in text
    assert data.activities["duration_min"].tolist() == [85.0, 0.0, 12.0]
    assert data.activities["completed"].tolist() == [True, False, True]


def test_revenue_per_period_of_a_fiscal_year_is_read_as_financials(tmp_path):
    # an accounting export (Exact, AFAS): "Boekjaar" and "Periode" 1-12 beside "Omzet"; it was refused
    rows = ["Boekjaar;Periode;Omzet;Kostprijs omzet", "2025;11;113801,26;41062,73", "2025;12;82563,92;65183,25",
            "2026;1;103456,75;47796,19"]
    text, data, _ = _drafted(tmp_path / "fin", "Omzet per periode.csv", rows)
    assert "financials:" in text and "month: {year_month: [Boekjaar, Periode]}" in text
    assert data.financials["month"].tolist() == [pd.Timestamp("2025-11-01"), pd.Timestamp("2025-12-01"),
                                                 pd.Timestamp("2026-01-01")]
    assert data.financials["revenue"].sum() == pytest.approx(113801.26 + 82563.92 + 103456.75)


def test_an_outlook_calendar_is_meetings_and_a_dutch_ticket_list_has_its_closing_time(tmp_path):
    # Outlook's calendar export: read as subscriptions before (a start and an end date)
    rows = ["Subject,Start Date,Start Time,End Date,End Time,All day event,Meeting Organizer,Categories",
            "Demo,03/14/2025,10:00:00 AM,03/14/2025,11:00:00 AM,False,Bas Vos,Klant",
            "Klantbezoek,03/15/2025,02:30:00 PM,03/15/2025,03:30:00 PM,False,Ilse Kok,Klant"]
    text, data, _ = _drafted(tmp_path / "outlook", "Calendar.csv", rows)
    assert "activities:" in text and "contracts:" not in text
    assert data.activities["type"].tolist() == ["meeting", "meeting"]
    assert data.activities["scheduled_at"].tolist() == [pd.Timestamp("2025-03-14 10:00"),
                                                        pd.Timestamp("2025-03-15 14:30")]
    # HubSpot's tickets in Dutch: "Datum gesloten", "Ticketeigenaar"
    rows = ["Ticket-ID,Ticketstatus,Aanmaakdatum,Datum gesloten,Ticketeigenaar",
            "1,Gesloten,2025-03-14 09:00,2025-03-14 15:00,Sanne", "2,Nieuw,2025-03-15 10:00,,Joris"]
    text, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-tickets-2025-03-31.csv", rows)
    assert "closed_at: Datum gesloten" in text and "agent_id: Ticketeigenaar" in text


def _ods(path: Path, rows: list[list]) -> None:
    """A LibreOffice Calc workbook of one sheet, *rows* its cells (numbers as numbers), written by hand."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(v) -> str:
        kind = f'"float" office:value="{v}"' if isinstance(v, int | float) else '"string"'
        return f"<table:table-cell office:value-type={kind}><text:p>{escape(str(v))}</text:p></table:table-cell>"
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    body = "".join("<table:table-row>" + "".join(map(cell, r)) + "</table:table-row>" for r in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Deals">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def test_a_libreoffice_workbook_and_times_with_a_zone_abbreviation(tmp_path):
    # a deals sheet saved from LibreOffice (.ods) was read as a text file; its times end in "CET" / "CEST"
    (tmp_path / "ods").mkdir()
    _ods(tmp_path / "ods" / "deals.ods", [["Deal", "Value", "Status", "Created", "Closed"],
                                          ["D1", 1500, "Won", "2025-02-01 09:00 CET", "2025-07-14 10:30 CEST"],
                                          ["D2", 900, "Lost", "2025-02-02 09:00 EST", "2025-03-15 16:00 CET"]])
    res = _init(str(tmp_path / "ods"))
    assert res.exit_code == 0, res.output
    data, _ = load_client(tmp_path / "ods" / "client.yml", cache=False)
    assert data.opportunities["amount"].tolist() == [1500.0, 900.0]
    # CET is UTC+1 and CEST UTC+2, as Amsterdam's clock reads then; 09:00 EST (UTC-5) is 15:00 there
    assert data.opportunities["created_at"].tolist() == [pd.Timestamp("2025-02-01 09:00"),
                                                         pd.Timestamp("2025-02-02 15:00")]
    assert data.opportunities["close_date"].tolist() == [pd.Timestamp("2025-07-14"), pd.Timestamp("2025-03-15")]


def test_one_letter_status_codes_and_dynamics_status_reasons(tmp_path):
    # SAP Business One writes an opportunity's status as O, W or L; its amount is "Potential Amount"
    rows = ["Opportunity No.,BP Code,Sales Employee,Status,Start Date,Closing Date,Potential Amount",
            "1,C0001,John Smith,W,01.02.2025,14.03.2025,1500", "2,C0002,Mary Jones,L,02.02.2025,15.03.2025,900",
            "3,C0003,Mary Jones,O,03.02.2025,30.04.2025,700"]
    text, data, _ = _drafted(tmp_path / "sap", "Opportunities.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert data.opportunities["amount"].tolist() == [1500.0, 900.0, 700.0]
    assert data.opportunities["created_at"].notna().all()
    # Dynamics 365's "Status Reason": Won, Out-Sold and Canceled end a deal; "On Hold" (a reason of the client's
    # own) is open, not a row without a status
    rows = ["(Do Not Modify) Opportunity,Topic,Status Reason,Actual Revenue,Actual Close Date,Owner,Created On",
            "{a1},T1,Won,2500,03/14/2025,Dan Lee,02/01/2025 10:00 AM",
            "{a2},T2,Out-Sold,,03/15/2025,Sue Kim,02/02/2025 10:00 AM",
            "{a3},T3,On Hold,,,Sue Kim,02/03/2025 10:00 AM"]
    _, data, report = _drafted(tmp_path / "dyn", "My Opportunities.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert not report.errors


def test_hubspot_stages_named_with_their_pipeline_tasks_done_by_completion_and_resolution_hours(tmp_path):
    # HubSpot with several pipelines: "Closed won (Sales Pipeline)"; read by a word in it, the draft must
    # write that reading, for HubSpot's built-in words alone read every deal as open
    rows = ["Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Create Date",
            "1,D1,Closed won (Sales Pipeline),1500,2025-03-14 10:00,Emma,2025-02-01 10:00",
            "2,D2,Closed lost (Sales Pipeline),900,2025-03-15 10:00,Noah,2025-02-02 10:00",
            "3,D3,Contract sent (Sales Pipeline),700,2025-04-30 10:00,Noah,2025-02-03 10:00"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-all-deals-2025-03-31.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    # a Salesforce task report: "Completed Date/Time" and no status; a past task without one was not done
    rows = ["Assigned,Subject,Date,Completed Date/Time,Company / Account",
            "Alex Kim,Call,03/14/2025,03/14/2025 11:00 AM,Acc 1", "Sam Patel,Call,03/14/2025,,Acc 2"]
    _, data, _ = _drafted(tmp_path / "sf", "report1700000000061.csv", rows)
    assert data.activities["completed"].tolist() == [True, False]
    # Freshdesk without a resolved time but "Resolution time (in hrs)": closed at opening + 2.5 h
    rows = ["Ticket ID,Status,Agent,Created time,Resolution time (in hrs)",
            "1,Closed,Ann,2025-03-14 09:00:00,2.5", "2,Open,Ben,2025-03-14 10:00:00,"]
    _, data, _ = _drafted(tmp_path / "fd", "tickets.csv", rows)
    assert data.cases["closed_at"].iloc[0] == pd.Timestamp("2025-03-14 11:30")
    assert pd.isna(data.cases["closed_at"].iloc[1])


def test_pipedrive_activities_in_german_say_to_do_and_lunch(tmp_path):
    # "Zu erledigen" (to do) is not done; "Mittagessen" (lunch) is a meeting, as "Lunch" is in English
    rows = ["Aktivität - ID,Aktivität - Typ,Aktivität - Erledigt,Aktivität - Fälligkeitsdatum,"
            "Aktivität - Zugewiesen an Benutzer",
            "1,Anruf,Erledigt,2025-03-14,Jonas Weber", "2,Mittagessen,Zu erledigen,2025-03-15,Lena Fischer"]
    _, data, report = _drafted(tmp_path / "pd", "aktivitäten-export.csv", rows)
    assert data.activities["completed"].tolist() == [True, False]
    assert data.activities["type"].tolist() == ["call", "meeting"]
    assert not [i for i in report.issues if i["severity"] == "warning"]


def test_a_phone_systems_call_log_without_a_type_column_is_calls(tmp_path):
    # 3CX's "CallLog.csv": Direction, Status Answered / Unanswered, "Talking" as hh:mm:ss; refused before
    # ("read as activities it has no type")
    rows = ["Call Time,From,To,Direction,Status,Ringing,Talking,Cost",
            "14/03/2025 10:00:00,Jan de Vries (101),+31201234567,Outbound,Answered,00:00:08,00:02:30,0.00",
            "14/03/2025 11:00:00,Eva Smit (102),+31201234568,Outbound,Unanswered,00:00:30,00:00:00,0.00",
            "15/03/2025 09:00:00,+31201234569,Jan de Vries (101),Inbound,Answered,00:00:05,00:10:00,0.00"]
    text, data, _ = _drafted(tmp_path / "3cx", "CallLog.csv", rows)
    acts = data.activities
    assert "type: call" in text
    # 2.5 and 10 minutes talked; the unanswered call 0 and not held
    # the third came in: a customer's call, logged as another activity
    assert acts["type"].tolist() == ["call", "call", "other"] and acts["completed"].tolist() == [True, False, True]
    assert acts["duration_min"].tolist() == [2.5, 0.0, 10.0]
    assert acts["scheduled_at"].tolist()[0] == pd.Timestamp("2025-03-14 10:00")    # no id of unique times
    # a Dutch VoIP provider's "gesprekken" (calls) with a user, "Richting" and "Beantwoord" / "Gemist": no KPI before
    rows = ["Datum;Tijd;Van;Naar;Richting;Status;Duur;Gebruiker",
            "14-03-2025;10:00;0612345678;;Uitgaand;Beantwoord;0:02:30;Lisa Jansen",
            "14-03-2025;11:00;0612345679;;Uitgaand;Gemist;0:00:00;Mark de Boer",
            "15-03-2025;09:00;0612345670;;Inkomend;Beantwoord;0:10:00;Lisa Jansen"]
    text, data, _ = _drafted(tmp_path / "voys", "gesprekken.csv", rows)
    acts = data.activities
    # the third came in: a customer's call, logged as another activity
    assert acts["type"].tolist() == ["call", "call", "other"] and acts["completed"].tolist() == [True, False, True]
    assert acts["owner_id"].tolist() == ["Lisa Jansen", "Mark de Boer", "Lisa Jansen"]


def test_a_dutch_subscription_export_ends_on_its_cancellation_and_speaks_dutch(tmp_path):
    # Mollie's subscriptions in Dutch: "Aangemaakt op" (created) had become the end date, so every subscription
    # ended the day it started; "Klant-ID" was no customer and the report was in English
    rows = ["ID,Klant-ID,Status,Bedrag,Interval,Aangemaakt op,Startdatum,Geannuleerd op",
            "sub_1,cst_1,active,\"€ 19,95\",1 month,01-02-2025 10:00,01-02-2025,",
            "sub_2,cst_2,canceled,\"€ 49,00\",1 month,03-02-2025 11:00,03-02-2025,20-03-2025 09:00",
            "sub_3,cst_3,active,\"€ 99,00\",12 months,05-02-2025 12:00,05-02-2025,"]
    text, data, _ = _drafted(tmp_path / "mollie", "abonnementen.csv", rows)
    c = data.contracts
    assert "language: nl" in text and "end_date: Geannuleerd op" in text
    assert c["account_id"].tolist() == ["cst_1", "cst_2", "cst_3"]
    assert c["end_date"].isna().tolist() == [True, False, True]
    # 19.95 and 49.00 a month; 99.00 a year is 8.25 a month
    assert c["mrr"].round(2).tolist() == [19.95, 49.0, 8.25]


def test_topdesk_and_otrs_tickets_have_their_opening_and_closing_times(tmp_path):
    # TOPdesk in Dutch: "Datum aangemeld" / "Datum afgemeld" were no date words, so the desk had no opening date
    rows = ["Incidentnummer,Soort binnenkomst,Behandelaar,Status,Datum aangemeld,Datum afgemeld",
            "I 2503 001,Telefoon,Pieter Bakker,Afgemeld,14-03-2025 09:00,14-03-2025 15:30",
            "I 2503 002,E-mail,Sanne de Jong,In behandeling,15-03-2025 10:00,"]
    text, data, _ = _drafted(tmp_path / "topdesk", "Incidenten overzicht.csv", rows)
    c = data.cases
    assert "opened_at: Datum aangemeld" in text and "closed_at: Datum afgemeld" in text
    assert "channel: Soort binnenkomst" in text
    assert c["opened_at"].tolist() == [pd.Timestamp("2025-03-14 09:00"), pd.Timestamp("2025-03-15 10:00")]
    assert c["closed_at"].iloc[0] == pd.Timestamp("2025-03-14 15:30") and pd.isna(c["closed_at"].iloc[1])
    # OTRS / Znuny: "Schließzeit" is the closing time, "Besitzer" the agent
    rows = ["Ticket#;Erstellt;Schließzeit;Queue;Status;Besitzer",
            "2025031410000011;2025-03-14 09:00:00;2025-03-14 17:00:00;Raw;erfolgreich geschlossen;Anna Koch",
            "2025031510000022;2025-03-15 10:00:00;;Raw;offen;Markus Schulz"]
    text, data, _ = _drafted(tmp_path / "otrs", "Ticketliste.csv", rows)
    assert "closed_at: Schließzeit" in text and "agent_id: Besitzer" in text
    assert data.cases["closed_at"].iloc[0] == pd.Timestamp("2025-03-14 17:00")


def test_an_ad_platforms_by_day_report_is_dated(tmp_path):
    # TikTok Ads Manager heads its date column "By Day": before, the spend had no month and no card
    rows = ["By Day,Campaign name,Cost,Impressions,Clicks (Destination),Conversions,Currency",
            "2025-03-14,Prospecting_NL,41.20,5000,110,3,EUR", "2025-04-02,Prospecting_NL,58.80,6100,150,5,EUR"]
    text, data, _ = _drafted(tmp_path / "tiktok", "Campaign Report(2025-03-01 to 2025-04-30).csv", rows)
    spend = data.marketing_spend
    assert "month: By Day" in text
    assert spend["month"].dt.month.tolist() == [3, 4] and spend["amount"].tolist() == [41.2, 58.8]


def test_the_one_column_of_money_is_the_deals_amount_and_two_are_asked(tmp_path):
    # Weclapp's "Umsatz netto" (net revenue) is the one column of sums: revenue 0 before, the amount only named
    rows = ["Nummer,Kunde,Vertriebsphase,Umsatz netto,Erwartetes Abschlussdatum,Erstellt am,Anzahl Aktivitäten",
            "1001,Kunde 1 GmbH,Gewonnen,12.500,00 €,14.03.2025,01.02.2025,4",
            "1002,Kunde 2 GmbH,Verloren,8.000,00 €,15.03.2025,02.02.2025,2",
            "1003,Kunde 3 GmbH,Angebot,12.500,00 €,30.04.2025,03.02.2025,4"]     # a sum repeats: no id
    rows = [rows[0]] + [r.replace("12.500,00 €", '"12.500,00 €"').replace("8.000,00 €", '"8.000,00 €"')
                        for r in rows[1:]]
    text, data, _ = _drafted(tmp_path / "weclapp", "Verkaufschancen.csv", rows)
    assert "amount: Umsatz netto" in text
    assert data.opportunities["amount"].tolist() == [12500.0, 8000.0, 12500.0]
    # Keap's "Projected Revenue Low" and "… High": which one is the deal's value is the client's call
    rows = ["Opportunity Title,Stage,Projected Revenue Low,Projected Revenue High,Estimated Close Date,Date Created",
            "O1,Won,1000,2000,2025-03-14,2025-02-01", "O2,Lost,500,900,2025-03-15,2025-02-02",
            "O3,Won,1000,2000,2025-03-16,2025-02-03"]
    (tmp_path / "keap").mkdir()
    text = _draft(tmp_path / "keap", "opportunities.csv", rows)
    assert "amount:" not in text.split("mapping:")[1].split("#")[0]
    assert "'Projected Revenue Low', 'Projected Revenue High' hold sums of money" in text


def test_a_report_of_opportunity_products_counts_each_deal_once(tmp_path):
    # Salesforce's "Opportunities with Products": no Opportunity ID, the deal's Amount again on each product line.
    # Numbered row by row, a deal of three products was won three times: October read 14 won for 6.
    rows = ["Opportunity Owner,Opportunity Name,Stage,Amount,Product Name,Total Price,Close Date,Created Date"]
    deals = (("Acme", "Closed Won", "3,000.00", 3), ("Globex", "Closed Won", "1,000.00", 2),
             ("Initech", "Closed Lost", "500.00", 2), ("Umbrella", "Closed Won", "700.00", 1))
    for deal, stage, amount, products in deals:
        rows += [f'Alex Kim,{deal},{stage},"{amount}",Product {j},100.00,03/20/2025,03/01/2025'
                 for j in range(products)]
    text, data, report = _drafted(tmp_path / "products", "report1700000000110.csv", rows)
    o = data.opportunities.set_index("opportunity_id")
    assert "opportunity_id: Opportunity Name" in text
    # by hand: 3 won deals, 3,000 + 1,000 + 700 = 4,700 (not 3 × 3,000 + 2 × 1,000 + 700 = 11,700)
    assert sorted(o.index) == ["Acme", "Globex", "Initech", "Umbrella"]
    assert o.loc[o["status"] == "won", "amount"].sum() == 4700.0
    # 8 rows read: 4 deals kept, the 4 further lines left out on purpose
    assert report.totals() == {"rows_read": 8, "rows_kept": 4, "rows_rejected": 0, "rows_excluded": 4}


def test_a_sheets_won_and_closed_checkboxes_decide_its_deals(tmp_path):
    # a Google Sheet pipeline with "Won?" / "Closed?" TRUE / FALSE: no status before, one card on page 1
    rows = ["Deal,Rep,Value,Closed?,Won?,Created,Close date",
            "D1,Kim,1000,TRUE,TRUE,03/01/2025,03/20/2025", "D2,Lou,500,TRUE,FALSE,03/02/2025,03/21/2025",
            "D3,Kim,700,FALSE,FALSE,03/03/2025,04/30/2025"]
    text, data, _ = _drafted(tmp_path / "sheet", "Pipeline - Sheet1.csv", rows)
    assert 'flags: {won: ["Won?"], closed: ["Closed?"]}' in text and "closed_at" not in text
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]


def test_months_written_as_a_month_name_and_a_year_date_a_monthly_sheet(tmp_path):
    # a Dutch agency's spend per "okt. 2026" had no month: no card
    rows = ["Maand;Kanaal;Kosten;Klikken", "sep. 2026;Google Ads;1.250,50;900", "okt. 2026;Google Ads;980,25;700",
            "okt. 2026;Meta;2.000,00;1500"]
    text, data, _ = _drafted(tmp_path / "spend", "marketingkosten.csv", rows)
    s = data.marketing_spend
    assert "month: Maand" in text
    assert s["month"].tolist() == [pd.Timestamp("2026-09-01"), pd.Timestamp("2026-10-01"), pd.Timestamp("2026-10-01")]
    assert s.groupby("month")["amount"].sum().tolist() == [1250.5, 2980.25]        # 980.25 + 2,000.00
    # a German profit and loss per "Mrz 2024": its commas in the amounts had been taken for the delimiter, the
    # header for a title, and the file refused
    rows = ["Monat;Umsatzerlöse;Materialaufwand", "Feb 2024;100.885,71;30.479,92", "Mrz 2024;115.084,21;41.019,19",
            "Apr 2024;98.000,00;35.500,50"]
    text, data, _ = _drafted(tmp_path / "bwa", "BWA_Monatswerte.csv", rows)
    f = data.financials
    assert "revenue: Umsatzerlöse" in text
    assert f["month"].dt.month.tolist() == [2, 3, 4] and f["revenue"].tolist() == [100885.71, 115084.21, 98000.0]


def test_help_desks_in_danish_and_dutch_and_an_archive_that_closes(tmp_path):
    # Zendesk in Danish: "Løst" (solved) is the closing time, "Tildelt" the agent, "Tilfredshedsbedømmelse" God / Dårlig
    rows = ["Id;Status;Tildelt;Oprettet;Løst;Tilfredshedsbedømmelse",
            "1;Løst;Mette;14-03-2025 09:00;14-03-2025 15:00;God", "2;Åben;Jonas;15-03-2025 10:00;;Ikke tilbudt",
            "3;Lukket;Mette;16-03-2025 10:00;17-03-2025 10:00;Dårlig"]
    _, data, _ = _drafted(tmp_path / "zd", "tickets-export.csv", rows)
    c = data.cases
    assert c["agent_id"].tolist() == ["Mette", "Jonas", "Mette"]
    assert c["closed_at"].notna().tolist() == [True, False, True]
    assert c["csat"].tolist()[::2] == [5.0, 1.0] and pd.isna(c["csat"].iloc[1])
    # Salesforce cases in Dutch: "Zaakeigenaar" the agent, "Herkomst van zaak" the channel
    rows = ["Zaakeigenaar,Zaaknummer,Status,Herkomst van zaak,Datum/tijd geopend,Datum/tijd gesloten",
            "Pieter Bakker,00001001,Gesloten,Telefoon,14-03-2025 09:00,14-03-2025 12:00",
            "Sanne de Jong,00001002,Nieuw,E-mail,15-03-2025 10:00,"]
    text, data, _ = _drafted(tmp_path / "sfc", "report1700000000103.csv", rows)
    assert "agent_id: Zaakeigenaar" in text and data.cases["channel"].tolist() == ["Telefoon", "E-mail"]
    # Front archives a conversation when it is done: "Archived at" closes it (RFC 2822 times)
    rows = ["Conversation ID,Status,Assignee,Created at,Archived at",
            "cnv_1,archived,ann@co.com,\"Fri, 14 Mar 2025 09:00:00 +0000\",\"Fri, 14 Mar 2025 11:30:00 +0000\"",
            "cnv_2,open,ben@co.com,\"Sat, 15 Mar 2025 10:00:00 +0000\","]
    text, data, _ = _drafted(tmp_path / "front", "conversations.csv", rows)
    assert "closed_at: Archived at" in text
    closed = data.cases["closed_at"]
    assert closed.iloc[0] == pd.Timestamp("2025-03-14 11:30") and pd.isna(closed.iloc[1])


def test_the_files_name_decides_before_its_headers_and_forms_are_leads(tmp_path):
    # Paddle's "subscriptions.csv" had become leads for its "signup_date"
    rows = ["subscription_id,user_id,status,signup_date,cancellation_effective_date,unit_price,currency,billing_cycle",
            "100001,900001,active,2025-02-01 10:00:00,,29.00,EUR,month",
            "100002,900002,deleted,2025-02-02 10:00:00,2025-03-20,290.00,EUR,year",
            "100003,900003,active,2025-02-03 10:00:00,,79.00,EUR,month"]
    text, data, _ = _drafted(tmp_path / "paddle", "subscriptions.csv", rows)
    c = data.contracts
    assert "contracts:" in text and "end_date: cancellation_effective_date" in text
    # 29 a month, 290 a year = 24.17 a month, 79 a month
    assert c["mrr"].round(2).tolist() == [29.0, 24.17, 79.0] and c["end_date"].notna().tolist() == [False, True, False]
    # a form's "responses.csv" is leads, dated by "Submit Date (UTC)", sourced by its question
    rows = ["#,What is your name?,Company size,How did you hear about us?,Start Date (UTC),Submit Date (UTC),"
            "Network ID",
            "a1f,Ann,1-10,Google,2025-03-14 09:57:00,2025-03-14 10:00:00,9f1",
            "b2e,Ben,11-50,LinkedIn,2025-03-15 10:57:00,2025-03-15 11:00:00,9f2"]
    text, data, _ = _drafted(tmp_path / "typeform", "responses.csv", rows)
    leads = data.leads
    assert leads["created_at"].tolist() == [pd.Timestamp("2025-03-14 10:00"), pd.Timestamp("2025-03-15 11:00")]
    assert leads["source"].tolist() == ["Google", "LinkedIn"]


def test_amounts_in_kr_of_a_file_not_in_danish_ask_which_crown(tmp_path):
    # Salesforce in Swedish: "kr" is SEK there; the draft reads DKK and asks. "Stadium" alone, a Dutch word as well,
    # made the report Dutch
    rows = ["Affärsmöjlighetens namn,Stadium,Belopp,Stängningsdatum,Skapat datum",
            'AM 1,Stängd vunnen,"12 500,00 kr",2025-03-14,2025-02-01',
            'AM 2,Stängd förlorad,"8 000,00 kr",2025-03-15,2025-02-02',
            'AM 3,Förhandling,"8 000,00 kr",2025-04-30,2025-02-03']
    text = _draft(tmp_path, "report1700000000102.csv", rows)
    assert "language: en" in text and "REVIEW: amounts in 'kr'" in text


def test_object_prefixed_headers_and_an_export_whose_columns_no_list_knows(tmp_path):
    # Zuora's data source export heads its columns "Object: Field": nothing was placed and the draft's
    # "columns:" of None did not validate
    rows = ["Subscription: Subscription Number,Account: Account Number,Subscription: Status,"
            "Subscription: Subscription Start Date,Subscription: Cancelled Date,Rate Plan Charge: MRR",
            "A-S1,A1,Active,2025-02-01,,49.00", "A-S2,A2,Cancelled,2025-02-02,2025-03-20,99.00"]
    text, data, _ = _drafted(tmp_path / "zuora", "Subscriptions_Export.csv", rows)
    c = data.contracts
    assert c["account_id"].tolist() == ["A1", "A2"] and c["mrr"].tolist() == [49.0, 99.0]
    assert c["end_date"].notna().tolist() == [False, True]


def test_jira_in_german_and_dutch_and_salesforce_events_in_german(tmp_path):
    # Jira DE: "Erledigt" is the resolution date, "Fertig" a done status; Jira NL: "Gemaakt" / "Opgelost"
    rows = ["Vorgangsschlüssel,Vorgangs-ID,Status,Bearbeiter,Erstellt,Erledigt",
            "SUP-1,10001,Fertig,Julia Wagner,14.03.2025 09:00,14.03.2025 17:00",
            "SUP-2,10002,Offen,Tobias Becker,15.03.2025 10:00,"]
    text, data, _ = _drafted(tmp_path / "jira_de", "Jira.csv", rows)
    assert "closed_at: Erledigt" in text and data.cases["closed_at"].notna().tolist() == [True, False]
    rows = ["Issuesleutel,Issue-ID,Status,Toegewezen aan,Gemaakt,Opgelost",
            "HD-1,20001,Gereed,Pieter Bakker,14/mrt/25 9:00 AM,14/mrt/25 5:00 PM",
            "HD-2,20002,Open,Sanne de Jong,15/mrt/25 10:00 AM,"]
    text, data, _ = _drafted(tmp_path / "jira_nl", "Jira (2).csv", rows)
    _opened_and_first_closed(data, ["2025-03-14 09:00", "2025-03-15 10:00"], "2025-03-14 17:00")
    # Salesforce events in German ("Beginn", "Ende") had been read as subscriptions
    rows = ["Zugewiesen,Betreff,Typ,Beginn,Ende,Dauer",
            "Jonas Weber,Termin,Besprechung,14.03.2025 10:00,14.03.2025 11:00,60",
            "Lena Fischer,Besuch,Besuch,15.03.2025 09:00,15.03.2025 10:00,60"]
    text, data, _ = _drafted(tmp_path / "events", "report1700000000201.csv", rows)
    assert "activities:" in text and data.activities["type"].tolist() == ["meeting", "visit"]


def test_a_vendors_own_value_words_are_written_where_the_draft_writes_a_mapping(tmp_path):
    # HubSpot contacts in Danish: "Kunde" converted, every other stage not; the mapping the draft wrote for "Post-id"
    # left the built-in words out, and 900 of 900 stages were "neither yes nor no"
    rows = ["Post-id,Livscyklusfase,Oprettelsesdato,Blev kunde dato",
            "1,Kunde,01-03-2025 10:00,20-03-2025 10:00", "2,Abonnent,02-03-2025 10:00,", "3,Lead,03-03-2025 10:00,"]
    text, data, report = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-kontakter-2025-03-31.csv", rows)
    assert data.leads["converted"].tolist() == [True, False, False]
    assert not [i for i in report.issues if i["column"] and "converted" in i["column"]]
    assert data.leads["converted_at"].notna().tolist() == [True, False, False]


def test_calendly_no_shows_and_cancellations_are_meetings_not_held(tmp_path):
    # "Marked as No-Show" was ignored: a meeting the invitee did not attend counted as held
    rows = ["Invitee Name,Start Date & Time,Canceled,Marked as No-Show,User Name",
            "P1,2025-03-14 10:00 AM,false,false,Ivy Chen", "P2,2025-03-14 11:00 AM,true,false,Ivy Chen",
            "P3,2025-03-15 09:00 AM,false,true,Ben Ode", "P4,2025-03-15 10:00 AM,false,false,Ben Ode"]
    text, data, _ = _drafted(tmp_path / "calendly", "events-export.csv", rows)
    assert "none_of" in text
    assert data.activities["completed"].tolist() == [True, False, False, True]


def test_dutch_call_outcomes_dot_times_dynamics_qualified_leads_and_a_dutch_workbooks_close_dates(tmp_path):
    # HubSpot calls in Dutch: "Gespreksresultaat" Verbonden / Geen antwoord; every past call had counted as held
    rows = ["Record-ID,Activiteitsdatum,Activiteit toegewezen aan,Gespreksresultaat,Duur gesprek (HH:mm:ss)",
            "1,14-03-2025 10:00,Bram Peters,Verbonden,00:05:00", "2,14-03-2025 11:00,Iris Vos,Geen antwoord,00:00:00",
            "3,15-03-2025 09:00,Bram Peters,Voicemail ingesproken,00:00:00"]
    text, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-gesprekken-2025-03-31.csv", rows)
    acts = data.activities
    assert "language: nl" in text and acts["completed"].tolist() == [True, False, False]
    assert acts["duration_min"].tolist() == [5.0, 0.0, 0.0]
    # a Dutch ticket list writes its times with a dot: "14.05"; no date was read
    rows = ["Ticketnummer;Status;Behandelaar;Aangemaakt;Gesloten op",
            "1;Gesloten;Pieter;14-03-2025 09.15;14-03-2025 14.05",
            "2;Open;Sanne;15-03-2025 10.30;"]
    _, data, _ = _drafted(tmp_path / "tickets", "tickets.csv", rows)
    _opened_and_first_closed(data, ["2025-03-14 09:15", "2025-03-15 10:30"], "2025-03-14 14:05")
    # Dynamics 365 leads in German: a lead in state "Qualifiziert" has become an opportunity
    rows = ["(Nicht ändern) Lead,(Nicht ändern) Geändert am,Status,Statusgrund,Leadquelle,Besitzer,Erstellt am",
            "{1},01.04.2025 10:00,Qualifiziert,Qualifiziert,Web,Jonas Weber,01.03.2025 10:00",
            "{2},01.04.2025 10:00,Offen,Neu,Messe,Lena Fischer,02.03.2025 10:00",
            "{3},01.04.2025 10:00,Disqualifiziert,Kein Interesse,Web,Jonas Weber,03.03.2025 10:00"]
    text, data, _ = _drafted(tmp_path / "dyn", "Meine offenen Leads 01.04.2025 10-00-00.csv", rows)
    assert data.leads["converted"].tolist() == [True, False, False] and "converted," not in text.split("not found")[-1]
    # a Dutch sheet's "Gesloten" (closed on) is the close date of its won and lost deals
    rows = ["Deal ID,Eigenaar,Status,Waarde,Aangemaakt,Gesloten", "1,Bram,Gewonnen,1000,01-03-2025,14-03-2025",
            "2,Iris,Verloren,500,02-03-2025,15-03-2025", "3,Bram,Open,700,03-03-2025,"]
    text, data, _ = _drafted(tmp_path / "deals", "deals.csv", rows)
    assert data.opportunities["close_date"].notna().tolist() == [True, True, False]


def test_a_chat_tools_chats_and_zendesks_widget_ratings_are_a_help_desk(tmp_path):
    # LiveChat's chats.csv had been refused as activities without a type; "rated good" / "rated bad" are its CSAT
    rows = ["chat id,chat start date,chat end date,operator 1 nick,rate",
            "R1,2025-03-14 10:00:00,2025-03-14 10:12:00,Anna,rated good",
            "R2,2025-03-14 11:00:00,2025-03-14 11:30:00,Mark,rated bad",
            "R3,2025-03-15 09:00:00,2025-03-15 09:05:00,Anna,not rated"]
    text, data, _ = _drafted(tmp_path / "livechat", "chats.csv", rows)
    c = data.cases
    assert "cases:" in text and c["agent_id"].tolist() == ["Anna", "Mark", "Anna"]
    assert c["csat"].tolist()[:2] == [5.0, 1.0] and pd.isna(c["csat"].iloc[2])
    assert c["closed_at"].iloc[0] == pd.Timestamp("2025-03-14 10:12")
    # Zendesk's satisfaction as its widget words: all 1,000 had been "not numbers", the verdict "check before use"
    rows = ["Id,Status,Assignee,Created at,Solved at,Satisfaction Score",
            "1,Solved,Ann,2025-03-14 09:00,2025-03-14 15:00,\"Good, I'm satisfied\"",
            "2,Solved,Ben,2025-03-15 10:00,2025-03-16 10:00,\"Bad, I'm unsatisfied\"",
            "3,Open,Ann,2025-03-16 10:00,,Unoffered"]
    _, data, _ = _drafted(tmp_path / "zd", "export-2025-03-31.csv", rows)
    assert data.cases["csat"].tolist()[:2] == [5.0, 1.0] and pd.isna(data.cases["csat"].iloc[2])


def test_trade_fair_contacts_are_leads_and_a_weekly_ad_report_is_dated_by_its_weeks(tmp_path):
    # a trade-fair scanner's "Messekontakte" had been a help desk's cases
    rows = ["Scan-Datum,Vorname,Firma,E-Mail,Messe,Erfasst von",
            "14.03.2025 10:00,A,Firma Alpha,a@alpha.de,LogiMAT,Jonas Weber",
            "15.03.2025 11:00,B,Firma Beta,b@beta.de,SPS,Lena Fischer"]
    text, data, _ = _drafted(tmp_path / "fair", "Messekontakte.csv", rows)
    leads = data.leads
    assert "leads:" in text and leads["source"].tolist() == ["LogiMAT", "SPS"]
    assert leads["created_at"].iloc[0] == pd.Timestamp("2025-03-14 10:00")
    assert leads["owner_id"].iloc[1] == "Lena Fischer"
    # "2025-W11" is the week of Monday 10 March 2025: the spend had no month at all
    rows = ["Week,Campaign,Cost,Clicks", "2025-W11,Search,410.50,900", "2025-W14,Search,380.00,850"]
    _, data, _ = _drafted(tmp_path / "weeks", "weekly_spend.csv", rows)
    assert data.marketing_spend["month"].tolist() == [pd.Timestamp("2025-03-10"), pd.Timestamp("2025-03-31")]


def test_a_shops_orders_are_deals_won_when_paid_and_their_further_lines_are_left_out(tmp_path):
    # Shopify's orders export: "Name" and "Email" made it Pipedrive's persons, refused; its "2025-03-14 10:00:00 +0100"
    # was no date. Each order writes its status, paid time and total on its first line only.
    from crmanalysis.report import _quality_verdict

    rows = ["Name,Email,Financial Status,Paid at,Currency,Total,Created at,Lineitem name,Lineitem quantity",
            "#1001,a@x.nl,paid,2025-03-14 10:00:00 +0100,EUR,120.00,2025-03-14 09:58:00 +0100,Mug,1",
            "#1001,a@x.nl,,,,,2025-03-14 09:58:00 +0100,Plate,2",
            "#1002,b@x.nl,refunded,2025-03-15 11:00:00 +0100,EUR,80.00,2025-03-15 10:58:00 +0100,Bowl,1",
            "#1003,c@x.nl,paid,2025-03-16 12:00:00 +0100,EUR,45.50,2025-03-16 11:58:00 +0100,Cup,1",
            "#1003,c@x.nl,,,,,2025-03-16 11:58:00 +0100,Saucer,1",
            "#1003,c@x.nl,,,,,2025-03-16 11:58:00 +0100,Spoon,1"]
    text, data, report = _drafted(tmp_path / "shop", "orders_export_1.csv", rows)
    o = data.opportunities.set_index("opportunity_id")
    # by hand: 3 orders; #1001 and #1003 paid: 120.00 + 45.50 = 165.50; #1002 refunded
    assert sorted(o.index) == ["#1001", "#1002", "#1003"] and o["status"].tolist() == ["won", "lost", "won"]
    assert o.loc[o["status"] == "won", "amount"].sum() == 165.5
    assert o.loc["#1001", "close_date"] == pd.Timestamp("2025-03-14")         # paid 10:00 +0100: 09:00 UTC
    assert report.totals() == {"rows_read": 6, "rows_kept": 3, "rows_rejected": 0, "rows_excluded": 3}
    # the further lines have no status of their own: no doubt about rows left out on purpose, and page 1's box says
    # how many were read, used and left out, not "all 6 rows … read and used"
    assert not [i for i in report.issues if i["canonical"] == "status"]
    recorded = {"totals": report.totals(), "files": report.accounting().to_dict("records"), "warnings": 0,
                "errors": 0, "issues": []}
    said = _quality_verdict(recorded, "en")[1]
    assert said.startswith("Good: all 6 rows of the export were read: 3 used, 3 left out"), said


def test_won_and_lost_as_dutch_german_and_danish_business_software_writes_them(tmp_path):
    # AFAS "Gescoord" / "Niet gescoord", Simplicate "Verkocht" / "Niet verkocht", CAS genesisWorld "Auftrag": every
    # deal had read as open, revenue 0
    for name, won, lost in (("afas", "Gescoord", "Niet gescoord"), ("simplicate", "Verkocht", "Niet verkocht")):
        rows = ["Verkoopkans;Organisatie/persoon;Status;Bedrag;Datum;Einddatum;Medewerker",
                f"VK1;Org 1;{won};1.000,00;01-03-2025;14-03-2025;Bram Peters",
                f"VK2;Org 2;{lost};500,00;02-03-2025;15-03-2025;Iris Vos",
                "VK3;Org 3;Open;700,00;03-03-2025;30-04-2025;Bram Peters"]
        text, data, _ = _drafted(tmp_path / name, "Verkoopkansen.csv", rows)
        o = data.opportunities
        assert "language: nl" in text and o["status"].tolist() == ["won", "lost", "open"]
        assert o["created_at"].notna().all() and o["owner_id"].tolist()[:2] == ["Bram Peters", "Iris Vos"]
    rows = ["Verkaufschance;Firma;Status;Volumen;Angelegt am;Abschluss;Zuständig",
            "VC-1;Firma A;Auftrag;12.000,00;01.03.2025;14.03.2025;Felix Wolf",
            "VC-2;Firma B;Verloren;8.000,00;02.03.2025;15.03.2025;Laura Braun"]
    _, data, _ = _drafted(tmp_path / "cas", "Verkaufschancen.csv", rows)
    o = data.opportunities
    assert o["status"].tolist() == ["won", "lost"] and o["amount"].tolist() == [12000.0, 8000.0]
    assert o["close_date"].notna().all() and o["owner_id"].tolist() == ["Felix Wolf", "Laura Braun"]
    # a Danish export without a currency is in Danish crowns until the consultant says otherwise
    rows = ["Nr.;Kontaktnavn;Status;Anslået værdi (RV);Oprettelsesdato;Lukkedato;Sælgerkode",
            "SM1;Kunde A;Vundet;10.000,00;01-03-2025;14-03-2025;MH",
            "SM2;Kunde B;Tabt;5.000,00;02-03-2025;15-03-2025;SN"]
    (tmp_path / "bc").mkdir()
    assert "currency: DKK" in _draft(tmp_path / "bc", "Salgsmuligheder.csv", rows)


def test_a_danish_call_list_danish_tickets_and_zoho_desk_in_german(tmp_path):
    # a Danish phone system's "opkaldsliste" had been a help desk's cases, and its "Varighed" 7:42 (7 minutes 42)
    # read as 7 hours 42: October's talk time was 864 hours for 14
    rows = ["Dato;Tid;Retning;Varighed;Status;Medarbejder",
            "14-03-2025;10:00;Udgående;7:42;Besvaret;Mette Hansen",
            "14-03-2025;11:00;Udgående;0:00;Ubesvaret;Jonas Berg",
            "15-03-2025;09:00;Indgående;12:30;Besvaret;Mette Hansen"]
    text, data, _ = _drafted(tmp_path / "calls", "opkaldsliste.csv", rows)
    acts = data.activities
    # the third came in ("Indgående"): a customer's call, logged as another activity
    assert acts["type"].tolist() == ["call", "call", "other"] and acts["completed"].tolist() == [True, False, True]
    assert acts["duration_min"].tolist() == [7.7, 0.0, 12.5]                        # 7 + 42/60, 12 + 30/60
    # HubSpot tickets in Danish ("billetter") had been deals; Zoho Desk's German "Erstellungszeit" no opening time
    rows = ["Post-id,Billetnavn,Billetstatus,Oprettelsesdato,Lukkedato,Billetejer",
            "1,Spørgsmål,Lukket,14-03-2025 09:00,14-03-2025 17:00,Mette Hansen",
            "2,Spørgsmål,Ny,15-03-2025 10:00,,Jonas Berg"]
    text, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-billetter-2025-03-31.csv", rows)
    assert "cases:" in text and data.cases["agent_id"].tolist() == ["Mette Hansen", "Jonas Berg"]
    _opened_and_first_closed(data, ["2025-03-14 09:00", "2025-03-15 10:00"], "2025-03-14 17:00")
    rows = ["Ticket-ID,Status,Erstellungszeit,Schließzeit,Ticket-Besitzer",
            "100,Geschlossen,14.03.2025 09:00,14.03.2025 17:00,Julia",
            "101,Offen,15.03.2025 10:00,,Tobias"]
    _, data, _ = _drafted(tmp_path / "zdesk", "Tickets.csv", rows)
    _opened_and_first_closed(data, ["2025-03-14 09:00", "2025-03-15 10:00"], "2025-03-14 17:00")


def test_a_currency_column_without_codes_is_left_out(tmp_path):
    # SugarCRM writes its system currency's id, -99, in "Currency": drafted as the currency, the draft did not
    # validate ("-99" is no code) and every amount would have asked for a rate
    rows = ['"ID";"Opportunity Name";"Opportunity Amount";"Currency";"Sales Stage";"Expected Close Date";'
            '"Date Created"']
    rows += [f'"id{i}";"Deal {i}";"{i}.500,00";"-99";"{("Closed Won", "Closed Lost", "Prospecting")[i % 3]}";'
             f'"{10 + i}.10.2026";"0{1 + i % 9}.05.2026 10:00"' for i in range(9)]
    text, data, report = _drafted(tmp_path / "sub", "Opportunities.csv", rows)
    assert "currency: Opportunity" not in text and "'Currency' holds '-99', no currency code" in text
    won = data.opportunities[data.opportunities["status"] == "won"]
    # won: i = 0, 3, 6 → 0.500 + 3.500 + 6.500 = 10,500.00
    assert won["amount"].sum() == 10_500 and report.totals()["rows_rejected"] == 0


def test_a_name_like_an_id_header_is_no_id(tmp_path):
    # Odoo's German deal name "Verkaufschance" is 90 % like "Verkaufschance ID": taken as the id, the second
    # deal of each name was rejected as a copy (120 of 210 in the export this came from)
    rows = ["Verkaufschance,Kunde,Phase,Erwarteter Umsatz,Erstellt am,Verkäufer,Aktiv"]
    rows += [f"Beratungstag,Kunde {i},{('Gewonnen', 'Angebot')[i % 2]},{1000 * (i + 1)},2026-0{1 + i}-03 10:00:00,"
             f"Jan Krause,True" for i in range(8)]
    text, data, report = _drafted(tmp_path / "sub", "Lead_Verkaufschance (crm.lead).csv", rows)
    assert "opportunity_id: Verkaufschance" not in text
    # 8 rows in, 8 kept: four won (i = 0, 2, 4, 6) worth 1,000 + 3,000 + 5,000 + 7,000 = 16,000
    assert report.totals()["rows_kept"] == 8 and report.totals()["rows_rejected"] == 0
    assert data.opportunities.loc[data.opportunities["status"] == "won", "amount"].sum() == 16_000


def test_a_won_date_every_deal_has_is_the_close_date_and_the_fully_read_status_wins(tmp_path):
    # Close writes "date_won" for every opportunity (expected for the active ones) and two status columns: its own
    # labels ("Not a Fit") and their type (won / lost / active). Read as the won date, the lost deals had no date
    # and October's win rate read 100 %
    rows = ["id,status_label,status_type,value,date_won,date_created"]
    kinds = [("Won", "won"), ("Lost", "lost"), ("Not a Fit", "lost"), ("Qualified", "active"), ("Won", "won")]
    rows += [f"oppo_{i},{label},{kind},{1000 * (i + 1)},2026-10-{10 + i},2026-09-0{1 + i}"
             for i, (label, kind) in enumerate(kinds * 2)]
    text, data, _ = _drafted(tmp_path / "sub", "opportunities_2026-11-01.csv", rows)
    assert "status: status_type" in text and "close_date: date_won" in text
    deals = data.opportunities.set_index("opportunity_id")
    # "Not a Fit" is a lost type: 4 lost of 10 (i = 1, 2, 6, 7), each dated in October
    assert (deals["status"] == "lost").sum() == 4 and deals.loc["oppo_2", "status"] == "lost"
    assert deals.loc[deals["status"] == "lost", "close_date"].notna().all()


def test_help_desks_of_gorgias_autotask_jira_servicenow_and_zendesk_in_their_words(tmp_path):
    # Gorgias' "Created datetime" / "Closed datetime" were no opening or closing time: the report fell on the
    # export's month with no cases; Autotask's "Completed Date" and "Primary Resource" were left out
    rows = ["Ticket id,Status,Created datetime,Closed datetime,Assignee,Satisfaction score",
            "1,closed,2026-10-14T09:00:00+00:00,2026-10-14T17:00:00.000000+00:00,Pierre,5",
            "2,open,2026-10-15T10:00:00+00:00,,Anna,"]
    _, data, _ = _drafted(tmp_path / "gorgias", "gorgias-tickets-export-2026-11-01.csv", rows)
    # in UTC; Amsterdam's wall clock is two hours later in October (summer time until the 25th)
    _opened_and_first_closed(data, ["2026-10-14 11:00", "2026-10-15 12:00"], "2026-10-14 19:00")
    rows = ['"Ticket Number","Status","Primary Resource","Created","Completed Date"',
            '"T20261014.0001","Complete","Tyler Nguyen","10/14/2026 9:00 AM","10/14/2026 5:00 PM"',
            '"T20261015.0002","New","Nadia Ali","10/15/2026 10:00 AM",""']
    _, data, _ = _drafted(tmp_path / "autotask", "TicketSearchResults.csv", rows)
    _opened_and_first_closed(data, ["2026-10-14 09:00", "2026-10-15 10:00"], "2026-10-14 17:00")
    assert data.cases["agent_id"].tolist() == ["Tyler Nguyen", "Nadia Ali"]
    # ServiceNow in German closes a solved incident days later: "Gelöst" is its resolution, before "Geschlossen";
    # Zendesk in Dutch: "Aangevraagd" is the opening; Jira's "Custom field (Satisfaction)" its rating
    rows = ["Nummer;Eröffnet;Status;Gelöst;Geschlossen",
            "INC1;14.10.2026 09:00:00;Geschlossen;14.10.2026 17:00:00;21.10.2026 17:00:00",
            "INC2;15.10.2026 10:00:00;Neu;;"]
    _, data, _ = _drafted(tmp_path / "snow", "incident.csv", rows)
    _opened_and_first_closed(data, ["2026-10-14 09:00", "2026-10-15 10:00"], "2026-10-14 17:00")
    rows = ["ID;Status;Aangevraagd;Bijgewerkt;Opgelost;Tevredenheidsscore",
            "1;Gesloten;14-10-2026 09:00;20-10-2026 09:00;14-10-2026 17:00;Goed",
            "2;Open;15-10-2026 10:00;15-10-2026 10:00;;Niet aangeboden"]
    _, data, _ = _drafted(tmp_path / "zendesk", "export-2026-11-01-0900-tickets.csv", rows)
    _opened_and_first_closed(data, ["2026-10-14 09:00", "2026-10-15 10:00"], "2026-10-14 17:00")
    assert data.cases["csat"].iloc[0] == 5 and pd.isna(data.cases["csat"].iloc[1])
    rows = ["Issue key,Status,Created,Resolved,Custom field (Satisfaction)",
            "SD-1,Resolved,14/Oct/26 9:00 AM,14/Oct/26 5:00 PM,4",
            "SD-2,Open,15/Oct/26 10:00 AM,,"]
    _, data, _ = _drafted(tmp_path / "jira", "Jira.csv", rows)
    assert data.cases["csat"].iloc[0] == 4


def test_freshdesks_seven_answers_are_satisfied_from_happy_up():
    from crmanalysis.io.steps import rating_scale_of

    answers = ["Extremely unhappy", "Very unhappy", "Unhappy", "Neutral", "Happy", "Very happy", "Extremely happy"]
    scale = rating_scale_of(pd.Series(answers))
    # its three happy answers at 4 and up (satisfied), its three unhappy ones at 2 and below (poor)
    assert [scale[a.casefold()] for a in answers] == [1, 1.5, 2, 3, 4, 4.5, 5]


def test_deals_in_swedish_and_norwegian_and_dynamics_dutch_closing_dates(tmp_path):
    # a Swedish Lime export had only "Status" and "Valuta" known: no amount, no dates, and the report fell on the
    # export's own month with nothing in it
    rows = ["Affär;Företag;Status;Värde;Valuta;Förväntat avslut;Stängningsdatum;Skapad;Ansvarig",
            "Avtal 1;Acme AB;Vunnen;12 500;SEK;2026-10-20;2026-10-14;2026-09-01;Eva Lind",
            "Avtal 2;Beta AB;Förlorad;8 000;SEK;2026-10-20;2026-10-15;2026-09-02;Eva Lind",
            "Avtal 3;Gamma AB;Pågående;5 000;SEK;2026-11-20;;2026-09-03;Per Berg"]
    text, data, _ = _drafted(tmp_path / "lime", "Affärer 2026-11-01.csv", rows)
    deals = data.opportunities
    assert deals["amount"].tolist() == [12_500, 8_000, 5_000] and deals["owner_id"].iloc[2] == "Per Berg"
    # a decided deal is dated by its closing, an open one by its plan
    assert deals["close_date"].tolist() == [pd.Timestamp(x) for x in ("2026-10-14", "2026-10-15", "2026-11-20")]
    assert "currency: SEK" in text
    # SuperOffice in Norwegian dates a sale by its plain "Dato"; Dynamics in Dutch writes "Werkelijke afsluitdatum"
    rows = ["Salg;Firma;Status;Beløp;Valuta;Dato;Registrert;Oppdatert;Vår kontakt",
            "Lisens;Nord AS;Solgt;10000;NOK;14.10.2026;01.09.2026;14.10.2026;Kari",
            "Service;Sør AS;Tapt;5000;NOK;15.10.2026;02.09.2026;15.10.2026;Ola"]
    _, data, _ = _drafted(tmp_path / "so", "Salg_eksport_01.11.2026.csv", rows)
    assert data.opportunities["close_date"].tolist() == [pd.Timestamp("2026-10-14"), pd.Timestamp("2026-10-15")]
    rows = ["(Niet wijzigen) Verkoopkans,Onderwerp,Status,Werkelijke omzet,Geschatte afsluitdatum,"
            "Werkelijke afsluitdatum,Gemaakt op,Eigenaar",
            "a1,Deal 1,Gewonnen,1000,20-10-2026,14-10-2026,01-09-2026,Jan",
            "a2,Deal 2,Open,2000,20-11-2026,,02-09-2026,Piet"]
    _, data, _ = _drafted(tmp_path / "dyn", "Alle verkoopkansen 1-11-2026 09-02-13.csv", rows)
    assert data.opportunities["close_date"].tolist() == [pd.Timestamp("2026-10-14"), pd.Timestamp("2026-11-20")]


def test_stripe_subscriptions_per_seat_and_never_started(tmp_path):
    # Stripe's Amount is one seat's price: 5 seats of €129 a month had counted €129 of MRR; a subscription whose
    # first payment failed ("incomplete_expired") never started, and counted as a new one
    rows = ["id,Customer ID,Quantity,Interval,Amount,Status,Start (UTC),Ended At (UTC)",
            "sub_1,cus_1,5,month,129.00,active,2026-08-06 02:17,",
            "sub_2,cus_2,1,year,1200.00,active,2026-09-01 10:00,",
            "sub_3,cus_3,2,month,49.00,incomplete_expired,2026-10-03 10:00,2026-10-04 10:00"]
    text, data, report = _drafted(tmp_path / "sub", "subscriptions.csv", rows)
    assert "mrr: {from: Amount, per: Interval, times: Quantity}" in text
    assert "where: {column: Status, not: [incomplete_expired]}" in text
    # 5 × 129 = 645 a month; 1 × 1,200 a year = 100 a month
    assert data.contracts["mrr"].tolist() == [645, 100]
    assert report.totals()["rows_excluded"] == 1 and report.totals()["rows_kept"] == 2
    # next month's export holds a status this one did not ("unpaid"): kept, where a list of the statuses seen
    # would have left it out
    (tmp_path / "sub" / "subscriptions.csv").write_text(
        "\n".join([*rows, "sub_4,cus_4,1,month,10.00,unpaid,2026-11-03 10:00,"]) + "\n", encoding="utf-8")
    data, report = load_client(tmp_path / "sub" / "client.yml", cache=False)
    assert data.contracts["mrr"].tolist() == [645, 100, 10] and report.totals()["rows_excluded"] == 1


def test_a_typo_in_a_derived_column_names_the_key(tmp_path):
    from crmanalysis.config import ConfigError, load_config

    (tmp_path / "s.csv").write_text("Customer ID,Amount,Interval,Start\nc1,10,month,2026-01-01\n", encoding="utf-8")
    (tmp_path / "client.yml").write_text(
        "client_id: x\nname: X\nsource: custom\ncurrency: EUR\nfiles:\n  contracts: s.csv\nmapping:\n  contracts:\n"
        "    columns: {account_id: Customer ID, start_date: Start}\n"
        "    derived:\n      mrr: {from: Amount, per: Interval, tims: Quantity}\n", encoding="utf-8")
    with pytest.raises(ConfigError,
                       match=r'derived\.mrr\.tims": unknown key; valid keys: every, from, less, none_of, '
                             r'only_where, per'):
        load_config(tmp_path / "client.yml")


def test_meta_ads_summary_row_and_results_of_mixed_objectives(tmp_path):
    # Meta's "Include summary row" writes the year's total first, without a campaign: November held the whole
    # year's spend; its "Results" are each campaign's objective (link clicks, reach, leads): only a lead's or a
    # purchase's are conversions
    rows = ["Reporting starts,Reporting ends,Campaign name,Results,Result indicator,Impressions,Amount spent (EUR),"
            "Link clicks",
            "2025-11-01,2026-10-31,,,,3000,100.00,90",
            "2025-11-03,2025-11-03,Brand,10,actions:link_click,1000,40.00,30",
            "2026-10-05,2026-10-05,Leads,2,actions:onsite_conversion.lead_grouped,1000,35.00,30",
            "2026-10-06,2026-10-06,Reach,900,reach,1000,25.00,30"]
    text, data, report = _drafted(tmp_path / "meta", "Acme-Campaigns-Nov-1-2025-Oct-31-2026.csv", rows)
    assert "conversions: {from: Results, only_where: {column: Result indicator" in text
    assert data.marketing_spend["conversions"].tolist()[1] == 2
    assert data.marketing_spend["conversions"].isna().tolist() == [True, False, True]
    spend = data.marketing_spend.groupby(data.marketing_spend["month"].dt.to_period("M"))["amount"].sum()
    # November: 40 (not 40 + the total of 100); October: 35 + 25 = 60
    assert spend.to_dict() == {pd.Period("2025-11"): 40, pd.Period("2026-10"): 60}
    assert report.totals()["rows_excluded"] == 1


def test_ringcentrals_call_results_and_length(tmp_path):
    # eleven outcomes (more than the eight a call log's outcome column was allowed) and "Length" in h:mm:ss: only
    # the calls were counted, none of them held, and no talk time
    # "Answered Not Accepted" (screened, not taken; unknown, it was held) is none either
    outcomes = ["Call connected", "Accepted", "No Answer", "Voicemail", "Missed", "Busy", "Rejected", "Hang Up",
                "Answered Not Accepted", "Call connected", "Accepted"]
    rows = ["Type,Direction,From,To,Extension,Date,Time,Action,Action Result,Length"]
    rows += [f"Voice,Inbound,+4917{i},030555,200,10/{10 + i}/2026,9:00 AM,VoIP Call,{o},0:0{i % 10}:30"
             for i, o in enumerate(outcomes)]
    _, data, _ = _drafted(tmp_path / "rc", "call_log_11-01-2025_11-01-2026.csv", rows)
    acts = data.activities
    # held: i = 0, 1, 9, 10; their lengths 0:00:30, 0:01:30, 0:09:30, 0:00:30 = 0.5 + 1.5 + 9.5 + 0.5 minutes
    assert acts["completed"].tolist() == [True, True] + [False] * 7 + [True, True]
    assert acts.loc[acts["completed"], "duration_min"].sum() == 12


def test_an_ad_platforms_test_leads_are_left_out(tmp_path):
    # Meta's Lead Ads Testing Tool writes its leads into the form's download: two of October's 32 leads
    rows = ["id,created_time,ad_id,campaign_name,form_name,is_organic,platform,full_name,email,lead_status",
            "l:1,2026-10-05T10:00:00+02:00,ag:1,Herbst,Anfrage,false,fb,Anna Weber,anna@example.de,complete",
            "l:2,2026-10-06T10:14:02+02:00,,,Anfrage,false,fb,<test lead: dummy data for full_name>,test@fb.com,"
            "complete",
            "l:3,2026-10-07T11:00:00+02:00,ag:2,Herbst,Anfrage,false,ig,Jonas Berg,jonas@example.de,complete"]
    _, data, report = _drafted(tmp_path / "fb", "Anfrage_leads_2025-11-01_2026-11-01.csv", rows)
    assert data.leads["lead_id"].tolist() == ["l:1", "l:3"] and report.totals()["rows_excluded"] == 1


def test_spam_conversations_are_no_cases(tmp_path):
    # Help Scout files junk mail as conversations with the status "spam": counted, October read 48 cases for 47
    rows = ["Conversation ID,Number,Status,Created At,Closed At,Assigned To",
            "1,101,closed,2026-10-05T10:00:00Z,2026-10-05T12:00:00Z,Anna",
            "2,102,spam,2026-10-06T10:00:00Z,,",
            "3,103,active,2026-10-07T10:00:00Z,,Jonas"]
    _, data, report = _drafted(tmp_path / "hs", "helpscout-conversations-export-2026-11-01.csv", rows)
    assert data.cases["case_id"].tolist() == ["101", "103"] and report.totals()["rows_excluded"] == 1
    # and the report says why (the note that left the row out had been dropped with it as a moot doubt)
    assert [i["rows"] for i in report.issues if i.get("note", {}).get("key") == "dq.spam_cases"] == [[3]]


def test_a_meetings_files_own_meeting_types_and_a_sheet_dynamics_hides(tmp_path):
    # HubSpot's meetings export: its "Call and meeting type" (Discovery, Check-in, Demo) is a kind of meeting;
    # read as the activity's type, nearly every meeting was "other" and page 1 had no card
    rows = ["Record ID,Meeting name,Activity date,Meeting outcome,Activity assigned to,Call and meeting type,"
            "Create date",
            "1,Kick-off,2026-10-05 10:00,Completed,Rebecca Lowe,Discovery,2026-10-01 09:00",
            "2,Review,2026-10-06 10:00,Completed,Marco Bianchi,Check-in,2026-10-01 09:00",
            "3,Demo,2026-10-07 10:00,Canceled,Marco Bianchi,Demo,2026-10-01 09:00"]
    text, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-all-meetings-2026-11-01.csv", rows)
    assert "constants: {type: meeting}" in text and data.activities["type"].tolist() == ["meeting"] * 3
    # Dynamics 365 keeps its option lists in a very hidden sheet: read as a second sheet of deals
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "All Opportunities"
    ws.append(["(Do Not Modify) Opportunity", "(Do Not Modify) Modified On", "Topic", "Status", "Actual Revenue",
               "Actual Close Date", "Created On"])
    ws.append(["a1", "2026-10-20 10:00", "Deal 1", "Won", 1000, "2026-10-14", "2026-09-01"])
    ws.append(["a2", "2026-10-20 10:00", "Deal 2", "Lost", 500, "2026-10-15", "2026-09-02"])
    hidden = wb.create_sheet("hiddenSheet")
    hidden.append(["opportunity:abc==:opportunityid=%28Do%20Not%20Modify%29", None, None])
    hidden.append(["Open", "Won", "Lost"])
    hidden.sheet_state = "veryHidden"
    (tmp_path / "dyn").mkdir()
    wb.save(tmp_path / "dyn" / "All Opportunities 11-1-2026 9-03-41 AM.xlsx")
    assert _init(str(tmp_path / "dyn")).exit_code == 0
    data, report = load_client(tmp_path / "dyn" / "client.yml", cache=False)
    assert data.opportunities["opportunity_id"].tolist() == ["a1", "a2"] and report.totals()["rows_read"] == 2


def test_deal_stages_that_say_won_or_lost_and_why_and_a_last_stage_change(tmp_path):
    # HubSpot's custom lost stage "Lost - No Decision": its "No" was taken for a negation, and the deal stayed in
    # the open pipeline; Zendesk Sell dates a won or lost deal by its last stage change, not its estimated close
    rows = ["id,name,value,stage_name,last_stage_change_at,created_at,estimated_close_date",
            "1,A,1000,Won - Contract Signed,2026-10-14T12:00:00Z,2026-09-01T10:00:00Z,2026-12-01",
            "2,B,2000,Lost - No Decision,2026-10-15T12:00:00Z,2026-09-01T10:00:00Z,2026-12-01",
            "3,C,3000,Discovery,2026-10-16T12:00:00Z,2026-09-01T10:00:00Z,2026-12-01"]
    _, data, _ = _drafted(tmp_path / "sell", "deals.csv", rows)
    deals = data.opportunities
    assert deals["status"].tolist() == ["won", "lost", "open"]
    assert deals["close_date"].iloc[:2].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-14", "2026-10-15"]


def test_a_last_activity_is_no_conversion(tmp_path):
    # Zoho's leads export: "Last Activity Time" was placed as the conversion date by its values, and 33 of 40 new
    # leads read as converted
    heads = ["Record Id", "Lead Owner", "Salutation", "First Name", "Last Name", "Company", "Title", "Email", "Phone",
             "Mobile", "Lead Source", "Lead Status", "Industry", "No. of Employees", "Annual Revenue", "Rating",
             "Email Opt Out", "Created By", "Modified By", "Created Time", "Modified Time", "Last Activity Time",
             "Description", "Tag"]
    rows = [",".join(f'"{h}"' for h in heads)]
    rows += [",".join(f'"{v}"' for v in (
        f"zcrm_{i}", "Chloe Dubois", "Ms.", "Maya", "Stewart", "Fjord", "VP", f"m{i}@fjord.com", "", "", "Web",
        "Contacted", "Retail", "12", "5000000", "Hot", "false", "Web Form", "Samuel", f"2026-10-0{1 + i} 10:00:00",
        f"2026-10-2{i} 10:00:00", f"2026-10-2{i} 10:00:00", "Asked for pricing", "")) for i in range(6)]
    text, data, _ = _drafted(tmp_path / "zoho", "Leads_All_Leads_2026_11_01.csv", rows)
    assert "converted_at: Last Activity Time" not in text and data.leads["converted_at"].isna().all()


def test_a_reports_footer_and_a_files_name_date_the_export(tmp_path):
    # Salesforce's report footer ends with the org's name, no footer word: its five lines had been five cases
    # without an opening date, and its "Generated By" date was lost; the cases ran to Friday 30 October
    rows = ['"Case Number","Status","Date/Time Opened","Date/Time Closed","Case Owner"',
            '"0001","Closed","01/10/2026 09:00","02/10/2026 09:00","Hannah Price"',
            '"0002","New","30/10/2026 08:39","","Hannah Price"', '""', '"Cases by Status - All Time"',
            '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
            '"Confidential Information - Do Not Distribute"', '"Generated By:  Hannah Price  01/11/2026 09:02"',
            '"Northgate Supplies Ltd"']
    _, data, report = _drafted(tmp_path / "sf", "report1793523733000.csv", rows)
    assert report.totals()["rows_read"] == 2 and data.exported_at() == pd.Timestamp("2026-11-01 09:02")
    from crmanalysis.analyses.window import default_month

    assert default_month(data) == "2026-10"
    # a call log whose name says up to when it runs; its calls end on Thursday 29 October
    rows = ["id,direction,answered,started_at,duration (in call),user"]
    rows += [f"{i},inbound,Yes,2026-10-{10 + i} 10:00:00,60,Anna" for i in range(20)]
    _, data, _ = _drafted(tmp_path / "calls", "calls_export_2025-11-01_2026-10-31.csv", rows)
    assert data.exported_at() == pd.Timestamp("2026-10-31 23:59:59") and default_month(data) == "2026-10"
    # a name's date long after the data says nothing of this export
    _, data, _ = _drafted(tmp_path / "old", "calls_export_2027-03-31.csv", rows)
    assert data.exported_at() is None


def test_a_month_whose_last_days_are_a_weekend_is_complete():
    from crmanalysis.analyses.window import report_month

    # 31 October 2026 is a Saturday: data to Friday the 30th covers October; to Thursday the 29th it does not
    assert report_month(pd.Timestamp("2026-10-30 17:00")) == "2026-10"
    assert report_month(pd.Timestamp("2026-10-29")) == "2026-09"
    assert report_month(pd.Timestamp("2026-11-01")) == "2026-10"


def test_a_desks_resolution_before_its_closing(tmp_path):
    # Freshservice closes a resolved ticket days later: read by "Closed Date", October's median time to
    # resolution was 69 h for 39; a ticket closed without a resolution date counts by its closing
    rows = ["Ticket Id,Status,Created Date,Resolved Date,Closed Date",
            "INC-1,Closed,01-10-2026 09:00,01-10-2026 17:00,05-10-2026 09:00",
            "INC-2,Closed,02-10-2026 09:00,,03-10-2026 09:00",
            "INC-3,Open,03-10-2026 09:00,,"]
    _, data, _ = _drafted(tmp_path / "fs", "Tickets_export_01-11-2026_0901.csv", rows)
    assert data.cases["closed_at"].tolist()[:2] == [pd.Timestamp("2026-10-01 17:00"), pd.Timestamp("2026-10-03 09:00")]


def test_a_calls_time_in_call_before_its_total(tmp_path):
    # Aircall writes "duration (total)" (ringing included) before "duration (in call)": the talk time read the total
    rows = ["id,direction,answered,started_at,duration (total),duration (in call),user",
            "1,inbound,Yes,2026-10-14 10:00:00,630,600,Anna", "2,outbound,Yes,2026-10-15 10:00:00,330,300,Anna",
            "3,outbound,No,2026-10-16 10:00:00,30,0,Anna"]
    _, data, _ = _drafted(tmp_path / "air", "calls_export_2025-11-01_2026-10-31.csv", rows)
    assert data.activities["duration_min"].round(6).tolist() == [10.0, 5.0, 0.0]          # 600, 300 and 0 seconds


def test_a_call_recorders_primary_user_is_the_calls_owner(tmp_path):
    # Gong names the rep of a call "Primary user": left out, the calls had no owner and no rep was compared
    rows = ["Call ID,Title,Started,Duration,Direction,Primary user,Scope",
            "1,Intro,\"Oct 14, 2026 9:22 AM\",0:32:15,Outbound,Anna Weber,External",
            "2,Demo,\"Oct 15, 2026 2:00 PM\",0:45:00,Conference,Jonas Berg,External"]
    _, data, _ = _drafted(tmp_path / "gong", "gong-calls-export-2026-11-01.csv", rows)
    assert data.activities["owner_id"].tolist() == ["Anna Weber", "Jonas Berg"]


# ---------------------------------------------------------------- exports in French, Spanish, Italian and Portuguese
def test_help_desks_in_spanish_italian_and_french_are_read_with_their_times_and_ratings(tmp_path):
    # Freshdesk in Spanish: "Hora de creación" opened, "Hora de resolución" before "Hora de cierre", a three-point
    # survey in Spanish (Satisfecho 5, Neutral 3, Insatisfecho 1); before, no case had a date
    rows = ["ID del ticket,Estado,Agente,Hora de creación,Hora de resolución,Hora de cierre,Resultados de la encuesta",
            "1,Cerrado,Ana,2026-10-01 09:00:00,2026-10-01 13:00:00,2026-10-03 09:00:00,Satisfecho",
            "2,Resuelto,Luis,2026-10-02 09:00:00,2026-10-02 10:30:00,,Insatisfecho",
            "3,Abierto,Ana,2026-10-03 09:00:00,,,"]
    _, data, _ = _drafted(tmp_path / "es", "tickets-01-11-2026-09-00.csv", rows)
    _opened_and_first_closed(data, ["2026-10-01 09:00", "2026-10-02 09:00", "2026-10-03 09:00"], "2026-10-01 13:00")
    assert data.cases["csat"].tolist()[:2] == [5.0, 1.0]
    # Zoho Desk in Italian, day first: "Ora creazione" / "Ora chiusura", "Buono" / "Accettabile" / "Scarso"
    rows = ['"Numero ticket","Stato","Proprietario del ticket","Ora creazione","Ora chiusura",'
            '"Valutazione soddisfazione"',
            '"7","Chiuso","Marco","05/10/2026 10:00","06/10/2026 12:30","Accettabile"',
            '"8","Aperto","Sara","07/10/2026 11:00","",""']
    _, data, _ = _drafted(tmp_path / "it", "Ticket_esportazione_01-11-2026.csv", rows)
    _opened_and_first_closed(data, ["2026-10-05 10:00", "2026-10-07 11:00"], "2026-10-06 12:30")
    assert data.cases["csat"].iloc[0] == 3.0
    # Zendesk in French: "Demandé" is when the ticket came in; "Offert" is a survey not answered, no score
    rows = ['"Identifiant","Demandé","Résolu","Statut","Assigné","Satisfaction"',
            '"19","2026-10-30 11:36","2026-10-31 08:00","Résolu","Julien","Bon"',
            '"20","2026-10-31 22:15","","Ouvert","Julien","Offert"']
    _, data, report = _drafted(tmp_path / "fr", "vue-tous-les-tickets-20261101.csv", rows)
    _opened_and_first_closed(data, ["2026-10-30 11:36", "2026-10-31 22:15"], "2026-10-31 08:00")
    assert data.cases["csat"].iloc[0] == 5.0 and pd.isna(data.cases["csat"].iloc[1])
    assert report.totals()["rows_kept"] == 2


def test_a_kayako_report_is_opened_at_its_creation_date(tmp_path):
    rows = ['"Ticket Mask ID","Status","Owner","Creation Date","Resolution Date"',
            '"SQF-552-67800","Closed","Alex","01 Oct 2026 07:55 AM","02 Oct 2026 08:36 PM"',
            '"MHP-913-19823","Open","Alex","03 Oct 2026 09:00 AM",""']
    _, data, _ = _drafted(tmp_path / "k", "Ticket_Report_Export_01-Nov-2026.csv", rows)
    _opened_and_first_closed(data, ["2026-10-01 07:55", "2026-10-03 09:00"], "2026-10-02 20:36")


def test_rd_station_sells_in_reais_and_bitrix24_writes_its_currency_by_name(tmp_path):
    # "Vendida" is won; "R$ 1.208,62" is in reais, not US dollars (its "$" stood for USD on page 1)
    rows = ["Nome,Estado,Valor Único,Data de criação,Data de fechamento,Responsável",
            '"A - Plano Pro",Vendida,"R$ 1.208,62",01/09/2026,12/10/2026,Eduarda',
            '"B - Plano Pro",Perdida,"R$ 900,00",02/09/2026,14/10/2026,Eduarda',
            '"C - Plano Pro",Em andamento,"R$ 2.000,00",03/09/2026,,Bruno']
    text, data, _ = _drafted(tmp_path / "rd", "negociacoes_2026-11-01.csv", rows)
    assert "currency: BRL" in text
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert data.opportunities["amount"].tolist() == [1208.62, 900.0, 2000.0]
    # Bitrix24 in Russian: the currency column holds the currency's name ("Российский рубль"); before, every
    # amount was left empty for want of a rate into EUR, and page 1 had no revenue
    rows = ["ID;Название сделки;Стадия сделки;Сумма;Валюта;Дата создания;Дата завершения;Ответственный",
            "1;Договор А;Сделка успешна;53000.00;Российский рубль;01.09.2026 10:00:00;20.10.2026;Иван Петров",
            "2;Договор Б;Сделка провалена;12000.00;Российский рубль;02.09.2026 10:00:00;21.10.2026;Иван Петров"]
    text, data, _ = _drafted(tmp_path / "bx", "deal.csv", rows)
    assert "currency: RUB" in text
    assert data.opportunities["amount"].tolist() == [53000.0, 12000.0]


def test_a_workbook_of_typed_amounts_beside_a_few_typed_as_text_keeps_both(tmp_path):
    # Axonaut's amounts are numbers in the workbook (3492.19), four typed as text ("12 345,67 €"): the text's
    # decimal comma made every typed 3492.19 read 349,219 (October's revenue €1,927,339 for €81,247)
    import openpyxl

    folder = tmp_path / "ax"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Numéro", "Nom", "Montant HT", "Statut", "Date de création", "Date de clôture"])
    for i, (amount, status) in enumerate([(3492.19, "Gagnée"), (3900, "Gagnée"), ("12 345,67 €", "Gagnée"),
                                          ("1 000,50 €", "Perdue"), (250.5, "En cours")]):
        ws.append([2400 + i, f"Projet {i}", amount, status, f"2026-09-0{i + 1}", f"2026-10-1{i}"])
    wb.save(folder / "Export_opportunites_2026-11-01.xlsx")
    assert _init(str(folder)).exit_code == 0
    data, _ = load_client(folder / "client.yml", cache=False)
    assert data.opportunities["amount"].tolist() == [3492.19, 3900.0, 12345.67, 1000.5, 250.5]


def test_a_call_log_says_held_in_its_call_type_and_a_recorded_flag_is_not_done(tmp_path):
    # JustCall: "Disposition" (Call back later) says nothing of the call, "Call Type" (Answered, Missed) does
    rows = ['"Call ID","Call Date","Call Time","Agent Name","Call Direction","Call Type","Call Duration","Disposition"',
            '"1","2026-10-30","15:09:20","Rahul","Incoming","Answered","00:02:29","Call back later"',
            '"2","2026-10-30","16:00:00","Rahul","Outgoing","Missed","00:00:00","No answer"',
            '"3","2026-10-29","10:00:00","Olivia","Outgoing","Voicemail","00:00:31","Not interested"']
    _, data, _ = _drafted(tmp_path / "jc", "JustCall_Call_Logs_Export_2026-11-01.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False]
    # Dialpad's "was_recorded" is no outcome: read as done, every unrecorded call counted as not held
    rows = ["date_started,call_id,direction,category,name,talk_duration,was_recorded",
            "2026-10-30 18:01:35,5374986707219813,outbound,outgoing,Hannah Li,3.0381,False",
            "2026-10-30 19:01:35,5374986707219814,inbound,incoming,Hannah Li,1.5,True"]
    text, data, _ = _drafted(tmp_path / "dp", "dialpad_call_logs_2025-11-01_2026-10-31.csv", rows)
    assert not re.search(r"^\s+\w+: was_recorded\b", text, re.MULTILINE)
    assert not data.activities.get("completed", pd.Series([None] * 2)).eq(False).any()


def test_microsoft_ads_days_and_paddle_prices_per_billing_cycle(tmp_path):
    rows = ['"Report Name: Campaign performance report"', '"Report Aggregation: Daily"', '"Rows: 2"', "",
            '"Gregorian date","Campaign name","Currency code","Impressions","Clicks","Spend","Conversions"',
            '"10/30/2026","Brand - Exact","USD","739","78","38.04","5.00"',
            '"10/31/2026","Brand - Exact","USD","700","70","30.00","4.50"',
            '"©2026 Microsoft Corporation. All rights reserved."']
    _, data, _ = _drafted(tmp_path / "ms", "Campaign_performance_report_2025-11-01_2026-10-31.csv", rows)
    assert data.marketing_spend["month"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-30", "2026-10-31"]
    assert data.marketing_spend["amount"].sum() == pytest.approx(68.04)
    # Paddle: a unit price per billing cycle, times the seats (5 seats of €12 a month €60; €120 a year €10)
    rows = ["id,status,customer_id,currency_code,started_at,canceled_at,billing_cycle_interval,quantity,unit_price",
            "sub_1,active,ctm_1,EUR,2026-03-31T21:32:18Z,,month,5,12.00",
            "sub_2,active,ctm_2,EUR,2026-04-30T21:32:18Z,,year,1,120.00"]
    _, data, _ = _drafted(tmp_path / "pd", "paddle_subscriptions_export_2026-11-01.csv", rows)
    assert data.contracts["mrr"].tolist() == [60.0, 10.0]


def test_a_polish_crm_export_is_drafted_in_its_own_words(tmp_path):
    # Livespace in Polish: no header or status word was known, the file was no deals file and page 1 was empty;
    # "Nieaktualna" (gone stale) is lost, as abandoned deals are; "Przewidywana data zamknięcia" is only a plan
    rows = ["Nazwa szansy;Firma;Status;Wartość;Waluta;Data utworzenia;Przewidywana data zamknięcia;Data zamknięcia;"
            "Opiekun",
            "Wdrożenie A;Alfa;Wygrana;12\u00a0345,67;PLN;2026-09-01;2026-10-30;2026-10-12;Anna Nowak",
            "Wdrożenie B;Beta;Przegrana;8\u00a0000,00;PLN;2026-09-02;2026-11-30;2026-10-14;Anna Nowak",
            "Wdrożenie C;Gamma;Nieaktualna;5\u00a0000,00;PLN;2026-09-03;2026-10-01;2026-10-20;Jan Kowalski",
            "Wdrożenie D;Delta;Otwarta;3\u00a0000,00;PLN;2026-09-04;2026-12-01;;Jan Kowalski"]
    text, data, _ = _drafted(tmp_path / "pl", "szanse_sprzedazy_2026-11-01.csv", rows)
    o = data.opportunities
    assert o["status"].tolist() == ["won", "lost", "lost", "open"]
    assert o["amount"].tolist() == [12345.67, 8000.0, 5000.0, 3000.0]
    assert o["close_date"].dt.strftime("%Y-%m-%d").tolist()[:3] == ["2026-10-12", "2026-10-14", "2026-10-20"]
    assert "currency: PLN" in text


# ---------------------------------------------------------------- more vendors and languages
def test_hubspot_in_german_closes_its_deals_and_kommo_leads_are_deals(tmp_path):
    # HubSpot's German default stages and its "Schließdatum": before, 218 closed deals had no date, no revenue
    rows = ["Datensatz-ID,Name des Deals,Deal-Phase,Betrag,Schließdatum,Deal-Inhaber,Erstellungsdatum",
            '1,A,Abgeschlossen und gewonnen,"1.684,23",2026-10-26 12:00,Katharina,2026-09-01 11:08',
            '2,B,Abgeschlossen und verloren,"7.750",2026-10-27 12:00,Katharina,2026-09-02 11:08',
            '3,C,Termin vereinbart,"500",2026-12-27 12:00,Katharina,2026-09-03 11:08']
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-deals-2026-11-01.csv", rows)
    o = data.opportunities
    assert o["status"].tolist() == ["won", "lost", "open"] and o["amount"].tolist() == [1684.23, 7750.0, 500.0]
    assert o["close_date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2026-10-26", "2026-10-27"]
    # amoCRM / Kommo calls its deals leads: a budget, a stage "Logrado con éxito" / "Venta perdida"
    rows = ["ID,Nombre del lead,Presupuesto,Usuario responsable,Fecha de creación,Fecha de cierre,Etapa del lead,"
            "Embudo de ventas",
            "1,Lead #1,32500,Javier,02.09.2026 08:35:06,01.10.2026 11:23:39,Logrado con éxito,Embudo de ventas",
            "2,Lead #2,3300,Carlos,02.09.2026 18:59:26,14.10.2026 10:30:39,Venta perdida,Embudo de ventas",
            "3,Lead #3,0,María,05.09.2026 10:29:42,,En negociación,Embudo de ventas"]
    text, data, _ = _drafted(tmp_path / "kommo", "kommo_export_leads_2026-11-01.csv", rows)
    assert "source: amocrm" in text and "leads" not in data.tables
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert data.opportunities["amount"].tolist()[:2] == [32500.0, 3300.0]


def test_help_desks_opened_in_their_own_words_and_osticket_dates(tmp_path):
    # Zendesk in Spanish "Solicitado", GLPI's "Date d'ouverture", osTicket's "Date Created" written
    # "10/29/26, 9:17 PM" with a narrow no-break space: before, none had an opening time
    for name, file, rows, opened, closed in [
        ("es", "todos-los-tickets-2026-11-01.csv",
         ["Id.,Estado,Solicitado,Resuelto,Asignado", "1,Resuelto,2026-10-05 10:00,2026-10-05 14:00,Ana",
          "2,Abierto,2026-10-06 09:00,,Ana"], ["2026-10-05 10:00", "2026-10-06 09:00"], "2026-10-05 14:00"),
        ("glpi", "glpi.csv",
         ["ID;Titre;Statut;Date d'ouverture;Date de résolution;Attribué à - Technicien",
          "1;Imprimante;Résolu;05-10-2026 10:00;06-10-2026 14:00;Marc",
          "2;VPN;En cours (attribué);13-10-2026 09:00;;Marc"],
         ["2026-10-05 10:00", "2026-10-13 09:00"], "2026-10-06 14:00"),
        ("ost", "All Tickets - 20261101.csv",
         ['"Ticket Number","Date Created","Current Status","Closed Date","Agent Assigned"',
          '877535,"10/29/26, 1:42\u202fPM",Closed,"10/29/26, 9:17\u202fPM","Chris"',
          '604796,"10/31/26, 12:03\u202fPM",Open,,"Chris"'],
         ["2026-10-29 13:42", "2026-10-31 12:03"], "2026-10-29 21:17"),
    ]:
        _, data, _ = _drafted(tmp_path / name, file, rows)
        _opened_and_first_closed(data, opened, closed)


def test_call_logs_in_french_and_aircall_and_a_date_in_eight_digits(tmp_path):
    # Ringover in French: Répondu / Manqué / Messagerie are outcomes; "…_20261101.csv" dates the export, so a
    # log that ends on Friday 30 October is October's, not September's
    rows = ["Date;Heure;Direction;Statut;Durée;Utilisateur",
            "30/10/2026;17:21:13;Entrant;Manqué;00:00:00;", "29/10/2026;11:12:02;Entrant;Messagerie;00:00:58;Julien",
            "28/10/2026;10:00:00;Sortant;Répondu;00:03:00;Julien"]
    _, data, _ = _drafted(tmp_path / "ro", "ringover_export_appels_20261101.csv", rows)
    assert data.activities["completed"].tolist() == [False, False, True]
    assert data.exported_at() == pd.Timestamp("2026-11-01 23:59:59")
    # Aircall's "date (TZ offset incl.)": before, its calls had no date and the report no card
    rows = ["call_id,date (TZ offset incl.),direction,status,user,duration (total),duration (in call)",
            "1,2026-10-30 15:33:33 +0100,inbound,answered,Hugo,688,678",
            "2,2026-10-30 11:22:18 +0100,outbound,missed,Hugo,20,0"]
    _, data, _ = _drafted(tmp_path / "ac", "aircall_calls_export_2026-11-01.csv", rows)
    assert data.activities["scheduled_at"].notna().all() and data.activities["completed"].tolist() == [True, False]


def test_linkedin_leads_by_submission_without_test_leads_and_a_later_name_date(tmp_path):
    rows = ["Lead ID,Submitted On,Lead Type,Test Lead,Campaign Name,First Name",
            "urn:li:1,10/31/2026 9:15 PM,Sponsored,No,Demo,David",
            "urn:li:2,10/30/2026 1:46 AM,Sponsored,Yes,Demo,Test",
            "urn:li:3,10/29/2026 8:00 AM,Sponsored,No,Demo,James"]
    _, data, report = _drafted(tmp_path / "li", "leads_export_2026-11-01.csv", rows)
    assert data.leads["created_at"].notna().all() and len(data.leads) == 2
    assert report.totals() == {"rows_read": 3, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 1}
    # OTRS: the file says 1 November, its last change 29 October: the export is the name's, October complete
    rows = ['"Ticket#";"Erstellt";"Zuletzt geändert";"Schließzeit";"Status";"Besitzer"',
            '"1";"2026-10-28 06:16:16";"2026-10-29 13:38:26";"2026-10-29 13:20:26";"erfolgreich geschlossen";"kmeyer"']
    _, data, _ = _drafted(tmp_path / "otrs", "Ticketliste_Created_2026-11-01_09-00.csv", rows)
    assert data.exported_at() == pd.Timestamp("2026-11-01 23:59:59")


def test_call_durations_in_minutes_with_an_hour_written_only_when_there_is_one(tmp_path):
    # Voys: "02:28" is 2 min 28 s where the same column writes "1:02:33" for a call over an hour. By hand:
    # 148 s + 3,753 s + 48 s = 3,949 s = 65.8167 min
    rows = ["\ufeffDatum;Tijd;Richting;Van;Naar;Gebruiker;Duur;Status",
            "30-10-2026;18:00:11;Inkomend;+32 781596096;+31 85 303 4400;204 - Sophie Kok;02:28;Beantwoord",
            "29-10-2026;10:00:00;Uitgaand;204;+31 73 2396161;204 - Sophie Kok;1:02:33;Beantwoord",
            "28-10-2026;11:13:24;Inkomend;+31 6 63012928;+31 85 303 4400;205 - Jan Smit;00:48;Beantwoord",
            "27-10-2026;11:13:24;Inkomend;+31 6 63012929;+31 85 303 4400;;00:00;Gemist"]
    _, data, _ = _drafted(tmp_path / "voys", "gesprekshistorie_01-09-2025_01-11-2026.csv", rows)
    assert data.activities["duration_min"].round(4).tolist() == [round(148 / 60, 4), round(3753 / 60, 4), 0.8, 0.0]
    assert round(data.activities["duration_min"].sum(), 4) == round(3949 / 60, 4)


def test_a_french_deal_export_closes_on_its_due_date_and_an_abandoned_deal_is_not_open(tmp_path):
    # Sellsy: "Date d'échéance" is the only close date it exports (planned on an open deal, the day it was decided
    # on a closed one); "Abandonnée" is a deal called off: not open, not in the pipeline. Amounts "4 340,00 €"
    # with a narrow no-break space
    rows = ["Numéro;Date de création;Nom;Tiers;Étape;Statut;Probabilité;Montant HT;Date d'échéance;Responsable",
            "OPP-1;02/09/2026 10:15;Licences;Roux SA;Gagnée;Gagnée;100 %;4\u202f340,00\u00a0€;14/10/2026;C. Martin",
            "OPP-2;03/09/2026 11:20;Assistance;Vidal;Perdue;Perdue;0 %;1\u202f000,00\u00a0€;15/10/2026;C. Martin",
            "OPP-3;04/09/2026 12:30;Cours;Faure;Abandonnée;Abandonnée;0 %;2\u202f000,00\u00a0€;16/10/2026;T. Moreau",
            "OPP-4;05/09/2026 13:40;Audit;Morel;Négociation;En cours;75 %;3\u202f000,00\u00a0€;23/11/2026;T. Moreau"]
    _, data, _ = _drafted(tmp_path / "sellsy", "export-opportunites-01-11-2026.csv", rows)
    o = data.opportunities
    assert o["status"].tolist() == ["won", "lost", "lost", "open"]
    assert o["close_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-14", "2026-10-15", "2026-10-16", "2026-11-23"]
    # October: revenue 4,340 of one won deal; the open pipeline 3,000 (OPP-4 alone)
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"].loc["2026-10"] == 4340.0
    assert o.loc[o["status"] == "open", "amount"].sum() == 3000.0


def test_deals_of_nordic_dutch_and_german_crms_say_won_lost_and_when(tmp_path):
    # webCRM: the level is the stage with its probability ("Ordre (100%)"), "Ordredato" its date
    rows = ["Nr.;Organisation;Ansvarlig;Niveau;Ordreværdi;Valuta;Oprettet;Ordredato",
            "1;Faxe Kalk A/S;Michael Kirk;Ordre (100%);18750;DKK;02-09-2026;27-10-2026",
            "2;Midtjysk ApS;Michael Kirk;Tabt (0%);5000;DKK;03-09-2026;20-10-2026",
            "3;Nordvest ApS;Rikke Winther;Tilbud (50%);2000;DKK;04-09-2026;05-01-2027"]
    _, data, _ = _drafted(tmp_path / "webcrm", "Salgsmuligheder.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert data.opportunities["close_date"].dt.strftime("%Y-%m-%d").tolist()[:2] == ["2026-10-27", "2026-10-20"]
    # Lime CRM: "Avtal" (agreement) is won, "Avbruten" (called off) lost; "Avtal skickat" (sent) is not won
    rows = ["Namn,Företag,Ansvarig,Status,Värde,Skapad,Förväntat avslut,Avslutsdatum",
            "A,Jönköpings AB,Sofia Ekström,Avtal,40000,2026-09-01,2026-10-01,2026-10-14",
            "B,Umeå AB,Sofia Ekström,Förlorad,1000,2026-09-01,2026-10-01,2026-10-15",
            "C,Lund AB,Erik Berg,Avbruten,2000,2026-09-01,2026-10-01,2026-10-16",
            "D,Malmö AB,Erik Berg,Avtal skickat,3000,2026-09-01,2026-12-01,"]
    _, data, _ = _drafted(tmp_path / "lime", "Affärer.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "lost", "open"]
    # Upsales: "Avslutad - Ingen order" (closed, no order) is lost
    rows = ["Id,Stängningsdatum,Företag,Säljare,Steg,Sannolikhet,Värde,Valuta,Skapad",
            "71000,2026-10-03,Norrmedia AB,Sara Nyström,Avslutad - Ingen order,0,53700,SEK,2026-09-02 11:34",
            "71001,2026-12-03,Västlogistik AB,Sara Nyström,Prospekt 1,10,1000,SEK,2026-09-02 11:34"]
    _, data, _ = _drafted(tmp_path / "upsales", "Möjligheter_2026-11-01.csv", rows)
    assert data.opportunities["status"].tolist() == ["lost", "open"]
    # Dynamics 365 in German: a won deal's "Ist-Umsatz" on its "Ist-Abschlussdatum", an open one's estimate
    rows = ["(Nicht ändern) Verkaufschance,Thema,Status,Ist-Umsatz,Geschätzter Umsatz,Ist-Abschlussdatum,"
            "Geschätztes Abschlussdatum,Erstellt am",
            "a7a9,Schulung,Gewonnen,31000,31300,14.10.2026,21.12.2026,01.09.2026",
            "b8b8,Anlage,Offen,,3300,,08.12.2026,02.09.2026"]
    _, data, _ = _drafted(tmp_path / "d365", "Alle Verkaufschancen 01.11.2026 09-00-00.csv", rows)
    assert data.opportunities["amount"].tolist() == [31000.0, 3300.0]
    assert data.opportunities["close_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-14", "2026-12-08"]
    # Odoo in Dutch: a won deal is dated by its "Gesloten datum", not its expected closing
    rows = ["Verkoopkans,Klant,Verkoper,Fase,Verwachte omzet,Aangemaakt op,Verwachte sluiting,Gesloten datum,Actief",
            "Kassa,De Wit,Ilse Bakker,Gewonnen,10381.8,2026-09-30 13:02:09,2026-11-28,2026-10-12 07:31:05,True",
            "Kassa 2,Zwaan,Ilse Bakker,Voorstel,1669.8,2026-10-31 14:43:51,2026-11-19,,True"]
    _, data, _ = _drafted(tmp_path / "odoo", "Lead_Verkoopkans (crm.lead).csv", rows)
    assert data.opportunities["close_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-12", "2026-11-19"]


def test_webcrm_levels_with_their_probability_first_and_its_revenue_column(tmp_path):
    # webCRM's newer level names put the probability first ("100% Ordre", "0% Tabt") and its deal value is
    # "Omsætning" (revenue), beside "DB" (its margin). By hand: October won 52,000 (deal 1), lost deal 2; the
    # postponed deal 4 ("Udskudt") and the open deal 3 are neither
    rows = ["Nummer;Beskrivelse;Organisation;Niveau;Ordredato;Omsætning;DB;Valuta;Ansvarlig;Oprettet",
            '11113;Integration;Hjørring Transport;100% Ordre;16-10-2026;"52.000,00";"10.657,00";DKK;Karina;'
            "14-09-2026 10:00",
            '11105;Rammeaftale;Frederikshavn Fisk;0% Tabt;29-10-2026;"107.500,00";"53.338,00";DKK;Niels;'
            "15-09-2026 11:00",
            '11102;Serviceaftale;Kolding Plast;75% Forhandling;29-01-2027;"85.000,00";;DKK;Niels;16-09-2026 12:00',
            '11101;Scannere;Svendborg ApS;0% Udskudt;20-10-2026;"4.000,00";;DKK;Karina;17-09-2026 13:00']
    text, data, _ = _drafted(tmp_path / "webcrm", "Salgsmuligheder.csv", rows)
    assert "amount: Omsætning" in text
    assert data.opportunities["status"].tolist() == ["won", "lost", "open", "open"]
    got = _october(data, ["new_revenue", "deals_won", "deals_lost"])
    assert got.tolist() == [52000.0, 1.0, 1.0]


def test_superoffice_follow_ups_are_activities_of_a_kind_told_by_a_word(tmp_path):
    # SuperOffice's "Opfølgninger" (follow-ups) share "Dato", "Firma" and "Vor kontakt" with its sales list: by its
    # name a file of activities. Its types say kind and way in one value: "Telefon - ud" (a call out), "E-mail -
    # ind" (an e-mail that came in), "Møde (intern)" (a meeting between colleagues). By hand, October: calls 2 (out
    # and in, done), e-mails sent 1, meetings with customers 1; the call not done ("Nej") is no call
    follow_ups = ["Udført,Dato,Tid,Type,Titel,Firma,Vor kontakt,Registreret",
                  "Ja,13-10-2026,09:00,Telefon - ud,Opfølgning,Kunde A,MKJ,13-10-2026",
                  "Ja,14-10-2026,10:00,Telefon - ind,Spørgsmål,Kunde B,MKJ,14-10-2026",
                  "Ja,15-10-2026,,E-mail - ud,Tilbud,Kunde A,LHA,15-10-2026",
                  "Ja,15-10-2026,,E-mail - ind,Svar,Kunde A,LHA,15-10-2026",
                  "Ja,16-10-2026,13:00,Møde (ekstern),Demo,Kunde C,LHA,01-10-2026",
                  "Ja,16-10-2026,15:00,Møde (intern),Salgsmøde,Egen ApS,LHA,01-10-2026",
                  "Nej,19-10-2026,09:00,Telefon - ud,Ring igen,Kunde D,MKJ,13-10-2026"]
    # its sales: a test sale of 1 kr ("må slettes": may be deleted) named in "Salg", the sale's heading. By hand:
    # October won 1 sale of 50,000
    sales = ["Status,Salgsdato,Beløb,Valuta,Salg,Firma,Vor kontakt,Registreret",
             "Solgt,21-10-2026,50000,DKK,Licens,Kunde A,MKJ,14-09-2026",
             "Solgt,22-10-2026,1,DKK,TEST salg - må slettes,Egen ApS,MKJ,13-10-2026",
             "Tabt,23-10-2026,2000,DKK,Service,Kunde B,LHA,15-09-2026"]
    data, report = _folder_of(tmp_path / "so", {"Opfølgninger.csv": follow_ups, "Salg.csv": sales})
    got = _october(data, ["calls", "emails", "meetings", "deals_won", "new_revenue"])
    assert got.tolist() == [2.0, 1.0, 1.0, 1.0, 50000.0]
    assert any("named as a test" in i["message"] for i in report.issues)


def test_close_amounts_in_cents_told_by_a_sibling_formatted_value(tmp_path):
    # Close's "annualized_value" (a monthly deal's value times 12) is in cents like its "value"; only "value" has
    # a formatted twin ("$560 monthly"). By hand: October won $3,000 + $560 × 12 = $9,720 of 2 deals; the won
    # $1 of "Test Lead" is a test; no note that monthly deals count one month (the amount is already yearly)
    rows = ["id,lead_name,status_type,value,value_period,value_currency,value_formatted,annualized_value,user_name,"
            "date_created,date_won,date_lost",
            'oppo_1,Acme,won,300000,one_time,USD,"$3,000",300000,P F,2026-09-01T09:00:00Z,2026-10-04T10:00:00Z,',
            "oppo_2,Beta,won,56000,monthly,USD,$560 monthly,672000,P F,2026-09-02T09:00:00Z,2026-10-05T10:00:00Z,",
            'oppo_3,Core,lost,125050,one_time,USD,"$1,250.50",125050,Q G,2026-09-03T09:00:00Z,,2026-10-06T10:00:00Z',
            "oppo_4,Test Lead,won,100,one_time,USD,$1,100,Q G,2026-10-01T09:00:00Z,2026-10-06T10:00:00Z,"]
    text, data, _ = _drafted(tmp_path / "close", "Close_Opportunities_export_2026-11-01.csv", rows)
    assert "amount: annualized_value" in text and "amount: 0.01" in text and "priced per" not in text
    assert _october(data, ["new_revenue", "deals_won"]).tolist() == [9720.0, 2.0]


def test_a_call_log_whose_outcome_and_way_are_words_among_tags(tmp_path):
    # Dialpad: "voicemail" true / false is one way a call was not held; "category" (outgoing, incoming, cancelled,
    # missed, voicemail) says every way, and "categories" holds the way among other tags ("...,internal"). By
    # hand, October's calls made and held with customers: call 1 (out, connected) = 1; call 3 came in (a
    # customer's call, no call a rep made), the cancelled, missed and voicemail calls were not held, and calls 6
    # and 7 are two legs of a call between colleagues
    rows = ["date_started,call_id,master_call_id,target_kind,name,direction,category,categories,date_connected,"
            "talk_duration,voicemail",
            '2026-10-05 09:00:00,1,,UserProfile,Malte,outbound,outgoing,"outgoing,connected,external",'
            "2026-10-05 09:00:10,4.0,false",
            '2026-10-05 10:00:00,2,,UserProfile,Malte,outbound,cancelled,"outgoing,cancelled,external",,0,false',
            '2026-10-06 11:00:00,3,,UserProfile,Jana,inbound,incoming,"incoming,answered,external",'
            "2026-10-06 11:00:05,2.5,false",
            '2026-10-06 12:00:00,4,,UserProfile,Jana,inbound,missed,"incoming,missed,ring_no_answer,external",,0,false',
            '2026-10-07 09:00:00,5,,UserProfile,Jana,inbound,voicemail,"incoming,missed,voicemail,external",,0,true',
            '2026-10-07 10:00:00,6,,UserProfile,Malte,outbound,outgoing,"outgoing,connected,internal",'
            "2026-10-07 10:00:05,1.0,false",
            '2026-10-07 10:00:01,7,6,UserProfile,Jana,inbound,incoming,"incoming,answered,internal",'
            "2026-10-07 10:00:05,1.0,false"]
    text, data, _ = _drafted(tmp_path / "dialpad", "calls_2025-01-01_2026-10-31.csv", rows)
    assert "completed: category" in text and "direction: categories" in text
    assert _october(data, ["calls"])["calls"] == 1


def test_freshsales_appointments_are_meetings_beside_its_sales_activities(tmp_path):
    # Freshsales: "Appointments.csv" (meetings, by its name) and "Sales activities.csv", whose "Sales activity
    # type" (Call, Chat, Check-in visit) maps its type with "*": other; the appointments' constant meeting is no
    # export word for that map to turn into other. Its calls' "Outcome" is a disposition: "Interested" and "Not
    # interested" after a conversation, "No answer" and "Left voicemail" none. By hand, October: calls 2 (A, C),
    # visits 1 (E), meetings 2 (the appointments completed; B was a no-show)
    activities = ['"Title","Sales activity type","Outcome","Start date","End date","Owner","Created at"',
                  '"Call with A","Call","Interested","05-10-2026 10:00:00","05-10-2026 10:10:00","Jess",'
                  '"01-10-2026 09:00:00"',
                  '"Call with B","Call","No answer","06-10-2026 10:00:00","06-10-2026 10:01:00","Jess",'
                  '"01-10-2026 09:00:00"',
                  '"Call with C","Call","Not interested","13-10-2026 10:00:00","13-10-2026 10:05:00","Tom",'
                  '"01-10-2026 09:00:00"',
                  '"Call with D","Call","Left voicemail","14-10-2026 10:00:00","14-10-2026 10:01:00","Tom",'
                  '"01-10-2026 09:00:00"',
                  '"Visit E","Check-in visit","","15-10-2026 10:00:00","15-10-2026 11:00:00","Tom",'
                  '"01-10-2026 09:00:00"',
                  '"Chat F","Chat","","16-10-2026 10:00:00","16-10-2026 10:20:00","Tom","01-10-2026 09:00:00"']
    appointments = ['"Title","From","To","Outcome","Owner","Created at"',
                    '"Demo A","20-10-2026 14:00:00","20-10-2026 15:00:00","Completed","Tom","01-10-2026 09:00:00"',
                    '"Demo B","21-10-2026 14:00:00","21-10-2026 15:00:00","No show","Tom","01-10-2026 09:00:00"',
                    '"Review C","22-10-2026 14:00:00","22-10-2026 15:00:00","Completed","Jess","01-10-2026 09:00:00"']
    data, _ = _folder_of(tmp_path / "fs", {"Sales activities.csv": activities, "Appointments.csv": appointments})
    assert _october(data, ["calls", "visits", "meetings"]).tolist() == [2.0, 1.0, 2.0]


def test_an_otrs_ticket_list_with_its_spam_queue_and_merged_tickets(tmp_path):
    # OTRS' statistics download: a "Name: …; Created: …" line above the header, "Ticketliste" its name, "Ticket#"
    # its id, spam filed in the queue "Junk", a ticket "zusammengefasst" (merged) into another. By hand, October:
    # opened 2 (1001, 1002), closed 1 (1001)
    rows = ['"Name: Ticketliste Servicedesk";"Created: 2026-11-01 09:00:04"',
            '"Nummer";"Ticket#";"Titel";"Erstellt";"Schließzeit";"Queue";"Status";"Priorität";"Agent/Besitzer"',
            '"1";"2026100510000014";"Drucker";"2026-10-05 07:35:44";"2026-10-06 08:57:07";"Servicedesk";'
            '"erfolgreich geschlossen";"3 normal";"j.hartmann"',
            '"2";"2026100610000023";"VPN";"2026-10-06 08:45:06";"";"Servicedesk";"offen";"3 normal";"a.schulz"',
            '"3";"2026100710000031";"Gewinnspiel";"2026-10-07 03:00:00";"2026-10-07 09:00:00";"Junk";'
            '"erfolglos geschlossen";"3 normal";"root@localhost"',
            '"4";"2026100810000049";"AW: VPN";"2026-10-08 09:00:00";"2026-10-08 09:30:00";"Servicedesk";'
            '"zusammengefasst";"3 normal";"a.schulz"']
    text, data, report = _drafted(tmp_path / "otrs", "Ticketliste_Servicedesk_Created_2026-11-01_09-00.csv", rows)
    assert "cases: Ticketliste" in text and 'case_id: "Ticket#"' in text
    assert _october(data, ["cases_opened", "cases_closed"]).tolist() == [2.0, 1.0]
    assert report.totals()["rows_excluded"] == 2


def test_a_report_of_closed_tickets_beside_one_of_created_tickets_drops_no_open_one(tmp_path):
    # Zammad's reporting: "Created" (tickets opened this year) and "Closed" (closed this year), downloaded together.
    # The open tickets are missing from "Closed" by its filter, not deleted. By hand, October: opened 20 (1-20),
    # closed 19 (1-19); ticket 20 is still open
    head = "#,Titel,Status,Erstellt am,Geschlossen am,Aktualisiert am"
    created = [head] + [f"{n},Frage {n},geschlossen,{n:02d}.10.2026 09:00,{n:02d}.10.2026 15:00,"
                        f"{n:02d}.10.2026 15:00" for n in range(1, 20)] + [
        "20,Frage 20,offen,20.10.2026 09:00,,20.10.2026 09:00"]
    closed = [head] + created[1:20]
    data, report = _folder_of(tmp_path / "zammad", {"tickets--all--Created.csv": created,
                                                     "tickets--all--Closed.csv": closed})
    assert _october(data, ["cases_opened", "cases_closed"]).tolist() == [20.0, 19.0]
    assert not any("deleted in the CRM" in i["message"] for i in report.issues)


def test_quotes_beside_deals_and_a_total_beside_a_unit_price(tmp_path):
    # Axonaut: "export_devis" (quotes) beside "export_opportunites": a quote accepted is its deal won, no deal of
    # its own. "TEST - ne pas traiter" (do not process) is a test. By hand, October: 1 deal won, 12,500
    deals = ["ID;Titre;Entreprise;Statut;Montant HT;Date de création;Date de clôture",
             '1;ERP;Lemoine;Gagnée;"12 500,00";01/09/2026;16/10/2026',
             '2;CRM;Renaud;Perdue;"3 000,00";02/09/2026;17/10/2026',
             '3;Audit;Martin;En cours;"5 000,00";03/09/2026;',
             '4;TEST - ne pas traiter;Société Test;Gagnée;"9 999,00";01/10/2026;12/10/2026']
    quotes = ["Numéro;Date;Entreprise;Titre;Statut;Montant HT",
              'D2026-0412;10/10/2026;Lemoine;ERP;Accepté;"12 500,00"',
              'D2026-0413;11/10/2026;Durand;Maintenance;Accepté;"1 200,00"']
    data, _ = _folder_of(tmp_path / "axonaut", {"export_opportunites_2026-11-01.csv": deals,
                                                "export_devis_2026-11-01.csv": quotes})
    assert _october(data, ["deals_won", "new_revenue"]).tolist() == [1.0, 12500.0]
    # CentralStationCRM: "Gesamtvolumen" (price times count) beside "Volumen" (the price of one month). By hand:
    # October won 24 × 450 = 10,800
    rows = ["ID;Name;Firma;Status;Volumen;Abrechnungsart;Anzahl;Gesamtvolumen;Erstellt am;Abgeschlossen am",
            '1;Wartung;Meyer GmbH;gewonnen;"450,00";pro Monat;24;"10.800,00";01.09.2026;14.10.2026',
            '2;Beratung;Kunz AG;verloren;"1.200,00";Festpreis;;"1.200,00";02.09.2026;15.10.2026']
    text, data, _ = _drafted(tmp_path / "cs", "Angebote_Export_2026-11-01.csv", rows)
    assert "amount: Gesamtvolumen" in text and "priced per" not in text
    assert _october(data, ["new_revenue"])["new_revenue"] == 10800.0


def test_a_glpi_ticket_list_names_its_technician_survey_and_tests(tmp_path):
    # GLPI names a linked field "Item - Field": "Attribué à - Technicien", "Satisfaction - Satisfaction" (1-5);
    # its title "Titre" says "TEST - ne pas traiter". By hand, October: opened 3 (7303-7305), CSAT (4 + 2) / 2 = 3
    rows = ['"ID";"Titre";"Statut";"Date d\'ouverture";"Attribué à - Technicien";"Date de résolution";'
            '"Satisfaction - Satisfaction"',
            '"7303";"Écran";"Clos";"05-10-2026 12:54";"Julien MARTIN";"05-10-2026 16:15";"4"',
            '"7304";"Imprimante";"Clos";"06-10-2026 09:00";"Julien MARTIN";"06-10-2026 11:00";"2"',
            '"7305";"Réseau";"En cours (Attribué)";"07-10-2026 09:00";"Sophie PETIT";"";""',
            '"7306";"TEST - ne pas traiter";"Clos";"08-10-2026 09:00";"glpi";"08-10-2026 09:05";"5"']
    text, data, _ = _drafted(tmp_path / "glpi", "glpi.csv", rows)
    assert "agent_id: Attribué à - Technicien" in text and "csat: Satisfaction - Satisfaction" in text
    assert _october(data, ["cases_opened", "csat_mean"]).tolist() == [3.0, 3.0]


def test_a_ratings_export_names_its_conversations_by_another_number_than_their_id(tmp_path):
    # Help Scout: the conversations export has "Conversation ID" (mapped as the case id) and "Conversation Number";
    # its happiness ratings name the conversation by number only, beside a customer's name and e-mail (as accounts
    # would). Read on 1-5, Great is 5, Okay 3, Not Good 1. By hand, October's closed cases 101-103: (5 + 3 + 1) / 3
    conversations = ["Conversation ID,Conversation Number,Status,Assigned To,Created At,Closed At",
                     "3001,101,closed,Sam Ito,2026-10-05T09:00:00Z,2026-10-05T12:00:00Z",
                     "3002,102,closed,Sam Ito,2026-10-06T09:00:00Z,2026-10-06T15:00:00Z",
                     "3003,103,closed,Ann Lee,2026-10-07T09:00:00Z,2026-10-07T10:00:00Z",
                     "3004,104,active,Ann Lee,2026-10-08T09:00:00Z,"]
    ratings = ["Rated At,Rating,Comments,Customer Name,Customer Email,Conversation Number",
               "2026-10-05T16:35:08Z,Great,,Ian Lowe,ian@harbor.com,101",
               "2026-10-06T17:00:00Z,Okay,,Bri Norris,bri@outlook.com,102",
               "2026-10-08T08:00:00Z,Not Good,slow,Cy Park,cy@park.io,103"]
    data, report = _folder_of(tmp_path / "hs", {"conversations_2025-01-01_to_2026-10-31.csv": conversations,
                                                "happiness_ratings_2025-01-01_to_2026-10-31.csv": ratings})
    assert not data.has("accounts")
    assert _october(data, ["csat_mean"])["csat_mean"] == 3.0


def test_odoo_pipeline_beside_its_leads_list_and_deals_archived_without_being_lost(tmp_path):
    # Odoo 17 in Dutch: the pipeline's crm.lead export and the Leads menu's (no "Fase", no "Verwachte omzet"): the
    # second is the leads. A deal archived with its probability kept (a duplicate merged away) is not lost; one
    # "Markeer als verloren" has probability 0. "TEST - niet verwijderen" (do not delete) is a test record, named
    # in "Verkoopkans". By hand, October: won 1 (12,000), lost 1; leads created 2
    pipeline = ["Verkoopkans,Klant,Verkoper,Fase,Verwachte omzet,Kans,Aangemaakt op,Sluitingsdatum,Actief",
                "Kassa,De Wit,Ilse Bakker,Gewonnen,12000,100,2026-09-02 10:00:00,2026-10-12 07:31:05,True",
                "Licentie,Zwaan,Ilse Bakker,Voorstel,5000,0,2026-09-03 10:00:00,2026-10-13 08:00:00,False",
                "Licentie (kopie),Zwaan,Ilse Bakker,Voorstel,5000,60,2026-09-03 10:05:00,2026-10-14 08:00:00,False",
                "Scanner,Bos,Piet Vos,Nieuw,2000,10,2026-10-01 10:00:00,,True",
                "TEST - niet verwijderen,Mijn Bedrijf,Mitchell Administrator,Gewonnen,1,100,2026-10-02 10:00:00,"
                "2026-10-15 09:00:00,True"]
    leads = ["Verkoopkans,Bedrijfsnaam,Verkoper,Verkoopteam,Aangemaakt op,Kans,Actief,Sluitingsdatum,Bron",
             "Vraag offerte,Kaasmakerij,,Verkoop,2026-10-05 09:00:00,10,True,,Website",
             "Demo aanvraag,Fietsfabriek,Piet Vos,Verkoop,2026-10-06 09:00:00,0,False,2026-10-20 09:00:00,Beurs",
             "Oude vraag,Bakker,Piet Vos,Verkoop,2026-09-06 09:00:00,10,True,,Website"]
    data, _ = _folder_of(tmp_path / "odoo", {"Lead_Verkoopkans (crm.lead).csv": pipeline,
                                             "Lead_Verkoopkans (crm.lead) (1).csv": leads})
    got = _october(data, ["deals_won", "new_revenue", "deals_lost", "new_leads"])
    assert got.tolist() == [1.0, 12000.0, 1.0, 2.0]


def test_kommo_in_spanish_and_bexio_orders_before_tax(tmp_path):
    # Kommo (amoCRM) in Spanish: "Ventas perdidas" is its lost stage, a lead named "Prueba" a test. By hand,
    # October: won 1, lost 1
    rows = ["ID,Nombre del lead,Presupuesto,Usuario responsable,Etapa del lead,Fecha de creación,Fecha de cierre",
            "101,Hotel Sol,25000,Ana Ruiz,Logrado con éxito,01.09.2026 10:00:00,14.10.2026 12:00:00",
            "102,Café Luna,8000,Ana Ruiz,Ventas perdidas,02.09.2026 10:00:00,15.10.2026 12:00:00",
            "103,Prueba,1000,Admin,Logrado con éxito,01.10.2026 10:00:00,16.10.2026 12:00:00",
            "104,Taller Norte,5000,Luis Gil,Negociación,03.09.2026 10:00:00,"]
    _, data, _ = _drafted(tmp_path / "kommo", "kommo_export_leads_2026-11-01.csv", rows)
    assert _october(data, ["deals_won", "deals_lost"]).tolist() == [1.0, 1.0]
    # bexio's orders ("Auftraege"): each is won when placed; "Total" holds the VAT beside "Total exkl. MWST". By
    # hand, October: the invoiced order AU-00439, 4,285.00 before tax
    rows = ["Nr.;Titel;Kontakt;Datum;Verantwortlich;Status;Währung;Total exkl. MWST;MWST;Total",
            "AU-00439;Drucksachen;Malergeschäft Bühler;12.10.2026;Reto Brunner;Abgerechnet;CHF;4'285.00;347.10;"
            "4'632.10",
            "AU-00438;Plakate;Beck AG;13.10.2026;Reto Brunner;Storniert;CHF;900.00;72.90;972.90"]
    text, data, _ = _drafted(tmp_path / "bexio", "Auftraege_2026-11-01.csv", rows)
    assert "amount: Total exkl. MWST" in text
    assert _october(data, ["new_revenue"])["new_revenue"] == 4285.0


def test_a_call_and_text_log_whose_type_is_the_way_and_whose_status_says_answered(tmp_path):
    # Kixie: "Type" Incoming / Outgoing (calls) beside Incoming SMS / Outgoing SMS, "Status" Answered, Missed,
    # Voicemail for calls and Delivered, Received, Failed for texts. By hand, October: calls held 2 (rows 1, 3)
    rows = ["Date,Agent,Type,Status,Disposition,Duration,Call ID",
            "10/13/2026 10:00:00 AM,Tyler Brooks,Outgoing,Answered,Connected,00:05:12,c1",
            "10/13/2026 11:00:00 AM,Tyler Brooks,Outgoing,Missed,No Answer,00:00:30,c2",
            "10/14/2026 01:00:00 PM,Ana Diaz,Incoming,Answered,not disposed,00:03:00,c3",
            "10/14/2026 02:00:00 PM,Ana Diaz,Incoming,Voicemail,inbound VM-msg left,00:01:00,c4",
            "10/15/2026 09:00:00 AM,Ana Diaz,Outgoing SMS,Delivered,,,c5",
            "10/15/2026 09:30:00 AM,Ana Diaz,Incoming SMS,Received,,,c6"]
    text, data, _ = _drafted(tmp_path / "kixie", "Kixie History 09-01-2026 - 11-01-2026.csv", rows)
    assert "completed: Status" in text
    assert _october(data, ["calls"])["calls"] == 2


def test_subscriptions_billed_every_few_intervals_and_a_customer_named_where_unnumbered(tmp_path):
    # Lemon Squeezy: "price" per "billing_interval" month, every "billing_interval_count" 3 months. By hand: MRR
    # at the end of October 30 + 90 / 3 + 10 = 70
    rows = ["id,customer_id,status,price,currency,quantity,billing_interval,billing_interval_count,created_at,ends_at",
            "1,11,active,30.00,USD,1,month,1,2026-09-01T10:00:00Z,",
            "2,12,active,90.00,USD,1,month,3,2026-09-02T10:00:00Z,",
            "3,13,active,10.00,USD,1,month,1,2026-10-20T10:00:00Z,"]
    _, data, _ = _drafted(tmp_path / "lemon", "subscriptions-export-2026-11-01.csv", rows)
    assert _october(data, ["mrr"])["mrr"] == 70.0
    # Moneybird: "Klantnummer" blank for one contact, its "Contact" filled: kept by name. By hand: 59 + 250 + 41
    rows = ["Contact;Klantnummer;Referentie;Frequentie;Startdatum;Einddatum;Status;Valuta;Totaal excl. btw;Btw",
            "Accountantsbureau Bos B.V.;1200;Onderhoud;maandelijks;02-03-2025;;Actief;EUR;59,00;12,39",
            "Bakkerij Smit;;Hosting;maandelijks;21-09-2025;;Actief;EUR;250,00;52,50",
            "Drukkerij Jansen;1300;Drukwerk;maandelijks;15-10-2026;;Actief;EUR;41,00;8,61"]
    _, data, report = _drafted(tmp_path / "moneybird", "periodieke-facturen-2026-11-01.csv", rows)
    assert report.totals()["rows_rejected"] == 0
    assert _october(data, ["mrr"])["mrr"] == 350.0


def _calendar(owner: str, zone: str, events: list[str]) -> list[str]:
    """An iCalendar file of *events* (each its lines between BEGIN and END:VEVENT) as Google exports a calendar."""
    head = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
            f"X-WR-CALNAME:{owner}", f"X-WR-TIMEZONE:{zone}"]
    body = [line for ev in events for line in ["BEGIN:VEVENT", "DTSTAMP:20261101T080000Z", *ev.split("|"),
                                               "END:VEVENT"]]
    return head + body + ["END:VCALENDAR"]


def test_calendars_exported_as_ics_are_meetings_with_their_repeats_written_out(tmp_path):
    # Two reps' Google calendars (.ics). By hand, October's meetings held with a guest from outside:
    # e1 (in both calendars, one meeting), e2 weekly on Thursdays 1, 15, 29 October (8 October excluded, 22 moved
    # to the 23rd: 4), e6 (30 September 22:30 UTC is 1 October 00:30 in Amsterdam) and e7 (31 October 23:30 in
    # London) = 7. Not held: e3 cancelled, e5 declined by its only outside guest; e4 is between colleagues
    guest = "ATTENDEE;PARTSTAT=ACCEPTED:mailto:{}|ATTENDEE;PARTSTAT={}:mailto:{}"
    ann = _calendar("ann@acme.com", "Europe/Amsterdam", [
        "UID:e1|SUMMARY:Demo Client BV|DTSTART:20261005T080000Z|DTEND:20261005T090000Z|"
        + guest.format("ann@acme.com", "NEEDS-ACTION", "bob@client.nl"),
        "UID:e2|SUMMARY:Weekly Cy|DTSTART;TZID=Europe/Amsterdam:20261001T140000|"
        "DTEND;TZID=Europe/Amsterdam:20261001T143000|RRULE:FREQ=WEEKLY;COUNT=5|"
        "EXDATE;TZID=Europe/Amsterdam:20261008T140000|" + guest.format("ann@acme.com", "ACCEPTED", "cy@client.nl"),
        "UID:e2|RECURRENCE-ID;TZID=Europe/Amsterdam:20261022T140000|SUMMARY:Weekly Cy (moved)|"
        "DTSTART;TZID=Europe/Amsterdam:20261023T140000|DTEND;TZID=Europe/Amsterdam:20261023T143000|"
        + guest.format("ann@acme.com", "ACCEPTED", "cy@client.nl"),
        "UID:e3|SUMMARY:Call Dora|STATUS:CANCELLED|DTSTART:20261012T080000Z|DTEND:20261012T083000Z|"
        + guest.format("ann@acme.com", "ACCEPTED", "dora@other.com"),
        "UID:e4|SUMMARY:Stand-up|DTSTART:20261013T070000Z|DTEND:20261013T071500Z|"
        + guest.format("ann@acme.com", "ACCEPTED", "dan@acme.com"),
        "UID:e5|SUMMARY:Pitch Eve|DTSTART:20261014T080000Z|DTEND:20261014T083000Z|"
        + guest.format("ann@acme.com", "DECLINED", "eve@shop.de"),
        "UID:e6|SUMMARY:Breakfast Fay|DTSTART:20260930T223000Z|DTEND:20260930T233000Z|"
        + guest.format("ann@acme.com", "ACCEPTED", "fay@cafe.nl")])
    dan = _calendar("dan@acme.com", "Europe/London", [
        "UID:e1|SUMMARY:Demo Client BV|DTSTART:20261005T080000Z|DTEND:20261005T090000Z|"
        + guest.format("dan@acme.com", "ACCEPTED", "bob@client.nl"),
        "UID:e7|SUMMARY:Late call Gus|DTSTART:20261031T233000Z|DTEND:20261031T235000Z|"
        + guest.format("dan@acme.com", "ACCEPTED", "gus@nyc.com"),
        "UID:e8|SUMMARY:Broken|DTSTART:2026100"])         # a start no calendar writes: said, not a traceback
    data, report = _folder_of(tmp_path / "cal", {"ann@acme.com.ics": ann, "dan@acme.com.ics": dan})
    assert _october(data, ["meetings"])["meetings"] == 7
    assert any("between colleagues only" in i["message"] for i in report.issues)
    assert any("1 event(s) without a start date that could be read" in i["message"] for i in report.issues)


def test_a_zuora_data_source_of_charge_segments_and_subscription_versions(tmp_path):
    # Zuora's rate plan charges: every version of a subscription (the older "Expired"), each charge segment a row
    # of its own with Zuora's MRR and an exclusive end. S1's older version comes first: its current rows are no
    # further lines of it. By hand, MRR at the end of October: S1 1,500 - 150 (segment 2 and its discount), S2
    # 400 (ends 1 November), S5 300 = 2,050; S3 is a test account, S4 a draft
    head = ("Account.AccountNumber,Account.Name,Account.Currency,Account.TestAccount__c,Subscription.Name,"
            "Subscription.Version,Subscription.Status,RatePlanCharge.ChargeNumber,RatePlanCharge.ChargeType,"
            "RatePlanCharge.EffectiveStartDate,RatePlanCharge.EffectiveEndDate,RatePlanCharge.MRR")
    rows = [head, "A1,Acme,USD,false,S1,1,Expired,C1,Recurring,2025-08-01,2026-03-01,1000",
            "A1,Acme,USD,false,S1,2,Active,C1,Recurring,2025-08-01,2026-03-01,1000",
            "A1,Acme,USD,false,S1,2,Active,C1,Recurring,2026-03-01,2027-08-01,1500",
            "A1,Acme,USD,false,S1,2,Active,C2,Recurring,2026-03-01,2027-08-01,-150",
            "A2,Beta,USD,false,S2,1,Active,C3,Recurring,2026-01-01,2026-11-01,400",
            "A3,Test,USD,true,S3,1,Active,C4,Recurring,2026-01-01,2027-01-01,999",
            "A4,Gamma,USD,false,S4,1,Draft,C5,Recurring,2026-12-01,2027-12-01,700",
            "A5,Delta,USD,false,S5,1,Active,C6,Recurring,2026-10-15,2027-10-15,300"]
    text, data, _ = _drafted(tmp_path / "zuora", "RatePlanCharge_DataSource_20261101.csv", rows)
    assert "source: zuora" in text
    assert _october(data, ["mrr"])["mrr"] == 2050.0
    # S1's second segment (March 2026) is no subscription started then, its first no subscription ended then
    got = K.compute(data, ["new_subscriptions", "ended_subscriptions"], period="M")
    by = got.assign(period=got["period"].astype(str)).set_index(["kpi", "period"])["value"]
    # by hand: S1 started in August 2025 (its first segment), nothing started or ended in March 2026
    assert by.loc[("new_subscriptions", "2025-08")] == 1.0
    assert [by.loc[(k, "2026-03")] for k in ("new_subscriptions", "ended_subscriptions")] == [0.0, 0.0]


def test_deals_lost_as_duplicates_are_no_deals_lost(tmp_path):
    # Teamleader in French: "Doublon" (a second record of another deal) as the reason it was lost. By hand,
    # October: won 1, lost 1 (the duplicate left out), win rate 50 %
    rows = ["Titre;Client;Statut;Montant;Date de création;Date de clôture;Raison de la perte",
            "Site web;Dupont SA;Gagné;5000;01/09/2026;14/10/2026;",
            "Logo;Martin SARL;Perdu;2000;02/09/2026;15/10/2026;Trop cher",
            "Site web;Dupont SA;Perdu;5000;01/09/2026;16/10/2026;Doublon",
            "Audit;Petit SAS;Ouvert;3000;03/09/2026;;"]
    _, data, report = _drafted(tmp_path / "tl", "export_opportunites_2026-11-01.csv", rows)
    assert _october(data, ["deals_won", "deals_lost"]).tolist() == [1.0, 1.0]
    assert any("second record of another" in i["message"] for i in report.issues)


def test_help_desks_calls_and_ads_in_german_and_dutch_and_an_export_in_pages(tmp_path):
    # Zendesk in German: "Angefragt" is the opening time; "Gut mit Kommentar" is a "Gut", "Angeboten" no answer
    rows = ["ID,Status,Priorität,Angefragt,Aktualisiert,Gelöst,Zufriedenheit",
            "101,Gelöst,Normal,01.10.2026 09:12,02.10.2026 10:00,02.10.2026 09:12,Gut mit Kommentar",
            "102,Gelöst,Normal,03.10.2026 09:12,04.10.2026 10:00,04.10.2026 09:12,Schlecht",
            "103,Gelöst,Hoch,05.10.2026 09:12,06.10.2026 10:00,06.10.2026 09:12,Angeboten"]
    _, data, _ = _drafted(tmp_path / "zd", "export-2026-11-01-0858-3145626-1066458392cd.csv", rows)
    assert data.cases["opened_at"].dt.day.tolist() == [1, 3, 5]
    assert data.cases["csat"].tolist()[:2] == [5.0, 1.0] and pd.isna(data.cases["csat"].iloc[2])
    # Freshdesk in Dutch: its "Enquêteresultaten" of three answers
    rows = ["Ticket-ID,Status,Aangemaakt op,Opgelost op,Enquêteresultaten",
            "1,Gesloten,2026-10-01 09:00:00,2026-10-01 19:00:00,Geweldig",
            "2,Gesloten,2026-10-02 09:00:00,2026-10-02 19:00:00,Gewoon oké",
            "3,Gesloten,2026-10-03 09:00:00,2026-10-03 19:00:00,Niet goed"]
    _, data, _ = _drafted(tmp_path / "fd", "Tickets_export_01-11-2026.csv", rows)
    assert data.cases["csat"].tolist() == [5.0, 3.0, 1.0]
    # page 1 says the share of its top answer (1 of 3 = 33.3 %), as the desk's own tool does, not a mean "of 5"
    from crmanalysis.analyses import kinds

    cards = kinds.page_one_kpis(data, None)
    assert "csat_satisfied_share" in cards and "csat_mean" not in cards
    from crmanalysis.analyses.headline import headline

    shown = headline(data, "2026-10").set_index("kpi")["value"]      # the numbers to check first say the same
    assert "csat_mean" not in shown and round(shown["csat_satisfied_share"], 4) == round(1 / 3, 4)
    # Zoho Desk in German: "Abschlusszeit" closes the case, "Ticketbesitzer" holds it; Gut / Okay / Schlecht
    rows = ['"ID","Status","Ticketbesitzer","Erstellungszeit","Abschlusszeit","Kundenzufriedenheit"',
            '"1","Geschlossen","Jonas Weber","01.10.2026 09:00","01.10.2026 19:00","Gut"',
            '"2","Geschlossen","Jonas Weber","02.10.2026 09:00","02.10.2026 19:00","Okay"',
            '"3","Offen","","03.10.2026 09:00","",""']
    _, data, _ = _drafted(tmp_path / "zdesk", "Tickets_2026_11_01.csv", rows)
    assert data.cases["closed_at"].notna().tolist() == [True, True, False]
    assert data.cases["csat"].tolist()[:2] == [5.0, 3.0] and data.cases["agent_id"].notna().sum() == 2
    # Gorgias: "Satisfaction Survey Score" is the rating
    rows = ["Ticket ID,Status,Created Datetime,Closed Datetime,Satisfaction Survey Score",
            "48261116,closed,2026-10-01T02:21:01+00:00,2026-10-01T06:37:30+00:00,4",
            "48261117,open,2026-10-02T02:21:01+00:00,,"]
    _, data, _ = _drafted(tmp_path / "gorgias", "tickets-export-2026-11-01.csv", rows)
    assert data.cases["csat"].tolist()[0] == 4.0
    # TOPdesk: a case is resolved when it is "gereed" (completed), closed ("afgemeld") days later
    rows = ["Meldingnummer;Aanmelddatum;Datum gereed;Afmelddatum;Status",
            "M2610 169;01-10-2026 09:00;01-10-2026 19:00;04-10-2026 09:00;Afgemeld",
            "M2610 170;02-10-2026 09:00;;;In behandeling"]
    _, data, _ = _drafted(tmp_path / "td", "Meldingen.csv", rows)
    assert data.cases["closed_at"].iloc[0] == pd.Timestamp("2026-10-01 19:00")
    # Placetel: "nicht erreicht" and "Mailbox" are calls that did not take place
    rows = ["Datum;Uhrzeit;Richtung;Status;Benutzer;Dauer",
            "31.10.2026;15:11:39;eingehend;angenommen;Anna Roth;00:02:28",
            "31.10.2026;16:11:39;ausgehend;nicht erreicht;Anna Roth;00:00:00",
            "30.10.2026;15:11:39;eingehend;Mailbox;;00:00:31",
            "30.10.2026;17:11:39;eingehend;verpasst;;00:00:00"]
    _, data, _ = _drafted(tmp_path / "pt", "Anrufliste_2026-11-01.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False, False]
    # LinkedIn in German: "Startdatum (in UTC)" is the day, "Ausgegebener Gesamtbetrag" the spend
    rows = ["Startdatum (in UTC),Kampagnenname,Ausgegebener Gesamtbetrag,Impressionen,Klicks,Währung",
            "10/30/2026,Demo DACH,\"120,50\",3000,14,EUR", "10/31/2026,Demo DACH,\"80,25\",2000,9,EUR"]
    _, data, _ = _drafted(tmp_path / "li", "account_508123456_campaign_performance_report.csv", rows)
    assert data.marketing_spend["amount"].sum() == 200.75      # 120.50 + 80.25
    # Jira Cloud: 1,000 issues a file, "Jira.csv" and "Jira (1).csv" alike in columns and rows but not in issues
    folder = tmp_path / "jira"
    folder.mkdir()
    for name, first in (("Jira.csv", 1), ("Jira (1).csv", 4)):
        (folder / name).write_text("Summary,Issue key,Status,Created,Resolved\n" + "".join(
            f"S,SD-{i},Done,29/Oct/26 4:17 PM,30/Oct/26 4:17 PM\n" for i in range(first, first + 3)), encoding="utf-8")
    assert _init(str(folder)).exit_code == 0
    data, _ = load_client(folder / "client.yml", cache=False)
    assert len(data.cases) == 6
    # a CSV and the workbook it was saved as are still one export, though their dates are written differently
    folder = tmp_path / "copy"
    folder.mkdir()
    (folder / "deals.csv").write_text("Deal ID,Deal Name,Amount,Stage,Close Date\n"
                                      "101,A,1000,Closed Won,01/10/2026 10:00\n"
                                      "102,B,500,Closed Lost,02/10/2026 10:00\n", encoding="utf-8")
    pd.DataFrame({"Deal ID": [101, 102], "Deal Name": ["A", "B"], "Amount": [1000, 500],
                  "Stage": ["Closed Won", "Closed Lost"],
                  "Close Date": pd.to_datetime(["2026-10-01 10:00", "2026-10-02 10:00"])}).to_excel(
        folder / "deals.xlsx", index=False)
    assert _init(str(folder)).exit_code == 0
    assert "deals.xlsx: the same data as deals.csv" in (folder / "client.yml").read_text(encoding="utf-8")


def test_an_amount_in_the_company_currency_beside_its_twin_in_the_deals_own(tmp_path):
    # Exact Online: "Bedrag" is in euros, "Valuta" the currency of "Bedrag VV"; "Gemaakt" is the creation date.
    # Open pipeline by hand: 10,400.00 + 11,000.00 = 21,400.00 EUR, no GBP rate wanted
    rows = ["\ufeffVerkoopkans;Relatie;Fase;Status;Kans (%);Bedrag VV;Valuta;Koers;Bedrag;Sluitingsdatum;Eigenaar;"
            "Gemaakt;Gewijzigd",
            "A;Zorgpunt;Onderhandeling;Open;75;10.400,00;EUR;1;10.400,00;25-02-2027;Joost;20-10-2026 08:51;"
            "20-10-2026 21:51",
            "B;Brit Ltd;Offerte;Open;50;9.466,44;GBP;1,162;11.000,00;25-03-2027;Joost;21-10-2026 08:51;"
            "21-10-2026 21:51",
            "C;Brit Ltd;Offerte;Gewonnen;100;100,00;EUR;1;100,00;25-10-2026;Joost;01-09-2026 08:51;"
            "25-10-2026 21:51"]
    text, data, _ = _drafted(tmp_path / "exact", "Verkoopkansen.csv", rows)
    assert "fx_rates" not in text
    o = data.opportunities
    assert o["amount"].tolist() == [10400.0, 11000.0, 100.0] and o["created_at"].notna().all()
    assert o.loc[o["status"] == "open", "amount"].sum() == 21400.0


def test_hubspot_contacts_in_dutch_are_dated_by_their_lifecycle(tmp_path):
    # the dates a contact became a marketing-qualified lead and a customer: page 1 counts the month's conversions
    rows = ['"Record-ID","Eigenaar van contactpersoon","Aanmaakdatum","Levenscyclusfase","Oorspronkelijke bron",'
            '"Datum waarop contactpersoon marketing gekwalificeerde lead werd",'
            '"Datum waarop contactpersoon klant werd"',
            '"1","Jeroen Visser","2026-09-01 08:02","Klant","Directe traffic","2026-09-03 10:00","2026-10-02 09:00"',
            '"2","Jeroen Visser","2026-10-01 08:02","Lead","Organisch zoeken","",""']
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-contactpersonen-2026-11-01.csv", rows)
    assert data.leads["converted_at"].iloc[0] == pd.Timestamp("2026-10-02 09:00")
    assert data.leads["mql_at"].iloc[0] == pd.Timestamp("2026-09-03 10:00")


def test_call_logs_and_ads_named_by_their_numbers_their_currency_and_their_fax_errors(tmp_path):
    # Teams' PSTN report: a call log by its caller's and called number, though neither its name nor a type says so
    rows = ["\ufeffStartzeit;Endzeit;Dauer (Sekunden);Erfolgreich;Anrufernummer;Angerufene Nummer;Anzeigename",
            "31.10.2026 10:10:12;31.10.2026 10:21:08;652;Ja;+41 44 74709822;+49 89 4521 3307;Lena Fischer",
            "30.10.2026 17:43:34;30.10.2026 17:43:34;0;Nein;+49 151 70175073;+49 89 4521 3307;Lena Fischer"]
    text, data, _ = _drafted(tmp_path / "teams", "Direktes Routing - PSTN-Nutzungsbericht 2026-11-01.csv", rows)
    assert "constants: {type: call}" in text and data.activities["completed"].tolist() == [True, False]
    # RingCentral: a fax's "Receive Error" is an outcome like a call's "Missed"
    rows = ["Type,Direction,Extension,Date,Time,Action Result,Duration",
            "Voice,Outgoing,107 - Amanda Brooks,Sat 10/31/2026,2:43:50 PM,Call connected,0:02:57",
            "Voice,Incoming,102 - Jason Reed,Sat 10/31/2026,11:21:52 AM,Missed,0:00:00",
            "Fax,Incoming,102 - Jason Reed,Fri 10/30/2026,11:21:52 AM,Receive Error,0:00:00"]
    _, data, _ = _drafted(tmp_path / "rc", "call_log_09-01-2025_to_10-31-2026.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False]
    # Meta in Danish: "Beløb brugt (DKK)" is the spend, its currency in parentheses no part of its name
    rows = ["Rapporteringsstart,Rapporteringsslut,Kampagnenavn,Resultater,Visninger,Beløb brugt (DKK),Link-klik",
            "2026-10-31,2026-10-31,Retargeting,1,2758,202.98,39", "2026-10-30,2026-10-30,Retargeting,2,2000,100.02,20"]
    _, data, _ = _drafted(tmp_path / "meta", "Nordlys-Kampagner-1-sep-2025-31-okt-2026.csv", rows)
    assert round(data.marketing_spend["amount"].sum(), 2) == 303.0       # 202.98 + 100.02


def test_a_deal_valued_per_period_is_worth_its_value_times_its_periods(tmp_path):
    # Capsule: £1,500 "Per Month" for 12 months is £18,000; a fixed deal of £2,000 has no duration
    rows = ["Name,Organisation,Milestone,Value,Currency,Duration Basis,Duration,Expected Close Date,Actual Close Date,"
            "Owner,Created",
            "Retainer,Kingfisher,Won,1500,GBP,Per Month,12,01/10/2026,14/10/2026,Amy,01/09/2026",
            "Audit,Heron,Won,2000,GBP,Fixed,,01/10/2026,15/10/2026,Amy,02/09/2026"]
    _, data, _ = _drafted(tmp_path / "capsule", "opportunities-2026-11-01.csv", rows)
    assert data.opportunities["amount"].tolist() == [18000.0, 2000.0]
    # Insightly: OPPORTUNITY_VALUE is already BID_AMOUNT × BID_DURATION (500 a month for 6 months = 3,000)
    rows = ["OPPORTUNITY_ID,OPPORTUNITY_STATE,BID_CURRENCY,BID_AMOUNT,BID_TYPE,BID_DURATION,OPPORTUNITY_VALUE,"
            "FORECAST_CLOSE_DATE,ACTUAL_CLOSE_DATE,DATE_CREATED_UTC",
            "1,WON,USD,500.00,Per Month,6,3000.00,2026-10-16 00:00:00,2026-10-14 00:00:00,2026-09-01 21:23:05",
            "2,OPEN,USD,11825.00,Fixed Bid,,11825.00,2026-12-16 00:00:00,,2026-09-02 21:23:05"]
    _, data, _ = _drafted(tmp_path / "insightly", "Opportunities.csv", rows)
    assert data.opportunities["amount"].tolist() == [3000.0, 11825.0]
    # Close: a deal of $500 a month is worth its annualized $6,000; a one-time deal its value
    rows = ["id,status_type,confidence,value,value_period,value_currency,annualized_value,date_won,date_created",
            "oppo_1,won,100,500,monthly,USD,6000,2026-10-14,2026-09-01T19:42:24+00:00",
            "oppo_2,won,100,2500,one_time,USD,2500,2026-10-15,2026-09-02T19:42:24+00:00"]
    _, data, _ = _drafted(tmp_path / "close", "opportunities-export-2026-11-01.csv", rows)
    assert data.opportunities["amount"].tolist() == [6000.0, 2500.0]


def test_a_messages_export_is_one_case_per_conversation(tmp_path):
    # Front: one row per message. Conversation 3100006 opens with its first message (2 Sep 18:53:55) and closes
    # when its last segment ends (3 Sep 15:42:31): 20.81 h by hand; 3100007 is one message, still open
    rows = ["Message ID,Conversation ID,Direction,Status,Message date,Assignee,Segment end",
            "91000019,3100006,Inbound,archived,2025-09-02 18:53:55,Hannah Cole,2025-09-03 15:42:31",
            "91000032,3100006,Outbound,archived,2025-09-02 18:54:12,Hannah Cole,2025-09-03 15:42:31",
            "91000038,3100006,Outbound,archived,2025-09-03 08:09:08,Yuki Tanaka,2025-09-03 15:42:31",
            "91000040,3100007,Inbound,assigned,2025-09-04 10:00:00,,",
            # 3100008 closed once and was reopened by a later message: open now
            "91000050,3100008,Inbound,archived,2025-09-05 10:00:00,Yuki Tanaka,2025-09-05 12:00:00",
            "91000051,3100008,Inbound,assigned,2025-09-06 10:00:00,Yuki Tanaka,"]
    _, data, report = _drafted(tmp_path / "front", "export-messages-brightloop-2026-11-01-a81f3c.csv", rows)
    c = data.cases.set_index("case_id")
    assert len(c) == 3 and c.loc["3100006", "opened_at"] == pd.Timestamp("2025-09-02 18:53:55")
    hours = (c.loc["3100006", "closed_at"] - c.loc["3100006", "opened_at"]).total_seconds() / 3600
    assert round(hours, 2) == 20.81 and c.loc[["3100007", "3100008"], "closed_at"].isna().all()
    assert report.totals() == {"rows_read": 6, "rows_kept": 3, "rows_rejected": 0, "rows_excluded": 3}


def test_subscriptions_whose_plan_code_names_the_billing_interval(tmp_path):
    # Recurly: no interval column, the plan code says it. MRR by hand: 1,200 a year / 12 = 100; 2 seats × 49 a
    # month = 98; 300 a quarter / 3 = 100. "pro-monthly-to-annual" says two intervals: none, and a warning
    rows = ["subscription_id,account_code,plan_code,state,quantity,unit_amount,currency,activated_at,expires_at",
            "s1,acc1,pro-annual,active,1,1200.00,USD,2026-01-05 10:00:00 UTC,",
            "s2,acc2,basic_Monthly,active,2,49.00,USD,2026-02-05 10:00:00 UTC,",
            "s3,acc3,pro-quarterly,expired,1,300.00,USD,2026-03-01 10:00:00 UTC,2026-06-01 10:00:00 UTC",
            "s4,acc4,pro-annual,active,1,600.00,USD,2026-04-01 10:00:00 UTC,",
            "s5,acc5,basic-monthly,active,1,10.00,USD,2026-04-01 10:00:00 UTC,",
            "s6,acc6,basic-monthly,active,1,20.00,USD,2026-04-01 10:00:00 UTC,",
            "s7,acc7,basic-monthly,active,1,20.00,USD,2026-04-01 10:00:00 UTC,",
            "s8,acc8,basic-monthly,active,1,20.00,USD,2026-04-01 10:00:00 UTC,",
            "s9,acc9,basic-monthly,active,1,20.00,USD,2026-04-01 10:00:00 UTC,",
            "s10,acc10,basic-monthly,active,1,20.00,USD,2026-04-01 10:00:00 UTC,",
            "s11,acc11,pro-monthly-to-annual,active,1,20.00,USD,2026-04-01 10:00:00 UTC,",
            "s12,acc12,enterprise-yr,active,1,2400.00,USD,2026-04-01 10:00:00 UTC,",     # 2,400 / 12 = 200
            "s13,acc13,basic-mo-legacy,active,1,15.00,USD,2026-04-01 10:00:00 UTC,"]
    text, data, report = _drafted(tmp_path / "rec", "subscriptions-export-2026-11-01.csv", rows)
    assert "per: plan_code" in text
    assert data.contracts["mrr"].round(4).tolist()[:5] == [100.0, 98.0, 100.0, 50.0, 10.0]
    assert pd.isna(data.contracts["mrr"].iloc[-3]) and data.contracts["mrr"].tolist()[-2:] == [200.0, 15.0]
    assert any("'pro-monthly-to-annual'" in i["message"] for i in report.issues), report.issues


def test_subscriptions_with_an_interval_for_some_plans_in_trial_or_paused(tmp_path):
    # Chargebee: "Billing Period Unit" for some plans, the plan's name for others; a trial or a pause pays nothing.
    # MRR by hand: 3 seats × 20 a month = 60; 240 a year / 12 = 20; 225 every 3 months = 75; 600 a half year
    # = 100; 50 a month every 3 = 16.6667; in trial and paused: 0
    rows = ["Subscription Id,Customer Id,Plan Id,Plan Quantity,Plan Unit Price,Plan Amount,Billing Period,"
            "Billing Period Unit,Currency Code,Status,Started At,Cancelled At",
            "s1,c1,starter-monthly,3,20.00,60.00,,,EUR,active,2026-01-04 10:00:00,",
            "s2,c2,growth-EUR-Yearly,1,240.00,240.00,,,EUR,active,2026-02-04 10:00:00,",
            "s3,c3,growth-EUR-Every-3-months,1,225.00,225.00,,,EUR,active,2026-03-04 10:00:00,",
            "s4,c4,team-seat-semiannual,1,600.00,600.00,,,EUR,non_renewing,2026-03-04 10:00:00,2026-12-01 10:00:00",
            "s5,c5,pro,1,50.00,50.00,3,month,EUR,active,2026-04-04 10:00:00,",
            "s6,c6,starter-monthly,1,20.00,20.00,,,EUR,in_trial,2026-10-30 10:00:00,",
            "s7,c7,pro,1,50.00,50.00,1,month,EUR,paused,2026-05-04 10:00:00,"]
    text, data, _ = _drafted(tmp_path / "cb", "Subscriptions.csv", rows)
    assert "per: [Billing Period Unit, Plan Id]" in text and "zero_where" in text
    assert data.contracts["mrr"].round(4).tolist() == [60.0, 20.0, 75.0, 100.0, 16.6667, 0.0, 0.0]


def test_a_payment_providers_subscriptions_in_camel_case_with_test_mode_and_planned_starts(tmp_path):
    # Mollie: camelCase headers, intervals of "3 months" and "14 days", a test-mode record, a pending one, a
    # start planned after the export. MRR by hand: 29; 54 / 3 = 18; 10 every 14 days = 10 × 365 / 14 / 12 = 21.7262
    rows = ["id,customerId,mode,createdAt,status,amount.value,amount.currency,interval,startDate,canceledAt",
            "sub_1,cst_1,live,2026-09-30T16:30:29+00:00,active,29.00,EUR,1 month,2026-09-30,",
            "sub_2,cst_2,live,2026-10-02T16:30:29+00:00,active,54.00,EUR,3 months,2026-10-02,",
            "sub_3,cst_3,live,2026-10-03T16:30:29+00:00,active,10.00,EUR,14 days,2026-10-03,",
            "sub_4,cst_4,test,2026-10-04T16:30:29+00:00,active,99.00,EUR,1 month,2026-10-04,",
            "sub_5,cst_5,live,2026-10-31T16:30:29+00:00,pending,29.00,EUR,1 month,2026-10-31,",
            "sub_6,cst_6,live,2026-10-30T16:30:29+00:00,active,29.00,EUR,1 month,2026-11-30,"]
    text, data, report = _drafted(tmp_path / "mollie", "subscriptions-export-2026-11-01.csv", rows)
    assert "start_date: startDate" in text and "per: interval" in text
    assert data.contracts["mrr"].round(4).tolist() == [29.0, 18.0, 21.7262, 29.0]
    assert report.totals() == {"rows_read": 6, "rows_kept": 4, "rows_rejected": 0, "rows_excluded": 2}
    # the start planned for 30 November does not make the export November's: the file's name says 1 November
    assert data.exported_at() == pd.Timestamp("2026-11-01 23:59:59")


def test_subscriptions_billed_every_few_intervals_and_deals_closed_beside_their_plan(tmp_path):
    # GoCardless: "interval" 3 beside "interval_unit" monthly is a quarter's price: £75 is £25 a month
    rows = ["id,amount,currency,status,start_date,end_date,interval,interval_unit",
            "SB1,75.00,GBP,active,2026-01-04,,3,monthly", "SB2,240.00,GBP,active,2026-02-04,,1,yearly",
            "SB3,10.00,GBP,active,2026-03-04,,2,weekly"]
    _, data, _ = _drafted(tmp_path / "gc", "subscriptions_export_2026-11-01.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [25.0, 20.0, round(10 * 52 / 12 / 2, 4)]
    # Pipeline CRM: a plain "Close Date" beside "Expected Close Date" is the deal's own; SugarCRM's amount_usdollar
    # is every deal in the system currency
    rows = ["Deal Name,Value,Status,Expected Close Date,Close Date,Created",
            "A,48600.0,Won,01/03/2026,10/14/2026,09/01/2026", "B,100.0,Lost,12/03/2026,10/20/2026,09/02/2026"]
    _, data, _ = _drafted(tmp_path / "pl", "deals_export_2026-11-01.csv", rows)
    assert data.opportunities["close_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-14", "2026-10-20"]
    rows = ['"name","id","amount","currency_id","date_closed","sales_stage","amount_usdollar","date_entered"',
            '"A","u1","1000","eur-guid","2026-10-01","Closed Won","1086.96","2025-11-01 14:25:05"',
            '"B","u2","500","-99","2026-10-02","Closed Won","500","2025-11-02 14:25:05"']
    _, data, _ = _drafted(tmp_path / "sc", "Opportunities.csv", rows)
    assert data.opportunities["amount"].tolist() == [1086.96, 500.0]


def test_deals_whose_labels_read_as_a_german_day_and_deals_in_swedish_danish_and_sap(tmp_path):
    # Bigin: a "Tag" (label) column is German for an ad report's day, but its values are no dates: the file is
    # deals, not ad spend
    rows = ['"Record Id","Deal Name","Owner","Amount","Closing Date","Stage","Lead Source","Created Time",'
            '"Modified Time","Tag"',
            '"zcrm_1","A","Amelia Clarke","2075","2026-10-23","Closed Won","Referral","2025-09-01 13:50:17",'
            '"2025-09-20 14:04:17","renewal"',
            '"zcrm_2","B","Amelia Clarke","900","2026-10-24","Closed Lost","Web","2025-09-02 13:50:17",'
            '"2025-09-21 14:04:17",""']
    _, data, _ = _drafted(tmp_path / "bigin", "Pipelines_2026_11_01.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    # HubSpot in Swedish: its stage, creation date, owner and probability in Swedish words
    rows = ["Post-ID,Affärsnamn,Affärsstadium,Belopp,Valuta,Stängningsdatum,Skapandedatum,Ägare till affären,"
            "Sannolikhet för affären",
            "1,A,Stängd vunnen,100500,SEK,2026-10-31 11:58,2026-09-01 13:22,Anders Nilsson,1",
            "2,B,Stängd förlorad,16500,SEK,2026-10-11 11:52,2026-09-01 13:52,Erik Lindqvist,0"]
    text, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alla-affarer-2026-11-01.csv", rows)
    assert "created_at: Skapandedatum" in text and "stage: Affärsstadium" in text
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    # Pipedrive in Danish: "Aftale - Aftale oprettet" (deal created) is the creation date the pipeline needs
    rows = ["Aftale - ID,Aftale - Værdi,Aftale - Valuta,Aftale - Status,Aftale - Aftale oprettet,"
            "Aftale - Forventet lukkedato",
            '1,"164.750,00",DKK,Åben,03-09-2025 14:50:26,22-12-2026',
            '2,"56.000,00",DKK,Tabt,04-09-2025 10:43:44,30-10-2025']
    _, data, _ = _drafted(tmp_path / "pd", "deals-9482731-57.csv", rows)
    assert data.opportunities["created_at"].dt.strftime("%Y-%m-%d").tolist() == ["2025-09-03", "2025-09-04"]
    # SAP Sales Cloud: a "Stopped" opportunity was called off: not open pipeline, as a cancelled one
    rows = ["Opportunity ID,Account,Status,Expected Value,Created On,Close Date",
            "1,A,Stopped,5000,09/03/2026,10/20/2026", "2,B,Open,7000,09/04/2026,12/20/2026"]
    _, data, _ = _drafted(tmp_path / "c4c", "Opportunities.csv", rows)
    assert data.opportunities["status"].tolist() == ["lost", "open"]


def test_ads_of_pinterest_and_snapchat_and_leads_of_website_visits_and_a_mailing_list(tmp_path):
    rows = ["Campaign name,Date,Spend in account currency,Impressions,Pin clicks,Outbound clicks,Total conversions",
            "A,2026-10-31,80.38,18623,129,50,5", "B,2026-10-30,247.23,51007,601,366,12"]
    _, data, _ = _drafted(tmp_path / "pin", "Pinterest_Ads_campaign_report_2025-09-01_2026-10-31.csv", rows)
    m = data.marketing_spend
    assert m["amount"].tolist() == [80.38, 247.23] and m["clicks"].tolist() == [129, 601]
    assert m["conversions"].tolist() == [5, 12]
    # Pinterest in German: "Ausgaben in Kontowährung" the spend, "Leads gesamt" the leads of which "Leads (Klick)"
    # is a part. By hand: spend 39.73 + 40.49 = 80.22, leads 1 + 3 = 4 (not 1 + 2 by click)
    rows = ["Datum,Kampagnenname,Kampagnen-ID,Ausgaben in Kontowährung,Impressions,Klicks auf einen Pin,"
            "Ausgehende Klicks,Leads gesamt,Leads (Klick),Leads (Interaktion),Kosten pro Lead",
            "2026-10-08,DE | Leads | Katalog,626748311025,39.73,5869,37,20,1,1,0,39.73",
            "2026-10-09,DE | Leads | Katalog,626748311025,40.49,7079,64,38,3,2,1,13.50"]
    _, data, _ = _drafted(tmp_path / "pin_de", "Pinterest_Bericht_Kampagnen_549764182231.csv", rows)
    got = _october(data, ["marketing_spend", "ad_conversions", "ad_clicks"])
    assert got.to_dict() == {"marketing_spend": pytest.approx(80.22), "ad_conversions": 4, "ad_clicks": 101}
    # Snapchat: a day's row runs from its "Start Time" to the next midnight; its swipe ups are its clicks
    rows = ["Campaign Name,Start Time,End Time,Currency,Amount Spent,Paid Impressions,Swipe Ups,Purchases",
            "A,2026-10-31 00:00:00,2026-11-01 00:00:00,EUR,102.85,38497,178,5"]
    _, data, _ = _drafted(tmp_path / "snap", "Snap_Ads_Manager_Export_2025-09-01_to_2026-10-31.csv", rows)
    assert data.marketing_spend["month"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-31"]
    assert data.marketing_spend["clicks"].tolist() == [178]
    # Leadinfo: a company's first visit is when it came in; "Toegewezen aan" its owner, "Bron / medium" its source
    rows = ["Bedrijfsnaam;Eerste bezoek;Laatste bezoek;Leadscore;Status;Toegewezen aan;Bron / medium",
            "A B.V.;17-10-2026 08:39;01-11-2026 08:42;100;Nieuw;;google / organic",
            "B B.V.;30-10-2026 19:53;31-10-2026 20:43;100;Klant;Mark Koster;(direct) / (none)"]
    text, data, _ = _drafted(tmp_path / "li", "Leadinfo_export_leads_01-11-2026.csv", rows)
    assert "language: nl" in text
    assert data.leads["created_at"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-17", "2026-10-30"]
    assert data.leads["source"].tolist() == ["google / organic", "(direct) / (none)"]
    # Mailchimp: an imported contact has no opt-in time; its confirmation says when it joined. Neither is a
    # conversion
    rows = ["Email Address,Lead Source,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LAST_CHANGED",
            "a@x.de,Webinar,3,2026-10-01 06:13:19,2026-10-01 06:52:19,2026-10-06 14:52:19",
            "b@x.de,Import,5,,2026-10-02 05:27:57,2026-10-15 20:27:57"]
    text, data, _ = _drafted(tmp_path / "mc", "subscribed_members_export_8c1f4e7a2b.csv", rows)
    assert "created_at: [OPTIN_TIME, CONFIRM_TIME]" in text and "converted_at:" not in text
    assert data.leads["created_at"].dt.day.tolist() == [1, 2]


def test_help_desks_in_danish_german_and_dutch_a_letter_status_and_a_chat_archive(tmp_path):
    # Zendesk in Danish: "Anmodet" (requested) is the opening time, "Løst" the solving time
    rows = ["ID,Emne,Status,Prioritet,Tildelt,Anmodet,Opdateret,Løst,Tilfredshed",
            "43566,A,Løst,-,Jens Økland,30-10-2026 14:47,01-11-2026 05:22,31-10-2026 05:22,God",
            "43565,B,Afventende,-,,31-10-2026 01:42,01-11-2026 03:04,,Ikke tilbudt"]
    _, data, _ = _drafted(tmp_path / "zd", "alle-sager-view-360012345678-2026-11-01.csv", rows)
    assert data.cases["opened_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-10-30 14:47", "2026-10-31 01:42"]
    # Freshdesk in German: resolved ("Zeitpunkt der Lösung") before closed, and its survey results
    rows = ["Ticket-ID,Status,Erstellungszeit,Zeitpunkt der Lösung,Zeitpunkt der Schließung,Umfrageergebnisse",
            "1,Geschlossen,2026-10-01 09:00:00,2026-10-01 19:00:00,2026-10-03 19:00:00,Zufrieden",
            "2,Offen,2026-10-02 09:00:00,,,"]
    text, data, _ = _drafted(tmp_path / "fd", "Tickets_Export_01-11-2026_0900.csv", rows)
    assert "closed_at: [Zeitpunkt der Lösung, Zeitpunkt der Schließung]" in text and "csat: Umfrageergebnisse" in text
    # HubSpot tickets in Dutch: "Sluitingsdatum" closes them
    rows = ["Ticket-ID,Ticketnaam,Ticketstatus,Aanmaakdatum,Sluitingsdatum,Ticketeigenaar",
            "1,A,Gesloten,2026-10-30 21:55,2026-10-31 20:27,Lotte Smit", "2,B,Nieuw,2026-10-31 14:17,,Bram Visser"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-tickets-2026-11-01.csv", rows)
    assert data.cases["closed_at"].notna().tolist() == [True, False]
    # LiveAgent: its one-letter status; B (spam) and X (deleted) are no cases that came in
    rows = ["Id,Code,Subject,Status,Agent,Channel type,Date created,Date changed,Date resolved",
            "50c5d97b,7NQ,A,R,Martin,Email,2026-10-30 19:33:34,2026-10-31 06:09:13,2026-10-31 06:09:13",
            "0f1de4a3,8EK,B,N,,Call,2026-10-31 04:52:29,2026-10-31 05:46:37,",
            "891eca7c,HPR,C,B,,Email,2026-10-31 02:34:32,2026-10-31 03:52:24,"]
    _, data, report = _drafted(tmp_path / "la", "tickets_export_2026-11-01.csv", rows)
    assert data.cases["closed_at"].notna().tolist() == [True, False]
    assert report.totals() == {"rows_read": 3, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 1}
    # LiveChat: the time zone follows its date headers without parentheses
    rows = ["chat id,chat start date Europe/Berlin,chat end date Europe/Berlin,rate,operator 1 nick",
            "R1,2026-10-31 22:17:09,2026-10-31 22:26:59,rated good,Marta",
            "R2,2026-10-31 20:05:38,2026-10-31 20:09:09,rated bad,Marta"]
    _, data, _ = _drafted(tmp_path / "lc", "livechat_chats_2025-09-01_2026-11-01.csv", rows)
    assert data.cases["closed_at"].dt.strftime("%H:%M").tolist() == ["22:26", "20:09"]
    assert data.cases["csat"].tolist() == [5.0, 1.0]


def test_call_logs_say_answered_in_their_call_type_or_result_and_texts_are_no_calls(tmp_path):
    # Talkdesk: "Call Type" inbound / outbound are calls answered; "In Business Hours?" says nothing of that
    rows = ["Call ID,Call Type,Start Time,End Time,Talk Time,In Business Hours?,Callback From Queue,Transfer",
            "c1,inbound,2026-10-30 05:33:18,2026-10-30 05:43:16,00:07:06,false,false,false",
            "c2,abandoned,2026-10-30 06:33:18,2026-10-30 06:33:36,00:00:00,true,false,false",
            "c3,outbound_missed,2026-10-30 07:33:18,2026-10-30 07:33:46,00:00:00,true,false,false",
            "c4,outbound,2026-10-30 08:33:18,2026-10-30 08:43:16,00:03:00,true,false,true"]
    _, data, _ = _drafted(tmp_path / "td", "calls_report_2025-09-01_2026-11-01.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False, True]
    # Zoom Phone: "Auto Recorded" is a call connected, "Call Cancel" and "Blocked" are not
    rows = ["Caller Number,Callee Number,Date & Time,Direction,Duration,Result",
            "101,+16463471653,10/30/2026 08:48:54 AM,Outbound,00:00:43,Call connected",
            "+16302467614,102,10/30/2026 07:36:39 AM,Inbound,00:03:53,Auto Recorded",
            "103,+16466649980,10/30/2026 03:45:46 AM,Outbound,00:00:00,Call Cancel",
            "+16466649981,103,10/30/2026 03:45:46 AM,Inbound,00:00:00,Blocked"]
    _, data, _ = _drafted(tmp_path / "zoom", "call_logs_20250901-20261101.csv", rows)
    assert data.activities["completed"].tolist() == [True, True, False, False]
    # sipgate: texts and faxes in the call history are no calls; "abgelehnt" (declined) is not answered
    rows = ['"Datum";"Uhrzeit";"Typ";"Richtung";"Status";"Von";"An";"Dauer"',
            '"30.10.2026";"08:04:31";"Anruf";"ausgehend";"angenommen";"+49 211 5800810";"+49 211 4736670";"00:10:36"',
            '"30.10.2026";"09:04:31";"Anruf";"ausgehend";"abgelehnt";"+49 211 5800810";"+49 211 4736671";"00:00:00"',
            '"30.10.2026";"10:04:31";"SMS";"ausgehend";"gesendet";"+49 211 5800810";"+49 157 4736672";"00:00:00"',
            '"30.10.2026";"11:04:31";"Fax";"eingehend";"empfangen";"+49 211 4736673";"+49 211 5800810";"00:01:00"']
    _, data, _ = _drafted(tmp_path / "sg", "sipgate_Verlauf_2025-09-01_bis_2026-11-01.csv", rows)
    assert data.activities["type"].tolist() == ["call", "call", "other", "other"]
    assert data.activities["completed"].tolist()[:2] == [True, False]


def test_subscriptions_of_maxio_and_a_bookkeepings_recurring_invoices(tmp_path):
    # Maxio: "Product Price" every "Product Interval" of "Product Interval Unit"; on hold pays nothing; a trial
    # cancelled before it was activated ended nothing. MRR by hand: 1,490 / 12 = 124.1667; 99; on hold 0
    rows = ["Subscription ID,State,Customer ID,Product Price,Product Interval,Product Interval Unit,Activated At,"
            "Canceled At,Expires At",
            '1,active,c1,"1,490.00",12,month,2026-01-01T05:38:31-05:00,,',
            "2,active,c2,99.00,1,month,2026-02-01T05:38:31-05:00,,",
            "3,on_hold,c3,99.00,1,month,2026-03-01T05:38:31-05:00,,",
            "4,canceled,c4,99.00,1,month,,2026-10-10T05:38:31-05:00,"]
    text, data, _ = _drafted(tmp_path / "mx", "subscriptions-export-2026-11-01.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [124.1667, 99.0, 0.0, 99.0]
    ended = K.compute(data, ["ended_subscriptions"], period="M", start=pd.Timestamp("2026-10-01"),
                      end=pd.Timestamp("2026-10-31"))
    assert ended["value"].fillna(0).sum() == 0
    # Moneybird: recurring invoices, semicolons and decimal commas (a comma between digits is no delimiter), a
    # description across two lines. MRR by hand: 2,085 a half year / 6 = 347.5; 195 a month; 821.50 a quarter / 3
    rows = ["Contact;Referentie;Omschrijving;Frequentie;Startdatum;Einddatum;Status;Valuta;Totaal excl. btw;Btw",
            "A;PF-1;Schoonmaak;Halfjaarlijks;19-07-2022;;Actief;EUR;2.085,00;437,85",
            'B;PF-2;"Managed IT\nper gebruiker";Maandelijks;17-09-2022;11-10-2024;Gestopt;EUR;195,00;40,95',
            "C;PF-3;SEO;Per kwartaal;26-09-2022;;Actief;EUR;821,50;172,51",
            "D;PF-4;Hosting;Maandelijks;26-10-2022;;Actief;EUR;12,50;2,63"]
    _, data, _ = _drafted(tmp_path / "mb", "periodieke_facturen_export_2026-11-01.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [347.5, 195.0, 273.8333, 12.5]


def test_deals_of_nordic_crms_in_the_company_currency_and_a_german_estimate(tmp_path):
    # HubSpot in Norwegian: "Beløp" in each deal's currency beside "Beløp i selskapets valuta", all in NOK
    rows = ["Post-ID,Avtalenavn,Avtalefase,Beløp,Valuta,Beløp i selskapets valuta,Avslutningsdato,Opprettelsesdato,"
            "Avtaleeier",
            "1,A,Avsluttet vunnet,1000,EUR,11500,2026-10-20 10:00,2026-09-01 10:00,Kari Nordmann",
            "2,B,Avsluttet tapt,20000,NOK,20000,2026-10-21 10:00,2026-09-02 10:00,Ola Hansen"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-avtaler-2026-11-01.csv", rows)
    assert data.opportunities["amount"].tolist() == [11500.0, 20000.0]
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    # Pipedrive in Swedish: "Affär - " before every field
    rows = ["Affär - ID,Affär - Värde,Affär - Valuta,Affär - Status,Affär - Affär skapad,Affär - Vunnen tid,"
            "Affär - Förlorad tid",
            "1,125000,SEK,Vunnen,2026-09-03 10:00:00,2026-10-14 11:00:00,",
            "2,50000,SEK,Förlorad,2026-09-04 10:00:00,,2026-10-15 11:00:00"]
    _, data, _ = _drafted(tmp_path / "pd", "deals-6120455-214.csv", rows)
    assert data.opportunities["close_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-14", "2026-10-15"]
    # Teamleader in German: the deal's value is its "Geschätzter Wert"
    rows = ["Titel,Kunde,Phase,Status,Geschätzter Wert,Erstellt am,Abgeschlossen am",
            "A,X GmbH,Gewonnen,Gewonnen,12500,01.09.2026,14.10.2026", "B,Y GmbH,Angebot,Offen,3000,02.09.2026,"]
    _, data, _ = _drafted(tmp_path / "tl", "export_deals_01-11-2026.csv", rows)
    assert data.opportunities["amount"].tolist() == [12500.0, 3000.0]


def test_help_desks_in_swedish_and_danish_and_subscriptions_ended_without_a_date(tmp_path):
    # Zendesk in Swedish: "Begärd" opens, "Löst" solves, "Nöjdhet" Bra / Dålig, "Erbjuden" no answer
    rows = ["ID,Ämne,Status,Begärd,Uppdaterad,Löst,Handläggare,Nöjdhet",
            "1,A,Löst,2026-10-01 09:00,2026-10-02 10:00,2026-10-02 09:00,Anna,Bra",
            "2,B,Löst,2026-10-03 09:00,2026-10-04 10:00,2026-10-04 09:00,Anna,Dålig",
            "3,C,Öppen,2026-10-05 09:00,2026-10-05 10:00,,Anna,Erbjuden"]
    _, data, _ = _drafted(tmp_path / "zd", "export-2026-11-01-0900-vy-360004812237.csv", rows)
    assert data.cases["opened_at"].dt.day.tolist() == [1, 3, 5]
    assert data.cases["csat"].tolist()[:2] == [5.0, 1.0] and pd.isna(data.cases["csat"].iloc[2])
    # Recharge: an EXPIRED subscription has no cancellation date; it ended at its last change. MRR by hand:
    # 18.50 a month; 69 × 2 every 2 months = 69; 30 every 60 days = 30 × 365 / 12 / 60 = 15.2083
    rows = ["subscription_id,customer_id,status,created_at,updated_at,cancelled_at,price,quantity,"
            "order_interval_unit,charge_interval_frequency",
            "1,c1,ACTIVE,2025-09-01T16:08:07,2025-12-08T19:22:04,,18.50,1,month,1",
            "2,c2,EXPIRED,2025-09-01T03:45:34,2025-12-05T03:45:34,,69.00,2,month,2",
            "3,c3,ACTIVE,2025-09-02T03:45:34,2025-12-05T03:45:34,,30.00,1,day,60"]
    text, data, _ = _drafted(tmp_path / "rc", "subscriptions_export_2026-11-01.csv", rows)
    assert "only_where: {column: status, equals: [EXPIRED]}" in text
    assert data.contracts["mrr"].round(4).tolist() == [18.5, 69.0, 15.2083]
    assert data.contracts["end_date"].dt.strftime("%Y-%m-%d").fillna("").tolist() == ["", "2025-12-05", ""]
    # Zoho Billing: "Amount" is the plan price times the quantity with add-ons: not multiplied again; a trial not
    # yet activated has no start
    rows = ["Subscription ID,Status,Plan Name,Plan Price,Quantity,Interval,Interval Unit,Amount,Created On,"
            "Activated On,Cancelled Date",
            "1,Live,Growth Monthly,79.00,2,1,months,218.00,30/09/2026,30/09/2026,",
            "2,Live,Scale Yearly,1990.00,1,1,years,1990.00,30/09/2026,30/09/2026,",
            "3,Trial,Scale Monthly,199.00,1,1,months,169.15,01/10/2026,,"]
    _, data, _ = _drafted(tmp_path / "zb", "Subscriptions.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [218.0, 165.8333, 0.0]
    assert data.contracts["start_date"].isna().tolist() == [False, False, True]


def test_ads_in_dutch_and_german_and_calls_of_3cx_and_a_swedish_phone_system(tmp_path):
    # LinkedIn in Dutch: "Begindatum (in UTC)" is the day, "Totaal besteed" the spend
    rows = ["Begindatum (in UTC)\tCampagnenaam\tTotaal besteed\tVertoningen\tKlikken",
            "1-10-2026\tA\t120,50\t1000\t12", "2-10-2026\tA\t99,50\t900\t9"]
    _, data, _ = _drafted(tmp_path / "li", "account_508812347_campaign_performance_report.csv", rows)
    assert data.marketing_spend["amount"].tolist() == [120.5, 99.5]
    assert data.marketing_spend["month"].dt.day.tolist() == [1, 2]
    # Meta in German: link clicks before all clicks; of results of mixed objectives a lead's are conversions
    rows = ["Beginn des Berichtszeitraums,Kampagnenname,Ergebnisse,Ergebnisindikator,Ausgegebener Betrag (EUR),"
            "Link-Klicks,Klicks (alle)",
            "2026-10-01,A,500,reach,10.5,20,40", "2026-10-02,B,3,actions:lead,20.5,30,50"]
    text, data, _ = _drafted(tmp_path / "meta", "Kampagnen-1.-Sep.-2025-31.-Okt.-2026.csv", rows)
    assert data.marketing_spend["clicks"].tolist() == [20, 30]
    assert pd.isna(data.marketing_spend["conversions"].iloc[0]) and data.marketing_spend["conversions"].iloc[1] == 3
    # 3CX: "Redirected" (to a voicemail) was not answered
    rows = ["Call Time,Call ID,From,To,Direction,Status,Ringing,Talking",
            "10/30/2026 6:11:43 PM,54329,Sam (108),David (106),Internal,Answered,00:00:22,00:02:38",
            "10/30/2026 4:53:15 PM,54337,+13125555495,Support (801),Inbound,Redirected,00:00:21,00:00:00",
            "10/30/2026 4:13:15 PM,54338,+13125555496,Support (801),Inbound,Unanswered,00:00:21,00:00:00"]
    _, data, _ = _drafted(tmp_path / "3cx", "CallHistory_20250901_20261101.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False]
    # Telavox: a Swedish call history ("Samtalshistorik") of answered, missed and voicemail calls
    rows = ["Datum;Tid;Riktning;Från;Till;Användare;Status;Samtalstid",
            "2026-10-31;07:12:58;Inkommande;08-986 75 99;08-120 345 00;Maria Holm;Besvarat;0:03:16",
            "2026-10-30;16:58:58;Inkommande;08-634 30 24;08-120 345 00;Ahmed Karimi;Missat;0:00:00",
            "2026-10-30;15:58:58;Inkommande;08-634 30 25;08-120 345 00;Ahmed Karimi;Röstbrevlåda;0:00:20"]
    _, data, _ = _drafted(tmp_path / "tv", "Samtalshistorik_2025-09-01_2026-11-01.csv", rows)
    assert data.activities["type"].eq("call").all()
    assert data.activities["completed"].tolist() == [True, False, False]


def test_danish_dynamics_and_odoo_deals_and_woocommerce_subscriptions_on_hold(tmp_path):
    # Dynamics 365 in Danish: "Faktisk indtægt" (actual revenue) is a won deal's amount
    rows = ["(Må ikke ændres) Salgsmulighed,Emne,Status,Anslået indtægt,Faktisk indtægt,Faktisk lukkedato,"
            "Anslået lukkedato,Oprettet",
            "a1,A,Vundet,100000,95000,14-10-2026,20-10-2026,01-09-2026",
            "b2,B,Åben,50000,,,20-12-2026,02-09-2026"]
    _, data, _ = _drafted(tmp_path / "d365", "Alle salgsmuligheder 01-11-2026 09-00-00.csv", rows)
    assert data.opportunities["amount"].tolist() == [95000.0, 50000.0]
    # Odoo in Danish: a lost deal is archived (Aktiv False) and dated by its "Lukket dato"
    rows = ["Mulighed,Kunde,Sælger,Fase,Forventet omsætning,Oprettet den,Forventet lukning,Lukket dato,Aktiv",
            "A,X,Lars,Vundet,10000,2026-09-01 10:00:00,2026-12-01,2026-10-12 10:00:00,True",
            "B,Y,Lars,Tilbud,5000,2026-09-02 10:00:00,2026-12-01,2026-10-13 10:00:00,False"]
    _, data, _ = _drafted(tmp_path / "odoo", "Kundeemne_mulighed (crm.lead).csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    assert data.opportunities["close_date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-10-12", "2026-10-13"]
    # WooCommerce Subscriptions: its order total every billing interval of its period; on hold pays nothing.
    # MRR by hand: 69.09 a month; 45.74 every 3 months = 15.2467; on hold 0
    rows = ["subscription_id,subscription_status,customer_id,start_date,end_date,billing_period,billing_interval,"
            "order_total,order_currency",
            "8870,wc-active,1832,2026-10-01 02:03:49,,month,1,69.09,EUR",
            "8867,wc-active,1284,2026-10-01 09:49:28,,month,3,45.74,EUR",
            "8866,wc-on-hold,1285,2026-09-01 09:49:28,,month,1,45.74,EUR"]
    _, data, _ = _drafted(tmp_path / "woo", "subscriptions-export-2026-11-01-09-00-00.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [69.09, 15.2467, 0.0]


def test_a_name_read_without_its_date_word_keeps_its_place_before_a_later_listed_name(tmp_path):
    # Chargebee: "Started At" ("started", listed before "activated at") is the start, not "Activated At", when a
    # trial converted; a qualifier in parentheses ("Klicks (alle)") is what gives way to a name as written
    rows = ["Subscription Id,Customer Id,Plan Id,Plan Unit Price,Billing Period Unit,Status,Created At,Started At,"
            "Activated At,Cancelled At",
            "s1,c1,pro,20.00,month,active,2026-09-01 10:00:00,2026-09-02 10:00:00,2026-09-16 10:00:00,",
            "s2,c2,pro,20.00,month,in_trial,2026-10-01 10:00:00,2026-10-02 10:00:00,,"]
    text, data, _ = _drafted(tmp_path / "cb", "Subscriptions.csv", rows)
    assert "start_date: Started At" in text
    assert data.contracts["start_date"].dt.day.tolist() == [2, 2]


def test_norwegian_danish_and_swedish_deals_of_pipedrive_salesforce_and_zoho(tmp_path):
    # Pipedrive in Norwegian: "Avtale - " before every field, "Vunnet-tidspunkt" the won time
    rows = ["Avtale - ID,Avtale - Verdi,Avtale - Valuta,Avtale - Status,Avtale - Avtale opprettet,"
            "Avtale - Vunnet-tidspunkt,Avtale - Tapt-tidspunkt",
            "1,125000,NOK,Vunnet,2026-09-03 10:00:00,2026-10-14 11:00:00,",
            "2,50000,NOK,Tapt,2026-09-04 10:00:00,,2026-10-15 11:00:00"]
    _, data, _ = _drafted(tmp_path / "pd", "deals-8841207-392.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    assert data.opportunities["close_date"].dt.day.tolist() == [14, 15]
    # Salesforce in Danish: "Oprettet dato" is the creation date an open pipeline needs; Zoho in Swedish
    # "Skapad tid"
    rows = ["Salgsmulighedsejer,Kontonavn,Salgsmulighedens navn,Fase,Beløb,Lukkedato,Oprettet dato",
            "Mette,A,A1,Lukket vundet,1000,14-10-2026,01-09-2026",
            "Mette,B,B1,Kvalificering,2000,14-12-2026,02-09-2026"]
    _, data, _ = _drafted(tmp_path / "sf", "report1793520000417.csv", rows)
    assert data.opportunities["created_at"].dt.day.tolist() == [1, 2]
    rows = ["Post-ID,Affärsnamn,Affärsägare,Belopp,Stängningsdatum,Fas,Kontonamn,Skapad tid",
            "zcrm_1,A,Eva,1000,2026-10-14,Stängd vunnen,Alfa AB,2026-09-01 10:00:00",
            "zcrm_2,B,Eva,2000,2026-12-14,Kvalificering,Beta AB,2026-09-02 10:00:00"]
    text, data, _ = _drafted(tmp_path / "zoho", "Deals_2026_11_01.csv", rows)
    assert "created_at: Skapad tid" in text and "account_id: Kontonamn" in text


def test_help_desks_in_danish_swedish_norwegian_and_jira_in_dutch(tmp_path):
    # Freshdesk in Danish: created, resolved before closed, and its three survey answers
    rows = ["Billet-id,Status,Oprettelsestidspunkt,Løst tidspunkt,Lukket tidspunkt,Undersøgelsesresultater",
            "1,Lukket,2026-10-01 09:00:00,2026-10-01 19:00:00,2026-10-03 19:00:00,Fantastisk",
            "2,Lukket,2026-10-02 09:00:00,2026-10-02 10:00:00,2026-10-04 10:00:00,Ikke godt"]
    _, data, _ = _drafted(tmp_path / "fd", "Tickets-01-11-2026.csv", rows)
    assert data.cases["closed_at"].dt.day.tolist() == [1, 2] and data.cases["csat"].tolist() == [5.0, 1.0]
    # HubSpot tickets in Swedish ("ärenden") are cases, not deals
    rows = ["Ärende-ID,Ärendenamn,Pipeline,Ärendestatus,Skapandedatum,Stängningsdatum,Ärendeägare,Källa",
            "1,A,Support,Stängd,2026-10-01 09:00,2026-10-02 09:00,Eva,E-post",
            "2,B,Support,Ny,2026-10-03 09:00,,Eva,Chatt"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alla-arenden-2026-11-01.csv", rows)
    assert data.has("cases") and data.cases["closed_at"].notna().tolist() == [True, False]
    # Zendesk in Norwegian: "Forespurt" (requested) opens
    rows = ["ID,Emne,Status,Forespurt,Oppdatert,Løst,Tildelt,Tilfredshet",
            "1,A,Løst,01.10.2026 09:00,02.10.2026 10:00,02.10.2026 09:00,Kari,Bra",
            "2,B,Åpen,03.10.2026 09:00,03.10.2026 10:00,,Kari,Ikke tilbudt"]
    _, data, _ = _drafted(tmp_path / "zd", "alle-saker-2026-11-01.csv", rows)
    assert data.cases["opened_at"].dt.day.tolist() == [1, 3]
    # Jira in Dutch: months with a full stop and "a.m." / "p.m."; its satisfaction as "Aangepast veld (…)"
    rows = ["Samenvatting,Sleutel,Status,Aangemaakt,Opgelost,Aangepast veld (Satisfaction)",
            "A,SD-1,Opgelost,30/okt./26 2:31 p.m.,31/okt./26 6:44 a.m.,4",
            "B,SD-2,Open,14/mei/26 9:15 a.m.,,"]
    text, data, _ = _drafted(tmp_path / "jira", "Jira.csv", rows)
    assert data.cases["opened_at"].tolist() == [pd.Timestamp("2026-10-30 14:31"), pd.Timestamp("2026-05-14 09:15")]
    assert "csat: Aangepast veld (Satisfaction)" in text


def test_call_logs_in_german_and_dutch_with_a_total_row_paddle_items_and_swedish_google_ads(tmp_path):
    # Aircall in German: the time in the call before the whole duration; "Nicht beantwortet" was not answered
    rows = ['"ID","Richtung","Status","Gestartet am","Dauer (gesamt)","Dauer (im Gespräch)","Benutzer"',
            '"1","Eingehend","Beantwortet","30.10.2026 07:00:25","00:05:00","00:04:00","Jonas"',
            '"2","Eingehend","Nicht beantwortet","30.10.2026 08:00:25","00:00:30","","Jonas"']
    _, data, _ = _drafted(tmp_path / "ac", "aircall_anrufe_export_2025-09-01_2026-11-01.csv", rows)
    assert data.activities["completed"].tolist() == [True, False]
    assert data.activities["duration_min"].tolist()[0] == 4.0
    # Dstny: the log's "Totaal" row below it is no call
    rows = ["Datum;Tijd;Richting;Van;Naar;Gebruiker;Status;Gespreksduur",
            "30-10-2026;09:03:59;Inkomend;0103339206;Verkoop;Noor;Beantwoord;0:06:27",
            "30-10-2026;09:57:30;Uitgaand;Fleur (203);0202209478;Fleur;Gemist;0:00:00",
            "31-10-2026;10:57:30;Uitgaand;Fleur (203);0202209479;Fleur;Voicemail;0:00:20",
            "", "Totaal;;;;;;3 gesprekken;0:06:47"]
    _, data, report = _drafted(tmp_path / "dstny", "Gespreksgegevens_01-09-2025_t-m_01-11-2026.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False]
    # Paddle Billing: one row per item, its unit price times its quantity every cycle. MRR by hand: 135 every
    # 3 months = 45; 19 × 2 = 38
    rows = ["subscription_id,status,customer_id,currency_code,billing_cycle_interval,billing_cycle_frequency,"
            "started_at,canceled_at,item_quantity,item_unit_price",
            "sub_1,active,ctm_1,USD,month,3,2026-10-31T21:23:56Z,,1,135.00",
            "sub_2,active,ctm_2,USD,month,1,2026-10-30T21:23:56Z,,2,19.00"]
    _, data, _ = _drafted(tmp_path / "paddle", "subscriptions_export_2026-11-01.csv", rows)
    assert data.contracts["mrr"].tolist() == [45.0, 38.0]
    # Google Ads in Swedish: "Dag", "Kostnad", "Klick"; its "Totalt:" rows are no days
    rows = ["Kampanjrapport", "1 september 2025 - 31 oktober 2026",
            "Dag\tKampanj\tValutakod\tKlick\tVisningar\tKostnad\tKonverteringar",
            "2026-10-01\tSök\tSEK\t116\t908\t315,92\t9,00", "2026-10-02\tSök\tSEK\t73\t1 448\t949,13\t3,00",
            "Totalt: Kampanjer\t\tSEK\t189\t2 356\t1 265,05\t12,00"]
    _, data, _ = _drafted(tmp_path / "gads", "Kampanjrapport.csv", rows)
    assert data.marketing_spend["amount"].tolist() == [315.92, 949.13]
    assert data.marketing_spend["clicks"].tolist() == [116, 73]


def test_x_ads_conversions_beside_results_and_hubspot_contacts_in_swedish(tmp_path):
    # X: its own "Conversions" column is one kind of result, though "Results" beside it changes with "Result type"
    rows = ["Time period,Campaign name,Spend,Impressions,Link clicks,Results,Result type,Conversions",
            "2026-10-01,A,10.50,1000,20,20,Link clicks,3", "2026-10-02,B,20.50,900,30,900,Impressions,4"]
    _, data, _ = _drafted(tmp_path / "x", "18ce54w2kxq_campaign_report_2025-09-01_2026-10-31.csv", rows)
    assert data.marketing_spend["conversions"].tolist() == [3, 4]
    # HubSpot contacts in Swedish: created on "Skapat datum"; an opportunity or a customer has converted
    rows = ["Post-ID,Förnamn,Skapat datum,Livscykelfas,Blev en lead datum,Blev en kund datum,Ursprunglig källa",
            "1,Eva,2026-10-01 10:00,Kund,2026-10-01 10:00,2026-10-20 10:00,Organisk sökning",
            "2,Per,2026-10-02 10:00,Lead,2026-10-05 10:00,,Direkttrafik"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alla-kontakter-2026-11-01.csv", rows)
    assert data.leads["created_at"].dt.day.tolist() == [1, 2] and data.leads["converted"].tolist() == [True, False]


def test_german_and_swedish_deals_of_bitrix24_bigin_and_salesforce_and_topdesk_in_german(tmp_path):
    # Bitrix24 in German: "Analyse des Misserfolgs" (failure analysis) is lost
    rows = ["ID,Name,Phase,Betrag,Währung,Erstellt am,Abschlussdatum",
            "1,A,Deal erfolgreich abgeschlossen,1000,EUR,01.09.2026,14.10.2026",
            "2,B,Analyse des Misserfolgs,2000,EUR,02.09.2026,15.10.2026", "3,C,Angebot,3000,EUR,03.09.2026,15.12.2026"]
    _, data, _ = _drafted(tmp_path / "bx", "deal_20261101.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    # Salesforce in Swedish: "Skapat datum" is the creation date
    rows = ["Affärsmöjlighetens namn,Kontonamn,Fas,Belopp,Stängningsdatum,Skapat datum",
            "A,Alfa AB,Stängd vunnen,1000,2026-10-14,2026-09-01", "B,Beta AB,Kvalificering,2000,2026-12-14,2026-09-02"]
    _, data, _ = _drafted(tmp_path / "sf", "report1793520000417.csv", rows)
    assert data.opportunities["created_at"].dt.day.tolist() == [1, 2]
    # TOPdesk in German: "Erledigt am" (completed) before "Abgeschlossen am" (closed days later); its "Erledigt"
    # (Ja / Nein) is no date
    rows = ["Nummer,Anmeldedatum,Erledigt,Erledigt am,Abgeschlossen am,Status,Bearbeiter",
            "M2610 001,01.10.2026 09:00,Ja,01.10.2026 15:00,04.10.2026 09:00,Abgeschlossen,Jonas",
            "M2610 002,02.10.2026 09:00,Ja,,05.10.2026 09:00,Abgeschlossen,Jonas"]
    _, data, _ = _drafted(tmp_path / "td", "Meldungen.csv", rows)
    assert data.cases["closed_at"].dt.strftime("%d %H").tolist() == ["01 15", "05 09"]


def test_ringcentral_in_german_and_subscriptions_of_lemon_squeezy_exact_and_billwerk(tmp_path):
    # RingCentral in German: "Sprache" (voice) is a call, a fax is not; ten outcomes, "Anruf verbunden" answered
    outcomes = ["Anruf verbunden", "Verpasst", "Keine Antwort", "Voicemail", "Aufgelegt", "Besetzt", "Abgelehnt",
                "Anruf fehlgeschlagen", "Empfangen", "Gesendet"]
    rows = ['"Typ","Richtung","Von","An","Datum","Uhrzeit","Aktion","Aktionsergebnis","Dauer"']
    rows += [f'"{"Fax" if o in ("Empfangen", "Gesendet") else "Sprache"}","Ausgehend","104","+49 40 2156089{i}",'
             f'"Fr. 30.10.2026","1{i}:06:10","Telefonanruf","{o}","0:0{i}:58"' for i, o in enumerate(outcomes)]
    _, data, _ = _drafted(tmp_path / "rc", "Anrufprotokoll_01.09.2025-31.10.2026.csv", rows)
    assert data.activities["type"].tolist() == ["call"] * 8 + ["other"] * 2
    assert data.activities["completed"].tolist()[:8] == [True] + [False] * 7
    # Lemon Squeezy: the interval in the variant's name, an end in "ends_at", a trial pays nothing, a test is left
    # out. MRR by hand: 79 a month; 290 a year = 24.1667; on trial 0
    rows = ["id,customer_id,product_name,variant_name,status,price,renews_at,ends_at,created_at,updated_at,test_mode",
            "1,c1,Acme,Team Monthly,active,$79.00,2026-11-30T22:23:07Z,,2026-09-30T22:23:07Z,2026-10-01T10:00:00Z,"
            "false",
            "2,c2,Acme,Pro Yearly,cancelled,$290.00,,2026-12-30T00:00:00Z,2026-09-29T22:23:07Z,2026-10-02T10:00:00Z,"
            "false",
            "3,c3,Acme,Pro Monthly,on_trial,$29.00,2026-11-13T00:00:00Z,,2026-10-30T22:23:07Z,2026-10-30T22:23:07Z,"
            "false",
            "4,c4,Acme,Pro Monthly,active,$29.00,2026-11-13T00:00:00Z,,2026-10-30T22:23:07Z,2026-10-30T22:23:07Z,true"]
    _, data, report = _drafted(tmp_path / "ls", "subscriptions-2026-11-01.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [79.0, 24.1667, 0.0]
    assert data.contracts["end_date"].notna().tolist() == [False, True, False]
    assert report.totals()["rows_excluded"] == 1
    # Exact Online: "Bedrag per periode" is the line's amount (its unit price times the number): not again times it
    rows = ["Abonnementsnummer;Klant;Ingangsdatum;Einddatum;Factuurperiode;Aantal;Prijs per eenheid;Bedrag per periode",
            "1001;10169;01-02-2025;;Jaar;2;1.020,00;2.040,00", "1002;10170;01-03-2025;;Kwartaal;1;300,00;300,00"]
    _, data, _ = _drafted(tmp_path / "exact", "Abonnementen.csv", rows)
    assert data.contracts["mrr"].tolist() == [170.0, 100.0]
    # billwerk: its "Abrechnungsintervall"
    rows = ["Vertrags-ID;Kunde;Status;Tarif;Abrechnungsintervall;Preis;Vertragsbeginn;Vertragsende",
            "a1;Hartmann AG;Aktiv;Professional;monatlich;49,00 €;01.10.2026;",
            "a2;Schneider GmbH;Aktiv;Professional;quartalsweise;140,00 €;01.10.2026;"]
    _, data, _ = _drafted(tmp_path / "bw", "Vertraege_Export_2026-11-01.csv", rows)
    assert data.contracts["mrr"].round(4).tolist() == [49.0, 46.6667]


def test_weekly_ads_cover_their_last_week_and_linkedin_in_danish(tmp_path):
    from crmanalysis.analyses.window import default_month

    # Google Ads by week: each row is a week's Monday; the week of 26 October covers the month to its end
    rows = ["Campagnerapport", "1 september 2026 - 31 oktober 2026",
            "Week\tCampagne\tKlikken\tKosten"]
    rows += [f"2026-{m:02d}-{d:02d}\tZoeken\t10\t12,50" for m, d in
             ((9, 7), (9, 14), (9, 21), (9, 28), (10, 5), (10, 12), (10, 19), (10, 26))]
    _, data, _ = _drafted(tmp_path / "gads", "Campagnerapport.csv", rows)
    assert default_month(data) == "2026-10"
    # LinkedIn in Danish: "Startdato (i UTC)" is the day, "Samlet forbrug" the spend
    rows = ["Startdato (i UTC)\tKampagnenavn\tSamlet forbrug\tVisninger\tKlik",
            "01-10-2026\tA\t713,34\t3170\t15", "02-10-2026\tA\t130,17\t9939\t11"]
    _, data, _ = _drafted(tmp_path / "li", "campaign_performance_report.csv", rows)
    assert data.marketing_spend["amount"].tolist() == [713.34, 130.17]


def _workbook(folder: Path, name: str, sheets: dict[str, list[list]]) -> None:
    """*sheets* (title -> rows) saved as the workbook *name* in a new *folder*."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    folder.mkdir()
    wb.save(folder / name)


def test_a_rating_of_zero_is_none_and_an_ad_report_without_a_cost_column_spent_an_unknown_sum(tmp_path):
    # a help desk's "Satisfaction Rating" 0-5 where 0 is not rated: by hand the mean of 4, 2, 5 is 3.67, not 2.2
    rows = ["Ticket ID,Priority,Status,Created Date,Closed Date,Satisfaction Rating",
            "T1,High,Closed,2026-10-01 09:00,2026-10-01 12:00,4", "T2,Low,Closed,2026-10-02 09:00,2026-10-02 12:00,0",
            "T3,Low,Closed,2026-10-03 09:00,2026-10-03 12:00,2", "T4,Low,Closed,2026-10-04 09:00,2026-10-04 12:00,0",
            "T5,Low,Closed,2026-10-05 09:00,2026-10-05 12:00,5", "T6,Low,Closed,2026-10-06 09:00,2026-10-06 12:00,1",
            "T7,Low,Closed,2026-10-07 09:00,2026-10-07 12:00,3"]
    _, data, report = _drafted(tmp_path / "desk", "IT_Help_Desk_Tickets.csv", rows)
    assert data.cases["csat"].isna().tolist() == [False, True, False, True, False, False, False]
    assert report.totals()["rows_kept"] == 7
    # a campaign dataset's "Acquisition_Cost" is its spend; without any cost column the spend is unknown, not 0
    rows = ["Campaign_ID,Channel_Used,Acquisition_Cost,Clicks,Impressions,Date",
            '1,Email,"$11,319.00",190,2768,2026-10-01', '2,Display,"$14,191.00",782,1920,2026-10-02']
    text, data, _ = _drafted(tmp_path / "ads", "marketing_campaign_dataset.csv", rows)
    assert data.marketing_spend["amount"].tolist() == [11319.0, 14191.0] and "currency: USD" in text
    rows = ["Campaign_ID,Clicks,Impressions,Date", "1,190,2768,2026-10-01", "2,782,1920,2026-10-02"]
    _, data, _ = _drafted(tmp_path / "noc", "campaign_performance.csv", rows)
    spend = K.compute(data, ["marketing_spend", "ad_clicks"], period="M")
    assert spend.loc[spend["kpi"] == "ad_clicks", "value"].tolist() == [972.0]      # 190 + 782
    assert spend.loc[spend["kpi"] == "marketing_spend", "value"].isna().all()


def test_a_workbooks_dates_typed_as_text_are_read_in_the_order_they_share(tmp_path):
    import datetime as dt

    # Excel's dates with a tenth typed as text by an American hand: "10/22/2025" says month first, and so is
    # "10/01/2025" (1 October, not 10 January) beside it
    rows = [["Opportunity ID", "Stage", "Created Date", "Close Date", "Amount"]]
    rows += [[f"O{i}", "Closed Won", dt.datetime(2025, 9, 1), dt.datetime(2025, 10, 1 + i), 100] for i in range(18)]
    rows += [["T1", "Closed Won", dt.datetime(2025, 9, 1), "10/22/2025", 100],
             ["T2", "Closed Lost", dt.datetime(2025, 9, 1), "10/01/2025", 100]]
    _workbook(tmp_path / "b2b", "B2B_Sales_Pipeline.xlsx", {"Pipeline": rows})
    assert _init(str(tmp_path / "b2b")).exit_code == 0
    data, _ = load_client(tmp_path / "b2b" / "client.yml", cache=False)
    assert data.opportunities["close_date"].iloc[-2:].tolist() == [pd.Timestamp("2025-10-22"),
                                                                   pd.Timestamp("2025-10-01")]


def test_a_formatted_report_whose_totals_put_their_figures_on_the_row_below_their_labels(tmp_path):
    import datetime as dt

    # Salesforce Lightning's formatted export: the stage once per group (a merged cell), then "Subtotal |
    # Record Count | … | Sum of Amount" and the figures on the row below, first cell blank: 3 deals, not 5;
    # by hand: won 100 + 200 = 300, one open deal of 50
    d = dt.datetime(2026, 10, 5)
    rows = [["Opportunities by Stage"], ["Filtered By:"], [],
            ["Stage", "Opportunity Owner", "Account Name", "Amount", "Close Date", "Created Date"],
            ["Closed Won", "Ann", "A", 100, d, d], [None, "Bob", "B", 200, d, d],
            ["Subtotal", "Record Count", None, "Sum of Amount", None, None], [None, 2, None, 300, None, None],
            ["Prospecting", "Ann", "C", 50, d, d],
            ["Subtotal", "Record Count", None, "Sum of Amount", None, None], [None, 1, None, 50, None, None],
            ["Grand Total", "Record Count", None, "Sum of Amount", None, None], [None, 3, None, 350, None, None],
            [], ["Confidential Information - Do Not Distribute"]]
    _workbook(tmp_path / "sf", "Opportunities by Stage-2026-11-01-09-00-41.xlsx", {"Opportunities by Stage": rows})
    assert _init(str(tmp_path / "sf")).exit_code == 0
    data, report = load_client(tmp_path / "sf" / "client.yml", cache=False)
    assert data.opportunities["status"].tolist() == ["won", "won", "open"]
    assert data.opportunities["amount"].tolist() == [100.0, 200.0, 50.0]
    assert report.accounting()["reconciles"].all()


def test_a_formatted_report_grouped_by_stage_and_a_summary_sheet_beside_the_tickets(tmp_path):
    import datetime as dt

    # Salesforce's formatted "Opportunities by Stage": an empty first column, the stage and its count on a group's
    # first row, "Subtotal" under the owner, a total and a footer: 2 won of 3 deals, 1 open
    d = dt.datetime(2026, 10, 5)
    rows = [[None, "Opportunities by Stage"], [None, "Filtered By:"], [],
            [None, "Stage", "Opportunity Owner", "Account Name", "Amount", "Close Date", "Created Date"],
            [None, "Closed Won (2)", "Ann", "A", 100, d, d], [None, None, "Bob", "B", 200, d, d],
            [None, None, "Subtotal", None, 300, None, None],
            [None, "Prospecting (1)", "Ann", "C", 50, d, d], [None, None, "Subtotal", None, 50, None, None],
            [None, "Total (3)", None, None, 350, None, None], [], [],
            [None, "Confidential Information - Do Not Distribute"],
            [None, "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."]]
    _workbook(tmp_path / "sf", "Opportunities by Stage-2026-11-01-09-00-00.xlsx", {"Sheet1": rows})
    assert _init(str(tmp_path / "sf")).exit_code == 0
    data, report = load_client(tmp_path / "sf" / "client.yml", cache=False)
    assert data.opportunities["status"].tolist() == ["won", "won", "open"]
    assert data.opportunities["stage"].tolist() == ["Closed Won", "Closed Won", "Prospecting"]
    # Freshdesk's "Ticket volume trends": a sheet of months and counts before the sheet of tickets
    summary = [["Month", "Received", "Resolved"], ["2026-09", 10, 9], ["2026-10", 12, 11]]
    tickets = [["Ticket ID", "Status", "Priority", "Created time", "Resolved time", "Customer satisfaction"],
               [1, "Closed", "Low", "2026-10-01 09:00", "2026-10-01 12:00", "Awesome"],
               [2, "Closed", "Low", "2026-10-02 09:00", "2026-10-02 12:00", "Not Good"],
               [3, "Open", "Low", "2026-10-03 09:00", None, None]]
    _workbook(tmp_path / "fd", "Ticket_volume_trends_01-11-2026.xlsx", {"Summary": summary, "Tickets": tickets})
    assert _init(str(tmp_path / "fd")).exit_code == 0
    data, _ = load_client(tmp_path / "fd" / "client.yml", cache=False)
    assert data.cases["case_id"].tolist() == ["1", "2", "3"]
    assert data.cases["csat"].tolist()[:2] == [5.0, 1.0]          # Awesome / Neutral / Not Good on 1-5


def test_a_header_in_the_files_language_and_the_other_closed_stages_of_a_pipeline(tmp_path):
    # Creatio in Dutch: "Bedrag" (amount) before "Budget", an English word listed earlier; "Gesloten afgewezen"
    # and "Gesloten deal met ander" are closed like its won and lost stages, and not won
    rows = ["Naam;Account;Fase;Eigenaar;Aangemaakt op;Sluitingsdatum;Budget;Bedrag;Valuta;Bron",
            "A;X;Gesloten gewonnen;Daan;01-10-2026;10-10-2026;7300;8427,07;Euro;Website",
            "B;Y;Gesloten verloren;Daan;01-10-2026;11-10-2026;100;200;Euro;Website",
            "C;Z;Gesloten afgewezen;Eva;01-10-2026;12-10-2026;100;300;Euro;Campagne",
            "D;Z;Gesloten deal met ander;Eva;01-10-2026;13-10-2026;100;400;Euro;Campagne",
            "E;Z;Voorstel;Eva;01-10-2026;13-11-2026;100;500;Euro;Campagne"]
    _, data, _ = _drafted(tmp_path / "cr", "Verkoopkansen.csv", rows)
    assert data.opportunities["amount"].tolist() == [8427.07, 200.0, 300.0, 400.0, 500.0]
    assert data.opportunities["status"].tolist() == ["won", "lost", "lost", "lost", "open"]
    # a word the file's language shares with English is its own: Dynamics' Danish "Status" stays the status,
    # before its "Statusårsag" (the reason: "Solgt til konkurrent" is a deal lost)
    rows = ["(Må ikke ændres) Salgsmulighed,Emne,Potentiel kunde,Status,Statusårsag,Anslået lukkedato,"
            "Anslået indtægt,Faktisk lukkedato,Faktisk indtægt,Sandsynlighed,Pipelinefase,Ejer,Oprettet,Valuta",
            "e1,Cloud,Thy A/S,Åben,I gang,2026-11-01,130000,,,30,2-Udvikl,Rikke,2026-09-19 09:37,Danske kroner",
            "e2,Cloud,Silkeborg ApS,Vundet,Vundet,2026-10-03,87000,2026-10-03,87000,100,4-Luk,Rikke,2026-09-23 13:16,"
            "Danske kroner",
            "e3,Cloud,Mols ApS,Tabt,Solgt til konkurrent,2026-10-26,93000,2026-10-26,,20,3-Foreslå,Mikkel,"
            "2026-09-27 13:00,Danske kroner"]
    _, data, _ = _drafted(tmp_path / "dyn", "Alle salgsmuligheder 01-11-2026 09-00-00.csv", rows)
    assert data.opportunities["status"].tolist() == ["open", "won", "lost"]


def test_contact_centre_logs_of_genesys_and_five9(tmp_path):
    # Genesys Cloud's interactions: "Abandoned" YES is no answer, "Total Talk" in milliseconds, a call of no talk
    # was not answered (the outbound one nobody picked up), a chat is no call. By hand: 102652 ms = 1.71 minutes
    rows = ['"Conversation ID","Date","Duration","Media Type","Direction","Users","Abandoned","Total Talk"',
            '"c1","10/30/2026 04:53:07 PM","0:03:35","voice","Inbound","Lucia","NO","102652"',
            '"c2","10/30/2026 03:06:01 PM","0:00:35","voice","Inbound","","YES","0"',
            '"c3","10/30/2026 02:15:32 PM","0:00:40","voice","Outbound","Erik","NO","0"',
            '"c4","10/30/2026 01:15:32 PM","0:04:40","chat","Inbound","Erik","NO","200000"']
    _, data, _ = _drafted(tmp_path / "gen", "Interactions_Export_2026-11-01.csv", rows)
    a = data.activities
    # c1 and c2 came in: logged as other activities beside the call the team made (c3)
    assert a["type"].tolist() == ["other", "other", "call", "other"]
    assert a["completed"].tolist()[:3] == [True, False, False]
    assert round(float(a["duration_min"].iloc[0]), 4) == 1.7109
    # Five9's call log: "CALL TIME" is a duration, its "TIMESTAMP" the call's date
    rows = ['"CALL ID","TIMESTAMP","CALL TYPE","AGENT NAME","DISPOSITION","CALL TIME","TALK TIME","CONFERENCES",'
            '"ABANDONED"',
            '"1","Fri, 30 Oct 2026 08:24:14","Inbound","Sara Ali","Sale","0:03:49","0:03:14","0","0"',
            '"2","Fri, 30 Oct 2026 09:24:14","Inbound","","Abandon","0:01:49","0:00:00","0","1"',
            '"3","Fri, 30 Oct 2026 10:24:14","Outbound","Sara Ali","No Answer","0:00:30","0:00:00","0","0"']
    _, data, _ = _drafted(tmp_path / "f9", "Call Log.csv", rows)
    a = data.activities
    assert a["scheduled_at"].dt.hour.tolist() == [8, 9, 10]
    assert a["completed"].tolist() == [True, False, False]


def test_ad_orders_and_sales_after_a_click_and_a_mailing_tools_profiles(tmp_path):
    # Amazon's Sponsored Products: its orders within 7 days are the conversions; Criteo's "Ventes post-clic"
    rows = ["Date\tCampaign Name\tImpressions\tClicks\tSpend\t7 Day Total Sales \t7 Day Total Orders (#)",
            "2026-10-01\tA\t100\t10\t5.50\t80.00\t2", "2026-10-02\tA\t120\t12\t6.00\t40.00\t1"]
    _, data, _ = _drafted(tmp_path / "amz", "Sponsored Products Campaign report.csv", rows)
    assert data.marketing_spend["conversions"].tolist() == [2.0, 1.0]
    rows = ["Jour;Campagne;Affichages;Clics;Coût;Ventes post-clic;Ventes post-affichage;Devise",
            "01/10/2026;FR - Retargeting;61 825;410;152,59;12;12;EUR",
            "02/10/2026;FR - Retargeting;1 000;41;15,59;3;1;EUR"]
    _, data, _ = _drafted(tmp_path / "criteo", "Criteo_rapport_campagnes.csv", rows)
    assert data.marketing_spend["conversions"].tolist() == [12.0, 3.0]
    # Klaviyo's profiles of a newsletter list are leads, created when the profile was
    rows = ["Email,First Name,Source,Email Marketing Consent,Date Added,Profile Created On,Historic Number Of Orders",
            "a@x.com,A,Footer Signup,SUBSCRIBED,2026-10-30 22:06:28,2026-10-30 22:06:28,0",
            "b@x.com,B,Back In Stock,SUBSCRIBED,2026-10-26 03:14:35,2026-09-26 03:14:35,1"]
    _, data, _ = _drafted(tmp_path / "kl", "Newsletter Subscribers - profiles export 2026-11-01.csv", rows)
    assert data.leads["created_at"].dt.month.tolist() == [10, 9]


def test_leads_converted_where_a_deal_of_another_file_names_them(tmp_path):
    # Olist's marketing funnel: the qualified leads, and in another file the deals closed with them by the same
    # "mql_id", dated by "won_date" alone. By hand: 2 of the 4 leads have a deal, conversion 50 %
    folder = tmp_path / "olist"
    folder.mkdir()
    (folder / "olist_marketing_qualified_leads_dataset.csv").write_text(
        "mql_id,first_contact_date,landing_page_id,origin\n"
        "a1,2026-10-01,p1,organic_search\na2,2026-10-02,p1,paid_search\n"
        "a3,2026-10-03,p2,social\na4,2026-10-04,p2,\n", encoding="utf-8")
    (folder / "olist_closed_deals_dataset.csv").write_text(
        "mql_id,seller_id,sdr_id,sr_id,won_date,business_segment,lead_type,declared_monthly_revenue\n"
        "a1,s1,d1,r1,2026-10-20 10:00:00,books,online_medium,0.0\n"
        "a3,s2,d1,r2,2026-10-25 10:00:00,toys,industry,0.0\n", encoding="utf-8")
    assert _init(str(folder)).exit_code == 0
    data, report = load_client(folder / "client.yml", cache=False)
    assert data.opportunities["status"].tolist() == ["won", "won"]
    assert data.leads["converted"].tolist() == [True, False, True, False]
    rate = K.compute(data, ["lead_conversion_rate"], period="M")
    assert rate["value"].tolist() == [0.5]


def test_subscriptions_of_recurly_appstle_paypal_and_one_row_per_item(tmp_path):
    # Recurly: a yearly plan is 12 "months" in plan_interval_length; by hand 120 / 12 = 10 and 12 a month
    rows = ["uuid,account_code,state,quantity,unit_amount,currency,plan_interval_length,plan_interval_unit,"
            "activated_at,canceled_at,expires_at",
            "a1,k1,active,1,120.00,EUR,12,months,2025-08-24 15:17:21 UTC,,",
            "a2,k2,active,1,12.00,EUR,1,months,2025-08-27 09:22:15 UTC,,"]
    _, data, _ = _drafted(tmp_path / "rec", "subscriptions_all_2026-11-01.csv", rows)
    assert data.contracts["mrr"].tolist() == [10.0, 12.0]
    # Appstle (Shopify): the order amount per billing interval of "1 YEAR" or "3 MONTH": 348 / 12 = 29, 69.21 / 3
    rows = ["Contract ID,Customer ID,Status,Created at,Next billing date,Cancelled on,Billing interval,"
            "Delivery interval,Order amount,Currency",
            "7712345496,c1,active,2025-09-01T10:09:59Z,,,1 YEAR,1 MONTH,348.00,EUR",
            "7712374614,c2,active,2025-09-01T10:26:46Z,2026-11-01T10:26:46Z,,3 MONTH,1 MONTH,69.21,EUR"]
    _, data, _ = _drafted(tmp_path / "app", "subscription_contracts_export_2026-11-01.csv", rows)
    assert data.contracts["mrr"].round(2).tolist() == [29.0, 23.07]
    # PayPal: "Start time", and "Status update time" is a change, an end only where the status says ended
    rows = ['"Subscription ID","Plan name","Status","Start time","Status update time","Billing cycle","Amount",'
            '"Currency"',
            '"I-1","Basic","ACTIVE","2026-01-31T10:39:54Z","2026-10-31T10:39:54Z","MONTH","9.99","EUR"',
            '"I-2","Pro","CANCELLED","2026-02-28T10:39:54Z","2026-10-15T10:39:54Z","MONTH","24.99","EUR"']
    _, data, _ = _drafted(tmp_path / "pp", "subscriptions.csv", rows)
    assert data.contracts["start_date"].dt.month.tolist() == [1, 2]
    assert data.contracts["end_date"].isna().tolist() == [True, False]
    # Stripe's subscription items, one row per item: one subscription of 2 items (MRR 10 + 2 × 5 = 20) and one
    rows = ["Subscription ID,Item ID,Product,Quantity,Unit Amount,Interval,Status,Created (UTC),Canceled At (UTC)",
            "sub_1,si_1,Base,1,10.00,month,active,2026-10-01 10:00,",
            "sub_1,si_2,Seat,2,5.00,month,active,2026-10-01 10:00,",
            "sub_2,si_3,Base,1,30.00,month,active,2026-10-02 10:00,"]
    _, data, report = _drafted(tmp_path / "items", "subscription_items.csv", rows)
    assert data.contracts["mrr"].tolist() == [20.0, 30.0]
    assert report.totals()["rows_excluded"] == 1 and report.totals()["rows_read"] == 3


def test_zendesk_talk_calls_hubspot_forms_in_dutch_and_a_booking_tools_meetings(tmp_path):
    # Zendesk Talk: "Completion status" says whether a call was held, "Voicemail" yes/no is no done flag, and the
    # talk time before the call's whole length
    rows = ["Call ID,Date,Direction,Agent,Customer,Wait time,Talk time,Call duration,Completion status,Voicemail",
            "1,2026-10-31 18:57:36,Outbound,Hannah,Eva,,95,210,Completed,No",
            "2,2026-10-30 18:36:18,Inbound,Lukas,Max,93,0,120,Abandoned in queue,No",
            "3,2026-10-30 17:36:18,Inbound,Lukas,Max,13,0,40,Voicemail,Yes"]
    _, data, _ = _drafted(tmp_path / "talk", "call_history_2025-09-01_2026-11-01.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False]
    assert data.activities["duration_min"].round(4).tolist()[:1] == [1.5833]          # 95 s
    # HubSpot's form submissions in Dutch: "Geconverteerd op" is the submission, the lifecycle stage the conversion
    rows = ["Geconverteerd op,Formulier,E-mail,Levenscyclusfase,Contactpersoon-ID",
            "2026-10-01 07:34:50,Contact,a@x.nl,Lead,101", "2026-10-02 07:34:50,Contact,b@x.nl,Klant,102",
            "2026-10-03 07:34:50,Whitepaper,c@x.nl,Sales-gekwalificeerde lead,103"]
    _, data, _ = _drafted(tmp_path / "forms", "hubspot-formulierinzendingen-alle-formulieren-2026-11-01.csv", rows)
    assert data.leads["created_at"].dt.day.tolist() == [1, 2, 3]
    assert data.leads["converted"].tolist() == [False, True, False]
    # Calendly: 2 of the 3 meetings planned were held (one cancelled)
    rows = ["Invitee Name,Event Type Name,Start Date & Time,End Date & Time,Created At,Canceled,Marked as No-Show,"
            "Assigned to",
            "A,Demo,2026-10-05 10:00 am,2026-10-05 10:30 am,2026-10-01 09:00 am,false,,Ann",
            "B,Demo,2026-10-06 10:00 am,2026-10-06 10:30 am,2026-10-01 09:00 am,true,,Ann",
            "C,Demo,2026-10-07 10:00 am,2026-10-07 10:30 am,2026-10-01 09:00 am,false,,Bob"]
    _, data, _ = _drafted(tmp_path / "cal", "events-export-2026-11-01.csv", rows)
    held = K.compute(data, ["meeting_held_rate"], period="M")
    assert held["value"].round(4).tolist() == [0.6667]


def test_a_grouped_report_in_german_and_a_five_point_chat_rating(tmp_path):
    # Salesforce in German grouped by owner: "Zwischensumme" below each owner and "Gesamtsumme" at the end are no
    # deals; the owner stands on the group's first row only
    rows = ["Opportunity-Inhaber;Opportunity-Name;Phase;Betrag;Schlusstermin;Erstellt am",
            "Anna;A - Schulung;Geschlossen und gewonnen;100,00;05.10.2026;01.09.2026",
            ";B - Lizenz;Geschlossen und verloren;200,00;06.10.2026;01.09.2026",
            "Zwischensumme;Anzahl: 2;;300,00;;",
            "Ben;C - Wartung;Interessent;50,00;06.11.2026;01.09.2026",
            "Zwischensumme;Anzahl: 1;;50,00;;",
            "Gesamtsumme;Anzahl: 3;;350,00;;",
            "Vertraulich – Nicht verteilen;;;;;"]
    _, data, report = _drafted(tmp_path / "sfde", "Opportunity-Pipeline DACH.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "open"]
    assert data.opportunities["owner_id"].tolist() == ["Anna", "Anna", "Ben"]
    assert report.totals()["rows_kept"] == 3
    # Freshchat's five answers, from "Extremely dissatisfied" (1) to "Extremely satisfied" (5)
    rows = ["Conversation ID,Created At,Resolved At,Status,Assigned Agent,CSAT Rating",
            "c1,2026-10-01 09:00:00,2026-10-01 10:00:00,resolved,Emma,Extremely satisfied",
            "c2,2026-10-02 09:00:00,2026-10-02 10:00:00,resolved,Emma,Dissatisfied",
            "c3,2026-10-03 09:00:00,,assigned,Emma,"]
    _, data, _ = _drafted(tmp_path / "fc", "Conversations_Report_01-09-2025_to_01-11-2026.csv", rows)
    assert data.cases["csat"].tolist()[:2] == [5.0, 2.0]


def test_times_written_with_a_us_offset_stay_on_the_desks_own_clock(tmp_path):
    # Spiceworks writes a US desk's times with their offset (-0500 in summer, -0600 in winter): America/Chicago.
    # Moved to Europe/Amsterdam, the ticket of 31 October 20:00 fell on 1 November
    rows = ["Ticket Number,Summary,Status,Priority,Assignee,Created At,Closed At",
            "1,Mail,closed,med,Ann,2026-10-31 20:00:00 -0500,2026-11-02 10:00:00 -0600",
            "2,VPN,closed,high,Ann,2026-01-15 09:00:00 -0600,2026-01-15 11:00:00 -0600",
            "3,Printer,open,low,Bob,2026-07-01 08:00:00 -0500,"]
    text, data, _ = _drafted(tmp_path / "sw", "tickets.csv", rows)
    assert "timezone: America/Chicago" in text
    assert data.cases["opened_at"].tolist() == [pd.Timestamp("2026-10-31 20:00"), pd.Timestamp("2026-01-15 09:00"),
                                                pd.Timestamp("2026-07-01 08:00")]


def test_a_call_centres_answered_flag_is_its_answered_share(tmp_path):
    from crmanalysis.analyses import headline as H

    # the PwC call-centre log: "Answered (Y/N)" on every call, read as cases whose answered flag had no place:
    # page 1 lacked the first number a call centre is steered on. 3 of the 4 October calls answered = 75 %
    head = "Call Id,Agent,Date,Time,Topic,Answered (Y/N),Resolved,Speed of answer in seconds,Satisfaction rating"
    rows = [head, "ID1,Diane,2026-10-01,9:12:58,Streaming,Y,Y,109,3", "ID2,Becky,2026-10-02,9:14:00,Streaming,N,N,,",
            "ID3,Diane,2026-10-03,10:00:00,Admin Support,Y,N,70,4", "ID4,Becky,2026-10-20,11:00:00,Streaming,Y,Y,20,5",
            "ID5,Becky,2026-11-01,08:00:00,Streaming,N,N,,"]
    text, data, _ = _drafted(tmp_path / "log", "Call-Center-Dataset.csv", rows)
    assert "answered: Answered (Y/N)" in text
    got = K.compute(data, ["answered_share"], period="M").set_index("period")
    assert got.loc["2026-10", "value"] == pytest.approx(3 / 4)
    assert got.loc["2026-10", "denominator"] == 4
    # a call log's page 1 carries it among its first three cards: calls, answered share, CSAT
    assert H.cards(data, "2026-10")["kpi"].tolist()[:3] == ["cases_opened", "answered_share", "csat_mean"]


def test_an_abandoned_flag_says_the_call_was_not_answered(tmp_path):
    from crmanalysis.analyses.kinds import page_one_kpis

    # a contact centre's "Abandoned" Yes / No: its yes is a call nobody picked up. Of 4 calls, 1 abandoned = 75 %
    rows = ["Call ID,Agent,Date,Abandoned,Rating", "a,Ann,2026-10-01 09:00,No,4", "b,Ann,2026-10-02 10:00,Yes,",
            "c,Bob,2026-10-03 11:00,No,5", "d,Bob,2026-10-04 12:00,No,3"]
    text, data, _ = _drafted(tmp_path / "calls", "calls.csv", rows)
    assert "answered: Abandoned" in text
    assert data.cases["answered"].tolist() == [True, False, True, True]
    # a help desk whose export never says whether a call was answered has no such card
    desk = ["Ticket ID,Created,Resolved,Rating", "1,2026-10-01 09:00,2026-10-01 12:00,4",
            "2,2026-10-02 09:00,2026-10-03 09:00,5"]
    _, plain, _ = _drafted(tmp_path / "desk", "tickets.csv", desk)
    assert "answered_share" not in page_one_kpis(plain, None)


def test_a_workbooks_list_of_values_is_no_second_sheet_of_deals(tmp_path):
    # a pipeline kept in a spreadsheet: "Lijsten" holds the stages and account managers its drop-downs offer.
    # Read as a second sheet of deals, the workbook was named twice and its deals read twice. 30 deals, of which
    # deal i won when i % 3 == 0 (10 won: i = 0, 3, …, 27) on the date of "Datum gewonnen/verloren"
    import datetime as dt

    head = ["Klant", "Bedrag excl. btw", "Fase", "Aangemaakt", "Datum gewonnen/verloren", "Accountmanager"]
    deals = [[f"Klant {i}", 1000 + i, ["Gewonnen", "Verloren", "Offerte verstuurd"][i % 3], dt.datetime(2026, 9, 1),
              dt.datetime(2026, 10, 1 + i) if i % 3 < 2 else None, "Fleur"] for i in range(30)]
    lists = [["Fase", "Accountmanager"], ["Lead", "Fleur"], ["Gewonnen", "Iris"], ["Verloren", None]]
    _workbook(tmp_path / "sheet", "Salespijplijn.xlsx", {"Pijplijn": [head, *deals], "Lijsten": lists})
    res = _init(str(tmp_path / "sheet"))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "sheet" / "client.yml").read_text(encoding="utf-8")
    assert "sheet: Pijplijn" in text and "closed_at: Datum gewonnen/verloren" in text
    data, report = load_client(tmp_path / "sheet" / "client.yml", cache=False)
    assert len(data.opportunities) == 30
    won = K.compute(data, ["deals_won"], period="M").set_index("period")["value"]
    assert won["2026-10"] == 10


def test_a_workbook_with_a_sheet_a_year_reads_every_sheet_once(tmp_path):
    # a pipeline kept in Excel with one sheet a year: "2025" holds 12 deals, "2026" 9, of one layout. Only the
    # first sheet was read, once for each sheet the draft named: 24 deals, none of 2026. Deal i of 2026 won when
    # i is even (0, 2, 4, 6, 8: 5 won), each on 1 + i October 2026, amounts 2000 + i: 2000+2002+2004+2006+2008
    # = 10,020
    import datetime as dt

    head = ["Deal", "Klant", "Bedrag", "Status", "Aangemaakt", "Afgesloten"]
    old = [[f"A{i}", f"Klant {i}", 500 + i, "Gewonnen", dt.datetime(2025, 3, 1), dt.datetime(2025, 4, 1 + i)]
           for i in range(12)]
    new = [[f"B{i}", f"Klant {i}", 2000 + i, ["Gewonnen", "Verloren"][i % 2], dt.datetime(2026, 9, 1),
            dt.datetime(2026, 10, 1 + i)] for i in range(9)]
    _workbook(tmp_path / "years", "Pijplijn.xlsx", {"2025": [head, *old], "2026": [head, *new]})
    res = _init(str(tmp_path / "years"))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "years" / "client.yml").read_text(encoding="utf-8")
    assert 'sheet: ["2025", "2026"]' in text
    data, report = load_client(tmp_path / "years" / "client.yml", cache=False)
    assert sorted(data.opportunities["opportunity_id"]) == sorted([f"A{i}" for i in range(12)]
                                                                  + [f"B{i}" for i in range(9)])
    acc = report.accounting().set_index("file")
    assert acc.loc["Pijplijn.xlsx (2026)", ["rows_read", "rows_kept"]].tolist() == [9, 9]
    got = K.compute(data, ["deals_won", "new_revenue"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("deals_won", "2026-10")] == 5 and got[("new_revenue", "2026-10")] == 10_020


def test_an_export_of_open_deals_wins_none_by_its_count_of_activities(tmp_path):
    # a Pipedrive export of open deals only: "Deal - Status" says Open for all, and "Deal - Total activities"
    # (0, 1, 2 …) had been read as Dynamics' codes of won (1) and lost (2): 2 of these 4 open deals "won"
    rows = ["Deal - ID,Deal - Title,Deal - Value,Deal - Status,Deal - Deal created,Deal - Won time,"
            "Deal - Total activities",
            "1,A,1000,Open,2026-09-01 10:00:00,,1", "2,B,2000,Open,2026-09-02 10:00:00,,2",
            "3,C,3000,Open,2026-10-03 10:00:00,,0", "4,D,4000,Open,2026-10-04 10:00:00,,5"]
    text, data, _ = _drafted(tmp_path / "open", "deals-8234561-57.csv", rows)
    assert "Total activities" not in text.split("status:")[1].split("\n")[0]
    assert (data.opportunities["status"] == "open").all()
    # open pipeline on 31 October: 1000 + 2000 + 3000 + 4000 = 10,000
    got = K.compute(data, ["open_pipeline_value"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 10_000
    # and its cards compare with no earlier month: the deals closed since are not in it (September's 3,000 open
    # deals of A and B read a fall that is only the export)
    from crmanalysis.analyses import headline as H

    card = H.cards(data, "2026-10").set_index("kpi")
    assert card.loc["open_pipeline_value", "value"] == 10_000 and card["previous"].isna().all()


def test_a_list_of_signed_deals_dates_each_won_by_its_signature(tmp_path):
    # an accountant's list of won deals: "Datum getekend" (date signed) is when each deal was won. Not read, the
    # report had no month and no card. October 2026: 4,250 + 1,750 = 6,000 of 2 deals; and 20 signed in September
    rows = ["Klant;Omschrijving;Bedrag excl. btw;Datum getekend;Accountmanager",
            "Bakker BV;Licentie;4.250,00;03-10-2026;Sanne", "De Vries;Training;1.750,00;21-10-2026;Tom"]
    rows += [f"Jansen {i};Licentie;900,00;{1 + i:02d}-09-2026;Sanne" for i in range(20)]
    text, data, _ = _drafted(tmp_path / "signed", "Gewonnen deals.csv", rows)
    assert "won_at: Datum getekend" in text
    got = K.compute(data, ["deals_won", "new_revenue"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("deals_won", "2026-10")] == 2 and got[("new_revenue", "2026-10")] == 6_000
    # a list of 22 won deals and no lost one has a win rate of 100 % by construction: no card of it (the same test
    # as page 1's check that says so)
    from crmanalysis.analyses import headline as H

    assert set(H.cards(data, "2026-10")["kpi"]) == {"new_revenue", "deals_won", "average_deal_size"}


# Finnish and Czech exports were refused ("no CRM's headers"): deals in each language, 2 won and 1 lost in
# October 2026, amounts 1000 + 2500 won = 3,500, win rate 2 / 3
_DEALS_IN = {
    "fi": ("hubspot-crm-exports-kaikki-kaupat.csv",
           ['"Tietueen tunnus","Kaupan nimi","Kaupan vaihe","Sulkemispäivä","Kaupan omistaja","Määrä","Luontipäivä"',
            '"1","A","Suljettu, voitettu","5.10.2026 0.00","Mikko","1000","1.9.2026 8.12"',
            '"2","B","Suljettu, voitettu","20.10.2026 0.00","Mikko","2500","2.9.2026 9.00"',
            '"3","C","Suljettu, hävitty","21.10.2026 0.00","Aino","900","3.9.2026 9.00"',
            '"4","D","Tapaaminen sovittu","15.12.2026 0.00","Aino","700","4.9.2026 9.00"']),
    "cs": ("Obchody_001.csv",
           ['"ID záznamu","Vlastník obchodu","Název obchodu","Částka","Fáze","Datum uzavření","Čas vytvoření"',
            '"zcrm_1","Jana","A","CZK 1 000,00","Uzavřeno – vyhráno","05.10.2026","01.09.2025 12:38"',
            '"zcrm_2","Jana","B","CZK 2 500,00","Uzavřeno – vyhráno","20.10.2026","01.09.2026 12:46"',
            '"zcrm_3","Petr","C","CZK 900,00","Uzavřeno – prohráno konkurenci","21.10.2026","02.09.2026 10:00"',
            '"zcrm_4","Petr","D","CZK 700,00","Kvalifikace","15.12.2026","03.09.2026 10:00"']),
}


@pytest.mark.parametrize("lang", sorted(_DEALS_IN))
def test_deals_in_finnish_and_czech_are_read(lang, tmp_path):
    name, rows = _DEALS_IN[lang]
    _, data, _ = _drafted(tmp_path / lang, name, rows)
    got = K.compute(data, ["new_revenue", "deals_won", "win_rate"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("new_revenue", "2026-10")] == 3_500 and got[("deals_won", "2026-10")] == 2
    assert got[("win_rate", "2026-10")] == pytest.approx(2 / 3)


def test_tickets_in_polish_and_a_swedish_survey_are_read(tmp_path):
    # Zendesk in Polish was read as deals, none won: 3 tickets opened in October 2026, 2 solved; "Dobra z
    # komentarzem" is a good rating, "Nieoferowana" none: 1 good of 2 rated = 50 % satisfied
    pl = ["Identyfikator,Temat,Status,Data utworzenia,Data rozwiązania,Przypisany,Priorytet,Ocena zadowolenia",
          "1,a,Rozwiązane,01.10.2026 09:00,01.10.2026 13:00,Anna,Normalny,Dobra z komentarzem",
          "2,b,Zamknięte,02.10.2026 09:00,03.10.2026 09:00,Anna,Wysoki,Zła",
          "3,c,Otwarte,03.10.2026 09:00,,Jan,Normalny,Nieoferowana"]
    _, data, _ = _drafted(tmp_path / "pl", "export-zgloszenia-7731854.csv", pl)
    got = K.compute(data, ["cases_opened", "cases_closed", "csat_satisfied_share"], period="M") \
        .set_index(["kpi", "period"])["value"]
    assert got[("cases_opened", "2026-10")] == 3 and got[("cases_closed", "2026-10")] == 2
    assert got[("csat_satisfied_share", "2026-10")] == 0.5
    # Freshdesk in Swedish: "Enkätresultat" of Fantastiskt / Helt okej / Inte bra, its top answer satisfied: 1 of 3
    sv = ["Ärende-ID,Ämne,Status,Agent,Skapad tid,Löst tid,Enkätresultat",
          "11,a,Löst,Eva,2026-10-01 09:00:00,2026-10-01 10:00:00,Fantastiskt",
          "12,b,Stängd,Eva,2026-10-02 09:00:00,2026-10-02 11:00:00,Helt okej",
          "13,c,Löst,Olle,2026-10-03 09:00:00,2026-10-03 12:00:00,Inte bra"]
    _, data, _ = _drafted(tmp_path / "sv", "Arenden.csv", sv)
    got = K.compute(data, ["cases_closed", "csat_satisfied_share"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("cases_closed", "2026-10")] == 3 and got[("csat_satisfied_share", "2026-10")] == pytest.approx(1 / 3)


def test_zoho_calls_in_german_are_held_by_their_status_not_by_being_billable(tmp_path):
    # Zoho's German calls: "Abrechenbar" (billable) true / false had been read as done, and "Status ausgehender
    # Anruf" (Abgeschlossen, Geplant, Überfällig) not at all. October 2026: three outgoing calls completed, one
    # scheduled, one overdue, two incoming ones, one missed of 0 seconds: 5 held (3 completed + 2 incoming),
    # whatever their billable flag
    rows = ["Datensatz-ID,Anrufbesitzer,Anruftyp,Anrufstartzeit,Anrufdauer,Status ausgehender Anruf,Abrechenbar",
            "zcrm_1,Sebastian Krämer,Ausgehend,05.10.2026 10:00,03:10,Abgeschlossen,false",
            "zcrm_2,Sebastian Krämer,Ausgehend,06.10.2026 10:00,00:00,Geplant,true",
            "zcrm_3,Nicole Schulte,Eingehend,08.10.2026 10:00,04:00,,true",
            "zcrm_4,Nicole Schulte,Verpasst,09.10.2026 10:00,00:00,,false",
            "zcrm_5,Nicole Schulte,Ausgehend,12.10.2026 10:00,05:30,Abgeschlossen,true",
            "zcrm_6,Nicole Schulte,Eingehend,13.10.2026 10:00,06:15,,false",
            "zcrm_7,Nicole Schulte,Ausgehend,14.10.2026 10:00,00:00,Überfällig,false",
            "zcrm_8,Sebastian Krämer,Ausgehend,15.10.2026 10:00,07:20,Abgeschlossen,true"]
    # and 20 more completed calls of 2:01 … 2:20 on 16-25 October, whose seconds say the clock is mm:ss: 25 held
    rows += [f"zcrm_{9 + i},Nicole Schulte,Ausgehend,{16 + i // 2}.10.2026 11:00,02:{1 + i:02d},Abgeschlossen,false"
             for i in range(20)]
    text, data, _ = _drafted(tmp_path / "zoho", "Anrufe_001.csv", rows)
    assert "completed: Status ausgehender Anruf" in text and "completed: Abrechenbar" not in text
    got = K.compute(data, ["calls"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 25


def test_a_report_of_deals_without_amounts_shows_its_open_and_new_deals(tmp_path):
    from crmanalysis.analyses import headline as H

    # a Salesforce report whose user may not see amounts: deals won, win rate and sales cycle were page 1's only
    # cards. Open on 31 October 2026: B (created 5 Sep), D (20 Oct), E (25 Oct) = 3, and A won on 10 October is
    # not; created in October: C, D, E = 3 (C lost on 28 October)
    rows = ["Opportunity Name,Account Name,Stage,Close Date,Created Date,Opportunity Owner",
            "A,Acme,Closed Won,10/10/2026,9/1/2026,Ann", "B,Bolt,Negotiation,11/30/2026,9/5/2026,Ann",
            "C,Cyan,Closed Lost,10/28/2026,10/2/2026,Bo", "D,Dune,Prospecting,12/15/2026,10/20/2026,Bo",
            "E,Echo,Qualification,12/20/2026,10/25/2026,Ann", "F,Fern,Closed Won,9/15/2026,8/1/2026,Bo"]
    _, data, _ = _drafted(tmp_path / "sf", "report1793520000417.csv", rows)
    got = K.compute(data, ["open_deals", "new_opportunities"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("open_deals", "2026-10")] == 3 and got[("new_opportunities", "2026-10")] == 3
    assert {"open_deals", "new_opportunities"} <= set(H.cards(data, "2026-10")["kpi"])


def test_a_ratings_file_beside_the_tickets_is_their_csat_not_more_tickets(tmp_path):
    # Zendesk's satisfaction ratings as a file of their own: read as a second file of cases, each rating was a
    # ticket opened on the day it was given (5 opened for 3) and the tickets had no CSAT. Tickets 1-3 opened in
    # October 2026 and solved; ticket 1 rated bad and then good (its last rating counts), 2 bad, 3 offered only:
    # 1 good of 2 rated = 50 % satisfied
    folder = tmp_path / "zd"
    folder.mkdir()
    (folder / "satisfaction_ratings.csv").write_text("\n".join([
        "Id,Ticket ID,Score,Comment,Assignee,Created at",
        "901,1,bad,slow,Lena,2026-10-02 10:00:00", "902,2,bad,,Lena,2026-10-04 10:00:00",
        "903,1,good,thanks,Lena,2026-10-05 10:00:00", "904,3,offered,,Tom,2026-10-09 10:00:00"]) + "\n",
        encoding="utf-8")
    text = _draft(folder, "tickets.csv", [
        "Id,Subject,Status,Assignee,Created at,Solved at",
        "1,a,Solved,Lena,2026-10-01 09:00:00,2026-10-01 12:00:00",
        "2,b,Closed,Lena,2026-10-03 09:00:00,2026-10-03 15:00:00",
        "3,c,Solved,Tom,2026-10-08 09:00:00,2026-10-08 10:00:00"])
    assert "csat: {file: satisfaction_ratings.csv, key: Ticket ID, on: case_id, column: Score}" in text
    data, report = load_client(folder / "client.yml", cache=False)
    assert sorted(data.cases["case_id"]) == ["1", "2", "3"]
    got = K.compute(data, ["cases_opened", "csat_satisfied_share"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("cases_opened", "2026-10")] == 3 and got[("csat_satisfied_share", "2026-10")] == 0.5
    # an unrated ticket is no row the ratings file misses
    assert not [i for i in report.issues if i["canonical"] == "csat" and i["severity"] == "warning"]


@pytest.mark.parametrize("name, rows, closed, owner", [
    # Freshdesk in Dutch: "Aanmaaktijd" and "Tijdstip opgelost" were no words: report of the month after, no number
    ("tickets_export_20261101.csv",
     ["Ticket-ID,Onderwerp,Status,Agent,Aanmaaktijd,Tijdstip opgelost,Tijdstip gesloten",
      "1,a,Opgelost,Anouk,2026-10-01 09:00:00,2026-10-01 11:00:00,2026-10-04 11:00:00",
      "2,b,Gesloten,Anouk,2026-10-02 09:00:00,2026-10-02 10:00:00,2026-10-05 10:00:00",
      "3,c,Open,Bas,2026-10-03 09:00:00,,"], 2, None),
    # Intercom in German: its conversations were read as accounts
    ("Konversationen_Export_2026-11-01.csv",
     ["Konversations-ID,Erstellt am,Status,Zugewiesenes Teammitglied (ID),Zuletzt geschlossen am,"
      "Konversationsbewertung",
      "11,01.10.2026 09:00,Geschlossen,5316580,01.10.2026 12:00,5",
      "12,02.10.2026 09:00,Geschlossen,5316580,02.10.2026 12:00,2",
      "13,03.10.2026 09:00,Offen,5316581,,"], 2, None),
    # Aircall: its agent is "User ID", and a call's talk is "Duration (in call, s)", not its total with the ringing
    ("calls.csv",
     ["Call ID,Direction,Status,Started at (Europe/Paris),\"Duration (total, s)\",\"Duration (in call, s)\",User ID",
      "1,outbound,answered,2026-10-01 09:00:00,114,84,808367", "2,inbound,answered,2026-10-02 09:00:00,200,150,808368",
      "3,inbound,missed,2026-10-03 09:00:00,30,0,"], None, "User ID"),
])
def test_a_help_desk_or_phone_export_in_its_own_words(name, rows, closed, owner, tmp_path):
    text, data, _ = _drafted(tmp_path / "x", name, rows)
    if closed is not None:
        got = K.compute(data, ["cases_opened", "cases_closed"], period="M").set_index(["kpi", "period"])["value"]
        assert got[("cases_opened", "2026-10")] == 3 and got[("cases_closed", "2026-10")] == closed
    else:
        # talk of the answered calls: 84 + 150 = 234 s = 3.9 minutes
        assert f"owner_id: {owner}" in text and '"Duration (in call, s)"' in text
        assert data.activities["duration_min"].sum() == pytest.approx(234 / 60)


def test_a_hand_kept_sheet_of_thousands_decision_dates_and_credit_notes(tmp_path):
    # a pipeline kept by hand: "€12.5k" and "1,2M" were no numbers, "Datum binnen" and "Datum besluit" no dates
    # (a report of the month after the export, no revenue); and a won line of a negative amount is a credit note.
    # October 2026 won: 12,500 + 8,000 + 1,200,000 - 1,500 (credit note) = 1,219,000 of 3 deals; lost: 1
    rows = ["Datum binnen,Klant,Bedrag,Status,Datum besluit,Eigenaar",
            "02/09/2026,Mulder,€12.5k,Gewonnen,03/10/2026,Fatima", "05/09/2026,Bakker,€8K,Gewonnen,10/10/2026,Fatima",
            "07/09/2026,Visser,\"1,2M\",Gewonnen,15/10/2026,Joost",
            "08/09/2026,Mulder,€ -1.500,Gewonnen,20/10/2026,Fatima",
            "09/09/2026,Smit,€ 4.000,Verloren,21/10/2026,Joost", "12/09/2026,Jansen,TBD,Lopend,,Joost"]
    _, data, _ = _drafted(tmp_path / "sheet", "Pipeline 2026.csv", rows)
    got = K.compute(data, ["new_revenue", "deals_won", "win_rate", "average_deal_size"], period="M") \
        .set_index(["kpi", "period"])["value"]
    assert got[("new_revenue", "2026-10")] == 1_219_000 and got[("deals_won", "2026-10")] == 3
    assert got[("win_rate", "2026-10")] == pytest.approx(3 / 4)
    assert got[("average_deal_size", "2026-10")] == pytest.approx(1_219_000 / 3)
    # nor has the credit note a sales cycle: Mulder 2 Sep → 3 Oct 31 days, Bakker 5 Sep → 10 Oct 35 days, Visser
    # 7 Sep → 15 Oct 38 days: median 35 (with the credit note's 42 days, 36.5)
    cycle = K.compute(data, ["sales_cycle_days"], period="M").set_index("period")["value"]
    assert cycle["2026-10"] == 35


def test_close_opportunities_lost_are_dated_by_their_last_change(tmp_path):
    # Close writes "date_won" and no date of a loss: its lost deals fell in no month and October's win rate read
    # 100 %. Won 2 (5 and 20 October), lost 2 updated in October, 1 lost updated in September: 2 / 4 = 50 %
    rows = ["id,status_type,value,date_won,date_created,date_updated",
            "oppo_1,won,100000,2026-10-05T10:00:00+00:00,2026-09-01T10:00:00+00:00,2026-10-05T10:00:00+00:00",
            "oppo_2,won,50000,2026-10-20T10:00:00+00:00,2026-09-02T10:00:00+00:00,2026-10-21T10:00:00+00:00",
            "oppo_3,lost,70000,,2026-09-03T10:00:00+00:00,2026-10-07T10:00:00+00:00",
            "oppo_4,lost,20000,,2026-09-04T10:00:00+00:00,2026-10-09T10:00:00+00:00",
            "oppo_5,lost,30000,,2026-08-04T10:00:00+00:00,2026-09-09T10:00:00+00:00",
            "oppo_6,active,90000,,2026-10-04T10:00:00+00:00,2026-10-09T10:00:00+00:00"]
    text, data, _ = _drafted(tmp_path / "close", "opportunities-export-2026-11-01.csv", rows)
    assert "closed_at: date_updated" in text
    got = K.compute(data, ["win_rate"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 0.5


def test_marketo_people_are_leads_and_a_last_update_is_no_conversion(tmp_path):
    # Marketo's people were read as Freshdesk tickets ("Id", "Company Name", "Created At"): its "MQL Date" says
    # leads. 4 leads created in October 2026, 1 converted: 25 %
    rows = ["Id,First Name,Company Name,Created At,Updated At,Lead Status,Lead Source,MQL Date",
            "1,Priya,Aperture,10/1/2026 6:32 PM,10/18/2026 1:24 AM,Converted,Social,10/13/2026",
            "2,Henrik,Vandelay,10/2/2026 3:24 AM,10/10/2026 5:12 AM,MQL,Web,10/24/2026",
            "3,Ana,Initech,10/5/2026 3:24 AM,10/10/2026 5:12 AM,New,Web,", "4,Bo,Hooli,10/6/2026 3:24 AM,,New,Webinar,"]
    text, data, _ = _drafted(tmp_path / "mk", "All People.csv", rows)
    assert "mql_at: MQL Date" in text
    got = K.compute(data, ["new_leads", "lead_conversion_rate"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("new_leads", "2026-10")] == 4 and got[("lead_conversion_rate", "2026-10")] == 0.25
    # ActiveCampaign's German contacts: "Zuletzt aktualisiert" (last updated) had been their conversion date, and
    # every lead converted (100 %)
    rows = ["Kontakt-ID,E-Mail,Datum erstellt,Zuletzt aktualisiert,Quelle,Status",
            "10414,a@x.de,2026-10-01 09:25:39,2026-10-22 22:56:44,Empfehlung,Aktiv",
            "10415,b@x.de,2026-10-02 09:25:39,2026-10-23 22:56:44,Messe,Aktiv"]
    text, data, _ = _drafted(tmp_path / "ac", "Kontakte_Export_2026-11-01.csv", rows)
    assert "converted_at: Zuletzt aktualisiert" not in text and "modified_at: Zuletzt aktualisiert" in text


def test_hubspot_dutch_meetings_and_an_outlook_calendar(tmp_path):
    # HubSpot's Dutch meetings: the file name ("alle-vergaderingen") says meetings, but the built-in mapping was
    # written without it (no meeting at all); "Gepland" (its default "Scheduled") is no "not held". October 2026:
    # Voltooid, Gepland, Niet komen opdagen, Geannuleerd, Opnieuw ingepland: 2 held of 5 planned
    rows = ["Record-ID,Vergadernaam,Activiteitsdatum,Resultaat van de vergadering,Toegewezen aan",
            "1,a,2026-10-05 10:00,Voltooid,Esra Demir", "2,b,2026-10-06 10:00,Gepland,Esra Demir",
            "3,c,2026-10-07 10:00,Niet komen opdagen,Sanne de Wit", "4,d,2026-10-08 10:00,Geannuleerd,Sanne de Wit",
            "5,e,2026-10-09 10:00,Opnieuw ingepland,Sanne de Wit"]
    text, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-vergaderingen-2026-11-01.csv", rows)
    assert "constants: {type: meeting}" in text and 'Gepland: ""' in text
    got = K.compute(data, ["meetings"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 2
    # Outlook's calendar: "All day event" False / True had been read as done, every timed meeting not held
    rows = ['"Subject","Start Date","Start Time","All day event","Meeting Organizer"',
            '"Demo A","10/5/2026","9:00:00 AM","False","Daan Visser"',
            '"Demo B","10/6/2026","9:00:00 AM","False","Daan Visser"',
            '"Offsite","10/7/2026","","True","Daan Visser"']
    text, data, _ = _drafted(tmp_path / "ol", "Sales Team Calendar.CSV", rows)
    assert "completed: All day event" not in text


def test_outlooks_calendar_in_dutch_and_german_is_meetings_at_their_time_of_day(tmp_path):
    # the English calendar was read; the same export in Dutch ("Onderwerp", "Begindatum", "Begintijd") and German
    # ("Betreff", "Beginnt am", "Beginnt um") was refused. October 2026: 2 meetings (the third is in September)
    for folder, head, days, times, organiser in (
            ("nl", "Onderwerp,Begindatum,Begintijd,Einddatum,Eindtijd,Gehele dag,Organisator van vergadering",
             ("14-10-2026", "15-10-2026", "30-9-2026"), ("10:00:00", "14:30:00", "09:00:00"), "Bas Vos"),
            ("de", "Betreff,Beginnt am,Beginnt um,Endet am,Endet um,Ganztägiges Ereignis,Besprechungsplanung",
             ("14.10.2026", "15.10.2026", "30.9.2026"), ("10:00:00", "14:30:00", "09:00:00"), "Jonas Beck")):
        rows = [head] + [f"Demo,{d},{t},{d},{t},Onwaar,{organiser}" for d, t in zip(days, times, strict=True)]
        _, data, _ = _drafted(tmp_path / folder, "Agenda.csv", rows)
        assert data.activities["scheduled_at"].tolist()[:2] == [pd.Timestamp("2026-10-14 10:00"),
                                                                 pd.Timestamp("2026-10-15 14:30")], folder
        got = K.compute(data, ["meetings"], period="M").set_index("period")["value"]
        assert got["2026-10"] == 2, folder


def test_a_desks_completion_comes_before_its_sign_off_and_intercoms_last_closing_is_read(tmp_path):
    # TOPdesk's "Gereed datum" (completed) had given way to "Afgemeld datum" (signed off, days later), taken as
    # alike "afmelddatum": 1 case closed in October 2026 of 2 (the second signed off in November), 2 hours
    rows = ["Incidentnummer;Aanmelddatum;Status;Behandelaar;Gereed datum;Afgemeld datum",
            "I 2610 001;20-10-2026 09:00;Afgemeld;Joost;20-10-2026 11:00;25-10-2026 09:00",
            "I 2610 002;29-10-2026 09:00;Gereed;Lieke;30-10-2026 09:00;",
            "I 2610 003;30-10-2026 09:00;In behandeling;Lieke;;"]
    text, data, _ = _drafted(tmp_path / "td", "Incidenten.csv", rows)
    assert "closed_at: [Gereed datum, Afgemeld datum]" in text, text     # the first filled of the two
    got = _october(data, ["cases_closed", "time_to_resolution_hours"])
    # closed in October: 20-10 11:00 (2 h) and 30-10 09:00 (24 h): 2 cases, median (2 + 24) / 2 = 13 h
    assert got["cases_closed"] == 2 and got["time_to_resolution_hours"] == 13
    # Intercom's "Conversation last closed at" was no closing time: every conversation read as open
    rows = ['"Conversation ID","Conversation started at","Conversation last closed at","State","Teammate assigned"',
            '"215470000551531","2026-10-02T10:00:00Z","2026-10-02T13:00:00Z","closed","Aoife Byrne"',
            '"215470000551532","2026-10-03T10:00:00Z","","open","Aoife Byrne"']
    _, data, _ = _drafted(tmp_path / "ic", "intercom-conversations-2026-11-01.csv", rows)
    assert K.compute(data, ["cases_closed"], period="M").set_index("period")["value"]["2026-10"] == 1


def test_dynamics_in_french_books_the_actual_revenue_and_superoffice_in_swedish_its_sale_date(tmp_path):
    # Dynamics 365 in French: "Revenu réel" (the won deal's actual revenue) was no word of ours and the estimate
    # stood for it. October 2026: one won deal, actual 9,500 (estimated 10,000)
    rows = ["(Ne pas modifier) Opportunité;Sujet;Revenu estimé;Revenu réel;Date de clôture estimée;"
            "Date de clôture réelle;Statut;Raison du statut;Propriétaire;Créé le",
            "a1;Deal A;10 000,00 €;9 500,00 €;20/10/2026;21/10/2026;Gagné;Gagné;Manon Lefebvre;01/09/2026 10:00",
            "a2;Deal B;5 000,00 €;;15/12/2026;;Ouvert;En cours;Manon Lefebvre;02/09/2026 10:00"]
    _, data, _ = _drafted(tmp_path / "dyn", "Toutes les opportunités 01-11-2026 09-00-41.csv", rows)
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"]["2026-10"] == 9500
    # SuperOffice in Swedish: its only close date, "Säljdatum", was no word of ours and the last change stood for
    # it: the sale won on 2026-09-28 and changed on 2026-10-03 counted in October. October: 1 won, 25,000;
    # September 40,000
    rows = ["Försäljning;Företag;Vår kontakt;Status;Belopp;Registrerad;Säljdatum;Uppdaterad;Försäljnings-ID",
            "A;Ek AB;Josefin;Vunnen;40 000,00;2026-08-01;2026-09-28;2026-10-03 10:00;1",
            "B;Ek AB;Josefin;Vunnen;25 000,00;2026-08-01;2026-10-20;2026-10-20 15:00;2",
            "C;Ek AB;Josefin;Öppen;10 000,00;2026-08-02;2026-12-20;2026-10-30 10:00;3"]
    _, data, _ = _drafted(tmp_path / "so", "Försäljning - Urval Alla försäljningar.csv", rows)
    got = K.compute(data, ["new_revenue"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 25000 and got["2026-09"] == 40000, got


def test_a_call_log_with_a_disposition_and_no_done_column_is_read_by_its_creation_time(tmp_path):
    # Close's calls: "disposition" and no done column crashed init (a KeyError), and "date_created" was no date of
    # a call. October 2026: answered, vm-left, no-answer and busy calls made: 1 held; the inbound one with a
    # disposition of the client's own ("transferred") came in, no call made; the September call is none
    rows = ["id,date_created,duration,direction,disposition,user_name",
            "acti_1,2026-10-05T10:00:00.212567+00:00,403,outbound,answered,Nina Castellanos",
            "acti_2,2026-10-06T10:00:00.125529+00:00,23,outbound,vm-left,Nina Castellanos",
            "acti_3,2026-10-07T10:00:00.125529+00:00,0,outbound,no-answer,Jordan Pike",
            "acti_4,2026-10-08T10:00:00.125529+00:00,0,outbound,busy,Jordan Pike",
            "acti_5,2026-10-09T10:00:00.125529+00:00,120,inbound,transferred,Jordan Pike",
            "acti_6,2026-09-29T10:00:00.125529+00:00,120,outbound,answered,Jordan Pike"]
    _, data, _ = _drafted(tmp_path / "close", "calls.csv", rows)
    assert K.compute(data, ["calls"], period="M").set_index("period")["value"]["2026-10"] == 1


def test_a_lead_list_kept_by_hand_is_leads_not_contact_persons(tmp_path):
    # "Name, Email, Phone, Owner" looked like Pipedrive's persons (refused: no KPI counts them); "Date in" and
    # "Converted?" say leads. October 2026: 3 leads in, 1 converted
    rows = ["Name,Company,Email,Phone,Source,Date in,Converted?,Owner",
            "Dan,Orchard,dan@x.com,1,Referral,10/1/2026,N,Jen", "Ana,Metro,ana@x.com,2,LinkedIn,10/2/2026,Y,Jen",
            "Bo,Hooli,bo@x.com,3,LinkedIn,10/20/2026,N,Sam", "Cy,Acme,cy@x.com,4,Web,9/20/2026,N,Sam"]
    _, data, _ = _drafted(tmp_path / "leads", "Leads.csv", rows)
    got = K.compute(data, ["new_leads"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 3 and data.leads["converted"].sum() == 1


def test_a_json_export_of_deals_is_read_and_its_deleted_deals_left_out(tmp_path):
    # an API tool's JSON deals (nested owner and stage) was no export init knew. 2 won in October 2026:
    # 1,000 + 2,500 = 3,500; open on 31 October: 700 (the deleted deal of 9,000 is none)
    import json

    deals = [{"id": 1, "title": "A", "value": 1000, "currency": "EUR", "status": "won", "stage": {"name": "Won"},
              "owner": {"id": 7, "name": "Emma"}, "add_time": "2026-09-01 10:00:00", "won_time": "2026-10-05 10:00:00"},
             {"id": 2, "title": "B", "value": 2500, "currency": "EUR", "status": "won", "stage": {"name": "Won"},
              "owner": {"id": 7, "name": "Emma"}, "add_time": "2026-09-02 10:00:00", "won_time": "2026-10-20 10:00:00"},
             {"id": 3, "title": "C", "value": 700, "currency": "EUR", "status": "open", "stage": {"name": "Demo"},
              "owner": {"id": 8, "name": "Noah"}, "add_time": "2026-10-02 10:00:00", "won_time": None},
             {"id": 4, "title": "D", "value": 9000, "currency": "EUR", "status": "deleted", "stage": {"name": "Demo"},
              "owner": {"id": 8, "name": "Noah"}, "add_time": "2026-10-03 10:00:00", "won_time": None}]
    folder = tmp_path / "api"
    folder.mkdir()
    (folder / "deals.json").write_text(json.dumps(deals), encoding="utf-8")
    res = _init(str(folder))
    assert res.exit_code == 0, res.output
    data, report = load_client(folder / "client.yml", cache=False)
    got = K.compute(data, ["new_revenue", "open_pipeline_value"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("new_revenue", "2026-10")] == 3_500 and got[("open_pipeline_value", "2026-10")] == 700
    acc = report.accounting().set_index("file")
    assert acc.loc["deals.json", ["rows_read", "rows_kept", "rows_excluded"]].tolist() == [4, 3, 1]


def test_zohos_converted_leads_beside_its_leads_give_the_conversion(tmp_path):
    # Zoho drops a converted lead from its Leads export; the converted ones come as a report of their own whose
    # "Konverteringstidspunkt" (time of conversion) was no word: 4 leads created in October 2026, 1 converted
    folder = tmp_path / "zoho"
    folder.mkdir()
    (folder / "Konverterede leads.csv").write_text("\n".join([
        "Leadejer,Fornavn,Virksomhed,Leadkilde,Oprettelsestidspunkt,Konverteringstidspunkt",
        "Lars,Kirsten,Skagen,Chat,02-10-2026 10:00,09-10-2026 07:32"]) + "\n", encoding="utf-8")
    _draft(folder, "Leads_001.csv", [
        "Record Id,Leadejer,Fornavn,Leadkilde,Leadstatus,Oprettelsestidspunkt",
        "zcrm_1,Lars,Ole,Messe,Ikke kontaktet,03-10-2026 10:00", "zcrm_2,Lars,Eva,Chat,Kontaktet,05-10-2026 10:00",
        "zcrm_3,Mette,Jens,Annonce,Ikke kontaktet,07-10-2026 10:00"])
    data, _ = load_client(folder / "client.yml", cache=False)
    got = K.compute(data, ["new_leads", "lead_conversion_rate"], period="M").set_index(["kpi", "period"])["value"]
    assert got[("new_leads", "2026-10")] == 4 and got[("lead_conversion_rate", "2026-10")] == 0.25


def test_a_newer_export_beside_an_older_one_counts_each_record_once(tmp_path):
    # two weekly ticket exports in one folder: tickets 1-3 in both, ticket 2 solved in the newer one, ticket 4
    # new. Kept: the newer copy of 1-3 and ticket 4 = 4 tickets, 2 of them solved in October (1 and 2)
    older = ["Ticket ID,Created,Solved,Status", "1,2026-10-01 09:00,2026-10-02 09:00,Solved",
             "2,2026-10-03 09:00,,Open", "3,2026-10-05 09:00,,Open"]
    newer = ["Ticket ID,Created,Solved,Status", "1,2026-10-01 09:00,2026-10-02 09:00,Solved",
             "2,2026-10-03 09:00,2026-10-20 09:00,Solved", "3,2026-10-05 09:00,,Open", "4,2026-10-25 09:00,,Open"]
    folder = tmp_path / "weekly"
    folder.mkdir()
    (folder / "export-2026-10-25.csv").write_text("\n".join(older) + "\n", encoding="utf-8")
    _draft(folder, "export-2026-11-01.csv", newer)
    data, report = load_client(folder / "client.yml", cache=False)
    assert sorted(data.cases["case_id"]) == ["1", "2", "3", "4"]
    assert int(data.cases["closed_at"].notna().sum()) == 2
    acc = report.accounting().set_index("file")
    # rows in = kept + rejected + excluded, per file: the older file's 3 rows are left out as older copies
    assert acc.loc["export-2026-10-25.csv", ["rows_read", "rows_kept", "rows_excluded"]].tolist() == [3, 0, 3]
    assert acc.loc["export-2026-11-01.csv", ["rows_read", "rows_kept", "rows_excluded"]].tolist() == [4, 4, 0]
    # the same number in two files of different kinds (a CRM that numbers its calls and its meetings each from 1)
    # are two activities
    calls = ["Activity ID,Type,Date,Owner", "1,Call,2026-10-01 09:00,Ann", "2,Call,2026-10-02 09:00,Ann"]
    meetings = ["Activity ID,Type,Date,Owner", "1,Meeting,2026-10-01 09:00,Ann"]
    acts = tmp_path / "acts"
    acts.mkdir()
    (acts / "calls.csv").write_text("\n".join(calls) + "\n", encoding="utf-8")
    _draft(acts, "meetings.csv", meetings)
    data, _ = load_client(acts / "client.yml", cache=False)
    assert len(data.activities) == 3


def test_a_stripe_api_export_gives_its_prices_in_cents(tmp_path):
    # "Plan Amount" 4900 with Stripe's object ids: €49.00 a month; 2 monthly of 4900 and 1 yearly of 120000
    # (€1,200 a year = €100 a month): MRR 49 + 49 + 100 = €198, not €19,800
    rows = ["id,Customer ID,Plan Amount,Plan Currency,Plan Interval,Quantity,Status,Start Date,Ended At",
            "sub_1QAtrLZuFFfbcdz7,cus_uT5bPrJC47P2QU,4900,eur,month,1,active,2026-09-01,",
            "sub_1QOo4oSfnuizg9lo,cus_VbYUfyPGDSEmhj,4900,eur,month,1,active,2026-09-03,",
            "sub_1QyYav6Ty0lXdtNA,cus_Qo8BIQQczbKM9V,120000,eur,year,1,active,2026-09-05,"]
    text, data, _ = _drafted(tmp_path / "stripe", "subscriptions.csv", rows)
    assert "scale: 0.01" in text
    assert data.contracts["mrr"].sum() == pytest.approx(198)
    # the dashboard writes "49.00": a price in units, read as it stands
    units = [r.replace(",4900,", ",49.00,").replace(",120000,", ",1200.00,") for r in rows]
    text, data, _ = _drafted(tmp_path / "dashboard", "subscriptions.csv", units)
    assert "scale: 0.01" not in text and data.contracts["mrr"].sum() == pytest.approx(198)


def test_words_of_local_crms_and_desks_place_their_columns(tmp_path):
    # AFAS's sales opportunities, Business Central in Danish, PerfectView's leads, Kustomer's conversations, a
    # Zoho Desk rating of three words with "Neutraal" between: each header as its export writes it
    afas = ["Verkoopkans nummer;Status;Bedrag;Datum aanmaak;Verwachte datum gereed;Datum gereed;Medewerker",
            "VK1;Gewonnen;1.000,00;01-09-2026;30-10-2026;14-10-2026;A. Jansen",
            "VK2;Lopend;2.000,00;02-09-2026;30-11-2026;;A. Jansen"]
    text, data, _ = _drafted(tmp_path / "afas", "Verkoopkansen.csv", afas)
    assert "opportunities: Verkoopkansen.csv" in text and "closed_at: Datum gereed" in text
    assert data.opportunities["close_date"].iloc[0] == pd.Timestamp("2026-10-14")
    bc = ["Nr.;Status;Oprettelsesdato;Dato for lukning;Beregnet værdi (kr.);Beregnet aktuel værdi (kr.)",
          "OP1;Vundet;01-09-2026;14-10-2026;141600;141600", "OP2;I gang;02-09-2026;;88000;22000"]
    text, data, _ = _drafted(tmp_path / "bc", "Salgsmuligheder.csv", bc)
    assert "amount: Beregnet værdi (kr.)" in text and "closed_at: Dato for lukning" in text
    leads = ["Leadnummer;Status;Datum binnengekomen;Datum omgezet;Accountmanager",
             "L1;Omgezet;01-10-2026;10-10-2026;Fleur", "L2;Nieuw;02-10-2026;;Iris"]
    text, data, _ = _drafted(tmp_path / "pv", "Leads.csv", leads)
    assert "created_at: Datum binnengekomen" in text and "converted_at: Datum omgezet" in text
    assert "owner_id: Accountmanager" in text
    kustomer = ["Conversation ID,Status,Assigned Users,Created At,First Response Created At,Last Done At",
                "a1,done,Sanne,2026-10-01T09:00:00Z,2026-10-01T09:05:00Z,2026-10-01T12:00:00Z",
                "a2,open,Sanne,2026-10-02T09:00:00Z,,"]
    text, data, _ = _drafted(tmp_path / "kustomer", "conversations-export.csv", kustomer)
    assert "closed_at: Last Done At" in text and "agent_id: Assigned Users" in text
    assert "first_response_at: First Response Created At" in text
    zoho = ["Ticket-ID,Status,Aangemaakt op,Gesloten op,Klanttevredenheid", "1,Gesloten,01-10-2026,02-10-2026,Goed",
            "2,Gesloten,01-10-2026,02-10-2026,Neutraal", "3,Gesloten,01-10-2026,02-10-2026,Slecht"]
    text, data, _ = _drafted(tmp_path / "zoho", "Tickets.csv", zoho)
    # good, neutral, bad on the 1-5 scale: 5, 3, 1
    assert data.cases["csat"].tolist() == [5, 3, 1]


def test_a_list_of_people_with_a_stage_is_read_as_leads(tmp_path):
    # Salesloft's people and a web form's entries were refused as contact persons no KPI counts. Of 4 people
    # created in October, 1 "Converted" = 25 %; of the form's 4 entries, 1 "Won" = 25 %
    people = ["Id,First Name,Last Name,Email,Title,Phone,Account,Created At,Cadence,Owner,Stage,Last Contacted At",
              "1,Fiona,Keller,f@x.org,CEO,1,Vertex,2026-10-01 10:00:00 UTC,Demo,Derek,Replied,2026-10-05 10:00:00 UTC",
              "2,Tom,Berg,t@x.org,CFO,2,Vertex,2026-10-02 10:00:00 UTC,Demo,Derek,Converted,2026-10-05 10:00:00 UTC",
              "3,Ann,Li,a@x.org,CTO,3,Acme,2026-10-03 10:00:00 UTC,Demo,Derek,Meeting Booked,2026-10-05 10:00:00 UTC",
              "4,Bo,Ek,b@x.org,COO,4,Acme,2026-10-04 10:00:00 UTC,Demo,Derek,Not interested,2026-10-05 10:00:00 UTC"]
    text, data, _ = _drafted(tmp_path / "people", "people_export.csv", people)
    assert "leads: people_export.csv" in text
    assert data.leads["converted"].tolist() == [False, True, False, False]
    form = ['"Name","Email","Phone","How did you hear about us?","Entry ID","Entry Date","Lead status"',
            '"A","a@x.org","1","Google","1","October 1, 2026 3:04 pm","Open"',
            '"B","b@x.org","2","Facebook","2","October 2, 2026 3:04 pm","Won"',
            '"C","c@x.org","3","","3","October 3, 2026 3:04 pm","Lost"',
            '"D","d@x.org","4","Google","4","October 4, 2026 3:04 pm",""']
    text, data, _ = _drafted(tmp_path / "form", "wpforms-entries.csv", form)
    assert "created_at: Entry Date" in text
    assert int(data.leads["converted"].sum()) == 1
    assert data.leads["created_at"].iloc[0] == pd.Timestamp("2026-10-01 15:04")


def test_a_leads_qualified_stage_is_its_conversion_where_none_says_converted(tmp_path):
    # HubSpot's Leads object ends "Kvalificeret": 2 of 4 leads qualified = 50 %; beside a "Converted" stage the
    # qualified ones are not converted (1 of 4)
    rows = ["Lead-ID,Leadfase,Oprettelsesdato", "1,Ny,2026-10-01", "2,Kvalificeret,2026-10-02",
            "3,Kvalificeret,2026-10-03", "4,Diskvalificeret,2026-10-04"]
    _, data, _ = _drafted(tmp_path / "da", "leads.csv", rows)
    assert data.leads["converted"].tolist() == [False, True, True, False]
    rows = ["Lead ID,Lead Status,Created", "1,Qualified,2026-10-01", "2,Converted,2026-10-02", "3,New,2026-10-03",
            "4,Qualified,2026-10-04"]
    _, data, _ = _drafted(tmp_path / "en", "leads.csv", rows)
    assert data.leads["converted"].tolist() == [False, True, False, False]


def test_a_dialers_calls_dated_by_their_creation_with_outcomes_and_seconds(tmp_path):
    # Outreach: each call dated by "Created At" alone (unread: 0 calls on page 1), its disposition "Connected -
    # Interested" a call connected, its "Duration" in seconds (read as minutes: 632 hours of talk for 13).
    # 20 calls: 5 connected of 300 s, 15 not of 20 s; talk of the connected = 5 × 300 s = 25 min
    rows = ["Call ID,Created At,Disposition,Duration,User"]
    rows += [f"{i},2026-10-{i + 1:02d}T10:00:00.000Z,Connected - Interested,300,Ann" for i in range(5)]
    rows += [f"{i},2026-10-{i + 1:02d}T11:00:00.000Z,No Answer,20,Ann" for i in range(5, 20)]
    rows += ["99,2026-10-25T11:00:00.000Z,Left Voicemail,7200,Ann"]      # one long outlier: 21 calls
    text, data, report = _drafted(tmp_path / "outreach", "calls_export.csv", rows)
    assert "scale: {duration_min: 0.0166666667}" in text
    t = K.compute(data, ["calls", "call_connect_rate", "talk_time_hours"], period="M").set_index(["kpi", "period"])
    assert t.loc[("calls", "2026-10"), "value"] == 5
    assert t.loc[("call_connect_rate", "2026-10"), "value"] == pytest.approx(5 / 21)
    assert t.loc[("talk_time_hours", "2026-10"), "value"] == pytest.approx(25 / 60)
    assert any("creation" in i["message"] for i in report.issues)


def test_a_calls_result_beside_its_done_status_says_whether_it_was_held(tmp_path):
    # a Salesforce task report: every call "Abgeschlossen" (done), its "Anrufergebnis" Verbunden for 2 of 4: held
    # 2; the open call is planned, not held. 2 held of 5 calls logged = 40 %
    rows = ["Aktivitätstyp;Datum;Status;Anrufergebnis;Zugeordnet  ↑", "Anruf;01.10.2026;Abgeschlossen;Verbunden;Lukas",
            "Anruf;02.10.2026;Abgeschlossen;Keine Antwort;Lukas", "Anruf;03.10.2026;Abgeschlossen;Verbunden;Lukas",
            "Anruf;04.10.2026;Abgeschlossen;Mailbox hinterlassen;Lukas", "Anruf;03.10.2026;Offen;;Lukas",
            "Meeting;05.10.2026;Abgeschlossen;;Lukas"]
    text, data, _ = _drafted(tmp_path / "sf", "Aktivitaeten.csv", rows)
    assert "outcome: Anrufergebnis" in text and 'owner_id: "Zugeordnet  ↑"' in text
    t = K.compute(data, ["calls", "call_connect_rate", "meetings"], period="M").set_index(["kpi", "period"])
    assert t.loc[("calls", "2026-10"), "value"] == 2 and t.loc[("meetings", "2026-10"), "value"] == 1
    assert t.loc[("call_connect_rate", "2026-10"), "value"] == pytest.approx(2 / 5)


def test_calls_planned_after_the_file_was_written_are_plans(tmp_path):
    # Zoho's calls export, written on 1 November 09:00, holds calls planned up to December. Read in December,
    # those up to the run counted as calls made and the report was of November. The file's time dates the export:
    # the report month is October. Its durations count seconds (mm:ss): a call of 00:00 was not held
    import os

    rows = ["Anruf-ID,Anruftyp,Anrufstartzeit,Anrufdauer,Anrufbesitzer"]
    rows += [f"z{i},Ausgehend,{(i % 28) + 1:02d}.10.2026 10:00,{'00:00' if i % 4 == 1 else '04:32'},Lena"
             for i in range(40)]
    rows += [f"p{i},Ausgehend,{i + 2:02d}.11.2026 10:00,,Lena" for i in range(10)]
    folder = tmp_path / "zoho"
    folder.mkdir()
    (folder / "Anrufe_001.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    written = pd.Timestamp("2026-11-01 08:00", tz="UTC").timestamp()          # 09:00 in Amsterdam
    os.utime(folder / "Anrufe_001.csv", (written, written))
    res = _init(str(folder))
    assert res.exit_code == 0, res.output
    data, report = load_client(folder / "client.yml", cache=False)
    assert data.exported_at() == pd.Timestamp("2026-11-01 09:00")
    from crmanalysis.analyses.window import Window

    assert Window.of(data).month == "2026-10"
    # 40 October calls, every fourth of 00:00 (i = 1, 5, …, 37: 10): 30 held of 40 = 75 %
    t = K.compute(data, ["calls", "call_connect_rate"], period="M").set_index(["kpi", "period"])
    assert t.loc[("calls", "2026-10"), "value"] == 30
    assert t.loc[("call_connect_rate", "2026-10"), "value"] == pytest.approx(30 / 40)


def test_words_of_erps_lead_forms_and_task_lists(tmp_path):
    # Sage CRM's "Forecast" is the deal's amount, SAP Business One's "Potenzieller Betrag" beside its weighted one,
    # a Google Ads lead form's "Ingediend op" and "Klant geworden", HubSpot's Dutch tasks, Halo's "Date Logged"
    sage = ["Opportunity ID,Status,Forecast,Certainty %,Opened,Closed,Target Close,Assigned To",
            '2001,Won,"£2,075.00",100,03/09/2026 09:56,03/10/2026 11:06,03/10/2026,Aisha Khan',
            '2002,In Progress,"£1,000.00",50,04/09/2026 09:56,,30/11/2026,Aisha Khan']
    text, data, _ = _drafted(tmp_path / "sage", "Opportunities.csv", sage)
    assert "amount: Forecast" in text and data.opportunities["amount"].tolist() == [2075, 1000]
    sap = ["Nr.;Geschäftspartnername;Verkaufsmitarbeiter;Startdatum;Abschlussdatum;Status;Potenzieller Betrag;"
           "Gewichteter Betrag", "1;Bauer GmbH;Jonas;01.09.2026;14.10.2026;Gewonnen;12500;12500",
           "2;Koch AG;Jonas;02.09.2026;;Offen;8000;2000"]
    text, data, _ = _drafted(tmp_path / "sap", "Verkaufschancen.csv", sap)
    assert "amount: Potenzieller Betrag" in text and "owner_id: Verkaufsmitarbeiter" in text
    assert "created_at: Startdatum" in text
    form = ["Lead-ID;Ingediend op;Campagne;Klant geworden (ja/nee)", "a;01-10-2026 10:00:00;Zon;Ja",
            "b;02-10-2026 10:00:00;Zon;", "c;03-10-2026 10:00:00;Zon;nee"]
    text, data, _ = _drafted(tmp_path / "gads", "Leadformulier_leads.csv", form)
    assert "created_at: Ingediend op" in text and data.leads["converted"].iloc[[0, 2]].tolist() == [True, False]
    assert pd.isna(data.leads["converted"].iloc[1])
    tasks = ["Taak-ID,Titel,Taaktype,Status,Vervaldatum,Voltooid op,Taakeigenaar",
             "1,Bel terug,Bellen,Voltooid,2026-10-01 09:00,2026-10-02 10:00,Ruben",
             "2,Offerte,E-mail,Niet gestart,2026-10-03 09:00,,Ruben",
             "3,Bel,Bellen,Wachten,2026-10-04 09:00,,Ruben"]
    text, data, _ = _drafted(tmp_path / "tasks", "hubspot-crm-exports-alle-taken.csv", tasks)
    assert "activities:" in text and "completed_at: Voltooid op" in text and "owner_id: Taakeigenaar" in text
    assert data.activities["completed"].tolist() == [True, False, False]
    halo = ["Ticket ID,Status,Date Logged,Date Closed,Survey Score", "1,Closed,2026-10-01 09:00,2026-10-01 12:00,4",
            "2,Open,2026-10-02 09:00,,"]
    text, data, _ = _drafted(tmp_path / "halo", "All Tickets.csv", halo)
    assert "opened_at: Date Logged" in text and "csat: Survey Score" in text


def test_quotes_and_orders_are_deals_won_when_accepted(tmp_path):
    # Teamleader's quotations ("Angebote"): Akzeptiert is won on its "Akzeptiert am", Abgelehnt lost on its
    # "Abgelehnt am", Abgelaufen lost on "Gültig bis"; revenue from "Gesamt netto". October: won 1 (1,000 net),
    # lost 2 (one declined, one run out): win rate 1 / 3
    rows = ["Angebotsnummer;Kunde;Status;Gesamt netto;Gesamt brutto;Erstellt am;Gültig bis;Akzeptiert am;Abgelehnt am",
            "A1;Koch;Akzeptiert;1000,00;1190,00;01.09.2026;30.10.2026;14.10.2026;",
            "A2;Bauer;Abgelehnt;2000,00;2380,00;02.09.2026;30.10.2026;;15.10.2026",
            "A3;Fuchs;Abgelaufen;500,00;595,00;03.09.2026;20.10.2026;;",
            "A4;Wolf;Offen;700,00;833,00;04.10.2026;30.11.2026;;"]
    text, data, _ = _drafted(tmp_path / "tl", "Angebote_Export.csv", rows)
    assert "amount: Gesamt netto" in text and "won_at: Akzeptiert am" in text
    t = K.compute(data, ["new_revenue", "deals_won", "win_rate"], period="M").set_index(["kpi", "period"])["value"]
    assert (t[("new_revenue", "2026-10")], t[("deals_won", "2026-10")]) == (1000, 1)
    assert t[("win_rate", "2026-10")] == pytest.approx(1 / 3)


def test_billing_exports_of_plans_with_their_price_per_period(tmp_path):
    # Twikey's plans (nl): "Bedrag (€)" per "Frequentie"; a suspended plan pays nothing: 12.50 a month + 30.00 a
    # quarter (10 a month) + 0 (Geschorst) = 22.50; e-conomic (da): 349 a month + 1,200 a year (100) = 449
    twikey = ["Mandaat-ID;Klant;Plan;Bedrag (€);Frequentie;Status;Startdatum;Einddatum",
              "T1;Jacobs;Basis;12,50;Maandelijks;Actief;01/09/2026;",
              "T2;Peeters;Plus;30,00;Per kwartaal;Actief;02/09/2026;",
              "T3;Claes;Basis;12,50;Maandelijks;Geschorst;03/09/2026;"]
    text, data, _ = _drafted(tmp_path / "twikey", "twikey_plannen_export.csv", twikey)
    assert "contracts:" in text and data.contracts["mrr"].sum() == pytest.approx(22.5)
    economic = ["Abonnementsnr.;Abonnement;Kunde;Interval;Pris pr. periode (kr.);Startdato;Slutdato;Status",
                "1;Hosting;Kristensen;Måned;349,00;23-08-2026;;Aktiv", "2;Support;Holm;År;1.200,00;01-09-2026;;Aktiv"]
    _, data, _ = _drafted(tmp_path / "economic", "Abonnementer.csv", economic)
    assert data.contracts["mrr"].sum() == pytest.approx(449)
    # FastSpring: "Begin Date" starts it, "Deactivation Date" ends it (not a start by its likeness to "activation")
    fast = ["Subscription ID,Account ID,Price,Interval Unit,Interval Length,Status,Begin Date,End Date,"
            "Deactivation Date",
            "s1,a1,14.99,month,1,active,9/13/25,,", "s2,a2,120.00,year,1,deactivated,10/25/25,,10/5/26"]
    text, data, _ = _drafted(tmp_path / "fs", "subscriptions_report.csv", fast)
    assert "start_date: Begin Date" in text
    assert data.contracts["end_date"].tolist()[1] == pd.Timestamp("2026-10-05")
    # ChartMogul's customers: one row each, its MRR monthly already, "Customer Since" its start
    cm = ["UUID,Customer,Country,Status,Customer Since,Cancelled On,MRR,ARR,Owner",
          "cus_1,Zinnia,Belgium,Active,2026-07-22,,1259.00,15108.00,",
          "cus_2,Ardent,Germany,Cancelled,2026-01-05,2026-10-12,0,0,"]
    text, data, _ = _drafted(tmp_path / "cm", "chartmogul_customers_export.csv", cm)
    assert "contracts:" in text and "start_date: Customer Since" in text and data.contracts["mrr"].sum() == 1259


def test_an_email_tools_campaign_reports_give_clicks_and_conversions(tmp_path):
    # Mailchimp's campaigns (read as cases for its "Abuse Complaints"), Brevo's in Dutch: no spend, but unique
    # clicks and orders per send day. October: 694 + 100 clicks, 38 + 2 orders
    mc = ['"Title","Send Date","Total Recipients","Unique Opens","Unique Clicks","Abuse Complaints","Orders","Revenue"',
          '"A","Oct 31, 2026 2:00 pm","21750","8942","694","1","38","3126.96"',
          '"B","Oct 14, 2026 10:00 am","21000","8000","100","0","2","120.00"',
          '"C","Sep 14, 2026 10:00 am","21000","8000","90","0","1","60.00"']
    text, data, _ = _drafted(tmp_path / "mc", "campaigns.csv", mc)
    assert "marketing_spend:" in text
    t = K.compute(data, ["ad_clicks", "ad_conversions"], period="M").set_index(["kpi", "period"])["value"]
    assert (t[("ad_clicks", "2026-10")], t[("ad_conversions", "2026-10")]) == (794, 40)
    brevo = ["Campagne-ID;Campagnenaam;Verzenddatum;Verzonden;Unieke kliks;Conversies",
             "1;Actie;14-10-2026 10:00;1000;120;7", "2;Nieuwsbrief;28-10-2026 10:00;1000;80;3", "3;Concept;;;;"]
    text, data, _ = _drafted(tmp_path / "brevo", "campagnes_statistieken.csv", brevo)
    assert "month: Verzenddatum" in text and "clicks: Unieke kliks" in text


def test_chats_with_their_start_end_and_ratings_in_stars_or_thumbs(tmp_path):
    # tawk.to: "Start Time" / "End Time", a rating of thumbs; Userlike (de): "Start" / "Ende", "4 Sterne"; a
    # German export of shared words ("Start", "Status") gets a German report
    tawk = ["Chat ID,Start Time,End Time,Agent(s),Rating,Missed",
            "c1,2026-10-01T10:00:00Z,2026-10-01T10:12:00Z,Ann,thumbs up,false",
            "c2,2026-10-02T10:00:00Z,2026-10-02T10:06:00Z,Ann,thumbs down,false",
            "c3,2026-10-03T10:00:00Z,2026-10-03T10:01:00Z,,none,true"]
    text, data, _ = _drafted(tmp_path / "tawk", "tawk_chat_history_export.csv", tawk)
    assert "opened_at: Start Time" in text and "closed_at: End Time" in text
    assert data.cases["csat"].iloc[:2].tolist() == [5, 1] and pd.isna(data.cases["csat"].iloc[2])
    userlike = ["Konversations-ID;Start;Ende;Kanal;Operator;Status;Bewertung",
                "1;01.10.2026 10:00;01.10.2026 10:15;Website;Jana;beendet;4 Sterne",
                "2;02.10.2026 10:00;02.10.2026 10:20;WhatsApp;Jana;beendet;1 Stern",
                "3;03.10.2026 10:00;;Website;Jana;offen;"]
    text, data, _ = _drafted(tmp_path / "ul", "userlike_konversationen.csv", userlike)
    assert "language: de" in text and data.cases["csat"].iloc[:2].tolist() == [4, 1]


def test_a_queue_log_that_says_only_whether_each_call_was_answered_is_a_call_log(tmp_path):
    # Telia's queue log (da): no status, no closing time, "Besvaret" Ja / Nej. Read as a help desk, page 1 opened
    # with "none of the 1,988 cases has a closing date"; a call log has none by nature
    from crmanalysis.analyses import headline as H
    from crmanalysis.kpis.catalogue import is_call_log

    rows = ["Opkalds-ID;Kø;Starttid;Besvaret;Agent", "1;Salg;01-10-2026 09:00;Ja;Mette", "2;Salg;02-10-2026 09:00;Nej;",
            "3;Salg;03-10-2026 09:00;Ja;Mette"]
    text, data, _ = _drafted(tmp_path / "telia", "Opkaldsstatistik.csv", rows)
    assert "answered: Besvaret" in text and "opened_at: Starttid" in text
    assert is_call_log(data)
    table = K.compute(data, ["cases_opened"], period="M")
    assert not [n for n in H.headline_checks(data, table) if n.key == "check.cases_unclosed"]


def test_a_call_logs_talk_time_per_call_is_its_hours_on_the_phone(tmp_path):
    # the PwC log's "AvgTalkDuration" is one call's talk time (h:mm:ss): 0:02:23 + 0:04:02 = 385 s in October;
    # a Danish queue's "Samtaletid (mm:ss)" 01:30 is a minute and a half, not an hour and a half (90 + 150 s)
    rows = ["Call Id,Agent,Date,Time,Answered (Y/N),Resolved,AvgTalkDuration,Satisfaction rating",
            "ID1,Diane,2026-10-01,9:12:58,Y,Y,0:02:23,3", "ID2,Becky,2026-10-02,9:14:00,N,N,,",
            "ID3,Diane,2026-10-03,10:00:00,Y,N,0:04:02,4"]
    text, data, _ = _drafted(tmp_path / "pwc", "Call-Center-Dataset.csv", rows)
    assert "talk_min: AvgTalkDuration" in text
    t = K.compute(data, ["call_talk_hours"], period="M").set_index("period")["value"]
    assert t["2026-10"] == pytest.approx(385 / 3600)
    rows = ["Opkalds-ID;Dato;Tidspunkt;Besvaret (J/N);Samtaletid (mm:ss);Medarbejder",
            "1;01-10-2026;08:43:17;J;01:30;Sofie", "2;02-10-2026;09:00:00;J;02:30;Sofie", "3;03-10-2026;09:00:00;N;;"]
    _, data, _ = _drafted(tmp_path / "dk", "Opkaldslog.csv", rows)
    t = K.compute(data, ["call_talk_hours"], period="M").set_index("period")["value"]
    assert t["2026-10"] == pytest.approx(240 / 3600)


def test_a_phone_systems_call_detail_records_are_calls(tmp_path):
    # NFON's CDR export (de): "Quelle" (the caller) and "Kosten" made it read as deals without a won one; its
    # name says call detail records. Of the 3 calls made ("Ausgehend") 2 "Angenommen": 2 held, connect rate 2 / 3;
    # the 3 that came in are no calls the team made
    rows = ["Datum;Uhrzeit;Richtung;Quelle;Ziel;Nebenstelle;Dauer;Status;Kosten (EUR)",
            "01.10.2026;09:00:00;Eingehend;+49 30 1;+49 30 2;101;00:04:10;Angenommen;0,000",
            "02.10.2026;09:00:00;Ausgehend;+49 30 2;+49 30 3;101;00:00:00;Nicht angenommen;0,000",
            "05.10.2026;09:00:00;Ausgehend;+49 30 2;+49 30 5;101;00:03:00;Angenommen;0,010",
            "06.10.2026;09:00:00;Ausgehend;+49 30 2;+49 30 6;102;00:01:30;Angenommen;0,010",
            "03.10.2026;09:00:00;Eingehend;anonym;+49 30 2;102;00:00:00;Besetzt;0,000",
            "04.10.2026;09:00:00;Eingehend;+49 30 4;+49 30 2;102;00:01:10;Angenommen;0,012"]
    text, data, _ = _drafted(tmp_path / "nfon", "CDR_K4711_20250901-20261101.csv", rows)
    assert "activities: CDR_K4711" in text
    t = K.compute(data, ["calls", "call_connect_rate"], period="M").set_index(["kpi", "period"])["value"]
    assert t[("calls", "2026-10")] == 2 and t[("call_connect_rate", "2026-10")] == pytest.approx(2 / 3)


def test_an_empty_source_column_gives_way_to_the_companys_own(tmp_path):
    # Odoo's crm.lead with its "source_id/id" empty in every row and the company's own "how_met" filled: the
    # leads' source is how_met (two of three leads met at a trade show, one blank), not an empty column
    rows = ["id,type,user_id/id,source_id/id,how_met,create_date",
            "__export__.crm_lead_1,lead,base.user_root,,ASD,2026-10-02 10:00:00",
            "__export__.crm_lead_2,lead,base.user_root,,TPC,2026-10-03 10:00:00",
            "__export__.crm_lead_3,lead,base.user_root,,,2026-10-04 10:00:00"]
    text, data, _ = _drafted(tmp_path / "odoo", "crm.lead.csv", rows)
    assert "source: how_met" in text
    assert data.leads["source"].fillna("").tolist() == ["ASD", "TPC", ""]


def test_swiss_amounts_with_a_typographic_apostrophe_and_a_count_of_records_below(tmp_path):
    # a Swiss CRM's deals: thousands written with "'" or, pasted from a word processor, "’"; below the rows a
    # blank line and "3 Datensätze". Won: 57,050 + 12,500 = 69,550 CHF; 3 deals, none of them the count line
    rows = ["Nr.;Firma;Status;Betrag;Erstellt am;Abschlussdatum",
            "VC-1;Kägi AG;Gewonnen;CHF 57’050.00;01.09.2026 10:00;28.10.2026",
            "VC-2;Huber GmbH;Gewonnen;12'500.–;02.09.2026 10:00;15.10.2026",
            "VC-3;Meier AG;Offen;CHF 4'200.00;03.09.2026 10:00;",
            "",
            "3 Datensätze;;;;;"]
    _, data, report = _drafted(tmp_path / "ch", "Verkaufschancen_Export_01.11.2026.csv", rows)
    assert data.opportunities["opportunity_id"].tolist() == ["VC-1", "VC-2", "VC-3"]
    won = data.opportunities[data.opportunities["status"] == "won"]
    assert won["amount"].sum() == pytest.approx(69_550)
    assert int(report.accounting()["rows_read"].sum()) == 3


def test_a_call_logs_status_of_answered_words_is_whether_a_call_was_answered(tmp_path):
    # 3CX's Dutch call log: "Status" Beantwoord / Niet beantwoord beside the talk time. Three calls in October,
    # two answered: answered share 2 / 3, and no resolved share (a call is no case with a status)
    rows = ["Gespreks-ID,Datum,Van,Naar,Status,Gesprekstijd",
            "0001,01-10-2026 09:00:00,0101968034,Wachtrij Verkoop (801),Beantwoord,00:10:21",
            "0002,02-10-2026 10:00:00,Koen Smit (103),0513238704,Niet beantwoord,00:00:00",
            "0003,03-10-2026 11:00:00,0206565381,Wachtrij Support (800),Beantwoord,00:04:12"]
    _, data, _ = _drafted(tmp_path / "3cx", "CallLogs_01-09-2025_01-11-2026.csv", rows)
    assert data.cases["answered"].tolist() == [True, False, True]
    v = K.compute(data, ["answered_share"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("answered_share", "2026-10")] == pytest.approx(2 / 3)
    assert data.cases["status"].isna().all()


def test_stripe_subscriptions_unpaid_after_their_retries_pay_nothing(tmp_path):
    # Stripe's "unpaid" (the retries of a failed payment ran out) pays nothing; "past_due" is still being retried
    # and counts. MRR: 129 (active) + 49 (past_due) = 178; the unpaid 99 is a subscription at 0
    rows = ["id,Customer ID,Quantity,Interval,Amount,Status,Start Date (UTC),Ended At (UTC)",
            "sub_1,cus_1,1,month,129.00,active,2026-08-06 02:17,",
            "sub_2,cus_2,1,month,49.00,past_due,2026-09-01 10:00,",
            "sub_3,cus_3,1,month,99.00,unpaid,2026-07-03 10:00,"]
    _, data, _ = _drafted(tmp_path / "sub", "subscriptions.csv", rows)
    assert data.contracts["mrr"].tolist() == [129, 49, 0]
    # Zoho Billing writes no retrying stage: its "Unpaid" is the overdue subscription, still counted (129 + 99)
    zoho = ["Subscription ID,Customer ID,Status,Amount,Interval,Interval Unit,Activated On,Cancelled Date",
            "s1,c1,Live,129.00,1,months,2026-08-06,", "s2,c2,Unpaid,99.00,1,months,2026-07-03,"]
    _, data, _ = _drafted(tmp_path / "zoho", "Subscriptions.csv", zoho)
    assert data.contracts["mrr"].tolist() == [129, 99]


def test_a_reopened_ticket_is_open_though_it_keeps_its_resolved_time(tmp_path):
    # Freshdesk keeps a reopened ticket's "Resolved time": ticket 2 was resolved on 5 October and reopened since, so
    # October closed 1 ticket (ticket 1), not 2
    rows = ["Ticket ID,Subject,Status,Priority,Source,Agent,Created time,Resolved time,Closed time",
            "1,Login,Closed,Low,Email,Anna,2026-10-01 09:00:00,2026-10-02 09:00:00,2026-10-04 09:00:00",
            "2,Invoice,Reopened,Low,Email,Anna,2026-10-03 09:00:00,2026-10-05 09:00:00,",
            "3,Refund,Open,Low,Email,Anna,2026-10-06 09:00:00,,"]
    _, data, report = _drafted(tmp_path / "fd", "Tickets_export_2026-11-01.csv", rows)
    v = K.compute(data, ["cases_closed"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("cases_closed", "2026-10")] == 1
    assert data.cases["closed_at"].isna().tolist() == [False, True, True]
    # Intercom, OTRS and Freshdesk in Dutch say it with a plain "open" ("offen"): a conversation closed on 5 October
    # and open again kept its "last closed at" and counted as closed (181 closed for 177)
    rows = ['"Conversation ID","Conversation started at","Conversation last closed at","State","Teammate assigned"',
            '"215470000551531","2026-10-02T10:00:00Z","2026-10-02T13:00:00Z","closed","Aoife Byrne"',
            '"215470000551532","2026-10-03T10:00:00Z","2026-10-05T10:00:00Z","open","Aoife Byrne"']
    _, data, _ = _drafted(tmp_path / "ic", "intercom-conversations-2026-11-01.csv", rows)
    assert K.compute(data, ["cases_closed"], period="M").set_index("period")["value"]["2026-10"] == 1


def test_of_two_closing_times_a_case_was_resolved_at_the_earlier(tmp_path):
    # a desk that closes solved incidents days later writes both times; "Gesloten" is a yes / no flag. Incidents 1, 2
    # and 3 were solved 26, 5 and 2 hours after they came in: median 5 hours, where the closing times of 1 and 2
    # (98 and 77 hours) give 87.5
    rows = ["Incidentnummer;Aanmelddatum;Operator;Status;Afgemeld;Datum afgemeld;Gesloten;Datum gesloten",
            "I 2610 001;01-10-2026 08:00;Prins, Wendy;Gesloten;Ja;02-10-2026 10:00;Ja;05-10-2026 10:00",
            "I 2610 002;13-10-2026 09:00;Prins, Wendy;Gesloten;Ja;13-10-2026 14:00;Ja;16-10-2026 14:00",
            "I 2610 003;20-10-2026 09:00;Bos, Ruud;Afgemeld;Ja;20-10-2026 11:00;Nee;",
            "I 2610 004;21-10-2026 09:00;Bos, Ruud;In behandeling;Nee;;Nee;"]
    text, data, _ = _drafted(tmp_path / "td", "Incidenten.csv", rows)
    assert "closed_at: Datum afgemeld" in text
    v = K.compute(data, ["time_to_resolution_hours"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("time_to_resolution_hours", "2026-10")] == pytest.approx(5)


def test_the_legs_of_a_transferred_call_are_one_call(tmp_path):
    # RingCentral's detailed call log: session 2 rang at reception (answered, 46 s) and was transferred to an
    # extension (answered, 6:24); session 3 was missed. Three calls, two answered (2 / 3); talk time of session 2
    # 0:46 + 6:24 = 7:10, 7.1667 minutes, its owner the extension that answered last (205)
    rows = ["Session Id,Type,Direction,Date,Time,Extension,Action Result,Result Description,Call Length",
            "100,Voice,Outbound,Fri 10/30/2026,4:57:16 PM,205,Call connected,Call connected,0:17:21",
            "200,Voice,Inbound,Fri 10/30/2026,8:11:17 AM,101,Accepted,Accepted,0:00:46",
            "200,Voice,Inbound,Fri 10/30/2026,8:12:05 AM,205,Accepted,Accepted,0:06:24",
            "300,Voice,Inbound,Thu 10/29/2026,2:50:21 PM,201,Missed,Hang Up,0:00:38"]
    _, data, report = _drafted(tmp_path / "rc", "call_log_detailed_2025-09-01_2026-11-01.csv", rows)
    a = data.activities.set_index("activity_id")
    assert sorted(a.index) == ["100", "200", "300"]
    assert a["completed"].tolist() == [True, True, False]
    assert a.loc["200", "duration_min"] == pytest.approx(7 + 10 / 60)
    assert a.loc["200", "scheduled_at"] == pd.Timestamp("2026-10-30 08:11:17") and a.loc["200", "owner_id"] == "205"
    assert report.totals()["rows_excluded"] == 1 and report.totals()["rows_rejected"] == 0


def _folder_of(folder: Path, files: dict[str, list[str]]) -> tuple:
    """*files* (name: rows) written into a new *folder*, drafted by ``init`` and loaded: (data, report)."""
    folder.mkdir()
    for name, rows in files.items():
        (folder / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = _init(str(folder))
    assert res.exit_code == 0, res.output
    return load_client(folder / "client.yml", cache=False)


def test_deals_moved_to_a_new_crm_that_names_their_old_id_are_counted_once(tmp_path):
    # Pipedrive until March, HubSpot since: HubSpot holds Pipedrive's open deal 12 as its deal 9001 ("Pipedrive
    # ID" 12), still open; Pipedrive's March file also lost deal 11. Its "Deal - Stage" is like HubSpot's "Deal
    # Stage": Pipedrive's file reads its won or lost from "Deal - Status", as written. By hand: deals 10 (won),
    # 11 (lost), 9001 (open, 4,000) and 9002 (won in October, 3,000): one open deal of 4,000, not two
    pd_rows = ["Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,"
               "Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Expected close date",
               "10,Alpha,Ann Berg,1000,EUR,Negotiation,Won,2025-02-14 10:00:00,2025-03-14 10:00:00,,2025-03-20",
               "11,Beta,Ann Berg,2000,EUR,Qualified,Lost,2025-02-15 10:00:00,,2025-03-15 10:00:00,2025-03-20",
               "12,Gamma,Ann Berg,4000,EUR,Proposal,Open,2025-02-16 10:00:00,,,2025-05-20"]
    hs_rows = ["Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,Pipedrive ID,"
               "Last Modified Date",
               "9001,Gamma,Contract Sent,2026-12-18,Ann Berg,4000,2025-04-16 10:00,12,2026-10-20 10:00",
               "9002,Delta,Closed Won,2026-10-21,Ann Berg,3000,2026-09-14 10:00,,2026-10-21 10:00"]
    data, report = _folder_of(tmp_path / "moved", {"pipedrive-deals-2025-03-31.csv": pd_rows,
                                                   "hubspot-crm-exports-all-deals-2026-11-01.csv": hs_rows})
    o = data.opportunities.set_index("opportunity_id")
    assert sorted(o.index) == ["10", "11", "9001", "9002"]
    assert o["status"].to_dict() == {"10": "won", "11": "lost", "9001": "open", "9002": "won"}
    acc = report.accounting().set_index("file")
    assert acc.loc["pipedrive-deals-2025-03-31.csv", "rows_excluded"] == 1 and acc["reconciles"].all()
    assert K.compute(data, ["open_pipeline_value"], period="M").set_index("period")["value"].loc["2026-10"] == 4000


def test_deleted_records_of_an_export_all_and_a_renewals_pipeline_said_by_its_probabilities(tmp_path):
    # Salesforce Data Loader's "Export All": ISDELETED true marks a deleted copy, left out; won 1 of 1, not 2
    rows = ['"ID","ISDELETED","NAME","STAGENAME","AMOUNT","CLOSEDATE","ISCLOSED","ISWON","CREATEDDATE"',
            '"0061","false","A","Closed Won","100.0","2026-10-14","true","true","2026-09-15T10:00:00.000Z"',
            '"0062","true","A (copy)","Closed Won","100.0","2026-10-14","true","true","2026-09-15T10:00:00.000Z"',
            '"0063","false","B","Prospecting","50.0","2026-12-14","false","false","2026-09-16T10:00:00.000Z"']
    _, data, report = _drafted(tmp_path / "sf", "Opportunities.csv", rows)
    assert data.opportunities["opportunity_id"].tolist() == ["0061", "0063"]
    assert report.accounting()["rows_excluded"].sum() == 1
    # HubSpot with a renewals pipeline: "Renewed" and "Churned" say won and lost by their probability only, as
    # "Closed Won" (1.0) and "Closed Lost" (0.0) vouch; "Renewal Due" (0.5) stays open
    rows = ["Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Deal probability",
            "1,A,Sales Pipeline,Closed Won,100,2026-10-14,2026-09-15 10:00,1.0",
            "2,B,Sales Pipeline,Closed Lost,100,2026-10-15,2026-09-15 10:00,0.0",
            "3,C,Renewals,Renewed,200,2026-10-16,2026-09-15 10:00,1.0",
            "4,D,Renewals,Churned,200,2026-10-17,2026-09-15 10:00,0.0",
            "5,E,Renewals,Renewal Due (90 days),300,2026-12-17,2026-09-15 10:00,0.5"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-all-deals-2026-11-01.csv", rows)
    assert data.opportunities["status"].tolist() == ["won", "lost", "won", "lost", "open"]


def test_a_mailing_tools_contacts_are_leads_joined_when_added(tmp_path):
    # Brevo's German contact export: system headers (ADDED_TIME), a "kontakte" file: leads, not accounts; by hand
    # October holds contacts 2 and 3 (day first: 14-10 and 03-10), not 1 (10-03-2026 is 10 March)
    rows = ["CONTACT ID;EMAIL;NACHNAME;VORNAME;FIRMA;QUELLE;KAMPAGNE;KUNDE_SEIT;ADDED_TIME;MODIFIED_TIME",
            "1;a@x.de;Alt;Anna;Alt GmbH;Messe;;15-01-2025;10-03-2026;14-10-2026",
            "2;b@x.de;Berg;Ben;Berg AG;Website;Herbst;;14-10-2026;14-10-2026",
            "3;c@x.de;Claus;Carl;;Website;;;03-10-2026;15-10-2026"]
    _, data, _ = _drafted(tmp_path / "brevo", "kontakte_export_01-11-2026.csv", rows)
    assert K.compute(data, ["new_leads"], period="M").set_index("period")["value"].loc["2026-10"] == 2
    # Mailchimp: OPTIN_TIME is empty for imported members, whose CONFIRM_TIME says when they joined; a member's
    # unsubscribing is no conversion, and the "Company" of a member is no owner
    head = ("Email Address,First Name,Last Name,Company,Signup Source,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LEID,"
            "UNSUB_TIME")
    rows = [head, "a@x.com,Ann,Ames,Acme,Hosted form,2,2026-10-14 10:00:00,2026-10-14 10:05:00,101,",
            "b@x.com,Bo,Berg,Bolt,Import,2,,2026-10-15 09:00:00,102,2026-10-20 08:00:00",
            "c@x.com,Cy,Cole,Core,Hosted form,3,2026-09-15 10:00:00,2026-09-15 10:05:00,103,"]
    _, data, _ = _drafted(tmp_path / "mc", "unsubscribed_members_export_9c41e0b27d.csv", rows)
    assert K.compute(data, ["new_leads"], period="M").set_index("period")["value"].loc["2026-10"] == 2
    assert "converted_at" not in data.leads or data.leads["converted_at"].isna().all()
    assert "owner_id" not in data.leads or data.leads["owner_id"].isna().all()


def test_an_order_is_won_when_placed_and_an_order_paid_back_is_no_sale(tmp_path):
    # Keap's order export: one row per item (the order's total on each), "Order Date" its only date, "Pay Status"
    # Paid / Unpaid and "Refund Status": by hand October's sales are orders 1 (1,000) and 2 (250); order 3 was paid
    # back in full, order 4 is unpaid
    rows = ["Order Id,Order Date,Order Title,Product Name,Qty,Price,Order Total,Amount Paid,Pay Status,Refund Status",
            "1,10/14/2026,Course - Ann,Course,1,$900.00,\"$1,000.00\",\"$1,000.00\",Paid,",
            "1,10/14/2026,Course - Ann,Shipping,1,$100.00,\"$1,000.00\",\"$1,000.00\",Paid,",
            "2,10/15/2026,Session - Bo,Session,1,$200.00,$250.00,$250.00,Paid,Partially Refunded",
            "2,10/15/2026,Session - Bo,Workbook,1,$50.00,$250.00,$250.00,Paid,Partially Refunded",
            "3,10/16/2026,Session - Cy,Session,1,$250.00,$250.00,$250.00,Paid,Fully Refunded",
            "4,10/17/2026,Course - Di,Course,1,$900.00,$900.00,$300.00,Unpaid,",
            "5,9/17/2026,Course - Ed,Course,1,$800.00,$900.00,$900.00,Paid,",
            "5,9/17/2026,Course - Ed,Shipping,1,$100.00,$900.00,$900.00,Paid,"]
    text, data, _ = _drafted(tmp_path / "keap", "order_search_export_20261101.csv", rows)
    rev = K.compute(data, ["new_revenue", "deals_won"], period="M").set_index(["kpi", "period"])["value"]
    assert rev.loc[("new_revenue", "2026-10")] == 1250.0 and rev.loc[("deals_won", "2026-10")] == 2
    assert "owner_id: Refund Status" not in text


def test_an_api_dump_of_deals_reads_its_fields_by_their_own_names_and_leaves_out_the_archived(tmp_path):
    import json

    # HubSpot's API v3: each deal's fields under "properties", its deals in the recycle bin "archived": true; by
    # hand October's revenue is deal 1's 790 (deal 3, a won copy in the bin, is no deal), deal 2 is lost
    def deal(i: str, stage: str, won: str, archived: bool) -> dict:
        return {"id": i, "properties": {"amount": "790", "closedate": "2026-10-14T09:17:54.332Z",
                                        "createdate": "2026-09-15T09:18:13.444Z", "dealname": f"Deal {i}",
                                        "dealstage": stage, "hs_is_closed": "true", "hs_is_closed_won": won,
                                        "pipeline": "default"},
                "createdAt": "2026-09-15T09:18:13.444Z", "updatedAt": "2026-10-15T20:56:54.332Z", "archived": archived}
    folder = tmp_path / "hs"
    folder.mkdir()
    doc = [deal("1", "closedwon", "true", False), deal("2", "closedlost", "false", False),
           deal("3", "closedwon", "true", True)]
    (folder / "hubspot_deals_2026-11-01.json").write_text(json.dumps(doc), encoding="utf-8")
    assert _init(str(folder)).exit_code == 0
    data, report = load_client(folder / "client.yml", cache=False)
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"].loc["2026-10"] == 790.0


def test_freshservice_tickets_say_their_satisfaction_and_first_response_in_their_own_words(tmp_path):
    # "Satisfaction survey result" of five answers (Extremely Satisfied 5 … Extremely Dissatisfied 1) and an
    # "Initial Response Time" beside "First Response Time (in hrs)" (a duration, no time): by hand October's
    # rated cases 1 and 2 give a mean of (5 + 2) / 2 = 3.5, and case 1 was first answered after 2 hours
    rows = ["Ticket Id,Subject,Status,Priority,Source,Agent,Created Date,Resolved Date,Closed Date,Last Updated Time,"
            "Initial Response Time,First Response Time (in hrs),Satisfaction survey result",
            "1,Printer,Closed,Low,Email,Ann Berg,2026-10-14 09:00,2026-10-14 12:00,2026-10-16 12:00,2026-10-16 12:00,"
            "2026-10-14 11:00,2.0,Extremely Satisfied",
            "2,VPN,Closed,Low,Portal,Ann Berg,2026-10-15 09:00,2026-10-15 12:00,2026-10-17 12:00,2026-10-17 12:00,"
            "2026-10-15 10:00,1.0,Dissatisfied",
            "3,Mail,Open,Low,Email,Bo Lund,2026-10-16 09:00,,,2026-10-16 09:30,2026-10-16 09:30,0.5,"]
    _, data, _ = _drafted(tmp_path / "fs", "Freshservice_Tickets_Export_2026-11-01.csv", rows)
    v = K.compute(data, ["csat_mean", "first_response_hours"], period="M").set_index(["kpi", "period"])["value"]
    assert v.loc[("csat_mean", "2026-10")] == 3.5 and v.loc[("first_response_hours", "2026-10")] == 1.0


def test_a_group_booking_is_one_meeting_held_unless_every_seat_was_cancelled(tmp_path):
    # Microsoft Bookings: a row per customer under one "Booking Id", "Event Type" Booked / Cancelled; the window
    # of 1–28 October downloaded twice. By hand October holds bookings A (3 customers, one cancelled: held), B
    # (cancelled: not held) and C (1 customer): 3 meetings, 2 held, not 7 rows of meetings
    head = "Date Time\tCustomer Name\tStaff Name\tService\tDuration (mins.)\tEvent Type\tBooking Id"
    rows = [head, "14/10/2026 10:00\tAnn\tKees\tGroepsdemo\t60\tBooked\tA",
            "14/10/2026 10:00\tBo\tKees\tGroepsdemo\t60\tCancelled\tA",
            "14/10/2026 10:00\tCy\tKees\tGroepsdemo\t60\tBooked\tA",
            "15/10/2026 13:00\tDi\tThijs\tAdviesgesprek\t30\tCancelled\tB",
            "16/10/2026 13:00\tEd\tThijs\tAdviesgesprek\t30\tBooked\tC",
            "17/09/2026 13:00\tFe\tThijs\tAdviesgesprek\t30\tBooked\tD"]
    data, report = _folder_of(tmp_path / "bookings", {"BookingsReportingData.tsv": rows,
                                                      "BookingsReportingData (1).tsv": rows[:4]})
    a = data.activities
    october = a[a["scheduled_at"].dt.strftime("%Y-%m") == "2026-10"]
    assert sorted(october["activity_id"]) == ["A", "B", "C"]
    assert october.set_index("activity_id")["completed"].astype(bool).to_dict() == {"A": True, "B": False, "C": True}
    assert K.compute(data, ["meetings"], period="M").set_index("period")["value"].loc["2026-10"] == 2
    assert report.accounting()["rows_rejected"].sum() == 0 and report.accounting()["reconciles"].all()


def test_a_report_printed_to_text_is_read_by_the_rule_under_its_header(tmp_path):
    # an ERP's listing: a title block, a header with a rule of dashes, a description wrapped onto a second line,
    # a running total and a new page with its title and header again. By hand: 3 deals, K1 won (6.560,00) and
    # K3 won (24.100,00) in October: revenue 30,660; K2 lost; the total lines and page headers are no deals
    head = ["Van Dijk B.V.                 VERKOOPKANSEN OVERZICHT                Pagina:    1",
            "Rapport: CRM210R  Gebruiker: ADMINISTRATOR                           Datum: 01-11-26",
            "",
            "Nummer   Omschrijving         Status     Aangemaakt Sluitdatum      Bedrag EUR",
            "-------- -------------------- --------- ---------- ---------- ---------------"]
    rows = head + ["K2500001 Uitbreiding meet- en  Gewonnen  02-09-26   14-10-26          6.560,00",
                   "         regeltechniek",
                   "K2500002 Nieuwbouw            Verloren  05-09-26   15-10-26          3.500,95",
                   "                                                            ---------------",
                   "                               Transporteren                     10.060,95",
                   "\f" + head[0].replace("1", "2"), *head[1:],
                   "                               Transport                         10.060,95",
                   "K2500003 Onderhoudscontract   Gewonnen  08-09-26   16-10-26         24.100,00"]
    text, data, report = _drafted(tmp_path / "erp", "VERKOOPKANSEN_OVZ_20261101.TXT", rows)
    o = data.opportunities.set_index("opportunity_id")
    assert o.index.tolist() == ["K2500001", "K2500002", "K2500003"]
    assert o.loc["K2500001", "status"] == "won" and o.loc["K2500002", "status"] == "lost"
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"].loc["2026-10"] == 30660.0
    assert report.accounting()["reconciles"].all()


def test_a_data_teams_parquet_deals_and_gzipped_activities_are_read(tmp_path):
    import decimal
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    # a warehouse extract: deals as Parquet (amounts as decimals, times in UTC, a soft-deleted row) and the
    # activities as a gzipped CSV in PostgreSQL's dialect ("+00" offsets, t / f) whose "activity_id" and
    # "duration_min" are canonical names beside its own "activity_type" and "due_at". By hand: October's revenue
    # 1,250.50 (deal 2 is deleted), one call and one meeting held (the second call is not done)
    folder = tmp_path / "dwh"
    folder.mkdir()
    utc = pa.timestamp("us", tz="UTC")
    deals = pa.table({
        "deal_id": pa.array([1, 2, 3]), "status": pa.array(["won", "won", "open"]),
        "amount": pa.array([decimal.Decimal("1250.50"), decimal.Decimal("99.00"), decimal.Decimal("10.00")],
                           pa.decimal128(12, 2)),
        "created_at": pa.array([pd.Timestamp("2026-09-14 10:00", tz="UTC")] * 3, utc),
        "closed_at": pa.array([pd.Timestamp("2026-10-14 10:00", tz="UTC"), pd.Timestamp("2026-10-15 10:00", tz="UTC"),
                               None], utc),
        "is_deleted": pa.array([False, True, False])})
    pq.write_table(deals, folder / "deals_extract_20261101.parquet")
    rows = ["activity_id,deal_id,activity_type,subject,due_at,duration_min,done",
            "900001,1,call,Check-in,2026-10-14 08:15:00+00,15,t",
            "900002,1,meeting,Kick-off,2026-10-15 06:15:00+00,60,t",
            "900003,3,call,Follow-up,2026-10-16 12:15:00+00,0,f"]
    (folder / "activities_20261101.csv.gz").write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    assert _init(str(folder)).exit_code == 0
    data, _ = load_client(folder / "client.yml", cache=False)
    v = K.compute(data, ["new_revenue", "calls", "meetings"], period="M").set_index(["kpi", "period"])["value"]
    assert v.loc[("new_revenue", "2026-10")] == 1250.5
    assert v.loc[("calls", "2026-10")] == 1 and v.loc[("meetings", "2026-10")] == 1


def test_a_field_teams_check_ins_and_visits_are_dated_and_held_as_the_export_says(tmp_path):
    # Badger Maps: "Check-In Date" and its time apart, US dates, a "Drop-in" (a visit), a row without a type; the
    # name's "…_to_11-01-2026" is 1 November, as the file's dates are month first (read 11 January, every later
    # check-in was a plan). By hand October: visits 2 (a visit and a drop-in), calls 1
    rows = ["Account,Account ID,Check-In Date,Check-In Time,Type,Rep,Notes",
            "Acme,1,10/14/2026,2:05 PM,Visit,Ann Lee,ok", "Bolt,2,10/15/2026,9:10 AM,Drop-in,Ann Lee,",
            "Core,3,10/16/2026,11:00 AM,Phone Call,Bo Ray,", "Dyna,4,10/17/2026,11:30 AM,,Bo Ray,",
            "Acme,1,9/14/2026,2:05 PM,Visit,Ann Lee,"]
    _, data, _ = _drafted(tmp_path / "badger", "Badger_CheckIns_01-01-2025_to_11-01-2026.csv", rows)
    v = K.compute(data, ["visits", "calls"], period="M").set_index(["kpi", "period"])["value"]
    assert v.loc[("visits", "2026-10")] == 2 and v.loc[("calls", "2026-10")] == 1
    # Repsly: "Scheduled" says whether a visit was planned ahead, "Visit status" whether it took place
    rows = ["Visit ID,Representative,Place,Date,Check-in time,Duration,Scheduled,Visit status",
            "1,Ann Lee,Shop A,14/10/2026,09:15,00:20,True,Completed", "2,Ann Lee,Shop B,15/10/2026,,,True,Missed",
            "3,Bo Ray,Shop C,16/10/2026,10:00,00:30,False,Completed", "4,Bo Ray,Shop D,17/10/2026,,,True,Canceled"]
    _, data, _ = _drafted(tmp_path / "repsly", "Visits_01-01-2025_01-11-2026.csv", rows)
    assert K.compute(data, ["visits"], period="M").set_index("period")["value"].loc["2026-10"] == 2


def test_boards_and_sheets_of_no_code_tools_read_as_deals(tmp_path):
    import datetime as dt

    # monday.com: each item's subitems under a header of their own, one column to the right. By hand: 3 deals,
    # won 9,000 in October (A); the subitems' dates and ids are no deals
    d = dt.datetime(2026, 10, 14)
    head = ["Name", "Subitems", "Owner", "Status", "Deal Value", "Close Date", "Creation log",
            "Item ID (auto generated)"]
    rows = [["Deals"], [], ["Won"], head,
            ["A", "Demo", "Mira Schulz", "Won", 9000, d, "Lena Hoffmann Oct 1, 2026 9:15 AM", 1801],
            ["Subitems", "Name", "Owner", "Status", "Date", "Item ID (auto generated)"],
            [None, "Demo", "Mira Schulz", "Done", d, 1901], [None, "Proposal", "Mira Schulz", "Done", d, 1902],
            ["B", None, "Jonas Richter", "Lost", 5000, d, "Lena Hoffmann Oct 2, 2026 9:15 AM", 1802],
            [], ["Active"], head,
            ["C", None, "Jonas Richter", "Proposal", 7000, dt.datetime(2026, 12, 1),
             "Lena Hoffmann Oct 3, 2026 9:15 AM", 1803]]
    _workbook(tmp_path / "monday", "Deals_1793520000.xlsx", {"Deals": rows})
    assert _init(str(tmp_path / "monday")).exit_code == 0
    data, _ = load_client(tmp_path / "monday" / "client.yml", cache=False)
    assert sorted(data.opportunities["opportunity_id"]) == ["1801", "1802", "1803"]
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"].loc["2026-10"] == 9000.0
    # Notion: the view it was exported from beside "…_all.csv", every record: the view is not read again
    view = ["Name,Stage,Value,Created time", "A,Won,\"€1,000.00\",\"October 1, 2026 9:15 AM\""]
    every = view + ["B,Lost,\"€2,000.00\",\"October 2, 2026 9:15 AM\""]
    data, _ = _folder_of(tmp_path / "notion", {"Sales Pipeline 1a2b.csv": view, "Sales Pipeline 1a2b_all.csv": every})
    assert data.opportunities["status"].tolist() == ["won", "lost"]
    # Smartsheet: a region's row above its deals holds their sum and no stage, account or owner; the deals' names
    # repeat ("Pilot"), and Dynamics' name for a deal's id ("Opportunity") is no id here. By hand: 2 open deals,
    # 3,000 + 4,000 = 7,000 open, not 14,000
    rows = ["Opportunity,Account,Sales Rep,Stage,Won/Lost,Amount,Close Date,Created",
            "East,,,,,7000,,2025-03-10 09:02", "Pilot,Acme,Ann Lee,3 - Proposal,,3000,2026-12-01,2026-09-14 10:00",
            "Pilot,Bolt,Bo Ray,2 - Qualification,,4000,2026-12-02,2026-09-15 10:00",
            "Renewal,Core,Bo Ray,5 - Closed,Won,5000,2026-10-14,2026-09-16 10:00",
            "Renewal,Dyna,Ann Lee,5 - Closed,Lost,6000,2026-10-15,2026-09-17 10:00",
            "Upsell,Eon,Ann Lee,1 - Prospecting,,1000,2026-12-03,2026-09-18 10:00",
            "Upsell,Fox,Bo Ray,1 - Prospecting,,1000,2026-12-04,2026-09-19 10:00",
            "Pilot,Gem,Ann Lee,1 - Prospecting,,1000,2026-12-05,2026-09-20 10:00",
            "Upsell,Hub,Bo Ray,1 - Prospecting,,1000,2026-12-06,2026-09-21 10:00",
            "Pilot,Ion,Ann Lee,1 - Prospecting,,1000,2026-12-07,2026-09-22 10:00",
            "Renewal,Jet,Bo Ray,1 - Prospecting,,1000,2026-12-08,2026-09-23 10:00"]
    _, data, report = _drafted(tmp_path / "smartsheet", "Sales Pipeline FY26.csv", rows)
    o = data.opportunities
    assert len(o) == 10 and report.accounting()["rows_rejected"].sum() == 0
    open_ = K.compute(data, ["open_pipeline_value"], period="M").set_index("period")["value"]
    assert open_.loc["2026-10"] == 3000 + 4000 + 6 * 1000


def test_the_sales_side_of_erp_and_accounting_tools_reads_won_lost_and_when(tmp_path):
    def rev(data) -> tuple[float, float, float]:
        v = K.compute(data, ["new_revenue", "deals_won", "deals_lost"], period="M").set_index(["kpi", "period"])
        return tuple(float(v["value"].loc[(k, "2026-10")]) for k in ("new_revenue", "deals_won", "deals_lost"))

    # Exact Online's quotes: a row per version, the older ones "Herzien" (replaced); "Geweigerd" and "Vervallen"
    # are lost. By hand October: Q1's latest version won 2,000 (not its first, 1,500); Q2 refused, Q3 run out
    rows = ["Offertenummer;Versie;Relatie;Status;Offertedatum;Sluitingsdatum;Bedrag excl. btw;Valuta;Aangemaakt",
            "1;1;A;Herzien;01-09-2026;14-10-2026;1.500,00;EUR;01-09-2026", "1;2;A;Geaccepteerd;05-09-2026;14-10-2026;"
            "2.000,00;EUR;05-09-2026", "2;1;B;Geweigerd;02-09-2026;15-10-2026;900,00;EUR;02-09-2026",
            "3;1;C;Vervallen;03-09-2026;16-10-2026;800,00;EUR;03-09-2026",
            "4;1;D;Open;04-09-2026;16-12-2026;700,00;EUR;04-09-2026"]
    _, data, _ = _drafted(tmp_path / "exact", "Offertes.csv", rows)
    assert rev(data) == (2000.0, 1.0, 2.0)
    # Business Central in German: "Abschlussdatum" is the actual closing beside "Geschätztes Abschlussdatum"
    rows = ["Nr.;Beschreibung;Status;Erstellungsdatum;Geschätztes Abschlussdatum;Abschlussdatum;Geschätzter Wert (MW)",
            "VC1;A;Gewonnen;14.09.2026;30.11.2026;14.10.2026;5000",
            "VC2;B;Verloren;15.09.2026;01.12.2026;15.10.2026;600",
            "VC3;C;In Bearbeitung;16.09.2026;17.10.2026;;700"]
    _, data, _ = _drafted(tmp_path / "bc", "Verkaufschancen.csv", rows)
    assert rev(data) == (5000.0, 1.0, 1.0)
    # e-conomic: "Dato" is the quote's date, "Status ændret" when it was accepted or refused; "Beløb i DKK" is every
    # quote in kroner beside "Beløb" in its own currency; "Arkiveret" put away is lost
    rows = ["Nummer;Dato;Kunde;Valuta;Beløb;Beløb i DKK;Status;Status ændret;Sælger",
            "1;14-09-2026;A;EUR;1.000,00;7.460,00;Accepteret;14-10-2026;Ole", "2;15-09-2026;B;DKK;500,00;500,00;Afvist;"
            "15-10-2026;Ole", "3;16-09-2026;C;DKK;300,00;300,00;Arkiveret;16-10-2026;Ole",
            "4;17-09-2026;D;DKK;200,00;200,00;Åben;;Ole"]
    _, data, _ = _drafted(tmp_path / "economic", "Tilbud.csv", rows)
    assert rev(data) == (7460.0, 1.0, 2.0)
    assert data.opportunities["created_at"].dt.strftime("%Y-%m-%d").tolist()[0] == "2026-09-14"
    # Sage 50's quotes: "Date", "Net" beside "VAT" and "Gross", "Date Status Changed", "Expiry Date" (the plan)
    rows = ["Quote No.,Date,A/C,Name,Net,VAT,Gross,Status,Date Status Changed,Expiry Date",
            "1,14/09/2026,A1,Acme,100.00,20.00,120.00,Won,14/10/2026,30/10/2026",
            "2,15/09/2026,B1,Bolt,200.00,40.00,240.00,Lost,15/10/2026,30/10/2026",
            "3,16/09/2026,C1,Core,300.00,60.00,360.00,Open,,30/11/2026"]
    _, data, _ = _drafted(tmp_path / "sage", "Quotations.csv", rows)
    assert rev(data) == (100.0, 1.0, 1.0)
    # AFAS: "Nummer" repeated where a deal is split between two employees (a copy, not a deal), "Datum resultaat"
    # the day it was won or lost beside "Verwachte datum"
    rows = ["Nummer;Omschrijving;Fase;Verwachte omzet;Verwachte datum;Resultaat;Datum resultaat;Medewerker;"
            "Percentage;Datum aanmaak", "2401;A;3 - Offerte;16000;30-11-2026;Gewonnen;14-10-2026;Jeroen;60;14-09-2026",
            "2401;A;3 - Offerte;16000;30-11-2026;Gewonnen;14-10-2026;Linda;40;14-09-2026",
            "2402;B;1 - Suspect;900;01-12-2026;Verloren;15-10-2026;Linda;100;15-09-2026",
            "2403;C;1 - Suspect;800;02-12-2026;Open;;Linda;100;16-09-2026"]
    _, data, _ = _drafted(tmp_path / "afas", "Verkoopkansen.csv", rows)
    assert rev(data) == (16000.0, 1.0, 1.0)


def test_a_deal_of_an_earlier_download_that_the_newest_lacks_was_deleted(tmp_path):
    # the pipeline downloaded at the end of September and of October: the October file holds 9 of September's 10
    # deals (90 %) and one new one; deal 10 (open, 5,000) was deleted in between. Open pipeline: deals 8, 9 and
    # 11 at 1,000 each = 3,000, not 8,000
    head = "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Deal created,Deal - Won time"
    sep = [head] + [f"{i},D{i},1000,EUR,won,2026-08-0{i} 10:00:00,2026-09-1{i} 10:00:00" for i in range(1, 8)] + \
        ["8,D8,1000,EUR,open,2026-09-01 10:00:00,", "9,D9,1000,EUR,open,2026-09-02 10:00:00,",
         "10,D10,5000,EUR,open,2026-09-03 10:00:00,"]
    octo = sep[:-1] + ["11,D11,1000,EUR,open,2026-10-05 10:00:00,"]
    data, report = _folder_of(tmp_path / "pd", {"deals-export-2026-09-30.csv": sep,
                                                "deals-export-2026-10-31.csv": octo})
    assert sorted(data.opportunities["opportunity_id"].astype(int)) == [*range(1, 10), 11]
    o = data.opportunities
    assert o.loc[o["status"] == "open", "amount"].sum() == 3000
    # 20 rows read: 10 October rows kept, 9 older copies and 1 deleted deal left out
    assert report.totals()["rows_kept"] == 10 and report.totals()["rows_excluded"] == 10


def test_deals_of_a_later_crm_are_not_plans_beside_an_earlier_crms_last_change(tmp_path):
    # a client moved from Pipedrive (exported 31 March, with each deal's last change) to HubSpot (exported 1
    # November, no last change): HubSpot's deal won on 14 October is October's revenue (4,000), not a plan
    pipedrive = ["Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Deal created,"
                 "Deal - Update time,Deal - Won time",
                 "1,A,1000,EUR,won,2026-01-05 10:00:00,2026-02-01 10:00:00,2026-02-01 10:00:00",
                 "2,B,2000,EUR,won,2026-01-06 10:00:00,2026-03-31 10:00:00,2026-03-31 10:00:00"]
    hubspot = ["Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date",
               "901,C,Closed won,4000,2026-10-14 10:00,2026-09-01 10:00",
               "902,D,Appointment scheduled,3000,2026-12-01 10:00,2026-10-30 10:00"]
    data, _ = _folder_of(tmp_path / "sw", {"deals-export-2026-03-31.csv": pipedrive,
                                           "hubspot-crm-exports-all-deals-2026-11-01.csv": hubspot})
    v = K.compute(data, ["new_revenue"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("new_revenue", "2026-10")] == 4000


def test_zendesks_satisfaction_as_its_api_writes_it(tmp_path):
    # "GoodWithComment" is "Good with comment": Good; "Offered" a survey not answered. Satisfied 2 of 3 rated
    rows = ["Id,Subject,Status,Priority,Via,Created at,Solved at,Satisfaction Score",
            "1,a,Closed,Normal,Mail,2026-10-01 09:00:00,2026-10-01 12:00:00,GoodWithComment",
            "2,b,Closed,Normal,Mail,2026-10-02 09:00:00,2026-10-02 12:00:00,BadWithComment",
            "3,c,Closed,Normal,Mail,2026-10-03 09:00:00,2026-10-03 12:00:00,Good",
            "4,d,Closed,Normal,Mail,2026-10-04 09:00:00,2026-10-04 12:00:00,Offered"]
    _, data, _ = _drafted(tmp_path / "zd", "export-2026-11-01-0900-10483726.csv", rows)
    assert data.cases["csat"].tolist()[:3] == [5, 1, 5] and pd.isna(data.cases["csat"].iloc[3])


def test_a_bi_tools_summary_is_refused_with_the_reason(tmp_path):
    # Power BI's "summarized data": a row per month and status with "Sum of Amount" and "Count of Opportunity ID";
    # read as deals, its rows of sums were deals
    rows = ["Year,Month,Status,Sum of Amount,Count of Opportunity ID",
            ",,Open,8618581.81,412"] + [f"2026,{m},{s},{1000 * i},{i}" for i, (m, s) in enumerate(
                [(m, s) for m in ("August", "September", "October") for s in ("Won", "Lost")], start=1)]
    (tmp_path / "data.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = _init(str(tmp_path))
    assert res.exit_code != 0 and "summary table, not records" in res.output and "Sum of Amount" in res.output


def test_a_metabase_question_names_a_joined_column_by_its_relation(tmp_path):
    # Metabase writes a joined table's column as "Assignee → Name": Zendesk's assignee, its channel and its rating
    rows = ["ID,Created At,Solved At,Status,Subject,Assignee → Name,Via → Channel,Satisfaction Rating → Score,Priority",
            "1,2026-10-03T14:05:00+02:00,2026-10-03T18:05:00+02:00,solved,a,Anna Berg,web,good,normal",
            "2,2026-10-04T09:00:00+02:00,2026-10-05T09:00:00+02:00,closed,b,Jan Vos,email,bad,high",
            "3,2026-10-05T09:00:00+02:00,,open,c,Anna Berg,web,offered,normal"]
    _, data, _ = _drafted(tmp_path / "mb", "Support Tickets_2026-11-01T08_00_41.318Z.csv", rows)
    assert data.cases["csat"].tolist()[:2] == [5, 1] and pd.isna(data.cases["csat"].iloc[2])
    assert data.cases["channel"].tolist() == ["web", "email", "web"]
    assert data.cases["agent_id"].notna().all() and data.cases["agent_id"].nunique() == 2


def test_hubspot_deals_won_on_the_day_they_entered_their_won_stage(tmp_path):
    # HubSpot's Close Date is the date a rep expected; 'Date entered "Closed Won (…)"' is when the deal was won, per
    # pipeline. Deal 1 won on 12 October (Close Date 30 September), deal 2 in the Renewals pipeline on 20 October
    # (Close Date 1 December), deal 3 lost on 5 October: October 4,000 + 1,500 = 5,500 won, win rate 2 / 3
    rows = ['Record ID,Deal Name,Deal Stage,Close Date,Amount,Pipeline,Create Date,'
            'Date entered "Closed Won (Sales Pipeline)",Date entered "Closed Lost (Sales Pipeline)",'
            'Date entered "Closed Won (Renewals)"',
            "1,A,Closed Won,2026-09-30 02:00,4000,Sales Pipeline,2026-08-01 10:00,2026-10-12 09:00,,",
            "2,B,Closed Won,2026-12-01 01:00,1500,Renewals,2026-08-02 10:00,,,2026-10-20 11:00",
            "3,C,Closed Lost,2026-11-30 01:00,2500,Sales Pipeline,2026-08-03 10:00,,2026-10-05 15:00,",
            "4,D,Appointment Scheduled,2026-11-30 01:00,900,Sales Pipeline,2026-10-30 10:00,,,"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-all-deals-2026-11-01.csv", rows)
    v = K.compute(data, ["new_revenue", "win_rate"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("new_revenue", "2026-10")] == 5500 and v[("win_rate", "2026-10")] == pytest.approx(2 / 3)


def _zoho_deals_and_history(folder: Path, entered: list[str], planned: str = "2026-11-15") -> tuple:
    """Zoho's won deals with the Closing Date *planned* beside their stage history, each entering Closed Won on
    *entered*: (data, report)."""
    n = len(entered)
    deals = ["Record Id,Deal Owner,Deal Name,Amount,Closing Date,Stage,Created Time,Modified Time"] + [
        f"zcrm_{i},Anna,D{i},1000,{planned},Closed Won,2026-08-01 10:00:00,2026-10-30 10:00:00" for i in range(n)]
    history = ["Record Id,Deal Name,Deal Name.id,Stage,Amount,Probability (%),Closing Date,Modified Time,Moved To"]
    for i, day in enumerate(entered):
        history += [f"zcrm_h{i}a,D{i},zcrm_{i},Qualification,1000,10,{planned},2026-08-01 10:00:00,Closed Won",
                    f"zcrm_h{i}b,D{i},zcrm_{i},Closed Won,1000,100,{planned},{day} 16:00:00,"]
    return _folder_of(folder, {"Deals_001.csv": deals, "Stage_History_001.csv": history})


def test_zohos_stage_history_dates_its_won_deals_and_is_no_file_of_deals(tmp_path):
    # two deals planned for 15 November entered Closed Won on 20 and 21 October: October's deals; the history's
    # four rows are changes, not four more deals
    data, _ = _zoho_deals_and_history(tmp_path / "z", ["2026-10-20", "2026-10-21"])
    assert len(data.opportunities) == 2 and len(data.table("opportunity_history")) == 4
    assert data.opportunities["close_date"].tolist() == [pd.Timestamp("2026-10-20"), pd.Timestamp("2026-10-21")]


def test_a_stage_history_written_by_a_load_dates_nothing(tmp_path):
    # twelve won deals whose history says each entered Closed Won on 3 September (the day the deals were loaded):
    # their close dates stay the export's own, 15 October
    data, _ = _zoho_deals_and_history(tmp_path / "z", ["2026-09-03"] * 12, planned="2026-10-15")
    assert (data.opportunities["close_date"] == pd.Timestamp("2026-10-15")).all()


def test_a_call_log_without_ratings_or_statuses_has_a_baseline_of_what_it_says(tmp_path):
    # 3CX's log says of each call whether it was answered and how long it lasted, nothing of a rating or a status:
    # its baseline is of those. July 1 of 2 answered, August 2 of 2, September 1 of 2: median share 0.5
    rows = ["Gespreks-ID,Datum,Van,Naar,Status,Gesprekstijd"]
    for i, (day, status) in enumerate([("01-07-2026", "Beantwoord"), ("02-07-2026", "Niet beantwoord"),
                                       ("03-08-2026", "Beantwoord"), ("04-08-2026", "Beantwoord"),
                                       ("03-09-2026", "Beantwoord"), ("04-09-2026", "Niet beantwoord"),
                                       ("03-10-2026", "Beantwoord")]):
        rows.append(f"{i:04d},{day} 10:00:00,0101968034,Wachtrij (801),{status},"
                    f"{'00:10:00' if status == 'Beantwoord' else '00:00:00'}")
    _, data, _ = _drafted(tmp_path / "3cx", "CallLogs_01-07-2026_31-10-2026.csv", rows)
    from crmanalysis.analyses import baseline as BL
    from crmanalysis.analyses import headline as H

    base = BL.baseline(data, BL.specs_for(None, data=data), baseline_date="2026-10-01")
    company = base[base["level"] == "company"].set_index("kpi")["median"]
    assert company["answered_share"] == pytest.approx(0.5)
    assert "resolved_share" not in company.index and "csat_mean" not in company.index
    # the month's rates to check against the CRM: the answered share, no resolved share of a log without statuses
    checks = H.headline(data, "2026-10").set_index("kpi")["value"]
    assert checks["answered_share"] == pytest.approx(1.0) and "resolved_share" not in checks.index


def test_odoo_helpdesk_tickets_in_dutch_with_cancelled_ones_and_smileys(tmp_path):
    # Odoo's helpdesk: the stage ("Fase") is the status, "Klantbeoordeling" its three smileys. Ticket 3 was cancelled
    # on 9 October: opened, not resolved, and waiting for nobody. October: 2 closed (tickets 1, 2), satisfied 1 of 2
    rows = ["Ticket-ID,Onderwerp,Toegewezen aan,Fase,Aangemaakt op,Sluitingsdatum,Klantbeoordeling",
            "1,a,Anna,Opgelost,2026-10-01 09:00:00,2026-10-02 09:00:00,Tevreden",
            "2,b,Anna,Opgelost,2026-10-03 09:00:00,2026-10-03 15:00:00,Oké",
            "3,c,Jan,Geannuleerd,2026-10-05 09:00:00,2026-10-09 09:00:00,",
            "4,d,Jan,In behandeling,2026-10-06 09:00:00,,"]
    _, data, _ = _drafted(tmp_path / "odoo", "helpdesk.ticket.csv", rows)
    v = K.compute(data, ["cases_closed", "cases_opened", "csat_satisfied_share"],
                  period="M").set_index(["kpi", "period"])["value"]
    assert v[("cases_closed", "2026-10")] == 2 and v[("cases_opened", "2026-10")] == 4
    assert v[("csat_satisfied_share", "2026-10")] == pytest.approx(0.5)
    from crmanalysis.analyses.headline import open_cases

    open_, _ = open_cases(data.cases, pd.Timestamp("2026-10-31 23:59"))
    assert data.cases.loc[open_, "case_id"].tolist() == ["4"]


def test_dynamics_cases_resolved_at_their_last_change(tmp_path):
    # Dynamics 365's cases export no resolution date: a "Gelöst" case was resolved at its last change ("Geändert
    # am"); an active case's last change is no closing. Resolved in October: case 1 after 26 hours
    rows = ["Fallnummer,Titel,Priorität,Ursprung,Kunde,Status,Statusgrund,Besitzer,Erstellt am,Geändert am",
            "CAS-1,a,Normal,Telefon,Kägi AG,Gelöst,Problem gelöst,Anna,01.10.2026 08:00,02.10.2026 10:00",
            "CAS-2,b,Hoch,E-Mail,Huber AG,Aktiv,In Bearbeitung,Anna,03.10.2026 08:00,14.10.2026 10:00"]
    text, data, _ = _drafted(tmp_path / "dyn", "Alle Fälle 01.11.2026 09-00-12.csv", rows)
    assert data.cases["closed_at"].isna().tolist() == [False, True]
    v = K.compute(data, ["time_to_resolution_hours"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("time_to_resolution_hours", "2026-10")] == pytest.approx(26)


def test_a_grouped_reports_group_without_a_value_and_danish_task_words(tmp_path):
    # Salesforce's Danish activities report, grouped by task type: the group of tasks without a type is named "-"
    # and every group's name stands on its first row only. Calls in October: 2, one "Fuldført" (done) with 120 s
    rows = [["Aktiviteter"], [], ["Opgavetype ↑", "Emne", "Forfaldsdato", "Status", "Tildelt",
                                   "Opkaldsvarighed i sekunder"],
            ["-", "Huskeliste", "02-10-2026", "Fuldført", "Maja Dahl", None],
            [None, "Opfølgning", "03-10-2026", "Fuldført", "Maja Dahl", None],
            ["Subtotal", "Antal: 2"],
            ["Opkald", "Ring tilbage", "05-10-2026", "Fuldført", "Signe Bach", 120],
            [None, "Kold kanvas", "06-10-2026", "Ikke startet", "Signe Bach", None],
            ["Subtotal", "Antal: 2"], ["Total", "Antal: 4"]]
    _workbook(tmp_path / "sf", "report1793520003417.xlsx", {"Rapport": rows})
    assert _init(str(tmp_path / "sf")).exit_code == 0
    data, _ = load_client(tmp_path / "sf" / "client.yml", cache=False)
    a = data.activities
    assert a["type"].tolist() == ["other", "other", "call", "call"]
    assert a["completed"].tolist() == [True, True, True, False] and a["duration_min"].iloc[2] == pytest.approx(2)


def test_hubspots_danish_call_outcomes(tmp_path):
    # HubSpot's calls in Danish: "Opkaldsresultat" Forbundet is a call held; a voicemail left ("Efterladt
    # talebesked", "Efterladt besked live") or no answer is not. Held in October: 1 of 4
    rows = ["Post-ID,Opkaldstitel,Aktivitetsdato,Aktivitet tildelt til,Opkaldsretning,Opkaldsresultat,Opkaldsvarighed",
            "1,a,2026-10-01 10:00,Maja Dahl,Udgående,Forbundet,143716",
            "2,b,2026-10-02 10:00,Maja Dahl,Udgående,Efterladt talebesked,30000",
            "3,c,2026-10-03 10:00,Jonas Friis,Udgående,Intet svar,0",
            "4,d,2026-10-04 10:00,Jonas Friis,Udgående,Efterladt besked live,20000"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-opkald-2026-11-01.csv", rows)
    assert data.activities["completed"].tolist() == [True, False, False, False]


def test_a_pick_lists_word_for_no_value_is_no_segment(tmp_path):
    # Zoho writes "-None-" in an empty pick list: it was ranked as a lead source of its own
    rows = ["Record Id,Deal Owner,Deal Name,Amount,Closing Date,Stage,Lead Source,Created Time,Modified Time",
            "zcrm_1,Anna,A,1000,2026-10-05,Closed Won,Advertisement,2026-08-01 10:00:00,2026-10-05 10:00:00",
            "zcrm_2,Anna,B,2000,2026-10-06,Closed Won,-None-,2026-08-02 10:00:00,2026-10-06 10:00:00"]
    _, data, report = _drafted(tmp_path / "z", "Deals_001.csv", rows)
    assert data.opportunities["lead_source"].tolist()[0] == "Advertisement"
    assert pd.isna(data.opportunities["lead_source"].iloc[1])
    assert any("-None-" in i["message"] for i in report.issues)


def test_a_tsv_is_tab_separated_whatever_its_descriptions_hold(tmp_path):
    # a help desk's .tsv whose descriptions hold commas and line breaks inside quotes: sniffed, the comma was the
    # delimiter and line 5 the header. Three tickets opened in October, two solved
    rows = ["Case ID\tSubject\tDescription\tStatus\tCreated at\tSolved at",
            '1\tRefund\t"Hi,\nplease refund, it was returned.\nThanks, Jonas"\tclosed\t2026-10-01T09:00:00\t'
            '2026-10-02T09:00:00',
            '2\tDamaged\t"Box was crushed, see photo.\r\nGlass vase broken."\tclosed\t2026-10-03T09:00:00\t'
            '2026-10-03T15:00:00',
            '3\tAddress\t"Please change it to:\nKeizersgracht 12, Amsterdam"\topen\t2026-10-04T09:00:00\t']
    _, data, report = _drafted(tmp_path / "tsv", "cases_export_2026-11-01.tsv", rows)
    assert data.cases["case_id"].tolist() == ["1", "2", "3"]
    assert data.cases["closed_at"].notna().tolist() == [True, True, False]


def test_a_form_exports_empty_post_id_is_no_id(tmp_path):
    # a web form's "Post Id" is empty in every entry: as the id it had every lead rejected; each entry is a lead
    rows = ["Name,Email,Status,Entry Date,Post Id,How did you hear about us?",
            "Ann,ann@example.com,Won,2026-10-01 10:00:00,,Trade show",
            "Bo,bo@example.com,Contacted,2026-10-02 10:00:00,,Google",
            "Cy,cy@example.com,Lost,2026-10-03 10:00:00,,Google"]
    _, data, report = _drafted(tmp_path / "form", "request-a-quote-2026-11-01.csv", rows)
    assert len(data.leads) == 3 and int(report.accounting()["rows_rejected"].sum()) == 0


def test_a_booking_tools_appointments_are_meetings(tmp_path):
    # Microsoft Bookings: "Event Type" (Created, Rescheduled) is the booking's event, no kind of activity, and "Text
    # Notifications Enabled" no done flag: read so, there was no meeting and every unnotified one was "not held"
    rows = ["Date & Time\tCustomer Name\tStaff\tService\tDuration (minutes)\tEvent Type\tText Notifications Enabled"
            "\tBooking ID",
            "10/15/2026 2:30 PM\tJeroen\tJulia Claes\tDemo\t30\tCreated\tTrue\tb1",
            "10/16/2026 9:00 AM\tMila\tNoah de Jong\tDemo\t60\tRescheduled\tFalse\tb2",
            "10/17/2026 11:00 AM\tDirk\tJulia Claes\tIntake\t30\tCreated\tFalse\tb3"]
    _, data, _ = _drafted(tmp_path / "bk", "BookingsReportingData.tsv", rows)
    assert (data.activities["type"] == "meeting").all() and data.activities["completed"].isna().all()
    v = K.compute(data, ["meetings"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("meetings", "2026-10")] == 3


def test_a_cancelled_issue_with_a_resolution_time_is_resolved(tmp_path):
    # Jira sets "Resolved" on the issues it cancels (resolution "Won't Do") and counts them resolved: October closed
    # 2 issues (SD-1, SD-2), where a cancelled case with a closing time only (Odoo's) is no case closed
    rows = ["Issue key,Summary,Status,Resolution,Assignee,Created,Resolved",
            "SD-1,a,Resolved,Done,Anna,2026-10-01 09:00,2026-10-02 09:00",
            "SD-2,b,Canceled,Won't Do,Anna,2026-10-03 09:00,2026-10-03 11:00",
            "SD-3,c,In Progress,,Jan,2026-10-04 09:00,"]
    _, data, _ = _drafted(tmp_path / "jira", "Jira.csv", rows)
    v = K.compute(data, ["cases_closed"], period="M").set_index(["kpi", "period"])["value"]
    assert v[("cases_closed", "2026-10")] == 2


def test_a_salesforce_data_exports_events_are_meetings_and_its_deleted_flag_is_no_done_status(tmp_path):
    # Event.csv beside Task.csv: "IsDeleted" (false on every kept row) was read as the activities' done status,
    # every event and task not held; an event whose "Type" is blank is "EventSubtype" Event, a meeting, and was
    # other. October 2026: 2 meetings (one with Type Meeting, one with only its subtype) and 1 call held; the deleted
    # event is none
    head = '"Id","Subject","StartDateTime","Type","IsDeleted","CreatedDate","OwnerId","EventSubtype"'
    events = [head,
              '"00U1","QBR","2026-10-14T15:00:00.000Z","Meeting","false","2026-10-01T15:00:00.000Z","0051","Event"',
              '"00U2","Demo","2026-10-15T15:00:00.000Z","","false","2026-10-01T15:00:00.000Z","0051","Event"',
              '"00U3","Old","2026-10-16T15:00:00.000Z","","true","2026-10-01T15:00:00.000Z","0051","Event"']
    head = ('"Id","Subject","ActivityDate","Status","OwnerId","IsDeleted","IsClosed","CreatedDate","CallDisposition",'
            '"TaskSubtype"')
    tasks = [head, '"00T1","Call","2026-10-14","Completed","0051","false","true","2026-10-14T15:00:00.000Z",'
                   '"Connected","Call"',
             '"00T2","Call","2026-10-20","Open","0051","false","false","2026-10-14T15:00:00.000Z","","Call"']
    data, _ = _folder_of(tmp_path / "sf", {"Event.csv": events, "Task.csv": tasks})
    got = _october(data, ["meetings", "calls"])
    assert got["meetings"] == 2 and got["calls"] == 1, got


def test_a_hand_kept_trackers_row_pasted_twice_is_counted_once(tmp_path):
    # a Google Sheet of deals without ids: a won deal of October pasted twice counted twice (8 won for 7). October
    # 2026: won 5,000 + 2,500 = 7,500 in 2 deals; the copy of the first is left out and said; the two short rows
    # of a date and an amount alone are no copies (two such rows may be two records)
    rows = ["Deal,Company,Owner,Stage,Value ($),Created,Closed,Source",
            'Alpha,Acme,Jen,Closed Won,"$5,000",9/14/2026,10/14/2026,Referral',
            'Beta,Hooli,Sam,Closed Won,"$2,500",9/15/2026,10/15/2026,Web',
            'Alpha,Acme,Jen,Closed Won,"$5,000",9/14/2026,10/14/2026,Referral',
            'Gamma,Initech,Sam,Proposal,"$1,000",9/16/2026,,Web']
    _, data, report = _drafted(tmp_path / "gs", "Sales Tracker 2026 - Deals.csv", rows)
    got = _october(data, ["new_revenue", "deals_won"])
    assert got["new_revenue"] == 7500 and got["deals_won"] == 2, got
    said = [i for i in report.issues if i["message"].startswith("1 row repeats an earlier row of Sales Tracker")]
    assert len(said) == 1 and said[0]["rows"] == [4], report.issues     # the copy is the file's 4th line
    # rows in = kept + rejected + excluded: 4 = 3 + 0 + 1
    assert len(data.opportunities) == 3
    # a rep's two calls to one customer on one day, logged by the day, are two calls, not a copy
    rows = ["Datum,Type,Verkoper,Klant,Gedaan,Notitie",
            "14-10-2026,Bellen,Jan,Acme,ja,", "14-10-2026,Bellen,Jan,Acme,ja,", "15-10-2026,Afspraak,Jan,Acme,ja,"]
    _, data, _ = _drafted(tmp_path / "act", "Activiteiten.csv", rows)
    assert K.compute(data, ["calls"], period="M").set_index("period")["value"]["2026-10"] == 2


def test_an_order_lists_invoiced_and_delivered_orders_are_won(tmp_path):
    # a Danish order list: "Faktureret" (invoiced) and "Leveret" (delivered) were no won words, every order read
    # as open and October's revenue 0. October 2026: 10,000 + 5,000 = 15,000 in 2 orders; the cancelled one
    # ("Annulleret") and the credit note ("Kreditnota") are no revenue
    rows = ["Ordrenr.;Ordredato;Kunde;Sælger;Beløb ekskl. moms;Status",
            "1001;14-10-2026;Nordlys ApS;Mette;10.000,00;Faktureret",
            "1002;15-10-2026;Fjord A/S;Jens;5.000,00;Leveret",
            "1003;16-10-2026;Fjord A/S;Jens;3.000,00;Annulleret",
            "1004;20-10-2026;Hav ApS;Mette;2.000,00;Kreditnota"]
    _, data, _ = _drafted(tmp_path / "da", "Ordrer 2025-2026.csv", rows)
    got = _october(data, ["new_revenue", "deals_won"])
    assert got["new_revenue"] == 15000 and got["deals_won"] == 2, got
    # its only date, "Ordredato", is when each order was placed as well as won: no pipeline of orders never opened
    assert (data.opportunities["created_at"] == data.opportunities["close_date"]).all()


def test_a_workbook_of_a_sheet_per_month_and_a_sheet_of_open_deals_is_one_table(tmp_path):
    # a German tracker: closed deals on a sheet per month, open ones on "Offen" with other columns. The draft
    # named "Produkt" (not on "Offen") and the check of its headers read the last sheet only: refused; its unique
    # amounts ("Betrag netto") were taken as the deals' ids. October 2026: won 12,000 + 8,000 = 20,000 in 2, lost 1;
    # open on 31 October: 2 deals, 15,000 + 25,000 = 40,000
    from datetime import datetime

    closed = ["Kunde", "Produkt", "Betrag netto", "Vertriebler", "Abschlussdatum", "Status"]
    _workbook(tmp_path / "de", "Vertrieb 2026.xlsx", {
        "Sep 26": [closed, ["Alpha GmbH", "Lizenz", 5000.0, "Jonas", datetime(2026, 9, 15), "Gewonnen"]],
        "Okt 26": [closed, ["Beta AG", "Lizenz", 12000.0, "Jonas", datetime(2026, 10, 14), "Gewonnen"],
                   ["Gamma KG", "Beratung", 8000.0, "Lea", datetime(2026, 10, 20), "gewonnen"],
                   ["Delta GmbH", "Lizenz", 3000.0, "Lea", datetime(2026, 10, 21), "Verloren"]],
        "Offen": [["Kunde", "Betrag netto", "Vertriebler", "Angelegt am", "Erwarteter Abschluss", "Wahrscheinlichkeit"],
                  ["Epsilon AG", 15000.0, "Jonas", datetime(2026, 9, 1), datetime(2026, 12, 15), 0.5],
                  ["Zeta GmbH", 25000.0, "Lea", datetime(2026, 10, 2), datetime(2027, 1, 15), 0.3]]})
    res = _init(str(tmp_path / "de"))
    assert res.exit_code == 0, res.output
    text = (tmp_path / "de" / "client.yml").read_text(encoding="utf-8")
    assert "opportunity_id: Betrag netto" not in text and "owner_id: Vertriebler" in text
    data, _ = load_client(tmp_path / "de" / "client.yml", cache=False)
    got = _october(data, ["new_revenue", "deals_won", "deals_lost", "open_deals", "open_pipeline_value"])
    assert got.to_dict() == {"new_revenue": 20000, "deals_won": 2, "deals_lost": 1, "open_deals": 2,
                             "open_pipeline_value": 40000}, got


def test_chargebees_subscriptions_export_writes_its_mrr_in_cents(tmp_path):
    # Chargebee's export keeps the API's names and money: "subscription.mrr" 4500 is 45.00 a month, and read as it
    # stands the MRR was a hundred times too high (15,150,407 for 151,504.07). At 31 October 2026: 45.00 + 120.50
    # running; the third was cancelled on 20 October
    rows = ["subscription.id,subscription.customer_id,subscription.plan_id,subscription.status,"
            "subscription.started_at,subscription.cancelled_at,subscription.mrr,subscription.currency_code",
            "LM2d9,SPXM6,growth,active,2026-10-28 16:45:07,,4500,USD",
            "LM2e1,SPXM7,pro,active,2026-03-02 09:00:00,,12050,USD",
            "LM2f3,SPXM8,pro,cancelled,2026-01-05 09:00:00,2026-10-20 09:00:00,9900,USD"]
    _, data, _ = _drafted(tmp_path / "cb", "Subscriptions.csv", rows)
    got = K.compute(data, ["mrr"], period="M").set_index("period")["value"]
    assert got["2026-10"] == pytest.approx(165.50), got


def test_subscriptions_in_several_currencies_are_converted_or_left_without_an_mrr(tmp_path):
    # Paddle's subscriptions in USD, EUR and GBP: their prices were added up as they stand (63,550 "USD" of
    # 59,005.50 USD, 3,364.00 EUR and 1,166.42 GBP). At 31 October 2026: ten USD subscriptions of 49.00 = 490.00;
    # the EUR one has no rate: left out of the MRR and said; with fx_rates EUR 1.08 it is 50.00 * 1.08 = 54.00 more
    head = ('"subscription_id","customer_id","status","currency_code","billing_cycle_interval",'
            '"billing_cycle_frequency","unit_price","quantity","started_at","canceled_at"')
    rows = [head] + [f'"sub_01zp5sarnfypg4hmx58x8mf3{i:02d}","ctm_01aqw8b6w96ygfhrpfm2vdv4{i:02d}","active","USD",'
                     f'"month",1,"4900",1,"2026-{1 + i:02d}-{10 + i}T19:57:26Z",""' for i in range(10)]
    rows.append('"sub_01ab3j9tggzatwhh2vm27dpd1z","ctm_01ab0fc7wg0vs4e28jqhaz5xhm","active","EUR","month",1,"5000",1,'
                '"2026-04-28T19:57:26Z",""')
    text, data, report = _drafted(tmp_path / "pd", "subscriptions_export_2026-11-01.csv", rows)
    assert "currency: subscriptions in EUR too; add fx_rates" in text
    got = K.compute(data, ["mrr"], period="M").set_index("period")["value"]
    assert got["2026-10"] == pytest.approx(490.00), got
    assert any(i["message"].startswith("1 subscription in EUR without an exchange rate") for i in report.issues)
    cfg = tmp_path / "pd" / "client.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "fx_rates: {EUR: 1.08}\n", encoding="utf-8")
    data, _ = load_client(cfg, cache=False)
    got = K.compute(data, ["mrr"], period="M").set_index("period")["value"]
    assert got["2026-10"] == pytest.approx(490.00 + 54.00), got


def test_an_activity_is_done_by_its_completion_time_where_its_done_column_is_blank(tmp_path):
    # Outreach's "Meeting Outcome" is filled on meetings only: its calls and e-mails had no done status, and an
    # open call due in October (no "Completed At") was a call held, as was a "Bad Number". October 2026: calls held
    # 1 (connected; the open one, the bad number and the no-answer are none), e-mails 1 (the draft is none),
    # meetings 1 (the no-show is none)
    rows = ["Activity ID,Type,Created At,Due At,Completed At,Owner,Call Disposition,Meeting Outcome",
            "1,Call,2026-10-01T13:00:00Z,2026-10-05T13:00:00Z,2026-10-05T13:10:00Z,Devon,Connected - Interested,",
            "2,Call,2026-10-01T13:00:00Z,2026-10-06T13:00:00Z,,Devon,,",
            "3,Call,2026-10-01T13:00:00Z,2026-10-07T13:00:00Z,2026-10-07T13:10:00Z,Devon,Bad Number,",
            "4,Call,2026-10-01T13:00:00Z,2026-10-08T13:00:00Z,2026-10-08T13:10:00Z,Devon,No Answer,",
            "5,Email,2026-10-01T13:00:00Z,2026-10-09T13:00:00Z,2026-10-09T13:10:00Z,Devon,,",
            "6,Email,2026-10-01T13:00:00Z,2026-10-10T13:00:00Z,,Devon,,",
            "7,Meeting,2026-10-01T13:00:00Z,2026-10-12T13:00:00Z,2026-10-12T14:00:00Z,Devon,,Completed",
            "8,Meeting,2026-10-01T13:00:00Z,2026-10-13T13:00:00Z,2026-10-13T14:00:00Z,Devon,,No Show"]
    _, data, _ = _drafted(tmp_path / "or", "activities_export_2026-11-01.csv", rows)
    got = _october(data, ["calls", "emails", "meetings"])
    assert got.to_dict() == {"calls": 1, "emails": 1, "meetings": 1}, got
    # Dynamics 365 in German: "Telefonanruf" was no word for a call (every completed call read as other)
    rows = ["(Nicht ändern) Aktivität;Betreff;Aktivitätstyp;Aktivitätsstatus;Tatsächliches Ende;Besitzer",
            "a1;Rückruf;Telefonanruf;Abgeschlossen;14.10.2026 10:00;Jonas Beck",
            "a2;Termin;Termin;Abgeschlossen;15.10.2026 10:00;Jonas Beck"]
    _, data, _ = _drafted(tmp_path / "dyn", "Alle Aktivitäten 01-11-2026 09-00-12.csv", rows)
    assert data.activities["type"].tolist() == ["call", "meeting"]


def test_a_deal_closes_when_its_status_or_stage_last_changed_where_no_close_date_is_given(tmp_path):
    # ActiveCampaign's "Forecasted Close Date" is the plan; a won deal's date is its "Status Changed Date" (10 won
    # in October for 13). Streak's boxes have no close date at all but "Date of Last Stage Change": every won box
    # was without a month (revenue unknown). October 2026: 1 won of 1,000 in each; the reopened deal (open, its
    # status changed in October) stays open
    rows = ["Deal ID,Title,Value,Currency,Status,Owner,Created Date,Forecasted Close Date,Status Changed Date",
            "1,A,1000.00,usd,Won,Ann,2026-09-01,2026-11-20,2026-10-12",
            "2,B,500.00,usd,Lost,Ann,2026-09-02,2026-10-20,2026-09-28",
            "3,C,700.00,usd,Open,Ann,2026-09-03,2026-12-20,2026-10-13"]
    _, data, _ = _drafted(tmp_path / "ac", "deals-export-2026-11-01.csv", rows)
    got = _october(data, ["new_revenue", "deals_lost", "open_deals"])
    assert got.to_dict() == {"new_revenue": 1000, "deals_lost": 0, "open_deals": 1}, got
    rows = ["Name,Stage,Deal Size,Assigned To,Date Created,Date of Last Stage Change",
            "Acme,Won,1000,ann@x.com,09/01/2026,10/14/2026",
            "Hooli,Lost,500,ann@x.com,09/02/2026,09/28/2026",
            "Initech,Demo,700,ann@x.com,09/03/2026,10/13/2026"]
    _, data, _ = _drafted(tmp_path / "streak", "Sales Pipeline.csv", rows)
    got = K.compute(data, ["new_revenue"], period="M").set_index("period")["value"]
    assert got["2026-10"] == 1000, got


def test_an_archive_of_exports_is_unpacked_beside_it_and_read(tmp_path):
    # Zoho's "Data Backup" is one .zip of CSV files: init found no export in a folder holding only it. A member
    # that would land outside its folder ("../evil.csv") is not written. October 2026: 1 won deal of 2,500
    import zipfile

    folder = tmp_path / "zoho"
    folder.mkdir()
    deals = "\n".join(["Id,Deal_Name,Stage,Amount,Closing_Date,Created_Time,Owner",
                       "zcrm_1,A,Closed Won,2500,2026-10-14,2026-09-01T10:00:00+02:00,zcrm_9",
                       "zcrm_2,B,Negotiation/Review,900,2026-12-14,2026-09-02T10:00:00+02:00,zcrm_9"]) + "\n"
    with zipfile.ZipFile(folder / "ZohoCRM_Backup_2026-11-01.zip", "w") as z:
        z.writestr("Deals_001.csv", deals)
        z.writestr("../evil.csv", deals)
    res = _init(str(folder))
    assert res.exit_code == 0, res.output
    assert "1 export file(s) unpacked into ZohoCRM_Backup_2026-11-01/" in res.output
    assert (folder / "ZohoCRM_Backup_2026-11-01" / "Deals_001.csv").exists() and not (tmp_path / "evil.csv").exists()
    data, _ = load_client(folder / "client.yml", cache=False)
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"]["2026-10"] == 2500


def test_a_salesforce_report_grouped_by_owner_and_stage_gives_each_deal_its_owner_and_stage(tmp_path):
    # Salesforce's formatted report "Opportunities by Owner" grouped by stage too: "Opportunity Owner: Ann (3)" and
    # "Stage: Closed Won (1)" rows, one column apart, and those columns blank on the deals: every deal read as
    # open and nobody's (520 open for 111). October 2026: Ann won 5,000, Ben won 7,000 and lost one; open: Ann's
    # 1,000 (the second owner's first stage is its own, not Ann's last)
    from datetime import datetime

    head = ["Opportunity Owner", "Stage", "Opportunity Name", "Account Name", "Amount", "Close Date", "Created Date"]
    d = datetime
    _workbook(tmp_path / "sf", "Opportunities by Owner-2026-11-01-09-00-12.xlsx", {"Opportunities by Owner": [
        ["Opportunities by Owner"], ["As of 11/1/2026 9:00 AM"], [], head,
        ["Opportunity Owner: Ann Lee (2)"],
        [None, "Stage: Closed Won (1)"],
        [None, None, "Acme - License", "Acme", 5000, d(2026, 10, 14), d(2026, 9, 1)],
        [None, None, "Subtotal", None, 5000],
        [None, "Stage: Negotiation/Review (1)"],
        [None, None, "Hooli - Upgrade", "Hooli", 1000, d(2026, 12, 14), d(2026, 9, 2)],
        [None, None, "Subtotal", None, 1000],
        ["Opportunity Owner: Ben Ode (2)"],
        [None, "Stage: Closed Lost (1)"],
        [None, None, "Initech - Renewal", "Initech", 3000, d(2026, 10, 20), d(2026, 9, 3)],
        [None, "Stage: Closed Won (1)"],
        [None, None, "Umbrella - License", "Umbrella", 7000, d(2026, 10, 21), d(2026, 9, 4)],
        [None, None, "Subtotal", None, 10000],
        ["Grand Total (4 records)", None, None, None, 16000],
        ["Confidential Information - Do Not Distribute"]]})
    res = _init(str(tmp_path / "sf"))
    assert res.exit_code == 0, res.output
    data, report = load_client(tmp_path / "sf" / "client.yml", cache=False)
    o = data.opportunities.set_index("account_id")
    assert o["status"].to_dict() == {"Acme": "won", "Hooli": "open", "Initech": "lost", "Umbrella": "won"}
    got = _october(data, ["new_revenue", "deals_lost", "open_pipeline_value"])
    assert got.to_dict() == {"new_revenue": 12000, "deals_lost": 1, "open_pipeline_value": 1000}, got
    assert len(data.users) == 2          # the deals' owners, by their names


def test_hubspots_dutch_deals_are_decided_by_their_flags_and_a_contract_sent_is_open(tmp_path):
    # HubSpot in Dutch: its flags "Is gesloten gewonnen" / "Is deal gesloten?" were no flags of ours, so the stage's
    # words decided, and "Contract verzonden" (contract sent) read as won by its word "verzonden" (an order list's
    # "sent"). October 2026: won 1,000 (Gesloten gewonnen) + 2,000 (Verlengd, a renewals pipeline's); open 700
    # (Contract verzonden); lost: Opgezegd
    from crmanalysis.io.vendors import status_by_word

    assert status_by_word("Contract verzonden") is None and status_by_word("Proposal delivered") is None
    rows = ["Record-ID,Dealnaam,Dealfase,Pijplijn,Bedrag,Sluitingsdatum,Aanmaakdatum,Eigenaar van deal,"
            "Is gesloten gewonnen,Is deal gesloten?",
            "1,A,Gesloten gewonnen,Verkooppijplijn,1000,2026-10-14 10:00,2026-09-01 10:00,Jan,true,true",
            "2,B,Verlengd,Verlenging,2000,2026-10-15 10:00,2026-09-02 10:00,Jan,true,true",
            "3,C,Contract verzonden,Verkooppijplijn,700,2026-11-20 10:00,2026-09-03 10:00,Piet,false,false",
            "4,D,Opgezegd,Verlenging,400,2026-10-16 10:00,2026-09-04 10:00,Piet,false,true"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-deals-2026-11-01.csv", rows)
    got = _october(data, ["new_revenue", "deals_lost", "open_pipeline_value"])
    assert got.to_dict() == {"new_revenue": 3000, "deals_lost": 1, "open_pipeline_value": 700}, got


def test_a_help_desks_spam_flag_leaves_its_messages_out(tmp_path):
    # Gorgias marks spam with a column of its own ("spam": true), and closes such tickets too: counted, October's
    # 190 tickets read 194 and its 184 closed 188. October 2026: 2 tickets opened, 1 closed; the spam one is none
    rows = ["id,channel,status,assignee_user,created_datetime,closed_datetime,spam",
            "1,email,closed,Mia,2026-10-05T10:00:00+00:00,2026-10-05T12:00:00+00:00,false",
            "2,chat,open,Mia,2026-10-06T10:00:00+00:00,,false",
            "3,email,closed,,2026-10-07T10:00:00+00:00,2026-10-07T10:01:00+00:00,true"]
    text, data, _ = _drafted(tmp_path / "gorgias", "tickets-export-2026-11-01.csv", rows)
    assert "where: {column: spam, not: [\"true\"]}" in text
    got = _october(data, ["cases_opened", "cases_closed"])
    assert got.to_dict() == {"cases_opened": 2, "cases_closed": 1}, got


def test_zohos_dutch_deals_have_a_creation_and_hubspots_danish_ones_their_company_currency(tmp_path):
    # Zoho in Dutch: "Aangemaakt tijd" was no word for a deal's creation: no open deal, no new deal, no cycle.
    # October 2026: 1 open deal of 900 at its end, 1 new
    rows = ['"Record-ID","Eigenaar deal","Dealnaam","Bedrag","Fase","Sluitingsdatum","Aangemaakt tijd"',
            '"zcrm_1","Marloes","A","1000.00","Gesloten gewonnen","2026-10-14","2026-09-01 10:00:00"',
            '"zcrm_2","Marloes","B","900.00","Kwalificatie","2026-12-14","2026-10-02 10:00:00"']
    _, data, _ = _drafted(tmp_path / "zoho", "Deals_2026_11_01.csv", rows)
    got = _october(data, ["open_pipeline_value", "new_opportunities"])
    assert got.to_dict() == {"open_pipeline_value": 900, "new_opportunities": 1}, got
    assert data.opportunities["owner_id"].notna().all()
    # HubSpot in Danish: "Beløb i virksomhedens valuta" (the company's currency) beside each deal's own "Beløb":
    # the EUR deal's 1,000 was summed as DKK. October: 7,450 DKK (1,000 EUR) + 5,000 DKK = 12,450
    rows = ["Post-id,Aftalenavn,Aftalefase,Beløb,Valuta,Beløb i virksomhedens valuta,Lukkedato,Oprettelsesdato",
            "1,A,Lukket vundet,1000,EUR,7450,2026-10-14 10:00,2026-09-01 10:00",
            "2,B,Lukket vundet,5000,DKK,5000,2026-10-15 10:00,2026-09-02 10:00"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-alle-aftaler-2026-11-01.csv", rows)
    assert K.compute(data, ["new_revenue"], period="M").set_index("period")["value"]["2026-10"] == 12450


def test_aircalls_calls_are_dated_by_their_datetime_in_utc(tmp_path):
    # Aircall's "datetime (UTC)" was no date of a call: the calls had no month. October 2026: 1 answered call
    rows = ["id,direction,answered,missed_call_reason,datetime (UTC),country_code,from,to,number,user,"
            "duration (total),duration (in call),voicemail,tags,comments,teams",
            "1894720447,outbound,Yes,,2026-10-30 08:20:48,GB,+44 20 3543 4499,+44 8273 218946,Sales line,"
            "Daniel Brooks,834,821,,follow-up,,Sales",
            "1894720448,outbound,No,no_available_agent,2026-10-30 09:20:48,GB,+44 20 3543 4499,+44 8273 218947,"
            "Sales line,Daniel Brooks,20,0,,,,Sales"]
    _, data, _ = _drafted(tmp_path / "aircall", "aircall-calls-export-2026-11-01.csv", rows)
    assert data.activities["scheduled_at"].tolist() == [pd.Timestamp("2026-10-30 08:20:48"),
                                                        pd.Timestamp("2026-10-30 09:20:48")]
    assert K.compute(data, ["calls"], period="M").set_index("period")["value"]["2026-10"] == 1


def test_owners_named_in_a_deals_export_are_users_beside_a_help_desks_agents(tmp_path):
    # HubSpot's deals name their owner in "Deal owner" (its id column); a Zendesk export beside them names its
    # agents: the agents became the users and every deal was "owned by someone not in the users file" (880 of 880)
    data, report = _folder_of(tmp_path / "mix", {
        "hubspot-crm-exports-all-deals-2026-11-01.csv": [
            "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner",
            "1,A,Closed Won,1000,2026-10-14 10:00,2026-09-01 10:00,Emily Carter",
            "2,B,Appointment Scheduled,500,2026-12-14 10:00,2026-09-02 10:00,Priya Shah"],
        "zendesk-tickets-export-2026-11-01.csv": [
            "Id,Status,Priority,Assignee,Created at,Solved at",
            "11,Solved,Normal,Ben Foster,2026-10-05 10:00,2026-10-05 12:00",
            "12,Open,Normal,Laura Mitchell,2026-10-06 10:00,"]})
    assert set(data.users["name"]) == {"Emily Carter", "Priya Shah", "Ben Foster", "Laura Mitchell"}
    assert not [i for i in report.issues if "not in the users file" in i["message"]], report.issues
    said = [i["message"] for i in report.issues if "taken from the names" in i["message"]]
    assert said and said[0].endswith("(there is no users export)"), [i["message"] for i in report.issues]


@pytest.mark.parametrize("name, rows, emails, calls", [
    # Dynamics in German: "Richtung" Eingehend / Ausgehend. By hand: 3 e-mails went out (rows 1, 3, 5), 2 came in;
    # of the calls the one that went out (row 7) was made by the team, the other came in
    ("Aktivitäten.csv", ["Aktivitätstyp;Betreff;Richtung;Aktivitätsstatus;Besitzer;Tatsächliches Ende",
                         "E-Mail;Angebot;Ausgehend;Abgeschlossen;Jonas Weber;01.10.2026 09:00",
                         "E-Mail;Re: Angebot;Eingehend;Abgeschlossen;Jonas Weber;02.10.2026 09:00",
                         "E-Mail;Nachfass;Ausgehend;Abgeschlossen;Jonas Weber;03.10.2026 09:00",
                         "E-Mail;Frage;Eingehend;Abgeschlossen;Anna Koch;04.10.2026 09:00",
                         "E-Mail;Termin;Ausgehend;Abgeschlossen;Anna Koch;05.10.2026 09:00",
                         "Telefonanruf;Rückruf;Eingehend;Abgeschlossen;Anna Koch;06.10.2026 09:00",
                         "Telefonanruf;Akquise;Ausgehend;Abgeschlossen;Anna Koch;07.10.2026 09:00"], 3, 1),
    # HubSpot: "Email direction"; a forwarded e-mail went out. By hand: rows 1 and 3 went out, 2 and 5 came in
    ("hubspot-emails.csv", ["Activity ID,Activity type,Email direction,Activity date,Activity assigned to,Subject",
                            "1,EMAIL,Outgoing email,2026-10-01 09:00,Ann Berg,Quote",
                            "2,EMAIL,Incoming email,2026-10-02 09:00,Ann Berg,Re",
                            "3,EMAIL,Forwarded email,2026-10-03 09:00,Ann Berg,Fw",
                            "4,CALL,,2026-10-04 09:00,Ann Berg,Call",
                            "5,EMAIL,Incoming email,2026-10-05 09:00,Bob Lee,Re2",
                            "6,CALL,,2026-10-06 09:00,Bob Lee,Call"], 2, 2)])
def test_an_email_that_came_in_is_logged_not_sent(tmp_path, name, rows, emails, calls):
    _, data, report = _drafted(tmp_path / "mails", name, rows)
    got = _october(data, ["emails", "calls", "activities_logged"])
    assert got["emails"] == emails and got["calls"] == calls
    assert len(data.activities) == len(rows) - 1          # kept as activities logged, none left out
    said = [i["message"] for i in report.issues if "not counted as e-mails sent" in i["message"]]
    assert said and said[0].startswith(f"{len(rows) - 1 - emails - 2} e-mails came in"), said


def test_a_file_named_for_email_messages_is_no_help_desk(tmp_path):
    # Salesforce's "EmailMessage.csv": the Danish "sag" (case) inside "message" made it a help desk's cases
    # and its "Incoming" flag was read as the done column. By hand: 2 e-mails logged, the one not incoming was sent
    rows = ["Id,Subject,Incoming,MessageDate,FromAddress", "02s1,Quote,false,2026-10-01T09:00:00.000Z,a@x.com",
            "02s2,Re: Quote,true,2026-10-02T09:00:00.000Z,b@y.com"]
    text, data, _ = _drafted(tmp_path / "sf", "EmailMessage.csv", rows)
    assert "cases" not in data.tables and len(data.activities) == 2, text
    assert _october(data, ["emails"])["emails"] == 1


@pytest.mark.parametrize("name, rows, kpi, count, tests", [
    # Teamleader in Dutch: a deal of €1 its users made to try the CRM. By hand: 2 deals won in October, not 3
    ("deals_01-11-2026.csv", ['"Titel";"Klant";"Status";"Waarde";"Aangemaakt op";"Gewonnen op";"Verloren op"',
                              '"Dakrenovatie";"Bouw BV";"Gewonnen";"€ 12.500,00";"01/09/2026";"14/10/2026";""',
                              '"TEST deal - niet meetellen";"Demo";"Gewonnen";"€ 1,00";"01/10/2026";"14/10/2026";""',
                              '"Test drive vloot";"Auto NV";"Gewonnen";"€ 4.000,00";"02/09/2026";"15/10/2026";""',
                              '"Gevel";"Steen BV";"Verloren";"€ 3.000,00";"03/09/2026";"";"16/10/2026"'],
     "deals_won", 2, 1),
    # Zoho Desk in German: "Testticket bitte ignorieren" and a subject of nothing but "TEST". By hand: 2 tickets
    ("Tickets.csv", ["Ticket-ID,Betreff,Status,Erstellungszeit,Schließungszeit",
                     "101,Lieferung fehlt,Geschlossen,02.10.2026 09:00,02.10.2026 12:00",
                     "102,Testticket bitte ignorieren,Geschlossen,03.10.2026 09:00,03.10.2026 09:05",
                     "103,TEST,Geschlossen,04.10.2026 09:00,04.10.2026 09:01",
                     "104,Rechnung falsch,Offen,05.10.2026 09:00,"], "cases_opened", 2, 2),
    # LinkedIn's lead form download: its "Lead Type" Test beside Sponsored and Organic. By hand: 2 leads
    ("lead_gen_form_leads.csv", ["Lead ID,Submitted At,First Name,Last Name,Lead Type,Campaign Name",
                                 "urn:li:1,10/29/2026 7:09:56 AM,Ann,Berg,Sponsored,Demo",
                                 "urn:li:2,10/28/2026 4:25:52 PM,Test,Lead,Test,Demo",
                                 "urn:li:3,10/27/2026 1:00:00 PM,Bob,Lee,Organic,"], "new_leads", 2, 1),
    # Copper: a deal made to check an integration. By hand: 1 deal won in October, not 2
    ("opportunities.csv", ["Name,Company,Status,Value,Close Date,Date Created",
                           "Fleet renewal,Acme,Won,5000,10/14/2026,09/01/2026",
                           "TEST - do not use (Zapier check),Test Company,Won,1,10/22/2026,10/01/2026"],
     "deals_won", 1, 1),
    # Lime CRM in Swedish: "Testaffär" (test deal) and "TEST 2" in "Namn". By hand: 2 deals won in October, not 3
    ("Affärer.csv", ["Namn,Företag,Ansvarig,Status,Affärsvärde,Skapad,Avslutsdatum",
                     "Licens,Jönköpings AB,Sofia Ekström,Avtal,40000,2026-09-01,2026-10-14",
                     "Support,Umeå AB,Erik Berg,Avtal,20000,2026-09-02,2026-10-15",
                     "Skrivare,Lund AB,Erik Berg,Förlorad,3000,2026-09-03,2026-10-16",
                     "Testaffär,Lime Technologies Sweden AB,Lime Admin,Avtal,100000,2026-10-01,2026-10-20",
                     "TEST 2,Lime Technologies Sweden AB,Lime Admin,Förlorad,0,2026-10-01,2026-10-21"],
     "deals_won", 2, 2),
    # webCRM in Danish: "TEST - slet" (delete) in "Beskrivelse". By hand: 1 deal won in October, not 2
    ("Salgsmuligheder.csv", ["Nummer;Beskrivelse;Organisation;Niveau;Ordredato;Omsætning;Oprettet",
                             "11113;Integration;Hjørring Transport;Ordre (100%);16-10-2026;52000;14-09-2026",
                             "11138;TEST - slet;Test Organisation;Ordre (100%);14-10-2026;1000;13-10-2026"],
     "deals_won", 1, 1),
    # Salesflare: "Test opportunity" and "Demo opp (delete me)". By hand: 1 deal won in October, not 2
    ("opportunities.csv", ["name,account,value,stage,owner,creation date,close date",
                           "Fleet,Acme,5000,Won,Ann,2026-09-01,2026-10-14",
                           "Renewal,Beta,3000,Lost,Ann,2026-09-02,2026-10-15",
                           "Support,Core,2000,Lead,Ann,2026-09-03,2026-12-15",
                           "Test opportunity,Salesflare Demo Account,1000,Won,Ann,2026-10-01,2026-10-02",
                           "Demo opp (delete me),Salesflare Demo Account,500,Lost,Ann,2026-10-01,2026-10-16"],
     "deals_won", 1, 2),
    # vtiger's calendar: "test call" and "TEST meeting - ignore" made by its administrator. By hand: 2 calls, 1
    # meeting held in October, not 3 and 2
    ("Calendar.csv", ["Subject,Activity Type,Status,Start Date & Time,Assigned To",
                      "Follow-up Kestrel,Call,Held,05-10-2026 10:00,Amy Lee",
                      "Pricing Osprey,Call,Held,06-10-2026 11:00,Amy Lee",
                      "test call,Call,Held,07-10-2026 12:00,Administrator",
                      "Demo Heron,Meeting,Held,13-10-2026 14:00,Ben Roy",
                      "TEST meeting - ignore,Meeting,Held,13-10-2026 15:00,Administrator"],
     "calls", 2, 2),
    # Freshsales: a deal made to try a workflow, named without a word to ignore it. By hand: 2 deals won, not 3
    ("Deals.csv", ['"Name","Deal value","Account name","Deal stage","Closed date","Created at"',
                   '"Vantage - Annual","16700","Vantage Media","Won","05-10-2026","22-08-2026 14:58:43"',
                   '"Orbit - Seats","4200","Orbit Labs","Won","12-10-2026","01-09-2026 10:00:00"',
                   '"TEST Freshsales workflow","1","Orbit Labs","Won","14-10-2026","13-10-2026 10:00:00"'],
     "deals_won", 2, 1),
    # Zammad in German: "Test Webformular" tries the web form; "Testumgebung SAP nicht erreichbar" (the test system
    # is down) is a customer's ticket. By hand: 3 tickets opened in October, not 4
    ("tickets--all--Created.csv", ["Nummer,Titel,Status,Gruppe,Besitzer,Erstellt am,Geschlossen am",
                                   "21001,Drucker defekt,geschlossen,Users,Eva Roth,02.10.2026 09:00,02.10.2026 11:00",
                                   "21002,Testumgebung SAP nicht erreichbar,offen,Users,Eva Roth,03.10.2026 09:00,",
                                   "21003,Test Webformular,geschlossen,Users,Eva Roth,04.10.2026 09:00,04.10.2026 9:10",
                                   "21004,Passwort weg,geschlossen,Users,Jan Vogt,05.10.2026 09:00,05.10.2026 9:20"
                                   ],
     "cases_opened", 3, 1),
    # TOPdesk in Dutch: a new colleague's practice ticket. By hand: 2 tickets opened in October, not 3
    ("incidenten.csv", ["Incidentnummer;Korte omschrijving (Details);Status;Datum aanmelding",
                        "I 2610 001;Laptop start niet op;Afgemeld;01-10-2026 09:00",
                        "I 2610 002;Testmelding opleiding nieuwe collega;Afgemeld;02-10-2026 09:00",
                        "I 2610 003;VPN valt weg;Ingediend;03-10-2026 09:00"], "cases_opened", 2, 1),
    # Sugar's calls in Italian: a test of the switchboard's link and a "test call" (Chiamata di prova). By hand:
    # 2 calls held in October, not 4
    ("Chiamate.csv", ['"Oggetto","ID","Stato","Direzione","Data e Ora inizio","Assegnato a"',
                      '"Follow-up offerta","c1","Trattenuta","In uscita","05/10/2026 10:00","Chiara Marino"',
                      '"Richiesta supporto","c2","Trattenuta","In entrata","06/10/2026 10:00","Chiara Marino"',
                      '"test integrazione centralino","c3","Trattenuta","In uscita","06/10/2026 11:00","Administrator"',
                      '"Chiamata di prova","c4","Trattenuta","In uscita","06/10/2026 11:20","Administrator"'],
     "calls", 2, 2),
    # ServiceDesk Plus: the administrator's "TEST - new email template check". By hand: 2 requests in October, not 3
    ("All_Requests_Report.csv", ['"Request ID","Subject","Requester","Request Status","Created Time"',
                                 '"18241","Scan to email not working","Anna Dunn","Open","Oct 3, 2026 02:12 PM"',
                                 '"18242","TEST - new email template check","administrator","Closed",'
                                 '"Oct 4, 2026 09:00 AM"',
                                 '"18243","VPN drops","Tom Hale","Open","Oct 5, 2026 10:00 AM"'],
     "cases_opened", 2, 1),
    # Teamleader in French: "Test opportunité". By hand: 1 deal won in October, not 2
    ("deals.csv", ['"Titre";"Client";"Statut";"Montant";"Date de création";"Date de clôture"',
                   '"Toiture";"Bâti SA";"Gagné";"12 500,00 €";"01/09/2026";"14/10/2026"',
                   '"Test opportunité";"Bâti SA";"Gagné";"1,00 €";"01/10/2026";"15/10/2026"'], "deals_won", 1, 1),
    # HubSpot in French: "Transaction test intégration Zapier" (the record's word first) and "test formation équipe"
    # (a team's training). By hand: 1 deal won in October, not 3
    ("hubspot-crm-exports-toutes-les-transactions.csv",
     ['"ID de fiche d\'informations","Nom de la transaction","Phase de la transaction","Montant","Date de fermeture"',
      '"1","Atelier - Licences","Fermé gagné","4200","2026-10-05 10:00"',
      '"2","Transaction test intégration Zapier","Fermé gagné","99999","2026-10-06 10:00"',
      '"3","test formation équipe","Fermé gagné","10","2026-10-07 10:00"',
      '"4","Garage - Support","Fermé perdu","900","2026-10-08 10:00"',
      '"5","Boulangerie - Site","Fermé perdu","700","2026-10-09 10:00"'], "deals_won", 1, 2),
    # Pipedrive in Spanish: its title behind the record prefix ("Negocio - Título"); "Negocio de prueba" and
    # "PRUEBA integración web - no tocar". By hand: 1 deal won in October, not 3
    ("deals-8412093-57.csv", ["Negocio - ID,Negocio - Título,Negocio - Valor,Negocio - Estado,"
                              "Negocio - Fecha de ganado",
                              "1,Clínica - Plan Pro,4800,Ganado,2026-10-05",
                              "2,Negocio de prueba,100,Ganado,2026-10-06",
                              "3,PRUEBA integración web - no tocar,1,Ganado,2026-10-07",
                              "4,Taller - Plan Base,900,Abierto,",
                              "5,Hotel - Plan Pro,1200,Abierto,"], "deals_won", 1, 2),
    # Freshdesk in German: a test ticket tagged "test" and named so by nothing else. By hand: 2 tickets, not 3
    ("tickets-2026-11-01-090012.csv", ["Ticket-ID,Betreff,Status,Erstellzeit,Tags",
                                       "11957,Synchronisation hängt,Offen,2026-10-05 09:00:00,vip",
                                       "11958,Rechnung falsch,Offen,2026-10-06 09:00:00,",
                                       "11959,Kontaktformular geht nicht,Offen,2026-10-07 09:00:00,\"rückruf,test\""],
     "cases_opened", 2, 1)])
def test_records_named_as_tests_are_left_out(tmp_path, name, rows, kpi, count, tests):
    _, data, report = _drafted(tmp_path / "tests", name, rows)
    assert _october(data, [kpi])[kpi] == count
    said = [i["message"] for i in report.issues if "named as a test" in i["message"]]
    assert len(said) == 1 and report.totals()["rows_excluded"] == tests, said


@pytest.mark.parametrize("name, rows, kpi, count", [
    # Freshsales: "test - partner pipeline" names no test, its "Account name" does. By hand: 3 deals won, not 4
    ("Deals.csv", ['"Name","Deal value","Account name","Deal stage","Closed date","Created at","Sales owner"',
                   '"Vantage - Annual","16700","Vantage Media","Won","05-10-2026","22-08-2026 14:58:43","Ann Lee"',
                   '"Orbit - Seats","4200","Orbit Labs","Won","12-10-2026","01-09-2026 10:00:00","Ann Lee"',
                   '"Kite - Support","900","Kite Ltd","Won","13-10-2026","01-09-2026 10:00:00","Bob Roy"',
                   '"Heron - Upgrade","2100","Heron plc","Lost","15-10-2026","01-09-2026 10:00:00","Bob Roy"',
                   '"test - partner pipeline","10","Test Account","Won","14-10-2026","13-10-2026 10:00:00","Ann Lee"'],
     "deals_won", 3),
    # OTRS in German: tickets a colleague sent from an address kept for examples. By hand: 3 tickets opened, not 4
    ("Ticketliste_Servicedesk.csv", ['"Ticket#";"Titel";"Erstellt";"Status";"Queue";"Kundenbenutzer";"Kundennummer"',
                                     '"2610011";"Drucker";"2026-10-01 09:00:00";"offen";"Raw";"a.b@firma.de";"K1"',
                                     '"2610021";"VPN";"2026-10-02 09:00:00";"offen";"Raw";"c.d@firma.de";"K2"',
                                     '"2610031";"Mail";"2026-10-03 09:00:00";"offen";"Raw";"test@example.com";"K3"',
                                     '"2610041";"Login";"2026-10-04 09:00:00";"offen";"Raw";"e.f@firma.de";"K4"'],
     "cases_opened", 3),
    # billwerk in German: a test customer of the billing system ("Status" Testphase is a trial, no test, not yet
    # paying). MRR by hand: 79.00 + 26.10 = 105.10, not with the test customer's 49.00
    ("Vertraege_Export.csv", ["Vertrags-ID;Kunde;Kundennummer;Status;Preis;Währung;Abrechnungsintervall;Startdatum;"
                              "Enddatum",
                              "c1;Fischer & Fischer GmbH;K1;Aktiv;79,00;EUR;monatlich;01.09.2026;",
                              "c2;Becker Optik e.K.;K2;Aktiv;26,10;EUR;monatlich;01.10.2026;",
                              "c4;Optik Roth;K4;Testphase;30,00;EUR;monatlich;30.10.2026;",
                              "c3;Testkunde billwerk;K3;Aktiv;49,00;EUR;monatlich;01.09.2026;"], "mrr", 105.10),
    # SuiteCRM in Spanish: a test deal of the account "EMPRESA DE PRUEBA" (test company). By hand: 2 deals won in
    # October, not 3
    ("Oportunidades.csv", ['"Nombre de la oportunidad","ID","Monto","Fecha de cierre","Etapa de ventas",'
                           '"Nombre de Cuenta","Asignado a","Fecha de Creación"',
                           '"Castilla - Soporte","o1","€5.700,00","03/10/2026","Ganado","Consultora Castilla S.L.U.",'
                           '"pruiz","26/07/2026 12:44"',
                           '"Herrera - Licencias","o2","€2.100,00","09/10/2026","Ganado","Muebles Herrera SL",'
                           '"pruiz","01/08/2026 10:00"',
                           '"Ruiz - Migración","o3","€3.300,00","12/10/2026","Cerrado perdido","Ruiz Hermanos SA",'
                           '"clopez","02/08/2026 10:00"',
                           '"Prueba - oportunidad de test","o4","€1.500,00","14/10/2026","Ganado","EMPRESA DE PRUEBA",'
                           '"admin","13/10/2026 10:00"'], "deals_won", 2),
    # EspoCRM in Polish: a test deal of "Firma Testowa Sp. z o.o.". By hand: 1 deal won in October, not 2
    ("Export_Opportunity.csv", ["id;name;amount;amountCurrency;accountName;stage;closeDate;createdAt",
                                'o1;"Serwis";5990;PLN;"Hurtownia Pająk S.A.";"Closed Won";2026-10-10;"2026-09-01 09:2"',
                                'o2;"Wdrożenie";3000;PLN;"Malinowski S.A.";"Closed Lost";2026-10-11;"2026-09-01 09:29"',
                                'o3;"Licencje";2000;PLN;"Lis Sp. z o.o.";"Closed Lost";2026-10-12;"2026-09-01 09:29"',
                                'o4;"Konsulting";100;PLN;"Firma Testowa Sp. z o.o.";"Closed Won";2026-10-13;'
                                '"2026-10-01 09:29"'], "deals_won", 1),
    # Zoho CRM in French: a Blueprint test of the account "Compte Test" ("Nom du compte"). By hand: 1 won, not 2
    ("Affaires_2026_11_01.csv", ['"Record Id","Nom de l\'affaire","Montant","Date de clôture","Nom du compte","Étape"',
                                 '"zcrm_1","Sète - Premium","7512.42","2026-10-17","Port de Sète","Fermé gagné"',
                                 '"zcrm_2","Blueprint n","1","2026-10-09","Compte Test","Fermé gagné"',
                                 '"zcrm_3","Lyon - Licences","3000","2026-10-10","Lyon SA","Fermé perdu"',
                                 '"zcrm_4","Nantes - Support","900","2026-10-11","Nantes SARL","Fermé perdu"'],
     "deals_won", 1)])
def test_records_of_a_test_customer_are_left_out(tmp_path, name, rows, kpi, count):
    _, data, report = _drafted(tmp_path / "parties", name, rows)
    assert _october(data, [kpi])[kpi] == pytest.approx(count)
    said = [i["message"] for i in report.issues if "to a test customer" in i["message"]]
    assert len(said) == 1 and report.totals()["rows_excluded"] == 1, [i["message"] for i in report.issues]


def test_a_sugarcrm_export_in_italian_reads_its_stages_and_held_calls_and_meetings(tmp_path):
    # SugarCRM in Italian: "Fase di Vendita" says won ("Chiusa acquisita") and lost ("Chiusa persa"); beside it
    # "Stato" says "Chiuso" for a won deal: read by it, no deal was won. The amount in the system currency
    # ("Importo convertito") first. Calls and meetings "Trattenuta" (held), "Annullata" (not held). By hand,
    # October: won o1 + o2 = 12,380.00 + 9,780.00 = 22,160.00; lost o3; calls held c1, c2; meetings held m1
    deals = ['"Nome","ID","Probabile","Data di chiusura prevista","Fase di Vendita","Probabilità (%)","Nome Azienda",'
             '"Importo convertito","Nome Utente Assegnato","Data Creazione","Data Modifica","Stato"',
             '"Tessile - Rinnovo","o1","€12.380,00","04/10/2026","Chiusa acquisita","100","Tessile Pellegrini",'
             '"€12.380,00","Marco Rossi","06/08/2026 11:38","04/10/2026 12:00","Chiuso"',
             '"Farmaceutica - Server","o2","€9.780,00","03/10/2026","Chiusa acquisita","100","Farmaceutica SpA",'
             '"€9.780,00","Chiara Marino","30/08/2026 15:10","03/10/2026 12:00","Chiuso"',
             '"Garda - Cloud","o3","€36.100,00","18/10/2026","Chiusa persa","0","Servizi del Garda",'
             '"€36.100,00","Marco Rossi","23/05/2026 11:08","19/10/2026 15:03","Chiuso Perso"',
             '"Caruso - BI","o4","€8.000,00","20/11/2026","Proposta/offerta","65","Costruzioni Caruso",'
             '"€8.000,00","Chiara Marino","02/10/2026 16:20","31/10/2026 16:20","In Corso"']
    calls = ['"Oggetto","ID","Stato","Direzione","Data e Ora inizio","Durata Ore","Durata Minuti","Assegnato a"',
             '"Follow-up offerta","c1","Trattenuta","In uscita","13/10/2026 15:50","0","10","Chiara Marino"',
             '"Richiesta supporto","c2","Trattenuta","In entrata","14/10/2026 14:05","0","10","Marco Rossi"',
             '"Richiamare","c3","Annullata","In uscita","15/10/2026 09:00","0","0","Marco Rossi"',
             '"Offerta","c4","Pianificata","In uscita","10/11/2026 09:00","0","15","Marco Rossi"']
    meetings = ['"Oggetto","ID","Stato","Luogo","Data e Ora inizio","Data e Ora fine","Nome Utente Assegnato"',
                '"Incontro acquisti","m1","Trattenuta","Zoom","25/10/2026 11:00","25/10/2026 12:30","Marco Rossi"',
                '"Presentazione","m2","Annullata","Milano","26/10/2026 10:00","26/10/2026 11:00","Chiara Marino"']
    data, _ = _folder_of(tmp_path / "sugar", {"Opportunità.csv": deals, "Chiamate.csv": calls,
                                              "Riunioni.csv": meetings})
    assert "source: sugarcrm" in (tmp_path / "sugar" / "client.yml").read_text(encoding="utf-8")
    got = _october(data, ["deals_won", "deals_lost", "new_revenue", "calls", "meetings"])
    assert got.to_dict() == {"deals_won": 2, "deals_lost": 1, "new_revenue": pytest.approx(22160.0), "calls": 2,
                             "meetings": 1}


@pytest.mark.parametrize("later, won", [
    # a second record of the same customer, amount, close date and owner made two minutes after the first: 2 won
    ("31/08/2026 10:13", 2),
    # the same a day later is another deal: 3 won
    ("01/09/2026 10:13", 3)])
def test_a_deal_entered_twice_minutes_apart_is_one_deal(tmp_path, later, won):
    rows = ["Deal ID;Deal Name;Account;Amount;Status;Close Date;Owner;Created",
            "1;Caruso - Cloud;Alimentari Caruso;20940;Won;24/10/2026;Ann Lee;04/10/2026 11:50",
            "2;Emiliana - E-commerce;Alimentari Emiliana;5810;Won;10/10/2026;Ann Lee;31/08/2026 10:11",
            f"3;Emiliana - E-commerce;Alimentari Emiliana;5810;Won;10/10/2026;Ann Lee;{later}",
            "4;Bassi - Magazzino;Meccanica Bassi;3000;Lost;20/10/2026;Bob Roy;14/09/2026 07:57"]
    _, data, report = _drafted(tmp_path / "twice", "deals.csv", rows)
    assert _october(data, ["deals_won"])["deals_won"] == won
    said = [i["message"] for i in report.issues if "entered twice" in i["message"]]
    assert len(said) == (won == 2), said


def test_a_highlevel_opportunities_export_dates_its_won_and_lost_by_its_day_counts(tmp_path):
    # HighLevel writes no close date: a won or lost opportunity's day is "Updated on" plus "Days Since Last Updated"
    # less "Days Since Last Status Change". Read by "Updated on", o2 (won 29 September, updated 3 October) was a
    # deal won in October. By hand: o1 2026-10-20 + 2 − 2 = 20 October (won, 1,500); o2 2026-10-03 + 29 − 32 =
    # 30 September; o3 2026-10-16 + 16 − 16 = 16 October (lost). October: 1 won of 1,500, 1 lost
    head = ("Opportunity Name,Contact Name,email,pipeline,stage,Lead Value,source,assigned,Created on,Updated on,"
            "lost reason name,status,Opportunity ID,Contact ID,Days Since Last Stage Change,"
            "Days Since Last Status Change,Days Since Last Updated")
    rows = [head,
            "Ann - Botox,Ann Berg,ann@x.com,New Patient Leads,Treatment Sold,1500,Google,Ashley Nguyen,"
            "2026-10-01T10:00:00.000Z,2026-10-20T10:00:00.000Z,,won,o1,c1,2,2,2",
            "Bob - Peel,Bob Lee,bob@y.com,New Patient Leads,Treatment Sold,1625,Walk-in,Ashley Nguyen,"
            "2026-09-01T10:00:00.000Z,2026-10-03T02:29:40.531Z,,won,o2,c2,32,32,29",
            "Cy - Laser,Cy Roe,cy@z.com,New Patient Leads,Consult,900,Google,Marcus Reyes,"
            "2026-09-10T10:00:00.000Z,2026-10-16T21:17:10.351Z,Price,lost,o3,c3,16,16,16",
            "Di - Filler,Di Fox,di@w.com,New Patient Leads,Consult,700,Google,Marcus Reyes,"
            "2026-10-10T10:00:00.000Z,2026-10-30T10:00:00.000Z,,open,o4,c4,5,20,2"]
    text, data, _ = _drafted(tmp_path / "ghl", "opportunities.csv", rows)
    assert "source: highlevel" in text and "close_date: Updated on" not in text, text
    got = _october(data, ["deals_won", "deals_lost", "new_revenue"])
    assert got.to_dict() == {"deals_won": 1, "deals_lost": 1, "new_revenue": 1500.0}
    assert data.opportunities.set_index("opportunity_id").loc["o2", "close_date"] == pd.Timestamp("2026-09-30")


def test_a_status_of_its_own_beside_stages_that_say_won_and_lost(tmp_path):
    # Pipeline CRM: "Status" Hot / Warm / Cold (how warm an open deal is, blank once closed) beside "Stage" Won /
    # Lost: read by "Status", no deal was won or lost. By hand, October (by "Closed Date"): won 1 (12,000), lost 1
    rows = ['"Deal ID","Deal Name","Company","Stage","Probability","Value","Deal Owner","Status",'
            '"Expected Close Date","Closed Date","Created"',
            '"1","Monument Sign","Chesapeake","Won","100","12000.00","Luis Ortega","","10/20/2026","10/14/2026",'
            '"09/01/2026 02:10 PM"',
            '"2","LED Center","Capitol","Lost","0","6900.00","Tom Brennan","","10/30/2026","10/21/2026",'
            '"09/02/2026 11:31 AM"',
            '"3","Channel Letters","Heritage","Qualified","25","4000.00","Tom Brennan","Warm","12/14/2026","",'
            '"10/02/2026 11:31 AM"',
            '"4","Pylon","Apex","Proposal Sent","50","8000.00","Luis Ortega","Hot","12/20/2026","",'
            '"10/03/2026 11:31 AM"',
            '"5","Wayfinding","Bolt","Site Survey","40","3000.00","Luis Ortega","Cold","12/21/2026","",'
            '"10/04/2026 11:31 AM"']
    _, data, _ = _drafted(tmp_path / "pipeline", "deals_export_2026-11-01.csv", rows)
    got = _october(data, ["deals_won", "deals_lost", "new_revenue"])
    assert got.to_dict() == {"deals_won": 1, "deals_lost": 1, "new_revenue": 12000.0}


def test_a_voicemail_left_is_no_call_held(tmp_path):
    # Pipeline CRM's activities: "Category" Phone Call, Left Voicemail, Email, Note, Meeting, Inbound Call. By hand,
    # October: calls 2 (a phone call, an inbound call), e-mails 1, meetings 1; the voicemail left is no call
    rows = ['"Created At","Category","Title","Created By","Deal","Company"',
            '"10/13/2026 10:00 AM","Phone Call","Follow-up","Tom Brennan","LED","Capitol"',
            '"10/14/2026 10:00 AM","Left Voicemail","Follow-up","Tom Brennan","LED","Capitol"',
            '"10/15/2026 10:00 AM","Email","Quote","Tom Brennan","LED","Capitol"',
            '"10/16/2026 10:00 AM","Note","Called back","Tom Brennan","LED","Capitol"',
            '"10/17/2026 10:00 AM","Meeting","Site survey","Luis Ortega","Sign","Chesapeake"',
            '"10/18/2026 10:00 AM","Inbound Call","Question","Luis Ortega","Sign","Chesapeake"']
    _, data, _ = _drafted(tmp_path / "acts", "activities_export_2026-11-01.csv", rows)
    got = _october(data, ["calls", "emails", "meetings"])
    assert got.to_dict() == {"calls": 2, "emails": 1, "meetings": 1}


def test_calls_from_one_extension_to_another_are_between_colleagues(tmp_path):
    # Zoom Phone's call log: 1008 → 1006 and a test of the emergency line 2004 → 933 are calls between colleagues;
    # "Recorded" is a call connected. By hand, October: made and held c1 (connected), c2 (Auto Recorded) = 2 calls
    # with customers; c3 and c4 internal; c5 came in (Recorded); c6 not answered
    rows = ['"Date & Time","Caller Name","Caller Number","Callee Name","Callee Number","Direction","Result","Path",'
            '"Duration"',
            '"10/13/2026 10:00:00 AM","Ann Lee","1004","ACME","+16195550100","Outbound","Call connected","PSTN",'
            '"00:05:00"',
            '"10/14/2026 10:00:00 AM","Ann Lee","1004","BETA","+16195550101","Outbound","Auto Recorded","PSTN",'
            '"00:04:00"',
            '"10/15/2026 10:00:00 AM","Bob Roy","1008","Ann Lee","1006","Outbound","Call connected","Extension",'
            '"00:02:00"',
            '"10/16/2026 10:00:00 AM","Lobby","2004","911","933","Outbound","Call connected","PSTN","00:00:30"',
            '"10/17/2026 10:00:00 AM","CORE","+16195550102","Ann Lee","1004","Inbound","Recorded","Call Queue",'
            '"00:06:00"',
            '"10/18/2026 10:00:00 AM","Ann Lee","1004","DELTA","+16195550103","Outbound","No Answer","PSTN",'
            '"00:00:00"']
    _, data, report = _drafted(tmp_path / "zoom", "call_logs_2026-05-01_2026-11-01.csv", rows)
    assert _october(data, ["calls"])["calls"] == 2
    said = [i["message"] for i in report.issues if "between colleagues" in i["message"]]
    assert said and said[0].startswith("2 calls were between colleagues"), said


def test_a_deal_amount_converted_into_the_system_currency_is_the_amount(tmp_path):
    # EspoCRM: "amount" in each deal's currency, "amountCurrency" its code, "amountConverted" in the system's (PLN,
    # EUR at 4.27). Read by "amount", the deal in euros had no amount for want of a rate. By hand, October: won
    # 5,990.00 + 1,000 EUR × 4.27 = 4,270.00 → 10,260.00 PLN
    rows = ["id;name;amount;amountCurrency;amountConverted;stage;probability;closeDate;createdAt;assignedUserName",
            'o1;"Pająk – Serwis";5990;PLN;5990;"Closed Won";100;2026-10-10;"2026-09-01 09:29:46";"Anna Wójcik"',
            'o2;"Nowak – Licencje";1000;EUR;4270;"Closed Won";100;2026-10-12;"2026-09-02 09:29:46";"Anna Wójcik"',
            'o3;"Lis – Wdrożenie";3000;PLN;3000;"Closed Lost";0;2026-10-14;"2026-09-03 09:29:46";"Jan Lis"']
    text, data, _ = _drafted(tmp_path / "espo", "Export_Opportunity.csv", rows)
    assert "currency: PLN" in text, text
    assert _october(data, ["new_revenue"])["new_revenue"] == pytest.approx(10260.0)


def test_an_osticket_export_reads_its_current_status_beside_a_closed_date(tmp_path):
    # osTicket stamps a "Closed Date" and keeps it when a ticket is reopened; "Current Status" says it is open
    # again. Read without the status, 469352 was closed in October. By hand, October: opened 3, closed 1 (469350,
    # 26 hours)
    rows = ['"Ticket Number","Date Created",Subject,From,Priority,Department,"Current Status","Last Updated",'
            '"Closed Date","Agent Assigned","Reopen Count"',
            '469350,"2026-10-05 08:00:00","Login",Rhea,Normal,Support,Closed,"2026-10-06 10:00:00",'
            '"2026-10-06 10:00:00","Kevin O\'Neill",',
            '469351,"2026-10-06 08:00:00","Invoice",Tom,Normal,Billing,Open,"2026-10-06 09:00:00",,"Kevin O\'Neill",',
            '469352,"2026-10-07 08:00:00","Export",Ann,Normal,Support,Open,"2026-10-20 09:00:00",'
            '"2026-10-08 08:00:00","Kevin O\'Neill",1']
    _, data, _ = _drafted(tmp_path / "ost", "Advanced Search Tickets-20261101.csv", rows)
    got = _october(data, ["cases_opened", "cases_closed", "time_to_resolution_hours"])
    assert got.to_dict() == {"cases_opened": 3, "cases_closed": 1, "time_to_resolution_hours": 26.0}


def test_a_paddle_billing_export_prices_in_cents_per_seat_and_cycle(tmp_path):
    # Paddle Billing: one row per subscription item, "unit_price_amount" in cents per seat for every
    # "billing_cycle_frequency" "billing_cycle_interval"s; a trial pays nothing. MRR at the end of October by hand:
    # s1 19.00 × 3 seats = 57.00 + its add-on item 5.00 = 62.00; s2 120.00 a year = 10.00; s3 a quarter's 90.00 =
    # 30.00; s4 trialing 0 → 102.00
    head = ("subscription_id,status,customer_id,customer_email,currency_code,created_at,updated_at,started_at,"
            "canceled_at,billing_cycle_interval,billing_cycle_frequency,item_status,product_name,quantity,"
            "unit_price_amount,unit_price_currency_code")
    rows = [head,
            "sub_1,active,ctm_1,a@x.de,EUR,2026-09-01T10:00:00Z,2026-10-01T10:00:00Z,2026-09-01T10:00:00Z,,month,1,"
            "active,Team,3,1900,EUR",
            "sub_1,active,ctm_1,a@x.de,EUR,2026-09-01T10:00:00Z,2026-10-01T10:00:00Z,2026-09-01T10:00:00Z,,month,1,"
            "active,Storage,1,500,EUR",
            "sub_2,active,ctm_2,b@y.de,EUR,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,2026-03-01T10:00:00Z,,year,1,"
            "active,Starter,1,12000,EUR",
            "sub_3,past_due,ctm_3,c@z.de,EUR,2026-08-01T10:00:00Z,2026-10-20T10:00:00Z,2026-08-01T10:00:00Z,,month,"
            "3,active,Business,1,9000,EUR",
            "sub_4,trialing,ctm_4,d@w.de,EUR,2026-10-24T10:00:00Z,2026-10-24T10:00:00Z,2026-10-24T10:00:00Z,,month,"
            "1,trialing,Starter,1,1900,EUR"]
    text, data, _ = _drafted(tmp_path / "paddle", "subscriptions_export_2026-11-01.csv", rows)
    assert "source: paddle" in text, text
    assert _october(data, ["mrr"])["mrr"] == pytest.approx(102.0)


def test_a_list_of_churn_events_beside_the_subscriptions_is_no_activity_log(tmp_path):
    # RavenStack: "ravenstack_churn_events.csv" (an account's churn date and reason) was read as activities by the
    # word "event" in its name: 28 meetings in December. The subscriptions' end dates say the churn
    subs = ["subscription_id,account_id,start_date,end_date,mrr_amount",
            "S-1,A-1,2026-01-01,,100", "S-2,A-2,2026-02-01,2026-10-15,50"]
    churn = ["churn_event_id,account_id,churn_date,reason_code,refund_amount_usd,feedback_text",
             "C-1,A-2,2026-10-15,pricing,4.03,switched to competitor"]
    data, _ = _folder_of(tmp_path / "saas", {"ravenstack_subscriptions.csv": subs,
                                             "ravenstack_churn_events.csv": churn})
    assert not data.has("activities")
    text = (tmp_path / "saas" / "client.yml").read_text(encoding="utf-8")
    assert "# not used: ravenstack_churn_events.csv: a list of subscriptions ended" in text, text


def test_help_desk_exports_in_german_and_french(tmp_path):
    # Freshdesk in German: "Erstellzeit", "Gelöst-Zeit", "Bewertung der Kundenzufriedenheit" (read by no name
    # before: no ticket had an opening date). By hand, October: opened 2, closed 1 (26 hours), CSAT 4 ("Zufrieden")
    # ("Sehr zufrieden" in September sets the five answers of its scale)
    rows = ["Ticket-ID,Betreff,Status,Priorität,Agent,Erstellzeit,Gelöst-Zeit,Geschlossen-Zeit,"
            "Bewertung der Kundenzufriedenheit",
            "1,Login,Geschlossen,Niedrig,Eva Roth,2026-10-05 08:00:00,2026-10-06 10:00:00,2026-10-08 10:00,Zufrieden",
            "2,VPN,Offen,Hoch,Jan Vogt,2026-10-06 09:00:00,,,",
            "3,Mail,Geschlossen,Hoch,Jan Vogt,2026-09-06 09:00:00,2026-09-06 10:00:00,,Sehr zufrieden"]
    _, data, _ = _drafted(tmp_path / "fd", "tickets-2026-11-01-090012.csv", rows)
    got = _october(data, ["cases_opened", "cases_closed", "time_to_resolution_hours"])
    assert got.to_dict() == {"cases_opened": 2, "cases_closed": 1, "time_to_resolution_hours": 26.0}
    assert data.cases["csat"].dropna().tolist() == [4.0, 5.0]
    # Zendesk in French: "Bon, avec commentaire" is "Bon", "Non proposé" no answer. By hand: 3 rated, 2 good of
    # Bon / Mauvais read as 5 / 1: (5 + 5 + 1) / 3
    rows = ["ID du ticket,Sujet,Statut,Créé le,Résolu le,Satisfaction",
            "1,A,Résolu,05/10/2026 10:00,05/10/2026 12:00,Bon",
            "2,B,Résolu,06/10/2026 10:00,06/10/2026 12:00,\"Bon, avec commentaire\"",
            "3,C,Résolu,07/10/2026 10:00,07/10/2026 12:00,Mauvais",
            "4,D,Résolu,08/10/2026 10:00,08/10/2026 12:00,Non proposé"]
    _, data, _ = _drafted(tmp_path / "zd", "export-2026-11-01-tous-les-tickets.csv", rows)
    assert data.cases["csat"].dropna().tolist() == [5.0, 5.0, 1.0]


def test_a_deal_moved_into_another_is_no_deal_lost(tmp_path):
    # Creatio: the final stage "Translated to other opportunity" (the deal went into another). Read as lost, it
    # was one of October's deals lost. By hand: 1 won, 1 lost, not 2 lost
    rows = ["Title,Customer,Stage,Amount,Close date,Owner,Created on",
            "Fleet,Acme,Closed won,5000,10/14/2026,Megan Lee,09/01/2026",
            "Renewal,Beta,Closed lost,3000,10/15/2026,Megan Lee,09/02/2026",
            "Upsell,Beta,Translated to other opportunity,2000,10/16/2026,Megan Lee,09/03/2026",
            "Support,Core,Proposal,1000,12/20/2026,Megan Lee,10/03/2026"]
    _, data, report = _drafted(tmp_path / "creatio", "Opportunities.csv", rows)
    assert _october(data, ["deals_won", "deals_lost"]).to_dict() == {"deals_won": 1, "deals_lost": 1}
    assert report.totals()["rows_excluded"] == 1


def test_a_sales_engagement_tools_emails_file_is_emails_sent_not_ad_spend(tmp_path):
    # Salesloft's "emails_….csv" (Date, Views, Clicks, Replies, Status) was read as ad spend by its views and clicks,
    # then its replies as whether each was sent. By hand, October: sent 3 (sent, sent_from_gmail, sent_from_external);
    # failed and cancelled not; the November one is scheduled
    rows = ["Email ID,Date,User,Recipient Email,Account,Subject,Status,Bounced,Views,Clicks,Replies",
            "1,10/13/2026 11:47 AM,Kayla Jenkins,a@x.com,X,Hi,sent,false,2,0,0",
            "2,10/14/2026 11:47 AM,Kayla Jenkins,b@y.com,Y,Hi,sent_from_gmail,false,0,0,1",
            "3,10/15/2026 11:47 AM,Kayla Jenkins,c@z.com,Z,Hi,sent_from_external,true,0,0,0",
            "4,10/16/2026 11:47 AM,Kayla Jenkins,d@w.com,W,Hi,failed,false,0,0,0",
            "5,10/17/2026 11:47 AM,Kayla Jenkins,e@v.com,V,Hi,cancelled,false,0,0,0",
            "6,11/04/2026 11:47 AM,Kayla Jenkins,f@u.com,U,Hi,scheduled,false,0,0,0"]
    text, data, _ = _drafted(tmp_path / "sl", "emails_2026-11-01.csv", rows)
    assert "marketing_spend" not in data.tables, text
    assert _october(data, ["emails"])["emails"] == 3


def test_a_mollie_dashboards_test_mode_in_dutch_and_its_payments_beside_the_subscriptions(tmp_path):
    # Mollie's dashboard in Dutch says "Modus" (live / test): a test subscription counted in MRR; its "betalingen"
    # (payments) beside the subscriptions were read as 3 more subscriptions without a start. MRR by hand: 29.95
    subs = ["ID;Klant-ID;Modus;Status;Bedrag;Valuta;Interval;Startdatum;Geannuleerd op",
            "sub_1;cst_1;live;active;29,95;EUR;1 month;04-10-2026;",
            "sub_2;cst_2;test;active;299,00;EUR;12 months;05-10-2026;"]
    pays = ["ID;Datum;Status;Bedrag;Valuta;Klant-ID;Abonnement-ID",
            "tr_1;04-10-2026 10:00:00;paid;29,95;EUR;cst_1;sub_1",
            "tr_2;05-10-2026 10:00:00;paid;299,00;EUR;cst_2;sub_2",
            "tr_3;06-10-2026 10:00:00;paid;0,01;EUR;cst_1;"]
    data, report = _folder_of(tmp_path / "mollie", {"abonnementen.csv": subs, "betalingen.csv": pays})
    assert data.contracts["contract_id"].tolist() == ["sub_1"]
    assert _october(data, ["mrr"])["mrr"] == pytest.approx(29.95)


def test_a_recurly_export_prices_in_cents_per_seat_and_interval(tmp_path):
    # Recurly: "subscription_unit_amount_in_cents" 2500 for 25.00 a seat, 26 seats, a yearly plan of 12 months.
    # MRR by hand: 39.00 + 25.00 × 26 = 689.00 + 120,000 cents / 100 / 12 = 100.00 → 789.00
    rows = ["uuid,account_code,plan_code,plan_interval_length,plan_interval_unit,state,subscription_quantity,"
            "subscription_unit_amount_in_cents,currency,activated_at,canceled_at,expires_at",
            "a1,helix-1,starter-monthly,1,months,active,1,3900,USD,2026-10-25 19:27:09 PDT,,",
            "a2,orbit-2,team-monthly,1,months,active,26,2500,USD,2026-09-25 13:07:54 PDT,,",
            "a3,kite-3,pro-yearly,12,months,active,1,120000,USD,2026-01-10 10:00:00 PST,,"]
    _, data, _ = _drafted(tmp_path / "recurly", "subscriptions_live_2026-11-01.csv", rows)
    assert _october(data, ["mrr"])["mrr"] == pytest.approx(789.0)


def test_dynamics_german_actual_close_date_dates_the_won_and_lost_deals(tmp_path):
    # Dynamics 365 in German writes "Tatsächliches Schlussdatum" beside "Geschätztes Schlussdatum": read by the
    # plan, October's deals decided in other months were left out (20 won for 28). By hand: October holds deal 1
    # (won, planned for September) and deal 2 (lost, planned for November); deal 3 was won in September
    rows = ["(Nicht ändern) Verkaufschance;Thema;Potenzieller Kunde;Status;Tatsächlicher Umsatz;Geschätzter Umsatz;"
            "Geschätztes Schlussdatum;Tatsächliches Schlussdatum;Erstellt am;Besitzer",
            "a1;Lizenz;Nordwind AG;Gewonnen;12.000,00 €;10.000,00 €;20.09.2026;14.10.2026;01.08.2026;Jonas Weber",
            "a2;Wartung;Alpina GmbH;Verloren;0,00 €;8.000,00 €;20.11.2026;15.10.2026;01.08.2026;Jonas Weber",
            "a3;Schulung;Polder BV;Gewonnen;5.000,00 €;5.000,00 €;20.10.2026;18.09.2026;01.08.2026;Anna Koch",
            "a4;Beratung;Nordwind AG;Offen;;7.000,00 €;20.12.2026;;01.09.2026;Anna Koch"]
    _, data, _ = _drafted(tmp_path / "dyn", "Alle Verkaufschancen 01.11.2026 09-00-41.csv", rows)
    got = _october(data, ["deals_won", "deals_lost", "new_revenue"])
    assert (got["deals_won"], got["deals_lost"], got["new_revenue"]) == (1, 1, 12000)


def test_hubspots_wide_activities_export_reads_each_kinds_own_status(tmp_path):
    # HubSpot's "all activities" export: a "Task status", a "Call status" and a "Meeting outcome", each blank on the
    # other kinds' rows. Only the first was read (every call dialled was held: 44 for 27) and the meeting's outcome
    # was taken for a call's result. By hand: calls held 1 (row 1), meetings held 1 (row 4), tasks done 1 (row 7)
    rows = ["Record ID,Activity type,Activity date,Activity assigned to,Call status,Meeting outcome,Task status",
            "1,CALL,2026-10-01 09:00,Ann Berg,COMPLETED,,", "2,CALL,2026-10-02 09:00,Ann Berg,NO_ANSWER,,",
            "3,CALL,2026-10-03 09:00,Ann Berg,BUSY,,", "4,MEETING,2026-10-04 09:00,Ann Berg,,Completed,",
            "5,MEETING,2026-10-05 09:00,Ann Berg,,No show,", "6,MEETING,2026-10-06 09:00,Ann Berg,,Canceled,",
            "7,TASK,2026-10-07 09:00,Ann Berg,,,Completed", "8,TASK,2026-10-08 09:00,Ann Berg,,,Not started"]
    _, data, _ = _drafted(tmp_path / "hs", "hubspot-crm-exports-all-activities-2026-11-01.csv", rows)
    got = _october(data, ["calls", "meetings"])
    assert (got["calls"], got["meetings"]) == (1, 1)
    assert data.activities["completed"].tolist() == [True, False, False, True, False, False, True, False]


@pytest.mark.parametrize("name, rows", [
    # 3CX in German: "Richtung" Intern beside Eingehend / Ausgehend
    ("Anrufprotokoll.csv", ["Anrufzeit,Von,Nach,Richtung,Status,Gesprächsdauer,Agent",
                            "01.10.2026 09:00:00,+4930111,Vertrieb (800),Eingehend,Beantwortet,00:04:00,Jan",
                            "01.10.2026 10:00:00,Jan (101),+4930222,Ausgehend,Beantwortet,00:02:00,Jan",
                            "01.10.2026 11:00:00,Jan (101),Eva (102),Intern,Beantwortet,00:01:00,Jan",
                            "01.10.2026 12:00:00,+4930333,Vertrieb (800),Eingehend,Nicht beantwortet,00:00:00,"]),
    # CloudTalk: its "Type" of incoming / outgoing / internal, whatever its header
    ("cloudtalk_calls_history.csv", ["Call ID,Date,Type,Status,Agent,Talking time",
                                     "1,2026-10-01 09:00:00,incoming,answered,Jan,240",
                                     "2,2026-10-01 10:00:00,outgoing,answered,Jan,120",
                                     "3,2026-10-01 11:00:00,internal,answered,Jan,60",
                                     "4,2026-10-01 12:00:00,incoming,missed,,0"]),
    # Ringover in French: "Interne", and its "Statut" Répondu / Annulé (every call had been held: 102 for 56)
    ("ringover_historique_appels.csv", ["ID appel;Date;Heure;Direction;Statut;Utilisateur",
                                        "1;01/10/2026;09:00:00;Entrant;Répondu;Julie",
                                        "2;01/10/2026;10:00:00;Sortant;Répondu;Julie",
                                        "3;01/10/2026;11:00:00;Interne;Répondu;Julie",
                                        "4;01/10/2026;12:00:00;Sortant;Annulé;Julie"])])
def test_a_call_between_colleagues_is_no_call_with_a_customer(tmp_path, name, rows):
    # by hand: 1 call made to a customer and held (row 2); row 1 came in (a customer's call, no call a rep made), row
    # 3 between colleagues, row 4 not answered
    _, data, report = _drafted(tmp_path / "calls", name, rows)
    assert _october(data, ["calls"])["calls"] == 1 and len(data.activities) == 4
    assert [i["message"] for i in report.issues if "between colleagues" in i["message"]][0].startswith("1 call was")
    # rows 1 and 4 came in (Ringover's row 4 went out and was called off)
    came_in = "1 call came in" if name.startswith("ringover") else "2 calls came in"
    assert [i["message"] for i in report.issues if "came in" in i["message"]][0].startswith(came_in)


def test_freshdesks_dutch_satisfaction_column_is_read(tmp_path):
    # Freshdesk in Dutch: "Resultaat klanttevredenheid" was no satisfaction header, so the desk had none. By hand:
    # 2 answers, "Zeer tevreden" the best and "Ontevreden" below the middle of the scale
    rows = ["Ticket-ID,Onderwerp,Status,Aangemaakt op,Opgelost op,Resultaat klanttevredenheid",
            "1,Levering,Opgelost,01-10-2026 09:00:00,01-10-2026 12:00:00,Zeer tevreden",
            "2,Factuur,Gesloten,02-10-2026 09:00:00,02-10-2026 12:00:00,Ontevreden",
            "3,Retour,Open,03-10-2026 09:00:00,,"]
    text, data, _ = _drafted(tmp_path / "fd", "tickets-31-10-2026.csv", rows)
    assert "csat: Resultaat klanttevredenheid" in text
    assert data.cases["csat"].notna().tolist() == [True, True, False]
    assert data.cases["csat"].iloc[0] > data.cases["csat"].iloc[1]


def test_a_woocommerce_subscriptions_total_holds_its_tax_and_zero_is_no_date(tmp_path):
    # WooCommerce: "order_total" holds the VAT that "order_tax" says, and an unset date is written "0" (its
    # end_date was refused as no date column, so a cancelled subscription never ended). MRR by hand at 31 October:
    # (53.55 - 8.55) / 3 = 15.00 for the quarter; 11.90 - 1.90 = 10.00 a month; the one ended in October counts no more
    rows = ["subscription_id,subscription_status,customer_id,start_date,end_date,billing_period,billing_interval,"
            "order_tax,order_total,order_currency",
            "1,wc-active,11,2026-10-30 17:46:37,0,month,3,8.55,53.55,EUR",
            "2,wc-active,12,2026-01-05 10:00:00,0,month,1,1.90,11.90,EUR",
            "3,wc-cancelled,13,2026-02-05 10:00:00,2026-10-05 10:00:00,month,1,1.90,11.90,EUR"]
    text, data, report = _drafted(tmp_path / "woo", "subscriptions.csv", rows)
    assert "end_date: end_date" in text
    assert _october(data, ["mrr"])["mrr"] == pytest.approx(25.0)
    assert not [i for i in report.issues if "not a date" in i["message"].lower()]


def test_a_salesforce_data_export_counts_each_email_once_and_each_meeting_once(tmp_path):
    # Enhanced Email: each e-mail is an EmailMessage (its "Incoming" says which way) and a Task its ActivityId
    # names; an invitee's copy of a meeting is an Event "IsChild" true. Read as they stood, the EmailMessage file
    # was leads, every e-mail task counted as sent and the copies as meetings. By hand, October: e-mails sent 1
    # (m1; m2 came in, m3 is a draft), calls held 1 (t3; t4 not started), meetings 1 (e1; e2 is its copy)
    files = {
        "Task.csv": ['"Id","OwnerId","Subject","ActivityDate","Status","TaskSubtype","IsDeleted"',
                     '"00T1","0051","Email: Quote","2026-10-01","Completed","Email","false"',
                     '"00T2","0051","Email: Re: Quote","2026-10-02","Completed","Email","false"',
                     '"00T3","0051","Call","2026-10-03","Completed","Call","false"',
                     '"00T4","0051","Call","2026-10-04","Not Started","Call","false"'],
        "EmailMessage.csv": ['"Id","ActivityId","CreatedById","Incoming","MessageDate","Status","IsDeleted",'
                             '"CreatedDate"',
                             '"02s1","00T1","0051","false","2026-10-01T09:00:00.000Z","3","false","2026-10-01T09:00:00.000Z"',
                             '"02s2","00T2","0051","true","2026-10-02T09:00:00.000Z","1","false","2026-10-02T09:00:00.000Z"',
                             '"02s3","","0051","false","","5","false","2026-10-05T09:00:00.000Z"'],
        "Event.csv": ['"Id","OwnerId","Subject","StartDateTime","EventSubtype","IsChild","IsGroupEvent","IsDeleted"',
                      '"00U1","0051","Demo","2026-10-06T09:00:00.000Z","Event","false","true","false"',
                      '"00U2","0052","Demo","2026-10-06T09:00:00.000Z","Event","true","true","false"']}
    data, report = _folder_of(tmp_path / "sf", files)
    assert "leads" not in data.tables
    got = _october(data, ["emails", "calls", "meetings"])
    assert (got["emails"], got["calls"], got["meetings"]) == (1, 1, 1)
    assert report.totals()["rows_read"] == report.totals()["rows_kept"] + report.totals()["rows_excluded"]


@pytest.mark.parametrize("name, rows, kpis, expected", [
    # Agendor (Brazil): a deal's "Data de conclusão" is when it was won or lost; without it 674 decided deals had no
    # month. By hand: won 2 of 3 decided in October, R$ 1.000,00 + R$ 2.500,00 = 3,500
    ("negocios.csv", ["Título;Empresa;Responsável;Etapa;Status;Valor Total;Data de criação;Data de conclusão",
                      "Alfa;Acme;Ana;Fechamento;Ganho;R$ 1.000,00;14/09/2026;14/10/2026",
                      "Beta;Bravo;Ana;Fechamento;Ganho;R$ 2.500,00;15/09/2026;15/10/2026",
                      "Gama;Cia;Ana;Proposta;Perdido;R$ 900,00;16/09/2026;16/10/2026",
                      "Delta;Dado;Ana;Proposta;Em andamento;R$ 700,00;17/09/2026;"],
     ["deals_won", "deals_lost", "new_revenue"], [2, 1, 3500]),
    # amoCRM in Russian: "Бюджет ₽" is the amount (its sign no part of its name), "Дата создания сделки" the
    # creation; a lost deal whose "Причина отказа" is "Дубль" was a second record; "Тестовая сделка" a test, and
    # "Тестомес спиральный" (a dough mixer) a sale. By hand: won 2 (100 000 + 50 000), lost 1
    ("amocrm_export_leads_2026-11-01.csv",
     ["ID,Название сделки,Бюджет ₽,Ответственный,Дата создания сделки,Дата закрытия,Этап сделки,Причина отказа",
      "1,Тестомес спиральный,100000,Игорь,14.09.2026 10:00:00,14.10.2026 10:00:00,Успешно реализовано,",
      "2,Мясорубка,50000,Игорь,15.09.2026 10:00:00,15.10.2026 10:00:00,Успешно реализовано,",
      "3,Тестовая сделка,1,Игорь,16.09.2026 10:00:00,16.10.2026 10:00:00,Успешно реализовано,",
      "4,Слайсер,7000,Игорь,17.09.2026 10:00:00,17.10.2026 10:00:00,Закрыто и не реализовано,Дорого",
      "5,Слайсер,7000,Игорь,17.09.2026 10:05:00,18.10.2026 10:00:00,Закрыто и не реализовано,Дубль",
      "6,Печь,9000,Игорь,18.09.2026 10:00:00,не закрыта,Переговоры,"],
     ["deals_won", "deals_lost", "new_revenue"], [2, 1, 150000]),
    # Bitrix24 in German: "Betrag/Währung" the amount, "Abgeschlossen" Ja the closed flag, "Auftrag bekommen" won;
    # "Testauftrag CRM-Formular" (its "Auftragsname") a test. By hand: won 1 (27.840 €), lost 1
    ("DEAL_20261101_7c1e2a4b.csv",
     ["ID;Auftragsname;Phase;Betrag/Währung;Währung;Verantwortlich;Abgeschlossen;Erstellt am;"
      "Voraussichtliches Abschlussdatum",
      "1;Wärmepumpe – Familie Testa;Auftrag bekommen;27.840 €;Euro;Thomas;Ja;14.09.2026 10:00:00;16.10.2026",
      "2;Testauftrag CRM-Formular;Auftrag bekommen;1.234,56 €;Euro;Thomas;Ja;15.09.2026 10:00:00;17.10.2026",
      "3;Badsanierung;Auftrag nicht bekommen;9.000 €;Euro;Thomas;Ja;16.09.2026 10:00:00;18.10.2026",
      "4;Dach;Neu;5.000 €;Euro;Thomas;Nein;17.09.2026 10:00:00;20.11.2026"],
     ["deals_won", "deals_lost", "new_revenue"], [1, 1, 27840]),
    # noCRM.io calls its deals leads ("leads_export"): Statut Gagné / Perdu, a Montant; read as Pipedrive's leads,
    # no deal was won. By hand: won 1 (14 500), lost 1
    ("leads_export_2026-11-01.csv", ["ID;Titre;Étape;Statut;Montant;Utilisateur;Date de création;Date de clôture",
                                     "1;Hôtel Mercier;Négociation;Gagné;14500,00;Léa;14/09/2026 10:00;14/10/2026 10:00",
                                     "2;Studio Roux;Négociation;Perdu;6500,00;Léa;15/09/2026 10:00;15/10/2026 10:00",
                                     "3;Café Roux;Découverte;En cours;3000,00;Léa;16/09/2026 10:00;"],
     ["deals_won", "deals_lost", "new_revenue"], [1, 1, 14500]),
    # SAP Sales Cloud: "Erwarteter Wert" is the deal's amount (beside its "Gewichteter Wert"). By hand: 120 000
    ("Opportunitys.csv", ["Opportunity-ID;Bezeichnung;Account;Verantwortlicher;Status;Erwarteter Wert;"
                          "Gewichteter Wert;Erstellt am;Abschlussdatum",
                          "1;Linie A;Acme;Eva;Gewonnen;120.000,00 EUR;120.000,00 EUR;14.09.2026;14.10.2026",
                          "2;Linie B;Bravo;Eva;Verloren;80.000,00 EUR;0,00 EUR;15.09.2026;15.10.2026",
                          "3;Linie C;Cia;Eva;Offen;50.000,00 EUR;25.000,00 EUR;16.09.2026;16.12.2026"],
     ["new_revenue"], [120000]),
])
def test_deals_of_crms_in_portuguese_russian_german_and_french_are_read(tmp_path, name, rows, kpis, expected):
    _, data, _ = _drafted(tmp_path / "x", name, rows)
    got = _october(data, kpis)
    assert [got[k] for k in kpis] == expected


def test_a_ticket_exports_count_of_reopenings_is_no_summary_table(tmp_path):
    # Zoho Desk in French: "Nombre de réouvertures" beside each ticket's own "ID" is a count of the ticket's own,
    # no pivot's total ("Nombre de" is French for "number of"): the export was refused. Its "Heure de fermeture du
    # ticket" is when it was closed. By hand: 2 opened and 2 closed in October, 2 h and 4 h: median 3 h
    rows = ['"ID","N° de ticket","Objet","Statut","Propriétaire du ticket","Heure de création",'
            '"Heure de modification","Heure de fermeture du ticket","Nombre de réouvertures"']
    rows += [f'"4122330000187683{i}","64{i}","Demande {i}","Fermé","Inès","{d}/10/2026 09:00","31/10/2026 20:00",'
             f'"{d}/10/2026 {9 + h:02d}:00","0"' for i, d, h in ((10, 13, 2), (11, 14, 4))]
    rows += [f'"4122330000187683{i}","64{i}","Demande {i}","Ouvert","Inès","{d}/09/2026 09:00","30/09/2026 20:00",'
             f'"","1"' for i, d in ((20 + k, 13 + k) for k in range(10))]
    _, data, _ = _drafted(tmp_path / "zd", "Tickets.csv", rows)
    got = _october(data, ["cases_opened", "cases_closed", "time_to_resolution_hours"])
    assert (got["cases_opened"], got["cases_closed"], got["time_to_resolution_hours"]) == (2, 2, 3)


def test_a_billing_tools_customers_and_coupons_are_no_deals_and_no_subscriptions(tmp_path):
    # Chargebee: "Customers.csv" has a "Card Status" of Valid / Expired (a card, no deal lost) and
    # "SubscriptionCoupons.csv" a coupon's "Apply Till" (read as 1 subscription each without an MRR, the MRR was
    # left undefined). By hand: MRR at the end of October = 100 + 250 + 50 = 400
    subs = ["subscriptions.id,subscriptions.status,subscriptions.started_at,subscriptions.cancelled_at,"
            "subscriptions.mrr,subscriptions.currency_code,customers.id,customers.company",
            "S1,Active,2026-01-10 10:00:00,,100.00,EUR,C1,Acme", "S2,Active,2026-02-10 10:00:00,,250.00,EUR,C2,Bravo",
            "S3,Cancelled,2026-03-10 10:00:00,2026-05-10 10:00:00,0.00,EUR,C3,Cia",
            "S4,Active,2026-10-13 10:00:00,,50.00,EUR,C1,Acme"]
    customers = ["Customer Id,First Name,Company,Card Status,Created At",
                 "C1,Ana,Acme,Valid,2026-01-10 09:00:00", "C2,Bob,Bravo,Expired,2026-02-10 09:00:00",
                 "C3,Cy,Cia,No Card,2026-03-10 09:00:00"]
    coupons = ["Subscription Id,Coupon Id,Coupon Code,Apply Till,Applied Count",
               "S1,WELCOME,WELCOME,2026-03-10 09:36:22,1", "S2,WELCOME,WELCOME,2026-04-10 09:36:22,1"]
    data, _ = _folder_of(tmp_path / "cb", {"Subscriptions.csv": subs, "Customers.csv": customers,
                                           "SubscriptionCoupons.csv": coupons})
    assert "opportunities" not in data.tables and len(data.tables["contracts"]) == 4
    assert _october(data, ["mrr"])["mrr"] == 400


def test_a_call_log_counts_neither_a_transferred_calls_second_leg_nor_a_call_to_the_teams_own_line(tmp_path):
    # Freshcaller: row 2 is the second agent's leg of call 1 ("Parent Call ID" 1); row 3 dialled the team's own
    # line (+1 617 555 0190, its "Phone Number"); row 4 came in. By hand: 2 calls made and held (rows 1 and 5)
    rows = ["Call ID,Parent Call ID,Direction,Status,Call Start Time,Agent,Phone Number,Customer Number,Customer Name",
            "1,,Outgoing,Completed,2026-10-13 09:00:00,Ryan,+16175550190,+15085550941,Ann",
            "2,1,Outgoing,Completed,2026-10-13 09:05:00,Nicole,+16175550190,+15085550941,Ann",
            "3,,Outgoing,Completed,2026-10-14 09:00:00,Marcus,+16175550190,16175550190,",
            "4,,Incoming,Completed,2026-10-15 09:00:00,Ryan,+16175550190,+15085550777,Bob",
            "5,,Outgoing,Completed,2026-10-16 09:00:00,Ryan,+16175550190,+15085550888,Cy"]
    rows += [f"{10 + k},,Outgoing,Completed,2026-09-{13 + k} 09:00:00,Ryan,+16175550190,+1508555{k:04d},Dee"
             for k in range(6)]
    _, data, report = _drafted(tmp_path / "fc", "call_logs_export_2026-11-01.csv", rows)
    assert _october(data, ["calls"])["calls"] == 2
    assert any("leg of a transferred call" in i["message"] for i in report.issues)


#: exports of one vendor each and a KPI counted by hand: (file name, rows, KPI, value)
_SPANISH_DUTCH_PORTUGUESE_AND_REDDIT = [
    # HubSpot tickets in Spanish: "Estado del ticket" is the status, "Nombre del ticket" the name ("Ticket de
    # prueba" a test). By hand: 1 opened in October (row 1; row 2 a test)
    ("hubspot-crm-exports-todos-los-tickets-2026-11-01.csv",
     ["ID del ticket,Nombre del ticket,Estado del ticket,Propietario del ticket,Fecha de creación,Fecha de cierre"]
     + [f"{k},Pedido {k},Cerrado,Ana,2026-09-{13 + k} 09:00,2026-09-{14 + k} 09:00" for k in range(6)]
     + ["10,No puedo entrar,Nuevo,Ana,2026-10-13 09:00,", "11,Ticket de prueba,Nuevo,Ana,2026-10-14 09:00,"],
     "cases_opened", 1),
    # Dynamics 365 in Dutch: "Statusreden" Samengevoegd under "Status" Geannuleerd is a case merged into another.
    # By hand: 1 opened in October (row 1; row 2 merged)
    ("Alle zaken 01-11-2026 09-00-27.csv",
     ["Zaaknummer;Titel;Klant;Eigenaar;Status;Statusreden;Gemaakt op"]
     + [f"CAS-{k};Vraag {k};Acme;Eva;Opgelost;Probleem opgelost;{13 + k}-09-2026 09:00" for k in range(6)]
     + ["CAS-10;Storing;Acme;Eva;Actief;In behandeling;13-10-2026 09:00",
        "CAS-11;RE: Storing;Acme;Eva;Geannuleerd;Samengevoegd;13-10-2026 09:30"],
     "cases_opened", 1),
    # Pipedrive in Portuguese: "TESTE - não mexer" is a test ("don't touch"); "Empresa Teste" in "Negócio -
    # Organização" a test customer. By hand: 1 won (row 1)
    ("deals-9184377-61.csv",
     ["Negócio - ID,Negócio - Título,Negócio - Valor,Negócio - Organização,Negócio - Status,"
      "Negócio - Negócio criado em,Negócio - Ganho em"]
     + [f"{k},Venda {k},1000,Cliente {k},Ganho,2026-08-{13 + k} 09:00:00,2026-09-{13 + k} 09:00:00" for k in range(6)]
     + ["10,Venda A,1000,Acme,Ganho,2026-09-13 09:00:00,2026-10-13 09:00:00",
        "11,TESTE - não mexer,1,Acme,Ganho,2026-09-13 09:00:00,2026-10-14 09:00:00",
        "12,Venda B,1,Empresa Teste,Ganho,2026-09-13 09:00:00,2026-10-15 09:00:00"],
     "deals_won", 1),
    # Reddit Ads: its leads after a click, "Lead (Click-through)". By hand: 3 + 4 = 7 in October
    ("Reddit_Ads_Report_Campaigns_by_Day_2025-01-01_2026-11-01.csv",
     ["Date,Campaign Name,Campaign ID,Currency,Impressions,Clicks,Spend,Lead (Click-through),Lead (View-through)",
      "2026-10-13,Webinar,1,USD,1000,10,12.50,3,1", "2026-10-14,Webinar,1,USD,1000,10,12.50,4,0",
      "2026-09-14,Webinar,1,USD,1000,10,12.50,5,0"],
     "ad_conversions", 7),
]


def test_an_ad_reports_totals_are_its_rows_and_linkedins_leads_add_to_its_conversions(tmp_path):
    # LinkedIn in French: "Total des actions sociales" is a day's total, as every column of an ad report (the export
    # was refused as a summary table); "Date de début (en UTC)" the day, "Total dépensé" the spend; its lead forms'
    # "Leads" beside the website's "Conversions" are two kinds of event. By hand, October: spend 120,50 + 99,50 =
    # 220; leads from ads (3 + 1) + (2 + 0) = 6
    rows = ["Date de début (en UTC)\tNom de la campagne\tTotal dépensé\tImpressions\tClics\t"
            "Total des actions sociales\tConversions\tLeads",
            "13/10/2026\tA\t120,50\t1000\t12\t4\t1\t3", "14/10/2026\tA\t99,50\t900\t9\t2\t0\t2",
            "14/09/2026\tA\t80,00\t800\t8\t1\t0\t1"]
    _, data, _ = _drafted(tmp_path / "li", "account_508814273_campaign_performance_report.csv", rows)
    got = _october(data, ["marketing_spend", "ad_conversions"])
    assert (got["marketing_spend"], got["ad_conversions"]) == (220, 6)


def test_a_call_log_of_public_lines_finds_calls_to_a_colleagues_extension_and_to_its_own_main_number(tmp_path):
    # RingCentral in German: the team's end is its public line, a colleague's a bare extension ("An" 102); a call to
    # the company's own main number (+49 89 21095000, where calls come in) tests it. "Aktionsergebnis" says whether
    # a call was held, "Durchwahl" whose it was. By hand, October: calls made and held 1 (row 1); row 2 not answered,
    # row 3 to a colleague, row 4 to the main number, row 5 came in
    rows = ["Typ,Richtung,Von,An,Durchwahl,Datum,Uhrzeit,Aktionsergebnis,Anrufdauer",
            "Sprache,Ausgehend,+49 89 21095102,+49 176 23199819,102 - Lena,Di. 13.10.2026,09:00,Verbunden,0:02:07",
            "Sprache,Ausgehend,+49 89 21095102,+49 176 23199820,102 - Lena,Di. 13.10.2026,10:00,Keine Antwort,0:00:00",
            "Sprache,Ausgehend,+49 89 21095101,102,101 - Jonas,Mi. 14.10.2026,09:00,Verbunden,0:01:00",
            "Sprache,Ausgehend,+49 89 21095101,+49 89 21095000,101 - Jonas,Mi. 14.10.2026,10:00,Verbunden,0:00:40",
            "Sprache,Eingehend,+49 162 39149686,+49 89 21095000,200 - Vertrieb,Do. 15.10.2026,09:00,Angenommen,0:03:00"]
    rows += [f"Sprache,Ausgehend,+49 89 21095102,+49 176 2319{k:04d},102 - Lena,Mo. {14 + k}.09.2026,09:00,Verbunden,"
             "0:01:00" for k in range(6)]
    _, data, _ = _drafted(tmp_path / "rc", "CallLog_Unternehmen_01.01.2025-01.11.2026.csv", rows)
    assert _october(data, ["calls"])["calls"] == 1
    assert data.activities["owner_id"].notna().all()


#: exports of one vendor each and a KPI counted by hand: (file name, rows, KPI, value)
_POLISH_GERMAN_ITALIAN_SPANISH_AND_FRENCH = [
    # Pipedrive in Polish: its "Deal - Data utworzenia deala" is the creation, "Deal - Powód przegranej" Duplikat a
    # second record, "Firma Testowa Sp. z o.o." in "Deal - Organizacja" a test customer. By hand: lost 1 (row 1)
    ("deals-20261101-0900.csv",
     ["Deal - ID,Deal - Tytuł,Deal - Wartość,Deal - Waluta wartości,Deal - Organizacja,Deal - Status,"
      "Deal - Data utworzenia deala,Deal - Data wygrania,Deal - Data przegrania,Deal - Powód przegranej",
      "1,ERP Techmar,66900,PLN,Techmar s.c.,Przegrany,2026-09-13 08:00:00,,2026-10-13 08:00:00,Cena",
      "2,ERP Techmar,66900,PLN,Techmar s.c.,Przegrany,2026-09-13 08:28:00,,2026-10-13 08:30:00,Duplikat",
      "3,Szkolenie,1000,PLN,Firma Testowa Sp. z o.o.,Przegrany,2026-09-14 08:00:00,,2026-10-14 08:00:00,Cena",
      "4,Wdrożenie,5000,PLN,Alfa,Wygrany,2026-09-15 08:00:00,2026-10-15 08:00:00,,"],
     "deals_lost", 1),
    # Freshsales in German: "Betrag in Basiswährung" holds every deal in the company's currency beside "Betrag" in
    # each deal's own. By hand: 10.000 + 2.200 (a CHF deal of 2.000) = 12.200
    ("deals_export_01-11-2026.csv",
     ['"Name";"Betrag";"Währung";"Betrag in Basiswährung";"Deal-Phase";"Erstellt am";"Abschlussdatum";'
      '"Verantwortlicher"',
      '"Alpha";"10.000,00";"EUR";"10.000,00";"Gewonnen";"14.09.2026";"14.10.2026";"Eva"',
      '"Beta";"2.000,00";"CHF";"2.200,00";"Gewonnen";"15.09.2026";"15.10.2026";"Eva"',
      '"Gamma";"3.000,00";"USD";"2.700,00";"Verloren";"16.09.2026";"16.10.2026";"Eva"'],
     "new_revenue", 12200),
    # HubSpot in Italian: "Nome trattativa" is the deal's name; "prova rinnovo (test workflow)" a test. By hand: won
    # 1 (row 1)
    ("hubspot-crm-exports-tutte-le-trattative-2026-11-01.csv",
     ["ID record,Nome trattativa,Fase della trattativa,Importo,Data di chiusura,Data di creazione",
      "1,Rinnovo Acme,Chiusa vinta,1000,2026-10-13 10:00,2026-09-13 10:00",
      "2,prova rinnovo (test workflow),Chiusa vinta,2500,2026-10-19 10:00,2026-09-19 10:00"],
     "deals_won", 1),
    # Zoho in Spanish: "Nombre de Trato" is the deal's name; its "(Muestra)" deals the CRM's samples, and a deal
    # saved twice 9 seconds apart one deal. By hand: won 1 (rows 2 and 3 one deal)
    ("Deals_001.csv",
     ['"ID de registro","Nombre de Trato","Nombre de Cuenta","Importe","Fase","Fecha de cierre","Hora de creación",'
      '"Propietario de Trato"',
      '"1","Benton (Muestra)","Benton","5000","Cerrado ganado","2026-10-05","2026-09-05 10:00:00","Ana"',
      '"2","Web: Acme","Acme","12300","Cerrado ganado","2026-10-09","2026-09-09 10:00:00","Ana"',
      '"3","Web: Acme","Acme","12300","Cerrado ganado","2026-10-09","2026-09-09 10:00:09","Ana"'],
     "deals_won", 1),
    # Zendesk in Italian: its Good / Bad survey "Buono" / "Scadente" ("Offerto": sent, no answer), and a ticket
    # tagged "closed_by_merge" went into another. By hand: opened 2 (rows 1, 2); CSAT (5 + 1) / 2 = 3 on 1–5
    ("Elenco ticket - tutti.csv",
     ["ID ticket,Oggetto,Stato,Assegnatario,Creato,Risolto,Soddisfazione,Tag",
      "1,Ordine,Risolto,Ada,13/10/2026 09:00,13/10/2026 11:00,Buono,ordine",
      "2,Reso,Risolto,Ada,14/10/2026 09:00,14/10/2026 11:00,Scadente,reso",
      "3,Reso,Chiuso,Ada,14/10/2026 09:05,14/10/2026 09:06,Offerto,closed_by_merge reso"],
     "cases_opened", 2),
    # Freshservice in German: a ticket tagged "Duplikat" reports an issue another holds. By hand: opened 1
    ("tickets_export_2026-11-01.csv",
     ["Ticket-ID,Betreff,Status,Bearbeiter,Erstellt am,Gelöst am,Tags",
      "INC-1,Drucker,Gelöst,Jan,13.10.2026 09:00,13.10.2026 11:00,drucker",
      "INC-2,Drucker geht nicht,Geschlossen,Jan,13.10.2026 09:10,,Duplikat"],
     "cases_opened", 1),
    # Intercom: "Current conversation state" the status, "Last teammate rating" the team's CSAT (not its bot's),
    # "Conversation tag" Spam no conversation. By hand: opened 1 (row 1), CSAT 4
    ("Conversations_2025-01-01_2026-11-01.csv",
     ["Conversation ID,Conversation started at (Europe/Berlin),Conversation last closed at (Europe/Berlin),"
      "Current conversation state,Conversation tag,Fin AI Agent rating,Last teammate rating",
      "101,2026-10-13 09:00,2026-10-13 11:00,closed,Rechnung,,4",
      "102,2026-10-13 10:00,2026-10-13 10:01,closed,Spam,1,"],
     "cases_opened", 1),
    # 8x8: "Caller" 1004 to "Callee" 933 (the emergency line's test) is no call with a customer, nor one from its
    # "Test Extension". By hand: calls made and held 1 (row 1)
    ("Call_Detail_Records_2025-05-01_2026-11-01.csv",
     ["Call ID,Start Time,Talk Time,Direction,Caller,Caller Name,Callee,Callee Name",
      "1,10/13/2026 10:02:11 AM,00:02:38,Outgoing,1004,Tyler Brooks,+12105550100,ACME",
      "2,10/13/2026 11:02:11 AM,00:00:38,Outgoing,1004,Tyler Brooks,933,",
      "3,10/14/2026 10:02:11 AM,00:01:38,Outgoing,1099,Test Extension,+12105550101,BETA",
      "4,10/15/2026 10:02:11 AM,00:03:38,Incoming,+12105550102,HOUSTON TX,8000,Sales Ring Group"]
     + [f"{10 + k},09/{14 + k}/2026 10:00:00 AM,00:01:00,Outgoing,1004,Tyler Brooks,+1210555{k:04d},X"
        for k in range(6)],
     "calls", 1),
    # HubSpot contacts in French: "Date à laquelle le contact est devenu un client" dates a conversion; a contact
    # at "camille+test@" is a test. By hand: 1 new lead in October (row 1), 1 converted (row 1)
    ("hubspot-crm-exports-tous-les-contacts-2026-11-01.csv",
     ["ID de fiche d'informations,Prénom,Nom,E-mail,Phase du cycle de vie,Date de création,"
      "Date à laquelle le contact est devenu un client",
      "1,Jean,Roux,jean@roux.fr,Client,2026-10-13 10:00,2026-10-20 10:00",
      "2,Camille,Lefèvre,camille+test@gmail.com,Client,2026-10-14 10:00,2026-10-14 10:05"]
     + [f"{10 + k},Ana,Lee,ana{k}@lee.fr,Lead,2026-09-{13 + k} 10:00," for k in range(6)],
     "leads_converted", 1),
]


#: exports of one vendor each and a KPI counted by hand: (file name, rows, KPI, value)
_ADS_ISSUES_CALLS_AND_RATINGS = [
    # ServiceNow in German: "Kurzbeschreibung" is an incident's title ("test bitte ignorieren" a test; "Testumgebung
    # SAP nicht erreichbar" a real incident about a test system). By hand: opened 2 (rows 1, 3)
    ("incident.csv",
     ["Nummer;Kurzbeschreibung;Status;Zugewiesen an;Erstellt;Gelöst",
      "INC0010001;Drucker druckt nicht;Gelöst;Jan;13.10.2026 09:00:00;13.10.2026 11:00:00",
      "INC0010002;test bitte ignorieren;Geschlossen;Jan;13.10.2026 09:30:00;13.10.2026 09:31:00",
      "INC0010003;Testumgebung SAP (QAS) nicht erreichbar;Gelöst;Jan;14.10.2026 09:00:00;14.10.2026 12:00:00"],
     "cases_opened", 2),
    # ServiceNow's list in English, by its dictionary names: "short_description" is an incident's title ("Testing
    # ticket", "This is a test" are tests; "Testing pager" is work the desk did (a pager tested), "This is a test of
    # copy & paste from word" a real question). By hand: opened 3 (rows 1, 4, 5)
    ("incident.csv",
     ["number,incident_state,opened_at,caller_id,short_description,assignment_group",
      "INC0010001,Resolved,2026-10-13 09:00:00,Ann Lee,Printer does not print,Service Desk",
      "INC0010002,Closed,2026-10-13 09:30:00,Bob Ray,Testing ticket,Service Desk",
      "INC0010003,Closed,2026-10-13 09:40:00,Bob Ray,This is a test.,Service Desk",
      "INC0010004,Resolved,2026-10-14 09:00:00,Cy Ho,Testing pager for the on-call rota,Paging",
      "INC0010005,Resolved,2026-10-14 10:00:00,Di Wu,This is a test of copy & paste from word,Service Desk"],
     "cases_opened", 3),
    # Zendesk in Italian: "Buono" / "Scadente" were no known words (no CSAT); "Offerto" (sent, no answer) is no
    # score. By hand, on the 1–5 scale: (5 + 1) / 2 = 3
    ("Elenco ticket - tutti.csv",
     ["ID ticket,Oggetto,Stato,Creato,Risolto,Soddisfazione",
      "1,Ordine,Risolto,13/10/2026 09:00,13/10/2026 11:00,Buono",
      "2,Reso,Risolto,14/10/2026 09:00,14/10/2026 11:00,Scadente",
      "3,Reso,Risolto,15/10/2026 09:00,15/10/2026 11:00,Offerto"],
     "csat_mean", 3),
    # Freshdesk in French: its three answers "Génial" / "Neutre" / "Pas bien". By hand, on 1–5: (5 + 1) / 2 = 3
    ("Tickets_export_2026-11-01.csv",
     ["ID du ticket,Objet,Statut,Heure de création,Heure de résolution,Résultats de l'enquête",
      "1,Commande,Résolu,2026-10-13 09:00:00,2026-10-13 11:00:00,Génial",
      "2,Retour,Résolu,2026-10-14 09:00:00,2026-10-14 11:00:00,Pas bien",
      "3,Retour,Résolu,2026-10-15 09:00:00,2026-10-15 11:00:00,"],
     "csat_mean", 3),
    # HubSpot in Dutch: a second pipeline's won stage "Getekend" (signed) and lost stage "Niet doorgegaan"; "Naam
    # deal" names a deal ("TEST deal - niet verwijderen" a test). By hand: won rows 1 and 2, 1,000 + 2,000 = 3,000
    ("hubspot-crm-exports-alle-deals-2026-11-01.csv",
     ["Record-ID,Naam deal,Dealfase,Bedrag,Sluitingsdatum,Aanmaakdatum,Pijplijn",
      "1,Acme,Gewonnen,1000,2026-10-13 10:00,2026-09-13 10:00,Verkoop",
      "2,Beta,Getekend,2000,2026-10-14 10:00,2026-09-14 10:00,Partners",
      "3,Gamma,Niet doorgegaan,3000,2026-10-15 10:00,2026-09-15 10:00,Partners",
      "4,TEST deal - niet verwijderen,Gewonnen,1,2026-10-16 10:00,2026-09-16 10:00,Verkoop"],
     "new_revenue", 3000),
    # Brevo in French: "Étape de l'affaire" is the stage, its won stage renamed "Signée"; "TEST - affaire test" a
    # test. By hand: won 2 (rows 1, 2), 4,000 + 2,500 = 6,500
    ("export_affaires_01-11-2026.csv",
     ["ID de l'affaire;Nom de l'affaire;Pipeline;Étape de l'affaire;Montant;Propriétaire de l'affaire;"
      "Date de clôture;Date de création",
      "a1;Librairie - Pack;Vente;Gagnée;4000;Marc;13-10-2026;13-09-2026 10:00",
      "a2;Brasserie - Site;Partenaires;Signée;2500;Marc;14-10-2026;14-09-2026 10:00",
      "a3;TEST - affaire test;Vente;Gagnée;1;Admin;15-10-2026;15-09-2026 10:00"],
     "new_revenue", 6500),
    # Chargebee's export in its bracketed names ("subscription[mrr]"), its MRR written with decimals: units of the
    # currency, not the cents its API writes. By hand: 232 + 29 = 261
    ("Subscriptions.csv",
     ["subscription[id],subscription[customer_id],subscription[status],subscription[started_at],"
      "subscription[cancelled_at],subscription[mrr],subscription[currency_code]",
      "s1,c1,active,2026-01-10 10:00:00,,232.00,USD", "s2,c2,active,2026-10-13 10:00:00,,29.00,USD",
      "s3,c3,cancelled,2026-02-10 10:00:00,2026-05-10 10:00:00,0.00,USD"],
     "mrr", 261),
    # Dynamics' phone calls in Dutch: a call to "toestel 204" (a colleague's extension) is between colleagues, one
    # "Inkomend" came in. By hand: calls made and held 1 (row 1)
    ("Alle telefoongesprekken 1-11-2026 09-00-47.csv",
     ["Onderwerp;Telefoonnummer;Richting;Activiteitstatus;Eigenaar;Werkelijk einde",
      "Offerte nabellen;06-12345678;Uitgaand;Voltooid;Eva;13-10-2026 10:00",
      "Teamoverleg (telefonisch);toestel 204;Uitgaand;Voltooid;Eva;13-10-2026 11:00",
      "Vraag over factuur;020-7654321;Inkomend;Voltooid;Eva;14-10-2026 10:00"]
     + [f"Opvolging {k};06-1234{k:04d};Uitgaand;Voltooid;Eva;{13 + k}-09-2026 10:00" for k in range(6)],
     "calls", 1),
    # Meta in French: "Résultats" of reach, clicks and leads (its "Indicateur de résultats") summed read 156,710
    # leads for 170; "Prospects" counts every campaign's leads. By hand: 3 + 2 = 5
    ("Campagnes-1-janv.-2025-1-nov.-2026.csv",
     ["Début des rapports,Fin des rapports,Nom de la campagne,Résultats,Indicateur de résultats,"
      "Montant dépensé (EUR),Clics sur un lien,Prospects",
      "2026-10-13,2026-10-13,Notoriété,5000,reach,10.00,20,",
      "2026-10-13,2026-10-13,Formulaire,3,actions:onsite_conversion.lead_grouped,12.00,30,3",
      "2026-10-14,2026-10-14,Trafic,40,actions:link_click,8.00,40,2"],
     "ad_conversions", 5),
    # Jira in French: its "État" Annulé read the issues as deals called off (no deal won); "Création" the opening,
    # "Champ personnalisé (Satisfaction)" Jira's wrapper of a field the site added, "Résolution" Doublon a second
    # report. By hand: opened 2 (rows 1 and 3, the one called off; row 2 a duplicate)
    ("Jira.csv",
     ["Résumé,Clé de ticket,ID de ticket,État,Responsable,Création,Résolu,Résolution,"
      "Champ personnalisé (Satisfaction)",
      "Imprimante,SD-1,10001,Fermé,Léa,13/oct./26 10:15 AM,13/oct./26 2:15 PM,Terminé,4",
      "Imprimante bis,SD-2,10002,Fermé,Léa,13/oct./26 10:20 AM,13/oct./26 10:25 AM,Doublon,",
      "Réseau,SD-3,10003,Annulé,Léa,14/oct./26 10:20 AM,,,"],
     "cases_opened", 2),
    # HubSpot's Spanish calls ("todas-las-llamadas"): a call "Cancelada" made them deals lost; "Resultado de la
    # llamada" Conectado is a call held. By hand: calls made and held 1 (row 1)
    ("hubspot-crm-exports-todas-las-llamadas-2026-11-01.csv",
     ["ID de registro,Título de la llamada,Dirección de la llamada,Resultado de la llamada,Estado de la llamada,"
      "Fecha de la actividad,Actividad asignada a",
      "1,Llamada,Saliente,Conectado,Completada,2026-10-13 10:00,Ana",
      "2,Llamada,Saliente,Sin respuesta,Completada,2026-10-13 11:00,Ana",
      "3,Llamada,Saliente,Ocupado,Completada,2026-10-14 11:00,Ana",
      "4,Llamada,Entrante,Conectado,Completada,2026-10-14 12:00,Ana"]
     + [f"{10 + k},Llamada,Saliente,Conectado,Completada,2026-09-{13 + k} 10:00,Ana" for k in range(6)],
     "calls", 1),
    # Odoo Helpdesk in Dutch: "Nog geen beoordeling" (no rating yet) beside Tevreden / Oké / Ontevreden. By hand,
    # on 1–5: (5 + 3) / 2 = 4
    ("Helpdeskticket (helpdesk.ticket).csv",
     ["Referentie,Onderwerp,Toegewezen aan,Fase,Aangemaakt op,Gesloten op,Beoordeling",
      "1,Vraag,Eva,Opgelost,2026-10-13 09:00,2026-10-13 11:00,Tevreden",
      "2,Vraag,Eva,Opgelost,2026-10-14 09:00,2026-10-14 11:00,Oké",
      "3,Vraag,Eva,Opgelost,2026-10-15 09:00,2026-10-15 11:00,Nog geen beoordeling"],
     "csat_mean", 4),
]


def test_a_subscription_repeated_beside_its_add_ons_counts_once_in_its_exchange_rate(tmp_path):
    # Zoho Billing: a subscription's "Amount" (its whole price) on each of its add-on rows, and its "Exchange Rate"
    # into the company's currency (1 for EUR); every subscription of several rows carries one Amount on all of
    # them. By hand, MRR at the end of October: S1 92 (once, not 92 × 2) + S2 100 USD × 0.9 = 90 + S3 50 (started
    # 13 October) + S4 40 + S5 60 → 332
    rows = ["Subscription ID,Customer ID,Status,Addon Code,Amount,Currency Code,Exchange Rate,Interval,Interval Unit,"
            "Activated At",
            "S1,C1,live,AD-STOR,92.00,EUR,1,1,months,2026-01-10", "S1,C1,live,AD-SEAT,92.00,EUR,1,1,months,2026-01-10",
            "S2,C2,live,,100.00,USD,0.9,1,months,2026-02-10", "S3,C3,live,,50.00,EUR,1,1,months,2026-10-13",
            "S4,C4,live,AD-SEAT,40.00,EUR,1,1,months,2026-03-10", "S4,C4,live,AD-STOR,40.00,EUR,1,1,months,2026-03-10",
            "S5,C5,live,AD-SEAT,60.00,EUR,1,1,months,2026-04-10", "S5,C5,live,AD-STOR,60.00,EUR,1,1,months,2026-04-10"]
    _, data, _ = _drafted(tmp_path / "zb", "Subscriptions.csv", rows)
    assert _october(data, ["mrr"])["mrr"] == pytest.approx(332)


_SEPTEMBER_CALLS = [f"Opvolging {k};06-1234{k:04d};Uitgaand;Voltooid;Eva;{13 + k}-09-2026 10:00;{13 + k}-09-2026 10:10;"
                    f"10;Klant {k};{13 + k}-09-2026 10:12:00" for k in range(6)]
_MERGES_DOUBLES_ADD_ONS_AND_TESTS = [
    # HubSpot's calls in Spanish: "Estado de la llamada" (Completada, Fallida) says whether a call took place, its
    # "Resultado de la llamada" (Conectado, Sin respuesta, blank where logged by hand) whom it reached. By hand:
    # row 1 (connected) and row 4 (completed, no result written) held; row 2 failed, row 3 reached nobody → 2
    ("hubspot-crm-exports-todas-las-llamadas-2026-11-01.csv",
     ["ID de registro,Título de la llamada,Dirección de la llamada,Resultado de la llamada,Estado de la llamada,"
      "Fecha de la actividad,Actividad asignada a",
      "11,Llamada con Ana,Saliente,Conectado,Completada,2026-10-13 10:00,María",
      "12,Llamada con Luis,Saliente,,Fallida,2026-10-14 10:00,María",
      "13,Llamada con Eva,Saliente,Sin respuesta,Completada,2026-10-15 10:00,Pablo",
      "14,Llamada con Iker,Saliente,,Completada,2026-10-16 10:00,Pablo"],
     "calls", 2),
    # and "Título de la llamada" names a call: "Llamada de prueba" is a test. By hand: row 1 → 1
    ("hubspot-crm-exports-todas-las-llamadas-2026-11-01.csv",
     ["ID de registro,Título de la llamada,Dirección de la llamada,Estado de la llamada,Fecha de la actividad,"
      "Actividad asignada a",
      "11,Llamada con Ana,Saliente,Completada,2026-10-13 10:00,María",
      "12,Llamada de prueba,Saliente,Completada,2026-10-14 10:00,Ana"],
     "calls", 1),
    # its "Duración de la llamada (HH:mm:ss)" is the talk time; "Fecha de la actividad" dates a call, not "Fecha de
    # creación" (a call logged by hand days later). By hand: rows 1 and 2, 0.5 h + 1 h → 1.5 (row 4 is September's)
    ("hubspot-crm-exports-todas-las-llamadas-2026-11-01.csv",
     ["ID de registro,Título de la llamada,Dirección de la llamada,Resultado de la llamada,Estado de la llamada,"
      "Duración de la llamada (HH:mm:ss),Fecha de la actividad,Actividad asignada a,Fecha de creación",
      "11,Llamada con Ana,Saliente,Conectado,Completada,00:30:00,2026-10-13 10:00,María,2026-10-13 10:31",
      "12,Llamada con Luis,Saliente,Conectado,Completada,01:00:00,2026-10-30 16:00,María,2026-11-02 09:00",
      "13,Llamada con Eva,Saliente,Sin respuesta,Completada,00:00:00,2026-10-15 10:00,Pablo,2026-10-15 10:01",
      "14,Llamada con Iker,Saliente,Conectado,Completada,00:45:00,2026-09-30 15:00,Pablo,2026-10-01 09:00"],
     "talk_time_hours", 1.5),
    # Dynamics' mobile app saved a call twice: the same in every column but the second it was saved ("Gemaakt op");
    # "Test telefoongesprek" is a test call. By hand: rows 1 and 4 → 2
    ("Alle telefoongesprekken 1-11-2026 09-00-47.csv",
     ["Onderwerp;Telefoonnummer;Richting;Activiteitstatus;Eigenaar;Vervaldatum;Werkelijk einde;Duur;Betreft;"
      "Gemaakt op",
      "Offerte nabellen;06-12345678;Uitgaand;Voltooid;Eva;13-10-2026 10:00;13-10-2026 10:10;10;Acme;"
      "13-10-2026 10:12:05",
      "Offerte nabellen;06-12345678;Uitgaand;Voltooid;Eva;13-10-2026 10:00;13-10-2026 10:10;10;Acme;"
      "13-10-2026 10:12:41",
      "Test telefoongesprek;06-12345678;Uitgaand;Voltooid;Eva;14-10-2026 10:00;14-10-2026 10:02;1;;"
      "14-10-2026 09:55:00",
      "Vraag over offerte;06-22222222;Uitgaand;Voltooid;Eva;15-10-2026 10:00;15-10-2026 10:10;10;Beta;"
      "15-10-2026 10:11:00",
      *_SEPTEMBER_CALLS],
     "calls", 2),
    # Help Scout: a conversation merged into another keeps its row, "Merged Into" the other's number. By hand:
    # opened in October 3, of which #102 went into #101 → 2
    ("helpscout-conversations-2026-11-01.csv",
     ["Conversation ID,Number,Type,Subject,Status,Mailbox,Created At,Closed At,Merged Into",
      "9001,101,email,Lieferung,closed,Kundenservice,2026-10-13T09:00:00Z,2026-10-13T11:00:00Z,",
      "9002,102,email,Lieferung?,closed,Kundenservice,2026-10-13T09:30:00Z,2026-10-13T10:00:00Z,101",
      "9003,103,email,Rechnung,active,Buchhaltung,2026-10-14T09:00:00Z,,"],
     "cases_opened", 2),
    # Recurly: a subscription's add-ons ("add_ons_total", per billing period) beside its price per seat. By hand,
    # MRR at the end of October: (2 × 50 + 20) / 1 = 120, (1,200 + 120) / 12 = 110 (started 13 October), the expired
    # one 0 → 230
    ("lumeo_subscriptions_all_2026-11-01.csv",
     ["uuid,account_code,state,quantity,unit_amount,currency,plan_interval_length,plan_interval_unit,add_ons_total,"
      "activated_at,expires_at",
      "a1,11,active,2,50.00,EUR,1,months,20.00,2026-01-10 10:00:00 UTC,",
      "a2,12,active,1,1200.00,EUR,12,months,120.00,2026-10-13 10:00:00 UTC,",
      "a3,13,expired,1,50.00,EUR,1,months,,2026-01-10 10:00:00 UTC,2026-05-10 10:00:00 UTC"],
     "mrr", 230),
    # monday.com: the board's name column renamed "Deal"; its test item "TEST - niet verwijderen (automation)" won
    # €1. By hand: 1,000 + 2,000 = 3,000
    ("Verkooppijplijn_1793520000.csv",
     ["Deal,Eigenaar,Fase,Bedrijf,Dealwaarde,Gesloten op,Aangemaakt",
      "Kantoorinrichting,Bram,Gewonnen,Acme,1000,2026-10-13,2026-09-13 10:00:00 UTC",
      "Vloeren,Bram,Gewonnen,Beta,2000,2026-10-14,2026-09-14 10:00:00 UTC",
      "TEST - niet verwijderen (automation),Bram,Gewonnen,Gamma,1,2026-10-02,2026-09-15 10:00:00 UTC",
      "Plafonds,Sanne,Verloren,Delta,500,2026-10-15,2026-09-15 10:00:00 UTC"],
     "new_revenue", 3000),
    # Apollo saves a contact again when it is found again: Anna's second record (her address capitalised) is no
    # new lead; Dora, who writes from the same address, is. By hand, October: Ben, Carl and Dora → 3
    ("apollo-contacts-export.csv",
     ["First Name,Last Name,Title,Company,Email,Stage,Created Date,Apollo Contact Id",
      "Anna,Meyer,CEO,Acme,anna@acme.de,Cold,2026-08-13T10:00:00+00:00,c1",
      "Ben,Roth,CTO,Beta,ben@beta.de,Cold,2026-10-13T10:00:00+00:00,c2",
      "Anna,Meyer,CEO,Acme,Anna@Acme.de,Cold,2026-10-14T10:00:00+00:00,c3",
      "Carl,Sand,CFO,Gamma,carl@gamma.de,Cold,2026-10-15T10:00:00+00:00,c4",
      "Dora,Klein,COO,Acme,anna@acme.de,Cold,2026-10-16T10:00:00+00:00,c5"]
     + [f"P{k},Q{k},CEO,Firm {k},p{k}@firm{k}.de,Cold,2026-09-{10 + k}T10:00:00+00:00,h{k}" for k in range(10)],
     "new_leads", 3),
    # Pipedrive's leads: a web form sent twice 38 seconds apart (same person, same title) is one lead; the same
    # person's other question (another title) is a lead of its own; "asdf" is a form tried out. By hand, October:
    # l1, l3, l4 → 3
    ("leads-7364129-58.csv",
     ["Lead - ID,Lead - Title,Lead - Owner,Lead - Lead created,Person - Name,Person - Email - Work",
      "l1,Acme - Pilot,Olivia,2026-10-10 14:37:53,Yusuf,yusuf@acme.com",
      "l2,Acme - Pilot,Olivia,2026-10-10 14:38:31,Yusuf,yusuf@acme.com",
      "l3,Beta lead,Olivia,2026-10-12 10:00:00,Ana,ana@beta.com",
      "l4,Beta - Renewal,Olivia,2026-10-20 10:00:00,Ana,ana@beta.com",
      "l5,asdf,Olivia,2026-10-21 10:00:00,,"]
     + [f"h{k},Firm {k} lead,Olivia,2026-09-{10 + k} 10:00:00,P{k},p{k}@firm{k}.com" for k in range(10)],
     "new_leads", 3),
    # Meta leaves "Prospects" blank where a campaign brought no lead: its spend is part of what the leads cost. By
    # hand: (10 + 12 + 8) / (3 + 2) = 6
    ("Campagnes-1-janv.-2025-1-nov.-2026.csv",
     ["Début des rapports,Fin des rapports,Nom de la campagne,Montant dépensé (EUR),Clics sur un lien,Prospects",
      "2026-10-13,2026-10-13,Notoriété,10.00,20,", "2026-10-13,2026-10-13,Formulaire,12.00,30,3",
      "2026-10-14,2026-10-14,Trafic,8.00,40,2"],
     "cost_per_conversion", 6),
    # bexio's orders ("Aufträge"): an order placed is a deal won, invoiced or not (Offen, Teilweise abgerechnet);
    # one cancelled (Storniert) is none. By hand, before tax: 1,000 + 2,000 + 500 = 3,500
    ("Auftraege_2026-11-01.csv",
     ["Nr.;Titel;Kontakt;Datum;Verantwortlich;Status;Währung;Total exkl. MWST;MWST;Total",
      "AU-00101;Website;Acme AG;13.10.2026;Andrea;Offen;CHF;1'000.00;81.00;1'081.00",
      "AU-00102;Wartung;Beta AG;14.10.2026;Andrea;Teilweise abgerechnet;CHF;2'000.00;162.00;2'162.00",
      "AU-00103;Shop;Gamma AG;15.10.2026;Andrea;Abgerechnet;CHF;500.00;40.50;540.50",
      "AU-00104;Hosting;Delta AG;16.10.2026;Andrea;Storniert;CHF;700.00;56.70;756.70"],
     "new_revenue", 3500),
    # Bitrix24: "тест тест", the word said twice, and "Re: тест", an e-mail's reply made a deal, are test deals.
    # By hand: won rows 1 and 3 → 2
    ("DEAL_20261101.csv",
     ["Deal Name;Stage;Amount;Closed;Created",
      "Лизинг Газель;Won;100000;13.10.2026;13.09.2026 10:00:00", "тест тест;Won;1;14.10.2026;14.09.2026 10:00:00",
      "Лизинг КамАЗ;Won;200000;15.10.2026;15.09.2026 10:00:00", "Аренда;Lost;5000;16.10.2026;16.09.2026 10:00:00",
      "Re: тест;Won;1;17.10.2026;17.09.2026 10:00:00"],
     "deals_won", 2),
]


#: Userlike's chats of October and one of September, for its opened and its closed
_USERLIKE_CHATS = ["ID;Status;Start;Ende;Operator;Kontaktname;Bewertung",
                   "1;Beendet;13.10.2026 10:00:00;13.10.2026 10:09:00;Anna;Nicole Hoffmann;5",
                   "2;Verpasst;13.10.2026 11:00:00;13.10.2026 11:02:00;;Jan Weber;",
                   "3;Offline-Nachricht;13.10.2026 20:00:00;;;Kontakt 166029;",
                   "4;Beendet;14.10.2026 10:00:00;14.10.2026 10:05:00;Lukas;Testchat Lukas;5",
                   "5;Beendet;14.10.2026 11:00:00;14.10.2026 11:01:00;Lukas;test;",
                   "6;Beendet;15.09.2026 10:00:00;15.09.2026 10:09:00;Anna;Eva Roth;4"]


#: exports of other vendors, of reports rather than lists, and of phone systems' two ends: (file name, rows, KPI, value)
_REPORTS_LINKS_AND_CALL_ENDS = [
    # PerfectView's "Verkoopkansen": "Datum afgehandeld" is the day a deal was won or lost, "Verwachte orderdatum"
    # the day it was expected. By hand: won in October row 1 (row 2 expected in October, handled in November) → 1
    ("Verkoopkansen.csv",
     ["Nummer;Omschrijving;Verantwoordelijke;Fase;Status;Bedrag excl. btw;Verwachte orderdatum;Datum afgehandeld;"
      "Aangemaakt op",
      "20260401;Offerte licenties;Lotte;Order;Gewonnen;7075;14-10-2026;13-10-2026;01-09-2026 10:00",
      "20260402;Offerte hardware;Lotte;Order;Gewonnen;5000;20-10-2026;03-11-2026;01-09-2026 10:00",
      "20260403;Offerte support;Lotte;Offerte verstuurd;Open;2500;14-11-2026;;27-10-2026 11:10"],
     "deals_won", 1),
    # Zendesk Explore's report in Danish: a date by its part ("Ticket oprettet - Dato"); "Test Bruger" and "Test
    # Testesen" in "Anmoders navn" are its testers. By hand: opened in October rows 1 and 2 → 2
    ("Tickets pr. ticket-id (2025-2026).csv",
     ["Ticket-id,Ticketstatus,Navn på tildelt agent,Anmoders navn,Ticket oprettet - Dato,Ticket løst - Dato,"
      "Ticketets tilfredshedsvurdering",
      "101,Lukket,Mette,Ida Møller,2026-10-13,2026-10-14,God",
      "102,Løst,Mette,Emil Pedersen,2026-10-14,2026-10-15,Tilbudt",
      "103,Løst,Mette,Test Bruger,2026-10-15,2026-10-15,Ikke tilbudt",
      "104,Løst,Mette,Test Testesen,2026-10-16,2026-10-16,Ikke tilbudt",
      "105,Lukket,Mette,Ida Møller,2026-09-16,2026-09-17,God"],
     "cases_opened", 2),
    # and Zendesk's sample ticket of every new account ("Eksempelticket" as its channel), whose requester is
    # "Kunden". By hand: opened rows 1 and 2 → 2
    ("Tickets pr. ticket-id (2025-2026).csv",
     ["Ticket-id,Ticketstatus,Ticketkanal,Anmoders navn,Ticket oprettet - Dato,Ticket løst - Dato",
      "101,Lukket,E-mail,Ida Møller,2026-10-13,2026-10-14", "102,Løst,Chat,Emil Pedersen,2026-10-14,2026-10-15",
      "103,Åben,Eksempelticket,Kunden,2026-10-15,", "104,Lukket,E-mail,Ida Møller,2026-09-16,2026-09-17"],
     "cases_opened", 2),
    # HubSpot's meetings in German: the file named for them ("alle-besprechungen"), "Ergebnis der Besprechung"
    # Abgeschlossen held, Nicht erschienen / Abgesagt not. By hand: row 1 → 1
    ("hubspot-crm-exports-alle-besprechungen-2026-11-01.csv",
     ["Datensatz-ID,Titel der Besprechung,Aktivitätsdatum,Ergebnis der Besprechung,Aktivität zugewiesen an",
      "1,Produktdemo Lindner,2026-10-13 10:00,Abgeschlossen,Julia",
      "2,Erstgespräch Schulz,2026-10-14 10:00,Nicht erschienen,Julia",
      "3,Angebot Kraus,2026-10-15 10:00,Abgesagt,Julia",
      "4,Vertrag Hofmann,2026-09-15 10:00,Abgeschlossen,Julia"],
     "meetings", 1),
    # a team that writes each meeting's outcome and left two past ones "Geplant": not held. By hand: 18 Abgeschlossen
    # in October; 20 of the 22 past meetings have an outcome (91 %) → 18
    ("hubspot-crm-exports-alle-besprechungen-2026-11-01.csv",
     ["Datensatz-ID,Titel der Besprechung,Aktivitätsdatum,Ergebnis der Besprechung,Aktivität zugewiesen an"]
     + [f"{k},Demo {k},2026-10-{1 + k:02d} 10:00,Abgeschlossen,Julia" for k in range(18)]
     + ["30,Demo A,2026-10-05 15:00,Geplant,Julia", "31,Demo B,2026-10-06 15:00,Geplant,Julia",
        "32,Demo C,2026-09-10 15:00,Nicht erschienen,Julia", "33,Demo D,2026-09-11 15:00,Nicht erschienen,Julia",
        "34,Demo E,2026-11-20 15:00,Geplant,Julia"],
     "meetings", 18),
    # and a team that never sets it: its past meetings count by their dates. By hand: 20 in October → 20
    ("hubspot-crm-exports-alle-besprechungen-2026-11-01.csv",
     ["Datensatz-ID,Titel der Besprechung,Aktivitätsdatum,Ergebnis der Besprechung,Aktivität zugewiesen an"]
     + [f"{k},Demo {k},2026-10-{1 + k:02d} 10:00,Geplant,Julia" for k in range(20)]
     + ["34,Demo E,2026-09-20 15:00,Geplant,Julia"],
     "meetings", 20),
    # Placetel's call list: "Status" Blockiert is a call the block list stopped; "Von" / "Nach" the two ends, and a
    # call to the company's own main number (the "Von" of its other calls) tests the line; "Intern" is between
    # colleagues. By hand: row 1 → 1
    ("Anrufliste_20250101-20261101.csv",
     ["Datum;Typ;Von;Nach;Durchwahl;SIP-Benutzer;Dauer (Sek.);Status",
      "13.10.2026 10:00;Ausgehend;0421 8899775;0162 75550396;24;Petra;155;Angenommen",
      "13.10.2026 11:00;Ausgehend;0421 8899775;0421 8899770;24;Petra;20;Angenommen",
      "13.10.2026 12:00;Eingehend;Unbekannt;0421 8899770;;;0;Blockiert",
      "13.10.2026 13:00;Ausgehend;0421 8899770;0511 5448473;30;Zentrale;0;Besetzt",
      "14.10.2026 10:00;Ausgehend;0421 8899770;040 5570618;30;Zentrale;0;Nicht angenommen",
      "14.10.2026 11:00;Intern;30;24;30;Zentrale;60;Angenommen"],
     "calls", 1),
    # Genesys Cloud's interactions: a dialled call nobody answered has no "Total Talk"; "sip:…@localhost" is a
    # colleague's end; "Users - Interacted" the agent. By hand: row 1 → 1
    ("2026-11-01 Interactions.csv",
     ["Conversation ID,Date,Direction,Media Type,Users - Interacted,ANI,DNIS,Abandoned,Total Talk",
      "a1,10/13/2026 10:00:00 AM,Outbound,Voice,Sam,tel:+18885550142,tel:+14147048354,,00:01:48",
      "a2,10/13/2026 11:00:00 AM,Outbound,Voice,,tel:+18885550142,tel:+18474409062,,",
      "a3,10/13/2026 12:00:00 PM,Outbound,Voice,Sam,sip:sam@localhost,sip:ava@localhost,,00:03:00",
      "a4,10/14/2026 10:00:00 AM,Inbound,Voice,Ava,tel:+16302829905,tel:+18885550142,,00:10:42",
      "a5,10/14/2026 11:00:00 AM,Outbound,Voice,Ava,tel:+18885550142,tel:+13124849724,,00:02:00",
      "a6,10/14/2026 12:00:00 PM,Inbound,Callback,Ava,tel:+13124849724,tel:+13146156593,,00:01:00",
      "a7,10/15/2026 10:00:00 AM,Outbound,Voice,Ava,tel:+18885550142,tel:+13146156593,,00:02:30"],
     "calls", 3),
    # and a "Test Call" to the IT test line as a call's "Wrap-up". By hand: row 1 → 1
    ("2026-11-01 Interactions.csv",
     ["Conversation ID,Date,Direction,Media Type,Users - Interacted,Wrap-up,Total Talk",
      "a1,10/13/2026 10:00:00 AM,Outbound,Voice,Sam,Sale,00:01:48",
      "a2,10/13/2026 11:00:00 AM,Outbound,Voice,Sam,Test Call,00:00:30",
      "a3,10/14/2026 11:00:00 AM,Outbound,Voice,Ava,Not Interested,"],
     "calls", 1),
    # vtiger's header apart by '", "' and its linked account as "Accounts::::Testfirma GmbH". By hand: rows 1, 2 → 2
    ("Verkaufspotentiale.csv",
     ['"Verkaufspotential", "Potential Nr.", "Betrag", "Name der Organisation", "Abschluss", "Verkaufsstufe", '
      '"zuständig", "erstellt"',
      '"Horn - Netzwerk","POT1","6250.00000000","Accounts::::Elektro Horn AG","13-10-2026","Closed Won","Markus",'
      '"01-09-2026 07:58:08"',
      '"Engel - Rollout","POT2","23800.00000000","Accounts::::Steuerkanzlei Engel","14-10-2026","Closed Won","Julia",'
      '"14-09-2026 13:00:00"',
      '"Lizenz","POT3","1.00000000","Accounts::::Testfirma GmbH","15-10-2026","Closed Won","Julia",'
      '"14-09-2026 13:00:00"'],
     "deals_won", 2),
    # Userlike's chats: "Verpasst" (nobody took it) and "Offline-Nachricht" came in but were never resolved, though a
    # missed chat keeps its "Ende"; "Testchat Lukas" and "test" in "Kontaktname" are colleagues trying the chat.
    # By hand: opened rows 1, 2, 3 → 3; closed row 1 → 1
    ("Userlike_Chats_Export_2026-11-01.csv", _USERLIKE_CHATS, "cases_opened", 3),
    ("Userlike_Chats_Export_2026-11-01.csv", _USERLIKE_CHATS, "cases_closed", 1),
    # LiveAgent's one-letter status: B spam, X deleted, I a chat that never began; its "Ticket ID" and "Channel"
    # placed by common words wrote a mapping of its own, and the vendor's filter of those was left out of it.
    # By hand: opened rows 1 and 2 → 2
    ("tickets_export_2026-11-01.csv",
     ["Ticket ID,Code,Status,Subject,Channel,Agent,Date created,Date changed,Date resolved",
      "1,AB-1,R,Printer,E-mail,Jana,2026-10-13 09:00:00,2026-10-13 11:00:00,2026-10-13 11:00:00",
      "2,AB-2,C,Invoice,Chat,Jana,2026-10-13 10:00:00,2026-10-13 10:05:00,",
      "3,AB-3,B,Win a prize,E-mail,,2026-10-13 11:00:00,2026-10-13 11:00:00,",
      "4,AB-4,X,Duplicate,E-mail,Jana,2026-10-14 09:00:00,2026-10-14 09:01:00,",
      "5,AB-5,I,,Chat,,2026-10-14 10:00:00,2026-10-14 10:00:00,"],
     "cases_opened", 2),
    # Shopify's orders: "partially_refunded" was paid and part of it paid back, still a sale; "refunded" is none.
    # By hand: orders 1001 and 1002 → 2
    ("orders_export_1.csv",
     ["Name,Financial Status,Paid at,Currency,Total,Created at,Lineitem name,Id",
      "#1001,paid,2026-10-13 10:00:00 +0200,EUR,121.00,2026-10-13 09:58:00 +0200,Zeep,5001",
      "#1002,partially_refunded,2026-10-14 10:00:00 +0200,EUR,242.00,2026-10-14 09:58:00 +0200,Zeep,5002",
      "#1003,refunded,2026-10-15 10:00:00 +0200,EUR,60.50,2026-10-15 09:58:00 +0200,Zeep,5003",
      "#1004,pending,,EUR,60.50,2026-10-16 09:58:00 +0200,Zeep,5004"],
     "deals_won", 2),
]

_STATUS_DATES_LINES_AND_LEGS = [
    # ActiveCampaign's German deals: "Datum der Statusänderung" is the day a deal became "Gewonnen" or "Verloren";
    # "Prognostiziertes Abschlussdatum" is the forecast. By hand: row 1 changed status in October → 1 (row 2 was
    # forecast for October and won in November)
    ("deals-export-2026-11-01.csv",
     ['"Deal-ID","Titel","Wert","Währung","Status","Besitzer","Erstellungsdatum","Prognostiziertes Abschlussdatum",'
      '"Datum der Statusänderung"',
      '"1","Workshop","2634.00","EUR","Gewonnen","Jonas","2026-09-02 08:51:06","2026-11-27","2026-10-25 10:18:48"',
      '"2","Paket","4672.00","EUR","Gewonnen","Jonas","2026-09-02 10:10:03","2026-10-14","2026-11-02 09:43:14"',
      '"3","Beratung","1000.00","EUR","Offen","Jonas","2026-10-02 10:10:03","2026-10-30",""'],
     "deals_won", 1),
    # Keap's opportunities: no status and no close date, but the stage ("Won", "Lost") and "Date In Stage", the
    # day the deal entered it. By hand: won in October row 1 (row 2 estimated to close in October, won in
    # November; row 3 entered "Proposal" in October) → 1; by the estimate, 2
    ("Opportunity_Export_2026-11-01.csv",
     ['"Id","Opportunity Title","Stage","Owner","Date Created","Date In Stage","Estimated Close Date",'
      '"Order Revenue"',
      '"1036","Lewis - Coaching","Won","Brandon Lee","09/03/2026 06:25 PM","10/20/2026 08:31 AM","10/28/2026",'
      '"1140.00"',
      '"1038","Rodriguez - Coaching","Won","Rachel Kim","09/04/2026 01:02 PM","11/01/2026 08:57 AM","10/14/2026",'
      '"2540.00"',
      '"1040","Smith - Coaching","Proposal","Rachel Kim","09/14/2026 01:02 PM","10/21/2026 08:57 AM","10/30/2026",'
      '"0.00"'],
     "deals_won", 1),
    # LiveChat's archive: the date format is part of the header ("chat creation date Y-m-d H:i:s"), and a colleague
    # testing the widget is the visitor "test". By hand: opened in October rows 1 and 2 → 2
    ("chats-archive-export-2026-11-01.csv",
     ['"chat creation date Y-m-d H:i:s","chat id","group","visitor nick","operator 1 nick","rate","tags"',
      '"2026-10-28 15:30:00","BGU8WHIZ98","Sales","Customer","Ben Walsh","rated good",""',
      '"2026-10-14 11:09:48","NL8D375DB8","General","Anna Price","","not rated","missed"',
      '"2026-10-14 11:02:05","2ZZGKRNO0X","General","test","Jack Turner","rated bad",""',
      '"2026-09-14 11:02:05","3ZZGKRNO0X","General","Customer","Jack Turner","rated bad",""'],
     "cases_opened", 2),
    # Ringover's French call log: "Date de début" / "Date de fin" and a "Contact" read it as subscriptions, and the
    # call to the company's own number tests the line. By hand: outbound "Répondu" in October rows 1 and 2 → 2
    ("ringover_export_appels_2025-01-01_2026-10-31.csv",
     ["ID appel;Direction;Statut;Date de début;Date de fin;Durée de conversation;Numéro appelant;Numéro appelé;"
      "Utilisateur;Contact",
      "1;Sortant;Répondu;13/10/2026 10:00:00;13/10/2026 10:05:00;00:05:00;+33 1 84 80 12 41;+33 6 11 11 11 11;Léa;"
      "M. Martin",
      "2;Sortant;Répondu;14/10/2026 10:00:00;14/10/2026 10:03:00;00:03:00;+33 1 84 80 12 41;+33 6 22 22 22 22;Léa;",
      "3;Sortant;Répondu;15/10/2026 10:00:00;15/10/2026 10:01:00;00:01:00;+33 1 84 80 12 41;+33 1 84 80 12 41;Léa;",
      "4;Entrant;Répondu;16/10/2026 10:00:00;16/10/2026 10:04:00;00:04:00;+33 6 33 33 33 33;+33 1 84 80 12 41;Léa;"
      "Mme Petit",
      "5;Sortant;Non répondu;17/10/2026 10:00:00;17/10/2026 10:00:30;00:00:00;+33 1 84 80 12 41;+33 6 44 44 44 44;"
      "Léa;",
      "6;Sortant;Répondu;15/09/2026 10:00:00;15/09/2026 10:05:00;00:05:00;+33 1 84 80 12 41;+33 6 55 55 55 55;Léa;"],
     "calls", 2),
    # X Ads' campaign report: the day is its "Time", and "Results" counts what each campaign's objective is (reach,
    # clicks); the sign-ups are "Conversion sign ups". By hand: October 3 + 2 → 5
    ("x_ads_campaigns_daily_2025-01-01_2026-10-31.csv",
     ["ID,Campaign,Time,Objective,Results,Result type,Spend,Impressions,Clicks,Conversion sign ups",
      "2fk9p,Brand,2026-10-13,Reach,3698,Impressions,24.56,3698,32,0",
      "3fk9p,Leads,2026-10-13,Website conversions,3,Conversions,40.00,2100,55,3",
      "3fk9p,Leads,2026-10-14,Website conversions,2,Conversions,38.00,2000,51,2",
      "3fk9p,Leads,2026-09-14,Website conversions,4,Conversions,38.00,2000,51,4"],
     "ad_conversions", 5),
    # Amazon Ads' German report: its orders are "7 Tage, Bestellungen insgesamt (#)". By hand: 2 + 1 → 3
    ("Sponsored_Products_Kampagne_Bericht.csv",
     ['Datum,Kampagnenname,Impressionen,Klicks,Ausgaben,"7 Tage, Bestellungen insgesamt (#)",'
      '"7 Tage, Umsatz insgesamt "',
      "2026-10-13,SP_Auto,4406,13,8.20,2,100.88", "2026-10-14,SP_Phrase,3539,12,6.28,1,29.78",
      "2026-09-14,SP_Phrase,3539,12,6.28,5,29.78"],
     "ad_conversions", 3),
    # Twilio's call log: "outbound-api" is dialled by the team, "inbound" came in (its "outbound-dial" leg to the agent
    # continues it), and "Answered By" machine_* or fax reached nobody. By hand: rows 1 and 6 (a detection that
    # could not tell leaves the call its status) → 2
    ("calls_log.csv",
     ["Call Sid,Parent Call Sid,Date Created,From,To,Direction,Status,Duration,Answered By",
      "CA01,,2026-10-13T09:00:00Z,+14155238802,+14152296701,outbound-api,completed,120,human",
      "CA02,,2026-10-13T10:00:00Z,+14155238802,+14152296702,outbound-api,completed,20,machine_end_beep",
      "CA03,,2026-10-14T10:00:00Z,+14152296703,+14155238803,inbound,completed,300,",
      "CA04,CA03,2026-10-14T10:00:05Z,+14155238803,client:anna.k,outbound-dial,completed,290,",
      "CA05,,2026-10-15T10:00:00Z,+14155238802,+14152296705,outbound-api,no-answer,0,",
      "CA06,,2026-10-16T10:00:00Z,+14155238802,+14152296706,outbound-api,completed,95,unknown",
      "CA07,,2026-09-16T10:00:00Z,+14155238802,+14152296707,outbound-api,completed,95,human"],
     "calls", 2),
    # Dixa's Danish conversations: the rating's header carries its scale ("Vurdering (1-5)"). By hand: October's
    # ratings 5 and 3 → 4.0
    ("dixa-samtaler-eksport-2026-11-01.csv",
     ["Samtale-ID;Oprettet;Kanal;Retning;Status;Tildelt agent;Lukket;Vurdering (1-5)",
      "184235;13.10.2026 07.25.09;E-mail;Indgående;Lukket;Camilla Holm;13.10.2026 14.16.22;5",
      "184236;14.10.2026 07.25.09;Telefon;Indgående;Lukket;Camilla Holm;14.10.2026 07.35.09;3",
      "184237;15.10.2026 07.25.09;Chat;Indgående;Lukket;Camilla Holm;15.10.2026 08.25.09;",
      "184238;15.09.2026 07.25.09;Chat;Indgående;Lukket;Camilla Holm;15.09.2026 08.25.09;1"],
     "csat_mean", 4.0),
    # Deskpro's German feedback: "Positiv", "Neutral", "Negativ", read onto 1–5 as its English three are. By hand:
    # October's 5 (Positiv), 3 (Neutral) and 5 (Positiv) → 13 / 3
    ("tickets_export_2026-11-01.csv",
     ["ID;Betreff;Status;Agent;Erstellt am;Gelöst am;Zufriedenheit",
      "1;Heizung;Gelöst;Lena;13.10.2026 08:20;13.10.2026 10:20;Positiv",
      "2;App;Gelöst;Lena;14.10.2026 08:20;14.10.2026 10:20;Neutral",
      "3;Thermostat;Gelöst;Lena;15.10.2026 08:20;15.10.2026 10:20;Positiv",
      "4;Thermostat;Gelöst;Lena;15.09.2026 08:20;15.09.2026 10:20;Negativ"],
     "csat_mean", pytest.approx(13 / 3)),
    # Jitbit's e-mail channel makes tickets of absence notices and bounces. By hand: opened in October rows 1 and 5
    # → 2
    ("Tickets_export_2026-11-01.csv",
     ["#,Subject,Status,Technician,Date,Resolved date",
      "19990,Password reset,Closed,Lisa Nguyen,2026-10-13 09:16:25,2026-10-13 11:10:05",
      "19991,Automatic reply: Monitor flickering,Closed,,2026-10-14 09:16:25,2026-10-14 09:17:05",
      "19992,Undeliverable: Your ticket #19990,Closed,,2026-10-15 09:16:25,2026-10-15 09:17:05",
      "19993,Out of Office: Printer,Closed,Lisa Nguyen,2026-10-16 09:16:25,2026-10-16 09:30:05",
      "19994,Printer jam,Closed,Lisa Nguyen,2026-10-16 10:16:25,2026-10-16 11:30:05",
      "19995,Printer jam,Closed,Lisa Nguyen,2026-09-16 10:16:25,2026-09-16 11:30:05",
      "19996,VPN down,Closed,Lisa Nguyen,2026-09-17 10:16:25,2026-09-17 11:30:05",
      "19997,Laptop slow,Closed,Lisa Nguyen,2026-09-18 10:16:25,2026-09-18 11:30:05"],
     "cases_opened", 2),
    # Trengo's "Ongeldig": a message marked as no ticket. By hand: opened in October rows 1 and 3 → 2
    ("tickets-export-2026-11-01.csv",
     ['"Ticket ID","Status","Kanaal","Onderwerp","Toegewezen aan","Aangemaakt op","Gesloten op"',
      '"41675321","Gesloten","E-mail","Factuur","Thijs Bakker","13-10-2026 08:31:40","13-10-2026 10:31:40"',
      '"41675322","Ongeldig","E-mail","WIN NOW","","14-10-2026 08:31:40",""',
      '"41675323","Toegewezen","Instagram","Levering","Thijs Bakker","15-10-2026 08:31:40",""',
      '"41675324","Gesloten","E-mail","Factuur","Thijs Bakker","15-09-2026 08:31:40","15-09-2026 10:31:40"'],
     "cases_opened", 2),
    # 3CX's call log, newest first: a call handed to a colleague is a second segment of its "Anruf-ID" (from the
    # customer's number to the colleague), and the echo test is the system's own service (*777). By hand: the calls
    # 5 and 3 → 2
    ("Anrufprotokolle_01.01.2025-31.10.2026.csv",
     ['"Anruf-ID","Anrufzeit","Von","An","Richtung","Status","Gesprächsdauer"',
      '"5","20.10.2026 08:34:01","+4311862254","Deniz Yilmaz (107)","Ausgehend","Beantwortet","00:03:00"',
      '"5","20.10.2026 08:33:17","Laura Fischer (105)","+4311862254","Ausgehend","Beantwortet","00:00:40"',
      '"4","19.10.2026 08:01:56","Laura Fischer (105)","Echo-Test (*777)","Ausgehend","Beantwortet","00:00:17"',
      '"3","18.10.2026 08:00:00","Anna Schmidt (101)","+49308031036","Ausgehend","Beantwortet","00:02:00"',
      '"2","17.10.2026 08:00:00","+49308031099","Vertrieb (800)","Eingehend","Beantwortet","00:02:00"',
      '"1","16.10.2026 08:00:00","Anna Schmidt (101)","Laura Fischer (105)","Intern","Beantwortet","00:01:00"'],
     "calls", 2),
    # Calendly's bookings: a colleague trying the booking page is an invitee named "test" ("Invitee Last Name"). By
    # hand: held in October rows 1 and 3 → 2
    ("events-export.csv",
     ["Invitee Name,Invitee First Name,Invitee Last Name,Invitee Email,Event Type Name,Start Date & Time,Canceled,"
      "Event UUID,Marked as No-Show,Assigned To",
      "Anouk Kok,Anouk,Kok,anouk@live.nl,Productdemo,2026-10-13 10:00 am,false,1ce65da9,No,Lotte Bakker",
      "Eva test,Eva,test,eva@groeimeester.nl,Kennismaking,2026-10-14 11:00 am,false,2ce65da9,No,Lotte Bakker",
      "Kevin Claes,Kevin,Claes,kevin@schilders.nl,Kennismaking,2026-10-15 10:00 am,false,3ce65da9,No,Bram Visser",
      "Ilse Bos,Ilse,Bos,ilse@bos.nl,Kennismaking,2026-10-16 10:00 am,true,4ce65da9,No,Bram Visser",
      "Tim Ruis,Tim,Ruis,tim@ruis.nl,Kennismaking,2026-09-16 10:00 am,false,5ce65da9,No,Bram Visser"],
     "meetings", 2),
    # and a chat ends when it ends: its closing is its start plus "chat duration (sec)", but for a chat tagged
    # "missed", which nobody took. By hand: closed in October rows 1 and 3 → 2
    ("chats-archive-export-2026-11-01.csv",
     ['"chat creation date Y-m-d H:i:s","chat duration (sec)","chat id","visitor nick","operator 1 nick","tags"',
      '"2026-10-28 15:30:00","243","BGU8WHIZ98","Customer","Ben Walsh",""',
      '"2026-10-14 11:09:48","203","NL8D375DB8","Anna Price","","missed"',
      '"2026-10-14 11:02:05","145","2ZZGKRNO0X","Customer","Jack Turner","returns,vip"',
      '"2026-09-14 11:02:05","145","3ZZGKRNO0X","Customer","Jack Turner",""'],
     "cases_closed", 2),
    # NetSuite's saved search without "Main Line": each opportunity's main line (no Item, its total in "Amount")
    # and its item lines. By hand: won in October 1,000 (two lines 400 + 600) + 500 (one line) + 900 (three lines
    # 300 each) = 2,400; summed over every line, 4,800
    ("OpportunitiesSalesResults871.csv",
     ["Internal ID,Document Number,Date Created,Title,Sales Rep,Status,Actual Close,Item,Amount",
      "11,OPP1,9/14/2026 9:00 am,Alpha,\"Lee, Ann\",Closed - Won,10/25/2026,,1000.00",
      "11,OPP1,9/14/2026 9:00 am,Alpha,\"Lee, Ann\",Closed - Won,10/25/2026,SVC : Training,400.00",
      "11,OPP1,9/14/2026 9:00 am,Alpha,\"Lee, Ann\",Closed - Won,10/25/2026,HW : Gateway,600.00",
      "12,OPP2,9/15/2026 9:00 am,Beta,\"Lee, Ann\",Closed - Won,10/26/2026,,500.00",
      "12,OPP2,9/15/2026 9:00 am,Beta,\"Lee, Ann\",Closed - Won,10/26/2026,SVC : Install,500.00",
      "13,OPP3,9/16/2026 9:00 am,Gamma,\"Lee, Ann\",Closed - Won,10/27/2026,,900.00",
      *(f"13,OPP3,9/16/2026 9:00 am,Gamma,\"Lee, Ann\",Closed - Won,10/27/2026,LIC : Seat {i},300.00"
        for i in range(3))],
     "new_revenue", 2400),
]


def _dialpad_rows() -> list[str]:
    """Dialpad's call log: 14 calls of Emma Walsh, 14 of Conor Doyle, 2 of the "Test User", most in September."""
    head = "date_started,call_id,direction,external_number,internal_number,name,email,categories,talk_duration"

    def row(day: str, i: int, way: str, far: str, near: str, who: str, tags: str, talk: float) -> str:
        mail = who.split()[0].lower()
        return f'2026-{day} 10:00:00.100,{i},{way},{far},{near},{who},{mail}@x.ie,"{tags}",{talk}'

    october = [
        # held, to a customer: the one call of October that counts
        row("10-05", 9001, "outbound", "+353836459180", "+35315550105", "Emma Walsh", "outgoing,answered", 4.5),
        # to Conor's own line: between colleagues
        row("10-06", 9002, "outbound", "+35315550106", "+35315550105", "Emma Walsh", "outgoing,answered", 2.0),
        # the test login's call
        row("10-07", 9003, "outbound", "+353851111111", "+35315550199", "Test User", "outgoing,answered", 1.0),
        # a customer's call in, and a call out nobody answered
        row("10-08", 9004, "inbound", "+353862222222", "+35315550106", "Conor Doyle", "incoming,answered", 3.0),
        row("10-09", 9005, "outbound", "+353873333333", "+35315550106", "Conor Doyle", "outgoing,unanswered", 0.0)]
    september = [row(f"09-{d:02d}", 8000 + d, "outbound", f"+35389{d:07d}", f"+3531555010{5 if d % 2 else 6}",
                     "Emma Walsh" if d % 2 else "Conor Doyle", "outgoing,answered", 2.5) for d in range(1, 25)]
    return [head, *october, *september,
            row("09-28", 8100, "outbound", "+353894444444", "+35315550199", "Test User", "outgoing,answered", 1.0)]


_ROUND_106 = [
    # Placetel's German call list: its "Typ" says in or out (Eingehend, Ausgehend), an extension-to-extension call is
    # between colleagues, "Test Softphone" is a test login. By hand: held calls out to customers in October, rows 1
    # and 6 → 2 (2 came in, 3 is between extensions, 4 the test login's, 5 not answered)
    ("anrufliste_2026-06-01_2026-11-03.csv",
     ["\ufeffID;Datum;Typ;Status;Von;An;Nebenstelle;Benutzer;Rufgruppe;Dauer;Kosten;Notiz",
      "1;05.10.2026 09:10:00;Ausgehend;Angenommen;+49 221 9876525;+49 164 6804768;25;Michael Krüger;;00:05:00;0,08;",
      "2;05.10.2026 10:00:00;Eingehend;Angenommen;+49 511 3844039;+49 221 9876524;24;Sarah Schulz;;00:06:39;;",
      "3;06.10.2026 11:56:09;Ausgehend;Angenommen;22;26;22;Lea Hoffmann;;00:02:38;0,00;",
      "4;07.10.2026 12:00:00;Ausgehend;Angenommen;+49 221 9876523;+49 40 7896141;23;Test Softphone;;00:01:00;0,01;",
      "5;08.10.2026 13:00:00;Ausgehend;Nicht erreicht;+49 221 9876524;+49 30 1234567;24;Sarah Schulz;;00:00:00;0,00;",
      "6;09.10.2026 14:00:00;Ausgehend;Angenommen;+49 221 9876524;+49 30 7654321;24;Sarah Schulz;;00:03:00;0,04;",
      "7;15.09.2026 09:00:00;Ausgehend;Angenommen;+49 221 9876525;+49 89 1111111;25;Michael Krüger;;00:04:00;0,05;"],
     "calls", 2),
    # Dialpad's call log: the user is its "name" (a few people, each on many rows), its own lines the
    # "internal_number". By hand: in October row 1 only (2 to a colleague's line, 3 the test login, 4 came in, 5 not
    # answered) → 1
    ("call_logs_export.csv", _dialpad_rows(), "calls", 1),
    # Typeform's responses of a demo form ("responses-<form>-export": its "Request" made it tickets), a partial
    # response has no "Submit Date", a bot's tagged spam. By hand: submitted in October rows 1-3 → 3
    ("responses-Request a demo-export.csv",
     ["#,What's your first name?,And your last name?,What's your work email?,Response Type,Start Date (UTC),"
      "Submit Date (UTC),Network ID,Tags",
      "a1,Julia,Müller,julia@alpen.eu,completed,2026-10-02 12:21:17,2026-10-02 12:23:54,n1,",
      "a2,Emma,Lambert,emma@tecnored.com,completed,2026-10-11 13:39:14,2026-10-11 13:40:32,n2,",
      "a3,Hugo,Schmidt,hugo@lisboa.com,completed,2026-10-20 10:39:21,2026-10-20 10:40:51,n3,",
      "a4,Mateo,Janssen,mateo@krakow.nl,partial,2026-10-21 18:20:43,,n4,",
      "a5,xjdk,qwpz,seo4you@mail.ru,completed,2026-10-22 03:00:00,2026-10-22 03:00:09,n5,spam",
      "a6,Ana,Lopez,ana@norte.es,completed,2026-09-20 10:39:21,2026-09-20 10:40:51,n6,"],
     "new_leads", 3),
    # SysAid's service records, read as deals by "Due Date" and "Close time"; its changes and problems are the IT
    # desk's own work. By hand: incidents and requests opened in October rows 1-3 → 3
    ("ServiceRecords.csv",
     ["ID,Service Record Type,Title,Status,Priority,Request user,Assigned to,Admin group,Request time,Due Date,"
      "Close time",
      "20401,Incident,Printer jammed,Closed,Low,Ava Morgan,Daniel Ortiz,Service Desk,10/01/2026 12:22:15 PM,"
      "10/05/2026 12:22:15 PM,10/01/2026 03:57:10 PM",
      "20402,Request,New laptop,Closed,Normal,Lucas Coleman,Sarah Kim,Service Desk,10/02/2026 09:00:00 AM,"
      "10/06/2026 09:00:00 AM,10/03/2026 10:00:00 AM",
      "20403,Incident,VPN drops,Open,High,Renée Long,Daniel Ortiz,Network Team,10/12/2026 08:00:00 AM,"
      "10/14/2026 08:00:00 AM,",
      "20404,Change,Firewall upgrade,Closed,Normal,Daniel Ortiz,Daniel Ortiz,Network Team,10/13/2026 08:00:00 AM,"
      "10/20/2026 08:00:00 AM,10/19/2026 08:00:00 AM",
      "20405,Problem,Recurring VPN drops,Open,High,Sarah Kim,Sarah Kim,Network Team,10/14/2026 08:00:00 AM,"
      "10/30/2026 08:00:00 AM,",
      "20300,Incident,No WiFi,Closed,Low,Owen Powell,Sarah Kim,Network Team,09/12/2026 08:00:00 AM,"
      "09/14/2026 08:00:00 AM,09/12/2026 11:00:00 AM"],
     "cases_opened", 3),
    # SuiteCRM in Spanish: the amount is "Cantidad" (the system currency's) beside "Cantidad de la Oportunidad".
    # By hand: won in October 9,280 + 1,000 = 10,280
    ("Oportunidades.csv",
     ['"Nombre de la oportunidad","ID","Cantidad de la Oportunidad","Moneda","Fecha de Cierre Prevista",'
      '"Etapa de Ventas","Probabilidad (%)","Nombre de Cuenta","Cantidad","Asignado a","Fecha de Creación"',
      '"FitSur - Nube","c1","€9.280,00","-99","15/10/2026","Ganado","100","FitSur","€9.280,00","lmartinez",'
      '"02/09/2026 15:11"',
      '"Atlántico - Soporte","c2","€1.000,00","-99","20/10/2026","Ganado","100","Atlántico","€1.000,00","jgarcia",'
      '"03/09/2026 13:11"',
      '"Ebro - Licencias","c3","€5.000,00","-99","21/10/2026","Cerrado perdido","0","Ebro","€5.000,00","jgarcia",'
      '"04/09/2026 13:11"',
      '"Rianxo - ERP","c4","€7.000,00","-99","20/12/2026","Prospecto","10","Rianxo","€7.000,00","jgarcia",'
      '"05/10/2026 13:11"'],
     "new_revenue", 10280),
    # A trade fair's list of three deals imported at 10:14 and again at 10:20; one of the first import's was won
    # since. By hand: new in October the 3 of the first import and row 7 → 4 (all 7 rows: 7)
    ("Oportunidades.csv",
     ['"Nombre de la oportunidad","ID","Cantidad","Fecha de Cierre Prevista","Etapa de Ventas","Nombre de Cuenta",'
      '"Asignado a","Fecha de Creación"',
      *(f'"{a} - Feria","{i}","€{m}.000,00","31/12/2026","{s}","{a}","alopez","08/10/2026 10:{t}"'
        for t, ids in (("14", ("d1", "d2", "d3")), ("20", ("d4", "d5", "d6")))
        for i, a, m, s in zip(ids, ("Alcora", "Ebro", "Manresa"), (3, 12, 4),
                              ("Ganado" if t == "14" else "Prospecto", "Prospecto", "Prospecto"), strict=True)),
      '"Jaén - Nube","d7","€6.500,00","31/12/2026","Prospecto","Jaén","jgarcia","12/10/2026 09:00"'],
     "new_opportunities", 4),
    # EspoCRM: a deal saved twice three minutes apart, the copy left in Prospecting ("doppelt angelegt") while the
    # deal was won. By hand: new in October the deal and row 3 → 2
    ("Export_Opportunity.csv",
     ["id;name;amountCurrency;amount;accountName;stage;closeDate;description;createdAt;assignedUserName",
      "a1;Fischer – Support;EUR;6400;Fischer GmbH;Closed Won;2026-10-19;;2026-10-02 13:02:44;Stefan Wagner",
      "a2;Fischer – Support;EUR;6400;Fischer GmbH;Prospecting;2026-10-19;doppelt angelegt;2026-10-02 13:05:56;"
      "Stefan Wagner",
      "a3;Vogel – Hardware;EUR;5400;Vogel Reisen GmbH;Qualification;2026-11-13;;2026-10-12 15:31:54;Jonas Becker",
      "a4;Basler – Pilot;EUR;17400;Basler AG;Prospecting;2026-08-27;;2026-05-05 11:14:13;Stefan Wagner"],
     "new_opportunities", 2),
    # GLPI's French tickets: its mail collector made one e-mail into two tickets (same title, requester and minute),
    # and "Test collecteur mail" tries the collector. By hand: opened in October 6600 and 6620 → 2
    ("glpi.csv",
     ['\ufeff"Titre";"ID";"Statut";"Date d\'ouverture";"Demandeur - Demandeur";"Attribué à - Technicien";'
      '"Date de résolution"',
      '"Imprimante bloquée";"6600";"Résolu";"13-10-2026 09:00";"DUPONT Marie";"Nicolas Martin";"13-10-2026 11:00"',
      '"Imprimante bloquée";"6601";"Clos";"13-10-2026 09:00";"DUPONT Marie";"Nicolas Martin";"13-10-2026 09:05"',
      '"Test collecteur mail";"6614";"Clos";"13-10-2026 10:07";"glpi";"";"13-10-2026 10:08"',
      '"Mot de passe expiré";"6620";"Nouveau";"20-10-2026 07:22";"FAURE Isabelle";"";""',
      '"Poste lent";"6500";"Clos";"20-09-2026 07:22";"FAURE Isabelle";"Nicolas Martin";"21-09-2026 08:00"'],
     "cases_opened", 2),
    # osTicket: a ticket merged into another says so in "Merged" (Yes), and "osTicket Installed!" is the desk's own
    # first ticket. By hand: opened in October 102101-102103 → 3
    ("Closed Tickets-20261103.csv",
     ["\ufeffTicket Number,Date Created,Subject,From,From Email,Current Status,Closed Date,Merged,Agent Assigned",
      "102101,10/02/2026 4:40 pm,Password reset,John Clark,john@acme.com,Closed,10/02/2026 6:59 pm,No,Emily Carter",
      "102102,10/05/2026 9:10 am,Invoice copy,Mia Wong,mia@beta.com,Closed,10/05/2026 1:00 pm,No,Emily Carter",
      "102103,10/07/2026 9:10 am,Login fails,Li Chen,li@gamma.com,Closed,10/08/2026 1:00 pm,No,Tom Reed",
      "102104,10/07/2026 9:12 am,Login fails,Li Chen,li@gamma.com,Closed,10/07/2026 9:30 am,Yes,Tom Reed",
      "100001,10/01/2026 8:00 am,osTicket Installed!,osTicket Support,support@osticket.com,Closed,"
      "10/01/2026 8:01 am,No,",
      "102001,09/15/2026 9:10 am,VPN,Li Chen,li@gamma.com,Closed,09/16/2026 1:00 pm,No,Tom Reed"],
     "cases_opened", 3),
    # TOPdesk's meldingen: a part split off another ("deelmelding" M2610 001 1) and a second report of one issue
    # ("Soort melding" Dubbele melding). By hand: opened in October M2610 001 and M2610 003 → 2
    ("Meldingen.csv",
     ["\ufeffMeldingnummer;Aanmelddatum;Aanmelder;Korte omschrijving (Details);Soort melding;Behandelaar;Status;"
      "Datum gereed",
      "M2610 001;01-10-2026 09:03;Thijs Peters;Gastennetwerk werkt niet;Storing;Bram van den Berg;Afgemeld;"
      "02-10-2026 10:00",
      "M2610 001 1;01-10-2026 11:00;Thijs Peters;Gastennetwerk werkt niet;Storing;Applicatiebeheer;Afgemeld;"
      "02-10-2026 09:00",
      "M2610 002;01-10-2026 09:23;Thijs Peters;Gastennetwerk werkt niet;Dubbele melding;Bram van den Berg;Afgemeld;"
      "01-10-2026 09:30",
      "M2610 003;12-10-2026 14:00;Sem Smit;OneDrive synchroniseert niet;Verzoek;Daan de Vries;In behandeling;",
      "M2609 050;12-09-2026 14:00;Sem Smit;Printer;Storing;Daan de Vries;Afgemeld;13-09-2026 10:00"],
     "cases_opened", 2),
    # Microsoft Bookings' reporting data: a row per event of a booking (Booked, Rescheduled at its new time,
    # Cancelled). By hand: held in October B1 (5 Oct) and B2 (moved from 29 Sep to 2 Oct) → 2; B3 was called off,
    # B4 moved to November
    ("BookingsReportingData_2026-07-15_2026-11-14.tsv",
     ["Date & Time\tCustomer Name\tCustomer Email\tStaff\tService\tDuration (minutes)\tEvent Type\tBooking ID",
      "05/10/2026 10:00\tGrainne Quinn\tgq@shannon.ie\tOrla Fitzgerald\tProduct demo\t45\tBooked\tB1",
      "29/09/2026 09:30\tGavin Keane\tgk@boyne.ie\tSiobhan Daly\tProduct demo\t45\tBooked\tB2",
      "02/10/2026 09:30\tGavin Keane\tgk@boyne.ie\tSiobhan Daly\tProduct demo\t45\tRescheduled\tB2",
      "12/10/2026 12:00\tBrian Reilly\tbr@boyne.ie\tOrla Fitzgerald\tProduct demo\t45\tBooked\tB3",
      "12/10/2026 12:00\tBrian Reilly\tbr@boyne.ie\tOrla Fitzgerald\tProduct demo\t45\tCancelled\tB3",
      "29/10/2026 15:00\tAoife Byrne\tab@kerry.ie\tSiobhan Daly\tProduct demo\t45\tBooked\tB4",
      "03/11/2026 15:00\tAoife Byrne\tab@kerry.ie\tSiobhan Daly\tProduct demo\t45\tRescheduled\tB4",
      "15/09/2026 15:00\tCian Walsh\tcw@cork.ie\tOrla Fitzgerald\tProduct demo\t45\tBooked\tB5"],
     "meetings", 2),
    # Salesmate's activities: the team's own "Weekly sales team meeting" names no contact and no deal. By hand:
    # customer meetings held in October rows 1-3 → 3
    ("Activities.csv",
     ["Activity Id,Title,Type,Owner,Due Date,Duration,Is Completed,Related To,Contact,Description",
      '1,Kick-off with Anna Schmidt,Meeting,Priya Nair,"Oct 05, 2026 09:45 AM",30 mins,Yes,Brussels Law - Seats,'
      'Anna Schmidt,',
      '2,Product walkthrough,Meeting,Elena Rossi,"Oct 06, 2026 11:00 AM",60 mins,Yes,Krakow Games - Seats,'
      'Sofia Virtanen,',
      '3,Contract review,Meeting,Elena Rossi,"Oct 08, 2026 11:00 AM",60 mins,Yes,Krakow Games - Seats,'
      'Sofia Virtanen,',
      '4,Weekly sales team meeting,Meeting,Tom Harris,"Oct 12, 2026 09:00 AM",60 mins,Yes,,,Internal pipeline review',
      '5,Weekly sales team meeting,Meeting,Tom Harris,"Oct 19, 2026 09:00 AM",60 mins,Yes,,,Internal pipeline review',
      '6,Demo,Meeting,Tom Harris,"Sep 19, 2026 09:00 AM",60 mins,Yes,Oslo AS - Seats,Kari Nordmann,'],
     "meetings", 3),
    # Dynamics 365 in French: a deal's name is its "Rubrique", its customer the "Compte potentiel"; a rep saved the
    # same deal twice three minutes apart on 8 October and again a minute apart on 23 October, each copy with a new
    # expected close date. By hand: new in October o1, o3 and o6 → 3 (o2 and o4 copies, o5 a test of a workflow)
    ("Toutes les opportunités 04-11-2026 09-12-44.csv",
     ["(Ne pas modifier) Opportunité;Rubrique;Compte potentiel;Revenu estimé;Date de clôture estimée;Statut;"
      "Propriétaire;Créé le",
      "o1;Extension postes - Brieuc;Mairie de Saint-Brieuc;12400;28/10/2026;Ouvert;Sophie Bernard;08/10/2026 14:11",
      "o2;Extension postes - Brieuc;Mairie de Saint-Brieuc;12400;18/01/2027;Ouvert;Sophie Bernard;08/10/2026 14:14",
      "o3;Extension postes - Brieuc;Mairie de Saint-Brieuc;12400;27/12/2026;Ouvert;Sophie Bernard;23/10/2026 10:47",
      "o4;Extension postes - Brieuc;Mairie de Saint-Brieuc;12400;28/12/2026;Ouvert;Sophie Bernard;23/10/2026 10:48",
      "o5;test workflow devis;Groupe Caron;1000;30/11/2026;Ouvert;Julien Moreau;21/10/2026 09:00",
      "o6;Migration cloud - Pasteur;Clinique Pasteur;16300;11/11/2026;Ouvert;Julien Moreau;13/10/2026 16:40",
      "o7;Projet GED - Pâquier;Boulangeries Pâquier;24800;12/11/2026;Gagné;Julien Moreau;07/09/2026 17:28"],
     "new_opportunities", 3),
    # TOPdesk's "Streefdatum" is the time a melding is to be resolved by: the service level a desk's director reads
    # first, which no card showed. By hand: closed in October M1 (on time), M2 (a day late), M3 (on time) → 2 / 3
    ("Meldingen.csv",
     ["Meldingnummer;Aanmelddatum;Aanmelder;Korte omschrijving (Details);Behandelaar;Status;Streefdatum;Datum gereed",
      "M2610 001;01-10-2026 09:00;Thijs Peters;Wifi;Bram van den Berg;Afgemeld;02-10-2026 09:00;01-10-2026 15:00",
      "M2610 002;05-10-2026 09:00;Sem Smit;Printer;Bram van den Berg;Afgemeld;06-10-2026 09:00;07-10-2026 10:00",
      "M2610 003;10-10-2026 09:00;Sem Smit;VPN;Daan de Vries;Afgemeld;12-10-2026 17:00;12-10-2026 16:00",
      "M2610 004;20-10-2026 09:00;Thijs Peters;Outlook;Daan de Vries;In behandeling;21-10-2026 09:00;",
      "M2609 050;12-09-2026 14:00;Sem Smit;Printer;Daan de Vries;Afgemeld;13-09-2026 14:00;13-09-2026 10:00"],
     "resolved_on_time", 2 / 3),
    # Pipedrive in Danish: "Intern sparring med Anders om tilbud", a call between colleagues that names no contact,
    # organisation or deal, as the weekly "Salgsmøde (internt)" is a meeting of the team. By hand: calls held with
    # customers in October rows 1 and 2 → 2
    ("activities-8412093-28.csv",
     ["\ufeffAktivitet - ID,Aktivitet - Emne,Aktivitet - Type,Aktivitet - Udført,Aktivitet - Forfaldsdato,"
      "Aktivitet - Forfaldstid,Aktivitet - Tildelt til bruger,Aktivitet - Aftale,Aktivitet - Kontaktperson,"
      "Aktivitet - Organisation",
      "1,Ring til Pia,Opkald,Udført,2026-10-05,08:01,Anders Bech,Kolding - Konsulent,Pia Jørgensen,Kolding Kontor",
      "2,Opfølgning,Opkald,Udført,2026-10-06,09:00,Anders Bech,Vejle - Webshop,Ole Dahl,Vejle Sko",
      "3,Intern sparring med Anders om tilbud,Opkald,Udført,2026-10-21,10:30,Rasmus Holm,,,",
      "4,Salgsmøde (internt),Møde,Udført,2026-10-26,09:00,Mette Kjær,,,",
      "5,Demo,Møde,Udført,2026-10-27,09:00,Mette Kjær,Vejle - Webshop,Ole Dahl,Vejle Sko",
      "6,Ring op,Opkald,Udført,2026-09-15,09:00,Anders Bech,Vejle - Webshop,Ole Dahl,Vejle Sko"],
     "calls", 2),
]


def test_a_bookings_staff_and_a_call_logs_conversation_id_are_read(tmp_path):
    # Microsoft Bookings' "Staff" is who holds the meeting: unread, the report said its sections needed "activities
    # with an owner"; Voys' "Gesprek-ID" is the call's id (its legs share it): unread, "no id column"
    bookings = ["Date & Time\tCustomer Name\tStaff\tService\tDuration (minutes)\tEvent Type\tBooking ID",
                "05/10/2026 10:00\tGrainne Quinn\tOrla Fitzgerald\tProduct demo\t45\tBooked\tB1",
                "06/10/2026 10:00\tGavin Keane\tSiobhan Daly\tProduct demo\t45\tBooked\tB2"]
    (tmp_path / "b").mkdir()
    assert "owner_id: Staff" in _draft(tmp_path / "b", "BookingsReportingData_2026-10.tsv", bookings)
    voys = ["Gesprek-ID;Datum;Tijd;Richting;Van;Naar;Gebruiker;Status;Gespreksduur",
            "771;02-10-2026;17:03:48;Uitgaand;204;+31 20 4026407;Lotte Bakker;Beantwoord;0:04:26",
            "772;02-10-2026;17:13:48;Inkomend;+31 6 19166486;202;Sanne Jansen;Beantwoord;0:02:02"]
    (tmp_path / "v").mkdir()
    assert "activity_id: Gesprek-ID" in _draft(tmp_path / "v", "gesprekken_01-10-2026_tm_31-10-2026.csv", voys)


def test_an_open_deals_last_stage_change_is_a_change_after_creation(tmp_path):
    # Zendesk Sell's "Last Stage Change At" dates a won or lost deal's close, and of an open deal its last move: the
    # report said "the export shows no changes after creation" of open deals that had moved since
    rows = ["ID,Name,Value,Currency,Stage,Owner,Added On,Last Stage Change At",
            "1,Alpha,1000,EUR,Won,Ann,09/01/2026 10:00 AM,10/05/2026 11:00 AM",
            "2,Beta,2000,EUR,Qualified,Ann,09/02/2026 10:00 AM,10/20/2026 09:00 AM",
            "3,Gamma,3000,EUR,Lost,Bo,09/03/2026 10:00 AM,10/07/2026 09:00 AM"]
    _, data, _ = _drafted(tmp_path / "zs", "deals_export_2026-11-03.csv", rows)
    o = data.opportunities.set_index("opportunity_id")
    # by hand: Beta, open, moved on 20 October; Alpha closed on 5 October
    assert o.loc["2", "modified_at"] == pd.Timestamp("2026-10-20 09:00")
    assert o.loc["1", "close_date"] == pd.Timestamp("2026-10-05")


def test_a_phone_logs_calls_in_are_counted_as_calls_received(tmp_path):
    # Placetel's and Voys' reports counted the calls made alone: the customers' calls in, half the traffic, stood
    # nowhere. By hand: in October rows 2 and 4 came in (4 not answered) → 2 received; row 1 made and held → 1 call
    rows = ["ID;Datum;Typ;Status;Von;An;Benutzer;Dauer",
            "1;05.10.2026 09:10:00;Ausgehend;Angenommen;+49 221 9876525;+49 164 6804768;Anna Weiß;00:05:00",
            "2;05.10.2026 10:00:00;Eingehend;Angenommen;+49 511 3844039;+49 221 9876524;Anna Weiß;00:06:39",
            "3;06.10.2026 11:56:09;Ausgehend;Angenommen;22;26;Lea Hoffmann;00:02:38",
            "4;06.10.2026 08:00:00;Eingehend;Verpasst;+49 40 7896141;+49 221 9876523;Lea Hoffmann;00:00:00",
            "5;15.09.2026 09:00:00;Eingehend;Angenommen;+49 89 1111111;+49 221 9876525;Anna Weiß;00:04:00"]
    _, data, _ = _drafted(tmp_path / "pt", "anrufliste_2026-09-01_2026-10-31.csv", rows)
    got = _october(data, ["calls", "calls_received"])
    assert got["calls"] == 1 and got["calls_received"] == 2
    # an export that does not say which way its calls went cannot count them: not 0
    blind = K.compute(data.replace(activities=data.activities.drop(columns="call_in")), ["calls_received"])
    assert blind["value"].isna().all() and blind["note"].astype(str).str.contains("call").all(), blind


def test_a_phone_logs_calls_in_say_how_many_were_answered(tmp_path):
    # Aircall's page 1 said "Calls received 267" and nowhere that 104 of them nobody picked up: the first number a
    # call desk's director asks for. By hand, October: rows 2 and 4 came in, 2 answered and 4 missed → 1 of 2
    rows = ["ID;Datum;Typ;Status;Von;An;Benutzer;Dauer",
            "1;05.10.2026 09:10:00;Ausgehend;Angenommen;+49 221 9876525;+49 164 6804768;Anna Weiß;00:05:00",
            "2;05.10.2026 10:00:00;Eingehend;Angenommen;+49 511 3844039;+49 221 9876524;Anna Weiß;00:06:39",
            "3;07.10.2026 11:56:09;Ausgehend;Angenommen;+49 221 9876523;+49 164 6804700;Lea Hoffmann;00:02:38",
            "4;06.10.2026 08:00:00;Eingehend;Verpasst;+49 40 7896141;+49 221 9876523;Lea Hoffmann;00:00:00",
            "5;15.09.2026 09:00:00;Eingehend;Angenommen;+49 89 1111111;+49 221 9876525;Anna Weiß;00:04:00",
            "6;16.09.2026 09:00:00;Eingehend;Verpasst;+49 89 1111112;+49 221 9876525;Anna Weiß;00:00:00"]
    _, data, _ = _drafted(tmp_path / "pt", "anrufliste_2026-09-01_2026-10-31.csv", rows)
    got = _october(data, ["calls_received", "calls_answered_share", "talk_time_hours"])
    assert got["calls_received"] == 2 and got["calls_answered_share"] == pytest.approx(1 / 2)
    # the time on the phone counts a call answered as one made (Webex's hotline takers had 22.9 of 57 hours left
    # out): rows 1, 2 and 3, 5:00 + 6:39 + 2:38 = 857 seconds
    assert got["talk_time_hours"] == pytest.approx(857 / 3600)
    t = K.compute(data, ["calls_answered_share"], period="M").set_index("period")["value"]
    assert t["2026-09"] == pytest.approx(1 / 2)       # by hand: row 5 answered, row 6 missed
    # a call in the export says nothing of is neither answered nor missed: row 4 without its status → 1 of 1
    a = data.activities.copy()
    a.loc[a["activity_id"] == "4", "completed"] = pd.NA
    assert _october(data.replace(activities=a), ["calls_answered_share"])["calls_answered_share"] == 1.0
    # page 1 of a phone log shows it beside the calls received
    from crmanalysis.analyses.kinds import card_order

    order = card_order(data)
    assert order.index("calls_received") + 1 == order.index("calls_answered_share"), order
    # an export that does not say which way its calls went has no calls in to answer: not 0, not 100 %
    blind = K.compute(data.replace(activities=data.activities.drop(columns="call_in")), ["calls_answered_share"])
    assert blind["value"].isna().all(), blind
    assert "calls_answered_share" not in card_order(data.replace(activities=data.activities.drop(columns="call_in")))


def test_a_conversation_no_agent_took_is_its_resolvers_or_the_ai_agents(tmp_path):
    # Intercom's Fin closes a fifth of the chats without a teammate: the agents' table showed them as "(unknown)",
    # which a director read as chats nobody took. By hand: row 2 is Fin's, row 3 (no teammate, no Fin) nobody's
    from crmanalysis.analyses.levels import no_person

    rows = ["Conversation ID,Conversation started at,Conversation state,Teammate currently assigned,"
            "Conversation last closed at,Fin AI Agent involved,Conversation rating",
            "2154001,2026-10-01 08:45:14,Closed,Chloe Adams,2026-10-01 10:00:00,No,5",
            "2154002,2026-10-02 09:14:00,Closed,,2026-10-02 09:20:00,Yes,4",
            "2154003,2026-10-03 09:14:00,Open,,,No,",
            "2154004,2026-10-04 09:14:00,Closed,Ethan Brooks,2026-10-04 12:00:00,Yes,3"]
    _, data, report = _drafted(tmp_path / "ic", "conversations_2026-10-01_2026-11-02.csv", rows)
    c = data.cases.set_index("case_id")["agent_id"]
    assert c["2154002"] == "Fin AI Agent" and pd.isna(c["2154003"]) and c["2154004"] == "Ethan Brooks"
    assert no_person(pd.Series(["Fin AI Agent", "Chloe Adams"])).tolist() == [True, False]
    assert "1 case without an agent was handled by Fin AI Agent" in report.summary()
    # Freshchat's "Resolved By" names the bot that closed a chat no agent was assigned to: "Freddy (Bot)" is its
    # agent, a bot's. By hand: row 2 is Freddy's, row 3 (unresolved) nobody's
    rows = ["Conversation ID,Created At,Channel,Agent,Status,Resolved At,Resolved By,CSAT Rating",
            "c1,2026-10-01T08:45:14.000Z,Web Chat,Marcus Reid,Resolved,2026-10-01T09:00:00.000Z,Marcus Reid,4",
            "c2,2026-10-02T08:45:14.000Z,Web Chat,,Resolved,2026-10-02T08:50:00.000Z,Freddy (Bot),",
            "c3,2026-10-03T08:45:14.000Z,Web Chat,,Open,,,",
            "c4,2026-10-04T08:45:14.000Z,Web Chat,Ann Lee,Resolved,2026-10-04T12:00:00.000Z,Ann Lee,5"]
    _, data, report = _drafted(tmp_path / "fc", "Conversation_Report_2026-09-01_2026-11-03.csv", rows)
    c = data.cases.set_index("case_id")["agent_id"]
    assert c["c2"] == "Freddy (Bot)" and pd.isna(c["c3"]) and no_person(pd.Series(["Freddy (Bot)"])).all()


def test_a_planned_close_date_beside_the_decided_one_is_an_open_deals_close_date(tmp_path):
    # Simplicate's "Afsluitdatum" (when a sale was decided) beside "Verwachte afsluitdatum" (its plan): read as the
    # close date, the first left the open deals undated, and page 1's "5 of 166 planned to close by 30 November"
    # were 5 deals decided on 1 and 2 November. By hand: open row 3 is planned for 15 October; won row 1 closed on
    # 5 October whatever its plan said
    rows = ["Salesnummer,Onderwerp,Organisatie,Verantwoordelijke,Voortgang,Verwachte omzet,Aangemaakt op,"
            "Verwachte afsluitdatum,Afsluitdatum",
            "1,Website Van Dijk,Van Dijk B.V.,Sanne de Vries,Gewonnen,12000,2026-09-01,2026-12-01,2026-10-05",
            "2,Webshop Bos,Bos V.O.F.,Daan Bakker,Gewonnen,8000,2026-09-02,2026-09-30,2026-10-12",
            "3,App Jansen,Jansen B.V.,Lotte Jansen,Lopend,5000,2026-09-03,2026-10-15,",
            "4,Portal Visser,Visser B.V.,Bram Visser,Verloren,9000,2026-09-06,2026-10-20,2026-09-25"]
    _, data, _ = _drafted(tmp_path / "sc", "Sales_export_04-11-2026.csv", rows)
    o = data.opportunities.set_index("opportunity_id")["close_date"]
    assert o["3"] == pd.Timestamp("2026-10-15") and o["1"] == pd.Timestamp("2026-10-05")
    assert _october(data, ["deals_won"])["deals_won"] == 2


def test_a_call_log_in_english_headers_of_a_german_firm_is_reported_in_german(tmp_path):
    # Webex writes its call history's headers in English whatever the client's language: a Hamburg firm's calls
    # (+49 40 …) drafted an English report; a US log's (+1 …) stays English
    text, _, _ = _drafted(tmp_path / "wx", "Calling_Detailed_Call_History_Report_2026-09-01_2026-11-02.csv",
                          _webex_rows())
    assert "\nlanguage: de " in text
    us = [r.replace("+49", "+1") for r in _webex_rows()]
    text, _, _ = _drafted(tmp_path / "us", "Calling_Detailed_Call_History_Report_2026-09-01_2026-11-02.csv", us)
    assert "\nlanguage: en " in text


def test_a_forms_question_of_where_a_lead_heard_of_the_firm_is_its_source(tmp_path):
    # Jotform's Dutch quote form asks "Hoe heeft u ons gevonden?" (how did you find us): page 1 promised new leads
    # by source and showed none
    rows = ["Inzendingsdatum,Naam,E-mailadres,Hoe heeft u ons gevonden?,Inzendings-ID",
            "2026-10-02 10:00:00,Henk Hendriks,henk@hotmail.com,Google,611",
            "2026-10-05 11:00:00,Monique de Vries,monique@outlook.com,Via via / aanbeveling,612"]
    _, data, _ = _drafted(tmp_path / "jf", "Offerte aanvragen zonnepanelen.csv", rows)
    assert data.leads["source"].tolist() == ["Google", "Via via / aanbeveling"]


def test_an_open_deals_forecast_before_its_creation_is_no_close_before_creation(tmp_path):
    # Dynamics' French export: 7 open deals whose estimated close date came before their creation read "7 rows
    # close before they were created"; an open deal has not closed. By hand: only row 1, won, is such a row
    rows = ["Deal ID,Deal Name,Amount,Status,Created,Close Date,Owner",
            "1,Alpha,1000,Won,2026-10-10,2026-10-01,Ann",
            "2,Beta,2000,Open,2026-10-10,2026-10-01,Ann",
            "3,Gamma,3000,Lost,2026-10-01,2026-10-20,Bo"]
    _, _, report = _drafted(tmp_path / "d", "deals.csv", rows)
    said = report.issues_frame()["message"].astype(str)
    assert said.str.contains("1 row closes before it was created").sum() == 1, said.tolist()


def test_a_forms_unfinished_responses_are_no_leads_and_no_check_before_use(tmp_path):
    # Typeform's "partial" responses have no "Submit Date": kept, 679 of 2,027 were leads without a creation date
    # and page 1 asked to check them. By hand: 2 of the 3 rows finished, 1 left out, no warning
    # its hidden field "utm_source" is where a lead came from: unread, no lead had a source
    rows = ["#,What's your work email?,utm_source,Response Type,Start Date (UTC),Submit Date (UTC)",
            "a1,julia@alpen.eu,linkedin,completed,2026-10-02 12:21:17,2026-10-02 12:23:54",
            "a2,mateo@krakow.nl,tiktok,partial,2026-10-21 18:20:43,",
            "a3,emma@tecnored.com,,completed,2026-10-11 13:39:14,2026-10-11 13:40:32"]
    text, data, report = _drafted(tmp_path / "tf", "responses-Demo-export.csv", rows)
    assert len(data.leads) == 2 and report.accounting()["rows_excluded"].sum() == 1
    assert "source: utm_source" in text and data.leads["source"].tolist()[:1] == ["linkedin"]
    assert not (report.issues_frame()["severity"] == "warning").any()


def _webex_rows() -> list[str]:
    """Webex Calling's legs: a call out per row, a call in to the hunt group as its leg and the agent's a few
    seconds on (one Correlation ID), a call between colleagues as two legs at the same time, a test login's."""
    head = "Start time,Duration,Report ID,Correlation ID,User,User type,Direction,Call type,Answered," \
           "Calling number,Called number"
    rows = [head]
    for i, (day, user, ans) in enumerate([("01", "Miriam Hoffmann", "true"), ("02", "Anja Schröder", "true"),
                                          ("05", "Miriam Hoffmann", "false"), ("06", "Anja Schröder", "true")]):
        rows.append(f"2026-10-{day}T08:00:00.000Z,120,r{i},c{i},{user},User,ORIGINATING,SIP_NATIONAL,{ans},"
                    f"+494055512306,+4930123450{i}")
    for i, day in enumerate(["07", "08", "09", "12", "13"]):
        rows += [f"2026-10-{day}T09:00:00.000Z,200,h{i},k{i},Vertrieb Hotline,HuntGroup,TERMINATING,SIP_INBOUND,true,"
                 f"+49511810052{i},+494055512399",
                 f"2026-10-{day}T09:00:04.000Z,196,a{i},k{i},Anja Schröder,User,TERMINATING,SIP_INBOUND,true,"
                 f"+49511810052{i},+494055512304"]
    rows += ["2026-10-14T10:00:00.505Z,60,e1,x1,Miriam Hoffmann,User,ORIGINATING,SIP_ENTERPRISE,true,2106,2104",
             "2026-10-14T10:00:00.505Z,60,e2,x1,Anja Schröder,User,TERMINATING,SIP_ENTERPRISE,true,2106,2104",
             "2026-10-15T10:00:00.100Z,30,t1,y1,Testbenutzer Webex,User,ORIGINATING,SIP_ENTERPRISE,true,2199,2101",
             "2026-10-15T10:00:00.300Z,30,t2,y1,Jens Petersen,User,TERMINATING,SIP_ENTERPRISE,true,2199,2101",
             "2026-09-15T10:00:00.000Z,90,s1,z1,Jens Petersen,User,ORIGINATING,SIP_MOBILE,true,+494055512301,"
             "+491701234567"]
    return rows


_ROUND_108 = [
    # Simplicate's Dutch sales: "Status" is the pipeline step (its lost step "Afgewezen", its won "Opdracht"),
    # "Voortgang" the outcome (Lopend, Gewonnen, Verloren); a "Test sale" of the company's own. By hand: won in
    # October rows 1 and 2 → 2 (3 lost, 4 the test, 5 open)
    ("Sales_export_03-11-2026.csv",
     ["Salesnummer,Onderwerp,Organisatie,Verantwoordelijke,Status,Voortgang,Verwachte omzet,Aangemaakt op,"
      "Afsluitdatum",
      "1,Website Van Dijk,Van Dijk B.V.,Sanne de Vries,Akkoord klant,Gewonnen,12000,2026-09-01,2026-10-05",
      "2,Webshop Bos,Bos V.O.F.,Daan Bakker,Akkoord klant,Gewonnen,8000,2026-09-02,2026-10-12",
      "3,App Jansen,Jansen B.V.,Lotte Jansen,Afgewezen,Verloren,5000,2026-09-03,2026-10-15",
      "4,Test sale,Studio Noord B.V.,Sanne de Vries,Akkoord klant,Gewonnen,1,2026-10-05,2026-10-05",
      "5,Portal Visser,Visser B.V.,Bram Visser,Offerte verstuurd,Lopend,9000,2026-10-06,"],
     "deals_won", 2),
    # CAS genesisWorld's German "Verkaufschancen": the amount is "Summe (EUR)" beside a weighted sum, the name
    # "Stichwort". By hand: won in October rows 1 and 2, 48,500 + 9,500 = 58,000 (3 is the test)
    ("Verkaufschancen.csv",
     ["Stichwort;Firma;Verantwortlich;Status;Summe (EUR);Gewichtete Summe (EUR);Abschlussdatum;Erstellt am;GGUID",
      "Retrofit Linie 3;Köhler GmbH;Michael Krause;gewonnen;48500;48500;14.10.2026;14.09.2026 09:05;0x1",
      "Ersatzteilpaket;Köhler KG;Stefan Neumann;gewonnen;9500;9500;20.10.2026;01.09.2026 14:06;0x2",
      "Testchance bitte ignorieren;CAS Testadresse;Andreas Wolf;gewonnen;1;1;12.10.2026;12.10.2026 08:31;0x3",
      "Schulungspaket;Friedrich GmbH;Andreas Wolf;verloren;3200;0;03.10.2026;03.09.2026 16:33;0x4",
      "Wartung 2027;Maier AG;Sabine Lorenz;offen;9500;4750;;03.10.2026 16:33;0x5"],
     "new_revenue", 58000),
    # Microsoft Advertising's German report: its title lines, the day in "Gregorianisches Datum", a total and its
    # copyright line below. By hand: October's spend 58.99 + 135.05 = 194.04
    ("Kampagnenleistung_01.09.2026-31.10.2026.csv",
     ['\ufeff"Berichtsname: Kampagnen-Performance (Täglich)"', '"Berichtszeitraum: 01.09.2026 - 31.10.2026"',
      '"Zeilen: 3"', "",
      '"Gregorianisches Datum","Kampagnenname","Klicks","Ausgaben","Konversionen"',
      '"30.09.2026","Brand | Suche","50","40,00","2"',
      '"01.10.2026","Brand | Suche","97","58,99","16"',
      '"02.10.2026","Generisch","110","135,05","3"',
      '"Gesamt","-","257","234,04","21"', "",
      '"©2026 Microsoft Corporation. Alle Rechte vorbehalten. "'],
     "marketing_spend", pytest.approx(194.04)),
    # Jotform's Dutch submissions of a quote form: "Geschat jaarverbruik" (estimated use) had made it chats. By
    # hand: submitted in October rows 1 and 2 → 2
    ("Offerte aanvragen zonnepanelen.csv",
     ["Inzendingsdatum,Naam,E-mailadres,Geschat jaarverbruik (kWh),Opmerkingen,Inzendings-IP,Inzendings-ID",
      "2026-10-02 10:00:00,Henk Hendriks,henk@hotmail.com,ca. 3600 kWh,,80.1.1.1,611",
      "2026-10-05 11:00:00,Monique de Vries,monique@outlook.com,7.800,Graag per mail,84.2.2.2,612",
      "2026-09-20 12:00:00,Kees Bos,kees@ziggo.nl,weet ik niet,,84.3.3.3,613"],
     "new_leads", 2),
    # Acuity's appointments ("schedule.csv"): "Paid?" says whether it was paid online, "Label" whether the client
    # came. By hand: October rows 1, 2 and 4 → 3 (3 a no-show)
    ("schedule.csv",
     ["Start Time,End Time,First Name,Last Name,Email,Type,Calendar,Paid?,Label,Appointment ID",
      '"October 2, 2026 9:00 am","October 2, 2026 10:00 am",Mia,Wilson,mia@yahoo.com,Initial Evaluation,'
      '"Sam Patel, DPT",yes,Completed,1',
      '"October 5, 2026 9:30 am","October 5, 2026 10:15 am",Luc,Martin,luc@icloud.com,Follow-Up Visit,'
      '"Sam Patel, DPT",no,Checked In,2',
      '"October 6, 2026 9:30 am","October 6, 2026 10:15 am",Ann,Lee,ann@gmail.com,Follow-Up Visit,'
      '"Jenna Brooks, PT",no,No-Show,3',
      '"October 7, 2026 9:30 am","October 7, 2026 10:15 am",Bo,Kim,bo@gmail.com,Follow-Up Visit,'
      '"Jenna Brooks, PT",no,,4'],
     "meetings", 3),
    # Cal.com's bookings: ACCEPTED held, PENDING never confirmed, CANCELLED and REJECTED not held. By hand: October
    # rows 1 and 2 → 2
    ("bookings-past-2026-11-03.csv",
     ["Booking UID,Title,Status,Start Time,End Time,Attendee Name,Email,Event Type,Location",
      "u1,Discovery Call between Sarah Chen and Betty Jackson,ACCEPTED,2026-10-02 16:45:00,2026-10-02 17:00:00,"
      "Betty Jackson,betty@initech.io,Discovery Call,integrations:google:meet",
      "u2,Product Demo between Elena Rossi and Matt Adams,ACCEPTED,2026-10-05 15:30:00,2026-10-05 15:45:00,"
      "Matt Adams,matt@acme.io,Product Demo,integrations:zoom",
      "u3,Product Demo between Elena Rossi and Kim Li,PENDING,2026-10-06 15:30:00,2026-10-06 15:45:00,"
      "Kim Li,kim@globex.io,Product Demo,integrations:zoom",
      "u4,Discovery Call between Sarah Chen and Al Ng,CANCELLED,2026-10-07 15:30:00,2026-10-07 15:45:00,"
      "Al Ng,al@umbrella.io,Discovery Call,integrations:zoom",
      "u5,Discovery Call between Sarah Chen and Jo Wu,REJECTED,2026-10-08 15:30:00,2026-10-08 15:45:00,"
      "Jo Wu,jo@hooli.io,Discovery Call,integrations:zoom"],
     "meetings", 2),
    # and its "Team Sync" between two hosts: the attendee a colleague at the company's own domain. By hand: October
    # rows 1 and 2 → 2 (3 and 4 the team's own)
    ("bookings-past-2026-11-03.csv",
     ["Booking UID,Title,Status,Start Time,End Time,Attendee Name,Email,Event Type,Location",
      "u1,Discovery Call between Sarah Chen and Betty Jackson,ACCEPTED,2026-10-02 16:45:00,2026-10-02 17:00:00,"
      "Betty Jackson,betty@initech.io,Discovery Call,integrations:google:meet",
      "u2,Product Demo between Elena Rossi and Matt Adams,ACCEPTED,2026-10-05 15:30:00,2026-10-05 15:45:00,"
      "Matt Adams,matt@acme.io,Product Demo,integrations:zoom",
      "u3,Team Sync between Sarah Chen and David Okafor,ACCEPTED,2026-10-06 09:00:00,2026-10-06 09:30:00,"
      "David Okafor,david@lumenanalytics.io,Team Sync,integrations:daily",
      "u4,Team Sync between Elena Rossi and Sarah Chen,ACCEPTED,2026-10-13 09:00:00,2026-10-13 09:30:00,"
      "Sarah Chen,sarah@lumenanalytics.io,Team Sync,integrations:daily",
      "u5,Discovery Call between Sarah Chen and Al Ng,ACCEPTED,2026-09-07 15:30:00,2026-09-07 15:45:00,"
      "Al Ng,al@umbrella.io,Discovery Call,integrations:zoom"],
     "meetings", 2),
    # Webex Calling's legs: ORIGINATING is a call the user made, a call between extensions two legs of one
    # Correlation ID at the same millisecond, a test login's call to a colleague. By hand: calls out held to
    # customers in October, rows 1, 2 and 4 → 3 (3 not answered; the calls in, between colleagues, the test's no)
    ("Calling_Detailed_Call_History_Report_2026-09-01_2026-11-02.csv", _webex_rows(), "calls", 3),
    # the same log's calls in: the hunt group's leg and the agent's are one call. By hand: 5
    ("Calling_Detailed_Call_History_Report_2026-09-01_2026-11-02.csv", _webex_rows(), "calls_received", 5),
    # and its time on the phone: the calls out held, 3 × 120 s, and the calls in, whose hunt group's leg (200 s)
    # and agent's (196 s, from 4 s on) run at the same time: 5 × 200 s. By hand: 1,360 s
    ("Calling_Detailed_Call_History_Report_2026-09-01_2026-11-02.csv", _webex_rows(), "talk_time_hours",
     pytest.approx(1360 / 3600)),
    # Dixa's conversations: the rating is "rating_score" beside its "rating_type". By hand: closed in October,
    # rated 4 and 5 → 4.5
    ("conversations_export_2026-09-01_2026-11-03.csv",
     ["id,created_at,initial_channel,direction,requester_name,subject,assignee_name,closed_at,rating_score,"
      "rating_type,tags",
      "1,2026-10-01T08:42:58.035Z,email,inbound,Sofie Madsen,Levering,Mikkel Larsen,2026-10-01T09:06:48.812Z,4,"
      "stars,retur",
      "2,2026-10-02T09:38:00.638Z,email,inbound,Lars Holm,Betaling afvist,Søren Nielsen,2026-10-02T21:11:34.945Z,5,"
      "stars,levering",
      "3,2026-10-03T09:38:00.638Z,email,inbound,Ida Berg,Faktura,Søren Nielsen,2026-10-03T11:11:34.945Z,,,",
      "4,2026-09-03T09:38:00.638Z,email,inbound,Ole Lund,Faktura,Søren Nielsen,2026-09-03T11:11:34.945Z,1,stars,"],
     "csat_mean", 4.5),
    # Ivanti's German incidents: a second incident the mail listener made of one mail is "Storniert" with the
    # cause ("Ursache") Duplikat. By hand: opened in October rows 1 and 2 → 2
    ("Incident.csv",
     ["Vorfallnummer;Zusammenfassung;Status;Kunde;Besitzer;Erstellt am;Gelöst am;Ursache",
      "10231;VPN geht nicht;Gelöst;Anna Berg;Jonas Weber;05.10.2026 09:10;05.10.2026 15:00;Benutzerfehler",
      "10232;Drucker offline;Gelöst;Paul Kern;Jonas Weber;06.10.2026 10:00;07.10.2026 10:00;Hardware getauscht",
      "10233;Drucker offline;Storniert;Paul Kern;;06.10.2026 10:01;;Duplikat",
      "10230;Passwort;Gelöst;Eva Roth;Lena Vogt;20.09.2026 10:00;20.09.2026 12:00;Anleitung bereitgestellt"],
     "cases_opened", 2),
    # Gravity Forms' entries: a colleague's test under the company "TEST - please ignore", a spam bot's pitch.
    # By hand: October rows 1 and 2 → 2
    ("request-a-demo-2026-11-03.csv",
     ["\ufeffName (First),Name (Last),Work Email,Company,Message,Entry Id,Entry Date,Source Url",
      "Emma,Kelly,emma@mayocoach.ie,Mayo Coaches Ltd.,We have a mix of units,956,2026-10-02 10:00:00,https://x.ie/demo",
      "Mark,Kelly,mark.kelly@tuambus.ie,Tuam Bus Hire Ltd.,,957,2026-10-03 10:00:00,https://x.ie/demo",
      "Test,Test,web@corribtelematics.ie,TEST - please ignore,Test - ignore,958,2026-10-04 10:00:00,https://x.ie/demo",
      "Eric,Jones,ericjones@gmail.com,talkwithwebvisitor.com,Ahrefs DR 50+ backlinks http://seo.xyz,959,"
      "2026-10-16 04:12:45,https://x.ie/demo",
      "Orla,Whelan,orla@galwaywaste.ie,Galway Waste,Can you quote?,950,2026-09-20 10:00:00,https://x.ie/demo"],
     "new_leads", 2),
    # Attio's deals: Zapier made one deal twice, two seconds apart, under "Associated company". By hand: created
    # in October rows 1 and 3 → 2 (2 the copy)
    ("Deals - All deals.csv",
     ["Record ID,Deal name,Deal stage,Deal owner,Deal value,Associated company,Close date,Created at,Created by",
      "b1,Kitebase – Team plan,In Progress,Chloé Martin,24000,Kitebase,,2026-10-16T14:22:07.340000000Z,Zapier",
      "b2,Kitebase – Team plan,In Progress,Chloé Martin,24000,Kitebase,,2026-10-16T14:22:09.754000000Z,Zapier",
      "b3,Sundial – Enterprise,In Progress,Tom Richter,84000,Sundial,,2026-10-14T12:15:23.770000000Z,Tom Richter",
      "b4,Quire – Pilot,Won 🎉,Tom Richter,9600,Quire,2026-10-20,2026-09-14T12:15:23.770000000Z,Tom Richter",
      "b5,Vaulted – Pilot,Lost,Priya Nair,9000,Vaulted,2026-10-21,2026-09-15T12:15:23.770000000Z,Priya Nair"],
     "new_opportunities", 2),
]


_ROUND_109 = [
    # HubSpot's Dutch meetings export: the start in "Begintijd vergadering", the outcome in "Resultaat vergadering"
    # (Voltooid, Geannuleerd, Niet verschenen); a meeting of two reps logged by each one's calendar; a test meeting
    # with HubSpot's "Test Contact (test@example.com)". By hand: October rows 1 and 3 → 2 (2 is 1's copy in Eva's
    # calendar, 4 cancelled, 5 a no-show, 6 the test)
    ("hubspot-crm-exports-alle-vergaderingen-2026-11-04.csv",
     ["Record-ID,Titel vergadering,Begintijd vergadering,Eindtijd vergadering,Resultaat vergadering,"
      "Activiteit toegewezen aan,Gekoppelde contactpersonen,Gekoppelde bedrijven",
      "1,Hofstad / BrightDesk - Kennismaking,2026-10-05 14:00,2026-10-05 14:30,Voltooid,Daan Jansen,"
      "Annemarie van Dam (annemarie@hofstad.nl),Hofstad Advocaten",
      "2,Hofstad / BrightDesk - Kennismaking,2026-10-05 14:00,2026-10-05 14:30,Voltooid,Eva Smit,"
      "Annemarie van Dam (annemarie@hofstad.nl),Hofstad Advocaten",
      "3,Demo Mertens,2026-10-07 10:00,2026-10-07 11:00,Voltooid,Eva Smit,Jan Mertens (jan@mertens.be),Mertens NV",
      "4,Demo Peeters,2026-10-08 10:00,2026-10-08 11:00,Geannuleerd,Eva Smit,Els Peeters (els@peeters.be),Peeters",
      "5,Demo Claes,2026-10-09 10:00,2026-10-09 11:00,Niet verschenen,Daan Jansen,Tom Claes (tom@claes.be),Claes",
      "6,test vergaderlink,2026-10-12 10:00,2026-10-12 10:30,Voltooid,Daan Jansen,Test Contact (test@example.com),",
      "7,Demo Wouters,2026-09-09 10:00,2026-09-09 11:00,Voltooid,Daan Jansen,Lies Wouters (lies@wouters.be),Wouters"],
     "meetings", 2),
    # Talkdesk's calls report: "Call Type" says the outcome and the way together (inbound, outbound, outbound_missed,
    # missed), a warm transfer's rows share their "Interaction ID". By hand: held calls out in October, ids a1 and
    # a3 → 2 (a1's second row the colleague who took over, a2 not answered, b1 and b2 came in)
    ("calls_report_2026-09-01_2026-11-03.csv",
     ["Interaction ID,Call Type,Start Time,End Time,Customer Phone Number,Agent Name,Talk Time,Transfer",
      "a1,outbound,2026-10-05 10:00:00,2026-10-05 10:10:00,+4468975181,Declan Walsh,00:05:00,warm",
      "a1,outbound,2026-10-05 10:05:00,2026-10-05 10:10:00,+4468975181,Sinead Kelly,00:05:00,",
      "a2,outbound_missed,2026-10-06 10:00:00,2026-10-06 10:00:30,+4468975182,Declan Walsh,00:00:00,",
      "a3,outbound,2026-10-07 10:00:00,2026-10-07 10:10:00,+4468975183,Sinead Kelly,00:09:00,",
      "b1,inbound,2026-10-08 10:00:00,2026-10-08 10:10:00,+353829311446,Sinead Kelly,00:09:00,",
      "b2,missed,2026-10-09 10:00:00,2026-10-09 10:00:20,+353829311447,,00:00:00,",
      "a4,outbound,2026-09-07 10:00:00,2026-09-07 10:10:00,+4468975184,Sinead Kelly,00:09:00,"],
     "calls", 2),
    # Ringover's French log: "Direction" Entrant / Sortant, and whether the call left the company in "Type" (Interne,
    # Externe). By hand: held calls out with customers in October, rows 1 and 3 → 2 (2 internal)
    ("ringover_export_appels_01-09-2026_04-11-2026.csv",
     ['"ID d\'appel";"Date";"Heure";"Direction";"Type";"Statut";"Numéro du contact";"Utilisateur";"Durée de l\'appel"',
      '"71";"05/10/2026";"09:10:00";"Sortant";"Externe";"Répondu";"+33736977146";"Thomas Laurent";"00:15:58"',
      '"72";"06/10/2026";"10:10:00";"Sortant";"Interne";"Répondu";"+33478920402";"Thomas Laurent";"00:02:00"',
      '"73";"07/10/2026";"11:10:00";"Sortant";"Externe";"Répondu";"+33736977147";"Émilie Moreau";"00:05:00"',
      '"74";"08/10/2026";"12:10:00";"Entrant";"Externe";"Répondu";"+33736977148";"Émilie Moreau";"00:04:00"',
      '"70";"15/09/2026";"12:10:00";"Sortant";"Externe";"Répondu";"+33736977149";"Émilie Moreau";"00:04:00"'],
     "calls", 2),
    # NFON's German CDR: the extension's name is "Name Nebenstelle", its test extension "Test Nebenstelle". By hand:
    # held calls out in October, rows 1 and 2 → 2 (3 the test extension's)
    ("CDR_K4711_20260901-20261102.csv",
     ["Datum;Beginn;Ende;Dauer (Sek.);Richtung;Status;Nebenstelle;Name Nebenstelle;Rufnummer A;Rufnummer B;Call-ID",
      "05.10.2026;08:54:25;08:58:25;240;Ausgehend;Angenommen;201;Andreas Bauer;004989453120201;0049891735821;1.1",
      "06.10.2026;09:54:25;09:58:25;240;Ausgehend;Angenommen;202;Eva Huber;004989453120202;0049891735822;1.2",
      "13.10.2026;10:01:07;10:01:21;14;Ausgehend;Angenommen;299;Test Nebenstelle;004989453120299;0049891234567;1.3",
      "14.10.2026;10:01:07;10:05:21;254;Eingehend;Angenommen;201;Andreas Bauer;0049891735823;004989453120201;1.4",
      "15.09.2026;10:01:07;10:05:21;254;Ausgehend;Angenommen;201;Andreas Bauer;004989453120201;0049891735824;1.5"],
     "calls", 2),
    # its calls in: "Abgebrochen" (hung up in the queue) was not answered, a "Weitergeleitet" leg is its call's next
    # leg's. By hand: October's calls in, 1.4 answered, 1.6 abandoned, 1.7 forwarded to 1.7's answered leg → 2 of 3
    ("CDR_K4711_20260901-20261103.csv",
     ["Datum;Beginn;Ende;Dauer (Sek.);Richtung;Status;Nebenstelle;Name Nebenstelle;Rufnummer A;Rufnummer B;Call-ID",
      "05.10.2026;08:54:25;08:58:25;240;Ausgehend;Angenommen;201;Andreas Bauer;004989453120201;0049891735821;1.1",
      "14.10.2026;10:01:07;10:05:21;254;Eingehend;Angenommen;201;Andreas Bauer;0049891735823;004989453120201;1.4",
      "15.10.2026;10:01:07;10:01:51;0;Eingehend;Abgebrochen;900;Hotline;0049891735825;004989453120900;1.6",
      "16.10.2026;10:01:07;10:01:17;0;Eingehend;Weitergeleitet;250;Empfang;0049891735826;004989453120250;1.7",
      "16.10.2026;10:01:19;10:04:17;178;Eingehend;Angenommen;202;Eva Huber;0049891735826;004989453120202;1.7",
      "15.09.2026;10:01:07;10:05:21;254;Ausgehend;Angenommen;201;Andreas Bauer;004989453120201;0049891735824;1.5"],
     "calls_answered_share", pytest.approx(2 / 3)),
    # Axonaut's French deals: "Date de fin" is a won or lost deal's end, beside its "Date de signature prévue". By
    # hand: won in October (by "Date de fin") rows 1 and 2 → 2
    ("export_opportunites.csv",
     ["ID;Nom;Entreprise;Montant HT (€);Statut;Date de création;Date de signature prévue;Date de fin;Responsable",
      "1;Refonte site;Durand SA;12500,00;Gagnée;01/09/2026 09:32;30/11/2026;14/10/2026;Julie Martin",
      "2;Maintenance;Petit SARL;3000,00;Gagnée;02/09/2026 09:32;15/09/2026;20/10/2026;Julie Martin",
      "3;Audit;Leroy SAS;5000,00;Perdue;03/09/2026 09:32;20/10/2026;05/11/2026;Paul Bernard",
      "4;Formation;Moreau SA;2000,00;En cours;04/09/2026 09:32;25/10/2026;;Paul Bernard"],
     "deals_won", 2),
    # Gorgias' tickets: a ticket moved to the bin has a "Trashed date". By hand: opened in October rows 1 and 3 → 2
    ("tickets-export-2026-11-02.csv",
     ["Ticket id,Subject,Status,Channel,Assignee,Created date,Closed date,Spam,Trashed date",
      "1,Cancel my order,closed,email,Aoife Byrne,2026-10-01T06:44:38+00:00,2026-10-02T07:38:02+00:00,False,",
      "2,Where is my order,closed,email,Aoife Byrne,2026-10-02T06:44:38+00:00,2026-10-02T08:38:02+00:00,False,"
      "2026-10-03T09:00:00+00:00",
      "3,Refund,closed,chat,Sean Kelly,2026-10-03T06:44:38+00:00,2026-10-03T07:38:02+00:00,False,",
      "4,Sizes,closed,chat,Sean Kelly,2026-09-03T06:44:38+00:00,2026-09-03T07:38:02+00:00,False,"],
     "cases_opened", 2),
    # Pinterest's campaign report: a conversion campaign's conversions are its "Checkouts". By hand: October 3 + 5
    ("pinterest_campaign_report_2026-09-01_2026-11-02.csv",
     ["\ufeffCampaign name,Campaign ID,Date,Spend in account currency,Pin clicks,Outbound clicks,Checkouts",
      "Conversions | Checkout,6267,2026-10-01,96.83,179,123,3",
      "Conversions | Checkout,6267,2026-10-02,80.00,150,100,5",
      "Conversions | Checkout,6267,2026-09-30,70.00,140,90,4"],
     "ad_conversions", 8),
    # HubSpot's Dutch tickets: "Sluitdatum" is a ticket's close, "Test chatflow" a try of the chat. By hand: closed
    # in October rows 1 and 2 → 2
    ("hubspot-crm-exports-alle-tickets-2026-11-02.csv",
     ["Record-ID,Ticketnaam,Pipeline,Ticketstatus,Aanmaakdatum,Ticketeigenaar,Sluitdatum,Laatst gewijzigd",
      "1,Factuur niet ontvangen,Support-pipeline,Gesloten,2026-10-01 10:22,Pieter Claes,2026-10-02 10:00,"
      "2026-11-01 10:00",
      "2,Login lukt niet,Support-pipeline,Gesloten,2026-10-03 10:22,Elke Maes,2026-10-05 10:00,2026-10-05 10:00",
      "3,Test chatflow,Support-pipeline,Gesloten,2026-10-07 10:15,Elke Maes,2026-10-07 10:20,2026-10-07 10:20",
      "4,Vraag over offerte,Support-pipeline,Nieuw,2026-10-08 10:22,Elke Maes,,2026-10-09 10:00",
      "5,Factuur,Support-pipeline,Gesloten,2026-09-08 10:22,Elke Maes,2026-09-09 10:00,2026-10-29 10:00"],
     "cases_closed", 2),
]


@pytest.mark.parametrize("name, rows, kpi, expected", [*_SPANISH_DUTCH_PORTUGUESE_AND_REDDIT,
                                                       *_POLISH_GERMAN_ITALIAN_SPANISH_AND_FRENCH,
                                                       *_ADS_ISSUES_CALLS_AND_RATINGS,
                                                       *_MERGES_DOUBLES_ADD_ONS_AND_TESTS,
                                                       *_REPORTS_LINKS_AND_CALL_ENDS,
                                                       *_STATUS_DATES_LINES_AND_LEGS, *_ROUND_106, *_ROUND_108,
                                                       *_ROUND_109])
def test_an_export_in_its_vendors_words_and_language_gives_the_kpi_counted_by_hand(tmp_path, name, rows, kpi,
                                                                                   expected):
    _, data, _ = _drafted(tmp_path / "x", name, rows)
    assert _october(data, [kpi])[kpi] == expected


def test_appendix_b_says_which_rows_an_older_overlapping_export_gave_up(tmp_path):
    # Placetel's two call lists overlap by two weeks: page 1 said "138 left out (appendix B says which and why)"
    # and appendix B named the 7 test calls alone, not the 131 rows the newer list also holds
    from types import SimpleNamespace

    from crmanalysis.notebook import quality_record
    from crmanalysis.report import _quality_appendix

    head = "ID;Datum;Typ;Status;Von;An;Benutzer;Dauer"
    older = [head, "1;01.06.2026 09:00:00;Ausgehend;Angenommen;+49 221 1;+49 30 1;Anna Weiß;00:05:00",
             "2;02.06.2026 09:00:00;Ausgehend;Angenommen;+49 221 1;+49 30 2;Anna Weiß;00:05:00",
             "3;03.06.2026 09:00:00;Ausgehend;Angenommen;+49 221 1;+49 30 3;Anna Weiß;00:05:00"]
    newer = [head, *older[2:], "4;04.06.2026 09:00:00;Ausgehend;Angenommen;+49 221 1;+49 30 4;Anna Weiß;00:05:00"]
    data, report = _folder_of(tmp_path / "pt", {"anrufliste_2026-05-01_2026-06-03.csv": older,
                                                "anrufliste_2026-06-02_2026-06-30.csv": newer})
    # by hand: 4 calls; rows 3 and 4 of the older list (IDs 2 and 3) are in the newer one
    assert len(data.activities) == 4 and report.accounting()["rows_excluded"].sum() == 2
    quality = quality_record(SimpleNamespace(quality=report))
    html = _quality_appendix({**quality, "files": quality["files"].to_dict("records")}, "en")
    assert "2 records are also in anrufliste_2026-06-02_2026-06-30.csv, a newer export" in html, html


def test_appendix_b_says_which_rows_were_left_out_and_why(tmp_path):
    # page 1 said "153 left out on purpose (appendix B says which and why)" above an appendix of counts alone: the
    # notes of rows left out were an ingest's infos, never shown
    from types import SimpleNamespace

    from crmanalysis.notebook import quality_record
    from crmanalysis.report import _quality_appendix

    rows = ["Conversation ID,Number,Type,Subject,Status,Mailbox,Created At,Closed At,Merged Into",
            "9001,101,email,Lieferung,closed,Kundenservice,2026-10-13T09:00:00Z,2026-10-13T11:00:00Z,",
            "9002,102,email,Lieferung?,closed,Kundenservice,2026-10-13T09:30:00Z,2026-10-13T10:00:00Z,101",
            "9003,103,email,Gewinnspiel,spam,Kundenservice,2026-10-14T09:00:00Z,,"]
    _, _, report = _drafted(tmp_path / "hs", "helpscout-conversations-2026-11-01.csv", rows)
    quality = quality_record(SimpleNamespace(quality=report))
    html = _quality_appendix({**quality, "files": quality["files"].to_dict("records")}, "nl")
    # by hand: row 2 went into #101, row 3 is spam; each said with its column and value
    assert "1 zaak is samengevoegd met een andere in &quot;Merged Into&quot; (&quot;101&quot;)" in html, html
    assert "als spam of verwijderd gemarkeerd" in html and html.count("weggelaten") >= 2


def test_an_export_of_english_headers_over_german_texts_drafts_a_german_report(tmp_path):
    # Help Scout writes its headers in English whatever the team's language: a German shop's conversations
    # ("Lieferung ist noch nicht angekommen") drafted an English report for its German service director
    head = "Conversation ID,Number,Type,Subject,Status,Mailbox,Created At,Closed At"
    german = ["Lieferung ist noch nicht angekommen", "Rechnung bitte noch einmal senden", "Frage zur Bestellung",
              "Wir haben keine Bestätigung für die Zahlung"]
    english = ["Delivery has not arrived yet", "Please send the invoice again", "Question about my order",
               "We have no confirmation of the payment"]

    def rows(subjects: list[str]) -> list[str]:
        return [head] + [f"{9000 + i},{100 + i},email,{subjects[i % 4]},closed,Kundenservice,"
                         f"2026-10-{10 + i}T09:00:00Z,2026-10-{10 + i}T11:00:00Z" for i in range(16)]

    # by hand, German words of the list: "Lieferung ist noch nicht", "Rechnung bitte noch", "Frage zur Bestellung",
    # "Wir keine für": 4 × (4 + 3 + 3 + 3) = 52 ≥ 30, no English one
    for lang, subjects in (("de", german), ("en", english)):
        (tmp_path / lang).mkdir()
        text = _draft(tmp_path / lang, "helpscout-conversations-2026-11-01.csv", rows(subjects))
        assert f"\nlanguage: {lang} " in text, text


def test_an_orders_lines_without_its_id_are_its_lines_not_rejected_rows(tmp_path):
    # Shopify's orders export writes "Name" on every line item and "Id", status and total on an order's first line
    # only: by "Id", the second lines were rejected as deals without an id and page 1 said the file "lost" them
    from types import SimpleNamespace

    from crmanalysis.notebook import quality_record

    rows = ["Name,Financial Status,Paid at,Currency,Total,Created at,Lineitem name,Id",
            "#1001,paid,2026-10-13 10:00:00 +0200,EUR,121.00,2026-10-13 09:58:00 +0200,Zeep,5001",
            "#1001,,,,,2026-10-13 09:58:00 +0200,Handdoek,",
            "#1002,paid,2026-10-14 10:00:00 +0200,EUR,242.00,2026-10-14 09:58:00 +0200,Zeep,5002",
            "#1002,,,,,2026-10-14 09:58:00 +0200,Spons,",
            "#1002,,,,,2026-10-14 09:58:00 +0200,Emmer,",
            "#1003,pending,,EUR,60.50,2026-10-16 09:58:00 +0200,Zeep,5003"]
    _, data, report = _drafted(tmp_path / "shop", "orders_export_1.csv", rows)
    files = quality_record(SimpleNamespace(quality=report))["files"]
    # by hand: 6 rows read, 3 orders kept, 3 further lines left out, none rejected; won 121 + 242 = 363 in 2 orders
    assert (int(files["rows_read"].sum()), int(files["rows_kept"].sum()), int(files["rows_rejected"].sum()),
            int(files["rows_excluded"].sum())) == (6, 3, 0, 3), files
    got = _october(data, ["deals_won", "new_revenue"])
    assert (got["deals_won"], got["new_revenue"]) == (2, 363.0)


def test_a_column_named_for_what_it_holds_wins_over_a_nearby_word(tmp_path):
    # vtiger's "Quelle" is where a record was made (CRM, WEBSERVICE) beside its "Leadquelle" (Messe, Partner): page
    # 1 put October's whole change on the lead source "CRM". Placetel's "SIP-Benutzer" names the person beside
    # "Durchwahl", the extension's number: the reps were ranked as "Verkäufer 22"
    (tmp_path / "vt").mkdir()
    text = _draft(tmp_path / "vt", "Verkaufspotentiale.csv",
                  ['"Verkaufspotential", "Potential Nr.", "Betrag", "Abschluss", "Leadquelle", "Verkaufsstufe", '
                   '"zuständig", "erstellt", "Quelle"',
                   '"Horn","POT1","6250.00000000","13-10-2026","Trade Show","Closed Won","Markus",'
                   '"01-09-2026 07:58:08","CRM"',
                   '"Engel","POT2","2380.00000000","14-10-2026","Partner","Closed Lost","Julia","14-09-2026 13:00:00",'
                   '"WEBSERVICE"'])
    assert "lead_source: Leadquelle" in text, text
    (tmp_path / "pt").mkdir()
    text = _draft(tmp_path / "pt", "Anrufliste_20250101-20261101.csv",
                  ["Datum;Typ;Von;Nach;Durchwahl;SIP-Benutzer;Dauer (Sek.);Status",
                   "13.10.2026 10:00;Ausgehend;0421 8899775;0162 75550396;24;Petra Wolff;155;Angenommen",
                   "13.10.2026 12:00;Eingehend;0162 75550396;0421 8899775;21;Frank Kühn;60;Angenommen",
                   "14.10.2026 11:00;Intern;30;24;30;Zentrale;60;Angenommen"])
    assert "owner_id: SIP-Benutzer" in text, text


def test_a_reports_totals_row_in_danish_is_no_ticket(tmp_path):
    # Zendesk Explore ends its report with "Totaler" (its totals, "2.061" tickets): kept as a ticket without an
    # opening date. By hand: 2 tickets read, none without a date
    from types import SimpleNamespace

    from crmanalysis.notebook import quality_record

    rows = ["Ticket-id,Ticketstatus,Ticket oprettet - Dato,Ticket løst - Dato,COUNT(Tickets)",
            "101,Lukket,2026-10-13,2026-10-14,1", "102,Løst,2026-10-14,2026-10-15,1", 'Totaler,,,,2']
    _, data, report = _drafted(tmp_path / "zd", "Tickets pr. ticket-id (2025-2026).csv", rows)
    files = quality_record(SimpleNamespace(quality=report))["files"]
    assert int(files["rows_read"].sum()) == 2 and len(data.cases) == 2, files


def test_a_german_deal_exports_update_and_forecast_dates_are_read(tmp_path):
    # ActiveCampaign's "Aktualisierungsdatum" (last change) and "Prognostiziertes Abschlussdatum" (the forecast)
    # were left unread: page 1 said "the export shows no changes after creation" of 291 open deals, 211 of them
    # untouched since September, and no open deal was past its planned close. By hand: of the open deals 3 and 4,
    # deal 3 was last changed on 2 September (before October) and planned for 30 September (past at month's end)
    text, data, _ = _drafted(tmp_path / "ac", "deals-export-2026-11-01.csv", [
        '"Deal-ID","Titel","Wert","Währung","Status","Besitzer","Erstellungsdatum","Aktualisierungsdatum",'
        '"Prognostiziertes Abschlussdatum","Datum der Statusänderung"',
        '"1","Workshop","2634.00","EUR","Gewonnen","Jonas","2026-09-02 08:51:06","2026-10-25 10:18:48",'
        '"2026-10-27","2026-10-25 10:18:48"',
        '"2","Paket","4672.00","EUR","Verloren","Jonas","2026-09-02 10:10:03","2026-10-02 09:43:14","2026-10-14",'
        '"2026-10-02 09:43:14"',
        '"3","Beratung","1000.00","EUR","Offen","Jonas","2026-08-02 10:10:03","2026-09-02 10:10:03","2026-09-30",""',
        '"4","Schulung","1500.00","EUR","Offen","Jonas","2026-10-02 10:10:03","2026-10-20 10:10:03","2026-11-30",""'])
    assert "modified_at: Aktualisierungsdatum" in text and "close_date: Prognostiziertes Abschlussdatum" in text
    o = data.opportunities.set_index("opportunity_id")
    assert o.loc["3", "modified_at"] == pd.Timestamp("2026-09-02 10:10:03")
    assert o.loc["3", "close_date"] == pd.Timestamp("2026-09-30")


def test_appendix_b_says_in_the_reports_language_which_rows_the_settings_leave_out(tmp_path):
    # Deskpro's German tickets: the draft leaves out status "Gelöscht" by a filter of the settings, and appendix B
    # said "1 technical finding in the consultant's data-quality report" for its 38 rows. By hand: row 2 → 1
    from types import SimpleNamespace

    from crmanalysis.notebook import quality_record
    from crmanalysis.report import _quality_appendix

    text, _, report = _drafted(tmp_path / "dp", "tickets_export_2026-11-01.csv", [
        "ID;Betreff;Status;Agent;Erstellt am;Gelöst am",
        "1;Heizung;Gelöst;Lena;13.10.2026 08:20;13.10.2026 10:20",
        "2;App;Gelöscht;Lena;14.10.2026 08:20;",
        "3;Thermostat;Offen;Lena;15.10.2026 08:20;",
        "4;Thermostat;Gelöst;Lena;15.09.2026 08:20;15.09.2026 10:20"])
    assert "where: {column: Status, not: [Gelöscht]}" in text
    quality = quality_record(SimpleNamespace(quality=report))
    html = _quality_appendix({**quality, "files": quality["files"].to_dict("records")}, "de")
    assert "1 Zeile ist laut Einstellungen ausgelassen: &quot;Status&quot; ist &quot;Gelöscht&quot;" in html, html
    assert "Datenqualitätsbericht des Beraters" not in html
