import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { loadAuthConfig } from './auth-config';
import { CALLBACK_PATH, createUserManager, currentPath, safeReturnPath, setCurrentUser } from './session';

/** Who is signed in, and how to sign out; null when the dashboard runs without auth. */
export interface AuthSession {
  readonly userName: string;
  readonly roles: readonly string[];
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthSession | null>(null);

export function useAuth(): AuthSession | null {
  return useContext(AuthContext);
}

type GateState = { kind: 'loading' } | { kind: 'open' } | { kind: 'signed-in'; session: AuthSession } | { kind: 'error'; message: string };

function sessionOf(manager: UserManager, user: User): AuthSession {
  const profile = user.profile as { preferred_username?: string; name?: string; sub: string; roles?: unknown };
  return {
    userName: profile.preferred_username ?? profile.name ?? profile.sub,
    roles: Array.isArray(profile.roles) ? profile.roles.filter((r): r is string => typeof r === 'string') : [],
    logout: async () => {
      const idTokenHint = user.id_token;
      await manager.removeUser();
      await manager.signoutRedirect(idTokenHint ? { id_token_hint: idTokenHint } : {});
    },
  };
}

/**
 * Renders the app once the visitor is signed in, when /config.json asks for it (`auth`): otherwise (no `auth`) the
 * app renders at once, as before. Handles `/auth/callback` (code → tokens, then back to the page asked for) and sends
 * a visitor without a valid session to the issuer's sign-in page.
 */
type Resolved = { kind: 'open' } | { kind: 'signed-in'; manager: UserManager; user: User } | { kind: 'redirecting' };

/**
 * Once per page load, shared by every mount (React's StrictMode runs effects twice; a sign-in response can be
 * redeemed only once): reads the config, finishes a callback or finds the stored user, else leaves to sign in.
 */
let resolving: Promise<Resolved> | null = null;
function resolveSession(): Promise<Resolved> {
  return (resolving ??= (async (): Promise<Resolved> => {
    const config = await loadAuthConfig();
    if (config === null) return { kind: 'open' };
    const manager = createUserManager(config);
    let user: User | null;
    if (window.location.pathname === CALLBACK_PATH) {
      user = await manager.signinRedirectCallback();
      window.history.replaceState(null, '', safeReturnPath(user.state));
    } else {
      user = await manager.getUser();
      if (user?.expired) user = await manager.signinSilent().catch(() => null);
    }
    if (user === null || user.expired) {
      await manager.signinRedirect({ state: { returnTo: currentPath() } });
      return { kind: 'redirecting' }; // the browser is leaving for the sign-in page
    }
    setCurrentUser(user);
    return { kind: 'signed-in', manager, user };
  })());
}

/**
 * Renders the app once the visitor is signed in, when /config.json asks for it (`auth`): otherwise (no `auth`) the
 * app renders at once, as before. Handles `/auth/callback` (code → tokens, then back to the page asked for) and sends
 * a visitor without a valid session to the issuer's sign-in page.
 */
export function AuthGate({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    let unsubscribe = (): void => {};
    resolveSession().then(
      (resolved) => {
        if (cancelled || resolved.kind === 'redirecting') return;
        if (resolved.kind === 'open') return setState({ kind: 'open' });
        const { manager, user } = resolved;
        unsubscribe = manager.events.addUserLoaded((renewed) => setState({ kind: 'signed-in', session: sessionOf(manager, renewed) }));
        setState({ kind: 'signed-in', session: sessionOf(manager, user) });
      },
      (err: unknown) => {
        if (!cancelled) setState({ kind: 'error', message: (err as Error).message });
      },
    );
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, []);

  switch (state.kind) {
    case 'loading':
      return <div className="page-loading" role="progressbar" data-testid="auth-loading" />;
    case 'error':
      return (
        <div role="alert" data-testid="auth-error" style={{ padding: 24 }}>
          Sign-in failed / Échec de la connexion : {state.message} <a href="/">Retry / Réessayer</a>
        </div>
      );
    case 'open':
      return <>{children}</>;
    case 'signed-in':
      return <AuthContext.Provider value={state.session}>{children}</AuthContext.Provider>;
  }
}
