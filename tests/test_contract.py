"""The notebook → batch contract: each result declared once, with its shape, and held to it where it is recorded."""

from __future__ import annotations

import re
from dataclasses import fields
from types import SimpleNamespace

import pandas as pd
import pytest

from crmanalysis import notebook as N
from crmanalysis.contract import CONTRACT, ContractError, One, Rows, check, gap_text, notebook_of

ROI = {"metric": "new_revenue", "horizon_months": 12, "gain": 1.0, "gain_low": 0.5, "gain_high": 2.0,
       "naive_gain": 1.5, "attribution_share": 0.5, "cost_total": 1.0, "roi_pct": 0.0, "roi_low": -0.5,
       "roi_high": 1.0, "payback_months": 12.0, "break_even": None, "demonstrable": True, "placebo_share": 0.0,
       "placebos": 10, "verdict": "…", "verdict_kind": "pays", "why": None}


def _roi_results(roi):
    return {"before_after": [], "roi": roi, "roi_curve": [], "gaps": [], "absent": [], "shown": 1, "tables": {},
            "kpis_shown": {}}


def test_a_record_as_declared_passes_and_every_departure_is_named():
    check("04_roi", _roi_results(ROI))
    check("04_roi", _roi_results(None))                  # no ROI: the verdict box says why, from the gap
    without = {k: v for k, v in ROI.items() if k != "verdict_kind"}
    with pytest.raises(ContractError, match="'roi' lacks verdict_kind"):
        check("04_roi", _roi_results(without))
    with pytest.raises(ContractError, match="'roi' has roi_median, which Roi does not declare"):
        check("04_roi", _roi_results({**ROI, "roi_median": 0.1}))
    renamed = {k if k != "roi_curve" else "roi_by_month": v for k, v in _roi_results(ROI).items()}
    with pytest.raises(ContractError, match="'roi_by_month' is not declared.*'roi_curve' is not recorded"):
        check("04_roi", renamed)


def test_a_table_must_have_its_declared_columns_and_an_empty_one_may_have_none():
    shape = next(r.shape for r in CONTRACT if r.name == "quadrants")
    frame = pd.DataFrame({"owner_id": ["u1"], "entity_name": ["Ann"], "quadrant": ["busy"], "activity": [3.0],
                          "result": [0.1], "stability": [1.0], "note": [""], "extra": [1]})
    assert shape.problems(frame) == []                   # extra columns are the analysis' own business
    assert shape.problems(frame.drop(columns="stability")) == ["has no column stability (declared by QuadrantRow)"]
    assert shape.problems([]) == [] and shape.problems(pd.DataFrame()) == []
    assert shape.problems(frame.drop(columns="stability").iloc[:0]) == []    # no row, nothing to read
    assert shape.problems("Ann") == ["is a str, not a table"]


def test_finish_holds_a_notebook_to_its_contract(monkeypatch):
    recorded = []
    monkeypatch.setattr(N, "record", lambda name, value: recorded.append(name))
    monkeypatch.setattr(N, "kpi_meta", lambda client: {})
    client = SimpleNamespace(gaps=[], absent=[], shown=1, tables={})
    N.finish(client, roi=ROI, before_after=[], roi_curve=[])
    assert set(recorded) == {"roi", "before_after", "roi_curve", "gaps", "absent", "shown", "tables", "kpis_shown"}
    recorded.clear()
    with pytest.raises(ContractError, match="04_roi .*'roi' lacks verdict"):
        N.finish(client, roi={k: v for k, v in ROI.items() if k != "verdict"}, before_after=[], roi_curve=[])
    assert recorded == []                                # nothing half-recorded


def test_each_notebook_is_found_from_the_names_it_records():
    for nb in ("01_baseline", "02_targets", "03_activity_vs_progress", "04_roi"):
        assert notebook_of({r.name for r in CONTRACT if r.notebook == nb}) == nb


def test_every_view_and_sheet_shows_only_declared_fields():
    from crmanalysis.texts import has
    from crmanalysis.views import VIEWS

    for r in CONTRACT:
        if r.view is None:
            continue
        assert r.view in VIEWS and has(r.sheet), r
        declared = {f.name for f in fields(r.shape.row)}
        shown = set(VIEWS[r.view].columns) | ({VIEWS[r.view].note} - {None})
        assert shown - declared == set(), (r.name, shown - declared)


