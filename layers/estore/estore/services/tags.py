"""Tags: prefix look-up for typing ahead, and a tag's products."""

from __future__ import annotations

from estore.domain.catalog import ProductSummary
from estore.domain.pagination import Page
from estore.domain.tags import Tag, slugify
from estore.errors import NotFound
from estore.services import catalog_views as views
from estore.services.paging import paged
from estore.store import catalog as store
from estore.store import keys
from estore.store.items import query_page


def tags_starting_with(prefix: str, limit: int) -> list[Tag]:
    return store.tags_with_prefix(slugify(prefix), limit)


def products_tagged(slug: str, limit: int, cursor: str | None) -> Page[ProductSummary]:
    """GET /tags/{slug}/products: newest first."""
    tag = store.get_tag(slugify(slug))
    if tag is None:
        raise NotFound(f"No tag {slug}.")
    partition = keys.tag_partition(slugify(slug))
    return paged(
        partition,
        cursor,
        lambda start: query_page(partition, index=None, limit=limit, start=start, sk_prefix="PRODUCT#"),
        lambda links: views.summaries([link["productId"] for link in links]),
    )
