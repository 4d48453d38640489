"""Deterministic synthetic clients with planted effects.

``generate(size=..., seed=...)`` returns a :class:`~crmanalysis.data.ClientData` and a
ground-truth dict that states every planted effect with its exact parameters:

* ``go_live_uplift`` – opportunities created on/after go-live win more often
  (``win_rate_pp`` percentage points) and close faster (``cycle_change_pct``); activity
  logging rises (share of real activities that get logged); visit-report rate rises;
  service cases are resolved faster.
* ``busy_rep`` – one rep logs ``activity_factor`` × the activity of a typical rep but wins
  with ``win_prob_factor`` × the usual probability (busy without progress).
* ``weak_segment`` – from ``from_month`` on, deals of one region × industry × product
  group win with ``win_prob_factor`` × the usual probability.
* ``december_dip`` – fewer opportunities are created and fewer activities happen in December.
* ``low_csat_agent`` – one contact-centre agent handles ``volume_factor`` × the cases of a
  typical agent with CSAT ``csat_shift`` points lower.

Everything is vectorised with numpy; the ``large`` size (1,000,000 opportunities,
10,000,000 activities) is meant for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import ClientConfig
from ..data import ClientData

__all__ = ["SIZES", "SyntheticSpec", "generate", "write_ground_truth"]


@dataclass(frozen=True)
class SyntheticSpec:
    """Size and shape of a generated client."""

    n_reps: int
    n_agents: int
    n_accounts: int
    n_opportunities: int
    n_activities: int
    n_leads_extra: int
    n_cases: int
    months: int = 30


#: Named sizes. ``large`` is the benchmark's: a million deals and ten million activities, a large client.
SIZES: dict[str, SyntheticSpec] = {
    "tiny": SyntheticSpec(8, 4, 120, 900, 9_000, 600, 1_500, 30),
    "small": SyntheticSpec(12, 6, 400, 4_000, 40_000, 2_500, 6_000, 30),
    "medium": SyntheticSpec(60, 20, 3_000, 40_000, 400_000, 25_000, 60_000, 30),
    "large": SyntheticSpec(1_000, 100, 50_000, 1_000_000, 10_000_000, 200_000, 500_000, 24),
}

REGIONS = ("North", "Central", "South", "West")
TEAMS = ("Team North", "Team Central", "Team South", "Team West")
INDUSTRIES = ("Consumer goods", "Industrial", "Healthcare", "Retail", "Technology")
PRODUCT_GROUPS = ("Home care", "Personal care", "Equipment", "Services")
PG_MEAN_AMOUNT = np.array([9_000.0, 7_000.0, 25_000.0, 14_000.0])
PG_COST_RATIO = np.array([0.62, 0.58, 0.70, 0.45])
STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation")
STAGE_PROB = (0.1, 0.25, 0.5, 0.75)
ACTIVITY_TYPE_P = {"call": 0.34, "email": 0.30, "meeting": 0.14, "visit": 0.08,
                   "demo": 0.04, "task": 0.10}
MARKETING_SOURCES = ("Website form", "Webinar", "Newsletter", "Trade show", "Paid search")
SALES_SOURCES = ("Cold call", "Referral", "Network", "Partner")
CHANNELS = ("Paid search", "Webinar", "Newsletter", "Trade show", "Social")
FIRST = ("Anna", "Bram", "Chloe", "Daan", "Eva", "Finn", "Greta", "Hugo", "Iris", "Jens",
         "Karin", "Lars", "Mila", "Noah", "Olga", "Pieter", "Quinn", "Rosa", "Sem", "Tess",
         "Ulla", "Victor", "Wendy", "Xander", "Yara", "Zeno")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meyer", "Schmidt", "Nielsen",
        "Hansen", "Jensen", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Koch",
        "Wagner", "Larsen", "Berg")
ACC_A = ("Noord", "Alpen", "Delta", "Fjord", "Rijn", "Hansa", "Polder", "Baltic", "Elbe",
         "Maas", "Nordic", "Zuid", "Oost", "Kanaal", "Heide", "Duin", "Tulp", "Linde")
ACC_B = ("Trading", "Foods", "Systems", "Logistics", "Care", "Works", "Medical", "Retail",
         "Tech", "Supplies", "Industries", "Partners", "Goods", "Labs")
ACC_C = ("B.V.", "GmbH", "A/S", "Ltd", "N.V.", "ApS", "AG")


# P(industry | region) and P(product group | industry): rows sum to 1
IND_P_BY_REGION = np.array([
    [0.25, 0.25, 0.15, 0.20, 0.15],   # North
    [0.65, 0.10, 0.10, 0.08, 0.07],   # Central: consumer goods heavy
    [0.25, 0.20, 0.20, 0.20, 0.15],   # South
    [0.20, 0.20, 0.15, 0.25, 0.20],   # West
])
PG_P_BY_INDUSTRY = np.array([
    [0.65, 0.25, 0.05, 0.05],         # Consumer goods: mostly home care
    [0.10, 0.05, 0.55, 0.30],         # Industrial
    [0.15, 0.35, 0.25, 0.25],         # Healthcare
    [0.35, 0.35, 0.10, 0.20],         # Retail
    [0.05, 0.05, 0.40, 0.50],         # Technology
])


# role -> KPIs with targets: 4 KPIs for a rep (a rep watches a few numbers), a management view of 7
SAMPLE_PROFILES = {
    "sales_rep": {"dashboard": "rep", "kpis": {
        "new_revenue": {}, "sales_conversations": {}, "meetings_planned_next_n_days": {"target": 10},
        "win_rate": {}}},
    "sales_manager": {"dashboard": "management", "kpis": {
        "new_revenue": {}, "deals_won": {}, "win_rate": {}, "average_deal_size": {}, "sales_cycle_days": {},
        "open_pipeline_value": {}, "sales_conversations": {}, "revenue_per_conversation": {}}},
}

#: a KPI the consultant configures without code (config ``kpi_templates``), used by the manager's profile
SAMPLE_TEMPLATES = {
    "revenue_per_conversation": {
        "template": "ratio", "numerator": "new_revenue", "denominator": "sales_conversations",
        "label": {"en": "Revenue per conversation", "nl": "Omzet per gesprek", "de": "Umsatz je Gespräch",
                  "da": "Omsætning pr. samtale"}},
}


def _draw_rows(rng, p_rows: np.ndarray) -> np.ndarray:
    """One categorical draw per row of *p_rows* (each row a probability vector), vectorised."""
    cum = np.cumsum(p_rows, axis=1)
    u = rng.random(len(p_rows))[:, None]
    return np.minimum((u > cum).sum(axis=1), p_rows.shape[1] - 1)


def _ids(prefix: str, n: int, width: int = 7) -> np.ndarray:
    """Vectorised ids ``prefix0000001`` … as an object array of str."""
    nums = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, nums).astype(object)


def _month_starts(start: pd.Timestamp, months: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=months, freq="MS")


def _random_times_in_months(rng, month_idx: np.ndarray, starts: pd.DatetimeIndex,
                            work_hours: bool = True) -> np.ndarray:
    """Uniform timestamps inside the given months (vectorised), in working hours."""
    s = starts.values.astype("datetime64[s]").astype(np.int64)
    ends = (starts + pd.offsets.MonthBegin(1)).values.astype("datetime64[s]").astype(np.int64)
    ndays = (ends - s) // 86400
    day = (rng.random(len(month_idx)) * ndays[month_idx]).astype(np.int64)
    if work_hours:
        sec = 8 * 3600 + (rng.random(len(month_idx)) * 9 * 3600).astype(np.int64)
    else:
        sec = (rng.random(len(month_idx)) * 86400).astype(np.int64)
    return (s[month_idx] + day * 86400 + sec).astype("datetime64[s]").astype("datetime64[ns]")


def _pick_within_groups(rng, group_of_item: np.ndarray, n_groups: int,
                        wanted_group: np.ndarray) -> np.ndarray:
    """For each entry of *wanted_group*, a random item index whose group equals it.

    Returns -1 where the group has no item.
    """
    order = np.argsort(group_of_item, kind="stable")
    counts = np.bincount(group_of_item, minlength=n_groups)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    c = counts[wanted_group]
    pick = offsets[wanted_group] + np.floor(rng.random(len(wanted_group)) * np.maximum(c, 1)).astype(np.int64)
    out = order[np.minimum(pick, len(order) - 1)] if len(order) else np.full(len(wanted_group), -1)
    return np.where(c > 0, out, -1)


def _names(rng, n: int) -> np.ndarray:
    f = rng.integers(0, len(FIRST), n)
    last = rng.integers(0, len(LAST), n)
    names = np.char.add(np.char.add(np.array(FIRST)[f], " "), np.array(LAST)[last]).astype(object)
    # make unique deterministically
    s = pd.Series(names)
    dup = s.groupby(s).cumcount()
    return np.where(dup > 0, s + " " + (dup + 1).astype(str), s).astype(object)


def generate(*, size: str | SyntheticSpec = "small", seed: int = 42, client_id: str = "sample",
             name: str | None = None, start: str = "2023-01-01", months: int | None = None,
             go_live_month: int | None = None, uplift: bool = True, trend: float = 0.005,
             seasonality: float = 0.08, noise: float = 0.0, weak_segment: bool = True,
             currency: str = "EUR") -> tuple[ClientData, dict[str, Any]]:
    """Generate one synthetic client.

    Parameters
    ----------
    size
        A key of :data:`SIZES` or a :class:`SyntheticSpec`.
    seed
        Random seed; the same seed and arguments give identical frames.
    client_id, name
        Identity of the generated client (``client_id`` must be a slug).
    start, months
        First month and number of months of history (default: the size's months).
    go_live_month
        Index of the CRM go-live month (default: the middle month).
    uplift
        False generates a client whose go-live changes nothing (for "no demonstrable gain").
    trend
        Organic growth of the deal inflow: month *i* has ``1 + trend × i`` times the volume of the
        first month (−0.01 … +0.015 in the ROI calibration); it is the same with or without uplift.
    seasonality
        Amplitude of the sinusoidal month-of-year pattern of the deal inflow (peak in June).
    noise
        Standard deviation of a month-level shock (AR(1), ρ = 0.5, drawn from its own random
        stream so the rest of the client is unchanged) on the deal inflow and on the win
        probability of the deals created that month: good and bad months no model can foresee.
    weak_segment
        False leaves out the weak segment (a decline in the last 9 months that is not the CRM's).

    The ground truth's ``go_live_uplift.true_gain`` is the monthly gross margin and revenue of
    won deals minus those of the client's no-CRM twin: the same seed and the same draws with the
    uplift switched off, so it is the gain the ROI analysis should find.

    Returns
    -------
    (ClientData, ground_truth)
    """
    spec = SIZES[size] if isinstance(size, str) else size
    if months is not None:
        spec = replace(spec, months=months)
    rng = np.random.default_rng(seed)
    n_months = spec.months
    starts = _month_starts(pd.Timestamp(start), n_months)
    data_end = starts[-1] + pd.offsets.MonthBegin(1) - pd.Timedelta(seconds=1)
    gl_idx = n_months // 2 if go_live_month is None else go_live_month
    go_live = starts[gl_idx]
    month_of_year = starts.month.values

    # ---- effect parameters (all recorded in the ground truth) -------------------------
    base_win = 0.30
    win_pp = 8.0 if uplift else 0.0
    cycle_change = -25.0 if uplift else 0.0
    base_cycle_median = 45.0
    log_pre, log_post = (0.55, 0.95) if uplift else (0.9, 0.9)
    report_pre, report_post = (0.55, 0.85) if uplift else (0.7, 0.7)
    resolution_factor = 0.7 if uplift else 1.0
    dec_created, dec_activity = 0.6, 0.7
    busy_activity, busy_win = 2.2, 0.4
    weak_factor, weak_amount, weak_from_idx = 0.2, 0.7, max(1, n_months - 9) if weak_segment else n_months
    agent_volume, agent_csat_shift = 2.0, -1.3

    month_w = np.maximum(0.05, 1 + trend * np.arange(n_months)) * (
        1 + seasonality * np.sin(2 * np.pi * (month_of_year - 3) / 12))
    shock = _month_shocks(np.random.default_rng([seed, 7]), n_months, noise)
    month_w_created = month_w * np.where(month_of_year == 12, dec_created, 1.0) * np.exp(shock)

    # ---- users: reps, managers, agents -------------------------------------------------
    n_reps, n_agents = spec.n_reps, spec.n_agents
    n_mgr = len(REGIONS)
    n_users = n_reps + n_mgr + n_agents + 1
    user_ids = _ids("U", n_users, 5)
    names = _names(rng, n_users)
    rep_region = np.arange(n_reps) % len(REGIONS)
    role = np.array(["sales_rep"] * n_reps + ["sales_manager"] * n_mgr + ["agent"] * n_agents
                    + ["service_manager"], dtype=object)
    region = np.concatenate([np.array(REGIONS, dtype=object)[rep_region],
                             np.array(REGIONS, dtype=object),
                             np.array(["Central"] * (n_agents + 1), dtype=object)])
    team = np.concatenate([np.array(TEAMS, dtype=object)[rep_region], np.array(TEAMS, dtype=object),
                           np.array(["Customer Service"] * (n_agents + 1), dtype=object)])
    mgr_ids = user_ids[n_reps:n_reps + n_mgr]
    manager = np.concatenate([mgr_ids[rep_region], np.array([None] * n_mgr, dtype=object),
                              np.array([user_ids[-1]] * n_agents + [None], dtype=object)])
    users = pd.DataFrame({
        "user_id": user_ids, "name": names, "team": team, "role": role, "region": region,
        "manager_id": manager, "active": True,
        "start_date": starts[0] - pd.Timedelta(days=365), "end_date": pd.NaT,
    })
    rep_ids = user_ids[:n_reps]
    agent_ids = user_ids[n_reps + n_mgr:n_reps + n_mgr + n_agents]
    # busy rep: a rep of the North region (not the weak region), deterministic per seed
    busy_rep = int(rng.choice(np.flatnonzero(rep_region == 0)))
    low_agent = int(rng.integers(0, n_agents))

    # ---- accounts ---------------------------------------------------------------------
    n_acc = spec.n_accounts
    acc_ids = _ids("A", n_acc, 6)
    acc_owner = rng.integers(0, n_reps, n_acc)
    acc_owner[:n_reps] = np.arange(n_reps)  # every rep has at least one account
    a = rng.integers(0, len(ACC_A), n_acc)
    b = rng.integers(0, len(ACC_B), n_acc)
    c = rng.integers(0, len(ACC_C), n_acc)
    acc_name = (pd.Series(np.array(ACC_A)[a]) + " " + pd.Series(np.array(ACC_B)[b]) + " "
                + pd.Series(np.array(ACC_C)[c]))
    dup = acc_name.groupby(acc_name).cumcount()
    acc_name = np.where(dup > 0, acc_name.str.replace(" ", f" {client_id[:1].upper()}", n=1)
                        + " " + (dup + 1).astype(str), acc_name)
    # industry mix per region: Central is a consumer-goods region (so its weak segment matters)
    acc_region = rep_region[acc_owner]
    acc_ind = _draw_rows(rng, IND_P_BY_REGION[acc_region])
    acc_key = rng.random(n_acc) < 0.12
    accounts = pd.DataFrame({
        "account_id": acc_ids, "name": acc_name.astype(object),
        "industry": np.array(INDUSTRIES, dtype=object)[acc_ind],
        "region": np.array(REGIONS, dtype=object)[rep_region[acc_owner]],
        "country": np.array(["NL", "DE", "DK", "BE"], dtype=object)[rep_region[acc_owner]],
        "owner_id": rep_ids[acc_owner], "is_key_account": acc_key,
        "created_at": _random_times_in_months(rng, np.zeros(n_acc, dtype=int), starts) - np.timedelta64(400, "D"),
    })

    # ---- opportunities ----------------------------------------------------------------
    n_opp = spec.n_opportunities
    rep_w = rng.lognormal(0, 0.25, n_reps)
    o_month = rng.choice(n_months, n_opp, p=month_w_created / month_w_created.sum())
    o_created = _random_times_in_months(rng, o_month, starts)
    o_rep = rng.choice(n_reps, n_opp, p=rep_w / rep_w.sum())
    o_acc = _pick_within_groups(rng, acc_owner, n_reps, o_rep)
    o_region = rep_region[o_rep]
    o_ind = acc_ind[o_acc]
    o_pg = _draw_rows(rng, PG_P_BY_INDUSTRY[o_ind])  # product mix depends on the industry
    post = o_created >= go_live.to_datetime64()
    rep_skill = rng.normal(0, 0.04, n_reps)
    weak_region, weak_ind, weak_pg = 1, 0, 0  # Central × Consumer goods × Home care
    weak = ((o_region == weak_region) & (o_ind == weak_ind) & (o_pg == weak_pg)
            & (o_month >= weak_from_idx))
    # the draws are taken once, so the client and its no-CRM twin share every random number
    u_won, cycle_draw = rng.random(n_opp), rng.lognormal(0, 0.5, n_opp)
    amount_draw, u_no_amount = rng.lognormal(-0.1, 0.45, n_opp), rng.random(n_opp)

    def outcomes(win_pp: float, cycle_change: float):
        p_win = base_win + rep_skill[o_rep] + np.where(post, win_pp / 100, 0.0)
        p_win = np.where(o_rep == busy_rep, p_win * busy_win, p_win)
        p_win = np.where(weak, p_win * weak_factor, p_win) * np.exp(shock[o_month])
        won = u_won < np.clip(p_win, 0.01, 0.95)
        cycle_median = base_cycle_median * np.where(post, 1 + cycle_change / 100, 1.0)
        cycle_days = np.maximum(1, np.round(cycle_median * cycle_draw)).astype(np.int64)
        close = (o_created.astype("datetime64[D]") + cycle_days).astype("datetime64[ns]")
        is_open = close > data_end.to_datetime64()
        status = np.where(is_open, "open", np.where(won, "won", "lost")).astype(object)
        amount = np.round(PG_MEAN_AMOUNT[o_pg] * amount_draw, -1)
        amount = np.where(weak & won, np.round(amount * weak_amount, -1), amount)
        amount = np.where((status == "lost") & (u_no_amount < 0.05), np.nan, amount)
        return won, cycle_days, close, is_open, status, amount

    won, cycle_days, close, is_open, status, amount = outcomes(win_pp, cycle_change)
    _, _, twin_close, _, twin_status, twin_amount = outcomes(0.0, 0.0)
    true_gain = _true_gain(starts, (close, status, amount, o_pg), (twin_close, twin_status, twin_amount))
    # open deals: stage by progress; closed: final stage
    progress = np.clip((data_end.to_datetime64() - o_created).astype("timedelta64[D]").astype(np.int64)
                       / np.maximum(cycle_days, 1), 0, 0.999)
    open_stage = np.floor(progress * len(STAGES)).astype(np.int64)
    stage = np.where(status == "won", "Closed Won", np.where(status == "lost", "Closed Lost",
                     np.array(STAGES, dtype=object)[open_stage])).astype(object)
    prob = np.where(status == "won", 1.0, np.where(status == "lost", 0.0, np.array(STAGE_PROB)[open_stage]))
    opp_ids = _ids("O", n_opp, 7)
    opportunities = pd.DataFrame({
        "opportunity_id": opp_ids, "created_at": o_created, "status": status, "stage": stage,
        "amount": amount, "close_date": close, "owner_id": rep_ids[o_rep],
        "account_id": acc_ids[o_acc], "probability": prob,
        "product": (pd.Series(np.array(PRODUCT_GROUPS, dtype=object)[o_pg]) + " "
                    + pd.Series(rng.integers(1, 4, n_opp).astype(str))).to_numpy(dtype=object),
        "product_group": np.array(PRODUCT_GROUPS, dtype=object)[o_pg],
        "region": np.array(REGIONS, dtype=object)[o_region],
        "industry": np.array(INDUSTRIES, dtype=object)[o_ind],
        "cost": np.round(amount * PG_COST_RATIO[o_pg], 2),
        "forecast_category": np.where(status == "won", "Closed", np.where(status == "lost", "Omitted",
                                      np.where(open_stage >= 2, "Commit", "Pipeline"))).astype(object),
    })

    # ---- opportunity history: one row per stage reached -------------------------------
    final_step = np.where(status == "open", open_stage, np.where(status == "won", 4,
                          rng.integers(0, 4, n_opp)))
    n_rows = final_step + 1 + (status != "open")  # stages 0..final_step, plus the closing row
    rep_idx = np.repeat(np.arange(n_opp), n_rows)
    step = np.arange(len(rep_idx)) - np.repeat(np.cumsum(n_rows) - n_rows, n_rows)
    end_t = np.where(is_open, data_end.to_datetime64(), close)
    span = (end_t - o_created)[rep_idx]
    frac = np.where(step == 0, 0.0, step / np.maximum(n_rows[rep_idx], 1))
    changed = o_created[rep_idx] + (span * frac).astype("timedelta64[ns]")
    is_last_closed = (step == n_rows[rep_idx] - 1) & (status[rep_idx] != "open")
    changed = np.where(is_last_closed, close[rep_idx], changed)
    h_stage_idx = np.minimum(step, 3)
    h_stage = np.where(is_last_closed, stage[rep_idx], np.array(STAGES, dtype=object)[h_stage_idx])
    opportunity_history = pd.DataFrame({
        "opportunity_id": opp_ids[rep_idx], "changed_at": changed, "stage": h_stage,
        "status": np.where(is_last_closed, status[rep_idx], "open").astype(object),
        "amount": amount[rep_idx], "close_date": close[rep_idx],
        "probability": np.where(is_last_closed, prob[rep_idx], np.array(STAGE_PROB)[h_stage_idx]),
    })

    # ---- activities --------------------------------------------------------------------
    rep_act = rng.lognormal(0, 0.2, n_reps)
    rep_act[busy_rep] = np.median(rep_act) * busy_activity
    log_rate = np.where(starts >= go_live, log_pre * 0 + log_post, log_pre)
    m_act = month_w * np.where(month_of_year == 12, dec_activity, 1.0) * log_rate
    cell_w = np.outer(rep_act, m_act).ravel()
    n_done = int(spec.n_activities * 0.97)
    cell = rng.choice(cell_w.size, n_done, p=cell_w / cell_w.sum())
    a_rep, a_month = np.divmod(cell, n_months)
    types = np.array(list(ACTIVITY_TYPE_P), dtype=object)
    a_type = types[rng.choice(len(types), n_done, p=np.array(list(ACTIVITY_TYPE_P.values())))]
    a_sched = _random_times_in_months(rng, a_month, starts)
    # planned future meetings / visits / calls (next 30 days after data_end)
    n_plan = spec.n_activities - n_done
    p_rep = rng.choice(n_reps, n_plan, p=rep_act / rep_act.sum())
    p_type = np.array(["meeting", "visit", "call"], dtype=object)[rng.choice(3, n_plan, p=[0.5, 0.2, 0.3])]
    p_sched = (data_end.to_datetime64().astype("datetime64[D]") + 1
               + rng.integers(0, 30, n_plan)).astype("datetime64[ns]") + np.timedelta64(10, "h")
    all_rep = np.concatenate([a_rep, p_rep])
    all_type = np.concatenate([a_type, p_type])
    sched = np.concatenate([a_sched, p_sched])
    completed = np.concatenate([np.ones(n_done, bool), np.zeros(n_plan, bool)])
    n_act = len(all_rep)
    acc_pick = _pick_within_groups(rng, acc_owner, n_reps, all_rep)
    opp_pick = _pick_within_groups(rng, o_rep, n_reps, all_rep)
    link_opp = (rng.random(n_act) < 0.5) & (opp_pick >= 0)
    post_a = sched >= go_live.to_datetime64()
    is_visit = np.isin(all_type, ["meeting", "visit"])
    has_report = np.where(is_visit & completed,
                          rng.random(n_act) < np.where(post_a, report_post, report_pre), False)
    lag_h = rng.integers(0, 72, n_act).astype("timedelta64[h]")
    activities = pd.DataFrame({
        "activity_id": _ids("T", n_act, 8), "type": all_type, "owner_id": rep_ids[all_rep],
        "account_id": acc_ids[acc_pick],
        "opportunity_id": np.where(link_opp, opp_ids[np.maximum(opp_pick, 0)], None),
        "created_at": np.where(completed, sched + lag_h, sched - np.timedelta64(5, "D")),
        "scheduled_at": sched, "completed": completed,
        "completed_at": np.where(completed, sched, np.datetime64("NaT")),
        "duration_min": np.where(np.isin(all_type, ["meeting", "visit", "demo"]), 60.0,
                                 np.where(all_type == "call", 15.0, np.nan)),
        "has_report": np.where(is_visit, has_report, pd.NA),
    })

    # ---- campaigns, leads, touchpoints, spend ------------------------------------------
    n_camp = 10
    camp_ids = _ids("C", n_camp, 3)
    camp_channel = np.array(CHANNELS, dtype=object)[np.arange(n_camp) % len(CHANNELS)]
    campaigns = pd.DataFrame({
        "campaign_id": camp_ids, "name": [f"{ch} {i + 1}" for i, ch in enumerate(camp_channel)],
        "channel": camp_channel, "start_date": starts[0], "end_date": starts[-1],
    })
    # leads that became opportunities (a third of opportunities) + leads that did not
    conv_opp = np.flatnonzero(rng.random(n_opp) < 0.35)
    n_conv, n_other = len(conv_opp), spec.n_leads_extra
    n_lead = n_conv + n_other
    l_month = rng.choice(n_months, n_other, p=month_w / month_w.sum())
    l_created = np.concatenate([
        o_created[conv_opp] - rng.integers(5, 40, n_conv).astype("timedelta64[D]"),
        _random_times_in_months(rng, l_month, starts)])
    l_marketing = rng.random(n_lead) < 0.6
    l_source = np.where(l_marketing,
                        np.array(MARKETING_SOURCES, dtype=object)[rng.integers(0, 5, n_lead)],
                        np.array(SALES_SOURCES, dtype=object)[rng.integers(0, 4, n_lead)])
    l_camp_i = rng.integers(0, n_camp, n_lead)
    l_camp = np.where(l_marketing, camp_ids[l_camp_i], None)
    l_owner = np.concatenate([o_rep[conv_opp], rng.integers(0, n_reps, n_other)])
    is_conv = np.arange(n_lead) < n_conv
    mql = l_marketing & (is_conv | (rng.random(n_lead) < 0.45))
    sql = is_conv | (mql & (rng.random(n_lead) < 0.35)) | (~l_marketing & (rng.random(n_lead) < 0.5))
    d1 = rng.integers(1, 6, n_lead).astype("timedelta64[D]")
    mql_at = np.where(mql, l_created + d1, np.datetime64("NaT"))
    conv_at = np.where(is_conv, np.concatenate([o_created[conv_opp],
                                                np.full(n_other, np.datetime64("NaT"), "datetime64[ns]")]),
                       np.datetime64("NaT"))
    sql_at = np.where(sql, np.where(is_conv, l_created + (conv_at - l_created) // 2, l_created + d1 * 2),
                      np.datetime64("NaT"))
    disq = ~is_conv & (rng.random(n_lead) < 0.5)
    lead_ids = _ids("L", n_lead, 7)
    leads = pd.DataFrame({
        "lead_id": lead_ids, "created_at": l_created, "source": l_source,
        "source_class": np.where(l_marketing, "marketing", "sales").astype(object),
        "campaign_id": l_camp, "owner_id": rep_ids[l_owner],
        "status": np.where(is_conv, "Converted", np.where(disq, "Disqualified",
                           np.where(sql, "SQL", np.where(mql, "MQL", "New")))).astype(object),
        "mql_at": mql_at, "sql_at": sql_at, "converted_at": conv_at,
        "converted_opportunity_id": np.where(is_conv, np.concatenate([opp_ids[conv_opp], np.full(n_other, None)]),
                                             None),
        "disqualified_at": np.where(disq, l_created + rng.integers(5, 60, n_lead).astype("timedelta64[D]"),
                                    np.datetime64("NaT")),
    }).sort_values("created_at", kind="stable").reset_index(drop=True)
    lead_of_opp = np.full(n_opp, None, dtype=object)
    lead_of_opp[conv_opp] = lead_ids[:n_conv]
    opportunities["lead_id"] = lead_of_opp
    src = np.full(n_opp, None, dtype=object)
    src[conv_opp] = l_source[:n_conv]
    opportunities["lead_source"] = src
    cmp_ = np.full(n_opp, None, dtype=object)
    cmp_[conv_opp] = l_camp[:n_conv]
    opportunities["campaign_id"] = cmp_
    # touchpoints: 1–4 per marketing lead, before creation; the first is the lead's campaign
    mk = np.flatnonzero(l_marketing)
    n_t = rng.integers(1, 5, len(mk))
    t_lead = np.repeat(mk, n_t)
    t_step = np.arange(len(t_lead)) - np.repeat(np.cumsum(n_t) - n_t, n_t)
    t_camp = np.where(t_step == 0, l_camp_i[t_lead], rng.integers(0, n_camp, len(t_lead)))
    touchpoints = pd.DataFrame({
        "lead_id": lead_ids[t_lead],
        "touched_at": l_created[t_lead] - ((np.repeat(n_t, n_t) - t_step) * 2).astype("timedelta64[D]"),
        "campaign_id": camp_ids[t_camp],
        "kind": np.array(["view", "click", "email", "form"], dtype=object)[np.minimum(t_step, 3)],
    })
    spend_scale = max(1.0, n_lead / 1500)
    marketing_spend = pd.DataFrame({
        "month": np.repeat(starts.values, n_camp), "campaign_id": np.tile(camp_ids, n_months),
        "channel": np.tile(camp_channel, n_months),
        "amount": np.round(rng.uniform(400, 1600, n_months * n_camp) * spend_scale, 2),
    })

    # ---- quotes --------------------------------------------------------------------------
    has_q = (status == "won") | ((status == "lost") & (rng.random(n_opp) < 0.5)) | (
        (status == "open") & (open_stage >= 2))
    qi = np.flatnonzero(has_q)
    q_sent = o_created[qi] + (cycle_days[qi] * 0.6).astype("timedelta64[D]")
    q_sent = np.minimum(q_sent, data_end.to_datetime64())
    q_status = np.where(status[qi] == "won", "accepted", np.where(status[qi] == "lost", "rejected", "sent"))
    quotes = pd.DataFrame({
        "quote_id": _ids("Q", len(qi), 7), "opportunity_id": opp_ids[qi],
        "account_id": acc_ids[o_acc[qi]], "owner_id": rep_ids[o_rep[qi]], "sent_at": q_sent,
        "amount": amount[qi], "status": q_status.astype(object),
        "decided_at": np.where(status[qi] == "open", np.datetime64("NaT"), close[qi]),
    })
    q_of_opp = np.full(n_opp, np.datetime64("NaT"), dtype="datetime64[ns]")
    q_of_opp[qi] = q_sent
    opportunities["quote_sent_at"] = q_of_opp

    # ---- cases (contact centre) ----------------------------------------------------------
    n_case = spec.n_cases
    ag_w = np.ones(n_agents)
    ag_w[low_agent] = agent_volume
    c_agent = rng.choice(n_agents, n_case, p=ag_w / ag_w.sum())
    c_month = rng.choice(n_months, n_case, p=month_w / month_w.sum())
    c_open = _random_times_in_months(rng, c_month, starts)
    c_post = c_open >= go_live.to_datetime64()
    res_h = 20.0 * np.where(c_post, resolution_factor, 1.0) * rng.lognormal(0, 0.9, n_case)
    c_closed = c_open + (res_h * 3600).astype("timedelta64[s]").astype("timedelta64[ns]")
    still_open = c_closed > data_end.to_datetime64()
    csat = np.clip(np.round(rng.normal(4.1, 0.8, n_case) + np.where(c_agent == low_agent, agent_csat_shift, 0)), 1, 5)
    csat = np.where((rng.random(n_case) < 0.6) & ~still_open, csat, np.nan)
    cases = pd.DataFrame({
        "case_id": _ids("S", n_case, 7), "opened_at": c_open, "agent_id": agent_ids[c_agent],
        "account_id": acc_ids[rng.integers(0, n_acc, n_case)],
        "closed_at": np.where(still_open, np.datetime64("NaT"), c_closed),
        "status": np.where(still_open, "open", "closed").astype(object),
        "channel": np.array(["phone", "email", "chat"], dtype=object)[rng.integers(0, 3, n_case)],
        "priority": np.array(["low", "normal", "high"], dtype=object)[rng.choice(3, n_case, p=[.3, .55, .15])],
        "csat": csat,
        "first_response_at": c_open + (rng.exponential(2.0, n_case) * 3600).astype("timedelta64[s]")
                                      .astype("timedelta64[ns]"),
    })

    # ---- contracts ------------------------------------------------------------------------
    wonm = status == "won"
    first_win = pd.Series(close[wonm]).groupby(o_acc[wonm]).min()
    won_sum = pd.Series(np.nan_to_num(amount[wonm])).groupby(o_acc[wonm]).sum()
    k = len(first_win)
    churn = rng.random(k) < 0.15
    c_start = first_win.to_numpy()
    contracts = pd.DataFrame({
        "account_id": acc_ids[first_win.index.to_numpy()], "start_date": c_start,
        "end_date": np.where(churn, c_start + rng.integers(120, 500, k).astype("timedelta64[D]"), np.datetime64("NaT")),
        "mrr": np.round(won_sum.to_numpy() / 24, 2),
    })
    contracts.loc[contracts["end_date"] > data_end, "end_date"] = pd.NaT

    # ---- CRM costs and financials --------------------------------------------------------
    scale = max(1.0, n_reps / 12)
    cost_rows = [(go_live - pd.offsets.MonthBegin(1), 45_000.0 * scale, "implementation"),
                 (go_live - pd.offsets.MonthBegin(1), 6_000.0 * scale, "training"),
                 (go_live, 4_000.0 * scale, "training"),
                 (go_live, 8_000.0 * scale, "integration")]
    for m in starts[starts >= go_live - pd.offsets.MonthBegin(1)]:
        cost_rows.append((m, 65.0 * (n_reps + n_agents + n_mgr), "license"))
        cost_rows.append((m, 500.0 * scale, "support"))
    crm_costs = pd.DataFrame(cost_rows, columns=["month", "amount", "category"])
    won_month = pd.Series(np.where(wonm, amount, 0.0)).groupby(
        pd.Series(close).dt.to_period("M").dt.to_timestamp()).sum()
    won_cost = pd.Series(np.where(wonm, amount * PG_COST_RATIO[o_pg], 0.0)).groupby(
        pd.Series(close).dt.to_period("M").dt.to_timestamp()).sum()
    rev = won_month.reindex(starts, fill_value=0.0).to_numpy() + 20_000.0 * scale
    cogs = won_cost.reindex(starts, fill_value=0.0).to_numpy() + 12_000.0 * scale
    financials = pd.DataFrame({"month": starts, "revenue": np.round(rev, 2), "cogs": np.round(cogs, 2),
                               "gross_margin": np.round(rev - cogs, 2)})

    config = ClientConfig(
        client_id=client_id, name=name or client_id.replace("_", " ").replace("-", " ").title(),
        source="canonical", currency=currency, go_live=go_live.date(),
        lead_definitions={"marketing_sources": list(MARKETING_SOURCES),
                          "sales_sources": list(SALES_SOURCES)},
        profiles=SAMPLE_PROFILES, kpi_templates=SAMPLE_TEMPLATES,
    )
    _nothing_after_export(data_end, leads=leads, activities=activities, cases=cases)
    data = ClientData.from_frames(
        config, users=users, accounts=accounts, leads=leads, opportunities=opportunities,
        opportunity_history=opportunity_history, activities=activities, quotes=quotes,
        cases=cases, campaigns=campaigns, marketing_spend=marketing_spend,
        touchpoints=touchpoints, contracts=contracts, crm_costs=crm_costs, financials=financials,
    )
    truth = {
        "client_id": client_id, "seed": seed,
        "size": size if isinstance(size, str) else "custom",
        "start_month": str(starts[0].date())[:7], "end_month": str(starts[-1].date())[:7],
        "months": n_months, "data_end": str(data_end), "as_of": str(data_end.date()),
        "go_live": str(go_live.date()),
        "rows": {t: int(len(df)) for t, df in data.tables.items()},
        "effects": {
            "go_live_uplift": {
                "planted": bool(uplift), "go_live": str(go_live.date()),
                "applies_to": "opportunities created on or after go_live; activities, visit "
                              "reports and cases dated on or after go_live",
                "base_win_rate": base_win, "win_rate_pp": win_pp,
                "base_cycle_median_days": base_cycle_median, "cycle_change_pct": cycle_change,
                "activity_logging_share": {"pre": log_pre, "post": log_post},
                "visit_report_rate": {"pre": report_pre, "post": report_post},
                "case_resolution_time_factor": resolution_factor,
                "true_gain": true_gain,
            },
            "busy_rep": {
                "user_id": str(rep_ids[busy_rep]), "name": str(names[busy_rep]),
                "activity_factor": busy_activity, "win_prob_factor": busy_win,
                "expected": "top-quartile activity, bottom-quartile win rate",
            },
            "weak_segment": {
                "region": REGIONS[weak_region], "industry": INDUSTRIES[weak_ind],
                "product_group": PRODUCT_GROUPS[weak_pg],
                "planted": bool(weak_segment),
                "from_month": str(starts[min(weak_from_idx, n_months - 1)].date())[:7],
                "win_prob_factor": weak_factor, "won_amount_factor": weak_amount,
                "share_of_region_opportunities": round(float(np.mean(
                    (o_ind[o_region == weak_region] == weak_ind) & (o_pg[o_region == weak_region] == weak_pg))), 3),
            },
            "december_dip": {"month": 12, "opportunities_created_factor": dec_created,
                             "activity_factor": dec_activity},
            "seasonality": {"kind": "sinusoidal", "amplitude": seasonality, "peak_month": 6,
                            "trend_per_month": trend},
            "month_shocks": {"sd": noise, "ar1": 0.5, "applies_to": "deal inflow and win probability"},
            "low_csat_agent": {
                "user_id": str(agent_ids[low_agent]), "name": str(names[n_reps + n_mgr + low_agent]),
                "volume_factor": agent_volume, "csat_shift": agent_csat_shift,
            },
        },
    }
    return data, truth


def _nothing_after_export(data_end: pd.Timestamp, *, leads: pd.DataFrame, activities: pd.DataFrame,
                          cases: pd.DataFrame) -> None:
    """An export holds no event after its date: later steps have not happened yet (in place).

    Plans (activities scheduled after the export) keep their scheduled date but were created
    before it; open deals keep their expected close date.
    """
    end = data_end.to_datetime64()
    for col in ("mql_at", "sql_at", "converted_at", "disqualified_at"):
        leads.loc[leads[col] > end, col] = pd.NaT
    activities["created_at"] = activities["created_at"].where(activities["created_at"] <= end, end)
    cases.loc[cases["first_response_at"] > end, "first_response_at"] = pd.NaT


def _month_shocks(rng: np.random.Generator, n: int, sd: float, rho: float = 0.5) -> np.ndarray:
    """AR(1) log-shocks per month with stationary standard deviation *sd* (zeros when sd is 0)."""
    if not sd:
        return np.zeros(n)
    e = rng.normal(0, sd * np.sqrt(1 - rho ** 2), n)
    out = np.empty(n)
    out[0] = rng.normal(0, sd)
    for i in range(1, n):  # n months (≤ a few dozen), not rows
        out[i] = rho * out[i - 1] + e[i]
    return out


def _true_gain(starts: pd.DatetimeIndex, actual: tuple, twin: tuple) -> dict[str, Any]:
    """Gross margin and revenue of won deals by close month: the client minus its no-CRM twin."""
    def by_month(close, status, amount, pg):
        won = status == "won"
        month = pd.Series(close[won]).dt.to_period("M").dt.to_timestamp()
        amt = pd.Series(np.nan_to_num(amount[won]))
        margin = amt - np.round(amt * PG_COST_RATIO[pg[won]], 2)
        return (margin.groupby(month.to_numpy()).sum().reindex(starts, fill_value=0.0),
                amt.groupby(month.to_numpy()).sum().reindex(starts, fill_value=0.0))
    m_a, r_a = by_month(*actual)
    m_t, r_t = by_month(*twin, actual[3])
    out = {}
    for metric, a, b in (("gross_margin", m_a, m_t), ("new_revenue", r_a, r_t)):
        d = (a - b).round(2)
        out[metric] = {"monthly": {f"{k:%Y-%m}": float(v) for k, v in d.items()}, "total": round(float(d.sum()), 2)}
    return out


def write_ground_truth(truth: dict[str, Any], path: str | Path) -> Path:
    """Write the ground truth as pretty JSON; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(truth, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def _today() -> dt.date:  # pragma: no cover - tiny helper kept for callers that need "now"
    return dt.date.today()
