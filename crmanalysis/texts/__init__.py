"""Every text a reader sees, in every report language: one place, one shape.

The texts live in YAML files beside this module, each entry ``key: {en, nl, de, da}``:

- ``report.yml`` — headings, explanations and sentences of the reports (``nb.*``, ``s.*``, ``sec.*``)
- ``notes.yml`` — the notes behind the analyses (:class:`crmanalysis.i18n.Note`: ``note.*``, ``dq.*`` …)
- ``headers.yml`` — table headers, chart titles, legends and axis labels (``h.<English text>``)
- ``glossary.yml`` — the canonical tables and columns by name, for "needs …" sentences (``data.*``)
- ``kpis.yml`` — KPI labels and the definitions a client reads (``kpi.<id>``, ``def.<id>``)
- ``words.yml`` — a client's own words for a text (``<key>@calls``: a call log's "Calls" for "Cases opened")

A new language is one more line per entry (and its code in :data:`LANGS`). An unknown key is
an error (:class:`UnknownTextError`), never the key printed in a report.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["LANGS", "t", "header", "has", "heading", "all_texts", "UnknownTextError", "placeholders", "check",
           "words", "use_words", "WORDS"]

LANGS = ("en", "nl", "de", "da")
_HERE = Path(__file__).resolve().parent


class UnknownTextError(KeyError):
    """A text key that no file defines; the message names the closest keys."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0])


@lru_cache(maxsize=1)
def all_texts() -> dict[str, dict[str, str]]:
    """Every entry of every text file, by key.

    The parse is kept for the next process (:mod:`crmanalysis.stored`): reading the YAML took about
    0.09 s of every command and of every report kernel.
    """
    from ..stored import digest, keep, read_kept

    files = sorted(_HERE.glob("*.yml"))
    key = digest([Path(__file__).resolve(), *files])
    out = read_kept("_texts", key)
    if out is None:
        out = _parse(files)
        keep("_texts", key, out)
    return out


def _parse(files: list[Path]) -> dict[str, dict[str, str]]:
    import yaml

    from ..yamlio import safe_load

    out: dict[str, dict[str, str]] = {}
    for path in files:
        try:
            entries = safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ValueError(f"{path.name}: not valid YAML: {exc}") from None
        for key, entry in entries.items():
            if key in out:
                raise ValueError(f"{path.name}: text key {key!r} is defined twice")
            out[str(key)] = {str(lg): str(s) for lg, s in entry.items()}
    return out


#: a client's own words, a text ``<key>@<words>`` read before ``<key>``: a call log's "Calls" for "Cases opened"
WORDS = ("calls",)
# while a report is written (a thread of the batch, one client each)
_WORDS: ContextVar[str] = ContextVar("crmanalysis_words", default="")
# in a notebook kernel, which serves one client: each notebook sets it as it opens the client
_kernel_words = ""


@contextmanager
def words(name: str) -> Iterator[None]:
    """Texts in the words *name* (one of :data:`WORDS`, or "" for the catalogue's) inside the block."""
    token = _WORDS.set(name)
    try:
        yield
    finally:
        _WORDS.reset(token)


def use_words(name: str) -> None:
    """Texts in the words *name* from now on, in this process (a notebook kernel: one client's)."""
    global _kernel_words
    if name and name not in WORDS:
        raise ValueError(f"unknown words {name!r}; known: {', '.join(WORDS)}")
    _kernel_words = name


def has(key: str) -> bool:
    """Whether a text with *key* exists."""
    return key in all_texts()


def heading(text: str) -> str:
    """The Markdown heading line that opens an explanation ("### The baseline table"), or ""."""
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first if first.startswith("#") else ""


def t(key: str, lang: str = "en", **kw: Any) -> str:
    """The text *key* in *lang*, its ``{placeholders}`` filled from *kw*."""
    entries = all_texts()
    own = _WORDS.get() or _kernel_words
    entry = (entries.get(f"{key}@{own}") if own else None) or entries.get(key)
    if entry is None:
        near = difflib.get_close_matches(key, entries, n=3)
        raise UnknownTextError(f"unknown text key {key!r}" + (f"; did you mean {', '.join(near)}?" if near else ""))
    s = entry.get(lang)
    if s is None:
        raise UnknownTextError(f"text {key!r} has no {lang!r} version; languages: {', '.join(LANGS)}")
    if "n" in kw:
        s = _by_count(s, kw["n"])
    elif "|" in s:             # a choice given no count (a note cached before it had one) reads as of more
        s = _CHOICE.sub(lambda m: m.group(2), s)
    s = s.format(**kw) if kw else s
    # a percentage reads as the numbers beside it (i18n.fmt_pct): "114%" in English and Dutch, "114 %" in German
    # and Danish with a space that does not break ("80" at a line's end and "%" at the next one's start)
    if "%" not in s:
        return s
    return _PERCENT.sub("\\1%" if lang in _TIGHT_PERCENT else "\\1\u00a0%", s)


#: a number and the percent sign after a space
_PERCENT = re.compile(r"(\d)[ \u00a0]%")
#: the languages that write a percentage without a space
_TIGHT_PERCENT = ("en", "nl")


#: "row(s)", "rij(en)", "{col}(s)": a plural ending in brackets right after a word, dropped when {n} is 1
_ENDING = re.compile(r"(?<=[\w}])\(([a-zäöüæøå]{1,3})\)")
#: "(has|have)", "(the 1 won deal has no close date|none of the {n} won deals has one)": said of one | of more
_CHOICE = re.compile(r"\(([^()|]*)\|([^()|]*)\)")


def _by_count(s: str, n: Any) -> str:
    """*s* with its plural endings and singular|plural choices resolved for a count of *n*.

    "1 row(s) have" was how every count of one read; *n* may be a number or its text ("1", "1,234").
    """
    one = str(n).strip() == "1" or (isinstance(n, int | float) and not isinstance(n, bool) and n == 1)
    s = _CHOICE.sub(lambda m: m.group(1 if one else 2), s)
    return _ENDING.sub("" if one else r"\1", s)


def header(text: str, lang: str) -> str:
    """A table header, chart title, legend or axis label: the entry ``h.<text>`` in *lang*."""
    return t(f"h.{text}", lang)


def placeholders(s: str) -> set[str]:
    """The ``{names}`` a text fills."""
    return {name for _, name, _, _ in string.Formatter().parse(s) if name}


def check() -> list[str]:
    """Problems of the text files: a language missing, or languages with different placeholders."""
    problems = []
    for key, entry in all_texts().items():
        missing = [lg for lg in LANGS if not entry.get(lg)]
        extra = sorted(set(entry) - set(LANGS))
        if missing or extra:       # an extra key is usually an unquoted comma in a {en: …, nl: …} line
            problems.append(f"{key}: " + "; ".join(x for x in (f"no {', '.join(missing)}" if missing else "",
                                                               f"unexpected keys {extra}" if extra else "") if x))
            continue
        want = placeholders(entry["en"])
        problems += [f"{key} ({lg}): placeholders {sorted(placeholders(entry[lg]))} != {sorted(want)}"
                     for lg in LANGS[1:] if placeholders(entry[lg]) != want]
        base, _, own = key.partition("@")
        if own and (own not in WORDS or base not in all_texts()):
            problems.append(f"{key}: words of {own!r} for a text {base!r}, but no such words or text")
        elif own and placeholders(all_texts()[base]["en"]) != want:
            problems.append(f"{key}: placeholders {sorted(want)} differ from {base!r}'s")
    return problems
