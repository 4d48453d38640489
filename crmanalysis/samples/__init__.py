"""The built-in demo clients: one per vendor export style, generated deterministically.

``make demo`` / ``crmanalysis demo`` and the test set-up call :func:`ensure_samples`, which
writes ``data/sample/<client>/`` (vendor files, ``client.yml``, ``ground_truth.json``)
and ``data/sample/clients.yml`` listing them. Nothing here is committed: the files are
regenerated bit-identically from the seeds below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .exports import WRITERS
from .synthetic import generate, write_ground_truth

__all__ = ["SampleClient", "SAMPLE_CLIENTS", "ensure_samples", "DEFAULT_SAMPLE_DIR"]

DEFAULT_SAMPLE_DIR = Path("data/sample")


@dataclass(frozen=True)
class SampleClient:
    """Recipe for one demo client."""

    client_id: str
    name: str
    vendor: str
    seed: int
    size: str = "small"
    uplift: bool = True
    months: int = 36


SAMPLE_CLIENTS: tuple[SampleClient, ...] = (
    SampleClient("northwind", "Northwind Wholesale", "salesforce", seed=11),
    SampleClient("alpina", "Alpina Components", "hubspot", seed=22, uplift=False),
    SampleClient("polderbouw", "Polderbouw B.V.", "pipedrive", seed=33),
)


def _code_hash() -> str:
    """Hash of the generator and writer code: samples are regenerated when either changes."""
    import hashlib

    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in ("synthetic.py", "exports.py", "__init__.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _stamp(client: SampleClient) -> dict:
    return {"client_id": client.client_id, "vendor": client.vendor, "seed": client.seed,
            "size": client.size, "uplift": client.uplift, "months": client.months, "code": _code_hash()}


def ensure_samples(folder: str | Path = DEFAULT_SAMPLE_DIR, *, force: bool = False,
                   clients: tuple[SampleClient, ...] = SAMPLE_CLIENTS) -> Path:
    """Generate the demo clients into *folder* unless they are already there; returns clients.yml.

    A client is regenerated when its recipe changed (a ``.recipe.json`` stamp is compared).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for c in clients:
        target = folder / c.client_id
        stamp = target / ".recipe.json"
        if not force and stamp.exists() and json.loads(stamp.read_text()) == _stamp(c):
            continue
        data, truth = generate(size=c.size, seed=c.seed, client_id=c.client_id, name=c.name,
                               uplift=c.uplift, months=c.months, start="2022-07-01")
        WRITERS[c.vendor](data, target)
        truth["vendor"] = c.vendor
        write_ground_truth(truth, target / "ground_truth.json")
        stamp.write_text(json.dumps(_stamp(c)))
    index = folder / "clients.yml"
    index.write_text(yaml.safe_dump({"clients": [f"{c.client_id}/client.yml" for c in clients]},
                                    sort_keys=False), encoding="utf-8")
    return index
