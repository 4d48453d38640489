"""Write a (synthetic) client as vendor-style CRM exports, so ingest is exercised for real.

Three writers, each deliberately hand-written (not derived from ingest's mapping tables,
so a round trip generate → write → ingest is an independent check of both sides):

* :func:`write_salesforce` — API field names (``Id``, ``StageName``, ``CreatedDate`` as
  ``2022-07-27T17:40:52.000+0000`` in UTC, ``IsWon``/``IsClosed`` as ``True``/``False``,
  ``Probability`` 0–100, activities split into ``Task.csv`` and ``Event.csv``).
* :func:`write_hubspot` — HubSpot labels (``Record ID``, ``Deal Name``, ``Deal Stage``,
  ``Create Date``, ``Deal owner`` as a *name*, ``Pipeline``…).
* :func:`write_pipedrive` — Pipedrive in Dutch locale: ``Deal - Title``, ``Deal - Value``
  with decimal comma, ``Deal - Status`` ``Open``/``Gewonnen``/``Verloren``, ``dd-mm-yyyy``
  dates, ``;`` delimiter, UTF-8 with BOM.

Tables a vendor does not export natively (cases, spend, costs, …) are written as canonical
CSV files into ``extra/``. Each writer also writes ``client.yml`` that points ingest at the
files, and returns its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..data import ClientData

__all__ = ["write_salesforce", "write_hubspot", "write_pipedrive", "write_canonical", "WRITERS"]


# --------------------------------------------------------------------------------------
# small formatting helpers (vectorised)
# --------------------------------------------------------------------------------------
def _fmt_dt(s: pd.Series, fmt: str) -> pd.Series:
    out = pd.to_datetime(s).dt.strftime(fmt)
    return out.where(pd.notna(s), "")


def _sf_datetime(s: pd.Series, tz: str) -> pd.Series:
    """Local naive timestamps -> Salesforce UTC ``2022-07-27T17:40:52.000+0000``."""
    ts = pd.to_datetime(s).dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
    out = ts.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    return out.where(ts.notna(), "")


def _num(s: pd.Series, decimals: int = 2, decimal: str = ".") -> pd.Series:
    v = pd.to_numeric(s, errors="coerce")
    out = v.map(lambda x: f"{x:.{decimals}f}" if pd.notna(x) else "")  # per-value format, no row loop
    if decimal != ".":
        out = out.str.replace(".", decimal, regex=False)
    return out


def _bool(s: pd.Series, true: str = "True", false: str = "False") -> pd.Series:
    b = s.astype("boolean")
    return pd.Series(np.where(b.isna(), "", np.where(b.fillna(False), true, false)), index=s.index)


def _str(s: pd.Series) -> pd.Series:
    return s.astype("string").fillna("")


def _write_csv(df: pd.DataFrame, path: Path, *, sep: str = ",", encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, sep=sep, index=False, encoding=encoding, lineterminator="\n")
    return path


def write_canonical(df: pd.DataFrame, path: Path) -> Path:
    """Write a canonical table as plain CSV (ISO dates, point decimal, UTF-8)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d %H:%M:%S").where(out[col].notna(), "")
    return _write_csv(out, path)


def _write_extras(data: ClientData, folder: Path, native: set[str]) -> dict[str, str]:
    files: dict[str, str] = {}
    for table, df in data.tables.items():
        if table in native:
            continue
        rel = f"extra/{table}.csv"
        write_canonical(df, folder / rel)
        files[table] = rel
    return files


