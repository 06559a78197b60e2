import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { setRequestHeaderProvider } from '../api/client';
import type { AuthConfig } from './auth-config';

/**
 * The signed-in session: an oidc-client-ts UserManager (authorization code + PKCE S256, tokens in sessionStorage,
 * so a closed tab forgets them) and the current access token, which the API client sends as a bearer and the
 * monitoring WebSocket as `?access_token=`. Silent renewal: oidc-client-ts renews one minute before expiry with the
 * refresh token (the issuer ties it to the sign-in session, so logging out at the issuer ends it).
 */
export const CALLBACK_PATH = '/auth/callback';
/** The API's scope; `openid profile` name the user for the user menu. */
export const SCOPES = 'openid profile vigie.api';

let current: User | null = null;

/** The bearer of the signed-in user, or null (auth off, or not signed in yet). */
export function accessToken(): string | null {
  return current && !current.expired ? current.access_token : null;
}

/** `url` with `access_token` added when a user is signed in (browsers cannot set headers on a WebSocket). */
export function withAccessToken(url: string): string {
  const token = accessToken();
  if (token === null) return url;
  const u = new URL(url);
  u.searchParams.set('access_token', token);
  return u.toString();
}

export function createUserManager(config: AuthConfig, origin = window.location.origin): UserManager {
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.scope ?? SCOPES,
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
  });
  const track = (user: User | null) => {
    current = user;
  };
  manager.events.addUserLoaded(track);
  manager.events.addUserUnloaded(() => track(null));
  manager.events.addSilentRenewError(() => {
    // The refresh token is gone (logout elsewhere, session expired): sign in again.
    void manager.removeUser().then(() => manager.signinRedirect({ state: { returnTo: currentPath() } }));
  });
  setRequestHeaderProvider((): Record<string, string> => {
    const token = accessToken();
    return token === null ? {} : { authorization: `Bearer ${token}` };
  });
  return manager;
}

export function setCurrentUser(user: User | null): void {
  current = user;
}

export function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** Only same-app paths are returned to after sign-in (never an absolute URL from the state). */
export function safeReturnPath(state: unknown): string {
  const returnTo = (state as { returnTo?: unknown } | undefined)?.returnTo;
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') && !returnTo.startsWith(CALLBACK_PATH)
    ? returnTo
    : '/';
}
