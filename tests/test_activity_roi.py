"""Activity versus progress and ROI: hand-computed fixtures and the planted effects of the samples."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from kpi_fixture import mini

from crmanalysis.analyses import activity as A
from crmanalysis.analyses import roi as R
from crmanalysis.analyses.window import Window
from crmanalysis.config import ClientConfig
from crmanalysis.data import ClientData
from crmanalysis.i18n import render


def test_roi_pct_seed_002_worked_examples():
    assert R.roi_pct(75_000, 12_000) == 525.0        # (75000 - 12000) / 12000 x 100
    assert R.roi_pct(11_000, 1_000) == 1000.0        # (11000 - 1000) / 1000 x 100
    assert R.roi_pct(1_000, 1_000) == 0.0            # break-even is ROI 0 %, not 100 %
    assert np.isnan(R.roi_pct(5_000, 0))             # no cost: undefined


def test_monthly_costs_from_config():
    cfg = ClientConfig(client_id="c", crm_costs=[
        {"month": "2024-01", "amount": 10000, "category": "implementation"},
        {"start": "2024-01", "end": "2024-03", "amount": 500, "category": "license", "recurring": True}])
    data = ClientData.from_frames(cfg, opportunities=pd.DataFrame({
        "opportunity_id": ["o"], "created_at": [pd.Timestamp("2024-03-31")], "status": ["open"]}))
    c = R.monthly_costs(data)
    assert c.to_dict() == {pd.Timestamp("2024-01-01"): 10500.0, pd.Timestamp("2024-02-01"): 500.0,
                           pd.Timestamp("2024-03-01"): 500.0}


def test_efficiency_by_hand():
    eff = A.efficiency(mini(), window=Window.until("2024-03-31", months=3)).set_index("owner_id")
    u1 = eff.loc["U1"]
    # U1: conversations T1, T2, T3 = 3; won O1 1000 + O8 2000; meetings 1; opportunities created O1, O2, O8
    assert (u1["conversations"], u1["won_revenue"], u1["deals_won"]) == (3, 3000, 2)
    assert u1["revenue_per_conversation"] == 1000 and u1["conversations_per_won_deal"] == 1.5
    assert u1["meetings_per_opportunity"] == pytest.approx(1 / 3)
    assert any("small sample" in n for n in u1["note"])    # 3 decided deals < 10


def test_quadrants_by_hand():
    q = A.quadrants(mini(), window=Window.until("2024-03-31", months=3)).set_index("owner_id")
    # conversations U1 3, U2 1, U3 2 (median 2); win rate U1 2/3, U2 1/1, U3 1/2 (median 2/3)
    assert q.loc["U1", "quadrant"] == "performer"
    assert q.loc["U2", "quadrant"] == "efficient"
    assert q.loc["U3", "quadrant"] == "busy without progress"


def test_the_quadrant_table_reads_quadrant_by_quadrant_as_the_chart_does():
    # Northwind's table listed reps in no order a reader could see (an efficient rep, a low-activity one, a
    # performer …). By hand (as above): performer U1, busy without progress U3, efficient U2
    q = A.quadrants(mini(), window=Window.until("2024-03-31", months=3))
    assert q["owner_id"].tolist() == ["U1", "U3", "U2"]
    assert q.attrs["left_out"] == 0 and q.attrs["activity_median"] == 2     # what the sentences under it read


def test_a_rep_a_hair_below_the_median_win_rate_is_no_rep_without_progress_in_the_quadrants_either():
    # Salesforce's Lisa Harrell: 17.92 % against the median rep's 17.95 %. Page 1 names a busy rep only a tenth
    # or more below the median; the quadrant table put her "busy without progress" all the same. Conversations
    # 100, 200, 300, 400 (median 250); win rates 21 %, 17.95 %, 17.92 %, 12 % (median (17.95 + 17.92) / 2 =
    # 17.935 %; a tenth below it: 16.14 %)
    x = pd.Series([100.0, 200.0, 300.0, 400.0])
    y = pd.Series([0.21, 0.1795, 0.1792, 0.12])
    assert A.classify(x, y).tolist() == ["efficient", "efficient", "performer", "busy without progress"]
    # a rep without a decided deal has no win rate: low result, as before
    assert A.classify(x, y.where(y.index != 3)).tolist()[3] == "busy without progress"


def test_fisher_interval():
    lo, hi = A.fisher_ci(0.5, 28)
    # z = atanh(0.5) = 0.5493, se = 1/sqrt(25) = 0.2: tanh(0.5493 -/+ 1.96 x 0.2)
    assert (lo, hi) == pytest.approx((np.tanh(0.5493 - 0.392), np.tanh(0.5493 + 0.392)), abs=1e-3)
    assert np.isnan(A.fisher_ci(0.9, 3)[0])


@pytest.mark.parametrize("r", [1.0, -1.0, 1.0000000000000002, 0.9999999])
def test_fisher_interval_holds_a_perfect_correlation(r):
    # four rep-months on one straight line give r = 1 (or 1 plus a rounding error): the interval must
    # still hold r, or the lag chart's error bars (r - low, high - r) go negative and the notebook fails
    lo, hi = A.fisher_ci(r, 5)
    assert lo <= max(min(r, 1), -1) <= hi
    assert -1 <= lo <= hi <= 1


def test_lag_chart_draws_a_perfect_correlation():
    from crmanalysis import plots

    lags = pd.DataFrame({"lag": [0, 1], "r": [1.0, np.nan], "ci_low": [0.9, np.nan], "ci_high": [0.99999, np.nan],
                         "n": [5, 2]})
    fig = plots.lag_bars(lags, title="t")            # a hand-made interval that misses r by rounding
    assert fig is not None


def test_a_single_lag_is_one_bar_among_the_lags_the_text_names():
    # the Salesforce demo org's two months of activity gave lag 0 alone, drawn as one bar across the whole chart:
    # the axis keeps room for lags 0-3, and the bar is 0.6 of a lag wide
    from crmanalysis import plots

    fig = plots.lag_bars(pd.DataFrame({"lag": [0], "r": [-0.06], "ci_low": [-0.35], "ci_high": [0.25], "n": [42]}),
                         title="t")
    ax = fig.axes[0]
    assert [int(x) for x in ax.get_xticks()] == [0, 1, 2, 3] and ax.get_xlim() == (-0.6, 3.6)
    (bar,) = ax.patches
    assert bar.get_width() == 0.6 and abs(bar.get_x() - -0.3) < 1e-9


def test_lagged_correlation_labels_small_samples():
    lags = A.lagged_correlation(mini(), window=Window.until("2024-03-31", months=3))
    assert (lags["n"] < 30).all()
    # a window of 3 months has no month whose result 3 months later lies inside it: lag 3 has no pair
    assert lags["n"].iloc[3] == 0 and (lags["n"].iloc[:3] > 0).all()
    assert lags["reading"].iloc[:3].str.startswith("small sample").all()
    # no pair at all is no sample: "small sample (n = 0)" said it was one
    assert lags["reading"].iloc[3] == "nothing to compare: no month here has a result 3 months later"
    # of one month: "1 month later", not "month(s)"; Dutch "1 maand later"
    from crmanalysis.i18n import Note, render
    assert render(Note("reading.no_pairs", n=1), "en").endswith("a result 1 month later")
    assert render(Note("reading.no_pairs", n=2), "nl").endswith("een resultaat 2 maanden later")


def _flat_client(pre_margin, post_margin, go_live="2024-01-01", start="2023-01-01", months=24, cost=20_000.0):
    """One won deal a month (created on the 1st, closed on the 11th); margin per month as given."""
    created = pd.date_range(start, periods=months, freq="MS")
    margin = [pre_margin(i) if d < pd.Timestamp(go_live) else post_margin(i) for i, d in enumerate(created)]
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(months)], "created_at": created,
                         "status": "won", "close_date": created + pd.Timedelta(days=10),
                         "amount": [m + 10_000.0 for m in margin], "cost": 10_000.0, "owner_id": "U1"})
    costs = pd.DataFrame({"month": [pd.Timestamp(go_live)], "amount": [cost], "category": ["implementation"]})
    cfg = ClientConfig(client_id="flat", go_live=pd.Timestamp(go_live).date())
    return ClientData.from_frames(cfg, opportunities=opps, crm_costs=costs)


def test_roi_break_even_and_payback_by_hand():
    # two years before go-live: a verdict needs at least 12 complete months before it
    data = _flat_client(lambda i: 10_000.0, lambda i: 15_000.0, start="2022-01-01", months=36)
    res = R.roi_analysis(data, window=Window.until("2024-12-31 23:59"))
    # counterfactual 10,000 a month (flat before go-live); gain 5,000 a month for 12 months = 60,000
    assert res.gain == pytest.approx(60_000, abs=1)
    assert res.cost_total == 20_000
    assert res.roi_pct == pytest.approx(200)          # (60,000 - 20,000) / 20,000 x 100
    assert res.break_even == pd.Timestamp("2024-04-01")   # cumulative gain 5k, 10k, 15k, 20k = cost
    assert res.payback_months == 4
    # the sentence gives the month the gain's low end covers the cost as well, read off the curve the chart draws:
    # Northwind's "Break-even: March 2024" read as certain while the band's lower edge met the cost a year later
    c = res.curve
    low = c.loc[c["cum_gain_low"] >= c["cum_cost"], "month"].iloc[0]
    assert low > res.break_even
    assert R.break_even_sentence(res) == (f"Break-even: April 2024; payback period 4 months. At the low end of the "
                                          f"gain's 90% range: {low:%B %Y}.")
    import dataclasses
    assert R.break_even_sentence(dataclasses.replace(res, break_even_low=None)).endswith(
        "At the low end of the gain's 90% range: not yet by December 2024.")
    half = R.roi_analysis(data, window=Window.until("2024-12-31 23:59"), attribution_share=0.5)
    assert half.roi_pct == pytest.approx(50)          # (30,000 - 20,000) / 20,000
    assert half.break_even == pd.Timestamp("2024-08-01")  # 2,500 a month reaches 20,000 in month 8
    sens = res.sensitivity.set_index(["cost_factor", "attribution_share"])["roi_pct"]
    assert sens[(1.2, 1.0)] == pytest.approx((60_000 - 24_000) / 24_000 * 100)
    # the naive figure says what it compares: the months before go-live the model reads (2022-2023 less January
    # 2022, left out for want of a sales cycle before it: 23) against the 12 from go-live,
    # (15,000 - 10,000) x 12 = 60,000, of the series the gain is measured in
    said = R.naive_sentence(res, "en")
    assert "the mean of the 12 months from go-live against the mean of the 23 months before it, times 12" in said
    assert "would have given €60,000" in said and f"comparison of {res.metric.replace('_', ' ')}" in said
    # "the projection without the CRM gives -€140,834" read as a projection below zero: it is the gain against it
    assert "measured against the projection of what would have happened without the CRM, the gain is " in said


def test_a_client_with_financials_and_no_deals_gets_its_gross_margin_and_an_roi():
    # the same flat client as above, told by its monthly financials instead of its deals
    months = pd.date_range("2022-01-01", periods=36, freq="MS")
    margin = [10_000.0 if m < pd.Timestamp("2024-01-01") else 15_000.0 for m in months]
    fin = pd.DataFrame({"month": months, "revenue": [m * 4 for m in margin], "gross_margin": margin})
    costs = pd.DataFrame({"month": [pd.Timestamp("2024-01-01")], "amount": [20_000.0], "category": ["licence"]})
    data = ClientData.from_frames(ClientConfig(client_id="books", go_live=pd.Timestamp("2024-01-01").date()),
                                  financials=fin, crm_costs=costs)
    from crmanalysis import kpis

    gm = kpis.compute(data, ["gross_margin", "margin_rate"], period="M", start="2024-01-01", end="2024-01-31")
    assert gm.set_index("kpi")["value"].to_dict() == {"gross_margin": 15_000, "margin_rate": 0.25}   # 15k / 60k
    res = R.roi_analysis(data, window=Window.until("2024-12-31 23:59"))
    assert res.gain == pytest.approx(60_000, abs=1)      # 5,000 a month above the flat 10,000, for 12 months
    assert res.roi_pct == pytest.approx(200)             # (60,000 - 20,000) / 20,000 x 100
    # a first month still filling up (1,000: under half the median 10,000) is left out, said without a sales cycle
    fin.loc[0, "gross_margin"] = 1_000.0
    thin = ClientData.from_frames(data.config, financials=fin, crm_costs=costs)
    series, metric, notes = R.gain_series(thin, window=Window.until("2024-12-31 23:59"))
    assert metric == "gross_margin" and series.index[0] == pd.Timestamp("2022-02-01")
    assert [n.key for n in notes] == ["note.lead_months_low"]
    # measured up to 15 December, December is incomplete: the note gives its month and day in words
    _, _, notes = R.gain_series(thin, window=Window.until("2024-12-15 23:59"))
    said = [render(n, "en") for n in notes if n.key == "note.month_incomplete"]
    assert said == ["December 2024 is incomplete (data up to 15 December 2024) and left out"]


def test_counterfactual_removes_a_trend_that_naive_before_after_counts():
    # 30 months of steady growth (+200 a month) that simply continues after go-live: no CRM effect
    data = _flat_client(lambda i: 10_000.0 + 200 * i, lambda i: 10_000.0 + 200 * i, go_live="2025-07-01",
                        start="2023-01-01", months=42)
    res = R.roi_analysis(data, window=Window.until("2026-06-30 23:59"))
    assert not res.demonstrable and np.isnan(res.roi_pct)
    assert res.naive_gain > 30_000                     # before/after would have claimed a gain
    # the growth before go-live is unmistakable: the report says so instead of giving a number
    assert res.verdict_kind == "cannot_separate"
    assert "cannot separate the CRM from the growth that was already under way" in res.verdict


def test_agents_of_an_export_without_users_are_named_by_their_ids(sample_dir):
    from crmanalysis.data import ClientData
    from crmanalysis.notebook import open_client

    nc = open_client(sample_dir / "northwind" / "client.yml")
    named = A.service_agents(nc.data, window=nc.months(6))
    bare = ClientData(nc.data.config, {k: v for k, v in nc.data.tables.items() if k != "users"})
    unnamed = A.service_agents(bare, window=nc.months(6))
    users = nc.data.users.set_index("user_id")["name"]
    assert named["entity_name"].tolist() == users.reindex(named["agent_id"]).tolist()
    assert unnamed["entity_name"].tolist() == unnamed["agent_id"].tolist() and len(unnamed) == len(named) > 0


def test_a_call_logs_agents_are_measured_by_the_calls_they_took():
    # A call log has no closing times: "volume versus satisfaction" showed each agent's CSAT alone. Here agent A
    # takes 3 calls in March 2021 rated 5, 4, 4 and agent B takes 1 rated 2; one call of A in February is
    # outside the month. Volume = calls taken: A 3, B 1; CSAT A (5 + 4 + 4) / 3 = 4.33, B 2.0
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    opened = pd.to_datetime(["2021-03-02", "2021-03-05", "2021-03-09", "2021-03-10", "2021-02-10"])
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(5)], "agent_id": ["A", "A", "A", "B", "A"],
                          "opened_at": opened, "closed_at": pd.NaT, "csat": [5.0, 4.0, 4.0, 2.0, 1.0]})
    data = ClientData.from_frames(ClientConfig(client_id="calls"), cases=cases)
    got = A.service_agents(data, window=Window.of(data, "2021-03", months=1)).set_index("agent_id")
    # no closings to show: the columns a call log cannot have are not in its table ("Left out … cases closed")
    assert got["cases_opened"].to_dict() == {"A": 3, "B": 1}
    assert not {"cases_closed", "same_day_closure_rate"} & set(got.columns)
    assert got["csat_mean"].round(2).to_dict() == {"A": 4.33, "B": 2.0}
    # and what the log says of each call: A's March calls resolved Y, N, Y = 2/3, B's N = 0
    calls = ClientData.from_frames(ClientConfig(client_id="calls"),
                                   cases=cases.assign(status=["closed", "open", "closed", "open", "closed"]))
    got = A.service_agents(calls, window=Window.of(calls, "2021-03", months=1)).set_index("agent_id")
    assert got["resolved_share"].to_dict() == pytest.approx({"A": 2 / 3, "B": 0.0})
    # a desk with closing times shows both: NYC's table read "Left out ... no row has a value: cases opened"
    # beside page 1's 1,996 cases opened. Every call here is closed the day after it came in
    desk = ClientData.from_frames(ClientConfig(client_id="desk"),
                                  cases=cases.assign(closed_at=opened + pd.Timedelta(days=1)))
    both = A.service_agents(desk, window=Window.of(desk, "2021-03", months=1)).set_index("agent_id")
    assert both[["cases_closed", "cases_opened"]].to_dict("list") == {"cases_closed": [3, 1], "cases_opened": [3, 1]}
    assert "resolved_share" not in both           # measured by its closing times instead


def test_a_chat_bot_is_listed_among_the_agents_and_neither_flagged_nor_counted():
    # Userlike's "Chatbot Lotta" answered 87 chats beside 7 people: with 4 agents and the bot, volume in the top
    # quartile (quantile 0.75 of 10, 10, 10, 10, 40 is 10: all five) and the bot alone has a CSAT far below the
    # rest (1 against 4.5, z well under -3). It stays in the table with a flag of its own, is not the
    # "high volume, low satisfaction" agent, and the agents counted are the 4 people
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    agents = ["A", "B", "C", "D", "L"]
    n = [10, 10, 10, 10, 40]
    ids = [a for a, k in zip(agents, n, strict=True) for _ in range(k)]
    opened = pd.Timestamp("2021-03-02 09:00")
    csat = [{"A": 5.0, "B": 4.0, "C": 5.0, "D": 4.0, "L": 1.0}[a] for a in ids]
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(len(ids))], "agent_id": ids, "opened_at": opened,
                          "closed_at": opened + pd.Timedelta(hours=1), "csat": csat})
    users = pd.DataFrame({"user_id": agents, "name": ["Ann", "Bo", "Cy", "Di", "Chatbot Lotta"]})
    data = ClientData.from_frames(ClientConfig(client_id="chat"), cases=cases, users=users)
    got = A.service_agents(data, window=Window.of(data, "2021-03", months=1))
    assert got["agent_id"].tolist() == agents and got.attrs["n_agents"] == 4
    assert A.flagged_agents(got) == []
    bot = got.set_index("agent_id").loc["L", "flag"]
    assert bot.key == "flag.no_person"
    # Userlike's missed chats, which no agent took, stood as "(unknown)" in the German table
    from crmanalysis.views import render_view

    shown = render_view(got.assign(entity_name=["(unknown)", *got["entity_name"][1:]]), "agents", lang="de").frame
    assert shown.iloc[0, 0] == "(unbekannt)"
    assert shown.iloc[-1, -1] == "ein Team, Bot oder eine Automatisierung, keine Person"
    # the same ratings by a person are flagged
    person = ClientData.from_frames(ClientConfig(client_id="chat"), cases=cases,
                                    users=users.assign(name=["Ann", "Bo", "Cy", "Di", "Lotta Berg"]))
    assert A.flagged_agents(A.service_agents(person, window=Window.of(person, "2021-03", months=1))) == ["L"]


def test_an_agents_thumbs_up_or_down_are_shown_as_the_share_of_thumbs_up():
    # LiveChat's "rated good" / "rated bad" read as 5 and 1: the agents' table showed "CSAT 4.53", a score no
    # customer gave. By hand: A's ratings good, good, bad → 2 of 3 satisfied; B's one good → 1 of 1
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData
    from crmanalysis.views import render_view

    opened = pd.Timestamp("2021-03-02 09:00")
    cases = pd.DataFrame({"case_id": ["1", "2", "3", "4"], "agent_id": ["A", "A", "A", "B"], "opened_at": opened,
                          "closed_at": opened + pd.Timedelta(minutes=8), "csat": [5.0, 5.0, 1.0, 5.0]})
    data = ClientData.from_frames(ClientConfig(client_id="chat"), cases=cases)
    got = A.service_agents(data, window=Window.of(data, "2021-03", months=1)).set_index("agent_id")
    assert got["csat_satisfied_share"].to_dict() == pytest.approx({"A": 2 / 3, "B": 1.0})
    assert got["csat_mean"].isna().all()
    shown = render_view(got.reset_index(), "agents", lang="de").frame
    assert "zufrieden (beste Antwort)" in shown.columns and "Kundenzufriedenheit" not in shown.columns
    # the card of the same share read "Satisfied customers (CSAT ≥ 4)" over thumbs, which have no 4
    from crmanalysis.i18n import kpi_label

    assert [kpi_label("csat_satisfied_share", x) for x in ("en", "nl", "de", "da")] == [
        "Satisfied customers (share)", "Tevreden klanten (aandeel)", "Zufriedene Kunden (Anteil)",
        "Tilfredse kunder (andel)"]


@pytest.mark.parametrize("client", ["northwind", "alpina", "polderbouw"])
def test_samples_recover_planted_effects(sample_dir, client):
    from crmanalysis.notebook import open_client

    truth = json.loads((sample_dir / client / "ground_truth.json").read_text())["effects"]
    nc = open_client(sample_dir / client / "client.yml")
    q = A.quadrants(nc.data, window=nc.months(6)).set_index("owner_id")
    busy = truth["busy_rep"]["user_id"]
    assert q.loc[busy, "quadrant"] == "busy without progress"
    assert q.loc[busy, "activity_rank_pct"] == 1.0                     # the most active rep
    agents = A.service_agents(nc.data, window=nc.months(6))
    assert agents.loc[agents["flag"] != "", "agent_id"].tolist() == [truth["low_csat_agent"]["user_id"]]
    up = truth["go_live_uplift"]
    ba = R.before_after(nc.data, window=nc.window).set_index("kpi")
    planted_pp = up["win_rate_pp"] / 100
    assert ba.loc["win_rate", "ci_low"] <= planted_pp <= ba.loc["win_rate", "ci_high"]
    planted_days = up["base_cycle_median_days"] * up["cycle_change_pct"] / 100      # -11.25 or 0
    assert ba.loc["sales_cycle_days", "ci_low"] <= planted_days <= ba.loc["sales_cycle_days", "ci_high"]
    res = R.roi_analysis(nc.data, window=nc.window)
    if not up["planted"]:
        assert not res.demonstrable                     # no planted uplift -> no demonstrable gain
        return
    # the 90 % interval holds the true gain (the client minus its no-CRM twin) over the same months, and
    # excludes zero: both planted clients show a demonstrable gain (northwind, 15 months before go-live,
    # did not while the noise was estimated from those months alone; with the deals' noise floor it does)
    true = pd.Series(up["true_gain"][res.metric]["monthly"])
    post = res.counterfactual.monthly.loc[res.counterfactual.monthly["post"], "month"].iloc[:res.horizon_months]
    total = true.reindex(post.dt.strftime("%Y-%m")).sum()
    assert res.gain_low <= total <= res.gain_high and res.gain > 0
    assert res.verdict_kind == "gain" and res.demonstrable


def test_a_correlation_without_variation_says_so_not_that_its_interval_includes_zero(monkeypatch):
    from crmanalysis.analyses import activity as A
    from crmanalysis.i18n import render

    # two reps, 20 months each: 5 and 9 conversations every month (no rep varies), revenue moving
    months = [str(p) for p in pd.period_range("2024-01", periods=20, freq="M")]
    rm = pd.DataFrame({"owner_id": ["a"] * 20 + ["b"] * 20, "period": months * 2,
                       "sales_conversations": [5.0] * 20 + [9.0] * 20,
                       "new_revenue": [float(i % 7) for i in range(40)]})
    monkeypatch.setattr(A, "rep_months", lambda *a, **k: rm)
    lags = A.lagged_correlation(None, window=Window.until("2025-08-31", months=20))
    lag0 = lags[lags["lag"] == 0].iloc[0]
    # 40 rep-month pairs (over the 30 a reading needs), r undefined: the reading says why
    assert lag0["n"] == 40 and np.isnan(lag0["r"])
    assert render(lag0["reading"], "en") == "no rep's months differ: no relation to measure"


def test_the_roi_verdict_gives_the_roi_over_the_gains_interval():
    from crmanalysis.analyses.roi import verdict_text

    summary = {"demonstrable": True, "gain": 75_000.0, "gain_low": 12_000.0, "gain_high": 138_000.0,
               "cost_total": 12_000.0, "roi_pct": 525.0}
    # (75,000 - 12,000) / 12,000 = 525 %; the interval's ends: (12,000 - 12,000) / 12,000 = 0 %,
    # (138,000 - 12,000) / 12,000 = 1,050 %
    assert verdict_text(summary, currency="EUR").endswith(
        "ROI (the gain less the cost, divided by the cost) 525% (from 0% to 1,050% over that range).")


def test_before_after_keeps_its_columns_when_no_kpi_has_the_months():
    # the hand-made client has three months (January - March 2024): with the go-live in February, one month
    # before and two after, under the three each side needs; every row says so, in a table of the same shape
    ba = R.before_after(mini(), go_live="2024-02-01", window=Window.until("2024-03-31"))
    assert list(ba.columns) == R.BA_COLUMNS and len(ba) > 0
    assert ba["before"].isna().all() and all(getattr(n, "key", "") == "note.ba_months" for n in ba["note"])


def test_no_lagged_correlation_of_an_activity_nobody_logged(monkeypatch):
    from crmanalysis.analyses import activity as A
    from crmanalysis.data import NotComputable
    from crmanalysis.i18n import render

    # three reps, 20 months, revenue moving but not one sales conversation logged (an export whose tasks are
    # all e-mails): four rows of "no rep's months differ" would hide that there is no activity at all
    months = [str(p) for p in pd.period_range("2024-01", periods=20, freq="M")]
    rm = pd.DataFrame({"owner_id": [r for r in "abc" for _ in range(20)], "period": months * 3,
                       "sales_conversations": 0.0, "meetings": 0.0, "new_revenue": [float(i % 7) for i in range(60)]})
    monkeypatch.setattr(A, "rep_months", lambda *a, **k: rm)
    with pytest.raises(NotComputable) as exc:
        A.lagged_correlation(None, window=Window.until("2025-08-31", months=20))
    assert render(exc.value.detail, "en") == "Sales conversations: none of the 3 reps logged any in the window"
    # the sentence names the activity it looked for, in the report's language
    with pytest.raises(NotComputable) as exc:
        A.lagged_correlation(None, window=Window.until("2025-08-31", months=20), activity="meetings")
    assert render(exc.value.detail, "nl") == "Afspraken: geen van de 3 verkopers heeft er in de periode een vastgelegd"


def test_a_lag_section_without_one_correlation_is_one_sentence_not_an_empty_chart():
    from crmanalysis.data import NotComputable
    from crmanalysis.i18n import render
    from crmanalysis.notebook import show_lags

    lags = pd.DataFrame({"lag": [0, 1], "r": [np.nan, np.nan], "ci_low": np.nan, "ci_high": np.nan, "n": [40, 38],
                         "reading": [A.Note("reading.no_variation")] * 2})
    with pytest.raises(NotComputable) as exc:
        show_lags(None, lags)
    assert render(exc.value.detail, "en") == "no rep's months differ: no relation to measure"


def test_owners_whose_role_the_export_leaves_blank_are_reps_too():
    # the Salesforce demo org: three users with the role "Sales Rep", eighteen record owners without a role;
    # the role-less owners are the ones selling and must not vanish from efficiency and quadrants. A user
    # whose role says something else (an agent, a CEO) stays out.
    d = mini()
    d.tables["users"] = d.tables["users"].assign(role=[None, "sales_rep", None, "agent", "President and CEO"])
    d.tables["opportunities"].loc[d.tables["opportunities"]["opportunity_id"] == "O8", "owner_id"] = "A2"
    eff = A.efficiency(d, window=Window.until("2024-03-31", months=3)).set_index("owner_id")
    # U1 (no role): T1, T2, T3 = 3 conversations and O1 1000 won (O8 now the CEO's); U3 (no role) is in too
    assert set(eff.index) == {"U1", "U2", "U3"}
    assert (eff.loc["U1", "conversations"], eff.loc["U1", "won_revenue"]) == (3, 1000)
    # their "my KPIs" cards too, in the users file's order (Ann, Bob, Cas)
    from crmanalysis.analyses import targets as T

    tg = pd.DataFrame({"kpi": "calls", "period": "M", "level": "rep", "entity": ["U1", "U2", "U3"], "target": 4.0})
    cards = T.my_kpis_all(d, tg, window=Window.of(d, "2024-01", end_of_data="2024-01-10"))
    assert list(dict.fromkeys(cards["rep"])) == ["Ann", "Bob", "Cas"]


def test_a_help_desk_has_no_sales_reps_and_no_error():
    from crmanalysis.analyses.levels import sales_reps

    d = mini()
    agents = d.tables["users"][d.tables["users"]["role"] == "agent"]          # A1 and A2 answer the cases
    desk = ClientData.from_frames(d.config, users=agents, cases=d.tables["cases"])
    assert sales_reps(desk).empty


def test_a_rep_by_role_who_owns_nothing_yet_still_gets_a_card():
    from crmanalysis.analyses.levels import sales_reps

    # mini's roles: U1-U3 sales_rep, A1-A2 agent; a new hire U9 (sales_rep) owns no deal or activity yet
    d = mini()
    d.tables["users"] = pd.concat([d.tables["users"], pd.DataFrame({"user_id": ["U9"], "name": ["Nel"],
                                                                     "role": ["sales_rep"]})], ignore_index=True)
    assert sales_reps(d)["owner_id"].tolist() == ["U1", "U2", "U3", "U9"]


@pytest.mark.parametrize(("role", "seller"), [
    ("Sales Rep", True), ("sales_rep", True), ("Account Executive", True), ("Inside Sales", True),
    ("Customer Service Representative", False), ("Reporting Analyst", False), ("Sales Manager", False),
    ("sales_manager", False), ("Support Lead", False), ("agent", False), ("President and CEO", False),
    ("Director of Marketing", False), (None, False)])
def test_which_job_titles_sell(role, seller):
    # the titles of the Salesforce demo org's users, the generated clients' roles, and two that only
    # contain the letters "rep"
    from crmanalysis.analyses.levels import sells

    assert bool(sells(pd.Series([role], dtype="string")).iloc[0]) == seller


def test_page_one_names_the_busy_reps_with_their_figures_the_months_and_the_median_they_are_measured_by():
    from crmanalysis.analyses import activity as A
    from crmanalysis.i18n import render

    # four reps: conversations 10, 20, 30, 40 (median 25), win rates 50, 40, 20, 30 % (median 35 %); busy without
    # progress are those with 25 or more conversations and less than 35 %: D (40; 30 %) and C (30; 20 %)
    quad = pd.DataFrame({"owner_id": list("ABCD"), "entity_name": list("ABCD"), "activity": [10.0, 20.0, 30.0, 40.0],
                         "result": [0.5, 0.4, 0.2, 0.3],
                         "quadrant": ["low activity", "efficient", "busy without progress", "busy without progress"]})
    notes = A.busy_finding(quad, Window.until("2025-06-30", months=6))
    # both at least a tenth below 35 % (31.5 %): named with their figures
    assert [render(n, "en") for n in notes] == [
        "Busy without progress, January 2025 – June 2025: D (40 conversations, win rate 30.0%); C (30 conversations, "
        "win rate 20.0%) — at least as many sales conversations as the median rep (25), but a win rate well below "
        "the median rep's 35.0%. Coach how they sell rather than ask for more activity."]
    # "a tenth below the median rep's 23.0%" read as 0.1 points to Alpina's reviewer: the line is 35.0 x 0.9
    assert A.RESULT_MARGIN == 0.10            # the quadrants' section says "from a tenth below"
    assert A.busy_finding(quad.assign(quadrant="performer"), Window.until("2025-06-30", months=6)) == []
    # Salesforce's Lisa Harrell: 17.92 % against a median of 17.95 % is no win rate to be named for
    close = pd.DataFrame({"owner_id": list("ABC"), "entity_name": list("ABC"), "activity": [100.0, 200.0, 300.0],
                          "result": [0.21, 0.179487, 0.179245],
                          "quadrant": ["efficient", "performer", "busy without progress"]})
    assert A.busy_finding(close, Window.until("2025-06-30", months=6)) == []
    # beyond the four named, the rest are counted: six busy reps at 10-15 %, median of all 20 %; two not named
    six = pd.DataFrame({"owner_id": list("ABCDEFGH"), "entity_name": list("ABCDEFGH"),
                        "activity": [60.0, 55, 50, 45, 40, 35, 10, 5], "result": [0.10, 0.11, 0.12, 0.13, 0.14, 0.15,
                                                                                   0.30, 0.40],
                        "quadrant": ["busy without progress"] * 6 + ["efficient"] * 2})
    # median of the eight rates: (0.13 + 0.14) / 2 = 13.5 %; at most 12.15 %: A, B, C; none more
    text = render(A.busy_finding(six, Window.until("2025-06-30", months=6))[0], "en")
    assert "A (60 conversations, win rate 10.0%); B (55 conversations, win rate 11.0%); C (50 conversations, " \
           "win rate 12.0%) — " in text and "and 1 more" not in text and "and 2 more" not in text


def test_a_rep_busy_without_progress_in_few_of_the_months_is_counted_not_named():
    from crmanalysis.analyses import activity as A
    from crmanalysis.i18n import render

    # Northwind's Sem Bakker: 443 conversations and 32.3 % over January - June 2025, under the line of 32.4 %, but
    # busy without progress in 1 month of the 6 (stability 17 %). D (40; 30 %) is there in 4 of 6 months, C (30;
    # 20 %) in 1: C is counted, not named
    quad = pd.DataFrame({"owner_id": list("ABCD"), "entity_name": list("ABCD"), "activity": [10.0, 20.0, 30.0, 40.0],
                         "result": [0.5, 0.4, 0.2, 0.3], "stability": [1.0, 1.0, 1 / 6, 4 / 6],
                         "quadrant": ["low activity", "efficient", "busy without progress", "busy without progress"]})
    text = render(A.busy_finding(quad, Window.until("2025-06-30", months=6))[0], "en")
    assert text.startswith("Busy without progress, January 2025 – June 2025: D (40 conversations, win rate 30.0%); "
                           "and 1 more who was so in fewer than half of the months — ")
    # half of the months is enough: 3 of 6
    assert "C (30 conversations" in render(A.busy_finding(quad.assign(stability=[1, 1, 0.5, 4 / 6]),
                                                          Window.until("2025-06-30", months=6))[0], "en")
    assert A.busy_finding(quad.assign(stability=[1, 1, 0.2, 0.2]), Window.until("2025-06-30", months=6)) == []


def test_a_busy_rep_without_a_decided_deal_is_not_said_to_have_a_lower_win_rate():
    from crmanalysis.analyses import activity as A
    from crmanalysis.i18n import render

    # Ann: 30 conversations, no decided deal (no win rate); Bo: 20 and 10 %; medians 15 and 30 %
    quad = pd.DataFrame({"owner_id": ["a", "b", "c", "d"], "entity_name": ["Ann", "Bo", "Cy", "Di"],
                         "activity": [30.0, 20.0, 10.0, 5.0], "result": [np.nan, 0.10, 0.30, 0.50],
                         "quadrant": ["busy without progress", "busy without progress", "efficient", "efficient"]})
    text = render(A.busy_finding(quad, Window.until("2025-05-31", months=6))[0], "en")
    assert "Ann" not in text and "Bo (20 conversations, win rate 10.0%)" in text and "NaN" not in text
    # nor a rep whose 0 % is 0 won of 3 decided (Salesforce's Andrea Clark over two months of logged calls):
    # Bo with 3 decided deals is not named, and with 12 he is
    assert A.busy_finding(quad.assign(deals_decided=[0, 3, 20, 20]), Window.until("2025-05-31", months=6)) == []
    named = render(A.busy_finding(quad.assign(deals_decided=[0, 12, 20, 20]),
                                  Window.until("2025-05-31", months=6))[0], "en")
    assert "Bo (20 conversations, win rate 10.0%)" in named
    # a rep too few deals keep from being named is still counted, so page 1 agrees with the quadrants' table:
    # Ann (no win rate) is not; Eve, busy at 0 % of 4 decided deals, is "1 with fewer than 10"
    eve = pd.concat([quad, pd.DataFrame({"owner_id": ["e"], "entity_name": ["Eve"], "activity": [25.0],
                                         "result": [0.0], "quadrant": ["busy without progress"]})],
                    ignore_index=True).assign(deals_decided=[0, 12, 20, 20, 4])
    both = render(A.busy_finding(eve, Window.until("2025-05-31", months=6))[0], "en")
    assert "Eve" not in both
    assert "Bo (20 conversations, win rate 10.0%); and 1 more with fewer than 10 decided deals —" in both


def test_every_rep_gets_a_row_for_each_kpi_of_the_cards_with_or_without_a_target():
    # Salesforce: Michael Campos won US$51,000 in March 2022 but had no revenue target (no baseline), and the
    # "my KPIs" table left him out: its reps summed to US$85,000 against page 1's US$136,000. Here February
    # 2024: O3 won by U2 (3,000), O6 won by U3 without an amount; only U2 has a revenue target (2,500)
    from crmanalysis.analyses import targets as T
    from crmanalysis.i18n import render

    d = mini()
    tg = pd.DataFrame({"kpi": "new_revenue", "period": "M", "level": "rep", "entity": ["U2"], "target": 2500.0})
    cards = T.my_kpis_all(d, tg, window=Window.of(d, "2024-02", end_of_data="2024-02-29"))
    rev = cards[cards["kpi"] == "new_revenue"].set_index("owner_id")
    assert sorted(rev.index) == ["U2"]       # U1 and U3 won nothing with an amount and have no target: no card
    tg = pd.DataFrame({"kpi": "new_revenue", "period": "M", "level": "rep", "entity": ["U1"], "target": 2500.0})
    cards = T.my_kpis_all(d, tg, window=Window.of(d, "2024-02", end_of_data="2024-02-29"))
    rev = cards[cards["kpi"] == "new_revenue"].set_index("owner_id")
    assert sorted(rev.index) == ["U1", "U2"]
    # no target: U2's actual all the same, the target and the status blank (not 0, not red), a note says why
    assert rev.loc["U2", "month_to_date"] == 3000 and np.isnan(rev.loc["U2", "target"])
    assert rev.loc["U2", "status"] == ""
    assert "no target" in render(rev.loc["U2", "note"], "en") and rev.loc["U1", "note"] == ""
    # the reps' rows add up to the company's February: 0 + 3,000 (U3's won deal has no amount)
    assert rev["month_to_date"].sum() == 3000


def test_a_kpi_no_rep_has_a_target_for_says_so_not_that_the_rep_lacks_history():
    # Northwind's profiles put the win rate on every rep's card, and the baseline sets it for no rep: each
    # card's "–" said "too little history of his or her own", beside a baseline of every rep over 3 months
    from crmanalysis.analyses import targets as T
    from crmanalysis.i18n import render

    d = mini()
    tg = pd.DataFrame({"kpi": "new_revenue", "period": "M", "level": "rep", "entity": ["U1"], "target": 2500.0})
    w = Window.of(d, "2024-02", end_of_data="2024-02-29")
    card = T.my_kpis(d, "U2", tg, window=w, kpi_ids=["new_revenue", "win_rate"]).set_index("kpi")
    assert "too little history of his or her own" in render(card.loc["new_revenue", "note"], "en")
    assert render(card.loc["win_rate", "note"], "en") == "no target per rep: none is set for this KPI at rep level"
    # a rep whose own target row says why it has none (a baseline below a tenth of the median rep's): that reason
    from crmanalysis.i18n import Note

    near = Note("note.near_zero", share={"value": 0.1, "unit": "ratio"})
    tg = pd.DataFrame({"kpi": "new_revenue", "period": "M", "level": "rep", "entity": ["U1", "U2"],
                       "target": [2500.0, np.nan], "flag": ["", near]})
    card = T.my_kpis(d, "U2", tg, window=w, kpi_ids=["new_revenue"]).set_index("kpi")
    assert render(card.loc["new_revenue", "note"], "en") == "no baseline yet: below 10.0% of the team's median"


def test_a_rep_known_only_by_a_number_is_named_as_a_rep():
    # Acumatica's "Owner Name" holds 29, 15, 26 …: a ranking read "1 | 26 | 144%", a number among numbers
    from crmanalysis.analyses.levels import entity_names, sales_reps
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    opps = pd.DataFrame({"opportunity_id": ["O1", "O2", "O3"], "created_at": pd.Timestamp("2024-01-02"),
                         "status": "open", "owner_id": ["26", "U7", "29"]})
    d = ClientData.from_frames(ClientConfig(client_id="n", language="nl"), opportunities=opps)
    assert sales_reps(d)["name"].tolist() == ["verkoper 26", "U7", "verkoper 29"]
    got = entity_names(d, pd.Series(["26", "26", "North"]), pd.Series(["rep", "agent", "region"]))
    assert got.tolist() == ["verkoper 26", "medewerker 26", "North"]


def test_a_correlation_over_few_agents_shows_no_number_it_then_sets_aside():
    # Northwind's contact centre read "across 6 agents: r = -0.95. Few agents (6): the correlation is not
    # interpreted": a number printed to be ignored. Below SMALL_N (30) agents the sentence gives none
    from crmanalysis.analyses.activity import SMALL_N, agents_sentence

    few = pd.DataFrame({"cases_closed": [1, 2, 3, 4, 5, 6], "csat_mean": [4.0, 3.5, 4.2, 3.9, 4.4, 3.1]})
    few.attrs.update({"n_agents": 6, "volume_csat_r": -0.95, "reading": "few"})
    assert agents_sentence(few) == ("With 6 agents the link between volume and CSAT is not measured: a correlation "
                                    "over so few means little.")
    many = few.assign(x=1)
    many.attrs.update({"n_agents": SMALL_N, "volume_csat_r": 0.31, "reading": ""})
    assert agents_sentence(many) == f"Correlation between volume and CSAT across {SMALL_N} agents: r = 0.31."
    # NYC's desk has no ratings at all: nothing to say of CSAT
    unrated = few.assign(csat_mean=float("nan"))
    unrated.attrs.update(few.attrs)
    assert agents_sentence(unrated) == ""


def test_the_counterfactuals_typical_miss_names_its_currency(sample_dir):
    # Northwind's ROI note read "a month typically lies 39,020 above or below it": an amount without its unit
    from crmanalysis.analyses.roi import gain_counterfactual
    from crmanalysis.notebook import open_client

    nc = open_client(sample_dir / "northwind" / "client.yml", month="2025-06")
    cf = gain_counterfactual(nc.data, window=nc.window, n_boot=50)
    note = next(n for n in cf.notes if getattr(n, "key", "") == "note.counterfactual")
    assert re.search(r"typically lies €[\d,]+ above or below it$", note), note
    assert re.search(r"doorgaans €\s[\d.]+ boven of onder$", note.in_lang("nl")), note.in_lang("nl")


def test_activity_is_compared_with_results_only_over_the_months_it_was_logged():
    # Salesforce's demo org logged activities from February 2022 only: revenue per conversation divided six
    # months of revenue by two months of calls, and the lags read months without a logged call as zero. Here
    # rep U1 wins 1,000 in each month January - June 2024 and logs 5 calls in May and 5 in June
    from crmanalysis.data import ClientData

    users = pd.DataFrame({"user_id": ["U1"], "name": ["Ann"], "role": ["sales_rep"]})
    won = pd.date_range("2024-01-15", periods=6, freq="MS") + pd.Timedelta(days=14)
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(6)], "owner_id": "U1", "status": "won",
                         "amount": 1000.0, "created_at": won - pd.Timedelta(days=10), "close_date": won})
    calls = pd.to_datetime(["2024-05-10"] * 5 + ["2024-06-10"] * 5)
    acts = pd.DataFrame({"activity_id": [f"A{i}" for i in range(10)], "type": "call", "owner_id": "U1",
                         "created_at": calls, "completed": True, "completed_at": calls})
    d = ClientData.from_frames(ClientConfig(client_id="logged"), users=users, opportunities=opps, activities=acts)
    six = Window.of(d, "2024-06", months=6, end_of_data="2024-06-30")
    logged = A.logged_months(d, six)
    assert (logged.months, f"{logged.start:%Y-%m}") == (2, "2024-05")          # May and June
    eff = A.efficiency(d, window=logged).set_index("owner_id")
    # May - June: 2,000 won over 10 calls = 200 a call (over the six months it read 6,000 / 10 = 600)
    assert eff.loc["U1", "won_revenue"] == 2000 and eff.loc["U1", "revenue_per_conversation"] == 200
    # a window that starts after the first logged activity is left as it is
    assert A.logged_months(d, Window.of(d, "2024-06", months=1, end_of_data="2024-06-30")).months == 1


def test_the_roi_verdict_names_the_series_and_the_months_its_gain_is_of():
    # Alpina's page 1: "the 90 % interval of the gain (-€527,634 to €246,865)" named no series and no months
    from crmanalysis.analyses.roi import verdict_text

    summary = {"demonstrable": False, "verdict_kind": "no_gain", "gain_low": -527_634.0, "gain_high": 246_865.0,
               "metric": "gross_margin", "horizon_months": 18}
    assert verdict_text(summary, currency="EUR") == (
        "The data do not show a gain attributable to the CRM: the gain in gross margin, summed over the 18 months "
        "from go-live lies with 90% probability between -\u2060€527,634 and €246,865, a range that includes zero, so "
        "no ROI is claimed.")
    # a range wholly below zero says so: "includes zero or lies below it" left the reader to work out which
    loss = {**summary, "gain_low": -90_000.0, "gain_high": -10_000.0}
    assert "between -\u2060€90,000 and -\u2060€10,000, a range wholly below zero, a loss, so no ROI" in \
        verdict_text(loss, currency="EUR")
    # Dutch: "marge" beside "brutomarge" read as the gross margin; the range is a "bandbreedte"
    assert "een bandbreedte die nul bevat" in verdict_text(summary, lang="nl")
    assert "Der Gewinn bei Bruttomarge, summiert über die 18 Monate ab dem Go-live liegt mit 90\u00a0% " \
        "Wahrscheinlichkeit zwischen" in verdict_text(summary, lang="de")
    # a director read "the 90% interval" as jargon: no report language says "interval"
    assert not [lang for lang in ("en", "nl", "de", "da") if "nterval" in verdict_text(summary, lang=lang)]


def test_the_agents_table_gives_csat_in_hundredths_as_page_one_does():
    from crmanalysis.views import render_view

    # Northwind's page 1: "Zeno Berg (323 cases closed, CSAT 2.89); the median agent's CSAT is 4.03"; its agents
    # table read 2.9 and 4.0, and the median of the printed values was not the one page 1 gave
    agents = pd.DataFrame({"entity_name": ["Zeno Berg", "Tess Mulder"], "cases_closed": [323, 176],
                           "csat_mean": [2.8885, 4.031], "flag": ["", ""]})
    shown = render_view(agents, "agents", lang="en").frame
    assert shown["CSAT"].tolist() == ["2.89", "4.03"]
    # named as the KPI is in the report's language: Polderbouw's column "CSAT" stood beside "Klanttevredenheid"
    assert "Klanttevredenheid" in render_view(agents, "agents", lang="nl").frame.columns


def test_the_efficiency_table_leaves_out_people_with_nothing_in_its_months_and_says_how_many():
    from crmanalysis.analyses import activity as A

    # Salesforce's efficiency table listed Bill West, Cindy Central and Ely East (regional managers of the demo
    # org) with 0 conversations, 0 deals and US$0 under "(17 in all)". Here Ann has conversations only, Bo a
    # decided deal only, Cy nothing: Cy is left out and counted
    # (Cy's 22 deals created, the demo org's load day, show nowhere in the table)
    eff = pd.DataFrame({"owner_id": ["a", "b", "c"], "conversations": [5, 0, 0], "meetings": [0, 0, 0],
                        "opportunities_created": [0, 0, 22], "deals_decided": [0, 1, 0], "won_revenue": [0.0, 0, 0]})
    assert A.with_activity(eff)["owner_id"].tolist() == ["a", "b"]
    assert A.idle_sentence(eff, "en") == "1 person with no conversation, meeting, decided deal or revenue in these " \
        "months is left out."
    assert A.idle_sentence(eff.iloc[:2], "en") == ""


def test_a_claimed_gain_says_how_much_of_it_is_credited_to_the_crm():
    # Northwind's page 1 read "ROI … 553%" while the attribution share of 100 % that makes it stood on page 24;
    # "all of it credited to the CRM" then read as a finding, where it is an assumption the consultant sets
    from crmanalysis.analyses.roi import verdict_text

    summary = {"demonstrable": True, "verdict_kind": "gain", "gain": 651_162.0, "gain_low": 116_870.0,
               "gain_high": 1_127_610.0, "cost_total": 99_670.0, "roi_pct": 553.3, "metric": "gross_margin",
               "horizon_months": 18, "attribution_share": 1.0}
    assert verdict_text(summary, currency="EUR").startswith(
        "The data show a gain in gross margin, summed over the 18 months from go-live, assuming all of it is due to "
        "the CRM: €651,162 (with 90% probability between €116,870 and €1,127,610)")
    part = {**summary, "attribution_share": 0.6}
    assert ", assuming 60% of it is due to the CRM: " in verdict_text(part, currency="EUR")
    assert ", aangenomen dat 60% ervan aan het CRM te danken is: " in verdict_text(part, lang="nl")


def test_the_efficiency_explanation_gives_the_small_sample_rule_the_table_applies():
    # the explanation promised a "Small sample" marker without its rule; it now names it, and must name the rule used
    from crmanalysis.texts import t

    assert f"fewer than {A.MIN_DECIDED} decided deals" in t("nb.activity.efficiency", "en")


def test_false_go_lives_beside_a_measured_loss_say_how_large_chance_gains_run():
    # Alpina: "6 of 6 false go-lives found a gain at least as large, against its uncertainty, as the measured one
    # (-0.6)": every false go-live "matched" a loss, which said nothing. Here the measured result is -0.6 and the
    # false go-lives 0.9, 0.3 and 0.0: the largest chance gain is 0.9
    from crmanalysis.analyses.roi import Counterfactual, placebo_sentence

    placebo = pd.DataFrame({"month": pd.to_datetime(["2023-05-01", "2023-06-01", "2023-07-01"]), "z": [0.9, 0.3, 0.0]})
    cf = Counterfactual(monthly=pd.DataFrame(), draws=np.zeros((1, 1)), notes=[], z=-0.6, placebo=placebo,
                        trend_weight=0.0)
    assert placebo_sentence(cf) == ("The measured result is no gain (-0.6), so there is nothing for the 3 false "
                                    "go-lives (earlier months, when nothing changed) to match; they show how large a "
                                    "gain chance alone makes here: up to 0.9.")
    # a measured gain is matched or not: 1 of 3 is at least 0.5
    gain = Counterfactual(monthly=pd.DataFrame(), draws=np.zeros((1, 1)), notes=[], z=0.5, placebo=placebo,
                          trend_weight=0.0)
    assert placebo_sentence(gain).startswith("1 of 3 false go-lives")


def test_the_cases_nobody_was_assigned_are_no_agent_in_the_count_of_agents():
    # Help Scout's desk: "With 8 agents the link between volume and CSAT is not measured" beside "the baseline of
    # each agent (7 in all)"; the eighth was the unassigned conversations. Here A, B and unassigned cases in March
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    opened = pd.to_datetime(["2021-03-02", "2021-03-05", "2021-03-09", "2021-03-10"])
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(4)], "agent_id": ["A", "B", None, None],
                          "opened_at": opened, "closed_at": opened + pd.Timedelta(hours=3),
                          "csat": [5.0, 4.0, 3.0, 2.0]})
    data = ClientData.from_frames(ClientConfig(client_id="desk"), cases=cases)
    got = A.service_agents(data, window=Window.of(data, "2021-03", months=1))
    # by hand: 2 agents (A, B); the unassigned row stays in the table, counted as no agent
    assert got.attrs["n_agents"] == 2 and len(got) == 3
    assert A.agents_sentence(got).startswith("With 2 agents")


def test_agents_are_listed_by_name_as_a_reader_looks_one_up():
    # GLPI's agents' table began with "(unknown)" (the cases no agent took) and ended with "Émilie Moreau", after
    # "Thomas Girard": the accent sorted after z. By name, accents aside: Claire, Émilie, Thomas; then the cases
    # nobody took
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData

    opened = pd.Timestamp("2021-03-02 09:00")
    names = ["Thomas Girard", "Émilie Moreau", None, "Claire Dubois"]
    cases = pd.DataFrame({"case_id": [f"C{i}" for i in range(8)], "agent_id": names * 2, "opened_at": opened,
                          "closed_at": opened + pd.Timedelta(hours=1)})
    data = ClientData.from_frames(ClientConfig(client_id="glpi"), cases=cases)
    got = A.service_agents(data, window=Window.of(data, "2021-03", months=1))
    assert got["entity_name"].tolist()[:3] == ["Claire Dubois", "Émilie Moreau", "Thomas Girard"]
    from crmanalysis.kpis.engine import UNKNOWN

    assert len(got) == 4 and got["agent_id"].iloc[-1] == UNKNOWN
