"""Declarative mappings from vendor exports to the canonical tables (crmanalysis.schema).

A mapping for one table is a dict with these keys (the same format a consultant writes in
the client config under ``mapping:``; see README "Custom mappings"):

``columns``
    canonical column → export header, or a list of headers: the first non-empty value per
    row wins (so ``[actualvalue, estimatedvalue]`` coalesces, and alternative spellings of
    one header can be listed). Headers match case-insensitively, ignoring a trailing ``*``.
``values``
    canonical column → {export value: canonical value}; matched case-insensitively with
    surrounding spaces ignored; the key ``"*"`` is the default for any other value. Without
    a default, an unknown value is an error for ``status``/``type`` (row rejected, listed).
``flags``
    status from boolean columns: ``{won: IsWon, closed: IsClosed}`` (won → won, closed and
    not won → lost, otherwise open); ``{active: active}`` adds "inactive and not won → lost".
``constants``
    canonical column → a fixed value for every row.
``date_format``
    canonical column → strftime format (overrides detection), or one format for all dates.
``scale``
    canonical column → factor (e.g. ``probability: 0.01`` for 0–100 percentages).
``lookups``
    canonical column → ``{table: users, match: name, return: user_id}`` (resolve a name via
    another canonical table), or ``{file: leads.csv, key: "Lead ID", on: lead_id,
    column: "Created"}`` (take *column* from another file, joined on *key* = this row's
    canonical *on* column).
``where``
    ``{column: type, equals: opportunity}``: keep only matching rows; the others are
    counted as excluded with that reason (Odoo's ``crm.lead`` holds leads and deals).
``files``
    export file name → keys that hold for that file only, merged over the table's
    (``{Events.csv: {constants: {type: meeting}}}`` when one table reads several files).
"""

from __future__ import annotations

from typing import Any

from . import vendors as V

__all__ = ["builtin_mapping", "detect_source"]


def builtin_mapping(table: str, headers: list[str], file_name: str, source: str | None
                    ) -> tuple[dict[str, Any] | None, str, str]:
    """(mapping, source used, note) for a file of *table* with a built-in vendor table.

    With a *source* the file is matched against that vendor's objects of *table* (Salesforce
    Task or Event for activities); without one, against every vendor's. The mapping lists the
    object's headers in every language (:func:`crmanalysis.io.vendors.mapping_for`). None when no
    object of *table* matches two or more headers.
    """
    vendor = source if source in V.vendors() and source not in ("generic", "canonical") else None
    rec = V.recognise(headers, file_name, vendor=vendor, table=table, include_generic=False)
    if rec.obj is None or rec.obj.vendor == "canonical":
        if vendor is None:
            return None, "unknown", ""
        objs = [o for o in V.objects(vendor) if o.table == table]
        if not objs:
            return None, vendor, ""
        return V.mapping_for(objs[0]), vendor, ""
    note = "" if vendor else f"source detected as {rec.obj.vendor}: {rec.why}"
    return V.mapping_for(rec.obj), rec.obj.vendor, note


def detect_source(headers: list[str], file_name: str = "") -> tuple[str | None, str]:
    """Guess the CRM from an export's headers; returns (vendor or None, why)."""
    rec = V.recognise(headers, file_name, include_generic=False)
    if rec.obj is None or rec.obj.vendor == "canonical":
        return None, ("the headers match no known CRM export (Salesforce, HubSpot, Pipedrive, Dynamics, Odoo, "
                      "Zoho); add a custom mapping for this file")
    return rec.obj.vendor, f"source detected as {rec.obj.vendor}: {rec.why}"
