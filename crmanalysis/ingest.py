"""Ingest client exports into canonical tables, with a data-quality report (DESIGN §2, §3).

``load_client(config)`` reads every file the client config names, maps it (vendor mapping,
the client's custom mapping, or canonical headers as-is), parses values per column, and
returns ``(ClientData, DataQualityReport)``. No row disappears silently: for every file,
rows read = rows kept + rows rejected + rows excluded, each rejection with its reason.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .config import ClientConfig, ConfigError, load_config
from .data import ClientData
from .i18n import Note
from .mappings import DETECT_HEADERS, VENDOR_MAPPINGS
from .readers import (
    ReadError,
    by_distinct,
    clean_text,
    factorize_text,
    first_occurrence,
    labels,
    parse_bools,
    parse_dates,
    parse_numbers,
    read_raw,
    spread,
)
from .schema import TABLES, coerce_table

__all__ = ["load_client", "ingest_file", "detect_source", "DataQualityReport", "IngestError"]

# tables that others look up (owner names → ids) are read first
_ORDER = ["users", "accounts", "campaigns", "leads", "opportunities", "opportunity_history",
          "activities", "quotes", "cases", "marketing_spend", "touchpoints", "contracts",
          "crm_costs", "financials"]
_MAX_ROWS_LISTED = 10


class IngestError(ValueError):
    """Ingest cannot continue (e.g. no opportunities file); the message says what to fix."""


@dataclass
class DataQualityReport:
    """What ingest found: row accounting per file, issues, and the assumptions it made."""

    client_id: str
    source: str = ""
    files: list[dict[str, Any]] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[pd.DataFrame] = field(default_factory=list)

    def add(self, severity: str, table: str, file: str, column: str | None, message: str | Note,
            fix: str = "", rows: Any = (), value: Any = None) -> None:
        """Record one issue (rows: the 1-based file rows concerned)."""
        rows = [int(r) for r in list(rows)]
        self.issues.append({
            "severity": severity, "table": table, "file": file, "column": column or "",
            "count": len(rows) if rows else 0, "rows": rows[:_MAX_ROWS_LISTED],
            "example": "" if value is None else str(value), "message": str(message), "fix": fix,
            # a translatable message keeps its key, so a report can show it in its own language
            **({"note": message.as_json()} if isinstance(message, Note) else {}),
        })

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Issues with severity ``error`` (rows rejected or a file not usable)."""
        return [i for i in self.issues if i["severity"] == "error"]

    def accounting(self) -> pd.DataFrame:
        """One row per file: rows_read, rows_kept, rows_rejected, rows_excluded, reconciles."""
        cols = ["table", "file", "source", "rows_read", "rows_kept", "rows_rejected", "rows_excluded"]
        df = pd.DataFrame(self.files, columns=cols)
        df["reconciles"] = df["rows_read"] == df["rows_kept"] + df["rows_rejected"] + df["rows_excluded"]
        return df

    def issues_frame(self) -> pd.DataFrame:
        """Issues as a frame (severity, table, file, column, count, rows, example, message, fix)."""
        cols = ["severity", "table", "file", "column", "count", "rows", "example", "message", "fix"]
        df = pd.DataFrame(self.issues, columns=cols)
        if not df.empty:
            df["rows"] = df["rows"].map(lambda r: ", ".join(map(str, r)))
        return df

    def rejected_rows(self) -> pd.DataFrame:
        """Every rejected row: table, file, row, column, value, reason."""
        if not self.rejected:
            return pd.DataFrame(columns=["table", "file", "row", "column", "value", "reason"])
        return pd.concat(self.rejected, ignore_index=True)

    def totals(self) -> dict[str, int]:
        """Totals over all files (rows read / kept / rejected / excluded)."""
        acc = self.accounting()
        return {k: int(acc[k].sum()) for k in ("rows_read", "rows_kept", "rows_rejected", "rows_excluded")}

    def summary(self) -> str:
        """Plain-text summary a consultant can paste into an e-mail."""
        t = self.totals()
        n_err = sum(1 for i in self.issues if i["severity"] == "error")
        n_warn = sum(1 for i in self.issues if i["severity"] == "warning")
        lines = [f"Data quality for {self.client_id} (source: {self.source}): "
                 f"{t['rows_read']} rows read = {t['rows_kept']} kept + {t['rows_rejected']} rejected"
                 f" + {t['rows_excluded']} excluded; {n_err} error(s), {n_warn} warning(s)."]
        for i in self.issues:
            where = f"{i['file']}" + (f", column {i['column']}" if i["column"] else "")
            rows = f", rows {', '.join(map(str, i['rows']))}" if i["rows"] else ""
            more = f" (+{i['count'] - len(i['rows'])} more)" if i["count"] > len(i["rows"]) else ""
            fix = f" Fix: {i['fix']}" if i["fix"] else ""
            lines.append(f"- {i['severity'].upper()}: {where}{rows}{more}: {i['message']}.{fix}")
        return "\n".join(lines)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.summary()

    def to_markdown(self) -> str:
        """The report as Markdown: summary, row accounting per file, issues with rows and fixes."""
        acc = self.accounting()
        lines = [f"# Data quality: {self.client_id}", "", self.summary().splitlines()[0], "",
                 "| table | file | read | kept | rejected | excluded |", "|---|---|---:|---:|---:|---:|"]
        lines += [f"| {r.table} | {r.file} | {r.rows_read} | {r.rows_kept} | {r.rows_rejected} "
                  f"| {r.rows_excluded} |" for r in acc.itertuples()]
        lines += ["", "| severity | table | file | column | rows | message | fix |", "|---|---|---|---|---|---|---|"]
        for i in self.issues:
            rows = ", ".join(map(str, i["rows"])) + (" …" if i["count"] > len(i["rows"]) else "")
            lines.append(f"| {i['severity']} | {i['table']} | {i['file']} | {i['column']} | {rows} | "
                         f"{i['message']} | {i['fix']} |")
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """The report as a standalone HTML page."""
        import html as _html

        acc = self.accounting().drop(columns=["reconciles"]).to_html(index=False, border=0)
        iss = self.issues_frame().to_html(index=False, border=0) if self.issues else "<p>No issues.</p>"
        return ("<!doctype html><html><head><meta charset='utf-8'><title>Data quality</title><style>body{font-family:"
                "sans-serif;margin:2em}td,th{padding:3px 8px;border-bottom:1px solid #ddd}</style></head><body>"
                f"<h1>Data quality: {_html.escape(self.client_id)}</h1>"
                f"<p>{_html.escape(self.summary().splitlines()[0])}</p><h2>Rows per file</h2>{acc}"
                f"<h2>Issues</h2>{iss}</body></html>")


