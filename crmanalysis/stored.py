"""What the installation keeps between processes: the cache folder, and parsed package files as JSON.

Parsing the package's own YAML (the vendor tables, the report texts) cost every process that
read it 0.1-0.5 s: each ``crmanalysis`` command, each report. A parse whose values JSON can
hold is kept under the cache folder, named by a digest of what it was parsed from, so an edit
of any of those files names a new one and the old one is never read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["cache_root", "digest", "read_kept", "keep"]


def cache_root() -> Path:
    """Where cached tables live: ``$CRMANALYSIS_CACHE``, else ``data/cache`` of the checkout."""
    env = os.environ.get("CRMANALYSIS_CACHE")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "data" / "cache"


def digest(paths: Iterable[Path]) -> str:
    """A short digest of the files' names and bytes."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:24]


def _path(folder: str, key: str) -> Path:
    return cache_root() / folder / f"{key}.json"


def read_kept(folder: str, key: str) -> dict[str, Any] | None:
    """What :func:`keep` stored under *folder*/*key*, or None (never stored, unreadable)."""
    try:
        out = json.loads(_path(folder, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return out if isinstance(out, dict) else None


def keep(folder: str, key: str, value: dict[str, Any]) -> None:
    """Store *value* for the next process; nothing when the folder cannot be written or JSON cannot hold it.

    Written to a temporary name and renamed, so a reader in another process (batch workers share the
    cache) never sees half a file.
    """
    path = _path(folder, key)
    tmp = path.with_name(f".{uuid.uuid4().hex[:8]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(value), encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        tmp.unlink(missing_ok=True)
