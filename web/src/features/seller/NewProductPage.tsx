import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useCreateProduct, useImageLibrary } from "../../api/seller";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { newKey } from "../../lib/ids";
import { formatMoney, parseAmount } from "../../lib/money";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";
import { OfferFields, offerFromDraft, type OfferDraft } from "./OfferFields";
import { TagPicker } from "./TagPicker";
import { useImageUploads, type UploadState } from "./useImageUploads";

const STEPS = ["Details", "Images", "Tags", "Offer", "Review"] as const;
type Details = { title: string; brand: string; category: string; description: string };

function Steps({ current }: { current: number }) {
  return (
    <ol className="steps" aria-label="Steps">
      {STEPS.map((step, index) => (
        <li
          key={step}
          aria-current={index === current ? "step" : undefined}
          className={index < current ? "done" : ""}
        >
          {step}
        </li>
      ))}
    </ol>
  );
}

const STATUS_TEXT: Record<UploadState["status"], string> = {
  hashing: "Reading the file…",
  declaring: "Preparing the upload…",
  uploading: "Uploading…",
  checking: "Checking the photo…",
  ready: "Uploaded",
  existing: "Already in your library",
  rejected: "Rejected",
  failed: "Failed",
};

function UploadRow({ upload, onRemove }: { upload: UploadState; onRemove: () => void }) {
  const bad = upload.status === "rejected" || upload.status === "failed";
  return (
    <li className={`upload ${bad ? "upload-bad" : ""}`}>
      {upload.url ? (
        <img src={upload.url} alt="" className="upload-thumb" />
      ) : (
        <span className="upload-thumb placeholder" />
      )}
      <div className="upload-body">
        <span className="upload-name">{upload.filename}</span>
        <span className={bad ? "error-text" : "muted small"} role={bad ? "alert" : undefined}>
          {STATUS_TEXT[upload.status]}
          {upload.reason ? `: ${upload.reason}` : ""}
        </span>
        {(upload.status === "uploading" || upload.status === "checking") && (
          <progress max={1} value={upload.progress} aria-label={`Upload of ${upload.filename}`} />
        )}
      </div>
      <button type="button" className="link" aria-label={`Remove ${upload.filename}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}

function ImagesStep(props: {
  picked: string[];
  setPicked: (ids: string[]) => void;
  uploads: ReturnType<typeof useImageUploads>;
}) {
  const library = useImageLibrary();
  const [dragging, setDragging] = useState(false);
  const ready = (library.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (image) => image.status === "READY",
  );
  const uploadedIds = new Set(props.uploads.uploads.map((u) => u.imageId));
  const toggle = (id: string) =>
    props.setPicked(props.picked.includes(id) ? props.picked.filter((p) => p !== id) : [...props.picked, id]);
  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void props.uploads.add(Array.from(event.dataTransfer.files));
  }
  return (
    <>
      <h2>Images (optional)</h2>
      <div
        className={`dropzone ${dragging ? "dragging" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>Drop photos here (JPEG, PNG or WebP), or</p>
        <label className="button secondary" htmlFor="photo-files">
          Choose photos
        </label>
        <input
          id="photo-files"
          className="visually-hidden"
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp"
          onChange={(event) => {
            void props.uploads.add(Array.from(event.target.files ?? []));
            event.target.value = "";
          }}
        />
      </div>
      {props.uploads.uploads.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {props.uploads.uploads.map((upload) => (
            <UploadRow
              key={upload.localId}
              upload={upload}
              onRemove={() => props.uploads.remove(upload.localId)}
            />
          ))}
        </ul>
      )}
      <h3>From your library</h3>
      {library.isPending && <Loading />}
      <ErrorMessage error={library.error} retry={() => void library.refetch()} />
      {library.isSuccess && ready.filter((i) => !uploadedIds.has(i.id)).length === 0 && (
        <p className="muted small">Photos you upload are kept here for your next products.</p>
      )}
      <ul className="library">
        {ready
          .filter((image) => !uploadedIds.has(image.id))
          .map((image) => (
            <li key={image.id}>
              <label className={props.picked.includes(image.id) ? "library-item picked" : "library-item"}>
                <input
                  type="checkbox"
                  checked={props.picked.includes(image.id)}
                  onChange={() => toggle(image.id)}
                />
                {image.url && <img src={image.url} alt="" />}
                <span className="small">Use {image.filename ?? "this photo"}</span>
              </label>
            </li>
          ))}
      </ul>
    </>
  );
}

export function NewProductPage() {
  useTitle("New product");
  const { config } = useSession();
  const currency = config.currency;
  const navigate = useNavigate();
  const create = useCreateProduct();
  const uploads = useImageUploads();
  const [step, setStep] = useState(0);
  const [details, setDetails] = useState<Details>({ title: "", brand: "", category: "", description: "" });
  const [picked, setPicked] = useState<string[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [offer, setOffer] = useState<OfferDraft>({
    condition: "new",
    note: "",
    price: "",
    stock: "1",
    variant: "",
  });
  const [problem, setProblem] = useState<string | null>(null);
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const uploadedIds = uploads.uploads
    .filter((u) => (u.status === "ready" || u.status === "existing") && u.imageId)
    .map((u) => u.imageId as string);
  const imageIds = [...new Set([...uploadedIds, ...picked])];
  const busyUploading = uploads.uploads.some(
    (u) => !["ready", "existing", "rejected", "failed"].includes(u.status),
  );
  const built = offerFromDraft(offer, currency, parseAmount);

  function go(to: number) {
    setProblem(null);
    setStep(to);
    heading.current?.focus();
  }

  function next(event: FormEvent) {
    event.preventDefault();
    if (step === 0 && (!details.title.trim() || !details.brand.trim() || !details.category.trim()))
      return setProblem("Title, brand and category are needed.");
    if (step === 1 && busyUploading) return setProblem("Wait for the uploads to finish.");
    if (step === 3 && built.problem) return setProblem(built.problem);
    if (step < STEPS.length - 1) return go(step + 1);
    if (!built.offer) return setProblem(built.problem ?? "Check the offer.");
    const product = {
      title: details.title.trim(),
      brand: details.brand.trim(),
      category: details.category.trim(),
      description: details.description.trim(),
      tags,
      imageIds,
      offer: built.offer,
    };
    const body = JSON.stringify(product);
    // One key per attempt: a double click or a retry of the same product never creates two.
    if (attempt.current?.body !== body) attempt.current = { key: newKey(), body };
    create.mutate(
      { product, key: attempt.current.key },
      { onSuccess: (created) => navigate(`/products/${encodeURIComponent(created.id)}`) },
    );
  }

  const setField = (field: keyof Details) => (event: { target: { value: string } }) =>
    setDetails({ ...details, [field]: event.target.value });

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        New product: {STEPS[step]}
      </h1>
      <Steps current={step} />
      <form onSubmit={next} className="wizard">
        {step === 0 && (
          <>
            <div className="field">
              <label htmlFor="p-title">Title</label>
              <input
                id="p-title"
                value={details.title}
                onChange={setField("title")}
                maxLength={200}
                required
              />
            </div>
            <div className="field">
              <label htmlFor="p-brand">Brand</label>
              <input
                id="p-brand"
                value={details.brand}
                onChange={setField("brand")}
                maxLength={100}
                required
              />
            </div>
            <div className="field">
              <label htmlFor="p-category">Category</label>
              <input
                id="p-category"
                value={details.category}
                onChange={setField("category")}
                maxLength={100}
                required
              />
            </div>
            <div className="field">
              <label htmlFor="p-description">Description</label>
              <textarea
                id="p-description"
                value={details.description}
                onChange={setField("description")}
                maxLength={5000}
                rows={5}
              />
            </div>
          </>
        )}
        {step === 1 && <ImagesStep picked={picked} setPicked={setPicked} uploads={uploads} />}
        {step === 2 && (
          <>
            <h2>Tags (optional)</h2>
            <TagPicker tags={tags} onChange={setTags} />
          </>
        )}
        {step === 3 && (
          <>
            <h2>Your offer</h2>
            <OfferFields draft={offer} onChange={setOffer} currency={currency} />
          </>
        )}
        {step === 4 && (
          <>
            <h2>Review</h2>
            <dl className="facts">
              <dt>Title</dt>
              <dd>{details.title}</dd>
              <dt>Brand · category</dt>
              <dd>
                {details.brand} · {details.category}
              </dd>
              <dt>Photos</dt>
              <dd>{imageIds.length || "none"}</dd>
              <dt>Tags</dt>
              <dd>{tags.join(", ") || "none"}</dd>
              <dt>Offer</dt>
              <dd>
                {built.offer
                  ? `${built.offer.condition}, ${formatMoney(built.offer.price)}, ${built.offer.stock} in stock`
                  : built.problem}
              </dd>
            </dl>
          </>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={create.error} />
        <div className="wizard-nav">
          {step > 0 && (
            <button type="button" className="secondary" onClick={() => go(step - 1)}>
              Back
            </button>
          )}
          <button type="submit" disabled={create.isPending || (step === 1 && busyUploading)}>
            {step < STEPS.length - 1 ? "Next" : create.isPending ? "Creating…" : "Create product"}
          </button>
          <Link to="/seller">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
