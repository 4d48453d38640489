"""Moved to :mod:`crmanalysis.analyses.scorecard`; this name keeps working for one release."""

from ._moved import alias

alias(__name__)
