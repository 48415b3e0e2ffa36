"""Every key shape of the single table, in one place. Nothing else builds a pk or sk string."""

from __future__ import annotations

Key = dict[str, str]


def user_profile(user_id: str) -> Key:
    return {"pk": f"USER#{user_id}", "sk": "PROFILE"}


def seller_profile(seller_id: str) -> Key:
    return {"pk": f"SELLER#{seller_id}", "sk": "PROFILE"}


def store_name_claim(name_key: str) -> Key:
    """Reserves a store name so two sellers cannot share one (case and spacing folded)."""
    return {"pk": f"STORENAME#{name_key}", "sk": "CLAIM"}


def sellers_index(created_at: str, seller_id: str) -> dict[str, str]:
    """gsi1 entry that lists sellers for admins, oldest first."""
    return {"gsi1pk": "SELLERS", "gsi1sk": f"{created_at}#{seller_id}"}


def health_probe() -> Key:
    """A key that is never written: reading it proves the table answers."""
    return {"pk": "HEALTH", "sk": "PROBE"}


# ---------------------------------------------------------------- images
def image(image_id: str) -> Key:
    """A seller's library entry: an upload, then (when READY) a link to stored content."""
    return {"pk": f"IMAGE#{image_id}", "sk": "META"}


def seller_images_index(seller_id: str, created_at: str, image_id: str) -> dict[str, str]:
    """gsi1 entry listing a seller's image library, newest last."""
    return {"gsi1pk": f"SELLERIMAGES#{seller_id}", "gsi1sk": f"{created_at}#{image_id}"}


def seller_images_partition(seller_id: str) -> str:
    return f"SELLERIMAGES#{seller_id}"


def content(sha256: str) -> Key:
    """Stored bytes, keyed by their SHA-256: the same photo is stored once and shared."""
    return {"pk": f"CONTENT#{sha256}", "sk": "META"}


def seller_content(seller_id: str, sha256: str) -> Key:
    """Which of a seller's library entries shows this content, so re-declaring it reuses that entry."""
    return {"pk": f"SELLERCONTENT#{seller_id}#{sha256}", "sk": "CLAIM"}


# ---------------------------------------------------------------- products, offers, tags
def product(product_id: str) -> Key:
    return {"pk": f"PRODUCT#{product_id}", "sk": "META"}


def product_partition(product_id: str) -> str:
    return f"PRODUCT#{product_id}"


def product_image_link(product_id: str, image_id: str) -> Key:
    return {"pk": f"PRODUCT#{product_id}", "sk": f"IMAGE#{image_id}"}


def seller_products_index(seller_id: str, created_at: str, product_id: str) -> dict[str, str]:
    return {"gsi1pk": f"SELLERPRODUCTS#{seller_id}", "gsi1sk": f"{created_at}#{product_id}"}


def seller_products_partition(seller_id: str) -> str:
    return f"SELLERPRODUCTS#{seller_id}"


def offer(offer_id: str) -> Key:
    return {"pk": f"OFFER#{offer_id}", "sk": "META"}


def product_offers_index(product_id: str, price_amount: int, offer_id: str) -> dict[str, str]:
    """gsi2 entry: a product's offers, cheapest first."""
    return {"gsi2pk": f"PRODUCTOFFERS#{product_id}", "gsi2sk": f"{price_amount:015d}#{offer_id}"}


def product_offers_partition(product_id: str) -> str:
    return f"PRODUCTOFFERS#{product_id}"


def seller_offers_index(seller_id: str, created_at: str, offer_id: str) -> dict[str, str]:
    return {"gsi1pk": f"SELLEROFFERS#{seller_id}", "gsi1sk": f"{created_at}#{offer_id}"}


def seller_offers_partition(seller_id: str) -> str:
    return f"SELLEROFFERS#{seller_id}"


def offer_claim(claim: str) -> Key:
    """Reserves (product, seller, condition, variant) so a seller cannot list the same thing twice."""
    return {"pk": f"OFFERCLAIM#{claim}", "sk": "CLAIM"}


def tag(slug: str) -> Key:
    return {"pk": f"TAG#{slug}", "sk": "META"}


def tags_index(slug: str) -> dict[str, str]:
    """gsi1 entry listing every tag by slug, for prefix look-ups."""
    return {"gsi1pk": "TAGS", "gsi1sk": slug}


