"""The data-quality report (what ``crmanalysis validate`` prints): row accounting per file, issues, business rules.

Rows read = rows kept + rows rejected + rows excluded, per file; every issue names the file,
the export's own header and the canonical column, the rows (1-based, as in Excel) and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..data import undecided_stages
from ..i18n import Note

__all__ = ["IngestError", "DataQualityReport", "cross_checks"]

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
            fix: str = "", rows: Any = (), value: Any = None, canonical: str = "", header: str = "",
            left_out: bool = False) -> None:
        """Record one issue (rows: the 1-based file rows concerned; *left_out*: it says why they were left out).

        *column* is how the CLI names the column (the export's header and the canonical name);
        *canonical* and *header* keep both apart for a report in the client's language.
        """
        rows = np.asarray(rows if hasattr(rows, "__len__") else list(rows), dtype=np.int64).ravel()
        self.issues.append({
            "severity": severity, "table": table, "file": file, "column": column or "",
            "canonical": canonical, "header": header,
            "count": len(rows), "rows": rows[:_MAX_ROWS_LISTED].tolist(),
            "example": "" if value is None else str(value), "message": str(message), "fix": fix, "left_out": left_out,
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
                 f" + {t['rows_excluded']} excluded; errors: {n_err}, warnings: {n_warn}."]
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


def _dated_by_creation(a: pd.DataFrame, report: DataQualityReport) -> pd.DataFrame:
    """Activities with neither a due nor a done date, dated by their creation: a call log's "Created At" is the call.

    Outreach's calls export dates each call by its creation alone; unread, its 2,850 calls had no date and page 1
    counted 0 calls.
    """
    if "created_at" not in a:
        return a
    undated = a["completed_at"].isna() & a["scheduled_at"].isna() & a["created_at"].notna()
    if not undated.any():
        return a
    a = a.assign(scheduled_at=a["scheduled_at"].fillna(a["created_at"].where(undated)))
    files = a.loc[undated, "_file"].dropna().unique() if "_file" in a else []
    report.add("info", "activities", ", ".join(map(str, files[:3])), "scheduled_at",
               Note("dq.dated_by_creation", n=int(undated.sum())),
               rows=a.loc[undated, "_row"] if "_row" in a else [], canonical="scheduled_at")
    return a


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
    message = Note(what, n=n)                  # its verb agrees with the count ("1 row has", "3 rows have")
    report.add(sev, table, fname, column,
               Note("dq.finding", n=n, what=message, verb=Note("dq.rejected_strict" if strict else "dq.kept")),
               fix, rows=rows, canonical=column)
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


#: the date a table's records are created on: a record cannot be modified before it
_CREATED = {"opportunities": "created_at", "leads": "created_at", "accounts": "created_at", "activities": "created_at",
            "cases": "opened_at", "quotes": "sent_at"}


def _modification_times(tables: dict[str, pd.DataFrame], report: DataQualityReport) -> pd.Timestamp | None:
    """The export's own date: the latest record modification (``LastModifiedDate``, ``Modified Time`` …).

    A column whose values lie before their records' creation on more than a tenth of the rows is
    not a modification time (a mapping mistake): it is left out, with a finding. Times after now
    are typing errors. None when no export carries one.
    """
    now = pd.Timestamp.now()
    latest = None
    for table, df in tables.items():
        if "modified_at" not in df or not df["modified_at"].notna().any():
            continue
        mod = df["modified_at"]
        created = _CREATED.get(table)
        if created in df:
            before = (mod < df[created] - pd.Timedelta(days=1)).fillna(False)
            if before.mean() > 0.1:
                report.add("warning", table, _files(df), "modified_at", Note("dq.modified_not_a_stamp",
                           n=int(before.sum()), col={"data": f"{table}.{created}"}), "check the mapping of modified_at",
                           rows=df.loc[before, "_row"] if "_row" in df else [], canonical="modified_at")
                tables[table] = df.assign(modified_at=pd.NaT)
                continue
        m = mod[mod <= now].max()
        if pd.notna(m) and (latest is None or m > latest):
            latest = m
    return latest


def _files(df: pd.DataFrame) -> str:
    return ", ".join(map(str, df["_file"].dropna().unique()[:3])) if "_file" in df else ""


def _closed_after_export(tables: dict[str, pd.DataFrame], report: DataQualityReport, exported: pd.Timestamp) -> None:
    """A won or lost deal dated after the export was taken: its close date is a plan, not when it closed.

    The date is left empty (the deal counts in no month) and said, so that no report month is chosen
    after the export and no won revenue sits in a month the export cannot know.
    """
    o = tables["opportunities"]
    late = (o["status"].isin(["won", "lost"]) & (o["close_date"] > _taken(o, exported))).fillna(False)
    if not late.any():
        return
    won = late & o["status"].eq("won")
    report.add("warning", "opportunities", _files(o[late]), "close_date",
               Note("dq.closed_after_export", n=int(late.sum()), won=int(won.sum()),
                    date={"day": f"{exported:%Y-%m-%d}"}),
               "set the close date of closed deals to the day they closed", rows=o.loc[late, "_row"]
               if "_row" in o else [], value=str(o.loc[late, "close_date"].iloc[0].date()), canonical="close_date")
    tables["opportunities"] = o.assign(close_date=o["close_date"].mask(late))


#: a stage history whose won / lost entries fall on one day for more than this share was written by a load
LOAD_DAY_SHARE = 0.3


def _closed_by_history(tables: dict[str, pd.DataFrame], report: DataQualityReport) -> None:
    """A won or lost deal closed on the day its stage history says it entered its won or lost stage (for the last time).

    A deal's own close date is often the date a rep planned and never updated: beside Zoho's stage history, one
    deal of October was dated in November and the open pipeline held another. A history whose last status of a deal
    is not the deal's own (a change the export of the deals knows and the history not yet) changes nothing.
    """
    h = tables.get("opportunity_history")
    o = tables["opportunities"]
    if h is None or h.empty or o.empty or not {"opportunity_id", "changed_at", "status"} <= set(h.columns):
        return
    h = h.dropna(subset=["opportunity_id", "changed_at", "status"]).sort_values(["opportunity_id", "changed_at"],
                                                                              kind="stable")
    if h.empty:
        return
    ids = h["opportunity_id"].astype("string")
    run = (h["status"] != h["status"].groupby(ids).shift()).fillna(True).astype(bool).cumsum()   # a run of one status
    since = h["changed_at"].groupby(run).transform("min")
    last = pd.DataFrame({"status": h["status"], "since": since, "id": ids}).groupby("id").last()
    deal = o["opportunity_id"].astype("string")
    entered = deal.map(last["since"])
    closed = o["status"].isin(["won", "lost"]) & (o["status"] == deal.map(last["status"])) & entered.notna()
    new = entered.dt.normalize()
    # a history written when the deals were loaded (a migration) dates most of them on that one day: it says nothing
    days = new[closed.fillna(False)].value_counts(normalize=True)
    if len(days) and days.iloc[0] > LOAD_DAY_SHARE and closed.sum() >= ONE_DAY_ROWS / 10:
        return
    moved = (closed & (o["close_date"].isna() | (o["close_date"] != new))).fillna(False)
    if not moved.any():
        return
    report.add("info", "opportunities", _files(o[moved]), "close_date",
               Note("dq.closed_by_history", n=int(moved.sum())), rows=o.loc[moved, "_row"] if "_row" in o else [],
               canonical="close_date")
    tables["opportunities"] = o.assign(close_date=o["close_date"].mask(moved, new))


def _taken(o: pd.DataFrame, exported: pd.Timestamp) -> pd.Series:
    """The day each deal's own file was taken: its latest change, else the file's own date, else *exported*.

    A client that moved from Pipedrive (exported in March, its deals with a last change) to HubSpot (exported in
    November, without one): the latest change of all, 31 March, had made 143 deals HubSpot won since then plans.
    """
    day = pd.Series(exported.normalize(), index=o.index)
    if "_file" not in o:
        return day
    files = o["_file"].astype("string").fillna("")
    own = o["modified_at"].groupby(files).transform("max") if "modified_at" in o else pd.Series(pd.NaT, index=o.index)
    if "_exported_at" in o:
        # a file without changes is dated by its name or when it was written; one with changes by the latest
        own = own.where(own.groupby(files).transform("count") > 0, o["_exported_at"])
    return own.dt.normalize().fillna(day)


#: the dates that say when each record's event happened; most of a table on one day of them is a load, not events
EVENT_DATES = {"opportunities": ("created_at",), "leads": ("created_at",), "accounts": ("created_at",),
               "activities": ("created_at",), "cases": ("opened_at", "closed_at"), "contracts": ("start_date",)}
#: at least this share of a table's dated rows on one day, of at least :data:`ONE_DAY_ROWS` rows
ONE_DAY_SHARE = 0.9
ONE_DAY_ROWS = 100


def _load_day(day: pd.Series) -> pd.Timestamp | None:
    """The likely load day of normalised dates *day*: one most rows share; None if there is none.

    At least :data:`ONE_DAY_SHARE` of the dated rows, of :data:`ONE_DAY_ROWS` or more.
    """
    dated = int(day.notna().sum())
    if dated < ONE_DAY_ROWS:
        return None
    top = day.value_counts().index[0]
    return top if (day == top).sum() >= ONE_DAY_SHARE * dated else None


def _one_day(tables: dict[str, pd.DataFrame], report: DataQualityReport) -> None:
    """An event date most of a table's rows share: the day the data were loaded, not when each event happened.

    Salesforce's demo org has all 5,188 deals and all 294 leads created on one day (page 1 read "New leads 294"
    for its month); a help desk's export closed 2,649 of 2,769 cases on 1 June 2023 ("Cases closed 2,670" for
    a two-day June). A doubt, said with its rows; the rows and dates are kept.
    """
    for table, cols in EVENT_DATES.items():
        df = tables.get(table)
        for col in (c for c in cols if df is not None and c in df):
            day = pd.to_datetime(df[col], errors="coerce").dt.normalize()
            top = _load_day(day)
            if top is None:
                continue
            same = (day == top).fillna(False)
            n = int(same.sum())
            what = Note("dq.one_day", n=n, col={"col": col}, day={"day": f"{top:%Y-%m-%d}"})
            said = Note("dq.finding", n=n, what=what, verb=Note("dq.kept"))
            report.add("warning", table, _files(df[same]), col, said,
                       "export the date each record was created, or ask how the data were loaded",
                       rows=df.loc[same, "_row"] if "_row" in df else [], value=f"{top:%Y-%m-%d}", canonical=col)


#: row counts that export limits produce (2,000 of a list view, 10,000 of a ServiceNow CSV, 100,000 of an export to
#: Excel, the sheet sizes of .xls and .xlsx, with and without their header row)
EXPORT_LIMITS = (2_000, 5_000, 10_000, 50_000, 65_535, 65_536, 100_000, 1_048_575, 1_048_576)


def _row_limit(report: DataQualityReport) -> None:
    """A table read from one file of exactly as many rows as an export limit: the export may have been cut there.

    The Duke ServiceNow list holds 10,000 incidents, all opened between 6 and 15 May 2012: page 1 read 9,998
    cases opened in May and said "Good". A table of several files (a backup split into parts) is not cut.
    """
    per_table: dict[str, list[dict[str, Any]]] = {}
    for f in report.files:
        per_table.setdefault(f["table"], []).append(f)
    for table, files in per_table.items():
        n = int(files[0].get("rows_read") or 0)
        if len(files) == 1 and n in EXPORT_LIMITS:
            report.add("warning", table, files[0]["file"], None, Note("dq.row_limit", n=n),
                       "check that the CRM holds no more records; if it does, export them in parts (by year or "
                       "by owner)", value=str(n))


def cross_checks(tables: dict[str, pd.DataFrame], report: DataQualityReport, *, strict: bool = False,
                 currency: str | None = None) -> dict[str, pd.DataFrame]:
    """Business rules across columns and tables: each finding lists its rows (kept unless strict).

    *currency*: the client's; a deal in another one without an exchange rate has no amount, said once already.
    """
    exported = _modification_times(tables, report)
    _row_limit(report)
    _one_day(tables, report)
    if "opportunities" in tables:
        _closed_by_history(tables, report)
        _opportunity_checks(tables, report, strict=strict, exported=exported, currency=currency)
        if exported is not None and not tables["opportunities"].empty:
            _closed_after_export(tables, report, exported)
    if "activities" in tables and not tables["activities"].empty:
        a = tables["activities"] = _dated_by_creation(tables["activities"], report)
        _finding(report, tables, "activities", a["completed_at"].isna() & a["scheduled_at"].isna(), "scheduled_at",
                 "dq.undated_activity", "export the due date", strict)
        tables["activities"] = tables["activities"].reset_index(drop=True)
    if "contracts" in tables and not tables["contracts"].empty:
        _ended_at_zero(tables["contracts"], report)
    if "cases" in tables and not tables["cases"].empty:
        c = tables["cases"]
        _finding(report, tables, "cases", c["closed_at"] < c["opened_at"], "closed_at",
                 "dq.case_closed_before_opened", "check the opening and closing dates", strict)
        tables["cases"] = tables["cases"].reset_index(drop=True)
    return tables


def _ended_at_zero(k: pd.DataFrame, report: DataQualityReport) -> None:
    """Ended subscriptions at an MRR of 0 beside running ones that have theirs: blanked, with a warning.

    A billing tool's export (Chargebee, Stripe) gives each subscription's MRR of today: 0 once cancelled. Summed
    as it stands, the MRR of a year before counted 175 of its 312 running subscriptions at 0 and read EUR 12,743
    where they paid EUR 28,900. Blank, each month says how many it is without (and a month of many has none).
    """
    if "mrr" not in k or not k["mrr"].notna().any():
        return
    ended, zero = k["end_date"].notna(), k["mrr"].eq(0).fillna(False)
    live = ~ended & k["mrr"].notna()
    mask = ended & zero
    if not mask.any() or mask.sum() < 0.9 * ended.sum() or (live & zero).sum() >= 0.5 * live.sum():
        return
    files = ", ".join(map(str, k.loc[mask, "_file"].dropna().unique()[:3])) if "_file" in k else ""
    report.add("warning", "contracts", files, "mrr", Note("dq.ended_zero_mrr", n=int(mask.sum())),
               "export the MRR each subscription had while it ran, or its price and billing interval",
               rows=k.loc[mask, "_row"] if "_row" in k else [], canonical="mrr")
    k.loc[mask, "mrr"] = np.nan


def _close_before_key(o: pd.DataFrame) -> str:
    """The finding of deals that close before they were created: every one of them created on the load day, or not.

    Salesforce's demo org: all 5,188 deals created on 29 March 2022, the day the data were loaded, so 4,732 closed
    "before" it; page 1 then asked which of the two dates is wrong, after saying which.
    """
    created = pd.to_datetime(o["created_at"], errors="coerce").dt.normalize()
    early = (o["close_date"] < created) & o["status"].isin(["won", "lost"])
    top = _load_day(created) if early.any() else None
    return "dq.close_before_loaded" if top is not None and (created[early] == top).all() else "dq.close_before_created"


def _none_decided(o: pd.DataFrame, report: DataQualityReport) -> None:
    """An error where no deal is won or lost: the export's stages say neither, as far as the mapping reads them.

    A pipeline of its own stages ("Signed", "Dead") read as all open, and the data quality said "Good" above
    a page 1 of revenue 0.
    """
    examples = undecided_stages(o)
    if examples is None:
        return
    files = ", ".join(map(str, o["_file"].dropna().unique()[:3])) if "_file" in o else ""
    report.add("error", "opportunities", files, "status", Note("dq.none_decided", n=len(o), examples=examples),
               "map the stages that mean won and lost: mapping.opportunities.values.status, e.g. "
               "{Signed: won, Dead: lost, \"*\": open}; or, if the export holds open deals only (a view such "
               "as 'My Open Opportunities'), export all deals", canonical="status")


def _opportunity_checks(tables: dict[str, pd.DataFrame], report: DataQualityReport, *, strict: bool,
                        exported: pd.Timestamp | None = None, currency: str | None = None) -> None:
    o = tables["opportunities"]
    _none_decided(o, report)
    # left without an amount for want of an exchange rate: said with the rate it needs, not as a missing amount
    foreign = (o["currency"].astype("string").str.upper().ne(currency.upper()).fillna(False)
               if currency and "currency" in o else pd.Series(False, index=o.index))
    # with the export's own date, a closed deal dated later is said (and undated) by _closed_after_export
    today = pd.Timestamp.today().normalize() + pd.Timedelta(days=1) if exported is None else pd.Timestamp.max
    checks = [
        (o["status"].eq("won") & o["amount"].isna() & ~foreign, "amount", "dq.won_no_amount",
         "fill in the amount of won deals"),
        # Bitrix24 leaves OPPORTUNITY at 0 until someone fills it: 13 of its 57 won deals read RUB0
        (o["status"].eq("won") & o["amount"].eq(0), "amount", "dq.won_zero_amount",
         "fill in the amount of won deals, or check that they were won"),
        (o["status"].isin(["won", "lost"]) & o["close_date"].isna(), "close_date", "dq.closed_no_date",
         "fill in the close date"),
        (o["amount"] < 0, "amount", "dq.negative_amount", "check credit notes or data entry"),
        # a deal won or lost: an open deal's close date is a forecast, and Dynamics' 7 open deals forecast before
        # their creation "closed before they were created"
        (o["status"].isin(["won", "lost"]) & (o["close_date"] < o["created_at"].dt.normalize()), "close_date",
         _close_before_key(o), "check the close or creation date"),
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
