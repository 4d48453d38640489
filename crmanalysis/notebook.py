"""Helpers that keep the analysis notebooks thin: open a client, show tables, record results.

Results a test or the batch needs are recorded with :func:`record`: a display output with
the MIME type ``application/vnd.crmanalysis.result+json`` (invisible in HTML reports), read
back from an executed notebook with :func:`read_results`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import kpis as K

# the report month when none is asked is the headline's (a stopped export's last busy month); the window's
# own default is the month the export was taken in
from .analyses.headline import report_month_of as default_month
from .analyses.window import Window, report_month
from .analyses.window import default_month as export_month
from .data import ClientData, NotComputable
from .i18n import Note, fmt_month, fmt_number, kpi_label, needs_note, needs_sentence, render, t
from .io import DataQualityReport, load_client
from .texts import heading

__all__ = ["NotebookClient", "open_client", "section", "note_missing", "display", "show_my_kpis", "show_profiles",
           "show_lags",
           "pseudonymize", "record", "read_results", "show", "md", "MIME", "report_month", "default_month",
           "quality_record",
           "finish"]

MIME = "application/vnd.crmanalysis.result+json"


@dataclass
class NotebookClient:
    """What every analysis notebook starts from."""

    data: ClientData
    quality: DataQualityReport
    window: Window             # the report month, the end of the data, the baseline's cut-off
    lang: str
    currency: str
    #: the sections the data could not support, as data (crmanalysis.contract.Gap): each reader puts them
    #: into its own language (the report the client's, the portfolio index English)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    absent: list[dict[str, Any]] = field(default_factory=list)   # sections left out: the client lacks what they need
    titles: dict[str, str] = field(default_factory=dict)    # section key -> the text key that heads it (if any)
    shown: int = 0                                      # sections shown (a chapter with none is left out)
    tables: dict[str, list[pd.DataFrame]] = field(default_factory=dict)   # every table shown, by view (for Excel)
    lacking: list[str] = field(default_factory=list)   # what the last section left out lacked (its followers too)
    kpis_shown: set[str] = field(default_factory=set)   # KPIs of the tables shown (the definitions appendix)
    plan: Any = None                                    # the engagement's plan (crmanalysis.analyses.plan.Plan), if any
    plan_notes: list[Any] = field(default_factory=list)  # reps who joined or left since the baseline

    @property
    def kpi_names(self) -> dict[str, str]:
        """The client's KPI labels in the report language, its template KPIs included."""
        return {k: spec.label(self.lang) for k, spec in K.registry_for(self.data).items()}

    @property
    def month(self) -> str:
        """The report month, ``YYYY-MM``."""
        return self.window.month

    @property
    def month_start(self) -> pd.Timestamp:
        """The first instant of the report month."""
        return self.window.month_start

    @property
    def month_end(self) -> pd.Timestamp:
        """The last instant of the report month."""
        return self.window.end

    @property
    def as_of(self) -> pd.Timestamp:
        """The instant the report month is measured at (:attr:`Window.as_of`)."""
        return self.window.as_of

    def months(self, n: int) -> Window:
        """The client's window looking *n* months back from the report month (what the analyses take)."""
        return self.window.back(n)

    def activity_months(self, n: int) -> Window:
        """:meth:`months`, from the first month with a logged activity when that is later (activity vs results)."""
        from .analyses.activity import logged_months

        return logged_months(self.data, self.window.back(n))

    @property
    def baseline_date(self) -> pd.Timestamp:
        """The instant the baseline's complete months end before: the plan's month, else the report month.

        With a plan, a report that measured the six months before *its* month showed a second baseline
        beside the agreed one the targets come from: two numbers for one word.
        """
        return self.window.baseline_cutoff

    def baseline_months(self, default: int) -> int:
        """Complete months in the baseline: the plan's window when one was agreed, else *default*."""
        if self.plan is None:
            return default
        from .analyses.plan import months_between

        return months_between(*self.plan.window) + 1

    @property
    def month_label(self) -> str:
        """The report month in words in the report language ("June 2025", "juni 2025")."""
        from .i18n import fmt_month

        return fmt_month(self.month_start, self.lang)

    @property
    def name(self) -> str:
        """Client display name."""
        return self.data.config.display_name


def _pseudonyms(salt: str, ids: pd.Series, prefix: Any) -> pd.Series:
    """``"<prefix> <hash>"`` per id: 4 hex digits of a salted SHA-256, more when two ids would collide.

    (1,000 reps in 65,536 four-digit codes almost surely share one; the pseudonym must still
    tell them apart.)
    """
    import hashlib

    ids = ids.astype("string")
    digest = ids.map(lambda v: hashlib.sha256(f"{salt}|{v}".encode()).hexdigest().upper(), na_action="ignore")
    distinct = pd.DataFrame({"id": ids, "d": digest}).dropna().drop_duplicates("id")["d"]
    width = next((w for w in range(4, 65) if not distinct.str[:w].duplicated().any()), 64)
    out = pd.Series(prefix, index=ids.index, dtype="string") + " " + digest.str[:width]
    return out.where(ids.notna())


def pseudonymize(data: ClientData) -> ClientData:
    """Replace rep, agent and account names with stable pseudonyms (same input, same pseudonym).

    For training or sharing outside the client: ``Rep 3F2A``, ``Agent 91C0``, ``Account 7B1E``.
    Ids are kept (they are already meaningless outside the CRM), so every number is unchanged.
    """
    salt = data.config.client_id
    frames = {}
    if data.has("users"):
        u = data.users.copy()
        role = u["role"].astype("string").str.lower().fillna("")
        prefix = np.where(role.str.contains("agent|service"), "Agent",
                          np.where(role.str.contains("manager"), "Manager", "Rep"))
        u["name"] = _pseudonyms(salt, u["user_id"], prefix)
        frames["users"] = u
    if data.has("accounts"):
        a = data.accounts.copy()
        a["name"] = _pseudonyms(salt, a["account_id"], "Account")
        frames["accounts"] = a
    return data.replace(**frames) if frames else data


def open_client(config: str | Path, *, month: str = "", language: str = "", anonymize: bool = False
                ) -> NotebookClient:
    """Ingest the client's exports and settle the report month and language.

    *month* ``""`` means the last complete month in the data; *language* ``""`` the
    client's configured language; *anonymize* replaces names with pseudonyms.
    """
    data, quality = load_client(config, reuse=True)    # a kernel running several notebooks reads once
    if anonymize:
        data = pseudonymize(data)
    lang = language or data.config.language
    _png_figures()
    plan = None
    if data.config.plan_path is not None:           # what was agreed with the client: the reports score against it
        from .planfile import read_plan

        plan = read_plan(data.config.plan_path, data)
    window = Window.of(data, month or default_month(data),
                       baseline_month=plan.baseline_month if plan is not None else None)
    from .texts import use_words

    use_words(client_words(data))     # a kernel serves one client: "Calls", not "Cases opened", for a call log
    return NotebookClient(data, quality, window, lang, data.config.currency, plan=plan)


