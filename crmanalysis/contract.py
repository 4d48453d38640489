"""The notebook → batch contract: every result a notebook records, its shape, and who reads it.

Each result is declared once, in :data:`CONTRACT`: the notebook that records it, its shape (a table
whose rows have the fields of a frozen dataclass, one record with exactly those fields, sentences,
ids, a single value, or a mapping of these) and its readers (the report, the Excel file, the batch
and its index, the month's history). :func:`check` holds what a notebook records to that shape; a
notebook's ``finish()`` calls it, so a field renamed in a notebook fails the notebook (and its
test), not a report that shows a blank.

A section the data cannot support is recorded as a :class:`Gap` — the section's text key, what it
needs, why, as data — and put into words by :func:`gap_text` in whatever language shows it: the
report in the client's language, the portfolio index in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["Rows", "One", "Texts", "Ids", "Value", "ByKey", "Result", "CONTRACT", "ContractError", "Gap",
           "check", "notebook_of", "expected_results", "sheets", "gap_text", "section_name", "AUTOMATIC"]


# ----------------------------------------------------------------------------------------- shapes
@dataclass(frozen=True)
class Rows:
    """A table (a DataFrame, recorded as rows): every row has at least the fields of *row*."""

    row: type | None = None         # None: any columns (the tables a notebook showed, as shown)

    def problems(self, value: Any) -> list[str]:
        """What is wrong with *value* as such a table ([] when nothing)."""
        cols = _columns(value)
        if cols is None and not (isinstance(value, list | tuple) and not value):
            return [f"is a {type(value).__name__}, not a table"]
        if self.row is None or len(value) == 0:
            return []                   # a section that showed nothing records an empty table: no row to read
        # a column only some exports can give (a call log has no closings) may be absent
        missing = [f.name for f in fields(self.row) if f.name not in cols and not f.metadata.get("optional")]
        return [f"has no column {', '.join(missing)} (declared by {self.row.__name__})"] if missing else []


@dataclass(frozen=True)
class One:
    """One record with exactly the fields of *record* (``None`` too when *optional*)."""

    record: type
    optional: bool = False

    def problems(self, value: Any) -> list[str]:
        """What is wrong with *value* as this shape ([] when nothing)."""
        if value is None and self.optional:
            return []
        if not isinstance(value, dict):
            return [f"is a {type(value).__name__}, not a {self.record.__name__} record"]
        want = {f.name for f in fields(self.record)}
        out = []
        if want - set(value):
            out.append(f"lacks {', '.join(sorted(want - set(value)))} (declared by {self.record.__name__})")
        if set(value) - want:
            out.append(f"has {', '.join(sorted(map(str, set(value) - want)))}, which {self.record.__name__} "
                       "does not declare")
        for f in fields(self.record):            # nested tables and records (a file list, the totals)
            nested = Rows(f.metadata["rows"]) if "rows" in f.metadata else (
                One(f.metadata["record"]) if "record" in f.metadata else None)
            if nested is not None and f.name in value:
                out += [f"{f.name} {p}" for p in nested.problems(value[f.name])]
        return out


@dataclass(frozen=True)
class Texts:
    """Sentences: plain text or notes (a :class:`~crmanalysis.i18n.Note`, rendered when shown)."""

    def problems(self, value: Any) -> list[str]:
        """What is wrong with *value* as this shape ([] when nothing)."""
        if not isinstance(value, list | tuple):
            return [f"is a {type(value).__name__}, not a list of sentences"]
        bad = [v for v in value if not (isinstance(v, str) or _is_note(v))]
        return [f"holds {type(bad[0]).__name__} values, not sentences"] if bad else []


@dataclass(frozen=True)
class Ids:
    """Identifiers (of reps, agents, segments)."""

    def problems(self, value: Any) -> list[str]:
        """What is wrong with *value* as this shape ([] when nothing)."""
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return ["is not a list of identifiers (text)"]
        return []


@dataclass(frozen=True)
class Value:
    """A single value of type *kind*."""

    kind: type

    def problems(self, value: Any) -> list[str]:
        """What is wrong with *value* as this shape ([] when nothing)."""
        ok = isinstance(value, self.kind) and not (self.kind is int and isinstance(value, bool))
        return [] if ok else [f"is a {type(value).__name__}, not a {self.kind.__name__}"]


@dataclass(frozen=True)
class ByKey:
    """A mapping of names to values of one shape (KPI id → its label and definition; view → table)."""

    of: Any

    def problems(self, value: Any) -> list[str]:
        """What is wrong with *value* as this shape ([] when nothing)."""
        if not isinstance(value, dict):
            return [f"is a {type(value).__name__}, not a mapping"]
        return [f"[{k!r}] {p}" for k, v in value.items() for p in self.of.problems(v)]


def _columns(value: Any) -> set[str] | None:
    if hasattr(value, "columns"):
        return set(map(str, value.columns))
    if isinstance(value, list | tuple) and value and all(isinstance(r, dict) for r in value):
        return set.intersection(*(set(r) for r in value))
    return None


def _is_note(v: Any) -> bool:
    return hasattr(v, "as_json") or (isinstance(v, dict) and set(v) == {"key", "params"})


# ------------------------------------------------------------------------------- records and rows
@dataclass(frozen=True)
class Summary:
    """Notebook 01: the client, the report month and the data's span, the row accounting."""

    client: str
    name: str
    month: str
    lang: str
    currency: str
    data_start: Any
    compared_from: Any      # the first month that is not a lead-in of stray records (the first to compare with)
    data_end: Any
    as_of: Any
    tables: list
    quiet_until: Any        # the last complete month before the export was taken, when its activity had stopped
    exported: Any           # when the export was taken (its latest record modification), None when unknown
    lead_in: Any            # the dated events before compared_from (None without a lead-in)
    lead_in_kinds: Any      # the same per date column, most first ([["first_response_at", 175], …]), or None
    words: str              # the client's own words for the texts ("calls" of a call log), "" for the catalogue's
    rows_read: int
    rows_kept: int
    rows_rejected: int
    rows_excluded: int


