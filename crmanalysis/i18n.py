"""Report language: numbers, money, dates and notes in en / nl / de / da (texts: :mod:`crmanalysis.texts`)."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

__all__ = ["LANGS", "LOCALES", "t", "Note", "render", "NEEDS", "has_key", "keyed", "needs_note", "not_computable",
           "fmt_score", "SCORE_CAP",
           "data_name", "needs_sentence", "note_column", "note_frame",
           "fmt_number", "fmt_money", "fmt_pct", "fmt_change", "fmt_month", "fmt_value"]

LANGS = ("en", "nl", "de", "da")
LOCALES = {"en": "en_GB", "nl": "nl_NL", "de": "de_DE", "da": "da_DK"}

def t(key: str, lang: str = "en", **kw: Any) -> str:
    """The text *key* in *lang*, formatted with *kw* (:func:`crmanalysis.texts.t`)."""
    from .texts import t as _t

    return _t(key, lang, **kw)


class Note(str):
    """A sentence in English that a report can render again in its own language.

    ``Note(key, **params)`` behaves as the English text everywhere (tests, logs, the CLI,
    JSON); ``note.in_lang("nl")`` renders the same template in Dutch with numbers in Dutch
    format. Params are JSON values (str, int, float) or other Notes; ``as_json()`` /
    :func:`render` keep the translation possible after a round trip through a JSON cache.
    """

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, **params: Any) -> Note:
        """The note *key* (a text key of :func:`t`) with its parameters."""
        params = {k: _jsonable(v) for k, v in params.items()}
        obj = super().__new__(cls, render({"key": key, "params": params}, "en"))
        obj.key, obj.params = key, params
        return obj

    def __reduce__(self) -> tuple:              # pickles (multiprocessing, Dask) keep the key
        return (_note_from_json, (self.as_json(),))

    def as_json(self) -> dict[str, Any]:
        """``{"key": …, "params": …}``: what a JSON cache or a recorded result keeps."""
        return {"key": self.key, "params": self.params}

    def in_lang(self, lang: str) -> str:
        """The note in *lang* (English when the key has no translation)."""
        return render(self.as_json(), lang)


def _jsonable(v: Any) -> Any:
    """*v* with every :class:`Note` in it, however deep in lists and dicts, as its JSON (key and params).

    A Note inside a list parameter (the reps of a sentence) otherwise went into a recorded result as its
    English text, and a Dutch report printed '17.5%' in the middle of a Dutch sentence.
    """
    if isinstance(v, Note):
        return v.as_json()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return v


def note_column(values: Any, index: Any = None) -> pd.Series:
    """A column of notes that stay :class:`Note` objects (pandas would turn a column of them into plain text)."""
    return pd.Series(list(values), index=index, dtype=object)


def note_frame(rows: list[dict[str, Any]], *columns: str) -> pd.DataFrame:
    """``pd.DataFrame(rows)`` whose note *columns* keep their :class:`Note` objects (and so their translations)."""
    df = pd.DataFrame(rows)
    for c in columns:
        if c in df:
            df[c] = note_column((r.get(c, "") for r in rows), df.index)
    return df


def _note_from_json(doc: dict[str, Any]) -> Note:
    return Note(doc["key"], **doc["params"])


def data_name(name: str, lang: str = "en") -> str:
    """A canonical table or ``table.column`` in words ("cases.agent_id" → "the agent of service cases")."""
    from .texts import has

    if isinstance(name, Note):
        return name.in_lang(lang)
    table, _, col = str(name).partition(".")
    if not has(f"data.{table}") or (col and not has(f"data.col.{col}")):
        return str(name)
    if not col:
        return t(f"data.{table}", lang)
    return t("data.column", lang, table=t(f"data.{table}", lang), column=t(f"data.col.{col}", lang))


def kpi_label(kpi_id: str, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A KPI's label in *lang*.

    From *names* (a client's labels, its template KPIs included), else the catalogue's text
    ``kpi.<id>``, else the id as given.
    """
    from .texts import has

    if names and kpi_id in names:
        return names[kpi_id]
    return t(f"kpi.{kpi_id}", lang) if has(f"kpi.{kpi_id}") else str(kpi_id)


