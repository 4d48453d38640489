"""The first numbers a client checks, per kind of client, and the checks that they are right.

A sales client first checks its won revenue and deals won in the last months with wins, the
win rate of the report month and the pipeline still open at its end; a help desk the cases
opened and closed per month, the hours to resolution and the satisfaction; a lead file its new
leads per month and their conversion. :func:`headline` computes them with the KPI engine
(:func:`crmanalysis.kpis.compute`, the same numbers ``crmanalysis kpis`` prints);
:func:`headline_checks` names what would make them wrong or empty although the export has the
data (won deals without a close date, deals won without an amount), so that a first page never
says "good" over a wrong or empty number.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import ClientData, NotComputable, called_off, order_list_never, undecided_stages, won_only, won_when_created
from ..i18n import Note, has_key, needs_note, note_frame
from ..kpis.catalogue import conversion_known, is_call_log, lead_converted, resolved_cases
from .kinds import CARDS, KINDS, MAX_CARDS, answer_survey, card_order, client_kinds, thin_card, without_its_activities
from .window import COVERED_DAYS, Window, default_month

__all__ = ["KINDS", "MONTHLY", "OF_MONTH", "client_kinds", "headline", "headline_checks", "checks_markdown",
           "HEADLINE_COLUMNS", "CARDS", "MAX_CARDS", "MIN_EVENTS", "cards", "card_month", "report_month_of",
           "STALE_EVENTS", "STALE_MONTHS"]

#: KPIs per kind: the monthly values shown for the last months with activity (counts, amounts, the MRR at each
#: month's end), then the report month's rates
MONTHLY = {"sales": ("new_revenue", "deals_won"), "subscriptions": ("mrr",),
           "service": ("cases_opened", "cases_closed"), "leads": ("new_leads",),
           "marketing": ("marketing_spend", "ad_clicks", "ad_conversions"),
           "activity": ("sales_conversations", "calls", "meetings", "visits", "emails")}
#: counts an export gives only with a column of its own (a spend sheet from finance has no clicks): without
#: it, no line "needs the clicks" among the numbers to check
OPTIONAL = {"ad_clicks": ("marketing_spend", "clicks"), "ad_conversions": ("marketing_spend", "conversions")}
OF_MONTH = {"sales": ("win_rate", "open_pipeline_value"), "subscriptions": (),
            "service": ("time_to_resolution_hours", "csat_mean"), "leads": ("lead_conversion_rate",), "marketing": (),
            "activity": ()}
HEADLINE_COLUMNS = ["kind", "kpi", "period", "value", "note"]
#: a rate of fewer events than this is said with its count and never ranked against other KPIs
MIN_EVENTS = 10
CARD_COLUMNS = ["kpi", "unit", "direction", "month", "value", "previous", "last_year", "n", "n_previous",
                "n_last_year", "usual", "usual_from", "usual_to", "unpriced"]
#: a month the data start in after this many days is no month to compare with (a partial first month)
PARTIAL_DAYS = COVERED_DAYS
#: an ad seldom converts more than one click in five: more conversions than this share of the clicks are
#: likely counted otherwise (views, several per click), and the cost per conversion reads too low
CONVERSIONS_PER_CLICK = 0.2
#: fewer clicks than this in the export are too few to judge their conversions by
MIN_CLICKS = 100
#: months of history the usual month needs (its median over the year before the card's month)
USUAL_MONTHS = 3


def _window(data: ClientData, month: str) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp] | None:
    """(start, end of the report month, as_of) of the months up to the report month; None before the data."""
    w = Window.of(data, month)
    first = K.data_start(data)
    if first > w.end:
        return None
    return first.normalize(), w.end, w.as_of


def _monthly(data: ClientData, kind: str, month: str, months: int, win: tuple) -> list[dict]:
    """The counts of the last *months* months with activity up to the report month.

    A KPI the data cannot give (cases without an opening time) is one row with its reason.
    """
    ids = [k for k in MONTHLY[kind] if (k not in OPTIONAL or data.has(*OPTIONAL[k])) and not _never(data, k)]
    t = K.compute(data, list(ids), period="M", start=win[0], end=win[1], as_of=win[2])
    dated = t[t["period"].notna()].assign(period=lambda f: f["period"].astype(str))
    given = [k for k in ids if (dated["kpi"] == k).any()]
    rows = [{"kind": kind, "kpi": k, "period": "", "value": np.nan,
             "note": _note(t.loc[t["kpi"] == k, "note"])}
            for k in ids if k not in given]
    if not given:
        return rows
    wide = dated.pivot_table(index="period", columns="kpi", values="value", aggfunc="first").reindex(columns=given)
    active = wide[(wide.fillna(0) > 0).any(axis=1)].tail(months)
    if active.empty:
        return rows + [{"kind": kind, "kpi": given[-1], "period": "", "value": np.nan,
                        "note": Note("hl.none_up_to", month={"month": month})}]
    return rows + [{"kind": kind, "kpi": k, "period": p, "value": float(active.loc[p, k]), "note": ""}
                   for p in reversed(active.index) for k in given]


#: the activities a sales report counts beside its deals, each a number the client finds in the CRM's own lists
BESIDE = ("calls", "meetings", "visits", "emails")


def _activities_beside(data: ClientData, month: str, rows: list[dict]) -> list[dict]:
    """The calls, meetings, visits and e-mails of the months the first numbers show, where activities explain deals.

    Salesforce's demo org logged 2,303 tasks and 2,184 events beside its deals: the numbers to check showed its
    revenue and leads but not one activity count the client could hold against the CRM's lists.
    """
    if "sales" not in client_kinds(data) or not data.has("activities") or not len(data.activities):
        return []
    periods = list(dict.fromkeys(r["period"] for r in rows if r["period"] and r["kind"] != "activity"))
    ids = [k for k in BESIDE if not _never(data, k)]
    win = _window(data, month)
    if not periods or not ids or win is None:
        return []
    t = K.compute(data, ids, period="M", start=win[0], end=win[1], as_of=win[2])
    t = t[t["period"].notna()].assign(period=lambda f: f["period"].astype(str))
    got = t.set_index(["kpi", "period"])["value"]
    return [{"kind": "activity", "kpi": k, "period": p, "value": float(got.get((k, p), 0.0)), "note": ""}
            for p in periods for k in ids]


#: what a call log never has, its calls being taken and never closed: no line "Cases closed: – (needs the
#: closing date of calls)" among the numbers to check
CALL_LOG_NEVER = ("cases_closed", "time_to_resolution_hours")


def _never(data: ClientData, kpi: str) -> bool:
    return (kpi in CALL_LOG_NEVER and is_call_log(data)) or without_its_activities(data, kpi) \
        or kpi in order_list_never(data)


def _note(notes: pd.Series) -> object:
    """The first of a KPI's notes as it is (a note keeps its key and its translations), "" when none."""
    n = notes.iloc[0] if len(notes) else ""
    return n if isinstance(n, str | dict) else ""


