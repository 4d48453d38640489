"""Scorecards and drill-down: from "overall fine" to the segment behind a shortfall.

* :func:`scorecard` — KPIs side by side per region / industry / product group / team / rep:
  actual, reference (the same months last year, the previous months, or targets), variance,
  score and red / amber / green status.
* :func:`drill_path` — level by level, the segment contributing most to a shortfall and its
  share of the gap (e.g. Central region → Consumer goods → Home care).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import ClientData, NotComputable, undecided_stages
from ..i18n import Note, fmt_change, not_computable
from .headline import MIN_EVENTS, STALE_DAYS, open_cases, period_note, undated
from .levels import COMBINED, by_of, entity_names, unknown_only
from .targets import DEFAULT_BANDS, score, status
from .window import Window, old_keywords

__all__ = ["window_sentence", "segment_findings", "pipeline_findings", "close_date_findings", "change_drivers",
           "zero_amounts", "scorecard", "drill_path", "windows", "red_segments", "COMBINATION",
           "shown_levels", "same_levels", "shown_sentence", "drill_sentence", "MIN_SEGMENT"]

COMBINATION = COMBINED.join(("region", "industry", "product_group"))     # the scorecard's finest level



def windows(month: str, months: int, reference: str) -> tuple[tuple[pd.Timestamp, pd.Timestamp],
                                                               tuple[pd.Timestamp, pd.Timestamp]]:
    """Return (actual window, reference window).

    The actual window is *months* months ending with *month*; the reference is the same
    months a year earlier (``last_year``) or the months just before (``previous``).
    """
    start, end = K.month_window(month, months)
    if reference == "last_year":
        r0, r1 = start - pd.DateOffset(years=1), end - pd.DateOffset(years=1)
    elif reference == "previous":
        r0, r1 = start - pd.DateOffset(months=months), start - pd.Timedelta(1, "ns")
    else:
        raise ValueError(f"reference must be 'last_year' or 'previous', got {reference!r}")
    return (start, end), (r0, r1)


def within_data(data: ClientData, window: Window, kpis: list[str] | tuple[str, ...], reference: str) -> Window:
    """*window* cut to its last months whose same months a year earlier the data of *kpis* holds.

    Deals from September 2025, twelve months to October 2026: November 2024 – October 2025 held two months of
    deals against twelve, and the drill-down read new revenue +859 %. Cut, September – October 2026 is set
    against September – October 2025. A reference of the months just before is left as it is.

    Raises
    ------
    NotComputable
        When the data start after the report month a year earlier (and before the report month).
    """
    if reference != "last_year":
        return window
    tables = tuple(dict.fromkeys(t for k in kpis for t in K.kpi(data, k).tables))
    first = data.span(tables=tables)[0]
    if first is None or pd.isna(first):
        return window
    # the month of the first record counts, as everywhere the report says from when the data start
    whole = first.to_period("M").to_timestamp()
    start = window.month_start
    k = (start.year - whole.year - 1) * 12 + start.month - whole.month + 1      # report months a year after `whole`
    if k < 1 and whole < start:                  # (a file of days within one month: what else it lacks says more)
        raise NotComputable(detail=Note("nc.no_year_before", first={"month": f"{whole:%Y-%m}"},
                                        month={"month": window.month}))
    return window.back(k) if 1 <= k < window.months else window


def _window_value(data: ClientData, kpi: str, by: list[str], start, end, as_of) -> pd.DataFrame:
    """KPI over a whole window per entity: additive KPIs sum, ratio KPIs Σnum/Σden, medians from rows."""
    spec = K.kpi(data, kpi)
    if not spec.reaggregable or spec.basis in ("as_of", "snapshot"):
        f = K.compute(data, [kpi], by=by, period="Y", start=start, end=end, as_of=min(as_of, end))
        f = f[f["period"].notna()]
        if spec.stat == "sum" and f["period"].nunique() > 1:      # snapshot: take the last one
            f = f[f["period_start"] == f["period_start"].max()]
        g = f.groupby(by, dropna=False).agg(value=("value", "last"), numerator=("numerator", "sum"),
                                            denominator=("denominator", "sum"), n=("n", "sum")).reset_index() \
            if by else f[["value", "numerator", "denominator", "n"]].tail(1).reset_index(drop=True)
        return g
    f = K.compute(data, [kpi], by=by, period="M", start=start, end=end, as_of=min(as_of, end))
    if f["period"].isna().all():                 # the KPI says what it needs ("needs opportunities.close_date")
        raise not_computable(f["note"].iloc[0] if len(f) else "")
    f = f[f["period"].notna()]
    r = K.reaggregate(f.assign(period="window", period_start=start), by, K.registry_for(data))
    return r[[*by, "value", "numerator", "denominator", "n"]]


def _level_values(data: ClientData, kpi: str, levels: list[tuple[str, list[str]]], start, end,
                  as_of) -> dict[str, pd.DataFrame | NotComputable]:
    """:func:`_window_value` of *kpi* for every level (name → frame, or why it cannot be computed).

    A KPI that rolls up (sums, Σnum/Σden) is computed once, by every level's columns together,
    and summed up to each level: the same numbers as one computation per level, at a fraction
    of the cost. Medians, snapshots, or a column one level cannot have: one computation per level.
    """
    spec = K.kpi(data, kpi)
    fine = list(dict.fromkeys(c for _, by in levels for c in by))
    if spec.reaggregable and spec.basis not in ("as_of", "snapshot") and len(levels) > 1:
        try:
            f = K.compute(data, [kpi], by=fine, period="M", start=start, end=end, as_of=min(as_of, end))
        except NotComputable:
            f = None                             # one level's column is missing: level by level below
        if f is not None and not f["period"].isna().all():
            # the window's months summed once per finest segment; each level then sums those few rows
            cells = f[f["period"].notna()].groupby(fine, dropna=False, sort=False)[["numerator", "denominator",
                                                                                   "n"]].sum(min_count=1)
            return {name: _rolled_up(cells, by, spec.stat) for name, by in levels}
    out: dict[str, pd.DataFrame | NotComputable] = {}
    for name, by in levels:
        try:
            out[name] = _window_value(data, kpi, by, start, end, as_of)
        except NotComputable as exc:
            out[name] = exc
    return out


def _rolled_up(cells: pd.DataFrame, by: list[str], stat: str) -> pd.DataFrame:
    """The finest segments' sums rolled up to *by*, as :func:`crmanalysis.kpis.reaggregate` would."""
    g = cells.groupby(level=by, dropna=False, sort=True).sum(min_count=1).reset_index() if by else \
        cells.sum(min_count=1).to_frame().T
    if stat == "sum":
        g["value"], g["denominator"] = g["numerator"], np.nan
    else:
        den = g["denominator"].where(g["denominator"] != 0)
        g["value"] = g["numerator"] / den
    g["n"] = g["n"].fillna(0)
    return g[[*by, "value", "numerator", "denominator", "n"]]


