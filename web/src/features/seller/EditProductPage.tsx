import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useProduct } from "../../api/catalog";
import { useDeleteProduct, useUpdateProduct } from "../../api/seller";
import type { Product } from "../../api/types";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { useTitle } from "../../lib/useTitle";
import { TagPicker } from "./TagPicker";

function EditForm({ product }: { product: Product }) {
  const update = useUpdateProduct(product.id);
  const remove = useDeleteProduct();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    title: product.title,
    brand: product.brand,
    category: product.category,
    description: product.description,
  });
  const [tags, setTags] = useState<string[]>(product.tags);
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [field]: event.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ ...form, tags });
  }
  return (
    <form onSubmit={submit}>
      <div className="field">
        <label htmlFor="e-title">Title</label>
        <input id="e-title" value={form.title} onChange={set("title")} required />
      </div>
      <div className="field">
        <label htmlFor="e-brand">Brand</label>
        <input id="e-brand" value={form.brand} onChange={set("brand")} required />
      </div>
      <div className="field">
        <label htmlFor="e-category">Category</label>
        <input id="e-category" value={form.category} onChange={set("category")} required />
      </div>
      <div className="field">
        <label htmlFor="e-description">Description</label>
        <textarea id="e-description" rows={5} value={form.description} onChange={set("description")} />
      </div>
      <TagPicker tags={tags} onChange={setTags} />
      <div className="wizard-nav">
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete “${product.title}”?`))
              remove.mutate(product.id, { onSuccess: () => navigate("/seller") });
          }}
        >
          Delete product
        </button>
        <Link to="/seller">Back to the console</Link>
      </div>
      {update.isSuccess && (
        <p className="ok" role="status">
          Saved.
        </p>
      )}
      <ErrorMessage error={update.error ?? remove.error} />
    </form>
  );
}

export function EditProductPage() {
  const id = useParams().productId ?? "";
  const product = useProduct(id);
  useTitle("Edit product");
  return (
    <section className="narrow">
      <h1>Edit product</h1>
      {product.isPending && <Loading />}
      <ErrorMessage error={product.error} retry={() => void product.refetch()} />
      {product.data && <EditForm product={product.data} />}
    </section>
  );
}
