"""crmanalysis: CRM exports in, baseline, targets, activity vs progress and CRM ROI out.

A small package of KPI functions and analyses that thin parameterised notebooks call.
"""

__version__ = "0.1.0"
