"""Ingest client exports into canonical tables, with a data-quality report.

``load_client(config)`` reads every file the client config names, maps it (vendor mapping,
the client's custom mapping, or canonical headers as-is) through the steps of
:mod:`crmanalysis.io.steps`, one per mapping key, and returns ``(ClientData,
DataQualityReport)``. No row disappears silently: for every file, rows read = rows kept +
rows rejected + rows excluded, each rejection with its reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import ClientConfig, ConfigError, load_config
from ..data import ClientData
from ..i18n import Note
from ..schema import INGEST_ONLY, TABLES, coerce_table, columns
from . import cache as _cache
from . import steps as S
from .mappings import builtin_mapping, detect_source
from .quality import DataQualityReport, IngestError, cross_checks
from .readers import ReadError, read_raw

__all__ = ["load_client", "ingest_file", "detect_source", "DataQualityReport", "IngestError", "ConfigError",
           "ReadError"]

# tables that others look up (owner names → ids) are read first
_ORDER = ["users", "accounts", "campaigns", "leads", "opportunities", "opportunity_history",
          "activities", "quotes", "cases", "marketing_spend", "touchpoints", "contracts",
          "crm_costs", "financials"]


def _canonical_mapping(table: str, headers: list[str]) -> dict[str, Any] | None:
    """Identity mapping when the file has canonical headers (its id column and one more at least)."""
    low = {h.lower() for h in headers}
    canon = {c.name for c in TABLES[table]}
    if TABLES[table][0].name not in low or len(low & canon) < 2:
        return None
    # every header maps to itself: canonical ones to their column, extras (region, industry …) kept as text
    return {"columns": {h: h for h in headers}}


def file_mapping(mapping: dict[str, Any] | None, fname: str) -> dict[str, Any] | None:
    """A table's mapping for one of its files.

    The table's keys with the file's own part (``files: {Events.csv: {constants: {type: meeting}}}``) merged in,
    per canonical column.
    """
    if mapping is None:
        return None
    own = next((v for k, v in (mapping.get("files") or {}).items() if Path(str(k)).name == fname), {})
    out = {k: v for k, v in mapping.items() if k != "files"}
    for key, value in own.items():
        out[key] = {**out[key], **value} if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _sheet_parts(mapping: dict[str, Any] | None) -> list[dict[str, Any] | None]:
    """One file's mapping per sheet it reads: a list of sheets of one layout ("2025", "2026") is read sheet by sheet.

    A workbook that keeps each year on its own sheet had one sheet read for every sheet it named, and its first
    year counted twice.
    """
    sheets = (mapping or {}).get("sheet")
    if not isinstance(sheets, list):
        return [mapping]
    return [{**mapping, "sheet": s} for s in dict.fromkeys(sheets)]


def _choose_mapping(table: str, headers: list[str], mapping: dict[str, Any] | None, source: str | None,
                    report: DataQualityReport, fname: str) -> tuple[dict[str, Any] | None, str]:
    """(mapping, source used): the client's own, else canonical headers as they are, else a vendor's table."""
    if mapping is not None:
        return mapping, "custom"
    canonical = _canonical_mapping(table, headers)
    if canonical is not None:
        return canonical, "canonical"
    built, used, note = builtin_mapping(table, headers, fname, source)
    if note:
        report.add("info", table, fname, None, note)
    if built is None and source is None:
        _, why = detect_source(headers, fname)
        report.add("error", table, fname, None, why)
    return built, used


def _nothing_kept(report: DataQualityReport, table: str, fname: str, frame: pd.DataFrame, source: str,
                  reason: str) -> pd.DataFrame:
    _reject_all(report, table, fname, frame, reason)
    report.files.append({"table": table, "file": fname, "source": source, "rows_read": len(frame),
                         "rows_kept": 0, "rows_rejected": len(frame), "rows_excluded": 0})
    return coerce_table(table, pd.DataFrame())


def ingest_file(path: str | Path, table: str, *, config: ClientConfig, report: DataQualityReport,
                mapping: dict[str, Any] | None = None, source: str | None = None,
                context: dict[str, pd.DataFrame] | None = None,
                headers_seen: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Read and map one export file into canonical rows of *table*.

    Rows that cannot be used are rejected (listed in *report* with file, row, column and the
    fix); every row is accounted for in ``report.files``. *headers_seen* collects the file's
    headers (file name → headers) for the check of the client's own mapping.
    """
    path = Path(path)
    # one sheet of a workbook that holds several tables (a small firm's tracker: "Deals", "Activities")
    sheet = (mapping or {}).get("sheet")
    fname = path.name if sheet is None else f"{path.name} ({sheet})"
    enc = config.locale.get("encoding")
    chosen: list[tuple[dict[str, Any] | None, str]] = []

    def usecols(headers: list[str]) -> list[str] | None:
        """The mapping is chosen from the headers alone; only the columns it reads are converted."""
        if not chosen:                              # a re-read of the file asks again, with the same headers
            chosen.append(_choose_mapping(table, headers, mapping, source, report, fname))
            if headers_seen is not None:     # a workbook's sheets of one table: the headers of any of them
                known = headers_seen.setdefault(path.name, [])
                known += [h for h in headers if h not in known]
        return S.read_by(chosen[0][0], headers, table)

    try:
        raw = read_raw(path, encoding=enc if enc != "utf-8-sig" else None, usecols=usecols,
                       sheet=None if sheet is None else str(sheet))
    except ReadError as exc:
        report.add("error", table, fname, None, str(exc), "")
        report.files.append({"table": table, "file": fname, "source": "", "rows_read": 0,
                             "rows_kept": 0, "rows_rejected": 0, "rows_excluded": 0})
        return coerce_table(table, pd.DataFrame())
    for note in raw.notes:              # the reader's notes start with the file's name, which the issue has already
        report.add("info", table, fname, None, note.removeprefix(f"{raw.path.name}: "))
    if raw.bad_lines:                    # read, a character each may be wrong: say where
        enc = raw.encoding.upper().replace("-SIG", "")
        report.add("warning", table, fname, None, Note("dq.bad_bytes", n=len(raw.bad_lines), enc=enc),
                   "export the file again in one encoding, or set locale.encoding", rows=raw.bad_lines)
    frame = raw.frame
    mapping, used = chosen[0]
    if mapping is None:
        req = ", ".join(c.name for c in TABLES[table] if c.required)
        report.add("error", table, fname, None,
                   f"no mapping for table {table} from source {used}; all {len(frame)} rows rejected",
                   f"write the file with canonical headers ({req} …) or add mapping.{table} to the client config")
        return _nothing_kept(report, table, fname, frame, used, "no mapping for this file")
    st = S.FileIngest(table, fname, frame, mapping, config, report, used, context or {},
                      all_headers=raw.headers)
    # a looked-up column is read as the file's own: a ratings file's "good" and "bad" become scores after it
    for step in (*S.STEPS, S.step_required, S.step_flags, S.step_lookups, S.step_values, S.step_rating_words,
                 S.step_combine_time):
        step(st)
    df = S.parse_columns(st)
    S.export_date(st, df, raw.generated, _written(path))
    for rule in (S.check_ids, S.copies_of_ids, S.close_dates, S.case_closing, S.reopened_cases, S.cancelled_cases,
                 S.done_from_completion, S.placeholder_values, S.check_required_values, S.convert_currencies,
                 S.group_rows, S.deal_lines, S.case_messages, S.sub_cases, S.double_tickets, S.booking_events,
                 S.call_legs, S.attendee_rows, S.invitee_copies, S.check_duplicates,
                 S.double_entries, S.double_logged_activities, S.repeat_leads, S.merge_spellings, S.unrated_zeros,
                 S.call_outcomes, S.unrecorded_meetings, S.blank_ad_counts,
                 S.internal_calls, S.internal_by_reach, S.team_activities, S.directions, S.unheld_calls,
                 S.contract_lines):
        rule(st, df)
    return _accounted(st, df)