def _param(v: Any, lang: str) -> str:
    if isinstance(v, dict) and "key" in v:
        return render(v, lang)
    if isinstance(v, dict) and "list" in v:                  # several values, each in words, joined by "sep"
        return v.get("sep", ", ").join(_param(x, lang) for x in v["list"])
    if isinstance(v, dict) and "level" in v:                 # a level of the baseline (team, rep, region …)
        from .texts import has

        return t(f"level.{v['level']}", lang) if has(f"level.{v['level']}") else str(v["level"])
    if isinstance(v, dict) and "kpis" in v:                  # KPI ids, shown as their labels
        return ", ".join(kpi_label(k, lang) for k in v["kpis"])
    if isinstance(v, dict) and "data" in v:                  # a canonical table or table.column, in words
        return data_name(v["data"], lang)
    if isinstance(v, dict) and "value" in v and "unit" in v:   # a KPI value in its unit (money, share …)
        if v["unit"] == "ratio" and "digits" in v:           # a share told apart from one beside it
            return fmt_pct(v["value"], lang, int(v["digits"]))
        if "digits" in v and v["unit"] != "money":           # days of hours: a tenth, not a median's whole day
            return fmt_number(v["value"], lang, int(v["digits"]))
        return fmt_value(v["value"], v["unit"], currency=v.get("currency", "EUR"), lang=lang)
    if isinstance(v, dict) and "change" in v:                # a relative change with its sign (+26%)
        return fmt_change(float(v["change"]), lang)
    if isinstance(v, dict) and "day" in v:                   # a date YYYY-MM-DD, in words
        return format_date(pd.Timestamp(v["day"]).date(), format="long", locale=_loc(lang))
    if isinstance(v, dict) and "month" in v:                 # a month YYYY-MM, in words
        return fmt_month(f"{v['month']}-01", lang)
    if isinstance(v, dict) and "col" in v:                   # a canonical column, in words
        from .texts import has

        return t(f"data.col.{v['col']}", lang) if has(f"data.col.{v['col']}") else str(v["col"])
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    if isinstance(v, int):
        return fmt_number(v, lang)
    return fmt_number(v, lang, digits=1 if abs(v) < 100 else 0)


#: the key of a note that says what a KPI or section needs (:func:`needs_note`)
NEEDS = "note.needs"


def has_key(note: Any, key: str) -> bool:
    """Whether *note* (a :class:`Note` or its JSON) is the note *key*: a check on data, not on its words."""
    return getattr(note, "key", None) == key or (isinstance(note, dict) and note.get("key") == key)


def keyed(notes: pd.Series, key: str) -> pd.Series:
    """Which of a column of notes are the note *key* (a boolean Series on the same index)."""
    return pd.Series([has_key(n, key) for n in notes], index=notes.index, dtype=bool)


def needs_note(exc: Any) -> Note:
    """What a :class:`~crmanalysis.data.NotComputable` says, as a note that keeps its parts.

    Put into words ("needs deals: creation date") in whichever language shows it, and turned back
    into the exception by :func:`not_computable` without reading its words.
    """
    def part(v: Any) -> Any:
        return v.as_json() if isinstance(v, Note) else str(v or "")

    return Note(NEEDS, needs=[part(n) for n in exc.needs], detail=part(exc.detail))


def not_computable(note: Any) -> Any:
    """The :class:`~crmanalysis.data.NotComputable` a :func:`needs_note` stands for; any other note is its detail."""
    from .data import NotComputable

    def back(v: Any) -> Any:
        return _note_from_json(v) if isinstance(v, dict) else v

    if has_key(note, NEEDS):
        p = note.params if isinstance(note, Note) else note.get("params", {})
        return NotComputable(*(back(n) for n in p.get("needs", [])), detail=back(p.get("detail", "")))
    return NotComputable(detail=note or "no data")


