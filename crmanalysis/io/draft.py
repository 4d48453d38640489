"""``crmanalysis init``: from a folder of exports to a draft ``client.yml``, every guess with its evidence.

For each file: read it (encoding, delimiter, header row), recognise vendor, object and language
(:func:`crmanalysis.io.vendors.recognise`), then place its columns in four passes — the vendor's
own names, the common words for the table in every language, fuzzy matching of what is left
(rapidfuzz), and for a missing id the column whose values are unique — and read its values:
which words mean won / lost / open, which activity types, whether probabilities are 0–100,
whether owners are names to look up, which date order and decimal separator. A file a vendor's
built-in mapping reads completely needs no ``mapping:``; every other file gets one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import LANGUAGES, ClientConfig
from ..data import says_resolved
from ..schema import TABLES, dtype_of, mappable_columns
from . import vendors as V
from .guess import CURRENCIES, column_kinds, currency_codes, guess_table, says_call_direction, says_won
from .readers import (
    WORKBOOK_SUFFIXES,
    RawFile,
    ReadError,
    clean_text,
    parse_bools,
    parse_dates,
    parse_numbers,
    read_raw,
    sheet_names,
)
from .steps import RATED, hh_mm, interval_months, rating_scale_of

__all__ = ["ColumnGuess", "FilePlan", "Plan", "plan_folder", "draft_yaml", "EXPORT_SUFFIXES", "FUZZY_MIN"]

EXPORT_SUFFIXES = (".csv", ".txt", ".tsv", ".json", ".parquet", ".gz", ".ics", *WORKBOOK_SUFFIXES)
#: rapidfuzz score (0-100) a header needs to be placed by its likeness to a known name
FUZZY_MIN = 88
_DATE = ("datetime", "date")
#: what stands around an amount's digits: its sign ("R$ 1.208,62", "1.500 kr.") is what is left
_NOT_SIGN = r"[\d\s.,'’+\-()%]"


@dataclass
class ColumnGuess:
    """Where a canonical column comes from and why."""

    canon: str
    header: str
    how: str            # name (the vendor's own), word (a common word), fuzzy, values
    evidence: str
    also: tuple[str, ...] = ()      # the vendor's later spellings in the same file: read where the first is empty


@dataclass
class FilePlan:
    """What one export file is and how it maps."""

    path: Path
    table: str | None = None
    rec: V.Recognition | None = None
    sheet: str | None = None          # one sheet of a workbook whose sheets are tables; None: its first (or a CSV)
    raw: RawFile | None = field(default=None, repr=False)      # the file as read (None: it could not be)
    columns: dict[str, ColumnGuess] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)       # canonical column -> its value in every row
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    lookups: dict[str, dict[str, str]] = field(default_factory=dict)
    combine_time: dict[str, str] = field(default_factory=dict)
    derived: dict[str, dict[str, str]] = field(default_factory=dict)  # canonical column -> {from, per}
    where: dict[str, Any] = field(default_factory=dict)            # {column, not}: the rows to leave out
    date_format: dict[str, str] = field(default_factory=dict)
    year: dict[str, int] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    crown: bool = False                  # amounts in "kr": Danish, Swedish or Norwegian, as the language says
    date_order: str | None = None
    decimal: str | None = None
    currency: str | None = None
    skipped: str = ""
    lookups_added: bool = False          # a lookup the vendor's built-in mapping does not have
    stages_inferred: bool = False        # stages read as won or lost by their probability, which no built-in knows
    kinds: dict[str, str] = field(default_factory=dict)   # header -> what its values look like (io.guess)

    @property
    def label(self) -> str:
        """The file as the draft names it: with its sheet where the workbook holds several."""
        return self.path.name if self.sheet is None else f"{self.path.name} ({self.sheet})"

    @property
    def frame(self) -> pd.DataFrame | None:
        """The file's text columns (and ``_row``)."""
        return self.raw.frame if self.raw is not None else None

    @property
    def vendor(self) -> str | None:
        """The recognised vendor (``generic`` or ``canonical`` for plain spreadsheets)."""
        return self.rec.obj.vendor if self.rec and self.rec.obj else None

    def built_in_suffices(self, source: str | None) -> bool:
        """Whether ``source: <vendor>`` alone reads this file as planned (no ``mapping:`` needed)."""
        if self.vendor == "canonical":
            return True
        if self.vendor != source or source in (None, "generic") or self.sheet is not None:
            return False
        # a scale the vendor's table lacks (Zoho's "Call Duration (in seconds)") is read only from a mapping
        own_scale = self.rec.obj.extra.get("scale", {}) if self.rec and self.rec.obj else {}
        # a type the file's name says (HubSpot's Dutch "alle-vergaderingen" export: meetings) is read from a mapping
        own_constants = self.rec.obj.extra.get("constants", {}) if self.rec and self.rec.obj else {}
        own_derived = self.rec.obj.extra.get("derived", {}) if self.rec and self.rec.obj else {}
        # and each header as ingest finds the vendor's names: Metabase's "Assignee → Name", placed by its relation
        # ("Assignee"), is no name of Zendesk's table, which then read no agent and no rating
        names = {canon: {V.plain(V.normalise(h)) for h in self.rec.obj.headers(canon)} for canon in self.columns}
        return (all(g.how == "name" and V.plain(V.normalise(g.header)) in names[c] for c, g in self.columns.items())
                and not self.lookups_added
                and all(str(own_constants.get(k)) == v for k, v in self.constants.items())
                and not self.combine_time and not self.date_format and not self.stages_inferred
                and all(own_scale.get(k) == v for k, v in self.scale.items())
                # a column computed by a draft's rule (Dynamics' cases resolved at their last change) is read only
                # from a mapping
                and all(own_derived.get(k) == v for k, v in self.derived.items())
                # and a filter of the draft's (Salesforce's deleted records of an "Export All") only from a mapping
                and (not self.where or self.where == (self.rec.obj.extra.get("where") if self.rec.obj else None)))


@dataclass
class Plan:
    """The draft of one client: its files, source, locale and currency, and what to review."""

    folder: Path
    files: list[FilePlan]
    source: str
    locale: dict[str, str]
    currency: str
    currency_evidence: str
    language: str
    timezone: str | None = None       # the zone whose offsets the exports' times are written with, where not UTC

    def by_table(self) -> dict[str, list[FilePlan]]:
        """The used files per canonical table."""
        out: dict[str, list[FilePlan]] = {}
        for f in self.files:
            if f.table and not f.skipped:
                out.setdefault(f.table, []).append(f)
        return out


# ------------------------------------------------------------------------------------------ columns
def _headers(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c != "_row"]


def _flag_headers(frame: pd.DataFrame | None, obj: V.VendorObject | None) -> set[str]:
    """The headers of *frame* that are *obj*'s won / closed flags and hold yes/no values.

    A spreadsheet's "Closed" of dates, read as Bitrix24's CLOSED flag, was no flag: every value failed and the
    close dates it held were never read.
    """
    flags = {V.normalise(x) for xs in (obj.extra.get("flags", {}) if obj else {}).values() for x in xs}
    if frame is None or not flags:
        return set()
    out = set()
    for h in _headers(frame):
        if V.normalise(h) in flags:
            vals = clean_text(frame[h].head(2000)).dropna()
            if len(vals) and not parse_bools(vals)[1].any():
                out.add(h)
    return out


def _generic(table: str) -> V.VendorObject | None:
    return next((o for o in V.objects("generic") if o.table == table), None)


def _place_by_words(fp: FilePlan, headers: list[str], obj: V.VendorObject | None, how: str,
                    label: str | None = None) -> None:
    if obj is None:
        return
    label = label or ("its own name" if how == "name" else "a common word")
    matched, _, _ = V.match_headers(obj, [h for h in headers if h not in _used(fp)])
    for h, canon in matched.items():
        if canon not in fp.columns and _valid(fp, canon):
            # a case's later closing words are read where its resolution is empty (resolved, else closed)
            later = how == "name" or (fp.table, canon) == ("cases", "closed_at")
            fp.columns[canon] = ColumnGuess(canon, h, how, f"{label} for {canon} ({obj.label})",
                                            _later_spellings(fp, headers, obj, canon, h) if later else ())


def _place_by_vendor_names(fp: FilePlan, headers: list[str]) -> None:
    """A file read as a plain spreadsheet may still carry a CRM's own names for what the common words missed.

    Salesforce's German case report has "Datum/Uhrzeit geöffnet": its other headers made it a spreadsheet of
    cases, whose common words have no such name, and the cases had no opening date.
    """
    free = [h for h in headers if h not in _used(fp)]
    hits = [(len(V.match_headers(o, free)[0]), o) for o in V.objects()
            if o.table == fp.table and o.vendor not in ("generic", "canonical")]
    idc = TABLES[fp.table][0].name
    had_id = idc in fp.columns
    for _, o in sorted((x for x in hits if x[0]), key=lambda x: -x[0]):        # the CRM that names most first
        _place_by_words(fp, headers, o, "word", "a CRM's name")
    # Dynamics calls its deal id "Opportunity"; a Smartsheet's "Opportunity" is the deal's name, repeated: as the
    # id, 274 of 424 deals were rejected as copies of the first of their name
    if not had_id and idc in fp.columns and _repeats(fp.frame, fp.columns[idc].header):
        del fp.columns[idc]


def _later_spellings(fp: FilePlan, headers: list[str], obj: V.VendorObject, canon: str, first: str
                     ) -> tuple[str, ...]:
    """The file's other headers that *obj* lists for *canon* after *first*, as its built-in mapping reads them.

    Dynamics 365 carries a won deal's amount in "Actual Revenue" and an open one's in "Est. Revenue": a draft
    naming only the first gave the open pipeline no amount where the built-in mapping gives it one.
    """
    lang = fp.rec.lang if fp.rec else None
    order = {V.normalise(x): i for i, x in reversed(list(enumerate(obj.headers(canon, lang))))}
    rank = order.get(V.normalise(first), -1)
    later = [h for h in headers if h != first and h not in _used(fp) and order.get(V.normalise(h), -1) > rank]
    if dtype_of(fp.table, canon) in _DATE:
        # TOPdesk's "Erledigt" (Ja / Nein) beside its "Erledigt am": read before "Abgeschlossen am", its yes was no
        # date and the case lost its closing
        later = [h for h in later if not _no_dates(fp.frame[h])]
    return tuple(sorted(later, key=lambda h: order[V.normalise(h)]))


def _no_dates(col: pd.Series) -> bool:
    """Whether most filled values of *col* are no dates."""
    head = col.head(2000)
    filled = clean_text(head).notna()
    return bool(filled.any()) and float(parse_dates(head)[1][filled].mean()) > 0.5


#: the words a header may start with to name its own object, per table ("Ticket Priority" in a ticket file; the
#: "account" of "account_id" in an activity file names another object, not this one's id)
_OBJECT_WORDS = {"cases": "ticket|case|incident|request|call", "opportunities": "deal|opportunity|order",
                 "leads": "lead|contact|prospect", "activities": "activity|task|call|event|meeting",
                 "accounts": "account|company|organi[sz]ation|customer", "contracts": "subscription|contract"}


def _place_without_object_word(fp: FilePlan, headers: list[str], obj: V.VendorObject | None) -> None:
    """A header that starts with its object's name ("Ticket Priority", "Deal Stage"): its last words."""
    if obj is None or fp.table not in _OBJECT_WORDS:
        return
    short = {}
    for h in headers:
        if h in _used(fp):
            continue
        rest = re.sub(rf"^({_OBJECT_WORDS[fp.table]})s?\s+", "", V.normalise(h))
        if rest != V.normalise(h) and rest:
            short[rest] = h
    matched, _, _ = V.match_headers(obj, list(short))
    for rest, canon in matched.items():
        if canon not in fp.columns and _valid(fp, canon):
            fp.columns[canon] = ColumnGuess(canon, short[rest], "word", f"a common word for {canon} after the "
                                                                        f"object's name ({obj.label})")


def _used(fp: FilePlan) -> set[str]:
    derived = {h for d in fp.derived.values()
               for h in d.get("sum") or d.get("year_month") or d.get("none_of")
               or (d.get("from"), *_as_list(d.get("per")), d.get("times"), d.get("plus"), d.get("every"),
                   d.get("less"))}
    return {h for g in fp.columns.values() for h in (g.header, *g.also)} | (derived - {None})


def _valid(fp: FilePlan, canon: str) -> bool:
    """Whether *canon* is a column of the file's table still to be placed (not a constant of its object)."""
    return fp.table is not None and canon not in fp.constants and canon in mappable_columns(fp.table)


def _place_fuzzy(fp: FilePlan, headers: list[str], objs: list[V.VendorObject]) -> None:
    """Headers left over placed by their likeness to a known name of a column still missing."""
    from rapidfuzz import fuzz

    names: dict[str, tuple[str, str]] = {}           # normalised known name -> (canonical column, name)
    for o in objs:
        for canon, spec in o.columns.items():
            if canon in fp.columns or not _valid(fp, canon):
                continue
            for hs in spec.values():
                for h in hs:
                    names.setdefault(V.normalise(h), (canon, h))
    flags = _flag_headers(fp.frame, fp.rec.obj if fp.rec else None) | _flag_headers(fp.frame, _generic(fp.table))
    left = [h for h in headers if h not in _used(fp) and h not in flags]       # a "Closed?" flag is no closing date
    dated = {c.name for c in TABLES[fp.table] if c.dtype in ("date", "datetime")}
    kinds = fp.kinds or (column_kinds(fp.frame[left + ["_row"]]) if fp.frame is not None else {})
    pairs = []
    for h in left:
        key = V.normalise(h)
        if len(key) < 4:
            continue
        for known, (canon, name) in names.items():
            if kinds.get(h) == "date" and canon not in dated:     # "Assigned at" is no "assigned to"
                continue
            score = fuzz.ratio(key, known)
            if score >= FUZZY_MIN:
                pairs.append((score, h, canon, name))
    idc = TABLES[fp.table][0].name
    for score, h, canon, name in sorted(pairs, key=lambda p: -p[0]):
        if canon in fp.columns or h in _used(fp) or (canon == idc and _repeats(fp.frame, h)):
            continue
        fp.columns[canon] = ColumnGuess(canon, h, "fuzzy", f"{score:.0f} % like {name!r}")
        fp.review.append(f"{canon} ← {h!r}: placed by likeness ({score:.0f} % like {name!r}); check it")


def _repeats(frame: pd.DataFrame | None, h: str) -> bool:
    """True when more than 5 % of column *h*'s values repeat one before them: names, not ids.

    Odoo's German "Verkaufschance" is the deal's name, 90 % like "Verkaufschance ID": as the id, 120 of 210
    deals were rejected as copies of the first deal of their name.
    """
    if frame is None:
        return False
    vals = clean_text(frame[h]).dropna()
    return bool(len(vals)) and vals.duplicated().mean() > 0.05


def _place_id_by_values(fp: FilePlan, headers: list[str]) -> None:
    """The table's id, when no header names it: the column whose values are all there and all different."""
    _history_keys(fp)                        # a history's deal repeats by design: named, not found by values
    idc = TABLES[fp.table][0].name
    if idc in fp.columns or fp.frame is None or fp.table in ("marketing_spend", "crm_costs", "financials",
                                                             "contracts", "touchpoints", "opportunity_history"):
        return
    def id_word(h: str) -> bool:
        return bool(re.search(r"\b(id|key|nr|no|number|nummer|code)\b", V.normalise(h)))

    for h in sorted((h for h in headers if h not in _used(fp)), key=lambda h: not id_word(h)):
        col = clean_text(fp.frame[h])
        if V.normalise(h) in _PHONE_WORDS or col.str.startswith("+").fillna(False).mean() > 0.9 \
                or col.str.fullmatch(_TIME_OF_DAY).fillna(False).mean() > 0.9 or _timestamps(col):
            continue                          # a call log's numbers and times: unique in a short log, no ids
        if not id_word(h) and re.search(_MONEY_WORDS, V.normalise(h)):
            continue                          # a sheet's amounts ("Betrag netto"), each different, are no ids
        # unique names ("Chaises", a deal's title) are no ids: an id has digits or says so in its header
        if len(col) and col.notna().all() and not col.duplicated().any() and (
                id_word(h) or col.str.contains(r"\d", regex=True).mean() > 0.9):
            fp.columns[idc] = ColumnGuess(idc, h, "values", "every value present and different")
            fp.review.append(f"{idc} ← {h!r}: no header names the id; this column's values are unique")
            return
    _line_item_id(fp, headers)


#: a header of a deal's name or title, in the export languages
_DEAL_NAME_WORDS = r"\b(name|naam|navn|namn|nom|nombre|nome|titel|title|titre|título|titolo|bezeichnung)\b"


def _line_item_id(fp: FilePlan, headers: list[str]) -> None:
    """A deals report of one row per product line and no id: the deal's name, repeated on its lines, is its id.

    Salesforce's "Opportunities with Products" has no Opportunity ID unless it is added; numbered row by row,
    each line was a deal of its own and a deal of three products was won three times. A name is the id only where
    its repeated rows agree on the deal (stage, dates, owner) and differ in the product: deals that share a name
    ("Renewal") are different deals.
    """
    if fp.table != "opportunities" or "product" not in fp.columns or fp.frame is None:
        return
    deal = list(dict.fromkeys(fp.columns[c].header for c in ("status", "stage", "close_date", "created_at", "owner_id")
                              if c in fp.columns))
    product = fp.columns["product"].header
    for h in (h for h in headers if h not in _used(fp) and re.search(_DEAL_NAME_WORDS, V.normalise(h))):
        rows = fp.frame[[h, product, *deal]].astype("string")
        many = rows[rows[h].duplicated(keep=False) & rows[h].notna()]
        if not deal or many.empty:
            continue
        by = many.groupby(h)
        if (by[deal].nunique().max(axis=1) <= 1).mean() >= 0.95 and (by[product].nunique() > 1).mean() >= 0.5:
            fp.columns["opportunity_id"] = ColumnGuess("opportunity_id", h, "values", "a deal's rows, one per product")
            fp.review.append(f"opportunity_id ← {h!r}: no header names the id; a name repeated once per product line "
                             "with the same stage and dates is one deal")
            return


def _id_on_its_first_line(fp: FilePlan, headers: list[str]) -> None:
    """An order's number on each of its lines where its id is on the first line only: the number is the id.

    Shopify's orders export writes "Name" (#1854) on every line item and "Id" (and the order's status, total and
    payment) on the first: by "Id", 1,019 of 1,874 rows were rejected as deals without an id and page 1 said they
    were lost. By "Name", the other lines are the order's lines.
    """
    if fp.table != "opportunities" or "opportunity_id" not in fp.columns or "product" not in fp.columns \
            or fp.frame is None:
        return
    ids = clean_text(fp.frame[fp.columns["opportunity_id"].header])
    blank = ids.isna()
    if not 0.1 <= blank.mean() < 0.9:
        return
    for h in (h for h in headers if h not in _used(fp) and re.search(_DEAL_NAME_WORDS, V.normalise(h))):
        name = clean_text(fp.frame[h])
        if name.isna().any() or name[~blank].duplicated().any():
            continue
        # each line without the id belongs to an order with one (its number is a first line's)
        if name[blank].isin(set(name[~blank])).all():
            fp.columns["opportunity_id"] = ColumnGuess("opportunity_id", h, "values", "an order's number on each line")
            fp.review.append(f"opportunity_id ← {h!r}: the id ({ids.name!r}) is on an order's first line only; the "
                             "number on every line makes its lines one order")
            return


def _timestamps(col: pd.Series) -> bool:
    """Whether a column's values are written dates and times ("14/03/2025 10:00:00"), however unique."""
    head = col.dropna().head(200)
    return bool(len(head)) and head.str.contains(r"[-/.:]").mean() > 0.9 and parse_dates(head)[1].mean() < 0.1


_PHONE_WORDS = {"to", "from", "phone", "phone number", "telephone", "mobile", "caller", "callee", "caller id",
                "caller number", "called number", "number dialed", "dialed number"}
#: words of a header holding a sum of money, where no word of the amount's list names it
_MONEY_WORDS = r"amount|value|total|sum|revenue|price|bedrag|waarde|omzet|betrag|wert|umsatz|montant|valeur|importe|" \
               r"valor|importo|valore|beløb|beløp|belopp|værdi|prijs|preis|сумма|стоимость|бюджет"
#: a header of a count or a share, not of money, though a money word is in it ("Total activities", "Value %")
_COUNT_WORDS = r"count|number|\bno\b|anzahl|aantal|antal|nombre|número|numero|activit|aktivit|days|tage|dagen|dage|" \
               r"jours|días|\bage\b|score|%|percent|prob|quantit|menge"
#: the dates a table's rows carry, earliest first: the earliest date column takes the first
_DATE_ORDER = {"opportunities": ("created_at", "close_date"), "cases": ("opened_at", "closed_at"),
               "leads": ("created_at", "converted_at"), "activities": ("scheduled_at",), "accounts": ("created_at",),
               "contracts": ("start_date", "end_date")}
_OWNER = {"cases": "agent_id", "users": "name"}
#: a case file's yes/no column that says whether each case was resolved (a call log's "Resolved"): its status
_RESOLVED_WORDS = r"^(is )?(resolved|solved|opgelost|afgehandeld|gelost|geloest|erledigt|lost|afsluttet)( [yj]/?n)?$"


def _value_guess(fp: FilePlan, canon: str, header: str, what: str) -> None:
    fp.columns[canon] = ColumnGuess(canon, header, "values", what)
    fp.review.append(f"{canon} ← {header!r}: {what}")


#: the date a contact left a mailing list (unsubscribed, bounced, cleaned, deleted): no conversion of a lead
_LEFT_LIST = r"unsub|clean|bounce|opt ?out|abgemeldet|abmeld|afgemeld|uitgeschreven|afmeld|blacklist|delet|archiv|" \
             r"gelöscht|verwijderd|slettet|frameld"


#: a header of companies: its names are no owner's (Mailchimp's "Company" beside its members)
_COMPANY_WORDS = r"compan|firma|bedrijf|organi[sz]ation|account|societe|société|empresa|azienda|virksomhed|" \
                 r"företag|foretag|unternehmen|organisatie"


#: the names of dates that are no event of the record's own life (its last touch, a due date, a birthday)
_NO_EVENT = r"\b(last|next|due|updated|modified|birthday|birth|geboortedatum|geburtsdatum|laatste|letzte|seneste|" \
            r"zuletzt|aktualisiert|geändert|gewijzigd|bijgewerkt|opdateret|ændret|senast|uppdaterad)\b"


def _known_status_share(col: pd.Series) -> float:
    """The share of *col*'s distinct values that are a won, lost or open word."""
    vals = clean_text(col.head(2000)).dropna().str.strip().str.casefold().drop_duplicates()
    return float(vals.isin(V.value_words("status")).mean()) if len(vals) else 0.0


def _required_missing(fp: FilePlan) -> str:
    """A required column that is neither an id nor a date and no column holds (a deal's status), or "".

    A deal's won or lost date says its status (Olist's closed deals: a "won_date" and no status).
    """
    said = {"status"} if fp.table == "opportunities" and {"won_at", "lost_at"} & set(fp.columns) else set()
    return next((c.name for c in TABLES[fp.table] if c.required and c.dtype not in ("id", "date", "datetime")
                 and c.name not in fp.columns and c.name not in fp.constants and c.name not in said), "")


def _place_by_kinds(fp: FilePlan, headers: list[str], *, dates_too: bool) -> None:
    """Columns still missing placed by what their values are.

    Status words and currencies always; dates, amounts and people's names with *dates_too* (a
    file no header words described).

    A file the generic words recognised keeps its dates to the words: a ticket file's "Date of
    Purchase" is no opening date.
    """
    kinds = fp.kinds or column_kinds(fp.frame[[h for h in headers if h not in _used(fp)] + ["_row"]])
    fp.kinds = kinds
    left = [h for h in headers if h not in _used(fp)]
    of = {k: [h for h in left if kinds.get(h) == k] for k in ("status", "date", "number", "name", "currency")}
    if fp.table == "opportunities" and "status" not in fp.columns and of["status"]:
        # of two (Close's "status_label" with its own "Not a Fit", and "status_type" won / lost / active) the one
        # whose every value is a won, lost or open word
        h = max(of["status"], key=lambda x: _known_status_share(fp.frame[x]))
        _value_guess(fp, "status", h, "its values say won or lost")
        left.remove(h)
    if fp.table == "opportunities" and "currency" not in fp.columns and of["currency"]:
        _value_guess(fp, "currency", of["currency"][0], "its values are currency codes")
    money = [h for h in of["number"] if re.search(_MONEY_WORDS, V.normalise(h))
             and not re.search(_COUNT_WORDS, V.normalise(h))]
    if fp.table == "opportunities" and "amount" not in fp.columns and (money if dates_too else len(money) == 1):
        # the one column of sums named as money (Weclapp's "Umsatz netto"); of two ("Projected Revenue Low" and
        # "High") which is the deal's value is the client's call
        _value_guess(fp, "amount", money[0], "its values are numbers and its name says money")
    if not dates_too:
        _owner_by_few_names(fp, of["name"])
        return
    def median(h: str) -> pd.Timestamp:
        return parse_dates(fp.frame[h].head(3000))[0].median()

    # a last or next touch is no event of the record's own: Zoho's "Last Activity Time" as the leads' conversion
    # made 33 of October's 40 new leads converted
    # a second name of a date already placed is that date, not a later one: Mailchimp's CONFIRM_TIME beside its
    # OPTIN_TIME (both when a member joined) read as the leads' conversion
    gen = _generic(fp.table)
    again = {h for h in of["date"] if gen is not None and set(V.match_headers(gen, [h])[0].values()) & set(fp.columns)}
    # and a member's leaving (Mailchimp's UNSUB_TIME, CLEAN_TIME) is no lead's conversion
    gone = _LEFT_LIST if fp.table == "leads" else r"$^"
    dates = sorted((h for h in of["date"] if h in left and h not in again
                    and not re.search(_NO_EVENT, V.normalise(h)) and not re.search(gone, V.normalise(h))), key=median)
    order = _DATE_ORDER.get(fp.table, ())
    if order and order[0] in fp.columns:     # what comes after the placed first date is later: a subscription's
        first = median(fp.columns[order[0]].header)        # "Aangemaakt op" beside its start date is no end date
        dates = [h for h in dates if median(h) > first]
    for canon, h in zip([c for c in order if c not in fp.columns], dates, strict=False):
        _value_guess(fp, canon, h, f"its values are dates ({'the earliest' if h == dates[0] else 'a later'} of "
                                   f"{len(dates)} date columns)")
    if fp.table == "opportunities" and "amount" not in fp.columns and of["number"]:
        _value_guess(fp, "amount", of["number"][0], "its values are numbers")
    owner = _OWNER.get(fp.table, "owner_id")
    # a company's name reads like a person's ("Blue Ridge Bookkeeping"): a column named for companies is no owner
    people = [h for h in of["name"] if not re.search(_COMPANY_WORDS, V.normalise(h))
              and not re.search(r"\b(status|state|stage|type|phase|fase)\b", V.normalise(h))]   # Keap's "Refund Status"
    if owner in mappable_columns(fp.table) and owner not in fp.columns and people:
        _value_guess(fp, owner, people[0], "its values are people's names")


