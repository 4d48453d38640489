"""Reading client exports: readers, vendor mappings, the mapping steps, the data-quality report, the cache.

The package's lowest layer that reads files: only this package knows vendor column names and file
formats. ``load_client(config)`` → ``(ClientData, DataQualityReport)``.

- :mod:`~crmanalysis.io.readers` — CSV / XLSX to text columns (encodings, delimiters, footers) and the parsers
- :mod:`~crmanalysis.io.mappings` — vendor mappings (the format a client config's ``mapping:`` uses)
- :mod:`~crmanalysis.io.steps` — one step per mapping key, then parsing and the row rules
- :mod:`~crmanalysis.io.quality` — the data-quality report and the business rules across tables
- :mod:`~crmanalysis.io.cache` — canonical tables kept as parquet, keyed by config, files and code
- :mod:`~crmanalysis.io.ingest` — ``load_client`` and ``ingest_file``
"""

from .ingest import ConfigError, DataQualityReport, IngestError, ReadError, detect_source, ingest_file, load_client

__all__ = ["load_client", "ingest_file", "detect_source", "DataQualityReport", "IngestError", "ConfigError",
           "ReadError"]
