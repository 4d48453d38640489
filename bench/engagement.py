"""Twelve months of an engagement: the monthly batch run month after month, and what its history weighs.

A generated client (Salesforce-style export, small: 4,000 opportunities, 40,000 activities) gets its
plan at its go-live month; the batch then runs the twelve months after it, one after the other, as a
consultant's monthly cycle would (notebooks 01 and 02: the first numbers and the scores the history
keeps). Reported: the time per month and for the twelve, against a reference in the same run (one
``crmanalysis kpis``-style computation of the client's KPIs, as the notebooks start with); the
in-process replay of the plan (``plan.replay``, the path a report draws); the size of the history
per client-month; and whether a rerun of a month reproduces its numbers.

    python bench/engagement.py [--months 12] [--size small]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from crmanalysis import batch as B
from crmanalysis import kpis as K
from crmanalysis.analyses import plan as P
from crmanalysis.cli import main as cli
from crmanalysis.history import history_dir, read_history
from crmanalysis.io import load_client
from crmanalysis.planfile import read_plan

BASE = "2024-04"          # the generated client's go-live


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--months", type=int, default=12)
    ap.add_argument("--size", default="small")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "client", Path(tmp) / "reports"
        run = CliRunner()
        for argv in (["generate", str(folder), "--size", args.size, "--seed", "3", "--client-id", "bench"],
                     ["plan", str(folder / "client.yml"), "--baseline-month", BASE]):
            res = run.invoke(cli, argv)
            if res.exit_code:
                print(res.output)
                return 1
        data, _ = load_client(folder / "client.yml")
        t0 = time.perf_counter()
        K.compute(data, K.CORE_KPIS, by=["owner_id"], period="M")
        reference = time.perf_counter() - t0
        plan = read_plan(data.config.plan_path, data)
        months = [str(pd.Period(BASE, "M") + k) for k in range(1, args.months + 1)]
        t0 = time.perf_counter()
        P.replay(plan, data, months[-1])
        P.replay(plan, data, months[-1], level="rep")
        replay = time.perf_counter() - t0
        per_month = []
        for m in months:
            t0 = time.perf_counter()
            r = B.run_client(folder / "client.yml", out_root=out, month=m, notebooks=("01_baseline", "02_targets"))
            per_month.append(time.perf_counter() - t0)
            if r.status != "ok":
                print(f"{m}: {r.status}: {r.error}")
                return 1
        first = read_history(out, "bench").query(f"month == '{months[0]}'").reset_index(drop=True)
        t0 = time.perf_counter()
        B.run_client(folder / "client.yml", out_root=out, month=months[0], notebooks=("01_baseline", "02_targets"))
        rerun = time.perf_counter() - t0
        again = read_history(out, "bench").query(f"month == '{months[0]}'").reset_index(drop=True)
        same = first.equals(again)
        files = sorted(history_dir(out, "bench").glob("*.parquet"))
        sizes = [f.stat().st_size for f in files]
        rows = len(read_history(out, "bench"))
    total = sum(per_month)
    print(f"client: generated {args.size}, {len(data.opportunities):,} opportunities, "
          f"{len(data.activities):,} activities; plan at {BASE}, {len(plan.rows)} plan rows")
    print(f"reference (core KPIs per rep and month, in process): {reference:.2f} s")
    print(f"plan replay, {args.months} months, company + reps (in process): {replay:.2f} s "
          f"= {replay / reference:.1f} x reference")
    print(f"batch, {args.months} months one after the other: {total:.0f} s "
          f"(per month: median {pd.Series(per_month).median():.1f} s, max {max(per_month):.1f} s)")
    print(f"rerun of {months[0]}: {rerun:.1f} s, numbers identical: {'yes' if same else 'NO'}")
    print(f"history: {len(files)} month files, {rows:,} rows, {sum(sizes) / len(sizes) / 1024:.1f} KiB per "
          f"client-month (max {max(sizes) / 1024:.1f} KiB)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
