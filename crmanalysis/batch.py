"""The monthly reporting run (the only module that knows papermill).

For every client: execute the four analysis notebooks with papermill's Python API (bounded
parallel kernels, explicit kernel name, retry when a kernel fails to start, per-cell
timeout), then write ``reports/<client>/<YYYY-MM>/``: the executed notebooks, one
``report.html`` and ``report.pdf`` built from their outputs (code and parameters left out) that
open with the KPI cards and the findings, ``kpis.xlsx``, and ``run.json``. ``reports/index.html`` lists
every client and month. A client that fails never stops the others; its error and failing
cell are recorded, and the exit code is the number of failed clients.

Writes are atomic: a run builds its folder under a temporary name and swaps it in with a
rename, so an interrupted run never leaves a half-written report where a good one was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import forkserver
from .config import ConfigError, check_slug, load_config
from .contract import gap_text
from .history import month_meta, rows_from_results, write_month
from .i18n import render
from .notebook import read_results
from .texts import t
from .yamlio import safe_load

__all__ = ["NOTEBOOKS", "ClientRun", "read_client_list", "last_complete_month", "run_client", "run_batch",
           "write_index", "run_batch_cli", "check_month"]

# jsonschema, with which nbformat checks every notebook it reads or writes, imports rfc3987_syntax when it
# is installed (JupyterLab brings it) for the "iri" string format alone, which the notebook schema never
# uses; that import builds 38 grammars, about 3 s of every report. Marked absent, jsonschema skips it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = ("01_baseline", "02_targets", "03_activity_vs_progress", "04_roi")
KERNEL = "python3"
_START_ERRORS = ("Kernel died before replying", "Kernel didn't respond", "Address already in use",
                 "kernel_info", "ZMQError")


def last_complete_month(today: dt.date | None = None) -> str:
    """The last complete calendar month before *today* as ``YYYY-MM``."""
    today = today or dt.date.today()
    prev = today.replace(day=1) - dt.timedelta(days=1)
    return f"{prev.year:04d}-{prev.month:02d}"


def check_month(month: str | None) -> str | None:
    """Validate ``YYYY-MM`` (or None); anything else is rejected before it reaches a notebook."""
    if month in (None, ""):
        return None
    try:
        dt.datetime.strptime(month, "%Y-%m")
    except (TypeError, ValueError):
        raise ConfigError(f"--month must look like 2025-06, got {month!r}") from None
    return month


def read_client_list(path: str | Path) -> list[Path]:
    """Client config paths from a CLIENTS.yml (``clients: [a.yml, …]``) or a folder of them."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob("*/client.yml")) + sorted(p for p in path.glob("*.yml") if p.name != "clients.yml")
        if not found:
            raise ConfigError(f"{path}: no client configuration found; looked for {path}/*/client.yml and "
                              f"{path}/*.yml (or give a clients.yml that lists them)")
        return found
    if not path.exists():
        raise ConfigError(f"{path}: no such file or folder; give a clients.yml or a folder of client configs")
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the client list ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("clients"), list):
        raise ConfigError(f'{path}: key "clients": expected a list of client config files')
    if not raw["clients"]:
        raise ConfigError(f'{path}: key "clients": the list is empty; name at least one client config file')
    return [(path.parent / str(p)).resolve() for p in raw["clients"]]


@dataclass
class ClientRun:
    """Outcome of one client's run (written to run.json and the index)."""

    client_id: str
    config: str
    status: str = "pending"              # ok | failed
    month: str | None = None
    seconds: float = 0.0
    error: str = ""
    failing_notebook: str = ""
    failing_cell: str = ""
    folder: str = ""
    notebooks: dict[str, str] = field(default_factory=dict)
    started: str = ""
    gaps: list[str] = field(default_factory=list)   # sections the client's data cannot support (ok, with gaps)
    checks: list[str] = field(default_factory=list)  # failed checks of the first numbers (in English, for the index)
    notice: str = ""                                # said on page 1: the month was recomputed from changed exports
    name: str = ""                                  # the client's display name
    lang: str = ""
    headline: list[dict[str, Any]] = field(default_factory=list)   # the first page's KPIs (for the index)
    roi_kind: str = ""
    roi_verdict: str = ""                           # the ROI verdict, in English (the index is the consultant's)
    warnings: list[str] = field(default_factory=list)   # what notebooks printed; never shown to the client
    timings: dict[str, float] = field(default_factory=dict)   # seconds per step: where a report's time goes
    undated: bool = False                           # the exports hold no dates: ``month`` is only when it ran

    @property
    def status_text(self) -> str:
        """``ok``, ``ok, with gaps``, ``ok, check failed`` or ``failed``."""
        if self.status == "ok" and self.checks:
            return "ok, check failed"
        return "ok, with gaps" if self.status == "ok" and self.gaps else self.status


