"""Command line: ``crmanalysis demo | generate | validate | kpis | report | batch``.

click comes with papermill, so the CLI adds no dependency. Every command has ``--help``.
Errors a user can fix (bad config, unreadable export) are printed as one clear message
with exit code 2, never as a traceback. Each command imports what it needs inside it, so
``crmanalysis --help`` answers without loading pandas (tests/test_structure.py checks this).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from . import __version__


def _allow(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--allow-files DIR``: folders outside a config's own that its exports may be in (kernels inherit it)."""
    if value:
        import os

        from .config import ALLOW_ENV

        known = [p for p in os.environ.get(ALLOW_ENV, "").split(os.pathsep) if p]
        os.environ[ALLOW_ENV] = os.pathsep.join([*known, *(str(Path(v).resolve()) for v in value)])
    return value


allow_files = click.option("--allow-files", "allow_files", multiple=True, type=click.Path(file_okay=False),
                           callback=_allow, expose_value=False, is_eager=True,
                           help="A folder outside the config's own that its export files may be in (repeatable).")


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
    from .samples import SAMPLE_CLIENTS

    t0 = time.perf_counter()
    index = ensure_demo(data_dir, force=force)
    click.echo(f"sample clients ready in {Path(data_dir).resolve()} "
               f"({', '.join(c.client_id for c in SAMPLE_CLIENTS)}) [{time.perf_counter() - t0:.1f} s]")
    if data_only:
        return
    from .batch import run_batch_cli

    code = run_batch_cli(index, out_dir=out_dir, month=None, workers=None, only=None, lang=None)
    click.echo(f"open {Path(out_dir).resolve() / 'index.html'} in a browser to read the reports")
    sys.exit(min(code, 100))


#: the sample client whose engagement the demo runs against a plan, and the plan's baseline month (the other
#: samples show the suggested targets a report makes without a plan)
DEMO_PLAN = ("northwind", "2025-01")


def ensure_demo(data_dir: str | Path, *, force: bool = False) -> Path:
    """The sample clients, one of them with its plan (made again when its client was regenerated); clients.yml."""
    from .config import load_config
    from .samples import ensure_samples

    index = ensure_samples(data_dir, force=force)
    cfg = load_config(Path(data_dir) / DEMO_PLAN[0] / "client.yml")
    if not cfg.plan:                      # a freshly written sample config names no plan
        _make_plan(cfg, DEMO_PLAN[1], uplift=0.05, step=0.05, every=3, ceiling=0.25, force=True)
    return index


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
    from .config import ConfigError, check_slug
    from .samples.exports import WRITERS, write_canonical
    from .samples.synthetic import generate as gen
    from .samples.synthetic import write_ground_truth

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


@main.command("init")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_path", type=click.Path(), default=None,
              help="Where to write the draft (default: FOLDER/client.yml).")
@click.option("--dry-run", is_flag=True, help="Print the plan and the draft; write nothing.")
@click.option("--force", is_flag=True, help="Overwrite an existing configuration.")
def init(folder: str, out_path: str | None, dry_run: bool, force: bool) -> None:
    """Draft a client configuration from a folder of CRM exports, then validate it.

    Every export is read and recognised (vendor, object, language, encoding, delimiter, date
    order); the draft uses the vendor's built-in mapping where it reads a file completely and a
    ``mapping:`` elsewhere, each guess commented with its evidence. Review the lines marked
    REVIEW, then run ``crmanalysis report CONFIG``.
    """
    from .config import ConfigError
    from .io.draft import draft_yaml, plan_folder, unpack_archives

    target = Path(out_path) if out_path else Path(folder) / "client.yml"
    if target.exists() and not (force or dry_run):
        _fail(f"{target} exists; pass --force to overwrite it, or --out to write the draft elsewhere")
    for line in unpack_archives(folder, write=not dry_run):
        click.echo(line)
    plan = plan_folder(folder)
    if not any(f.table and not f.skipped for f in plan.files):
        lines = [f"  {f.path.name}: {f.skipped}" for f in plan.files] or [
            "  (no .csv, .txt, .tsv, .json, .parquet, .ics or .xlsx file)"]
        _fail(f"{folder}: no export could be recognised:\n" + "\n".join(lines))
    text = draft_yaml(plan, out_dir=target.parent)
    if dry_run:
        for f in plan.files:
            click.echo(f"{f.path.name}: {f.skipped or f.rec.why}")
        click.echo("\n" + text)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"draft written to {target}; review the lines marked REVIEW")
    from .io import IngestError, load_client

    try:
        _, report = load_client(target, cache=False)
    except (ConfigError, IngestError) as exc:
        _fail(f"the draft does not validate yet: {exc}")
    click.echo(report.summary())
    click.echo(report.accounting().to_string(index=False))


