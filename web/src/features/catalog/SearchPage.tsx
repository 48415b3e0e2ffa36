import { useSearchParams } from "react-router";
import { useSearch } from "../../api/catalog";
import { LoadMore } from "../../components/LoadMore";
import { ProductGrid } from "../../components/ProductCard";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { useTitle } from "../../lib/useTitle";

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get("q")?.trim() ?? "";
  useTitle(q ? `“${q}”` : "Search");
  const search = useSearch(q);
  const products = search.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <h1>{q ? `Results for “${q}”` : "Search"}</h1>
      {!q && <p>Type what you are looking for in the search box.</p>}
      {q && search.isPending && <Loading label="Searching…" />}
      <ErrorMessage error={search.error} retry={() => void search.refetch()} />
      {search.isSuccess && products.length === 0 && (
        <Empty>Nothing matches “{q}”. Try another word, or fewer words.</Empty>
      )}
      {products.length > 0 && <ProductGrid products={products} label="Search results" />}
      <LoadMore {...search} />
    </section>
  );
}
