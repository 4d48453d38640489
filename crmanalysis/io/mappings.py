"""Declarative mappings from vendor exports to the canonical tables (DESIGN §3).

A mapping for one table is a dict with these keys (the same format a consultant writes in
the client config under ``mapping:``; see README "Custom mappings"):

``columns``
    canonical column → export header, or a list of headers: the first non-empty value per
    row wins (so ``[actualvalue, estimatedvalue]`` coalesces, and alternative spellings of
    one header can be listed). Headers match case-insensitively, ignoring a trailing ``*``.
``values``
    canonical column → {export value: canonical value}; matched case-insensitively with
    surrounding spaces ignored; the key ``"*"`` is the default for any other value. Without
    a default, an unknown value is an error for ``status``/``type`` (row rejected, listed).
``flags``
    status from boolean columns: ``{won: IsWon, closed: IsClosed}`` (won → won, closed and
    not won → lost, otherwise open); ``{active: active}`` adds "inactive and not won → lost".
``constants``
    canonical column → a fixed value for every row.
``date_format``
    canonical column → strftime format (overrides detection), or one format for all dates.
``scale``
    canonical column → factor (e.g. ``probability: 0.01`` for 0–100 percentages).
``lookups``
    canonical column → ``{table: users, match: name, return: user_id}`` (resolve a name via
    another canonical table), or ``{file: leads.csv, key: "Lead ID", on: lead_id,
    column: "Created"}`` (take *column* from another file, joined on *key* = this row's
    canonical *on* column).
``where``
    ``{column: type, equals: opportunity}``: keep only matching rows; the others are
    counted as excluded with that reason (Odoo's ``crm.lead`` holds leads and deals).
"""

from __future__ import annotations

from typing import Any

__all__ = ["VENDOR_MAPPINGS", "STATUS_VALUES", "ACTIVITY_TYPE_VALUES", "DETECT_HEADERS"]

# status values seen across vendors and languages (case-insensitive)
STATUS_VALUES: dict[str, str] = {
    "open": "open", "won": "won", "lost": "lost",
    "closed won": "won", "closedwon": "won", "closed-won": "won", "closed lost": "lost",
    "closedlost": "lost", "closed-lost": "lost",
    "gewonnen": "won", "verloren": "lost", "gewonnen ": "won", "offen": "open", "vundet": "won",
    "tabt": "lost", "åben": "open", "aben": "open",
    "1": "won", "2": "lost", "0": "open",  # Dynamics statecode
    "in progress": "open", "active": "open",
}

ACTIVITY_TYPE_VALUES: dict[str, str] = {
    "call": "call", "calls": "call", "phone call": "call", "bellen": "call", "telefoon": "call",
    "anruf": "call", "opkald": "call", "phonecall": "call",
    "meeting": "meeting", "vergadering": "meeting", "afspraak": "meeting", "termin": "meeting",
    "besprechung": "meeting", "møde": "meeting", "appointment": "meeting", "event": "meeting",
    "email": "email", "e-mail": "email", "mail": "email",
    "visit": "visit", "bezoek": "visit", "besuch": "visit", "besøg": "visit",
    "demo": "demo", "presentation": "demo",
    "task": "task", "taak": "task", "aufgabe": "task", "opgave": "task", "to do": "task", "todo": "task",
    "other": "other", "overig": "other", "note": "other", "sonstiges": "other", "andet": "other",
    "*": "other",
}

_SF_OPP = {
    "columns": {
        "opportunity_id": ["Id", "Opportunity ID", "Opportunity Id"],
        "created_at": ["CreatedDate", "Created Date"],
        "stage": ["StageName", "Stage"],
        "amount": ["Amount"],
        "currency": ["CurrencyIsoCode", "Amount Currency", "Opportunity Currency"],
        "close_date": ["CloseDate", "Close Date"],
        "owner_id": ["OwnerId", "Owner ID"],
        "account_id": ["AccountId", "Account ID"],
        "probability": ["Probability", "Probability (%)"],
        "lead_source": ["LeadSource", "Lead Source"],
        "campaign_id": ["CampaignId", "Campaign ID", "Primary Campaign Source"],
        "forecast_category": ["ForecastCategoryName", "Forecast Category"],
        "product": ["Product__c", "Product Name"],
        "product_group": ["Product_Group__c", "Product Family", "Product Group"],
        "cost": ["Cost__c"],
        "quote_sent_at": ["Quote_Sent_Date__c"],
        "lead_id": ["Lead__c", "Converted Lead ID"],
        "region": ["Region__c", "Region"],
        "industry": ["Industry__c", "Industry"],
        "status": ["StageName", "Stage"],
    },
    "flags": {"won": ["IsWon", "Won"], "closed": ["IsClosed", "Closed"]},
    "values": {"status": {**STATUS_VALUES, "*": "open"}},
    "scale": {"probability": 0.01},
}

