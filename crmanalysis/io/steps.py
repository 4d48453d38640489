"""The steps of reading one export file, one per documented mapping key (README "Custom mappings").

:func:`crmanalysis.io.ingest.ingest_file` runs them in order on one :class:`FileIngest`:
``where`` → ``columns`` → ``constants`` → ``derived`` → required columns → ``flags`` →
``values`` → survey words → ``lookups`` → ``combine_time`` → parsing (``date_format``, ``year``, ``scale``)
→ row rules (ids, duplicates, currencies). Each step reads the export's text columns and
writes canonical columns into ``FileIngest.out``; a row a step cannot use is rejected once,
with the first reason found, in :class:`Rejections`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..config import ClientConfig, inside
from ..data import CANCELLED_CASES, MISSED_CONTACTS
from ..i18n import Note
from ..schema import TABLES, dtype_of, extra_columns
from .guess import currency_codes
from .quality import _MAX_ROWS_LISTED, DataQualityReport
from .readers import (
    ReadError,
    arrow_text,
    by_distinct,
    clean_text,
    factorize_text,
    first_occurrence,
    labels,
    may_be_any_of,
    parse_bools,
    parse_dates,
    parse_numbers,
    read_raw,
    spread,
)

__all__ = ["FileIngest", "Rejections", "STEPS"]

_ORDER_OF = {"%d": "dmy", "%m": "mdy"}
_EARLIEST = pd.Timestamp("1950-01-01")        # no CRM record is older: earlier dates are placeholders
_ALLOWED = {"status": ("open", "won", "lost"),
            "type": ("call", "meeting", "email", "visit", "demo", "task", "other")}
_REPEATING_IDS = ("opportunity_history", "touchpoints", "contracts")      # ids repeat there by design


def as_list(v: Any) -> list[str]:
    """A mapping value as a list of headers (one header, or a list of alternatives)."""
    if v is None:
        return []
    return [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]


def resolve(headers: list[str], wanted: list[str]) -> list[str]:
    """The export headers named by *wanted*, in *wanted*'s order.

    Matched case-insensitively, then as the vendor tables compare names (``Deal - Value`` and
    ``Deal Value``, ``Négócio`` and ``Negocio``: :func:`crmanalysis.io.vendors.normalise`); of two
    equal headers the first. A header *wanted* names as it is written comes before one only like
    another *wanted* name: of ``status: [Deal Stage, Deal - Status]`` (a HubSpot and a Pipedrive file of
    one table) Pipedrive's file reads its "Deal - Status", not its "Deal - Stage" (which is like "Deal Stage").
    """
    from .vendors import normalise, plain

    low: dict[str, str] = {}
    norm: dict[str, str] = {}
    for h in headers:
        low.setdefault(h.lower(), h)
        norm.setdefault(normalise(h), h)
        norm.setdefault(plain(normalise(h)), h)
    exact = [low[w.lower()] for w in wanted if w.lower() in low]
    alike = [h for w in wanted if (h := norm.get(normalise(w)) or norm.get(plain(normalise(w))))]
    return list(dict.fromkeys(exact + alike))


_TEST_LEAD_HEADER = "full_name"
#: a lead form download's yes / no column for its test leads (LinkedIn's "Test Lead")
_TEST_LEAD_FLAGS = ("test lead", "is test lead", "is test")
#: a payment provider's column that says a record was made in its test mode (Mollie's "mode", Stripe's "livemode")
# Lemon Squeezy's "test_mode": true is a test
_TEST_MODE = ("mode", "modus", "livemode", "live mode", "test mode",
              "Account.TestAccount__c", "test account")       # Zuora's custom field on its test accounts


#: the header of the ticket a ticket was merged into ("Merged Into", "Zusammengeführt mit", "Fusionné avec")
_MERGED_FLAG_HEADER = re.compile(r"merged|is merged|zusammengeführt|samengevoegd|fusionn[ée]e?|sammenlagt",
                                 re.IGNORECASE)
_MERGED_INTO_HEADER = re.compile(r"(?:merged|merge) ?(?:into|to|with|target)(?: (?:ticket|conversation|case|issue))?"
                                 r"(?: ?(?:id|#|number|no\.?))?|zusammengeführt (?:in|mit)|samengevoegd (?:met|in)|"
                                 r"fusionn[ée]e? (?:avec|dans)|fusionad[oa] (?:con|en)|unit[oa] (?:a|con)|"
                                 r"(?:lagt )?sammen(?:lagt|flettet) med", re.IGNORECASE)


#: the header of a person's e-mail address ("Email", Pipedrive's "Person - Email - Work", "Courriel")
_EMAIL_HEADER = re.compile(r"e-?mail|courriel|correo", re.IGNORECASE)
#: a header about e-mails, not an address: Apollo's "Email Status", "Email Sent", "Email Open", "Email Confidence"
_EMAIL_NOT_ADDRESS = re.compile(r"status|sent|open|click|bounce|confidence|source|catch|verified|domain|opt|"
                                r"unsubscr|count|date|\bat\b|repl", re.IGNORECASE)


def read_by(mapping: dict[str, Any] | None, headers: list[str], table: str | None = None) -> list[str] | None:
    """The headers a mapping of *table* can read: every one that a word anywhere in it names (None: all).

    Generous on purpose: a value word that happens to equal a header only costs that column's
    conversion. The steps look headers up with :func:`resolve`, and so does this.
    """
    if mapping is None:
        return None
    words: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                words.append(str(k))
                walk(v)
        elif isinstance(x, list | tuple):
            for v in x:
                walk(v)
        elif x is not None:
            words.append(str(x))

    walk(mapping)
    # a lead form's name, where an ad platform marks its test leads ("<test lead: dummy data for full_name>")
    words += [_TEST_LEAD_HEADER, *_TEST_LEAD_FLAGS, *_TEST_MODE]
    # and what the row rules of the table read beside the mapping: a record's name, where a test record says it is
    # one; a calendar's flag of an invitee's copy
    if table in _TEST_RECORD_TABLES:
        words += [h for h in headers if _says_test(h) or _TRASHED_HEADER.fullmatch(h.strip())]
    if table in _TEST_PARTY_TABLES:               # a record's customer, where a test customer says it is one
        words += _party_headers(headers)
    if table == "activities":
        words += list(_COPY_FLAGS) + [h for ends in _CALL_ENDS for h in ends] + _PARENT_CALL + _OWN_LINE + _THEIR_NUMBER
        words += [h for h in headers if _REACH_HEADER.fullmatch(h.strip())]
        words += _CALL_NUMBER
    if table == "leads":                          # how far a form's response got
        words += list(_RESPONSE_HEADER)
    if table == "leads":                          # a lead's e-mail address and name: the same person's lead again
        words += [h for h in headers if _EMAIL_HEADER.search(h) and not _EMAIL_NOT_ADDRESS.search(h)
                  or _lead_name_header(h)]
    if table == "cases":
        words += [*_QUEUE_HEADERS, *(h for h in headers if _MERGED_INTO_HEADER.fullmatch(h.strip())
                                     or _MERGED_FLAG_HEADER.fullmatch(h.strip())
                                     or _RECORD_TYPE_HEADER.fullmatch(h.strip()) or _TITLE_HEADER.fullmatch(h.strip())
                                     or _AI_AGENT_FLAG.fullmatch(h.strip()) or _RESOLVER_HEADER.fullmatch(h.strip()))]
        words += _party_headers(headers)
    if table == "opportunities":
        words += _lost_reason_headers(headers)
    return resolve(headers, list(dict.fromkeys(words)))


def same_headers(headers: list[str]) -> dict[str, list[str]]:
    """Headers that occur more than once (case-insensitively; the reader names repeats "Amount.1")."""
    groups: dict[str, list[str]] = {}
    for h in headers:
        groups.setdefault(re.sub(r"\.\d+$", "", h).lower(), []).append(h)
    return {k: v for k, v in groups.items() if len(v) > 1}


def coalesce(frame: pd.DataFrame, cols: list[str]) -> pd.Series:
    """First non-empty value per row among *cols* (stripped text; empty → missing)."""
    out = None
    for c in cols:
        v = clean_text(frame[c])
        out = v if out is None else out.fillna(v)
    return out


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_PARALLEL_ROWS = 50_000


def map_columns(fn: Callable[[Any], Any], items: list[Any], rows: int) -> list[Any]:
    """``[fn(x) for x in items]``, on a small thread pool for large files (column work is GIL-free)."""
    global _POOL
    if rows < _PARALLEL_ROWS or len(items) < 2 or (os.cpu_count() or 1) < 2:
        return [fn(x) for x in items]
    with _POOL_LOCK:                       # the batch ingests clients on several threads at once
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1),
                                       thread_name_prefix="crmanalysis-ingest")
    return list(_POOL.map(fn, items))


class Rejections:
    """Per row: rejected or not, and the first reason, column and value found."""

    def __init__(self, n: int) -> None:
        self.is_rej = np.zeros(n, bool)
        # the text of a reason is kept only once a row is rejected: most files reject none
        self.reason = self.column = self.value = np.zeros(0, dtype=object)

    def mark(self, mask: pd.Series | np.ndarray, col: str, reason: str, values: pd.Series | None = None) -> None:
        """Reject the rows of *mask* not rejected yet, with *reason* (and the cell *values*)."""
        m = mask.fillna(False).to_numpy(bool) if isinstance(mask, pd.Series) else np.asarray(mask, bool)
        m = m & ~self.is_rej
        if not m.any():
            return
        if len(self.reason) != len(m):
            self.reason, self.column, self.value = (np.full(len(m), "", dtype=object) for _ in range(3))
        self.is_rej[m] = True
        self.reason[m] = reason
        self.column[m] = col
        if values is not None:
            self.value[m] = values[m].astype("string").fillna("").to_numpy()


@dataclass
class FileIngest:
    """One export file on its way into canonical rows of ``table``."""

    table: str
    fname: str
    frame: pd.DataFrame                      # the export as text columns plus ``_row``
    mapping: dict[str, Any]
    config: ClientConfig
    report: DataQualityReport
    source: str                              # custom | canonical | the vendor
    context: dict[str, pd.DataFrame] = field(default_factory=dict)
    out: pd.DataFrame = field(init=False)
    rejects: Rejections = field(init=False)
    excluded: pd.Series = field(init=False)
    header_of: dict[str, str] = field(default_factory=dict)
    unmapped: set[str] = field(default_factory=set)       # required dates no column is mapped to
    flags_status: pd.Series | None = None
    flags_known: np.ndarray | None = None
    flags_closed: pd.Series | None = None       # closed flag alone (Bitrix24 CLOSED Y/N)
    row_ids: bool = False                        # ids are the file's row numbers
    first_seen: np.ndarray | None = None
    all_headers: list[str] = field(default_factory=list)
    said_rows: list[tuple[dict[str, Any], np.ndarray]] = field(default_factory=list)   # each issue and its rows

    def __post_init__(self) -> None:
        self.out = pd.DataFrame(index=self.frame.index)
        self.rejects = Rejections(len(self.frame))
        self.excluded = pd.Series(False, index=self.frame.index)

    @property
    def n(self) -> int:
        """Rows in the file."""
        return len(self.frame)

    @property
    def headers(self) -> list[str]:
        """The export's own headers (``frame`` holds the ones the mapping reads)."""
        return self.all_headers or [c for c in self.frame.columns if c != "_row"]

    @property
    def locale(self) -> dict[str, Any]:
        """The client's locale hints."""
        return self.config.locale

    @property
    def id_column(self) -> str | None:
        """The table's required id, when ids must be unique in it."""
        if self.table in _REPEATING_IDS:
            return None
        return next((c.name for c in TABLES[self.table] if c.required and c.dtype == "id"), None)

    def label(self, canon: str) -> str:
        """``"Waarde" (amount)``: the export's own header first, then the canonical column."""
        h = self.header_of.get(canon)
        return f'"{h}" ({canon})' if h and h != canon else canon

    def add(self, severity: str, canon: str | None, message: str, fix: str = "", **kw: Any) -> None:
        """Record an issue of this file about canonical column *canon*."""
        self.report.add(severity, self.table, self.fname, self.label(canon) if canon else None, message, fix,
                        canonical=canon or "", header=self.header_of.get(canon, "") if canon else "", **kw)
        rows = np.asarray(kw.get("rows", ()), dtype=np.int64).ravel()
        # a doubt about rows that a later step leaves out is moot (ingest drops it); the note that leaves them out,
        # said once they are out, is no doubt: registered, it was dropped with them and the rows went unexplained
        if len(rows) and not np.isin(rows, self.frame["_row"].to_numpy()[self.excluded.to_numpy(bool)]).all():
            self.said_rows.append((self.report.issues[-1], rows))

    def rows(self, mask: Any) -> pd.Series:
        """The 1-based file rows of *mask*."""
        return self.frame.loc[np.asarray(mask, bool) if not isinstance(mask, pd.Series) else mask, "_row"]

    def keep(self) -> pd.Series:
        """Rows neither rejected nor excluded so far."""
        return pd.Series(~self.rejects.is_rej, index=self.frame.index) & ~self.excluded

    def get(self, key: str) -> dict[str, Any]:
        """A mapping key's entries (empty when the mapping does not use it)."""
        return self.mapping.get(key) or {}


# ---------------------------------------------------------------------------------- where
def step_where(st: FileIngest) -> None:
    """``where``: keep only rows whose column equals one of the values (``equals``), or none of them (``not``).

    ``not`` keeps a value the export adds later: Stripe's subscriptions without "incomplete_expired" keep next
    month's "unpaid" ones, where a list of the statuses seen would have excluded them.
    """
    where = st.mapping.get("where")
    chosen = _rows_where(st, where)
    if chosen is None:
        return
    st.excluded = ~chosen
    if st.excluded.any():
        col = resolve(st.headers, as_list(where.get("column")))[0]
        wanted = sorted({str(x) for x in as_list(where.get("equals"))})
        # said in the report's language: Deskpro's 38 "Gelöscht" tickets were "1 technical finding in the
        # consultant's data-quality report" of a German appendix that lists every row left out
        key, values = ("dq.where_not", wanted) if wanted else \
            ("dq.where_is", sorted({str(x) for x in as_list(where.get("not"))}))
        st.report.add("info", st.table, st.fname, col,
                      Note(key, n=int(st.excluded.sum()), column=col, values=" / ".join(f'"{v}"' for v in values)),
                      rows=st.rows(st.excluded)[:_MAX_ROWS_LISTED], left_out=True)


def _rows_where(st: FileIngest, spec: Any) -> pd.Series | None:
    """The rows ``{column, equals: [...]}`` or ``{column, not: [...]}`` names, in any case; None without the column.

    The one reading of ``where`` (the rows kept) and of a derived column's ``zero_where`` (the rows set to 0).
    """
    if not isinstance(spec, dict):
        return None
    cols = resolve(st.headers, as_list(spec.get("column")))
    if not cols:
        return None
    wanted = {str(x).lower() for x in as_list(spec.get("equals"))}
    unwanted = {str(x).lower() for x in as_list(spec.get("not"))}
    vals = clean_text(st.frame[cols[0]]).str.strip().str.lower()
    chosen = vals.isin(wanted).fillna(False) if wanted else pd.Series(True, index=vals.index)
    return chosen & ~vals.isin(unwanted).fillna(False)


_GROUP_ROW = r"^\s*\S.*\(\d+\)\s*$"


def step_group_rows(st: FileIngest) -> None:
    """Rows that head a group in an export grouped by a field ("Won (22)" in Odoo's xlsx): excluded, counted.

    Such a row has the group's name and count in the first column and no id of its own.
    """
    idc = st.id_column
    if idc is None or idc not in st.out or not st.headers:
        return
    cand = np.flatnonzero((st.out[idc].isna() & ~st.excluded).to_numpy(bool))   # only rows without an id
    if not len(cand):
        return
    first = clean_text(st.frame[st.headers[0]].iloc[cand])
    hit = first.str.match(_GROUP_ROW).fillna(False).to_numpy(bool)
    if hit.any():
        group = np.zeros(st.n, bool)
        group[cand[hit]] = True
        _exclude(st, group, None, Note("dq.group_rows", n=int(hit.sum()), example=str(first[hit].iloc[0])))


def _exclude(st: FileIngest, rows: Any, canon: str | None, note: Note) -> None:
    """Leave *rows* (a mask) out on purpose, said once as an info naming them: appendix B's reason for them."""
    rows = np.asarray(rows, bool)
    st.excluded = st.excluded | pd.Series(rows, index=st.excluded.index)
    st.add("info", canon, note, rows=st.rows(rows), left_out=True)


def step_summary_row(st: FileIngest) -> None:
    """A spend report's summary row: its spend is the sum of every other row's (Meta's "Include summary row").

    Meta writes it first, dated from the report's first day to its last and without a campaign: read as a row,
    November 2025 held the whole year's €8,000 of spend beside its own €973.
    """
    if st.table != "marketing_spend" or "amount" not in st.out or st.n < 4:
        return
    label = next((c for c in ("campaign_id", "channel") if c in st.out), None)
    if label is None:
        return
    amount = parse_numbers(st.out["amount"], decimal=st.locale.get("decimal"))[0].where(~st.excluded)
    rest = amount.sum() - amount
    # without a campaign of its own: one campaign of 100 beside three of 50, 30 and 20 is no sum of them
    unnamed = clean_text(st.out[label]).isna().to_numpy(bool)
    hit = (amount.abs() > 0) & ((amount - rest).abs() <= 0.005 * amount.abs() + 0.01) & unnamed
    if hit.sum() == 1 and (~unnamed).sum() >= 3:
        row = hit.fillna(False).to_numpy(bool)
        _exclude(st, row, "amount", Note("dq.summary_row", n=1, amount=f"{amount[row].iloc[0]:,.2f}"))


def step_test_leads(st: FileIngest) -> None:
    """The test leads an ad platform writes into a lead form's download (Meta's Lead Ads Testing Tool).

    Its name and phone read "<test lead: dummy data for full_name>": counted, they were two of October's 32 leads.
    """
    if st.table != "leads":
        return
    marked = [(h, clean_text(st.frame[h]).str.startswith("<test lead").fillna(False).to_numpy(bool), "dq.test_leads")
              for h in resolve(st.headers, [_TEST_LEAD_HEADER])]
    # LinkedIn's "Test Lead" of Yes / No: read only where every value is one of the two
    marked += [(h, flag.fillna(False).to_numpy(bool), "dq.test_leads_flagged")
               for h in resolve(st.headers, list(_TEST_LEAD_FLAGS))
               for flag, bad in [parse_bools(st.frame[h])] if not bad.any()]
    for h, test, key in marked:
        test &= ~st.excluded.to_numpy(bool)
        if test.any():
            _exclude(st, test, None, Note(key, n=int(test.sum()), column=h))
            return


#: a form's column of how far each response got: Typeform's "Response Type" (completed, partial), Jotform's
#: "Submission Status", Tally's "Status"
_RESPONSE_HEADER = ("Response Type", "Submission Status", "Response Status", "Completion Status")
_UNFINISHED = frozenset({"partial", "incomplete", "abandoned", "started", "in progress", "unfinished", "draft"})
_FINISHED = frozenset({"completed", "complete", "submitted", "finished"})


def step_unfinished_responses(st: FileIngest) -> None:
    """A form's response left half-way is no lead: Typeform's "partial" responses have no "Submit Date".

    Kept, 679 of a demo form's 2,027 responses were leads without a creation date, and page 1 asked to check them.
    Only where the column also holds finished responses.
    """
    if st.table != "leads":
        return
    for h in resolve(st.headers, list(_RESPONSE_HEADER)):
        said = clean_text(st.frame[h]).str.strip().str.casefold()
        if not said.isin(_FINISHED).any():
            continue
        hit = said.isin(_UNFINISHED).fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any():
            _exclude(st, hit, None, Note("dq.unfinished_responses", n=int(hit.sum()), column=h,
                                         example=str(st.frame[h][hit].iloc[0])))


#: a record's name or subject, where a CRM's users mark the records they made to try it out ("Deal Name", Pipedrive's
#: "Deal - Titel", RD Station's "Nome", Zoho Desk's "Betreff", LinkedIn's "Lead Type", Bitrix24's "Auftragsname")
_TITLE_HEADER = re.compile(r"(?:(?:deal|opportunity|lead|ticket|case|issue|auftrags?|call|meeting|task|activity)"
                           r"[\s_]*-?[\s_]*|"
                           # Pipedrive's record prefix in any language: "Negocio - Título", "Affaire - Titre"
                           r"[^\W\d_]+ - )?(?:name|title|titel|naam|"
                           r"subject|betreff|onderwerp|summary|emne|nome|nom|asunto|assunto|t[ií]tulo|type|typ|oggetto|"
                           r"tytuł|nazwa|naam deal|dealnaam|"            # HubSpot's Dutch "Naam deal"
                           # ServiceNow's "Short description" (its list's "short_description"), an incident's title,
                           # in German "Kurzbeschreibung"
                           r"short[\s_]?description|kurzbeschreibung|korte beschrijving|description courte|"
                           # webCRM's "Beskrivelse", SuperOffice's "Salg", Lime's "Namn": a deal's heading
                           r"beskrivelse|beskrivning|omschrijving|bezeichnung|salg|namn|navn|heading|overskrift|rubrik|"
                           # GLPI's "Titre", TOPdesk's "Korte omschrijving (Details)"
                           r"titre|titolo|korte omschrijving(?: \(details\))?|"
                           # Dynamics' French "Rubrique" (a deal's topic), its "Sujet" and "Objet"
                           r"rubrique|sujet|objet|"
                           # CAS genesisWorld's "Stichwort" (a deal's keyword): "Testchance bitte ignorieren"
                           r"stichwort|schlagwort|"
                           # HubSpot's Dutch "Titel vergadering", its English "Meeting name", "Call title"
                           r"(?:titel|onderwerp|naam) (?:van de )?(?:vergadering|afspraak|gesprek|taak|activiteit)|"
                           r"(?:meeting|call|task) (?:name|title)|(?:titel|betreff) (?:des |der )?(?:meetings?|"
                           r"besprechung|termins?|anrufs?)|"
                           # a board's item named by what it is: monday.com's name column renamed "Deal"
                           r"deal|item|elemento|élément|"
                           # an activity's title: HubSpot's Spanish "Título de la llamada", French "Titre de l'appel"
                           r"t[ií]tulo d[ae] (?:la )?(?:llamada|reuni[óo]n|tarea|actividad|chamada|tarefa|atividade)|"
                           r"titre de l['’](?:appel|activité)|titre de la (?:réunion|tâche)|"
                           r"titolo (?:della |dell['’])?(?:chiamata|riunione|attività)|"
                           # Odoo's list of crm.lead names its name column by the record: "Verkoopkans", "Opportunity"
                           r"verkoopkans|opportunity|verkaufschance|opportunité|oportunidad|oportunidade|"
                           # Kommo's "Nombre del lead", in Portuguese "Nome do lead"
                           r"nombre|nombre del? (?:lead|negocio|trato|ticket|caso)|nome do (?:lead|negócio|ticket)|"
                           # Zoho's French "Nom de l'affaire", Italian "Nome opportunità"
                           r"nom de l['’](?:affaire|opportunité)|nom de la transaction|nombre de la oportunidad|"
                           r"nome (?:dell['’])?opportunità|nome (?:della )?trattativa|nome (?:dell['’])?affare|"
                           # amoCRM's Russian "Название сделки"
                           r"название(?: сделки| лида)?|наименование)",
                           re.IGNORECASE)
