"""The counterfactual behind the ROI: what the gain series would have done without the CRM.

A monthly series ``y`` (the gross margin of won deals, say) is modelled on the months before
go-live and projected over the months after it, as draws whose spread is the interval.

* :func:`project_yield`, used when the client has deals: ``y = x × yield``, where ``x`` is a
  covariate the CRM does not move (the pipeline inflow: deals created, spread over the months
  in which such deals used to close) and the yield is averaged over three families of models:
  constant with independent months, constant with AR(1) months, and a drifting local level
  (:data:`FAMILY_PRIOR`, weighted by restricted likelihood). σ² is drawn from its scaled inverse
  χ², so drift, persistence and a short pre-period all widen the interval.
* :func:`project_yield_known`, used when the series is a sum over deals: the same families, but
  the months' sampling noise is known from the deals (a compound-Poisson floor) and only the
  variation beyond it is learnt from the months; :func:`yield_trend_known` weighs a trend the
  same way.
* :func:`project`, used without deals: ``y = β₀ [+ β_t · t] [+ season] + u``, ``u`` AR(1).
  The models with and without the trend are averaged by BIC weight (an approximation of the
  posterior model probability); ρ is estimated (Cochrane–Orcutt, bias-corrected) and the
  coefficients by GLS (Prais–Winsten), drawn from a multivariate t; the projected errors
  continue the AR(1) process from the last pre-period month.

Placebo checks (:func:`placebo_z`) pretend go-live happened at earlier months of the
pre-period and measure the same standardised gain there, where there can be none.

Everything is closed-form numpy (a projection takes about a millisecond), so the calibration
benchmark (``bench/roi_calibration.py``) can afford hundreds of clients with placebos; it also
compares the result with Google's CausalImpact (``tfcausalimpact``) on the same series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Fit", "Projection", "design", "fit_models", "project", "placebo_z", "standardised_gain", "project_yield",
           "project_yield_known", "yield_trend_known", "EXCESS_GRID", "DRIFT_GRID",
           "MIN_PRE_MONTHS", "MIN_PRE_FOR_PLACEBO", "Q_GRID", "RHO_GRID", "FAMILY_PRIOR"]

#: fewest pre-period months a counterfactual is fitted on
MIN_PRE_MONTHS = 6


@dataclass
class Fit:
    """One GLS fit with AR(1) errors on the pre-period."""

    name: str                 # "level" or "trend"
    columns: list[str]
    beta: np.ndarray
    cov: np.ndarray           # covariance of beta
    rho: float
    sigma: float              # innovation standard deviation
    dof: int
    bic: float
    resid_last: float         # u_T, the last pre-period error (before the AR innovation)
    weight: float = 0.0


@dataclass
class Projection:
    """Draws of the counterfactual over the post-period."""

    mean: np.ndarray          # model-averaged point projection per post month
    draws: np.ndarray         # (n_draws, h) counterfactual draws, innovations included
    sigma: float              # model-averaged month-to-month noise (sd), in the series' units
    drift_weight: float       # weight of the models in which the series moves on its own (trend, drift)
    ar_weight: float = 0.0    # weight of the yield models with correlated months around a constant


def design(t: np.ndarray, moy: np.ndarray, *, trend: bool, season: bool) -> tuple[np.ndarray, list[str]]:
    """Columns of the level / trend model: level, [annual harmonic], [trend per month]."""
    cols, names = [np.ones_like(t)], ["level"]
    if season:
        cols += [np.sin(2 * np.pi * moy / 12), np.cos(2 * np.pi * moy / 12)]
        names += ["season_sin", "season_cos"]
    if trend:
        cols.append(t)
        names.append("trend")
    return np.column_stack(cols), names


def _prais_winsten(y: np.ndarray, X: np.ndarray, rho: float):
    """Transform y and X so that AR(1) errors become independent."""
    yt, Xt = y.copy(), X.copy()
    yt[1:] = y[1:] - rho * y[:-1]
    Xt[1:] = X[1:] - rho * X[:-1]
    s = np.sqrt(1 - rho ** 2)
    yt[0], Xt[0] = y[0] * s, X[0] * s
    return yt, Xt


def _gls(y: np.ndarray, X: np.ndarray, name: str, names: list[str]) -> Fit:
    n, p = X.shape
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    rho = 0.0
    for _ in range(3):  # Cochrane–Orcutt: ρ from the residuals, β by GLS, twice more
        u = y - X @ beta
        den = float(u[:-1] @ u[:-1])
        r1 = (u[1:] @ u[:-1]) / den if den > 0 else 0.0
        # the lag-1 autocorrelation of a short residual series is biased down by about (1 + 3ρ) / n
        rho = float(np.clip(r1 + (1 + 3 * r1) / n, 0.0, 0.9))
        yt, Xt = _prais_winsten(y, X, rho)
        beta, *_ = np.linalg.lstsq(Xt, yt, rcond=None)
    e = yt - Xt @ beta
    dof = max(1, n - p - 1)              # ρ is estimated too
    sigma = float(np.sqrt(e @ e / dof))
    cov = sigma ** 2 * np.linalg.pinv(Xt.T @ Xt)
    bic = n * np.log(max(e @ e, 1e-12) / n) + (p + 1) * np.log(n)
    return Fit(name, names, beta, cov, rho, sigma, dof, float(bic), float(y[-1] - X[-1] @ beta))


def fit_models(y: np.ndarray, t: np.ndarray, moy: np.ndarray) -> list[Fit]:
    """Fit the level and the trend model on the pre-period; weights are BIC weights summing to 1."""
    n = len(y)
    if n < MIN_PRE_MONTHS:
        raise ValueError(f"needs at least {MIN_PRE_MONTHS} months, got {n}")
    season = n >= 12
    fits = []
    for trend in (False, True):
        X, names = design(t, moy, trend=trend, season=season)
        if n - X.shape[1] - 1 < 3:       # too few months left to estimate the noise
            continue
        fits.append(_gls(y, X, "trend" if trend else "level", names))
    if not fits:
        raise ValueError(f"too few months ({n}) for the model")
    b = np.array([f.bic for f in fits])
    w = np.exp(-(b - b.min()) / 2)
    for f, wi in zip(fits, w / w.sum(), strict=True):
        f.weight = float(wi)
    return fits


def _draw(fit: Fit, X_post: np.ndarray, X_last: np.ndarray, y_last: float, n: int,
          rng: np.random.Generator) -> np.ndarray:
    """Counterfactual draws (n, h) from one fit: coefficients, noise level and AR(1) errors."""
    h = X_post.shape[0]
    # multivariate t for the coefficients and a scaled-χ² noise level: σ is estimated from few months
    chi = rng.chisquare(fit.dof, n) / fit.dof
    z = rng.multivariate_normal(np.zeros(len(fit.beta)), fit.cov, size=n, method="svd")
    betas = fit.beta + z / np.sqrt(chi)[:, None]
    sig = fit.sigma / np.sqrt(chi)
    u = y_last - betas @ X_last                      # the last pre-period error under each draw
    eps = rng.standard_normal((n, h)) * sig[:, None]
    out = np.empty((n, h))
    for k in range(h):                               # h months (a few dozen), vectorised over draws
        u = fit.rho * u + eps[:, k]
        out[:, k] = u
    return betas @ X_post.T + out


def project(y_pre: np.ndarray, t: np.ndarray, moy: np.ndarray, post: np.ndarray, *, n_draws: int = 2000,
            seed: int = 0) -> Projection:
    """Fit the level and the trend model on ``~post`` months and draw the ``post`` months.

    *t* and *moy* (month of year 1–12) cover all months; *y_pre* the pre-period ones.
    """
    pre = ~post
    fits = fit_models(y_pre, t[pre], moy[pre])
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_draws, [f.weight for f in fits])
    draws, mean = [], np.zeros(int(post.sum()))
    season = pre.sum() >= 12
    for f, k in zip(fits, counts, strict=True):
        X, _ = design(t, moy, trend=f.name == "trend", season=season)
        Xp, Xl = X[post], X[pre][-1]
        mean += f.weight * (Xp @ f.beta + f.rho ** np.arange(1, len(Xp) + 1) * f.resid_last)
        if k:
            draws.append(_draw(f, Xp, Xl, float(y_pre[-1]), int(k), rng))
    d = np.vstack(draws)
    rng.shuffle(d, axis=0)
    tw = sum(f.weight for f in fits if f.name == "trend")
    return Projection(mean, d, float(sum(f.weight * f.sigma for f in fits)), float(tw))


def standardised_gain(actual: np.ndarray, proj: Projection) -> float:
    """The summed gain over its draws' standard deviation (a z-score)."""
    s = proj.draws.sum(axis=1)
    sd = float(s.std())
    return float((actual.sum() - s.mean()) / sd) if sd > 0 else float("nan")


