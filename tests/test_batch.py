"""The monthly batch: outputs, isolation between clients, failures, atomic idempotent writes, safety."""

import json
from pathlib import Path

import openpyxl
import pytest
import yaml

from crmanalysis import batch as B
from crmanalysis.config import ConfigError
from crmanalysis.samples.exports import write_hubspot, write_salesforce
from crmanalysis.samples.synthetic import generate


def _notebook(folder: Path, name: str, *cells: str) -> None:
    """A notebook of code *cells* at folder/name.ipynb."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / f"{name}.ipynb")


def _client(root: Path, cid: str, seed: int, writer) -> Path:
    data, _ = generate(size="tiny", seed=seed, client_id=cid, months=30, start="2023-01-01")
    # a name that exists only in this client's export
    acc = data.accounts.copy()
    acc.loc[0, "name"] = f"Uniquely{cid.capitalize()}Holding"
    data = data.replace(accounts=acc)
    return writer(data, root / cid)


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    a = _client(root, "client-a", 101, write_salesforce)
    b = _client(root, "client-b", 202, write_hubspot)
    bad_dir = root / "broken"
    bad_dir.mkdir()
    (bad_dir / "deals.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    (bad_dir / "client.yml").write_text("client_id: broken\nsource: custom\nfiles: {opportunities: deals.csv}\n")
    clients = root / "clients.yml"
    clients.write_text(yaml.safe_dump({"clients": [str(a), str(b), str(bad_dir / "client.yml")]}))
    out = root / "reports"
    runs = B.run_batch(B.read_client_list(clients), out_root=out, workers=2, progress=False)
    return root, out, {r.client_id: r for r in runs}


def test_batch_outputs_and_failures(batch_run):
    root, out, runs = batch_run
    assert Path.cwd().name != "notebooks"                          # parallel runs must not move our cwd
    assert runs["client-a"].status == "ok" and runs["client-b"].status == "ok"
    bad = runs["broken"]
    assert bad.status == "failed"                                  # one bad client never stops the others
    # its exports are read before any notebook runs: the reason is the data-quality message, not a traceback
    assert "opportunities" in bad.error and "deals.csv" in bad.error and bad.failing_cell == ""
    assert "Traceback" not in bad.error
    folder = Path(runs["client-a"].folder)
    names = {p.name for p in folder.iterdir()}
    for nb in B.NOTEBOOKS:
        assert f"{nb}.ipynb" in names
    assert {"report.html", "report.pdf", "kpis.xlsx", "run.json"} <= names
    html = (folder / "report.html").read_text(encoding="utf-8")
    # the first page (data quality, KPIs), the contents, then the analyses and the appendices
    assert (html.index("Data quality") < html.index("Key KPIs") < html.index("Contents")
            < html.index("Before anyone sets a target") < html.index('id="definitions"'))
    assert "client_config" not in html                            # code hidden
    wb = openpyxl.load_workbook(folder / "kpis.xlsx")
    assert {"Baseline", "Targets", "Quadrants", "Definitions", "Data quality"} <= set(wb.sheetnames)
    assert wb["Baseline"]["A1"].value == "KPI"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "client-a/" in index and "client-b/" in index and "failed" in index
    assert not list(out.glob("*/.tmp-*"))                          # nothing half-written left


def test_nothing_of_client_a_in_client_b(batch_run):
    _, _, runs = batch_run
    b_folder = Path(runs["client-b"].folder)
    for p in b_folder.rglob("*"):
        if p.is_file() and p.suffix != ".xlsx":
            text = p.read_text(encoding="utf-8", errors="replace")
            assert "UniquelyClient-aHolding" not in text and "client-a" not in text, p


def test_rerun_is_idempotent_and_failed_rerun_keeps_good_report(batch_run, monkeypatch):
    root, out, runs = batch_run
    cfg = runs["client-a"].config
    first = Path(runs["client-a"].folder)
    before = sorted(p.name for p in first.iterdir())
    again = B.run_client(cfg, out_root=out, notebooks=B.NOTEBOOKS)
    assert again.folder == str(first) and sorted(p.name for p in first.iterdir()) == before

    def boom(*a, **k):
        raise RuntimeError("kernel exploded")
    monkeypatch.setattr(B, "_execute", boom)
    failed = B.run_client(cfg, out_root=out, month=again.month)
    assert failed.status == "failed" and failed.folder.endswith(".failed")
    assert json.loads((first / "run.json").read_text())["status"] == "ok"   # good report untouched


def test_interrupted_run_leaves_good_report_in_place(batch_run, monkeypatch):
    _, out, runs = batch_run
    first = Path(runs["client-b"].folder)
    stamp = (first / "run.json").read_text()

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(B, "_write_documents", interrupted)
    with pytest.raises(KeyboardInterrupt):
        B.run_client(runs["client-b"].config, out_root=out, notebooks=("01_baseline",))
    assert (first / "run.json").read_text() == stamp                 # old report still complete
    assert (first / "report.html").exists()


def test_safety_slug_paths_and_injected_parameters(tmp_path):
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "client.yml").write_text("client_id: ../../etc\nfiles: {opportunities: x.csv}\n")
    r = B.run_client(evil / "client.yml", out_root=tmp_path / "reports")
    assert r.status == "failed" and "slug" in r.error
    assert not (tmp_path / "etc").exists() and not list((tmp_path).glob("reports/**/run.json"))
    with pytest.raises(ConfigError):
        B.check_month("2025-06'); import os; os.system('echo pwned')  #")


def test_a_parameter_a_notebook_does_not_take_fails_the_client_by_name(tmp_path, monkeypatch):
    # every notebook takes what the batch passes
    for name in B.NOTEBOOKS:
        assert {"client_config", "month", "language", "anonymize"} <= B.notebook_parameters(
            B.NOTEBOOK_DIR / f"{name}.ipynb"), name
    # a notebook whose parameters cell renamed "language": papermill would run it in the default language
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    src = json.loads((B.NOTEBOOK_DIR / "01_baseline.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in src["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = "".join(cell["source"]).replace("language =", "lang =")
    (nbs / "01_baseline.ipynb").write_text(json.dumps(src), encoding="utf-8")
    monkeypatch.setattr(B, "NOTEBOOK_DIR", nbs)
    data, _ = generate(size="tiny", seed=3, client_id="renamed", months=14)
    folder = tmp_path / "renamed"
    write_salesforce(data, folder)
    run = B.run_client(folder / "client.yml", out_root=tmp_path / "reports", notebooks=("01_baseline",))
    assert run.status == "failed"
    assert run.error.startswith("01_baseline.ipynb has no parameter 'language'") and "lang" in run.error


def test_quotes_in_paths_anonymize_and_language(tmp_path):
    odd = tmp_path / "it's \"odd\"; import os"
    cfg = _client(odd, "client-q", 303, write_salesforce)
    r = B.run_client(cfg, out_root=tmp_path / "reports", lang="nl", anonymize=True, notebooks=("01_baseline",))
    assert r.status == "ok", r.error
    folder = Path(r.folder)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "Datakwaliteit" in html                                   # Dutch headings
    assert "Voordat er doelen worden gesteld" in html                # Dutch explanations
    assert "rijen gelezen" in html and "nulmeting" in html           # table headers (appendix B, baseline)
    import re
    assert re.search(r"€\xa0\d{1,3}(\.\d{3})+", html)                   # Dutch number format: € 12.345
    users = yaml.safe_load((odd / "client-q" / "client.yml").read_text())
    import pandas as pd
    names = pd.read_csv(odd / "client-q" / "User.csv")["Name"]
    assert not any(n in html for n in names)                         # rep names replaced
    # each rep's baseline is in the workbook (the report's table keeps company and teams), under a pseudonym
    import openpyxl

    wb = openpyxl.load_workbook(folder / "kpis.xlsx", read_only=True)
    cells = {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    assert any(c.startswith("Rep ") for c in cells) and not cells & set(names)
    assert users["client_id"] == "client-q"


def test_dask_scheduler_path_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    cfg = _client(tmp_path, "client-d", 404, write_hubspot)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as lc:
        runs = B.run_batch([cfg], out_root=tmp_path / "reports", scheduler=lc.scheduler_address, progress=False,
                           notebooks=("01_baseline",))
    assert [r.status for r in runs] == ["ok"], runs[0].error
    assert (Path(runs[0].folder) / "report.html").exists()
    assert "client-d/" in (tmp_path / "reports" / "index.html").read_text()
    # the month's numbers are kept by the worker that ran the client (one writer per client-month)
    from crmanalysis.history import read_history

    hist = read_history(tmp_path / "reports", "client-d")
    assert set(hist["month"]) == {runs[0].month} and len(hist)


def test_all_notebooks_on_a_custom_mapped_export(tmp_path):
    """A client whose deal list has home-grown Dutch headers, mapped in the client config."""
    from crmanalysis.samples.exports import write_canonical

    data, _ = generate(size="tiny", seed=505, client_id="eigen", months=30, start="2023-01-01")
    folder = tmp_path / "eigen"
    files = {}
    for table, df in data.tables.items():
        if table != "opportunities":
            write_canonical(df, folder / f"{table}.csv")
            files[table] = f"{table}.csv"
    o = data.opportunities.rename(columns={"opportunity_id": "Dealnr", "created_at": "Aangemaakt", "status": "Fase",
                                           "amount": "Waarde", "close_date": "Afgesloten", "owner_id": "Verkoper"})
    o["Fase"] = o["Fase"].map({"won": "Gewonnen", "lost": "Verloren", "open": "Lopend"})
    o["Waarde"] = o["Waarde"].map(lambda v: "" if v != v else f"{v:,.2f}".replace(",", "X").replace(".", ",")
                                  .replace("X", "."))
    for c in ("Aangemaakt", "Afgesloten"):
        o[c] = o[c].dt.strftime("%d-%m-%Y %H:%M").fillna("")
    o.to_csv(folder / "deals.csv", sep=";", index=False)
    files["opportunities"] = "deals.csv"
    mapping = {"opportunities": {"columns": {"opportunity_id": "Dealnr", "created_at": "Aangemaakt", "status": "Fase",
                                             "amount": "Waarde", "close_date": "Afgesloten", "owner_id": "Verkoper",
                                             **{c: c for c in o.columns if c in ("stage", "account_id", "probability",
                                                                                 "product_group", "region", "industry",
                                                                                 "lead_id", "cost", "lead_source",
                                                                                 "campaign_id")}},
                                 "values": {"status": {"Gewonnen": "won", "Verloren": "lost", "Lopend": "open"}}}}
    cfg = {"client_id": "eigen", "source": "custom", "files": files, "mapping": mapping, "currency": "EUR",
           "go_live": str(data.config.go_live), "lead_definitions": data.config.lead_definitions,
           "profiles": data.config.profiles, "locale": {"decimal": ","}}
    (folder / "client.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    run = B.run_client(folder / "client.yml", out_root=tmp_path / "reports")
    assert run.status == "ok", (run.error, run.failing_cell)
    res = {nb: B.read_results(Path(run.folder) / f"{nb}.ipynb") for nb in B.NOTEBOOKS}
    assert res["01_baseline"]["summary"]["rows_kept"] > 10_000
    assert res["04_roi"]["roi"]["verdict"]


def test_a_notebook_stops_at_its_time_budget(tmp_path):
    import time

    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import time\ntime.sleep(2)") for _ in range(5)]
    src = tmp_path / "slow.ipynb"
    nbformat.write(nb, src)
    t0 = time.monotonic()
    with pytest.raises(B.NotebookTimeout, match="time budget of 3 s"):
        B._execute(src, tmp_path / "out.ipynb", {}, kernel=B.KERNEL, timeout=100, notebook_timeout=3)
    # 5 cells x 2 s = 10 s of work; stopped at the budget (3 s) plus kernel start, well before 10 s of cells ran
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    ran = sum(1 for c in out.cells if c.get("execution_count"))
    assert ran < 5 and time.monotonic() - t0 < 60
    # without a budget the same notebook completes
    B._execute(src, tmp_path / "out2.ipynb", {}, kernel=B.KERNEL, timeout=100, notebook_timeout=None)
    assert all(c.get("execution_count") for c in nbformat.read(tmp_path / "out2.ipynb", as_version=4).cells)


def test_one_warm_kernel_per_client_no_variable_crosses_and_a_stuck_notebook_does_not_block(tmp_path, monkeypatch):
    import functools

    import nbformat

    notebook = functools.partial(_notebook, tmp_path)
    pid = "import os\nprint('pid', os.getpid())"
    notebook("a", pid, "secret = 42\nimport json")
    notebook("b", pid, "assert 'secret' not in globals() and 'json' not in globals(), 'a variable of notebook a'")
    notebook("c", pid, "import time\ntime.sleep(30)")           # stuck past its budget
    notebook("d", pid, "print('d ran')")
    run = B.ClientRun(client_id="x", config="")
    monkeypatch.setattr(B, "NOTEBOOK_DIR", tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    B._run_notebooks(run, out, {}, ("a", "b", "c", "d"), kernel=B.KERNEL, timeout=100, retries=0,
                     notebook_timeout=3)

    def pids(name):
        # a loaded kernel may send one print as two stdout messages ("pid", " 25418\n"): read them joined
        cells = nbformat.read(out / f"{name}.ipynb", as_version=4).cells
        return "".join(o["text"] for o in cells[0].outputs if o.get("name") == "stdout")

    assert run.failing_notebook == "c" and "time budget" in run.error     # b passed: nothing of a was visible
    assert pids("a") == pids("b") == pids("c")                           # one kernel process for a, b and c
    assert pids("d") != pids("c")                                         # a new kernel after c timed out
    assert "d ran" in str(nbformat.read(out / "d.ipynb", as_version=4).cells[1].outputs)


def test_a_kernel_reads_a_client_once_and_again_when_an_export_changes(tmp_path, monkeypatch):
    from crmanalysis.notebook import open_client

    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path / "cache"))
    cfg = _client(tmp_path, "client-c", 303, write_salesforce)
    first, again = open_client(cfg), open_client(cfg, month="2024-06")
    assert again.data is first.data                         # the second notebook gets the tables already read
    opp = cfg.parent / "Opportunity.csv"
    lines = opp.read_text(encoding="utf-8").splitlines(keepends=True)
    opp.write_text("".join(lines[:-1]), encoding="utf-8")   # one deal fewer
    changed = open_client(cfg)
    assert changed.data is not first.data
    assert len(changed.data.opportunities) == len(first.data.opportunities) - 1


# ------------------------------------------------------------------ kernels forked from a warm template
def _kernel_facts(warm, code: str) -> dict:
    from jupyter_core.utils import run_sync

    out = []
    run_sync(warm.kc.execute_interactive)(code, timeout=60, output_hook=lambda m: out.append(m))
    text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
    return json.loads(text.strip().splitlines()[-1])


_FACTS = ("import os, json, sys, numpy as np\n"
          "print(json.dumps({'pid': os.getpid(), 'ppid': os.getppid(), 'cwd': os.getcwd(), 'pandas': 'pandas' in "
          "sys.modules, 'cache': os.environ.get('CRMANALYSIS_CACHE'), 'draw': float(np.random.random())}))")


@pytest.mark.skipif(not B.forkserver.enabled(), reason="kernels are forked on Linux only")
def test_a_kernel_is_forked_with_the_imports_done_and_the_environment_of_now(tmp_path, monkeypatch):
    import os

    B._Kernel(B.KERNEL, 0).stop()                      # the template is running before the environment changes
    monkeypatch.setenv("CRMANALYSIS_CACHE", str(tmp_path / "cache-set-after-the-template-started"))
    monkeypatch.chdir(tmp_path)
    first, second = B._Kernel(B.KERNEL, 0), B._Kernel(B.KERNEL, 0)
    try:
        a, b = _kernel_facts(first, _FACTS), _kernel_facts(second, _FACTS)
    finally:
        first.stop()
        second.stop()
    template = B.forkserver._own.proc.pid
    assert a["ppid"] == b["ppid"] == template != os.getpid()       # forks of the template, not started by us
    assert a["pandas"]                                               # pandas came imported with the fork
    assert a["pid"] != b["pid"] and a["draw"] != b["draw"]           # own processes, own random state
    assert a["cache"] == str(tmp_path / "cache-set-after-the-template-started") and a["cwd"] == str(tmp_path)
    for pid in (a["pid"], b["pid"]):                                 # stopped means gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@pytest.mark.skipif(not B.forkserver.enabled(), reason="kernels are forked on Linux only")
def test_forked_kernels_end_with_their_template_and_start_normally_when_switched_off(monkeypatch):
    import os
    import time

    warm = B._Kernel(B.KERNEL, 0)
    pid = _kernel_facts(warm, _FACTS)["pid"]
    B.forkserver._own.proc.kill()                      # the batch died: its template goes with it
    end = time.monotonic() + 10
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a kernel outlived its template by 10 s")
    warm.stop()
    monkeypatch.setenv("CRMANALYSIS_FORK_KERNELS", "0")
    plain = B._Kernel(B.KERNEL, 0)
    try:
        assert _kernel_facts(plain, _FACTS)["ppid"] == os.getpid()     # started by us, the usual way
    finally:
        plain.stop()


def _kernel_parent(_: int) -> tuple[int, int]:
    """In a batch worker: the parent of a kernel it starts, and the worker's pid."""
    import os
    import time

    warm = B._Kernel(B.KERNEL, 0)
    try:
        time.sleep(0.5)                                  # both workers are busy at once
        return _kernel_facts(warm, _FACTS)["ppid"], os.getpid()
    finally:
        warm.stop()