#: the words with which a record asks to be left out: "please ignore", "niet meetellen", "bitte ignorieren"
_LEAVE_OUT = (r"please ignore|ignore|no contestar|não mexer|nao mexer|não apagar|não usar|não contar|"
              r"ignorieren|bitte ignorieren|negeren|niet meetellen|niet tellen|não considerar|nao considerar|"
              r"do not count|don'?t count|not count|do not use|don'?t use|niet gebruiken|nicht verwenden|"
              r"ignorer|ignorar|nicht zählen|nicht berücksichtigen|"
              r"ikke medregn|skal ikke tælles|"
              # "TEST - slet", "TEST salg - må slettes": to delete
              r"slet|slettes|slett|delete|to delete|verwijderen|löschen|radera|ta bort|"
              # Axonaut's "TEST - ne pas traiter" (do not process)
              r"ne pas traiter|ne pas compter|ne pas utiliser|à supprimer|no usar|no contar|niet verwerken|"
              r"no tocar|no borrar|no eliminar|"
              # a test record kept on purpose: "TEST - niet verwijderen" (do not delete)
              r"niet verwijderen|nicht löschen|do not delete|don'?t delete|ikke slet|ne pas supprimer|"
              # Sugar's Italian "TEST opportunità - non toccare" (do not touch)
              r"non toccare|do not touch|don'?t touch|niet aankomen|nicht anfassen|non usare|non contare|"
              r"da eliminare|da cancellare|non considerare|nie ruszać|nie usuwać|do usunięcia|"
              r"не трогать|не учитывать|не считать|удалить")

#: a test record by its name: "TEST deal - niet meetellen", "Teste - não considerar", "Testticket bitte ignorieren",
#: "TEST DEAL - please ignore", Salesflare's "Demo opp (delete me)"; or a name that is nothing but the word ("TEST",
#: LinkedIn's "Lead Type" Test, Lime's "Testaffär" and "TEST 2")
_TEST_NAME = re.compile(r"^\W*(?:test\w*|teste|demo|prueba|тест\w*)\b.*\b(?:" + _LEAVE_OUT + r")\b"
                        # the word said twice counts as once: Bitrix24's "тест тест", "Test test 2"; an e-mail's
                        # reply or forward of it made into a record: "Re: тест", "AW: Test"
                        r"|^\W*(?:(?:re|fwd?|aw|wg|sv|vs|tr|rv|r)\s*:\s*)*(?:(?:test|teste|prueba|тест)\W+)?"
                        r"(?:test|teste|testing|prueba|test deal|test ticket|testticket|test lead|test kunde|"
                        r"test customer|test klant|testkunde|testklant|testaffär|testaffære|testsalg|testsag|"
                        r"testopportunity|test opportunity|test opp|test call|test meeting|test e-?mail|testanruf|"
                        # a help desk's try of its own form: "Testing ticket", "This is only a test."
                        r"testing ticket|testing incident|this is (?:only |just )?a test(?: ticket| e-?mail)?|"
                        r"testtermin|test verkoopkans|testverkoopkans|test kans|"
                        # amoCRM's Russian "Тест", "Тестовая сделка" (not "Тестомес", a dough mixer)
                        r"тест|тестовая сделка|тестовый лид|тестовая заявка|"
                        # a keyboard's first row typed to try a form: "asdf", "qwerty"
                        r"asdf\w*|qwert\w*|qwertz\w*|azerty)\W*\d{0,3}\W*$"
                        # a test of a set-up, at most two words between: "TEST Freshsales workflow", "test odoo
                        # koppeling", "Test Webformular", "test mailimport", "TEST - new email template check"
                        r"|^\W*(?:test|prueba|prova|teste)\W+(?:[\w.]+\W+){0,2}(?:workflow|koppeling|integra\w*|"
                        r"collecteur(?: mail)?|(?:mail )?collector|"
                        r"import\w*|mailimport|e-?mail ?import|(?:web|kontakt|contact)? ?-?form\w*|\w*formul\w*|sync|"
                        r"zapier|webhook|api|vorlage|template|sjabloon|skabelon|widget|chatbot)(?:\W+check)?\W*$"
                        # or right after the word: Sugar's "test integrazione centralino" (the switchboard's link),
                        # HubSpot's "test formation équipe" (a team's training)
                        r"|^\W*(?:test|prueba|prova|teste|тест)\W+(?:workflow|koppeling|integra\w*|import\w*|mailimport|"
                        r"интеграци\w*|"
                        r"web ?-?form\w*|\w*formul\w*|zapier|webhook|formation|formación|formazione|schulung|"
                        r"opleiding|training|chat|chat ?flow|chatbot)\b"
                        # a record's own word before it, in French and Spanish word order: "Transaction test
                        # intégration Zapier", "Negocio de prueba"
                        r"|^\W*(?:transaction|affaire|opportunité|ticket|appel|réunion|negocio|trato|oportunidad|"
                        r"llamada|сделка|заявка)\s+(?:de\s+)?#?(?:test|prueba|тест)\b"
                        # a record of trying out: "Chiamata di prova", "Llamada de prueba", "Ticket de teste"
                        r"|^\W*[^\W\d_]+\s+(?:di prova|de prueba|de teste|de test)\W*\d{0,3}\W*$"
                        # GLPI's "Test création ticket par mail": a test of making one
                        r"|^\W*test\W+(?:de\W+)?(?:création|creation|aanmaak|anlage|erstellung)\b"
                        # a record's own word joined to test opens the name: "Testmelding opleiding nieuwe collega",
                        # or stands beside it: "Test deal for Acme" ("Testumgebung SAP" is a ticket about a test system)
                        r"|^\W*(?:test(?: ?| - )(?:melding|ticket|anfrage|deal|lead|kunde|klant|affär|sag|salg|sale|"
                        r"verkoopkans|"
                        r"opportunity|opp|auftrag|bestelling|order|anruf|termin|call|meeting|incident|aanvraag|demande|"
                        r"oportunidad|oportunidade|opportunità|opportunité|affaire|verkaufschance|trattativa|chiamata|"
                        r"riunione|llamada|reunión|chamado|"
                        # an activity's own word: Dynamics' Dutch "Test telefoongesprek", "Testanruf"
                        r"telefoongesprek|gesprek|telefonat|opkald|samtale|appel|chamada|afspraak|vergadering|"
                        r"besprechung|møde|e-?mail|taak|aufgabe|task|"
                        r"ärende|sak|offerte|angebot))\b"
                        # "Acme renewal (TEST)"; a CRM's own sample, HighLevel's "(Example) Deal with Jordan Smith"
                        # or "(test workflow)" behind a name
                        r"|[(\[]\s*(?:test|example|sample|beispiel|voorbeeld|exemple|ejemplo|eksempel|muestra|esempio|exemplo)"
                        r"(?:\s+\w+)?\s*[)\]]",
                        re.IGNORECASE)


_TEST_RECORD_TABLES = ("opportunities", "leads", "cases", "activities")      # vtiger's "TEST meeting - ignore"
#: a record's tags, where a test record is tagged so (Freshdesk's and Zammad's "Tags": "test")
_TAGS_HEADER = re.compile(r"(?:conversation |ticket |case )?(?:tags?|labels?)|"       # Intercom's "Conversation tag"
                          r"schlagw(?:ö|oe)rter|schlagworte|etiketten|étiquettes|etiquetas|etichette|"
                          r"balises|mots[- ]cl[ée]s|теги|метки", re.IGNORECASE)
#: a tag that says test, among a record's tags
#: (not "demo": a call or meeting tagged so is a product demo to a customer, Aircall's "demo")
_TEST_TAG = re.compile(r"(?:^|[,;\s])(?:test|testing|testdata|тест)(?:[,;\s]|$)", re.IGNORECASE)


def step_test_records(st: FileIngest) -> None:
    """Deals, leads and tickets a CRM's users made to try it out, named so: "TEST deal - niet meetellen".

    Counted, Teamleader's test deal of €1 was one of October's 21 deals won (20) and HubSpot's 'TEST DEAL -
    please ignore' one of 20. Read from a name, title or subject column only, and only where the name says it is
    a test to leave out, or is the word test and nothing else.
    """
    if st.table not in _TEST_RECORD_TABLES:
        return
    for h in st.headers:
        # a column of "Test" and little else says something else (LinkedIn's "Lead Type" beside Sponsored)
        pattern = _says_test(h)
        if pattern is not None:
            _exclude_said(st, h, pattern, "dq.test_records")


def _says_test(h: str) -> re.Pattern | None:
    """The words by which a column of *h* says a record is a test: a title's, a tag's, a channel's; None if none."""
    h = h.strip()
    return _TEST_NAME if _TITLE_HEADER.fullmatch(h) else _TEST_TAG if _TAGS_HEADER.fullmatch(h) \
        else _SAMPLE_VALUE if _SAMPLE_HEADER.fullmatch(h) else None


#: the subject a mail server or an absent colleague's mailbox gives its reply: a ticket the e-mail channel made of
#: it is no customer's request (Jitbit's "Automatic reply:", "Undeliverable:", "Out of Office:")
_AUTO_REPLY = re.compile(
    r"^\W*(?:(?:automatic|auto|automated)[- ]?(?:reply|response)|out of (?:the )?office|undeliverable|"
    r"delivery status notification|mail delivery (?:failed|failure|subsystem)|returned mail|"
    r"automatisch antwoord|afwezig(?:heidsbericht)?|onbestelbaar|niet bezorgd|"
    r"automatische antwort|abwesenheitsnotiz|abwesend|unzustellbar|"
    r"réponse automatique|absence du bureau|absent du bureau|non remis|"
    r"respuesta automática|fuera de la oficina|no entregado|resposta automática|fora do escritório|"
    r"risposta automatica|fuori ufficio|autosvar|automatisk svar|fraværende|ikke leveret|kunne ikke leveres)\s*:",
    re.IGNORECASE)


#: the time a record was moved to the bin: Gorgias' "Trashed date"
_TRASHED_HEADER = re.compile(r"(?:trashed|deleted|binned)(?:[ _](?:date|at|on|time))?|date[ _](?:trashed|deleted)|"
                             r"gelöscht am|löschdatum|verwijderd op|datum verwijderd|slettet den|slettedato|"
                             r"supprimé le|date de suppression|eliminado el|fecha de eliminación", re.IGNORECASE)


def step_trashed(st: FileIngest) -> None:
    """A record its export says was moved to the bin (a time in "Trashed date") is no record: left out, said once.

    Gorgias exports its trashed tickets with the others: counted, October's 236 tickets closed read 242. Only where
    few of the file's rows say so (a file of the bin alone is the client's to judge).
    """
    if st.table not in _TEST_RECORD_TABLES:
        return
    for h in (h for h in st.headers if h in st.frame and _TRASHED_HEADER.fullmatch(h.strip())):
        flag, bad = parse_bools(st.frame[h])
        said = flag.eq(True) if not bad.any() and flag.notna().any() else clean_text(st.frame[h]).notna()
        hit = said.fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any() and hit.mean() < 0.5:
            _exclude(st, hit, None, Note("dq.trashed", n=int(hit.sum()), column=h))


def step_auto_replies(st: FileIngest) -> None:
    """A ticket made of an automatic reply (an absence notice, a bounce) is no case: left out, said once.

    Jitbit's e-mail channel made tickets of "Automatic reply:", "Undeliverable:" and "Out of Office:": October's
    96 tickets opened counted 3 nobody asked for.
    """
    if st.table != "cases":
        return
    for h in (h for h in st.headers if _TITLE_HEADER.fullmatch(h.strip())):
        _exclude_said(st, h, _AUTO_REPLY, "dq.auto_replies")
        _exclude_said(st, h, _INSTALL_TICKET, "dq.install_tickets")


#: a help desk's flag that its AI agent or bot took part in a conversation: Intercom's "Fin AI Agent involved"
_AI_AGENT_FLAG = re.compile(r"^\W*(?P<who>.*?\b(?:ai[- ]?agent|ai assistant|virtual agent|chat ?bot|bot))\W*\s+"
                            r"(?:involved|participated|handled|engaged)\W*$", re.IGNORECASE)


#: who resolved or closed a case, beside whom it is assigned to (Freshchat's "Resolved By", Dixa's "closed_by_name")
_RESOLVER_HEADER = re.compile(r"(?:resolved|closed|solved)[ _]by(?:[ _]name)?|gelöst von|geschlossen von|"
                              r"opgelost door|gesloten door|løst af|lukket af|résolu par|fermé par|resuelto por|"
                              r"cerrado por", re.IGNORECASE)


def step_ai_agent(st: FileIngest) -> None:
    """A conversation no teammate was assigned to is its resolver's, or the AI agent's that took part in it.

    Intercom's Fin closes a fifth of the chats without a teammate: the agents' table showed them as "(unknown)",
    which a director read as cases nobody took. The agent is who resolved it (Freshchat's "Resolved By": "Freddy
    (Bot)"), else the AI agent its flag names by its header ("Fin AI Agent").
    """
    if st.table != "cases" or "agent_id" not in st.out:
        return
    found = {pattern: next((h for h in st.headers if h in st.frame and pattern.fullmatch(h.strip())), None)
             for pattern in (_RESOLVER_HEADER, _AI_AGENT_FLAG)}
    if (h := found[_RESOLVER_HEADER]) is not None:
        who = clean_text(st.frame[h])
        hit = (clean_text(st.out["agent_id"]).isna() & who.notna()).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any():
            st.out.loc[hit, "agent_id"] = who[hit]
            st.add("info", "agent_id", Note("dq.resolver_agent", n=int(hit.sum()), column=h), rows=st.rows(hit))
    if (h := found[_AI_AGENT_FLAG]) is not None:
        who = _AI_AGENT_FLAG.fullmatch(h.strip())["who"].strip()
        hit = (parse_bools(st.frame[h])[0].eq(True).fillna(False).to_numpy(bool)
               & clean_text(st.out["agent_id"]).isna().to_numpy(bool) & ~st.excluded.to_numpy(bool))
        if hit.any():
            st.out.loc[hit, "agent_id"] = who
            st.add("info", "agent_id", Note("dq.ai_agent", n=int(hit.sum()), who=who, column=h), rows=st.rows(hit))


#: the column of an IT service desk's record type (SysAid's "Service Record Type", Freshservice's "Type",
#: Jira Service Management's "Request Type", TOPdesk's "Soort")
_RECORD_TYPE_HEADER = re.compile(r"(?:service )?(?:record|ticket|request|issue|work ?item)? ?type|soort(?: melding)?|"
                                 r"meldingsoort|art|ticketart|ticket-?typ|type de ticket|tipo(?: de ticket)?",
                                 re.IGNORECASE)
#: a desk's own work beside the customers' incidents and requests: a planned change, a problem's root cause
_CHANGE_OR_PROBLEM = re.compile(r"^\W*(?:change|change request|problem|wijziging|probleem|änderung|change-?request|"
                                r"problème|changement|cambio|problema|ændring|release)\W*$", re.IGNORECASE)
_CHANGE = re.compile(r"^\W*(?:change|change request|wijziging|änderung|changement|cambio|ændring)\W*$", re.IGNORECASE)
_INCIDENT_OR_REQUEST = re.compile(r"^\W*(?:incident|request|service request|melding|verzoek|storing|störung|anfrage|"
                                  r"vorfall|demande|incidente|solicitud|hændelse|anmodning|question)\W*$",
                                  re.IGNORECASE)


def step_changes_and_problems(st: FileIngest) -> None:
    """An IT desk's changes and problems are its own work, not a customer's case: left out, said once.

    SysAid's service records list its incidents and requests beside its changes and problems (24 and 10): counted,
    October's 135 cases opened read 137. Only where the column also holds incidents or requests.
    """
    if st.table != "cases":
        return
    for h in (h for h in st.headers if h in st.frame and _RECORD_TYPE_HEADER.fullmatch(h.strip())):
        kinds = pd.Series(clean_text(st.frame[h]).dropna().unique(), dtype="string")
        # an IT desk's list, by its changes beside its incidents: Zendesk's types (question, incident, problem,
        # task) hold no change, and its problem is a customer's ticket that others link to
        if kinds.str.contains(_INCIDENT_OR_REQUEST).any() and kinds.str.contains(_CHANGE).any():
            _exclude_said(st, h, _CHANGE_OR_PROBLEM, "dq.changes_problems", by_rows=True)
        # a kind that says the record is a second report of another: TOPdesk's "Soort melding" Dubbele melding
        _exclude_said(st, h, _DUPLICATE_KIND, "dq.merged_cases", by_rows=True)


#: where a help desk or a dialer says a record was a sample or a test: Zendesk's channel, Genesys' "Wrap-up"
_SAMPLE_HEADER = re.compile(r"(?:ticket ?)?(?:channel|kanal|canal|via)|ticketkanal|wrap-?up(?: code)?|disposition",
                            re.IGNORECASE)
#: Zendesk's sample ticket that every new account gets ("Sample ticket", Danish "Eksempelticket"), a dialer's
#: "Test Call" as a call's result
_SAMPLE_VALUE = re.compile(r"^\W*(?:sample ticket|eksempelticket|beispielticket|voorbeeldticket|exempelärende|"
                           r"ticket (?:d['’]exemple|de ejemplo)|test ?call|testanruf|testopkald|testgesprek)\W*$",
                           re.IGNORECASE)


def _exclude_said(st: FileIngest, h: str, pattern: re.Pattern, key: str, *, by_rows: bool = False) -> None:
    """Leave out the rows whose value in *h* *pattern* finds, said once (*key*) with the first such value.

    Not where it finds most of the column's values (*by_rows*: most of its rows): then it says something else.
    """
    codes, uniq = factorize_text(st.frame[h])
    # vtiger writes a linked record with its module before it: "Accounts::::Testfirma GmbH"
    said = uniq.str.strip().str.replace(r"^[A-Za-z]+::::", "", regex=True).str.contains(pattern).fillna(False) \
        .to_numpy(bool)
    if not said.any():
        return
    rows = (codes >= 0) & said[np.maximum(codes, 0)]
    if (rows.mean() if by_rows else said.mean()) > 0.5:
        return
    rows &= ~st.excluded.to_numpy(bool)
    if rows.any():
        _exclude(st, rows, None, Note(key, n=int(rows.sum()), column=h, example=str(uniq[said].iloc[0])))


#: a record's customer, requester or contact, by name or e-mail (OTRS' "Kunde", TOPdesk's "Aanmelder", Zammad's
#: "Kunde", Freshsales' "Account name"); a colleague's column (owner, agent) is no customer
_PARTY_HEADER = re.compile(r"account|customer|kunde|klant|client|company|firma|bedrijf|organi[sz]ation|organisatie|"
                           r"requester|aanmelder|anmelder|melder|caller|demandeur|"
                           # Zendesk's Danish "Anmoders navn", Swedish "Anmälare", Spanish "Solicitante"
                           r"anmoder|anmälare|innmelder|solicitante|richiedente|requerente|kontakt|contact|relatie|"
                           r"relation|société|"
                           # a chat's visitor (LiveChat's "visitor nick", Userlike's "Besucher")
                           r"visitor|besucher|bezoeker|visiteur|visitante|besøgende|"
                           # a booking's invitee (Calendly's "Invitee Last Name": "test")
                           r"invitee|attendee|teilnehmer|deelnemer|genodigde|deltager|participant|"
                           r"entreprise|empresa|virksomhed|företag|kund|from|e-?mail|"
                           # Sugar's "Nome Azienda", SuiteCRM's "Nombre de Cuenta"
                           r"azienda|società|cuenta|conta|cliente|ragione sociale|razón social|compte|"
                           # Pipedrive's Portuguese "Organização", amoCRM's Russian "Компания"
                           r"organiza[çc][ãa]o|organizaci[óo]n|organizzazione|organizacja|компани|контакт|клиент",
                           re.IGNORECASE)
_COLLEAGUE_HEADER = re.compile(r"owner|agent|assign|user|eigenaar|besitzer|bearbeiter|behandelaar|technic|"
                               r"responsible|verantwortlich|ansvarlig|ansvarig|created by|modified by|erstellt von|"
                               r"updated by|changed by|geändert von|gewijzigd door|modifié par|"
                               r"aangemaakt door|\bid\b|nummer|number|\bnr\b|phone|telefon", re.IGNORECASE)
_LEGAL = (r"(?:gmbh|b\.?v\.?|ltd|inc|ag|sa|sas|sarl|aps|a/s|ab|as|llc|nv|bvba|co|srl|s\.r\.l\.|spa|s\.p\.a\.|sl|slu|"
          r"s\.l\.|sp\.? z o\.?o\.?)")
#: a customer made to try a CRM out: "Test Account", "Test Kunde", "Testkunde GmbH", "Société Test", "Test,
#: Gebruiker", "Salesflare Demo Account", the German placeholder "Max Mustermann", an address at a domain kept for
#: examples ("test@example.com")
_TEST_PARTY = re.compile(
    r"^\W*(?:test|testing|demo|dummy|prueba|prova)(?:[\s,._-]+(?:account|customer|kunde|klant|firma|bedrijf|company|client|"
    r"cliente|gebruiker|user|benutzer|bruger|konto|contact|person|persoon|organisation|organisatie|société|"
    # Freshcaller's caller "TEST CALL", 8x8's "Test Extension"
    r"entreprise|empresa|call|anruf|appel|opkald|extension|durchwahl|nebenstelle|toestel|" + _LEGAL + r"))*"
    r"(?:\s*\([^()@\s]*@[^()\s]+\))?\W*$"                  # HubSpot's "Test Contact (test@example.com)"
    r"|^\W*(?:testkunde|testklant|testfirma|testbedrijf|testaccount|testkonto|testbruger|testuser|testcompany|"
    r"testchat)\b"                        # Userlike's "Testchat Lukas": a colleague trying the chat
    # a person made up of the word twice: "Test Testesen", "Test Tester", "Testy McTestface"
    r"|^\W*test\w*\s+(?:mc)?test\w*\W*$"
    # a test that says to leave it out: Gravity Forms' company "TEST - please ignore"
    r"|^\W*test\w*\W.*\b(?:" + _LEAVE_OUT + r")\W*$"
    # the German placeholder person and firm of every form's example: "Max Mustermann", "Musterfirma GmbH"
    r"|^\W*(?:max|erika)\s+mustermann\W*$|^\W*muster(?:firma|kunde|unternehmen)\b"
    # Sugar's "Azienda Test Srl", SuiteCRM's "EMPRESA DE PRUEBA"
    r"|^\W*(?:société|societe|firma|company|kunde|klant|client|cliente|empresa|azienda|bedrijf|compte|account|"
    r"cuenta|conta|konto)\s+(?:de |di |of )?"
    r"(?:test|prueba|prova|teste|testowa|testowy)(?:\W+" + _LEGAL + r")?\W*$"
    r"|\b(?:demo|test) ?account\b|[(\[]\s*test\s*[)\]]|\bmustermann\b|^(?:john|jane) doe$"
    r"|^test[\d._+-]*@|@(?:[\w-]+\.)*(?:example\.(?:com|net|org)|[\w-]+\.(?:test|example|invalid))$"
    # an address made for a test: "test+formulaire@", "camille.lefevre+test@", "jean.test@"
    r"|^test\+[^@\s]*@|^[^@\s]+[+._-]test\d*@",
    re.IGNORECASE)


_TEST_PARTY_TABLES = (*_TEST_RECORD_TABLES, "contracts")


def _party_headers(headers: list[str]) -> list[str]:
    return [h for h in headers if _PARTY_HEADER.search(h) and not _COLLEAGUE_HEADER.search(h)]


def step_test_parties(st: FileIngest) -> None:
    """Records of a customer made to try the CRM out ("Test Account", test@example.com) are left out.

    Counted, Freshsales' "test - partner pipeline" of its "Test Account" was a deal won in October and OTRS' tickets
    of test@example.com were tickets opened. Read from a customer, requester or contact column only (not an
    owner's), and only where few of the file's records say so.
    """
    if st.table not in _TEST_PARTY_TABLES:
        return
    for h in _party_headers(st.headers):
        # a file of little but one demo customer is the client's own data
        _exclude_said(st, h, _TEST_PARTY, "dq.test_parties", by_rows=True)


#: a colleague's login made to try the system: Placetel's "Test Softphone", Dialpad's "Test User", Voys' "Testaccount
#: Voys" (the word and at most one more, or the word joined to a login's); "Anna Test" and "Testa" are people
_TEST_LOGIN = re.compile(r"^\W*(?:test|testing)(?:[\s._-]+[^\W\d_]+)?[\s\d()]*$"
                         r"|^\W*(?:testaccount|testuser|testbenutzer|testgebruiker|testbruger|testagent|testkonto|"
                         r"testlogin|testtoestel)\b", re.IGNORECASE)


