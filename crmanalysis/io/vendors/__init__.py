"""Vendor knowledge as data: which headers and values each CRM writes, per object and language.

Each ``<vendor>.yml`` beside this module lists the vendor's objects (Salesforce ``Opportunity``,
Pipedrive ``deals`` …), the canonical table each feeds (crmanalysis.schema), and per canonical column the
headers that carry it: API names under ``api``, UI labels per language (en, nl, de, fr, es, pt,
it, da). ``values.yml`` holds the value words (won / lost / open, call / meeting …) per language,
``generic.yml`` header words any spreadsheet may use. A new language, column or word is one line.

:func:`mapping_for` turns an object into the mapping that ingest's steps read (the README's
``mapping:`` format); :func:`recognise` scores a file's headers against every object and says
which vendor, object and language it recognised and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..readers import CURRENCIES

__all__ = ["LANGS", "VendorObject", "vendors", "objects", "get_object", "mapping_for", "recognise", "Recognition",
           "match_headers", "normalise", "plain", "value_words", "status_by_word", "VENDORS", "check"]

LANGS = ("en", "nl", "de", "fr", "es", "pt", "it", "da", "sv", "pl", "fi", "cs", "ru")
_HERE = Path(__file__).resolve().parent
_MAPPING_KEYS = ("flags", "scale", "lookups", "derived", "where", "constants", "combine_time")


def normalise(header: str) -> str:
    """A header as compared: lower case, accents kept and dropped alike, ``_ - .`` and runs of spaces as one space.

    Also drops what exports add around a name: a trailing ``*`` (required in Pipedrive), a time zone
    ("(in UTC)"), a currency code ("(EUR)") and surrounding quotes.
    """
    s = unicodedata.normalize("NFKC", str(header)).strip().strip('"').rstrip("*").strip()
    # a report's sort mark beside the column it is sorted by: Salesforce's "Zugeordnet ↑"
    s = re.sub(r"\s*[↑↓▲▼△▽]$", "", s)
    if re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)+(?:\.\w+)?", s):
        # an API's camelCase is words: Mollie's "startDate", "canceledAt" are its "start date", "canceled at".
        # Only where it starts in lower case: Salesforce's "BillingCountry" is a name its own table knows
        s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", s)
    s = s.lower()
    # the time zone a date is written in is no part of its name: LinkedIn's "Start Date (in UTC)", in German
    # "Startdatum (in UTC)", is its "Start Date"
    s = re.sub(r"\s*\((in |en |im |i )?(utc|gmt)\)$", "", s)
    # and LiveChat's "chat end date Europe/Berlin" names its zone without parentheses
    s = re.sub(r"\s+\(?(africa|america|asia|atlantic|australia|europe|indian|pacific)/[a-z_]+(/[a-z_]+)?\)?$", "", s)
    # nor the scale of a rating: Dixa's "Vurdering (1-5)"
    s = re.sub(r"\s*\(\s*[01]\s*[-–]\s*(?:5|10)\s*\)$", "", s)
    # nor the mark of a count: Amazon Ads' "7 Day Total Orders (#)", in German "7 Tage, Bestellungen insgesamt (#)"
    s = re.sub(r"\s*\(#\)$", "", s)
    # nor the format its dates are written in: LiveChat's "chat creation date Y-m-d H:i:s", "Datum (TT.MM.JJJJ)"
    part = r"(?:y{1,4}|j{2,4}|a{2,4}|m{1,2}|d{1,2}|t{1,2}|h{1,2}|i{1,2}|s{1,2})"
    s = re.sub(rf"\s*\(?\b{part}(?:[-/.: ]+{part}){{2,}}\)?$", "", s) or s
    # nor is the currency of an amount: Meta's "Amount spent (EUR)", in Danish "Beløb brugt (DKK)"
    s = re.sub(r"\s*\(([a-z]{3})\)$", lambda m: "" if m[1].upper() in CURRENCIES else m[0], s)
    # nor its sign, in brackets or not: amoCRM's Russian "Бюджет ₽", "Value (€)"
    s = re.sub(r"\s*(\(\s*(?:[€£¥₽₹₺₴]|r?\$)\s*\)|(?<=\w)\s+(?:[€£¥₽₹₺₴]|r?\$))$", "", s)
    # Chargebee's bracketed names, "subscription[plan_id]", are its API's "subscription.plan_id"
    s = re.sub(r"^([a-z]+)\[([a-z_]+)\]$", r"\1.\2", s)
    s = re.sub(r"[\s_\-.]+", " ", s)
    # nor Jira's wrapper of a field a site added: "Custom field (Satisfaction)", "Champ personnalisé (Satisfaction)"
    s = re.sub(r"^(?:custom field|champ personnalisé|benutzerdefiniertes feld|aangepast veld|campo personalizado|"
               r"campo personalizzato|brugerdefineret felt) \((.+)\)$", r"\1", s)
    return s.strip()


def plain(s: str) -> str:
    """*s* without accents (``négócio`` → ``negocio``): exports re-saved in another code page lose them."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@dataclass(frozen=True)