class NotebookTimeout(RuntimeError):
    """A notebook ran past its whole-notebook time budget."""


class _Kernel:
    """One client's kernel, warm across its notebooks, with one client connection.

    Starting a kernel and importing pandas, matplotlib and the package cost about 1.2 s, four
    times per client when every notebook had its own. The notebooks of one client now run one
    after the other in one kernel, its user namespace reset in between (``%reset -f``), so a
    notebook never sees another's variables; each client still has its own kernel process. A
    notebook that fails restarts the kernel, so a cell stuck past its timeout cannot hold up
    the next notebook.

    The notebooks share one connection (:attr:`kc`), made ready once: every new connection
    waits for the kernel and then at least 0.2 s for its output channel to fall quiet
    (``jupyter_client``'s ``wait_for_ready``), which was seven waits, 1.4 s, per client.
    """

    _RESET = "get_ipython().run_line_magic('reset', '-f'); import matplotlib.pyplot as _p; _p.close('all'); del _p"

    def __init__(self, name: str, retries: int) -> None:
        from jupyter_core.utils import run_sync

        self._run, self.name, self.retries = run_sync, name, retries
        self._start()

    def _start(self) -> None:
        from jupyter_client import AsyncKernelManager

        for attempt in range(self.retries + 1):
            # IPC sockets in a folder of its own: no TCP port to race for, no plain-text TCP warning
            self._sockets = tempfile.mkdtemp(prefix="crm-kernel-")
            self.km = AsyncKernelManager(kernel_name=self.name, transport="ipc",
                                         ip=os.path.join(self._sockets, "k"))
            if forkserver.enabled():            # forked from a template that has the imports done
                self.km.kernel_id = uuid.uuid4().hex
                self.km.provisioner = forkserver.ForkProvisioner(kernel_id=self.km.kernel_id,
                                                                 kernel_spec=self.km.kernel_spec, parent=self.km)
            self.kc = None
            try:
                self._run(self._connect)()
                break
            except Exception as exc:  # noqa: BLE001 - a kernel that did not come up: try again
                self.stop()
                if attempt == self.retries or not any(x in str(exc) for x in _START_ERRORS):
                    raise
                time.sleep(1 + attempt)
        self.used = False

    async def _connect(self, timeout: float = 120) -> None:
        """Start the kernel and connect once it answers on both channels.

        As jupyter_client's ``wait_for_ready``, without its final 0.2 s wait for the output channel
        to fall quiet: a message left over from start-up is not one a notebook's cell waits for.
        """
        from queue import Empty

        # history in memory, as nbclient starts kernels: not every batch cell in the user's
        # ~/.ipython history database, with parallel kernels waiting on its lock
        await self.km.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.kc = kc = self.km.client()
        kc.start_channels()
        kc.allow_stdin = False
        end = time.monotonic() + timeout
        while True:
            kc.kernel_info()
            try:
                msg = await kc.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = {}
            if msg.get("msg_type") == "kernel_info_reply":
                try:
                    await kc.iopub_channel.get_msg(timeout=0.2)     # the output channel is connected
                    return
                except Empty:
                    pass
            if not await self.km.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > end:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    def fresh(self) -> tuple[Any, Any]:
        """The kernel manager and its ready client, with a clean user namespace (a dead kernel is replaced)."""
        if not self._run(self.km.is_alive)():
            self.restart()
        elif self.used:
            self._run(self.kc.execute_interactive)(self._RESET, timeout=60, store_history=False)
        self.used = True
        return self.km, self.kc

    def restart(self) -> None:
        """After a failed notebook: a new kernel process (a timed-out cell may still be running).

        A new manager with new sockets: restarting in place, a client of the new kernel on the old
        connection did not connect (seen with TCP ports).
        """
        self.stop()
        self._start()

    def stop(self) -> None:
        """Shut the kernel down."""
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        try:
            self._run(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001,S110 - already gone
            pass
        shutil.rmtree(self._sockets, ignore_errors=True)


@functools.cache
def _engine() -> str:
    """The nbclient engine of papermill, writing the executed notebook once, when it ends.

    papermill writes (and nbformat validates) the whole notebook after every cell so that a
    reader can watch it run; the batch writes into a folder nobody watches, and 100 writes of
    the four notebooks cost a tiny client 0.5 s. A failed or timed-out notebook is still
    written with its outputs (papermill's ``notebook_complete`` runs in a ``finally``).
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, logger, papermill_engines

    class OnceManager(NotebookExecutionManager):
        done = False

        def save(self, **kwargs: Any) -> None:
            if self.done:
                super().save(**kwargs)

        def notebook_complete(self, **kwargs: Any) -> None:
            self.done = True
            super().notebook_complete(**kwargs)

    class OnceEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, kc: Any = None, **kwargs: Any) -> Any:
            if kc is None:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            from papermill.clientwrap import PapermillNotebookClient

            kwargs = {k: v for k, v in kwargs.items() if k not in ("input_path", "start_timeout", "startup_timeout")}
            kwargs["timeout"] = kwargs.pop("execution_timeout", None) or kwargs.get("timeout")
            client = PapermillNotebookClient(nb_man, kernel_name=kernel_name, log=logger, **kwargs)
            client.kc = kc                   # the client's kernel connection, already ready (see _Kernel)
            return client.execute()

        @classmethod
        def execute_notebook(cls, nb: Any, kernel_name: str, output_path: Any = None, progress_bar: bool = True,
                             log_output: bool = False, autosave_cell_every: int = 30, **kwargs: Any) -> Any:
            nb_man = OnceManager(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                 autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register("crmanalysis", OnceEngine)
    return "crmanalysis"


def _execute(src: Path, dst: Path, params: dict[str, Any], *, kernel: str, timeout: int,
             notebook_timeout: int | None = None, km: Any = None, kc: Any = None) -> None:
    """Execute one notebook: *timeout* seconds per cell, *notebook_timeout* seconds for all its cells.

    nbclient asks ``timeout_func`` for each cell's limit as the cell starts; it answers with
    what is left of the notebook's budget (at most the cell limit), so a notebook of many slow
    cells stops at its budget instead of at cells x cell limit. *km* is the client's running
    kernel (:class:`_Kernel`, which also retries a kernel that does not start).
    """
    import papermill as pm

    deadline = time.monotonic() + notebook_timeout if notebook_timeout else None

    def cell_limit(_cell: Any) -> int:
        if deadline is None:
            return timeout
        return max(1, min(timeout, int(deadline - time.monotonic())))
    try:
        # no cwd=: papermill implements it with a process-wide chdir, which races between threads
        # (parameters carry absolute paths, so the kernel's working folder does not matter)
        pm.execute_notebook(str(src), str(dst), parameters=params, kernel_name=kernel, cwd=None,
                            progress_bar=False, log_output=False, execution_timeout=timeout,
                            start_timeout=120, timeout_func=cell_limit, km=km, kc=kc,
                            engine_name=_engine())
    except Exception as exc:  # noqa: BLE001 - papermill/nbclient raise many kinds
        if deadline is not None and time.monotonic() >= deadline - 1 and "imed out" in str(exc):
            raise NotebookTimeout(f"{src.name} ran past its time budget of {notebook_timeout} s "
                                  "(--notebook-timeout)") from exc
        raise


def _failing_cell(exc: Exception, nb_path: Path) -> str:
    """The source of the cell that raised (first line), from papermill's error or the output notebook."""
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    import re

                    tb = [re.sub(r"\x1b\[[0-9;]*m", "", ln) for ln in out.get("traceback", [])]
                    arrows = [x.strip() for t_ in tb for x in t_.splitlines() if x.strip().startswith("---->")]
                    src = [x for x in "".join(cell.get("source", "")).splitlines() if x and not x.startswith("%")]
                    where = arrows[0].lstrip("-> ").split(" ", 1)[-1] if arrows else (src[0] if src else "")
                    return f"cell {cell.get('execution_count')}: {where.strip()[:160]}"
    except (OSError, ValueError, KeyError, IndexError):
        pass
    return ""


def run_client(config: str | Path, *, out_root: str | Path = "reports", month: str | None = None,
               lang: str | None = None, anonymize: bool = False, kernel: str = KERNEL, timeout: int = 900,
               retries: int = 2, notebooks: tuple[str, ...] = NOTEBOOKS,
               notebook_timeout: int | None = 3600, kernels: int = 1, pdf: bool = True) -> ClientRun:
    """Run every analysis notebook for one client and write its report folder atomically.

    *timeout* limits each cell, *notebook_timeout* each notebook as a whole (seconds). *kernels*
    > 1 runs the notebooks side by side in that many kernels (clients up to :data:`LANE_ROWS` rows).
    With *pdf* False the folder holds the HTML report and the Excel file only (a draft to read first).
    """
    t0 = time.perf_counter()
    config = Path(config).resolve()
    run = ClientRun(client_id="?", config=str(config), started=dt.datetime.now().isoformat(timespec="seconds"))
    forkserver.prestart()                      # the kernel's imports run while this process reads the exports
    from .io import IngestError, load_client

    try:
        cfg = load_config(config)
        run.client_id = check_slug(cfg.client_id)
        month = check_month(month)
        with _timed(run, "exports"):
            # read once up front: unreadable exports fail with their message; notebooks hit the cache
            rows = int(load_client(cfg)[0].summary()["rows"].sum())
    except (ConfigError, IngestError) as exc:
        run.status, run.error = "failed", str(exc)
        run.seconds = round(time.perf_counter() - t0, 1)
        return run
    out_root = Path(out_root).resolve()
    client_dir = out_root / run.client_id
    if client_dir.resolve().parent != out_root:            # belt and braces: ids are slugs already
        run.status, run.error = "failed", f"unsafe client id {run.client_id!r}"
        return run
    client_dir.mkdir(parents=True, exist_ok=True)
    _clean_stale(client_dir)
    tmp = client_dir / f".tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    params = {"client_config": str(config), "month": month or "", "language": lang or "",
              "anonymize": bool(anonymize)}
    _preimport()            # after the exports, not beside them: both need this process's interpreter
    with _timed(run, "notebooks"):
        results = _run_notebooks(run, tmp, params, notebooks, kernel=kernel, timeout=timeout, retries=retries,
                                 notebook_timeout=notebook_timeout, kernels=kernels if rows <= LANE_ROWS else 1)
    run.checks, gaps = index_lines(results, notebooks)
    run.gaps += [g for g in gaps if g not in run.gaps]
    summary = results.get("01_baseline", {}).get("summary", {})
    run.month = summary.get("month") or month or last_complete_month()
    run.undated = bool(summary) and not summary.get("data_start")
    run.name, run.lang = cfg.display_name, lang or cfg.language
    if run.status != "failed":
        missing = _missing_results(results, notebooks)
        if missing:
            run.status, run.error = "failed", "a notebook did not record what the report needs: " + "; ".join(missing)
        else:
            run.status = "ok"
    digest = _exports_digest(cfg)
    before = month_meta(out_root, run.client_id, run.month)
    if before.get("digest") and before["digest"] != digest:        # the exports changed since this month's run
        run.notice = t("history.recomputed", run.lang, date=before.get("ran_at", "")[:10])
    try:
        _write_documents(tmp, run, results, cfg, pdf=pdf)
    except Exception as exc:  # noqa: BLE001 - a broken summary must not lose the notebooks
        run.status = "failed"
        run.error = run.error or f"report assembly: {type(exc).__name__}: {exc}"
    if run.status == "ok":                        # the month's numbers kept for later months and the index
        write_month(out_root, run.client_id, run.month, rows_from_results(run.month, results, run.checks + run.gaps),
                    {"digest": digest, "ran_at": dt.datetime.now().isoformat(timespec="seconds"),
                     "plan": cfg.plan or ""})
    run.seconds = round(time.perf_counter() - t0, 1)
    final = client_dir / run.month
    if run.status != "ok" and _is_good(final):
        # never replace a good report by a failed rerun: keep the failed attempt beside it
        final = client_dir / f"{run.month}.failed"
    run.folder = str(final)
    (tmp / "run.json").write_text(json.dumps(asdict(run), indent=2), encoding="utf-8")
    _swap_in(tmp, final)
    if run.status == "ok":
        shutil.rmtree(client_dir / f"{run.month}.failed", ignore_errors=True)
    return run


