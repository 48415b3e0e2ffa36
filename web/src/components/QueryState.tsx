import type { ReactNode } from "react";
import { describeError } from "../api/errors";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <p>{describeError(error)}</p>
      {retry && (
        <button type="button" className="secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty muted">{children}</p>;
}

/** Loading, error and empty states for one query, then its content. */
export function QueryState<T>(props: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  empty?: (data: T) => boolean;
  emptyText?: ReactNode;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading label={props.loadingLabel} />;
  if (query.error || query.data === undefined)
    return <ErrorMessage error={query.error} retry={() => void query.refetch()} />;
  if (props.empty?.(query.data)) return <Empty>{props.emptyText ?? "Nothing here yet."}</Empty>;
  return <>{props.children(query.data)}</>;
}