class VendorObject:
    """One object of one vendor (Salesforce ``Opportunity``) and what its exports look like."""

    vendor: str
    name: str
    table: str | None                          # canonical table; None: recognised but not used
    columns: dict[str, dict[str, list[str]]]   # canonical column -> {api | language: [headers]}
    files: tuple[str, ...] = ()
    prefix: dict[str, list[str]] = field(default_factory=dict)   # language -> header prefixes ("Deal")
    values: dict[str, Any] = field(default_factory=dict)
    extra_values: dict[str, dict[str, str]] = field(default_factory=dict)
    default: dict[str, str] = field(default_factory=dict)
    nulls: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    why: str = ""
    extra: dict[str, Any] = field(default_factory=dict)          # flags, scale, lookups, derived, where …

    @property
    def label(self) -> str:
        """"Salesforce Opportunity"."""
        return f"{VENDORS.get(self.vendor, self.vendor)} {self.name}"

    def variants(self, lang: str, header: str) -> list[str]:
        """*header* as the exports of *lang* write it: with each prefix of the language, then bare.

        Pipedrive writes ``Deal - Value``; API names have no prefix.
        """
        pre = self.prefix.get(lang, []) if lang != "api" else []
        return [*(f"{p} - {header}" for p in pre), header]

    def headers(self, canon: str, lang: str | None = None) -> list[str]:
        """The headers that carry *canon*: API names first, then *lang*'s labels (all languages when None)."""
        spec = self.columns.get(canon, {})
        langs = ["api", lang, "en"] if lang else ["api", *LANGS]
        return list(dict.fromkeys(cand for lg in dict.fromkeys(x for x in langs if x) for h in spec.get(lg, [])
                                  for cand in self.variants(lg, h)))


VENDORS: dict[str, str] = {}


def _strings(where: str, v: Any) -> list[str]:
    items = v if isinstance(v, list) else [v]
    for x in items:
        if not isinstance(x, str | int | float) or isinstance(x, bool):
            raise ValueError(f"{where}: {x!r} is not a header or word (quote a value that holds ': ' or ', ')")
    return [str(x) for x in items]


@lru_cache(maxsize=1)
def _stored() -> dict[str, Any]:
    """The vendor tables as parsed, and their header indexes, from the last process that built them.

    Parsing the YAML and indexing every header took 0.5 s of every first ingest in a process (a
    ``crmanalysis kpis``, a report's reading of the exports). The parse is kept as JSON (every
    key of a vendor table is text, so JSON gives the same values back) under the cache folder,
    named by a digest of the tables and of this module, so an edit of either builds it again.
    """
    from ...stored import digest, read_kept

    here = Path(__file__).resolve()
    files = sorted(p for p in _HERE.glob("*.yml") if p.stem != "values")
    out: dict[str, Any] = {"key": digest([here, here.parents[2] / "schema.py", *files]), "files": files}
    out.update(read_kept("_vendors", out["key"]) or {})
    return out


def _save_stored(index: dict[str, dict[str, dict[str, Any]]], spread: dict[str, int]) -> None:
    """Keep what this process parsed and indexed for the next one."""
    from ...stored import keep

    st = _stored()
    if "docs" not in st or "index" not in st:
        keep("_vendors", st["key"], {"docs": _docs(), "index": index, "spread": spread})


