"""Monthly reporting run over many clients (DESIGN §2: only this module knows papermill)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import yaml

from .config import ConfigError, check_slug
from .ingest import IngestError, load_client

__all__ = ["read_client_list", "last_complete_month", "run_batch_cli"]


def last_complete_month(today: dt.date | None = None) -> str:
    """The last complete calendar month before *today* as ``YYYY-MM``."""
    today = today or dt.date.today()
    first = today.replace(day=1)
    prev = first - dt.timedelta(days=1)
    return f"{prev.year:04d}-{prev.month:02d}"


def read_client_list(path: str | Path) -> list[Path]:
    """Client config paths from a CLIENTS.yml (``clients: [a.yml, …]``) or a folder of YAML files."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.glob("*/client.yml")) + sorted(path.glob("*.yml"))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the client list ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("clients"), list):
        raise ConfigError(f'{path}: key "clients": expected a list of client config files')
    return [(path.parent / str(p)).resolve() for p in raw["clients"]]


def run_batch_cli(clients_file: str | Path, *, out_dir: str | Path, month: str | None,
                  workers: int | None, only: str | None, lang: str | None) -> int:
    """Run every client; returns the number of failed clients (the exit code)."""
    month = month or last_complete_month()
    failed = 0
    for cfg in read_client_list(clients_file):
        try:
            data, report = load_client(cfg)
            cid = check_slug(data.config.client_id)
        except (ConfigError, IngestError) as exc:
            click.secho(f"FAILED {cfg}: {exc}", fg="red", err=True)
            failed += 1
            continue
        target = Path(out_dir) / cid / month
        target.mkdir(parents=True, exist_ok=True)
        (target / "data_quality.txt").write_text(report.summary() + "\n", encoding="utf-8")
        report.accounting().to_csv(target / "row_accounting.csv", index=False)
        click.echo(f"{cid}: {report.totals()['rows_kept']:,} rows kept -> {target.resolve()}")
    click.echo(f"reports written to {Path(out_dir).resolve()}")
    return failed
