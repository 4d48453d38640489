"""What a file's columns hold, read from their values: for exports whose headers no vendor table knows.

``crmanalysis init`` drafts a mapping for any table; where the headers say nothing it reads a
sample of each column: a unique id, dates, amounts, currency codes, a status with won or lost
words, person names. :func:`column_kinds` says what each column looks like; :func:`guess_table`
which canonical table the rows are, and why.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from . import vendors as V
from .readers import CURRENCIES, clean_text, parse_dates, parse_numbers

__all__ = ["column_kinds", "guess_table", "currency_codes", "CURRENCIES", "SAMPLE"]

#: rows read per column to tell what it holds
SAMPLE = 3000


def currency_codes(values: pd.Series) -> pd.Series:
    """*values* of a currency column as ISO codes: "usd" → USD, "US Dollar" → USD, "€" → EUR (values.yml).

    A value that is no code and no known name is kept in capitals: it then needs a rate, and the
    warning that asks for one names it as the export writes it.
    """
    txt = clean_text(values)
    uniq = pd.Series(txt.dropna().unique(), dtype="object")
    key = uniq.str.strip().str.casefold().str.replace(r"\s+", " ", regex=True)
    named = key.map(V.value_words("currency")).str.upper()
    codes = dict(zip(uniq, named.fillna(uniq.str.strip().str.upper()), strict=True))
    return txt.map(codes).astype("string")


# a person's name: "Ana Sousa", "J. Smith", "Петрова Анна"
_NAME = r"^[^\W\d_][^\W\d_'’.-]*(?:[ '’.-][^\W\d_][^\W\d_'’.-]*){0,3}$"


@cache
def _decided_words() -> list[str]:
    """The words of a won or lost deal that make a column a deal's status.

    "Cancelled" ends a deal, and as much a subscription, an order or a meeting, "Unqualified" a lead: they alone
    make no deals; nor
    does a code ("1" won, "2" lost), which a quantity or a rating column holds as well.
    """
    words = V.value_words("status")
    return [w for w, c in words.items() if c in ("won", "lost") and not w.isdigit()
            and w not in ("cancelled", "canceled", "unqualified", "disqualified")]


def says_won(col: pd.Series) -> bool:
    """Whether some of *col*'s values (more than 2 % of the first rows) are a word for a deal won."""
    words = V.value_words("status")
    return bool(_filled(col).str.strip().str.casefold().map(words).eq("won").mean() > 0.02)


def _filled(col: pd.Series) -> pd.Series:
    return clean_text(col.head(SAMPLE)).dropna()


