"""The engagement's plan: the baseline measured once, targets agreed and raised step by step.

A consultant measures where a client starts (the *nulmeting*) once, agrees a first target
slightly above it, reviews the KPIs every month and raises the target step by step — action
and result KPIs first, insight KPIs later. :func:`make_plan` freezes the baseline of every KPI
and entity (company, team, rep) over the complete months before the baseline month and sets the
first targets; :func:`schedule` turns the step-up rule into a calendar, where a target the
consultant agreed by hand wins over the rule in its month; :func:`targets_for` gives the
targets a month's report scores against, in the shape of :func:`crmanalysis.analyses.targets.set_targets`.
:func:`action_targets` translates a revenue target into the deals, decided deals (opportunities)
and sales conversations it needs, from the client's own funnel. Reading and writing the plan
file is :mod:`crmanalysis.planfile`'s; this module is pure.

The rule, per KPI and entity, with ``k`` months since the baseline month:

    target = baseline × (1 ± (uplift + step × ⌊k / every⌋)), at most baseline × (1 ± ceiling)

(+ for higher-is-better KPIs, − for lower-is-better ones; a share stays ≤ 100 %, a 1–5 score ≤ 5),
rounded as :func:`crmanalysis.analyses.targets.round_target` rounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import ClientData, NotComputable
from ..i18n import Note, keyed, note_frame
from .baseline import SHORT, BaselineSpec, baseline, is_stock, specs_for
from .targets import CEILINGS, at_usual, near_zero, round_target, score, short_of_perfection, status
from .window import Window

__all__ = ["StepUp", "Plan", "make_plan", "months_between", "rule_target", "schedule", "targets_for",
           "action_targets", "step_up_news", "PLAN_COLUMNS", "INSIGHT_AFTER",
           "lift_after", "month_lift"]

#: the columns of a plan's rows: one per KPI × period × level × entity
PLAN_COLUMNS = ["kpi", "period", "level", "entity", "entity_name", "unit", "direction", "kind", "phase",
                "baseline", "q1", "q3", "n_periods", "target"]
#: months after the baseline month in which insight KPIs join the scores (later, once the reps know their
#: action targets)
INSIGHT_AFTER = 6


@dataclass(frozen=True)
class StepUp:
    """Raise every target by *step* (of the baseline) every *every* months, up to *ceiling* above the baseline."""

    step: float = 0.05
    every: int = 3
    ceiling: float = 0.25


@dataclass
class Plan:
    """What was agreed with the client: the baseline, the first targets and how they rise."""

    client_id: str
    baseline_month: str                          # YYYY-MM: the month the targets hold from
    window: tuple[str, str]                      # the complete months the baseline covers (first, last)
    rows: pd.DataFrame                           # PLAN_COLUMNS
    uplift: float = 0.05
    step_up: StepUp = field(default_factory=StepUp)
    insight_from: str = ""                       # YYYY-MM: insight KPIs are scored from this month
    measured_on: dict[str, Any] = field(default_factory=dict)   # the data the baseline was measured on
    edits: dict[tuple[str, str, str, str, str], float] = field(default_factory=dict)
    """(kpi, period, level, entity, YYYY-MM) -> the target agreed by hand for that month (it wins over the rule)."""

    def __post_init__(self) -> None:
        if not self.insight_from:
            self.insight_from = _add_months(self.baseline_month, INSIGHT_AFTER)


def _add_months(month: str, k: int) -> str:
    return str(pd.Period(month, "M") + k)


def months_between(first: str, last: str) -> int:
    """Whole months from *first* to *last* (``YYYY-MM``); negative when *last* is earlier."""
    return (pd.Period(last, "M") - pd.Period(first, "M")).n


def _plan_specs(data: ClientData, n_months: int) -> tuple[BaselineSpec, ...]:
    """The baseline's KPIs (as the reports measure them) plus the win rate, an insight KPI that joins later."""
    specs = list(specs_for(data.config.profiles, n_months, data=data))
    if data.has("opportunities") and not any(s.kpi == "win_rate" for s in specs):
        specs.append(BaselineSpec("win_rate", "M", ((), ("team",), ("owner_id",)), n_months))
    return tuple(specs)