def _png_figures() -> None:
    """Figures as cropped PNG pictures (:func:`crmanalysis.plots.png_of`), when running in a kernel.

    Vector charts cost the PDF more than all its text: the renderer lays out every word of an SVG
    with the page's fonts (1.3 s of a 25-page report's 2 s of drawing, against 0.3 s for pictures).
    Drawn at 1.5 times the shown size, a picture stays sharp on screen and in print.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is not None and hasattr(ip, "kernel"):
        import matplotlib_inline.backend_inline  # noqa: F401 - on first import it resets the formatters
        from matplotlib.figure import Figure

        from .plots import png_of

        ip.run_line_magic("config", "InlineBackend.figure_formats = ['png']")
        ip.display_formatter.formatters["image/png"].for_type(Figure, png_of)    # with its shown width


_HELD: list[list[Any]] = []            # outputs of the sections being run, shown when each ends
_FOLLOWS = ("nc.roi_above", "nc.cf_above", "nc.no_gain_sensitivity")   # follow from an earlier result


@contextmanager
def section(client: NotebookClient, title_key: str = "", *, intro: str = "") -> Iterator[None]:
    """Run one report section: its explanation (text key *intro*), then what it shows.

    What the block displays is held until it ends. When the data cannot support the section
    (:class:`~crmanalysis.data.NotComputable`, "needs activities"), the reader gets the
    section's heading and one sentence in the report language instead of the explanation, and
    ``client.gaps`` keeps what it needs, as data. Any other exception is a bug and propagates.
    """
    intro = for_kind(client, intro) if intro else ""        # a help desk's table is explained in its words
    # where the report names the section (its closing box, the index), it uses the heading the reader sees
    title = client.titles[title_key] = intro if intro and heading(t(intro, client.lang)) else ""
    _HELD.append([])
    try:
        yield
    except NotComputable as exc:
        _HELD.pop()
        sentence = needs_sentence(exc, client.lang)
        follows = getattr(exc.detail, "key", "") in _FOLLOWS
        if not follows:                                          # "see above": the first gap already says why
            client.gaps.append({"section": title_key, "title": title, "kind": "not_shown", **needs_note(exc).params})
            client.lacking = _lacking(client, exc)
        lacking = client.lacking                                 # a follower goes where its cause went
        if lacking and title_key:
            # the client has nothing of what the section is about (no activities at all): the document
            # leaves it out and says so once, at its end, instead of a heading over "Not shown"
            client.absent.append({"section": title_key, "title": title, "needs": lacking})
            return
        head = heading(t(intro, client.lang)) if intro else ""
        _emit([Markdown(f"{head}\n\n> {sentence}" if head else f"> {sentence}")])
        return
    except BaseException:
        _HELD.pop()
        raise
    held = _HELD.pop()
    client.shown += 1
    _emit(([Markdown(t(intro, client.lang))] if intro else []) + held)


#: needs said as a sentence, and the tables any one of which would meet them
_NEEDS_TABLES = {"nc.deals_or_financials": ("opportunities", "financials"),
                 "nc.rep_targets": ("opportunities", "activities"),
                 "nc.users_or_accounts": ("users", "accounts")}


def _lacking(client: NotebookClient, exc: NotComputable) -> list[str]:
    """What a section needs that the client lacks altogether: whole tables, or the go-live date; [] otherwise.

    Each is a text key ("limits.go_live", "nc.deals_or_financials") or a canonical table or column,
    put into words where the report says it.

    A section whose table the client has but whose rows cannot support it (too few months, no
    decided deal in the window) is no such case: its reason concerns this client's data.
    """
    from .schema import TABLES

    data = client.data
    agreed = {"nc.needs_plan": "limits.plan", "nc.needs_profiles": "limits.profiles"}   # set up with the client
    if getattr(exc.detail, "key", "") in agreed:
        return [agreed[exc.detail.key]]
    out = []
    for need in exc.needs:
        key = getattr(need, "key", "")
        table, _, column = str(need).partition(".") if not key else ("", "", "")
        if key == "nc.go_live":
            out.append("limits.go_live")
        elif key in _NEEDS_TABLES and not any(data.has(x) for x in _NEEDS_TABLES[key]):
            out.append(key)                             # e.g. neither deals nor financial figures
        elif key == "nc.segments":                      # raised only where the deals name not one segment
            out.append(key)
        elif table in TABLES and not data.has(table, column or None):
            out.append(str(need))                       # no such table, or not one value in the column
        else:
            return []
    return out


class Markdown(str):
    """Markdown text to display (held like any other output inside a section)."""


def _emit(items: list[Any]) -> None:
    if _HELD:                      # a section inside a section: the outer one shows it
        _HELD[-1].extend(items)
        return
    from IPython.display import Markdown as _Md
    from IPython.display import display as _display

    for obj in items:
        if isinstance(obj, Markdown):
            _display(_Md(str(obj)))
        else:
            _display(obj)
            _close_figure(obj)


def _close_figure(obj: Any) -> None:
    """Close a shown matplotlib figure, so the notebook does not draw it a second time at the cell's end."""
    if type(obj).__name__ == "Figure" and type(obj).__module__.startswith("matplotlib"):
        import matplotlib.pyplot as plt

        plt.close(obj)


def note_missing(client: NotebookClient, title_key: str, missing: list[tuple[str, str, tuple[Any, ...]]]) -> None:
    """Under a table that is shown in part: one sentence naming the rows left out and what they need.

    *missing* is ``(KPI id, level, needs)`` per row left out (e.g. ``baseline.missing_starters``);
    the sentence is also remembered in ``client.gaps``, as data.
    """
    from .schema import TABLES

    # rows whose whole table the client lacks are no news here: the report's closing box says what more
    # data would show; the sentence names the rows the client's own data could not support
    missing = [m for m in missing if not all(isinstance(n, str) and not isinstance(n, Note) and n in TABLES
                                             and not client.data.has(n) for n in m[2])]
    if not missing:
        return
    by_need: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
    for kpi, level, needs in missing:
        by_need.setdefault(tuple(needs), []).append((kpi, level))

    def need(n: Any) -> Any:                    # a note as itself, a table or column in words
        return n.as_json() if isinstance(n, Note) else {"data": n}

    items = [Note("s.left_out_item",
                  rows=_listed([Note("s.kpi_at_level", kpi={"kpis": [k]}, level={"level": lv})
                                for k, lv in dict.fromkeys(rows)], ", "),
                  needs=_listed([need(n) for n in needs], ", "))
             for needs, rows in by_need.items()]
    detail = Note("s.left_out", what=_listed(items, "; "))
    lacking = NotComputable(*dict.fromkeys(n for ns in by_need for n in ns))     # each need once, as data
    client.gaps.append({"section": title_key, "title": client.titles.get(title_key, ""), "kind": "rows_left_out",
                        "detail": detail.as_json(),
                        "needs": needs_note(lacking).params["needs"]})
    md(f"> {detail.in_lang(client.lang)}")