def step_test_logins(st: FileIngest) -> None:
    """Calls, tickets and deals of a login made to try the system out ("Test Softphone") are left out.

    Placetel's, Dialpad's and Voys' logs each held three calls of October made from a test login, counted as calls
    with customers. Read from the column the record's owner or agent is mapped to, and only where few of its rows
    say so.
    """
    if st.table not in _TEST_RECORD_TABLES:
        return
    before = st.excluded.to_numpy(bool).copy()
    for canon in ("owner_id", "agent_id"):
        h = st.header_of.get(canon)
        if h is not None and h in st.frame:
            _exclude_said(st, h, _TEST_LOGIN, "dq.test_logins", by_rows=True)
    _other_legs_of(st, st.excluded.to_numpy(bool) & ~before)


def _other_legs_of(st: FileIngest, test: np.ndarray) -> None:
    """The other legs of a test login's calls (*test*: the rows left out for the login), left out with them.

    Webex writes a call to a colleague as the caller's leg and the callee's, under one "Correlation ID": the
    callee's leg of a test call, left alone, was rejected as a repeated id.
    """
    h = st.header_of.get("activity_id")
    if st.table != "activities" or not test.any() or h is None or h not in st.frame:
        return
    ids = clean_text(st.frame[h])
    legs = (ids.isin(ids[test].dropna()) & ids.notna()).to_numpy(bool) & ~st.excluded.to_numpy(bool)
    if legs.any():
        _exclude(st, legs, None, Note("dq.test_login_legs", n=int(legs.sum()), column=h))


#: a calendar's flag of an invitee's copy of a meeting (Salesforce's Event "IsChild": the organiser's event is the
#: meeting, each invitee gets a copy)
_COPY_FLAGS = ("IsChild", "Is Child")


def step_meeting_copies(st: FileIngest) -> None:
    """An invitee's copy of a meeting (Salesforce's "IsChild" true) is no meeting of its own: left out.

    Counted, a meeting of three colleagues was three meetings held: 39 in October for 26.
    """
    if st.table != "activities":
        return
    for h in resolve(st.headers, list(_COPY_FLAGS)):
        flag, bad = parse_bools(st.frame[h])
        copy = flag.eq(True).fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if copy.any() and not bad.any():
            _exclude(st, copy, None, Note("dq.meeting_copies", n=int(copy.sum()), column=h))


def step_test_mode(st: FileIngest) -> None:
    """A payment provider's records made in its test mode (Mollie's "mode" test, Stripe's "livemode" false).

    No customer paid them: counted, Mollie's 38 test subscriptions were 2 of October's 95 new ones and their MRR.
    Read only where the column holds nothing but its two words.
    """
    if st.table != "contracts":
        return
    for h in resolve(st.headers, list(_TEST_MODE)):
        txt = clean_text(st.frame[h]).str.strip().str.casefold()
        if h.casefold() in ("mode", "modus"):          # Mollie's dashboard in Dutch or German: "Modus"
            test = txt.eq("test") if txt.dropna().isin({"live", "test"}).all() else None
        else:
            flag, bad = parse_bools(st.frame[h])
            is_test = "test" in h.casefold()
            test = None if bad.any() else flag.eq(True) if is_test else flag.eq(False)
        if test is None:
            continue
        test = test.fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if test.any():
            _exclude(st, test, None, Note("dq.test_mode", n=int(test.sum()), column=h))
        return


#: a help desk's status of a message that was never a case
_SPAM = frozenset({"spam", "junk", "deleted", "trash", "verwijderd", "gelöscht", "slettet", "entfernt", "removed",
                   # Trengo's "Ongeldig": a message marked as no ticket
                   "invalid", "ongeldig", "ungültig", "ugyldig", "invalide", "no válido", "inválido", "non valido"})
#: a help desk's status of a ticket merged into another (Zammad's "zusammengeführt", OTRS' "zusammengefasst"): the
#: other ticket is the case
#: a second record of another, as a help desk's status (EspoCRM's case "Duplicate") or a deal's lost reason says it
_DUPLICATE_WORDS = ("duplicate", "duplicated", "dupe", "doublon", "dubbel", "dubbele invoer", "duplikat", "dublet",
                    "duplicado", "duplicata", "duplicato", "dubblett", "dublette", "дубль", "дубликат")
_MERGED = frozenset({"merged", "zusammengeführt", "zusammengefasst", "samengevoegd", "fusionné", "fusionnée",
                     "fusionado", "fusionada", "sammenlagt", "sammenflettet", "sammanslagen", "closed (merged)",
                     "merged into another ticket", "closed_by_merge", *_DUPLICATE_WORDS})
#: a tag that says a ticket went into another: Zendesk's own "closed_by_merge", "merged", a duplicate word
_MERGED_TAGS = frozenset(w for w in _MERGED if " " not in w)
#: a tag that says a ticket is no case of its own: merged, or spam
_SAID_TAGS = _MERGED_TAGS | _SPAM
#: a deal's stage that says it went into another deal (Creatio's "Translated to other opportunity"): no sale lost
_MOVED = _MERGED | {"translated to other opportunity", "translated to another opportunity"}
#: the column of why a deal was lost ("Lost reason", Teamleader's "Raison de la perte", Odoo's "Verliesreden")
_LOST_REASON = ("Lost reason", "Lost Reason", "Reason lost", "Loss reason",
                "lost reason name",             # HighLevel's, beside its "lost reason ID"
                "Raison de la perte", "Motif de perte",
                "Verliesreden", "Reden verloren", "Verlustgrund", "Grund für Verlust", "Årsag til tab", "Tabsårsag",
                "Motivo de pérdida", "Motivo da perda", "Motivo della perdita", "Orsak förlorad",
                "Причина отказа", "Причина проигрыша",          # amoCRM's and Bitrix24's Russian
                "Powód przegranej", "Powód utraty")             # Pipedrive's Polish
def _lost_reason_headers(headers: list[str]) -> list[str]:
    """The headers of why a deal was lost, also behind Pipedrive's record prefix ("Negocio - Motivo de pérdida")."""
    return resolve(headers, list(_LOST_REASON)) or [h for h in headers if resolve([re.sub(r"^[^\W\d_]+ - ", "", h)],
                                                                                   list(_LOST_REASON))]


#: a reason that says the deal was a second record of another: no sale was lost
_DUPLICATE = re.compile(r"^\W*(?:" + "|".join(_DUPLICATE_WORDS) + r")\W*$", re.IGNORECASE)
#: a record's kind that says it is a second report of another ("Dubbele melding", "Duplicate ticket")
_DUPLICATE_KIND = re.compile(r"^\W*(?:(?:" + "|".join(_DUPLICATE_WORDS) + r")(?:e|er)?\s*(?:melding|ticket|meldung|"
                             r"incident|request|call|anfrage|demande|sag)?|doppelte meldung)\W*$", re.IGNORECASE)
#: a help desk's own first ticket, made when it was installed: osTicket's "osTicket Installed!", Zammad's welcome
_INSTALL_TICKET = re.compile(r"^\W*(?:osticket installed|welcome to (?:zammad|osticket|freescout|uvdesk)|"
                             r"willkommen bei zammad|welkom bij zammad|bienvenue (?:sur|dans) zammad)\W*$",
                             re.IGNORECASE)


def step_duplicate_deals(st: FileIngest) -> None:
    """Deals closed as lost because they were a second record of another ("Doublon", "Duplicate"): no deal.

    Counted, Teamleader's 3 duplicates closed in October were lost deals: 21 lost for 19, the win rate lower.
    """
    if st.table != "opportunities":
        return
    # a stage that says the deal went into another, or a lost reason that says it was a second record
    said = [(st.header_of.get(c, c), values, values.str.casefold().isin(_MOVED)) for c in ("stage", "status")
            if c in st.out for values in [clean_text(st.out[c]).str.strip()]][:1]
    said += [(h, values, values.str.contains(_DUPLICATE)) for h in _lost_reason_headers(st.headers)
             for values in [clean_text(st.frame[h]).str.strip()]]
    for h, values, hit in said:
        hit = hit.fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any():
            _exclude(st, hit, None, Note("dq.duplicate_deals", n=int(hit.sum()), column=h,
                                         example=str(values[hit].iloc[0])))


#: the queue or folder a help desk files a message in: OTRS' "Queue" Junk, where its spam goes
_QUEUE_HEADERS = ("Queue", "Warteschlange", "Wachtrij", "Kø", "File d'attente", "Mailbox", "Folder", "Ordner",
                  # and the reason beside a status: Dynamics' "Statusreden" Samengevoegd under a status Geannuleerd
                  "Status Reason", "Statusreden", "Statusgrund", "Raison du statut", "Razón para el estado",
                  "Motivo do status", "Statusårsag",
                  # and Jira's resolution of an issue: "Duplicate", in French "Doublon"
                  "Resolution", "Résolution", "Lösung", "Oplossing", "Resolución", "Risoluzione", "Løsning",
                  # and the cause or closure code an IT desk closes with: Ivanti's "Ursache" Duplikat
                  "Cause", "Cause Code", "Closure Code", "Resolution Code", "Ursache", "Abschlusscode", "Lösungscode",
                  "Oorzaak", "Sluitcode", "Afsluitcode", "Code de clôture", "Årsag", "Lukkekode")


def _tag_headers(st: FileIngest) -> list[str]:
    """The file's columns of a record's tags ("Tags", "Labels", Zendesk's "Étiquettes")."""
    return [h for h in st.headers if _TAGS_HEADER.fullmatch(h.strip())]


def _tagged(st: FileIngest, h: str, words: frozenset[str], *, whole: bool = False) -> pd.Series:
    """Per row, the first of its tags in *h* that is one of *words* (lower case), else missing.

    *whole*: a tag is what stands between commas or semicolons ("invalid number"), not each of its words.
    """
    tags = clean_text(st.frame[h]).str.casefold().str.split(r"\s*[,;]\s*" if whole else r"[,;\s]+").explode()
    return tags[tags.isin(words)].groupby(level=0).first().reindex(st.frame.index).astype("string")


def step_spam_cases(st: FileIngest) -> None:
    """Conversations a help desk filed as spam or deleted (Help Scout's "spam"), or merged into another: no case.

    Counted, October's 47 conversations read 48; OTRS' and Zammad's merged tickets counted their case twice. Its
    status says so, or the queue its spam is filed in (OTRS' "Junk").
    """
    if st.table == "leads":
        _spam_leads(st)
    if st.table != "cases":
        return
    said = [("status", clean_text(st.out["status"]).str.strip())] if "status" in st.out else []
    said += [(h, clean_text(st.frame[h]).str.strip()) for h in resolve(st.headers, list(_QUEUE_HEADERS))]
    # and a ticket's tags: Zendesk tags a ticket merged into another "closed_by_merge", Freshservice's agents a
    # second report of one issue "Duplikat", Gorgias' and Intercom's a spam message "spam"
    for h in _tag_headers(st):
        said.append((h, _tagged(st, h, _SAID_TAGS)))
    for head, values in said:
        low = values.str.casefold()
        column = st.header_of.get("status", "status") if head == "status" else head
        for words, key in ((_SPAM, "dq.spam_cases"), (_MERGED, "dq.merged_cases")):
            hit = low.isin(words).fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
            if hit.any():
                _exclude(st, hit, "status" if head == "status" else None,
                         Note(key, n=int(hit.sum()), example=str(values[hit].iloc[0]), column=column))
    # a flag that the ticket went into another (osTicket's "Merged" Yes / No): the other ticket is the case
    for h in (h for h in st.headers if h in st.frame and _MERGED_FLAG_HEADER.fullmatch(h.strip())):
        flag = parse_bools(clean_text(st.frame[h]))[0]
        hit = flag.fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any() and hit.mean() < 0.5:
            _exclude(st, hit, None, Note("dq.merged_cases", n=int(hit.sum()), example=str(st.frame[h][hit].iloc[0]),
                                         column=h))
    # a column of the ticket it went into (Help Scout's "Merged Into" #20711): filled, the other ticket is the case
    for h in (h for h in st.headers if h in st.frame and _MERGED_INTO_HEADER.fullmatch(h.strip())):
        into = clean_text(st.frame[h]).str.strip()
        hit = into.notna().to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any():
            _exclude(st, hit, None, Note("dq.merged_cases", n=int(hit.sum()), example=str(into[hit].iloc[0]), column=h))


#: a lead's tag that says it is spam, the whole tag: X Education's "invalid number" is a lead with a wrong number
_SPAM_LEAD_TAGS = frozenset({"spam", "junk", "bot", "spambot", "spam bot"})


#: what the form spam bots write into any field: the "talkwithwebvisitor" pitch, backlink and SEO offers (Ahrefs,
#: XRumer), crypto bonuses; no buyer of a product writes them into a demo request
_FORM_SPAM = re.compile(r"talkwithwebvisitor|talk with web visitor|xrumer|ahrefs|\bbacklinks?\b|\bseo services\b|"
                        r"\bcrypto|\bcryto|passive income|\bcasino\b|\bviagra\b", re.IGNORECASE)


def _spam_leads(st: FileIngest) -> None:
    """A form's submission its team tagged spam is no lead: Typeform's "Tags" spam of a bot's backlink message.

    Nor is one a spam bot wrote whatever its tags: Gravity Forms' and Unbounce's "talkwithwebvisitor.com", "Ahrefs
    DR 50+ backlinks", "CrytoBonus" got past the form's own filter and were counted as October's leads. Read from
    the columns read of the file (a lead's name, e-mail and company); said once per column, and not where most of
    a column says it.
    """
    for h in _tag_headers(st):
        said = _tagged(st, h, _SPAM_LEAD_TAGS, whole=True)
        hit = said.notna().to_numpy(bool) & ~st.excluded.to_numpy(bool)
        if hit.any():
            _exclude(st, hit, None, Note("dq.spam_leads", n=int(hit.sum()), example=str(said[hit].iloc[0]), column=h))
    for h in (h for h in st.headers if h in st.frame):
        _exclude_said(st, h, _FORM_SPAM, "dq.form_spam", by_rows=True)


# ---------------------------------------------------------------------------------- columns
def step_columns(st: FileIngest) -> None:
    """``columns``: canonical column ← export header (a list: first non-empty wins)."""
    # text columns are cleaned here (stripped, blank = missing); number/date/flag columns are
    # cleaned once by their parser, unless a later step reads them before that
    worked_on = {*st.get("derived"), *st.get("combine_time"), *st.get("lookups"), *st.get("values")}
    wanted = [(canon, resolve(st.headers, as_list(spec))) for canon, spec in st.get("columns").items()]
    wanted = [(canon, present) for canon, present in wanted if present]
    st.header_of.update({canon: present[0] for canon, present in wanted})
    repeated = same_headers(st.headers)
    for canon, present in wanted:
        same = repeated.get(present[0].lower())
        if same:                                        # two columns headed "Amount": say which one is used
            st.add("warning", canon, Note("dq.same_header", n=len(same), header=present[0],
                                          col={"data": f"{st.table}.{canon}"}),
                   f"rename the other column in the export, or map {canon} to the one you mean by its name as "
                   "listed here")

    def take(item: tuple[str, list[str]]) -> pd.Series:
        canon, present = item
        if len(present) == 1 and canon not in worked_on and dtype_of(st.table, canon) in ("float", "date",
                                                                                            "datetime", "bool"):
            return st.frame[present[0]]
        return coalesce(st.frame, present)
    for (canon, _), col in zip(wanted, map_columns(take, wanted, st.n), strict=True):
        st.out[canon] = col


def step_constants(st: FileIngest) -> None:
    """``constants``: one fixed value for every row."""
    for canon, value in st.get("constants").items():
        st.out[canon] = labels(np.zeros(st.n, np.int32), [str(value)], st.frame)


#: months in a billing interval (values.yml ``interval``): an amount per interval is this many months' worth
_INTERVAL_MONTHS = {"month": 1.0, "quarter": 3.0, "half_year": 6.0, "year": 12.0, "week": 12 / 52, "day": 12 / 365}


def step_derived(st: FileIngest) -> None:
    """``derived``: a value computed from one column or from several.

    ``{from: CallDurationInSeconds, scale: 1/60}``; ``{sum: {Duration Hours: 60, Duration Minutes: 1}}``;
    ``{year_month: [Boekjaar, Periode]}``; ``{none_of: [Canceled, Marked as No-Show]}`` (yes when no flag says yes).

    ``less``: a column subtracted first (a total's tax: ``{from: order_total, less: order_tax}``).
    ``per``: the column of each row's billing interval (``{from: Amount, per: Interval}``): an amount per year is
    a twelfth of it a month (Stripe's subscriptions give their price per interval, not their MRR). ``times``: a
    column it is multiplied by (Stripe's ``Quantity``: a price per seat). ``plus``: a column added after it (Recurly's
    ``add_ons_total``: the add-ons of a billing period, priced whole). ``every``: the intervals one price
    pays for (GoCardless's ``interval`` 3 beside ``interval_unit`` monthly: a quarter's price).
    """
    for canon, d in st.get("derived").items():
        if "sum" in d:
            _derived_sum(st, canon, d["sum"])
            continue
        if "year_month" in d:
            _derived_year_month(st, canon, as_list(d["year_month"]))
            continue
        if "none_of" in d:
            _derived_none_of(st, canon, as_list(d["none_of"]))
            continue
        if "days_from" in d:
            _derived_days_from(st, canon, d["days_from"])
            continue
        src = resolve(st.headers, as_list(d.get("from")))
        if src and "only_where" in d:
            _derived_where(st, canon, src[0], d["only_where"])
            continue
        if src:
            st.header_of.setdefault(canon, src[0])
            vals, _, _ = parse_numbers(st.frame[src[0]], decimal=st.locale.get("decimal"))
            less = resolve(st.headers, as_list(d.get("less")))
            if less:                             # a total with its tax: WooCommerce's order_total less order_tax
                vals = vals - parse_numbers(st.frame[less[0]], decimal=st.locale.get("decimal"))[0].fillna(0)
            vals = vals * float(d.get("scale", 1))
            per = resolve(st.headers, as_list(d.get("per")))
            if per:
                vals = vals / _interval_months(st, canon, per)
            times = resolve(st.headers, as_list(d.get("times")))
            if times:                            # seats: an empty count is one
                vals = vals * parse_numbers(st.frame[times[0]], decimal=st.locale.get("decimal"))[0].fillna(1)
            plus = resolve(st.headers, as_list(d.get("plus")))
            if plus:                             # the add-ons' total of a billing period, beside the seats' price
                vals = vals + parse_numbers(st.frame[plus[0]], decimal=st.locale.get("decimal"))[0].fillna(0)
            every = resolve(st.headers, as_list(d.get("every")))
            if every:                            # intervals per billing: an empty or zero count is one
                n = parse_numbers(st.frame[every[0]], decimal=st.locale.get("decimal"))[0]
                vals = vals / n.where(n > 0).fillna(1)
            vals = _zero_where(st, vals, d.get("zero_where"))
            filled = vals.round(6).astype("string")
            st.out[canon] = st.out[canon].fillna(filled) if canon in st.out else filled


def _derived_where(st: FileIngest, canon: str, src: str, spec: Any) -> None:
    """``{from: updated_at, only_where: {column: status, equals: [EXPIRED]}}``: *src*'s value on those rows alone.

    Where *canon* has none of its own: Recharge's expired subscriptions have no cancellation date, and read without
    an end they stayed in MRR for good; their last change is when they expired.
    """
    rows = _rows_where(st, spec)
    if rows is None:
        return
    st.header_of.setdefault(canon, src)
    vals = clean_text(st.frame[src]).where(rows)
    st.out[canon] = st.out[canon].fillna(vals) if canon in st.out else vals


def _zero_where(st: FileIngest, vals: pd.Series, spec: Any) -> pd.Series:
    """``zero_where: {column: Status, equals: [trialing, paused]}``: 0 on the rows it names (:func:`_rows_where`).

    A subscription in its trial or paused pays nothing: Stripe's and Chargebee's price beside it counted in MRR
    (€96,390 for €94,989). The row stays, counted among the subscriptions it is.
    """
    rows = _rows_where(st, spec)
    return vals if rows is None else vals.mask(rows & vals.notna(), 0.0)


def _derived_sum(st: FileIngest, canon: str, parts: dict[str, Any]) -> None:
    """``{sum: {Duration Hours: 60, Duration Minutes: 1}}``: a number the export splits over columns, summed.

    A row with none of them filled stays empty; one with some, the sum of those (SugarCRM's calls write 0 hours).
    """
    cols = {h: float(w) for name, w in parts.items() for h in resolve(st.headers, [str(name)])[:1]}
    if not cols:
        return
    st.header_of.setdefault(canon, next(iter(cols)))
    vals = [parse_numbers(st.frame[h], decimal=st.locale.get("decimal"))[0] * w for h, w in cols.items()]
    total = pd.concat(vals, axis=1).sum(axis=1, min_count=1)
    st.out[canon] = total.round(6).astype("string")


def _derived_year_month(st: FileIngest, canon: str, names: list[str]) -> None:
    """``{year_month: [Boekjaar, Periode]}``: a month of a year column and a month-number column ("2026", "3")."""
    cols = [h for name in names for h in resolve(st.headers, [name])[:1]]
    if len(cols) != 2:
        return
    st.header_of.setdefault(canon, cols[0])
    year, month = (parse_numbers(st.frame[h])[0] for h in cols)
    ok = year.between(1900, 2200) & month.between(1, 12) & (month == month.round())
    text = year.astype("Int64").astype("string") + "-" + month.astype("Int64").astype("string").str.zfill(2) + "-01"
    st.out[canon] = text.where(ok)


def _derived_days_from(st: FileIngest, canon: str, spec: dict[str, Any]) -> None:
    """``{days_from: {date: Updated on, plus: Days Since Last Updated, less: Days Since Last Status Change}}``.

    A day the export counts in days back from its own day: HighLevel writes no close date, only how many days ago a
    deal's status last changed, and how many days ago it was last updated beside that update's date. The day it
    was won or lost is the update's day, plus the one count, less the other.
    """
    cols = {k: resolve(st.headers, as_list(spec.get(k)))[:1] for k in ("date", "plus", "less")}
    if not cols["date"] or not cols["less"]:
        return
    st.header_of.setdefault(canon, cols["less"][0])
    day = parse_dates(clean_text(st.frame[cols["date"][0]]), timezone=st.config.timezone,
                      date_order=st.locale.get("date_order"))[0].dt.normalize()
    shift = -parse_numbers(st.frame[cols["less"][0]])[0]
    if cols["plus"]:
        shift = shift + parse_numbers(st.frame[cols["plus"][0]])[0]
    when = day + pd.to_timedelta(shift, unit="D")
    st.out[canon] = when.dt.strftime("%Y-%m-%d").astype("string")


def _derived_none_of(st: FileIngest, canon: str, names: list[str]) -> None:
    """``{none_of: [Canceled, Marked as No-Show]}``: yes where none of the yes/no columns says yes.

    Calendly marks a meeting cancelled in one column and its invitee a no-show in another: either way it was not
    held. A row whose columns are all empty or not yes/no stays empty.
    """
    cols = [h for name in names for h in resolve(st.headers, [name])[:1]]
    if not cols:
        return
    st.header_of.setdefault(canon, cols[0])
    flags = pd.concat([parse_bools(st.frame[h])[0].astype("boolean") for h in cols], axis=1)
    said = flags.notna().any(axis=1)
    st.out[canon] = (~flags.fillna(False).any(axis=1)).map({True: "true", False: "false"}).astype("string").where(said)


#: a word inside a plan's name that says its billing interval is at least this long: "pro-annual",
#: "enterprise-yr" and "basic-mo-legacy" say it, while "m" or "y" inside a code says nothing
_MIN_PLAN_WORD = 2


