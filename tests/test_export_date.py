"""The end of the data is the export's own date: its latest record modification.

A closed deal dated after it carries a planned date; the default report month is the last
complete month before it. Expected values are read off the rows written here.
"""

from __future__ import annotations

import pandas as pd
import yaml

from crmanalysis import kpis as K
from crmanalysis.io import load_client
from crmanalysis.notebook import open_client


def _sf(tmp_path, rows: list[str]):
    head = "Id,StageName,IsWon,IsClosed,Amount,CreatedDate,CloseDate,LastModifiedDate,OwnerId\n"
    (tmp_path / "Opportunity.csv").write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump({
        "client_id": "exp", "source": "salesforce", "timezone": "UTC",
        "files": {"opportunities": "Opportunity.csv"}}), encoding="utf-8")
    return tmp_path / "client.yml"


ROWS = [  # the export was taken on 2024-05-10 (latest LastModifiedDate)
    "O1,Closed Won,1,1,100,2024-01-05T10:00:00.000+0000,2024-03-20,2024-03-20T10:00:00.000+0000,U1",
    "O2,Closed Won,1,1,250,2024-02-05T10:00:00.000+0000,2024-04-02,2024-04-02T11:00:00.000+0000,U1",
    "O3,Closed Lost,0,1,80,2024-02-07T10:00:00.000+0000,2024-08-31,2024-05-10T09:00:00.000+0000,U2",
    "O4,Closed Won,1,1,999,2024-03-07T10:00:00.000+0000,2024-07-15,2024-05-01T09:00:00.000+0000,U2",
    "O5,Prospecting,0,0,500,2024-04-07T10:00:00.000+0000,2024-09-30,2024-04-08T09:00:00.000+0000,U2",
]


def test_closed_deals_dated_after_the_export_have_a_planned_date(tmp_path):
    data, rep = load_client(_sf(tmp_path, ROWS), cache=False)
    assert data.exported_at() == pd.Timestamp("2024-05-10 09:00")
    o = data.opportunities.set_index("opportunity_id")
    # O3 (lost) and O4 (won) close after 2024-05-10: no month can hold them; the open O5 keeps its plan
    assert o["close_date"].isna().tolist() == [False, False, True, True, False]
    found = next(i for i in rep.issues if "after the export was taken" in i["message"])
    assert found["count"] == 2 and "(1 won)" in found["message"]
    # the day in words, as every other date a client reads ("(2024-05-10)" read as a code)
    assert "(10 May 2024)" in found["message"]
    # revenue by month: March 100, April 250; nothing in July
    won = K.compute(data, ["new_revenue"], period="M").query("value > 0")
    assert dict(zip(won["period"].astype(str), won["value"], strict=True)) == {"2024-03": 100.0, "2024-04": 250.0}


def test_the_default_report_month_is_the_last_complete_month_before_the_export(tmp_path):
    client = open_client(_sf(tmp_path, ROWS))
    assert client.month == "2024-04"
    # the data end is the export's date, never a planned close date in August
    assert client.data.span()[1] <= pd.Timestamp("2024-05-10 09:00")


def test_without_modification_times_the_latest_event_decides(tmp_path):
    rows = [r.rsplit(",", 2)[0] + ",," + r.rsplit(",", 1)[1] for r in ROWS]     # LastModifiedDate emptied
    client = open_client(_sf(tmp_path, rows))
    assert client.data.exported_at() is None
    # nothing says when the export was taken: the lost O3's close on 2024-08-31 (the last day of its month)
    # is the latest event, so August is complete
    assert client.month == "2024-08"


def test_a_modification_column_older_than_the_records_is_not_used(tmp_path):
    rows = [",".join(r.split(",")[:7] + ["2020-01-01T00:00:00.000+0000"] + r.split(",")[8:]) for r in ROWS]
    data, rep = load_client(_sf(tmp_path, rows), cache=False)
    assert data.exported_at() is None
    assert any("not a modification time" in i["message"] for i in rep.issues)


def test_the_month_before_a_data_end_on_the_first_of_a_month_is_the_previous_month():
    from crmanalysis.notebook import report_month

    # spend data dated by month start ends on 1 June: May is the last complete month (was: April)
    assert report_month(pd.Timestamp("2023-06-01")) == "2023-05"
    assert report_month(pd.Timestamp("2023-06-30 18:00")) == "2023-06"      # the last day completes its month
    assert report_month(pd.Timestamp("2023-06-15")) == "2023-05"
    assert report_month(pd.Timestamp("2024-01-01")) == "2023-12"


def test_activities_whose_completion_is_not_said_are_dated_like_the_kpis_count_them():
    # an activity without a done flag, dated by 10 March, is counted as done by the activity KPIs; the data's span
    # must see it too (a call export whose outcomes were not read had calls counted but no dated event at all)
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    acts = pd.DataFrame({"activity_id": ["a1", "a2"], "type": ["call", "call"], "owner_id": ["u1", "u1"],
                         "completed": [pd.NA, pd.NA],
                         "scheduled_at": [pd.Timestamp("2024-03-01 10:00"), pd.Timestamp("2024-03-10 10:00")]})
    data = ClientData.from_frames(ClientConfig(client_id="c"), activities=acts)
    assert data.span() == (pd.Timestamp("2024-03-01 10:00"), pd.Timestamp("2024-03-10 10:00"))
    t = K.compute(data, ["calls"], period="M")
    assert t["value"].tolist() == [2]
