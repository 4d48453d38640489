"""The canonical data model: one place that declares every table and column.

Every other module asks this one which tables exist, which columns they have, which
are required and which pandas dtype a column has after ingest.

Dtypes are logical:

``id``        string identifier (always ``str``, never a number)
``str``       free text or a category
``datetime``  tz-naive timestamp in the client's local time
``date``      a calendar date stored as a tz-naive timestamp at midnight (never shifted)
``float``     a number (money in the client's currency, probabilities 0–1, minutes …)
``bool``      true / false (nullable)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "Column",
    "TABLES",
    "ACTIVITY_TYPES",
    "OPPORTUNITY_STATUSES",
    "columns",
    "required_columns",
    "empty_table",
    "coerce_table",
    "check_table_name",
    "mappable_columns",
    "extra_columns",
    "dtype_of",
    "INGEST_ONLY",
]


@dataclass(frozen=True)
class Column:
    """One canonical column."""

    name: str
    dtype: str  # id | str | datetime | date | float | bool
    required: bool = False


def _cols(spec: str) -> tuple[Column, ...]:
    """Parse ``"*opportunity_id:id, amount:float"`` (``*`` = required)."""
    out = []
    for part in spec.split(","):
        part = part.strip()
        required = part.startswith("*")
        name, dtype = part.lstrip("*").split(":")
        out.append(Column(name.strip(), dtype.strip(), required))
    return tuple(out)


TABLES: dict[str, tuple[Column, ...]] = {
    "users": _cols(
        "*user_id:id, name:str, team:str, role:str, region:str, manager_id:id, active:bool,"
        " start_date:date, end_date:date"
    ),
    "accounts": _cols(
        "*account_id:id, name:str, industry:str, region:str, country:str, owner_id:id,"
        " is_key_account:bool, created_at:datetime"
    ),
    "leads": _cols(
        "*lead_id:id, *created_at:datetime, source:str, source_class:str, campaign_id:id,"
        " owner_id:id, status:str, mql_at:datetime, sql_at:datetime, converted_at:datetime,"
        " converted_opportunity_id:id, disqualified_at:datetime, converted:bool"
    ),
    "opportunities": _cols(
        "*opportunity_id:id, *created_at:datetime, *status:str, stage:str, amount:float,"
        " close_date:date, owner_id:id, account_id:id, probability:float, product:str,"
        " product_group:str, lead_id:id, lead_source:str, campaign_id:id,"
        " quote_sent_at:datetime, forecast_category:str, cost:float, currency:str"
    ),
    "opportunity_history": _cols(
        "*opportunity_id:id, *changed_at:datetime, stage:str, status:str, amount:float,"
        " close_date:date, probability:float, owner_id:id"
    ),
    "activities": _cols(
        "*activity_id:id, *type:str, owner_id:id, account_id:id, opportunity_id:id, lead_id:id,"
        " created_at:datetime, scheduled_at:datetime, completed:bool, completed_at:datetime,"
        " duration_min:float, has_report:bool"
    ),
    "quotes": _cols(
        "*quote_id:id, opportunity_id:id, account_id:id, owner_id:id, *sent_at:datetime,"
        " amount:float, status:str, decided_at:datetime"
    ),
    "cases": _cols(
        "*case_id:id, *opened_at:datetime, agent_id:id, account_id:id, closed_at:datetime,"
        " status:str, channel:str, priority:str, csat:float, first_response_at:datetime, answered:bool,"
        " talk_min:float, due_at:datetime"
    ),
    "campaigns": _cols("*campaign_id:id, name:str, channel:str, start_date:date, end_date:date"),
    "marketing_spend": _cols("*month:date, *amount:float, campaign_id:id, channel:str, impressions:float,"
                             " clicks:float, conversions:float"),
    "touchpoints": _cols("*lead_id:id, *touched_at:datetime, campaign_id:id, kind:str"),
    "contracts": _cols("*account_id:id, *start_date:date, end_date:date, mrr:float, contract_id:id"),
    "crm_costs": _cols("*month:date, *amount:float, category:str"),
    "financials": _cols("*month:date, revenue:float, cogs:float, gross_margin:float"),
}

#: Allowed values of ``activities.type``.
ACTIVITY_TYPES = ("call", "meeting", "email", "visit", "demo", "task", "other")
#: Allowed values of ``opportunities.status``.
OPPORTUNITY_STATUSES = ("open", "won", "lost")
#: Allowed values of ``crm_costs.category``.
COST_CATEGORIES = (
    "license", "implementation", "training", "integration", "support", "internal_time", "other",
)


def check_table_name(table: str) -> None:
    """Raise ``KeyError`` naming the valid tables when *table* is not canonical."""
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; valid tables: {', '.join(TABLES)}")


def columns(table: str) -> list[str]:
    """Canonical column names of *table*, in declaration order."""
    check_table_name(table)
    return [c.name for c in TABLES[table]]


#: columns a mapping may fill beyond the canonical ones, with their dtype. Kept in the table: the deal's
#: currency (converted with fx_rates), group columns kept as text (a deal's own region, industry or team
#: where the export has them) and ``modified_at``, the record's last change (the export's own date is the
#: latest of them: no event of the data can be later). Read by ingest and not kept (:data:`INGEST_ONLY`):
#: the won, lost and closed dates a deal's close date is taken from, owner names that users are derived
#: from, a case's duration that its closing time follows from, a call's outcome beside its done status
#: (a call done that did not connect was not held), which way an e-mail or a call went (in, out, internal) and a
#: record's id in the CRM it was moved from (its copy in that CRM's export is the same record).
EXTRA_COLUMNS: dict[str, dict[str, str]] = {
    "opportunities": {"currency": "str", "region": "str", "industry": "str", "team": "str",
                      "won_at": "date", "lost_at": "date", "closed_at": "date", "owner_name": "str",
                      "previous_id": "str"},
    "leads": {"owner_name": "str", "previous_id": "str"},
    "accounts": {"owner_name": "str"},
    "activities": {"owner_name": "str", "outcome": "bool", "direction": "str",
                   "previous_id": "str"},
    "cases": {"agent_name": "str", "resolution_hours": "float", "previous_id": "str"},
    # a billing tool's subscriptions in several currencies: converted with fx_rates, never summed as they are
    "contracts": {"currency": "str"},
}
#: every table may carry its records' last modification
_EVERY_TABLE = {"modified_at": "datetime"}
#: extra columns that ingest reads and then drops (names never travel past ingest: --anonymize relies on it)
INGEST_ONLY = frozenset({"won_at", "lost_at", "closed_at", "owner_name", "agent_name", "resolution_hours", "outcome",
                         "direction", "previous_id"})


def extra_columns(table: str) -> dict[str, str]:
    """The extra columns a mapping of *table* may fill, with their dtypes (:data:`EXTRA_COLUMNS`)."""
    check_table_name(table)
    return {**EXTRA_COLUMNS.get(table, {}), **_EVERY_TABLE}


def mappable_columns(table: str) -> list[str]:
    """The columns a mapping of *table* may fill: its canonical columns and :data:`EXTRA_COLUMNS`."""
    return columns(table) + [c for c in extra_columns(table) if c not in columns(table)]


def dtype_of(table: str, col: str) -> str:
    """The dtype of *col* in *table*: canonical, extra, else ``str`` (a column kept as text)."""
    for c in TABLES[table]:
        if c.name == col:
            return c.dtype
    return extra_columns(table).get(col, "str")


def required_columns(table: str) -> list[str]:
    """Columns of *table* that must be mapped."""
    check_table_name(table)
    return [c.name for c in TABLES[table] if c.required]


_PANDAS_DTYPE = {
    "id": "string",
    "str": "string",
    "datetime": "datetime64[ns]",
    "date": "datetime64[ns]",
    "float": "float64",
    "bool": "boolean",
}


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the canonical columns and dtypes of *table*."""
    check_table_name(table)
    return pd.DataFrame(
        {c.name: pd.Series([], dtype=_PANDAS_DTYPE[c.dtype]) for c in TABLES[table]}
    )