#: a column of the other party's name in a log of calls or tickets: the customer, caller or contact, not the team
_OTHER_PARTY = r"customer|client|klant|kunde|contact|kontakt|caller|beller|anrufer|appelant|requester|aanmelder|" \
               r"visitor|company|account|external|extern"


def _owner_by_few_names(fp: FilePlan, names: list[str]) -> None:
    """A call log's or a desk's owner by a column of a few people's names, each on many rows.

    Dialpad's "name" (Emma Walsh, Conor Doyle … and "Sales Queue") is the user who took or made each call; its
    header says nothing, and without it no call had a rep. A customer's name repeats far less.
    """
    owner = _OWNER.get(fp.table, "owner_id")
    if fp.table not in ("activities", "cases") or owner in fp.columns or owner not in mappable_columns(fp.table):
        return
    for h in names:
        if re.search(_OTHER_PARTY, V.normalise(h)) or re.search(_COMPANY_WORDS, V.normalise(h)):
            continue
        seen = clean_text(fp.frame[h]).dropna()
        if len(seen) and seen.nunique() <= 40 and len(seen) >= 10 * seen.nunique():
            _value_guess(fp, owner, h, f"its values are the names of {seen.nunique()} people, each on many rows")
            return


def _cases_closed_by_last_change(fp: FilePlan) -> None:
    """Cases whose status says resolved, in an export without a closing time: resolved at their last change.

    Dynamics 365's cases ("Fälle") export no resolution date: its "Gelöst" cases had no closing time, and page 1
    showed no case closed and no resolution time. Only on the resolved cases; said as a REVIEW (an edit after the
    case was resolved moves it).
    """
    own = fp.rec.obj.extra.get("derived", {}) if fp.rec and fp.rec.obj else {}
    # a duration from opening to resolution (ServiceNow's calendar_duration) says when better than a last change
    if fp.table != "cases" or "closed_at" in fp.columns or not {"status", "modified_at"} <= set(fp.columns) \
            or {"closed_at", "resolution_hours"} & (set(fp.derived) | set(own) | set(fp.columns)):
        return
    status = fp.columns["status"].header
    seen = pd.Series(clean_text(fp.frame[status]).dropna().unique(), dtype="string")
    done = sorted(seen[says_resolved(seen).to_numpy(bool)])
    if not done:
        return
    last = fp.columns["modified_at"].header
    fp.derived["closed_at"] = {"from": last, "only_where": {"column": status, "equals": done}}
    fp.review.append(f"closed_at ← {last!r} where {status!r} is {' / '.join(map(repr, done))}: no column says when "
                     "a case was resolved; its last change stands in for it")


def _resolved_flag(fp: FilePlan, headers: list[str]) -> None:
    """A case file without a status or closing time whose yes/no column says whether each case was resolved.

    A call log answers each call while it lasts: "Resolved" Y/N is all it says of resolution, and a draft that
    left it unused gave no resolved share where the hand-written mapping gives one.
    """
    if fp.table != "cases" or fp.frame is None or {"status", "closed_at"} & set(fp.columns):
        return
    for h in (h for h in headers if h not in _used(fp) and re.fullmatch(_RESOLVED_WORDS, V.normalise(h))):
        seen = pd.Series(sorted(map(str, clean_text(fp.frame[h]).dropna().unique())), dtype="string")
        flags, bad = parse_bools(seen)              # the column's few distinct values, not its rows
        if bad.any() or flags.isna().all():
            continue
        fp.values["status"] = {v: "closed" if f else "open" for v, f in zip(seen, flags, strict=True) if f is not pd.NA}
        _value_guess(fp, "status", h, "its values say yes or no: resolved or not")
        return


#: what an unplaced date, currency or name column of each table may be, as the review line asks
_UNUSED_HINT = {"": "a won, lost or close date, the deal's currency or its owner",
                "cases": "the ticket's closing or first-response time, or its agent",
                "leads": "the lead's creation or conversion date, or its owner",
                "activities": "the activity's date, or who did it",
                "contracts": "the subscription's start or end date, or its currency",
                "marketing_spend": "the spend's month or its currency"}


def _review_unused(fp: FilePlan) -> None:
    """Unplaced columns that look important (another date, a currency, people's names): named for review.

    A currency column the mapping does not read still gives the client's currency.
    """
    if not fp.unplaced or fp.frame is None:
        return
    kinds = {h: fp.kinds[h] for h in fp.unplaced if h in fp.kinds}
    todo = [h for h in fp.unplaced if h not in kinds]
    if todo:
        kinds.update(column_kinds(fp.frame[[*todo, "_row"]]))
    said = {"date": "dates", "currency": "currency codes", "name": "people's names"}
    found = {k: [h for h in fp.unplaced if kinds.get(h) == k] for k in said}
    if found["currency"] and fp.currency is None:
        fp.currency = str(clean_text(fp.frame[found["currency"][0]]).dropna().mode().iloc[0]).upper()
    parts = [f"{', '.join(repr(h) for h in hs[:5])}{' …' if len(hs) > 5 else ''} ({said[k]})"
             for k, hs in found.items() if hs]
    if parts:
        fp.review.append("columns no canonical column takes that look important: " + "; ".join(parts)
                         + ": map any that is " + _UNUSED_HINT.get(fp.table or "", _UNUSED_HINT[""]))
    if fp.table == "opportunities" and "amount" not in fp.columns:
        money = [h for h in fp.unplaced if re.search(_MONEY_WORDS, V.normalise(h))
                 and parse_numbers(fp.frame[h].head(2000))[1][clean_text(fp.frame[h].head(2000)).notna()].mean() < 0.5]
        if money:      # Keap's "Projected Revenue Low" and "… High": which is the deal's value is the client's call
            fp.review.append("amount: no column is named as the deal's amount; " + ", ".join(map(repr, money[:4]))
                             + " hold sums of money: map the one the client counts as a deal's value")



# ------------------------------------------------------------------------------------------ values
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()


def _check_by_values(fp: FilePlan) -> None:
    """A guess whose values do not fit the column (a yes/no column taken for a date) is withdrawn.

    A date column of month names without a year ("April") is kept with a date format and a year
    to review: the export does not say which year it is.
    """
    if fp.frame is None:
        return
    for canon, g in list(fp.columns.items()):
        dtype = dtype_of(fp.table, canon)
        if dtype in _DATE:
            words = clean_text(fp.frame[g.header]).dropna().head(2000).str.lower()
            if len(words) and words.isin(_MONTHS).mean() > 0.9:
                fp.date_format[canon] = "%B" if words.str.len().max() > 3 else "%b"
                day = _day_column(fp)
                if day:                      # "April" + "19": without the day every row would fall on the 1st
                    fp.combine_time[canon] = day
                    fp.date_format[canon] += " %d"
                fp.year[canon] = dt.date.today().year
                fp.review.append(f"{canon} ← {g.header!r}: month names without a year; the draft assumes "
                                 f"{fp.year[canon]}: ask the client which year")
                continue
        col = fp.frame[g.header].head(5000)
        filled = clean_text(col).notna()
        if not filled.any():
            _instead_of_empty(fp, canon, g)
            continue
        if dtype in _DATE:
            bad = parse_dates(col)[1]
        elif canon in RATED and rating_scale_of(col) is not None:        # "Good", "Okay", "Bad": read as scores
            continue
        elif canon in ("duration_min", "talk_min") and hh_mm(col) is not None:   # "00:05:12", as ingest reads it
            continue
        elif dtype == "float":
            bad = parse_numbers(col)[1]
        else:
            continue
        if bad[filled].mean() > 0.5 and g.how != "name":
            del fp.columns[canon]
            fp.review.append(f"{g.header!r} looks like {canon} by its name, but its values are not "
                             f"{'dates' if dtype in _DATE else 'numbers'}: not used for it")
            _next_name(fp, canon, g.header)
    _earlier_closing(fp)           # of two closing times, the values say which one is the resolution


#: of two closing times of a case, the earlier is its resolution where it comes first on this share of the cases
_EARLIER_MOST = 0.95
#: and strictly earlier on at least this share: a desk that closes solved cases days later
_EARLIER_SOME = 0.2


def _earlier_closing(fp: FilePlan) -> None:
    """Of a case's two closing times, the earlier one: the case was solved then, and closed later by routine.

    A help desk that closes a solved case after a few days writes both ("Datum afgemeld" and "Datum gesloten"):
    read by the later one, TOPdesk's median resolution was 189 hours for 21. Which header comes first in a list of
    words decides nothing here: the dates do.
    """
    g = fp.columns.get("closed_at")
    if fp.table != "cases" or g is None or fp.frame is None:
        return
    rest = [h for h in _headers(fp.frame) if h not in _used(fp)]
    placed = parse_dates(fp.frame[g.header])[0]
    for _ in range(3):                  # TOPdesk's yes / no "Gesloten" beside its "Datum gesloten": the next one
        alt, _ = _header_naming(fp, "closed_at", rest)
        if alt is None:
            return
        rest.remove(alt)
        other = parse_dates(fp.frame[alt])[0]
        both = placed.notna() & other.notna()
        if both.any() and both.sum() >= 0.8 * placed.notna().sum():
            break
    else:
        return
    if (other[both] <= placed[both]).mean() >= _EARLIER_MOST and (other[both] < placed[both]).mean() >= _EARLIER_SOME:
        fp.columns["closed_at"] = ColumnGuess("closed_at", alt, "word", f"the earlier of two closing times "
                                                                        f"({alt!r} before {g.header!r})")
        fp.review.append(f"closed_at ← {alt!r}: it comes before {g.header!r} on most cases, which closes them later")


def _instead_of_empty(fp: FilePlan, canon: str, g: ColumnGuess) -> None:
    """A column named for *canon* but empty in every row gives way to the next header that names it and has values.

    Odoo's "source_id/id" is empty where a company keeps the lead's source in a field of its own ("how_met"):
    every lead had read as without a source. Without such a header the mapping stays (the data says it is empty).
    """
    if clean_text(fp.frame[g.header]).notna().any():
        return                                    # filled further down than the rows looked at
    del fp.columns[canon]
    _next_name(fp, canon, g.header)
    if canon not in fp.columns:
        if dtype_of(fp.table, canon) == "id" and canon in {c.name for c in TABLES[fp.table] if c.required}:
            # a form export's "Post Id", empty in every row, had every lead rejected: without it each row is its own
            fp.review.append(f"{canon} ← {g.header!r} is empty in every row: not used; each row is a record of its own")
            return
        fp.columns[canon] = g
        return
    fp.review.append(f"{g.header!r} names {canon} but is empty in every row: {fp.columns[canon].header!r} is "
                     f"used instead")


def _header_naming(fp: FilePlan, canon: str, headers: list[str]) -> tuple[str | None, V.VendorObject | None]:
    """The first of *headers* that names *canon*, in the vendor's words, else the common ones: (header, object)."""
    obj = fp.rec.obj if fp.rec else None
    found = ((h, o) for o in (obj, _generic(fp.table)) if o is not None
             for h, c in V.match_headers(o, headers)[0].items() if c == canon)
    return next(found, (None, obj))


def _next_name(fp: FilePlan, canon: str, withdrawn: str) -> None:
    """The next header that names *canon*, in the vendor's words or the common ones, where the first one did not fit.

    Five9's "TIMESTAMP" after its "CALL TIME" (a duration), which had left every call undated.
    """
    obj = fp.rec.obj if fp.rec else None
    if obj is None or fp.frame is None:
        return
    used = _used(fp) | {withdrawn}
    h, o = _header_naming(fp, canon, [h for h in _headers(fp.frame) if h not in used])
    if h is None:
        return
    col = fp.frame[h].head(5000)
    filled = clean_text(col).notna()
    if not filled.any():
        return
    dtype = dtype_of(fp.table, canon)
    bad = (parse_dates(col)[1] if dtype in _DATE else parse_numbers(col)[1] if dtype == "float"
           else pd.Series(False, index=col.index))
    if bad[filled].mean() <= 0.5:
        fp.columns[canon] = ColumnGuess(canon, h, "word", f"a common word for {canon} ({o.label}), after "
                                                          f"{withdrawn!r}")


_TIME_OF_DAY = r"(?i)\d{1,2}:\d{2}(:\d{2})?(\s?[ap]\.?m\.?)?"        # "14:05", "02:05 PM"
_TIME_WORDS = {"time", "tijd", "zeit", "heure", "hora", "ora", "tid", "uhrzeit", "tidspunkt",
               "start time", "begintijd", "starttijd", "beginn", "startzeit", "starttid", "heure de début",
               "check-in time", "check in time", "checkin time",
               # Outlook's calendar export names the start's time of day in each language
               "beginnt um", "starttidspunkt", "hora de comienzo", "comienzo", "ora inizio", "hora de início"}
_DAY_WORDS = {"day", "dag", "tag", "jour", "dia", "día", "giorno", "day of month", "dayofmonth"}


def _day_column(fp: FilePlan) -> str | None:
    """A column headed "day" whose values are days of a month (1-31), not yet mapped, or None."""
    for h in _headers(fp.frame):
        if h in _used(fp) or V.normalise(h) not in _DAY_WORDS:
            continue
        days = pd.to_numeric(clean_text(fp.frame[h]).dropna().head(5000), errors="coerce")
        if len(days) and days.between(1, 31).mean() > 0.99 and (days == days.round()).all():
            return h
    return None


def _combine_time(fp: FilePlan) -> None:
    """A date column with the time of day in a column of its own ("Date" and "Time" of a call log)."""
    if fp.frame is None:
        return
    left = [h for h in _headers(fp.frame) if h not in _used(fp) and V.normalise(h) in _TIME_WORDS]
    if not left:
        return
    times = clean_text(fp.frame[left[0]]).dropna().head(500)
    if not len(times) or not times.str.fullmatch(_TIME_OF_DAY).mean() > 0.9:
        return
    for canon, g in fp.columns.items():
        if dtype_of(fp.table, canon) == "datetime":
            dates = clean_text(fp.frame[g.header]).dropna().head(500)
            if len(dates) and not dates.str.contains(r"\d:\d", regex=True).any():
                fp.combine_time[canon] = left[0]
                return


def _bare(stage: str) -> str:
    """A stage's name without its probability: webCRM's "Ordre (100%)" and its newer "100% Ordre" are "ordre"."""
    stage = re.sub(r"^\s*\d{1,3}\s*%\s*[-–:]?\s*(?=\D)", "", stage)
    return re.sub(r"\s*\(\s*\d{1,3}\s*%\s*\)\s*$", "", stage).lower()


def _status_is_the_stage(fp: FilePlan, obj: V.VendorObject) -> None:
    """A CRM whose won and lost are stages reads them from its stage column, not from a status a common word names.

    SugarCRM's Italian deals carry "Fase di Vendita" (Chiusa acquisita, Chiusa persa) beside "Stato", a status of
    its own whose won is "Chiuso" (closed): read by "Stato", 0 deals of 17 were won in October.
    """
    if "stage" in fp.columns and "status" not in fp.columns and "status" in obj.columns \
            and obj.columns["status"] == obj.columns.get("stage"):
        src = fp.columns["stage"]
        fp.columns["status"] = ColumnGuess("status", src.header, src.how, f"from the stage column ({src.header!r})")


def _closed_siblings(mapped: dict[str, str], unknown: list[str]) -> dict[str, str]:
    """The other closed stages of a pipeline whose won and lost stages start with the same word: lost.

    Creatio's Dutch "Gesloten gewonnen" and "Gesloten verloren" beside "Gesloten afgewezen" and "Gesloten deal met
    ander" (closed, rejected; closed, the deal went to another): read as open, the pipeline held them for ever.
    The word is the pipeline's own ("Gesloten", "Closed", "Geschlossen"), told by its won and lost stages.
    """
    def first(v: str) -> str:
        words = re.findall(r"[^\W\d_]+", v.casefold())
        return words[0] if len(words) > 1 else ""

    won = {first(v) for v, k in mapped.items() if k == "won"} - {""}
    lost = {first(v) for v, k in mapped.items() if k == "lost"} - {""}
    words = V.value_words("status")
    shared = {w for w in won & lost if w not in words}
    return {v: "lost" for v in unknown if first(v) in shared}


def _status_values(fp: FilePlan, lang: str | None) -> None:
    """Which words of the status (or stage) column mean won, lost and open."""
    obj = fp.rec.obj if fp.rec else None
    if fp.table not in ("opportunities", "opportunity_history"):
        return
    src = fp.columns.get("status") or fp.columns.get("stage")
    if src is None or fp.frame is None:
        return
    src = _decisive_column(fp, src)
    if "status" not in fp.columns:
        fp.columns["status"] = ColumnGuess("status", src.header, src.how, f"from the stage column ({src.header!r})")
    words = V.value_words("status")
    if obj is not None:
        own = obj.values.get("status")
        if isinstance(own, dict):                      # the object's own words (Acumatica: New = open)
            words.update({str(k).lower(): str(v) for k, v in own.items()})
        words.update({str(k).lower(): str(v) for k, v in obj.extra_values.get("status", {}).items()})
    seen = pd.Series(clean_text(fp.frame[src.header]).dropna().unique(), dtype="string")
    mapped = {v: words[_bare(v)] for v in seen if _bare(v) in words}
    has_flags = bool(_flag_headers(fp.frame, obj))
    unknown = [v for v in seen if _bare(v) not in words]
    by_word = {} if has_flags else {v: k for v in unknown if (k := V.status_by_word(v))}    # flags decide there
    if not has_flags and {v.upper() for v in seen} in ({"O", "W", "L"}, {"W", "L"}):   # SAP Business One's codes
        mapped.update({v: {"W": "won", "L": "lost", "O": "open"}[v.upper()] for v in seen})
        unknown, fp.stages_inferred = [], True
        fp.review.append("status: 'W' read as won, 'L' as lost and 'O' as open (one-letter codes, as SAP Business "
                         "One writes them); check")
    if by_word:
        fp.stages_inferred = True                      # read by the draft: a vendor's built-in words would not
        mapped.update(by_word)
        unknown = [v for v in unknown if v not in by_word]
        fp.review.append("status: " + ", ".join(f"{v!r} read as {k}" for v, k in list(by_word.items())[:6])
                         + " by a word in it; check")
    closed = {} if has_flags else _closed_siblings(mapped, unknown)
    if closed:
        mapped.update(closed)
        unknown = [v for v in unknown if v not in closed]
        fp.review.append("status: " + ", ".join(map(repr, list(closed)[:6])) + " read as lost: closed as the won "
                         "and lost stages are, but not won; check")
    if not has_flags:
        by_prob = _stages_by_probability(fp, src.header, unknown, mapped)
        mapped.update(by_prob)
        unknown = [v for v in unknown if v not in by_prob]
    fp.values["status"] = {**mapped, "*": "open"}
    if unknown and not has_flags:
        shown = ", ".join(map(repr, unknown[:8])) + (" …" if len(unknown) > 8 else "")
        fp.review.append(f"status: {shown} read as open (no word for won or lost); map any that mean won or lost")
    if not any(v in ("won", "lost") for v in mapped.values()) and not has_flags:
        fp.review.append("status: no value says won or lost; without them no KPI of results can be computed")
    _close_by_last_change(fp)


def _close_by_last_change(fp: FilePlan) -> None:
    """A deals sheet with won and lost deals but no close date: the deal's last change stands in for it.

    Streak's boxes and many a hand-kept pipeline have "Last Updated" and no close date: every won deal
    fell outside every month and page 1 showed no revenue. Said as a REVIEW: an edit after closing moves it.
    """
    derived = fp.rec.obj.extra.get("derived", {}) if fp.rec and fp.rec.obj else {}
    if fp.table != "opportunities" or "modified_at" not in fp.columns or "close_date" in derived:
        return                                         # (HighLevel's close day is counted back from its own days)
    said = set(fp.values.get("status", {}).values())
    if "won_at" in fp.columns and not {"lost_at", "closed_at", "close_date"} & set(fp.columns) and "lost" in said:
        # Close's "date_won" and no date of a loss: its lost deals fell in no month and October's win rate was 100 %
        h = fp.columns["modified_at"].header
        fp.columns["closed_at"] = ColumnGuess("closed_at", h, "values", "no column says when a deal was lost; the "
                                              "last change")
        fp.review.append(f"closed_at ← {h!r}: no column says when a deal was lost; its last change stands in for it "
                         "(won deals keep their own won date)")
        return
    if {"close_date", "won_at", "lost_at", "closed_at"} & set(fp.columns) or not {"won", "lost"} & said:
        return
    h = fp.columns["modified_at"].header
    fp.columns["close_date"] = ColumnGuess("close_date", h, "values", "no column holds the close date; the last change")
    fp.review.append(f"close_date ← {h!r}: no column says when a deal was won or lost; its last change stands in "
                     "for it (a deal edited after it closed counts in the month of the edit)")


def _decisive_column(fp: FilePlan, src: ColumnGuess) -> ColumnGuess:
    """The status column, or an unplaced one whose values say won and lost where the status's say neither.

    "Status" of Open / Closed beside "Outcome" of Won / Lost: read by the first, every deal was open.
    """
    seen = pd.Series(clean_text(fp.frame[src.header]).dropna().unique(), dtype="object")
    said = seen.str.lower().map(V.value_words("status")).fillna(seen.map(V.status_by_word))
    if said.eq("won").any() and said.eq("lost").any():
        return src
    # a status that says one of the two, lost alone, beside an outcome that says both: Simplicate's "Status" of
    # pipeline steps (its lost step "Afgewezen") beside its "Voortgang" of Lopend / Gewonnen / Verloren; read by the
    # first, no deal of 23 won in October was won
    either = said.isin(["won", "lost"]).any()
    # a status of its own beside stages that say it: Pipeline CRM's "Status" Hot / Warm / Cold, its "Stage" Won / Lost
    stage = fp.columns.get("stage")
    if stage is not None and stage.header != src.header:
        seen = pd.Series(clean_text(fp.frame[stage.header]).dropna().unique(), dtype="object")
        by_stage = set(seen.str.lower().map(V.value_words("status")).dropna())
        if {"won", "lost"} <= by_stage if either else by_stage & {"won", "lost"}:
            fp.columns["status"] = ColumnGuess("status", stage.header, stage.how, f"from the stage column "
                                               f"({stage.header!r}), where {src.header!r} says neither won nor lost")
            return fp.columns["status"]
    # numbers are no outcome here: a count of activities (0, 1, 2 …) read as Dynamics' codes of won and lost made
    # every deal of an export of open deals with one activity won
    h = _unplaced_of_words(fp, "status", 20, lambda m: {"won", "lost"} <= set(m.dropna()), numbers=False)
    if h is None:
        return src
    # an open deal's outcome is empty: its status ("Open") says it, the first non-empty of the two
    fp.columns["status"] = ColumnGuess("status", h, "values", "its values say won or lost", (src.header,))
    fp.review.append(f"status ← {h!r}: its values say won and lost, where {src.header!r}'s do not say both")
    return fp.columns["status"]


def _unplaced_of_words(fp: FilePlan, vocab: str, most: int, says: Callable[[pd.Series], bool],
                       skip: str = r"^$", *, numbers: bool = True) -> str | None:
    """The first unplaced header whose values (at most *most* of them) *says* accepts once read as *vocab* words.

    What a column is by its values, where its header is no word of any list: an outcome of Won / Lost, an
    "Activity" of Call / Meeting, a "Gereed" of done / not done. A header matching *skip* is another thing;
    without *numbers* a column of numbers is none (its 1 and 2 are counts, not codes).
    """
    words = V.value_words(vocab)
    for h in (h for h in _headers(fp.frame) if h not in _used(fp) and not re.search(skip, V.normalise(h))):
        vals = clean_text(fp.frame[h].head(5000)).dropna().str.lower()
        if not numbers and vals.str.fullmatch(r"[\d\s.,+-]+").all():
            continue
        if len(vals) and vals.nunique() <= most and says(vals.map(words)):
            return h
    return None


_PROBABILITY_WORDS = r"probab|kans|wahrscheinlich|sandsynlig|chance"


