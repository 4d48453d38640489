"""Targets and scores: slightly better than the baseline, raised step by step.

* :func:`set_targets` — target = baseline (median; a stock's level) moved ``uplift`` (default 5 %) in the good
  direction (lower-is-better KPIs move down), rounded sensibly.
* :func:`step_up_plan` — raise the target each period until a goal; never lowers it unless
  ``allow_lower=True``.
* :func:`team_targets` — team targets as the sum of rep targets for additive KPIs.
* :func:`check_profiles` — warnings above 5 KPIs for a rep profile, 4 on a sales dashboard,
  10 for management.
* :func:`score` / :func:`status` — actual / target (lower-is-better: target / actual) and
  red / amber / green bands.
* :func:`my_kpis` — a rep's card with a month-end run-rate forecast.
* :func:`rank_reps` — ranking that leaves insight KPIs out unless asked (a rep is
  ranked on what they do and achieve, not on ratios they barely steer).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import ClientData, NotComputable
from ..i18n import NEEDS, SCORE_BANDS, SCORE_CAP, Note, keyed, note_column, note_frame
from .baseline import SHORT, is_stock, needs_of
from .kinds import thin_card
from .levels import by_of, no_person, sales_reps
from .window import Window, old_keywords

__all__ = ["round_target", "set_targets", "step_up_plan", "team_targets", "check_profiles", "profile_warnings",
           "score", "status", "at_usual", "scores", "my_kpis", "my_kpis_all", "rank_reps", "short_of_perfection",
           "DEFAULT_BANDS", "PROFILE_LIMITS", "profile_targets", "rep_sum_sentence", "untargeted_sentence"]

DEFAULT_BANDS = SCORE_BANDS   # red below 80 %, amber 80–100 %, green from 100 %
PROFILE_LIMITS = {"rep": 5, "sales_dashboard": 4, "management": 10}


def round_target(value: float, unit: str, direction: str = "higher", base: float | None = None) -> float:
    """Round a target sensibly for its unit.

    counts → whole numbers; money → 3 significant digits (12,962 → 13,000); ratios → 0.01
    (one percentage point), 0.001 from 98 % (where a point is half the distance left); days →
    whole days; hours and scores → 0.1. Rounding never undoes the direction: a higher-is-better
    target is rounded half up, a lower-is-better one half down; but never up onto 100 % or a
    score's 5 from below them (a target only perfection meets). With the *base* it moves from, a
    whole-number target that rounding put back on it (or behind it) is one whole step past it: 3 deals
    a month, 5 % up, are 3.15, which read "Target 3 · 100 % · green" for a month no better than usual
    (Bitrix24); the target is 4, one deal more.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return np.nan
    if unit == "count" or unit == "days":
        step = 1.0
    elif unit == "money":
        if value == 0:
            return 0.0
        step = 10 ** (math.floor(math.log10(abs(value))) - 2)
        step = max(step, 1.0)
    elif unit == "ratio":
        step = 0.01 if value < 0.98 else 0.001
    else:
        step = 0.1
    q = value / step
    r = math.floor(q + 0.5) if direction == "higher" else math.ceil(q - 0.5)
    ceiling = CEILINGS.get(unit)
    if direction == "higher" and ceiling is not None and value < ceiling <= r * step:
        r = math.floor(q)
    if step == 1.0 and base is not None and base == base and base > 0:
        if direction == "higher" and r <= base:
            r = math.floor(base) + 1
        elif direction == "lower" and r >= base:
            r = max(math.ceil(base) - 1, 0)
    return round(r * step, 10)


#: the most a share or a 1–5 score can be
CEILINGS = {"ratio": 1.0, "score": 5.0}


def short_of_perfection(base: Any, raw: Any, ceiling: Any, lower: Any) -> np.ndarray:
    """*raw* targets, each at most half of the way from its *base* to its *ceiling* (100 %, a score's 5).

    A target at the ceiling asks for perfection. Where *ceiling* is NaN (no ceiling) or *lower* is
    better, *raw* stays as it is. Scalars or arrays, as numpy broadcasts them.
    """
    halfway = np.asarray(base, dtype=float) + (np.asarray(ceiling, dtype=float) - np.asarray(base, dtype=float)) / 2
    return np.where(np.isnan(ceiling) | np.asarray(lower) | (np.asarray(raw) <= halfway), raw, halfway)


def stopped_halfway(targets: pd.DataFrame) -> list[str]:
    """The company KPIs of *targets* (with their ``uplift``) whose step up :func:`short_of_perfection` cut short.

    RavenStack's retention target of 99.3 % could not be read from its 98.68 % and "5 % better": 5 % up passes
    100 %, and the target closes half of the gap instead; the page says so.
    """
    need = {"kpi", "level", "unit", "direction", "baseline", "uplift", "target"}
    if not need <= set(targets):
        return []
    rows = targets[(targets["level"] == "company") & targets["target"].notna()]
    base, lower = rows["baseline"].astype(float).to_numpy(), (rows["direction"] == "lower").to_numpy()
    raw = base * (1 + np.where(lower, -1.0, 1.0) * rows["uplift"].astype(float).to_numpy())
    cut = short_of_perfection(base, raw, rows["unit"].map(CEILINGS).astype(float).to_numpy(), lower) != raw
    return list(dict.fromkeys(rows.loc[cut, "kpi"]))


