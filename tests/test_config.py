"""ClientConfig: YAML is safe-loaded; unknown keys, wrong types and non-slug ids are rejected
with a message naming the key and the file."""

import datetime as dt

import pytest

from crmanalysis.config import ConfigError, load_config


def _write(tmp_path, text, name="client.yml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_valid_config_loads_and_resolves_files(tmp_path):
    p = _write(tmp_path, "client_id: acme-01\nname: Acme\nsource: salesforce\n"
                         "files: {opportunities: exports/Opportunity.csv}\ngo_live: 2024-04-01\n"
                         "fx_rates: {USD: 0.92}\n")
    cfg = load_config(p)
    assert cfg.client_id == "acme-01"
    assert cfg.go_live == dt.date(2024, 4, 1)
    assert cfg.file_for("opportunities") == [(tmp_path / "exports" / "Opportunity.csv").resolve()]
    assert cfg.fx_rates == {"USD": 0.92}


@pytest.mark.parametrize("text, key", [
    ("client_id: a\ncurrencyy: EUR\n", "currencyy"),           # unknown key (typo)
    ("client_id: a\ncurrency: 12\n", "currency"),              # wrong type
    ("client_id: a\ncurrency: US DOLLAR\n", "currency"),       # a name, not its code: amounts read "US DOLLAR1,500"
    ("client_id: a\nfiscal_year_start: '4'\n", "fiscal_year_start"),
    ("client_id: a\nfiscal_year_start: 13\n", "fiscal_year_start"),
    ("client_id: a\nfiles: [x.csv]\n", "files"),
    ("client_id: a\nfiles: {deals: x.csv}\n", "files.deals"),  # unknown table
    ("client_id: a\ngo_live: 'next spring'\n", "go_live"),
    ("client_id: a\nfx_rates: {USD: -1}\n", "fx_rates.USD"),
    ("client_id: a\nlocale: {decimals: ','}\n", "locale.decimals"),
    ("client_id: a\nsource: salesfroce\n", "source"),
    ("client_id: a\ncrm_costs: [{month: 2024-01, amount: lots}]\n", "crm_costs[1].amount"),
    ("name: no id\n", "client_id"),
    # a file's own mapping part must name one of the table's files, and cannot nest files
    ("client_id: a\nfiles: {activities: [Calls.csv, Events.csv]}\n"
     "mapping: {activities: {files: {Event.csv: {constants: {type: meeting}}}}}\n",
     "mapping.activities.files.Event.csv"),
    ("client_id: a\nfiles: {activities: [Calls.csv]}\n"
     "mapping: {activities: {files: {Calls.csv: {constans: {type: call}}}}}\n",
     "mapping.activities.files.Calls.csv.constans"),
    ("client_id: a\nfiles: {activities: [Calls.csv]}\nmapping: {activities: {files: [Calls.csv]}}\n",
     "mapping.activities.files"),
    # a sheet is named, or a list of names: a mapping in the list is no sheet
    ("client_id: a\nmapping: {opportunities: {sheet: [\"2025\", {name: \"2026\"}]}}\n", "mapping.opportunities.sheet"),
    # a typo inside a derived column's zero_where would leave trials in MRR without a word
    ("client_id: a\nmapping: {contracts: {derived: {mrr: {from: Amount, per: Interval, "
     "zero_where: {colum: Status, equals: [trialing]}}}}}\n", "mapping.contracts.derived.mrr.zero_where.colum"),
    ("client_id: a\nmapping: {contracts: {derived: {mrr: {from: Amount, evry: Count}}}}\n",
     "mapping.contracts.derived.mrr.evry"),
    # and one inside only_where would leave expired subscriptions running
    ("client_id: a\nmapping: {contracts: {derived: {end_date: {from: updated_at, "
     "only_where: {column: status, equal: [EXPIRED]}}}}}\n", "mapping.contracts.derived.end_date.only_where.equal"),
])
def test_bad_config_names_key_and_file(tmp_path, text, key):
    p = _write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    msg = str(exc.value)
    assert str(p) in msg
    assert f'key "{key}"' in msg


def test_a_misnamed_file_in_a_mapping_lists_the_tables_files(tmp_path):
    p = _write(tmp_path, "client_id: a\nfiles: {activities: [x/Calls.csv, x/Events.csv]}\n"
                         "mapping: {activities: {files: {Event.csv: {constants: {type: meeting}}}}}\n")
    with pytest.raises(ConfigError, match="not a file of files.activities; its files: Calls.csv, Events.csv"):
        load_config(p)


@pytest.mark.parametrize("cid", ["../etc", "acme corp", "a/b", "ümlaut", "", "a.b"])
def test_client_id_must_be_a_slug(tmp_path, cid):
    p = _write(tmp_path, f"client_id: {cid!r}\n")
    with pytest.raises(ConfigError, match='key "client_id"'):
        load_config(p)


def test_yaml_is_safe_loaded(tmp_path):
    # a python object tag must not be constructed (safe_load refuses it)
    p = _write(tmp_path, "client_id: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(p)


def test_not_a_mapping_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="mapping"):
        load_config(_write(tmp_path, "- a\n- b\n"))
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.yml")