def interval_months(values: pd.Series) -> pd.Series:
    """Each value's billing interval in months: the value an interval word, else a plan named by one; else empty.

    Recurly and Chargebee give no interval column, only a plan code that carries it ("pro-annual",
    "Basic-EUR-Monthly"): read as no interval, their subscriptions had no MRR. A plan's name is split into
    words, and one interval word of :data:`_MIN_PLAN_WORD` letters or more among them is its interval; two
    different ones ("monthly-to-annual") are none.
    """
    from .vendors import value_words

    months_of = {w: _INTERVAL_MONTHS[c] for w, c in value_words("interval").items() if c in _INTERVAL_MONTHS}
    txt = clean_text(values).str.lower().str.strip()
    months = txt.map(months_of).astype("float64")
    named = {w: m for w, m in months_of.items() if len(w) >= _MIN_PLAN_WORD and " " not in w}
    plans = txt[months.isna() & txt.notna()].unique()      # a few plans, however many subscriptions

    def of_plan(plan: str) -> float:
        # Chargebee's "growth-EUR-Every-3-months": a count of months or years
        counted = {float(n) * _UNIT_MONTHS[u[0]] for n, u in re.findall(_EVERY_N, plan)}
        said = counted or {named[w] for w in re.split(r"[\W_]+", plan) if w in named}
        return said.pop() if len(said) == 1 else np.nan
    return months.fillna(txt.map({p: of_plan(p) for p in plans}).astype("float64"))


#: "every 3 months", "12-maanden", "2 Jahre", Mollie's "14 days" inside a plan's name or an interval: counted in
#: months, years, weeks or days
_EVERY_N = (r"(?<!\d)(\d{1,3})[\W_]*(months?|maand(?:en)?|monate?|måned(?:er)?|years?|jaar|jahre?|år|weeks?|weken|"
            r"wochen?|uger?|days?|dagen|tage?|dage)(?![^\W\d_])")
#: months in one of those units, by its first letter
_UNIT_MONTHS = {"m": 1.0, "y": 12.0, "j": 12.0, "å": 12.0, "w": 12 / 52, "u": 12 / 52, "d": 12 / 365, "t": 12 / 365}


def _interval_months(st: FileIngest, canon: str, headers: list[str]) -> pd.Series:
    """Each row's billing interval in months, from the first of *headers* that says it (:func:`interval_months`).

    Chargebee gives "Billing Period Unit" for some plans and only the plan's name ("starter-monthly") for
    others: the unit where it is filled, else the name. One no list knows leaves the value empty.
    """
    months = pd.Series(np.nan, index=st.frame.index, dtype="float64")
    for h in headers:
        months = months.fillna(interval_months(st.frame[h]))
    said = pd.concat([clean_text(st.frame[h]) for h in headers], axis=1).bfill(axis=1).iloc[:, 0]
    bad = said.notna() & months.isna()
    if bad.any():
        st.add("warning", canon, Note("dq.not_interval", n=int(bad.sum()), example=repr(said[bad].iloc[0])),
               f"map the words with mapping.{st.table}.values or correct the cells", rows=st.rows(bad),
               value=said[bad].iloc[0])
    return months


def _empty(st: FileIngest) -> pd.Series:
    return pd.Series(pd.NA, index=st.frame.index, dtype="string")


def step_required(st: FileIngest) -> None:
    """Required columns: an unmapped id becomes row numbers, an unmapped date a warning; no row is lost."""
    flags = st.get("flags") if st.table == "opportunities" else {}
    if flags and "status" not in st.out and resolve(st.headers, as_list(flags.get("won"))):
        st.out["status"] = _empty(st)
    for canon, lk in st.get("lookups").items():        # filled from another file by step_lookups
        if canon not in st.out and isinstance(lk, dict) and "file" in lk:
            st.out[canon] = _empty(st)
    for c in TABLES[st.table]:
        if not c.required or c.name in st.out:
            continue
        if c.dtype in ("datetime", "date"):            # kept: KPIs dated by it say what they need
            st.out[c.name] = _empty(st)
            st.unmapped.add(c.name)
            st.add("warning", c.name, Note("dq.unmapped_date", col={"data": f"{st.table}.{c.name}"}, n=st.n),
                   f"add a mapping.{st.table}.columns.{c.name} entry naming the header that holds it")
        elif c.dtype == "id":
            _row_ids(st, c.name)
        elif c.dtype == "float":
            # an e-mail tool's campaign report has no spend at all: one sentence, not a doubt on each of its rows
            # (its clicks and conversions count; the spend, cost per click and per conversion say what they need)
            st.out[c.name] = _empty(st)
            st.unmapped.add(c.name)
            st.add("info", c.name, Note("dq.unmapped_amount", col={"data": f"{st.table}.{c.name}"}, n=st.n))
        else:                                          # a required text (a deal's status): kept, said below
            st.out[c.name] = _empty(st)


def _row_ids(st: FileIngest, canon: str) -> None:
    """A file without an id column (a list view, an analytics sample): its rows numbered as ids.

    ``deals.csv#2`` is the file's second line, so every message can still point at it; two
    copies of one record cannot be told apart then, and the finding says so.
    """
    st.out[canon] = (st.fname + "#" + st.frame["_row"].astype("string")).astype("string[pyarrow]")
    st.row_ids = True
    st.add("warning", canon, Note("dq.row_ids", col={"data": f"{st.table}.{canon}"}, n=st.n, file=st.fname),
           f"export the record id too (or map mapping.{st.table}.columns.{canon}) so that duplicates can be found")
    _exact_copies(st, canon)


#: a row is a copy of another only where this many of its cells are filled: two rows of a date and an amount may
#: well be two records
_COPY_CELLS = 5
#: the records no two of which are alike in every column; two calls of one rep to one customer on one day, logged
#: by day, are two calls (a workbook's 10 such rows of 2,300 read as copies), and a spend sheet's rows are sums
_ONE_OF_A_KIND = frozenset({"opportunities", "leads", "cases", "contracts", "accounts", "users"})


def _exact_copies(st: FileIngest, canon: str) -> None:
    """Rows of a file without ids that repeat an earlier row in every column: left out as copies, said once.

    A sales tracker kept by hand holds a deal pasted twice (a Google Sheet's 7 copies of 372 deals: a won deal of
    October counted twice); without an id nothing else can tell them apart. Only rows of :data:`_COPY_CELLS`
    filled cells or more: a short row (a date and an amount) may be two records.
    """
    cols = [c for c in st.frame.columns if not str(c).startswith("_")]
    if len(cols) < _COPY_CELLS or st.table not in _ONE_OF_A_KIND:
        return
    raw = st.frame[cols]
    filled = raw.astype("string").apply(lambda c: c.str.strip().fillna("").ne("")).sum(axis=1)
    copy = (raw.duplicated(keep="first") & (filled >= _COPY_CELLS)).to_numpy(bool) & ~st.excluded
    if copy.any():
        _exclude(st, copy, canon, Note("dq.exact_copies", n=int(copy.sum()), file=st.fname))


# ---------------------------------------------------------------------------------- flags and values
def step_flags(st: FileIngest) -> None:
    """``flags``: status from boolean columns (Salesforce IsWon / IsClosed) before any value map.

    A closed flag without a won flag (Bitrix24's ``CLOSED`` Y/N) decides open against closed; the
    stage's words then tell won from lost (:func:`step_values`).
    """
    flags = st.get("flags") if st.table == "opportunities" else {}
    won_c = resolve(st.headers, as_list(flags.get("won")))
    closed_c = resolve(st.headers, as_list(flags.get("closed")))
    if won_c and closed_c:
        (won, _), (closed, _) = map_columns(parse_bools, [st.frame[won_c[0]], st.frame[closed_c[0]]], st.n)
        st.flags_known = (won.notna() & closed.notna()).to_numpy(bool)
        code = np.where(won.fillna(False).to_numpy(bool), 1, np.where(closed.fillna(False).to_numpy(bool), 2, 0))
        st.flags_status = labels(code, ["open", "won", "lost"], st.frame)
    elif closed_c and "status" in st.out:
        st.flags_closed = parse_bools(st.frame[closed_c[0]])[0]


def _map_few_values(st: FileIngest, canon: str, vm: dict[str, Any]) -> None:
    """A short map on a column of free values (an id's "empty" word): only the rows that match change.

    Cheaper than mapping the distinct values when nearly every value is distinct (ids).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    col = st.out[canon]
    maybe = np.flatnonzero(may_be_any_of(col, vm))
    if not len(maybe):
        return
    low = pc.utf8_lower(arrow_text(col.iloc[maybe]))
    hit = np.zeros(len(col), bool)
    hit[maybe] = pc.is_in(low, value_set=pa.array(list(vm), low.type)).to_numpy(zero_copy_only=False)
    if hit.any():
        new = col[hit].str.lower().map(vm).astype("string[pyarrow]")
        st.out[canon] = col.mask(hit, new.where(new != ""))     # mapped to "": the export's word for "nothing"


_PIPELINE_PREFIX = r"^[A-Za-z]{1,3}\d+:"       # Bitrix24's stage ids of a second funnel: "C6:WON", "C2:LOSE"


def _map_values(st: FileIngest, canon: str, vmap: dict[str, Any], decided: np.ndarray) -> None:
    vm = {str(k).strip().lower(): v for k, v in vmap.items()}
    if canon not in _ALLOWED and "*" not in vm and len(vm) <= 8:
        _map_few_values(st, canon, vm)
        return
    codes, uniq = factorize_text(st.out[canon])          # map the distinct values, not every row
    low = uniq.str.lower()
    mapped_u = low.map(vm).astype("string[pyarrow]")
    if canon in _ALLOWED and mapped_u.isna().any():      # a funnel's stage id means what its stage means
        mapped_u = mapped_u.fillna(low.str.replace(_PIPELINE_PREFIX, "", regex=True).map(vm).astype("string[pyarrow]"))
    unmatched_u = mapped_u.isna().to_numpy()
    if "*" in vm:
        mapped_u = mapped_u.where(~unmatched_u, str(vm["*"]))
    elif unmatched_u.any() and canon in _ALLOWED:
        unmatched = spread(unmatched_u, codes, st.frame) & ~decided
        if unmatched.any():                              # kept without the value: a record all the same
            vals = uniq.iloc[pd.unique(codes[unmatched])[:5]]
            st.add("error", canon, Note("dq.unknown_values", col={"data": f"{st.table}.{canon}"},
                                        values=", ".join(map(repr, vals)), n=int(unmatched.sum())),
                   f"add them to mapping.{st.table}.values.{canon} (allowed: {', '.join(_ALLOWED[canon])})",
                   rows=st.frame["_row"].to_numpy()[unmatched], value=vals.iloc[0])
    elif unmatched_u.any():
        mapped_u = mapped_u.where(~unmatched_u, uniq)
    mapped_u = mapped_u.where(mapped_u != "")          # mapped to "": the export's word for "nothing"
    st.out[canon] = spread(mapped_u, codes, st.frame)


def step_values(st: FileIngest) -> None:
    """``values``: export value → canonical value (case-insensitive; ``"*"`` for any other value)."""
    fixed = set(st.get("constants")) - set(st.header_of)
    for canon, vmap in st.get("values").items():
        # a file's constant is a canonical value already: Freshsales' appointments (type: meeting) share their
        # type's word map with its sales activities, whose "*": other made every appointment other
        if canon not in st.out or canon in fixed:
            continue
        decided = st.flags_known if canon == "status" and st.flags_known is not None else np.zeros(st.n, bool)
        if not decided.all():                              # the flags say it for every row
            _map_values(st, canon, vmap, decided)
    if st.flags_status is not None:
        known = st.flags_known
        st.out["status"] = st.flags_status if known.all() else st.flags_status.where(known, st.out["status"])
    if st.flags_closed is not None:                # closed and not won by its stage's word = lost
        closed, status = st.flags_closed, st.out["status"]
        status = status.where(~closed.eq(False).fillna(False), "open")
        st.out["status"] = status.where(~(closed.eq(True).fillna(False) & status.ne("won").fillna(True)), "lost")
    active_c = resolve(st.headers, as_list(st.get("flags").get("active"))) if st.table == "opportunities" else []
    if active_c:                                   # Odoo: inactive and not won = lost
        active, _ = parse_bools(st.frame[active_c[0]])
        lost = active.eq(False).fillna(False) & st.out["status"].ne("won").fillna(True)
        if "probability" in st.out:
            # Odoo's "Mark as lost" archives the deal and sets its probability to 0; a deal archived as it stands (a
            # duplicate merged away: "(kopie)", its probability kept) was not lost. Read so, October's lost deals
            # were 36 for 17
            prob, _, _ = parse_numbers(st.out["probability"].astype("string"))
            lost &= prob.eq(0).fillna(True)
        st.out["status"] = st.out["status"].where(~lost, "lost")
    # no status column beside won and lost dates: the dates say it (status_from_dates), no row lacks one
    by_dates = "status" not in st.header_of and bool({"won_at", "lost_at"} & set(st.out))
    said = st.get("values").get("status")
    star = said.get("*") if isinstance(said, dict) else None
    if st.table == "opportunities" and not by_dates and star and "status" in st.header_of:
        # a "Won/Lost" column left blank for the deals still open (Smartsheet's): blank is "any other value" too
        blank = st.out["status"].isna() & st.keep()
        # a further line of an order (Shopify writes the status on its first line only) is no deal of its own
        idc = st.id_column
        if idc is not None and idc in st.out:
            blank &= ~st.out[idc].duplicated(keep=False).fillna(False)
        if blank.any():
            st.out["status"] = st.out["status"].fillna(str(star))
            st.add("info", "status", Note("dq.status_blank_default", n=int(blank.sum()), value=str(star)),
                   rows=st.rows(blank))
    if st.table == "opportunities" and not by_dates:
        nostatus = st.out["status"].isna() & st.keep()
        if nostatus.any():                         # kept: counted as created, and open (neither won nor lost)
            st.add("error", "status", Note("dq.no_status", n=int(nostatus.sum())),
                   "map a stage or status column that says open / won / lost", rows=st.rows(nostatus))
    if st.source == "canonical":                   # a canonical file's status/type values must already be canonical
        _check_canonical_values(st)


def _check_canonical_values(st: FileIngest) -> None:
    for canon in ("status", "type"):
        if canon not in st.out or st.table not in ("opportunities", "activities"):
            continue
        low = st.out[canon].str.lower()
        bad = low.notna() & ~low.isin(_ALLOWED[canon])
        if bad.any():
            shown = ", ".join(map(repr, st.out.loc[bad, canon].unique()[:5]))
            st.add("error", canon, Note("dq.invalid_values", values=shown, allowed=", ".join(sorted(_ALLOWED[canon]))),
                   f"correct the values or map them with mapping.{st.table}.values", rows=st.rows(bad))
        st.out[canon] = low.where(~bad)             # the record stays, without the value


# ---------------------------------------------------------------------------------- lookups
def _lookup_table(st: FileIngest, canon: str, lk: dict[str, Any]) -> None:
    """``{table, match, return}``: a name resolved through another canonical table (owner names → ids)."""
    ref = st.context.get(lk["table"])
    if ref is None or ref.empty:
        return
    m, r = lk.get("match", "name"), lk.get("return", canon)
    keys = ref[m].astype("string").str.strip().str.lower()
    table_map = pd.Series(ref[r].to_numpy(), index=keys.to_numpy())
    table_map = table_map[~table_map.index.duplicated()]
    val = st.out[canon]
    is_id = val.isin(set(ref[r].astype("string"))).fillna(False)
    if (is_id | val.isna()).all():
        return
    looked = by_distinct(val, lambda u: u.str.lower().map(table_map).astype("string[pyarrow]"))
    resolved = val.where(is_id, looked)
    unresolved = val.notna() & resolved.isna()
    if unresolved.any():
        st.add("warning", canon, Note("dq.lookup_names", n=int(unresolved.sum()), table={"data": lk["table"]},
                                      example=repr(st.out.loc[unresolved, canon].iloc[0])),
               f"add the person to the {lk['table']} file or correct the name", rows=st.rows(unresolved))
        resolved = resolved.fillna(val)
    st.out[canon] = resolved


def _lookup_file(st: FileIngest, canon: str, lk: dict[str, Any]) -> None:
    """``{file, key, on, column}``: take *column* from another export, joined on its *key* = this row's *on*.

    Values of *on* that the other file does not have are reported with a count and examples
    (a product spelled "GTXPro" here and "GTX Pro" there), never dropped silently.
    """
    where = f"mapping.{st.table}.lookups.{canon}"
    target = (st.config.base_dir / str(lk["file"])).resolve()
    if not inside(target, st.config.base_dir):
        st.add("error", canon, f"lookup file {lk['file']!r} resolves to {target}, outside the config's folder",
               f"put it in the config's folder, or allow its folder with --allow-files {target.parent}")
        return
    try:
        other = read_raw(target)
    except ReadError as exc:
        st.add("error", canon, f"lookup file: {exc}", f"correct {where}.file")
        return
    cols = list(other.frame.columns)
    kcol, vcol = resolve(cols, [str(lk.get("key"))]), resolve(cols, [str(lk.get("column", canon))])
    if not kcol or not vcol:
        st.add("error", canon, f"lookup file {lk['file']} has no column {lk.get('key')!r} or {lk.get('column')!r} "
               f"(its headers: {', '.join(cols[:12])}{' …' if len(cols) > 12 else ''})", f"correct {where}")
        return
    keys = clean_text(other.frame[kcol[0]])
    src = pd.Series(clean_text(other.frame[vcol[0]]).to_numpy(), index=keys.to_numpy())   # key may be the column
    rated = canon in RATED
    if rated:               # a ticket rated twice keeps its last rating; a rating offered and not given is none
        src = src[src.notna()]
    src = src[~src.index.duplicated(keep="last" if rated else "first") & src.index.notna()]
    on_col = str(lk.get("on", canon))
    # a canonical column, or a header of the file's own that no canonical column takes (Help Scout's ratings name
    # a conversation by its "Conversation Number", not by the id the conversations are mapped by)
    own = resolve(st.headers, [on_col]) if on_col not in st.out else []
    if on_col not in st.out and not own:
        st.add("error", canon, f"lookup joins on {on_col}, which is not mapped for {st.table}",
               f"map {on_col} under mapping.{st.table}.columns, or correct {where}.on")
        return
    on = clean_text((st.out[on_col] if on_col in st.out else st.frame[own[0]]).astype("string"))
    got = on.map(src).astype("string")
    missed = on.notna() & got.isna() & st.out[canon].isna()
    if missed.any() and not rated:        # most tickets are never rated: no rating is no missing row
        examples = ", ".join(map(repr, pd.unique(on[missed])[:3]))
        st.add("warning", canon, Note("dq.lookup_rows", n=int(missed.sum()), on={"data": f"{st.table}.{on_col}"},
                                      file=str(lk["file"]), header=kcol[0], examples=examples,
                                      col={"data": f"{st.table}.{canon}"}),
               f"correct the spelling in one of the two files, or add the missing rows to {lk['file']}",
               rows=st.rows(missed), value=on[missed].iloc[0])
    st.out[canon] = st.out[canon].fillna(got)


def step_lookups(st: FileIngest) -> None:
    """``lookups``: values from another canonical table or another export file."""
    for canon, lk in st.get("lookups").items():
        if canon not in st.out:
            continue
        if "table" in lk:
            _lookup_table(st, canon, lk)
        elif "file" in lk:
            _lookup_file(st, canon, lk)


def step_combine_time(st: FileIngest) -> None:
    """``combine_time``: a date column completed by another: the time of day, or the day of the month.

    A day of the month makes "April" + "19" read with ``date_format: "%B %d"``.
    """
    for canon, tcol in st.get("combine_time").items():
        tc = resolve(st.headers, as_list(tcol))
        if canon in st.out and tc:
            t = st.frame[tc[0]].astype("string").str.strip()
            st.out[canon] = st.out[canon].where(t.isna() | (t == ""), st.out[canon] + " " + t)


# A satisfaction survey's answers written as words, worst first. Each scale is read onto the 1–5 score the
# KPIs use (a scale of k answers: 1 + 4·i/(k−1)); the smallest scale holding every word present wins, so a
# three-point "Happy" is 5 and a five-point one (beside "Extremely happy") is 4.
_RATING_SCALES = (
    ("bad", "good"),
    ("rated bad", "rated good"),                             # LiveChat's chat ratings
    ("thumbs down", "thumbs up"),                            # tawk.to's chat ratings
    ("slecht", "goed"),                                      # the Good / Bad survey in the help desk's language
    ("schlecht", "gut"),
    ("dårlig", "god"),
    ("dålig", "bra"), ("dårlig", "bra"),                     # Swedish and Norwegian
    ("mauvaise", "bonne"), ("mauvais", "bon"), ("mala", "buena"), ("malo", "bueno"), ("ruim", "bom"),
    ("cattiva", "buona"), ("cattivo", "buono"), ("scadente", "buono"),       # Zendesk's Italian Good / Bad
    ("zła", "dobra"), ("zły", "dobry"), ("huono", "hyvä"), ("špatné", "dobré"), ("špatná", "dobrá"),
    ("bad", "okay", "good"),
    ("not good", "just okay", "awesome"),
    ("not good", "okay", "great"),                           # Help Scout's happiness ratings
    ("niet goed", "gewoon oké", "geweldig"),                 # Freshdesk's three answers in Dutch
    ("schlecht", "okay", "gut"), ("slecht", "oké", "goed"), ("dårlig", "okay", "god"),    # Zoho Desk's three
    ("bad", "neutral", "good"), ("slecht", "neutraal", "goed"), ("schlecht", "neutral", "gut"),   # and with its
    ("dårlig", "neutral", "god"), ("dålig", "neutral", "bra"),                                # middle "neutral"
    ("ikke godt", "neutral", "fantastisk"),                  # Freshdesk's three in Danish
    ("inte bra", "helt okej", "fantastiskt"),                # and in Swedish
    ("terrible", "bad", "ok", "great", "amazing"),           # Intercom's conversation ratings
    ("unhappy", "neutral", "happy"),
    ("not good", "neutral", "awesome"),                      # Freshdesk's classic three answers
    ("pas bien", "neutre", "génial"),                        # and in French
    # Odoo's three smileys, in its UI languages
    ("dissatisfied", "okay", "satisfied"), ("ontevreden", "oké", "tevreden"), ("ontevreden", "ok", "tevreden"),
    ("unzufrieden", "okay", "zufrieden"), ("utilfreds", "okay", "tilfreds"), ("mécontent", "correct", "satisfait"),
    ("negative", "neutral", "positive"),                     # Deskpro's feedback rating, and in its other languages
    ("negativ", "neutral", "positiv"), ("negatief", "neutraal", "positief"), ("négatif", "neutre", "positif"),
    ("negativo", "neutral", "positivo"), ("negativo", "neutro", "positivo"), ("negativo", "neutrale", "positivo"),
    ("dissatisfied", "neutral", "satisfied"),
    ("extremely unhappy", "unhappy", "neutral", "happy", "extremely happy"),
    ("very unhappy", "unhappy", "neutral", "happy", "very happy"),
    ("very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"),
    ("extremely dissatisfied", "dissatisfied", "neutral", "satisfied", "extremely satisfied"),   # Freshchat's
    ("very poor", "poor", "average", "good", "excellent"),
    ("poor", "fair", "good", "very good", "excellent"),
    ("zeer ontevreden", "ontevreden", "neutraal", "tevreden", "zeer tevreden"),
    ("sehr unzufrieden", "unzufrieden", "neutral", "zufrieden", "sehr zufrieden"),
    ("äusserst unzufrieden", "unzufrieden", "neutral", "zufrieden", "äusserst zufrieden"),   # casefolded "äußerst"
    ("meget utilfreds", "utilfreds", "neutral", "tilfreds", "meget tilfreds"),
    ("insatisfait", "neutre", "satisfait"), ("insatisfecho", "neutral", "satisfecho"),
    ("insatisfeito", "neutro", "satisfeito"), ("insoddisfatto", "neutrale", "soddisfatto"),
    ("scarso", "accettabile", "buono"), ("mauvais", "correct", "bon"), ("malo", "aceptable", "bueno"),
    ("très insatisfait", "insatisfait", "neutre", "satisfait", "très satisfait"),
    ("muy insatisfecho", "insatisfecho", "neutral", "satisfecho", "muy satisfecho"),
    ("muito insatisfeito", "insatisfeito", "neutro", "satisfeito", "muito satisfeito"),
    ("molto insoddisfatto", "insoddisfatto", "neutrale", "soddisfatto", "molto soddisfatto"),
    # Freshdesk's seven answers: its three happy ones are satisfied (4 and up), its three unhappy ones poor (2
    # and below); spread evenly over 1–5, "Happy" read 3.7, below the satisfied line
    {"extremely unhappy": 1, "very unhappy": 1.5, "unhappy": 2, "neutral": 3, "happy": 4, "very happy": 4.5,
     "extremely happy": 5},
)
RATED = ("csat",)
#: a survey sent but not answered (Zendesk's "Offered", "Unoffered"): no score, and no fault of the export either
_NO_ANSWER = frozenset({
    "offered", "unoffered", "not offered", "not rated", "unrated", "no rating", "no answer", "no response",
    "not answered", "unanswered", "n/a", "na", "-", "–", "none", "pending", "survey sent", "sent",
    "niet beoordeeld", "geen beoordeling", "geen antwoord", "keine bewertung", "nicht bewertet", "keine antwort",
    "ikke bedømt", "intet svar", "ikke besvaret", "aangeboden", "niet aangeboden", "angeboten", "nicht angeboten",
    "tilbudt", "ikke tilbudt", "proposée", "non proposée", "proposé", "non proposé", "offerte", "non offerte",
    "ofrecida", "no ofrecida", "oferecida", "não oferecida", "offerta", "non offerta", "offert", "non offert",
    "offerto", "non offerto",
    # Odoo's "no rating yet", in its UI languages
    "no rating yet", "not rated yet", "nog geen beoordeling", "noch keine bewertung", "pas encore d'évaluation",
    "ingen bedømmelse endnu", "aún no hay calificación", "ainda sem avaliação",
    "erbjuden", "ej erbjuden", "inte erbjuden", "ej betygsatt", "oferowana", "nieoferowana", "oferowano",
    "nie oferowano", "tarjottu", "ei tarjottu", "nabídnuto", "nenabídnuto"})
# "4 - Satisfied", "5 (very good)", and stars counted: Userlike's "4 Sterne", "1 Stern", "5 stars"
_SCORE_FIRST = (r"(?i)^\s*(\d{1,2}(?:[.,]\d+)?)\s*(?:[-–—:(]\s*[^\d\s]|(?:stars?|sterne?|sterren|ster|stjerner?|"
                r"stjärnor|stjärna|étoiles?|estrellas?|\*|★)\s*$)")


def _rating_key(txt: pd.Series) -> pd.Series:
    """An answer as the scales list it: Zendesk's "good_with_comment" and "Good, I'm satisfied" are its "Good"."""
    return (txt.str.replace(r"[\s_]+", " ", regex=True).str.casefold()
            # Zendesk's "Good with comment", in German "Gut mit Kommentar", and as its API writes it "GoodWithComment"
            # (Zendesk in French writes it "Bon, avec commentaire")
            .str.replace(r",? ?(with(out)?|mit|met|med|avec|con|com|z|s) ?(comment|kommentar|opmerking|commentaar|"
                         r"commentaire|comentario|comentário|commento|komentarzem|komentářem)$", "", regex=True)
            .str.replace(r",\s*(i'?m|i am|ik ben|ich bin|jeg er)\b.*$", "", regex=True))


