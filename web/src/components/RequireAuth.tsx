import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "../lib/session";

/** Pages for signed-in users (and, with `role`, for sellers or admins): others go to sign in and back. */
export function RequireAuth({ children, role }: { children: ReactNode; role?: "sellers" | "admins" }) {
  const { identity } = useSession();
  const location = useLocation();
  if (!identity) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  if (role === "sellers" && !identity.groups.includes("sellers")) return <Navigate to="/sell" replace />;
  if (role === "admins" && !identity.groups.includes("admins"))
    return (
      <section>
        <h1>Admins only</h1>
        <p>This page is for the shop's administrators.</p>
      </section>
    );
  return <>{children}</>;
}
