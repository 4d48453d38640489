"""The levels a KPI is measured at — company, team, rep, the client's dimensions — in one registry.

A level has the name tables and reports use (``rep``) and the canonical columns it groups by
(``owner_id``). Baseline, targets, scorecard and the plan file all read this registry, so a level
one of them knows is known to all; a name or grouping it does not know is an error that lists the
levels, never a row dropped without a word.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data import ClientData

__all__ = ["Level", "LEVELS", "UnknownLevel", "by_of", "name_of", "entity_names", "COMBINED"]

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
    """Display names: rep ids become the user's name; everything else stays as is."""
    names = entity.astype("string")
    if data.has("users"):
        u = data.users.drop_duplicates("user_id").set_index("user_id")["name"].astype("string")
        is_rep = level.isin(["rep", "agent"]).to_numpy()
        mapped = entity.astype("string").map(u)
        names = names.where(~is_rep | mapped.isna(), mapped)
    return names
