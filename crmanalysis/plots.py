"""Figures from analysis results (no KPI computation here), in one house style and the report language.

Every function draws inside :func:`house_style` (a ``matplotlib.rc_context``), so the caller's
global matplotlib / seaborn theme is never changed. Colours are the Okabe–Ito palette (safe for
colour-blind readers); every axis says what it counts and in which unit; titles, legends and
axis labels are in *lang*. Each function returns the figure; ``notebook.display`` shows and
closes it.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from typing import Any

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from cycler import cycler

from .i18n import SCORE_CAP, fmt_money, fmt_number, fmt_pct, score_digits
from .texts import header, t

__all__ = ["house_style", "png_of", "PNG_DPI", "SCREEN_DPI",
           "trend_with_band", "trend_grid", "GRID_PANELS", "target_vs_actual", "score_heatmap",
           "drill_chart", "quadrant",
           "lag_bars", "counterfactual", "cumulative_roi", "axis_formatter", "unit_label", "PALETTE"]

#: Okabe–Ito: distinguishable with every common kind of colour blindness
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
STATUS_COLORS = {"red": "#D55E00", "amber": "#E69F00", "green": "#009E73", "": "#999999"}
#: each quadrant its own colour, none of the status colours (a performer drawn in the red of "below target"
#: read as one), in the order the quadrant table lists them
QUADRANT_COLORS = {"performer": "#0072B2", "busy without progress": "#CC79A7", "efficient": "#56B4E9",
                   "low activity": "#000000"}
#: pixels per inch of a chart as the report shows it (the CSS width of its picture)
SCREEN_DPI = 110
#: pixels per inch drawn: 1.5 times the shown size, sharp on a high-density screen and in print (about
#: 185 dpi across an A4 page's text width)
PNG_DPI = 165


_RC = {
    "figure.dpi": SCREEN_DPI, "savefig.dpi": SCREEN_DPI, "figure.facecolor": "white", "axes.facecolor": "white",
    "axes.edgecolor": "#444444", "axes.grid": True, "grid.color": "#e6e6e6", "grid.linewidth": 0.8,
    "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": 11,
    "axes.titlelocation": "left", "axes.labelsize": 9, "xtick.labelsize": 8.5, "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5, "legend.frameon": False, "font.family": ["DejaVu Sans", "sans-serif"],
    "lines.linewidth": 1.8, "axes.prop_cycle": cycler(color=PALETTE), "axes.axisbelow": True,
}


def png_of(fig: Any, dpi: int = PNG_DPI) -> tuple[bytes, dict[str, int]]:
    """The figure as a PNG cropped to what it draws (a legend below the plot included), and its shown width.

    A picture, not a vector drawing: the PDF renderer draws an SVG element by element and lays out
    each of its words with the page's fonts; eleven charts took some 1.3 s of a 25-page PDF's 2 s of
    drawing, pictures of the same charts 0.3 s, while matplotlib draws either in about the same time.
    The metadata's ``width`` shows the picture at :data:`SCREEN_DPI`, the size the report always
    gave its charts.
    """
    import io

    from PIL import Image

    box = _tight_box(fig, dpi)
    drawn, out = io.BytesIO(), io.BytesIO()
    size = None
    if not isinstance(box, str):
        # the drawn pixels as they are, encoded once: a PNG with an alpha channel decoded and encoded again
        # without it took 0.22 s of a four-panel chart, these pixels 0.12 s
        fig.savefig(drawn, format="rgba", dpi=dpi, bbox_inches=box)
        size = _raw_size(drawn.getbuffer().nbytes, box, dpi)
    if size is None:              # a layout engine's own tight box (drawn once: a second drawing lays it out anew)
        drawn = io.BytesIO()
        fig.savefig(drawn, format="png", dpi=dpi, bbox_inches=box, pil_kwargs={"compress_level": 1})
        pic = Image.open(drawn).convert("RGB")
    else:
        # without the alpha channel of a white figure: the PDF renderer splits a picture that has one
        # into two pictures and compresses both again (0.6 s of eleven charts)
        pic = Image.fromarray(np.frombuffer(drawn.getbuffer(), np.uint8).reshape(size[1], size[0], 4)[:, :, :3])
    # compressed lightly: the PDF takes these compressed rows as they are
    pic.save(out, format="png", compress_level=1)
    return out.getvalue(), {"width": round(pic.width / dpi * SCREEN_DPI)}


def _raw_size(nbytes: int, box: Any, dpi: int) -> tuple[int, int] | None:  # box: a Bbox in inches
    """(width, height) in pixels of *nbytes* of RGBA pixels drawn of *box* (inches) at *dpi*; None if unsure.

    The canvas is the box's size at *dpi*, each side cut to whole pixels; one pixel either way is
    tried, and only a width that divides the pixels into a height within a pixel of the box's counts.
    """
    w_in, h_in = box.width * dpi, box.height * dpi
    for w in sorted({int(w_in), round(w_in), int(w_in) + 1, int(w_in) - 1}, key=lambda v: abs(v - w_in)):
        if w > 0 and nbytes % (4 * w) == 0 and abs(nbytes // (4 * w) - h_in) <= 1:
            return w, nbytes // (4 * w)
    return None


def _tight_box(fig: Any, dpi: int) -> Any:
    """What *fig* draws, in inches with savefig's margin, measured at *dpi* without drawing it.

    ``bbox_inches="tight"`` lays the figure out twice, once with drawing switched off to measure it and
    once to draw it: a third of a chart's time (0.45 -> 0.3 s of a four-panel trend grid). The words'
    sizes are all it needs to measure, at the resolution they are drawn in. A figure with a layout
    engine is laid out by the draw itself, so it keeps matplotlib's own way.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if fig.get_layout_engine() is not None:
        return "tight"
    shown = fig.dpi
    try:
        fig.dpi = dpi
        renderer = FigureCanvasAgg(fig).get_renderer() if not hasattr(fig.canvas, "get_renderer") \
            else fig.canvas.get_renderer()
        return fig.get_tightbbox(renderer).padded(mpl.rcParams["savefig.pad_inches"])
    finally:
        fig.dpi = shown


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """The report's look for the figures drawn inside the block; the global rcParams are restored after it."""
    with plt.rc_context(_RC):
        yield


