import type { Database } from '@vigie/service-kit';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import {
  API_AUDIENCE,
  API_RESOURCE,
  clientRoles,
  isFirstParty,
  isServiceClient,
  SERVICE_ROLE,
  SERVICE_SCOPE,
  USER_API_SCOPE,
} from './clients';
import type { SigningJwk } from './keys';
import { DatabaseOidcAdapter } from './oidc-adapter';
import { errorPage, loggedOutPage, logoutPage, PAGE_HEADERS, pickLang } from './pages';
import type { UserRepository } from './users';

/** Lifetimes, in seconds. Access tokens are short; the dashboard renews them with a refresh token tied to the session. */
export const TTL = {
  AccessToken: 15 * 60,
  ClientCredentials: 15 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  Interaction: 60 * 60,
  Session: 10 * 60 * 60,
  RefreshToken: 10 * 60 * 60,
  Grant: 10 * 60 * 60,
} as const;

export interface ProviderOptions {
  readonly issuerUrl: string;
  readonly db: Database;
  readonly users: UserRepository;
  readonly signingKeys: readonly SigningJwk[];
  readonly cookieKeys: readonly string[];
  readonly clients: readonly Record<string, unknown>[];
}

function setHtml(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.body = html;
  const headers = (ctx as unknown as { set(field: Record<string, string>): void }).set;
  headers.call(ctx, { ...PAGE_HEADERS });
}

const langOf = (ctx: KoaContextWithOIDC) => pickLang((ctx as unknown as { get(h: string): string }).get('accept-language'));

/**
 * oidc-provider configured for Vigie: JWT access tokens (ES256) for the resource `vigie-api` carrying `roles` and
 * `scope`; PKCE required; consent implied for first-party clients; state in the platform's database.
 */
export function createProvider(o: ProviderOptions): Provider {
  const provider: Provider = new Provider(o.issuerUrl, {
    adapter: DatabaseOidcAdapter.factory(o.db),
    clients: o.clients,
    jwks: { keys: o.signingKeys },
    cookies: { keys: o.cookieKeys, long: { httpOnly: true, sameSite: 'lax' }, short: { httpOnly: true, sameSite: 'lax' } },
    ttl: TTL,
    pkce: { required: () => true },
    // OIDC scopes only: the API's scopes (vigie.api, vigie.service) are resource scopes, given per client by getResourceServerInfo.
    scopes: ['openid', 'offline_access', 'profile'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'roles'] },
    conformIdTokenClaims: false, // the ID token names the user and its roles (the dashboard's user menu)
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const user = await o.users.find(sub);
      if (!user) return undefined;
      return {
        accountId: user.name,
        claims: async () => ({ sub: user.name, name: user.name, preferred_username: user.name, roles: [...user.roles] }),
      };
    },
    /** First-party clients: the grant covers what Vigie's clients ask for, without a consent page. */
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await provider.Grant.find(grantId) : undefined;
      if (!isFirstParty(client.clientId)) return existing;
      const grant = existing ?? new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addResourceScope(API_RESOURCE, USER_API_SCOPE);
      await grant.save();
      return grant;
    },
    async extraTokenClaims(_ctx: unknown, token: { kind: string; accountId?: string; clientId?: string }) {
      if (token.kind === 'ClientCredentials') return { roles: token.clientId ? clientRoles(token.clientId) : [SERVICE_ROLE] };
      if (token.kind === 'AccessToken' && token.accountId) {
        const user = await o.users.find(token.accountId);
        return { roles: user ? [...user.roles] : [] };
      }
      return undefined;
    },
    // Refresh tokens for the dashboard's silent renewal, living as long as the sign-in session (no offline_access needed).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      origin !== 'null' && client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => setHtml(ctx, logoutPage(langOf(ctx), form)),
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => setHtml(ctx, loggedOutPage(langOf(ctx))),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string, client: { clientId: string }) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget(`unknown resource ${indicator}`);
          return {
            scope: isServiceClient(client.clientId) ? SERVICE_SCOPE : USER_API_SCOPE,
            audience: API_AUDIENCE,
            accessTokenTTL: TTL.AccessToken,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => {
      setHtml(ctx, errorPage(langOf(ctx), out.error, out.error_description));
    },
  });
  return provider;
}
