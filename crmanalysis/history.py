"""The engagement's memory: every run's first numbers, scores and findings, month by month, in Parquet.

``<out>/<client>/history/<YYYY-MM>.parquet`` holds one client-month: one row per first number
(``record = "headline"``), per score of a KPI and entity against its target (``"score"``) and per
finding (``"finding"``), and in the file's metadata the digest of the exports it was computed from,
when, and whether a plan set the targets. A rerun of a month replaces its file (written to a
temporary name and renamed: one writer per client-month, safe on a shared folder when the batch
runs on a Dask cluster). Any tool that reads Parquet queries the store: ``pandas.read_parquet``
on the folder reads every month, DuckDB reads ``history/*.parquet``.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from .i18n import render

__all__ = ["COLUMNS", "history_dir", "rows_from_results", "write_month", "read_history", "month_meta", "clients",
           "company_scores"]

COLUMNS = ["month", "record", "kind", "kpi", "period", "level", "entity", "entity_name", "unit", "value", "target",
           "score", "status", "text"]
_TEXT = ["record", "kind", "kpi", "period", "level", "entity", "entity_name", "unit", "status", "text"]


def history_dir(out_root: str | Path, client_id: str) -> Path:
    """Where a client's months are kept."""
    return Path(out_root) / client_id / "history"


def rows_from_results(month: str, results: dict[str, Any], findings: list[str]) -> pd.DataFrame:
    """The rows to keep of one run: notebook 01's first numbers, notebook 02's scores, the findings."""
    rows = [{"record": "headline", "kind": r.get("kind"), "kpi": r.get("kpi"), "period": r.get("period"),
             "level": "company", "entity": "all", "unit": r.get("unit"), "value": r.get("value"),
             "text": render(r.get("note") or "", "en")} for r in results.get("01_baseline", {}).get("headline") or []]
    from .analyses.headline import uncoloured

    # the status as page 1 shows it: the portfolio index drew Salesforce's March 2022 red at 3 % while its report
    # withheld the colour of a month below a third of the usual one
    doubted = uncoloured(results)
    rows += [{"record": "score", "kpi": r.get("kpi"), "period": r.get("period"), "level": r.get("level"),
              "entity": r.get("entity"), "entity_name": r.get("entity_name"), "unit": r.get("unit"),
              "value": r.get("actual"), "target": r.get("target"), "score": r.get("score"),
              "status": "" if r.get("level") == "company" and r.get("kpi") in doubted else r.get("status") or ""}
             for r in results.get("02_targets", {}).get("scores") or []]
    rows += [{"record": "finding", "text": str(f)} for f in findings]
    out = pd.DataFrame(rows, columns=COLUMNS).assign(month=month)
    for c in _TEXT:
        out[c] = out[c].astype("string")
    for c in ("value", "target", "score"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out[COLUMNS]


def write_month(out_root: str | Path, client_id: str, month: str, rows: pd.DataFrame, meta: dict[str, str]) -> Path:
    """Keep one client-month, replacing an earlier run of it.

    *meta* holds the exports' digest, the run time and the plan digest.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = history_dir(out_root, client_id)
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(rows, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           **{f"crm.{k}".encode(): str(v).encode() for k, v in meta.items()}})
    final = folder / f"{month}.parquet"
    tmp = folder / f".{month}.{uuid.uuid4().hex[:8]}.tmp"
    pq.write_table(table, tmp)
    os.replace(tmp, final)
    return final


def month_meta(out_root: str | Path, client_id: str, month: str) -> dict[str, str]:
    """The metadata a month was kept with ({} when the month was never run)."""
    import pyarrow.parquet as pq

    path = history_dir(out_root, client_id) / f"{month}.parquet"
    if not path.exists():
        return {}
    meta = pq.read_schema(path).metadata or {}
    return {k.decode()[4:]: v.decode() for k, v in meta.items() if k.startswith(b"crm.")}


def read_history(out_root: str | Path, client_id: str) -> pd.DataFrame:
    """Every kept month of a client, oldest first (an empty frame with :data:`COLUMNS` when none)."""
    folder = history_dir(out_root, client_id)
    files = sorted(folder.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].parquet")) if folder.is_dir() else []
    if not files:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def clients(out_root: str | Path) -> list[str]:
    """The clients with at least one kept month under *out_root*."""
    root = Path(out_root)
    if not root.is_dir():
        return []
    return sorted(d.name for d in root.iterdir() if d.is_dir() and any(history_dir(root, d.name).glob("*.parquet")))


def company_scores(history: pd.DataFrame) -> pd.DataFrame:
    """The company's monthly scores over the kept months: month, kpi, value, target, score, status."""
    h = history[(history["record"] == "score") & (history["level"] == "company") & (history["period"] == "M")]
    return h[["month", "kpi", "value", "target", "score", "status"]].sort_values(["kpi", "month"], ignore_index=True)
