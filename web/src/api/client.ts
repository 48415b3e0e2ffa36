/** The one configured API client: openapi-fetch over the generated types, with auth and errors. */
import createClient, { type Middleware } from "openapi-fetch";
import { apiErrorFrom } from "./errors";
import type { paths } from "./schema";

export type TokenSource = () => Promise<string | null>;
export type Api = ReturnType<typeof createApi>;

export function createApi(baseUrl: string, token: TokenSource, onUnauthorized: () => void) {
  const auth: Middleware = {
    async onRequest({ request }) {
      const value = await token();
      if (value) request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return response;
      if (response.status === 401) onUnauthorized();
      const body = await response
        .clone()
        .json()
        .catch(() => null);
      throw apiErrorFrom(response.status, body);
    },
  };
  const client = createClient<paths>({ baseUrl });
  client.use(auth);

  /** Routes other helpers are adding (not in openapi.json yet): same auth and errors, untyped answer. */
  async function getJson<T>(path: string): Promise<T> {
    const headers = new Headers();
    const value = await token();
    if (value) headers.set("Authorization", `Bearer ${value}`);
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw apiErrorFrom(response.status, body);
    }
    return body as T;
  }
  return Object.assign(client, { getJson });
}

/** The answer's data, which openapi-fetch types as optional though errors already threw. */
export function data<T>(result: { data?: T; error?: unknown }): T {
  if (result.data === undefined) throw apiErrorFrom(500, result.error);
  return result.data;
}

export type Schemas = import("./schema").components["schemas"];