@main.command("plan")
@allow_files
@click.argument("config", type=click.Path(exists=True, dir_okay=False))
@click.option("--baseline-month", "month", default=None, help="The month the plan starts (YYYY-MM): its baseline is "
              "measured on the complete months before it. Default: the default report month.")
@click.option("--from-xlsx", "from_xlsx", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Read the targets agreed in the plan's workbook back into the plan file.")
@click.option("--uplift", default=0.05, show_default=True,
              help="The first target: this much better than the baseline.")
@click.option("--step", default=0.05, show_default=True,
              help="Then this much more (of the baseline) every --every months.")
@click.option("--every", default=3, show_default=True, help="Months between two steps.")
@click.option("--ceiling", default=0.25, show_default=True, help="At most this much better than the baseline.")
@click.option("--force", is_flag=True, help="Replace an existing plan (what was agreed in it is lost).")
def plan_cmd(config: str, month: str | None, from_xlsx: str | None, uplift: float, step: float, every: int,
             ceiling: float, force: bool) -> None:
    """Measure the baseline once and write the engagement's plan beside CONFIG (YAML and a workbook).

    Monthly reports then score against the plan's targets, raised step by step by its rule; the
    consultant records what was agreed with the client by editing either file.
    """
    from .config import ConfigError, load_config

    try:
        cfg = load_config(config)
        if from_xlsx:
            _plan_from_xlsx(cfg, Path(from_xlsx))
        else:
            _make_plan(cfg, month, uplift, step, every, ceiling, force)
    except ConfigError as exc:
        _fail(str(exc))


def _make_plan(cfg, month: str | None, uplift: float, step: float, every: int, ceiling: float, force: bool) -> None:
    from .analyses.plan import StepUp, make_plan
    from .data import NotComputable
    from .io import load_client
    from .notebook import default_month
    from .planfile import plan_paths, write_plan, write_plan_xlsx

    yml, xlsx = plan_paths(cfg.path)
    if yml.exists() and not force:
        _fail(f"{yml} exists: it holds what was agreed with the client; pass --force to replace it, or edit it")
    data, report = load_client(cfg)
    month = month or default_month(data)
    measured = {"exported_at": str(data.exported_at() or ""), "data_end": str(data.span()[1] or ""),
                "rows_kept": report.totals()["rows_kept"]}
    try:
        plan = make_plan(data, month, uplift=uplift, step_up=StepUp(step, every, ceiling), measured_on=measured)
    except NotComputable as exc:
        _fail(f"no plan for {month}: {exc}")
    write_plan(plan, yml, name=cfg.display_name)
    write_plan_xlsx(plan, xlsx)
    _name_plan_in_config(cfg.path, yml.name)
    click.echo(f"plan written to {yml} and {xlsx}: baseline {plan.window[0]} – {plan.window[1]}, "
               f"{plan.rows['target'].notna().sum()} targets from {month}; {cfg.path.name} names it (plan: {yml.name})")


def _plan_from_xlsx(cfg, workbook: Path) -> None:
    from .io import load_client
    from .planfile import plan_paths, read_plan, read_plan_xlsx, write_plan, write_plan_xlsx

    if not cfg.plan_path or not cfg.plan_path.exists():
        _fail(f"{cfg.path} names no plan yet: run crmanalysis plan {cfg.path} --baseline-month YYYY-MM first")
    data, _ = load_client(cfg)
    plan = read_plan_xlsx(workbook, read_plan(cfg.plan_path, data), data)
    write_plan(plan, cfg.plan_path, name=cfg.display_name)
    write_plan_xlsx(plan, plan_paths(cfg.path)[1])
    click.echo(f"{len(plan.edits)} target(s) agreed by hand now in {cfg.plan_path}")


def _name_plan_in_config(config: Path, name: str) -> None:
    """``plan: <name>`` in the client's config: added at its end, or the existing line replaced (comments kept)."""
    import re

    text = config.read_text(encoding="utf-8")
    line = f"plan: {name}   # the engagement's plan (crmanalysis plan)"
    if re.search(r"(?m)^plan:.*$", text):
        text = re.sub(r"(?m)^plan:.*$", line, text)
    else:
        text = text.rstrip("\n") + "\n" + line + "\n"
    config.write_text(text, encoding="utf-8")


@main.command()
@allow_files
@click.argument("config", type=click.Path())
@click.option("--rejected", type=click.Path(), help="Write every rejected row with its reason to this CSV.")
@click.option("--report", "report_path", type=click.Path(), help="Also write the report as .md or .html.")
@click.option("--strict", is_flag=True, help="Treat business-rule warnings as errors (those rows are rejected).")
def validate(config: str, rejected: str | None, report_path: str | None, strict: bool) -> None:
    """Read a client's exports and print the data-quality report.

    Exit code 0: clean or warnings only; 1: rows were rejected or a file could not be used;
    2: the input is unreadable or the configuration is invalid.
    """
    from .config import ConfigError
    from .io import IngestError, load_client

    try:
        _, report = load_client(config, strict=strict, cache=False)
    except (ConfigError, IngestError) as exc:
        _fail(str(exc))
    click.echo(report.summary())
    click.echo(report.accounting().to_string(index=False))
    if rejected:
        _write_table(report.rejected_rows(), rejected)
        click.echo(f"rejected rows written to {rejected}")
    if report_path:
        path = Path(report_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".html":
            path.write_text(report.to_html(), encoding="utf-8")
        else:
            path.write_text(report.to_markdown(), encoding="utf-8")
        click.echo(f"report written to {path}")
    sys.exit(1 if report.errors else 0)


@main.command("kpis")
@allow_files
@click.argument("config", required=False, type=click.Path())
@click.option("--list", "list_", is_flag=True, help="Print the KPI catalogue and exit.")
@click.option("--kpi", "kpi_ids", default=None, help="Comma-separated KPI ids (default: all).")
@click.option("--by", default="", help="Comma-separated entity columns, e.g. team or region,industry.")
@click.option("--period", default="M", show_default=True, type=click.Choice(["D", "W", "M", "Q", "Y"]),
              help="Period: day, ISO week, month, (fiscal) quarter or year.")
@click.option("--start", default=None, help="First date of the window (YYYY-MM-DD).")
@click.option("--end", default=None, help="Last date of the window (YYYY-MM-DD).")
@click.option("--as-of", "as_of", default=None, help="Report date for snapshot KPIs (default: end of data).")
@click.option("--lang", default="en", show_default=True, type=click.Choice(["en", "nl", "de", "da"]),
              help="Language of the catalogue labels.")
@click.option("--out", default=None, type=click.Path(), help="Write the table to .csv or .xlsx instead of printing.")
def kpis_cmd(config: str | None, list_: bool, kpi_ids: str | None, by: str, period: str, start: str | None,
             end: str | None, as_of: str | None, lang: str, out: str | None) -> None:
    """Compute KPIs for one client (CONFIG.yml) as a tidy table, or list the catalogue with --list."""
    from . import kpis as K
    from .config import ConfigError

    if list_:
        cat = K.list_kpis(lang)
        if out:
            _write_table(cat, out)
        else:
            with __import__("pandas").option_context("display.max_colwidth", 60, "display.width", 200):
                click.echo(cat[["id", "label", "kind", "class", "unit", "direction", "aggregation"]].to_string(
                    index=False))
        return
    if not config:
        _fail("give a client config file (or --list)")
    from .io import IngestError, load_client

    try:
        data, report = load_client(config)
        table = K.compute(data, kpi_ids, by=[b.strip() for b in by.split(",") if b.strip()], period=period,
                          start=start, end=end, as_of=as_of)
    except (ConfigError, IngestError, K.UnknownKPIError, ValueError) as exc:
        _fail(str(exc))
    if out:
        _write_table(table, out)
        click.echo(f"{len(table):,} rows written to {out}")
    else:
        click.echo(table.to_string(index=False))


def _write_table(df, out: str) -> None:
    """A table as .csv or .xlsx, its text cells unable to act as formulas (:mod:`crmanalysis.cells`)."""
    from .cells import neutralise_frame

    path = Path(out)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        _fail(f"--out must end in .csv or .xlsx, got {path.name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    df = neutralise_frame(df)
    if path.suffix.lower() == ".xlsx":
        df.to_excel(path, index=False)
    else:
        df.to_csv(path, index=False)


_LANG = click.Choice(["en", "nl", "de", "da"])


def _report_options(f):
    """Options shared by `report` and `batch`."""
    for opt in reversed((
        click.option("--month", default=None,
                     help="Report month YYYY-MM (default: each client's last complete month in its data)."),
        click.option("--out", "out_dir", default="reports", show_default=True, type=click.Path(),
                     help="Reports folder."),
        click.option("--lang", default=None, type=_LANG, help="Report language (default: each client's)."),
        click.option("--anonymize", is_flag=True, help="Replace rep, agent and account names with stable pseudonyms."),
        click.option("--timeout", default=900, show_default=True, help="Seconds a notebook cell may run."),
        click.option("--notebook-timeout", default=3600, show_default=True,
                     help="Seconds a whole notebook may run (all its cells together)."),
        click.option("--no-pdf", "no_pdf", is_flag=True,
                     help="Write report.html and kpis.xlsx only: a draft to read before the client's PDF."),
    )):
        f = opt(f)
    return f


@main.command()
@allow_files
@click.argument("config", type=click.Path())
@_report_options
def report(config: str, month: str | None, out_dir: str, lang: str | None, anonymize: bool, timeout: int,
           notebook_timeout: int, no_pdf: bool) -> None:
    """Run the four analysis notebooks for one client (CONFIG.yml) and write its report folder."""
    from . import forkserver

    forkserver.prestart()          # the kernel's imports start now, beside this process's own
    from .batch import run_client, write_index

    run = run_client(config, out_root=out_dir, month=month, lang=lang, anonymize=anonymize, timeout=timeout,
                     notebook_timeout=notebook_timeout, kernels=min(2, os.cpu_count() or 1), pdf=not no_pdf)
    write_index(out_dir)
    if run.status == "ok":
        click.secho(f"{run.client_id} {run.month}: ok in {run.seconds:.0f} s -> {run.folder}/report.html",
                    fg="green")
        return
    click.secho(f"{run.client_id}: failed: {run.error}\n  {run.failing_notebook} {run.failing_cell}", fg="red",
                err=True)
    sys.exit(1)


@main.command()
@allow_files
@click.argument("clients", type=click.Path())
@_report_options
@click.option("--workers", default=None, type=int, help="Clients run in parallel (default: number of cores).")
@click.option("--only", default=None, help="Comma-separated client ids to run.")
@click.option("--scheduler", default=None, help="Dask scheduler address to run clients on a cluster.")
def batch(clients: str, month: str | None, out_dir: str, workers: int | None, only: str | None, lang: str | None,
          anonymize: bool, scheduler: str | None, timeout: int, notebook_timeout: int, no_pdf: bool) -> None:
    """Run the monthly reports for every client in CLIENTS (a clients.yml or a folder of client configs).

    The exit code is the number of clients that failed (0 = all ok).
    """
    from .batch import run_batch_cli
    from .config import ConfigError

    try:
        code = run_batch_cli(clients, out_dir=out_dir, month=month, workers=workers, only=only, lang=lang,
                             anonymize=anonymize, scheduler=scheduler, timeout=timeout,
                             notebook_timeout=notebook_timeout, pdf=not no_pdf)
    except ConfigError as exc:
        _fail(str(exc))
    sys.exit(min(code, 100))


def run() -> None:
    """The ``crmanalysis`` command: :func:`main`, then an exit without the interpreter's teardown.

    After a report, freeing pandas, matplotlib, WeasyPrint and papermill object by object took
    about a second of the consultant's wait for nothing; the exit handlers (the kernel template's
    stop, logging) still run and the output is flushed first. In-process callers (tests, click's
    runner) call :func:`main` and keep their interpreter.
    """
    import atexit

    try:
        main()
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