def render(note: Any, lang: str = "en") -> str:
    """A note in *lang*: a :class:`Note` or its JSON, or plain text as it is."""
    if isinstance(note, Note):
        note = note.as_json()
    if isinstance(note, dict) and note.get("key") == NEEDS:
        return needs_sentence(not_computable(note), lang, short=True)
    if isinstance(note, dict):
        return t(note["key"], lang, **{k: _param(v, lang) for k, v in note.get("params", {}).items()})
    if isinstance(note, list | tuple):
        return "; ".join(render(n, lang) for n in note if n)
    return str(note)


def needs_sentence(exc: Any, lang: str, *, short: bool = False, many: bool = False) -> str:
    """What a :class:`~crmanalysis.data.NotComputable` says in *lang*: "Not shown: this section needs …".

    *short* gives the bare "needs …" for a table's footnote; *many* the plural "need …" after a list of
    sections ("Scorecard, Where a shortfall comes from: need the close date of deals").
    """
    what = ", ".join(data_name(n, lang) for n in exc.needs)
    detail = render(exc.detail, lang) if exc.detail else ""
    if what:
        s = t("s.needs_many" if many else "s.needs_short" if short else "s.needs", lang, what=what)
        return f"{s[:-1]}; {detail}." if detail and s.endswith(".") else (f"{s}; {detail}" if detail else s)
    return t("s.cannot_short" if short else "s.cannot", lang, what=detail)


def _loc(lang: str) -> str:
    return LOCALES.get(lang, "en_GB")


def _nan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def fmt_number(v: Any, lang: str = "en", digits: int = 0) -> str:
    """1234567.8 → '1,234,568' (en) / '1.234.568' (nl, de, da); NaN → '–'."""
    if _nan(v):
        return "–"
    v = round(float(v), digits) + 0.0                  # + 0.0: -0.0 is written 0, not "-0"
    return format_decimal(v, format="#,##0" + ("." + "0" * digits if digits else ""),
                          locale=_loc(lang))


def _locale_pattern(kind: str, lang: str, digits: int) -> str:
    """The locale's own currency or percent pattern ("#,##0.00 ¤", "¤ #,##0.00") with *digits* decimals."""
    from babel import Locale

    loc = Locale.parse(_loc(lang))
    pat = (loc.currency_formats["standard"] if kind == "currency" else loc.percent_formats[None]).pattern
    frac = "." + "0" * digits if digits else ""
    return re.sub(r"#,##0(?:\.0+)?", "#,##0" + frac, pat)


def fmt_money(v: Any, currency: str = "EUR", lang: str = "en", digits: int = 0) -> str:
    """Money in the client's currency as the language writes it: '€12,500' (en), '€ 12.500' (nl), '12.500 €' (de)."""
    if _nan(v):
        return "–"
    if digits == 0 and 0 < abs(float(v)) < 10:        # a cost per click of 0.10 is not "€0"
        digits = 2
        cents = abs(float(v)) * 100
        if cents < 100 and abs(cents - round(cents)) > 1e-6:
            # below one unit the cents alone hid a change: US$0.105 against US$0.1025 read "US$0.11" beside
            # "US$0.10" and "+2.5 %"; a third decimal where the amount is not whole cents
            digits = 3
    # the sign before the amount in every language, as the "+€ 20.663" of a change beside it: Dutch money
    # writes a negative "€ -103"
    shown = format_currency(abs(float(v)), currency, format=_locale_pattern("currency", lang, digits),
                            locale=_loc(lang), currency_digits=False)
    # a currency of no sign is written by its code, and a code of letters is spaced from its digits (CLDR's
    # currency spacing, which babel leaves out): "RUB 11,700,000", "PLN 83,820", not "RUB11,700,000"
    shown = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", "\u00a0", shown)
    if float(v) >= 0:
        return shown
    # a line may break after a hyphen-minus before a letter: Bitrix24's finding ended a line in "-" and began
    # the next with "RUB11,700,000"; a word joiner (U+2060, shown as nothing) holds the sign to the symbol
    return "-" + ("" if shown[:1].isdigit() else "\u2060") + shown


#: a score (actual / target) above this says more about a low target than about the person: it is written
#: "> 200 %" and counts no more than this in a ranking
SCORE_CAP = 2.0