# --------------------------------------------------------------------------------------
def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]


def detect_source(headers: list[str]) -> tuple[str | None, str]:
    """Guess the CRM from an opportunity export's headers; returns (vendor or None, note)."""
    low = {h.lower() for h in headers}
    scores = {v: len(low & keys) for v, keys in DETECT_HEADERS.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, s1), (second, s2) = ranked[0], ranked[1]
    if s1 < 2:
        return None, ("the headers match no known CRM export (Salesforce, HubSpot, Pipedrive, "
                      "Dynamics, Odoo, Zoho); add a custom mapping for this file")
    if s1 == s2:
        return None, (f"the headers fit both {best} and {second} equally well; set "
                      f"'source:' in the client config")
    return best, f"source detected as {best} from {s1} matching headers"


def _canonical_mapping(table: str, headers: list[str]) -> dict[str, Any] | None:
    """Identity mapping when the file has canonical headers (its id column and one more at least)."""
    low = {h.lower() for h in headers}
    canon_names = {c.name for c in TABLES[table]}
    first_id = TABLES[table][0].name
    if first_id not in low or len(low & canon_names) < 2:
        return None
    canon = {c.name for c in TABLES[table]}
    cols = {h: h for h in headers if h.lower() in canon}
    # non-canonical extra columns of canonical files (e.g. region, industry) are kept as text
    cols.update({h: h for h in headers if h.lower() not in canon})
    return {"columns": cols}


def _resolve(headers: list[str], wanted: list[str]) -> list[str]:
    """The export headers named by *wanted* (case-insensitive; of two equal headers the first)."""
    low: dict[str, str] = {}
    for h in headers:
        low.setdefault(h.lower(), h)
    return [low[w.lower()] for w in wanted if w.lower() in low]


def _same_headers(headers: list[str]) -> dict[str, list[str]]:
    """Headers that occur more than once (case-insensitively; the reader names repeats "Amount.1")."""
    groups: dict[str, list[str]] = {}
    for h in headers:
        groups.setdefault(re.sub(r"\.\d+$", "", h).lower(), []).append(h)
    return {k: v for k, v in groups.items() if len(v) > 1}


def _coalesce(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """First non-empty value per row among *cols* (stripped text; empty → missing)."""
    out = None
    for c in cols:
        v = clean_text(frame[c])
        out = v if out is None else out.fillna(v)
    return out


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_PARALLEL_ROWS = 50_000


def _map_columns(fn: Callable[[Any], Any], items: list[Any], rows: int) -> list[Any]:
    """``[fn(x) for x in items]``, on a small thread pool for large files (column work is GIL-free)."""
    global _POOL
    if rows < _PARALLEL_ROWS or len(items) < 2 or (os.cpu_count() or 1) < 2:
        return [fn(x) for x in items]
    with _POOL_LOCK:                       # the batch ingests clients on several threads at once
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1),
                                       thread_name_prefix="crmanalysis-ingest")
    return list(_POOL.map(fn, items))


def _dtype_of(table: str, col: str) -> str:
    for c in TABLES[table]:
        if c.name == col:
            return c.dtype
    return "str"