def rating_scale_of(values: pd.Series) -> dict[str, float] | None:
    """The scale whose words *values* are written in ({} for numbers alone), or None: the rating reader's decision.

    ``init`` asks it before it calls a satisfaction column of words "not numbers".
    """
    txt = pd.Series(clean_text(values).dropna().unique(), dtype="object")
    key = _rating_key(txt)
    number = parse_numbers(txt)[0].notna() | txt.str.extract(_SCORE_FIRST, expand=False).notna()
    words = set(key[~number & ~key.isin(_NO_ANSWER)])
    return _rating_scale(words) if words else {}


def _rating_scale(words: set[str]) -> dict[str, float] | None:
    for scale in _RATING_SCALES:
        if words <= set(scale):
            return dict(scale) if isinstance(scale, dict) else {w: 1 + 4 * i / (len(scale) - 1)
                                                                 for i, w in enumerate(scale)}
    return None


def step_rating_words(st: FileIngest) -> None:
    """Survey answers written as words ("Extremely happy", "Zeer tevreden", "4 - Satisfied") read as scores.

    Only when every word in the column belongs to one known scale: a column of other words is left to
    the parser, whose warning names them, rather than read by a guess. A ``values`` map runs first and wins.
    """
    for canon in (c for c in RATED if c in st.out and c not in st.get("values")):
        codes, uniq = factorize_text(st.out[canon])
        if not len(uniq):
            continue
        txt = uniq.str.strip()
        first = txt.str.extract(_SCORE_FIRST, expand=False)
        key = _rating_key(txt)
        number = parse_numbers(txt, decimal=st.locale.get("decimal"))[0].notna() | (key == "")
        blank = key.isin(_NO_ANSWER) & ~number & first.isna()
        words = set(key[~number & ~blank & first.isna()])
        scale = _rating_scale(words) if words else {}
        if scale is None or (not words and first.isna().all() and not blank.any()):
            continue
        score = key.map(scale).astype("float64")
        new = txt.where(number, first.str.replace(",", ".", regex=False).where(first.notna(), score.map(_plain)))
        st.out[canon] = spread(new.where(~blank).astype("string[pyarrow]"), codes, st.frame)
        _say_rating_words(st, canon, codes, txt, new, ~number & ~blank, blank)


def _say_rating_words(st: FileIngest, canon: str, codes: np.ndarray, txt: pd.Series, new: pd.Series,
                      read_: pd.Series, blank: pd.Series) -> None:
    """An info note on the words read as scores and one on the surveys without an answer, each with examples."""
    hit = spread(read_.to_numpy(bool), codes, st.frame)
    if hit.any():
        read = pd.DataFrame({"text": txt, "score": pd.to_numeric(new, errors="coerce")})[read_.to_numpy(bool)]
        read = read.drop_duplicates("text").sort_values(["score", "text"])
        examples = ", ".join(f"{t!r} = {_plain(v)}" for t, v in zip(read["text"][:6], read["score"][:6], strict=True))
        st.add("info", canon, Note("dq.rating_words", n=int(hit.sum()), examples=examples), rows=st.rows(hit))
    none = spread(blank.to_numpy(bool), codes, st.frame)
    if none.any():
        examples = ", ".join(repr(t) for t in txt[blank.to_numpy(bool)].drop_duplicates()[:4])
        st.add("info", canon, Note("dq.rating_unanswered", n=int(none.sum()), examples=examples), rows=st.rows(none))


def _plain(v: float) -> str:
    return f"{v:g}" if v == v else ""


# ---------------------------------------------------------------------------------- parsing
def _no_year(s: pd.Series, fmt: str, table: str, canon: str) -> tuple:
    """A date format without a year would silently read every date as 1900: refuse every value."""
    return (pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]"), s.notna(),
            f"{fmt} (no year: add mapping.{table}.year.{canon}: YYYY)", None)


def _parse_one(st: FileIngest, canon: str, order: str | None = None) -> tuple:
    dtype, s = dtype_of(st.table, canon), st.out[canon]
    if dtype == "float":
        if canon in ("duration_min", "talk_min"):    # Pipedrive writes durations as 00:15 (hours:minutes)
            # a header that says its clock is minutes and seconds ("Samtaletid (mm:ss)") reads 01:30 as 1.5 min
            # a file of calls: a typical call of over an hour is minutes and seconds (Zoho's "Anrufdauer" 02:10)
            calls = (st.mapping.get("constants") or {}).get("type") == "call"
            mins = hh_mm(s, minutes=bool(re.search(r"mm:ss|min:sek|min:sec", st.header_of.get(canon, ""), re.I)),
                         typical=MMSS_CALL_MINUTES if calls else MMSS_ABOVE_MINUTES)
            if mins is not None:
                return mins
        return parse_numbers(s, decimal=st.locale.get("decimal"))
    if dtype in ("datetime", "date"):
        date_fmt = st.mapping.get("date_format")
        fmt = date_fmt.get(canon) if isinstance(date_fmt, dict) else date_fmt
        years = st.get("year")
        if canon in years:                              # dates written without a year ("April", "19")
            s = s.astype("string") + f" {int(years[canon])}"
            fmt = (fmt or "%Y-%m-%d") + " %Y"
        elif fmt and not any(d in fmt for d in ("%Y", "%y", "%G")):
            return _no_year(s, fmt, st.table, canon)
        return parse_dates(s, timezone=st.config.timezone, date_order=order or st.locale.get("date_order"), fmt=fmt)
    if dtype == "bool":
        return parse_bools(s)
    if canon == st.id_column:                           # the id's duplicate check hashes it: do it here too
        return s, first_occurrence(s)
    return (s,)                                         # text: cleaned when mapped


