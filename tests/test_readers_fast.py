"""The fast paths of the readers give exactly what the plain rules give.

read_raw hands bytes to pyarrow, memory-maps large files, lets pyarrow split unquoted files
freely, parses plain numbers and ISO dates by one cast and everything else on distinct
values, and ingest parses large files' columns on threads. Each shortcut is checked here
against an independent computation (Python's csv module, str.strip, pandas.duplicated).
"""

import csv
import io

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from crmanalysis.io import load_client
from crmanalysis.io.readers import (
    _MAY_END_SPACE,
    _MAY_START_SPACE,
    clean_text,
    first_occurrence,
    may_be_any_of,
    parse_bools,
    parse_dates,
    parse_numbers,
    read_raw,
)

_PIECES = ["a", "b", "é", "Grand", " ", "\t", "\xa0", "\u2003", "\u3000", "x y", "\n", ""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(_PIECES), max_size=4).map("".join)), max_size=40))
def test_clean_text_is_strip_with_blank_as_missing(values):
    got = clean_text(pd.Series(values, dtype="string[pyarrow]")).tolist()
    expected = [None if v is None or not v.strip() else v.strip() for v in values]
    assert [None if pd.isna(g) else g for g in got] == expected


def test_whitespace_byte_tables_cover_every_unicode_space():
    # every character Python strips: its UTF-8 first byte and last byte must raise the alarm
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert spaces
    for ch in spaces:
        b = ch.encode("utf-8")
        assert _MAY_START_SPACE[b[0]] and _MAY_END_SPACE[b[-1]], repr(ch)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["A1", "A2", "B7", "C3", "Z9"])), max_size=30),
       st.booleans())
def test_first_occurrence_is_not_duplicated(ids, sort):
    s = pd.Series(sorted(ids, key=lambda v: (v is None, v or "")) if sort else ids, dtype="string[pyarrow]")
    expected = ~s.duplicated(keep="first").to_numpy() | s.isna().to_numpy()
    assert first_occurrence(s).tolist() == expected.tolist()


_ID_PIECES = ["0", "00", "A", "a", "AAA", "\u212a", "k", "K", "O1", "é", " ", ""]
_NULL_WORDS = ["000aaa", "k", "0k"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(_ID_PIECES), max_size=4).map("".join)), max_size=40))
def test_the_id_prefilter_never_misses_a_word(values):
    # the Kelvin sign lowercases to "k": a non-ASCII byte must stay a candidate
    got = may_be_any_of(pd.Series(values, dtype="string[pyarrow]"), _NULL_WORDS)
    expected = [v is not None and v.lower() in _NULL_WORDS for v in values]
    assert not any(e and not g for e, g in zip(expected, got, strict=True))


def test_the_id_prefilter_rules_out_ids_by_their_ends():
    ids = pd.Series(["O0000001", "000AAA", "000aab", None, "", "0\u212a"], dtype="string[pyarrow]")
    # "O…1" starts with O; "000aab" ends in b; None and "" are empty; "0K" (Kelvin) may lowercase to "0k"
    assert may_be_any_of(ids, _NULL_WORDS).tolist() == [False, True, False, False, False, True]


def test_plain_numbers_fast_path_and_locale_thousands():
    vals, bad, used = parse_numbers(pd.Series(["1234.5", "", " 7 ", "nan", "-3"], dtype="string"))
    assert vals.iloc[[0, 2, 4]].tolist() == [1234.5, 7.0, -3.0]
    assert bad.tolist() == [False, False, False, True, False]          # "nan" is not a number in an export
    # comma locale: "1.234" and "2.500" are thousands (every dotted value has 3 digits after the point)
    vals, _, used = parse_numbers(pd.Series(["1.234", "2.500", "7"]), decimal=",")
    assert vals.tolist() == [1234.0, 2500.0, 7.0] and used == ","
    vals, _, _ = parse_numbers(pd.Series(["1.5", "2"]), decimal=",")
    assert vals.tolist() == [1.5, 2.0]


def test_a_percentage_is_its_fraction():
    # "50 %" as a French export writes a probability: a half; "12,5 %" with a decimal comma is 0.125
    vals, bad, _ = parse_numbers(pd.Series(["100 %", "50 %", "12,5 %", "0%", "", "x %"]))
    assert vals.iloc[:4].tolist() == [1.0, 0.5, 0.125, 0.0] and bad.tolist() == [False] * 5 + [True]


def test_a_minus_behind_a_number_makes_it_negative():
    # a credit as SAP and many ledgers write it: "1.234,56-" is -1234.56; "500,00" beside it stays positive
    vals, bad, used = parse_numbers(pd.Series(["1.234,56-", "500,00", "12,50-"]))
    assert vals.tolist() == [-1234.56, 500.0, -12.5] and not bad.any() and used == ","


def test_iso_dates_with_and_without_offset():
    vals, bad, used, _ = parse_dates(pd.Series(["2024-03-31T01:30:00.000+0000", "", "2024-07-01T22:00:00Z"]),
                                     timezone="Europe/Amsterdam")
    # 01:30 UTC on 31 March 2024 = 03:30 CEST (the clocks went forward at 01:00 UTC); 22:00 UTC in July = 00:00 next day
    assert vals.iloc[0] == pd.Timestamp("2024-03-31 03:30") and pd.isna(vals.iloc[1])
    assert vals.iloc[2] == pd.Timestamp("2024-07-02 00:00") and used == "iso8601+offset" and not bad.any()
    # one value in another shape: no whole-column cast, the shape rules decide and name the bad cell
    vals, bad, _, _ = parse_dates(pd.Series(["2024-01-05", "2024-01-06", "05/01/2024x"]))
    assert vals.iloc[1] == pd.Timestamp("2024-01-06") and bad.tolist() == [False, False, True]