@old_keywords(3)
def scorecard(data: ClientData, kpis: list[str] | tuple[str, ...] = ("new_revenue", "deals_won", "win_rate",
                                                                      "average_deal_size"), *,
              window: Window, levels: tuple[str, ...] = ("region", "industry", "product_group", "team", "rep"),
              reference: str = "last_year", targets: pd.DataFrame | None = None,
              bands: tuple[float, float] = DEFAULT_BANDS, include_combination: bool = True,
              by_segment: bool = False) -> pd.DataFrame:
    """KPIs side by side per level with actual, reference, variance, score and status.

    The actual covers the window's months ending with its report month; the reference is the same months
    a year earlier (default) or the months just before. With *targets* (from
    :func:`crmanalysis.analyses.targets.set_targets`), rows that have a target use it as reference.
    ``include_combination`` adds the region × industry × product-group level. With ``by_segment``, a card
    with no level of :data:`SHOWN_LEVELS` but the company's, for want of data, raises what that data is.

    Returns
    -------
    pandas.DataFrame
        One row per KPI × level × entity: ``kpi``, ``label``, ``unit``, ``direction``, ``kind``,
        ``level``, ``entity``, ``entity_name``, ``actual`` over ``window``, ``reference`` and
        ``reference_kind`` (last year, previous months or target), ``n``, ``variance``,
        ``variance_pct``, ``change`` (a rate's variance, any other KPI's variance_pct), ``score``, ``status``,
        ``window`` and ``window_cut`` (the months shortened to those the data reach back a year for).

    Raises
    ------
    NotComputable
        When no KPI can be computed; with ``by_segment``, also when only the company's level (and the reps')
        is left and a level was left out for want of data (what it needs).
    """
    asked, window = window.months, within_data(data, window, kpis, reference)
    as_of_ts, months = window.as_of, window.months
    (a0, a1), (r0, r1) = windows(window.month, months, reference)
    level_list = [(lv, by_of(lv)) for lv in levels]
    level_list.insert(0, ("company", []))
    if include_combination:
        level_list.append((COMBINATION, by_of(COMBINATION)))
    rows, gap = [], None
    for kpi in kpis:
        spec = K.kpi(data, kpi)
        acts = _level_values(data, kpi, level_list, a0, a1, as_of_ts)
        refs = _level_values(data, kpi, level_list, r0, r1, as_of_ts)
        for name, by in level_list:
            act, ref = acts[name], refs[name]
            if isinstance(act, NotComputable) or isinstance(ref, NotComputable):   # a level or KPI it cannot support
                gap = gap or (act if isinstance(act, NotComputable) else ref)
                continue
            key = by or None
            if key and unknown_only(act[by]) and unknown_only(ref[by]):
                continue                         # a dimension the client's data does not have: no "(unknown)" rows
            if key:
                m = act.merge(ref, on=by, how="outer", suffixes=("", "_ref"))
                m["entity"] = m[by].astype("string").fillna(K.engine.UNKNOWN).agg(" / ".join, axis=1)
            else:
                m = pd.concat([act.add_suffix(""), ref.add_suffix("_ref")], axis=1)
                m["entity"] = "all"
            m = m.rename(columns={"value": "actual", "value_ref": "reference"})
            m["kpi"], m["label"], m["level"], m["unit"], m["direction"], m["kind"] = (
                kpi, spec.label(data.config.language), name, spec.unit, spec.direction, spec.kind)
            m["reference_kind"] = reference.replace("_", " ")
            rows.append(m[["kpi", "label", "unit", "direction", "kind", "level", "entity", "actual", "reference",
                           "reference_kind", "n"]])
    if not rows:
        raise gap or NotComputable(detail=Note("nc.scorecard_none", kpis={"kpis": list(kpis)}, start=f"{a0:%Y-%m}",
                                               end=f"{a1:%Y-%m}"))
    out = pd.concat(rows, ignore_index=True)
    if by_segment and not out["level"].isin(SHOWN_LEVELS[1:]).any():
        # the company alone (and its reps), because its deals cannot be grouped by region or team (no users or
        # accounts), or name none of them, is no card by segment: Bitrix24's showed one row, "whole company"
        raise gap or NotComputable(Note("nc.segments"))
    if targets is not None and not targets.empty:
        _against_targets(out, targets, months)
    out["entity_name"] = entity_names(data, out["entity"], out["level"])
    out["window"] = f"{a0:%Y-%m}–{a1:%Y-%m}"
    out["window_cut"] = months < asked            # the data start too late for the months asked
    return _scored(out, bands)


