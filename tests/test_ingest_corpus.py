"""A corpus of small odd or broken exports, each with its expected outcome.

Every case asserts the row accounting (read = kept + rejected + excluded) and what the report says.
"""

import codecs

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmanalysis.io import IngestError, load_client

CANON = "opportunity_id,created_at,status,amount,close_date,owner_id\n"


def run(tmp_path, written: dict, *, source="custom", strict=False, **cfg):
    for name, content in written.items():
        p = tmp_path / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        elif callable(content):
            content(p)
        else:
            p.write_text(content, encoding="utf-8")
    doc = {"client_id": "corpus", "source": source, **cfg}
    doc.setdefault("files", {"opportunities": next(iter(written))})
    (tmp_path / "client.yml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", strict=strict, cache=False)
    assert rep.accounting()["reconciles"].all()
    return data, rep


def text(rep):
    return rep.summary()


# ---------------------------------------------------------------- encodings and delimiters
def test_canonical_csv(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,2024-01-05,won,100,2024-02-01,U1\nB,2024-01-06,open,,,U2\n"})
    assert r.totals() == {"rows_read": 2, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 0}
    assert d.opportunities["amount"].tolist()[0] == 100


def test_utf8_bom_semicolon_decimal_comma(tmp_path):
    body = ("opportunity_id;created_at;status;amount\nA;05-01-2024;won;1.234,56\nB;06-01-2024;lost;12,5\n")
    d, r = run(tmp_path, {"o.csv": codecs.BOM_UTF8 + body.encode()})
    assert d.opportunities["amount"].tolist() == [1234.56, 12.5]
    assert d.opportunities["created_at"].tolist()[0] == pd.Timestamp("2024-01-05")


def test_utf16_tab(tmp_path):
    body = "opportunity_id\tcreated_at\tstatus\tamount\nA\t2024-01-05\twon\t7\n"
    d, r = run(tmp_path, {"o.csv": body.encode("utf-16")})
    assert d.opportunities["amount"].tolist() == [7]


def test_cp1252_euro_amounts(tmp_path):
    body = "opportunity_id;created_at;status;amount;owner_id\nA;2024-01-05;won;€ 1.234;Müller\n"
    d, r = run(tmp_path, {"o.csv": body.encode("cp1252")}, locale={"decimal": ","})
    assert d.opportunities["amount"].tolist() == [1234.0]
    assert d.opportunities["owner_id"].tolist() == ["Müller"]
    assert "cp1252" in text(r)


def test_sep_line_and_pipe(tmp_path):
    d, r = run(tmp_path, {"o.csv": "sep=;\nopportunity_id;created_at;status\nA;2024-01-05;open\n"})
    assert r.totals()["rows_kept"] == 1
    (tmp_path / "pipe").mkdir()
    d2, r2 = run(tmp_path / "pipe", {"p.csv": "opportunity_id|created_at|status\nA|2024-01-05|open\n"})
    assert r2.totals()["rows_kept"] == 1


# ---------------------------------------------------------------- vendors
SF_REPORT = ('"Opportunity ID","Opportunity Name","Stage","Amount Currency","Amount","Close Date","Created Date",'
             '"Won","Closed"\n'
             '"006A","Big deal","Closed Won","USD","1,000.00","3/15/2024","1/20/2024","1","1"\n'
             '"006B","Small deal","Prospecting","EUR","500.00","4/30/2024","2/02/2024","0","0"\n'
             '"Grand Totals (2 records)","","","","1,500.00","","","",""\n'
             '\n"Confidential Information - Do Not Distribute"\n'
             '"Copyright © 2000-2024 salesforce.com, inc. All rights reserved."\n')


def test_salesforce_report_export_with_footer_and_currency(tmp_path):
    d, r = run(tmp_path, {"report.csv": SF_REPORT}, source="salesforce", fx_rates={"USD": 0.9})
    o = d.opportunities.set_index("opportunity_id")
    assert list(o.index) == ["006A", "006B"]                       # totals and footer are not deals
    assert o.loc["006A", "amount"] == pytest.approx(900.0)         # 1,000 USD x 0.9
    assert o.loc["006A", "status"] == "won" and o.loc["006B", "status"] == "open"
    assert o.loc["006A", "close_date"] == pd.Timestamp("2024-03-15")
    assert "removed 3 report footer line(s)" in text(r)


def test_a_deal_in_a_currency_without_fx_rate_is_kept_without_its_amount(tmp_path):
    # the won USD deal still counts as won, dated and owned; only its amount cannot be added to euros
    d, r = run(tmp_path, {"report.csv": SF_REPORT}, source="salesforce")
    assert r.totals()["rows_rejected"] == 0
    o = d.opportunities.set_index("opportunity_id")
    assert o.loc["006A", "status"] == "won" and pd.isna(o.loc["006A", "amount"])
    assert "in USD without an exchange rate" in text(r) and "fx_rates" in text(r)
    assert "won without an amount" not in text(r)                # said once, with the rate it needs


def test_pipedrive_star_headers_and_dutch_status(tmp_path):
    body = ("Deal - ID;Deal - Title *;Deal - Value;Deal - Status;Deal - Deal created;Deal - Won time\n"
            "1;A;1.000,00;Gewonnen;05-01-2024 10:00;20-01-2024 11:00\n2;B;250,00;Verloren;06-01-2024 09:00;\n")
    d, r = run(tmp_path, {"deals.csv": codecs.BOM_UTF8 + body.encode()}, source="pipedrive")
    assert d.opportunities["status"].tolist() == ["won", "lost"]
    assert d.opportunities["amount"].tolist() == [1000.0, 250.0]


def test_dynamics_statecode(tmp_path):
    body = ("opportunityid,name,statecode,statuscode,estimatedvalue,actualvalue,actualclosedate,createdon\n"
            "d1,A,1,3,100,120,2024-02-01,2024-01-01\nd2,B,2,4,90,,2024-02-03,2024-01-02\n"
            "d3,C,0,1,80,,,2024-01-03\n")
    d, r = run(tmp_path, {"opp.csv": body}, source="custom")           # auto-detected
    o = d.opportunities
    assert o["status"].tolist() == ["won", "lost", "open"]
    assert o["amount"].tolist() == [120, 90, 80]                         # actual value when there is one
    assert "detected as dynamics" in text(r)


def test_odoo_leads_excluded_not_dropped(tmp_path):
    body = ("id,name,type,stage_id,expected_revenue,probability,date_closed,create_date,active\n"
            "1,A,opportunity,Won,100,100,2024-02-01 10:00:00,2024-01-01 09:00:00,True\n"
            "2,B,lead,New,0,10,,2024-01-02 09:00:00,True\n"
            "3,C,opportunity,Proposition,50,0,,2024-01-03 09:00:00,False\n")
    d, r = run(tmp_path, {"crm_lead.csv": body}, source="odoo")
    assert r.totals() == {"rows_read": 3, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 1}
    # marked as lost: inactive, its probability 0, not won (archived with its probability kept is not lost)
    assert d.opportunities["status"].tolist() == ["won", "lost"]


def test_zoho(tmp_path):
    body = ("Record Id,Deal Name,Stage,Amount,Closing Date,Created Time,Deal Owner\n"
            "z1,A,Closed Won,100,2024-02-01,2024-01-01 10:00:00,Ann\nz2,B,Qualification,50,2024-03-01,"
            "2024-01-02 10:00:00,Bob\n")
    d, r = run(tmp_path, {"Deals.csv": body}, source="zoho")
    assert d.opportunities["status"].tolist() == ["won", "open"]


def test_hubspot_owner_names_resolved_and_unknown_reported(tmp_path):
    deals = ("Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline\n"
             "h1,A,Closed won,10,2024-02-01,2024-01-01,Ann Smit,Sales\nh2,B,Closed lost,5,2024-02-01,2024-01-01,"
             "Zed Unknown,Sales\n")
    users = "user_id,name\nU1,Ann Smit\n"
    d, r = run(tmp_path, {"deals.csv": deals, "users.csv": users}, source="hubspot",
               files={"opportunities": "deals.csv", "users": "users.csv"})
    assert d.opportunities["owner_id"].tolist() == ["U1", "Zed Unknown"]
    assert "not found in the user list (reps and agents)" in text(r)


def test_auto_detect_fails_clearly(tmp_path):
    with pytest.raises(IngestError, match="match no known CRM"):
        run(tmp_path, {"x.csv": "foo,bar\n1,2\n"})


# ---------------------------------------------------------------- xlsx
def test_xlsx_header_not_on_row_one(tmp_path):
    def write(p):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Opportunity report"])
        ws.append([])
        ws.append(["opportunity_id", "created_at", "status", "amount"])
        ws.append(["A", pd.Timestamp("2024-01-05").to_pydatetime(), "won", 1234.5])
        wb.save(p)
    d, r = run(tmp_path, {"o.xlsx": write})
    assert d.opportunities["amount"].tolist() == [1234.5]
    assert d.opportunities["created_at"].tolist() == [pd.Timestamp("2024-01-05")]
    assert "header found on sheet row 3" in text(r)


# ---------------------------------------------------------------- empty and broken files
def test_header_only_file(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON})
    assert r.totals()["rows_read"] == 0 and d.opportunities.empty


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(IngestError, match="empty"):
        run(tmp_path, {"o.csv": ""})


