"""What a reader sees of each analysis result: the columns of every table, in Excel as in the report.

:data:`VIEWS` — per table a client sees: its columns in order, each with a header (a text key)
and a kind (:mod:`crmanalysis.tables`), and the column that holds the reasons behind
undefined values. Notebooks show a result with ``notebook.show(client, frame, "<view>")``; the
batch writes the same view as an Excel sheet, so a number looks the same in both.

Which results a notebook records, their shapes and the Excel sheets they become:
:mod:`crmanalysis.contract`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .tables import DASH, Col, ReportTable, fmt_cell, format_table

__all__ = ["View", "VIEWS", "render_view", "side_by_side", "roi_sensitivity", "first_numbers", "by_month"]


@dataclass(frozen=True)
class View:
    """The columns of one table as shown, and the column with the reasons for undefined values."""

    columns: dict[str, Col]
    note: str | None = None
    drop_empty: bool = False        # a measure without a value in any row is named in a footnote, not shown
    steady: tuple[str, str, str] | None = None     # before, after, change: shown so that they add up


K = Col("KPI", "kpi_label")
VIEWS: dict[str, View] = {
    "baseline": View({"kpi": K, "period": Col("per", "per"), "level": Col("level", "level"),
                      "entity_name": Col("who", "entity"), "baseline": Col("baseline", "kpi"),
                      "q1": Col("from", "kpi"), "q3": Col("to", "kpi"), "n_periods": Col("periods", "int")},
                     note="flag"),
    "season": View({"kpi": K, "period": Col("per", "per"), "baseline": Col("baseline", "kpi"),
                    "same_period_last_year": Col("same month last year", "kpi"),
                    "trend_per_period": Col("trend per period", "kpi_change")}),
    "targets": View({"kpi": K, "period": Col("per", "per"), "level": Col("level", "level"),
                     "entity_name": Col("who", "entity"), "baseline": Col("baseline", "kpi"),
                     "target": Col("target", "kpi")}, note="flag"),
    "ranking": View({"rank": Col("rank", "int"), "entity_name": Col("rep", "entity"),
                     "mean_score": Col("average score", "score"),
                     "kpis": Col("KPIs averaged", "kpi_list")}, note="note"),
    "cards": View({"rep": Col("rep"), "kpi": K, "month_to_date": Col("month to date", "kpi"),
                   "target": Col("target", "kpi"), "forecast": Col("forecast month end", "kpi"),
                   "status": Col("status", "status")}, note="note"),
    # a month that has ended: its actual, with nothing left to forecast
    "cards_closed": View({"rep": Col("rep"), "kpi": K, "month_to_date": Col("actual", "kpi"),
                          "target": Col("target", "kpi"), "status": Col("status", "status")}, note="note"),
    "headline": View({"kpi": K, "period": Col("month", "month"), "value": Col("actual", "kpi")}, note="note"),
    "actions": View({"entity_name": Col("who", "entity"), "revenue_target": Col("revenue target", "money"),
                     "deals_needed": Col("deals to win", "count"), "deals_won": Col("won", "count"),
                     "decided_needed": Col("deals to decide", "count"), "decided": Col("decided", "count"),
                     "conversations_needed": Col("conversations needed", "count"),
                     "conversations": Col("conversations held", "count")}),
    "scenario": View({"scenario": Col("scenario"), "win_rate": Col("win rate", "ratio"),
                      "deals_needed": Col("deals to win", "count"),
                      "decided_needed": Col("deals to decide", "count"),
                      "conversations_needed": Col("conversations needed", "count")}),
    "page_cards": View({"kpi": K, "month": Col("month", "month"), "value": Col("actual", "kpi"),
                        "previous": Col("month before", "kpi"),
                        "last_year": Col("same month last year", "kpi"),
                        "usual": Col("usual month (median)", "kpi"), "usual_from": Col("median from", "month"),
                        "usual_to": Col("median to", "month"), "target": Col("target", "kpi"),
                        "score": Col("score", "score"), "status": Col("status", "status")}),
    "findings": View({"text": Col("finding")}),
    "sensitivity": View({"cost_factor": Col("cost x", "number", digits=1),
                         "attribution_share": Col("attributed", "ratio"),
                         "roi_pct": Col("ROI", "signed_pct")}),
    "company_scores": View({"kpi": K, "actual": Col("actual", "kpi"), "target": Col("target", "kpi"),
                            "score": Col("score", "score"), "status": Col("status", "status")}),
    "scorecard": View({"kpi": K, "level": Col("level", "level"), "entity_name": Col("segment", "entity"),
                       "actual": Col("actual", "kpi"), "reference": Col("same months last year", "kpi"),
                       "change": Col("change", "kpi_move"), "status": Col("status", "status")}),
    "drill": View({"step": Col("step", "int"), "level": Col("level", "level"), "segment": Col("segment"),
                   "actual": Col("actual", "money"), "expected": Col("expected (moved like the total)", "money"),
                   "share_of_gap": Col("share of the shortfall", "ratio"),
                   "segment_change_pct": Col("change %", "signed_pct")}),
    "efficiency": View({"name": Col("rep"), "team": Col("team"), "conversations": Col("conversations", "count"),
                        "deals_won": Col("deals won", "count"), "won_revenue": Col("revenue won", "money"),
                        "revenue_per_conversation": Col("revenue per conversation", "money"),
                        "conversations_per_won_deal": Col("conversations per won deal", "number")}, note="note",
                       drop_empty=True),
    "quadrants": View({"entity_name": Col("rep", "entity"),
                       "quadrant": Col("quadrant", "category", category="quadrant."),
                       "activity": Col("conversations", "count"), "result": Col("win rate", "ratio"),
                       "stability": Col("stability", "ratio", digits=0)}, note="note"),
    "lags": View({"lag": Col("months later (k)", "int"), "r": Col("correlation r", "number", digits=2),
                  "ci_low": Col("interval from", "number", digits=2), "ci_high": Col("to", "number", digits=2),
                  "n": Col("points (rep × month)", "int"), "reading": Col("reading")}),
    "agents": View({"entity_name": Col("agent", "entity"), "cases_closed": Col("cases closed", "count"),
                    "cases_opened": Col("cases opened", "count"),
                    # in hundredths, as page 1's finding on the agent: "CSAT 2.89" there read "2.9" here
                    "csat_mean": Col("CSAT", "number", digits=2),
                    # a survey of two or three answers: the share of its top answer, as page 1 shows it
                    "csat_satisfied_share": Col("satisfied", "ratio"),
                    "same_day_closure_rate": Col("same-day closure", "ratio"),
                    "resolved_share": Col("resolved", "ratio"), "flag": Col("flag")}, drop_empty=True),
    "before_after": View({"kpi": K, "before": Col("12 months before", "kpi"), "after": Col("12 months after", "kpi"),
                          "change": Col("change", "kpi_change"), "ci_low": Col("interval from", "kpi_change"),
                          "ci_high": Col("to", "kpi_change"),
                          "reading": Col("reading", "category", category="reading.")}, note="note",
                         steady=("before", "after", "change")),
    "placebo": View({"month": Col("go-live", "month"), "z": Col("standardised gain", "number"),
                     "which": Col("placebo or real", "category", category="placebo.")}),
    "roi_curve": View({"month": Col("month", "month"), "cost": Col("CRM cost", "money"),
                       "gain": Col("gain attributed to the CRM", "money"), "cum_cost": Col("cumulative cost", "money"),
                       "cum_gain": Col("cumulative gain", "money"), "roi_pct": Col("ROI", "signed_pct", digits=0)}),
    "quality_files": View({"table": Col("table", "category", category="data."), "file": Col("file"),
                           "rows_read": Col("rows read", "int"), "rows_kept": Col("kept", "int"),
                           "rows_rejected": Col("rejected", "int"), "rows_excluded": Col("excluded", "int")}),
    "quality_issues": View({"severity": Col("severity", "category", category="sev."),
                            "file": Col("file"), "column": Col("column"), "text": Col("finding")}),
    "definitions": View({"kpi": K, "kind": Col("kind of KPI", "category", category="kind."),
                         "unit": Col("unit", "category", category="unitname."),
                         "direction": Col("better when", "category", category="direction."),
                         "text": Col("definition")}),
}


def render_view(frame: pd.DataFrame, view: str, *, lang: str, currency: str = "EUR",
                kpi_names: dict[str, str] | None = None) -> ReportTable:
    """*frame* shown as the view *view* in *lang* (*kpi_names*: the client's KPI labels, templates included)."""
    v = VIEWS[view]
    if "stock" in frame and "period" in frame and getattr(v.columns.get("period"), "kind", "") == "per":
        # a level (the open pipeline, MRR) is where it stood at the period's end: "per month" read as a sum
        stock = frame["stock"].fillna(False).astype(bool)
        frame = frame.assign(period=frame["period"].astype(str).where(~stock, frame["period"].astype(str) + "_end"))
    return format_table(frame, v.columns, lang=lang, currency=currency, note=v.note, kpi_names=kpi_names,
                        drop_empty=v.drop_empty, steady=v.steady)


def side_by_side(frame: pd.DataFrame, view: str, *, keys: tuple[str, ...], values: tuple[str, ...], lang: str,
                 currency: str = "EUR", kpi_names: dict[str, str] | None = None, bracket: bool = False) -> ReportTable:
    """The view *view* of *frame* with its KPIs side by side: one row per *keys*, one column per KPI.

    A cell holds the row's *values* as the long view writes them (its footnotes kept), joined by
    " / " (or the second in brackets, *bracket*: "€1.2m (+4.8 %)"), coloured by the row's ``status``.
    Three KPIs of a dozen segments or reps read across in a dozen lines instead of three dozen.
    """
    long = render_view(frame, view, lang=lang, currency=currency, kpi_names=kpi_names)
    spec = VIEWS[view].columns
    key_titles = [spec[k].title(lang) for k in keys if spec[k].title(lang) in long.frame.columns]
    val_titles = [spec[v].title(lang) for v in values]
    kpis = list(dict.fromkeys(frame["kpi"]))
    names = {k: fmt_cell(k, Col("KPI", "kpi_label"), lang=lang, kpi_names=kpi_names) for k in kpis}
    status = frame["status"].fillna("").astype(str).tolist() if "status" in frame else [""] * len(frame)
    # a row is one entity, not one name: two reps called alike stay two rows
    ident = next((c for c in ("owner_id", "entity") if c in frame), None)
    ids = frame[ident].astype(str).tolist() if ident else [""] * len(frame)
    rows: dict[tuple[str, ...], dict[str, tuple[str, str]]] = {}
    for i, (kpi, shown) in enumerate(zip(frame["kpi"], long.frame.itertuples(index=False), strict=True)):
        got = dict(zip(long.frame.columns, shown, strict=True))
        parts = [str(got[v]) for v in val_titles]
        cell = f"{parts[0]} ({parts[1]})" if bracket and len(parts) == 2 else " / ".join(parts)
        rows.setdefault((*(str(got[k]) for k in key_titles), ids[i]), {})[kpi] = (cell, status[i])
    wide = pd.DataFrame([[*key[:-1], *(cells.get(k, (DASH, ""))[0] for k in kpis)] for key, cells in rows.items()],
                        columns=[*key_titles, *(names[k] for k in kpis)])
    statuses = [[""] * len(key_titles) + [cells.get(k, (DASH, ""))[1] for k in kpis] for cells in rows.values()]
    return ReportTable(wide, [False] * len(key_titles) + [True] * len(kpis), long.footnotes, statuses)


def roi_sensitivity(res: Any, *, lang: str = "en") -> ReportTable:
    """ROI by cost factor (rows) and attribution share (columns) of a :class:`~crmanalysis.analyses.roi.ROIResult`.

    Without a demonstrable gain there is no ROI to vary: :class:`NotComputable` says so.
    """
    from .data import NotComputable
    from .i18n import Note, fmt_number, fmt_pct
    from .texts import header

    if not res.demonstrable:
        raise NotComputable(detail=Note("nc.no_gain_sensitivity"))
    sens = res.sensitivity.pivot(index="cost_factor", columns="attribution_share", values="roi_pct").reset_index()
    cols = {"cost_factor": Col(header("cost x", lang), "text", literal=True)}
    sens["cost_factor"] = [f"× {fmt_number(c, lang, 1)}" for c in sens["cost_factor"]]
    for a in [c for c in sens.columns if c != "cost_factor"]:
        cols[a] = Col(f"ROI, {fmt_pct(a, lang)} {header('attributed', lang)}", "signed_pct", digits=0, literal=True)
    return format_table(sens, cols, lang=lang, undefined="s.no_gain_no_roi")


def by_month(frame: pd.DataFrame, *, lang: str, currency: str = "EUR", value: str = "target",
             kpi_names: dict[str, str] | None = None) -> ReportTable:
    """A calendar of *value* per KPI: one row per KPI, one column per month (``kpi, month, unit`` and *value*).

    How a step-up plan reads best: the months side by side, so a step shows where it happens.
    """
    from .i18n import fmt_month, fmt_value, kpi_label
    from .tables import ReportTable
    from .texts import header

    months = sorted(frame["month"].unique())
    cells = {(r.kpi, r.month): fmt_value(getattr(r, value), r.unit, currency=currency, lang=lang)
             for r in frame.itertuples()}
    kpis = list(dict.fromkeys(frame["kpi"]))
    rows = [[(kpi_names or {}).get(k) or kpi_label(k, lang)] + [cells.get((k, m), "–") for m in months]
            for k in kpis]
    shown = pd.DataFrame(rows, columns=[header("KPI", lang)] + [fmt_month(m + "-01", lang) for m in months])
    return ReportTable(shown, [False] + [True] * len(months))


def _stop(sentence: str) -> str:
    """*sentence* with its full stop, once: a Danish amount ends in one already ("0 kr.." read as a typo)."""
    return sentence if sentence.endswith(".") else sentence + "."


def first_numbers(rows: list[dict[str, Any]] | pd.DataFrame, *, lang: str, currency: str = "EUR",
                  kpi_names: dict[str, str] | None = None) -> tuple[ReportTable | None, list[str]]:
    """The first numbers (:func:`crmanalysis.analyses.headline.headline`) as a reader sees them.

    A table of the monthly counts, one column per month (newest first), and one sentence per rate
    of the report month ("Win rate in March 2022: 13.2 %") or per number over the whole export.
    A number the data cannot give is the sentence's reason, never a 0.
    """
    from .analyses.headline import MONTHLY
    from .i18n import fmt_month, fmt_value, has_key, kpi_label, render
    from .tables import ReportTable
    from .texts import has, header, t

    f = pd.DataFrame(rows)
    if f.empty:
        return None, []
    monthly = {k for ks in MONTHLY.values() for k in ks}

    def name(k: str) -> str:
        return (kpi_names or {}).get(k) or kpi_label(k, lang)
    counts = f[f["kpi"].isin(monthly) & f["period"].notna()]
    table = None
    if len(counts):
        months = sorted(counts["period"].unique(), reverse=True)[:4]
        cells = {(r.kpi, r.period): fmt_value(r.value, r.unit, currency=currency, lang=lang)
                 for r in counts.itertuples()}
        kpis = list(dict.fromkeys(counts["kpi"]))
        # a month the kind has nothing in (Salesforce's leads start in March 2022) is a dash, not a blank cell a
        # reader cannot tell from a zero or a printing fault
        frame = pd.DataFrame([[name(k)] + [cells.get((k, m), "–") for m in months] for k in kpis],
                             columns=[header("KPI", lang)] + [fmt_month(m + "-01", lang) for m in months])
        table = ReportTable(frame, [False] + [True] * len(months))
    sentences: list[tuple[str, str]] = []       # (the reason a number is missing, or "", and its sentence)
    missing: dict[str, list[str]] = {}
    for r in f[~f.index.isin(counts.index)].itertuples():
        value = r.value if r.value is not None and r.value == r.value else None
        shown = fmt_value(value, r.unit, currency=currency, lang=lang) if value is not None else "–"
        if r.period is None or r.period != r.period:
            key = "hl.whole" if value is not None else "hl.none"
            if value is not None and has(f"card.whole.{r.kpi}"):
                # the card's own words: "Leads in the export 9,240" above "New leads over the whole export: 9,240"
                # named one count two ways
                sentences.append(("", _stop(f"{t(f'card.whole.{r.kpi}', lang)}: {shown}")))
                continue
        elif value is not None and has_key(r.note, "hl.as_of_day"):       # a snapshot of the export's last day
            sentences.append(("", _stop(t("hl.on_day", lang, kpi=name(r.kpi), day=render(r.note, lang), value=shown))))
            continue
        else:
            key = "hl.at_end" if r.kpi.endswith("pipeline_value") else "hl.in_month"
        text = t(key, lang, kpi=name(r.kpi), month=fmt_month(f"{r.period}-01", lang) if key in ("hl.at_end",
                 "hl.in_month") else "", value=shown)
        if value is None and _undefined(r.note):
            # the engine's "undefined, not 0": nothing in the month to measure, in the report's language
            month_words = fmt_month(f"{r.period}-01", lang)
            sentences.append(("", t("hl.nothing", lang, kpi=name(r.kpi), month=month_words) + "."))
            continue
        # where a number comes from (a call log's resolved share); the reason an undated file's count has no month
        # is no word on the number itself
        if value is not None and has_key(r.note, "hl.from_status"):
            sentences.append(("", f"{text} ({render(r.note, lang)})."))
            continue
        reason = render(r.note, lang) if value is None and r.note else ""
        if reason and reason in missing:         # one sentence for the KPIs one missing column stops
            missing[reason].append(name(r.kpi))
            continue
        if reason:
            missing[reason] = [name(r.kpi)]
        sentences.append((reason, _stop(text + (f" ({reason})" if reason else ""))))
    # "New revenue, Deals won, Win rate: – (needs the close date of deals)": three lines said one thing
    return table, [f"{', '.join(missing[why])}: – ({why})." if why and len(missing[why]) > 1 else said
                   for why, said in sentences]


def _undefined(note: Any) -> bool:
    """Whether a KPI's note says its period is undefined, not 0 (its key, alone or first of two notes)."""
    from .i18n import has_key
    from .kpis import UNDEFINED_NOTES

    doc = note.as_json() if hasattr(note, "as_json") else note
    first = doc["params"].get("first") if has_key(doc, "note.both") else doc
    return any(has_key(first, k) for k in UNDEFINED_NOTES)