class _UnitFormatter(mticker.Formatter):
    """Tick labels of a KPI unit in the report language, with just enough decimals to tell the ticks apart."""

    def __init__(self, unit: str, currency: str, lang: str) -> None:
        self.unit, self.currency, self.lang = unit, currency, lang
        self.digits = 0
        self._said: dict[tuple[float, int], str] = {}     # a tick is labelled in every drawing pass

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        vals = np.asarray([v for v in locs if np.isfinite(v)], dtype=float) * (100.0 if self.unit == "ratio" else 1.0)
        # the fewest decimals that write every tick exactly (0.25 steps need two, 0.5 steps one)
        tol = 1e-6 * max(1.0, float(np.abs(vals).max(initial=1)))
        self.digits = next((d for d in range(4) if np.allclose(vals * 10 ** d, np.round(vals * 10 ** d), atol=tol)), 3)

    def __call__(self, v: float, pos: Any = None) -> str:
        key = (v, self.digits)
        if key not in self._said:
            if self.unit == "money":
                self._said[key] = fmt_money(v, self.currency, self.lang, self.digits)
            elif self.unit == "ratio":
                self._said[key] = fmt_pct(v, self.lang, self.digits)
            else:
                self._said[key] = fmt_number(v, self.lang, self.digits)
        return self._said[key]


def axis_formatter(unit: str, currency: str = "EUR", lang: str = "en") -> mticker.Formatter:
    """Tick formatter for a KPI unit (money with currency, ratios as %, plain numbers) in *lang*."""
    return _UnitFormatter(unit, currency, lang)


def unit_label(unit: str, currency: str = "EUR", lang: str = "en") -> str:
    """What an axis of *unit* measures, in words: 'EUR', 'share (%)', 'number', 'days', 'hours', 'score (1–5)'."""
    return t("unit.money", lang, currency=currency) if unit == "money" else t(f"unit.{unit}", lang)


