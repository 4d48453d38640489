"""Vendor exports that are workbooks, written the way the vendor writes them (the CSV ones are files
under tests/fixtures/vendors/)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "vendors"

# what each fixture holds, read off its rows by hand (tests/test_vendors.py, tests/test_init.py):
# fixture -> {table: rows kept}, rows excluded, statuses of the deals in file order, sum of the deal amounts
EXPECTED = {
    "salesforce_export_service": ({"opportunities": 3, "opportunity_history": 3, "leads": 2, "accounts": 2,
                                   "users": 2, "activities": 3, "campaigns": 1, "touchpoints": 1, "cases": 2}, 0,
                                  ["won", "lost", "open"], 12000.5 + 8000 + 5000),
    "salesforce_excel": ({"opportunities": 3}, 0, ["won", "lost", "open"], 2500 + 1200 + 900),
    "salesforce_report_fr": ({"opportunities": 3}, 0, ["won", "lost", "open"], 4500 + 1200 + 3000),
    "pipedrive_pt": ({"opportunities": 3, "activities": 2, "accounts": 2, "leads": 1}, 0, ["won", "lost", "open"],
                     15000 + 8000 + 5000),
    "pipedrive_en": ({"opportunities": 4, "activities": 2, "accounts": 2, "leads": 1}, 0,
                     ["won", "lost", "open", "lost"], 12000 + 4000 + 7000 + 100),
    "hubspot_properties": ({"opportunities": 4, "accounts": 1, "leads": 1, "users": 2}, 0,
                           ["won", "lost", "open", "open"], 3000 + 1500 + 2200 + 900),
    "hubspot_labels_de": ({"opportunities": 3}, 0, ["won", "lost", "open"], 5400 + 2000 + 3100),
    "zoho_potentials": ({"opportunities": 3, "activities": 4, "cases": 1}, 0, ["won", "lost", "open"],
                        1000 + 2500 + 4000),
    # one file read twice: 3 opportunities kept and the lead excluded, then 1 lead kept and 3 excluded
    "odoo_import_compatible": ({"opportunities": 3, "leads": 1}, 4, ["won", "lost", "open"], 12000 + 8000 + 3000),
    # three group rows ("Vinto (2)" …) excluded; the inactive deal that was not won is lost
    "odoo_it_grouped": ({"opportunities": 4}, 3, ["won", "won", "open", "lost"], 12000 + 8000 + 3000 + 500),
    "dynamics_excel": ({"opportunities": 3}, 0, ["won", "lost", "open"], 25000 + 9000 + 4000),
    # statecode 1 = won with its actual value, 2 = lost and 0 = open with the estimated value
    "dynamics_dataverse": ({"opportunities": 3}, 0, ["won", "lost", "open"], 52000 + 30000 + 12000),
}


def odoo_grouped_xlsx(path: Path) -> Path:
    """Odoo's Pipeline list exported to xlsx in Italian, grouped by stage: each group opens with "Fase (n)".

    The group rows carry the group's name and count in the first column and the sum of the
    expected revenue; the record rows follow.
    """
    wb = Workbook()
    ws = wb.active
    ws.append(["Opportunità", "ID", "Cliente", "Addetto vendite", "Fase", "Entrate previste", "Probabilità",
               "Creato il", "Chiusura prevista", "Attivo"])
    ws.append(["Vinto (2)", None, None, None, None, 20000.0, None, None, None, None])
    ws.append(["Sedie ufficio", 11, "Rossi S.r.l.", "Marco Bianchi", "Vinto", 12000.0, 100.0,
               dt.datetime(2024, 1, 5, 10, 0), dt.date(2024, 2, 15), True])
    ws.append(["Scrivanie", 12, "Verdi S.p.A.", "Giulia Neri", "Vinto", 8000.0, 100.0, dt.datetime(2024, 1, 8, 9, 30),
               dt.date(2024, 3, 1), True])
    ws.append(["Proposta (1)", None, None, None, None, 3000.0, None, None, None, None])
    ws.append(["Lampade", 13, "Bruni & C.", "Giulia Neri", "Proposta", 3000.0, 60.0, dt.datetime(2024, 2, 1, 14, 0),
               dt.date(2024, 4, 30), True])
    ws.append(["Nuovo (1)", None, None, None, None, 500.0, None, None, None, None])
    # marked as lost: archived, its probability set to 0 (a deal archived as it stands keeps its own and is not lost)
    ws.append(["Tende", 14, "Casa Gialla", "Marco Bianchi", "Nuovo", 500.0, 0.0, dt.datetime(2024, 2, 10, 9, 0),
               dt.date(2024, 5, 31), False])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def dynamics_xlsx(path: Path) -> Path:
    """Dynamics 365 "Export to Excel" of a view: three hidden "(Do Not Modify)" columns, then display names."""
    wb = Workbook()
    ws = wb.active
    ws.title = "My Open Opportunities"
    ws.append(["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic",
               "Potential Customer", "Est. Revenue", "Est. Close Date", "Status", "Probability", "Owner",
               "Created On"])
    rows = [
        ("9a1e0000-0000-0000-0000-000000000001", "abc=", dt.datetime(2024, 3, 1), "Fleet", "Contoso", 25000.0,
         dt.date(2024, 2, 28), "Won", 100, "Dana Wu", dt.datetime(2024, 1, 3, 9, 0)),
        ("9a1e0000-0000-0000-0000-000000000002", "def=", dt.datetime(2024, 3, 2), "Depot", "Fabrikam", 9000.0,
         dt.date(2024, 3, 15), "Lost", 0, "Dana Wu", dt.datetime(2024, 1, 9, 9, 0)),
        ("9a1e0000-0000-0000-0000-000000000003", "ghi=", dt.datetime(2024, 3, 3), "Parts", "Litware", 4000.0,
         dt.date(2024, 6, 30), "Open", 40, "Eli Park", dt.datetime(2024, 2, 1, 9, 0)),
    ]
    for r in rows:
        ws.append(list(r))
    for col in ("A", "B", "C"):
        ws.column_dimensions[col].hidden = True
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def fixture_folder(name: str, tmp: Path) -> Path:
    """A writable copy of a fixture folder, with its workbooks written."""
    dst = tmp / name
    if (FIXTURES / name).is_dir():
        shutil.copytree(FIXTURES / name, dst)
    if name == "odoo_it_grouped":
        odoo_grouped_xlsx(dst / "Pipeline (crm.lead).xlsx")
    if name == "dynamics_excel":
        dynamics_xlsx(dst / "My Open Opportunities.xlsx")
    return dst


def exports_only(name: str, tmp: Path) -> Path:
    """A fixture folder as a consultant receives it: the exports and no client.yml."""
    folder = fixture_folder(name, tmp)
    (folder / "client.yml").unlink()
    return folder