def _stages_by_probability(fp: FilePlan, header: str, stages: list[str], known: dict[str, str]) -> dict[str, str]:
    """Stages no word list knows, read as won where every deal in them has a probability of 100 % and lost at 0 %.

    A HubSpot pipeline of its own stages ("Signed", "Dead") says won and lost only by its deal probability
    (1.0 and 0.0): read as open, page 1 showed revenue 0 beside 180 signed deals. Only when both a won and a
    lost stage are found, or when the stages *known* as won and lost hold exactly those probabilities (a
    renewals pipeline's "Renewed" and "Churned" beside the sales pipeline's "Closed Won" and "Closed Lost");
    each to review.
    """
    prob = fp.columns["probability"].header if "probability" in fp.columns else next(
        (h for h in _headers(fp.frame) if re.search(_PROBABILITY_WORDS, V.normalise(h))), None)
    if prob is None or not stages:
        return {}
    p = parse_numbers(fp.frame[prob])[0]
    top = 100.0 if p.max() > 1 else 1.0
    stage = clean_text(fp.frame[header])
    every = pd.DataFrame({"stage": stage, "p": p}).dropna().groupby("stage")["p"].agg(["min", "max"])
    per = every[every.index.isin(stages)]
    out = {s: "won" for s in per.index[(per["min"] == top) & (per["max"] == top)]}
    out |= {s: "lost" for s in per.index[(per["min"] == 0) & (per["max"] == 0)]}
    said = {k: every.reindex([s for s, v in known.items() if v == k]) for k in ("won", "lost")}
    # the known won and lost stages vouch for the column only when each holds its one probability
    vouched = all(len(f) and f["min"].notna().all() for f in said.values()) \
        and (said["won"][["min", "max"]] == top).all(axis=None) and (said["lost"][["min", "max"]] == 0).all(axis=None)
    if not out or (not vouched and ("won" not in out.values() or "lost" not in out.values())):
        return {}
    fp.stages_inferred = True
    fp.review.append("status: " + ", ".join(f"{s!r} read as {v} (every deal in it has a {prob!r} of "
                                             f"{'100 %' if v == 'won' else '0'})" for s, v in out.items()))
    return out


#: a file of appointments by its name, whatever the kind its own type column names (a booking's event)
_MEETING_FILE = r"booking|appointment|afspraken|termine|aftaler|bokningar|^schedule$"      # Acuity's "schedule"
#: a file name that says calls in any of its forms ("CallLog", "call_history", "gesprekken", "Anrufliste")
_CALL_FILE = r"call|gesprek|anruf|opkald|appel|llamad|chiamat|telefon|pstn|voip|samtal"
#: headers only a call log has: the caller's and the called number (Teams' "Anrufernummer", "Angerufene Nummer")
_CALL_HEADERS = r"^(caller|callee|caller number|called number|calling number|anrufer|anrufernummer|angerufene nummer|" \
                r"anruftyp|call type|call direction|nummer beller|gebeld nummer|opkaldstype)$"


def _type_from_file_name(fp: FilePlan) -> None:
    """An activity file without a type column whose name is one kind ("calls.csv", "Meetings.xlsx"): every row."""
    if fp.table != "activities" or "type" in fp.columns or "type" in fp.constants:
        return
    words = V.value_words("activity_type")
    stem = re.sub(r"\s*\d+$", "", V.normalise(fp.path.stem))          # Calls_2024 -> calls
    kind = words.get(stem) or words.get(stem.removesuffix("s")) or words.get(stem.removesuffix("en"))
    if not kind:          # one kind among the name's words: HubSpot's "hubspot-crm-exports-meetings-2026-11-27"
        # a German plural too: HubSpot's "hubspot-crm-exports-alle-besprechungen-2026-11-01"
        kinds = {words.get(w) or words.get(w.removesuffix("s")) or words.get(w.removesuffix("en"))
                 for w in stem.split()} - {None, "other"}
        kind = kinds.pop() if len(kinds) == 1 else None
    if not kind and re.match(r"e-?mail ?messages?$|emailmessage$", stem):
        kind = "email"       # Salesforce's EmailMessage: each row one e-mail logged
    if not kind and re.search(_MEETING_FILE, stem):
        kind = "meeting"     # a booking tool's appointments: Microsoft Bookings' "BookingsReportingData"
    if not kind and (re.search(_CALL_FILE, stem) or says_call_direction(fp.frame)
                     or any(re.match(_CALL_HEADERS, V.normalise(h)) for h in _headers(fp.frame))):
        kind = "call"        # a phone system's log: "CallLog", "gesprekken", or calls in and out
    if kind and kind != "other":
        fp.constants["type"] = kind
        return
    # a tracker's "Activity" column of Call, Meeting, Visit: the type by its values, whatever its header
    h = _unplaced_of_words(fp, "activity_type", 30, lambda m: m.notna().mean() > 0.9)
    if h is not None:
        _value_guess(fp, "type", h, "its values are kinds of activity (call, meeting …)")


def _completed_by_values(fp: FilePlan) -> None:
    """An activity file whose done column has a header no list knows ("Gereed"): the column of done / not-done words.

    Unread, every past activity counted as held: a rep's 46 planned calls not made were sales conversations.
    """
    if fp.table != "activities" or "completed" in fp.columns or fp.frame is None:
        return
    h = _unplaced_of_words(fp, "done", 4, lambda m: m.notna().all() and set(m) == {"true", "false"},
                           skip=_NOT_DONE_FLAGS)
    if h is None:          # a call log's outcome of its own header ("categories": connected / missed)
        # RingCentral writes ten outcomes or more (Anruf verbunden, Verpasst, Keine Antwort, Aufgelegt, Besetzt …)
        h = _unplaced_of_words(fp, "call_outcome", 16, lambda m: m.notna().all() and set(m) == {"yes", "no"})
        if h is not None:
            _value_guess(fp, "completed", h, "its values say whether a call was answered")
        else:
            _cancelled_by_value(fp)
        return
    if not re.search(_NOT_HELD_WORDS, V.normalise(h)):
        _value_guess(fp, "completed", h, "its values say done or not done")
        return
    # Dialpad's "voicemail" true / false beside its "category" (outgoing, incoming, missed, cancelled, voicemail …):
    # the flag says one way a call was not held, the outcome every way
    outcome = _unplaced_of_words(fp, "call_outcome", 16, lambda m: m.notna().all() and set(m) == {"yes", "no"},
                                 skip=re.escape(V.normalise(h)))
    if outcome is not None:
        _value_guess(fp, "completed", outcome, "its values say whether a call was answered")
        return
    # Calendly's "Canceled" and "Marked as No-Show": either one true and the meeting was not held
    others = [o for o in _headers(fp.frame) if o != h and o not in _used(fp)
              and re.search(_NOT_HELD_WORDS, V.normalise(o)) and not parse_bools(fp.frame[o].head(2000))[1].any()]
    if others:
        fp.derived["completed"] = {"none_of": [h, *others]}
        fp.review.append(f"completed: held where none of {', '.join(map(repr, [h, *others]))} says yes")
        return
    # Calendly's "Canceled" true / false: read as done, every cancelled meeting was held and every held one not
    _not_held(fp, h)
    _value_guess(fp, "completed", h, "its header says not held: its yes is read as not done, its no as done")


def _cancelled_by_value(fp: FilePlan) -> None:
    """A meetings file's column of a few words, one of which says cancelled: held unless cancelled.

    Microsoft Bookings' "Event Type" is Booked or Cancelled: unread, every cancelled booking was a meeting held.
    Only for a file of meetings (its type a constant) and a column of at most four words, one a cancellation
    (``_NOT_HELD_WORDS``) and none a word for done.
    """
    if fp.constants.get("type") != "meeting":
        return
    done = V.value_words("done")
    for h in (h for h in _headers(fp.frame) if h not in _used(fp)):
        vals = pd.Series(clean_text(fp.frame[h].head(5000)).dropna().str.strip().unique(), dtype="string")
        off = [v for v in vals if re.search(_NOT_HELD_WORDS, V.normalise(v))]
        if 2 <= len(vals) <= 4 and off and not vals.str.lower().map(done).eq("true").any():
            fp.columns["completed"] = ColumnGuess("completed", h, "values", "its values say cancelled")
            fp.values["completed"] = {**{v: "false" for v in off}, "*": "true"}
            fp.review.append(f"completed ← {h!r}: held unless {' / '.join(map(repr, off))}")
            return


def _not_held(fp: FilePlan, h: str, canon: str = "completed") -> None:
    """A yes / no column whose yes says the activity (the call) did not take place: its yes is no, its no yes."""
    words = V.value_words("done")
    seen = clean_text(fp.frame[h]).dropna().unique()
    fp.values[canon] = {str(w): "false" if words[str(w).lower()] == "true" else "true"
                              for w in seen if str(w).lower() in words}


#: a yes / no column that says something else of an activity than whether it took place (Dialpad's
#: "was_recorded": read as done, every unrecorded call counted as not held); Talkdesk's "In Business Hours?",
#: "Callback From Queue" and "Transfer" say when and how a call came, not whether it was answered
_NOT_DONE_FLAGS = r"record|autorepl|auto repl|billable|private|internal|transcri|\bread\b|starred|flagged|" \
                  r"^scheduled$|^planned$|^gepland$|^geplant$|" \
                  r"business hours|queue|transfer|callback|conferenc|\bholds?\b|disconnect|hang ?up|bounce|" \
                  r"repl(?:y|ies)|\bviews?\b|\bclicks?\b|\bopens?\b|" \
                  r"abrechenbar|factureerbaar|declarabel|fakturerbar|facturable|fatturabile|faturavel|faturável|" \
                  r"privat|prive|privé|privado|privato|intern|" \
                  r"all day|ganztägig|ganztagig|hele dag|heldags|hel dag|reminder|erinnerung|herinnering|påmindelse|" \
                  r"notification|benachrichtigung|melding|notifikation|notifica|" \
                  r"deleted|gelöscht|geloescht|verwijderd|slettet|raderad|archived|" \
                  r"incoming|inbound|is ?child|group ?event|" \
                  r"paid|betaald|bezahlt|betalt|payé|pagado|pago"
# Salesforce's IsDeleted: a record left out, not an activity not done (every event of a data export read as not
# held); its EmailMessage's "Incoming": an e-mail received, not one not sent; its Event's "IsChild" (an invitee's
# copy of a meeting) and "IsGroupEvent": no meeting not held
# (Zoho's German "Abrechenbar", billable, is no done flag; nor Outlook's "All day event" or "Reminder on/off"; nor
# Repsly's "Scheduled": whether a visit was planned ahead, not whether it took place; nor Acuity's "Paid?", whether
# an appointment was paid online)
#: a header whose yes means the activity did not take place
_NOT_HELD_WORDS = r"cancel|no show|noshow|missed|abandon|voicemail|abgesagt|storniert|geannuleerd|afgezegd|aflyst|" \
                  r"annul|gemist|opgehangen|verbroken|abgebrochen|aufgelegt|verpasst|manqu|perdid|persa|afbrudt|" \
                  r"mistet|ubesvaret|avbrut|missad"


def _completed_words(fp: FilePlan) -> None:
    """A done column of other words than yes/no: a call log's outcomes are mapped, anything else is to review."""
    if "*" in fp.values.get("completed", {}):          # its words read already (a booking's cancelled or not)
        return
    if fp.rec and fp.rec.obj and fp.rec.obj.values.get("completed"):    # the vendor's own codes (Salesforce's
        return                                                           # EmailMessage "Status" 5: a draft)
    head = fp.columns["completed"].header
    # every spelling's words: HubSpot's wide export has a "Task status" (Completed) and a "Call status" (NO_ANSWER)
    seen = pd.Series(_values_read(fp, "completed"), dtype="string")
    _, bad = parse_bools(seen)
    if not bad.any():
        if re.search(_NOT_HELD_WORDS, V.normalise(head)) and "completed" not in fp.values:
            # a contact centre's "Abandoned" YES / NO placed by its name: its yes is a call not answered
            _not_held(fp, head)
            fp.review.append(f"completed: {head!r} says the call was not held: its yes is read as not done, its no "
                             "as done")
        return
    words = seen[bad].reset_index(drop=True)
    outcome = V.value_words("call_outcome")
    keys = _outcome_keys(words)
    # RingCentral writes eleven outcomes (Call connected, Accepted, Missed, Voicemail, Rejected, Hang Up …)
    if len(words) <= 16 and keys.isin(list(outcome)).all():
        fp.values["completed"] = {w: outcome[k] for w, k in zip(words, keys, strict=True)}
        return
    # a call's disposition ("Interested", "Requested call back") says nothing of whether it took place: mapped,
    # its words were a warning on every row and the calls counted by their dates all the same
    head = fp.columns.pop("completed").header
    fp.review.append(f"completed: {head!r} holds {', '.join(map(repr, words[:5]))}, no words for done or not done: "
                     "not used; past activities count as done")
    # JustCall's "Disposition" (Call back later) says nothing of the call; its "Call Type" (Answered, Missed),
    # first placed as the activity's type, does
    _completed_by_values(fp)
    if "completed" in fp.columns:
        _completed_words(fp)


def _scheduled_meetings(fp: FilePlan) -> None:
    """A meeting's outcome still "Scheduled" (HubSpot's default, often never updated): its date decides.

    In Dutch "Gepland" is also a task's "planned", not done: read so, 23 of HubSpot's Dutch meetings held in
    October were not held.
    """
    if "completed" not in fp.columns or fp.constants.get("type") != "meeting":
        return
    blank = {w for w, v in V.value_words("call_outcome").items() if v == ""}
    seen = clean_text(fp.frame[fp.columns["completed"].header]).dropna().unique()
    sched = {str(v): "" for v in seen if str(v).lower() in blank}
    if sched:
        fp.values["completed"] = {**fp.values.get("completed", {}), **sched}


def _outcome_keys(words: pd.Series) -> pd.Series:
    """A call's outcomes as the outcome words list them: Outreach's "Connected - Interested" is "connected"."""
    return words.str.lower().str.replace("_", " ").str.replace(r"\s+[-–:]\s+.*$", "", regex=True)


#: the header of a call's result ("Call Result", "Anrufergebnis", "Gespreksresultaat", "Disposition")
_OUTCOME_HEADER = r"result|outcome|ergebnis|resultaat|uitkomst|resultat|disposition|udfald|" \
                  r"answered by|wrap ?up"       # Twilio's machine detection, a contact centre's wrap-up code
_MEETING_WORDS = r"meeting|vergadering|besprechung|termin|møde|möte|réunion|reunión|reunião|riunione"


def _outcome_beside_status(fp: FilePlan) -> None:
    """A call's result beside its done status: where it says nobody was reached, the call was not held.

    A Salesforce task report's "Status" (Abgeschlossen) is placed as done; its "Anrufergebnis" (Verbunden, Keine
    Antwort, Mailbox hinterlassen) was left unread, and every call dialled counted as held.
    """
    if fp.table != "activities" or fp.frame is None or "outcome" in fp.columns:
        return
    outcome = V.value_words("call_outcome")
    _status_before_result(fp, outcome)
    # a further spelling of the done column ("Anrufergebnis" behind "Status") is no column of its own
    placed = {g.header for g in fp.columns.values()}
    # a meeting's outcome (HubSpot's "Meeting outcome" beside its "Call status") says whether the meeting was held:
    # it stays a spelling of the done column, not a call's result
    for h in (x for x in _headers(fp.frame) if x not in placed and re.search(_OUTCOME_HEADER, V.normalise(x))
              and not re.search(_MEETING_WORDS, V.normalise(x))):
        seen = pd.Series(clean_text(fp.frame[h]).dropna().unique(), dtype="string")
        said = _outcome_keys(seen).map(outcome)
        # most of its words known, both kinds among them; an unknown one leaves its calls to their status
        if not 1 < len(seen) <= 16 or said.notna().mean() < 0.75 or said.nunique() < 2:
            continue
        seen, said = seen[said.notna()], said[said.notna()]
        done = fp.columns.get("completed")       # Close's calls: a disposition and no done column at all
        if done is not None:
            fp.columns["completed"] = replace(done, also=tuple(a for a in done.also if a != h))
        fp.columns["outcome"] = ColumnGuess("outcome", h, "values", "its values say whether a call reached anyone")
        fp.values["outcome"] = dict(zip(seen, said, strict=True))
        fp.review.append(f"outcome ← {h!r}: a call done whose result reached nobody "
                         f"({', '.join(repr(w) for w, v in zip(seen, said, strict=True) if v == 'no')[:120]}) is "
                         "read as not held")
        return


#: the header of a call's status: whether it took place ("Call status", HubSpot's Spanish "Estado de la llamada")
_CALL_STATUS_HEADER = r"\b(?:status|estado|statut|stato|zustand|staat)\b"


def _status_before_result(fp: FilePlan, outcome: dict[str, str]) -> None:
    """A call's status, not its result, says whether it took place; the result is read beside it.

    HubSpot's Spanish calls placed "Resultado de la llamada" (Conectado, blank where a call was logged by hand) as
    done and left "Estado de la llamada" (Completada, Fallida, Cancelada) unread: a failed call without a result
    counted as held. Only where the status' words are all a call's outcomes, some done and some not.
    """
    done = fp.columns.get("completed")
    if done is None or not re.search(_OUTCOME_HEADER, V.normalise(done.header)):
        return
    for h in (x for x in _headers(fp.frame) if x not in _used(fp) and re.search(_CALL_STATUS_HEADER, V.normalise(x))):
        seen = pd.Series(clean_text(fp.frame[h].head(5000)).dropna().str.strip().unique(), dtype="string")
        said = _outcome_keys(seen).map(outcome)
        if 1 < len(seen) <= 16 and said.notna().all() and set(said) == {"yes", "no"}:
            fp.values.pop("completed", None)        # the result's words are read as its outcome below
            _value_guess(fp, "completed", h, "its values say whether a call took place")
            fp.values["completed"] = dict(zip(seen, said, strict=True))
            return


def _activity_words(fp: FilePlan) -> None:
    """What an activity's words say beside its type: done or not, a call's result, an e-mail's direction."""
    if "completed" in fp.columns:
        _completed_words(fp)
        _scheduled_meetings(fp)
        _outcome_beside_status(fp)
    _direction(fp)


#: a column that says which way a logged e-mail or call went (Dynamics' "Richtung", HubSpot's "Email direction",
#: Salesforce's EmailMessage "Incoming", Ringover's "Direction")
_DIRECTION_HEADER = (r"direction|richting|richtung|retning|riktning|sens|dirección|direção|direzione|kierunek|"
                     r"^(is ?)?(incoming|inbound)$")


def _direction(fp: FilePlan) -> None:
    """Which way an activities file's e-mails and calls went: in, out, or between colleagues.

    An e-mail received is logged, not sent; a call between colleagues is no call with a customer. A German
    Dynamics export's "Richtung" (Eingehend, Ausgehend): read without it, 32 e-mails sent for 20. 3CX's
    "Richtung" Intern, CloudTalk's "Type" internal: 110 calls held for 102.
    """
    if fp.table != "activities" or fp.frame is None or "direction" in fp.columns:
        return
    kinds = {fp.constants.get("type"), *fp.values.get("type", {}).values()}
    words = V.value_words("direction")
    found = []
    for h in (x for x in _headers(fp.frame) if x not in _used(fp)):
        named = re.search(_DIRECTION_HEADER, V.normalise(h).replace("_", " "))
        seen = pd.Series(clean_text(fp.frame[h]).dropna().unique(), dtype="string")
        tags = len(seen) and seen.str.contains(",").mean() > 0.5
        if not 0 < len(seen) <= (40 if tags else 8) or not (named or "call" in kinds):
            continue
        if named and re.search(r"incoming|inbound", V.normalise(h)):   # a flag: Salesforce's "Incoming" true / false
            said = parse_bools(seen)[0].map({True: "incoming", False: "outgoing"})
        elif tags:               # Dialpad's "categories": "outgoing,connected,internal", the way among other tags
            said = seen.map(lambda v: _way_of_tags(v, words)).astype("string")
        else:
            said = seen.str.lower().str.strip().map(words)
        # what the file's kinds need: e-mails that came in, or calls between colleagues (a call log's "Type"
        # of incoming / outgoing / internal, whatever its header)
        wanted = {"incoming"} if "email" in kinds and named else set()
        wanted |= {"internal"} if {"call", "meeting"} & kinds else set()
        # and calls that came in (Aircall's "direction" inbound / outbound): a customer's call, not one a rep made;
        # whatever the header where every value says a way (Placetel's "Typ": Eingehend, Ausgehend)
        wanted |= {"incoming"} if "call" in kinds else set()
        if said.isna().any() or not wanted & set(said):
            continue
        found.append((len({"incoming", "outgoing", "internal"} & set(said)), h, seen, said))
    found = found or _way_in_outcomes(fp, kinds)
    if not found:
        return
    # the column that tells the most ways apart: Dialpad's "categories" (in, out and between colleagues) over its
    # "direction" (in and out)
    _, h, seen, said = max(found, key=lambda x: x[0])
    fp.columns["direction"] = ColumnGuess("direction", h, "values", "its values say which way each went")
    fp.values["direction"] = dict(zip(seen, said.map({"incoming": "in", "outgoing": "out",
                                                      "internal": "internal"}), strict=True))
    fp.review.append(f"direction ← {h!r}: e-mails and calls that came in are logged, not counted as sent or "
                     "made; calls between colleagues are no calls with a customer")


def _way_in_outcomes(fp: FilePlan, kinds: set[Any]) -> list[tuple[int, str, pd.Series, pd.Series]]:
    """A call log's outcomes that say the way as well: out where the value says so, else in; [] if not both ways.

    Talkdesk's "Call Type" is inbound, outbound, outbound_missed, missed, abandoned. Read as outcomes alone, its
    76 calls answered in October stood among its 108 calls made (196).
    """
    g = fp.columns.get("completed")
    if g is None or "call" not in kinds:
        return []
    seen = pd.Series(clean_text(fp.frame[g.header]).dropna().unique(), dtype="string")
    words = V.value_words("direction")
    ways = seen.str.lower().str.findall(r"[^\W\d_]+").map(lambda ts: {words.get(x) for x in ts})
    out, inn = ways.map(lambda w: "outgoing" in w), ways.map(lambda w: "incoming" in w)
    if not (out.any() and inn.any()) or len(seen) > 12:
        return []
    return [(2, g.header, seen, out.map({True: "outgoing", False: "incoming"}).astype("string"))]


def _way_of_tags(value: str, words: dict[str, str]) -> str | None:
    """The way a call went by its tags ("incoming,answered,internal"): between colleagues first, else in or out."""
    ways = {words.get(t.strip()) for t in value.lower().split(",")}
    return next((w for w in ("internal", "incoming", "outgoing") if w in ways), None)


#: HubSpot's property of the time a deal entered a stage: 'Date entered "Closed Won (Sales Pipeline)"', in German
#: 'Datum des Eintritts in „Abgeschlossen und gewonnen (Vertriebspipeline)“'
_ENTERED = re.compile(r"^(?:date entered|datum des eintritts in|datum ingevoerd|datum van binnenkomst in|"
                      r"dato for indtræden i|dato indtastet|date d.entrée dans|fecha de entrada en|data de entrada em|"
                      r"data di ingresso in)\s*[\"„“”'«‘’](?P<stage>.+?)\s*\((?P<pipeline>[^()]+)\)\s*[\"“”'»‘’]?$",
                      re.IGNORECASE)


def _stage_entry_dates(fp: FilePlan) -> None:
    """A deal is won or lost when it entered its won or lost stage, as the export's stage-entry columns say.

    HubSpot's "Close Date" is the date a rep expected, often never updated: October's revenue read 510,770 for
    825,818 beside 'Date entered "Closed Won (Sales Pipeline)"'. Each pipeline's won (lost) stage is one column,
    read in turn (a deal is in one pipeline); a deal reopened since keeps the date, its status decides.
    """
    if fp.table != "opportunities" or fp.frame is None or {"won_at", "lost_at"} & set(fp.columns):
        return
    words = V.value_words("status")
    found: dict[str, list[str]] = {"won_at": [], "lost_at": []}
    for h in _headers(fp.frame):
        m = _ENTERED.match(str(h).strip())
        outcome = words.get(m.group("stage").strip().lower()) if m else None
        if outcome in ("won", "lost") and h not in _used(fp) and parse_dates(fp.frame[h].head(2000))[0].notna().any():
            found[f"{outcome}_at"].append(h)
    for canon, heads in ((c, hs) for c, hs in found.items() if hs):
        fp.columns[canon] = ColumnGuess(canon, heads[0], "word", "the time a deal entered its "
                                        f"{canon.removesuffix('_at')} stage", also=tuple(heads[1:]))
        fp.review.append(f"{canon} ← {', '.join(map(repr, heads))}: the time each deal entered its "
                         f"{canon.removesuffix('_at')} stage, before its planned close date")


def _answered(fp: FilePlan) -> None:
    """A call centre's cases: whether each call was answered, from an "Abandoned" flag or a status of outcomes."""
    _abandoned(fp)
    _answered_from_status(fp)


def _abandoned(fp: FilePlan) -> None:
    """A call centre's "Abandoned" yes / no placed as whether a call was answered: its yes is a call not answered."""
    if fp.table != "cases" or "answered" not in fp.columns or "answered" in fp.values or fp.frame is None:
        return
    head = fp.columns["answered"].header
    if re.search(_NOT_HELD_WORDS, V.normalise(head)) and not parse_bools(fp.frame[head])[1].any():
        _not_held(fp, head, "answered")
        fp.review.append(f"answered: {head!r} says the call was not answered: its yes is read as not answered, "
                         "its no as answered")


def _answered_from_status(fp: FilePlan) -> None:
    """A call log's "Status" of answered / not answered words, read as a case's status, is whether a call was answered.

    3CX's Dutch call log ("Beantwoord", "Niet beantwoord") beside its talk time: as a status none of it was resolved,
    and page 1 showed a resolved share of 0.0 % where 77 % of the calls were answered. Only beside a talk time: a
    ticket's "Completed" / "Cancelled" is a case's status.
    """
    if fp.table != "cases" or "answered" in fp.columns or "status" not in fp.columns or "talk_min" not in fp.columns:
        return
    head = fp.columns["status"].header
    words = pd.Series(clean_text(fp.frame[head]).dropna().unique(), dtype="string")
    outcome = V.value_words("call_outcome")
    keys = _outcome_keys(words)
    said = keys.map(outcome)
    if not 0 < len(words) <= 16 or said.isna().any() or set(said) != {"yes", "no"}:
        return
    del fp.columns["status"]
    fp.columns["answered"] = ColumnGuess("answered", head, "values", "its values say whether a call was answered")
    fp.values["answered"] = {str(w): "true" if v == "yes" else "false" for w, v in zip(words, said, strict=True)}


