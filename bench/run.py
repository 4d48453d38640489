"""Benchmarks (`make bench`): wall time and peak memory of the heavy paths on large clients.

Usage: python bench/run.py [--size large|medium|small] [--only generate,ingest,kpis]
Results are printed and written to bench/results/<size>.json (not committed).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", default="large")
    ap.add_argument("--ingest-size", default="medium",
                    help="size written as a Salesforce export and ingested back (large takes minutes)")
    ap.add_argument("--only", default="generate,ingest,kpis")
    args = ap.parse_args(argv)
    steps = set(args.only.split(","))
    results: dict[str, dict] = {}

    from crmanalysis.synthetic import generate

    t0 = time.perf_counter()
    data, truth = generate(size=args.size, seed=1, client_id="bench")
    results["generate"] = {"seconds": round(time.perf_counter() - t0, 2), "rows": truth["rows"],
                           "peak_rss_mb": round(_rss_mb())}
    print(f"generate {args.size}: {results['generate']['seconds']} s, "
          f"{truth['rows']['opportunities']:,} opportunities, {truth['rows']['activities']:,} activities")

    if "ingest" in steps:
        from crmanalysis.exports import write_salesforce
        from crmanalysis.ingest import load_client

        src = data if args.ingest_size == args.size else generate(size=args.ingest_size, seed=1)[0]
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            cfg = write_salesforce(src, tmp)
            t_write = time.perf_counter() - t0
            t0 = time.perf_counter()
            back, report = load_client(cfg)
            t_read = time.perf_counter() - t0
        n = report.totals()["rows_read"]
        results["ingest_salesforce"] = {"write_seconds": round(t_write, 2), "ingest_seconds": round(t_read, 2),
                                        "rows": n, "rows_per_second": round(n / t_read),
                                        "peak_rss_mb": round(_rss_mb())}
        results["ingest_salesforce"]["size"] = args.ingest_size
        print(f"ingest salesforce export ({args.ingest_size}): {n:,} rows in {t_read:.1f} s "
              f"({n / t_read:,.0f} rows/s); "
              f"writing it took {t_write:.1f} s")
        del back, src

    if "kpis" in steps:
        try:
            from crmanalysis import kpis
        except ImportError:
            kpis = None
        if kpis is not None:
            for period, by in (("M", []), ("M", ["owner_id"]), ("Q", ["region"])):
                t0 = time.perf_counter()
                out = kpis.compute(data, period=period, by=by)
                dt = time.perf_counter() - t0
                key = f"kpis_all_{period}_{'_'.join(by) or 'company'}"
                results[key] = {"seconds": round(dt, 2), "rows_out": len(out), "peak_rss_mb": round(_rss_mb())}
                print(f"compute all KPIs, period {period}, by {by or 'company'}: {dt:.1f} s, {len(out):,} rows")

    out_dir = Path(__file__).parent / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"{args.size}.json").write_text(json.dumps(results, indent=2))
    print(f"peak RSS {_rss_mb():,.0f} MB; results in {out_dir / (args.size + '.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
