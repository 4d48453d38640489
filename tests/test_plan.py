"""The engagement's plan: baseline once, targets by the step-up rule, what was agreed by hand, actions, reps.

Expected values are computed here by hand or with plain pandas from the generated client's
canonical tables, never by the plan module: the monthly revenue is the sum of won amounts by close
month, the baseline its median over the six months before the baseline month, a target that
baseline times one plus the month's lift, rounded to three significant digits.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pandas as pd
import pytest
from hand_rules import LIFT, three_digits

from crmanalysis.analyses import plan as P
from crmanalysis.analyses.window import Window
from crmanalysis.config import ConfigError
from crmanalysis.planfile import read_plan, read_plan_xlsx, write_plan, write_plan_xlsx

BASE_MONTH = "2024-04"            # the generated client's go-live: the generator plants its improvements after it
MONTHS = [str(pd.Period(BASE_MONTH, "M") + k) for k in range(16)]


def monthly_revenue(data, owner: str | None = None) -> pd.Series:
    """Won amounts summed by close month (YYYY-MM), every month from the first to the last present."""
    o = data.opportunities
    won = o[(o["status"] == "won") & o["amount"].notna() & o["close_date"].notna()]
    if owner is not None:
        won = won[won["owner_id"] == owner]
    s = won.groupby(won["close_date"].dt.strftime("%Y-%m"))["amount"].sum()
    months = pd.period_range("2023-01", "2025-12", freq="M").strftime("%Y-%m")
    return s.reindex(months, fill_value=0.0)


@pytest.fixture(scope="module")
def client(small):
    data, _ = small
    return data


@pytest.fixture(scope="module")
def plan(client):
    return P.make_plan(client, BASE_MONTH)


def _row(plan, kpi="new_revenue", level="company", entity="all"):
    r = plan.rows
    return r[(r["kpi"] == kpi) & (r["level"] == level) & (r["entity"] == entity) & (r["period"] == "M")].iloc[0]


def test_the_baseline_is_the_median_of_the_six_months_before_and_stays_frozen(client, plan):
    rev = monthly_revenue(client)
    window = ["2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    assert plan.window == ("2023-10", "2024-03")
    assert _row(plan)["baseline"] == pytest.approx(float(np.median(rev[window])))
    # a rep's own baseline, the same way
    rep = "U00003"
    assert _row(plan, level="rep", entity=rep)["baseline"] == pytest.approx(
        float(np.median(monthly_revenue(client, rep)[window])))
    # frozen: the targets of a later month come from the same baseline, whatever happened since
    later, _ = P.targets_for(plan, client, "2025-03")
    row = later[(later["kpi"] == "new_revenue") & (later["level"] == "company") & (later["period"] == "M")]
    assert row["baseline"].iloc[0] == pytest.approx(float(np.median(rev[window])))


def test_the_plans_targets_table_says_a_level_stands_at_the_months_end(client, plan):
    from crmanalysis.views import render_view

    # Northwind's targets from its plan read "Open pipeline per month" under a baseline table of "at month end"
    tg, _ = P.targets_for(plan, client, "2024-06")
    shown = render_view(tg, "targets", lang="en").frame
    per = dict(zip(shown.iloc[:, 0], shown.iloc[:, 1], strict=False))
    assert per["Open pipeline"] == "at month end" and per["New revenue"] == "per month"


def test_targets_follow_the_step_up_rule_month_by_month(client, plan):
    base = float(np.median(monthly_revenue(client)[["2023-10", "2023-11", "2023-12", "2024-01", "2024-02",
                                                     "2024-03"]]))
    for k, month in enumerate(MONTHS):
        tg, _ = P.targets_for(plan, client, month)
        got = tg[(tg["kpi"] == "new_revenue") & (tg["level"] == "company") & (tg["period"] == "M")]
        assert got["target"].iloc[0] == three_digits(base * (1 + LIFT[k])), month
        assert got["source"].iloc[0] == "plan"


def test_scores_are_actual_over_the_plans_target(client, plan):
    rev = monthly_revenue(client)
    base = _row(plan)["baseline"]
    for k, month in enumerate(MONTHS[:12]):
        sc = P.scores_in(plan, client, window=Window.of(client, month))
        got = sc[(sc["kpi"] == "new_revenue") & (sc["level"] == "company") & (sc["period"] == "M")].iloc[0]
        target = three_digits(base * (1 + LIFT[k]))
        assert got["actual"] == pytest.approx(rev[month]), month
        assert got["score"] == pytest.approx(rev[month] / target), month
    # the replay (the path a report draws) agrees with the month-by-month scores
    path = P.replay(plan, client, MONTHS[11])
    path = path[path["kpi"] == "new_revenue"].set_index("month")
    assert list(path.index) == MONTHS[:12]
    assert path["actual"].to_numpy() == pytest.approx(rev[MONTHS[:12]].to_numpy())
    assert path["target"].tolist() == [three_digits(base * (1 + x)) for x in LIFT[:12]]


def test_the_step_up_is_announced_exactly_when_the_rule_raises_the_target(client, plan):
    path = P.replay(plan, client, MONTHS[-1])
    fired = [m for m in MONTHS[:15] if any(n.params["kpi"]["kpis"] == ["new_revenue"] for n in
                                          P.step_up_news(plan, path.rename(columns={}), m))]
    # lift rises after months 2, 5, 8 and 11 (0-based); from month 12 on the ceiling (25 %) holds it still
    assert fired == [MONTHS[2], MONTHS[5], MONTHS[8], MONTHS[11]]
    note = next(n for n in P.step_up_news(plan, path, MONTHS[2]) if n.params["kpi"]["kpis"] == ["new_revenue"])
    assert note.params["target"]["value"] == three_digits(_row(plan)["baseline"] * 1.10)
    assert note.params["month"]["month"] == MONTHS[3]
    # "on target n of the last 3 months", counted here from the actuals and the targets
    rev = monthly_revenue(client)
    on = sum(rev[m] >= three_digits(_row(plan)["baseline"] * 1.05) for m in MONTHS[:3])
    assert (note.params["on"], note.params["of"]) == (on, 3)
    assert note.key == ("plan.step_due_earned" if on == 3 else "plan.step_due")


def test_a_target_agreed_by_hand_wins_in_its_month_only(client, plan):
    agreed = copy.deepcopy(plan)
    agreed.edits[("new_revenue", "M", "company", "all", MONTHS[4])] = 123_000.0
    base = _row(plan)["baseline"]
    got = {m: P.target_in(agreed, _row(agreed), m) for m in MONTHS[3:6]}
    assert got[MONTHS[4]] == (123_000.0, "agreed")
    assert got[MONTHS[3]] == (three_digits(base * 1.10), "plan") == got[MONTHS[5]]


def test_insight_kpis_join_after_six_months(client, plan):
    # the win rate is an insight KPI: in the plan from the start, scored from the seventh month
    early, _ = P.targets_for(plan, client, MONTHS[5])
    late, _ = P.targets_for(plan, client, MONTHS[6])
    assert "win_rate" not in set(early["kpi"]) and "win_rate" in set(late["kpi"])
    assert plan.insight_from == MONTHS[6]


def test_reps_who_left_drop_out_and_reps_who_joined_have_no_baseline_yet(client, plan):
    data = copy.deepcopy(client)
    users = data.users.copy()
    users.loc[users["user_id"] == "U00002", "active"] = False
    o = data.opportunities.copy()
    new = o.iloc[:3].copy()
    new["opportunity_id"] = ["N1", "N2", "N3"]
    new["owner_id"] = "U99999"
    new["created_at"] = pd.Timestamp(MONTHS[3] + "-05")
    data.tables["users"] = users
    data.tables["opportunities"] = pd.concat([o, new], ignore_index=True)
    tg, notes = P.targets_for(plan, data, MONTHS[3])
    reps = tg[tg["level"] == "rep"]
    assert "U00002" not in set(reps["entity"].astype(str))
    name = users.loc[users["user_id"] == "U00002", "name"].iloc[0]
    left = next(n for n in notes if n.key == "plan.left")
    assert left.params["n"] == 1 and name in left.params["names"]
    newcomer = reps[reps["entity"] == "U99999"]
    assert len(newcomer) and newcomer["target"].isna().all() and (newcomer["flag"] == "no baseline yet").all()
    # a note, so a Dutch report says it in Dutch
    assert {f.in_lang("nl") for f in newcomer["flag"]} == {"nog geen nulmeting"}
    assert any(n.key == "plan.joined" for n in notes)


def test_revenue_target_becomes_deals_decisions_and_conversations(client, plan):
    o = client.opportunities
    in_window = o["close_date"].between("2023-10-01", "2024-03-31 23:59:59")
    won = o[in_window & (o["status"] == "won")]
    lost = o[in_window & (o["status"] == "lost")]
    size = won["amount"].sum() / len(won)
    rate = len(won) / (len(won) + len(lost))
    target = three_digits(_row(plan)["baseline"] * 1.05)
    acts = P.action_targets(client, plan, MONTHS[0])
    company = acts[acts["level"] == "company"].iloc[0]
    assert company["revenue_target"] == target
    # whole deals, rounded up at each step: 42.3 deals to win is 43, and 43 / 0.34 = 126.5 to decide is 127
    deals = math.ceil(target / size)
    assert company["deals_needed"] == deals
    assert company["decided_needed"] == math.ceil(deals / rate)
    # the scenario: a win rate five points better needs fewer decided deals for the same revenue
    better = P.action_targets(client, plan, MONTHS[0], win_rate_delta=0.05)
    b = better[better["level"] == "company"].iloc[0]
    assert b["decided_needed"] == math.ceil(deals / (rate + 0.05)) < company["decided_needed"]
    # this month's deals won, counted here, and the gap
    m = o[(o["status"] == "won") & (o["close_date"].dt.strftime("%Y-%m") == MONTHS[0])]
    assert company["deals_won"] == len(m)
    assert company["deals_gap"] == deals - len(m)


# ------------------------------------------------------------------------------------------ the files
def test_yaml_and_workbook_round_trip_what_was_agreed(client, plan, tmp_path):
    agreed = copy.deepcopy(plan)
    agreed.edits[("new_revenue", "M", "company", "all", MONTHS[4])] = 123_000.0
    write_plan(agreed, tmp_path / "c.plan.yml", name="Small")
    back = read_plan(tmp_path / "c.plan.yml", client)
    assert back.edits == agreed.edits
    assert (back.baseline_month, back.window, back.uplift, back.step_up) == (
        plan.baseline_month, plan.window, plan.uplift, plan.step_up)
    key = ["kpi", "period", "level", "entity"]
    cols = [*key, "entity_name", "baseline", "q1", "q3", "n_periods", "phase"]
    pd.testing.assert_frame_equal(back.rows[cols].sort_values(key, ignore_index=True),
                                  plan.rows[cols].sort_values(key, ignore_index=True), check_dtype=False)
    for m in MONTHS[:6]:
        assert P.target_in(back, _row(back), m) == P.target_in(agreed, _row(agreed), m)
    # the workbook: a month cell changed by hand comes back as that month's agreed target
    from openpyxl import load_workbook

    write_plan_xlsx(back, tmp_path / "c.plan.xlsx")
    wb = load_workbook(tmp_path / "c.plan.xlsx")
    ws = wb["Targets"]
    head = [c.value for c in ws[1]]
    row = next(i for i, r in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)
               if r[:4] == ("new_revenue", "M", "company", "all"))
    assert ws.cell(row, head.index(MONTHS[4]) + 1).value == 123_000
    ws.cell(row, head.index(MONTHS[7]) + 1).value = 150_000
    wb.save(tmp_path / "c.plan.xlsx")
    again = read_plan_xlsx(tmp_path / "c.plan.xlsx", back, client)
    assert P.target_in(again, _row(again), MONTHS[7]) == (150_000.0, "agreed")
    assert P.target_in(again, _row(again), MONTHS[4]) == (123_000.0, "agreed")


@pytest.mark.parametrize(("edit", "names"), [
    (("new_revenue", "kpis.revenue_new"), "kpis.revenue_new"),
    (("entity", "U77777"), ".entity"),
    (("target", "-5"), ".target"),
    (("month", '"2024-02": 5000'), ".2024-02"),
    (("key", "step_up: {step: 0.05, evry: 3}"), "step_up.evry"),
])
def test_a_bad_edit_names_its_key(client, plan, tmp_path, edit, names):
    path = tmp_path / "c.plan.yml"
    write_plan(plan, path)
    text = path.read_text()
    first = '{level: "company", entity: "all", name: "all"'
    what, value = edit
    if what == "new_revenue":
        text = text.replace("  new_revenue:", "  revenue_new:", 1)
    elif what == "entity":
        text = text.replace('{level: "rep", entity: "U00003"', '{level: "rep", entity: "U77777"', 1)
    elif what == "target":
        line = next(x for x in text.splitlines() if first in x)
        text = text.replace(line, line[: line.rindex("target:")] + f"target: {value}}}")
    elif what == "month":
        line = next(x for x in text.splitlines() if first in x)
        text = text.replace(line, line[:-1] + f", {value}}}")
    else:
        text = text.replace(text[text.index("step_up:"): text.index("\n", text.index("step_up:"))], value)
    path.write_text(text)
    with pytest.raises(ConfigError) as exc:
        read_plan(path, client)
    assert names in str(exc.value) and str(path) in str(exc.value)


def test_a_bad_workbook_cell_is_named(client, plan, tmp_path):
    from openpyxl import load_workbook

    write_plan_xlsx(plan, tmp_path / "c.plan.xlsx")
    wb = load_workbook(tmp_path / "c.plan.xlsx")
    ws = wb["Targets"]
    ws["H2"] = -10
    wb.save(tmp_path / "c.plan.xlsx")
    with pytest.raises(ConfigError, match=r"Targets!H2.*negative"):
        read_plan_xlsx(tmp_path / "c.plan.xlsx", plan, client)
    ws["H2"] = 10
    ws["D3"] = "U77777"
    wb.save(tmp_path / "c.plan.xlsx")
    with pytest.raises(ConfigError, match=r"Targets!D3.*U77777"):
        read_plan_xlsx(tmp_path / "c.plan.xlsx", plan, client)


def test_a_month_before_the_baseline_has_no_plan_targets(client, plan):
    from crmanalysis.data import NotComputable

    with pytest.raises(NotComputable):
        P.targets_for(plan, client, "2024-03")


def test_a_config_names_only_a_plan_in_its_own_folder(tmp_path):
    from click.testing import CliRunner

    from crmanalysis.cli import main
    from crmanalysis.config import load_config

    res = CliRunner().invoke(main, ["generate", str(tmp_path / "c"), "--size", "tiny", "--vendor", "canonical"])
    assert res.exit_code == 0, res.output
    cfg = tmp_path / "c" / "client.yml"
    text = cfg.read_text()
    cfg.write_text(text + "plan: ../elsewhere.plan.yml\n")
    with pytest.raises(ConfigError, match=r'"plan".*outside'):
        load_config(cfg)
    cfg.write_text(text + "plna: c.plan.yml\n")               # a typo names the valid keys
    with pytest.raises(ConfigError, match=r"plna.*plan"):
        load_config(cfg)


def test_the_lift_a_month_has_reached_follows_the_step_up_and_stops_at_the_ceiling():
    import pandas as pd

    from crmanalysis.analyses.plan import PLAN_COLUMNS, Plan, month_lift

    p = Plan("c", "2025-01", ("2024-07", "2024-12"), pd.DataFrame(columns=PLAN_COLUMNS))   # 5 %, +5 % every 3 months
    # January - March: 5 %; June is 5 months on, 5 // 3 = 1 step: 10 %; two years on, 8 steps would be 45 %: 25 %
    assert [month_lift(p, m) for m in ("2025-01", "2025-03", "2025-06", "2027-01")] == pytest.approx(
        [0.05, 0.05, 0.10, 0.25])


def test_under_a_plan_the_baseline_chapter_shows_the_baseline_as_it_was_agreed(sample_dir):
    # a plan keeps what was measured when it was agreed; the report measured its baseline again with the rules
    # of the day, and a plan agreed before the weekly conversations spanned 26 weeks (13 before) read 20.5
    # conversations apart from its own targets. Here the agreed company revenue baseline is set to 123,456 by hand
    from crmanalysis.notebook import baseline_of, open_client

    nc = open_client(sample_dir / "northwind" / "client.yml")
    rows = nc.plan.rows
    company = (rows["kpi"] == "new_revenue") & (rows["period"] == "M") & (rows["level"] == "company")
    rows.loc[company, ["baseline", "q1", "q3"]] = [123_456.0, 100_000.0, 150_000.0]
    base = baseline_of(nc, 6)
    got = base[(base["kpi"] == "new_revenue") & (base["period"] == "M") & (base["level"] == "company")]
    assert got[["baseline", "q1", "q3"]].values.tolist() == [[123_456.0, 100_000.0, 150_000.0]]
    # the rows the plan has are the plan's; the others keep their measurement
    rep = base[(base["kpi"] == "new_revenue") & (base["level"] == "rep")].iloc[0]
    agreed = rows[(rows["kpi"] == "new_revenue") & (rows["level"] == "rep") & (rows["entity"] == rep["entity"])]
    assert rep["baseline"] == agreed["baseline"].iloc[0]


def test_a_plans_step_up_near_100_percent_closes_half_the_distance_left_not_all_of_it():
    # Northwind's plan gave its retention of 99.7 % a target of 100.0 %: the step-up (+10 %) was capped at 100 %,
    # which only perfection meets. 0.9967 × 1.10 = 1.096; half of the distance left is 0.9967 + 0.0033 / 2 =
    # 0.99835, rounded half up to a tenth of a point: 99.8 %. A share far from 100 % keeps its step-up:
    # 0.50 × 1.10 = 0.55 (below the halfway 0.75); a score of 4.0 on a 1-5 scale: 4.4 (halfway 4.5)
    rule = P.StepUp()
    assert P._rule(0.9967, "ratio", "higher", 0.10, 0, rule) == pytest.approx(0.998)
    assert P._rule(0.50, "ratio", "higher", 0.10, 0, rule) == pytest.approx(0.55)
    assert P._rule(4.0, "score", "higher", 0.10, 0, rule) == pytest.approx(4.4)
    # lower is better (hours to resolution): no ceiling, 10 % down
    assert P._rule(20.0, "hours", "lower", 0.10, 0, rule) == pytest.approx(18.0)