def format_date(d: Any, lang: str) -> str:
    """A date in the report language's medium format ("30 Jun 2025", "30 jun. 2025")."""
    from babel.dates import format_date as _fd

    from .i18n import LOCALES

    return _fd(d, format="medium", locale=LOCALES.get(lang, "en_GB"))


def _month_axis(ax: Any, lang: str, *, monthly: bool = False, maxticks: int = 9) -> None:
    """Date ticks in the report language: months ("mei 25") over long spans, days ("12 mei") over short ones.

    *monthly*: the points are months, so the ticks are months however short the span (a month per
    tick up to a year, then every second or third month).
    """
    import matplotlib.dates as mdates
    from babel.dates import format_date as _fd

    from .i18n import LOCALES

    lo, hi = ax.get_xlim()
    short = hi - lo < 120 and not monthly      # days on the axis
    if monthly:
        ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, int((hi - lo) / 30.4 // 12) + 1)))
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=min(4, maxticks - 1), maxticks=maxticks))
    pattern = "d MMM" if short else "MMM yy"

    @functools.lru_cache(maxsize=256)                # a tick is labelled in every drawing pass
    def fmt(v: float, _pos: Any = None) -> str:
        return _fd(mdates.num2date(v).date(), format=pattern, locale=LOCALES.get(lang, "en_GB"))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(fmt))


def _trend_panel(ax: Any, series: pd.DataFrame, base_row: pd.Series | None, *, unit: str, currency: str,
                 lang: str, as_of: Any, maxticks: int = 9) -> bool:
    """One KPI's line, baseline median and usual range on *ax*; True when an unfinished period was left out."""
    s = series.sort_values("period_start")
    ends = _period_ends(s)
    # a period is complete when the data reach its last day (a month whose last day has data is whole)
    done = (ends.dt.normalize() <= pd.Timestamp(as_of).normalize()).to_numpy() if as_of is not None \
        else np.ones(len(s), bool)
    ax.plot(s["period_start"][done], s["value"][done], marker="o", ms=4 if maxticks > 5 else 3,
            label=t("actual", lang))
    value = base_row.get("baseline", base_row.get("median")) if base_row is not None else None
    if value is not None and not pd.isna(value):
        ax.axhspan(base_row["q1"], base_row["q3"], color=PALETTE[1], alpha=0.15, lw=0, label=t("spread", lang))
        # a stock's baseline is its last month's level, not the median the band is drawn around
        # and a line of its own in a grid's one legend (dash-dot), beside the medians' dashes
        # a rate's is its rate over the months together (dotted)
        stock = pd.notna(base_row.get("stock")) and bool(base_row.get("stock"))
        rate = pd.notna(base_row.get("rate")) and bool(base_row.get("rate")) and not stock
        ax.axhline(value, color=PALETTE[1], ls="-." if stock else ":" if rate else "--", lw=1.5,
                   label=t("baseline_level" if stock else "baseline_rate" if rate else "median", lang))
        # the baseline months' shade starts where the data does: months before it would widen the axis to nothing;
        # and where the KPI's records start in earnest within them (Salesforce's sales conversations: February 2022
        # of September - February), as the table says
        first = s["period_start"].min() if len(s) else base_row["window_start"]
        since = base_row.get("measured_from")
        start = max(pd.Timestamp(base_row["window_start"]), pd.Timestamp(first),
                    pd.Timestamp(since) if since is not None and pd.notna(since) else pd.Timestamp.min)
        ax.axvspan(start, base_row["window_end"], color="#888888", alpha=0.07, lw=0, label=t("baseline_months", lang))
    _unit_axis(ax.yaxis, unit, currency, lang)
    if maxticks <= 5:
        ax.yaxis.set_major_locator(mticker.MaxNLocator(4, integer=unit == "count"))
    _month_axis(ax, lang, maxticks=maxticks)
    # a partial period would look like a collapse: left out, and said so
    return bool((~done).any())


