"""Activity versus progress: whether the team's activity turns into results.

* :func:`rep_months` — per rep and month, action KPIs next to result KPIs.
* :func:`efficiency` — won revenue per conversation, conversations per won deal, meetings per
  opportunity created, per rep over a window (NaN with a note when undefined).
* :func:`lagged_correlation` — activity in month t against results in t + k (k = 0…3), within
  reps, with a 95 % confidence interval and n; small samples are labelled.
* :func:`quadrants` — busy without progress / performer / efficient / low activity against the
  team medians, with how stable each rep's quadrant is across the months of the window.
* :func:`service_agents` — the contact-centre variant: volume against CSAT and same-day closure.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import ClientData, NotComputable
from ..i18n import Note, keyed, note_column, note_frame
from .kinds import answer_survey
from .levels import entity_names, no_person, sales_reps
from .window import Window, old_keywords

__all__ = ["rep_months", "efficiency", "lagged_correlation", "quadrants", "classify", "service_agents", "QUADRANTS",
           "fisher_ci"]

QUADRANTS = ("performer", "busy without progress", "efficient", "low activity")
SMALL_N = 30


@old_keywords(12)
def rep_months(data: ClientData, *, window: Window) -> pd.DataFrame:
    """Per rep × month: conversations, meetings, opportunities created, deals won/decided, revenue.

    Returns
    -------
    pandas.DataFrame
        One row per rep × month: ``owner_id``, ``name``, ``team``, ``period``,
        ``sales_conversations``, ``meetings``, ``opportunities_created``, ``deals_won``,
        ``deals_decided``, ``new_revenue`` and ``win_rate``.
    """
    data.require("activities", "owner_id")
    data.require("opportunities", "owner_id")
    start, end, as_of = window.start, window.end, window.as_of
    ids = ["sales_conversations", "meetings", "opportunities_created", "deals_won", "new_revenue", "win_rate"]
    f = K.compute(data, ids, by=["owner_id"], period="M", start=start, end=min(end, as_of), as_of=as_of)
    f = f[f["period"].notna()]
    if f.empty:
        raise NotComputable(detail=Note("nc.no_activity_in_window", start=f"{start:%Y-%m}", end=f"{end:%Y-%m}"))
    wide = f.pivot_table(index=["owner_id", "period"], columns="kpi", values="value", aggfunc="first")
    wide = wide.reindex(columns=ids)                  # a KPI with no rows in the window is a column of NaN
    dec = f[f.kpi == "win_rate"].set_index(["owner_id", "period"])["denominator"].rename("deals_decided")
    wide = wide.join(dec).reset_index()
    reps = sales_reps(data)
    return wide[wide["owner_id"].isin(reps["owner_id"])].merge(reps, on="owner_id", how="left")


def logged_months(data: ClientData, window: Window) -> Window:
    """*window* without the months before the first logged activity: there activity is unknown, not zero.

    Salesforce's demo org logged activities from February 2022 only: over six months up to March 2022
    each rep's revenue per conversation divided six months of revenue by two months of calls, and the
    18 months of the lagged correlation read "more activity goes with fewer results" from months with
    no activity logged at all.
    """
    first = _first_logged_month(data)
    if first is None:
        return window
    logged = (pd.Period(window.month, "M") - first).n + 1
    return window.back(max(1, min(window.months, logged)))


#: fewer decided deals than this make a rep's win rate a small sample: marked in tables, never named for it
MIN_DECIDED = 10


#: a month with fewer sales conversations than this share of the busiest month's is before the CRM's
#: activities were logged in earnest: Salesforce's demo org has 3 in May 2021 and 1,868 in February 2022
LOGGED_SHARE = 0.10


def _first_logged_month(data: ClientData) -> pd.Period | None:
    """The first month whose sales conversations reach :data:`LOGGED_SHARE` of the busiest month's; None if none."""
    if not data.has("activities"):
        return None
    try:
        f = K.compute(data, ["sales_conversations"], period="M")
    except NotComputable:
        return None
    f = f[f["period"].notna() & (f["value"] > 0)]
    if f.empty:
        return None
    busy = f[f["value"] >= LOGGED_SHARE * f["value"].max()]
    return pd.Period(busy["period"].iloc[0], "M")