def _write_config(data: ClientData, folder: Path, source: str, files: dict[str, Any],
                  locale: dict[str, str] | None = None, language: str = "en") -> Path:
    cfg = data.config
    doc: dict[str, Any] = {
        "client_id": cfg.client_id,
        "name": cfg.display_name,
        "source": source,
        "files": files,
        "currency": cfg.currency,
        "timezone": cfg.timezone,
        "language": language,
    }
    if locale:
        doc["locale"] = locale
    if cfg.go_live:
        doc["go_live"] = cfg.go_live.isoformat()
    if cfg.lead_definitions:
        doc["lead_definitions"] = cfg.lead_definitions
    if cfg.profiles:
        doc["profiles"] = cfg.profiles
    if cfg.kpi_templates:
        doc["kpi_templates"] = cfg.kpi_templates
    path = folder / "client.yml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _names_by_id(data: ClientData) -> pd.Series:
    users = data.users
    return pd.Series(users["name"].to_numpy(), index=users["user_id"].to_numpy())


# --------------------------------------------------------------------------------------
# Salesforce
# --------------------------------------------------------------------------------------
_SF_TASK_TYPE = {"call": "Call", "email": "Email", "task": "Task", "other": "Other"}
_SF_EVENT_TYPE = {"meeting": "Meeting", "visit": "Visit", "demo": "Demo"}


def write_salesforce(data: ClientData, folder: str | Path) -> Path:
    """Write *data* as a Salesforce data export (API names, UTC datetimes); returns client.yml."""
    folder = Path(folder)
    tz = data.config.timezone
    files: dict[str, Any] = {}

    u = data.users
    users = pd.DataFrame({
        "Id": _str(u["user_id"]), "Name": _str(u["name"]), "Department": _str(u["team"]),
        "Title": _str(u["role"]), "Division": _str(u["region"]), "ManagerId": _str(u["manager_id"]),
        "IsActive": _bool(u["active"], "true", "false"),
        "CreatedDate": _sf_datetime(u["start_date"], tz),
    })
    _write_csv(users, folder / "User.csv")
    files["users"] = "User.csv"

    a = data.accounts
    accounts = pd.DataFrame({
        "Id": _str(a["account_id"]), "Name": _str(a["name"]), "Industry": _str(a["industry"]),
        "Region__c": _str(a["region"]), "BillingCountry": _str(a["country"]),
        "OwnerId": _str(a["owner_id"]), "Key_Account__c": _bool(a["is_key_account"], "true", "false"),
        "CreatedDate": _sf_datetime(a["created_at"], tz),
    })
    _write_csv(accounts, folder / "Account.csv")
    files["accounts"] = "Account.csv"

    o = data.opportunities
    closed = o["status"].isin(["won", "lost"])
    opps = pd.DataFrame({
        "Id": _str(o["opportunity_id"]), "Name": "Deal " + _str(o["opportunity_id"]),
        "AccountId": _str(o["account_id"]), "OwnerId": _str(o["owner_id"]),
        "StageName": _str(o["stage"]), "Amount": _num(o["amount"]),
        "CloseDate": _fmt_dt(o["close_date"], "%Y-%m-%d"),
        "CreatedDate": _sf_datetime(o["created_at"], tz),
        "IsClosed": _bool(closed), "IsWon": _bool(o["status"].eq("won")),
        "Probability": _num(o["probability"] * 100, 0),
        "LeadSource": _str(o["lead_source"]), "CampaignId": _str(o["campaign_id"]),
        "ForecastCategoryName": _str(o["forecast_category"]),
        "Product__c": _str(o["product"]), "Product_Group__c": _str(o["product_group"]),
        "Cost__c": _num(o["cost"]), "Region__c": _str(o["region"]), "Industry__c": _str(o["industry"]),
        "Quote_Sent_Date__c": _fmt_dt(o["quote_sent_at"], "%Y-%m-%d"),
        "Lead__c": _str(o["lead_id"]),
    })
    _write_csv(opps, folder / "Opportunity.csv")
    files["opportunities"] = "Opportunity.csv"

    act = data.activities
    is_event = act["type"].isin(list(_SF_EVENT_TYPE))
    t, e = act[~is_event], act[is_event]
    tasks = pd.DataFrame({
        "Id": _str(t["activity_id"]), "Subject": t["type"].map(_SF_TASK_TYPE).fillna("Other"),
        "Type": t["type"].map(_SF_TASK_TYPE).fillna("Other"),
        "ActivityDate": _fmt_dt(t["scheduled_at"], "%Y-%m-%d"),
        "Status": np.where(t["completed"].fillna(False).astype(bool), "Completed", "Not Started"),
        "OwnerId": _str(t["owner_id"]), "WhatId": _str(t["opportunity_id"]),
        "AccountId": _str(t["account_id"]), "WhoId": _str(t["lead_id"]),
        "CreatedDate": _sf_datetime(t["created_at"], tz),
        "CompletedDateTime": _sf_datetime(t["completed_at"], tz),
        "CallDurationInSeconds": _num(t["duration_min"] * 60, 0),
    })
    events = pd.DataFrame({
        "Id": _str(e["activity_id"]), "Subject": e["type"].map(_SF_EVENT_TYPE),
        "Type": e["type"].map(_SF_EVENT_TYPE),
        "StartDateTime": _sf_datetime(e["scheduled_at"], tz),
        "DurationInMinutes": _num(e["duration_min"], 0),
        "OwnerId": _str(e["owner_id"]), "WhatId": _str(e["opportunity_id"]),
        "AccountId": _str(e["account_id"]), "WhoId": _str(e["lead_id"]),
        "CreatedDate": _sf_datetime(e["created_at"], tz),
        "Completed__c": _bool(e["completed"], "true", "false"),
        "CompletedDateTime": _sf_datetime(e["completed_at"], tz),
        "Visit_Report__c": _bool(e["has_report"], "true", "false"),
    })
    _write_csv(tasks, folder / "Task.csv")
    _write_csv(events, folder / "Event.csv")
    files["activities"] = ["Task.csv", "Event.csv"]

    files.update(_write_extras(data, folder, {"users", "accounts", "opportunities", "activities"}))
    return _write_config(data, folder, "salesforce", files)