#: a placebo go-live is at least this many months before the real one (so it has months to measure)
PLACEBO_GAP = 3
#: fewest months before go-live with at least one placebo
MIN_PRE_FOR_PLACEBO = MIN_PRE_MONTHS + PLACEBO_GAP


def placebo_z(y: np.ndarray, n_pre: int, horizon: int, project_fn, *, min_fit: int = MIN_PRE_MONTHS
              ) -> list[tuple[int, float]]:
    """Standardised placebo gains: go-live pretended at pre-period months ``min_fit … n_pre − 3``.

    Each placebo is fitted on the months before it and measured on up to *horizon* months
    after it, never reaching the real go-live (index *n_pre*). ``project_fn(y_pre, post, end)``
    returns the :class:`Projection` for the first *end* months. Returns (placebo index, z).
    """
    out = []
    for p in range(max(min_fit, MIN_PRE_MONTHS), n_pre - PLACEBO_GAP + 1):
        end = min(n_pre, p + horizon)
        post = np.arange(end) >= p
        try:
            proj = project_fn(y[:p], post, end)
        except ValueError:
            continue
        out.append((p, standardised_gain(y[p:end], proj)))
    return out



# ---- models of the pipeline yield ------------------------------------------------------------

#: signal-to-noise ratios q = var(level step) / var(noise) of the drifting (local-level) yields
Q_GRID = (0.001, 0.003, 0.01, 0.03)
#: month-to-month correlations of the stationary yields (0: independent months around a constant)
RHO_GRID = (0.0, 0.25, 0.5, 0.75)
#: prior weight of the three families: a constant yield, one with correlated months, a drifting one
FAMILY_PRIOR = {"constant": 0.5, "ar1": 0.25, "drift": 0.25}


