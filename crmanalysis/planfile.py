"""The plan file beside a client's config: YAML the consultant edits, and an Excel sheet read back.

``crmanalysis plan CLIENT.yml --baseline-month YYYY-MM`` writes ``<client>.plan.yml`` and
``<client>.plan.xlsx`` and names the plan in the config (``plan:``). What was agreed with the client
is recorded by editing either: a row's ``target`` (the baseline month's), or a month with its target
(``"2024-09": 27000``) in YAML; any month cell in the workbook. A target agreed by hand wins over
the step-up rule in its month. A bad edit — an unknown
KPI, an entity the data does not have, a negative target, a month before the baseline month — is a
:class:`~crmanalysis.config.ConfigError` naming the key or the cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import kpis as K
from .analyses.levels import LEVELS
from .analyses.plan import PLAN_COLUMNS, Plan, StepUp, rule_target, target_in
from .cells import neutralise
from .config import ConfigError
from .data import ClientData
from .yamlio import safe_load

__all__ = ["plan_paths", "write_plan", "read_plan", "write_plan_xlsx", "read_plan_xlsx", "PLAN_MONTHS"]

#: months of the calendar the workbook shows from the baseline month
PLAN_MONTHS = 12
#: the levels a plan row may have
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_TOP = ("client_id", "baseline_month", "baseline_window", "measured_on", "uplift", "step_up", "insight_from", "kpis")
_ROW = ("level", "entity", "name", "baseline", "q1", "q3", "months", "target")


def plan_paths(config_path: Path) -> tuple[Path, Path]:
    """(YAML, workbook) of a client's plan, beside its config: ``northwind.plan.yml`` / ``.plan.xlsx``."""
    stem = config_path.stem if config_path.stem != "client" else config_path.parent.name
    return config_path.with_name(f"{stem}.plan.yml"), config_path.with_name(f"{stem}.plan.xlsx")


def _num(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v) if not float(v).is_integer() else int(v)


def _q(text: str) -> str:
    import json

    return json.dumps(str(text), ensure_ascii=False)


# ------------------------------------------------------------------------------------------ YAML
def write_plan(plan: Plan, path: Path, *, name: str = "", lang: str = "en") -> None:
    """The plan as commented YAML: what each part means and how to record what was agreed."""
    r = plan.step_up
    lines = [f"# The plan of {name or plan.client_id}: the baseline measured once (the nulmeting) and the targets",
             f"# agreed with the client. Made by `crmanalysis plan` on {dt.date.today()}.",
             "# To record what was agreed: change a row's `target` (the baseline month's), or add a month with",
             "# its target, e.g.  \"2024-09\": 27000  — a target agreed by hand wins over the step-up rule in its",
             "# month. Or edit the month cells of the workbook beside this file and run",
             "#   crmanalysis plan <config> --from-xlsx <workbook>",
             f"client_id: {plan.client_id}",
             f"baseline_month: \"{plan.baseline_month}\"   # the targets hold from this month",
             f"baseline_window: [\"{plan.window[0]}\", \"{plan.window[1]}\"]   # the complete months the baseline "
             "covers",
             "measured_on: {" + ", ".join(f"{k}: {_q(v)}" for k, v in plan.measured_on.items()) + "}",
             f"uplift: {plan.uplift}   # the first target: this much better than the baseline",
             f"step_up: {{step: {r.step}, every: {r.every}, ceiling: {r.ceiling}}}   # then this much more every "
             f"{r.every} months, at most {r.ceiling:.0%} better than the baseline",
             f"insight_from: \"{plan.insight_from}\"   # insight KPIs (ratios such as the win rate) are scored from "
             "this month",
             "kpis:"]
    for kpi, of_kpi in plan.rows.groupby("kpi", sort=False):
        first = of_kpi.iloc[0]
        lines.append(f"  {kpi}:   # {first['unit']}, {first['direction']} is better, {first['kind']} KPI")
        for period, rows in of_kpi.groupby("period", sort=False):
            lines.append(f"    {period}:")
            lines += _row_lines(plan, kpi, str(period), rows)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _row_lines(plan: Plan, kpi: str, period: str, rows: pd.DataFrame) -> list[str]:
    """One flow mapping per entity: its baseline, first target and the months agreed by hand."""
    lines = []
    for _, row in rows.iterrows():
        items = {"level": row["level"], "entity": str(row["entity"]), "name": str(row["entity_name"]),
                 "baseline": _num(row["baseline"]), "q1": _num(row["q1"]), "q3": _num(row["q3"]),
                 "months": int(row["n_periods"]), "target": _num(target_in(plan, row, plan.baseline_month)[0])}
        edits = {m: v for (k, p, lv, e, m), v in plan.edits.items()
                 if (k, p, lv, e) == (kpi, period, row["level"], str(row["entity"])) and m > plan.baseline_month}
        body = ", ".join(f"{k}: {_q(v) if isinstance(v, str) else 'null' if v is None else v}"
                         for k, v in items.items())
        body += "".join(f", \"{m}\": {_num(v)}" for m, v in sorted(edits.items()))
        lines.append(f"      - {{{body}}}")
    return lines