def _converted_words(fp: FilePlan) -> None:
    """A converted column of stages, not yes / no (HubSpot's "Levenscyclusfase"): its converted stages are yes."""
    if fp.table != "leads" or fp.frame is None or "converted" not in fp.columns or "converted" in fp.values:
        return
    header = fp.columns["converted"].header
    _, bad = parse_bools(fp.frame[header].head(5000))
    hits = _converted_stages(fp, header) if bad.any() else []
    if hits:
        fp.review.append(f"converted: {header!r} holds stages; {', '.join(map(repr, hits))} read as converted")


def _submitted_not_converted(fp: FilePlan) -> None:
    """A lead file whose only date is a conversion's beside a stage that says conversion: that date is its arrival.

    HubSpot's form submissions in Dutch: "Geconverteerd op" is when the form was sent (a form's "conversion"),
    and its "Levenscyclusfase" says who became a customer; read as the conversion date, no lead had an arrival
    and page 1 was empty.
    """
    if fp.table != "leads" or "created_at" in fp.columns or "converted_at" not in fp.columns \
            or "converted" not in fp.columns:
        return
    g = fp.columns.pop("converted_at")
    fp.columns["created_at"] = ColumnGuess("created_at", g.header, g.how, f"{g.evidence}: the only date of a file "
                                           "whose stage says conversion, read as the lead's arrival")
    fp.review.append(f"created_at ← {g.header!r}: a conversion's date, but the file has no other and "
                     f"{fp.columns['converted'].header!r} says who converted: read as the day each lead came in")


def _converted_from_status(fp: FilePlan) -> None:
    """A lead file that says conversion only in its status ("Converted", "Klant"): the status is the converted flag."""
    if fp.table != "leads" or fp.frame is None or "status" not in fp.columns \
            or {"converted", "converted_at"} & set(fp.columns):
        return
    header = fp.columns["status"].header
    hits = _converted_stages(fp, header)
    if hits:
        said = ", ".join(map(repr, hits))
        fp.columns["converted"] = ColumnGuess("converted", header, "values", f"the status says it: {said}")


def _converted_stages(fp: FilePlan, header: str) -> list[str]:
    """The values of a lead's stage or status column that say it converted; mapped as the converted flag."""
    seen = pd.Series(clean_text(fp.frame[header]).dropna().unique(), dtype="string")
    words = V.value_words("lead_converted")
    hits = [v for v in seen if v.lower() in words]
    if not hits:
        # no stage says converted: its qualified one is the lead's last step before a deal
        qualified = V.value_words("lead_qualified")
        hits = [v for v in seen if v.lower() in qualified]
    if hits:
        fp.values["converted"] = {**dict.fromkeys(hits, "yes"), "*": "no"}
    return hits


#: headers of a subscription's price and of its billing interval (normalised)
# a price of one seat before an amount of all of them: Chargebee's "Plan Amount" is its unit price × quantity
_PRICE_WORDS = ("amount", "price", "unit amount", "unit price", "plan unit price", "subscription unit amount",
                # Recurly's API names: a price in cents (read as a hundredth by its header)
                "subscription unit amount in cents", "unit amount in cents", "amount in cents",
                "plan amount", "amount value", "product price", "bedrag", "prijs", "betrag", "preis", "beløb", "pris",
                # a recurring invoice's amount before tax (Moneybird's "Totaal excl. btw")
                "total excl vat", "totaal excl btw", "bedrag excl btw", "summe netto", "netto", "total ekskl moms",
                "order total", "order amount",           # WooCommerce's, Appstle's subscription: its order each period
                "item unit price",                       # Paddle Billing's, one row per item
                "bedrag per periode",                    # Exact Online's, beside its "Prijs per eenheid"
                "pris pr periode", "pris pr periode kr", "preis pro periode")   # e-conomic's "Pris pr. periode (kr.)"
_SEAT_WORDS = ("quantity", "seats", "plan quantity", "item quantity", "subscription quantity", "number of seats",
               "licenses", "licences",
               "aantal", "anzahl", "menge", "antal")
#: the total of a subscription's add-ons per billing period (Recurly's "add_ons_total")
#: (a price of one add-on, Zoho Billing's "Addon Price" beside its whole "Amount", is none)
_ADD_ON_TOTAL = r"(?:add ?-?ons?|addons?|extras|zusatzoptionen) ?(?:total|summe|gesamt|totaal|i alt)|" \
                r"(?:total|totaal|gesamt) (?:add ?-?ons?|addons?|extras)"
#: a subscription's count of intervals between two payments (every 3 months)
_EVERY_WORDS = ("interval", "interval count", "billing cycle frequency", "frequency", "plan interval count",
                "billing period", "product interval",            # Maxio's "Product Interval" 12 of "month"
                "billing interval", "charge interval frequency", "order interval frequency",   # WooCommerce, Recharge
                "plan interval length", "interval length",          # Recurly's 12 of "months" (a yearly plan)
                "billing interval count")                           # Lemon Squeezy's 3 of "month" (a quarter)
_INTERVAL_WORDS = ("interval", "billing interval", "billing period", "billing cycle", "plan interval", "frequency",
                   "interval unit", "billing cycle interval", "plan interval unit", "billing period unit", "periode",
                   "product interval unit", "order interval unit", "charge interval unit",
                   "factuurperiode", "frequentie", "häufigkeit", "frekvens", "abrechnungsintervall",
                   "intervall", "abrechnungszeitraum", "faktureringsperiode", "invoicing period", "invoice period")


#: the header of the deal a stage change belongs to, and of its owner, in a history report (names, not ids)
_HISTORY_KEYS = {"opportunity_id": ("opportunity id", "opportunity name", "deal id", "deal name", "deal"),
                 "owner_id": ("opportunity owner", "deal owner", "owner")}


def _history_keys(fp: FilePlan) -> None:
    """A history report's deal and owner by name: its names repeat by design, one row per change.

    A header of the deal's *name* names a deal of the Opportunity report as well: as the history object's
    own words, the Opportunity report was recognised as a history.
    """
    if fp.table != "opportunity_history" or fp.frame is None:
        return
    heads = {V.normalise(h): h for h in _headers(fp.frame) if h not in _used(fp)}
    for canon, words in _HISTORY_KEYS.items():
        h = next((heads[w] for w in words if w in heads), None)
        if canon not in fp.columns and h is not None:
            _value_guess(fp, canon, h, "the deal each change belongs to" if canon == "opportunity_id" else
                         "the deal's owner at the change")


def _derived_columns(fp: FilePlan) -> None:
    """Columns the export writes as a computation of others: MRR, a split duration, a month, a resolution."""
    _conversation_cases(fp)
    _converted_amount(fp)
    _value_per_period(fp)
    _mrr_from_price(fp)
    _rate_beside_currency(fp)
    _cents_written_as_units(fp)
    _never_started(fp)
    _deleted_records(fp)
    _deleted_flag(fp)
    _order_closes_when_placed(fp)
    _orders_placed_are_won(fp)
    _refunded_orders(fp)
    _duration_parts(fp)
    _form_leads_beside_conversions(fp)
    _year_and_period(fp)
    _resolution_time(fp)
    _cases_closed_by_last_change(fp)      # after a resolution time, which says it better


def _conversation_cases(fp: FilePlan) -> None:
    """A help desk's export of messages: its conversation's id is the case's, not the message's own.

    Front writes "Message ID" (unique) and "Conversation ID" (repeated on each message of a conversation):
    by the unique one, every message was a case. Ingest reads the messages of a case as one.
    """
    if fp.table != "cases" or fp.frame is None:
        return
    heads = {V.normalise(h): h for h in _headers(fp.frame)}
    conv = heads.get("conversation id")
    if conv is None or "message id" not in heads or fp.frame[conv].nunique() == len(fp.frame[conv].dropna()):
        return
    fp.columns["case_id"] = ColumnGuess("case_id", conv, "word", "one row per message: the conversation is the case")
    fp.review.append(f"case_id ← {conv!r}: each row is a message ({heads['message id']!r}); the messages of a "
                     "conversation are one case, opened with the first")


#: a deal's count of the periods its value is for, beside the period ("Duration Basis": Per Month)
_DURATION_WORDS = ("duration", "bid duration", "number of periods", "looptijd", "laufzeit", "varighed")
_BASIS_WORDS = ("duration basis", "bid type", "value basis", "payment basis")


def _value_per_period(fp: FilePlan) -> None:
    """A deal's value per month or year times the periods it runs: Capsule's "Value" × "Duration" (Per Month).

    Read as "Value" alone, a retainer of £1,500 a month for 12 months counted £1,500; October's revenue read
    £66,700 for £160,250. A fixed deal has no duration: one period, its value.
    """
    if fp.table != "opportunities" or fp.frame is None or "amount" not in fp.columns:
        return
    heads = {V.normalise(h): h for h in _headers(fp.frame)}
    basis = next((heads[w] for w in _BASIS_WORDS if w in heads), None)
    times = next((heads[w] for w in _DURATION_WORDS if w in heads), None)
    # Insightly's OPPORTUNITY_VALUE is already its BID_AMOUNT times BID_DURATION: only a value per period
    per_period = V.normalise(fp.columns["amount"].header) in ("value", "bid amount", "amount", "waarde", "wert")
    if not per_period or basis is None or times is None or parse_numbers(fp.frame[times])[0].fillna(1).le(1).all():
        return
    value = fp.columns.pop("amount").header
    fp.derived["amount"] = {"from": value, "times": times}
    fp.review.append(f"amount ← {value!r} times {times!r}: a value per period ({basis!r}) times the periods the "
                     "deal runs; a fixed one once")


#: what an amount's twin in the deal's own currency adds to its header: Exact's "Bedrag VV" (vreemde valuta)
_FOREIGN = frozenset({"vv", "fc", "valuta", "in valuta", "foreign currency", "in foreign currency", "document currency",
                      "transaction currency", "fw", "fremdwährung", "in fremdwährung", "devise", "divisa", "moeda"})


def _converted_amount(fp: FilePlan) -> None:
    """An amount in the company's currency beside its twin in the deal's own: the currency column is the twin's.

    Exact Online writes "Bedrag VV" (in the deal's currency, GBP), "Koers" and "Bedrag" (in EUR). Read with
    "Valuta" as the currency of "Bedrag", 30 deals already in euros waited for a GBP rate and had no amount.
    """
    if fp.table != "opportunities" or fp.frame is None or not {"amount", "currency"} <= set(fp.columns):
        return
    amount = V.normalise(fp.columns["amount"].header)
    # e-conomic's "Beløb" (the quote's own currency) beside "Beløb i DKK": the amount in one currency is that one
    base = next((h for h in _headers(fp.frame) if h not in _used(fp) and re.fullmatch(
        rf"{re.escape(amount)} (?:i|in|en|em) ({'|'.join(c.lower() for c in sorted(CURRENCIES))})", V.normalise(h))),
        None)
    if base is not None:
        own = fp.columns["amount"].header
        fp.columns["amount"] = ColumnGuess("amount", base, "values", "the amount in one currency for every deal")
        cur = fp.columns.pop("currency").header
        fp.review.append(f"amount ← {base!r}, every deal in one currency; {own!r} and {cur!r} are each deal's own")
        return
    twin = next((h for h in _headers(fp.frame) if (n := V.normalise(h)).startswith(amount + " ")
                 and n[len(amount) + 1:] in _FOREIGN), None)
    if twin is None:
        return
    cur = fp.columns.pop("currency").header
    fp.review.append(f"amount ← {fp.columns['amount'].header!r}, in the company's currency beside {twin!r} in the "
                     f"deal's own: {cur!r} is the currency of {twin!r}, not used")


#: a case's time to resolution in a unit its header names ("Resolution time (in hrs)", Freshdesk's); a chat's
#: length, which ends it (LiveChat's archive: "chat duration (sec)", and no closing time)
_RESOLUTION = r"^(full )?(resolution|resolve|time to resolution|time to resolve|oplostijd|lösungszeit)( time)?\b|" \
              r"^(chat duration|chat length|chatdauer|dauer des chats|chatduur|duur van de chat|chatvarighed)\b"
_UNITS = ((r"\b(hrs?|hours?|uur|uren|stunden|std)\b", 1.0), (r"\b(mins?|minutes?|minuten)\b", 1 / 60),
          (r"\b(secs?|seconds?|sekunden|seconden)\b", 1 / 3600))


def _resolution_time(fp: FilePlan) -> None:
    """A case file without a closing time whose resolution time, in a unit its header names, gives it."""
    if fp.table != "cases" or fp.frame is None or "closed_at" in fp.columns or "resolution_hours" in fp.derived:
        return
    for h in (h for h in _headers(fp.frame) if h not in _used(fp)):
        n = V.normalise(h)
        unit = next((f for pat, f in _UNITS if re.search(pat, n)), None)
        if re.match(_RESOLUTION, n) and unit is not None and parse_numbers(fp.frame[h].head(2000))[1].mean() < 0.05:
            fp.derived["resolution_hours"] = {"from": h, "scale": round(unit, 10)}
            fp.review.append(f"closed_at ← {h!r}: the case's opening time plus its resolution time")
            return


#: a subscription whose first payment never went through (Stripe): it never started
_NEVER_STARTED = frozenset({"incomplete", "incomplete_expired", "incomplete expired",
                            "pending"})        # Mollie: its first payment, and the mandate, still to come


#: a record the CRM deleted (Pipedrive's API status "deleted"): kept in an export, it is no deal, lead or case
_DELETED = frozenset({"deleted", "gelöscht", "geloescht", "verwijderd", "slettet", "raderad", "supprimé", "eliminado",
                      "excluído", "eliminato", "usunięty",
                      # a quote's older version, replaced by its newer one (Exact Online's "Herzien"): no deal
                      "herzien", "revised", "superseded", "überarbeitet", "ersetzt", "revideret"})


def _deleted_records(fp: FilePlan) -> None:
    """Records whose status says the CRM deleted them are left out (rows excluded, counted per file).

    Read as "open" by the status's default, 36 deleted deals of an API export stood in October's open pipeline.
    """
    if fp.frame is None or fp.where or "status" not in fp.columns:
        return
    # a vendor that says what its deleted records are (Pipedrive's built-in reads "deleted" as lost) decides
    own = fp.rec.obj.extra_values.get("status", {}) if fp.rec and fp.rec.obj else {}
    _leave_out(fp, _status_words(fp, _DELETED - {str(k).casefold() for k in own}, placed=fp.columns["status"].header),
               "were deleted in the CRM, or replaced by a newer version")


#: a column that flags the records the CRM deleted: Salesforce's "IsDeleted" (Data Loader's "Export All"), a
#: warehouse's "is_deleted"
_DELETED_FLAG = r"^(is ?deleted|deleted|is deleted|deleted flag|gelöscht|gelöscht\?|verwijderd|slettet)$"


#: a column that flags the messages a help desk filed as spam
_SPAM_FLAG = r"^(is ?spam|spam|marked as spam)$"


def _deleted_flag(fp: FilePlan) -> None:
    """Records a deleted flag marks true are left out, when it marks some records and not all.

    Salesforce's "Export All" keeps the deleted records beside the rest with ISDELETED true: three deleted copies
    of deals won in October made 31 won deals of 28.
    """
    if fp.frame is None or fp.where:
        return
    # HubSpot's API marks the deals in its recycle bin "archived": true (elsewhere an archived deal may be a lost one)
    flag = _DELETED_FLAG[:-2] + "|archived)$" if fp.rec and fp.rec.obj and fp.rec.obj.vendor == "hubspot" \
        else _DELETED_FLAG
    flags = [(flag, "were deleted in the CRM")]
    if fp.table == "cases":      # a help desk's spam flag (Gorgias' "spam" true): a message filed as spam was no case
        flags.append((_SPAM_FLAG, "are spam, never a case"))
    for pattern, why in flags:
        h = next((h for h in _headers(fp.frame) if re.search(pattern, V.normalise(h).replace("_", " "))), None)
        if h is None:
            continue
        text = clean_text(fp.frame[h]).str.strip()
        yes = parse_bools(text)[0].eq(True).fillna(False).astype(bool)
        if yes.any():
            _leave_out(fp, (h, sorted(set(text[yes])), int(yes.sum()), not yes.all()), why)
            return


#: a file of orders by its name: an order is a deal won when it is placed
_ORDER_FILE = r"\b(orders?|bestellungen|bestellung|bestellingen|ordrer|commandes?|pedidos?|ordini|aufträge|auftraege|" \
              r"auftrag|verkooporders?)\b"       # bexio's "Aufträge", written "Auftraege" in its file name


def _order_file(fp: FilePlan) -> bool:
    """A file of deals that its name calls orders (:data:`_ORDER_FILE`)."""
    return fp.table == "opportunities" and fp.frame is not None \
        and bool(re.search(_ORDER_FILE, V.normalise(fp.path.stem).replace("_", " ")))


def _order_closes_when_placed(fp: FilePlan) -> None:
    """An orders file whose only date is the order's: placed and won on that day (its creation and close date).

    Keap's order export has "Order Date" and "Pay Status" (Paid, Unpaid) and no paid date: read as deals
    created then and never closed, none of October's 37 paid orders had a month and revenue read nothing. A
    Danish order list's "Ordredato", read as the close date, left the orders without a creation.
    """
    if not _order_file(fp):
        return
    if "close_date" in fp.columns and not {"created_at", "won_at", "closed_at"} & set(fp.columns):
        # a Danish order list's "Ordredato" taken as its close date: the order was placed that day too; without it
        # the orders had no creation and read as a pipeline of deals never opened
        h = fp.columns["close_date"].header
        fp.columns["created_at"] = ColumnGuess("created_at", h, "values", "an order is placed when it is won")
        fp.review.append(f"created_at ← {h!r}: an order is placed and won on its date")
        return
    if "created_at" not in fp.columns or {"close_date", "won_at", "closed_at"} & set(fp.columns):
        return
    h = fp.columns["created_at"].header
    fp.columns["close_date"] = ColumnGuess("close_date", h, "values", "an order is won when it is placed")
    fp.review.append(f"close_date ← {h!r}: an order is won when it is placed; map its paid date if the export has one")


#: a status of an order that is no order yet: a draft
_DRAFT_WORDS = frozenset({"draft", "entwurf", "concept", "brouillon", "borrador", "bozza", "kladde", "rascunho",
                          "utkast"})
#: the header of an order's payment, not of the order: Keap's "Pay Status", Shopify's "Financial Status" (Unpaid,
#: pending: no sale yet)
_PAYMENT_HEADER = r"pay|zahl|betaal|betal|paiement|pago|pagamento|invoice|rechnung|factu|financ"


def _orders_placed_are_won(fp: FilePlan) -> None:
    """An order's status that is neither cancelled nor a draft says how far it is delivered or invoiced: it is won.

    bexio's "Aufträge" are Offen (placed, not yet invoiced), Teilweise abgerechnet, Abgerechnet or Storniert: read
    as deals, its 18 open orders of October were a pipeline and page 1 counted 3 deals won for 21. Not for a
    payment's status (Keap's "Pay Status" Unpaid).
    """
    vals = fp.values.get("status")
    src = fp.columns.get("status")
    if not _order_file(fp) or not vals or src is None or re.search(_PAYMENT_HEADER, V.normalise(src.header)) \
            or "won" not in vals.values():
        return
    placed = [w for w, v in vals.items() if v == "open" and w != "*" and _bare(w) not in _DRAFT_WORDS]
    placed += [str(w) for w in clean_text(fp.frame[src.header]).dropna().unique()
               if str(w) not in vals and _bare(str(w)) not in _DRAFT_WORDS]
    if placed:
        vals.update({w: "won" for w in placed})
        fp.review[:] = [r for r in fp.review if not (r.startswith("status: ") and "read as open (no word" in r)]
        fp.review.append(f"status: {', '.join(map(repr, placed[:6]))} read as won: an order placed is a deal won, "
                         "whether or not it is invoiced yet")


#: a refund column's header (Keap's "Refund Status")
_REFUND_HEADER = r"refund|erstatt|terugbetaal|rembours|reembols|rimbors"
#: a refund column's words for an order refunded in full (a part refunded leaves a sale)
_REFUNDED = frozenset({"refunded", "fully refunded", "full refund", "terugbetaald", "volledig terugbetaald",
                       "erstattet", "vollständig erstattet", "remboursé", "reembolsado", "rimborsato", "refunderet"})


def _refunded_orders(fp: FilePlan) -> None:
    """Orders a refund column says were refunded in full are left out: paid, then paid back, no sale.

    Keap's "Refund Status" (Fully Refunded, Partially Refunded) beside its "Pay Status" Paid: 6 refunded
    October orders stood in its revenue (48,517.60 for 43,071.10).
    """
    if fp.table != "opportunities" or fp.frame is None or fp.where:
        return
    _leave_out(fp, _status_words(fp, _REFUNDED, header=_REFUND_HEADER), "were paid back")


def _never_started(fp: FilePlan) -> None:
    """Stripe's "incomplete_expired" subscriptions left out: their first payment failed, so none of them began.

    Read as subscriptions, two of them counted among October's 18 new ones (16) and €178 of MRR.
    """
    if fp.table != "contracts" or fp.frame is None:
        return
    _leave_out(fp, _status_words(fp, _NEVER_STARTED), "never started (their first payment failed)")


#: a subscription file's status header: Stripe's "Status", Recurly's "state"
_STATUS_HEADER = r"\b(status|state)$"


def _status_words(fp: FilePlan, words: frozenset[str], *, placed: str | None = None, header: str = _STATUS_HEADER
                  ) -> tuple[str, list[str], int, bool] | None:
    """The first unplaced column named as *header* says that holds some of *words*, or the *placed* one; else None.

    As (its header, those of its values, the rows with them, whether other records are left: other values or
    none).
    """
    heads = [placed] if placed else [x for x in _headers(fp.frame) if x not in _used(fp)
                                     and re.search(header, V.normalise(x))]
    for h in heads:
        vals = clean_text(fp.frame[h]).str.strip()
        hit = sorted({v for v in set(vals.dropna()) if v.casefold() in words})
        if hit:
            n = int(vals.isin(hit).sum())
            return h, hit, n, n < len(vals)
    return None


def _leave_out(fp: FilePlan, found: tuple[str, list[str], int, bool] | None, why: str) -> None:
    """The records whose column holds the values *found* are left out (the draft's filter), *why* said to review.

    Not where every record holds them: a file of those alone is for the consultant to look at.
    """
    if found is None or not found[3]:
        return
    h, gone, n, _ = found
    fp.where = {"column": h, "not": gone}
    fp.review.append(f"where: the {n:,} records whose {h!r} is {' / '.join(gone)} {why}: left out")


def _mrr_from_price(fp: FilePlan) -> None:
    """A subscription file without an MRR column: its price per billing interval (Stripe's Amount and Interval)."""
    if fp.table != "contracts" or fp.frame is None or "mrr" in fp.columns:
        return
    heads = {V.normalise(h): h for h in _headers(fp.frame) if h not in _used(fp)}
    # a price's currency or unit in parentheses is no part of its name: Twikey's "Bedrag (€)", "Pris (kr.)"
    heads = {**{re.sub(r"\s*\([^)]*\)$", "", n): h for n, h in heads.items()}, **heads}
    price = next((heads[w] for w in _PRICE_WORDS if w in heads), None)

    def says_interval(h: str) -> bool:
        seen = clean_text(fp.frame[h].head(2000)).dropna()
        # an interval's word, or a count of them (Mollie's "3 months", "14 days")
        return bool(len(seen)) and interval_months(seen).notna().mean() > 0.9
    # GoCardless writes the count ("interval": 1) beside the unit ("interval_unit": yearly): the one of words
    per = next((heads[w] for w in _INTERVAL_WORDS if w in heads and says_interval(heads[w])), None)
    pers = [h for h in (per, _plan_interval(fp, heads, per) if price is not None else None) if h]
    if price is not None and pers:
        # one column, or the interval's where it says one and the plan's name where it does not (Chargebee)
        fp.derived["mrr"] = {"from": price, "per": pers if len(pers) > 1 else pers[0]}
        seats = next((heads[w] for w in _SEAT_WORDS if w in heads), None)
        if seats is not None and _whole_amount(fp, heads, price, seats):
            seats = None
        if seats is not None:
            # Stripe's Amount is the price of one seat: 5 seats of €129 a month are €645 of MRR
            fp.derived["mrr"]["times"] = seats
        add_ons = next((h for n, h in heads.items() if re.fullmatch(_ADD_ON_TOTAL, n)), None)
        if add_ons is not None and parse_numbers(clean_text(fp.frame[add_ons].head(2000)).dropna())[1].sum() == 0:
            # Recurly's "add_ons_total" (the add-ons of a billing period) is no part of its "unit_amount": left
            # out, October's MRR read €109,081 for €119,803
            fp.derived["mrr"]["plus"] = add_ons
        _unpaid(fp)
        every = next((heads[w] for w in _EVERY_WORDS if w in heads and heads[w] != per), None)
        filled = clean_text(fp.frame[every].head(2000)).dropna() if every is not None else pd.Series(dtype="string")
        if len(filled) and parse_numbers(filled)[0].notna().mean() > 0.9:
            # GoCardless bills £75 "every 3" months: £25 a month, not £75
            fp.derived["mrr"]["every"] = every
        _price_in_cents(fp, price)
        _tax_in_total(fp, heads, price)
        fp.review.append(f"mrr ← {price!r} per {' or '.join(map(repr, _as_list(fp.derived['mrr']['per'])))}"
                         + (f" times {seats!r}" if seats else "")
                         + (f" plus {fp.derived['mrr']['plus']!r}" if "plus" in fp.derived["mrr"] else "") + ": each "
                         "subscription's price per billing interval as a monthly amount (a year's is a twelfth)"
                         + ("; check that the price is per seat" if seats else
                            "; check that the price is not per seat"))


