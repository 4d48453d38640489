"""The months a report looks at, decided once per client and handed to every analysis.

A :class:`Window` holds the report month, how many months an analysis looks back, the end of the
data and the baseline's cut-off, each under its own name; :meth:`Window.of` decides their defaults
(the report month from the export's date, the month measured at the data's end within it, the
cut-off at the plan's baseline month), and every analysis takes the window instead of a loose
month and instant.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from .. import kpis as K
from ..data import ClientData

__all__ = ["Window", "default_month", "report_month", "measured_until", "old_keywords"]


def report_month(end: pd.Timestamp) -> str:
    """The last complete month before *end*: *end*'s month when *end* is its last day, else the one before.

    A month whose days after *end* are a weekend is complete too: an export whose calls end on Friday 30 October
    2026 (the 31st a Saturday) had been reported for September.
    """
    month_end = end.normalize() + pd.offsets.MonthEnd(0)
    rest = pd.date_range(end.normalize() + pd.Timedelta(days=1), month_end.normalize(), freq="D")
    if end.normalize() == month_end.normalize() or (len(rest) and (rest.day_of_week >= 5).all()):
        return end.strftime("%Y-%m")
    return (end.normalize().replace(day=1) - pd.Timedelta(days=1)).strftime("%Y-%m")


#: data that start more than this many days into a month do not cover it (a partial first month)
COVERED_DAYS = 7


def default_month(data: ClientData) -> str:
    """The report month when none is asked: the last complete month before the export was taken.

    The export's own date is its latest record modification, else the end of the data. An export
    whose data all lies after that month (a sample exported on the day it was made) is reported for
    the month of its data, which is not complete yet; so is an export of a few days across a month's turn
    that starts more than :data:`COVERED_DAYS` days into the month before and holds more dated events in
    the month it ends in. (An export whose activity stopped long before
    it was taken is reported for its last busy month: :func:`crmanalysis.analyses.headline.report_month_of`.)
    """
    end = K.default_as_of(data)
    month = report_month(data.exported_at() or end)
    first = data.span()[0]                          # None: nothing is dated, and today ends the data
    if first is not None and first > K.month_window(month)[1]:
        month = end.strftime("%Y-%m")
    elif first is not None and first > pd.Timestamp(month + "-01") + pd.Timedelta(days=COVERED_DAYS):
        # a few days across a month's turn (31 May to 2 June): the "complete" month is not whole in the data
        # either, and the month that holds more of the export is the one its figures are about
        nxt = pd.Period(month, "M") + 1
        if end >= nxt.start_time and data.events_between(nxt.start_time, end) > data.events_between(
                *K.month_window(month)):
            month = str(nxt)
    return month


def known_until(data: ClientData) -> pd.Timestamp:
    """Until when the data is known: the export's date where it follows the last event within a week, else that.

    3CX's "Anrufprotokolle_01.01.2025-31.10.2026" was taken at the end of 31 October and its last call was on the
    30th: measured at the last call, October was unfinished and its charts left out the report month itself.
    """
    last = K.default_as_of(data)
    taken = data.exported_at()
    if taken is not None and last <= taken <= last + pd.Timedelta(days=COVERED_DAYS):
        return taken
    return last


@dataclass(frozen=True)
class Window:
    """The report month, how many months an analysis looks back, the end of the data and the baseline's cut-off."""

    month: str                          # the report month, YYYY-MM
    months: int                         # months looked at, the report month the last of them
    end_of_data: pd.Timestamp           # the export's last dated event
    baseline_cutoff: pd.Timestamp       # the baseline's complete months end before this instant

    @classmethod
    def of(cls, data: ClientData, month: str = "", *, months: int = 12, end_of_data: object = None,
           baseline_month: str | None = None) -> Window:
        """The window of *data*: *month* (default :func:`default_month`), *months* back.

        *end_of_data* defaults to the data's last dated event; the baseline's cut-off to the start of
        *baseline_month* (the plan's), else of the report month.
        """
        end = pd.Timestamp(end_of_data) if end_of_data is not None else known_until(data)
        # an end of the data given: the report month is the last one complete by then
        month = month or (default_month(data) if end_of_data is None else report_month(end))
        first = pd.Timestamp((baseline_month or month) + "-01")
        return cls(month, int(months), end, first - pd.Timedelta(1, "ns"))

    @classmethod
    def until(cls, instant: object, *, months: int = 12) -> Window:
        """The window measured up to *instant*: its month the report month, the data known until then."""
        end = pd.Timestamp(instant)
        first = end.to_period("M").to_timestamp()
        return cls(f"{end:%Y-%m}", int(months), end, first - pd.Timedelta(1, "ns"))

    def back(self, months: int) -> Window:
        """The same report month, looking *months* months back."""
        return replace(self, months=int(months))

    @property
    def start(self) -> pd.Timestamp:
        """The first instant of the first month looked at."""
        return K.month_window(self.month, self.months)[0]

    @property
    def end(self) -> pd.Timestamp:
        """The last instant of the report month."""
        return K.month_window(self.month)[1]

    @property
    def month_start(self) -> pd.Timestamp:
        """The first instant of the report month."""
        return K.month_window(self.month)[0]

    @property
    def complete(self) -> bool:
        """Whether the data reaches the report month's last day (as :func:`report_month` counts a month complete)."""
        return self.end_of_data.normalize() >= self.end.normalize()

    @property
    def as_of(self) -> pd.Timestamp:
        """The instant the report month is measured at: its end, or the end of the data within it.

        A month the data ends before is measured at its end (nothing in it is known, none of it open).
        """
        return min(self.end, self.end_of_data) if self.end_of_data >= self.month_start else self.end


def measured_until(data: ClientData, window: Window | None) -> pd.Timestamp:
    """The instant an analysis that is not of one month (the ROI) measures up to: the window's, else the data's end."""
    return window.as_of if window is not None else K.default_as_of(data)


def old_keywords(months: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let an analysis that takes ``window=`` still be called the old way, for one release, with a warning.

    Consultants' own notebooks call ``efficiency(data, month=…, months=…, as_of=…)`` (and
    ``history(…, end=…, as_of=…)``); those keywords become the window they meant, *months* months
    back unless they say otherwise, measured up to ``as_of`` when one is given.
    """
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def call(data: Any, *args: Any, **kw: Any) -> Any:
            old = {k: kw.pop(k) for k in ("month", "months", "as_of", "end") if k in kw}
            if not old:
                return fn(data, *args, **kw)
            if "window" in kw:
                raise TypeError(f"{fn.__name__}: give window= or the old month=, months=, as_of=, not both")
            warnings.warn(f"{fn.__name__}(month=, months=, as_of=) now takes window=Window.of(data, month, "
                          "months=…, end_of_data=…) (crmanalysis.analyses.window); the old keywords go in the "
                          "next release", DeprecationWarning, stacklevel=2)
            month = old.get("month") or (f"{pd.Timestamp(old['end']):%Y-%m}" if old.get("end") is not None else "")
            n = old.get("months", months)
            kw["window"] = (Window.until(old["as_of"], months=n) if not month and old.get("as_of") is not None
                            else Window.of(data, month, months=n, end_of_data=old.get("as_of")))
            return fn(data, *args, **kw)
        return call
    return wrap