def trend_with_band(series: pd.DataFrame, base_row: pd.Series | None, *, title: str, unit: str,
                    currency: str = "EUR", lang: str = "en", as_of: Any = None, ax: Any = None):
    """KPI per period (line) with the baseline median (dashed) and its usual range (shaded).

    A period that ends after *as_of* (the end of the data) is unfinished: it is left out, and a
    line in the chart says so, instead of a partial value drawn as if the period were complete.
    """
    with house_style():
        ax = ax or plt.subplots(figsize=(8.6, 3.3))[1]
        left_out = _trend_panel(ax, series, base_row, unit=unit, currency=currency, lang=lang, as_of=as_of)
        ax.set_title(title)
        ax.set_ylabel(unit_label(unit, currency, lang))
        if left_out:
            ax.set_xlabel(_unfinished(as_of, lang), fontsize=7.5, color="#5b6472")
        _legend_below(ax, below=0.26 if left_out else 0.16)
        return ax.figure


#: panels in one :func:`trend_grid`: two rows of two, so that two grids share a page
GRID_PANELS = 4


def trend_grid(panels: list[dict[str, Any]], *, currency: str = "EUR", lang: str = "en", as_of: Any = None):
    """Several KPIs' trends side by side, two to a row: :func:`trend_with_band` as small panels, one legend.

    *panels*: ``{"series", "base_row", "title", "unit"}`` each. A KPI report's baseline shows a
    dozen trends: as full-width charts they took seven pages and drew every axis label again.
    """
    with house_style():
        cols = 2 if len(panels) > 1 else 1
        rows = -(-len(panels) // cols)
        fig, axes = plt.subplots(rows, cols, figsize=(8.6, 2.3 * rows), squeeze=False)  # 2.3 in a row
        left_out = []
        for ax, p in zip(axes.flat, panels, strict=False):
            if _trend_panel(ax, p["series"], p["base_row"], unit=p["unit"], currency=currency, lang=lang,
                            as_of=as_of, maxticks=5):
                left_out.append(p["title"])
            ax.set_title(p["title"], fontsize=9.5)
        for ax in axes.flat[len(panels):]:
            ax.set_visible(False)
        height = 2.3 * rows
        # a third of an inch above the first row's titles, whatever the rows: the legend goes on top of it
        fig.subplots_adjust(hspace=0.45, wspace=0.3, top=1 - 0.33 / height)
        # every panel's entries once: a stock's panel (MRR) draws its baseline at its level, and the first
        # panel's "Baseline (median)" alone named that line wrongly
        entries = {lab: h for ax in axes.flat[:len(panels)] for h, lab in zip(*ax.get_legend_handles_labels(),
                                                                                strict=True)}
        handles, labels = list(entries.values()), list(entries)
        # above the first row and below the last, outside the panels: the saved figure grows to hold them
        fig.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.1, 1.0), ncols=len(labels),
                   borderaxespad=0.0)
        if left_out:                  # named: a weekly panel may leave out its last week, the monthly ones nothing
            fig.text(0.1, 0.0, f"{', '.join(left_out)}: {_unfinished(as_of, lang)}", fontsize=7.5, color="#5b6472",
                     va="top")
        return fig


def _unfinished(as_of: Any, lang: str) -> str:
    return t("chart.unfinished_left_out", lang, date=format_date(pd.Timestamp(as_of).date(), lang))


def plan_path(path: pd.DataFrame, *, title: str, unit: str, currency: str = "EUR", lang: str = "en", ax: Any = None):
    """One KPI since the baseline month (a :func:`crmanalysis.analyses.plan.replay` frame of one KPI and entity).

    The baseline's usual range (shaded) and median (dashed), the plan's target as steps, the actual months.
    """
    with house_style():
        ax = ax or plt.subplots(figsize=(8.6, 3.3))[1]
        s = path.assign(x=pd.to_datetime(path["month"] + "-01")).sort_values("x")
        first = s.iloc[0]
        if not pd.isna(first["baseline"]):
            ax.axhspan(first["q1"], first["q3"], color=PALETTE[1], alpha=0.15, lw=0, label=t("spread", lang))
            ax.axhline(first["baseline"], color=PALETTE[1], ls="--", lw=1.5, label=t("chart.baseline", lang))
        # each month's target holds through its month: the last step is drawn to the month's end too
        steps_x = pd.concat([s["x"], pd.Series([s["x"].iloc[-1] + pd.offsets.MonthBegin(1)])], ignore_index=True)
        steps_y = pd.concat([s["target"], s["target"].iloc[-1:]], ignore_index=True)
        ax.step(steps_x, steps_y, where="post", color=PALETTE[3], lw=1.6, label=t("target", lang))
        ax.plot(s["x"] + pd.Timedelta(days=14), s["actual"], marker="o", ms=4, color=PALETTE[0],
                label=t("actual", lang))              # an actual sits mid-month, inside its target's step
        ax.set_title(title)
        _unit_axis(ax.yaxis, unit, currency, lang)
        ax.set_ylabel(unit_label(unit, currency, lang))
        ax.set_xlim(steps_x.iloc[0], steps_x.iloc[-1])
        _month_axis(ax, lang, monthly=True)
        _legend_below(ax)
        return ax.figure


