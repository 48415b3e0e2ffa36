/** The API's one error shape, turned into something a person can read. */
export type ErrorDetail = { field?: string; message?: string; [key: string]: unknown };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })?.error;
  const requestId = (body as { requestId?: unknown })?.requestId;
  if (error && typeof error.message === "string") {
    return new ApiError(
      status,
      typeof error.code === "string" ? error.code : "ERROR",
      error.message,
      Array.isArray(error.details) ? (error.details as ErrorDetail[]) : [],
      typeof requestId === "string" ? requestId : undefined,
    );
  }
  return new ApiError(status, "ERROR", `The shop answered ${status}. Please try again.`);
}

/** A sentence for any error a query or mutation threw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Please sign in to continue.";
    if (error.status === 403) return error.message || "You are not allowed to do that.";
    const fields = error.details
      .filter((d) => d.message)
      .map((d) => (d.field ? `${d.field.split(".").pop()}: ${d.message}` : d.message));
    return fields.length ? `${error.message} (${fields.join("; ")})` : error.message;
  }
  if (error instanceof TypeError) return "Could not reach the shop. Check your connection and try again.";
  return error instanceof Error ? error.message : "Something went wrong.";
}
