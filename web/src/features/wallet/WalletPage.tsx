import { useRef, useState, type FormEvent } from "react";
import { useMe, useWallet, useWalletEntries, useWalletMove, type WalletMove } from "../../api/shopping";
import { AmountField } from "../../components/AmountField";
import { LoadMore } from "../../components/LoadMore";
import { MoneyText } from "../../components/Money";
import { Empty, ErrorMessage, Loading } from "../../components/QueryState";
import { newKey } from "../../lib/ids";
import { parseAmount } from "../../lib/money";
import { useTitle } from "../../lib/useTitle";

const ENTRY_LABELS: Record<string, string> = {
  DEPOSIT: "Deposit",
  WITHDRAWAL: "Withdrawal",
  TRANSFER: "Transfer",
  ORDER_PAYMENT: "Order payment",
  ADMIN_CREDIT: "Credit from Estore",
  REVERSAL: "Reversal",
};

function MoveForm(props: { kind: WalletMove["kind"]; currency: string; title: string; action: string }) {
  const move = useWalletMove();
  const [amount, setAmount] = useState("");
  const [to, setTo] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  // The attempt's key: retried with the same form values it stays; changed values make a new attempt.
  const attempt = useRef<{ key: string; values: string } | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const minor = parseAmount(amount, props.currency);
    if (minor === null || minor <= 0) return setProblem("Enter an amount like 25 or 25.50.");
    setProblem(null);
    const values = `${minor}|${to}`;
    if (attempt.current?.values !== values) attempt.current = { key: newKey(), values };
    const money = { amount: minor, currency: props.currency };
    const key = attempt.current.key;
    const request: WalletMove =
      props.kind === "transfer"
        ? { kind: "transfer", amount: money, key, toUserId: to.trim() }
        : { kind: props.kind, amount: money, key };
    move.mutate(request, {
      onSuccess: () => {
        setAmount("");
        setTo("");
        attempt.current = null;
      },
    });
  }
  const toId = `${props.kind}-to`;
  return (
    <form className="panel" onSubmit={submit} aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.kind === "transfer" && (
        <div className="field">
          <label htmlFor={toId}>Recipient's account ID</label>
          <input id={toId} value={to} onChange={(event) => setTo(event.target.value)} required />
        </div>
      )}
      <AmountField label="Amount" currency={props.currency} value={amount} onChange={setAmount} />
      <button type="submit" disabled={move.isPending}>
        {move.isPending ? "Working…" : props.action}
      </button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={move.error} />
      {move.isSuccess && (
        <p className="ok" role="status">
          Done: <MoneyText money={move.data.amount} />.
        </p>
      )}
    </form>
  );
}

export function WalletPage() {
  useTitle("Wallet");
  const wallet = useWallet();
  const entries = useWalletEntries();
  const me = useMe();
  const [copied, setCopied] = useState(false);
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const currency = wallet.data?.balance.currency ?? "USD";
  return (
    <section>
      <h1>Your wallet</h1>
      {wallet.isPending && <Loading />}
      <ErrorMessage error={wallet.error} retry={() => void wallet.refetch()} />
      {wallet.data && (
        <p className="balance">
          Balance: <MoneyText money={wallet.data.balance} />
        </p>
      )}
      {me.data && (
        <p className="account-id">
          Your account ID (give it to someone who sends you money): <code>{me.data.userId}</code>{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(me.data.userId).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy account ID"}
          </button>
        </p>
      )}
      <div className="panels">
        <MoveForm kind="deposit" currency={currency} title="Add money" action="Deposit" />
        <MoveForm kind="withdraw" currency={currency} title="Withdraw to your bank" action="Withdraw" />
        <MoveForm kind="transfer" currency={currency} title="Send money" action="Send money" />
      </div>
      <h2>Statement</h2>
      {entries.isPending && <Loading />}
      <ErrorMessage error={entries.error} retry={() => void entries.refetch()} />
      {entries.isSuccess && items.length === 0 && <Empty>No movements yet.</Empty>}
      {items.length > 0 && (
        <div className="table-wrap" role="region" aria-label="Statement" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Wallet statement, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col">Amount</th>
                <th scope="col">Balance after</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td>{new Date(entry.createdAt).toLocaleDateString("en-US")}</td>
                  <td>
                    {ENTRY_LABELS[entry.type] ?? entry.type}
                    {entry.reference ? <span className="muted small"> · {entry.reference}</span> : null}
                  </td>
                  <td className={entry.amount.amount < 0 ? "out" : "in"}>
                    <MoneyText money={entry.amount} />
                  </td>
                  <td>
                    <MoneyText money={entry.balanceAfter} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore {...entries} />
    </section>
  );
}
