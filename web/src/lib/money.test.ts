import { describe, expect, it } from "vitest";
import { formatMoney, parseAmount, toDecimalString } from "./money";

describe("money", () => {
  it("formats minor units with the currency, exactly", () => {
    expect(formatMoney({ amount: 84999, currency: "USD" })).toBe("$849.99");
    expect(formatMoney({ amount: 5, currency: "USD" })).toBe("$0.05");
    expect(formatMoney({ amount: 1500, currency: "JPY" })).toBe("¥1,500");
  });

  it("keeps large amounts exact (no float rounding)", () => {
    expect(toDecimalString(900719925474099, "USD")).toBe("9007199254740.99");
  });

  it("formats a negative amount with its sign", () => {
    expect(formatMoney({ amount: -1050, currency: "USD" })).toBe("-$10.50");
  });

  it("parses typed amounts into minor units", () => {
    expect(parseAmount("12.5", "USD")).toBe(1250);
    expect(parseAmount("0.07", "USD")).toBe(7);
    expect(parseAmount("20", "USD")).toBe(2000);
    expect(parseAmount("19,99", "EUR")).toBe(1999);
  });

  it("refuses text that is not an amount", () => {
    expect(parseAmount("1.234", "USD")).toBeNull();
    expect(parseAmount("abc", "USD")).toBeNull();
    expect(parseAmount("-3", "USD")).toBeNull();
    expect(parseAmount("", "USD")).toBeNull();
  });
});
