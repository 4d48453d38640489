"""Notes behind the analyses are shown in the report language, not in English under a translated heading."""

import json
import pickle
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from crmanalysis.analyses.roi import counterfactual
from crmanalysis.analyses.targets import check_profiles
from crmanalysis.i18n import LANGS, Note, render
from crmanalysis.io import load_client
from crmanalysis.notebook import quality_markdown
from crmanalysis.texts import all_texts

NOTE_PREFIXES = ("note.", "model.", "dq.", "sev.")


def test_every_text_has_every_language_and_the_same_placeholders():
    from crmanalysis import texts

    assert len(all_texts()) > 200
    assert texts.check() == []


def test_a_percent_sign_in_a_text_is_spaced_as_the_numbers_beside_it():
    # "green from 100 %" stood above a card's "114%": English and Dutch numbers read 11% (fmt_pct), German and
    # Danish 11 % with a space that does not break; a text writes its own percentages the same way
    from crmanalysis.i18n import fmt_pct

    assert [fmt_pct(0.11, lang) for lang in ("en", "nl", "de", "da")] == ["11%", "11%", "11\u00a0%", "11\u00a0%"]
    wrong = {(key, lang) for key, langs in all_texts().items() for lang, text in langs.items()
             if re.search(r"\d %" if lang in ("de", "da") else r"\d[ \u00a0]%", str(text))}
    assert wrong == set(), sorted(wrong)[:10]
    # and a number filled into a text: the ROI verdict's "{roi} %" read "553 %" beside a card's "114%"
    trend = Note("model.level_trend", trend=20)
    assert "(20% weight" in render(trend, "en") and "(20\u00a0%" in render(trend, "de")


def test_the_texts_kept_between_processes_are_the_texts_parsed(tmp_path, monkeypatch):
    """The parsed texts are kept as JSON for the next process: read back they must equal a parse of the
    YAML, and an edited text file must be parsed again (its duplicate key still an error), not served old."""
    from pathlib import Path

    from crmanalysis import texts as T

    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path))
    parsed = T._parse(sorted(Path(T.__file__).parent.glob("*.yml")))
    try:
        T.all_texts.cache_clear()
        assert T.all_texts() == parsed                    # nothing kept yet: parsed, then kept
        assert len(list((tmp_path / "_texts").glob("*.json"))) == 1
        T.all_texts.cache_clear()
        monkeypatch.setattr(T, "_parse", lambda files: pytest.fail("parsed again although kept"))
        assert T.all_texts() == parsed                    # read back from the kept copy
        monkeypatch.undo()
        monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path))
        monkeypatch.setattr(T, "_HERE", tmp_path / "texts")      # an edited copy of the texts
        (tmp_path / "texts").mkdir()
        for p in Path(T.__file__).parent.glob("*.yml"):
            (tmp_path / "texts" / p.name).write_bytes(p.read_bytes())
        (tmp_path / "texts" / "zz.yml").write_text("kpi.new_revenue: {en: twice}\n", encoding="utf-8")
        T.all_texts.cache_clear()
        with pytest.raises(ValueError, match="zz.yml: text key 'kpi.new_revenue' is defined twice"):
            T.all_texts()
    finally:
        T.all_texts.cache_clear()


def test_an_unknown_text_key_is_an_error_that_names_the_closest_keys():
    import pytest

    from crmanalysis import texts

    with pytest.raises(texts.UnknownTextError, match="did you mean sec.baseline"):
        texts.t("sec.baselin", "nl")
    with pytest.raises(texts.UnknownTextError, match="no 'fr' version"):
        texts.t("sec.baseline", "fr")


def test_every_note_template_has_all_languages_and_the_same_placeholders():
    keys = [k for k in all_texts() if k.startswith(NOTE_PREFIXES)]
    assert len(keys) >= 25
    for k in keys:
        entry = all_texts()[k]
        assert set(entry) == set(LANGS), k
        fields = {lang: sorted(re.findall(r"\{(\w+)\}", entry[lang])) for lang in LANGS}
        assert all(f == fields["en"] for f in fields.values()), (k, fields)


