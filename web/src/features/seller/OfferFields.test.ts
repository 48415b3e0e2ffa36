import { describe, expect, it } from "vitest";
import { parseAmount } from "../../lib/money";
import { offerFromDraft } from "./OfferFields";

describe("an offer draft", () => {
  const draft = { condition: "new" as const, note: "", price: "19.99", stock: "2", variant: "" };

  it("becomes the API's offer in minor units", () => {
    expect(offerFromDraft(draft, "USD", parseAmount).offer).toEqual({
      condition: "new",
      conditionNote: null,
      price: { amount: 1999, currency: "USD" },
      stock: 2,
      variant: null,
    });
  });

  it("needs a condition note when used or refurbished", () => {
    expect(offerFromDraft({ ...draft, condition: "used" }, "USD", parseAmount).problem).toMatch(
      /condition note/,
    );
    expect(
      offerFromDraft({ ...draft, condition: "used", note: "Box worn" }, "USD", parseAmount).offer,
    ).toMatchObject({
      condition: "used",
      conditionNote: "Box worn",
    });
  });

  it("refuses a price that is not an amount", () => {
    expect(offerFromDraft({ ...draft, price: "12.345" }, "USD", parseAmount).problem).toMatch(/price/);
  });
});