def test_missing_file(tmp_path):
    (tmp_path / "client.yml").write_text("client_id: c\nfiles: {opportunities: nope.csv}\n")
    with pytest.raises(IngestError, match="file not found"):
        load_client(tmp_path / "client.yml", cache=False)


def test_a_file_without_an_id_column_numbers_its_rows(tmp_path):
    # a list-view export has no id: every row is still a deal, numbered by its line in the file
    d, r = run(tmp_path, {"o.csv": "deal,status,created_at\nA,won,2024-01-05\nB,lost,2024-01-06\n"},
               mapping={"opportunities": {"columns": {"status": "status", "created_at": "created_at"}}})
    assert r.totals() == {"rows_read": 2, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 0}
    assert d.opportunities["opportunity_id"].tolist() == ["o.csv#2", "o.csv#3"]
    assert "no id column" in text(r) and "duplicate rows cannot be found" in text(r)


def test_missing_date_column_keeps_rows_and_says_what_kpis_need(tmp_path):
    # a record can live without its date column: a warning, never a lost row;
    # the KPIs dated by it say what they need instead of counting zero
    d, r = run(tmp_path, {"o.csv": "opportunity_id,status\nA,won\nB,open\n"})
    assert r.totals() == {"rows_read": 2, "rows_kept": 2, "rows_rejected": 0, "rows_excluded": 0}
    assert any(i["column"] == "created_at" and i["severity"] == "warning" for i in r.issues)
    from crmanalysis import kpis as K

    f = K.compute(d, ["opportunities_created"])
    from crmanalysis.i18n import not_computable

    assert f["value"].isna().all() and not_computable(f["note"].iloc[0]).needs == ("opportunities.created_at",)


