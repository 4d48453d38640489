"""KPI registry and computation.

>>> from crmanalysis import kpis
>>> kpis.list_kpis()                                   # the catalogue
>>> kpis.compute(data, kpis=["new_revenue", "win_rate"], by=["team"], period="M")

``compute`` returns one tidy frame: ``kpi, period, period_start, <by columns>, value,
numerator, denominator, n, note``. Ratio KPIs carry numerator and denominator so any
grain can be re-aggregated correctly; a KPI without a denominator is NaN with a note;
a KPI whose table the client lacks returns one row with a note of what it needs (:func:`~crmanalysis.i18n.needs_note`).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from ..data import ClientData, NotComputable
from ..i18n import Note, needs_note
from . import catalogue as _catalogue  # noqa: F401  (registers the catalogue)
from .engine import OUT_COLUMNS, PERIODS, Context, PeriodAxis
from .registry import KPI, REGISTRY, DuplicateKPIError, UnknownKPIError, get_kpi, list_kpis, option_names
from .templates import config_kpis

__all__ = ["labels", "month_window", "compute", "registry_for", "kpi",
           "list_kpis", "get_kpi", "KPI", "REGISTRY", "UnknownKPIError", "DuplicateKPIError", "default_as_of",
           "data_start", "reaggregate", "CORE_KPIS", "kpi_options", "option_names"]

CORE_KPIS = ("new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days", "calls",
             "meetings", "sales_conversations", "open_pipeline_value")


def month_window(month: str, months: int = 1) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first instant, last instant) of the *months* whole months ending with *month* (``YYYY-MM``)."""
    first = pd.Timestamp(month + "-01")
    end = first + pd.offsets.MonthBegin(1) - pd.Timedelta(1, "ns")
    return first - pd.DateOffset(months=months - 1), end


def labels(kpi_ids, lang: str = "en", registry: dict[str, KPI] | None = None) -> list[str]:
    """Display labels of KPI ids in *lang*; unknown ids are returned as given.

    *registry*: a client's KPIs (:func:`registry_for`); default the catalogue.
    """
    reg = REGISTRY if registry is None else registry
    return [reg[k].label(lang) if k in reg else str(k) for k in kpi_ids]


def default_as_of(data: ClientData) -> pd.Timestamp:
    """The end of the data: the latest dated event of any kind that is not a plan (:meth:`ClientData.span`).

    Not the latest creation date: deals closed after the last deal was created count too.
    """
    last = data.span()[1]
    return last if last is not None else pd.Timestamp.today().normalize()


def data_start(data: ClientData) -> pd.Timestamp:
    """The first dated event in the data (the end of the data when nothing is dated)."""
    first = data.span()[0]
    return first if first is not None else default_as_of(data)



def registry_for(data: ClientData | None = None, extra: dict[str, Any] | None = None) -> dict[str, KPI]:
    """The KPIs of one client: the catalogue plus the client's ``kpi_templates`` (and *extra* templates).

    Built once per :class:`ClientData` and kept with it, so ``compute``, ``baseline``, the
    scorecard, targets and labels all see the same KPIs. Without *data*: the catalogue.
    A template named like a built-in KPI is a :class:`~crmanalysis.config.ConfigError`.
    """
    if data is None:
        return REGISTRY
    if not extra and "kpis" in data._memo:
        return data._memo["kpis"]
    reg = dict(REGISTRY)
    templates = {**(data.config.kpi_templates or {}), **(extra or {})}
    if templates:
        reg.update(config_kpis(templates, REGISTRY))
    if not extra:
        data._memo["kpis"] = reg
    return reg


def kpi(data: ClientData | None, kpi_id: str) -> KPI:
    """The KPI *kpi_id* of this client (its templates included); :class:`UnknownKPIError` lists the valid ids."""
    return get_kpi(kpi_id, registry_for(data))


