"""Defects seen on real exports (issue: real exports), each reproduced first, then fixed at its root."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from crmanalysis import kpis as K
from crmanalysis.config import ClientConfig, ConfigError, load_config
from crmanalysis.data import ClientData, NotComputable
from crmanalysis.io import load_client


def _write(tmp_path, files: dict[str, str], cfg_text: str):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "client.yml").write_text(cfg_text, encoding="utf-8")
    return tmp_path / "client.yml"


DEALS = ("Deal no;Klant;Fase;Waarde;Aangemaakt;Afgesloten;Verkoper\n"
         "D-1;Acme;Gewonnen;1.234,56;03-01-2024;15-02-2024;Anna\n"
         "D-2;Beta;Offerte;9.000,00;10-01-2024;;Bram\n"
         "D-3;Gamma;Verloren;500,00;11-01-2024;20-01-2024;Anna\n")


# ---------------------------------------------------------------- YAML 1.1 booleans
def test_yaml_on_key_of_a_lookup_means_on(tmp_path):
    cfg = _write(tmp_path, {"deals.csv": DEALS, "leads.csv": "Lead no;Deal no\nL-9;D-1\n"}, """
client_id: yaml11
source: custom
files: {opportunities: deals.csv}
mapping:
  opportunities:
    columns: {opportunity_id: Deal no, status: Fase, amount: Waarde, created_at: Aangemaakt, close_date: Afgesloten}
    values:
      status: {Gewonnen: won, Verloren: lost, "*": open}
    lookups:
      lead_id: {file: leads.csv, key: Deal no, on: opportunity_id, column: Lead no}
""")
    assert load_config(cfg).mapping["opportunities"]["lookups"]["lead_id"]["on"] == "opportunity_id"
    data, _ = load_client(cfg, cache=True)                 # the cache key sorted a bool against a str
    assert data.opportunities.set_index("opportunity_id").loc["D-1", "lead_id"] == "L-9"


@pytest.mark.parametrize("vmap", ["{TRUE: won, FALSE: lost}", "{yes: won, no: lost}", "{On: won, Off: lost}"])
def test_yaml_boolean_words_in_value_maps_are_the_text_typed(tmp_path, vmap):
    true, false = {"{TRUE: won, FALSE: lost}": ("TRUE", "FALSE"), "{yes: won, no: lost}": ("yes", "no"),
                   "{On: won, Off: lost}": ("On", "Off")}[vmap]
    cfg = _write(tmp_path, {"d.csv": f"id,won,created\nA,{true},2024-01-02\nB,{false},2024-01-03\n"}, f"""
client_id: flags
source: custom
files: {{opportunities: d.csv}}
mapping:
  opportunities:
    columns: {{opportunity_id: id, status: won, created_at: created}}
    values:
      status: {vmap}
""")
    data, report = load_client(cfg, cache=False)
    assert report.totals()["rows_kept"] == 2
    assert data.opportunities.set_index("opportunity_id")["status"].to_dict() == {"A": "won", "B": "lost"}


# ---------------------------------------------------------------- lookups from another file
def test_lookup_whose_key_and_column_are_the_same_header(tmp_path):
    cfg = _write(tmp_path, {"deals.csv": DEALS, "accounts.csv": "Klant;Land\nAcme;NL\nBeta;DE\n"}, """
client_id: samekey
source: custom
files: {opportunities: deals.csv}
mapping:
  opportunities:
    columns: {opportunity_id: Deal no, status: Fase, created_at: Aangemaakt, account_id: Klant}
    values: {status: {Gewonnen: won, Verloren: lost, "*": open}}
    lookups:
      account_id: {file: accounts.csv, key: Klant, on: account_id, column: Klant}
""")
    data, report = load_client(cfg, cache=False)       # was KeyError: the key column vanished into the index
    assert report.totals()["rows_kept"] == 3
    assert list(data.opportunities["account_id"]) == ["Acme", "Beta", "Gamma"]


def test_required_date_can_come_from_a_lookup_and_misses_are_reported(tmp_path):
    deals = "Deal;Status;Lead\nD-1;won;L-1\nD-2;open;L-2\nD-3;lost;L-3\n"
    leads = "Lead;Created\nL-1;2024-01-05\nL-2;2024-02-06\n"            # L-3 is not in the lead file
    cfg = _write(tmp_path, {"deals.csv": deals, "leads.csv": leads}, """
client_id: lookupdate
source: custom
files: {opportunities: deals.csv}
mapping:
  opportunities:
    columns: {opportunity_id: Deal, status: Status, lead_id: Lead}
    lookups:
      created_at: {file: leads.csv, key: Lead, on: lead_id, column: Created}
