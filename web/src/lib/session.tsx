/** The app's context: config, the API client and who is signed in. */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { createApi, type Api } from "../api/client";
import { Auth, type Identity } from "./auth";
import type { AppConfig } from "./config";

export type Session = {
  config: AppConfig;
  api: Api;
  auth: Auth;
  identity: Identity | null;
  isSeller: boolean;
  isAdmin: boolean;
  setIdentity: (identity: Identity | null) => void;
  signOut: () => void;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider(props: {
  config: AppConfig;
  initialIdentity: Identity | null;
  auth?: Auth;
  onUnauthorized?: () => void;
  children: ReactNode;
}) {
  const [identity, setIdentity] = useState<Identity | null>(props.initialIdentity);
  const authRef = useRef<Auth>(props.auth ?? new Auth(props.config));
  const unauthorized = useRef(props.onUnauthorized);
  unauthorized.current = props.onUnauthorized;

  const api = useMemo(
    () =>
      createApi(
        props.config.apiUrl,
        async () => (await authRef.current.current())?.accessToken ?? null,
        () => unauthorized.current?.(),
      ),
    [props.config.apiUrl],
  );
  const signOut = useCallback(() => {
    authRef.current.signOut();
    setIdentity(null);
  }, []);
  const value = useMemo<Session>(
    () => ({
      config: props.config,
      api,
      auth: authRef.current,
      identity,
      isSeller: identity?.groups.includes("sellers") ?? false,
      isAdmin: identity?.groups.includes("admins") ?? false,
      setIdentity,
      signOut,
    }),
    [props.config, api, identity, signOut],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