def _legend_below(ax: Any, ncols: int = 4, below: float = 0.16) -> None:
    """The legend under the plot, where it never covers a line (the saved figure grows to hold it)."""
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -below), ncols=ncols, borderaxespad=0.0)


def _unit_axis(axis: Any, unit: str, currency: str, lang: str) -> None:
    """Ticks of a KPI unit: whole numbers for counts, labels in the report language."""
    if unit == "count":
        axis.set_major_locator(mticker.MaxNLocator(integer=True))
    axis.set_major_formatter(axis_formatter(unit, currency, lang))


def _period_ends(s: pd.DataFrame) -> pd.Series:
    """The end of each period of a ``kpis.compute`` frame (the next period's start, or one step more)."""
    starts = pd.to_datetime(s["period_start"]).reset_index(drop=True)
    if len(starts) < 2:
        return pd.Series([pd.Timestamp.max] * len(starts))
    step = starts.diff().median()
    period = str(s["period"].iloc[0]) if "period" in s and len(s) else ""
    if "W" in period:
        return starts + pd.Timedelta(days=7) - pd.Timedelta(1, "ns")
    return starts + pd.offsets.MonthBegin(1) - pd.Timedelta(1, "ns") if step > pd.Timedelta(days=20) else \
        starts + step - pd.Timedelta(1, "ns")


def target_vs_actual(scores: pd.DataFrame, *, title: str, unit: str, currency: str = "EUR", lang: str = "en",
                     label_col: str = "entity_name"):
    """Horizontal bars of actual per entity, the target marked, coloured by status."""
    with house_style():
        s = scores.sort_values("actual")
        # a bar a rep, 0.22 in each: at 0.32 Acumatica's 21 reps made a chart that left the page before it empty
        fig, ax = plt.subplots(figsize=(8.6, 0.22 * len(s) + 1.3))
        colors = [STATUS_COLORS.get(x, "#999999") for x in s["status"]]
        # the revenue of deals nobody owns (the KPI engine's "(unknown)" rep; plots import no KPI code): Acumatica's
        # grey "(unknown)" bar was explained nowhere
        names = s[label_col].astype(str).replace({"(unknown)": t("entity.no_owner", lang)})
        ax.barh(names, s["actual"], color=colors)
        ax.scatter(s["target"], names, marker="|", s=300, color="black", label=t("target", lang), zorder=3)
        ax.set_title(title)
        ax.xaxis.set_major_formatter(axis_formatter(unit, currency, lang))
        ax.set_xlabel(unit_label(unit, currency, lang))
        ax.grid(axis="y", visible=False)
        from matplotlib.patches import Patch

        more = [Patch(color="#999999", label=t("no_target_yet", lang))] if s["target"].isna().any() else []
        # a rep without a target yet: a grey bar, no tick
        _status_legend(fig, ax, lang, more + ax.get_legend_handles_labels()[0], below=0.55)
        return fig


def _status_legend(fig, ax, lang: str, more: list, *, below: float) -> None:
    """The red / amber / green legend (and *more* handles) in one row, *below* inches under the axes.

    Under the axis label at a fixed distance whatever the chart's height: inside the plot it hid a target tick.
    """
    from matplotlib.patches import Patch
    from matplotlib.transforms import ScaledTranslation

    handles = [Patch(color=STATUS_COLORS[k], label=t(f"status.{k}", lang)) for k in ("red", "amber", "green")]
    handles += more
    at = ax.transAxes + ScaledTranslation(0, -below, fig.dpi_scale_trans)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=at,
              ncols=len(handles), borderaxespad=0.0)


