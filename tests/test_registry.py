"""One KPI registry per client, typed KPI metadata, and the catalogue against DESIGN §4.

The client's template KPIs (config ``kpi_templates``) must work wherever a built-in KPI works:
compute, baseline, scorecard, profiles, re-aggregation, chart titles. Expected values are read
off the hand-made client in tests/kpi_fixture.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from kpi_fixture import mini

from crmanalysis import kpis as K
from crmanalysis.analyses import baseline as B
from crmanalysis.analyses import scorecard as S
from crmanalysis.analyses import targets as T
from crmanalysis.analyses.window import Window
from crmanalysis.config import ConfigError
from crmanalysis.data import ClientData
from crmanalysis.kpis.registry import DuplicateKPIError, register

DESIGN = Path(__file__).resolve().parents[2] / "shared" / "DESIGN.md"
RETAIL = {"rev_retail": {"template": "filtered", "kpi": "new_revenue", "where": {"industry": "Retail"},
                         "label": {"en": "Retail revenue", "nl": "Omzet retail"}},
          "rev_per_conv": {"template": "ratio", "numerator": "new_revenue", "denominator": "sales_conversations"}}


def _client(templates=RETAIL, profiles=None) -> ClientData:
    data = mini()
    cfg = replace(data.config, kpi_templates=templates, profiles=profiles or {})
    return ClientData(cfg, dict(data.tables))


def test_a_template_kpi_has_a_baseline():
    d = _client()
    # Retail accounts C1, C2 won O1 1000 (Jan, C1) and O3 3000 (Feb, C1): Jan and Feb are the two complete
    # months before March 1st, so the company median is (1000 + 3000) / 2 = 2000
    base = B.baseline(d, specs=[B.BaselineSpec("rev_retail", "M", ((),), 2)], baseline_date="2024-03-01",
                      min_periods=1)
    row = base[base["level"] == "company"].iloc[0]
    assert row["median"] == 2000 and row["label"] == "Retail revenue" and row["n_periods"] == 2
    assert B.chart_title(row, "nl", d) == "Omzet retail per maand"


def test_a_template_kpi_in_a_scorecard_and_a_profile():
    d = _client(profiles={"sales_rep": {"kpis": {"rev_retail": {}, "new_revenue": {}}}})
    # March: O8 2000 (C2, Retail); the month before: O3 3000
    sc = S.scorecard(d, ["rev_retail"], window=Window.until("2024-03-31", months=1), levels=("team",),
                     reference="previous", include_combination=False)
    company = sc[sc["level"] == "company"].iloc[0]
    assert (company["actual"], company["reference"]) == (2000, 3000)
    assert T.profile_warnings(d) == []                               # the template exists for this client
    assert [str(n) for n in T.check_profiles(d.config.profiles)] != []   # but not in the bare catalogue
    assert "rev_retail" in [s.kpi for s in B.specs_for(d.config.profiles, data=d)]


def test_a_template_ratio_reaggregates_with_the_clients_registry():
    d = _client()
    by_rep = K.compute(d, ["rev_per_conv"], by=["owner_id"], start="2024-01-01", end="2024-03-31", as_of="2024-03-31")
    whole = K.compute(d, ["rev_per_conv"], start="2024-01-01", end="2024-03-31", as_of="2024-03-31")
    rolled = K.reaggregate(by_rep, [], K.registry_for(d))
    assert rolled["value"].tolist() == pytest.approx(whole["value"].tolist())   # Σrevenue / Σconversations
    with pytest.raises(K.UnknownKPIError, match="rev_per_conv"):
        K.reaggregate(by_rep, [])                                    # the catalogue alone does not know it


def test_a_template_without_a_label_is_named_in_the_report_language():
    # found on the real Salesforce export with a German report: a ratio template without a label was
    # called "Revenue per conversation" (its id in English) among German words
    reg = K.registry_for(_client({
        "a": {"template": "ratio", "numerator": "new_revenue", "denominator": "sales_conversations"},
        "b": {"template": "filtered", "kpi": "deals_won", "where": {"industry": "Retail"}},
        "c": {"template": "ratio", "numerator": "new_revenue", "denominator": "deals_won", "label": "Omzet/deal"},
        "d": {"template": "ratio", "numerator": "new_revenue", "denominator": "deals_won",
              "label": {"nl": "Omzet per deal"}}}))
    # texts kpi.new_revenue / kpi.sales_conversations in Dutch: "Nieuwe omzet", "Verkoopgesprekken"
    assert reg["a"].label("nl") == "Nieuwe omzet / verkoopgesprekken"
    assert reg["a"].label("de") == "Neuer Umsatz / Verkaufsgespräche"        # German nouns keep their capital
    assert reg["b"].label("nl") == "Gewonnen deals (branche = Retail)"
    assert [reg["c"].label(lg) for lg in ("en", "da")] == ["Omzet/deal", "Omzet/deal"]   # the consultant's word
    assert reg["d"].label("nl") == "Omzet per deal" and reg["d"].label("en") == "New revenue / deals won"


def test_the_registry_is_built_once_per_client():
    d = _client()
    assert K.registry_for(d) is K.registry_for(d)
    assert "rev_retail" in K.registry_for(d) and "rev_retail" not in K.REGISTRY


def test_a_template_cannot_replace_a_built_in_kpi():
    d = _client({"win_rate": {"template": "ratio", "numerator": "deals_won", "denominator": "new_leads"}})
    with pytest.raises(ConfigError, match=r'key "kpi_templates.win_rate": .* is a built-in KPI'):
        K.compute(d, ["win_rate"])


@pytest.mark.parametrize(("spec", "key"), [
    ({"template": "ratio", "numerator": "new_revenue", "denominator": "deals_won", "units": "money"},
     "kpi_templates.x.units"),
    ({"template": "ratio", "numerator": "new_revenue", "denominator": "deals_won", "unit": "euro"},
     "kpi_templates.x.unit"),
    ({"template": "filtered", "kpi": "new_revenue", "where": {"industry": "Retail"}, "direction_better": "up"},
     "kpi_templates.x.direction_better"),
])
def test_a_typo_in_a_template_names_the_key(spec, key):
    with pytest.raises(ConfigError, match=re.escape(f'key "{key}"')):
        K.registry_for(_client({"x": spec}))


def test_a_ratio_template_is_shown_in_the_numerators_unit():
    reg = K.registry_for(_client())
    # revenue per conversation is money per conversation, not a percentage
    assert reg["rev_per_conv"].unit == "money"
    from crmanalysis.i18n import fmt_value

    # 12.5 conversations per won deal is a number, not "1,250.0 %"
    assert fmt_value(12.5, K.get_kpi("conversations_per_won_deal").unit) == "12.5"


def test_an_id_is_registered_once():
    reg = dict(K.REGISTRY)
    with pytest.raises(DuplicateKPIError, match="new_revenue"):
        register("new_revenue", lambda ctx: None, kind="result", klass="business", unit="money",
                 direction="higher", tables=("opportunities",), date="close_date", basis="event",
                 definition="x", registry=reg)


@pytest.mark.parametrize(("meta", "message"), [
    ({"basis": "monthly"}, "basis='monthly'"),
    ({"stat": "average"}, "stat='average'"),
    ({"options": {"window": 3}}, "option 'window' is not a parameter"),
])
def test_metadata_outside_its_vocabulary_is_refused(meta, message):
    def fn(ctx, days=14):
        return None, []

    kw = {"kind": "action", "klass": "business", "unit": "count", "direction": "higher",
          "tables": ("activities",), "date": "as_of", "basis": "as_of", "definition": "x", **meta}
    with pytest.raises(ValueError, match=re.escape(message)):
        register("new_one", fn, registry={}, **kw)


def test_a_median_is_not_rolled_up_from_finer_rows():
    # the median sales cycle of a team is not a function of its reps' medians: reaggregate refuses it,
    # while a mean (Σ days / Σ deals) rolls up
    d = _client()
    by_rep = K.compute(d, ["sales_cycle_days"], by=["owner_id"], start="2024-01-01", end="2024-03-31",
                       as_of="2024-03-31")
    assert not K.get_kpi("sales_cycle_days").reaggregable and K.get_kpi("csat_mean").reaggregable
    with pytest.raises(ValueError, match="sales_cycle_days is a median"):
        K.reaggregate(by_rep, [])


def test_the_analyses_see_which_kpis_are_measured_at_the_report_date():
    # the KPIs measured at the report date, and the cohort conversions (DESIGN §4)
    as_of = {k.id for k in K.REGISTRY.values() if k.basis == "as_of"}
    assert {"meetings_planned_next_n_days", "key_account_coverage", "stale_deals"} <= as_of
    cohort = {k.id for k in K.REGISTRY.values() if k.basis == "cohort"}
    assert {"mql_to_sql", "sql_to_customer", "lead_to_opportunity", "quote_to_customer"} <= cohort


def _design_ids(service_only: bool = False) -> dict[str, str]:
    """KPI id -> kind, read from DESIGN §4's Action / Result / Insight paragraphs."""
    text = DESIGN.read_text(encoding="utf-8")
    section = text[text.index("## 4. KPI catalogue"):text.index("## 5.")]
    out = {}
    for kind, para in re.findall(r"\n(Action|Result|Insight) KPIs[^:]*:(.*?)(?=\n\n)", section, re.S):
        if service_only:
            para = para.split("service KPIs:")[1] if "service KPIs:" in para else ""
        para = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", "", para)            # drop the explanations
        for word in re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*\b", para):
            if "_" in word or word in ("calls", "meetings", "emails", "visits"):
                out[word] = kind.lower()
    return out


@pytest.mark.skipif(not DESIGN.is_file(), reason=f"DESIGN.md not present at {DESIGN}")
def test_the_catalogue_holds_every_kpi_of_design_section_4():
    design = _design_ids()
    assert len(design) > 40                                   # the parse found the paragraphs
    missing = sorted(set(design) - set(K.REGISTRY))
    assert missing == []
    # the kind a paragraph gives its KPIs; the "service KPIs:" list at the end of the insight paragraph is
    # a list by domain, not by kind (CSAT is a result, cases per agent an agent's action: seed 004's kinds)
    service = set(_design_ids(service_only=True))
    kinds = {k: (K.REGISTRY[k].kind, want) for k, want in design.items()
             if k not in service and K.REGISTRY[k].kind != want}
    assert kinds == {}


def test_list_kpis_shows_the_typed_fields():
    cat = K.list_kpis().set_index("id")
    # DESIGN §4: stale deals are counted at the report date, the sales cycle is a median, win rate a ratio
    assert cat.loc["stale_deals", "basis"] == "as_of"
    assert (cat.loc["sales_cycle_days", "aggregation"], cat.loc["win_rate", "aggregation"]) == ("median", "ratio")
