"""The ROI analysis against a known truth: the no-CRM twin, the counterfactual's calibration, placebos.

The 30-seed calibration is the CI version of ``bench/roi_calibration.py`` (loose bounds; the
benchmark's 3,000 clients give the figures).
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmanalysis.analyses import causal as C
from crmanalysis.analyses import roi as R
from crmanalysis.analyses.window import Window
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
    s, _, _ = R.gain_series(data, window=Window.until(truth["data_end"]))
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
    res = R.roi_analysis(_series_client(y, "2024-01-01"), window=Window.until("2024-12-31 23:59"))
    assert res.gain_low > 0 and len(res.counterfactual.placebo) == 10
    assert res.counterfactual.placebo_share == pytest.approx(0.2)
    assert res.counterfactual.placebo_share > R.PLACEBO_SHARE_MAX
    assert (res.counterfactual.placebo.sort_values("month")["z"].iloc[:2] >= res.counterfactual.z).all()
    assert res.verdict_kind == "placebo" and not res.demonstrable and np.isnan(res.roi_pct)
    assert "false go-lives before the real one (months when nothing changed) found a gain as large" in res.verdict


def test_a_clear_gain_passes_the_placebos():
    rng = np.random.default_rng(5)
    y = 10_000 * (1 + 0.4 * (np.arange(36) >= 24)) * (1 + rng.normal(0, 0.05, 36))
    res = R.roi_analysis(_series_client(y, "2024-01-01"), window=Window.until("2024-12-31 23:59"))
    assert res.verdict_kind == "gain" and res.counterfactual.placebo_share == 0.0
    assert res.gain == pytest.approx(res.counterfactual.monthly["gain"].sum())


def test_short_pre_period_cannot_separate_the_crm_from_growth():
    y = 10_000 * (1 + 0.02 * np.arange(18)) * (1 + 0.4 * (np.arange(18) >= 9))
    res = R.roi_analysis(_series_client(y, "2022-10-01"), window=Window.until("2023-06-30 23:59"))
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


# ---- the yield with a known noise floor (the deals' sampling noise) --------------------------------


def test_known_noise_likelihood_and_prediction_by_hand():
    # the hypothesis "constant level, sampling noise only" (excess 0, floor 1): by hand, with weights 1/v,
    # mu = sum(r/v) / sum(1/v); restricted log-likelihood -1/2 [sum log v + log sum(1/v) + sum (r-mu)^2 / v];
    # a post month's prediction is mu with variance v_post + 1 / sum(1/v)
    r = np.array([0.31, 0.28, 0.33, 0.30, 0.27, 0.35, 0.29, 0.32])
    v = np.array([4e-4, 9e-4, 4e-4, 2.5e-4, 1e-3, 4e-4, 6e-4, 3e-4, 5e-4, 2e-4])     # 8 pre + 2 post months
    hyps = C._known_hypotheses()
    k = hyps.index(("constant", 0.0, 0.0, 1.0))
    ll, mean, cov = C._known_fits(r, v, hyps)
    wp = 1 / v[:8]
    mu = (r * wp).sum() / wp.sum()
    by_hand = -0.5 * (np.log(v[:8]).sum() + np.log(wp.sum()) + ((r - mu) ** 2 * wp).sum())
    assert ll[k] == pytest.approx(by_hand)
    assert mean[k] == pytest.approx([mu, mu])
    assert np.diag(cov[k]) == pytest.approx(v[8:] + 1 / wp.sum())
    assert cov[k][0, 1] == pytest.approx(1 / wp.sum())          # both months share the level's uncertainty


def _deal_series(rng, months, x, p, shock_sd=0.0, rho=0.5):
    """Monthly totals of won deals: Poisson(x × p × shock) wins, values lognormal; returns y and sum of squares."""
    shock = _noise_series(rng, months, level=0.0, sd=shock_sd * np.sqrt(1 - rho ** 2), rho=rho)
    wins = rng.poisson(x * p * np.exp(shock))
    vals = [rng.lognormal(9, 0.6, k) for k in wins]
    return np.array([a.sum() for a in vals]), np.array([(a ** 2).sum() for a in vals])


def _known_noise_covers_zero(rng, shock_sd) -> bool:
    """One no-effect deal-level series of 36 months, go-live at 20: does the 90 % interval hold a zero gain?"""
    x = rng.uniform(100, 200, 36)
    y, sq = _deal_series(rng, 36, x, 0.3, shock_sd)
    post = np.arange(36) >= 20
    proj = C.project_yield_known(y[~post], x, post, sq[~post].sum() / x[~post].sum(), n_draws=400,
                                 seed=int(rng.integers(1e6)))
    lo, hi = np.quantile(y[post].sum() - proj.draws.sum(axis=1), [0.05, 0.95])
    return bool(lo <= 0 <= hi)


@pytest.mark.parametrize("shock_sd", [0.0, 0.1])
def test_known_noise_interval_covers_deal_level_series(shock_sd):
    # 300 series built deal by deal (no effect): 30-60 wins a month, with or without AR(1) shocks of the
    # win rate (sd 10 %). The 90 % interval of the summed gain over 16 months holds 0 about 90 % of the time.
    # Measured: 92.7 % and 84.7 % (the shocks: a third of the sampling variance on top, persistent, and
    # 20 months only partly show it); an excess grid up to 1× the floor covered more here but cost the
    # calibration benchmark 1.6 points of detection at 36 months
    rng = np.random.default_rng(7)
    hits = [_known_noise_covers_zero(rng, shock_sd) for _ in range(300)]
    assert 0.84 <= np.mean(hits) <= 0.97


def test_steady_months_are_not_held_to_the_deals_noise_floor():
    # ten equal deals a month make a floor of sd 1/sqrt(10) = 32 % of a month; months that vary by 3 % get
    # a lower floor from the likelihood (the floor grid), so the 40 % gain is found
    rng = np.random.default_rng(3)
    x = np.full(30, 10.0)
    y = 1_000 * x * (1 + 0.4 * (np.arange(30) >= 18)) * (1 + rng.normal(0, 0.03, 30))
    post = np.arange(30) >= 18
    kappa = 10 * 1_000.0 ** 2 / 10                # ten deals of 1,000 a month, x = 10: κ = Σv² / Σx = 1e6
    proj = C.project_yield_known(y[~post], x, post, kappa, n_draws=1000)
    lo = np.quantile(y[post].sum() - proj.draws.sum(axis=1), 0.05)
    assert lo > 0
    assert proj.sigma < 0.2 * np.sqrt(kappa * 10)         # the fitted noise (≈ 300) is well under the floor (3,162)


def test_thin_early_months_do_not_pass_for_a_trend():
    # a flat yield 0.3 with its noise from 40 wins a month, except the first four months of an export (4 wins
    # each, as deals fill up) that came out low by chance: weighing months by their noise, no trend
    rng = np.random.default_rng(4)
    x = np.r_[np.full(4, 13.0), np.full(16, 130.0)]
    kappa = 0.3 * 0.3 * 1.0                         # per unit inflow: yield 0.3 of wins of value 1 squared
    r = 0.3 + rng.normal(0, 1, 20) * np.sqrt(kappa / x)
    r[:4] = 0.3 - 1.5 * np.sqrt(kappa / x[:4])      # 1.5 sd low each
    w_known, _ = C.yield_trend_known(r, x, np.full(12, 130.0), kappa)
    fits = {f.name: f for f in C.fit_models(r, np.arange(20.0), (np.arange(20) % 12) + 1)}
    assert w_known < 0.5 < fits["trend"].weight     # the unweighted fit reads the low start as a trend


def test_a_real_yield_trend_keeps_its_weight():
    # the yield grows 3 % of its level a month for 20 months; the noise is 40 wins a month
    rng = np.random.default_rng(5)
    x = np.full(20, 130.0)
    kappa = 0.09
    r = 0.3 * (1 + 0.03 * np.arange(20)) + rng.normal(0, 1, 20) * np.sqrt(kappa / x)
    w, shift = C.yield_trend_known(r, x, np.full(10, 130.0), kappa)
    # by hand, without noise: the trend line continued over months 20..29 less the level (the mean, at
    # month 9.5) is 0.3 × 0.03 × (t − 9.5), times the inflow 130: 0.009 × 130 × Σ(t − 9.5) = 1.17 × 150
    # = 175.5. The noise moves the fitted slope by about 11 % (sd 0.026 / √665 against 0.009)
    assert w > 0.95
    assert shift.sum() == pytest.approx(175.5, rel=0.3)


def test_deal_noise_by_hand():
    # 3 pre-period months (Jan-Mar 2022), 30 won deals of margin 100, 200 or 300 each (ten of each), and one
    # won deal in April (post): kappa = sum of squared margins / sum of the inflow over the pre months
    # = 10 × (100² + 200² + 300²) / (5 + 10 + 15) = 1,400,000 / 30 = 46,666.7
    close = np.repeat(pd.to_datetime(["2022-01-15", "2022-02-15", "2022-03-15"]), 10).append(
        pd.DatetimeIndex(["2022-04-15"]))
    margin = np.r_[np.tile([100.0, 200.0, 300.0], 10), 999.0]
    opps = pd.DataFrame({"opportunity_id": [f"O{i}" for i in range(31)], "created_at": close - pd.Timedelta(days=5),
                         "status": "won", "close_date": close, "amount": margin + 50.0, "cost": 50.0,
                         "owner_id": "U1"})
    data = ClientData.from_frames(ClientConfig(client_id="k"), opportunities=opps)
    months = pd.date_range("2022-01-01", periods=3, freq="MS")
    kappa, n = R.deal_noise(data, "gross_margin", months, np.array([5.0, 10.0, 15.0]))
    assert n == 30 and kappa == pytest.approx(1_400_000 / 30)
    assert R.deal_noise(data, "gross_margin", months, None) is None


REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


def _values_match_the_kpi(data, metric, as_of):
    # independent of won_values: the KPI engine's own monthly totals, against the won values grouped by close month
    from crmanalysis import kpis as K

    f = K.compute(data, [metric], period="M", as_of=as_of)
    kpi = pd.Series(f["value"].to_numpy(float), index=pd.DatetimeIndex(f["period_start"])).dropna()
    v = R.won_values(data, metric)
    cm = data.opportunities["close_date"].dt.to_period("M").dt.to_timestamp()
    ours = v.groupby(cm).sum(min_count=1).reindex(kpi.index).fillna(0.0)
    return np.allclose(ours.to_numpy(), kpi.to_numpy(), rtol=1e-9, atol=0.01)


def test_deal_noise_uses_the_deals_the_gain_series_sums(sample_dir):
    from crmanalysis.io import load_client

    data, _ = load_client(sample_dir / "northwind" / "client.yml")
    assert _values_match_the_kpi(data, "gross_margin", "2025-06-30 23:59")
    assert _values_match_the_kpi(data, "new_revenue", "2025-06-30 23:59")


@pytest.mark.skipif(not REALDATA.is_dir(), reason=f"real exports not present at {REALDATA}")
def test_deal_noise_on_the_real_salesforce_export():
    # the real org's won deals (amounts with a 99th percentile 35 × the median) as the deals of simulated months:
    # 300 no-effect series of Poisson(45) wins a month with values drawn from them; measured coverage 94.7 %
    from crmanalysis.io import load_client

    data, _ = load_client(Path(__file__).parent / "realdata" / "salesforce_demo_org.yml")
    assert _values_match_the_kpi(data, "new_revenue", "2022-03-31 23:59")
    amounts = R.won_values(data, "new_revenue").dropna().to_numpy()
    rng = np.random.default_rng(1)
    hits = []
    for _ in range(300):
        x = rng.uniform(100, 200, 36)
        deals = [rng.choice(amounts, k) for k in rng.poisson(x * 0.3)]
        y, sq = np.array([d.sum() for d in deals]), np.array([(d ** 2).sum() for d in deals])
        post = np.arange(36) >= 20
        proj = C.project_yield_known(y[~post], x, post, sq[~post].sum() / x[~post].sum(), n_draws=400,
                                     seed=int(rng.integers(1e6)))
        lo, hi = np.quantile(y[post].sum() - proj.draws.sum(axis=1), [0.05, 0.95])
        hits.append(lo <= 0 <= hi)
    assert 0.84 <= np.mean(hits) <= 0.97


def test_a_short_pre_period_keeps_the_noise_estimated_from_its_months():
    # 10 months before go-live (< 12): the deals' floor is not used, and the report does not say it is
    y = 10_000 * (1 + 0.05 * np.sin(np.arange(20)))
    data = _series_client(y, "2022-11-01")
    cf = R.gain_counterfactual(data, window=Window.until("2023-08-31 23:59"))
    keys = [getattr(n, "key", "") for n in cf.notes]
    assert "note.deal_noise" not in keys and cf.cannot_separate.key == "why.short_pre"
