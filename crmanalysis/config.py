"""Client configuration: one YAML file per client, safe-loaded and validated.

Every error names the file and the key, e.g.
``clients/acme.yml: key "currency": expected text, got 12``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from .schema import TABLES, mappable_columns
from .yamlio import safe_load

__all__ = ["ClientConfig", "ConfigError", "load_config", "SLUG_RE", "check_slug", "MAPPING_KEYS", "ALLOW_ENV",
           "allowed_folders", "inside"]

SLUG_RE = re.compile(r"^[A-Za-z0-9_-]+$")
#: the vendors with a built-in table (crmanalysis/io/vendors/*.yml; tests/test_vendors.py keeps the two equal)
SOURCES = ("salesforce", "hubspot", "pipedrive", "dynamics", "odoo", "zoho", "bitrix24", "servicenow", "acumatica",
           "zendesk", "freshdesk", "amocrm", "liveagent", "chargebee", "zuora", "sugarcrm", "highlevel",
           "paddle", "custom", "canonical")
LANGUAGES = ("en", "nl", "de", "da")


class ConfigError(ValueError):
    """A client configuration that cannot be used; the message names file and key."""


def check_slug(value: str, *, what: str = "client id") -> str:
    """Return *value* if it is a slug (letters, digits, ``-``, ``_``), else raise ConfigError."""
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise ConfigError(
            f"{what} {value!r} is not a slug: use only letters, digits, '-' and '_'"
        )
    return value


@dataclass(frozen=True)
class ClientConfig:
    """A validated client configuration.

    Paths in ``files`` are resolved against the folder of the YAML file (``base_dir``).
    """

    client_id: str
    name: str = ""
    source: str = "custom"
    files: dict[str, Any] = field(default_factory=dict)
    mapping: dict[str, Any] = field(default_factory=dict)
    locale: dict[str, Any] = field(default_factory=dict)
    timezone: str = "Europe/Amsterdam"
    currency: str = "EUR"
    fx_rates: dict[str, float] = field(default_factory=dict)
    fiscal_year_start: int = 1
    go_live: dt.date | None = None
    crm_costs: list[dict[str, Any]] = field(default_factory=list)
    lead_definitions: dict[str, Any] = field(default_factory=dict)
    profiles: dict[str, Any] = field(default_factory=dict)
    kpi_templates: dict[str, Any] = field(default_factory=dict)
    dimensions: list[str] = field(default_factory=lambda: ["region", "industry", "product_group"])
    language: str = "en"
    plan: str = ""                                   # the engagement's plan file, beside this config
    base_dir: Path = field(default=Path("."), compare=False)
    path: Path | None = field(default=None, compare=False)

    @property
    def plan_path(self) -> Path | None:
        """The plan file this config names (``plan:``), or None."""
        return (self.base_dir / self.plan).resolve() if self.plan else None

    @property
    def display_name(self) -> str:
        """Name shown in reports (falls back to the id)."""
        return self.name or self.client_id

    def file_for(self, table: str) -> list[Path]:
        """Absolute paths of the export file(s) configured for *table* (may be empty)."""
        spec = self.files.get(table)
        if spec is None:
            return []
        items = spec if isinstance(spec, list) else [spec]
        return [(self.base_dir / str(p)).resolve() for p in items]


# key -> (accepted python types, human type name)
_SPEC: dict[str, tuple[tuple[type, ...], str]] = {
    "client_id": ((str,), "text (a slug)"),
    "name": ((str,), "text"),
    "source": ((str,), f"one of {', '.join(SOURCES)}"),
    "files": ((dict,), "a mapping of table name to file path(s)"),
    "mapping": ((dict,), "a mapping of table name to a custom column mapping"),
    "locale": ((dict,), "a mapping (delimiter, decimal, date_order, encoding)"),
    "timezone": ((str,), "a time zone name such as Europe/Amsterdam"),
    "currency": ((str,), "a 3-letter currency code"),
    "fx_rates": ((dict,), "a mapping of currency code to rate into the client currency"),
    "fiscal_year_start": ((int,), "a month number 1-12"),
    "go_live": ((dt.date, str), "a date YYYY-MM-DD"),
    "crm_costs": ((list,), "a list of cost items"),
    "lead_definitions": ((dict,), "a mapping"),
    "profiles": ((dict,), "a mapping of role to profile"),
    "kpi_templates": ((dict,), "a mapping of KPI id to template"),
    "dimensions": ((list,), "a list of column names"),
    "language": ((str,), f"one of {', '.join(LANGUAGES)}"),
    "plan": ((str,), "the plan file beside this config (crmanalysis plan writes it)"),
}
_LOCALE_KEYS = {"delimiter", "decimal", "thousands", "date_order", "encoding"}
_COST_KEYS = {"month", "start", "end", "amount", "category", "recurring", "description"}


# mapping keys (README "Custom mappings") and the keys their entries take
MAPPING_KEYS: dict[str, set[str] | None] = {
    "columns": None, "values": None, "flags": {"won", "closed", "active"}, "constants": None,
    "date_format": None, "year": None, "scale": None, "lookups": None, "where": {"column", "equals", "not"},
    "derived": None, "combine_time": None, "files": None, "sheet": None,
}
_LOOKUP_KEYS = ({"table", "match", "return"}, {"file", "key", "on", "column"})


def _text_keys(d: Any) -> Any:
    """Mapping keys and values as the text a user typed: a YAML ``TRUE:`` key means the export's text "TRUE"."""
    if isinstance(d, dict):
        return {(str(k).lower() if isinstance(k, bool) else k): _text_keys(v) for k, v in d.items()}
    if isinstance(d, bool):
        return str(d).lower()
    return d