#: a column of the tax in a total: WooCommerce's "order_tax", "Tax", "VAT", "BTW", "MwSt", "Moms"
_TAX_WORDS = r"^(order |total |line )?(tax|vat|btw|mwst|ust|moms|iva|tva)( total| amount| bedrag| betrag| beløb)?$"


#: the words of an amount before tax ("Total exkl. MWST", "Totaal excl. btw", "Montant HT")
_NET_WORDS = r"\b(excl|ex|exkl|ekskl|excluding|netto|net|zonder|ohne|uden|ht|hors taxes?|before tax)\b"


def _tax_in_total(fp: FilePlan, heads: dict[str, str], price: str) -> None:
    """A subscription's total with its tax beside it: MRR is the total less the tax.

    WooCommerce's "order_total" holds 19 % VAT and its "order_tax" says how much: read whole, MRR was 5,420.18
    for 4,602.67.
    """
    name = V.normalise(price)
    # Moneybird's "Totaal excl. btw" beside its "Btw" is without it already
    if not re.search(r"total|totaal", name) or re.search(_NET_WORDS, name):
        return
    tax = next((h for n, h in heads.items() if h != price and re.match(_TAX_WORDS, n)), None)
    if tax is not None:
        fp.derived["mrr"]["less"] = tax
        fp.review.append(f"mrr ← {price!r} less {tax!r}: the total holds its tax; MRR is counted without it")


#: Stripe's object ids ("sub_1QAtrLZu…", "cus_uT5b…"): an export of its API's records, whose amounts are in cents
_STRIPE_ID = r"^(?:sub|si|cus|price|plan|prod|in)_[A-Za-z0-9]{8,}$"


def _price_in_cents(fp: FilePlan, price: str) -> None:
    """A price written as the API writes it, in cents: whole numbers without a decimal point, hundreds of them.

    A Stripe export made from its API ("Plan Amount" 4900 for €49, ids "sub_…") read every subscription at a
    hundred times its MRR. Only where the header says cents, or the ids are Stripe's and every price is a
    plain number of whole hundreds (the dashboard writes "49.00").
    """
    text = clean_text(fp.frame[price].head(2000)).dropna().str.strip()
    num = pd.to_numeric(text.where(text.str.fullmatch(r"\d+")), errors="coerce")
    if not len(text) or num.isna().any():
        return
    said = re.search(r"cent|minor", V.normalise(price)) is not None
    # an empty column (no subscription cancelled yet) has no share of ids: its mean is NA, no number
    stripe = any(bool(col.str.match(_STRIPE_ID).fillna(False).mean() > 0.9)
                 for col in (clean_text(fp.frame[h].head(200)).dropna() for h in _headers(fp.frame)) if len(col))
    paid = num[num > 0]
    if said or (stripe and len(paid) and (paid % 100 == 0).mean() > 0.9 and paid.median() >= 500):
        fp.derived["mrr"]["scale"] = 0.01
        fp.review.append(f"mrr ← {price!r}: in cents ({int(paid.iloc[0]) if len(paid) else 0} is "
                         f"{(paid.iloc[0] if len(paid) else 0) / 100:,.2f}), as an API writes it: read as a hundredth; "
                         "remove the scale if it is not")


#: a subscription's price of one seat, beside an amount that may be of all of them
_UNIT_PRICE_WORDS = ("plan price", "unit price", "plan unit price", "unit amount", "price per unit", "price",
                     "prijs per eenheid", "stückpreis", "enhedspris")


def _whole_amount(fp: FilePlan, heads: dict[str, str], price: str, seats: str) -> bool:
    """Whether *price* is the whole subscription's, not one seat's: it differs from a unit price beside it.

    Zoho Billing writes "Plan Price" 79 × "Quantity" 2 plus add-ons as "Amount" 218: times the quantity again,
    its MRR read £90,953 for £39,908. Where the subscriptions of more than one seat mostly show the unit price
    as their amount, it is per seat (Stripe's).
    """
    unit = next((heads[w] for w in _UNIT_PRICE_WORDS if w in heads and heads[w] != price), None)
    if unit is None:
        return False
    rows = fp.frame.head(5000)
    amount, each = parse_numbers(rows[price])[0], parse_numbers(rows[unit])[0]
    many = parse_numbers(rows[seats])[0].gt(1) & amount.notna() & each.notna()
    return bool(many.any()) and float((amount[many] - each[many]).abs().lt(0.005).mean()) < 0.5


#: a column naming a subscription's plan, whose names may carry its billing interval ("pro-annual")
_PLAN_WORDS = ("plan code", "plan", "plan id", "plan name", "item price id", "price id", "product", "plan nickname",
               "abonnement", "tarif", "plan naam", "variant name", "variant")      # Lemon Squeezy's "Pro Monthly"


#: a subscription's status while it pays nothing: in its trial (Stripe's "trialing", Chargebee's "in_trial") or paused
#: (Maxio's "on_hold"), or unpaid once the retries of a failed payment ran out (Stripe's "unpaid", not its "past_due",
#: which is still being retried) or before its first payment ("incomplete")
_UNPAID = frozenset({"trialing", "in_trial", "in trial", "trial", "on trial", "free trial", "paused", "pause",
                     "incomplete",
                     "wc-on-hold", "on_trial",                              # WooCommerce's, Lemon Squeezy's
                     "suspended", "on_hold", "on hold", "proefperiode", "gepauzeerd", "testphase", "pausiert",
                     "prøveperiode", "sat på pause", "geschorst", "opgeschort", "ausgesetzt", "suspenderet"})


#: a subscription's status once it has ended: cancelled, expired, or its fixed number of payments made (Mollie's
#: "completed")
_ENDED = frozenset({"expired", "completed", "ended", "cancelled", "canceled", "terminated", "churned", "wc-expired",
                    "wc-cancelled", "verlopen", "beëindigd", "afgelopen", "gestopt", "opgezegd", "abgelaufen",
                    "beendet", "gekündigt", "storniert", "udløbet", "ophørt", "opsagt", "avslutad", "utgången"})


def _ended_undated(fp: FilePlan) -> None:
    """Subscriptions whose status says they ended where no end date does: ended at their last change, else unpaid.

    Recharge writes no date for an EXPIRED subscription, Mollie none for a "completed" one: read as running, they
    stayed in MRR for good (Mollie €16,980 for €16,052). With a last-changed date that is their end; without one
    they pay nothing (their MRR is 0, as a trial's), when they stopped being unknown.
    """
    if fp.table != "contracts" or fp.frame is None:
        return
    found = _status_words(fp, _ENDED)
    if found is None:
        return
    h = found[0]
    status = clean_text(fp.frame[h]).str.strip()
    end = fp.columns.get("end_date")
    no_end = pd.Series(True, index=fp.frame.index) if end is None else \
        pd.concat([clean_text(fp.frame[x]).isna() for x in (end.header, *end.also)], axis=1).all(axis=1)
    words = sorted(set(status[no_end & status.isin(found[1])].dropna()))
    if not words:
        return
    n = int((no_end & status.isin(words)).sum())
    if "modified_at" in fp.columns:
        last = fp.columns["modified_at"].header
        fp.derived["end_date"] = {"from": last, "only_where": {"column": h, "equals": words}}
        fp.review.append(f"end_date ← {last!r} where {h!r} is {' / '.join(words)} and no end date is given "
                         f"({n:,} subscriptions): ended at their last change")
    elif "mrr" in fp.derived:
        zero = fp.derived["mrr"].setdefault("zero_where", {"column": h, "equals": []})
        if zero["column"] == h:
            zero["equals"] = [*zero["equals"], *words]
            fp.review.append(f"mrr is 0 where {h!r} is {' / '.join(words)} ({n:,} subscriptions): they ended, "
                             "when the export does not say")


#: a subscription whose payment failed and is being retried (it still counts), and the words of the stage after it
_RETRYING = frozenset({"past_due", "past due", "overdue", "achterstallig", "überfällig", "forfalden"})
_AFTER_RETRIES = frozenset({"unpaid", "onbetaald", "unbezahlt", "ubetalt", "obetald"})


def _unpaid(fp: FilePlan) -> None:
    """The status column's words of a subscription that pays nothing yet or for now: its MRR is 0 on those rows."""
    # "unpaid" pays nothing where it is the stage after a payment's retries ("past_due", Stripe's); where no such
    # stage is written it is the overdue subscription still counted (Zoho Billing's "Unpaid")
    retried = _status_words(fp, _RETRYING) is not None
    found = _status_words(fp, _UNPAID | _AFTER_RETRIES if retried else _UNPAID)
    if found is not None:
        h, unpaid, n, _ = found
        fp.derived["mrr"]["zero_where"] = {"column": h, "equals": unpaid}
        fp.review.append(f"mrr is 0 where {h!r} is {' / '.join(unpaid)} ({n:,} subscriptions): they pay nothing in "
                         "a trial or a pause")


def _plan_interval(fp: FilePlan, heads: dict[str, str], per: str | None) -> str | None:
    """The plan column whose names say a billing interval (Recurly's "pro-annual") where the interval column does not.

    Only where nearly every plan name of a subscription without an interval says it: a plan column of "Pro"
    and "Basic" leaves the MRR to the reviewer. Chargebee fills "Billing Period Unit" for some plans only.
    """
    rows = fp.frame.head(2000)
    if per is not None:
        rows = rows[clean_text(rows[per]).isna()]
    for w in (w for w in _PLAN_WORDS if w in heads):
        seen = clean_text(rows[heads[w]]).dropna()
        if len(seen) and interval_months(seen).notna().mean() > 0.9:
            fp.review.append(f"the billing interval ← the plan's name in {heads[w]!r} (\"{seen.iloc[0]}\")")
            return heads[w]
    return None


_HOURS = r"^(duration|call duration|meeting duration|duur|dauer|varighed) ?(hours?|hrs?|h|uren|uur|stunden|timer)$"
_MINUTES = r"^(duration|call duration|meeting duration|duur|dauer|varighed) ?(minutes?|mins?|m|minuten|minutter)$"


def _cents_written_as_units(fp: FilePlan) -> None:
    """A vendor's amounts in cents (Chargebee's API: "mrr" 4500 is 45.00) written with decimals: they are units.

    Chargebee's export of "subscription[mrr]" 232.00 read as cents made a MRR of 1,648 for 163,258.
    """
    own = fp.rec.obj.extra.get("scale", {}) if fp.rec and fp.rec.obj else {}
    for canon, factor in own.items():
        if factor != 0.01 or canon not in fp.columns or fp.frame is None:
            continue
        seen = clean_text(fp.frame[fp.columns[canon].header].head(2000)).dropna()
        if len(seen) and seen.str.fullmatch(r"-?\d+[.,]\d{1,2}").mean() > 0.5:
            fp.scale[canon] = 1.0
            fp.review.append(f"{canon} ← {fp.columns[canon].header!r}: written with decimals ({seen.iloc[0]}), so in "
                             "units of the currency, not the cents the vendor's API writes")


_RATE_WORDS = ("exchange rate", "fx rate", "wechselkurs", "wisselkoers", "taux de change", "tipo de cambio",
               "taxa de câmbio", "tasso di cambio", "valutakurs", "kurs")


def _rate_beside_currency(fp: FilePlan) -> None:
    """Subscriptions in several currencies beside each one's exchange rate into the company's: the MRR converted.

    Zoho Billing writes "Exchange Rate" on each subscription (1 for its base currency's): read without it, its 228
    subscriptions in USD had no MRR and October's MRR was left undefined.
    """
    d = fp.derived.get("mrr")
    if fp.table != "contracts" or not d or "times" in d or "currency" not in fp.columns:
        return
    rate = next((h for h in _headers(fp.frame) if V.normalise(h) in _RATE_WORDS and h not in _used(fp)), None)
    if rate is None:
        return
    cur = currency_codes(fp.frame[fp.columns["currency"].header])
    r = parse_numbers(clean_text(fp.frame[rate]))[0]
    base = cur[r == 1].dropna()
    if cur.nunique() < 2 or base.nunique() != 1 or r[cur.notna()].isna().mean() > 0.05:
        return
    d["times"] = rate
    head = fp.columns.pop("currency").header
    fp.currency = str(base.iloc[0])
    fp.review.append(f"mrr × {rate!r}: each subscription's price converted into {fp.currency} (its rate 1), the "
                     f"currency in {head!r} left out")


def _form_leads_beside_conversions(fp: FilePlan) -> None:
    """An ad report's "Leads" beside its "Conversions": LinkedIn's lead-form leads and its website conversions, summed.

    LinkedIn counts a lead-gen form's submissions in "Leads" and the Insight Tag's website conversions in
    "Conversions", two kinds of event: read from "Conversions" alone, a German account's 95 leads of October were 7.
    """
    if fp.table != "marketing_spend" or fp.frame is None or "conversions" not in fp.columns:
        return
    conv = fp.columns["conversions"].header
    leads = next((h for h in _headers(fp.frame) if V.normalise(h) == "leads" and h != conv), None)
    if leads is None or V.normalise(conv) not in ("conversions", "konversionen", "conversies", "konverteringer"):
        return
    fp.columns.pop("conversions")
    fp.derived["conversions"] = {"sum": {conv: 1, leads: 1}}
    fp.review.append(f"conversions ← {conv!r} + {leads!r}: the website's conversions and the lead forms' leads, "
                     "two kinds of event")


def _duration_parts(fp: FilePlan) -> None:
    """A duration split over an hours and a minutes column (SugarCRM's and SuiteCRM's calls): the two summed.

    Read from the minutes alone, a call of 1 h 25 was 25 minutes.
    """
    if fp.table != "activities" or fp.frame is None:
        return
    heads = {V.normalise(h): h for h in _headers(fp.frame)}
    hours = next((h for n, h in heads.items() if re.match(_HOURS, n)), None)
    minutes = next((h for n, h in heads.items() if re.match(_MINUTES, n)), None)
    if hours is None or minutes is None:
        return
    fp.columns.pop("duration_min", None)
    fp.review = [r for r in fp.review if not r.startswith("duration_min ←")]     # the one column it was taken for
    fp.derived["duration_min"] = {"sum": {hours: 60, minutes: 1}}
    fp.review.append(f"duration_min ← {hours!r} × 60 + {minutes!r}: the duration is split over the two")


_YEAR_WORDS = {"year", "fiscal year", "financial year", "boekjaar", "jaar", "geschäftsjahr", "jahr", "år",
               "regnskabsår", "année", "exercice", "año", "ano", "anno"}
_PERIOD_WORDS = {"period", "month", "periode", "maand", "monat", "mois", "mes", "mês", "mese", "måned", "periodo"}


def _year_and_period(fp: FilePlan) -> None:
    """A month written as a year column and a period number (1-12) beside it, as accounting exports write it.

    Exact's and AFAS's "Boekjaar" and "Periode": without them, 34 months of revenue were undated.
    """
    if fp.frame is None or "month" in fp.columns or "month" not in mappable_columns(fp.table or ""):
        return
    heads = {V.normalise(h): h for h in _headers(fp.frame) if h not in _used(fp)}

    def ints(h: str) -> pd.Series:
        return parse_numbers(fp.frame[h].head(5000))[0].dropna()
    year = next((h for n, h in heads.items() if n in _YEAR_WORDS and ints(h).between(1990, 2100).all()), None)
    period = next((h for n, h in heads.items() if n in _PERIOD_WORDS and len(v := ints(h))
                   and v.between(1, 12).all() and (v == v.round()).all()), None)
    if year is None or period is None:
        return
    fp.derived["month"] = {"year_month": [year, period]}
    fp.review = [r for r in fp.review if not r.startswith(f"{period!r} looks like month")]
    fp.review.append(f"month ← {year!r} and {period!r}: the year and the month's number")


def _type_values(fp: FilePlan) -> None:
    if fp.table != "activities" or "type" not in fp.columns or fp.frame is None:
        return
    words = V.value_words("activity_type")
    seen = pd.Series(_values_read(fp, "type"), dtype="string")
    if len(seen) and seen.str.lower().isin(list(words)).mean() < 0.5:
        # HubSpot's meetings file: its "Call and meeting type" (Discovery, Check-in, Demo …) is a kind of meeting;
        # read as the activity's type, nearly every meeting was "other" and page 1 had no card
        guess = fp.columns.pop("type")
        _type_from_file_name(fp)
        # Talkdesk's "Call Type" (inbound, outbound, missed, abandoned), no kind of activity, says whether it was
        # answered: the done column is looked for again now that it is free
        _completed_by_values(fp)
        if fp.constants.get("type"):
            fp.review.append(f"type: every row is a {fp.constants['type']}, as the file's name says; "
                             f"{guess.header!r} ({', '.join(map(repr, seen[:3]))} …) says which kind")
            return
        fp.columns.setdefault("type", guess)
    fp.values["type"] = {**{v: words[v.lower()] for v in seen if v.lower() in words}, "*": "other"}
    unknown = [v for v in seen if v.lower() not in words]
    by_word = {v: k for v in unknown if (k := _type_by_word(v, words))}
    if "duration_min" in fp.columns:        # Kixie's "Incoming", "Outgoing" beside "Outgoing SMS": a call's way alone
        ways = V.value_words("direction")
        by_word |= {v: "call" for v in unknown if v not in by_word and v.strip().casefold() in ways}
    if by_word:
        fp.values["type"] = {**{k: v for k, v in fp.values["type"].items() if k != "*"}, **by_word, "*": "other"}
        unknown = [v for v in unknown if v not in by_word]
        fp.review.append("type: " + ", ".join(f"{v!r} read as {k}" for v, k in list(by_word.items())[:8])
                         + " by a word in it (an e-mail that came in, or one between colleagues, is no e-mail sent "
                           "or meeting with a customer); check")
    if unknown:
        fp.review.append(f"type: {', '.join(map(repr, unknown[:8]))} read as other; map calls, meetings or visits")


def _type_by_word(value: str, words: dict[str, str]) -> str | None:
    """An activity's kind told by one word of its type among others: SuperOffice's "Telefon - ud" is a call.

    Its other words may say which way it went: an e-mail that came in ("E-mail - ind") was not sent, and a meeting
    or call between colleagues ("Møde (intern)") was with no customer; both are kept as other. A value with words
    of two kinds, or none, says nothing.
    """
    tokens = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", value.casefold())
    kinds = {words[t] for t in tokens if words.get(t) not in (None, "other")}
    if len(kinds) != 1:
        return None
    kind = kinds.pop()
    ways = {V.value_words("direction").get(t) for t in tokens}
    return "other" if "internal" in ways or (kind == "email" and "incoming" in ways) else kind


#: Meta's results of each campaign's objective, and the column that says in which unit each row's are counted
_RESULTS = r"results?|ergebnisse|resultaten|resultater|resultat|résultats|resultados|risultati"
_RESULT_KIND = r"results? (indicator|type)|ergebnisindikator|resultaatindicator|resultatindikator|" \
               r"indicateur de résultats|indicador de resultados|indicatore dei risultati|indicador de resultado"
#: Meta's own count of a campaign's leads, whatever its objective: "Leads", in French "Prospects"
_META_LEADS = ("leads", "prospects", "lead", "leads (formulaire)", "clientes potenciales")
#: a result indicator that is a conversion (Meta's "actions:offsite_conversion.fb_pixel_purchase",
#: "actions:onsite_conversion.lead_grouped"), not reach or a click
_CONVERTING = r"lead|purchase|conversion|registration|subscribe|checkout"


def _results_of_mixed_objectives(fp: FilePlan) -> None:
    """Meta's "Results" beside its "Result indicator": each campaign's results in the unit of its objective.

    Link clicks, reach and leads summed as conversions read 168,310 conversions for 10,576 clicks. With more than
    one kind of result they are no one number: left out, for the consultant to map a column of conversions.
    """
    if fp.table != "marketing_spend" or "conversions" not in fp.columns:
        return
    # X's own "Conversions" beside its "Results" of each objective is one kind of result
    if not re.fullmatch(_RESULTS, V.normalise(fp.columns["conversions"].header)):
        return
    kind = next((h for h in _headers(fp.frame) if re.fullmatch(_RESULT_KIND, V.normalise(h))), None)
    kinds = clean_text(fp.frame[kind]).dropna().unique() if kind else []
    if len(kinds) > 1:
        head = fp.columns.pop("conversions").header
        leads = next((h for h in _headers(fp.frame) if V.normalise(h) in _META_LEADS), None)
        if leads is not None:
            # French Meta's "Prospects" beside "Résultats" of reach, clicks and leads: the leads of every campaign
            fp.columns["conversions"] = ColumnGuess("conversions", leads, "word", "the leads of every campaign")
            fp.review.append(f"conversions ← {leads!r}: {head!r} counts each campaign's result as its objective sets "
                             f"it ({kind!r}), {leads!r} the leads of all")
            return
        said = ", ".join(sorted(map(str, kinds))[:4])
        wins = sorted(str(k) for k in kinds if re.search(_CONVERTING, str(k).casefold()))
        if wins:
            # a lead or a purchase is a conversion whatever the campaign's objective: those rows' results are
            fp.derived["conversions"] = {"from": head, "only_where": {"column": kind, "equals": wins}}
            fp.review.append(f"conversions ← {head!r} where {kind!r} is a lead or a purchase ({', '.join(wins)}); "
                             f"its other results (reach, link clicks) are no conversions")
            return
        fp.review.append(f"conversions: {head!r} counts each campaign's result as its objective sets it ({kind!r}: "
                         f"{said}): not one kind of result, so not used")


#: of a file of calls alone, a twentieth of them longer than this many minutes says its durations are seconds
LONG_CALL_MINUTES = 120


def _long_calls(fp: FilePlan, durations: pd.Series) -> bool:
    """Whether a file of calls alone has durations no call in minutes has: one in twenty of more than two hours.

    Outreach's dialer: most calls unanswered after 15–35 seconds (a typical 34), the connected ones minutes long:
    read as minutes, October held 632 hours of talk for 13.
    """
    calls = fp.constants.get("type") == "call" or (
        "type" in fp.columns and fp.values.get("type") and set(fp.values["type"].values()) <= {"call"})
    return bool(calls) and len(durations) >= 20 and durations.quantile(0.95) > LONG_CALL_MINUTES


#: a header of a customer's name (with :data:`_COMPANY_WORDS`): where a customer number is blank, the customer by
#: name (Moneybird's "Contact")
_CUSTOMER_NAME = r"^(contact|customer|customer name|klant|klantnaam|kunde|kundenname|kunde navn|client)$"


def _account_by_name_too(fp: FilePlan) -> None:
    """A subscription's customer number left blank beside its customer's name: the name, where the number is blank.

    Moneybird's recurring invoices: "Klantnummer" blank for 9 contacts whose "Contact" is filled; a subscription
    must name its customer, so the 9 were rejected and their MRR was missing.
    """
    if fp.table != "contracts" or "account_id" not in fp.columns or fp.columns["account_id"].also:
        return
    own = clean_text(fp.frame[fp.columns["account_id"].header])
    if own.notna().all():
        return
    for h in (h for h in _headers(fp.frame) if h not in _used(fp)
              and re.search(f"{_CUSTOMER_NAME}|{_COMPANY_WORDS}", V.normalise(h))):
        if clean_text(fp.frame[h])[own.isna()].notna().all():
            fp.columns["account_id"] = replace(fp.columns["account_id"], also=(h,))
            fp.review.append(f"account_id ← {h!r} where {fp.columns['account_id'].header!r} is blank "
                             f"({int(own.isna().sum()):,} subscriptions)")
            return


def _number_hints(fp: FilePlan) -> None:
    if fp.frame is None:
        return
    _account_by_name_too(fp)
    _results_of_mixed_objectives(fp)
    if "probability" in fp.columns:
        vals, _, _ = parse_numbers(fp.frame[fp.columns["probability"].header])
        if (vals.abs() > 1).any():
            fp.scale["probability"] = 0.01
    # a call's duration (an activity's, or a call log's talk time per case), in minutes as the KPIs read it
    for canon in (c for c in ("duration_min", "talk_min") if c in fp.columns):
        head = fp.columns[canon].header
        secs, _, _ = parse_numbers(fp.frame[head])
        typical = secs[secs > 0].median()
        # a dialer writes seconds ("duration": 290); an activity of more than an hour and a half is not typical;
        # a contact centre milliseconds (Genesys' "Total Talk": 102652), a typical call of 5 hours in seconds
        if re.search(r"\bms\b|millisec", head, re.IGNORECASE) or typical > 20000:
            fp.scale[canon] = round(1 / 60000, 15)
            fp.columns[canon] = replace(fp.columns[canon], also=())
            fp.review.append(f"{canon} ← {head!r}: read as milliseconds (the typical value is {typical:g}); "
                             "change the scale if they are not")
        elif re.search(r"sec|sek|\(s\)", head, re.IGNORECASE) or typical > 90 or _long_calls(fp, secs[secs > 0]):
            fp.scale[canon] = round(1 / 60, 10)
            # the vendor's other spellings ("Call Duration" in mm:ss) are not seconds: the scale would apply to them
            fp.columns[canon] = replace(fp.columns[canon], also=())
            fp.review.append(f"{canon} ← {head!r}: read as seconds (the typical value is {typical:g}); "
                             "remove the scale if they are minutes")
    if "amount" in fp.columns:
        _net_beside_gross(fp)
        _minor_units(fp)
        _priced_per_period(fp)
        raw = clean_text(fp.frame[fp.columns["amount"].header]).dropna().head(200)
        _, _, used = parse_numbers(raw)
        fp.decimal = used
        # the amounts' own sign, read as a currency column is (values.yml): RD Station's "R$" is BRL, not the "$"
        # in it that once made Brazilian reais US dollars on page 1
        sign = raw.str.replace(_NOT_SIGN, "", regex=True)
        crown = sign.str.casefold().eq("kr")
        codes = currency_codes(sign.mask(crown, "DKK").mask(sign == ""))
        if codes.isin(CURRENCIES).mean() > 0.5:
            fp.currency, fp.crown = str(codes[codes.isin(CURRENCIES)].mode().iloc[0]), bool(crown.mean() > 0.5)
        # the currency in the header: "Beløb (DKK)", "Value ($)"
        unit = re.search(r"[(\[]\s*([A-Z]{3}|[€$£¥₽₹₺₴]|R\$)\s*[)\]]$|(?<=\w)\s+([€£¥₽₹₺₴]|R\$)$",
                         fp.columns["amount"].header.strip())
        unit = (unit.group(1) or unit.group(2)) if unit else None
        code = currency_codes(pd.Series([unit])).iloc[0] if unit else None
        if code in CURRENCIES:
            fp.currency = code
        # a report's amounts with their ISO code ("USD 1,234.00", "1.234,00 EUR")
        codes = raw.str.extract(r"^([A-Z]{3})\s|\s([A-Z]{3})$").bfill(axis=1)[0]
        codes = codes[codes.isin(CURRENCIES)]
        if len(codes) > len(raw) / 2:
            fp.currency = str(codes.mode().iloc[0])
            if codes.nunique() > 1:
                fp.review.append(f"amount: written in {codes.nunique()} currencies ({', '.join(sorted(set(codes)))}); "
                                 "map the deals' currency column, or every amount counts as "
                                 f"{fp.currency}")
    _currency_hints(fp)


