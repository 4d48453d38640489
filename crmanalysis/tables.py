"""One formatter for every table a client sees (report, notebook, Excel).

:func:`format_table` turns an analysis frame into a :class:`ReportTable`: the chosen columns
only (never an index), headers that are words in the report language, every value formatted
by its kind (money, percentages, counts, months, statuses, KPI labels …) in that language's
number format, and undefined values shown as "–" with the reason in a numbered footnote.

Column kinds (:data:`KINDS`):

``text``        as it is                          ``kpi``       a KPI value by the row's ``unit``
``money``       €12,500                           ``kpi_change`` a change of a KPI value (ratio: points)
``kpi_move``    a KPI's change as its card writes it: a ratio's in points, any other in percent of itself
``ratio``       0.256 → 25.6 %                    ``signed_pct`` +4.8 % (a value already in %)
``count``       whole numbers (1 decimal if not)  ``number``    *digits* decimals
``int``         whole numbers                     ``month``     June 2025 / juni 2025
``status``      red / amber / green, coloured     ``kpi_label`` a KPI id as its label
``level``       company / team / rep …            ``per``       M / W → per month / per week
``category``    a code translated as text ``<category><code>`` (e.g. ``quadrant.performer``)
``entity``      a name; ``all`` (the whole company) in words
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .i18n import Note, fmt_money, fmt_month, fmt_number, fmt_pct, fmt_score, fmt_value, kpi_label, render, value_digits
from .texts import has, t

__all__ = ["Col", "KINDS", "ReportTable", "format_table", "fmt_cell", "STATUS_COLOURS"]

KINDS = ("text", "kpi", "kpi_change", "kpi_move", "money", "ratio", "score", "signed_pct", "count", "number", "int",
         "month", "status", "kpi_label", "kpi_list", "level", "per", "category", "entity")
NUMERIC = {"kpi", "kpi_change", "kpi_move", "money", "ratio", "score", "signed_pct", "count", "number", "int"}
#: colour-blind-safe status colours (Okabe–Ito vermillion, orange, bluish green) on light backgrounds
STATUS_COLOURS = {"red": ("#fbe3d6", "#8a2e00"), "amber": ("#fff0cc", "#6b4e00"), "green": ("#d8f0e6", "#00573d")}
DASH = "–"


@dataclass(frozen=True)
class Col:
    """How one column is shown: its header (a text key, ``h.<English>`` by default) and its kind."""

    header: str
    kind: str = "text"
    digits: int = 1
    category: str = ""
    literal: bool = False          # *header* is the header itself (already in the report language)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; valid kinds: {', '.join(KINDS)}")

    def title(self, lang: str) -> str:
        """The header in *lang*."""
        if self.literal:
            return self.header
        key = self.header if "." in self.header.split(" ")[0] else f"h.{self.header}"
        return t(key, lang)


def _nan(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return isinstance(v, float) and math.isnan(v)
    except TypeError:
        return False


def _signed(s: str, v: float) -> str:
    """*s* with a plus when *v* is positive, a ± when *s* rounds to 0; joined to a currency symbol after it (U+2060).

    A line may break after a plus or hyphen-minus before a letter: Bitrix24's "-RUB11,700,000" ended a
    line in a lone "-".
    """
    if not any(ch in "123456789" for ch in s):       # rounds to nothing: neither grew nor fell
        return "±" + s.lstrip("-−\u2060")
    if v <= 0 or s.startswith(("-", "−")):
        return s
    return "+" + ("" if s[:1].isdigit() else "\u2060") + s


def _kpi_change(v: Any, col: Col, lang: str, currency: str, unit: str) -> str:
    if unit == "ratio":
        return _signed(fmt_number(float(v) * 100, lang, 1), float(v)) + " " + t("unit.pp", lang)
    if unit == "hours":          # a change of hours in tenths, however small: below an hour the hours themselves
        return _signed(fmt_number(float(v), lang, 1), float(v))   # show hundredths, not a change of two minutes
    return _signed(fmt_value(v, unit, currency=currency, lang=lang), float(v))


def _category(v: Any, col: Col, lang: str) -> str:
    if isinstance(v, dict | Note):
        return render(v, lang)
    return t(f"{col.category}{v}", lang) if v != "" else ""


#: kind -> formatter(value, column, lang, currency, unit) of every kind but kpi_label
_FORMATTERS: dict[str, Any] = {
    "kpi": lambda v, col, lang, cur, unit: fmt_value(v, unit, currency=cur, lang=lang),
    "kpi_change": _kpi_change,
    # a share moves in points, as page 1's cards say ("25.4 % (-6.9 points)", not "-21.4 %" of itself)
    "kpi_move": lambda v, col, lang, cur, unit: _kpi_change(v, col, lang, cur, unit) if unit == "ratio"
    else _signed(fmt_pct(float(v) / 100, lang, col.digits), float(v)),
    "money": lambda v, col, lang, cur, unit: fmt_money(v, cur, lang),
    "ratio": lambda v, col, lang, cur, unit: fmt_pct(v, lang, col.digits),
    "score": lambda v, col, lang, cur, unit: fmt_score(v, lang),
    "signed_pct": lambda v, col, lang, cur, unit: _signed(fmt_pct(float(v) / 100, lang, col.digits), float(v)),
    "count": lambda v, col, lang, cur, unit: fmt_number(v, lang, 0 if float(v) == round(float(v)) else 1),
    "number": lambda v, col, lang, cur, unit: fmt_number(v, lang, col.digits),
    "int": lambda v, col, lang, cur, unit: fmt_number(v, lang, 0),
    "month": lambda v, col, lang, cur, unit: fmt_month(v, lang),
    "status": lambda v, col, lang, cur, unit: t(f"status.{v}", lang) if v else "",
    "level": lambda v, col, lang, cur, unit: t(f"level.{v}", lang),
    "per": lambda v, col, lang, cur, unit: t(f"per.{v}", lang),
    "category": lambda v, col, lang, cur, unit: _category(v, col, lang),
    "entity": lambda v, col, lang, cur, unit: t(f"entity.{v}", lang) if has(f"entity.{v}") else str(v),
}


def fmt_cell(v: Any, col: Col, *, lang: str, currency: str = "EUR", unit: str = "count",
             kpi_names: dict[str, str] | None = None) -> str:
    """One value as a client reads it ("–" when undefined); *kpi_names* labels KPI ids (a client's templates)."""
    if _nan(v) or (isinstance(v, str) and v == "" and col.kind in NUMERIC):
        return DASH
    if col.kind == "kpi_label":
        return kpi_label(v, lang, kpi_names)
    if col.kind == "kpi_list":
        return ", ".join(kpi_label(k, lang, kpi_names) for k in (v.get("kpis", []) if isinstance(v, dict) else v))
    fmt = _FORMATTERS.get(col.kind)
    if fmt is not None:
        return fmt(v, col, lang, currency, unit)
    return render(v, lang) if isinstance(v, dict | str | list) else str(v)


#: the printed table: a line of an A4 page (182 mm) in points; a character of 8.5 pt DejaVu Sans taken
#: as wide as a digit (0.636 em, rounded up; words average 0.52-0.60 em), so no column is narrower than
#: its numbers; the padding of a cell (5 px each side)
PRINT_LINE_PT, CHAR_PT, PAD_PT = 516.0, 0.64 * 8.5, 7.5


#: a table of at most this many rows is kept on one page. Twenty kept Salesforce's ranking of 17 reps whole,
#: but the whitespace before the tables moved added 2-3 pages to the sample reports (Northwind 25 -> 28); a
#: longer table breaks, and its header is repeated on the next page
KEEP_ROWS = 12


@dataclass
class ReportTable:
    """A formatted table: display strings with translated headers, numeric columns, footnotes."""

    frame: pd.DataFrame                       # display strings; columns are the translated headers
    numeric: list[bool]
    footnotes: list[str] = field(default_factory=list)
    statuses: list[list[str]] = field(default_factory=list)   # per row, per column: a status code or ""
    caption: str = ""

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_html(self) -> str:
        """``<table class="rt">`` without an index, numbers right-aligned, statuses coloured, footnotes below."""
        esc = html.escape
        th = "".join(f'<th class="{"num" if n else "txt"}">{esc(str(c))}</th>'
                     for c, n in zip(self.frame.columns, self.numeric, strict=True))
        rows = []
        for r, values in enumerate(self.frame.itertuples(index=False)):
            cells = []
            for c, (v, n) in enumerate(zip(values, self.numeric, strict=True)):
                st = self.statuses[r][c] if self.statuses else ""
                style = ""
                if st in STATUS_COLOURS:
                    bg, fg = STATUS_COLOURS[st]
                    style = f' style="background:{bg};color:{fg};font-weight:600"'
                cells.append(f'<td class="{"num" if n else "txt"}{" status-" + st if st else ""}"{style}>'
                             f"{esc(str(v))}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cap = f"<caption>{esc(self.caption)}</caption>" if self.caption else ""
        notes = "".join(f"<p>{esc(n)}</p>" for n in self.footnotes)
        foot = f'<div class="footnotes">{notes}</div>' if notes else ""
        small = " small" if len(self.frame) <= KEEP_ROWS else ""    # a short table is never split over two pages
        pts = [c * CHAR_PT + PAD_PT for c in self.column_chars()]
        fixed, cols = "", ""
        if pts and sum(pts) <= PRINT_LINE_PT:        # it fits a printed line: print it with these widths
            fixed = " fixed"
            cols = "<colgroup>" + "".join(f'<col style="--w:{100 * w / sum(pts):.1f}%">' for w in pts) + \
                "</colgroup>"
        return (f'<div class="table-wrap{small}"><table class="rt{fixed}">{cap}{cols}'
                f'<thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>{foot}</div>')

    def column_chars(self, longest: int = 40) -> list[int]:
        """Each column's width in characters: its longest value (at most *longest*) or its header's longest word.

        Longer values wrap. A table that fits a printed line (:data:`PRINT_LINE_PT`) is printed with these widths
        (``table-layout: fixed``) instead of measuring every cell twice for its narrowest and widest
        fit: the PDF of a small client took 15 % less time. A screen ignores them.
        """
        text = self.frame.astype("string").fillna("")
        cells = [math.ceil(_digits(text.iloc[:, i]).max()) if len(text) else 0 for i in range(text.shape[1])]
        heads = [math.ceil(_digits(pd.Series(str(c).split() or [""], dtype="string")).max())
                 for c in self.frame.columns]
        return [min(max(c, h, 1), longest) for c, h in zip(cells, heads, strict=True)]


#: the letters of DejaVu Sans wider than a digit (0.636 em), and by how many digits: a column of "company"
#: (39.2 pt) got its 7 digits' width (38.1 pt) and printed "compan" above "y"
WIDER = {"m": 0.53, "w": 0.29, "M": 0.36, "W": 0.56, "%": 0.5, "@": 0.6, "&": 0.23, "D": 0.21, "G": 0.22,
         "H": 0.18, "N": 0.18, "O": 0.24, "Q": 0.24, "U": 0.15, "C": 0.1, "R": 0.09, "A": 0.08, "B": 0.08,
         "V": 0.08, "X": 0.08, "Z": 0.08, "K": 0.03}


def _digits(text: pd.Series) -> pd.Series:
    """Each text's width in digits of the printed font: its length, plus what its wider letters add."""
    width = text.str.len().astype("float64")
    for ch, more in WIDER.items():
        width += more * text.str.count(re.escape(ch))
    return width


_MARKS = "¹²³⁴⁵⁶⁷⁸⁹"


def _mark(i: int) -> str:
    return "".join(_MARKS[int(d) - 1] if d != "0" else "⁰" for d in str(i))


def _reasons(value: Any, lang: str) -> list[str]:
    """A row's reasons as footnote texts: a list of notes is one footnote each.

    "small sample" then has one number whether it comes alone or after "no won deals" (Salesforce's efficiency
    table numbered the pair ¹, and the same "small sample" ² and ³ in the rows beside it).
    """
    if _nan(value) or value is None:
        return []
    parts = value if isinstance(value, list) else [value]
    said = [render(p, lang) if isinstance(p, dict | str | list) else str(p) for p in parts if not _nan(p) and p != ""]
    return [x for x in said if x]


def _blank_text(s: pd.Series, col: Col) -> bool:
    """A text column with no value in any row: a dimension the client's data does not have (a team nobody is in)."""
    if col.kind not in ("text", "category") or s.empty:
        return False
    return bool(s.astype("string").fillna("").str.strip().eq("").all())


def steady_digits(df: pd.DataFrame, before: str, after: str, change: str, unit_col: str = "unit") -> pd.Series:
    """Per row, the decimals to add to *before* and *after* so that their shown difference is the shown *change*.

    CSAT 3.74 -> 3.66 read "3.7 -> 3.7, change -0.1"; with one more decimal it reads 3.74 -> 3.66. At most one
    more (a third decimal reads as a raw number), and the shown change need only be a rounding of the shown
    difference; money (whose cents follow its size) and rows without the three values get none.
    """
    extra = []
    units = df[unit_col] if unit_col in df else pd.Series("count", index=df.index)
    for unit, b, a, c in zip(units, df[before], df[after], df[change], strict=True):
        if unit == "money" or any(_nan(v) for v in (b, a, c)):
            extra.append(0)
            continue
        scale = 100.0 if unit == "ratio" else 1.0
        base, shown = value_digits(unit, b, a), value_digits(unit, c)
        want, half = round(float(c) * scale, shown), 0.5 * 10.0 ** -shown + 1e-9
        # a score already shows two decimals: a third reads as a raw number (Polderbouw's CSAT "3,706")
        extra.append(next((d for d in range(1 if base >= 2 else 2) if abs(round(float(a) * scale, base + d)
                                                      - round(float(b) * scale, base + d) - want) <= half), 0))
    return pd.Series(extra, index=df.index, dtype="int64")


def format_table(df: pd.DataFrame, columns: dict[str, Col | tuple | str], *, lang: str = "en",
                 currency: str = "EUR", note: str | None = None, unit_col: str = "unit",
                 undefined: str = "s.undefined", caption: str = "",
                 kpi_names: dict[str, str] | None = None, drop_empty: bool = False,
                 steady: tuple[str, str, str] | None = None) -> ReportTable:
    """Format *df* for a reader: *columns* (in order) as ``{column: Col(header, kind)}``.

    *note* names a column of reasons (text or :class:`~crmanalysis.i18n.Note`): a row's reason
    becomes a numbered footnote, marked on the row's undefined cells (or on its first cell).
    Undefined cells of rows without a reason point to the general footnote *undefined*.
    *drop_empty*: a measure no row has a value of (cases closed of a log without closing times) is
    left out and named in one footnote, where it was a column of dashes, as long as one measure stays.
    *steady* ``(before, after, change)``: a row's before and after get the decimals their shown difference
    needs to be the shown change (:func:`steady_digits`).
    """
    cols = {c: (spec if isinstance(spec, Col) else Col(*spec) if isinstance(spec, tuple) else Col(spec))
            for c, spec in columns.items()}
    present = [c for c in cols if c in df.columns and not (c != next(iter(cols)) and _blank_text(df[c], cols[c]))]
    empty: list[str] = []
    if drop_empty and len(df):
        measures = [c for c in present[1:] if cols[c].kind in NUMERIC]
        empty = [c for c in measures if not pd.to_numeric(df[c], errors="coerce").notna().any()]
        empty = empty if len(empty) < len(measures) else []
        present = [c for c in present if c not in empty]
    units = df[unit_col] if unit_col in df.columns else pd.Series("count", index=df.index)
    more = steady_digits(df, *steady, unit_col=unit_col) if steady and len(df) and set(steady) <= set(df) \
        else pd.Series(0, index=df.index)
    reasons = df[note] if note and note in df.columns else pd.Series("", index=df.index)
    footnotes: list[str] = []

    def foot(texts: list[str]) -> str:
        for text in texts:
            if text not in footnotes:
                footnotes.append(text)
        return ",".join(_mark(footnotes.index(text) + 1) for text in texts)

    out: dict[str, list[str]] = {c: [] for c in present}
    statuses: list[list[str]] = []
    for i, (_, row) in enumerate(df.iterrows()):                 # display tables: tens of rows
        reason = _reasons(reasons.iloc[i], lang)
        marked = False
        srow = []
        for c in present:
            col = cols[c]
            s = fmt_cell(row[c], col, lang=lang, currency=currency, unit=str(units.iloc[i]), kpi_names=kpi_names)
            if more.iloc[i] and steady and c in steady[:2] and not _nan(row[c]):
                s = fmt_value(row[c], str(units.iloc[i]), currency=currency, lang=lang, extra=int(more.iloc[i]))
            if s == DASH and col.kind in NUMERIC | {"month"}:
                s += foot(reason or [t(undefined, lang)])
                marked = marked or bool(reason)
            out[c].append(s)
            srow.append(str(row[c]) if col.kind == "status" and not _nan(row[c]) else "")
        if reason and not marked and present:
            out[present[0]][-1] += foot(reason)
        statuses.append(srow)
    titles = [cols[c].title(lang) for c in present]
    if len(set(titles)) < len(titles):
        raise ValueError(f"two columns have the same header in {lang!r}: {titles}")
    frame = pd.DataFrame(dict(zip(titles, (out[c] for c in present), strict=True)))
    notes = [f"{_mark(i)} {n}" for i, n in enumerate(footnotes, start=1)]
    if empty:
        notes.append(t("s.columns_empty", lang, cols=", ".join(cols[c].title(lang) for c in empty)))
    return ReportTable(frame, [cols[c].kind in NUMERIC for c in present], notes, statuses, caption)
