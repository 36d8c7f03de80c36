"""One dynamic partition per source document, keyed by `document_id`."""

import dagster as dg

DOCUMENT_PARTITIONS = dg.DynamicPartitionsDefinition(name="documents")
DOCUMENT_EXTRACTS = dg.AssetKey("document_extracts")
# Metadata key of a partition's materialisation: the SHA-256 of the file it was made from,
# which the sources sensor compares with the file now in the folder.
CONTENT_HASH = "sha256"
