"""Baseline, targets, scores and scorecards: hand-computed on the mini client, planted effects on samples."""

import json

import numpy as np
import pandas as pd
import pytest
from kpi_fixture import mini

from crmanalysis.analyses import baseline as B
from crmanalysis.analyses import targets as T
from crmanalysis.analyses.scorecard import drill_path, scorecard
from crmanalysis.analyses.window import Window


@pytest.fixture(scope="module")
def data():
    return mini()


def test_the_trend_is_not_swung_by_one_exceptional_month():
    # Bitrix24: May's RUB145.7 million among months of 3-47 million gave a least-squares trend of +RUB11.7
    # million a month. By hand, months 10, 12, 14, 100, 18: the slopes between every two months are 2, 2, 30,
    # 2, 2, 44, 2, 86, 2 and -82, whose median is 2; least squares: covariance 104 over variance 10 = 10.4
    import numpy as np

    assert B._trend(np.array([10.0, 12, 14, 100, 18])) == 2.0
    # and on Bitrix24's own months, January - June 2021, summed from deals.csv with plain pandas (won stages,
    # CLOSEDATE): 22.9, 3.1, 46.875, 13.45, 145.7048 and 26.05 million; the 15 slopes' median is 5.7375 million
    bitrix = np.array([22_900_000.0, 3_100_000, 46_875_000, 13_450_000, 145_704_800, 26_050_000])
    assert B._trend(bitrix) == pytest.approx(5_737_500)
    # a missing month is skipped, its place kept: 10, –, 14, 16 rises 2 a month
    assert B._trend(np.array([10.0, np.nan, 14, 16])) == 2.0


def test_complete_periods_exclude_the_current_one():
    s, e = B.complete_periods("M", pd.Timestamp("2024-03-15"), 3)
    assert s == pd.Timestamp("2023-12-01") and e.date() == pd.Timestamp("2024-02-29").date()
    # on the last instant of March, March is complete
    s, e = B.complete_periods("M", pd.Timestamp("2024-03-31 23:59:59.999999999"), 1)
    assert s == pd.Timestamp("2024-03-01")


def test_baseline_by_hand(data):
    spec = B.BaselineSpec("new_revenue", "M", ((), ("owner_id",)), 3)
    b = B.baseline(data, [spec], baseline_date="2024-04-10")      # April incomplete: Jan-Mar count
    c = b[b.level == "company"].iloc[0]
    # months 1000, 3000, 2000: median 2000, mean 2000, quartiles 1500 / 2500 (linear), std 1000 (n-1)
    assert (c["median"], c["mean"], c["q1"], c["q3"], c["std"]) == (2000, 2000, 1500, 2500, 1000)
    # least-squares slope through (0, 1000), (1, 3000), (2, 2000) = 500 per month
    assert c["trend_per_period"] == pytest.approx(500)
    assert c["n_periods"] == 3 and c["flag"] == ""
    u3 = b[(b.level == "rep") & (b.entity == "U3")].iloc[0]   # U3 never won a deal with an amount
    assert u3["flag"].startswith("insufficient history: 0 of 3")
    assert b[(b.level == "rep") & (b.entity == "U1")]["entity_name"].iloc[0] == "Ann"


def test_the_middle_half_of_a_count_is_of_months_that_happened(data):
    spec = B.BaselineSpec("deals_won", "M", ((),), 3)
    c = B.baseline(data, [spec], baseline_date="2024-04-10").iloc[0]
    # deals won: January 1 (O1), February 2 (O3, O6), March 1 (O8); sorted 1, 1, 2. Linear quartiles give 1 and
    # 1.5 deals, a month no one had; the months that span the middle half won 1 and 2
    assert (c["median"], c["q1"], c["q3"]) == (1, 1, 2)
    # an amount keeps its linear quartiles: 1000, 3000 (February), 2000 -> 1500 and 2500 (as above)
    revenue = B.baseline(data, [B.BaselineSpec("new_revenue", "M", ((),), 3)], baseline_date="2024-04-10").iloc[0]
    assert (revenue["q1"], revenue["q3"]) == (1500, 2500)


def test_history_spans_one_window_before_the_baseline_to_the_report_month(data):
    spec = B.BaselineSpec("new_revenue", "M", ((),), 3)
    row = B.baseline(data, [spec], baseline_date="2024-04-10").iloc[0]       # window Jan-Mar 2024
    h = B.history(data, row, window=Window.of(data, "2024-04", end_of_data="2024-04-10"))
    # one window before January would be Oct-Dec 2023, but the deals start on 5 January 2024: the chart
    # starts with January (no months of zero before the data), up to the report month April = 4 months
    assert h["period_start"].min() == pd.Timestamp("2024-01-01")
    assert h["period_start"].max() == pd.Timestamp("2024-04-01") and h["period"].nunique() == 4
    jan_mar = h[h["period_start"].between("2024-01-01", "2024-03-01")]["value"].tolist()
    assert jan_mar == [1000, 3000, 2000]                                     # the baseline months (by hand above)


def test_history_counts_its_first_period_whole(data, monkeypatch):
    seen = {}

    def spy(*args, **kw):
        seen.update(kw)
        return pd.DataFrame()
    monkeypatch.setattr(B.K, "compute", spy)
    # window Apr-Jun 2024: 1 Apr minus its 90 days lands on 2 Jan; the deals start on 5 Jan; either way the
    # chart's first month is January from the 1st, not cut off at a day in it
    row = {"kpi": "new_revenue", "period": "M", "window_start": pd.Timestamp("2024-04-01"),
           "window_end": pd.Timestamp("2024-06-30 23:59:59.999999999")}
    B.history(data, row, window=Window.of(data, "2024-07"))
    assert seen["start"] == pd.Timestamp("2024-01-01")


def test_a_weekly_chart_leaves_out_a_first_week_the_data_start_late_in():
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    # calls every day from Saturday 1 November 2025: the week of Monday 27 October holds 2 of its 7 days; the
    # chart starts with the week of 3 November. A month the data start on the 5th of is still drawn (test above)
    days = pd.date_range("2025-11-01 10:00", "2026-03-31 10:00", freq="D")
    calls = pd.DataFrame({"activity_id": [f"a{i}" for i in range(len(days))], "type": "call", "owner_id": "u1",
                          "completed": True, "scheduled_at": days})
    d = ClientData.from_frames(ClientConfig(client_id="w"), activities=calls)
    row = {"kpi": "calls", "period": "W", "window_start": pd.Timestamp("2025-12-01"),
           "window_end": pd.Timestamp("2026-03-01 23:59:59.999999999")}
    h = B.history(d, row, window=Window.of(d, "2026-03"))
    assert h["period_start"].min() == pd.Timestamp("2025-11-03")


def test_a_baseline_and_its_chart_leave_out_the_stray_records_before_the_export_starts():
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    # 1 case on 6 February (a stray record: less than 5 % of the busiest month's 40), then 40, 40, 40, 40
    # cases March - June. The baseline as of 30 June takes the 6 complete months December - May: March - May
    # only, median and mean 40 over 3 months (February in it gave a mean of (1 + 120) / 4 = 30.25)
    opened = [pd.Timestamp("2024-02-06")] + [pd.Timestamp(f"2024-0{m}-10") for m in (3, 4, 5, 6) for _ in range(40)]
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(len(opened))], "opened_at": opened})
    d = ClientData.from_frames(ClientConfig(client_id="lead-in"), cases=cases)
    row = B.baseline(d, [B.BaselineSpec("cases_opened", "M", ((),), 6)], baseline_date="2024-06-30").iloc[0]
    assert (row["n_periods"], row["median"], row["mean"]) == (3, 40, 40)
    h = B.history(d, row, window=Window.of(d, "2024-06"))
    assert h["period_start"].min() == pd.Timestamp("2024-03-01")          # the chart starts in March too


def test_a_baseline_of_too_few_months_gets_no_chart_or_seasonality_row():
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData
    from crmanalysis.data import NotComputable as NC

    # the call centre: cases from January 2021, report month March; the baseline months are January and
    # February only: 2 of the 3 periods a baseline needs. Its median exists, its baseline does not
    opened = [pd.Timestamp("2021-01-10")] * 5 + [pd.Timestamp("2021-02-10")] * 7 + [pd.Timestamp("2021-03-10")] * 6
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(18)], "opened_at": opened})
    d = ClientData.from_frames(ClientConfig(client_id="cc"), cases=cases)
    base = B.baseline(d, [B.BaselineSpec("cases_opened", "M", ((),), 6)], baseline_date="2021-03-01")
    assert base["median"].iloc[0] == 6 and base["n_periods"].iloc[0] == 2           # (5 + 7) / 2, 2 periods
    with pytest.raises(NC):
        B.chart_rows(base)


def test_targets_by_hand_including_lower_is_better(data):
    specs = [B.BaselineSpec("new_revenue", "M", ((),), 3), B.BaselineSpec("sales_cycle_days", "M", ((),), 3),
             B.BaselineSpec("deals_won", "M", ((),), 3), B.BaselineSpec("win_rate", "M", ((),), 3)]
    tg = T.set_targets(B.baseline(data, specs, baseline_date="2024-04-10")).set_index("kpi")
    assert tg.loc["new_revenue", "target"] == 2100          # 2000 x 1.05, money to 3 significant digits
    assert tg.loc["sales_cycle_days", "target"] == 14       # median(15, 23, 14) = 15 x 0.95 = 14.25 -> 14 days
    # median(1, 2, 1) = 1 x 1.05 = 1.05, which rounds back onto the baseline: one deal more, 2
    assert tg.loc["deals_won", "target"] == 2
    assert tg.loc["win_rate", "target"] == pytest.approx(0.7)   # median(0.5, 0.667, 1) = 0.667 x 1.05 = 0.70
    tg2 = T.set_targets(B.baseline(data, specs[:1], baseline_date="2024-04-10"), per_kpi={"new_revenue": 0.2})
    assert tg2["target"].iloc[0] == 2400                    # 2000 x 1.2


@pytest.mark.parametrize("value, unit, direction, expected", [
    (12962.0, "money", "higher", 13000), (987.6, "money", "higher", 988), (2.5, "count", "higher", 3),
    (2.5, "count", "lower", 2), (0.3149, "ratio", "higher", 0.31), (14.25, "days", "lower", 14),
    (3.95, "hours", "lower", 3.9), (np.nan, "money", "higher", np.nan),
    # near 100 % a tenth of a point: 99.85 % is 99.9 %, not the 100 % a whole point would round it to
    (0.9985, "ratio", "higher", 0.999), (0.992, "ratio", "higher", 0.992),
    # never rounded up onto the ceiling from below it: 99.96 % stays 99.9 %, a score of 4.95 stays 4.9
    (0.9996, "ratio", "higher", 0.999), (4.95, "score", "higher", 4.9), (1.0, "ratio", "higher", 1.0),
])
def test_round_target(value, unit, direction, expected):
    got = T.round_target(value, unit, direction)
    assert (np.isnan(got) and np.isnan(expected)) or got == pytest.approx(expected)


@pytest.mark.parametrize("value, unit, direction, base, expected", [
    # Bitrix24's 3 deals a month, 5 % up: 3.15 rounded to 3 read "Target 3 · 100% · green" for a usual month
    (3.15, "count", "higher", 3.0, 4), (10.5, "count", "higher", 10.0, 11), (66.675, "count", "higher", 63.5, 67),
    (2.625, "count", "higher", 2.5, 3),          # 3 is past 2.5 already
    (2.85, "days", "lower", 3.0, 2), (0.95, "count", "lower", 1.0, 0),
])
def test_a_whole_number_target_is_never_rounded_back_onto_its_baseline(value, unit, direction, base, expected):
    assert T.round_target(value, unit, direction, base) == expected