@dataclass
class _YieldFit:
    """One yield model fitted on the pre-period (σ² concentrated out, restricted likelihood)."""

    family: str               # constant | ar1 | drift
    param: float              # ρ for ar1, q for drift
    loglik: float
    s2: float                 # σ² estimate (innovation variance)
    dof: int
    level: float              # estimated level (ar1, constant) or predicted level for the next month (drift)
    level_var: float          # its variance / σ²
    last_dev: float           # r_T − level (ar1): the deviation the AR process continues from


def _local_level(r: np.ndarray, q: float) -> _YieldFit:
    """Kalman filter of a local level with diffuse start; the restricted likelihood with σ² concentrated out."""
    a, p = r[0], 1.0 + q                 # after the first month: level = r₀, variance σ²(1 + q)
    ss, logf = 0.0, 0.0
    for v_t in r[1:]:                     # the pre-period months (a few dozen)
        f = p + 1.0
        v = v_t - a
        ss += v * v / f
        logf += np.log(f)
        k = p / f
        a += k * v
        p = p * (1 - k) + q
    m = len(r) - 1
    s2 = max(ss / m, 1e-18)
    return _YieldFit("drift", q, -0.5 * m * np.log(s2) - 0.5 * logf, s2, m, float(a), float(p), 0.0)


def _ar1_level(r: np.ndarray, rho: float) -> _YieldFit:
    """A constant level with AR(1) deviations (Prais–Winsten GLS); the same restricted likelihood.

    With ρ = 0 this is the local level with q = 0 (independent months around a constant), so the
    likelihoods of both families compare directly.
    """
    c = np.sqrt(1 - rho * rho)
    z = np.concatenate([[c * r[0]], r[1:] - rho * r[:-1]])
    xx = np.concatenate([[c], np.full(len(r) - 1, 1 - rho)])
    xtx = float(xx @ xx)
    mu = float(xx @ z) / xtx
    m = len(r) - 1
    s2 = max(float(((z - xx * mu) ** 2).sum()) / m, 1e-18)
    ll = -0.5 * m * np.log(s2) + 0.5 * np.log(1 - rho * rho) - 0.5 * np.log(xtx)
    return _YieldFit("constant" if rho == 0 else "ar1", rho, ll, s2, m, mu, 1.0 / xtx, float(r[-1] - mu))


def _yield_fits(r: np.ndarray) -> tuple[list[_YieldFit], np.ndarray]:
    """Every yield model and its posterior weight (prior per family, spread evenly within it)."""
    fits = [_ar1_level(r, rho) for rho in RHO_GRID] + [_local_level(r, q) for q in Q_GRID]
    n_of = {f: sum(x.family == f for x in fits) for f in FAMILY_PRIOR}
    prior = np.array([FAMILY_PRIOR[f.family] / n_of[f.family] for f in fits])
    ll = np.array([f.loglik for f in fits]) + np.log(prior)
    w = np.exp(ll - ll.max())
    return fits, w / w.sum()


