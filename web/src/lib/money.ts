import type { components } from "../api/schema";

/** Money is integer minor units from the API; formatted and parsed here without floating point. */
export type Money = { amount: number; currency: string };

/** Money as the API takes it: the generated type names the store's one currency, which config.json gives the
 * app at run time and the server checks (a wrong one is a 422), so the app's Money is passed through as is. */
export type ApiMoney = components["schemas"]["Money"];
export function toApiMoney(money: Money): ApiMoney {
  return money as ApiMoney;
}

export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
    2
  );
}

/** "12345" minor units of USD -> "123.45" (an exact decimal string). */
export function toDecimalString(amount: number, currency: string): `${number}` {
  if (!Number.isSafeInteger(amount)) throw new Error(`money amount must be an integer, got ${amount}`);
  const digits = minorDigits(currency);
  const sign = amount < 0 ? "-" : "";
  const text = String(Math.abs(amount)).padStart(digits + 1, "0");
  if (digits === 0) return `${sign}${text}` as `${number}`;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}` as `${number}`;
}

export function formatMoney(money: Money, locale = "en-US"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency });
  return format.format(toDecimalString(money.amount, money.currency));
}

/** "12.5" -> 1250 for USD; null when the text is not an amount with at most the currency's decimals. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const match = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}
