"""Did the CRM pay for itself? An honest ROI.

``roi_pct = (gain − cost) / cost × 100``. The gain is not a naive before/after difference: it is
actual minus a **counterfactual**: the months before go-live modelled (with deals, their yield
on the pipeline inflow; without, a level or a trend with AR(1) errors) and projected over the
months after it as draws whose spread is the interval (:mod:`crmanalysis.analyses.causal`);
placebo go-lives in the earlier months check that the model finds no gain where there is none.
Only an **attribution share** of the gain is credited to the CRM (other initiatives may explain
the rest). When the interval includes zero, there is no demonstrable gain and no ROI is claimed.

Break-even is the month in which the cumulative (attributed) gain first equals the
cumulative cost, i.e. ROI = 0 %. An ROI of 100 % means the gain equals *twice* the cost — a
return of 100 % on top of the money back; it is not break-even.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import kpis as K
from ..data import ClientData, NotComputable
from ..i18n import Note, note_frame
from . import causal as C
from .window import Window, measured_until, old_keywords

__all__ = ["verdict_text", "roi_pct", "monthly_costs", "before_after", "counterfactual", "roi_analysis", "ROIResult",
           "BEFORE_AFTER_KPIS", "gain_series", "gain_counterfactual", "require_result",
           "go_live_of", "pipeline_inflow", "won_values", "deal_noise", "placebo_frame", "placebo_sentence",
           "Counterfactual", "verdict_kind", "series_title", "notes_markdown", "naive_sentence", "break_even_sentence"]

BEFORE_AFTER_KPIS = ("new_revenue", "gross_margin", "average_deal_size", "sales_cycle_days", "win_rate",
                     "margin_rate", "cost_per_lead", "cases_per_agent", "same_day_closure_rate",
                     "time_to_resolution_hours", "csat_mean", "retention_rate")


def roi_pct(gain: float, cost: float) -> float:
    """(gain − cost) / cost × 100; undefined (NaN) without a positive cost.

    >>> roi_pct(75_000, 12_000)
    525.0
    >>> roi_pct(11_000, 1_000)
    1000.0
    """
    if cost is None or not cost > 0 or gain is None or np.isnan(gain):
        return float("nan")
    return (gain - cost) / cost * 100


def verdict_text(summary: dict[str, Any], *, lang: str = "en", currency: str = "EUR") -> str:
    """The ROI verdict in the report language from :meth:`ROIResult.summary` (or its recorded copy)."""
    from ..i18n import fmt_money, fmt_number, fmt_pct, kpi_label, render, t

    def money(v: Any) -> str:
        return fmt_money(v, currency, lang)
    # the gain of what, over which months: "the gain (-€527,634 to €246,865)" measured nothing a reader could name
    of = " " + t("s.roi_of", lang, metric=_lower(kpi_label(summary["metric"], lang), lang),
                 months=summary["horizon_months"]) if summary.get("metric") and summary.get("horizon_months") else ""
    if summary.get("demonstrable"):
        # the ROI's own range from the gain's: a single "553 %" read as certain where the gain spans 10x
        cost = summary["cost_total"]
        # how much of the change the CRM is credited with: Northwind's "553 %" read as measured, while the
        # attribution share of 100 % that makes it stood three chapters on
        share = summary.get("attribution_share")
        credit = "" if share is None else t("s.roi_credit_all", lang) if share >= 1 else \
            t("s.roi_credit_part", lang, share=fmt_pct(share, lang, 0))
        return t("s.roi_yes", lang, of=of, credit=credit, gain=money(summary["gain"]), lo=money(summary["gain_low"]),
                 hi=money(summary["gain_high"]), cost=money(cost), roi=fmt_number(summary["roi_pct"], lang),
                 roi_lo=fmt_number(roi_pct(summary["gain_low"], cost), lang),
                 roi_hi=fmt_number(roi_pct(summary["gain_high"], cost), lang))
    kind = summary.get("verdict_kind", "no_gain")
    if kind == "cannot_separate":
        return t("s.roi_cannot_separate", lang, why=render(summary["why"], lang))
    if kind == "placebo":
        return t("s.roi_placebo", lang, of=of, lo=money(summary["gain_low"]), hi=money(summary["gain_high"]),
                 share=fmt_pct(summary["placebo_share"], lang), n=summary["placebos"])
    # "a range that includes zero or lies below it" left the reader to work out which of the two it was
    below = summary["gain_high"] < 0
    return t("s.roi_no", lang, of=of, lo=money(summary["gain_low"]), hi=money(summary["gain_high"]),
             range=t("s.roi_range_below" if below else "s.roi_range_zero", lang))


def monthly_costs(data: ClientData) -> pd.Series:
    """CRM cost per month: the ``crm_costs`` table plus cost items from the config.

    Config items: ``{month: 2024-01, amount: 45000, category: implementation}`` (one-off) or
    ``{start: 2024-01, end: 2025-12, amount: 780, category: license, recurring: true}``
    (monthly from start to end, or to the end of the data when end is absent).
    """
    parts = []
    if data.has("crm_costs"):
        c = data.crm_costs
        parts.append(pd.Series(c["amount"].to_numpy(dtype=float),
                               index=pd.to_datetime(c["month"]).dt.to_period("M").dt.to_timestamp()))
    last = K.default_as_of(data).to_period("M").to_timestamp()
    for item in data.config.crm_costs or []:
        amt = float(item["amount"])
        if item.get("recurring") or "start" in item:
            start = pd.Timestamp(str(item.get("start") or item.get("month")) + ("-01" if len(str(
                item.get("start") or item.get("month"))) == 7 else ""))
            end = pd.Timestamp(str(item["end"]) + ("-01" if len(str(item["end"])) == 7 else "")) if item.get(
                "end") else last
            months = pd.date_range(start, end, freq="MS")
            parts.append(pd.Series(amt, index=months))
        else:
            m = str(item["month"])
            parts.append(pd.Series([amt], index=[pd.Timestamp(m + "-01" if len(m) == 7 else m)]))
    if not parts:
        return pd.Series(dtype=float)
    s = pd.concat(parts)
    return s.groupby(level=0).sum().sort_index()


GO_LIVE_NEEDED = Note("nc.go_live")


def go_live_of(data: ClientData, go_live: Any = None) -> pd.Timestamp:
    """The go-live date given, else the client config's; :class:`NotComputable` when there is none."""
    value = go_live or data.config.go_live
    ts = pd.Timestamp(value) if value else pd.NaT
    if pd.isna(ts):
        # a help desk or an ad account lacks the gain too: "needs the date the CRM went live" alone promised
        # a return that date could not give
        lacks = not data.has("opportunities") and not data.has("financials")
        raise NotComputable(GO_LIVE_NEEDED, *([Note("nc.deals_or_financials")] if lacks else []))
    return ts