def tag_product_link(slug: str, product_id: str) -> Key:
    """The tag's side of the many-to-many: lists a tag's products."""
    return {"pk": f"TAG#{slug}", "sk": f"PRODUCT#{product_id}"}


def tag_partition(slug: str) -> str:
    return f"TAG#{slug}"


def sku_claim(seller_id: str, sku: str) -> Key:
    """Makes a seller's sku unique and finds its product and offer (a CSV re-import updates, never duplicates)."""
    return {"pk": f"SKU#{seller_id}#{sku}", "sk": "CLAIM"}


# ---------------------------------------------------------------- bulk imports
def import_record(import_id: str) -> Key:
    return {"pk": f"IMPORT#{import_id}", "sk": "META"}


def seller_imports_index(seller_id: str, created_at: str, import_id: str) -> dict[str, str]:
    """gsi1 entry listing a seller's imports (read newest first)."""
    return {"gsi1pk": f"SELLERIMPORTS#{seller_id}", "gsi1sk": f"{created_at}#{import_id}"}


def seller_imports_partition(seller_id: str) -> str:
    return f"SELLERIMPORTS#{seller_id}"


def import_row(import_id: str, row: int) -> Key:
    """What happened to one row of an import: written once, so a re-run batch skips rows already done."""
    return {"pk": f"IMPORT#{import_id}", "sk": f"ROW#{row:07d}"}


def import_partition(import_id: str) -> str:
    return f"IMPORT#{import_id}"


IMPORT_ROW_PREFIX = "ROW#"


# ---------------------------------------------------------------- idempotency
def idempotency(scope: str, owner: str, key: str) -> Key:
    """One record per (use case, caller, Idempotency-Key)."""
    return {"pk": f"IDEMPOTENCY#{scope}#{owner}#{key}", "sk": "RECORD"}


# ---------------------------------------------------------------- cart and orders
def cart(customer_id: str) -> Key:
    """The whole cart in one item (a map of lines), so checkout clears it with one write."""
    return {"pk": f"CART#{customer_id}", "sk": "CART"}


def order(order_id: str) -> Key:
    return {"pk": f"ORDER#{order_id}", "sk": "META"}


def customer_orders_index(customer_id: str, created_at: str, order_id: str) -> dict[str, str]:
    return {"gsi1pk": f"CUSTOMERORDERS#{customer_id}", "gsi1sk": f"{created_at}#{order_id}"}


def customer_orders_partition(customer_id: str) -> str:
    return f"CUSTOMERORDERS#{customer_id}"


def all_orders_index(created_at: str, order_id: str) -> dict[str, str]:
    """gsi2 entry listing every order for admins (one partition: fine until orders reach ~1000/s)."""
    return {"gsi2pk": "ORDERS", "gsi2sk": f"{created_at}#{order_id}"}


def seller_sale(order_id: str, seller_id: str) -> Key:
    """A seller's part of an order (its lines), written with the order."""
    return {"pk": f"ORDER#{order_id}", "sk": f"SELLER#{seller_id}"}


def seller_orders_index(seller_id: str, created_at: str, order_id: str) -> dict[str, str]:
    return {"gsi1pk": f"SELLERORDERS#{seller_id}", "gsi1sk": f"{created_at}#{order_id}"}


def seller_orders_partition(seller_id: str) -> str:
    return f"SELLERORDERS#{seller_id}"


def order_number_claim(number: str) -> Key:
    """Makes an order number unique: the order is written only if its number was free."""
    return {"pk": f"ORDERNUMBER#{number}", "sk": "CLAIM"}


# ---------------------------------------------------------------- accounts and ledger
def account(account_id: str) -> Key:
    return {"pk": f"ACCOUNT#{account_id}", "sk": "META"}


def accounts_index(account_id: str) -> dict[str, str]:
    """gsi2 entry listing every account, for the trial balance."""
    return {"gsi2pk": "ACCOUNTS", "gsi2sk": account_id}


def account_line(account_id: str, created_at: str, entry_id: str) -> Key:
    """One account's line of a journal entry: the account's statement, newest last."""
    return {"pk": f"ACCOUNT#{account_id}", "sk": f"ENTRY#{created_at}#{entry_id}"}


def account_partition(account_id: str) -> str:
    return f"ACCOUNT#{account_id}"


