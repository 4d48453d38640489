"""Pseudonyms for training and sharing: stable, unique, and every number unchanged."""

import pandas as pd

from crmanalysis.notebook import pseudonymize
from crmanalysis.samples.synthetic import generate


def test_pseudonyms_are_stable_unique_and_keep_ids():
    data, _ = generate(size="tiny", seed=3, client_id="pseudo")
    # 3,000 accounts: four hex digits (65,536 codes) would almost surely collide somewhere
    accounts = pd.DataFrame({"account_id": [f"A{i:05d}" for i in range(3000)], "name": "x"})
    data = data.replace(accounts=data.accounts.iloc[:0].reindex(range(3000)).assign(**accounts))
    p1, p2 = pseudonymize(data), pseudonymize(data)
    names = p1.accounts["name"]
    assert names.is_unique and names.str.match(r"^Account [0-9A-F]{4,}$").all()
    assert names.tolist() == p2.accounts["name"].tolist()                       # stable
    assert p1.accounts["account_id"].tolist() == data.accounts["account_id"].tolist()
    users = p1.users
    assert users["name"].is_unique
    assert set(users["name"].str.split(" ").str[0]) <= {"Rep", "Agent", "Manager"}
    assert not set(users["name"]) & set(data.users["name"])                      # no real name left
    pd.testing.assert_frame_equal(p1.opportunities, data.opportunities)         # numbers untouched
