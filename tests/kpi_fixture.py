"""A hand-made client small enough to compute every KPI by hand (see test_kpis_by_hand.py)."""

import pandas as pd

from crmanalysis.config import ClientConfig
from crmanalysis.data import ClientData

T = pd.Timestamp
NaT = pd.NaT
AS_OF = T("2024-03-31")


def mini() -> ClientData:
    cfg = ClientConfig(client_id="mini", lead_definitions={"marketing_sources": ["Webinar"],
                                                           "sales_sources": ["Referral"]})
    users = pd.DataFrame({
        "user_id": ["U1", "U2", "U3", "A1", "A2"], "name": ["Ann", "Bob", "Cas", "Dee", "Eve"],
        "team": ["Team A", "Team A", "Team B", "Service", "Service"],
        "role": ["sales_rep"] * 3 + ["agent"] * 2, "region": ["North", "North", "South", None, None]})
    accounts = pd.DataFrame({
        "account_id": ["C1", "C2", "C3", "C4"], "name": ["Acme", "Beta", "Core", "Delta"],
        "industry": ["Retail", "Retail", "Industrial", "Industrial"],
        "region": ["North", "North", "South", "South"], "owner_id": ["U1", "U1", "U2", "U3"],
        "is_key_account": [True, False, True, True]})
    opps = pd.DataFrame([
        # id   created          status  amount  close            owner prob  cost   account lead
        ("O1", T("2024-01-05"), "won", 1000.0, T("2024-01-20"), "U1", 1.0, 600.0, "C1", None),
        ("O2", T("2024-01-10"), "lost", 500.0, T("2024-01-25"), "U1", 0.0, None, "C2", None),
        ("O3", T("2024-01-15"), "won", 3000.0, T("2024-02-10"), "U2", 1.0, 2000.0, "C1", "L1"),
        ("O4", T("2024-02-01"), "open", 2000.0, T("2024-03-31"), "U2", 0.5, None, "C3", None),
        ("O5", T("2024-02-03"), "lost", None, T("2024-02-20"), "U3", 0.0, None, "C3", None),
        ("O6", T("2024-02-05"), "won", None, T("2024-02-25"), "U3", 1.0, None, "C4", None),
        ("O7", T("2024-02-10"), "open", 4000.0, T("2024-04-15"), "U3", 0.25, None, "C4", None),
        ("O8", T("2024-03-01"), "won", 2000.0, T("2024-03-15"), "U1", 1.0, None, "C2", None),
    ], columns=["opportunity_id", "created_at", "status", "amount", "close_date", "owner_id", "probability",
                "cost", "account_id", "lead_id"])
    acts = pd.DataFrame([
        # id  type      owner  completed  scheduled          completed_at       has_report account
        ("T1", "call", "U1", True, T("2024-01-03 10:00"), T("2024-01-03 10:00"), None, "C1"),
        ("T2", "call", "U1", True, T("2024-01-04 10:00"), T("2024-01-04 10:00"), None, "C2"),
        ("T3", "meeting", "U1", True, T("2024-01-10 10:00"), T("2024-01-10 11:00"), True, "C1"),
        ("T4", "visit", "U2", True, T("2024-02-02 10:00"), T("2024-02-02 12:00"), False, "C2"),
        ("T5", "email", "U2", True, T("2024-02-03 10:00"), T("2024-02-03 10:00"), None, "C3"),
        ("T6", "meeting", "U3", False, T("2024-04-05 10:00"), NaT, None, "C4"),
        ("T7", "meeting", "U3", False, T("2024-04-20 10:00"), NaT, None, "C4"),
        ("T8", "visit", "U3", True, T("2024-03-05 10:00"), T("2024-03-05 12:00"), True, "C4"),
        ("T9", "call", "U3", None, T("2024-03-10 10:00"), NaT, None, "C3"),
    ], columns=["activity_id", "type", "owner_id", "completed", "scheduled_at", "completed_at", "has_report",
                "account_id"])
    acts["created_at"] = acts["scheduled_at"]
    cases = pd.DataFrame([
        ("K1", T("2024-01-02 09:00"), "A1", T("2024-01-02 17:00"), 5.0, T("2024-01-02 10:00")),
        ("K2", T("2024-01-03 09:00"), "A1", T("2024-01-05 09:00"), 3.0, T("2024-01-03 13:00")),
        ("K3", T("2024-01-10 08:00"), "A2", T("2024-01-10 10:00"), None, T("2024-01-10 08:30")),
    ], columns=["case_id", "opened_at", "agent_id", "closed_at", "csat", "first_response_at"])
    leads = pd.DataFrame([
        ("L1", T("2024-01-02"), "Webinar", "U1", T("2024-01-05"), T("2024-01-20"), T("2024-01-25"), "O3"),
        ("L2", T("2024-01-03"), "Referral", "U2", NaT, NaT, NaT, None),
        ("L3", T("2024-01-10"), "Webinar", "U1", T("2024-01-12"), NaT, NaT, None),
        ("L4", T("2024-03-25"), "Webinar", "U3", T("2024-03-26"), NaT, NaT, None),
    ], columns=["lead_id", "created_at", "source", "owner_id", "mql_at", "sql_at", "converted_at",
                "converted_opportunity_id"])
    spend = pd.DataFrame({"month": [T("2024-01-01"), T("2024-03-01")], "amount": [300.0, 100.0],
                          "channel": ["Webinar", "Webinar"]})
    touch = pd.DataFrame({"lead_id": ["L1", "L1"], "touched_at": [T("2024-01-03"), T("2024-01-08")],
                          "campaign_id": ["CA", "CB"], "kind": ["view", "click"]})
    contracts = pd.DataFrame({"account_id": ["C1", "C2", "C3"],
                              "start_date": [T("2023-06-01"), T("2023-09-01"), T("2024-01-15")],
                              "end_date": [NaT, T("2024-02-15"), NaT], "mrr": [100.0, 50.0, 70.0]})
    quotes = pd.DataFrame({"quote_id": ["Q1", "Q2"], "opportunity_id": ["O1", "O2"],
                           "sent_at": [T("2024-01-08"), T("2024-01-12")], "status": ["accepted", "rejected"],
                           "decided_at": [T("2024-01-18"), T("2024-01-24")]})
    return ClientData.from_frames(cfg, users=users, accounts=accounts, opportunities=opps, activities=acts,
                                  cases=cases, leads=leads, marketing_spend=spend, touchpoints=touch,
                                  contracts=contracts, quotes=quotes)
