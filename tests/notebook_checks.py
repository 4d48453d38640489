"""Checks shared by the real-export suite and the degradation matrix: what an executed report must show."""

from __future__ import annotations

import json
import re
from pathlib import Path

from crmanalysis.batch import NOTEBOOKS
from crmanalysis.notebook import read_results

_TITLE = re.compile(r'with section\(client, "([^"]+)"')


def section_outputs(nb_path: Path) -> list[tuple[str, list[dict]]]:
    """(first source line, outputs) of every code cell that runs a ``with section(...)`` block."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        src = "".join(cell.get("source", ""))
        if cell["cell_type"] == "code" and "with section(" in src:
            out.append((src.splitlines()[0], cell.get("outputs", [])))
    return out


def _left_out(nb_path: Path, first_line: str) -> bool:
    """The section of that cell was left out on purpose: the notebook records it as absent (data the client lacks)."""
    m = _TITLE.search(first_line) or _TITLE.search(_cell_source(nb_path, first_line))
    if not m:
        return False
    return m.group(1) in {a["section"] for a in read_results(nb_path).get("absent") or []}


def _cell_source(nb_path: Path, first_line: str) -> str:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return next(("".join(c.get("source", "")) for c in nb["cells"]
                 if "".join(c.get("source", "")).splitlines()[:1] == [first_line]), "")


def problems(folder: Path) -> list[str]:
    """Everything a report must not contain: failed notebooks, tracebacks, sections that show nothing."""
    found = []
    for name in NOTEBOOKS:
        p = folder / f"{name}.ipynb"
        if not p.exists():
            found.append(f"{name}: not executed")
            continue
        nb = json.loads(p.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for o in cell.get("outputs", []):
                if o.get("output_type") == "error":
                    found.append(f"{name}: {o.get('ename')}: {o.get('evalue')}")
                text = "".join(o.get("text", "")) + json.dumps(o.get("data", {}))
                if "Traceback (most recent call last)" in text:
                    found.append(f"{name}: a traceback in an output")
        for first, outputs in section_outputs(p):
            shown = [o for o in outputs if o.get("output_type") in ("display_data", "execute_result")]
            if not shown and not _left_out(p, first):
                found.append(f"{name}: section {first!r} shows neither a result nor a sentence")
    return found