def set_targets(base: pd.DataFrame, *, uplift: float = 0.05, per_kpi: dict[str, float] | None = None,
                statistic: str = "baseline", rounding: bool = True) -> pd.DataFrame:
    """Targets from a :func:`crmanalysis.analyses.baseline.baseline` table.

    ``target = baseline × (1 + uplift)`` for higher-is-better KPIs and ``× (1 − uplift)`` for
    lower-is-better ones; a higher-is-better share or 1–5 score at most half of the way from its baseline
    to 100 % or 5 (98.4 % → 99.2 %: 5 % more would ask for a perfect month); *per_kpi*
    overrides the uplift per KPI id. Entities flagged with insufficient history get no target
    (NaN, flag kept).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`crmanalysis.analyses.baseline.baseline` with ``uplift``, ``baseline`` (the value the
        target starts from), ``target_raw`` and ``target`` (rounded for a reader).
    """
    per_kpi = per_kpi or {}
    out = base.copy()
    if statistic not in out:                # a baseline table of medians only, built by hand
        statistic = "median"
    up = out["kpi"].map(lambda k: per_kpi.get(k, uplift)).astype(float)
    sign = np.where(out["direction"] == "lower", -1.0, 1.0)
    raw = out[statistic].astype(float) * (1 + sign * up)
    # a share cannot pass 100 % and a score its scale's 5, and a target at them asks for perfection:
    # near them a step up closes at most half of the distance left
    ceiling = out["unit"].map(CEILINGS).astype(float)
    base = out[statistic].astype(float)
    raw = pd.Series(short_of_perfection(base.to_numpy(), raw.to_numpy(), ceiling.to_numpy(), sign < 0),
                    index=out.index)
    out["uplift"] = up
    out["baseline"] = out[statistic]
    out["target_raw"] = raw
    if rounding:
        # a step of 0 (a target agreed at the baseline) stays on it
        out["target"] = [round_target(v, u, d, b if lift > 0 else None) for v, u, d, b, lift in
                         zip(raw, out["unit"], out["direction"], base, up, strict=True)]
    else:
        out["target"] = raw
    flagged = keyed(out["flag"], SHORT)
    out.loc[flagged, "target"] = np.nan
    # a person with too few months keeps that reason: Bitrix24's baseline chapter counted a rep of one month among
    # "fewer than 3 periods" while the targets named her "below 10 % of the team's median"
    near = near_zero(out, statistic) & ~flagged
    out.loc[near, "target"] = np.nan
    out.loc[near, "flag"] = pd.Series([_near_zero_note(r) for _, r in out[near].iterrows()], index=out.index[near],
                                      dtype=object)
    return out


def _near_zero_note(row: pd.Series) -> Note:
    """Why a person has no target: the months the baseline reads, in which he or she had almost nothing.

    Other tables of the report read other months (the efficiency table the last six): a rep who sold
    US$374,155 there got "no baseline yet" without saying that his baseline months were others.
    """
    # whole percents, as the sentence naming the reps without a target writes it ("below 10%", not "10.0%")
    share = {"value": NEAR_ZERO, "unit": "ratio", "digits": 0}
    start, end = row.get("window_start"), row.get("window_end")
    if pd.isna(start) or pd.isna(end):
        return Note("note.near_zero", share=share)
    return Note("note.near_zero_months", share=share, start={"month": f"{pd.Timestamp(start):%Y-%m}"},
                end={"month": f"{pd.Timestamp(end):%Y-%m}"})


#: a person's baseline below this share of the median person's is no base for a target: 5 % above almost
#: nothing is met by one deal, and its score (2,000 %) says nothing of the person
NEAR_ZERO = 0.10


def near_zero(rows: pd.DataFrame, col: str = "baseline") -> pd.Series:
    """Rows of a person (rep, agent) whose higher-is-better baseline is below :data:`NEAR_ZERO` of the median person's.

    The median is over the people of the same KPI, period and level with a baseline above zero.
    """
    person = rows["level"].isin(["rep", "agent"]) & (rows["direction"] == "higher")
    base = rows[col].astype(float)
    typical = base.where(person & (base > 0)).groupby([rows["kpi"], rows["period"], rows["level"]]).transform("median")
    return (person & (base < NEAR_ZERO * typical)).fillna(False).astype(bool)


def step_up_plan(start: float, goal: float, *, periods: int, step: float = 0.05, direction: str = "higher",
                 unit: str = "count", allow_lower: bool = False, current: float | None = None) -> pd.DataFrame:
    """Raise the target each period by *step* (relative) until *goal*, then hold it.

    A plan never lowers a target (a goal below the start is refused) unless
    ``allow_lower=True``. With *current* (the target in force), the plan never starts below it.
    """
    higher = direction == "higher"
    improving = goal >= start if higher else goal <= start
    if not improving and not allow_lower:
        raise ValueError(f"goal {goal} is {'below' if higher else 'above'} the start {start}: "
                         "a step-up plan does not lower targets (pass allow_lower=True to do so)")
    if current is not None and not allow_lower:
        start = max(start, current) if higher else min(start, current)
    up = goal >= start                       # the direction the numbers move in
    rows, t = [], float(start)
    for i in range(periods):
        if i > 0:
            t = t * (1 + step) if up else t * (1 - step)
            t = min(t, goal) if up else max(t, goal)
        rows.append({"step": i + 1, "target_raw": t, "target": round_target(t, unit, direction),
                     "goal_reached": bool(np.isclose(t, goal))})
    return pd.DataFrame(rows)


