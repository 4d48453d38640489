"""The ROI analysis against a known truth: the no-CRM twin, the counterfactual's calibration, placebos.

The 30-seed calibration is the CI version of ``bench/roi_calibration.py`` (loose bounds; the
benchmark's 500 clients give the figures).
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmanalysis import causal as C
from crmanalysis import roi as R
from crmanalysis.config import ClientConfig
from crmanalysis.data import ClientData
from crmanalysis.samples.synthetic import SyntheticSpec, generate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


def _won_margin_by_month(o: pd.DataFrame) -> pd.Series:
    won = o[o["status"] == "won"]
    return (won["amount"] - won["cost"]).groupby(won["close_date"].dt.to_period("M").dt.to_timestamp()).sum()


def test_true_gain_is_the_client_minus_its_no_crm_twin():
    # independent method: generate the twin (same seed, uplift off) and subtract plain pandas sums
    spec = SyntheticSpec(6, 2, 80, 1500, 500, 50, 50, 24)
    up, truth = generate(size=spec, seed=5, uplift=True, noise=0.1, trend=0.01)
    twin, truth0 = generate(size=spec, seed=5, uplift=False, noise=0.1, trend=0.01)
    diff = _won_margin_by_month(up.opportunities).sub(_won_margin_by_month(twin.opportunities), fill_value=0)
    tg = pd.Series(truth["effects"]["go_live_uplift"]["true_gain"]["gross_margin"]["monthly"])
    tg.index = pd.to_datetime(tg.index)
    assert np.allclose(tg.reindex(diff.index).to_numpy(), diff.to_numpy(), atol=0.05)
    go = pd.Timestamp(truth["go_live"])
    assert (tg[tg.index < go] == 0).all()                  # nothing changes before go-live
    assert tg.sum() > 0                                     # the planted uplift is a gain
    assert truth0["effects"]["go_live_uplift"]["true_gain"]["gross_margin"]["total"] == 0


def test_generated_exports_hold_no_event_after_the_export_date():
    data, truth = generate(size="tiny", seed=3, months=18)
    end = pd.Timestamp(truth["data_end"])
    assert data.span()[1] <= end
    leads = data.leads
    for col in ("mql_at", "sql_at", "converted_at", "disqualified_at"):
        assert not (leads[col] > end).any(), col


def test_gain_series_starts_with_the_first_deal_not_with_older_accounts():
    # accounts are created 400 days before the first deal; those months are not a "zero gain" history
    data, truth = generate(size="tiny", seed=3, months=12, go_live_month=7)
    s, _, _ = R.gain_series(data, as_of=truth["data_end"])
    assert s.index[0] >= pd.Timestamp(truth["start_month"] + "-01")
    assert (s > 0).all()


def _noise_series(rng, n, level=100.0, sd=10.0, rho=0.0):
    e = rng.normal(0, sd, n)
    u = np.zeros(n)
    for i in range(n):
        u[i] = (rho * u[i - 1] if i else 0.0) + e[i]
    return level + u


@pytest.mark.parametrize("rho", [0.0, pytest.param(0.5, marks=pytest.mark.xfail(
    strict=True, reason="known gap: without a pipeline covariate, AR(1) errors with rho 0.5 on 24 months "
                        "are covered about 81 % of the time, not 90 %"))])
def test_level_trend_interval_covers_a_no_effect_series(rho):
    # 300 series without any effect: the 90 % interval of the summed gain holds 0 about 90 % of the time
    rng = np.random.default_rng(1)
    hits = []
    for _ in range(300):
        y = _noise_series(rng, 36, rho=rho)
        t = np.arange(36.0)
        post = t >= 24
        proj = C.project(y[~post], t, (np.arange(36) % 12) + 1, post, n_draws=400, seed=int(rng.integers(1e6)))
        lo, hi = np.quantile(y[post].sum() - proj.draws.sum(axis=1), [0.05, 0.95])
        hits.append(lo <= 0 <= hi)
    assert 0.84 <= np.mean(hits) <= 0.97


@pytest.mark.parametrize("rho", [0.0, 0.5])
def test_yield_interval_covers_a_no_effect_series(rho):
    # the yield independent from month to month, or AR(1) with rho 0.5 (sd 0.03 around 0.3): the 90 %
    # interval of the summed gain over 16 months holds 0 about 90 % of the time
    rng = np.random.default_rng(2)
    hits = []
    for _ in range(300):
        x = rng.uniform(50, 150, 36)
        y = x * (0.3 + _noise_series(rng, 36, level=0.0, sd=0.03 * np.sqrt(1 - rho ** 2), rho=rho))
        post = np.arange(36) >= 20
        proj = C.project_yield(y[~post], x, post, n_draws=400, seed=int(rng.integers(1e6)))
        lo, hi = np.quantile(y[post].sum() - proj.draws.sum(axis=1), [0.05, 0.95])
        hits.append(lo <= 0 <= hi)
    assert 0.84 <= np.mean(hits) <= 0.97


def test_ar1_and_local_level_likelihoods_agree_on_independent_months():
    # with rho = 0 and q = 0 both are "independent months around an unknown constant"; by hand, the
    # restricted log-likelihood with sigma^2 concentrated out is -(n-1)/2 log(s2) - 1/2 log(n),
    # s2 = sum((r - mean)^2) / (n - 1)
    r = np.array([0.31, 0.28, 0.33, 0.30, 0.27, 0.35, 0.29, 0.32])
    s2 = ((r - r.mean()) ** 2).sum() / 7
    by_hand = -3.5 * np.log(s2) - 0.5 * np.log(8)
    assert C._ar1_level(r, 0.0).loglik == pytest.approx(by_hand)
    assert C._local_level(r, 0.0).loglik == pytest.approx(by_hand)
    assert C._ar1_level(r, 0.0).level == pytest.approx(r.mean())


def test_persistent_yield_moves_weight_to_correlated_months():
    # 40 months of a yield with AR(1) rho 0.8: the correlated-months family should outweigh independence
    rng = np.random.default_rng(11)
    r = 0.3 + _noise_series(rng, 40, level=0.0, sd=0.02, rho=0.8)
    fits, w = C._yield_fits(r)
    by_family = {f: sum(wi for x, wi in zip(fits, w, strict=True) if x.family == f) for f in C.FAMILY_PRIOR}
    assert by_family["ar1"] + by_family["drift"] > 0.8 and by_family["constant"] < 0.2


def _series_client(margins, go_live, start="2022-01-01"):
    """Ten deals a month created on the 1st and won on the 11th; the month's margin spread over them."""
    months = pd.date_range(start, periods=len(margins), freq="MS")
    created = np.repeat(months, 10)
    margin = np.repeat(np.asarray(margins, dtype=float) / 10, 10)
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(len(created))], "created_at": created,
                         "status": "won", "close_date": created + pd.Timedelta(days=10),
                         "amount": margin + 1_000.0, "cost": 1_000.0, "owner_id": "U1"})
    costs = pd.DataFrame({"month": [pd.Timestamp(go_live)], "amount": [10_000.0], "category": ["implementation"]})
    return ClientData.from_frames(ClientConfig(client_id="s", go_live=pd.Timestamp(go_live).date()),
                                  opportunities=opps, crm_costs=costs)