def _of_month(data: ClientData, kind: str, month: str, win: tuple) -> list[dict]:
    """The report month's rates and snapshots (NaN with the reason where undefined)."""
    out: list[dict] = []
    wanted = [k for k in OF_MONTH[kind] if not _never(data, k)]
    if answer_survey(data):           # a survey of two or three answers is read by its share, as on its card
        wanted = ["csat_satisfied_share" if k == "csat_mean" else k for k in wanted]
    # a call log's resolved share is what it has for cases closed: said here with where it comes from, each
    # call's status
    if kind == "service" and is_call_log(data):
        # what a call log says of each call: answered or not, resolved or not (where it gives a status)
        wanted += [k for k, col in (("answered_share", "answered"), ("resolved_share", "status"))
                   if data.has("cases", col)]
    if not wanted:
        return out
    t = K.compute(data, wanted, period="M", start=win[0], end=win[1], as_of=win[2])
    for kpi in wanted:
        part = t[t["kpi"] == kpi]
        row = part[part["period"].astype(str) == month]
        value = float(row["value"].iloc[0]) if len(row) else np.nan
        note = _note(row["note"]) if len(row) else _note(part["note"])
        if not np.isnan(value):
            # a snapshot of an export taken before the month ended is of that day, not of the month's end
            early = K.kpi(data, kpi).basis in ("snapshot", "as_of") and win[2].normalize() < win[1].normalize()
            note = Note("hl.as_of_day", day={"day": f"{win[2]:%Y-%m-%d}"}) if early \
                else Note("hl.from_status") if kpi == "resolved_share" else ""
        out.append({"kind": kind, "kpi": kpi, "period": month, "value": value, "note": note})
    return out


def _unpriced(data: ClientData, month: pd.Period) -> float:
    """The deals won in *month* without an amount (NaN when none): the month's revenue is of the others."""
    if not data.has("opportunities"):        # a profile's revenue card of a client without deals
        return np.nan
    o = data.opportunities
    won = o["status"].eq("won").fillna(False) & o["close_date"].dt.to_period("M").eq(month).fillna(False)
    n = int((won & o["amount"].isna()).sum())
    return float(n) if n and (won & o["amount"].notna()).any() else np.nan


