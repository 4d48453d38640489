"""The ROI counterfactual as shipped before the calibration issue, reduced to its draws.

Kept only so that ``roi_calibration.py`` can show the previous model's false positives and
coverage on the same series: trend + month-of-year seasonality by least squares, the trend kept
only with >= 24 pre-go-live months and |t| >= 2, residuals treated as independent.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmanalysis.data import NotComputable


def counterfactual_draws(series: pd.Series, go_live: Any, *, n_boot: int = 2000, seed: int = 0) -> np.ndarray:
    """Draws (n_boot, months after go-live) of the previous model's counterfactual."""
    go = pd.Timestamp(go_live).to_period("M").to_timestamp()
    s = series.sort_index()
    t = np.arange(len(s), dtype=float)
    moy = s.index.month.to_numpy()
    pre = s.index < go
    if pre.sum() < 6:
        raise NotComputable(f"at least 6 months of data before go-live (have {int(pre.sum())})")
    if pre.sum() >= 24:
        season = [(moy == m).astype(float) for m in range(1, 13)]
    else:
        season = [np.ones_like(t), np.sin(2 * np.pi * moy / 12), np.cos(2 * np.pi * moy / 12)]
    y = s.to_numpy(dtype=float)

    def fit(X):
        Xp, yp = X[pre], y[pre]
        beta, *_ = np.linalg.lstsq(Xp, yp, rcond=None)
        resid = yp - Xp @ beta
        dof = max(1, len(yp) - np.linalg.matrix_rank(Xp))
        sigma = float(np.sqrt(resid @ resid / dof))
        return beta, sigma, sigma ** 2 * np.linalg.pinv(Xp.T @ Xp)
    X = np.column_stack(season + [t])
    beta, sigma, cov = fit(X)
    t_stat = beta[-1] / np.sqrt(cov[-1, -1]) if cov[-1, -1] > 0 else 0.0
    if not (pre.sum() >= 24 and abs(t_stat) >= 2):
        X = np.column_stack(season)
        beta, sigma, cov = fit(X)
    rng = np.random.default_rng(seed)
    post_idx = np.flatnonzero(~pre)
    betas = rng.multivariate_normal(beta, cov, size=n_boot, method="svd")
    return betas @ X[post_idx].T + rng.normal(0, sigma, (n_boot, len(post_idx)))