def test_a_share_near_100_percent_gets_a_step_up_not_a_demand_for_perfection():
    base = pd.DataFrame({"kpi": ["retention_rate", "win_rate", "csat_mean", "churn_rate", "retention_rate"],
                         "unit": ["ratio", "ratio", "score", "ratio", "ratio"],
                         "direction": ["higher", "higher", "higher", "lower", "higher"],
                         "median": [0.984, 0.359, 4.8, 0.03, 1.0], "flag": [""] * 5, "level": ["company"] * 5,
                         "entity": ["all"] * 5, "period": ["M"] * 5})
    tg = T.set_targets(base)
    # 98.4 % x 1.05 = 103.3 %; half of the way to 100 %: 98.4 + 1.6 / 2 = 99.2 %
    # 35.9 % x 1.05 = 37.695 %, well below halfway (67.95 %): 38 %
    # CSAT 4.8 x 1.05 = 5.04; halfway to 5: 4.9.  Churn 3 % x 0.95 = 2.85 % -> 3 % (nearest point; no ceiling below)
    # a retention already at 100 % keeps 100 %
    assert tg["target"].tolist() == pytest.approx([0.992, 0.38, 4.9, 0.03, 1.0])


def test_step_up_plan_raises_until_goal_and_never_lowers():
    p = T.step_up_plan(10, 12, periods=6, step=0.05)
    # 10, 10.5, 11.025, 11.576, 12 (capped), 12
    assert p["target_raw"].round(3).tolist() == [10, 10.5, 11.025, 11.576, 12, 12]
    assert p["target"].tolist() == [10, 11, 11, 12, 12, 12]
    assert p["goal_reached"].tolist() == [False] * 4 + [True] * 2
    with pytest.raises(ValueError, match="does not lower"):
        T.step_up_plan(10, 8, periods=3)
    low = T.step_up_plan(40, 30, periods=3, step=0.1, direction="lower", unit="days")   # cycle: 40, 36, 32.4
    assert low["target_raw"].round(1).tolist() == [40, 36, 32.4]
    assert T.step_up_plan(10, 12, periods=2, current=11)["target_raw"].tolist()[0] == 11   # never below current


def test_profile_warnings():
    six = {k: {} for k in ["new_revenue", "calls", "meetings", "visits", "win_rate", "deals_won"]}
    w = T.check_profiles({"rep": {"kpis": six}, "dash": {"dashboard": "sales_dashboard", "kpis": dict(list(
        six.items())[:5])}, "mgmt": {"dashboard": "management", "kpis": six}, "bad": {"kpis": {"winrate": {}}}})
    assert any("'rep' (rep) has 6 KPIs" in x and "at most 5" in x for x in w)
    assert any("'dash' (sales_dashboard) has 5 KPIs" in x and "at most 4" in x for x in w)
    assert not any("'mgmt'" in x for x in w)                       # 6 <= 10 for management
    assert any("unknown KPI 'winrate'" in x for x in w)


def test_score_and_status_seed_003():
    assert T.score(6, 10) == 0.6 and T.status(0.6) == "red"       # 6 meetings planned vs target 10: 60 %
    assert T.score(40, 30, "lower") == pytest.approx(0.75)         # cycle 40 days vs target 30
    assert T.status(0.8) == "amber" and T.status(1.0) == "green" and T.status(np.nan) == ""
    assert np.isnan(T.score(5, 0))                                  # no target: undefined, not infinite


def test_my_kpis_run_rate(data):
    tg = pd.DataFrame({"kpi": ["calls", "new_revenue"], "period": "M", "level": "rep", "entity": "U1",
                       "target": [4.0, 2000.0]})
    card = T.my_kpis(data, "U1", tg, window=Window.of(data, "2024-01", end_of_data="2024-01-10")).set_index("kpi")
    # calls: 2 by Jan 10 (T1, T2): pace 2 / 10 days x 31 = 6.2; score to date 2 / (4 x 10/31)
    assert card.loc["calls", "month_to_date"] == 2
    assert card.loc["calls", "forecast"] == pytest.approx(6.2)
    assert card.loc["calls", "score_to_date"] == pytest.approx(2 / (4 * 10 / 31))
    # new revenue: nothing won by Jan 10; O2 (open until Jan 25, U1) is lost now so adds no pipeline
    assert card.loc["new_revenue", "month_to_date"] == 0


def test_team_targets_sum_rep_targets(data):
    reps = pd.DataFrame({"kpi": "calls", "period": "M", "level": "rep", "entity": ["U1", "U2", "U3"],
                         "target": [4.0, 3.0, 5.0]})
    tt = T.team_targets(reps, data).set_index("entity")["target"]
    assert tt["Team A"] == 7 and tt["Team B"] == 5                 # U1 + U2 = 4 + 3; U3 = 5


def test_insight_kpis_not_used_to_rank():
    s = pd.DataFrame({"level": "rep", "entity": ["a", "a", "b", "b"], "kpi": ["calls", "win_rate"] * 2,
                      "kind": ["action", "insight"] * 2, "score": [1.0, 0.1, 0.9, 2.0]})
    assert T.rank_reps(s)["entity"].tolist() == ["a", "b"]          # by calls only
    assert T.rank_reps(s, include_insight=True)["entity"].tolist() == ["b", "a"]


@pytest.mark.parametrize("client", ["northwind", "alpina", "polderbouw"])
def test_drill_path_and_scorecard_find_planted_segment(sample_dir, client):
    from crmanalysis.notebook import open_client

    truth = json.loads((sample_dir / client / "ground_truth.json").read_text())["effects"]["weak_segment"]
    nc = open_client(sample_dir / client / "client.yml")
    drill = drill_path(nc.data, "new_revenue", window=nc.months(12))
    assert drill["segment"].tolist() == [truth["region"], truth["industry"], truth["product_group"]]
    assert (drill["share_of_gap"] > 0).all()
    card = scorecard(nc.data, ["new_revenue"], window=nc.months(12))
    seg = f"{truth['region']} / {truth['industry']} / {truth['product_group']}"
    row = card[(card.level == "region × industry × product_group") & (card.entity == seg)]
    assert row["status"].tolist() == ["red"]


def test_red_segments_keeps_red_combination_rows_of_the_kpi_worst_first():
    from crmanalysis.analyses.scorecard import COMBINATION, red_segments
    card = pd.DataFrame({
        "kpi": ["new_revenue"] * 4 + ["deals_won"],
        "level": [COMBINATION, COMBINATION, COMBINATION, "region", COMBINATION],
        "entity": ["a", "b", "c", "West", "d"],
        "status": ["red", "green", "red", "red", "red"],
        "variance": [-100.0, 50.0, -300.0, -900.0, -5.0]})
    # only a and c qualify (b is green, West is not a combination, d is another KPI); c's -300 is worse
    assert red_segments(card)["entity"].tolist() == ["c", "a"]


def test_a_baseline_is_computed_once_per_client_and_handed_out_unchanged(data, monkeypatch):
    # notebooks 01 and 02 both ask for it in one kernel; the second gets the first's result
    specs = [B.BaselineSpec("new_revenue", "M", ((),), 3)]
    first = B.baseline(data, specs, baseline_date="2024-04-10")
    calls = []
    real = B.K.compute
    monkeypatch.setattr(B.K, "compute", lambda *a, **k: calls.append(1) or real(*a, **k))
    first.loc[:, "median"] = -1.0                              # a caller changing its copy
    again = B.baseline(data, specs, baseline_date="2024-04-10")
    # not recomputed, and not the caller's -1: the median test_targets_by_hand derives (2,100 = 2,000 x 1.05)
    assert calls == [] and again["median"].iloc[0] == 2000
    B.baseline(data, specs, baseline_date="2024-03-10")        # another date is computed afresh
    assert calls


def test_scorecard_levels_match_plain_pandas_and_skip_dimensions_the_client_lacks(sample_dir):
    from crmanalysis.analyses.scorecard import SHOWN_LEVELS, scorecard, shown_levels, shown_sentence
    from crmanalysis.notebook import open_client

    nc = open_client(sample_dir / "northwind" / "client.yml")
    card = scorecard(nc.data, ["new_revenue", "deals_won", "win_rate"], window=nc.months(12))
    # by hand: the twelve months ending with the report month; a deal's industry is its own, else its account's
    end = pd.Period(nc.month, "M")
    a0, a1 = (end - 11).start_time, end.end_time
    o, acc = nc.data.opportunities, nc.data.accounts.drop_duplicates("account_id").set_index("account_id")
    industry = (o["industry"].astype("string") if "industry" in o else pd.Series(pd.NA, index=o.index, dtype="string"))
    industry = industry.fillna(o["account_id"].map(acc["industry"]).astype("string"))
    won = (o["status"] == "won") & o["close_date"].between(a0, a1) & o["amount"].notna()
    expected = o[won].groupby(industry[won])["amount"].sum()
    got = card[(card.kpi == "new_revenue") & (card.level == "industry")].set_index("entity")["actual"]
    assert len(expected) > 3
    pd.testing.assert_series_equal(got.loc[expected.index].astype(float), expected.astype(float), check_names=False,
                                   check_index_type=False)
    closed = o["status"].isin(["won", "lost"]) & o["close_date"].between(a0, a1)
    rate = (o[closed]["status"] == "won").groupby(industry[closed]).mean()
    got = card[(card.kpi == "win_rate") & (card.level == "industry")].set_index("entity")["actual"]
    pd.testing.assert_series_equal(got.loc[rate.index].astype(float), rate.astype(float), check_names=False,
                                   check_index_type=False)

    # a client whose data has no region at all (no column, no account or user with one) gets no "(unknown)" row
    lacking = nc.data.replace(accounts=nc.data.accounts.assign(region=pd.NA),
                              users=nc.data.users.assign(region=pd.NA))
    if "region" in lacking.opportunities:
        lacking = lacking.replace(opportunities=lacking.opportunities.assign(region=pd.NA))
    bare = scorecard(lacking, ["new_revenue"], window=nc.months(12))
    assert "region" not in set(bare["level"]) and "industry" in set(bare["level"])
    steps = drill_path(lacking, "new_revenue", window=nc.months(12))
    assert len(steps) and "region" not in set(steps["level"])        # nor a drill-down step "region: (unknown)"

    # a rate's change is its points (actual - reference), an amount's its percent of the reference
    wr, rev = card[card.kpi == "win_rate"], card[(card.kpi == "new_revenue") & (card.reference > 0)]
    np.testing.assert_allclose(wr["change"], wr["actual"] - wr["reference"])
    np.testing.assert_allclose(rev["change"], (rev["actual"] / rev["reference"] - 1) * 100)

    # the report shows at most 10 segments a level, the same ones for every KPI, and says so
    shown = shown_levels(card, top=3)
    per = shown.groupby(["kpi", "level"])["entity"].nunique()
    assert per.max() <= 3 and set(shown["level"]) <= set(SHOWN_LEVELS)
    assert shown.groupby("level")["entity"].nunique().max() <= 3             # one set of segments for all KPIs
    n_ind = card.loc[card.level == "industry", "entity"].nunique()
    assert f"industry: 3/{n_ind}" in shown_sentence(card, "en", top=3)
    # Northwind's teams are its regions, one for one (the same sorted numbers): shown once, and said
    def sorted_values(level: str) -> list:
        return sorted(card.loc[card.level == level, ["kpi", "actual"]].itertuples(index=False, name=None))
    assert sorted_values("team") == sorted_values("region")
    assert shown_sentence(card, "en", top=1000) == ("The segments per team hold the same numbers as those per region, "
                                                    "one for one: they are shown once, per region.")
    assert "team" not in set(shown_levels(card)["level"])


