"""One dynamic partition per source document, keyed by `document_id`."""

import dagster as dg

DOCUMENT_PARTITIONS = dg.DynamicPartitionsDefinition(name="documents")