def test_note_is_its_english_text_and_renders_in_other_languages():
    n = Note("note.counterfactual", model=Note("model.level_trend", trend=20), n=30, sd=12345)
    assert n == ("without the CRM: level and seasonal pattern with and without a linear trend, averaged "
                 "(20% weight on the trend), month-to-month correlation included, fitted on 30 months "
                 "before go-live; a month typically lies 12,345 above or below it")
    assert n.in_lang("nl").startswith("referentiescenario: niveau en seizoenspatroon met en zonder lineaire trend")
    assert n.in_lang("nl").endswith("geschat op 30 maanden vóór de livegang; een maand ligt er doorgaans 12.345 "
                                    "boven of onder")
    t = Note("s.placebo", k=1, n=2, z=2.34)
    assert "(2.3)" in t and "(2,3)" in t.in_lang("de")                   # decimal comma in German
    # survives JSON (the ingest cache, recorded results) and pickle (Dask workers)
    assert render(json.loads(json.dumps(n.as_json())), "da").startswith("kontrafaktisk scenarie: niveau")
    assert pickle.loads(pickle.dumps(n)).in_lang("nl") == n.in_lang("nl")
    assert render("plain text", "nl") == "plain text"


def test_counterfactual_notes_follow_the_language():
    idx = pd.date_range("2022-01-01", periods=36, freq="MS")
    rng = np.random.default_rng(0)
    y = pd.Series(1000 + 100 * np.sin(np.arange(36) / 12 * 2 * np.pi) + rng.normal(0, 20, 36), index=idx)
    cf = counterfactual(y, "2024-01-01", n_boot=50)
    last = cf.notes[-1]
    assert last.startswith("without the CRM: level and seasonal pattern with and without a linear trend, averaged")
    assert last.in_lang("de").startswith("Vergleichsszenario: Niveau und Saisonmuster mit und ohne linearen Trend")
    assert "24 months" not in last.in_lang("nl")


def test_profile_warnings_in_dutch():
    w = check_profiles({"rep": {"kpis": {k: 1 for k in ["a", "b", "c", "d", "e", "f"]}}})
    assert w[0].in_lang("nl").startswith("profiel 'rep' (rep) heeft 6 KPI's; houd het bij hoogstens 5")
    assert w[1] == "profile 'rep': unknown KPI 'a'" and w[1].in_lang("da") == "profilen 'rep': ukendt KPI 'a'"


def test_data_quality_findings_in_the_report_language(tmp_path):
    (tmp_path / "o.csv").write_text("opportunity_id,created_at,status,amount,close_date,owner_id\n"
                                    "A,2024-01-05,won,,2024-02-01,U1\nB,2024-01-06,won,50,2024-02-01,U1\n",
                                    encoding="utf-8")
    (tmp_path / "client.yml").write_text(yaml.safe_dump({"client_id": "nl-client", "source": "canonical",
                                                         "files": {"opportunities": "o.csv"}}), encoding="utf-8")
    data, rep = load_client(tmp_path / "client.yml", cache=False)
    md_en = quality_markdown(SimpleNamespace(quality=rep, lang="en"))
    md_nl = quality_markdown(SimpleNamespace(quality=rep, lang="nl"))
    assert "**warning** o.csv amount: 1 row won without an amount: counted among the deals won, with no revenue; " \
           "kept" in md_en
    assert "**waarschuwing** o.csv amount: 1 rij gewonnen zonder bedrag: geteld bij de gewonnen deals, zonder " \
           "omzet; behouden" in md_nl
    # the cached report (JSON) keeps the translation
    load_client(tmp_path / "client.yml", cache=True)
    _, cached = load_client(tmp_path / "client.yml", cache=True)
    assert "gewonnen zonder bedrag" in quality_markdown(SimpleNamespace(quality=cached, lang="nl"))


def test_row_accounting_numbers_in_the_report_locale():
    q = SimpleNamespace(totals=lambda: {"rows_read": 80364, "rows_kept": 80300, "rows_rejected": 64,
                                        "rows_excluded": 0}, errors=[], issues=[])
    assert quality_markdown(SimpleNamespace(quality=q, lang="nl")).startswith(
        "80.364 rijen gelezen = 80.300 behouden + 64 afgewezen + 0 uitgesloten")
    assert quality_markdown(SimpleNamespace(quality=q, lang="en")).startswith("80,364 rows read = 80,300 kept")


