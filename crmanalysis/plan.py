"""Moved to :mod:`crmanalysis.analyses.plan`; this name keeps working for one release."""

from ._moved import alias

alias(__name__)