def test_placebos_that_match_the_gain_make_it_not_demonstrable():
    # +40 % after go-live (month 24), but the pre-period had a temporary +45 % for months 12-21: the
    # interval of the gain lies above zero, yet placebo go-lives at months 12 and 13 (the bump seen
    # from a flat fit) find a gain as large: 2 of the 10 placebos (months 12..21)
    t = np.arange(36)
    rng = np.random.default_rng(0)
    y = 10_000 * (1 + 0.45 * ((t >= 12) & (t < 22)) + 0.4 * (t >= 24)) * (1 + rng.normal(0, 0.03, 36))
    res = R.roi_analysis(_series_client(y, "2024-01-01"), as_of="2024-12-31 23:59")
    assert res.gain_low > 0 and len(res.counterfactual.placebo) == 10
    assert res.counterfactual.placebo_share == pytest.approx(0.2)
    assert res.counterfactual.placebo_share > R.PLACEBO_SHARE_MAX
    assert (res.counterfactual.placebo.sort_values("month")["z"].iloc[:2] >= res.counterfactual.z).all()
    assert res.verdict_kind == "placebo" and not res.demonstrable and np.isnan(res.roi_pct)
    assert "placebo go-lives before the real one found a gain as large" in res.verdict


def test_a_clear_gain_passes_the_placebos():
    rng = np.random.default_rng(5)
    y = 10_000 * (1 + 0.4 * (np.arange(36) >= 24)) * (1 + rng.normal(0, 0.05, 36))
    res = R.roi_analysis(_series_client(y, "2024-01-01"), as_of="2024-12-31 23:59")
    assert res.verdict_kind == "gain" and res.counterfactual.placebo_share == 0.0
    assert res.gain == pytest.approx(res.counterfactual.monthly["gain"].sum())


def test_short_pre_period_cannot_separate_the_crm_from_growth():
    y = 10_000 * (1 + 0.02 * np.arange(18)) * (1 + 0.4 * (np.arange(18) >= 9))
    res = R.roi_analysis(_series_client(y, "2022-10-01"), as_of="2023-06-30 23:59")
    assert res.verdict_kind == "cannot_separate" and not res.demonstrable
    assert "cannot separate the CRM from the growth" in res.verdict
    assert np.isnan(res.roi_pct)


def test_calibration_30_seeds():
    # CI version of the benchmark: 15 clients each at 36 and 48 months, with and without uplift
    from roi_calibration import run, summarise

    df = run(15, (36, 48), with_old=False)
    s = summarise(df).set_index("months")
    total = s.loc["all"]
    # measured on these 60 clients: shipped 2 of 30 false gains, coverage 90 %, detection 83 %;
    # the previous model (bench/old_counterfactual.py) 13 of 30 false gains and coverage 43 %. The bounds
    # are loose (30 clients: one client is 3 %) but far from what the previous model did
    assert total["false_positive"] <= 3 / 30
    assert total["coverage"] >= 0.75
    assert total["detection"] >= 0.6
