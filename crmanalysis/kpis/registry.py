"""The KPI registry: metadata of every KPI and lookup by id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = ["KPI", "REGISTRY", "register", "get_kpi", "list_kpis", "UnknownKPIError", "DuplicateKPIError", "BASES",
           "STATS"]

KINDS = ("action", "result", "insight")
CLASSES = ("usage", "business")
UNITS = ("count", "money", "ratio", "days", "hours", "score")
#: how a KPI assigns rows to a period: an event's date in it, the state at its end (snapshot), the state at
#: the report date only (as_of), or the period the rows entered in (cohort: followed until they mature)
BASES = ("event", "snapshot", "as_of", "cohort")
#: how a KPI aggregates: sum (team = Σ reps), ratio (Σnumerator / Σdenominator), median / mean (from rows)
STATS = ("sum", "ratio", "median", "mean")


class DuplicateKPIError(ValueError):
    """A KPI id registered twice (a template named like a built-in KPI, or two registrations)."""


class UnknownKPIError(KeyError):
    """An id that is not in the registry; the message lists the valid ids."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0])


@dataclass(frozen=True)
class KPI:
    """One registered KPI.

    ``stat`` says how the KPI aggregates (:data:`STATS`): ``sum`` (additive: team = Σ reps),
    ``ratio`` (Σnumerator / Σdenominator), ``median`` / ``mean`` (recomputed from rows).
    ``basis`` says how rows are assigned to a period (:data:`BASES`); ``date`` says it in words
    for the reader. ``reaggregable``: a finer frame rolls up to a coarser grain
    (:func:`crmanalysis.kpis.reaggregate`) — sums, ratios and means (Σvalue / count), not medians.
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
    basis: str = "event"
    #: a template KPI's definition in the client's words (``{lang: text}``), or how its template explains it
    definitions: dict[str, str] = field(default_factory=dict)
    explain: Callable[[str], str] | None = None
    explain_label: Callable[[str], str] | None = None
    #: columns of its first table it counts with besides its date (a closing time, a status): one no row
    #: fills makes the KPI "needs table.column", where every row would otherwise count as a "no"
    counts: tuple[str, ...] = ()

    def definition_in(self, lang: str = "en") -> str:
        """The definition a client reads in *lang*: the text ``def.<id>``, or a template's own or explained one."""
        if self.template is None:
            from ..texts import t

            return t(f"def.{self.id}", lang)
        if self.definitions:
            return self.definitions.get(lang) or self.definitions.get("en") or next(iter(self.definitions.values()))
        return self.explain(lang) if self.explain else self.definition

    @property
    def reaggregable(self) -> bool:
        """True when team/region values can be computed from rep values (sums, ratios, means)."""
        return self.stat != "median"

    def label(self, lang: str = "en") -> str:
        """Label in *lang*.

        A template's own label in *lang*, else its template's words in *lang* (``explain_label``),
        else its own label in another language; a catalogue KPI's text ``kpi.<id>``.
        """
        if lang in self.labels:
            return self.labels[lang]
        if self.explain_label is not None:
            return self.explain_label(lang)
        if self.labels:
            return self.labels.get("en") or next(iter(self.labels.values()))
        from ..texts import t

        return t(f"kpi.{self.id}", lang)

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
             definition: str, basis: str, stat: str = "sum", options: dict[str, Any] | None = None,
             template: str | None = None, registry: dict[str, KPI] | None = None,
             definitions: dict[str, str] | None = None, explain: Callable[[str], str] | None = None,
             explain_label: Callable[[str], str] | None = None, counts: tuple[str, ...] = ()):
    """Register a KPI function (usable as a decorator or called with *fn*).

    Raises ValueError for metadata outside :data:`KINDS`, :data:`CLASSES`, :data:`UNITS`,
    :data:`BASES`, :data:`STATS` or an option the function does not take, and
    :class:`DuplicateKPIError` for an id already in the registry.
    """
    bad = {k: v for k, v, ok in (("kind", kind, KINDS), ("class", klass, CLASSES), ("unit", unit, UNITS),
                                 ("direction", direction, ("higher", "lower")), ("basis", basis, BASES),
                                 ("stat", stat, STATS)) if v not in ok}
    if bad:
        raise ValueError(f"KPI {kpi_id}: bad metadata " + ", ".join(f"{k}={v!r}" for k, v in bad.items()))
    lab = dict(labels or {})
    reg = REGISTRY if registry is None else registry

    def deco(f: Callable) -> Callable:
        if kpi_id in reg:
            raise DuplicateKPIError(f"KPI {kpi_id!r} is already registered; KPI ids are unique")
        spec = KPI(kpi_id, f, lab, kind, klass, unit, direction, tuple(tables), date, definition, stat,
                   dict(options or {}), template, basis, dict(definitions or {}), explain, explain_label,
                   tuple(counts))
        unknown = sorted(set(spec.options) - set(option_names(f, spec.options)))
        if unknown:
            raise ValueError(f"KPI {kpi_id}: option {unknown[0]!r} is not a parameter of {f.__name__}; "
                             f"its options: {', '.join(option_names(f)) or 'none'}")
        reg[kpi_id] = spec
        return f

    return deco(fn) if fn is not None else deco


def option_names(fn: Callable, defaults: dict[str, Any] | None = None) -> list[str]:
    """The options a KPI function takes: its keyword parameters besides the context (``ctx``).

    A function that passes ``**options`` on (a filtered template) takes those its *defaults* name.
    """
    import inspect

    params = list(inspect.signature(fn).parameters.values())
    names = [p.name for p in params if p.name not in ("ctx", "_t") and not p.name.startswith("_")
             and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    if any(p.kind == p.VAR_KEYWORD for p in params):
        names += [k for k in (defaults or {}) if k not in names]
    return names


def get_kpi(kpi_id: str, registry: dict[str, KPI] | None = None) -> KPI:
    """The KPI with *kpi_id*; raises :class:`UnknownKPIError` listing the valid ids."""
    reg = REGISTRY if registry is None else registry
    try:
        return reg[kpi_id]
    except KeyError:
        raise UnknownKPIError(f"unknown KPI {kpi_id!r}; valid ids: {', '.join(sorted(reg))}") from None


def list_kpis(lang: str = "en", registry: dict[str, KPI] | None = None) -> pd.DataFrame:
    """The catalogue as a frame.

    Columns: id, label, kind, class, unit, direction, aggregation, basis, tables, date, definition.
    """
    reg = REGISTRY if registry is None else registry
    rows = [{"id": k.id, "label": k.label(lang), "kind": k.kind, "class": k.klass, "unit": k.unit,
             "direction": k.direction, "aggregation": k.stat, "basis": k.basis, "tables": ", ".join(k.tables),
             "date": k.date, "definition": k.definition} for k in reg.values()]
    return pd.DataFrame(rows)