@old_keywords(6)
def efficiency(data: ClientData, *, window: Window, rm: pd.DataFrame | None = None) -> pd.DataFrame:
    """Output per unit of activity per rep over the window (undefined → NaN with a note).

    *rm* is a :func:`rep_months` table for the same window when the caller already has one.

    Returns
    -------
    pandas.DataFrame
        One row per rep: ``owner_id``, ``name``, ``team``, the window's ``conversations``,
        ``meetings``, ``opportunities_created``, ``deals_won``, ``deals_decided`` and ``won_revenue``;
        the ratios ``revenue_per_conversation``, ``conversations_per_won_deal``,
        ``meetings_per_opportunity`` and ``win_rate`` (NaN when undefined); ``note``.
    """
    rm = rep_months(data, window=window) if rm is None else rm
    g = rm.groupby(["owner_id", "name", "team"], dropna=False).agg(
        conversations=("sales_conversations", "sum"), meetings=("meetings", "sum"),
        opportunities_created=("opportunities_created", "sum"), deals_won=("deals_won", "sum"),
        deals_decided=("deals_decided", "sum"), won_revenue=("new_revenue", "sum")).reset_index()

    def ratio(a, b):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)
    g["revenue_per_conversation"] = ratio(g["won_revenue"], g["conversations"])
    g["conversations_per_won_deal"] = ratio(g["conversations"], g["deals_won"])
    g["meetings_per_opportunity"] = ratio(g["meetings"], g["opportunities_created"])
    g["win_rate"] = ratio(g["deals_won"], g["deals_decided"])
    g["note"] = [[n for n in (Note("note.no_won_deals") if won == 0 else None,
                              Note("note.small_sample_deals", n=MIN_DECIDED) if dec < MIN_DECIDED else None) if n]
                 for won, dec in zip(g["deals_won"], g["deals_decided"], strict=True)]
    return g


#: the counts of :func:`efficiency` a rep with anything to show in the window has one of (deals created alone
#: show nowhere in the table: Salesforce's managers "created" the deals loaded on one day, with nothing else)
_EFFICIENCY_COUNTS = ("conversations", "meetings", "deals_decided", "won_revenue")


def with_activity(eff: pd.DataFrame) -> pd.DataFrame:
    """The reps of :func:`efficiency` with a conversation, meeting, decided deal or revenue in the window.

    Salesforce's table listed 21 people, 4 of them (regional managers of the demo org) with nothing at all
    under "(17 in all)" on page 3: rows of zeros and undefined ratios say nothing about efficiency.
    """
    counts = eff[[c for c in _EFFICIENCY_COUNTS if c in eff]].fillna(0)
    return eff[counts.ne(0).any(axis=1)] if len(counts.columns) else eff


def idle_sentence(eff: pd.DataFrame, lang: str) -> str:
    """Under the efficiency table: how many people :func:`with_activity` left out ("" if none)."""
    from ..i18n import t

    n = len(eff) - len(with_activity(eff))
    return t("eff.left_out", lang, n=n) if n else ""