#: the status bands of a score: red below the first, amber below the second, green from it
SCORE_BANDS = (0.8, 1.0)


def score_digits(v: float) -> int:
    """Decimals a score needs so that it is not written as a band edge it has not reached.

    99.7 % against a target written "100 %" in an amber cell, or 79.6 % written "80 %" in red, contradicted
    the stated rule; such a score gets a decimal (99.7 %), and one more if that still rounds up to the edge.
    """
    digits = 0
    # a score a rounding error under an edge (17.9 / 22.375 = 0.7999999999999999) is on it, not 80.000 %
    while digits < 3 and any(v < edge - 1e-9 and edge <= round(v * 100, digits) / 100 for edge in SCORE_BANDS):
        digits += 1
    return digits


def fmt_score(v: Any, lang: str = "en") -> str:
    """A score as a share of target: 1.14 → '114%'; above :data:`SCORE_CAP` → '> 200%'; NaN → '–'.

    Next to a band edge it has not reached, with the decimals of :func:`score_digits`: 0.997 → '99.7%'.
    """
    if not _nan(v) and float(v) > SCORE_CAP:
        return "> " + fmt_pct(SCORE_CAP, lang)
    return fmt_pct(v, lang, 0 if _nan(v) else score_digits(float(v)))


def fmt_pct(v: Any, lang: str = "en", digits: int = 0) -> str:
    """0.256 → '26%' (en) / '26 %' (de); NaN → '–'."""
    if _nan(v):
        return "–"
    return format_percent(float(v), format=_locale_pattern("percent", lang, digits), locale=_loc(lang))


def fmt_change(d: float, lang: str = "en") -> str:
    """A relative change with its sign: '+40%', '+4.8%', '-0.2%'; one that rounds to nothing is '±0%'.

    Whole percents hid small changes as '-0%'; below 10 % one decimal shows them.
    """
    digits = 0 if abs(d) >= 0.1 else 1
    shown = fmt_pct(abs(d), lang, digits)
    if shown == fmt_pct(0.0, lang, digits):
        return "±" + fmt_pct(0.0, lang)
    return ("+" if d > 0 else "-") + shown


def fmt_month(ts: Any, lang: str = "en") -> str:
    """A month as 'June 2025' / 'juni 2025' / 'Juni 2025' / 'juni 2025'."""
    if _nan(ts):
        return "–"
    return format_date(pd.Timestamp(ts).date(), format="LLLL yyyy", locale=_loc(lang))


def value_digits(unit: str, *values: Any) -> int:
    """The decimals :func:`fmt_value` shows a value of *unit* with (of a ratio: of its percentage)."""
    # days are counted whole: a median sales cycle of 30 days read "30.0", its half days "30.5". The half of a
    # median of an even number of months read as a fault where it is a small part of the whole: "3,345.5 clicks",
    # "15.5 days"; a count from a hundred and days from ten are shown whole
    if unit in ("count", "days"):
        whole = 100.0 if unit == "count" else 10.0
        return 0 if all(_nan(v) or float(v) == round(float(v)) or abs(float(v)) >= whole for v in values) else 1
    # a satisfaction score on a 1-5 scale moves in hundredths: "3.8" beside a target of "4.2" gave a score the
    # pair did not, and the extra decimal shown there alone made page 1 read 3.75 in one place and 3.8 in another
    # a chat desk resolves in minutes: 0.16 hours read "0.2" in a finding beside "0.16" on its card, and a month
    # before of 0.14 read "0.1 (+9.1%)"
    if unit == "hours" and any(not _nan(v) for v in values) and all(_nan(v) or abs(float(v)) < 1 for v in values):
        return 2
    return 2 if unit == "score" else 1


def fmt_value(v: Any, unit: str, *, currency: str = "EUR", lang: str = "en", extra: int = 0) -> str:
    """Format a KPI value by its unit (money, ratio, count, days, hours, score); *extra* decimals more but for money."""
    if unit == "money":
        return fmt_money(v, currency, lang)
    if unit == "ratio":
        return fmt_pct(v, lang, value_digits(unit, v) + extra)
    return fmt_number(v, lang, value_digits(unit, v) + extra)
