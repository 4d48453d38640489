"""The structure a newcomer can trust: the layers of DESIGN §2 enforced (import-linter), functions short
and simple enough to read, and the public analysis functions saying which columns they return."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from crmanalysis.analyses import activity as A
from crmanalysis.analyses import baseline as B
from crmanalysis.analyses import roi as R
from crmanalysis.analyses import scorecard as S
from crmanalysis.analyses import targets as T
from crmanalysis.analyses.window import Window

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "crmanalysis"
MAX_LINES = 80
#: the sample generator is one long recipe of planted effects, read top to bottom (split, it would hide the story)
EXEMPT = {("samples/synthetic.py", "generate")}


def test_the_layer_contracts_hold():
    from importlinter import cli

    # pyproject.toml [tool.importlinter]: layers, analyses without file access, plots without KPIs,
    # papermill only in batch; the exit code is 1 when an import breaks a contract
    assert cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (rel, node.name) not in EXEMPT:
                yield rel, node


def test_no_function_is_longer_than_a_screen():
    long = [(rel, f.name, f.end_lineno - f.lineno + 1) for rel, f in _functions()
            if f.end_lineno - f.lineno + 1 > MAX_LINES]
    assert long == []


def test_no_function_is_too_complex_to_follow():
    import subprocess
    import sys

    # pyproject.toml: max-complexity 15; the sample generator exempt (its per-file ignore)
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "C901", "--output-format", "concise",
                          str(PACKAGE)], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stdout


def _returned_columns(fn) -> set[str]:
    """The ``names`` a docstring's Returns section lists, with those of the functions it refers to."""
    doc = fn.__doc__ or ""
    part = doc.split("Returns", 1)[1] if "Returns" in doc else doc
    names = set(re.findall(r"``([a-z_0-9]+)``", part))
    for mod, name in re.findall(r":func:`(?:crmanalysis\.)?((?:\w+\.)*)(\w+)`", part):
        module = importlib.import_module(f"crmanalysis.{mod.rstrip('.')}" if mod else fn.__module__)
        ref = getattr(module, name, None)
        if ref is not None and ref is not fn:
            names |= _returned_columns(ref)
    return names


@pytest.fixture(scope="module")
def outputs(sample_dir):
    from crmanalysis.io import load_client

    data, _ = load_client(sample_dir / "northwind" / "client.yml")
    w = Window.of(data, "2025-05")
    base = B.baseline(data, B.specs_for(data.config.profiles, 6, data=data), baseline_date="2025-04-30 23:59")
    tg = T.set_targets(base)
    sc = T.scores(data, tg, window=w)
    card = S.scorecard(data, window=w.back(3))
    rep = str(data.users["user_id"].iloc[0])
    return {
        B.baseline: base, B.starter_rows: B.starter_rows(base), B.chart_rows: B.chart_rows(base),
        T.set_targets: tg, T.team_targets: T.team_targets(tg, data), T.profile_targets: T.profile_targets(data, tg),
        T.scores: sc, T.my_kpis: T.my_kpis(data, rep, tg, window=w), T.rep_scores: T.rep_scores(sc),
        T.rank_reps: T.rank_reps(T.rep_scores(sc)), T.shown_targets: T.shown_targets(tg),
        T.company_scores: T.company_scores(sc), A.rep_months: A.rep_months(data, window=w),
        A.efficiency: A.efficiency(data, window=w.back(6)), A.quadrants: A.quadrants(data, window=w.back(6)),
        A.lagged_correlation: A.lagged_correlation(data, window=w.back(18)),
        A.service_agents: A.service_agents(data, window=w.back(6)), S.scorecard: card,
        S.red_segments: S.red_segments(card), S.shown_levels: S.shown_levels(card),
        S.drill_path: S.drill_path(data, window=w), R.before_after: R.before_after(data),
    }


def test_public_analysis_functions_name_the_columns_they_return(outputs):
    missing = {f"{fn.__module__}.{fn.__name__}": sorted(set(frame.columns) - _returned_columns(fn))
               for fn, frame in outputs.items()}
    assert {k: v for k, v in missing.items() if v} == {}



def test_the_command_line_starts_without_loading_pandas():
    # `crmanalysis --help` answers in a bare interpreter start plus click (under 0.2 s, measured in make
    # bench: a consultant's first contact with the tool); pandas alone costs 0.25 s, so the CLI module
    # imports it only inside a command
    import subprocess
    import sys

    code = "import sys, crmanalysis.cli; print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


def test_every_result_the_report_and_batch_read_is_declared_in_the_contract():
    """A result read by name (``results.get("02_targets", {}).get("cards")``) that no notebook must record
    would be None in every report, silently; the contract makes the batch fail a notebook that omits it."""
    from crmanalysis.contract import CONTRACT

    declared = {(r.notebook, r.name) for r in CONTRACT}
    pattern = re.compile(r'get\("(0[1-4]_[a-z_]+)", \{\}\)\.get\("([a-z_]+)"')
    read = {m.groups() for path in PACKAGE.glob("*.py") for m in pattern.finditer(path.read_text(encoding="utf-8"))}
    assert read, "the pattern no longer finds the reads: update it with the code"
    assert read - declared == set()


def test_every_module_a_kernel_or_a_report_imports_ahead_exists():
    # the kernel template and the report's import thread name modules as strings and must not fail on a
    # start: a renamed module would only make every report slower, silently
    import subprocess
    import sys

    from crmanalysis.batch import PARENT_IMPORTS
    from crmanalysis.forkserver import PRELOAD

    code = "import importlib, sys; [importlib.import_module(m) for m in sys.argv[1:]]"
    res = subprocess.run([sys.executable, "-c", code, *PRELOAD, *PARENT_IMPORTS], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]


def test_the_kernel_and_worker_imports_use_the_current_module_names():
    # an old name still imports (with a warning), so the test above would pass on it while every kernel
    # start printed a deprecation warning into the client's notebook
    from crmanalysis._moved import MOVED
    from crmanalysis.batch import PARENT_IMPORTS, WORKER_IMPORTS
    from crmanalysis.forkserver import PRELOAD

    assert set(PRELOAD + PARENT_IMPORTS + WORKER_IMPORTS) & set(MOVED) == set()


def test_a_new_analysis_module_is_held_to_the_layers_without_editing_them(tmp_path):
    # the contracts name the package crmanalysis.analyses: a module added there that reads the report
    # layer above must break them as it stands, with pyproject.toml untouched
    import shutil
    import subprocess
    import sys

    shutil.copytree(PACKAGE, tmp_path / "crmanalysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    code = ("import sys\nfrom importlinter import cli\n"
            "sys.exit(cli.lint_imports(config_filename='pyproject.toml', no_cache=True))\n")
    run = lambda: subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,  # noqa: E731
                                 env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert run().returncode == 0, "the copy must keep the contracts before the new module is added"
    (tmp_path / "crmanalysis" / "analyses" / "forecast.py").write_text("from crmanalysis import report\n")
    res = run()
    assert res.returncode == 1 and "crmanalysis.analyses.forecast -> crmanalysis.report" in res.stdout


def test_the_old_import_paths_still_work_and_say_where_the_module_went():
    import subprocess
    import sys

    code = ("import warnings; warnings.simplefilter('error')\n"
            "try:\n    from crmanalysis import roi\nexcept DeprecationWarning as w:\n    print(w)\n"
            "warnings.simplefilter('ignore')\nfrom crmanalysis import roi\nimport crmanalysis.analyses.roi as new\n"
            "print(roi is new)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "crmanalysis.roi has moved to crmanalysis.analyses.roi" in out and out.strip().endswith("True")