def test_a_drill_step_sums_every_segment_of_its_region_small_ones_too():
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    # won deals, June 2024 (reference year) and June 2025 (window): region N has segment a (1,000 -> 400) and a
    # tiny segment b (5 -> 5, under 1 % of the total); region S has c (1,000 -> 1,100)
    rows = [("N", "a", 1000.0, "2024-06-15"), ("N", "b", 5.0, "2024-06-15"), ("S", "c", 1000.0, "2024-06-15"),
            ("N", "a", 400.0, "2025-06-15"), ("N", "b", 5.0, "2025-06-15"), ("S", "c", 1100.0, "2025-06-15")]
    opps = pd.DataFrame({"opportunity_id": [f"D{i}" for i in range(6)], "account_id": ["A"] * 6,
                         "region": [r[0] for r in rows], "industry": [r[1] for r in rows],
                         "amount": [r[2] for r in rows], "status": ["won"] * 6,
                         "created_at": pd.to_datetime([r[3] for r in rows]),
                         "close_date": pd.to_datetime([r[3] for r in rows])})
    d = ClientData.from_frames(ClientConfig(client_id="drill"), opportunities=opps)
    drill = drill_path(d, "new_revenue", window=Window.of(d, "2025-06", months=1, end_of_data="2025-06-30"),
                       levels=("region", "industry"))
    # region N: 400 + 5 = 405 against 1,000 + 5 = 1,005 (b's 5 stays in N's sums); then segment a, 400 vs 1,000
    assert drill[["segment", "actual", "reference"]].values.tolist() == [["N", 405.0, 1005.0], ["a", 400.0, 1000.0]]


def test_a_rep_with_two_baseline_months_is_counted_and_shows_no_baseline(data):
    # January - March 2024 of the mini fixture: U1 sold in all three months, U2 in two, U3 in none
    base = B.baseline(data, [B.BaselineSpec("new_revenue", "M", ((), ("owner_id",)), 3)], baseline_date="2024-04-10")
    shown = B.starter_rows(base).set_index("entity")
    # U2 stays with its 2 periods and no median (a median of two months holds nobody); U3, with none, is not listed
    assert shown.loc["U2", "n_periods"] == 2 and pd.isna(shown.loc["U2", "median"]) and "U3" not in shown.index
    assert shown.loc["U1", "median"] == 1000
    # nor counted: a rep without a record in the baseline months has mostly left the team (Acumatica: 15 of
    # them made "17 … get no baseline yet" beside 18 scored reps); U2 alone is short
    assert B.flagged_sentence(base, "en") == ("1 rep has fewer than 3 periods of data in the "
                                              "baseline months and gets no baseline yet.")


def test_the_report_table_lists_the_company_and_points_to_the_workbook_for_each_rep(data):
    # the same three months: the company row, and U1 and U2 as reps (U3 sold nothing, so is no row)
    base = B.baseline(data, [B.BaselineSpec("new_revenue", "M", ((), ("owner_id",)), 3)], baseline_date="2024-04-10")
    rows = B.starter_rows(base)
    assert B.report_rows(rows)["level"].tolist() == ["company"]
    # reps only: "each rep and agent" named agents a sales team without a service desk does not have (Acumatica)
    assert B.people_sentence(rows, "en") == ("The baseline of each rep (2 in all) is in the Excel file "
                                             "that comes with this report (kpis.xlsx), sheet Baseline.")
    both = pd.concat([rows, rows[rows["level"] == "rep"].head(1).assign(level="agent")], ignore_index=True)
    assert B.people_sentence(both, "en").startswith("The baseline of each rep and agent (3 in all)")
    # a table of reps only (no company row to show instead) is listed as it is, with no pointer
    reps = rows[rows["level"] == "rep"]
    assert B.report_rows(reps).equals(reps) and B.people_sentence(reps, "en") == ""


def test_an_export_too_short_for_anyone_points_to_no_workbook_baseline_and_says_everyone_is_short():
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData, NotComputable

    # two reps who each won one deal in January and February 2024: the company and both reps have
    # 2 of 3 periods, so nobody has a baseline to look up in the workbook
    opps = pd.DataFrame({"opportunity_id": ["D1", "D2", "D3", "D4"], "account_id": ["A"] * 4,
                         "owner_id": ["U1", "U2", "U1", "U2"], "amount": [100.0] * 4, "status": ["won"] * 4,
                         "created_at": pd.to_datetime(["2024-01-10", "2024-01-11", "2024-02-10", "2024-02-11"]),
                         "close_date": pd.to_datetime(["2024-01-10", "2024-01-11", "2024-02-10", "2024-02-11"])})
    d = ClientData.from_frames(ClientConfig(client_id="short"), opportunities=opps)
    # new leads, which this export cannot show, is a "needs leads" row: no short row, and not counted as one
    specs = [B.BaselineSpec("new_revenue", "M", ((), ("owner_id",)), 3), B.BaselineSpec("new_leads", "M", ((),), 3)]
    base = B.baseline(d, specs, baseline_date="2024-03-10")
    assert B.keyed(base.loc[base["kpi"] == "new_leads", "flag"], B.NEEDS).all()
    # a table of nothing but dashes (the call centre's two months, each row footnoted "2 of 6 periods") is no
    # table: the section says once why, as the closing box lists it
    with pytest.raises(NotComputable) as why:
        B.starter_rows(base)
    assert str(why.value) == "fewer than 3 complete periods of data before the report month for New revenue"
    # the company and its 2 reps: "each team, rep or segment (3 in all)" spoke of teams and segments it has not
    assert B.flagged_sentence(base, "en") == ("The company and its 2 reps have fewer than "
                                              "3 periods of data in the baseline months and get no baseline yet.")


def test_a_target_at_any_level_of_the_registry_is_scored_and_an_unknown_level_is_named(sample_dir):
    # a baseline by industry used to get targets but no scores: the scores knew another list of levels
    from crmanalysis.analyses.levels import LEVELS, UnknownLevel, by_of, name_of
    from crmanalysis.notebook import open_client

    nc = open_client(sample_dir / "northwind" / "client.yml")
    specs = [B.BaselineSpec("new_revenue", "M", ((), ("industry",), ("region",)), 6)]
    base = B.baseline(nc.data, specs, baseline_date=nc.month_start - pd.Timedelta(1, "ns"))
    assert set(base["level"]) == {"company", "industry", "region"}
    sc = T.scores(nc.data, T.set_targets(base), window=nc.window)
    by_level = sc.groupby("level")["actual"].agg(["count", "sum"])
    assert set(by_level.index) == {"company", "industry", "region"} and (by_level["count"] > 1).drop("company").all()
    # every won deal has a region and an industry: the segments add up to the company's month, which is the
    # won deals closed in June 2025 summed by hand
    o = nc.data.opportunities
    won = o[(o["status"] == "won") & (o["close_date"].dt.strftime("%Y-%m") == nc.month)]
    total = by_level.loc["company", "sum"]
    assert total == pytest.approx(won["amount"].sum()) and total > 0
    assert by_level.loc["industry", "sum"] == pytest.approx(total)
    assert by_level.loc["region", "sum"] == pytest.approx(total)
    assert by_of("region × industry") == ["region", "industry"] and name_of(("owner_id",), cases=True) == "agent"
    with pytest.raises(UnknownLevel, match="unknown level 'country'; the levels are: company, team, rep"):
        T.scores(nc.data, T.set_targets(base).assign(level="country"), window=nc.window)
    with pytest.raises(UnknownLevel, match="no level groups by 'country'"):
        name_of(("country",))
    assert set(LEVELS) >= {"company", "team", "rep", "agent", "region", "industry", "product_group"}


def test_a_client_without_teams_gets_no_unknown_team_rows():
    # the users carry no team at all: a team level would be one "(unknown)" team holding everyone, the
    # company row again under another name; a client whose reps have teams but one without keeps that rep's
    # records as "(unknown)": they are real records outside every team
    spec = B.BaselineSpec("new_revenue", "M", ((), ("team",), ("owner_id",)), 3)
    d = mini()
    d.tables["users"] = d.tables["users"].assign(team=pd.Series([None] * 5, dtype="string"))
    b = B.baseline(d, [spec], baseline_date="2024-04-10")
    assert set(b["level"]) == {"company", "rep"}
    partial = mini()
    partial.tables["users"] = partial.tables["users"].assign(team=["Team A", "Team A", None, "Service", "Service"])
    b = B.baseline(partial, [spec], baseline_date="2024-04-10")
    # U3 (no team) won only O6, in February and without an amount: no month of the "(unknown)" team has a deal
    # with revenue, 0 of 3 periods, where Team A (U1, U2) has January, February and March
    teams = b[b["level"] == "team"].set_index("entity")
    assert set(teams.index) == {"Team A", "(unknown)"}
    assert (teams.loc["(unknown)", "n_periods"], teams.loc["Team A", "n_periods"]) == (0, 3)


def _pipeline_client(amounts):
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    n = len(amounts)
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(n)], "created_at": pd.Timestamp("2024-01-05"),
                         "status": "open", "amount": amounts, "close_date": pd.Timestamp("2024-06-30"),
                         "owner_id": "U1", "account_id": [f"C{i}" for i in range(n)]})
    won = pd.DataFrame({"opportunity_id": ["W"], "created_at": pd.Timestamp("2024-01-02"), "status": "won",
                        "amount": [999_999.0], "close_date": pd.Timestamp("2024-03-10"), "owner_id": "U1",
                        "account_id": ["C0"]})
    accounts = pd.DataFrame({"account_id": [f"C{i}" for i in range(n)], "name": [f"Firm {i}" for i in range(n)]})
    return ClientData.from_frames(ClientConfig(client_id="p", currency="EUR"), accounts=accounts,
                                  opportunities=pd.concat([opps, won], ignore_index=True))


def test_an_open_pipeline_resting_on_a_few_deals_is_a_finding():
    from crmanalysis.analyses.scorecard import pipeline_findings
    from crmanalysis.i18n import render

    # eight open deals at the end of March 2024, the month a deal was won (the won deal never counts):
    # 300k + 200k + 100k of 700k in the three largest = 600k / 700k = 85.7 %, well over an even split (3 of 8)
    d = _pipeline_client([300_000.0, 200_000.0, 100_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0])
    notes = pipeline_findings(d, window=Window.of(d, "2024-03", end_of_data="2024-04-10"))
    assert [render(n, "en") for n in notes] == [
        "Open pipeline on 31 March 2024: €700,000 in 8 deals; the 3 largest hold 85.7% of it, €600,000: "
        "Firm 0, Firm 1, Firm 2. Agree a next step for each of them."]
    # no brackets around the names: Zoho's read "(US$390,000: Benton (Sample), Chemel (Sample), Chapman (Sample))"
    # spread evenly, it says nothing: 8 deals of 87,500 each
    even = _pipeline_client([87_500.0] * 8)
    assert pipeline_findings(even, window=Window.of(even, "2024-03", end_of_data="2024-04-10")) == []


def test_leads_whose_source_the_team_leaves_blank_are_a_finding():
    from crmanalysis.analyses.scorecard import share_findings
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData
    from crmanalysis.i18n import render

    # an undated lead list (as Odoo's crm.lead export): 40 leads, a source on 10 of them (5 Fair, 5 Web):
    # 30 of 40 blank = 75 %
    src = ["Fair"] * 5 + ["Web"] * 5 + [None] * 30
    leads = pd.DataFrame({"lead_id": [f"L{i}" for i in range(40)], "created_at": pd.NaT, "source": src})
    d = ClientData.from_frames(ClientConfig(client_id="l"), leads=leads)
    said = [render(n, "en") for n in share_findings(d, window=Window.of(d, "2026-11"))]
    assert ("New leads, over the whole export: 30 of 40 (75.0%) have no source — no channel can be credited with "
            "them; ask the team to record where each lead came from.") in said
    # every lead with a source: nothing to say
    full = ClientData.from_frames(ClientConfig(client_id="l"), leads=leads.assign(source=["Fair", "Web"] * 20))
    assert not any("no source" in render(n, "en") for n in share_findings(full, window=Window.of(full, "2026-11")))