def make_plan(data: ClientData, baseline_month: str, *, n_months: int = 6, uplift: float = 0.05,
              step_up: StepUp | None = None, specs: tuple[BaselineSpec, ...] | None = None,
              measured_on: dict[str, Any] | None = None) -> Plan:
    """The plan made in *baseline_month*: its baseline over the *n_months* complete months before it.

    Entities with too little history get no target ("no baseline yet"). Insight KPIs are in the
    plan from the start but scored from :data:`INSIGHT_AFTER` months on.
    """
    start = pd.Timestamp(baseline_month + "-01")
    if K.data_start(data) > start:
        raise NotComputable(detail=Note("nc.plan_before_data", month=baseline_month))
    base = baseline(data, specs or _plan_specs(data, n_months), baseline_date=start - pd.Timedelta(1, "ns"))
    if base.empty:
        raise NotComputable(detail=Note("nc.plan_before_data", month=baseline_month))
    # a KPI the data cannot give (its table is missing) is no part of the plan; one with too few months
    # before the baseline month is, without a target ("no baseline yet")
    rows = base[base["n_periods"].notna() & base["window_start"].notna()]
    rows = rows.drop(columns="median").reset_index(drop=True)
    short = keyed(rows["flag"], SHORT).to_numpy()
    rule = step_up or StepUp()
    rows["phase"] = np.where(rows["kind"] == "insight", 2, 1)
    rows["n_periods"] = rows["n_periods"].astype(int)
    rows["target"] = [np.nan if s else _rule(b, u, d, uplift, 0, rule) for b, u, d, s in
                      zip(rows["baseline"], rows["unit"], rows["direction"], short, strict=True)]
    # a person with almost nothing in the baseline months has no baseline to be held to (and the rule,
    # which works from the baseline, sets no target in later months either)
    near = near_zero(rows)
    rows.loc[near, ["baseline", "target"]] = np.nan
    if not rows["target"].notna().any():         # nothing measured that a target can be set on
        raise NotComputable(detail=Note("nc.plan_short", month=baseline_month, n=3,
                                        start=f"{K.data_start(data):%Y-%m}"))
    rows.loc[short, "baseline"] = np.nan         # a median of too few months is no baseline to hold a rep to
    m = pd.to_datetime(rows["window_start"]).min(), pd.to_datetime(rows["window_end"]).max()
    window = (m[0].strftime("%Y-%m"), m[1].strftime("%Y-%m"))
    return Plan(data.config.client_id, baseline_month, window, rows[PLAN_COLUMNS].reset_index(drop=True),
                uplift=uplift, step_up=rule, measured_on=dict(measured_on or {}))


def lift_after(uplift: float, steps: int, rule: StepUp) -> float:
    """How far above the baseline targets stand after *steps* step-ups (0.05 = 5 %), the ceiling included."""
    return min(uplift + rule.step * steps, max(rule.ceiling, uplift))


def month_lift(plan: Plan, month: str) -> float:
    """How far above the baseline the plan's rule sets targets in *month*."""
    return lift_after(plan.uplift, max(months_between(plan.baseline_month, month), 0) // max(plan.step_up.every, 1),
                      plan.step_up)


def _rule(base: float, unit: str, direction: str, uplift: float, steps: int, rule: StepUp) -> float:
    """The rule's target *steps* steps after the first, rounded.

    NaN without a baseline, and for a baseline of 0 (a rep with nothing in the baseline months): a
    percentage above nothing is no target; the consultant agrees one by hand.
    """
    if base is None or base != base or base == 0:
        return np.nan
    lift = lift_after(uplift, steps, rule)
    raw = base * (1 - lift) if direction == "lower" else base * (1 + lift)
    # near 100 % (or a score's 5) a step closes at most half of the distance left, as a suggested target
    # does: Northwind's retention of 99.7 % was given a target of 100.0 %, which only perfection meets
    raw = float(short_of_perfection(base, raw, CEILINGS.get(unit, np.nan), direction == "lower"))
    return round_target(raw, unit, direction, base if lift > 0 else None)


def rule_target(plan: Plan, row: pd.Series | dict[str, Any], month: str) -> float:
    """What the step-up rule alone sets for *row* in *month* (no edits)."""
    k = months_between(plan.baseline_month, month)
    if k < 0:
        return np.nan
    return _rule(row["baseline"], row["unit"], row["direction"], plan.uplift, k // max(plan.step_up.every, 1),
                 plan.step_up)


def target_in(plan: Plan, row: Any, month: str) -> tuple[float, str]:
    """(target, source) of *row* in *month*: the target agreed by hand for that month, else the rule's."""
    edit = plan.edits.get((row["kpi"], row["period"], row["level"], str(row["entity"]), month))
    if edit is not None:
        return edit, "agreed"
    return rule_target(plan, row, month), "plan"


