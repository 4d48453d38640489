"""Put each section's explanation into the analysis notebooks as a Markdown cell, in English.

A trainee or consultant who opens a notebook in JupyterLab reads what each section asks before
running it. The text is the section's own (``section(client, …, intro="nb.activity.efficiency")``,
``chapter_intro(client, "activity")``), so there is one text to keep; the cell is tagged
``explains`` with its text key, and the report leaves these cells out: it shows the same text,
translated into the client's language, from what the section displays when it runs.

    python notebooks/explanations.py           # rewrite the cells from crmanalysis/texts
    python notebooks/explanations.py --check   # exit 1 when a notebook is out of step
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOKS = ("01_baseline", "02_targets", "03_activity_vs_progress", "04_roi")
TAG = "explains"
_INTRO = re.compile(r'intro="(nb\.[a-z_.]+)"')
_CHAPTER = re.compile(r'chapter_intro\(client, "([a-z_]+)"\)')


def text_key(source: str) -> str | None:
    """The text key a code cell's section or chapter opening shows, or None."""
    m = _INTRO.search(source)
    if m:
        return m.group(1)
    m = _CHAPTER.search(source)
    return f"nb.{m.group(1)}.intro" if m else None


def explained(nb):
    """*nb* with one ``explains`` Markdown cell, in English, before each code cell that opens a section."""
    import nbformat

    from crmanalysis.texts import t

    out = []
    for cell in (c for c in nb.cells if TAG not in c.metadata.get("tags", [])):
        key = text_key(cell.source) if cell.cell_type == "code" else None
        if key:
            md = nbformat.v4.new_markdown_cell(t(key, "en"), metadata={"tags": [TAG], "text_key": key})
            md.id = f"explains-{key.replace('.', '-')}"[:64]
            out.append(md)
        out.append(cell)
    nb.cells = out
    return nb


def _explanations(nb) -> list[tuple[str, str]]:
    return [(c.metadata.get("text_key"), c.source) for c in nb.cells if TAG in c.metadata.get("tags", [])]


def out_of_step(path: Path) -> list[str]:
    """The text keys of the notebook at *path* whose explanation cell is missing, stale or left over."""
    import copy

    import nbformat

    nb = nbformat.read(path, as_version=4)
    want, have = _explanations(explained(copy.deepcopy(nb))), _explanations(nb)
    return [k for k, s in want if (k, s) not in have] + [k for k, s in have if (k, s) not in want]


def main(argv: list[str]) -> int:
    """Rewrite the explanation cells (or, with ``--check``, list the notebooks out of step)."""
    bad = 0
    for name in NOTEBOOKS:
        path = HERE / f"{name}.ipynb"
        if "--check" in argv:
            missing = out_of_step(path)
            if missing:
                print(f"{path.name}: explanations out of step: {', '.join(missing)}")
                bad = 1
            continue
        import nbformat

        nbformat.write(explained(nbformat.read(path, as_version=4)), path)
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
