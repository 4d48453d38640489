"""YAML in: libyaml's C parser where PyYAML has it (10-20× faster), YAML 1.2 booleans.

Every YAML file the package reads (client configs, vendor tables, texts) goes through
:func:`safe_load`: only ``true``/``false`` are booleans, so ``on:``, ``yes`` and ``no`` stay
the text the user (or a vendor's export) wrote.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader (C parser when available) with YAML 1.2 booleans."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with YAML 1.2 booleans, on libyaml when installed."""
    return yaml.load(text, Loader=Loader)  # noqa: S506 - Loader is a SafeLoader
