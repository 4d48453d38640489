"""Baseline ("nulmeting"): where the client starts, per KPI and entity.

Per KPI × entity (company, team, rep, or any dimension) over the last N *complete* periods
before the baseline date: median, mean, spread (IQR, std), number of periods, trend, and —
with ≥ 24 months of data — the value of the same period one year earlier (seasonality).
The incomplete current period is never part of a baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import LEAD_IN_SHARE, ClientData, NotComputable
from ..i18n import NEEDS, Note, has_key, keyed, needs_note, not_computable, note_frame
from ..kpis.catalogue import is_call_log
from .kinds import CARDS, answer_survey, client_kinds, page_one_kpis, without_its_activities
from .levels import entity_names, name_of, unknown_only
from .window import Window, old_keywords

#: the flag of a baseline row with too few periods for a baseline
SHORT = "note.insufficient_history"

__all__ = ["BaselineSpec", "DEFAULT_SPECS", "default_specs", "profile_specs", "specs_for", "baseline",
           "complete_periods", "level_name", "entity_names", "starter_rows", "report_rows", "people_sentence", "PEOPLE",
           "started_from_median", "chart_rows", "SERVICE_SPECS", "CALL_SPECS", "is_call_log",
           "missing_starters", "needs_of"]


@dataclass(frozen=True)
class BaselineSpec:
    """One KPI at one period grain, measured at several levels (each a list of by-columns)."""

    kpi: str
    period: str = "M"
    levels: tuple[tuple[str, ...], ...] = ((), ("team",), ("owner_id",))
    n_periods: int = 6
    options: dict[str, Any] = field(default_factory=dict)
    #: measured where the data give it: a KPI the client's tables cannot compute leaves no row
    optional: bool = False


#: the three starter KPIs of a first measurement: new revenue per month per team and rep; new leads per
#: month split marketing / sales; sales conversations per week.
DEFAULT_SPECS: tuple[BaselineSpec, ...] = (
    BaselineSpec("new_revenue", "M", ((), ("team",), ("owner_id",)), 6),
    BaselineSpec("new_leads", "M", ((), ("source_class",)), 6),
    BaselineSpec("sales_conversations", "W", ((), ("team",), ("owner_id",)), 26),
)

#: starters for the data a client has beyond deals: a help desk (cases) and subscriptions (contracts)
SERVICE_SPECS: tuple[BaselineSpec, ...] = (
    BaselineSpec("cases_closed", "M", ((), ("owner_id",)), 6),
    BaselineSpec("csat_mean", "M", ((), ("owner_id",)), 6),
    BaselineSpec("time_to_resolution_hours", "M", ((),), 6),
)
#: a help desk without closing times (a call log): what it says of each call, whether it was answered, its talk
#: time, its rating and whether it was resolved, where the log gives them (3CX's log has no rating and no status:
#: asked for those alone, it had no baseline, no targets and no chapter beyond page 1)
CALL_SPECS: tuple[BaselineSpec, ...] = (
    BaselineSpec("answered_share", "M", ((), ("owner_id",)), 6, optional=True),
    BaselineSpec("call_talk_hours", "M", ((), ("owner_id",)), 6, optional=True),
    BaselineSpec("csat_mean", "M", ((), ("owner_id",)), 6, optional=True),
    BaselineSpec("resolved_share", "M", ((), ("owner_id",)), 6, optional=True),
)
CONTRACT_SPECS: tuple[BaselineSpec, ...] = (BaselineSpec("mrr", "M", ((),), 6),
                                            BaselineSpec("retention_rate", "M", ((),), 6))


def default_specs(n_months: int = 6) -> tuple[BaselineSpec, ...]:
    """The starter KPIs over *n_months* complete months (weeks: the same span, 26 per 6 months)."""
    n_weeks = max(4, round(n_months * 52 / 12))
    return tuple(BaselineSpec(s.kpi, s.period, s.levels, n_weeks if s.period == "W" else n_months)
                 for s in DEFAULT_SPECS)


def profile_specs(profiles: dict[str, Any], n_months: int = 6, registry: dict[str, K.KPI] | None = None
                  ) -> tuple[BaselineSpec, ...]:
    """Monthly baselines (company, team, rep) for the period KPIs named in the client's profiles.

    KPIs measured "as of" a date (e.g. meetings planned in the next 14 days) have no monthly
    history; their targets come from the profile itself. *registry*: the client's KPIs
    (:func:`crmanalysis.kpis.registry_for`), so a profile may name the client's template KPIs.
    """
    reg = K.REGISTRY if registry is None else registry
    ids: list[str] = []
    for prof in (profiles or {}).values():
        for kpi_id in (prof or {}).get("kpis", {}):
            # a KPI the client does not have is warned about with the profiles (targets.check_profiles)
            if kpi_id in reg and kpi_id not in ids and reg[kpi_id].basis != "as_of":
                ids.append(kpi_id)
    return tuple(BaselineSpec(k, "M", ((), ("team",), ("owner_id",)), n_months) for k in ids)


def specs_for(profiles: dict[str, Any] | None, n_months: int = 6, *, data: ClientData | None = None
              ) -> tuple[BaselineSpec, ...]:
    """The starter KPIs plus the profiles' period KPIs, without duplicates.

    With *data*, the service starters (cases closed, CSAT, time to resolution) are added when
    the client has cases (of a call log, :func:`is_call_log`: CSAT and the resolved share), and
    retention when it has contracts.
    """
    out = list(default_specs(n_months))
    if data is not None:
        service = () if not data.has("cases") else CALL_SPECS if is_call_log(data) else SERVICE_SPECS
        if answer_survey(data):     # a survey of 2 or 3 answers is measured by its share of satisfied ones
            service = tuple(replace(s, kpi="csat_satisfied_share") if s.kpi == "csat_mean" else s for s in service)
        extra = service + (CONTRACT_SPECS if data.has("contracts") else ())
        out += [replace(s, n_periods=n_months) for s in extra]
    seen = {(s.kpi, s.period) for s in out}
    reg = K.registry_for(data)
    out += [s for s in profile_specs(profiles or {}, n_months, reg) if (s.kpi, s.period) not in seen]
    if data is not None:
        seen = {s.kpi for s in out}
        out += [s for s in card_specs(data, n_months, profiles) if s.kpi not in seen]
        # a call export's "sales conversations" are its calls again: one row, under the name the cards use
        out = [s for s in out if not without_its_activities(data, s.kpi)]
    return tuple(out)


def card_specs(data: ClientData, n_months: int = 6, profiles: dict[str, Any] | None = None
               ) -> tuple[BaselineSpec, ...]:
    """The company's baseline of each result KPI among page 1's cards (:func:`~.kinds.page_one_kpis`).

    Of the cards only (a management profile's first): a KPI no card shows had a target only in "Also behind,
    by less", which lengthened page 1 (Polderbouw's satisfied share).

    Without profiles only the starters had a target: Acumatica's, Bitrix24's and Salesforce's page 1 showed
    "Deals won" grey beside a coloured "New revenue" of the same deals. Result KPIs only: an insight KPI (a
    win rate, a deal size) joins the targets later, once the first ones hold; a level at a date (the open
    pipeline) has no months to take a median of. Optional: a KPI the data cannot give leaves no row.
    """
    reg = K.registry_for(data)
    # a report on activity alone (a dialer's call export) steers by its actions: they are its results, and each
    # rep's own (HubSpot's calls by owner: its targets were the team's alone, "Scores per rep" had nothing to show)
    alone = client_kinds(data) == ["activity"]
    kinds = ("result", "action") if alone else ("result",)
    per_rep = ((), ("owner_id",)) if alone and data.has("activities", "owner_id") else ((),)
    return tuple(BaselineSpec(k, "M", per_rep if reg[k].kind == "action" else ((),), n_months, optional=True)
                 for k in page_one_kpis(data, profiles)
                 if k in reg and reg[k].kind in kinds and reg[k].basis in ("event", "cohort"))


def level_name(by: tuple[str, ...] | list[str], kpi: K.KPI | None = None) -> str:
    """The level of a grouping (:func:`~crmanalysis.analyses.levels.name_of`): an agent for service cases."""
    return name_of(by, cases=kpi is not None and kpi.tables[:1] == ("cases",))


def complete_periods(period: str, baseline_date: pd.Timestamp, n: int, fiscal_start: int = 1) -> tuple[
        pd.Timestamp, pd.Timestamp]:
    """(start, end) of the last *n* complete periods before *baseline_date*.

    A period is complete when it ends on or before the baseline date; the period that
    contains the baseline date is excluded unless the date is its last instant.
    """
    axis = K.PeriodAxis(period, fiscal_start)
    code = axis.code(baseline_date)
    last = code if axis.end(code) <= baseline_date else code - 1
    first = last - n + 1
    return axis.start(first), axis.end(last)


def _middle_half(values: np.ndarray, unit: str) -> tuple[float, float]:
    """The quartiles of *values*; of a count, the observed months that span its middle half.

    Deals are won whole: the 75th percentile of 10, 16, 16, 16, 19 and 20 deals a month read "18.2" in the
    baseline's from-to, a month no one had.
    """
    if unit == "count":
        return (float(np.nanpercentile(values, 25, method="lower")),
                float(np.nanpercentile(values, 75, method="higher")))
    q1, q3 = np.nanpercentile(values, [25, 75])
    return float(q1), float(q3)


def _trend(values: np.ndarray) -> float:
    """The slope per period: the median of the slopes between every two periods with a value (Theil–Sen).

    As the baseline is the median month, the trend is one that a single exceptional month cannot swing:
    Bitrix24's least-squares slope was +RUB11.7 million a month on a typical month of RUB24.5 million,
    all of it from May's RUB145.7 million.
    """
    ok = ~np.isnan(values)
    if ok.sum() < 3:
        return np.nan
    x, y = np.arange(len(values))[ok], values[ok]
    i, j = np.triu_indices(len(x), k=1)
    return float(np.median((y[j] - y[i]) / (x[j] - x[i])))


def baseline(data: ClientData, specs: tuple[BaselineSpec, ...] | list[BaselineSpec] | None = None, *,
             baseline_date: Any = None, min_periods: int = 3, season_month: Any = None) -> pd.DataFrame:
    """Baseline per KPI × level × entity over the last complete periods.

    Parameters
    ----------
    data
        The client.
    specs
        What to measure (default :data:`DEFAULT_SPECS`, the starters).
    baseline_date
        Periods ending after this date are excluded (default: the end of the data).
    min_periods
        Entities with fewer periods of history (e.g. a rep who started recently) are
        flagged ``insufficient history`` instead of getting a confident baseline.
    season_month
        The month the targets are for, whose value a year earlier is ``same_period_last_year``
        (default: the month after the baseline's end). A report under a plan agreed months ago
        passes its own month: the baseline's months stay the plan's, and "same month last year"
        beside them is the report month's, as on page 1's cards.

    Returns
    -------
    pandas.DataFrame
        One row per KPI × period grain × level × entity: ``kpi``, ``label``, ``unit``,
        ``direction``, ``kind``, ``period`` (``M`` or ``W``), ``level`` (company, team, rep, agent …),
        ``entity`` (its id) and ``entity_name``; ``baseline``, the value a target starts from: the
        ``median`` of the periods, for a stock (:func:`is_stock`, ``stock`` True) its level at the last of them
        (``end_level``; the median when that lies outside the middle half on the weak side: a dip),
        for a rate (``stat`` ratio: win rate, conversion) Σ numerator / Σ denominator over them; the
        statistics ``median``, ``mean``, ``q1``, ``q3``,
        ``iqr`` and ``std`` over ``n_periods`` complete periods between ``window_start`` and
        ``window_end``; ``trend_per_period`` and ``trend_pct`` (Theil–Sen slope, :func:`_trend`);
        ``same_period_last_year``; ``measured_from``, the month the periods start from where the KPI's records
        start in earnest within the window (:func:`_in_earnest`; NaT where they do from its start), and
        ``lead_in_n``, the records before it; ``flag`` (why a row has no baseline, e.g. insufficient history).
    """
    specs = DEFAULT_SPECS if specs is None else tuple(specs)
    as_of = pd.Timestamp(baseline_date) if baseline_date is not None else K.default_as_of(data)
    season = None if season_month is None else pd.Period(season_month, "M").to_timestamp()
    return data.kept(("baseline", repr(specs), as_of, min_periods, season),
                     lambda: _baseline(data, specs, as_of, min_periods, season))


def _baseline(data: ClientData, specs: tuple[BaselineSpec, ...], as_of: pd.Timestamp, min_periods: int,
              season: pd.Timestamp | None = None) -> pd.DataFrame:
    data_start = K.data_start(data)
    windows = [complete_periods(s.period, as_of, s.n_periods, data.config.fiscal_year_start) for s in specs]
    # the month a target is set for (the one after the baseline's end), a year earlier, lies within the data
    frames = _measured(data, specs, windows, season=season, data_start=data_start)
    rows = []
    for i, spec in enumerate(specs):
        kpi = K.kpi(data, spec.kpi)
        start, end = windows[i]
        for level in spec.levels:
            frame, ly = frames[i, level]
            if frame["period"].isna().all():            # KPI not computable (missing table)
                if spec.optional:
                    continue
                rows.append({"kpi": spec.kpi, "period": spec.period, "level": level_name(level, kpi), "entity": "",
                             "flag": frame["note"].iloc[0]})
                continue
            if level and unknown_only(frame[list(level)]):
                continue                # a dimension the client's data does not have: not one "(unknown)" team
            covered = data.covered_from(kpi.tables[:1]) if kpi.tables else None
            if covered is not None:         # the months of stray records before the export starts are no history
                lead_in = (frame["period_start"] < covered).to_numpy()
                frame = frame.assign(value=frame["value"].mask(lead_in), n=frame["n"].mask(lead_in, 0))
            ends = frame["period_start"].dt.to_period(spec.period).dt.end_time
            since, before = (None, 0) if is_stock(kpi) else _in_earnest(frame["n"], ends, start, end)
            if since is not None:
                lead_in = (ends < since).to_numpy()
                frame = frame.assign(value=frame["value"].mask(lead_in), n=frame["n"].mask(lead_in, 0))
            summed = _summarise(frame, spec, kpi, level, start, end, min_periods, ly)
            for r in summed:
                r.update(measured_from=since, lead_in_n=before)
            rows.extend(summed)
    out = note_frame(rows, "flag")
    out["entity_name"] = entity_names(data, out["entity"], out["level"])
    order = ["kpi", "label", "unit", "direction", "kind", "period", "level", "entity", "entity_name", "baseline",
             "stock", "end_level", "median", "mean",
             "q1", "q3",
             "iqr", "std", "n_periods", "trend_per_period", "trend_pct", "same_period_last_year",
             "window_start", "window_end", "measured_from", "lead_in_n", "flag"]
    for c in order:
        if c not in out:
            out[c] = np.nan
    return out[order]


def _in_earnest(n: pd.Series, ends: pd.Series, start: pd.Timestamp, end: pd.Timestamp
                ) -> tuple[pd.Timestamp | None, int]:
    """The month of the baseline window where a KPI's records start in earnest, and how many came before it.

    Salesforce's demo org logged 2 to 88 sales conversations a month from September 2021 to January 2022 and
    1,886 in February: a baseline of 2 a week and a target of 3 for a team that logs 400 is no starting point.
    Within the window and on the KPI's own records of all entities together: a first month holding less than
    :data:`~crmanalysis.data.LEAD_IN_SHARE` of the busiest month after it is a lead-in, and so is the next one on
    the same terms: the months of 2, 4, 10 and 17 before 1,454 all are, where
    :meth:`~crmanalysis.data.ClientData.covered_from` looks three months ahead for a few stray records. A dip
    after the first month (an August of 3 between months of 100) is no lead-in. ``(None, 0)`` where the window
    has none (a business that grows, 3, 11, 17, 31 contracts, has none).

    *n* is the records of each period, *ends* its last instant: a week counts in the month it ends in, as the
    week of 31 January 2022 (358 conversations) belongs to February's 1,458 and not to January's 17.
    """
    months = pd.period_range(start, end, freq="M")
    by_month = n.groupby(ends.dt.to_period("M")).sum()
    counts = by_month.reindex(months, fill_value=0).to_numpy(dtype=float)
    after = np.append(np.maximum.accumulate(counts[::-1])[::-1][1:], 0)      # the busiest month after each
    earnest = (counts > 0) & (counts >= LEAD_IN_SHARE * after)
    first = int(np.argmax(earnest)) if earnest.any() else 0
    before = int(counts[:first].sum())
    return (months[first].to_timestamp(), before) if before else (None, 0)


def _measured(data: ClientData, specs: tuple[BaselineSpec, ...], windows: list[tuple[Any, Any]], *,
              season: pd.Timestamp | None, data_start: pd.Timestamp
              ) -> dict[tuple[int, tuple[str, ...]], tuple[pd.DataFrame, Any]]:
    """Each spec's KPI frame per level over its window, and (monthly) the target month a year back, in the data.

    The target month is *season*, or (None) the month after each window.

    The KPIs that share a grain, a window and a level are computed in one call: they share the
    call's grouping of the tables by entity, which per KPI was most of the baseline's time.
    """
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, spec in enumerate(specs):
        for level in spec.levels:
            # a KPI with options of its own is computed alone: another spec may measure it without them
            key = (spec.period, *windows[i], level, i if spec.options else -1)
            groups.setdefault(key, []).append(i)
    out = {}
    for (period, start, end, level, _), members in groups.items():
        ids = list(dict.fromkeys(specs[i].kpi for i in members))
        options = {specs[i].kpi: specs[i].options for i in members if specs[i].options} or None
        frame = K.compute(data, ids, by=list(level), period=period, start=start, end=end, as_of=end, options=options)
        ly = None
        # the month a target is set for (by default the one after the baseline window), a year earlier
        target_month = season if season is not None else (end + pd.Timedelta(1, "ns")).to_period("M").to_timestamp()
        ly_start = target_month - pd.DateOffset(years=1)
        if period == "M" and ly_start >= data_start.to_period("M").to_timestamp():
            ly_end = ly_start + pd.offsets.MonthEnd(0)
            ly = K.compute(data, ids, by=list(level), period="M", start=ly_start, end=ly_end, as_of=max(end, ly_end),
                           options=options)
        for i in members:
            kpi = specs[i].kpi
            out[i, level] = (frame[frame["kpi"] == kpi], None if ly is None else ly[ly["kpi"] == kpi])
    return out


def _entities(frame: pd.DataFrame, level: list[str]) -> np.ndarray:
    """Each row's entity: the level's columns joined by " / ", or "all" for the company."""
    if not level:
        return np.full(len(frame), "all", dtype=object)
    keys = frame[level[0]].astype("string")
    for col in level[1:]:
        keys = keys.str.cat(frame[col].astype("string"), sep=" / ")
    return keys.to_numpy(dtype=object)


def _summarise(frame, spec, kpi, level, start, end, min_periods, ly) -> list[dict]:
    level = list(level)
    stock = is_stock(kpi)
    # entities in sorted order, each one's periods in time order, as numpy slices: the frames hold a
    # few hundred rows, and a pandas group per entity cost more than its statistics
    codes, names = pd.factorize(_entities(frame, level), sort=True)
    order = np.lexsort((frame["period_start"].to_numpy().view("int64"), codes))
    values = frame["value"].to_numpy(dtype=float)[order]
    counts = frame["n"].to_numpy()[order]
    ratio = kpi.stat == "ratio"
    if ratio:
        nums = frame["numerator"].to_numpy(dtype=float)[order]
        dens = frame["denominator"].to_numpy(dtype=float)[order]
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
    ly_map = {}
    if ly is not None and not ly.empty:
        ly_map = pd.Series(ly["value"].to_numpy(), index=_entities(ly, level)).groupby(level=0).first().to_dict()
    out = []
    for i, entity in enumerate(names):
        v = values[bounds[i]:bounds[i + 1]]
        active = counts[bounds[i]:bounds[i + 1]] > 0
        # history starts at the entity's first period with rows (a rep who joined late)
        first_active = int(np.argmax(active)) if active.any() else len(v)
        v_hist = v[first_active:]
        n_hist = int((~np.isnan(v_hist)).sum())
        med = float(np.nanmedian(v_hist)) if n_hist else np.nan
        # a stock (open pipeline, MRR) starts where it stands at the baseline's end; the median of six
        # month-ends of an MRR that grew eightfold in a year was a third of the month before the report.
        # Not from a dip, though: Northwind's open pipeline stood at €973,600 at the end of December against a
        # usual €1.5-2.1 million, and its target of €1,070,000 scored a June of €1,966,730 at 184 %
        q1, q3 = _middle_half(v_hist, kpi.unit) if n_hist else (np.nan, np.nan)
        end_level = float(v_hist[~np.isnan(v_hist)][-1]) if stock and n_hist else np.nan
        dip = end_level < q1 if kpi.direction == "higher" else end_level > q3
        start_value = end_level if stock and n_hist and not dip else med
        if ratio and n_hist:
            # a rate starts from its rate over the baseline months together (won / decided over six months),
            # as the KPI adds up any longer span: the median of six monthly win rates of a rep with a few
            # deals a month was 3.8 % where the six months held 7 won of 52 decided (13.5 %)
            start_value = _pooled(nums[bounds[i]:bounds[i + 1]][first_active:],
                                  dens[bounds[i]:bounds[i + 1]][first_active:], med)
        mean = float(np.nanmean(v_hist)) if n_hist else np.nan
        std = float(np.nanstd(v_hist, ddof=1)) if n_hist > 1 else np.nan
        slope = _trend(v_hist)
        flag = ""
        if n_hist < min_periods:
            flag = Note(SHORT, n=n_hist, of=spec.n_periods)
        if not n_hist and active.any():
            # months with records but no value (a billing export's MRR, too many subscriptions without one): no
            # "0 of 6 periods" of history, which the table leaves out in silence, but what the months lack
            flag = needs_note(NotComputable(Note("nc.no_valued_month", n=int(active.sum()))))
        out.append({"kpi": spec.kpi, "label": kpi.label(), "unit": kpi.unit, "direction": kpi.direction,
                    "kind": kpi.kind, "period": spec.period, "level": level_name(level, kpi), "entity": entity,
                    "baseline": start_value, "stock": stock, "end_level": end_level, "rate": ratio, "median": med,
                    "mean": mean,
                    "q1": float(q1), "q3": float(q3), "iqr": float(q3 - q1), "std": std, "n_periods": n_hist,
                    "trend_per_period": slope,
                    "trend_pct": slope / mean * 100 if mean and not np.isnan(slope) else np.nan,
                    "same_period_last_year": ly_map.get(entity, np.nan),
                    "window_start": start, "window_end": end, "flag": flag})
    return out


def _pooled(nums: np.ndarray, dens: np.ndarray, fallback: float) -> float:
    """Σ numerator / Σ denominator over the periods that have both; *fallback* where none has."""
    both = ~np.isnan(nums) & ~np.isnan(dens)
    total = float(dens[both].sum())
    return float(nums[both].sum()) / total if both.any() and total > 0 else fallback


_STARTERS = {s.kpi for s in DEFAULT_SPECS + SERVICE_SPECS + CALL_SPECS + CONTRACT_SPECS}


def _card_results() -> set[str]:
    """The result KPIs page 1 may show (:data:`crmanalysis.analyses.kinds.CARDS`): :func:`card_specs` measures them."""
    return {k for ks in CARDS.values() for k in ks if K.REGISTRY[k].kind == "result"} \
        | {k for k in CARDS["activity"] if K.REGISTRY[k].kind == "action"}      # a report on activity alone


def is_stock(kpi: K.KPI) -> bool:
    """A level added up at each period's end (open pipeline, MRR): its baseline is where it stands, not a median."""
    return kpi.basis == "snapshot" and kpi.stat == "sum"


def needs_of(rows: pd.DataFrame) -> NotComputable:
    """What baseline rows without a value would need: the tables and columns their flags name, and history."""
    needs = list(dict.fromkeys(n for f in rows["flag"] if has_key(f, NEEDS) for n in not_computable(f).needs))
    short = sorted(set(rows.loc[keyed(rows["flag"], SHORT), "kpi"]))
    detail = Note("nc.short_history", kpis={"kpis": short}) if short or not needs else ""
    return NotComputable(*needs, detail=detail)


def starter_rows(base: pd.DataFrame) -> pd.DataFrame:
    """The baseline table's rows for the starter KPIs (sales, plus service and retention starters).

    Raises :class:`NotComputable` naming what the data would need when none of them has a value.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`baseline`, with its columns.
    """
    # the results page 1 also shows have their baseline here: it is where their suggested targets start
    rows = base[base["kpi"].isin(_STARTERS | _card_results())]
    if not rows["baseline"].notna().any():
        raise needs_of(rows)
    # rows that only say "needs X" are listed by missing_starters, not as rows of dashes; entities without
    # a single period of history (a rep with no deals yet) are counted by flagged_sentence, not listed
    shown = rows[~keyed(rows["flag"], NEEDS) & (rows["n_periods"].fillna(0) > 0)]
    shown = shown.astype({"n_periods": "Int64"})
    # a median of one or two periods is no baseline to hold a team or rep to (the plan sets none either):
    # the row stays, with its periods, and shows no baseline yet, as flagged_sentence says
    short = keyed(shown["flag"], SHORT)
    if len(shown) and short.all():
        # the call centre's two months made a table of dashes, each footnoted "2 of 6 periods", above a sentence
        # saying the same: no KPI has a baseline yet, and the section says so once
        raise needs_of(shown)
    return shown.assign(**{c: shown[c].where(~short) for c in ("baseline", "median", "q1", "q3")})


#: levels of people: their rows are the workbook's, the report's table keeps the company, teams and segments
PEOPLE = ("rep", "agent")


def report_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`starter_rows` the report's table lists: every level but one per rep or agent.

    Four or five starter KPIs times a dozen reps are pages of rows no director reads; each rep's
    numbers are on his or her KPI cards and in the workbook's baseline sheet, which
    :func:`people_sentence` points to. Only people when the client has nothing else (no company row).
    """
    kept = rows[~rows["level"].isin(PEOPLE)]
    return _beside_its_range(kept if len(kept) else rows)


def _beside_its_range(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows whose baseline is a stock's last level outside the middle half of its months, with a note saying why.

    SaaS MRR: baseline US$8.46 million beside from–to 4.67–6.83 million read as an error; the level is
    where it stood at the end, and it grew past the months before.
    """
    if "stock" not in rows or "flag" not in rows:
        return rows
    stock = rows["stock"].fillna(False).astype(bool)
    base = rows["baseline"].astype(float)
    above, below = stock & (base > rows["q3"].astype(float)), stock & (base < rows["q1"].astype(float))
    dip = started_from_median(rows)
    free = rows["flag"].map(lambda f: not isinstance(f, Note | dict) and not (isinstance(f, str) and f))
    if not ((above | below | dip) & free).any():
        return rows
    out = rows.copy()
    for mask, key in ((above & free & ~dip, "note.stock_above"), (below & free & ~dip, "note.stock_below"),
                      (dip & free, "note.stock_dip")):
        out.loc[mask, "flag"] = pd.Series(
            [Note(key, month={"month": f"{pd.Timestamp(end):%Y-%m}"}) for end in out.loc[mask, "window_end"]],
            index=out.index[mask], dtype=object)
    return out


def started_from_median(rows: pd.DataFrame) -> pd.Series:
    """Rows of :func:`baseline` whose stock ended its baseline in a dip and so starts from its median month-end.

    Its ``end_level`` (the last month-end) differs from its ``baseline`` only then (see :func:`baseline`).
    """
    if not {"stock", "end_level", "baseline"} <= set(rows):
        return pd.Series(False, index=rows.index)
    last = rows["end_level"].astype(float)
    return rows["stock"].fillna(False).astype(bool) & last.notna() & (last != rows["baseline"].astype(float))


def people_sentence(rows: pd.DataFrame, lang: str = "en") -> str:
    """Where the baseline of each rep and agent left out by :func:`report_rows` is, and how many there are."""
    from ..texts import t

    people = rows["level"].isin(PEOPLE)
    if people.all() or not people.any():            # a table of people only lists them; none: nothing left out
        return ""
    if keyed(rows.loc[people, "flag"], SHORT).all():  # nobody has a baseline to look up: flagged_sentence says so
        return ""
    left = rows[people]
    n = int(left[["level", "entity"]].drop_duplicates().shape[0])
    # "each rep and agent" of a sales team without a service desk (Acumatica) named agents it does not have
    kinds = set(left["level"])
    key = "s.people_in_workbook" + ("" if len(kinds) > 1 else f".{next(iter(kinds))}")
    return t(key, lang, n=n, sheet=t("sheet.baseline", lang))


def missing_starters(base: pd.DataFrame) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(KPI id, level, what it needs) of the starter rows the data cannot support.

    Ids, not labels: the sentence about them is put into words where it is shown, in that reader's language.
    """
    rows = base[base["kpi"].isin(_STARTERS) & keyed(base["flag"], NEEDS)]
    return [(kpi, level, not_computable(flag).needs)
            for kpi, level, flag in zip(rows["kpi"], rows["level"], rows["flag"], strict=True)]


def flagged_sentence(base: pd.DataFrame, lang: str = "en", min_periods: int = 3) -> str:
    """How many teams and reps of the baseline table have too little history for a baseline, in *lang*.

    Counted among the table's rows (the starter KPIs) and per team or rep, not per row: "10 entities"
    over rows the table did not show read as a contradiction.
    """
    from ..texts import t

    rows = base[base["kpi"].isin(_STARTERS)]
    # of the rows with some history: a rep without one record in the baseline months has mostly left (15 of
    # Acumatica's reps), and "17 … get no baseline yet" beside 18 scored reps read as a contradiction
    history = rows["n_periods"].fillna(0) > 0
    short = rows[keyed(rows["flag"], SHORT) & history]
    n = int(short[["level", "entity"]].drop_duplicates().shape[0])
    if not n:
        # "every team, rep and segment has …" of a desk whose table holds the company alone spoke of teams it has not;
        # beside a row of no periods at all (Salesforce's new leads, "0 of 6 periods") it read as a contradiction
        alone = (rows.loc[~keyed(rows["flag"], NEEDS), "level"] == "company").all()
        empty = keyed(rows["flag"], SHORT) & ~history
        if alone or empty.any():
            return ""
        # a help desk's table holds agents: TOPdesk's "every team and rep" spoke of sales reps it has not
        agents = set(rows.loc[history, "level"]) - {"company"} == {"agent"}
        return t("s.flagged_none_agents" if agents else "s.flagged_none", lang, min=min_periods)
    # every row the data supports short (an export of two months): the company too, which "9 teams, reps or
    # segments" beside "8 agents" did not say; a company short on one KPI only is no such case
    supported = int((~keyed(rows["flag"], NEEDS) & history).sum())
    every = len(short) == supported
    who = short[["level", "entity"]].drop_duplicates()["level"]
    if every and (who != "company").any():
        return t("s.flagged_all", lang, who=_who(who[who != "company"], lang), min=min_periods)
    return t("s.flagged_one" if n == 1 else "s.flagged", lang, who=_who(who, lang), min=min_periods)


def _who(levels: pd.Series, lang: str) -> str:
    """"The company and 2 reps", "1 team and 3 segments": how many of each kind in a level column.

    A region, an industry or a lead class is a segment.
    """
    from ..texts import t

    kinds = levels.map(lambda lv: lv if lv in ("company", "team", "rep", "agent") else "segment").value_counts()
    said = [t("who.company", lang) if k == "company" else t(f"count.{k}s", lang, n=int(kinds[k]))
            for k in ("company", "team", "rep", "agent", "segment") if k in kinds]
    return said[0] if len(said) < 2 else f'{", ".join(said[:-1])} {t("word.and", lang)} {said[-1]}'


def chart_title(row: pd.Series, lang: str = "en", data: ClientData | None = None) -> str:
    """A trend chart's title: the KPI and its period ("New revenue per month") in *lang*.

    The KPI is looked up among *data*'s client's KPIs, its templates included.
    """
    from ..texts import t

    return f"{K.kpi(data, row['kpi']).label(lang)} {t('per.' + row['period'], lang)}"


def chart_rows(base: pd.DataFrame) -> pd.DataFrame:
    """Company-level baseline rows that have a value (one trend chart each), or :class:`NotComputable`.

    A row flagged for too little history has a median of its few periods, but no baseline: the call
    centre's seasonality table showed "baseline 3.4" under a baseline table that said "insufficient
    history: 2 of 6 periods".

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`baseline`, with its columns.
    """
    rows = base[(base["level"] == "company") & base["baseline"].notna() & ~keyed(base["flag"], SHORT)]
    if rows.empty:
        raise needs_of(base[base["level"] == "company"])
    return rows


@old_keywords(12)
def history(data: ClientData, row: pd.Series | dict[str, Any], *, window: Window) -> pd.DataFrame:
    """The company-level values a trend chart shows around one baseline row.

    From one baseline-length before the baseline window (or the first record of the KPI's table,
    if later) up to the end of the window's report month, so the chart shows what came before the
    baseline, the baseline months and what followed; ``kpis.compute`` output, ready for
    :func:`crmanalysis.plots.trend_with_band`.
    """
    axis = K.PeriodAxis(row["period"], data.config.fiscal_year_start)
    before = pd.Timestamp(row["window_start"]) - (pd.Timestamp(row["window_end"]) - pd.Timestamp(row["window_start"]))
    # never before the KPI's own table has data: a month before its first record is no month of zero
    tables = K.kpi(data, row["kpi"]).tables[:1]
    own = data.span(tables=tables)[0] if tables else None
    starts = None
    if own is not None:                 # nor in the months of stray records before the export really starts
        starts = max(own, data.covered_from(tables))
        before = max(before, starts)
    # from the start of the period containing that instant: a chart's first period is whole, not partial; a period
    # the data start in after its middle is left out (a call export from Saturday 1 November drew its first week
    # of two days as a fall to a third of the usual week)
    code = axis.code(before)
    if before == starts and before > axis.start(code) + (axis.end(code) - axis.start(code)) / 2:
        code += 1
    start = axis.start(code)
    return K.compute(data, [row["kpi"]], period=row["period"], start=start, end=window.end, as_of=window.as_of)


__all__ += ["history", "flagged_sentence", "chart_title"]