@dataclass(frozen=True)
class QualityFile:
    """One export file: rows read, kept, rejected and excluded."""

    table: str
    file: str
    rows_read: int
    rows_kept: int
    rows_rejected: int
    rows_excluded: int


@dataclass(frozen=True)
class QualityIssue:
    """One data-quality finding, in the export's own column name."""

    severity: str
    table: str
    file: str
    column: str
    canonical: str
    header: str
    count: int
    text: str
    fix: str


@dataclass(frozen=True)
class Totals:
    """Rows in = kept + rejected + excluded, over all files."""

    rows_read: int
    rows_kept: int
    rows_rejected: int
    rows_excluded: int


@dataclass(frozen=True)
class Quality:
    """Notebook 01: the data-quality report."""

    totals: dict = field(metadata={"record": Totals})
    files: list = field(metadata={"rows": QualityFile})
    issues: list = field(metadata={"rows": QualityIssue})
    errors: int
    warnings: int


@dataclass(frozen=True)
class HeadlineRow:
    """A first number: the KPI of a month or a state, with its note."""

    kind: str
    kpi: str
    period: str
    value: float
    unit: str
    note: str


@dataclass(frozen=True)
class KpiAtLevel:
    """A KPI of one period grain for one entity of a level (the company, a team, a rep …)."""

    kpi: str
    unit: str
    period: str
    level: str
    entity: str
    entity_name: str


@dataclass(frozen=True)
class BaselineRow(KpiAtLevel):
    """A baseline: a KPI's median month per level and entity (a stock's last month, a rate over all), and its spread."""

    baseline: float
    median: float
    q1: float
    q3: float
    n_periods: int
    flag: str


@dataclass(frozen=True)
class TargetRow(KpiAtLevel):
    """A target slightly above its baseline."""

    baseline: float
    target: float
    flag: str


@dataclass(frozen=True)
class ScoreRow(KpiAtLevel):
    """The month's actual against its target (kept in the history)."""

    target: float
    actual: float
    score: float
    status: str


