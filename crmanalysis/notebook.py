"""Helpers that keep the analysis notebooks thin: open a client, show tables, record results.

Results a test or the batch needs are recorded with :func:`record`: a display output with
the MIME type ``application/vnd.crmanalysis.result+json`` (invisible in HTML reports), read
back from an executed notebook with :func:`read_results`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import kpis as K
from .data import ClientData, NotComputable
from .i18n import fmt_number, fmt_value, render, t
from .io import DataQualityReport, load_client

__all__ = ["NotebookClient", "open_client", "section", "note_missing", "record_gaps", "display",
           "pseudonymize", "record", "read_results", "show_table", "md", "MIME",
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
    gaps: list[str] = field(default_factory=list)   # one sentence per section the data cannot support

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
    data, quality = load_client(config)
    if anonymize:
        data = pseudonymize(data)
    data_end = K.default_as_of(data)
    month = month or report_month(data_end)
    m0, m1 = K.month_window(month)
    as_of = min(m1, data_end) if data_end >= m0 else m1
    lang = language or data.config.language
    return NotebookClient(data, quality, month, m0, m1, as_of, lang, data.config.currency)


@contextmanager
def section(client: NotebookClient, title_key: str = "") -> Iterator[None]:
    """Run one report section; when the data cannot support it, show one sentence instead.

    Only :class:`~crmanalysis.data.NotComputable` ("needs activities") is turned into that
    sentence and remembered in ``client.gaps``; any other exception is a bug and propagates.
    """
    try:
        yield
    except NotComputable as exc:
        title = t(title_key, client.lang) if title_key else ""
        what = ", ".join(exc.needs) + (f"; {exc.detail}" if exc.needs and exc.detail else "")
        sentence = t("s.needs", client.lang, what=what) if exc.needs else t("s.cannot", client.lang, what=exc.detail)
        client.gaps.append(f"{title}: {sentence}" if title else sentence)
        md(f"> {sentence}")


def note_missing(client: NotebookClient, title_key: str, missing: list[tuple[str, str, str]]) -> None:
    """Under a table that is shown in part: one sentence naming the rows left out and what they need.

    *missing* is ``(what, level, needs)`` per row left out (e.g. ``baseline.missing_starters``);
    the sentence is also remembered in ``client.gaps``.
    """
    from .texts import header

    if not missing:
        return
    by_need: dict[str, list[str]] = {}
    for what, level, needs in missing:
        by_need.setdefault(needs, []).append(f"{what} ({header(level, client.lang)})")
    parts = "; ".join(t("s.left_out_item", client.lang, rows=", ".join(dict.fromkeys(rows)), needs=needs)
                      for needs, rows in by_need.items())
    sentence = t("s.left_out", client.lang, what=parts)
    client.gaps.append(f"{t(title_key, client.lang)}: {sentence}")
    md(f"> {sentence}")


def record_gaps(client: NotebookClient) -> None:
    """Record the sentences of the sections this client's data could not support (the batch lists them)."""
    record("gaps", list(client.gaps))


def _jsonable(v: Any) -> Any:
    if isinstance(v, pd.DataFrame):                # "split" keeps the column order (nbformat sorts keys)
        return {"__frame__": json.loads(v.to_json(orient="split", index=False, date_format="iso"))}
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
    """Show *obj* (a table or figure) from inside a ``with section(...)`` block."""
    from IPython.display import display as _display

    _display(obj)


def md(text: str) -> None:
    """Display Markdown."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def show_table(df: pd.DataFrame, *, columns: dict[str, str], lang: str = "en", currency: str = "EUR",
               unit_col: str | None = "unit", value_cols: tuple[str, ...] = (), pct_cols: tuple[str, ...] = ()
               ) -> Any:
    """A display copy of *df*: selected columns renamed, KPI values formatted by their unit, no index."""
    view = df.copy()
    if "kpi" in view and "label" in view and lang != "en":       # KPI labels in the report language
        view["label"] = K.labels(view["kpi"], lang)
    for c in value_cols:
        if c in view:
            units = view[unit_col] if unit_col and unit_col in view else pd.Series("count", index=view.index)
            view[c] = [fmt_value(v, u, currency=currency, lang=lang) for v, u in zip(view[c], units, strict=True)]
    for c in pct_cols:
        if c in view:
            view[c] = [fmt_value(v, "ratio", lang=lang) for v in view[c]]
    if "status" in view:
        view["status"] = view["status"].map(lambda s: t(s, lang) if s else "")
    from .texts import header

    columns = {k: header(v, lang) for k, v in columns.items()}
    view = view[[c for c in columns if c in view]].rename(columns=columns).reset_index(drop=True)
    return view.style.hide(axis="index")


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


__all__ += ["quality_markdown", "intro_markdown"]
