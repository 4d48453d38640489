"""One window per client: the report month, the months looked back, the end of the data, the baseline's cut-off."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from crmanalysis.analyses.window import Window, measured_until, report_month
from crmanalysis.config import ClientConfig
from crmanalysis.data import ClientData

T = pd.Timestamp


def _deals(*closes: str) -> ClientData:
    n = len(closes)
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(n)], "status": ["won"] * n,
                         "amount": [100.0] * n, "created_at": pd.to_datetime(list(closes), format="mixed"),
                         "close_date": pd.to_datetime(list(closes), format="mixed")})
    return ClientData.from_frames(ClientConfig(client_id="w"), opportunities=opps)


def test_the_defaults_are_decided_once():
    data = _deals("2024-01-10", "2024-03-14 10:00")
    w = Window.of(data)
    # the data ends on 14 March: March is not complete, so the report month is February
    assert (w.month, w.months, w.end_of_data) == ("2024-02", 12, T("2024-03-14 10:00"))
    assert w.start == T("2023-03-01") and w.end == T("2024-02-29 23:59:59.999999999")
    assert w.as_of == w.end                                 # the month is over before the data ends
    assert w.baseline_cutoff == T("2024-01-31 23:59:59.999999999")  # the baseline: the months before February
    # March asked for: measured at the data's end within it, and the plan's baseline month sets the cut-off
    m = Window.of(data, "2024-03", months=6, baseline_month="2023-12")
    assert m.as_of == T("2024-03-14 10:00") and m.start == T("2023-10-01")
    assert m.baseline_cutoff == T("2023-11-30 23:59:59.999999999")
    # a month after the data: nothing in it is known; measured at its end, not at an instant before it starts
    assert Window.of(data, "2024-05").as_of == T("2024-05-31 23:59:59.999999999")


def test_the_data_is_known_until_the_export_was_taken():
    # a call log taken at the end of 31 October whose last call was on the 30th: October is complete, measured at
    # its end (its charts left the report month out as unfinished); an export date weeks after the last event
    # (a record touched long after) leaves the data's end at its last event
    data = _deals("2024-01-10", "2024-03-30 17:44")
    taken = data.opportunities.assign(modified_at=T("2024-03-31 23:59:59"))
    w = Window.of(ClientData.from_frames(ClientConfig(client_id="w"), opportunities=taken))
    assert (w.month, w.end_of_data, w.complete) == ("2024-03", T("2024-03-31 23:59:59"), True)
    late = data.opportunities.assign(modified_at=T("2024-05-02 09:00"))
    w = Window.of(ClientData.from_frames(ClientConfig(client_id="w"), opportunities=late), "2024-03")
    assert w.end_of_data == T("2024-03-30 17:44") and not w.complete


def test_a_window_is_a_value():
    w = Window.of(_deals("2024-01-10", "2024-03-31 18:00"))
    assert w.month == "2024-03"                             # the data's last day completes March
    assert w.back(3) == dataclasses.replace(w, months=3) and w.back(3).start == T("2024-01-01") and w.months == 12
    with pytest.raises(dataclasses.FrozenInstanceError):
        w.month = "2024-04"
    u = Window.until("2024-12-31 23:59", months=24)
    assert (u.month, u.as_of, u.start) == ("2024-12", T("2024-12-31 23:59"), T("2023-01-01"))
    assert measured_until(_deals("2024-01-10"), None) == T("2024-01-10") and measured_until(None, u) == u.as_of
    assert report_month(T("2024-06-30 18:00")) == "2024-06" and report_month(T("2024-06-27")) == "2024-05"
    # Friday 28 June 2024: only the weekend of the 29th and 30th follows it, and June is complete
    assert report_month(T("2024-06-28 17:00")) == "2024-06"


def test_every_analysis_takes_the_window_not_a_loose_as_of():
    # the month, the months back and the instant travel together: no public analysis takes as_of
    import inspect

    from crmanalysis import analyses
    from crmanalysis.analyses import activity, baseline, findings, plan, roi, scorecard, targets

    assert analyses
    loose = [f"{m.__name__}.{name}" for m in (activity, baseline, findings, plan, roi, scorecard, targets)
             for name, fn in inspect.getmembers(m, inspect.isfunction)
             if fn.__module__ == m.__name__ and not name.startswith("_")
             and "as_of" in inspect.signature(fn).parameters]
    assert loose == []


def test_the_old_keywords_still_work_for_a_release_and_say_what_replaces_them():
    from kpi_fixture import mini

    from crmanalysis.analyses import activity as A
    from crmanalysis.analyses import roi as R

    new = A.efficiency(mini(), window=Window.until("2024-03-31", months=3))
    with pytest.warns(DeprecationWarning, match=r"efficiency\(month=, months=, as_of=\) now takes window="):
        old = A.efficiency(mini(), month="2024-03", months=3, as_of="2024-03-31")
    pd.testing.assert_frame_equal(old, new)
    with pytest.warns(DeprecationWarning):
        s, _, _ = R.gain_series(mini(), as_of="2024-03-31")
    assert s.equals(R.gain_series(mini(), window=Window.until("2024-03-31"))[0])
    with pytest.raises(TypeError, match="not both"):
        A.efficiency(mini(), window=Window.until("2024-03-31"), month="2024-03")


def test_an_export_whose_activity_stopped_long_before_it_was_taken_is_reported_for_its_last_busy_month():
    # Duke's ServiceNow sample: 9,998 incidents opened in May 2012, then single closings until September
    # 2016; the default report month was December 2016 and every section but page 1 read the months before it
    # (a baseline of 38,465 hours from three stragglers). Here: 40 cases opened in May 2012, one case closed in
    # each of August, September, October and November 2016, the export taken in December 2016
    from crmanalysis.analyses.headline import report_month_of as default_month

    opened = [T("2012-05-10")] * 40 + [T("2012-05-11")] * 4
    closed = [T("2012-05-20")] * 40 + [T(f"2016-{m:02d}-15") for m in (8, 9, 10, 11)]
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(44)], "opened_at": opened, "closed_at": closed,
                          "modified_at": T("2016-12-31")})
    data = ClientData.from_frames(ClientConfig(client_id="duke"), cases=cases)
    # August - December 2016 hold 4 events, fewer than 10: the month with the cases is the report month
    assert data.events_between(T("2016-10-01"), T("2016-12-31 23:59")) == 2
    assert default_month(data) == "2012-05"
    # a live desk with a quiet report month keeps it: 10 cases closed in October 2016 make the export live
    live = pd.concat([cases, pd.DataFrame({"case_id": [f"L{i}" for i in range(10)], "opened_at": T("2016-09-01"),
                                           "closed_at": T("2016-10-03"), "modified_at": T("2016-12-31")})])
    assert default_month(ClientData.from_frames(ClientConfig(client_id="live"), cases=live)) == "2016-12"


def test_an_export_of_a_few_days_across_a_months_turn_is_reported_for_the_month_holding_most_of_it():
    # A help desk's export of 27 hours, 31 May 21:53 to 2 June 00:55 (customer_support_tickets): May, "the
    # last complete month", held 99 of its closings and June 2,670, and page 1 read "Cases closed 99". Neither
    # month is whole in the data; here 3 deals close on 31 May and 20 on 1-2 June: June holds more
    data = _deals(*(["2024-05-31 22:00"] * 3 + ["2024-06-01 10:00"] * 12 + ["2024-06-02 00:55"] * 8))
    assert Window.of(data).month == "2024-06"
    # an export that starts within the first week of May covers May: the last complete month stays
    assert Window.of(_deals(*(["2024-05-06"] * 3 + ["2024-06-01 10:00"] * 20))).month == "2024-05"
    # a sliver of May that holds more than the days of June after it: May stays
    assert Window.of(_deals(*(["2024-05-30"] * 30 + ["2024-06-01 10:00"] * 20))).month == "2024-05"


def _young_client(lang: str = "en"):
    from crmanalysis.io.quality import DataQualityReport
    from crmanalysis.notebook import NotebookClient

    # cases from 5 January 2021 to 31 March 2021: three months of data
    days = pd.to_datetime(["2021-01-05", "2021-02-10", "2021-03-31"])
    cases = pd.DataFrame({"case_id": ["A", "B", "C"], "opened_at": days, "closed_at": days})
    data = ClientData.from_frames(ClientConfig(client_id="young"), cases=cases)
    return NotebookClient(data, DataQualityReport("young"), Window.of(data, "2021-03"), lang, "EUR")


def test_a_sections_months_start_where_the_data_start():
    # six months up to March 2021 are October 2020 - March 2021; the data start in January 2021, so the
    # sentence names January - March (3 of the 6) and not three months the export does not hold
    from crmanalysis.notebook import months_sentence

    assert months_sentence(_young_client(), 6) == (
        "Months: January 2021 – March 2021, only 3 of the 6 months up to the report month this section looks at, "
        "since the data start in January 2021.")
    assert months_sentence(_young_client(), 2) == (
        "Months: February 2021 – March 2021, the 2 months up to the report month.")


def test_the_baseline_months_start_where_the_data_start():
    # a baseline of September 2020 - February 2021 over data from January 2021: 2 of its 6 months are there
    from crmanalysis.notebook import baseline_months_sentence

    base = pd.DataFrame({"period": ["M"], "window_start": [pd.Timestamp("2020-09-01")],
                         "window_end": [pd.Timestamp("2021-02-28 23:59:59")]})
    assert baseline_months_sentence(_young_client(), base) == (
        "Baseline months: January 2021 – February 2021, only 2 of the 6 complete months before the report month, "
        "since the data start in January 2021.")
    inside = base.assign(window_start=pd.Timestamp("2021-01-01"))
    assert baseline_months_sentence(_young_client(), inside) == (
        "Baseline months: January 2021 – February 2021, the complete months before the report month.")


def test_a_sheet_of_whole_months_is_reported_for_its_last_month():
    # a spend or profit-and-loss sheet per month writes October as 1 October: read as an instant, the data ended
    # on 1 October and the report was for September, a month before the sheet's last
    from crmanalysis.analyses.window import default_month

    spend = pd.DataFrame({"month": pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"]), "amount": [1.0, 2, 3],
                          "channel": "Google Ads"})
    assert default_month(ClientData.from_frames(ClientConfig(client_id="m"), marketing_spend=spend)) == "2026-10"
    # a daily report in the same column is not whole months: its last day, 26 November, leaves October
    daily = pd.DataFrame({"month": pd.date_range("2026-10-01", "2026-11-26"), "amount": 1.0, "channel": "TikTok"})
    assert default_month(ClientData.from_frames(ClientConfig(client_id="d"), marketing_spend=daily)) == "2026-10"
