"""Each vendor's real export dialect, in the words its exports use (tests/fixtures/vendors covers the older ones).

Headers follow the vendors' exports as found in public code that reads them (Pipedrive pt-BR
"Negócio - Ganho em", Bitrix24 crm.deal.list, ServiceNow's incident list, Zendesk's CSV). The
expected values are read off the rows written here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from crmanalysis import kpis as K
from crmanalysis.analyses import headline, kinds
from crmanalysis.analyses.findings import service_findings
from crmanalysis.analyses.window import Window
from crmanalysis.i18n import render
from crmanalysis.io import load_client


def _client(tmp_path, files: dict[str, str], source: str, tables: dict[str, str], **cfg):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump(
        {"client_id": "dialect", "source": source, "files": tables, **cfg}, allow_unicode=True), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    assert rep.accounting()["reconciles"].all() and rep.totals()["rows_rejected"] == 0
    return data, rep


PIPEDRIVE_PT = (
    "Negócio - ID,Negócio - Título,Negócio - Valor,Negócio - Moeda de Valor,Negócio - Proprietário,Negócio - Status,"
    "Negócio - Etapa,Negócio - Negócio criado em,Negócio - Atualizado em,Negócio - Ganho em,Negócio - Data de perda,"
    "Negócio - Negócio fechado em,Negócio - Data de fechamento esperada\n"
    "1,Padaria,1.500,00,BRL,Rui Costa,Ganho,Negociação,2024-01-05 10:00:00,2024-02-20 16:00:00,2024-02-20 16:00:00,,"
    "2024-02-20 16:00:00,2024-03-31\n"
    "2,Porto Tech,800,BRL,Rui Costa,Perdido,Proposta,2024-01-12 09:00:00,2024-03-01 11:30:00,,2024-03-01 11:30:00,"
    "2024-03-01 11:30:00,2024-02-15\n"
    "3,Loja,2000,BRL,Ana Sousa,Aberto,Proposta,2024-02-01 09:00:00,2024-03-02 09:00:00,,,,2024-04-30\n")


def test_pipedrive_portuguese_dates_won_deals_by_their_won_time(tmp_path):
    # the amount of deal 1 is written "1.500,00" in a comma locale: quoted, as Pipedrive writes it
    text = PIPEDRIVE_PT.replace("1.500,00", '"1.500,00"')
    data, rep = _client(tmp_path, {"negocios.csv": text}, "pipedrive", {"opportunities": "negocios.csv"},
                        currency="BRL", locale={"decimal": ","})
    o = data.opportunities.set_index("opportunity_id")
    assert o["status"].tolist() == ["won", "lost", "open"]
    # won on 20 Feb (not its expected 31 Mar), lost on 1 Mar, the open deal keeps its expected date
    assert o["close_date"].tolist() == [pd.Timestamp(d) for d in ("2024-02-20", "2024-03-01", "2024-04-30")]
    assert o["amount"].tolist() == [1500.0, 800.0, 2000.0]
    assert data.exported_at() == pd.Timestamp("2024-03-02 09:00")
    rev = K.compute(data, ["new_revenue", "deals_won"], period="M").query("value > 0")
    assert rev.set_index(["kpi", rev["period"].astype(str)])["value"].to_dict() == {
        ("new_revenue", "2024-02"): 1500.0, ("deals_won", "2024-02"): 1.0}
    assert data.opportunities["owner_id"].tolist() == ["Rui Costa", "Rui Costa", "Ana Sousa"]   # by name


BITRIX = (
    "ID,STAGE_ID,ASSIGNED_BY_ID,OPPORTUNITY,BEGINDATE,CLOSEDATE,CLOSED,SOURCE_ID,TITLE,DATE_CREATE\n"
    "1,Сделка успешна,Петрова,1000.00,2021-05-01T03:00:00+03:00,2021-05-20T03:00:00+03:00,Y,WEB,A,"
    "2021-05-01T10:00:00+03:00\n"
    "2,C6:WON,Петрова,200.00,2021-05-02T03:00:00+03:00,2021-06-02T03:00:00+03:00,Y,WEB,B,2021-05-02T10:00:00+03:00\n"
    "3,Отложенные,Носов,0.00,2021-05-03T03:00:00+03:00,2021-06-03T03:00:00+03:00,Y,CALL,C,2021-05-03T10:00:00+03:00\n"
    "4,C2:LOSE,Носов,50.00,2021-05-04T03:00:00+03:00,2021-06-04T03:00:00+03:00,Y,CALL,D,2021-05-04T10:00:00+03:00\n"
    "5,C6:PREPARATION,Носов,70.00,2021-05-05T03:00:00+03:00,2021-07-05T03:00:00+03:00,N,WEB,E,"
    "2021-05-05T10:00:00+03:00\n"
    "6,Дозвониться,Носов,30.00,2021-05-06T03:00:00+03:00,,N,3,F,2021-05-06T10:00:00+03:00\n")


def test_bitrix24_closed_deals_are_won_by_their_stage_word_and_lost_otherwise(tmp_path):
    data, _ = _client(tmp_path, {"deals.csv": BITRIX}, "bitrix24", {"opportunities": "deals.csv"},
                      currency="RUB", timezone="Europe/Moscow")
    o = data.opportunities.set_index("opportunity_id")
    # 1 "Сделка успешна" and 2 "C6:WON" are won; 3 "Отложенные" (postponed) and 4 "C2:LOSE" are closed, not won;
    # 5 and 6 are open whatever their stage
    assert o["status"].tolist() == ["won", "won", "lost", "lost", "open", "open"]
    assert o["amount"].sum() == 1350.0 and o.loc["1", "close_date"] == pd.Timestamp("2021-05-20")
    # the portal's source ids in its own words ("WEB" read as a code on page 1); a portal's own id stays
    assert o["lead_source"].tolist() == ["Website", "Website", "Call", "Call", "Website", "3"]


SERVICENOW = (
    '"number","incident_state","opened_at","caller_id","sys_updated_on","assignment_group","calendar_duration"\n'
    '"INC001","Closed","2012-05-06 10:00:00","A (a1)","2012-05-08 10:00:00","Desk","172800"\n'
    '"INC002","Closed","2012-05-07 09:00:00","B (b1)","2012-05-07 12:00:00","Desk","10800"\n'
    '"INC003","Active","2012-05-09 09:00:00","C (c1)","2012-05-09 09:30:00","Desk","0"\n')


def test_servicenow_incidents_close_at_opening_plus_their_duration(tmp_path):
    data, rep = _client(tmp_path, {"incident.csv": SERVICENOW}, "servicenow", {"cases": "incident.csv"})
    c = data.cases.set_index("case_id")
    # INC001: 172,800 s = 48 h after opening; INC002: 3 h; INC003 is active (duration 0): still open
    assert c.loc["INC001", "closed_at"] == pd.Timestamp("2012-05-08 10:00")
    assert c.loc["INC002", "closed_at"] == pd.Timestamp("2012-05-07 12:00")
    assert pd.isna(c.loc["INC003", "closed_at"])
    t = K.compute(data, ["cases_closed", "time_to_resolution_hours"], period="M").set_index("kpi")["value"]
    assert t["cases_closed"] == 2 and t["time_to_resolution_hours"] == (48 + 3) / 2
    assert data.exported_at() == pd.Timestamp("2012-05-09 09:30")


ZENDESK = (
    "Id,Requester,Assignee,Group,Subject,Status,Priority,Via,Created at,Updated at,Solved at,Satisfaction Score,"
    "Full resolution time in minutes\n"
    "101,x,Kim,Support,a,Solved,Normal,Mail,2024-03-01 09:00,2024-03-01 17:00,2024-03-01 17:00,Good,480\n"
    "102,y,Kim,Support,b,Solved,High,Web,2024-03-02 09:00,2024-03-02 10:00,2024-03-02 10:00,Offered,60\n"
    "103,z,Lee,Support,c,Closed,Normal,Mail,2024-03-03 09:00,2024-03-05 09:00,2024-03-05 09:00,Bad,2880\n"
    "104,w,Lee,Support,d,Open,Normal,Mail,2024-03-04 09:00,2024-03-04 09:00,,Unoffered,\n")


def test_zendesk_tickets_keep_their_unanswered_surveys(tmp_path):
    data, rep = _client(tmp_path, {"tickets.csv": ZENDESK}, "zendesk", {"cases": "tickets.csv"})
    c = data.cases.set_index("case_id")
    assert len(c) == 4
    # Good = 5, Bad = 1; "Offered" and "Unoffered" are surveys without an answer
    assert c["csat"].tolist()[0] == 5 and c["csat"].tolist()[2] == 1 and c["csat"].isna().sum() == 2
    # a survey nobody answered is no fault of the export: an info note, no warning that would reach page 1
    said = rep.issues_frame().query("column.str.endswith('(csat)')")
    assert said["severity"].tolist() == ["info", "info"] and said["count"].tolist() == [2, 2]
    assert "sent but not answered ('Offered', 'Unoffered')" in said["message"].iloc[1]
    # Good / Bad only: page 1 says the share of good answers (1 of the 2 rated = 50 %), not a mean of 3.0 "of 5"
    cards = kinds.page_one_kpis(data, None)
    assert "csat_satisfied_share" in cards and "csat_mean" not in cards
    s = K.compute(data, ["csat_satisfied_share"], period="M").set_index("kpi")["value"]
    assert s["csat_satisfied_share"] == pytest.approx(0.5)
    assert sorted(data.users["name"]) == ["Kim", "Lee"]                     # agents named in the tickets
    t = K.compute(data, ["cases_closed", "csat_mean"], period="M").set_index("kpi")["value"]
    assert t["cases_closed"] == 3 and t["csat_mean"] == pytest.approx(3.0)   # (5 + 1) / 2


ZOHO = ("Record Id,Deal Owner.id,Deal Owner,Deal Name,Amount,Stage,Closing Date,Created Time,Modified Time\n"
        "zcrm_1,zcrm_u1,Ann Berg,A,1000,Closed Won,2024-02-01,2024-01-05 10:00:00,2024-02-01 10:00:00\n"
        "zcrm_2,zcrm_u2,Bo Lind,B,500,Negotiation/Review,2024-04-01,2024-01-06 10:00:00,2024-02-02 10:00:00\n")


def test_zoho_owner_names_beside_their_ids_become_users(tmp_path):
    data, rep = _client(tmp_path, {"Deals_001.csv": ZOHO}, "zoho", {"opportunities": "Deals_001.csv"})
    assert data.opportunities["owner_id"].tolist() == ["zcrm_u1", "zcrm_u2"]
    assert data.users.set_index("user_id")["name"].to_dict() == {"zcrm_u1": "Ann Berg", "zcrm_u2": "Bo Lind"}
    assert "owner_name" not in data.opportunities            # names travel only in users (--anonymize)
    assert data.exported_at() == pd.Timestamp("2024-02-02 10:00")


@pytest.mark.parametrize("written,expected", [
    ("15 Apr, 2021 00:02:00", "2021-04-15 00:02:00"),      # Zoho's UI export
    ("Apr 15, 2021", "2021-04-15"),
    ("Apr 15, 2021 12:02 AM", "2021-04-15 00:02:00"),
    ("15.04.2021 14:02", "2021-04-15 14:02:00"),           # German UI exports
    ("15. März 2021", "2021-03-15"),
    ("15 de abril de 2021", "2021-04-15"),
    ("3 déc. 2020 10:15 PM", "2020-12-03 22:15:00"),
    ("15-Apr-2021 02:02 PM", "2021-04-15 14:02:00"),
])
def test_the_date_formats_vendors_write_in_their_ui(written, expected):
    from crmanalysis.io.readers import parse_dates

    # a column of such dates (the day varies, so the layout is clear); the first value is the one checked
    col = pd.Series([written, written.replace("15", "16", 1)], dtype="string")
    vals, bad, _, _ = parse_dates(col)
    assert not bad.any() and vals.iloc[0] == pd.Timestamp(expected)


ODOO_FR = ("Opportunité,Client,Commercial,Étape,Revenu espéré,Probabilité,Créé le,Date de fermeture prévue,"
           "Date de clôture,Dernière mise à jour le\n"
           "Chaises,Dupont SA,Marie Curie,Gagné,12000,100,2024-01-05 10:00:00,2024-02-15,2024-02-10 09:00:00,"
           "2024-02-10 09:00:00\n"
           "Tables,Martin SARL,Paul Roux,Proposition,8000,40,2024-01-08 09:30:00,2024-03-01,,2024-02-01 09:00:00\n")


def test_an_odoo_list_view_in_french_without_ids_numbers_its_rows(tmp_path):
    data, rep = _client(tmp_path, {"Pipeline (crm.lead).csv": ODOO_FR}, "odoo",
                        {"opportunities": "Pipeline (crm.lead).csv"})
    o = data.opportunities.set_index("opportunity_id")
    assert o.index.tolist() == ["Pipeline (crm.lead).csv#2", "Pipeline (crm.lead).csv#3"]
    # won on its closing date (10 Feb), not its planned one (15 Feb); the open deal keeps its plan
    assert o["status"].tolist() == ["won", "open"]
    assert o["close_date"].tolist() == [pd.Timestamp("2024-02-10"), pd.Timestamp("2024-03-01")]
    assert any("no id column" in i["message"] for i in rep.issues)


FRESHDESK = (
    "Ticket ID,Subject,Status,Priority,Source,Type,Agent,Group,Created time,Resolved time,Survey results\n"
    "1,a,Closed,Low,Email,Question,Sanne,Tier 1,2024-03-01 09:00:00,2024-03-01 17:00:00,Extremely Happy\n"
    "2,b,Resolved,High,Portal,Incident,Sanne,Tier 1,2024-03-02 09:00:00,2024-03-02 10:00:00,Happy\n"
    "3,c,Closed,Low,Email,Question,Tom,Tier 2,2024-03-03 09:00:00,2024-03-04 09:00:00,Neutral\n"
    "4,d,Closed,Low,Phone,Problem,Tom,Tier 2,2024-03-04 09:00:00,2024-03-04 12:00:00,extremely unhappy\n"
    "5,e,Open,Urgent,Chat,Question,Tom,Tier 2,2024-03-05 09:00:00,,\n"
    "6,f,Closed,Low,Email,Question,Sanne,Tier 1,2024-03-06 09:00:00,2024-03-06 10:00:00,Unhappy\n")


def test_freshdesk_satisfaction_written_in_words_is_read_as_scores(tmp_path):
    data, rep = _client(tmp_path, {"tickets.csv": FRESHDESK}, "freshdesk", {"cases": "tickets.csv"})
    c = data.cases.set_index("case_id")["csat"]
    # Freshdesk's five-point survey, worst first: Extremely unhappy 1, Unhappy 2, Neutral 3, Happy 4, Extremely happy 5
    assert c.tolist()[:4] == [5, 4, 3, 1] and pd.isna(c.tolist()[4]) and c.tolist()[5] == 2
    t = K.compute(data, ["csat_mean", "csat_satisfied_share"], period="M").set_index("kpi")["value"]
    assert t["csat_mean"] == pytest.approx(3.0)                 # (5 + 4 + 3 + 1 + 2) / 5
    assert t["csat_satisfied_share"] == pytest.approx(2 / 5)    # Extremely happy and Happy of 5 rated
    notes = rep.issues_frame()
    said = notes[notes["message"].str.contains("Extremely Happy")]
    assert len(said) == 1 and "'Extremely Happy' = 5" in said["message"].iloc[0]
    assert not (notes["severity"] == "warning").any()           # no "not numbers" warning for words it read


@pytest.mark.parametrize("words,scores", [
    (["Happy", "Neutral", "Unhappy"], [5, 3, 1]),                      # a three-point survey
    (["Awesome", "Just Okay", "Not Good"], [5, 3, 1]),                 # Freshdesk's classic survey
    (["Zeer tevreden", "Tevreden", "Ontevreden"], [5, 4, 2]),          # a Dutch five-point survey
    (["5 - Very satisfied", "4 - Satisfied", "1 - Very dissatisfied"], [5, 4, 1]),   # the score written first
    (["Great", "Okay", "Not Good"], [5, 3, 1]),                        # Help Scout's happiness ratings
    (["Amazing", "OK", "Bad", "Terrible"], [5, 3, 2, 1]),              # Intercom's five faces
])
def test_satisfaction_words_of_common_surveys(tmp_path, words, scores):
    rows = "".join(f"{i},a,Closed,Low,Email,Question,Sanne,Tier 1,2024-03-0{i} 09:00:00,2024-03-0{i} 17:00:00,{w}\n"
                   for i, w in enumerate(words, start=1))
    data, _ = _client(tmp_path, {"tickets.csv": FRESHDESK.splitlines(keepends=True)[0] + rows},
                      "freshdesk", {"cases": "tickets.csv"})
    assert data.cases["csat"].tolist() == scores


def test_satisfaction_words_of_no_known_survey_stay_a_warning(tmp_path):
    # "Great" belongs to no scale with "Unhappy": no guess; the cells are left empty with the usual warning
    rows = ("1,a,Closed,Low,Email,Question,Sanne,Tier 1,2024-03-01 09:00:00,2024-03-01 17:00:00,Great\n"
            "2,a,Closed,Low,Email,Question,Sanne,Tier 1,2024-03-02 09:00:00,2024-03-02 17:00:00,Unhappy\n")
    (tmp_path / "tickets.csv").write_text(FRESHDESK.splitlines(keepends=True)[0] + rows, encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump(
        {"client_id": "dialect", "source": "freshdesk", "files": {"cases": "tickets.csv"}}), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    assert data.cases["csat"].isna().all() and len(data.cases) == 2
    warned = rep.issues_frame()
    assert warned["message"].str.contains("not numbers").any()


HUBSPOT_CONTACTS = (
    "Record ID,First Name,Lifecycle Stage,Lead Status,Contact owner,Create Date,Original Source,"
    "Became a Customer Date\n"
    "1,A,Customer,Connected,Sara Lind,2024-03-01 09:00,Organic Search,2024-03-20 10:00\n"
    "2,B,Lead,New,Sara Lind,2024-03-02 09:00,Paid Search,\n"
    "3,C,Opportunity,In progress,Ole Berg,2024-03-05 09:00,Organic Search,\n"
    "4,D,Subscriber,,Ole Berg,2024-03-07 09:00,Direct Traffic,\n"
    "5,E,Marketing Qualified Lead,Open,,2024-03-09 09:00,Referrals,\n")


def test_hubspot_contacts_convert_by_their_lifecycle_stage(tmp_path):
    data, _ = _client(tmp_path, {"hubspot-crm-exports-all-contacts.csv": HUBSPOT_CONTACTS}, "hubspot",
                      {"leads": "hubspot-crm-exports-all-contacts.csv"})
    # an Opportunity or a Customer has converted: contacts 1 and 3 of the 5 created in March 2024
    assert data.leads.set_index("lead_id")["converted"].to_dict() == {"1": True, "2": False, "3": True, "4": False,
                                                                       "5": False}
    t = K.compute(data, ["lead_conversion_rate", "new_leads"], period="M").set_index("kpi")["value"]
    assert t["new_leads"] == 5 and t["lead_conversion_rate"] == pytest.approx(2 / 5)


def test_leads_without_any_conversion_have_no_conversion_rate_not_zero(tmp_path):
    # a contact list with neither a lifecycle stage nor a conversion date: its conversion is unknown, not 0 %
    text = ("Record ID,First Name,Lead Status,Contact owner,Create Date,Original Source\n"
            "1,A,Connected,Sara Lind,2024-03-01 09:00,Organic Search\n"
            "2,B,New,Ole Berg,2024-03-02 09:00,Paid Search\n")
    data, _ = _client(tmp_path, {"contacts.csv": text}, "hubspot", {"leads": "contacts.csv"})
    t = K.compute(data, ["lead_conversion_rate"], period="M")
    assert t["value"].isna().all() and "needs" in str(t["note"].iloc[0])


STRIPE = ("id,Customer ID,Plan,Interval,Amount,Currency,Status,Start (UTC),Ended At (UTC)\n"
          "sub_1,cus_1,Pro,month,79,usd,active,2024-01-05 10:00,\n"
          "sub_2,cus_2,Pro,year,790,usd,active,2024-01-10 10:00,\n"
          "sub_3,cus_3,Basic,month,29,usd,canceled,2024-01-12 10:00,2024-02-20 10:00\n"
          "sub_4,cus_4,Team,fortnight,199,usd,active,2024-01-15 10:00,\n"
          + "".join(f"sub_{i},cus_{i},Basic,month,10,usd,active,2024-01-20 10:00,\n" for i in range(5, 12)))


def test_a_subscriptions_price_per_interval_is_its_monthly_amount(tmp_path):
    (tmp_path / "subscriptions.csv").write_text(STRIPE, encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump(
        {"client_id": "saas", "source": "custom", "currency": "USD", "files": {"contracts": "subscriptions.csv"},
         "mapping": {"contracts": {"columns": {"account_id": "Customer ID", "start_date": "Start (UTC)",
                                               "end_date": "Ended At (UTC)"},
                                   "derived": {"mrr": {"from": "Amount", "per": "Interval"}}}}}), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    # by hand: 79 a month; 790 a year is 65.83 a month; 29 a month; a fortnight is no interval the lists know
    assert data.contracts["mrr"].round(2).tolist()[:3] == [79.0, 65.83, 29.0]
    assert pd.isna(data.contracts["mrr"].iloc[3]) and len(data.contracts) == 11
    assert "fortnight" in " ".join(i["message"] for i in rep.issues)
    # the end of January: all 11 active, sub_4's MRR unknown (1 of 11, within the 10 % a month's MRR may lack);
    # MRR 79 + 65.83 + 29 + 7 × 10
    t = K.compute(data, ["mrr"], period="M", end="2024-01-31").set_index("period")["value"]
    assert t.iloc[-1] == pytest.approx(79 + 790 / 12 + 29 + 70)


@pytest.mark.parametrize("good,middle,bad", [("Good", "Good", "Bad"),           # Zendesk's two answers
                                             ("Great", "Okay", "Not Good")])    # Help Scout's three
def test_a_word_surveys_poor_ratings_are_its_bad_answers(tmp_path, good, middle, bad):
    # 40 tickets solved in March 2024: 24 rated good, 6 middle, 6 bad, 4 offered without an answer
    head = "Id,Assignee,Status,Created at,Solved at,Satisfaction Score\n"
    scores = [good] * 24 + [middle] * 6 + [bad] * 6 + ["Offered"] * 4
    rows = "".join(f"{i},Kim,Solved,2024-03-{1 + i % 20:02d} 09:00,2024-03-{1 + i % 20:02d} 15:00,{s}\n"
                   for i, s in enumerate(scores))
    data, _ = _client(tmp_path, {"tickets.csv": head + rows}, "zendesk", {"cases": "tickets.csv"})
    said = [n for n in service_findings(data, window=Window.of(data, "2024-03")) if "ratings" in n.key]
    # by hand: 6 bad of the 36 rated = 16.7 %; a survey of words has no "1 or 2"
    assert [(n.key, n.params["n"], n.params["rated"]) for n in said] == [("finding.bad_ratings", 6, 36)]


CHARGEBEE = (
    "subscriptions.id,customers.id,subscriptions.status,subscriptions.started_at,subscriptions.cancelled_at,"
    "subscriptions.mrr\n"
    "s1,c1,active,2024-01-10 10:00:00,,100\n"
    "s2,c2,active,2024-01-12 10:00:00,,50\n"
    "s3,c3,cancelled,2024-01-15 10:00:00,2024-03-20 10:00:00,0\n"
    "s4,c4,active,2024-02-01 10:00:00,,20\n"
    "s5,c5,active,2024-02-03 10:00:00,,30\n"
    "s6,c6,active,2024-02-05 10:00:00,,40\n"
    "s7,c7,active,2024-02-07 10:00:00,,60\n"
    "s8,c8,active,2024-02-08 10:00:00,,70\n"
    "s9,c9,active,2024-02-09 10:00:00,,80\n"
    "s10,c10,active,2024-02-10 10:00:00,,90\n"
    "s11,c11,active,2024-02-11 10:00:00,,10\n")


def _chargebee(tmp_path):
    return _client(tmp_path, {"Subscriptions.csv": CHARGEBEE}, "custom", {"contracts": "Subscriptions.csv"},
                   mapping={"contracts": {"columns": {
                       "contract_id": "subscriptions.id", "account_id": "customers.id",
                       "start_date": "subscriptions.started_at", "end_date": "subscriptions.cancelled_at",
                       "mrr": "subscriptions.mrr"}}})


def test_a_billing_tools_cancelled_subscriptions_at_an_mrr_of_0_are_not_counted_at_0(tmp_path):
    # Chargebee gives today's MRR: a cancelled subscription reads 0, though it paid while it ran
    data, rep = _chargebee(tmp_path)
    said = [i for i in rep.issues if i["canonical"] == "mrr"]
    assert [(i["severity"], i["count"]) for i in said] == [("warning", 1)]
    assert "1 ended subscription has an MRR of 0 (the export gives today's MRR" in said[0]["message"]
    assert len(data.contracts) == 11 and pd.isna(data.contracts.set_index("contract_id").loc["s3", "mrr"])
    m = K.compute(data, ["mrr"], period="M").set_index("period")["value"]
    # by hand: end of January s1, s2 and s3 run, s3 without an MRR: 1 of 3 unknown, more than 10 %: no MRR;
    # end of February 11 run, s3 unknown (1 of 11 = 9.1 %): 100 + 50 + 20 + 30 + 40 + 60 + 70 + 80 + 90 + 10 = 550
    assert pd.isna(m["2024-01"]) and m["2024-02"] == 550
    cards = headline.cards(data, "2024-02").set_index("kpi")
    assert cards.loc["mrr", "value"] == 550 and cards.loc["mrr", "unpriced"] == 1
    # a baseline over January alone has a month with records and no MRR: said as what it lacks, not as "0 of 1
    # periods", which the baseline table leaves out without a word
    from crmanalysis.analyses import baseline as B
    base = B.baseline(data, [B.BaselineSpec("mrr", "M", ((),), 1)], baseline_date="2024-02-01")
    assert [(k, lv) for k, lv, _ in B.missing_starters(base)] == [("mrr", "company")]
    assert "in each of its 1 month too much of it is unknown" in render(base["flag"].iloc[0], "en")


def _custom_deals(tmp_path, text: str, columns: dict[str, str], status: dict[str, str]):
    """A deals CSV of no known CRM, read with *columns* and the *status* words given."""
    return _client(tmp_path, {"deals.csv": text}, "custom", {"opportunities": "deals.csv"},
                   mapping={"opportunities": {"columns": columns, "values": {"status": status}}})


def test_deals_without_creation_dates_have_no_open_pipeline_rather_than_none(tmp_path):
    text = ("Name,Owner,Status,Deal Value,Close Date\nD1,Dana,Won,800,2025-03-02\nD2,Omer,Working on it,1200,\n"
            "D3,Liat,Lost,300,2025-03-11\n")
    data, _ = _custom_deals(tmp_path, text, {"opportunity_id": "Name", "owner_id": "Owner", "status": "Status",
                                             "amount": "Deal Value", "close_date": "Close Date"},
                            {"Won": "won", "Lost": "lost", "*": "open"})
    t = K.compute(data, ["open_pipeline_value", "deals_won"], period="M").set_index(["kpi", "period"])["value"]
    # by hand: one deal won in March 2025; D2's 1,200 is open now, but when it opened the export does not say
    assert t[("deals_won", "2025-03")] == 1
    assert t.loc["open_pipeline_value"].isna().all()


def test_the_target_sentence_names_only_the_card_kpis_that_have_a_target(tmp_path):
    from types import SimpleNamespace

    from crmanalysis.notebook import _start_sentence

    data, _ = _chargebee(tmp_path)
    # the MRR of the baseline months was unknown (too many subscriptions without one): no target, and the sentence
    # "Levels (MRR) start from where they stood" would speak of a target page 1 does not show
    monthly = pd.DataFrame({"kpi": ["mrr", "retention_rate"], "level": ["company"] * 2, "target": [np.nan, 0.97]})
    said = _start_sentence(SimpleNamespace(data=data, lang="en"), monthly, pd.Timestamp("2024-02-29"))
    assert "Levels" not in said and "Rates and averages (Retention rate)" in said


def test_deals_none_of_which_is_won_or_lost_have_no_revenue_rather_than_none(tmp_path):
    from crmanalysis.analyses.headline import headline, headline_checks

    text = ("Id,Stage,Amount,Created,Closed\n1,Signed,1000,2025-03-01,2025-03-20\n2,Dead,500,2025-03-02,2025-03-21\n"
            "3,Quote sent,700,2025-03-03,\n")
    data, rep = _custom_deals(tmp_path, text, {"opportunity_id": "Id", "stage": "Stage", "status": "Stage",
                                               "amount": "Amount", "created_at": "Created", "close_date": "Closed"},
                              {"*": "open"})
    t = K.compute(data, ["deals_won", "new_revenue", "win_rate"], period="M")
    # every stage reads as open: the month's revenue is unknown, not EUR 0; the note says why
    assert t["value"].isna().all() and "none of the 3 deals is won or lost" in str(t["note"].iloc[0])
    checks = headline_checks(data, headline(data, "2025-03"))
    assert [c.key for c in checks] == ["check.none_decided"]
    assert any(i["severity"] == "error" and "none of the 3 deals is won or lost" in i["message"] for i in rep.issues)