@dataclass(frozen=True)
class Card:
    """A KPI card of page 1: the value and its named comparisons."""

    kpi: str
    month: str
    value: float
    unit: str
    direction: str
    previous: float
    last_year: float
    target: float
    score: float
    status: str
    n: Any
    n_previous: Any     # the events the month before's rate is a share of (a month of 1 case is no comparison)
    n_last_year: Any
    usual: float        # the median month of the year before, or of the baseline months of a suggested target:
    #                     tells an unusual month before from a usual one
    usual_from: str     # the first and last month (YYYY-MM) of the months the usual month is the median of
    usual_to: str
    unpriced: Any       # of new revenue: the month's won deals it has no amount of (a currency without a rate), or None
    driver: Any         # the segment that made most of the change on the month before (a note), or None; of the
    #                     average deal size, the won deals at 0 it leaves out (a note), where there are any
    later: str          # an insight KPI the month's targets leave out: the plan's month it joins them (YYYY-MM),
    #                     "plan" without a plan (it joins some months into one); "never" for what comes in; else ""


@dataclass(frozen=True)
class CompanyScore:
    """The company's score of a KPI in the month."""

    kpi: str
    label: str
    unit: str
    actual: float
    target: float
    score: float
    status: str


@dataclass(frozen=True)
class ScorecardRow:
    """A KPI of a segment against the same months a year before."""

    kpi: str
    level: str
    entity: str
    entity_name: str
    actual: float
    reference: float
    variance_pct: float
    change: float           # a rate's variance in points, any other KPI's variance_pct
    status: str


@dataclass(frozen=True)
class DrillStep:
    """One step of the drill-down to a shortfall."""

    step: int
    level: str
    segment: str
    actual: float
    expected: float
    share_of_gap: float
    segment_change_pct: float


@dataclass(frozen=True)
class ActionRow:
    """What a revenue target asks of a team or rep: deals, decisions, conversations."""

    entity_name: str
    revenue_target: float
    deals_needed: float
    deals_won: float
    decided_needed: float
    decided: float
    conversations_needed: float
    conversations: float


@dataclass(frozen=True)
class EfficiencyRow:
    """A rep's conversations and what came of them."""

    name: str
    team: str
    conversations: float
    deals_won: float
    won_revenue: float
    revenue_per_conversation: float
    conversations_per_won_deal: float
    note: Any


@dataclass(frozen=True)
class QuadrantRow:
    """A rep's place among activity and result."""

    owner_id: str
    entity_name: str
    quadrant: str
    activity: float
    result: float
    stability: float
    note: Any


@dataclass(frozen=True)
class LagRow:
    """Activity against result k months later."""

    lag: int
    r: float
    ci_low: float
    ci_high: float
    n: int
    reading: Any


@dataclass(frozen=True)
class AgentRow:
    """A service agent's month, and the flag a lagging one gets."""

    agent_id: str
    entity_name: str
    cases_closed: float = field(metadata={"optional": True})             # not of a call log: no closings
    cases_opened: float
    csat_mean: float
    # a survey of two or three answers only: the share of its top answer (its mean is then empty)
    csat_satisfied_share: float = field(metadata={"optional": True})
    same_day_closure_rate: float = field(metadata={"optional": True})    # not of a call log
    resolved_share: float = field(metadata={"optional": True})           # a call log's only: its status says
    flag: str


@dataclass(frozen=True)
class BeforeAfterRow:
    """A KPI in the months before and after the go-live."""

    kpi: str
    before: float
    after: float
    change: float
    ci_low: float
    ci_high: float
    reading: str
    note: Any


@dataclass(frozen=True)
class RoiCurvePoint:
    """A month of the CRM's cost and the gain attributed to it."""

    month: str
    cost: float
    gain: float
    cum_cost: float
    cum_gain: float
    roi_pct: float


