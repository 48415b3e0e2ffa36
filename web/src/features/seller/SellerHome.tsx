import { useState } from "react";
import { Link } from "react-router";
import {
  useDeleteOffer,
  useDeleteProduct,
  useMyOffers,
  useMyProducts,
  useMySales,
  useUpdateOffer,
} from "../../api/seller";
import { useMe } from "../../api/shopping";
import type { Offer } from "../../api/types";
import { AmountField } from "../../components/AmountField";
import { ConditionBadge } from "../../components/ConditionBadge";
import { LoadMore } from "../../components/LoadMore";
import { MoneyText } from "../../components/Money";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { parseAmount, toDecimalString } from "../../lib/money";
import { useTitle } from "../../lib/useTitle";

function Products() {
  const products = useMyProducts();
  const remove = useDeleteProduct();
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="my-products">
      <h2 id="my-products">Your products</h2>
      {products.isPending && <Loading />}
      <ErrorMessage error={products.error ?? remove.error} retry={() => void products.refetch()} />
      {products.isSuccess && items.length === 0 && <Empty>No products yet: list your first one.</Empty>}
      <ul className="rows">
        {items.map((product) => (
          <li key={product.id}>
            <Link to={`/products/${encodeURIComponent(product.id)}`}>{product.title}</Link>
            <span className="row-actions">
              <Link
                to={`/seller/products/${encodeURIComponent(product.id)}/edit`}
                aria-label={`Edit ${product.title}`}
              >
                Edit
              </Link>
              <button
                type="button"
                className="danger"
                aria-label={`Delete ${product.title}`}
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Delete “${product.title}”? It leaves search and product pages.`))
                    remove.mutate(product.id);
                }}
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      <LoadMore {...products} />
    </section>
  );
}

function OfferRow({ offer }: { offer: Offer }) {
  const [editing, setEditing] = useState(false);
  const [price, setPrice] = useState<string>(toDecimalString(offer.price.amount, offer.price.currency));
  const [stock, setStock] = useState(String(offer.stock));
  const update = useUpdateOffer();
  const remove = useDeleteOffer();
  return (
    <li>
      <span>
        <Link to={`/products/${encodeURIComponent(offer.productId)}`}>{offer.variant ?? "Offer"}</Link>{" "}
        <ConditionBadge condition={offer.condition} showNew /> <MoneyText money={offer.price} /> ·{" "}
        {offer.stock} in stock
      </span>
      <span className="row-actions">
        <button
          type="button"
          className="secondary"
          onClick={() => setEditing(!editing)}
          aria-expanded={editing}
        >
          {editing ? "Close" : "Change price or stock"}
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(offer.id)}
        >
          Delete offer
        </button>
      </span>
      {editing && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            const amount = parseAmount(price, offer.price.currency);
            if (amount === null) return;
            update.mutate(
              {
                offerId: offer.id,
                changes: { price: { amount, currency: offer.price.currency }, stock: Number(stock) },
              },
              { onSuccess: () => setEditing(false) },
            );
          }}
        >
          <AmountField label="Price" currency={offer.price.currency} value={price} onChange={setPrice} />
          <div className="field">
            <label htmlFor={`stock-${offer.id}`}>Stock</label>
            <input
              id={`stock-${offer.id}`}
              type="number"
              min={0}
              value={stock}
              onChange={(e) => setStock(e.target.value)}
            />
          </div>
          <button type="submit" disabled={update.isPending}>
            Save offer
          </button>
        </form>
      )}
      <ErrorMessage error={update.error ?? remove.error} />
    </li>
  );
}

function Offers() {
  const offers = useMyOffers();
  const items = offers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="my-offers">
      <h2 id="my-offers">Your offers</h2>
      {offers.isPending && <Loading />}
      <ErrorMessage error={offers.error} retry={() => void offers.refetch()} />
      {offers.isSuccess && items.length === 0 && <Empty>No offers yet.</Empty>}
      <ul className="rows">
        {items.map((offer) => (
          <OfferRow key={offer.id} offer={offer} />
        ))}
      </ul>
      <LoadMore {...offers} />
    </section>
  );
}

function Sales() {
  const sales = useMySales();
  const items = sales.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="my-sales">
      <h2 id="my-sales">Your sales</h2>
      {sales.isPending && <Loading />}
      <ErrorMessage error={sales.error} retry={() => void sales.refetch()} />
      {sales.isSuccess && items.length === 0 && <Empty>No sales yet.</Empty>}
      <ul className="rows">
        {items.map((sale) => (
          <li key={sale.orderId}>
            <span>
              Order {sale.number} · {sale.lines.map((line) => `${line.quantity} × ${line.title}`).join(", ")}
            </span>
            <MoneyText money={sale.subtotal} />
          </li>
        ))}
      </ul>
      <LoadMore {...sales} />
    </section>
  );
}

export function SellerHome() {
  useTitle("Seller console");
  const me = useMe();
  return (
    <div>
      <h1>{me.data?.seller ? `${me.data.seller.storeName}: seller console` : "Seller console"}</h1>
      <p className="actions">
        <Link className="button" to="/seller/products/new">
          New product
        </Link>{" "}
        <Link to="/seller/imports">Import a CSV</Link>
      </p>
      <Products />
      <Offers />
      <Sales />
    </div>
  );
}
