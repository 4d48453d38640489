"""The headline numbers of every ../shared/realdata folder, counted from the raw files with plain pandas.

Nothing here imports crmanalysis: each folder's function is this test's own reading of the vendor's
columns (which column says won, which date dates a won deal, what a blank means), written from the
files and their README, and checked against a second reading made without the package
(/tmp/oracle during development: every value below agreed with it where the definitions agree).
The package must reproduce these numbers from its hand config and from the ``crmanalysis init``
draft of the folder.

The definitions the package states in its README, applied here by hand:

* the export's own date is the latest record modification time the files carry; without one, the
  end of the data is its latest event (a creation, a closed deal's close date, a case opened or
  closed …) that is not in the future;
* the report month is that date's month when the date is its month's last day, else the month
  before; when all the data lies after that month, the month of the data's end;
* a closed deal whose close date lies after the export's own date has no close date;
* sales: won revenue and deals won per month for the last three months with wins up to the report
  month (newest first), the report month's win rate = won / (won + lost) by close date, and the
  open pipeline at the end of the report month (deals created by then, not won or lost by then);
* help desk: cases opened (by opening) and closed (by closing) for the last three months with cases,
  the median hours from opening to closing of the report month's closed cases, their mean rating;
* leads: new leads for the last three months with leads and the share of the report month's new
  leads converted so far; a lead file without dates: all its leads and the share converted.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

Cells = dict[tuple[str, str | None], float]


@dataclass
class Truth:
    """What the first page must say: the report month and the headline cells (kpi, month) -> value."""

    month: str
    cells: Cells
    #: what page 1's KPI cards must show where they go beyond the first numbers: (kpi, month) -> value
    cards: Cells = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ the rules
def report_month(end: pd.Timestamp, first: pd.Timestamp | None, *events: pd.Series) -> str:
    """The last complete month at *end*; the month of *end* when every date lies after that month, or when the
    dates start more than 7 days into that month and more of the *events* fall in *end*'s month than in it."""
    last_day = (end + pd.offsets.MonthEnd(0)).normalize()
    month = end.to_period("M") if end.normalize() == last_day else end.to_period("M") - 1
    if first is not None and first > month.end_time:
        month = end.to_period("M")
    elif first is not None and (first - month.start_time).days > 7 and events:
        per = pd.concat([e.dropna() for e in events]).dt.to_period("M").value_counts()
        if per.get(end.to_period("M"), 0) > per.get(month, 0):
            month = end.to_period("M")
    return str(month)


def last_busy(month: str, counted: pd.Series, *events: pd.Series) -> str:
    """An export whose activity stopped: fewer than 10 dated *events* in the three months up to *month* and
    the last month up to it with 10 or more *counted* dates (cases opened) three months or more before it:
    that month is the report month. Else *month*."""
    m = pd.Period(month, "M")
    quiet = sum(int(e.dt.to_period("M").between(m - 2, m).sum()) for e in events)
    per = counted.dropna().dt.to_period("M").value_counts()
    busy = [p for p, n in per.items() if n >= 10 and p <= m]
    if quiet >= 10 or not busy or (m - max(busy)).n < 3:
        return month
    return str(max(busy))


def latest(*series: pd.Series) -> pd.Timestamp:
    """The latest of the given dates that is not in the future."""
    now = pd.Timestamp.now()
    vals = [s[s <= now].max() for s in series if s.notna().any()]
    return max(v for v in vals if pd.notna(v))


def earliest(*series: pd.Series) -> pd.Timestamp:
    return min(s.min() for s in series if s.notna().any())


def _last_active(monthly: pd.DataFrame, month: str, n: int = 3) -> pd.DataFrame:
    """The last *n* months up to *month* where any count is above zero, newest first."""
    m = monthly[(monthly.index <= month) & (monthly.fillna(0) > 0).any(axis=1)]
    return m.tail(n).iloc[::-1]