def _listed(items: list[Any], sep: str) -> dict[str, Any]:
    """A note parameter that is a list, each item rendered in the note's language and joined by *sep*."""
    return {"list": [i.as_json() if isinstance(i, Note) else i for i in items], "sep": sep}


def finish(client: NotebookClient, **results: Any) -> None:
    """Record the notebook's results, its gaps and the KPIs it showed, held to ``crmanalysis.contract``.

    The last cell of every analysis notebook. A result that is missing, not declared or not of its
    declared shape raises :class:`~crmanalysis.contract.ContractError` here, naming it: the batch
    fails the client with that message instead of writing a report with a blank where it was read.
    """
    from .contract import check, notebook_of

    results = {**results, "gaps": list(client.gaps), "absent": list(client.absent), "shown": client.shown,
               "tables": {v: pd.concat(fs, ignore_index=True) for v, fs in client.tables.items()},
               "kpis_shown": kpi_meta(client)}
    check(notebook_of(set(results)), results)
    for name, value in results.items():
        record(name, value)


def kpi_meta(client: NotebookClient) -> dict[str, dict[str, str]]:
    """What the report says of each KPI shown, from the client's own KPIs (its templates included).

    KPI id -> label, definition (the catalogue's text ``def.<id>`` in the report language, or a
    template's own), kind, unit and direction: the report and the batch read these instead of
    looking KPIs up again.
    """
    reg = K.registry_for(client.data)
    out = {}
    for k in sorted(client.kpis_shown):
        spec = reg.get(k)
        if spec is None:
            continue
        out[k] = {"label": spec.label(client.lang), "definition": spec.definition_in(client.lang),
                  "kind": spec.kind, "unit": spec.unit, "direction": spec.direction}
    return out


def summary_record(client: NotebookClient) -> dict[str, Any]:
    """What the report's first page says about the client and its data (recorded by notebook 01)."""
    first, last = client.data.span()
    tot = client.quality.totals()
    # the month the export was taken in, when its activity had stopped long before and the report month is
    # its last busy month instead (the cover says why that month)
    plain = export_month(client.data) if last is not None else client.month
    quiet = plain if plain != client.month and default_month(client.data) == client.month else None
    return {"client": client.data.config.client_id, "name": client.name, "month": client.month,
            "lang": client.lang, "currency": client.currency, "data_start": first,
            "compared_from": client.data.covered_from(), "data_end": last,
            "as_of": client.as_of, "tables": [tb for tb in client.data.tables if client.data.has(tb)],
            "quiet_until": quiet, "exported": client.data.exported_at(), **_lead_in(client.data),
            "words": client_words(client.data), **tot}


#: the words of a file name that say its rows are calls ("Call-Center-Dataset.csv", "anrufe.csv")
_CALL_FILES = re.compile(r"call|anruf|opkald|gesprek|oproep|telefon|phone|dialer", re.IGNORECASE)


def client_words(data: Any) -> str:
    """The words the client's texts are read in (:data:`crmanalysis.texts.WORDS`): a call log's are "calls".

    A call log: cases without closing times whose file says they are calls. A help desk's tickets.csv without
    closing times is no call log: its page 1 read "Calls 52" for 52 tickets.
    """
    from .kpis.catalogue import is_call_log

    if not is_call_log(data):
        return ""
    files = data.cases["_file"].dropna().astype(str).unique() if "_file" in data.cases else []
    return "calls" if any(_CALL_FILES.search(f) for f in files) else ""


def _lead_in(data: Any) -> dict[str, Any]:
    """How many dated events lie before the month the export starts in earnest, in all and per date column.

    Both None when the export has no lead-in. "May 2023 holds only 274 dated events" stood beside a table
    of 99 cases closed in May: 175 of them were first responses.
    """
    first, real = data.span()[0], data.covered_from()
    if first is None or real is None or real <= first:
        return {"lead_in": None, "lead_in_kinds": None}
    kinds = data.events_by_column(first, real - pd.Timedelta(1, "ns"))
    # pairs, most first: a record's fields are named, a column's name is data
    return {"lead_in": sum(kinds.values()), "lead_in_kinds": sorted(kinds.items(), key=lambda x: -x[1])}


def quality_record(client: NotebookClient) -> dict[str, Any]:
    """The data-quality report as recorded results: totals, one row per file, one row per finding."""
    q = client.quality
    issues = [{"severity": i["severity"], "table": i["table"], "file": i["file"], "column": i["column"],
               "canonical": i.get("canonical", ""), "header": i.get("header", ""), "count": i["count"],
               "text": i.get("note") or i["message"], "fix": i["fix"],
               "left_out": bool(i.get("left_out"))} for i in q.issues]
    return {"totals": q.totals(), "files": q.accounting().drop(columns="reconciles", errors="ignore"),
            "issues": issues, "errors": len(q.errors),
            "warnings": sum(i["severity"] == "warning" for i in q.issues)}


def _note_json(x: Any) -> Any:
    from .i18n import Note

    if isinstance(x, Note):
        return x.as_json()
    if isinstance(x, list) and any(isinstance(n, Note) for n in x):
        return [_note_json(n) for n in x]
    return x


def _jsonable(v: Any) -> Any:
    from .i18n import Note

    if isinstance(v, pd.DataFrame):                # "split" keeps the column order (nbformat sorts keys)
        obj = [c for c in v.columns if v[c].dtype == object]
        if obj:                                    # notes keep their key, so Excel shows them in the report language
            v = v.assign(**{c: v[c].map(_note_json) for c in obj})
        return {"__frame__": json.loads(v.to_json(orient="split", index=False, date_format="iso"))}
    if isinstance(v, Note):
        return v.as_json()
    if isinstance(v, pd.Series):
        return json.loads(v.to_json(date_format="iso"))
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return v


def record(name: str, value: Any) -> None:
    """Record a result in the notebook output (readable by tests and the batch, hidden in HTML)."""
    from IPython.display import display

    display({MIME: {"name": name, "value": _jsonable(value)}}, raw=True)