def schedule(plan: Plan, months: int = 24) -> pd.DataFrame:
    """The calendar: every row's target in each of *months* months from the baseline month.

    Returns
    -------
    pandas.DataFrame
        The plan's rows repeated per ``month`` (``YYYY-MM``) with ``target`` and ``source`` (``plan``:
        the rule's; ``agreed``: set by hand).
    """
    return _calendar(plan, [_add_months(plan.baseline_month, k) for k in range(months)])


def _calendar(plan: Plan, months: list[str], rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """*rows* (default: the plan's) × *months* with each month's target and its source.

    The rule's target depends on a row and the number of steps taken, so it is rounded once per row
    and step (a few per row over a year), then spread over the months; edits replace their month.
    """
    rows = (plan.rows if rows is None else rows).reset_index(drop=True)
    every = max(plan.step_up.every, 1)
    steps = {m: months_between(plan.baseline_month, m) // every for m in months}
    cal = rows.loc[rows.index.repeat(len(months))].reset_index(drop=True)
    cal["month"] = np.tile(np.asarray(months, dtype=object), len(rows))
    cal["_row"] = np.repeat(rows.index.to_numpy(), len(months))
    cal["_steps"] = cal["month"].map(steps)
    rule = {(i, n): _rule(r["baseline"], r["unit"], r["direction"], plan.uplift, n, plan.step_up)
            for i, r in rows.iterrows() for n in set(steps.values()) if n >= 0}
    cal["target"] = [rule.get((i, n), np.nan) for i, n in zip(cal["_row"], cal["_steps"], strict=True)]
    cal["source"] = "plan"
    if plan.edits:
        key = list(zip(cal["kpi"], cal["period"], cal["level"], cal["entity"].astype(str), cal["month"], strict=True))
        edited = pd.Series([plan.edits.get(k) for k in key], index=cal.index, dtype="float64")
        cal.loc[edited.notna(), "target"] = edited[edited.notna()]
        cal.loc[edited.notna(), "source"] = "agreed"
    return cal.drop(columns=["_row", "_steps"])


def targets_for(plan: Plan, data: ClientData, month: str) -> tuple[pd.DataFrame, list[Note]]:
    """The plan's targets of *month*, shaped as :func:`crmanalysis.analyses.targets.set_targets` rows, and what changed.

    Insight KPIs join from ``plan.insight_from``. A rep who joined after the baseline has no
    baseline yet (a row without a target, flagged); a rep who left (inactive, or an end date
    before the month) drops out. The notes say both.
    """
    if months_between(plan.baseline_month, month) < 0:
        raise NotComputable(detail=Note("nc.plan_month_before", month=month, baseline=plan.baseline_month))
    rows = _calendar(plan, [month], plan.rows[(plan.rows["phase"] == 1) | (month >= plan.insight_from)])
    rows = rows.drop(columns="month")
    flag = pd.Series("", index=rows.index, dtype=object)      # object: the flag stays a note, not English words
    flag[rows["target"].isna()] = Note("note.no_baseline_yet")
    rows["flag"] = flag
    notes: list[Note] = []
    left = _left_reps(data, month)
    gone = rows["level"].isin(["rep", "agent"]) & rows["entity"].astype(str).isin(left)
    if gone.any():
        notes.append(Note("plan.left", n=int(rows.loc[gone, "entity"].nunique()),
                          names=", ".join(sorted(rows.loc[gone, "entity_name"].astype(str).unique())[:5])))
        rows = rows[~gone]
    new = _new_reps(data, plan, month)
    if new:
        notes.append(Note("plan.joined", n=len(new), month=plan.baseline_month))
        rows = pd.concat([rows, _new_rows(rows, new)], ignore_index=True)
    rows["label"] = [K.kpi(data, k).label("en") for k in rows["kpi"]]
    # a level (the open pipeline, MRR) is where it stands at the month's end, as set_targets marks it: the plan's
    # targets table read "Open pipeline per month" under a baseline table of "at month end"
    rows["stock"] = [is_stock(K.kpi(data, k)) for k in rows["kpi"]]
    return rows.reset_index(drop=True), notes


def _left_reps(data: ClientData, month: str) -> set[str]:
    if not data.has("users"):
        return set()
    u = data.users
    m0 = pd.Timestamp(month + "-01")
    gone = u["active"].eq(False).fillna(False) | (u["end_date"] < m0).fillna(False)
    return set(u.loc[gone, "user_id"].astype(str))


def _new_reps(data: ClientData, plan: Plan, month: str) -> dict[str, str]:
    """Reps with won, lost or created deals in *month* whom the plan does not know: id -> name."""
    if not data.has("opportunities"):
        return {}
    m0, m1 = K.month_window(month)
    o = data.opportunities
    active = o.loc[(o["created_at"].between(m0, m1)) | (o["close_date"].between(m0, m1)), "owner_id"].dropna()
    known = set(plan.rows.loc[plan.rows["level"] == "rep", "entity"].astype(str))
    names = data.users.drop_duplicates("user_id").set_index("user_id")["name"] if data.has("users") else {}
    return {str(r): str(names.get(r, r)) for r in sorted(set(active.astype(str)) - known)}


def _new_rows(rows: pd.DataFrame, new: dict[str, str]) -> pd.DataFrame:
    """One untargeted row per new rep and rep-level KPI of the plan."""
    per_kpi = rows[rows["level"] == "rep"].drop_duplicates(["kpi", "period"])
    out = [{**r.to_dict(), "entity": rep, "entity_name": name, "baseline": np.nan, "q1": np.nan, "q3": np.nan,
            "n_periods": 0, "target": np.nan, "source": "", "flag": Note("note.no_baseline_yet")}
           for _, r in per_kpi.iterrows() for rep, name in new.items()]
    return note_frame(out, "flag").reindex(columns=rows.columns)


def step_up_news(plan: Plan, actuals: pd.DataFrame, month: str, *, currency: str = "EUR") -> list[Note]:
    """Whether the rule raises a company target next month, and whether the KPI earned it.

    *actuals*: ``kpi, month, actual`` of the company over the months since the baseline month.
    A step due next month is said with how many of the last ``every`` months were on target
    ("new revenue on target three months in a row: the plan raises it to €13,200 from October").
    """
    nxt = _add_months(month, 1)
    out = []
    company = plan.rows[(plan.rows["level"] == "company") & (plan.rows["period"] == "M")]
    for _, r in company.iterrows():
        now, _ = target_in(plan, r, month)
        then, _ = target_in(plan, r, nxt)
        if then != then or now != now or np.isclose(then, now):
            continue
        back = [_add_months(month, -i) for i in range(plan.step_up.every)]
        a = actuals[(actuals["kpi"] == r["kpi"]) & actuals["month"].isin(back)]
        on = int(sum(score(x, target_in(plan, r, m)[0], r["direction"]) >= 1
                     for x, m in zip(a["actual"], a["month"], strict=True) if x == x))
        key = "plan.step_due_earned" if on == len(back) else "plan.step_due"
        out.append(Note(key, kpi={"kpis": [str(r["kpi"])]}, on=on, of=len(back),
                        target={"value": float(then), "unit": str(r["unit"]), "currency": currency},
                        month={"month": nxt}))
    return out


# ------------------------------------------------------------------------------------------ action targets
def _funnel(data: ClientData, plan: Plan) -> pd.DataFrame:
    """The client's own funnel over the baseline's months, per rep and for the company (``all``).

    Deal size, win rate and sales conversations per decided deal.
    """
    start = pd.Timestamp(plan.window[0] + "-01")
    end = pd.Timestamp(plan.window[1] + "-01") + pd.offsets.MonthEnd(0) + pd.Timedelta(hours=23, minutes=59)
    kpis = ["new_revenue", "deals_won", "deals_lost"] + (["sales_conversations"] if data.has("activities") else [])
    out = []
    for by, level in (([], "company"), (["owner_id"], "rep")):
        t = K.compute(data, kpis, by=by, period="Y", start=start, end=end, as_of=end)
        t = t.assign(entity=t["owner_id"].astype(str) if by else "all")
        w = t.pivot_table(index="entity", columns="kpi", values="value", aggfunc="sum").reindex(columns=kpis)
        w["level"] = level
        out.append(w.reset_index())
    f = pd.concat(out, ignore_index=True).fillna({k: 0.0 for k in kpis})
    decided = f["deals_won"] + f["deals_lost"]
    f["deal_size"] = f["new_revenue"] / f["deals_won"].where(f["deals_won"] > 0)
    f["win_rate"] = f["deals_won"] / decided.where(decided > 0)
    conv = f["sales_conversations"] if "sales_conversations" in f else np.nan
    f["conversations_per_decided"] = conv / decided.where(decided > 0)
    return f


def action_targets(data: ClientData, plan: Plan, month: str, *, win_rate_delta: float = 0.0) -> pd.DataFrame:
    """What the reps control that the month's revenue target needs: a team is steered on actions.

    With each rep's own deal size, win rate and conversations per decided deal over the
    baseline's months (the company's where a rep has none): deals to win = revenue target /
    deal size; deals to decide (opportunities to bring to a decision) = deals to win / win rate;
    sales conversations = deals to decide × conversations per decided deal; each rounded up to
    a whole deal or conversation before the next step. *win_rate_delta*
    (0.05 = five points better) is the scenario a sales director asks for: what if we won a little more often.

    Returns
    -------
    pandas.DataFrame
        ``level, entity, entity_name, revenue_target, deal_size, win_rate, conversations_per_decided,
        deals_needed, decided_needed, conversations_needed`` and this month's ``deals_won``,
        ``decided`` and ``conversations``, with the gaps (needed − done).
    """
    tg, _ = targets_for(plan, data, month)
    rev = tg[(tg["kpi"] == "new_revenue") & (tg["period"] == "M") & tg["level"].isin(["company", "rep"])]
    if rev.empty or not rev["target"].notna().any():
        raise NotComputable("opportunities", detail=Note("nc.no_revenue_target"))
    funnel = _funnel(data, plan).set_index(["level", "entity"])
    company = funnel.loc[("company", "all")]
    rows = []
    for _, r in rev[rev["target"].notna()].iterrows():
        key = (r["level"], str(r["entity"]))
        f = funnel.loc[key] if key in funnel.index else company
        size = f["deal_size"] if f["deal_size"] == f["deal_size"] else company["deal_size"]
        wr = f["win_rate"] if f["win_rate"] == f["win_rate"] else company["win_rate"]
        wr = min(wr + win_rate_delta, 1.0) if wr == wr else wr
        cpd = f["conversations_per_decided"] if f["conversations_per_decided"] == f["conversations_per_decided"] \
            else company["conversations_per_decided"]
        deals = _whole(r["target"] / size) if size and size == size else np.nan
        decided = _whole(deals / wr) if wr and wr == wr else np.nan
        rows.append({"level": r["level"], "entity": r["entity"], "entity_name": r["entity_name"],
                     "revenue_target": r["target"], "deal_size": size, "win_rate": wr,
                     "conversations_per_decided": cpd, "deals_needed": deals, "decided_needed": decided,
                     "conversations_needed": _whole(decided * cpd) if cpd == cpd else np.nan})
    out = pd.DataFrame(rows)
    return _with_this_month(data, out, month)


def _whole(need: float) -> float:
    """*need* rounded up to a whole deal or conversation: no rep wins 42.98 deals, and 42 would fall short.

    The tolerance keeps an exact quotient that floating point puts a hair above a whole number on it.
    """
    return float(np.ceil(need - 1e-9)) if need == need else need


def _with_this_month(data: ClientData, out: pd.DataFrame, month: str) -> pd.DataFrame:
    """The month's deals won, decided and conversations per row, and the gaps to what is needed."""
    w = Window.of(data, month)
    m0, m1, as_of = w.month_start, w.end, w.as_of
    kpis = ["deals_won", "deals_lost"] + (["sales_conversations"] if data.has("activities") else [])
    done = {}
    for by, level in (([], "company"), (["owner_id"], "rep")):
        t = K.compute(data, kpis, by=by, period="M", start=m0, end=min(m1, as_of), as_of=as_of)
        t = t.assign(entity=t["owner_id"].astype(str) if by else "all")
        for (e, k), v in t.groupby(["entity", "kpi"])["value"].sum().items():
            done[(level, e, k)] = v

    def get(r: pd.Series, k: str) -> float:
        return done.get((r["level"], "all" if r["level"] == "company" else str(r["entity"]), k), 0.0)

    out["deals_won"] = [get(r, "deals_won") for _, r in out.iterrows()]
    out["decided"] = [get(r, "deals_won") + get(r, "deals_lost") for _, r in out.iterrows()]
    out["conversations"] = [get(r, "sales_conversations") if "sales_conversations" in kpis else np.nan
                            for _, r in out.iterrows()]
    out["deals_gap"] = out["deals_needed"] - out["deals_won"]
    out["decided_gap"] = out["decided_needed"] - out["decided"]
    out["conversations_gap"] = out["conversations_needed"] - out["conversations"]
    return out


def scores_in(plan: Plan, data: ClientData, *, window: Window) -> pd.DataFrame:
    """Actual against the plan's target of the window's month, per row (the monthly report's scores under a plan)."""
    from .targets import scores

    tg, _ = targets_for(plan, data, window.month)
    return scores(data, tg, window=window)        # scored and coloured there, against the plan's targets


__all__ += ["scores_in", "target_in"]


# ------------------------------------------------------------------------------------------ progress
def _monthly_actuals(data: ClientData, kpis: list[str], by: list[str], first: str, last: str) -> pd.DataFrame:
    """``kpi, month, entity, actual`` of monthly KPIs from *first* to *last* (``YYYY-MM``), by *by*."""
    m0, _ = K.month_window(first)
    _, m1 = K.month_window(last)
    end = min(m1, K.default_as_of(data))
    t = K.compute(data, kpis, by=by, period="M", start=max(m0, K.data_start(data).normalize()), end=end, as_of=end)
    t = t[t["period"].notna()]
    ent = t[by[0]].astype(str) if by else "all"
    return pd.DataFrame({"kpi": t["kpi"].to_numpy(), "month": t["period"].astype(str).to_numpy(),
                         "entity": np.asarray(ent) if by else "all", "actual": t["value"].to_numpy()})


def replay(plan: Plan, data: ClientData, last: str, *, level: str = "company") -> pd.DataFrame:
    """Every month from the baseline month to *last*: each monthly KPI's actual, the plan's target, the score.

    What an engagement's monthly reports would have said, month after month (the training lesson
    on the cycle; the path chart of a report).

    Returns
    -------
    pandas.DataFrame
        ``kpi, month, entity, entity_name, unit, direction, baseline, q1, q3, actual, target, source, score,
        status`` for the rows of *level* with monthly targets.
    """
    rows = plan.rows[(plan.rows["level"] == level) & (plan.rows["period"] == "M")]
    if rows.empty:
        raise NotComputable(detail=Note("nc.no_plan_rows", level=level))
    by = {"company": [], "team": ["team"], "rep": ["owner_id"], "agent": ["owner_id"]}.get(level, [])
    act = _monthly_actuals(data, sorted(rows["kpi"].unique()), by, plan.baseline_month, last)
    months = [_add_months(plan.baseline_month, k) for k in range(months_between(plan.baseline_month, last) + 1)]
    cal = _calendar(plan, months, rows)
    cal = cal[(cal["phase"] != 2) | (cal["month"] >= plan.insight_from)]
    cal = cal.assign(entity_key=cal["entity"].astype(str)).merge(
        act.rename(columns={"entity": "entity_key"}), on=["kpi", "month", "entity_key"], how="left")
    cal["score"] = score(cal["actual"], cal["target"], cal["direction"])
    cal["status"] = status(cal["score"], usual=at_usual(cal))
    cols = ["kpi", "month", "entity", "entity_name", "unit", "direction", "baseline", "q1", "q3", "actual", "target",
            "source", "score", "status"]
    return cal.sort_values(["month"], kind="stable")[cols].reset_index(drop=True)


def movers(data: ClientData, month: str, kpis: list[str], *, n: int = 5) -> pd.DataFrame:
    """The largest changes per rep since the month before: ``kpi, entity, entity_name, before, now, change``.

    Ranked by the change relative to the rep's previous value; a rep with nothing in either month
    does not move.
    """
    prev = _add_months(month, -1)
    act = _monthly_actuals(data, kpis, ["owner_id"], prev, month)
    wide = act.pivot_table(index=["kpi", "entity"], columns="month", values="actual", aggfunc="first")
    wide = wide.reindex(columns=[prev, month]).fillna(0.0)
    wide.columns = ["before", "now"]
    wide = wide[(wide["before"] != 0) | (wide["now"] != 0)].reset_index()
    wide["change"] = (wide["now"] - wide["before"]) / wide["before"].where(wide["before"] != 0)
    size = (wide["now"] - wide["before"]).abs() / wide.groupby("kpi")["now"].transform(lambda s: s.abs().max() or 1)
    out = wide.assign(size=size).sort_values("size", ascending=False).head(n)
    names = data.users.drop_duplicates("user_id").set_index("user_id")["name"] if data.has("users") else pd.Series()
    out["entity_name"] = out["entity"].map(names).fillna(out["entity"])
    return out.drop(columns="size").reset_index(drop=True)


__all__ += ["replay", "movers"]