def sales(deals: pd.DataFrame, month: str, as_of: pd.Timestamp) -> Cells:
    """Headline cells of deals with columns status (won/lost/open), amount, created, close (NaT: undated)."""
    won = deals[deals["status"] == "won"]
    closed = deals[deals["status"].isin(["won", "lost"])]
    by = won.dropna(subset=["close"]).assign(m=lambda f: f["close"].dt.to_period("M").astype(str))
    monthly = by.groupby("m").agg(new_revenue=("amount", "sum"), deals_won=("amount", "size"))
    cells: Cells = {}
    for m, row in _last_active(monthly, month).iterrows():
        cells[("new_revenue", m)] = float(row["new_revenue"])
        cells[("deals_won", m)] = float(row["deals_won"])
    in_month = closed[closed["close"].dt.to_period("M").astype(str) == month]
    decided = len(in_month)
    cells[("win_rate", month)] = (in_month["status"] == "won").sum() / decided if decided else np.nan
    open_then = (deals["created"] <= as_of) & ((deals["status"] == "open")
                                                | (deals["status"].isin(["won", "lost"]) & (deals["close"] > as_of)))
    cells[("open_pipeline_value", month)] = float(deals.loc[open_then, "amount"].sum())
    return cells


def service(cases: pd.DataFrame, month: str) -> Cells:
    """Headline cells of cases with columns opened, closed (NaT: open), csat (NaN: not rated)."""
    opened = cases["opened"].dropna().dt.to_period("M").astype(str).value_counts()
    closed_m = cases["closed"].dropna().dt.to_period("M").astype(str).value_counts()
    monthly = pd.DataFrame({"cases_opened": opened, "cases_closed": closed_m}).fillna(0).sort_index()
    cells: Cells = {}
    for m, row in _last_active(monthly, month).iterrows():
        if cases["opened"].notna().any():
            cells[("cases_opened", m)] = float(row["cases_opened"])
        if cases["closed"].notna().any():
            cells[("cases_closed", m)] = float(row["cases_closed"])
    when = cases["closed"] if cases["closed"].notna().any() else cases["opened"]
    in_month = cases[when.dt.to_period("M").astype(str) == month]
    hours = ((in_month["closed"] - in_month["opened"]).dt.total_seconds() / 3600).dropna()
    cells[("time_to_resolution_hours", month)] = float(hours.median()) if len(hours) else np.nan
    rated = in_month["csat"].dropna()
    cells[("csat_mean", month)] = float(rated.mean()) if len(rated) else np.nan
    return cells


def service_cards(cases: pd.DataFrame, month: str) -> Cells:
    """Cases opened and closed in the cards' month: the report month, unless no case was opened or closed in it;
    then the latest month with at least 10 cases opened (a page of zeros says nothing)."""
    opened = cases["opened"].dropna().dt.to_period("M").astype(str).value_counts()
    closed = cases["closed"].dropna().dt.to_period("M").astype(str).value_counts()
    if opened.get(month, 0) + closed.get(month, 0) == 0:
        month = max(m for m, n in opened.items() if n >= 10 and m <= month)
    return {("cases_opened", month): float(opened.get(month, 0)), ("cases_closed", month): float(closed.get(month, 0))}


def leads(lead: pd.DataFrame, month: str | None) -> Cells:
    """Headline cells of leads with columns created (NaT: undated) and converted (bool, NaN: not said)."""
    if not lead["created"].notna().any():
        said = lead["converted"].notna().any()
        return {("new_leads", None): float(len(lead)),
                ("lead_conversion_rate", None): float(lead["converted"].fillna(False).mean()) if said else np.nan}
    m = lead["created"].dt.to_period("M").astype(str)
    monthly = pd.DataFrame({"new_leads": m.value_counts()}).sort_index()
    cells: Cells = {("new_leads", k): float(v["new_leads"]) for k, v in _last_active(monthly, month).iterrows()}
    in_month = lead[m == month]
    cells[("lead_conversion_rate", month)] = float(in_month["converted"].fillna(False).mean()) \
        if len(in_month) else np.nan
    return cells


def activities(acts: pd.DataFrame, months: list[str]) -> Cells:
    """Headline cells of activities with columns kind (call, meeting, email …), when, held (bool): the calls,
    meetings and e-mails held in each of *months*, the months the deals' cells show."""
    m = acts["when"].dt.to_period("M").astype(str)
    return {(f"{k}s", p): float((acts["held"] & (acts["kind"] == k) & (m == p)).sum())
            for p in months for k in ("call", "meeting", "email")}


def _utc_to(s: pd.Series, tz: str) -> pd.Series:
    return pd.to_datetime(s, utc=True, errors="coerce").dt.tz_convert(tz).dt.tz_localize(None)


def _csv(path: Path, **kw) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", np.nan), errors="coerce")


def _month_end(month: str) -> pd.Timestamp:
    return pd.Period(month, "M").end_time