def _scored(out: pd.DataFrame, bands: tuple[float, float]) -> pd.DataFrame:
    """*out* with each row's variance, its change, score and status against its reference."""
    out["variance"] = out["actual"] - out["reference"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["variance_pct"] = np.where(out["reference"] != 0, out["variance"] / out["reference"] * 100, np.nan)
    # as page 1's cards move a KPI: a rate by its points, anything else in percent of its reference
    out["change"] = np.where(out["unit"] == "ratio", out["variance"], out["variance_pct"])
    out["score"] = score(out["actual"], out["reference"], out["direction"])
    out["status"] = status(out["score"], bands)
    return out


def _against_targets(out: pd.DataFrame, targets: pd.DataFrame, months: int) -> None:
    """Rows of *out* with a target of their level, entity and KPI take it (times *months*) as their reference."""
    tmap = {(lv, e, k): t for lv, e, k, t in targets[["level", "entity", "kpi", "target"]].itertuples(index=False)}
    keys = out[["level", "entity", "kpi"]].itertuples(index=False)
    tv = np.asarray([tmap.get(tuple(key), np.nan) for key in keys], dtype=float)
    has_t = ~np.isnan(tv)
    out.loc[has_t, "reference"] = tv[has_t] * months
    out.loc[has_t, "reference_kind"] = "target"


#: a segment with fewer records than this is not compared: its rate would be chance
MIN_SEGMENT = 30
#: per kind of record: the KPI compared across segments, and the columns tried as segments
#: values an export writes for "not known": no segment to compare
NO_SEGMENT = ("", "unknown", "n/a", "na", "none", "null", "-", "not set", "not specified", "onbekend", "unbekannt",
              "ukendt")
SEGMENT_FINDINGS = (("opportunities", "win_rate", ("lead_source", "product_group", "product")),
                    ("leads", "lead_conversion_rate", ("source", "source_class")),
                    ("cases", "time_to_resolution_hours", ("channel", "priority")),
                    ("cases", "csat_mean", ("channel", "priority")),
                    ("marketing_spend", "cost_per_click", ("channel", "campaign_id")),
                    # a dialer's reps: who gets through least (a call list, a time of day) is what a review asks
                    ("activities", "call_connect_rate", ("owner_id",)),
                    # a booking team's hosts: whose meetings are cancelled or missed most
                    ("activities", "meeting_held_rate", ("owner_id",)))
#: what a segment's count is a count of, by KPI (a rate's denominator, a median's or mean's rows): "(68)"
#: beside a win rate said nothing of what it counted
SEGMENT_COUNTED = {"win_rate": "count.decided_deals", "lead_conversion_rate": "count.leads",
                   "time_to_resolution_hours": "count.resolved_cases", "csat_mean": "count.rated_cases",
                   "cost_per_click": "count.clicks", "call_connect_rate": "count.calls_made",
                   "meeting_held_rate": "count.meetings_planned"}


def _finding_window(data: ClientData, window: Window) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """(start, end, as_of) of a finding: the window's months up to the month page 1 shows.

    The month of page 1's cards (:func:`crmanalysis.analyses.headline.card_month`): an export whose activity
    stopped is read where it happened. The window starts after a lead-in of stray records
    (:meth:`~crmanalysis.data.ClientData.covered_from`), as page 1's comparisons do.
    """
    from .headline import card_month

    start, end = K.month_window(card_month(data, window.month), window.months)
    first = data.starts_in_earnest(None, end)
    if first is not None:                # never the month or two of stray records before the export really
        start = max(start, first.to_period("M").to_timestamp())     # starts (NYC: 1 case of 1,997)
    return start, end, window.as_of


def _no_segment(values: pd.Series) -> pd.Series:
    """True where a segment value says nothing: missing, blank or a placeholder ("(unknown)", "n/a", "-")."""
    return values.isna() | values.astype(str).str.strip("() ").str.lower().isin(NO_SEGMENT)


def _known(per: pd.DataFrame, col: str) -> pd.DataFrame:
    """The segments with a value: a record without it ("(unknown)", "n/a") is nobody's to act on."""
    return per[per["value"].notna() & ~_no_segment(per[col])]


def _segments(col: str, n: int) -> Note:
    """*n* segments of *col* in the column's own word: "the largest of the 4 lead sources", not "of the 4 segments"."""
    from ..texts import has

    return Note(f"count.segments.{col}" if has(f"count.segments.{col}") else "count.segments", n=int(n))


def _segments_by(col: str, n: int) -> Note:
    """:func:`_segments` in a sentence that names no column otherwise: "5 sources", else "5 segments by team"."""
    from ..texts import has

    return _segments(col, n) if has(f"count.segments.{col}") else Note("count.segments_by", n=int(n),
                                                                         column={"col": col})


def _value(data: ClientData, v: float, unit: str) -> dict[str, Any]:
    return {"value": float(v), "unit": unit, "currency": data.config.currency}


@old_keywords(12)
def segment_findings(data: ClientData, *, window: Window) -> list[Note]:
    """Where a KPI differs most between segments: the best and the worst segment against the whole, one Note each.

    Over the window's months ending with the month of page 1's cards (:func:`crmanalysis.analyses.headline.card_month`;
    a lead file without dates: the whole file);
    only segments of at least :data:`MIN_SEGMENT` records, and only where the best and the worst
    differ by at least a fifth and a share's best segment counts :data:`~crmanalysis.analyses.headline.MIN_EVENTS`
    events or more (1 win of 68 against none is chance).

    Each KPI's segment columns are tried in turn: a lead source without a difference does not hide the
    product's. The first column of each KPI that has one comes first, in the order of :data:`SEGMENT_FINDINGS`;
    a further column of the same KPI follows after all of them.
    """
    start, end, as_of_ts = _finding_window(data, window)
    first: list[Note] = []
    more: list[Note] = []
    for table, kpi, columns in SEGMENT_FINDINGS:
        cols = [c for c in columns if data.has(table, c) and data.table(table)[c].nunique() > 1]
        if not cols:
            continue
        try:
            whole = _segment_values(data, table, kpi, None, start, end, as_of_ts)     # once for all its columns
        except NotComputable:
            continue
        found = [n for c in cols for n in _segment_notes(data, table, kpi, c, whole, (start, end, as_of_ts))]
        first += found[:1]
        more += found[1:]
    return first + more


def _segment_notes(data: ClientData, table: str, kpi: str, col: str, whole: pd.DataFrame,
                   window: tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]) -> list[Note]:
    """The best and the worst segment of *col* against the *whole*, or the segment a rate loses most events in.

    The first where they differ enough (:func:`_best_and_worst`); the second (:func:`_shortfall`) where it is
    another segment than the worst. Both at once are one sentence: as two, page 1 read "Lead conversion by
    source" twice, with one source the worst and another the place to look.
    """
    start, end, as_of_ts = window
    try:
        per = _segment_values(data, table, kpi, col, start, end, as_of_ts)
    except NotComputable:
        return []
    if col in _PEOPLE_COLUMNS:
        if not data.has("users", "name"):
            return []                     # a user id ("005Hs000001AAA") is no name a director knows
        per[col] = entity_names(data, per[col], pd.Series("rep", index=per.index))
    per = _known(per[per["n"] >= MIN_SEGMENT], col)
    if len(per) < 2 or whole.empty or not whole["value"].notna().any():
        return []
    spec = K.kpi(data, kpi)
    per = per.sort_values("value", ascending=spec.direction == "lower")
    period = period_note(data, table, start, end)
    found = _best_and_worst(data, kpi, col, per, whole, period)
    lack = _shortfall(data, kpi, col, per, whole, period)
    if lack is None or (found is not None and str(per.iloc[-1][col]) == lack.params["segment"]):
        return [found] if found is not None else []
    if found is None:
        return [lack]
    extremes = {k: found.params[k] for k in ("best", "best_value", "best_n", "worst", "worst_value", "worst_n")}
    # "is a smaller loss" left a director asking: a loss of what? The events it costs, counted as the shortfall's
    worst = per.iloc[-1]
    lost = float(worst["n"]) * (float(whole["value"].iloc[0]) - float(worst["value"]))
    return [Note("finding.shortfall_extremes", **lack.params, **extremes,
                 worst_missing=Note(SHORTFALL_COUNTED[kpi], n=round(lost)))]


#: what a rate's shortfall is counted in: the events the segment would have had at the overall rate
SHORTFALL_COUNTED = {"win_rate": "count.won_deals", "lead_conversion_rate": "count.conversions",
                     "call_connect_rate": "count.answered_calls", "meeting_held_rate": "count.meetings_held"}


def _shortfall(data: ClientData, kpi: str, col: str, per: pd.DataFrame, whole: pd.DataFrame, period: Note
               ) -> Note | None:
    """The segment whose rate, below the whole's, costs the most events: its count × the gap to the whole.

    The best and the worst rate are often small segments (X Education: Welingak Website 98.6 % of 142
    leads, Facebook 23.6 % of 55) while the lever is a large one a little below (Olark Chat: 25.5 % of
    1,755 leads, 228 conversions fewer than at the 38.5 % over all). Only a rate of events (a win rate,
    a conversion), and only :data:`~crmanalysis.analyses.headline.MIN_EVENTS` events or more.
    """
    if kpi not in SHORTFALL_COUNTED:
        return None
    rate = float(whole["value"].iloc[0])
    missing = per["n"] * (rate - per["value"])
    i = missing.idxmax()
    if not missing[i] >= MIN_EVENTS:
        return None
    seg, unit = per.loc[i], K.kpi(data, kpi).unit
    return Note("finding.shortfall", kpi={"kpis": [kpi]}, column={"col": col}, segment=_named(col, seg[col]),
                value=_value(data, seg["value"], unit), n=Note(SEGMENT_COUNTED[kpi], n=int(seg["n"])),
                whole=_value(data, rate, unit), missing=Note(SHORTFALL_COUNTED[kpi], n=round(float(missing[i]))),
                segments=_segments(col, len(per)), period=period,
                # the segments compared are those of MIN_SEGMENT events or more: "of the 8" beside "of the 21" sources
                least=Note(SEGMENT_COUNTED[kpi], n=MIN_SEGMENT))


def _named(col: str, value: Any) -> str | Note:
    """A segment as a sentence names it: a bare number with its column's name ("priority 1"), else its value.

    Ivanti's priorities read "nach Priorität …: 1 3,1 (69 geschlossene Fälle) und 5 62,2", two numbers side by side.
    """
    text = str(value)
    return Note("finding.numbered", column={"col": col}, value=text) if re.fullmatch(r"\d{1,3}", text.strip()) \
        else text