# --------------------------------------------------------------------------------------
# HubSpot
# --------------------------------------------------------------------------------------
_HS_STAGE = {"Prospecting": "Appointment scheduled", "Qualification": "Qualified to buy",
             "Proposal": "Presentation scheduled", "Negotiation": "Contract sent",
             "Closed Won": "Closed won", "Closed Lost": "Closed lost"}
_HS_ACTIVITY = {"call": "CALL", "email": "EMAIL", "meeting": "MEETING", "visit": "MEETING",
                "demo": "MEETING", "task": "TASK", "other": "NOTE"}


def write_hubspot(data: ClientData, folder: str | Path) -> Path:
    """Write *data* as HubSpot exports (deals, companies, activities); returns client.yml.

    HubSpot exports owners by *name*; ingest resolves them to ids through ``users``.
    """
    folder = Path(folder)
    names = _names_by_id(data)
    files: dict[str, Any] = {}

    a = data.accounts
    companies = pd.DataFrame({
        "Record ID": _str(a["account_id"]), "Company name": _str(a["name"]),
        "Industry": _str(a["industry"]), "Country/Region": _str(a["country"]),
        "Region": _str(a["region"]), "Company owner": _str(a["owner_id"].map(names)),
        "Key account": _bool(a["is_key_account"], "Yes", "No"),
        "Create Date": _fmt_dt(a["created_at"], "%Y-%m-%d %H:%M"),
    })
    _write_csv(companies, folder / "hubspot-crm-exports-all-companies.csv")
    files["accounts"] = "hubspot-crm-exports-all-companies.csv"

    o = data.opportunities
    deals = pd.DataFrame({
        "Record ID": _str(o["opportunity_id"]), "Deal Name": "Deal " + _str(o["opportunity_id"]),
        "Deal Stage": o["stage"].map(_HS_STAGE).fillna(_str(o["stage"])),
        "Close Date": _fmt_dt(o["close_date"], "%Y-%m-%d %H:%M"),
        "Create Date": _fmt_dt(o["created_at"], "%Y-%m-%d %H:%M"),
        "Deal owner": _str(o["owner_id"].map(names)), "Amount": _num(o["amount"]),
        "Pipeline": "Sales Pipeline", "Associated Company IDs (Primary)": _str(o["account_id"]),
        "Deal probability": _num(o["probability"], 2),
        "Original Source": _str(o["lead_source"]), "Product group": _str(o["product_group"]),
        "Product": _str(o["product"]), "Cost of goods": _num(o["cost"]),
        "Region": _str(o["region"]), "Industry": _str(o["industry"]),
        "Forecast category": _str(o["forecast_category"]), "Campaign ID": _str(o["campaign_id"]),
        "Lead ID": _str(o["lead_id"]),
    })
    _write_csv(deals, folder / "hubspot-crm-exports-all-deals.csv")
    files["opportunities"] = "hubspot-crm-exports-all-deals.csv"

    act = data.activities
    # HubSpot has no 'visit' or 'demo' activity type: they are meetings whose "Call and meeting type"
    # (a property the portal defines) says so; the title is free text
    kind = act["type"].map({"visit": "Site visit", "demo": "Demo"})
    title = act["type"].str.title() + " " + _str(act["account_id"])
    activities = pd.DataFrame({
        "Record ID": _str(act["activity_id"]), "Activity type": act["type"].map(_HS_ACTIVITY),
        "Call and meeting type": _str(kind), "Title": title,
        "Activity date": _fmt_dt(act["scheduled_at"], "%Y-%m-%d %H:%M"),
        "Created at": _fmt_dt(act["created_at"], "%Y-%m-%d %H:%M"),
        "Completed": _bool(act["completed"], "Yes", "No"),
        "Completed at": _fmt_dt(act["completed_at"], "%Y-%m-%d %H:%M"),
        "Activity assigned to": _str(act["owner_id"].map(names)),
        "Associated Deal IDs": _str(act["opportunity_id"]),
        "Associated Company IDs": _str(act["account_id"]), "Associated Lead ID": _str(act["lead_id"]),
        "Duration (minutes)": _num(act["duration_min"], 0),
        "Visit report": _bool(act["has_report"], "Yes", "No"),
    })
    _write_csv(activities, folder / "hubspot-crm-exports-all-activities.csv")
    files["activities"] = "hubspot-crm-exports-all-activities.csv"

    files.update(_write_extras(data, folder, {"accounts", "opportunities", "activities"}))
    return _write_config(data, folder, "hubspot", files)