def test_a_count_of_one_reads_in_the_singular_in_every_language():
    from crmanalysis.texts import t

    # "1 row(s) have" and "none of the 1 won deals" were how every count of one read
    assert t("dq.unknown_values", "en", n=1, col="stage", values="X") == (
        "1 row has a value for stage that the mapping does not know (X); kept without it")
    assert t("dq.unknown_values", "en", n="1,234", col="stage", values="X").startswith("1,234 rows have a value")
    # a close date after the export's last day is blanked as a plan (Zoho's sample org dates its won deal so)
    # and says which close dates it has: "no close date on or before the export's last day" read as unclear
    assert t("check.won_undated", "en", n=1) == ("the 1 won deal has no close date the report can use, only an "
                                                 "empty one or one after the export's last day: no month can show "
                                                 "its revenue")
    assert t("check.won_undated", "en", n=2).startswith("none of the 2 won deals has a close date the report can use")
    assert t("dq.not_numbers", "de", n=1, example="x").startswith("1 Wert ist keine Zahl")
    assert t("dq.lookup_names", "nl", n=3, table="users", example="x").startswith("3 namen niet gevonden")
    assert t("dq.closed_by_planned_date", "da", n=2).startswith("2 lukkede handler har")
    # a bracket after a space is no plural ending, and a text without {n} is left as it is
    assert t("h.months later (k)", "en") == "months later (k)"


def test_a_note_inside_a_list_parameter_keeps_its_translation_through_json():
    import json

    from crmanalysis.i18n import Note, render

    # the busy reps of page 1: a list of notes, each with a share; recorded as JSON and rendered in Dutch
    rep = Note("finding.busy_rep", name="Ann", conv={"value": 40.0, "unit": "count"},
               rate={"value": 0.175, "unit": "ratio"})
    doc = json.loads(json.dumps(Note("s.flagged", who={"list": [rep]}, min=3).as_json()))
    assert "Ann (40 gesprekken, winratio 17,5%)" in render(doc, "nl")                   # not "17.5%", its English text


def test_a_finding_on_rows_agrees_with_its_count_down_to_its_verb():
    from crmanalysis.i18n import Note, render
    from crmanalysis.texts import t

    # the data-quality line of one row: "1 row(s) close before they were created" read wrong twice
    one = Note("dq.finding", n=1, what=Note("dq.close_before_created", n=1), verb=Note("dq.kept"))
    assert render(one, "en") == "1 row closes before it was created; kept in the report"
    many = Note("dq.finding", n=4, what=Note("dq.close_before_created", n=4), verb=Note("dq.kept"))
    assert render(many, "en") == "4 rows close before they were created; kept in the report"
    # a note kept without its count (an older cache) reads in the plural, never with its brackets
    assert t("dq.close_before_created", "en") == "close before they were created"
    assert t("check.won_no_amount", "de", n=1, month="Mai").startswith("der 1 im Mai gewonnene Deal hat")
    assert t("dq.closed_by_planned_date", "da", n=1).startswith("1 lukket handel har")


def test_the_seasonality_section_explains_its_trend_column_in_every_language():
    # Bitrix24's "trend per period +RUB5,737,500" stood in a month 62 % down on the one before, unexplained
    from crmanalysis.texts import header, t

    for lang in LANGS:
        assert header("trend per period", lang).lower() in t("nb.baseline.season", lang).lower(), lang


def test_the_german_segment_sentence_keeps_its_count_in_the_case_it_is_written_in():
    from crmanalysis.i18n import Note, render

    # "der 4 Segmente mit 30 entschiedene Deals oder mehr": after "mit" German needs the dative, which the count
    # text (nominative, "entschiedene Deals") does not have; in brackets the count stands as it is
    n = Note("finding.segments", kpi={"kpis": ["win_rate"]}, column={"col": "lead_source"}, best="Reseller",
             best_value={"value": 0.264, "unit": "ratio"}, best_n=Note("count.decided_deals", n=1115),
             worst="Fields Sales", worst_value={"value": 0.178, "unit": "ratio"},
             worst_n=Note("count.decided_deals", n=1225), whole={"value": 0.225, "unit": "ratio"}, period="2021",
             segments=Note("count.segments", n=4), least=Note("count.decided_deals", n=30))
    assert "der 4 Segmente (je 30 entschiedene Deals oder mehr)" in render(n, "de")


