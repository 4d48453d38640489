"""Hand arithmetic the plan tests share: the step-up lifts and the rounding of a money target."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# uplift 5 %, +5 % every 3 months, at most 25 %: months 0-2 +5 %, 3-5 +10 %, 6-8 +15 %, 9-11 +20 %, from 12 +25 %
LIFT = [0.05] * 3 + [0.10] * 3 + [0.15] * 3 + [0.20] * 3 + [0.25] * 4


def three_digits(x: float) -> float:
    """Money targets: three significant digits, half up (561,178 → 561,000; 12,962 → 13,000)."""
    d = Decimal(repr(float(x)))
    step = Decimal(1).scaleb(max(d.adjusted() - 2, 0))
    return float((d / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)