def _written(path: Path) -> float | None:
    """When the export file was last written (seconds since 1970), None where the system cannot say."""
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _accounted(st: S.FileIngest, df: pd.DataFrame) -> pd.DataFrame:
    """Record rows read / kept / rejected / excluded and the rejected rows; the kept rows, canonical."""
    excl = st.excluded.to_numpy(bool)
    rej = st.rejects
    rejected = rej.is_rej & ~excl
    if rejected.any():
        st.report.rejected.append(pd.DataFrame({
            "table": st.table, "file": st.fname, "row": st.frame["_row"].to_numpy()[rejected],
            "column": rej.column[rejected], "value": rej.value[rejected], "reason": rej.reason[rejected]}))
    keep = ~rejected & ~excl
    if excl.any():        # a doubt about rows later left out on purpose (a shop order's further lines) is moot
        left_out = st.frame["_row"].to_numpy()[excl]
        moot = [id(issue) for issue, rows in st.said_rows if np.isin(rows, left_out).all()]
        st.report.issues[:] = [i for i in st.report.issues if id(i) not in moot]
    st.report.files.append({"table": st.table, "file": st.fname, "source": st.source, "rows_read": st.n,
                            "rows_kept": int(keep.sum()), "rows_rejected": int(rejected.sum()),
                            "rows_excluded": int(excl.sum()), "columns": dict(st.header_of)})
    out = df if keep.all() else df[keep]
    out = out.assign(_file=st.fname, _row=st.frame["_row"].to_numpy()[keep])   # provenance for row-level findings
    return coerce_table(st.table, out)