# --------------------------------------------------------------------------------------
# Pipedrive, Dutch locale
# --------------------------------------------------------------------------------------
_PD_STATUS = {"open": "Open", "won": "Gewonnen", "lost": "Verloren"}
_PD_ACTIVITY = {"call": "Bellen", "meeting": "Vergadering", "email": "E-mail", "visit": "Bezoek",
                "demo": "Demo", "task": "Taak", "other": "Overig"}
_PD_STAGE = {"Prospecting": "Gekwalificeerd", "Qualification": "Contact gemaakt",
             "Proposal": "Offerte gedaan", "Negotiation": "Onderhandeling",
             "Closed Won": "Onderhandeling", "Closed Lost": "Onderhandeling"}


def write_pipedrive(data: ClientData, folder: str | Path) -> Path:
    """Write *data* as Pipedrive exports in Dutch locale; returns client.yml.

    ``;`` delimiter, decimal comma, ``dd-mm-yyyy`` dates, UTF-8 with BOM, and Pipedrive's
    trailing ``*`` on required headers (``Deal - Title *``).
    """
    folder = Path(folder)
    names = _names_by_id(data)
    files: dict[str, Any] = {}
    dfmt, tfmt = "%d-%m-%Y", "%d-%m-%Y %H:%M"

    a = data.accounts
    orgs = pd.DataFrame({
        "Organisatie - ID": _str(a["account_id"]), "Organisatie - Naam *": _str(a["name"]),
        "Organisatie - Branche": _str(a["industry"]), "Organisatie - Land": _str(a["country"]),
        "Organisatie - Regio": _str(a["region"]),
        "Organisatie - Eigenaar": _str(a["owner_id"].map(names)),
        "Organisatie - Key account": _bool(a["is_key_account"], "Ja", "Nee"),
        "Organisatie - Aangemaakt": _fmt_dt(a["created_at"], tfmt),
    })
    _write_csv(orgs, folder / "organisaties.csv", sep=";", encoding="utf-8-sig")
    files["accounts"] = "organisaties.csv"

    o = data.opportunities
    status = o["status"].astype("string")
    deals = pd.DataFrame({
        "Deal - ID": _str(o["opportunity_id"]), "Deal - Title *": "Deal " + _str(o["opportunity_id"]),
        "Deal - Value": _num(o["amount"], 2, ","), "Deal - Currency": data.config.currency,
        "Deal - Status": status.map(_PD_STATUS), "Deal - Stage": o["stage"].map(_PD_STAGE),
        "Deal - Deal created": _fmt_dt(o["created_at"], tfmt),
        "Deal - Won time": _fmt_dt(o["close_date"].where(status.eq("won")), tfmt),
        "Deal - Lost time": _fmt_dt(o["close_date"].where(status.eq("lost")), tfmt),
        "Deal - Expected close date": _fmt_dt(o["close_date"].where(status.eq("open")), dfmt),
        "Deal - Owner": _str(o["owner_id"].map(names)), "Deal - Organization ID": _str(o["account_id"]),
        "Deal - Probability": _num(o["probability"] * 100, 0),
        "Deal - Source": _str(o["lead_source"]), "Deal - Productgroep": _str(o["product_group"]),
        "Deal - Product": _str(o["product"]), "Deal - Kostprijs": _num(o["cost"], 2, ","),
        "Deal - Regio": _str(o["region"]), "Deal - Branche": _str(o["industry"]),
        "Deal - Lead ID": _str(o["lead_id"]), "Deal - Campaign ID": _str(o["campaign_id"]),
    })
    _write_csv(deals, folder / "deals.csv", sep=";", encoding="utf-8-sig")
    files["opportunities"] = "deals.csv"

    act = data.activities
    activities = pd.DataFrame({
        "Activity - ID": _str(act["activity_id"]), "Activity - Type": act["type"].map(_PD_ACTIVITY),
        "Activity - Subject *": act["type"].map(_PD_ACTIVITY),
        "Activity - Due date": _fmt_dt(act["scheduled_at"], dfmt),
        "Activity - Due time": _fmt_dt(act["scheduled_at"], "%H:%M"),
        "Activity - Done": _bool(act["completed"], "Gedaan", "Niet gedaan"),
        "Activity - Marked as done time": _fmt_dt(act["completed_at"], tfmt),
        "Activity - Add time": _fmt_dt(act["created_at"], tfmt),
        "Activity - Assigned to user": _str(act["owner_id"].map(names)),
        "Activity - Deal ID": _str(act["opportunity_id"]),
        "Activity - Organization ID": _str(act["account_id"]),
        "Activity - Lead ID": _str(act["lead_id"]),
        "Activity - Duration": _num(act["duration_min"], 0),
        "Activity - Bezoekverslag": _bool(act["has_report"], "Ja", "Nee"),
    })
    _write_csv(activities, folder / "activiteiten.csv", sep=";", encoding="utf-8-sig")
    files["activities"] = "activiteiten.csv"

    files.update(_write_extras(data, folder, {"accounts", "opportunities", "activities"}))
    return _write_config(data, folder, "pipedrive", files,
                         locale={"delimiter": ";", "decimal": ",", "date_order": "dmy",
                                 "encoding": "utf-8-sig"}, language="nl")


WRITERS = {"salesforce": write_salesforce, "hubspot": write_hubspot, "pipedrive": write_pipedrive}
