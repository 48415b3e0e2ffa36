import { useId } from "react";

/** A money input in the store's currency: the text is parsed to minor units by the caller (parseAmount). */
export function AmountField(props: {
  label: string;
  value: string;
  currency: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {props.label} ({props.currency})
      </label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        placeholder="0.00"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        required
      />
    </div>
  );
}