def test_records_declare_their_nested_tables():
    quality = next(r.shape for r in CONTRACT if r.name == "quality")
    assert isinstance(quality, One)
    files = {"table": "deals", "file": "a.csv", "rows_read": 3, "rows_kept": 3, "rows_rejected": 0}
    q = {"totals": {"rows_read": 3, "rows_kept": 3, "rows_rejected": 0}, "files": [files], "issues": [], "errors": 0,
         "warnings": 0}
    assert quality.problems(q) == ["totals lacks rows_excluded (declared by Totals)",
                                   "files has no column rows_excluded (declared by QualityFile)"]
    assert isinstance(Rows(), Rows) and Rows().problems([{"any": 1}]) == []


def test_a_gap_is_data_put_into_words_in_the_language_that_shows_it():
    gap = {"section": "sec.verdict", "kind": "not_shown", "needs": ["opportunities"], "detail": ""}
    assert gap_text(gap, "en") == "ROI verdict: Not shown: this section needs deals."
    assert gap_text(gap, "nl") == "ROI-oordeel: Niet getoond: dit onderdeel vraagt om deals."
    # a gap that records the explanation heading its section is named by that heading, as the document names it
    headed = {**gap, "title": "nb.roi.verdict"}
    assert gap_text(headed, "en") == "The verdict: Not shown: this section needs deals."
    assert gap_text(headed, "nl").startswith("Het oordeel: ")
    # rows left out of a table: KPI ids and levels, named in the reader's language
    client = SimpleNamespace(data=SimpleNamespace(has=lambda *a: True), gaps=[], lang="de", titles={})
    shown = []
    monkey = pytest.MonkeyPatch()
    monkey.setattr(N, "md", shown.append)
    try:
        N.note_missing(client, "sec.baseline", [("win_rate", "team", ("opportunities.stage",)),
                                                ("win_rate", "rep", ("opportunities.stage",))])
    finally:
        monkey.undo()
    (gap,) = client.gaps
    assert gap["kind"] == "rows_left_out" and gap["needs"] == ["opportunities.stage"]
    en = gap_text(gap, "en")
    assert en.startswith("Baseline: Not in this table: Win rate (team), Win rate (rep), which need ")
    assert "Verkäufer" in shown[0] and "Verkäufer" in gap_text(gap, "de") and "(rep)" not in gap_text(gap, "de")


# ------------------------------------------------------------- what the readers read is what is declared
def _logged(v, path, log):
    if isinstance(v, dict) and set(v) == {"key", "params"}:
        return v                                  # a note: rendered as a whole, not read field by field
    if isinstance(v, dict):
        return _Logged(v, path, log)
    if isinstance(v, list):
        return _LoggedList(v, path, log)
    return v


class _Logged(dict):
    """A recorded result that notes each field its reader asks for."""

    def __init__(self, data, path, log):
        super().__init__(data)
        self._path, self._log = path, log

    def _at(self, k, v):
        self._log.add((*self._path, k))
        # under "tables" and "kpis_shown" the keys are views and KPI ids, not fields
        return v if self._path[-1:] in (("tables",),) else _logged(v, (*self._path, k), self._log)

    def __getitem__(self, k):
        return self._at(k, super().__getitem__(k))

    def get(self, k, default=None):
        return self._at(k, super().__getitem__(k)) if k in self else (self._log.add((*self._path, k)) or default)

    def items(self):
        return [(k, self._at(k, v)) for k, v in super().items()]

    def values(self):
        return [v for _, v in self.items()]


class _LoggedList(list):
    def __init__(self, data, path, log):
        super().__init__(data)
        self._path, self._log = path, log

    def __iter__(self):
        return (_logged(v, (*self._path, "[]"), self._log) for v in super().__iter__())

    def __getitem__(self, i):
        v = super().__getitem__(i)
        return _LoggedList(v, self._path, self._log) if isinstance(i, slice) else _logged(v, (*self._path, "[]"),
                                                                                          self._log)


