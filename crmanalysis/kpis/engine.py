"""Vectorised KPI engine: period codes, entity grouping and re-aggregable sums.

Every KPI is computed from rows at the grain asked for: the engine assigns each row a
period (by the KPI's date column) and a group (by the ``by`` columns), then sums a
numerator and a denominator with ``np.bincount`` (no Python loop over rows). Ratios are
Σnumerator / Σdenominator at every grain; medians are recomputed from the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..data import ClientData, NotComputable
from ..i18n import Note
from ..schema import TABLES

__all__ = ["Context", "PeriodAxis", "OUT_COLUMNS", "UNKNOWN"]

OUT_COLUMNS = ["kpi", "period", "period_start", "value", "numerator", "denominator", "n", "note"]
UNKNOWN = "(unknown)"
PERIODS = ("D", "W", "M", "Q", "Y")

# owner column per table ("rep" / "owner_id" in `by` means this column)
OWNER_COL = {"opportunities": "owner_id", "activities": "owner_id", "leads": "owner_id",
             "quotes": "owner_id", "accounts": "owner_id", "cases": "agent_id", "users": "user_id"}
BY_ALIASES = {"rep": "owner_id", "owner": "owner_id", "agent": "owner_id", "agent_id": "owner_id",
              "user_id": "owner_id"}


# every column a KPI can be grouped by: canonical columns of the tables, and derived dimensions
_KNOWN_DIMS = {c.name for cols in TABLES.values() for c in cols} | {"source_class", "channel", "team", "role",
                                                                    "region", "industry", "country"}


def _map_via(keys: pd.Series, lookup: pd.Series) -> pd.Series:
    """``keys.map(lookup)`` as a categorical, computed on the distinct keys only.

    With 10M activity rows and ~1,000 owners this is ~20x faster than a string map.
    """
    codes, uniq = pd.factorize(keys)
    mapped = pd.Series(np.asarray(uniq, dtype=object)).map(lookup)
    mcodes, mcats = pd.factorize(mapped.astype("string"), sort=True)
    final = np.where(codes >= 0, mcodes[np.clip(codes, 0, None)] if len(mcodes) else -1, -1)
    cats = pd.Index(np.asarray(mcats, dtype=object))
    return pd.Series(pd.Categorical.from_codes(final, categories=cats), index=keys.index)


def _fill(s: pd.Series, other_fn) -> pd.Series:
    """Fill missing values of *s* from ``other_fn()`` (only computed when something is missing)."""
    if not s.isna().any():
        return s
    return s.astype("string").fillna(other_fn().astype("string"))


def _to_ns(values: Any) -> np.ndarray:
    arr = pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[ns]")
    return arr


def _require_dated(table: str, dates: Any, date_key: str | None, counted: np.ndarray) -> None:
    """Raise :class:`NotComputable` when rows are to be counted and none of them is dated.

    A won deal without a close date: every month's 0 would be a wrong number, not "none". Where other rows
    have the date, "needs the close date" alone read as a column the export lacks (Zoho: its open deals have
    one, its won deal none usable), and the note says so.
    """
    dated = np.asarray(pd.notna(dates), dtype=bool)
    if counted.any() and not (counted & dated).any():
        col = f"{table}.{getattr(dates, 'name', None) or date_key or 'date'}"
        raise NotComputable(col, detail=Note("nc.counted_undated", table={"data": table}) if dated.any() else "")


@dataclass(frozen=True)
class PeriodAxis:
    """Integer period codes for a frequency and fiscal year start, with labels.

    Codes: W = ISO weeks since the epoch (Monday start), M = months since 1970-01,
    Q / Y = fiscal quarters / years since the fiscal year containing 1970-01.
    """

    freq: str
    fiscal_start: int = 1

    def codes(self, dates: np.ndarray) -> np.ndarray:
        """Period code per date (int64); NaT gives the minimum int64."""
        d = np.asarray(dates, dtype="datetime64[ns]")
        nat = np.isnat(d)
        if self.freq == "D":
            c = d.astype("datetime64[D]").astype(np.int64)
        elif self.freq == "W":
            c = (d.astype("datetime64[D]").astype(np.int64) + 3) // 7
        else:
            # months since 1970-01 from year and month: twice as fast as numpy's datetime64[M] cast
            idx = pd.DatetimeIndex(np.where(nat, np.datetime64(0, "ns"), d) if nat.any() else d)
            m = (idx.year.to_numpy().astype(np.int64) - 1970) * 12 + idx.month.to_numpy().astype(np.int64) - 1
            if self.freq == "M":
                c = m
            elif self.freq == "Q":
                c = (m - (self.fiscal_start - 1)) // 3
            else:
                c = (m - (self.fiscal_start - 1)) // 12
        c = c.astype(np.int64, copy=False)
        c[nat] = np.iinfo(np.int64).min
        return c

    def code(self, when: Any) -> int:
        """Code of the period containing the instant *when*."""
        return int(self.codes(np.array([pd.Timestamp(when)], dtype="datetime64[ns]"))[0])

    def start(self, code: int) -> pd.Timestamp:
        """First day of the period with *code*."""
        if self.freq == "D":
            return pd.Timestamp(np.datetime64(int(code), "D"))
        if self.freq == "W":
            return pd.Timestamp(np.datetime64(int(code) * 7 - 3, "D"))
        if self.freq == "M":
            return pd.Timestamp(np.datetime64(int(code), "M"))
        months = int(code) * (3 if self.freq == "Q" else 12) + self.fiscal_start - 1
        return pd.Timestamp(np.datetime64(months, "M"))

    def end(self, code: int) -> pd.Timestamp:
        """Last instant of the period (start of the next one minus 1 ns)."""
        return self.start(code + 1) - pd.Timedelta(1, "ns")

    def label(self, code: int) -> str:
        """Readable label: 2024-03-05, 2024-W09, 2024-03, 2024Q1 / FY2024Q1, 2024 / FY2024."""
        s = self.start(code)
        if self.freq == "D":
            return s.strftime("%Y-%m-%d")
        if self.freq == "W":
            iso = s.isocalendar()
            return f"{iso[0]}-W{iso[1]:02d}"
        if self.freq == "M":
            return s.strftime("%Y-%m")
        fy = s.year
        if self.freq == "Q":
            q = (int(code) % 4) + 1
            return f"{fy}Q{q}" if self.fiscal_start == 1 else f"FY{fy}Q{q}"
        return f"{fy}" if self.fiscal_start == 1 else f"FY{fy}/{str(fy + 1)[-2:]}"


@dataclass
class Context:
    """Everything a KPI function needs: the data, the grain, the window and caches."""

    data: ClientData
    by: list[str]
    axis: PeriodAxis
    first: int                      # first period code in the window
    last: int                       # last period code in the window
    as_of: pd.Timestamp
    t_start: pd.Timestamp | None = None   # rows dated before this instant are outside the window
    t_end: pd.Timestamp | None = None     # rows dated after this instant are outside the window
    options: dict[str, Any] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict)

    # -- periods ----------------------------------------------------------------------
    @property
    def n_periods(self) -> int:
        """Number of periods in the window."""
        return self.last - self.first + 1

    def period_index(self, dates: Any) -> np.ndarray:
        """0-based period index of each date in the window, -1 outside the window or NaT."""
        d = _to_ns(dates)
        c = self.axis.codes(d)
        idx = c - self.first
        out = (c < self.first) | (c > self.last)
        if self.t_start is not None:
            out |= d < np.datetime64(self.t_start, "ns")
        if self.t_end is not None:
            out |= d > np.datetime64(self.t_end, "ns")
        idx[out] = -1
        return idx

    def period_frame(self) -> pd.DataFrame:
        """Period / period_start for every period of the window."""
        codes = range(self.first, self.last + 1)
        return pd.DataFrame({"period": [self.axis.label(c) for c in codes],
                             "period_start": [self.axis.start(c) for c in codes]})

    def period_ends(self) -> list[pd.Timestamp]:
        """Snapshot instant of each period: its end, or as_of for the current period."""
        return [min(self.axis.end(c), self.as_of) for c in range(self.first, self.last + 1)]

    # -- entities ------------------------------------------------------------------------
    def dims(self, table: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """The ``by`` columns for every row of *table* (resolved through users / accounts)."""
        key = ("dims", table) if frame is None else None
        if key is not None and key in self._cache:
            return self._cache[key]
        df = self.data.table(table) if frame is None else frame
        out = {}
        for col in self.by:
            out[col] = self._dim(table, df, col)
        res = pd.DataFrame(out, index=df.index)
        if key is not None:
            self._cache[key] = res
        return res

    def _dim(self, table: str, df: pd.DataFrame, col: str) -> pd.Series:
        """The group column *col* for the rows *df* of *table*.

        Its own column, else found through the row's owner (users), account, deal or campaign;
        :class:`NotComputable` when the data has no way to it.
        """
        col_r = BY_ALIASES.get(col, col)
        owner = OWNER_COL.get(table)
        if col_r == "owner_id":
            own = self._owner_dim(table, df, owner)
            if own is not None:
                return own
        if table == "leads" and col_r == "source_class":
            return self.lead_source_class(df)
        if col_r in df and not (col_r == "region" and df[col_r].isna().all()):
            return self._own_column(table, df, col_r)
        if col_r in ("team", "region", "role") and owner and owner in df:
            return self._via_owner_checked(table, df, col_r)
        linked = self._linked_dim(table, df, col_r)
        if linked is not None:
            return linked
        if col_r in _KNOWN_DIMS:
            raise NotComputable(detail=Note("nc.group_nowhere", table={"data": table}, col={"col": col_r}))
        raise ValueError(f"cannot group by {col!r}: not a column of {table} or a dimension; valid: "
                         f"{', '.join(sorted(_KNOWN_DIMS | set(BY_ALIASES)))}")

    def _owner_dim(self, table: str, df: pd.DataFrame, owner: str | None) -> pd.Series | None:
        if owner and owner in df:
            if len(df) and not df[owner].notna().any():     # nobody to group by: not one "(unknown)" rep
                raise NotComputable(f"{table}.{owner}")
            return df[owner]
        if "account_id" in df:                               # contracts: the account's owner
            return self._via_account(df, "owner_id")
        return None

    def _own_column(self, table: str, df: pd.DataFrame, col: str) -> pd.Series:
        s = df[col]
        if col in ("region", "industry") and table == "opportunities":
            s = _fill(s, lambda: self._via_account(df, col))
            if col == "region":
                s = _fill(s, lambda: self._via_owner(table, df, col))
        return s

    def _via_owner_checked(self, table: str, df: pd.DataFrame, col: str) -> pd.Series:
        if not self.data.has("users") and not (col == "region" and self.data.has("accounts")):
            raise NotComputable("users" if col != "region" else Note("nc.users_or_accounts"),
                                detail=Note("nc.group_without", table={"data": table}, col={"col": col}))
        s = self._via_owner(table, df, col)
        if col == "region" and "account_id" in df:
            s = _fill(s, lambda: self._via_account(df, col))
        return s

    def _linked_dim(self, table: str, df: pd.DataFrame, col: str) -> pd.Series | None:
        """*col* through the row's account, its account's owner, its deal or its campaign (None: no link)."""
        if col in ("industry", "country", "is_key_account", "region") and "account_id" in df:
            return self._via_account(df, col)
        if col in ("team", "role") and "account_id" in df and self.data.has("users"):
            owner_of_account = self._via_account(df, "owner_id").astype("string")
            u = self.data.users.drop_duplicates("user_id").set_index("user_id")[col].astype("string")
            return _map_via(owner_of_account, u)
        if col in ("product_group", "product", "lead_source", "campaign_id") and "opportunity_id" in df \
                and self.data.has("opportunities") and table != "opportunities":
            o = self.data.opportunities.drop_duplicates("opportunity_id").set_index("opportunity_id")[col]
            return _map_via(df["opportunity_id"], o)
        if col == "channel" and "campaign_id" in df and self.data.has("campaigns"):
            c = self.data.campaigns.drop_duplicates("campaign_id").set_index("campaign_id")["channel"]
            return _map_via(df["campaign_id"], c)
        return None

    def _via_owner(self, table: str, df: pd.DataFrame, col: str) -> pd.Series:
        owner = OWNER_COL.get(table)
        if not self.data.has("users") or owner not in df:
            return pd.Series(pd.NA, index=df.index, dtype="string")
        u = self.data.users.drop_duplicates("user_id").set_index("user_id")[col].astype("string")
        return _map_via(df[owner], u)

    def _via_account(self, df: pd.DataFrame, col: str) -> pd.Series:
        if not self.data.has("accounts") or "account_id" not in df:
            return pd.Series(pd.NA, index=df.index, dtype="string")
        a = self.data.accounts.drop_duplicates("account_id").set_index("account_id")[col].astype("string")
        return _map_via(df["account_id"], a)

    def lead_source_class(self, leads: pd.DataFrame) -> pd.Series:
        """Marketing / sales class of each lead.

        The row's source_class, else the config's lead_definitions (marketing_sources /
        sales_sources lists) applied to the lead's source.
        """
        s = leads["source_class"].astype("string").str.lower()
        ld = self.data.config.lead_definitions or {}
        m = {str(x).lower(): "marketing" for x in ld.get("marketing_sources", [])}
        m.update({str(x).lower(): "sales" for x in ld.get("sales_sources", [])})
        if m:
            s = s.fillna(leads["source"].astype("string").str.lower().map(m).astype("string"))
        return s

    # -- aggregation ---------------------------------------------------------------------------
    def aggregate(self, table: str, dates: Any, *, mask: Any = None, num: Any = None, den: Any = None,
                  stat: str = "sum", val: Any = None, frame: pd.DataFrame | None = None,
                  fill_zero: bool = True, date_key: str | None = None, unknown: Any = None) -> pd.DataFrame:
        """Aggregate rows of *table* (or *frame*, rows aligned with *dates*) per period × group.

        stat ``sum``: value = Σnum (num defaults to 1 per row = a count);
        ``ratio``: value = Σnum / Σden (NaN when Σden = 0);
        ``median`` / ``mean``: of *val* (numerator = Σval, denominator = count).
        *date_key* caches the period index of *dates* under that name (same table, same dates).
        *unknown* marks rows that belong to the sum but whose value the export does not give (a won
        deal without an amount): a cell with such rows and no known one is NaN, not 0.
        Returns the standard columns without ``kpi`` (added by the caller).
        """
        df = self.data.table(table) if frame is None else frame
        n = len(df)
        ck = ("cell", table, date_key) if date_key and frame is None else None
        if ck is not None and ck in self._cache:
            # the KPIs of one table and date (calls, meetings, conversations…) share their cells
            cell, in_window, guniq = self._cache[ck]
        else:
            pidx = self.period_index(dates)
            if frame is None:
                gcodes, guniq = self.groups_of(table)
            else:
                gcodes, guniq = _group_codes(self.dims(table, frame) if self.by else pd.DataFrame(index=df.index))
            cell = pidx.astype(np.int64) * max(len(guniq), 1) + gcodes
            in_window = pidx >= 0
            if ck is not None:
                self._cache[ck] = (cell, in_window, guniq)
        keep = in_window
        if mask is not None:
            m = mask if isinstance(mask, np.ndarray) and mask.dtype == bool else \
                np.asarray(pd.Series(mask).fillna(False).to_numpy(), dtype=bool)
            keep = keep & m
            _require_dated(table, dates, date_key, m)
        if stat in ("median", "mean"):
            v = np.asarray(pd.to_numeric(pd.Series(val), errors="coerce").to_numpy(dtype="float64", na_value=np.nan))
            keep = keep & ~np.isnan(v)
        n_g = max(len(guniq), 1)
        size = self.n_periods * n_g
        cells = cell[keep]
        count = np.bincount(cells, minlength=size).astype("float64")
        if stat in ("median", "mean"):
            vk = v[keep]
            nsum = np.bincount(cells, weights=vk, minlength=size)
            dsum = count
            if stat == "median":
                med = pd.Series(vk).groupby(cells).median()
                value = np.full(size, np.nan)
                value[med.index.to_numpy()] = med.to_numpy()
            else:
                with np.errstate(invalid="ignore", divide="ignore"):
                    value = np.where(dsum > 0, nsum / np.where(dsum > 0, dsum, 1), np.nan)
        else:
            if num is None:                               # a count: the sum of ones is the count
                nsum = count.copy()
            else:
                w = np.nan_to_num(np.asarray(pd.Series(num).to_numpy(dtype="float64", na_value=np.nan)), nan=0.0)
                nsum = np.bincount(cells, weights=w[keep], minlength=size)
            if stat == "ratio":
                dw = np.ones(n) if den is None else np.nan_to_num(
                    np.asarray(pd.Series(den).to_numpy(dtype="float64", na_value=np.nan)), nan=0.0)
                dsum = np.bincount(cells, weights=dw[keep], minlength=size)
                with np.errstate(invalid="ignore", divide="ignore"):
                    value = np.where(dsum != 0, nsum / np.where(dsum != 0, dsum, 1), np.nan)
            else:
                dsum = np.full(size, np.nan)
                value = nsum.copy()
        if unknown is not None and stat == "sum":
            u = np.asarray(pd.Series(unknown).fillna(False).to_numpy(), dtype=bool) & in_window
            blind = (np.bincount(cell[u], minlength=size) > 0) & (count == 0)
            value, nsum = np.where(blind, np.nan, value), np.where(blind, np.nan, nsum)
        out = self._frame(value, nsum, dsum, count, guniq, n_g)
        if not fill_zero and stat == "sum":
            out.loc[out["n"] == 0, ["value", "numerator"]] = np.nan
        return out

    def _frame(self, value, nsum, dsum, count, guniq: pd.DataFrame, n_g: int) -> pd.DataFrame:
        # one constructor from arrays: a KPI's frame is built some 150 times for one report, and
        # pandas' row selection, concat and column-by-column assignment cost more than its numbers
        key = ("period_frame",)
        if key not in self._cache:
            self._cache[key] = self.period_frame()
        periods = self._cache[key]
        p_rep = np.repeat(np.arange(self.n_periods), n_g)
        cols = {c: periods[c].array.take(p_rep) for c in periods.columns}
        if self.by:
            g_rep = np.tile(np.arange(n_g), self.n_periods)
            cols.update({c: guniq[c].array.take(g_rep) for c in guniq.columns})
        cols.update(value=value, numerator=nsum, denominator=dsum, n=count.astype("int64"),
                    note=np.full(len(p_rep), "", dtype=object))
        return pd.DataFrame(cols)

    def from_series(self, values: list[np.ndarray | float], nums=None, dens=None, ns=None,
                    groups: pd.DataFrame | None = None) -> pd.DataFrame:
        """Build the standard frame from per-period arrays over the given groups (snapshots)."""
        n_g = 1 if groups is None or not self.by else len(groups)
        val = np.concatenate([np.broadcast_to(np.asarray(v, dtype="float64"), (n_g,)) for v in values])
        nsum = val if nums is None else np.concatenate([np.broadcast_to(np.asarray(x, "float64"), (n_g,))
                                                        for x in nums])
        dsum = np.full(len(val), np.nan) if dens is None else np.concatenate(
            [np.broadcast_to(np.asarray(x, "float64"), (n_g,)) for x in dens])
        cnt = np.zeros(len(val)) if ns is None else np.concatenate(
            [np.broadcast_to(np.asarray(x, "float64"), (n_g,)) for x in ns])
        guniq = groups if groups is not None and self.by else pd.DataFrame(index=range(1))
        return self._frame(val, nsum, dsum, cnt, guniq, n_g)

    def groups_of(self, table: str) -> tuple[np.ndarray, pd.DataFrame]:
        """(group code per row, unique groups) of *table* for the current ``by``."""
        key = ("groups", table)
        if key not in self._cache:
            dims = self.dims(table) if self.by else pd.DataFrame(index=self.data.table(table).index)
            self._cache[key] = _group_codes(dims)
        return self._cache[key]


def _group_codes(dims: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer group code per row and the unique group rows (missing values → '(unknown)')."""
    if dims.shape[1] == 0:
        return np.zeros(len(dims), dtype=np.int64), pd.DataFrame(index=range(1))
    codes = np.zeros(len(dims), dtype=np.int64)
    uniques = []
    for col in dims.columns:
        s = dims[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            c = s.cat.codes.to_numpy().astype(np.int64)
            u = [str(x) for x in s.cat.categories]
            if (c < 0).any():
                c = np.where(c < 0, len(u), c)
                u = u + [UNKNOWN]
        else:
            c, u = pd.factorize(s.astype("string").fillna(UNKNOWN), sort=True)
        uniques.append(np.asarray(u, dtype=object))
        codes = codes * len(u) + c
    if len(uniques) == 1:                      # factorize codes are already dense and sorted
        comb, inv = np.arange(len(uniques[0]), dtype=np.int64), codes
    else:                                      # hash-based: O(n), unlike np.unique's sort
        inv, comb = pd.factorize(codes, sort=True)
    rows = {}
    rem = comb.copy()
    for col, u in zip(reversed(list(dims.columns)), reversed(uniques), strict=True):
        rows[col] = u[rem % len(u)]
        rem = rem // len(u)
    guniq = pd.DataFrame({col: pd.array(rows[col], dtype="string") for col in dims.columns})
    return inv.astype(np.int64).ravel(), guniq