def _draw_yield(f: _YieldFit, h: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """*k* draws of the yield over *h* months from one fitted model, σ² drawn from its scaled inverse χ²."""
    sig2 = f.s2 * f.dof / rng.chisquare(f.dof, k)
    sd = np.sqrt(sig2)[:, None]
    level = f.level + np.sqrt(f.level_var) * sd[:, 0] * rng.standard_normal(k)
    if f.family == "drift":
        steps = np.sqrt(f.param) * sd * rng.standard_normal((k, h))
        steps[:, 0] = 0.0
        return level[:, None] + np.cumsum(steps, axis=1) + sd * rng.standard_normal((k, h))
    # constant level with AR(1) deviations continuing from the last pre-period month's deviation
    dev = (f.last_dev + f.level - level)[:, None] * f.param ** np.arange(1, h + 1)
    e = sd * rng.standard_normal((k, h))
    for j in range(1, h):                 # the innovations propagate too (h: the post months)
        e[:, j] += f.param * e[:, j - 1]
    return level[:, None] + dev + e


def project_yield(y_pre: np.ndarray, x: np.ndarray, post: np.ndarray, *, n_draws: int = 2000, seed: int = 0
                  ) -> Projection:
    """Counterfactual ``x × yield`` for the post months, the yield ``y / x`` averaged over models.

    The yield is a constant level with independent months, a constant level with AR(1) months
    (:data:`RHO_GRID`) or a drifting local level (:data:`Q_GRID`), weighted by prior
    (:data:`FAMILY_PRIOR`) × restricted likelihood. σ² is drawn from its scaled inverse χ², so
    short pre-periods get wider intervals; a drifting yield widens the interval with the horizon,
    correlated months widen it by their persistence.
    """
    pre = ~post
    xp, xq = x[pre], x[post]
    if len(y_pre) < MIN_PRE_MONTHS:
        raise ValueError(f"needs at least {MIN_PRE_MONTHS} months, got {len(y_pre)}")
    if not (np.all(np.isfinite(x)) and np.all(x > 0)):
        raise ValueError("the covariate must be positive in every month")
    fits, w = _yield_fits(y_pre / xp)
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_draws, w)
    h = len(xq)
    mean = np.zeros(h)
    draws = []
    for f, k, wi in zip(fits, counts, w, strict=True):
        mean += wi * (f.level + (f.last_dev * f.param ** np.arange(1, h + 1) if f.family != "drift" else 0)) * xq
        if k:
            draws.append(_draw_yield(f, h, k, rng) * xq)
    d = np.vstack(draws)
    rng.shuffle(d, axis=0)
    sigma = float(sum(wi * np.sqrt(f.s2) for wi, f in zip(w, fits, strict=True)) * xp.mean())
    weight = {fam: float(sum(wi for f, wi in zip(fits, w, strict=True) if f.family == fam)) for fam in FAMILY_PRIOR}
    return Projection(mean, d, sigma, weight["drift"], weight["ar1"])


# ---- the yield with a known noise floor ------------------------------------------------------
#
# A month's total is a sum over the deals won in it, so most of its month-to-month noise is the
# sampling noise of that sum: under a compound-Poisson count of wins its variance is the sum of
# the squared deal values, κ·x per unit of inflow x (κ from the deals won before go-live). On
# top of that floor the yield may vary more: independent months, correlated months or a drift,
# of a variance that is a multiple of the floor (a grid, weighted by restricted likelihood).
# The floor is estimated from hundreds of deals rather than from two dozen months, which is
# what makes this model's interval narrower where the months vary no more than their deals do.

#: extra variation of the yield, as multiples of its sampling variance (0 is in the constant family)
EXCESS_GRID = (1 / 16, 1 / 8, 1 / 4, 1 / 2)
#: step variance of a drifting yield, as multiples of its sampling variance
DRIFT_GRID = (0.003, 0.01, 0.03)
#: the noise floor as a multiple of the compound-Poisson variance, with its prior: 1 unless the months are steadier
#: than independent deals would make them (regular repeat orders, a fixed sales capacity)
FLOOR_PRIOR = {1.0: 0.85, 0.25: 0.05, 1 / 16: 0.05, 1 / 64: 0.05}