def _err(path: Path, key: str, msg: str) -> ConfigError:
    return ConfigError(f'{path}: key "{key}": {msg}')


def _entities(data: ClientData | None) -> dict[str, set[str]]:
    """The entities each level may name in this client's data (None: no check)."""
    if data is None:
        return {}
    def values(s: pd.Series) -> set[str]:
        return set(s.dropna().unique().astype(str))     # the distinct ids, not one Python string per row

    reps: set[str] = set()
    teams: set[str] = set()
    if data.has("users"):
        reps |= values(data.users["user_id"])
        teams |= values(data.users["team"])
    for table, col in (("opportunities", "owner_id"), ("activities", "owner_id"), ("cases", "agent_id"),
                       ("leads", "owner_id")):
        if data.has(table):
            reps |= values(data.table(table)[col])
    # records without an owner or team are measured together as "(unknown)" (see crmanalysis.analyses.baseline)
    return {"rep": reps | {"(unknown)"}, "agent": reps | {"(unknown)"}, "team": teams | {"(unknown)"},
            "company": {"all"}}


def read_plan(path: Path, data: ClientData | None = None) -> Plan:
    """The plan in *path*, checked against the KPI catalogue and (with *data*) the client's entities.

    Raises
    ------
    ConfigError
        Naming the key: an unknown key or KPI, a level or entity the data does not have, a negative
        target, a month before the baseline month or not written YYYY-MM.
    """
    path = Path(path)
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the plan ({exc.strerror})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: a plan is a mapping of keys ({', '.join(_TOP)})")
    unknown = sorted(set(raw) - set(_TOP))
    if unknown:
        raise _err(path, unknown[0], f"unknown key; valid keys: {', '.join(_TOP)}")
    month = str(raw.get("baseline_month", ""))
    if not _MONTH.match(month):
        raise _err(path, "baseline_month", f"expected a month YYYY-MM, got {month!r}")
    rule = raw.get("step_up") or {}
    bad = sorted(set(rule) - {"step", "every", "ceiling"})
    if bad:
        raise _err(path, f"step_up.{bad[0]}", "unknown key; valid keys: step, every, ceiling")
    plan = Plan(str(raw.get("client_id", "")), month, tuple(str(m) for m in raw.get("baseline_window") or ("", "")),
                pd.DataFrame(columns=PLAN_COLUMNS), uplift=float(raw.get("uplift", 0.05)),
                step_up=StepUp(**{k: (int(v) if k == "every" else float(v)) for k, v in rule.items()}),
                insight_from=str(raw.get("insight_from") or ""), measured_on=dict(raw.get("measured_on") or {}))
    rows = _read_rows(path, raw.get("kpis") or {}, plan, data)
    plan.rows = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    _first_targets(plan, [r["target"] for r in rows])
    return plan


def _read_rows(path: Path, kpis: dict[str, Any], plan: Plan, data: ClientData | None) -> list[dict[str, Any]]:
    reg = K.registry_for(data)
    known = _entities(data)
    rows = []
    for kpi, periods in kpis.items():
        if kpi not in reg:
            raise _err(path, f"kpis.{kpi}", "unknown KPI; `crmanalysis kpis --list` lists them")
        spec = reg[kpi]
        for period, items in (periods or {}).items():
            if period not in ("M", "W"):
                raise _err(path, f"kpis.{kpi}.{period}", "expected a period M (month) or W (week)")
            for i, item in enumerate(items or []):
                where = f"kpis.{kpi}.{period}[{i}]"
                rows.append(_read_row(path, where, item, kpi, str(period), spec, plan, known))
    return rows


def _read_row(path: Path, where: str, item: dict[str, Any], kpi: str, period: str, spec: Any, plan: Plan,
              known: dict[str, set[str]]) -> dict[str, Any]:
    level, entity = str(item.get("level", "")), str(item.get("entity", ""))
    if level not in LEVELS:
        raise _err(path, f"{where}.level", f"unknown level {level!r}; valid levels: {', '.join(LEVELS)}")
    if level in known and entity not in known[level]:
        raise _err(path, f"{where}.entity", f"{entity!r} is no {level} of this client's data")
    for key, value in item.items():
        key = str(key)
        if _MONTH.match(key):
            if key < plan.baseline_month:
                raise _err(path, f"{where}.{key}", f"a month before the baseline month {plan.baseline_month}")
            plan.edits[(kpi, period, level, entity, key)] = _target(path, f"{where}.{key}", value)
        elif key not in _ROW:
            raise _err(path, f"{where}.{key}", f"unknown key; valid keys: {', '.join(_ROW)} or a month YYYY-MM")
    target = item.get("target")
    return {"kpi": kpi, "period": period, "level": level, "entity": entity,
            "entity_name": str(item.get("name", entity)), "unit": spec.unit, "direction": spec.direction,
            "kind": spec.kind, "phase": 2 if spec.kind == "insight" else 1,
            "baseline": _float(item.get("baseline")), "q1": _float(item.get("q1")), "q3": _float(item.get("q3")),
            "n_periods": int(item.get("months") or 0),
            "target": np.nan if target is None else _target(path, f"{where}.target", target)}


