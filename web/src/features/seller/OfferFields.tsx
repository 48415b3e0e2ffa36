import { AmountField } from "../../components/AmountField";
import type { Condition } from "../../api/types";
import { toApiMoney } from "../../lib/money";

export type OfferDraft = {
  condition: Condition;
  note: string;
  price: string;
  stock: string;
  variant: string;
};

export function OfferFields({
  draft,
  onChange,
  currency,
}: {
  draft: OfferDraft;
  onChange: (d: OfferDraft) => void;
  currency: string;
}) {
  const set = (change: Partial<OfferDraft>) => onChange({ ...draft, ...change });
  return (
    <>
      <div className="field">
        <label htmlFor="offer-condition">Condition</label>
        <select
          id="offer-condition"
          value={draft.condition}
          onChange={(e) => set({ condition: e.target.value as Condition })}
        >
          <option value="new">New</option>
          <option value="used">Used</option>
          <option value="refurbished">Refurbished</option>
        </select>
      </div>
      {draft.condition !== "new" && (
        <div className="field">
          <label htmlFor="offer-note">Condition note</label>
          <textarea
            id="offer-note"
            value={draft.note}
            maxLength={500}
            required
            aria-describedby="offer-note-help"
            onChange={(e) => set({ note: e.target.value })}
          />
          <p id="offer-note-help" className="muted small">
            Required for used and refurbished items: say what a buyer should know.
          </p>
        </div>
      )}
      <AmountField
        label="Price"
        currency={currency}
        value={draft.price}
        onChange={(price) => set({ price })}
      />
      <div className="field">
        <label htmlFor="offer-stock">Stock</label>
        <input
          id="offer-stock"
          type="number"
          min={0}
          max={1000000}
          value={draft.stock}
          onChange={(e) => set({ stock: e.target.value })}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="offer-variant">Variant (optional)</label>
        <input
          id="offer-variant"
          value={draft.variant}
          maxLength={60}
          onChange={(e) => set({ variant: e.target.value })}
        />
      </div>
    </>
  );
}

/** The offer as the API takes it, or the first problem in the draft. */
export function offerFromDraft(
  draft: OfferDraft,
  currency: string,
  parse: (text: string, currency: string) => number | null,
): { offer?: import("../../api/types").OfferInput; problem?: string } {
  const amount = parse(draft.price, currency);
  if (amount === null || amount <= 0) return { problem: "Enter a price like 19.99." };
  const stock = Number(draft.stock);
  if (!Number.isInteger(stock) || stock < 0) return { problem: "Stock is a whole number, 0 or more." };
  if (draft.condition !== "new" && !draft.note.trim())
    return { problem: "Used and refurbished offers need a condition note." };
  return {
    offer: {
      condition: draft.condition,
      conditionNote: draft.condition === "new" ? null : draft.note.trim(),
      price: toApiMoney({ amount, currency }),
      stock,
      variant: draft.variant.trim() || null,
    },
  };
}
