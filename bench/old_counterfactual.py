"""The ROI counterfactual as shipped before the calibration issue (kept for the benchmark's comparison)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crmanalysis.data import NotComputable
from crmanalysis.i18n import Note


@dataclass
class Counterfactual:
    """Pre-go-live model projected after go-live (monthly)."""

    monthly: pd.DataFrame                 # month, actual, counterfactual, cf_low, cf_high, post, gain
    draws: np.ndarray                     # bootstrap draws of the counterfactual, (n_boot, n_post)
    model: str
    residual_sd: float
    notes: list[str] = field(default_factory=list)
    metric: str = ""                      # what the series measures (new_revenue, gross_margin)


def counterfactual(series: pd.Series, go_live: Any, *, n_boot: int = 2000, seed: int = 0,
                   level: float = 0.9) -> Counterfactual:
    """Fit trend + month-of-year seasonality on the months before go-live; project after it.

    With ≥ 24 pre-go-live months the seasonality is a factor per calendar month; with fewer
    it is one annual harmonic (sin/cos), which needs far fewer parameters. The interval is a
    parametric bootstrap: coefficients drawn from their estimated distribution plus residual
    noise, so both model uncertainty and month-to-month noise are in it.
    """
    go = pd.Timestamp(go_live).to_period("M").to_timestamp()
    s = series.sort_index()
    t = np.arange(len(s), dtype=float)
    moy = s.index.month.to_numpy()
    pre = s.index < go
    notes = []
    if pre.sum() < 6:
        raise NotComputable(f"at least 6 months of data before go-live (have {int(pre.sum())})")
    if pre.sum() >= 24:
        season = [(moy == m).astype(float) for m in range(1, 13)]
        base_model = Note("model.moy")
    else:
        season = [np.ones_like(t), np.sin(2 * np.pi * moy / 12), np.cos(2 * np.pi * moy / 12)]
        base_model = Note("model.harmonic")
    y = s.to_numpy(dtype=float)

    def fit(X):
        Xp, yp = X[pre], y[pre]
        beta, *_ = np.linalg.lstsq(Xp, yp, rcond=None)
        resid = yp - Xp @ beta
        dof = max(1, len(yp) - np.linalg.matrix_rank(Xp))
        sigma = float(np.sqrt(resid @ resid / dof))
        return beta, sigma, sigma ** 2 * np.linalg.pinv(Xp.T @ Xp)
    # a linear trend is projected only with >= 24 months before go-live (enough to tell trend from
    # seasonality) and when those months show one (|t| >= 2); extrapolating a noise slope fitted on
    # a year of data over the whole post period would dominate the "gain"
    X = np.column_stack(season + [t])
    beta, sigma, cov = fit(X)
    t_stat = beta[-1] / np.sqrt(cov[-1, -1]) if cov[-1, -1] > 0 else 0.0
    if pre.sum() >= 24 and abs(t_stat) >= 2:
        model = Note("model.trend", base=base_model, t=round(float(t_stat), 1))
    else:
        X = np.column_stack(season)
        beta, sigma, cov = fit(X)
        why = Note("model.why_short") if pre.sum() < 24 else Note("model.why_flat")
        model = Note("model.no_trend", base=base_model, why=why, t=round(float(t_stat), 1))
        if abs(t_stat) >= 2:
            notes.append(Note("note.pre_trend", t=round(float(t_stat), 1)))
    fit = X @ beta
    rng = np.random.default_rng(seed)
    post_idx = np.flatnonzero(~pre)
    betas = rng.multivariate_normal(beta, cov, size=n_boot, method="svd")
    draws = betas @ X[post_idx].T + rng.normal(0, sigma, (n_boot, len(post_idx)))
    q = [(1 - level) / 2, 1 - (1 - level) / 2]
    lo, hi = np.quantile(draws, q, axis=0)
    monthly = pd.DataFrame({"month": s.index, "actual": y, "counterfactual": fit, "post": ~pre})
    monthly["cf_low"] = np.nan
    monthly["cf_high"] = np.nan
    monthly.loc[~pre, "cf_low"] = lo
    monthly.loc[~pre, "cf_high"] = hi
    monthly["gain"] = np.where(~pre, monthly["actual"] - monthly["counterfactual"], np.nan)
    notes.append(Note("note.counterfactual", model=model, n=int(pre.sum()), sd=round(sigma)))
    return Counterfactual(monthly, draws, model, sigma, notes)