def _float(v: Any) -> float:
    return np.nan if v is None else float(v)


def _target(path: Path, key: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise _err(path, key, f"expected a number, got {value!r}") from None
    if v < 0 or math.isnan(v):
        raise _err(path, key, f"a target cannot be negative, got {value!r}")
    return v


def _first_targets(plan: Plan, written: list[float]) -> None:
    """A first target that is not the rule's is an edit at the baseline month."""
    for (_, row), value in zip(plan.rows.iterrows(), written, strict=True):
        rule = rule_target(plan, row, plan.baseline_month)
        if value == value and not (rule == rule and np.isclose(rule, value)):
            plan.edits[(row["kpi"], row["period"], row["level"], str(row["entity"]), plan.baseline_month)] = value


# ------------------------------------------------------------------------------------------ the workbook
def _months(plan: Plan) -> list[str]:
    return [str(pd.Period(plan.baseline_month, "M") + k) for k in range(PLAN_MONTHS)]


def write_plan_xlsx(plan: Plan, path: Path) -> None:
    """The plan's calendar as one sheet the consultant edits: a row per KPI and entity, a column per month."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Targets"
    months = _months(plan)
    ws.append(["kpi", "period", "level", "entity", "name", "baseline", *months])
    for _, row in plan.rows.iterrows():
        ws.append([row["kpi"], row["period"], row["level"], neutralise(str(row["entity"])),
                   neutralise(str(row["entity_name"])), _num(row["baseline"]),
                   *[_num(target_in(plan, row, m)[0]) for m in months]])
    for c in ws[1]:
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="F5F7FA")
    ws.freeze_panes = "G2"
    rule = wb.create_sheet("Rule")
    for item in (("baseline month", plan.baseline_month), ("uplift", plan.uplift), ("step", plan.step_up.step),
                 ("every (months)", plan.step_up.every), ("ceiling", plan.step_up.ceiling),
                 ("insight KPIs from", plan.insight_from),
                 ("how to edit", "change a month's target in Targets (a target agreed by hand wins over the rule "
                                 "in its month), then run crmanalysis plan <config> --from-xlsx <this file>")):
        rule.append(list(item))
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)


def read_plan_xlsx(path: Path, plan: Plan, data: ClientData | None = None) -> Plan:
    """*plan* with the month cells of the workbook that differ from it as targets agreed for their month.

    Errors name the cell: a row the plan does not have, a negative target, a column that is no month
    of the plan.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    ws = load_workbook(path, data_only=True)["Targets"]
    head = [c.value for c in ws[1]]
    months = [str(h) for h in head[6:] if h is not None]
    for m in months:
        if not _MONTH.match(m) or m < plan.baseline_month:
            raise ConfigError(f"{path}: Targets!{get_column_letter(head.index(m) + 1)}1: {m!r} is not a month of "
                              f"the plan (YYYY-MM, from {plan.baseline_month})")
    index = {(r["kpi"], r["period"], r["level"], str(r["entity"])): r for _, r in plan.rows.iterrows()}
    known = _entities(data)
    for i, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if not any(v is not None for v in cells):
            continue
        key = (str(cells[0]), str(cells[1]), str(cells[2]), str(cells[3]).lstrip("'"))
        if key not in index:
            which = f"Targets!A{i}" if key[0] not in K.registry_for(data) else f"Targets!D{i}"
            raise ConfigError(f"{path}: {which}: no row of the plan is {key[0]} / {key[2]} {key[3]!r}" +
                              ("" if key[2] not in known or key[3] in known[key[2]] else
                               f"; {key[3]!r} is no {key[2]} of this client's data"))
        row = index[key]
        for j, m in enumerate(months):
            value = cells[6 + j]
            cell = f"Targets!{get_column_letter(7 + j)}{i}"
            if value is None:
                continue
            v = _target(path, cell, value) if not isinstance(value, str) else _target(path, cell, value.strip())
            now = target_in(plan, row, m)[0]
            if not (now == now and np.isclose(now, v)):
                plan.edits[(*key, m)] = v
    return plan