def read_results(path: str | Path) -> dict[str, Any]:
    """All results recorded in an executed notebook, by name."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        for o in cell.get("outputs", []):
            payload = o.get("data", {}).get(MIME)
            if payload:
                out[payload["name"]] = _unframe(payload["value"])
    return out


def _unframe(v: Any) -> Any:
    """Recorded frames back to a list of row dicts in their original column order."""
    if isinstance(v, dict) and "__frame__" in v:
        f = v["__frame__"]
        return [dict(zip(f["columns"], row, strict=True)) for row in f["data"]]
    if isinstance(v, dict):
        return {k: _unframe(x) for k, x in v.items()}
    return v


def display(obj: Any) -> None:
    """Show *obj* (a table or a figure); inside a ``with section(...)`` block it is held until the block ends."""
    _emit([obj])


def md(text: str) -> None:
    """Display Markdown (held inside a section like any other output); an empty text shows nothing."""
    if text:
        _emit([Markdown(text)])


def show(client: NotebookClient, frame: pd.DataFrame, view: str) -> None:
    """Show *frame* as the view *view* (:data:`crmanalysis.views.VIEWS`) in the report language.

    The KPIs it shows are remembered for the definitions appendix (``client.kpis_shown``).
    """
    from .views import render_view

    names = _shown(client, frame, view)
    display(render_view(frame, view, lang=client.lang, currency=client.currency, kpi_names=names))


def show_side_by_side(client: NotebookClient, frame: pd.DataFrame, view: str, keys: tuple[str, ...],
                      values: tuple[str, ...], *, bracket: bool = False) -> None:
    """Show *frame* as :func:`show` does, its KPIs side by side (:func:`crmanalysis.views.side_by_side`).

    The workbook gets the rows as they are, one per KPI, as for every other table.
    """
    from .views import side_by_side

    names = _shown(client, frame, view)
    display(side_by_side(frame, view, keys=keys, values=values, lang=client.lang, currency=client.currency,
                         kpi_names=names, bracket=bracket))


def _shown(client: NotebookClient, frame: pd.DataFrame, view: str) -> dict[str, str] | None:
    """Bookkeeping of a table shown: its KPIs for the definitions appendix, its rows for the workbook.

    Returns the client's KPI labels when the table has KPIs; raises :class:`NotComputable` for no rows.
    """
    if frame.empty:                # a table without rows says nothing: the section says why instead
        raise NotComputable(detail=Note("nc.empty_table"))
    client.tables.setdefault(view, []).append(frame)      # the workbook carries every table the report shows
    if "kpi" not in frame:
        return None
    client.kpis_shown.update(str(k) for k in frame["kpi"].dropna().unique())
    return client.kpi_names


def show_sensitivity(client: NotebookClient, res: Any) -> None:
    """The ROI by cost factor and attributed share as a grid; the workbook gets the same numbers, one per row."""
    from .views import roi_sensitivity

    display(roi_sensitivity(res, lang=client.lang))
    client.tables.setdefault("sensitivity", []).append(res.sensitivity[["cost_factor", "attribution_share", "roi_pct"]])


def show_by_month(client: NotebookClient, frame: pd.DataFrame) -> None:
    """Targets month by month: a row per KPI, a column per month (:func:`crmanalysis.views.by_month`)."""
    from .views import by_month

    if frame.empty:
        raise NotComputable(detail=Note("nc.empty_table"))
    client.kpis_shown.update(str(k) for k in frame["kpi"].dropna().unique())
    display(by_month(frame, lang=client.lang, currency=client.currency, kpi_names=client.kpi_names))


def show_first(client: NotebookClient, first: pd.DataFrame, checks: list[Any]) -> None:
    """The first numbers as the report's first page shows them, then the checks that failed."""
    from .analyses.headline import checks_markdown
    from .views import first_numbers

    if first.empty:
        raise NotComputable(detail=Note("nc.empty_table"))
    client.kpis_shown.update(str(k) for k in first["kpi"].dropna().unique())
    table, sentences = first_numbers(first, lang=client.lang, currency=client.currency, kpi_names=client.kpi_names)
    if table is not None:
        display(table)
    md("\n\n".join([*sentences, checks_markdown(checks, client.lang)]))


#: the KPIs whose path since the baseline a report draws, in this order (the first three the plan has)
PLAN_PATH_KPIS = ("new_revenue", "deals_won", "cases_closed", "new_leads", "sales_conversations")


def targets_of(client: NotebookClient, baseline_periods: int, uplift: float) -> pd.DataFrame:
    """The report month's targets: the plan's when the config names one (what was agreed), else suggestions.

    Suggestions are moved *uplift* above the baseline of the *baseline_periods* months before the
    report month. With a plan, no baseline is computed: the plan keeps the one agreed (on the sample
    clients that saved 2 s of this notebook).
    """
    from .analyses import plan as P
    from .analyses import targets as T

    if client.plan is not None:
        tg, client.plan_notes = P.targets_for(client.plan, client.data, client.month)
        return tg
    return T.profile_targets(client.data, T.set_targets(baseline_of(client, baseline_periods), uplift=uplift))


def baseline_of(client: NotebookClient, baseline_periods: int) -> pd.DataFrame:
    """The baseline the report shows: the plan's months when one was agreed, else *baseline_periods* months.

    Without a plan: the complete months before the report month. Under a plan, "same month last year"
    is still the report month's (as page 1's cards read it), not the month after the plan's baseline, and
    ``baseline``, ``q1`` and ``q3`` are the plan's where it has the row.
    """
    from .analyses import baseline as B

    specs = B.specs_for(client.data.config.profiles, client.baseline_months(baseline_periods), data=client.data)
    season = client.month if client.plan is not None else None
    base = B.baseline(client.data, specs, baseline_date=client.baseline_date, season_month=season)
    if client.plan is None:
        return base
    # the baseline agreed is the plan's, as it was measured then: a later version of the rules (a stock's level,
    # 26 weeks of conversations) or a baseline corrected by hand in the plan must not show a second one
    agreed = client.plan.rows.astype({"entity": str}).set_index(["kpi", "period", "level", "entity"])
    agreed = agreed[~agreed.index.duplicated()]
    key = pd.MultiIndex.from_frame(base[["kpi", "period", "level", "entity"]].astype(str))
    hit = key.isin(agreed.index)
    return base.assign(**{c: base[c].where(~hit, agreed[c].reindex(key).to_numpy()) for c in ("baseline", "q1", "q3")})


def months_sentence(client: NotebookClient, months: int, *, activities: bool = False) -> str:
    """The months a section reads, in words: *months* complete months up to the report month.

    From where the data start when that is later: "October 2020 – March 2021" over data from January
    named three months the export does not hold. With *activities*, from the first logged activity
    (:meth:`NotebookClient.activity_months`) when that is later still.
    """
    start, end = K.month_window(client.month, months)
    logged = client.activity_months(months) if activities else None
    if logged is not None and logged.months < months and logged.start > (client.data.span()[0] or logged.start):
        return t("s.window_months_logged", client.lang, start=fmt_month(logged.start, client.lang),
                 end=fmt_month(end, client.lang), k=logged.months, n=months)
    return _months_from_data(client, "s.window_months", start, end, months)


def _months_from_data(client: NotebookClient, key: str, start: pd.Timestamp, end: pd.Timestamp, n: int) -> str:
    """The sentence *key* with the months *start* – *end*, or from the data's first month and how many that is."""
    first = client.data.span()[0]
    if first is not None and first.to_period("M").to_timestamp() > start:
        start = first.to_period("M").to_timestamp()
        held = (end.to_period("M") - start.to_period("M")).n + 1
        return t(f"{key}_short", client.lang, start=fmt_month(start, client.lang), end=fmt_month(end, client.lang),
                 k=held, n=n)
    return t(key, client.lang, start=fmt_month(start, client.lang), end=fmt_month(end, client.lang), n=n)


