"""The documents a client receives: ``report.html``, ``report.pdf`` and ``kpis.xlsx``; the portfolio index.

:func:`write_report` turns a client's executed notebooks and their recorded results into one
document in one language: a first page (client, month, data period, a data-quality verdict,
the headline KPIs against target, the ROI verdict, the biggest shortfall, what the data could
not support), a table of contents, the four analyses, and two appendices (the definition of
every KPI shown, the data-quality report). One stylesheet serves the screen and print;
WeasyPrint renders the same HTML to ``report.pdf`` when it can run on the machine.

:func:`write_xlsx` writes the results through the same views (:mod:`crmanalysis.views`), as
numbers with number formats, so a figure reads the same in the report and in Excel.
:func:`write_index` writes ``reports/index.html``: every client and month with its status,
headline KPIs against target, ROI verdict and links.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from .cells import neutralise_frame
from .i18n import Note, fmt_month, fmt_number, fmt_pct, fmt_value, has_key, render
from .tables import STATUS_COLOURS, Col
from .texts import t

__all__ = ["write_report", "write_xlsx", "write_index", "write_pdf", "start_pdf", "headline_kpis", "notebook_html",
           "CSS", "HEADLINE_ORDER", "report_warnings"]

#: the KPIs the first page prefers, at most :data:`MAX_HEADLINE` of those with a target (a director's
#: first page carries few KPIs, the results first)
HEADLINE_ORDER = ("new_revenue", "deals_won", "win_rate", "new_leads", "sales_conversations", "cases_closed",
                  "csat_mean", "time_to_resolution_hours", "retention_rate", "average_deal_size")
MAX_HEADLINE = 5
#: screen pixels per point of an SVG figure (a notebook that displays one itself; the package's charts are PNG
#: shown at plots.SCREEN_DPI): 110 per inch, so it shows as large as the package's charts
SVG_PX_PER_PT = 110 / 72
SKIP_TAGS = {"parameters", "injected-parameters", "notebook-title", "report-skip"}
NOTEBOOK_ORDER = ("01_baseline", "02_targets", "03_activity_vs_progress", "04_roi")

CSS = """
:root{--ink:#1d2430;--muted:#5b6472;--line:#dde1e7;--accent:#0072B2;--soft:#f5f7fa}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);font:15px/1.5 "DejaVu Sans",Verdana,"Segoe UI",sans-serif;background:#fff}
main.doc{max-width:1040px;margin:0 auto;padding:28px 32px 60px}
h1{font-size:30px;margin:4px 0 6px}h2{font-size:22px;margin:34px 0 8px;border-bottom:2px solid var(--line);
padding-bottom:4px}h3{font-size:17px;margin:26px 0 6px}h4{font-size:15px;margin:18px 0 4px}
p,li{max-width:78ch}.muted,.kicker{color:var(--muted)}.kicker{text-transform:uppercase;letter-spacing:.08em;
font-size:12px;margin:0}
a{color:var(--accent)}blockquote{margin:10px 0;padding:8px 14px;background:var(--soft);border-left:4px solid
#c9ced6;color:var(--ink)}blockquote p{margin:0}
.cover{border-bottom:3px solid var(--accent);padding-bottom:18px}
.verdicts{display:flex;gap:14px;margin:16px 0}.verdicts .box{flex:1 1 0}
.box{border:1px solid var(--line);border-left:6px solid #999;border-radius:6px;padding:10px 14px;background:#fff}
.box h3{margin:0 0 4px;font-size:14px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.box p{margin:0}.box.good,.box.gain{border-left-color:#009E73}.box.usable,.box.placebo,.box.no_gain,
.box.cannot_separate{border-left-color:#E69F00}.box.problems{border-left-color:#D55E00}.box.none{border-left-color:#999}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.cards.four .card{flex-basis:40%}.cards.few .card{flex:0 1 30%}
.card{flex:1 1 150px;border:1px solid var(--line);border-radius:6px;padding:10px 12px;border-top:5px solid #999}
.card .label{font-size:13px;color:var(--muted)}.card .value{font-size:22px;font-weight:700;margin:2px 0}
.card .target{font-size:13px}.card.red{border-top-color:#D55E00}.card.amber{border-top-color:#E69F00}
.card.green{border-top-color:#009E73}.card.none{border-top-color:#c9ced6}.card .target+.target{color:var(--muted)}
p.rule,p.why{font-size:12px;color:var(--muted);margin:2px 0 8px}ul.findings li{margin:4px 0}ul.findings li p{margin:0}
section.limits{margin-top:28px;border:1px solid var(--line);border-left:6px solid #999;border-radius:6px;
padding:6px 16px 10px;background:var(--soft)}section.limits h2{font-size:16px;margin:8px 0 4px}
nav.toc ol{list-style:none;padding-left:0}nav.toc ol ol{padding-left:22px}nav.toc li{margin:2px 0}
nav.toc .num{display:inline-block;min-width:2.6em;color:var(--muted)}
.table-wrap{overflow-x:auto;margin:10px 0 16px;max-width:100%}
table.rt{border-collapse:collapse;font-size:13px;min-width:40%}
table.rt th{background:var(--soft);text-align:left;font-weight:600;padding:5px 9px;border-bottom:2px solid #c9ced6;
vertical-align:bottom}
table.rt td{padding:4px 9px;border-bottom:1px solid var(--line);vertical-align:top}
table.rt .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.rt tbody tr:nth-child(even){background:#fafbfc}
.footnotes{font-size:12px;color:var(--muted);margin-top:4px}.footnotes p{margin:1px 0}
figure{margin:10px 0 18px}figure img{max-width:100%;height:auto}
dl.defs dt{font-weight:700;margin-top:12px}dl.defs dd{margin:2px 0 0 0}dl.defs .meta{color:var(--muted);font-size:13px}
.banner{background:#fbe3d6;border:1px solid #D55E00;padding:10px 14px;border-radius:6px}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@media print{
  @page{size:A4;margin:16mm 14mm 18mm 14mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:9pt;
  color:#5b6472}@bottom-left{content:string(doctitle);font-size:9pt;color:#5b6472}}
  body{font-size:10.5pt}main.doc{max-width:none;padding:0}h1{string-set:doctitle content()}
  .card{padding:6px 8px}.card .value{font-size:16pt}
  nav.toc,section.limits{break-inside:avoid}section.chapter,section.appendix{margin-top:28px}
  nav.toc a{display:block}nav.toc a::after{content:leader(". ") target-counter(attr(href), page);color:#5b6472}
  .chapter-head{break-inside:avoid}.chapter-head::after{content:"";display:block;height:60mm;margin-bottom:-60mm}
  .appendix-head{break-inside:avoid;break-after:avoid}
  h2,h3,h4,dl.defs dt{break-after:avoid}figure,.card,.box,tr,li,.table-wrap.small,.keep,dl.defs dd{break-inside:avoid}
  .footnotes{break-before:avoid;break-inside:avoid}
  /* a section's opening paragraph says what the section is: not two lines under its heading and the rest overleaf */
  h3+p{break-inside:avoid}
  table.rt tbody tr:nth-last-child(-n+2),table.rt tbody tr:nth-child(-n+2){break-before:avoid}
  /* no closing rule: on a page 1 full to its last line it was drawn in the margin, over the footer */
  .cover{border-bottom:none;padding-bottom:0}
  /* page 1 holds the cards and at least three findings: its boxes, cards and small print are set tighter */
  .cover h2{margin:12px 0 6px;font-size:14pt}.cover .verdicts{margin:8px 0;gap:10px}.cover .box{padding:5px 10px}
  .cover .box h3{font-size:8.5pt;margin-bottom:2px}.cover .box p{font-size:9pt;line-height:1.35}
  .cover .cards{gap:6px;margin:6px 0}.cover .card{flex:1 1 30%;padding:4px 8px}.cover .cards.few .card{flex:0 1 31%}
  .cover .card .value{font-size:14pt;margin:0}.cover .card .label,.cover .card .target{font-size:8pt;line-height:1.3}
  .cover p.source,.cover p.rule,.cover p.why{font-size:8.5pt;line-height:1.35;color:#5b6472;margin:4px 0;max-width:none}
  ul.findings{padding-left:18px}ul.findings li{margin:3px 0}
  /* a tall chart (one row per rep) with its heading and intro fits on a page, not on the next after a gap */
  figure img{max-height:140mm;width:auto}
  .table-wrap{overflow:visible}table.rt{font-size:8.5pt;width:100%}table.rt td,table.rt th{padding:3px 5px}
  table.rt.fixed{table-layout:fixed}table.rt.fixed col{width:var(--w)}table.rt.fixed td{overflow-wrap:anywhere}
  table.rt .num{white-space:normal}a{color:inherit;text-decoration:none}
}
"""


# ------------------------------------------------------------------------------------------ pieces
def _esc(s: Any) -> str:
    return html.escape(str(s))


def _md(text: str) -> str:
    import mistune

    return mistune.create_markdown(plugins=["table"], escape=True)(text)


def notebook_html(nb_path: Path, skip: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """The reader's part of an executed notebook as HTML, and the warnings it printed (not shown).

    Cells tagged parameters, notebook-title or report-skip (or one of *skip*) are left out; of each output the
    richest form is taken (HTML tables, SVG or PNG figures, Markdown). Text streams and errors are
    never shown to a client: they are returned as warnings for the consultant (run.json).
    """
    from .notebook import MIME

    # the batch's own notebook format 4, checked against its schema when papermill wrote it: read as JSON,
    # as read_results() reads it
    nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    parts, warnings = [], []
    for cell in nb.get("cells", []):
        if (SKIP_TAGS | skip) & set(cell.get("metadata", {}).get("tags", [])) or cell.get("cell_type") != "code":
            continue
        for o in cell.get("outputs", []):
            kind = o.get("output_type")
            if kind == "stream":
                warnings += [ln for ln in "".join(o.get("text", "")).splitlines() if ln.strip()]
                continue
            if kind == "error":
                warnings.append(f"{o.get('ename')}: {o.get('evalue')}")
                continue
            data = o.get("data", {})
            if MIME in data:
                continue
            if "text/html" in data:
                parts.append("".join(data["text/html"]))
            elif "image/svg+xml" in data:
                svg = "".join(data["image/svg+xml"])
                size = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg[:2000])
                w = f' width="{round(float(size.group(1)) * SVG_PX_PER_PT)}"' if size else ""
                parts.append(f'<figure><img alt=""{w} src="data:image/svg+xml;base64,'
                             f'{base64.b64encode(svg.encode()).decode()}"></figure>')
            elif "image/png" in data:
                meta = o.get("metadata", {}).get("image/png", {})
                w = f' width="{int(meta["width"])}"' if "width" in meta else ""
                parts.append(f'<figure><img alt=""{w} src="data:image/png;base64,{data["image/png"]}"></figure>')
            elif "text/markdown" in data:
                parts.append(_md("".join(data["text/markdown"])))
            elif "text/plain" in data:
                warnings.append("a plain-text output: " + "".join(data["text/plain"])[:200])
    return "\n".join(parts), warnings


def _number_headings(body: str, chapter: int) -> tuple[str, list[tuple[int, str, str, str]]]:
    """Number the h2 (the chapter) and h3 (sections) of one notebook's HTML; returns (html, toc entries)."""
    toc: list[tuple[int, str, str, str]] = []
    sub = 0

    def repl(m: re.Match) -> str:
        nonlocal sub
        level, inner = int(m.group(1)), m.group(2)
        if level == 2:
            num, anchor = f"{chapter}", f"s{chapter}"
        elif level == 3:
            sub += 1
            num, anchor = f"{chapter}.{sub}", f"s{chapter}-{sub}"
        else:
            return m.group(0)
        toc.append((level, num, anchor, re.sub(r"<[^>]+>", "", inner)))
        return f'<h{level} id="{anchor}"><span class="num">{num}</span> {inner}</h{level}>'
    return re.sub(r"<h([23])>(.*?)</h\1>", repl, body, flags=re.S), toc


#: a section heading, at most three paragraphs, and the start of a small table
_SMALL_START = re.compile(r'(<h3[ >](?:(?!</h3>).)*</h3>\s*(?:<p>(?:(?!</p>).)*</p>\s*){0,3})'
                          r'<div class="table-wrap small">', re.S)


def _keep_small_sections(body: str) -> str:
    """Each section heading, its intro (up to three paragraphs) and a small table after them in one unbreakable block.

    A small table is never split over pages; ``break-after: avoid`` on a heading and its paragraphs did not
    move them along with it: the heading and its intro stood at the foot of one page, their table on the next.
    """
    out, pos = [], 0
    for m in _SMALL_START.finditer(body):
        start = m.end() - len('<div class="table-wrap small">')
        depth, i = 0, start
        for tag in re.finditer(r"<(/?)div\b", body[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                i = start + tag.end()
                i = body.index(">", i) + 1
                break
        else:
            continue                                     # an unclosed block: left as it is
        out += [body[pos:m.start()], '<div class="keep">', body[m.start():i], "</div>"]
        pos = i
    return _FIRST_FIGURE.sub(r'<div class="keep">\1</div>', "".join(out) + body[pos:])


def _appendix(letter: str, anchor: str, title: str, body: str) -> str:
    """Appendix *letter*: its heading and opening paragraph kept with what follows, as a chapter's are.

    Alpina's "A KPI definitions" and its one-line intro stood at the foot of a page, the definitions overleaf.
    They are one block that avoids a break after it; the chapter heads' spacer asked for more room than a
    definition needs, and the help desk's appendices ran onto a fourth page for one table.
    """
    head = f'<h2><span class="num">{letter}</span> {_esc(title)}</h2>'
    end = body.index("</p>") + len("</p>") if body.startswith("<p>") and "</p>" in body else 0
    return (f'<section class="appendix" id="{anchor}"><div class="appendix-head">{head}{body[:end]}</div>'
            f"{body[end:]}</section>")


def _keep_chapter_head(body: str) -> str:
    """A chapter's heading and intro kept with what follows them, never alone at a page's foot.

    When the chapter's first section is one kept block (a heading, a line and a chart or a small
    table), the chapter's heading and intro join that block. Otherwise they are a block of their
    own, below which a spacer in the print CSS, taken back by its own negative margin, asks for
    60 mm on the same page. ``break-after: avoid`` did not hold them: the first section is a block.
    """
    m = _CHAPTER_HEAD.search(body)
    if m is None:
        return body
    before, head, rest = body[:m.start()], m.group(1), body[m.end():]
    keep = '<div class="keep">'
    if rest.startswith(keep):                  # the first section is one block: the heading joins it
        return before + keep + head + rest[len(keep):]
    return f'{before}<div class="chapter-head">{head}</div>{rest}'


#: a chapter heading and at most two paragraphs of intro: SaaS's "1 Baseline" stood at a page's foot, its
#: sections overleaf
_CHAPTER_HEAD = re.compile(r'(<h2>(?:(?!</h2>).)*</h2>\s*(?:<p>(?:(?!</p>).)*</p>\s*){0,2})', re.S)


#: a section heading, at most two paragraphs, and a chart right after them: SaaS's "How the baseline months
#: looked" stood with its intro at the foot of a page, its charts overleaf
_FIRST_FIGURE = re.compile(r'(<h3[ >](?:(?!</h3>).)*</h3>\s*(?:<p>(?:(?!</p>).)*</p>\s*){0,2}'
                           r'<figure>.*?</figure>)', re.S)


def headline_kpis(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The first page's KPIs: the cards notebook 02 chose (``cards``), else its company scores with a target.

    Each has ``kpi, value, unit, target, score, status`` and, from the cards, ``previous`` (the month
    before), ``last_year`` (the same month a year before) and ``n`` (the events a rate is a share of).
    """
    got = results.get("02_targets", {})
    if got.get("cards"):
        return _doubt(results, list(got["cards"])[:MAX_HEADLINE])
    rows = [{**r, "value": r["actual"]} for r in (got.get("company_scores") or [])
            if r.get("target") is not None and r.get("actual") is not None]
    rank = {k: i for i, k in enumerate(HEADLINE_ORDER)}
    rows.sort(key=lambda r: rank.get(r["kpi"], len(rank)))
    return _doubt(results, rows[:MAX_HEADLINE])


def _doubt(results: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """*rows* with no status where a failed check of page 1's numbers puts their KPI in doubt (:func:`_doubted`).

    RavenStack's MRR card read green, 114 % of target, beside a quality box asking how the CRM records
    renewals "before reading MRR": a colour says the number can be judged, and it cannot be yet.
    """
    from .analyses.headline import uncoloured

    # and a card of a month below a third of its usual one (analyses.kinds.thin_card): the history does the same
    none = uncoloured(results)
    return [{**r, "status": None} if r.get("kpi") in none else r for r in rows]


def shown_kpis(results: dict[str, Any]) -> dict[str, dict[str, str]]:
    """KPI id -> label, definition, kind, unit, direction of every KPI the notebooks showed (``kpis_shown``).

    Recorded by each notebook from the client's own KPIs, so a template KPI has its label and
    definition here like a built-in one.
    """
    out: dict[str, dict[str, str]] = {}
    for nb in NOTEBOOK_ORDER:
        out.update(results.get(nb, {}).get("kpis_shown") or {})
    return out


#: KPIs of a cohort that keep rising after their month, and how long they take to settle (days after its end)
RISING = {"lead_conversion_rate": 60}


def _still_rising(kpi: str, month: pd.Period, data_end: Any, lang: str) -> list[str]:
    """A card's line where its month's cohort is too young to have settled when the export was taken.

    Zoho's "Lead conversion 0.0%" counted 10 leads created on the export's last day: a conversion takes weeks,
    and every report month's rate reads low beside the months before it.
    """
    if kpi not in RISING or not data_end:
        return []
    days = (pd.Timestamp(data_end).normalize() - month.end_time.normalize()).days
    if days >= RISING[kpi]:
        return []
    return [t("card.rising_in" if days <= 0 else "card.rising", lang, n=days)]


def _doubt_line(card: dict[str, Any], now: pd.Period, doubted: set[str] | frozenset[str],
                load_days: dict[str, tuple[int, str]], lang: str) -> list[str]:
    """A doubted card's first line: how many of its events carry the load day, or where to look.

    "Cases closed 2,670 · to check first" was read as the help desk's month: 2,649 of them carry the day the data
    were loaded, and the card says so where it is read. Bitrix24's win rate of 0.4 %, which the box beside it
    asks about, stood as any other grey card.
    """
    loaded = load_days.get(card["kpi"])
    if loaded and pd.Period(loaded[1], "M") == now:
        if card.get("unit") != "count":
            # the help desk's CSAT card said "see the data-quality box", whose sentence named the closing date, not
            # CSAT: the card says what it shares with the count beside it
            return [render(Note("card.load_day_rate", day={"day": loaded[1]}), lang)]
        every = card.get("value") is not None and loaded[0] >= card["value"]       # Salesforce's 294 new leads
        return [render(Note("card.load_day" + ("_all" if every else ""), n=loaded[0], day={"day": loaded[1]}), lang)]
    return [t("card.doubt_plain", lang)] if card.get("kpi") in doubted and card.get("target") is None else []


def _load_days(results: dict[str, Any]) -> dict[str, tuple[int, str]]:
    """KPI -> (rows, day) of a date column most of whose rows carry one day, the likely load day.

    A count dated by that column holds them all in the day's month: the card can say how many; a rate or a mean
    (CSAT) says that it is dated by that day.
    """
    from .analyses.headline import dated_by, finding_kind

    out: dict[str, tuple[int, str]] = {}
    for i in (results.get("01_baseline", {}).get("quality") or {}).get("issues") or []:
        if finding_kind(i.get("text")) == "dq.one_day":
            day = str(((_params(i["text"]).get("what") or {}).get("params") or {}).get("day", {}).get("day", ""))
            for k in dated_by(i.get("table") or "", i.get("canonical") or ""):
                if day:
                    out.setdefault(k, (int(i.get("count") or 0), day))
    return out


def _too_short(results: dict[str, Any]) -> bool:
    """True where the month's targets could not be set for want of history (fewer than 3 complete months)."""
    return any(g.get("section") == "sec.targets" and has_key(g.get("detail"), "nc.short_history")
               for g in results.get("02_targets", {}).get("gaps") or [])


def _cards(rows: list[dict[str, Any]], lang: str, currency: str, meta: dict[str, dict[str, str]],
           month: str, *, dated: bool = True, doubted: set[str] | frozenset[str] = frozenset(),
           short: bool = False, data_end: Any = None, load_days: dict[str, tuple[int, str]] | None = None,
           flattered: bool = False) -> str:
    """The KPI cards: the month's value, its target and score, the month before and the same month last year.

    *flattered*: most open deals wait undecided (the stale-deals finding), so the win rate may read too high.

    A card's colour is its status against the month's target; grey when it has no target. A
    comparison the data cannot make (no such month in the export) is left out, never shown as 0.
    """
    from .analyses.kinds import thin_card
    from .i18n import fmt_value
    from .texts import has

    def val(v: Any, unit: str) -> str:
        return fmt_value(v, unit, currency=currency, lang=lang)

    out = []
    made = next((x for x in rows if x["kpi"] == "call_connect_rate"), {})     # the calls logged, held or not
    # beside the calls that came in, those logged are the calls made: Aircall's "286 calls were logged" of 553
    out_only = "_out" if any(x["kpi"] == "calls_received" for x in rows) else ""
    for r in rows:
        now = pd.Period(r.get("month") or month, "M")       # the cards' own month (see headline.card_month)
        unit, v = r.get("unit") or "count", r.get("value")
        lines, more = [], 0
        if r.get("target") is not None:
            more = _score_digits(v, r["target"], r.get("score"), unit, r.get("direction") or "higher", lang)
            lines.append(_target_line(r, more, r.get("kpi") in doubted, lang, currency))
        for key, m in (("previous", now - 1), ("last_year", now - 12)):
            then = r.get(key)
            if then is not None and v is not None:
                odd = _unusual(then, r.get("usual"), unit) if key == "previous" else ""
                few = _few_then(r, key)
                # a change on an unusual month is not the month's news: the card says the month was unusual;
                # a rate of 1 case then is no base for points: the card says how few it was
                # nor is a change of a number a check puts in doubt (RavenStack's MRR, "+705%" on a year before, of
                # subscriptions that may be counted twice): the month before stands, without a change to act on
                diff = "" if r.get("kpi") in doubted else t("card.few_then" if unit == "ratio" else
                                                            "card.few_ratings_then", lang, n=fmt_number(few, lang)) \
                    if few is not None else t(f"card.unusual_{odd}", lang) if odd \
                    else _judged(_change_text(v, then, unit, lang), v, then, r,
                                 (flattered and r["kpi"] == "win_rate") or thin_card(r), lang)
                lines.append(f"{fmt_month(m.strftime('%Y-%m-01'), lang)}: {val(then, unit)}"
                             + (f" ({diff})" if diff else ""))
        if _of_few(unit, r.get("n")):
            lines.append(t("card.few" if unit == "ratio" else "card.few_ratings", lang, n=fmt_number(r["n"], lang)))
        _what_it_counts(r, lines, lang, out_only)
        if r["kpi"] == "calls" and made.get("n") and r.get("month") == made.get("month"):
            # "Calls 97" above "97 of the 199 calls logged were held" read as 97 calls made; below the target line,
            # "held; 53 calls logged" read as a fragment of "Target 29 · 117 % · green": it goes under the value
            lines.insert(0, t("card.calls_held" + out_only, lang, n=fmt_number(made["n"], lang)))
        if thin_card(r) and r.get("target") is None:
            # Salesforce's "New revenue US$136,000 · 3% · red" stood as a fact above a finding that asked whether the
            # CRM holds all of March 2022 (4 % of the usual month): the card says so where it is read (with a
            # target, in its target line)
            lines.insert(0, t("card.now_low", lang))
        lines[:0] = _span_line(r, lang)
        if flattered and r["kpi"] == "win_rate" and r["kpi"] not in doubted:
            # the Danish page's "Win rate 61.5%" stood unqualified above "169 of 187 open deals … the win rate may be
            # too high": the card says so where it is read
            lines.append(t("card.flattered", lang))
        lines[:0] = _doubt_line(r, now, doubted, load_days or {}, lang)
        lines += _still_rising(r["kpi"], now, data_end, lang)
        st = r.get("status") or "none"
        label = meta.get(r["kpi"], {}).get("label", r["kpi"])
        if not dated and has(f"card.whole.{r['kpi']}"):
            # "New leads 471" of an export without dates: no lead in it is newer than another
            label = t(f"card.whole.{r['kpi']}", lang)
        out.append(f'<div class="card {_esc(st)}"><div class="label">{_esc(label)}</div>'
                   f'<div class="value">{_esc(fmt_value(v, unit, currency=currency, lang=lang, extra=more))}</div>'
                   + "".join(f'<div class="target">{_esc(x)}</div>' for x in lines) + "</div>")
    rule = _card_rule(rows, lang, meta, dated=dated, short=short, doubted=doubted)
    # four cards two by two: in a row of three the fourth stood alone below them, as wide as the page
    # and one or two cards as wide as three: Odoo's one card stretched over the page, a banner and no card
    grid = " four" if len(out) == 4 else " few" if len(out) < 3 else ""
    return f'<div class="cards{grid}">' + "".join(out) + f'</div><p class="rule">{_esc(rule)}</p>'


#: KPIs whose rise is neither better nor worse by itself: more cases opened may be more customers, more spend more
#: reach, more hours on the phone more calls; a card says their change without a judgement
_UNJUDGED = frozenset({"cases_opened", "marketing_spend", "call_talk_hours", "talk_time_hours", "calls_received"})


def _judged(diff: str, now: float, then: float, card: dict[str, Any], doubted: bool, lang: str) -> str:
    """*diff* with "better" or "worse" by the KPI's direction; "" stays "", a change shown as none gets no word.

    A grey card's "-2.6%" left the director to know that a shorter sales cycle is the good way. No word for a
    KPI in :data:`_UNJUDGED`, nor for a move the findings call steady (:data:`STEADY`: a CSAT of 3.38 against 3.39
    is no worse), nor where *doubted*: a win rate the stale deals flatter (its rise may be none), a month the
    card asks to check first (Salesforce's March 2022, -93 % of a month probably cut short, is no "worse").
    """
    direction = card.get("direction") or ""
    if not diff or direction not in ("higher", "lower") or card.get("kpi") in _UNJUDGED \
            or not any(ch in "123456789" for ch in diff) or not then or abs(now / then - 1) < STEADY \
            or doubted:
        return diff
    up = now > then
    return t("card.better" if up == (direction == "higher") else "card.worse", lang, d=diff)


def _what_it_counts(r: dict[str, Any], lines: list[str], lang: str, out_only: str = "") -> None:
    """A card's lines on what its value counts, put under the value (its target line first, if any).

    *out_only* ("_out"): the calls logged are the calls made, beside a card of the calls that came in.
    """
    at = int(r.get("target") is not None)
    if has_key(r.get("driver"), "finding.zero_left_out"):
        # Bitrix24's "Average deal size RUB3,333,333" counted a won deal nobody priced (RUB0) as a third of it;
        # it is left out now, and the card says so where the average is read
        lines.insert(at, t("card.zero_amount", lang, n=render(_params(r["driver"]).get("n"), lang)))
    if r.get("unpriced"):
        # a third of a Pipedrive export's deals in USD without an exchange rate: the month's revenue and its
        # average deal are of the others, and the card says so right under its value (below the comparisons
        # it read as said of the year before)
        key = "card.unpriced_mrr" if r["kpi"] == "mrr" else "card.unpriced"
        lines.insert(at, t(key, lang, n=fmt_number(r["unpriced"], lang)))
    v = r.get("value")
    # "Leads converted 17" beside "Lead conversion 11.1%" of 144 new leads read as 17 / 144: the rate is of the
    # month's new leads, the count of every conversion dated in it; "Calls 97" beside "Calls held (share) 48.7%"
    # read as 97 calls made: 199 were, 97 of them answered. A rate's card says what it is a share of
    of_what = _RATE_OF.get(r["kpi"])
    of_what = of_what + out_only if of_what == "card.of_calls_made" else of_what
    if r.get("unit") == "score" and r.get("n") and not _of_few("score", r["n"]) and v is not None and v == v:
        lines.insert(0, t("card.of_ratings", lang, n=fmt_number(r["n"], lang)))
    if of_what and r.get("n") and v is not None and v == v:
        lines.insert(0, t(of_what, lang, k=fmt_number(round(v * r["n"]), lang), n=fmt_number(r["n"], lang)))


#: KPIs of hours summed over a month's calls, not the hours one case took
_SUMMED_HOURS = ("talk_time_hours", "call_talk_hours")


def _span_line(card: dict[str, Any], lang: str) -> list[str]:
    """A card's span of hours as its reader counts it: two days and more in days, under an hour in minutes."""
    v = card.get("value")
    if card.get("unit") != "hours" or v is None or v != v or card["kpi"] in _SUMMED_HOURS:
        return []      # a month's hours of talk are no span of anything
    if v >= 48:        # "Time to resolution (h) 253.2" left the reader to divide by 24
        return [t("card.days", lang, days=fmt_number(v / 24, lang, 1))]
    if 0 < v < 1:      # a chat desk's "Time to resolution (h) 0.14" read as a fault: its team counts minutes
        return [t("card.minutes", lang, minutes=fmt_value(v * 60, "count", lang=lang))]
    return []
def _of_few(unit: str | None, n: Any) -> bool:
    """Whether a rate's or a score's month rests on fewer than ``MIN_EVENTS`` events (ratings, decided deals …)."""
    from .analyses.headline import MIN_EVENTS

    return unit in ("ratio", "score") and n is not None and n == n and n < MIN_EVENTS


#: the line under a rate's card that says what it is a share of, by KPI
_RATE_OF = {"lead_conversion_rate": "card.of_new_leads", "call_connect_rate": "card.of_calls_made",
            "answered_share": "card.of_answered", "calls_answered_share": "card.of_answered",
            "meeting_held_rate": "card.of_meetings_planned",
            # a satisfaction score's sample: "CSAT 4.03" rested on 30 ratings of 132 cases, which no line said
            "csat_satisfied_share": "card.of_ratings_satisfied",
            # NYC 311's "Resolved on time 86.3%" beside 1,874 cases closed: 14 of them had no due date to keep
            "resolved_on_time": "card.of_due"}


def _card_rule(rows: list[dict[str, Any]], lang: str, meta: dict[str, dict[str, str]], *, dated: bool, short: bool,
               doubted: set[str] | frozenset[str]) -> str:
    """The sentence under page 1's cards: what their colours mean, what has no target and why, what they compare."""
    from .analyses.kinds import thin_card

    # an export without dates has no month to set a target for or to compare with: no colour rule to state
    # a colour rule beside cards that are all grey (no target) explained colours nobody sees
    targeted = any(r.get("target") is not None for r in rows)
    rule = "cards.rule_whole" if not dated else "cards.rule" if targeted else "cards.rule_untargeted"
    # "Grey: no target yet" gave the call centre's director no reason; the reason was on page 3
    rule += "_short" if rule == "cards.rule_untargeted" and short else ""
    # a card with a target left grey until a check is answered (RavenStack's MRR at 114 %) beside "grey: no target
    # yet" contradicted the rule
    doubt = rule == "cards.rule" and any((r.get("kpi") in doubted or thin_card(r)) and r.get("target") is not None
                                         for r in rows)
    # a month at its usual level is amber below 80 % (a target of a few deals is one more than the usual month):
    # the rule says so where a card shows it, and is a line shorter where none does
    usual = t("cards.rule_usual", lang) if any(_amber_at_usual(r) for r in rows) else ""
    rule = t(rule + (".doubt" if doubt else ""), lang, usual=usual)
    if rule and any(r.get("unit") == "ratio" and r.get("target") is not None for r in rows):
        rule += t("cards.rule_points", lang)            # a rate's card says its points, its colour the same rule
    rule = f"{rule} {_later(rows, lang, meta)}".rstrip() if targeted else rule
    # "each card compares with the month before" under cards of an export's only month promised what none shows
    if dated and any(r.get(k) is not None for r in rows for k in ("previous", "last_year")):
        # the call centre's three months have no year before: "and the same month a year before" promised it
        year = any(r.get("last_year") is not None for r in rows)
        rule = f"{rule} {t('cards.compare' if year else 'cards.compare_previous', lang)}"
    return rule


def _amber_at_usual(card: dict[str, Any]) -> bool:
    """An amber card below the amber band: amber only for being at its usual month (see analyses.targets.status)."""
    from .i18n import SCORE_BANDS

    return card.get("status") == "amber" and (card.get("score") or 1) < SCORE_BANDS[0]


def _target_line(card: dict[str, Any], more: int, doubted: bool, lang: str, currency: str) -> str:
    """A card's "Target 54 · 9% · red": its target with *more* decimals, its score, and its colour or why none."""
    from .analyses.kinds import thin_card
    from .i18n import fmt_score, fmt_value

    st = card.get("status") or ""
    said = t("card.doubt", lang) if doubted else t("card.doubt_low", lang) if thin_card(card) \
        else t("status." + st, lang) if st else ""
    # Bitrix24's "Target 4 · 75% · amber" read as a colour against the rule's "amber from 80%": the card says why
    if not doubted and _amber_at_usual(card):
        said = t("card.amber_usual", lang)
    target = fmt_value(card["target"], card.get("unit") or "count", currency=currency, lang=lang, extra=more)
    score = fmt_score(card["score"], lang) if card.get("score") is not None else "–"
    if card.get("unit") == "ratio" and card.get("value") is not None:
        score = _points_to_target(card, lang)
    return f"{t('target', lang)} {target} · {score}" + (f" · {said}" if said else "")


def _points_to_target(card: dict[str, Any], lang: str) -> str:
    """A rate's distance to its target in points: "1.8 points behind", as the shown value and target differ.

    Recurly's "Retention 97.0 %, target 98.8 % · 98 %" gave a percentage of a percentage, near 100 however far
    behind the rate was.
    """
    from .i18n import fmt_number

    d = round(round(float(card["value"]) * 100, 1) - round(float(card["target"]) * 100, 1), 1)
    if d == 0:
        return t("card.points_on", lang)
    ahead = d > 0 if (card.get("direction") or "higher") == "higher" else d < 0
    return t("card.points_ahead" if ahead else "card.points_behind", lang, d=fmt_number(abs(d), lang, digits=1))


def _later(rows: list[dict[str, Any]], lang: str, meta: dict[str, dict[str, str]]) -> str:
    """When the grey insight cards get a target: the plan's month for them, or some months into a plan; "" if none.

    "Grey: no target" beside a coloured "Deals won" left the reader asking why the win rate has none;
    "once the team works with the first targets" beside "month 6 of the plan" said neither when nor why.
    """
    from .analyses.plan import INSIGHT_AFTER

    said = []
    for never in (False, True):
        later = [r for r in rows if r.get("later") and (r["later"] == "never") == never and r.get("target") is None]
        if not later:
            continue
        when = str(later[0]["later"])
        key = "cards.later" + {"plan": "_plan", "never": "_never"}.get(when, "") + ("_one" if len(later) == 1 else "")
        if when == "never":           # "set by demand or a budget" beside a help desk's cases read oddly
            kinds = {r["kpi"] for r in later}
            key = "cards.later_never" + ("_demand" if kinds <= {"cases_opened"} else
                                         "_budget" if kinds <= {"marketing_spend"} else "")
        month = fmt_month(when + "-01", lang) if when not in ("plan", "never") else ""
        # "6 months into a plan" read as a riddle, and "from its month 7" as jargon: after the plan's first 6 months
        said.append(t(key, lang, kpis=_and([meta.get(r["kpi"], {}).get("label", r["kpi"]) for r in later], lang),
                      month=month, n=INSIGHT_AFTER))
    return " ".join(said)


def _report_month(head: list[dict[str, Any]], summary: dict[str, Any], month: str, lang: str) -> str:
    """The cover's report month, with the month its figures are of when the export's activity stopped before it.

    "Report month: February 2015" above figures of March 2011 read as this month's; an export without
    dates has no report month ("November 2026" was the month it was run in).
    """
    if not summary.get("data_start") or not summary.get("data_end"):
        return t("cover.whole_export", lang)
    figures = next((c.get("month") for c in head if c.get("month")), month)
    said = t("cover.month", lang, month=fmt_month(month + "-01", lang))
    end = _ends_within(summary, month)
    if end is not None:                             # an export taken in the month: a part of it
        said += render(Note("cover.month_to", day={"day": f"{end:%Y-%m-%d}"}), lang)
    if figures == month:
        return said + _stopped_after(summary, lang)
    return f'{said} ({t("cover.figures_of", lang, month=fmt_month(figures + "-01", lang))})'


def _stopped_after(summary: dict[str, Any], lang: str) -> str:
    """", the export's last busy month" (or its only one) after the report month, when the export's activity stopped.

    An export taken years after its activity stopped is reported for its last busy month
    (:func:`crmanalysis.analyses.headline.report_month_of`); :func:`_why_month` says why, or "Report month:
    May 2012" above "data to 28 September 2016" reads as a month picked at random.
    """
    if not summary.get("quiet_until"):
        return ""
    # Duke's 9,998 of 10,000 cases opened in May 2012, the month its data start in: its only busy month; so is NYC's
    # March 2011, where its data start in earnest after 1 stray case in February
    start = str(summary.get("compared_from") or summary.get("data_start") or "")[:7]
    only = start == str(summary.get("month") or "-")[:7]
    return ", " + t("cover.busy_only" if only else "cover.busy_last", lang)


def _why_month(summary: dict[str, Any], month: str, lang: str) -> str:
    """"Why May 2012: the export was taken on 3 January 2017, and the 3 months before hold fewer than 10 …".

    A line of its own under the title: in brackets after the report month it ran the title's line to three
    lines that a director read as garbled. The day the export was taken comes first, and the quiet months
    are counted back from it, not named ("October – December 2016" beside data that end in September read
    as months after the data). An export without its own date counts back from its last day instead.
    """
    from .analyses.headline import STALE_EVENTS, STALE_MONTHS

    if not summary.get("quiet_until") or not summary.get("data_end"):
        return ""
    said = {"n": STALE_MONTHS, "events": STALE_EVENTS, "month": {"month": month}}
    taken = summary.get("exported")
    if not taken:
        return Note("cover.stopped_why_undated", **said).in_lang(lang)
    return Note("cover.stopped_why", taken={"day": f"{pd.Timestamp(taken):%Y-%m-%d}"}, **said).in_lang(lang)


def _period(summary: dict[str, Any], lang: str, files: int = 2) -> str:
    start, end = summary.get("data_start"), summary.get("data_end")
    if not start or not end:
        return t("cover.no_dates", lang, n=files)          # "the export holds" of one file
    from babel.dates import format_date

    from .i18n import LOCALES

    first, last = pd.Timestamp(start), pd.Timestamp(end)
    def day(ts: pd.Timestamp) -> str:
        return format_date(ts.date(), format="long", locale=LOCALES.get(lang, "en_GB"))
    # "data from October 2022 to 13 October 2022" of an export of one day read as a riddle
    if first.normalize() == last.normalize():
        return t("cover.one_day", lang, day=day(last))
    same = first.to_period("M") == last.to_period("M")
    return t("cover.period", lang, start=day(first) if same else fmt_month(start, lang), end=day(last))


def _file_problems(quality: dict[str, Any], lang: str) -> list[str]:
    """Files that could not be used at all, or lost more than 2 % of their rows: one sentence each."""
    out = []
    unread = {i["file"] for i in quality.get("issues") or [] if i.get("severity") == "error"}
    for f in quality.get("files") or []:
        read, kept, rej = (int(f.get(k) or 0) for k in ("rows_read", "rows_kept", "rows_rejected"))
        if (read and not kept) or (not read and f.get("file") in unread):
            out.append(t("dq.file_unused", lang, file=f.get("file", "")))
        elif read and rej / read > 0.02:
            out.append(t("dq.file_rejected", lang, file=f.get("file", ""), rejected=fmt_number(rej, lang),
                         read=fmt_number(read, lang)))
    return out


#: a warning about this share of a file's rows or more is said on the first page, not only in appendix B
BROAD_WARNING = 0.25
#: and about this share or more, the numbers from that file are to be checked before use
MAJOR_WARNING = 0.5


#: findings page 1 names whatever share of their file they hold: a KPI card they doubt points to them
ALWAYS_SAID = ("dq.one_day", "dq.row_limit")


def _broad_warnings(quality: dict[str, Any], lang: str, at_least: float = BROAD_WARNING) -> list[str]:
    """Warnings about at least *at_least* of their file's rows, one sentence each (largest share first).

    4,732 of a demo org's 5,188 deals closed before they were created; page 1 said "Good".
    """
    from .analyses.headline import FILE_FINDINGS, finding_kind
    from .i18n import fmt_pct

    rows = {f.get("file"): int(f.get("rows_read") or 0) for f in quality.get("files") or []}
    found = sorted(((int(i.get("count") or 0) / rows[i["file"]], i) for i in quality.get("issues") or []
                    if i.get("severity") == "warning" and rows.get(i.get("file"))), key=lambda x: -x[0])
    said: dict[str, list[str]] = {}                 # a finding's kind -> its sentence, then the files it also holds in
    # the help desk's 2,649 cases closed on one day are 31 % of its file, and its "Cases closed" card said "see the
    # data-quality box" of a box that did not name them
    for share, i in (x for x in found if x[0] >= at_least or finding_kind(x[1]["text"]) in ALWAYS_SAID):
        kind = finding_kind(i["text"]) or i["file"] + str(i["text"])
        if kind in said:
            # Salesforce's deals and leads were all dated on the load day: one sentence, then "the same in Lead.csv"
            # a file cut at another limit says its own: "the same in ravenstack_subscriptions.csv" read as 2,000 rows
            rows_of = t("dq.also_rows", lang, n=fmt_number(_params(i["text"]).get("n"), lang)) \
                if kind in FILE_FINDINGS else fmt_pct(share, lang, 0)
            said[kind].append(f'{i["file"]} ({rows_of})')
            continue
        what = _with_effect(i["text"], lang)
        # a file cut at an export limit is a doubt about the whole file, not about a share of its rows
        said[kind] = [t("dq.broad_file", lang, file=i["file"], what=what) if kind in FILE_FINDINGS
                      else t("dq.broad", lang, file=i["file"], what=what, share=fmt_pct(share, lang, 0))]
    return [x[0] + (" — " + t("dq.broad_also", lang, files=_and(x[1:], lang)) if len(x) > 1 else "")
            for x in said.values()]


def _with_effect(text: Any, lang: str) -> str:
    """A finding about many of a file's rows with what it does to the numbers (``<finding>.effect``), if known.

    The effect takes the place of "kept in the report", which it implies.
    "91 % of its rows close before they were created" left a director asking which monthly numbers still hold; the
    effect added in brackets after "; kept in the report" took German page 1's box to 12 lines and its third
    finding to page 2.
    """
    from .analyses.headline import finding_kind
    from .texts import has

    key = f"{finding_kind(text)}.effect" if finding_kind(text) else ""
    if not (key and has(key)):
        return render(text, lang)
    if isinstance(text, dict) and "verb" in (text.get("params") or {}):
        return render({**text, "params": {**text["params"], "verb": {"key": key, "params": {}}}}, lang)
    return f"{render(text, lang)} ({t(key, lang)})"


def _n_files(quality: dict[str, Any]) -> int:
    """How many files the exports are, for "the export" of one file and "the exports" of more (2 when unknown)."""
    return len(quality.get("files") or []) or 2


def _quality_verdict(quality: dict[str, Any], lang: str, checks: list[Any] = (), summary: dict[str, Any] | None = None
                     ) -> tuple[str, str]:
    """(good | usable | problems, one sentence) from the recorded data-quality report and the headline checks.

    Never "good" over a wrong or empty first number: a failed check (won deals without a close date,
    deals won without an amount), a file that could not be used or one that lost more than 2 % of
    its rows makes it "problems", and the sentence names them instead. Exports without a single date
    (a *summary* without a first day) are at best "usable": every row kept, but no month to compare.
    """
    tot = quality.get("totals") or {}
    read, kept, rej, exc = (int(tot.get(k, 0)) for k in ("rows_read", "rows_kept", "rows_rejected",
                                                            "rows_excluded"))
    findings = int(quality.get("errors", 0)) + int(quality.get("warnings", 0))
    # a doubt about most of a file's rows (a demo org's deals, 91 % closing before they were created) is
    # no "usable": every number from that file is to be checked
    reasons = [render(c, lang).rstrip(".") for c in checks] + _file_problems(quality, lang) \
        + _broad_warnings(quality, lang, MAJOR_WARNING)
    if reasons:
        # a sentence each: the help desk's box joined "… cannot be counted; customer_support_tickets.csv, 31% of
        # its rows: 2,649 rows carry …; kept (…)" into one line of semicolons
        names = tuple(str(f.get("file") or "") for f in quality.get("files") or [] if f.get("file"))
        # a sentence that opens with a file's own name keeps its case behind "The file": RavenStack's box read
        # "… retention. ravenstack_support_tickets.csv holds exactly 2,000 rows"
        said = [x if not i else t("dq.the_file", lang, said=x) if names and x.startswith(names)
                else x[:1].upper() + x[1:] for i, x in enumerate(reasons[:3])]
        s = t("dq.verdict_check", lang, reasons=". ".join(said) + (" …" if len(reasons) > 3 else ""))
        return "problems", s + (" " + t("dq.verdict_findings", lang, n=fmt_number(findings, lang)) if findings else "")
    kind = "good" if rej == 0 and not quality.get("errors") else "usable" if read and rej / read < 0.05 else "problems"
    files = _n_files(quality)
    said_excluded = kind == "good" and exc > 0          # "all 802 rows … used" beside "402 left out" contradicted it
    s = t("dq.verdict_good_excluded" if said_excluded else f"dq.verdict_{kind}", lang, read=fmt_number(read, lang),
          kept=fmt_number(kept, lang), rejected=fmt_number(rej, lang), excluded=fmt_number(exc, lang), n=files)
    if kind == "good" and summary and not summary.get("data_start"):
        kind, s = "usable", t("dq.verdict_no_dates", lang, read=fmt_number(read, lang), n=files)
    broad = _broad_warnings(quality, lang)
    if broad:                      # every row kept, but a quarter of a file's rows carry the same doubt: not "good"
        if kind == "good":
            kind, s = "usable", t("dq.verdict_all_kept", lang, read=fmt_number(read, lang), n=files)
        s += " " + t("dq.verdict_broad", lang, what="; ".join(broad[:2]))
    if exc and not (said_excluded and kind == "good"):
        s += " " + t("dq.verdict_excluded", lang, excluded=fmt_number(exc, lang))
    if findings:
        s += " " + t("dq.verdict_findings", lang, n=fmt_number(findings, lang))
    return kind, s


#: tables an ad platform's export fills; a client with no other table has no CRM export in its report
AD_TABLES = {"marketing_spend", "campaigns", "touchpoints", "crm_costs", "financials"}


def _kicker(summary: dict[str, Any]) -> str:
    """The text key of the line above the client's name: what kind of report this is."""
    # an export without dates has no month: its report is no monthly one
    if not summary.get("data_start"):
        return "cover.kicker_whole"
    # an ad platform's export is no CRM: its report and the numbers to check say so
    if _ad_platform_only(summary):
        return "cover.kicker.ads"
    # nor is a help desk's, a phone system's or a web form's: "Monthly CRM report" over TOPdesk's meldingen
    alone = set(summary.get("tables") or []) - {"users", "accounts", "contacts"}
    kind = {"cases": "service", "activities": "activities", "leads": "leads"}.get(alone.pop() if len(alone) == 1
                                                                                 else "")
    return f"cover.kicker.{kind}" if kind else "cover.kicker"


def _source_system(summary: dict[str, Any]) -> str:
    """What the numbers to check first are checked against, where it is no CRM: "ads", "service", "source"; else "".

    A help desk's, a phone system's, a booking tool's or a form's export read "check against the CRM first".
    """
    if _ad_platform_only(summary):          # dated or not: its heading names the platform
        return "ads"
    return {"cover.kicker.service": "service", "cover.kicker.activities": "source",
            "cover.kicker.leads": "source"}.get(_kicker(summary), "")


def _ad_platform_only(summary: dict[str, Any]) -> bool:
    """Whether the client's exports are an ad platform's alone (spend, clicks, conversions), none a CRM's."""
    tables = set(summary.get("tables") or [])
    return "marketing_spend" in tables and tables <= AD_TABLES


def _roi_verdict(results: dict[str, Any], lang: str, currency: str) -> tuple[str, str]:
    from .analyses.roi import verdict_text

    roi = results.get("04_roi", {}).get("roi")
    if roi:
        return roi.get("verdict_kind", "no_gain"), verdict_text(roi, lang=lang, currency=currency)
    needs = {n for a in results.get("04_roi", {}).get("absent") or [] for n in a.get("needs", [])}
    if "limits.go_live" in needs:
        if "nc.deals_or_financials" not in needs:
            return "none", t("roi.no_go_live", lang)
        return "none", t(_no_revenue_key(results.get("01_baseline", {}).get("summary") or {}), lang)
    return "none", gap_sentence(results, "04_roi", "sec.verdict", lang) or t("s.roi_not_run", lang)


def _roi_box(results: dict[str, Any]) -> bool:
    """Whether page 1 has an ROI box: not where the ROI needs revenue the client's data never hold.

    A help desk, a subscription book, an ad account or a lead list read "Return on the CRM investment: Not
    measured" at the top of page 1, where its third finding belonged; the closing box says what the ROI
    would need. A sales client that lacks only the go-live date keeps the box: the date is the consultant's to
    ask for.
    """
    needs = {n for a in results.get("04_roi", {}).get("absent") or [] for n in a.get("needs", [])}
    return results.get("04_roi", {}).get("roi") is not None or "nc.deals_or_financials" not in needs


def _no_revenue_key(summary: dict[str, Any]) -> str:
    """Why a client without revenue has no ROI, in the words of its kind of export.

    "The data hold neither" won deals nor monthly financial figures read as untrue of a subscription book's MRR
    and of an ad account's spend, and "won deals" as foreign to a service desk.
    """
    tables = set(summary.get("tables") or [])
    if _ad_platform_only(summary):
        return "roi.no_revenue.ads"
    if tables & set(SALES_TABLES):
        return "roi.no_revenue"
    return "roi.no_revenue.subscriptions" if "contracts" in tables else \
        "roi.no_revenue.service" if "cases" in tables else "roi.no_revenue"


def gap_sentence(results: dict[str, Any], notebook: str, section: str, lang: str) -> str:
    """Why *section* of *notebook* shows nothing, in *lang*, from the gap the notebook recorded as data ("" if none)."""
    from .contract import gap_text

    gap = next((g for g in results.get(notebook, {}).get("gaps") or []
                if g.get("section") == section and g.get("kind") == "not_shown"), None)
    return gap_text({**gap, "section": ""}, lang) if gap else ""


def _definitions(meta: dict[str, dict[str, str]], lang: str) -> str:
    from .texts import has

    items = []
    for kpi, m in sorted(meta.items(), key=lambda kv: kv[1]["label"].lower()):
        # marketing spend "better when lower" read as advice to cut it: a KPI may say how it is judged instead
        better = t(f"better.{kpi}", lang) if has(f"better.{kpi}") else \
            f"{t('h.better when', lang)} {t('direction.' + m['direction'], lang)}"
        line = " · ".join([t(f"kind.{m['kind']}", lang), t(f"unitname.{m['unit']}", lang), better])
        items.append(f"<dt>{_esc(m['label'])}</dt><dd>{_esc(m['definition'])}"
                     f'<div class="meta">{_esc(line)}</div></dd>')
    return '<dl class="defs">' + "".join(items) + "</dl>"


#: an appendix B of this many findings or fewer keeps them on the page of its files' table
FEW_FINDINGS = 5


def _quality_appendix(quality: dict[str, Any], lang: str, checks: list[Any] = ()) -> str:
    """Appendix B: every file's rows accounted for, the checks of page 1's numbers and the findings of ingest.

    A check page 1's data-quality box names is listed here too: "Check before use: none of the 5,000
    cases has a closing date" above an appendix that said "No findings" contradicted itself.
    """
    from .views import render_view

    files = pd.DataFrame(quality.get("files") or [])
    parts = [f"<p>{_esc(t('dq.appendix_intro', lang))}</p>"]
    if not files.empty:
        parts.append(render_view(files, "quality_files", lang=lang).to_html())
    if checks:
        parts.append(f"<p>{_esc(t('dq.checks', lang))}</p><ul>"
                     + "".join(f"<li>{_esc(render(c, lang))}</li>" for c in checks) + "</ul>")
    issues = pd.DataFrame(quality.get("issues") or [])
    if issues.empty:
        if not checks:
            parts.append(f"<p>{_esc(t('dq.no_findings', lang))}</p>")
        return "".join(parts)
    # and the notes of rows left out on purpose: page 1 says "appendix B says which and why"
    left_out = issues.get("left_out", pd.Series(False, index=issues.index)).fillna(False).astype(bool)
    issues = issues.assign(severity=issues["severity"].mask(left_out, "left_out"))
    issues = issues[issues["severity"].isin(["error", "warning", "left_out"])].copy()
    if "canonical" in issues:          # the export's own header, else the canonical column in words
        from .i18n import data_name

        issues["column"] = [f'"{h}"' if h else data_name(f"{tb}.{c}", lang) if c else ""
                            for h, tb, c in zip(issues["header"], issues["table"], issues["canonical"], strict=True)]
    english_only = issues["text"].map(lambda x: not isinstance(x, dict))
    shown = issues if lang == "en" else issues[~english_only]
    if len(shown):
        shown = shown.assign(text=[render(_quoted_headers(x), lang) for x in shown["text"]])
        parts.append(render_view(shown, "quality_issues", lang=lang).to_html())
        if len(shown) <= FEW_FINDINGS and not files.empty:
            # Odoo's one finding stood alone on the report's last page, its files' table on the page before
            parts[1:] = [f'<div class="keep">{"".join(parts[1:])}</div>']
    if lang != "en" and english_only.any():
        parts.append(f"<p>{_esc(t('dq.consultant_findings', lang, n=fmt_number(int(english_only.sum()), lang)))}</p>")
    return "".join(parts)


def _quoted_headers(note: Any) -> Any:
    """A finding's export headers in quotes: Duke's "test@mc.duke.edu" in "caller_id" names its column, not a word."""
    if not isinstance(note, dict) or not isinstance(note.get("params"), dict):
        return note
    params = {k: f'"{v}"' if k in ("column", "header") and isinstance(v, str) and v and not v.startswith('"') else v
              for k, v in note["params"].items()}
    return {**note, "params": params}


# ------------------------------------------------------------------------------------------ findings
#: findings on the first page (a management page says few things, the biggest
#: first)
MAX_FINDINGS = 5
#: a page 1 with fewer findings keeps a sentence that restates a card's change rather than say less
MIN_FINDINGS = 3


#: a KPI that moved less than this on every comparison of its card held steady: no sentence of its own
STEADY = 0.02


def _few_events(then: float, unit: str) -> bool:
    """A count of fewer than ``MIN_EVENTS`` to compare with: "+199,500 % on February (1)" says nothing."""
    from .analyses.headline import MIN_EVENTS

    return unit == "count" and abs(then) < MIN_EVENTS


def _change_text(now: float, then: float, unit: str, lang: str) -> str:
    """*now* against *then* as a card and a finding write it; "" where a count of a few events is no base.

    A share moves in points, a 1-5 score by its difference on the scale ("-0.1": "-2.9 %" of a CSAT read
    as a share), each the difference of the two values as shown; anything else in percent of *then*.
    """
    from .i18n import fmt_change

    if unit == "ratio":
        # the difference of the two shares as shown (27.8 % and 19.2 %: 8.6), not of their unrounded values
        d = round(round(now * 100, 1) - round(then * 100, 1), 1)
        return t("card.points", lang, d=("+" if d > 0 else "") + fmt_number(d, lang, digits=1))
    if unit == "score":
        # likewise the difference of the scores as shown: "3.8 (-0.01)" beside a 3.8 read as a slip
        d = round(round(now, 2) - round(then, 2), 2)
        return ("+" if d > 0 else "") + fmt_number(d, lang, digits=2)
    if not then or _few_events(then, unit):
        return ""
    return fmt_change(now / then - 1, lang)


def _score_digits(v: Any, target: Any, score: Any, unit: str, direction: str, lang: str) -> int:
    """One more decimal for a card's value and target where the shown pair gives another score than the one shown.

    "3.8 against 4.0 · 94%" read as a miscount (3.8 / 4.0 = 95 %; the score was of 3.76). A score now shows two
    decimals anyway; a time of 10.46 h against a target of 10.0 h (96 %) shows 10.46, as "10.5" would give 95 %.
    """
    from .i18n import fmt_score, value_digits

    # money follows its size; a score already shows two decimals, and a third reads as a raw number; a rate is told
    # from its target in points of the values as shown (Zendesk's "89.66 % against 92.00 %" for 30 ratings)
    if unit in ("money", "score", "ratio") or any(x is None or x != x for x in (v, target, score)) or not v \
            or not target:
        return 0
    scale, d = (100.0 if unit == "ratio" else 1.0), value_digits(unit, v, target)
    shown_v, shown_t = round(float(v) * scale, d), round(float(target) * scale, d)
    if not shown_v or not shown_t:
        return 0
    if not direction:              # a company score without its direction: the one its score was taken in
        direction = "lower" if abs(float(score) - target / v) < abs(float(score) - v / target) else "higher"
    implied = shown_t / shown_v if direction == "lower" else shown_v / shown_t
    return int(fmt_score(implied, lang) != fmt_score(score, lang))


def _few_then(card: dict[str, Any], key: str) -> float | None:
    """The events of the month a rate card compares with (*key*: previous, last_year) when fewer than MIN_EVENTS.

    NYC 311's same-day closure compared 33.3 % with February's 0.0 % of 1 case; None when the month has
    enough events or the card is no rate.
    """
    n = card.get(f"n_{key}")
    return float(n) if _of_few(card.get("unit"), n) else None


def _comparable(card: dict[str, Any], key: str) -> bool:
    """Whether a card's month *key* (previous, last_year) is one to compare with: a value, not 0, enough events."""
    then = card.get(key)
    return not (then is None or then == 0 or _few_events(then, card.get("unit") or "count")
                or _few_then(card, key) is not None)


def _unusual(then: float, usual: float | None, unit: str) -> str:
    """"low" or "high" when *then* is below a third or above three times the *usual* month, else "".

    A month before so far from the usual month (the median of the year before) was itself unusual: "+1,357 % on
    August (8 deals)" says more of August than of the month (:data:`crmanalysis.analyses.kinds.UNUSUAL`).
    """
    from .analyses.kinds import UNUSUAL, thin_month

    if unit == "ratio" or not usual or usual <= 0:
        return ""
    return "low" if thin_month(then, usual) else "high" if then > usual * UNUSUAL else ""


def _change_finding(card: dict[str, Any], label: str, lang: str, currency: str, month: str
                    ) -> tuple[float, str, str, bool] | None:
    """A KPI card's change as one sentence, its size, its KPI and value, and whether it only restates the card.

    "Cases opened 1,612" is the KPI and value; a sentence without a driver or an unusual month says only what the
    card shows.

    The size is the largest relative change of the card's comparisons; the KPI and value go into the
    one sentence on the KPIs that held steady (:data:`STEADY`).
    """
    from .i18n import fmt_value

    v, unit = card.get("value"), card.get("unit") or "count"
    if v is None or _of_few(unit, card.get("n")):
        return None                                  # a rate of a few events is no finding to rank
    month = card.get("month") or month               # the cards' own month (see headline.card_month)
    now = pd.Period(month, "M")
    parts, size, driven, odd_before = [], 0.0, False, False
    # the months of the usual month, named: "the median month of the year before" said no months; where the
    # cards give them, the baseline's months of the target beside it
    first, last = card.get("usual_from") or str(now - 12), card.get("usual_to") or str(now - 1)
    year = f"{fmt_month(f'{first}-01', lang)} – {fmt_month(f'{last}-01', lang)}"
    for key, m in (("previous", now - 1), ("last_year", now - 12)):
        then = card.get(key)
        if not _comparable(card, key):
            continue
        usual = card.get("usual") if key == "previous" else None
        odd = _unusual(then, usual, unit)
        odd_before = odd_before or bool(odd)
        # where the change on the month before came from, said only after that change itself (not after an
        # unusual month, whose change the sentence does not give)
        driven = driven or (key == "previous" and not odd and bool(card.get("driver")))
        # after an unusual month the change is the one on the usual month: "+1,357 % on August" said only that
        # August was low
        diff = _change_text(v, usual if odd else then, unit, lang)
        # an unusual month before ranks the finding by the change on the usual month, not on it (and a
        # month far from an unusual one did not hold steady, however close it is to the usual month)
        size = max(size, max(abs(v / usual - 1), STEADY) if odd else abs(v / then - 1))
        parts.append(t(f"finding.on_{odd}" if odd else "finding.on", lang, diff=diff,
                       month=fmt_month(m.strftime("%Y-%m-01"), lang),
                       then=fmt_value(then, unit, currency=currency, lang=lang), year=year,
                       usual=fmt_value(usual, unit, currency=currency, lang=lang) if odd else ""))
    if not parts:
        return None
    value = fmt_value(v, unit, currency=currency, lang=lang)
    said = t("finding.change", lang, kpi=label, value=value, month=fmt_month(month + "-01", lang),
             comparisons="; ".join(parts))
    low = _unusual(v, card.get("usual"), unit) == "low"
    plain = not (driven or odd_before or low)       # nothing said beyond the card's own comparisons
    # which segment made the fall of a month that was probably cut short says nothing of the business
    if driven and not low:
        said = f"{said} {render(card['driver'], lang)}"
    if low:
        # Salesforce's demo org: 5 deals won in March 2022 after 20 and 71; an export that thins out at its end
        # looks like a business that stopped
        # with its share: "below a third" of US$3,468,760 was US$136,000, 4 % of it
        said = f"{said} " + t("finding.now_low", lang, month=fmt_month(month + "-01", lang), year=year,
                              usual=fmt_value(card["usual"], unit, currency=currency, lang=lang),
                              share=fmt_pct(v / card["usual"], lang))
    return size, said, f"{label} {value}", plain


def _compared_months(cards: list[dict[str, Any]], month: str, lang: str) -> str:
    """The months *cards* were compared with, in words: the month before and/or the same month a year before."""
    now = pd.Period(month, "M")
    had = [m for key, m in (("previous", now - 1), ("last_year", now - 12)) if any(_comparable(c, key) for c in cards)]
    return _and([fmt_month(m.strftime("%Y-%m-01"), lang) for m in had], lang)


def _steady_move(card: dict[str, Any], lang: str) -> str:
    """" (+1.0 points)" after a steady share or score, as its card writes the move; "" for anything else.

    The call centre's "Steady …, within 2% of their value: Resolved share 72.8%" stood beside the card's
    "+1.0 points" (1.4 % of 71.8 %): a share is read in points.
    """
    if card.get("unit") not in ("ratio", "score") or card.get("value") is None:
        return ""
    key = next((k for k in ("previous", "last_year") if _comparable(card, k)), None)
    return f" ({_change_text(card['value'], card[key], card['unit'], lang)})" if key else ""


def _late(cards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The KPIs of *cards* amber or red against a target."""
    return [c for c in cards if c.get("status") in ("red", "amber") and c.get("target") is not None
            and c.get("value") is not None]


#: the KPIs behind target that page 1's sentence gives with value and target; any more are only named
BEHIND_NAMED = 3


def _behind_target(cards: list[dict[str, Any]], lang: str, currency: str, month: str,
                   meta: dict[str, dict[str, str]], on_cards: set[str] | None = None) -> str:
    """The page-1 KPIs amber or red against their target, furthest behind first, in one sentence; "" if none.

    What the month's review starts from: what was agreed and where the client is (the cards' colours
    say it; the findings said only what changed).
    """
    from .i18n import fmt_score, fmt_value

    late = sorted(_late(cards), key=lambda c: c.get("score") if c.get("score") is not None else 0)
    if not late:
        return ""
    def shown(c: dict[str, Any], key: str) -> str:
        # "3.8 against 4.0 (94%)" read as a miscount: the decimal the score needs (see _score_digits)
        unit = c.get("unit") or "count"
        more = _score_digits(c["value"], c["target"], c.get("score"), unit, c.get("direction") or "", lang)
        return fmt_value(c[key], unit, currency=currency, lang=lang, extra=more)
    def gap(c: dict[str, Any]) -> str:
        if c.get("unit") != "ratio":
            return fmt_score(c.get("score"), lang)
        # a share against a share: "97.6% against 99.3% (98%)" was a percentage of a percentage; the points between
        # the two as shown say it
        d = abs(round(round(float(c["value"]) * 100, 1) - round(float(c["target"]) * 100, 1), 1))
        return t("finding.behind_points", lang, points=fmt_number(d, lang, digits=1))
    def label(c: dict[str, Any]) -> str:
        return meta.get(c["kpi"], {}).get("label", c["kpi"])
    def brief(cs: list[dict[str, Any]]) -> str:
        # "Also behind, by less: New leads, Open pipeline and MRR" left a director asking by how much: the score alone,
        # without brackets, which "Satisfaction (mean) (97%)" doubled
        return _and([f"{label(c)} {gap(c)}" for c in cs], lang)
    # Alpina's page 1 led with "Time to resolution 22.47 against 17.90 (79.7%, red)", which no card showed: the
    # cards and the sentence told two stories. The cards' KPIs come first, each with its numbers, the others after,
    # said to have no card. Polderbouw's nine KPIs behind, each with its value and target, took five lines of page
    # 1: of those without a card the furthest behind keep their numbers, the rest are named
    on = [c for c in late if on_cards is None or c["kpi"] in on_cards]
    off = [c for c in late if c not in on]
    named_on = _furthest(on, BEHIND_NAMED + 1)
    named_off = _furthest(off, BEHIND_NAMED + 1 - len(named_on))
    # a red KPI without a card (Polderbouw's revenue per conversation at 77 %) read as no worse than the amber
    # cards beside it: its colour is said; amber is what "behind target" means
    def parts(cs: list[dict[str, Any]]) -> str:
        return "; ".join(t("finding.behind_kpi", lang, kpi=label(c), value=shown(c, "value"), target=shown(c, "target"),
                           score=gap(c) + (f", {t('status.red', lang)}" if c.get("status") == "red" else ""))
                         for c in cs)
    when = fmt_month((late[0].get("month") or month) + "-01", lang)
    # an "Also behind, by less" after the cards named Alpina's Average deal size, on a card at 93 %, as if it had none
    more_on, more_off = on[len(named_on):], off[len(named_off):]
    said = [t("finding.behind", lang, month=when, kpis=parts(named_on))] if named_on else []
    if more_on:
        said.append(t("finding.behind_more", lang, kpis=brief(more_on)))
    if named_off:
        said.append(t("finding.behind_off" if on else "finding.behind_off_only", lang, month=when,
                      kpis=parts(named_off)))
    if more_off:
        said.append(t("finding.behind_more" if named_off else "finding.behind_off_names", lang,
                      kpis=brief(more_off)))
    return " ".join(said)


def _furthest(late: list[dict[str, Any]], room: int) -> list[dict[str, Any]]:
    """The KPIs of *late* (furthest behind first) that keep their numbers in *room* of them.

    All, or one fewer than *room* and the rest named: naming one alone would save nothing. A red one keeps its
    numbers and its colour whatever the room: Polderbouw's revenue per conversation at 77 % read as no worse than
    the amber cards beside it when it was only named.
    """
    if len(late) <= room:
        return late
    return late[:max(room - 1, sum(c.get("status") == "red" for c in late), 0)]


def _scored(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Page 1's cards, then the company's other KPIs scored against a target in the report month.

    "Behind target" listed the cards only: RavenStack's retention at 97.6 % against 99.3 % and Northwind's
    CSAT 3.8 against 4.0 went unsaid on page 1, their scores two pages on.
    """
    cards = headline_kpis(results)
    seen = {c.get("kpi") for c in cards}
    rest = [{"kpi": r["kpi"], "unit": r.get("unit"), "value": r.get("actual"), "target": r.get("target"),
             "score": r.get("score"), "status": r.get("status")}
            for r in results.get("02_targets", {}).get("company_scores") or [] if r.get("kpi") not in seen]
    return cards + _doubt(results, rest)


#: the findings that compare the segments of a KPI (by lead source, by channel)
_SEGMENT_KEYS = ("finding.segments", "finding.shortfall_extremes")


def _params(note: Any) -> dict[str, Any]:
    """The parameters of *note*, a :class:`Note` or its JSON."""
    return getattr(note, "params", None) or (note.get("params") if isinstance(note, dict) else None) or {}


def _compared_again(before: list[Any], note: Any) -> bool:
    """Whether *note* compares segments of a KPI that a finding *before* it already compared."""
    def kpi(n: Any) -> Any:
        return (_params(n).get("kpi") or {}).get("kpis") if any(has_key(n, k) for k in _SEGMENT_KEYS) else None

    return kpi(note) is not None and any(kpi(b) == kpi(note) for b in before)


def _agents_finding(act: dict[str, Any], lang: str) -> list[str]:
    """The agents flagged for many cases at a low satisfaction, each with those two figures, against the median agent.

    Under the heading of the section that shows them all: "see the contact centre section" named no
    section of the report.
    """
    from .i18n import fmt_value

    flagged = set(act.get("flagged_agents") or [])
    agents = act.get("agents") or []
    named = [a for a in agents if a.get("agent_id") in flagged]
    if not named:
        return []
    # a call log's agents are flagged for the calls they took: it has no closings
    closed = [pd.notna(a.get("cases_closed")) for a in named[:4]]
    # a survey of two or three answers is told by the share of its top answer (its mean is no customer's score)
    col, unit = ("csat_satisfied_share", "ratio") if any(pd.notna(a.get("csat_satisfied_share")) for a in agents) \
        else ("csat_mean", "score")
    names = [t("finding.agent" if c else "finding.agent_opened", lang, name=str(a.get("entity_name")),
               n=fmt_number(a.get("cases_closed" if c else "cases_opened"), lang),
               csat=fmt_value(a.get(col), unit, lang=lang)) for a, c in zip(named, closed, strict=False)]
    median = pd.Series([a.get(col) for a in agents], dtype=float).median()
    section = t("nb.activity.service", lang).lstrip().splitlines()[0].lstrip("# ")
    # the months the agents' table counts: "Zeno Berg (323 cases closed)" read as June's beside 213 for the desk
    period = ", " + render(act["agents_period"][0], lang) if act.get("agents_period") else ""
    # n: "hun" of several agents, "zijn of haar" of one in Dutch
    return [t("finding.agents", lang, names="; ".join(names), median=fmt_value(median, unit, lang=lang),
              section=section, period=period, n=len(names))]


#: findings of the state of things (how the pipeline is spread, leads without a source, the segment a rate
#: loses most in): after the segments' differences
_LATER_FINDINGS = ("finding.pipeline_top", "finding.pipeline_top_plain", "finding.source_blank", "finding.shortfall",
                   "finding.close_passed", "finding.close_soon", "finding.close_passed_plain",
                   "finding.close_soon_plain", "finding.close_soon_all")


def _tail_into_change(changes: list[str], segments: list[Any], said: list[tuple[Any, dict[str, Any]]], lang: str
                      ) -> tuple[list[str], list[Any]]:
    """The slowest tenth of the month's cases said in the sentence on how time to resolution changed, not apart.

    RavenStack's page 1 had "Time to resolution of the 101 cases closed …: half within 32.0 hours" right beside
    "Time to resolution (median, h) 32.0 …: -20% on November 2024": the same median twice.
    """
    change = next((c[1] for c, k in said if c and k["kpi"] == "time_to_resolution_hours" and c[1] in changes), None)
    tail = next((n for n in segments if has_key(n, "finding.resolution_tail")), None)
    if change is None or tail is None:
        return changes, segments
    merged = f"{change} {t('finding.tail_also', lang, p90=render(_params(tail).get('p90'), lang))}"
    return [merged if c == change else c for c in changes], [n for n in segments if n is not tail]


#: the open-deals findings of deals without a change (or only old), with and without what it does to the win rate
_STALE_KEYS = ("finding.stale", "finding.stale_most", "finding.stale_old", "finding.stale_old_most")


def _passed_into_stale(work: list[Any], segments: list[Any], lang: str) -> tuple[list[tuple[Any, str]], list[Any]]:
    """The open deals past their close date said in the sentence on the deals without a change, not apart.

    Acumatica's page 1 said its stale pipeline twice, each with its own "ask their owners … or close them":
    1,065 of 1,522 open deals without a change in 30 days, and 1,377 of the same 1,522 past their close date.
    Returns the open-work notes each with the words to add to it, and the segment findings without the one said.
    """
    passed = next((n for n in segments for k in ("finding.close_passed", "finding.close_passed_plain")
                   if has_key(n, k)), None)
    if passed is None or not work or not any(has_key(work[0], k) for k in _STALE_KEYS):
        return [(n, "") for n in work], segments
    plain = "_plain" if has_key(passed, "finding.close_passed_plain") else ""
    also = render(Note(f"finding.passed_also{plain}", **_params(passed)), lang)
    return [(work[0], f" {also}")] + [(n, "") for n in work[1:]], [n for n in segments if n is not passed]


def _findings(results: dict[str, Any], lang: str, currency: str, month: str, meta: dict[str, dict[str, str]]
              ) -> list[str]:
    """What stands out this month, specific to the client, at most :data:`MAX_FINDINGS` sentences.

    The KPIs behind target, then the segment behind the largest shortfall (the drill-down); the work
    that waits (deals without a change, cases open for a month); the reps busy without progress and
    the agents flagged, by name (whom the review talks to); the segments a KPI differs most between
    (lead sources, case channels, campaigns); the first-page KPI that changed second most on the month
    before or the same month last year (the largest change comes after the drill-down; their cards
    show both); how the open pipeline is spread and the leads without a source; the third-largest
    change; the step-up the plan says is due.
    """
    from .analyses.kinds import thin_card

    out = []
    scored = _scored(results)
    behind = _behind_target(scored, lang, currency, month, meta, {c.get("kpi") for c in headline_kpis(results)})
    if behind:
        out.append(behind)
    drill = results.get("02_targets", {}).get("drill_sentence") or ""
    if drill:
        out.append(drill)
    # a KPI a failed check doubts has no change to report either (Bitrix24's win rate, -0.1 points, of a stage
    # that may close leads that never became deals)
    from .analyses.headline import doubted_in

    doubted = doubted_in(results)
    said = [(_change_finding(k, meta.get(k["kpi"], {}).get("label", k["kpi"]), lang, currency, month), k)
            for k in headline_kpis(results) if k["kpi"] not in doubted]
    found = [c for c, _ in said if c]
    # "-0.2 % on February" is no news: the KPIs that did not move are one sentence, after the rest
    # a KPI behind its target is said there; "steady" beside it read as a contradiction (RavenStack's retention)
    late = {c.get("kpi") for c in _late(scored)}
    steady_cards = [k for c, k in said if c and c[0] < STEADY and k["kpi"] not in late]
    steady = [c[2] + _steady_move(k, lang) for c, k in said if c and c[0] < STEADY and k["kpi"] not in late]
    ranked = [c for c in sorted(found, key=lambda c: -c[0])[:3] if c[0] >= STEADY]
    changes = [c[1] for c in ranked]
    # a second or third change that only says what its card shows ("Cost per click US$0.106: +2.5% on May")
    restated = {c[1] for c in ranked[1:] if c[3]}
    segments = results.get("02_targets", {}).get("segment_findings") or []
    changes, segments = _tail_into_change(changes, segments, said, lang)
    # a change of a month too thin to judge asks first whether the CRM holds all of it: Salesforce's page 1 opened
    # with the year's "+40%" above a March of -93 % that was probably cut short
    if ranked and thin_card(next(k for c, k in said if c is ranked[0])):
        out.insert(0, changes[0])
    else:
        out += changes[:1]
    # what waits (stale deals, old open cases) is what the month's review acts on: before the rest
    # that undecided deals flatter the win rate is no news beside a win rate a check already doubts (Bitrix24's
    # 0.4 %, of a stage that may close leads that never became deals)
    work, segments = _passed_into_stale((results.get("02_targets", {}).get("open_work") or [])[:1], segments, lang)
    out += [render(_plain_stale(n) if "win_rate" in doubted else n, lang) + also for n, also in work]
    act = results.get("03_activity_vs_progress", {})
    out += [render(n, lang) for n in (act.get("busy_finding") or [])[:1]]
    out += _agents_finding(act, lang)
    later = [2 if _compared_again(segments[:i], n) else any(has_key(n, k) for k in _LATER_FINDINGS)
             for i, n in enumerate(segments)]
    out += [render(n, lang) for n, last in zip(segments, later, strict=True) if not last]
    # a second card's change says again what its card shows: after what only a finding says
    out += changes[1:2]
    out += [render(n, lang) for n, last in zip(segments, later, strict=True) if last == 1]
    out += changes[2:]
    # a KPI compared again by a second column (win rate by product after by lead source): after the rest
    out += [render(n, lang) for n, last in zip(segments, later, strict=True) if last == 2]
    head = headline_kpis(results)
    if steady:
        shown = (head[0].get("month") if head else None) or month
        out.append(t("finding.steady", lang, month=fmt_month(shown + "-01", lang), pct=fmt_pct(STEADY, lang),
                     kpis="; ".join(steady), compared=_compared_months(steady_cards, shown, lang)))
    if head and not found and all(c.get("previous") is None and c.get("last_year") is None for c in head) \
            and head[0].get("month"):
        out += _no_history(results.get("01_baseline", {}).get("summary") or {}, head[0]["month"], lang)
    out += [render(n, lang) for n in (results.get("02_targets", {}).get("plan_news") or [])[:1]]
    # where page 1 has three findings or more without them, the restated cards give way
    rest = [x for x in out if x not in restated]
    return (rest if len(rest) >= MIN_FINDINGS else out)[:MAX_FINDINGS]


#: the stale-deals findings of most open deals: what they do to the win rate is said with them
_STALE_MOST = ("finding.stale_most", "finding.stale_old_most")


def _flattered(results: dict[str, Any]) -> bool:
    """Whether most open deals wait undecided (:data:`_STALE_MOST`): the win rate may read too high."""
    return any(has_key(n, k) for n in (results.get("02_targets", {}).get("open_work") or []) for k in _STALE_MOST)


def _plain_stale(note: Any) -> Any:
    """The stale-deals finding without what it does to the win rate (``finding.stale`` for ``finding.stale_most``)."""
    most = next((k for k in _STALE_MOST if has_key(note, k)), None)
    return {**note, "key": most.removesuffix("_most")} if most and isinstance(note, dict) else note


def _no_history(summary: dict[str, Any], shown: str, lang: str) -> list[str]:
    """Page 1 without a single comparison says why, so that no director looks for a trend that is not there."""
    if not summary.get("data_start"):
        return []
    start, real = str(summary["data_start"])[:7], str(summary.get("compared_from") or "")[:7]
    # an export whose first months hold a few stray records starts, for a comparison, after them;
    # unless page 1 shows such a month (an export of 31 May to 2 June reports on May)
    lead_in = start < real <= shown
    # how many: "a few stray records" was said of the help desk's 99 cases of 31 May
    few = summary.get("lead_in")
    # what the events are, where they are of more than one kind: the help desk's "274 dated events" of
    # May stood beside a table of 99 cases closed (175 were first responses)
    kinds = summary.get("lead_in_kinds") or []
    key = "finding.no_history_lead_in" + (".kinds" if len(kinds) > 1 else "")
    # "yet" of an export whose activity stopped years ago promised a comparison no export will bring (Duke)
    none = t("finding.no_comparison" + (".quiet" if summary.get("quiet_until") else ""), lang)
    said = t(key if lead_in and few else "finding.no_history", lang, none=none,
             month=fmt_month(shown + "-01", lang), start=fmt_month((real if lead_in else start) + "-01", lang),
             stray=fmt_month(start + "-01", lang), n=fmt_number(few or 0, lang),
             kinds=", ".join(f"{t('data.col.' + c, lang)} {fmt_number(n, lang)}" for c, n in kinds))
    # of an export whose activity stopped years ago no monthly export will add a month; of one that ends within the
    # month shown (Zoho's one day, the help desk's two), next month compares a full month with those days: the
    # first comparison is of two full months
    end = pd.Timestamp(summary["data_end"]) if summary.get("data_end") else None
    partial = end is not None and end < pd.Period(shown, "M").end_time.normalize()
    adds = t("finding.monthly_adds_full" if partial else "finding.monthly_adds", lang)
    return [said if summary.get("quiet_until") else f"{said} {adds}"]


#: the tables a sales report is about; a client with none of them is another kind (a help desk, ad spend)
SALES_TABLES = ("opportunities", "leads", "activities")
#: what only the sales sections need: of another kind of client, one sentence says they are left out
SALES_NEEDS = {*SALES_TABLES, "nc.rep_targets"}
#: what only the service sections need: a client with neither deals nor cases (ad spend, a subscription book)
#: has them said in the same one sentence as the sales sections
SERVICE_NEEDS = {"cases"}
#: sections about selling whatever they need (a rep's revenue target, a rep's cards)
SALES_SECTIONS = {"sec.actions", "sec.cards", "sec.scorecard", "sec.drill", "sec.efficiency", "sec.quadrants",
                  "sec.lags", "sec.scores"}


#: what the client agrees with the consultant rather than exports (a plan, the KPIs each role sees)
AGREED = ("limits.plan", "limits.profiles")


#: each notebook's chapter, as its intro text names it (``nb.<chapter>.intro``)
CHAPTERS = {"01_baseline": "baseline", "02_targets": "targets", "03_activity_vs_progress": "activity", "04_roi": "roi"}


def _absent_chapters(results: dict[str, Any], lang: str, other_kind: bool = False) -> dict[str, str]:
    """Notebook -> its chapter's heading, for chapters that show no section and leave out two or more.

    Without a go-live date the closing box listed the ROI chapter's six section headings ("Check on false
    go-live dates, The verdict, Sensitivity"), which a reader never saw; the chapter's name says it. A client
    without deals (*other_kind*) is named the heading its own chapter has ("Targets and scores").
    """
    from .texts import has, heading

    def key(nb: str) -> str:
        base = f"nb.{CHAPTERS[nb]}.intro"
        return f"{base}.other" if other_kind and has(f"{base}.other") else base
    return {nb: heading(t(key(nb), lang)).lstrip("#").strip() for nb in NOTEBOOK_ORDER
            if results.get(nb, {}).get("shown") == 0 and len(results[nb].get("absent") or []) >= 2}


def _limits(results: dict[str, Any], lang: str) -> str:
    """One box at the end: what the report could also show with data the client lacks, and what it could not.

    Sections about data the client lacks altogether are grouped by what they need ("With activities:
    efficiency, quadrants"); the reasons of sections its own data cannot support follow, one each.
    """
    from .contract import section_name
    from .i18n import data_name
    from .texts import has

    absent = [a for nb in NOTEBOOK_ORDER for a in results.get(nb, {}).get("absent") or []]
    left_out = {a["section"] for a in absent}
    gaps = [g for nb in NOTEBOOK_ORDER for g in results.get(nb, {}).get("gaps") or []]
    # a section the client's own data is too short for says so, whatever tables would also have fed it
    short = {g["section"]: render(g["detail"], lang) for g in gaps
             if isinstance(g.get("detail"), dict) and g["detail"].get("key") == "nc.short_history"}
    tables = set((results.get("01_baseline", {}).get("summary") or {}).get("tables") or [])
    other_kind = bool(tables) and not tables & set(SALES_TABLES)      # a help desk, a subscription book, ad spend
    no_service = other_kind and not tables & SERVICE_NEEDS              # an ad client's "with service cases" is no help
    groups: dict[tuple[str, ...], list[str]] = {}
    shorts: dict[str, list[str]] = {}
    # a section shown with its reason alone (the call centre's baseline table, every KPI two months short) shares
    # the line of the sections left out for the same reason: two lines said one thing
    for g in gaps:
        if g.get("section") in short and g["section"] not in left_out:
            shorts.setdefault(short[g["section"]], []).append(section_name(g, lang))
    dropped, service_dropped = False, False
    for a in absent:
        needs = tuple(n for n in a["needs"] if not (other_kind and n in SALES_NEEDS))
        # the baseline of a lead file without dates needed "deals, the creation date of leads, activities": any
        # one would do, and a column of an export the client has is the one addition to ask for
        own = tuple(n for n in needs if n.partition(".")[0] in tables and n.partition(".")[2])
        needs = own or needs
        if a["section"] in short:
            shorts.setdefault(short[a["section"]], []).append(section_name(a, lang))
        elif other_kind and (not needs or a["section"] in SALES_SECTIONS):
            dropped = True                          # a sales section: said once for all of them below
        elif no_service and needs and all(n.partition(".")[0] in SERVICE_NEEDS for n in needs):
            service_dropped = True
        elif not other_kind and needs and all(n in SERVICE_NEEDS for n in needs):
            continue                                # a sales team's report has no help desk to ask for
        else:
            groups.setdefault(needs, []).append(section_name(a, lang))

    groups = _one_agreement(groups)

    def said(n: str) -> str:
        return t(n, lang) if has(n) else data_name(n, lang)      # a text key, else a table or column

    def headings(names: list[str]) -> str:
        # in quotes: "could also show: The baseline table, How the baseline months looked" read as pasted words
        return ", ".join(t("word.quoted", lang, x=x) for x in dict.fromkeys(names))

    items = [t("limits.short", lang, sections=headings(secs), why=why) for why, secs in shorts.items()]
    for nb, chapter in _absent_chapters(results, lang, other_kind).items():
        names = {section_name(a, lang) for a in results[nb]["absent"]}
        for secs in groups.values():
            if names <= set(secs):
                secs[:] = [chapter if x in names else x for x in secs]
    # a column of the client's own export first: the cheapest addition, asked of whoever exports
    ordered = sorted(groups.items(), key=lambda g: not all(n.partition(".")[0] in tables for n in g[0]))
    items += [t("limits.with", lang, what=_needs_words(needs, said, lang), sections=headings(secs))
              for needs, secs in ordered]
    if dropped or service_dropped:                             # once, not a line per section
        items.append(t("limits.not_sales_service" if service_dropped else "limits.not_sales", lang))
    items += _reason_lines([g for g in gaps if g.get("section") not in left_out | set(short)], headings, lang)
    if not items:
        return ""
    return (f'<section class="limits"><h2>{_esc(t("cover.gaps", lang))}</h2><ul>'
            + "".join(f"<li>{html.escape(x, quote=False)}</li>" for x in items) + "</ul></section>")


def _reason_lines(gaps: list[dict[str, Any]], headings: Callable[[list[str]], str], lang: str) -> list[str]:
    """The closing box's lines of sections the client's own data cannot support, one per reason.

    The sections one reason stops share its line ('"Scorecard", "Where a shortfall comes from": need the close
    date of deals'); the box's heading says they are not shown.
    """
    from .contract import gap_text, section_name

    reasons: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for g in gaps:
        # rows left out of a table that is shown are said under that table; here they only repeated it
        if g.get("kind") != "rows_left_out":
            key = gap_text({**g, "section": ""}, lang)
            reasons.setdefault(key, (g, []))[1].append(section_name(g, lang) if g.get("section") else "")
    out = []
    for why, (g, secs) in reasons.items():
        named = [x for x in secs if x]
        line = f"{headings(named)}: {gap_text({**g, 'section': ''}, lang, short=True, many=len(set(named)) > 1)}" \
            if named else why
        # a sentence like the box's others: Zoho's two last lines had no full stop
        out.append(line if line.rstrip().endswith((".", "!", "?")) else line.rstrip() + ".")
    return out


def _one_agreement(groups: dict[tuple[str, ...], list[str]]) -> dict[tuple[str, ...], list[str]]:
    """*groups* (needs -> sections) with the needs agreed with the consultant joined where the first of them stood.

    What is agreed is agreed in one meeting: Odoo's lead file had a line for the plan and one for the role profiles.
    """
    agreed = [k for k in groups if len(k) == 1 and k[0] in AGREED]
    if len(agreed) < 2:
        return groups
    out: dict[tuple[str, ...], list[str]] = {}
    for k, v in groups.items():
        if k == agreed[0]:
            out[tuple(a[0] for a in agreed)] = [x for a in agreed for x in groups[a]]
        elif k not in agreed:
            out[k] = v
    return out


def _needs_words(needs: tuple[str, ...], said: Callable[[str], str], lang: str) -> str:
    """What a closing-box line needs, the columns of one table said once for it.

    "the agent and opening date of service cases", not "the agent of service cases, the opening date of service
    cases".
    """
    from .i18n import data_name
    from .texts import has

    cols: dict[str, list[str]] = {}
    for n in needs:
        table, _, col = n.partition(".")
        if col and has(f"data.{table}") and has(f"data.col.{col}"):
            cols.setdefault(table, []).append(t(f"data.col.{col}", lang))
        else:
            cols.setdefault(n, [])
    parts = [t("data.column", lang, table=data_name(k, lang), column=_and(c, lang)) if c else said(k)
             for k, c in cols.items()]
    # what is agreed or supplied apart (the go-live date and the revenue the return is measured on) is needed
    # together; tables and columns are alternatives (any one gives a baseline)
    return _and(parts, lang) if all(has(n) for n in needs) else ", ".join(parts)


def _and(words: list[str], lang: str) -> str:
    """"a, b and c" in *lang*."""
    return words[0] if len(words) == 1 else f'{", ".join(words[:-1])} {t("word.and", lang)} {words[-1]}'


# ------------------------------------------------------------------------------------------ the document
#: the narrowest and widest the data-quality box is beside the ROI box, as a ratio of their widths
BOX_RATIO = (1 / 3, 3.0)


def _verdict_boxes(quality: tuple[str, str], roi: tuple[str, str] | None, lang: str) -> str:
    """The data-quality and ROI boxes of page 1, side by side: each (kind, text); no ROI box where *roi* is None.

    Each box is as wide as its text asks, within :data:`BOX_RATIO`: Salesforce's 13 lines of data quality
    beside a 2-line ROI box took page 1's room for a third finding.
    """
    if roi is None:
        return (f'<div class="verdicts"><div class="box {quality[0]}"><h3>{_esc(t("data_quality", lang))}</h3>'
                f'<p>{_esc(quality[1])}</p></div></div>')
    grow = min(max(len(quality[1]) / max(len(roi[1]), 1), BOX_RATIO[0]), BOX_RATIO[1])
    return (f'<div class="verdicts"><div class="box {quality[0]}" style="flex-grow:{grow:.2f}">'
            f'<h3>{_esc(t("data_quality", lang))}</h3><p>{_esc(quality[1])}</p></div>'
            f'<div class="box {roi[0]}"><h3>{_esc(t("roi", lang))}</h3><p>{_esc(roi[1])}</p></div></div>')


def write_report(folder: Path, *, results: dict[str, Any], name: str, month: str, lang: str, currency: str,
                 status: str = "ok", failure: str = "", notice: str = "", pdf: bool = True) -> list[str]:
    """Write ``report.html`` (and ``report.pdf`` when WeasyPrint can run) into *folder*.

    Returns the warnings the notebooks printed (for run.json; a client never sees them) plus
    a line when the PDF could not be written. With ``pdf=False`` the caller writes the PDF
    (see :func:`start_pdf`).
    """
    summary = results.get("01_baseline", {}).get("summary") or {}
    quality = results.get("01_baseline", {}).get("quality") or {}
    first = results.get("01_baseline", {}).get("headline") or []
    checks = results.get("01_baseline", {}).get("checks") or []      # of page 1's numbers: its box and appendix B
    dq_kind, dq_text = _quality_verdict(quality, lang, checks, summary)
    roi_kind, roi_text = _roi_verdict(results, lang, currency)
    head = headline_kpis(results)
    chapters, toc, warnings = [], [], []
    number = 0
    for nb in NOTEBOOK_ORDER:
        p = folder / f"{nb}.ipynb"
        shown = results.get(nb, {}).get("shown")
        # the first numbers stand on page 2, where a director checks them: chapter 1 does not repeat them,
        # and a chapter 1 that had nothing else to show is left out (its gaps are in the closing box)
        on_cover = nb == "01_baseline" and bool(first)
        if not p.exists() or shown == 0 or (on_cover and shown == 1):     # nothing more the data supports
            continue
        number = i = number + 1
        body, warn = notebook_html(p, frozenset({"first-numbers"}) if on_cover else frozenset())
        warnings += [f"{nb}: {w}" for w in warn]
        body, entries = _number_headings(_keep_chapter_head(_keep_small_sections(body)), i)
        toc += entries
        chapters.append(f'<section class="chapter" id="chapter-{i}">{body}</section>')
    meta = shown_kpis(results)
    # a lead file without dates read "counted in the month of conversion" of KPIs it counts over the whole file
    undated = "" if summary.get("data_start") else f" {t('app.definitions_undated', lang)}"
    appendices = [("definitions", t("app.definitions", lang),
                   f"<p>{_esc(t('app.definitions_intro', lang) + undated)}</p>" + _definitions(meta, lang)),
                  ("data-quality", t("app.quality", lang), _quality_appendix(quality, lang, checks))]
    # a report without chapters (a short export: page 1 and the appendices) has no contents listing two appendices
    toc_html = _toc(toc, appendices, lang) if toc else ""
    # the currency only where the report shows an amount (a call log's report has none)
    money = any(m.get("unit") == "money" for m in meta.values())
    cover = [f'<p class="kicker">{_esc(t(_kicker(summary), lang))}</p><h1>{_esc(name)}</h1>',
             f'<p class="sub">{_esc(_report_month(head, summary, month, lang))} · '
             f'{_esc(_period(summary, lang, _n_files(quality)))}'
             + (f' · {_esc(t("cover.currency", lang, cur=currency))}' if money else "") + "</p>"]
    why = _why_month(summary, month, lang)
    cover += [f'<p class="why">{_esc(why)}</p>'] if why else []
    if status != "ok":
        cover.append(f'<p class="banner">{_esc(t("cover.incomplete", lang))} {_esc(failure)}</p>')
    if notice:
        cover.append(f'<p class="banner">{_esc(notice)}</p>')
    cover.append(_verdict_boxes((dq_kind, dq_text), (roi_kind, roi_text) if _roi_box(results) else None, lang))
    # a director reads the cards and what stands out first; the first numbers, to check by hand, follow
    cover += _cards_and_findings(results, head, summary, month=month, lang=lang, currency=currency, meta=meta)
    if first:
        cover.append(_first_numbers_html(first, summary, meta, lang=lang, currency=currency,
                                         system=_source_system(summary)))
    apps = "".join(_appendix(chr(65 + i), *app) for i, app in enumerate(appendices))
    title = f"{name} — {fmt_month(month + '-01', lang) if summary.get('data_start') else t(_kicker(summary), lang)}"
    from . import __version__

    # the day in words, as every other date of the report ("2026-12-05" read as a code)
    footer = Note("cover.footer", version=__version__, date={"day": dt.date.today().isoformat()}).in_lang(lang)
    doc = (f'<!doctype html><html lang="{_esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" '
           f'content="width=device-width, initial-scale=1"><title>{_esc(title)}</title><style>{CSS}</style></head>'
           f'<body><main class="doc"><section class="cover">{"".join(cover)}</section>'
           f'{toc_html}'
           f'{"".join(chapters)}{_limits(results, lang)}<footer>{_esc(footer)}</footer>{apps}</main></body></html>')
    _atomic_write(folder / "report.html", doc)
    reason = write_pdf(folder / "report.html", folder / "report.pdf") if pdf else None
    if reason:
        warnings.append(f"report.pdf not written: {reason}")
    return warnings


def _cards_and_findings(results: dict[str, Any], head: list[dict[str, Any]], summary: dict[str, Any], *,
                        month: str, lang: str, currency: str, meta: dict[str, dict[str, str]]) -> list[str]:
    """Page 1's KPI cards under a heading naming their month, then what stands out, as HTML parts."""
    from .analyses.headline import doubted_in

    out = []
    dated = bool(summary.get("data_start"))
    shown = (head[0].get("month") if head else None) or month
    if head:
        # where the targets come from, when a card has one; a file without dates has whole-export numbers
        source = results.get("02_targets", {}).get("targets_from") or ""
        source = source if any(r.get("target") is not None for r in head) else ""
        title = t("key_kpis" if dated else "key_kpis_whole", lang)
        if dated and shown != month:
            title = t("key_kpis_latest", lang, month=fmt_month(shown + "-01", lang),
                      report=fmt_month(month + "-01", lang))
        source = f'<p class="source">{_esc(source)}</p>' if source else ""
        out.append(f'<div class="keep"><h2>{_esc(title)}</h2>' + source
                   + _partial_month(summary, shown, lang) + _cards(head, lang, currency, meta, month, dated=dated,
                                                                   doubted=doubted_in(results),
                                                                   short=_too_short(results),
                                                                   data_end=summary.get("data_end"),
                                                                   load_days=_load_days(results),
                                                                   flattered=_flattered(results))
                   + "</div>")
    found = _findings(results, lang, currency, month, meta)
    if found:
        # "this month" only where the cards read the report month (not an undated file, not an old desk's last month)
        this_month = dated and shown == month
        out.append(f"<h2>{_esc(t('findings' if this_month else 'findings_plain', lang))}</h2><ul class='findings'>"
                   + "".join(f"<li>{_md(x)}</li>" for x in found) + "</ul>")
    return out


def _first_numbers_html(first: list[dict[str, Any]], summary: dict[str, Any], meta: dict[str, dict[str, str]], *,
                        lang: str, currency: str, system: str = "") -> str:
    """The numbers to check against the CRM first: what they are, their table and sentences.

    *system*: the export's other source (:func:`_source_system`): "ads", "service", "source"; "" for a CRM.
    """
    from .views import first_numbers

    table, sentences = first_numbers(first, lang=lang, currency=currency,
                                     kpi_names={k: m["label"] for k, m in meta.items()})
    intro = t("nb.baseline.first", lang)               # what they are, without the section's own heading
    why = intro.split("\n", 1)[-1].strip() if intro.startswith("#") else intro
    why = why if summary.get("data_start") else t("first.whole", lang)     # no dates: no months to list
    why = t(f"first.{system}", lang) if system and summary.get("data_start") else why
    # kept on one page: its heading stood at the foot of the ad-spend client's page 1, its table overleaf
    head = t(f"sec.first.{system}" if system else "sec.first", lang)
    return (f"<div class=\"keep\"><h2>{_esc(head)}</h2>{_md(why)}"
            + (table.to_html() if table else "") + "".join(f"<p>{_esc(x)}</p>" for x in sentences) + "</div>")


def _ends_within(summary: dict[str, Any], month: str) -> pd.Timestamp | None:
    """The export's last instant when it falls inside *month* before its last day (a part of the month); else None.

    A month the export completes is whole: one taken on 1 November whose cases end on 30 October, or whose data end
    on Friday 30 October before the weekend of the 31st, had said "the export ends before the month does".
    """
    from .analyses.window import report_month

    end = pd.Timestamp(summary["data_end"]) if summary.get("data_end") else None
    if end is None or end.strftime("%Y-%m") != month or end.is_month_end:
        return None
    exported = pd.Timestamp(summary["exported"]) if summary.get("exported") else end
    return None if report_month(max(end, exported)) == month else end


def _partial_month(summary: dict[str, Any], shown: str, lang: str) -> str:
    """"<p>These cards count 1 June 2023 to 2 June 2023 only …</p>" when the export ends within the cards' month.

    A help desk's export of 31 May to 2 June is reported for June, which holds most of it: "Cases closed 2,670"
    read as a whole month's.
    """
    end = _ends_within(summary, shown)
    if end is None:
        return ""
    start = max(pd.Timestamp(shown + "-01"), pd.Timestamp(summary.get("data_start") or shown + "-01"))
    # an export of one day (Zoho's sample, 13 October 2022) read "13 October 2022 to 13 October 2022"
    key = "cards.partial_day" if start.normalize() == end.normalize() else "cards.partial"
    note = Note(key, start={"day": f"{start:%Y-%m-%d}"}, end={"day": f"{end:%Y-%m-%d}"})
    return f"<p>{_esc(render(note, lang))}</p>"


def _toc(entries: list[tuple[int, str, str, str]], appendices: list[tuple[str, str, str]], lang: str) -> str:
    out, open_sub = [], False
    for level, num, anchor, text in entries:
        if level == 2:
            if open_sub:
                out.append("</ol></li>")
                open_sub = False
            out.append(f'<li><a href="#{anchor}"><span class="num">{num}</span>{_esc(text)}</a><ol>')
            open_sub = True
        else:
            out.append(f'<li><a href="#{anchor}"><span class="num">{num}</span>{_esc(text)}</a></li>')
    if open_sub:
        out.append("</ol></li>")
    out += [f'<li><a href="#{a}"><span class="num">{chr(65 + i)}</span>{_esc(title)}</a></li>'
            for i, (a, title, _) in enumerate(appendices)]
    return f'<nav class="toc"><h2>{_esc(t("cover.contents", lang))}</h2><ol>{"".join(out)}</ol></nav>'


_PDF_STATE: dict[str, str | None] = {}


def write_pdf(html_path: Path, pdf_path: Path) -> str | None:
    """Render *html_path* to *pdf_path* with WeasyPrint; returns why not when it cannot run (said once)."""
    if "broken" in _PDF_STATE:
        return _PDF_STATE["broken"]
    try:
        import logging

        from weasyprint import HTML

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
    except Exception as exc:  # noqa: BLE001 - ImportError or a missing system library (OSError)
        _PDF_STATE["broken"] = f"WeasyPrint cannot run here ({type(exc).__name__}: {exc}); the HTML report is complete"
        import sys

        print(f"crmanalysis: {_PDF_STATE['broken']}", file=sys.stderr)
        return _PDF_STATE["broken"]
    import gc

    _png_pass_through()
    tmp = pdf_path.with_name(f".{pdf_path.name}.tmp")
    # WeasyPrint builds a tree of some 10^5 objects: the cyclic collector, at one pass per 700 new
    # objects, took 0.2-0.4 s of a tiny client's 2 s PDF; collect rarely while it renders (garbage
    # waits for at most 500,000 new objects, some 100 MB)
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 500_000), *threshold[1:])
    try:
        HTML(filename=str(html_path), base_url=str(html_path.parent)).write_pdf(str(tmp))
    finally:
        gc.set_threshold(*threshold)
    tmp.replace(pdf_path)
    return None


def _png_pass_through() -> None:
    """Let WeasyPrint put a chart's compressed PNG rows into the PDF as they are.

    A PDF image with the PNG predictor holds exactly a PNG's ``IDAT`` data, but WeasyPrint decodes
    every PNG and compresses it again at zlib's default level: half of a 25-page report's PDF
    writing (0.75 of 1.5 s), for the same pixels. The charts' pictures are plain 8-bit RGB PNGs
    (:func:`crmanalysis.plots.png_of`); those are taken as they are, and any other picture (an
    alpha channel, a palette, 16 bits, interlaced) goes WeasyPrint's own way. Where a WeasyPrint
    version has no such step, nothing changes.
    """
    from weasyprint import images

    own = images.RasterImage.__dict__.get("_get_png_data")
    if not isinstance(own, staticmethod) or getattr(own.__func__, "_crm_pass", False):
        return

    def get_png_data(pillow_image: Any) -> bytes:
        rows = _idat_of(pillow_image)
        return rows if rows is not None else own.__func__(pillow_image)

    get_png_data._crm_pass = True  # type: ignore[attr-defined]
    images.RasterImage._get_png_data = staticmethod(get_png_data)


def _idat_of(pillow_image: Any) -> bytes | None:
    """The joined ``IDAT`` data of a PNG that Pillow opened but did not decode, or None.

    Only an 8-bit RGB or grey picture, not interlaced: what a PDF's PNG predictor reads.
    """
    import struct

    fp = getattr(pillow_image, "fp", None)
    if getattr(pillow_image, "format", None) != "PNG" or fp is None:
        return None
    fp.seek(0)
    if fp.read(8) != b"\x89PNG\r\n\x1a\n":
        return None
    size, kind = struct.unpack("!I4s", fp.read(8))
    header = fp.read(size)
    # IHDR: width, height, bit depth, colour type (0 grey, 2 RGB), compression, filter, interlace
    if kind != b"IHDR" or len(header) != 13 or header[8] != 8 or header[9] not in (0, 2) or header[12] != 0:
        return None
    fp.seek(4, 1)
    rows = []
    while len(chunk := fp.read(8)) == 8:
        size, kind = struct.unpack("!I4s", chunk)
        if kind == b"IDAT":
            rows.append(fp.read(size))
            fp.seek(4, 1)
        else:
            fp.seek(size + 4, 1)
    return b"".join(rows) or None


#: seconds a PDF may take before its process is stopped (a 28-page report takes 5)
PDF_TIMEOUT = 600


def start_pdf(html_path: Path, pdf_path: Path, timeout: float = PDF_TIMEOUT) -> Callable[[], str | None]:
    """Start writing *pdf_path* beside this process; the returned call waits and says why not, or None.

    The PDF is seconds of single-threaded WeasyPrint while the Excel file and the month's history
    are written: a forked child renders it on the machine's other core. A fork is only made where
    this process runs no other Python thread (a lock another thread holds would stay held in the
    child); otherwise, without ``fork``, or with ``CRMANALYSIS_FORK_PDF=0``, the PDF is written
    here before the call returns. A child still busy after *timeout* seconds is stopped.
    """
    import os
    import sys
    import threading

    def here() -> Callable[[], str | None]:
        reason = write_pdf(html_path, pdf_path)
        return lambda: reason
    if (not sys.platform.startswith("linux") or not hasattr(os, "fork") or threading.active_count() > 1
            or os.environ.get("CRMANALYSIS_FORK_PDF", "1") == "0"):
        return here()
    try:
        # imported here first: the child then imports nothing
        import weasyprint  # noqa: F401
    except Exception:  # noqa: BLE001 - no WeasyPrint: write_pdf says why, once
        return here()
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return here()
    if pid == 0:                                    # the child: the PDF, then out without the parent's exit code
        try:
            os.close(read)
            why = write_pdf(html_path, pdf_path) or ""
        except BaseException as exc:  # noqa: BLE001 - said to the parent, never a traceback
            why = f"{type(exc).__name__}: {exc}"
        try:
            os.write(write, why.encode()[:4000])
        finally:
            os._exit(0)
    os.close(write)
    return lambda: _wait_pdf(pid, read, timeout)


def _wait_pdf(pid: int, read: int, timeout: float) -> str | None:
    """The forked PDF's reason for not writing (None when it did), waiting at most *timeout* seconds."""
    import os
    import select
    import signal

    with os.fdopen(read, "rb") as f:
        ready = select.select([f], [], [], timeout)[0]
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return f"the PDF took longer than {timeout:.0f} s and was stopped"
        why = f.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if not why and code != 0:
        why = f"the PDF process ended with {'signal ' + str(-code) if code < 0 else 'exit code ' + str(code)}"
    return why or None


def _atomic_write(path: Path, text: str | bytes) -> None:
    import os
    import uuid

    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}")
    if isinstance(text, bytes):
        tmp.write_bytes(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def report_warnings(folder: Path) -> list[str]:
    """The warnings a client's notebooks printed (what :func:`write_report` keeps out of the report)."""
    out = []
    for nb in NOTEBOOK_ORDER:
        p = folder / f"{nb}.ipynb"
        if p.exists():
            out += [f"{nb}: {w}" for w in notebook_html(p)[1]]
    return out


# ------------------------------------------------------------------------------------------ Excel
#: every share is stored as a fraction (0.256) with a percent format, as Excel computes with it
_XL_FORMATS = {"money": None, "ratio": "0.0%", "count": "#,##0", "int": "#,##0", "number": "#,##0.0",
               "signed_pct": "+0.0%;-0.0%;0.0%", "kpi_move": "+0.0%;-0.0%;0.0%", "days": "#,##0.0",
               "hours": "#,##0.0", "score": "0%"}


def _excel_format(kind: str, unit: str, currency: str, digits: int = 1, lang: str = "en") -> str | None:
    from babel.numbers import get_currency_symbol

    from .i18n import LOCALES, _locale_pattern

    if kind in ("kpi", "kpi_change"):
        kind = {"money": "money", "ratio": "ratio", "count": "count"}.get(unit, "number")
    if kind == "money":                      # the symbol where the report language puts it ("12.500 €")
        sym = get_currency_symbol(currency, locale=LOCALES.get(lang, "en_GB"))
        return _locale_pattern("currency", lang, 0).replace("¤", f'"{sym}"').replace("\xa0", " ")
    if kind == "number":
        return "#,##0" + ("." + "0" * digits if digits else "")
    return _XL_FORMATS.get(kind)


def _sheet_frame(rows: list[dict[str, Any]], view: str, lang: str, kpi_names: dict[str, str] | None = None
                 ) -> tuple[pd.DataFrame, list[Col], list[str]]:
    """The view's columns of *rows*: values as numbers (formatted by Excel), labels translated."""
    from .tables import fmt_cell
    from .views import VIEWS

    v = VIEWS[view]
    df = pd.DataFrame(rows)
    cols = [c for c in v.columns if c in df.columns]
    out = pd.DataFrame(index=df.index)
    units = df["unit"] if "unit" in df else pd.Series("count", index=df.index)
    for c in cols:
        col = v.columns[c]
        if col.kind in ("text", "status", "kpi_label", "level", "per", "category", "entity"):
            out[col.title(lang)] = [fmt_cell(x, col, lang=lang, kpi_names=kpi_names) if x is not None else ""
                                    for x in df[c]]
        elif col.kind == "month":
            out[col.title(lang)] = pd.to_datetime(df[c], errors="coerce")
        elif col.kind == "signed_pct":               # held as percent points (12.5); stored as a fraction
            out[col.title(lang)] = pd.to_numeric(df[c], errors="coerce") / 100
        elif col.kind == "kpi_move":                 # a rate's points already a fraction (-0.069), else percent
            moved = pd.to_numeric(df[c], errors="coerce")
            out[col.title(lang)] = moved.where(units.to_numpy() == "ratio", moved / 100)
        elif col.kind == "kpi_list":
            out[col.title(lang)] = [fmt_cell(x, col, lang=lang, kpi_names=kpi_names) for x in df[c]]
        else:
            out[col.title(lang)] = pd.to_numeric(df[c], errors="coerce")
    if v.note and v.note in df:
        out[t("h.note", lang)] = [render(x, lang) if x else "" for x in df[v.note]]
    return out, [v.columns[c] for c in cols], list(units)


def _workbook_tables(results: dict[str, Any], found: list[str]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(view, sheet title key, rows) of every table of the report, in its order.

    The results the contract makes sheets, the page's findings, then every other table a notebook
    showed (``tables``: my KPIs, the ranking, the placebo check …) under its own sheet title.
    """
    from .contract import sheets
    from .texts import has

    out = [(r.view or r.name, r.sheet, results.get(r.notebook, {}).get(r.name)) for r in sheets()]
    out.insert(1, ("findings", "sheet.findings", [{"text": x} for x in found]))
    for nb in NOTEBOOK_ORDER:
        for view, rows in (results.get(nb, {}).get("tables") or {}).items():
            if has(f"sheet.{view}"):                 # every view a notebook shows has one (a test checks)
                out.append((view, f"sheet.{view}", rows))
    return out


def write_xlsx(path: Path, results: dict[str, Any], *, lang: str, currency: str) -> None:
    """``kpis.xlsx``: every table of the report as a sheet of numbers, definitions and data quality; formatted."""
    tmp = path.with_name(f".{path.name}.tmp")
    written = 0
    meta = shown_kpis(results)
    names = {k: m["label"] for k, m in meta.items()}
    month = (results.get("01_baseline", {}).get("summary") or {}).get("month")
    found = _findings(results, lang, currency, month, meta) if month else []
    with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        done: set[str] = set()
        for view, sheet, rows in _workbook_tables(results, found):
            if view in done or not rows:
                continue
            df, cols, units = _sheet_frame(rows, view, lang, names)
            name = t(sheet, lang)[:31]
            if name in xw.sheets:
                continue
            neutralise_frame(df).to_excel(xw, sheet_name=name, index=False)
            _format_sheet(xw.sheets[name], df, cols, units, currency, lang, wrap_last=view == "findings")
            done.add(view)
            written += 1
        defs = pd.DataFrame([{"kpi": k, "label": m["label"], "kind": m["kind"], "unit": m["unit"],
                              "direction": m["direction"], "text": m["definition"]}
                             for k, m in sorted(meta.items())])
        if not defs.empty:
            df, cols, units = _sheet_frame(defs.to_dict("records"), "definitions", lang, names)
            name = t("sheet.definitions", lang)
            neutralise_frame(df).to_excel(xw, sheet_name=name, index=False)
            _format_sheet(xw.sheets[name], df, cols, units, currency, lang, wrap_last=True)
        files = (results.get("01_baseline", {}).get("quality") or {}).get("files")
        if files:
            df, cols, units = _sheet_frame(files, "quality_files", lang)
            name = t("sheet.quality", lang)
            neutralise_frame(df).to_excel(xw, sheet_name=name, index=False)
            _format_sheet(xw.sheets[name], df, cols, units, currency, lang)
        if not written and defs.empty and not files:
            pd.DataFrame({t("h.note", lang): [t("s.no_results", lang)]}).to_excel(xw, sheet_name="-", index=False)
    tmp.replace(path)


def _format_sheet(ws: Any, df: pd.DataFrame, cols: list[Col], units: list[str], currency: str, lang: str,
                  wrap_last: bool = False) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    fill = PatternFill("solid", fgColor="F5F7FA")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    ws.freeze_panes = "A2"
    if len(df):
        ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(df.columns, start=1):
        col = cols[i - 1] if i <= len(cols) else None
        letter = ws.cell(row=1, column=i).column_letter
        width = max([len(str(name))] + [len(str(v)) for v in df[name].head(200)]) + 2
        ws.column_dimensions[letter].width = min(70 if wrap_last and i == len(df.columns) else 40, max(9, width))
        if col is None:
            continue
        for r, cell in enumerate(ws.iter_rows(min_row=2, min_col=i, max_col=i), start=0):
            c = cell[0]
            if col.kind == "month":
                c.number_format = "mmmm yyyy"
            fmt = _excel_format(col.kind, units[r] if r < len(units) else "count", currency, col.digits, lang)
            if fmt and isinstance(c.value, int | float):
                c.number_format = fmt
            if wrap_last and i == len(df.columns):
                c.alignment = Alignment(wrap_text=True, vertical="top")


# ------------------------------------------------------------------------------------------ the index
def write_index(out_root: str | Path) -> Path:
    """``reports/index.html``: every client and month, status, headline KPIs against target, ROI verdict, links."""
    out_root = Path(out_root)
    rows = []
    for rj in sorted(out_root.glob("*/*/run.json")):
        if rj.parent.name.startswith("."):
            continue
        r = json.loads(rj.read_text(encoding="utf-8"))
        r["_dir"] = rj.parent
        rows.append(r)
    rows.sort(key=lambda r: (r["client_id"], r.get("month") or ""), reverse=False)
    trs = []
    for r in rows:
        rel = f"{r['client_id']}/{rj_name(r)}"
        if r["status"] != "ok":
            status, cls, key = f"failed: {r.get('error', '')}", "failed", 3
        elif r.get("checks"):                      # a first number that is wrong or empty: look before sending
            status, cls, key = f"ok, check failed ({len(r['checks'])})", "failed", 2
        elif r.get("gaps"):
            status, cls, key = f"ok, with gaps ({len(r['gaps'])})", "gaps", 1
        else:
            status, cls, key = "ok", "ok", 0
        gaps = "".join(f"<li>{_esc(g)}</li>" for g in [*(r.get("checks") or []), *(r.get("gaps") or [])])
        detail = f"<details><summary>{_esc(status)}</summary><ul>{gaps}</ul></details>" if gaps else _esc(status)
        kpis = "".join(
            f'<span class="kpi {_esc(k.get("status") or "")}" title="{_esc(k.get("label", ""))}">'
            f'{_esc(k.get("label", ""))} {_esc(k.get("value_text", ""))}'
            + (f' · {_esc(k["score_text"])}' if k.get("score_text") and k["score_text"] != "–" else "")
            + "</span>" for k in r.get("headline") or [])
        links = " · ".join(f'<a href="{_esc(rel)}/{f}">{label}</a>' for f, label in
                           (("report.html", "HTML"), ("report.pdf", "PDF"), ("kpis.xlsx", "Excel"))
                           if (r["_dir"] / f).exists())
        reds = sum(k.get("status") == "red" for k in r.get("headline") or [])
        # an undated export's folder is named after the month it was run in, which is not its month
        shown = "no dates" if r.get("undated") else r.get("month") or ""
        trs.append(((-key, -reds, r["client_id"], r.get("month") or ""),
                    f'<tr><td>{_esc(r.get("name") or r["client_id"])}</td><td data-v="{_esc(r.get("month") or "")}">'
                    f'{_esc(shown)}</td><td class="{cls}" data-v="{key}">{detail}</td>'
                    f'<td data-v="{reds}">{kpis}</td><td data-v="{_esc(r.get("roi_kind") or "")}">'
                    f'{_esc(r.get("roi_verdict") or "–")}</td>'
                    f"<td>{links}</td><td data-v=\"{r['seconds']}\">{r['seconds']:.0f} s</td></tr>"))
    # what needs attention first: failed, then a first number that failed its check, then gaps; within
    # each, the most headline KPIs in red
    trs = [tr for _, tr in sorted(trs, key=lambda x: x[0])]
    colours = "".join(f".kpi.{k}{{background:{bg};color:{fg}}}" for k, (bg, fg) in STATUS_COLOURS.items())
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>crmanalysis: client reports</title>"
            "<style>body{font:14px/1.45 'DejaVu Sans',Verdana,sans-serif;margin:24px;color:#1d2430}"
            "table{border-collapse:collapse;width:100%}th,td{padding:6px 9px;border-bottom:1px solid #dde1e7;"
            "text-align:left;vertical-align:top}th{background:#f5f7fa;cursor:pointer;user-select:none}"
            "#t th:after{content:' ↕';color:#aab}.failed{color:#8a2e00}.gaps{color:#6b4e00}.ok{color:#00573d}"
            ".kpi{display:inline-block;border-radius:4px;padding:1px 6px;margin:1px 3px 1px 0;background:#eee;"
            f"font-size:12px}}{colours}#t td:nth-child(5){{max-width:36ch}}.small{{font-size:12px;color:#556}}"
            "h2{font-size:17px;margin-top:22px}</style></head><body>"
            f"<h1>Client reports</h1>{_progress_section(out_root)}"
            f"<h2>Every report</h2><p>{len(rows)} report(s), those that need attention first (failed, a first number "
            "that failed its check, gaps, KPIs in red). Click a column header to sort.</p>"
            "<table id='t'><thead><tr><th>client</th><th>month</th><th>status</th>"
            "<th>headline KPIs (value · score vs target)</th>"
            "<th>ROI verdict</th><th>report</th><th>run time</th></tr></thead><tbody>" + "".join(trs)
            + "</tbody></table><script>document.querySelectorAll('#t th').forEach((th,i)=>th.onclick=()=>{"
            "const tb=th.closest('table').tBodies[0],rs=[...tb.rows],d=th.dataset.d=th.dataset.d==='1'?'-1':'1';"
            "const v=r=>{const c=r.cells[i];return c.dataset.v!==undefined?c.dataset.v:c.textContent.trim()};"
            "rs.sort((a,b)=>{const x=v(a),y=v(b),nx=parseFloat(x),ny=parseFloat(y);"
            "return (isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny)*d});rs.forEach(r=>tb.appendChild(r))});"
            "</script></body></html>")
    out_root.mkdir(parents=True, exist_ok=True)
    path = out_root / "index.html"
    _atomic_write(path, page)
    return path


#: months a client's trend looks back on to rank who needs attention
ATTENTION_MONTHS = 3
_SPARK_W, _SPARK_H = 96, 26          # pixels
_SPARK_TOP = (1.25, 3.0)              # the scale's top: at least 125 %, at most 300 % (higher scores drawn at the top)


def _sparkline(scores: pd.DataFrame) -> str:
    """An inline SVG of a KPI's monthly score: a dashed line at target (100 %), a dot per month in its status colour."""
    n = len(scores)
    step = _SPARK_W / max(n - 1, 1)
    top = min(max(_SPARK_TOP[0], float(scores["score"].max()) if scores["score"].notna().any() else 0.0),
              _SPARK_TOP[1])

    def y(v: float) -> float:
        return round(_SPARK_H - 2 - (min(max(v, 0.0), top) / top) * (_SPARK_H - 4), 1)

    pts = [(round(i * step, 1) if n > 1 else _SPARK_W / 2, y(v), st) for i, (v, st) in
           enumerate(zip(scores["score"], scores["status"], strict=True)) if pd.notna(v)]
    line = " ".join(f"{x},{yy}" for x, yy, _ in pts)
    dots = "".join(f'<circle cx="{x}" cy="{yy}" r="2.2" fill="{STATUS_COLOURS.get(st, ("", "#667"))[1]}"/>'
                   for x, yy, st in pts)
    return (f'<svg width="{_SPARK_W + 6}" height="{_SPARK_H}" viewBox="-3 0 {_SPARK_W + 6} {_SPARK_H}" role="img">'
            f'<line x1="0" x2="{_SPARK_W}" y1="{y(1.0)}" y2="{y(1.0)}" stroke="#99a" stroke-dasharray="3 2"/>'
            f'<polyline points="{line}" fill="none" stroke="#456" stroke-width="1.2"/>{dots}</svg>')


def _progress_section(out_root: Path) -> str:
    """Per client, its progress against target over the kept months, those needing attention first.

    For each of the first three headline KPIs the client has: a trend of its monthly company score,
    the months on target and the latest score. Read from each client's history (see
    :mod:`crmanalysis.history`); a client without a plan is scored against suggested targets, said
    in the row.
    """
    from .history import clients, company_scores, month_meta, read_history
    from .i18n import fmt_pct, kpi_label

    found = []
    for cid in clients(out_root):
        hist = read_history(out_root, cid)
        sc = company_scores(hist)
        sc = sc[sc["score"].notna()]                       # a KPI without a target has no progress to show
        kpis = [k for k in HEADLINE_ORDER if k in set(sc["kpi"])][:3]
        months = sorted(hist["month"].unique())
        if not months:
            continue
        recent = sc[sc["kpi"].isin(kpis) & sc["month"].isin(months[-ATTENTION_MONTHS:])]
        on = float((recent["status"] == "green").mean()) if len(recent) else float("nan")
        planned = bool(month_meta(out_root, cid, months[-1]).get("plan"))
        cells = []
        for k in kpis:
            one = sc[sc["kpi"] == k].set_index("month").reindex(months)
            one["status"] = one["status"].fillna("")
            n_on, n = int((one["status"] == "green").sum()), int(one["score"].notna().sum())
            last = one["score"].dropna()
            cells.append(f"<td><div>{html.escape(kpi_label(k, 'en'))}</div>{_sparkline(one)}"
                         f"<div class='small'>on target {n_on} of {n} month{'s' if n != 1 else ''}"
                         f"{'; now ' + fmt_pct(last.iloc[-1], 'en', digits=0) if len(last) else ''}</div></td>")
        if not cells:
            cells = ["<td class='small'>no KPI with a target yet</td>"]
        cells += ["<td></td>"] * (3 - len(cells))
        first, latest = (fmt_month(m + "-01", "en") for m in (months[0], months[-1]))
        span = first if first == latest else f"{first} – {latest}"
        runs = _runs_of(out_root, cid)
        span = "no dates in the export" if runs and runs[0].get("undated") else span
        name = next((r.get("name") for r in runs), None) or cid
        found.append((on if on == on else 2.0, f"<tr><td>{html.escape(str(name))}<div class='small'>"
                      f"{html.escape(span)} · "
                      f"{'targets of the agreed plan' if planned else 'suggested targets (no plan yet)'}</div></td>"
                      f"<td>{fmt_pct(on, 'en', digits=0)}</td>{''.join(cells)}</tr>"))
    if not found:
        return ""
    found.sort(key=lambda x: x[0])
    return ("<h2>Progress against target</h2><p>Each client's main KPIs month by month (dashed line: on target), "
            f"those with the fewest KPIs on target in the last {ATTENTION_MONTHS} months first, those without targets "
            "last.</p>"
            "<table><thead><tr><th>client</th><th>on target, last "
            f"{ATTENTION_MONTHS} months</th><th colspan='3'>main KPIs: score month by month</th></tr></thead><tbody>"
            + "".join(row for _, row in found) + "</tbody></table>")


def _runs_of(out_root: Path, client_id: str) -> list[dict[str, Any]]:
    """A client's run.json records, newest month first."""
    out = []
    for rj in sorted((out_root / client_id).glob("*/run.json"), reverse=True):
        if not rj.parent.name.startswith("."):
            out.append(json.loads(rj.read_text(encoding="utf-8")))
    return out


def rj_name(r: dict[str, Any]) -> str:
    """The report folder of a run: its month, or ``<month>.failed`` beside a good report."""
    return Path(r.get("folder") or r.get("month") or "").name or str(r.get("month"))