def _kind(col: pd.Series, n_rows: int) -> str:
    """One column's kind: id, date, number, currency, status, name, text or empty."""
    vals = _filled(col)
    if vals.empty:
        return "empty"
    low = vals.str.lower()
    if low.isin(_decided_words()).any() and low.nunique() <= 60:
        return "status"
    if vals.str.fullmatch(r"[A-Za-z]{3}").all() and vals.str.upper().isin(CURRENCIES).mean() > 0.9:   # Stripe: usd
        return "currency"
    digits = vals.str.fullmatch(r"-?\d+").mean() > 0.95
    if not digits:
        _, bad, _, _ = parse_dates(vals)
        if bad.mean() < 0.1 and vals.str.contains(r"\d", regex=True).all():
            return "date"
    unique = len(vals) == len(col.head(SAMPLE)) and not vals.duplicated().any() and len(col) == n_rows
    _, bad, _ = parse_numbers(vals)
    if unique and (digits or bad.mean() > 0.5 or vals.str.contains(r"\d").mean() > 0.9):
        return "id"
    if bad.mean() < 0.05:
        return "number"
    distinct = vals.drop_duplicates()
    if 2 <= len(distinct) <= min(200, len(vals) // 3) and distinct.str.fullmatch(_NAME).mean() > 0.9 \
            and distinct.map(_capitalised).mean() > 0.9 and distinct.str.contains(" ").mean() > 0.5 \
            and not _phrases(distinct):
        return "name"                   # first and last names: a plan tier or a gender is one word
    return "text"


#: words of the Title Case phrases CRM picklists hold ("Landing Page Submission", "Hot Lead", "Email Opened"),
#: which no person is called by: one in a value makes it no name
_PHRASE_WORDS = frozenset("""lead leads form page website web site email e-mail sms chat call calls import add api
    submission visited opened sent clicked bounced modified unsubscribed converted qualified unqualified
    traffic search organic direct referral campaign ads ad social media shop store station gas customer
    prospect partner account contact deal opportunity quote order invoice product service support ticket
    new open closed won lost pending active inactive other unknown none hot warm cold high low medium
    of on in at to for by the and with via""".split())


def _phrases(distinct: pd.Series) -> bool:
    """Whether many of a column's distinct values are picklist phrases (:data:`_PHRASE_WORDS`), not names."""
    words = distinct.str.lower().str.split()
    return words.map(lambda ws: bool(_PHRASE_WORDS.intersection(ws))).mean() > 0.2


def _capitalised(v: str) -> bool:
    """A name's first and last words start with a capital ("Anna de Vries"); a reason ("Too expensive") does not."""
    words = v.split()
    return words[0][:1].isupper() and words[-1][:1].isupper()


def column_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Header -> what its values look like (see :func:`_kind`), for every column of *frame*."""
    n = len(frame)
    return {h: _kind(frame[h], n) for h in frame.columns if h != "_row"}


_TABLE_WORDS = {
    # a Danish "sag" or German "Fall" starts a word ("Sagsnummer"): inside one it is Salesforce's "EmailMessage"
    "cases": r"ticket|case|incident|request|support|helpdesk|help desk|call|complaint|issue|chamado|\bsag|\bfall|"
             r"zaak|\bchat|billet|\bjira\b",        # Jotform's "Geschat jaarverbruik" is no chat
    "leads": r"lead|prospect|contact|enquir|inquir|signup|sign-up|interessent|responses|submissions|formular|"
             r"kontakt|contacten",
    "activities": r"activit|task|event|meeting|visit|aktivit|llamada|chamada|\bappels?\b|anrufe?\b|gesprekken|opkald|"
                  r"telefonate",
    "contracts": r"subscription|contract|abonnement|vertrag",
    "accounts": r"account|compan|organi[sz]ation|customer|client|klant|kunde",
    "opportunities": r"deal|opportunit|sale|pipeline|order|negoci|negóci|verkoop|chance|handel",
}
#: words of a file's name only: "Email" heads many a list of leads or accounts, "EmailMessage.csv" is e-mails logged
_NAME_WORDS = {"activities": r"^e[- ]?mails?\b|^email ?messages?\b"}
#: a web form's download, named for its answers before its form's title: Typeform's "responses-Request a
#: demo-export" (whose "request" made it tickets), Jotform's "Contact_Form-Submissions", Google Forms' "(Responses)"
_FORM_WORDS = {"leads": r"^responses\b|\bsubmissions\b|\(responses\)|\bform entries\b|\bformulierinzendingen\b"}
#: a web form's own columns of each submission, whatever the form asks: Jotform's Dutch "Inzendingsdatum" and
#: "Inzendings-ID" (of "Offerte aanvragen zonnepanelen", whose "Geschat jaarverbruik" made it chats), its English
#: "Submission Date", Gravity Forms' "Entry Id" and "Entry Date"
_FORM_HEADERS = {"leads": r"\binzendings?(?:datum| id| ip)\b|\bsubmission (?:date|id)\b|\bentry (?:date|id)\b|"
                          r"\beinsendungs?(?:datum| id)\b|\bindsendelses?(?:dato| id)\b"}


def guess_table(file_name: str, headers: list[str], kinds: dict[str, str],
                frame: pd.DataFrame | None = None) -> tuple[str, str]:
    """(canonical table, why) of a file no vendor table recognised, from its values and its name.

    A column of won and lost words makes deals; else the words of the file's name and headers
    (tickets, leads, activities, subscriptions, accounts); else deals, said as a guess to check. A
    log of calls is a help desk's, unless most of its calls went out: then it is a sales team's dialer.
    """
    status = [h for h, k in kinds.items() if k == "status"]
    name = V.normalise(re.sub(r"\.\w+$", "", file_name))
    # Chargebee's "Customers.csv" has a "Card Status" of Valid / Expired: a customer's card expired is no deal lost;
    # Jira's French issues ("Jira.csv", "État" Annulé) no deals called off. A file named for another table is deals
    # only where a status says won
    # (HubSpot's Spanish "todas-las-llamadas": a call "Cancelada" is no deal lost either)
    other = not re.search(_TABLE_WORDS["opportunities"], name) and any(
        re.search(words, name) for table, words in _TABLE_WORDS.items() if table != "opportunities")
    if status and (not other or (frame is not None and any(says_won(frame[h]) for h in status))):
        return "opportunities", f"its column {status[0]!r} says won or lost"
    # the file's name first: Paddle's "subscriptions.csv" has a "signup_date" among its headers
    for text, table_words in ((name, [*_FORM_WORDS.items(), *_TABLE_WORDS.items(), *_NAME_WORDS.items()]),
                              (" ".join(map(V.normalise, headers)), [*_FORM_HEADERS.items(), *_TABLE_WORDS.items()])):
        for table, words in table_words:
            hit = re.search(words, text)
            if hit and hit.group(0) == "call" and frame is not None and _mostly_outbound(frame):
                return "activities", "the word 'call' in its name or headers, and most of its calls went out"
            if hit:
                return table, f"the word {hit.group(0)!r} in its name or headers"
    return "opportunities", "nothing says what its rows are: drafted as deals, check it"


_OUTBOUND = {"outbound", "outgoing", "out", "uitgaand", "uitgaande", "ausgehend", "sortant", "saliente", "udgående",
             "outbound-api", "outbound-dial",       # Twilio's
             "originating"}                         # Webex Calling's leg of a call the user made
_INBOUND = {"inbound", "incoming", "in", "inkomend", "inkomende", "eingehend", "entrant", "entrante", "indgående",
            "internal", "intern", "terminating"}


def _directions(frame: pd.DataFrame) -> list[pd.Series]:
    """The sampled values of each column headed direction ("Direction", "Richting", "Richtung", "Retning")."""
    return [clean_text(frame[h].head(SAMPLE)).dropna().str.lower() for h in frame.columns
            if re.search(r"direction|richting|richtung|retning|sens", V.normalise(str(h)))]


def _mostly_outbound(frame: pd.DataFrame) -> bool:
    """Whether a column headed direction says that most calls went out (Dialpad, Aircall, RingCentral)."""
    return any(len(said) and said.isin(_OUTBOUND).mean() > 0.5 for said in _directions(frame))


def says_call_direction(frame: pd.DataFrame | None) -> bool:
    """Whether a column headed direction holds calls' in / out words: a phone system's log (3CX, Voys)."""
    return frame is not None and any(len(said) and said.isin(_OUTBOUND | _INBOUND).mean() > 0.9
                                     for said in _directions(frame))
