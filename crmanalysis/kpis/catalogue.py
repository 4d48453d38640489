"""The KPI catalogue: one function per KPI, registered with its metadata.

Each function takes the :class:`~crmanalysis.kpis.engine.Context` and its options and
returns ``(frame, notes)``: the standard per-period × group frame and the notes that
apply to the whole KPI (e.g. "skipped 3 won deals without amount").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data import NotComputable, says_resolved
from ..i18n import Note, needs_note
from .engine import Context
from .registry import register

NS_PER_DAY = 86_400e9
SALES_CONVERSATION_TYPES = ("call", "meeting", "visit")
#: the activity types each activity KPI counts: a KPI of types an export never holds reads 0 every month
ACTIVITY_KPI_TYPES = {"calls": ("call",), "meetings": ("meeting",), "emails": ("email",), "visits": ("visit",),
                      "sales_conversations": SALES_CONVERSATION_TYPES, "talk_time_hours": ("call",),
                      "call_connect_rate": ("call",), "meeting_held_rate": ("meeting",)}


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------
def _f(s: Any) -> np.ndarray:
    return pd.to_numeric(pd.Series(s), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _b(s: Any) -> np.ndarray:
    return pd.Series(s).fillna(False).to_numpy(dtype=bool)


def _ns(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype="datetime64[ns]")


def _elapsed(start: np.ndarray, end: np.ndarray, unit_ns: float) -> np.ndarray:
    """*end* − *start* in units of *unit_ns*; NaN where either is missing (NaT is no number of hours)."""
    out = (end - start).astype("float64") / unit_ns
    out[np.isnat(start) | np.isnat(end)] = np.nan
    return out


def _cached(ctx: Context, key: str, fn):
    if key not in ctx._cache:
        ctx._cache[key] = fn()
    return ctx._cache[key]


def _act_date(ctx: Context) -> pd.Series:
    a = ctx.data.activities
    return _cached(ctx, "act_date", lambda: a["completed_at"].fillna(a["scheduled_at"]))


def _act_done(ctx: Context) -> np.ndarray:
    """Completed activities: completed is true, or unknown and dated on/before as_of."""
    def make():
        a = ctx.data.activities
        comp = a["completed"]
        date = _act_date(ctx)
        return _b(comp) | (comp.isna().to_numpy() & _b(date <= ctx.as_of))
    return _cached(ctx, "act_done", make)


def _act_type(ctx: Context) -> pd.Series:
    return _cached(ctx, "act_type", lambda: ctx.data.activities["type"].astype("string").str.lower())


def _skipped(n: int, what: str) -> list[str]:
    return [f"skipped {n:,} {what}"] if n else []


def _dated_count(ctx: Context, table: str, col: str) -> tuple[pd.DataFrame, list[str]]:
    """Rows of *table* per period by *col*; rows without that date are skipped and counted in the note."""
    dates = ctx.data.table(table)[col]
    return (ctx.aggregate(table, dates, date_key=col),
            _skipped(int(dates.isna().sum()), f"{table} without {col}"))


def _activity_count(ctx: Context, types: tuple[str, ...] | None) -> tuple[pd.DataFrame, list[str]]:
    mask = _act_done(ctx)
    if types:
        mask = mask & _b(_act_type(ctx).isin(list(types)))
    date = _act_date(ctx)
    nodate = int((mask & date.isna().to_numpy()).sum())
    return (ctx.aggregate("activities", date, mask=mask, date_key="act_date"),
            _skipped(nodate, "activities without a date"))


def _opps(ctx: Context) -> pd.DataFrame:
    return ctx.data.opportunities


def _status(ctx: Context) -> pd.Series:
    return _cached(ctx, "opp_status", lambda: _opps(ctx)["status"].astype("string").str.lower())


def _closed(ctx: Context) -> np.ndarray:
    """Deals won or lost (closed), whether or not the export marks any (the open pipeline needs only the others)."""
    return _cached(ctx, "opp_closed", lambda: _b(_status(ctx).isin(["won", "lost"])))


def _decided(ctx: Context) -> None:
    """:class:`NotComputable` where no deal of the export is won or lost: its stages say neither.

    A pipeline of custom stages ("Signed", "Dead") that no word list knows read as all open, and page 1 showed
    "New revenue EUR 0, Deals won 0" beside 180 signed deals: unknown, not none.
    """
    st = _status(ctx)
    if len(st) and not _closed(ctx).any():
        raise NotComputable(detail=Note("nc.none_decided", n=len(st)))


def _won(ctx: Context) -> np.ndarray:
    _decided(ctx)
    return _cached(ctx, "opp_won", lambda: _b(_status(ctx) == "won"))


def _won_deals(ctx: Context) -> np.ndarray:
    """Won deals that are deals: a won row of a negative amount is a credit note correcting an earlier deal.

    Counted as deals, an invoicing list's seven credit notes made October's 28 deals won 35 and its average deal
    2,548 for 3,185; their amounts still lower the revenue.
    """
    return _cached(ctx, "opp_won_deals", lambda: _won(ctx) & ~_b(_opps(ctx)["amount"] < 0))


def _lost(ctx: Context) -> np.ndarray:
    _decided(ctx)
    return _cached(ctx, "opp_lost", lambda: _b(_status(ctx) == "lost"))


def _combine(num: pd.DataFrame, den: pd.DataFrame, by: list[str], *, den_col: str = "numerator",
             num_col: str = "numerator") -> pd.DataFrame:
    """Ratio of two KPI frames aligned on period and group: value = num / den."""
    keys = ["period", "period_start", *by]
    m = num[keys + [num_col, "n"]].rename(columns={num_col: "numerator", "n": "n_num"}).merge(
        den[keys + [den_col, "n"]].rename(columns={den_col: "denominator", "n": "n_den"}), on=keys, how="outer")
    m["numerator"] = m["numerator"].fillna(0.0)
    m["denominator"] = m["denominator"].fillna(0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        m["value"] = np.where(m["denominator"] != 0, m["numerator"] / m["denominator"].where(m["denominator"] != 0),
                              np.nan)
    m["n"] = (m["n_num"].fillna(0) + m["n_den"].fillna(0)).astype("int64")
    m["note"] = ""
    return m.drop(columns=["n_num", "n_den"]).sort_values(keys).reset_index(drop=True)


def _snapshot(ctx: Context, table: str, per_t, *, stat: str = "sum", max_unknown: float = 1.0) -> pd.DataFrame:
    """Evaluate ``per_t(t) -> (mask, num, den)`` at each period's snapshot instant (its end, or as_of)."""
    return _per_period(ctx, table, lambda c: per_t(min(ctx.axis.end(c), ctx.as_of)), stat=stat,
                       max_unknown=max_unknown)


#: a month's MRR without more than this share of its running subscriptions (their MRR unknown) is no MRR: it would
#: read as a fall (or, beside a later month, a rise) that is only the subscriptions the export does not price
MRR_MAX_UNKNOWN = 0.1


def _per_period(ctx: Context, table: str, per_code, *, stat: str = "sum", max_unknown: float = 1.0) -> pd.DataFrame:
    """Evaluate ``per_code(period code) -> (mask, num, den[, unknown])`` for every period and aggregate by group.

    ``num``/``den`` None count the rows in ``mask``; ``stat="ratio"`` divides the sums (NaN
    without a denominator), otherwise the numerator is the value. ``unknown`` marks rows that belong
    to the sum but whose value the export does not give (an open deal without an amount): a group with
    such rows and none in ``mask`` has an unknown sum (NaN), not 0.
    """
    gcodes, guniq = ctx.groups_of(table)
    n_g = max(len(guniq), 1)
    vals, nums, dens, cnts = [], [], [], []
    for c in range(ctx.first, ctx.last + 1):
        mask, num, den, *rest = per_code(c)
        g = gcodes[mask]
        cnt = np.bincount(g, minlength=n_g).astype("float64")
        nsum = cnt if num is None else np.bincount(g, weights=np.nan_to_num(num[mask]), minlength=n_g)
        if stat == "ratio":
            dsum = cnt if den is None else np.bincount(g, weights=np.nan_to_num(den[mask]), minlength=n_g)
            with np.errstate(invalid="ignore", divide="ignore"):
                v = np.where(dsum != 0, nsum / np.where(dsum != 0, dsum, 1), np.nan)
        else:
            dsum, v = np.full(n_g, np.nan), nsum
            if rest:
                unknown = np.bincount(gcodes[rest[0]], minlength=n_g)
                blind = ((unknown > 0) & (cnt == 0)) | (unknown > max_unknown * (unknown + cnt))
                v = nsum = np.where(blind, np.nan, nsum)
        vals.append(v)
        nums.append(nsum)
        dens.append(dsum)
        cnts.append(cnt)
    return ctx._frame(np.concatenate(vals), np.concatenate(nums), np.concatenate(dens),
                      np.concatenate(cnts), guniq, n_g)


