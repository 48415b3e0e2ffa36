import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { AuthError } from "../../lib/auth";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

/** Only same-site paths: `next` comes from the address bar. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function SignInPage() {
  useTitle("Sign in");
  const { auth, setIdentity } = useSession();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<AuthError | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get("next"));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const identity = await auth.signIn(email.trim(), password);
      client.clear();
      setIdentity(identity);
      navigate(next, { replace: true });
    } catch (caught) {
      setError(caught instanceof AuthError ? caught : new AuthError("Unknown", String(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {params.get("confirmed") && (
        <p className="ok" role="status">
          Your account is confirmed. Sign in to continue.
        </p>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {error && (
          <div className="error" role="alert">
            <p>{error.message}</p>
            {error.code === "UserNotConfirmedException" && (
              <Link to={`/confirm?email=${encodeURIComponent(email)}`}>Confirm your account</Link>
            )}
          </div>
        )}
      </form>
      <p>
        New here? <Link to={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </section>
  );
}