def test_amounts_read_as_excel_serials_do_not_overflow():
    # a Freshsales deal value of 117,754.15 looked like a serial number of days since 1899-12-30; as a
    # timedelta in nanoseconds it overflowed (over 292 years) and init stopped with a traceback.
    # 45,596 days after 1899-12-30 is 2024-10-31; 117,754.15 days is the year 2222: no date of a CRM
    vals, bad, used, _ = parse_dates(pd.Series(["45596", "117754.15", "45597.5"] + [str(45600 + i) for i in range(30)]))
    assert used == "excel-serial" and vals.iloc[0] == pd.Timestamp("2024-10-31")
    assert pd.isna(vals.iloc[1]) and bad.tolist()[:3] == [False, True, False] and bad.sum() == 1


def test_all_quoted_semicolons_with_decimal_commas(tmp_path):
    # SugarCRM in German quotes every field: '"24.000,00";"-99"' splits on its decimal commas into the same
    # number of fields on every line, while a description with a line break and ';' in mid-record breaks the
    # semicolon count; the title-line sniff starts from line 10 of the file, where such a record began
    p = tmp_path / "Opportunities.csv"
    rows = ['"ID";"Opportunity Name";"Opportunity Amount";"Description";"Amount";"Sales Stage"']
    note = {10: "Rückruf; bitte\nmorgen"}
    rows += [f'"{i}";"Deal {i}";"{i}.000,00";"{note.get(i, "")}";"{i}.000,00";"Closed Won"' for i in range(1, 16)]
    p.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    rf = read_raw(p)
    assert rf.delimiter == ";" and rf.header_row == 1 and len(rf.frame) == 15
    assert rf.frame["Opportunity Amount"].tolist()[:2] == ["1.000,00", "2.000,00"]
    assert rf.frame["Description"].iloc[9] == "Rückruf; bitte\nmorgen"


def test_a_cell_of_another_shape_in_a_date_column_is_read_by_its_own():
    # a workbook's column of Excel dates with one typed as text, "31/10/2026": the won deal of its row had no date.
    # "03/04/2026" beside it is typed the same way, day first: 3 April
    days = [f"2026-10-{d:02d} 00:00:00" for d in range(1, 29)]
    vals, bad, used, _ = parse_dates(pd.Series(days + ["31/10/2026", "03/04/2026"]))
    assert used == "%Y-%m-%d" and vals.iloc[28] == pd.Timestamp("2026-10-31")
    assert vals.iloc[29] == pd.Timestamp("2026-04-03") and not bad.any()
    # alone, it reads either way (3 April or 4 March): left empty
    vals, bad, _, _ = parse_dates(pd.Series(days + ["03/04/2026"]))
    assert pd.isna(vals.iloc[28]) and bad.tolist() == [False] * 28 + [True]


def test_who_then_when_dates():
    # monday.com's "Creation Log": the person, then the date; "May" is a name here and a month after it
    vals, bad, _, _ = parse_dates(pd.Series(["Paul Krause Jul 19, 2026 2:47 AM", "May Chen May 16, 2026 9:58 PM"]))
    assert vals.tolist() == [pd.Timestamp("2026-07-19 02:47"), pd.Timestamp("2026-05-16 21:58")] and not bad.any()


def test_a_formatted_reports_count_rows_and_footer_in_a_workbook(tmp_path):
    # Salesforce's formatted report as a workbook: a "Count" row under each subtotal and two footer lines became
    # deals without a status
    grid = [["Opportunities by Owner"], [], ["Opportunity Owner", "Stage", "Amount"],
            ["Claire", "Closed Won", 100], [None, "Prospecting", 200], ["Subtotal", None, 300], ["Count", 2, None],
            ["Daniel", "Closed Lost", 50], ["Subtotal", None, 50], ["Count", 1, None], ["Total", None, 350],
            ["Count", 3, None], [], ["Confidential Information - Do Not Distribute"],
            ["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."]]
    p = tmp_path / "Opportunities by Owner.xlsx"
    pd.DataFrame(grid).to_excel(p, header=False, index=False)
    rf = read_raw(p)
    assert rf.frame["Stage"].tolist() == ["Closed Won", "Prospecting", "Closed Lost"]


def test_old_mac_line_ends(tmp_path):
    p = tmp_path / "o.csv"
    p.write_bytes(b"opportunity_id,status\rA,won\rB,lost\r")
    rf = read_raw(p)
    assert rf.frame["opportunity_id"].tolist() == ["A", "B"] and rf.frame["_row"].tolist() == [2, 3]


def test_quoted_line_break_in_a_small_file(tmp_path):
    p = tmp_path / "o.csv"
    p.write_text('opportunity_id,name,status\nA,"two\nlines",won\nB,plain,lost\n', encoding="utf-8")
    rf = read_raw(p)
    assert rf.frame["name"].tolist() == ["two\nlines", "plain"]
    assert rf.frame["_row"].tolist() == [2, 4]                   # record B starts on line 4 of the file