def _as_of_only(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """Keep only the period that contains as_of (for KPIs defined 'as of a date')."""
    label = ctx.axis.label(ctx.axis.code(ctx.as_of))
    return frame[frame["period"] == label].reset_index(drop=True)


def _open_at(ctx: Context, t: pd.Timestamp) -> np.ndarray:
    """Deals open at instant t: created on/before t and not yet closed (won/lost close after t)."""
    start, end = _cached(ctx, "opp_open_span", lambda: _open_span(ctx))
    t64 = np.datetime64(t, "ns").astype("int64")
    return (start <= t64) & (end > t64)


def _open_span(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Each deal's open span [start, end) as int64 nanoseconds, worked out once for every snapshot.

    An undated deal starts at the end of time (never open); an open deal ends there; a closed deal
    ends at its close date, or, undated, at the start of time (never open: when it closed is unknown).
    """
    # without creation dates no deal is known to have been open at any past instant: the pipeline is unknown, not
    # empty (a monday.com board without its creation log read an open pipeline of 0 every month)
    o = ctx.data.require("opportunities", "created_at")
    created, close = _ns(o["created_at"]), _ns(o["close_date"])
    never, always = np.iinfo("int64").min, np.iinfo("int64").max
    start = np.where(np.isnat(created), always, created.astype("int64"))
    closed = _closed(ctx)
    end = np.where(~closed, always, np.where(np.isnat(close), never, close.astype("int64")))
    return start, end


# --------------------------------------------------------------------------------------
# action KPIs
# --------------------------------------------------------------------------------------
_ACT_DATE = "completed_at, else scheduled_at (completed activities only)"


def _def_count(kind: str) -> str:
    return (f"Number of completed {kind} per owner and period, dated by when they took place "
            "(completed_at, else scheduled_at). Planned activities that have not happened yet do not count.")


for _id in ("calls", "meetings", "emails", "visits"):
    _types = ACTIVITY_KPI_TYPES[_id]
    def _fn(ctx, _t=_types, **_):
        return _activity_count(ctx, _t)
    register(_id, _fn, kind="action", klass="business", unit="count", direction="higher",
             tables=("activities",), date=_ACT_DATE, basis="event", stat="sum",
             definition=_def_count(_id.rstrip("s") + "s"))


def _calls(ctx: Context) -> np.ndarray:
    return _b(_act_type(ctx) == "call")


@register("talk_time_hours", kind="action", klass="business", unit="hours", direction="higher",
          tables=("activities",), counts=("duration_min",),
          date=_ACT_DATE, basis="event", stat="sum",
          definition="Hours on the phone: the durations of the completed calls per rep and period, made and answered, "
                     "counted in the period in which they took place. Calls without a duration are left out (said in "
                     "a note).")
def talk_time_hours(ctx, **_):
    a = ctx.data.activities
    # a call in that a rep answered is time on the phone as much as one made: Webex's hotline takers had 22.9 of
    # their 57 hours left out, and the ranking gave them no credit for them
    calls_in = _b(a["call_in"]) if "call_in" in a else np.zeros(len(a), bool)
    done = _act_done(ctx) & (_calls(ctx) | calls_in)
    mins = a["duration_min"].to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(mins)
    return (ctx.aggregate("activities", _act_date(ctx), mask=done & known, num=np.nan_to_num(mins) / 60,
                          date_key="act_date"),
            _skipped(int((done & ~known).sum()), "calls without a duration"))


@register("calls_received", kind="insight", klass="business", unit="count", direction="higher",
          tables=("activities",), date=_ACT_DATE, basis="event", stat="sum",
          definition="Calls customers made to the team in the period, answered or not, where the export says which "
                     "way a call went: the demand on the phone beside the calls the reps made.")
def calls_received(ctx, **_):
    a = ctx.data.require("activities", "call_in")
    date = _act_date(ctx)
    return ctx.aggregate("activities", date, mask=_b(a["call_in"]), date_key="act_date"), []


@register("calls_answered_share", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("activities",), counts=("completed",), date=_ACT_DATE, basis="event", stat="ratio",
          definition="Of the calls customers made to the team in the period, the share answered; missed and "
                     "abandoned ones make up the rest. Only calls in that the export says were answered or not count.")
def calls_answered_share(ctx, **_):
    # the calls received alone hid that Aircall's desk missed 104 of its 267: a call not answered is still demand,
    # and one the export says nothing of is neither answered nor missed
    a = ctx.data.require("activities", "call_in")
    said = _b(a["call_in"]) & a["completed"].notna().to_numpy()
    return ctx.aggregate("activities", _act_date(ctx), mask=said, num=_b(a["completed"]) & said, stat="ratio",
                         date_key="act_date"), []


@register("call_connect_rate", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("activities",), counts=("completed",),
          date=_ACT_DATE, basis="event", stat="ratio",
          definition="Of the calls logged in the period, the share that took place (answered, or marked done); "
                     "missed, unanswered and planned calls make up the rest.")
def call_connect_rate(ctx, **_):
    return _held_share(ctx, "call")


def _held_share(ctx: Context, kind: str) -> tuple[pd.DataFrame, list[str]]:
    """Of the activities of *kind* dated in each period, the share that took place (done, answered, held)."""
    # every one dated in the period, not only those up to the data's end: that end is the last call that took
    # place, and a dialer's missed calls after it (an Aircall export's last 35 minutes) are calls all the same
    of = _b(_act_type(ctx) == kind)
    return ctx.aggregate("activities", _act_date(ctx), mask=of, num=_act_done(ctx) & of, stat="ratio",
                         date_key="act_date"), []


@register("meeting_held_rate", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("activities",), counts=("completed",),
          date=_ACT_DATE, basis="event", stat="ratio",
          definition="Of the meetings planned in the period, the share that took place; cancelled meetings and "
                     "no-shows make up the rest.")
def meeting_held_rate(ctx, **_):
    # a booking tool's meetings: the no-shows and cancellations are what a team that books meetings is steered on
    return _held_share(ctx, "meeting")


@register("sales_conversations", kind="action", klass="business", unit="count", direction="higher",
          tables=("activities",),
          date=_ACT_DATE, basis="event", stat="sum",
          definition="Completed calls + meetings + visits with prospects and customers (the activity KPI "
                     "a sales team is steered on, per week). E-mails and tasks are not conversations.")
def sales_conversations(ctx, **_):
    return _activity_count(ctx, SALES_CONVERSATION_TYPES)


#: dated counts: (id, class, table, date column, date in words, definition) — one pattern, one loop
_DATED_COUNTS = (
    ("activities_logged", "usage", "activities", "created_at", "created_at (when it was logged in the CRM)",
     "Every activity record created in the CRM in the period, of any type and status: a usage KPI (is the CRM "
     "being used?), not a measure of selling."),
    ("opportunities_created", "business", "opportunities", "created_at", "created_at",
     "Opportunities created in the period (by creation date), whatever their status now: a measure of how much "
     "new business the owner puts into the pipeline."),
    ("leads_created", "usage", "leads", "created_at", "created_at",
     "Lead records created in the period by each owner (a CRM-usage view of new_leads)."),
    ("quotes_sent", "business", "quotes", "sent_at", "sent_at",
     "Quotes (offers) sent to customers in the period, by send date, whatever their outcome."),
)
for _id, _klass, _table, _col, _date, _text in _DATED_COUNTS:
    def _fn(ctx, _tb=_table, _c=_col, **_):
        return _dated_count(ctx, _tb, _c)
    register(_id, _fn, kind="action", klass=_klass, unit="count", direction="higher", tables=(_table,), date=_date,
             basis="event", stat="sum", definition=_text)


@register("meetings_planned_next_n_days", kind="action", klass="business", unit="count", direction="higher",
          tables=("activities",), counts=("scheduled_at",),
          date="as_of (scheduled_at in the n days after it)", basis="as_of", stat="sum", options={"days": 14},
          definition="Meetings and visits not yet held and scheduled in the n days after the report date "
                     "(default 14). Target 10, 6 planned → score 60 %.")
def meetings_planned_next_n_days(ctx, days: int = 14, types=("meeting", "visit"), **_):
    a = ctx.data.activities
    sched = _ns(a["scheduled_at"])
    t0 = np.datetime64(ctx.as_of, "ns")
    t1 = np.datetime64(ctx.as_of + pd.Timedelta(days=days), "ns")
    not_done = ~_b(a["completed"])
    m = not_done & _b(_act_type(ctx).isin(list(types))) & (sched > t0) & (sched <= t1)
    out = _snapshot(ctx, "activities", lambda t: (m, None, None))
    return _as_of_only(ctx, out), [f"window {days} days after {ctx.as_of.date()}"]


@register("visit_report_rate", kind="action", klass="usage", unit="ratio", direction="higher", tables=("activities",),
          date=_ACT_DATE, basis="event", stat="ratio",
          definition="Share of completed visits and meetings that have a visit report (has_report).")
def visit_report_rate(ctx, **_):
    a = ctx.data.activities
    m = _act_done(ctx) & _b(_act_type(ctx).isin(["visit", "meeting"]))
    rep = a["has_report"]
    return ctx.aggregate("activities", _act_date(ctx), mask=m & rep.notna().to_numpy(), num=_b(rep), stat="ratio",
                         date_key="act_date"), _skipped(int((m & rep.isna().to_numpy()).sum()),
                                                        "visits/meetings with unknown report status")


@register("opportunity_hygiene", kind="action", klass="usage", unit="ratio", direction="higher",
          tables=("opportunities",),
          date="as_of", basis="as_of", stat="ratio", options={"days": 30},
          definition="Share of open opportunities that have a planned future activity or were changed "
                     "(created, stage change in history, or an activity) in the last 30 days.")
def opportunity_hygiene(ctx, days: int = 30, modified: bool = False, **_):
    """The open deals' share changed in the last *days* days (with *modified*, by their last modification too).

    *modified* is for a day at the export's end: a modification after the day hides any before it, so such a
    deal counts as changed rather than as known unchanged.
    """
    o = _opps(ctx)
    t = np.datetime64(ctx.as_of, "ns")
    since = np.datetime64(ctx.as_of - pd.Timedelta(days=days), "ns")
    is_open = _open_at(ctx, ctx.as_of)
    touched = (_ns(o["created_at"]) >= since)
    if modified and "modified_at" in o:
        touched |= _b(_ns(o["modified_at"]) >= since)
    ids = o["opportunity_id"]
    if ctx.data.has("opportunity_history"):
        h = ctx.data.opportunity_history
        ch = _ns(h["changed_at"])
        recent = set(h.loc[(ch >= since) & (ch <= t), "opportunity_id"].dropna())
        touched |= _b(ids.isin(recent))
    if ctx.data.has("activities"):
        a = ctx.data.activities
        sched = _ns(a["scheduled_at"])
        d = _ns(_act_date(ctx))
        fut = set(a.loc[(sched > t) | ((d >= since) & (d <= t)), "opportunity_id"].dropna())
        touched |= _b(ids.isin(fut))
    out = _snapshot(ctx, "opportunities", lambda _t: (is_open, touched.astype(float), None), stat="ratio")
    return _as_of_only(ctx, out), []


@register("key_account_coverage", kind="action", klass="business", unit="ratio", direction="higher",
          tables=("accounts", "activities"),
          date="as_of", basis="as_of", stat="ratio", options={"days": 90, "types": ("meeting", "visit")},
          definition="Share of the owner's key accounts with a meeting or visit in the 90 days before the "
                     "report date.")
def key_account_coverage(ctx, days: int = 90, types=("meeting", "visit"), key_only: bool = True, **_):
    acc = ctx.data.accounts
    a = ctx.data.activities
    d = _ns(_act_date(ctx))
    t = np.datetime64(ctx.as_of, "ns")
    since = np.datetime64(ctx.as_of - pd.Timedelta(days=days), "ns")
    hit = _act_done(ctx) & _b(_act_type(ctx).isin(list(types))) & (d >= since) & (d <= t)
    covered = set(a.loc[hit, "account_id"].dropna())
    base = _b(acc["is_key_account"]) if key_only else np.ones(len(acc), bool)
    cov = _b(acc["account_id"].isin(covered)).astype(float)
    out = _snapshot(ctx, "accounts", lambda _t: (base, cov, None), stat="ratio")
    return _as_of_only(ctx, out), []


# --------------------------------------------------------------------------------------
# result KPIs
# --------------------------------------------------------------------------------------
@register("new_revenue", kind="result", klass="business", unit="money", direction="higher", tables=("opportunities",),
          date="close_date of won deals", basis="event", stat="sum",
          definition="Sum of the amounts of deals won in the period (dated by close date), per team and rep "
                     "(the first KPI of a baseline). Won deals without an amount are skipped and counted.")
def new_revenue(ctx, **_):
    o = _opps(ctx)
    amt = o["amount"]
    won, known = _won(ctx), amt.notna().to_numpy()
    if won.any() and not (won & known).any():
        raise NotComputable("opportunities.amount")     # won deals, none with an amount: no revenue, not 0
    m = won & known
    notes = _skipped(int((won & ~known).sum()), "won deals without amount")
    notes += _skipped(int((m & o["close_date"].isna().to_numpy()).sum()), "won deals without close_date")
    # a month whose won deals all lack an amount has an unknown revenue, not 0
    return ctx.aggregate("opportunities", o["close_date"], mask=m, num=amt, date_key="close_date",
                         unknown=won & ~known), notes


@register("deals_won", kind="result", klass="business", unit="count", direction="higher", tables=("opportunities",),
          date="close_date", basis="event", stat="sum",
          definition="Number of deals won in the period, dated by close date (deals without a close date are skipped "
                     "and counted in the note; a won row of a negative amount is a credit note, no deal).")
def deals_won(ctx, **_):
    o = _opps(ctx)
    return ctx.aggregate("opportunities", o["close_date"], mask=_won_deals(ctx), date_key="close_date"), \
        _skipped(int((_won_deals(ctx) & o["close_date"].isna().to_numpy()).sum()), "won deals without close_date")


@register("deals_lost", kind="result", klass="business", unit="count", direction="lower", tables=("opportunities",),
          date="close_date", basis="event", stat="sum",
          definition="Number of deals lost in the period, dated by close date. Lower is better only together with "
                     "a healthy number of deals won.")
def deals_lost(ctx, **_):
    o = _opps(ctx)
    return ctx.aggregate("opportunities", o["close_date"], mask=_lost(ctx), date_key="close_date"), []


@register("new_opportunities", kind="result", klass="business", unit="count", direction="higher",
          tables=("opportunities",), date="created_at", basis="event", stat="sum",
          definition="Deals created in the period, whether won, lost or still open now: the pipeline the team "
                     "builds.")
def new_opportunities(ctx, **_):
    o = _opps(ctx)
    if o["created_at"].isna().all():
        raise NotComputable("opportunities.created_at")   # a list of won deals without creation dates: unknown, not 0
    return ctx.aggregate("opportunities", o["created_at"], date_key="created_at"), []


@register("new_leads", kind="result", klass="business", unit="count", direction="higher", tables=("leads",),
          date="created_at", basis="event", stat="sum",
          definition="Leads created in the period. Split by source_class (marketing / sales) with "
                     "by=['source_class']; the class comes from the lead row or the client's lead_definitions.")
def new_leads(ctx, source_class: str | None = None, **_):
    lead = ctx.data.leads
    mask = None
    if source_class:
        mask = _b(ctx.lead_source_class(lead) == source_class)
    return ctx.aggregate("leads", lead["created_at"], mask=mask, date_key="created_at"), []


@register("leads_converted", kind="result", klass="business", unit="count", direction="higher", tables=("leads",),
          date="converted_at", basis="event", stat="sum",
          definition="Leads converted into an opportunity in the period, dated by conversion date.")
def leads_converted(ctx, **_):
    return ctx.aggregate("leads", ctx.data.leads["converted_at"], date_key="converted_at"), []


@register("new_customers", kind="result", klass="business", unit="count", direction="higher", tables=("opportunities",),
          date="close_date of the account's first won deal", basis="event", stat="sum",
          definition="Accounts whose first ever won deal closed in the period (attributed to that deal's owner).")
def new_customers(ctx, **_):
    o = _opps(ctx)
    w = o[_won_deals(ctx) & o["close_date"].notna().to_numpy() & o["account_id"].notna().to_numpy()]
    first = w.sort_values(["close_date", "opportunity_id"]).drop_duplicates("account_id")
    return ctx.aggregate("opportunities", first["close_date"], frame=first), []


def _pipeline(ctx: Context, weighted: bool):
    o = _opps(ctx)
    amt = _f(o["amount"])
    prob_now = _f(o["probability"])
    notes: list[str] = []
    hist = None
    if weighted and ctx.data.has("opportunity_history"):
        h = ctx.data.opportunity_history
        h = h[h["probability"].notna()].sort_values("changed_at")
        hist = (h, pd.Index(o["opportunity_id"]))
        notes.append("probability as recorded in opportunity history at each period end")
    elif weighted:
        notes.append("probability as of today (no opportunity history): past periods use current probabilities")

    def per_t(t):
        w = amt
        if weighted:
            prob = prob_now
            if hist is not None:
                h, idx = hist
                last = h[h["changed_at"] <= t].drop_duplicates("opportunity_id", keep="last")
                p_t = last.set_index("opportunity_id")["probability"].reindex(idx).to_numpy(dtype="float64",
                                                                                              na_value=np.nan)
                prob = np.where(np.isnan(p_t), prob_now, p_t)
            w = amt * prob
        is_open = _open_at(ctx, t)
        return is_open & ~np.isnan(w), w, None, is_open & np.isnan(w)
    if (~_closed(ctx)).any() and np.isnan(amt).all():
        raise NotComputable("opportunities.amount")       # open deals, none with an amount: unknown, not 0
    out = _snapshot(ctx, "opportunities", per_t)
    notes += _skipped(int((~_closed(ctx) & np.isnan(amt)).sum()), "open deals without amount")
    return out, notes


@register("open_pipeline_value", kind="result", klass="business", unit="money", direction="higher",
          tables=("opportunities",),
          date="snapshot at period end (or as_of)", basis="snapshot", stat="sum",
          definition="Sum of amounts of deals open at the end of the period (created before it and not yet won "
                     "or lost). Won and lost deals never count.")
def open_pipeline_value(ctx, **_):
    return _pipeline(ctx, weighted=False)


@register("open_deals", kind="result", klass="business", unit="count", direction="higher",
          tables=("opportunities",),
          date="snapshot at period end (or as_of)", basis="snapshot", stat="sum",
          definition="Number of deals open at the end of the period (created before it and not yet won or lost), "
                     "with or without an amount.")
def open_deals(ctx, **_):
    return _snapshot(ctx, "opportunities", lambda t: (_open_at(ctx, t), None, None)), []


@register("weighted_pipeline", kind="result", klass="business", unit="money", direction="higher",
          tables=("opportunities",),
          date="snapshot at period end (or as_of)", basis="snapshot", stat="sum",
          definition="Σ amount × probability of the deals open at the end of the period; the probability at "
                     "that time from opportunity history when available, else today's (noted).")
def weighted_pipeline(ctx, **_):
    return _pipeline(ctx, weighted=True)


def _costed_won(ctx: Context) -> np.ndarray | None:
    """Won deals with an amount and a cost; None when the client has no deals (its financials may say more)."""
    if not ctx.data.has("opportunities"):
        return None
    o = _opps(ctx)
    return _won(ctx) & o["amount"].notna().to_numpy() & o["cost"].notna().to_numpy()


# no table is required: deals with a cost, else the financials (a client may export only the latter)
@register("gross_margin", kind="result", klass="business", unit="money", direction="higher", tables=(),
          date="close_date of won deals (or financials month)", basis="event", stat="sum",
          definition="Won amount − cost of the won deals in the period; if deals carry no cost, the "
                     "financials' gross_margin per month.")
def gross_margin(ctx, **_):
    has = _costed_won(ctx)
    if has is not None and has.any():
        o = _opps(ctx)
        notes = _skipped(int((_won(ctx) & ~has).sum()), "won deals without amount or cost")
        return ctx.aggregate("opportunities", o["close_date"], mask=has, num=_f(o["amount"]) - _f(o["cost"]),
                             date_key="close_date"), notes
    return _financials(ctx, "gross_margin")


def _financials(ctx: Context, col: str, den_col: str | None = None):
    if not ctx.data.has("financials"):
        return None, [needs_note(NotComputable("financials or a cost per deal"))]
    f = ctx.data.financials
    if ctx.by:
        return None, [f"financials have no split by {', '.join(ctx.by)}"]
    if den_col:
        out = ctx.aggregate("financials", f["month"], num=f[col], den=f[den_col], stat="ratio")
    else:
        out = ctx.aggregate("financials", f["month"], num=f[col], fill_zero=False)
    return out, ["from financials"]


@register("cases_closed", kind="result", klass="business", unit="count", direction="higher", tables=("cases",),
          date="closed_at", basis="event", stat="sum",
          definition="Service cases closed in the period, dated by closing time (for the whole desk, a team or an "
                     "agent).")
def cases_closed(ctx, **_):
    # a case without closed_at is still open, not a row with a missing date: no "skipped" note
    return ctx.aggregate("cases", ctx.data.cases["closed_at"], date_key="closed_at"), []


@register("marketing_spend", kind="insight", klass="business", unit="money", direction="lower",
          tables=("marketing_spend",), date="month", basis="event", stat="sum",
          definition="Money spent on marketing (campaigns, advertising) in the period, as the spend export gives it.")
def marketing_spend(ctx, **_):
    s = ctx.data.marketing_spend
    known = s["amount"].notna().to_numpy()
    if not known.any():
        raise NotComputable("marketing_spend.amount")    # an ad report without a cost column: unknown, not 0
    # a month whose rows all lack an amount spent an unknown sum, not 0
    return ctx.aggregate("marketing_spend", s["month"], mask=known, num=s["amount"], unknown=~known), \
        _skipped(int((~known).sum()), "spend rows without an amount")


def _ad_sum(ctx: Context, col: str) -> tuple[pd.DataFrame, list[str]]:
    """The sum of an ad platform's column (clicks, conversions) per period; rows without it are counted."""
    s = ctx.data.require("marketing_spend", col)
    return ctx.aggregate("marketing_spend", s["month"], num=s[col].fillna(0.0), mask=s[col].notna()), \
        _skipped(int(s[col].isna().sum()), f"spend rows without {col}")


def _ad_ratio(ctx: Context, num: str, den: str) -> pd.DataFrame:
    """Σnum / Σden of the spend rows that have both (cost per click: a row without clicks says nothing)."""
    s = ctx.data.require("marketing_spend", num, den)
    both = s[num].notna() & s[den].notna()
    return ctx.aggregate("marketing_spend", s["month"], mask=both, num=s[num].fillna(0.0),
                         den=s[den].fillna(0.0), stat="ratio")


@register("ad_clicks", kind="result", klass="business", unit="count", direction="higher",
          tables=("marketing_spend",), date="month", basis="event", stat="sum",
          definition="Clicks on the ads in the period, as the ad platform's export gives them.")
def ad_clicks(ctx, **_):
    return _ad_sum(ctx, "clicks")


@register("ad_conversions", kind="result", klass="business", unit="count", direction="higher",
          tables=("marketing_spend",), date="month", basis="event", stat="sum",
          definition="Conversions the ad platform counts after a click on an ad (sign-ups, purchases) in the period.")
def ad_conversions(ctx, **_):
    return _ad_sum(ctx, "conversions")


@register("cost_per_click", kind="insight", klass="business", unit="money", direction="lower",
          tables=("marketing_spend",), date="month", basis="event", stat="ratio",
          definition="Marketing spend / clicks in the period, over the spend rows that give both. No clicks → "
                     "no cost per click (not 0).")
def cost_per_click(ctx, **_):
    return _ad_ratio(ctx, "amount", "clicks"), []


@register("click_through_rate", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("marketing_spend",), date="month", basis="event", stat="ratio",
          definition="Clicks / impressions (ads shown) in the period, over the spend rows that give both.")
def click_through_rate(ctx, **_):
    return _ad_ratio(ctx, "clicks", "impressions"), []


@register("cost_per_conversion", kind="insight", klass="business", unit="money", direction="lower",
          tables=("marketing_spend",), date="month", basis="event", stat="ratio",
          definition="Marketing spend / conversions after a click in the period, over the spend rows that give "
                     "both. No conversions → undefined (not 0).")
def cost_per_conversion(ctx, **_):
    return _ad_ratio(ctx, "amount", "conversions"), []


@register("cases_opened", kind="insight", klass="business", unit="count", direction="lower", tables=("cases",),
          date="opened_at", basis="event", stat="sum",
          definition="Service cases opened in the period, dated by opening time: the demand the service desk meets.")
def cases_opened(ctx, **_):
    return _dated_count(ctx, "cases", "opened_at")


# --------------------------------------------------------------------------------------
# insight KPIs
# --------------------------------------------------------------------------------------
@register("win_rate", kind="insight", klass="business", unit="ratio", direction="higher", tables=("opportunities",),
          date="close_date (basis 'decided') or created_at (basis 'cohort')", basis="event", stat="ratio",
          options={"basis": "decided"},
          definition="Won / (won + lost). Default basis 'decided': deals decided in the period, dated by close "
                     "date. Basis 'cohort': of the deals created in the period, the share won among those "
                     "decided so far. Open deals never count. No decided deals → no win rate (not 0).")
def win_rate(ctx, basis: str = "decided", **_):
    o = _opps(ctx)
    won = _won_deals(ctx)
    decided = won | _lost(ctx)
    if basis == "decided":
        return ctx.aggregate("opportunities", o["close_date"], mask=decided, num=won, stat="ratio",
                             date_key="close_date"), ["basis: deals decided in period"]
    if basis == "cohort":
        return ctx.aggregate("opportunities", o["created_at"], mask=decided, num=won, stat="ratio",
                             date_key="created_at"), ["basis: cohort of deals created in period"]
    raise ValueError(f"win_rate basis must be 'decided' or 'cohort', got {basis!r}")


@register("average_deal_size", kind="insight", klass="business", unit="money", direction="higher",
          tables=("opportunities",),
          date="close_date of won deals", basis="event", stat="ratio",
          definition="Total won amount / number of won deals with an amount (an amount of 0 is none; a negative "
                     "one, a credit note, lowers the total and is no deal).")
def average_deal_size(ctx, **_):
    o = _opps(ctx)
    # a won deal at 0 is more often one nobody priced (Bitrix24 leaves OPPORTUNITY at 0 until someone fills it):
    # counted, it made a third of July 2021's "RUB3,333,333", 3 deals where 2 carried an amount
    m = _won(ctx) & o["amount"].notna().to_numpy() & o["amount"].ne(0).to_numpy()
    # a credit note lowers the won amount and is no deal of its own
    return ctx.aggregate("opportunities", o["close_date"], mask=m, num=o["amount"],
                         den=_b(o["amount"] > 0).astype("float64"), stat="ratio", date_key="close_date"), []


@register("sales_cycle_days", kind="insight", klass="business", unit="days", direction="lower",
          tables=("opportunities",),
          date="close_date of won deals", basis="event", stat="median", options={"stat": "median"},
          definition="Days from creation to close of deals won in the period: median (default; mean = "
                     "numerator / denominator, or stat='mean').")
def sales_cycle_days(ctx, stat: str = "median", **_):
    o = _opps(ctx)
    days = _elapsed(_ns(o["created_at"]).astype("datetime64[D]").astype("datetime64[ns]"), _ns(o["close_date"]),
                    NS_PER_DAY)
    # a credit note has no sales cycle of its own (it corrects a deal already counted)
    return ctx.aggregate("opportunities", o["close_date"], mask=_won_deals(ctx), val=days, stat=stat,
                         date_key="close_date"), [f"{stat} of won deals"]


def _cohort(ctx: Context, table: str, entry: pd.Series, success: pd.Series, window: int,
            mask: np.ndarray | None = None, success_mask: np.ndarray | None = None):
    e = _ns(entry)
    s = _ns(success)
    ok = ~np.isnat(s) & (s >= e) & ((s - e) <= np.timedelta64(window, "D"))
    if success_mask is not None:
        ok &= success_mask
    m = ~np.isnat(e) if mask is None else (mask & ~np.isnat(e))
    mature = m & ((e + np.timedelta64(window, "D")) <= np.datetime64(ctx.as_of, "ns"))
    out = ctx.aggregate(table, entry, mask=mature, num=ok, stat="ratio")
    imm = ctx.aggregate(table, entry, mask=m & ~mature)
    n_imm = imm["n"].to_numpy()
    out["note"] = np.where(n_imm > 0, [f"{k} not yet mature (window {window} days) excluded" for k in n_imm], "")
    return out, [f"cohort by entry date, maturity window {window} days"]


@register("sql_to_customer", kind="insight", klass="business", unit="ratio", direction="higher", tables=("leads",),
          date="sql_at (cohort)", basis="cohort", stat="ratio", options={"window_days": 180},
          definition="Of the leads that became SQL in the period, the share converted to a won deal within the "
                     "window (default 180 days); needs converted_opportunity_id and opportunities.")
def sql_to_customer(ctx, window_days: int = 180, **_):
    lead = ctx.data.leads
    o = _opps(ctx)
    won_ids = set(o.loc[_won(ctx), "opportunity_id"])
    won_close = o.loc[_won(ctx)].set_index("opportunity_id")["close_date"]
    success = lead["converted_opportunity_id"].map(won_close)
    sm = _b(lead["converted_opportunity_id"].isin(won_ids))
    return _cohort(ctx, "leads", lead["sql_at"], pd.to_datetime(success), window_days, success_mask=sm)


#: lead cohorts: (id, entry date, success date, window, date in words, definition) — one pattern, one loop
_LEAD_COHORTS = (
    ("mql_to_sql", "mql_at", "sql_at", 90, "mql_at (cohort)",
     "Of the leads that became marketing-qualified (MQL) in the period, the share that became sales-qualified "
     "(SQL) within the maturity window (default 90 days). Cohorts whose window has not ended by the report date "
     "are excluded, not counted as failures."),
    ("lead_to_opportunity", "created_at", "converted_at", 90, "created_at (cohort)",
     "Of the leads created in the period, the share converted to an opportunity within the window (default 90 "
     "days)."),
)
for _id, _entry, _success, _days, _date, _text in _LEAD_COHORTS:
    def _fn(ctx, window_days: int = _days, _e=_entry, _s=_success, **_):
        lead = ctx.data.leads
        return _cohort(ctx, "leads", lead[_e], lead[_s], window_days)
    register(_id, _fn, kind="insight", klass="business", unit="ratio", direction="higher", tables=("leads",),
             date=_date, basis="cohort", stat="ratio", options={"window_days": _days}, definition=_text)


def conversion_known(lead: pd.DataFrame) -> bool:
    """Whether a lead export says anything of conversion: a converted flag or a conversion date in some row."""
    return any(c in lead and bool(lead[c].notna().any()) for c in ("converted", "converted_at"))


def lead_converted(lead: pd.DataFrame) -> pd.Series:
    """Whether each lead converted: its converted flag, else a conversion date."""
    flag = lead["converted"].astype("boolean") if "converted" in lead else pd.Series(pd.NA, index=lead.index,
                                                                                      dtype="boolean")
    return flag.fillna(lead["converted_at"].notna()).astype(bool)


@register("lead_conversion_rate", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("leads",), date="created_at (cohort)", basis="cohort", stat="ratio",
          definition="Of the leads created in the period, the share converted so far (a conversion date or the "
                     "export's converted flag), however long it took: recent months rise as their leads convert.")
def lead_conversion_rate(ctx, **_):
    lead = ctx.data.leads
    if not conversion_known(lead):                # a contact list that never says who converted: unknown, not 0 %
        raise NotComputable("leads.converted_at")
    return ctx.aggregate("leads", lead["created_at"], num=lead_converted(lead).to_numpy(), stat="ratio",
                         date_key="created_at"), []


@register("quote_to_customer", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("quotes",), counts=("status",),
          date="sent_at (cohort)", basis="cohort", stat="ratio", options={"window_days": 90},
          definition="Of the quotes sent in the period, the share accepted within the window (default 90 days).")
def quote_to_customer(ctx, window_days: int = 90, **_):
    q = ctx.data.quotes
    acc = _b(q["status"].astype("string").str.lower() == "accepted")
    return _cohort(ctx, "quotes", q["sent_at"], q["decided_at"], window_days, success_mask=acc)


@register("conversations_per_won_deal", kind="insight", klass="business", unit="count", direction="lower",
          tables=("activities", "opportunities"),
          date="activity date / close_date", basis="event", stat="ratio",
          definition="Sales conversations in the period / deals won in the period (efficiency of activity).")
def conversations_per_won_deal(ctx, **_):
    num, n1 = sales_conversations(ctx)
    den, n2 = deals_won(ctx)
    return _combine(num, den, ctx.by), n1 + n2


@register("margin_rate", kind="insight", klass="business", unit="ratio", direction="higher", tables=(),
          date="close_date of won deals (or financials month)", basis="event", stat="ratio",
          definition="Net profit / net revenue: (won amount − cost) / won amount for won deals with a "
                     "cost; else financials gross_margin / revenue.")
def margin_rate(ctx, **_):
    has = _costed_won(ctx)
    if has is not None and has.any():
        o = _opps(ctx)
        return ctx.aggregate("opportunities", o["close_date"], mask=has, num=_f(o["amount"]) - _f(o["cost"]),
                             den=o["amount"], stat="ratio", date_key="close_date"), []
    return _financials(ctx, "gross_margin", "revenue")


def _growth(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    f = frame.sort_values([*by, "period_start"]).copy()
    prev = f.groupby(by, dropna=False)["value"].shift(1) if by else f["value"].shift(1)
    f["numerator"] = f["value"] - prev
    f["denominator"] = prev
    with np.errstate(invalid="ignore", divide="ignore"):
        f["value"] = np.where(prev.fillna(0) != 0, f["numerator"] / prev.where(prev != 0), np.nan)
    f["note"] = np.where(prev.isna(), "no previous period", np.where(prev == 0, "previous period is 0", ""))
    return f.sort_values(["period_start", *by]).reset_index(drop=True)


@register("revenue_growth_mom", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("opportunities",),
          date="close_date of won deals", basis="event", stat="ratio",
          definition="(new revenue this period − previous period) / previous period; month on month with "
                     "period='M'. No revenue in the previous period → undefined.")
def revenue_growth_mom(ctx, **_):
    f, notes = new_revenue(ctx)
    return _growth(f, ctx.by), notes


@register("pipeline_growth", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("opportunities",),
          date="snapshot at period end", basis="snapshot", stat="ratio",
          definition="(open pipeline at period end − at previous period end) / previous.")
def pipeline_growth(ctx, **_):
    f, notes = open_pipeline_value(ctx)
    return _growth(f, ctx.by), notes


@register("pipeline_coverage", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("opportunities",),
          date="snapshot at period end", basis="snapshot", stat="ratio", options={"target": None},
          definition="Open pipeline expected to close in the next period / the revenue target of that period. "
                     "Without a target option, the mean new revenue of the last 3 periods stands in (noted).")
def pipeline_coverage(ctx, target: float | None = None, **_):
    o = _opps(ctx)
    amt = _f(o["amount"])
    close = _ns(o["close_date"])
    codes = ctx.axis.codes(close)

    def per_t(t):
        nxt = ctx.axis.code(t) + 1
        return _open_at(ctx, t) & (codes == nxt) & ~np.isnan(amt), amt, None
    num = _snapshot(ctx, "opportunities", per_t)
    if target is not None:
        den = num.copy()
        den["numerator"] = float(target)
        notes = [f"target {target:,.0f} per period"]
    else:
        rev, _ = new_revenue(ctx)
        rev = rev.sort_values([*ctx.by, "period_start"])
        grp = rev.groupby(ctx.by, dropna=False)["value"] if ctx.by else rev["value"]
        rev["numerator"] = grp.transform(lambda s: s.rolling(3, min_periods=3).mean()) if ctx.by else \
            rev["value"].rolling(3, min_periods=3).mean()
        den = rev
        notes = ["no target given: denominator is the mean new revenue of the last 3 periods"]
    return _combine(num, den, ctx.by), notes


@register("pipeline_velocity", kind="insight", klass="business", unit="money", direction="higher",
          tables=("opportunities",),
          date="period (open deals at its end; win rate, deal size, cycle of deals closed in it)", basis="snapshot",
          stat="ratio",
          definition="Open deals × win rate × average deal size / mean sales-cycle days: expected revenue per "
                     "day flowing through the pipeline. Recomputed from its parts at every grain.")
def pipeline_velocity(ctx, **_):
    keys = ["period", "period_start", *ctx.by]
    o = _opps(ctx)
    open_n = _snapshot(ctx, "opportunities", lambda t: (_open_at(ctx, t), None, None))
    wr, _ = win_rate(ctx)
    ads, _ = average_deal_size(ctx)
    cyc, _ = sales_cycle_days(ctx, stat="mean")
    del o
    m = open_n[keys + ["value"]].rename(columns={"value": "open"})
    for name, f in (("wr", wr), ("ads", ads), ("cyc", cyc)):
        m = m.merge(f[keys + ["value"]].rename(columns={"value": name}), on=keys, how="left")
    m["numerator"] = m["open"] * m["wr"] * m["ads"]
    m["denominator"] = m["cyc"]
    with np.errstate(invalid="ignore", divide="ignore"):
        m["value"] = np.where(m["cyc"] > 0, m["numerator"] / m["cyc"], np.nan)
    m["n"] = m["open"].fillna(0).astype("int64")
    note = pd.Series("", index=m.index, dtype=object)         # object: the note stays a Note, not its words
    note[np.isnan(m["value"])] = needs_note(NotComputable("won and lost deals in the period"))
    m["note"] = note
    return m.drop(columns=["open", "wr", "ads", "cyc"]), []


@register("pipeline_realisation_rate", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("opportunities", "opportunity_history"), date="period start (expected close in period)",
          basis="snapshot",
          stat="ratio", options={"min_deals": 30},
          definition="Of the pipeline that, at the start of the period, was open and expected to close in it "
                     "(per opportunity history), the share of its value actually won in the period. Refuses "
                     "(insufficient history) below a minimum number of deals (default 30).")
def pipeline_realisation_rate(ctx, min_deals: int = 30, **_):
    h = ctx.data.opportunity_history.sort_values(["opportunity_id", "changed_at"]).reset_index(drop=True)
    o = _opps(ctx).drop_duplicates("opportunity_id").set_index("opportunity_id")
    codes = np.arange(ctx.first, ctx.last + 1)
    starts = np.array([ctx.axis.start(c) for c in codes], dtype="datetime64[ns]")
    ends = np.array([ctx.axis.end(c) for c in codes], dtype="datetime64[ns]")
    ch = _ns(h["changed_at"])
    nxt = h.groupby("opportunity_id")["changed_at"].shift(-1)
    nx = _ns(nxt)
    nx = np.where(np.isnat(nx), np.datetime64("2262-01-01", "ns"), nx)
    lo = np.searchsorted(starts, ch, side="left")
    hi = np.searchsorted(starts, nx, side="left")
    span = np.clip(hi - lo, 0, None)
    rows = np.repeat(np.arange(len(h)), span)
    pidx = np.repeat(lo, span) + (np.arange(span.sum()) - np.repeat(np.cumsum(span) - span, span))
    st = h["status"].astype("string").str.lower().to_numpy(dtype=object, na_value="")[rows]
    cd = _ns(h["close_date"])[rows]
    amt_h = _f(h["amount"])[rows]
    ids = h["opportunity_id"].to_numpy(dtype=object)[rows]
    final_status = o["status"].reindex(ids).astype("string").str.lower().to_numpy(dtype=object, na_value="")
    final_close = o["close_date"].reindex(ids).to_numpy(dtype="datetime64[ns]")
    final_amt = o["amount"].reindex(ids).to_numpy(dtype="float64", na_value=np.nan)
    amt = np.where(np.isnan(amt_h), final_amt, amt_h)
    expected = (st == "open") & (cd >= starts[pidx]) & (cd <= ends[pidx]) & ~np.isnan(amt)
    won = expected & (final_status == "won") & (final_close >= starts[pidx]) & (final_close <= ends[pidx])
    n_exp = int(expected.sum())
    frame = pd.DataFrame({"opportunity_id": ids[expected], "date": starts[pidx][expected],
                          "num": np.where(won, np.nan_to_num(final_amt), 0.0)[expected],
                          "den": amt[expected]})
    frame = frame.merge(o.reset_index()[["opportunity_id", *[c for c in ("owner_id", "account_id", "region",
                                                                            "industry", "product_group", "product")
                                                                   if c in o.reset_index()]]],
                        on="opportunity_id", how="left")
    out = ctx.aggregate("opportunities", frame["date"], frame=frame, num=frame["num"], den=frame["den"],
                        stat="ratio")
    if n_exp < min_deals:
        out["value"] = np.nan
        out["note"] = f"insufficient history: {n_exp} deals, need {min_deals}"
        return out, [f"insufficient history: {n_exp} deals, need {min_deals}"]
    return out, [f"{n_exp} deal-periods expected to close"]


@register("stale_deals", kind="insight", klass="usage", unit="count", direction="lower", tables=("opportunities",),
          date="as_of", basis="as_of", stat="sum", options={"days": 30},
          definition="Open deals with no change (creation, stage change in history, or activity) in the last "
                     "N days (default 30) before the report date.")
def stale_deals(ctx, days: int = 30, **_):
    hyg, _ = opportunity_hygiene(ctx, days=days)
    out = hyg.copy()
    out["value"] = out["denominator"] - out["numerator"]
    out["numerator"] = out["value"]
    out["denominator"] = np.nan
    return out, [f"no change in {days} days"]


@register("cost_per_lead", kind="insight", klass="business", unit="money", direction="lower",
          tables=("marketing_spend", "leads"),
          date="month (spend) / created_at (leads)", basis="event", stat="ratio",
          definition="Marketing spend / new leads in the period; split by channel or campaign_id "
                     "(leads get the channel of their campaign).")
def cost_per_lead(ctx, **_):
    allowed = {"channel", "campaign_id"}
    if set(ctx.by) - allowed:
        return None, [f"cost_per_lead can only be split by {', '.join(sorted(allowed))}"]
    s = ctx.data.marketing_spend
    spend = ctx.aggregate("marketing_spend", s["month"], num=s["amount"])
    leads = ctx.aggregate("leads", ctx.data.leads["created_at"], date_key="created_at")
    return _combine(spend, leads, ctx.by), []


@register("attributed_revenue", kind="insight", klass="business", unit="money", direction="higher",
          tables=("opportunities", "touchpoints"), date="close_date of won deals", basis="event", stat="sum",
          options={"model": "linear", "window": 30},
          definition="Won revenue credited to campaigns through the lead's touchpoints before the deal was "
                     "created: first_touch, last_touch, linear (equal shares), or view_through(window days: "
                     "only touches within the window). Deals without touches are credited to '(none)', so the "
                     "total always equals new revenue.")
def attributed_revenue(ctx, model: str = "linear", window: int = 30, **_):
    import re
    m = re.fullmatch(r"view_through\((\d+)\)", str(model))
    if m:
        model, window = "view_through", int(m.group(1))
    if model not in ("first_touch", "last_touch", "linear", "view_through"):
        raise ValueError(f"attribution model must be first_touch, last_touch, linear or view_through(days), "
                         f"got {model!r}")
    o = _opps(ctx)
    w = o[_won(ctx) & o["amount"].notna().to_numpy()]
    t = ctx.data.touchpoints[["lead_id", "touched_at", "campaign_id"]].dropna(subset=["lead_id", "touched_at"])
    j = w[["opportunity_id", "lead_id", "created_at"]].dropna(subset=["lead_id"]).merge(t, on="lead_id")
    j = j[j["touched_at"] <= j["created_at"]]
    if model == "view_through":
        j = j[j["touched_at"] >= j["created_at"] - pd.Timedelta(days=window)]
    j = j.sort_values(["opportunity_id", "touched_at"])
    if model == "first_touch":
        j = j.drop_duplicates("opportunity_id", keep="first").assign(share=1.0)
    elif model == "last_touch":
        j = j.drop_duplicates("opportunity_id", keep="last").assign(share=1.0)
    else:
        j = j.assign(share=1.0 / j.groupby("opportunity_id")["lead_id"].transform("size"))
    credited = j[["opportunity_id", "campaign_id", "share"]]
    none = w.loc[~w["opportunity_id"].isin(credited["opportunity_id"]), ["opportunity_id"]].assign(
        campaign_id="(none)", share=1.0)
    cr = pd.concat([credited, none], ignore_index=True)
    frame = cr.merge(w.drop(columns=["campaign_id"]), on="opportunity_id", how="left")
    frame["credit"] = frame["share"] * frame["amount"]
    out = ctx.aggregate("opportunities", frame["close_date"], frame=frame, num=frame["credit"])
    return out, [f"model {model}" + (f"({window} days)" if model == "view_through" else "")]


# service -------------------------------------------------------------------------------------
@register("cases_per_agent", kind="action", klass="business", unit="count", direction="higher", tables=("cases",),
          date="closed_at", basis="event", stat="ratio",
          definition="Cases closed / number of agents who closed at least one case in the period (per agent: "
                     "their own count). High volume alone is not success: fast agents may leave customers unhappy.")
def cases_per_agent(ctx, **_):
    c = ctx.data.cases
    idx = ctx.period_index(c["closed_at"])
    ok = idx >= 0
    frame = c[ok]
    pairs = frame.assign(_p=idx[ok]).drop_duplicates(["_p", "agent_id"])
    num = ctx.aggregate("cases", c["closed_at"], date_key="closed_at")
    den = ctx.aggregate("cases", pairs["closed_at"], frame=pairs)
    return _combine(num, den, ctx.by), []


@register("same_day_closure_rate", kind="insight", klass="business", unit="ratio", direction="higher",
          tables=("cases",), counts=("closed_at",),
          date="opened_at", basis="event", stat="ratio",
          definition="Of the cases opened in the period, the share closed on the same calendar day.")
def same_day_closure_rate(ctx, **_):
    c = ctx.data.cases
    same = _b(c["closed_at"].dt.normalize() == c["opened_at"].dt.normalize())
    return ctx.aggregate("cases", c["opened_at"], num=same, stat="ratio", date_key="opened_at"), []




@register("resolved_on_time", kind="result", klass="business", unit="ratio", direction="higher",
          tables=("cases",), counts=("due_at",),
          date="closed_at", basis="event", stat="ratio",
          definition="Of the cases closed in the period that had a time to be resolved by (their service level's), "
                     "the share closed by that time.")
def resolved_on_time(ctx, **_):
    c = ctx.data.require("cases", "closed_at", "due_at")
    due = c["due_at"].notna().to_numpy()
    # a date without a time of day is due by the end of that day
    by = c["due_at"].where(c["due_at"] != c["due_at"].dt.normalize(), c["due_at"] + pd.Timedelta(days=1, seconds=-1))
    kept = _b(c["closed_at"] <= by)
    return (ctx.aggregate("cases", c["closed_at"], mask=due, num=kept, stat="ratio", date_key="closed_at"),
            _skipped(int((~due & c["closed_at"].notna().to_numpy()).sum()), "closed cases without a due time"))


def resolved_cases(c: pd.DataFrame) -> np.ndarray | None:
    """Whether each case is resolved: it has a closing time, or its status says it is done.

    None when the export tells neither (no closing time and no status on any case). A call log has
    no closing times but says per call whether it was resolved.
    """
    closed = c["closed_at"].notna().to_numpy()
    status = c["status"].astype("string").str.strip().str.lower()
    if not closed.any() and not status.notna().any():
        return None
    words = pd.Series(status.dropna().unique(), dtype="string")
    return closed | _b(status.isin(set(words[says_resolved(words).to_numpy(bool)])))


def is_call_log(data: Any) -> bool:
    """Cases without a closing time that say whether each was resolved or answered: a call log.

    A call is handled while it lasts; what it leaves is its rating, whether it was answered and whether it was
    resolved. A contact centre's queue log without a status (Telia's: answered or not) read as a help desk whose
    cases never closed, a doubt above page 1.
    """
    return (data.has("cases", "status") or data.has("cases", "answered")) and not data.has("cases", "closed_at")


@register("resolved_share", kind="result", klass="business", unit="ratio", direction="higher", tables=("cases",),
          date="opened_at", basis="cohort", stat="ratio",
          definition="Of the cases opened in the period, the share resolved by the export's date: closed, or with a "
                     "status of closed or resolved (a call log's calls resolved on the call). A case with neither a "
                     "status nor a closing time, in an export that gives statuses, is not counted.")
def resolved_share(ctx, **_):
    c = ctx.data.table("cases")
    done = resolved_cases(c)
    if done is None:
        raise NotComputable("cases.status")          # or a closing time: neither is in the export
    # where the export gives statuses, a case with neither a status nor a closing time says nothing
    told = c["status"].notna().to_numpy()
    known = done | told if told.any() else None
    return ctx.aggregate("cases", c["opened_at"], mask=known, num=done.astype(float), stat="ratio",
                         date_key="opened_at"), []


def _hours(a: pd.Series, b: pd.Series) -> np.ndarray:
    return _elapsed(_ns(a), _ns(b), 3.6e12)


@register("time_to_resolution_hours", kind="insight", klass="business", unit="hours", direction="lower",
          tables=("cases",),
          date="closed_at", basis="event", stat="median", options={"stat": "median"},
          definition="Hours from opening to closing of the cases closed in the period (median; mean = "
                     "numerator / denominator).")
def time_to_resolution_hours(ctx, stat: str = "median", **_):
    c = ctx.data.require("cases", "opened_at", "closed_at")      # without either, no hours: "needs", not "no rows"
    return ctx.aggregate("cases", c["closed_at"], val=_hours(c["opened_at"], c["closed_at"]), stat=stat,
                         date_key="closed_at"), []


@register("first_response_hours", kind="insight", klass="business", unit="hours", direction="lower", tables=("cases",),
          date="opened_at", basis="event", stat="median", options={"stat": "median"},
          definition="Hours from opening to first response, cases opened in the period (median).")
def first_response_hours(ctx, stat: str = "median", **_):
    c = ctx.data.require("cases", "opened_at", "first_response_at")
    return ctx.aggregate("cases", c["opened_at"], val=_hours(c["opened_at"], c["first_response_at"]), stat=stat,
                         date_key="opened_at"), []


@register("answered_share", kind="insight", klass="business", unit="ratio", direction="higher", tables=("cases",),
          counts=("answered",), date="opened_at", basis="event", stat="ratio",
          definition="Of the calls and chats that came in during the period, the share answered; abandoned and "
                     "missed ones make up the rest. Only those the export says were answered or not are counted.")
def answered_share(ctx, **_):
    # a call centre's first number: its rows are calls that came in, and those nobody picked up are still calls
    c = ctx.data.require("cases", "answered")
    said = c["answered"].notna().to_numpy()
    return ctx.aggregate("cases", c["opened_at"], mask=said, num=_b(c["answered"]), stat="ratio",
                         date_key="opened_at"), []


@register("call_talk_hours", kind="insight", klass="business", unit="hours", direction="higher", tables=("cases",),
          counts=("talk_min",), date="opened_at", basis="event", stat="sum",
          definition="Hours of talk of the calls that came in during the period: the sum of each call's talk time "
                     "as the call log gives it. Calls without a talk time are not counted.")
def call_talk_hours(ctx, **_):
    # a call centre's log gives each call's talk time ("AvgTalkDuration", "Samtaletid"): its hours on the phone
    c = ctx.data.require("cases", "talk_min")
    known = c["talk_min"].notna().to_numpy()
    return ctx.aggregate("cases", c["opened_at"], mask=known, num=c["talk_min"].fillna(0).to_numpy() / 60,
                         stat="sum", date_key="opened_at"), []


def rated_when(c: pd.DataFrame) -> tuple[pd.Series, str, list[str]]:
    """The date a rating belongs to: the case's closing, else (no case of the export has one) its opening.

    A call log has no closing times; its calls are rated when they happen.
    """
    if c["closed_at"].notna().any():
        return c["closed_at"], "closed_at", []
    return c["opened_at"], "opened_at", ["dated by opening: the export has no closing times"]


@register("csat_mean", kind="result", klass="business", unit="score", direction="higher", tables=("cases",),
          date="closed_at, else opened_at", basis="event", stat="mean",
          definition="Mean customer satisfaction score (1–5) of the cases closed in the period that were rated.")
def csat_mean(ctx, **_):
    c = ctx.data.require("cases", "csat")                        # an export without ratings: "needs", not "no rows"
    when, key, notes = rated_when(c)
    return ctx.aggregate("cases", when, val=c["csat"], stat="mean", date_key=key), notes


@register("csat_satisfied_share", kind="result", klass="business", unit="ratio", direction="higher",
          tables=("cases",),
          date="closed_at, else opened_at", basis="event", stat="ratio",
          definition="Share of rated cases closed in the period with a CSAT of 4 or 5 (of a two- or three-answer "
                     "survey: its best answer).")
def csat_satisfied_share(ctx, **_):
    c = ctx.data.require("cases", "csat")
    rated = c["csat"].notna().to_numpy()
    when, key, notes = rated_when(c)
    return ctx.aggregate("cases", when, mask=rated, num=_b(c["csat"] >= 4), stat="ratio", date_key=key), notes


@register("new_subscriptions", kind="result", klass="business", unit="count", direction="higher",
          tables=("contracts",), date="start_date", basis="event", stat="sum",
          definition="Subscriptions that started in the period, dated by their start date.")
def new_subscriptions(ctx, **_):
    k = ctx.data.contracts
    start, _, first = _per_contract(k)
    return (ctx.aggregate("contracts", start, mask=first, date_key="start_date"),
            _skipped(int((first & start.isna().to_numpy()).sum()), "contracts without start_date"))


def _per_contract(k: pd.DataFrame) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Each row's subscription's start and end, and its first row: a subscription kept as slices over time.

    Zuora's charge segments (a quantity changed in March) are rows of one contract id, each with its MRR: the
    subscription started with its first and ends with its last, unless one still runs. Counted per row, the
    second segment was a subscription started in March and the first one ended then.
    """
    start = k["start_date"]
    end = k["end_date"] if "end_date" in k else pd.Series(pd.NaT, index=k.index, dtype="datetime64[ns]")
    if "contract_id" not in k or not k["contract_id"].duplicated().any():
        return start, end, np.ones(len(k), bool)
    ids = k["contract_id"].astype("string")
    known = ids.notna()
    g_start = start.groupby(ids).transform("min")
    running = end.isna().groupby(ids).transform("any").astype(bool)
    g_end = end.groupby(ids).transform("max").where(~running)
    first = (~ids.duplicated() | ~known).to_numpy(bool)
    return g_start.where(known, start), g_end.where(known, end), first


@register("ended_subscriptions", kind="insight", klass="business", unit="count", direction="lower",
          tables=("contracts",), date="end_date", basis="event", stat="sum",
          definition="Subscriptions that ended (were cancelled) in the period, dated by their end date; an export "
                     "without end dates cannot tell them (not 0).")
def ended_subscriptions(ctx, **_):
    k = ctx.data.require("contracts", "end_date")
    start, end, first = _per_contract(k)
    ended = _b(end <= ctx.as_of) & first              # a cancellation dated after the export is one to come
    if "start_date" in k:
        # a trial cancelled before it was ever activated (Maxio's "Activated At" empty) ended nothing that paid
        ended = ended & _b(start <= end)
    return ctx.aggregate("contracts", end, mask=ended, date_key="end_date"), []


def _retention(ctx: Context, churn: bool):
    # no contract with an end date: a churn-free business and an export without ends look alike (unknown, not 100 %)
    k = ctx.data.require("contracts", "end_date")
    start, end, first = _per_contract(k)                                  # a subscription of slices is one
    s, e = _ns(start), _ns(end)
    e2 = np.where(np.isnat(e), np.datetime64("2262-01-01", "ns"), e)      # open-ended contracts

    def per_code(c: int):
        ps, pe = np.datetime64(ctx.axis.start(c), "ns"), np.datetime64(ctx.axis.end(c), "ns")
        active = first & ~np.isnat(s) & (s < ps) & (e2 >= ps)             # active at the period start
        ended = e2 <= pe
        return active, (ended if churn else ~ended).astype(float), None
    return _per_period(ctx, "contracts", per_code, stat="ratio"), ["contracts active at period start"]


@register("retention_rate", kind="result", klass="business", unit="ratio", direction="higher", tables=("contracts",),
          date="period (contracts active at its start)", basis="cohort", stat="ratio",
          definition="Of the contracts active at the start of the period, the share still active at its end.")
def retention_rate(ctx, **_):
    return _retention(ctx, churn=False)


@register("churn_rate", kind="result", klass="business", unit="ratio", direction="lower", tables=("contracts",),
          date="period (contracts active at its start)", basis="cohort", stat="ratio",
          definition="Of the contracts active at the start of the period, the share that ended in it "
                     "(1 − retention).")
def churn_rate(ctx, **_):
    return _retention(ctx, churn=True)


@register("mrr", kind="result", klass="business", unit="money", direction="higher", tables=("contracts",),
          date="snapshot at period end (or as_of)", basis="snapshot", stat="sum",
          definition="Monthly recurring revenue: the sum of the monthly amounts of the contracts active at the end "
                     "of the period (started by then and not yet ended).")
def mrr(ctx, **_):
    k = ctx.data.require("contracts", "mrr")
    s, e, amount = _ns(k["start_date"]), _ns(k["end_date"]), _f(k["mrr"])
    e2 = np.where(np.isnat(e), np.datetime64("2262-01-01", "ns"), e)      # open-ended contracts

    def per_t(t):
        active = ~np.isnat(s) & (s <= np.datetime64(t, "ns")) & (e2 > np.datetime64(t, "ns"))
        # an active contract without an amount leaves the sum unknown where it holds nothing else, not 0
        return active & ~np.isnan(amount), amount, None, active & np.isnan(amount)
    return _snapshot(ctx, "contracts", per_t, max_unknown=MRR_MAX_UNKNOWN), ["contracts active at period end"]


# CRM usage -------------------------------------------------------------------------------------------
@register("records_created_per_user", kind="action", klass="usage", unit="count", direction="higher",
          tables=("opportunities",),
          date="created_at", basis="event", stat="ratio",
          definition="Records (opportunities, activities, leads, accounts) created in the CRM / users who created "
                     "at least one record in the period: whether the CRM is used at all.")
def records_created_per_user(ctx, **_):
    parts = []
    for t in ("opportunities", "activities", "leads", "accounts"):
        if ctx.data.has(t):
            df = ctx.data.table(t)
            parts.append(pd.DataFrame({"owner_id": df["owner_id"].to_numpy(), "created_at": _ns(df["created_at"])}))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame[frame["owner_id"].notna()]
    idx = ctx.period_index(frame["created_at"])
    ok = idx >= 0
    pairs = frame[ok].assign(_p=idx[ok]).drop_duplicates(["_p", "owner_id"])
    num = ctx.aggregate("activities", frame["created_at"], frame=frame)
    den = ctx.aggregate("activities", pairs["created_at"], frame=pairs)
    return _combine(num, den, ctx.by), []


FIELD_COMPLETENESS_FIELDS = ("amount", "close_date", "account_id", "owner_id", "product_group", "lead_source",
                             "probability")


@register("field_completeness", kind="insight", klass="usage", unit="ratio", direction="higher",
          tables=("opportunities",),
          date="created_at", basis="event", stat="ratio",
          definition="Share of key fields filled on opportunities created in the period: amount, close_date, "
                     "account_id, owner_id, product_group, lead_source, probability.")
def field_completeness(ctx, **_):
    o = _opps(ctx)
    fields = [f for f in FIELD_COMPLETENESS_FIELDS if f in o]
    filled = sum(o[f].notna().to_numpy().astype(float) for f in fields)
    return ctx.aggregate("opportunities", o["created_at"], num=filled, den=np.full(len(o), float(len(fields))),
                         stat="ratio", date_key="created_at"), [f"fields: {', '.join(fields)}"]