@dataclass(frozen=True)
class Roi:
    """The ROI verdict and the figures behind it (``ROIResult.summary()``)."""

    metric: str
    horizon_months: int
    gain: float
    gain_low: float
    gain_high: float
    naive_gain: float
    attribution_share: float
    cost_total: float
    roi_pct: float
    roi_low: float
    roi_high: float
    payback_months: float
    break_even: Any
    demonstrable: bool
    placebo_share: float
    placebos: int
    verdict: str
    verdict_kind: str
    why: Any


@dataclass(frozen=True)
class KpiMeta:
    """What the report says of a KPI it shows."""

    label: str
    definition: str
    kind: str
    unit: str
    direction: str


@dataclass(frozen=True)
class Gap:
    """A section the client's data could not support, as data (put into words by :func:`gap_text`).

    *kind* ``not_shown``: the section shows one sentence instead (*needs*: tables, columns or notes;
    *detail*: why). *kind* ``rows_left_out``: the section shows, without the rows *detail* names.
    """

    section: str
    kind: str
    needs: list
    detail: Any
    title: str = field(default="", metadata={"optional": True})     # the text key whose heading names it


@dataclass(frozen=True)
class Absent:
    """A section left out because the client has nothing of what it needs (said once, at the end)."""

    section: str
    needs: list
    title: str = field(default="", metadata={"optional": True})     # the text key whose heading names it


# ------------------------------------------------------------------------------------ the contract
@dataclass(frozen=True)
class Result:
    """One result a notebook records: its shape, who reads it, how it is shown and its Excel sheet."""

    notebook: str
    name: str
    shape: Any
    readers: tuple[str, ...] = ()
    view: str | None = None         # a key of crmanalysis.views.VIEWS
    sheet: str | None = None        # text key of the sheet's title; None: not a sheet


#: results every notebook's finish() records itself, from what its sections showed and left out
AUTOMATIC = {
    "gaps": (Rows(Gap), ("report", "index")),
    "absent": (Rows(Absent), ("report",)),
    "shown": (Value(int), ("report",)),
    "tables": (ByKey(Rows()), ("excel",)),
    "kpis_shown": (ByKey(One(KpiMeta)), ("report",)),
}
_NOTEBOOKS = ("01_baseline", "02_targets", "03_activity_vs_progress", "04_roi")

_OWN: tuple[Result, ...] = (
    Result("01_baseline", "summary", One(Summary), ("report", "batch")),
    Result("01_baseline", "quality", One(Quality), ("report", "excel")),
    Result("01_baseline", "headline", Rows(HeadlineRow), ("report", "history"), "headline", "sheet.headline"),
    Result("01_baseline", "checks", Texts(), ("report", "index")),
    Result("01_baseline", "baseline", Rows(BaselineRow), ("excel",), "baseline", "sheet.baseline"),
    Result("02_targets", "targets", Rows(TargetRow), ("excel",), "targets", "sheet.targets"),
    Result("02_targets", "scores", Rows(ScoreRow), ("history",)),
    Result("02_targets", "plan_news", Texts(), ("report",)),
    Result("02_targets", "targets_from", Value(str), ("report",)),
    Result("02_targets", "drill_sentence", Value(str), ("report",)),
    Result("02_targets", "segment_findings", Texts(), ("report",)),
    Result("02_targets", "open_work", Texts(), ("report",)),
    Result("02_targets", "cards", Rows(Card), ("report", "index"), "page_cards", "sheet.page_cards"),
    Result("02_targets", "actions", Rows(ActionRow), ("excel",), "actions", "sheet.actions"),
    Result("02_targets", "company_scores", Rows(CompanyScore), ("report", "excel"), "company_scores",
           "sheet.scores"),
    Result("02_targets", "scorecard", Rows(ScorecardRow), ("excel",), "scorecard", "sheet.scorecard"),
    Result("02_targets", "drill_path", Rows(DrillStep), ("excel",), "drill", "sheet.drill"),
    Result("02_targets", "red_segments", Ids()),
    Result("02_targets", "profile_warnings", Texts()),
    Result("03_activity_vs_progress", "efficiency", Rows(EfficiencyRow), ("excel",), "efficiency",
           "sheet.efficiency"),
    Result("03_activity_vs_progress", "quadrants", Rows(QuadrantRow), ("report", "excel"), "quadrants",
           "sheet.quadrants"),
    Result("03_activity_vs_progress", "busy_without_progress", Ids(), ("report",)),
    Result("03_activity_vs_progress", "busy_finding", Texts(), ("report",)),
    Result("03_activity_vs_progress", "lags", Rows(LagRow), ("excel",), "lags", "sheet.lags"),
    Result("03_activity_vs_progress", "agents", Rows(AgentRow), ("report", "excel"), "agents", "sheet.agents"),
    Result("03_activity_vs_progress", "flagged_agents", Ids(), ("report",)),
    Result("03_activity_vs_progress", "agents_period", Texts(), ("report",)),
    Result("04_roi", "before_after", Rows(BeforeAfterRow), ("excel",), "before_after", "sheet.before_after"),
    Result("04_roi", "roi", One(Roi, optional=True), ("report", "index")),
    Result("04_roi", "roi_curve", Rows(RoiCurvePoint), ("excel",), "roi_curve", "sheet.roi"),
)

