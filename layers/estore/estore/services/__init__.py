"""Use cases: each API function calls one of these. Rules come from domain, AWS calls from store/blobs."""
