"""The old import paths of modules that moved, kept working for one release with a warning.

Consultants keep their own notebooks that say ``from crmanalysis import baseline``; those keep
running and are told the new name, instead of failing on the first cell after an update.
"""

from __future__ import annotations

import importlib
import sys
import warnings

#: old module name -> where it lives now
MOVED = {f"crmanalysis.{m}": f"crmanalysis.analyses.{m}"
         for m in ("baseline", "targets", "scorecard", "activity", "roi", "causal", "findings", "headline", "plan")}


def alias(old: str) -> None:
    """Make the module *old* the module it moved to, and warn the code that imported it.

    The old name then is the same module object as the new one, so a value patched through either
    name is seen through both.
    """
    new = MOVED[old]
    # stacklevel 3: past this function and the old module's body (importlib's own frames are skipped),
    # so the warning names the importing line and shows in a notebook
    warnings.warn(f"{old} has moved to {new}; import it from there (the old name goes in the next release)",
                  DeprecationWarning, stacklevel=3)
    sys.modules[old] = importlib.import_module(new)