@pytest.mark.skipif(not B.forkserver.enabled(), reason="kernels are forked on Linux only")
def test_the_workers_of_a_batch_fork_their_kernels_from_one_template_that_ends_with_it():
    import os

    with B._pool(2, 2) as ex:
        got = list(ex.map(_kernel_parent, range(2)))
    (parent_a, worker_a), (parent_b, worker_b) = got
    assert worker_a != worker_b and parent_a == parent_b            # two workers, one template
    with pytest.raises(ProcessLookupError):                          # gone with its batch
        os.kill(parent_a, 0)


def test_notebooks_split_over_kernels_heaviest_first_keeping_their_order():
    assert B.lanes(B.NOTEBOOKS, 1) == [B.NOTEBOOKS]
    assert B.lanes(B.NOTEBOOKS, 2) == [("02_targets",), ("01_baseline", "03_activity_vs_progress", "04_roi")]
    assert B.lanes(("a",), 4) == [("a",)]


def test_a_single_report_runs_its_notebooks_side_by_side_and_names_the_first_failure(tmp_path, monkeypatch):
    import functools

    import nbformat

    notebook = functools.partial(_notebook, tmp_path)
    # each notebook prints its kernel's pid and the time it ran from and to
    span = "import os, time\nt0 = time.time()\ntime.sleep(1.5)\nprint('ran', os.getpid(), t0, time.time())"
    notebook("a", span)
    notebook("b", span, "raise ValueError('b broke')")
    notebook("c", span)
    notebook("d", span, "raise ValueError('d broke')")
    monkeypatch.setattr(B, "NOTEBOOK_DIR", tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    run = B.ClientRun(client_id="x", config="")
    res = B._run_notebooks(run, out, {}, ("a", "b", "c", "d"), kernel=B.KERNEL, timeout=100, retries=0,
                           notebook_timeout=60, kernels=2)

    def ran(name):
        cells = [c for c in nbformat.read(out / f"{name}.ipynb", as_version=4).cells if c.cell_type == "code"]
        text = [o["text"] for o in cells[0].outputs if o.get("name") == "stdout"][0]
        _, pid, t0, t1 = text.split()
        return pid, float(t0), float(t1)

    assert list(res) == ["a", "b", "c", "d"]                              # every notebook's results, in order
    assert run.status == "failed" and run.failing_notebook == "b" and "b broke" in run.error
    (pa, a0, a1), (pb, b0, b1), (pc, *_) = ran("a"), ran("b"), ran("c")
    assert pa == pc != pb                                                  # lanes (a, c) and (b, d): two kernels
    assert a0 < b1 and b0 < a1                                             # a and b ran at the same time
    assert set(run.timings) >= {"kernel", "a", "b", "c", "d"}


def test_the_batch_reads_notebooks_without_the_iri_grammars_and_the_command_ends_with_its_exit_code(tmp_path):
    import subprocess
    import sys

    # jsonschema would build rfc3987_syntax's grammars (3 s) for a string format the notebook schema never uses
    code = ("import sys, crmanalysis.batch, papermill, nbformat; nbformat.validate(nbformat.v4.new_notebook()); "
            "print(sys.modules.get('rfc3987_syntax') is None)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "True"
    # the console command skips the interpreter's teardown, yet keeps the exit code and the message
    code = "import sys; from crmanalysis.cli import run; sys.argv = ['crmanalysis', 'report', sys.argv[1]]; run()"
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "nope.yml")], capture_output=True, text=True)
    assert res.returncode == 1 and "nope.yml" in res.stderr and "cannot read" in res.stderr