def team_targets(rep_targets: pd.DataFrame, data: ClientData, *, level: str = "team") -> pd.DataFrame:
    """Team (or region) targets as Σ rep targets, for additive KPIs only.

    Ratio and median KPIs are not summed: their team target is the team's own baseline
    moved by the uplift (use :func:`set_targets` on the team level).

    Returns
    -------
    pandas.DataFrame
        ``kpi``, ``period``, ``level`` (team or region), ``entity``, ``target`` (the sum of its reps'
        targets) and ``reps`` (how many).
    """
    reps = rep_targets[rep_targets["level"] == "rep"].copy()
    reg = K.registry_for(data)
    additive = reps["kpi"].map(lambda k: K.get_kpi(k, reg).additive)
    reps = reps[additive]
    u = data.users.drop_duplicates("user_id").set_index("user_id")[level].astype("string")
    reps[level] = reps["entity"].astype("string").map(u).fillna("(unknown)")
    g = reps.groupby(["kpi", "period", level], as_index=False).agg(target=("target", "sum"),
                                                                    reps=("entity", "nunique"))
    return g.rename(columns={level: "entity"}).assign(level=level)


def check_profiles(profiles: dict[str, Any], *, registry: dict[str, K.KPI] | None = None) -> list[Note]:
    """Warnings (translatable notes) for profiles with too many KPIs or unknown KPIs.

    A dashboard with more than a handful of KPIs is read by nobody.

    A profile's ``dashboard`` is ``rep`` (default, max 5), ``sales_dashboard`` (max 4) or
    ``management`` (max 10). *registry*: the KPIs that exist (default the catalogue; a client's
    with :func:`profile_warnings`).
    """
    warnings = []
    for role, prof in (profiles or {}).items():
        kind = (prof or {}).get("dashboard", "rep")
        n = len((prof or {}).get("kpis", {}))
        limit = PROFILE_LIMITS.get(kind, 5)
        if n > limit:
            warnings.append(Note("note.profile_too_many", role=str(role), kind=str(kind), n=n, limit=limit))
        for kpi_id in (prof or {}).get("kpis", {}):
            try:
                K.get_kpi(kpi_id, registry)
            except K.UnknownKPIError:
                warnings.append(Note("note.profile_unknown_kpi", role=str(role), kpi=str(kpi_id)))
    return warnings


def profile_warnings(data: ClientData) -> list[Note]:
    """:func:`check_profiles` for a client's own profiles against its KPIs (its templates included)."""
    return check_profiles(data.config.profiles, registry=K.registry_for(data))


def profile_targets(data: ClientData, targets: pd.DataFrame) -> pd.DataFrame:
    """Fixed targets from the config's profiles override computed ones (role → KPI → target).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`set_targets` with ``source`` (computed, or the profile's fixed target).
    """
    out = targets.copy()
    if not data.config.profiles or not data.has("users"):
        return out
    roles = data.users.drop_duplicates("user_id").set_index("user_id")["role"].astype("string")
    for role, prof in data.config.profiles.items():
        for kpi_id, spec in (prof or {}).get("kpis", {}).items():
            if isinstance(spec, dict) and "target" in spec:
                m = (out["kpi"] == kpi_id) & (out["level"] == "rep") & (out["entity"].map(roles) == role)
                out.loc[m, "target"] = float(spec["target"])
                out.loc[m, "source"] = f"profile {role}"
    return out


def score(actual: Any, target: Any, direction: str | Any = "higher") -> Any:
    """Actual / target; lower-is-better: target / actual. Undefined (no target, 0 actual) → NaN."""
    a = np.asarray(actual, dtype=float)
    t = np.asarray(target, dtype=float)
    lower = np.asarray(direction) == "lower"
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(lower, np.where(a > 0, t / np.where(a > 0, a, 1), np.nan),
                     np.where(t > 0, a / np.where(t > 0, t, 1), np.nan))
    return s if s.ndim else float(s)


def status(s: Any, bands: tuple[float, float] = DEFAULT_BANDS, *, usual: Any = None) -> Any:
    """Red (< bands[0]), amber (< bands[1]), green (≥ bands[1]); '' for an undefined score.

    *usual* (booleans beside the scores): the actual is at or better than the baseline, the usual month. Such a
    month is amber at worst: a target of a few deals is at least one more than the usual month (:func:`round_target`),
    and Bitrix24's July of 3 deals, its usual month, read "Target 4 · 75% · red".
    """
    arr = np.asarray(s, dtype=float)
    out = np.where(np.isnan(arr), "", np.where(arr < bands[0], "red", np.where(arr < bands[1], "amber", "green")))
    if usual is not None:
        out = np.where((out == "red") & np.asarray(usual, dtype=bool), "amber", out)
    return out if out.ndim else str(out)


def at_usual(frame: pd.DataFrame) -> np.ndarray:
    """Whether each row's ``actual`` is at or better than its ``baseline`` (by ``direction``), for :func:`status`."""
    if "baseline" not in frame or "actual" not in frame:
        return np.zeros(len(frame), dtype=bool)
    a, b = frame["actual"].astype(float).to_numpy(), frame["baseline"].astype(float).to_numpy()
    lower = frame["direction"].to_numpy() == "lower" if "direction" in frame else np.zeros(len(frame), dtype=bool)
    with np.errstate(invalid="ignore"):
        return np.where(lower, a <= b, a >= b) & ~np.isnan(a) & ~np.isnan(b)