# ------------------------------------------------------------------------------------------ the folders
def salesforce_demo_org(root: Path) -> Truth:
    # API export, UTC stamps shown in the client's time zone (America/New_York); CloseDate is a date
    tz = "America/New_York"
    o = _csv(root / "Opportunity.csv", encoding="utf-8-sig")
    stamps = [_utc_to(_csv(root / f"{f}.csv", encoding="utf-8-sig")["LastModifiedDate"], tz)
              for f in ("Opportunity", "Task", "Event", "User", "Account", "Lead")]
    exported = max(s.max() for s in stamps)                         # Lead.csv: 2022-04-13 15:33 local
    status = np.where(o["IsWon"] == "1", "won", np.where(o["IsClosed"] == "1", "lost", "open"))
    close = pd.to_datetime(o["CloseDate"], errors="coerce")
    closed = pd.Series(status, index=o.index).isin(["won", "lost"])
    close = close.mask(closed & (close > exported.normalize()))      # a planned date after the export
    deals = pd.DataFrame({"status": status, "amount": _num(o["Amount"]), "created": _utc_to(o["CreatedDate"], tz),
                          "close": close})
    lead = _csv(root / "Lead.csv", encoding="utf-8-sig")
    # a lead of the same person as an earlier one (its Name, Title and Email, case aside) is that lead again: none
    # here ("Liz Smyth" of lizsmyth@mailinator.com twice, a VP Operations and an EVP Business Development)
    person = pd.DataFrame({"name": lead["Name"].str.casefold(), "title": lead["Title"].str.casefold(),
                           "mail": lead["Email"].str.strip().str.casefold()})
    again = person.loc[lead["CreatedDate"].sort_values(kind="stable").index].duplicated() & (person["mail"] != "")
    lead = lead[~again.reindex(lead.index)]
    created_leads = _utc_to(lead["CreatedDate"], tz)
    first = earliest(deals["created"], deals["close"], created_leads)
    month = report_month(exported, first)
    cells = sales(deals, month, min(_month_end(month), exported))
    conv = (lead["IsConverted"] == "1") | (lead["ConvertedDate"] != "")
    cells.update(leads(pd.DataFrame({"created": created_leads, "converted": conv}), month))
    acts = salesforce_activities(root, tz, exported)
    cells.update(activities(acts, sorted({p for k, p in cells if k == "new_revenue"})))
    return Truth(month, cells)


def salesforce_activities(root: Path, tz: str = "America/New_York", exported: str = "2022-04-13 15:33"
                          ) -> pd.DataFrame:
    """The demo org's tasks and events as kind, held, when (*exported*: Lead.csv's last change, in New York time).

    A task of Type Call, Meeting or Email was held once its Status is Completed, on its ActivityDate; an event of
    Type Call or Meeting once it started, before the export, in New York time.
    """
    task, event = (_csv(root / f"{f}.csv", encoding="utf-8-sig") for f in ("Task", "Event"))
    start = _utc_to(event["StartDateTime"], tz)
    return pd.concat([pd.DataFrame({"kind": task["Type"].str.lower(), "held": task["Status"] == "Completed",
                                    "when": pd.to_datetime(task["ActivityDate"], errors="coerce")}),
                      pd.DataFrame({"kind": event["Type"].str.lower(), "held": start <= pd.Timestamp(exported),
                                    "when": start})])


def acumatica_sdlv(root: Path) -> Truth:
    # the opportunities grid: Status (not Stage) says won or lost; won and lost deals dated by Actual Close Date
    o = pd.read_excel(root / "Opportunities.xlsx", engine="openpyxl")
    exported = o["Last Modified Date"].max()
    status = o["Status"].map({"Won": "won", "Lost": "lost", "New": "open", "Open": "open"})
    deals = pd.DataFrame({"status": status, "amount": o["Estimated amount"], "created": o["Created On"],
                          "close": o["Actual Close Date"].where(status.isin(["won", "lost"]))})
    month = report_month(exported, earliest(deals["created"], deals["close"]))
    return Truth(month, sales(deals, month, min(_month_end(month), exported)))


