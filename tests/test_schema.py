"""The canonical model declares DESIGN §3's tables once; ClientData holds them."""

import pandas as pd
import pytest

from crmanalysis.config import ClientConfig
from crmanalysis.data import ClientData, MissingTableError
from crmanalysis.schema import TABLES, coerce_table, empty_table, required_columns

DESIGN_REQUIRED = {  # bold columns in DESIGN §3, copied by hand
    "users": ["user_id"], "accounts": ["account_id"], "leads": ["lead_id", "created_at"],
    "opportunities": ["opportunity_id", "created_at", "status"],
    "opportunity_history": ["opportunity_id", "changed_at"],
    "activities": ["activity_id", "type"], "quotes": ["quote_id", "sent_at"],
    "cases": ["case_id", "opened_at"], "campaigns": ["campaign_id"],
    "marketing_spend": ["month", "amount"], "touchpoints": ["lead_id", "touched_at"],
    "contracts": ["account_id", "start_date"], "crm_costs": ["month", "amount"],
    "financials": ["month"],
}


def test_tables_and_required_columns_match_design():
    assert set(TABLES) == set(DESIGN_REQUIRED)
    for table, req in DESIGN_REQUIRED.items():
        assert required_columns(table) == req


def test_coerce_adds_missing_columns_and_casts():
    df = coerce_table("opportunities", pd.DataFrame({"opportunity_id": [1, 2], "amount": ["5", "6.5"],
                                                     "created_at": ["2024-01-01", "2024-02-01"],
                                                     "status": ["won", "open"], "extra": ["x", "y"]}))
    assert df["opportunity_id"].tolist() == ["1", "2"]          # ids are strings
    assert df["amount"].tolist() == [5.0, 6.5]
    assert str(df["created_at"].dtype) == "datetime64[ns]"
    assert df["close_date"].isna().all()
    assert list(df.columns)[-1] == "extra"                       # extras kept, after canonical ones
    assert list(empty_table("users").columns)[0] == "user_id"


def test_any_table_may_be_the_only_one_and_missing_tables_are_named():
    cfg = ClientConfig(client_id="x")
    only_cases = ClientData.from_frames(cfg, cases=empty_table("cases"))      # a help desk with no deals
    assert only_cases.has("cases") and not only_cases.has("opportunities")
    with pytest.raises(MissingTableError, match="needs opportunities"):
        only_cases.table("opportunities")
    data = ClientData.from_frames(cfg, opportunities=empty_table("opportunities"))
    assert data.has("opportunities") and not data.has("activities")
    with pytest.raises(MissingTableError, match="needs activities"):
        data.table("activities")
