"""crmanalysis: CRM exports in, baseline, targets, activity vs progress and CRM ROI out.

A small package of KPI functions and analyses that thin parameterised notebooks call.

Layers: a module imports only from the layers below it; modules on one line do not
import each other. ``make lint`` and tests/test_structure.py check this with import-linter
(contracts in pyproject.toml).

====================================  =========================================================
``cli`` · ``training``                the command line; the trainers' lesson helpers
``batch``                             the monthly run: papermill per client × month (only here)
``report``                            report.html / .pdf, kpis.xlsx and the portfolio index
``notebook``                          what a notebook cell calls: open a client, sections, show
``views`` · ``plots``                 the tables a reader sees; figures from analysis results (no KPI
                                      computed there)
``tables`` · ``contract``             one formatter for every number a client reads; what each
                                      notebook records, its shape and its readers
``analyses``                          pure functions of ClientData: ``baseline``, ``targets``,
                                      ``scorecard`` (drill-down), ``activity``, ``roi`` and
                                      ``causal``, ``headline`` and ``findings`` (page 1), ``plan``
``kpis``                              the KPI registry and engine
``io`` · ``samples``                  exports in (readers, vendor tables, ingest, ``init`` drafts);
                                      the generated sample clients and their vendor-style files
``i18n``                              numbers, dates and notes in the report language
``data``                              ClientData: the canonical tables of one client
``config``                            the client YAML, validated
``schema``                            the canonical tables and their columns
``texts``                             every reader-facing word, in en, nl, de and da
``yamlio``                            YAML in (libyaml, YAML 1.2 booleans)
====================================  =========================================================
"""

__version__ = "0.1.0"
