"""Command line: ``crmanalysis demo | generate | validate | kpis | report | batch``.

click comes with papermill, so the CLI adds no dependency. Every command has ``--help``.
Errors a user can fix (bad config, unreadable export) are printed as one clear message
with exit code 2, never as a traceback.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__
from .config import ConfigError


def _fail(msg: str, code: int = 2) -> None:
    click.secho(f"error: {msg}", fg="red", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crmanalysis")
def main() -> None:
    """crmanalysis: baseline, targets, activity vs progress and CRM ROI from CRM exports."""


@main.command()
@click.option("--data", "data_dir", default="data/sample", show_default=True, type=click.Path(),
              help="Folder for the generated sample clients.")
@click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(),
              help="Folder for the reports.")
@click.option("--data-only", is_flag=True, help="Only generate the sample clients (used by the test set-up).")
@click.option("--force", is_flag=True, help="Regenerate the sample clients even if present.")
def demo(data_dir: str, out_dir: str, data_only: bool, force: bool) -> None:
    """Generate the three built-in sample clients and run the main job on them.

    The samples are a Salesforce, a HubSpot and a Dutch Pipedrive export of synthetic
    clients with planted effects (see each client's ground_truth.json).
    """
    from .samples import SAMPLE_CLIENTS, ensure_samples

    t0 = time.perf_counter()
    index = ensure_samples(data_dir, force=force)
    click.echo(f"sample clients ready in {Path(data_dir).resolve()} "
               f"({', '.join(c.client_id for c in SAMPLE_CLIENTS)}) [{time.perf_counter() - t0:.1f} s]")
    if data_only:
        return
    from .batch import run_batch_cli

    code = run_batch_cli(index, out_dir=out_dir, month=None, workers=None, only=None, lang=None)
    sys.exit(code)


@main.command()
@click.argument("folder", type=click.Path())
@click.option("--size", default="small", show_default=True,
              type=click.Choice(["tiny", "small", "medium", "large"]), help="Client size.")
@click.option("--seed", default=42, show_default=True, help="Random seed (same seed, same data).")
@click.option("--client-id", default="sample", show_default=True, help="Client id (a slug).")
@click.option("--vendor", default="salesforce", show_default=True,
              type=click.Choice(["salesforce", "hubspot", "pipedrive", "canonical"]),
              help="Export style to write.")
@click.option("--no-uplift", is_flag=True, help="Generate a client whose CRM go-live changed nothing.")
def generate(folder: str, size: str, seed: int, client_id: str, vendor: str, no_uplift: bool) -> None:
    """Generate one synthetic client into FOLDER as vendor-style exports + ground_truth.json."""
    from .config import check_slug
    from .exports import WRITERS, write_canonical
    from .synthetic import generate as gen
    from .synthetic import write_ground_truth

    try:
        check_slug(client_id)
    except ConfigError as exc:
        _fail(str(exc))
    t0 = time.perf_counter()
    data, truth = gen(size=size, seed=seed, client_id=client_id, uplift=not no_uplift)
    folder_p = Path(folder)
    if vendor == "canonical":
        import yaml

        files = {}
        for table, df in data.tables.items():
            write_canonical(df, folder_p / f"{table}.csv")
            files[table] = f"{table}.csv"
        (folder_p / "client.yml").write_text(yaml.safe_dump(
            {"client_id": client_id, "source": "canonical", "files": files,
             "go_live": str(data.config.go_live)}, sort_keys=False))
    else:
        WRITERS[vendor](data, folder_p)
    write_ground_truth(truth, folder_p / "ground_truth.json")
    click.echo(f"wrote {folder_p / 'client.yml'} ({sum(truth['rows'].values()):,} rows, "
               f"{time.perf_counter() - t0:.1f} s)")


@main.command()
@click.argument("config", type=click.Path())
@click.option("--rejected", type=click.Path(), help="Write every rejected row with its reason to this CSV.")
def validate(config: str, rejected: str | None) -> None:
    """Read a client's exports and print the data-quality report (row accounting, issues)."""
    from .ingest import IngestError, load_client

    try:
        _, report = load_client(config)
    except (ConfigError, IngestError) as exc:
        _fail(str(exc))
    click.echo(report.summary())
    click.echo(report.accounting().to_string(index=False))
    if rejected:
        report.rejected_rows().to_csv(rejected, index=False)
        click.echo(f"rejected rows written to {rejected}")
    sys.exit(1 if report.errors else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
