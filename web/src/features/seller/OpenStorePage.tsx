import { useState, type FormEvent } from "react";
import { Navigate, useNavigate } from "react-router";
import { useOpenStore } from "../../api/seller";
import { ErrorMessage } from "../../components/QueryState";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

export function OpenStorePage() {
  useTitle("Open a store");
  const { isSeller } = useSession();
  const open = useOpenStore();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  if (isSeller && !open.isPending) return <Navigate to="/seller" replace />;
  function submit(event: FormEvent) {
    event.preventDefault();
    open.mutate(name.trim(), { onSuccess: () => navigate("/seller") });
  }
  return (
    <section className="narrow">
      <h1>Open a store</h1>
      <p>Sell new, used or refurbished items to Estore's shoppers. Your store's name is what they see.</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="store-name">Store name</label>
          <input
            id="store-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={80}
          />
        </div>
        <button type="submit" disabled={open.isPending}>
          {open.isPending ? "Opening…" : "Open my store"}
        </button>
        <ErrorMessage error={open.error} />
      </form>
    </section>
  );
}
