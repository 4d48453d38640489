"""What a director meets in each report: pages, KPI cards and findings on page 1, "cannot show" lines, defects.

Runs the monthly batch over the three sample clients and the hand config of every ../shared/realdata
folder, then measures each report with tests/report_checks.py. Goals: at least 3 KPI cards and 3
findings on the printed page 1, at most 5 % of lines saying what the report cannot show, no near-empty chapter
and no near-empty page but the last (under 30 % full as the PDF lays it out), no chapter heading
with only its intro below it on its page, no defect. A client
whose data cannot give 3 KPIs (one ad-spend file) is listed as NOT MET, with why.

    python bench/report_pages.py [OUT]     # OUT: keep the reports there (default: a temporary folder)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from report_checks import MAX_CANNOT_SHOW, first_page, page_layout, report_defects, report_measures, thin_pages  # noqa: E402

from crmanalysis import batch as B  # noqa: E402
from crmanalysis.cli import ensure_demo  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
os.environ.setdefault("CRMANALYSIS_ALLOW_FILES", str(REALDATA.resolve()))


def _pages(pdf: Path) -> str:
    if not pdf.exists() or not shutil.which("pdfinfo"):
        return "?"
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", out)
    return m.group(1) if m else "?"


def _why(run, m: dict, defects: list[str], thin: list[int], stranded: list[str]) -> str:
    """Which goals a report misses, and what its data holds (a file of leads without dates has little to say)."""
    from crmanalysis.notebook import read_results

    summary = read_results(Path(run.folder) / "01_baseline.ipynb").get("summary") or {}
    missed = [f"{m[k]} {k}" for k in ("cards", "findings") if m[k] < 3]
    missed += [f"{m['cannot_show']:.0%} cannot-show lines"] * (m["cannot_show"] > MAX_CANNOT_SHOW)
    missed += [f"{len(defects)} defects"] * bool(defects) + [f"{m['thin_chapters']} thin chapters"] * bool(
        m["thin_chapters"]) + [f"near-empty page(s) {thin}"] * bool(thin) + stranded
    data = f"{summary.get('rows_kept', '?'):,} rows of {', '.join(summary.get('tables') or [])}" + (
        "" if summary.get("data_start") else ", no dates")
    return f"{'; '.join(missed)} ({data})"


def main() -> int:
    ensure_demo(ROOT / "data" / "sample")
    configs = [ROOT / "data" / "sample" / c / "client.yml" for c in ("northwind", "alpina", "polderbouw")]
    if REALDATA.is_dir():
        configs += sorted((ROOT / "tests" / "realdata").glob("*.yml"))
    with tempfile.TemporaryDirectory() as tmp:
        out = sys.argv[1] if len(sys.argv) > 1 else tmp
        runs = B.run_batch(configs, out_root=out, workers=2, progress=False, timeout=900)
        print(f"{'client':<26}{'month':>9}{'pages':>7}{'cards':>7}{'coloured':>10}{'findings':>10}{'cannot show':>13}"
              f"{'thin':>6}{'empty pages':>13}{'stranded':>10}{'defects':>9}")
        met = 0
        for r in sorted(runs, key=lambda r: r.client_id):
            if r.status != "ok":
                print(f"{r.client_id:<26} failed: {r.error}")
                continue
            html = (Path(r.folder) / "report.html").read_text(encoding="utf-8")
            m, defects = report_measures(html), report_defects(html, r.lang)
            # the cards and findings a director sees before turning the page, as the PDF prints them
            m.update(first_page(html, str(Path(r.folder) / "report.html")))
            layout = page_layout(Path(r.folder) / "report.html")
            thin, stranded = thin_pages(layout.fills, layout.chapter_starts), layout.stranded
            good = (m["cards"] >= 3 and m["findings"] >= 3 and m["cannot_show"] <= MAX_CANNOT_SHOW
                    and not m["thin_chapters"] and not thin and not stranded and not defects)
            met += good
            month = "no dates" if r.undated else r.month      # an undated export's folder is when it ran
            print(f"{r.client_id:<26}{month:>9}{_pages(Path(r.folder) / 'report.pdf'):>7}{m['cards']:>7}"
                  f"{m['coloured']:>10}{m['findings']:>10}{m['cannot_show']:>12.1%}{m['thin_chapters']:>6}{len(thin):>13}"
                  f"{len(stranded):>10}{len(defects):>9}"
                  f"{'' if good else '  NOT MET: ' + _why(r, m, defects, thin, stranded)}")
    print(f"\n{met} of {len(runs)} reports meet every goal (≥ 3 cards, ≥ 3 findings, ≤ {MAX_CANNOT_SHOW:.0%} "
          "'cannot show' lines, no near-empty chapter or page, no chapter heading stranded at a page's foot, "
          "no defect)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