def test_the_pipeline_finding_names_each_account_once_or_none_at_all():
    from crmanalysis.analyses.scorecard import pipeline_findings
    from crmanalysis.i18n import render

    amounts = [300_000.0, 200_000.0, 100_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0]
    d = _pipeline_client(amounts)
    opps = d.tables["opportunities"]
    opps.loc[opps["opportunity_id"] == "O2", "account_id"] = "C1"      # Firm 1 holds the 2nd and 3rd largest
    w = Window.of(d, "2024-03", end_of_data="2024-04-10")
    assert render(pipeline_findings(d, window=w)[0], "en").endswith(
        ", €600,000: Firm 0, Firm 1. Agree a next step for each of them.")
    opps.loc[opps["opportunity_id"] == "O0", "account_id"] = None      # the largest has no account: no names
    assert render(pipeline_findings(d, window=w)[0], "en").endswith(
        "hold 85.7% of it (€600,000). Agree a next step for each of them.")


def test_open_deals_past_their_close_date_or_due_next_month_are_a_finding():
    from crmanalysis.analyses.scorecard import close_date_findings
    from crmanalysis.i18n import render

    # eight open deals at the end of March 2024 (the won deal W never counts), all planned for 30 June
    amounts = [300_000.0, 200_000.0, 100_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0]
    d = _pipeline_client(amounts)
    opps = d.tables["opportunities"]
    w = Window.of(d, "2024-03", end_of_data="2024-04-10")
    assert close_date_findings(d, window=w) == []          # nothing passed, nothing due by 30 April
    # O1 planned for 20 April, O3 for 30 April: due by the end of the next month, 220k of 700k = 31.4 %
    opps.loc[opps["opportunity_id"] == "O1", "close_date"] = pd.Timestamp("2024-04-20")
    opps.loc[opps["opportunity_id"] == "O3", "close_date"] = pd.Timestamp("2024-04-30")
    assert [render(n, "en") for n in close_date_findings(d, window=w)] == [
        "Open deals on 31 March 2024 planned to close by 30 April 2024: 2 of 8, €220,000 (31.4% of the open "
        "pipeline). Next month's report shows how many of them were decided."]
    # O4 and O5 planned for February and 2 March and still open on 31 March: 2 of 8 passed (≥ 10 % and two),
    # 40k; the passed deals are said instead of those due
    opps.loc[opps["opportunity_id"] == "O4", "close_date"] = pd.Timestamp("2024-02-14")
    opps.loc[opps["opportunity_id"] == "O5", "close_date"] = pd.Timestamp("2024-03-02")
    assert [render(n, "en") for n in close_date_findings(d, window=w)] == [
        "Open deals on 31 March 2024 whose close date has passed: 2 of 8 (€40,000), the oldest planned for "
        "14 February 2024. A forecast counts them as due although nobody has decided them: ask their owners for "
        "a new close date, or close them."]
    # one passed deal of eight is no pattern: the ones due are said
    opps.loc[opps["opportunity_id"] == "O5", "close_date"] = pd.Timestamp("2024-06-30")
    assert render(close_date_findings(d, window=w)[0], "en").startswith("Open deals on 31 March 2024 planned")
    # all open deals due: said once, not "8 of 8 (100.0 %)"
    all_due = _pipeline_client(amounts)
    due = all_due.tables["opportunities"]
    due.loc[due["status"] == "open", "close_date"] = pd.Timestamp("2024-04-12")
    assert render(close_date_findings(all_due, window=w)[0], "en") == (
        "Open deals on 31 March 2024: all 8 are planned to close by 30 April 2024. Next month's report shows how "
        "many of them were decided.")
    # an export without amounts says the deals, not €0
    opps["amount"] = float("nan")
    assert render(close_date_findings(d, window=w)[0], "en") == (
        "Open deals on 31 March 2024 planned to close by 30 April 2024: 2 of 8. Next month's report shows how many "
        "of them were decided.")


def test_a_deal_decided_after_the_month_is_not_planned_to_close():
    from crmanalysis.analyses.scorecard import close_date_findings
    from crmanalysis.i18n import render

    # Simplicate's "5 of 166 planned to close by 30 November" were the 5 deals won or lost on 1 and 2 November: a
    # deal open on 31 March 2024 but won on 2 April has its decision's date, no plan. By hand: O1 won on 2 April
    # is no plan; O3, still open and planned for 30 April, is the only one due: 1 of 8, €20,000 of €700,000
    d = _pipeline_client([300_000.0, 200_000.0, 100_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0, 20_000.0])
    opps = d.tables["opportunities"]
    opps.loc[opps["opportunity_id"] == "O1", ["status", "close_date"]] = ["won", pd.Timestamp("2024-04-02")]
    opps.loc[opps["opportunity_id"] == "O3", "close_date"] = pd.Timestamp("2024-04-30")
    w = Window.of(d, "2024-03", end_of_data="2024-04-10")
    assert [render(n, "en") for n in close_date_findings(d, window=w)] == [
        "Open deals on 31 March 2024 planned to close by 30 April 2024: 1 of 8, €20,000 (2.9% of the open "
        "pipeline). Next month's report shows how many of them were decided."]


def test_placeholder_sources_count_as_blank():
    from crmanalysis.analyses.scorecard import share_findings
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData
    from crmanalysis.i18n import render

    # dated leads, March 2024: 10 with a source, 30 with "Unknown" or "n/a" (30 of 40 = 75 %); a lead of
    # January lies outside the window of the month (Window.of: one month) and is not counted
    src = ["Fair"] * 5 + ["Web"] * 5 + ["Unknown"] * 15 + ["n/a"] * 15 + [None]
    created = [pd.Timestamp("2024-03-05")] * 40 + [pd.Timestamp("2024-01-05")]
    leads = pd.DataFrame({"lead_id": [f"L{i}" for i in range(41)], "created_at": created, "source": src})
    d = ClientData.from_frames(ClientConfig(client_id="l"), leads=leads)
    said = [render(n, "en") for n in share_findings(d, window=Window.of(d, "2024-03", months=1))]
    # the data end on 5 March: the finding names March's days it covers
    assert any(x.startswith("New leads, 1 March 2024 – 5 March 2024: 30 of 40 (75.0%) have no source")
               for x in said), said


def test_a_rep_with_a_score_above_the_cap_is_shown_and_not_ranked():
    # every rep scored on calls and deals won. a: 300 % and 300 % (above the 200 % cap: not ranked, "> 200 %");
    # b: 150 % and 150 %; c: 50 % and 50 %; d: 300 % and 100 %, not ranked either and shown without a mean: Alpina's
    # Ulla Jansen led the ranking at "200 %" on a revenue target of €6,750 (577 %) while a rep whose both scores
    # were above the cap was left out; then, not ranked, her capped "200 %" read as the best mean of the table
    s = pd.DataFrame({"level": "rep", "entity": ["a", "b", "c", "d"] * 2, "kpi": ["calls"] * 4 + ["deals_won"] * 4,
                      "kind": "action", "score": [3.0, 1.5, 0.5, 3.0, 3.0, 1.5, 0.5, 1.0]})
    r = T.rank_reps(s).set_index("entity")
    assert r.loc[["b", "c"], "rank"].tolist() == [1, 2] and r.loc[["a", "d"], "rank"].isna().all()
    assert r.loc["a", "mean_score"] == 3.0 and r.loc["a", "note"].key == "note.not_ranked"
    assert pd.isna(r.loc["d", "mean_score"]) and r.loc["d", "note"].key == "note.not_ranked_some"
    # above the cap on every KPI: above the ranked reps (listed under them, bexio's two reps who sold nearly all of
    # October read as the weakest); a rep not ranked for another reason last
    assert r.index.tolist() == ["a", "b", "c", "d"]
    from crmanalysis.views import render_view

    shown = render_view(r.reset_index().assign(entity_name=lambda f: f["entity"]), "ranking", lang="en")
    rows = shown.frame
    assert rows.iloc[0].tolist()[:3] == ["–¹", "a", "> 200%"] and rows.iloc[-1].tolist()[:2] == ["–²", "d"]
    assert rows.iloc[-1].tolist()[2] == "–²"           # no mean, its footnote beside the dash
    assert "above 200% on Calls: a target that far below" in " ".join(map(str, shown.footnotes))


def test_the_deals_nobody_owns_are_no_rep_in_the_ranking():
    # HubSpot's deals without an owner scored as the rep "(unknown)" at 135 %, ranked third of the team: b (150 %)
    # and c (50 %) are ranked 1 and 2, "(unknown)" not at all
    s = pd.DataFrame({"level": "rep", "entity": ["b", "c", "(unknown)"], "kpi": "deals_won", "kind": "result",
                      "score": [1.5, 0.5, 1.35]})
    r = T.rank_reps(s)
    assert r["entity"].tolist() == ["b", "c"] and r["rank"].tolist() == [1, 2]


def test_a_teams_or_a_bots_login_is_shown_and_ranks_no_one():
    from crmanalysis.i18n import render

    # vtiger's "Team Vertrieb" stood second of three reps at 81 %: shown with its mean, ranked after the people,
    # who rank 1 and 2 (no gap where it stood); a person whose name has "team" or "bot" inside keeps a rank
    s = pd.DataFrame({"level": "rep", "entity": ["t", "j", "v", "a", "r"], "kind": "result", "kpi": "new_revenue",
                      "entity_name": ["Tobias Klein", "Julia Hoffmann", "Team Vertrieb", "Chatbot Lotta",
                                      "Robert Botha"],
                      "score": [1.23, 0.71, 0.81, 0.9, 0.5]})
    r = T.rank_reps(s).set_index("entity")
    assert r.loc[["t", "j", "r"], "rank"].tolist() == [1, 2, 3]
    assert r.loc[["v", "a"], "rank"].isna().all() and r.loc["v", "mean_score"] == pytest.approx(0.81)
    assert list(r.index)[:3] == ["t", "j", "r"]
    assert "not a person" in render(r.loc["v", "note"], "en") and "keine Person" in render(r.loc["a", "note"], "de")
    # nor a team's login in French, nor a desk's shared one: Dynamics' "Équipe Grands Comptes", Zoho Desk's
    # "Klantenservice Algemeen"; "Support" inside a person's name does not count
    from crmanalysis.analyses.levels import no_person

    names = pd.Series(["Équipe Grands Comptes", "Klantenservice Algemeen", "Service Desk", "Emma Supportina",
                       "Hold Larsen", "Marie Équipeau"])
    assert no_person(names).tolist() == [True, True, True, False, False, False]
    # nor a shared mailbox, a desk's phone or a department ranked among the reps: Simplicate's "Info Studio Noord",
    # CAS' "Vertrieb Innendienst", Webex's "Empfang" and "Vertrieb Hotline", Vonage's "Front Desk"; "Informa
    # Jansen" and "Jens Zentner" are people
    shared = pd.Series(["Info Studio Noord", "Vertrieb Innendienst", "Empfang", "Vertrieb Hotline", "Front Desk",
                        "Informa Jansen", "Jens Zentner"])
    assert no_person(shared).tolist() == [True, True, True, True, True, False, False]


