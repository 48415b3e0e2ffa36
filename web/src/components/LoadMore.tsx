export function LoadMore(props: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  if (!props.hasNextPage) return null;
  return (
    <button
      type="button"
      className="secondary load-more"
      disabled={props.isFetchingNextPage}
      onClick={() => void props.fetchNextPage()}
    >
      {props.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