def bitrix_leasing(root: Path) -> Truth:
    # crm.deal.list: CLOSED = N is open; a closed deal is won in the stage "Выдано" (issued: the main funnel's
    # success) or a funnel's WON stage, lost in any other closed stage; +03:00 times in Moscow time
    d = _csv(root / "deals.csv")
    # deals titled with the word test ("Тест", "тест тест", "Заявка #test - ...") are the team's tests of its web
    # forms (their contact field says "тест"); "НЕФТЕСТРОЙСЕРВИС" holds the letters inside a customer's name
    d = d[~d["TITLE"].str.contains(r"(?<!\w)(?:test|тест)(?!\w)", case=False, na=False)]
    stage = d["STAGE_ID"]
    won = stage.eq("Выдано") | stage.str.endswith(":WON")
    status = np.where(d["CLOSED"] == "N", "open", np.where(won, "won", "lost"))
    tz = "Europe/Moscow"
    deals = pd.DataFrame({"status": status, "amount": _num(d["OPPORTUNITY"]), "created": _utc_to(d["DATE_CREATE"], tz),
                          "close": _utc_to(d["CLOSEDATE"], tz).dt.normalize()})
    closed = deals["status"].isin(["won", "lost"])
    end = latest(deals["created"], deals["close"].where(closed))   # no modification column
    month = report_month(end, earliest(deals["created"]))
    return Truth(month, sales(deals, month, min(_month_end(month), end)))


def zoho_backup_sample(root: Path) -> Truth:
    # a Data Backup of Zoho's sample records: Stage words, Closing Date, Modified Time in every file
    o = _csv(root / "Deals_001.csv")
    files = [o, _csv(root / "Leads_001.csv"), _csv(root / "Accounts_001.csv")]
    exported = max(pd.to_datetime(f["Modified Time"], errors="coerce").max() for f in files)
    stage = o["Stage"].str.lower()
    status = np.where(stage == "closed won", "won", np.where(stage.str.startswith("closed"), "lost", "open"))
    close = pd.to_datetime(o["Closing Date"], errors="coerce")
    close = close.mask(pd.Series(status).isin(["won", "lost"]) & (close > exported.normalize()))
    deals = pd.DataFrame({"status": status, "amount": _num(o["Amount"]),
                          "created": pd.to_datetime(o["Created Time"]), "close": close})
    lead = files[1]
    created = pd.to_datetime(lead["Created Time"])
    first = earliest(deals["created"], created, pd.to_datetime(files[2]["Created Time"]))
    month = report_month(exported, first)
    cells = sales(deals, month, min(_month_end(month), exported))
    conv = lead["Is Converted"].str.lower().eq("true") | (lead["Converted Date Time"] != "")
    cells.update(leads(pd.DataFrame({"created": created, "converted": conv}), month))
    return Truth(month, cells)


def snow_incidents(root: Path) -> pd.DataFrame:
    """ServiceNow's incidents of the Duke export, its test caller, its test tickets and its auto-replies left out."""
    d = _csv(root / "incident.csv", encoding="cp1252")
    # the caller "test@mc.duke.edu" is an address made to try the web form (its description lists the form's
    # fields): no one's ticket
    d = d[~d["caller_id"].str.lower().str.startswith("test@")]
    # a short description that is a test ticket, read word by word (punctuation dropped, lower case): the word
    # test or testing alone, with "ticket" / "incident" or a number ("test", "Testing ticket", "testing 123"); one
    # that starts so and asks to ignore it ("TEST TICKET - PLEASE DISREGARD", "TEST - DO NOT TOUCH"); a test
    # ticket, incident or e-mail named so ("Test ticket to DIBS help desk"); "This is (only) a test" and nothing
    # else. "Testing pager" and "test page" (a pager's test, as the desk uses tickets) and "This is a test of copy
    # & paste from word" stay counted. 99 tickets, 13 of them "This is a test"
    words = d["short_description"].str.lower().str.replace(r"[^\w\s]", " ", regex=True).str.split().str.join(" ")
    first = words.str.split().str[0]
    test = (words.str.fullmatch(r"(?:test|testing)(?: ticket| incident)?(?: \d+)?")
            | (first.isin(["test", "testing"]) & words.str.contains(r"\b(?:ignore|disregard|do not touch)\b"))
            | words.str.match(r"test (?:ticket|incident|email)\b")
            | words.str.fullmatch(r"this is (?:only |just )?a test(?: ticket| email)?")).fillna(False)
    # an incident the mail gateway made of an auto-reply ("Automatic reply: Delivery failure - Duke SMS text
    # message", "Automatic reply: NetID For New Hire"): nobody's request, closed by the system 11 days on. 15 of them
    auto = d["short_description"].str.lower().str.startswith("automatic reply:").fillna(False)
    return d[~test & ~auto]