def natural_key(name: object) -> tuple:
    """Sort key that reads the numbers inside a name as numbers: "rep 2" before "rep 12", case aside."""
    parts = re.split(r"(\d+)", str(name).casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def score_heatmap(scores: pd.DataFrame, *, title: str, lang: str = "en", row: str = "entity_name",
                  col: str = "kpi", kpi_names: dict[str, str] | None = None):
    """Score (actual / target, %) per rep × KPI in the report's red / amber / green; 100 = on target.

    Each cell takes its status's colour, as every other chart and table does, and shows its score.

    *scores*: rows with ``score`` and ``status`` (as :func:`crmanalysis.analyses.targets.scores` gives them).
    *kpi_names*: the client's KPI labels (``client.kpi_names``), so its template KPIs are named.
    """
    import seaborn as sns
    from matplotlib.colors import ListedColormap

    from .i18n import kpi_label

    with house_style():
        rank = {"red": 0, "amber": 1, "green": 2}
        frame = scores.assign(_col=[kpi_label(k, lang, kpi_names) for k in scores[col]] if col == "kpi"
                              else scores[col], _status=scores["status"].map(rank))
        piv = frame.pivot_table(index=row, columns="_col", values="score", aggfunc="mean", observed=True)
        piv = piv.reindex(sorted(piv.index, key=natural_key))      # rep 2 before rep 12, as a reader counts
        colour = frame.pivot_table(index=row, columns="_col", values="_status", aggfunc="min",
                                   observed=True).reindex(index=piv.index, columns=piv.columns)
        fig, ax = plt.subplots(figsize=(1.5 * max(3, piv.shape[1]) + 2.5, 0.36 * len(piv) + 1.9))
        # a score above the cap says more of a low target than of the rep: written "> 200", not its number
        cap = 100 * SCORE_CAP
        labels = (piv * 100).map(lambda v: "" if v != v else f">{cap:.0f}" if v > cap
                                 else f"{v:.{score_digits(v / 100)}f}")
        sns.heatmap(colour, annot=labels, fmt="", cmap=ListedColormap([STATUS_COLORS[k] for k in rank]),
                    vmin=-0.5, vmax=2.5, cbar=False, ax=ax, linewidths=0.5, linecolor="white")
        ax.set_title(title)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.grid(False)
        ax.tick_params(axis="x", rotation=20)
        ax.tick_params(axis="y", rotation=0)          # seaborn stands a few long names on end: read them level
        _status_legend(fig, ax, lang, [], below=0.75)
        return fig


def drill_chart(drill: pd.DataFrame, *, title: str, currency: str = "EUR", lang: str = "en"):
    """The drill path: at each level the segment's actual against what it was expected to deliver."""
    with house_style():
        fig, ax = plt.subplots(figsize=(8.6, 0.9 * len(drill) + 1.3))
        y = np.arange(len(drill))[::-1]
        ax.barh(y + 0.18, drill["expected"], height=0.36, color="#bbbbbb",
                label=header("expected (moved like the total)", lang))
        ax.barh(y - 0.18, drill["actual"], height=0.36, color=STATUS_COLORS["red"], label=t("actual", lang))
        share = header("of the shortfall", lang)
        # the share with the decimal of the table under the chart: "33%" above "33.5%" read as two numbers
        ax.set_yticks(y, [f"{t(f'level.{r.level}', lang)}: {r.segment}\n({fmt_pct(r.share_of_gap, lang, 1)} {share})"
                          for r in drill.itertuples()])
        ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=5))   # money labels are wide: five fit side by side
        ax.xaxis.set_major_formatter(axis_formatter("money", currency, lang))
        ax.set_xlabel(unit_label("money", currency, lang))
        ax.grid(axis="y", visible=False)
        ax.set_title(title)
        ax.legend(loc="lower right")
        return fig