def test_a_rep_without_a_score_on_a_kpi_the_others_are_ranked_on_is_not_ranked():
    from crmanalysis.i18n import render

    # Salesforce's demo org: 8 of 17 reps scored on revenue and conversations, 8 on revenue only, 1 on
    # conversations only; the one on conversations alone ranked 2nd. Here 4 reps: revenue 4 of 4, calls 2 of 4
    # (half: both are KPIs of the ranking), deals won 1 of 4 (fewer than half: left out of every mean).
    # a: revenue 0 %, calls 150 % -> 75 %; b: revenue 100 %, calls 40 % -> 70 %; c: revenue 90 % only;
    # d: revenue 20 %, deals won 200 % (left out) -> 20 %, no calls score
    s = pd.DataFrame({"level": "rep", "entity": ["a", "a", "b", "b", "c", "d", "d"],
                      "kpi": ["revenue", "calls", "revenue", "calls", "revenue", "revenue", "deals_won"],
                      "kind": "result", "score": [0.0, 1.5, 1.0, 0.4, 0.9, 0.2, 2.0]})
    r = T.rank_reps(s).set_index("entity")
    assert r.loc[["a", "b"], "rank"].tolist() == [1, 2] and r.loc[["a", "b"], "mean_score"].tolist() == [0.75, 0.7]
    assert r.loc[["c", "d"], "rank"].isna().all() and r.loc[["c", "d"], "mean_score"].tolist() == [0.9, 0.2]
    assert list(r.index) == ["a", "b", "c", "d"]                        # the unranked after the ranked
    assert r.loc["d", "kpis"] == {"kpis": ["revenue"]}
    assert render(r.loc["c", "note"], "en").startswith("no score yet on Calls, which the others are ranked on")


def test_the_same_month_last_year_is_shown_once_the_data_hold_it_not_after_two_years():
    # RavenStack: data from January 2023, report month December 2024. Page 1 compared with December 2023;
    # the seasonality table said "same month last year: no value" (it waited for 24 months before the
    # baseline's end, and had 23). Here deals won: one a month from January 2023, three in December 2023
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    months = pd.period_range("2023-01", "2024-11", freq="M")
    closes = [m.to_timestamp() + pd.Timedelta(days=9) for m in months] + [pd.Timestamp("2023-12-20")] * 2
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(len(closes))], "status": "won", "amount": 10.0,
                         "created_at": pd.Timestamp("2023-01-02"), "close_date": closes})
    d = ClientData.from_frames(ClientConfig(client_id="r"), opportunities=opps)
    spec = B.BaselineSpec("deals_won", "M", ((),), 6)
    cutoff = "2024-11-30 23:59:59.999999999"                       # the baseline: June - November 2024
    row = B.baseline(d, [spec], baseline_date=cutoff).iloc[0]
    # the month a target is set for is December 2024; a year earlier, December 2023: 1 + 2 deals won
    assert row["same_period_last_year"] == 3
    # with data from February 2024 only (created and closed then), December 2023 is before the data: no value
    after = opps[opps["close_date"] >= "2024-02-01"].assign(created_at=lambda f: f["close_date"])
    late = ClientData.from_frames(ClientConfig(client_id="r"), opportunities=after)
    assert np.isnan(B.baseline(late, [spec], baseline_date=cutoff).iloc[0]["same_period_last_year"])


def test_the_scorecard_moves_a_rate_in_points_and_an_amount_in_percent():
    # win rate 25.4 % against 32.3 % a year before: -6.9 points (not -21.4 % of itself, as a card never says);
    # new revenue €120,000 against €100,000: +20.0 %
    from crmanalysis.analyses.scorecard import shown_levels
    from crmanalysis.views import side_by_side

    card = pd.DataFrame({"kpi": ["new_revenue", "win_rate"], "unit": ["money", "ratio"], "level": "region",
                         "entity": "North", "entity_name": "North", "actual": [120_000.0, 0.254],
                         "reference": [100_000.0, 0.323], "n": [40, 40], "variance": [20_000.0, -0.069],
                         "variance_pct": [20.0, -0.069 / 0.323 * 100], "status": ["green", "red"]})
    card["change"] = [20.0, -0.069]                 # as scorecard() writes it: percent, else a rate's points
    table = side_by_side(shown_levels(card), "scorecard", keys=("level", "entity_name"), values=("actual", "change"),
                         lang="en", currency="EUR", bracket=True)
    row = table.frame.iloc[0].tolist()
    assert row[-2:] == ["€120,000 (+20.0%)", "25.4% (-6.9 points)"]


def test_same_month_last_year_under_a_plan_is_the_report_months_as_on_page_one(sample_dir):
    # Northwind's plan agreed the baseline July - December 2024; its June 2025 report's seasonality table
    # showed "same month last year" €429,990 (January 2024, the month after the plan's baseline, a year
    # back) while page 1's card read June 2024 €652,070. Plain pandas on the raw Opportunity.csv: the
    # won deals closed in June 2024 sum to 652,070 (53 deals), those of January 2024 to 429,990 (35)
    from crmanalysis.notebook import baseline_of, open_client

    nc = open_client(sample_dir / "northwind" / "client.yml", month="2025-06")
    assert nc.plan is not None
    raw = pd.read_csv(sample_dir / "northwind" / "Opportunity.csv")
    won = raw[raw["IsWon"] & (raw["CloseDate"].str[:7] == "2024-06")]
    base = baseline_of(nc, 6)
    row = base[(base["kpi"] == "new_revenue") & (base["level"] == "company")].iloc[0]
    assert row["same_period_last_year"] == pytest.approx(won["Amount"].sum())
    assert row["window_end"].strftime("%Y-%m") == "2024-12"           # the baseline's months stay the plan's


def test_a_help_desk_gets_no_sales_target_rows_and_no_sentence_about_teams_it_has_not():
    # RavenStack's support tickets without agents: its targets table listed New revenue, New leads and Sales
    # conversations as dashes ("needs deals"), and its baseline said "Every team, rep and segment has at least
    # 3 periods" under a table of the company alone. Here 8 months of 10 cases a month, no agent column
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    opened = pd.date_range("2024-01-03", periods=8, freq="MS").repeat(10) + pd.Timedelta(days=2)
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(len(opened))], "opened_at": opened,
                          "closed_at": opened + pd.Timedelta(hours=5)})
    d = ClientData.from_frames(ClientConfig(client_id="desk"), cases=cases)
    base = B.baseline(d, B.specs_for(None, 6, data=d), baseline_date="2024-08-31 23:59:59")
    rows = T.shown_targets(T.set_targets(base))
    assert set(rows["kpi"]) == {"cases_closed", "time_to_resolution_hours"}, rows[["kpi", "flag"]]
    # cases closed: 10 a month, its target 10 × 1.05 = 10.5, rounded to a whole 11 (or 10)
    assert rows.loc[rows["kpi"] == "cases_closed", "target"].iloc[0] in (10, 11)
    assert (rows["level"] == "company").all()
    assert B.flagged_sentence(base) == ""
    # the same desk with a team whose rows all have history still hears it
    team = base[base["level"] == "company"].assign(level="team", entity="T1")
    assert B.flagged_sentence(pd.concat([base, team], ignore_index=True)).startswith("Every team")
    # a desk's agents are no team, rep or segment: TOPdesk's Dutch report read "Elk team en elke verkoper"
    agent = base[base["level"] == "company"].assign(level="agent", entity="A1")
    assert B.flagged_sentence(pd.concat([base, agent], ignore_index=True), "nl").startswith("Elke medewerker heeft")
    # but not beside a row with no period at all: Salesforce's new leads ("insufficient history: 0 of 6 periods")
    from crmanalysis.i18n import Note

    leads = base[base["level"] == "company"].head(1).assign(kpi="new_leads", n_periods=0)
    leads["flag"] = pd.Series([Note("note.insufficient_history", n=0, of=6)], index=leads.index, dtype=object)
    assert B.flagged_sentence(pd.concat([base, team, leads], ignore_index=True)) == ""


def test_a_scorecard_of_the_company_alone_is_no_scorecard_by_segment():
    # Bitrix24's deals name an owner but the export has no users or accounts: its "scorecard per region,
    # industry, product group and team" showed one row, "whole company". Here deals with an owner only
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData, NotComputable

    closes = pd.date_range("2023-01-10", periods=30, freq="MS")
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(30)], "status": "won", "amount": 100.0,
                         "owner_id": ["U1", "U2"] * 15, "created_at": closes - pd.Timedelta(days=5),
                         "close_date": closes})
    d = ClientData.from_frames(ClientConfig(client_id="owners"), opportunities=opps)
    with pytest.raises(NotComputable) as err:
        scorecard(d, ["new_revenue"], window=Window.of(d, "2025-06", months=12, end_of_data="2025-06-30"),
                  by_segment=True)
    assert str(err.value).startswith("needs the user list or accounts"), err.value
    # with the deals' region on the rows, the card has its segments: 12 deals of 100 in July 2024 - June 2025
    d2 = ClientData.from_frames(ClientConfig(client_id="regions"), opportunities=opps.assign(region=["N", "S"] * 15))
    card = scorecard(d2, ["new_revenue"], window=Window.of(d2, "2025-06", months=12, end_of_data="2025-06-30"),
                     by_segment=True)
    assert card.loc[card["level"] == "company", "actual"].tolist() == [1200.0]
    assert set(card["level"]) >= {"company", "region"}


def test_a_kpi_scored_per_week_and_per_month_counts_once_in_a_reps_mean():
    # Northwind's Daan Smit: revenue 0 %, deals won 0 %, open pipeline 164.8 %, sales conversations 120.8 % a
    # month and 80.6 % a week; the ranking read 73 % = (0 + 0 + 164.8 + 120.8 + 80.6) / 5 beside "KPIs
    # averaged: Deals won, New revenue, Open pipeline, Sales conversations". One score per KPI, the month's:
    # of the conversations alone 120.8 %, not (80.6 + 120.8) / 2 = 100.7 %
    s = pd.DataFrame({"level": "rep", "entity": "ds", "kind": ["result", "result", "result", "action", "action"],
                      "kpi": ["new_revenue", "deals_won", "open_pipeline_value", "sales_conversations",
                              "sales_conversations"], "period": ["M", "M", "M", "W", "M"],
                      "score": [0.0, 0.0, 1.648, 0.806, 1.208]})
    assert T.rank_reps(s[s["kind"] == "action"]).iloc[0]["mean_score"] == pytest.approx(1.208)
    # with results scored, he is ranked on what he brought in: (0 + 0) / 2 = 0 %
    r = T.rank_reps(s).iloc[0]
    assert r["mean_score"] == 0 and r["kpis"] == {"kpis": ["deals_won", "new_revenue"]}
    # and the heatmap's rows (rep_scores) hold the month's 120.8 %, not the mean of the two grains (100.7 %)
    rows = T.rep_scores(s.assign(target=1.0, actual=s["score"]))
    assert len(rows) == 4
    assert rows.loc[rows["kpi"] == "sales_conversations", "score"].tolist() == [1.208]


def test_a_scorecard_row_with_a_target_is_measured_against_the_target_of_its_months():
    # 24 won deals of 100 from February 2023, one a month; twelve months to June 2025 hold 12 of them: 1,200.
    # A company target of 50 a month is 600 over the twelve months: reference 600, variance +600, +100 %
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    closes = pd.date_range("2023-01-10", periods=30, freq="MS")
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(30)], "status": "won", "amount": 100.0,
                         "region": ["N", "S"] * 15, "created_at": closes - pd.Timedelta(days=5), "close_date": closes})
    d = ClientData.from_frames(ClientConfig(client_id="t"), opportunities=opps)
    targets = pd.DataFrame({"level": ["company"], "entity": ["all"], "kpi": ["new_revenue"], "target": [50.0]})
    card = scorecard(d, ["new_revenue"], window=Window.of(d, "2025-06", months=12, end_of_data="2025-06-30"),
                     targets=targets)
    row = card[card["level"] == "company"].iloc[0]
    assert (row["actual"], row["reference"], row["reference_kind"], row["variance_pct"]) == (1200.0, 600.0, "target",
                                                                                            100.0)
    assert (card.loc[card["level"] == "region", "reference_kind"] == "last year").all()


def test_the_weekly_starter_covers_the_months_of_the_monthly_ones():
    # Northwind's sales conversations read 164 a week over 13 weeks (30 September - 29 December 2024) beside 804
    # a month over July - December 2024: two windows, and trends of -3.7 % and -7.3 %. Six months are 26 weeks
    # (6 × 52 / 12 = 26), and the weeks end with the months
    periods = {s.kpi: s.n_periods for s in B.default_specs(6) if s.period == "W"}
    assert periods == {"sales_conversations": 26}
    assert {s.kpi: s.n_periods for s in B.DEFAULT_SPECS if s.period == "W"} == periods
    end = pd.Timestamp("2024-12-31 23:59:59.999999999")
    (ws, we), (ms, me) = B.complete_periods("W", end, 26), B.complete_periods("M", end, 6)
    assert abs((ws - ms).days) < 7 and abs((we - me).days) < 7


