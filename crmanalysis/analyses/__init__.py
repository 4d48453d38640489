"""The analyses: pure functions of :class:`~crmanalysis.data.ClientData` that the notebooks call.

``baseline`` (the nulmeting), ``targets`` (targets, scores, "my KPIs"), ``scorecard`` (KPIs side
by side per level, the drill-down), ``activity`` (activity versus progress), ``roi`` and
``causal`` (the CRM's return and its counterfactual models), ``headline`` and ``findings`` (the
first numbers of page 1 and the sentences about them), ``plan`` (the engagement's agreed targets
month by month).

They read no files and draw nothing: the import contracts in ``pyproject.toml`` name this package,
so a module added here is held to them without editing the contracts.
"""