def journal_entry(entry_id: str) -> Key:
    return {"pk": f"JOURNAL#{entry_id}", "sk": "ENTRY"}


def journal_index(created_at: str, entry_id: str) -> dict[str, str]:
    """gsi2 entry listing the whole journal in order, for the trial balance."""
    return {"gsi2pk": "JOURNAL", "gsi2sk": f"{created_at}#{entry_id}"}


# ---------------------------------------------------------------- events
def outbox(event_id: str) -> Key:
    """A domain event written in the same transaction as the change it reports (transactional outbox);
    the stream publisher puts it on the bus, TTL removes it a day later."""
    return {"pk": f"OUTBOX#{event_id}", "sk": "EVENT"}


# ---------------------------------------------------------------- search
def search_doc(product_id: str) -> Key:
    """A product's search entry (its summary as search shows it), or a tombstone while it is not searchable."""
    return {"pk": f"SEARCH#{product_id}", "sk": "DOC"}


def search_posting(term: str, product_id: str) -> Key:
    """One term's posting for one product; a term's partition lists its products, newest first."""
    return {"pk": f"SEARCHTERM#{term}", "sk": f"PRODUCT#{product_id}"}


def search_term_partition(term: str) -> str:
    return f"SEARCHTERM#{term}"


def search_vocabulary(term: str) -> Key:
    """A word the index knows (search matches typed words against these, typos allowed)."""
    return {"pk": f"SEARCHVOCAB#{term}", "sk": "TERM"}


def search_vocabulary_index(added_at: str, term: str) -> dict[str, str]:
    """gsi1 entry listing the vocabulary by when each word was added, so caches load only what is new."""
    return {"gsi1pk": "SEARCHVOCAB", "gsi1sk": f"{added_at}#{term}"}


SEARCH_VOCABULARY_PARTITION = "SEARCHVOCAB"


# ---------------------------------------------------------------- reviews
def review(review_id: str) -> Key:
    """A product review or a seller feedback (its kind and subject are attributes)."""
    return {"pk": f"REVIEW#{review_id}", "sk": "META"}


def review_claim(kind: str, subject_id: str, author_scope: str) -> Key:
    """One review per customer and product (scope: the customer) or per order and seller (scope: the order)."""
    return {"pk": f"REVIEWCLAIM#{kind}#{subject_id}#{author_scope}", "sk": "CLAIM"}


def subject_reviews_index(kind: str, subject_id: str, created_at: str, review_id: str) -> dict[str, str]:
    """gsi1 entry listing a product's (or a seller's) reviews, newest first."""
    return {"gsi1pk": subject_reviews_partition(kind, subject_id), "gsi1sk": f"{created_at}#{review_id}"}


def subject_reviews_partition(kind: str, subject_id: str) -> str:
    return f"REVIEWS#{kind}#{subject_id}"


def product_rating(product_id: str) -> Key:
    """A product's review aggregate, apart from the product item so a seller's edit never overwrites it."""
    return {"pk": f"RATING#PRODUCT#{product_id}", "sk": "SUMMARY"}


# ---------------------------------------------------------------- recommendations
def reco_neighbours(product_id: str) -> Key:
    """A product's bounded neighbour list: one counter attribute per product bought with it."""
    return {"pk": f"RECO#PRODUCT#{product_id}", "sk": "NEIGHBOURS"}


def reco_popular(day: str) -> Key:
    """Units sold per product on one UTC day (yyyy-mm-dd); thirty of these make the best sellers."""
    return {"pk": f"RECO#POPULAR#{day}", "sk": "COUNTS"}


def reco_tag(slug: str) -> Key:
    """Units sold per product carrying the tag: the tag's bounded best sellers."""
    return {"pk": f"RECO#TAG#{slug}", "sk": "TOP"}


def reco_customer(customer_id: str) -> Key:
    """What a customer bought (and when) and how much of each tag: their taste, bounded."""
    return {"pk": f"RECO#CUSTOMER#{customer_id}", "sk": "HISTORY"}


def reco_new_arrivals() -> Key:
    """The newest products, bounded: the answer for a shop nobody has bought from yet."""
    return {"pk": "RECO#NEW", "sk": "LATEST"}


def reco_event(event_id: str) -> Key:
    """An order (or event) the recommender applied (at-least-once delivery: a replay must not count twice)."""
    return {"pk": f"RECO#EVENT#{event_id}", "sk": "APPLIED"}