def window_note(client: NotebookClient, months: int, table: str) -> list[Note]:
    """The months a section of *months* up to the report month counts of *table*, as a finding names them."""
    from .analyses.headline import period_note

    return [period_note(client.data, table, *K.month_window(client.month, months))]


def go_live_sentence(client: NotebookClient, go_live: Any, before: int = 12, after: int = 12) -> str:
    """The go-live date and the months compared around it ("12 months before against 12 months after")."""
    from .analyses.roi import go_live_of

    when = go_live_of(client.data, go_live)
    return Note("s.go_live_months", day={"day": f"{when:%Y-%m-%d}"}, before=before, after=after).in_lang(client.lang)


def baseline_months_sentence(client: NotebookClient, base: pd.DataFrame) -> str:
    """Which months the baseline covers, and whether they are the plan's ("as agreed in the plan of …")."""
    monthly = base[(base["period"] == "M") & base["window_start"].notna()]
    if monthly.empty:
        return ""
    start, end = pd.to_datetime(monthly["window_start"]).min(), pd.to_datetime(monthly["window_end"]).max()
    months = {"start": fmt_month(start, client.lang), "end": fmt_month(end, client.lang)}
    if client.plan is None:
        return _months_from_data(client, "s.baseline_months", start, end,
                                 (end.to_period("M") - start.to_period("M")).n + 1)
    return t("s.baseline_months_plan", client.lang, plan=fmt_month(client.plan.baseline_month + "-01", client.lang),
             **months)


def late_start_sentence(client: NotebookClient, rows: pd.DataFrame) -> str:
    """Which KPIs of the baseline table are measured from a later month, where their records start in earnest.

    Salesforce's baseline of 2 sales conversations a week (a target of 3) stood beside 1,458 logged in February
    2022: the months before held a few dozen. The baseline now starts in February; the table's 4 periods beside
    the others' 6 need the reason.
    """
    if "measured_from" not in rows:
        return ""
    late = rows[rows["measured_from"].notna() & (rows["level"] == "company")].drop_duplicates("kpi")
    said = []
    for month, group in late.groupby("measured_from", sort=True):
        names = ", ".join(kpi_label(k, client.lang) for k in group["kpi"])
        said.append(t("s.baseline_late", client.lang, kpis=names, month=fmt_month(month, client.lang),
                      n=fmt_number(int(group["lead_in_n"].max()), client.lang)))
    return " ".join(said)


def baseline_trends(client: NotebookClient, base: pd.DataFrame) -> list[Any]:
    """The company-level trend of each KPI of *base* around its baseline months, in grids of small panels."""
    from . import plots
    from .analyses import baseline as B

    panels = [{"series": B.history(client.data, row, window=client.window), "base_row": row,
               "title": B.chart_title(row, client.lang, client.data), "unit": row["unit"]}
              for _, row in B.chart_rows(base).iterrows()]
    n = plots.GRID_PANELS
    return [plots.trend_grid(panels[i:i + n], currency=client.currency, lang=client.lang, as_of=client.as_of)
            for i in range(0, len(panels), n)]


def chapter_intro(client: NotebookClient, chapter: str) -> str:
    """A chapter's opening text for this kind of client: a help desk's baseline speaks of cases, not revenue.

    ``nb.<chapter>.intro.<kind>`` for the client's first kind that has one
    (:func:`crmanalysis.analyses.headline.client_kinds`), else ``nb.<chapter>.intro``; a help desk's
    ``calls`` variant for a call log (:func:`crmanalysis.analyses.baseline.is_call_log`).
    """
    key = for_kind(client, f"nb.{chapter}.intro")
    said = t(key, client.lang, kinds=_activity_kinds(client)) if key.endswith(".activity") else t(key, client.lang)
    return said + _baseline_lacks(client) if chapter == "baseline" else said


#: the KPIs of the kinds of activity an activity log's baseline starts from
_ACTIVITY_STARTERS = ("calls", "meetings", "visits")


def _activity_kinds(client: NotebookClient) -> str:
    """"**calls** and **meetings**": the starting kinds the client's activities hold, in the report's language.

    A calendar's meetings alone read "the calls, meetings and visits that took place" above a baseline of meetings.
    """
    from .analyses.kinds import without_its_activities

    lang = client.lang
    kpis = [k for k in _ACTIVITY_STARTERS if not without_its_activities(client.data, k)] or list(_ACTIVITY_STARTERS)
    words = [f"**{_in_sentence(k, lang)}**" for k in kpis]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {t('word.and', lang)} {words[-1]}"


def _in_sentence(kpi: str, lang: str) -> str:
    """A KPI's name inside a sentence; German keeps its capitals."""
    name = kpi_label(kpi, lang)
    return name if lang == "de" else name[:1].lower() + name[1:]


#: a sales baseline's starting KPIs beyond revenue, and the export each needs
_STARTERS_NEED = (("leads", "new_leads"), ("activities", "sales_conversations"))


def _baseline_lacks(client: NotebookClient) -> str:
    """" The exports hold no leads …": the sales intro's starting KPIs the client's exports cannot give.

    Bitrix24's deals-only export read "Starting KPIs: new revenue …, new leads … and sales conversations" over
    a baseline of new revenue alone.
    """
    from .i18n import data_name

    data = client.data
    if not data.has("opportunities"):
        return ""
    lacks = [(table, kpi) for table, kpi in _STARTERS_NEED if not data.has(table)]
    if not lacks:
        return ""
    lang = client.lang

    def either(words: list[str]) -> str:
        return f" {t('word.or', lang)} ".join(words)

    return " " + t("nb.baseline.lacks", lang, what=either([data_name(x, lang) for x, _ in lacks]),
                   kpis=either([_in_sentence(k, lang) for _, k in lacks]))


def for_kind(client: NotebookClient, key: str) -> str:
    """*key*'s variant for this kind of client (``<key>.<kind>``, the first kind that has one), else *key*.

    A sales client with a help desk beside it reads the text of both (*key*); a SaaS business's agents
    chapter is its help desk's; any client without deals ``<key>.other`` where no kind of its has one;
    a help desk without customer ratings ``<key>.service_unrated`` where there is one. A call log's texts are
    its help desk's in its own words (``<key>.service@calls``, :func:`crmanalysis.texts.words`).
    """
    from .analyses.headline import client_kinds
    from .texts import has

    kinds = client_kinds(client.data)
    if not kinds or (kinds[0] == "sales" and "service" in kinds):
        return key
    if kinds[0] == "sales":
        # the leads beside the deals are part of the sales text: Salesforce's baseline read "where lead generation
        # stands" above a table of new revenue and deals won
        return f"{key}.sales" if has(f"{key}.sales") else key
    kind = next((k for k in kinds if has(f"{key}.{k}")), "")
    if not kind and kinds[0] != "sales" and has(f"{key}.other"):   # any client without deals ("scorecards" of
        kind = "other"                                             # segments and reps a help desk has none of)
    if kind in ("service", "") and "service" in kinds and not client.data.has("cases", "csat") \
            and has(f"{key}.service_unrated"):
        kind = "service_unrated"            # a text that promises satisfaction scores the export has none of
    return f"{key}.{kind}" if kind else key


