"""Figures from analysis results (no KPI computation here), one consistent, print-friendly style."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
import seaborn as sns

from .i18n import fmt_money, fmt_pct, t

__all__ = ["style", "trend_with_band", "target_vs_actual", "score_heatmap", "drill_chart", "quadrant",
           "lag_bars", "counterfactual", "cumulative_roi", "axis_formatter"]

STATUS_COLORS = {"red": "#c0392b", "amber": "#e69f00", "green": "#2e8b57", "": "#999999"}
PALETTE = "colorblind"


def style() -> None:
    """Apply the report style: white grid, readable font sizes, colour-blind palette."""
    sns.set_theme(style="whitegrid", palette=PALETTE, font_scale=1.0)
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "axes.titleweight": "bold",
                         "axes.spines.top": False, "axes.spines.right": False})


def axis_formatter(unit: str, currency: str = "EUR", lang: str = "en") -> mticker.Formatter:
    """Tick formatter for a KPI unit (money with currency, ratios as %, plain numbers)."""
    if unit == "money":
        return mticker.FuncFormatter(lambda v, _: fmt_money(v, currency, lang))
    if unit == "ratio":
        return mticker.FuncFormatter(lambda v, _: fmt_pct(v, lang))
    return mticker.FuncFormatter(lambda v, _: f"{v:,.0f}")


def _unit_label(unit: str, currency: str) -> str:
    return {"money": currency, "ratio": "%", "count": "count", "days": "days", "hours": "hours",
            "score": "score (1–5)"}.get(unit, unit)


def trend_with_band(series: pd.DataFrame, base_row: pd.Series, *, title: str, unit: str, currency: str = "EUR",
                    lang: str = "en", ax: Any = None):
    """KPI per period (line) with the baseline median (dashed) and IQR band shaded."""
    style()
    ax = ax or plt.subplots(figsize=(9, 3.6))[1]
    ax.plot(series["period_start"], series["value"], marker="o", lw=1.8, label=t("actual", lang))
    if base_row is not None and not pd.isna(base_row.get("median")):
        x0, x1 = base_row["window_start"], base_row["window_end"]
        ax.axhspan(base_row["q1"], base_row["q3"], color="C1", alpha=0.15, label=t("spread", lang))
        ax.axhline(base_row["median"], color="C1", ls="--", lw=1.5, label=t("median", lang))
        ax.axvspan(x0, x1, color="grey", alpha=0.06)
    ax.set_title(title)
    ax.yaxis.set_major_formatter(axis_formatter(unit, currency, lang))
    ax.set_ylabel(_unit_label(unit, currency))
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.figure.autofmt_xdate()
    return ax.figure


def target_vs_actual(scores: pd.DataFrame, *, title: str, unit: str, currency: str = "EUR", lang: str = "en",
                     label_col: str = "entity_name"):
    """Horizontal bars of actual per entity, target marked, coloured by status."""
    style()
    s = scores.sort_values("actual")
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(s) + 1.2))
    colors = [STATUS_COLORS.get(x, "#999") for x in s["status"]]
    ax.barh(s[label_col].astype(str), s["actual"], color=colors)
    ax.scatter(s["target"], s[label_col].astype(str), marker="|", s=300, color="black", label=t("target", lang),
               zorder=3)
    ax.set_title(title)
    ax.xaxis.set_major_formatter(axis_formatter(unit, currency, lang))
    ax.set_xlabel(_unit_label(unit, currency))
    ax.legend(loc="lower right", frameon=False)
    return fig


def score_heatmap(scores: pd.DataFrame, *, title: str, lang: str = "en", row: str = "entity_name",
                  col: str = "label"):
    """Score (actual / target) per rep × KPI; 100 % = on target."""
    style()
    if "kpi" in scores and col == "label":                     # KPI names in the report language
        from .kpis import labels

        scores = scores.assign(label=labels(scores["kpi"], lang))
    piv = scores.pivot_table(index=row, columns=col, values="score", aggfunc="mean")
    fig, ax = plt.subplots(figsize=(1.6 * max(3, piv.shape[1]) + 2, 0.4 * len(piv) + 1.5))
    sns.heatmap(piv * 100, annot=True, fmt=".0f", cmap="RdYlGn", center=100, vmin=40, vmax=160, ax=ax,
                cbar_kws={"label": f"{t('score', lang)} (%)"})
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return fig


def drill_chart(drill: pd.DataFrame, *, title: str, currency: str = "EUR", lang: str = "en"):
    """The drill path: at each level the segment's actual against what it was expected to deliver."""
    style()
    fig, ax = plt.subplots(figsize=(9, 0.9 * len(drill) + 1.2))
    y = np.arange(len(drill))[::-1]
    from .texts import header

    ax.barh(y + 0.18, drill["expected"], height=0.36, color="#bbbbbb",
            label=header("expected (moved like the total)", lang))
    ax.barh(y - 0.18, drill["actual"], height=0.36, color=STATUS_COLORS["red"], label=t("actual", lang))
    share = header("of the shortfall", lang)
    ax.set_yticks(y, [f"{header(r.level, lang)}: {r.segment}\n({r.share_of_gap:.0%} {share})"
                      for r in drill.itertuples()])
    ax.xaxis.set_major_formatter(axis_formatter("money", currency, lang))
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    return fig


