/**
 * Cognito sign-up, confirmation, sign-in, refresh and sign-out through amazon-cognito-identity-js.
 * The library keeps the tokens (localStorage) and refreshes them; nothing here parses a JWT by hand.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import type { AppConfig } from "./config";

export type Identity = { email: string; groups: string[]; accessToken: string };

export class AuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Cognito's error codes, told the way a shopper would want to hear them. */
function humanError(error: unknown): AuthError {
  const code = (error as { code?: string; name?: string })?.code ?? (error as Error)?.name ?? "Unknown";
  const raw = (error as Error)?.message ?? String(error);
  const messages: Record<string, string> = {
    NotAuthorizedException: "Wrong email or password.",
    UserNotFoundException: "Wrong email or password.",
    UserNotConfirmedException: "This account is not confirmed yet: enter the code we emailed you.",
    UsernameExistsException: "An account with this email already exists. Sign in instead.",
    CodeMismatchException: "That confirmation code is not right. Check the email and try again.",
    ExpiredCodeException: "That confirmation code has expired. Ask for a new one.",
    InvalidPasswordException: `The password is too weak: ${raw.replace(/^.*?:\s*/, "")}`,
    LimitExceededException: "Too many attempts. Wait a little and try again.",
    NetworkError: "Could not reach the sign-in service. Check your connection.",
  };
  return new AuthError(code, messages[code] ?? raw);
}

export class Auth {
  private readonly pool: CognitoUserPool;

  constructor(private readonly config: AppConfig) {
    this.pool = new CognitoUserPool({
      UserPoolId: config.userPoolId,
      ClientId: config.userPoolClientId,
      endpoint: config.cognitoEndpoint,
    });
  }

  private user(email: string): CognitoUser {
    const user = new CognitoUser({ Username: email, Pool: this.pool });
    if (this.config.authFlow === "USER_PASSWORD_AUTH") user.setAuthenticationFlowType("USER_PASSWORD_AUTH");
    return user;
  }

  signUp(email: string, password: string): Promise<void> {
    const attributes = [new CognitoUserAttribute({ Name: "email", Value: email })];
    return new Promise((resolve, reject) =>
      this.pool.signUp(email, password, attributes, [], (error) =>
        error ? reject(humanError(error)) : resolve(),
      ),
    );
  }

  confirm(email: string, code: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.user(email).confirmRegistration(code, true, (error) =>
        error ? reject(humanError(error)) : resolve(),
      ),
    );
  }

  resendCode(email: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.user(email).resendConfirmationCode((error) => (error ? reject(humanError(error)) : resolve())),
    );
  }

  signIn(email: string, password: string): Promise<Identity> {
    const user = this.user(email);
    const details = new AuthenticationDetails({ Username: email, Password: password });
    return new Promise((resolve, reject) =>
      user.authenticateUser(details, {
        onSuccess: (session) => resolve(identityOf(session)),
        onFailure: (error) => reject(humanError(error)),
        newPasswordRequired: () =>
          reject(new AuthError("NewPasswordRequired", "This account needs a new password.")),
      }),
    );
  }

  /** The signed-in identity, refreshed by the library when the access token has expired; null if none. */
  current(): Promise<Identity | null> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve(null);
    return new Promise((resolve) =>
      user.getSession((error: Error | null, session: CognitoUserSession | null) =>
        resolve(error || !session?.isValid() ? null : identityOf(session)),
      ),
    );
  }

  /** New tokens now (e.g. after opening a store, so they carry the `sellers` group). */
  refresh(): Promise<Identity> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.reject(new AuthError("NotSignedIn", "You are not signed in."));
    return new Promise((resolve, reject) =>
      user.getSession((error: Error | null, session: CognitoUserSession | null) => {
        if (error || !session) return reject(humanError(error));
        user.refreshSession(session.getRefreshToken(), (refreshError, fresh: CognitoUserSession) =>
          refreshError ? reject(humanError(refreshError)) : resolve(identityOf(fresh)),
        );
      }),
    );
  }

  signOut(): void {
    this.pool.getCurrentUser()?.signOut();
  }
}

function identityOf(session: CognitoUserSession): Identity {
  const access = session.getAccessToken();
  const claims = access.decodePayload();
  const idClaims = session.getIdToken().decodePayload();
  return {
    email: String(idClaims.email ?? claims.username ?? ""),
    groups: Array.isArray(claims["cognito:groups"]) ? claims["cognito:groups"].map(String) : [],
    accessToken: access.getJwtToken(),
  };
}