def _declared() -> set[tuple[str, ...]]:
    """Every (notebook, result, field …) path the contract declares."""
    out = set()

    def walk(shape, path):
        out.add(path)
        row = getattr(shape, "row", None) or getattr(shape, "record", None)
        if row is not None:
            sub = (*path, "[]") if hasattr(shape, "row") else path
            out.add(sub)
            for f in fields(row):
                out.add((*sub, f.name))
                if "rows" in f.metadata:
                    walk(Rows(f.metadata["rows"]), (*sub, f.name))
                if "record" in f.metadata:
                    walk(One(f.metadata["record"]), (*sub, f.name))
        if hasattr(shape, "of"):                   # by key: a KPI's record under its id
            walk(shape.of, (*path, "*"))
    for r in CONTRACT:
        out.add((r.notebook,))
        walk(r.shape, (r.notebook, r.name))
    return out


def _undeclared(read: set[tuple[str, ...]], declared: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    def known(p):
        return p in declared or (len(p) > 3 and (*p[:2], "*", *p[3:]) in declared) or (
            len(p) >= 3 and p[1] == "tables")
    return {p for p in read if not known(p)}


def fields_read(runs, tmp_path) -> set[tuple[str, ...]]:
    """Run the report, the Excel file, the index lines and the history over *runs*' recorded results,
    noting every field they read (as (notebook, result, field …) paths)."""
    import json
    from pathlib import Path

    from crmanalysis import batch as B
    from crmanalysis.config import load_config
    from crmanalysis.history import rows_from_results
    from crmanalysis.notebook import read_results

    read: set[tuple[str, ...]] = set()
    for i, run in enumerate(runs):
        folder = Path(run.folder)
        results = _logged({p.stem: read_results(p) for p in sorted(folder.glob("0*.ipynb"))}, (), read)
        info = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        again = B.ClientRun(client_id=run.client_id, config=run.config, status="ok", month=run.month,
                            lang=info.get("lang") or run.lang)
        B._missing_results(results, B.NOTEBOOKS)
        B.index_lines(results, B.NOTEBOOKS)
        (tmp_path / f"{i}").mkdir()
        B._write_documents(tmp_path / f"{i}", again, results, load_config(run.config))
        rows_from_results(run.month, results, [])
    return read


def test_what_the_report_excel_index_and_history_read_of_real_clients_is_declared(realdata_batch, tmp_path):
    """A field the readers read that no notebook must record would be a blank in every report."""
    picked = [r for r in realdata_batch[1].values() if r.status == "ok"]
    assert len(picked) >= 10
    read = fields_read(picked, tmp_path)
    assert {("01_baseline", "summary", "data_start"), ("02_targets", "cards", "[]", "status")} <= read, \
        "the log no longer sees the reads: update it with the code"
    assert _undeclared(read, _declared()) == set()


def test_the_closing_box_reads_what_the_client_lacks_as_data():
    from crmanalysis.report import _limits, _roi_verdict

    results = {"03_activity_vs_progress": {
                   "absent": [{"section": "sec.efficiency", "needs": ["activities"]},
                              {"section": "sec.quadrants", "needs": ["activities"]}],
                   "gaps": [{"section": "sec.efficiency", "kind": "not_shown", "needs": ["activities"], "detail": ""},
                            {"section": "sec.lags", "kind": "not_shown", "needs": [],
                             "detail": {"key": "nc.short_history", "params": {"kpis": {"kpis": ["win_rate"]}}}}]},
               "04_roi": {"absent": [{"section": "sec.verdict", "needs": ["limits.go_live"]}], "gaps": []}}
    box = _limits(results, "nl")
    # the two sections without activities once, grouped; the one its own data could not support with its reason
    assert "Met activiteiten" in box and box.count("Efficiëntie") == 1
    assert "Met de datum waarop het CRM live ging" in box
    assert box.count("<li>") == 3
    assert _roi_verdict(results, "de", "EUR")[1].startswith("Noch nicht gemessen")


def test_a_help_desks_closing_box_says_its_short_history_and_leaves_the_sales_sections_in_one_line():
    from crmanalysis.report import _limits

    short = {"key": "nc.short_history", "params": {"kpis": {"kpis": ["cases_closed"]}}}
    sales = ["opportunities", "leads", "activities"]
    results = {
        "01_baseline": {"summary": {"tables": ["cases"]},
                        "absent": [{"section": "sec.baseline", "needs": [*sales, "cases.agent_id"]}],
                        "gaps": [{"section": "sec.baseline", "kind": "not_shown", "needs": sales, "detail": short}]},
        "02_targets": {"absent": [{"section": "sec.scorecard", "needs": ["opportunities"]},
                                  {"section": "sec.actions", "needs": ["limits.plan"]},
                                  {"section": "sec.plan", "needs": [*sales, "cases.agent_id"]}], "gaps": []},
        "03_activity_vs_progress": {"absent": [{"section": "sec.efficiency", "needs": ["activities"]},
                                               {"section": "sec.service", "needs": ["cases.agent_id"]}], "gaps": []}}
    box = _limits(results, "en")
    items = re.findall(r"<li>(.*?)</li>", box)
    # the baseline: its own history is what is short, not the deals a help desk never had
    # the KPIs last, not brackets after "CSAT (mean)": "… for Cases closed, CSAT (mean) (fewer than 3 …)"
    assert items[0].startswith('"Baseline": fewer than 3 complete periods of data before the report month for '
                               'Cases closed')
    # the plan's progress and the contact centre need the agent; the deals, leads and activities are not named
    assert items[1] == ('With the agent of service cases, this report could also show: "Progress against the '
                        'plan", "Contact centre".')
    # scorecard, the revenue target the reps carry, efficiency: one line for all sales sections, at the end
    assert items[-1] == "The sales sections (deals, leads, activities) are left out: this export holds none of them."
    assert len(items) == 3 and "deals" not in " ".join(items[:-1])


def test_a_lead_file_without_dates_is_asked_first_for_its_creation_date():
    from crmanalysis.report import _limits

    # Odoo's lead export without dates: the baseline needed "deals, the creation date of leads, activities (calls,
    # meetings, visits)", any one of them. The one column of the export it has is the addition to ask for, and
    # its line comes before those that need whole exports (deals, activities) or the client's go-live date
    base = ["opportunities", "leads.created_at", "activities"]
    results = {
        "01_baseline": {"summary": {"tables": ["leads"]},
                        "absent": [{"section": "sec.baseline", "needs": base},
                                   {"section": "sec.trends", "needs": base}],
                        "gaps": []},
        "02_targets": {"absent": [{"section": "sec.scorecard", "needs": ["opportunities"]}], "gaps": []},
        "03_activity_vs_progress": {"absent": [{"section": "sec.efficiency", "needs": ["activities"]},
                                               {"section": "sec.service", "needs": ["cases"]}], "gaps": []},
        "04_roi": {"absent": [{"section": "sec.verdict", "needs": ["limits.go_live"]}], "gaps": []}}
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    # a sales team is not asked for a help desk's cases ("With service cases, this report could also show: The
    # service team" closed Bitrix24's leasing report)
    assert not any("service cases" in x for x in items), items
    # the headings in quotes: "could also show: The baseline table, How the baseline months looked" read as one
    # run of words
    assert items[0] == 'With the creation date of leads, this report could also show: "Baseline", "Trend charts".', \
        items
    assert [x.split(",")[0] for x in items[1:]] == ["With deals", "With activities (calls",
                                                    "With the date the CRM went live"], items


def test_a_client_without_revenue_is_told_the_return_needs_it_as_well_as_the_go_live_date():
    # NYC 311's page 1 said "the return on the CRM needs the date the CRM went live": with that date its report
    # would still have no gain to measure, without won deals or monthly financial figures
    from crmanalysis.analyses.roi import go_live_of
    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData, NotComputable
    from crmanalysis.i18n import needs_note
    from crmanalysis.report import _limits, _roi_verdict

    cases = pd.DataFrame({"case_id": ["a"], "opened_at": [pd.Timestamp("2024-01-02")]})
    desk = ClientData.from_frames(ClientConfig(client_id="desk"), cases=cases)
    with pytest.raises(NotComputable) as exc:
        go_live_of(desk)
    assert [n["key"] for n in needs_note(exc.value).params["needs"]] == ["nc.go_live", "nc.deals_or_financials"]
    roi = {"absent": [{"section": "sec.verdict", "needs": ["limits.go_live", "nc.deals_or_financials"]}], "gaps": []}
    results = {"01_baseline": {"summary": {"tables": ["cases"]}, "absent": [], "gaps": []}, "04_roi": roi}
    assert _roi_verdict(results, "en", "EUR")[1] == (
        "Not measured: the return on the CRM is measured on revenue (won deals or monthly financial figures), and "
        "service cases hold no revenue. It also needs the date the CRM went live.")
    # both are needed: said with "and", not as a list of alternatives
    assert re.findall(r"<li>(.*?)</li>", _limits(results, "en")) == [
        "With the date the CRM went live and won deals or financial figures per month, this report could also "
        'show: "ROI verdict".']
    # a help desk, a subscription book and an ad account are told in their own terms: "the data hold neither"
    # read as untrue of RavenStack's MRR and of an ad account's spend, and "won deals" as foreign to a help desk
    # "a service desk's cases carry none" read as odd: none of what
    for tables, said in ((["cases"], "service cases hold no revenue"),
                         (["contracts", "cases"], "not on the subscriptions' MRR, which also counts revenue won"),
                         (["marketing_spend"], "this report reads the ad platform alone"),
                         (["leads"], "which these data do not hold")):
        results["01_baseline"]["summary"]["tables"] = tables
        assert said in _roi_verdict(results, "en", "EUR")[1], tables
    # none of them has a page-1 box for it: "Not measured" took the room of a finding, and the closing box says
    # what the ROI needs; a sales client that lacks only the date keeps its box, the date being the one thing to ask
    from crmanalysis.report import _roi_box

    assert not _roi_box(results)
    # a sales client lacks the date alone
    roi["absent"][0]["needs"] = ["limits.go_live"]
    assert _roi_box(results)
    assert _roi_verdict(results, "en", "EUR")[1] == "Not measured yet: the return on the CRM needs the date the " \
                                                    "CRM went live."


def test_marketing_spend_is_defined_as_a_budget_not_as_better_when_lower():
    from crmanalysis.report import _definitions

    meta = {"marketing_spend": {"label": "Marketing spend", "definition": "Money spent.", "kind": "insight",
                                "unit": "money", "direction": "lower"},
            "cost_per_click": {"label": "Cost per click", "definition": "Spend / clicks.", "kind": "insight",
                               "unit": "money", "direction": "lower"}}
    html = _definitions(meta, "en")
    assert "amount · a budget: judged by what it buys (clicks, conversions, leads), not by how low it is" in html
    # a cost per click is better when lower, and says so
    assert html.count("better when lower") == 1


def test_an_ad_clients_closing_box_leaves_the_sales_and_service_sections_in_one_line():
    from crmanalysis.report import _limits

    # ad spend alone: "With service cases, this report could also show: The service team, agent by agent" was
    # no help to an advertiser; the go-live date and a plan are still worth asking for
    results = {
        "01_baseline": {"summary": {"tables": ["marketing_spend"]}, "absent": [], "gaps": []},
        "02_targets": {"absent": [{"section": "sec.scorecard", "needs": ["opportunities"]},
                                  {"section": "sec.plan", "needs": ["limits.plan"]}], "gaps": []},
        "03_activity_vs_progress": {"absent": [{"section": "sec.efficiency", "needs": ["activities"]},
                                               {"section": "sec.service", "needs": ["cases"]}], "gaps": []},
        "04_roi": {"absent": [{"section": "sec.verdict", "needs": ["limits.go_live"]}], "gaps": []}}
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert items[-1] == ("The sales and service sections (deals, leads, activities, cases) are left out: "
                         "this export holds none of them.")
    assert len(items) == 3 and not any("service cases" in x for x in items)
    # a help desk keeps the sales-only sentence (its service sections are shown)
    desk = {**results, "01_baseline": {"summary": {"tables": ["cases"]}, "absent": [], "gaps": []},
            "03_activity_vs_progress": {"absent": [{"section": "sec.efficiency", "needs": ["activities"]}],
                                        "gaps": []}}
    assert re.findall(r"<li>(.*?)</li>", _limits(desk, "en"))[-1].startswith("The sales sections (deals")


def test_a_chapter_left_out_whole_is_named_by_its_chapter_not_its_sections():
    from crmanalysis.report import _limits

    # without a go-live date the box listed six ROI headings the reader never saw ("Check on false go-live
    # dates, The verdict, Sensitivity"); a chapter that shows nothing is named once
    roi = ["sec.before_after", "sec.counterfactual", "sec.placebo", "sec.verdict", "sec.break_even", "sec.sensitivity"]
    results = {"01_baseline": {"summary": {"tables": ["opportunities"]}, "absent": [], "gaps": [], "shown": 3},
               "04_roi": {"absent": [{"section": k, "needs": ["limits.go_live"]} for k in roi], "gaps": [], "shown": 0}}
    (item,) = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert item == 'With the date the CRM went live, this report could also show: "The return on the CRM investment".'
    assert "Het rendement van de CRM-investering" in _limits(results, "nl")
    # a help desk's targets chapter is headed "Targets and scores", and the box names it so
    from crmanalysis.report import _absent_chapters

    desk = {"02_targets": {"absent": [{"section": "sec.targets", "needs": ["limits.plan"]},
                                      {"section": "sec.stepup", "needs": ["limits.plan"]}], "shown": 0}}
    assert _absent_chapters(desk, "en", other_kind=True) == {"02_targets": "Targets and scores"}
    assert _absent_chapters(desk, "en") == {"02_targets": "Targets, scores and scorecards"}
    # a chapter that shows one section keeps the names of those it leaves out
    results["04_roi"]["shown"] = 1
    (item,) = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert "The return on the CRM investment" not in item and item.count(", ") == 6     # 1 + 5 between six names


def test_the_closing_box_names_a_section_by_the_heading_the_document_gives_it():
    # the box said "ROI verdict", "Break-even", "Contact centre" where the report heads the sections "The verdict",
    # "Cumulative ROI and break-even", "The service team, agent by agent": a reader could not find them
    from crmanalysis.report import _limits

    gap = {"kind": "not_shown", "needs": ["opportunities.close_date"], "detail": ""}
    results = {"01_baseline": {"summary": {"tables": ["opportunities"]}, "absent": [], "gaps": []},
               "02_targets": {"gaps": [{**gap, "section": "sec.scorecard", "title": "nb.targets.scorecard"},
                                       {**gap, "section": "sec.drill", "title": "nb.targets.drill"}],
                              "absent": [{"section": "sec.drill", "title": "nb.targets.drill", "needs": ["users"]}]},
               "04_roi": {"gaps": [], "absent": [{"section": "sec.verdict", "title": "nb.roi.verdict",
                                                  "needs": ["limits.go_live"]},
                                                 {"section": "sec.break_even", "title": "nb.roi.break_even",
                                                  "needs": ["limits.go_live"]}]}}
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    # a heading in quotes keeps its own question mark before the sentence's full stop
    assert items[0] == ('With the user list (reps and agents), this report could also show: '
                        '"Where does a shortfall come from?".')
    assert items[1].endswith('could also show: "The verdict", "Cumulative ROI and break-even".'), items[1]
    # the drill-down is absent, so only the scorecard's reason is left, named by its heading
    assert items[2] == '"Scorecard by segment": needs the close date of deals.', items[2]
    del results["02_targets"]["absent"]
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert items[-1] == '"Scorecard by segment", "Where does a shortfall come from?": need the close date of deals.'


def test_sections_one_reason_stops_share_one_line_in_the_closing_box():
    # Zoho's sample org: the scorecard and the drill-down both need the won deal's close date; a line each made
    # 8 % of a 3-page report "Not shown" lines
    from crmanalysis.report import _limits

    gap = {"kind": "not_shown", "needs": ["opportunities.close_date"], "detail": ""}
    results = {"01_baseline": {"summary": {"tables": ["opportunities", "leads"]}, "absent": [], "gaps": []},
               "02_targets": {"absent": [], "gaps": [{**gap, "section": "sec.scorecard"},
                                                     {**gap, "section": "sec.drill"},
                                                     {**gap, "section": "sec.scores", "needs": ["users"]}]}}
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert len(items) == 2
    # two sections "need" (not "this section needs"); under the box's heading "Not shown:" says it twice
    assert items[0] == '"Scorecard", "Where a shortfall comes from": need the close date of deals.', items[0]
    assert items[1] == '"Scores per rep": needs the user list (reps and agents).', items[1]
    # a German reader gets the plural too
    de = re.findall(r"<li>(.*?)</li>", _limits(results, "de"))
    assert de[0].endswith(": brauchen Verkaufschancen: Abschlussdatum."), de[0]
    # rows left out of a table that is shown are said under the table, not again in the box (RavenStack's
    # box ended in "Baseline: Not in this table: Cases closed (agent) …", the baseline chapter's own line)
    rows = {"section": "sec.baseline", "kind": "rows_left_out", "needs": ["cases.agent_id"],
            "detail": {"key": "s.left_out", "params": {"what": "Cases closed (agent)"}}}
    results["01_baseline"]["gaps"] = [rows]
    assert re.findall(r"<li>(.*?)</li>", _limits(results, "en")) == items


def test_what_a_section_needs_of_one_table_is_said_once_for_that_table():
    # NYC 311: "With service cases: agent, service cases: opening date, this report could also show: ..."
    from crmanalysis.report import _limits

    results = {"02_targets": {"absent": [{"section": "sec.plan", "needs": ["cases.agent_id", "cases.opened_at"]}],
                              "gaps": []}}
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert items == ['With the agent and opening date of service cases, this report could also show: "Progress '
                     'against the plan".']
    assert "Met medewerker en openingsdatum van servicecases" in _limits(results, "nl")


def test_a_column_only_some_exports_give_may_be_absent_but_no_other():
    # a call log's agents have no closings (cases_closed, same-day closure) and a desk's no resolved share from a
    # status; every agents table has the agent, the calls or cases opened, the CSAT and the flag
    from crmanalysis.contract import AgentRow

    calls = pd.DataFrame({"agent_id": ["A"], "entity_name": ["Ann"], "cases_opened": [3.0], "csat_mean": [4.3],
                          "resolved_share": [0.67], "flag": [""]})
    assert Rows(AgentRow).problems(calls) == []
    assert Rows(AgentRow).problems(calls.drop(columns="cases_opened")) == [
        "has no column cases_opened (declared by AgentRow)"]


def test_a_lead_file_is_not_offered_what_the_revenue_target_asks_and_agreements_share_one_line():
    # Odoo's lead file (471 undated leads) read "With a plan agreed with your consultant, this report could also
    # show: Progress against the plan, What the revenue target asks of the reps": a plan gives a client without
    # deals no revenue target to break down; and the plan and the role profiles took a line each
    from types import SimpleNamespace

    from crmanalysis.config import ClientConfig
    from crmanalysis.data import ClientData, NotComputable
    from crmanalysis.i18n import needs_note
    from crmanalysis.notebook import show_actions
    from crmanalysis.report import _limits

    leads = pd.DataFrame({"lead_id": ["a", "b"], "source": ["web", None]})
    data = ClientData.from_frames(ClientConfig(client_id="odoo"), leads=leads)
    with pytest.raises(NotComputable) as exc:
        show_actions(SimpleNamespace(data=data, plan=None, lang="en"))
    assert needs_note(exc.value).params["needs"] == ["opportunities"]
    results = {"01_baseline": {"summary": {"tables": ["leads"]}, "absent": [], "gaps": []},
               "02_targets": {"absent": [{"section": "sec.plan", "needs": ["limits.plan"]},
                                         {"section": "sec.profiles", "needs": ["limits.profiles"]},
                                         {"section": "sec.actions", "needs": ["opportunities"]}], "gaps": []}}
    items = re.findall(r"<li>(.*?)</li>", _limits(results, "en"))
    assert items == ["With a plan agreed with your consultant and a KPI profile agreed for each role, this report "
                     'could also show: "Progress against the plan", "The few KPIs each role sees".',
                     'With deals, this report could also show: "What the revenue target asks of the reps".'], items