def snow_duke(root: Path) -> Truth:
    # ServiceNow incidents: no closing column; closed = opened + calendar_duration seconds (0 until closed)
    d = snow_incidents(root)
    opened = pd.to_datetime(d["opened_at"])
    secs = _num(d["calendar_duration"])
    closed = (opened + pd.to_timedelta(secs.where(secs > 0), unit="s")).dt.round("s")
    exported = pd.to_datetime(d["sys_updated_on"]).max()
    month = last_busy(report_month(exported, opened.min()), opened, opened, closed)
    cases = pd.DataFrame({"opened": opened, "closed": closed, "csat": np.nan})
    return Truth(month, service(cases, month), service_cards(cases, month))


def nyc311_service_requests(root: Path) -> Truth:
    # 12-hour timestamps; 01/01/1900 is the system's "no date"
    d = _csv(root / "311_subset.micro.csv")
    fmt = "%m/%d/%Y %I:%M:%S %p"
    opened = pd.to_datetime(d["Created Date"], format=fmt, errors="coerce")
    closed = pd.to_datetime(d["Closed Date"], format=fmt, errors="coerce")
    closed = closed.mask(closed < pd.Timestamp("1950-01-01"))
    end = latest(opened, closed)
    month = last_busy(report_month(end, opened.min()), opened, opened, closed)
    cases = pd.DataFrame({"opened": opened, "closed": closed, "csat": np.nan})
    # "Due Date" is when a request was to be resolved: of the month's closed requests that have one, the share
    # closed by it (March 2011: 1,606 of 1,860; 14 closed requests have no due date)
    due = pd.to_datetime(d["Due Date"], format=fmt, errors="coerce")
    of_month = (closed.dt.to_period("M").astype(str) == month) & due.notna()
    on_time = {("resolved_on_time", month): float((closed[of_month] <= due[of_month]).mean())}
    return Truth(month, service(cases, month), service_cards(cases, month) | on_time)


def customer_support_tickets(root: Path) -> Truth:
    # no opening time: "Time to Resolution" is when a ticket was resolved (a timestamp), rated 1-5 when closed
    d = _csv(root / "customer_support_tickets.csv")
    closed = pd.to_datetime(d["Time to Resolution"], errors="coerce")
    first_response = pd.to_datetime(d["First Response Time"], errors="coerce")
    end = latest(closed, first_response)
    # 31 May 21:53 to 2 June 00:55: June holds 2,670 closings and 5,475 first responses, May 99 and 175
    month = report_month(end, earliest(closed, first_response), closed, first_response)
    cases = pd.DataFrame({"opened": pd.NaT, "closed": closed, "csat": _num(d["Customer Satisfaction Rating"])})
    cases["opened"] = pd.to_datetime(cases["opened"])
    return Truth(month, service(cases, month))


def call_center(root: Path) -> Truth:
    # one row per call: opened = Date + Time; no closing time; rated 1-5 when answered
    d = _csv(root / "Call-Center-Dataset.csv", encoding="utf-8-sig")
    opened = pd.to_datetime(d["Date"] + " " + d["Time"])
    month = report_month(latest(opened), opened.min())
    cases = pd.DataFrame({"opened": opened, "closed": pd.NaT, "csat": _num(d["Satisfaction rating"])})
    cases["closed"] = pd.to_datetime(cases["closed"])
    # the cards: calls of the month, and its ratings (dated by the call: there is no closing time)
    in_month = opened.dt.to_period("M").astype(str) == month
    rated = cases.loc[in_month, "csat"].dropna()
    # "Resolved" is Y or N on every call: the month's resolved share is the Ys among its calls
    cards = {("cases_opened", month): float(in_month.sum()),
             ("csat_mean", month): float(rated.mean()), ("csat_satisfied_share", month): float((rated >= 4).mean()),
             ("resolved_share", month): float((d.loc[in_month, "Resolved"] == "Y").mean()),
             # "Answered (Y/N)" on every call: a call nobody picked up is a call that came in all the same
             ("answered_share", month): float((d.loc[in_month, "Answered (Y/N)"] == "Y").mean())}
    # the first numbers give the resolved share too (without closing times it is the only word on resolution), and
    # the answered share: what a call log says of each call
    cells = service(cases, month) | {k: cards[k] for k in (("resolved_share", month), ("answered_share", month))}
    return Truth(month, cells, cards)


