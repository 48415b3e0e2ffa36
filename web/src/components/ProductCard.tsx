import { Link } from "react-router";
import type { ProductSummary } from "../api/types";
import { ConditionBadge } from "./ConditionBadge";
import { MoneyText } from "./Money";

export function ProductImage({
  src,
  alt,
  className,
}: {
  src: string | null | undefined;
  alt: string;
  className?: string;
}) {
  if (!src)
    return <div className={`placeholder ${className ?? ""}`} role="img" aria-label={`${alt} (no photo)`} />;
  return <img className={className} src={src} alt={alt} loading="lazy" />;
}

export function ProductCard({ product }: { product: ProductSummary }) {
  return (
    <li className="card">
      <Link to={`/products/${encodeURIComponent(product.id)}`} className="card-link">
        <ProductImage src={product.image} alt={product.title} className="card-image" />
        <span className="card-title">{product.title}</span>
      </Link>
      <span className="muted small">{product.brand}</span>
      {product.bestOffer ? (
        <span className="card-price">
          <MoneyText money={product.bestOffer.price} />{" "}
          <ConditionBadge condition={product.bestOffer.condition} showNew />
        </span>
      ) : (
        <span className="muted small">Currently unavailable</span>
      )}
    </li>
  );
}

export function ProductGrid({ products, label }: { products: ProductSummary[]; label: string }) {
  return (
    <ul className="grid" aria-label={label}>
      {products.map((product) => (
        <ProductCard key={product.id} product={product} />
      ))}
    </ul>
  );
}