_PER_COLUMN = ("columns", "values", "constants", "scale", "lookups", "derived", "year", "combine_time")


def _check_lookup(path: Path | str, where: str, lk: Any) -> None:
    keys = {str(k) for k in lk} if isinstance(lk, dict) else set()
    kind = next((a for a in _LOOKUP_KEYS if keys & {"table", "file"} & a), None)
    if kind is None:
        raise _err(path, where, "expected {table, match, return} (another canonical table) or "
                                "{file, key, on, column} (another file)")
    bad = sorted(keys - kind)
    if bad:
        raise _err(path, f"{where}.{bad[0]}", f"unknown key; valid keys: {', '.join(sorted(kind))}")


def _check_mapping(path: Path | str, mapping: dict[str, Any], files: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    """Validate ``mapping:`` (README "Custom mappings"); keys and values as the text typed."""
    out = {}
    for table, spec in mapping.items():
        _check_table_mapping(path, f"mapping.{table}", table, spec)
        named = (files or {}).get(table) or []
        names = {Path(str(p)).name for p in (named if isinstance(named, list) else [named])}
        for fname, sub in (spec.get("files") or {}).items():     # one file's own keys (Zoho Events: meetings)
            if Path(str(fname)).name not in names:
                raise _err(path, f"mapping.{table}.files.{fname}",
                           f"not a file of files.{table}; its files: {', '.join(sorted(names)) or 'none'}")
            if isinstance(sub, dict) and "files" in sub:
                raise _err(path, f"mapping.{table}.files.{fname}.files", "a file's mapping cannot name files")
            _check_table_mapping(path, f"mapping.{table}.files.{fname}", table, sub)
        out[table] = _text_keys(spec)
    return out


#: the keys of one derived column (README "Custom mappings")
_DERIVED_KEYS = frozenset({"from", "less", "scale", "per", "times", "plus", "every", "zero_where", "sum", "year_month",
                           "none_of", "only_where"})


def _check_table_mapping(path: Path | str, where: str, table: str, spec: Any) -> None:
    """Validate one table's mapping (or one file's part of it): its keys and the columns they name."""
    if not isinstance(spec, dict):
        raise _err(path, where, "expected a mapping with columns:, values:, … (see README, Custom mappings)")
    valid = mappable_columns(table)
    for key, value in spec.items():
        allowed = MAPPING_KEYS.get(key, ())
        if key not in MAPPING_KEYS:
            raise _err(path, f"{where}.{key}", f"unknown key; valid keys: {', '.join(MAPPING_KEYS)}")
        if allowed and isinstance(value, dict) and set(map(str, value)) - allowed:
            bad = sorted(set(map(str, value)) - allowed)[0]
            raise _err(path, f"{where}.{key}.{bad}", f"unknown key; valid keys: {', '.join(sorted(allowed))}")
        # a list: the workbook's sheets of one layout ("2025", "2026"), each read in turn
        sheets = value if isinstance(value, list) and value else [value]
        if key == "sheet" and not all(isinstance(v, str | int) for v in sheets):
            raise _err(path, f"{where}.sheet", f"expected the name of a sheet of the workbook (or a list of names), "
                       f"got {value!r}")
        if key == "files" and not isinstance(value, dict):
            raise _err(path, f"{where}.files", f"expected export file name: its own mapping keys, got {value!r}")
        if key not in _PER_COLUMN:
            continue
        if not isinstance(value, dict):
            raise _err(path, f"{where}.{key}", f"expected a mapping of canonical column to a value, got {value!r}")
        # columns and values may name extra columns (region, industry …), kept as text
        unknown = [c for c in value if str(c) not in valid] if key not in ("columns", "values") else []
        if unknown:
            raise _err(path, f"{where}.{key}.{unknown[0]}", f"not a column of {table}; valid: {', '.join(valid)}")
        for canon, lk in value.items() if key == "lookups" else ():
            _check_lookup(path, f"{where}.lookups.{canon}", lk)
        for canon, d in value.items() if key == "derived" else ():
            wrong = sorted(set(map(str, d)) - _DERIVED_KEYS) if isinstance(d, dict) else ["(not a mapping)"]
            if wrong:
                raise _err(path, f"{where}.derived.{canon}.{wrong[0]}",
                           f"unknown key; valid keys: {', '.join(sorted(_DERIVED_KEYS))}")
            for rows in ("zero_where", "only_where"):     # read as where: is, the rows it names
                sub = d.get(rows)
                wrong = sorted(set(map(str, sub)) - MAPPING_KEYS["where"]) if isinstance(sub, dict) else \
                    [] if sub is None else ["(not a mapping)"]
                if wrong:
                    raise _err(path, f"{where}.derived.{canon}.{rows}.{wrong[0]}",
                               f"unknown key; valid keys: {', '.join(sorted(MAPPING_KEYS['where']))}")


def _err(path: Path | str, key: str, msg: str) -> ConfigError:
    return ConfigError(f'{path}: key "{key}": {msg}')


def load_config(path: str | Path) -> ClientConfig:
    """Load and validate one client YAML file.

    Raises
    ------
    ConfigError
        For an unreadable file, invalid YAML, an unknown key, a value of the wrong type,
        a client id that is not a slug, or an unknown table / source / language.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the client configuration ({exc.strerror})") from None
    try:
        raw = safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    return config_from_dict(raw, path=path)


def config_from_dict(raw: Any, *, path: Path | str = "<config>") -> ClientConfig:
    """Validate a dict (as parsed from YAML) into a :class:`ClientConfig`."""
    values = _typed_values(raw, path)
    _check_choices(values, path)
    if "mapping" in values:
        values["mapping"] = _check_mapping(path, values["mapping"], values.get("files"))
    _check_numbers(values, path)
    if "go_live" in values and isinstance(values["go_live"], str):
        try:
            values["go_live"] = dt.date.fromisoformat(values["go_live"])
        except ValueError:
            raise _err(path, "go_live", f"expected a date YYYY-MM-DD, got {values['go_live']!r}") from None
    _check_costs(values.get("crm_costs", []), path)
    base = Path(path).parent if str(path) != "<config>" else Path(".")
    if str(path) != "<config>":
        _check_inside(path, base.resolve(), values)
    valid = {f.name for f in fields(ClientConfig)}
    return ClientConfig(**{k: v for k, v in values.items() if k in valid},
                        base_dir=base.resolve(), path=Path(path) if str(path) != "<config>" else None)


#: folders outside a config's own that its files may be in (os.pathsep-separated): ``--allow-files`` sets it
ALLOW_ENV = "CRMANALYSIS_ALLOW_FILES"


def allowed_folders(base: Path) -> list[Path]:
    """The folders a client config in *base* may read from: its own and those the consultant allows."""
    extra = [Path(p).expanduser().resolve() for p in os.environ.get(ALLOW_ENV, "").split(os.pathsep) if p.strip()]
    return [base, *extra]


def inside(target: Path, base: Path) -> bool:
    """Whether *target* (resolved: a symbolic link counts where it points) lies in an allowed folder."""
    return any(target == d or d in target.parents for d in allowed_folders(base))


def _check_inside(path: Path | str, base: Path, values: dict[str, Any]) -> None:
    """Every export a config names lies in its own folder or an allowed one: a config cannot read elsewhere."""
    if "plan" in values and not inside((base / values["plan"]).resolve(), base):
        raise _err(path, "plan", f"{values['plan']!r} lies outside the config's folder {base}")
    for table, spec in (values.get("files") or {}).items():
        for p in spec if isinstance(spec, list) else [spec]:
            target = (base / str(p)).resolve()
            if not inside(target, base):
                raise _err(path, f"files.{table}", f"{str(p)!r} resolves to {target}, outside the config's folder "
                           f"{base}; put the export in that folder, or allow its folder with --allow-files "
                           f"{target.parent}")


def _typed_values(raw: Any, path: Path | str) -> dict[str, Any]:
    """The config's keys, each of its documented type (``None`` values dropped); unknown keys are errors."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the file must contain a mapping of keys, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(_SPEC))
    if unknown:
        raise _err(path, unknown[0], f"unknown key; valid keys: {', '.join(_SPEC)}")
    if "client_id" not in raw:
        raise _err(path, "client_id", "missing; every client needs an id (a slug)")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        types, human = _SPEC[key]
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, types):
            raise _err(path, key, f"expected {human}, got {value!r}")
        values[key] = value
    return values