def test_a_stocks_baseline_is_where_it_stands_at_the_baselines_end():
    # The SaaS export's MRR grew from US$1.3 million to US$10.2 million in a year; the median of its six
    # baseline month-ends (US$5,578,113) was below every month since August, and December scored 173 % of a
    # target of US$5,860,000. Here one contract of 100 more starts every month from January 2024: the MRR at the
    # ends of July - December 2024 is 700, 800, ..., 1,200. Baseline = December's 1,200 (the median would be
    # 950); the usual range stays the middle half, 825 - 1,075; new revenue (an event) keeps its median
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    starts = pd.date_range("2024-01-01", periods=12, freq="MS") + pd.Timedelta(days=4)
    contracts = pd.DataFrame({"contract_id": [f"K{i}" for i in range(12)], "account_id": "A", "mrr": 100.0,
                              "start_date": starts, "end_date": pd.NaT})
    data = ClientData.from_frames(ClientConfig(client_id="saas"), contracts=contracts)
    spec = B.BaselineSpec("mrr", "M", ((),), 6)
    row = B.baseline(data, [spec], baseline_date="2024-12-31 23:59:59.999999999").iloc[0]
    assert (row["baseline"], row["median"], row["q1"], row["q3"]) == (1200, 950, 825, 1075)
    # the target starts from it: 1,200 × 1.05 = 1,260
    assert T.set_targets(B.baseline(data, [spec], baseline_date="2024-12-31 23:59:59.999999999"))[
        "target"].iloc[0] == 1260
    # an event KPI's baseline is still its median: months 1000, 3000, 2000 of the mini client
    rev = B.baseline(mini(), [B.BaselineSpec("new_revenue", "M", ((),), 3)], baseline_date="2024-04-10").iloc[0]
    assert rev["baseline"] == rev["median"] == 2000
    # the table shows 1,200 beside from-to 825 - 1,075 with a note on why it lies above them
    from crmanalysis.i18n import render

    shown = B.report_rows(B.starter_rows(B.baseline(data, [spec], baseline_date="2024-12-31 23:59:59.999999999")))
    assert [render(f, "en") for f in shown["flag"]] == [
        "where it stood at the end of December 2024, above the middle half of the months before: it grew"]


def test_a_month_at_its_usual_level_is_never_red():
    # a target of a few deals is one more than the usual month: Bitrix24's usual 3 deals gave a target of 4, and
    # a July of 3 (75 %) read red. Rows: usual 3, target 4, actual 3 -> 75 %, amber; actual 2 -> 50 %, red;
    # lower is better: usual 10 hours, target 8, actual 10 -> 80 %, amber anyway; actual 13 -> 61.5 %, red
    frame = pd.DataFrame({"kpi": "x", "actual": [3.0, 2.0, 10.0, 13.0], "baseline": [3.0, 3.0, 10.0, 10.0],
                          "target": [4.0, 4.0, 8.0, 8.0], "direction": ["higher", "higher", "lower", "lower"]})
    s = T.score(frame["actual"], frame["target"], frame["direction"])
    assert list(T.status(s)) == ["red", "red", "amber", "red"]
    assert list(T.status(s, usual=T.at_usual(frame))) == ["amber", "red", "amber", "red"]
    # a lower-is-better month at its usual level below 80 %: usual 10, target 7, actual 10 -> 70 %, amber
    low = frame.assign(target=7.0).iloc[[2]]
    assert list(T.status(T.score(low["actual"], low["target"], low["direction"]), usual=T.at_usual(low))) == ["amber"]


def test_a_stock_that_dips_at_the_baselines_end_starts_from_its_median_month_end():
    # Northwind's open pipeline stood at €973,600 at the end of December 2024 against month-ends of €1.5-2.1
    # million before it; its target of €1,070,000 scored June's €1,966,730 at 184 %: the way back counted as
    # progress. Here ten contracts of 100 run from January 2024 and five of them end on 15 December: the MRR at the
    # ends of July - December 2024 is 1,000 five times, then 500. The middle half is 1,000 - 1,000; 500 lies below
    # it, so the baseline is the median month-end, 1,000, and the target 1,000 × 1.05 = 1,050 (from the dip: 525)
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData
    from crmanalysis.i18n import render

    ends = [pd.Timestamp("2024-12-15")] * 5 + [pd.NaT] * 5
    contracts = pd.DataFrame({"contract_id": [f"K{i}" for i in range(10)], "account_id": [f"A{i}" for i in range(10)],
                              "mrr": 100.0, "start_date": pd.Timestamp("2024-01-05"), "end_date": ends})
    data = ClientData.from_frames(ClientConfig(client_id="saas"), contracts=contracts)
    base = B.baseline(data, [B.BaselineSpec("mrr", "M", ((),), 6)], baseline_date="2024-12-31 23:59:59.999999999")
    row = base.iloc[0]
    assert (row["end_level"], row["baseline"], row["median"], row["q1"], row["q3"]) == (500, 1000, 1000, 1000, 1000)
    assert T.set_targets(base)["target"].iloc[0] == 1050
    assert B.started_from_median(base).tolist() == [True]
    assert not B.started_from_median(base.assign(end_level=1000.0)).any()     # ended at its median: no dip
    shown = B.report_rows(B.starter_rows(base))
    assert [render(f, "en") for f in shown["flag"]] == [
        "the median month-end: at the end of December 2024 it stood outside the middle half of the months before, "
        "on its weak side, and a target from there would count the way back as progress"]


def test_a_rep_is_ranked_on_what_he_brings_in_not_on_his_calls_or_his_pipeline():
    # Salesforce's ranking was led by James Mckenzie at 66 % = (revenue 0 % + calls 132 %) / 2, above the month's
    # top seller; Polderbouw's Xander Bakker (no deal, open pipeline above 200 %) stood above Greta Koch, who sold.
    # Here a: revenue 0 %, calls 132 %; b: revenue 78 %, calls 0 %; x: revenue 0 %, deals won 0 %, open pipeline
    # 300 %; g: revenue 50 %, deals won 50 %, open pipeline 20 %
    s = pd.DataFrame({"level": "rep", "entity": ["a", "a", "b", "b"], "kpi": ["new_revenue", "calls"] * 2,
                      "kind": ["result", "action"] * 2, "score": [0.0, 1.32, 0.78, 0.0]})
    r = T.rank_reps(s).set_index("entity")
    assert r.loc[["b", "a"], "rank"].tolist() == [1, 2] and r.loc["b", "kpis"] == {"kpis": ["new_revenue"]}
    s = pd.DataFrame({"level": "rep", "entity": ["x"] * 3 + ["g"] * 3,
                      "kpi": ["new_revenue", "deals_won", "open_pipeline_value"] * 2, "kind": "result",
                      "score": [0.0, 0.0, 3.0, 0.5, 0.5, 0.2]})
    r = T.rank_reps(s).set_index("entity")
    assert r.loc[["g", "x"], "mean_score"].tolist() == [0.5, 0.0] and r.loc["g", "rank"] == 1


def test_a_rep_with_almost_nothing_in_the_baseline_months_is_told_which_months_those_were():
    # Salesforce's Michael Campos: "no baseline yet" beside US$374,155 sold in the efficiency table's six
    # months; his baseline months were others, and the note now names them
    from crmanalysis.analyses.targets import set_targets
    from crmanalysis.i18n import render

    base = pd.DataFrame({"kpi": "new_revenue", "period": "M", "level": "rep", "entity": ["A", "B", "C"],
                         "unit": "money", "direction": "higher", "kind": "result", "flag": "",
                         "baseline": [1000.0, 1200.0, 50.0], "median": [1000.0, 1200.0, 50.0],
                         "window_start": pd.Timestamp("2024-01-01"), "window_end": pd.Timestamp("2024-06-30")})
    tg = set_targets(base, uplift=0.05).set_index("entity")
    # the median of 50, 1,000 and 1,200 is 1,000; 50 is below a tenth of it (100): no target for C
    assert tg.loc["A", "target"] == 1050 and tg.loc["B", "target"] == 1260 and np.isnan(tg.loc["C", "target"])
    assert render(tg.loc["C", "flag"], "en") == ("no target yet: the baseline of January 2024 – June 2024 was "
                                                  "below 10% of the team's median")
    assert render(tg.loc["A", "flag"], "en") == ""
    # a person of one month keeps that reason, as the baseline chapter counts him: Bitrix24's rep of one month at 0
    from crmanalysis.i18n import Note, note_column

    short = base.assign(flag=note_column(["", "", Note("note.insufficient_history", n=1, of=6)], base.index))
    flag = set_targets(short, uplift=0.05).set_index("entity").loc["C", "flag"]
    assert render(flag, "en") == "insufficient history: 1 of 6 periods"


def test_a_rates_baseline_is_its_rate_over_the_baseline_months_not_the_median_month():
    # Polderbouw's Lars Jansen had a win-rate target of 4.0 %: the median of six monthly rates, most of
    # them months of few deals, while the six months together held 13.5 %. Here one rep over six months
    # decides 2, 10, 2, 10, 2, 10 deals and wins 0, 5, 0, 5, 0, 1 of them: the monthly rates 0, 50, 0, 50,
    # 0 and 10 % have the median (0 + 10) / 2 = 5 %; won of decided is (5 + 5 + 1) / 36 = 30.6 %
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    decided, won = [2, 10, 2, 10, 2, 10], [0, 5, 0, 5, 0, 1]
    rows = [(m, i < w) for m, (n, w) in enumerate(zip(decided, won, strict=True), start=1) for i in range(n)]
    when = pd.to_datetime([f"2024-{m:02d}-15" for m, _ in rows])
    opps = pd.DataFrame({"opportunity_id": [f"D{i}" for i in range(len(rows))], "account_id": "A",
                         "owner_id": "U1", "amount": 100.0, "status": ["won" if w else "lost" for _, w in rows],
                         "created_at": when - pd.Timedelta(days=5), "close_date": when})
    d = ClientData.from_frames(ClientConfig(client_id="rates"), opportunities=opps)
    base = B.baseline(d, [B.BaselineSpec("win_rate", "M", ((), ("owner_id",)), 6)], baseline_date="2024-07-01")
    rep = base[base["level"] == "rep"].iloc[0]
    assert rep["median"] == pytest.approx(0.05)                  # the typical month, still shown as such
    assert rep["baseline"] == pytest.approx(11 / 36)            # what the target starts from
    tg = T.set_targets(base).set_index("level")
    assert tg.loc["rep", "target"] == pytest.approx(0.32)       # 30.6 % × 1.05 = 32.1 %, rounded to 32 %


def test_the_suggested_climb_is_what_the_step_up_section_says_a_little_a_month_up_to_20_percent():
    # the section reads "without a plan … a little each month, up to 20 % above this month's target":
    # by hand from a target of 1,000,000 at 5 % a month: 1,050,000, 1,102,500, 1,157,625, then 1,200,000 held
    tg = pd.DataFrame({"kpi": ["new_revenue"], "label": ["New revenue"], "unit": ["money"], "level": ["company"],
                       "direction": ["higher"], "target": [1_000_000.0]})
    plan = T.step_up_for(tg, periods=6, step=0.05, first="2023-09")
    assert plan["target_raw"].round(2).tolist() == [1_000_000, 1_050_000, 1_102_500, 1_157_625, 1_200_000, 1_200_000]
    assert plan["month"].tolist()[-1] == "2024-02"