def _currency_hints(fp: FilePlan) -> None:
    """The currency a currency column says most, and the rates its other currencies need."""
    if "currency" in fp.columns:
        cur = currency_codes(fp.frame[fp.columns["currency"].header]).dropna()
        if len(cur) and not cur.str.fullmatch(r"[A-Z]{3}").mean() > 0.5:
            # SugarCRM's "-99" is its id of the system currency, no code: mapped, every amount would ask a rate
            head = fp.columns.pop("currency").header
            fp.review.append(f"currency: {head!r} holds {cur.mode().iloc[0]!r}, no currency code; left out, every "
                             "amount counts in the client's currency")
        elif len(cur):
            fp.currency = str(cur.mode().iloc[0])
            others = sorted(set(cur) - {fp.currency})
            if others and _read_in_company_currency(fp):
                return
            if others:                 # without a rate their amounts are left empty
                rates = ", ".join(f"{c}: <rate into {fp.currency}>" for c in others[:4])
                rows = "subscriptions" if fp.table == "contracts" else "deals"
                fp.review.append(f"currency: {rows} in {', '.join(others)} too; add fx_rates: {{{rates}}}")


#: the header of an amount in the company's currency: HubSpot's "Amount in company currency", in Norwegian
#: "Beløp i selskapets valuta", in Swedish "Belopp i företagets valuta"; EspoCRM's "amountConverted"; Freshsales'
#: German "Betrag in Basiswährung"
_COMPANY_CURRENCY = r"\b(company|home|corporate|base|account|org(anisation|anization)?) currency\b|" \
                    r"\b(selskapets|selskabets|virksomhedens|företagets|bedrijfs|unternehmens)\s?(valuta|währung)\b|" \
                    r"\bwährung des unternehmens\b|" \
                    r"\bbasisw(?:ä|ae)hrung\b|\bbasisvaluta\b|\bdevise de base\b|\bmoneda base\b|" \
                    r"\bvaluta (?:di )?base\b|" \
                    r"^(amount|value|betrag|bedrag|importe|importo|montant|valor|beløb|monto) \(?(converted|" \
                    r"konvertiert|geconverteerd|converti|convertido|convertito|konverteret)\)?$|" \
                    r"^converted (amount|value)$"


def _read_in_company_currency(fp: FilePlan) -> bool:
    """Deals in several currencies beside their amounts converted into one: HubSpot's "Amount in company currency".

    Read in each deal's own currency, the GBP and USD deals lost their amounts for want of rates, where the
    export gives them all in the company's currency. That column becomes the amount, and the currency column,
    which says the deal's own currency, is left out.
    """
    if "amount" not in fp.columns:
        return False
    h = next((x for x in _headers(fp.frame) if x not in _used(fp) and re.search(_COMPANY_CURRENCY, V.normalise(x))
              and parse_numbers(fp.frame[x].head(500))[0].notna().any()), None)
    if h is None:
        return False
    was = fp.columns["amount"].header
    fp.columns["amount"] = ColumnGuess("amount", h, "values", "the amounts converted into the company's currency")
    head = fp.columns.pop("currency").header
    fp.review.append(f"amount ← {h!r}: the deals are in {currency_codes(fp.frame[head]).nunique()} currencies "
                     f"({head!r}); {was!r} is each in its own, {h!r} all in the company's: set currency: to it")
    return True


# an amount written for people: with thousands separators or after a currency sign ("$1,250.50", "€ 999")
_FOR_PEOPLE = r"^\D*\d{1,3}(?:[,.\s]\d{3})+(?:[.,]\d+)?\D*$|^[^\d\s-]+\s?\d"


def _minor_units(fp: FilePlan) -> None:
    """An amount in cents beside the same amount as text: Close's ``value`` 300000 with ``value_formatted`` "$3,000".

    Read as it stands, every deal was worth a hundred times its value; the formatted column says the unit.
    """
    head = fp.columns["amount"].header
    rows = fp.frame.head(2000)
    amount, _, _ = parse_numbers(rows[head])
    if amount.notna().sum() == 0 or (amount.dropna() % 1 != 0).any():
        return
    texts = [h for h in _headers(rows) if h not in _used(fp) and h != head
             and clean_text(rows[h]).dropna().str.contains(_FOR_PEOPLE, regex=True).any()]
    # the text may be of a sibling amount of the file's ("$560 monthly" is Close's "value", where the amount read is
    # its "annualized_value"): the file's money is in one unit, so any of its whole-number columns can tell it
    for h in texts:
        text = clean_text(rows[h])
        shown, _, _ = parse_numbers(text.str.extract(r"(-?\D{0,3}\d(?:[\d.,\s]*\d)?)", expand=False))
        for c in (x for x in _headers(rows) if x not in texts):
            raw = amount if c == head else parse_numbers(rows[c])[0]
            both = raw.notna() & shown.notna() & (shown != 0)
            if both.sum() >= 3 and ((raw[both] / 100 - shown[both]).abs() <= 0.5 + 0.005 * shown[both].abs()).all():
                fp.scale["amount"] = 0.01
                fp.review.append(f"amount ← {head!r}: in cents ({c!r} {int(raw[both].iloc[0])} is {h!r} "
                                 f"{text[both].iloc[0]!r}): read as a hundredth; remove the scale if it is not")
                return


def _net_beside_gross(fp: FilePlan) -> None:
    """A total placed as the amount beside the same total before tax: the one before tax.

    bexio's orders: "Total exkl. MWST", "MWST" and "Total"; read from "Total", every order counted its 8.1 % VAT.
    """
    head = fp.columns["amount"].header
    first = V.normalise(head).split()[:1]
    if re.search(_NET_WORDS, V.normalise(head)) or not first:
        return
    for h in (h for h in _headers(fp.frame) if h != head and h not in _used(fp)):
        n = V.normalise(h)
        if n.split()[:1] == first and re.search(_NET_WORDS, n) \
                and parse_numbers(fp.frame[h].head(200))[0].notna().any():
            fp.columns["amount"] = ColumnGuess("amount", h, "word", f"the amount before tax, beside {head!r}")
            fp.review.append(f"amount ← {h!r}: the total before tax, not {head!r} with it")
            return


_ONCE = {"fixed", "one time", "one-time", "once", "eenmalig", "einmalig", "engangs"}
#: an amount's header that says it is a contract's whole or yearly worth, not one period's price
_WHOLE_VALUE = r"annuali[sz]ed|annual value|contract value|\bacv\b|\btcv\b|lifetime value|gesamtvolumen|gesamtwert"


def _priced_per_period(fp: FilePlan) -> None:
    """Deals priced per month or year beside one-off ones (Capsule's "Duration Basis", Close's "value_period").

    Such a deal's amount is one period's: its revenue counts one month of a year's contract. No rule says
    whether the CRM's own reports multiply it out, so the draft says so for the consultant to decide.
    """
    # an amount already multiplied out (Close's "annualized_value": a deal of 500 a month is worth 6,000) is whole
    if fp.table != "opportunities" or re.search(_WHOLE_VALUE, V.normalise(fp.columns["amount"].header)):
        return
    words = {**V.value_words("interval"), **dict.fromkeys(_ONCE, "once")}
    for h in (x for x in _headers(fp.frame) if x not in _used(fp)):
        said = clean_text(fp.frame[h]).dropna().str.lower().str.replace("_", " ").map(words)
        per = said[said.notna() & (said != "once")]
        if len(said) and said.notna().mean() > 0.9 and len(per):
            kinds = ", ".join(sorted(set(per)))
            fp.review.append(f"amount ← {fp.columns['amount'].header!r}: {len(per):,} of {len(said):,} deals are "
                             f"priced per {kinds} ({h!r}); each counts one period's amount: map a column of their "
                             "whole value, if the export has one, where the CRM reports that")
            return


def _date_hints(fp: FilePlan) -> None:
    if fp.frame is None:
        return
    _stage_entry_dates(fp)
    _won_date_of_every_deal(fp)
    _actual_beside_expected(fp)
    _bare_date_is_creation(fp)
    _fuller_date(fp)
    orders = []
    for canon, g in fp.columns.items():
        if dtype_of(fp.table, canon) not in _DATE or canon in fp.date_format:
            continue
        _, bad, used, note = parse_dates(fp.frame[g.header].head(5000))
        # a column that reads either way (days all 12 or less) took the default order: it has no vote
        if note is None and used.startswith("%d"):
            orders.append("dmy")
        elif note is None and used.startswith("%m"):
            orders.append("mdy")
        if bad.mean() > 0.5:
            fp.review.append(f"{canon} ← {g.header!r}: most values are not dates I can read (format {used})")
    if orders:
        fp.date_order = Counter(orders).most_common(1)[0][0]


def _fuller_date(fp: FilePlan) -> None:
    """A date column mostly empty where another header of the same date is filled: that one first, it after.

    Chargebee's "subscriptions.start_date" is set only for a subscription that starts in the future; its
    "started_at" holds the start of the others: 220 of 221 subscriptions had no start and MRR was empty.
    """
    objs = [o for o in (fp.rec.obj if fp.rec else None, _generic(fp.table)) if o is not None]
    @cache
    def filled(h: str) -> int:                      # asked of a file's date columns only
        return int(clean_text(fp.frame[h]).notna().sum())

    for canon, g in list(fp.columns.items()):
        if dtype_of(fp.table, canon) not in _DATE or g.also or filled(g.header) >= len(fp.frame):
            continue
        free = [h for h in _headers(fp.frame) if h not in _used(fp)]
        short = {re.sub(rf"^({_OBJECT_WORDS.get(fp.table, '-')})s?\s+", "", V.normalise(h)): h for h in free}
        cands = {short[k] for o in objs for k, c in V.match_headers(o, list(short))[0].items() if c == canon}
        best = max(sorted(cands), key=filled, default=None)
        if best is None:
            continue
        empty = f"{g.header!r} is empty in {len(fp.frame) - filled(g.header):,} of the {len(fp.frame):,} rows"
        if filled(best) > 2 * filled(g.header) and filled(g.header) < len(fp.frame) / 2:
            fp.columns[canon] = ColumnGuess(canon, best, g.how, g.evidence, (g.header,))
            fp.review.append(f"{canon} ← {best!r}, then {g.header!r}: {empty}")
        # a record's creation, which every record has; not a subscription's start, which a trial not yet activated
        # lacks
        elif canon in ("created_at", "opened_at") and _fills(fp.frame, g.header, best):
            # every record has its creation: Mailchimp leaves OPTIN_TIME empty for imported contacts, whose
            # CONFIRM_TIME says when they joined; an empty one would leave the record out of every month
            fp.columns[canon] = replace(g, also=(best,))
            fp.review.append(f"{canon} ← {g.header!r}, then {best!r}: {empty}")


def _fills(frame: pd.DataFrame, first: str, then: str) -> bool:
    """Whether *then* has a value in a row where *first* has none."""
    return bool((clean_text(frame[first]).isna() & clean_text(frame[then]).notna()).any())


#: a header's word that says its date is a plan: "Expected Close Date", "Fecha estimada de cierre"
_PLANNED = (r"\b(expected|estimated|forecast|planned|projected|verwacht\w*|voraussichtlich\w*|erwartet\w*|"
            r"geschätzt\w*|geschaetzt\w*|"          # Business Central's "Geschätztes Abschlussdatum"
            r"geplant\w*|planlagt|"                  # CAS genesisWorld's "Abschluss geplant"
            r"prévue?s?|estimad[ao]s?|prevista|previsão|previsto|forventet|förväntat|przewidywana)\b")


#: a header's word that says its date is what happened: "Actual Close Date", "Tatsächliches Schlussdatum"
_ACTUAL = (r"\b(actual|tatsächlich\w*|tatsaechlich\w*|werkelijke?|faktisk|faktiska|réelle?|real|effettiva|"
           r"efetiva|ist)\b")


def _bare_date_is_creation(fp: FilePlan) -> None:
    """A deal file without a creation date whose close date is a bare "Date" beside a closing date: its creation.

    e-conomic's quotes: "Dato" (the day the quote was made) and "Status ændret" (the day it was accepted or
    refused). Read as the close date, the quotes had no creation, and no pipeline or new deals were counted.
    """
    if fp.table != "opportunities" or "created_at" in fp.columns or fp.frame is None:
        return
    # Sage's quotes: a bare "Date" left over beside "Expiry Date" (the plan) and "Date Status Changed"
    free = next((h for h in _headers(fp.frame) if h not in _used(fp) and V.normalise(h) in _BARE_DATE
                 and not _no_dates(fp.frame[h])), None)
    if free is not None:
        fp.columns["created_at"] = ColumnGuess("created_at", free, "values", "the record's one date")
        fp.review.append(f"created_at ← {free!r}: the deal's own date")
        return
    if not {"close_date", "closed_at"} <= set(fp.columns):
        return
    h = fp.columns["close_date"].header
    if V.normalise(h) in _BARE_DATE:
        fp.columns["created_at"] = ColumnGuess("created_at", h, "values", "the record's one date beside its closing")
        del fp.columns["close_date"]
        fp.review.append(f"created_at ← {h!r}: the deal's own date, beside the closing date "
                         f"{fp.columns['closed_at'].header!r}")


#: a header that says "date" and nothing more
_BARE_DATE = frozenset({"date", "dato", "datum", "fecha", "data", "dátum", "päivämäärä"})


def _actual_beside_expected(fp: FilePlan) -> None:
    """A deal file's plain "Close Date" beside its "Expected Close Date": the plain one is the actual closing.

    Pipeline CRM writes both; the expected one had been placed as the close date and the plain one left out,
    so October's won deals were dated by their plans (revenue $102,500 for $107,050).
    """
    if fp.table != "opportunities" or "close_date" not in fp.columns or fp.columns.keys() & {"closed_at", "won_at"}:
        return
    planned = fp.columns["close_date"].header
    if not re.search(_PLANNED, V.normalise(planned)):
        _expected_beside_actual(fp)
        return
    plain = V.normalise(re.sub(_PLANNED, " ", V.normalise(planned)))
    # or the same words with one that says actual: Dynamics' German "Tatsächliches Schlussdatum"
    h = next((x for x in _headers(fp.frame) if x not in _used(fp)
              and plain in (V.normalise(x), V.normalise(re.sub(_ACTUAL, " ", V.normalise(x))))), None)
    if h is not None and parse_dates(fp.frame[h].head(2000))[0].notna().any():
        fp.columns["closed_at"] = ColumnGuess("closed_at", h, "values", f"the actual date beside {planned!r}")
        fp.review.append(f"closed_at ← {h!r}: a won or lost deal's own date; {planned!r} is its plan")


#: a word of a close date's header: a planned close date beside the placed one says what it plans
_CLOSE_WORD = r"close|closing|clôture|fermeture|cierre|fechamento|chiusura|afsluit|sluit|abschluss|lukke|avslut"


def _expected_beside_actual(fp: FilePlan) -> None:
    """A plain close date placed, a planned one beside it: the plain one is the decided deal's, the other the plan.

    Simplicate writes "Afsluitdatum" (when a deal was decided) beside "Verwachte afsluitdatum"; CAS genesisWorld
    "Abschlussdatum" beside "Abschluss geplant".
    Read as the close date, Simplicate's "Afsluitdatum" left every open deal undated but those decided after the
    month: page 1's "5 of 166 planned to close by 30 November" were the 5 deals decided on 1 and 2 November.
    """
    g = fp.columns["close_date"]
    planned = next((h for h in _headers(fp.frame) if h not in _used(fp) and re.search(_PLANNED, V.normalise(h))
                    and re.search(_CLOSE_WORD, V.normalise(h))), None)
    if planned is None or not parse_dates(fp.frame[planned].head(2000))[0].notna().any():
        return
    fp.columns["closed_at"] = replace(g, canon="closed_at", evidence=f"the actual date beside {planned!r}")
    fp.columns["close_date"] = ColumnGuess("close_date", planned, "word", "its header says it is planned")
    fp.review.append(f"closed_at ← {g.header!r}: a won or lost deal's own date; {planned!r} is its plan")


def _won_date_of_every_deal(fp: FilePlan) -> None:
    """A "won" date the lost deals have as well: the deal's close date.

    Close's ``date_won`` is every opportunity's close date, expected for the open ones: read as the won date,
    its 108 lost deals had no date, and October's win rate read 100 % for 28.6 %.
    """
    if fp.table != "opportunities" or not {"won_at", "status"} <= set(fp.columns) \
            or fp.columns.keys() & {"close_date", "closed_at", "lost_at"}:
        return
    status = clean_text(fp.frame[fp.columns["status"].header]).str.strip().str.casefold()
    lost = status.map(V.value_words("status")).eq("lost").fillna(False).astype(bool)
    head = fp.columns["won_at"].header
    dated = clean_text(fp.frame.loc[lost, head]).notna()
    if lost.sum() >= 3 and dated.mean() > 0.5:
        fp.columns["close_date"] = replace(fp.columns.pop("won_at"), canon="close_date", how="values",
                                           evidence="the lost deals have it too")
        fp.review.append(f"close_date ← {head!r}: {dated.sum()} of the {lost.sum()} lost deals have it too, so it is "
                         "each deal's close date, not the date it was won")


def _lookups(plan_files: list[FilePlan]) -> None:
    """Owners (and accounts) written by name where the users (accounts) file has ids: a lookup by name."""
    refs = {"owner_id": ("users", "user_id"), "agent_id": ("users", "user_id"),
            "account_id": ("accounts", "account_id")}
    by_table = {f.table: f for f in plan_files if f.table and not f.skipped and f.frame is not None}
    for fp in by_table.values():
        for canon, (table, idc) in refs.items():
            ref = by_table.get(table)
            if canon not in fp.columns or ref is None or fp is ref or not {"name", idc} <= set(ref.columns):
                continue
            vals = clean_text(fp.frame[fp.columns[canon].header]).dropna()
            names = set(clean_text(ref.frame[ref.columns["name"].header]).dropna().str.lower())
            ids = set(clean_text(ref.frame[ref.columns[idc].header]).dropna())
            if len(vals) and vals.str.lower().isin(names).mean() > 0.5 and vals.isin(ids).mean() < 0.5:
                fp.lookups[canon] = {"table": table, "match": "name", "return": idc}
                has = fp.rec and fp.rec.obj and canon in fp.rec.obj.extra.get("lookups", {})
                fp.lookups_added = fp.lookups_added or not has


#: a header of a satisfaction rating, in the languages of the exports
_RATING_HEADER = r"score|rating|satisf|csat|bewertung|zufrieden|beoordeling|tevreden|tilfreds|bedømmelse|nöjd|betyg|" \
                 r"note|évaluation|valoración|avaliação|valutazione|ocena|arvio|hodnocení"


def _ratings_beside_cases(plan_files: list[FilePlan]) -> None:
    """A file of satisfaction ratings beside the tickets they rate: the tickets' CSAT, looked up by ticket id.

    Zendesk's satisfaction ratings come as a file of their own (ticket id, score, comment, a date of the rating):
    read as a second file of cases, each rating was a ticket opened on the day it was given (255 opened for 138)
    and the tickets had no CSAT. Only a file of another layout whose id column names the tickets of the other.
    """
    cases = [f for f in plan_files if f.table == "cases" and not f.skipped and f.frame is not None
             and "case_id" in f.columns]
    for t in cases:
        if "csat" in t.columns:
            continue
        # the tickets' id, or another number each ticket has once (Help Scout's ratings name a conversation by its
        # "Conversation Number", its conversations export by "Conversation ID" and that number)
        own = t.columns["case_id"].header
        keys = {h: set(vals) for h in [own, *(h for h in _headers(t.frame) if h != own)]
                if (vals := clean_text(t.frame[h]).dropna()).is_unique and len(vals) > 0.9 * len(t.frame)}
        # of any table: Help Scout's ratings, with a customer's name and e-mail, read as accounts
        others = [r for r in plan_files if r is not t and not r.skipped and r.frame is not None and r.table
                  and set(_headers(r.frame)) != set(_headers(t.frame))]
        for r in others:
            score = next((h for h in _headers(r.frame) if re.search(_RATING_HEADER, V.normalise(h))
                          and clean_text(r.frame[h]).notna().any() and rating_scale_of(r.frame[h]) is not None), None)
            key, on = next(((h, k) for h in _headers(r.frame) if h != score for k, ids in keys.items()
                            if clean_text(r.frame[h]).dropna().isin(ids).mean() > 0.9), (None, None))
            if score is None or key is None:
                continue
            t.lookups["csat"] = {"file": r.path, "key": key, "on": "case_id" if on == own else on, "column": score}
            t.lookups_added = True
            r.skipped = (f"the satisfaction ratings of the tickets in {t.label}: their CSAT, looked up by {key!r}")
            break


def _deals_of_leads(plan_files: list[FilePlan]) -> None:
    """A deals file that carries the leads file's own id column: each deal names the lead it came from.

    Olist's marketing funnel: its qualified leads ("mql_id") and, in a second file, the deals closed with them
    by the same "mql_id": no header says "lead id", and no lead read as converted.
    """
    leads = [f for f in plan_files if f.table == "leads" and not f.skipped and "lead_id" in f.columns]
    for fp in plan_files:
        if fp.table != "opportunities" or fp.skipped or fp.frame is None or "lead_id" in fp.columns:
            continue
        for lf in leads:
            h = lf.columns["lead_id"].header
            if h in _headers(fp.frame) and clean_text(fp.frame[h]).isin(clean_text(lf.frame[h]).dropna()).mean() > 0.5:
                fp.columns["lead_id"] = ColumnGuess("lead_id", h, "word", f"the id of the leads in {lf.label}")
                break


# ------------------------------------------------------------------------------------------ the plan
#: what a list of people says of each as a lead besides its date: where it stands, where it came from, whose it is
_LEAD_SIGNS = ("status", "converted", "converted_at", "source", "owner_id")


def _contacts_with_a_stage(fp: FilePlan, headers: list[str]) -> bool:
    """A list of people with a creation date and a lead's stage or status: leads, not contact persons.

    Salesloft's people ("Created At", "Stage": Replied, Meeting Booked, Converted) and a web form's entries with
    the "Lead status" sales fills in were refused as Pipedrive's persons, which no KPI counts.
    """
    placed, langs, _ = V.match_headers(_generic("leads"), headers)
    canon = {c: h for h, c in placed.items()}
    if "created_at" not in canon or _no_dates(fp.frame[canon["created_at"]]) \
            or not {"status", "converted", "converted_at"} & set(canon) or len(set(canon) & set(_LEAD_SIGNS)) < 2:
        return False
    lang = max((lg for lg in langs if lg != "api"), key=lambda lg: langs[lg], default=None)
    fp.rec = V.Recognition(_generic("leads"), lang, placed, 0.0, False,
                           reason=f"a list of people with {canon['created_at']!r} and "
                                  f"{canon.get('status') or canon.get('converted') or canon['converted_at']!r}: "
                                  "read as leads")
    return True


def _weakly_unused(fp: FilePlan, headers: list[str]) -> bool:
    """A file taken for an object no KPI uses on two plain headers: read by its values instead, where they say more.

    Shopify's orders export has "Name" and "Email" among its 11 headers and was refused as Pipedrive's persons.
    A vendor's own file says more than that: three headers of the object, or its file name.
    """
    rec = fp.rec
    if _contacts_with_a_stage(fp, headers):
        return True
    if len(rec.matched) >= 3 or rec.by_file_name:
        return False
    fp.rec = V.Recognition(None, None, {}, 0.0, False)
    if _recognise_by_values(fp, headers):
        return True
    fp.rec, fp.skipped = rec, ""
    return False


#: a file of subscriptions ended, by its name: RavenStack's "churn_events" was read as meetings by its word "event"
_CHURN_FILE = r"\bchurn|\bcancell?ations?\b|\bopzeggingen\b|\bkündigungen\b|\bopsigelser\b|\brésiliations\b"


#: a file of what is added to subscriptions, by its name: Chargebee's "SubscriptionCoupons", "SubscriptionAddons"
#: (a coupon's "Apply Till" was read as a subscription's start, and 323 subscriptions without MRR left none)
_PART_FILE = r"(coupons?|add ?ons?|discounts?|rabatte|kortingen|remises)$"


