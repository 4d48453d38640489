"""Invariants of the KPI engine on synthetic clients, and an independent check with DuckDB SQL."""

import sys

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmanalysis import kpis
from crmanalysis.config import ClientConfig
from crmanalysis.data import ClientData, NotComputable
from crmanalysis.kpis import REGISTRY

sys.path.insert(0, str(ROOT / "bench"))
from reference import align_with_reference, duckdb_core_set  # noqa: E402  (shared with make bench)

ADDITIVE = [k for k, v in REGISTRY.items() if v.stat == "sum"]
RATIOS = [k for k, v in REGISTRY.items() if v.stat == "ratio"]


@pytest.fixture(scope="module")
def client(tiny):
    return tiny[0]


def _key(f, by):
    return f.set_index(["kpi", "period", *by]).sort_index()


def test_every_catalogue_kpi_is_registered():
    design = """calls meetings emails visits sales_conversations opportunities_created leads_created
    activities_logged quotes_sent meetings_planned_next_n_days visit_report_rate opportunity_hygiene
    key_account_coverage new_revenue deals_won deals_lost new_leads leads_converted new_customers
    open_pipeline_value weighted_pipeline gross_margin cases_closed win_rate average_deal_size
    sales_cycle_days mql_to_sql sql_to_customer lead_to_opportunity quote_to_customer
    conversations_per_won_deal margin_rate revenue_growth_mom pipeline_growth pipeline_coverage
    pipeline_velocity pipeline_realisation_rate stale_deals cost_per_lead attributed_revenue cases_per_agent
    same_day_closure_rate time_to_resolution_hours first_response_hours csat_mean csat_satisfied_share
    retention_rate churn_rate records_created_per_user field_completeness""".split()
    assert set(design) <= set(REGISTRY)
    cat = kpis.list_kpis()
    assert cat["kind"].isin(["action", "result", "insight"]).all()
    assert (cat["definition"].str.len() > 40).all()
    for lang in ("nl", "de", "da"):
        assert kpis.list_kpis(lang)["label"].notna().all()


@pytest.mark.parametrize("level", [["team"], ["region"]])
def test_additive_kpis_team_equals_sum_of_reps(client, level):
    reps = kpis.compute(client, ADDITIVE, by=["owner_id"], period="M")
    users = client.users.set_index("user_id")[level[0]]
    reps[level[0]] = reps["owner_id"].map(users).astype("string").fillna("(unknown)")
    rolled = kpis.reaggregate(reps[reps["period"].notna()], level)
    direct = kpis.compute(client, ADDITIVE, by=level, period="M")
    direct = direct[direct["period"].notna()]
    # opportunities take region from the row itself, so roll-ups by the owner's region differ there
    skip = {"new_revenue", "deals_won", "deals_lost", "opportunities_created", "new_customers",
            "open_pipeline_value", "weighted_pipeline", "gross_margin", "stale_deals"} if level == ["region"] else set()
    a = _key(rolled[~rolled.kpi.isin(skip)], level)["value"]
    b = _key(direct[~direct.kpi.isin(skip)], level)["value"]
    a, b = a.align(b, fill_value=0.0)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9)


def test_ratio_kpis_reaggregate_from_numerator_and_denominator(client):
    reps = kpis.compute(client, RATIOS, by=["team"], period="Q")
    skip = {"cases_per_agent", "records_created_per_user", "pipeline_velocity", "revenue_growth_mom",
            "pipeline_growth", "pipeline_coverage", "cost_per_lead"}   # denominators are not additive
    reps = reps[reps["period"].notna() & ~reps.kpi.isin(skip)]
    rolled = _key(kpis.reaggregate(reps, []), [])
    direct = kpis.compute(client, sorted(set(reps.kpi)), period="Q")
    direct = _key(direct[direct.period.notna()], [])
    a, b = rolled["value"].align(direct["value"])
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-9, equal_nan=True)
    # and this is not the mean of team values (a mean would differ somewhere)
    mean = reps.groupby(["kpi", "period"])["value"].mean()
    assert not np.allclose(mean.reindex(b.index).to_numpy(), b.to_numpy(), equal_nan=True)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_shuffling_rows_changes_nothing(client, seed):
    rng = np.random.default_rng(seed)
    shuffled = client.replace(**{t: df.iloc[rng.permutation(len(df))].reset_index(drop=True)
                                 for t, df in client.tables.items()})
    ids = ["new_revenue", "win_rate", "sales_cycle_days", "calls", "open_pipeline_value", "csat_mean",
           "mql_to_sql", "attributed_revenue", "new_customers"]
    a = kpis.compute(client, ids, by=["owner_id"], period="M")
    b = kpis.compute(shuffled, ids, by=["owner_id"], period="M")
    pd.testing.assert_frame_equal(a, b)


def test_undefined_is_nan_with_note_never_zero(client):
    f = kpis.compute(client, RATIOS + ["sales_cycle_days", "time_to_resolution_hours"], by=["owner_id"], period="M")
    f = f[f.period.notna()]
    undefined = f[(f["denominator"] == 0) | (f["n"] == 0) & f.kpi.isin(["sales_cycle_days"])]
    assert len(undefined) > 0
    assert undefined["value"].isna().all()
    assert (undefined["note"].str.len() > 0).all()
    assert not np.isinf(f["value"].to_numpy(dtype=float, na_value=np.nan)).any()