def test_the_revenue_chart_of_reps_holds_the_reps_without_a_target_too():
    # Salesforce's Michael Campos booked US$51,000 of March 2022's US$136,000 but had no target (his baseline
    # was below a tenth of the median rep's): the chart of revenue per rep left him out, and a quarter of the
    # month's revenue with him. The ranking still leaves him out; the chart shows him without a target.
    s = pd.DataFrame({"level": "rep", "entity": ["kc", "mc", "lb", "zz"], "kpi": "new_revenue", "period": "M",
                      "kind": "result", "actual": [60_000.0, 51_000.0, 0.0, np.nan],
                      "target": [300_000.0, np.nan, 70_000.0, np.nan]})
    s["score"] = s["actual"] / s["target"]
    assert T.rep_scores(s, kpi="new_revenue")["entity"].tolist() == ["kc", "lb"]
    shown = T.rep_scores(s, kpi="new_revenue", untargeted=True)
    # by hand: kc and lb have targets; mc has revenue and no target; zz has neither, so no bar
    assert shown["entity"].tolist() == ["kc", "mc", "lb"]
    assert shown["actual"].sum() == 111_000
    # without any rep target there is nothing to chart against
    from crmanalysis.data import NotComputable

    with pytest.raises(NotComputable):
        T.rep_scores(s.assign(target=np.nan), kpi="new_revenue", untargeted=True)


def test_the_reps_a_months_chart_shows_without_a_target_are_named_with_why():
    # Acumatica's chart of September's revenue per rep showed rep 10 grey ("no target yet") while the list of reps
    # without a target left him out: he sold in September, in none of the 6 baseline months. By hand: a has a
    # target; g sold 5,000 with no baseline month (0 of 6); e sold 300 in 2 of 6; c's baseline is near zero;
    # h sold nothing this month (no bar to explain); the deals without an owner are no rep
    from crmanalysis.i18n import Note

    flag = pd.Series([None, Note("note.insufficient_history", n=0, of=6), Note("note.insufficient_history", n=2, of=6),
                      Note("note.near_zero_months", share=0.1, start="2023-03", end="2023-08"),
                      Note("note.insufficient_history", n=0, of=6), None], dtype=object)
    chart = pd.DataFrame({"entity": ["a", "g", "e", "c", "h", "(unknown)"],
                          "entity_name": ["a", "g", "e", "c", "h", "?"], "n_periods": [6, 0, 2, 6, 0, 6],
                          "target": [100.0] + [np.nan] * 5,
                          "actual": [120.0, 5000.0, 300.0, 40.0, 0.0, 900.0], "flag": flag})
    assert T.untargeted_sentence(chart, "en") == (
        "In grey, reps who sold without a target yet: g (no sales in the baseline months); "
        "e (sales in too few of the baseline months); "
        "c (a baseline below 10% of the team's median).")
    assert "g (geen verkoop in de maanden van de nulmeting)" in T.untargeted_sentence(chart, "nl")
    # everyone who sold has a target: nothing to say
    assert T.untargeted_sentence(chart.iloc[[0, 4, 5]], "en") == ""
    # rows that do not say their periods are not taken for reps without a single month of sales
    said = T.untargeted_sentence(chart.drop(columns="n_periods"), "en")
    assert "no sales in the baseline months" not in said and "g, e (sales in too few" in said


def test_a_sentence_says_why_the_reps_targets_do_not_add_up_to_the_companys():
    # Salesforce: the 16 reps' revenue targets summed to US$2.79 million against the company's US$3.9 million,
    # and nothing said why. By hand: reps 100 + 200 = 300 against 400 (25 % apart); c sold too little for a
    # target (baseline 5, no target); d never sold (no baseline) and is not counted as waiting for one
    from crmanalysis.i18n import Note

    tg = pd.DataFrame({"kpi": "new_revenue", "period": "M", "unit": "money",
                       "level": ["company", "rep", "rep", "rep", "rep"], "entity": ["all", "a", "b", "c", "d"],
                       "baseline": [380.0, 95.0, 190.0, 5.0, np.nan], "target": [400.0, 100.0, 200.0, np.nan, np.nan]})
    said = T.rep_sum_sentence(tg, "en", "USD")
    assert said.startswith("The new revenue targets of the 2 reps who have one add up to US$300 a month, against "
                           "the company's US$400")
    assert said.endswith("Reps without a target yet: c (a baseline below 10% of the team's median).")
    # 400 - 300 = 100 of the company's target is nobody's: the review agrees who carries it
    assert "The remaining US$100 a month is no rep's target: agree with the team who carries it." in said
    # reps' targets above the company's leave nothing to carry
    above = T.rep_sum_sentence(tg.assign(target=[400.0, 300.0, 200.0, np.nan, np.nan]), "en", "USD")
    assert above.startswith("The new revenue targets of the 2 reps who have one add up to US$500") \
        and "remaining" not in above
    # within 5 % of the company's (390 against 400): nothing to explain
    assert T.rep_sum_sentence(tg.assign(target=[400.0, 100.0, 290.0, np.nan, np.nan]), "en", "USD") == ""
    # the deals nobody owns, with a target of their own (50), are no rep: still "the 2 reps", US$300
    nobody = pd.concat([tg, tg.iloc[[1]].assign(entity="(unknown)", target=50.0)], ignore_index=True)
    assert T.rep_sum_sentence(nobody, "en", "USD").startswith("The new revenue targets of the 2 reps who have one "
                                                               "add up to US$300 a month")
    # Acumatica: "Reps without a target yet: 6" beside 24 baselines, 18 targets and 2 short histories. The six
    # were the deals without an owner (no rep), 2 reps with sales in too few months and 3 near zero. Here e has
    # sales in 2 of 6 months, c sold too little, and the deals without an owner have a small baseline
    # f sold in one month: no baseline at all, and counted as the baseline chapter counts its short reps (Bitrix24:
    # "2 reps have fewer than 3 periods" there, "1 with sales in too few of the baseline months" here)
    short = pd.Series([Note("note.insufficient_history", n=2, of=6), Note("note.insufficient_history", n=1, of=6),
                       None], dtype=object)
    more = pd.DataFrame({"kpi": "new_revenue", "period": "M", "unit": "money", "level": "rep",
                         "entity": ["e", "f", "(unknown)"], "baseline": [50.0, np.nan, 3.0], "n_periods": [2, 1, 6],
                         "target": np.nan, "flag": short})
    said = T.rep_sum_sentence(pd.concat([tg.assign(flag=None, n_periods=[6, 6, 6, 6, 0]), more], ignore_index=True),
                              "en", "USD")
    assert said.endswith("Reps without a target yet: e, f (sales in too few of the baseline months); "
                         "c (a baseline below 10% of the team's median)."), said
    # more than four in a group are counted, not named
    many = pd.concat([more.iloc[:1].assign(entity=f"s{i}") for i in range(5)], ignore_index=True)
    said = T.rep_sum_sentence(pd.concat([tg.assign(flag=None, n_periods=[6, 6, 6, 6, 0]), many], ignore_index=True),
                              "en", "USD")
    assert said.endswith("Reps without a target yet: 5 reps (sales in too few of the baseline months); "
                         "c (a baseline below 10% of the team's median)."), said


def test_the_targets_a_step_up_cut_short_halfway_to_the_top_are_found():
    # RavenStack's retention target of 99.3 % could not be read from "5 % better" than 98.68 %: 98.68 x 1.05 =
    # 103.6 % passes 100 %, so the target closes half the gap, 98.68 + 1.32 / 2 = 99.34 -> 99.3 %. A 50 % win rate
    # is not near the top (52.5 % < 75 %); a score of 4.8 is (5.04 > 4.9); a lower-is-better share never is, nor
    # a rep's row (the page speaks of the company's targets)
    base = pd.DataFrame({"kpi": ["retention_rate", "win_rate", "csat_mean", "churn_rate", "retention_rate"],
                         "unit": ["ratio", "ratio", "score", "ratio", "ratio"],
                         "direction": ["higher", "higher", "higher", "lower", "higher"],
                         "median": [0.98682, 0.5, 4.8, 0.02, 0.99], "flag": [""] * 5,
                         "level": ["company"] * 4 + ["rep"], "entity": ["all"] * 4 + ["r1"], "period": ["M"] * 5})
    tg = T.set_targets(base)
    assert tg["target"].iloc[0] == pytest.approx(0.993)
    assert T.stopped_halfway(tg) == ["retention_rate", "csat_mean"]


def test_the_targets_explanation_names_the_rounding_of_every_unit():
    from crmanalysis.analyses.targets import round_target
    from crmanalysis.texts import t

    # Northwind's CSAT target read 4.00 from a baseline of 3.67 and "10% above" (4.037): scores are rounded to a
    # tenth, which the explanation did not say; nor for hours (a median of 10.46 h, 5 % down: 9.9 h)
    text = t("nb.targets.table", "en")
    assert round_target(3.67 * 1.10, "score") == 4.0 and "scores to a tenth" in text
    assert round_target(10.46 * 0.95, "hours", "lower") == 9.9 and "hours and scores to a tenth" in text
    assert round_target(40.3, "days", "lower") == 40.0 and "Counts and days are rounded to whole numbers" in text


def test_the_reps_are_not_ranked_on_a_month_below_a_third_of_the_usual_one():
    from crmanalysis.analyses.targets import thin_sentence

    # Salesforce's March 2022 cards: new revenue US$136,000 against a usual month of US$3,717,466 (3.7 %, below a
    # third), 5 deals won against 51.5 (9.7 %): page 1 withheld the colour, the rep pages ranked 14 reps at 0 %
    cards = [{"kpi": "new_revenue", "unit": "money", "value": 136_000.0, "usual": 3_717_466.0},
             {"kpi": "deals_won", "unit": "count", "value": 5.0, "usual": 51.5},
             {"kpi": "win_rate", "unit": "ratio", "value": 0.132, "usual": 0.5}]
    # the furthest below is named: 136,000 / 3,717,466 = 3.66 %, shown as 4 %
    assert thin_sentence(cards, "March 2022", "en").startswith(
        "The reps are not ranked on March 2022: it holds 4% of the usual month's New revenue")
    # a third of the usual month or more is a weak month like any other (3,717,466 / 3 = 1,239,155.3; 51.5 / 3 =
    # 17.17); a rate is no count that an export cut short would thin
    ok = [{**cards[0], "value": 1_239_156.0}, {**cards[1], "value": 17.2}, cards[2]]
    assert thin_sentence(ok, "March 2022", "en") == ""
    # what comes in (cases opened) is no result the reps are ranked on, nor is a level (MRR) an export cut short
    other = [{"kpi": "cases_opened", "unit": "count", "value": 1.0, "usual": 100.0},
             {"kpi": "mrr", "unit": "money", "value": 1.0, "usual": 100.0}]
    assert thin_sentence(other, "March 2022", "en") == ""


def test_a_level_whose_segments_repeat_another_levels_is_shown_once():
    from crmanalysis.analyses import scorecard as S

    # Alpina's teams are its regions ("Team Central" holds what "Central" holds): the scorecard printed the same
    # numbers twice. Here regions A, B hold 10 and 20 deals; teams TA, TB hold 10 and 20; industries X, Y 15 and 15
    rows = [("company", "all", 30.0), ("region", "A", 10.0), ("region", "B", 20.0), ("team", "TA", 10.0),
            ("team", "TB", 20.0), ("industry", "X", 15.0), ("industry", "Y", 15.0)]
    card = pd.DataFrame([{"level": lv, "entity": e, "kpi": "deals_won", "actual": v, "n": 1} for lv, e, v in rows])
    assert S.same_levels(card) == {"team": "region"}
    assert sorted(set(S.shown_levels(card)["level"])) == ["company", "industry", "region"]
    assert S.shown_sentence(card, "en") == ("The segments per team hold the same numbers as those per region, one "
                                            "for one: they are shown once, per region.")
    # one team off by a deal is a level of its own
    card.loc[card["entity"] == "TB", "actual"] = 21.0
    assert S.same_levels(card) == {} and S.shown_sentence(card, "en") == ""