def compute(data: ClientData, kpis: str | list[str] | tuple[str, ...] | None = None, *,
            by: list[str] | tuple[str, ...] | str | None = None, period: str = "M",
            start: Any = None, end: Any = None, as_of: Any = None,
            options: dict[str, dict[str, Any]] | None = None,
            templates: dict[str, Any] | None = None) -> pd.DataFrame:
    """Compute KPIs per period and entity.

    Parameters
    ----------
    data
        The client's canonical tables.
    kpis
        KPI ids (a list or a comma-separated string); default: every registered KPI plus the
        client's templates.
    by
        Entity columns, e.g. ``["team"]``, ``["owner_id"]`` (alias ``"rep"``), ``["region",
        "industry", "product_group"]``, ``["source_class"]``, ``["channel"]``.
    period
        ``"D"``, ``"W"`` (ISO weeks), ``"M"``, ``"Q"`` or ``"Y"``; quarters and years follow
        the client's ``fiscal_year_start``.
    start, end
        First and last date of the window (default: first opportunity to ``as_of``); rows dated
        outside it are not counted, even inside a period that straddles it.
    as_of
        The report date for snapshot KPIs (default: the end of the data).
    options
        Per-KPI options, e.g. ``{"win_rate": {"basis": "cohort"}}``.
    templates
        Extra template KPIs (same format as the config's ``kpi_templates``).

    Returns
    -------
    pandas.DataFrame
        ``kpi, period, period_start, <by>, value, numerator, denominator, n, note``. The same
        question asked again of the same client is answered from what it kept (:meth:`ClientData.kept`).
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    reg = registry_for(data, templates)
    if kpis is None:
        ids = list(reg)
    elif isinstance(kpis, str):
        ids = [k.strip() for k in kpis.split(",") if k.strip()]
    else:
        ids = list(kpis)
    specs = [get_kpi(k, reg) for k in ids]
    by_list = [by] if isinstance(by, str) else list(by or [])
    key = ("compute", tuple(ids), tuple(by_list), period, repr(start), repr(end), repr(as_of),
           json.dumps(options, sort_keys=True, default=str), json.dumps(templates, sort_keys=True, default=str))
    return data.kept(key, lambda: _compute(data, specs, by_list, period, start, end, as_of, options))


def _compute(data: ClientData, specs: list[KPI], by_list: list[str], period: str, start: Any, end: Any,
             as_of: Any, options: dict[str, dict[str, Any]] | None) -> pd.DataFrame:
    ctx = _context(data, by_list, period, start, end, as_of)
    cols = ["kpi", "period", "period_start", *by_list] + OUT_COLUMNS[3:]
    frames = [_compute_one(ctx, spec, cols, (options or {}).get(spec.id, {})) for spec in specs]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    out["n"] = out["n"].fillna(0).astype("int64")
    return out


def _context(data: ClientData, by: list[str], period: str, start: Any, end: Any, as_of: Any) -> Context:
    """The window and period axis of one computation (``start`` / ``end`` / ``as_of`` defaults: the data's span)."""
    as_of_ts = pd.Timestamp(as_of) if as_of is not None else default_as_of(data)
    start_ts = pd.Timestamp(start) if start is not None else data_start(data)
    end_ts = pd.Timestamp(end) if end is not None else as_of_ts
    if end is not None and end_ts == end_ts.normalize():
        end_ts = end_ts + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")      # a date means the whole day
    start_ts = start_ts.normalize() if start is None else start_ts
    axis = PeriodAxis(period, data.config.fiscal_year_start)
    c0, c1 = axis.code(start_ts), axis.code(end_ts)
    if c1 < c0:
        raise ValueError(f"end {end_ts.date()} is before start {start_ts.date()}")
    return Context(data=data, by=by, axis=axis, first=c0, last=c1, as_of=as_of_ts, t_start=start_ts, t_end=end_ts)


def _compute_one(ctx: Context, spec: KPI, cols: list[str], given: dict[str, Any]) -> pd.DataFrame:
    """One KPI's rows, or one row whose note says what it needs (a missing table, an empty date, …)."""
    missing = [t for t in spec.tables if not ctx.data.has(t)]
    if missing:
        return _note_row(spec.id, cols, needs_note(NotComputable(*missing)))
    undated = _empty_date(ctx.data, spec)
    if undated:                                  # e.g. cases without any closed_at: say so, never a row of zeros
        return _note_row(spec.id, cols, needs_note(NotComputable(undated)))
    unknown = sorted(set(given) - set(kpi_options(spec)))
    if unknown:
        valid = ", ".join(kpi_options(spec)) or "none"
        raise ValueError(f"KPI {spec.id}: unknown option {unknown[0]!r}; valid options: {valid}")
    try:
        res, notes = spec.fn(ctx, **{**spec.options, **given})
    except NotComputable as exc:                # missing data is a note; anything else is a bug
        return _note_row(spec.id, cols, needs_note(exc))
    if res is None:
        return _note_row(spec.id, cols, notes[0] if len(notes) == 1 else "; ".join(notes))
    res = res.copy()
    res.insert(0, "kpi", spec.id)
    res["note"] = _merge_notes(res, spec, notes)
    return res[cols]


def _empty_date(data: ClientData, spec: KPI) -> str:
    """``table.column`` of the first column the KPI reads that has no value at all, else "".

    Its dating column (its ``date``, a plain column), then the columns it counts with (``counts``):
    a blank closing time or status in every row would make every row a "no" and the KPI a 0.
    """
    table = spec.tables[0] if spec.tables else ""
    if not table or table not in data.tables:
        return ""
    df = data.tables[table]
    date = spec.date.split()[0] if spec.date else ""
    dated = [date] if date.isidentifier() and date in df else []      # a descriptive date ("as_of …") is none
    empty = [c for c in [*dated, *spec.counts] if len(df) and not (c in df and df[c].notna().any())]
    return f"{table}.{empty[0]}" if empty else ""


def kpi_options(spec: KPI) -> list[str]:
    """The options a KPI takes: the keyword parameters of its function (besides the context)."""
    return option_names(spec.fn, spec.options)


def _note_row(kpi_id: str, cols: list[str], note: Any) -> pd.DataFrame:
    row = {c: np.nan for c in cols}
    row.update({"kpi": kpi_id, "period": None, "period_start": pd.NaT, "n": 0})
    out = pd.DataFrame([row], columns=cols)
    out["note"] = pd.Series([note], dtype=object)      # object: the note stays a Note (its parts), not its words
    return out


#: the note of a period whose value is undefined (not 0): by the KPI's statistic
UNDEFINED = {"ratio": "note.no_denominator", "median": "note.no_rows", "mean": "note.no_rows"}
UNDEFINED_NOTES = (*dict.fromkeys(UNDEFINED.values()), "note.no_data")


def _merge_notes(res: pd.DataFrame, spec: KPI, notes: list[str]) -> pd.Series:
    # numpy, not pandas: it runs once per KPI per computation (some 150 times for one report), on
    # frames of a few hundred rows, where pandas' masking cost more than the notes themselves
    own = res["note"].to_numpy(dtype=object, na_value="")             # a row's note as it is: a Note stays one
    text = own.astype(str)
    blank = text == ""
    undefined = np.isnan(res["value"].to_numpy(dtype=float, na_value=np.nan)) & blank
    general = "; ".join(map(str, notes))
    out = own.copy()
    if general:
        out = np.where(blank, general, np.char.add(np.char.add(text, "; "), general)).astype(object)
    # an undefined period's note stays a note (its kind readable as data, its words in any language)
    reason = Note(UNDEFINED.get(spec.stat, "note.no_data"))
    out[undefined] = Note("note.both", first=reason, then=general) if general else reason
    return pd.Series(out, index=res.index, dtype=object)


def reaggregate(frame: pd.DataFrame, by: list[str], registry: dict[str, KPI] | None = None) -> pd.DataFrame:
    """Roll a KPI frame up to coarser *by* columns (reaggregable KPIs only: not medians).

    Additive KPIs sum their values; ratio KPIs divide the summed numerator by the summed
    denominator — never a mean of the finer ratios. *registry*: the client's
    (:func:`registry_for`), so its template KPIs roll up too; an id it does not know is an error.
    """
    keys = ["kpi", "period", "period_start", *by]
    out = []
    for kpi_id, part in frame.groupby("kpi", sort=False):
        spec = get_kpi(str(kpi_id), registry)
        stat = spec.stat
        if not spec.reaggregable:
            raise ValueError(f"{kpi_id} is a {stat}: recompute it from rows with compute(by={by})")
        g = part.groupby(keys, dropna=False, sort=True).agg(numerator=("numerator", "sum"),
                                                            denominator=("denominator", "sum"),
                                                            n=("n", "sum")).reset_index()
        if stat == "sum":
            g["value"] = g["numerator"]
            g["denominator"] = np.nan
        else:
            g["value"] = np.where(g["denominator"] != 0, g["numerator"] / g["denominator"].where(g["denominator"] != 0),
                                  np.nan)
        out.append(g)
    if not out:
        return pd.DataFrame(columns=keys + ["value", "numerator", "denominator", "n"])
    res = pd.concat(out, ignore_index=True)
    return res[keys + ["value", "numerator", "denominator", "n"]]