@pytest.mark.parametrize("extra", ["", ",one cell too many"])
def test_cp1252_bytes_after_the_first_lines_are_read_as_cp1252(tmp_path, extra):
    # the first 64 KiB are ASCII; the parser, not a pre-read of the whole file, meets the cp1252 byte
    lines = ["opportunity_id,name"] + [f"O{i},plain {i}" for i in range(8000)] + [f"O8000,Café Müller{extra}"]
    p = tmp_path / "o.csv"
    p.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    assert p.stat().st_size > 1 << 16
    rf = read_raw(p)
    assert rf.encoding == "cp1252" and "not valid UTF-8, read as cp1252" in rf.notes[0]
    assert rf.frame["name"].iloc[-1] == "Café Müller" and rf.frame["_row"].iloc[-1] == 8002
    assert len(rf.frame) == 8001


def test_a_byte_that_is_not_the_configured_encoding_costs_a_character_not_the_file(tmp_path):
    p = tmp_path / "o.csv"
    p.write_bytes(("opportunity_id,name\n" + "O1,plain\n" * 9000 + "O2,Café\n").encode("cp1252"))
    rf = read_raw(p, encoding="utf-8")
    assert rf.frame["name"].iloc[-1] == "Café" and len(rf.frame) == 9001
    # no UTF-8 character anywhere: a Windows file, whatever the config said, and read as one
    assert rf.bad_lines == [] and any("read as cp1252" in n for n in rf.notes)
    # with UTF-8 text elsewhere, the one Windows byte is named by its line
    p.write_bytes("opportunity_id,name\nO0,Zoë\n".encode() + ("O1,plain\n" * 9000 + "O2,Café\n").encode("cp1252"))
    rf = read_raw(p, encoding="utf-8")
    assert rf.frame["name"].iloc[0] == "Zoë" and rf.frame["name"].iloc[-1] == "Café"
    assert rf.bad_lines == [9003]                      # header, O0, 9,000 lines of O1, then O2


_CELLS = ["a", "", " ", "x,y", 'say "hi"', "two\nlines", "three\r\nline\nvalue", "Café"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CELLS), min_size=4, max_size=4), min_size=1, max_size=12),
       st.sets(st.integers(0, 3)), st.booleans())
def test_reading_some_columns_gives_the_same_rows_and_values(tmp_path_factory, rows, cols, crlf):
    # the columns not asked for are only tokenised: line numbers and the other values must not change
    p = tmp_path_factory.mktemp("usecols") / "o.csv"
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n" if crlf else "\n").writerows([["id", "b", "c", "d"], *rows])
    p.write_bytes(buf.getvalue().encode("utf-8"))
    full = read_raw(p)
    part = read_raw(p, usecols=lambda h: [h[i] for i in sorted(cols)])
    assert part.headers == ["id", "b", "c", "d"]
    assert part.frame["_row"].tolist() == full.frame["_row"].tolist()
    for c in part.frame.columns:
        assert part.frame[c].tolist() == full.frame[c].tolist()
    assert part.footer_rows == full.footer_rows and part.notes == full.notes


def test_a_line_break_in_a_column_not_read_still_numbers_the_rows(tmp_path):
    p = tmp_path / "Opportunity.csv"
    p.write_text('Id,Description,StageName\nO1,"first\nsecond\nthird",Prospecting\n,plain,Nonsense\n',
                 encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump({
        "client_id": "lb", "timezone": "UTC", "files": {"opportunities": "Opportunity.csv"},
        "mapping": {"opportunities": {"columns": {"opportunity_id": "Id", "status": "StageName"},
                                      "values": {"status": {"prospecting": "open"}}}}}), encoding="utf-8")
    _, rep = load_client(tmp_path / "client.yml", cache=False)
    rej = rep.rejected_rows()
    # the row without an id starts on line 5: header, then O1 over lines 2-4 (its description holds two line breaks)
    assert rej["row"].tolist() == [5] and rej["reason"].tolist() == ["missing opportunity_id"]


def test_a_row_blank_only_in_the_columns_read_is_not_a_blank_line(tmp_path):
    p = tmp_path / "Opportunity.csv"
    p.write_text("Id,Description,StageName\nO1,,Prospecting\n,only a note,\n,,\n", encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump({
        "client_id": "bl", "timezone": "UTC", "files": {"opportunities": "Opportunity.csv"},
        "mapping": {"opportunities": {"columns": {"opportunity_id": "Id", "status": "StageName"},
                                      "values": {"status": {"prospecting": "open"}}}}}), encoding="utf-8")
    _, rep = load_client(tmp_path / "client.yml", cache=False)
    acc = rep.accounting().iloc[0]
    # line 3 has a value (in a column no KPI reads): a row without an id, rejected; line 4 is blank
    assert (acc["rows_read"], acc["rows_kept"], acc["rows_rejected"]) == (2, 1, 1)
    assert rep.rejected_rows()["row"].tolist() == [3]


# ------------------------------------------------------------------ a large file: mmap + threads
def _big_export(n: int, *, quoted: bool, encoding: str) -> tuple[bytes, list[list[str]]]:
    rng = np.random.default_rng(7)
    ids = np.array([f"O{i:07d}" for i in range(n)])
    ids[rng.choice(n, 5, replace=False)] = ids[:5]                     # 5 duplicate ids, rows not sorted by id
    status = rng.choice(["Closed Won", "Closed Lost", "Prospecting"], n)
    amount = np.round(rng.uniform(100, 99_999, n), 2).astype(str)
    amount[rng.choice(n, 3, replace=False)] = "n/a"                    # 3 bad numbers
    created = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700 * 86400, n), unit="s")
    created_s = created.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    names = np.array([f" Deal {i} " if i % 97 == 0 else f"Deal {i}" for i in range(n)], dtype=object)
    names[::1000] = "Café Müller"
    if quoted:
        names[1] = "two\nlines"                                        # a line break inside a quoted value
    rows = [["Id", "LeadSource", "StageName", "Amount", "CreatedDate", "CloseDate", "IsWon", "IsClosed", "OwnerId"]]
    won = np.where(status == "Closed Won", "true", "false")
    closed = np.where(status == "Prospecting", "false", "true")
    close = (created + pd.Timedelta(days=30)).strftime("%Y-%m-%d")
    for i in range(n):
        rows.append([ids[i], names[i], status[i], amount[i], created_s[i], close[i], won[i], closed[i], "U1"])
    buf = io.StringIO(newline="")
    csv.writer(buf, quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding), rows


