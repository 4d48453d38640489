"""Page-1 findings of a service desk that the KPI cards and the segment comparisons do not make.

A help desk's export often has too few cases per channel for a segment comparison and no earlier
month to compare with, and its page 1 then said nothing a director could act on. Three facts hold
for any desk whose export has closing times, each dated and counted:

- the cases still open (when the export has no opening dates: at its last day, by status, their
  age unknown; otherwise at the end of page 1's month, when none has yet waited a month — the
  older ones are :func:`crmanalysis.analyses.scorecard.open_work_findings`);
- the long tail of resolution times (the card shows the median; one case in ten takes longer
  than the 90th percentile);
- the share of poor ratings (1 or 2 on the 1–5 scale whose 4 and 5 the satisfied share counts), from 5 %.

Each needs :data:`MIN_CASES` cases at least: a share of a few is chance. And for a sales client with
leads and deals, the weakest step of its funnel (:func:`funnel_findings`).
"""

from __future__ import annotations

import pandas as pd

from .. import kpis as K
from ..data import ClientData
from ..i18n import Note
from ..kpis.catalogue import rated_when
from .headline import STALE_DAYS, card_month, month_note, not_closed_by, open_cases, period_note
from .kinds import answer_survey
from .window import Window, old_keywords

__all__ = ["service_findings", "funnel_findings", "MIN_CASES", "POOR_RATING", "POOR_SHARE", "FUNNEL"]

#: fewer cases than this give no percentile or share worth a sentence
MIN_CASES = 30
#: a rating at or below this, on the 1–5 scale, is a poor one
POOR_RATING = 2
#: poor ratings below this share of the rated cases do not stand out ("0 of 63 rated cases" said nothing)
POOR_SHARE = 0.05


@old_keywords(1)
def service_findings(data: ClientData, *, window: Window, days: int = STALE_DAYS) -> list[Note]:
    """The open cases, the long tail of resolution times and the poor ratings of page 1's month, one Note each.

    Nothing for a client without cases. Cases without a closing time (a call log) have no open cases
    and no resolution times to speak of; their ratings still count, dated as the CSAT cards date them.
    """
    if not (data.has("cases") and len(data.cases)):
        return []
    start, end = K.month_window(card_month(data, window.month))
    out = [_open_cases(data, end, window.end_of_data, days), _resolution_tail(data, start, end),
           _backlog_moved(data, end, window.end_of_data)] if data.has("cases", "closed_at") else []
    return [n for n in [*out, _poor_ratings(data, start, end)] if n is not None]


#: the months over which the open cases' change is said
BACKLOG_MONTHS = 3
#: a change of the open cases by at least this share of them (and :data:`BACKLOG_MIN` cases) is worth a sentence
BACKLOG_SHARE = 0.1
BACKLOG_MIN = 5


def _backlog_moved(data: ClientData, month_end: pd.Timestamp, last: pd.Timestamp) -> Note | None:
    """How the open cases moved over the :data:`BACKLOG_MONTHS` months to the end of page 1's month, where by much.

    A desk's cards showed 114 cases opened and 110 closed, and 134 against 129 the month before: each month a few
    more came in than went out, and no sentence said that the open cases grew. Only where the export holds the
    months before (its first case opened by their start).
    """
    c = data.cases
    if not data.has("cases", "opened_at") or not c["opened_at"].notna().any():
        return None
    day = min(month_end, last)
    since = (day.to_period("M") - BACKLOG_MONTHS).end_time          # the end of that month's last day
    if c["opened_at"].min() > since:
        return None
    then, now = int(open_cases(c, since)[0].sum()), int(open_cases(c, day)[0].sum())
    moved = now - then
    if abs(moved) < max(BACKLOG_MIN, BACKLOG_SHARE * max(then, 1)):
        return None
    opened = int(((c["opened_at"] > since) & (c["opened_at"] <= day)).sum())
    closed = int(((c["closed_at"] > since) & (c["closed_at"] <= day)).sum())
    return Note("finding.backlog_grew" if moved > 0 else "finding.backlog_fell", then=then, now=now,
                since={"day": f"{since:%Y-%m-%d}"}, day={"day": f"{day:%Y-%m-%d}"}, opened=opened, closed=closed)


def _commonest_status(c: pd.DataFrame, open_: pd.Series) -> Note:
    """The commonest status of the open cases and its count, or a sentence that the export has none."""
    if "status" not in c or not c.loc[open_, "status"].notna().any():
        return Note("finding.no_status")
    status, n = next(iter(c.loc[open_, "status"].value_counts().items()))
    return Note("finding.top_status", status=str(status), n=int(n))


def _open_cases(data: ClientData, month_end: pd.Timestamp, last: pd.Timestamp, days: int) -> Note | None:
    c = data.cases
    if not data.has("cases", "opened_at"):
        # no opening dates: which cases were open at the month's end is unknown; at the export's last day
        # every case without a closing time is open
        open_ = not_closed_by(c, last)
        if not open_.any():
            return None
        return Note("finding.open_undated", n=int(open_.sum()), total=len(c), day={"day": f"{last:%Y-%m-%d}"},
                    status=_commonest_status(c, open_))
    day = min(month_end, last)
    open_, waiting = open_cases(c, day, days)
    if not open_.any() or waiting.any():        # cases waiting longer are the backlog finding's
        return None
    # "none of them for more than 30 days" of an export that starts 26 days before says nothing
    older = c["opened_at"].min() <= day - pd.Timedelta(days=days)
    return Note("finding.open_now", n=int(open_.sum()), total=int((c["opened_at"] <= day).sum()),
                day={"day": f"{day:%Y-%m-%d}"}, waited=Note("finding.none_older", days=days) if older else "")