@contextlib.contextmanager
def _timed(run: ClientRun, step: str) -> Iterator[None]:
    """Add the seconds the block takes to ``run.timings[step]``."""
    t0 = time.perf_counter()
    try:
        yield
    finally:
        run.timings[step] = round(run.timings.get(step, 0.0) + time.perf_counter() - t0, 2)


#: what this process needs after the notebooks (papermill's client, the PDF and the Excel writer)
PARENT_IMPORTS = ("papermill", "nbformat", "crmanalysis.report", "weasyprint", "openpyxl")


def _preimport() -> None:
    """Import :data:`PARENT_IMPORTS` in a thread, while this process waits for its kernels.

    A single report otherwise paid them one after the other (about 2 s); a name already imported
    costs nothing, so a batch worker's later clients start no real work here.
    """
    missing = [m for m in PARENT_IMPORTS if m not in sys.modules]
    if not missing:
        return

    def work() -> None:
        import importlib

        for name in missing:
            try:
                importlib.import_module(name)
            except (ImportError, OSError):       # WeasyPrint without its system libraries: said where it is used
                pass
    threading.Thread(target=work, name="crmanalysis-preimport", daemon=True).start()


def notebook_parameters(path: Path) -> set[str]:
    """The names the notebook's ``parameters`` cell assigns (what papermill may set)."""
    import ast

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next((c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return set()
    src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    names: set[str] = set()
    for node in ast.parse(src).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def unknown_parameters(params: dict[str, Any], notebooks: tuple[str, ...]) -> str:
    """One sentence naming each parameter a notebook does not take ("" when all do).

    papermill only logs a parameter the notebook lacks and runs it with its default: a renamed
    parameter would give every client the default month or language without a word.
    """
    out = []
    for name in notebooks:
        takes = notebook_parameters(NOTEBOOK_DIR / f"{name}.ipynb")
        extra = sorted(set(params) - takes)
        if extra:
            out.append(f"{name}.ipynb has no parameter {', '.join(map(repr, extra))} "
                       f"(its parameters cell sets: {', '.join(sorted(takes)) or 'nothing'})")
    return "; ".join(out)


#: a notebook's kernel seconds on a typical client (the Salesforce demo org's: 3.6, 1.8, 0.9, 0.3), for
#: splitting them over kernels; a notebook not named counts 1
_WEIGHT = {"02_targets": 3.6, "01_baseline": 1.8, "03_activity_vs_progress": 0.9, "04_roi": 0.3}
#: beyond this many rows a client's notebooks share one kernel: each kernel holds the client's tables
LANE_ROWS = 1_000_000


def lanes(notebooks: tuple[str, ...], kernels: int) -> list[tuple[str, ...]]:
    """The notebooks split over at most *kernels* kernels, heaviest first onto the least loaded one.

    The notebooks do not read each other's results (each opens the client itself), so they may run
    side by side; each lane keeps the notebooks' order.
    """
    load: list[list[Any]] = [[0.0, []] for _ in range(max(1, min(kernels, len(notebooks))))]
    for name in sorted(notebooks, key=lambda n: -_WEIGHT.get(n, 1)):
        lane = min(load, key=lambda x: x[0])
        lane[0] += _WEIGHT.get(name, 1)
        lane[1].append(name)
    order = {n: i for i, n in enumerate(notebooks)}
    return [tuple(sorted(names, key=order.get)) for _, names in load if names]


def _run_notebooks(run: ClientRun, tmp: Path, params: dict[str, Any], notebooks: tuple[str, ...], *, kernel: str,
                   timeout: int, retries: int, notebook_timeout: int | None,
                   kernels: int = 1) -> dict[str, dict[str, Any]]:
    """Execute the client's notebooks in warm kernels (see :class:`_Kernel`); their recorded results.

    With *kernels* > 1 (a single report on a machine with cores to spare) the notebooks run side
    by side in that many kernels; a failure is recorded for the first failing notebook in order.
    """
    unknown = unknown_parameters(params, notebooks)
    if unknown:
        run.status, run.error = "failed", unknown
        return {}
    groups = lanes(notebooks, kernels)
    lock = threading.Lock()
    failures: dict[str, tuple[str, str]] = {}
    results: dict[str, dict[str, Any]] = {}
    args = (run, tmp, params, lock, failures, results)
    kw = {"kernel": kernel, "timeout": timeout, "retries": retries, "notebook_timeout": notebook_timeout}
    if len(groups) == 1:
        _run_lane(*args, groups[0], **kw)
    else:
        with ThreadPoolExecutor(max_workers=len(groups)) as ex:
            for f in [ex.submit(_run_lane, *args, g, **kw) for g in groups]:
                f.result()
    first = next((n for n in notebooks if n in failures), None)
    if first is not None:
        run.status, run.failing_notebook = "failed", first
        run.error, run.failing_cell = failures[first]
    return {n: results[n] for n in notebooks if n in results}


def _run_lane(run: ClientRun, tmp: Path, params: dict[str, Any], lock: threading.Lock,
              failures: dict[str, tuple[str, str]], results: dict[str, dict[str, Any]], names: tuple[str, ...], *,
              kernel: str, timeout: int, retries: int, notebook_timeout: int | None) -> None:
    """Run *names* one after the other in one kernel; what each recorded or why it failed, under *lock*."""
    try:
        t0 = time.perf_counter()
        warm = _Kernel(kernel, retries)
        from .io import cache

        cache.wait()                # the exports' cache, written while the kernel started, is what it reads
        with lock:
            run.timings["kernel"] = max(run.timings.get("kernel", 0.0), round(time.perf_counter() - t0, 2))
    except Exception as exc:  # noqa: BLE001 - a kernel that never starts fails this client only
        with lock:
            for name in names:
                failures[name] = (f"the {kernel} kernel did not start: {exc}", "")
        return
    try:
        for name in names:
            dst = tmp / f"{name}.ipynb"
            t0 = time.perf_counter()
            try:
                km, kc = warm.fresh()
                _execute(NOTEBOOK_DIR / f"{name}.ipynb", dst, params, kernel=kernel, timeout=timeout,
                         notebook_timeout=notebook_timeout, km=km, kc=kc)
            except Exception as exc:  # noqa: BLE001 - record and go on with the other notebooks
                msg = getattr(exc, "evalue", None) or str(exc).strip().splitlines()[-1][:500]
                with lock:
                    failures[name] = (f"{getattr(exc, 'ename', type(exc).__name__)}: {msg}", _failing_cell(exc, dst))
                warm.restart()
            got = read_results(dst) if dst.exists() else None
            with lock:
                run.timings[name] = round(time.perf_counter() - t0, 2)
                if got is not None:
                    results[name] = got
                    run.notebooks[name] = dst.name
    finally:
        warm.stop()


def _is_good(folder: Path) -> bool:
    try:
        return json.loads((folder / "run.json").read_text(encoding="utf-8"))["status"] == "ok"
    except (OSError, ValueError, KeyError):
        return False


def _clean_stale(client_dir: Path, older_than_s: float = 6 * 3600) -> None:
    """Remove temporary folders of runs that were interrupted long ago."""
    now = time.time()
    for p in client_dir.glob(".tmp-*"):
        if now - p.stat().st_mtime > older_than_s:
            shutil.rmtree(p, ignore_errors=True)


def _swap_in(tmp: Path, final: Path) -> None:
    """Replace *final* by *tmp* with renames only (atomic on one file system)."""
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:6]}")
        os.replace(final, old)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def index_lines(results: dict[str, dict[str, Any]], notebooks: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The failed checks of the first numbers and the gaps, in English as the whole index, whatever the report's."""
    checks = [render(c, "en") for c in results.get("01_baseline", {}).get("checks") or []]
    gaps = [gap_text(g, "en") for name in notebooks for g in results.get(name, {}).get("gaps") or []]
    return checks, list(dict.fromkeys(gaps))


def _missing_results(results: dict[str, dict[str, Any]], notebooks: tuple[str, ...]) -> list[str]:
    """Results of :data:`crmanalysis.contract.CONTRACT` a notebook that ran did not record."""
    from .contract import expected_results

    return [f"{nb} did not record {name!r}" for nb in notebooks if nb in results
            for name in expected_results(nb) if name not in results[nb]]


def _exports_digest(cfg) -> str:
    """One digest of the client's export files (their SHA-256 as the ingest cache keeps them)."""
    import hashlib

    from .io.cache import _file_digests

    paths = [p for table in sorted(cfg.files) for p in cfg.file_for(table) if p.exists()]
    return hashlib.sha256("".join(_file_digests(paths)).encode()).hexdigest()[:16]


def _write_documents(folder: Path, run: ClientRun, results: dict[str, Any], cfg, *, pdf: bool = True) -> None:
    """report.html / report.pdf and kpis.xlsx in the report language; what the index shows in run.json."""
    from .analyses.roi import verdict_text
    from .i18n import fmt_pct, fmt_value
    from .report import headline_kpis, shown_kpis, start_pdf, write_report, write_xlsx
    from .texts import words

    failure = f"{run.failing_notebook}: {run.error}" if run.status == "failed" else ""
    own = (results.get("01_baseline", {}).get("summary") or {}).get("words") or ""   # a call log's "calls"
    with words(own), _timed(run, "report"):
        run.warnings = write_report(folder, results=results, name=cfg.display_name, month=run.month, lang=run.lang,
                                    currency=cfg.currency, status=run.status, failure=failure, notice=run.notice,
                                    pdf=False)
    t0 = time.perf_counter()
    pdf_done = start_pdf(folder / "report.html", folder / "report.pdf") if pdf else lambda: None
    try:
        with words(own), _timed(run, "excel"):
            write_xlsx(folder / "kpis.xlsx", results, lang=run.lang, currency=cfg.currency)
    finally:
        reason = pdf_done()
        run.timings["pdf"] = round(time.perf_counter() - t0, 2)
        if reason:
            run.warnings.append(f"report.pdf not written: {reason}")
    from .kpis import REGISTRY

    meta = shown_kpis(results)
    # the index is the consultant's page, in English like its verdicts (a client's own KPI: its label)
    run.headline = [{"kpi": r["kpi"], "label": REGISTRY[r["kpi"]].label("en") if r["kpi"] in REGISTRY else
                     meta.get(r["kpi"], {}).get("label", r["kpi"]),
                     "status": r.get("status") or "",
                     "value_text": fmt_value(r.get("value"), r.get("unit") or "count", currency=cfg.currency),
                     "score_text": fmt_pct(r["score"]) if r.get("score") is not None else ""}
                    for r in headline_kpis(results)]
    roi = results.get("04_roi", {}).get("roi")
    run.roi_kind = (roi or {}).get("verdict_kind", "")
    run.roi_verdict = verdict_text(roi, currency=cfg.currency) if roi else _roi_gap(results)


def _roi_gap(results: dict[str, Any]) -> str:
    """Why the ROI has no verdict, in English (the index's language), from the gap notebook 04 recorded as data."""
    from .report import gap_sentence
    from .texts import t

    why = gap_sentence(results, "04_roi", "sec.verdict", "en")
    return f"{t('sec.verdict', 'en')}: {why}" if why else ""


def write_index(out_root: str | Path) -> Path:
    """``reports/index.html`` (see :func:`crmanalysis.report.write_index`)."""
    from .report import write_index as _write

    return _write(out_root)


def run_batch(configs: list[Path], *, out_root: str | Path = "reports", month: str | None = None,
              workers: int | None = None, only: list[str] | None = None, lang: str | None = None,
              anonymize: bool = False, kernel: str = KERNEL, timeout: int = 900, scheduler: str | None = None,
              progress: bool = True, notebooks: tuple[str, ...] = NOTEBOOKS,
              notebook_timeout: int | None = 3600, pdf: bool = True) -> list[ClientRun]:
    """Run many clients with at most *workers* at a time (default: the number of cores)."""
    from tqdm.auto import tqdm

    month = check_month(month)
    if only:
        ids = {}
        for c in configs:
            try:
                ids[load_config(c).client_id] = c
            except ConfigError:
                continue
        unknown = [w for w in only if w not in ids]
        if unknown:
            raise ConfigError(f"--only: no client {', '.join(map(repr, unknown))} in this list; "
                              f"clients: {', '.join(sorted(ids)) or 'none'}")
        configs = [ids[w] for w in dict.fromkeys(only)]
    workers = max(1, workers or os.cpu_count() or 1)
    kwargs = {"out_root": str(Path(out_root).resolve()), "month": month, "lang": lang, "anonymize": anonymize,
              "kernel": kernel, "timeout": timeout, "notebooks": tuple(notebooks), "notebook_timeout": notebook_timeout,
              "pdf": pdf,
              # cores the clients leave idle go to their notebooks (two kernels a client at most)
              "kernels": max(1, min(2, workers // max(1, len(configs))))}
    runs: list[ClientRun] = []
    lock = threading.Lock()
    bar = tqdm(total=len(configs), desc="clients", unit="client", disable=not progress)
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError:
            raise ConfigError("--scheduler needs the distributed extra: "
                              "pip install 'crmanalysis[distributed]'") from None
        with Client(scheduler) as dc:
            futs = [dc.submit(run_client, str(c), pure=False, **kwargs) for c in configs]
            for f in futs:
                try:
                    runs.append(f.result())
                except Exception as exc:  # noqa: BLE001 - a lost worker fails one client, not the batch
                    runs.append(ClientRun(client_id="?", config="", status="failed", error=repr(exc)))
                bar.update()
    else:
        with _pool(workers, len(configs)) as ex:
            futs = {ex.submit(run_client, c, **kwargs): c for c in configs}
            for f in as_completed(futs):
                try:
                    r = f.result()
                except Exception as exc:  # noqa: BLE001 - never lose the batch to one client
                    r = ClientRun(client_id="?", config=str(futs[f]), status="failed", error=repr(exc))
                with lock:
                    runs.append(r)
                    bar.set_postfix_str(f"{r.client_id}: {r.status}")
                    bar.update()
    bar.close()
    write_index(out_root)
    return sorted(runs, key=lambda r: r.client_id)


@contextlib.contextmanager
def _pool(workers: int, clients: int) -> Iterator[Executor]:
    """Worker processes, one client at a time each (never a fork of this process, which may run threads).

    Threads would share one interpreter: the report assembly (WeasyPrint, Excel, reading the
    executed notebooks) of two clients then takes turns on the GIL. Measured on 4 small clients
    with 2 workers: the PDF step took 6.2 s a client on threads, 3.7 s in processes. A single
    worker runs in this process (nothing to share, no start-up cost). The workers fork their
    kernels from one template process (:mod:`crmanalysis.forkserver`) that this process starts
    and ends: its imports are paid once a batch, not once a worker.
    """
    if workers <= 1 or clients <= 1:
        with ThreadPoolExecutor(max_workers=1) as ex:
            yield ex
        return
    import multiprocessing

    template = None
    if forkserver.enabled():
        try:
            template = forkserver.Template()
        except OSError as exc:
            print(f"crmanalysis: kernels start the usual way ({exc})", file=sys.stderr)
    if "forkserver" in multiprocessing.get_all_start_methods():
        # workers forked from multiprocessing's fork server, a single-threaded process that has
        # imported what they need once (the imports took 1.3 s of CPU in every spawned worker)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(WORKER_IMPORTS))
    else:
        ctx = multiprocessing.get_context("spawn")
    try:
        # the environment goes along: a fork server keeps the one it was started with
        with ProcessPoolExecutor(max_workers=min(workers, clients), mp_context=ctx, initializer=_warm_worker,
                                 initargs=(template.path if template else None, dict(os.environ))) as ex:
            yield ex
    finally:
        if template is not None:
            template.stop()


#: what a batch worker imports before its first client (the optional ones may be missing)
WORKER_IMPORTS = ("crmanalysis.batch", "crmanalysis.report", "crmanalysis.io", "crmanalysis.analyses.roi", "papermill",
                  "nbformat", "weasyprint")


def _warm_worker(template: str | None = None, env: dict[str, str] | None = None) -> None:
    """A batch worker: the batch's environment and kernel template; what every client needs, imported.

    The imports are then frozen out of the cyclic collector: they are never garbage, yet every
    full collection walked them again (``gc.freeze``).
    """
    import gc
    import importlib

    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    forkserver.use_shared(template)
    for name in WORKER_IMPORTS:
        try:
            importlib.import_module(name)
        except (ImportError, OSError):   # WeasyPrint without its system libraries: said where it is used
            pass
    gc.collect()
    gc.freeze()


def run_batch_cli(clients_file: str | Path, *, out_dir: str | Path, month: str | None, workers: int | None,
                  only: str | None, lang: str | None, anonymize: bool = False, scheduler: str | None = None,
                  timeout: int = 900, notebook_timeout: int | None = 3600, pdf: bool = True) -> int:
    """Run the batch and print a summary; returns the number of failed clients (the exit code)."""
    import click

    configs = read_client_list(clients_file)
    runs = run_batch(configs, out_root=out_dir, month=month, workers=workers,
                     only=[s.strip() for s in only.split(",") if s.strip()] if only else None, lang=lang,
                     anonymize=anonymize,
                     scheduler=scheduler, timeout=timeout, notebook_timeout=notebook_timeout, pdf=pdf)
    failed = [r for r in runs if r.status != "ok"]
    for r in runs:
        line = f"{r.client_id:<16} {r.status_text:<13} {r.month or '':<8} {r.seconds:6.1f} s  {r.folder}"
        click.secho(line, fg="green" if r.status == "ok" else "red")
        if r.status != "ok":
            click.secho(f"    {r.failing_notebook} {r.failing_cell}\n    {r.error}", fg="red")
    gaps = sum(1 for r in runs if r.status == "ok" and r.gaps)
    click.echo(f"{len(runs) - len(failed)} of {len(runs)} clients ok ({gaps} with gaps); "
               f"index: {Path(out_dir).resolve() / 'index.html'}")
    return len(failed)
