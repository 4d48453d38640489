"""The kinds of client a report is about, and the KPIs page 1 may show for each in order of preference.

Sales, service, leads, subscriptions, marketing, and activity where the data hold nothing else. Below the
baseline and the first page alike: the baseline measures the result KPIs the cards show, so that each has a
suggested target.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .. import kpis as K
from ..data import ClientData, order_list_never, won_only
from ..kpis.catalogue import ACTIVITY_KPI_TYPES, is_call_log

__all__ = ["KINDS", "CARDS", "MAX_CARDS", "NEVER_TARGETED", "client_kinds", "card_order", "management_kpis",
           "page_one_kpis", "UNUSUAL", "thin_month", "thin_card", "without_its_activities",
           "answer_survey"]

#: the kinds of client, by the table that makes one: what its report is about, the main one first (a SaaS
#: business with a help desk beside it is its subscriptions: RavenStack's page 1 showed three help-desk cards
#: and MRR, its retention in a sentence only)
KINDS = {"sales": "opportunities", "subscriptions": "contracts", "service": "cases", "leads": "leads",
         "marketing": "marketing_spend", "activity": "activities"}
#: kinds a report is about only where the data hold no other: activities beside deals explain the deals, while a
#: dialer's call export alone is a report on the team's activity
ALONE = ("activity",)
#: the KPIs a first page's cards may show per kind of client, in order of preference
#: (a sales export of open deals only, or without amounts, still shows what it holds: its open and new deals)
CARDS = {"sales": ("new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days",
                   "open_pipeline_value", "weighted_pipeline", "open_deals", "new_opportunities"),
         # a call centre's answered share after its volumes: what a call log is steered on first
         # (a call log's hours of talk last: its resolved share says more of its calls)
         # resolved on time after the hours it took: the service level a desk's director is held to
         "service": ("cases_opened", "cases_closed", "answered_share", "time_to_resolution_hours", "resolved_on_time",
                     "csat_mean",
                     "first_response_hours", "same_day_closure_rate", "csat_satisfied_share", "resolved_share",
                     "call_talk_hours"),
         "leads": ("new_leads", "leads_converted", "lead_conversion_rate"),
         # churn is 1 - retention: no card of its own; the subscriptions started and ended are the month's counts
         "subscriptions": ("mrr", "retention_rate", "new_subscriptions", "ended_subscriptions"),
         "marketing": ("marketing_spend", "ad_clicks", "cost_per_click", "ad_conversions", "cost_per_conversion",
                       "click_through_rate"),
         # a phone log's calls in beside the calls made: half its traffic, which no other card shows
         "activity": ("sales_conversations", "calls", "calls_received", "calls_answered_share", "meetings", "visits",
                      "emails", "talk_time_hours", "call_connect_rate", "meeting_held_rate")}
#: a first page carries few KPIs (3-5 for management: more is read by nobody)
MAX_CARDS = 5
#: cards of what comes in or goes out (the cases customers open, the money spent on ads): a volume the team takes
#: or a budget sets, never a target the team is held to
NEVER_TARGETED = ("cases_opened", "marketing_spend", "calls_received")


#: a month below a third of the usual one (or above three times it) is unusual: below, more often an export that
#: stops than a business that did
UNUSUAL = 3.0


def thin_month(value: Any, usual: Any) -> bool:
    """Whether a month's count or amount *value* is below a third of the *usual* month (:data:`UNUSUAL`)."""
    try:
        v, u = float(value), float(usual)
    except (TypeError, ValueError):
        return False
    return u > 0 and v == v and v < u / UNUSUAL


def thin_card(card: dict[str, Any]) -> bool:
    """Whether a page-1 card (a count or an amount) is of a month below a third of its usual month.

    Salesforce's "New revenue US$136,000 · 3% · red" led page 1's "Behind target" while the same page asked to
    check that the CRM holds all of March 2022 (4 % of the usual month): such a card takes no colour, the reps are
    not ranked on its month, and the history keeps it uncoloured.
    """
    return card.get("unit") in ("count", "money") and thin_month(card.get("value"), card.get("usual"))


def client_kinds(data: ClientData) -> list[str]:
    """The kinds of client the data supports (a table with rows), in the order of :data:`KINDS`."""
    kinds = [k for k, table in KINDS.items() if data.has(table) and len(data.table(table))]
    return [k for k in kinds if k not in ALONE or len(kinds) == 1]