@lru_cache(maxsize=1)
def _docs() -> dict[str, Any]:
    """File name → the vendor table as parsed."""
    import yaml

    from ...yamlio import safe_load

    st = _stored()
    if "docs" in st:
        return st["docs"]
    docs = {}
    for path in st["files"]:
        try:
            docs[path.name] = safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ValueError(f"{path.name}: not valid YAML: {exc}") from None
    return docs


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, VendorObject]]:
    out: dict[str, dict[str, VendorObject]] = {}
    for fname, doc in _docs().items():
        path = Path(fname)
        vendor = doc["vendor"]
        VENDORS[vendor] = doc.get("name", vendor)
        objs = {}
        for name, o in doc["objects"].items():
            where = f"{path.name}: {name}"
            cols = {canon: {lg: _strings(f"{where}.{canon}.{lg}", hs) for lg, hs in spec.items()}
                    for canon, spec in (o.get("columns") or {}).items()}
            objs[name] = VendorObject(
                vendor, name, o.get("table"), cols, tuple(str(f).lower() for f in o.get("files", [])),
                {lg: _strings(f"{where}.prefix.{lg}", p) for lg, p in (o.get("prefix") or {}).items()},
                o.get("values") or {}, o.get("extra_values") or {}, o.get("default") or {},
                tuple(_strings(f"{where}.nulls", o.get("nulls") or [])), tuple(o.get("ignore") or []),
                o.get("why", ""), {k: o[k] for k in _MAPPING_KEYS if k in o})
        out[vendor] = objs
    out["canonical"] = _canonical_objects()
    VENDORS["canonical"] = "canonical"
    return out


def _canonical_objects() -> dict[str, VendorObject]:
    """Files already written with the canonical headers, one object per table."""
    from ...schema import TABLES

    return {t: VendorObject("canonical", t, t, {c.name: {"api": [c.name]} for c in cols},
                            (t, t.replace("_", " "), t.replace("_", "")))
            for t, cols in TABLES.items()}


@cache
def _required(table: str) -> set[str]:
    """The required canonical columns of *table*."""
    from ...schema import TABLES

    return {c.name for c in TABLES[table] if c.required}


@lru_cache(maxsize=1)
def _values() -> dict[str, dict[str, dict[str, list[str]]]]:
    from ...yamlio import safe_load

    return safe_load((_HERE / "values.yml").read_text(encoding="utf-8"))


@cache
def value_words(vocab: str, lang: str | None = None) -> dict[str, str]:
    """``{word: canonical value}`` of a vocabulary of values.yml (``status``, ``activity_type``, ``done``).

    Words of every language when *lang* is None; the language-neutral ``any`` words always. Kept once per
    process (every two-word word with each join makes it a few hundred entries, asked per column): read it,
    do not change it.
    """
    out: dict[str, str] = {}
    for canon, by_lang in _values()[vocab].items():
        for lg, words in by_lang.items():
            if lang is None or lg in ("any", lang):
                for w in words:
                    for said in _joined(str(w).lower()):
                        out.setdefault(said, str(canon).lower())
    return out


#: a word that turns a stage's won or lost word around: "Not won", "Nicht erfolgreich", "Won't buy"
_NEGATIONS = {"not", "no", "niet", "geen", "nicht", "kein", "keine", "ikke", "inte", "ej", "pas", "non", "não", "nao",
              "t"}


def status_by_word(value: str) -> str | None:
    """``won`` or ``lost`` when *value*'s words hold a one-word won or lost word of one kind only, else None.

    A pipeline's own stage names say it among other words: Bitrix24's German "Auftrag verloren", "Closed Won -
    Signed", "Deal gewonnen (unterschrieben)". A negation ("Not won") or words of both kinds decide nothing.
    """
    words = value_words("status")
    tokens = re.findall(r"[^\W\d_]+", str(value).lower())
    # a negation just before the word ("Not won", "Niet gewonnen") says nothing; one after it ("Lost - No
    # Decision", HubSpot's custom lost stage) says why
    said = [(t, words[t]) for i, t in enumerate(tokens) if words.get(t) in ("won", "lost")
            and t not in _WHOLE_VALUE_ONLY]
    if any(words.get(t) in ("won", "lost") and ((i and tokens[i - 1] in _NEGATIONS) or tokens[i + 1:i + 2] == ["t"])
           for i, t in enumerate(tokens)):                      # and "Won't close"
        return None
    kinds = {k for _, k in said}
    return kinds.pop() if len(kinds) == 1 else None


