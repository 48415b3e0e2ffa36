import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ApiError } from "../../api/errors";
import { keys } from "../../api/keys";
import { ErrorMessage, Loading } from "../../components/QueryState";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

type ImportJob = { importId: string; status: string; rows?: number; created?: number; failed?: number };

/**
 * CSV imports come with the CSV import issue (POST /imports, GET /imports). Until those routes exist
 * this page says so instead of failing.
 */
export function ImportsPage() {
  useTitle("Import products");
  const { api } = useSession();
  const imports = useQuery({
    queryKey: keys.imports,
    retry: false,
    queryFn: async () => {
      try {
        return await api.getJson<{ items: ImportJob[] }>("/imports");
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  return (
    <section>
      <h1>Import products from a CSV</h1>
      {imports.isPending && <Loading />}
      <ErrorMessage error={imports.error} />
      {imports.data === null && (
        <p>
          CSV import is not available on this shop yet.{" "}
          <Link to="/seller/products/new">Add a product by hand</Link>.
        </p>
      )}
      {imports.data && (
        <ul className="rows">
          {imports.data.items.map((job) => (
            <li key={job.importId}>
              {job.importId}: {job.status.toLowerCase()} · {job.created ?? 0} created, {job.failed ?? 0}{" "}
              failed
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