def _best_and_worst(data: ClientData, kpi: str, col: str, per: pd.DataFrame, whole: pd.DataFrame, period: Note
                    ) -> Note | None:
    """The best and the worst segment of *per* (sorted best first) against the *whole*, where they differ enough."""
    spec = K.kpi(data, kpi)
    best, worst = per.iloc[0], per.iloc[-1]
    if abs(best["value"] - worst["value"]) < 0.2 * max(abs(best["value"]), abs(worst["value"])):
        return None
    if spec.unit == "ratio" and best["value"] * best["n"] < MIN_EVENTS:
        return None                       # 1 win of 68 against none: a rate of a few events is chance, not a finding
    return Note("finding.segments", kpi={"kpis": [kpi]}, column={"col": col},
                best=_named(col, best[col]), best_value=_value(data, best["value"], spec.unit),
                best_n=Note(SEGMENT_COUNTED[kpi], n=int(best["n"])), worst=_named(col, worst[col]),
                worst_value=_value(data, worst["value"], spec.unit),
                worst_n=Note(SEGMENT_COUNTED[kpi], n=int(worst["n"])),
                whole=_value(data, whole["value"].iloc[0], spec.unit), period=period,
                # NYC 311's two channels of three did not add up to its cases closed: the sentence says how many,
                # counted as the shortfall counts them (segments of MIN_SEGMENT events or more)
                segments=_segments(col, len(per)), least=Note(SEGMENT_COUNTED[kpi], n=MIN_SEGMENT))


#: where a kind's volume comes from: (table, KPI, the segment columns to try in turn)
SHARE_FINDINGS = (("opportunities", "new_revenue", ("lead_source", "product_group", "product")),
                  ("cases", "cases_opened", ("channel", "priority")),
                  ("cases", "cases_closed", ("channel", "priority")),      # a desk without opening times
                  ("leads", "new_leads", ("source", "source_class", "owner_id")),
                  ("marketing_spend", "marketing_spend", ("channel", "campaign_id")))
#: a segment with at least this share of its kind's volume is worth a sentence
MIN_SHARE = 0.4
#: else two segments with at least this share together, among three or more
MIN_SHARE_TWO = 0.5
#: and in either case at least this many times what an even split would give them: of two channels one
#: always has half, of four two always have half; only a share well above that says where volume comes from
OVER_EVEN = 1.5


@old_keywords(12)
def share_findings(data: ClientData, *, window: Window) -> list[Note]:
    """Where most of a kind's volume comes from: one segment with :data:`MIN_SHARE` of it, or two, one Note a kind.

    New revenue by lead source, cases opened by channel, new leads by source, spend by campaign, over
    the window's months ending with the month of page 1's cards (a lead file without dates: the whole
    file); only among at least two known segments and :data:`MIN_SEGMENT` records.
    """
    start, end, as_of_ts = _finding_window(data, window)
    out: list[Note] = []
    said: set[str] = set()                 # one finding per table: the first KPI and column that has one
    for table, kpi, columns in SHARE_FINDINGS:
        if not (data.has(table) and len(data.table(table))) or table in said:
            continue
        for col in (c for c in columns if data.has(table, c) and data.table(table)[c].nunique() > 1):
            if col == "owner_id" and not data.has("users", "name"):
                continue                      # a user id (Odoo's "base.user_root") is no name a director knows
            try:
                if undated(data, table):          # a lead file without dates: its leads per value, whole file
                    per = data.leads.groupby(col, dropna=False).size().rename("value").reset_index()
                    per["n"] = per["value"]
                else:
                    per = _segment_values(data, table, kpi, col, start, end, as_of_ts)
            except NotComputable:
                break
            if col == "owner_id":
                per[col] = entity_names(data, per[col], pd.Series("rep", index=per.index))
            known = _known(per[per["value"] > 0], col)     # a value with nothing in the window is no segment
            total = float(per["value"].sum())
            if len(known) < 2 or total <= 0 or per["n"].sum() < MIN_SEGMENT:
                continue
            note = _share_note(data, kpi, col, known, total, period_note(data, table, start, end))
            if note is None:
                continue
            said.add(table)
            out.append(note)
            break
    return out + _blank_sources(data, start, end)


#: a source left blank on at least this share of the leads is worth a sentence
MIN_BLANK_SOURCE = 0.5


def _blank_sources(data: ClientData, start: pd.Timestamp, end: pd.Timestamp) -> list[Note]:
    """The leads without a source, when the export fills it for some and leaves it blank for most.

    A source no lead has is a field the export lacks (said with the data); one most leads lack is a
    habit of the team, and no channel can then be credited with the leads.
    """
    if not data.has("leads", "source") or _no_segment(data.leads["source"]).all():
        return []
    leads = data.leads
    if not undated(data, "leads"):
        leads = leads[(leads["created_at"] >= start) & (leads["created_at"] <= end)]
    total, blank = len(leads), int(_no_segment(leads["source"]).sum())
    if total < MIN_SEGMENT or blank < MIN_BLANK_SOURCE * total:
        return []
    return [Note("finding.source_blank", n=blank, total=total, share={"value": blank / total, "unit": "ratio"},
                 period=period_note(data, "leads", start, end))]


#: the columns whose values are people: a name needs no quotes
_PEOPLE_COLUMNS = ("owner_id", "agent_id")


def _quoted(col: str, value: Any) -> Note | str:
    """A segment's value in quotes, a person's name as it is.

    "Medium accounts for 43.5%" and "Web accounts for 50.0%" read as medium-sized and web accounts.
    """
    return str(value) if col in _PEOPLE_COLUMNS else Note("q.segment", s=str(value))


def _share_note(data: ClientData, kpi: str, col: str, known: pd.DataFrame, total: float, period: Note
                ) -> Note | None:
    """The segment with :data:`MIN_SHARE` of *total*, else the two with :data:`MIN_SHARE_TWO` of it among 3+.

    Either also needs :data:`OVER_EVEN` times the share an even split among the *known* segments gives.
    """
    top = known.sort_values("value", ascending=False)
    unit = K.kpi(data, kpi).unit
    common = {"kpi": {"kpis": [kpi]}, "column": {"col": col}, "segments": _segments(col, len(known)),
              "period": period}
    k = len(top)
    if top["value"].iloc[0] / total >= max(MIN_SHARE, OVER_EVEN / k):
        value = _value(data, top["value"].iloc[0], unit)
        return Note("finding.share", segment=_quoted(col, top[col].iloc[0]), value=value,
                    total={**value, "value": total},
                    share={"value": float(top["value"].iloc[0] / total), "unit": "ratio"}, **common)
    two = float(top["value"].iloc[:2].sum())
    if k < 3 or two / total < max(MIN_SHARE_TWO, OVER_EVEN * 2 / k):
        return None
    value = _value(data, two, unit)
    return Note("finding.share_two", first=_quoted(col, top[col].iloc[0]), second=_quoted(col, top[col].iloc[1]),
                value=value,
                total={**value, "value": total}, share={"value": two / total, "unit": "ratio"}, **common)


