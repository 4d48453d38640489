"""A row is rejected only when it cannot be a record at all; a bad cell is blanked with a finding.

Each case is a small export written here; the expected values are read off its lines by hand.
"""

from __future__ import annotations

import codecs

import pandas as pd
import pytest
import yaml

from crmanalysis.config import ConfigError
from crmanalysis.io import load_client


def run(tmp_path, written: dict, **cfg):
    for name, content in written.items():
        p = tmp_path / name
        p.write_bytes(content) if isinstance(content, bytes) else p.write_text(content, encoding="utf-8")
    doc = {"client_id": "keep", "source": "custom", **cfg}
    (tmp_path / "client.yml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    assert rep.accounting()["reconciles"].all()
    return data, rep


def issue(rep, needle):
    return next(i for i in rep.issues if needle in i["message"])


def test_a_satisfaction_word_blanks_the_cell_not_the_ticket(tmp_path):
    # 4 tickets; two carry "Offered" (survey sent, no answer): every ticket is kept, their score empty
    body = ("Ticket,Opened,Solved,CSAT\nT1,2024-03-01 09:00,2024-03-01 17:00,5\nT2,2024-03-02 09:00,2024-03-03 09:00,"
            "Offered\nT3,2024-03-04 09:00,2024-03-04 10:00,3\nT4,2024-03-05 09:00,,Offered\n")
    d, r = run(tmp_path, {"t.csv": body}, files={"cases": "t.csv"}, mapping={"cases": {"columns": {
        "case_id": "Ticket", "opened_at": "Opened", "closed_at": "Solved", "csat": "CSAT"}}})
    assert r.totals() == {"rows_read": 4, "rows_kept": 4, "rows_rejected": 0, "rows_excluded": 0}
    c = d.cases.set_index("case_id")
    assert c["csat"].isna().tolist() == [False, True, False, True]
    # a survey nobody answered is said as such, an info note: no fault of the export to warn of
    found = issue(r, "sent but not answered")
    assert found["count"] == 2 and found["rows"] == [3, 5] and "'Offered'" in found["message"]
    assert found["severity"] == "info"
    from crmanalysis import kpis as K
    # the 3 closed tickets all count: hours to resolution 8, 24 and 1 -> median 8
    t = K.compute(d, ["cases_closed", "time_to_resolution_hours"], period="Y")
    assert t.set_index("kpi").loc["cases_closed", "value"] == 3
    assert t.set_index("kpi").loc["time_to_resolution_hours", "value"] == 8


def test_placeholder_dates_and_impossible_probabilities_are_blanked(tmp_path):
    body = ("Id,Created,Status,Amount,Prob,Close\nA,2024-01-05,won,100,600,1900-01-01\n"
            "B,2024-01-06,open,1.2.3,50,2024-03-01\n")
    d, r = run(tmp_path, {"o.csv": body}, mapping={"opportunities": {
        "columns": {"opportunity_id": "Id", "created_at": "Created", "status": "Status", "amount": "Amount",
                    "probability": "Prob", "close_date": "Close"}, "scale": {"probability": 0.01}}},
               files={"opportunities": "o.csv"})
    o = d.opportunities.set_index("opportunity_id")
    assert r.totals()["rows_kept"] == 2 and r.totals()["rows_rejected"] == 0
    assert pd.isna(o.loc["A", "close_date"]) and pd.isna(o.loc["A", "probability"]) and o.loc["A", "amount"] == 100
    assert pd.isna(o.loc["B", "amount"]) and o.loc["B", "probability"] == 0.5        # '1.2.3' is no number


def test_a_blank_id_in_a_file_with_ids_is_still_rejected(tmp_path):
    # a total line at the end of a report: no id, no record
    d, r = run(tmp_path, {"o.csv": "Id,Created,Status\nA,2024-01-05,won\n,,\n"},
               mapping={"opportunities": {"columns": {"opportunity_id": "Id", "created_at": "Created",
                                                      "status": "Status"}}}, files={"opportunities": "o.csv"})
    assert r.totals()["rows_kept"] == 1


def test_latin1_bytes_in_a_utf8_file_cost_a_character_not_the_file(tmp_path):
    # a UTF-8 file with a BOM (so the encoding is not guessed) and one line re-saved in Latin-1
    lines = ["Id,Name,Industry"] + [f"A{i},Firma Ä{i},Tech" for i in range(3)]
    raw = codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode("utf-8") + b"A9,Caf\xe9 M\xfcller,Food\n"
    raw += "A10,Zoë,Food\n".encode()
    d, r = run(tmp_path, {"Account.csv": raw}, source="salesforce", files={"accounts": "Account.csv"})
    assert r.totals()["rows_kept"] == 5                                     # A0, A1, A2, A9, A10
    names = d.accounts.set_index("account_id")["name"]
    assert names["A9"] == "Café Müller" and names["A10"] == "Zoë" and names["A2"] == "Firma Ä2"
    found = issue(r, "not UTF-8")
    assert found["severity"] == "warning" and found["rows"] == [5]          # header line 1, A9 on line 5


def test_a_windows_file_is_read_as_one(tmp_path):
    raw = "Id,Name\nA1,Café\nA2,Müller\n".encode("cp1252")
    d, r = run(tmp_path, {"Account.csv": raw}, source="salesforce", files={"accounts": "Account.csv"})
    assert d.accounts["name"].tolist() == ["Café", "Müller"]
    assert "read as cp1252" in r.summary() and not any("not UTF-8" in i["message"] for i in r.issues)


def test_a_header_the_mapping_names_but_the_file_lacks_is_a_config_error(tmp_path):
    (tmp_path / "deals.csv").write_text("Deal No.,Klant,Fase,Aangemaakt\nD1,Acme,Gewonnen,2024-01-05\n",
                                        encoding="utf-8")
    doc = {"client_id": "typo", "source": "custom", "files": {"opportunities": "deals.csv"},
           "mapping": {"opportunities": {"columns": {"opportunity_id": "Deal no", "status": "Fase",
                                                     "created_at": "Aangemaakt op"},
                                         "values": {"status": {"Gewonnen": "won"}}}}}
    (tmp_path / "client.yml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_client(tmp_path / "client.yml", cache=False)
    msg = str(exc.value)
    # "Deal no" matches "Deal No." as headers are compared; "Aangemaakt op" does not exist
    assert 'mapping.opportunities.columns.created_at' in msg and '"Aangemaakt op"' in msg
    assert "deals.csv does not have" in msg and "Deal No., Klant, Fase, Aangemaakt" in msg
    assert 'closest: "Aangemaakt"' in msg


def test_one_mapping_over_two_files_needs_the_header_in_one_of_them(tmp_path):
    # Task.csv has CompletedDateTime, Event.csv does not: a shared mapping is fine
    (tmp_path / "Task.csv").write_text("Id,Type,Due,Done\nT1,Call,2024-01-05,2024-01-05\n", encoding="utf-8")
    (tmp_path / "Event.csv").write_text("Id,Type,Due\nE1,Meeting,2024-01-06\n", encoding="utf-8")
    d, r = run(tmp_path, {}, files={"activities": ["Task.csv", "Event.csv"]}, mapping={"activities": {
        "columns": {"activity_id": "Id", "type": "Type", "scheduled_at": "Due", "completed_at": "Done"},
        "values": {"type": {"call": "call", "meeting": "meeting"}}}})
    assert len(d.activities) == 2


def test_a_missing_date_is_no_number_of_hours_or_days(tmp_path):
    # T2 has no opening time: its resolution time is unknown, not 'NaT hours' (a huge negative number)
    body = "Ticket,Opened,Solved\nT1,2024-03-01 09:00,2024-03-01 11:00\nT2,,2024-03-02 09:00\n"
    d, _ = run(tmp_path, {"t.csv": body}, files={"cases": "t.csv"}, mapping={"cases": {"columns": {
        "case_id": "Ticket", "opened_at": "Opened", "closed_at": "Solved"}}})
    from crmanalysis import kpis as K

    t = K.compute(d, ["time_to_resolution_hours", "cases_closed"], period="Y").set_index("kpi")["value"]
    assert t["time_to_resolution_hours"] == 2 and t["cases_closed"] == 2
    # a won deal without a creation date has no sales cycle; the other one took 10 days
    (tmp_path / "o.csv").write_text("Id,Created,Status,Close\nA,2024-01-01,won,2024-01-11\nB,,won,2024-01-20\n",
                                    encoding="utf-8")
    d, _ = run(tmp_path, {}, files={"opportunities": "o.csv"}, mapping={"opportunities": {"columns": {
        "opportunity_id": "Id", "created_at": "Created", "status": "Status", "close_date": "Close"}}})
    assert K.compute(d, ["sales_cycle_days"], period="Y")["value"].tolist() == [10.0]


def test_a_year_no_timestamp_can_hold_is_no_date(tmp_path):
    # "9000" and "1500" in a date column: typing errors, left empty like any value that is no date
    d, r = run(tmp_path, {"o.csv": "Id,Created,Status\nA,9000-01-01,won\nB,01/02/1500,won\nC,2024-01-05,won\n"},
               files={"opportunities": "o.csv"}, mapping={"opportunities": {"columns": {
                   "opportunity_id": "Id", "created_at": "Created", "status": "Status"}}})
    assert d.opportunities["created_at"].isna().tolist() == [True, True, False]
    assert r.totals()["rows_kept"] == 3


def test_a_file_of_exactly_an_export_limit_of_rows_is_said_to_be_perhaps_cut_off(tmp_path):
    # the Duke ServiceNow list holds 10,000 incidents, all opened 6-15 May 2012: ServiceNow's CSV export stops at
    # 10,000 rows, and page 1 read "Cases opened 9,998" for May under "Good". Here 2,000 cases, a list view's limit
    from crmanalysis.report import _quality_verdict

    def cases(n: int) -> str:
        return "Ticket,Opened\n" + "".join(f"T{i},2024-03-{1 + i % 28:02d} 09:00\n" for i in range(n))
    cfg = {"files": {"cases": "t.csv"}, "mapping": {"cases": {"columns": {"case_id": "Ticket", "opened_at": "Opened"}}}}
    _, r = run(tmp_path, {"t.csv": cases(2000)}, **cfg)
    found = [i for i in r.issues if i.get("note", {}).get("key") == "dq.row_limit"]
    assert len(found) == 1 and found[0]["file"] == "t.csv" and found[0]["severity"] == "warning"
    # every row is kept; page 1's box asks to check it first, as it does of a load day: every count may be short
    assert r.totals()["rows_kept"] == 2000
    recorded = {"totals": r.totals(), "files": r.accounting().to_dict("records"), "warnings": 1, "errors": 0,
                "issues": [{**i, "text": i["note"]} for i in r.issues]}
    kind, said = _quality_verdict(recorded, "en")
    assert kind == "problems"
    assert said.startswith("Check before use: t.csv holds exactly 2,000 rows, as many as an export limit allows"), said
    # a second file cut at its limit is named after the first, without a share of its rows
    from crmanalysis.report import _broad_warnings
    # (RavenStack: 2,000 support tickets, 5,000 subscriptions; "the same in" the second read as 2,000 rows)
    other = {**recorded["issues"][0], "file": "u.csv", "text": {"key": "dq.row_limit", "params": {"n": 5000}}}
    twice = {**recorded, "files": [*recorded["files"], {**recorded["files"][0], "file": "u.csv", "rows_read": 5000}],
             "issues": [*recorded["issues"], other]}
    assert _broad_warnings(twice, "en")[0].endswith("the numbers here miss them — the same in u.csv (5,000 rows)")
    # after a first sentence the file's name opens the next one, in its own lower case, behind "The file"
    # (RavenStack's "… retention. ravenstack_support_tickets.csv holds exactly 2,000 rows")
    kind, said = _quality_verdict(recorded, "en", [{"key": "check.cases_unopened", "params": {"n": 2000}}])
    assert ". The file t.csv holds exactly 2,000 rows" in said, said
    # one row fewer is a count like any other
    _, r = run(tmp_path, {"t.csv": cases(1999)}, **cfg)
    assert not [i for i in r.issues if i.get("note", {}).get("key") == "dq.row_limit"]


def test_one_source_spelled_two_ways_is_one_segment(tmp_path):
    # 5 leads: "Google" twice, "google" and "GOOGLE" once each, "Fair" once. By hand: one source Google of
    # 4 leads (file rows 4 and 5 respelled) and Fair of 1; nothing rejected, and the finding names the rows.
    body = ("Id,Created,Source\nL1,2024-03-01,Google\nL2,2024-03-02,Google\nL3,2024-03-03,google\n"
            "L4,2024-03-04,GOOGLE\nL5,2024-03-05,Fair\n")
    d, r = run(tmp_path, {"l.csv": body}, files={"leads": "l.csv"}, mapping={"leads": {"columns": {
        "lead_id": "Id", "created_at": "Created", "source": "Source"}}})
    assert r.totals() == {"rows_read": 5, "rows_kept": 5, "rows_rejected": 0, "rows_excluded": 0}
    assert d.leads["source"].value_counts().to_dict() == {"Google": 4, "Fair": 1}
    found = issue(r, "capitals")
    assert found["count"] == 2 and found["rows"] == [4, 5] and "'google' → 'Google'" in found["message"]
    assert found["column"] == '"Source" (source)'


def test_a_deal_exported_once_per_product_line_is_one_deal_with_the_sum_of_its_lines(tmp_path):
    body = ("Deal ID,Stage,Product,Line Amount,Close Date,Created\n"
            "D1,Closed Won,Widget,1000,2025-03-20,2025-03-01\nD1,Closed Won,Service,500,2025-03-20,2025-03-01\n"
            "D2,Closed Won,Widget,800,2025-03-22,2025-03-02\n")
    mapping = {"opportunities": {"columns": {"opportunity_id": "Deal ID", "stage": "Stage", "status": "Stage",
                                             "product": "Product", "amount": "Line Amount",
                                             "close_date": "Close Date", "created_at": "Created"}}}
    d, r = run(tmp_path, {"o.csv": body}, files={"opportunities": "o.csv"}, mapping=mapping)
    # by hand: D1 is 1,000 + 500; its second line is no duplicate to reject but a line, left out once summed
    assert d.opportunities.set_index("opportunity_id")["amount"].to_dict() == {"D1": 1500.0, "D2": 800.0}
    assert r.totals() == {"rows_read": 3, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 1}
    # an exact copy of a row is no line: never added; the export's copy, left out and said, not rejected as a row in
    # doubt (page 1 of Vonage's log had read "rows could not be used", an error, of its copies)
    copy = body + "D2,Closed Won,Widget,800,2025-03-22,2025-03-02\n"
    (tmp_path / "copy").mkdir()
    d, r = run(tmp_path / "copy", {"o.csv": copy}, files={"opportunities": "o.csv"}, mapping=mapping)
    assert d.opportunities.set_index("opportunity_id")["amount"].to_dict() == {"D1": 1500.0, "D2": 800.0}
    assert r.totals()["rows_rejected"] == 0 and r.totals()["rows_excluded"] == 2
    assert "1 row repeats an earlier row with the same Deal ID in every column" in r.summary()


def test_deals_without_a_status_column_are_won_and_lost_by_their_won_and_lost_dates(tmp_path):
    body = ("Deal ID,Value,Created,Won time,Lost time,Expected close date\n"
            "1,1000,2025-03-01 10:00,2025-03-20 10:00,,2025-03-31\n"
            "2,500,2025-03-02 10:00,,2025-03-21 10:00,2025-03-31\n"
            "3,700,2025-03-03 10:00,,,2025-04-30\n")
    d, r = run(tmp_path, {"deals.csv": body}, files={"opportunities": "deals.csv"}, mapping={"opportunities": {
        "columns": {"opportunity_id": "Deal ID", "amount": "Value", "created_at": "Created", "won_at": "Won time",
                    "lost_at": "Lost time", "close_date": "Expected close date"}}})
    # by hand: deal 1 won on 20 March, deal 2 lost on 21 March, deal 3 open until its planned 30 April
    o = d.opportunities.set_index("opportunity_id")
    assert o["status"].tolist() == ["won", "lost", "open"] and not r.errors
    assert o["close_date"].dt.day.tolist() == [20, 21, 30]