#: won words that say it only as a stage's whole name: CAS genesisWorld's "Auftrag" (order) is won, Bitrix24's
#: "Auftrag verloren" (order lost) is lost; a shop's "paid" is won, "paid in part" is not said; Lime's "Avtal"
#: (agreement) and webCRM's "Ordre (100%)" are won. An order list's invoiced, delivered, sent orders are won and
#: its credited or void ones lost, but a pipeline's "Contract verzonden" (contract sent) or "Proposal delivered" is
#: still open
_WHOLE_VALUE_ONLY = frozenset({"auftrag", "paid", "avtal", "order", "ordre"}    # "Avtal skickat": contract sent
                              | set("""invoiced billed delivered shipped fulfilled gefactureerd geleverd verzonden
                                    betaald fakturiert abgerechnet geliefert versendet versandt bezahlt facturé
                                    facturée livré livrée payé payée facturado facturada entregado entregada pagado
                                    pagada faktureret leveret afsendt betalt fakturert levert fakturerad levererad
                                    betald credited gecrediteerd krediteret kreditnota creditnota gutschrift
                                    void""".split()))


#: how a UI joins the two words of a stage: Salesforce's Dutch "Gesloten/gewonnen", German "Geschlossen und gewonnen"
_JOINS = ("/", " / ", "-", "_", " - ", " and ", " und ", " en ", " og ", " et ", " e ", " y ")


def _joined(word: str) -> list[str]:
    """*word* as written, and a two-word *word* with each of :data:`_JOINS` between its words."""
    parts = word.split(" ")
    if len(parts) != 2:
        return [word]
    return [word, *(j.join(parts) for j in _JOINS)]


def vendors() -> list[str]:
    """The vendors with a table (``generic`` and ``canonical`` last)."""
    names = [v for v in _load() if v not in ("generic", "canonical")]
    return [*names, "generic", "canonical"]


def objects(vendor: str | None = None) -> list[VendorObject]:
    """Every object of *vendor* (all vendors when None)."""
    return [o for v, objs in _load().items() if vendor in (None, v) for o in objs.values()]


def get_object(vendor: str, name: str) -> VendorObject:
    """One object; ``KeyError`` naming the vendor's objects."""
    objs = _load().get(vendor)
    if objs is None:
        raise KeyError(f"unknown vendor {vendor!r}; vendors: {', '.join(vendors())}")
    if name not in objs:
        raise KeyError(f"{vendor} has no object {name!r}; objects: {', '.join(objs)}")
    return objs[name]


def _index(o: VendorObject) -> dict[str, tuple[str, str, int]]:
    """Normalised header -> (canonical column, language or 'api', rank among the column's names).

    The headers of the object's flags and row filter (Odoo's ``Attivo``, ``type``) are evidence too;
    they are indexed as ``flag:<name>`` and ``where``, which no mapping places as a column.
    """
    idx: dict[str, tuple[str, str, int]] = {}
    specs = [(canon, spec) for canon, spec in o.columns.items()]
    specs += [(f"flag:{k}", {"api": [str(h) for h in hs]}) for k, hs in o.extra.get("flags", {}).items()]
    where = o.extra.get("where")
    if isinstance(where, dict):
        column = where.get("column") or []
        specs.append(("where", {"api": [str(h) for h in ([column] if isinstance(column, str) else column)]}))
    for canon, spec in specs:
        # one rank over all the column's names, API names first as listed: Zoho's "Call Duration (in seconds)"
        # (API, second) lost to "Call Duration" (the label, first among the labels), a "02:10" read as hours
        rank = 0
        for lg, hs in sorted(spec.items(), key=lambda kv: kv[0] != "api"):
            for h in hs:
                for cand in o.variants(lg, h):
                    for key in {normalise(cand), plain(normalise(cand))}:
                        idx.setdefault(key, (canon, lg, rank))
                rank += 1
    return idx