def fisher_ci(r: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Confidence interval of a correlation via Fisher's z (NaN below n = 4)."""
    if n < 4 or np.isnan(r):
        return (np.nan, np.nan)
    from statistics import NormalDist

    r = float(np.clip(r, -1.0, 1.0))                     # np.corrcoef may return 1 + 2e-16
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    q = NormalDist().inv_cdf(0.5 + level / 2)
    se = 1 / np.sqrt(n - 3)
    # at r = ±1 the clipped z puts one end a hair inside r: the interval always holds r
    return min(float(np.tanh(z - q * se)), r), max(float(np.tanh(z + q * se)), r)


@old_keywords(18)
def lagged_correlation(data: ClientData, *, window: Window, activity: str = "sales_conversations",
                       result: str = "new_revenue", lags: tuple[int, ...] = (0, 1, 2, 3)) -> pd.DataFrame:
    """Correlation of a rep's activity in month t with their result in month t + k.

    Both series are centred per rep first (within-rep correlation), so a rep who is always
    busy and always weak does not create a spurious between-rep correlation. Each lag gets
    n (rep-month pairs), r, a 95 % interval and a ``reading``; n < 30 is labelled a small
    sample rather than interpreted.

    Returns
    -------
    pandas.DataFrame
        One row per lag: ``lag`` (months k), ``activity`` and ``result`` (KPI ids), ``r``,
        ``ci_low`` and ``ci_high`` (95 %), ``n`` (rep-month pairs) and ``reading``.
    """
    rm = rep_months(data, window=window)
    if rm.empty:                                     # no rep has a month in the window
        raise NotComputable(detail=Note("nc.no_activity_in_window", start=f"{window.start:%Y-%m}",
                                        end=f"{window.end:%Y-%m}"))
    if not (rm[activity].fillna(0) > 0).any():      # no relation to look for: the activity is not in the data
        raise NotComputable(detail=Note("nc.no_activity_logged", n=int(rm["owner_id"].nunique()),
                                        activity={"kpis": [activity]}))
    rm = rm.sort_values(["owner_id", "period"])
    rows = []
    for k in lags:
        shifted = rm.groupby("owner_id")[result].shift(-k)
        d = pd.DataFrame({"owner_id": rm["owner_id"], "x": rm[activity], "y": shifted}).dropna()
        d["x"] -= d.groupby("owner_id")["x"].transform("mean")
        d["y"] -= d.groupby("owner_id")["y"].transform("mean")
        n = len(d)
        varies = n >= 4 and d["x"].std() > 0 and d["y"].std() > 0
        r = float(np.clip(np.corrcoef(d["x"], d["y"])[0, 1], -1, 1)) if varies else np.nan
        lo, hi = fisher_ci(r, n)
        if n == 0:                     # the window ends before any month's result k months on: no pairs at all
            reading = Note("reading.no_pairs", n=k)     # n: "1 month later", "2 months later"
        elif n < SMALL_N:
            reading = Note("reading.small_sample", n=n)
        elif np.isnan(r):              # no rep's activity (or result) moved from month to month: nothing to relate
            reading = Note("reading.no_variation")
        elif lo > 0:
            reading = Note("reading.more")
        elif hi < 0:
            reading = Note("reading.fewer")
        else:
            reading = Note("reading.unclear")
        rows.append({"lag": k, "activity": activity, "result": result, "r": r, "ci_low": lo, "ci_high": hi,
                     "n": n, "reading": reading})
    return note_frame(rows, "reading")


def _quadrant(act_hi: np.ndarray, res_hi: np.ndarray) -> np.ndarray:
    return np.where(act_hi & res_hi, "performer", np.where(act_hi, "busy without progress",
                                                           np.where(res_hi, "efficient", "low activity")))


#: how far below the median rep's result a rep's must be to count as low (a share of the median): 17.92 %
#: against a median of 17.95 % is no rep "without progress"
RESULT_MARGIN = 0.10


def _result_high(result: pd.Series, median: pd.Series | float) -> np.ndarray:
    """At or above the median, or less than :data:`RESULT_MARGIN` of it below; no result (NaN) is low."""
    return (result.astype(float) >= (1 - RESULT_MARGIN) * median).fillna(False).to_numpy(dtype=bool)


def classify(activity: pd.Series, result: pd.Series) -> np.ndarray:
    """Each rep's quadrant: activity at or above the median rep's, result not clearly below the median rep's.

    A result counts as low only :data:`RESULT_MARGIN` or more below the median (the reps page 1 names as
    busy without progress are those of the table); a rep without a result (no decided deal) is low.
    """
    x, y = activity.astype(float), result.astype(float)
    return _quadrant((x >= float(np.nanmedian(x))).to_numpy(), _result_high(y, float(np.nanmedian(y))))


@old_keywords(6)
def quadrants(data: ClientData, *, window: Window, activity: str = "sales_conversations",
              result: str = "win_rate", min_decided: int = MIN_DECIDED) -> pd.DataFrame:
    """Each rep's quadrant over the window against the team medians.

    Activity high = at or above the median rep; result high = not :data:`RESULT_MARGIN` or more below
    the median rep's (:func:`classify`). ``stability`` is the
    share of the window's months in which the rep's monthly values give the same quadrant.
    Reps with fewer than *min_decided* decided deals get ``small sample`` in ``note``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`efficiency` (``entity_name`` for the rep's name) with ``activity`` and
        ``result`` (the two measures compared), ``activity_rank_pct`` and ``result_rank_pct`` (the
        rep's percentile among the reps), ``quadrant``, ``stability`` and ``note``; quadrant by quadrant in the
        order of :data:`QUADRANTS`, the most active rep first.
    """
    rm = rep_months(data, window=window)
    eff = efficiency(data, window=window, rm=rm)
    act_col = {"sales_conversations": "conversations", "meetings": "meetings"}.get(activity, activity)
    res_col = {"new_revenue": "won_revenue"}.get(result, result)
    # a rep with none of the counted activity logged is no "busy" or "idle" rep: the medians and the
    # quadrants are of the reps who log it; how many were left out is said under the table
    idle = eff[act_col].astype(float).fillna(0) <= 0
    eff = eff[~idle].reset_index(drop=True)
    if eff.empty:
        raise NotComputable(detail=Note("nc.no_activity_logged", n=int(idle.sum()), activity={"kpis": [activity]}))
    x, y = eff[act_col].astype(float), eff[res_col].astype(float)
    if y.isna().all() or x.isna().all():       # no rep won or lost a deal in the window: no result to compare
        raise NotComputable(detail=Note("nc.no_decided_in_window", start=f"{window.start:%Y-%m}",
                                        end=f"{window.end:%Y-%m}"))
    x_med, y_med = float(np.nanmedian(x)), float(np.nanmedian(y))
    eff["activity"], eff["result"] = x, y
    eff["quadrant"] = classify(x, y)
    eff["activity_rank_pct"] = x.rank(pct=True)
    eff["result_rank_pct"] = y.rank(pct=True)
    # monthly quadrants against that month's medians
    m = rm.copy()
    m["act"] = m[activity]
    m["res"] = m[result if result in m else "new_revenue"]
    m["act_hi"] = m["act"] >= m.groupby("period")["act"].transform("median")
    m["res_hi"] = _result_high(m["res"], m.groupby("period")["res"].transform("median"))
    m["q"] = _quadrant(m["act_hi"].to_numpy(), m["res_hi"].to_numpy())
    overall = eff.set_index("owner_id")["quadrant"]
    m["same"] = m["q"] == m["owner_id"].map(overall)
    stab = m[m["res"].notna()].groupby("owner_id")["same"].mean()
    eff["stability"] = eff["owner_id"].map(stab)
    small = eff["deals_decided"] < min_decided
    eff["note"] = note_column((Note("note.small_sample_deals", n=min_decided) if s else "" for s in small), eff.index)
    eff.attrs.update({"min_decided": min_decided, "activity_median": x_med, "result_median": y_med,
                      "activity": activity, "result": result,
                      "left_out": int(idle.sum()), "result_line": (1 - RESULT_MARGIN) * y_med})
    # read as the chart is: quadrant by quadrant, the busiest rep of each first
    order = eff["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)})
    eff = eff.assign(_o=order).sort_values(["_o", "activity"], ascending=[True, False], kind="stable")
    return eff.drop(columns="_o").reset_index(drop=True).rename(columns={"name": "entity_name"})


def left_out_sentence(quad: pd.DataFrame, lang: str) -> str:
    """Under the quadrants: how many reps were left out for logging none of the counted activity ("" if none)."""
    from ..i18n import t

    n = int(quad.attrs.get("left_out", 0))
    return t("quad.left_out", lang, n=n) if n else ""


@old_keywords(6)
def service_agents(data: ClientData, *, window: Window) -> pd.DataFrame:
    """Contact-centre agents: cases handled (closed; of a call log, taken) against CSAT and same-day closure.

    An agent is flagged ``high volume, low satisfaction`` with volume in the top quartile of
    the agents and a CSAT clearly below the other agents' (``csat_z`` ≤ −3 standard errors,
    so chance differences between a handful of agents are not flagged) — volume targets
    eroding satisfaction, the contact centre's classic trap.

    Returns
    -------
    pandas.DataFrame
        One row per agent: ``agent_id``, ``entity_name``, ``cases_closed``, ``cases_opened``, ``csat_mean``,
        ``same_day_closure_rate``, ``time_to_resolution_hours``, ``csat_z`` and ``flag``. An export without
        closing times has no ``cases_closed`` and ``same_day_closure_rate`` (its volume is the calls taken,
        ``cases_opened``) but its ``resolved_share``.
    """
    data.require("cases", "agent_id")
    start, end, as_of = window.start, window.end, window.as_of
    # a call log has no closing times: an agent's volume is the calls taken (cases opened), each dated by the
    # call, as its CSAT is; "volume versus satisfaction" showed the CSAT alone
    closing = data.has("cases", "closed_at")
    volume = "cases_closed" if closing else "cases_opened"
    # without closing times, what a call log says of each call's outcome instead: resolved on the call or not
    ids = ["cases_closed", "cases_opened", "csat_mean", "same_day_closure_rate"] if closing else \
        ["cases_opened", "csat_mean", "resolved_share"]
    # thumbs up or down (LiveChat's "rated good" / "rated bad"), read as 5 and 1: a mean of "4.53" is a score no
    # customer gave; the share of the top answer is what the survey says, as page 1 shows it
    survey = answer_survey(data)
    if survey:
        ids.insert(ids.index("csat_mean") + 1, "csat_satisfied_share")
    f = K.compute(data, ids, by=["owner_id"], period="M", start=start, end=min(end, as_of), as_of=as_of)
    f = f[f["period"].notna() & (f["n"] > 0)]
    if f.empty:
        raise NotComputable(detail=Note("nc.no_cases_in_window", start=f"{start:%Y-%m}", end=f"{end:%Y-%m}"))
    g = K.reaggregate(f.assign(period="window", period_start=start), ["owner_id"], K.registry_for(data))
    wide = g.pivot_table(index="owner_id", columns="kpi", values="value", aggfunc="first").reindex(columns=ids)
    c = data.cases
    inwin = c["closed_at" if closing else "opened_at"].between(start, min(end, as_of))
    hours = (c.loc[inwin, "closed_at"] - c.loc[inwin, "opened_at"]).dt.total_seconds() / 3600
    wide["time_to_resolution_hours"] = hours.groupby(c.loc[inwin, "agent_id"]).median()   # medians from rows
    wide = wide.reset_index().rename(columns={"owner_id": "agent_id"})
    # an agent without a user record (or an export without users) is named by its id, not left blank
    wide["entity_name"] = entity_names(data, wide["agent_id"], pd.Series("agent", index=wide.index))
    # CSAT gap of each agent against all other agents' ratings, in standard errors
    rated = c.loc[inwin & c["csat"].notna(), ["agent_id", "csat"]]
    st = rated.groupby("agent_id")["csat"].agg(["sum", "count"])
    sq = (rated["csat"] ** 2).groupby(rated["agent_id"]).sum()
    tot_s, tot_n, tot_sq = st["sum"].sum(), st["count"].sum(), sq.sum()
    rest_n = tot_n - st["count"]
    rest_mean = (tot_s - st["sum"]) / rest_n
    rest_var = (tot_sq - sq) / rest_n - rest_mean ** 2
    own_mean = st["sum"] / st["count"]
    own_var = sq / st["count"] - own_mean ** 2
    se = np.sqrt(own_var / st["count"] + rest_var / rest_n)
    z = ((own_mean - rest_mean) / se).rename("csat_z")
    wide = wide.merge(z, left_on="agent_id", right_index=True, how="left")
    hi_vol = wide[volume] >= wide[volume].quantile(0.75)
    lo_csat = wide["csat_z"] <= -3
    # a chat bot or a team's shared login is no agent to flag or to count among them: Userlike's "Chatbot Lotta"
    shared = no_person(wide["entity_name"])
    wide["flag"] = note_column((Note("flag.no_person") if p else Note("flag.high_volume_low_csat") if f else ""
                                for p, f in zip(shared, hi_vol & lo_csat, strict=True)), wide.index)
    # the cases nobody was assigned are no agent: Help Scout's desk of 7 agents read "With 8 agents" beside "the
    # baseline of each agent (7 in all)"
    known = wide[(wide["agent_id"].astype("string") != K.engine.UNKNOWN) & ~shared]
    n = len(known)
    # agents who all closed as many cases (or all rated alike) have no correlation to speak of, not a warning
    varies = n >= 4 and known[volume].nunique() > 1 and known["csat_mean"].nunique() > 1
    r = float(np.corrcoef(known[volume], known["csat_mean"])[0, 1]) if varies else np.nan
    lo, hi = fisher_ci(r, n)
    wide.attrs.update({"volume_csat_r": r, "volume_csat_ci": (lo, hi), "n_agents": n,
                       "reading": Note("reading.small_agents", n=n) if n < SMALL_N else ""})
    if survey:
        wide["csat_mean"] = np.nan          # measured for the flag above, shown as the share of the top answer
    return _by_name(wide, shared)


def _by_name(wide: pd.DataFrame, shared: pd.Series) -> pd.DataFrame:
    """The agents by name as a reader looks one up: the people, a team's or a bot's login, the cases nobody took.

    GLPI's "(unknown)" stood first and "Émilie Moreau" after "Thomas Girard".
    """
    last = wide["agent_id"].astype("string").eq(K.engine.UNKNOWN).fillna(False).astype(int) * 2 \
        + pd.Series(np.asarray(shared, bool), index=wide.index).astype(int)
    key = wide["entity_name"].astype("string").fillna("").map(
        lambda x: "".join(ch for ch in unicodedata.normalize("NFKD", x) if not unicodedata.combining(ch)).casefold())
    order = pd.DataFrame({"last": last, "key": key}).sort_values(["last", "key"], kind="stable").index
    out = wide.loc[order].reset_index(drop=True)
    out.attrs = dict(wide.attrs)
    return out



def flagged_agents(agents: pd.DataFrame) -> list[Any]:
    """The agents flagged for high volume and low satisfaction (a bot's row carries a flag of its own)."""
    if "flag" not in agents or agents.empty:
        return []
    return agents.loc[keyed(agents["flag"], "flag.high_volume_low_csat"), "agent_id"].tolist()


def agents_sentence(agents: pd.DataFrame, lang: str = "en") -> str:
    """Volume against CSAT across the agents, in *lang*; of few agents, that it is not measured (and no number)."""
    from ..i18n import fmt_number
    from ..texts import t

    a = agents.attrs
    rated = [c for c in ("csat_mean", "csat_satisfied_share") if c in agents and agents[c].notna().any()]
    if not rated:
        return ""                   # NYC's desk has no ratings: "the link between volume and CSAT" spoke of none
    if a["reading"]:                # "r = -0.95. … the correlation is not interpreted": no number to set aside
        return t("s.csat_r_few", lang, n=a["n_agents"])
    return t("s.csat_r", lang, n=a["n_agents"], r=fmt_number(a["volume_csat_r"], lang, 2), reading="")


QUADRANT_COLUMNS = ["owner_id", "entity_name", "quadrant", "activity", "result", "activity_rank_pct",
                    "result_rank_pct", "stability", "note"]


def quadrant_summary(quad: pd.DataFrame, window: Window | None = None) -> dict[str, Any]:
    """What the batch records of :func:`quadrants`: the table and the busy-without-progress reps, busiest first.

    With the quadrants' *window*, also page 1's sentence about those reps (:func:`busy_finding`).
    """
    return {"quadrants": quad[QUADRANT_COLUMNS], "busy_without_progress": _busy(quad)["owner_id"].tolist(),
            "busy_finding": busy_finding(quad, window) if window is not None else []}


def _busy(quad: pd.DataFrame) -> pd.DataFrame:
    """The reps of :func:`quadrants` busy without progress, busiest first."""
    return quad[quad["quadrant"] == "busy without progress"].sort_values("activity", ascending=False)


#: reps a page-1 sentence names by name; the quadrant table lists them all
BUSY_NAMED = 4
#: the share of the months a busy rep must be busy without progress in, one by one, to be named on page 1
BUSY_STABLE = 0.5
#: how far below the median rep's win rate a busy rep's must be to be named on page 1 (a share of it): the
#: quadrants' own margin, so that page 1 names the reps of the table
BUSY_GAP = RESULT_MARGIN


def busy_finding(quad: pd.DataFrame, window: Window) -> list[Note]:
    """The reps busy without progress in one sentence, with each one's conversations and win rate.

    It names the months and the team's median rep, whom they match or pass in conversations and
    trail in win rate: the medians :func:`quadrants` split the reps by.
    """
    busy = _busy(quad)
    busy = busy[busy["result"].notna()]     # no decided deal, no win rate: nothing says it is below the median's
    if busy.empty:
        return []
    median = float(np.nanmedian(quad["result"].astype(float)))
    # named on page 1 only a tenth or more below the median rep's win rate: 17.92 % against 17.95 % put a
    # rep's name beside "without progress" for a difference of three hundredths of a point
    busy = busy[busy["result"].astype(float) <= (1 - BUSY_GAP) * median]
    least = quad.attrs.get("min_decided", MIN_DECIDED)
    # a win rate of a few deals is no finding to name a rep for (0 of 3 decided is 0 %): counted, not named
    few = busy["deals_decided"].fillna(0) < least if "deals_decided" in busy else pd.Series(False, index=busy.index)
    busy, n_few = busy[~few], int(few.sum())
    # a rep in the quadrant over the months together but in few of them one by one is named for a sum, not a
    # habit: Northwind's Sem Bakker, 32.3 % against a line of 32.4 %, was there in 1 month of 6
    brief = busy["stability"].astype(float) < BUSY_STABLE if "stability" in busy else pd.Series(False, busy.index)
    busy, n_brief = busy[~brief], int(brief.sum())
    if busy.empty:
        return []
    named = busy.head(BUSY_NAMED)
    # a rate just under the median would read as the median's own 17.9 %: a second decimal tells them apart
    digits = 2 if (np.round(named["result"].astype(float) * 1000) == round(median * 1000)).any() else 1
    reps = [Note("finding.busy_rep", name=str(r.entity_name), conv={"value": float(r.activity), "unit": "count"},
                 rate={"value": float(r.result), "unit": "ratio", "digits": digits}) for r in named.itertuples()]
    if len(busy) > BUSY_NAMED:
        reps.append(Note("finding.busy_more", n=len(busy) - BUSY_NAMED))
    if n_few:                               # the quadrants' table names them with its small-sample mark
        reps.append(Note("finding.busy_few", n=n_few, least=least))
    if n_brief:                             # and with a stability under a half
        reps.append(Note("finding.busy_brief", n=n_brief))
    return [Note("finding.busy", names={"list": reps, "sep": "; "}, n=len(busy),
                 start={"month": f"{window.start:%Y-%m}"}, end={"month": window.month},
                 conv={"value": float(np.nanmedian(quad["activity"].astype(float))), "unit": "count"},
                 # "well below" the median, not the line (0.9 × median) itself: "under 20.7 % (the median rep's
                 # 23.0 %, less a tenth of it)" was arithmetic a director redid, and read 32.2 % against a shown 35.7 %
                 rate={"value": median, "unit": "ratio", "digits": digits})]


__all__ += ["quadrant_summary", "busy_finding", "agents_sentence", "flagged_agents", "left_out_sentence",
            "with_activity", "idle_sentence"]
