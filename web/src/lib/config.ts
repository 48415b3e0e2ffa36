/** Where the app finds its backend: read from /config.json at start, never baked into the bundle. */
export type AppConfig = {
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** The local Cognito (moto) in `make dev`; absent on AWS. */
  cognitoEndpoint?: string;
  /** USER_SRP_AUTH on AWS; the local cloud asks for USER_PASSWORD_AUTH (moto does not verify SRP proofs). */
  authFlow?: "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";
  /** The store's one currency (the template's Currency parameter). */
  currency: string;
};

const REQUIRED = ["apiUrl", "region", "userPoolId", "userPoolClientId"] as const;

export function parseConfig(value: unknown): AppConfig {
  if (typeof value !== "object" || value === null) throw new Error("config.json is not an object");
  const record = value as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (typeof record[key] !== "string" || record[key] === "") throw new Error(`config.json lacks "${key}"`);
  }
  const flow = record.authFlow;
  return {
    apiUrl: String(record.apiUrl).replace(/\/+$/, ""),
    region: String(record.region),
    userPoolId: String(record.userPoolId),
    userPoolClientId: String(record.userPoolClientId),
    cognitoEndpoint: typeof record.cognitoEndpoint === "string" ? record.cognitoEndpoint : undefined,
    authFlow: flow === "USER_PASSWORD_AUTH" ? "USER_PASSWORD_AUTH" : "USER_SRP_AUTH",
    currency:
      typeof record.currency === "string" && /^[A-Z]{3}$/.test(record.currency) ? record.currency : "USD",
  };
}

export async function loadConfig(fetcher: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetcher("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return parseConfig(await response.json());
}