def test_missing_id_and_duplicates_rejected_with_rows(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,2024-01-05,won,1,,\n,2024-01-05,won,2,,\nA,2024-01-06,lost,3,,\n"})
    assert r.totals() == {"rows_read": 3, "rows_kept": 1, "rows_rejected": 2, "rows_excluded": 0}
    rej = r.rejected_rows().set_index("row")
    assert rej.loc[3, "reason"] == "missing opportunity_id" and rej.loc[4, "reason"] == "duplicate opportunity_id"


def test_a_bad_number_or_date_blanks_the_cell_and_keeps_the_row(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,2024-01-05,won,12abc,,\nB,2024-13-45,won,1,,\nC,2024-01-07,won,5,,\n"})
    assert r.totals() == {"rows_read": 3, "rows_kept": 3, "rows_rejected": 0, "rows_excluded": 0}
    o = d.opportunities.set_index("opportunity_id")
    assert pd.isna(o.loc["A", "amount"]) and pd.isna(o.loc["B", "created_at"]) and o.loc["C", "amount"] == 5
    s = text(r)
    assert "'12abc'" in s and "rows 2" in s and "is not a date" in s and "left empty, rows kept" in s


def test_an_unknown_status_keeps_the_deal_without_a_status(tmp_path):
    mapping = {"opportunities": {"columns": {"opportunity_id": "Id", "created_at": "Created", "status": "State"},
                                 "values": {"status": {"Gewonnen": "won", "Open": "open"}}}}
    d, r = run(tmp_path, {"o.csv": "Id,Created,State\nA,2024-01-05,Gewonnen\nB,2024-01-05,Pending\n"},
               mapping=mapping)
    assert r.totals()["rows_rejected"] == 0 and r.totals()["rows_kept"] == 2
    assert d.opportunities["status"].tolist()[0] == "won" and pd.isna(d.opportunities["status"].iloc[1])
    # the mapping must be completed: an error naming the word and the allowed values
    assert "'Pending'" in text(r) and "allowed: open, won, lost" in text(r) and r.errors


def test_ragged_rows_are_kept_and_noted(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,2024-01-05,won,1,,U1,EXTRA\nB,2024-01-05,open\n"})
    assert r.totals()["rows_kept"] == 2 and "more cells than the header" in text(r)


# ---------------------------------------------------------------- dates and numbers
def test_ambiguous_dates_use_locale_and_say_so(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,03/04/2024,open,,,\nB,05/06/2024,open,,,\n"},
               locale={"date_order": "mdy"})
    assert d.opportunities["created_at"].tolist()[0] == pd.Timestamp("2024-03-04")
    assert "every day in this column is 12 or less" in text(r) and "read month first" in text(r)


def test_a_date_column_of_small_days_follows_its_files_other_dates_and_says_why(tmp_path):
    # NYC 311: "Closed Date" runs to the 28th, month first; "Created Date" of the same file has no day past 12. Here
    # created_at has 03/25/2024 (month first: no 25th month), close_date only days of 12 or less
    d, r = run(tmp_path, {"o.csv": CANON + "A,03/25/2024,won,1,04/05/2024,U1\nB,03/02/2024,lost,1,05/06/2024,U1\n"})
    assert d.opportunities["close_date"].tolist()[0] == pd.Timestamp("2024-04-05")
    # a reviewer could not judge "12 or less": the sentence says what could go wrong and why the order was chosen
    assert ("every day in this column is 12 or less, so day and month could be swapped; read month first like the "
            "file's other date columns, whose order is clear") in text(r)


def test_us_dates_detected_from_day_above_12(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,03/25/2024,open,,,\nB,12/01/2024,open,,,\n"})
    assert d.opportunities["created_at"].tolist() == [pd.Timestamp("2024-03-25"), pd.Timestamp("2024-12-01")]


def test_excel_serial_and_salesforce_iso_dates(tmp_path):
    d, r = run(tmp_path, {"o.csv": CANON + "A,45631.0,open,,,\n"})
    assert d.opportunities["created_at"].tolist() == [pd.Timestamp("2024-12-05")]
    (tmp_path / "iso").mkdir()
    d2, _ = run(tmp_path / "iso", {"s.csv": CANON + "A,2022-07-27T17:40:52.000+0000,open,,,\n"},
                timezone="Europe/Amsterdam")
    assert d2.opportunities["created_at"].tolist() == [pd.Timestamp("2022-07-27 19:40:52")]   # UTC+2 in summer


@pytest.mark.parametrize("cell, hint, expected", [("42,000", None, 42000.0), ("42,000", ",", 42.0),
                                                  ("$1,234.00", None, 1234.0), ("1.234,56", None, 1234.56),
                                                  ("3,5", None, 3.5), ("(12.50)", None, -12.5)])
def test_number_formats(tmp_path, cell, hint, expected):
    loc = {"decimal": hint} if hint else {}
    d, r = run(tmp_path, {"o.csv": CANON + f'A,2024-01-05,won,"{cell}",,\n'}, locale=loc)
    assert d.opportunities["amount"].tolist() == [expected]


# ---------------------------------------------------------------- business rules, strict
RULES = (CANON + "A,2024-01-05,won,-5,2024-02-01,U1\nB,2024-03-01,won,5,2024-01-01,U1\n"
         "C,2024-01-05,won,5,2099-01-01,U9\nD,2024-01-05,won,,2024-02-01,U1\n")


def test_business_rules_warn_with_rows(tmp_path):
    d, r = run(tmp_path, {"o.csv": RULES, "users.csv": "user_id,name\nU1,Ann\n"},
               files={"opportunities": "o.csv", "users": "users.csv"})
    s = text(r)
    assert r.totals()["rows_rejected"] == 0 and len(d.opportunities) == 4
    for fragment in ("negative amount", "1 row closes before it was created", "dated in the future",
                     "won without an amount", "not in the users file"):
        assert fragment in s
    neg = next(i for i in r.issues if "negative" in i["message"])
    assert neg["rows"] == [2] and neg["file"] == "o.csv"


def test_strict_rejects_rule_breakers(tmp_path):
    d, r = run(tmp_path, {"o.csv": RULES}, strict=True)
    assert len(d.opportunities) == 0 and r.totals()["rows_rejected"] == 4
    assert all(i["severity"] != "warning" for i in r.issues)


def test_probability_outside_range_not_used(tmp_path):
    d, r = run(tmp_path, {"o.csv": "opportunity_id,created_at,status,probability\nA,2024-01-05,open,1.5\n"})
    assert np.isnan(d.opportunities["probability"].iloc[0]) and "outside 0–100" in text(r)


def test_custom_mapping_readme_example(tmp_path):
    deals = ("Deal no;Klant;Fase;Waarde;Aangemaakt;Afgesloten;Verkoper;Valuta\n"
             "D-1;Acme;Gewonnen;1.234,56;03-01-2024;15-02-2024;Anna de Vries;EUR\n"
             "D-2;Beta;Offerte;9.000,00;10-01-2024;;Bram Jansen;EUR\n")
    leads = "Lead no;Deal no;Created\nL-9;D-1;01-12-2023\n"
    users = "user_id,name\nU1,Anna de Vries\nU2,Bram Jansen\n"
    mapping = {"opportunities": {
        "columns": {"opportunity_id": "Deal no", "account_id": "Klant", "stage": "Fase", "status": "Fase",
                    "amount": "Waarde", "created_at": "Aangemaakt", "close_date": ["Afgesloten", "Verwachte sluiting"],
                    "owner_id": "Verkoper", "currency": "Valuta"},
        "values": {"status": {"Gewonnen": "won", "Verloren": "lost", "*": "open"}},
        "constants": {"forecast_category": "Pipeline"},
        "date_format": {"created_at": "%d-%m-%Y"},
        "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"},
                    "lead_id": {"file": "leads.csv", "key": "Deal no", "on": "opportunity_id", "column": "Lead no"}}}}
    d, r = run(tmp_path, {"deals_export.csv": deals, "leads.csv": leads, "users.csv": users}, mapping=mapping,
               files={"opportunities": "deals_export.csv", "users": "users.csv"})
    o = d.opportunities
    assert o["status"].tolist() == ["won", "open"] and o["owner_id"].tolist() == ["U1", "U2"]
    assert o["amount"].tolist() == [1234.56, 9000.0] and o["lead_id"].tolist()[0] == "L-9"
    assert o["forecast_category"].tolist() == ["Pipeline", "Pipeline"]
    assert o["created_at"].tolist()[1] == pd.Timestamp("2024-01-10")


# ---------------------------------------------------------------- properties
ROWS = [f"O{i},2024-0{1 + i % 9}-1{i % 10},{['won', 'lost', 'open'][i % 3]},{i * 10},,U{i % 3}" for i in range(12)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(list(range(12))), cols=st.permutations(list(range(6))),
       junk=st.lists(st.sampled_from(["", "x", "12abc", "2024-99-99"]), min_size=12, max_size=12))
def test_shuffling_changes_nothing_and_rows_always_reconcile(tmp_path_factory, order, cols, junk):
    header = CANON.strip().split(",")
    lines = [ROWS[i].split(",") for i in order]
    body = ",".join(header[c] for c in cols) + "\n" + "\n".join(",".join(r[c] for c in cols) for r in lines) + "\n"
    d, r = run(tmp_path_factory.mktemp("p"), {"o.csv": body})
    o = d.opportunities.sort_values("opportunity_id").reset_index(drop=True)
    assert o["opportunity_id"].tolist() == sorted(f"O{i}" for i in range(12))
    assert o["amount"].sum() == sum(i * 10 for i in range(12))
    # garbage in the amount column: every row is kept, the bad cells empty; the good amounts still add up
    bad = [r_[:3] + [j or r_[3]] + r_[4:] for r_, j in zip(lines, junk, strict=True)]
    body2 = CANON + "\n".join(",".join(x) for x in bad) + "\n"
    junked = {r_[0] for r_, j in zip(lines, junk, strict=True) if j in ("x", "12abc", "2024-99-99")}
    d2, r2 = run(tmp_path_factory.mktemp("q"), {"o.csv": body2})
    t = r2.totals()
    assert t["rows_read"] == 12 == t["rows_kept"] and t["rows_rejected"] == 0
    o2 = d2.opportunities.set_index("opportunity_id")
    assert o2["amount"].isna().sum() == len(junked)
    assert o2["amount"].sum() == sum(i * 10 for i in range(12) if f"O{i}" not in junked)
