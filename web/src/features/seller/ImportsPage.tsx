import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import {
  isFinished,
  progressOf,
  useImport,
  useImports,
  useStartImport,
  type ImportStatus,
  type ImportView,
} from "../../api/imports";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { useTitle } from "../../lib/useTitle";

/** The header row and one example row (docs/imports-template.csv has more). */
const TEMPLATE =
  "sku,title,description,brand,category,tags,images,condition,condition_note,price,currency,stock,variant\n" +
  "TS-RED-M,Classic T-shirt,100% cotton.,Acme,Clothing,t-shirt;cotton,,new,,12,USD,40,M / red\n";

const STATUS_LABELS: Record<ImportStatus, string> = {
  PENDING: "Waiting for the file",
  VALIDATING: "Checking the file",
  RUNNING: "Importing",
  SUCCEEDED: "Done",
  PARTIAL: "Done, with errors",
  FAILED: "Failed",
};

export function statusLabel(status: ImportStatus): string {
  return STATUS_LABELS[status] ?? status;
}

function UploadForm() {
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const start = useStartImport(setSent);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    start.mutate(file, {
      onSuccess: (importId) => void navigate(`/seller/imports/${encodeURIComponent(importId)}`),
    });
  }
  return (
    <form className="panel" aria-labelledby="import-upload" onSubmit={submit}>
      <h2 id="import-upload">Upload a file</h2>
      <p className="muted small">
        A CSV with the columns <code>sku, title, brand, category, price, stock</code> (and optionally{" "}
        <code>description, tags, images, condition, condition_note, variant</code>), or a ZIP holding one CSV
        and its photos. Importing the same skus again updates those products.
      </p>
      <div className="field">
        <label htmlFor="import-file">CSV or ZIP file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.zip,text/csv,application/zip"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      <button type="submit" disabled={!file || start.isPending}>
        Start import
      </button>
      {start.isPending && (
        <progress aria-label="Upload progress" max={1} value={sent}>
          {Math.round(sent * 100)}%
        </progress>
      )}
      <ErrorMessage error={start.error} />
    </form>
  );
}

function Counts({ job }: { job: ImportView }) {
  return (
    <dl className="summary">
      <dt>Rows</dt>
      <dd>{job.rows}</dd>
      <dt>Created</dt>
      <dd>{job.created}</dd>
      <dt>Updated</dt>
      <dd>{job.updated}</dd>
      <dt>Unchanged</dt>
      <dd>{job.unchanged}</dd>
      <dt>Failed</dt>
      <dd>{job.failed}</dd>
    </dl>
  );
}

export function ImportDetail({ job }: { job: ImportView }) {
  const finished = isFinished(job.status);
  return (
    <section aria-labelledby="import-detail">
      <h2 id="import-detail">{job.filename}</h2>
      <p role="status" aria-live="polite">
        {statusLabel(job.status)}
        {!finished && job.rows > 0 && ` · ${job.processed} of ${job.rows} rows`}
      </p>
      <progress aria-label="Import progress" max={1} value={progressOf(job)}>
        {Math.round(progressOf(job) * 100)}%
      </progress>
      {finished && <Counts job={job} />}
      {job.errors.length > 0 && (
        <div className="table-wrap" role="region" aria-label="Row errors" tabIndex={0}>
          <table>
            <caption>Row errors{job.failed > job.errors.length ? " (the first 100)" : ""}</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {job.errors.map((error, index) => (
                <tr key={`${error.row}-${error.column ?? ""}-${index}`}>
                  <td>{error.row === 0 ? "the file" : error.row}</td>
                  <td>{error.column ?? "—"}</td>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {job.errorReport && (
        <p>
          <a href={job.errorReport} download>
            Download the failed rows (CSV)
          </a>{" "}
          <span className="muted small">fix them and import that file again.</span>
        </p>
      )}
    </section>
  );
}

function CurrentImport({ importId }: { importId: string }) {
  const job = useImport(importId);
  if (job.isPending) return <Loading label="Loading the import…" />;
  if (job.error || !job.data) return <ErrorMessage error={job.error} retry={() => void job.refetch()} />;
  return <ImportDetail job={job.data} />;
}

function History() {
  const imports = useImports();
  return (
    <section aria-labelledby="import-history">
      <h2 id="import-history">Your imports</h2>
      {imports.isPending && <Loading />}
      <ErrorMessage error={imports.error} retry={() => void imports.refetch()} />
      {imports.isSuccess && imports.data.length === 0 && <Empty>No imports yet.</Empty>}
      <ul className="rows">
        {(imports.data ?? []).map((job) => (
          <li key={job.importId}>
            <Link to={`/seller/imports/${encodeURIComponent(job.importId)}`}>{job.filename}</Link>
            <span className="muted small">
              {statusLabel(job.status)} · {job.created} created, {job.updated} updated, {job.failed} failed
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The seller's CSV/ZIP import: upload straight to S3, then the workflow's progress, row errors and report. */
export function ImportsPage() {
  useTitle("Import products");
  const importId = useParams().importId ?? "";
  return (
    <section>
      <h1>Import products from a CSV</h1>
      <p className="muted small">
        <Link to="/seller">Seller console</Link> ·{" "}
        <a
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`}
          download="imports-template.csv"
        >
          Download the template
        </a>
      </p>
      {importId ? <CurrentImport importId={importId} /> : <UploadForm />}
      {importId && (
        <p>
          <Link to="/seller/imports">Import another file</Link>
        </p>
      )}
      <History />
    </section>
  );
}