def saas_subscriptions(root: Path) -> Truth:
    # support tickets (submitted / closed), accounts (signup) and subscriptions (start) are dated events
    t = _csv(root / "ravenstack_support_tickets.csv")
    opened, closed = pd.to_datetime(t["submitted_at"]), pd.to_datetime(t["closed_at"], errors="coerce")
    signup = pd.to_datetime(_csv(root / "ravenstack_accounts.csv")["signup_date"])
    subs = _csv(root / "ravenstack_subscriptions.csv")
    start = pd.to_datetime(subs["start_date"])
    end = latest(opened, closed, signup, start)
    month = report_month(end, earliest(opened, signup, start))
    cases = pd.DataFrame({"opened": opened, "closed": closed, "csat": _num(t["satisfaction_score"])})
    # MRR on page 1: mrr_amount summed over the subscriptions started by the month's last day and not ended by
    # it (an empty end_date: still running)
    stop, amount = pd.to_datetime(subs["end_date"]), _num(subs["mrr_amount"])

    def mrr(m: pd.Period) -> float:
        last = m.end_time.normalize()
        return float(amount[(start <= last) & (stop.isna() | (stop > last))].sum())
    # the numbers to check give the MRR of the last three months too, each at its month's end
    now = pd.Period(month, "M")
    cells = service(cases, month) | {("mrr", str(now - i)): mrr(now - i) for i in range(3)}
    return Truth(month, cells, cards={("mrr", month): mrr(now)})


def x_education_leads(root: Path) -> Truth:
    # no dates at all: every lead counts once; Converted is 0 or 1
    d = _csv(root / "Leads.csv")
    lead = pd.DataFrame({"created": pd.NaT, "converted": d["Converted"].map({"1": True, "0": False})})
    lead["created"] = pd.to_datetime(lead["created"])
    return Truth(_undated_month(), leads(lead, None))


def odoo_vapelife(root: Path) -> Truth:
    # an import-compatible crm.lead: every row is a lead (type "Lead"), no dates, nothing says converted
    d = _csv(root / "crm.lead.csv")
    lead = pd.DataFrame({"created": pd.NaT, "converted": np.nan}, index=d.index[d["type"] == "Lead"])
    lead["created"] = pd.to_datetime(lead["created"])
    return Truth(_undated_month(), leads(lead, None))


def online_advertising(root: Path, year: int = 2023) -> Truth:
    # spend per day, the month by name without a year: the hand config says 2023, a draft assumes this year
    # the day of the month is a column of its own ("day"): a month is complete when its last day has rows
    d = _csv(root / "online_advertising_performance_data.csv")
    order = {"April": 4, "May": 5, "June": 6}
    num = d["month"].map(order)
    spend = _num(d["cost"]).groupby(num).sum()
    last_day = pd.to_numeric(d["day"]).groupby(num).max()
    complete = [m for m in spend.index if last_day[m] == calendar.monthrange(year, m)[1]]
    last = max(complete)                                           # April 1-30, May 1-31, June 1-30: June
    month = f"{year}-{last:02d}"
    cells = {("marketing_spend", f"{year}-{m:02d}"): float(v) for m, v in spend.items() if m <= last}
    # the numbers to check against the ad platform also give each month's clicks and post-click conversions
    for kpi, col in (("ad_clicks", "clicks"), ("ad_conversions", "post_click_conversions")):
        cells |= {(kpi, f"{year}-{m:02d}"): float(v) for m, v in _num(d[col]).groupby(num).sum().items() if m <= last}
    # the cards: clicks and post-click conversions of the report month, spend per click and per conversion
    m = d[num == last]
    cost, clicks, conv = _num(m["cost"]).sum(), _num(m["clicks"]).sum(), _num(m["post_click_conversions"]).sum()
    cards = {("ad_clicks", month): float(clicks), ("cost_per_click", month): float(cost / clicks),
             ("ad_conversions", month): float(conv), ("cost_per_conversion", month): float(cost / conv)}
    return Truth(month, cells, cards)


def _undated_month() -> str:
    """Data without any date ends today: the last complete month before today."""
    return report_month(pd.Timestamp(dt.date.today()), None)


TRUTHS = {f.__name__: f for f in (salesforce_demo_org, acumatica_sdlv, bitrix_leasing, zoho_backup_sample, snow_duke,
                                  nyc311_service_requests, customer_support_tickets, call_center, saas_subscriptions,
                                  x_education_leads, odoo_vapelife, online_advertising)}
