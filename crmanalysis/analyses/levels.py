"""The levels a KPI is measured at — company, team, rep, the client's dimensions — in one registry.

A level has the name tables and reports use (``rep``) and the canonical columns it groups by
(``owner_id``). Baseline, targets, scorecard and the plan file all read this registry, so a level
one of them knows is known to all; a name or grouping it does not know is an error that lists the
levels, never a row dropped without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import ClientData
from ..kpis.engine import UNKNOWN

__all__ = ["Level", "LEVELS", "UnknownLevel", "by_of", "name_of", "entity_names", "sales_reps", "sells", "unknown_only",
           "COMBINED", "no_person"]

#: how a level over several columns is named ("region × industry")
COMBINED = " × "


@dataclass(frozen=True)
class Level:
    """A level: its name in tables and reports, and the canonical columns it groups by."""

    name: str
    by: tuple[str, ...]


LEVELS: dict[str, Level] = {lv.name: lv for lv in (
    Level("company", ()),
    Level("team", ("team",)),
    Level("rep", ("owner_id",)),
    Level("agent", ("owner_id",)),            # a rep of service cases: the KPI's table decides which word
    Level("region", ("region",)),
    Level("industry", ("industry",)),
    Level("product_group", ("product_group",)),
    Level("lead class", ("source_class",)),
)}
_BY_COLUMN = {lv.by[0]: lv.name for lv in LEVELS.values() if len(lv.by) == 1 and lv.name != "agent"}


class UnknownLevel(ValueError):
    """A level name or grouping the registry does not hold."""


def by_of(name: str) -> list[str]:
    """The columns the level *name* groups by (``"region × industry"`` by both)."""
    parts = name.split(COMBINED) if COMBINED in name else [name]
    unknown = [p for p in parts if p not in LEVELS]
    if unknown:
        raise UnknownLevel(f"unknown level {unknown[0]!r}; the levels are: {', '.join(LEVELS)}")
    return [c for p in parts for c in LEVELS[p].by]


def name_of(by: tuple[str, ...] | list[str], *, cases: bool = False) -> str:
    """The level of the grouping *by*: ``company`` for none; a rep of service cases (*cases*) is an ``agent``."""
    if not by:
        return "company"
    unknown = [c for c in by if c not in _BY_COLUMN]
    if unknown:
        raise UnknownLevel(f"no level groups by {unknown[0]!r}; the levels group by: {', '.join(_BY_COLUMN)}")
    names = ["agent" if c == "owner_id" and cases else _BY_COLUMN[c] for c in by]
    return COMBINED.join(names)


def entity_names(data: ClientData, entity: pd.Series, level: pd.Series) -> pd.Series:
    """Display names: rep ids become the user's name; everything else stays as is.

    A rep or agent the export knows only by a number is "rep 26" (in the report's language): a
    ranking of "1 | 26 | 144 %" read as a column of numbers.
    """
    names = entity.astype("string")
    is_rep = level.isin(["rep", "agent"]).to_numpy()
    if data.has("users"):
        u = data.users.drop_duplicates("user_id").set_index("user_id")["name"].astype("string")
        mapped = entity.astype("string").map(u)
        names = names.where(~is_rep | mapped.isna(), mapped)
    numbered = is_rep & names.str.fullmatch(r"\d+").fillna(False).to_numpy(dtype=bool)
    if numbered.any():
        from ..texts import t

        words = level.map({lv: t(f"level.{lv}", data.config.language) for lv in ("rep", "agent")}).astype("string")
        names = names.where(~numbered, words + " " + names)
    return names


#: a role that sells: "Sales Rep", "sales_rep", "Account Executive", "Inside Sales"
_SELLS = r"(?i)\brep\b|_rep\b|sales|account exec"
#: ... unless it serves, leads or reports: "Customer Service Representative", "Sales Manager", "Reporting"
_NOT_SELLING = r"(?i)service|support|agent|manager|director|head of|chief|president|\bvp\b|ceo"


def sells(role: pd.Series) -> pd.Series:
    """Whether each role (a job title as CRMs export it) is a seller's; a missing role is not."""
    role = role.astype("string")
    return (role.str.contains(_SELLS, regex=True, na=False)
            & ~role.str.contains(_NOT_SELLING, regex=True, na=False)).astype(bool)


def sales_reps(data: ClientData) -> pd.DataFrame:
    """owner_id, name, team of the sales reps.

    Every owner of a deal or an activity, named from the users table when there is one, else by
    id; where the users' roles say who sells (:func:`sells`), an owner with another role (an agent,
    a manager) is left out, and a user whose role sells is in even before owning anything (a new
    hire gets a card). An owner whose role the export leaves blank stays: in the Salesforce
    demo org the eighteen people selling have no role and three demo users are "Sales Rep".
    """
    u = data.users.drop_duplicates("user_id") if data.has("users") else None
    owned = [data.table(t)["owner_id"] for t in ("opportunities", "activities") if data.has(t, "owner_id")]
    owners = pd.Series(pd.concat(owned).dropna().unique() if owned else [], dtype="string", name="owner_id")
    if u is None or u.empty:
        return pd.DataFrame({"owner_id": owners, "name": _numbered(data, owners),
                             "team": pd.Series(pd.NA, index=owners.index, dtype="string")})
    named = u.set_index("user_id")
    role = named["role"].astype("string")
    says_rep = sells(role)
    if says_rep.any():                  # roles say who sells: owners with another role are not reps
        owners = owners[owners.map(says_rep).fillna(False).astype(bool) | owners.map(role).isna()]
        owners = pd.concat([owners, pd.Series(says_rep[says_rep].index, dtype="string")]).drop_duplicates()
    # in the users file's order (the order a client's own lists use); owners it does not name after them
    at = pd.Index(u["user_id"].astype("string")).get_indexer(owners)
    owners = owners.iloc[np.argsort(np.where(at < 0, len(u), at), kind="stable")].reset_index(drop=True)
    return pd.DataFrame({"owner_id": owners, "name": owners.map(named["name"]).fillna(_numbered(data, owners)),
                         "team": owners.map(named["team"])})


def _numbered(data: ClientData, owners: pd.Series) -> pd.Series:
    """The owners' ids as names, a bare number as "rep 26" (:func:`entity_names`)."""
    return entity_names(data, owners, pd.Series("rep", index=owners.index))


def unknown_only(dims: pd.DataFrame) -> bool:
    """Whether every value of these grouping columns is missing (blank or the engine's "(unknown)").

    Such a level is a dimension the client's data does not have: its one "(unknown)" group would
    be the company again under a name that reads as a defect.
    """
    return bool(dims.astype("string").fillna(UNKNOWN).eq(UNKNOWN).all(axis=None))


#: an owner's name that is no person's: a chat bot, a team's or a queue's shared login, an automation. Userlike's
#: "Chatbot Lotta" stood among the agents, vtiger's "Team Vertrieb" second of the reps' ranking
_NO_PERSON = re.compile(r"\b(?:chat)?bot\b|(?:^|[\s_-])team\b|\wteam$|^(?:group|gruppe|groep)\b"
                        # a help desk's AI agent: Intercom's "Fin AI Agent"
                        r"|\bai[- ]?agent\b|\bvirtual agent\b"
                        r"|\b(?:queue|warteschlange|wachtrij|automation|automatisierung|automatisering|workflow"
                        r"|integration|zapier)\b"
                        # Dynamics' French "Équipe Grands Comptes", Zoho Desk's "Klantenservice Algemeen", a desk's
                        # "Service Desk" or "Support Team" login
                        r"|^(?:équipe|equipe|equipo|squadra)\b|^(?:klantenservice|kundenservice|kundeservice|"
                        r"customer service|customer support|service ?desk|help ?desk|support|servicedesk)\b"
                        # a shared mailbox, desk phone or department: Simplicate's "Info Studio Noord", CAS'
                        # "Vertrieb Innendienst", Webex's "Empfang" and "Vertrieb Hotline", Vonage's "Front Desk"
                        r"|^info\b|\b(?:empfang|rezeption|reception|receptie|receptionen|front ?desk|hotline|zentrale|"
                        r"switchboard|innendienst|außendienst|aussendienst|binnendienst|buitendienst)\b",
                        re.IGNORECASE)


def no_person(names: pd.Series) -> pd.Series:
    """Whether each of *names* is a team's, a bot's or an automation's account rather than a person's."""
    return names.astype("string").str.contains(_NO_PERSON, na=False).astype(bool)
