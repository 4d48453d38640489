"""The first numbers of every real export against a plain-pandas count of its raw files, per folder.

For each ../shared/realdata folder, from its hand config (tests/realdata/) and from the unedited
``crmanalysis init`` draft: the values the first page gives (notebook 01's ``headline``, computed
here by the same function without the notebooks) against tests/realdata_truth.py, the rows read /
kept / rejected / excluded, and the report month chosen. Goal: every value matches, no file
rejects more than 2 % of its rows.

    python bench/realdata_numbers.py
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from realdata_truth import TRUTHS  # noqa: E402

from crmanalysis.analyses.headline import headline  # noqa: E402
from crmanalysis.io import load_client  # noqa: E402
from crmanalysis.io.draft import draft_yaml, plan_folder  # noqa: E402
from crmanalysis.notebook import default_month  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
# the hand configs in tests/realdata/ read the exports where they lie: allowed, as --allow-files does
os.environ.setdefault("CRMANALYSIS_ALLOW_FILES", str(REALDATA.resolve()))


def _same(a, b) -> bool:
    if a is None or b is None or a != a or b != b:
        return (a is None or a != a) and (b is None or b != b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def measure(config: Path, name: str, draft: bool) -> dict:
    data, report = load_client(config, cache=False)
    month = default_month(data)
    got = {(r.kpi, r.period): r.value for r in headline(data, month).itertuples()}
    kw = {"year": dt.date.today().year} if draft and name == "online_advertising" else {}
    truth = TRUTHS[name](REALDATA / name, **kw)
    matched = sum(_same(got.get(k), v) for k, v in truth.cells.items())
    extra = sum(1 for k, v in got.items() if k not in truth.cells and v == v and v is not None)
    t = report.totals()
    worst = max((f["rows_rejected"] / f["rows_read"] for f in report.files if f["rows_read"]), default=0.0)
    return {"values": len(truth.cells), "matched": matched, "extra": extra, "month": month,
            "month_ok": month == truth.month, "read": t["rows_read"], "kept": t["rows_kept"],
            "rejected": t["rows_rejected"], "excluded": t["rows_excluded"], "worst_file": worst}


def main() -> int:
    if not REALDATA.is_dir():
        print(f"no real exports at {REALDATA}: nothing to measure")
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(TRUTHS):
            draft = Path(tmp) / name / "client.yml"
            draft.parent.mkdir(parents=True)
            draft.write_text(draft_yaml(plan_folder(REALDATA / name), out_dir=draft.parent), encoding="utf-8")
            for how, cfg in (("config", ROOT / "tests" / "realdata" / f"{name}.yml"), ("draft", draft)):
                rows.append((name, how, measure(cfg, name, how == "draft")))
    print(f"{'folder':<26}{'from':<8}{'values matched':>16}{'month':>10}{'read':>9}{'kept':>9}{'rejected':>10}"
          f"{'excluded':>10}{'worst file':>12}")
    ok = True
    for name, how, m in rows:
        good = m["matched"] == m["values"] and not m["extra"] and m["month_ok"] and m["worst_file"] <= 0.02
        ok &= good
        print(f"{name:<26}{how:<8}{m['matched']:>8} of {m['values']:<5}{m['month']:>10}{m['read']:>9,}{m['kept']:>9,}"
              f"{m['rejected']:>10,}{m['excluded']:>10,}{m['worst_file']:>11.1%}{'' if good else '  NOT MET'}")
    total = sum(m["values"] for _, _, m in rows)
    matched = sum(m["matched"] for _, _, m in rows)
    print(f"\n{matched} of {total} values match the count of the raw files; goal (all match, every month right, "
          f"no file over 2 % rejected): {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