def hh_mm(s: pd.Series, *, minutes: bool = False, typical: float | None = None) -> tuple | None:
    """Durations written as ``H:MM`` or ``H:MM:SS`` in minutes, or None when the column is not written so.

    *minutes*: the column's header says its two parts are minutes and seconds ("Samtaletid (mm:ss)").
    *typical*: read as hours and minutes, the typical one would last longer than this many minutes: minutes and
    seconds (:data:`MMSS_ABOVE_MINUTES` by default).
    """
    typical = MMSS_ABOVE_MINUTES if typical is None else typical
    txt = clean_text(s)
    parts = txt.str.extract(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
    ok = parts[0].notna()
    if not ok.any() or not (ok | txt.isna()).all():
        return None
    first, second = parts[0].astype("float"), parts[1].astype("float")
    three = parts[2].notna()
    if three.any() and (ok & ~three).any():
        # Voys writes "02:28" and, for a call over an hour, "1:02:33": a column that writes the hours when there
        # are any writes minutes and seconds below an hour. Read as hours, 2 min 28 s was 2 h 28 min
        mins = (first * 60 + second + parts[2].astype("float") / 60).where(three, first + second / 60)
        return mins.astype("float64"), pd.Series(False, index=s.index), "m:ss"
    if not three.any() and (minutes or first.max() >= 24
                            or first.median() * 60 + second.median() > typical):
        # "7:42" of a call log is 7 minutes 42, not 7 hours: two parts that would make the typical activity
        # last longer than three hours, or a first part of 24 or more, are minutes and seconds
        return (first + second / 60).astype("float64"), pd.Series(False, index=s.index), "m:ss"
    mins = first * 60 + second + parts[2].astype("float").fillna(0) / 60
    return mins.astype("float64"), pd.Series(False, index=s.index), "h:mm"


#: a typical activity written "H:MM" longer than this many minutes is written "M:SS"
MMSS_ABOVE_MINUTES = 180
#: and a typical call longer than this many minutes
MMSS_CALL_MINUTES = 60


def _is_date(st: FileIngest, canon: str, res: tuple) -> bool:
    return dtype_of(st.table, canon) in ("datetime", "date") and len(res) == 4


def _one_date_order(st: FileIngest, results: dict[str, tuple]) -> None:
    """One file has one date order: a column whose days are all ≤ 12 follows the file's other date columns."""
    orders = {_ORDER_OF.get(r[2][:2]) for c, r in results.items() if _is_date(st, c, r) and r[3] is None} - {None}
    if len(orders) != 1 or st.locale.get("date_order"):
        return
    order = orders.pop()
    for c, r in results.items():
        if _is_date(st, c, r) and r[3] is not None:
            r2 = _parse_one(st, c, order)
            results[c] = (*r2[:3], Note("dq.dates_follow_file", first=Note(f"dq.{order}_first")))


def _number(st: FileIngest, canon: str, s: pd.Series, res: tuple) -> pd.Series:
    vals, bad = res[0], res[1]
    if bad.any():                        # the cell is left empty: the record lives without it
        st.add("warning", canon, Note("dq.not_numbers", n=int(bad.sum()), example=repr(s[bad].iloc[0])),
               "correct the cells, or set locale.decimal if the decimal separator was misread",
               rows=st.rows(bad), value=s[bad].iloc[0])
    scale = st.get("scale")
    if canon not in scale:
        return vals
    factor = scale[canon]
    if factor == "auto":                 # a share written as 0-100 or as 0-1 (HubSpot UI vs property exports)
        factor = 0.01 if (vals.abs() > 1).any() else 1.0
    return vals * float(factor)


def _date(st: FileIngest, canon: str, s: pd.Series, res: tuple) -> pd.Series:
    vals, bad, used, note = res
    if note:
        st.add("warning", canon, note, "set locale.date_order (dmy or mdy) or mapping date_format to be explicit")
    if bad.any():                        # the cell is left empty: the KPIs dated by it skip the record
        st.add("warning", canon, Note("dq.not_dates", n=int(bad.sum()), format=str(used), example=repr(s[bad].iloc[0])),
               f"correct the cells or set mapping.{st.table}.date_format.{canon}",
               rows=st.rows(bad), value=s[bad].iloc[0])
    placeholder = (vals < _EARLIEST).fillna(False).to_numpy(bool)
    if placeholder.any():                 # 1900-01-01, 1899-12-30: a system's "no date", not a date
        st.add("warning", canon, Note("dq.placeholder_dates", n=int(placeholder.sum()), year=f"{_EARLIEST:%Y}",
                                      example=repr(s[placeholder].iloc[0])),
               "leave the cell empty in the export", rows=st.rows(placeholder), value=s[placeholder].iloc[0])
        vals = vals.mask(placeholder)
    return vals


def parse_columns(st: FileIngest) -> pd.DataFrame:
    """``date_format``, ``year``, ``scale``: every canonical column parsed to its dtype (side by side for big files)."""
    # columns are parsed side by side (pyarrow and numpy release the GIL); findings in column order
    cols = list(st.out.columns)
    results = dict(zip(cols, map_columns(lambda c: _parse_one(st, c), cols, st.n), strict=True))
    _one_date_order(st, results)
    parsed: dict[str, pd.Series] = {}
    for canon, res in results.items():
        dtype, s = dtype_of(st.table, canon), st.out[canon]
        vals = res[0]
        if dtype == "float":
            vals = _number(st, canon, s, res)
        elif dtype in ("datetime", "date"):
            vals = _date(st, canon, s, res)
        elif dtype == "bool" and res[1].any():
            bad = res[1]
            st.add("warning", canon, Note("dq.not_bool", n=int(bad.sum()), example=repr(s[bad].iloc[0])),
                   "use true/false, yes/no, ja/nee", rows=st.rows(bad))
        if canon == st.id_column:
            st.first_seen = res[1]
        parsed[canon] = vals                      # date columns: coerce_table drops the time of day
    return pd.DataFrame(parsed, index=st.frame.index, copy=False)   # no block consolidation copy


# ---------------------------------------------------------------------------------- row rules
def check_ids(st: FileIngest, df: pd.DataFrame) -> None:
    """A row without its id is rejected; a row without an optional id (no account) is counted."""
    for c in TABLES[st.table]:
        if c.dtype != "id" or c.name not in df:
            continue
        if c.required:
            miss = (df[c.name].isna() | (df[c.name] == "")) & ~st.excluded
            if miss.any():
                st.add("error", c.name, Note("dq.no_id", n=int(miss.sum()), col={"data": f"{st.table}.{c.name}"}),
                       "every row needs an id; fill it in the CRM and export again", rows=st.rows(miss))
                st.rejects.mark(miss, c.name, f"missing {c.name}")
        elif c.name in st.header_of:
            _no_one(st, df, c.name)
            blank = df[c.name].isna() & st.keep()
            if blank.any():
                st.add("info", c.name, f"{int(blank.sum())} row(s) have no {c.name}; kept, and counted as "
                       "'(unknown)' where KPIs are split by it", rows=st.rows(blank))


#: what a CRM writes in an owner or agent column for nobody: Gorgias's "unassigned", Zoho's "-None-"
_NO_ONE = frozenset({"unassigned", "not assigned", "no owner", "no agent", "nobody", "none", "-none-", "(none)",
                     "n/a", "-", "–", "niet toegewezen", "geen", "nicht zugewiesen", "keiner", "ikke tildelt",
                     "non assigné", "sin asignar", "não atribuído", "non assegnato"})


def _no_one(st: FileIngest, df: pd.DataFrame, canon: str) -> None:
    """An optional id written as a word for nobody is no id: "unassigned" is not an agent of the league table."""
    _blank_words(st, df, canon, _NO_ONE, "dq.no_one")


def _blank_words(st: FileIngest, df: pd.DataFrame, canon: str, words: frozenset[str], key: str) -> None:
    """The cells of *canon* that are one of *words* (any case) read as empty, said once with their rows (*key*)."""
    txt = df[canon].astype("string")
    hit = txt.str.strip().str.casefold().isin(words).fillna(False).to_numpy(bool)
    if hit.any():
        st.add("info", canon, Note(key, n=int(hit.sum()), value=repr(txt[hit].iloc[0]),
                                   col={"data": f"{st.table}.{canon}"}), rows=st.rows(hit))
        df[canon] = df[canon].mask(hit)


#: what a CRM writes in an empty pick list: Zoho's "-None-", Salesforce's "--None--", a pivot's "(blank)"
_NO_VALUE = frozenset({"-none-", "--none--", "- none -", "(none)", "(blank)", "(leeg)", "(leer)", "(tom)", "(vide)"})


def placeholder_values(st: FileIngest, df: pd.DataFrame) -> None:
    """A pick list's word for no value is no segment: Zoho's lead source "-None-" was ranked as a source (39.1 %).

    Text columns only, not the status (its words were read before); said once per column.
    """
    cols = [c.name for c in TABLES[st.table] if c.dtype == "str" and c.name != "status"]
    cols += [c for c in ("region", "industry", "team") if c in extra_columns(st.table)]
    for canon in (c for c in dict.fromkeys(cols) if c in df):
        _blank_words(st, df, canon, _NO_VALUE, "dq.no_value")


def check_required_values(st: FileIngest, df: pd.DataFrame) -> None:
    """A row without a required date is kept; the KPIs that need the date skip it."""
    for c in TABLES[st.table]:
        if c.required and c.dtype != "id" and c.name in df and c.name not in st.unmapped:
            miss = df[c.name].isna() & st.keep()
            if miss.any():
                st.add("warning", c.name, Note("dq.missing_values", n=int(miss.sum()),
                                               col={"data": f"{st.table}.{c.name}"}), "", rows=st.rows(miss))


#: the tables whose rows carry a currency, and their columns of money in it
_PRICED = {"opportunities": ("amount", "cost"), "contracts": ("mrr",)}


def convert_currencies(st: FileIngest, df: pd.DataFrame) -> None:
    """Amounts in another currency are converted with ``fx_rates``, or left empty: never summed as they are.

    The deal itself is kept: won, lost, its owner and its dates count without its amount (a Pipedrive export
    with a third of its deals in USD and GBP lost them from the deals won and the win rate too).
    """
    if st.table not in _PRICED or "currency" not in df:
        return
    cfg = st.config
    cur = df["currency"] = currency_codes(df["currency"])       # "US Dollar" is USD, as the client's currency
    other = cur.notna() & (cur != cfg.currency.upper()) & ~st.rejects.is_rej
    if not other.any():
        return
    rate = cur.map({k.upper(): float(v) for k, v in cfg.fx_rates.items()}).astype("float64")
    norate = other & rate.isna()
    if norate.any():
        codes = sorted(cur[norate].unique())
        key = "dq.no_rate" if st.table == "opportunities" else "dq.no_rate_mrr"
        st.add("warning", "currency", Note(key, n=int(norate.sum()), codes=", ".join(codes)),
               f"add fx_rates: {{{codes[0]}: <rate into {cfg.currency}>}} to the client config", rows=st.rows(norate),
               value=codes[0])
        for money in _PRICED[st.table]:
            if money in df:
                df.loc[norate, money] = np.nan
    conv = other & rate.notna()
    if conv.any():
        for money in _PRICED[st.table]:
            if money in df:
                df.loc[conv, money] = df.loc[conv, money] * rate[conv]
        st.add("info", "currency", f"{int(conv.sum())} row(s) converted to {cfg.currency} with fx_rates")
        df.loc[conv, "currency"] = cfg.currency


#: the columns KPIs are split by: one segment spelled two ways ("Google", "google") would be two segments
SEGMENT_COLUMNS = ("source", "source_class", "lead_source", "product", "product_group", "channel", "priority",
                   "industry", "country", "region", "team")


def merge_spellings(st: FileIngest, df: pd.DataFrame) -> None:
    """Values of a segment column that differ only in capitals or spaces become one value, its commonest spelling.

    X Education's Lead Source holds "Google" 2,868 times and "google" 5 times: read as two sources, page 1
    counted 21 sources and left the five out of Google's share. Counted over the rows kept; ties go to the
    spelling first in sort order, so a report does not change with the order of the rows.
    """
    for canon in (c for c in SEGMENT_COLUMNS if c in df and dtype_of(st.table, c) == "str"):
        counts = df.loc[st.keep(), canon].dropna().value_counts()
        if len(counts) < 2:
            continue
        u = pd.DataFrame({"value": counts.index.astype(str), "n": counts.to_numpy()})
        u["key"] = u["value"].str.strip().str.replace(r"\s+", " ", regex=True).str.casefold()
        if u["key"].nunique() == len(u):
            continue
        u = u.sort_values(["n", "value"], ascending=[False, True])
        u["as"] = u.groupby("key", sort=False)["value"].transform("first")
        moved = u[u["value"] != u["as"]]
        hit = df[canon].isin(moved["value"]).fillna(False).to_numpy(bool)
        df[canon] = df[canon].replace(dict(zip(moved["value"], moved["as"], strict=True)))
        examples = ", ".join(f"{v!r} → {a!r}" for v, a in zip(moved["value"][:3], moved["as"][:3], strict=True))
        st.add("info", canon, Note("dq.spellings", n=int(hit.sum()), examples=examples), rows=st.rows(hit))


#: the share of deals that name their stage, account and owner for a row naming none of them to be a group's sum
_GROUP_ROW_FILLED = 0.9


def group_rows(st: FileIngest, df: pd.DataFrame) -> None:
    """A sheet's group rows (a region's line above its deals, holding their sum): no deal, left out, said once.

    Smartsheet's hierarchy puts "North America" and "East" above their deals with the sum of their amounts and
    no stage, account or owner: read as deals, the open pipeline held every amount three times (34.5 million
    for 2.8). Only where nearly every other row names its stage, account and owner (those the export has).
    """
    have = [c for c in ("stage", "account_id", "owner_id") if c in df]
    if st.table != "opportunities" or "amount" not in df or len(have) < 2:
        return
    named = df[have].notna()
    bare = ~named.any(axis=1) & df["amount"].notna() & st.keep()
    if not bare.any() or (named[~bare].mean() < _GROUP_ROW_FILLED).any() or bare.mean() > 1 - _GROUP_ROW_FILLED:
        return
    _exclude(st, bare.to_numpy(bool), "amount",
             Note("dq.group_sums", n=int(bare.sum()), cols=", ".join(st.header_of.get(c, c) for c in have)))


def deal_lines(st: FileIngest, df: pd.DataFrame) -> None:
    """A deal exported once per product line: its lines' amounts summed into its first row, the others left out.

    A line-item export repeats the deal id with another product or amount on each line: read as duplicates, all
    but the first line were rejected and the deal's amount was its first line's. Exact copies are copies
    (:func:`copies_of_ids`); lines only where most repeated rows differ from their deal's first in a line
    column (product, amount).
    """
    idc = st.id_column
    cols = [c for c in ("product", "product_group", "amount") if c in df]
    if st.table != "opportunities" or st.first_seen is None or idc is None or "amount" not in df:
        return
    ids = df[idc]
    dup = (~st.first_seen & ids.notna() & st.keep()).to_numpy(bool)
    if not dup.any():
        return
    of = ids.isin(ids[dup]).to_numpy(bool) & st.keep().to_numpy(bool)
    # a line repeats its deal (status, owner, account, dates), or leaves them blank as a shop's order lines do, and
    # differs from its first line in product or amount
    deal = [c for c in ("status", "stage", "owner_id", "account_id", "created_at", "close_date") if c in df]
    line = pd.util.hash_pandas_object(df.loc[of, cols], index=False)
    key = ids[of].to_numpy()
    own = df.loc[of, deal]
    same = ((own == own.groupby(key).transform("first")) | own.isna()).all(axis=1)
    differs = np.zeros(len(df), bool)
    differs[np.flatnonzero(of)] = ((line != line.groupby(key).transform("first")) & same).to_numpy()
    lines = dup & differs
    if lines.sum() < 0.5 * dup.sum():
        return
    deals = ids[lines].unique()
    rows = of & ids.isin(deals).to_numpy(bool)
    # a report of opportunity products writes the deal's own amount on each of its lines: counted once. Only
    # where nearly every deal of several lines repeats one amount; two lines of 500 each may be a deal of 1,000
    same = df.loc[rows, "amount"].groupby(ids[rows].to_numpy()).nunique(dropna=False) <= 1
    repeated = len(same) >= MIN_REPEATED_DEALS and same.mean() >= 0.9
    heads = np.asarray(st.first_seen, bool) & ids.isin(deals).to_numpy(bool)
    # a saved search of a transaction's main line and its item lines (NetSuite's without "Main Line"): the first
    # line's amount is the total of the others, half of all its lines. Summed, October's revenue read twice
    by = df.loc[rows, "amount"].groupby(ids[rows].to_numpy(), sort=False)
    first, lines_sum = by.first(), by.sum(min_count=1)
    main = not repeated and len(first) >= MIN_REPEATED_DEALS and \
        ((lines_sum - 2 * first).abs() <= TOTAL_LINE_TOLERANCE * first.abs()).mean() >= 0.9
    if not repeated and not main:
        total = df.loc[rows, "amount"].groupby(ids).sum(min_count=1)
        df.loc[heads, "amount"] = ids[heads].map(total).to_numpy()
    key = "dq.deal_lines_same" if repeated else "dq.deal_lines_main" if main else "dq.deal_lines"
    _exclude(st, lines, "amount", Note(key, n=int(lines.sum()), deals=len(deals), col={"data": f"{st.table}.{idc}"}))


def contract_lines(st: FileIngest, df: pd.DataFrame) -> None:
    """A subscription exported once per item or line: one subscription, its lines' MRR summed into its first row.

    Stripe's subscription items, Exact Online's subscription lines (a licence, a managed firewall …): each line
    read as a subscription counted 138 new subscriptions for 79. The subscription starts with its first line and
    ends with its last, unless a line still runs; the other lines are left out, said once.
    """
    if st.table != "contracts" or "contract_id" not in df:
        return
    ids = df["contract_id"]
    keep = st.keep().to_numpy(bool)
    # lines that run at one time are one subscription; rows of one id that do not all run at a common time are
    # its slices over time (Zuora's charge segments, each with its own MRR until the next begins): each is kept,
    # and MRR at a month's end sums the ones running then
    ends = df["end_date"] if "end_date" in df else pd.Series(pd.NaT, index=df.index)
    span = pd.DataFrame({"id": ids, "start": df["start_date"], "end": ends})[keep & ids.notna().to_numpy(bool)]
    g = span.groupby("id")
    # ... and end together: a line that ends before the others is a slice too (its MRR stops with it)
    together = (g["start"].max() < g["end"].min().fillna(pd.Timestamp.max)) & (g["end"].nunique(dropna=False) <= 1)
    # of the rows kept: a row left out before (an older version, a test) is no subscription's first line, else its
    # lines were all "further lines" of a row that is not there, and the subscription went
    ids = ids.where(ids.map(together).fillna(False).astype(bool) & keep)
    dup = (ids.duplicated() & ids.notna()).to_numpy(bool) & keep
    if not dup.any():
        return
    rows = ids.isin(ids[dup]).to_numpy(bool) & keep
    part = df.loc[rows]
    key = ids[rows].to_numpy()
    heads = rows & ~dup
    by = ids[heads]
    one = False
    if "mrr" in df:
        # Zoho Billing writes a subscription's own total on each of its add-on rows: where every one of three or
        # more subscriptions carries one MRR on all its rows, it is the subscription's, counted once (summed, 59
        # subscriptions read 13,900 too much); a subscription's items at one price each are lines (Stripe's)
        same = part["mrr"].groupby(key).nunique(dropna=False) <= 1
        one = len(same) >= 3 and bool(same.all())
        df.loc[heads, "mrr"] = by.map(part["mrr"].groupby(key).first() if one
                                      else part["mrr"].groupby(key).sum(min_count=1)).to_numpy()
    df.loc[heads, "start_date"] = by.map(part["start_date"].groupby(key).min()).to_numpy()
    if "end_date" in df:
        running = part["end_date"].isna().groupby(key).any()
        last = part["end_date"].groupby(key).max().where(~running)
        df.loc[heads, "end_date"] = by.map(last).to_numpy()
    key = "dq.contract_repeats" if "mrr" in df and one else "dq.contract_lines"
    _exclude(st, dup, "contract_id", Note(key, n=int(dup.sum()), subscriptions=int(by.nunique()),
                                          col={"data": "contracts.contract_id"}))


#: deals of several lines, each line with one and the same amount, that make the amount the deal's own
MIN_REPEATED_DEALS = 3
#: a deal's first line is its total where it is the sum of its other lines to within this share (rounding of cents)
TOTAL_LINE_TOLERANCE = 0.005


def _repeated_at_other_times(st: FileIngest, df: pd.DataFrame, when: str, *, same: bool = False,
                             among: np.ndarray | None = None) -> np.ndarray | None:
    """The rows of ids repeated at other times than their first row's (*when*), or None; with *same*, at its time.

    Only where most repeated rows (of *among*, where given) differ from their id's first in time (or, with
    *same*, share it): exact copies are copies (:func:`copies_of_ids`). One test for a conversation's
    messages, a call's legs and a meeting's attendees.
    """
    idc = st.id_column
    if st.first_seen is None or idc is None:
        return None
    ids, keep = df[idc], st.keep().to_numpy(bool)
    dup = ~np.asarray(st.first_seen, bool) & ids.notna().to_numpy(bool) & keep
    if among is not None:
        dup &= among
    if not dup.any():
        return None
    of = ids.isin(ids[dup]).to_numpy(bool) & keep
    at = df.loc[of, when]
    moved = (at != at.groupby(ids[of].to_numpy()).transform("first")).fillna(False).to_numpy()
    hit = np.zeros(len(df), bool)
    hit[np.flatnonzero(of)] = ~moved if same else moved
    if (dup & hit).sum() < 0.5 * dup.sum():
        return None
    return of & ids.isin(ids[dup & hit].unique()).to_numpy(bool)


def _any_row(flag: pd.Series, by: np.ndarray) -> pd.Series:
    """Per id (*by*): yes where a row of it says yes, unknown where none says either way."""
    f = flag.astype("boolean")
    said = f.notna().groupby(by, sort=False).any()
    return f.fillna(False).groupby(by, sort=False).any().astype("boolean").where(said)


def case_messages(st: FileIngest, df: pd.DataFrame) -> None:
    """A help desk's export of messages: the rows of one conversation are one case, opened with its first message.

    Front's messages export repeats the conversation's id on each message, with the message's own time: read
    as duplicates, all but the first message were rejected and a conversation's reply looked like a copy. Only
    where most repeated rows differ from their case's first in the time they were written; exact copies stay
    duplicates (:func:`check_duplicates`). The case keeps its first opening time, the closing time of its
    latest message (none where the conversation was reopened and is open now, though an earlier part of it
    closed) and each other column's last value in time (the conversation's status now, its last agent).
    """
    idc = st.id_column
    if st.table != "cases" or "opened_at" not in df:
        return
    rows = _repeated_at_other_times(st, df, "opened_at")
    if rows is None:
        return
    ids = df[idc]
    part = df.loc[rows].sort_values("opened_at", kind="stable")
    by = part[idc].to_numpy()
    whole = part.groupby(by, sort=False).last()                 # each column's last value in time
    whole["opened_at"] = part.groupby(by, sort=False)["opened_at"].min()
    if "closed_at" in part:
        latest = part.drop_duplicates(idc, keep="last")          # each case's latest message, closing time or none
        whole["closed_at"] = latest.set_index(idc)["closed_at"].reindex(whole.index)
    heads = np.asarray(st.first_seen, bool) & rows
    # the ingest's own columns ("_row": where the case is in the file) stay the first message's
    for col in (c for c in whole.columns if c != idc and not str(c).startswith("_")):
        df.loc[heads, col] = ids[heads].map(whole[col]).to_numpy()
    gone = rows & ~heads
    _exclude(st, gone, idc, Note("dq.case_messages", n=int(gone.sum()), cases=int(len(whole)),
                                 col={"data": f"{st.table}.{idc}"}))


#: the events of a booking's life, as a booking tool's log writes one row each: made, moved, called off
_BOOKED = re.compile(r"(?i)^\W*(?:booked|created|scheduled|new|geboekt|gebucht|erstellt|booket|réservé|reservado)\W*$")
_MOVED_TO = re.compile(r"(?i)^\W*(?:rescheduled|moved|updated|verzet|verplaatst|verschoben|geändert|flyttet|"
                       r"reprogrammé|reprogramado)\W*$")
_CALLED_OFF = re.compile(r"(?i)^\W*(?:cancell?ed|canceled|geannuleerd|storniert|abgesagt|annulleret|aflyst|annulé|"
                         r"cancelado)\W*$")


def booking_events(st: FileIngest, df: pd.DataFrame) -> None:
    """A booking tool's log of events (Booked, Rescheduled, Cancelled), a row each under the booking's id: one meeting.

    Microsoft Bookings' reporting data writes a booking moved as a second row at its new time and a booking called
    off as a row "Cancelled": read as meetings, the repeated ids were rejected and October's 58 meetings read 68.
    A booking is the rows of one id and one customer (a group booking's customers are its seats, counted by
    :func:`attendee_rows`): at the time of its last move, else its booking, and not held where it was called off.
    Only where the column the meetings' "held" is read from says booked, moved or called off, and an id repeats.
    """
    idc, h = st.id_column, st.header_of.get("completed")
    if st.table != "activities" or idc is None or h is None or h not in st.frame or "scheduled_at" not in df:
        return
    said = clean_text(st.frame[h]).str.strip()
    booked, moved, off = (said.str.contains(x).fillna(False).to_numpy(bool) for x in (_BOOKED, _MOVED_TO, _CALLED_OFF))
    keep = st.keep().to_numpy(bool) & df[idc].notna().to_numpy(bool) & (booked | moved | off)
    if not (booked & keep).any() or not ((moved | off) & keep).any():
        return
    who = [h for h in _party_headers(st.headers) if h in st.frame][:1]
    key = df[idc].astype("string") + "\x1f" + (clean_text(st.frame[who[0]]).str.casefold().fillna("")
                                                 if who else "")
    size = key[keep].map(key[keep].value_counts())
    changed = key[keep][(moved | off)[keep]].unique()
    touched = np.zeros(len(df), bool)
    touched[np.flatnonzero(keep)] = ((size > 1) & key[keep].isin(changed)).to_numpy(bool)
    if not touched.any():
        return
    part = pd.DataFrame({"key": key[touched], "rank": np.where(moved[touched], 2, np.where(booked[touched], 1, 0)),
                         "off": off[touched], "n": np.arange(int(touched.sum()))}, index=df.index[touched])
    # the booking's row that says where it stands: its last move, else its booking, else its cancellation
    head = part.sort_values(["rank", "n"]).groupby("key", sort=False).tail(1)
    called_off = part.groupby("key")["off"].any()
    heads = df.index.isin(head.index)
    df.loc[heads, "completed"] = ~key[heads].map(called_off).astype(bool).to_numpy()
    gone = touched & ~heads
    if st.first_seen is not None:      # the booking's row is its id's first from here on
        st.first_seen = (np.asarray(st.first_seen, bool) & ~touched) | heads
    _exclude(st, gone, idc, Note("dq.booking_events", n=int(gone.sum()), bookings=int(len(head)),
                                 col={"data": f"{st.table}.{idc}"}))


def call_legs(st: FileIngest, df: pd.DataFrame) -> None:
    """A call log of legs: the rows of one call (its session id repeated, each leg at its own time) are one call.

    RingCentral's detailed call log writes a transferred call as a leg per extension: read as calls, October's
    103 calls read 144 and the answered share fell from 68 % to 63 %. The call starts with its first leg; it was
    answered where any leg was; its talk time is that of its answered legs; its owner is who answered it last.
    """
    idc = st.id_column
    when_col = next((c for c in ("scheduled_at", "created_at", "completed_at") if c in df), None)
    if st.table != "activities" or when_col is None:
        return
    _child_legs(st, df, idc)
    rows = _repeated_at_other_times(st, df, when_col)
    if rows is None:
        return
    rows |= _other_users_at_once(st, df)
    ids = df[idc]
    part = df.loc[rows].sort_values(when_col, kind="stable")
    by = part[idc].to_numpy()
    whole = pd.DataFrame({when_col: part.groupby(by, sort=False)[when_col].min()})

    for flag in ("completed", "outcome"):                # answered where any leg was
        if flag in part:
            whole[flag] = _any_row(part[flag], by)
    answered = (part["completed"].astype("boolean").fillna(False) if "completed" in part
                else pd.Series(False, index=part.index)).to_numpy(bool)
    if "duration_min" in part:
        talk = _talk_of_legs(part["duration_min"].where(answered), part[when_col], by)
        whole["duration_min"] = talk.fillna(part["duration_min"].groupby(by, sort=False).sum(min_count=1))
    if "owner_id" in part:
        who = part["owner_id"].where(answered).groupby(by, sort=False).last()
        whole["owner_id"] = who.fillna(part["owner_id"].groupby(by, sort=False).first())
    # the call is its first leg, whose ends and direction are the call's: 3CX lists the newest first, and a call
    # handed to a colleague kept its second leg (the customer's number to the colleague), read as internal
    heads = rows & df.index.isin(part.groupby(by, sort=False).head(1).index)
    st.first_seen = (np.asarray(st.first_seen, bool) & ~rows) | heads        # the call's first row from here on
    for col in whole.columns:
        df.loc[heads, col] = ids[heads].map(whole[col]).to_numpy()
    gone = rows & ~heads
    _exclude(st, gone, idc, Note("dq.call_legs", n=int(gone.sum()), calls=int(len(whole)),
                                 col={"data": f"{st.table}.{idc}"}))


def _talk_of_legs(minutes: pd.Series, start: pd.Series, by: np.ndarray) -> pd.Series:
    """A call's minutes of talk (per call, *by*): its legs' time together, each minute once.

    *minutes* and *start* are the legs', sorted by start.
    A transfer's legs follow one another and add up; a hunt group's leg and its agent's run at the same time:
    Webex's hotline calls, summed, talked twice as long as they did.
    """
    end = start + pd.to_timedelta(minutes, unit="min")
    # each leg from where the call's legs before it ended on: a leg inside another adds nothing
    before = end.groupby(by, sort=False).cummax().groupby(by, sort=False).shift()
    begin = start.where(before.isna() | (before < start), before)
    own = ((end - begin).dt.total_seconds() / 60).clip(lower=0).where(minutes.notna())
    return own.groupby(by, sort=False).sum(min_count=1)


def _other_users_at_once(st: FileIngest, df: pd.DataFrame) -> np.ndarray:
    """The rows of a call's id logged at its first row's very time by another user: the callee's leg.

    Webex writes a call between colleagues as the caller's leg and the callee's, to the millisecond the same: among
    a log of legs they were rejected as duplicate rows.
    """
    out = np.zeros(len(df), bool)
    if "owner_id" not in df or st.first_seen is None:
        return out
    ids, keep = df[st.id_column], st.keep().to_numpy(bool)
    of = ids.isin(ids[~np.asarray(st.first_seen, bool) & keep]).to_numpy(bool) & keep & ids.notna().to_numpy(bool)
    who = df.loc[of, "owner_id"].astype("string")
    other = (who != who.groupby(ids[of].to_numpy()).transform("first")).fillna(False)
    out[np.flatnonzero(of)] = ids[of].isin(ids[of][other.to_numpy(bool)]).to_numpy(bool)
    return out


#: the column of the call a leg continues: Freshcaller's "Parent Call ID", Twilio's "Parent Call SID"
_PARENT_CALL = ["Parent Call ID", "Parent Call SID", "Parent Call", "Parent ID", "Übergeordnete Anruf-ID",
                "Bovenliggende gesprek-ID", "ID de l'appel parent"]


def _child_legs(st: FileIngest, df: pd.DataFrame, idc: str) -> None:
    """The row of a transferred call's second agent, its own id beside its parent call's: counted with its parent.

    Freshcaller writes a warm transfer as the call and a child leg ("Parent Call ID" set): 3 of October's 30
    outgoing calls were the second half of another. Only where the parent is a row of the same file.
    """
    h = resolve(st.headers, _PARENT_CALL)[:1]
    if not h or "type" not in df:
        return
    parent = clean_text(st.frame[h[0]]).str.replace(r"\.0$", "", regex=True)
    own = set(clean_text(df[idc].astype("string")).dropna())
    hit = (parent.isin(own) & (df["type"] == "call")).fillna(False).to_numpy(bool) & ~st.excluded.to_numpy(bool)
    if not hit.any():
        return
    _exclude(st, hit, idc, Note("dq.child_legs", n=int(hit.sum()), header=h[0]))


def attendee_rows(st: FileIngest, df: pd.DataFrame) -> None:
    """A booking of several attendees, a row each (its id repeated at its own time): one meeting.

    Microsoft Bookings writes a group booking once per customer under one "Booking Id", Calendly a group event
    once per invitee: read as meetings, each attendee was one (155 meetings for 51), or all but the first were
    rejected as duplicates. Rows of one meeting's id at the same time are the meeting's (the columns that tell
    its attendees apart are not read); it was held where any attendee's row says so.
    """
    when_col = next((c for c in ("scheduled_at", "created_at", "completed_at") if c in df), None)
    if st.table != "activities" or when_col is None or "type" not in df:
        return
    meeting = df["type"].eq("meeting").fillna(False).to_numpy(bool)             # a type may be unknown
    rows = _repeated_at_other_times(st, df, when_col, same=True, among=meeting)
    if rows is None:
        return
    ids = df[st.id_column]
    heads = np.asarray(st.first_seen, bool) & rows
    if "completed" in df:
        held = _any_row(df.loc[rows, "completed"], ids[rows].to_numpy())
        df.loc[heads, "completed"] = ids[heads].map(held).to_numpy()
    gone = rows & ~heads
    _exclude(st, gone, st.id_column, Note("dq.attendee_rows", n=int(gone.sum()), meetings=int(heads.sum()),
                                          col={"data": f"{st.table}.{st.id_column}"}))


def invitee_copies(st: FileIngest, df: pd.DataFrame) -> None:
    """A meeting each invited rep's calendar logged, under its own id and owner: one meeting.

    HubSpot's calendar sync logs a meeting of two reps with a customer once per rep: the same title, start and
    contacts, another record and owner; counted, October's 45 meetings read 49. Only meetings with a title, a time
    of day and a customer, and only copies of another rep's; of each the first row stays.
    """
    if st.table != "activities" or "type" not in df or "owner_id" not in df or "scheduled_at" not in df:
        return
    titles = [h for h in st.headers if h in st.frame and _TITLE_HEADER.fullmatch(h.strip())][:1]
    parties = [h for h in _party_headers(st.headers) if h in st.frame]
    when = df["scheduled_at"]
    ok = (df["type"].eq("meeting") & when.notna() & (when != when.dt.normalize()) & st.keep()).fillna(False)
    if not titles or not parties or ok.sum() < 2:
        return
    cols = [titles[0], *parties]
    named = pd.concat([clean_text(st.frame[h]) for h in cols], axis=1)
    ok &= named.iloc[:, 0].notna() & named.iloc[:, 1:].notna().any(axis=1)
    key = pd.DataFrame({i: factorize_text(st.frame.loc[ok, h])[0] for i, h in enumerate(cols)}, index=df.index[ok])
    key["_when"] = when[ok]
    again = key.duplicated(keep="first")
    other = df.loc[ok, "owner_id"].astype("string").ne(
        df.loc[ok, "owner_id"].astype("string").groupby([key[c] for c in key.columns]).transform("first"))
    rows = df.index.isin(key.index[(again & other.fillna(False)).to_numpy(bool)])
    if rows.any():
        _exclude(st, rows, None, Note("dq.invitee_copies", n=int(rows.sum())))


#: a 0 among these many ratings or more is the survey's "not rated", not its worst answer
_UNRATED_ZERO_SHARE = 0.05


def unrated_zeros(st: FileIngest, df: pd.DataFrame) -> None:
    """A 0 on a rating scale of 1 to 5 is a case nobody rated: blanked, said once.

    A help desk's "Satisfaction Rating" 0-5 where 0 means not rated (its commonest value): read as ratings,
    the mean CSAT was 2.1 where the rated cases said 3.6. Only where the other ratings are whole numbers of
    1 to 5, each of them given, and the zeros are more than a few: a scale of 0 to 10 keeps its 0.
    """
    if "csat" not in df or not pd.api.types.is_numeric_dtype(df["csat"]):
        return
    v = df["csat"]
    zero = (v == 0).fillna(False).to_numpy(bool)
    rated = v[~zero].dropna()
    if zero.sum() < _UNRATED_ZERO_SHARE * v.notna().sum() or not len(rated) \
            or not set(rated.unique()) == {1, 2, 3, 4, 5}:
        return
    df.loc[zero, "csat"] = np.nan
    st.add("info", "csat", Note("dq.unrated_zero", n=int(zero.sum()), header=st.header_of.get("csat", "csat")),
           rows=st.rows(zero)[:_MAX_ROWS_LISTED])


def copies_of_ids(st: FileIngest, df: pd.DataFrame) -> None:
    """A row that repeats its id's first row in every column is the export's copy of it: left out, said once.

    Vonage's and Freshchat's copies read "30 rows could not be used", an error on page 1 of rows nothing was wrong
    with but their being there twice; ServiceDesk Plus' were said to be one e-mail made into two tickets.
    """
    idc = st.id_column
    if st.first_seen is None or idc is None:
        return
    dup = (~np.asarray(st.first_seen, bool) & df[idc].notna().to_numpy(bool) & st.keep().to_numpy(bool))
    if not dup.any():
        return
    raw = st.frame.drop(columns="_row").astype("string").fillna("")
    first = raw[np.asarray(st.first_seen, bool) & df[idc].notna().to_numpy(bool)]
    first = first.set_axis(df.loc[first.index, idc].to_numpy())
    first = first[~first.index.duplicated()]
    same = np.zeros(len(df), bool)
    same[dup] = (raw[dup].to_numpy() == first.reindex(df.loc[dup, idc].to_numpy()).to_numpy()).all(axis=1)
    if same.any():
        _exclude(st, same, None, Note("dq.copies_of_id", n=int(same.sum()), column=st.header_of.get(idc, idc)))


def check_duplicates(st: FileIngest, df: pd.DataFrame) -> None:
    """Duplicate ids: the first row is kept, later copies are rejected; the message names the id and its row."""
    idc = st.id_column
    if st.first_seen is None or idc is None:
        return
    dup = ~st.first_seen & df[idc].notna() & st.keep()
    if dup.any():
        first_dup = df.loc[dup, idc].iloc[0]
        first_row = int(st.frame.loc[(df[idc] == first_dup).fillna(False).to_numpy(bool), "_row"].iloc[0])
        st.add("error", idc, Note("dq.duplicate_ids", n=int(dup.sum()), col={"data": f"{st.table}.{idc}"},
                                  example=repr(first_dup), row=first_row),
               "remove duplicate rows from the export", rows=st.rows(dup), value=first_dup)
        st.rejects.mark(dup, idc, f"duplicate {idc}", df[idc])


#: a deal entered twice: a second record of the same name, customer, amount and owner made within this many minutes
#: of the first
DOUBLE_ENTRY_MINUTES = 30


def double_entries(st: FileIngest, df: pd.DataFrame) -> None:
    """A deal entered twice under two ids (a form sent twice, a rep's second save): one record of the two is left out.

    SugarCRM's won deal saved twice two minutes apart was two deals won in October (18 for 17), and its sales cycle
    counted twice. Only a record that repeats another's name, customer, amount and owner, made within
    :data:`DOUBLE_ENTRY_MINUTES` of it; of such a run a closed record stays, else the first. Only where the file
    gives creation times (a date alone says nothing of minutes) and the minute is no import's (Acumatica's demo
    data: 120 deals a minute; a list imported twice is :func:`_imported_twice`'s).
    """
    names = [h for h in st.headers if _TITLE_HEADER.fullmatch(h.strip()) and not re.fullmatch(r"typ|type", h.strip(),
                                                                                              re.IGNORECASE)]
    if st.table != "opportunities" or not names or not {"created_at", "account_id", "amount"} <= set(df):
        return
    name = clean_text(st.frame[names[0]]).str.casefold()
    ok = (st.keep() & df[["account_id", "created_at"]].notna().all(axis=1) & name.notna() & (df["amount"] > 0))
    ok = ok.to_numpy(bool)
    made = df["created_at"]
    if not ok.any() or (made[ok] == made[ok].dt.normalize()).all():
        return
    # not the outcome: EspoCRM's copy saved three minutes after its deal stayed open ("doppelt angelegt") while the
    # deal was won; of a pair the closed one is the deal, and of two alike the first. Nor the expected close date,
    # which a second entry guesses anew (Dynamics' French copies a minute apart: 28 October and 27 December)
    key = ["_name", *[c for c in ("account_id", "amount", "owner_id") if c in df]]
    still = ~df["status"].isin(["won", "lost"]) if "status" in df else pd.Series(False, index=df.index)
    sub = df.loc[ok, key[1:] + ["created_at"]].assign(_name=name[ok], _open=still[ok])
    sub = sub.sort_values([*key, "created_at"], na_position="first", kind="stable")
    first = sub.groupby(key, dropna=False, sort=False)["created_at"].shift()
    per_minute = made[ok].dt.floor("min").value_counts()
    loaded = (sub["created_at"].dt.floor("min").map(per_minute) > 2) | (first.dt.floor("min").map(per_minute) > 2)
    near = (sub["created_at"] - first <= pd.Timedelta(minutes=DOUBLE_ENTRY_MINUTES)) & ~loaded
    # the records entered together, one after another; of each such run the deal is a closed one, else the first
    run = (~near).cumsum()
    lead = sub.assign(_run=run).sort_values(["_run", "_open", "created_at"], kind="stable").groupby("_run").head(1)
    twice = run.isin(run[near]) & ~sub.index.isin(lead.index)
    later = sub.index[twice.to_numpy(bool)]
    if len(later):
        rows = df.index.isin(later)
        _exclude(st, rows, None, Note("dq.double_entries", n=int(rows.sum()), minutes=DOUBLE_ENTRY_MINUTES))
    _imported_twice(st, df, sub.loc[loaded.to_numpy(bool)], key)


def _imported_twice(st: FileIngest, df: pd.DataFrame, sub: pd.DataFrame, key: list[str]) -> None:
    """A list imported twice: the second import's records repeat the first's, whatever became of them since.

    SuiteCRM's trade-fair list of 5 deals was imported at 10:14 and again at 10:20: 97 deals new in October for 92.
    One of the first import's was won since, its copy still open, so a close date or status does not tell them
    apart. Only records of imports (:func:`double_entries`' loaded minutes) that repeat another's name, customer,
    amount and owner made within :data:`DOUBLE_ENTRY_MINUTES` of it, and only where the whole later import repeats.
    """
    if sub.empty:
        return
    sub = sub.sort_values([*key, "created_at"], na_position="first", kind="stable")
    first = sub.groupby(key, dropna=False, sort=False)["created_at"].shift()
    again = (sub["created_at"] - first <= pd.Timedelta(minutes=DOUBLE_ENTRY_MINUTES)).to_numpy(bool)
    minute = sub["created_at"].dt.floor("min")
    # a minute of records each of which repeats an earlier one: an import done again, not new deals that share a name
    whole = pd.Series(again, index=sub.index).groupby(minute).transform("all").to_numpy(bool)
    later = sub.index[again & whole]
    if len(later):
        rows = df.index.isin(later) & st.keep().to_numpy(bool)
        _exclude(st, rows, None, Note("dq.imported_twice", n=int(rows.sum()), minutes=DOUBLE_ENTRY_MINUTES))


def sub_cases(st: FileIngest, df: pd.DataFrame) -> None:
    """A case split off another as a part of its work is no new case: TOPdesk's "deelmelding" M2510 168 1 of M2510 168.

    Counted, October's 223 cases opened read 225. Only an id that is another kept case's id with a number of one or
    two digits after it.
    """
    if st.table != "cases" or "case_id" not in df:
        return
    ids = df["case_id"].astype("string").str.strip()
    parts = ids.str.extract(r"^(?P<parent>.*\S)[ ._/-](?P<n>\d{1,2})$")
    hit = (parts["parent"].isin(set(ids[st.keep()].dropna())) & st.keep()).fillna(False).to_numpy(bool)
    if hit.any() and hit.mean() < 0.5:
        _exclude(st, hit, None, Note("dq.sub_cases", n=int(hit.sum()), example=str(ids[hit].iloc[0]),
                                     parent=str(parts["parent"][hit].iloc[0])))


def double_tickets(st: FileIngest, df: pd.DataFrame) -> None:
    """A ticket made twice of one e-mail (a mail collector's second pass): same subject, requester and minute.

    GLPI's collector made 30 tickets twice, each pair opened in the same minute under two ids: counted, October's
    157 tickets opened read 158. Only where the file gives opening times to the minute; the lower id stays.
    """
    titles = [h for h in st.headers if h in st.frame and _TITLE_HEADER.fullmatch(h.strip())][:1]
    parties = [h for h in _party_headers(st.headers) if h in st.frame][:1]
    if st.table != "cases" or "opened_at" not in df or not titles or not parties:
        return
    when = df["opened_at"]
    ok = (st.keep() & when.notna() & (when != when.dt.normalize())).to_numpy(bool)
    # a collector writes both in one minute, and the export says no more than the minute; where it gives seconds,
    # two requests a few seconds apart may be two (Duke's caller with four "SSL Cert Request" in eight minutes)
    if ok.sum() < 2 or (when[ok].dt.second != 0).any():
        return
    key = pd.DataFrame({"t": clean_text(st.frame[titles[0]]).str.casefold(),
                        "p": clean_text(st.frame[parties[0]]).str.casefold(), "m": when.dt.floor("min")})[ok]
    # the first made is the ticket, the lower of two numbered ids (GLPI lists its newest first, and closes the copy)
    number = pd.to_numeric(df["case_id"], errors="coerce") if "case_id" in df else pd.Series(np.nan, index=df.index)
    key = key.loc[number[ok].sort_values(kind="stable", na_position="last").index]
    twice = key.notna().all(axis=1) & key.duplicated(keep="first")
    rows = df.index.isin(key.index[twice.to_numpy(bool)])
    if rows.any():
        _exclude(st, rows, None, Note("dq.double_tickets", n=int(rows.sum()), column=titles[0], party=parties[0]))


#: a column an export keeps of each record for itself: a checksum, when it was saved or changed (Dynamics'
#: "(Niet wijzigen) Rijcontrolesom", Salesforce's "SystemModstamp"); not the id of a deal or customer it belongs to
_RECORD_KEEPING = re.compile(r"guid|uuid|checksum|controlesom|prüfsumme|kontrolsum|niet wijzigen|do not modify|"
                             r"nicht ändern|ne pas modifier|no modificar|skal ikke ændres|created|modified|updated|"
                             r"modstamp|aangemaakt|gemaakt op|gewijzigd|bijgewerkt|erstellt|geändert|aktualisiert|"
                             r"oprettet|ændret|creado|creación|modificado|créé|création|modifié|creato|modificato",
                             re.IGNORECASE)


#: an address held by more leads than this is a placeholder ("no-email@…"), no person's
_REPEAT_LEAD_MOST = 3


def repeat_leads(st: FileIngest, df: pd.DataFrame) -> None:
    """A lead of the same person (e-mail address and name) as an earlier lead of the export: no new lead.

    Apollo saves a contact again when it is found again (18 of them, 7 re-saved in October) and a web form sent twice
    makes Pipedrive two leads: each counted as a new lead of its month. The address alone is no person: a shared
    one (info@, a family's) is two people's, so the name columns (the person's, the company's) must agree too, and
    where leads have a title (Pipedrive's "Lead - Title") the title: the same person's new question is a lead. Only
    where the export has an address column (most of its values addresses), for an address held by at most
    :data:`_REPEAT_LEAD_MOST` leads (more is a placeholder) and where few leads repeat one (most would say the file
    lists something else).
    """
    if st.table != "leads" or "created_at" not in df:
        return
    for h in (h for h in st.headers if h in st.frame and _EMAIL_HEADER.search(h) and not _EMAIL_NOT_ADDRESS.search(h)):
        mail = clean_text(st.frame[h]).str.strip().str.casefold()
        if not mail.notna().any() or mail.str.fullmatch(r"[^@\s]+@[^@\s]+\.\w+").mean() < 0.9:
            continue
        ok = (st.keep() & mail.notna() & df["created_at"].notna()).to_numpy(bool)
        held = mail[ok].map(mail[ok].value_counts())
        named = [t for t in st.headers if t in st.frame and t != h and _lead_name_header(t)]
        key = pd.DataFrame({i: clean_text(st.frame.loc[ok, t]).str.strip().str.casefold().fillna("")
                            for i, t in enumerate(named)}, index=df.index[ok])
        sub = key.assign(_mail=mail[ok], _at=df.loc[ok, "created_at"])[held.le(_REPEAT_LEAD_MOST).to_numpy(bool)]
        again = sub.sort_values("_at", kind="stable").duplicated([*key.columns, "_mail"])
        if not again.any() or again.sum() > 0.1 * ok.sum():
            return
        rows = df.index.isin(again.index[again.to_numpy(bool)])
        _exclude(st, rows, None, Note("dq.repeat_leads", n=int(rows.sum()), column=h,
                                      example=str(clean_text(st.frame[h])[rows].iloc[0])))
        return


#: the header of a person's name: "First Name", "Nom", Pipedrive's "Person - Name", Close's "primary_contact_name"
_PERSON_NAME = re.compile(r"(?:.* )?(?:first|last|full|given|family|sur|contact|display)? ?name|prénom|prenom|nom|"
                          r"vorname|nachname|voornaam|achternaam|fornavn|efternavn|nombre|apellidos?|nome|cognome|"
                          r"sobrenome|imię|nazwisko|имя|фамилия", re.IGNORECASE)


def _lead_name_header(h: str) -> bool:
    """A header of a lead's person or title: where a repeated address is the same person's again."""
    from .vendors import normalise

    # not a colleague's: Close's "created_by_name" (Zapier for a form's second send, a rep for the first)
    return bool(_PERSON_NAME.fullmatch(normalise(h)) or _TITLE_HEADER.fullmatch(h.strip())) \
        and not _COLLEAGUE_HEADER.search(normalise(h))


def blank_ad_counts(st: FileIngest, df: pd.DataFrame) -> None:
    """An ad report's blank clicks, impressions or conversions beside its spend are none: the platform writes no 0.

    Meta leaves "Prospects" blank for a campaign that brought no lead: read as unknown, its reach and traffic
    campaigns' spend was left out of the cost per conversion (€17 beside €4,388 spent for 170 leads: €25.81). Only
    where the file's own column (not one derived from another) holds counts on other rows; a file without the
    column stays without them.
    """
    if st.table != "marketing_spend" or "amount" not in df:
        return
    for col in ("clicks", "impressions", "conversions"):
        # a count derived from another (Meta's "Results" of a lead's objective alone) says nothing of other rows
        if col not in df or col not in st.get("columns") or not df[col].notna().any():
            continue
        blank = (df[col].isna() & df["amount"].notna() & st.keep()).to_numpy(bool)
        if blank.any():
            df.loc[blank, col] = 0.0
            st.add("info", col, Note("dq.blank_ad_counts", n=int(blank.sum()), header=st.header_of[col]),
                   rows=st.rows(blank)[:_MAX_ROWS_LISTED])


def double_logged_activities(st: FileIngest, df: pd.DataFrame) -> None:
    """A call or meeting saved twice (a phone integration's second sync, a mobile app's second save): one activity.

    HubSpot's Aircall integration logged 3 of October's calls twice and Dynamics' mobile app saved 2 calls twice:
    each pair the same in every column but the record's id and the second it was saved. Counted, HubSpot's 46 calls
    held read 49. Only rows the same in every column read of the export (what the mapping names, the activity's
    title and customer) but the record's id and its record-keeping ones (:data:`_RECORD_KEEPING`: saved and changed
    times, checksums), saved within :data:`DOUBLE_ENTRY_MINUTES` of each other, at a time of day (a date alone may
    hold two calls of one morning).
    """
    if st.table != "activities" or "created_at" not in df:
        return
    when = df["scheduled_at"] if "scheduled_at" in df else df.get("completed_at")
    if when is None:
        return
    timed = (when.notna() & (when != when.dt.normalize()) & df["created_at"].notna() & st.keep()).to_numpy(bool)
    if timed.sum() < 2:
        return
    # the export's own record-keeping: its id, its saved and changed times, its checksum
    own = {st.header_of.get(c) for c in ("activity_id", "created_at", "modified_at")}
    key = [h for h in st.headers if h in st.frame and h not in own and not _RECORD_KEEPING.search(h)]
    if not key:
        return
    kept = st.frame.loc[timed, key]
    codes = pd.DataFrame({i: factorize_text(kept[h])[0] for i, h in enumerate(key)}, index=kept.index)
    made = df.loc[timed, "created_at"]
    order = made.sort_values(kind="stable").index
    first = codes.loc[order].groupby(list(codes.columns), sort=False).cumcount()
    before = made.loc[order].groupby([codes.loc[order, c] for c in codes.columns], sort=False).shift()
    twice = (first > 0) & (made.loc[order] - before <= pd.Timedelta(minutes=DOUBLE_ENTRY_MINUTES))
    later = order[twice.to_numpy(bool)]
    if len(later):
        rows = df.index.isin(later)
        _exclude(st, rows, None, Note("dq.double_logged", n=int(rows.sum()), minutes=DOUBLE_ENTRY_MINUTES))


def close_dates(st: FileIngest, df: pd.DataFrame) -> None:
    """A deal's close date from its own won, lost or closed date, by its status.

    Exports carry both the date a deal closed (Pipedrive ``Won time`` / ``Lost time`` / ``Deal closed
    on``, Acumatica ``Actual Close Date``, Odoo ``date_closed``) and a planned one (``Expected close
    date``). A won deal is dated by its won date, else its closed date, else the planned date; a lost
    deal likewise; an open deal keeps the planned date. The planned date of a closed deal is counted.
    """
    if st.table != "opportunities" or not {"won_at", "lost_at", "closed_at"} & set(df):
        return
    nat = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    status_from_dates(st, df)
    closed = df.get("closed_at", nat)
    won, lost = df["status"].eq("won").fillna(False), df["status"].eq("lost").fillna(False)
    planned = df["close_date"] if "close_date" in df else nat
    actual = df.get("won_at", nat).where(won, df.get("lost_at", nat).where(lost)).fillna(closed.where(won | lost))
    fell_back = (won | lost) & actual.isna() & planned.notna()
    if fell_back.any():
        st.add("info", "close_date", Note("dq.closed_by_planned_date", n=int(fell_back.sum())),
               "export the won and lost dates too", rows=st.rows(fell_back))
    df["close_date"] = actual.where(won | lost, planned).fillna(planned)
    # the day a deal last changed stage is a change of an open deal too: Zendesk Sell's report said "the export
    # shows no changes after creation" of 618 open deals, 585 of which had moved since
    head = st.header_of.get("closed_at") or ""
    if "modified_at" not in df and "closed_at" in df and _STAGE_CHANGE_HEADER.search(head):
        df["modified_at"] = closed


#: a date column of the day a deal's stage or status last changed ("Last Stage Change At", "Date In Stage")
_STAGE_CHANGE_HEADER = re.compile(r"(?i)stage chang|status chang|date in stage|entered stage|in stage since|"
                                  r"statusänderung|fase gewijzigd|status gewijzigd")


def status_from_dates(st: FileIngest, df: pd.DataFrame) -> None:
    """Deals of an export without a status whose won and lost dates say it: won, lost, else open.

    Pipedrive's "Won time" and "Lost time" without its "Status" column: every deal read as without a status,
    counted in no figure, and page 1 had no revenue.
    """
    if not {"won_at", "lost_at"} & set(df) or ("status" in df and df["status"].notna().any()):
        return
    # a list of closed deals with their won date alone (Olist's): won where dated, the others open
    none = pd.Series(False, index=df.index)
    won = df["won_at"].notna() if "won_at" in df else none
    lost = df["lost_at"].notna() if "lost_at" in df else none
    df["status"] = pd.Series(np.where(won, "won", np.where(lost, "lost", "open")), index=df.index,
                             dtype=df["status"].dtype if "status" in df else "string")
    st.add("info", "status", Note("dq.status_from_dates", won=int(won.sum()), lost=int((lost & ~won).sum())),
           rows=st.rows(won | lost))


def done_from_completion(st: FileIngest, df: pd.DataFrame) -> None:
    """Activities whose export says done only by a completion time: done where it has one, else not.

    A Salesforce task report's "Completed Date/Time" without a status column: unread, every past task counted
    as done, and the fifth of them never completed were sales conversations.
    """
    if st.table != "activities" or "completed_at" not in st.header_of:
        return
    done = df["completed_at"].notna()
    # a done column of some rows only (Outreach's "Meeting Outcome", blank on its calls and e-mails): the others
    # are done by their completion time too; an open call due in October was a call held
    # and a done column the mapping derives (Calendly's "held where neither cancelled nor a no-show") keeps its say
    said = df["completed"].astype("boolean") if "completed" in df else pd.Series(pd.NA, index=df.index,
                                                                                   dtype="boolean")
    blank = said.isna()
    if not blank.any():
        return
    df["completed"] = said.where(~blank, done)
    undone = blank & ~done
    st.add("info", "completed", Note("dq.done_from_completion", n=int(undone.sum()),
                                     header=repr(st.header_of["completed_at"])), rows=st.rows(undone))


#: a duration header that counts the talking only: a call of none of it was not answered
_TALK_HEADER = re.compile(r"talk|in call|gespräch|gesprek|samtal|snak|conversation|conversa", re.IGNORECASE)


#: a call log's two ends, the caller's number and the called one (Zoom's "Caller Number" / "Callee Number", 3CX's
#: "From" / "To", Teams' "Anrufernummer" / "Angerufene Nummer")
_CALL_ENDS = (("Caller Number", "Callee Number"), ("Caller number", "Called number"), ("From Number", "To Number"),
              ("Calling number", "Called number"),             # Webex Calling's detailed call history
              ("From", "To"), ("Anrufernummer", "Angerufene Nummer"), ("Nummer beller", "Gebeld nummer"),
              ("Van", "Naar"), ("Source", "Destination"), ("Von", "An"), ("De", "À"), ("Fra", "Til"),
              ("Von", "Nach"), ("Origen", "Destino"),        # Placetel's call list
              ("Numéro appelant", "Numéro appelé"),           # Ringover's French log
              ("ANI", "DNIS"),                                # Genesys' interactions: the numbers as dialled
              ("Caller", "Callee"))          # 8x8's
#: an extension of the company's own phone system: a short number of digits alone (1004, 933), no public number
_EXTENSION = r"\d{2,5}"


def internal_calls(st: FileIngest, df: pd.DataFrame) -> None:
    """A call from one of the company's extensions to another is between colleagues: no call with a customer.

    Zoom Phone logs them beside the calls in and out (1008 → 1006), and an emergency line's test (2004 → 933):
    counted, 54 calls between colleagues were sales conversations. Read only where each end's number is short
    and the log has calls to and from public numbers beside them. The rows stay, as calls between colleagues.
    """
    if st.table != "activities" or "type" not in df:
        return
    _own_numbers(st, df)
    _written_extensions(st, df)
    for caller, callee in _CALL_ENDS:
        ends = [resolve(st.headers, [h])[:1] for h in (caller, callee)]
        if not ends[0] or not ends[1]:
            continue
        text = [clean_text(st.frame[h[0]]).str.replace(r"[\s-]", "", regex=True) for h in ends]
        # a colleague's end as a phone system's user address, not a number: Genesys' "sip:…@localhost"; and the
        # system's own service by its star code: 3CX's "Echo-Test (*777)", a voicemail's *97
        short = [(t.str.fullmatch(_EXTENSION) | t.str.fullmatch(r"(?i)sip:[^@\d]*(?:\d{0,5})[^@\d]*@localhost")
                  | t.str.contains(r"\*\d{1,4}\)?$")).fillna(False).to_numpy(bool) for t in text]
        calls = (df["type"] == "call").fillna(False).to_numpy(bool)
        both = short[0] & short[1]
        way = df["direction"].astype("string") if "direction" in df else None
        if way is not None and way.notna().any():
            # which end is the team's: the caller of a call out, the callee of one in. RingCentral writes the team's
            # end as its public line and a colleague's as a bare extension ("An" 102); a call to one of the team's
            # own lines (its main number, "+49 89 21095000") is a test of it
            out = way.eq("out").fillna(False).to_numpy(bool)
            inn = way.eq("in").fillna(False).to_numpy(bool)
            near = pd.Series(np.where(out, text[0], np.where(inn, text[1], None)), index=df.index, dtype="string")
            far = pd.Series(np.where(out, text[1], np.where(inn, text[0], None)), index=df.index, dtype="string")
            far_short = np.where(out, short[1], np.where(inn, short[0], False)).astype(bool)
            # the lines of calls alone: Genesys' callback a customer asked for is "Inbound" to the customer's number;
            # and of calls kept: 3CX's leg of a call handed on runs from the customer's number to the colleague
            kept = calls & ~st.excluded.to_numpy(bool)
            lines = set(_line_key(near[kept]).dropna()) - {""}
            own = _line_key(far).isin(lines).fillna(False).to_numpy(bool)
            near_short = np.where(out, short[0], np.where(inn, short[1], False)).astype(bool)
            both = both | (far_short & ~near_short) | (own & ~far_short)
        _mark_internal(df, both & calls)
        return


#: a call log's column that says whether a call stayed inside the company, beside its way: Ringover's "Type" Interne /
#: Externe, Zoom's "Connect Type" Internal / External
_REACH_HEADER = re.compile(r"(?:call |connect |connection |anruf|appel |opkalds)?(?:type|typ)|verbindungsart|"
                           r"type d'appel", re.IGNORECASE)
#: the word such a column says of a call that left the company (its other word is one of an internal call's)
_OUTSIDE = frozenset({"externe", "extern", "external", "externt", "externo", "externa", "external call",
                      "appel externe"})


def internal_by_reach(st: FileIngest, df: pd.DataFrame) -> None:
    """A call a column of inside and outside says stayed inside the company is between colleagues.

    Ringover writes the way in "Direction" (Entrant, Sortant) and whether the call left the company in "Type"
    (Interne, Externe): counted, October's 106 calls with customers read 119.
    """
    from .vendors import value_words

    if st.table != "activities" or "type" not in df:
        return
    mapped = set(st.header_of.values())
    inside = {w for w, way in value_words("direction").items() if way == "internal"}
    for h in (h for h in st.headers if h in st.frame and h not in mapped and _REACH_HEADER.fullmatch(h.strip())):
        said = clean_text(st.frame[h]).str.casefold().str.strip()
        seen = set(said.dropna().unique())
        if seen and seen <= inside | _OUTSIDE and seen & inside:
            _mark_internal(df, (said.isin(inside) & df["type"].eq("call")).fillna(False).to_numpy(bool))
            return


def _mark_internal(df: pd.DataFrame, hit: np.ndarray) -> None:
    """The calls *hit* are between colleagues: their direction says so (:func:`directions` logs them as other).

    Only where they are a minority: a log that is mostly such calls is no log of calls with customers to clean.
    """
    if hit.any() and hit.mean() < 0.5:
        way = df["direction"].astype("string") if "direction" in df else pd.Series(pd.NA, index=df.index,
                                                                                   dtype="string")
        df["direction"] = way.mask(hit, "internal")


def _line_key(numbers: pd.Series) -> pd.Series:
    """A phone number as lines are compared: its last nine digits ("+33 4 28 29 10 20" is "428291020")."""
    return numbers.str.replace(r"\D", "", regex=True).str[-9:]


#: a call's two numbers as a phone system's log heads them: the team's own line, the customer's number
_OWN_LINE = ["Phone Number", "Aircall Number", "Line Number", "Company Number", "Business Number", "Virtual Number",
             "Numéro Aircall", "Rufnummer", "Eigene Nummer",
             "Internal Number"]                  # Dialpad's: the user's or the call centre's own line
_THEIR_NUMBER = ["Customer Number", "Customer Phone", "Contact Number", "External Number", "Numéro du client",
                 "Kundennummer Telefon", "Nummer klant"]


#: a colleague's extension written as one in a call's number: Dynamics' "toestel 204", "ext. 12", "Durchwahl 31"
_WRITTEN_EXTENSION = r"(?i)^\s*(?:toestel|tst\.?|ext\.?|extension|durchwahl|nebenstelle|poste|lokalnummer|interno)" \
                     r"\s*:?\s*\d{2,5}\s*$"
#: the column of a call's other number, where a log has one
_CALL_NUMBER = ["Phone Number", "Telefoonnummer", "Telefonnummer", "Numéro de téléphone", "Número de teléfono",
                "Telefonnummer (Anruf)", "Phone", "Telefoon", "Telefon", "Nummer"]


def _written_extensions(st: FileIngest, df: pd.DataFrame) -> None:
    """A call whose number is a colleague's extension, written as one ("toestel 204"), is between colleagues.

    Dynamics' phone calls in Dutch: 45 calls to "toestel 2xx" (team meetings by phone, a hand-over) counted as calls
    with customers.
    """
    for h in resolve(st.headers, _CALL_NUMBER)[:1]:
        hit = (clean_text(st.frame[h]).str.match(_WRITTEN_EXTENSION) & (df["type"] == "call")).fillna(False)
        _mark_internal(df, hit.to_numpy(bool))


def _own_numbers(st: FileIngest, df: pd.DataFrame) -> None:
    """A call to or from one of the team's own lines is between colleagues: a new hire's test, a transfer.

    Aircall's and Freshcaller's logs name each call's line ("aircall number", "Phone Number") beside the
    customer's number: 3 of a French team's 40 outgoing calls of October dialled its own lines. Numbers compared
    on their last nine digits ("+33 4 28 29 10 20" is "33428291020").
    """
    own_h, their_h = resolve(st.headers, _OWN_LINE)[:1], resolve(st.headers, _THEIR_NUMBER)[:1]
    if not own_h or not their_h:
        return
    digits = [_line_key(clean_text(st.frame[h[0]]).str.extract(r"([+\d][\d\s().-]{6,}\d)")[0])
              for h in (own_h, their_h)]
    lines = set(digits[0].dropna())
    _mark_internal(df, (digits[1].isin(lines) & (df["type"] == "call")).fillna(False).to_numpy(bool))


#: of the meetings before the last one marked held, the share with an outcome written that says the team keeps them
KEPT_OUTCOMES = 0.8


def unrecorded_meetings(st: FileIngest, df: pd.DataFrame) -> None:
    """A past meeting left "Scheduled" where the team writes every meeting's outcome did not take place as recorded.

    HubSpot's meetings keep the outcome "Geplant" until a rep sets it: a team that never sets it has its meetings
    counted by their dates, but one that sets it for nearly all (Abgeschlossen, Nicht erschienen, Abgesagt) left 2
    of October's and 10 of September's unset, and they counted as held (53 for 51, 50 for 40).
    """
    if st.table != "activities" or "completed" not in df or "type" not in df or "scheduled_at" not in df:
        return
    meetings = (df["type"] == "meeting").fillna(False) & st.keep()
    done = df["completed"].astype("boolean")
    held = done.fillna(False) & meetings
    if not held.any():
        return
    past = meetings & (df["scheduled_at"] <= df.loc[held, "scheduled_at"].max()).fillna(False)
    said = done.notna() & past
    if past.sum() < 20 or said.sum() < KEPT_OUTCOMES * past.sum():
        return
    unset = (past & done.isna()).to_numpy(bool)
    if unset.any():
        df["completed"] = done.mask(unset, False)
        st.add("info", "completed", Note("dq.unrecorded_meetings", n=int(unset.sum()),
                                         header=st.header_of.get("completed", "completed"),
                                         share={"value": float(said.sum() / past.sum()), "unit": "ratio",
                                                "digits": 0}),
               rows=st.rows(unset)[:_MAX_ROWS_LISTED])


def call_outcomes(st: FileIngest, df: pd.DataFrame) -> None:
    """A call marked done whose outcome says nobody was reached was not held.

    A Salesforce task report gives each call its status (Abgeschlossen: done) and its call result (Keine Antwort,
    Mailbox hinterlassen, Verbunden): read by its status alone, every call dialled was a call held.
    """
    if st.table != "activities" or "outcome" not in df or "type" not in df:
        return
    calls = (df["type"] == "call").fillna(False)
    said = df["outcome"].notna() & calls
    done = df["completed"].astype("boolean") if "completed" in df else pd.Series(pd.NA, index=df.index,
                                                                                   dtype="boolean")
    held = done.fillna(True) & df["outcome"].astype("boolean")
    unheld = (said & done.fillna(True) & ~held.fillna(False)).to_numpy(bool)
    df["completed"] = done.where(~said.to_numpy(bool), held)
    if unheld.any():
        st.add("info", "completed", Note("dq.unconnected_calls", n=int(unheld.sum()),
                                         header=st.header_of.get("outcome", "outcome")),
               rows=st.rows(unheld)[:_MAX_ROWS_LISTED])


#: a meeting's title that says the team meets itself: "Weekly sales team meeting", "Teamoverleg", "Jour fixe"
_TEAM_ONLY = re.compile(r"(?i)\b(?:(?:weekly |monthly |daily )?(?:sales |internal )?team ?meeting|internal meeting|"
                           r"team sync|stand-?up|all[- ]hands|pipeline review|forecast call|one[- ]on[- ]one|1:1|"
                           r"teamoverleg|teamvergadering|werkoverleg|verkoopoverleg|salesoverleg|"
                           r"teambesprechung|teammeeting|teamsitzung|vertriebsmeeting|jour fixe|"
                           r"teammøde|salgsmøde|afdelingsmøde|réunion d.équipe|reunión de equipo|"
                           # a call or meeting the title calls internal: Pipedrive's "Intern sparring med Anders"
                           r"intern|internal|internt|interne|interno|interna)\b")


#: the domains of everyone's mailbox: no company's own
_PUBLIC_MAIL = re.compile(r"^(?:gmail|googlemail|hotmail|outlook|live|msn|yahoo|icloud|me|aol|gmx|web|t-online|"
                          r"proton|protonmail|mail|yandex|ziggo|kpnmail|telenet|orange|free|wanadoo)\.", re.IGNORECASE)


def _colleagues_only(st: FileIngest, parties: list[str], titled: pd.Series) -> pd.Series:
    """Whether each record's attendee is a colleague: at the one domain the team's own meetings share.

    Cal.com's "Team Sync between Sarah Chen and David Okafor" names its attendee, a colleague at the company's own
    domain: read as customer meetings, October's 114 read 122. The domain is the one (not a public mailbox's) of
    at least four in five of the meetings the title calls the team's, and of few other records.
    """
    none = pd.Series(False, index=titled.index)
    mail = next((h for h in parties if re.search(r"e-?mail", h, re.IGNORECASE)), None)
    if mail is None or titled.sum() < 2:
        return none
    domain = clean_text(st.frame[mail]).str.extract(r"@([\w.-]+)\s*$", expand=False).str.lower()
    seen = domain[titled.to_numpy(bool)].dropna()
    if len(seen) < 2:
        return none
    own, n = seen.value_counts().index[0], seen.value_counts().iloc[0]
    if n < 0.8 * len(seen) or _PUBLIC_MAIL.match(own) or domain[~titled.to_numpy(bool)].eq(own).mean() >= 0.05:
        return none
    return domain.eq(own).fillna(False)


def team_activities(st: FileIngest, df: pd.DataFrame) -> None:
    """A meeting or call of the team itself (its title says so, and it names no customer) is between colleagues.

    Salesmate's "Weekly sales team meeting" every Monday, with no contact and no deal, stood among the customer
    meetings: October's 48 read 52; Pipedrive's "Intern sparring med Anders om tilbud" among the calls. Only where
    the file names an activity's customer and this one names none, or a colleague only (:func:`_colleagues_only`).
    """
    if st.table != "activities" or "type" not in df:
        return
    titles = [h for h in st.headers if h in st.frame and _TITLE_HEADER.fullmatch(h.strip())][:1]
    parties = [h for h in _party_headers(st.headers) if h in st.frame]
    if not titles or not parties:
        return
    nobody = pd.concat([clean_text(st.frame[h]).isna() for h in parties], axis=1).all(axis=1)
    titled = (df["type"].isin(["meeting", "call"]) & clean_text(st.frame[titles[0]]).str.contains(_TEAM_ONLY)
              & st.keep()).fillna(False)
    hit = (titled & (nobody | _colleagues_only(st, parties, titled))).fillna(False).to_numpy(bool)
    if hit.any() and hit.mean() < 0.5:
        way = df["direction"].astype("string") if "direction" in df else pd.Series(pd.NA, index=df.index,
                                                                                   dtype="string")
        df["direction"] = way.mask(hit, "internal")


def directions(st: FileIngest, df: pd.DataFrame) -> None:
    """An e-mail or a call that came in, or a call or meeting between colleagues, is an activity of type ``other``.

    Dynamics logs the e-mails a rep receives beside those sent ("Richtung": Eingehend, Ausgehend): counted as
    sent, a rep's 20 e-mails of October read as 32. A phone system logs the calls between extensions (3CX's
    "Intern"): no conversation with a customer. Aircall logs the calls customers made to the team beside those
    the reps made: 100 calls for 37 made (the activity KPIs measure what the reps do); a log of calls in alone
    keeps them as its calls. Kept, not left out: each was logged all the same.
    """
    if st.table != "activities" or "direction" not in df or "type" not in df:
        return
    way = df["direction"].astype("string").str.lower()
    # a log of calls in alone is the team's own line (Telavox's "Inkommande"): its answered calls are the talks it
    # has; where calls went out as well, those are the calls the reps made
    made = ((df["type"] == "call") & (way == "out")).fillna(False).any()
    for kind, said, key in (("email", "in", "dq.incoming_emails"), ("call", "internal", "dq.internal_calls"),
                            ("call", "in" if made else "-", "dq.incoming_calls"),
                            ("meeting", "internal", "dq.internal_meetings")):
        hit = ((df["type"] == kind) & (way == said)).fillna(False).to_numpy(bool)
        if hit.any() and key == "dq.incoming_calls":
            # no call the team made, but the customers' calls: counted as the calls received
            df["call_in"] = pd.Series(hit, index=df.index)
        if hit.any():
            df.loc[hit, "type"] = "other"
            st.add("info", "type", Note(key, n=int(hit.sum()), header=st.header_of.get("direction", "direction")),
                   rows=st.rows(hit)[:_MAX_ROWS_LISTED])


def unheld_calls(st: FileIngest, df: pd.DataFrame) -> None:
    """A call whose talk time is 0 was not answered, whatever else its row says.

    Five9's and Genesys' logs flag only the inbound calls a caller abandoned: the outbound calls nobody picked
    up, the voicemails and the calls that ended in the phone menu read as answered. Only where the duration
    column is the talk time (its header says so), not the call's whole length with its ringing; or where the
    durations count seconds (Zoho's "Anrufdauer" 04:32): a call of 0 seconds was not held, while one of "0"
    whole minutes may have been a short one.
    """
    if st.table != "activities" or "duration_min" not in df or "type" not in df:
        return
    mins = df["duration_min"][df["duration_min"] > 0]
    seconds = len(mins) >= 20 and ((mins * 60).round(6) % 60 != 0).mean() > 0.5
    talk = bool(_TALK_HEADER.search(st.header_of.get("duration_min", "")))
    if not (talk or seconds):
        return
    calls = (df["type"] == "call").fillna(False)
    zero = (df["duration_min"] == 0).fillna(False)
    if talk and df["duration_min"][calls].notna().mean() > 0.5:
        # Genesys leaves a dialled call nobody answered without a "Total Talk": beside the talk times of most
        # calls, a blank one is none
        zero |= df["duration_min"].isna()
    zero &= calls
    done = df["completed"].fillna(True).astype(bool) if "completed" in df else pd.Series(True, index=df.index)
    hit = (zero & done).to_numpy(bool)
    if not hit.any():
        return
    if "completed" not in df:
        df["completed"] = pd.Series(pd.NA, index=df.index, dtype="boolean")
    df.loc[hit, "completed"] = False
    st.add("info", "completed", Note("dq.unheld_calls", n=int(hit.sum()), header=st.header_of["duration_min"]),
           rows=st.rows(hit)[:_MAX_ROWS_LISTED])


#: a duration beyond a century is no case's resolution time
_CENTURY_HOURS = 100 * 365 * 24


#: a date in an export's file name: "…-2026-11-01.csv", "…_2025-11-01_2026-10-31.csv", "…_01-11-2026_0901.csv",
#: "…_appels_20261101.csv" (eight digits alone, a year of this century first)
_NAME_DATE = re.compile(r"(?<!\d)(?:(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})|(\d{1,2})[-_.](\d{1,2})[-_.](\d{4})"
                        r"|(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?!\d)")
#: how long after its last event an export may be taken for its name's date to be the export's
_NAME_DATE_DAYS = 7


def export_date(st: FileIngest, df: pd.DataFrame, generated: str | None, written: float | None = None) -> None:
    """The export's own date: its footer's, else its name's, else the file's; the records' later change wins.

    A report's footer says when it was generated ("Generated By: Hannah Price 01/11/2026 09:02"); a file name
    often says when it was exported ("gong-calls-export-2026-11-01.csv") or up to when
    ("calls_export_2025-11-01_2026-10-31.csv"). Data that ran to Friday 30 October, taken as ending then,
    was reported for September. Kept in ``_exported_at``, not in ``modified_at``: no record changed then.
    A last modification is no later than the export, and may be days before it: OTRS's
    "Ticketliste_Created_2026-11-01_09-00.csv", last changed on 29 October, was reported for September.
    """
    # of the records' creation: a close date or a scheduled call may be a plan after the export
    created = max((df[c].max() for c in ("created_at", "opened_at") if c in df and df[c].notna().any()),
                  default=pd.NaT)
    order = st.locale.get("date_order")
    if generated:
        # "01/11/2026" either way: the export is the first of its readings not before its records
        read = {parse_dates(pd.Series([generated]), date_order=o)[0].iloc[0] for o in ([order] if order else
                                                                                      ["dmy", "mdy"])}
        when = min((w for w in read if pd.notna(w) and (pd.isna(created) or w >= created)), default=pd.NaT)
        said = Note("dq.generated", when=f"{when:%Y-%m-%d %H:%M}") if pd.notna(when) else None
    else:
        when, said = _name_date(st, df)
        if pd.isna(when) and written is not None:
            when, said = _written_date(st, df, written)
    changed = df["modified_at"].max() if "modified_at" in df else pd.NaT
    if pd.notna(when) and not (pd.notna(changed) and changed >= when):       # a later change says it already
        df["_exported_at"] = when
        st.add("info", None, said)


def _written_date(st: FileIngest, df: pd.DataFrame, written: float) -> tuple[pd.Timestamp, Any]:
    """The time the file was written, on the client's clock, where its data's last event is up to a week before.

    Nothing in a file happened after the file was written.
    Zoho's calls export holds the calls planned for the weeks after it; read a month later, those up to the day of
    the run counted as calls made, and the report was of the month after the export. A file copied long after
    its export (its time is the copy's) says nothing: its data ends more than a week before.
    """
    when = pd.Timestamp(written, unit="s", tz="UTC").tz_convert(st.config.timezone or "UTC").tz_localize(None)
    when = when.floor("min")
    if _ends_just_before(st, df, when):
        return when, Note("dq.written_date", when=f"{when:%Y-%m-%d %H:%M}")
    return pd.NaT, None


def _ends_just_before(st: FileIngest, df: pd.DataFrame, when: pd.Timestamp) -> bool:
    """Whether the data's last event lies up to :data:`_NAME_DATE_DAYS` days before *when*, and none after it.

    A date given in advance (a subscription's start or end, an activity's planned date) may lie after it.
    """
    # a subscription starts or ends on a date it was given in advance (Mollie's start one interval after its
    # creation), a call or meeting is planned for a day to come: those after *when* are plans, not events
    planned = {"contracts": {"start_date", "end_date"}, "activities": {"scheduled_at"}}.get(st.table, set())
    dated = [c for c in df if c != "close_date" and pd.api.types.is_datetime64_any_dtype(df[c])]
    last = max((e.max() for e in (df[c].where(df[c] <= when) if c in planned else df[c] for c in dated)
                if e.notna().any()), default=pd.NaT)
    return pd.notna(last) and last <= when <= last + pd.Timedelta(days=_NAME_DATE_DAYS)


def _name_date(st: FileIngest, df: pd.DataFrame) -> tuple[pd.Timestamp, Any]:
    """The last date in the file's name, to the end of its day, where the data's last event is up to a week before.

    A day and month either way ("01-11-2026") is read both ways, the file's own date order first; the reading
    the rule allows wins.
    """
    found = list(_NAME_DATE.finditer(st.fname))
    if not found:
        return pd.NaT, None
    m = found[-1]
    first = 1 if m.group(1) else 7 if m.group(7) else None        # year first: one reading
    y, a, b = m.group(first, first + 1, first + 2) if first else (m.group(6), m.group(5), m.group(4))
    readings = [(y, a, b)] if first else [(y, a, b), (y, b, a)]          # day-month, then month-day
    # a name is written as the file's dates are: Badger Maps' US "…_to_11-01-2026" is 1 November; read
    # day first it was 11 January, and a year of visits after it were plans
    if not first and st.locale.get("date_order") == "mdy":
        readings.reverse()
    for yy, mm, dd in readings:
        try:
            when = pd.Timestamp(int(yy), int(mm), int(dd)) + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        except ValueError:
            continue
        if _ends_just_before(st, df, when) and when <= pd.Timestamp.now():
            return when, Note("dq.name_date", when=f"{when:%Y-%m-%d}")
    return pd.NaT, None


def case_closing(st: FileIngest, df: pd.DataFrame) -> None:
    """A case closed at its opening plus its duration, where the export gives the duration only.

    ServiceNow's ``calendar_duration`` (seconds from opened to closed, 0 until the incident closes),
    Zendesk's ``Full resolution time in minutes``.
    """
    if st.table != "cases" or "resolution_hours" not in df:
        return
    hours = df["resolution_hours"]
    fill = df["closed_at"].isna() & df["opened_at"].notna() & (hours > 0) if "closed_at" in df else hours > 0
    if fill.any():
        # plain floats: a masked Float64 value still reaches the conversion (a misread column of huge numbers
        # overflowed it)
        hours = hours.astype("float64").where((fill & (hours < _CENTURY_HOURS)).fillna(False).astype(bool))
        closed = (df["opened_at"] + pd.to_timedelta(hours, unit="h")).dt.round("s")
        df["closed_at"] = df["closed_at"].fillna(closed) if "closed_at" in df else closed
        st.add("info", "closed_at", Note("dq.closed_from_duration", n=int(fill.sum()),
                                         header=st.header_of.get("resolution_hours", "resolution_hours")))


#: a case's status once a customer answered after it was solved: open again, whatever its earlier closing time says
_REOPENED = frozenset({"reopened", "re-opened", "reopen", "heropend", "heropen", "opnieuw geopend", "wieder geöffnet",
                       "wiedereröffnet", "erneut geöffnet", "genåbnet", "genåbnet igen", "återöppnad", "återöppnat",
                       "gjenåpnet", "rouvert", "réouvert", "reabierto", "reaberto", "riaperto",
                       # a status plainly open beside a closing time: Intercom's "open", Freshdesk's Dutch "Open",
                       # OTRS's "offen" keep the time a case last closed, or was first resolved, after it came back
                       "open", "opened", "offen", "geöffnet", "åben", "öppen", "åpen", "ouvert", "ouverte",
                       "abierto", "abierta", "aperto", "aperta", "aberto", "aberta", "snoozed",
                       "waiting on customer", "wachten op klant", "warten auf kunde", "venter på kunde"})


#: a header of the time a case was resolved, not merely closed
_RESOLVED_HEADER = r"resolv|solved|gelöst|geloest|opgelost|erledigt|løst|löst|résolu|resuelt|resolvid|risolt"


def cancelled_cases(st: FileIngest, df: pd.DataFrame) -> None:
    """A case called off (ServiceNow's "Canceled", Odoo's "Geannuleerd") was opened, but never resolved.

    Its closing time is when it was called off: counted, October's 105 tickets closed read 114 and their median
    resolution ran short. It keeps its opening; the backlog leaves it out by its status.
    """
    if st.table != "cases" or "closed_at" not in df:
        return
    _missed_by_tag(st, df)
    if "status" not in df:
        return
    # a time named for the resolution is one, whatever the status: Jira sets "Resolved" on the issues it cancels
    # (resolution "Won't Do") and counts them resolved; a closing time (ServiceNow's closed_at beside an empty
    # resolved_at) is only when the case was put away
    named = [h for h in resolve(st.headers, as_list(st.get("columns").get("closed_at")))
             if re.search(_RESOLVED_HEADER, h.casefold())]
    resolved = pd.concat([clean_text(st.frame[h]).notna() for h in named], axis=1).any(axis=1) if named \
        else pd.Series(False, index=df.index)
    status = clean_text(df["status"]).str.strip()
    said = status.str.casefold()
    cancelled = said.isin(CANCELLED_CASES).fillna(False).astype(bool)
    missed = said.isin(MISSED_CONTACTS).fillna(False).astype(bool)
    _not_closed(st, df, cancelled & ~resolved.to_numpy(bool), status, "dq.cancelled_cases")
    # a chat nobody took ends when its visitor leaves (Userlike's "Verpasst" keeps its "Ende"): 148 chats closed in
    # October for 126
    _not_closed(st, df, missed, status, "dq.missed_cases")


def _missed_by_tag(st: FileIngest, df: pd.DataFrame) -> None:
    """A chat tagged missed (LiveChat's tag "missed") is missed as a status would say: its status reads so.

    LiveChat's archive has no status; its missed chats end when the visitor leaves and were chats resolved.
    """
    for h in _tag_headers(st):
        said = _tagged(st, h, MISSED_CONTACTS).set_axis(df.index)
        hit = said.notna()
        if hit.any():
            _not_closed(st, df, hit, said, "dq.missed_cases", column=h)
            # and out of the backlog, as a missed chat's status takes it out
            status = df["status"].astype("string") if "status" in df else pd.Series(pd.NA, index=df.index,
                                                                                     dtype="string")
            df["status"] = status.where(~hit, said)
            return


def reopened_cases(st: FileIngest, df: pd.DataFrame) -> None:
    """A case whose status says it was reopened, or is plainly open, is open whatever closing time it keeps.

    Freshdesk keeps a reopened ticket's "Resolved time": read as closed, October's 103 tickets closed read 114 and
    the reopened ones were missing from the open backlog.
    """
    if st.table == "cases" and {"status", "closed_at"} <= set(df):
        status = clean_text(df["status"]).str.strip()
        _not_closed(st, df, status.str.casefold().isin(_REOPENED).fillna(False), status, "dq.reopened_cases")


def _not_closed(st: FileIngest, df: pd.DataFrame, which: pd.Series, status: pd.Series, key: str,
                column: str | None = None) -> None:
    """The closing time of the cases *which* (by their *status*, or the words of *column*) blanked, said once."""
    off = (which & df["closed_at"].notna()).to_numpy(bool)
    if off.any():
        df.loc[off, "closed_at"] = pd.NaT
        note = Note(key, n=int(off.sum()), example=str(status[off].iloc[0]),
                    column=column or st.header_of.get("status", "status"))
        st.add("info", "closed_at", note, rows=st.rows(off))


#: the steps that map text columns, in order (parsing and the row rules follow them)
STEPS = (step_where, step_columns, step_group_rows, step_summary_row, step_test_leads, step_unfinished_responses,
         step_test_records,
         step_test_parties, step_test_logins, step_meeting_copies, step_test_mode, step_spam_cases, step_auto_replies,
         step_changes_and_problems, step_ai_agent, step_trashed,
         step_duplicate_deals, step_constants, step_derived)
