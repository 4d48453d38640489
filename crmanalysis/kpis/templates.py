"""KPI templates a consultant configures without code, under ``kpi_templates:``.

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
    unit: money                    # count | money | ratio (a share, shown as %) | days | hours | score;
                                   # default: the numerator's money/days/hours/score, else count
  revenue_home_care:               # any KPI restricted to matching rows
    template: filtered
    kpi: new_revenue
    where: {product_group: Home care}
```
Each may also give ``label`` and ``definition`` (one text for every language, or {en, nl, de,
da}) and ``direction_better`` (higher / lower). Where a label or definition is not given for the
report language, the report writes it from the template in that language ("Nieuwe omzet /
verkoopgesprekken", "New revenue divided by sales conversations, period by period …").
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from ..config import ConfigError
from .registry import KPI, UNITS, get_kpi, register

__all__ = ["config_kpis", "TEMPLATES"]

TEMPLATES = ("activity_window", "account_coverage", "ratio", "filtered")
#: the keys each template takes, besides template, label, definition and direction_better
TEMPLATE_KEYS = {"activity_window": ("types", "days", "direction"),
                 "account_coverage": ("types", "days", "key_accounts_only"),
                 "ratio": ("numerator", "denominator", "unit"), "filtered": ("kpi", "where")}
_COMMON_KEYS = ("template", "label", "definition", "direction_better")


def _per_language(value: Any) -> dict[str, str]:
    """A template's ``label`` or ``definition``: ``{lang: text}`` as given, or one text for every language."""
    from ..texts import LANGS

    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {lg: str(value) for lg in LANGS} if value else {}


_TYPE_WORDS = {"call": "kpi.calls", "meeting": "kpi.meetings", "visit": "kpi.visits", "email": "kpi.emails"}


def _types_words(types: tuple[str, ...], lang: str) -> str:
    """Activity types in words of *lang* ("meetings / visits"); nouns keep their capital in German."""
    from ..texts import t

    words = [t(_TYPE_WORDS[x], lang) if x in _TYPE_WORDS else x for x in types]
    return " / ".join(w if lang == "de" else w.lower() for w in words)


def _explain(key: str, **params: Any) -> Any:
    """A template's definition or label in any language: text *key* with *params* (callables of the language)."""
    from ..texts import t

    def text(lang: str) -> str:
        s = t(key, lang, **{k: (v(lang) if callable(v) else v) for k, v in params.items()})
        return s[:1].upper() + s[1:]

    return text


def _lower(label: Any) -> Any:
    """A KPI's label inside a sentence: lower case, except German nouns."""
    return lambda lang: label(lang) if lang == "de" else label(lang)[:1].lower() + label(lang)[1:]


def _where_words(where: dict[str, Any], lang: str) -> str:
    """``{industry: Retail}`` in words of *lang*: "industry = Retail"."""
    from ..texts import has, t

    def col(c: str) -> str:
        return t(f"data.col.{c}", lang) if has(f"data.col.{c}") else c

    return ", ".join(f"{col(str(c))} = {' / '.join(map(str, v)) if isinstance(v, list) else v}"
                     for c, v in where.items())


def config_kpis(templates: dict[str, Any], base: dict[str, KPI]) -> dict[str, KPI]:
    """Build KPIs from the config's ``kpi_templates`` (validated; errors name the key)."""
    out: dict[str, KPI] = {}
    for kpi_id, spec in templates.items():
        key = f"kpi_templates.{kpi_id}"
        _check_template(kpi_id, key, spec, base)
        common = {"labels": _per_language(spec.get("label")), "direction": spec.get("direction_better", "higher"),
                  "template": spec["template"], "registry": out, "definitions": _per_language(spec.get("definition"))}
        _BUILDERS[spec["template"]](kpi_id, key, spec, base, common)
    return out


def _check_template(kpi_id: str, key: str, spec: Any, base: dict[str, KPI]) -> None:
    if kpi_id in base:
        raise ConfigError(f'key "{key}": {kpi_id!r} is a built-in KPI; give the template an id of its own '
                          f'(e.g. {kpi_id}_custom)')
    if not isinstance(spec, dict) or spec.get("template") not in TEMPLATES:
        raise ConfigError(f'key "{key}.template": expected one of {", ".join(TEMPLATES)}')
    valid = _COMMON_KEYS + TEMPLATE_KEYS[spec["template"]]
    unknown = [k for k in spec if k not in valid]
    if unknown:
        raise ConfigError(f'key "{key}.{unknown[0]}": unknown key of a {spec["template"]} template; valid keys: '
                          f'{", ".join(valid)}')
    better = spec.get("direction_better", "higher")
    if better not in ("higher", "lower"):
        raise ConfigError(f'key "{key}.direction_better": expected higher or lower, got {better!r}')


def _activity_window(kpi_id: str, key: str, spec: dict[str, Any], base: dict[str, KPI], common: dict) -> None:
    """Activities of some types planned in the next / held in the last N days from the report date."""
    from . import catalogue as cat

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
        return cat._as_of_only(ctx, out_f), [f"{'next' if _after else 'last'} {_days} days from {ctx.as_of.date()}"]

    _register_window(kpi_id, fn, common, unit="count", tables=("activities",), stat="sum", days=days, types=types,
                     text=f"activity_window_{'after' if after else 'before'}",
                     definition=f"Number of {'/'.join(types)} activities "
                     f"{'planned in the next' if after else 'held in the last'} {days} days from the report date.")