@old_keywords(1)
def scores(data: ClientData, targets: pd.DataFrame, *, window: Window,
           bands: tuple[float, float] = DEFAULT_BANDS) -> pd.DataFrame:
    """Actual of the window's report month against each monthly target, with score and status.

    Weekly targets are compared with the mean week of the month (weeks that start in it).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`set_targets` with ``month``, ``actual``, ``score`` (actual against target,
        turned for lower-is-better KPIs) and ``status`` (red, amber, green).
    """
    m0, m1, as_of_ts, month = window.month_start, window.end, window.as_of, window.month
    rows = []
    for (kpi_id, period, level), t in targets.groupby(["kpi", "period", "level"], sort=False):
        by = by_of(level)
        span = _weeks_of(m0, m1, as_of_ts, data.config.fiscal_year_start) if period == "W" else (m0, min(m1, as_of_ts))
        if span is None:                  # no complete week starts in the month yet
            continue
        f = K.compute(data, [kpi_id], by=by, period=period, start=span[0], end=span[1], as_of=as_of_ts)
        if f["period"].isna().all():
            continue
        ent = f[by].astype("string").agg(" / ".join, axis=1) if by else pd.Series("all", index=f.index)
        actual = f.assign(entity=ent).groupby("entity")["value"].mean()
        tt = t.set_index("entity")
        joined = tt.join(actual.rename("actual"), how="left")
        joined["score"] = score(joined["actual"], joined["target"], joined["direction"])
        joined["status"] = status(joined["score"], bands, usual=at_usual(joined))
        joined["month"] = month
        rows.append(joined.reset_index())
    if not rows:
        return pd.DataFrame()
    return pd.concat(rows, ignore_index=True)


def _weeks_of(m0: pd.Timestamp, m1: pd.Timestamp, as_of: pd.Timestamp, fiscal_start: int
              ) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """(start, end) of the weeks that start in the month and are complete by *as_of*; None when there is none.

    A week cut at the month's edge is no week to hold against a weekly target: November 2026's mean week of
    sales conversations read 58 against a usual 80, from a Sunday the 1st and a Monday the 30th counted as weeks.
    """
    axis = K.PeriodAxis("W", fiscal_start)
    first = axis.code(m0) + int(axis.start(axis.code(m0)) < m0)
    done = axis.code(as_of) - int(axis.end(axis.code(as_of)) > as_of)      # the last week complete by as_of
    last = min(axis.code(m1), done)
    return (axis.start(first), axis.end(last)) if last >= first else None


def _no_target(kpi: str, rep: str, targets: pd.DataFrame, per_rep: pd.DataFrame) -> Any:
    """Why a rep's card has no target of *kpi*: its own target row's reason, else other reps' targets or none.

    The rep's target row may say why (a baseline near zero); else other reps have one (this rep lacks the
    history) or no rep has.

    Polderbouw's Lars Jansen had a baseline of €2,640 a month, below a tenth of the median rep's: "too little
    history of his own" stood beside "every rep has at least 3 periods".
    """
    own = targets[(targets["entity"] == rep) & (targets["kpi"] == kpi) & (targets["level"] == "rep")
                  & (targets["period"] == "M")]
    flag = own["flag"].iloc[0] if len(own) and "flag" in own else ""
    if isinstance(flag, Note) or (isinstance(flag, str) and flag):
        return flag
    return Note("note.no_rep_target") if kpi in set(per_rep["kpi"]) else Note("note.no_rep_level")