@pytest.mark.parametrize("quoted,encoding", [(False, "utf-8"), (True, "cp1252")])
def test_large_export_equals_an_independent_read(tmp_path, quoted, encoding):
    n = 60_000                                       # > 4 MiB and > 50,000 rows: memory map and thread pool
    raw, rows = _big_export(n, quoted=quoted, encoding=encoding)
    assert len(raw) > 4 * 2**20
    (tmp_path / "Opportunity.csv").write_bytes(raw)
    (tmp_path / "User.csv").write_text("Id,Name\nU1,Ann\n", encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump({
        "client_id": "big", "source": "salesforce", "timezone": "UTC",
        "files": {"opportunities": "Opportunity.csv", "users": "User.csv"}}), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", cache=False)

    # independent expectation from Python's csv module and plain Python
    body = rows[1:]
    seen, keep = set(), []
    for r in body:                                   # a bad amount only empties the cell; a later copy is rejected
        keep.append(r[0] not in seen)
        seen.add(r[0])
    kept_rows = [r for r, k in zip(body, keep, strict=True) if k]
    acc = rep.accounting().set_index("table").loc["opportunities"]
    assert acc["rows_read"] == n and acc["rows_kept"] == len(kept_rows) == n - 5
    assert acc["rows_rejected"] == 5
    o = data.opportunities
    assert o["opportunity_id"].tolist() == [r[0] for r in kept_rows]
    assert o["lead_source"].tolist() == [r[1].strip() for r in kept_rows]
    amounts = o["amount"].tolist()
    assert [a for a in amounts if a == a] == [float(r[3]) for r in kept_rows if r[3] != "n/a"]
    assert sum(a != a for a in amounts) == sum(r[3] == "n/a" for r in kept_rows)
    status = {"true,true": "won", "false,true": "lost", "false,false": "open"}
    assert o["status"].tolist() == [status[f"{r[6]},{r[7]}"] for r in kept_rows]
    assert o["created_at"].tolist() == [pd.Timestamp(r[4][:19]) for r in kept_rows]
    assert o["close_date"].tolist() == [pd.Timestamp(r[5]) for r in kept_rows]
    rejected = rep.rejected_rows()
    # file line of record i (0-based): i + 2 (header on line 1), one more after the quoted two-line value
    line = {i: i + 2 + (1 if quoted and i > 1 else 0) for i in range(n)}
    dup_idx = [i for i, k in enumerate(keep) if not k]
    assert sorted(rejected["row"].tolist()) == sorted(line[i] for i in dup_idx)
    assert set(rejected["reason"]) == {"duplicate opportunity_id"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["12.5", "-3", "", "7", "1e3", "x"]), min_size=1, max_size=12),
       st.lists(st.sampled_from(["2024-01-05", "2024-02-29 13:00:00", "", "2023-12-31"]), min_size=1, max_size=12),
       st.lists(st.sampled_from(["true", "False", "ja", "", "nee", "?"]), min_size=1, max_size=12),
       st.sampled_from(["", " ", "\t", "\xa0"]))
def test_padding_never_changes_a_parsed_value(nums, dates, bools, pad):
    # the untrimmed fast casts and the trimmed paths must agree cell by cell
    def padded(values):
        return pd.Series([pad + v + pad for v in values], dtype="string[pyarrow]")

    def plain(values):
        return pd.Series(values, dtype="string[pyarrow]")
    for fn, vals in ((parse_numbers, nums), (parse_dates, dates)):
        a, b = fn(plain(vals)), fn(padded(vals))
        pd.testing.assert_series_equal(a[0], b[0])
        pd.testing.assert_series_equal(a[1], b[1])
    a, b = parse_bools(plain(bools)), parse_bools(padded(bools))
    pd.testing.assert_series_equal(a[0], b[0])
    pd.testing.assert_series_equal(a[1], b[1])
    assert b[1].tolist() == [v == "?" for v in bools]