def _recognise_by_values(fp: FilePlan, headers: list[str]) -> bool:
    """A file of no vendor's headers recognised by what its values say; False (and why skipped) when they say nothing.

    Its language is that of the common words among its headers: a Dutch sheet ("Klant", "Bedrag") read as deals by
    its won / lost words gets a Dutch report.
    """
    if re.search(_CHURN_FILE, V.normalise(fp.path.stem)):
        fp.skipped = ("a list of subscriptions ended (churn events): no table of its own, the subscriptions' end "
                      "dates count them")
        return False
    if re.search(_PART_FILE, V.normalise(fp.path.stem)):
        fp.skipped = ("the coupons or add-ons of subscriptions, not subscriptions: the subscriptions' own MRR counts "
                      "them")
        return False
    fp.kinds = column_kinds(fp.frame)
    if len(fp.frame) == 0 or not {"date", "status"} & set(fp.kinds.values()):
        fp.skipped = (_summary_table(headers) or "not recognised: no CRM's headers, and no column holds dates or "
                      "won / lost words") if len(fp.frame) else "no rows"
        return False
    table, why = guess_table(fp.path.name, headers, fp.kinds, fp.frame)
    _, langs, _ = V.match_headers(_generic(table), headers)
    # two headers at least: Swedish "Stadium" alone is a Dutch word too
    lang = max((lg for lg in langs if lg != "api" and langs[lg] >= 2), key=lambda lg: langs[lg], default=None)
    fp.rec = V.Recognition(_generic(table), lang, {}, 0.0, False,
                           reason=f"no CRM's headers; read as {table} from its values: {why}")
    return True


def _recognise_dated(frame: pd.DataFrame, headers: list[str], name: str) -> V.Recognition:
    """The object the headers say, not counting a date header whose values are no dates.

    Bigin's deals have a "Tag" column of labels: as German for "day" it is the date of an ad platform's
    report, a word no other object knows, and it outweighed seven headers of deals. A header read as a
    date only counts as evidence when its values are dates.
    """
    if name.lower().endswith(".ics"):        # a calendar's events are meetings, whatever its columns look like
        return V.recognise(headers, name, table="activities")
    rec = V.recognise(headers, name)
    for _ in range(3):
        if rec.obj is None or rec.obj.table is None:
            return rec
        wrong = [h for h, canon in rec.matched.items()
                 if dtype_of(rec.obj.table, canon) in _DATE and _no_dates(frame[h])]
        if not wrong:
            return rec
        headers = [h for h in headers if h not in wrong]
        again = V.recognise(headers, name)
        if again.obj is None:
            return rec
        rec = again
    return rec


def _tickets_not_deals(frame: pd.DataFrame, headers: list[str], name: str, rec: V.Recognition) -> V.Recognition:
    """A file of no vendor's, read as deals by headers a help desk's tickets share, is tickets when no status is won.

    Zammad's "tickets--all--Created" in German (Nummer, Titel, Status, Besitzer, Erstellt am, Geschlossen am) scored
    as much for deals as for tickets; read as deals, its "offen" / "geschlossen" said no deal was won or lost and
    no ticket was counted.
    """
    if rec.obj is None or (rec.obj.vendor, rec.obj.table) != ("generic", "opportunities"):
        return rec
    alt = V.recognise(headers, name, table="cases")
    status = [h for h, canon in rec.matched.items() if canon in ("status", "stage")]
    # Jira's French "État" Annulé (called off) is no deal lost: only a status that says won makes deals
    if alt.obj is None or alt.score < rec.score - 0.5 or not status or any(says_won(frame[h]) for h in status):
        return rec
    return alt


def _calls_not_other(frame: pd.DataFrame, headers: list[str], name: str, rec: V.Recognition) -> V.Recognition:
    """A file of no vendor's whose direction column says calls in and out is a call log, whatever else it matched.

    Ringover's French log ("Date de début", "Date de fin", "Contact") scored as subscriptions: 562 calls without a
    contact were rejected and no call was counted.
    """
    if rec.obj is None or rec.obj.vendor != "generic" or rec.obj.table in ("activities", "cases"):
        return rec
    if not says_call_direction(frame):
        return rec
    alt = V.recognise(headers, name, table="activities")
    return alt if alt.obj is not None else rec


def _deals_not_leads(frame: pd.DataFrame, headers: list[str], name: str, rec: V.Recognition) -> V.Recognition:
    """A file read as leads whose status says won is deals: a lead is converted or lost, never won.

    noCRM.io calls its deals "leads" ("leads_export.csv": Statut Gagné / Perdu, Montant, Étape); read as
    Pipedrive's leads by its name and two plain headers (ID, Étiquettes), its 33 won deals of October were no
    revenue and 88 new leads.
    """
    if rec.obj is None or rec.obj.table != "leads" or frame is None or frame.empty:
        return rec
    if not any(says_won(frame[h]) for h, kind in column_kinds(frame).items() if kind == "status"):
        return rec
    alt = V.recognise(headers, name, table="opportunities")
    return alt if alt.obj is not None else rec


def _recognise_file(frame: pd.DataFrame, headers: list[str], name: str) -> V.Recognition:
    """The object a file's headers say, its dates' values, won deals, leads and call directions considered."""
    rec = _recognise_dated(frame, headers, name)
    for second_look in (_tickets_not_deals, _deals_not_leads, _calls_not_other):
        rec = second_look(frame, headers, name, rec)
    return rec


def plan_file(path: Path, *, raw: RawFile | None = None, rec: V.Recognition | None = None,
              sheet: str | None = None) -> FilePlan:
    """Read one export and plan its mapping (*rec*: plan it as that object, e.g. the leads of Odoo's crm.lead).

    *sheet*: the workbook's sheet to plan (a workbook of several tables is planned sheet by sheet).
    """
    fp = FilePlan(path, sheet=sheet)
    try:
        fp.raw = raw or read_raw(path, sheet=sheet)
    except ReadError as exc:
        fp.skipped = f"cannot be read: {exc}"
        return fp
    headers = _headers(fp.frame)
    fp.rec = rec or _recognise_file(fp.frame, headers, path.name)
    if fp.rec.obj is None and not _recognise_by_values(fp, headers):
        return fp
    obj = fp.rec.obj
    if obj.table is None and not _weakly_unused(fp, headers):
        fp.skipped = f"{obj.label}: {obj.why}"
        return fp
    obj = fp.rec.obj
    fp.table = obj.table
    fp.skipped = _where_excludes_all(fp)
    if fp.skipped:
        return fp
    own = "name" if obj.vendor not in ("generic", "canonical") else "word"
    fp.constants = {str(k): str(v) for k, v in obj.extra.get("constants", {}).items()}   # Zoho Events: meetings
    _place_by_words(fp, headers, obj, own)
    _status_is_the_stage(fp, obj)
    _place_by_words(fp, headers, _generic(fp.table), "word")
    if obj.vendor == "generic":
        _place_by_vendor_names(fp, headers)
    _place_without_object_word(fp, headers, _generic(fp.table))
    _place_fuzzy(fp, headers, [o for o in (obj, _generic(fp.table)) if o is not None])
    _type_from_file_name(fp)
    _completed_by_values(fp)
    _place_id_by_values(fp, headers)
    _id_on_its_first_line(fp, headers)
    if obj.vendor == "generic":                      # the words left gaps: what the values say
        _place_by_kinds(fp, headers, dates_too=bool(fp.rec.reason))
    _check_by_values(fp)
    _combine_time(fp)
    _resolved_flag(fp, headers)
    _status_values(fp, fp.rec.lang)
    missing = _required_missing(fp) if fp.rec.reason else ""   # read by its values, it lacks what makes its table
    fp.skipped = (f"not recognised: no CRM's headers, and read as {fp.table} it has no {missing}" if missing
                  else _counts_per_row(fp) or _payments_only(fp))
    if fp.skipped:
        return fp
    _type_values(fp)
    _converted_from_status(fp)
    _converted_words(fp)
    _submitted_not_converted(fp)
    _derived_columns(fp)
    _number_hints(fp)
    _date_hints(fp)
    _ended_undated(fp)           # after the end date's fuller column: Maxio's "Expires At" beside "Canceled At"
    _activity_words(fp)
    _answered(fp)
    known = {V.normalise(h) for canon in fp.columns for h in obj.headers(canon)}          # alternatives of a placed one
    known |= {V.normalise(h) for hs in obj.extra.get("flags", {}).values() for h in hs}
    derived = {canon: [h for h in headers if V.normalise(h) in {V.normalise(x) for x in _as_list(d.get("from"))}]
               for canon, d in obj.extra.get("derived", {}).items()}
    known |= {V.normalise(h) for hs in derived.values() for h in hs}
    known |= {V.normalise(h) for spec in obj.extra.get("combine_time", {}).values() for hs in spec.values() for h in hs}
    known |= {V.normalise(h) for h in fp.combine_time.values()}
    prefixes = tuple(V.normalise(p) + " " for ps in obj.prefix.values() for p in ps)     # "atividade "

    def bare(h: str) -> str:
        n = V.normalise(h)
        return next((n[len(p):] for p in prefixes if n.startswith(p)), n)

    fp.unplaced = [h for h in headers if h.strip() and h not in _used(fp) and h not in obj.ignore
                   and V.normalise(h) not in known and bare(h) not in known]
    _review_unused(fp)
    fp.missing = [c.name for c in TABLES[fp.table] if c.name not in _said(fp, obj, headers)]
    if fp.table == "cases" and (derived.get("resolution_hours") or "resolution_hours" in fp.derived):   # opened + it
        fp.missing = [c for c in fp.missing if c != "closed_at"]
    return fp


def _said(fp: FilePlan, obj: V.VendorObject, headers: list[str]) -> set[str]:
    """The canonical columns the file gives: placed, constant, derived, decided by flags, or shared.

    A shared one is read by the vendor's built-in mapping from a header another column also takes: Dynamics'
    lead "Status" is its status and whether it converted.
    """
    present = {V.normalise(h) for h in headers}
    shared = {c for c in obj.columns if obj.vendor not in ("generic", "canonical")
              and present & {V.normalise(h) for h in obj.headers(c)}}
    return {*fp.columns, *fp.constants, *fp.derived, *shared, *(["status"] if _flag_headers(fp.frame, obj) else [])}


def _summary_table(headers: list[str]) -> str:
    """Why a sheet whose headers are months ("Jan 2025", "Feb 2025" …) cannot be read ("" where they are not).

    A pivot of revenue per rep per month is what a client often sends first: it holds totals, not the deals.
    """
    months = [h for h in headers if parse_dates(pd.Series([f"1 {h}", f"01-{h}", h]))[0].notna().any()
              and re.search(r"\d{4}", str(h))]
    if len(months) < 3:
        return ""
    return (f"a summary table, not records: {len(months)} of its headers are months ({months[0]} … {months[-1]}). "
            "Export one row per deal, lead, case or activity instead (the CRM's list or report export)")


#: a column a pivot table or a BI tool's summary writes: Power BI's "Sum of Amount", Excel's "Som van Bedrag"
_AGGREGATE = (r"^(sum|count|distinct count|average|avg|total|min|max|summe|anzahl|mittelwert|som|aantal|gemiddelde|"
              r"antal|gennemsnit|somme|nombre|moyenne|suma|recuento|promedio|soma|contagem|média|somma|conteggio|"
              r"media) (of|von|van|af|de|di|du|des) .+")


#: a payment provider's list of payments by its name: Mollie's "betalingen", Stripe's "payments", "charges"
_PAYMENT_FILE = r"\b(payments?|betalingen|betaling|zahlungen|betalinger|paiements|pagamentos|pagos|transactions|" \
                r"transacties|transaktionen|charges)\b"


def _payments_only(fp: FilePlan) -> str:
    """Why a payment provider's payments beside its subscriptions are no subscriptions ("" where they may be).

    Mollie's "betalingen.csv" holds a subscription's id, a customer and an amount: read as 1,648 subscriptions
    without a start, beside the 228 of "abonnementen.csv". A subscription's file says when it started.
    """
    if fp.table != "contracts" or "start_date" in fp.columns or "start_date" in fp.derived \
            or not re.search(_PAYMENT_FILE, V.normalise(fp.path.stem)):
        return ""
    return ("payments, not subscriptions: a payment says no subscription's start or end (the subscriptions export "
            "does)")


def _keyed_records(fp: FilePlan) -> bool:
    """Whether each row of *fp* carries an id of its own: the table's key mapped, filled and unique on every row.

    A pivot table's or a BI tool's rows are groups (an owner, a month): none has a deal's or a ticket's id.
    """
    key = next((c.name for c in TABLES.get(fp.table or "", ()) if c.required and c.name.endswith("_id")), None)
    if key not in fp.columns or fp.frame is None or len(fp.frame) < 10:
        return False
    ids = fp.frame[fp.columns[key].header]
    return bool(ids.notna().all() and ids.is_unique)


def _counts_per_row(fp: FilePlan) -> str:
    """Why a file of calls or cases counted per row cannot be read ("" where its rows are records).

    A pivot table's or a BI tool's summary ("Sum of Amount", "Count of Opportunity ID" per month and status) holds
    totals: read as deals, 30 rows of sums were 30 deals.

    A phone system's statistics (one row per agent per day: "Anrufe gesamt" 23, "angenommen" 19, "verpasst" 4)
    read as one call a row: 103 "cases opened" for 2,809 calls. A yes / no of one call holds 0 and 1; one whose
    values run higher on most rows counts calls.
    """
    totals = [h for h in _headers(fp.frame) if re.match(_AGGREGATE, V.normalise(h))] if fp.frame is not None else []
    if fp.rec and fp.rec.lang == "es":            # Spanish "Nombre de la oportunidad" is its name, no French count
        totals = [h for h in totals if not V.normalise(h).startswith("nombre ")]
    if totals and (_keyed_records(fp) or fp.table in ("marketing_spend", "financials")):
        # Zoho Desk's French "Nombre de réouvertures" is a ticket's own count beside its own id: no pivot's total;
        # and an ad report's rows are totals of a day's campaign by nature (LinkedIn's "Total des actions sociales")
        totals = []
    if totals:
        return (f"a summary table, not records: {totals[0]!r} is a total of several records per row. Export one row "
                "per deal, lead, case or activity instead (the report's underlying data, or the CRM's list export)")
    canon = {"cases": "answered", "activities": "completed"}.get(fp.table or "")
    # a vendor's own codes for it (Salesforce's EmailMessage "Status" 3: sent, 5: a draft) count nothing
    own = fp.rec.obj.values.get(canon) if fp.rec and fp.rec.obj else None
    if canon not in fp.columns or fp.frame is None or isinstance(own, dict):
        return ""
    h = fp.columns[canon].header
    n = parse_numbers(fp.frame[h].head(2000))[0].dropna()
    if len(n) < 10 or not (n == n.round()).all() or (n > 1).mean() < 0.5:
        return ""
    return (f"a summary table, not records: {h!r} counts calls per row ({', '.join(f'{v:g}' for v in n.head(3))} …), "
            "not whether one call was answered. Export one row per call instead (the phone system's call list)")


def _as_list(v: Any) -> list[str]:
    return [str(x) for x in v] if isinstance(v, list | tuple) else [] if v is None else [str(v)]


def _where_excludes_all(fp: FilePlan) -> str:
    """Why no row of the file belongs to its object's table (Odoo's crm.lead holding leads only), or ""."""
    where = fp.rec.obj.extra.get("where") if fp.rec and fp.rec.obj else None
    if not where or fp.frame is None:
        return ""
    col = next((h for h in _headers(fp.frame) if V.normalise(h) in {V.normalise(c) for c in _as_list(where["column"])}),
               None)
    if col is None:
        return ""
    values = clean_text(fp.frame[col]).str.lower()
    listed = values.isin({str(e).lower() for e in _as_list(where.get("equals", where.get("not")))})
    if (listed if "equals" in where else ~listed).any():         # LiveAgent's "not" its spam: the rest are kept
        return ""
    seen = ", ".join(map(repr, clean_text(fp.frame[col]).dropna().unique()[:3]))
    return f"no row is one of the {fp.table} ({col} is {seen})"


def _siblings(fp: FilePlan) -> list[FilePlan]:
    """One file that holds two tables told apart by a column (Odoo's crm.lead: leads and opportunities)."""
    obj = fp.rec.obj if fp.rec else None
    if obj is None or "where" not in obj.extra or fp.frame is None:       # also when no row is of obj's table
        return []
    out = []
    for other in V.objects(obj.vendor):
        where = other.extra.get("where")
        if other is obj or not where or other.table == obj.table or set(other.files).isdisjoint(obj.files):
            continue
        col = next((h for h in _headers(fp.frame) if V.normalise(h) in {V.normalise(c) for c in where["column"]}),
                   None)
        wanted = {str(e).lower() for e in where.get("equals", ())}        # a filter of rows left out keeps none
        if col is not None and clean_text(fp.frame[col]).str.lower().isin(wanted).any():
            matched, _, score = V.match_headers(other, _headers(fp.frame))
            rec = V.Recognition(other, fp.rec.lang, matched, score, fp.rec.by_file_name)
            out.append(plan_file(fp.path, raw=fp.raw, rec=rec, sheet=fp.sheet))
    return out


def _rows_seen(frame: pd.DataFrame) -> frozenset[str]:
    """The first rows' values of the column that tells rows apart best, as text both a CSV and a workbook give.

    Jira Cloud exports 1,000 issues a file: "Jira.csv" and "Jira (1).csv" have the same columns and as many
    rows, and one of them was left out as a copy of the other.
    """
    head = frame.head(50)
    text = {c: clean_text(head[c].astype("string")).str.replace(r"\.0$", "", regex=True) for c in head.columns}
    # not a date: a CSV writes "01/10/2026 10:00" where its workbook gives 2026-10-01 10:00:00
    plain = [c for c, t in text.items() if not t.str.contains(r"\d[-/.]\d{1,2}[-/.]\d", regex=True).fillna(False).any()]
    if not plain:
        return frozenset()
    return frozenset(text[max(plain, key=lambda c: text[c].nunique())].dropna())


def _same_data(files: list[FilePlan]) -> None:
    """Two files with the same headers and rows (a CSV and the workbook it came from): one is used.

    Which one is read decides what the data is taken for, so the one whose headers say more about
    their object wins (a file name is no evidence here: both carry it), a CSV on a tie.
    """
    groups: dict[tuple, list[FilePlan]] = {}
    for f in files:
        if not f.skipped and f.frame is not None:
            groups.setdefault((tuple(_headers(f.frame)), len(f.frame), _rows_seen(f.frame)), []).append(f)
    for plans in groups.values():
        if len({(f.path, f.sheet) for f in plans}) < 2:
            continue
        best = max(plans, key=lambda f: (f.rec.score - f.rec.by_file_name if f.rec else 0.0, _is_csv(f)))
        csv = next((f for f in plans if _is_csv(f)), None)
        kept = best
        if csv is not None and not _is_csv(best):      # read the text file, as what the workbook was taken for
            kept = files[files.index(csv)] = plan_file(csv.path, raw=csv.raw, rec=best.rec)
        for f in plans:
            if (f.path, f.sheet) != (kept.path, kept.sheet):
                f.skipped = f"the same data as {kept.label} (same columns and {len(f.frame):,} rows)"


def _leads_list_of_one_model(files: list[FilePlan]) -> None:
    """A vendor's list of leads from the model its deals are in, told by what a lead's list lacks: a stage, an amount.

    Odoo keeps leads and opportunities in crm.lead; its Leads menu lists them without "Fase" and "Verwachte omzet".
    Beside the pipeline's export, read as a second file of deals, its 351 leads archived as lost were deals lost
    (36 in October for 17) and the leads had no table.
    """
    deals = [f for f in files if f.table == "opportunities" and not f.skipped and f.rec and f.rec.obj]
    for f in deals:
        obj = f.rec.obj
        if {"stage", "status", "amount"} & set(f.columns) or not any(
                g is not f and g.rec.obj is obj and {"stage", "status"} & set(g.columns) for g in deals):
            continue
        rec = V.recognise(_headers(f.frame), f.path.name, vendor=obj.vendor, table="leads")
        if rec.obj is not None and set(rec.obj.files) & set(obj.files):
            files[files.index(f)] = plan_file(f.path, raw=f.raw, rec=rec, sheet=f.sheet)


def _views_of_all(files: list[FilePlan]) -> None:
    """A database's view beside the export of all its records ("Pipeline.csv" and "Pipeline_all.csv"): the view goes.

    Notion exports a database as the view it was exported from and as "…_all.csv", every record: read both, the
    deals the view shows counted twice (20 won for 10), and its lost deals (hidden from the view) once.
    """
    whole = {(f.path.parent, f.path.stem.removesuffix("_all")): f for f in files
             if not f.skipped and f.path.stem.endswith("_all") and f.frame is not None}
    for f in files:
        full = whole.get((f.path.parent, f.path.stem))
        if full is not None and f is not full and not f.skipped and f.frame is not None \
                and set(_headers(f.frame)) <= set(_headers(full.frame)) and len(f.frame) <= len(full.frame):
            f.skipped = f"a view of {full.label}, which holds every record ({len(full.frame):,} rows)"


def _summary_sheets(files: list[FilePlan]) -> None:
    """A workbook's sheet read only by its values, beside a sheet of the same table its headers name: a summary.

    Freshdesk's "Ticket volume trends" puts a sheet of months and counts (Received, Resolved) before the
    sheet of tickets; both read as cases, the months' sheet had no ticket's columns and the draft did not load.
    """
    named = {(f.path, f.table) for f in files if not f.skipped and f.sheet is not None and f.rec and f.rec.matched}
    for f in files:
        if not f.skipped and f.sheet is not None and f.rec is not None and not f.rec.matched \
                and (f.path, f.table) in named:
            f.skipped = (f"a summary beside the workbook's sheet of {f.table} (none of its headers is a {f.table} "
                         "column)")


#: a sheet of at most this share of the rows of its workbook's main sheet of the same table is no second table
LIST_SHEET_SHARE = 0.1


def _list_sheets(files: list[FilePlan]) -> None:
    """A workbook's small sheet whose headers all stand in a larger sheet of the same table: a list of values.

    A pipeline kept in a spreadsheet has a "Lijsten" sheet of the stages and the account managers its
    drop-downs offer; read as a second sheet of deals, its five rows were deals, and the draft named the workbook
    twice for one table.
    """
    sheets = [f for f in files if not f.skipped and f.sheet is not None and f.table and f.frame is not None]
    for f in sheets:
        heads = {V.normalise(h) for h in _headers(f.frame) if h.strip()}
        big = [g for g in sheets if g is not f and g.path == f.path and g.table == f.table and not g.skipped
               and len(f.frame) <= LIST_SHEET_SHARE * len(g.frame)
               and heads <= {V.normalise(h) for h in _headers(g.frame)}]
        if big:
            f.skipped = f"a list of values beside the workbook's sheet {big[0].sheet!r} of {f.table}"


#: a file of quotes by its name ("export_devis", "Quotes", "Offertes", "Tilbud")
_QUOTE_FILE = r"\b(quotes?|quotations?|offertes?|angebote?|tilbud|offerter|devis|presupuestos?|orçamentos?|" \
              r"preventivi|estimates?)\b"


def _quotes_beside_deals(files: list[FilePlan]) -> None:
    """A file of quotes beside a file of deals: the deals' own quotes, no deals of their own.

    Axonaut's "export_devis" beside its "export_opportunites": drafted as a second file of deals, every quote
    accepted was a deal won again and every quote cancelled a deal lost. A file of quotes alone is the deals
    (e-conomic's, Exact Online's: accepted is won) and stays.
    """
    deals = [f for f in files if f.table == "opportunities" and not f.skipped]
    quotes = [f for f in deals if re.search(_QUOTE_FILE, V.normalise(f.path.stem).replace("_", " "))]
    if quotes and len(quotes) < len(deals):
        for f in quotes:
            f.skipped = ("quotes beside the export of deals: a deal's quotes are no deals of their own (a quote "
                         "accepted is its deal won, counted once from the deals)")