""")
    data, report = load_client(cfg, cache=False)       # was: every row rejected, "required column created_at"
    assert report.totals() == {"rows_read": 3, "rows_kept": 3, "rows_rejected": 0, "rows_excluded": 0}
    created = data.opportunities.set_index("opportunity_id")["created_at"]
    assert created["D-1"] == pd.Timestamp("2024-01-05") and pd.isna(created["D-3"])
    miss = [i for i in report.issues if "that leads.csv" in i["message"]]
    assert len(miss) == 1 and miss[0]["count"] == 1 and "'L-3'" in miss[0]["message"] and miss[0]["rows"] == [4]


def test_blank_optional_ids_are_counted(tmp_path):
    deals = "id,status,created_at,account_id\nA,won,2024-01-02,K1\nB,open,2024-01-03,\nC,lost,2024-01-04,\n"
    cfg = _write(tmp_path, {"d.csv": deals}, "client_id: blanks\nsource: canonical\nfiles: {opportunities: d.csv}\n"
                 "mapping:\n  opportunities:\n    columns: {opportunity_id: id, status: status, created_at: created_at,"
                 " account_id: account_id}\n")
    _, report = load_client(cfg, cache=False)
    blank = [i for i in report.issues if i["column"] == "account_id" and "no account_id" in i["message"]]
    assert blank and blank[0]["count"] == 2 and blank[0]["rows"] == [3, 4]


# ---------------------------------------------------------------- the end of the data
def test_end_of_data_counts_deals_closed_after_the_last_creation():
    from crmanalysis.config import ClientConfig
    from crmanalysis.schema import coerce_table

    o = coerce_table("opportunities", pd.DataFrame({
        "opportunity_id": ["A", "B", "C"], "status": ["won", "won", "open"], "amount": [100.0, 50.0, 70.0],
        "created_at": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-02-15"]),
        "close_date": pd.to_datetime(["2024-02-20", "2024-03-28", "2030-01-01"])}))   # C: a plan, not an event
    data = ClientData.from_frames(ClientConfig(client_id="end"), opportunities=o)
    assert K.default_as_of(data) == pd.Timestamp("2024-03-28")      # was 2024-02-15, the last creation
    f = K.compute(data, ["new_revenue"], period="M")
    # by hand: Feb 100 (A), Mar 50 (B); before the fix March was outside the window
    assert f.set_index("period")["value"].to_dict() == {"2024-01": 0.0, "2024-02": 100.0, "2024-03": 50.0}


# ---------------------------------------------------------------- silent success on nothing
def test_batch_on_a_folder_without_configs_fails_and_says_what_it_looked_for(tmp_path):
    res = subprocess.run([sys.executable, "-m", "crmanalysis.cli", "batch", str(tmp_path)], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode != 0
    assert "no client configuration found" in res.stderr and "client.yml" in res.stderr
    assert "Traceback" not in res.stderr


# ---------------------------------------------------------------- typos
def test_misspelt_mapping_key_names_file_key_and_valid_keys(tmp_path):
    cfg = _write(tmp_path, {}, "client_id: t\nfiles: {opportunities: d.csv}\n"
                 "mapping:\n  opportunities:\n    colums: {opportunity_id: id}\n")
    with pytest.raises(ConfigError, match=r'client.yml: key "mapping.opportunities.colums": unknown key; '
                                          r"valid keys: columns, values"):
        load_config(cfg)


def test_misspelt_lookup_key_is_rejected(tmp_path):
    cfg = _write(tmp_path, {}, "client_id: t\nfiles: {opportunities: d.csv}\nmapping:\n  opportunities:\n"
                 "    lookups:\n      owner_id: {table: users, mach: name, return: user_id}\n")
    with pytest.raises(ConfigError, match=r"lookups.owner_id.mach.*valid keys: match, return, table"):
        load_config(cfg)


def test_unknown_kpi_option_is_an_error(tiny):
    data, _ = tiny
    with pytest.raises(ValueError, match=r"win_rate: unknown option 'basiss'; valid options: basis"):
        K.compute(data, ["win_rate"], options={"win_rate": {"basiss": "cohort"}})


# ---------------------------------------------------------------- ambiguous headers
def test_two_columns_with_the_same_header_say_which_is_used(tmp_path):
    deals = "id,status,created_at,amount,Amount\nA,won,2024-01-02,100,999\n"
    cfg = _write(tmp_path, {"d.csv": deals}, "client_id: dup\nsource: custom\nfiles: {opportunities: d.csv}\n"
                 "mapping:\n  opportunities:\n    columns: {opportunity_id: id, status: status, "
                 "created_at: created_at, amount: amount}\n")
    data, report = load_client(cfg, cache=False)
    assert data.opportunities["amount"].iloc[0] == 100.0               # the first one, as the message says
    warn = [i for i in report.issues if "columns are headed" in i["message"]]
    assert warn and "the first is used for the amount of deals" in warn[0]["message"]


# ---------------------------------------------------------------- messages a consultant can act on
def test_duplicate_id_message_names_the_id_and_the_export_header(tmp_path):
    deals = "Deal no;Fase;Waarde;Aangemaakt\nD-1;Gewonnen;1,0;03-01-2024\nD-1;Verloren;n.v.t.;04-01-2024\n"
    cfg = _write(tmp_path, {"deals.csv": deals}, """