def _known_hypotheses() -> list[tuple[str, float, float, float]]:
    """(family, ρ or drift step, excess, floor) for every model of the yield around its level."""
    shapes = [("constant", 0.0, c) for c in (0.0, *EXCESS_GRID)]
    shapes += [("ar1", rho, c) for rho in RHO_GRID if rho > 0 for c in EXCESS_GRID]
    shapes += [("drift", q, 0.0) for q in DRIFT_GRID]
    return [(*shape, floor) for floor in FLOOR_PRIOR for shape in shapes]


def _known_prior(hyps: list[tuple[str, float, float, float]]) -> np.ndarray:
    fams = [h[0] for h in hyps]
    return np.array([FAMILY_PRIOR[f] / fams.count(f) * len(FLOOR_PRIOR) * FLOOR_PRIOR[s] for f, _, _, s in hyps])


def _known_cov(hyps: list[tuple[str, float, float, float]], v: np.ndarray, vbar: float) -> np.ndarray:
    """Covariance of the yield's months per hypothesis, (H, m, m): floor × sampling variance *v* + extra variation.

    The extra variation is in units of *vbar*, the mean sampling variance before go-live.
    """
    m = len(v)
    idx = np.arange(m, dtype=float)
    d = np.abs(idx[:, None] - idx[None, :])
    out = np.empty((len(hyps), m, m))
    for k, (fam, p, c, floor) in enumerate(hyps):    # a hundred hypotheses, not rows
        if fam == "drift":
            out[k] = vbar * p * np.minimum(idx[:, None], idx[None, :])
        else:
            out[k] = vbar * c * (p ** d if fam == "ar1" else (d == 0))
        out[k][np.diag_indices(m)] += floor * v
    return out