def test_no_value_depends_on_rows_outside_its_period(client):
    """Dropping every opportunity/activity dated after March 2024 leaves March's event KPIs unchanged."""
    ids = ["new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days", "calls", "meetings"]
    cut = pd.Timestamp("2024-04-01")
    o, a = client.opportunities, client.activities
    trimmed = client.replace(opportunities=o[~(o.close_date >= cut)],
                             activities=a[~(a.completed_at.fillna(a.scheduled_at) >= cut)])
    full = kpis.compute(client, ids, by=["owner_id"], period="M", start="2023-01-01", end="2024-03-31",
                        as_of="2024-03-31")
    part = kpis.compute(trimmed, ids, by=["owner_id"], period="M", start="2023-01-01", end="2024-03-31",
                        as_of="2024-03-31")
    pd.testing.assert_frame_equal(full, part)


def test_core_set_equals_duckdb_sql(small):
    """The core KPI set by rep × month, recomputed independently in SQL."""
    data = small[0]
    o = data.opportunities[["opportunity_id", "owner_id", "status", "amount", "created_at", "close_date"]].copy()
    a = data.activities[["activity_id", "owner_id", "type", "completed", "completed_at", "scheduled_at"]].copy()
    for df in (o, a):
        for c in df.columns:
            if df[c].dtype == "string" or df[c].dtype == "boolean":
                df[c] = df[c].astype(object)
    as_of = kpis.default_as_of(data)
    ours = kpis.compute(data, ["new_revenue", "deals_won", "win_rate", "average_deal_size", "sales_cycle_days",
                               "calls", "meetings", "sales_conversations"], by=["owner_id"], period="M", as_of=as_of)
    con = duckdb.connect()
    con.register("o", o)
    con.register("a", a)
    start = data.opportunities["created_at"].min().normalize()
    ref = duckdb_core_set(con, "o", "a", as_of, start, pipeline=False)
    m = align_with_reference(ours, ref)
    assert len(ref) > 500
    np.testing.assert_allclose(m["value"].to_numpy(dtype=float), m["ref"].to_numpy(dtype=float), rtol=1e-9,
                               equal_nan=True)


def test_a_question_asked_again_gets_the_same_answer_and_a_changed_copy_changes_nothing(client):
    from crmanalysis.data import ClientData

    ask = {"by": ["owner_id"], "period": "M", "start": "2024-01-01", "end": "2024-06-30"}
    first = kpis.compute(client, ["win_rate", "new_revenue"], **ask)
    first.loc[:, "value"] = -1.0                                     # the caller scribbles on its copy
    again = kpis.compute(client, ["win_rate", "new_revenue"], **ask)
    fresh = kpis.compute(ClientData(client.config, dict(client.tables)), ["win_rate", "new_revenue"], **ask)
    pd.testing.assert_frame_equal(again, fresh)                      # as computed from scratch, scribbles not kept
    assert (again["value"].dropna() >= 0).all()
    # another window or as_of is another question
    later = kpis.compute(client, ["win_rate", "new_revenue"], **{**ask, "end": "2024-07-31"})
    assert later["period"].nunique() == again["period"].nunique() + 1


@pytest.mark.parametrize("freq,fiscal_start", [("M", 1), ("Q", 1), ("Q", 4), ("Y", 1), ("Y", 7)])
def test_period_codes_agree_with_numpy_month_arithmetic(freq, fiscal_start):
    from crmanalysis.kpis.engine import PeriodAxis

    rng = np.random.default_rng(5)
    secs = rng.integers(-20 * 365 * 86400, 60 * 365 * 86400, 5000)          # 1950 … 2030
    d = (np.datetime64("1970-01-01", "ns") + secs.astype("timedelta64[s]")).astype("datetime64[ns]")
    d[::97] = np.datetime64("NaT")
    d[1] = np.datetime64("1969-12-31T23:59:59.999999999")
    # independently: months since 1970-01 by numpy's calendar cast, fiscal periods by floor division
    m = d.astype("datetime64[M]").astype(np.int64)
    want = {"M": m, "Q": (m - (fiscal_start - 1)) // 3, "Y": (m - (fiscal_start - 1)) // 12}[freq]
    want = np.where(np.isnat(d), np.iinfo(np.int64).min, want)
    np.testing.assert_array_equal(PeriodAxis(freq, fiscal_start).codes(d), want)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 60)), st.one_of(st.none(), st.integers(-5, 90)),
                          st.sampled_from(["won", "lost", "open"])), min_size=1, max_size=40),
       st.integers(-3, 100))
def test_the_deals_open_at_an_instant_are_those_the_definition_names(deals, day):
    # the open spans are worked out once per computation and compared with each snapshot; this holds them to the
    # definition itself, row by row: created on or before t, and not closed yet (won or lost after t); a deal
    # without a creation date is never open, nor is a closed one without a close date
    from crmanalysis.kpis.catalogue import _open_at

    t0 = pd.Timestamp("2024-01-01")
    created = pd.Series([t0 + pd.Timedelta(days=c) if c is not None else pd.NaT for c, _, _ in deals],
                        dtype="datetime64[ns]")
    close = pd.Series([t0 + pd.Timedelta(days=(c or 0) + d) if d is not None else pd.NaT for c, d, _ in deals],
                      dtype="datetime64[ns]")
    status = [s for _, _, s in deals]
    t = t0 + pd.Timedelta(days=day)
    want = [pd.notna(c) and c <= t and (s == "open" or (pd.notna(e) and e > t))
            for c, e, s in zip(created, close, status, strict=True)]
    opps = pd.DataFrame({"created_at": created, "close_date": close, "status": status})
    ctx = type("Ctx", (), {"_cache": {}, "data": ClientData(ClientConfig(client_id="t"), {"opportunities": opps})})()
    if created.isna().all():                  # no creation date at all: when any deal was open is unknown
        with pytest.raises(NotComputable):
            _open_at(ctx, t)
        return
    assert _open_at(ctx, t).tolist() == want
