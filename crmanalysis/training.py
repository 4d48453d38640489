"""Helpers for the training notebooks: check a learner's answer and say so kindly."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["check"]


def check(answer: Any, expected: Any, *, tol: float = 1e-6, what: str = "answer") -> bool:
    """Assert that *answer* equals *expected* (numbers within *tol*, relative) and print the outcome.

    Raises AssertionError with a hint when wrong, so a trainer running the notebook top to bottom
    (or nbval in CI) notices a broken exercise immediately.
    """
    if answer is None or answer is Ellipsis:
        raise AssertionError(f"no {what} yet: fill in the exercise cell above (or expand the solution)")
    ok: bool
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        ok = isinstance(answer, float | int) and math.isclose(float(answer), float(expected), rel_tol=tol,
                                                              abs_tol=tol)
    else:
        ok = answer == expected
    if not ok:
        raise AssertionError(f"not quite: your {what} is {answer!r}; look again at the explanation above")
    print(f"✓ correct: {answer!r}")
    return True