client_id: msgs
source: custom
files: {opportunities: deals.csv}
mapping:
  opportunities:
    columns: {opportunity_id: Deal no, status: Fase, amount: Waarde, created_at: Aangemaakt}
    values: {status: {Gewonnen: won, Verloren: lost}}
""")
    _, report = load_client(cfg, cache=False)
    text = report.summary()
    assert 'column "Waarde" (amount), rows 3' in text and "'n.v.t.'" in text
    dup_cfg = _write(tmp_path, {"deals.csv": deals.replace("n.v.t.", "2,0")}, (tmp_path / "client.yml").read_text())
    _, report = load_client(dup_cfg, cache=False)
    dup = [i for i in report.issues if "duplicate" in i["message"]][0]
    assert "'D-1'" in dup["message"] and "first in row 2" in dup["message"] and dup["rows"] == [3]
    # the column's phrase is no noun to put an "s" after ("2 duplicate the deal id of dealss")
    assert dup["message"].startswith("1 duplicate row, repeating an id already seen (the deal id of deals)")
    assert dup["column"] == '"Deal no" (opportunity_id)'


# ---------------------------------------------------------------- catch-alls that hide bugs
def test_misspelt_group_by_is_an_error_not_a_note(tiny):
    data, _ = tiny
    with pytest.raises(ValueError, match="cannot group by 'regoin'"):
        K.compute(data, ["new_revenue"], by=["regoin"])


def test_a_bug_in_a_kpi_body_is_raised_not_turned_into_a_note(tiny):
    data, _ = tiny

    def broken(ctx, **_):
        return ctx.data.opportunities["no_such_column"], []          # a typo in a KPI body: KeyError
    with pytest.raises(KeyError, match="no_such_column"):         # was turned into a note
        _compute_with(data, broken)


def _compute_with(data, fn):
    from crmanalysis.kpis.registry import register

    fresh = ClientData(data.config, dict(data.tables))       # its own registry: the KPI exists for it alone
    register("typo_kpi", fn, labels={"en": "t"}, kind="insight", klass="business", unit="count",
             direction="higher", tables=("opportunities",), date="created_at", basis="event", definition="test",
             registry=K.registry_for(fresh))
    return K.compute(fresh, ["typo_kpi"])


def test_missing_data_is_its_own_exception_and_becomes_a_note(tiny):
    from crmanalysis.i18n import not_computable

    data, _ = tiny
    assert "role" not in data.opportunities
    no_users = ClientData(data.config, {k: v for k, v in data.tables.items() if k != "users"})
    f = K.compute(no_users, ["new_revenue"], by=["role"])         # a rep's role comes from users: not there
    assert f["value"].isna().all() and not_computable(f["note"].iloc[0]).needs == ("users",)
    with pytest.raises(NotComputable, match="needs users"):
        no_users.table("users")


def test_cache_key_survives_keys_of_mixed_types():
    # the traceback users saw: '<' not supported between instances of 'bool' and 'str' (config built in Python)
    from crmanalysis.config import config_from_dict
    from crmanalysis.io.cache import cache_key

    cfg = config_from_dict({"client_id": "x", "files": {}, "lead_definitions": {True: "marketing", "web": "sales"}})
    assert len(cache_key(cfg, False)) == 24


def test_grouping_by_an_owner_column_that_is_entirely_empty_says_what_it_needs():
    # a help desk export without agents: every case used to become one "(unknown)" rep
    from crmanalysis.config import ClientConfig
    from crmanalysis.i18n import not_computable
    from crmanalysis.schema import coerce_table

    cases = coerce_table("cases", pd.DataFrame({
        "case_id": ["1", "2", "3"], "opened_at": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-01"]),
        "closed_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-02-03"])}))
    data = ClientData.from_frames(ClientConfig(client_id="desk"), cases=cases)
    by_agent = K.compute(data, ["cases_closed"], by=["owner_id"])
    assert by_agent["value"].isna().all() and by_agent["note"].iloc[0] == "needs the agent of service cases"
    assert not_computable(by_agent["note"].iloc[0]).needs == ("cases.agent_id",)
    company = K.compute(data, ["cases_closed"])
    # by hand: January 2 closed, February 1
    assert company.set_index("period")["value"].to_dict() == {"2024-01": 2.0, "2024-02": 1.0}


def test_roi_series_of_deals_loaded_after_they_closed():
    # a Salesforce demo org: every deal's CreatedDate is the day the data was loaded, after its CloseDate.
    # The series used to start at that load day (one month of history) or, with the negative "sales cycle",
    # keep only its last months; it must cover every month with a close, with no lead months trimmed
    from crmanalysis.analyses import roi as R
    from crmanalysis.analyses.window import Window

    close = pd.date_range("2020-01-01", periods=24, freq="MS") + pd.Timedelta(days=14)
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(48)],
                         "created_at": pd.Timestamp("2022-03-29 14:00"), "status": "won",
                         "close_date": np.repeat(close, 2), "amount": 1_000.0, "owner_id": "U1"})
    data = ClientData.from_frames(ClientConfig(client_id="demo"), opportunities=opps)
    s, metric, notes = R.gain_series(data, window=Window.until("2021-12-31 23:59"))
    assert metric == "new_revenue"
    assert len(s) == 24 and (s == 2_000.0).all()                # two deals of 1,000 a month
    assert not any(getattr(n, "key", "") == "note.lead_months" for n in notes)
    cf = R.gain_counterfactual(data, go_live="2021-01-01", window=Window.until("2021-12-31 23:59"))
    assert any(getattr(n, "key", "") == "note.no_inflow" for n in cf.notes)   # no inflow before the load day


def test_cache_key_follows_the_export_content_and_skips_rehashing_an_unchanged_file(tmp_path, monkeypatch):
    import hashlib

    from crmanalysis.config import config_from_dict
    from crmanalysis.io import cache

    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path / "cache"))
    export = tmp_path / "o.csv"
    export.write_text("opportunity_id,status\nA,won\n", encoding="utf-8")
    cfg = config_from_dict({"client_id": "x", "files": {"opportunities": str(export)}})
    first = cache.cache_key(cfg, False)
    calls = []
    real = hashlib.sha256
    monkeypatch.setattr(cache.hashlib, "sha256", lambda *a: calls.append(1) or real(*a))
    assert cache.cache_key(cfg, False) == first
    assert len(calls) == 1                       # the key's own hash; the unchanged export is not read again
    export.write_text("opportunity_id,status\nB,won\n", encoding="utf-8")      # same size, new content
    assert cache.cache_key(cfg, False) != first


def test_cache_key_follows_the_vendor_tables(tmp_path, monkeypatch):
    """A one-line edit of a vendor table maps the same export differently: a cached table of the old mapping
    must not be served. (The package's own files are copied, so the test edits a copy.)"""
    import shutil
    from pathlib import Path

    from crmanalysis.config import config_from_dict
    from crmanalysis.io import cache

    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path / "cache"))
    export = tmp_path / "o.csv"
    export.write_text("opportunity_id,status\nA,won\n", encoding="utf-8")
    cfg = config_from_dict({"client_id": "x", "files": {"opportunities": str(export)}})
    first = cache.cache_key(cfg, False)
    io_copy = tmp_path / "pkg" / "io"
    shutil.copytree(Path(cache.__file__).parent, io_copy)
    shutil.copy(Path(cache.__file__).parents[1] / "schema.py", tmp_path / "pkg" / "schema.py")
    monkeypatch.setattr(cache, "__file__", str(io_copy / "cache.py"))
    assert cache.cache_key(cfg, False) == first                   # the same files: the same key
    vendor = io_copy / "vendors" / "pipedrive.yml"
    vendor.write_text(vendor.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert cache.cache_key(cfg, False) != first


def test_the_cache_is_written_beside_the_caller_and_read_once_written(tmp_path, monkeypatch):
    """A first load hands its tables back while a thread writes the cache; the next load (here or in a kernel
    after the batch's wait) reads the finished cache, never a half-written one, and never parses again."""
    import threading

    from crmanalysis.config import config_from_dict
    from crmanalysis.io import cache, ingest, load_client

    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path / "cache"))
    export = tmp_path / "o.csv"
    export.write_text("opportunity_id,status,amount\nA,won,10\nB,lost,5\n", encoding="utf-8")
    cfg = config_from_dict({"client_id": "x", "files": {"opportunities": str(export)}})
    gate = threading.Event()
    real_write = cache._write
    monkeypatch.setattr(cache, "_write", lambda *a: gate.wait(10) and real_write(*a))   # a slow disk
    first, _ = load_client(cfg)
    assert not list((tmp_path / "cache" / "x").glob("*/report.json"))   # returned before the write ended
    parsed = []
    monkeypatch.setattr(ingest, "_ingest", lambda *a: parsed.append(1))
    threading.Timer(0.2, gate.set).start()
    again, _ = load_client(cfg)                                     # waits for the write, then reads it
    assert parsed == [] and list((tmp_path / "cache" / "x").glob("*/report.json"))
    pd.testing.assert_frame_equal(again.opportunities, first.opportunities)