def _resolution_tail(data: ClientData, start: pd.Timestamp, end: pd.Timestamp) -> Note | None:
    if not data.has("cases", "opened_at"):
        return None
    c = data.cases
    hours = (c["closed_at"] - c["opened_at"]).dt.total_seconds() / 3600
    done = hours[(c["closed_at"] >= start) & (c["closed_at"] <= end) & (hours >= 0)].astype(float)
    if len(done) < MIN_CASES:
        return None
    return Note("finding.resolution_tail", n=len(done), month={"month": f"{start:%Y-%m}"},
                median=_span(float(done.median())), p90=_span(float(done.quantile(0.9))))


def _span(hours: float) -> Note:
    """A span of hours as the reader counts it: two days and more in days as well, under an hour in minutes."""
    if hours < 1:
        # a chat desk's "half within 0.14 hours" left the reader to multiply by 60
        return Note("finding.minutes", minutes={"value": hours * 60, "unit": "count"})
    return Note("finding.hours_days" if hours >= 48 else "finding.hours", hours={"value": hours, "unit": "hours"},
                days={"value": hours / 24, "unit": "days", "digits": 1})


def _poor_ratings(data: ClientData, start: pd.Timestamp, end: pd.Timestamp) -> Note | None:
    if not data.has("cases", "csat"):
        return None
    c = data.cases
    when = rated_when(c)[0]                         # the CSAT cards' own dating: closing, else (a call log) opening
    rated = c["csat"][(when >= start) & (when <= end)].dropna().astype(float)
    if len(rated) < MIN_CASES or rated.max() > 5:  # another scale than 1–5: no "1 or 2" to speak of
        return None
    poor = int((rated <= POOR_RATING).sum())
    if poor < POOR_SHARE * len(rated):
        return None
    # a Good / Bad or Great / Okay / Not Good survey (read as 5 / 1 or 5 / 3 / 1) has no "1 or 2": its poor
    # ratings are its bottom answers
    key = "finding.bad_ratings" if answer_survey(data) else "finding.poor_ratings"
    return Note(key, n=poor, rated=len(rated), share={"value": poor / len(rated), "unit": "ratio"},
                month=month_note(data, f"{start:%Y-%m}", ("cases",)))


#: the funnel's steps, each a ratio KPI whose numerator of its denominator is the step's passing: a
#: lead's qualification (MQL → SQL, where the export dates both), its conversion, a quote's acceptance, a
#: decided deal's win
FUNNEL = ("mql_to_sql", "lead_conversion_rate", "quote_to_customer", "win_rate")


@old_keywords(12)
def funnel_findings(data: ClientData, *, window: Window) -> list[Note]:
    """The weakest step of the funnel over the window's months up to page 1's month, against the other steps.

    Only where the data has two steps or more with :data:`MIN_CASES` records each (one step alone is a
    KPI card, not a comparison): leads qualified of those marketing-qualified, leads converted of the
    leads created, quotes accepted of those sent, deals won of the deals decided. A step the export
    cannot date (no MQL dates, no quotes) is left out; the others are named from the weakest up.
    """
    start, end = K.month_window(card_month(data, window.month), window.months)
    as_of = window.end_of_data                # a lead converts when it does: counted up to the end of the data
    kpis = [k for k in FUNNEL if all(data.has(t) and len(data.table(t)) for t in K.kpi(data, k).tables)]
    # every step over the same months: from where the latest of their tables starts in earnest (after a
    # lead-in of stray records, as page 1's cards and segment findings count)
    firsts = [data.starts_in_earnest(K.kpi(data, k).tables[:1], end) for k in kpis]
    start = max([start, *(f.to_period("M").to_timestamp() for f in firsts if f is not None)])
    steps = []
    for kpi in kpis:
        f = K.compute(data, [kpi], period="M", start=start, end=min(end, as_of), as_of=as_of)
        f = f[f["period"].notna()]            # a step the export lacks a column of has no period, no count
        k, n = float(f["numerator"].sum()), float(f["denominator"].sum())
        if n >= MIN_CASES:
            steps.append((k / n, kpi, int(k), int(n)))
    if len(steps) < 2:
        return []
    steps.sort()

    def step(rate: float, kpi: str, k: int, n: int) -> Note:
        return Note("finding.step", step=Note(f"funnel.{kpi}"), rate={"value": rate, "unit": "ratio"}, k=k, n=n)

    table = K.kpi(data, steps[0][1]).tables[0]
    return [Note("finding.funnel", period=period_note(data, table, start, end), weakest=step(*steps[0]),
                 other={"list": [step(*s) for s in steps[1:]], "sep": ", "})]