def _running_at(contracts: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """The subscriptions running at *end*: started by then and not ended (as the MRR KPI counts them)."""
    return (contracts["start_date"] <= end) & (contracts["end_date"].isna() | (contracts["end_date"] > end))


def _unpriced_mrr(data: ClientData, month: pd.Period) -> float:
    """The subscriptions running at the end of *month* without an MRR (NaN when none): its MRR is of the others."""
    k = data.contracts
    n = int((_running_at(k, month.end_time) & k["mrr"].isna()).sum())
    return float(n) if n else np.nan


def _undated_leads(data: ClientData) -> list[dict]:
    """A lead file without creation dates: its leads and their conversion over the whole file."""
    lead = data.leads
    rate = float(lead_converted(lead).mean()) if conversion_known(lead) else np.nan
    return [{"kind": "leads", "kpi": "new_leads", "period": "all", "value": float(len(lead)),
             "note": needs_note(NotComputable("leads.created_at"))},
            {"kind": "leads", "kpi": "lead_conversion_rate", "period": "all", "value": rate,
             "note": "" if rate == rate else Note("hl.no_conversion")}]


def _undated_cards(data: ClientData) -> list[dict]:
    """A lead file without dates: its leads, those converted and the conversion, over the whole file."""
    rows = _undated_leads(data)
    if rows[1]["value"] == rows[1]["value"]:
        rows.insert(1, {"kpi": "leads_converted", "value": float(lead_converted(data.leads).sum())})
    return rows


def headline(data: ClientData, month: str, *, months: int = 3) -> pd.DataFrame:
    """The first numbers of each kind of client the data supports, for the report month *month* (``YYYY-MM``).

    Returns
    -------
    pandas.DataFrame
        ``kind, kpi, period, value, note, unit``: the monthly counts of the last *months* months
        with activity up to *month* (newest first), then the report month's rates and snapshots
        (the open pipeline at the end of the month). An undefined value is NaN with its reason; a
        number over the whole file (a lead file without dates) has no period.
    """
    rows: list[dict] = []
    for kind in client_kinds(data):
        if kind not in MONTHLY:
            continue
        if kind == "leads" and not data.has("leads", "created_at"):
            rows += _undated_leads(data)
            continue
        win = _window(data, month)
        if win is None:
            rows.append({"kind": kind, "kpi": MONTHLY[kind][0], "period": month, "value": np.nan,
                         "note": Note("hl.data_after", month={"month": month})})
            continue
        rows += _monthly(data, kind, month, months, win) + _of_month(data, kind, month, win)
    rows += _activities_beside(data, month, rows)
    # note_frame: the notes stay notes (in the report's language), where a plain frame makes them English text
    out = note_frame(rows, "note").reindex(columns=HEADLINE_COLUMNS)
    reg = K.registry_for(data)
    out["unit"] = [reg[k].unit for k in out["kpi"]]
    out["period"] = out["period"].replace({"": None, "all": None})
    return out


def headline_checks(data: ClientData, table: pd.DataFrame) -> list[Note]:
    """What makes a headline number wrong or empty although the export has the data: one sentence each.

    Won deals none of which has a close date (every month's revenue would read 0); deals won in a
    month shown whose amounts are all missing; a win rate of a few in a hundred with most lost deals in
    one stage (:func:`_lost_in_one_stage`); cases none of which has an opening time, or none of
    which says whether it was resolved (neither a closing time nor a status); ad
    conversions above :data:`CONVERSIONS_PER_CLICK` of the clicks (the cost per conversion would be too low).
    """
    out: list[Note] = []
    if data.has("opportunities") and len(data.opportunities):
        o = data.opportunities
        won = o["status"].eq("won").fillna(False)
        examples = undecided_stages(o)            # custom stages no word list knows: all read as open
        if examples is not None:
            out.append(Note("check.none_decided", n=len(o), examples=examples))
        if won.any() and not o.loc[won, "close_date"].notna().any():
            out.append(Note("check.won_undated", n=int(won.sum())))
        shown = table[(table["kpi"] == "deals_won") & (table["value"] > 0)]
        for period in shown["period"]:
            rev = table[(table["kpi"] == "new_revenue") & (table["period"] == period)]["value"]
            if len(rev) and rev.iloc[0] == 0:
                out.append(Note("check.won_no_amount", month={"month": period},
                                n=int(shown.loc[shown["period"] == period, "value"].iloc[0])))
        if data.has("opportunities", "stage"):
            out += _lost_in_one_stage(data, table)
        if won_only(o) and not won_when_created(o):
            # a report of won deals only ("Closed Won Opportunities"): its win rate of 100 % counts no lost deal;
            # a shop's orders, won when placed, have none to export
            out.append(Note("check.none_lost", n=int(won.sum())))
    if data.has("cases") and len(data.cases):
        c = data.cases
        if not c["opened_at"].notna().any():
            out.append(Note("check.cases_unopened", n=len(c)))
        # a call log has no closing times by nature but says per call whether it was resolved or answered:
        # nothing wrong
        if resolved_cases(c) is None and not is_call_log(data):
            out.append(Note("check.cases_unclosed", n=len(c)))
    if data.has("contracts", "mrr"):
        out += _stacked_contracts(data, table)
    if data.has("marketing_spend", "clicks") and data.has("marketing_spend", "conversions"):
        ads = data.marketing_spend
        both = ads["clicks"].notna() & ads["conversions"].notna()       # the rows that say both
        clicks, conv = float(ads.loc[both, "clicks"].sum()), float(ads.loc[both, "conversions"].sum())
        if clicks >= MIN_CLICKS and conv > CONVERSIONS_PER_CLICK * clicks:
            # the whole export's totals: named with their months, which the cards' one month does not add up to
            dated = ads.loc[both, "month"].dropna()
            period = (period_note(data, "marketing_spend", dated.min(), dated.max()) if len(dated)
                      else Note("finding.whole_file"))
            said = {"n": int(conv), "clicks": int(clicks), "share": {"value": conv / clicks, "unit": "ratio"},
                    "period": period}
            # the ad client's 26.1 % over April - June was 56.6 % in June, the month its cards show
            last = ads.loc[both].assign(m=ads["month"].dt.to_period("M"))
            last = last[last["m"] == last["m"].max()] if len(dated) else last.iloc[:0]
            lc, lv = float(last["clicks"].sum()), float(last["conversions"].sum())
            if lc >= MIN_CLICKS and abs(lv / lc - conv / clicks) >= 0.05:
                out.append(Note("check.ads_conversions_month", **said, month_share={"value": lv / lc, "unit": "ratio"},
                                month={"month": str(last["m"].max())}))
            else:
                out.append(Note("check.ads_conversions", **said))
    return out


#: the KPIs whose numbers a failed check puts in doubt: their cards are not coloured until it is answered
CHECK_KPIS = {"check.won_undated": ("new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days"),
              "check.none_decided": ("new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days"),
              "check.won_no_amount": ("new_revenue", "average_deal_size"),
              "check.lost_in_one_stage": ("win_rate",),
              "check.none_lost": ("win_rate",),
              "check.cases_unopened": ("cases_opened", "time_to_resolution_hours"),
              "check.cases_unclosed": ("cases_closed", "time_to_resolution_hours", "same_day_closure_rate"),
              # contracts active at a period's start and still at its end: as much a matter of how upgrades and
              # renewals are exported as the MRR (RavenStack's retention card stood coloured beside a grey MRR)
              # and a renewal exported as a new row is a subscription started and one ended
              "check.contracts_stacked": ("mrr", "retention_rate", "new_subscriptions", "ended_subscriptions"),
              "check.ads_conversions": ("ad_conversions", "cost_per_conversion"),
              "check.ads_conversions_month": ("ad_conversions", "cost_per_conversion")}


#: the KPIs that need an event date besides the one they are dated by (a duration, a same-day share): doubted
#: with the KPIs dated by it when most of a table's rows share it (the data-quality finding ``dq.one_day``)
LOAD_DAY_KPIS = {("opportunities", "created_at"): ("opportunities_created", "sales_cycle_days"),
                 ("leads", "created_at"): ("new_leads", "lead_conversion_rate"),
                 ("cases", "opened_at"): ("cases_opened", "time_to_resolution_hours", "same_day_closure_rate"),
                 ("cases", "closed_at"): ("cases_closed", "time_to_resolution_hours", "same_day_closure_rate"),
                 ("contracts", "start_date"): ("mrr", "retention_rate")}


#: data-quality findings about a whole file rather than some of its rows
FILE_FINDINGS = ("dq.row_limit",)


def finding_kind(text: Any) -> str:
    """The text key of what a recorded data-quality finding says ("dq.one_day" inside "N rows …; kept"), or "".

    A finding about a whole file ("dq.row_limit") says it in its own key.
    """
    if not isinstance(text, dict):
        return ""
    what = (text.get("params") or {}).get("what")
    return str(what.get("key", "")) if isinstance(what, dict) else str(text.get("key", "")) \
        if text.get("key") in FILE_FINDINGS else ""


def dated_by(table: str, col: str) -> set[str]:
    """The catalogue's KPIs of *table* dated by *col*: the first date their ``date`` names, or one after ", else".

    "closed_at, else opened_at" (CSAT) is dated by both; "close_date (basis 'decided') or created_at (basis
    'cohort')" (the win rate, decided by default) by its close date alone.
    """
    return {k for k, v in K.REGISTRY.items() if v.tables[:1] == (table,)
            and col in re.findall(r"(?:^|, else )([a-z_]+)", v.date)}


def loaded_kpis(issues: list[dict[str, Any]]) -> set[str]:
    """The KPIs whose date a recorded ``dq.one_day`` finding (*issues*) puts in doubt.

    Those dated by its column (:func:`dated_by`) and those of :data:`LOAD_DAY_KPIS` that need it besides.
    A list alone left the help desk's CSAT, dated by the same load-day closings as "Cases closed", a fact.
    """
    out: set[str] = set()
    for i in issues:
        if finding_kind(i.get("text")) == "dq.one_day":
            key = (i.get("table"), i.get("canonical"))
            out |= {*LOAD_DAY_KPIS.get(key, ()), *dated_by(*key)}
    return out


def uncoloured(results: dict[str, Any]) -> set[str]:
    """The KPIs page 1 and the history leave without a colour.

    Those doubted (:func:`doubted_in`), and cards of a month below a third of their usual one
    (:func:`crmanalysis.analyses.kinds.thin_card`).
    """
    cards = results.get("02_targets", {}).get("cards") or []
    return doubted_in(results) | {c.get("kpi") for c in cards if thin_card(c)}


def doubted_in(results: dict[str, Any]) -> set[str]:
    """The KPIs the recorded *results* of a run put in doubt, which page 1 and the history leave uncoloured.

    A failed check of the first numbers (:func:`doubted_kpis`) or dates of one load day (:func:`loaded_kpis`).
    """
    first = results.get("01_baseline", {})
    return doubted_kpis(first.get("checks") or []) | loaded_kpis((first.get("quality") or {}).get("issues") or [])


def doubted_kpis(checks: list[Any]) -> set[str]:
    """The KPIs of :data:`CHECK_KPIS` that the failed *checks* (notes, or their JSON) put in doubt."""
    return {k for key, kpis in CHECK_KPIS.items() if any(has_key(c, key) for c in checks) for k in kpis}


#: a win rate below this, of at least :data:`FEW_WINS_DECIDED` deals decided in the month, is asked about
FEW_WINS = 0.02
FEW_WINS_DECIDED = 50


def _report_month(table: pd.DataFrame, dates: pd.Series) -> str:
    """The month of the first numbers (*table*'s latest period), else the month of the latest of *dates*."""
    periods = table["period"].dropna() if "period" in table else pd.Series(dtype=object)
    return str(periods.max()) if len(periods) else f"{dates.max():%Y-%m}"




def _lost_in_one_stage(data: ClientData, table: pd.DataFrame) -> list[Note]:
    """A win rate of a few in a hundred, when most lost deals closed in one stage: a question, not a finding.

    Bitrix24's leasing funnel won 3 of 769 deals decided in July 2021 (0.4 %); 498 of the 766 lost
    closed in "Сделка провалена" (deal failed). A stage that closes leads which never became deals
    makes the win rate no sales win rate; only the CRM's owner can say what the stage holds.
    """
    o = data.opportunities
    month = _report_month(table, o["close_date"])
    decided = o[o["status"].isin(["won", "lost"]) & (o["close_date"].dt.strftime("%Y-%m") == month)]
    won = int(decided["status"].eq("won").sum())
    if len(decided) < FEW_WINS_DECIDED or won >= FEW_WINS * len(decided):
        return []
    stages = decided.loc[decided["status"] == "lost", "stage"].value_counts()
    if stages.empty or stages.iloc[0] < len(decided) / 2:
        return []
    return [Note("check.lost_in_one_stage", won=won, n=len(decided), month={"month": month},
                 lost=int(stages.iloc[0]), stage=str(stages.index[0]),
                 share={"value": won / len(decided), "unit": "ratio"})]


#: subscriptions active at once per account from which MRR may count a replaced one twice
STACKED_CONTRACTS = 3


def _stacked_contracts(data: ClientData, table: pd.DataFrame) -> list[Note]:
    """Accounts holding :data:`STACKED_CONTRACTS` or more subscriptions each, on average, at the month's end.

    An export that records an upgrade or a renewal as a new subscription without ending the old one
    makes MRR count both: RavenStack's 500 accounts held 3,814 paying subscriptions at the end of
    December 2024, up to 16 each, and MRR grew eightfold in a year. Whether they are several products or one
    counted many times, only the CRM's owner can say.
    """
    k = data.contracts
    month = _report_month(table, k["start_date"])
    end = pd.Period(month, "M").end_time
    active = _running_at(k, end) & k["mrr"].gt(0)
    per = k.loc[active, "account_id"].value_counts()
    if per.empty or len(per) < 2 or per.mean() < STACKED_CONTRACTS:
        return []
    return [Note("check.contracts_stacked", accounts=len(per), n=int(per.sum()), most=int(per.max()),
                 month={"month": month})]


def checks_markdown(checks: list[Note], lang: str) -> str:
    """The failed checks as one warning paragraph in *lang* ("" when every check passes)."""
    from ..i18n import render
    from ..texts import t

    if not checks:
        return ""
    return "> **" + t("check.title", lang) + "** " + " ".join(render(c, lang).rstrip(".") + "." for c in checks)


def card_month(data: ClientData, month: str) -> str:
    """The month the first page's cards show: the report month, unless the client's main kind has no event in it.

    An export whose activity stopped before the report month (a help desk's old tickets, exported
    years later) would show a page of zeros; its cards show instead the latest month with at least
    :data:`MIN_EVENTS` events of the main kind (else the latest with any), and the report says so.
    """
    kinds = [k for k in client_kinds(data) if k in MONTHLY]
    win = _window(data, month)
    if not kinds or win is None:
        return month
    ids = list(MONTHLY[kinds[0]])
    t = K.compute(data, ids, period="M", start=win[0], end=win[1], as_of=win[2])
    t = t[t["period"].notna()].assign(period=lambda f: f["period"].astype(str))
    wide = t.pivot_table(index="period", columns="kpi", values="value", aggfunc="first").fillna(0)
    if wide.empty or (month in wide.index and (wide.loc[month] > 0).any()):
        return month
    # the kind's first count (deals won, cases opened, new leads) says where its activity is
    reg = K.registry_for(data)
    lead = next((k for k in ids if k in wide.columns and reg[k].unit == "count"), wide.columns[0])
    active = wide[wide[lead] > 0]
    busy = active[active[lead] >= MIN_EVENTS] if reg[lead].unit == "count" else active
    pick = busy if len(busy) else active
    return str(pick.index.max()) if len(pick) else month


#: fewer dated events than this in the :data:`STALE_MONTHS` months up to the report month: the export's
#: activity has stopped (a help desk's old tickets exported years later, with a closing now and then)
STALE_EVENTS = 10
STALE_MONTHS = 3


def report_month_of(data: ClientData) -> str:
    """The report month when none is asked: :func:`~crmanalysis.analyses.window.default_month`, or the last busy one.

    An export whose activity stopped long before it was taken (fewer than :data:`STALE_EVENTS` dated
    events in the :data:`STALE_MONTHS` months up to the default month, and the cards' month
    (:func:`card_month`) that many months or more before it) is reported for that last busy month.
    Every section then reads the same month: the cards already showed the last busy month while the
    baseline read the stragglers of the months before the export (Duke: a baseline of 38,465 hours
    against 253 on page 1). A live client with a quiet month keeps it.
    """
    month = default_month(data)
    if data.span()[0] is None:
        return month
    now = pd.Period(month, "M")
    if data.events_between((now - (STALE_MONTHS - 1)).to_timestamp(), now.to_timestamp(how="end")) >= STALE_EVENTS:
        return month
    busy = card_month(data, month)
    # a few quiet weeks of a small client are no stopped export: only a busy month a quarter or more before
    return busy if (now - pd.Period(busy, "M")).n >= STALE_MONTHS else month


#: open work older than this many days is what a month's review asks about
STALE_DAYS = 30


def undated(data: ClientData, table: str) -> bool:
    """True for a lead file without creation dates: its findings read the whole file, not months."""
    return table == "leads" and not data.has("leads", "created_at")


def not_closed_by(cases: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """Whether each case is still open at *day*: not closed by then, and not called off (it waits for nobody)."""
    open_ = cases["closed_at"].isna() | (cases["closed_at"] > day)
    return open_ & ~called_off(cases["status"]) if "status" in cases else open_


def open_cases(cases: pd.DataFrame, day: pd.Timestamp, days: int = STALE_DAYS) -> tuple[pd.Series, pd.Series]:
    """(open, waiting) masks of *cases* at *day*: opened by then and not closed; open for more than *days* days.

    One rule for the backlog finding (the waiting ones) and the open-cases finding (the open ones, when
    none waits yet), so that the two never disagree on what is open.
    """
    open_ = (cases["opened_at"] <= day) & not_closed_by(cases, day)
    return open_, open_ & (cases["opened_at"] <= day - pd.Timedelta(days=days))


def period_note(data: ClientData, table: str, start: pd.Timestamp, end: pd.Timestamp) -> Note:
    """The months a finding covers, starting where *table*'s data starts; a lead file without dates: all of it."""
    if undated(data, table):
        return Note("finding.whole_file")
    first = data.span(tables=(table,))[0]
    since = max(start, first.to_period("M").to_timestamp()) if first is not None else start
    if f"{since:%Y-%m}" == f"{end:%Y-%m}":                # one month: "May 2023", not "May 2023 – May 2023"
        return month_note(data, f"{end:%Y-%m}")      # or its days, where the export ends early in it
    return Note("finding.months", start={"month": f"{since:%Y-%m}"}, end={"month": f"{end:%Y-%m}"})


def month_note(data: ClientData, month: str, tables: tuple[str, ...] | None = None) -> Note:
    """*month* as a finding names it: "June 2023", or its days where the data end early in it.

    The help desk's export runs to 2 June: "Poor ratings in June 2023" read as a whole month's. Data that
    end within :data:`~crmanalysis.analyses.window.COVERED_DAYS` of the month's end cover it.
    """
    first, last = data.span(tables=tables)
    lo, hi = pd.Period(month, "M").start_time, pd.Period(month, "M").end_time
    if first is None or last is None or last >= hi - pd.Timedelta(days=COVERED_DAYS) or last < lo:
        return Note("finding.one_month", month={"month": month})
    since, until = max(first, lo).normalize(), min(last, hi).normalize()
    if since == until:
        return Note("finding.one_day", day={"day": f"{since:%Y-%m-%d}"})
    return Note("finding.days", start={"day": f"{since:%Y-%m-%d}"}, end={"day": f"{until:%Y-%m-%d}"})


def _whole(m: pd.Period, since: pd.Timestamp, end: pd.Timestamp) -> bool:
    """A month to compare with: the data cover it from (nearly) its first day and it starts before they end.

    The export that starts on 28 February has one case in February, and "+199,500 %" said nothing.
    """
    return since <= m.to_timestamp() + pd.Timedelta(days=PARTIAL_DAYS) and m.to_timestamp() <= end


#: the event a KPI counts, by the start of its registered date, and the records whose first such event starts it
_RESULT_DATES = {"close_date": ("opportunities", "close_date"), "closed_at": ("cases", "closed_at"),
                 "converted_at": ("leads", "converted_at")}


def _first_result(data: ClientData, date: str | None) -> pd.Timestamp | None:
    """The first day a KPI of results (deals decided, cases closed, leads converted) has an event, or None.

    A Dutch tracker started in September 2025 closed its first deal in November: "October 2025: € 0" and "0.0 %
    (out of only 3)" beside October 2026's cards compared with months before any deal could have closed. A
    month before the first result is no month to compare with: no data, not 0.
    """
    table, col = next((v for k, v in _RESULT_DATES.items() if str(date or "").startswith(k)), (None, None))
    if table is None or not data.has(table, col):
        return None
    df = data.table(table)
    when = df[col]
    if table == "opportunities" and "status" in df:
        when = when[df["status"].isin(["won", "lost"]).fillna(False)]
    first = when.min()
    # from the start of that month: the month of the first result is one to compare with (its first deal may close
    # on the 10th of a month the export covers whole)
    return None if pd.isna(first) else pd.Timestamp(first).to_period("M").to_timestamp()


#: the share of decided deals whose sales cycle the ramp-up of a new export's results must span
RAMP_CYCLE_SHARE = 0.75


def _ramp_up(data: ClientData) -> pd.Timestamp | None:
    """The first month whose deals decided the export holds in full: none of its deals was made before the export.

    Zendesk Sell's deals start on 1 September 2025: October 2025 decided only the deals that close fast, and its
    "+76 %" and "sales cycle 18 days (worse)" compared October 2026 with a month of a new CRM. The same month a
    year before is compared with from the first whole month after three in four of the deals' cycles have run
    since the first deal was made; None where the export has no creation dates or few deals decided.
    """
    if not data.has("opportunities", "created_at") or "status" not in data.opportunities:
        return None
    o = data.opportunities
    decided = o["status"].isin(["won", "lost"]).fillna(False)
    days = (o["close_date"] - o["created_at"]).dt.days[decided]
    days = days[days >= 0]
    first = o["created_at"].min()
    if len(days) < 10 or pd.isna(first):
        return None
    ready = pd.Timestamp(first) + pd.Timedelta(days=float(days.quantile(RAMP_CYCLE_SHARE)))
    return (ready - pd.Timedelta(1, "ns")).to_period("M").to_timestamp() + pd.offsets.MonthBegin(1)


def cards(data: ClientData, month: str, *, first: tuple[str, ...] = ()) -> pd.DataFrame:
    """The first page's KPIs: up to :data:`MAX_CARDS` with a value in the report month, and what to compare with.

    Returns
    -------
    pandas.DataFrame
        ``kpi, unit, direction, month, value, previous, last_year, n, n_previous, n_last_year, usual``:
        the month's value (the report month, or the latest with events when it has none:
        :func:`card_month`), the month before and the same month a year before — NaN where the data
        hold no such month (before the data start or after the export), never 0 for "no data" —,
        ``n``, the events a rate is a share of (decided deals for the win rate; ``n_previous`` and
        ``n_last_year`` of the months compared with), and ``usual``, the median of the months the
        data hold among the twelve before (NaN with fewer than :data:`USUAL_MONTHS`): what tells an
        unusual month before from a usual one, with ``usual_from`` and ``usual_to``, its first and last month
        (``YYYY-MM``). A lead file without dates gives its whole-file numbers with
        no comparison.
    """
    order = card_order(data, first)
    reg = K.registry_for(data)
    if data.has("leads") and not data.has("leads", "created_at") and client_kinds(data) == ["leads"]:
        rows = [{"kpi": r["kpi"], "value": r["value"]} for r in _undated_cards(data) if r["value"] == r["value"]]
        out = pd.DataFrame(rows).reindex(columns=CARD_COLUMNS)
        out["unit"] = [reg[k].unit for k in out["kpi"]]
        out["direction"] = [reg[k].direction for k in out["kpi"]]
        return out
    if data.span()[0] is None:             # nothing dated (a call export whose calls' outcomes were not read)
        return pd.DataFrame(columns=CARD_COLUMNS)
    month = card_month(data, month)
    now = pd.Period(month, "M")
    months = {"value": now, "previous": now - 1, "last_year": now - 12}
    first_day, w = K.data_start(data), Window.of(data, month)
    start = (now - 12).to_timestamp()
    # a report month before the data's first record (a batch run for October of a billing export whose first date
    # is 10 November) has no months to count: its own month, empty, not a start after the end
    start = min(max(start, first_day.normalize()), now.to_timestamp())
    t = K.compute(data, order, period="M", start=start, end=w.end, as_of=w.as_of)
    t = t[t["period"].notna()].assign(period=lambda f: f["period"].astype(str))
    # an export of open deals only ("My open opportunities") lacks every deal closed since: an earlier month's
    # pipeline or new deals read low (EUR 242,201 a year before, +1,630 %), so its deal cards compare with nothing
    open_only = data.has("opportunities", "status") and undecided_stages(data.opportunities) is not None
    ramp = _ramp_up(data)          # once: every KPI of deals decided shares it
    rows = []
    for kpi in order:
        part = t[t["kpi"] == kpi].set_index("period")
        row = {"kpi": kpi, "unit": reg[kpi].unit, "direction": reg[kpi].direction, "month": month}
        own = data.span(tables=reg[kpi].tables[:1])[0] if reg[kpi].tables else None
        result = _first_result(data, reg[kpi].date)
        own = max(own, result) if own is not None and result is not None else own
        since = max(first_day, own) if own is not None else first_day
        # a month of stray records before the export really starts is shown, never compared with
        compared = max(since, data.covered_from(reg[kpi].tables[:1])) if own is not None else since
        # the same month a year before, where that was a new CRM's first months of deals decided
        a_year = max(compared, ramp) if ramp is not None and str(reg[kpi].date or "").startswith("close_date") \
            else compared
        # a rate, and a score's mean of ratings: how many events it is of (a CSAT of 3 ratings is no month's news)
        ratio = reg[kpi].unit in ("ratio", "score")
        for col, m in months.items():
            held = m.to_timestamp(how="end") >= since and m.to_timestamp() <= w.end_of_data if col == "value" \
                else _whole(m, a_year if col == "last_year" else compared, w.end_of_data)
            row[col] = float(part.loc[str(m), "value"]) if held and str(m) in part.index else np.nan
            # the events a rate of that month is a share of: a month of 1 case is no month to compare with
            den = part.loc[str(m), "denominator"] if held and str(m) in part.index and "denominator" in part \
                else np.nan
            row[{"value": "n"}.get(col, f"n_{col}")] = float(den) if ratio and den == den else np.nan
        year = [str(now - k) for k in range(1, 13) if _whole(now - k, compared, w.end_of_data)]
        before = part["value"].reindex(year).dropna()
        row["usual"] = float(before.median()) if len(before) >= USUAL_MONTHS else np.nan
        row["usual_from"], row["usual_to"] = str(now - 12), str(now - 1)
        if open_only and reg[kpi].tables[:1] == ("opportunities",):
            row.update({c: np.nan for c in ("previous", "last_year", "usual", "n_previous", "n_last_year")})
        if kpi in ("new_revenue", "average_deal_size"):     # won deals without an amount (a currency without a rate)
            row["unpriced"] = _unpriced(data, now)
        elif kpi == "mrr":                                  # running subscriptions the export gives no MRR of
            row["unpriced"] = _unpriced_mrr(data, now)
        rows.append(row)
    out = pd.DataFrame(rows, columns=CARD_COLUMNS)
    return out[out["value"].notna()].head(MAX_CARDS).reset_index(drop=True)