def _month_end(data: ClientData, window: Window) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The start and end of the month of page 1's cards; the export's end when that comes first.

    The month is :func:`crmanalysis.analyses.headline.card_month`'s; the end is the day a snapshot finding is dated.
    """
    from .headline import card_month

    start, end = K.month_window(card_month(data, window.month))
    return start, min(end, window.end_of_data)


@old_keywords(12)
def open_work_findings(data: ClientData, *, window: Window, days: int = STALE_DAYS) -> list[Note]:
    """What waits at the end of page 1's month: open deals without a change, cases open for a month.

    One Note each: the open deals without a change in *days* days (of all open deals), and the
    cases open for longer than *days* days (with the day the oldest was opened: "since March" of a
    case opened on 1 March and counted on the 31st read as impossible).

    Dated at the end of the month of page 1's cards (:func:`crmanalysis.analyses.headline.card_month`), or the
    export's end when that comes first; nothing when nothing waits.
    """
    start, end = _month_end(data, window)
    out: list[Note] = []
    if data.has("opportunities") and len(data.opportunities):
        t = K.compute(data, ["opportunity_hygiene"], period="M", start=start, end=end,
                      as_of=end, options={"opportunity_hygiene": {"days": days, "modified": True}})
        row = t[t["period"].astype(str) == end.strftime("%Y-%m")]
        if len(row) and row["denominator"].iloc[0] > 0:
            open_n = float(row["denominator"].iloc[0])
            stale = open_n - float(row["numerator"].iloc[0])
            if stale > 0:
                # Acumatica's 1,231 of 1,522 open deals without a change stood beside a win rate of 87.9 %: deals
                # nobody marks lost never count against it
                # an export none of whose deals is won or lost has no win rate for them to flatter
                decided = undecided_stages(data.opportunities) is None
                key = "finding.stale_most" if stale > open_n / 2 and decided else "finding.stale"
                if not _changes_seen(data):      # only its age is known: "without a change" would claim more
                    key = key.replace("stale", "stale_old")
                out.append(Note(key, n=int(stale), open=int(open_n), days=days, day={"day": f"{end:%Y-%m-%d}"}))
    # a call log has no closing times: none of its calls is "still open"
    if data.has("cases") and len(data.cases) and data.cases["closed_at"].notna().any():
        c = data.cases
        waiting = open_cases(c, end, days)[1]
        if waiting.any():
            out.append(Note("finding.backlog", n=int(waiting.sum()), days=days, day={"day": f"{end:%Y-%m-%d}"},
                            since={"day": f"{c['opened_at'][waiting].min():%Y-%m-%d}"}))
    return out


def _changes_seen(data: ClientData) -> bool:
    """Whether the export records changes to its deals after creation: a history, activities or a modification."""
    o = data.opportunities
    return data.has("opportunity_history") or ("modified_at" in o and bool(o["modified_at"].notna().any())) \
        or (data.has("activities") and bool(data.activities["opportunity_id"].notna().any()))


#: the open deals a pipeline finding names: the largest few
TOP_DEALS = 3
#: at least this many open deals (of three, the three largest are always all of it)
MIN_OPEN_DEALS = 5


@old_keywords(12)
def pipeline_findings(data: ClientData, *, window: Window) -> list[Note]:
    """How much of the open pipeline the few largest open deals hold, when that is well above an even split.

    Measured as :func:`~crmanalysis.kpis.catalogue.open_pipeline_value` per deal at the end of the month of
    page 1's cards (or the export's end when that comes first): the :data:`TOP_DEALS` largest of at least
    :data:`MIN_OPEN_DEALS`, with a share of at least :data:`MIN_SHARE` and :data:`OVER_EVEN` times what an
    even split gives them. A director then knows which few deals the month depends on.
    """
    if not (data.has("opportunities") and len(data.opportunities)):
        return []
    start, end = _month_end(data, window)
    f = K.compute(data, ["open_pipeline_value"], by=["opportunity_id"], period="M", start=start, end=end, as_of=end)
    deals = f[(f["period"].astype(str) == end.strftime("%Y-%m")) & (f["n"] > 0) & (f["value"] > 0)]
    total, k = float(deals["value"].sum()), TOP_DEALS
    if len(deals) < MIN_OPEN_DEALS or total <= 0:
        return []
    top = deals.nlargest(k, "value")
    share = float(top["value"].sum()) / total
    if share < max(MIN_SHARE, OVER_EVEN * k / len(deals)):
        return []
    names = ""
    if data.has("accounts", "name") and "account_id" in data.opportunities:
        account = data.opportunities.drop_duplicates("opportunity_id").set_index("opportunity_id")["account_id"]
        name = data.accounts.drop_duplicates("account_id").set_index("account_id")["name"]
        named = top["opportunity_id"].map(account).map(name)
        # the accounts of all of them, each once; a deal without one leaves the names out, never a short list
        names = "" if named.isna().any() else ", ".join(dict.fromkeys(str(x) for x in named))
    value = _value(data, float(top["value"].sum()), "money")
    return [Note("finding.pipeline_top" if names else "finding.pipeline_top_plain", day={"day": f"{end:%Y-%m-%d}"},
                 total={**value, "value": total}, open=int(len(deals)), k=k, value=value, accounts=names,
                 share={"value": share, "unit": "ratio"})]


#: open deals whose close date has passed are worth a sentence from this share of the open deals (and two)
MIN_PASSED_SHARE = 0.1


@old_keywords(12)
def close_date_findings(data: ClientData, *, window: Window) -> list[Note]:
    """What the open deals' close dates say at the end of the month of page 1's cards: one Note, or none.

    The open deals whose close date has passed (at least :data:`MIN_PASSED_SHARE` of them, and two):
    a forecast counts them as due although nobody decided them. Else those planned to close by the end
    of the next month: what the coming review can expect to see decided. Only where the export gives
    open deals a close date (a planned one) and holds :data:`MIN_OPEN_DEALS` open deals or more.
    """
    if not (data.has("opportunities", "close_date") and len(data.opportunities)):
        return []
    start, end = _month_end(data, window)
    f = K.compute(data, ["open_deals"], by=["opportunity_id"], period="M", start=start, end=end, as_of=end)
    ids = f.loc[(f["period"].astype(str) == end.strftime("%Y-%m")) & (f["value"] > 0), "opportunity_id"]
    o = data.opportunities.drop_duplicates("opportunity_id").set_index("opportunity_id")
    deals = o.loc[o.index.intersection(ids), ["close_date", "amount"]]
    # a deal decided after the month has its decision's date, no plan: Simplicate's "5 of 166 planned to close by
    # 30 November" were the 5 deals won or lost on 1 and 2 November
    dated = deals["close_date"].notna() & ~o.loc[deals.index, "status"].isin(["won", "lost"])
    if len(deals) < MIN_OPEN_DEALS or not dated.any():
        return []
    day = end.normalize()
    passed = dated & (deals["close_date"] < day)
    until = (day.to_period("M") + 1).end_time.normalize()
    # open deals without amounts (an export of names and dates) have no value to say
    plain = "" if (deals["amount"] > 0).any() else "_plain"
    common = {"open": int(len(deals)), "day": {"day": f"{day:%Y-%m-%d}"}}
    if passed.sum() >= max(2, MIN_PASSED_SHARE * len(deals)):
        return [Note(f"finding.close_passed{plain}", n=int(passed.sum()),
                     value=_value(data, float(deals.loc[passed, "amount"].sum()), "money"),
                     oldest={"day": f"{deals.loc[passed, 'close_date'].min():%Y-%m-%d}"}, **common)]
    soon = dated & ~passed & (deals["close_date"] <= until)
    if not soon.any():
        return []
    value, total = float(deals.loc[soon, "amount"].sum()), float(deals["amount"].sum())
    plain = "_all" if soon.all() else plain         # "8 of 8 (100.0 % of the open pipeline)" said it twice
    return [Note(f"finding.close_soon{plain}", n=int(soon.sum()), value=_value(data, value, "money"),
                 until={"day": f"{until:%Y-%m-%d}"}, share={"value": value / total if total > 0 else np.nan,
                                                           "unit": "ratio"}, **common)]


#: a segment that made at least this share of a page-1 KPI's change on the month before is named as its driver
DRIVER_SHARE = 0.5


def change_drivers(data: ClientData, cards: list[dict[str, Any]], *, window: Window) -> dict[str, Note]:
    """Per card KPI, where its change on the month before came from: {kpi: Note}.

    "Ad clicks 539,904 in May 2023: -67 % on April 2023" said what changed, not where. For a KPI that adds
    up over segments (a count or an amount summed): the segment (lead source, channel, campaign …, as
    :data:`SHARE_FINDINGS` tries them for the KPI's table, or the account's industry) whose own change is
    at least :data:`DRIVER_SHARE` of the whole change, in its direction, else a change all segments
    shared (:func:`_broad`). For a rate (cost per click, win rate): the segment whose changed weight moved
    it most, when the mix made most of the change (:func:`_mix`). Only between known segments.
    """
    out = {}
    for card in cards:
        kpi, then, now = card.get("kpi"), card.get("previous"), card.get("value")
        spec = K.kpi(data, kpi) if kpi else None
        if spec is None or not spec.tables or then is None or now is None or now == then or not card.get("month"):
            continue
        month = pd.Period(card["month"], "M")
        if spec.stat == "ratio":
            note = next((n for col in _segment_columns(data, spec.tables[0])
                         if (n := _mix(data, kpi, col, month, window.as_of, now - then)) is not None), None)
        elif spec.stat == "sum" and spec.unit in ("count", "money"):
            note = _sum_driver(data, kpi, _segment_columns(data, spec.tables[0]), month, window.as_of, now - then)
        else:
            note = None
        if note is not None:
            out[kpi] = note
    return out


def zero_amounts(data: ClientData, month: str, *, window: Window) -> Note | None:
    """The won deals of *month* (YYYY-MM) at an amount of 0, which the average deal size leaves out; None if none.

    Bitrix24's July 2021: 3 deals won, one at RUB0 (its OPPORTUNITY stays 0 until someone fills it). Counted, it made
    "Average deal size RUB3,333,333"; left out, the card says so where the average is read.
    """
    if not (data.has("opportunities", "amount") and len(data.opportunities)):
        return None
    o = data.opportunities
    m0, m1 = K.month_window(month)
    n = int((o["status"].eq("won") & o["amount"].eq(0) & (o["close_date"] >= m0)
             & (o["close_date"] <= min(m1, window.as_of))).sum())
    return Note("finding.zero_left_out", n=Note("count.won_deals", n=n), now={"month": month}) if n else None


def _segment_columns(data: ClientData, table: str) -> list[str]:
    """The columns a KPI of *table* may be split by to say where its change came from, most telling first."""
    columns = {tb: cols for tb, _, cols in reversed(SHARE_FINDINGS)}
    cols = [c for c in columns.get(table, ()) if data.has(table, c) and data.table(table)[c].nunique() > 1
            and not (c == "owner_id" and not data.has("users", "name"))]
    # a table of the accounts' own rows (contracts, cases) is split by what the accounts say of themselves
    if data.has(table, "account_id"):
        cols += [c for c in ACCOUNT_SEGMENTS if c not in cols and data.has("accounts", c)
                 and data.table("accounts")[c].nunique() > 1]
    return cols


def _sum_driver(data: ClientData, kpi: str, cols: list[str], month: pd.Period, as_of: pd.Timestamp,
                total: float) -> Note | None:
    """The segment that made most of a summed KPI's change, else a change spread over all segments, else None."""
    moves = []                             # read one column at a time: the first driver found ends the search
    for col in cols:
        moves.append(_moves(data, kpi, col, month, as_of))
        note = _driver(data, kpi, col, moves[-1], month, total)
        if note is not None:
            return note
    return next((n for col, delta in zip(cols, moves, strict=True)
                 if (n := _broad(col, delta, month, total)) is not None), None)