def _account_coverage(kpi_id: str, key: str, spec: dict[str, Any], base: dict[str, KPI], common: dict) -> None:
    """The share of the owner's (key) accounts with an activity of some types in the last N days."""
    from . import catalogue as cat

    types = tuple(str(x).lower() for x in spec.get("types", ["meeting", "visit"]))
    days = int(spec.get("days", 90))
    key_only = bool(spec.get("key_accounts_only", True))

    def fn(ctx, _types=types, _days=days, _key=key_only, **_):
        return cat.key_account_coverage(ctx, days=_days, types=_types, key_only=_key)

    _register_window(kpi_id, fn, common, unit="ratio", tables=("accounts", "activities"), stat="ratio", days=days,
                     types=types, text=f"account_coverage_{'key' if key_only else 'all'}",
                     definition=f"Share of the owner's {'key ' if key_only else ''}accounts with a "
                     f"{'/'.join(types)} in the last {days} days.")


def _register_window(kpi_id: str, fn: Any, common: dict, *, unit: str, tables: tuple[str, ...], stat: str, days: int,
                     types: tuple[str, ...], text: str, definition: str) -> None:
    """An action KPI about activities of *types* in a window of *days* around the report date."""
    words = {"days": days, "types": lambda lang: _types_words(types, lang)}
    register(kpi_id, fn, kind="action", klass="business", unit=unit, tables=tables, date="as_of", basis="as_of",
             stat=stat, explain=_explain(f"deft.{text}", **words), explain_label=_explain(f"deftl.{text}", **words),
             definition=definition, **common)


def _ratio(kpi_id: str, key: str, spec: dict[str, Any], base: dict[str, KPI], common: dict) -> None:
    """One KPI over another, cell by cell (Σ numerator / Σ denominator at every grain)."""
    from . import catalogue as cat

    try:
        num_k, den_k = get_kpi(spec["numerator"], base), get_kpi(spec["denominator"], base)
    except KeyError as exc:
        raise ConfigError(f'key "{key}": {exc}') from None
    unit = spec.get("unit") or (num_k.unit if num_k.unit in ("money", "days", "hours", "score") else "count")
    if unit not in UNITS:
        raise ConfigError(f'key "{key}.unit": expected one of {", ".join(UNITS)}, got {unit!r}')

    def fn(ctx, _n=num_k, _d=den_k, **_):
        a, na = _n.fn(ctx, **_n.options)
        b, nb = _d.fn(ctx, **_d.options)
        if a is None or b is None:
            return None, na + nb
        return cat._combine(a, b, ctx.by, num_col="value", den_col="value"), na + nb

    register(kpi_id, fn, kind="insight", klass="business", unit=unit,
             tables=tuple(dict.fromkeys(num_k.tables + den_k.tables)), date=f"{num_k.date} / {den_k.date}",
             basis=next((b for b in ("as_of", "snapshot") if b in (num_k.basis, den_k.basis)), num_k.basis),
             stat="ratio", definition=f"{num_k.label()} / {den_k.label()}, period by period.",
             explain=_explain("deft.ratio", num=num_k.label, den=_lower(den_k.label)),
             explain_label=_explain("deftl.ratio", num=num_k.label, den=_lower(den_k.label)), **common)


def _filtered(kpi_id: str, key: str, spec: dict[str, Any], base: dict[str, KPI], common: dict) -> None:
    """Any KPI on the rows whose columns have the given values (``where: {product_group: Home care}``)."""
    try:
        inner = get_kpi(spec["kpi"], base)
    except KeyError as exc:
        raise ConfigError(f'key "{key}.kpi": {exc}') from None
    where = spec.get("where") or {}
    if not isinstance(where, dict) or not where:
        raise ConfigError(f'key "{key}.where": expected a mapping of column: value(s)')

    def fn(ctx, _inner=inner, _where=where, **opts):
        frames = {}
        for tname in _inner.tables:
            df = ctx.data.table(tname)
            dims = dataclasses.replace(ctx, by=list(_where), _cache={}).dims(tname)
            m = pd.Series(True, index=df.index)
            for col, val in _where.items():
                m &= dims[col].isin([str(v) for v in (val if isinstance(val, list) else [val])]).fillna(False)
            frames[tname] = df[m.to_numpy()].reset_index(drop=True)
        fctx = dataclasses.replace(ctx, data=ctx.data.replace(**frames), _cache={})
        res, notes = _inner.fn(fctx, **{**_inner.options, **opts})
        return res, notes + [f"only {', '.join(f'{k} = {v}' for k, v in _where.items())}"]

    register(kpi_id, fn, kind=inner.kind, klass=inner.klass, unit=inner.unit, tables=inner.tables,
             date=inner.date, basis=inner.basis, stat=inner.stat, options=dict(inner.options),
             definition=f"{inner.definition} Only rows where "
             + ", ".join(f"{k} = {v}" for k, v in where.items()) + ".",
             explain=_explain("deft.filtered", inner=inner.definition_in,
                              where=lambda lang: _where_words(where, lang)),
             explain_label=_explain("deftl.filtered", inner=inner.label, where=lambda lang: _where_words(where, lang)),
             **common)


_BUILDERS = {"activity_window": _activity_window, "account_coverage": _account_coverage, "ratio": _ratio,
             "filtered": _filtered}