@cache
def _cached_index(vendor: str, name: str) -> dict[str, tuple[str, str, int]]:
    kept = _stored().get("index", {}).get(vendor, {}).get(name)
    if kept is not None:
        return {k: tuple(v) for k, v in kept.items()}   # type: ignore[misc]
    return _index(get_object(vendor, name))


@cache
def _key_languages(vendor: str, name: str) -> dict[str, frozenset[str]]:
    """Normalised header -> every language whose names of the object's columns hold it ("status": en, da …)."""
    o = get_object(vendor, name)
    out: dict[str, set[str]] = {}
    for spec in o.columns.values():
        for lg, hs in spec.items():
            for h in hs:
                for cand in o.variants(lg, h):
                    for key in {normalise(cand), plain(normalise(cand))}:
                        out.setdefault(key, set()).add(lg)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _spread() -> dict[str, int]:
    """Normalised header -> in how many objects it occurs: a header many CRMs write tells little."""
    if "spread" in _stored():
        return _stored()["spread"]
    count: dict[str, int] = {}
    index: dict[str, dict[str, dict[str, Any]]] = {}
    for o in objects():
        idx = _cached_index(o.vendor, o.name)
        index.setdefault(o.vendor, {})[o.name] = idx
        for key in idx:
            count[key] = count.get(key, 0) + 1
    _save_stored(index, count)
    return count


@dataclass
class Recognition:
    """What a file was recognised as, and the evidence."""

    obj: VendorObject | None
    lang: str | None
    matched: dict[str, str]             # export header -> canonical column
    score: float
    by_file_name: bool
    runner_up: tuple[str, float] | None = None
    reason: str = ""                    # set when the values, not the headers, decided (crmanalysis init)

    @property
    def why(self) -> str:
        """One sentence: vendor, object, language and the headers that say so."""
        if self.reason:
            return self.reason
        if self.obj is None:
            return "no vendor's object matches two or more of its headers"
        shown = ", ".join(list(self.matched)[:6]) + (" …" if len(self.matched) > 6 else "")
        lang = f", language {self.lang}" if self.lang and self.lang != "api" else ", API names"
        extra = " and its file name" if self.by_file_name else ""
        close = f"; next best {self.runner_up[0]} ({self.runner_up[1]:.1f} against {self.score:.1f})" \
            if self.runner_up else ""
        return (f"{self.obj.label} → {self.obj.table or 'not used'}{lang}: {len(self.matched)} headers "
                f"({shown}){extra}{close}")


# What a header may carry beside the word it names: a unit ("Kans (%)", "Bedrag (EUR)", "Duration [min]") and
# the preposition of a date ("Aangemaakt op", "Created on", "Erstellt am", "Créé le", "Oprettet den")
# and a time zone ("Conversation started at (Europe/Amsterdam)")
# "Amount (EUR)", and a printed report's "Bedrag EUR": a currency after the name
_UNIT = re.compile(r"\s*[(\[](?:[^()\[\]]{1,12}|[a-z]+(?:/[a-z_ +-]+){1,2})[)\]]$|\s+(?:utc|gmt)$"
                   r"|\s+(?:eur|usd|gbp|chf|sek|nok|dkk|pln|czk|huf|aud|cad|nzd|jpy|inr|brl|zar|rub|€|\$|£)$")
_DATE_WORD = re.compile(r"\s+(?:op|on|at|am|um|le|el|em|il|den|d\.)$")


