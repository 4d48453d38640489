"""Helpers that keep the analysis notebooks thin: open a client, show tables, record results.

Results a test or the batch needs are recorded with :func:`record`: a display output with
the MIME type ``application/vnd.crmanalysis.result+json`` (invisible in HTML reports), read
back from an executed notebook with :func:`read_results`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import kpis as K
from .data import ClientData
from .i18n import fmt_value, t
from .ingest import DataQualityReport, load_client

__all__ = ["NotebookClient", "open_client", "record", "read_results", "show_table", "md", "MIME",
           "report_month"]

MIME = "application/vnd.crmanalysis.result+json"


@dataclass
class NotebookClient:
    """What every analysis notebook starts from."""

    data: ClientData
    quality: DataQualityReport
    month: str                 # report month YYYY-MM
    month_start: pd.Timestamp
    month_end: pd.Timestamp
    as_of: pd.Timestamp
    lang: str
    currency: str

    @property
    def baseline_date(self) -> pd.Timestamp:
        """The instant before the report month: baselines use complete months before it."""
        return self.month_start - pd.Timedelta(1, "ns")

    @property
    def name(self) -> str:
        """Client display name."""
        return self.data.config.display_name


def report_month(as_of: pd.Timestamp) -> str:
    """The last complete month of the data: as_of's month if as_of is on its last day, else the one before."""
    month_end = as_of.normalize() + pd.offsets.MonthEnd(0)
    if as_of.normalize() == month_end.normalize():
        return as_of.strftime("%Y-%m")
    return (as_of.normalize() - pd.offsets.MonthBegin(1) - pd.Timedelta(days=1)).strftime("%Y-%m")


def open_client(config: str | Path, *, month: str = "", language: str = "") -> NotebookClient:
    """Ingest the client's exports and settle the report month and language.

    *month* ``""`` means the last complete month in the data; *language* ``""`` the
    client's configured language.
    """
    data, quality = load_client(config)
    data_end = K.default_as_of(data)
    month = month or report_month(data_end)
    m0 = pd.Timestamp(month + "-01")
    m1 = m0 + pd.offsets.MonthEnd(0) + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    as_of = min(m1, data_end) if data_end >= m0 else m1
    lang = language or data.config.language
    return NotebookClient(data, quality, month, m0, m1, as_of, lang, data.config.currency)


def _jsonable(v: Any) -> Any:
    if isinstance(v, pd.DataFrame):
        return json.loads(v.to_json(orient="records", date_format="iso"))
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
                out[payload["name"]] = payload["value"]
    return out


def md(text: str) -> None:
    """Display Markdown."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def show_table(df: pd.DataFrame, *, columns: dict[str, str], lang: str = "en", currency: str = "EUR",
               unit_col: str | None = "unit", value_cols: tuple[str, ...] = (), pct_cols: tuple[str, ...] = ()
               ) -> pd.DataFrame:
    """A display copy of *df*: selected columns renamed, KPI values formatted by their unit."""
    view = df.copy()
    for c in value_cols:
        if c in view:
            units = view[unit_col] if unit_col and unit_col in view else pd.Series("count", index=view.index)
            view[c] = [fmt_value(v, u, currency=currency, lang=lang) for v, u in zip(view[c], units, strict=True)]
    for c in pct_cols:
        if c in view:
            view[c] = [fmt_value(v, "ratio", lang=lang) for v in view[c]]
    if "status" in view:
        view["status"] = view["status"].map(lambda s: t(s, lang) if s else "")
    view = view[[c for c in columns if c in view]].rename(columns=columns)
    return view.reset_index(drop=True)


def quality_markdown(client: NotebookClient) -> str:
    """The data-quality summary (row accounting, errors and warnings) as Markdown."""
    q = client.quality
    tot = q.totals()
    lines = [t("rows_summary", client.lang, read=f"{tot['rows_read']:,}", kept=f"{tot['rows_kept']:,}",
               rejected=f"{tot['rows_rejected']:,}", excluded=f"{tot['rows_excluded']:,}",
               errors=len(q.errors), warnings=sum(i["severity"] == "warning" for i in q.issues))]
    for i in q.issues:
        if i["severity"] in ("error", "warning"):
            lines.append(f"- **{i['severity']}** {i['file']} {i['column']}: {i['message']}")
    return "\n".join(lines)


__all__ += ["quality_markdown"]
