import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { AuthError } from "../../lib/auth";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

export function ConfirmPage() {
  useTitle("Confirm your account");
  const { auth, config } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [code, setCode] = useState("");
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await auth.confirm(email.trim(), code.trim());
      navigate(`/signin?confirmed=1&email=${encodeURIComponent(email.trim())}`);
    } catch (caught) {
      setMessage({ kind: "error", text: caught instanceof AuthError ? caught.message : String(caught) });
    } finally {
      setBusy(false);
    }
  }

  async function resend() {
    setMessage(null);
    try {
      await auth.resendCode(email.trim());
      setMessage({ kind: "ok", text: "A new code is on its way." });
    } catch (caught) {
      setMessage({ kind: "error", text: caught instanceof AuthError ? caught.message : String(caught) });
    }
  }

  return (
    <section className="narrow">
      <h1>Confirm your account</h1>
      <p>We emailed a confirmation code to {email || "your address"}.</p>
      {config.cognitoEndpoint && (
        <p className="muted small">
          Local cloud: no email is sent and any 6-digit code (e.g. 123456) confirms.
        </p>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="code">Confirmation code</label>
          <input
            id="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Confirming…" : "Confirm account"}
        </button>
        <button type="button" className="secondary" onClick={() => void resend()}>
          Send a new code
        </button>
        {message && (
          <p className={message.kind} role={message.kind === "error" ? "alert" : "status"}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
