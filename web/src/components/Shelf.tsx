import type { ReactNode } from "react";
import { Link } from "react-router";
import type { ProductSummary } from "../api/types";
import { ProductCard } from "./ProductCard";

/** A titled row of products (recommendations, new arrivals, a tag), scrolling sideways on a phone. */
export function Shelf(props: {
  title: string;
  products: ProductSummary[];
  moreHref?: string;
  note?: ReactNode;
}) {
  const id = `shelf-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  if (props.products.length === 0) return null;
  return (
    <section className="shelf" aria-labelledby={id}>
      <div className="shelf-head">
        <h2 id={id}>{props.title}</h2>
        {props.moreHref && (
          <Link to={props.moreHref} aria-label={`See all: ${props.title}`}>
            See all
          </Link>
        )}
      </div>
      {props.note}
      <ul className="shelf-row" aria-label={props.title}>
        {props.products.map((product) => (
          <ProductCard key={product.id} product={product} />
        ))}
      </ul>
    </section>
  );
}
