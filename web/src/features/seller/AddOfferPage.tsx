import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useProduct } from "../../api/catalog";
import { useAddOffer } from "../../api/seller";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { parseAmount } from "../../lib/money";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";
import { OfferFields, offerFromDraft, type OfferDraft } from "./OfferFields";

/** Another seller's offer on an existing product: typically used or refurbished. */
export function AddOfferPage() {
  const id = useParams().productId ?? "";
  const product = useProduct(id);
  const add = useAddOffer(id);
  const { config } = useSession();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<OfferDraft>({
    condition: "used",
    note: "",
    price: "",
    stock: "1",
    variant: "",
  });
  const [problem, setProblem] = useState<string | null>(null);
  useTitle("Sell one like this");
  function submit(event: FormEvent) {
    event.preventDefault();
    const built = offerFromDraft(draft, config.currency, parseAmount);
    if (!built.offer) return setProblem(built.problem ?? "Check the offer.");
    setProblem(null);
    add.mutate(built.offer, { onSuccess: () => navigate(`/products/${encodeURIComponent(id)}`) });
  }
  return (
    <section className="narrow">
      <h1>Sell one like this</h1>
      {product.isPending && <Loading />}
      <ErrorMessage error={product.error} />
      {product.data && <p>{product.data.title}</p>}
      <form onSubmit={submit}>
        <OfferFields draft={draft} onChange={setDraft} currency={config.currency} />
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add offer"}
        </button>{" "}
        <Link to={`/products/${encodeURIComponent(id)}`}>Cancel</Link>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={add.error} />
      </form>
    </section>
  );
}
