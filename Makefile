# Make only wraps commands that also work without it (see README for the plain equivalents).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench venv clean notebook-texts

# create .venv if missing and (re)install when pyproject.toml changes
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,distributed]'
	# the package's bytecode, as pip writes it for every installed one: where PYTHONDONTWRITEBYTECODE
	# is set, each process (a report, its kernel template) compiled the whole package again
	$(BIN)/python -m compileall -q crmanalysis
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/crmanalysis demo

test: $(STAMP)
	$(BIN)/crmanalysis demo --data-only
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check crmanalysis tests bench notebooks
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/roi_calibration.py --clients 300
	$(BIN)/python bench/init_accuracy.py
	$(BIN)/python bench/realdata_numbers.py
	$(BIN)/python bench/engagement.py
	$(BIN)/python bench/report_pages.py
	$(BIN)/python bench/report_time.py

# the Markdown cell above each notebook section, from the section's text in crmanalysis/texts
notebook-texts: $(STAMP)
	$(BIN)/python notebooks/explanations.py

clean:
	rm -rf $(VENV) data/sample/*/ reports/*/ reports/index.html