def quadrant(frame: pd.DataFrame, *, x: str, y: str, title: str, x_label: str, y_label: str, lang: str = "en",
             y_unit: str = "ratio", label_col: str = "entity_name", x_med: float | None = None,
             y_med: float | None = None):
    """Reps by activity (x) and result (y), the quadrants' lines, quadrants in *lang*.

    The lines are the medians, or *y_med*, else the frame's own ``result_line`` (the quadrants count a result
    as low only a margin below the median: the line is drawn where they split).
    """
    with house_style():
        fig, ax = plt.subplots(figsize=(8, 5.6))
        for q, colour in QUADRANT_COLORS.items():
            part = frame[frame["quadrant"] == q]
            if len(part):
                ax.scatter(part[x], part[y], s=55, color=colour, label=t(f"quadrant.{q}", lang),
                           edgecolor="white", linewidth=0.6, zorder=3)
        ax.autoscale_view()
        _label_points(ax, frame[x].to_numpy(float), frame[y].to_numpy(float),
                      [str(v) for v in frame[label_col]], fontsize=7.5)
        ax.axvline(frame[x].median() if x_med is None else x_med, color="#777777", ls="--", lw=1)
        ax.axhline(frame.attrs.get("result_line", frame[y].median()) if y_med is None else y_med, color="#777777",
                   ls="--", lw=1)
        ax.yaxis.set_major_formatter(axis_formatter(y_unit, lang=lang))
        ax.xaxis.set_major_formatter(axis_formatter("count", lang=lang))
        ax.set_title(title)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.legend(loc="best")
        return fig


#: where a point's name may stand, in points from the point (left edge or right edge, baseline), tried in turn
_SPOTS = ((4, 3), (4, -9), (-4, 3), (-4, -9), (4, 11), (4, -17), (-4, 11), (-4, -17))


def _label_points(ax: Any, xs: np.ndarray, ys: np.ndarray, labels: list[str], fontsize: float) -> None:
    """Name each point beside it where the name covers no name placed before, trying :data:`_SPOTS` in turn.

    Salesforce's reps with about the same activity and win rate had their names printed over each other
    ("Michele DavisJessica Walker"). Names are placed left to right, clear of the points and the names
    before them; a name's box is estimated from its length (a DejaVu Sans character is about 0.6 of the
    font size wide), so nothing is drawn twice; where every spot is taken, the one covering least is
    used. Near the right edge the left spots come first.
    """
    to_pt = 72.0 / ax.figure.dpi
    pts = ax.transData.transform(np.column_stack([xs, ys])) * to_pt
    right = ax.get_window_extent().x1 * to_pt
    # the points themselves are in the way too (a marker is some 7 points across)
    placed = [(px - 3.5, py - 3.5, px + 3.5, py + 3.5) for px, py in pts if np.isfinite(px) and np.isfinite(py)]
    for i in np.argsort(pts[:, 0], kind="stable"):
        if not np.isfinite(pts[i]).all():
            continue
        w, h = 0.6 * fontsize * len(labels[i]), 1.1 * fontsize
        spots = sorted(_SPOTS, key=lambda sp: sp[0] > 0) if pts[i, 0] + w + 6 > right else _SPOTS
        best, best_cover = None, None
        for dx, dy in spots:
            x0 = pts[i, 0] + dx - (w if dx < 0 else 0)
            box = (x0, pts[i, 1] + dy, x0 + w, pts[i, 1] + dy + h)
            cover = sum(_overlap(box, b) for b in placed)
            if best_cover is None or cover < best_cover:
                best, best_cover = (dx, dy, box), cover
            if cover == 0:
                break
        dx, dy, box = best
        placed.append(box)
        ax.annotate(labels[i], (xs[i], ys[i]), fontsize=fontsize, xytext=(dx, dy), textcoords="offset points",
                    ha="right" if dx < 0 else "left")


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The area two boxes (x0, y0, x1, y1) share."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


#: the lags a chart of lagged correlations always has room for (0 to 3 months, as the section's text says)
LAGS_SHOWN = 3


