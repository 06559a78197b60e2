import { AppError } from '../errors';

/**
 * A service's own access token for its calls to other services (issue 9: "service-to-service calls use client
 * credentials"). `ClientCredentials` runs the OAuth2 client_credentials grant against the issuer's token endpoint —
 * given, or the `token_endpoint` of `<issuer>/.well-known/openid-configuration` — caches the token, renews it a minute
 * before it expires, and lets one request run at a time however many callers ask at once. The secret never leaves
 * this file except in the Basic header to the token endpoint, and is never logged.
 */
export interface TokenProvider {
  /** A valid access token (cached until a minute before it expires). Fails with AUTH_CLIENT_CREDENTIALS_FAILED. */
  token(): Promise<string>;
  /** Forgets `token` if it is the cached one (a callee refused it with 401): the next `token()` asks the issuer again. */
  invalidate(token: string): void;
}

export interface ClientCredentialsConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The token endpoint; when absent, found by OIDC discovery on `issuer`. */
  readonly tokenUrl?: string;
  /** The issuer URL, for discovery when `tokenUrl` is absent. */
  readonly issuer?: string;
  /** `scope` of the grant (VIGIE_AUTH_SCOPE); Vigie's issuer gives service clients `vigie.service`. */
  readonly scope?: string;
  /** Seconds before `expires_in` runs out at which the token is renewed (default 60). */
  readonly renewBeforeSeconds?: number;
  /** Timeout of one request to the issuer (default 5000 ms). */
  readonly timeoutMs?: number;
}

export const DEFAULT_SERVICE_SCOPE = 'vigie.service';
const DISCOVERY_PATH = '/.well-known/openid-configuration';

function failed(clientId: string, reason: string): AppError {
  return new AppError('AUTH_CLIENT_CREDENTIALS_FAILED', `client_credentials for ${clientId} failed: ${reason}`, { clientId });
}

export class ClientCredentials implements TokenProvider {
  #cached: { token: string; renewAt: number } | null = null;
  #pending: Promise<string> | null = null;
  #tokenUrl: Promise<string> | null = null;

  constructor(private readonly config: ClientCredentialsConfig) {
    if (!config.tokenUrl && !config.issuer) throw new Error('ClientCredentials needs a tokenUrl or an issuer to discover it from');
  }

  get clientId(): string {
    return this.config.clientId;
  }

  async token(): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.renewAt) return this.#cached.token;
    return (this.#pending ??= this.fetchToken().finally(() => (this.#pending = null)));
  }

  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = null;
  }

  /** Discovery runs once; a failed discovery is retried on the next call rather than cached. */
  private tokenUrl(): Promise<string> {
    if (this.config.tokenUrl) return Promise.resolve(this.config.tokenUrl);
    if (this.#tokenUrl === null) {
      const pending = this.discover();
      pending.catch(() => {
        if (this.#tokenUrl === pending) this.#tokenUrl = null;
      });
      this.#tokenUrl = pending;
    }
    return this.#tokenUrl;
  }

  private async discover(): Promise<string> {
    const url = this.config.issuer!.replace(/\/+$/, '') + DISCOVERY_PATH;
    let doc: { token_endpoint?: unknown } | null;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      doc = (await res.json()) as { token_endpoint?: unknown } | null;
    } catch (err) {
      throw failed(this.config.clientId, `OIDC discovery ${url}: ${reasonOf(err)}`);
    }
    if (typeof doc?.token_endpoint !== 'string') throw failed(this.config.clientId, `OIDC discovery ${url} has no token_endpoint`);
    return doc.token_endpoint;
  }

  private get timeoutMs(): number {
    return this.config.timeoutMs ?? 5_000;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret } = this.config;
    const tokenUrl = await this.tokenUrl();
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    let res: Response;
    let body: TokenResponse | null;
    try {
      res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: this.config.scope ?? DEFAULT_SERVICE_SCOPE }).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = (await res.json().catch(() => null)) as TokenResponse | null;
    } catch (err) {
      throw failed(clientId, `${tokenUrl}: ${reasonOf(err)}`);
    }
    if (!res.ok || typeof body?.access_token !== 'string' || body.access_token === '') {
      const error = typeof body?.error === 'string' ? ` ${body.error}` : '';
      throw failed(clientId, `${tokenUrl} answered HTTP ${res.status}${error}`);
    }
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    // Renewed a minute early, but never sooner than halfway through a short-lived token's life.
    const early = Math.min(this.config.renewBeforeSeconds ?? 60, lifetime / 2);
    this.#cached = { token: body.access_token, renewAt: Date.now() + (lifetime - early) * 1000 };
    return body.access_token;
  }
}

/** The token endpoint's answer (RFC 6749 §5.1, §5.2), unchecked. */
interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

function reasonOf(err: unknown): string {
  const e = err as Error & { cause?: { code?: string } };
  return e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? e.message);
}

/**
 * The service's provider from the environment: VIGIE_AUTH_CLIENT_ID and VIGIE_AUTH_CLIENT_SECRET (both, or neither:
 * null), the token endpoint from VIGIE_AUTH_TOKEN_URL or else by discovery on VIGIE_AUTH_ISSUER, VIGIE_AUTH_SCOPE.
 */
export function tokenProviderFromEnv(env: NodeJS.ProcessEnv = process.env): ClientCredentials | null {
  const clientId = env.VIGIE_AUTH_CLIENT_ID?.trim();
  const clientSecret = env.VIGIE_AUTH_CLIENT_SECRET?.trim();
  if (!clientId && !clientSecret) return null;
  if (!clientId || !clientSecret) throw new Error('VIGIE_AUTH_CLIENT_ID and VIGIE_AUTH_CLIENT_SECRET go together: set both or neither');
  const tokenUrl = env.VIGIE_AUTH_TOKEN_URL?.trim() || undefined;
  const issuer = env.VIGIE_AUTH_ISSUER?.trim() || undefined;
  if (!tokenUrl && !issuer)
    throw new Error('VIGIE_AUTH_CLIENT_ID needs VIGIE_AUTH_TOKEN_URL or VIGIE_AUTH_ISSUER (to discover the token endpoint)');
  const scope = env.VIGIE_AUTH_SCOPE?.trim() || undefined;
  return new ClientCredentials({
    clientId,
    clientSecret,
    ...(tokenUrl ? { tokenUrl } : {}),
    ...(issuer ? { issuer } : {}),
    ...(scope ? { scope } : {}),
  });
}

/**
 * `fetch` with the provider's bearer token (none when `provider` is null). A 401 from the callee — a token revoked,
 * or signed with a key the issuer has since rotated — drops the cached token and retries once with a fresh one.
 * A caller's own Authorization header is left as it is. Only for requests whose body can be sent twice (no streams).
 */
export async function fetchWithToken(
  provider: TokenProvider | null | undefined,
  url: string | URL,
  init: RequestInit = {},
): Promise<Response> {
  if (!provider || new Headers(init.headers).has('authorization')) return fetch(url, init);
  const attempt = async (): Promise<{ res: Response; token: string }> => {
    const token = await provider.token();
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return { res: await fetch(url, { ...init, headers }), token };
  };
  const first = await attempt();
  if (first.res.status !== 401) return first.res;
  await first.res.body?.cancel();
  provider.invalidate(first.token);
  return (await attempt()).res;
}
