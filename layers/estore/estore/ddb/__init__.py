"""boto3's DynamoDB value layer, vendored (boto3 1.44.8, Apache License 2.0: LICENSE and NOTICE here; each
file keeps its header).

What the store uses of boto3 is this: `Key`/`Attr` conditions and their expression builder, the
serializer/deserializer between Python values and DynamoDB's typed JSON, the transformations that put
them on a client (`estore.aws.document_client`) and `BatchWriter`. Importing them from boto3 imports
all of boto3 first (its session, resources and docs machinery, and s3transfer through `boto3.compat`),
~60-90 ms of CPU at every cold start that botocore alone does not cost, for code that never runs in a
function (docs/performance.md, "Fourth pass"; docs/decisions.md, "botocore's data from a cache, and no
boto3 in a function"). The files are boto3's, unchanged but for their imports and the parts left out,
as each file's first lines say; to update them, copy boto3's files again and redo exactly those edits.
"""
