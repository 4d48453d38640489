"""Vendor knowledge as data: every vendor object and export variant ingests, detection explains itself.

The fixtures (tests/fixtures/vendors, tests/vendor_fixtures.py) are small exports in each vendor's
exact dialect; the expected values below are read off the fixture rows by hand.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from vendor_fixtures import EXPECTED, FIXTURES, fixture_folder

from crmanalysis.io import load_client
from crmanalysis.io import vendors as V
from crmanalysis.io.readers import read_raw


def test_every_fixture_folder_is_checked():
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} == set(EXPECTED)


def test_vendor_files_are_consistent():
    assert V.check() == []


def test_every_vendor_table_is_a_source_a_config_may_name():
    from crmanalysis.config import SOURCES

    assert set(SOURCES) == {*V.vendors(), "custom"} - {"generic"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_vendor_export_ingests_with_every_row_accounted_for(name, tmp_path):
    kept, excluded, statuses, total = EXPECTED[name]
    data, report = load_client(fixture_folder(name, tmp_path) / "client.yml", cache=False)
    acc = report.accounting()
    assert acc["reconciles"].all()
    assert acc.groupby("table")["rows_kept"].sum().to_dict() == kept
    assert int(acc["rows_rejected"].sum()) == 0 and int(acc["rows_excluded"].sum()) == excluded
    assert report.errors == []
    o = data.opportunities
    assert o["status"].tolist() == statuses
    assert o["amount"].sum() == pytest.approx(total)
    assert o["created_at"].notna().all()


def test_salesforce_export_service_details(tmp_path):
    data, _ = load_client(fixture_folder("salesforce_export_service", tmp_path) / "client.yml", cache=False)
    o = data.opportunities.set_index("opportunity_id")
    # ISO-8859-1 read right; 000000000000000AAA is an empty id, not an account or campaign
    assert pd.isna(o.loc["0061X000003", "account_id"]) and pd.isna(o.loc["0061X000001", "campaign_id"])
    assert o.loc["0061X000003", "campaign_id"] == "7011X000001"
    assert data.users.set_index("user_id").loc["0051X000002", "name"] == "Jürgen Groß"
    act = data.activities.set_index("activity_id")
    assert act.loc["00T1X000001", "type"] == "call" and act.loc["00T1X000001", "duration_min"] == 10   # 600 s
    assert bool(act.loc["00T1X000001", "completed"]) and not bool(act.loc["00T1X000002", "completed"])
    assert act.loc["00T1X000002", "type"] == "task" and act.loc["00U1X000001", "type"] == "visit"
    assert data.touchpoints["lead_id"].tolist() == ["00Q1X000002"]
    assert pd.isna(data.leads.set_index("lead_id").loc["00Q1X000002", "converted_opportunity_id"])


def test_excel_resaved_salesforce_dates_and_pipedrive_durations(tmp_path):
    data, _ = load_client(fixture_folder("salesforce_excel", tmp_path) / "client.yml", cache=False)
    assert data.opportunities["close_date"].tolist()[0] == pd.Timestamp("2021-03-26")          # "3/26/21"
    assert data.opportunities["created_at"].tolist()[0] == pd.Timestamp("2021-03-01 14:05")    # "3/1/21 14:05"
    data, _ = load_client(fixture_folder("pipedrive_en", tmp_path) / "client.yml", cache=False)
    a = data.activities.set_index("activity_id")
    assert a.loc["11", "duration_min"] == 15 and a.loc["12", "type"] == "meeting"             # "00:15", Lunch
    assert a.loc["11", "scheduled_at"] == pd.Timestamp("2024-01-05 09:30")                     # date + due time
    assert bool(a.loc["11", "completed"]) and not bool(a.loc["12", "completed"])               # Done / To do
    # deals name their organisation: looked up in the organizations file
    assert data.opportunities["account_id"].tolist()[:2] == ["1", "2"]


def test_pipedrive_portuguese_words(tmp_path):
    data, _ = load_client(fixture_folder("pipedrive_pt", tmp_path) / "client.yml", cache=False)
    a = data.activities.set_index("activity_id")
    assert a.loc["9001", "type"] == "call" and a.loc["9002", "type"] == "meeting"          # Chamada, Reunião
    assert bool(a.loc["9001", "completed"]) and not bool(a.loc["9002", "completed"])      # Sim, Não
    assert data.opportunities["close_date"].tolist()[:2] == [pd.Timestamp("2024-02-20"), pd.Timestamp("2024-03-01")]


@pytest.mark.parametrize(("file", "vendor", "obj", "lang"), [
    ("salesforce_export_service/Opportunity.csv", "salesforce", "Opportunity", "api"),
    ("salesforce_export_service/CampaignMember.csv", "salesforce", "CampaignMember", "api"),
    ("salesforce_report_fr/rapport_opportunites.csv", "salesforce", "Opportunity", "fr"),
    ("pipedrive_pt/negocios.csv", "pipedrive", "deals", "pt"),
    ("pipedrive_pt/pessoas.csv", "pipedrive", "persons", "pt"),
    ("pipedrive_en/deals.csv", "pipedrive", "deals", "en"),
    ("hubspot_properties/deals.csv", "hubspot", "deals", "api"),
    ("hubspot_labels_de/alle-deals.csv", "hubspot", "deals", "de"),
    ("zoho_potentials/Potentials.csv", "zoho", "Deals", "en"),             # "Potential Owner" is a label
    ("zoho_potentials/Calls.csv", "zoho", "Calls", "api"),
    ("odoo_import_compatible/crm.lead.csv", "odoo", "crm.lead", "api"),
    ("dynamics_dataverse/opportunity.csv", "dynamics", "opportunity", "api"),
])
def test_detection_names_vendor_object_and_language_and_why(file, vendor, obj, lang):
    path = FIXTURES / file
    raw = read_raw(path, encoding="iso-8859-1" if "export_service" in file else None)
    rec = V.recognise([c for c in raw.frame.columns if c != "_row"], path.name)
    assert (rec.obj.vendor, rec.obj.name, rec.lang) == (vendor, obj, lang), rec.why
    assert rec.obj.label in rec.why and str(len(rec.matched)) in rec.why


def test_a_new_language_is_one_line(tmp_path, monkeypatch):
    # a Swedish Pipedrive user: one added entry per column is all the vendor table needs
    o = V.get_object("pipedrive", "deals")
    sv = {"opportunity_id": ["ID"], "amount": ["Värde"], "status": ["Status"], "created_at": ["Affär skapad"]}
    cols = {c: {**spec, "sv": sv[c]} if c in sv else spec for c, spec in o.columns.items()}
    monkeypatch.setattr(V, "LANGS", (*V.LANGS, "sv"))
    sw = V.VendorObject(o.vendor, o.name, o.table, cols, o.files, {**o.prefix, "sv": ["Affär"]}, o.values,
                        o.extra_values, o.default, o.nulls, o.ignore, o.why, o.extra)
    m = V.mapping_for(sw, "sv")
    assert "Affär - Värde" in m["columns"]["amount"] and "Värde" in m["columns"]["amount"]


def test_the_vendor_tables_kept_between_processes_are_the_tables_parsed(tmp_path, monkeypatch):
    """The parsed tables and header indexes are kept as JSON for the next process: read back, they must be
    exactly what a parse of the YAML gives, and an edit of a table must not be served from the old copy."""
    from crmanalysis.io import vendors as V

    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path))

    def fresh():
        for f in (V._stored, V._docs, V._load, V._cached_index, V._spread):
            f.cache_clear()
        objs = {(o.vendor, o.name): o for o in V.objects()}
        return objs, V._spread(), {k: V._cached_index(*k) for k in objs}

    try:
        parsed = fresh()                                 # nothing kept yet: parsed from the YAML, then kept
        assert "docs" not in V._stored() and list((tmp_path / "_vendors").glob("*.json"))
        kept = fresh()
        assert "docs" in V._stored() and "index" in V._stored()      # this time read back
        assert kept == parsed
        monkeypatch.setattr(V, "_HERE", tmp_path / "vendors")       # a one-line edit of a copy of the tables
        (tmp_path / "vendors").mkdir()
        for p in Path(V.__file__).parent.glob("*.yml"):
            (tmp_path / "vendors" / p.name).write_bytes(p.read_bytes())
        sf = tmp_path / "vendors" / "salesforce.yml"
        sf.write_text(sf.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
        fresh()
        assert "docs" not in V._stored()
    finally:
        for f in (V._stored, V._docs, V._load, V._cached_index, V._spread):
            f.cache_clear()
