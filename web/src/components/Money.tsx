import { formatMoney, type Money } from "../lib/money";

export function MoneyText({ money }: { money: Money }) {
  return <span className="money">{formatMoney(money)}</span>;
}