def _spellings(key: str) -> Iterator[tuple[str, float]]:
    """(*key* as compared, its weight as evidence of the file's object).

    As written and without accents weigh 1; without a unit or a date's preposition ½: such a match places a
    column but says less of which object the file is.
    """
    yield key, 1.0
    yield plain(key), 1.0
    # a report's "Object: Field" (Zuora's "Subscription: Subscription Start Date", "Account: Account Number")
    # and Jira's "Custom field (Satisfaction)", in Dutch "Aangepast veld (Satisfaction)"
    field = re.match(r"^[^:]{2,40}:\s*(.+)$", key) or re.match(
        r"^(?:custom field|aangepast veld|benutzerdefiniertes feld|brugerdefineret felt|anpassat fält) \((.+)\)$", key)
    if field:
        yield field.group(1), 0.5
        yield plain(field.group(1)), 0.5
    # Metabase's column of a joined table, "Assignee → Name", "Satisfaction Rating → Score": the relation names it
    joined = re.match(r"^(.{2,40}?)\s*→\s*(.+)$", key)
    if joined:
        for part in (f"{joined.group(1)} {joined.group(2)}", joined.group(1)):
            yield part, 0.5
            yield plain(part), 0.5
    bare = _DATE_WORD.sub("", _UNIT.sub("", key))
    if bare and bare != key:
        yield bare, 0.5
        yield plain(bare), 0.5


def match_headers(o: VendorObject, headers: list[str]) -> tuple[dict[str, str], dict[str, int], float]:
    """(export header -> canonical column, hits per language, evidence: Σ 1 / objects sharing the header)."""
    idx = _cached_index(o.vendor, o.name)
    spread = _spread()
    # canonical column -> (rank, header, language, key, weight, read without a qualifier in parentheses)
    best: dict[str, tuple[int, str, str, str, float, int, int]] = {}
    hits = []
    for h in headers:
        key, weight = next(((k, w) for k, w in _spellings(normalise(h)) if k in idx), ("", 0.0))
        if key in idx:
            hits.append((h, key, weight, idx[key]))
    # the file's language: the one most of its headers are words of
    said = Counter(hit[1] for *_, hit in hits if hit[1] not in ("api", "any"))
    top = said.most_common(2)
    lang = top[0][0] if top and (len(top) < 2 or top[0][1] > top[1][1]) else None
    langs_of = _key_languages(o.vendor, o.name) if lang is not None else {}
    for h, key, weight, hit in hits:
        # the column's first-listed name wins, but a name as written before one read without the qualifier in its
        # parentheses: Meta's "Link-Klicks" before its "Klicks (alle)", read as "Klicks" (a date's "at" qualifies
        # nothing: Chargebee's "Started At" is its start before "Activated At"); and a name in the file's own
        # language before another's: Creatio's Dutch "Bedrag" before "Budget", an English word listed earlier
        qualified = int(weight < 1 and bool(_UNIT.search(normalise(h))))
        # a word of several languages ("Status", Danish too) is no other language's
        foreign = int(lang is not None and not {lang, "api"} & langs_of.get(key, frozenset({hit[1]})))
        if hit[0] not in best or (qualified, foreign, hit[2]) < (best[hit[0]][5], best[hit[0]][6], best[hit[0]][0]):
            best[hit[0]] = (hit[2], h, hit[1], key, weight, qualified, foreign)
    matched, langs, evidence = {}, {}, 0.0
    every = _key_languages(o.vendor, o.name)
    # a header known only without its unit or preposition ("started at" as "started") places a column, but says
    # less of which object the file is: a call log's started_at / ended_at are not a subscription's start and end
    for canon, (_, h, lg, key, weight, *_) in best.items():
        matched[h] = canon
        # a word of several languages counts for each: Userlike's German "Start" is no English header
        # (an API's field name stays the API's: "Amount" of Salesforce's Opportunity.csv says no language)
        for said_in in (lg,) if lg == "api" else (every.get(key, frozenset()) - {"api"}) or (lg,):
            langs[said_in] = langs.get(said_in, 0) + 1
        evidence += weight / spread.get(key, 1)
    return matched, langs, evidence


