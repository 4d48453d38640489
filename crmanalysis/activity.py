"""Moved to :mod:`crmanalysis.analyses.activity`; this name keeps working for one release."""

from ._moved import alias

alias(__name__)