def ingest_file(path: str | Path, table: str, *, config: ClientConfig, report: DataQualityReport,
                mapping: dict[str, Any] | None = None, source: str | None = None,
                context: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Read and map one export file into canonical rows of *table*.

    Rows that cannot be used are rejected (listed in *report* with file, row, column and the
    fix); every row is accounted for in ``report.files``.
    """
    path = Path(path)
    context = context or {}
    fname = path.name
    locale = config.locale
    try:
        raw = read_raw(path, encoding=locale.get("encoding") if locale.get("encoding") != "utf-8-sig" else None)
    except ReadError as exc:
        report.add("error", table, fname, None, str(exc), "")
        report.files.append({"table": table, "file": fname, "source": "", "rows_read": 0,
                             "rows_kept": 0, "rows_rejected": 0, "rows_excluded": 0})
        return coerce_table(table, pd.DataFrame())
    for note in raw.notes:
        report.add("info", table, fname, None, note)
    frame = raw.frame
    headers = [c for c in frame.columns if c != "_row"]
    n_in = len(frame)
    used_source = "custom"
    if mapping is None:
        mapping = _canonical_mapping(table, headers)
        used_source = "canonical"
    if mapping is None:
        vendor = source if source in VENDOR_MAPPINGS else None
        if vendor is None or table not in VENDOR_MAPPINGS.get(vendor, {}):
            guess, note = detect_source(headers) if table == "opportunities" else (vendor, "")
            if guess is None and vendor is None:
                guess, note = detect_source(headers)
            vendor = guess or vendor
            if note:
                report.add("info" if guess else "error", table, fname, None, note)
        mapping = VENDOR_MAPPINGS.get(vendor or "", {}).get(table)
        used_source = vendor or "unknown"
        if mapping is None:
            req = ", ".join(c.name for c in TABLES[table] if c.required)
            report.add("error", table, fname, None,
                       f"no mapping for table {table} from source {vendor or 'unknown'}; all {n_in} rows rejected",
                       f"write the file with canonical headers ({req} …) or add mapping.{table} "
                       "to the client config")
            _reject_all(report, table, fname, frame, "no mapping for this file")
            report.files.append({"table": table, "file": fname, "source": used_source, "rows_read": n_in,
                                 "rows_kept": 0, "rows_rejected": n_in, "rows_excluded": 0})
            return coerce_table(table, pd.DataFrame())

    header_of: dict[str, str] = {}

    def _label(canon: str) -> str:
        """``"Waarde" (amount)``: the export's own header first, then the canonical column."""
        h = header_of.get(canon)
        return f'"{h}" ({canon})' if h and h != canon else canon

    out = pd.DataFrame(index=frame.index)
    n = len(frame)
    is_rej = np.zeros(n, bool)                   # the first reason found for a row is kept
    reject = np.full(n, "", dtype=object)
    reject_col = np.full(n, "", dtype=object)
    reject_val = np.full(n, "", dtype=object)

    def mark(mask: pd.Series | np.ndarray, col: str, reason: str, values: pd.Series | None = None) -> None:
        m = (mask.fillna(False).to_numpy(bool) if isinstance(mask, pd.Series) else np.asarray(mask, bool)) & ~is_rej
        if not m.any():
            return
        is_rej[m] = True
        reject[m] = reason
        reject_col[m] = col
        if values is not None:
            reject_val[m] = values[m].astype("string").fillna("").to_numpy()

    # ---- where (row filter, counted as excluded) --------------------------------------
    excluded = pd.Series(False, index=frame.index)
    where = mapping.get("where")
    if where:
        wcols = _resolve(headers, _as_list(where.get("column")))
        if wcols:
            wanted = {str(x).lower() for x in _as_list(where.get("equals"))}
            excluded = ~clean_text(frame[wcols[0]]).str.lower().isin(wanted).fillna(False)
            if excluded.any():
                report.add("info", table, fname, wcols[0],
                           f"{int(excluded.sum())} row(s) excluded: {wcols[0]} is not "
                           f"{' / '.join(sorted(wanted))}", rows=frame.loc[excluded, "_row"][:_MAX_ROWS_LISTED])

    # ---- columns ------------------------------------------------------------------------
    missing_required = []
    unmapped: set[str] = set()
    # text columns are cleaned here (stripped, blank = missing); number/date/flag columns are
    # cleaned once by their parser, unless something below reads them before that
    worked_on = {*(mapping.get("derived") or {}), *(mapping.get("combine_time") or {}),
                 *(mapping.get("lookups") or {}), *(mapping.get("values") or {})}
    def take_column(canon_present: tuple[str, list[str]]) -> pd.Series:
        canon, present = canon_present
        if len(present) == 1 and canon not in worked_on and _dtype_of(table, canon) in ("float", "date",
                                                                                          "datetime", "bool"):
            return frame[present[0]]
        return _coalesce(frame, present)
    wanted_cols = [(canon, _resolve(headers, _as_list(spec))) for canon, spec in mapping.get("columns", {}).items()]
    wanted_cols = [(canon, present) for canon, present in wanted_cols if present]
    header_of.update({canon: present[0] for canon, present in wanted_cols})
    repeated = _same_headers(headers)
    for canon, present in wanted_cols:
        same = repeated.get(present[0].lower())
        if same:                                        # two columns headed "Amount": say which one is used
            report.add("warning", table, fname, _label(canon),
                       f"{len(same)} columns are headed {present[0]!r} ({', '.join(map(repr, same))}); the first "
                       f"is used for {canon}",
                       f"rename the other column in the export, or map {canon} to the one you mean by its name "
                       f"as listed here")
    for (canon, _), col in zip(wanted_cols, _map_columns(take_column, wanted_cols, n), strict=True):
        out[canon] = col
    for canon, value in (mapping.get("constants") or {}).items():
        out[canon] = labels(np.zeros(n, np.int32), [str(value)], frame)
    for canon, d in (mapping.get("derived") or {}).items():
        src = _resolve(headers, _as_list(d.get("from")))
        if src:
            vals, _, _ = parse_numbers(frame[src[0]], decimal=locale.get("decimal"))
            filled = (vals * float(d.get("scale", 1))).round(6).astype("string")
            out[canon] = out[canon].fillna(filled) if canon in out else filled
    flags = mapping.get("flags") or {} if table == "opportunities" else {}
    if flags and "status" not in out and _resolve(headers, _as_list(flags.get("won"))):
        out["status"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    for canon, lk in (mapping.get("lookups") or {}).items():      # filled from another file further down
        if canon not in out and isinstance(lk, dict) and "file" in lk:
            out[canon] = pd.Series(pd.NA, index=frame.index, dtype="string")
    for c in TABLES[table]:
        if c.required and c.name not in out:
            if c.dtype in ("datetime", "date"):       # kept: KPIs dated by it say what they need
                out[c.name] = pd.Series(pd.NA, index=frame.index, dtype="string")
                unmapped.add(c.name)
                report.add("warning", table, fname, _label(c.name),
                           f"no column is mapped to {c.name}: the {n_in} row(s) are kept, but every KPI dated "
                           f"by {table}.{c.name} needs it",
                           f"add a mapping.{table}.columns.{c.name} entry naming the header that holds it")
            else:
                missing_required.append(c.name)
    if missing_required:
        col = missing_required[0]
        spec = _as_list(mapping.get("columns", {}).get(col))
        report.add("error", table, fname, col,
                   f"required column {col} is not in the file (looked for: {', '.join(spec) or col}); "
                   f"all {n_in} rows rejected",
                   f"add a mapping.{table}.columns.{col} entry naming the header that holds it")
        _reject_all(report, table, fname, frame, f"required column {col} missing")
        report.files.append({"table": table, "file": fname, "source": used_source, "rows_read": n_in,
                             "rows_kept": 0, "rows_rejected": n_in, "rows_excluded": 0})
        return coerce_table(table, pd.DataFrame())

    # ---- status flags (Salesforce IsWon/IsClosed) decide before any stage map ------------------
    flags_status, flags_known = None, None
    won_c = _resolve(headers, _as_list(flags.get("won"))) if flags else []
    closed_c = _resolve(headers, _as_list(flags.get("closed"))) if flags else []
    active_c = _resolve(headers, _as_list(flags.get("active"))) if flags else []
    if won_c and closed_c:
        (won, _), (closed, _) = _map_columns(parse_bools, [frame[won_c[0]], frame[closed_c[0]]], n)
        flags_known = (won.notna() & closed.notna()).to_numpy(bool)
        code = np.where(won.fillna(False).to_numpy(bool), 1, np.where(closed.fillna(False).to_numpy(bool), 2, 0))
        flags_status = labels(code, ["open", "won", "lost"], frame)

    # ---- value maps -------------------------------------------------------------------------
    for canon, vmap in (mapping.get("values") or {}).items():
        if canon not in out:
            continue
        decided = flags_known if canon == "status" and flags_known is not None else np.zeros(n, bool)
        if decided.all():                                  # the flags say it for every row
            continue
        vm = {str(k).strip().lower(): v for k, v in vmap.items()}
        codes, uniq = factorize_text(out[canon])          # map the distinct values, not every row
        mapped_u = uniq.str.lower().map(vm).astype("string[pyarrow]")
        unmatched_u = mapped_u.isna().to_numpy()
        if "*" in vm:
            mapped_u = mapped_u.where(~unmatched_u, str(vm["*"]))
        elif unmatched_u.any():
            allowed = {"status": "open, won, lost", "type": "call, meeting, email, visit, demo, task, other"}
            if canon in allowed:
                unmatched = spread(unmatched_u, codes, frame) & ~decided
                if unmatched.any():
                    vals = uniq.iloc[pd.unique(codes[unmatched])[:5]]
                    report.add("error", table, fname, _label(canon),
                               f"unknown {canon} value(s) {', '.join(map(repr, vals))}; rows rejected",
                               f"add them to mapping.{table}.values.{canon} (allowed: {allowed[canon]})",
                               rows=frame["_row"].to_numpy()[unmatched])
                    mark(unmatched, canon, f"unknown {canon} value", out[canon])
            else:
                mapped_u = mapped_u.where(~unmatched_u, uniq)
        out[canon] = spread(mapped_u, codes, frame)
    if flags_status is not None:
        out["status"] = flags_status if flags_known.all() else flags_status.where(flags_known, out["status"])
    if active_c:                                   # Odoo: inactive and not won = lost
        active, _ = parse_bools(frame[active_c[0]])
        lost = active.eq(False).fillna(False) & out["status"].ne("won").fillna(True)
        out["status"] = out["status"].where(~lost, "lost")
    if table == "opportunities":
        nostatus = out["status"].isna() & ~is_rej & ~excluded
        if nostatus.any():
            report.add("error", table, fname, _label("status"),
                       f"{int(nostatus.sum())} row(s) without a status; rejected",
                       "map a stage or status column that says open / won / lost",
                       rows=frame.loc[nostatus, "_row"])
            mark(nostatus, "status", "missing status")
    # a canonical file's status/type values must already be canonical
    if used_source == "canonical":
        for canon, allowed in (("status", {"open", "won", "lost"}),
                               ("type", {"call", "meeting", "email", "visit", "demo", "task", "other"})):
            if canon in out and table in ("opportunities", "activities"):
                low = out[canon].str.lower()
                bad = low.notna() & ~low.isin(allowed)
                if bad.any():
                    report.add("error", table, fname, _label(canon),
                               f"value(s) {', '.join(map(repr, out.loc[bad, canon].unique()[:5]))} "
                               f"are not one of {', '.join(sorted(allowed))}; rows rejected",
                               "correct the values or map them with mapping.{table}.values",
                               rows=frame.loc[bad, "_row"])
                    mark(bad, canon, f"invalid {canon}", out[canon])
                out[canon] = low

    # ---- lookups --------------------------------------------------------------------------------
    for canon, lk in (mapping.get("lookups") or {}).items():
        if canon not in out and "file" in lk:
            out[canon] = pd.Series(pd.NA, index=frame.index, dtype="string")
        if canon not in out:
            continue
        if "table" in lk:
            ref = context.get(lk["table"])
            if ref is None or ref.empty:
                continue
            m, r = lk.get("match", "name"), lk.get("return", canon)
            keys = ref[m].astype("string").str.strip().str.lower()
            table_map = pd.Series(ref[r].to_numpy(), index=keys.to_numpy())
            table_map = table_map[~table_map.index.duplicated()]
            ids = set(ref[r].astype("string"))
            val = out[canon]
            is_id = val.isin(ids).fillna(False)
            if (is_id | val.isna()).all():
                continue
            looked = by_distinct(val, lambda u: u.str.lower().map(table_map).astype("string[pyarrow]"))  # noqa: B023
            resolved = val.where(is_id, looked)
            unresolved = val.notna() & resolved.isna()
            if unresolved.any():
                report.add("warning", table, fname, _label(canon),
                           f"{int(unresolved.sum())} value(s) not found in {lk['table']}.{m} "
                           f"(e.g. {out.loc[unresolved, canon].iloc[0]!r}); kept as given",
                           f"add the person to the {lk['table']} file or correct the name",
                           rows=frame.loc[unresolved, "_row"])
                resolved = resolved.fillna(val)
            out[canon] = resolved
        elif "file" in lk:
            _lookup_file(out, canon, lk, config=config, report=report, table=table, fname=fname, frame=frame,
                         label=_label(canon))

    # ---- time-of-day columns -----------------------------------------------------------------------------
    for canon, tcol in (mapping.get("combine_time") or {}).items():
        tc = _resolve(headers, _as_list(tcol))
        if canon in out and tc:
            t = frame[tc[0]].astype("string").str.strip()
            out[canon] = out[canon].where(t.isna() | (t == ""), out[canon] + " " + t)

    # ---- parse by canonical dtype ----------------------------------------------------------------
    parsed: dict[str, pd.Series] = {}
    scale = mapping.get("scale") or {}
    date_fmt = mapping.get("date_format")
    idc = next((c.name for c in TABLES[table] if c.required and c.dtype == "id"), None)
    if table in ("opportunity_history", "touchpoints", "contracts"):     # ids repeat there by design
        idc = None
    first_seen = None

    years = mapping.get("year") or {}

    def parse(canon: str, order: str | None = None) -> tuple:
        dtype, s = _dtype_of(table, canon), out[canon]
        if dtype == "float":
            return parse_numbers(s, decimal=locale.get("decimal"))
        if dtype in ("datetime", "date"):
            fmt = date_fmt.get(canon) if isinstance(date_fmt, dict) else date_fmt
            if canon in years:                          # dates written without a year ("April", "19")
                s = s.astype("string") + f" {int(years[canon])}"
                fmt = (fmt or "%Y-%m-%d") + " %Y"
            elif fmt and not any(d in fmt for d in ("%Y", "%y", "%G")):
                return _no_year(s, fmt, table, canon)
            return parse_dates(s, timezone=config.timezone, date_order=order or locale.get("date_order"), fmt=fmt)
        if dtype == "bool":
            return parse_bools(s)
        if canon == idc:                                # the id's duplicate check hashes it: do it here too
            return s, first_occurrence(s)
        return (s,)                                     # text: cleaned when mapped
    # columns are parsed side by side (pyarrow and numpy release the GIL); findings in column order
    results = dict(zip(out.columns, _map_columns(parse, list(out.columns), len(frame)), strict=True))
    # one file has one date order: a column whose days are all <= 12 follows the file's other date columns
    orders = {_ORDER_OF.get(r[2][:2]) for c, r in results.items()
              if _dtype_of(table, c) in ("datetime", "date") and r[3] is None and len(r) == 4} - {None}
    if len(orders) == 1 and not locale.get("date_order"):
        order = orders.pop()
        for c, r in results.items():
            if _dtype_of(table, c) in ("datetime", "date") and len(r) == 4 and r[3] is not None:
                r2 = parse(c, order)
                results[c] = (*r2[:3], f"every day is ≤ 12; read as {'month' if order == 'mdy' else 'day'} "
                                       "first like the file's other date columns")
    for canon, res in results.items():
        dtype, s = _dtype_of(table, canon), out[canon]
        vals = res[0]
        if dtype == "float":
            bad = res[1]
            if bad.any():
                report.add("error", table, fname, _label(canon),
                           f"{int(bad.sum())} value(s) are not numbers (e.g. {s[bad].iloc[0]!r}); rows rejected",
                           "correct the cells, or set locale.decimal if the decimal separator was misread",
                           rows=frame.loc[bad, "_row"], value=s[bad].iloc[0])
                mark(bad, canon, "not a number", s)
            if canon in scale:
                vals = vals * float(scale[canon])
        elif dtype in ("datetime", "date"):
            _, bad, used, note = res
            if note:
                report.add("warning", table, fname, _label(canon), note,
                           "set locale.date_order (dmy or mdy) or mapping date_format to be explicit")
            if bad.any():
                report.add("error", table, fname, _label(canon),
                           f"{int(bad.sum())} value(s) are not dates in format {used} "
                           f"(e.g. {s[bad].iloc[0]!r}); rows rejected",
                           f"correct the cells or set mapping.{table}.date_format.{canon}",
                           rows=frame.loc[bad, "_row"], value=s[bad].iloc[0])
                mark(bad, canon, f"not a date ({used})", s)
            placeholder = (vals < _EARLIEST).fillna(False).to_numpy(bool)
            if placeholder.any():                 # 1900-01-01, 1899-12-30: a system's "no date", not a date
                report.add("warning", table, fname, _label(canon),
                           f"{int(placeholder.sum())} value(s) before {_EARLIEST:%Y} (e.g. {s[placeholder].iloc[0]!r}) "
                           "are placeholders for 'no date'; read as empty",
                           "leave the cell empty in the export", rows=frame.loc[placeholder, "_row"],
                           value=s[placeholder].iloc[0])
                vals = vals.mask(placeholder)
        elif dtype == "bool":
            bad = res[1]
            if bad.any():
                report.add("warning", table, fname, _label(canon),
                           f"{int(bad.sum())} value(s) are not yes/no (e.g. {s[bad].iloc[0]!r}); left empty",
                           "use true/false, yes/no, ja/nee", rows=frame.loc[bad, "_row"])
        if canon == idc:
            first_seen = res[1]
        parsed[canon] = vals                      # date columns: coerce_table drops the time of day
    df = pd.DataFrame(parsed, index=frame.index, copy=False)   # no block consolidation copy

    # ---- row rules: ids, required dates, currency ---------------------------------------------
    for c in TABLES[table]:
        if c.required and c.dtype in ("id",) and c.name in df:
            miss = df[c.name].isna() | (df[c.name] == "")
            if miss.any():
                report.add("error", table, fname, _label(c.name),
                           f"{int(miss.sum())} row(s) without {c.name}; rejected",
                           "every row needs an id; fill it in the CRM and export again",
                           rows=frame.loc[miss & ~excluded, "_row"])
                mark(miss & ~excluded, c.name, f"missing {c.name}")
    for c in TABLES[table]:                            # blank optional ids (a deal without an account) are counted
        if not c.required and c.dtype == "id" and c.name in header_of and c.name in df:
            blank = (df[c.name].isna() & ~is_rej & ~excluded).to_numpy(bool)
            if blank.any():
                report.add("info", table, fname, _label(c.name),
                           f"{int(blank.sum())} row(s) have no {c.name}; kept, and counted as '(unknown)' where "
                           f"KPIs are split by it", rows=frame.loc[blank, "_row"])
    for c in TABLES[table]:
        if c.required and c.dtype != "id" and c.name in df and c.name not in unmapped:
            miss = df[c.name].isna() & ~is_rej & ~excluded
            if miss.any():
                report.add("warning", table, fname, _label(c.name),
                           f"{int(miss.sum())} row(s) without {c.name}; kept, KPIs that need it skip them",
                           "", rows=frame.loc[miss, "_row"])
    if table == "opportunities" and "currency" in df:
        cur = df["currency"].str.upper()
        other = cur.notna() & (cur != config.currency.upper()) & ~is_rej
        if other.any():
            rates = {k.upper(): float(v) for k, v in config.fx_rates.items()}
            rate = cur.map(rates).astype("float64")
            norate = other & rate.isna()
            if norate.any():
                codes = sorted(cur[norate].unique())
                report.add("error", table, fname, _label("currency"),
                           f"{int(norate.sum())} row(s) in {', '.join(codes)} with no exchange rate; rejected "
                           "(amounts in different currencies are never summed)",
                           f"add fx_rates: {{{codes[0]}: <rate into {config.currency}>}} to the client config",
                           rows=frame.loc[norate, "_row"])
                mark(norate, "currency", "currency without fx rate", df["currency"])
            conv = other & rate.notna()
            if conv.any():
                for money in ("amount", "cost"):
                    if money in df:
                        df.loc[conv, money] = df.loc[conv, money] * rate[conv]
                report.add("info", table, fname, _label("currency"),
                           f"{int(conv.sum())} row(s) converted to {config.currency} with fx_rates")
                df.loc[conv, "currency"] = config.currency
    # duplicate ids (keep the first)
    if first_seen is not None:
        dup = ~first_seen & df[idc].notna() & ~is_rej & ~excluded
        if dup.any():
            first_dup = df.loc[dup, idc].iloc[0]
            first_row = int(frame.loc[(df[idc] == first_dup).fillna(False).to_numpy(bool), "_row"].iloc[0])
            report.add("error", table, fname, _label(idc),
                       f"{int(dup.sum())} duplicate {idc}(s), e.g. {first_dup!r} (first in row {first_row}); "
                       "later copies rejected",
                       "remove duplicate rows from the export", rows=frame.loc[dup, "_row"],
                       value=first_dup)
            mark(dup, idc, f"duplicate {idc}", df[idc])

    excl = excluded.to_numpy(bool)
    rejected = is_rej & ~excl
    if rejected.any():
        report.rejected.append(pd.DataFrame({
            "table": table, "file": fname, "row": frame["_row"].to_numpy()[rejected],
            "column": reject_col[rejected], "value": reject_val[rejected], "reason": reject[rejected]}))
    keep = ~rejected & ~excl
    report.files.append({"table": table, "file": fname, "source": used_source, "rows_read": n_in,
                         "rows_kept": int(keep.sum()), "rows_rejected": int(rejected.sum()),
                         "rows_excluded": int(excl.sum())})
    out = df if keep.all() else df[keep]
    out = out.assign(_file=fname, _row=frame["_row"].to_numpy()[keep])   # provenance for row-level findings
    return coerce_table(table, out)


_ORDER_OF = {"%d": "dmy", "%m": "mdy"}
_EARLIEST = pd.Timestamp("1950-01-01")        # no CRM record is older: earlier dates are placeholders


def _lookup_file(out: pd.DataFrame, canon: str, lk: dict[str, Any], *, config: ClientConfig,
                 report: DataQualityReport, table: str, fname: str, frame: pd.DataFrame, label: str) -> None:
    """Fill *canon* from another export: ``{file, key, on, column}`` (join its *key* to this row's *on*).

    Values of *on* that the other file does not have are reported with a count and examples
    (a product spelled "GTXPro" here and "GTX Pro" there), never dropped silently.
    """
    try:
        other = read_raw((config.base_dir / str(lk["file"])).resolve())
    except ReadError as exc:
        report.add("error", table, fname, label, f"lookup file: {exc}", f"correct mapping.{table}.lookups.{canon}.file")
        return
    cols = list(other.frame.columns)
    kcol, vcol = _resolve(cols, [str(lk.get("key"))]), _resolve(cols, [str(lk.get("column", canon))])
    if not kcol or not vcol:
        report.add("error", table, fname, label,
                   f"lookup file {lk['file']} has no column {lk.get('key')!r} or {lk.get('column')!r} "
                   f"(its headers: {', '.join(cols[:12])}{' …' if len(cols) > 12 else ''})",
                   f"correct mapping.{table}.lookups.{canon}")
        return
    keys = clean_text(other.frame[kcol[0]])
    src = pd.Series(clean_text(other.frame[vcol[0]]).to_numpy(), index=keys.to_numpy())   # key may be the column
    src = src[~src.index.duplicated() & src.index.notna()]
    on_col = str(lk.get("on", canon))
    if on_col not in out:
        report.add("error", table, fname, label, f"lookup joins on {on_col}, which is not mapped for {table}",
                   f"map {on_col} under mapping.{table}.columns, or correct lookups.{canon}.on")
        return
    on = clean_text(out[on_col].astype("string"))
    got = on.map(src).astype("string")
    missed = on.notna() & got.isna() & out[canon].isna()
    if missed.any():
        examples = ", ".join(map(repr, pd.unique(on[missed])[:3]))
        report.add("warning", table, fname, label,
                   f"{int(missed.sum())} row(s) have a {on_col} not found in {lk['file']} column {kcol[0]!r} "
                   f"(e.g. {examples}); {canon} left empty for them",
                   f"correct the spelling in one of the two files, or add the missing rows to {lk['file']}",
                   rows=frame.loc[missed.to_numpy(bool), "_row"], value=on[missed].iloc[0])
    out[canon] = out[canon].fillna(got)


def _no_year(s: pd.Series, fmt: str, table: str, canon: str) -> tuple:
    """A date format without a year would silently read every date as 1900: refuse every value."""
    bad = s.notna()
    return (pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]"), bad,
            f"{fmt} (no year: add mapping.{table}.year.{canon}: YYYY)", None)


def _reject_all(report: DataQualityReport, table: str, fname: str, frame: pd.DataFrame, reason: str) -> None:
    if len(frame):
        report.rejected.append(pd.DataFrame({"table": table, "file": fname, "row": frame["_row"].to_numpy(),
                                             "column": "", "value": "", "reason": reason}))


def load_client(config: ClientConfig | str | Path, *, strict: bool = False, cache: bool = True
                ) -> tuple[ClientData, DataQualityReport]:
    """Read every export named in the client config into a :class:`ClientData`.

    ``strict=True`` turns warnings about rows (business rules) into errors: those rows are
    rejected. With ``cache`` the canonical tables are kept as parquet under
    ``data/cache/<client>/`` keyed by a hash of the config, the export files' content and the
    ingest code, so a second load of the same exports skips parsing.

    Raises
    ------
    IngestError
        When the config names no export, or no row of any export could be read.
    ConfigError
        When the configuration itself is invalid.
    """
    if not isinstance(config, ClientConfig):
        config = load_config(config)
    if not config.files:
        raise IngestError(f"{config.path or config.client_id}: key \"files\" names no export file; "
                          f"name at least one of: {', '.join(TABLES)}")
    from . import cache as _cache

    key = _cache.cache_key(config, strict) if cache else None
    if key:
        hit = _cache.load(config, key)
        if hit is not None:
            return hit
    report = DataQualityReport(client_id=config.client_id, source=config.source)
    tables: dict[str, pd.DataFrame] = {}
    for table in _ORDER:
        paths = config.file_for(table)
        if not paths:
            continue
        custom = config.mapping.get(table)
        frames = []
        for p in paths:
            frames.append(ingest_file(p, table, config=config, report=report, mapping=custom,
                                      source=config.source if config.source not in ("custom", "canonical") else None,
                                      context=tables))
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        tables[table] = df
    if all(df.empty for df in tables.values()) and report.errors:
        raise IngestError("no rows could be read from any export:\n" + report.summary())
    tables = _cross_checks(tables, report, strict=strict)
    data = ClientData.from_frames(config, **tables)
    if key:
        _cache.store(config, key, data, report)
    return data, report


def _finding(report: DataQualityReport, tables: dict[str, pd.DataFrame], table: str, mask: pd.Series,
             column: str, what: str, fix: str, strict: bool) -> None:
    """Record a business-rule finding (*what*: a ``dq.*`` text key) with its rows; under strict, reject them."""
    df = tables[table]
    mask = mask.fillna(False).astype(bool)
    n = int(mask.sum())
    if not n:
        return
    rows = df.loc[mask, "_row"] if "_row" in df else []
    files = df.loc[mask, "_file"].dropna().unique() if "_file" in df else []
    fname = ", ".join(map(str, files[:3]))
    sev = "error" if strict else "warning"
    message = Note(what)
    report.add(sev, table, fname, column,
               Note("dq.finding", n=n, what=message, verb=Note("dq.rejected_strict" if strict else "dq.kept")),
               fix, rows=rows)
    if strict:
        report.rejected.append(pd.DataFrame({"table": table, "file": df.loc[mask, "_file"].to_numpy(),
                                             "row": df.loc[mask, "_row"].to_numpy(), "column": column, "value": "",
                                             "reason": str(message)}))
        for f in report.files:
            if f["table"] == table:
                k = int((df.loc[mask, "_file"] == f["file"]).sum())
                f["rows_kept"] -= k
                f["rows_rejected"] += k
        tables[table] = df[~mask]                # keep labels: later masks of this check align by index


def _cross_checks(tables: dict[str, pd.DataFrame], report: DataQualityReport, *, strict: bool = False
                  ) -> dict[str, pd.DataFrame]:
    """Business rules across columns and tables: each finding lists its rows (kept unless strict)."""
    if "opportunities" in tables:
        _opportunity_checks(tables, report, strict=strict)
    if "activities" in tables and not tables["activities"].empty:
        a = tables["activities"]
        _finding(report, tables, "activities", a["completed_at"].isna() & a["scheduled_at"].isna(), "scheduled_at",
                 "dq.undated_activity", "export the due date", strict)
        tables["activities"] = tables["activities"].reset_index(drop=True)
    if "cases" in tables and not tables["cases"].empty:
        c = tables["cases"]
        _finding(report, tables, "cases", c["closed_at"] < c["opened_at"], "closed_at",
                 "dq.case_closed_before_opened", "check the opening and closing dates", strict)
        tables["cases"] = tables["cases"].reset_index(drop=True)
    return tables


def _opportunity_checks(tables: dict[str, pd.DataFrame], report: DataQualityReport, *, strict: bool) -> None:
    o = tables["opportunities"]
    today = pd.Timestamp.today().normalize() + pd.Timedelta(days=1)
    checks = [
        (o["status"].eq("won") & o["amount"].isna(), "amount", "dq.won_no_amount", "fill in the amount of won deals"),
        (o["status"].isin(["won", "lost"]) & o["close_date"].isna(), "close_date", "dq.closed_no_date",
         "fill in the close date"),
        (o["amount"] < 0, "amount", "dq.negative_amount", "check credit notes or data entry"),
        (o["close_date"] < o["created_at"].dt.normalize(), "close_date", "dq.close_before_created",
         "check the close or creation date"),
        (o["status"].isin(["won", "lost"]) & (o["close_date"] > today), "close_date", "dq.closed_future",
         "check the close date"),
        (~o["probability"].between(0, 1) & o["probability"].notna(), "probability", "dq.probability",
         "correct the probability or the mapping's scale"),
    ]
    if "users" in tables and not tables["users"].empty:
        known = set(tables["users"]["user_id"].dropna())
        checks.append((o["owner_id"].notna() & ~o["owner_id"].isin(known), "owner_id", "dq.unknown_owner",
                       "add the user to the users export"))
    if "accounts" in tables and not tables["accounts"].empty:
        known_a = set(tables["accounts"]["account_id"].dropna())
        checks.append((o["account_id"].notna() & ~o["account_id"].isin(known_a), "account_id",
                       "dq.unknown_account", "export all accounts"))
    for mask, col, msg, fix in checks:
        _finding(report, tables, "opportunities", mask.reindex(tables["opportunities"].index, fill_value=False),
                 col, msg, fix, strict)
    tables["opportunities"] = tables["opportunities"].reset_index(drop=True)
    if "probability" in tables["opportunities"]:
        o2 = tables["opportunities"]
        bad_p = ~o2["probability"].between(0, 1) & o2["probability"].notna()
        if bad_p.any():                          # never compute with an impossible probability
            o2.loc[bad_p, "probability"] = np.nan


__all__ += ["ConfigError", "ReadError"]