def lag_bars(lags: pd.DataFrame, *, title: str, lang: str = "en"):
    """Correlation of activity in month t with results in t + k, with 95 % intervals and n per bar."""
    with house_style():
        fig, ax = plt.subplots(figsize=(7, 3.4))
        # error bars are distances from r: never negative (an interval a rounding error short of r), 0 for none
        err = np.nan_to_num(np.clip(np.vstack([lags["r"] - lags["ci_low"], lags["ci_high"] - lags["r"]]), 0, None))
        # bars at their lag on a fixed axis of the lags the text names: one lag alone (two months of activity)
        # was drawn as one bar across the whole chart
        at = lags["lag"].astype(int).to_numpy()
        ax.bar(at, lags["r"], width=0.6, yerr=err, capsize=4, color=PALETTE[0])
        top = max(LAGS_SHOWN, int(at.max(initial=0)))
        ax.set_xticks(range(top + 1))
        ax.set_xlim(-0.6, top + 0.6)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_ylim(-1, 1)
        ax.set_xlabel(header("months between activity and result (k)", lang))
        ax.set_ylabel(t("unit.correlation", lang))
        ax.yaxis.set_major_formatter(axis_formatter("number", lang=lang))
        for k, r in zip(at, lags.itertuples(), strict=True):
            ax.annotate(f"n = {fmt_number(r.n, lang)}", (k, 0.9), ha="center", fontsize=7.5)
        ax.set_title(title)
        return fig


def counterfactual(monthly: pd.DataFrame, *, title: str, unit: str = "money", currency: str = "EUR",
                   lang: str = "en", go_live: Any = None):
    """Actual per month against the counterfactual (what without the CRM) with its 90 % interval."""
    with house_style():
        fig, ax = plt.subplots(figsize=(8.6, 3.6))
        ax.plot(monthly["month"], monthly["actual"], marker="o", ms=4, label=t("actual", lang))
        post = monthly[monthly["post"]]
        ax.plot(post["month"], post["counterfactual"], color=PALETTE[1], ls="--",
                label=header("without the CRM (estimated)", lang))
        ax.fill_between(post["month"], post["cf_low"], post["cf_high"], color=PALETTE[1], alpha=0.18, lw=0,
                        label=header("90 % interval", lang))
        if go_live is not None:
            ax.axvline(pd.Timestamp(go_live), color="black", lw=1)
            ax.annotate(header("go-live", lang), (pd.Timestamp(go_live), 1.0), xycoords=("data", "axes fraction"),
                        fontsize=8, ha="left", va="top", xytext=(3, 0), textcoords="offset points")
        _unit_axis(ax.yaxis, unit, currency, lang)
        ax.set_ylabel(unit_label(unit, currency, lang))
        _month_axis(ax, lang)
        ax.set_title(title)
        _legend_below(ax)
        return fig


def cumulative_roi(curve: pd.DataFrame, *, title: str, currency: str = "EUR", lang: str = "en",
                   break_even: Any = None):
    """Cumulative gain and cost since the project start; break-even (ROI 0 %) marked."""
    with house_style():
        fig, ax = plt.subplots(figsize=(8.6, 3.6))
        ax.plot(curve["month"], curve["cum_gain"], lw=2, label=header("cumulative gain attributed to the CRM", lang))
        ax.fill_between(curve["month"], curve["cum_gain_low"], curve["cum_gain_high"], alpha=0.15, lw=0,
                        label=header("90 % interval", lang))
        ax.plot(curve["month"], curve["cum_cost"], lw=2, color=PALETTE[3], label=header("cumulative CRM cost", lang))
        if break_even is not None and not pd.isna(break_even):
            ax.axvline(pd.Timestamp(break_even), color="black", ls="--", lw=1)
            ax.annotate(header("break-even (ROI 0 %)", lang), (pd.Timestamp(break_even), 1.0),
                        xycoords=("data", "axes fraction"), fontsize=8, va="top", xytext=(3, 0),
                        textcoords="offset points")
        ax.yaxis.set_major_formatter(axis_formatter("money", currency, lang))
        ax.set_ylabel(unit_label("money", currency, lang))
        _month_axis(ax, lang)
        ax.set_title(title)
        _legend_below(ax)
        return fig