def test_xlsx_fast_engine_reads_what_openpyxl_reads(tmp_path):
    import datetime as dt

    import openpyxl

    from crmanalysis.io.readers import _read_grid
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Opportunity report"])
    ws.append([])
    ws.append(["Id", "Created", "Won", "Amount", "Note"])
    ws.append(["A", dt.datetime(2024, 1, 5, 13, 30), True, 1234.5, "ok"])
    ws.append([])                                              # a blank row inside the data
    ws.append(["B", dt.datetime(2024, 2, 29), False, 7, None])
    ws.append(["C", None, None, -0.25, "Müller, \"quoted\""])
    p = tmp_path / "o.xlsx"
    wb.save(p)
    fast = _read_grid(p, None)
    slow = pd.read_excel(p, header=None, dtype=object, engine="openpyxl")
    pd.testing.assert_frame_equal(fast.astype("string"), slow.astype("string"))
    rf = read_raw(p, expect=("Id",))
    assert rf.frame["Id"].tolist() == ["A", "B", "C"] and rf.frame["_row"].tolist() == [4, 6, 7]   # Excel rows


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_everything_at_once(tmp_path, encoding):
    # Excel's sep= line, CRLF, quoted delimiter and line break, decimal comma, a report's totals and footer
    body = ('sep=;\r\nOpportunity Name;Amount;Close Date\r\n"Deal; with semicolon";"1.234,56";05-01-2024\r\n'
            '"Two\r\nlines";12;06-01-2024\r\nGrand Totals (2 records);;\r\n\r\n'
            '"Confidential Information - Do Not Distribute"\r\n'
            '"Copyright © 2000-2026 salesforce.com, inc. All rights reserved."\r\n\r\n')
    p = tmp_path / "o.csv"
    p.write_bytes(body.encode(encoding))
    rf = read_raw(p)
    assert rf.encoding == encoding and rf.delimiter == ";"
    assert rf.frame.drop(columns="_row").values.tolist() == [["Deal; with semicolon", "1.234,56", "05-01-2024"],
                                                             ["Two\r\nlines", "12", "06-01-2024"]]
    assert rf.frame["_row"].tolist() == [3, 4]            # line 1 sep=, line 2 header
    assert rf.footer_rows == 3                            # Grand Totals + the two footer lines


def test_a_paged_reports_page_numbers_and_repeated_headers_are_no_rows(tmp_path):
    # a report printed to CSV page by page: the header again above each page, "Page 2 of 2" below it; the last
    # page's number had been a deal without a status
    body = ("Opportunity,Stage,Amount\nO1,Closed Won,100\nO2,Closed Lost,200\nPage 1 of 2,,\n"
            "Opportunity,Stage,Amount\nO3,Proposal,300\nPage 2 of 2,,\n")
    p = tmp_path / "opportunities_report.csv"
    p.write_text(body, encoding="utf-8")
    rf = read_raw(p)
    assert rf.frame["Opportunity"].tolist() == ["O1", "O2", "O3"]
    # the last page number a footer line; the repeated header and the page number above it a page's break
    assert rf.footer_rows == 3 and any("1 report footer line" in n for n in rf.notes)


def test_a_stray_quote_in_a_column_not_read_still_numbers_the_rows(tmp_path):
    # 5" screen: a quote inside an unquoted value upsets the quote count; the rows must still be right
    p = tmp_path / "o.csv"
    p.write_text('id,note,desc\nA,"two\nlines",x\nB,plain,5" screen\nC,"three\nline\nvalue",y\nD,z,w\n',
                 encoding="utf-8")
    full = read_raw(p)
    part = read_raw(p, usecols=lambda h: ["id"])
    assert full.frame["_row"].tolist() == [2, 4, 5, 8]
    assert part.frame["_row"].tolist() == full.frame["_row"].tolist()
    assert part.frame["id"].tolist() == ["A", "B", "C", "D"]


def test_a_header_line_longer_than_64_kib_is_read_whole(tmp_path):
    # 3,000 custom fields with long names: the header runs to ~100 KiB; its last column must still be found
    names = [f"Custom_Field_With_A_Long_Name_{i:04d}__c" for i in range(3000)]
    p = tmp_path / "o.csv"
    p.write_text(",".join(names) + "\n" + ",".join(str(i) for i in range(3000)) + "\n", encoding="utf-8")
    rf = read_raw(p)
    assert rf.headers == names and rf.frame[names[-1]].tolist() == ["2999"]


_DAY_FIRST = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%m/%d/%Y", "%d %b %Y"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_DAY_FIRST),
       st.lists(st.tuples(st.integers(1800, 2200), st.integers(1, 12), st.integers(1, 31), st.integers(0, 23),
                          st.integers(0, 59), st.sampled_from(["", " %H:%M", " %H:%M:%S", " %I:%M %p", "T%H:%M:%S"]),
                          st.booleans()), min_size=1, max_size=30))
def test_day_first_dates_read_as_strptime_reads_them(datefmt, parts):
    # each value written by hand from its parts (days up to 31 in every month: 31-02 and 29-02-2023
    # are no dates), with or without leading zeros; Python's datetime.strptime is the oracle
    import datetime as dt

    def text(y, m, d, hh, mm, t, zeros):
        month = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"][m - 1]
        date = (datefmt.replace("%d", f"{d:02d}" if zeros else str(d)).replace("%m", f"{m:02d}" if zeros else str(m))
                .replace("%Y", str(y)).replace("%y", f"{y % 100:02d}").replace("%b", month))
        hour12 = hh % 12 or 12
        clock = (t.replace("%H", f"{hh:02d}").replace("%I", str(hour12)).replace("%M", f"{mm:02d}")
                 .replace("%S", "07").replace("%p", "PM" if hh >= 12 else "am"))
        return date + clock

    values = [text(*p) for p in parts]

    def oracle(v):
        for t in ["", " %H:%M", " %H:%M:%S", " %I:%M %p", "T%H:%M:%S"]:
            try:
                got = pd.Timestamp(dt.datetime.strptime(v, datefmt + t))
            except ValueError:
                continue
            return got if pd.Timestamp("1677-09-22") <= got <= pd.Timestamp("2262-04-11") else pd.NaT
        return pd.NaT

    from crmanalysis.io.readers import _parse_family

    got = _parse_family(pd.Series(values, dtype="string[pyarrow]"), datefmt)
    assert [None if pd.isna(g) else g for g in got] == [None if pd.isna(o) else o for o in map(oracle, values)]


