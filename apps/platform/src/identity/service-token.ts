/**
 * Service-to-service calls with client credentials. `ClientCredentials` fetches and caches a `vigie.service` access
 * token (renewed a minute before it expires). `authenticateInternalCalls` is the embedded profile's bridge: the
 * services' own HTTP clients (asset catalog, feature fetches, health polls, gateway) do not yet take a token
 * provider, and in one process there is no telling which service calls, so the platform wraps `fetch` to add its
 * own `vigie-platform` token to requests to its services' origins that carry no Authorization header (a forwarded
 * user token is left as it is). Other hosts never see the token.
 */
export class ClientCredentials {
  #cached: { token: string; renewAt: number } | null = null;
  #pending: Promise<string> | null = null;

  constructor(
    private readonly tokenEndpoint: string,
    private readonly clientId: string,
    private readonly secret: string,
    private readonly scope = 'vigie.service',
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
  ) {}

  async token(): Promise<string> {
    if (this.#cached && Date.now() < this.#cached.renewAt) return this.#cached.token;
    return (this.#pending ??= this.fetchToken().finally(() => (this.#pending = null)));
  }

  private async fetchToken(): Promise<string> {
    const res = await this.fetchImpl(this.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: this.scope }).toString(),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !body.access_token)
      throw new Error(`client_credentials for ${this.clientId} failed: HTTP ${res.status} ${body.error ?? ''}`);
    this.#cached = { token: body.access_token, renewAt: Date.now() + Math.max(10, (body.expires_in ?? 60) - 60) * 1000 };
    return body.access_token;
  }
}

/** Wraps globalThis.fetch (see above); returns the function that puts the original back. */
export function authenticateInternalCalls(origins: ReadonlySet<string>, credentials: ClientCredentials): () => void {
  const original = globalThis.fetch;
  const wrapped: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const origin = URL.parse(url)?.origin;
    if (origin === undefined || !origins.has(origin)) return original(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (headers.has('authorization')) return original(input, init);
    headers.set('authorization', `Bearer ${await credentials.token()}`);
    return original(input, { ...init, headers });
  };
  globalThis.fetch = wrapped;
  return () => {
    if (globalThis.fetch === wrapped) globalThis.fetch = original;
  };
}