def _reject_all(report: DataQualityReport, table: str, fname: str, frame: pd.DataFrame, reason: str) -> None:
    if len(frame):
        report.rejected.append(pd.DataFrame({"table": table, "file": fname, "row": frame["_row"].to_numpy(),
                                             "column": "", "value": "", "reason": reason}))


def _named_headers(spec: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(mapping key, headers it names as alternatives) of one table's (or file's) mapping."""
    out = [(f"columns.{canon}", S.as_list(h)) for canon, h in (spec.get("columns") or {}).items()]
    out += [(f"derived.{canon}.from", S.as_list(d.get("from"))) for canon, d in (spec.get("derived") or {}).items()
            if isinstance(d, dict)]
    out += [(f"combine_time.{canon}", S.as_list(h)) for canon, h in (spec.get("combine_time") or {}).items()]
    where = spec.get("where")
    if isinstance(where, dict) and where.get("column"):
        out.append(("where.column", S.as_list(where["column"])))
    return out


def check_headers(config: ClientConfig, table: str, custom: dict[str, Any], seen: dict[str, list[str]]) -> None:
    """A header the client's mapping names that its file does not have is a typo in the config: an error.

    A table read from several files needs the header in one of them (Salesforce Task and Event share
    a mapping); a file's own part of the mapping needs it in that file. The message lists the file's
    headers and the closest one.
    """
    from rapidfuzz import process

    parts = [(f"mapping.{table}", custom, list(seen))]
    parts += [(f"mapping.{table}.files.{fname}", spec, [f for f in seen if f == Path(str(fname)).name])
              for fname, spec in (custom.get("files") or {}).items() if isinstance(spec, dict)]
    for where, spec, fnames in parts:
        headers = [h for f in fnames for h in seen[f]]
        if not headers:
            continue
        for key, wanted in _named_headers(spec):
            if not wanted or S.resolve(headers, wanted):
                continue
            shown = ", ".join(headers[:25]) + (" …" if len(headers) > 25 else "")
            best = process.extractOne(wanted[0], headers)
            closest = f'; closest: "{best[0]}"' if best and best[1] >= 60 else ""
            names = " or ".join(f'"{w}"' for w in wanted)
            raise ConfigError(f'{config.path or config.client_id}: key "{where}.{key}" names {names}, which '
                              f"{', '.join(fnames)} {'does' if len(fnames) == 1 else 'do'} not have "
                              f"(its headers: {shown}){closest}")


_NAMED = {"opportunities": ("owner_id", "owner_name"), "leads": ("owner_id", "owner_name"),
          "accounts": ("owner_id", "owner_name"), "activities": ("owner_id", "owner_name"),
          "cases": ("agent_id", "agent_name")}


def _deals_from_history(hist: pd.DataFrame, report: DataQualityReport) -> dict[str, pd.DataFrame]:
    """``{"opportunities": deals}`` of a deal history exported without the deals ({} when it holds none).

    A Salesforce Opportunity History report names each deal once per stage change: read alone, the report had
    no sales section. Each deal is as its last change leaves it (stage, status, amount, close date, owner),
    created at its first change. A deal won or lost without a close date closes on the day of that change.
    """
    h = hist[hist["opportunity_id"].notna() & hist["changed_at"].notna()]
    if h.empty:
        return {}
    h = h.sort_values(["opportunity_id", "changed_at"], kind="stable")
    last = h.groupby("opportunity_id", sort=False).tail(1).set_index("opportunity_id")
    decided = last["status"].isin(["won", "lost"])
    close = last["close_date"].where(~decided | last["close_date"].notna(), last["changed_at"].dt.normalize())
    deals = pd.DataFrame({"opportunity_id": last.index, "status": last["status"].fillna("open").to_numpy(),
                          "created_at": h.groupby("opportunity_id", sort=False)["changed_at"].min().to_numpy(),
                          "close_date": close.to_numpy(),
                          **{c: last[c].to_numpy() for c in ("stage", "amount", "probability", "owner_id")},
                          "_file": last["_file"].to_numpy(), "_row": last["_row"].to_numpy()})
    files = ", ".join(sorted(set(h["_file"].dropna())))
    report.add("info", "opportunities", files, None, Note("dq.deals_from_history", n=len(deals), changes=len(h),
                                                              files=files))
    return {"opportunities": coerce_table("opportunities", deals)}


#: a person's name as an export writes it in an owner column: two words or more of letters, no digits
_PERSON_NAME = r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)+"


def _users_from_names(tables: dict[str, pd.DataFrame], report: DataQualityReport) -> dict[str, pd.DataFrame]:
    """Users named in the other exports (Zoho's ``Deal Owner`` beside ``Deal Owner.id``).

    A report shows a rep by name wherever the exports give one: users missing from the users export
    (or all of them, when there is none) are added with the name the deals, leads or cases give,
    and a user without a name gets it. An owner given by name only is its own id.
    """
    pairs, files = [], []
    for table, (idc, namec) in _NAMED.items():
        df = tables.get(table)
        if df is None or namec not in df or not df[namec].notna().any():
            continue
        ids = df[idc].fillna(df[namec]) if idc in df else df[namec]
        tables[table] = df.assign(**{idc: ids})
        pairs.append(pd.DataFrame({"user_id": ids.to_numpy(), "name": df[namec].to_numpy()}))
        files += sorted(set(df["_file"].dropna())) if "_file" in df else [table]
    if not pairs:
        return tables
    users = tables.get("users")
    if users is None or users.empty:
        # no users export: the people other exports name by their id column are users too (HubSpot's "Deal owner"
        # is a name, beside a help desk's agents named as such: its 880 deals read as owned by nobody known)
        for table, (idc, namec) in _NAMED.items():
            df = tables.get(table)
            if df is not None and idc in df and namec not in df:
                people = df[idc].dropna().astype(str)
                people = people[people.str.fullmatch(_PERSON_NAME)].unique()
                pairs.append(pd.DataFrame({"user_id": people, "name": people}))
                files += sorted(set(df["_file"].dropna())) if len(people) and "_file" in df else []
    named = pd.concat(pairs, ignore_index=True).dropna().drop_duplicates("user_id")
    if users is not None and not users.empty:
        names = users["user_id"].map(named.set_index("user_id")["name"])
        users = users.assign(name=users["name"].fillna(names))
        new = named[~named["user_id"].isin(users["user_id"])]
    else:
        users, new = None, named
    if len(new):
        report.add("info", "users", ", ".join(dict.fromkeys(files)), "name",
                   Note("dq.users_from_names" if users is not None else "dq.users_from_names_only", n=len(new),
                        files=", ".join(dict.fromkeys(files))))
        users = pd.concat([users, new], ignore_index=True) if users is not None else new
    tables["users"] = coerce_table("users", users)
    return tables


def _converted_by_deals(tables: dict[str, pd.DataFrame], report: DataQualityReport) -> dict[str, pd.DataFrame]:
    """Leads whose export says nothing of conversion, converted where a deal names them (its ``lead_id``).

    Olist's qualified leads and, in another file, the deals closed with them: read alone, the leads file has no
    conversion and the lead conversion was unknown. A lead named by a deal converted when that deal was created
    (else won or closed); the others did not. A leads export that says conversion itself keeps its own.
    """
    leads, deals = tables.get("leads"), tables.get("opportunities")
    if leads is None or deals is None or "lead_id" not in deals or not deals["lead_id"].notna().any():
        return tables
    if any(c in leads and leads[c].notna().any() for c in ("converted", "converted_at", "converted_opportunity_id")):
        return tables
    d = deals[deals["lead_id"].notna()]
    when = d["created_at"]
    for c in ("won_at", "close_date"):
        if c in d:
            when = when.fillna(d[c])
    first = d.assign(_when=when).sort_values("_when", kind="stable").drop_duplicates("lead_id").set_index("lead_id")
    hit = leads["lead_id"].isin(first.index)
    if not hit.any():
        return tables
    tables["leads"] = leads.assign(
        converted_opportunity_id=leads["lead_id"].map(first["opportunity_id"]),
        converted_at=leads["lead_id"].map(first["_when"]).astype("datetime64[ns]"),
        converted=pd.Series(hit.to_numpy(), index=leads.index, dtype="boolean"))
    files = ", ".join(sorted(set(d["_file"].dropna()))) if "_file" in d else "opportunities"
    report.add("info", "leads", files, "converted", Note("dq.converted_by_deals", n=int(hit.sum()), total=len(leads),
                                                            files=files))
    return tables


_IN_MEMORY: dict[str, tuple[ClientData, DataQualityReport]] = {}


def load_client(config: ClientConfig | str | Path, *, strict: bool = False, cache: bool = True,
                reuse: bool = False) -> tuple[ClientData, DataQualityReport]:
    """Read every export named in the client config into a :class:`ClientData`.

    ``strict=True`` turns warnings about rows (business rules) into errors: those rows are
    rejected. With ``cache`` the canonical tables are kept as parquet under
    ``data/cache/<client>/`` keyed by a hash of the config, the export files' content and the
    ingest code, so a second load of the same exports skips parsing. With ``reuse`` (and
    ``cache``) a second load under the same key in this process returns the same objects: the
    batch runs a client's notebooks in one kernel, and the second to the fourth get the tables
    (and the KPI registry kept with them) that the first read. The caller must not change them.

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
    key = _cache.cache_key(config, strict) if cache else None
    if reuse and key in _IN_MEMORY:
        return _IN_MEMORY[key]
    loaded = _cache.load(config, key) if key else None
    loaded = loaded or _ingest(config, strict, key)
    if reuse and key:
        _IN_MEMORY.clear()                      # one client per kernel: keep the last only
        _IN_MEMORY[key] = loaded
    return loaded


#: what makes a record of two exports the same record: its id and a date or kind an export never changes
#: (an id alone is not enough: a CRM may number its calls and its meetings each from 1, in two files)
_SAME_RECORD = {"cases": ("case_id", "opened_at"), "opportunities": ("opportunity_id", "created_at"),
                "leads": ("lead_id", "created_at"), "activities": ("activity_id", "type"),
                "quotes": ("quote_id", "sent_at")}


def _left_out(report: DataQualityReport, table: str, fname: str, rows: np.ndarray, note: Note) -> None:
    """Rows of *fname* left out on purpose after they were read: said with their rows, moved from kept to excluded."""
    report.add("info", table, fname, None, note, rows=rows, left_out=True)
    for entry in report.files:
        if entry["table"] == table and entry["file"] == fname:
            entry["rows_kept"] -= len(rows)
            entry["rows_excluded"] += len(rows)


#: an older export whose records a newer one holds for at least this share is an earlier copy of the whole table
SNAPSHOT_SHARE = 0.9


def _still_open(table: str, df: pd.DataFrame) -> np.ndarray | None:
    """Which records are still open (a case not closed, a deal neither won nor lost); None for other tables."""
    if table == "cases" and "closed_at" in df:
        return df["closed_at"].isna().to_numpy(bool)
    if table == "opportunities" and "status" in df:
        return df["status"].eq("open").fillna(False).to_numpy(bool)
    return None


def _deleted_since(table: str, df: pd.DataFrame, rank: pd.Series, known: pd.Series, report: DataQualityReport
                   ) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The records of an earlier copy of the whole table that no newer export holds: deleted since, left out.

    A pipeline downloaded at each month's end: the newest download holds nearly every deal of the earlier ones,
    and the 12 it lacks were deleted in the CRM, yet they stayed in the open pipeline. Exports of parts (a file
    per year, an archive beside the current deals) share few records and lose none.
    """
    key = list(_SAME_RECORD[table])
    keys = pd.MultiIndex.from_frame(df[key].astype("string"))
    drop = np.zeros(len(df), bool)
    for r in sorted(rank[known].unique())[:-1]:
        own = (rank == r).to_numpy(bool) & known.to_numpy(bool)
        later = pd.Index(keys[(rank > r).to_numpy(bool) & known.to_numpy(bool)])
        held = keys[own].isin(later)
        if SNAPSHOT_SHARE <= held.mean() < 1:
            gone = np.flatnonzero(own)[~held]
            # a newer report of the closed records alone (Zammad's "Closed" beside its "Created"): a record still
            # open is missing from it by its filter, not deleted
            open_ = _still_open(table, df)
            if open_ is not None and not open_[(rank > r).to_numpy(bool) & known.to_numpy(bool)].any():
                gone = gone[~open_[gone]]
            if not len(gone):
                continue
            drop[gone] = True
            fname = str(df["_file"].iloc[gone[0]])
            _left_out(report, table, fname, np.sort(df["_row"].iloc[gone].to_numpy()),
                      Note("dq.deleted_since", n=len(gone), share={"value": float(held.mean()), "unit": "ratio"}))
    keep = ~drop
    return df[keep].reset_index(drop=True), rank[keep].reset_index(drop=True), known[keep].reset_index(drop=True)


def _moved_copies(table: str, df: pd.DataFrame, report: DataQualityReport) -> pd.DataFrame:
    """A record moved to another CRM, which names its old id ("Pipedrive ID"): the old CRM's copy is left out.

    A client that moved from Pipedrive to HubSpot in April: HubSpot holds the 220 deals open in March under
    ids of its own, and Pipedrive's March export still shows them open: counted twice, the open pipeline
    read 589 deals for 369. The newer CRM's copy is the record; the older one is excluded, counted per file.
    """
    key = _SAME_RECORD.get(table)
    if key is None or "previous_id" not in df or df["_file"].nunique() < 2:
        return df
    named = df.dropna(subset=["previous_id"]).drop_duplicates("previous_id")
    newer = pd.Series(named["_file"].to_numpy(), index=named["previous_id"].astype("string").str.strip().to_numpy())
    into = df[key[0]].astype("string").str.strip().map(newer)
    moved = into.notna() & (into != df["_file"])
    if not moved.any():
        return df
    for fname, rows in df.loc[moved].groupby("_file")["_row"]:
        newer_files = ", ".join(sorted(set(into[moved & (df["_file"] == fname)])))
        _left_out(report, table, fname, np.sort(rows.to_numpy()),
                  Note("dq.moved_copies", n=len(rows), newer=newer_files))
    return df[~moved].reset_index(drop=True)


def _newest_copies(table: str, df: pd.DataFrame, paths: list[Path], report: DataQualityReport) -> pd.DataFrame:
    """A record two exports of one table both hold (last week's export beside this week's): its newest copy.

    The newest is the one last modified where the exports say so, else the one of the newer file (its time,
    then its name: "export-2026-11-01" after "export-2026-10-25"). Every ticket of two weekly Zendesk
    exports had been counted twice, and its status read from the older export as often as from the newer.
    The older copies are excluded, counted per file.
    """
    key = _SAME_RECORD.get(table)
    if key is None or not set(key) <= set(df.columns) or df["_file"].nunique() < 2:
        return df
    known = df[list(key)].notna().all(axis=1)
    copies = known & df.duplicated(list(key), keep=False)
    if not copies.any():
        return df
    age = {p.name: (p.stat().st_mtime if p.exists() else 0.0, p.name) for p in paths}
    rank = df["_file"].map({f: i for i, f in enumerate(sorted(age, key=age.get))}).fillna(-1)
    df, rank, known = _deleted_since(table, df, rank, known, report)
    copies = known & df.duplicated(list(key), keep=False)
    changed = df["modified_at"] if "modified_at" in df else pd.Series(pd.NaT, index=df.index)
    order = pd.DataFrame({"changed": changed, "rank": rank})[copies].sort_values(["changed", "rank"],
                                                                                  na_position="first", kind="stable")
    older = df.loc[order.index].duplicated(list(key), keep="last")
    drop = older[older].index
    for fname, rows in df.loc[drop].groupby("_file")["_row"]:
        newer = df.loc[copies & ~df.index.isin(drop) & (df["_file"] != fname), "_file"]
        _left_out(report, table, fname, np.sort(rows.to_numpy()),
                  Note("dq.older_copies", n=len(rows), newer=", ".join(sorted(set(newer))) or fname))
    return df.drop(index=drop).reset_index(drop=True)


def _ingest(config: ClientConfig, strict: bool, key: str | None) -> tuple[ClientData, DataQualityReport]:
    """Every export of the client through its mapping, the cross-table checks, then the cache."""
    report = DataQualityReport(client_id=config.client_id, source=config.source)
    tables: dict[str, pd.DataFrame] = {}
    for table in _ORDER:
        paths = config.file_for(table)
        if not paths:
            continue
        custom = config.mapping.get(table)
        frames, seen = [], {}
        vendor = config.source if config.source not in ("custom", "canonical") else None
        for p in paths:
            for part in _sheet_parts(file_mapping(custom, p.name)):
                frames.append(ingest_file(p, table, config=config, report=report, mapping=part, source=vendor,
                                          context=tables, headers_seen=seen))
        if custom:
            check_headers(config, table, custom, seen)
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        tables[table] = _newest_copies(table, _moved_copies(table, df, report), paths, report) if len(frames) > 1 \
            else df
    if all(df.empty for df in tables.values()) and report.errors:
        raise IngestError("no rows could be read from any export:\n" + report.summary())
    if "opportunity_history" in tables and "opportunities" not in tables:
        tables = {**tables, **_deals_from_history(tables["opportunity_history"], report)}
    tables = _users_from_names(tables, report)
    tables = _converted_by_deals(tables, report)
    tables = {t: df.drop(columns=[c for c in df.columns if c in INGEST_ONLY and c not in columns(t)])
              for t, df in tables.items()}
    tables = cross_checks(tables, report, strict=strict, currency=config.currency)
    data = ClientData.from_frames(config, **tables)
    if key:
        _cache.store(config, key, data, report, background=True)
    return data, report