def coerce_table(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of *df* with every canonical column present and of canonical dtype.

    Columns the frame lacks are added as all-missing; extra columns are kept after the
    canonical ones (they are harmless and often useful for drill-down). Values must
    already be clean (ingest does the parsing); this only casts.
    """
    check_table_name(table)
    if _is_canonical(table, df):              # e.g. ingest's output: nothing to cast (copy-on-write copy)
        return df.copy(deep=False)
    out = {}
    for c in TABLES[table]:
        dtype = _PANDAS_DTYPE[c.dtype]
        if c.name in df.columns:
            s = df[c.name]
            if c.dtype in ("datetime", "date"):
                s = pd.to_datetime(s)
                if getattr(s.dt, "tz", None) is not None:
                    s = s.dt.tz_localize(None)
                s = s.astype("datetime64[ns]")
                if c.dtype == "date":
                    s = s.dt.normalize()
            else:
                s = s.astype(dtype)
        else:
            fill = {"datetime64[ns]": pd.NaT, "float64": float("nan")}.get(dtype, pd.NA)
            s = pd.Series(fill, index=df.index, dtype=dtype)        # a scalar: no n-long Python list
        out[c.name] = s
    extra = [c for c in df.columns if c not in out]
    res = pd.DataFrame(out, index=df.index, copy=False)      # copy-on-write: no consolidation copy
    for c in extra:
        res[c] = df[c]
    return res.reset_index(drop=True)


_DAY_NS = 86_400_000_000_000


def _is_canonical(table: str, df: pd.DataFrame) -> bool:
    """True when *df* already has the canonical columns first, in order, of canonical dtype."""
    cols = TABLES[table]
    if list(df.columns[:len(cols)]) != [c.name for c in cols]:
        return False
    if not (isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1):
        return False
    for c in cols:
        s = df[c.name]
        if s.dtype != _PANDAS_DTYPE[c.dtype]:
            return False
        if c.dtype == "date":
            v = s.to_numpy().view("i8")
            if not ((v % _DAY_NS == 0) | s.isna().to_numpy()).all():
                return False
    return True
