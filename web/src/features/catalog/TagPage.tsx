import { useParams } from "react-router";
import { useTagProducts } from "../../api/catalog";
import { LoadMore } from "../../components/LoadMore";
import { ProductGrid } from "../../components/ProductCard";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { useTitle } from "../../lib/useTitle";

export function TagPage() {
  const slug = useParams().slug ?? "";
  const name = slug.replace(/-/g, " ");
  useTitle(name);
  const query = useTagProducts(slug);
  const products = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <h1 className="capitalize">Tagged “{name}”</h1>
      {query.isPending && <Loading />}
      <ErrorMessage error={query.error} retry={() => void query.refetch()} />
      {query.isSuccess && products.length === 0 && <Empty>No products carry this tag yet.</Empty>}
      {products.length > 0 && <ProductGrid products={products} label={`Products tagged ${name}`} />}
      <LoadMore {...query} />
    </section>
  );
}
