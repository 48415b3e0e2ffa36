import { lazy, Suspense, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Route, Routes, useNavigate, useLocation } from "react-router";
import { ApiError } from "./api/errors";
import { Layout } from "./components/Layout";
import { Loading } from "./components/QueryState";
import { RequireAuth } from "./components/RequireAuth";
import { ConfirmPage } from "./features/account/ConfirmPage";
import { SignInPage } from "./features/account/SignInPage";
import { SignUpPage } from "./features/account/SignUpPage";
import { CartPage } from "./features/cart/CartPage";
import { CheckoutPage } from "./features/cart/CheckoutPage";
import { HomePage } from "./features/catalog/HomePage";
import { ProductPage } from "./features/catalog/ProductPage";
import { SellerPage } from "./features/catalog/SellerPage";
import { SearchPage } from "./features/catalog/SearchPage";
import { TagPage } from "./features/catalog/TagPage";
import { OrderPage } from "./features/orders/OrderPage";
import { OrdersPage } from "./features/orders/OrdersPage";
import type { Auth, Identity } from "./lib/auth";
import type { AppConfig } from "./lib/config";
import { SessionProvider } from "./lib/session";
import { useTitle } from "./lib/useTitle";

// The seller console, the admin pages and the wallet load on demand: shoppers never download them.
const WalletPage = lazy(() =>
  import("./features/wallet/WalletPage").then((m) => ({ default: m.WalletPage })),
);
const OpenStorePage = lazy(() =>
  import("./features/seller/OpenStorePage").then((m) => ({ default: m.OpenStorePage })),
);
const SellerHome = lazy(() =>
  import("./features/seller/SellerHome").then((m) => ({ default: m.SellerHome })),
);
const NewProductPage = lazy(() =>
  import("./features/seller/NewProductPage").then((m) => ({ default: m.NewProductPage })),
);
const EditProductPage = lazy(() =>
  import("./features/seller/EditProductPage").then((m) => ({ default: m.EditProductPage })),
);
const AddOfferPage = lazy(() =>
  import("./features/seller/AddOfferPage").then((m) => ({ default: m.AddOfferPage })),
);
const ImportsPage = lazy(() =>
  import("./features/seller/ImportsPage").then((m) => ({ default: m.ImportsPage })),
);
const AdminPage = lazy(() => import("./features/admin/AdminPage").then((m) => ({ default: m.AdminPage })));

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // 4xx answers are final: retrying them only delays the message.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
}

function NotFound() {
  useTitle("Not found");
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
    </section>
  );
}

const guarded = (page: ReactNode, role?: "sellers" | "admins") => (
  <RequireAuth role={role}>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireAuth>
);

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="tags/:slug" element={<TagPage />} />
        <Route path="products/:productId" element={<ProductPage />} />
        <Route path="sellers/:sellerId" element={<SellerPage />} />
        <Route path="signin" element={<SignInPage />} />
        <Route path="signup" element={<SignUpPage />} />
        <Route path="confirm" element={<ConfirmPage />} />
        <Route path="cart" element={guarded(<CartPage />)} />
        <Route path="checkout" element={guarded(<CheckoutPage />)} />
        <Route path="orders" element={guarded(<OrdersPage />)} />
        <Route path="orders/:orderId" element={guarded(<OrderPage />)} />
        <Route path="wallet" element={guarded(<WalletPage />)} />
        <Route path="sell" element={guarded(<OpenStorePage />)} />
        <Route path="seller" element={guarded(<SellerHome />, "sellers")} />
        <Route path="seller/products/new" element={guarded(<NewProductPage />, "sellers")} />
        <Route path="seller/products/:productId/edit" element={guarded(<EditProductPage />, "sellers")} />
        <Route path="seller/products/:productId/offers/new" element={guarded(<AddOfferPage />, "sellers")} />
        <Route path="seller/imports" element={guarded(<ImportsPage />, "sellers")} />
        <Route path="seller/imports/:importId" element={guarded(<ImportsPage />, "sellers")} />
        <Route path="admin" element={guarded(<AdminPage />, "admins")} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/** A 401 from the API (an expired session): sign out locally and go to sign in, then back here. */
function SessionWithRedirect(props: {
  config: AppConfig;
  identity: Identity | null;
  auth?: Auth;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <SessionProvider
      config={props.config}
      initialIdentity={props.identity}
      auth={props.auth}
      onUnauthorized={() => {
        if (location.pathname === "/signin") return;
        navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`);
      }}
    >
      {props.children}
    </SessionProvider>
  );
}

export function App(props: {
  config: AppConfig;
  identity: Identity | null;
  auth?: Auth;
  queryClient?: QueryClient;
}) {
  return (
    <QueryClientProvider client={props.queryClient ?? makeQueryClient()}>
      <BrowserRouter>
        <SessionWithRedirect config={props.config} identity={props.identity} auth={props.auth}>
          <AppRoutes />
        </SessionWithRedirect>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
