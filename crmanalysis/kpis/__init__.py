"""KPI registry and computation (DESIGN §4).

>>> from crmanalysis import kpis
>>> kpis.list_kpis()                                   # the catalogue
>>> kpis.compute(data, kpis=["new_revenue", "win_rate"], by=["team"], period="M")

``compute`` returns one tidy frame: ``kpi, period, period_start, <by columns>, value,
numerator, denominator, n, note``. Ratio KPIs carry numerator and denominator so any
grain can be re-aggregated correctly; a KPI without a denominator is NaN with a note;
a KPI whose table the client lacks returns one row with the note "needs <table>".
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..data import ClientData, NotComputable
from . import catalogue as _catalogue  # noqa: F401  (registers the catalogue)
from .engine import OUT_COLUMNS, PERIODS, Context, PeriodAxis
from .registry import KPI, REGISTRY, UnknownKPIError, get_kpi, list_kpis
from .templates import config_kpis

__all__ = ["labels", "month_window", "compute",
           "list_kpis", "get_kpi", "KPI", "REGISTRY", "UnknownKPIError", "default_as_of", "data_start",
           "reaggregate", "CORE_KPIS", "kpi_options"]

CORE_KPIS = ("new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days", "calls",
             "meetings", "sales_conversations", "open_pipeline_value")


def month_window(month: str, months: int = 1) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first instant, last instant) of the *months* whole months ending with *month* (``YYYY-MM``)."""
    first = pd.Timestamp(month + "-01")
    end = first + pd.offsets.MonthBegin(1) - pd.Timedelta(1, "ns")
    return first - pd.DateOffset(months=months - 1), end


def labels(kpi_ids, lang: str = "en") -> list[str]:
    """Display labels of KPI ids in *lang* (unknown ids are returned as given)."""
    return [REGISTRY[k].label(lang) if k in REGISTRY else str(k) for k in kpi_ids]


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



def _registry_for(data: ClientData, extra: dict[str, Any] | None) -> dict[str, KPI]:
    reg = dict(REGISTRY)
    templates = dict(data.config.kpi_templates or {})
    templates.update(extra or {})
    if templates:
        reg.update(config_kpis(templates, reg))
    return reg


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
        ``kpi, period, period_start, <by>, value, numerator, denominator, n, note``.
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    reg = _registry_for(data, templates)
    if kpis is None:
        ids = list(reg)
    elif isinstance(kpis, str):
        ids = [k.strip() for k in kpis.split(",") if k.strip()]
    else:
        ids = list(kpis)
    specs = [get_kpi(k, reg) for k in ids]
    by_list = [by] if isinstance(by, str) else list(by or [])
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
    ctx = Context(data=data, by=by_list, axis=axis, first=c0, last=c1, as_of=as_of_ts, t_start=start_ts,
                  t_end=end_ts)
    frames = []
    cols = ["kpi", "period", "period_start", *by_list] + OUT_COLUMNS[3:]
    for spec in specs:
        missing = [t for t in spec.tables if not data.has(t)]
        if missing:
            frames.append(_note_row(spec.id, cols, f"needs {', '.join(missing)}"))
            continue
        undated = _empty_date(data, spec)
        if undated:                              # e.g. cases without any closed_at: say so, never a row of zeros
            frames.append(_note_row(spec.id, cols, f"needs {undated}"))
            continue
        given = (options or {}).get(spec.id, {})
        unknown = sorted(set(given) - set(kpi_options(spec)))
        if unknown:
            valid = ", ".join(kpi_options(spec)) or "none"
            raise ValueError(f"KPI {spec.id}: unknown option {unknown[0]!r}; valid options: {valid}")
        opts = {**spec.options, **given}
        try:
            res, notes = spec.fn(ctx, **opts)
        except NotComputable as exc:            # missing data is a note; anything else is a bug
            frames.append(_note_row(spec.id, cols, exc.message))
            continue
        if res is None:
            frames.append(_note_row(spec.id, cols, "; ".join(notes)))
            continue
        res = res.copy()
        res.insert(0, "kpi", spec.id)
        res["note"] = _merge_notes(res, spec, notes)
        frames.append(res[cols])
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    out["n"] = out["n"].fillna(0).astype("int64")
    return out


def _empty_date(data: ClientData, spec: KPI) -> str:
    """``table.column`` when the KPI's dating column (its ``date``, a plain column) has no value at all."""
    col = spec.date.split()[0] if spec.date else ""
    table = spec.tables[0] if spec.tables else ""
    if not col.isidentifier() or not table or table not in data.tables:
        return ""
    df = data.tables[table]
    if col in df and len(df) and not df[col].notna().any():
        return f"{table}.{col}"
    return ""


def kpi_options(spec: KPI) -> list[str]:
    """The options a KPI takes: the keyword parameters of its function (besides the context)."""
    import inspect

    params = inspect.signature(spec.fn).parameters.values()
    return [p.name for p in params if p.name not in ("ctx", "_t") and not p.name.startswith("_")
            and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _note_row(kpi_id: str, cols: list[str], note: str) -> pd.DataFrame:
    row = {c: np.nan for c in cols}
    row.update({"kpi": kpi_id, "period": None, "period_start": pd.NaT, "note": note, "n": 0})
    return pd.DataFrame([row], columns=cols)


def _merge_notes(res: pd.DataFrame, spec: KPI, notes: list[str]) -> pd.Series:
    row_note = res["note"].fillna("").astype(str)
    undefined = res["value"].isna() & (row_note == "")
    if spec.stat == "ratio":
        reason = "no denominator in period (undefined, not 0)"
    elif spec.stat in ("median", "mean"):
        reason = "no rows in period (undefined, not 0)"
    else:
        reason = "no data for period"
    row_note = row_note.where(~undefined, reason)
    general = "; ".join(notes)
    if general:
        row_note = np.where(row_note == "", general, row_note + "; " + general)
    return pd.Series(row_note, index=res.index)


def reaggregate(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Roll a KPI frame up to coarser *by* columns (sum / ratio KPIs only; medians need rows).

    Additive KPIs sum their values; ratio KPIs divide the summed numerator by the summed
    denominator — never a mean of the finer ratios.
    """
    keys = ["kpi", "period", "period_start", *by]
    out = []
    for kpi_id, part in frame.groupby("kpi", sort=False):
        spec = REGISTRY.get(kpi_id)
        stat = spec.stat if spec else "sum"
        if stat in ("median",):
            raise ValueError(f"{kpi_id} is a median: recompute it from rows with compute(by={by})")
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
