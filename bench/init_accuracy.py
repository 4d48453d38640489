"""How well ``crmanalysis init`` drafts a client configuration, against configurations written by hand.

For every ../shared/realdata folder (hand-written configs in tests/realdata/) and every vendor
fixture (tests/fixtures/vendors/*/client.yml): draft a config from the folder alone, ingest with
both, and compare which export header each canonical column was read from.

    precision = columns the draft maps as the hand config does / columns the draft maps
    recall    = columns the draft maps as the hand config does / columns the hand config maps

Goals (issue): recall >= 90 %, precision >= 95 %. With ``--notebooks`` the drafts also go through
the monthly batch (all four notebooks) unchanged.

    python bench/init_accuracy.py [--notebooks]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from vendor_fixtures import FIXTURES, exports_only  # noqa: E402

from crmanalysis.config import load_config  # noqa: E402
from crmanalysis.io import load_client  # noqa: E402
from crmanalysis.io.draft import draft_yaml, plan_folder  # noqa: E402
from crmanalysis.schema import TABLES  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
# the hand configs in tests/realdata/ read the exports where they lie: allowed, as --allow-files does
os.environ.setdefault("CRMANALYSIS_ALLOW_FILES", str(REALDATA.resolve()))
GOALS = {"recall": 0.90, "precision": 0.95}


def effective(config: Path) -> dict[tuple[str, str, str], str]:
    """(table, export file name, canonical column) -> the export header ingest read it from.

    Keyed by file too: a table read from several files (Salesforce Task and Event) maps each on its own."""
    _, report = load_client(config, cache=False)
    out = {}
    for f in report.files:
        canon = {c.name for c in TABLES[f["table"]]}
        for c, h in (f.get("columns") or {}).items():
            if c in canon:
                out[(f["table"], Path(str(f["file"])).name, c)] = h
    return out


def cases(tmp: Path) -> list[tuple[str, Path, Path]]:
    """(name, export folder, hand-written config)."""
    out = []
    if REALDATA.is_dir():
        for cfg in sorted((ROOT / "tests" / "realdata").glob("*.yml")):
            out.append((f"realdata/{cfg.stem}", REALDATA / cfg.stem, cfg))
    for d in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        folder = exports_only(d.name, tmp / "fixtures")          # the folder holds only exports when drafting
        out.append((f"fixture/{d.name}", folder, _beside(d / "client.yml", folder)))
    return out


def _beside(hand: Path, folder: Path) -> Path:
    """The hand config written beside the export folder, its file paths made relative to the new place."""
    import yaml

    raw = yaml.safe_load(hand.read_text(encoding="utf-8"))
    raw["files"] = {t: ([f"{folder.name}/{p}" for p in v] if isinstance(v, list) else f"{folder.name}/{v}")
                    for t, v in raw["files"].items()}
    cfg = folder.parent / f"{folder.name}.hand.yml"
    cfg.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return cfg


def measure(notebooks: bool = False) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        # the drafts lie beside, not inside, the export folders they read: allowed as --allow-files does
        allowed = os.environ.get("CRMANALYSIS_ALLOW_FILES", "")
        os.environ["CRMANALYSIS_ALLOW_FILES"] = os.pathsep.join(p for p in (allowed, str(tmp.resolve())) if p)
        drafts = []
        for name, folder, hand in cases(tmp):
            t0 = time.perf_counter()
            out = tmp / "drafts" / name.replace("/", "_")
            out.mkdir(parents=True)
            plan = plan_folder(folder)
            draft = out / "client.yml"
            draft.write_text(draft_yaml(plan, out_dir=out), encoding="utf-8")
            secs = time.perf_counter() - t0
            want = effective(hand)
            try:
                load_config(draft)
                got = effective(draft)
            except Exception as exc:  # noqa: BLE001 - a draft that does not validate counts as nothing mapped
                print(f"{name}: the draft does not validate: {str(exc)[:300]}")
                got = {}
            same = {k for k in got if want.get(k) == got[k]}
            rows.append({"case": name, "hand": len(want), "draft": len(got), "same": len(same),
                         "precision": len(same) / len(got) if got else float("nan"),
                         "recall": len(same) / len(want) if want else float("nan"), "seconds": round(secs, 2),
                         "missed": sorted(f"{t}.{c} ({f})" for t, f, c in set(want) - same),
                         "wrong": sorted(f"{t}.{c}={got[(t, f, c)]!r} ({f})" for t, f, c in set(got) - same)})
            drafts.append((name, draft))
        if notebooks:
            from crmanalysis.batch import run_batch

            runs = run_batch([d for _, d in drafts], out_root=tmp / "reports", workers=2, progress=False)
            status = {Path(r.config).parent.name: r for r in runs}
            for row, (_, draft) in zip(rows, drafts, strict=True):
                r = status.get(draft.parent.name)
                row["notebooks"] = "ok" if r and r.status == "ok" else f"failed: {r.error if r else '?'}"
        os.environ["CRMANALYSIS_ALLOW_FILES"] = allowed
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--notebooks", action="store_true", help="also run the four notebooks on every draft")
    args = ap.parse_args(argv)
    import pandas as pd

    rows = measure(args.notebooks)
    df = pd.DataFrame(rows)
    pd.set_option("display.width", 220, "display.max_colwidth", 90)
    cols = ["case", "hand", "draft", "same", "precision", "recall", "seconds"] + (["notebooks"] if args.notebooks
                                                                                   else [])
    print(df[cols].to_string(index=False, formatters={"precision": "{:.0%}".format, "recall": "{:.0%}".format}))
    same, hand, draft = df["same"].sum(), df["hand"].sum(), df["draft"].sum()
    total = {"precision": same / draft, "recall": same / hand}
    print(f"\nall {len(df)} folders: precision {total['precision']:.1%} (goal >= 95 %), "
          f"recall {total['recall']:.1%} (goal >= 90 %)")
    for r in rows:
        if r["missed"] or r["wrong"]:
            print(f"  {r['case']}: missed {', '.join(r['missed']) or '-'}; different {', '.join(r['wrong']) or '-'}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "init_accuracy.json").write_text(json.dumps({"rows": rows, "total": total}, indent=2, default=str))
    met = total["precision"] >= GOALS["precision"] and total["recall"] >= GOALS["recall"]
    print("goals met" if met else "goals missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