def _mix(data: ClientData, kpi: str, col: str, month: pd.Period, as_of: pd.Timestamp, total: float
         ) -> Note | None:
    """A rate's change on the month before that is mostly a change of mix between the segments of *col*.

    The rate is Σ numerator / Σ denominator. Between the two months each segment's weight (its share of the
    denominator) moved from w0 to w1; at its own rate r (the earlier month's, or the later one's for a
    segment new in it) it moved the whole by (w1 - w0) × (r - R0), R0 the whole's earlier rate. When these
    add up to at least :data:`DRIVER_SHARE` of the change, in its direction, the segment that moved it most
    is named: the cost per click nearly doubled when the campaign with the cheapest clicks stopped.
    """
    wide = _two_months(data, kpi, col, month, as_of, ["numerator", "denominator"])
    before, after = str(month - 1), str(month)
    if wide is None or ("denominator", before) not in wide or ("denominator", after) not in wide:
        return None
    d0, d1 = wide[("denominator", before)], wide[("denominator", after)]
    n0, n1 = wide[("numerator", before)], wide[("numerator", after)]
    if d0.sum() <= 0 or d1.sum() <= 0:
        return None
    rate = (n0 / d0).where(d0 > 0, n1 / d1.where(d1 > 0))
    w0, w1 = d0 / d0.sum(), d1 / d1.sum()
    moved = ((w1 - w0) * (rate - n0.sum() / d0.sum())).fillna(0.0) * np.sign(total)
    if not moved.sum() >= DRIVER_SHARE * abs(total):
        return None
    seg = moved.idxmax()
    unit = K.kpi(data, kpi).unit
    from ..texts import has

    base = Note(f"den.{kpi}") if has(f"den.{kpi}") else Note("den.any")      # what the rate is taken over
    return Note("finding.mix", segment=str(seg), column={"col": col}, rate=_value(data, float(rate[seg]), unit),
                base=base,
                before={"value": float(w0[seg]), "unit": "ratio", "digits": 0}, then={"month": before},
                after={"value": float(w1[seg]), "unit": "ratio", "digits": 0}, now={"month": after})


#: what an account says of itself that a KPI of its contracts or cases may be split by
ACCOUNT_SEGMENTS = ("industry", "country")
#: a change shared by at least this many segments, each in its direction, is said to be spread over them
BROAD_MIN = 3


def _moves(data: ClientData, kpi: str, col: str, month: pd.Period, as_of: pd.Timestamp) -> pd.DataFrame | None:
    """*kpi* per known segment of *col* in the month before *month* (``then``) and in it (``now``); None if not."""
    wide = _two_months(data, kpi, col, month, as_of, "value")
    if wide is None:
        return None
    return pd.DataFrame({"then": wide.get(str(month - 1), 0.0), "now": wide.get(str(month), 0.0)},
                        index=wide.index)


def _two_months(data: ClientData, kpi: str, col: str, month: pd.Period, as_of: pd.Timestamp,
                values: str | list[str]) -> pd.DataFrame | None:
    """*values* of *kpi* per known segment of *col* (rows) and month, *month* and the one before (columns).

    None where the KPI cannot be split by *col* or fewer than two known segments have it.
    """
    try:
        f = K.compute(data, [kpi], by=[col], period="M", start=(month - 1).start_time, end=month.end_time,
                      as_of=as_of)
    except NotComputable:
        return None
    f = f[f["period"].notna() & ~_no_segment(f[col])]
    wide = f.pivot_table(index=col, columns="period", values=values, aggfunc="sum", observed=True).fillna(0.0)
    return wide if len(wide) >= 2 else None


def _broad(col: str, moves: pd.DataFrame | None, month: pd.Period, total: float) -> Note | None:
    """"Spread over all 5 segments by industry, +15% to +26% each" when every segment moved with *total*, else None.

    No segment made most of the change (see :func:`_driver`): where all of them moved the same way, that is
    the finding; where they moved apart, there is none to say in a sentence.
    """
    if moves is None or len(moves) < BROAD_MIN or (moves["then"] <= 0).any():
        return None
    change = moves["now"] / moves["then"] - 1
    if not (np.sign(change) == np.sign(total)).all():
        return None
    lo, hi = sorted((float(change.min()), float(change.max())), key=lambda x: abs(x))
    if fmt_change(lo) == fmt_change(hi):                # all alike: "+100% each", not "+100% to +100%"
        return Note("finding.broad_alike", month={"month": f"{month - 1}"}, segments=_segments_by(col, len(moves)),
                    change={"change": lo})
    return Note("finding.broad", month={"month": f"{month - 1}"}, segments=_segments_by(col, len(moves)),
                low={"change": lo}, high={"change": hi})