def quadrant(frame: pd.DataFrame, *, x: str, y: str, title: str, x_label: str, y_label: str,
             label_col: str = "entity_name", x_med: float | None = None, y_med: float | None = None):
    """Scatter of reps by activity (x) and result (y) with the team medians as quadrant lines."""
    style()
    fig, ax = plt.subplots(figsize=(8, 6))
    sns.scatterplot(data=frame, x=x, y=y, hue="quadrant", s=80, ax=ax)
    for r in frame.itertuples():
        ax.annotate(str(getattr(r, label_col)), (getattr(r, x), getattr(r, y)), fontsize=8,
                    xytext=(4, 3), textcoords="offset points")
    ax.axvline(frame[x].median() if x_med is None else x_med, color="grey", ls="--", lw=1)
    ax.axhline(frame[y].median() if y_med is None else y_med, color="grey", ls="--", lw=1)
    ax.set_title(title)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.legend(fontsize=8, frameon=False)
    return fig


def lag_bars(lags: pd.DataFrame, *, title: str):
    """Correlation of activity in month t with results in t+k, with confidence intervals."""
    style()
    fig, ax = plt.subplots(figsize=(7, 3.5))
    err = np.vstack([lags["r"] - lags["ci_low"], lags["ci_high"] - lags["r"]])
    ax.bar(lags["lag"].astype(str), lags["r"], yerr=err, capsize=4, color="C0")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("lag k (months between activity and result)")
    ax.set_ylabel("correlation r")
    for i, r in enumerate(lags.itertuples()):
        ax.annotate(f"n={r.n}", (i, 0.92), ha="center", fontsize=8)
    ax.set_title(title)
    return fig


def counterfactual(monthly: pd.DataFrame, *, title: str, unit: str = "money", currency: str = "EUR",
                   lang: str = "en", go_live: Any = None):
    """Actual per month against the counterfactual (what without the CRM) with its interval."""
    style()
    fig, ax = plt.subplots(figsize=(9, 3.8))
    ax.plot(monthly["month"], monthly["actual"], marker="o", lw=1.6, label=t("actual", lang))
    post = monthly[monthly["post"]]
    ax.plot(post["month"], post["counterfactual"], color="C1", ls="--", label="without CRM (counterfactual)")
    ax.fill_between(post["month"], post["cf_low"], post["cf_high"], color="C1", alpha=0.15, label="90% interval")
    if go_live is not None:
        ax.axvline(pd.Timestamp(go_live), color="black", lw=1)
        ax.annotate("go-live", (pd.Timestamp(go_live), ax.get_ylim()[1]), fontsize=8, ha="left", va="top")
    ax.yaxis.set_major_formatter(axis_formatter(unit, currency, lang))
    ax.set_ylabel(_unit_label(unit, currency))
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    fig.autofmt_xdate()
    return fig


def cumulative_roi(curve: pd.DataFrame, *, title: str, currency: str = "EUR", lang: str = "en",
                   break_even: Any = None):
    """Cumulative gain and cost since the project start; break-even (ROI 0 %) marked."""
    style()
    fig, ax = plt.subplots(figsize=(9, 3.8))
    ax.plot(curve["month"], curve["cum_gain"], lw=2, label="cumulative gain attributed to the CRM")
    ax.fill_between(curve["month"], curve["cum_gain_low"], curve["cum_gain_high"], alpha=0.15)
    ax.plot(curve["month"], curve["cum_cost"], lw=2, color="C3", label="cumulative CRM cost")
    if break_even is not None and not pd.isna(break_even):
        ax.axvline(pd.Timestamp(break_even), color="black", ls="--", lw=1)
        ax.annotate("break-even (ROI 0 %)", (pd.Timestamp(break_even), ax.get_ylim()[1]), fontsize=8, va="top")
    ax.yaxis.set_major_formatter(axis_formatter("money", currency, lang))
    ax.set_ylabel(currency)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    fig.autofmt_xdate()
    return fig
