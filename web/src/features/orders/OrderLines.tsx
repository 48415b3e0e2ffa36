import { Link } from "react-router";
import type { OrderLine } from "../../api/types";
import { ConditionBadge } from "../../components/ConditionBadge";
import { MoneyText } from "../../components/Money";

export function OrderLines({ lines }: { lines: OrderLine[] }) {
  return (
    <ul className="summary">
      {lines.map((line) => (
        <li key={line.offerId}>
          {line.quantity} × <Link to={`/products/${encodeURIComponent(line.productId)}`}>{line.title}</Link>{" "}
          <ConditionBadge condition={line.condition} /> from {line.sellerName} —{" "}
          <MoneyText money={line.lineTotal} />
        </li>
      ))}
    </ul>
  );
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
}
