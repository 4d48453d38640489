"""environment.yml must list exactly pyproject's dependencies with the same lower bounds."""

import re
import tomllib

import yaml
from conftest import ROOT

# conda-forge names that differ from PyPI names
CONDA_NAME = {"duckdb": "python-duckdb"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    return m.group(1).lower(), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = py["optional-dependencies"]
    wanted = dict(_split(r) for r in py["dependencies"] + extras["dev"] + extras["distributed"])
    wanted = {CONDA_NAME.get(k, k): v for k, v in wanted.items()}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = {}
    pip_section = None
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section = dep["pip"]
            continue
        name, spec = _split(dep)
        if name not in ("python", "pip"):
            conda[name] = spec
    assert conda == wanted
    assert pip_section == ["-e ."]
    python_pin = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python=")]
    assert python_pin == ["python=3.11"]
    assert py["requires-python"] == ">=3.11"


def test_every_dependency_has_a_lower_bound():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for req in py["dependencies"] + py["optional-dependencies"]["dev"] + py["optional-dependencies"]["distributed"]:
        assert ">=" in req, req


def test_ci_runs_make_test():
    text = (ROOT / ".ci" / "run").read_text()
    assert "make test" in text
