"""``ClientData``: the canonical tables of one client plus its configuration."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import pandas as pd

from .config import ClientConfig
from .schema import TABLES, check_table_name, coerce_table

__all__ = ["ClientData", "MissingTableError"]


class MissingTableError(LookupError):
    """A KPI or analysis needs a table this client does not have."""


@dataclass(frozen=True)
class ClientData:
    """Canonical DataFrames (DESIGN §3) of one client.

    Only ``opportunities`` is required. Tables are stored coerced to canonical dtypes;
    :meth:`table` returns the frame (do not mutate it — use ``.copy()``).
    """

    config: ClientConfig
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.tables:
            check_table_name(name)
        if "opportunities" not in self.tables:
            raise MissingTableError("ClientData needs at least the opportunities table")

    @classmethod
    def from_frames(cls, config: ClientConfig, **frames: pd.DataFrame) -> ClientData:
        """Build from raw frames, coercing each to canonical columns and dtypes."""
        return cls(config, {k: coerce_table(k, v) for k, v in frames.items() if v is not None})

    def has(self, table: str) -> bool:
        """True when the client has *table* (even if empty)."""
        return table in self.tables

    def table(self, name: str) -> pd.DataFrame:
        """The canonical frame *name*; raises :class:`MissingTableError` ("needs X") if absent."""
        check_table_name(name)
        if name not in self.tables:
            raise MissingTableError(f"needs {name}")
        return self.tables[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def replace(self, **frames: pd.DataFrame) -> ClientData:
        """A new ClientData with some tables replaced (inputs never mutated)."""
        new = dict(self.tables)
        new.update({k: coerce_table(k, v) for k, v in frames.items()})
        return ClientData(self.config, new)

    def summary(self) -> pd.DataFrame:
        """Row counts per table."""
        return pd.DataFrame(
            {"table": list(self.tables), "rows": [len(t) for t in self.tables.values()]}
        )