@old_keywords(1)
def my_kpis(data: ClientData, rep: str, targets: pd.DataFrame, *, window: Window,
            kpi_ids: list[str] | None = None, memo: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """A rep's "my KPIs" card: month-to-date actual, monthly target, score and a month-end forecast.

    Forecast: month-to-date pace × days in month; for new_revenue and deals_won also
    month-to-date plus the weighted pipeline (amount × probability) closing by month end.

    Returns
    -------
    pandas.DataFrame
        ``kpi``, ``label``, ``unit``, ``direction``, ``month_to_date``, ``target``,
        ``score_to_date`` (against the target pro-rated to the days elapsed), ``forecast`` (pace plus
        the weighted open pipeline for revenue and deals), ``forecast_by_pace``, ``forecast_score``,
        ``days_elapsed``, ``days_in_month``, ``status`` and ``note`` (why a KPI of the card has no target).

    *memo* keeps each KPI's month by owner and the deals closing this month for the next rep's card (the
    same computations for every rep).
    """
    m0, as_of_ts = window.month_start, window.as_of
    m_end = m0 + pd.offsets.MonthEnd(0)
    days_in = m_end.day
    elapsed = max(1, min(days_in, (as_of_ts.normalize() - m0).days + 1))
    per_rep = targets[(targets["level"] == "rep") & (targets["period"] == "M") & targets["target"].notna()]
    t = per_rep[per_rep["entity"] == rep]
    fixed = _fixed_profile_targets(data, rep)
    t = pd.concat([t[~t["kpi"].isin(fixed["kpi"])], fixed], ignore_index=True) if len(fixed) else t
    if kpi_ids is None:                            # default: the KPIs of the rep's profile
        kpi_ids = _profile_kpis(data, rep)
    if kpi_ids:
        t = t[t["kpi"].isin(kpi_ids)]
        # a KPI of the card without this rep's target still shows the rep's actual (a row of the reps that
        # leaves one out does not add up to the company's)
        t = pd.concat([t, pd.DataFrame({"kpi": [k for k in kpi_ids if k not in set(t["kpi"])], "target": np.nan})],
                      ignore_index=True)
    t = t.drop_duplicates("kpi")
    rows = []
    closing = memo.get("_closing") if memo is not None else None
    if closing is None:                          # the open deals planned to close this month, of every rep
        o = data.opportunities
        closing = o.loc[(o["status"] == "open") & (o["close_date"] > as_of_ts)
                        & (o["close_date"] <= m_end + pd.Timedelta(hours=23, minutes=59)),
                        ["owner_id", "amount", "probability"]]
        if memo is not None:
            memo["_closing"] = closing
    mine_open = closing[closing["owner_id"] == rep]
    for _, r in t.iterrows():                    # one row per KPI on the card (a handful), not per data row
        spec = K.kpi(data, r["kpi"])
        f = memo.get(r["kpi"]) if memo is not None else None
        if f is None:
            f = K.compute(data, [r["kpi"]], by=["owner_id"], period="M", start=m0, end=as_of_ts, as_of=as_of_ts)
            if memo is not None:
                memo[r["kpi"]] = f
        mine = f[f["owner_id"] == rep]
        mtd = float(mine["value"].iloc[0]) if len(mine) else 0.0
        if _is_snapshot(spec):                     # a snapshot: today's value is the value
            pace = forecast = mtd
        elif spec.additive:
            pace = mtd / elapsed * days_in
            if r["kpi"] == "new_revenue":
                pipe = float((mine_open["amount"] * mine_open["probability"]).sum())
                forecast = mtd + pipe
            elif r["kpi"] == "deals_won":
                forecast = mtd + float(mine_open["probability"].sum())
            else:
                forecast = pace
        else:
            pace = forecast = mtd
        prorate = elapsed / days_in if spec.additive and not _is_snapshot(spec) else 1
        rows.append({"kpi": r["kpi"], "label": spec.label(data.config.language), "unit": spec.unit,
                     "direction": spec.direction, "month_to_date": mtd, "target": r["target"],
                     "score_to_date": score(mtd, r["target"] * prorate, spec.direction),
                     "forecast": forecast, "forecast_by_pace": pace,
                     "forecast_score": score(forecast, r["target"], spec.direction),
                     "days_elapsed": elapsed, "days_in_month": days_in,
                     "note": "" if r["target"] == r["target"] else _no_target(r["kpi"], rep, targets, per_rep)})
    card = note_frame(rows, "note")
    if not card.empty:
        card["status"] = status(card["forecast_score"])
    return card


def _is_snapshot(spec: K.KPI) -> bool:
    return spec.basis in ("as_of", "snapshot")


def _profile_kpis(data: ClientData, rep: str) -> list[str] | None:
    if not data.config.profiles or not data.has("users"):
        return None
    roles = data.users.drop_duplicates("user_id").set_index("user_id")["role"]
    prof = data.config.profiles.get(str(roles.get(rep, "")), {}) or {}
    return list(prof.get("kpis") or {}) or None


def _fixed_profile_targets(data: ClientData, rep: str) -> pd.DataFrame:
    """Targets fixed in the rep's profile (e.g. meetings planned: 10), as target rows."""
    if not data.config.profiles or not data.has("users"):
        return pd.DataFrame(columns=["kpi", "target"])
    roles = data.users.drop_duplicates("user_id").set_index("user_id")["role"]
    prof = data.config.profiles.get(str(roles.get(rep, "")), {}) or {}
    rows = [{"kpi": k, "target": float(v["target"]), "level": "rep", "entity": rep, "period": "M"}
            for k, v in (prof.get("kpis") or {}).items() if isinstance(v, dict) and "target" in v]
    return pd.DataFrame(rows, columns=["kpi", "target", "level", "entity", "period"])


@old_keywords(1)
def my_kpis_all(data: ClientData, targets: pd.DataFrame, *, window: Window) -> pd.DataFrame:
    """The "my KPIs" cards of every sales rep, one table (``rep`` = the rep's name, ``owner_id`` the rep)."""
    data.table("users")                 # the cards are the users': without a users file, "needs users"
    reps = sales_reps(data)
    # without profiles every rep's card has the KPIs any rep has a monthly target for, a rep without one
    # its actual and no target (with profiles, the profile's KPIs)
    own = targets[(targets["level"] == "rep") & (targets["period"] == "M") & targets["target"].notna()] \
        if len(targets) else targets
    kpi_ids = None if data.config.profiles or not len(own) else list(dict.fromkeys(own["kpi"]))
    memo: dict[str, pd.DataFrame] = {}       # every rep's card reads the same month of each KPI by owner
    cards = [my_kpis(data, r.owner_id, targets, window=window, kpi_ids=kpi_ids, memo=memo)
             .assign(rep=r.name, owner_id=r.owner_id) for r in reps[["owner_id", "name"]].itertuples()]
    # a rep with neither a target nor anything done in the month has no card to read (a user who sells no more)
    cards = [c for c in cards if len(c) and (c["target"].notna().any() or c["month_to_date"].fillna(0).ne(0).any())]
    return pd.concat(cards, ignore_index=True) if cards else pd.DataFrame()


def one_per_kpi(rows: pd.DataFrame) -> pd.DataFrame:
    """One score row per rep (or entity) and KPI: the month's, where a KPI is also scored per week.

    Northwind's sales conversations, scored per week and per month, counted twice in a rep's mean (Daan
    Smit: 73 % of five scores beside "KPIs averaged" naming four), and its heatmap cell showed the mean of
    the two (101 beside the month's 121 on the rep's card).
    """
    if "period" not in rows or rows.empty:
        return rows
    keys = [c for c in ("level", "entity", "kpi") if c in rows]
    return rows.sort_values("period", key=lambda p: p.ne("M"), kind="stable").drop_duplicates(keys).sort_index()


def _brings_in(kpi: str, kind: str) -> bool:
    """A result KPI that is no stock: revenue, deals won, cases closed, CSAT …; not the open pipeline."""
    return kind == "result" and not (kpi in K.REGISTRY and is_stock(K.REGISTRY[kpi]))


def rank_reps(rep_scores: pd.DataFrame, *, include_insight: bool = False) -> pd.DataFrame:
    """Rank reps by their mean score over the result KPIs most of them are scored on (else the action KPIs).

    A rep is ranked on what he or she brings in: where result KPIs are scored, action KPIs (calls,
    conversations) and stocks (the open pipeline) are shown beside the ranking, not averaged in it.

    Insight KPIs (ratios, diagnostics) describe the situation and are left out of a ranking
    of individuals unless *include_insight*: a rep steers actions and results, not ratios. Each score counts at most
    :data:`SCORE_CAP` in the mean, so one low target does not carry a rep to the top.

    A mean is only comparable over the same KPIs: the ranking averages the KPIs that at least half
    of the scored reps have a score on. A rep without a score on one of them (no baseline of his or
    her own yet) is shown with the mean of those he or she has, and not ranked: a rep scored on
    conversations alone ranked above reps scored on conversations and revenue. Nor is a rep with a
    score above the cap: Alpina's Ulla Jansen led at "200 %" on a revenue target of €6,750 (577 %).

    Returns
    -------
    pandas.DataFrame
        ``entity``, ``entity_name``, ``mean_score`` (of the capped scores), ``kpis`` (the KPIs averaged,
        as ``{"kpis": [...]}`` for the report's words), ``rank`` and ``note``. A rep whose every score is
        above the cap is not ranked (``rank`` NaN, the note says why), keeps the uncapped mean ("> 200 %") and is
        listed first;
        a rep with some scores above it is not ranked either and has no mean (the note names the KPIs); nor is a
        rep without a score on a KPI of the ranking (the note names it), shown with the mean of those he or she has.
    """
    s = rep_scores[(rep_scores["level"] == "rep") & rep_scores["score"].notna()]
    # the records nobody owns are no rep to rank: HubSpot's "(unknown)" stood third of the team at 135 %
    s = s[s["entity"].astype(str) != K.engine.UNKNOWN]
    if not include_insight:
        s = s[s["kind"] != "insight"]
    s = one_per_kpi(s)
    reps = s.groupby("kpi")["entity"].nunique()
    ranked_on = sorted(reps.index[reps * 2 >= s["entity"].nunique()])
    # a rep is ranked on what he or she brings in: where results are scored, the actions behind them (calls,
    # conversations) and a stock held (the open pipeline) are not averaged in. A rep with no sale and many
    # calls led Salesforce's ranking at 66 %, and one with no deal and a full pipeline stood above one who sold
    results = [k for k in ranked_on if _brings_in(k, s.loc[s["kpi"] == k, "kind"].iloc[0])]
    ranked_on = results or ranked_on
    s = s[s["kpi"].isin(ranked_on)]
    s = s.assign(score=s["score"].clip(upper=SCORE_CAP), over=s["score"] > SCORE_CAP, raw=s["score"])
    agg = {"mean_score": ("score", "mean"), "kpis": ("kpi", lambda k: {"kpis": sorted(set(k))}),
           "all_over": ("over", "all"), "any_over": ("over", "any"), "raw_mean": ("raw", "mean")}
    if "entity_name" in s:
        agg["entity_name"] = ("entity_name", "first")
    g = s.groupby("entity").agg(**agg).reset_index()
    # every score of the rep above the cap: the targets are too low to say where the rep stands among the others
    over = g["all_over"].astype(bool)
    missing = [[k for k in ranked_on if k not in got["kpis"]] for got in g["kpis"]]
    short = pd.Series([bool(m) for m in missing], index=g.index, dtype=bool)
    g["mean_score"] = g["mean_score"].where(~over, g["raw_mean"])        # written "> 200 %"
    some = g["any_over"].astype(bool)
    # a mean with a score held at the cap is no mean to read beside the others: Alpina's Ulla Jansen stood at
    # "200 %" under reps ranked at 142 %, her 577 % cut to 200 %; she is shown without one, the note says why
    g["mean_score"] = g["mean_score"].where(~(some & ~over))
    # a team's or a bot's login is shown with its scores and ranks no one: vtiger's "Team Vertrieb" stood second
    shared = no_person(g["entity_name"]) if "entity_name" in g else pd.Series(False, index=g.index)
    g["rank"] = g["mean_score"].where(~some & ~short & ~shared).rank(ascending=False, method="min")
    cap = {"value": SCORE_CAP, "unit": "ratio", "digits": 0}
    above = s[s["over"]].groupby("entity")["kpi"].agg(lambda k: {"kpis": sorted(set(k))})
    # the note names the KPIs above the cap
    g["note"] = note_column((Note("note.no_person") if p
                             else Note("note.not_ranked_missing", kpis={"kpis": m}) if m
                             else Note("note.not_ranked", cap=cap) if o
                             else Note("note.not_ranked_some", cap=cap, kpis=above[e]) if a else ""
                             for p, m, o, a, e in zip(shared, missing, over, some, g["entity"], strict=True)), g.index)
    # a rep above the cap on every KPI stands above the ranked ones, not under them: bexio's two reps who sold
    # nearly all of October ("> 200 %") stood below "1 … 21 %" and "2 … 0 %", read as the weakest
    g["_group"] = np.where(over & ~shared, 0, np.where(g["rank"].notna(), 1, 2))
    out = g.drop(columns=["all_over", "any_over", "raw_mean"]).sort_values(["_group", "rank", "mean_score"],
                                                                           ascending=[True, True, False],
                                                                           na_position="last")
    return out.drop(columns="_group").reset_index(drop=True)


def profiles_sentence(warnings: list[Note], lang: str = "en") -> str:
    """The profile check in *lang*: the warnings as a list, or that every profile is within its size."""
    from ..i18n import render, t

    if not warnings:
        return t("s.profiles_ok", lang)
    return "\n".join(f"- {render(w, lang)}" for w in warnings)


#: rep targets summing to within this share of the company's need no sentence
REP_SUM_TOLERANCE = 0.05


def rep_sum_sentence(targets: pd.DataFrame, lang: str = "en", currency: str = "EUR",
                     kpi: str = "new_revenue") -> str:
    """Why the reps' monthly targets of *kpi* do not add up to the company's (more than 5 % apart); else "".

    Each target is its own baseline moved a little: the company's from the company's months, a rep's from his
    or her own. Reps without a target yet, and people who sold in the baseline months but are no rep now, make
    the difference; a director adding the reps' targets on the cards found US$2.79 million against US$3.9 million.
    """
    from ..i18n import fmt_value, t

    rows = targets[(targets["kpi"] == kpi) & (targets["period"] == "M")] if "period" in targets else targets.iloc[:0]
    company = rows.loc[rows["level"] == "company", "target"].dropna()
    reps = rows[rows["level"] == "rep"]
    # the deals without an owner have a baseline of their own, and no rep to give a target to: not counted
    named = reps["entity"].astype(str) != K.engine.UNKNOWN if "entity" in reps else True
    with_target = reps["target"].notna() & named
    if company.empty or not with_target.any() or not company.iloc[0]:
        return ""
    total, whole = float(reps.loc[with_target, "target"].sum()), float(company.iloc[0])
    if abs(total - whole) <= REP_SUM_TOLERANCE * abs(whole):
        return ""
    unit = str(rows["unit"].iloc[0]) if "unit" in rows else "money"
    said = t("s.rep_sum", lang, n=int(with_target.sum()), sum=fmt_value(total, unit, currency=currency, lang=lang),
             company=fmt_value(whole, unit, currency=currency, lang=lang))
    if total < whole:
        # Acumatica: the reps' targets left €646k of the company's €1.27M to nobody, and the sentence only said
        # why the two need not add up; what the month's review does about it is who carries the rest
        said += " " + t("s.rep_sum_gap", lang, gap=fmt_value(whole - total, unit, currency=currency, lang=lang))
    # a rep who sold in some baseline months but too few, or too little, for a target; not one who never sold,
    # and not the deals without an owner
    sold = reps["baseline"].notna() if "baseline" in reps else pd.Series(False, index=reps.index)
    if "n_periods" in reps:              # one month of sales gives no baseline, and is counted as the baseline's are
        sold |= reps["n_periods"].fillna(0) > 0
    without = reps[~with_target & named & sold]
    if without.empty:
        return said
    return f"{said} {t('s.rep_sum_without', lang, why=_why_without(without, lang))}"


def _why_without(without: pd.DataFrame, lang: str) -> str:
    """The reps of *without* (rows of :func:`set_targets` without a target) named by why they have none.

    No sales in the baseline months, sales in too few of them, or a baseline near zero: "rep 11, rep 13
    (sales in too few of the baseline months); rep 16 (a baseline below 10% of the median rep's)".
    """
    from ..i18n import fmt_pct, t

    flags = without["flag"] if "flag" in without else pd.Series(None, index=without.index, dtype=object)
    short = keyed(flags, SHORT)
    # a row that does not say its periods is not taken for one without any
    periods = without["n_periods"] if "n_periods" in without else pd.Series(np.nan, index=without.index)
    none = short & periods.eq(0)
    names = without["entity_name"] if "entity_name" in without else without["entity"]

    def who(rows: pd.Series) -> str:      # a few reps by name ("1, 1 whose baseline …" named nobody)
        return ", ".join(map(str, rows)) if len(rows) <= NAMED_REPS else t("count.reps", lang, n=len(rows))
    why = [t("s.rep_sum_none", lang, who=who(names[none]))] if none.any() else []
    if (short & ~none).any():
        why.append(t("s.rep_sum_short", lang, who=who(names[short & ~none])))
    if not short.all():
        why.append(t("s.rep_sum_low", lang, who=who(names[~short]), share=fmt_pct(NEAR_ZERO, lang)))
    return "; ".join(why)


def untargeted_sentence(chart: pd.DataFrame, lang: str = "en") -> str:
    """Who a chart of the month per rep shows without a target although he or she sold, and why; "" if nobody.

    Acumatica's chart had rep 10 grey ("no target yet") beside a list of reps without a target that left him
    out: he sold in the report month but in none of the baseline months. *chart*: rows of
    :func:`rep_scores` with ``untargeted=True``; the deals without an owner are no rep to name.
    """
    from ..i18n import t

    if chart.empty or not {"target", "actual", "entity"} <= set(chart):
        return ""
    sold = pd.to_numeric(chart["actual"], errors="coerce").fillna(0).ne(0)
    grey = chart[chart["target"].isna() & sold & (chart["entity"].astype(str) != K.engine.UNKNOWN)]
    return t("s.grey_reps", lang, why=_why_without(grey, lang)) if len(grey) else ""


#: up to this many reps without a target are named, more are counted
NAMED_REPS = 4


def shown_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The company and team rows of :func:`set_targets` output, or :class:`NotComputable` when none has a target.

    A row that only says what data it needs ("needs deals") is no target: the baseline chapter names the
    starter KPIs the data cannot support once, and a help desk's table listed new revenue, new leads
    and sales conversations as rows of dashes.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`set_targets`, with its columns.
    """
    rows = targets[targets["level"].isin(["company", "team"])]
    if not rows["target"].notna().any():
        raise needs_of(targets)
    return rows[~keyed(rows["flag"], NEEDS)] if "flag" in rows else rows


def step_up_for(targets: pd.DataFrame, *, periods: int = 6, step: float = 0.05, goal_factor: float = 1.2,
                kpi: str | None = None, first: str | None = None) -> pd.DataFrame:
    """Step-up plan for the company target of *kpi* (default: new revenue, else the first company target).

    Returns step, kpi, label, unit, target: from this period's target up to *goal_factor* × it; with
    *first* (``YYYY-MM``) also the calendar ``month`` of each step.
    """
    company = targets[(targets["level"] == "company") & targets["target"].notna() & (targets["target"] > 0)]
    if kpi is None:
        kpi = "new_revenue" if (company["kpi"] == "new_revenue").any() else None
    rows = company[company["kpi"] == kpi] if kpi else company
    if rows.empty:
        raise needs_of(targets)
    r = rows.iloc[0]
    goal = r["target"] * goal_factor if r["direction"] == "higher" else r["target"] / goal_factor
    plan = step_up_plan(r["target"], goal, periods=periods, step=step, direction=r["direction"], unit=r["unit"])
    plan = plan.assign(kpi=r["kpi"], label=r["label"], unit=r["unit"])
    if first:
        plan["month"] = [(pd.Period(first, "M") + i).strftime("%Y-%m") for i in range(len(plan))]
    return plan


def rep_scores(sc: pd.DataFrame, *, kpi: str | None = None, untargeted: bool = False) -> pd.DataFrame:
    """Rep-level rows of :func:`scores` (monthly, of one *kpi* if given), or :class:`NotComputable`.

    One row per rep and KPI (:func:`one_per_kpi`): a KPI scored per week and per month is the month's.
    With *untargeted*, the reps without a target (too little history) come too, with their actual: a
    chart of revenue per rep then holds all of the month's revenue, not only the scored reps' part.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`scores`, with its columns.
    """
    if sc.empty or "level" not in sc:
        raise NotComputable(Note("nc.rep_targets"))
    rows = sc[sc["level"] == "rep"]
    if kpi is not None:
        rows = rows[(rows["kpi"] == kpi) & (rows["period"] == "M")]
    targeted = one_per_kpi(rows[rows["target"].notna()])  # a rep with too little history has no target to score against
    if untargeted and not targeted.empty:
        rows = one_per_kpi(rows[rows["target"].notna() | (rows["actual"].fillna(0) != 0)])
    else:
        rows = targeted
    if targeted.empty or not rows["actual"].notna().any():
        raise NotComputable(Note("nc.kpi_rep_targets", kpis={"kpis": [kpi] if kpi else []}) if kpi
                            else Note("nc.rep_targets"))
    return rows


def thin_results(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Page 1's result cards (no stock) of a month below a third of their usual month (:func:`thin_card`)."""
    reg = K.REGISTRY
    return [c for c in cards if c.get("kpi") in reg and _brings_in(c["kpi"], reg[c["kpi"]].kind) and thin_card(c)]


def thin_sentence(cards: list[dict[str, Any]], month: str, lang: str = "en") -> str:
    """Why the reps are not ranked on the month: a result card of page 1 of a month below a third of its usual one.

    Salesforce's March 2022 held 4 % of the usual month's revenue: page 1 withheld the colour and asked to
    check that the CRM holds all of March, while the rep pages ranked 14 reps at 0 %. The cards' own rule
    (:func:`crmanalysis.analyses.kinds.thin_card`), so that the two pages agree; "" when no result is thin.
    """
    from ..i18n import fmt_pct, kpi_label, t

    thin = thin_results(cards)
    if not thin:
        return ""
    c = min(thin, key=lambda c: float(c["value"]) / float(c["usual"]))
    return t("s.thin_month", lang, month=month, share=fmt_pct(float(c["value"]) / float(c["usual"]), lang, 0),
             kpi=kpi_label(c["kpi"], lang))


def company_scores(sc: pd.DataFrame) -> pd.DataFrame:
    """Company-level monthly scores (kpi, label, unit, actual, target, score, status); empty when none.

    Returns
    -------
    pandas.DataFrame
        ``kpi``, ``label``, ``unit``, ``actual``, ``target``, ``score`` and ``status``.
    """
    cols = ["kpi", "label", "unit", "actual", "target", "score", "status"]
    if sc.empty or "level" not in sc:
        return pd.DataFrame(columns=cols)
    return sc[(sc["level"] == "company") & (sc["period"] == "M")][cols]


__all__ += ["shown_targets", "step_up_for", "rep_scores", "company_scores", "one_per_kpi", "thin_sentence",
            "thin_results"]
