/** A fresh Idempotency-Key for one attempt of a write. */
export function newKey(): string {
  return crypto.randomUUID();
}
