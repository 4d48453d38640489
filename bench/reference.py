"""The core KPI set by rep x month in DuckDB SQL: an independent reference for tests and `make bench`.

Written from the KPI definitions (DESIGN §4), not from the package's code, so agreement means
something. ``o`` and ``a`` are SQL relations (a registered view name or ``read_parquet('…')``).
"""

from __future__ import annotations

import pandas as pd

ADDITIVE = ("new_revenue", "deals_won", "calls", "meetings", "sales_conversations", "open_pipeline_value")

CORE_SQL = """
with w as (select owner_id, strftime(close_date, '%Y-%m') as period, status, amount,
                  date_diff('day', cast(created_at as date), close_date) as days
           from {o} where status in ('won', 'lost') and close_date is not null
             and close_date <= timestamp '{as_of}' and close_date >= timestamp '{start}')
select owner_id, period,
  sum(case when status = 'won' and amount is not null then amount else 0 end) as new_revenue,
  sum(case when status = 'won' then 1 else 0 end) as deals_won,
  sum(case when status = 'won' then 1 else 0 end) / count(*) as win_rate,
  -- the deals with an amount: 0 is none (a deal nobody priced), a negative one (a credit note) lowers the
  -- total and is no deal of its own
  sum(case when status = 'won' and amount is not null then amount end)
    / nullif(sum(case when status = 'won' and amount > 0 then 1 else 0 end), 0) as average_deal_size,
  median(case when status = 'won' then days end) as sales_cycle_days
from w group by all
"""
ACT_SQL = """
select owner_id, strftime(coalesce(completed_at, scheduled_at), '%Y-%m') as period,
  sum(case when type = 'call' then 1 else 0 end) as calls,
  sum(case when type = 'meeting' then 1 else 0 end) as meetings,
  sum(case when type in ('call', 'meeting', 'visit') then 1 else 0 end) as sales_conversations
from {a}
where (completed or (completed is null and coalesce(completed_at, scheduled_at) <= timestamp '{as_of}'))
  and coalesce(completed_at, scheduled_at) <= timestamp '{as_of}'
  and coalesce(completed_at, scheduled_at) >= timestamp '{start}'
group by all
"""
PIPE_SQL = """
with ends as (select unnest(generate_series(date_trunc('month', timestamp '{start}'),
                                            date_trunc('month', timestamp '{as_of}'), interval 1 month)) as m),
     e as (select strftime(m, '%Y-%m') as period,
                  least(m + interval 1 month - interval 1 microsecond, timestamp '{as_of}') as t from ends)
select o.owner_id, e.period, sum(o.amount) as open_pipeline_value
from {o} o join e
  on o.created_at <= e.t and (o.status = 'open' or (o.close_date is not null and o.close_date > e.t))
where o.amount is not null
group by all
"""


def duckdb_core_set(con, o: str, a: str, as_of, start, *, pipeline: bool = True) -> pd.DataFrame:
    """Long frame owner_id, period, kpi, ref computed by DuckDB."""
    fmt = {"o": o, "a": a, "as_of": pd.Timestamp(as_of), "start": pd.Timestamp(start)}
    queries = (CORE_SQL, ACT_SQL, PIPE_SQL) if pipeline else (CORE_SQL, ACT_SQL)
    return pd.concat([con.execute(q.format(**fmt)).df().melt(id_vars=["owner_id", "period"], var_name="kpi",
                                                              value_name="ref") for q in queries],
                     ignore_index=True)


def align_with_reference(ours: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    """Our rows next to the reference; cells SQL has no row for are 0 for additive KPIs (else undefined)."""
    m = ours.merge(ref, on=["kpi", "owner_id", "period"], how="left")
    add = m["kpi"].isin(ADDITIVE)
    m.loc[add, "ref"] = m.loc[add, "ref"].fillna(0)
    return m
