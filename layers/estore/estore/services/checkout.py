"""Checkout: the cart becomes a paid order in ONE TransactWriteItems - stock taken under `stock >= qty`
with the price the customer saw, the order under a fresh unique number, the cart cleared, the wallet
payment posted (customer debited, each seller credited its lines less the platform fee, the fee
account credited, one balanced journal entry), the events recorded. All of it happens or none of it
does; the answer names every line that stopped it, and 402 when the wallet is short. A wallet changed by
a concurrent posting (a popular seller's) makes it re-read and try again while the request's deadline
allows, then 409 BUSY with nothing written.
"""

from __future__ import annotations

from estore import clock
from estore.auth import Principal
from estore.config import get_settings
from estore.deadline import Deadline, until_won
from estore.domain import idempotency as idem
from estore.domain.events import Source, new_event
from estore.domain.ids import new_id
from estore.domain.ledger import FEES, Entry, EntryType, Line, order_payment_lines
from estore.domain.money import Money
from estore.domain.orders import Checkout, Order, OrderLine, OrderStatus, SellerSale, new_order_number
from estore.errors import Conflict, DomainError
from estore.observability import count_rejection, logger, metrics
from estore.services import postings
from estore.services.idempotent import first_answer
from estore.services.postings import InsufficientFunds
from estore.store import keys
from estore.store.ports import CheckoutPorts, Transaction, dynamo_checkout
from estore.store.records import CartItem, ForSale, StoredCart

IDEMPOTENCY_SCOPE = "checkout"


class EmptyCart(DomainError):
    status, code = 400, "EMPTY_CART"


def checkout(
    principal: Principal,
    request: Checkout,
    *,
    idempotency_key: str | None,
    correlation_id: str,
    deadline: Deadline,
    ports: CheckoutPorts | None = None,
) -> Order:
    """The caller's cart as one paid order (see the module's docstring); a replayed key answers the first order.
    `ports`: the store (default: DynamoDB)."""
    ports = ports or dynamo_checkout()
    key = idem.check_key(idempotency_key)
    fingerprint = idem.fingerprint(request.model_dump(mode="json", by_alias=True))
    if key and (replay := _replay(principal.user_id, key, fingerprint, ports)):
        return replay
    cart = ports.carts.cart_of(principal.user_id)
    if not cart.lines:
        # A twin request with the same key may have emptied the cart since the check above.
        if key and (replay := _replay(principal.user_id, key, fingerprint, ports)):
            return replay
        raise EmptyCart("Your cart is empty.")
    order = _order(principal, cart.lines, ports.carts.for_sale(cart.lines), request)
    sellers = sorted({line.seller_id for line in order.lines})
    wallets = [principal.user_id, *sellers]
    postings.ensure_accounts({**{w: w for w in wallets}, FEES: "platform"}, correlation_id, ports.ledger)

    def attempt() -> Order:
        nonlocal order
        seen = ports.ledger.ledger.balances(wallets)
        balance = seen.get(principal.user_id, 0)
        if balance < order.total.amount:
            count_rejection("CheckoutRejected", "INSUFFICIENT_FUNDS")
            raise InsufficientFunds(
                f"Your wallet holds {balance}; this order costs {order.total.amount}.",
                details=[{"balance": balance, "total": order.total.amount}],
            )
        uow = _unit_of_work(principal, order, cart, key, fingerprint, correlation_id, ports)
        _pay(uow, order, seen, correlation_id, ports)
        try:
            uow.commit()
        except Conflict as conflict:
            if conflict.code == "ORDER_NUMBER_TAKEN":
                order = order.model_copy(update={"number": new_order_number()})
            raise
        return order

    try:
        placed = until_won(attempt, lost=_lost_race, deadline=deadline)
    except Conflict as conflict:
        # A concurrent request with the same key won: its order is this request's answer too.
        if key and (replay := _replay(principal.user_id, key, fingerprint, ports)):
            return replay
        raise _why_not(principal, conflict, cart, request, ports) from conflict
    metrics.add_metric(name="OrdersPlaced", unit="Count", value=1)
    metrics.add_metric(name="Revenue", unit="Count", value=placed.total.amount)
    logger.info("order placed", extra={"order_id": placed.id, "number": placed.number, "lines": len(placed.lines)})
    return placed


def _lost_race(conflict: Conflict) -> bool:
    """Worth another attempt: a wallet moved, DynamoDB saw two writers, or the new order number was taken."""
    return postings.lost_race(conflict) or conflict.code == "ORDER_NUMBER_TAKEN"


def _replay(customer_id: str, key: str, fingerprint: str, ports: CheckoutPorts) -> Order | None:
    answer = first_answer(IDEMPOTENCY_SCOPE, customer_id, key, fingerprint, ports.ledger.records)
    if answer is None:
        return None
    order = ports.orders.placed_order(str(answer["orderId"]))
    if order is None:  # the record is only ever written with its order: a broken table, not a client error
        raise LookupError(f"checkout record names order {answer['orderId']}, which does not exist")
    return order