def test_the_pdf_written_beside_the_excel_file_is_the_pdf_and_a_failure_is_a_reason(tmp_path, monkeypatch):
    from crmanalysis.report import start_pdf, write_pdf

    pytest.importorskip("weasyprint")
    import threading

    monkeypatch.setattr(threading, "active_count", lambda: 1)     # the fork path, whatever else the suite runs
    html = tmp_path / "r.html"
    html.write_text("<html><body><h1>Revenue</h1><p style='break-before:page'>two</p></body></html>")
    wait = start_pdf(html, tmp_path / "r.pdf", timeout=120)
    assert wait() is None
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert write_pdf(html, tmp_path / "here.pdf") is None          # the same HTML, rendered in this process
    here = (tmp_path / "here.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and abs(len(pdf) - len(here)) < 64     # only its time stamp may differ
    # a child that cannot render says why; the caller is not left with a traceback or a hang
    why = start_pdf(tmp_path / "missing.html", tmp_path / "m.pdf", timeout=120)()
    assert why and "missing.html" in why and not (tmp_path / "m.pdf").exists()
    # a child that does not finish is stopped at the deadline, with a reason
    import time

    from crmanalysis import report

    def slow(*_):
        time.sleep(30)
    monkeypatch.setattr(report, "write_pdf", slow)
    t0 = time.monotonic()
    why = report.start_pdf(html, tmp_path / "s.pdf", timeout=1)()
    assert "longer than 1 s" in why and time.monotonic() - t0 < 10


def test_a_charts_png_goes_into_the_pdf_as_it_is_and_other_pictures_the_usual_way(tmp_path):
    # a PDF image with the PNG predictor holds a PNG's IDAT data: the chart's compressed rows are
    # copied, not decoded and compressed again; a 16-bit or palette picture is left to WeasyPrint
    pytest.importorskip("weasyprint")
    import base64
    import io
    import struct
    import zlib

    import numpy as np
    from PIL import Image

    from crmanalysis.report import write_pdf

    def png(img: Image.Image) -> bytes:
        out = io.BytesIO()
        img.save(out, format="png", compress_level=1)
        return out.getvalue()

    def idat(data: bytes) -> bytes:
        pos, rows = 8, b""
        while pos < len(data):
            size, kind = struct.unpack("!I4s", data[pos:pos + 8])
            rows += data[pos + 8:pos + 8 + size] if kind == b"IDAT" else b""
            pos += size + 12
        return rows

    gradient = np.add.outer(np.arange(60), np.arange(80)).astype(np.uint8)
    rgb = png(Image.fromarray(np.dstack([gradient, gradient[::-1], 255 - gradient]), mode="RGB"))
    palette = png(Image.fromarray(gradient % 7, mode="L").convert("P"))
    html = tmp_path / "r.html"
    html.write_text("".join(f"<p><img src='data:image/png;base64,{base64.b64encode(p).decode()}'></p>"
                            for p in (rgb, palette)))
    assert write_pdf(html, tmp_path / "r.pdf") is None
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert idat(rgb) in pdf                                   # the chart's rows, byte for byte
    assert idat(palette) not in pdf                           # a palette is converted to RGB first
    # and the copied rows are still the picture's pixels: one filter byte per row of 80 RGB pixels
    assert len(zlib.decompress(idat(rgb))) == 60 * (1 + 80 * 3)


def test_no_pdf_reaches_the_run_from_both_commands(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from crmanalysis.cli import main

    seen = []

    def fake(config, **kw):
        seen.append(kw.get("pdf"))
        return B.ClientRun(client_id="x", config=str(config), status="ok", month="2025-01", folder=str(tmp_path))
    monkeypatch.setattr(B, "run_client", fake)
    cfg = tmp_path / "client.yml"
    cfg.write_text("client_id: x\nfiles: {}\n", encoding="utf-8")
    out = ["--out", str(tmp_path / "r")]
    for args in (["report", str(cfg), *out], ["report", str(cfg), "--no-pdf", *out],
                 ["batch", str(tmp_path), "--no-pdf", "--workers", "1", *out]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 0, res.output
    assert seen == [True, False, False]