def _month_window(go_live: pd.Timestamp, before: int, after: int):
    g = go_live.to_period("M").to_timestamp()
    return g - pd.DateOffset(months=before), g, g + pd.DateOffset(months=after) - pd.Timedelta(1, "ns")


@old_keywords(12)
def before_after(data: ClientData, *, go_live: Any = None, kpis: tuple[str, ...] = BEFORE_AFTER_KPIS,
                 months_before: int = 12, months_after: int = 12, window: Window | None = None,
                 n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                 options: dict[str, dict[str, Any]] | None = None) -> pd.DataFrame:
    """Each KPI before vs after go-live, with the change and a bootstrap interval of the change.

    Months are resampled with replacement within each side (``n_boot`` times); additive KPIs
    compare the mean month, ratio KPIs Σnumerator / Σdenominator, medians the median month.
    This is descriptive: other things changed too (see :func:`counterfactual`). The win rate
    is compared by creation cohort (deals created before vs after go-live) unless *options*
    say otherwise, because the CRM can only change how deals created after it are worked.

    Returns
    -------
    pandas.DataFrame
        One row per KPI: ``kpi``, ``label``, ``unit``, ``direction``, ``before`` and ``after`` (the
        median month of each side), ``months_before``, ``months_after``, ``change``, ``change_pct``,
        ``ci_low`` and ``ci_high`` (bootstrap interval of the change), ``reading`` and ``note``.
    """
    options = {"win_rate": {"basis": "cohort"}, **(options or {})}
    go = go_live_of(data, go_live)
    as_of = measured_until(data, window)
    b0, g, a1 = _month_window(go, months_before, months_after)
    a1 = min(a1, as_of)
    f = K.compute(data, list(kpis), period="M", start=b0, end=a1, as_of=as_of, options=options)
    rng = np.random.default_rng(seed)
    rows = []
    for kpi_id, part in f.groupby("kpi", sort=False):
        spec = K.kpi(data, kpi_id)
        if part["period"].isna().all():
            rows.append({"kpi": kpi_id, "label": spec.label(), "unit": spec.unit, "direction": spec.direction,
                         "note": part["note"].iloc[0]})
            continue
        pre = part[part["period_start"] < g]
        post = part[part["period_start"] >= g]

        def stat(p: pd.DataFrame, idx: np.ndarray | None = None, spec=spec) -> np.ndarray | float:
            num, den, val = (p[c].to_numpy(dtype=float) for c in ("numerator", "denominator", "value"))
            if idx is None:
                idx = np.arange(len(p))[None, :]
            if spec.stat == "ratio" or spec.stat == "mean":
                n_, d_ = np.nansum(num[idx], axis=1), np.nansum(den[idx], axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    return np.where(d_ > 0, n_ / d_, np.nan)
            if spec.stat == "median":
                return np.nanmedian(val[idx], axis=1)
            return np.nanmean(val[idx], axis=1)
        if len(pre) < 3 or len(post) < 3:
            rows.append({"kpi": kpi_id, "label": spec.label(), "unit": spec.unit, "direction": spec.direction,
                         "note": Note("note.ba_months", before=len(pre), after=len(post))})
            continue
        before_v, after_v = float(stat(pre)[0]), float(stat(post)[0])
        bi = rng.integers(0, len(pre), (n_boot, len(pre)))
        ai = rng.integers(0, len(post), (n_boot, len(post)))
        diffs = stat(post, ai) - stat(pre, bi)
        lo, hi = np.nanquantile(diffs, [(1 - level) / 2, 1 - (1 - level) / 2])
        change = after_v - before_v
        better = (change > 0) == (spec.direction == "higher")
        clear = lo > 0 or hi < 0
        rows.append({"kpi": kpi_id, "label": spec.label(), "unit": spec.unit, "direction": spec.direction,
                     "before": before_v, "after": after_v, "change": change,
                     "change_pct": change / before_v * 100 if before_v else np.nan, "ci_low": lo, "ci_high": hi,
                     "months_before": len(pre), "months_after": len(post),
                     "reading": ("better" if better else "worse") if clear else "no clear change",
                     "note": ""})
    # every column, also when no KPI had the months for a comparison: the table keeps its shape
    return note_frame(rows, "note").reindex(columns=BA_COLUMNS)


BA_COLUMNS = ["kpi", "label", "unit", "direction", "before", "after", "change", "change_pct", "ci_low", "ci_high",
              "months_before", "months_after", "reading", "note"]


@old_keywords(12)
def gain_series(data: ClientData, metric: str = "auto", *,
                window: Window | None = None) -> tuple[pd.Series, str, list[str]]:
    """Monthly value whose improvement counts as gain, trimmed to complete, representative months.

    The metric is the gross margin of won deals when deals carry a cost, else the financials'
    gross margin, else revenue (which overstates a profit gain — noted). Leading months in
    which the history is still filling up (value below half the median month, e.g. the first
    weeks of an export in which few deals have had time to close) and an incomplete last
    month are left out, and the notes say so.
    """
    as_of = measured_until(data, window)
    if not data.has("opportunities") and not data.has("financials"):
        raise NotComputable(Note("nc.deals_or_financials"))
    start = K.data_start(data)
    if data.has("opportunities"):
        # the deal history starts with the first deal event (created or closed: a demo org's deals may all
        # be "created" on the day they were loaded), not with older accounts or users
        o = data.opportunities
        first = min(o["created_at"].min(), o["close_date"].min())
        if pd.notna(first):
            start = max(start, first)
    if metric == "auto":
        has_cost = data.has("opportunities", "cost")
        metric = "gross_margin" if has_cost or data.has("financials") else "new_revenue"
    f = K.compute(data, [metric], period="M", start=start, end=as_of, as_of=as_of)
    f = f[f["period"].notna()]
    s = pd.Series(f["value"].to_numpy(dtype=float), index=pd.DatetimeIndex(f["period_start"]))
    notes = []
    if len(s) and as_of.normalize() < (s.index[-1] + pd.offsets.MonthEnd(0)).normalize():
        notes.append(Note("note.month_incomplete", month={"month": f"{s.index[-1]:%Y-%m}"},
                          as_of={"day": f"{as_of:%Y-%m-%d}"}))
        s = s.iloc[:-1]
    # a month's closed deals are only complete when the export covers a full sales cycle before it
    # (financials without deals are booked per month: no cycle to wait for)
    if data.has("opportunities"):
        o = data.opportunities
        won = o[o["status"] == "won"]
        cyc = (won["close_date"] - won["created_at"]).dt.days.dropna().clip(lower=0)   # closed "before created": 0
    else:
        cyc = pd.Series(dtype=float)
    lead = int(np.ceil(cyc.quantile(0.9) / 30.4)) if len(cyc) else 0
    med = s[s > 0].median()
    while lead < len(s) and not s.iloc[lead] >= 0.5 * med:
        lead += 1
    if lead and len(cyc):
        notes.append(Note("note.lead_months", n=lead, start={"day": f"{start:%Y-%m-%d}"},
                          days=round(cyc.quantile(0.9))))
    elif lead:                                    # financials without deals: no sales cycle, only thin months
        notes.append(Note("note.lead_months_low", n=lead, start={"day": f"{start:%Y-%m-%d}"}))
    if lead:
        s = s.iloc[lead:]
    return s, metric, notes


@dataclass
class Counterfactual:
    """Pre-go-live model projected after go-live (monthly), with its placebo checks."""

    monthly: pd.DataFrame                 # month, actual, counterfactual, cf_low, cf_high, post, gain
    draws: np.ndarray                     # draws of the counterfactual, (n_draws, n_post)
    notes: list[Any]                      # Notes: the model, its fit, what the series left out
    z: float                              # standardised measured gain (gain / sd of its draws)
    placebo: pd.DataFrame                 # month, z: the placebo go-lives and their standardised gains
    trend_weight: float                   # weight of a trend in the months before go-live
    cannot_separate: Any = None           # Note saying why the data cannot tell, or None
    metric: str = ""                      # what the series measures (new_revenue, gross_margin)

    @property
    def placebo_share(self) -> float:
        """Share of placebo gains at least as large (standardised) as the measured one; NaN without placebos."""
        if self.placebo.empty or np.isnan(self.z):
            return float("nan")
        return float((self.placebo["z"] >= self.z).mean())


#: fewest months before go-live for any verdict; with fewer the data cannot separate the CRM
#: from what was already under way
MIN_PRE_FOR_VERDICT = 12
#: a gain is not demonstrable when more than this share of placebo gains is as large
PLACEBO_SHARE_MAX = 0.1
#: weight of a trend before go-live above which the series "was already moving"
TREND_WEIGHT_MAX = 0.8


def pipeline_inflow(data: ClientData, months: pd.DatetimeIndex, go_live: Any) -> np.ndarray | None:
    """The pipeline inflow each month's result draws on: a covariate the CRM does not move.

    The number of deals created per month (open, won and lost), spread over the following
    months in the proportions in which deals won before go-live closed 0–6 months after their
    creation month. Counts, not amounts: an export holds the final amount of a won deal, which
    the CRM may have raised, and a bigger deal is a gain to count, not to explain away. ``None``
    without creation dates, when fewer than 20 deals were won before go-live, or when a month of
    *months* would get no inflow.
    """
    if not data.has("opportunities", "created_at"):
        return None
    o = data.opportunities
    created = o["created_at"]
    go = pd.Timestamp(go_live).to_period("M").to_timestamp()
    cm = created.dt.to_period("M").dt.to_timestamp()
    inflow = pd.Series(1.0, index=cm[created.notna()]).groupby(level=0).sum()
    won = o[(o["status"] == "won") & (o["close_date"] < go) & created.notna()]
    if len(won) < 20 or inflow.empty:
        return None
    lag = ((won["close_date"].dt.year - won["created_at"].dt.year) * 12
           + won["close_date"].dt.month - won["created_at"].dt.month).clip(0, 6)
    w = lag.value_counts(normalize=True)
    full = pd.date_range(min(inflow.index.min(), months[0]) - pd.DateOffset(months=6), months[-1], freq="MS")
    inf = inflow.reindex(full, fill_value=0.0)
    x = sum(float(w.get(k, 0.0)) * inf.shift(k, fill_value=0.0) for k in range(7))
    x = x.reindex(months).to_numpy(dtype=float)
    return x if np.all(x > 0) else None


def won_values(data: ClientData, metric: str) -> pd.Series | None:
    """The value each won deal adds to *metric*'s monthly total (NaN for deals it skips), or ``None``.

    The same deals as the KPIs ``gross_margin`` (amount − cost of won deals with both) and
    ``new_revenue`` (amount of won deals); ``None`` when the total is not a sum over deals (the
    financials' gross margin).
    """
    if metric not in ("gross_margin", "new_revenue") or not data.has("opportunities"):
        return None
    o = data.opportunities
    value = o["amount"].astype(float)
    if metric == "gross_margin":
        value = value - o["cost"].astype(float) if data.has("opportunities", "cost") else value * np.nan
    value = value.where(o["status"] == "won")
    return value if value.notna().any() else None


def deal_noise(data: ClientData, metric: str, months: pd.DatetimeIndex, covariate: np.ndarray | None
               ) -> tuple[float, int] | None:
    """The sampling variance per unit of inflow, κ, of a monthly total of won deals; and the deals it is from.

    A month's gross margin (or revenue) of won deals is a sum over a random number of deals, so
    its variance is about the sum of their squared values (a compound-Poisson sum). κ is that sum
    over the deals (:func:`won_values`) closed in *months* (the pre-period) divided by the
    *covariate*'s total over them. ``None`` without a covariate, when the series is not a sum
    over deals, or when fewer than 20 deals carry a value.
    """
    value = None if covariate is None else won_values(data, metric)
    if value is None:
        return None
    cm = data.opportunities["close_date"].dt.to_period("M").dt.to_timestamp()
    sel = value.notna() & cm.isin(months)
    if sel.sum() < 20:
        return None
    return float((value[sel] ** 2).sum() / np.sum(covariate)), int(sel.sum())


def counterfactual(series: pd.Series, go_live: Any, *, covariate: np.ndarray | None = None,
                   noise: tuple[float, int] | None = None, n_boot: int = 2000, seed: int = 0, level: float = 0.9
                   ) -> Counterfactual:
    """Model the months before go-live, project them after it, and check the gain against placebos.

    With a *covariate* (the :func:`pipeline_inflow`) the series is its yield times the inflow,
    the yield constant, AR(1) or drifting: with *noise* (:func:`deal_noise`) and at least
    :data:`MIN_PRE_FOR_VERDICT` months before go-live around the sampling noise of the deals
    (:func:`crmanalysis.analyses.causal.project_yield_known`), else with the noise estimated from the
    months alone (:func:`crmanalysis.analyses.causal.project_yield`); without one, a level and a trend
    model with AR(1) errors are averaged (:func:`crmanalysis.analyses.causal.project`).
    Either way the interval carries the uncertainty about drift or trend and about the noise
    level. Placebo go-lives at earlier pre-period months give standardised gains where there
    can be none (:attr:`Counterfactual.placebo`).
    """
    go = pd.Timestamp(go_live).to_period("M").to_timestamp()
    s = series.sort_index()
    y = s.to_numpy(dtype=float)
    t = np.arange(len(s), dtype=float)
    moy = s.index.month.to_numpy()
    pre = s.index < go
    n_pre = int(pre.sum())
    if n_pre < C.MIN_PRE_MONTHS:
        raise NotComputable(Note("nc.pre_months", need=C.MIN_PRE_MONTHS, have=n_pre))
    # with fewer months the months cannot show whether they vary more than their deals (measured: the
    # interval covered 85 % at 18 months of history); the noise is then estimated from them alone
    kappa = noise[0] if covariate is not None and noise is not None and n_pre >= MIN_PRE_FOR_VERDICT else None
    x = None if covariate is None else np.asarray(covariate, dtype=float)
    if kappa is not None:
        def project_fn(y_pre, post, end, n=400):
            return C.project_yield_known(y_pre, x[:end], post, kappa, n_draws=n, seed=seed + end)
    elif x is not None:
        def project_fn(y_pre, post, end, n=400):
            return C.project_yield(y_pre, x[:end], post, n_draws=n, seed=seed + end)
    else:
        def project_fn(y_pre, post, end, n=400):
            return C.project(y_pre, t[:end], moy[:end], post, n_draws=n, seed=seed + end)
    proj = project_fn(y[pre], ~pre, len(y), n_boot)
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    lo, hi = np.quantile(proj.draws, q, axis=0)
    monthly = pd.DataFrame({"month": s.index, "actual": y, "counterfactual": np.nan, "post": ~pre,
                            "cf_low": np.nan, "cf_high": np.nan})
    monthly.loc[~pre, ["counterfactual", "cf_low", "cf_high"]] = np.column_stack([proj.mean, lo, hi])
    monthly["gain"] = monthly["actual"] - monthly["counterfactual"]
    plac = C.placebo_z(y, n_pre, int((~pre).sum()), project_fn, min_fit=n_pre // 2)
    placebo = pd.DataFrame({"month": [s.index[p] for p, _ in plac], "z": [v for _, v in plac]})
    gain = float(np.sum(y[~pre] - proj.mean))
    if x is not None:
        model = Note("model.yield", ar=round(100 * proj.ar_weight), drift=round(100 * proj.drift_weight))
        trend, explained = _yield_trend(y[pre] / x[pre], t, moy, pre, x, gain, kappa)
    else:
        model = Note("model.level_trend", trend=round(100 * proj.drift_weight))
        trend, explained = proj.drift_weight, True          # the trend is in the model average already
    why = None
    if n_pre < MIN_PRE_FOR_VERDICT:
        why = Note("why.short_pre", n=n_pre, need=MIN_PRE_FOR_VERDICT)
    elif trend > TREND_WEIGHT_MAX and explained:
        why = Note("why.drift", pct=round(100 * trend))
    notes = [Note("note.counterfactual", model=model, n=n_pre, sd=round(proj.sigma))]
    if kappa is not None:
        notes.append(Note("note.deal_noise", n=noise[1]))
    return Counterfactual(monthly, proj.draws, notes, C.standardised_gain(y[~pre], proj), placebo, float(trend),
                          why)


def _yield_trend(r_pre: np.ndarray, t: np.ndarray, moy: np.ndarray, pre: np.ndarray, x: np.ndarray,
                 gain: float, kappa: float | None = None) -> tuple[float, bool]:
    """Whether the yield was already moving before go-live, and whether that would explain the gain.

    The local-level models of the yield do not extrapolate a trend, so a level and a trend model
    (AR(1) errors, BIC weights) are fitted to the pre-period yield itself. Returns the trend
    model's weight and whether its trend, continued over the post months, accounts for at least
    half of the measured *gain* in the same direction (a decline before go-live makes a constant
    counterfactual conservative, not confounded). With *kappa* the months are weighed by their
    sampling noise (:func:`crmanalysis.analyses.causal.yield_trend_known`): a few thin early months no
    longer pass for a trend.
    """
    if kappa is not None:
        weight, shift_m = C.yield_trend_known(r_pre, x[pre], x[~pre], kappa)
        shift = float(shift_m.sum())
        return weight, gain != 0 and shift / gain >= 0.5
    fits = {f.name: f for f in C.fit_models(r_pre, t[pre], moy[pre])}
    weight = fits["trend"].weight if "trend" in fits else 0.0
    if "trend" not in fits or "level" not in fits:
        return weight, True
    season = pre.sum() >= 12
    proj = {name: C.design(t, moy, trend=name == "trend", season=season)[0][~pre] @ f.beta
            for name, f in fits.items()}
    shift = float(np.sum((proj["trend"] - proj["level"]) * x[~pre]))
    return weight, gain != 0 and shift / gain >= 0.5


@dataclass
class ROIResult:
    """Everything the ROI notebook reports."""

    metric: str
    attribution_share: float
    horizon_months: int
    cost_total: float
    gain: float
    gain_low: float
    gain_high: float
    roi_pct: float
    roi_low: float
    roi_high: float
    demonstrable: bool
    verdict: str
    break_even: pd.Timestamp | None
    break_even_low: pd.Timestamp | None
    payback_months: float
    curve: pd.DataFrame
    sensitivity: pd.DataFrame
    counterfactual: Counterfactual
    naive_gain: float
    notes: list[str]
    verdict_kind: str = "no_gain"         # gain / no_gain / placebo / cannot_separate

    def summary(self) -> dict[str, Any]:
        """Key figures as plain values (for recording)."""
        return {"metric": self.metric, "attribution_share": self.attribution_share,
                "horizon_months": self.horizon_months, "cost_total": self.cost_total, "gain": self.gain,
                "gain_low": self.gain_low, "gain_high": self.gain_high, "roi_pct": self.roi_pct,
                "roi_low": self.roi_low, "roi_high": self.roi_high, "demonstrable": self.demonstrable,
                "verdict": self.verdict, "naive_gain": self.naive_gain, "verdict_kind": self.verdict_kind,
                "placebo_share": self.counterfactual.placebo_share, "placebos": len(self.counterfactual.placebo),
                "why": None if (why := self.counterfactual.cannot_separate) is None else why.as_json(),
                "break_even": None if self.break_even is None else str(self.break_even.date()),
                "payback_months": self.payback_months}


@old_keywords(12)
def roi_analysis(data: ClientData, *, go_live: Any = None, horizon_months: int | None = None,
                 attribution_share: float = 1.0, metric: str = "auto", window: Window | None = None,
                 n_boot: int = 2000, seed: int = 0, level: float = 0.9, cf: Counterfactual | None = None) -> ROIResult:
    """The CRM's ROI over the horizon after go-live (default: all months after go-live in the data).

    Gain per month = (actual − counterfactual) × attribution_share, summed over the horizon;
    cost = every CRM cost from the first cost month to the end of the horizon. *cf* is the
    :func:`gain_counterfactual` when the caller already has it (the notebook draws it first).
    """
    if not 0 < attribution_share <= 1:
        raise ValueError(f"attribution_share must be in (0, 1], got {attribution_share}")
    if cf is None:
        cf = gain_counterfactual(data, go_live=go_live, metric=metric, window=window, n_boot=n_boot, seed=seed,
                                 level=level)
    go, metric = go_live_of(data, go_live), cf.metric
    m = cf.monthly
    post = m[m["post"]].reset_index(drop=True)
    if horizon_months:
        post = post.iloc[:horizon_months]
    h = len(post)
    draws = cf.draws[:, :h]
    costs = monthly_costs(data)
    if costs.empty:
        raise NotComputable(Note("nc.crm_costs"))
    first_cost = costs.index.min()
    months = pd.date_range(min(first_cost, post["month"].iloc[0]), post["month"].iloc[-1], freq="MS")
    cost_m = costs.reindex(months, fill_value=0.0)
    gain_m = pd.Series(0.0, index=months)
    gain_m[post["month"].to_numpy()] = (post["actual"] - post["counterfactual"]).to_numpy() * attribution_share
    gain_draws = np.zeros((len(draws), len(months)))
    pos = months.get_indexer(post["month"])
    gain_draws[:, pos] = (post["actual"].to_numpy()[None, :] - draws) * attribution_share
    cum_gain_draws = gain_draws.cumsum(axis=1)
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    lo_c, hi_c = np.quantile(cum_gain_draws, q, axis=0)
    curve = pd.DataFrame({"month": months, "cost": cost_m.to_numpy(), "gain": gain_m.to_numpy()})
    curve["cum_cost"] = curve["cost"].cumsum()
    curve["cum_gain"] = curve["gain"].cumsum()
    curve["cum_gain_low"], curve["cum_gain_high"] = lo_c, hi_c
    with np.errstate(invalid="ignore", divide="ignore"):
        curve["roi_pct"] = np.where(curve["cum_cost"] > 0,
                                    (curve["cum_gain"] - curve["cum_cost"]) / curve["cum_cost"] * 100, np.nan)
    cost_total = float(curve["cum_cost"].iloc[-1])
    gain = float(curve["cum_gain"].iloc[-1])
    g_lo, g_hi = float(lo_c[-1]), float(hi_c[-1])
    kind = verdict_kind(cf, g_lo)
    demonstrable = kind == "gain"
    tol = 1e-9 * max(1.0, cost_total)      # 19,999.999999 of gain against 20,000 of cost is break-even
    be = curve.loc[(curve["cum_gain"] >= curve["cum_cost"] - tol) & (curve["cum_cost"] > 0), "month"]
    be_lo = curve.loc[(curve["cum_gain_low"] >= curve["cum_cost"] - tol) & (curve["cum_cost"] > 0), "month"]
    break_even = pd.Timestamp(be.iloc[0]) if len(be) and demonstrable else None
    break_even_low = pd.Timestamp(be_lo.iloc[0]) if len(be_lo) else None
    payback = float((break_even.year - go.year) * 12 + break_even.month - go.month + 1) if break_even else np.nan
    roi = roi_pct(gain, cost_total)
    sens = []
    for cf_ in (0.8, 1.0, 1.2):
        for share in (0.25, 0.5, 0.75, 1.0):
            gg = gain / attribution_share * share
            sens.append({"cost_factor": cf_, "attribution_share": share, "gain": gg, "cost": cost_total * cf_,
                         "roi_pct": roi_pct(gg, cost_total * cf_) if demonstrable else np.nan})
    series = pd.Series(cf.monthly["actual"].to_numpy(), index=pd.DatetimeIndex(cf.monthly["month"]))
    naive = _naive_gain(series, go, h) * attribution_share
    notes = cf.notes + [Note(f"note.gain_{metric}") if metric in ("gross_margin", "new_revenue")
                        else Note("note.gain_other", metric=metric.replace("_", " "))]
    res = ROIResult(metric, attribution_share, h, cost_total, gain, g_lo, g_hi, roi if demonstrable else np.nan,
                    roi_pct(g_lo, cost_total), roi_pct(g_hi, cost_total), demonstrable, "", break_even,
                    break_even_low, payback, curve, pd.DataFrame(sens), cf, naive, notes, kind)
    res.verdict = verdict_text(res.summary())
    return res


def verdict_kind(cf: Counterfactual, gain_low: float) -> str:
    """The verdict's kind from the counterfactual and the lower bound of the summed gain.

    ``cannot_separate`` (too few months before go-live, or a series already moving before it),
    else ``gain`` (interval above zero, placebos do not match it), ``placebo`` (interval above
    zero but more than :data:`PLACEBO_SHARE_MAX` of placebo gains as large) or ``no_gain``.
    """
    if cf.cannot_separate is not None:
        return "cannot_separate"
    if gain_low > 0:
        return "placebo" if cf.placebo_share > PLACEBO_SHARE_MAX else "gain"
    return "no_gain"


def _naive_gain(series: pd.Series, go: pd.Timestamp, h: int) -> float:
    """What a naive before/after says: (mean month after − mean month before) × months after."""
    g = go.to_period("M").to_timestamp()
    pre = series[series.index < g]
    post = series[series.index >= g].iloc[:h]
    return float((post.mean() - pre.mean()) * len(post))


@old_keywords(12)
def gain_counterfactual(data: ClientData, *, go_live: Any = None, metric: str = "auto", window: Window | None = None,
                        n_boot: int = 2000, seed: int = 0, level: float = 0.9) -> Counterfactual:
    """The monthly gain series against its counterfactual (no costs needed); ``.metric`` names the series."""
    go = go_live_of(data, go_live)
    series, metric, s_notes = gain_series(data, metric, window=window)
    x = pipeline_inflow(data, series.index, go)
    pre = series.index < go.to_period("M").to_timestamp()
    noise = deal_noise(data, metric, series.index[pre], None if x is None else x[pre])
    cf = counterfactual(series, go, covariate=x, noise=noise, n_boot=n_boot, seed=seed, level=level)
    if K.kpi(data, metric).unit == "money":     # "a month typically lies 39,020 above or below it" named no unit
        money = {"unit": "money", "currency": data.config.currency}
        cf.notes[:] = [Note(n.key, **{**n.params, "sd": {"value": n.params["sd"], **money}})
                       if getattr(n, "key", "") == "note.counterfactual" else n for n in cf.notes]
    cf.notes[:0] = s_notes + ([] if x is not None else [Note("note.no_inflow")])
    cf.metric = metric
    return cf


def require_result(res: ROIResult | None) -> ROIResult:
    """*res*, or :class:`NotComputable` when the ROI itself could not be computed (its section says why)."""
    if res is None:
        raise NotComputable(detail=Note("nc.roi_above"))
    return res


def placebo_frame(cf: Counterfactual) -> pd.DataFrame:
    """``month``, ``z``, ``which``: the placebo go-lives and the real one with their standardised gains."""
    real = cf.monthly.loc[cf.monthly["post"], "month"].iloc[0]
    return pd.DataFrame({"month": [*cf.placebo["month"], real], "z": [*cf.placebo["z"], cf.z],
                         "which": ["placebo"] * len(cf.placebo) + ["real"]})


def series_title(cf: Counterfactual, lang: str = "en") -> str:
    """The counterfactual chart's title: what the series measures, per month, actual and without the CRM."""
    from ..texts import header

    what = {"gross_margin": "Gross margin", "new_revenue": "New revenue"}.get(cf.metric)
    return (header(what, lang) + " " if what else "") + header("per month (actual and without the CRM)", lang)


def notes_markdown(notes: list[Any], lang: str = "en") -> str:
    """The model's notes under a heading, in *lang* (Markdown)."""
    from ..i18n import render, t

    return t("s.tech_notes", lang) + "\n\n" + "\n".join(f"- {render(n, lang)}" for n in notes)


def naive_sentence(res: ROIResult, lang: str = "en", currency: str = "EUR") -> str:
    """What a naive before/after comparison would have given, next to the counterfactual gain.

    "would have claimed a gain of -€2,213" (Alpina) called a loss a gain: the figure is said as it is.
    """
    from ..i18n import fmt_money, fmt_pct, kpi_label, t

    # its months and series said: a reader looked for the figure among the 12-month before/after table's
    post = res.counterfactual.monthly["post"].astype(bool)
    return t("s.naive", lang, naive=fmt_money(res.naive_gain, currency, lang), gain=fmt_money(res.gain, currency, lang),
             share=fmt_pct(res.attribution_share, lang), metric=_lower(kpi_label(res.metric, lang), lang),
             before=int((~post).sum()), after=min(int(post.sum()), res.horizon_months))


def _lower(label: str, lang: str) -> str:
    """A KPI's name inside a sentence: lower case, but for German, whose nouns keep their capital."""
    return label if lang == "de" else label[:1].lower() + label[1:]


def break_even_sentence(res: ROIResult, lang: str = "en") -> str:
    """The break-even month and payback period, or that no break-even can be shown."""
    from ..i18n import fmt_month, fmt_number, t

    if res.break_even is None:
        return t("s.no_break_even", lang)
    # the month the gain's low end covers the cost too: Northwind's "Break-even: March 2024; payback 3 months" read
    # as certain while the band's lower edge met the cost line only about a year later
    low = fmt_month(res.break_even_low, lang) if res.break_even_low is not None else \
        t("s.break_even_not_yet", lang, month=fmt_month(res.curve["month"].iloc[-1], lang))
    return t("s.break_even", lang, month=fmt_month(res.break_even, lang), n=fmt_number(res.payback_months, lang),
             low=low)


def placebo_sentence(cf: Counterfactual | None, *, lang: str = "en") -> str:
    """How many placebo go-lives matched the measured gain; :class:`NotComputable` without placebos."""
    from ..i18n import fmt_number, t

    if cf is None:
        raise NotComputable(detail=Note("nc.cf_above"))
    if cf.placebo.empty:
        raise NotComputable(Note("nc.placebo_months", n=C.MIN_PRE_FOR_PLACEBO))
    k = int((cf.placebo["z"] >= cf.z).sum())
    if cf.z <= 0:
        # Alpina's loss (-0.6) "matched" by 6 of 6 false go-lives said nothing: there is no gain to match, and the
        # false go-lives show how large a gain chance makes here
        return t("s.placebo_no_gain", lang, n=len(cf.placebo), z=fmt_number(cf.z, lang, 1),
                 top=fmt_number(float(cf.placebo["z"].max()), lang, 1))
    return t("s.placebo", lang, k=k, n=len(cf.placebo), z=fmt_number(cf.z, lang, 1))

