"""Spreadsheet cells a client's export cannot turn into formulas (CSV / formula injection).

A CRM lets anyone with a login type ``=HYPERLINK("http://…","click")`` or ``=WEBSERVICE(…)`` into a
name; written as it is into ``kpis.xlsx`` or a CSV, a spreadsheet evaluates it when the consultant
opens the file, and a formula can send data out. OWASP's guidance: a text cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, so it is shown as
the text it is. Numbers stay numbers: only text is touched. Every spreadsheet and CSV the tool
writes passes its cells through :func:`neutralise_frame`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise", "neutralise_frame"]

#: the first characters that make a spreadsheet read a cell as a formula (or a DDE command)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """*value* with a leading ``'`` when it is text a spreadsheet would evaluate; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of *df* whose text cells and headers cannot be formulas; numeric columns untouched."""
    out = df.rename(columns=lambda c: neutralise(c) if isinstance(c, str) else c)
    for col in out.columns:
        s = out[col]
        if s.dtype == object or isinstance(s.dtype, pd.StringDtype):
            text = s.astype("string")
            risky = text.str.startswith(FORMULA_STARTS).fillna(False)
            if risky.any():
                out[col] = s.where(~risky, "'" + text)
    return out