def _driver(data: ClientData, kpi: str, col: str, moves: pd.DataFrame | None, month: pd.Period, total: float
            ) -> Note | None:
    """The segment of *col* that made at least :data:`DRIVER_SHARE` of *total*, *kpi*'s change on the month before."""
    if moves is None:
        return None
    delta = moves["now"] - moves["then"]
    seg = (delta * np.sign(total)).idxmax()
    if not delta[seg] * np.sign(total) >= DRIVER_SHARE * abs(total):
        return None
    unit = K.kpi(data, kpi).unit
    # more than the whole change (the other segments moved the other way): "most of" -US$24,786 was -US$24,829
    key = "finding.driver_all" if abs(delta[seg]) > abs(total) else "finding.driver"
    if np.isclose(delta[seg], total):      # "5 of the 5 in all" (Keap's deals won): the whole change is the segment's
        key = "finding.driver_whole"
    # by how much the others moved the other way: "the others together moved the other way" alone left the ad
    # client's reader to subtract -US$24,786 from -US$24,829
    return Note(key, month={"month": f"{month - 1}"}, segment=str(seg), column={"col": col},
                delta=_value(data, float(delta[seg]), unit), total=_value(data, float(total), unit),
                others=_value(data, abs(float(total - delta[seg])), unit))


def _segment_values(data: ClientData, table: str, kpi: str, col: str | None, start, end, as_of) -> pd.DataFrame:
    """*kpi* per value of *col* (None: the whole) over the window; a lead file without dates: over the file."""
    by = [col] if col else []
    if undated(data, table):
        from ..kpis.catalogue import lead_converted

        lead = data.leads.assign(_c=lead_converted(data.leads).astype(float))
        g = lead.groupby(by)["_c"] if by else lead["_c"]
        f = g.agg(["mean", "size"]).reset_index() if by else pd.DataFrame([{"mean": g.mean(), "size": len(g)}])
        return f.rename(columns={"mean": "value", "size": "n"})
    f = _window_value(data, kpi, by, start, end, as_of)
    if "denominator" in f and K.kpi(data, kpi).stat == "ratio":     # a share or a cost per click: of its events
        f = f.assign(n=f["denominator"])
    return f


def window_sentence(card: pd.DataFrame, lang: str) -> str:
    """The months a :func:`scorecard` compares, in words: "July 2024 – June 2025 against July 2023 – June 2024"."""
    from ..i18n import fmt_month, t

    if card.empty or "window" not in card:
        return ""
    a0, a1 = (pd.Timestamp(x + "-01") for x in str(card["window"].iloc[0]).split("–"))
    kind = str(card["reference_kind"].iloc[0]) if "reference_kind" in card else "last year"
    months = (a1.year - a0.year) * 12 + a1.month - a0.month + 1
    r0, r1 = (a0 - pd.DateOffset(years=1), a1 - pd.DateOffset(years=1)) if kind != "previous" else (
        a0 - pd.DateOffset(months=months), a0 - pd.DateOffset(months=1))

    def span(x0: pd.Timestamp, x1: pd.Timestamp) -> str:
        return fmt_month(x0, lang) if x0 == x1 else f"{fmt_month(x0, lang)} – {fmt_month(x1, lang)}"
    cut = "window_cut" in card and bool(card["window_cut"].iloc[0])
    return t("scorecard.window_cut" if cut else "scorecard.window", lang, months=span(a0, a1), ref=span(r0, r1),
             first=fmt_month(r0, lang))


def red_segments(card: pd.DataFrame, kpi: str = "new_revenue") -> pd.DataFrame:
    """The region × industry × product-group rows of *kpi* in a :func:`scorecard` that are red, worst first.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`scorecard`, with its columns.
    """
    rows = card[(card["kpi"] == kpi) & (card["level"] == COMBINATION) & (card["status"] == "red")]
    return rows.sort_values("variance")


SHOWN_LEVELS = ("company", "region", "industry", "product_group", "team")


#: segments per level a report's scorecard shows: 35 industries × 3 KPIs were four pages nobody reads
SHOWN_SEGMENTS = 10


def shown_levels(card: pd.DataFrame, top: int | None = SHOWN_SEGMENTS) -> pd.DataFrame:
    """The scorecard rows a report shows: company, region, industry, product group and team (not every rep).

    Of a level with more than *top* segments, the *top* largest (most records over both windows,
    all KPIs together) are kept, for every KPI alike; the workbook keeps them all.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`scorecard`, with its columns.
    """
    shown = card[card["level"].isin(SHOWN_LEVELS) & ~card["level"].isin(same_levels(card))]
    if top is None or shown.empty:
        return shown
    size = shown.groupby(["level", "entity"], sort=False)["n"].sum()
    keep = size.groupby(level="level", group_keys=False).nlargest(top).index
    return shown[pd.MultiIndex.from_frame(shown[["level", "entity"]]).isin(keep)]


def same_levels(card: pd.DataFrame) -> dict[str, str]:
    """The levels whose segments hold the same numbers as an earlier level's, one for one: {level: that level}.

    Alpina's four teams are its four regions: the scorecard printed the same twelve numbers twice, once per name.
    """
    if card.empty or not {"level", "kpi", "actual"} <= set(card):
        return {}
    seen: dict[tuple, str] = {}
    out: dict[str, str] = {}
    for lv in (x for x in SHOWN_LEVELS if x != "company"):
        rows = card[card["level"] == lv]
        if rows["entity"].nunique() < 2:
            continue
        key = tuple(sorted(zip(rows["kpi"].astype(str), rows["actual"].astype(float).round(6).fillna(-1e18),
                               strict=True)))
        if key in seen:
            out[lv] = seen[key]
        else:
            seen[key] = lv
    return out


def shown_sentence(card: pd.DataFrame, lang: str, top: int | None = SHOWN_SEGMENTS) -> str:
    """Which levels :func:`shown_levels` cut, in words, and which it shows once for another's; "" if none.

    "industry: the 10 largest of 35 segments …"; "the segments per team hold the same numbers as those per region".
    """
    from ..i18n import t

    if card.empty:
        return ""
    once = same_levels(card)
    same = [t("scorecard.same", lang, level=t(f"level.{lv}", lang), like=t(f"level.{like}", lang))
            for lv, like in once.items()]
    if top is None:
        return " ".join(same)
    counts = card[card["level"].isin(SHOWN_LEVELS)].groupby("level", sort=False)["entity"].nunique()
    cut = [f"{t(f'level.{lv}', lang)}: {top}/{n}" for lv, n in counts.items() if n > top and lv not in once]
    said = [t("scorecard.top", lang, top=top, levels=", ".join(cut), sheet=t("sheet.scorecard", lang))] if cut else []
    return " ".join(said + same)