def _check_choices(values: dict[str, Any], path: Path | str) -> None:
    """The id is a slug; source, language, tables and locale keys are ones this tool knows."""
    try:
        check_slug(values["client_id"])
    except ConfigError as exc:
        raise _err(path, "client_id", str(exc)) from None
    if values.get("source", "custom") not in SOURCES:
        raise _err(path, "source", f"expected one of {', '.join(SOURCES)}, got {values['source']!r}")
    if not re.fullmatch(r"[A-Z]{3}", str(values.get("currency", "EUR"))):
        raise _err(path, "currency", f"expected a 3-letter currency code such as EUR or USD, got "
                                     f"{values['currency']!r}")
    if values.get("language", "en") not in LANGUAGES:
        raise _err(path, "language", f"expected one of {', '.join(LANGUAGES)}")
    for table in list(values.get("files", {})) + list(values.get("mapping", {})):
        if table not in TABLES:
            raise _err(path, f"files.{table}", f"unknown table; valid tables: {', '.join(TABLES)}")
    for key in values.get("locale", {}):
        if key not in _LOCALE_KEYS:
            raise _err(path, f"locale.{key}", f"unknown key; valid: {', '.join(sorted(_LOCALE_KEYS))}")


def _check_numbers(values: dict[str, Any], path: Path | str) -> None:
    fy = values.get("fiscal_year_start", 1)
    if not 1 <= fy <= 12:
        raise _err(path, "fiscal_year_start", f"expected a month number 1-12, got {fy}")
    for cur, rate in values.get("fx_rates", {}).items():
        if isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0:
            raise _err(path, f"fx_rates.{cur}", f"expected a positive number, got {rate!r}")


def _check_costs(costs: list[Any], path: Path | str) -> None:
    for i, item in enumerate(costs, start=1):
        if not isinstance(item, dict):
            raise _err(path, f"crm_costs[{i}]", "expected a mapping with month/start, amount, category")
        bad = set(item) - _COST_KEYS
        if bad:
            raise _err(path, f"crm_costs[{i}].{sorted(bad)[0]}",
                       f"unknown key; valid: {', '.join(sorted(_COST_KEYS))}")
        amt = item.get("amount")
        if isinstance(amt, bool) or not isinstance(amt, int | float):
            raise _err(path, f"crm_costs[{i}].amount", f"expected a number, got {amt!r}")