def card_rows(client: NotebookClient, scores: pd.DataFrame) -> list[dict[str, Any]]:
    """The first page's KPI cards: value, the month before, the same month last year, and the target if any.

    The KPIs are a management profile's when the config names one, else chosen by what the data
    supports (:func:`crmanalysis.analyses.headline.cards`); the target and score are the company's of the month.
    """
    from .analyses.headline import cards
    from .analyses.kinds import NEVER_TARGETED, management_kpis
    from .analyses.scorecard import change_drivers, zero_amounts

    c = cards(client.data, client.month, first=management_kpis(client.data.config.profiles))
    client.kpis_shown.update(c["kpi"])
    # a target is the report month's: cards of an earlier month (no activity since) have none
    if len(scores) and {"level", "period"} <= set(scores) and (c["month"].isna() | (c["month"] == client.month)).all():
        company = scores[(scores["level"] == "company") & (scores["period"] == "M")]
        c = c.merge(company[["kpi", "target", "score", "status"]].drop_duplicates("kpi"), on="kpi", how="left")
        # an insight KPI (a win rate, a deal size) that the targets leave out joins them later: in the plan's month
        # for it, else that many months into a plan yet to be agreed ("plan"); a grey card says when, where one
        # short of history has a row without a target
        reg = K.registry_for(client.data)
        when = client.plan.insight_from if client.plan is not None else "plan"
        # what comes in (the cases customers open) is no target ever ("never"): RavenStack's grey card said nothing
        c["later"] = ["never" if k in NEVER_TARGETED else when if k in reg and reg[k].kind == "insight"
                      and k not in set(company["kpi"]) else "" for k in c["kpi"]]
    else:
        c = c.assign(target=np.nan, score=np.nan, status="", later="")
    c = _baseline_as_usual(client, c, scores)
    c["status"] = c["status"].fillna("")
    rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in c.to_dict("records")]
    drivers = change_drivers(client.data, rows, window=client.window)
    # a won deal at 0, left out of the average deal size: said on its card, and after its change
    for r in rows:
        if r["kpi"] == "average_deal_size" and r.get("month"):
            drivers[r["kpi"]] = zero_amounts(client.data, r["month"], window=client.window) or drivers.get(r["kpi"])
    return [{**r, "driver": drivers.get(r["kpi"])} for r in rows]