_SF_ACT = {
    "columns": {
        "activity_id": ["Id", "Activity ID"],
        "type": ["Type", "TaskSubtype", "EventSubtype", "Task Subtype"],
        "owner_id": ["OwnerId", "Assigned ID"],
        "account_id": ["AccountId", "Account ID"],
        "opportunity_id": ["WhatId", "Related To ID"],
        "lead_id": ["WhoId"],
        "created_at": ["CreatedDate", "Created Date"],
        "scheduled_at": ["StartDateTime", "ActivityDateTime", "ActivityDate", "Date", "Due Date"],
        "completed_at": ["CompletedDateTime"],
        "completed": ["Completed__c", "Status", "IsClosed"],
        "duration_min": ["DurationInMinutes"],
        "has_report": ["Visit_Report__c"],
    },
    "values": {"type": ACTIVITY_TYPE_VALUES},
    "derived": {"duration_min": {"from": "CallDurationInSeconds", "scale": 1 / 60}},
}

_SF_USERS = {"columns": {"user_id": ["Id", "User ID"], "name": ["Name", "Full Name"],
                         "team": ["Department"], "role": ["Title", "Role"], "region": ["Division"],
                         "manager_id": ["ManagerId"], "active": ["IsActive", "Active"],
                         "start_date": ["CreatedDate"]}}

_SF_ACC = {"columns": {"account_id": ["Id", "Account ID"], "name": ["Name", "Account Name"],
                       "industry": ["Industry"], "region": ["Region__c", "Region"],
                       "country": ["BillingCountry", "Billing Country"], "owner_id": ["OwnerId"],
                       "is_key_account": ["Key_Account__c"], "created_at": ["CreatedDate", "Created Date"]}}

_HS_OPP = {
    "columns": {
        "opportunity_id": ["Record ID", "Deal ID"], "created_at": ["Create Date", "Created Date"],
        "stage": ["Deal Stage"], "status": ["Deal Stage"], "amount": ["Amount"],
        "currency": ["Currency", "Deal currency code"],
        "close_date": ["Close Date"], "owner_id": ["Deal owner", "Deal Owner"],
        "account_id": ["Associated Company IDs (Primary)", "Associated Company ID", "Associated Company IDs"],
        "probability": ["Deal probability"], "lead_source": ["Original Source"],
        "product_group": ["Product group"], "product": ["Product"], "cost": ["Cost of goods"],
        "region": ["Region"], "industry": ["Industry"], "forecast_category": ["Forecast category"],
        "campaign_id": ["Campaign ID"], "lead_id": ["Lead ID"],
    },
    "values": {"status": {**STATUS_VALUES, "*": "open"}},
    "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"}},
}
_HS_ACC = {"columns": {"account_id": ["Record ID", "Company ID"], "name": ["Company name", "Name"],
                       "industry": ["Industry"], "country": ["Country/Region", "Country"],
                       "region": ["Region"], "owner_id": ["Company owner"],
                       "is_key_account": ["Key account"], "created_at": ["Create Date"]},
           "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"}}}
_HS_ACT = {"columns": {"activity_id": ["Record ID", "Activity ID"], "type": ["Title", "Activity type"],
                       "scheduled_at": ["Activity date"], "created_at": ["Created at", "Create Date"],
                       "completed": ["Completed"], "completed_at": ["Completed at"],
                       "owner_id": ["Activity assigned to"], "opportunity_id": ["Associated Deal IDs"],
                       "account_id": ["Associated Company IDs"], "lead_id": ["Associated Lead ID"],
                       "duration_min": ["Duration (minutes)"], "has_report": ["Visit report"]},
           "values": {"type": ACTIVITY_TYPE_VALUES},
           "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"}}}

_PD_OPP = {
    "columns": {
        "opportunity_id": ["Deal - ID"], "created_at": ["Deal - Deal created", "Deal - Add time"],
        "status": ["Deal - Status"], "stage": ["Deal - Stage"], "amount": ["Deal - Value"],
        "currency": ["Deal - Currency"],
        "close_date": ["Deal - Won time", "Deal - Lost time", "Deal - Close date",
                       "Deal - Expected close date"],
        "owner_id": ["Deal - Owner"], "account_id": ["Deal - Organization ID", "Deal - Organisation ID"],
        "probability": ["Deal - Probability"], "lead_source": ["Deal - Source"],
        "product_group": ["Deal - Productgroep", "Deal - Product group"],
        "product": ["Deal - Product"], "cost": ["Deal - Kostprijs", "Deal - Cost"],
        "region": ["Deal - Regio", "Deal - Region"], "industry": ["Deal - Branche", "Deal - Industry"],
        "lead_id": ["Deal - Lead ID"], "campaign_id": ["Deal - Campaign ID"],
    },
    "values": {"status": {**STATUS_VALUES, "deleted": "lost"}},
    "scale": {"probability": 0.01},
    "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"}},
}
_PD_ACT = {"columns": {"activity_id": ["Activity - ID"], "type": ["Activity - Type"],
                       "scheduled_at": ["Activity - Due date"],
                       "completed": ["Activity - Done"], "completed_at": ["Activity - Marked as done time"],
                       "created_at": ["Activity - Add time"], "owner_id": ["Activity - Assigned to user"],
                       "opportunity_id": ["Activity - Deal ID"],
                       "account_id": ["Activity - Organization ID", "Activity - Organisation ID"],
                       "lead_id": ["Activity - Lead ID"], "duration_min": ["Activity - Duration"],
                       "has_report": ["Activity - Bezoekverslag", "Activity - Visit report"]},
           "values": {"type": ACTIVITY_TYPE_VALUES},
           "combine_time": {"scheduled_at": "Activity - Due time"},
           "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"}}}
