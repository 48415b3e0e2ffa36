import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { AuthError } from "../../lib/auth";
import { useSession } from "../../lib/session";
import { useTitle } from "../../lib/useTitle";

export function SignUpPage() {
  useTitle("Create an account");
  const { auth } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.signUp(email.trim(), password);
      navigate(`/confirm?email=${encodeURIComponent(email.trim())}`);
    } catch (caught) {
      setError(caught instanceof AuthError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="email"
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
            autoComplete="new-password"
            aria-describedby="password-help"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={8}
          />
          <p id="password-help" className="muted small">
            At least 8 characters, with upper and lower case letters, a number and a symbol.
          </p>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}