def drill_sentence(drill: pd.DataFrame, lang: str = "en") -> str:
    """The drill path in one sentence in *lang*, or that no segment falls behind the whole business."""
    from ..i18n import fmt_month, fmt_pct
    from ..texts import has, t

    if drill.empty:
        return t("s.no_shortfall", lang)
    last = drill.iloc[-1]

    def window(w: str) -> str:
        a, b = w.split("–")
        return fmt_month(a + "-01", lang) if a == b else f"{fmt_month(a + '-01', lang)} – {fmt_month(b + '-01', lang)}"

    def pct(v: float) -> str:
        s = fmt_pct(v / 100, lang)
        return s if v < 0 else "+" + s

    # a level the client's records do not fill ("(unknown)" region of every deal) names nothing to act on
    parts = last["path"].split(" → ")
    levels = list(drill["level"]) if "level" in drill and len(drill) == len(parts) else [None] * len(parts)
    kept = [(p, lv) for p, lv in zip(parts, levels, strict=True) if p != K.engine.UNKNOWN] or [(parts[-1], levels[-1])]

    def named(segment: str, level: str | None, key: str) -> str:
        # each segment says what it is a segment of: "Home care within Central → Consumer goods" named no
        # dimension, and its arrow read as the arrow between the two periods of the same sentence
        name = t(f"entity.{segment}", lang) if has(f"entity.{segment}") else segment
        if level and has(f"level.{level}"):
            return t(key, lang, segment=name, level=t(f"level.{level}", lang))
        return f"**{name}**" if key == "s.drill_leaf" else name
    leaf = named(*kept[-1], "s.drill_leaf")
    within = [named(p, lv, "s.drill_within") for p, lv in kept[:-1]]
    # a path of several levels says its change is the last segment's within the others (Northwind's "Central →
    # Consumer goods → Home care -63 %" read beside Home care's -15.9 % over the whole business)
    and_ = f" {t('word.and', lang)} "
    key = "s.drill_path" if within else "s.drill"
    return t(key, lang, total=pct(last["total_change_pct"]), ref=window(last["reference_window"]),
             win=window(last["window"]), seg=pct(last["segment_change_pct"]), leaf=leaf,
             within=", ".join(within[:-1]) + and_ + within[-1] if len(within) > 1 else "".join(within))


def _levels_held(leaf: pd.DataFrame, levels: tuple[str, ...]) -> tuple[str, ...]:
    """The *levels* the deals fill: one the client's data does not have is no step ("region: (unknown), 100 %")."""
    held = tuple(lv for lv in levels if not unknown_only(leaf[[lv]]))
    if not held:                    # one segment, the whole business: its "gap" is a rounding error, no shortfall
        raise NotComputable(Note("nc.segments"))
    return held


def _drill_leaf(data: ClientData, kpi: str, by: list[str], window: tuple, reference: tuple, as_of) -> pd.DataFrame:
    """The finest segments' actual (``value``) and reference (``value_ref``), 0 where a window has none."""
    act = _window_value(data, kpi, by, *window, as_of)
    ref = _window_value(data, kpi, by, *reference, as_of)
    leaf = act[[*by, "value"]].merge(ref[[*by, "value"]], on=by, how="outer", suffixes=("", "_ref"))
    leaf = leaf.fillna({"value": 0.0, "value_ref": 0.0})
    for c in by:
        leaf[c] = leaf[c].astype("string").fillna(K.engine.UNKNOWN)
    return leaf


@old_keywords(12)
def drill_path(data: ClientData, kpi: str = "new_revenue", *, window: Window,
               levels: tuple[str, ...] = ("region", "industry", "product_group"), reference: str = "last_year",
               mode: str = "relative", method: str = "worst_segment", min_share: float = 0.01) -> pd.DataFrame:
    """Level by level, the segment contributing most to a shortfall, with its share of the gap.

    Gaps are measured on the finest segments (the combination of all *levels*, e.g. region ×
    industry × product group). ``mode="relative"`` (default) compares each segment with what
    it would have delivered had it moved like the whole business (``reference × actual_total
    / reference_total``), so a segment lagging an otherwise healthy business is found even
    when the total is fine; ``mode="absolute"`` uses ``actual − reference``.

    ``method="worst_segment"`` (default) follows the single finest segment with the largest
    shortfall up and down its levels: growth elsewhere in its region cannot hide it.
    ``method="net"`` picks, level by level, the child with the largest net shortfall.
    At every step ``share_of_gap`` is the chosen child's part of the shortfalls (sum of
    negative gaps of the finest segments) among its siblings. Segments below *min_share* of
    the total reference are ignored. Additive KPIs only.

    Returns
    -------
    pandas.DataFrame
        One row per step down the levels: ``step``, ``level``, ``segment`` (the chosen child) and
        ``path`` (the segments so far), its ``actual``, ``reference`` and ``expected`` (the reference
        moved by the total's change), ``gap``, ``share_of_gap``, ``segment_change_pct`` and
        ``total_change_pct``; ``window``, ``reference_window``, ``mode`` and ``method``. NotComputable is
        raised when the deals name no segment of *levels*: one segment, the whole business, has no shortfall.
    """
    spec = K.kpi(data, kpi)
    if spec.stat != "sum":
        raise ValueError(f"drill_path needs an additive KPI (like new_revenue); {kpi} is a {spec.stat}")
    if method not in ("worst_segment", "net"):
        raise ValueError(f"method must be 'worst_segment' or 'net', got {method!r}")
    sign = 1.0 if spec.direction == "higher" else -1.0
    window = within_data(data, window, [kpi], reference)
    (a0, a1), (r0, r1) = windows(window.month, window.months, reference)
    leaf = _drill_leaf(data, kpi, list(levels), (a0, a1), (r0, r1), window.as_of)
    levels = _levels_held(leaf, levels)
    tot_act, tot_ref = leaf["value"].sum(), leaf["value_ref"].sum()
    growth = tot_act / tot_ref if (mode == "relative" and tot_ref) else 1.0
    leaf["expected"] = leaf["value_ref"] * growth
    leaf["gap"] = (leaf["value"] - leaf["expected"]) * sign          # negative = shortfall
    leaf["shortfall"] = leaf["gap"].clip(upper=0)
    # a segment too small to matter is never the one followed, but its money stays in its region's and
    # industry's sums: left out, a region's actual differed from the scorecard's for the same months
    big = leaf[(leaf["value_ref"] >= min_share * tot_ref) | (leaf["value"] >= min_share * tot_act)]
    if (big["gap"] < 0).sum() == 0:
        return pd.DataFrame()
    worst = big.sort_values("gap").iloc[0] if method == "worst_segment" else None
    steps, path = [], {}
    sub = leaf
    for i, level in enumerate(levels):
        kids = sub.groupby(level).agg(value=("value", "sum"), value_ref=("value_ref", "sum"),
                                      expected=("expected", "sum"), gap=("gap", "sum"),
                                      shortfall=("shortfall", "sum")).reset_index()
        if method == "worst_segment":
            pick = kids[kids[level] == worst[level]].iloc[0]
        else:
            neg = kids[kids["gap"] < 0]
            if neg.empty:
                break
            pick = neg.sort_values("gap").iloc[0]
        total_short = kids["shortfall"].sum()
        steps.append({
            "step": i + 1, "level": level, "segment": str(pick[level]),
            "path": " → ".join([*path.values(), str(pick[level])]),
            "actual": float(pick["value"]), "reference": float(pick["value_ref"]),
            "expected": float(pick["expected"]), "gap": float(pick["gap"] * sign),
            "share_of_gap": float(pick["shortfall"] / total_short) if total_short else np.nan,
            "segment_change_pct": float((pick["value"] / pick["value_ref"] - 1) * 100) if pick["value_ref"]
            else np.nan,
            "total_change_pct": float((tot_act / tot_ref - 1) * 100) if tot_ref else np.nan,
            "window": f"{a0:%Y-%m}–{a1:%Y-%m}", "reference_window": f"{r0:%Y-%m}–{r1:%Y-%m}", "mode": mode,
            "method": method,
        })
        path[level] = str(pick[level])
        sub = sub[sub[level] == pick[level]]
    return pd.DataFrame(steps)

