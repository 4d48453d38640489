"""KPI templates a consultant configures without code (seed 003), under ``kpi_templates:``.

```yaml
kpi_templates:
  meetings_next_14_days:           # count of activities of given types in a window around as_of
    template: activity_window
    types: [meeting, visit]
    days: 14
    direction: after               # after (planned, not yet done) | before (done in the last N days)
  key_accounts_met_90_days:        # share of the owner's (key) accounts with such an activity
    template: account_coverage
    types: [meeting, visit]
    days: 90
    key_accounts_only: true
  revenue_per_conversation:        # ratio of two KPIs, cell by cell
    template: ratio
    numerator: new_revenue
    denominator: sales_conversations
  revenue_home_care:               # any KPI restricted to matching rows
    template: filtered
    kpi: new_revenue
    where: {product_group: Home care}
```
Each may also give ``label`` (text or {en, nl, de, da}), ``direction_better`` (higher /
lower) and ``definition``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from ..config import ConfigError
from .registry import KPI, get_kpi, register

__all__ = ["config_kpis", "TEMPLATES"]

TEMPLATES = ("activity_window", "account_coverage", "ratio", "filtered")


def _labels(kpi_id: str, spec: dict[str, Any]) -> dict[str, str]:
    lab = spec.get("label")
    if isinstance(lab, dict):
        return {"en": str(lab.get("en") or next(iter(lab.values()))), **{k: str(v) for k, v in lab.items()}}
    return {"en": str(lab) if lab else kpi_id.replace("_", " ").capitalize()}


def config_kpis(templates: dict[str, Any], base: dict[str, KPI]) -> dict[str, KPI]:
    """Build KPIs from the config's ``kpi_templates`` (validated; errors name the key)."""
    from . import catalogue as cat

    out: dict[str, KPI] = {}
    for kpi_id, spec in templates.items():
        key = f"kpi_templates.{kpi_id}"
        if not isinstance(spec, dict) or spec.get("template") not in TEMPLATES:
            raise ConfigError(f'key "{key}.template": expected one of {", ".join(TEMPLATES)}')
        t = spec["template"]
        better = spec.get("direction_better", "higher")
        common = {"labels": _labels(kpi_id, spec), "direction": better, "template": t, "registry": out}
        if t == "activity_window":
            types = tuple(str(x).lower() for x in spec.get("types", ["meeting"]))
            days = int(spec.get("days", 14))
            after = spec.get("direction", "after") == "after"

            def fn(ctx, _types=types, _days=days, _after=after, **_):
                a = ctx.data.activities
                t0 = np.datetime64(ctx.as_of, "ns")
                typ = cat._b(cat._act_type(ctx).isin(list(_types)))
                if _after:
                    d = cat._ns(a["scheduled_at"])
                    m = typ & ~cat._b(a["completed"]) & (d > t0) & (d <= t0 + np.timedelta64(_days, "D"))
                else:
                    d = cat._ns(cat._act_date(ctx))
                    m = typ & cat._act_done(ctx) & (d <= t0) & (d > t0 - np.timedelta64(_days, "D"))
                out_f = cat._snapshot(ctx, "activities", lambda _t: (m, None, None))
                return cat._as_of_only(ctx, out_f), [f"{'next' if _after else 'last'} {_days} days from "
                                                     f"{ctx.as_of.date()}"]
            register(kpi_id, fn, kind="action", klass="business", unit="count", tables=("activities",),
                     date="as_of", stat="sum",
                     definition=spec.get("definition") or
                     f"Number of {'/'.join(types)} activities {'planned in the next' if after else 'held in the last'}"
                     f" {days} days from the report date.", **common)
        elif t == "account_coverage":
            types = tuple(str(x).lower() for x in spec.get("types", ["meeting", "visit"]))
            days = int(spec.get("days", 90))
            key_only = bool(spec.get("key_accounts_only", True))

            def fn(ctx, _types=types, _days=days, _key=key_only, **_):
                return cat.key_account_coverage(ctx, days=_days, types=_types, key_only=_key)
            register(kpi_id, fn, kind="action", klass="business", unit="ratio", tables=("accounts", "activities"),
                     date="as_of", stat="ratio",
                     definition=spec.get("definition") or
                     f"Share of the owner's {'key ' if key_only else ''}accounts with a {'/'.join(types)} in the "
                     f"last {days} days.", **common)
        elif t == "ratio":
            try:
                num_k, den_k = get_kpi(spec["numerator"], base), get_kpi(spec["denominator"], base)
            except KeyError as exc:
                raise ConfigError(f'key "{key}": {exc}') from None

            def fn(ctx, _n=num_k, _d=den_k, **_):
                a, na = _n.fn(ctx, **_n.options)
                b, nb = _d.fn(ctx, **_d.options)
                if a is None or b is None:
                    return None, na + nb
                return cat._combine(a, b, ctx.by, num_col="value", den_col="value"), na + nb
            register(kpi_id, fn, kind="insight", klass="business", unit="ratio",
                     tables=tuple(dict.fromkeys(num_k.tables + den_k.tables)), date=f"{num_k.date} / {den_k.date}",
                     stat="ratio", definition=spec.get("definition") or
                     f"{num_k.label()} / {den_k.label()}, period by period.", **common)
        else:  # filtered
            try:
                inner = get_kpi(spec["kpi"], base)
            except KeyError as exc:
                raise ConfigError(f'key "{key}.kpi": {exc}') from None
            where = spec.get("where") or {}
            if not isinstance(where, dict) or not where:
                raise ConfigError(f'key "{key}.where": expected a mapping of column: value(s)')

            def fn(ctx, _inner=inner, _where=where, **opts):
                data = ctx.data
                frames = {}
                for tname in _inner.tables:
                    df = data.table(tname)
                    sub = dataclasses.replace(ctx, by=list(_where), _cache={})
                    dims = sub.dims(tname)
                    m = pd.Series(True, index=df.index)
                    for col, val in _where.items():
                        vals = [str(v) for v in (val if isinstance(val, list) else [val])]
                        m &= dims[col].isin(vals).fillna(False)
                    frames[tname] = df[m.to_numpy()].reset_index(drop=True)
                fctx = dataclasses.replace(ctx, data=data.replace(**frames), _cache={})
                res, notes = _inner.fn(fctx, **{**_inner.options, **opts})
                return res, notes + [f"only {', '.join(f'{k} = {v}' for k, v in _where.items())}"]
            register(kpi_id, fn, kind=inner.kind, klass=inner.klass, unit=inner.unit, tables=inner.tables,
                     date=inner.date, stat=inner.stat, options=dict(inner.options),
                     definition=spec.get("definition") or f"{inner.definition} Only rows where "
                     + ", ".join(f"{k} = {v}" for k, v in where.items()) + ".", **common)
    return out