def _sheets(path: Path) -> list[str | None]:
    """The sheets of a workbook to plan one by one ([None]: a CSV, or a workbook of one sheet read as a file)."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return [None]
    try:
        names = sheet_names(path)
    except ReadError:
        return [None]                  # plan_file says why it cannot be read
    return [None] if len(names) < 2 else list(names)


def _is_csv(f: FilePlan) -> bool:
    return f.path.suffix.lower() in (".csv", ".txt", ".tsv")


def unpack_archives(folder: str | Path, *, write: bool = True) -> list[str]:
    """Each ZIP archive in *folder* unpacked beside it, into a folder of its name: what was done, one line each.

    Zoho's "Data Backup" and Salesforce's weekly export come as one .zip of CSV files: init found no export in a
    folder holding only it. Only the members that are exports are written, and none outside its folder (a member
    named "../x.csv" or "/x.csv" is skipped); an archive already unpacked (its folder exists) is left as it is.
    *write* False (a dry run) says what would be unpacked.
    """
    import zipfile

    said = []
    for z in sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() == ".zip"):
        dest = z.with_suffix("")
        try:
            with zipfile.ZipFile(z) as arc:
                members = [m for m in arc.infolist() if not m.is_dir() and Path(m.filename).suffix.lower()
                           in EXPORT_SUFFIXES and not Path(m.filename).is_absolute() and ".." not in
                           Path(m.filename).parts and not Path(m.filename).name.startswith(".")]
                if not members or dest.exists():
                    continue
                if write:
                    for m in members:
                        arc.extract(m, dest)
        except (zipfile.BadZipFile, OSError) as exc:
            said.append(f"{z.name}: not unpacked ({exc})")
            continue
        said.append(f"{z.name}: {len(members)} export file(s) " + (f"unpacked into {dest.name}/" if write else
                    f"to unpack into {dest.name}/ (run init without --dry-run)"))
    return said


def plan_folder(folder: str | Path) -> Plan:
    """Plan a draft configuration for every export in *folder* (sub-folders included)."""
    folder = Path(folder).resolve()
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES
                   and not p.name.startswith((".", "~$")))
    files = [plan_file(p, sheet=sheet) for p in paths for sheet in _sheets(p)]
    files += [s for f in files for s in _siblings(f)]
    _leads_list_of_one_model(files)
    _views_of_all(files)
    _same_data(files)
    _summary_sheets(files)
    _list_sheets(files)
    _quotes_beside_deals(files)
    _lookups(files)
    _ratings_beside_cases(files)
    _deals_of_leads(files)
    vendors = Counter(f.vendor for f in files if f.table and f.vendor not in (None, "generic", "canonical"))
    source = vendors.most_common(1)[0][0] if vendors else "custom"
    orders = Counter(f.date_order for f in files if f.date_order)
    decimals = Counter(f.decimal for f in files if f.decimal)
    delims = Counter(f.raw.delimiter for f in files if f.raw is not None and f.raw.delimiter)   # xlsx: none
    locale = {}
    if orders:
        locale["date_order"] = orders.most_common(1)[0][0]
    if decimals.most_common(1) and decimals.most_common(1)[0][0] == ",":
        locale["decimal"] = ","
    if delims and delims.most_common(1)[0][0] not in (",",):
        locale["delimiter"] = delims.most_common(1)[0][0]
    curs = Counter(f.currency for f in files if f.currency)
    langs = Counter(f.rec.lang for f in files if f.rec and f.rec.lang and f.rec.lang != "api")
    lang = langs.most_common(1)[0][0] if langs else "en"
    if lang == "en":          # the vendor's English headers over a German team's texts (Help Scout's subjects)
        lang = _text_language(files) or _phone_language(files) or lang
    # none in the exports: the crown of an export in Danish, else the euro; either to review
    currency, evidence = (curs.most_common(1)[0][0], "from the exports' currency column or amounts") if curs else (
        "DKK" if lang == "da" else "EUR", "no currency in the exports: set the client's")
    if currency == "DKK" and lang != "da" and any(f.crown for f in files):
        evidence = "REVIEW: amounts in 'kr', the Danish, Swedish and Norwegian crown, read as DKK: set SEK or NOK if so"
    return Plan(folder, files, source, locale, currency, evidence, lang if lang in LANGUAGES else "en",
                _written_zone(files))


#: words of a language that hardly occur in the others (nor in names: no "van", "der", "de"): the language of the
#: texts an export holds where its headers are the vendor's English
_TEXT_WORDS = {
    "de": frozenset("und nicht für bitte ist eine einer mit auf ich wir das zum zur vom beim kein keine wird noch "
                    "über ihre unsere rechnung lieferung bestellung anfrage frage".split()),
    "nl": frozenset("het niet voor een graag bij ook wij naar uw geen wordt nog maar factuur bestelling vraag "
                    "levering offerte".split()),
    "da": frozenset("og ikke til på af det jeg vi har fra ved hvordan ingen faktura ordre levering tilbud".split()),
    "en": frozenset("the and to of with not please on my your from have can this that invoice delivery quote".split()),
    "fr": frozenset("le la les et pas pour avec une des du est je nous votre facture commande livraison devis".split()),
    "es": frozenset("el los las y para con una por del mi su factura pedido entrega presupuesto".split()),
}
#: the fewest words of a language, and how many times those of any other, for its texts to be in it
_TEXT_WORDS_LEAST, _TEXT_WORDS_LEAD = 30, 3


def _sampled_columns(files: list[FilePlan]) -> Iterator[pd.Series]:
    """The filled values of each column of the read exports, of their first 3,000 rows: what their texts say."""
    for f in files:
        if f.skipped or f.frame is None or not f.table:
            continue
        for h in _headers(f.frame):
            yield clean_text(f.frame[h].head(3000)).dropna()


def _text_language(files: list[FilePlan]) -> str | None:
    """The report language the exports' texts are written in (German, Dutch, Danish), where their headers are English.

    Help Scout writes its headers in English whatever the team's language: a German shop's subjects ("Lieferung
    noch nicht angekommen", "Rechnung bitte") drafted an English report. Read from the columns of several words
    (subjects, titles, comments), counted by :data:`_TEXT_WORDS`; None unless one language leads clearly.
    """
    hits: Counter[str] = Counter()
    for vals in _sampled_columns(files):
        if len(vals) < 10 or vals.str.contains(r"[^\W\d_]+\s+[^\W\d_]+\s+[^\W\d_]+").mean() < 0.5:
            continue            # no text of several words: a name, a code, a date
        words = vals.str.casefold().str.findall(r"[^\W\d_]+").explode().value_counts()
        for lang, said in _TEXT_WORDS.items():
            hits[lang] += int(words[words.index.isin(said)].sum())
    if not hits:
        return None
    (top, n), *rest = hits.most_common()
    second = rest[0][1] if rest else 0
    return top if top in ("de", "nl", "da") and n >= _TEXT_WORDS_LEAST and n >= _TEXT_WORDS_LEAD * second else None


#: the report language of a country's phone numbers, by its calling code (Belgium's Flemish and Austria's German
#: too): a phone system's log is its numbers
_CALLING_CODES = {"45": "da", "49": "de", "43": "de", "31": "nl", "32": "nl"}
#: the fewest international numbers, and the share of them of one such country, for the report to be in its language
_PHONES_LEAST, _PHONES_SHARE = 20, 0.6


def _phone_language(files: list[FilePlan]) -> str | None:
    """The report language of the country most of the exports' phone numbers are in, where headers and texts say none.

    Webex's call history and Meta's lead forms write their headers in English whatever the client's language: a
    Hamburg firm's calls (+49 40 …) and an Aalborg estate agent's leads ("p:+45 …") drafted English reports.
    """
    codes: Counter[str] = Counter()
    for vals in _sampled_columns(files):
        found = vals.str.extract(r"^(?:p:)?\s*(?:\+|00)(\d{2})[\d\s()-]{6,}$", expand=False).dropna()
        if len(found) >= 0.5 * max(len(vals), 1):
            codes.update(found.tolist())
    total = sum(codes.values())
    if total < _PHONES_LEAST:
        return None
    by_lang: Counter[str] = Counter()
    for code, n in codes.items():
        by_lang[_CALLING_CODES.get(code, "")] += n
    (top, n), = by_lang.most_common(1)
    return top if top and n >= _PHONES_SHARE * total else None


#: the zones a client's times are most often written in, the report's default first: the first whose offsets match
#: every time written with one is the client's
_ZONES = (ClientConfig.timezone, "Europe/London", "Europe/Helsinki", "America/New_York", "America/Chicago",
          "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Dubai",
          "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland")
_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)? ?([+-]\d{2}):?(\d{2})$")


def _written_zone(files: list[FilePlan]) -> str | None:
    """The zone of the offsets the exports write their times with ("2025-09-01 09:35:15 -0500"), or None.

    Spiceworks writes a US desk's times with their offset, -0500 in summer and -0600 in winter: converted to the
    report's default zone, an evening ticket fell on the next day and month. None where the times are in UTC or the
    default zone already, or no zone of :data:`_ZONES` matches every offset.
    """
    times, offsets = [], []
    for f in files:
        if f.skipped or f.frame is None or not f.table:
            continue
        for g in f.columns.values():
            if dtype_of(f.table, g.canon) not in _DATE:
                continue
            txt = clean_text(f.frame[g.header]).dropna().head(2000)
            parts = txt.str.extract(_OFFSET)
            ok = parts[0].notna()
            if not len(txt) or ok.mean() < 0.9:
                continue
            minutes = parts.loc[ok, 0].astype(int) * 60 + parts.loc[ok, 0].str[0].map({"+": 1, "-": -1}) \
                * parts.loc[ok, 1].astype(int)
            times.append(pd.to_datetime(txt[ok], format="ISO8601", utc=True, errors="coerce"))
            offsets.append(minutes)
    if not times:
        return None
    when, said = pd.concat(times), pd.concat(offsets)
    keep = when.notna()
    when, said = when[keep], said[keep].to_numpy()
    if not len(when) or (said == 0).all():
        return None
    for zone in _ZONES:
        local = when.dt.tz_convert(zone)
        mine = (local.dt.tz_localize(None) - when.dt.tz_localize(None)).dt.total_seconds().to_numpy() / 60
        if (mine == said).all():
            return None if zone == _ZONES[0] else zone
    return None


# ------------------------------------------------------------------------------------------ the draft
def _q(s: Any) -> str:
    """A YAML scalar: quoted when plain text would be read as something else."""
    import json

    text = str(s)
    if re.fullmatch(r"[A-Za-z_][\w .()/%&+-]*", text) and not re.search(r":\s|\s#|^(true|false|yes|no|on|off|null)$",
                                                                       text, re.I) and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)


def _title(name: str) -> str:
    """A folder name as a reader's name: "acme_exports-2024" -> "Acme exports 2024"."""
    words = re.sub(r"[_\-.]+", " ", name).split()
    text = " ".join(words) or name
    return text[:1].upper() + text[1:]


def _slug(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_").lower()
    return s or "client"


def draft_yaml(plan: Plan, *, out_dir: Path | None = None) -> str:
    """The draft ``client.yml``: every guess commented with its evidence, what to review, what is missing."""
    out_dir = (out_dir or plan.folder).resolve()
    by_table = plan.by_table()
    lines = [f"# Drafted by `crmanalysis init` on {dt.date.today()} from {plan.folder}.",
             "# Review every line marked REVIEW, then run: crmanalysis validate <this file>",
             f"client_id: {_slug(plan.folder.name)}",
             f"name: {_q(_title(plan.folder.name))}   # REVIEW: the client's name as its report shows it",
             f"source: {plan.source}" + ("   # " + ", ".join(sorted({f.rec.obj.label for f in plan.files
                                                                    if f.vendor == plan.source and f.table}))
                                          if plan.source != "custom" else "   # no CRM recognised: every file mapped"),
             f"currency: {plan.currency}   # {'REVIEW: ' if 'no currency' in plan.currency_evidence else ''}"
             f"{plan.currency_evidence}",
             f"language: {plan.language}   # report language (en, nl, de or da)",
             "go_live: null   # REVIEW: the date the CRM went live (YYYY-MM-DD), for the ROI analysis"]
    if plan.locale:
        lines.append("locale: {" + ", ".join(f"{k}: {_q(v)}" for k, v in plan.locale.items()) + "}   # detected")
    if plan.timezone:
        lines.append(f"timezone: {plan.timezone}   # REVIEW: the offsets the exports write their times with "
                     f"(else each time would be moved to {ClientConfig.timezone})")
    lines.append("files:")
    for table, fps in by_table.items():
        rels = list(dict.fromkeys(_rel(f.path, out_dir) for f in fps))     # a workbook's sheets: its path once
        why = "; ".join(f"{f.label}: {f.rec.why}" for f in fps)
        value = _q(rels[0]) if len(rels) == 1 else "[" + ", ".join(_q(r) for r in rels) + "]"
        lines.append(f"  {table}: {value}   # {why}")
    mapped = {t: fps for t, fps in by_table.items() if not all(f.built_in_suffices(plan.source) for f in fps)}
    if mapped:
        lines.append("mapping:")
        for table, fps in mapped.items():
            lines += _mapping_lines(table, fps, out_dir)
    lines.append("")
    if "opportunity_history" in by_table and "opportunities" not in by_table:
        # a report of stage changes names each deal once per change: the deals themselves are another export
        lines.append("# REVIEW: only a deal history (a row per stage change) and no deals: each deal is taken as its "
                     "last change leaves it; the deals' own export (Salesforce: an Opportunities report) gives "
                     "their amounts and close dates as the CRM holds them now")
    for f in plan.files:
        if f.skipped:
            lines.append(f"# not used: {f.label}: {f.skipped}")
    for table, fps in by_table.items():
        for f in fps:
            if f.review:
                lines.append(f"# REVIEW {f.label}: " + "; ".join(f.review))
            if f.unplaced:
                lines.append(f"# {f.label}: columns no canonical column takes: " + ", ".join(f.unplaced[:40])
                             + (" …" if len(f.unplaced) > 40 else ""))
        missing = sorted(set.intersection(*(set(f.missing) for f in fps)))
        req = [c.name for c in TABLES[table] if c.required]
        if missing:
            lines.append(f"# {table}: not found in the exports: " + ", ".join(
                f"{m} (required)" if m in req else m for m in missing))
    return "\n".join(lines) + "\n"


def _rel(path: Path, base: Path) -> str:
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        import os

        return os.path.relpath(path.resolve(), base)


def _mapping_lines(table: str, fps: list[FilePlan], out_dir: Path) -> list[str]:
    """The ``mapping:`` entry of one table read from the files *fps*, each line with its evidence."""
    obj = fps[0].rec.obj if fps[0].rec else None
    built = V.mapping_for(obj, fps[0].rec.lang) if obj is not None else {}
    sheets = list(dict.fromkeys(f.sheet for f in fps))
    sheet = [f"    sheet: {_q(fps[0].sheet)}   # the workbook's sheet of {table}"] if sheets != [None] else []
    if len(sheets) > 1 and None not in sheets and len({f.path for f in fps}) == 1:
        # sheets of one layout in one workbook ("2025", "2026"): each is read, in the workbook's order
        sheet = ["    sheet: [" + ", ".join(_q(str(s)) for s in sheets) + f"]   # the workbook's sheets of {table}"]
    elif len(sheets) > 1:
        sheet = [f"    # REVIEW: the files are sheets {', '.join(map(str, sheets))}: a table reads one sheet a file"]
    return ([f"  {table}:"] + sheet + _column_lines(fps) + _constant_lines(fps)
            + _parse_lines(fps, out_dir) + _time_lines(fps, built) + _vendor_lines(fps, obj, built))


def _column_lines(fps: list[FilePlan]) -> list[str]:
    out = ["    columns:"]
    for canon in dict.fromkeys(c for f in fps for c in f.columns):
        guesses = [f.columns[canon] for f in fps if canon in f.columns]
        headers = list(dict.fromkeys(h for g in guesses for h in (g.header, *g.also)))
        value = _q(headers[0]) if len(headers) == 1 else "[" + ", ".join(_q(h) for h in headers) + "]"
        flag = "REVIEW " if any(g.how in ("fuzzy", "values") for g in guesses) else ""
        out.append(f"      {canon}: {value}   # {flag}{guesses[0].evidence}")
    # nothing placed: an empty mapping that validates and says what is missing, not a "columns:" of None
    return out if len(out) > 1 else ["    columns: {}   # REVIEW: no column was recognised; map them by hand"]


def _constant_lines(fps: list[FilePlan]) -> list[str]:
    """A value every row has (Zoho Events: meetings), and value words: for the table, or per file where they differ.

    One table of several objects' files (Salesforce's Tasks beside its EmailMessages) shares one mapping: a word
    map that one file's codes need ("5": a draft, any other code sent) read the other's "Not Started" as done.
    """
    consts = [f.constants for f in fps]
    shared = consts[0] and all(c == consts[0] for c in consts)
    table_values, own_values = _values_split(fps)
    lines = ["    constants: {" + ", ".join(f"{c}: {_q(v)}" for c, v in consts[0].items()) + "}"] if shared else []
    if table_values:
        lines += ["    values:"] + [f"      {canon}: {_words(vm)}" for canon, vm in table_values.items()]
    per_file = [(f, {} if shared else f.constants, own_values.get(id(f), {})) for f in fps]
    per_file = [(f, c, v) for f, c, v in per_file if c or v]
    if per_file:
        lines.append("    files:   # what holds for every row of one file")
        for f, c, v in per_file:
            keys = ([f"constants: {{{', '.join(f'{k}: {_q(x)}' for k, x in c.items())}}}"] if c else []) + (
                [f"values: {{{', '.join(f'{canon}: {_words(vm)}' for canon, vm in v.items())}}}"] if v else [])
            lines.append(f"      {_q(f.path.name)}: {{{', '.join(keys)}}}")
    return lines


def _words(vm: dict[str, str]) -> str:
    return "{" + ", ".join(f"{_q(k)}: {_q(v)}" for k, v in vm.items()) + "}"


def _values_split(fps: list[FilePlan]) -> tuple[dict[str, dict[str, str]], dict[int, dict[str, dict[str, str]]]]:
    """(the table's value words, each file's own): a column's words go to the files where the files' maps disagree.

    Each file's map is the vendor's words first and the file's own over them word by word (a meeting's "Scheduled"
    read by its date beside the vendor's "No show": not held). Two maps disagree where a word reads differently,
    or where one reads any other word ("*") and another file's words would be taken by it.
    """
    maps = []
    for f in fps:
        vendor = _vendor_values(f)
        maps.append({canon: {**vendor.get(canon, {}), **f.values.get(canon, {})}
                     for canon in dict.fromkeys([*vendor, *f.values])})
    table: dict[str, dict[str, str]] = {}
    own: dict[int, dict[str, dict[str, str]]] = {}
    for canon in dict.fromkeys(c for m in maps for c in m):
        # a file that reads the column without words of its own counts too: another's "*" would take its words
        those = [(f, m.get(canon, {})) for f, m in zip(fps, maps, strict=True) if canon in m or canon in f.columns]
        merged: dict[str, str] = {}
        clash = False
        for _, vm in those:
            clash |= any(merged.get(k, v) != v for k, v in vm.items())
            merged.update(vm)
        clash |= len({vm.get("*") for _, vm in those}) > 1
        if clash:
            for f, vm in (x for x in those if x[1]):
                own.setdefault(id(f), {})[canon] = vm
        else:
            table[canon] = merged
    return table, own


def _values_read(fp: FilePlan, canon: str) -> list[Any]:
    """The distinct values *canon* is read from: its header's, then those of its later spellings (``also``)."""
    g = fp.columns[canon]
    cols = [h for h in (g.header, *g.also) if h in fp.frame]
    return list(dict.fromkeys(v for h in cols for v in clean_text(fp.frame[h]).dropna().unique()))


def _vendor_values(fp: FilePlan) -> dict[str, dict[str, str]]:
    """The vendor's own value words of the columns placed, for the values the file has, and its default.

    A draft that writes a mapping (a Danish HubSpot contacts file whose "Post-id" no vendor name holds) left out
    what the built-in mapping knows: "Kunde" in the lifecycle stage is converted, any other stage is not. Without
    it, 900 of 900 stages were "neither yes nor no" and page 1 read "check before use".
    """
    obj = fp.rec.obj if fp.rec else None
    if obj is None or obj.vendor in ("generic", "canonical") or fp.frame is None:
        return {}
    out, built = {}, V.mapping_for(obj, fp.rec.lang).get("values", {})
    for canon in [c for c in fp.columns if c != "status" and (c in obj.values or c in obj.default)]:
        words = {k.lower(): v for k, v in built.get(canon, {}).items()}
        # the values of every spelling read: Salesforce's events fill "EventSubtype" ("Event", a meeting) where
        # "Type" is blank, and a map of Type's values alone read them as other
        seen = _values_read(fp, canon)
        vm = {str(v): words[str(v).lower()] for v in seen if str(v).lower() in words}
        if "*" in words and len(vm) < len(seen):
            vm["*"] = words["*"]
        if vm:
            out[canon] = vm
    return out


def _parse_lines(fps: list[FilePlan], out_dir: Path) -> list[str]:
    """scale, lookups, date_format and year."""
    out = []
    scale = {k: v for f in fps for k, v in f.scale.items()}
    if scale:
        why = {"probability": "a share written up to 100", "duration_min": "seconds to minutes",
               "talk_min": "seconds to minutes", "amount": "cents to the currency unit"}
        for canon in ("duration_min", "talk_min"):
            if 0 < scale.get(canon, 1) < 1e-4:
                why[canon] = "milliseconds to minutes"
        out.append("    scale: {" + ", ".join(f"{k}: {v:.10g}" if v < 1e-4 else f"{k}: {v}" for k, v in scale.items())
                   + "}   # " + "; ".join(why.get(k, k) for k in scale))
    lookups = {k: v for f in fps for k, v in f.lookups.items()}
    if lookups:
        out.append("    lookups:")
        out += [f"      {canon}: {{table: {lk['table']}, match: {lk['match']}, return: {lk['return']}}}"
                "   # the export writes names; the ids come from that file" for canon, lk in lookups.items()
                if "table" in lk]
        out += [f"      {canon}: {{file: {_q(_rel(lk['file'], out_dir))}, key: {_q(lk['key'])}, on: {lk['on']}, "
                f"column: {_q(lk['column'])}}}   # REVIEW: the ratings file's scores, by ticket id"
                for canon, lk in lookups.items() if "file" in lk]
    for key in ("date_format", "year"):
        items = {k: v for f in fps for k, v in getattr(f, key).items()}
        if items:
            out.append(f"    {key}: {{" + ", ".join(f"{k}: {_q(v)}" for k, v in items.items()) + "}"
                       + ("   # REVIEW: the export has no year" if key == "year" else ""))
    return out


def _time_lines(fps: list[FilePlan], built: dict[str, Any]) -> list[str]:
    """combine_time: what the plan found, and the vendor's own time columns present in the files (one key)."""
    headers = {h for f in fps for h in _headers(f.frame)}
    times = {k: v for f in fps for k, v in f.combine_time.items()}
    for canon, hs in built.get("combine_time", {}).items():
        present = [h for h in hs if h in headers]
        if canon not in times and present:
            times[canon] = present[0]
    if not times:
        return []
    return ["    combine_time:   # the time of day (or the day of the month) is in a column of its own"] + [
        f"      {canon}: {_q(h)}" for canon, h in times.items()]


def _derived_line(canon: str, v: dict[str, Any]) -> str:
    """One derived column of a draft's own, as its mapping line."""
    if "scale" in v and "per" not in v:
        return f"      {canon}: {{from: {_q(v['from'])}, scale: {v['scale']}}}"
    if "sum" in v:
        return f"      {canon}: {{sum: {{{', '.join(f'{_q(h)}: {w}' for h, w in v['sum'].items())}}}}}"
    if "year_month" in v:
        return f"      {canon}: {{year_month: [{', '.join(_q(h) for h in v['year_month'])}]}}"
    if "none_of" in v:
        return f"      {canon}: {{none_of: [{', '.join(_q(h) for h in v['none_of'])}]}}"
    if "only_where" in v:
        w = v["only_where"]
        return (f"      {canon}: {{from: {_q(v['from'])}, only_where: {{column: {_q(w['column'])}, "
                f"equals: [{', '.join(map(_q, w['equals']))}]}}}}")
    times = f", times: {_q(v['times'])}" if v.get("times") else ""
    times += f", plus: {_q(v['plus'])}" if v.get("plus") else ""      # the add-ons of a billing period
    every = f", every: {_q(v['every'])}" if v.get("every") else ""
    if "per" not in v:
        return f"      {canon}: {{from: {_q(v['from'])}{times}}}"
    per = f"[{', '.join(_q(h) for h in v['per'])}]" if isinstance(v["per"], list) else _q(v["per"])
    z = v.get("zero_where")
    zero = f", zero_where: {{column: {_q(z['column'])}, equals: [{', '.join(map(_q, z['equals']))}]}}" if z else ""
    scale = f", scale: {v['scale']}" if "scale" in v else ""          # a price in cents
    less = f", less: {_q(v['less'])}" if v.get("less") else ""        # a total's tax
    return f"      {canon}: {{from: {_q(v['from'])}{less}{scale}, per: {per}{times}{every}{zero}}}"


def _vendor_lines(fps: list[FilePlan], obj: V.VendorObject | None, built: dict[str, Any]) -> list[str]:
    """The vendor table's derived columns, row filter (where) and status flags, as the built-in mapping has them."""
    out = []
    present = {V.normalise(h): h for f in fps for h in _headers(f.frame)}
    # the vendor names a derived column's source by each of its spellings; the draft names the one the file has
    # (a count of days back from a date, HighLevel's close day, stays the built-in mapping's own)
    derived = {canon: (src[0], v["scale"]) for canon, v in built.get("derived", {}).items() if "from" in v
               and (src := [present[V.normalise(h)] for h in _as_list(v["from"]) if V.normalise(h) in present])}
    own = {k: v for f in fps for k, v in f.derived.items() if k not in derived}
    if derived or own:
        out.append("    derived:")
        out += [_derived_line(canon, {"from": src, "scale": scale}) for canon, (src, scale) in derived.items()]
        out += [_derived_line(canon, v) for canon, v in own.items()]
    where = obj.extra.get("where") if obj is not None else None
    # a column named alone ("Status") is one header, not its letters: LiveAgent's filter of its spam was left out
    if where and present.keys() & {V.normalise(c) for c in _as_list(where["column"])}:
        # a vendor keeps the rows of its values (Odoo's leads: type lead), or leaves those out (Zuora's "Expired")
        key = "equals" if "equals" in where else "not"
        cols, values = [str(c) for c in _as_list(where["column"])], [str(e) for e in where[key]]
        out.append(f"    where: {{column: {cols}, {key}: {values}}}".replace("'", '"'))
    elif own_where := next((f.where for f in fps if f.where), None):
        out.append(f"    where: {{column: {_q(own_where['column'])}, "
                   f"not: [{', '.join(_q(v) for v in own_where['not'])}]}}")
    found = {h for f in fps for h in _flag_headers(f.frame, obj)}
    if obj is not None and "flags" in obj.extra and found:
        # a spreadsheet's own flags by the headers it has: the generic list holds every language's
        flags = obj.extra["flags"] if obj.vendor != "generic" else {
            k: [h for h in found if V.normalise(h) in {V.normalise(x) for x in hs}]
            for k, hs in obj.extra["flags"].items()}
        items = ", ".join(f"{k}: [{', '.join(_q(h) for h in hs)}]" for k, hs in flags.items())
        out.append("    flags: {" + items + "}")
    return out