def test_whole_days_show_no_decimal():
    from crmanalysis.i18n import fmt_value

    # Alpina's "Sales cycle (median, days) 51.0" beside "May 2025: 40.0": a median of whole days is whole; its half
    # read as a fault from ten days on ("15,5 Tage"), where half a day is a small part: 30.5 shows 30 (half to even)
    assert (fmt_value(51.0, "days"), fmt_value(30.5, "days"), fmt_value(20.4, "days")) == ("51", "30", "20")
    assert (fmt_value(9.5, "days"), fmt_value(4.2, "days")) == ("9.5", "4.2")
    # a median of an even number of months of a count: "3,345.5 clicks" reads whole from a hundred (half to even:
    # 3,346); "12.5 deals" keeps its half, which is a twenty-fifth of it
    assert (fmt_value(3345.5, "count"), fmt_value(99.5, "count"), fmt_value(12.5, "count")) == ("3,346", "99.5",
                                                                                                "12.5")
    # hours keep their tenth (a median of 22.2 hours is no whole number of anything)
    assert fmt_value(22.0, "hours") == "22.0"
    # a chat desk's 0.157 hours read "0.2" beside a month before of "0.1 (+9.1%)": below an hour, hundredths
    assert (fmt_value(0.157, "hours"), fmt_value(0.14, "hours"), fmt_value(1.04, "hours")) == ("0.16", "0.14", "1.0")


def test_a_clients_own_words_replace_a_text_only_inside_their_block_and_only_where_they_have_one():
    from crmanalysis.texts import check, t, use_words, words

    # a call log's cases are calls taken: "Cases opened 1,612" on a call centre's page 1, whose intro spoke of calls
    with words("calls"):
        assert t("kpi.cases_opened", "en") == "Calls" and t("kpi.cases_opened", "de") == "Anrufe"
        assert t("count.rated_cases", "en", n=1) == "1 rated call"
        assert t("kpi.csat_mean", "en") == "CSAT (mean)"                 # a text without calls' words is its own
        with words(""):                                                  # a block inside reads the catalogue's
            assert t("kpi.cases_opened", "en") == "Cases opened"
    assert t("kpi.cases_opened", "en") == "Cases opened"
    # a kernel serves one client: its words hold until the next client is opened
    use_words("calls")
    try:
        assert t("kpi.cases_opened", "nl") == "Gesprekken"
    finally:
        use_words("")
    assert t("kpi.cases_opened", "nl") == "Nieuwe cases"
    with pytest.raises(ValueError, match="unknown words 'call'; known: calls"):
        use_words("call")
    assert not [p for p in check() if "@" in p]


def test_what_a_german_report_lacks_is_named_in_the_nominative():
    # "Dafür fehlen: einem mit Ihrem Berater vereinbarten Plan", "dem Datum, an dem das CRM live ging": the dative
    # of a sentence the words were not written for. Each of them reads after "fehlen:" and "braucht" alike
    from crmanalysis.texts import t

    for key in ("limits.plan", "limits.profiles", "limits.go_live"):
        what = t(key, "de")
        for said in (t("limits.with", "de", what=what, sections="„Ziele“"), t("s.needs_short", "de", what=what)):
            assert not re.search(r"(?:fehlen:|braucht) (?:dem|einem|der|einer)\b", said), said


def test_a_kpi_is_called_by_one_name_in_each_language():
    # HubSpot's Dutch desk read "Doorlooptijd" on its card and "Oplostijd" in the sentence below it: one measure, two
    # names a reader takes for two
    from crmanalysis.i18n import Note, render

    said = render(Note("finding.resolution_tail", n=81, month="oktober 2026", median="20,9 uur", p90="76,5 uur"), "nl")
    assert said.startswith("Doorlooptijd ") and "Oplostijd" not in said