def test_a_weekly_target_is_scored_on_the_complete_weeks_that_start_in_the_month():
    # 10 calls every day from Sunday 1 November 2026 to Monday 7 December: a week of 70 calls. The weeks that
    # start in November and end by the export's end (7 December) are those of 2, 9, 16, 23 and 30 November: 70
    # each. The week of 26 October holds only 1 November (10) and started before the month: not one of them.
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    days = pd.date_range("2026-11-01 10:00", "2026-12-07 10:00", freq="D")
    calls = pd.DataFrame({"activity_id": [f"a{i}-{k}" for i in range(len(days)) for k in range(10)],
                          "type": "call", "owner_id": "u1", "completed": True,
                          "scheduled_at": np.repeat(days.to_numpy(), 10)})
    data = ClientData.from_frames(ClientConfig(client_id="w"), activities=calls)
    targets = pd.DataFrame({"kpi": ["calls"], "period": ["W"], "level": ["company"], "entity": ["all"],
                            "target": [70.0], "direction": ["higher"], "baseline": [70.0]})
    sc = T.scores(data, targets, window=Window.of(data, "2026-11"))
    assert sc["actual"].tolist() == [70.0] and sc["score"].tolist() == [1.0]
    # an export that ends on Friday 27 November 10:00: the week of the 23rd (50 calls so far) is not complete,
    # those of 2, 9 and 16 November are
    short = data.replace(activities=calls[calls["scheduled_at"] < pd.Timestamp("2026-11-27 12:00")])
    sc = T.scores(short, targets, window=Window.of(short, "2026-11"))
    assert sc["actual"].tolist() == [70.0]


def _won_deals(rows, regions=None):
    """Won deals of (amount, close date) rows, with a region each where *regions* gives one."""
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    opps = pd.DataFrame({"opportunity_id": [f"D{i}" for i in range(len(rows))], "amount": [r[0] for r in rows],
                         "status": ["won"] * len(rows), "created_at": pd.to_datetime([r[1] for r in rows]),
                         "close_date": pd.to_datetime([r[1] for r in rows])})
    if regions:
        opps["region"] = regions
    return ClientData.from_frames(ClientConfig(client_id="yoy"), opportunities=opps)


def test_a_year_on_year_comparison_keeps_to_the_months_the_data_reach_back_to():
    from crmanalysis.analyses.scorecard import window_sentence

    # a deal of 100 on the 15th of each month from September 2025, S in the even months of the run, N in the odd
    # ones; October 2026's (N) is 50. Twelve months to October 2026 asked: November 2024 – October 2025 holds two
    # months of deals against twelve (1,150 against 200 read +475 %). Only September – October 2026 have their
    # months a year earlier in the data: 100 + 50 = 150 against 100 + 100 = 200.
    months = pd.date_range("2025-09-01", "2026-10-01", freq="MS") + pd.Timedelta(days=14)     # the 15th
    amounts = [100.0] * (len(months) - 1) + [50.0]
    d = _won_deals(list(zip(amounts, months, strict=True)),
                   regions=["N" if i % 2 else "S" for i in range(len(months))])
    w = Window.of(d, "2026-10", months=12, end_of_data="2026-10-31")
    card = scorecard(d, ["new_revenue"], window=w, levels=("region",), include_combination=False)
    company = card[card["level"] == "company"].iloc[0]
    assert (company["actual"], company["reference"], company["window"]) == (150.0, 200.0, "2026-09–2026-10")
    assert window_sentence(card, "en").startswith("September 2026 – October 2026 against the same months a year "
                                                   "earlier (September 2025 – October 2025): the export starts in "
                                                   "September 2025")
    # the drill-down compares the same months: N fell from 100 to 50 where the whole moved by 150 / 200, so it
    # would have made 75; its gap is 50 − 75 = −25
    drill = drill_path(d, "new_revenue", window=w, levels=("region",))
    assert drill[["segment", "actual", "reference", "gap", "window"]].values.tolist() == [
        ["N", 50.0, 100.0, -25.0, "2026-09–2026-10"]]


def test_no_year_on_year_comparison_before_a_year_of_data_and_no_drill_without_segments():
    from crmanalysis.data import NotComputable

    # deals from November 2025: October 2026 has no month a year earlier in the data
    d = _won_deals([(100.0, "2025-11-15"), (100.0, "2026-10-15")], regions=["N", "S"])
    w = Window.of(d, "2026-10", months=12, end_of_data="2026-10-31")
    with pytest.raises(NotComputable, match="starts in November 2025, less than a year before October 2026"):
        scorecard(d, ["new_revenue"], window=w, levels=("region",))
    # deals naming no region: one segment, the whole business, has no shortfall to find (a rounding error of
    # 1e-12 was "the weakest segment: (unknown) (region), +859 %")
    from crmanalysis.data import ClientData

    d = _won_deals([(100.0, "2025-10-15"), (1100.0 / 3, "2026-10-15"), (1100.0 / 3, "2026-10-16"),
                    (1100.0 / 3, "2026-10-17")])
    opps = d.opportunities.assign(owner_id="U1")        # a user list without regions, as a draft derives one
    d = ClientData.from_frames(d.config, opportunities=opps, users=pd.DataFrame({"user_id": ["U1"], "name": ["Ann"]}))
    with pytest.raises(NotComputable, match="region, industry, product group or team of deals"):
        drill_path(d, "new_revenue", window=Window.of(d, "2026-10", months=1, end_of_data="2026-10-31"),
                   levels=("region",))


def _calls(per_month: dict[str, int]):
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    # each month's calls on its 10th - 20th, at noon, so every week of the month holds some
    when = [pd.Timestamp(f"{m}-{10 + i % 11:02d} 12:00") for m, k in per_month.items() for i in range(k)]
    calls = pd.DataFrame({"activity_id": [f"a{i}" for i in range(len(when))], "type": "call", "owner_id": "u1",
                          "completed": True, "scheduled_at": when})
    return ClientData.from_frames(ClientConfig(client_id="late"), activities=calls)


def test_a_baseline_starts_where_the_kpis_records_start_in_earnest_within_its_window():
    from crmanalysis.notebook import late_start_sentence

    # Salesforce's demo org: 0, 2, 4, 10, 17 sales conversations a month September 2021 - January 2022, then 1,454
    # in February: a baseline of 2 a week and a target of 3. Here 2, 4, 10, 14, 0 calls October - February and 300
    # in March: each month before March holds less than 5 % of it (14 / 300 = 4.7 %). The baseline as of 15 April
    # takes the complete months October - March; it starts in March, 1 period: median 300, and the 2 + 4 + 10 +
    # 14 = 30 calls before it are said
    d = _calls({"2025-10": 2, "2025-11": 4, "2025-12": 10, "2026-01": 14, "2026-03": 300})
    row = B.baseline(d, [B.BaselineSpec("calls", "M", ((),), 6)], baseline_date="2026-04-15").iloc[0]
    assert (row["n_periods"], row["median"], row["lead_in_n"]) == (1, 300, 30)
    assert row["measured_from"] == pd.Timestamp("2026-03-01")
    client = type("C", (), {"lang": "en"})()
    said = late_start_sentence(client, pd.DataFrame([{**row, "level": "company"}]))
    assert said.startswith("Calls: measured from March 2026") and " 30 " in said
    # per week: the 26 weeks 13 October - 12 April (after October's 2 calls of the 10th and 11th: 28 before March);
    # from the first with calls in March (9 - 15 March) to the last, 5 weeks. Without the rule, from 10 November
    w = B.baseline(d, [B.BaselineSpec("calls", "W", ((),), 26)], baseline_date="2026-04-15").iloc[0]
    assert w["measured_from"] == pd.Timestamp("2026-03-01") and w["n_periods"] == 5 and w["lead_in_n"] == 28


def test_a_dip_after_the_first_month_or_a_business_that_grows_is_no_late_start():
    # an August of 3 between months of 100 (a holiday): the months before it stay; a business of 3, 11, 17, 31, 45,
    # 60 calls: its first month holds 5 % of 60 (3 / 60 = 5.0 %), not less
    for months in ({"2025-07": 100, "2025-08": 3, "2025-09": 100, "2025-10": 100, "2025-11": 100, "2025-12": 100},
                   {"2025-07": 3, "2025-08": 11, "2025-09": 17, "2025-10": 31, "2025-11": 45, "2025-12": 60}):
        row = B.baseline(_calls(months), [B.BaselineSpec("calls", "M", ((),), 6)],
                         baseline_date="2026-01-15").iloc[0]
        assert row["n_periods"] == 6 and pd.isna(row["measured_from"]) and row["lead_in_n"] == 0


def test_a_baseline_chart_shades_the_months_its_baseline_is_measured_over():
    # the table says sales conversations are measured from February 2022 of September - February: the chart's
    # grey baseline months start there too (they shaded September - February over a line at 0 until February)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from crmanalysis.plots import _trend_panel

    weeks = pd.date_range("2021-08-30", "2022-02-21", freq="W-MON")
    series = pd.DataFrame({"period_start": weeks, "period": "W", "value": [2.0] * (len(weeks) - 4) + [360.0] * 4})
    row = pd.Series({"baseline": 358.5, "q1": 356, "q3": 366, "stock": False, "rate": False,
                     "window_start": pd.Timestamp("2021-08-30"), "window_end": pd.Timestamp("2022-02-27 23:59"),
                     "measured_from": pd.Timestamp("2022-02-01")})
    fig, ax = plt.subplots()
    _trend_panel(ax, series, row, unit="count", currency="USD", lang="en", as_of="2022-03-31")
    shade = [p for p in ax.patches if p.get_label() == "Baseline months"]
    assert mdates.num2date(shade[0].get_x()).date() == pd.Timestamp("2022-02-01").date()
    plt.close(fig)


def test_a_call_log_alone_gets_a_baseline_and_a_target_for_each_rep_who_calls():
    # HubSpot's calls by owner: its baseline and targets were the team's alone, and "Scores for the report month"
    # said it needed targets per rep. Here two reps over 8 months: a makes 6 calls a month, b 4 (all held)
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    month = pd.date_range("2024-01-01", periods=8, freq="MS")
    when = [m + pd.Timedelta(days=d, hours=10) for m in month for d in range(10)]
    owner = (["a"] * 6 + ["b"] * 4) * len(month)
    acts = pd.DataFrame({"activity_id": [f"A{i}" for i in range(len(when))], "type": "call", "owner_id": owner,
                         "scheduled_at": when, "completed": True})
    d = ClientData.from_frames(ClientConfig(client_id="dialer"), activities=acts)
    base = B.baseline(d, B.specs_for(None, 6, data=d), baseline_date="2024-08-31 23:59:59")
    calls = base[(base["kpi"] == "calls") & (base["level"] == "rep")].set_index("entity")
    # by hand: a's median month 6, b's 4; targets 6 × 1.05 = 6.3 → 7 (one above the usual month), 4.2 → 5
    assert calls["baseline"].to_dict() == {"a": 6, "b": 4}
    tg = T.set_targets(base)
    rep = tg[(tg["kpi"] == "calls") & (tg["level"] == "rep")].set_index("entity")["target"]
    assert rep.to_dict() == {"a": 7, "b": 5}


def test_a_numbered_segment_is_named_with_its_column():
    from crmanalysis.analyses.scorecard import _named
    from crmanalysis.i18n import render

    # Ivanti's priorities read "nach Priorität …: 1 3,1 (69 geschlossene Fälle) und 5 62,2": two numbers side by side
    assert render(_named("priority", "1"), "de") == "Priorität 1:"
    assert render(_named("priority", "5"), "en") == "priority 5:"
    assert _named("priority", "Urgent") == "Urgent" and _named("channel", "2nd line") == "2nd line"