@pytest.mark.parametrize(("datefmt", "value"), [
    ("%d-%m-%Y", "05-01-2024 23:59:60"), ("%d-%m-%Y", "05-01-2024 10:30:61"), ("%d-%m-%Y", "05-01-202410:30"),
    ("%d-%m-%Y", "05- 1-2024"), ("%d/%m/%y", "05/01/4"), ("%d-%m-%Y", "31-02-2024 10:00"),
    ("%d-%m-%Y", "5-1-2024 9:05"), ("%m/%d/%y", "3/26/21 2:05 PM"), ("%d.%m.%Y", "01.03.2024 10:30:07")])
def test_what_strptime_refuses_is_no_date_and_what_it_reads_is_read(datefmt, value):
    # C's strptime (pyarrow's fast path) reads a year of one digit and a space inside a number; the
    # oracle is pandas' strptime over the same layouts, the reader's slow path (which, unlike
    # datetime.strptime, rolls a 60th or 61st second over into the next minute)
    from crmanalysis.io.readers import _TIMES, _parse_family

    expected = pd.NaT
    for t in _TIMES:
        expected = pd.to_datetime(pd.Series([value]), format=datefmt + t, errors="coerce").iloc[0]
        if not pd.isna(expected):
            break
    got = _parse_family(pd.Series([value], dtype="string[pyarrow]"), datefmt).iloc[0]
    assert (pd.isna(got) and pd.isna(expected)) or got == expected