_PD_ACC = {"columns": {"account_id": ["Organisatie - ID", "Organization - ID"],
                       "name": ["Organisatie - Naam", "Organization - Name"],
                       "industry": ["Organisatie - Branche", "Organization - Industry"],
                       "country": ["Organisatie - Land", "Organization - Country"],
                       "region": ["Organisatie - Regio", "Organization - Region"],
                       "owner_id": ["Organisatie - Eigenaar", "Organization - Owner"],
                       "is_key_account": ["Organisatie - Key account", "Organization - Key account"],
                       "created_at": ["Organisatie - Aangemaakt", "Organization - Add time"]},
           "lookups": {"owner_id": {"table": "users", "match": "name", "return": "user_id"}}}

_DYN_OPP = {
    "columns": {
        "opportunity_id": ["opportunityid", "Opportunity"], "created_at": ["createdon", "Created On"],
        "status": ["statecode", "Status"], "stage": ["stepname", "salesstage", "Pipeline Phase"],
        "amount": ["actualvalue", "estimatedvalue", "Actual Revenue", "Est. Revenue"],
        "close_date": ["actualclosedate", "estimatedclosedate", "Actual Close Date", "Est. Close Date"],
        "owner_id": ["ownerid", "Owner"], "account_id": ["parentaccountid", "customerid", "Account"],
        "probability": ["closeprobability", "Probability"], "campaign_id": ["campaignid"],
        "lead_id": ["originatingleadid"],
    },
    "values": {"status": {**STATUS_VALUES}},
    "scale": {"probability": 0.01},
}
_ODOO_OPP = {
    "columns": {
        "opportunity_id": ["id", "ID"], "created_at": ["create_date", "Created on"],
        "stage": ["stage_id", "Stage"], "status": ["stage_id", "Stage"],
        "amount": ["expected_revenue", "Expected Revenue"],
        "close_date": ["date_closed", "Closed Date", "date_deadline", "Expected Closing"],
        "owner_id": ["user_id", "Salesperson"], "account_id": ["partner_id", "Customer"],
        "probability": ["probability", "Probability"], "campaign_id": ["campaign_id", "Campaign"],
        "lead_source": ["source_id", "Source"],
    },
    "flags": {"active": ["active", "Active"]},
    "values": {"status": {"won": "won", "gewonnen": "won", "*": "open"}},
    "scale": {"probability": 0.01},
    "where": {"column": ["type", "Type"], "equals": ["opportunity", "Opportunity"]},
}
_ZOHO_OPP = {
    "columns": {
        "opportunity_id": ["Record Id", "Deal Id"], "created_at": ["Created Time"],
        "stage": ["Stage"], "status": ["Stage"], "amount": ["Amount"],
        "close_date": ["Closing Date"], "owner_id": ["Deal Owner"],
        "account_id": ["Account Name.id", "Account Id", "Account Name"],
        "probability": ["Probability (%)", "Probability"], "lead_source": ["Lead Source"],
        "campaign_id": ["Campaign Source"],
    },
    "values": {"status": {**STATUS_VALUES, "*": "open"}},
    "scale": {"probability": 0.01},
}

VENDOR_MAPPINGS: dict[str, dict[str, dict[str, Any]]] = {
    "salesforce": {"opportunities": _SF_OPP, "activities": _SF_ACT, "users": _SF_USERS,
                   "accounts": _SF_ACC},
    "hubspot": {"opportunities": _HS_OPP, "activities": _HS_ACT, "accounts": _HS_ACC},
    "pipedrive": {"opportunities": _PD_OPP, "activities": _PD_ACT, "accounts": _PD_ACC},
    "dynamics": {"opportunities": _DYN_OPP},
    "odoo": {"opportunities": _ODOO_OPP},
    "zoho": {"opportunities": _ZOHO_OPP},
}

# headers that identify a vendor's opportunity export (case-insensitive, '*' stripped)
DETECT_HEADERS: dict[str, set[str]] = {
    "salesforce": {"stagename", "iswon", "isclosed", "closedate", "createddate", "ownerid",
                   "opportunity id", "opportunity name", "opportunity owner"},
    "hubspot": {"record id", "deal name", "deal stage", "create date", "deal owner", "pipeline"},
    "pipedrive": {"deal - id", "deal - title", "deal - value", "deal - status", "deal - won time"},
    "dynamics": {"opportunityid", "statecode", "statuscode", "estimatedvalue", "actualvalue",
                 "actualclosedate"},
    "odoo": {"expected_revenue", "date_closed", "date_deadline", "stage_id", "type", "create_date"},
    "zoho": {"record id", "deal name", "stage", "closing date", "deal owner", "created time"},
}
