"""One client's report as a consultant waits for it: ``crmanalysis report`` as a whole process, per client.

For the three sample clients and the hand config of every ../shared/realdata folder: the wall time of
``crmanalysis report CONFIG`` with no cached table (a fresh export, as at a client's table), best
of *repeat* runs, against the goal of 10 s; and where the time went, from the run's own ``run.json``
(reading the exports, the kernel's start, the notebooks side by side, the HTML and PDF, the Excel
file). What is left between those steps and the wall time is the command's own start and exit.

    python bench/report_time.py [--repeat 2] [--only salesforce_demo_org,northwind]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
GOAL_SECONDS = 10.0
#: the run's steps one after the other (the kernels start inside "notebooks"; "kernel" is shown apart)
STEPS = ("exports", "notebooks", "report", "pdf")


def configs() -> list[Path]:
    """The sample clients' configs, then each realdata folder's hand config (when ../shared is there)."""
    from crmanalysis.cli import ensure_demo

    ensure_demo(ROOT / "data" / "sample")
    out = [ROOT / "data" / "sample" / c / "client.yml" for c in ("northwind", "alpina", "polderbouw")]
    if REALDATA.is_dir():
        out += sorted((ROOT / "tests" / "realdata").glob("*.yml"))
    return out


def _name(cfg: Path) -> str:
    return cfg.parent.name if cfg.name == "client.yml" else cfg.stem


def time_report(cfg: Path, out: Path, repeat: int, cache: Path) -> dict:
    """Best-of-*repeat* wall time of ``crmanalysis report`` and that run's step times.

    Each run starts with no cached table of any client; what the installation keeps of its own (the
    parsed vendor tables and texts) stays, as it does for a consultant's next new export.
    """
    exe = str(Path(sys.executable).parent / "crmanalysis")
    env = {**os.environ, "CRMANALYSIS_CACHE": str(cache), "CRMANALYSIS_ALLOW_FILES": str(REALDATA.resolve())}
    best: dict = {}
    for _ in range(repeat):
        for p in cache.glob("*"):
            if p.name not in ("_vendors", "_texts"):
                shutil.rmtree(p, ignore_errors=True)
        t0 = time.perf_counter()
        proc = subprocess.run([exe, "report", str(cfg), "--out", str(out)], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            return {"wall": wall, "failed": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
        runs = sorted(out.glob("*/*/run.json"), key=lambda p: p.stat().st_mtime)
        steps = json.loads(runs[-1].read_text())["timings"]
        if not best or wall < best["wall"]:
            best = {"wall": wall, "steps": steps}
    return best


def machine_loop() -> float:
    """Best of three of a fixed pure-Python loop, in a fresh process: how fast this machine is right now.

    The 10 s goal is a wall time; on a shared machine the same code took 10.2 s one day and 13-16 s the
    next, when this loop took 1.8 s. Printed beside the walls, it says which of the two moved.
    """
    code = "import time\nt=time.perf_counter()\ns=0\nfor i in range(10_000_000): s+=i\nprint(time.perf_counter()-t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
               for _ in range(3))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated client names")
    args = ap.parse_args(argv)
    only = {s for s in args.only.split(",") if s}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for cfg in configs():
            if only and _name(cfg) not in only:
                continue
            res = time_report(cfg, Path(tmp) / _name(cfg), args.repeat, Path(tmp) / "cache")
            rows.append((_name(cfg), res))
    print(f"crmanalysis report, whole process, empty cache, best of {args.repeat} (goal <= {GOAL_SECONDS:.0f} s):")
    print(f"  {'client':<26}{'wall s':>8}" + "".join(f"{s:>11}" for s in STEPS) + f"{'(kernel)':>10}"
          f"{'start+exit':>12}")
    met = 0
    for name, res in rows:
        if "failed" in res:
            print(f"  {name:<26}{res['wall']:>8.1f}  failed: {' '.join(res['failed'])}  NOT MET")
            continue
        steps = res["steps"]
        rest = res["wall"] - sum(steps.get(s, 0.0) for s in STEPS)
        ok = res["wall"] <= GOAL_SECONDS
        met += ok
        print(f"  {name:<26}{res['wall']:>8.1f}" + "".join(f"{steps.get(s, 0.0):>11.2f}" for s in STEPS)
              + f"{steps.get('kernel', 0.0):>10.2f}{rest:>12.2f}  {'met' if ok else 'NOT MET'}")
    print(f"  {met} of {len(rows)} reports within {GOAL_SECONDS:.0f} s: {'met' if met == len(rows) else 'NOT MET'}")
    loop = machine_loop()
    print(f"  this machine in this run: a 10-million-step Python loop took {loop:.2f} s (the same loop on two "
          "days tells whether a change of the walls above is the code's or the machine's)")
    out_dir = Path(__file__).parent / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "report_time.json").write_text(json.dumps({**dict(rows), "machine_loop_s": loop}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