def _known_fits(r: np.ndarray, v: np.ndarray, hyps: list[tuple[str, float, float, float]]
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per hypothesis: restricted log-likelihood of the pre-period yield *r*, and the post months' mean and covariance.

    *v* is the sampling variance of every month, pre-period first. Each hypothesis is a Gaussian
    process with an unknown constant level (flat prior), so the prediction is universal kriging:
    mean ``μ̂ + S_qp S_pp⁻¹ (r − μ̂)``, covariance ``S_qq − S_qp S_pp⁻¹ S_pq + b bᵀ / (1ᵀ S_pp⁻¹ 1)``
    with ``b = 1 − S_qp S_pp⁻¹ 1`` (the level's uncertainty).
    """
    n, H = len(r), len(hyps)
    S = _known_cov(hyps, v, float(v[:n].mean()))
    Spp, Sqp, Sqq = S[:, :n, :n], S[:, n:, :n], S[:, n:, n:]
    L = np.linalg.cholesky(Spp)
    a1 = np.linalg.solve(L, np.broadcast_to(np.ones(n), (H, n))[..., None])[..., 0]
    ar = np.linalg.solve(L, np.broadcast_to(r, (H, n))[..., None])[..., 0]
    A = (a1 * a1).sum(1)                                                    # 1ᵀ S⁻¹ 1
    mu = (a1 * ar).sum(1) / A
    Q = (ar * ar).sum(1) - A * mu * mu                                      # (r − μ̂)ᵀ S⁻¹ (r − μ̂)
    logdet = 2 * np.log(np.diagonal(L, axis1=1, axis2=2)).sum(1)
    loglik = -0.5 * (logdet + np.log(A) + Q)
    W = np.linalg.solve(Spp, Sqp.transpose(0, 2, 1)).transpose(0, 2, 1)     # S_qp S_pp⁻¹, (H, h, n)
    mean_r = mu[:, None] + np.einsum("khn,kn->kh", W, r[None, :] - mu[:, None])
    b = 1 - W.sum(2)
    cov = Sqq - W @ Sqp.transpose(0, 2, 1) + b[:, :, None] * b[:, None, :] / A[:, None, None]
    return loglik, mean_r, cov


def project_yield_known(y_pre: np.ndarray, x: np.ndarray, post: np.ndarray, kappa: float, *,
                        n_draws: int = 2000, seed: int = 0) -> Projection:
    """Counterfactual ``x × yield`` whose monthly sampling noise is known: variance ``κ / x`` of the yield.

    The yield is a level plus (a) nothing more, or extra variation of
    :data:`EXCESS_GRID` × the sampling variance that is independent (constant family) or AR(1)
    (:data:`RHO_GRID`), or (b) a random-walk drift (:data:`DRIFT_GRID`). Each hypothesis is a
    Gaussian process with an unknown level; its restricted likelihood × the family prior
    (:data:`FAMILY_PRIOR`) weighs it, and its prediction (universal kriging: the level's
    uncertainty included) gives the draws. Post-period draws include the months' own sampling
    noise, since the counterfactual is a month's realised total, not its expectation.
    """
    pre = ~post
    xp, xq = x[pre], x[post]
    n, h = len(xp), len(xq)
    if n < MIN_PRE_MONTHS:
        raise ValueError(f"needs at least {MIN_PRE_MONTHS} months, got {n}")
    if not (np.all(np.isfinite(x)) and np.all(x > 0)):
        raise ValueError("the covariate must be positive in every month")
    if not (np.isfinite(kappa) and kappa > 0):
        raise ValueError("the sampling variance must be positive")
    r = y_pre / xp
    v = kappa / np.concatenate([xp, xq])
    vbar = float(v[:n].mean())
    hyps = _known_hypotheses()
    loglik, mean_r, cov = _known_fits(r, v, hyps)
    fams = np.array([hy[0] for hy in hyps])
    ll = loglik + np.log(_known_prior(hyps))
    w = np.exp(ll - ll.max())
    w /= w.sum()
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n_draws, w)
    draws = []
    for k in np.flatnonzero(counts):                # the hypotheses drawn from (a few dozen at most)
        c = cov[k] + np.eye(h) * 1e-12 * float(cov[k].diagonal().max())   # a jitter for the Cholesky
        draws.append((mean_r[k] + rng.standard_normal((counts[k], h)) @ np.linalg.cholesky(c).T) * xq)
    d = np.vstack(draws)
    rng.shuffle(d, axis=0)
    var = float(sum(wk * (s + (c if f != "drift" else 0.0)) for wk, (f, _, c, s) in zip(w, hyps, strict=True)))
    sigma = float(np.sqrt(vbar * var) * xp.mean())
    weight = {f: float(w[fams == f].sum()) for f in FAMILY_PRIOR}
    return Projection(w @ mean_r * xq, d, sigma, weight["drift"], weight["ar1"])


def yield_trend_known(r_pre: np.ndarray, x_pre: np.ndarray, x_post: np.ndarray, kappa: float
                      ) -> tuple[float, np.ndarray]:
    """Weight of a linear trend in the pre-period yield, and the post-period total it would add.

    Both the level and the level-plus-trend model are fitted by generalised least squares under
    every non-drifting hypothesis of :func:`project_yield_known` (months weighted by their
    sampling noise, correlated months allowed); their likelihoods, averaged over the hypotheses
    with the prior, are compared by BIC. The shift is the most likely hypothesis's.
    Returns the trend's weight and, per post month, (trend − level) projection × inflow.
    """
    n = len(r_pre)
    idx = np.arange(n, dtype=float)
    hyps = [hy for hy in _known_hypotheses() if hy[0] != "drift"]
    v = kappa / x_pre
    S = _known_cov(hyps, v, float(v.mean()))
    prior = _known_prior(hyps)
    logprior = np.log(prior / prior.sum())
    L = np.linalg.cholesky(S)
    logdet = 2 * np.log(np.diagonal(L, axis1=1, axis2=2)).sum(1)
    rw = np.linalg.solve(L, np.broadcast_to(r_pre, (len(hyps), n))[..., None])[..., 0]
    fits = []
    for X in (np.ones((n, 1)), np.column_stack([np.ones(n), idx])):
        Xw = np.linalg.solve(L, np.broadcast_to(X, (len(hyps), *X.shape)))
        beta = np.linalg.solve(Xw.transpose(0, 2, 1) @ Xw, (Xw.transpose(0, 2, 1) @ rw[..., None]))[..., 0]
        e = rw - (Xw @ beta[..., None])[..., 0]
        ll = -0.5 * (logdet + (e * e).sum(1)) + logprior
        k = int(np.argmax(ll))
        fits.append((float(ll[k] + np.log(np.exp(ll - ll[k]).sum())), beta[k]))     # log Σ prior × likelihood
    d = 2 * (fits[1][0] - fits[0][0]) - np.log(n)
    weight = float(1 / (1 + np.exp(-np.clip(d, -700, 700) / 2)))
    tq = np.arange(n, n + len(x_post), dtype=float)
    shift = (fits[1][1][0] + fits[1][1][1] * tq - fits[0][1][0]) * x_post
    return weight, shift