def recognise(headers: list[str], file_name: str = "", *, vendor: str | None = None, table: str | None = None,
              include_generic: bool = True) -> Recognition:
    """The vendor object whose headers a file carries best (optionally of one *vendor* or *table*).

    Score: per header found, one divided by the number of objects that know the header (a
    ``StageName`` says Salesforce, a ``Status`` says little), plus one for a file name the object
    is known by. At least two columns must be found.
    """
    stem = normalise(Path(file_name).stem) if file_name else ""
    stem = re.sub(r"\s*\d+$", "", stem)                      # Deals_001 -> deals
    scored = []
    for o in objects(vendor):
        if table is not None and o.table != table:
            continue
        if o.vendor == "generic" and not include_generic:
            continue
        matched, langs, evidence = match_headers(o, headers)
        # a file of the canonical headers has the required ones: a warehouse's "activity_id" and "duration_min"
        # beside its own "activity_type" and "due_at" read nothing of an activity's type or date
        if o.vendor == "canonical" and not _required(o.table) <= set(matched.values()):
            continue
        by_name = bool(stem) and any(stem == normalise(f) or stem.startswith(normalise(f) + " ") for f in o.files)
        # a name's word further in counts half: Facebook's "Offerte aanvraag_leads_2025-09-01_….csv" is of leads
        in_name = not by_name and bool(stem) and bool(set(stem.split()) & {normalise(f) for f in o.files})
        score = evidence + (1.0 if by_name else 0.5 if in_name else 0.0)
        lang = max((lg for lg in langs if lg != "api"), key=lambda lg: langs[lg], default="api" if langs else None)
        scored.append((score, o, lang, matched, by_name))
    # a tie goes to the plain spreadsheet: a vendor is named only on evidence of its own
    scored.sort(key=lambda s: (-round(s[0], 9), s[1].vendor not in ("generic", "canonical")))
    if not scored or len(scored[0][3]) < 2:
        return Recognition(None, None, {}, 0.0, False)
    best = scored[0]
    second = next(((s[1].label, s[0]) for s in scored[1:] if (s[1].vendor, s[1].table) != (best[1].vendor,
                                                                                          best[1].table)), None)
    return Recognition(best[1], best[2], best[3], best[0], best[4], second)


def _value_map(o: VendorObject, canon: str, lang: str | None) -> dict[str, str]:
    spec = o.values.get(canon)
    vm: dict[str, str] = {}
    if isinstance(spec, str) and spec.startswith("@"):
        vm.update(value_words(spec[1:], lang))
    elif isinstance(spec, dict):
        vm.update({str(k): str(v) for k, v in spec.items()})
    vm.update({str(k): str(v) for k, v in o.extra_values.get(canon, {}).items()})
    if canon in o.default:
        vm["*"] = o.default[canon]
    return vm


def mapping_for(o: VendorObject, lang: str | None = None) -> dict[str, Any]:
    """The ingest mapping (README "Custom mappings" format) of *o*, its *lang* labels first.

    With *lang* None every language's labels are listed, so a built-in ``source:`` reads any of
    them; the steps take the headers that are present.
    """
    columns = {canon: o.headers(canon, lang) for canon in o.columns}
    values = {canon: _value_map(o, canon, lang) for canon in set(o.values) | set(o.extra_values) | set(o.default)}
    for canon in columns:
        if o.nulls and canon.endswith("_id"):                  # Salesforce's empty id 000000000000000AAA
            values.setdefault(canon, {}).update({n: "" for n in o.nulls})
    m: dict[str, Any] = {"columns": columns}
    if values:
        m["values"] = values
    for key, v in o.extra.items():
        if key == "combine_time":
            m[key] = {canon: list(dict.fromkeys(c for lg, hs in spec.items() for h in hs for c in o.variants(lg, h)))
                      for canon, spec in v.items()}
        elif key == "flags":
            m[key] = {k: list(hs) for k, hs in v.items()}
        else:
            m[key] = v
    return m


def check() -> list[str]:
    """Problems of the vendor files: unknown canonical columns or languages."""
    from ...schema import TABLES, mappable_columns

    problems = []
    for o in objects():
        if o.table is not None and o.table not in TABLES:
            problems.append(f"{o.label}: unknown table {o.table!r}")
            continue
        valid = set(mappable_columns(o.table)) if o.table else None
        for canon, spec in o.columns.items():
            if valid is not None and canon not in valid:
                problems.append(f"{o.label}: {canon!r} is not a column of {o.table}")
            bad = set(spec) - {"api", *LANGS}
            if bad:
                problems.append(f"{o.label}.{canon}: unknown languages {sorted(bad)}")
    return problems