def test_a_script_that_loads_a_client_and_exits_at_once_prints_no_traceback(sample_dir, tmp_path):
    # the ingest cache is written by a thread while the caller goes on; a script that loaded a client and
    # ended printed "RuntimeError: cannot schedule new futures after interpreter shutdown" from that thread
    import os
    import subprocess
    import sys

    script = f"from crmanalysis.io import load_client; load_client({str(sample_dir / 'alpina' / 'client.yml')!r})"
    env = {**os.environ, "CRMANALYSIS_CACHE": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    # and the cache was written whole
    assert list((tmp_path / "cache" / "alpina").glob("*/opportunities.parquet"))


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_sheet_of_several_groups_keeps_only_its_items(tmp_path, kind):
    # a monday.com board: a board title, then per group its title, the header again and its items
    hdr = ["Name", "Owner", "Status", "Deal Value", "Close Date"]
    rows = [["Sales Pipeline", "", "", "", ""], ["Active Deals", "", "", "", ""], hdr,
            ["Deal 1", "Dana", "Working on it", "1200", ""],
            ["Closed Won", "", "", "", ""], hdr,
            ["Deal 2", "Omer", "Won", "800", "2025-03-02"], ["Deal 3", "Dana", "Won", "450", "2025-03-09"],
            ["Closed Lost", "", "", "", ""], hdr,
            ["Deal 4", "Liat", "Lost", "300", "2025-03-11"], ["Name only - no owner yet", "", "", "", ""]]
    path = tmp_path / f"Sales_Pipeline.{kind}"
    if kind == "xlsx":
        pd.DataFrame(rows).to_excel(path, index=False, header=False)
    else:
        path.write_text("\n".join(",".join(r) for r in rows[2:]) + "\n", encoding="utf-8")
    rf = read_raw(path, expect=("Name", "Deal Value"))
    # by hand: the 4 deals and the last row (an item with a name only: no header follows it, so it is no title)
    assert rf.frame["Name"].tolist() == ["Deal 1", "Deal 2", "Deal 3", "Deal 4", "Name only - no owner yet"]
    assert any("removed 2 repeated header row(s) and 2 group title row(s)" in n for n in rf.notes)
    assert rf.frame["_row"].tolist()[1] == (7 if kind == "xlsx" else 5)       # its line in the file


def test_a_javascript_dates_text_and_a_leading_weekday_are_read_as_the_date():
    # Freshsales writes a JavaScript Date's text; a German export may lead with its weekday
    s = pd.Series(["Tue Nov 04 2025 10:22:11 GMT+0000 (UTC)",
                   "Wed Jan 07 2026 09:00:00 GMT+0100 (Central European Standard Time)", "Di., 04. Nov. 2025"],
                  dtype="string")
    vals, bad, _, _ = parse_dates(s)
    # the wall-clock time as written, its zone left aside
    assert vals.tolist() == [pd.Timestamp("2025-11-04 10:22:11"), pd.Timestamp("2026-01-07 09:00"),
                             pd.Timestamp("2025-11-04")] and not bad.any()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_grouped_report_gives_each_row_its_groups_name_and_drops_its_subtotals(tmp_path, kind):
    # Salesforce's formatted report "Opportunities by Owner": the owner on each group's first row only, a subtotal
    # below each group and a grand total at the end; "Total Gym BV" is an account, not a total
    hdr = ["Opportunity Owner", "Account Name", "Stage", "Amount"]
    rows = [hdr, ["Alex Kim", "Acme", "Closed Won", "100"], ["", "Total Gym BV", "Closed Lost", "50"],
            ["", "Globex", "Prospecting", "70"], ["Subtotal", "", "", "220"],
            ["Jo Weber", "Initech", "Closed Won", "300"], ["Subtotal", "", "", "300"],
            ["Grand Total", "", "", "520"], ["Total Fitness", "Umbrella", "Closed Won", "40"]]
    path = tmp_path / f"Opportunities by Owner.{kind}"
    if kind == "xlsx":
        pd.DataFrame([["Opportunities by Owner", "", "", ""], ["", "", "", ""], *rows]).to_excel(
            path, index=False, header=False)
    else:
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    rf = read_raw(path, expect=("Opportunity Owner", "Amount"))
    # by hand: 5 deals; the first three are Alex Kim's, Initech Jo Weber's; "Total Fitness" is an owner's name
    # on a full row, so no total row either
    assert rf.frame["Opportunity Owner"].tolist() == ["Alex Kim"] * 3 + ["Jo Weber", "Total Fitness"]
    assert rf.frame["Account Name"].tolist() == ["Acme", "Total Gym BV", "Globex", "Initech", "Umbrella"]
    assert any("removed 3 total row(s)" in n for n in rf.notes)
    assert any("2 empty cell(s) of 'Opportunity Owner'" in n for n in rf.notes)


def test_a_reports_title_lines_above_its_header_are_skipped(tmp_path):
    # Google Ads: UTF-16, tab-separated, two title lines above the header and its account totals below the rows
    text = ("Campaign report\n1 June 2025 - 3 June 2025\n"
            "Day\tCampaign\tImpr.\tClicks\tCost\n2025-06-01\tBrand\t900\t72\t51.20\n"
            "2025-06-02\tBrand\t880\t70\t49.00\nTotal: Account\t\t1780\t142\t100.20\n")
    path = tmp_path / "Campaign report.csv"
    path.write_text(text, encoding="utf-16")
    rf = read_raw(path)
    # by hand: the header on line 3, two days of data, the total row dropped
    assert rf.headers == ["Day", "Campaign", "Impr.", "Clicks", "Cost"] and rf.header_row == 3
    assert rf.frame["Day"].tolist() == ["2025-06-01", "2025-06-02"] and rf.frame["_row"].tolist() == [4, 5]
    # a file whose first line is its header keeps it, however short its next lines
    plain = tmp_path / "plain.csv"
    plain.write_text("Id,Name,Amount\n1,A,10\n2,B,20\n3,C,30\n", encoding="utf-8")
    assert read_raw(plain).header_row == 1


def test_a_german_grouped_reports_subtotals_are_dropped_whatever_its_deals_are_named(tmp_path):
    # Salesforce in German: "Zwischensumme" rows were looked for only where some row's label started with G, T, S …
    # (a stage "Geschlossen …" beside an owner left blank): with the deal's name read, its subtotals were deals
    rows = ["Opportunity-Inhaber;Opportunity-Name;Phase;Betrag", "Anna;A - Schulung;Interessent;100,00",
            ";B - Lizenz;Angebot;200,00", "Zwischensumme;Anzahl: 2;;300,00", "Ben;C - Wartung;Interessent;50,00",
            "Zwischensumme;Anzahl: 1;;50,00", "Gesamtsumme;Anzahl: 3;;350,00"]
    path = tmp_path / "Opportunity-Pipeline.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rf = read_raw(path)
    # by hand: three deals, Anna's two and Ben's one
    assert rf.frame["Opportunity-Name"].tolist() == ["A - Schulung", "B - Lizenz", "C - Wartung"]
    assert rf.frame["Opportunity-Inhaber"].tolist() == ["Anna", "Anna", "Ben"]


def test_a_header_above_descriptions_of_many_lines_is_no_title(tmp_path):
    # Jira: descriptions with line breaks inside quotes and a "Rank" of "0|i002dc6:" on every row; sniffed on its
    # physical lines, "|" split them most alike, the header read as a title above the first ticket and init refused
    # the file
    rows = ["Summary,Issue key,Status,Created,Description,Rank"]
    rows += [f'Ticket {i},SD-{i},Open,30/Oct/26 5:5{i} PM,"Steps | see below, please\nstill fails, twice",0|i00{i}:'
             for i in range(7)]
    path = tmp_path / "Jira.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rf = read_raw(path)
    # by hand: the header is line 1; seven tickets
    assert rf.header_row == 1 and rf.headers[:3] == ["Summary", "Issue key", "Status"]
    assert rf.frame["Issue key"].tolist() == [f"SD-{i}" for i in range(7)]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_group_row_above_the_column_names_is_no_header(tmp_path, kind):
    rows = [["Deal", "", "", "Dates", ""], ["Name", "Salesperson", "Value", "Created", "Closed"],
            ["D1", "Anna", "1200", "2025-04-01", "2025-04-20"], ["D2", "Ben", "800", "2025-04-03", ""]]
    path = tmp_path / f"Pipeline.{kind}"
    if kind == "xlsx":
        pd.DataFrame(rows).to_excel(path, index=False, header=False)
    else:
        path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    rf = read_raw(path)
    assert rf.headers == ["Name", "Salesperson", "Value", "Created", "Closed"] and rf.header_row == 2
    assert rf.frame["Name"].tolist() == ["D1", "D2"]


def test_a_web_pages_table_saved_as_xls_is_read_as_its_table(tmp_path):
    # Salesforce's printable view and many tools' "Excel" export: an HTML table in a file named .xls
    html = ("<html><head><meta http-equiv=Content-Type content='text/html; charset=UTF-8'></head><body>"
            "<table><tr><th>Opportunity Owner</th><th>Stage</th><th>Amount</th></tr>"
            "<tr><td>Alex Kim</td><td>Closed Won</td><td>€1,500.00</td></tr>"
            "<tr><td>Sam Patel</td><td>Prospecting</td><td></td></tr></table></body></html>")
    path = tmp_path / "report1700000000000.xls"
    path.write_text(html, encoding="utf-8")
    rf = read_raw(path)
    assert rf.headers == ["Opportunity Owner", "Stage", "Amount"]
    assert rf.frame["Amount"].tolist()[0] == "€1,500.00" and pd.isna(rf.frame["Amount"].iloc[1])
    assert rf.frame["_row"].tolist() == [2, 3] and any("web page" in n for n in rf.notes)


def test_a_clock_with_am_or_pm_glued_on_is_read():
    # Airtable's grid-view CSV writes "9/1/2025 6:25pm": unread, the deals had no creation date and page 1 no month
    vals, bad, _, _ = parse_dates(pd.Series(["9/1/2025 6:25pm", "12/8/2025 9:02am", "10/14/2026 12:05am",
                                             "10/14/2026 2:15 p.m."]), date_order="mdy")
    assert vals.tolist() == [pd.Timestamp("2025-09-01 18:25"), pd.Timestamp("2025-12-08 09:02"),
                             pd.Timestamp("2026-10-14 00:05"), pd.Timestamp("2026-10-14 14:15")] and not bad.any()


def test_who_then_when_in_digits_is_read_as_the_date():
    # a monday.com board's "Creation log": the name, then the time in UTC; 08:43 UTC in July is 10:43 in Amsterdam
    vals, bad, _, _ = parse_dates(pd.Series(["Amélie Laurent 2026-07-12 08:43:47 UTC",
                                             "Sofia Marques 2026-01-24 06:43:47 UTC"]), timezone="Europe/Amsterdam")
    assert vals.tolist() == [pd.Timestamp("2026-07-12 10:43:47"), pd.Timestamp("2026-01-24 07:43:47")]
    assert not bad.any()


def test_excel_serials_among_text_dates_are_each_read_as_what_they_are():
    # a CSV saved again by Excel: half of "Created time" became serial numbers, the rest kept its text.
    # 45901 days after 1899-12-30 is 2025-09-01; .5625 of a day is 13:30
    vals, bad, used, _ = parse_dates(pd.Series(["45901.5625", "10/14/2026 13:30", "46309", "10/15/2026 09:00"]),
                                     date_order="mdy")
    assert vals.tolist() == [pd.Timestamp("2025-09-01 13:30"), pd.Timestamp("2026-10-14 13:30"),
                             pd.Timestamp("2026-10-14"), pd.Timestamp("2026-10-15 09:00")] and not bad.any()
    assert used.startswith("excel-serial")
    # a year among dates is no serial: "2026" beside text dates stays unread
    vals, bad, _, _ = parse_dates(pd.Series(["2026", "10/14/2026", "10/15/2026", "10/16/2026"]), date_order="mdy")
    assert pd.isna(vals.iloc[0]) and bad.tolist() == [True, False, False, False]


def test_a_hand_kept_sheets_date_cells_and_typed_dates_are_read_together():
    # a workbook's date cells (ISO once read) beside dates typed in two spellings: "02.09.25" and "3.9.2025" were
    # left empty for a third of a ticket log, and "8/20/25" beside ISO cells was read day first (20th month: none)
    cells = ["2025-09-01 00:00:00", "02.09.25", "3.9.2025", "04.09.25", "2025-09-05 00:00:00", "15.9.2025"]
    vals, bad, _, _ = parse_dates(pd.Series(cells), date_order="dmy")
    assert vals.dt.strftime("%Y-%m-%d").tolist() == ["2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04",
                                                     "2025-09-05", "2025-09-15"] and not bad.any()
    vals, bad, used, _ = parse_dates(pd.Series(["8/20/25", "2025-08-21", "8/22/2025", "9/3/25"]))
    assert vals.dt.strftime("%Y-%m-%d").tolist() == ["2025-08-20", "2025-08-21", "2025-08-22", "2025-09-03"]
    assert not bad.any() and used.startswith("%m/%d")


def test_thousands_millions_and_whole_euros_of_a_sheet_kept_by_hand():
    # "€12.5k" = 12,500; "1,2M" = 1,200,000; "€ 12.500,-" = 12,500 whole euros, no credit; "1.234,56-" is one
    vals, bad, _ = parse_numbers(pd.Series(["€12.5k", "€8K", "1,2M", "€ 12.500,-", "1.234,56-", "TBD"]))
    assert vals.tolist()[:5] == [12_500, 8_000, 1_200_000, 12_500, -1_234.56] and bad.tolist()[5]


def test_a_point_beside_whole_thousands_is_a_thousands_separator():
    # a Danish sheet: numbers typed as 22500 beside text "75.000 kr.": read point-decimal, 75,000 was 75
    vals, _, _ = parse_numbers(pd.Series(["75.000 kr.", "DKK 65.000", "22500", "97500", "45000"]))
    assert vals.tolist() == [75_000, 65_000, 22_500, 97_500, 45_000]
    # without such neighbours "1.234" stays a decimal, as before
    assert parse_numbers(pd.Series(["1.234", "2", "3", "4"]))[0].tolist() == [1.234, 2, 3, 4]


def test_zero_is_an_unset_date_among_dates_and_a_number_among_numbers():
    # WooCommerce writes a date not set as "0": no date, not a bad one. A column of amounts, many of them 0 and
    # the rest decimals ("12.50"), stays no column of dates (an ad report's revenue read as dates)
    vals, bad, _, _ = parse_dates(pd.Series(["0", "2026-10-05 10:00:00", "0", "2026-11-30 09:00:00"]))
    assert vals.isna().tolist() == [True, False, True, False] and not bad.any()
    vals, bad, _, _ = parse_dates(pd.Series(["0", "12.50", "0", "3.25", "0"]))
    assert vals.isna().all() and bad.tolist() == [True, True, True, True, True]
