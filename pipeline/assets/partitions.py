"""One dynamic partition per source document, keyed by `document_id`."""

import dagster as dg

DOCUMENT_PARTITIONS = dg.DynamicPartitionsDefinition(name="documents")
DOCUMENT_EXTRACTS = dg.AssetKey("document_extracts")
# Metadata key of a partition's materialisation: the SHA-256 of the file it was made from,
# which the sources sensor compares with the file now in the folder.
CONTENT_HASH = "sha256"
# The digest of everything the partition's result was made from (file, manifest entry, the
# reading code: `pipeline.extract.cache.input_digest`); a build skips a partition whose
# digest is unchanged. Absent when the result must be made again (a time-budget rejection).
INPUT_DIGEST = "input_digest"
# Whether the partition's result came from the document cache rather than being computed.
FROM_CACHE = "from_cache"
