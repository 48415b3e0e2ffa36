import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useRemoveProduct } from "../../api/admin";
import { useOffers, useProduct, useSeller } from "../../api/catalog";
import { useProductReviews, usePostProductReview } from "../../api/reviews";
import { useAddToCart } from "../../api/shopping";
import type { Offer, Product } from "../../api/types";
import { ConditionBadge } from "../../components/ConditionBadge";
import { MoneyText } from "../../components/Money";
import { ProductImage } from "../../components/ProductCard";
import { LoadMore } from "../../components/LoadMore";
import { Empty, ErrorMessage, Loading, QueryState } from "../../components/QueryState";
import { ratingText, ReviewForm, ReviewList } from "../../components/Reviews";
import { formatMoney } from "../../lib/money";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

function Gallery({ product }: { product: Product }) {
  const images = product.images.length ? product.images : [];
  const [shown, setShown] = useState(0);
  const current = images[shown];
  return (
    <div className="gallery">
      <ProductImage src={current?.url ?? product.image} alt={product.title} className="gallery-main" />
      {images.length > 1 && (
        <ul className="thumbs" aria-label="Photos">
          {images.map((image, index) => (
            <li key={image.id}>
              <button
                type="button"
                className={index === shown ? "thumb current" : "thumb"}
                aria-label={`Photo ${index + 1} of ${images.length}`}
                aria-pressed={index === shown}
                onClick={() => setShown(index)}
              >
                <img src={image.url} alt="" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SellerName({ sellerId, name }: { sellerId: string; name: string }) {
  const seller = useSeller(sellerId);
  const rating = seller.data?.rating;
  return (
    <span className="seller">
      Sold by{" "}
      <Link to={`/sellers/${encodeURIComponent(sellerId)}`}>
        <strong>{name}</strong>
      </Link>{" "}
      <span className="muted small">
        {rating != null
          ? `★ ${rating.toFixed(1)} (${seller.data?.reviewCount ?? 0} reviews)`
          : seller.isSuccess
            ? "No ratings yet"
            : ""}
      </span>
    </span>
  );
}

function AddToCart({ offer, label = "Add to cart" }: { offer: Offer; label?: string }) {
  const { identity } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const add = useAddToCart();
  const [quantity, setQuantity] = useState(1);
  const id = `qty-${offer.id}`;
  if (offer.stock < 1) return <p className="muted">Out of stock</p>;
  return (
    <form
      className="add-to-cart"
      onSubmit={(event) => {
        event.preventDefault();
        if (!identity) return navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
        add.mutate({ offerId: offer.id, quantity });
      }}
    >
      <label htmlFor={id}>Quantity</label>
      <select id={id} value={quantity} onChange={(event) => setQuantity(Number(event.target.value))}>
        {Array.from({ length: Math.min(offer.stock, 10) }, (_, index) => index + 1).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <button type="submit" disabled={add.isPending} aria-label={label}>
        {add.isPending ? "Adding…" : "Add to cart"}
      </button>
      {add.isSuccess && (
        <p role="status" className="ok">
          Added to your cart. <Link to="/cart">Go to cart</Link>
        </p>
      )}
      <ErrorMessage error={add.error} />
    </form>
  );
}

function OtherSellers({ productId, bestOfferId }: { productId: string; bestOfferId?: string }) {
  const offers = useOffers(productId);
  return (
    <section aria-labelledby="other-sellers">
      <h2 id="other-sellers">Other sellers</h2>
      <QueryState
        query={{ ...offers, data: offers.data?.filter((offer) => offer.id !== bestOfferId) }}
        empty={(items) => items.length === 0}
        emptyText="No other offers for this product."
      >
        {(items) => (
          <ul className="offers">
            {items.map((offer) => (
              <li key={offer.id} className="offer">
                <div>
                  <MoneyText money={offer.price} /> <ConditionBadge condition={offer.condition} showNew />
                  {offer.variant && <span className="muted small"> · {offer.variant}</span>}
                </div>
                {offer.conditionNote && <p className="note">{offer.conditionNote}</p>}
                <SellerName sellerId={offer.sellerId} name={offer.sellerName} />
                <AddToCart
                  offer={offer}
                  label={`Add to cart: ${offer.condition} from ${offer.sellerName}, ${formatMoney(offer.price)}`}
                />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function RemoveAsAdmin({ productId }: { productId: string }) {
  const remove = useRemoveProduct();
  const navigate = useNavigate();
  return (
    <p>
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm("Remove this product for everyone?"))
            remove.mutate(productId, { onSuccess: () => navigate("/admin") });
        }}
      >
        Remove product (admin)
      </button>
      <ErrorMessage error={remove.error} />
    </p>
  );
}

function Reviews({ product }: { product: Product }) {
  const { identity } = useSession();
  const reviews = useProductReviews(product.id);
  const post = usePostProductReview(product.id);
  const items = reviews.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="product-reviews" className="product-reviews">
      <h2 id="product-reviews">Reviews</h2>
      <p>{ratingText(product.rating, product.reviewCount ?? 0)}</p>
      {reviews.isPending && <Loading />}
      <ErrorMessage error={reviews.error} retry={() => void reviews.refetch()} />
      {reviews.isSuccess && items.length === 0 && <Empty>Be the first to review it after buying.</Empty>}
      {items.length > 0 && <ReviewList reviews={items} />}
      <LoadMore {...reviews} />
      {identity ? (
        <ReviewForm
          heading="Review this product"
          withTitle
          submitLabel="Post review"
          pending={post.isPending}
          error={post.error}
          done={post.isSuccess}
          onSubmit={(review) => post.mutate(review)}
        />
      ) : (
        <p className="muted small">
          <Link to={`/signin?next=${encodeURIComponent(`/products/${product.id}`)}`}>Sign in</Link> to review
          a product you bought.
        </p>
      )}
    </section>
  );
}

export function ProductPage() {
  const id = useParams().productId ?? "";
  const product = useProduct(id);
  const { isSeller, isAdmin } = useSession();
  useTitle(product.data?.title ?? "Product");
  if (product.isPending) return <Loading />;
  if (product.error || !product.data)
    return (
      <section>
        <h1>Product not found</h1>
        <ErrorMessage error={product.error} />
        <Link to="/">Back to the shop</Link>
      </section>
    );
  const p = product.data;
  const best = p.bestOffer;
  return (
    <article className="product">
      <Gallery product={p} />
      <div className="product-info">
        <h1>{p.title}</h1>
        <p className="muted">
          {p.brand} · {p.category}
        </p>
        <section aria-label="Best offer" className="buy-box">
          {best ? (
            <>
              <p className="price">
                <MoneyText money={best.price} /> <ConditionBadge condition={best.condition} showNew />
              </p>
              <SellerName sellerId={best.sellerId} name={best.sellerName} />
              <p className="muted small">{best.stock} in stock</p>
              <AddToCart offer={best} />
            </>
          ) : (
            <p>No new offer right now. See the other sellers below.</p>
          )}
        </section>
        {p.description && <p className="description">{p.description}</p>}
        {p.tags.length > 0 && (
          <ul className="tags" aria-label="Tags">
            {p.tags.map((tag) => (
              <li key={tag}>
                <Link to={`/tags/${encodeURIComponent(tag)}`}>{tag.replace(/-/g, " ")}</Link>
              </li>
            ))}
          </ul>
        )}
        {isSeller && (
          <p>
            <Link to={`/seller/products/${encodeURIComponent(p.id)}/offers/new`}>Sell one like this</Link>
          </p>
        )}
        {isAdmin && <RemoveAsAdmin productId={p.id} />}
      </div>
      <OtherSellers productId={p.id} bestOfferId={best?.id} />
      <Reviews product={p} />
    </article>
  );
}