CONTRACT: tuple[Result, ...] = _OWN + tuple(Result(nb, name, shape, readers) for nb in _NOTEBOOKS
                                             for name, (shape, readers) in AUTOMATIC.items())


class ContractError(ValueError):
    """What a notebook recorded does not have the declared shape (or is not declared at all)."""


def expected_results(notebook: str) -> list[str]:
    """The results *notebook* promises to record."""
    return [r.name for r in CONTRACT if r.notebook == notebook]


def sheets() -> list[Result]:
    """The results that become Excel sheets, in workbook order."""
    return [r for r in CONTRACT if r.sheet]


def notebook_of(names: set[str]) -> str:
    """The notebook whose contract names most of *names* (a notebook's finish() does not name itself)."""
    return max(_NOTEBOOKS, key=lambda nb: (len(names & set(expected_results(nb))), -len(expected_results(nb))))


def check(notebook: str, results: dict[str, Any]) -> None:
    """Raise :class:`ContractError` naming every result of *notebook* that is missing, undeclared or misshapen."""
    declared = {r.name: r for r in CONTRACT if r.notebook == notebook}
    problems = [f"{name!r} is not declared for {notebook} in crmanalysis.contract.CONTRACT"
                for name in results if name not in declared]
    problems += [f"{name!r} is not recorded" for name in declared if name not in results]
    problems += [f"{name!r} {p}" for name, v in results.items() if name in declared
                 for p in declared[name].shape.problems(v)]
    if problems:
        raise ContractError(f"{notebook} does not record what its readers expect: " + "; ".join(problems))


def gap_text(gap: dict[str, Any], lang: str, *, short: bool = False, many: bool = False) -> str:
    """A recorded :class:`Gap` in words in *lang*: "Section: why" ("why" alone without a section).

    *short* and *many* as :func:`crmanalysis.i18n.needs_sentence`'s: the bare "needs …" ("need …" after
    several sections) where a heading already says that the section is not shown.
    """
    from .i18n import NEEDS, needs_sentence, not_computable, render

    if gap.get("kind") == "rows_left_out":
        why = render(gap["detail"], lang)
    else:                                        # its needs and detail are a needs note's parts
        params = {"needs": gap.get("needs") or [], "detail": gap.get("detail") or ""}
        why = needs_sentence(not_computable({"key": NEEDS, "params": params}), lang, short=short, many=many)
    return f"{section_name(gap, lang)}: {why}" if gap.get("section") else why


def section_name(rec: dict[str, Any], lang: str) -> str:
    """A recorded section's name as the document heads it ("The verdict"), else its short label ("ROI verdict").

    A gap or absent section records the text key of its explanation (*title*), whose first line is the
    heading the reader sees over the section; the closing box names the section the same way.
    """
    from .texts import has, heading, t

    key = rec.get("title") or ""
    first = heading(t(key, lang)) if key and has(key) else ""
    return first.lstrip("#").strip() or t(rec["section"], lang)
