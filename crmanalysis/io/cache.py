"""Parquet cache of canonical tables, keyed by config + export content + ingest code.

A second load of the same exports reads parquet instead of parsing CSV again (seconds for a
million-row export). Any change to the config, an export file or the ingest code gives a new
key. The cache lives in ``data/cache/<client>/<key>/`` (git-ignored) or ``$CRMANALYSIS_CACHE``.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

from ..config import ClientConfig
from ..data import ClientData
from ..stored import cache_root
from .quality import DataQualityReport

__all__ = ["cache_key", "load", "store", "cache_root", "wait"]

_CODE = ("ingest.py", "steps.py", "quality.py", "readers.py", "mappings.py", "cache.py", "../schema.py")


def _file_digests(paths: list[Path]) -> list[str]:
    """SHA-256 of each file's bytes, remembered by (size, mtime, inode) as git's index does.

    A cache hit on a 300 MB export then costs no read of the export at all (0.15 s of hashing
    saved); a file changed in place gets a new mtime and is hashed again. The memo is one small
    JSON file beside the cache, read once and written once (atomically: batch workers share it).
    """
    memo_path = cache_root() / "_digests.json"
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    out, changed = [], False
    for path in paths:
        st, name = path.stat(), str(path.resolve())
        stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
        if (memo.get(name) or [])[:3] != stamp:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 22), b""):
                    h.update(chunk)
            memo[name], changed = [*stamp, h.hexdigest()], True
        out.append(memo[name][3])
    if changed:
        memo = {k: v for k, v in memo.items() if Path(k).exists()}       # forget files that are gone
        try:
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = memo_path.with_name(f".digests-{uuid.uuid4().hex[:8]}")
            tmp.write_text(json.dumps(memo), encoding="utf-8")
            os.replace(tmp, memo_path)
        except OSError:
            pass
    return out


def _str_keys(v: Any) -> Any:
    """Every mapping key as text, so keys of mixed types (True and "won") can be sorted for the hash."""
    if isinstance(v, dict):
        return {f"{type(k).__name__}:{k}": _str_keys(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_str_keys(x) for x in v]
    return v


def cache_key(config: ClientConfig, strict: bool) -> str | None:
    """Hash of everything the canonical tables depend on; None when a file is missing."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    # the vendor tables are part of the mapping: a one-line vendor edit must not serve tables mapped by the old one
    for path in [*(here / name for name in _CODE), *sorted((here / "vendors").glob("*.yml"))]:
        h.update(path.read_bytes())
    cfg = _str_keys({k: v for k, v in vars(config).items() if k not in ("base_dir", "path")})
    h.update(json.dumps(cfg, sort_keys=True, default=str).encode())
    h.update(b"strict" if strict else b"lenient")
    files = [(table, p) for table in sorted(config.files) for p in config.file_for(table)]
    if not all(p.exists() for _, p in files):
        return None
    for (table, p), digest in zip(files, _file_digests([p for _, p in files]), strict=True):
        h.update(table.encode() + str(p.name).encode() + digest.encode())
    return h.hexdigest()[:24]


def load(config: ClientConfig, key: str):
    """(ClientData, DataQualityReport) from the cache, or None (a write of this process finishes first)."""
    wait()
    folder = cache_root() / config.client_id / key
    meta = folder / "report.json"
    if not meta.exists():
        return None
    try:
        doc = json.loads(meta.read_text(encoding="utf-8"))
        tables = {p.stem: pd.read_parquet(p) for p in folder.glob("*.parquet") if p.stem != "_rejected"}
        rep = DataQualityReport(client_id=doc["client_id"], source=doc["source"], files=doc["files"],
                                issues=doc["issues"])
        rej = folder / "_rejected.parquet"
        if rej.exists():
            rep.rejected = [pd.read_parquet(rej)]
        return ClientData(config, tables), rep
    except (OSError, ValueError, KeyError):
        return None


_writes: list[threading.Thread] = []
_writes_lock = threading.Lock()


def wait() -> None:
    """Let this process's cache writes finish (before a reader in another process looks for them)."""
    with _writes_lock:
        pending = list(_writes)
    for th in pending:
        th.join()
    with _writes_lock:
        _writes[:] = [th for th in _writes if th.is_alive()]


def store(config: ClientConfig, key: str, data: ClientData, report, *, background: bool = False) -> None:
    """Write the tables and report under the key (atomically: temp folder, then rename).

    With *background* the parquet files are written by a thread while the caller goes on with
    the tables (pyarrow writes without holding the interpreter): a first ``crmanalysis kpis``
    computed while its cache was written instead of after. :func:`wait` (called by :func:`load`,
    at exit, and by the batch before its kernels read) joins it. The tables are never changed
    after ingest; the report's lists are copied now.
    """
    root = cache_root() / config.client_id
    final = root / key
    if final.exists():
        return
    meta = {"client_id": report.client_id, "source": report.source, "files": list(report.files),
            "issues": list(report.issues)}
    args = (root, final, dict(data.tables), report.rejected_rows(), meta)
    if not background:
        _write(*args)
        return
    # not a daemon: the interpreter joins it at exit instead of cutting a write short
    th = threading.Thread(target=_write, args=args, name="crmanalysis-cache")
    with _writes_lock:
        if not _writes:
            atexit.register(wait)
        _writes.append(th)
    th.start()


def _parquet(df: pd.DataFrame, path: Path) -> None:
    """``df.to_parquet(path, index=False)``, its columns converted in this thread.

    pandas' conversion submits the columns to a thread pool, which refuses work once the interpreter shuts
    down: a script that loaded a client and ended at once printed that refusal's traceback.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pandas(df, preserve_index=False, nthreads=1), path)


def _write(root: Path, final: Path, tables: dict[str, pd.DataFrame], rej: pd.DataFrame, meta: dict) -> None:
    tmp = root / f".tmp-{uuid.uuid4().hex[:8]}"
    try:
        tmp.mkdir(parents=True)
        for name, df in tables.items():
            _parquet(df, tmp / f"{name}.parquet")
        if len(rej):
            _parquet(rej.astype({"row": "int64"}), tmp / "_rejected.parquet")
        (tmp / "report.json").write_text(json.dumps(meta, default=str), encoding="utf-8")
        # keep only the newest few versions per client
        for old in sorted((p for p in root.iterdir() if not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime)[:-3]:
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
