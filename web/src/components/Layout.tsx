import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { useCart } from "../api/shopping";
import { useSession } from "../lib/session";

function SearchBox() {
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const navigate = useNavigate();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  }
  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        Search
      </label>
      <input
        id="site-search"
        type="search"
        placeholder="Search LEGO, games…"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}

function CartLink() {
  const cart = useCart();
  const count = cart.data?.items.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  return (
    <NavLink to="/cart" aria-label={count ? `Cart, ${count} items` : "Cart"}>
      Cart{count ? <span className="count">{count}</span> : null}
    </NavLink>
  );
}

export function Layout() {
  const { identity, isSeller, isAdmin, signOut } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <div className="header-top">
          <Link to="/" className="brand" aria-label="Estore home">
            Estore
          </Link>
          <nav aria-label="Account">
            <CartLink />
            {identity ? (
              <>
                <NavLink to="/orders">Orders</NavLink>
                <NavLink to="/wallet">Wallet</NavLink>
                {isSeller ? <NavLink to="/seller">Seller</NavLink> : <NavLink to="/sell">Sell</NavLink>}
                {isAdmin && <NavLink to="/admin">Admin</NavLink>}
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    signOut();
                    queryClient.clear(); // the next user must not see this one's cart or orders
                    navigate("/");
                  }}
                >
                  Sign out
                </button>
              </>
            ) : (
              <NavLink to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`}>
                Sign in
              </NavLink>
            )}
          </nav>
        </div>
        <SearchBox key={location.search} />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer muted small">
        {identity ? <>Signed in as {identity.email}</> : <>New, used and refurbished, from many sellers.</>}
      </footer>
    </>
  );
}
