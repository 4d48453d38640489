"""The KPI registry: metadata of every KPI and lookup by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["KPI", "REGISTRY", "register", "get_kpi", "list_kpis", "UnknownKPIError"]

KINDS = ("action", "result", "insight")
CLASSES = ("usage", "business")
UNITS = ("count", "money", "ratio", "days", "hours", "score")


class UnknownKPIError(KeyError):
    """An id that is not in the registry; the message lists the valid ids."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0])


@dataclass(frozen=True)
class KPI:
    """One registered KPI (DESIGN §4).

    ``stat`` says how the KPI aggregates: ``sum`` (additive: team = Σ reps), ``ratio``
    (Σnumerator / Σdenominator), ``median`` / ``mean`` (recomputed from rows).
    """

    id: str
    fn: Callable[..., Any]
    labels: dict[str, str]                 # a template's own labels; the catalogue's are texts kpi.<id>
    kind: str
    klass: str
    unit: str
    direction: str
    tables: tuple[str, ...]
    date: str
    definition: str
    stat: str = "sum"
    options: dict[str, Any] = field(default_factory=dict)
    template: str | None = None

    def label(self, lang: str = "en") -> str:
        """Label in *lang*: the text ``kpi.<id>`` (:mod:`crmanalysis.texts`), or a template's own labels."""
        if not self.labels:
            from ..texts import t

            return t(f"kpi.{self.id}", lang)
        return self.labels.get(lang) or self.labels["en"]

    @property
    def additive(self) -> bool:
        """True when team/region values are sums of rep values."""
        return self.stat == "sum"

    @property
    def higher_is_better(self) -> bool:
        """Direction as a boolean."""
        return self.direction == "higher"


REGISTRY: dict[str, KPI] = {}


def register(kpi_id: str, fn: Callable | None = None, *, labels: dict[str, str] | None = None,
             kind: str, klass: str, unit: str, direction: str, tables: tuple[str, ...], date: str,
             definition: str, stat: str = "sum", options: dict[str, Any] | None = None,
             template: str | None = None, registry: dict[str, KPI] | None = None):
    """Register a KPI function (usable as a decorator or called with *fn*)."""
    if kind not in KINDS or klass not in CLASSES or unit not in UNITS or direction not in ("higher", "lower"):
        raise ValueError(f"KPI {kpi_id}: bad metadata kind={kind} class={klass} unit={unit} direction={direction}")
    lab = dict(labels or {})
    reg = REGISTRY if registry is None else registry

    def deco(f: Callable) -> Callable:
        reg[kpi_id] = KPI(kpi_id, f, lab, kind, klass, unit, direction, tuple(tables), date, definition, stat,
                          dict(options or {}), template)
        return f

    return deco(fn) if fn is not None else deco


def get_kpi(kpi_id: str, registry: dict[str, KPI] | None = None) -> KPI:
    """The KPI with *kpi_id*; raises :class:`UnknownKPIError` listing the valid ids."""
    reg = REGISTRY if registry is None else registry
    try:
        return reg[kpi_id]
    except KeyError:
        raise UnknownKPIError(f"unknown KPI {kpi_id!r}; valid ids: {', '.join(sorted(reg))}") from None


def list_kpis(lang: str = "en", registry: dict[str, KPI] | None = None) -> pd.DataFrame:
    """The catalogue as a frame: id, label, kind, class, unit, direction, aggregation, tables, date, definition."""
    reg = REGISTRY if registry is None else registry
    rows = [{"id": k.id, "label": k.label(lang), "kind": k.kind, "class": k.klass, "unit": k.unit,
             "direction": k.direction, "aggregation": k.stat, "tables": ", ".join(k.tables), "date": k.date,
             "definition": k.definition} for k in reg.values()]
    return pd.DataFrame(rows)
