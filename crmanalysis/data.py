"""``ClientData``: the canonical tables of one client plus its configuration."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .config import ClientConfig
from .schema import TABLES, check_table_name, coerce_table

__all__ = ["ClientData", "MissingTableError", "NotComputable", "EVENT_DATES", "undecided_stages", "won_only",
           "NONE_LOST_WON", "CANCELLED_CASES", "MISSED_CONTACTS", "called_off", "RESOLVED_STATUSES", "says_resolved"]


class NotComputable(LookupError):
    """The data cannot support the result asked for; ``needs`` says what would.

    The one exception that analyses raise for *missing data* (a table, a column, a go-live
    date, enough history). Notebooks and ``kpis.compute`` turn it into a sentence
    ("needs activities"); every other exception is a bug and is not caught.
    """

    def __init__(self, *needs: str, detail: str = "") -> None:
        self.needs = tuple(n for n in needs if n)
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """``needs activities, users`` or the detail alone."""
        head = f"needs {', '.join(self.needs)}" if self.needs else ""
        return "; ".join(x for x in (head, self.detail) if x)

    def __str__(self) -> str:
        return self.message


#: a first month holding less than this share of the dated events of a month in the three after it is a
#: lead-in of stray early records (:meth:`ClientData.covered_from`), not a month to compare with
LEAD_IN_SHARE = 0.05

class MissingTableError(NotComputable):
    """A KPI or analysis needs a table this client does not have."""


def _whole_weeks(d: np.ndarray) -> bool:
    """Whether a month column's dates are weeks: several days at midnight, all a week or weeks apart.

    Google Ads segmented by week writes each week's Monday: its last row, 26 October, covers the month to the
    31st, and read as ending on the 26th the report fell on September.
    """
    d = np.unique(d[~np.isnat(d)])
    if len(d) < 3 or not (d == d.astype("datetime64[D]").astype("datetime64[ns]")).all():
        return False
    gaps = np.diff(d.astype("datetime64[D]").astype("int64"))
    return bool((gaps % 7 == 0).all())


def _whole_months(d: np.ndarray) -> bool:
    """Whether every date of a month column is the first of its month at midnight: months, not days."""
    d = d[~np.isnat(d)]
    return bool(len(d)) and bool((d == d.astype("datetime64[M]").astype("datetime64[ns]")).all())


# Dated events per table that say "this happened" (never a plan for the future): the span of
# the data runs from the first to the last of them. An open deal's close date, a due date of
# an activity not done, a contract's end date, a campaign's dates and planned CRM costs are
# plans and do not count. ":closed" counts a deal's close date only once decided, ":completed" an activity's date
# only once done.
EVENT_DATES: dict[str, tuple[str, ...]] = {
    "opportunities": ("created_at", "close_date:closed"),
    "opportunity_history": ("changed_at",),
    "activities": ("created_at", "completed_at", "scheduled_at:completed"),
    "leads": ("created_at", "mql_at", "sql_at", "converted_at", "disqualified_at"),
    "quotes": ("sent_at", "decided_at"),
    "cases": ("opened_at", "closed_at", "first_response_at"),
    "touchpoints": ("touched_at",),
    "contracts": ("start_date",),
    "marketing_spend": ("month",),
    "financials": ("month",),
    "accounts": ("created_at",),
}


def undecided_stages(deals: pd.DataFrame) -> str | None:
    """None where a deal is won or lost; else the export's commonest stages as " ('Signed', 'Dead')" ("" without).

    A pipeline of its own stages that no word list knows reads as all open: its revenue is unknown, not 0. One
    answer for the data-quality error, page 1's check and the stale-deals finding.
    """
    if deals.empty or deals["status"].isin(["won", "lost"]).any():
        return None
    stages = deals["stage"].dropna().astype(str) if "stage" in deals else pd.Series(dtype="string")
    examples = ", ".join(repr(v) for v in stages.value_counts().index[:4])
    return f" ({examples})" if examples else ""


#: won deals from which an export without one lost deal is taken for a report of won deals only
NONE_LOST_WON = 20


def won_only(deals: pd.DataFrame) -> bool:
    """Whether the deals are a report of won deals only ("Closed Won Opportunities", a list of signed deals).

    :data:`NONE_LOST_WON` won deals or more and not one lost: its win rate is 100 % by construction. One answer for
    page 1's check and its cards.
    """
    status = deals["status"] if "status" in deals else pd.Series(dtype="string")
    return int(status.eq("won").sum()) >= NONE_LOST_WON and not status.eq("lost").any()


def won_when_created(deals: pd.DataFrame) -> bool:
    """Whether every won deal closed on the day it was created (a shop's orders, won when placed).

    Keap's orders: a sales cycle of 0 days in every month, by construction; no card shows it. Only with
    :data:`NONE_LOST_WON` won deals or more that have both dates.
    """
    if not {"status", "close_date", "created_at"} <= set(deals):
        return False
    won = deals[deals["status"].eq("won").fillna(False) & deals["close_date"].notna() & deals["created_at"].notna()]
    return len(won) >= NONE_LOST_WON and bool(
        (won["close_date"].dt.normalize() == won["created_at"].dt.normalize()).all())


#: a word of a case status that says the case is done, in the export languages ("erfolgreich geschlossen",
#: "closed unsuccessful", TOPdesk's "Afgemeld"), unless a word of :data:`NOT_RESOLVED` is beside it
RESOLVED_STATUSES = frozenset(
    "closed resolved solved done completed complete archived gesloten opgelost afgemeld afgehandeld afgesloten gereed "
    "geschlossen gelöst geloest erledigt abgeschlossen fertig fermé fermée résolu résolue clos clôturé cerrado cerrada "
    "resuelto resuelta fechado fechada resolvido resolvida chiuso chiusa risolto risolta lukket løst afsluttet".split())
NOT_RESOLVED = frozenset("not nicht niet non no ikke".split())           # French "un" is "a", no negation


#: what an order list, each order won the day it is placed, has no use for: a sales cycle of 0 days, and a "win rate"
#: that is the share of orders not cancelled
ORDER_LIST_NEVER = ("sales_cycle_days", "win_rate")
#: and where no order is open, no pipeline: its cards read 0 in every month
ORDER_LIST_NO_PIPELINE = ("open_deals", "open_pipeline_value", "weighted_pipeline")


def order_list_never(data: ClientData) -> frozenset[str]:
    """The KPIs an order list's page 1 leaves out (:func:`won_when_created`); none for any other deals.

    Asked for every card and every number to check: decided once per client (:meth:`ClientData.kept`).
    """
    def never() -> pd.Series:
        deals = data.opportunities if data.has("opportunities") else None
        if deals is None or not len(deals) or not won_when_created(deals):
            return pd.Series([], dtype="string")
        none_open = not deals["status"].eq("open").fillna(False).any()
        return pd.Series(ORDER_LIST_NEVER + (ORDER_LIST_NO_PIPELINE if none_open else ()), dtype="string")
    return frozenset(data.kept(("order_list_never",), never))


def says_resolved(words: pd.Series) -> pd.Series:
    """Whether each case status in *words* says the case is done (:data:`RESOLVED_STATUSES`, no negation beside it)."""
    return words.astype("string").str.lower().str.findall(r"[^\W\d_]+").map(
        lambda ws: isinstance(ws, list) and bool(RESOLVED_STATUSES.intersection(ws))
        and not NOT_RESOLVED.intersection(ws)).astype(bool)


#: a case's status once it was called off (ServiceNow's "Canceled", Odoo's "Geannuleerd"): opened, never resolved,
#: and waiting for nobody
CANCELLED_CASES = frozenset({"cancelled", "canceled", "geannuleerd", "abgebrochen", "storniert", "annulleret",
                             "annullerad", "kansellert", "annulé", "annulée", "cancelado", "cancelada", "annullato",
                             "closed cancelled", "closed canceled", "withdrawn", "ingetrokken", "zurückgezogen"})


#: a chat nobody took (Userlike's "Verpasst") or a message left while no one was online: a contact that came in,
#: ended when the visitor left, never resolved
MISSED_CONTACTS = frozenset({"missed", "missed chat", "verpasst", "verpasster chat", "gemist", "gemiste chat",
                             "manqué", "manquée", "perdido", "perdida", "mistet", "missat", "offline message",
                             "offline-nachricht", "offline nachricht", "offlinebericht", "offline bericht",
                             "offline-bericht", "message hors ligne", "mensaje sin conexión", "offlinebesked"})


def called_off(status: pd.Series) -> pd.Series:
    """Whether each case's *status* says it was called off or missed: ingest's and backlog's rule.

    Called off as :data:`CANCELLED_CASES`, missed as :data:`MISSED_CONTACTS`.
    """
    return status.astype("string").str.strip().str.casefold().isin(CANCELLED_CASES | MISSED_CONTACTS) \
        .fillna(False).astype(bool)


@dataclass(frozen=True)
class ClientData:
    """Canonical DataFrames (crmanalysis.schema) of one client.

    No table is required: a client may send only deals, only help-desk cases or only leads;
    each analysis uses what is there. Tables are stored coerced to canonical dtypes;
    :meth:`table` returns the frame (do not mutate it — use ``.copy()``).
    """

    config: ClientConfig
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    # span() scans every dated column; every KPI computation asks for it, so it is kept per instance
    _spans: dict[Any, tuple[pd.Timestamp | None, pd.Timestamp | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    # what the layers above build once per client and keep with it (the KPI registry, kept() frames)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in self.tables:
            check_table_name(name)

    @classmethod
    def from_frames(cls, config: ClientConfig, **frames: pd.DataFrame) -> ClientData:
        """Build from raw frames, coercing each to canonical columns and dtypes."""
        return cls(config, {k: coerce_table(k, v) for k, v in frames.items() if v is not None})

    def kept(self, key: Any, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The frame *make* builds for *key*, built once for this client and kept with its tables.

        Every caller gets a shallow copy (pandas copies on write), so none can change the kept one.
        The notebooks of one client ask the same question more than once: notebooks 01 and 02 the
        baseline, every rep's card the month of all reps.
        """
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key].copy(deep=False)

    def has(self, table: str, column: str | None = None) -> bool:
        """True when the client has *table* (even if empty); with *column*, a non-empty value in it."""
        if table not in self.tables:
            return False
        if column is None:
            return True
        df = self.tables[table]
        return column in df and bool(df[column].notna().any())

    def table(self, name: str) -> pd.DataFrame:
        """The canonical frame *name*; raises :class:`MissingTableError` ("needs X") if absent."""
        check_table_name(name)
        if name not in self.tables:
            raise MissingTableError(name)
        return self.tables[name]

    def require(self, table: str, *columns: str) -> pd.DataFrame:
        """The table, or :class:`NotComputable` naming the table or the empty columns it needs."""
        df = self.table(table)
        if df.empty:
            raise NotComputable(f"{table} (the export has no rows)")
        empty = [c for c in columns if c not in df or not df[c].notna().any()]
        if empty:
            raise NotComputable(*(f"{table}.{c}" for c in empty))
        return df

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def replace(self, **frames: pd.DataFrame) -> ClientData:
        """A new ClientData with some tables replaced (inputs never mutated)."""
        new = dict(self.tables)
        new.update({k: coerce_table(k, v) for k, v in frames.items()})
        return ClientData(self.config, new)

    def summary(self) -> pd.DataFrame:
        """Row counts per table."""
        return pd.DataFrame(
            {"table": list(self.tables), "rows": [len(t) for t in self.tables.values()]}
        )

    def exported_at(self) -> pd.Timestamp | None:
        """The export's own date: its latest record modification (``modified_at``), None when none is given.

        No event of the data can be later than the moment its export was taken. A file whose records have no
        modification times may say it in ``_exported_at``: the date its report footer or its name gives.
        """
        if "exported_at" not in self._memo:
            now = np.datetime64(pd.Timestamp.now(), "ns")
            latest = None
            for df in self.tables.values():
                for col in ("modified_at", "_exported_at"):
                    if col not in df:
                        continue
                    d = df[col].to_numpy(dtype="datetime64[ns]")
                    d = d[~np.isnat(d) & (d <= now)]
                    if len(d) and (latest is None or d.max() > latest):
                        latest = d.max()
            self._memo["exported_at"] = pd.Timestamp(latest) if latest is not None else None
        return self._memo["exported_at"]

    def span(self, *, today: Any = None, tables: tuple[str, ...] | None = None
             ) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """(first, last) dated event of any kind in the data (:data:`EVENT_DATES`); ``(None, None)`` if none.

        Dates after the export's own date (:meth:`exported_at`) or after *today* (default: now) are
        plans or typing errors and are left out. *tables*: of these tables only (a lead file that
        starts later than the deals has no leads before its own first date, not zero).
        """
        key = (today, tables)
        if key in self._spans:
            return self._spans[key]
        lo, hi = None, None
        cap = self._cap(today)
        for col, d in self._event_dates(today, tables):
            a, b = d.min(), d.max()
            if col == "month" and _whole_months(d):
                # a sheet of months ("okt. 2026" read as 1 October) covers its last month to the month's end
                b = min((b.astype("datetime64[M]") + 1).astype("datetime64[ns]") - np.timedelta64(1, "s"), cap)
            elif col == "month" and _whole_weeks(d):
                b = min(b + np.timedelta64(7, "D") - np.timedelta64(1, "s"), cap)
            lo = a if lo is None or a < lo else lo
            hi = b if hi is None or b > hi else hi
        span = (pd.Timestamp(lo) if lo is not None else None, pd.Timestamp(hi) if hi is not None else None)
        self._spans[key] = span
        return span

    def events_between(self, start: Any, end: Any) -> int:
        """How many dated events of any kind (:data:`EVENT_DATES`, as :meth:`span` counts them) fall in [start, end]."""
        return sum(self.events_by_column(start, end).values())

    def events_by_column(self, start: Any, end: Any) -> dict[str, int]:
        """:meth:`events_between` per date column ("closed_at": 99), the columns with none left out."""
        lo, hi = np.datetime64(pd.Timestamp(start), "ns"), np.datetime64(pd.Timestamp(end), "ns")
        out: dict[str, int] = {}
        for col, d in self._event_dates(None, None):
            n = int(((d >= lo) & (d <= hi)).sum())
            if n:
                out[col] = out.get(col, 0) + n
        return out

    def covered_from(self, tables: tuple[str, ...] | None = None) -> pd.Timestamp | None:
        """The first day of the first month of the data that is not a lead-in of stray records.

        An export often carries a few stray records from before it really starts (one case on
        6 February, 1,996 in March): a first month holding less than :data:`LEAD_IN_SHARE` of the
        events of one of the three months with data after it is a lead-in, and so is the next one on
        the same terms. A business that grows (3, 11, 17, 31 contracts) has none. The same events as
        :meth:`span`, of *tables* only when given; ``None`` without any.
        """
        key = ("covered_from", tables)
        if key not in self._memo:
            dated = [d for _, d in self._event_dates(None, tables)]
            first = None
            if dated:
                months, counts = np.unique(np.concatenate(dated).astype("datetime64[M]"), return_counts=True)
                after = np.zeros(len(counts))
                for k in (1, 2, 3):             # the busiest of the (up to) three months with data after each
                    after[:-k or None] = np.maximum(after[:-k or None], counts[k:])
                first = pd.Timestamp(months[np.argmax(counts >= LEAD_IN_SHARE * after)])
            self._memo[key] = first
        return self._memo[key]

    def starts_in_earnest(self, tables: tuple[str, ...] | None, by: pd.Timestamp) -> pd.Timestamp | None:
        """Where *tables* start for a finding measured up to *by*; ``None`` without any dated record.

        After a lead-in of stray records that ends by then (:meth:`covered_from`), else at their first record.
        """
        first, covered = self.span(tables=tables)[0], self.covered_from(tables)
        return covered if first is not None and covered is not None and covered <= by else first

    def _cap(self, today: Any) -> np.datetime64:
        """The latest instant an event can have: *today* (default: now), or the export's own date when earlier."""
        cap = pd.Timestamp(today) if today is not None else pd.Timestamp.now()
        exported = self.exported_at()
        return np.datetime64(min(cap, exported) if exported is not None else cap, "ns")

    def _event_dates(self, today: Any, tables: tuple[str, ...] | None) -> Iterator[tuple[str, np.ndarray]]:
        """(column, dates) of each event column (:data:`EVENT_DATES`) that are events, up to the export or *today*."""
        cap = self._cap(today)
        for table, specs in EVENT_DATES.items():
            df = self.tables.get(table)
            if df is None or df.empty or (tables is not None and table not in tables):
                continue
            for spec in specs:
                col, _, cond = spec.partition(":")
                if col not in df:
                    continue
                d = df[col].to_numpy(dtype="datetime64[ns]")
                ok = ~np.isnat(d) & (d <= cap)
                if cond == "closed" and "status" in df:
                    ok &= df["status"].isin(["won", "lost"]).to_numpy(bool)
                elif cond == "completed" and "completed" in df:
                    # not said whether done: a past date is an event, as the activity KPIs count it (planned
                    # activities not yet done are what "completed: false" marks)
                    ok &= df["completed"].fillna(True).to_numpy(bool)
                if ok.any():
                    yield col, d[ok]
