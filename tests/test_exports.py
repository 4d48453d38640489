"""Vendor-style files carry the vendor's headers and locale, and ingest reads them back."""

import codecs
import csv

import numpy as np
import pandas as pd
import pytest

from crmanalysis.io import load_client
from crmanalysis.samples.exports import write_hubspot, write_pipedrive, write_salesforce


@pytest.fixture(scope="module")
def written(tiny, tmp_path_factory):
    data, _ = tiny
    root = tmp_path_factory.mktemp("exports")
    return data, {v: w(data, root / v) for v, w in
                  (("salesforce", write_salesforce), ("hubspot", write_hubspot),
                   ("pipedrive", write_pipedrive))}


def _header(path, sep=","):
    with open(path, encoding="utf-8-sig") as fh:
        return next(csv.reader(fh, delimiter=sep))


def test_salesforce_api_names_and_formats(written):
    data, cfgs = written
    folder = cfgs["salesforce"].parent
    head = _header(folder / "Opportunity.csv")
    for col in ("Id", "StageName", "Amount", "CloseDate", "CreatedDate", "IsWon", "IsClosed", "OwnerId"):
        assert col in head
    df = pd.read_csv(folder / "Opportunity.csv", dtype=str, keep_default_na=False)
    assert df["CreatedDate"].str.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000").all()
    assert set(df["IsWon"]) <= {"True", "False"} and set(df["IsClosed"]) <= {"True", "False"}
    assert df["CloseDate"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    # CreatedDate is UTC: first row, local Europe/Amsterdam time minus its UTC offset
    local = data.opportunities["created_at"].iloc[0]
    utc = local.tz_localize("Europe/Amsterdam").tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    assert df["CreatedDate"].iloc[0] == utc
    assert "Task.csv" in [p.name for p in folder.iterdir()] and "Event.csv" in [p.name for p in folder.iterdir()]


def test_hubspot_labels(written):
    _, cfgs = written
    head = _header(cfgs["hubspot"].parent / "hubspot-crm-exports-all-deals.csv")
    for col in ("Record ID", "Deal Name", "Deal Stage", "Close Date", "Create Date", "Deal owner",
                "Amount", "Pipeline"):
        assert col in head


def test_pipedrive_dutch_locale(written):
    data, cfgs = written
    path = cfgs["pipedrive"].parent / "deals.csv"
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)                       # UTF-8 with BOM
    head = _header(path, sep=";")
    for col in ("Deal - Title *", "Deal - Value", "Deal - Status", "Deal - Won time"):
        assert col in head
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert set(df["Deal - Status"]) == {"Open", "Gewonnen", "Verloren"}
    values = df.loc[df["Deal - Value"] != "", "Deal - Value"]
    assert values.str.fullmatch(r"\d+,\d{2}").all()              # decimal comma
    created = df["Deal - Deal created"]
    assert created.str.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}").all()   # dd-mm-yyyy
    first = data.opportunities["created_at"].iloc[0]
    assert created.iloc[0] == first.strftime("%d-%m-%Y %H:%M")
    acts = pd.read_csv(cfgs["pipedrive"].parent / "activiteiten.csv", sep=";", dtype=str, encoding="utf-8-sig")
    assert {"Activity - Type", "Activity - Due date"} <= set(acts.columns)


@pytest.mark.parametrize("vendor", ["salesforce", "hubspot", "pipedrive"])
def test_round_trip_through_ingest(written, vendor):
    data, cfgs = written
    back, report = load_client(cfgs[vendor])
    acc = report.accounting()
    assert acc["reconciles"].all()
    assert report.totals()["rows_rejected"] == 0
    a = data.opportunities.set_index("opportunity_id").sort_index()
    b = back.opportunities.set_index("opportunity_id").sort_index()
    assert list(a.index) == list(b.index)
    assert (a["status"] == b["status"]).all()
    assert (a["owner_id"] == b["owner_id"]).all()                 # names resolved back to ids
    np.testing.assert_allclose(a["amount"].fillna(-1), b["amount"].fillna(-1))
    np.testing.assert_allclose(a["probability"], b["probability"], atol=0.006)
    # dates: minute precision in HubSpot/Pipedrive exports, day precision for close dates
    assert ((a["created_at"] - b["created_at"]).abs() < pd.Timedelta(minutes=1)).all()
    assert (a["close_date"].dt.normalize().fillna(pd.Timestamp(0))
            == b["close_date"].dt.normalize().fillna(pd.Timestamp(0))).all()
    # won revenue reconciles exactly (sum computed on both sides)
    assert a.loc[a.status == "won", "amount"].sum() == pytest.approx(b.loc[b.status == "won", "amount"].sum())
    # activity types survive the vendor's vocabulary (HubSpot has no visit type: it is a titled meeting)
    assert (data.activities["type"].value_counts().sort_index()
            == back.activities["type"].value_counts().sort_index()).all()