def without_its_activities(data: ClientData, kpi: str) -> bool:
    """Whether *kpi* counts activity types the export never holds (a call export's meetings would read 0 each month).

    Sales conversations are calls, meetings and visits together: with one of them alone they are that one again.
    """
    if kpi in ("calls_received", "calls_answered_share"):    # where the export says which way each call went
        a = data.activities if data.has("activities") else pd.DataFrame()
        return "call_in" not in a or not a["call_in"].fillna(False).astype(bool).any()
    types = ACTIVITY_KPI_TYPES.get(kpi)
    if types is None or not data.has("activities") or "type" not in data.activities:
        return False
    # the export's types, found once per client (page 1 asks for every card of every kind)
    held = set(types) & set(data.kept(("activity_types",), lambda: pd.Series(
        data.activities["type"].dropna().astype(str).unique())))
    return not held or (kpi == "sales_conversations" and len(held) < 2)


def answer_survey(data: ClientData) -> bool:
    """Whether every rating is 1, 3 or 5: a survey of two or three answers read onto 1–5.

    Help Scout's "Great", "Okay", "Not Good": its poor ratings are its bottom answer, not "a 1 or a 2". Its
    mean is a score no desk's tool shows (4.26 "out of 5" of Freshdesk's "Geweldig" / "Gewoon oké" / "Niet
    goed"): page 1 shows the share of satisfied ratings, its top answer, in its place.
    """
    return _ratings_within(data, {1.0, 3.0, 5.0})


def _ratings_within(data: ClientData, scores: set[float]) -> bool:
    """Whether the cases have ratings, each one of *scores*."""
    if not data.has("cases", "csat"):
        return False
    seen = data.kept(("rating_values",), lambda: pd.Series(data.cases["csat"].dropna().unique()))
    return bool(len(seen)) and set(seen.tolist()) <= scores


def card_order(data: ClientData, first: tuple[str, ...] = ()) -> list[str]:
    """*first* (a management profile's KPIs), three of the main kind's, then the other kinds' in turn.

    The main kind is the first the data supports (:data:`KINDS` order: deals before tickets); in
    turn, so that a client with deals, tickets and leads gets a card of each on its first page.
    """
    reg = K.registry_for(data)
    lists = [[x for x in CARDS[k] if not without_its_activities(data, x)] for k in client_kinds(data) if k in CARDS]
    order = [k for k in first if k in reg]
    if not is_call_log(data):
        # a desk with closing times is measured by them; its resolved share by the export's date read 100 %
        # for a month long past beside the 972 cases still open at that month's end
        lists = [[k for k in x if k != "resolved_share" or k in first] for x in lists]
    # a desk whose export never says whether a call or chat was answered, or how long each call talked: no card of
    # it, and not the fifth card's place taken by it among the KPIs whose targets the baseline suggests
    lacking = {k for k, col in (("answered_share", "answered"), ("call_talk_hours", "talk_min"))
               if not data.has("cases", col)}
    lists = [[k for k in x if k not in lacking] for x in lists]
    if data.has("opportunities", "status") and won_only(data.opportunities):
        # a list of won deals only (a finance list of signed deals): its win rate is 100 % by construction, a
        # number no card shows; page 1's data-quality box says why (the same test)
        lists = [[k for k in x if k != "win_rate" or k in first] for x in lists]
    # a shop's orders, each won the day it was placed: a sales cycle of 0 days by construction; its orders lost are
    # orders cancelled, and the share not cancelled (a Danish order list's 86.8 %) is no win rate; where none is
    # ever open, its pipeline cards read 0 every month
    never = order_list_never(data)
    lists = [[k for k in x if k not in never or k in first] for x in lists]
    if answer_survey(data):
        lists = [[k for k in x if k != "csat_satisfied_share"] for x in lists]
        lists = [["csat_satisfied_share" if k == "csat_mean" else k for k in x] for x in lists]
    if lists:
        order += lists[0][:3]
        # a kind beside the main one has a card or two: one with a target before one that never gets any (a sales
        # client's help desk showed "Cases opened", no target, while its cases closed, behind theirs, had no card)
        rest = [*[[k for k in x if k not in NEVER_TARGETED] + [k for k in x if k in NEVER_TARGETED]
                  for x in lists[1:]], lists[0][3:]]
        for i in range(max(len(x) for x in rest)):
            order += [x[i] for x in rest if i < len(x)]
    return list(dict.fromkeys(order))


def management_kpis(profiles: dict[str, Any] | None) -> tuple[str, ...]:
    """The KPIs of the client's management profiles (``dashboard: management``): page 1's cards, in their order."""
    return tuple(k for p in (profiles or {}).values() if isinstance(p, dict) and p.get("dashboard") == "management"
                 for k in (p.get("kpis") or {}))


def page_one_kpis(data: ClientData, profiles: dict[str, Any] | None) -> list[str]:
    """The KPIs of page 1's cards as far as the data's kinds and a management profile say (at most five).

    :func:`crmanalysis.analyses.headline.cards` skips one without a value in the month; the baseline of the
    suggested targets and the note above the cards read these, without computing a month.
    """
    return card_order(data, management_kpis(profiles))[:MAX_CARDS]
