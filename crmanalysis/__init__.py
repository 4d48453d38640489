"""crmanalysis: turn a client's CRM export into a baseline, targets, an activity-versus-progress
analysis and an honest ROI of the CRM (see DESIGN in the project docs)."""

__version__ = "0.1.0"