def _baseline_as_usual(client: NotebookClient, c: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Cards whose target was suggested from the months right before: their usual month is that baseline.

    Acumatica's page 1 compared September with "the median month of September 2022 – August 2023
    (€924,800)" beside a target 5 % above the baseline of March – August 2023 (€1,206,162): two usual
    months for one KPI. A plan's baseline was agreed months ago and stays the plan's; a level (the open
    pipeline) has no median month; a baseline of fewer than :data:`~crmanalysis.analyses.headline.USUAL_MONTHS`
    months is none.
    """
    from .analyses.headline import USUAL_MONTHS

    need = {"level", "period", "baseline", "window_start", "window_end", "n_periods", "stock"}
    if client.plan is not None or not len(c) or not need <= set(scores):
        return c
    company = scores[(scores["level"] == "company") & (scores["period"] == "M") & ~scores["stock"].fillna(False)
                     & (scores["n_periods"] >= USUAL_MONTHS) & scores["baseline"].notna()].drop_duplicates("kpi")
    base = company.set_index("kpi").reindex(c["kpi"])
    last = pd.to_datetime(base["window_end"]).dt.to_period("M").astype(str).to_numpy()
    before = (pd.PeriodIndex(c["month"].fillna(client.month), freq="M") - 1).astype(str).to_numpy()
    use = base["baseline"].notna().to_numpy() & (last == before)
    first = pd.to_datetime(base["window_start"]).dt.to_period("M").astype(str).to_numpy()
    return c.assign(usual=np.where(use, base["baseline"].to_numpy(dtype=float), c["usual"]),
                    usual_from=np.where(use, first, c["usual_from"]), usual_to=np.where(use, last, c["usual_to"]))


def targets_sentence(client: NotebookClient, uplift: float, tg: pd.DataFrame | None = None) -> str:
    """Where the month's targets come from, in one sentence for the first page: the plan, or suggestions.

    Suggestions name the baseline months of *tg* (the targets): "better than the months before" left a
    director asking which.
    """
    from .analyses import plan as P
    from .i18n import fmt_pct

    p = client.plan
    if p is None:
        monthly = tg[(tg["period"] == "M") & tg["window_start"].notna()] if tg is not None and "window_start" in tg \
            else pd.DataFrame()
        if monthly.empty:
            return t("plan.targets_suggested", client.lang, pct=fmt_pct(uplift, client.lang))
        end = pd.to_datetime(monthly["window_end"]).max()
        return t("plan.targets_suggested_months", client.lang, pct=fmt_pct(uplift, client.lang),
                 start=fmt_month(pd.to_datetime(monthly["window_start"]).min(), client.lang),
                 end=fmt_month(end, client.lang)) + _start_sentence(client, monthly, end) + _halfway(client, monthly)
    k = P.months_between(p.baseline_month, client.month)
    # the step-up this month has reached: "5 % by default" read beside targets 10 % up looked like an error
    lift = P.month_lift(p, client.month)
    return t("plan.targets_agreed", client.lang, first=fmt_month(p.window[0] + "-01", client.lang),
             last=fmt_month(p.window[1] + "-01", client.lang), start=fmt_month(p.baseline_month + "-01", client.lang),
             n=k + 1, lift=fmt_pct(lift, client.lang, 0), step=fmt_pct(p.step_up.step, client.lang, 0),
             every=p.step_up.every, ceiling=fmt_pct(max(p.step_up.ceiling, p.uplift), client.lang, 0)) + (
        _halfway(client, tg.assign(uplift=lift)) if tg is not None else "")


def _halfway(client: NotebookClient, targets: pd.DataFrame) -> str:
    """" Near the top of a scale …": where a card's target of the month stopped halfway to 100 % or a score's 5.

    RavenStack's retention target of 99.3 % could not be read from its 98.6 % and "5 % better": near the top a
    step closes half of what is left (targets.short_of_perfection). Of the cards only, as the rest of the note:
    said of Polderbouw's retention, which no card shows, it cost page 1 a finding.
    """
    from .analyses.targets import stopped_halfway

    return " " + t("plan.targets_halfway", client.lang) if set(stopped_halfway(targets)) & _card_kpis(client) else ""


def _card_kpis(client: NotebookClient) -> set[str]:
    """The KPIs of page 1's cards (:func:`crmanalysis.analyses.kinds.page_one_kpis`)."""
    from .analyses.kinds import page_one_kpis

    return set(page_one_kpis(client.data, client.data.config.profiles))


def _start_sentence(client: NotebookClient, monthly: pd.DataFrame, end: pd.Timestamp) -> str:
    """What starts from other than the median month, or "".

    The stocks targeted (" Levels (MRR) start from where they stood at the end of November 2024 …") and
    the rates (" Rates (Win rate) start from the rate over those months together …").
    """
    from .analyses.baseline import is_stock, started_from_median
    from .kpis import kpi

    # the sentence stands above page 1's cards: it names their KPIs, not the ten others a profile targets
    # (Polderbouw's list of "rates and averages" pushed a finding to page 2), and only those that got a target
    # (a billing export's MRR of unknown months has none, and "Levels (MRR) start from …" spoke of nothing)
    targeted = monthly["target"].notna() if "target" in monthly else True
    monthly = monthly[monthly["kpi"].isin(_card_kpis(client)) & targeted]
    specs = [kpi(client.data, k) for k in dict.fromkeys(monthly["kpi"])]
    # named by each KPI's own label: a client's template KPI has no text of the catalogue
    # a stock that ended the baseline below its usual range starts from its median month-end instead
    company = monthly[monthly["level"] == "company"] if "level" in monthly else monthly
    dipped = set(company.loc[started_from_median(company), "kpi"])
    stocks = ", ".join(k.label(client.lang) for k in specs if is_stock(k) and k.id not in dipped)
    dips = ", ".join(k.label(client.lang) for k in specs if is_stock(k) and k.id in dipped)
    rates = ", ".join(k.label(client.lang) for k in specs if k.stat == "ratio" and not is_stock(k))
    said = [Note("plan.targets_level", kpis=stocks, month={"month": f"{end:%Y-%m}"})] if stocks else []
    said += [Note("plan.targets_level_dip", kpis=dips, month={"month": f"{end:%Y-%m}"})] if dips else []
    said += [Note("plan.targets_rate", kpis=rates)] if rates else []
    return "".join(" " + render(n, client.lang) for n in said)


def step_up_table(client: NotebookClient, tg: pd.DataFrame, uplift: float, months: int = 6) -> pd.DataFrame:
    """The company targets of the coming months: the plan's calendar, else a suggested climb from this target."""
    from .analyses import plan as P
    from .analyses import targets as T

    if client.plan is None:
        return T.step_up_for(tg, periods=months, step=uplift, first=client.month)
    cal = P.schedule(client.plan, P.months_between(client.plan.baseline_month, client.month) + months)
    keep = cal["kpi"].isin(_path_kpis(client)) & (cal["level"] == "company") & (cal["period"] == "M")
    return cal[keep & (cal["month"] >= client.month)].sort_values(["kpi", "month"])


def _path_kpis(client: NotebookClient) -> list[str]:
    rows = client.plan.rows
    have = set(rows.loc[(rows["level"] == "company") & (rows["period"] == "M") & (rows["phase"] == 1)
                        & rows["baseline"].notna() & (rows["baseline"] != 0), "kpi"])   # a KPI the plan can target
    return [k for k in PLAN_PATH_KPIS if k in have][:3]


def show_plan(client: NotebookClient) -> list[str]:
    """Progress against the plan; the sentences said (for the record and the first page's findings).

    Each main KPI's path since the baseline month, the scores per rep month by month, the largest
    changes since last month and the step-ups due. Without a plan: one sentence that the targets
    are suggestions, and how to agree a plan.
    """
    from . import plots
    from .analyses import plan as P

    lang = client.lang
    if client.plan is None and any(g["section"] == "sec.targets" for g in client.gaps):
        # no suggested targets to agree on: the closing box says a plan would show it. As a follower of the
        # targets' gap it took the needs of whichever section failed last ("With the agent and opening date
        # of service cases … Progress against the plan")
        raise NotComputable(detail=Note("nc.needs_plan"))
    if client.plan is None:
        md(t("plan.none", lang))
        return []                              # nothing to report as news: the sentence is the section
    kpis = _path_kpis(client)
    path = P.replay(client.plan, client.data, client.month)
    said = [render(n, lang) for n in client.plan_notes]
    for k in kpis:
        one = path[path["kpi"] == k]
        display(plots.plan_path(one, title=t("chart.plan_path", lang, kpi=client.kpi_names.get(k, k)),
                                unit=one["unit"].iloc[0], currency=client.currency, lang=lang))
    said += [render(n, lang) for n in P.step_up_news(client.plan, path, client.month, currency=client.currency)
             if n.params.get("kpi", {}).get("kpis", [""])[0] in kpis]
    md("\n\n".join(f"- {x}" for x in said))
    moved = _movers_sentences(client, P.movers(client.data, client.month, kpis))
    if moved:                                  # under a line that says what the list is, not after the step-ups
        prev = (pd.Period(client.month, "M") - 1).strftime("%Y-%m")
        md(t("plan.movers", lang, prev=fmt_month(prev + "-01", lang), month=client.month_label) + "\n\n"
           + "\n\n".join(f"- {x}" for x in moved))
    _rep_trend(client, kpis[:1])
    return said + moved


def _movers_sentences(client: NotebookClient, moved: pd.DataFrame) -> list[str]:
    from .i18n import fmt_value

    reg = K.registry_for(client.data)
    prev = fmt_month((pd.Period(client.month, "M") - 1).strftime("%Y-%m-01"), client.lang)
    parts: dict[str, list[str]] = {}       # a rep once, with each KPI that moved: Karin Peters stood in two bullets
    for r in moved.itertuples():
        parts.setdefault(str(r.entity_name), []).append(t(
            "plan.moved_kpi", client.lang, kpi=client.kpi_names.get(r.kpi, r.kpi),
            before=fmt_value(r.before, reg[r.kpi].unit, currency=client.currency, lang=client.lang),
            now=fmt_value(r.now, reg[r.kpi].unit, currency=client.currency, lang=client.lang), prev=prev,
            month=client.month_label))
    return [t("plan.moved", client.lang, name=name, kpis="; ".join(said)) for name, said in parts.items()]


def _rep_trend(client: NotebookClient, kpis: list[str]) -> None:
    """Each rep's score of the first path KPI in the last six months of the plan (a heatmap, rep × month)."""
    from . import plots
    from .analyses import plan as P

    if not kpis:
        return
    reps = P.replay(client.plan, client.data, client.month, level="rep")
    reps = reps[(reps["kpi"] == kpis[0]) & (reps["month"] > (pd.Period(client.month, "M") - 6).strftime("%Y-%m"))]
    if reps["score"].notna().any():
        order = sorted(reps["month"].unique())              # months in time order, not in alphabetical order
        labels = [fmt_month(m + "-01", client.lang) for m in order]
        reps = reps.assign(month=pd.Categorical(reps["month"].map(dict(zip(order, labels, strict=True))),
                                                categories=labels, ordered=True))
        display(plots.score_heatmap(reps, title=t("chart.rep_trend", client.lang, kpi=client.kpi_names.get(
            kpis[0], kpis[0])), lang=client.lang, col="month"))


def show_revenue_per_rep(client: NotebookClient, scores: pd.DataFrame) -> None:
    """Each rep's revenue of the month against its target, and the reps without one.

    Nothing for a client without deals: a call export's reps have calls, shown in the score chart above it.
    """
    from . import plots
    from .analyses import targets as T

    if not client.data.has("opportunities"):
        return
    per_rep = T.rep_scores(scores, kpi="new_revenue", untargeted=True)
    display(plots.target_vs_actual(per_rep, unit="money", currency=client.currency, lang=client.lang,
                                   title=t("chart.revenue_per_rep", client.lang, month=client.month_label)))
    md(T.untargeted_sentence(per_rep, client.lang))


def show_lags(client: NotebookClient, lags: pd.DataFrame) -> None:
    """The lag chart and its table; when not one lag has a correlation, why, as the section's one sentence.

    Every lag's reading then says the same ("no rep's months differ"): an empty chart over a table
    of four such rows told a director nothing the sentence does not.
    """
    from . import plots

    if lags["r"].isna().all():
        raise NotComputable(detail=lags["reading"].iloc[0])
    display(plots.lag_bars(lags, title=t("chart.lags", client.lang), lang=client.lang))
    show(client, lags, "lags")


def role_name(role: Any, lang: str) -> str:
    """A profile's role as the report names it: "Verkoper" for ``sales_rep`` in Dutch.

    A role without a text of its own is the config's key in words ("key_accounts" → "Key accounts").
    """
    from .texts import has

    key = f"role.{role}"
    return t(key, lang) if has(key) else str(role).replace("_", " ").capitalize()


def show_profiles(client: NotebookClient, warnings: list[Any]) -> None:
    """The check of the client's KPI profiles; a client without profiles has nothing to check.

    Saying that no profile is too large, of profiles nobody wrote, told a director nothing: the
    section is left out and the closing box says what profiles would add.
    """
    from .analyses.targets import profiles_sentence

    profiles = client.data.config.profiles
    if not profiles:
        raise NotComputable(detail=Note("nc.needs_profiles"))
    # the profiles themselves first: the check alone spoke of profiles the reader was never shown
    client.kpis_shown.update(k for prof in profiles.values() for k in (prof or {}).get("kpis", {}))
    md("\n".join(f"- **{role_name(role, client.lang)}**: "
                  + ", ".join(kpi_label(k, client.lang, client.kpi_names) for k in (prof or {}).get("kpis", {}))
                  for role, prof in profiles.items()))
    md(profiles_sentence(warnings, client.lang))


def show_my_kpis(client: NotebookClient, targets: pd.DataFrame,
                 page_one: Sequence[dict[str, Any]] = ()) -> pd.DataFrame:
    """Each rep's "my KPIs" card of the report month; a month that has ended shows its actual, without a forecast.

    A KPI whose card on page 1 (*page_one*) is of a month too thin to judge colours no rep's cell either: Salesforce's
    March 2022 (4 % of the usual month's revenue) left page 1 grey and the ranking out, but drew 14 reps red here.
    Returns the cards shown.
    """
    from .analyses.targets import my_kpis_all, thin_results

    cards = my_kpis_all(client.data, targets, window=client.window)
    thin = [c["kpi"] for c in thin_results(list(page_one)) if "kpi" in cards and c["kpi"] in set(cards["kpi"])]
    if thin and "status" in cards:          # only the KPIs the reps' cards hold
        cards = cards.assign(status=cards["status"].where(~cards["kpi"].isin(thin), ""))
    grey = t("s.cards_thin", client.lang, month=client.month_label,
             kpis=", ".join(kpi_label(k, client.lang, client.kpi_names) for k in thin)) if thin else ""
    if not client.window.complete:               # the data ends within the month: to date, and a forecast
        md(t("s.cards_open", client.lang, month=client.month_label) + (" " + grey if grey else ""))
        show_side_by_side(client, cards, "cards", ("rep",), ("month_to_date", "target", "forecast"))
        return cards
    md(t("s.cards_closed", client.lang, month=client.month_label) + (" " + grey if grey else ""))
    show_side_by_side(client, cards, "cards_closed", ("rep",), ("month_to_date", "target"))
    return cards


def show_actions(client: NotebookClient) -> pd.DataFrame:
    """What the revenue target asks of each rep this month, and with a win rate five points better.

    In deals to win, deals to decide and conversations; returns the table shown.
    """
    from .analyses import plan as P

    # a revenue target is broken into deals: without deals a plan would not make it computable
    client.data.require("opportunities")
    if client.plan is None:
        raise NotComputable(detail=Note("nc.needs_plan"))
    acts = P.action_targets(client.data, client.plan, client.month)
    # "won", "decided" and "held" named no month beside the baseline months of the intro
    p = client.plan
    md(t("s.actions_months", client.lang, month=client.month_label, start=fmt_month(p.window[0] + "-01", client.lang),
         end=fmt_month(p.window[1] + "-01", client.lang)))
    show(client, acts.assign(kpi="new_revenue"), "actions")
    better = P.action_targets(client.data, client.plan, client.month, win_rate_delta=0.05)
    both = pd.concat([acts[acts["level"] == "company"].assign(scenario=t("plan.scenario_now", client.lang)),
                      better[better["level"] == "company"].assign(scenario=t("plan.scenario_better", client.lang))])
    show(client, both.assign(kpi="win_rate"), "scenario")
    return acts


def quality_markdown(client: NotebookClient) -> str:
    """The data-quality summary (row accounting, errors and warnings) as Markdown."""
    q = client.quality
    tot = q.totals()
    lang = client.lang
    lines = [t("rows_summary", lang, read=fmt_number(tot["rows_read"], lang), kept=fmt_number(tot["rows_kept"], lang),
               rejected=fmt_number(tot["rows_rejected"], lang), excluded=fmt_number(tot["rows_excluded"], lang),
               errors=len(q.errors), warnings=sum(i["severity"] == "warning" for i in q.issues))]
    for i in q.issues:
        if i["severity"] in ("error", "warning"):
            msg = render(i["note"], client.lang) if "note" in i else i["message"]
            lines.append(f"- **{t('sev.' + i['severity'], client.lang)}** {i['file']} {i['column']}: {msg}")
    return "\n".join(lines)


def intro_markdown(client: NotebookClient) -> str:
    """The opening every analysis notebook shows: client, month, data up to, currency, then data quality."""
    head = t("s.header", client.lang, name=client.name, month=client.month, asof=f"{client.as_of:%Y-%m-%d}",
             cur=client.currency)
    return head + "\n\n" + quality_markdown(client)


__all__ += ["quality_markdown", "intro_markdown", "summary_record", "show_first", "targets_of", "baseline_trends",
            "baseline_of", "baseline_months_sentence", "late_start_sentence", "months_sentence", "go_live_sentence",
            "show_plan",
            "show_actions", "step_up_table", "show_by_month", "targets_sentence", "card_rows", "show_revenue_per_rep",
            "chapter_intro", "show_sensitivity"]