def _order(principal: Principal, lines: tuple[CartItem, ...], current: dict[str, ForSale], request: Checkout) -> Order:
    """The order at today's prices, or the 409 naming every line that cannot be bought as it stands."""
    currency = get_settings().currency
    unavailable, repriced, order_lines = [], [], []
    for line in lines:
        now = current[line.offer_id]
        offer, quantity = now.offer, line.quantity
        reason = _refusal(now, quantity)
        if reason or offer is None or now.title is None:
            available = offer.stock if offer and reason == "OUT_OF_STOCK" else 0
            unavailable.append(
                {"offerId": line.offer_id, "reason": reason, "requested": quantity, "available": available}
            )
            continue
        price = offer.price.amount
        if price != line.unit_price:
            was = {"amount": line.unit_price, "currency": line.currency}
            repriced.append({"offerId": line.offer_id, "was": was, "now": offer.price.model_dump()})
        unit = Money(amount=price, currency=currency)
        order_lines.append(
            OrderLine(
                offer_id=line.offer_id,
                product_id=offer.product_id,
                title=now.title,
                condition=offer.condition,
                condition_note=offer.condition_note,
                seller_id=offer.seller_id,
                seller_name=offer.seller_name,
                quantity=quantity,
                unit_price=unit,
                line_total=unit.times(quantity),
            )
        )
    if unavailable:
        metrics.add_metric(name="CheckoutRejected", unit="Count", value=1)
        raise Conflict(
            "Some items cannot be bought as they are in your cart.", code="OUT_OF_STOCK", details=unavailable
        )
    total = Money(amount=sum(line.line_total.amount for line in order_lines), currency=currency)
    expected = request.expected_total
    agreed = expected is not None and (expected.amount, expected.currency) == (total.amount, total.currency)
    if (repriced and not agreed) or (request.expected_total is not None and not agreed):
        count_rejection("CheckoutRejected", "PRICE_CHANGED")
        raise Conflict(
            f"Prices changed since you added these items; the total is now {total.amount}.",
            code="PRICE_CHANGED",
            details=repriced or [{"expectedTotal": request.expected_total, "total": total}],
        )
    return Order(
        id=new_id(),
        number=new_order_number(),
        status=OrderStatus.PLACED,
        customer_id=principal.user_id,
        lines=order_lines,
        total=total,
        created_at=clock.iso(clock.now()),
    )


def _pay(uow: Transaction, order: Order, seen: dict[str, int], correlation_id: str, ports: CheckoutPorts) -> None:
    """The order payment as one balanced entry; each seller's line doubles as its sale record."""
    subtotals: dict[str, int] = {}
    for line in order.lines:
        subtotals[line.seller_id] = subtotals.get(line.seller_id, 0) + line.line_total.amount
    basis_points = get_settings().platform_fee_bps
    lines = []
    for account_id, delta in order_payment_lines(order.customer_id, order.total.amount, subtotals, basis_points):
        extra = None
        if account_id in subtotals:
            sale = SellerSale(
                order_id=order.id,
                number=order.number,
                seller_id=account_id,
                lines=[line for line in order.lines if line.seller_id == account_id],
                subtotal=Money(amount=subtotals[account_id], currency=order.total.currency),
                created_at=order.created_at,
            )
            extra = {
                **keys.seller_orders_index(account_id, order.created_at, order.id),
                **sale.model_dump(mode="json", by_alias=True),
            }
        lines.append(Line(account_id, delta, extra))
    entry = Entry(
        id=new_id(),
        type=EntryType.ORDER_PAYMENT,
        lines=tuple(lines),
        reference=f"order:{order.number}",
        created_at=order.created_at,
        correlation_id=correlation_id,
    )
    after = ports.ledger.ledger.post(uow, entry, seen)
    for event in postings.journal_events(entry, after):
        uow.emit(event)


def _refusal(now: ForSale, quantity: int) -> str | None:
    """Why a line cannot be bought now, or None."""
    if now.offer is None or now.title is None:
        return "WITHDRAWN"
    if not now.seller_active:
        return "SELLER_SUSPENDED"
    if now.offer.stock < quantity:
        return "OUT_OF_STOCK"
    return None


def _unit_of_work(
    principal: Principal,
    order: Order,
    cart: StoredCart,
    key: str | None,
    fingerprint: str,
    correlation_id: str,
    ports: CheckoutPorts,
) -> Transaction:
    uow = ports.ledger.ledger.unit_of_work()
    for line in order.lines:
        refused = Conflict(
            "Some items sold out or changed price while you checked out.",
            code="OUT_OF_STOCK",
            details=[{"offerId": line.offer_id, "reason": "OUT_OF_STOCK", "requested": line.quantity}],
        )
        ports.orders.take_stock(uow, line.offer_id, line.quantity, line.unit_price.amount, refused)
    ports.orders.add_order(uow, order)
    changed = Conflict("Your cart changed during checkout.", code="CART_CHANGED")
    ports.carts.clear_cart(uow, principal.user_id, cart.version, changed)
    if key:
        epoch = int(clock.now().timestamp())
        ports.ledger.records.add_record(
            uow, IDEMPOTENCY_SCOPE, principal.user_id, key, fingerprint, {"orderId": order.id}, epoch
        )
    items = [
        {"offerId": line.offer_id, "productId": line.product_id, "quantity": line.quantity} for line in order.lines
    ]
    placed = {
        "orderId": order.id,
        "number": order.number,
        "customerId": order.customer_id,
        "total": order.total.model_dump(),
        "sellerIds": sorted({line.seller_id for line in order.lines}),
        "productIds": sorted({line.product_id for line in order.lines}),
        "items": items,
    }
    uow.emit(new_event(Source.ORDERS, "OrderPlaced", placed, correlation_id=correlation_id))
    removed = {"customerId": order.customer_id, "reason": "checkout", "items": items}
    uow.emit(new_event(Source.CART, "ItemsRemovedFromCart", removed, correlation_id=correlation_id))
    return uow


def _why_not(
    principal: Principal, conflict: Conflict, cart: StoredCart, request: Checkout, ports: CheckoutPorts
) -> DomainError:
    """Stock or prices moved while we checked out: answer with every line as it stands now."""
    if conflict.code == "OUT_OF_STOCK":
        try:
            _order(principal, cart.lines, ports.carts.for_sale(cart.lines), request)
        except Conflict as fresh:
            return fresh
    return conflict
